"""ops/combine_more.py beyond the op table: PyTorch's node names, the
(values, indices) pairs, ties and nan, errors, and the in-place shape
changes. Expected values were read off PyTorch 2.13."""

import warnings

import numpy as np
import pytest
from mg_testutil import minigrad_only, to_np, torch

pytestmark = minigrad_only


def _name(t):
    return type(t.grad_fn).__name__


def _leaf(*shape):
    values = np.arange(np.prod(shape), dtype=np.float32).reshape(shape) * 0.3 - 1
    return torch.tensor(values, requires_grad=True)


NODE_NAMES = [
    (lambda a, b, c: torch.lerp(a, b, 0.3), "LerpBackward0"),
    (lambda a, b, c: a.lerp(b, c), "LerpBackward1"),
    (lambda a, b, c: torch.addcmul(a, b, c, value=2), "AddcmulBackward0"),
    (lambda a, b, c: torch.addcdiv(a, b, c + 5), "AddcdivBackward0"),
    (lambda a, b, c: torch.addmv(a[:, 0], b, c[0]), "AddmvBackward0"),
    (lambda a, b, c: torch.addr(a, b[:, 0], c[0]), "AddrBackward0"),
    (
        lambda a, b, c: torch.baddbmm(a[None, :, :3], b[None], c.t()[None]),
        "BaddbmmBackward0",
    ),
    (lambda a, b, c: torch.addbmm(a[:, :3], b[None], c.t()[None]), "AddbmmBackward0"),
    (lambda a, b, c: (a * 1).addmm_(b, c.t() @ c), "AddmmBackward0"),
    (lambda a, b, c: torch.vdot(a[0], b[0]), "VdotBackward0"),
    (lambda a, b, c: torch.inner(a, b), "ViewBackward0"),
    (lambda a, b, c: torch.cross(a[:, :3], b[:, :3], dim=1), "LinalgCrossBackward0"),
    (lambda a, b, c: torch.ger(a[0], b[0]), "MulBackward0"),
    (lambda a, b, c: torch.nansum(a, 1), "NansumBackward0"),
    (lambda a, b, c: torch.nanmean(a), "DivBackward0"),
    (lambda a, b, c: torch.median(a), "MedianBackward0"),
    (lambda a, b, c: torch.median(a, 1).values, "MedianBackward1"),
    (lambda a, b, c: torch.nanmedian(a), "NanmedianBackward0"),
    (lambda a, b, c: a.nanmedian(0).values, "NanmedianBackward1"),
    (lambda a, b, c: torch.mode(a).values, "ModeBackward0"),
    (lambda a, b, c: torch.kthvalue(a, 2).values, "KthvalueBackward0"),
    (lambda a, b, c: torch.cummax(a, 1).values, "CummaxBackward0"),
    (lambda a, b, c: a.cummin(0).values, "CumminBackward0"),
    (lambda a, b, c: torch.logcumsumexp(a, 1), "LogcumsumexpBackward0"),
    (lambda a, b, c: torch.aminmax(a).max, "AminmaxBackward0"),
    (lambda a, b, c: torch.msort(a), "SortBackward0"),
    (lambda a, b, c: torch.fliplr(a), "FlipBackward0"),
    (lambda a, b, c: torch.rot90(a, 2), "Rot90Backward0"),
    (lambda a, b, c: torch.hsplit(a, 2)[1], "SliceBackward0"),
    (lambda a, b, c: torch.tensor_split(a, [1], dim=1)[0], "SliceBackward0"),
    (lambda a, b, c: torch.diag_embed(a), "DiagEmbedBackward0"),
    (lambda a, b, c: torch.diagflat(a), "DiagEmbedBackward0"),
    (lambda a, b, c: a.sum_to_size(1, 4), "SumBackward1"),
    (lambda a, b, c: a.sum_to_size(4), "ViewBackward0"),
]


@pytest.mark.parametrize("f, name", NODE_NAMES, ids=[n for _, n in NODE_NAMES])
def test_node_names_are_pytorchs(f, name):
    a, b, c = _leaf(3, 4), _leaf(3, 4) * 0.5, _leaf(3, 4).flip(1)
    out = f(a, b, c)
    assert _name(out) == name
    out.sum().backward()  # and the gradient runs
    assert a.grad is not None


def test_pairs_print_and_unpack_as_pytorchs():
    x = torch.tensor([[3.0, 1.0, 3.0, 1.0, 2.0], [5.0, 5.0, 5.0, 0.0, 0.0]])
    values, indices = torch.mode(x, 1)
    assert values.tolist() == [1.0, 5.0] and indices.tolist() == [3, 2]
    assert repr(torch.median(x, 1)).startswith("minigrad.return_types.median(\n")
    assert torch.median(x, 1).indices.tolist() == [4, 0]
    assert torch.kthvalue(x, 2, 1).indices.tolist() == [3, 4]
    assert torch.cummax(x, 1).indices.tolist() == [[0, 0, 2, 2, 2], [0, 1, 2, 2, 2]]
    assert torch.cummin(x, 1).indices.tolist() == [[0, 1, 1, 3, 3], [0, 1, 2, 3, 4]]
    pair = torch.aminmax(x, dim=1)
    assert pair.min.tolist() == [1.0, 0.0] and pair.max.tolist() == [3.0, 5.0]
    assert "min=tensor" in repr(pair) and type(pair).__name__ == "aminmax"


def test_ties_share_gradients_as_pytorch():
    a = torch.tensor([[1.0, 3.0, 3.0], [0.0, 0.0, 1.0]], requires_grad=True)
    low, high = torch.aminmax(a)
    (low + 2 * high).backward()
    assert to_np(a.grad).tolist() == [[0, 1, 1], [0.5, 0.5, 0]]
    b = torch.tensor([1.0, 3.0, 3.0, 2.0], requires_grad=True)
    torch.cummax(b, 0).values.sum().backward()
    assert to_np(b.grad).tolist() == [1, 1, 2, 0]


def test_nan_handling_is_pytorchs():
    nan = float("nan")
    n = torch.tensor([[1.0, nan, 3.0, 2.0], [nan, 0.5, -1.0, 4.0]], requires_grad=True)
    assert torch.nansum(n).item() == 9.5
    np.testing.assert_allclose(to_np(torch.nanmean(n, 1)), [2.0, 3.5 / 3])
    median = torch.median(n, 1)
    assert np.isnan(to_np(median.values)).all() and median.indices.tolist() == [1, 0]
    nanmedian = torch.nanmedian(n, 1)
    assert nanmedian.values.tolist() == [2.0, 0.5]
    assert nanmedian.indices.tolist() == [3, 1]
    assert torch.nanmedian(n).item() == 1.0
    torch.median(n).backward()  # nan: the gradient is shared by the nans
    assert to_np(n.grad).tolist() == [[0, 0.5, 0, 0], [0.5, 0, 0, 0]]
    m = torch.tensor([1.0, nan, 2.0], requires_grad=True)
    torch.nansum(m).backward()
    assert to_np(m.grad).tolist() == [1, 0, 1]


def test_lerp_and_products_give_pytorchs_values_and_dtypes():
    start, end = torch.tensor([1.0, 2.0]), torch.tensor([3.0, 5.0])
    assert torch.lerp(start, end, 1.0).tolist() == [3.0, 5.0]  # exactly `end`
    assert torch.lerp(start, end, 0.3).dtype == torch.float32
    ints = torch.tensor([[3, 1, 2], [2, 2, 5]])
    assert torch.addcmul(ints, ints, ints, value=2).tolist() == [
        [21, 3, 10],
        [10, 10, 55],
    ]
    promoted = torch.addcmul(
        torch.ones(2),
        torch.ones(2, dtype=torch.float64),
        torch.ones(2, dtype=torch.long),
    )
    assert promoted.dtype == torch.float64
    vector = torch.addmv(
        torch.tensor([1, 2]), ints[:, :2], torch.tensor([1, 1]), alpha=2.5
    )
    assert vector.tolist() == [9, 10]  # (integers take alpha as 2, as PyTorch)
    assert (
        torch.inner(torch.tensor([1.0, 2.0]), torch.tensor([3.0, 4.0])).item() == 11.0
    )
    pieces = torch.tensor_split(torch.arange(7), 3)
    assert [p.tolist() for p in pieces] == [[0, 1, 2], [3, 4], [5, 6]]
    assert [p.tolist() for p in torch.tensor_split(torch.arange(5), [3, 1, 9])] == [
        [0, 1, 2],
        [],
        [1, 2, 3, 4],
        [],
    ]
    assert torch.argwhere(torch.tensor([[0, 1], [2, 0]])).tolist() == [[0, 1], [1, 0]]


def test_cross_without_dim_warns_as_pytorch():
    a, b = torch.eye(3), torch.eye(3).roll(1, 0)
    with pytest.warns(UserWarning, match="without specifying the dim"):
        c = torch.cross(a, b)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert torch.equal(c, torch.cross(a, b, dim=0))


ERRORS = [
    (
        lambda: torch.lerp(torch.tensor([1, 2]), torch.tensor([3, 4]), 0.5),
        NotImplementedError,
        "Long",
    ),
    (
        lambda: torch.lerp(torch.ones(2), torch.ones(2, dtype=torch.float64), 0.5),
        RuntimeError,
        "`end`",
    ),
    (
        lambda: torch.addcdiv(
            torch.ones(2), torch.ones(2).long(), torch.ones(2).long()
        ),
        RuntimeError,
        "Integer division",
    ),
    (
        lambda: torch.addcmul(
            torch.ones(2).long(), torch.ones(2).long(), torch.ones(2).long(), value=0.5
        ),
        RuntimeError,
        "must not be a floating",
    ),
    (
        lambda: torch.addmv(torch.ones(3), torch.ones(3, 4), torch.ones(5)),
        RuntimeError,
        "size mismatch",
    ),
    (
        lambda: torch.addmv(torch.ones(3), torch.ones(3, 4), torch.ones(4).double()),
        RuntimeError,
        "same dtype",
    ),
    (
        lambda: torch.addr(torch.ones(3, 4), torch.ones(3), torch.ones(4, 1)),
        RuntimeError,
        "1-D argument vec2",
    ),
    (
        lambda: torch.addbmm(
            torch.ones(3, 5), torch.ones(2, 3, 4), torch.ones(2, 5, 5)
        ),
        RuntimeError,
        "3x4 and 5x5",
    ),
    (
        lambda: torch.addmv(torch.ones(2), torch.ones(3, 4), torch.ones(4)),
        RuntimeError,
        "does not broadcast",
    ),
    (
        lambda: torch.vdot(torch.ones(3), torch.ones(4)),
        RuntimeError,
        "inconsistent tensor size",
    ),
    (
        lambda: torch.inner(torch.ones(3, 4), torch.ones(3, 5)),
        RuntimeError,
        "last dimension must match",
    ),
    (
        lambda: torch.cross(torch.ones(4, 3), torch.ones(4, 3), dim=0),
        RuntimeError,
        "must have length 3",
    ),
    (lambda: torch.nanmean(torch.tensor([1, 2])), RuntimeError, "floating point"),
    (lambda: torch.kthvalue(torch.ones(3), 4), RuntimeError, "out of range"),
    (lambda: torch.median(torch.ones(2, 0), 1), IndexError, "non-zero size"),
    (lambda: torch.median(torch.tensor([True])), NotImplementedError, "Bool"),
    (lambda: torch.aminmax(torch.ones(0)), RuntimeError, "empty dimension"),
    (lambda: torch.logcumsumexp(torch.tensor([1, 2]), 0), NotImplementedError, "Long"),
    (lambda: torch.rot90(torch.ones(3, 3), 1, [0, 0]), RuntimeError, "different"),
    (lambda: torch.rot90(torch.ones(3)), RuntimeError, "total dims >= 2"),
    (lambda: torch.fliplr(torch.ones(3)), RuntimeError, ">= 2-d"),
    (lambda: torch.hsplit(torch.ones(3, 4), 3), RuntimeError, "not divisible"),
    (lambda: torch.vsplit(torch.ones(3), 1), RuntimeError, "at least 2 dimension"),
    (lambda: torch.tensor_split(torch.ones(3), 0), RuntimeError, "larger than 0"),
    (
        lambda: torch.diag_embed(torch.ones(3), dim1=0, dim2=0),
        RuntimeError,
        "identical",
    ),
    (lambda: torch.ones(3, 4).sum_to_size(2, 4), RuntimeError, "not expandable"),
    (lambda: torch.ones(3, 4, 5).t_(), RuntimeError, "<= 2 dimensions"),
]


@pytest.mark.parametrize("f, kind, words", ERRORS, ids=[e[2] for e in ERRORS])
def test_bad_input_raises_pytorchs_exception(f, kind, words):
    with pytest.raises(kind, match=words):
        f()


def test_in_place_shape_changes_record_pytorchs_nodes_and_gradients():
    a = _leaf(3, 4)
    y = a * 2
    flat = y.view(12)  # a view made before: its history stays right
    version = y._version
    assert y.t_() is y
    assert y.shape == (4, 3) and _name(y) == "TBackward1" and y._version == version + 1
    weights = torch.arange(12.0).reshape(4, 3)
    ((y * weights).sum() + flat[3]).backward()
    expected = 2 * np.arange(12.0).reshape(4, 3).T
    expected[0, 3] += 2
    np.testing.assert_allclose(to_np(a.grad), expected)

    s = (a * 1)[1:3]  # a view: PyTorch changes its shape too
    s.unsqueeze_(0)
    assert s.shape == (1, 2, 4) and _name(s) == "UnsqueezeBackward1"
    s.transpose_(0, 2)
    assert s.shape == (4, 2, 1) and _name(s) == "TransposeBackward1"
    s.squeeze_(2)
    assert _name(s) == "SqueezeBackward4"
    z = (a * 1).reshape(3, 1, 4).squeeze_()
    assert z.shape == (3, 4) and _name(z) == "SqueezeBackward3"


def test_in_place_shape_changes_refuse_what_they_cannot_do_and_change_nothing():
    leaf = _leaf(3, 4)
    with pytest.raises(RuntimeError, match="leaf Variable"):
        leaf.t_()
    assert leaf.shape == (3, 4) and leaf._version == 0
    y = leaf * 1
    with pytest.raises(IndexError):
        y.transpose_(0, 5)
    assert y.shape == (3, 4) and _name(y) == "MulBackward0"
    with torch.no_grad(), pytest.raises(NotImplementedError, match="history"):
        y.t_()
    plain = torch.ones(3, 4)
    plain.t_()  # no graph: just the new shape
    assert plain.shape == (4, 3) and plain.grad_fn is None
