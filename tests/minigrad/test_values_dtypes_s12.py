"""float16 reductions, Python ints out of an integer dtype's range, and a few
PyTorch behaviours around them (session 12).

The expected numbers are PyTorch 2.13's, hard-coded (each test says what
PyTorch gives). PyTorch adds float16 up in float32 and rounds once; a Python
int beside an integer tensor wraps into its dtype in arithmetic, and is
checked (RuntimeError "value cannot be converted to type uint8_t without
overflow") where PyTorch converts it with a check.
"""

import warnings

import numpy as np
import pytest
from mg_testutil import minigrad_only, to_np, torch

H = torch.float16
OVERFLOW_U8 = "value cannot be converted to type uint8_t without overflow"


def half(values):
    return torch.tensor(values, dtype=H)


# ----- 1. float16 reductions accumulate in float32 ------------------------------


def test_half_mean_sum_and_norm_do_not_overflow():
    # PyTorch: 60000, 60000 (inf if added in float16), 424.25
    assert to_np(half([60000.0, 60000.0]).mean()) == 60000
    assert to_np(half([60000.0, 60000.0]).mean(0)) == 60000
    assert to_np(half([30000.0, 30000.0, -30000.0]).sum()) == 30000
    assert to_np(half([300.0, 300.0]).norm()) == np.float16(424.25)
    assert to_np(torch.linalg.vector_norm(half([300.0, 300.0]))) == np.float16(424.25)
    assert half([300.0, 300.0]).norm().dtype == H
    grid = half([[1.0, 2.0], [3.0, 4.0]])  # (every element, not the first axis)
    assert (to_np(grid.sum()), to_np(grid.mean())) == (10, 2.5)
    assert grid.sum().dtype == H and grid.mean().dtype == H


def test_half_running_sum_reaches_3000():
    ones = torch.full((3000,), 1.0, dtype=H)
    assert to_np(ones.cumsum(0)[-1]) == 3000  # (2048 in float16)
    assert to_np(ones.sum()) == 3000
    assert to_np(ones.nansum()) == 3000
    assert to_np(ones.nanmean()) == 1


def test_half_softmax_log_softmax_logsumexp():
    x = half([1.0, 2.0])
    # PyTorch: [0.2690, 0.7310] and [-1.3135, -0.3135]
    assert to_np(x.softmax(0)).tolist() == [np.float16(0.269), np.float16(0.731)]
    assert to_np(x.log_softmax(0)).tolist() == [
        np.float16(-1.3135),
        np.float16(-0.3135),
    ]
    assert to_np(half([60000.0, 60000.0]).logsumexp(0)) == 60000


def test_half_var_std_and_products():
    x = half([60000.0, 60000.0, 60000.0, 60001.0])
    assert to_np(x.var()) == 0  # (inf - inf in float16)
    assert to_np(x.std()) == 0
    v, m = torch.var_mean(half([1000.0, 1002.0] * 50))
    assert (to_np(v), to_np(m)) == (1.009765625, 1001)
    big = half([300.0, 300.0, 0.001])
    assert to_np(big.cumprod(0)[-1]) == 90.0625  # (90000 * 0.001, in float32)
    # prod, as PyTorch's: a running product rounded to float16 at each step
    p = half([1.1, 1.3, 0.7, 1.9])
    assert to_np(p.prod()) == 1.90234375


def test_half_backward_values():
    # PyTorch's gradients, hard-coded
    x = half([1.0, 2.0, 3.0]).requires_grad_()
    x.softmax(0).mul(half([1.0, 0.0, 0.0])).sum().backward()
    assert to_np(x.grad).tolist() == [
        0.0819091796875,
        -0.02203369140625,
        -0.05987548828125,
    ]
    x = torch.full((3000,), 1.0, dtype=H).requires_grad_()
    x.cumsum(0).sum().backward()
    assert to_np(x.grad)[0] == 3000 and to_np(x.grad)[-1] == 1


# ----- 2. Python ints out of an integer dtype's range ------------------------------


def u8(values):
    return torch.tensor(values, dtype=torch.uint8)


def test_arithmetic_with_an_int_out_of_range_wraps():
    u = u8([0, 200, 255])
    i8 = torch.tensor([-100, 0, 100], dtype=torch.int8)
    assert to_np(u + 256).tolist() == [0, 200, 255]
    assert (u + 256).dtype == torch.uint8
    assert to_np(u * 300).tolist() == [0, 96, 212]
    assert to_np(300 * u).tolist() == [0, 96, 212]
    assert to_np(i8 + 200).tolist() == [100, -56, 44]
    assert to_np(i8 // 300).tolist() == [-3, 0, 2]
    assert to_np(u - 300).tolist() == [212, 156, 211]
    assert to_np(300 - u).tolist() == [44, 100, 45]
    assert to_np(u % 300).tolist() == [0, 24, 35]
    assert to_np(u & 300).tolist() == [0, 8, 44]
    assert to_np(u.div(300, rounding_mode="floor")).tolist() == [0, 4, 5]
    assert u.div(3, rounding_mode="floor").dtype == torch.uint8
    one = torch.tensor([1], dtype=torch.int32)
    assert to_np(one + 2**40).tolist() == [1]
    assert to_np(torch.tensor([1]) + 2**63).tolist() == [-(2**63) + 1]
    assert to_np(u.clone().add_(1000)).tolist() == [232, 176, 231]
    assert to_np(u.add(u, alpha=-1)).tolist() == [0, 0, 0]
    assert to_np(torch.tensor([1], dtype=torch.int8).add(300, alpha=2)).tolist() == [89]


def test_maximum_and_a_tensor_bound_take_the_other_in_the_dtype():
    u = u8([0, 200, 255])
    # PyTorch: the int64 300 is 44 in uint8; 1000 is 232
    assert to_np(torch.maximum(u, torch.tensor(300))).tolist() == [44, 200, 255]
    assert to_np(u.clamp(max=torch.tensor(1000))).tolist() == [0, 200, 232]


@pytest.mark.parametrize(
    "make",
    [
        lambda u: u.clamp(max=1000),
        lambda u: u.clamp(min=-256),
        lambda u: u.clone().clamp_(max=1000),
        lambda u: u.clamp_min(300),
        lambda u: torch.where(u > 100, u, 300),
        lambda u: torch.where(u > 100, 300, u),
        lambda u: u.where(u > 100, 300),
        lambda u: u.masked_fill(u > 100, 300),
        lambda u: u.masked_fill(u > 100, -256),
        lambda u: u.index_fill(0, torch.tensor([0]), 300),
        lambda u: u.scatter(0, torch.tensor([0]), 300),
        lambda u: torch.nn.functional.pad(u, (1, 1), value=300),
        lambda u: torch.nn.functional.pad(u, (1, 1), value=-1),
        lambda u: torch.linspace(250, 260, 3, dtype=torch.uint8),
        lambda u: u**300,
        lambda u: u.add(u, alpha=300),
    ],
)
def test_checked_conversions_raise_as_pytorch(make):
    with pytest.raises(RuntimeError, match=OVERFLOW_U8):
        make(u8([0, 200, 255]))


def test_checked_conversions_name_the_c_type():
    with pytest.raises(RuntimeError, match="type int8_t without"):
        torch.tensor([1], dtype=torch.int8).clamp(min=-200)
    with pytest.raises(RuntimeError, match="type c10::Half without"):
        half([1.0]).clamp(max=1e5)
    with pytest.raises(RuntimeError, match="type c10::Half without"):
        half([1.0]).masked_fill(half([1.0]) > 0, 1e5)
    with pytest.raises(RuntimeError, match="type int8_t without"):
        torch.linspace(-200, 0, 3, dtype=torch.int8)


def test_unsigned_takes_negatives_down_to_minus_max():
    u = u8([0, 200, 255])
    assert to_np(u.clamp(min=-5)).tolist() == [251, 251, 255]
    assert to_np(u.masked_fill(u > 100, -1)).tolist() == [0, 255, 255]
    assert to_np(torch.where(u > 100, -1, u)).tolist() == [0, 255, 255]
    assert to_np(u.index_fill(0, torch.tensor([0]), -1)).tolist() == [255, 200, 255]
    assert to_np(u.scatter(0, torch.tensor([0]), -1)).tolist() == [255, 200, 255]
    assert to_np(torch.linspace(-1, 5, 3, dtype=torch.uint8)).tolist() == [255, 130, 5]
    # a float value is truncated, and must fit: 2.7 is 2
    assert to_np(torch.nn.functional.pad(u, (1, 0), value=2.7)).tolist()[0] == 2


def test_where_in_float16_does_not_check():
    # PyTorch converts where's number unchecked for a float result
    x = half([1.0, 2.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert to_np(torch.where(x > 1, x, 1e5)).tolist()[0] == np.inf


@minigrad_only
def test_checked_scalar_helper():
    from minigrad._check import checked_scalar

    assert checked_scalar(-1, np.uint8) == 255
    assert checked_scalar(-255, np.uint8) == 1
    assert checked_scalar(0.5, np.uint8) == 0
    assert checked_scalar(300, np.bool_) == np.True_
    assert checked_scalar(float("inf"), np.float16) == np.inf
    for value, dtype in [(-0.5, np.uint8), (float("nan"), np.int8), (2**31, np.int32)]:
        with pytest.raises(RuntimeError, match="without overflow"):
            checked_scalar(value, dtype)


# ----- 3. where with a uint8 condition ----------------------------------------------


@minigrad_only  # (PyTorch warns once per process)
def test_where_takes_a_uint8_condition_with_a_warning():
    import minigrad._check as check

    check._warned_uint8_condition.clear()
    condition = u8([1, 0, 2])
    with pytest.warns(UserWarning, match="where received a uint8 condition tensor"):
        out = torch.where(condition, 1.0, 0.0)
    assert to_np(out).tolist() == [1.0, 0.0, 1.0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # (once only)
        torch.where(condition, torch.ones(3), torch.zeros(3))
    with pytest.raises(RuntimeError, match="boolean tensor"):
        torch.where(torch.tensor([1, 0]), 1.0, 0.0)


# ----- 4. clamp with tensor bounds that require grad ---------------------------------


def test_clamp_gives_gradients_to_tensor_bounds():
    x = torch.tensor([0.0, 0.5, 1.0, 2.0, 0.7, 3.0], requires_grad=True)
    lo = torch.tensor([0.1, 0.5, 0.5, 0.0, 0.9, 2.0], requires_grad=True)
    hi = torch.tensor([1.0, 1.0, 1.0, 1.0, 0.8, 2.0], requires_grad=True)
    y = x.clamp(lo, hi)
    assert type(y.grad_fn).__name__ == "ClampBackward0"
    y.backward(torch.arange(1.0, 7.0))
    # PyTorch: ties go to x; where lo > hi the result is hi, whose gradient it is
    assert to_np(x.grad).tolist() == [0, 2, 3, 0, 0, 0]
    assert to_np(lo.grad).tolist() == [1, 0, 0, 0, 0, 0]
    assert to_np(hi.grad).tolist() == [0, 0, 0, 4, 5, 6]


def test_clamp_min_max_with_one_tensor_bound():
    x = torch.tensor([0.0, 0.5, 1.0, 2.0, 0.7, 3.0], requires_grad=True)
    lo = torch.tensor([0.1, 0.5, 0.5, 0.0, 0.9, 2.0], requires_grad=True)
    y = torch.clamp_min(x, lo)
    assert type(y.grad_fn).__name__ == "ClampMinBackward1"
    assert len(y.grad_fn.next_functions) == 2
    y.backward(torch.arange(1.0, 7.0))
    assert to_np(x.grad).tolist() == [0, 2, 3, 4, 0, 6]
    assert to_np(lo.grad).tolist() == [1, 0, 0, 0, 5, 0]
    y = x.clamp(min=lo)
    assert y.grad_fn.next_functions[2][0] is None
    one = torch.tensor([0.5], requires_grad=True)  # (a bound that broadcasts)
    x.clamp(min=one).sum().backward()
    assert to_np(one.grad).tolist() == [1.0]


def test_clamp_tensor_bound_gradients_match_central_differences():
    rng = np.random.default_rng(0)
    x0, lo0, hi0 = (rng.normal(size=5) for _ in range(3))
    x = torch.tensor(x0, requires_grad=True)
    lo = torch.tensor(lo0, requires_grad=True)
    hi = torch.tensor(hi0, requires_grad=True)
    weights = rng.normal(size=5)

    def f(a, b, c):
        return float((np.minimum(np.maximum(a, b), c) * weights).sum())

    (x.clamp(lo, hi) * torch.tensor(weights)).sum().backward()
    eps = 1e-6
    for k, t in enumerate((x, lo, hi)):
        base = [x0, lo0, hi0]
        numerical = []
        for i in range(5):
            up = [v.copy() for v in base]
            down = [v.copy() for v in base]
            up[k][i] += eps
            down[k][i] -= eps
            numerical.append((f(*up) - f(*down)) / (2 * eps))
        np.testing.assert_allclose(to_np(t.grad), numerical, atol=1e-6)


def test_clamp_double_backward():
    x = torch.tensor([0.0, 0.5, 2.0], requires_grad=True)
    lo = torch.tensor([0.1, 0.5, 0.0], requires_grad=True)
    hi = torch.tensor([1.0, 1.0, 1.0], requires_grad=True)
    gx, glo, ghi = torch.autograd.grad(
        x.clamp(lo, hi).pow(2).sum(), [x, lo, hi], create_graph=True
    )
    # PyTorch: [0, 1, 0], [0.2, 0, 0], [0, 0, 2]
    np.testing.assert_allclose(to_np(gx), [0, 1, 0])
    np.testing.assert_allclose(to_np(glo), [0.2, 0, 0], rtol=1e-6)
    np.testing.assert_allclose(to_np(ghi), [0, 0, 2])


# ----- 5, 6: cosine_similarity broadcasts; scatter_reduce's max and min ------------


def test_cosine_similarity_broadcasts():
    F = torch.nn.functional
    out = F.cosine_similarity(torch.ones(2, 3), torch.tensor([1.0, 0.0, 0.0]))
    np.testing.assert_allclose(to_np(out), [0.57735, 0.57735], rtol=1e-5)
    a = torch.ones(2, 3, requires_grad=True)
    F.cosine_similarity(a, torch.tensor([1.0, 0.0, 0.0])).sum().backward()
    assert a.grad.shape == (2, 3)


def test_scatter_reduce_takes_max_and_min_as_amax_and_amin():
    a = torch.tensor([1.0, 2.0])
    index, src = torch.tensor([0]), torch.tensor([5.0])
    assert to_np(a.scatter_reduce(0, index, src, reduce="max")).tolist() == [5, 2]
    assert to_np(a.scatter_reduce(0, index, src, reduce="min")).tolist() == [1, 2]
    out = torch.tensor([1.0, 2.0]).scatter_reduce(
        0, torch.tensor([0, 1]), torch.tensor([5.0, 0.5]), "min", include_self=False
    )
    assert to_np(out).tolist() == [5.0, 0.5]
    # PyTorch's backward refuses them (only amax and amin have a gradient)
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x.scatter_reduce(0, index, src, reduce="max")
    with pytest.raises(RuntimeError, match="but got max"):
        y.sum().backward()


# ----- 7. torch.range and torch.relu_ -----------------------------------------------


@minigrad_only
def test_range_includes_the_end_and_warns():
    from minigrad.creation import range as torch_range

    with pytest.warns(UserWarning, match="torch.range is deprecated"):
        r = torch_range(1, 4)
    assert r.dtype == torch.float32 and to_np(r).tolist() == [1, 2, 3, 4]
    with pytest.warns(UserWarning):
        assert to_np(torch_range(0, 0.9, 0.3)).shape == (4,)
        assert to_np(torch_range(4, 1, -1)).tolist() == [4, 3, 2, 1]
        assert torch_range(1, 4, dtype=torch.int64).dtype == torch.int64
        with pytest.raises(RuntimeError, match="inconsistent with step sign"):
            torch_range(1, 4, -1)
        with pytest.raises(RuntimeError, match="step must be nonzero"):
            torch_range(1, 4, 0)


@minigrad_only
def test_relu_in_place_function():
    from minigrad.ops.unary import relu_

    x = torch.tensor([-1.0, 2.0])
    assert relu_(x) is x and to_np(x).tolist() == [0.0, 2.0]
    with pytest.raises(RuntimeError, match="leaf Variable"):
        relu_(torch.tensor([-1.0], requires_grad=True))


def test_full_checks_its_value_as_pytorch():
    # PyTorch: -1 is 255 in uint8; -1.0 and 300 raise; float16 is filled unchecked
    assert to_np(torch.full((2,), -1, dtype=torch.uint8)).tolist() == [255, 255]
    for value in (300, -1.0, 255.5):
        with pytest.raises(RuntimeError, match=OVERFLOW_U8):
            torch.full((2,), value, dtype=torch.uint8)
    with pytest.raises(RuntimeError, match="type float without overflow"):
        torch.full((1,), 1e39)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert to_np(torch.full((1,), 1e5, dtype=H)).tolist() == [np.inf]


def test_integer_sums_stay_int64():
    # (the float16 path must not cast an int32 sum back to int32)
    for dtype in (torch.int32, torch.int8, torch.uint8, torch.bool):
        a = torch.ones(2, 3, dtype=dtype)
        assert a.sum(1).dtype == torch.int64 and a.sum().dtype == torch.int64
