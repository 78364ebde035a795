"""Public names that no other test touched: values as PyTorch defines them, and
gradients against central differences where the name is differentiable.

`Tensor.mT`, `element_size`, `type_as`, `amax`, `reshape_as`, `expand_as`,
`pow_`, `relu_`, `optim.lr_scheduler.ExponentialLR`, `nn.init.xavier_normal_`
and `nn.init.kaiming_normal_`.
"""

import math

import numpy as np
import pytest
from mg_testutil import assert_close, to_np, torch
from nn_testutil import check_gradients

nn = torch.nn
optim = torch.optim

RNG = np.random.default_rng(2024)


def random(*shape):
    return RNG.standard_normal(shape)


# ---------------------------------------------------------------- Tensor.mT


def test_mT_swaps_the_last_two_dimensions_of_a_batch():
    a = random(2, 3, 4)
    t = torch.tensor(a).mT
    assert tuple(t.shape) == (2, 4, 3)
    assert_close(t, np.swapaxes(a, -1, -2), rtol=0, atol=0)
    assert_close(torch.tensor(a[0]).mT, a[0].T, rtol=0, atol=0)


def test_mT_gradient():
    check_gradients(lambda x: x.mT * 2.0, random(2, 3, 4))
    check_gradients(lambda x: x.mT @ x, random(3, 2))


def test_mT_of_a_vector_says_it_needs_a_matrix():
    with pytest.raises(RuntimeError, match="only supported on matrices or batches"):
        _ = torch.ones(3).mT


# ---------------------------------------------------------------- element_size


@pytest.mark.parametrize(
    "dtype, size",
    [("float32", 4), ("float64", 8), ("int64", 8), ("bool", 1)],
)
def test_element_size_is_bytes_per_element(dtype, size):
    t = torch.zeros(3, 2, dtype=getattr(torch, dtype))
    assert t.element_size() == size
    assert t.element_size() * t.numel() == size * 6


# ---------------------------------------------------------------- type_as


def test_type_as_takes_the_other_dtype_and_keeps_the_values():
    x = torch.tensor([1.5, -2.25])
    y = x.type_as(torch.zeros(1, dtype=torch.float64))
    assert y.dtype == torch.float64
    assert_close(y, [1.5, -2.25], rtol=0, atol=0)
    assert x.type_as(torch.zeros(1)).dtype == torch.float32
    assert torch.tensor([2.7, -1.5]).type_as(
        torch.zeros(1, dtype=torch.int64)
    ).tolist() == [2, -1]


def test_type_as_sends_the_gradient_back_in_the_input_dtype():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)  # float32
    y = x.type_as(torch.zeros(1, dtype=torch.float64))
    y.backward(torch.tensor([0.5, -1.0, 2.0], dtype=torch.float64))
    assert x.grad.dtype == torch.float32
    assert_close(x.grad, [0.5, -1.0, 2.0], rtol=0, atol=0)
    other = torch.zeros(1, dtype=torch.float64)
    check_gradients(lambda t: t.type_as(other) * t, random(4))


# ---------------------------------------------------------------- amax


def test_amax_values_as_numpy():
    a = random(3, 4, 2)
    t = torch.tensor(a)
    assert_close(t.amax(), a.max(), rtol=0, atol=0)
    assert_close(t.amax(1), a.max(1), rtol=0, atol=0)
    assert_close(t.amax(-1, keepdim=True), a.max(-1, keepdims=True), rtol=0, atol=0)


def test_amax_gradient_without_ties():
    a = random(3, 4)  # distinct values: no ties
    check_gradients(lambda x: x.amax() * 3.0, a)
    check_gradients(lambda x: x.amax(0), a)
    check_gradients(lambda x: x.amax(1, keepdim=True), a)


def test_amax_of_everything_shares_the_gradient_between_ties():
    x = torch.tensor([[1.0, 3.0, 3.0], [2.0, 2.0, 0.0]], requires_grad=True)
    x.amax().backward()
    assert_close(x.grad, [[0.0, 0.5, 0.5], [0.0, 0.0, 0.0]], rtol=0, atol=0)


def test_amax_along_a_dim_shares_the_gradient_between_ties():
    x = torch.tensor([[1.0, 3.0, 3.0], [2.0, 2.0, 0.0]], requires_grad=True)
    x.amax(1).sum().backward()
    assert_close(x.grad, [[0.0, 0.5, 0.5], [0.5, 0.5, 0.0]], rtol=0, atol=0)


def test_amax_over_several_dims():
    a = random(2, 3, 4)
    assert_close(torch.tensor(a).amax((0, 2)), a.max((0, 2)), rtol=0, atol=0)


# ------------------------------------------------------- reshape_as / expand_as


def test_reshape_as_takes_the_other_shape():
    a = np.arange(6.0)
    t = torch.tensor(a).reshape_as(torch.zeros(2, 3))
    assert tuple(t.shape) == (2, 3)
    assert_close(t, a.reshape(2, 3), rtol=0, atol=0)
    other = torch.zeros(3, 2)
    check_gradients(lambda x: x.reshape_as(other) * x.reshape_as(other), random(6))


def test_reshape_as_a_shape_of_another_size_fails():
    with pytest.raises(
        RuntimeError, match=r"shape '\[4\]' is invalid for input of size 6"
    ):
        torch.zeros(6).reshape_as(torch.zeros(4))


def test_expand_as_repeats_along_size_one_dimensions():
    t = torch.tensor([[1.0], [2.0]]).expand_as(torch.zeros(2, 3))
    assert t.tolist() == [[1.0, 1.0, 1.0], [2.0, 2.0, 2.0]]
    other = torch.zeros(4, 2, 3)
    # The gradient of an expand sums over the repeated positions.
    grads = check_gradients(lambda x: x.expand_as(other) ** 2, random(2, 1))
    assert grads[0].shape == (2, 1)


def test_expand_as_a_shape_that_does_not_fit_fails():
    with pytest.raises(RuntimeError, match="expanded size of the tensor"):
        torch.tensor([1.0, 2.0]).expand_as(torch.zeros(3))


# ---------------------------------------------------------------- pow_ / relu_


def test_pow_in_place_changes_the_tensor_and_its_version():
    t = torch.tensor([1.0, -2.0, 3.0])
    before = t._version
    assert t.pow_(2) is t
    assert t.tolist() == [1.0, 4.0, 9.0]
    assert t._version == before + 1
    assert torch.tensor([2, 3]).pow_(2).tolist() == [4, 9]  # integers stay integers


def test_pow_in_place_gradient():
    def cube_in_place(x):
        y = x * 1.0  # a non-leaf: in place is recorded
        return y.pow_(3)

    check_gradients(cube_in_place, random(5))
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    assert type(cube_in_place(x).grad_fn).__name__ == "PowBackward0"


def test_relu_in_place_changes_the_tensor_and_its_version():
    t = torch.tensor([-1.0, 0.0, 2.5])
    before = t._version
    assert t.relu_() is t
    assert t.tolist() == [0.0, 0.0, 2.5]
    assert t._version == before + 1


def test_relu_in_place_gradient():
    def relu_in_place(x):
        y = x * 2.0
        return y.relu_()

    a = random(6)
    a[np.abs(a) < 0.1] = 0.5  # keep away from the kink at 0
    grads = check_gradients(relu_in_place, a)
    assert_close(grads[0] == 0, a < 0, rtol=0, atol=0)  # no gradient where x < 0
    x = torch.tensor([1.0], requires_grad=True)
    assert type(relu_in_place(x).grad_fn).__name__ == "ReluBackward0"


@pytest.mark.parametrize(
    "change", [lambda t: t.pow_(2), lambda t: t.relu_()], ids=["pow_", "relu_"]
)
def test_in_place_on_a_leaf_that_requires_grad_is_refused(change):
    x = torch.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad"):
        change(x)


def test_pow_in_place_with_a_tensor_exponent():
    t = torch.tensor([2.0, 3.0])
    assert t.pow_(torch.tensor([2.0, 1.0])).tolist() == [4.0, 3.0]


# ---------------------------------------------------------------- ExponentialLR


def test_exponential_lr_multiplies_the_rate_by_gamma_each_epoch():
    p = nn.Parameter(torch.ones(1))
    opt = optim.SGD([p], lr=0.5)
    sched = optim.lr_scheduler.ExponentialLR(opt, gamma=0.9)
    lrs = []
    for _ in range(6):
        lrs.append(opt.param_groups[0]["lr"])
        p.grad = torch.ones(1)
        opt.step()
        sched.step()
    for epoch, lr in enumerate(lrs):
        assert math.isclose(lr, 0.5 * 0.9**epoch, rel_tol=1e-12)
    assert sched.last_epoch == 6
    assert math.isclose(sched.get_last_lr()[0], 0.5 * 0.9**6, rel_tol=1e-12)
    assert sched.state_dict()["gamma"] == 0.9


def test_exponential_lr_scales_each_param_group_from_its_own_rate():
    a, b = nn.Parameter(torch.ones(1)), nn.Parameter(torch.ones(1))
    opt = optim.Adam([{"params": [a]}, {"params": [b], "lr": 1.0}], lr=0.1)
    sched = optim.lr_scheduler.ExponentialLR(opt, gamma=0.5)
    for _ in range(3):
        a.grad, b.grad = torch.ones(1), torch.ones(1)
        opt.step()
        sched.step()
    got = [g["lr"] for g in opt.param_groups]
    assert all(math.isclose(x, y) for x, y in zip(got, [0.1 / 8, 1.0 / 8]))
    assert sched.base_lrs == [0.1, 1.0]


# ---------------------------------------------------------------- nn.init


def sample_stats(t):
    values = to_np(t).ravel()
    return values.mean(), values.std()


@pytest.mark.parametrize(
    "shape, gain",
    [((300, 200), 1.0), ((40, 30, 3, 3), math.sqrt(2.0))],
    ids=["linear", "conv"],
)
def test_xavier_normal_std_is_gain_times_sqrt_2_over_fans(shape, gain):
    torch.manual_seed(0)
    w = torch.empty(*shape)
    receptive = math.prod(shape[2:])
    fan_in, fan_out = shape[1] * receptive, shape[0] * receptive
    std = gain * math.sqrt(2.0 / (fan_in + fan_out))
    assert nn.init.xavier_normal_(w, gain=gain) is w
    mean, sample_std = sample_stats(w)
    n = w.numel()
    assert abs(mean) < 5 * std / math.sqrt(n)
    assert abs(sample_std / std - 1) < 5 / math.sqrt(2 * n)
    inside = (np.abs(to_np(w)) < std).mean()  # normal: 68.3 % within one std
    assert abs(inside - 0.6827) < 0.02


@pytest.mark.parametrize(
    "kwargs, gain, use_fan_in",
    [
        ({}, math.sqrt(2.0), True),  # leaky_relu with slope 0: sqrt(2)
        ({"nonlinearity": "relu", "mode": "fan_out"}, math.sqrt(2.0), False),
        ({"a": math.sqrt(5)}, math.sqrt(2.0 / 6.0), True),
        ({"nonlinearity": "tanh"}, 5.0 / 3.0, True),
    ],
    ids=["default", "relu-fan_out", "a=sqrt5", "tanh"],
)
def test_kaiming_normal_std_is_gain_over_sqrt_fan(kwargs, gain, use_fan_in):
    torch.manual_seed(1)
    w = torch.empty(150, 400, dtype=torch.float64)
    assert nn.init.kaiming_normal_(w, **kwargs) is w
    assert w.dtype == torch.float64
    std = gain / math.sqrt(400 if use_fan_in else 150)
    mean, sample_std = sample_stats(w)
    n = w.numel()
    assert abs(mean) < 5 * std / math.sqrt(n)
    assert abs(sample_std / std - 1) < 5 / math.sqrt(2 * n)


@pytest.mark.parametrize("init", [nn.init.xavier_normal_, nn.init.kaiming_normal_])
def test_normal_inits_on_a_parameter_record_nothing_and_repeat_with_the_seed(init):
    layer = nn.Linear(20, 10)
    w = layer.weight
    torch.manual_seed(3)
    init(w)
    first = to_np(w)
    assert w.is_leaf and w.requires_grad and w.grad_fn is None
    torch.manual_seed(3)
    init(w)
    assert_close(w, first, rtol=0, atol=0)
    with pytest.raises(ValueError, match="fewer than 2 dimensions"):
        init(torch.zeros(5))
