"""scatter, scatter_add, index_add, index_fill, index_copy, masked_select,
masked_scatter, take_along_dim and fill_diagonal_: what the op table does not
check (values and gradients are its rows, `SCATTER_OPS` in `op_table.py`).

Node names, in-place forms, PyTorch's gradients where they are not the true
derivative (a position written twice), 0-d tensors, and bad input. With
MINIGRAD_TEST_BACKEND=torch these run against PyTorch 2.13 too; the tests of
minigrad's own choices are marked `minigrad_only`.
"""

import warnings

import numpy as np
import pytest
from mg_testutil import assert_close, minigrad_only, to_np, torch


def node(t):
    return type(t.grad_fn).__name__


def edges(t):
    return [
        type(n).__name__ if n is not None else None for n, _ in t.grad_fn.next_functions
    ]


X = np.arange(12.0, dtype=np.float32).reshape(3, 4)
INDEX = [[0, 1, 2, 0], [1, 2, 0, 1]]


def leaf(values):
    return torch.tensor(np.asarray(values, dtype=np.float32), requires_grad=True)


# ---------------------------------------------------------------- node names


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda x, s, i: x.scatter(0, i, s[:2]), "ScatterBackward0"),
        (lambda x, s, i: x.scatter(0, i, 2.5), "ScatterBackward1"),
        (lambda x, s, i: torch.scatter(x, 0, i, value=2.5), "ScatterBackward1"),
        (lambda x, s, i: x.scatter_add(0, i, s[:2]), "ScatterAddBackward0"),
        (lambda x, s, i: x.index_add(1, i[0, :3], s[:, :3]), "IndexAddBackward0"),
        (lambda x, s, i: x.index_fill(1, i[0], 1.0), "IndexFillBackward0"),
        (lambda x, s, i: x.index_fill(1, i[0], s[0, 0]), "IndexFillBackward1"),
        (lambda x, s, i: x.index_copy(1, i[0, 1:3], s[:, :2]), "IndexCopyBackward0"),
        (lambda x, s, i: x.masked_select(x > 4), "MaskedSelectBackward0"),
        (lambda x, s, i: x.masked_scatter(x > 4, s), "MaskedScatterBackward0"),
        (lambda x, s, i: x.take_along_dim(i[:1], 0), "GatherBackward0"),
        (lambda x, s, i: (x * 1).fill_diagonal_(0.0), "CopySlices"),
    ],
)
def test_node_names_are_pytorchs(call, name):
    x = leaf(X)
    s = leaf(X + 100)
    y = call(x, s, torch.tensor(INDEX))
    assert node(y) == name


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda y, s, i: y.scatter_(0, i, s[:2]), "ScatterBackward0"),
        (lambda y, s, i: y.scatter_(0, i, -1.0), "ScatterBackward1"),
        (lambda y, s, i: y.scatter_add_(0, i, s[:2]), "ScatterAddBackward0"),
        (
            lambda y, s, i: y.index_add_(1, i[0, :3], s[:, :3], alpha=2),
            "IndexAddBackward0",
        ),
        (lambda y, s, i: y.index_fill_(1, i[0], 0.5), "IndexFillBackward0"),
        (lambda y, s, i: y.index_copy_(1, i[0, 1:3], s[:, :2]), "IndexCopyBackward0"),
        (lambda y, s, i: y.masked_scatter_(y > 4, s), "MaskedScatterBackward0"),
    ],
)
def test_in_place_forms_record_the_ops_node_over_the_old_history(call, name):
    x = leaf(X)
    s = leaf(X + 100)
    y = x * 1.0
    version = y._version
    out = call(y, s, torch.tensor(INDEX))
    assert out is y
    assert y._version > version
    assert node(y) == name
    assert edges(y)[0] == "MulBackward0"
    y.sum().backward()
    assert x.grad is not None


def test_in_place_form_equals_the_out_of_place_one():
    i = torch.tensor(INDEX)
    s = torch.tensor(X[:2] + 100)
    y = torch.tensor(X)
    y.scatter_add_(0, i, s)
    assert_close(y, torch.tensor(X).scatter_add(0, i, s), rtol=0, atol=0)


def test_a_number_is_no_input_of_the_node():
    x = leaf(X)
    assert edges(x.scatter(0, torch.tensor(INDEX), 2.0)) == ["AccumulateGrad"]
    assert edges(x.index_fill(0, torch.tensor([1]), 2.0)) == ["AccumulateGrad"]
    v = leaf(3.0)
    assert edges(x.index_fill(0, torch.tensor([1]), v)) == ["AccumulateGrad"] * 2


# ---------------------------------------------------------------- values


def test_scatter_writes_src_and_value():
    x = torch.zeros(3, 4)
    i = torch.tensor(INDEX)
    out = x.scatter(0, i, torch.tensor(X[:2] + 1))
    expected = np.zeros((3, 4))
    for r, row in enumerate(INDEX):
        for c, k in enumerate(row):
            expected[k, c] = X[r, c] + 1
    assert_close(out, expected, rtol=0, atol=0)
    assert_close(x.scatter(1, torch.tensor([[3], [0], [1]]), 7.0).sum(), 21.0)


def test_scatter_reduce_add_and_multiply():
    x = torch.ones(4)
    i = torch.tensor([0, 0, 2])
    s = torch.tensor([2.0, 3.0, 4.0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert x.scatter(0, i, s, reduce="add").tolist() == [6.0, 1.0, 5.0, 1.0]
        assert x.scatter(0, i, s, reduce="multiply").tolist() == [6.0, 1.0, 4.0, 1.0]
    assert x.scatter(0, i, 2.0, reduce="add").tolist() == [5.0, 1.0, 3.0, 1.0]
    ints = torch.ones(3, dtype=torch.int64)
    assert ints.scatter(0, torch.tensor([0, 0]), 3, reduce="multiply").tolist() == [
        9,
        1,
        1,
    ]


@minigrad_only  # (PyTorch warns once per process, so only the first test sees it)
def test_scatter_reduce_with_a_tensor_src_warns_it_is_deprecated():
    with pytest.warns(UserWarning, match="scatter_reduce"):
        torch.ones(2).scatter(0, torch.tensor([0]), torch.ones(1), reduce="add")


def test_scatter_reduce_has_no_gradient():
    x = leaf([1.0, 2.0])
    y = x.scatter(0, torch.tensor([0]), 2.0, reduce="multiply")
    assert node(y) == "NotImplemented"
    with pytest.raises(RuntimeError, match="derivative for aten::scatter is not"):
        y.sum().backward()


def test_integer_and_bool_tensors():
    ints = torch.zeros(3, dtype=torch.int64)
    i = torch.tensor([0, 0])
    assert ints.scatter_add(0, i, torch.tensor([2, 3])).tolist() == [5, 0, 0]
    assert ints.index_add(0, i, torch.tensor([2, 3]), alpha=2).tolist() == [10, 0, 0]
    assert ints.scatter(0, i, 2.7).tolist() == [2, 0, 0]  # (cast, as PyTorch)
    assert ints.index_fill(0, i, 2.7).dtype == torch.int64
    flags = torch.zeros(2, 2, dtype=torch.bool)
    assert flags.index_fill(0, torch.tensor([1]), 2.5).tolist() == [
        [False, False],
        [True, True],
    ]


def test_index_ops_on_slices():
    x = torch.tensor(X)
    s = torch.tensor(X[:, :3] + 100)
    i = torch.tensor([0, 2, 0])
    assert x.index_add(1, i, s).tolist()[0] == [202.0, 1.0, 103.0, 3.0]
    assert torch.index_add(x, 1, i, s, alpha=2).tolist()[0] == [404.0, 1.0, 204.0, 3.0]
    assert x.index_fill(1, torch.tensor([-1]), 0.5)[:, 3].tolist() == [0.5] * 3
    assert x.index_fill(1, torch.tensor(1), 0.5)[:, 1].tolist() == [0.5] * 3
    copied = x.index_copy(1, torch.tensor([3, 1]), s[:, :2])
    assert copied.tolist()[0] == [0.0, 101.0, 2.0, 100.0]


def test_zero_dimensional_tensors():
    five = torch.tensor(5.0)
    assert five.scatter(0, torch.tensor(0), torch.tensor(7.0)).item() == 7.0
    assert five.scatter(0, torch.tensor([0]), torch.tensor([7.0])).item() == 7.0
    assert five.index_add(0, torch.tensor(0), torch.tensor(3.0)).item() == 8.0
    assert five.index_copy(0, torch.tensor([0]), torch.tensor([1.0])).item() == 1.0
    assert torch.tensor([2.0, 3.0]).index_copy(0, torch.tensor([1]), five).tolist() == [
        2.0,
        5.0,
    ]
    assert five.masked_select(torch.tensor(True)).tolist() == [5.0]
    assert five.masked_select(torch.tensor(False)).shape == (0,)
    assert five.take_along_dim(torch.tensor(0)).tolist() == [5.0]


def test_masked_select_and_scatter_broadcast():
    x = torch.tensor(X[:2, :3])
    row = torch.tensor([True, False, True])
    assert x.masked_select(row).tolist() == [0.0, 2.0, 4.0, 6.0]
    mask = torch.tensor([[True, False, True], [False, True, False]])
    assert torch.tensor([1.0, 2.0, 3.0]).masked_select(mask).tolist() == [1.0, 3.0, 2.0]
    src = torch.tensor([7.0, 8.0, 9.0, 10.0])
    out = torch.tensor([1.0, 2.0, 3.0]).masked_scatter(mask, src)
    assert out.tolist() == [[7.0, 2.0, 8.0], [1.0, 9.0, 3.0]]


def test_take_along_dim_broadcasts_and_counts_negatives_from_the_end():
    x = torch.tensor(X)
    assert x.take_along_dim(x.argmax(1, keepdim=True), 1).tolist() == [
        [3.0],
        [7.0],
        [11.0],
    ]
    assert x.take_along_dim(torch.tensor([[0, 3]]), 1).tolist()[2] == [8.0, 11.0]
    assert x.take_along_dim(torch.tensor([[-1], [-4], [0]]), 1).tolist() == [
        [3.0],
        [4.0],
        [8.0],
    ]
    assert torch.take_along_dim(x, torch.tensor([11, 0])).tolist() == [11.0, 0.0]


@pytest.mark.parametrize("shape", [(3, 3), (5, 3), (3, 5), (7, 3), (2, 2, 2)])
@pytest.mark.parametrize("wrap", [False, True])
def test_fill_diagonal_as_numpy(shape, wrap):
    expected = np.zeros(shape)
    np.fill_diagonal(expected, 1.0, wrap=wrap)
    out = torch.zeros(shape)
    assert out.fill_diagonal_(1.0, wrap=wrap) is out
    assert_close(out, expected, rtol=0, atol=0)


# ---------------------------------------------------------------- gradients


def test_scatter_src_gradient_is_gathered_even_for_a_position_written_twice():
    # PyTorch's rule: src's gradient is grad.gather(dim, index), so both
    # elements that named position 0 get its gradient (one of them lost).
    x = leaf([0.0, 0.0, 0.0])
    s = leaf([1.0, 2.0, 3.0])
    y = x.scatter(0, torch.tensor([0, 0, 2]), s)
    (y * torch.tensor([10.0, 20.0, 30.0])).sum().backward()
    assert s.grad.tolist() == [10.0, 10.0, 30.0]
    assert x.grad.tolist() == [0.0, 20.0, 0.0]


def test_index_copy_source_gradient_for_a_position_named_twice():
    x = leaf([0.0, 0.0])
    s = leaf([1.0, 2.0])
    y = x.index_copy(0, torch.tensor([1, 1]), s)
    (y * torch.tensor([10.0, 20.0])).sum().backward()
    assert s.grad.tolist() == [20.0, 20.0]
    assert x.grad.tolist() == [10.0, 0.0]


def test_index_fill_value_gradient_counts_each_slice_once():
    x = leaf(X)
    v = leaf(3.0)
    y = x.index_fill(1, torch.tensor([0, 2, 0]), v)
    w = torch.arange(1.0, 13.0).reshape(3, 4)
    (y * w).sum().backward()
    assert v.grad.item() == 1 + 3 + 5 + 7 + 9 + 11
    assert x.grad[:, 1].tolist() == [2.0, 6.0, 10.0]


def test_index_fill_value_gradient_has_the_values_dtype():
    x = leaf(X)
    v = torch.tensor(3.0, dtype=torch.float64, requires_grad=True)
    x.index_fill(1, torch.tensor([1]), v).sum().backward()
    assert v.grad.dtype == torch.float64
    assert v.grad.item() == 3.0


def test_masked_scatter_source_elements_left_over_get_zero():
    x = leaf([1.0, 2.0, 3.0])
    s = leaf([[7.0, 8.0], [9.0, 1.0]])
    mask = torch.tensor([[True, False, True], [False, True, False]])
    y = x.masked_scatter(mask, s)
    w = torch.arange(1.0, 7.0).reshape(2, 3)
    (y * w).sum().backward()
    assert s.grad.tolist() == [[1.0, 3.0], [5.0, 0.0]]
    assert x.grad.tolist() == [4.0, 2.0, 6.0]  # summed over the broadcast rows


def test_masked_select_gradient_sums_back_a_broadcast_input():
    x = leaf([1.0, 2.0, 3.0])
    mask = torch.tensor([[True, False, True], [False, True, False]])
    (x.masked_select(mask) * torch.tensor([1.0, 2.0, 3.0])).sum().backward()
    assert x.grad.tolist() == [1.0, 3.0, 2.0]


def test_take_along_dim_records_expand_then_gather():
    x = leaf(X)
    y = x.take_along_dim(torch.tensor([[0, 3]]), 1)
    assert node(y) == "GatherBackward0"
    assert edges(y) == ["ExpandBackward0"]
    flat = x.take_along_dim(torch.tensor([0, 11, 5, 5]))
    assert edges(flat) == ["ViewBackward0"]
    flat.sum().backward()
    assert x.grad.reshape(-1).tolist()[5] == 2.0


def test_fill_diagonal_gradient_is_zero_on_the_diagonal():
    x = leaf(np.ones((7, 3)))
    y = (x * 1.0).fill_diagonal_(5.0, wrap=True)
    assert node(y) == "CopySlices"
    y.sum().backward()
    expected = np.ones((7, 3))
    np.fill_diagonal(expected, 0.0, wrap=True)
    assert_close(x.grad, expected, rtol=0, atol=0)


@minigrad_only  # (PyTorch's backward raises: the gradient's shape is the index's)
def test_src_larger_than_the_index_gets_zeros_where_unused():
    x = leaf(X)
    s = leaf(X[:2] + 100)
    i = torch.tensor([[0, 1], [1, 2]])
    x.scatter(0, i, s).sum().backward()
    assert s.grad.tolist() == [[1, 1, 0, 0], [1, 1, 0, 0]]
    s.grad = None
    x.scatter_add(0, i, s).sum().backward()
    assert s.grad.tolist() == [[1, 1, 0, 0], [1, 1, 0, 0]]


# ---------------------------------------------------------------- bad input

IDX = torch.tensor(INDEX)
SRC = torch.tensor(X + 100)


@pytest.mark.parametrize(
    "call, error, phrase",
    [
        (
            lambda x: x.scatter(0, IDX.float(), SRC),
            RuntimeError,
            "int32/int64 for index",
        ),
        (
            lambda x: x.scatter(0, IDX + 5, SRC),
            RuntimeError,
            "index 5 is out of bounds",
        ),
        (
            lambda x: x.scatter(0, IDX - 1, SRC),
            RuntimeError,
            "index -1 is out of bounds",
        ),
        (
            lambda x: x.scatter(0, IDX[0], SRC),
            RuntimeError,
            "same number of dimensions",
        ),
        (
            lambda x: x.scatter(0, torch.zeros(3, 5, dtype=torch.int64), SRC),
            RuntimeError,
            "no larger than self",
        ),
        (lambda x: x.scatter(0, IDX, SRC[:1]), RuntimeError, "no larger size than src"),
        (lambda x: x.scatter(0, IDX, SRC.double()), RuntimeError, "self.dtype"),
        (lambda x: x.scatter(2, IDX, SRC), IndexError, "Dimension out of range"),
        (lambda x: x.scatter(0, [[0]], SRC), TypeError, "index"),
        (lambda x: x.scatter(0, IDX, [1.0]), TypeError, "src"),
        (
            lambda x: x.scatter(0, IDX, 2.0, reduce="sum"),
            RuntimeError,
            "add or multiply",
        ),
        (
            lambda x: x.long().scatter(0, IDX, float("inf")),
            RuntimeError,
            "without overflow",
        ),
        (lambda x: x.scatter_add(0, IDX, 1.0), TypeError, "src"),
        (lambda x: x.scatter_add(0, IDX.short(), SRC), RuntimeError, "int32/int64"),
        (lambda x: x.index_add(1, IDX.float()[0], SRC), RuntimeError, "int32/int64"),
        (lambda x: x.index_add(1, IDX[:1, :3], SRC[:, :3]), IndexError, "vector"),
        (
            lambda x: x.index_add(1, IDX[0, :3] + 3, SRC[:, :3]),
            RuntimeError,
            "out of bounds",
        ),
        (
            lambda x: x.index_add(1, IDX[0, :2], SRC[:, :3]),
            RuntimeError,
            "Number of indices",
        ),
        (lambda x: x.index_add(1, IDX[0, :3], SRC[:2, :3]), RuntimeError, "must match"),
        (
            lambda x: x.index_add(1, IDX[0, :3], SRC[0, :3]),
            RuntimeError,
            "Indexing dim 1",
        ),
        (
            lambda x: x.index_add(1, IDX[0, :3], SRC.double()[:, :3]),
            RuntimeError,
            "scalar",
        ),
        (
            lambda x: x.index_add(1, IDX[0, :3], SRC[:, :3], alpha="2"),
            TypeError,
            "alpha",
        ),
        (lambda x: x.index_fill(1, IDX.int()[0], 0.5), IndexError, "int64 for index"),
        (lambda x: x.index_fill(1, IDX, 0.5), RuntimeError, "vector"),
        (lambda x: x.index_fill(1, torch.tensor([-5]), 0.5), IndexError, "-5 is out"),
        (
            lambda x: x.index_fill(1, IDX[0], torch.ones(1)),
            RuntimeError,
            "0-dimensional",
        ),
        (lambda x: x.index_fill(1, IDX[0], "a"), TypeError, "value"),
        (lambda x: x.index_copy(1, IDX.int()[0], SRC), RuntimeError, "int64 for index"),
        (lambda x: x.index_copy(1, IDX, SRC), IndexError, "vector"),
        (
            lambda x: x.index_copy(1, IDX[0] + 3, SRC),
            IndexError,
            "index 4 is out of bounds",
        ),
        (lambda x: x.index_copy(1, IDX[0, :2], SRC), IndexError, "Number of indices"),
        (
            lambda x: x.index_copy(1, IDX[0, :3], SRC[:2, :3]),
            RuntimeError,
            "slice shapes",
        ),
        (lambda x: x.index_copy(1, IDX[0], SRC[0]), IndexError, "dimensionality"),
        (lambda x: x.index_copy(1, IDX[0], SRC.double()), RuntimeError, "same dtype"),
        (lambda x: x.masked_select((x > 3).long()), RuntimeError, "BoolTensor"),
        (lambda x: x.masked_select(torch.ones(2).bool()), RuntimeError, "broadcast"),
        (lambda x: x.masked_select([True]), TypeError, "mask"),
        (
            lambda x: x.masked_scatter((x > 3).long(), SRC),
            RuntimeError,
            "boolean masks",
        ),
        (lambda x: x.masked_scatter(x > 3, SRC[0, :2]), RuntimeError, "source <"),
        (lambda x: x.masked_scatter(x > 3, SRC.double()), RuntimeError, "same dtypes"),
        (lambda x: x.masked_scatter(x > 3, 2.0), TypeError, "source"),
        (lambda x: x.take_along_dim(IDX[0], 1), RuntimeError, "same number of dim"),
        (lambda x: x.take_along_dim(IDX.int(), 1), RuntimeError, "should be Long"),
        (lambda x: x.take_along_dim(IDX[:, :2], 1), RuntimeError, "broadcast"),
        (lambda x: x.take_along_dim(IDX, 2), IndexError, "Dimension out of range"),
        (lambda x: x.take_along_dim(torch.tensor([12])), RuntimeError, "index 12 is"),
        (lambda x: x[0, 0].take_along_dim(IDX[0, 0], 0), IndexError, "no dimensions"),
        (lambda x: x[0].fill_diagonal_(1.0), RuntimeError, "dimensions must larger"),
        (
            lambda x: torch.zeros(2, 3, 3).fill_diagonal_(1.0),
            RuntimeError,
            "equal length",
        ),
        (lambda x: x.fill_diagonal_("a"), TypeError, "fill_value"),
        (lambda x: x.fill_diagonal_(1.0, wrap=1), TypeError, "wrap"),
        (lambda x: x.long().fill_diagonal_(float("nan")), RuntimeError, "overflow"),
    ],
)
def test_bad_input_raises_pytorchs_error_and_changes_nothing(call, error, phrase):
    x = torch.tensor(X, dtype=torch.float32)
    with pytest.raises(error) as caught:
        call(x)
    if torch.__name__ == "minigrad":
        assert phrase in str(caught.value)
    assert_close(x, X.astype(np.float32), rtol=0, atol=0)


@pytest.mark.parametrize(
    "call",
    [
        lambda y: y.scatter_(0, IDX + 5, 1.0),
        lambda y: y.index_add_(1, IDX[0, :2], SRC[:, :3]),
        lambda y: y.index_copy_(1, IDX[0] + 3, SRC),
        lambda y: y.masked_scatter_(y > 3, SRC[0, :2]),
        lambda y: y.index_fill_(1, IDX, 0.5),
    ],
)
@minigrad_only  # (PyTorch's index_copy_ and masked_scatter_ may write part first)
def test_a_failed_in_place_call_leaves_the_tensor_and_its_history(call):
    x = leaf(X)
    y = x * 1.0
    before = (to_np(y), y._version, node(y))
    with pytest.raises((RuntimeError, IndexError)):
        call(y)
    assert (y._version, node(y)) == before[1:]
    np.testing.assert_array_equal(to_np(y), before[0])


def test_in_place_on_a_leaf_that_requires_grad_is_refused():
    with pytest.raises(RuntimeError, match="leaf Variable"):
        leaf(X).index_fill_(0, torch.tensor([0]), 1.0)
    with pytest.raises(RuntimeError, match="leaf Variable"):
        leaf(np.ones((2, 2))).fill_diagonal_(0.0)


def test_in_place_forms_refuse_a_result_of_another_shape():
    mask = torch.tensor([[True, False, True], [False, True, False]])
    with pytest.raises(RuntimeError):
        torch.tensor([1.0, 2.0, 3.0]).masked_scatter_(mask, torch.ones(6))


@minigrad_only  # (PyTorch reads an index past the end as another element)
def test_take_along_dim_refuses_an_index_out_of_range():
    with pytest.raises(RuntimeError, match="index 4 is out of bounds for dimension 1"):
        torch.tensor(X).take_along_dim(torch.tensor([[4]]), 1)
    with pytest.raises(RuntimeError, match="index -5 is out of bounds"):
        torch.tensor(X).take_along_dim(torch.tensor([[-5]]), 1)


@minigrad_only  # (PyTorch truncates alpha to 0 for an integer tensor)
def test_index_add_refuses_a_float_alpha_for_integers():
    ints = torch.zeros(3, dtype=torch.int64)
    with pytest.raises(RuntimeError, match="alpha must not be a floating point"):
        ints.index_add(0, torch.tensor([0]), torch.tensor([1]), alpha=0.5)
