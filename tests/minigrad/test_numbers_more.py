"""Wrong numbers found by comparing with PyTorch 2.13, and fixed.

- Float functions of int8, uint8, int16 and bool tensors: float32 values, not
  values computed in float16 (numpy's choice for small integers) and then
  labelled float32.
- relu, hardswish, hardsigmoid: where the function is flat the gradient is
  exactly 0, even for an inf or nan incoming gradient (selected, not
  multiplied by a 0/1 mask); a nan input gets PyTorch's gradient.
- sort, argsort and topk: NaN is the largest value (first in descending
  order), and descending order of int8 and uint8 tensors is right.
- Sums and products of uint8 tensors are int64 (numpy's uint64 has no dtype
  here); where, maximum and max pooling select their gradients too.
"""

import math

import numpy as np
import pytest
from mg_testutil import assert_close, numerical_vjp, to_np, torch

F = torch.nn.functional
NAN, INF = float("nan"), float("inf")

# ----- float functions of small integer and bool tensors ---------------------------

INTS = {
    "int8": [-3, -1, 0, 1, 2, 5, 100],
    "uint8": [0, 1, 2, 3, 7, 100, 200],
    "int16": [-300, -1, 0, 1, 2, 5, 1000],
    "bool": [True, False, True, False, True, False, True],
}

# name: (function of the tensor, the same on float64 numpy values)
FLOAT_FUNCTIONS = {
    "exp": (torch.exp, np.exp),
    "log": (torch.log, np.log),
    "sqrt": (torch.sqrt, np.sqrt),
    "rsqrt": (torch.rsqrt, lambda x: 1 / np.sqrt(x)),
    "reciprocal": (torch.reciprocal, lambda x: 1 / x),
    "sin": (torch.sin, np.sin),
    "cos": (torch.cos, np.cos),
    "tan": (torch.tan, np.tan),
    "tanh": (torch.tanh, np.tanh),
    "sigmoid": (torch.sigmoid, lambda x: 1 / (1 + np.exp(-x))),
    "log1p": (torch.log1p, np.log1p),
    "expm1": (torch.expm1, np.expm1),
    "log10": (torch.log10, np.log10),
    "log2": (torch.log2, np.log2),
    "exp2": (torch.exp2, np.exp2),
    "erf": (torch.erf, np.vectorize(math.erf)),
    "sinh": (torch.sinh, np.sinh),
    "cosh": (torch.cosh, np.cosh),
    "asin": (torch.asin, np.arcsin),
    "acos": (torch.acos, np.arccos),
    "atan": (torch.atan, np.arctan),
    "asinh": (torch.asinh, np.arcsinh),
    "atanh": (torch.atanh, np.arctanh),
    "tanhshrink": (F.tanhshrink, lambda x: x - np.tanh(x)),
}


@pytest.mark.parametrize(
    "name, dtype",
    [
        (name, dtype)
        for name in FLOAT_FUNCTIONS
        for dtype in INTS
        if (name, dtype) != ("tanhshrink", "bool")  # (x - bool: refused)
    ],
)
def test_float_functions_of_small_ints_are_computed_in_float32(name, dtype):
    function, reference = FLOAT_FUNCTIONS[name]
    x = torch.tensor(INTS[dtype], dtype=getattr(torch, dtype))
    with np.errstate(over="ignore"):  # (exp(100) is inf in float32)
        result = function(x)
    assert result.dtype == torch.float32
    with np.errstate(all="ignore"):
        values = reference(np.array(INTS[dtype], dtype=np.float64))
        expected = values.astype(np.float32)
    # float32 rounding (2**-24 ≈ 6e-8), where float16 was off by up to 5e-4
    assert_close(result, expected, rtol=1e-6, atol=0)


def test_exp_of_uint8_is_exact_to_float32():
    x = torch.tensor([1, 2], dtype=torch.uint8)
    assert_close(x.exp(), np.exp([1.0, 2.0]).astype(np.float32), rtol=1e-7, atol=0)


# ----- flat pieces of activations: the gradient is 0, even for inf or nan ----------

FLAT_BELOW_ZERO = {
    "relu": F.relu,
    "tensor.relu": lambda x: x.relu(),
    "relu_": lambda x: F.relu(x.clone(), inplace=True),
    "nn.ReLU": lambda x: torch.nn.ReLU()(x),
    "relu6": F.relu6,
    "hardswish": lambda x: F.hardswish(x - 3),  # (flat below -3)
    "hardsigmoid": lambda x: F.hardsigmoid(x - 3),
    "clamp": lambda x: x.clamp(min=0),
}


@pytest.mark.parametrize("upstream", [INF, -INF, NAN])
@pytest.mark.parametrize("name", list(FLAT_BELOW_ZERO))
def test_flat_activation_gives_zero_gradient_for_inf_or_nan(name, upstream):
    x = torch.tensor([-2.0, -1.0, 1.0], requires_grad=True)
    FLAT_BELOW_ZERO[name](x).backward(torch.full((3,), upstream))
    assert to_np(x.grad)[:2].tolist() == [0.0, 0.0]


def test_sqrt_of_relu_has_gradient_zero_where_relu_is_zero():
    x = torch.tensor([-1.0, 0.0, 4.0], requires_grad=True)
    torch.sqrt(F.relu(x)).sum().backward()
    assert_close(x.grad, [0.0, 0.0, 0.25])


# (inside, as in PyTorch, sign(0) * inf is nan before relu's backward drops it)
@pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")
def test_lp_pool_of_a_zero_window_has_gradient_zero():
    data = np.array([[[[0.0, 0.0, 1.0, 2.0], [0.0, 0.0, 3.0, 4.0]]]])
    x = torch.tensor(data, requires_grad=True)
    torch.nn.LPPool2d(2, 2)(F.relu(x)).sum().backward()
    expected = np.zeros_like(data)
    expected[..., 2:] = data[..., 2:] / np.sqrt((data[..., 2:] ** 2).sum())
    assert_close(x.grad, expected)


@pytest.mark.parametrize(
    "name, slope",
    [("relu", 1.0), ("hardswish", 1.0), ("hardsigmoid", 0.0), ("relu6", 1.0)],
)
def test_activation_gradient_at_a_nan_input_is_pytorchs(name, slope):
    # PyTorch's tests pass the gradient on at nan (relu: `result <= 0` is
    # False), except hardsigmoid's (`-3 < x < 3` is False).
    x = torch.tensor([NAN, 1.0], requires_grad=True)
    getattr(F, name)(x).backward(torch.tensor([1.0, 0.0]))
    assert to_np(x.grad)[0] == slope


@pytest.mark.parametrize("name", ["relu", "hardswish", "hardsigmoid"])
def test_activation_gradient_matches_numerical_derivative(name):
    data = np.array([-4.5, -3.5, -1.2, -0.4, 0.3, 1.1, 2.2, 3.4, 5.0])
    cotangent = np.linspace(-1.0, 2.0, data.size)
    numpy_versions = {
        "relu": lambda a: np.maximum(a, 0),
        "hardswish": lambda a: a * np.clip(a + 3, 0, 6) / 6,
        "hardsigmoid": lambda a: np.clip(a + 3, 0, 6) / 6,
    }
    x = torch.tensor(data, requires_grad=True)
    getattr(F, name)(x).backward(torch.tensor(cotangent))
    (expected,) = numerical_vjp(numpy_versions[name], [data], cotangent)
    assert_close(x.grad, expected)


def test_relu_second_derivative_stays_in_the_graph_and_is_zero():
    x = torch.tensor([-1.0, 0.5, 2.0], dtype=torch.float64, requires_grad=True)
    (g,) = torch.autograd.grad(F.relu(x).sum(), x, create_graph=True)
    assert g.requires_grad  # (as PyTorch's: ThresholdBackwardBackward0)
    assert_close(g, [0.0, 1.0, 1.0])
    (gg,) = torch.autograd.grad((g * x).sum(), x)
    assert_close(gg, [0.0, 1.0, 1.0])  # d(sum g x)/dx = g: relu'' is 0


def test_relu_double_backward_is_linear_in_the_incoming_gradient():
    data = np.array([-1.0, 0.5, 2.0])
    x = torch.tensor(data, requires_grad=True)
    v = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64, requires_grad=True)
    (g,) = torch.autograd.grad(F.relu(x), x, v, create_graph=True)
    w = np.array([0.5, -1.0, 4.0])
    (gv,) = torch.autograd.grad(g, v, torch.tensor(w))
    (expected,) = numerical_vjp(lambda u: u * (data > 0), [to_np(v)], w)
    assert_close(gv, expected)


# ----- sort, argsort, topk: NaN is the largest value --------------------------------


def test_descending_sort_puts_nan_first():
    n = torch.tensor([3.0, NAN, 1.0])
    values, indices = n.sort(descending=True)
    assert_close(values, [NAN, 3.0, 1.0])
    assert to_np(indices).tolist() == [1, 0, 2]
    assert to_np(n.argsort(descending=True)).tolist() == [1, 0, 2]


def test_ascending_sort_puts_nan_last():
    values, indices = torch.tensor([3.0, NAN, 1.0, -INF]).sort()
    assert_close(values, [-INF, 1.0, 3.0, NAN])
    assert to_np(indices).tolist() == [3, 2, 0, 1]


@pytest.mark.parametrize("descending", [False, True])
def test_stable_sort_keeps_equal_values_and_nans_in_order(descending):
    data = [3.0, NAN, 1.0, INF, -INF, NAN, 1.0, 3.0]
    values, indices = torch.sort(torch.tensor(data), descending=descending, stable=True)
    if descending:
        expected = [1, 5, 3, 0, 7, 2, 6, 4]
    else:
        expected = [4, 2, 6, 0, 7, 3, 1, 5]
    assert to_np(indices).tolist() == expected
    assert_close(values, np.array(data)[expected])


@pytest.mark.parametrize("dim", [0, 1, -1])
def test_descending_sort_of_a_matrix_along_each_dim(dim):
    data = np.array([[3.0, NAN, 1.0], [NAN, -2.0, 7.0], [0.0, 5.0, NAN]])
    values, indices = torch.tensor(data).sort(dim=dim, descending=True)
    # NaN first, then the rest in descending order (no ties here)
    keys = np.where(np.isnan(data), INF, data)
    expected = np.flip(np.argsort(keys, axis=dim, kind="stable"), axis=dim)
    assert to_np(indices).tolist() == expected.tolist()
    assert_close(values, np.take_along_axis(data, expected, axis=dim))


@pytest.mark.parametrize(
    "dtype, data",
    [
        ("int8", [-128, 5, 127, 0, -1]),
        ("uint8", [0, 1, 2, 255, 128]),
        ("int16", [-32768, 5, 32767, 0, -1]),
    ],
)
def test_descending_sort_of_integers_has_no_wrap_around(dtype, data):
    x = torch.tensor(data, dtype=getattr(torch, dtype))
    values, indices = x.sort(descending=True)
    assert to_np(values).tolist() == sorted(data, reverse=True)
    assert to_np(x.topk(1).values).tolist() == [max(data)]


def test_topk_counts_nan_as_largest():
    n = torch.tensor([3.0, NAN, 1.0])
    values, indices = n.topk(1)
    assert np.isnan(to_np(values)).all() and to_np(indices).tolist() == [1]
    values, indices = n.topk(2, largest=False)
    assert_close(values, [1.0, 3.0])
    assert to_np(indices).tolist() == [2, 0]


def test_msort_and_kthvalue_put_nan_last():
    x = torch.tensor([[2.0, NAN], [1.0, 0.0], [NAN, 5.0]])
    assert_close(torch.msort(x), [[1.0, 0.0], [2.0, 5.0], [NAN, NAN]])
    assert_close(x.kthvalue(3, dim=0).values, [NAN, NAN])
    assert_close(x.kthvalue(1, dim=0).values, [1.0, 0.0])


def test_sort_and_topk_gradients_go_back_to_the_picked_positions():
    x = torch.tensor([[3.0, NAN, 1.0], [NAN, -2.0, 7.0]], requires_grad=True)
    x.sort(dim=1, descending=True).values.backward(
        torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    )
    assert_close(x.grad, [[2.0, 1.0, 3.0], [4.0, 6.0, 5.0]])
    x.grad = None
    x.topk(2, dim=1).values.backward(torch.tensor([[1.0, 2.0], [3.0, 4.0]]))
    assert_close(x.grad, [[2.0, 1.0, 0.0], [3.0, 0.0, 4.0]])


@pytest.mark.parametrize("descending", [False, True])
def test_sort_gradient_matches_numerical_derivative(descending):
    data = np.array([[0.3, -1.2, 2.5, 0.7], [1.5, 0.2, -0.4, 3.1]])
    cotangent = np.arange(1.0, 9.0).reshape(2, 4)
    x = torch.tensor(data, requires_grad=True)
    x.sort(dim=1, descending=descending).values.backward(torch.tensor(cotangent))

    def numpy_sort(a):
        ordered = np.sort(a, axis=1)
        return ordered[:, ::-1] if descending else ordered

    (expected,) = numerical_vjp(numpy_sort, [data], cotangent)
    assert_close(x.grad, expected)


# ----- sums of uint8 and bool tensors are int64 -------------------------------------


@pytest.mark.parametrize(
    "reduce, expected",
    [
        (lambda u: u.sum(), 263),
        (lambda u: u.sum(0), [251, 12]),
        (lambda u: u.prod(), 5000),
        (lambda u: u.cumsum(0), [[1, 2], [251, 12]]),
        (lambda u: u.nansum(), 263),
        (lambda u: torch.sum(u, (0, 1)), 263),
    ],
)
def test_uint8_sums_and_products_are_int64(reduce, expected):
    u = torch.tensor([[1, 2], [250, 10]], dtype=torch.uint8)
    result = reduce(u)
    assert result.dtype == torch.int64
    assert to_np(result).tolist() == expected


# ----- where, maximum, minimum and max pooling: the side not taken gets 0 ----------


@pytest.mark.parametrize(
    "op",
    [
        lambda x: torch.where(x > 0, x, torch.zeros(3)),
        lambda x: torch.maximum(x, torch.zeros(3)),
    ],
)
def test_an_inf_gradient_does_not_reach_the_side_not_taken(op):
    x = torch.tensor([-1.0, 0.5, 4.0], requires_grad=True)
    op(x).sqrt().sum().backward()  # sqrt at 0: an inf gradient
    assert to_np(x.grad)[0] == 0.0
    assert_close(to_np(x.grad)[1:], 0.5 / np.sqrt([0.5, 4.0]))


def test_an_inf_gradient_does_not_reach_what_max_pooling_passed_over():
    x = torch.tensor([-1.0, 0.5, 4.0], requires_grad=True)
    padded = torch.cat([torch.zeros(1), x]).view(1, 1, 4)  # windows (0, -1), (0.5, 4)
    F.max_pool1d(padded, 2).sqrt().sum().backward()  # sqrt(0): an inf gradient
    assert_close(to_np(x.grad), np.array([0.0, 0.0, 0.25]))


@pytest.mark.parametrize("dtype", ["int8", "uint8", "bool"])
def test_atan2_of_small_integers_is_computed_in_float32(dtype):
    a = torch.tensor([1, 0, 1], dtype=getattr(torch, dtype))
    b = torch.tensor([1, 1, 0], dtype=getattr(torch, dtype))
    result = torch.atan2(a, b)
    assert result.dtype == torch.float32
    expected = np.arctan2(np.float32([1, 0, 1]), np.float32([1, 1, 0]))
    assert to_np(result).tolist() == expected.tolist()  # (float16 would differ)
