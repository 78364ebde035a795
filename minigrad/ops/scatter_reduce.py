"""Combining elements by position: scatter_reduce and index_reduce.

`scatter_add` adds each source element into the position its index names;
these two ops generalise the "add" to five reductions: "sum", "prod",
"mean", "amax" and "amin". `scatter_reduce` takes one position per source
element (as `scatter_add`), `index_reduce` one position per source slice (as
`index_add`). With `include_self=False` the tensor's own value at a named
position is left out of the reduction (it is replaced, not combined);
positions no index names keep their value either way.

The gradients are PyTorch's (`scatter_reduce_backward` and
`index_reduce_backward` in its FunctionsManual.cpp), written with the ops of
`scatter.py`, so derivatives of any order work:

- sum: the gradient passes through (picked back out for the source).
- mean: the gradient divided by how many values were averaged.
- prod: the product of the *other* values; a zero is handled apart, so that
  a single zero in a product still gets the product of the rest.
- amax/amin: the gradient is split evenly among every value equal to the
  result (the tensor's own value included, as PyTorch counts it).

Both ops share one forward (`_reduce_into`) and one backward
(`_reduce_backward`); what differs is how positions are named, given to the
backward as four small functions (`_ScatterPositions`, `_IndexPositions`).
"""

import warnings

import numpy as np

from .._check import bool_arg, int_arg, tensor_arg
from .._dtype import scalar_type_name
from ..autograd.function import Function
from ..tensor import Tensor  # (tensor.py imports the ops at its end)
from ._util import normalize_dims
from .scatter import (
    IndexAdd,
    IndexFill,
    Scatter,
    ScatterAddInto,
    _at_least_1d,
    _needs,
    _padded,
    _same_except_along,
    _scatter_index,
    _scatter_values,
    _slices,
)
from .shape import IndexSelect
from .sorting import Gather, _along

# how each reduction combines a value into what a position holds ("mean" adds
# up first and divides at the end)
_UFUNCS = {
    "sum": np.add,
    "prod": np.multiply,
    "mean": np.add,
    "amax": np.maximum,
    "amin": np.minimum,
}


def _check_reduce(reduce, op, allowed, message):
    """`reduce` as a str among `allowed` (PyTorch's TypeError for a non-str,
    its RuntimeError `message` for an unknown name)."""
    if not isinstance(reduce, str):
        raise TypeError(
            f"{op}(): argument 'reduce' (position 4) must be str, not "
            f"{type(reduce).__name__}"
        )
    if reduce not in allowed:
        raise RuntimeError(message)


def _identity(reduce, dtype):
    """The value a reduction starts from when the tensor's own value is left
    out (include_self=False): the one that changes nothing."""
    if reduce in ("sum", "mean"):
        return 0
    if reduce == "prod":
        return 1
    if dtype == np.bool_:
        return reduce == "amin"  # (False is the smallest bool, True the largest)
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        return info.min if reduce == "amax" else info.max
    return -np.inf if reduce == "amax" else np.inf


def _no_bool(x, kernel):
    """Refuse a bool tensor as PyTorch's kernel does (NotImplementedError)."""
    if x.dtype == np.bool_:
        raise NotImplementedError(
            f"\"{kernel}\" not implemented for 'Bool' (convert the tensors with "
            ".int() or .float() first)"
        )


def _reduce_into(result, where, values, reduce, include_self):
    """Combine `values` into `result` (in place) at the numpy index `where`,
    which may name a position several times: the forward of both ops.

    Args:
        result: the array to change (a copy of the input, at least 1-d).
        where: a numpy index of `result`, one position per element of `values`.
        values: the source values, in `result`'s dtype.
        reduce: "sum", "prod", "mean", "amax" or "amin".
        include_self: whether a named position's own value takes part.
    """
    if not include_self:  # start each named position afresh
        result[where] = _identity(reduce, result.dtype)
    # ufunc.at, not `result[where] op= values`: a position named twice must
    # take both values (plain indexing would keep only the last one)
    with np.errstate(invalid="ignore"):  # (a nan wins amax/amin, as in PyTorch)
        _UFUNCS[reduce].at(result, where, values)
    if reduce == "mean":
        count = np.full(result.shape, 1 if include_self else 0, dtype=np.int64)
        np.add.at(count, where, 1)
        count = np.maximum(count, 1)  # (positions never named keep their value)
        if result.dtype.kind in "iu":
            result[...] = np.floor_divide(result, count)  # PyTorch floors integers
        else:
            result[...] = result / count


def _constant(array):
    """A numpy array as a tensor with no history (a mask, a count)."""
    return Tensor._make(np.asarray(array))


def _reduce_backward(ctx, grad, at):
    """The gradients of the input and of the (used part of the) source, as
    PyTorch defines them; `at` names positions (see `_ScatterPositions`).

    Everything is at least 1-d here; the callers reshape back.
    """
    a, src, result = (_at_least_1d(t) for t in ctx.saved_tensors)
    grad = _at_least_1d(grad)
    src = at.used(src)
    reduce, dtype = ctx.reduce, a._data.dtype
    x, s, r = a._data, src._data, result._data
    need_self, need_src = ctx.needs_input_grad[0], _needs(ctx, 1)
    grad_self = grad_src = None
    if reduce == "sum":
        grad_self = grad
        grad_src = at.pick(grad)
    elif reduce == "mean":
        # how many values each position averaged (1 where none were named)
        start = np.ones_like(x) if ctx.include_self else np.zeros_like(x)
        count = at.spread(_constant(start), _constant(np.ones_like(s)))._data
        count = _constant(np.where(count == 0, 1, count))
        grad_self = grad / count
        grad_src = at.pick(grad) / at.pick(count)
    elif reduce == "prod":
        if need_self:
            # d(result)/d(self) = the product of the others: the product again
            # with self's zeros read as ones (dividing by zero would be nan)
            ones_for_zeros = a.masked_fill(_constant(x == 0), 1)
            grad_self = grad * at.again(ones_for_zeros, src) / ones_for_zeros
        if need_src:
            # result / src is the product of the others where src is nonzero.
            # Where src is the only zero of its position, the product of the
            # others is the product again with that zero read as one; where a
            # position has two zeros or more, every such gradient is 0 (and
            # result / 1 = 0 gives just that).
            zero = s == 0
            zeros_there = at.spread(
                _constant(np.zeros_like(x)), _constant(zero.astype(dtype))
            )
            single = _constant(zero & (at.pick(zeros_there)._data == 1))
            without_it = at.again(a, src.masked_fill(single, 1))
            grad_src = at.pick(grad * without_it).where(
                single,
                at.pick(grad * result) / src.masked_fill(_constant(zero), 1),
            )
    else:  # amax, amin: split evenly among the values equal to the result
        self_is = (x == r).astype(dtype)
        src_is = (s == at.pick(result)._data).astype(dtype)
        ties = at.spread(_constant(self_is), _constant(src_is))
        share = grad / ties
        grad_self = share * _constant(self_is)
        grad_src = at.pick(share) * _constant(src_is)
    if need_self and not ctx.include_self:  # self's value was replaced there
        grad_self = at.clear(grad_self)
    return (grad_self if need_self else None), (grad_src if need_src else None)


# ----- scatter_reduce: one position per source element ------------------------------


class _ScatterPositions:
    """How scatter_reduce names positions, as tensor ops for the backward:
    pick (gather), spread (scatter_add), clear (scatter 0), again (the op)."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.index = Tensor._make(ctx.index)

    def used(self, src):
        """The corner of `src` the index covers (src may be larger)."""
        if tuple(src.shape) == self.ctx.index.shape:
            return src
        return src[tuple(slice(0, n) for n in self.ctx.index.shape)]

    def pick(self, t):
        return Gather.apply(t, dim=self.ctx.dim, index=self.ctx.index)

    def spread(self, base, values):
        return ScatterAddInto.apply(base, values, dim=self.ctx.dim, index=self.index)

    def clear(self, t):
        return Scatter.apply(t, src=0.0, dim=self.ctx.dim, index=self.index)

    def again(self, a, src):
        ctx = self.ctx
        return ScatterReduce.apply(
            a,
            src,
            dim=ctx.dim,
            index=self.index,
            reduce=ctx.reduce,
            include_self=ctx.include_self,
        )


_SCATTER_REDUCE_ERROR = "reduce argument must be either sum, prod, mean, amax or amin"
_SCATTER_ALIASES = {"max": "amax", "min": "amin"}  # (scatter_reduce's forward only)


class ScatterReduce(Function):
    """`a` with each `src[i][j]` combined (reduce: sum, prod, mean, amax,
    amin) into `a[index[i][j]][j]` (for dim 0)."""

    backward_name = "ScatterReduceBackward0"
    formula = (
        "sum: d/da = 1, d/dsrc = grad gathered;  mean: the same / count;  "
        "prod: the product of the others;  amax/amin: grad split among ties"
    )
    ctx_arrays = ("index",)  # freed after backward

    @staticmethod
    def forward(ctx, a, src, dim, index, reduce, include_self=True):
        _check_reduce(
            reduce,
            "scatter_reduce",
            (*_UFUNCS, *_SCATTER_ALIASES),
            f"{_SCATTER_REDUCE_ERROR}, got {reduce}",
        )
        ctx.given_reduce = reduce
        # PyTorch's forward takes "max" and "min" as "amax" and "amin" (its
        # backward then refuses them: see `backward`).
        reduce = _SCATTER_ALIASES.get(reduce, reduce)
        x = a._data
        # (PyTorch's checks of the index and src speak as "scatter()")
        d, index = _scatter_index(x, dim, index, src, "scatter")
        values = _scatter_values(x, src, index, "scatter")
        result = np.array(x).reshape(x.shape or (1,))  # a copy, at least 1-d
        if reduce == "mean":
            _no_bool(x, "scatter_gather_tensor_cpu_reduce_mean")
        _reduce_into(result, _along(index, d), values, reduce, include_self)
        result = result.reshape(x.shape)
        ctx.dim, ctx.index, ctx.reduce, ctx.include_self = (
            d,
            index,
            reduce,
            include_self,
        )
        ctx.src_shape = src.shape
        ctx.save_for_backward(a, src, result)
        return result

    @staticmethod
    def backward(ctx, grad):
        if ctx.given_reduce in _SCATTER_ALIASES:  # (as PyTorch 2.13's backward)
            raise RuntimeError(
                "Expected 'reduce' to be one of 'sum', 'prod', 'mean', 'amax', "
                f"'amin' but got {ctx.given_reduce}. (Use "
                f"reduce='{_SCATTER_ALIASES[ctx.given_reduce]}' for a gradient.)"
            )
        grad_self, grad_src = _reduce_backward(ctx, grad, _ScatterPositions(ctx))
        if grad_self is not None:
            grad_self = grad_self.reshape(ctx.saved_tensors[0].shape)
        if grad_src is not None:  # zeros for src elements the index never used
            grad_src = _padded(grad_src, tuple(ctx.src_shape))
        return grad_self, grad_src


def scatter_reduce(a, dim, index, src, reduce, include_self=True):
    """`a` with each `src[i][j]` combined into out[index[i][j]][j] (for dim
    0) by `reduce` (`Tensor.scatter_reduce`).

    Args:
        a: a tensor.
        dim: the dimension the index runs along.
        index: an int64 (or int32) tensor with as many dims as `a`, no larger
            than `a` off `dim` and no larger than `src`.
        src: a tensor of `a`'s dtype.
        reduce: "sum", "prod", "mean" (integers: floor division), "amax" or
            "amin".
        include_self: whether the values of `a` at the named positions take
            part (False: they are replaced by the reduction of `src` alone).
            Positions no index names keep their value either way.

    Example:
        >>> index, src = minigrad.tensor([0, 0, 2]), minigrad.tensor([4.0, 6.0, 1.0])
        >>> minigrad.ones(3).scatter_reduce(0, index, src, "amax")
        tensor([6., 1., 1.])
        >>> minigrad.ones(3).scatter_reduce(0, index, src, "mean", include_self=False)
        tensor([5., 1., 1.])
    """
    int_arg(dim, "scatter_reduce", "dim", 1)
    tensor_arg(index, "scatter_reduce", "index", 2)
    tensor_arg(src, "scatter_reduce", "src", 3)
    bool_arg(include_self, "scatter_reduce", "include_self")
    return ScatterReduce.apply(
        a, src, dim=dim, index=index, reduce=reduce, include_self=include_self
    )


# ----- index_reduce: one position per source slice ----------------------------------


class _IndexPositions(_ScatterPositions):
    """How index_reduce names positions (whole slices along dim), as tensor
    ops for the backward: index_select, index_add, index_fill 0, the op."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.index = Tensor._make(ctx.positions)

    def used(self, src):
        return src  # (its shape was checked to fit)

    def pick(self, t):
        return IndexSelect.apply(t, dim=self.ctx.dim, index=self.index)

    def spread(self, base, values):
        return IndexAdd.apply(base, values, dim=self.ctx.dim, index=self.index)

    def clear(self, t):
        return IndexFill.apply(t, value=0.0, dim=self.ctx.dim, index=self.index)

    def again(self, a, src):
        ctx = self.ctx
        return IndexReduce.apply(
            a,
            src,
            dim=ctx.dim,
            index=self.index,
            reduce=ctx.reduce,
            include_self=ctx.include_self,
        )


def _index_reduce_positions(x, values, d, index):
    """The positions index_reduce names along `d`, checked as PyTorch checks
    them (in its order, with its exception types and messages)."""
    op = "index_reduce_"
    array = tensor_arg(index, "index_reduce", "index", 2)._data
    if array.ndim > 1:
        raise IndexError(
            f"{op}(): Index is supposed to be a vector, but got dim: {array.ndim} with "
            f"type: {scalar_type_name(array.dtype)} and size: {list(array.shape)}"
        )
    if array.dtype not in (np.int64, np.int32):
        raise RuntimeError(
            f"{op}(): Expected dtype int32/int64 for index but got: "
            f"{scalar_type_name(array.dtype)} (convert it with index.long())"
        )
    if values.dtype != x.dtype:
        raise RuntimeError(
            f"{op}(): self ({scalar_type_name(x.dtype)}) and source "
            f"({scalar_type_name(values.dtype)}) must have the same scalar type"
        )
    shape, source_shape = x.shape or (1,), values.shape or (1,)
    if d >= len(source_shape):
        raise RuntimeError(
            f"{op}(): Indexing dim {d} is out of bounds of the source tensor with "
            f"dim {values.ndim}"
        )
    if array.size != source_shape[d]:
        raise RuntimeError(
            f"{op}(): Number of indices ({array.size}) should be equal to "
            f"source.size(dim): ({source_shape[d]}), for dim: {d}"
        )
    if not _same_except_along(d, shape, source_shape):
        raise RuntimeError(
            "source tensor shape must match self tensor shape, excluding the "
            f"specified dimension. Got self.shape = {list(x.shape)} source.shape = "
            f"{list(values.shape)}"
        )
    positions = array.reshape(-1).astype(np.int64)
    if ((positions < 0) | (positions >= shape[d])).any():
        raise IndexError(
            "index out of range in self (index_reduce takes positions 0 to "
            f"{shape[d] - 1} along dim {d}; negative positions are refused)"
        )
    return positions


_INDEX_REDUCE_ERROR = (
    "index_reduce(): Expected reduce to be one of prod, mean, amax or amin"
)
_warned_beta = False  # (PyTorch warns once per process)


class IndexReduce(Function):
    """`a` with each slice `source[..., k, ...]` combined (reduce: prod,
    mean, amax, amin) into the slice at `index[k]` along dim."""

    backward_name = "IndexReduceBackward0"
    formula = (
        "mean: d/da = 1 / count, d/dsource = grad / count;  prod: the product "
        "of the others;  amax/amin: grad split among ties"
    )
    ctx_arrays = ("positions",)  # freed after backward

    @staticmethod
    def forward(ctx, a, source, dim, index, reduce, include_self=True):
        _check_reduce(
            reduce,
            "index_reduce",
            ("prod", "mean", "amax", "amin"),
            f"{_INDEX_REDUCE_ERROR} but got {reduce}.",
        )
        x, values = a._data, source._data
        (d,) = normalize_dims(dim, x.ndim)
        positions = _index_reduce_positions(x, values, d, index)
        _no_bool(x, "index_func_")
        result = np.array(x).reshape(x.shape or (1,))  # a copy, at least 1-d
        _reduce_into(
            result,
            _slices(d, positions),
            values.reshape(values.shape or (1,)),
            reduce,
            include_self,
        )
        result = result.reshape(x.shape)
        ctx.dim, ctx.positions, ctx.reduce = d, positions, reduce
        ctx.include_self = include_self
        ctx.save_for_backward(a, source, result)
        return result

    @staticmethod
    def backward(ctx, grad):
        grad_self, grad_source = _reduce_backward(ctx, grad, _IndexPositions(ctx))
        a, source, _ = ctx.saved_tensors
        if grad_self is not None:
            grad_self = grad_self.reshape(a.shape)
        if grad_source is not None:
            grad_source = grad_source.reshape(source.shape)
        return grad_self, grad_source


def index_reduce(a, dim, index, source, reduce, include_self=True):
    """`a` with each slice of `source` along `dim` combined by `reduce` into
    the slice at `index[k]` (`Tensor.index_reduce`): for dim 0,
    out[index[k]] = reduce(out[index[k]], source[k]).

    Args:
        a: a tensor.
        dim: the dimension the positions run along.
        index: a vector of int64 (or int32) positions, one per slice of
            `source` along `dim`.
        source: a tensor of `a`'s dtype and shape except along `dim`.
        reduce: "prod", "mean" (integers: floor division), "amax" or "amin"
            (no "sum": that is `index_add`).
        include_self: whether the slices of `a` at the named positions take
            part (False: they are replaced by the reduction of `source`).

    Example:
        >>> x = minigrad.tensor([[1.0, 2.0], [3.0, 4.0]])
        >>> x.index_reduce(0, minigrad.tensor([0, 0]), x * 10, "amax")
        tensor([[30., 40.],
                [ 3.,  4.]])
    """
    global _warned_beta
    if not _warned_beta:
        _warned_beta = True
        warnings.warn(
            "index_reduce() is in beta and the API may change at any time.",
            UserWarning,
            stacklevel=3,  # (the caller of Tensor.index_reduce)
        )
    int_arg(dim, "index_reduce", "dim", 1)
    tensor_arg(index, "index_reduce", "index", 2)
    tensor_arg(source, "index_reduce", "source", 3)
    bool_arg(include_self, "index_reduce", "include_self")
    return IndexReduce.apply(
        a, source, dim=dim, index=index, reduce=reduce, include_self=include_self
    )
