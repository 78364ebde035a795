"""scatter_reduce and index_reduce: values (every reduce, include_self,
positions no index names, integer mean), node names, in-place forms, bad
input, and gradients (PyTorch's: zeros of a product, ties of amax/amin)
checked against hard-coded PyTorch 2.13 values and numerical derivatives.

With MINIGRAD_TEST_BACKEND=torch these run against PyTorch 2.13 too.
"""

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from mg_testutil import IS_TORCH, assert_close, hyp, to_np, torch

# Until the ops are wired into Tensor and the top-level module, call them
# from their module (minigrad) or from the backend itself (PyTorch).
if hasattr(torch.Tensor, "scatter_reduce"):

    def scatter_reduce(x, *args, **kwargs):
        return x.scatter_reduce(*args, **kwargs)

    def scatter_reduce_(x, *args, **kwargs):
        return x.scatter_reduce_(*args, **kwargs)

else:
    from minigrad.ops.scatter_reduce import scatter_reduce as _scatter_reduce

    scatter_reduce = _scatter_reduce

    def scatter_reduce_(x, *args, **kwargs):
        return x._inplace(_scatter_reduce, *args, **kwargs)


if hasattr(torch.Tensor, "index_reduce"):

    def index_reduce(x, *args, **kwargs):
        return x.index_reduce(*args, **kwargs)

    def index_reduce_(x, *args, **kwargs):
        return x.index_reduce_(*args, **kwargs)

else:
    from minigrad.ops.scatter_reduce import index_reduce as _index_reduce

    index_reduce = _index_reduce

    def index_reduce_(x, *args, **kwargs):
        return x._inplace(_index_reduce, *args, **kwargs)


@pytest.fixture(autouse=True)
def _quiet_beta_warning():
    # (index_reduce warns once that it is in beta, as PyTorch does)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        yield


def node(t):
    return type(t.grad_fn).__name__


# A self with a zero and a 2 that ties src's 2s; src with zeros and ties.
X = [[1.0, 0.0, 3.0], [2.0, 5.0, 2.0]]
SRC = [[2.0, 0.0, 3.0], [2.0, 0.0, 1.0]]
INDEX = [[0, 0, 0], [0, 0, 0]]  # every src element into row 0; row 1 untouched
GRAD = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]

# reduce, include_self -> (out, grad of self, grad of src), from PyTorch 2.13
T = 2 / 3
SCATTER_EXPECTED = {
    ("sum", True): (
        [[5, 0, 7], [2, 5, 2]],
        [[1, 2, 3], [4, 5, 6]],
        [[1, 2, 3], [1, 2, 3]],
    ),
    ("sum", False): (
        [[4, 0, 4], [2, 5, 2]],
        [[0, 0, 0], [4, 5, 6]],
        [[1, 2, 3], [1, 2, 3]],
    ),
    ("prod", True): (
        [[4, 0, 9], [2, 5, 2]],
        [[4, 0, 9], [4, 5, 6]],
        [[2, 0, 9], [2, 0, 27]],
    ),
    ("prod", False): (
        [[4, 0, 3], [2, 5, 2]],
        [[0, 0, 0], [4, 5, 6]],
        [[2, 0, 3], [2, 0, 9]],
    ),
    ("mean", True): (
        [[5 / 3, 0, 7 / 3], [2, 5, 2]],
        [[1 / 3, T, 1], [4, 5, 6]],
        [[1 / 3, T, 1], [1 / 3, T, 1]],
    ),
    ("mean", False): (
        [[2, 0, 2], [2, 5, 2]],
        [[0, 0, 0], [4, 5, 6]],
        [[0.5, 1, 1.5], [0.5, 1, 1.5]],
    ),
    ("amax", True): (
        [[2, 0, 3], [2, 5, 2]],
        [[0, T, 1.5], [4, 5, 6]],
        [[0.5, T, 1.5], [0.5, T, 0]],
    ),
    # PyTorch counts self among the ties even when it is left out (column 1:
    # self's 0 equals the result): each src 0 gets a third, self's is dropped
    ("amax", False): (
        [[2, 0, 3], [2, 5, 2]],
        [[0, 0, 0], [4, 5, 6]],
        [[0.5, T, 1.5], [0.5, T, 0]],
    ),
    ("amin", True): (
        [[1, 0, 1], [2, 5, 2]],
        [[1, T, 0], [4, 5, 6]],
        [[0, T, 0], [0, T, 3]],
    ),
    ("amin", False): (
        [[2, 0, 1], [2, 5, 2]],
        [[0, 0, 0], [4, 5, 6]],
        [[0.5, T, 0], [0.5, T, 3]],
    ),
}


def leaves():
    x = torch.tensor(X, requires_grad=True)
    src = torch.tensor(SRC, requires_grad=True)
    return x, src


# ---------------------------------------------------------------- values and grads


@pytest.mark.parametrize("reduce, include_self", list(SCATTER_EXPECTED))
def test_scatter_reduce_values_and_pytorchs_gradients(reduce, include_self):
    x, src = leaves()
    out = scatter_reduce(
        x * 1, 0, torch.tensor(INDEX), src * 1, reduce, include_self=include_self
    )
    out.backward(torch.tensor(GRAD))
    want_out, want_x, want_src = SCATTER_EXPECTED[reduce, include_self]
    assert_close(to_np(out), np.array(want_out, dtype=np.float32))
    assert_close(to_np(x.grad), np.array(want_x, dtype=np.float32))
    assert_close(to_np(src.grad), np.array(want_src, dtype=np.float32))


# index_reduce of rows 0, 0, 2 of a 3x3 self (row 1 untouched), from PyTorch
INDEX_EXPECTED = {
    ("prod", True): (
        [[4, 0, 9], [2, 5, 2], [28, 40, 18]],
        [[0, 0, 6], [3, 4, 5], [24, 35, 16]],
        [[0, 0, 6], [0, 0, 18], [42, 56, 72]],
    ),
    ("mean", False): (
        [[2, 0, 2], [2, 5, 2], [4, 5, 2]],
        [[0, 0, 0], [3, 4, 5], [0, 0, 0]],
        [[0, 0.5, 1], [0, 0.5, 1], [6, 7, 8]],
    ),
    ("amax", True): (
        [[2, 0, 3], [2, 5, 2], [7, 8, 9]],
        [[0, 1 / 3, 1], [3, 4, 5], [6, 7, 8]],
        [[0, 1 / 3, 1], [0, 1 / 3, 0], [0, 0, 0]],
    ),
    ("amin", False): (
        [[2, 0, 1], [2, 5, 2], [4, 5, 2]],
        [[0, 0, 0], [3, 4, 5], [0, 0, 0]],
        [[0, 1 / 3, 0], [0, 1 / 3, 2], [6, 7, 8]],
    ),
}


@pytest.mark.parametrize("reduce, include_self", list(INDEX_EXPECTED))
def test_index_reduce_values_and_pytorchs_gradients(reduce, include_self):
    x = torch.tensor(X + [[7.0, 8.0, 9.0]], requires_grad=True)
    source = torch.tensor(SRC + [[4.0, 5.0, 2.0]], requires_grad=True)
    index = torch.tensor([0, 0, 2])
    out = index_reduce(x * 1, 0, index, source * 1, reduce, include_self=include_self)
    out.backward(torch.arange(9.0).reshape(3, 3))
    want_out, want_x, want_source = INDEX_EXPECTED[reduce, include_self]
    assert_close(to_np(out), np.array(want_out, dtype=np.float32))
    assert_close(to_np(x.grad), np.array(want_x, dtype=np.float32))
    assert_close(to_np(source.grad), np.array(want_source, dtype=np.float32))


def test_integer_mean_is_floor_division():
    x = torch.tensor([-7, 2, 3])
    index, src = torch.tensor([0, 0]), torch.tensor([4, -5])
    # (-7 + 4 - 5) / 3 = -2.67 -> -3;  (4 - 5) / 2 = -0.5 -> -1
    assert scatter_reduce(x, 0, index, src, "mean").tolist() == [-3, 2, 3]
    out = scatter_reduce(x, 0, index, src, "mean", include_self=False)
    assert out.tolist() == [-1, 2, 3]
    out = index_reduce(x, 0, index, src, "mean", include_self=False)
    assert out.tolist() == [-1, 2, 3]


@pytest.mark.parametrize(
    "reduce, want",
    [
        ("sum", [6, -9, 4]),
        ("prod", [8, -9, 4]),
        ("amax", [4, -9, 4]),
        ("amin", [2, -9, 4]),
    ],
)
def test_integer_reduce_without_self_starts_afresh(reduce, want):
    # (amax/amin start from the dtype's extremes: -9 must not win in row 0)
    x = torch.tensor([-9, -9, 4])
    out = scatter_reduce(
        x, 0, torch.tensor([0, 0]), torch.tensor([2, 4]), reduce, include_self=False
    )
    assert out.tolist() == want
    assert out.dtype == torch.int64


def test_nan_wins_amax_and_amin():
    x = torch.tensor([1.0, 2.0])
    src = torch.tensor([3.0, float("nan")])
    for reduce in ("amax", "amin"):
        out = scatter_reduce(x, 0, torch.tensor([0, 0]), src, reduce)
        assert np.isnan(to_np(out)[0]) and to_np(out)[1] == 2.0


def test_zero_dim_and_empty_index():
    out = scatter_reduce(
        torch.tensor(5.0), 0, torch.tensor(0), torch.tensor(3.0), "sum"
    )
    assert out.shape == () and out.item() == 8.0
    out = index_reduce(
        torch.tensor(5.0), 0, torch.tensor([0]), torch.tensor(3.0), "prod"
    )
    assert out.item() == 15.0
    empty = torch.tensor([], dtype=torch.int64)
    out = scatter_reduce(
        torch.tensor([1.0, 2.0]), 0, empty, torch.tensor([3.0]), "amax"
    )
    assert out.tolist() == [1.0, 2.0]


def test_int32_index_is_accepted():
    out = scatter_reduce(
        torch.zeros(3), 0, torch.tensor([2, 2], dtype=torch.int32), torch.ones(2), "sum"
    )
    assert out.tolist() == [0.0, 0.0, 2.0]


# ---------------------------------------------------------------- nodes, in place


@pytest.mark.parametrize("reduce", ["sum", "prod", "mean", "amax", "amin"])
def test_node_names_are_pytorchs(reduce):
    x, src = leaves()
    out = scatter_reduce(x, 0, torch.tensor(INDEX), src, reduce)
    assert node(out) == "ScatterReduceBackward0"
    if reduce != "sum":
        out = index_reduce(x, 1, torch.tensor([0, 2, 2]), src, reduce)
        assert node(out) == "IndexReduceBackward0"


def test_in_place_forms_change_the_tensor_and_record_the_node():
    x, src = leaves()
    y = x * 1
    returned = scatter_reduce_(y, 0, torch.tensor(INDEX), src, "amax")
    assert returned is y and node(y) == "ScatterReduceBackward0"
    assert_close(to_np(y), np.array([[2, 0, 3], [2, 5, 2]], dtype=np.float32))
    y.backward(torch.tensor(GRAD))
    assert_close(to_np(x.grad), np.array([[0, T, 1.5], [4, 5, 6]], dtype=np.float32))
    z = x * 1
    index_reduce_(z, 1, torch.tensor([0, 0, 0]), src, "prod", include_self=False)
    assert node(z) == "IndexReduceBackward0"
    assert to_np(z)[:, 0].tolist() == [0.0, 0.0]


# ---------------------------------------------------------------- bad input


def _scatter_call(**changes):
    args = dict(
        x=torch.zeros(2, 3),
        dim=0,
        index=torch.tensor([[0, 1, 0], [1, 0, 1]]),
        src=torch.ones(2, 3),
        reduce="sum",
    )
    args.update(changes)
    return lambda: scatter_reduce(
        args["x"], args["dim"], args["index"], args["src"], args["reduce"]
    )


@pytest.mark.parametrize(
    "call, error, message",
    [
        (
            _scatter_call(reduce="bad"),
            RuntimeError,
            "reduce argument must be either sum, prod, mean, amax or amin, got bad",
        ),
        (
            _scatter_call(reduce=5),
            TypeError,
            "argument 'reduce' (position 4) must be str",
        ),
        (
            _scatter_call(index=torch.tensor([[0.0, 1, 0]])),
            RuntimeError,
            "scatter(): Expected dtype int32/int64 for index",
        ),
        (
            _scatter_call(src=torch.ones(2, 3, dtype=torch.float64)),
            RuntimeError,
            "scatter(): Expected self.dtype to be equal to src.dtype",
        ),
        (_scatter_call(dim=2), IndexError, "Dimension out of range"),
        (_scatter_call(dim=1.0), TypeError, "argument 'dim' (position 1) must be int"),
        (
            _scatter_call(src=3.0),
            TypeError,
            "argument 'src' (position 3) must be Tensor",
        ),
        (
            _scatter_call(index=torch.tensor([0, 1])),
            RuntimeError,
            "Index tensor must have the same number of dimensions as self tensor",
        ),
        (
            _scatter_call(src=torch.ones(1, 3)),
            RuntimeError,
            "Expected index [2, 3] to be no larger than self [2, 3] apart from "
            "dimension 0 and to be no larger size than src [1, 3]",
        ),
        (
            _scatter_call(index=torch.tensor([[0, 5, 0]])),
            RuntimeError,
            "index 5 is out of bounds for dimension 0 with size 2",
        ),
        (
            _scatter_call(index=torch.tensor([[0, -1, 0]])),
            RuntimeError,
            "index -1 is out of bounds for dimension 0 with size 2",
        ),
        (
            lambda: scatter_reduce(
                torch.zeros(2),
                0,
                torch.tensor([0]),
                torch.ones(2),
                "sum",
                include_self=1,
            ),
            TypeError,
            "argument 'include_self' must be bool, not int",
        ),
        (
            _scatter_call(
                x=torch.tensor([True, False]),
                index=torch.tensor([0]),
                src=torch.tensor([True]),
                reduce="mean",
            ),
            NotImplementedError,
            "\"scatter_gather_tensor_cpu_reduce_mean\" not implemented for 'Bool'",
        ),
    ],
)
def test_scatter_reduce_bad_input_raises_pytorchs_errors(call, error, message):
    with pytest.raises(error) as caught:
        call()
    assert str(caught.value).startswith(message) or message in str(caught.value)


def _index_call(index=(0, 1), source=None, reduce="prod", dim=0, x=None):
    x = torch.zeros(2, 3) if x is None else x
    source = torch.ones(2, 3) if source is None else source
    index = torch.tensor(index) if not hasattr(index, "shape") else index
    return lambda: index_reduce(x, dim, index, source, reduce)


@pytest.mark.parametrize(
    "call, error, message",
    [
        (
            _index_call(reduce="sum"),
            RuntimeError,
            "index_reduce(): Expected reduce to be one of prod, mean, amax or amin but "
            "got sum.",
        ),
        (
            _index_call(index=torch.tensor([0.0, 1.0])),
            RuntimeError,
            "index_reduce_(): Expected dtype int32/int64 for index but got: Float",
        ),
        (
            _index_call(index=[[0, 1]]),
            IndexError,
            "index_reduce_(): Index is supposed to be a vector, but got dim: 2 with "
            "type: Long and size: [1, 2]",
        ),
        (
            _index_call(index=[0, 0, 1]),
            RuntimeError,
            "index_reduce_(): Number of indices (3) should be equal to "
            "source.size(dim): (2), for dim: 0",
        ),
        (_index_call(index=[0, 5]), IndexError, "index out of range in self"),
        (_index_call(index=[0, -1]), IndexError, "index out of range in self"),
        (
            _index_call(source=torch.ones(2, 4)),
            RuntimeError,
            "source tensor shape must match self tensor shape, excluding the "
            "specified dimension. Got self.shape = [2, 3] source.shape = [2, 4]",
        ),
        (
            _index_call(source=torch.ones(2, 3, dtype=torch.float64)),
            RuntimeError,
            "index_reduce_(): self (Float) and source (Double) must have the same "
            "scalar type",
        ),
        (
            _index_call(dim=1, source=torch.ones(2)),
            RuntimeError,
            "index_reduce_(): Indexing dim 1 is out of bounds of the source tensor "
            "with dim 1",
        ),
        (_index_call(dim=2), IndexError, "Dimension out of range"),
        (
            _index_call(
                x=torch.tensor([True, False]), index=[0], source=torch.tensor([True])
            ),
            NotImplementedError,
            "\"index_func_\" not implemented for 'Bool'",
        ),
    ],
)
def test_index_reduce_bad_input_raises_pytorchs_errors(call, error, message):
    with pytest.raises(error) as caught:
        call()
    assert str(caught.value).startswith(message)


# ---------------------------------------------------------------- numerical checks


@st.composite
def scatter_cases(draw):
    """A float64 self, index and src of 1 to 3 dims along a random dim, with
    values far apart (amax/amin have no ties, so the derivative exists) and
    nonzero or one zero per product at most."""
    ndim = draw(st.integers(1, 3))
    shape = draw(st.lists(st.integers(1, 3), min_size=ndim, max_size=ndim))
    dim = draw(st.integers(-ndim, ndim - 1))
    d = dim % ndim
    index_shape = [
        draw(st.integers(1, 4)) if k == d else draw(st.integers(1, n))
        for k, n in enumerate(shape)
    ]
    seed = draw(st.integers(0, 2**16))
    rng = np.random.default_rng(seed)
    index = rng.integers(0, shape[d], index_shape)
    # distinct values, kept away from 0 (a product over two zeros has a
    # zero derivative everywhere PyTorch cannot reach with a difference)
    values = rng.permutation(np.arange(1, 1 + np.prod(shape) + np.prod(index_shape)))
    values = values * rng.choice([-0.1, 0.1], values.size)
    x = values[: np.prod(shape)].reshape(shape)
    src = values[np.prod(shape) :].reshape(index_shape)
    reduce = draw(st.sampled_from(["sum", "prod", "mean", "amax", "amin"]))
    include_self = draw(st.booleans())
    return x, src, dim, index, reduce, include_self


@hyp(40)
@given(scatter_cases())
def test_scatter_reduce_gradients_match_numerical_differentiation(case):
    x, src, dim, index, reduce, include_self = case
    inputs = (
        torch.tensor(x, requires_grad=True),
        torch.tensor(src, requires_grad=True),
    )

    def fn(a, s):
        return scatter_reduce(
            a, dim, torch.tensor(index), s, reduce, include_self=include_self
        )

    assert torch.autograd.gradcheck(fn, inputs, eps=1e-6, atol=1e-5)


@pytest.mark.parametrize("reduce", ["prod", "mean", "amax", "amin"])
@pytest.mark.parametrize("include_self", [True, False])
def test_index_reduce_gradients_match_numerical_differentiation(reduce, include_self):
    rng = np.random.default_rng(1)
    values = rng.permutation(np.arange(1.0, 25.0)) * 0.1
    x = torch.tensor(values[:12].reshape(3, 4), requires_grad=True)
    source = torch.tensor(values[12:].reshape(3, 4), requires_grad=True)

    def fn(a, s):
        index = torch.tensor([2, 0, 2, 2])
        return index_reduce(a, 1, index, s, reduce, include_self=include_self)

    assert torch.autograd.gradcheck(fn, (x, source), eps=1e-6, atol=1e-5)


@pytest.mark.parametrize("zeros", [[0.0, 1.5], [0.0, 0.0]])
def test_prod_gradient_through_zeros_matches_numerical_differentiation(zeros):
    # one zero: its gradient is the product of the others; two: all 0
    x = torch.tensor([2.0, -3.0], dtype=torch.float64, requires_grad=True)
    src = torch.tensor(zeros + [0.5], dtype=torch.float64, requires_grad=True)

    def fn(a, s):
        return scatter_reduce(a, 0, torch.tensor([0, 0, 1]), s, "prod")

    assert torch.autograd.gradcheck(fn, (x, src), eps=1e-6, atol=1e-5)


@pytest.mark.parametrize("reduce", ["sum", "mean", "prod"])
def test_second_derivatives_match_numerical_differentiation(reduce):
    x = torch.tensor([[0.5, -1.5], [2.0, 0.7]], dtype=torch.float64, requires_grad=True)
    src = torch.tensor(
        [[1.2, 0.3], [-0.8, 1.1]], dtype=torch.float64, requires_grad=True
    )

    def fn(a, s):
        return scatter_reduce(a, 0, torch.tensor([[0, 0], [0, 1]]), s, reduce)

    assert torch.autograd.gradgradcheck(fn, (x, src), eps=1e-6, atol=1e-5)


@pytest.mark.skipif(IS_TORCH, reason="PyTorch's backward raises for this src")
def test_a_src_larger_than_the_index_gets_zeros_where_unused():
    x = torch.zeros(2, requires_grad=True)
    src = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    scatter_reduce(x, 0, torch.tensor([1]), src, "sum").sum().backward()
    assert src.grad.tolist() == [1.0, 0.0, 0.0]
