"""minigrad.amp: GradScaler and autocast as PyTorch has them without CUDA
(disabled for "cuda", with a warning; the CPU scaler scales), and the older
minigrad.cuda.amp path. The numbers are PyTorch 2.13's for the same calls."""

import warnings

import pytest
from mg_testutil import torch


def test_cuda_scaler_and_autocast_warn_and_pass_through():
    with pytest.warns(UserWarning, match="CUDA is not available"):
        scaler = torch.amp.GradScaler()
    assert not scaler.is_enabled() and scaler.get_scale() == 1.0
    loss = torch.tensor(3.0, requires_grad=True)
    assert scaler.scale(loss) is loss and scaler.state_dict() == {}
    with pytest.warns(UserWarning, match="Disabling autocast"):
        with torch.autocast("cuda"):
            y = torch.ones(2) @ torch.ones(2)
    assert y.dtype is torch.float32
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        torch.cuda.amp.GradScaler()
        with torch.cuda.amp.autocast():
            pass
    kinds = [w.category for w in caught]
    assert kinds.count(FutureWarning) == 2 and kinds.count(UserWarning) == 2


def test_cpu_scaler_scales_unscales_skips_and_adapts():
    scaler = torch.amp.GradScaler("cpu")
    p = torch.nn.Parameter(torch.tensor([1.0, 2.0]))
    opt = torch.optim.SGD([p], lr=0.1)
    scaled = scaler.scale((p * p).sum())
    assert scaled.item() == 327680.0
    scaled.backward()
    assert p.grad.tolist() == [131072.0, 262144.0]
    scaler.unscale_(opt)
    assert p.grad.tolist() == [2.0, 4.0]
    with pytest.raises(RuntimeError, match="already been called"):
        scaler.unscale_(opt)
    assert scaler.step(opt) is None
    assert p.detach().tolist() == pytest.approx([0.8, 1.6])
    scaler.update()
    assert scaler.get_scale() == 65536.0
    p.grad = torch.tensor([float("inf"), 1.0])  # an overflow: no step, scale halved
    scaler.step(opt)
    scaler.update()
    assert p.detach().tolist() == pytest.approx([0.8, 1.6])
    assert scaler.get_scale() == 32768.0
    state = scaler.state_dict()
    other = torch.amp.GradScaler("cpu")
    other.load_state_dict(state)
    assert other.get_scale() == 32768.0


def test_cpu_autocast_is_refused_and_disabled_autocast_is_plain():
    with pytest.raises(NotImplementedError, match="no mixed precision"):
        torch.autocast("cpu", dtype=torch.float16)
    with torch.autocast("cpu", enabled=False):
        assert (torch.ones(2) * 2).dtype is torch.float32


def test_backends_cuda_settings_are_kept():
    assert torch.backends.cuda.is_built() is False
    before = torch.backends.cuda.matmul.allow_tf32
    torch.backends.cuda.matmul.allow_tf32 = True
    assert torch.backends.cuda.matmul.allow_tf32 is True
    torch.backends.cuda.matmul.allow_tf32 = before
