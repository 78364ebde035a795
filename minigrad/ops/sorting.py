"""Picking elements by position: gather, sort, topk.

Each output element is one input element, picked by an index along `dim`. So
the gradient goes back the same way: each output's gradient is added at the
position it was picked from (`ScatterAdd`), and the gradient of that, in turn,
is picked again (`Gather`). The two are each other's backward, so derivatives
of any order stay right.
"""

import numpy as np

from .. import return_types
from .._check import bool_arg
from ..autograd.function import Function
from ._util import normalize_dims

SortResult = return_types.sort
TopkResult = return_types.topk


def _along(index, dim):
    """A numpy index that picks `index[...]` along `dim` and keeps the other axes.

    For a 2-D index and dim 1 it is `(rows, index)`, with `rows` a column
    0, 1, 2, ...: element [i, j] is taken from row i, column index[i, j].
    """
    parts = []
    for axis, size in enumerate(index.shape):
        if axis == dim:
            parts.append(index)
        else:
            shape = [1] * index.ndim
            shape[axis] = size
            parts.append(np.arange(size).reshape(shape))
    return tuple(parts)


def check_index(input_shape, index, dim, op="gather"):
    """PyTorch's errors for an index that can't pick from `input_shape` along dim."""
    if index.dtype.kind not in "iu":
        raise RuntimeError(f"{op}(): Expected dtype int32/int64 for index")
    if index.ndim != len(input_shape):
        raise RuntimeError(
            "Index tensor must have the same number of dimensions as input tensor "
            f"(index has {index.ndim}, input has {len(input_shape)})"
        )
    for axis, (n, size) in enumerate(zip(index.shape, input_shape)):
        if axis != dim and n > size:
            raise RuntimeError(
                f"Size does not match at dimension {axis} expected index "
                f"{list(index.shape)} to be smaller than self {list(input_shape)} "
                f"apart from dimension {dim}"
            )
    size = input_shape[dim] if input_shape else 1
    bad = index[(index < 0) | (index >= size)] if index.size else index
    if bad.size:
        raise RuntimeError(
            f"index {int(bad.flat[0])} is out of bounds for dimension {dim} with "
            f"size {size}"
        )


class Gather(Function):
    """out[i][j] = a[i][index[i][j]] (for dim 1): elements picked along dim."""

    backward_name = "GatherBackward0"
    formula = "d out / d a = 1 at the picked position: grad added back there"
    ctx_arrays = ("index",)  # freed after backward

    @staticmethod
    def forward(ctx, a, dim, index):
        x = a._data
        (d,) = normalize_dims(dim, x.ndim)
        check_index(x.shape, index, d)
        ctx.shape, ctx.dim, ctx.index = x.shape, d, index
        if x.ndim == 0:
            return x.copy()
        return x[_along(index, d)]

    @staticmethod
    def backward(ctx, grad):
        return ScatterAdd.apply(grad, shape=ctx.shape, dim=ctx.dim, index=ctx.index)


class ScatterAdd(Function):
    """Zeros of `shape`, with each element of `src` added at its index along dim.

    The backward of `Gather`, `Sort` and `Topk`: repeated indices add up.
    """

    backward_name = "ScatterAddBackward0"
    formula = "d out / d src = 1 where src was added: grad picked back"
    ctx_arrays = ("index",)  # freed after backward

    @staticmethod
    def forward(ctx, src, shape, dim, index):
        ctx.dim, ctx.index = dim, index
        result = np.zeros(shape, dtype=src._data.dtype)
        if not shape:
            return result + src._data
        np.add.at(result, _along(index, dim), src._data)
        return result

    @staticmethod
    def backward(ctx, grad):
        return Gather.apply(grad, dim=ctx.dim, index=ctx.index)


def _stable_order(x, d, descending):
    """The positions that sort `x` along `d`, equal values in their order.

    numpy's ascending sort already puts NaN last. Descending is that order of
    `x` read backwards, itself read backwards: largest first, NaN first, and
    equal values (read backwards twice) in their own order. Sorting `-x`
    instead would put NaN last, and wrap around for unsigned integers and for
    int8's -128.
    """
    if not descending:
        return np.argsort(x, axis=d, kind="stable").astype(np.int64)
    backwards = np.argsort(np.flip(x, axis=d), axis=d, kind="stable")
    # (position i of the flipped x is position n - 1 - i of x)
    return (x.shape[d] - 1 - np.flip(backwards, axis=d)).astype(np.int64)


def _in_order(ctx, x, d, descending, count=None):
    """The elements of `x` along `d` in order, and their positions.

    Keeps only the first `count` when given (topk). A stable sort: equal
    values keep their order, so runs agree. NaN counts as the largest value,
    as in PyTorch: last in ascending order, first in descending order.
    Leaves on ctx what backward needs.
    """
    if x.ndim == 0:
        indices = np.zeros((), dtype=np.int64)
        values = x.copy()
    else:
        indices = _stable_order(x, d, descending)
        if count is not None:
            indices = np.take(indices, np.arange(count), axis=d)
        values = x[_along(indices, d)]
    ctx.shape, ctx.dim, ctx.indices = x.shape, d, indices
    ctx.mark_non_differentiable(indices)
    return values, indices


class Sort(Function):
    """The elements along dim in order; also their positions (no gradient)."""

    backward_name = "SortBackward0"
    formula = "each value's gradient goes back to where it came from"
    ctx_arrays = ("indices",)  # freed after backward

    @staticmethod
    def forward(ctx, a, dim=-1, descending=False):
        bool_arg(descending, "sort", "descending")
        (d,) = normalize_dims(dim, a._data.ndim)
        return _in_order(ctx, a._data, d, descending)

    @staticmethod
    def backward(ctx, grad, grad_indices=None):
        return ScatterAdd.apply(grad, shape=ctx.shape, dim=ctx.dim, index=ctx.indices)


class Topk(Sort):
    """The k largest (or smallest) elements along dim, and their positions.

    Its backward is Sort's: each value's gradient goes back to its position.
    """

    backward_name = "TopkBackward0"
    formula = "each value's gradient goes back to where it came from; 0 elsewhere"

    @staticmethod
    def forward(ctx, a, k, dim=-1, largest=True):
        bool_arg(largest, "topk", "largest")
        x = a._data
        (d,) = normalize_dims(dim, x.ndim)
        size = x.shape[d] if x.ndim else 1
        if not 0 <= k <= size:
            raise RuntimeError(
                f"selected index k out of range (k={k}, but dimension {d} has "
                f"{size} elements)"
            )
        return _in_order(ctx, x, d, largest, count=k)
