"""numpy's names for PyTorch's ops (arcsin, greater, concatenate, fix, ...)
and more small functions: dist, select, take, broadcast_shapes, logaddexp2,
gcd, lcm, logdet, slogdet, result_type, promote_types, can_cast,
is_complex, asarray.

Values are checked against numpy, gradients against finite differences,
errors against PyTorch's messages (MINIGRAD_TEST_BACKEND=torch runs these
tests on PyTorch itself).
"""

import math

import numpy as np
import pytest
from mg_testutil import assert_close, numerical_vjp, to_np, torch

RNG = np.random.default_rng(0)


def _grads(f, *arrays):
    """The gradients minigrad's backward gives for sum(f(*tensors) * cot),
    with the numerical ones for the same function of numpy arrays."""
    tensors = [torch.tensor(a, requires_grad=True) for a in arrays]
    out = f(*tensors)
    cot = RNG.uniform(-1.0, 1.0, size=tuple(out.shape))
    out.backward(torch.tensor(cot))
    numeric = numerical_vjp(lambda *xs: to_np(f(*map(torch.tensor, xs))), arrays, cot)
    return [to_np(t.grad) for t in tensors], numeric


# ---------------------------------------------------------------- aliases

INSIDE_1 = [-0.9, -0.3, 0.2, 0.7]
UNARY_ALIASES = [
    ("arcsin", "asin", INSIDE_1),
    ("arccos", "acos", INSIDE_1),
    ("arctan", "atan", [-2.0, 0.5, 3.0]),
    ("arcsinh", "asinh", [-2.0, 0.5, 3.0]),
    ("arccosh", "acosh", [1.2, 2.0, 5.0]),
    ("arctanh", "atanh", INSIDE_1),
    ("fix", "trunc", [-1.7, -0.2, 0.4, 2.5]),
]
# (minigrad has no asin_, acos_, atan_: nor their aliases)
IN_PLACE = {"arcsinh", "arccosh", "arctanh", "fix"}
COMPARISON_ALIASES = [
    ("greater", "gt"),
    ("greater_equal", "ge"),
    ("less", "lt"),
    ("less_equal", "le"),
    ("not_equal", "ne"),
]


@pytest.mark.parametrize("alias, name, values", UNARY_ALIASES)
def test_unary_aliases_give_their_ops_values_gradients_and_in_place_forms(
    alias, name, values
):
    x = torch.tensor(values, requires_grad=True)
    for result in (getattr(torch, alias)(x), getattr(x, alias)()):
        assert_close(result, to_np(getattr(torch, name)(x)))
    getattr(torch, alias)(x).sum().backward()
    expected = x.grad.clone()
    x.grad = None
    getattr(torch, name)(x).sum().backward()
    assert_close(expected, to_np(x.grad))
    if alias in IN_PLACE:
        y = torch.tensor(values)
        assert getattr(y, alias + "_")() is y
        assert_close(y, to_np(getattr(torch, name)(torch.tensor(values))))


def test_arctan2_is_atan2():
    a, b = np.array([[1.0, -2.0]]), np.array([[0.5], [-1.5]])
    assert_close(torch.arctan2(torch.tensor(a), torch.tensor(b)), np.arctan2(a, b))
    assert_close(torch.tensor(a).arctan2(torch.tensor(b)), np.arctan2(a, b))
    (mine,), (numeric,) = _grads(lambda x: torch.arctan2(x, torch.tensor(b)).sum(-1), a)
    assert_close(mine, numeric, rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("alias, name", COMPARISON_ALIASES)
def test_comparison_aliases_give_bool_tensors(alias, name):
    x = torch.tensor([1.0, 2.0, 3.0])
    expected = to_np(getattr(torch, name)(x, 2.0))
    assert getattr(torch, alias)(x, 2.0).dtype == torch.bool
    np.testing.assert_array_equal(to_np(getattr(torch, alias)(x, 2.0)), expected)
    np.testing.assert_array_equal(to_np(getattr(x, alias)(2.0)), expected)


def test_concatenate_is_cat_and_no_method():
    a = torch.ones(2, 1)
    b = torch.zeros(2, 2)
    assert_close(
        torch.concatenate([a, b], 1),
        np.concatenate([np.ones((2, 1)), np.zeros((2, 2))], 1),
    )
    assert not hasattr(torch.Tensor, "concatenate")  # (as in PyTorch)


# ---------------------------------------------------------------- dist, select, take


@pytest.mark.parametrize("p", [0, 1, 2, 3, math.inf])
def test_dist_is_the_norm_of_the_difference(p):
    a = np.array([[1.0, -2.0, 0.5], [3.0, 0.25, -1.0]])
    b = np.array([0.5, 1.0, -2.5])  # broadcast to a's shape
    result = torch.dist(torch.tensor(a), torch.tensor(b), p)
    assert result.shape == ()
    assert_close(result, np.linalg.norm((a - b).reshape(-1), p))
    assert_close(torch.tensor(a).dist(torch.tensor(b), p), result.item())


def test_dist_gradient_reaches_both_operands():
    a = np.array([[1.0, -2.0, 0.5], [3.0, 0.25, -1.0]])
    b = np.array([0.5, 1.0, -2.5])
    mine, numeric = _grads(lambda x, y: torch.dist(x, y, 3), a, b)
    for m, n in zip(mine, numeric):
        assert_close(m, n, rtol=1e-4, atol=1e-6)


def test_dist_refuses_integers():
    with pytest.raises(RuntimeError, match="Long"):
        torch.dist(torch.tensor([1, 2]), torch.tensor([3, 4]))


def test_select_function():
    x = np.arange(6.0).reshape(2, 3)
    assert_close(torch.select(torch.tensor(x), 1, -1), x[:, -1])
    assert_close(torch.select(torch.tensor(x), 0, 1), x[1])
    (mine,), (numeric,) = _grads(lambda t: torch.select(t, 1, 1), x)
    assert_close(mine, numeric)
    with pytest.raises(IndexError, match="Dimension out of range"):
        torch.select(torch.tensor(x), 2, 0)


def test_take_reads_the_flattened_tensor():
    x = np.arange(6.0).reshape(2, 3)
    index = np.array([[0, 5], [-1, 2]])
    assert_close(torch.take(torch.tensor(x), torch.tensor(index)), np.take(x, index))
    assert_close(torch.tensor(x).take(torch.tensor(index)), np.take(x, index))
    assert torch.take(torch.tensor(x), torch.tensor(4)).shape == ()


def test_take_gradient_adds_repeated_positions():
    x = np.arange(6.0).reshape(2, 3) * 0.5
    index = torch.tensor([1, 1, -1, 0])
    (mine,), (numeric,) = _grads(lambda t: torch.take(t, index), x)
    assert_close(mine, numeric)
    assert mine[0, 1] != 0 and mine[1, 1] == 0


def test_take_errors_as_pytorch():
    x = torch.ones(2, 2)
    with pytest.raises(IndexError, match="tried to access index 4 on a tensor of 4 "):
        torch.take(x, torch.tensor([4]))
    with pytest.raises(IndexError, match="tried to access index -5 on a tensor of 4 "):
        torch.take(x, torch.tensor([-5]))
    with pytest.raises(
        RuntimeError, match="Expected a long tensor for index, but got Float"
    ):
        torch.take(x, torch.tensor([1.0]))
    with pytest.raises(
        RuntimeError, match="Expected a long tensor for index, but got Int"
    ):
        torch.take(x, torch.tensor([1], dtype=torch.int32))
    with pytest.raises(TypeError):
        torch.take(x, [1])


# ---------------------------------------------------------------- broadcast_shapes


def test_broadcast_shapes_as_numpy():
    cases = [((2, 1), (3,)), ((1, 2), (3, 1), (3, 2)), ((0,), (1,)), ((4,),), ()]
    for shapes in cases:
        result = torch.broadcast_shapes(*shapes)
        assert isinstance(result, torch.Size)
        assert tuple(result) == np.broadcast_shapes(*shapes)
    assert tuple(torch.broadcast_shapes(2, (3, 1))) == (3, 2)  # an int: a 1-d shape


def test_broadcast_shapes_errors_as_pytorch():
    with pytest.raises(
        RuntimeError,
        match=r"Attempting to broadcast a dimension of length 4 at -1! Mismatching "
        r"argument at index 1 had \(4,\); but expected shape should be "
        r"broadcastable to \[2, 3\]",
    ):
        torch.broadcast_shapes((2, 3), (4,))
    with pytest.raises(RuntimeError, match="broadcast a dimension of length 5 at -2"):
        torch.broadcast_shapes((2, 3, 4), (1, 5, 4))
    with pytest.raises(ValueError, match="dimension with negative length"):
        torch.broadcast_shapes((-1,))
    with pytest.raises(RuntimeError, match="Input shapes should be of type ints"):
        torch.broadcast_shapes(2.5)


# ---------------------------------------------------------------- logaddexp2, gcd, lcm


def test_logaddexp2_values_and_gradient():
    a = np.array([[1.0, -2.0, 500.0]])
    b = np.array([[0.5], [3.0]])
    expected = np.logaddexp2(a, b)
    assert_close(torch.logaddexp2(torch.tensor(a), torch.tensor(b)), expected)
    assert_close(torch.tensor(a).logaddexp2(torch.tensor(b)), expected)
    big = torch.tensor([1000.0])  # no overflow in float32
    assert_close(torch.logaddexp2(big, big), [1001.0])
    mine, numeric = _grads(torch.logaddexp2, a[:, :2], b)
    for m, n in zip(mine, numeric):
        assert_close(m, n, rtol=1e-4, atol=1e-6)


def test_logaddexp2_errors_as_pytorch():
    with pytest.raises(NotImplementedError, match="not implemented for 'Long'"):
        torch.logaddexp2(torch.tensor([1]), torch.tensor([2]))
    with pytest.raises(TypeError, match="argument 'other'"):
        torch.logaddexp2(torch.tensor([1.0]), 1.0)


def test_gcd_and_lcm_of_integers():
    a, b = np.array([12, -18, 0, 7]), np.array([8, 0, 0, -21])
    np.testing.assert_array_equal(
        to_np(torch.gcd(torch.tensor(a), torch.tensor(b))), np.gcd(a, b)
    )
    np.testing.assert_array_equal(
        to_np(torch.lcm(torch.tensor(a), torch.tensor(b))), np.lcm(a, b)
    )
    result = torch.tensor([12], dtype=torch.int32).gcd(torch.tensor([8]))
    assert result.dtype == torch.int64  # (promoted, as PyTorch)
    x = torch.tensor([4, 6])
    assert x.lcm_(torch.tensor([6, 4])) is x
    np.testing.assert_array_equal(to_np(x), [12, 12])


def test_gcd_refuses_floats_bools_and_numbers():
    with pytest.raises(
        NotImplementedError, match="\"gcd_cpu\" not implemented for 'Float'"
    ):
        torch.gcd(torch.ones(2), torch.ones(2))
    with pytest.raises(
        NotImplementedError, match="\"lcm_cpu\" not implemented for 'Bool'"
    ):
        torch.lcm(torch.tensor([True]), torch.tensor([True]))
    with pytest.raises(TypeError, match="argument 'other'"):
        torch.gcd(torch.tensor([12]), 4)


# ---------------------------------------------------------------- logdet, slogdet


def test_slogdet_is_a_named_pair():
    a = np.array([[[1.0, 2.0], [3.0, 4.0]], [[2.0, 0.0], [0.0, 3.0]]])
    sign, logabsdet = np.linalg.slogdet(a)
    result = torch.slogdet(torch.tensor(a))
    assert_close(result.sign, sign)
    assert_close(result.logabsdet, logabsdet)
    got_sign, got_log = torch.tensor(a).slogdet()  # (unpacks as a pair)
    assert_close(got_sign, sign)
    assert_close(got_log, logabsdet)


def test_logdet_nan_for_a_negative_determinant_and_inf_for_zero():
    assert_close(torch.logdet(torch.tensor([[2.0, 0.0], [0.0, 3.0]])), math.log(6.0))
    assert math.isnan(torch.logdet(torch.tensor([[-1.0, 0.0], [0.0, 1.0]])).item())
    assert torch.tensor([[0.0, 0.0], [0.0, 1.0]]).logdet().item() == -math.inf


def test_logdet_and_slogdet_gradients():
    a = np.array([[3.0, 1.0, 0.5], [0.2, 2.0, -0.4], [0.1, 0.3, 4.0]])
    (mine,), (numeric,) = _grads(torch.logdet, a)
    assert_close(mine, numeric, rtol=1e-4, atol=1e-6)
    negative = -a  # det < 0: slogdet's logabsdet still has a gradient
    (mine,), (numeric,) = _grads(lambda t: torch.slogdet(t).logabsdet, negative)
    assert_close(mine, numeric, rtol=1e-4, atol=1e-6)


# ---------------------------------------------------------------- dtypes


def test_result_type_follows_promotion():
    assert torch.result_type(torch.tensor([1]), 1.0) == torch.float32
    assert torch.result_type(1, 2) == torch.int64
    assert torch.result_type(1.0, True) == torch.float32
    float64 = torch.tensor(1.0, dtype=torch.float64)
    assert torch.result_type(float64, torch.tensor([1])) == torch.float64
    assert torch.result_type(float64, torch.tensor([1.0])) == torch.float32
    int8 = torch.tensor([1], dtype=torch.int8)
    assert torch.result_type(int8, torch.tensor(1000)) == torch.int8
    with pytest.raises(TypeError, match="result_type"):
        torch.result_type(np.ones(2), 1)


def test_promote_types_and_can_cast():
    assert torch.promote_types(torch.int8, torch.uint8) == torch.int16
    assert torch.promote_types(torch.float16, torch.int64) == torch.float16
    assert torch.promote_types(torch.bool, torch.int32) == torch.int32
    assert torch.promote_types(torch.float32, torch.float64) == torch.float64
    assert not torch.can_cast(torch.float32, torch.int32)
    assert torch.can_cast(torch.int64, torch.uint8)
    assert not torch.can_cast(torch.int64, torch.bool)
    assert torch.can_cast(torch.bool, torch.int8)
    assert torch.can_cast(torch.float64, torch.float16)
    with pytest.raises(TypeError, match="argument 'type1' \\(position 1\\) must be"):
        torch.promote_types(1, torch.int64)
    with pytest.raises(TypeError, match="argument 'to' \\(position 2\\) must be"):
        torch.can_cast(torch.float32, 1)


def test_is_complex_is_false():
    assert torch.is_complex(torch.ones(2)) is False
    with pytest.raises(TypeError, match="is_complex\\(\\): argument 'input'"):
        torch.is_complex(1)


# ---------------------------------------------------------------- asarray


def test_asarray_shares_memory_with_numpy_and_tensors():
    array = np.zeros(3)
    shared = torch.asarray(array)
    assert shared.dtype == torch.float64
    shared[0] = 5.0
    assert array[0] == 5.0
    x = torch.ones(2)
    assert torch.asarray(x) is x
    copied = torch.asarray(array, copy=True)
    copied[1] = 7.0
    assert array[1] == 0.0
    converted = torch.asarray(array, dtype=torch.float32)
    assert converted.dtype == torch.float32 and not np.shares_memory(
        to_np(converted), array
    )


def test_asarray_of_lists_and_numbers():
    assert torch.asarray([1.0, 2.0]).dtype == torch.float32
    assert torch.asarray([1, 2]).dtype == torch.int64
    assert torch.asarray(3.0).shape == ()
    leaf = torch.asarray([1.0, 2.0], requires_grad=True)
    assert leaf.requires_grad and leaf.grad_fn is None


def test_asarray_requires_grad_and_graph():
    x = torch.ones(2)
    assert torch.asarray(x, requires_grad=True).requires_grad
    y = torch.ones(2, requires_grad=True) * 2
    assert torch.asarray(y, requires_grad=False).grad_fn is None
    assert torch.asarray(y, copy=True, requires_grad=True).grad_fn is not None
    assert torch.asarray(y, dtype=torch.float64, requires_grad=True).grad_fn is not None


def test_asarray_copy_false_refuses_a_new_dtype():
    with pytest.raises(
        ValueError, match="can't alias tensor with dtype 'Double' into dtype 'Float'"
    ):
        torch.asarray(np.ones(2), dtype=torch.float32, copy=False)
    with pytest.raises(ValueError, match="dtype 'Long' into dtype 'Float'"):
        torch.asarray(torch.tensor([1, 2]), dtype=torch.float32, copy=False)
