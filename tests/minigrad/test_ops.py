"""Every op of the op table: values against numpy, gradients against central
differences (float64), second derivatives through create_graph=True.

The table is `op_table.py`; the numerics are in `mg_testutil.py`.
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from mg_testutil import assert_close, hyp, minigrad_only, numerical_vjp, to_np, torch
from op_table import OPS, SECOND_ORDER_OPS, one_dim

DTYPES = [
    (np.float64, "float64", dict(rtol=1e-10, atol=1e-12)),
    (np.float32, "float32", dict(rtol=1e-4, atol=1e-5)),
]


def _forward_np(spec, kwargs):
    """The op as a function of numpy arrays, run by the library, no grad."""

    def f(*arrays):
        with torch.no_grad():
            tensors = [torch.tensor(np.array(a)) for a in arrays]
            return to_np(spec.fn(torch, *tensors, **kwargs))

    return f


def _cotangent(seed, shape):
    rng = np.random.default_rng(seed + 7)
    return np.asarray(rng.normal(size=tuple(shape)), dtype=np.float64)


@pytest.mark.parametrize("spec", OPS, ids=repr)
@hyp(30)
@given(data=st.data())
def test_values_match_numpy(spec, data):
    case = data.draw(spec.cases, label="case")
    for np_dtype, name, tol in DTYPES:
        arrays = [a.astype(np_dtype) for a in case.arrays]
        tensors = [torch.tensor(a) for a in arrays]
        out = spec.fn(torch, *tensors, **case.kwargs)
        expected = np.asarray(spec.ref(*case.arrays, **case.kwargs))
        assert tuple(out.shape) == expected.shape, (name, case)
        assert out.dtype == getattr(torch, name), (name, case)
        assert not out.requires_grad
        assert out.grad_fn is None
        assert_close(to_np(out), expected, msg=f"{name} {case}", **tol)
        # the inputs are not changed by the op
        for t, a in zip(tensors, arrays):
            np.testing.assert_array_equal(to_np(t), a)


@pytest.mark.parametrize("spec", OPS, ids=repr)
@hyp(30)
@given(data=st.data())
def test_gradients_match_central_differences(spec, data):
    case = data.draw(spec.cases, label="case")
    leaves = [torch.tensor(a.copy(), requires_grad=True) for a in case.arrays]
    out = spec.fn(torch, *leaves, **case.kwargs)
    assert out.requires_grad
    if not any(out is leaf for leaf in leaves):  # torch: 1-D x.flatten() is x
        assert out.grad_fn is not None
        assert not out.is_leaf
    cot = _cotangent(case.seed, out.shape)
    out.backward(torch.tensor(cot))
    numeric = numerical_vjp(_forward_np(spec, case.kwargs), case.arrays, cot)
    for i, (leaf, num) in enumerate(zip(leaves, numeric)):
        assert leaf.grad is not None, f"input {i} got no gradient"
        assert tuple(leaf.grad.shape) == num.shape, f"input {i} grad shape"
        assert leaf.grad.dtype == torch.float64
        assert leaf.grad.grad_fn is None
        assert_close(leaf.grad, num, msg=f"input {i} of {spec.name} {case}")

    # float32 leaves get float32 gradients of (about) the same values
    leaves32 = [
        torch.tensor(a.astype(np.float32), requires_grad=True) for a in case.arrays
    ]
    out32 = spec.fn(torch, *leaves32, **case.kwargs)
    out32.backward(torch.tensor(cot.astype(np.float32)))
    for leaf32, leaf in zip(leaves32, leaves):
        assert leaf32.grad.dtype == torch.float32
        assert_close(leaf32.grad, leaf.grad, rtol=1e-3, atol=1e-4)


@pytest.mark.parametrize("spec", SECOND_ORDER_OPS, ids=repr)
@hyp(12)
@given(data=st.data())
def test_second_derivatives_match_central_differences(spec, data):
    """d/dx of <grad f(x), w> through autograd.grad(create_graph=True)."""
    case = data.draw(spec.cases, label="case")
    rng = np.random.default_rng(case.seed + 11)
    out_shape = np.shape(spec.ref(*case.arrays, **case.kwargs))
    cot = np.asarray(rng.normal(size=out_shape), dtype=np.float64)
    ws = [np.asarray(rng.normal(size=a.shape), dtype=np.float64) for a in case.arrays]

    def first_order(*arrays):
        leaves = [torch.tensor(np.array(a), requires_grad=True) for a in arrays]
        out = spec.fn(torch, *leaves, **case.kwargs)
        grads = torch.autograd.grad(out, leaves, grad_outputs=torch.tensor(cot))
        return sum(np.sum(to_np(g) * w) for g, w in zip(grads, ws))

    leaves = [torch.tensor(a.copy(), requires_grad=True) for a in case.arrays]
    out = spec.fn(torch, *leaves, **case.kwargs)
    grads = torch.autograd.grad(
        out, leaves, grad_outputs=torch.tensor(cot), create_graph=True
    )
    assert len(grads) == len(leaves)
    s = sum((g * torch.tensor(w)).sum() for g, w in zip(grads, ws))
    if s.requires_grad:
        second = torch.autograd.grad(s, leaves, allow_unused=True)
    else:  # the gradient does not depend on the inputs (linear op)
        second = [None] * len(leaves)
    numeric = numerical_vjp(first_order, case.arrays, np.array(1.0))
    for i, (h, num) in enumerate(zip(second, numeric)):
        actual = np.zeros_like(num) if h is None else to_np(h)
        assert_close(
            actual, num, rtol=1e-4, atol=1e-5, msg=f"input {i} of {spec.name} {case}"
        )


# ---------------------------------------------------------------- op details


@hyp(30)
@given(
    case=one_dim(kind="distinct"),
    keepdim=st.booleans(),
    which=st.sampled_from(["max", "min"]),
)
def test_max_min_along_dim_return_values_and_indices(case, keepdim, which):
    a = case.arrays[0]
    dim = case.kwargs["dim"]
    x = torch.tensor(a)
    r = getattr(x, which)(dim, keepdim=keepdim)
    values, indices = r  # a namedtuple: unpacks as (values, indices)
    assert r.values is values or np.array_equal(to_np(r.values), to_np(values))
    assert np.array_equal(to_np(r.indices), to_np(indices))
    np_values = getattr(np, which)(a, axis=dim, keepdims=keepdim)
    np_arg = getattr(np, "arg" + which)(a, axis=dim)
    if keepdim:
        np_arg = np.expand_dims(np_arg, dim)
    assert_close(values, np_values, rtol=0, atol=0)
    assert indices.dtype == torch.int64
    assert tuple(indices.shape) == np_arg.shape
    np.testing.assert_array_equal(to_np(indices), np_arg)
    # the function form gives the same
    v2, i2 = getattr(torch, which)(x, dim=dim, keepdim=keepdim)
    np.testing.assert_array_equal(to_np(v2), to_np(values))
    np.testing.assert_array_equal(to_np(i2), to_np(indices))


def test_max_dim_gradient_goes_to_the_argmax_only():
    x = torch.tensor([[1.0, 5.0, 2.0], [7.0, 0.0, 3.0]], requires_grad=True)
    x.max(1).values.sum().backward()
    np.testing.assert_array_equal(to_np(x.grad), [[0, 1, 0], [1, 0, 0]])


def test_indexing_with_repeated_indices_accumulates_gradients():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x[torch.tensor([0, 2, 0, 0])]
    y.sum().backward()
    np.testing.assert_array_equal(to_np(x.grad), [3.0, 0.0, 1.0])
    z = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    (z[[1, 1]] * torch.tensor([2.0, 5.0])).sum().backward()
    np.testing.assert_array_equal(to_np(z.grad), [0.0, 7.0, 0.0])


def test_bool_mask_indexing_selects_and_routes_gradients():
    x = torch.tensor([[1.0, -2.0], [-3.0, 4.0]], requires_grad=True)
    y = x[x > 0]
    np.testing.assert_array_equal(to_np(y), [1.0, 4.0])
    (y * torch.tensor([10.0, 20.0])).sum().backward()
    np.testing.assert_array_equal(to_np(x.grad), [[10.0, 0.0], [0.0, 20.0]])


def test_broadcast_gradients_are_summed_back_to_input_shapes():
    a = torch.tensor([[1.0], [2.0]], requires_grad=True)  # (2, 1)
    b = torch.tensor([10.0, 20.0, 30.0], requires_grad=True)  # (3,)
    c = torch.tensor(2.0, requires_grad=True)  # 0-d
    (a * b * c).sum().backward()
    assert tuple(a.grad.shape) == (2, 1)
    assert tuple(b.grad.shape) == (3,)
    assert tuple(c.grad.shape) == ()
    assert_close(a.grad, [[120.0], [120.0]])
    assert_close(b.grad, [6.0, 6.0, 6.0])
    assert_close(c.grad, 180.0)


UNARY_FUNCTION_FORMS = [
    "exp",
    "log",
    "sqrt",
    "sin",
    "cos",
    "tanh",
    "sigmoid",
    "relu",
    "abs",
]


@pytest.mark.parametrize("name", UNARY_FUNCTION_FORMS)
def test_function_forms_equal_method_forms(name):
    a = np.array([[0.3, 1.7], [0.6, 1.1]])
    x1 = torch.tensor(a, requires_grad=True)
    x2 = torch.tensor(a, requires_grad=True)
    y1 = getattr(torch, name)(x1)
    y2 = getattr(x2, name)()
    assert_close(y1, y2, rtol=0, atol=0)
    assert type(y1.grad_fn).__name__ == type(y2.grad_fn).__name__
    y1.sum().backward()
    y2.sum().backward()
    assert_close(x1.grad, x2.grad, rtol=0, atol=0)


def test_matmul_of_two_vectors_is_zero_dimensional():
    a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    b = torch.tensor([4.0, 5.0, 6.0], requires_grad=True)
    y = a @ b
    assert tuple(y.shape) == ()
    assert y.item() == 32.0
    y.backward()
    assert_close(a.grad, [4.0, 5.0, 6.0])
    assert_close(b.grad, [1.0, 2.0, 3.0])


def test_var_std_defaults_are_unbiased():
    x = torch.tensor([1.0, 2.0, 3.0, 4.0])
    assert_close(x.var(), np.var([1, 2, 3, 4], ddof=1))
    assert_close(x.std(), np.std([1, 2, 3, 4], ddof=1))
    assert_close(x.var(unbiased=False), np.var([1, 2, 3, 4]))
    assert_close(x.std(correction=0), np.std([1, 2, 3, 4]))


def test_softmax_rows_sum_to_one_and_survive_large_inputs():
    x = torch.tensor([[1000.0, 1001.0, 1002.0], [-1000.0, 0.0, 1000.0]])
    s = x.softmax(dim=1)
    assert np.all(np.isfinite(to_np(s)))
    assert_close(s.sum(1), [1.0, 1.0])
    ls = x.log_softmax(dim=1)
    assert np.all(np.isfinite(to_np(ls)))
    assert_close(ls[0], np.log(to_np(s[0])), rtol=1e-5)


# ---------------------------------------------------------------- conventions

# Gradients at kinks and edges, as PyTorch 2.13 computes them.
KINKS = [
    ("relu_at_0", lambda x: x.relu(), [0.0, 1.0], [0.0, 1.0]),
    ("abs_at_0", lambda x: x.abs(), [0.0, -1.0], [0.0, -1.0]),
    (
        "clamp_at_bounds",
        lambda x: x.clamp(0.0, 1.0),
        [0.0, 1.0, 0.5, 2.0],
        [1.0, 1.0, 1.0, 0.0],
    ),
    ("clamp_min_at_bound", lambda x: x.clamp(min=0.0), [0.0, -1.0], [1.0, 0.0]),
    ("max_ties_split_evenly", lambda x: x.max(), [1.0, 3.0, 3.0], [0.0, 0.5, 0.5]),
    ("min_ties_split_evenly", lambda x: x.min(), [1.0, 1.0, 3.0], [0.5, 0.5, 0.0]),
    (
        "max_dim_ties_go_to_the_index",
        lambda x: x.max(0).values,
        [1.0, 3.0, 3.0],
        [0.0, 1.0, 0.0],
    ),
    ("sqrt_at_0", lambda x: x.sqrt(), [0.0], [np.inf]),
    ("pow_half_at_0", lambda x: x**0.5, [0.0], [np.inf]),
    ("pow_0_at_0", lambda x: x**0, [0.0], [0.0]),
    ("pow_2_at_0", lambda x: x**2, [0.0], [0.0]),
    ("norm_at_0", lambda x: x.norm(), [0.0, 0.0], [0.0, 0.0]),
    (
        "where_does_not_hide_nan",
        lambda x: torch.where(x > 0, x.sqrt(), x * 0),
        [0.0, 4.0],
        [np.nan, 0.25],
    ),
]


@pytest.mark.parametrize(
    "f, values, expected", [k[1:] for k in KINKS], ids=[k[0] for k in KINKS]
)
def test_gradients_at_kinks_follow_pytorch(f, values, expected):
    x = torch.tensor(values, requires_grad=True)
    f(x).sum().backward()
    np.testing.assert_array_equal(to_np(x.grad), np.array(expected, dtype=np.float32))


def test_maximum_ties_split_the_gradient():
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    b = torch.tensor([1.0, 3.0], requires_grad=True)
    torch.maximum(a, b).sum().backward()
    np.testing.assert_array_equal(to_np(a.grad), [0.5, 0.0])
    np.testing.assert_array_equal(to_np(b.grad), [0.5, 1.0])


def test_len_iteration_and_python_sum_are_differentiable():
    x = torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], requires_grad=True)
    assert len(x) == 3
    rows = list(x)
    assert len(rows) == 3
    assert tuple(rows[1].shape) == (2,)
    assert rows[1].requires_grad
    total = sum(r.sum() * (i + 1) for i, r in enumerate(x))
    total.backward()
    np.testing.assert_array_equal(to_np(x.grad), [[1, 1], [2, 2], [3, 3]])
    assert len(torch.zeros(4, 2)) == 4
    with pytest.raises(TypeError):
        len(torch.tensor(1.0))


# ---------------------------------------------------------------- where an op lives

# docs/ops.md: every public function of minigrad.functions has a Tensor method
# of the same name and an op-table row (named as the function, or starting
# with its name and "_"), except where these say why not.
NOT_DIFFERENTIABLE = {
    "allclose": "returns a bool",
    "isclose": "returns a bool tensor",
    "any": "returns a bool tensor",
    "all": "returns a bool tensor",
    "equal": "returns a bool",
    "argmax": "returns int64 indices",
    "argmin": "returns int64 indices",
    "isfinite": "returns a bool tensor",
    "isnan": "returns a bool tensor",
    "is_tensor": "returns a bool",
    "numel": "returns an int",
    "floor_divide": "a step function: PyTorch records NotImplemented",
    "detach": "cuts the graph: no gradient flows",
    "nonzero": "returns int64 indices",
    "argsort": "returns int64 indices",
    "eq": "a comparison: a bool tensor",
    "ne": "a comparison: a bool tensor",
    "lt": "a comparison: a bool tensor",
    "le": "a comparison: a bool tensor",
    "gt": "a comparison: a bool tensor",
    "ge": "a comparison: a bool tensor",
    "isinf": "returns a bool tensor",
    "logical_not": "returns a bool tensor",
    "logical_and": "returns a bool tensor",
    "logical_or": "returns a bool tensor",
    "logical_xor": "returns a bool tensor",
    "argwhere": "returns int64 indices",
}
NO_METHOD_IN_PYTORCH = {"cat", "concat", "stack", "is_tensor", "hstack", "vstack"}
NO_METHOD_IN_PYTORCH |= {"cdist"}  # (torch.cdist only)
ROW_OF_ALIAS = {"clip": "clamp", "concat": "cat", "chunk": "split_chunk"}
# more tensor ops (ops/shape_more.py)
NOT_DIFFERENTIABLE.update(
    {
        "count_nonzero": "returns int64 counts",
        "bincount": "returns counts (weighted: PyTorch records NotImplemented)",
        "histc": "returns counts (PyTorch records no gradient)",
        "unique": "picks values: PyTorch's Unique2Backward0 refuses a gradient",
        "bernoulli": "random draws: the gradient is zero (test_more_tensor_ops.py)",
    }
)
NO_METHOD_IN_PYTORCH |= {"var_mean", "std_mean", "meshgrid", "broadcast_tensors"}
ROW_OF_ALIAS.update({"moveaxis": "movedim", "swapdims": "swapaxes"})

# more elementwise functions (ops/elementwise_more.py)
NOT_DIFFERENTIABLE.update(
    {
        "heaviside": "a step function: PyTorch records NotImplemented",
        "signbit": "returns a bool tensor",
        "isposinf": "returns a bool tensor",
        "isneginf": "returns a bool tensor",
        "isreal": "returns a bool tensor",
        "bitwise_and": "integers and bools only",
        "bitwise_or": "integers and bools only",
        "bitwise_xor": "integers and bools only",
        "bitwise_not": "integers and bools only",
    }
)


# more functions (ops/misc_more.py)
NOT_DIFFERENTIABLE.update({"is_floating_point": "returns a bool"})
NOT_DIFFERENTIABLE.update(
    {
        "isin": "returns a bool tensor",
        "unique_consecutive": "picks values: PyTorch's node refuses a gradient",
    }
)
NO_METHOD_IN_PYTORCH |= {"isin", "vander"}
NO_METHOD_IN_PYTORCH |= {"row_stack", "is_floating_point"}  # (Tensor has the method)
ROW_OF_ALIAS.update({"row_stack": "vstack"})

# numpy's names (aliases) and more small functions (test_aliases_more.py)
ROW_OF_ALIAS.update(
    {
        "arcsin": "asin",
        "arccos": "acos",
        "arctan": "atan",
        "arctan2": "atan2",
        "arcsinh": "asinh",
        "arccosh": "acosh",
        "arctanh": "atanh",
        "concatenate": "cat",
        "fix": "trunc",
    }
)
NOT_DIFFERENTIABLE.update(
    {
        "greater": "a comparison: a bool tensor",
        "greater_equal": "a comparison: a bool tensor",
        "less": "a comparison: a bool tensor",
        "less_equal": "a comparison: a bool tensor",
        "not_equal": "a comparison: a bool tensor",
        "gcd": "integers only",
        "lcm": "integers only",
        "is_complex": "returns a bool",
        "broadcast_shapes": "returns a Size",
    }
)
NO_METHOD_IN_PYTORCH |= {"concatenate", "broadcast_shapes"}


@minigrad_only
def test_every_public_function_has_its_method_and_op_table_row():
    import inspect

    from minigrad import functions

    public = [
        name
        for name, f in vars(functions).items()
        if not name.startswith("_")
        and inspect.isfunction(f)
        and f.__module__ == functions.__name__
    ]
    assert len(public) > 40
    rows = {spec.name for spec in OPS}
    for name in public:
        assert getattr(torch, name) is getattr(functions, name), (
            f"minigrad.{name} is not exported in minigrad/__init__.py"
        )
        if name not in NO_METHOD_IN_PYTORCH:
            assert hasattr(torch.Tensor, name), f"Tensor.{name} is missing"
        if name in NOT_DIFFERENTIABLE:
            continue
        row = ROW_OF_ALIAS.get(name, name)
        assert row in rows or any(r.startswith(row + "_") for r in rows), (
            f"{name} has no row in tests/minigrad/op_table.py"
        )
