"""Devices: `minigrad.device`, `device=` on every factory, `Tensor.to(device)`,
`minigrad.cuda`. minigrad has only the CPU; what PyTorch 2.13 (CPU build)
prints and raises was read off PyTorch itself.
"""

import numpy as np
import pytest
from mg_testutil import PREFIX, torch

nn = torch.nn

UNKNOWN_DEVICE = (
    "Expected one of cpu, cuda, .* device type at start of device string: foo"
)


def test_a_cpu_device_prints_as_pytorch_prints_it():
    d = torch.device("cpu")
    assert str(d) == "cpu"
    assert repr(d) == "device(type='cpu')"
    assert d.type == "cpu" and d.index is None
    assert repr(torch.device("cpu:0")) == "device(type='cpu', index=0)"
    assert str(torch.device("cpu", 0)) == "cpu:0"
    assert torch.device(torch.device("cpu")) == d
    assert torch.device("cpu") != torch.device("cpu:0")


def test_a_cuda_device_can_be_named_but_not_used():
    assert repr(torch.device("cuda")) == "device(type='cuda')"
    assert torch.cuda.is_available() is False
    assert torch.cuda.device_count() == 0


def test_the_usual_device_choice_picks_the_cpu_and_runs():
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    x = torch.ones(2, 3, device=device)
    assert x.device == device
    assert str(x.device) == "cpu"
    assert x.to(device) is x


FACTORIES = {
    "tensor": lambda d: torch.tensor([1.0, 2.0], device=d),
    "as_tensor": lambda d: torch.as_tensor([1.0, 2.0], device=d),
    "zeros": lambda d: torch.zeros(2, device=d),
    "ones": lambda d: torch.ones(2, device=d),
    "empty": lambda d: torch.empty(2, device=d),
    "full": lambda d: torch.full((2,), 3.0, device=d),
    "eye": lambda d: torch.eye(2, device=d),
    "arange": lambda d: torch.arange(3, device=d),
    "linspace": lambda d: torch.linspace(0, 1, 3, device=d),
    "rand": lambda d: torch.rand(2, device=d),
    "randn": lambda d: torch.randn(2, device=d),
    "randint": lambda d: torch.randint(0, 5, (2,), device=d),
    "randperm": lambda d: torch.randperm(3, device=d),
    "normal": lambda d: torch.normal(0.0, 1.0, size=(2,), device=d),
    "zeros_like": lambda d: torch.zeros_like(torch.ones(2), device=d),
    "ones_like": lambda d: torch.ones_like(torch.ones(2), device=d),
    "empty_like": lambda d: torch.empty_like(torch.ones(2), device=d),
    "full_like": lambda d: torch.full_like(torch.ones(2), 7.0, device=d),
    "rand_like": lambda d: torch.rand_like(torch.ones(2), device=d),
    "randn_like": lambda d: torch.randn_like(torch.ones(2), device=d),
}


@pytest.mark.parametrize("name", sorted(FACTORIES))
def test_every_factory_takes_a_cpu_device(name):
    for device in ("cpu", torch.device("cpu"), None):
        assert FACTORIES[name](device).device == torch.device("cpu")


@pytest.mark.parametrize("name", sorted(FACTORIES))
def test_every_factory_refuses_cuda_as_pytorch_without_cuda(name):
    with pytest.raises(AssertionError, match="compiled with CUDA enabled"):
        FACTORIES[name]("cuda")


@pytest.mark.parametrize("name", sorted(FACTORIES))
def test_every_factory_refuses_an_unknown_device(name):
    with pytest.raises(RuntimeError, match=UNKNOWN_DEVICE):
        FACTORIES[name]("foo")


# Every layer that takes `device=`, built with its smallest arguments.
LAYERS = {
    "BatchNorm1d": lambda d: nn.BatchNorm1d(3, device=d),
    "BatchNorm2d": lambda d: nn.BatchNorm2d(3, device=d),
    "Bilinear": lambda d: nn.Bilinear(2, 3, 4, device=d),
    "Conv1d": lambda d: nn.Conv1d(2, 3, 3, device=d),
    "Conv2d": lambda d: nn.Conv2d(2, 3, 3, device=d),
    "ConvTranspose1d": lambda d: nn.ConvTranspose1d(2, 3, 3, device=d),
    "ConvTranspose2d": lambda d: nn.ConvTranspose2d(2, 3, 3, device=d),
    "Embedding": lambda d: nn.Embedding(5, 2, device=d),
    "EmbeddingBag": lambda d: nn.EmbeddingBag(5, 2, device=d),
    "GRU": lambda d: nn.GRU(2, 3, device=d),
    "GRUCell": lambda d: nn.GRUCell(2, 3, device=d),
    "GroupNorm": lambda d: nn.GroupNorm(2, 4, device=d),
    "InstanceNorm1d": lambda d: nn.InstanceNorm1d(3, affine=True, device=d),
    "InstanceNorm2d": lambda d: nn.InstanceNorm2d(3, affine=True, device=d),
    "LSTM": lambda d: nn.LSTM(2, 3, device=d),
    "LSTMCell": lambda d: nn.LSTMCell(2, 3, device=d),
    "LayerNorm": lambda d: nn.LayerNorm(4, device=d),
    "LazyLinear": lambda d: nn.LazyLinear(3, device=d),
    "Linear": lambda d: nn.Linear(2, 3, device=d),
    "MultiheadAttention": lambda d: nn.MultiheadAttention(4, 2, device=d),
    "PReLU": lambda d: nn.PReLU(device=d),
    "RMSNorm": lambda d: nn.RMSNorm(4, device=d),
    "RNN": lambda d: nn.RNN(2, 3, device=d),
    "RNNCell": lambda d: nn.RNNCell(2, 3, device=d),
    "TransformerEncoderLayer": lambda d: nn.TransformerEncoderLayer(4, 2, device=d),
    "TransformerDecoderLayer": lambda d: nn.TransformerDecoderLayer(4, 2, device=d),
}


@pytest.mark.parametrize("name", sorted(LAYERS))
def test_every_layer_takes_a_cpu_device(name):
    # "cpu:0" too: PyTorch takes it (a check by string once refused it).
    for device in ("cpu", "cpu:0", torch.device("cpu"), None):
        layer = LAYERS[name](device)
        for p in layer.parameters():
            assert p.device == torch.device("cpu")


@pytest.mark.parametrize("name", sorted(LAYERS))
def test_every_layer_refuses_other_devices_as_pytorch_without_them(name):
    with pytest.raises(AssertionError, match="compiled with CUDA enabled"):
        LAYERS[name]("cuda")
    with pytest.raises(RuntimeError, match=UNKNOWN_DEVICE):
        LAYERS[name]("foo")


def test_the_cuda_error_says_minigrad_runs_on_the_cpu_only():
    if PREFIX == "torch":
        pytest.skip("the wording is minigrad's")
    with pytest.raises(AssertionError, match="runs on the CPU only"):
        torch.zeros(2, device="cuda")


def test_to_a_device_a_dtype_or_both():
    x = torch.tensor([1.5, -2.0])
    assert x.to("cpu") is x
    assert x.to(torch.device("cpu")) is x
    assert x.to(device="cpu") is x
    assert x.cpu() is x
    y = x.to("cpu", torch.float64)
    assert y.dtype == torch.float64
    np.testing.assert_array_equal(y.numpy(), [1.5, -2.0])
    assert x.to(torch.device("cpu"), dtype=torch.float64).dtype == torch.float64
    assert x.to(torch.float64).dtype == torch.float64
    assert x.to(torch.zeros(1, dtype=torch.int64)).dtype == torch.int64
    z = x.to("cpu", copy=True)
    assert z is not x and np.array_equal(z.numpy(), x.numpy())


def test_moving_to_cuda_fails_and_changes_nothing():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(AssertionError, match="compiled with CUDA enabled"):
        x.to("cuda")
    with pytest.raises(AssertionError, match="compiled with CUDA enabled"):
        x.cuda()
    with pytest.raises(RuntimeError, match=UNKNOWN_DEVICE):
        x.to("foo")
    assert x.device == torch.device("cpu") and x.requires_grad


def test_to_keeps_the_graph():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x.to("cpu", torch.float64)
    (y * y).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [2.0, 4.0])
    assert x.grad.dtype == torch.float32


def test_set_default_device_accepts_the_cpu():
    torch.set_default_device("cpu")
    assert torch.ones(1).device == torch.device("cpu")
    assert torch.get_default_device() == torch.device("cpu")


def test_a_tensor_is_on_the_cpu_and_not_on_cuda():
    x = torch.ones(2)
    assert x.is_cpu and not x.is_cuda


def test_modules_move_to_the_cpu_and_refuse_cuda_as_tensors_do():
    model = nn.Linear(2, 3, device=torch.device("cpu"))
    assert model.to(torch.device("cpu")) is model
    assert model.to("cpu:0", torch.float64).weight.dtype == torch.float64
    with pytest.raises(AssertionError):
        model.to("cuda")
    with pytest.raises(AssertionError):
        nn.Linear(2, 3, device="cuda")
    with pytest.raises(RuntimeError, match="Expected one of cpu"):
        model.to("gpu")
