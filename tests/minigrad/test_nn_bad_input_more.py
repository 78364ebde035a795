"""Bad input to `nn` that used to be accepted, or refused with the wrong
exception, and valid input that used to be refused.

Each case was checked against PyTorch 2.13: the same value, or the same
exception type with PyTorch's message (minigrad may add a hint after it).
"""

import numpy as np
import pytest
from mg_testutil import assert_close, minigrad_only, to_np, torch

nn = torch.nn
F = torch.nn.functional

# ----- batch norm: running statistics, eps, an empty batch ---------------------------


def test_batch_norm_in_evaluation_mode_needs_the_running_statistics():
    x = torch.arange(4.0).view(2, 2)
    with pytest.raises(
        RuntimeError, match="running_mean must be defined in evaluation"
    ):
        F.batch_norm(x, None, None, training=False)
    with pytest.raises(RuntimeError, match="running_var must be defined in evaluation"):
        F.batch_norm(x, torch.zeros(2), None, training=False)
    with pytest.raises(ValueError, match="either both be None or neither be None"):
        F.batch_norm(x, None, torch.ones(2), training=True)


@pytest.mark.parametrize("eps", [-1, 0])
def test_batch_norm_eps_must_be_positive_when_training(eps):
    x = torch.tensor([[0.0, 0.0], [1.0, 1.0]])
    message = f"batch_norm eps must be positive during training, but got {eps}"
    with pytest.raises(ValueError, match=message):
        nn.BatchNorm1d(2, eps=eps)(x)
    with pytest.raises(ValueError, match=message):
        nn.BatchNorm2d(2, eps=eps)(x.view(2, 2, 1, 1))


def test_batch_norm_eps_must_be_non_negative_in_evaluation():
    x = torch.tensor([[0.0, 0.0], [1.0, 1.0]])
    with pytest.raises(ValueError, match="eps must be non-negative, but got -1"):
        nn.BatchNorm1d(2, eps=-1).eval()(x)
    out = F.batch_norm(x, torch.zeros(2), torch.ones(2), training=False, eps=0)
    assert_close(to_np(out), to_np(x))


# (numpy's warning from ops/layer_norm.py; PyTorch gives nan without one)
@pytest.mark.filterwarnings("ignore:invalid value encountered in sqrt")
def test_other_norms_with_a_negative_eps_give_nan_as_pytorch():
    x = torch.tensor([[0.0, 0.0], [1.0, 1.0]])
    assert np.isnan(to_np(F.layer_norm(x, (2,), eps=-1))).all()
    assert np.isnan(to_np(F.group_norm(x, 1, eps=-1))).all()


def test_batch_norm_of_an_empty_batch_is_empty_and_keeps_the_statistics():
    bn = nn.BatchNorm1d(2)
    x = torch.ones(0, 2, requires_grad=True)
    out = bn(x)
    assert tuple(out.shape) == (0, 2)
    out.sum().backward()
    assert tuple(x.grad.shape) == (0, 2)
    assert_close(to_np(bn.weight.grad), np.zeros(2))
    assert_close(to_np(bn.running_mean), np.zeros(2))
    assert_close(to_np(bn.running_var), np.ones(2))
    assert int(bn.num_batches_tracked) == 1
    assert tuple(nn.BatchNorm2d(2)(torch.ones(0, 2, 3, 3)).shape) == (0, 2, 3, 3)
    assert tuple(bn.eval()(torch.ones(0, 2)).shape) == (0, 2)
    with pytest.raises(ValueError, match="Expected more than 1 value per channel"):
        nn.BatchNorm1d(2)(torch.ones(1, 2))


# ----- activations: bool inputs, Hardtanh's bounds ----------------------------------


def test_relu_and_hardtanh_refuse_bool_inputs():
    flags = torch.tensor([True, False])
    with pytest.raises(RuntimeError, match="Boolean inputs not supported for relu"):
        F.relu(flags)
    with pytest.raises(RuntimeError, match="Boolean inputs not supported for relu"):
        nn.ReLU(inplace=True)(flags)
    for other_way in (torch.relu, torch.Tensor.relu, torch.Tensor.relu_):
        with pytest.raises(RuntimeError, match="Boolean inputs not supported"):
            other_way(flags)
    for layer in (nn.ReLU6(), nn.Hardtanh()):
        with pytest.raises(
            RuntimeError, match="Bool inputs not supported for hardtanh"
        ):
            layer(flags)
    with pytest.raises(NotImplementedError, match='threshold_cpu" not implemented'):
        F.threshold(flags, 0.0, 0.0)
    assert to_np(flags).tolist() == [True, False]  # (left as it was)
    assert to_np(F.relu(torch.tensor([-1, 2]))).tolist() == [0, 2]  # (ints are fine)


@pytest.mark.parametrize("bounds", [(1, -1), (1, 1)])
def test_hardtanh_max_must_be_greater_than_min(bounds):
    with pytest.raises(AssertionError, match=r"max_val \(.*\) must be greater than"):
        nn.Hardtanh(*bounds)


# ----- nn.init: integer tensors, bounds, values -------------------------------------

_NORMAL = ["normal_", "xavier_normal_", "kaiming_normal_", "orthogonal_"]
_UNIFORM = ["uniform_", "xavier_uniform_", "kaiming_uniform_"]


@pytest.mark.parametrize("name", _NORMAL + _UNIFORM)
@pytest.mark.parametrize("dtype", ["int64", "int32", "uint8", "bool"])
def test_random_inits_refuse_integer_and_bool_tensors(name, dtype):
    t = torch.ones(2, 2, dtype=getattr(torch, dtype))
    kernel = "normal_kernel_cpu" if name in _NORMAL else "check_uniform_bounds"
    with pytest.raises(NotImplementedError, match=f'"{kernel}" not implemented for'):
        getattr(nn.init, name)(t)
    assert to_np(t).tolist() == to_np(torch.ones(2, 2, dtype=t.dtype)).tolist()


def test_inits_refuse_a_negative_std_and_reversed_bounds():
    t = torch.ones(2)
    with pytest.raises(
        RuntimeError, match="normal expects std >= 0.0, but found std -1"
    ):
        nn.init.normal_(t, 0, -1)
    with pytest.raises(RuntimeError, match=r"expects to return a \[from, to\) range"):
        nn.init.uniform_(t, 1, 0)
    with pytest.raises(RuntimeError, match="normal expects std >= 0.0"):
        nn.init.xavier_normal_(torch.ones(2, 2), gain=-1)
    assert to_np(t).tolist() == [1.0, 1.0]  # (left as it was)
    assert to_np(nn.init.uniform_(t, 1, 1)).tolist() == [1.0, 1.0]
    assert to_np(nn.init.normal_(t, 0, 0)).tolist() == [0.0, 0.0]


def test_constant_init_takes_a_number():
    t = torch.ones(2)
    for bad in ("a", None):
        with pytest.raises(TypeError):
            nn.init.constant_(t, bad)
    assert to_np(t).tolist() == [1.0, 1.0]
    assert to_np(nn.init.constant_(t, torch.tensor(3.0))).tolist() == [3.0, 3.0]
    assert to_np(nn.init.constant_(torch.ones(2, dtype=torch.int64), 0.5)).tolist() == [
        0,
        0,
    ]


# ----- Parameter and Embedding -------------------------------------------------------


@pytest.mark.parametrize("data", [[1.0, 2.0], np.ones(2), 1.0])
def test_parameter_takes_a_tensor(data):
    with pytest.raises(AttributeError, match="object has no attribute 'detach'"):
        nn.Parameter(data)


def test_embedding_weight_must_have_the_table_shape():
    with pytest.raises(AssertionError, match="Shape of weight does not match"):
        nn.Embedding(3, 2, _weight=torch.ones(2, 2))
    assert tuple(nn.Embedding(3, 2, _weight=torch.ones(3, 2)).weight.shape) == (3, 2)


@pytest.mark.parametrize("padding_idx", [3, 5, -4])
def test_embedding_padding_idx_must_be_a_row(padding_idx):
    with pytest.raises(
        AssertionError, match="Padding_idx must be within num_embeddings"
    ):
        F.embedding(torch.tensor([0]), torch.ones(3, 2), padding_idx=padding_idx)


def test_embedding_padding_idx_may_count_from_the_end():
    out = F.embedding(torch.tensor([0]), torch.ones(3, 2), padding_idx=-3)
    assert_close(to_np(out), np.ones((1, 2)))


@pytest.mark.parametrize("indices", [np.array([0, 1]), [0, 1]])
def test_embedding_indices_must_be_a_tensor(indices):
    with pytest.raises(TypeError, match="argument 'indices' .*must be Tensor"):
        nn.Embedding(3, 2)(indices)


# ----- layers called on a numpy array or a list --------------------------------------


@pytest.mark.parametrize(
    "layer, shape",
    [
        (lambda: nn.Conv1d(1, 1, 1), (1, 1, 2)),
        (lambda: nn.Conv2d(1, 1, 1), (1, 1, 2, 2)),
        (lambda: nn.ConvTranspose1d(1, 1, 1), (1, 1, 2)),
        (lambda: nn.ConvTranspose2d(1, 1, 1), (1, 1, 2, 2)),
        (lambda: nn.Linear(2, 1), (1, 2)),
        # (PyTorch's AttributeError: 'numpy.ndarray' object has no attribute 'dim')
        pytest.param(lambda: nn.BatchNorm1d(2), (2, 2), marks=minigrad_only),
        (lambda: nn.Sigmoid(), (2,)),
        (lambda: nn.Tanh(), (2,)),
        (lambda: nn.Dropout(), (2,)),
    ],
)
def test_layers_name_a_numpy_input(layer, shape):
    array = np.ones(shape, dtype=np.float32)
    with pytest.raises(TypeError, match="numpy.ndarray"):
        layer()(array)
    with pytest.raises(TypeError, match="list"):
        layer()(array.tolist())


def test_losses_name_a_numpy_input():
    with pytest.raises(TypeError, match="numpy.ndarray"):
        nn.CrossEntropyLoss()(np.ones((1, 2), dtype=np.float32), torch.tensor([0]))
    with pytest.raises(TypeError):
        nn.MSELoss()(np.ones(2, dtype=np.float32), torch.ones(2))


# ----- Linear on a 0-d input ---------------------------------------------------------


def test_linear_refuses_a_0d_input_naming_it():
    message = "both arguments to linear need to be at least 1D, but they are 0D and 2D"
    with pytest.raises(RuntimeError, match=message):
        nn.Linear(1, 2)(torch.tensor(1.0))
    with pytest.raises(RuntimeError, match="they are 1D and 0D"):
        F.linear(torch.ones(2), torch.tensor(1.0))
    assert tuple(nn.Linear(1, 2)(torch.tensor([1.0])).shape) == (2,)
    with pytest.raises(RuntimeError, match=r"cannot be multiplied \(4x2 and 3x2\)"):
        nn.Linear(3, 2)(torch.ones(4, 2))


# ----- cross_entropy: one sample, label smoothing ------------------------------------


def test_cross_entropy_of_one_sample_takes_a_target_of_size_one():
    logits = torch.tensor([1.0, 2.0, 3.0])
    expected = -np.log(np.exp(3.0) / np.exp([1.0, 2.0, 3.0]).sum())
    for target in (torch.tensor([2]), torch.tensor(2)):
        loss = F.cross_entropy(logits, target)
        assert tuple(loss.shape) == ()
        assert_close(to_np(loss), expected)
    none = F.cross_entropy(logits, torch.tensor([2]), reduction="none")
    assert tuple(none.shape) == ()
    assert_close(to_np(F.nll_loss(logits, torch.tensor([2]))), -3.0)
    with pytest.raises(ValueError, match="1D target must have size 1, but got .* 2"):
        F.cross_entropy(logits, torch.tensor([2, 1]))


def test_cross_entropy_reads_a_negative_label_smoothing_as_none():
    logits, target = torch.tensor([[1.0, 2.0, 3.0]]), torch.tensor([2])
    plain = to_np(F.cross_entropy(logits, target))
    assert_close(to_np(F.cross_entropy(logits, target, label_smoothing=-0.1)), plain)
    probs = torch.tensor([[0.0, 0.0, 1.0]])
    assert_close(to_np(F.cross_entropy(logits, probs, label_smoothing=-0.1)), plain)
    with pytest.raises(
        RuntimeError, match="label_smoothing must be between 0.0 and 1.0"
    ):
        F.cross_entropy(logits, target, label_smoothing=1.1)


# ----- BatchNorm's running statistics: used in eval whenever they exist ---------------


def test_eval_uses_running_statistics_even_after_tracking_is_turned_off():
    bn = nn.BatchNorm1d(1)
    with torch.no_grad():
        bn.running_mean.fill_(10.0)
    bn.track_running_stats = False
    bn.eval()
    out = bn(torch.tensor([[1.0], [3.0]]))
    assert_close(to_np(out).ravel(), np.array([-9.0, -7.0]), atol=1e-4)


def test_eval_without_running_statistics_uses_the_batch():
    bn = nn.BatchNorm1d(1)
    bn.running_mean = bn.running_var = None
    bn.eval()
    out = bn(torch.tensor([[1.0], [3.0]]))
    assert_close(to_np(out).ravel(), np.array([-1.0, 1.0]), atol=1e-4)


def test_a_state_dict_without_the_step_counter_loads():
    bn = nn.BatchNorm1d(2)
    state = {
        "weight": torch.full((2,), 2.0),
        "bias": torch.zeros(2),
        "running_mean": torch.ones(2),
        "running_var": torch.ones(2),
    }
    result = bn.load_state_dict(state)
    assert list(result.missing_keys) == [] and list(result.unexpected_keys) == []
    assert to_np(bn.weight).tolist() == [2.0, 2.0]
    assert bn.num_batches_tracked.item() == 0


@minigrad_only  # (PyTorch copies the keys it has before it raises)
def test_a_failed_load_state_dict_changes_nothing():
    m = nn.Linear(2, 1)
    before = to_np(m.weight).copy()
    with pytest.raises(RuntimeError, match="Missing key"):
        m.load_state_dict({"weight": torch.ones(1, 2)})
    assert (to_np(m.weight) == before).all()
