"""Writing elements by position: scatter, scatter_add, index_add, index_fill,
index_copy, masked_scatter; and their pickers masked_select, take, take_along_dim;
and fill_diagonal_.

These are the mirror images of the ops that pick elements (`sorting.Gather`,
`shape.IndexSelect`, a boolean mask): each writes (or adds) values into a
copy of its input, at the positions an index or a mask names. So their
gradients go the other way: what a position received is picked back out of
the gradient (gather, index_select, masked_select), and the input's gradient
is zero where its value was overwritten. Each backward is written with these
same ops, so derivatives of any order work.

As in PyTorch, where an index names one position twice, `scatter` and
`index_copy` write one of the values there (numpy's choice: the last), yet
send that position's gradient to every source element that named it.
"""

import numbers
import warnings

import numpy as np

from .._check import bool_arg, checked_scalar, int_arg, number_arg, tensor_arg
from .._dtype import scalar_type_name
from ..autograd.function import Function
from ..tensor import Tensor  # (tensor.py imports the ops at its end)
from ._util import normalize_dims
from .padding import ConstantPadNd
from .shape import IndexPut, IndexSelect
from .sorting import Gather, _along, check_index


def _at_least_1d(t):
    """A 0-d tensor as one element along dim 0 (PyTorch's scatter and index
    ops treat a 0-d tensor so); any other tensor as it is."""
    return t.reshape(1) if t.dim() == 0 else t


def _padded(t, shape):
    """`t` grown with zeros at the end of each dimension to `shape` (a 0-d
    shape: the one element): the gradient of source elements never used."""
    target = shape or (1,)
    if tuple(t.shape) != target:
        pairs = tuple((0, n - m) for n, m in zip(target, t.shape))
        t = ConstantPadNd.apply(t, pairs=pairs, value=0)
    return t.reshape(shape) if not shape else t


def _needs(ctx, k):
    """Whether input k needs a gradient (False where it was a number, given
    as a setting: then the node has no input k)."""
    return k < len(ctx.needs_input_grad) and ctx.needs_input_grad[k]


def _fill_value(value, dtype, op):
    """A fill value (a number, or a 0-d tensor) as a numpy value of `dtype`,
    refused as PyTorch refuses it (a string, a tensor with dimensions, a
    number an integer tensor can't hold)."""
    if isinstance(value, Tensor):
        if value.dim() != 0:
            raise RuntimeError(
                f"{op}_ only supports a 0-dimensional value tensor, but got tensor "
                f"with {value.dim()} dimension(s)."
            )
        value = value._data
    elif not isinstance(value, numbers.Real):
        raise TypeError(
            f"{op}(): argument 'value' must be Number, not {type(value).__name__} "
            f"(got {value!r})"
        )
    # PyTorch's checked conversion (300 for uint8 raises, -1 is 255)
    return np.asarray(checked_scalar(np.asarray(value).item(), dtype))


# ----- scatter, scatter_add: an index with one position per source element ----------


def _scatter_index(x, dim, index, src, op):
    """The dim and the index array (at least 1-d) of scatter/scatter_add,
    checked with PyTorch's errors: int64 (or int32) positions in range, as
    many dims as the tensor, no larger than it off `dim` and no larger than
    `src`, whose dtype must be the tensor's. A 0-d tensor counts as one
    element along dim 0, as in PyTorch."""
    (d,) = normalize_dims(dim, x.ndim)
    index = np.atleast_1d(tensor_arg(index, op, "index", 2)._data)
    shape = x.shape or (1,)
    if index.dtype not in (np.int64, np.int32):
        raise RuntimeError(
            f"{op}(): Expected dtype int32/int64 for index (got "
            f"{scalar_type_name(index.dtype)}; convert it with index.long())"
        )
    if index.ndim != len(shape):
        raise RuntimeError(
            "Index tensor must have the same number of dimensions as self tensor "
            f"(index has {index.ndim}, self has {x.ndim})"
        )
    too_big = any(n > m for k, (n, m) in enumerate(zip(index.shape, shape)) if k != d)
    src_shape = shape
    if isinstance(src, Tensor):
        values = src._data
        if values.dtype != x.dtype:
            raise RuntimeError(
                f"{op}(): Expected self.dtype to be equal to src.dtype (self is "
                f"{scalar_type_name(x.dtype)}, src {scalar_type_name(values.dtype)}; "
                "convert src with .to(self.dtype))"
            )
        src_shape = values.shape or (1,)
        if len(src_shape) != index.ndim:
            raise RuntimeError(
                "Index tensor must have the same number of dimensions as src tensor "
                f"(index has {index.ndim}, src has {values.ndim})"
            )
        too_big = too_big or any(n > m for n, m in zip(index.shape, src_shape))
    if too_big:
        raise RuntimeError(
            f"Expected index {list(index.shape)} to be no larger than self "
            f"{list(x.shape)} apart from dimension {d} and to be no larger size "
            f"than src {list(src_shape)}"
        )
    check_index(shape, index, d, op)  # (what is left to check: the bounds)
    return d, index


def _scatter_values(x, src, index, op):
    """What scatter writes: the corner of `src` the index covers (src[i][j]
    for each index[i][j]), or the number `src` in the tensor's dtype."""
    if not isinstance(src, Tensor):
        return _fill_value(src, x.dtype, op)
    values = np.atleast_1d(src._data)
    return values[tuple(slice(0, n) for n in index.shape)]


class Scatter(Function):
    """`a` with `src[i][j]` written at `a[index[i][j]][j]` (for dim 0), or with
    the number `src` written at every position the index names; `reduce`
    ("add", "multiply") combines instead of writing, with no gradient."""

    formula = "d/da = 1 where not written, 0 where written;  d/dsrc = grad gathered"
    ctx_arrays = ("index",)  # freed after backward

    @classmethod
    def node_name(cls, a, src, dim, index, reduce=None):
        if reduce is not None:
            return "NotImplemented"  # (PyTorch has no derivative for reduce=)
        return "ScatterBackward0" if isinstance(src, Tensor) else "ScatterBackward1"

    @staticmethod
    def forward(ctx, a, src, dim, index, reduce=None):
        if reduce not in (None, "add", "multiply"):
            raise RuntimeError(
                f"reduce argument must be either add or multiply. (got {reduce!r}; "
                "leave it out to write src as it is)"
            )
        x = a._data
        d, index = _scatter_index(x, dim, index, src, "scatter")
        values = _scatter_values(x, src, index, "scatter")
        result = np.array(x).reshape(x.shape or (1,))  # a copy, at least 1-d
        where = _along(index, d)
        if reduce is None:
            result[where] = values
        elif reduce == "add":
            np.add.at(result, where, values)  # (repeated positions add up)
        else:
            np.multiply.at(result, where, values)
        ctx.dim, ctx.index, ctx.reduce = d, index, reduce
        ctx.src_shape = src.shape if isinstance(src, Tensor) else None
        return result.reshape(x.shape)

    @staticmethod
    def backward(ctx, grad):
        if ctx.reduce is not None:
            raise RuntimeError(
                "derivative for aten::scatter is not implemented (scatter with "
                "reduce= has no gradient, as in PyTorch: use scatter_add for "
                "reduce='add', or .detach() the inputs)"
            )
        grad_a = grad_src = None
        index = Tensor._make(ctx.index)
        if ctx.needs_input_grad[0]:  # the written positions got nothing from a
            grad_a = Scatter.apply(grad, src=0.0, dim=ctx.dim, index=index)
        if _needs(ctx, 1):
            picked = Gather.apply(_at_least_1d(grad), dim=ctx.dim, index=ctx.index)
            grad_src = _padded(picked, ctx.src_shape)
        return grad_a, grad_src


class ScatterAddInto(Function):
    """`a` with each `src[i][j]` added at `a[index[i][j]][j]` (for dim 0):
    `scatter_add`. (`sorting.ScatterAdd` is the same into zeros: gather's
    backward.) Repeated positions add up."""

    backward_name = "ScatterAddBackward0"
    formula = "d/da = 1;  d/dsrc = grad gathered at the index"
    ctx_arrays = ("index",)  # freed after backward

    @staticmethod
    def forward(ctx, a, src, dim, index):
        x = a._data
        d, index = _scatter_index(x, dim, index, src, "scatter_add")
        result = np.array(x).reshape(x.shape or (1,))  # a copy, at least 1-d
        np.add.at(
            result, _along(index, d), _scatter_values(x, src, index, "scatter_add")
        )
        ctx.dim, ctx.index, ctx.src_shape = d, index, src.shape
        return result.reshape(x.shape)

    @staticmethod
    def backward(ctx, grad):
        grad_src = None
        if ctx.needs_input_grad[1]:
            picked = Gather.apply(_at_least_1d(grad), dim=ctx.dim, index=ctx.index)
            grad_src = _padded(picked, ctx.src_shape)
        return grad, grad_src


def scatter(a, dim, index, src=None, value=None, reduce=None):
    """`a` with values written at the positions `index` names along `dim`
    (`Tensor.scatter`): for dim 0, out[index[i][j]][j] = src[i][j].

    Args:
        a: a tensor.
        dim: the dimension the index runs along.
        index: an int64 (or int32) tensor with as many dims as `a`, no larger
            than `a` off `dim` and no larger than `src`.
        src: a tensor of `a`'s dtype, or a number (or give `value=`): what is
            written.
        reduce: None (write), "add" or "multiply" (combine with what is
            there; no gradient, as in PyTorch).

    Example:
        >>> index, src = minigrad.tensor([2, 0]), minigrad.tensor([5.0, 7.0])
        >>> minigrad.zeros(3).scatter(0, index, src)
        tensor([7., 0., 5.])
    """
    int_arg(dim, "scatter", "dim", 1)
    if (src is None) == (value is None):
        raise TypeError(
            "scatter() takes what to write as src (a tensor or a number) or as "
            "value (a number), exactly one of them: e.g. x.scatter(0, index, src)"
        )
    source = value if src is None else src
    if not isinstance(source, (Tensor, numbers.Real)):
        raise TypeError(
            f"scatter(): argument 'src' must be Tensor or Number, not "
            f"{type(source).__name__}"
        )
    if value is not None and isinstance(value, Tensor):
        raise TypeError(
            "scatter(): argument 'value' must be Number, not Tensor (give a "
            "tensor as src)"
        )
    if reduce is not None:
        if not isinstance(reduce, str):
            raise TypeError(
                f"scatter(): argument 'reduce' must be str, not {type(reduce).__name__}"
            )
        if isinstance(source, Tensor):
            warnings.warn(
                "The reduce argument of torch.scatter with Tensor src is deprecated "
                "and will be removed in a future PyTorch release. Use "
                "torch.scatter_reduce instead for more reduction options.",
                UserWarning,
                stacklevel=3,
            )
    if isinstance(source, Tensor):
        return Scatter.apply(a, source, dim=dim, index=index, reduce=reduce)
    # (a number is a setting, not an input: the node has one edge, as PyTorch's)
    return Scatter.apply(a, src=source, dim=dim, index=index, reduce=reduce)


def scatter_add(a, dim, index, src):
    """`a` with each `src[i][j]` added at out[index[i][j]][j] (for dim 0)
    (`Tensor.scatter_add`); repeated positions add up. `index` as for
    `scatter`; `src` a tensor of `a`'s dtype.

    Example:
        >>> index, src = minigrad.tensor([2, 2]), minigrad.tensor([5.0, 7.0])
        >>> minigrad.zeros(3).scatter_add(0, index, src)
        tensor([ 0.,  0., 12.])
    """
    int_arg(dim, "scatter_add", "dim", 1)
    tensor_arg(src, "scatter_add", "src", 3)
    return ScatterAddInto.apply(a, src, dim=dim, index=index)


# ----- index_add, index_fill, index_copy: whole slices at a vector of positions -----

# PyTorch's exception types for a bad index of each op: a wrong dtype, an index
# that is no vector, a position out of range.
_INDEX_ERRORS = {
    "index_add": (RuntimeError, IndexError, RuntimeError),
    "index_fill": (IndexError, RuntimeError, IndexError),
    "index_copy": (RuntimeError, IndexError, IndexError),
}


def _positions(index, op, size, dim):
    """The positions an index_add/index_fill/index_copy names along dimension
    `dim` (of `size`): a vector (or one number) of ints, checked with PyTorch's
    errors. index_add takes int32 too; index_fill takes negative positions,
    counted from the end."""
    dtype_error, shape_error, range_error = _INDEX_ERRORS[op]
    array = tensor_arg(index, op, "index", 2)._data
    int32_too = op == "index_add"
    if array.dtype != np.int64 and not (int32_too and array.dtype == np.int32):
        wanted = "int32/int64" if int32_too else "int64"
        raise dtype_error(
            f"{op}_(): Expected dtype {wanted} for index, but got "
            f"{scalar_type_name(array.dtype)} (convert it with index.long())"
        )
    if array.ndim > 1:
        raise shape_error(
            f"{op}_(): Index is supposed to be a vector (or a single number), but "
            f"got an index of shape {list(array.shape)}; flatten it first"
        )
    positions = array.reshape(-1).astype(np.int64)
    lowest = -size if op == "index_fill" else 0
    bad = positions[(positions < lowest) | (positions >= size)]
    if bad.size:
        raise range_error(
            f"{op}_(): index {int(bad[0])} is out of bounds for dimension {dim} "
            f"with size {size}"
        )
    return positions % size if size else positions  # (index_fill's negatives)


def _same_except_along(dim, shape, source_shape):
    """Whether `source_shape` has `shape`'s rank and sizes, except along `dim`
    (the one dimension index_copy and index_reduce let differ)."""
    return len(shape) == len(source_shape) and all(
        n == m for k, (n, m) in enumerate(zip(shape, source_shape)) if k != dim
    )


def _slices(dim, positions):
    """A numpy index of the slices at `positions` along `dim`: (:, :, positions)."""
    return (slice(None),) * dim + (positions,)


class IndexAdd(Function):
    """`a` with `alpha * source[..., k, ...]` added to the slice at
    `index[k]` along dim, for each k; repeated positions add up."""

    backward_name = "IndexAddBackward0"
    formula = "d/da = 1;  d/dsource = alpha * grad at the index (index_select)"
    ctx_arrays = ("positions",)  # freed after backward

    @staticmethod
    def forward(ctx, a, source, dim, index, alpha=1):
        x, values = a._data, source._data
        (d,) = normalize_dims(dim, x.ndim)
        shape, source_shape = x.shape or (1,), values.shape or (1,)
        positions = _positions(index, "index_add", shape[d], d)
        if d >= len(source_shape):
            raise RuntimeError(
                f"index_add_(): Indexing dim {d} is out of bounds of the source "
                f"tensor with dim {values.ndim}"
            )
        if positions.size != source_shape[d]:
            raise RuntimeError(
                f"index_add_(): Number of indices ({positions.size}) should be equal "
                f"to source.size(dim): ({source_shape[d]}), for dim: {d}"
            )
        if values.ndim != x.ndim or any(
            n != m for k, (n, m) in enumerate(zip(shape, source_shape)) if k != d
        ):
            raise RuntimeError(
                "source tensor shape must match self tensor shape, excluding the "
                f"specified dimension. Got self.shape = {list(x.shape)} "
                f"source.shape = {list(values.shape)}"
            )
        if values.dtype != x.dtype:
            raise RuntimeError(
                f"index_add_(): self ({scalar_type_name(x.dtype)}) and source "
                f"({scalar_type_name(values.dtype)}) must have the same scalar type "
                "(convert source with .to(self.dtype))"
            )
        added = values.reshape(source_shape)
        if alpha != 1:
            added = (added * alpha).astype(x.dtype)
        result = np.array(x).reshape(shape)  # a copy, at least 1-d
        np.add.at(result, _slices(d, positions), added)
        ctx.dim, ctx.positions, ctx.alpha = d, positions, alpha
        return result.reshape(x.shape)

    @staticmethod
    def backward(ctx, grad):
        grad_source = None
        if ctx.needs_input_grad[1]:
            index = Tensor._make(ctx.positions)
            grad_source = IndexSelect.apply(grad, dim=ctx.dim, index=index)
            if ctx.alpha != 1:
                grad_source = grad_source * ctx.alpha
        return grad, grad_source


class IndexFill(Function):
    """`a` with `value` in every slice along dim at the positions `index`."""

    formula = "d/da = 1 outside the filled slices, 0 in them;  d/dvalue = their sum"
    ctx_arrays = ("positions",)  # freed after backward

    @classmethod
    def node_name(cls, a, value, dim, index):
        return (
            "IndexFillBackward1" if isinstance(value, Tensor) else "IndexFillBackward0"
        )

    @staticmethod
    def forward(ctx, a, value, dim, index):
        x = a._data
        (d,) = normalize_dims(dim, x.ndim)
        shape = x.shape or (1,)
        positions = _positions(index, "index_fill", shape[d], d)
        fill = _fill_value(value, x.dtype, "index_fill")
        result = np.array(x).reshape(shape)  # a copy, at least 1-d
        result[_slices(d, positions)] = fill
        ctx.dim, ctx.positions = d, positions
        return result.reshape(x.shape)

    @staticmethod
    def backward(ctx, grad):
        grad_a = grad_value = None
        if ctx.needs_input_grad[0]:
            index = Tensor._make(ctx.positions)
            grad_a = IndexFill.apply(grad, value=0.0, dim=ctx.dim, index=index)
        if _needs(ctx, 1):  # each filled slice once, however often named
            index = Tensor._make(np.unique(ctx.positions))
            picked = IndexSelect.apply(_at_least_1d(grad), dim=ctx.dim, index=index)
            grad_value = picked.sum()
        return grad_a, grad_value


class IndexCopy(Function):
    """`a` with the slice `source[..., k, ...]` copied to the slice at
    `index[k]` along dim, for each k."""

    backward_name = "IndexCopyBackward0"
    formula = "d/da = 1 outside the copied slices, 0 in them;  d/dsource = grad there"
    ctx_arrays = ("positions",)  # freed after backward

    @staticmethod
    def forward(ctx, a, source, dim, index):
        x, values = a._data, source._data
        (d,) = normalize_dims(dim, x.ndim)
        shape, source_shape = x.shape or (1,), values.shape or (1,)
        positions = _positions(index, "index_copy", shape[d], d)
        if x.ndim and values.ndim and x.ndim != values.ndim:
            raise IndexError(
                "index_copy_(): When source and destination are not scalars, their "
                f"dimensionality must match. Source dimensionality ({values.ndim}), "
                f"destination dimensionality ({x.ndim})"
            )
        if not _same_except_along(d, shape, source_shape):
            raise RuntimeError(
                "index_copy_(): Source/destination tensor must have same slice "
                f"shapes (self {list(x.shape)}, source {list(values.shape)}: they "
                f"may differ only along dim {d})"
            )
        if positions.size != source_shape[d]:
            raise IndexError(
                f"index_copy_(): Number of indices ({positions.size}) should be equal "
                f"to source.size(dim) ({source_shape[d]})"
            )
        if values.dtype != x.dtype:
            raise RuntimeError(
                "index_copy_(): self and source expected to have the same dtype, but "
                f"got (self) {scalar_type_name(x.dtype)} and (source) "
                f"{scalar_type_name(values.dtype)}"
            )
        result = np.array(x).reshape(shape)  # a copy, at least 1-d
        result[_slices(d, positions)] = values.reshape(source_shape)
        ctx.dim, ctx.positions, ctx.source_shape = d, positions, values.shape
        return result.reshape(x.shape)

    @staticmethod
    def backward(ctx, grad):
        grad_a = grad_source = None
        index = Tensor._make(ctx.positions)
        if ctx.needs_input_grad[0]:
            grad_a = IndexFill.apply(grad, value=0.0, dim=ctx.dim, index=index)
        if ctx.needs_input_grad[1]:
            picked = IndexSelect.apply(_at_least_1d(grad), dim=ctx.dim, index=index)
            grad_source = picked.reshape(ctx.source_shape)
        return grad_a, grad_source


def index_add(a, dim, index, source, alpha=1):
    """`a` with `alpha * source` added, slice by slice, at the positions
    `index` along `dim` (`Tensor.index_add`); repeated positions add up.

    Args:
        a: a tensor.
        dim: the dimension the positions run along.
        index: a vector of int64 (or int32) positions, one per slice of
            `source` along `dim`.
        source: a tensor of `a`'s dtype and shape except along `dim`.
        alpha: a number that scales `source` (an int for an integer tensor).

    Example:
        >>> index = minigrad.tensor([0, 0])
        >>> minigrad.zeros(2, 3).index_add(1, index, minigrad.ones(2, 2))
        tensor([[2., 0., 0.],
                [2., 0., 0.]])
    """
    int_arg(dim, "index_add", "dim", 1)
    tensor_arg(source, "index_add", "source", 3)
    alpha = number_arg(alpha, "index_add", "alpha")
    if a._data.dtype.kind in "biu" and not isinstance(alpha, numbers.Integral):
        raise RuntimeError(
            "For integral input tensors, argument alpha must not be a floating point "
            "number (in index_add(); convert the tensors with .float())."
        )
    return IndexAdd.apply(a, source, dim=dim, index=index, alpha=alpha)


def index_fill(a, dim, index, value):
    """`a` with `value` (a number, or a 0-d tensor that gets a gradient) in
    the slices at positions `index` along `dim` (`Tensor.index_fill`).

    Example:
        >>> minigrad.zeros(2, 3).index_fill(1, minigrad.tensor([0, 2]), -1.0)
        tensor([[-1.,  0., -1.],
                [-1.,  0., -1.]])
    """
    int_arg(dim, "index_fill", "dim", 1)
    if isinstance(value, Tensor):
        return IndexFill.apply(a, value, dim=dim, index=index)
    return IndexFill.apply(a, value=value, dim=dim, index=index)  # (no edge)


def index_copy(a, dim, index, source):
    """`a` with the slices of `source` copied to the positions `index` along
    `dim` (`Tensor.index_copy`): out[:, index[k]] = source[:, k] for dim 1.

    Example:
        >>> index = minigrad.tensor([2])
        >>> minigrad.zeros(2, 3).index_copy(1, index, minigrad.ones(2, 1))
        tensor([[0., 0., 1.],
                [0., 0., 1.]])
    """
    int_arg(dim, "index_copy", "dim", 1)
    tensor_arg(source, "index_copy", "source", 3)
    return IndexCopy.apply(a, source, dim=dim, index=index)


# ----- masked_select, masked_scatter: positions a bool mask names, in order ---------


def _bool_mask(mask, op, wrong_dtype):
    """The numpy array of a bool mask tensor (else PyTorch's errors)."""
    tensor_arg(mask, op, "mask", 2)
    if mask._data.dtype != np.bool_:
        raise RuntimeError(
            f"{wrong_dtype} (got {scalar_type_name(mask._data.dtype)}; compare to "
            "make a bool mask, e.g. x > 0, or convert it with mask.bool())"
        )
    return mask._data


def _broadcast_shape(x, mask):
    """The shape `x` and `mask` broadcast to (PyTorch's message if they don't)."""
    try:
        return np.broadcast_shapes(x.shape, mask.shape)
    except ValueError:
        raise RuntimeError(
            f"The shapes of the tensor {list(x.shape)} and the mask "
            f"{list(mask.shape)} don't broadcast (see numpy's broadcasting rules)"
        ) from None


class MaskedSelect(Function):
    """The elements of `a` where the bool `mask` is True (the two broadcast
    together), in order, as a 1-D tensor."""

    backward_name = "MaskedSelectBackward0"
    formula = "d out / d a = 1 at each selected element: grad put back there"
    ctx_arrays = ("mask",)  # freed after backward

    @staticmethod
    def forward(ctx, a, mask):
        x = a._data
        m = _bool_mask(
            mask, "masked_select", "masked_select: expected BoolTensor for mask"
        )
        shape = _broadcast_shape(x, m)
        ctx.mask = np.array(np.broadcast_to(m, shape))  # (a copy: mask may change)
        return np.broadcast_to(x, shape)[ctx.mask]

    @staticmethod
    def backward(ctx, grad):
        # grad back at the mask's places, zeros elsewhere (summed back to a's
        # shape by the engine where a was broadcast)
        zeros = Tensor._make(np.zeros(ctx.mask.shape, dtype=grad._data.dtype))
        return MaskedScatter.apply(zeros, grad, mask=Tensor._make(ctx.mask))


class MaskedScatter(Function):
    """`a` with the elements of `source`, in order, written where the bool
    `mask` is True (a and mask broadcast together); source may have more."""

    backward_name = "MaskedScatterBackward0"
    formula = (
        "d/da = 1 where the mask is False;  d/dsource = grad at the mask, in order"
    )
    ctx_arrays = ("mask",)  # freed after backward

    @staticmethod
    def forward(ctx, a, source, mask):
        x, values = a._data, source._data
        m = _bool_mask(
            mask, "masked_scatter", "masked_scatter_ only supports boolean masks"
        )
        if values.dtype != x.dtype:
            raise RuntimeError(
                "masked_scatter: expected self and source to have same dtypes but got "
                f"{scalar_type_name(x.dtype)} and {scalar_type_name(values.dtype)}"
            )
        shape = _broadcast_shape(x, m)
        mask = np.array(np.broadcast_to(m, shape))  # (a copy: m may change)
        count = int(mask.sum())
        if values.size < count:
            raise RuntimeError(
                "Number of elements of source < number of ones in mask "
                f"({values.size} < {count}: source needs an element for each True)"
            )
        result = np.array(np.broadcast_to(x, shape))
        result[mask] = values.reshape(-1)[:count]
        ctx.mask, ctx.source_shape = mask, values.shape
        return result

    @staticmethod
    def backward(ctx, grad):
        grad_a = grad_source = None
        mask = Tensor._make(ctx.mask)
        if ctx.needs_input_grad[0]:
            grad_a = grad.masked_fill(mask, 0.0)
        if ctx.needs_input_grad[1]:
            # the source elements used, in order; zeros for the ones left over
            picked = MaskedSelect.apply(grad, mask=mask)
            size = int(np.prod(ctx.source_shape, dtype=np.int64))
            grad_source = _padded(picked, (size,)).reshape(ctx.source_shape)
        return grad_a, grad_source


def masked_select(a, mask):
    """The elements of `a` where the bool `mask` is True, as a 1-D tensor
    (`Tensor.masked_select`); `a` and `mask` broadcast together.

    Example:
        >>> x = minigrad.tensor([[1.0, -2.0], [-3.0, 4.0]])
        >>> x.masked_select(x > 0)
        tensor([1., 4.])
    """
    return MaskedSelect.apply(a, mask=mask)


def masked_scatter(a, mask, source):
    """`a` with the elements of `source`, in order, written where the bool
    `mask` is True (`Tensor.masked_scatter`); source needs at least as many
    elements as the mask has True values.

    Example:
        >>> mask = minigrad.tensor([True, False, True, False])
        >>> minigrad.zeros(4).masked_scatter(mask, minigrad.tensor([1.0, 2.0]))
        tensor([1., 0., 2., 0.])
    """
    tensor_arg(source, "masked_scatter", "source", 2)
    return MaskedScatter.apply(a, source, mask=mask)


# ----- take: gather from the flattened tensor (composed) ---------------------------


def take(a, index):
    """The elements of `a` at the int64 `index`, as if `a` were flat
    (`Tensor.take`); the result has index's shape. Negative indices count
    from the end. The gradient is gather's: scattered back, repeated
    positions adding up.

    Example:
        >>> minigrad.tensor([[1.0, 2.0], [3.0, 4.0]]).take(minigrad.tensor([3, 0]))
        tensor([4., 1.])
    """
    positions = tensor_arg(index, "take", "index", 2)._data
    if positions.dtype != np.int64:
        raise RuntimeError(
            "take(): Expected a long tensor for index, but got "
            f"{scalar_type_name(positions.dtype)}"
        )
    n = a.numel()
    bad = positions[(positions < -n) | (positions >= n)]
    if bad.size:
        raise IndexError(
            f"out of range: tried to access index {int(bad.flat[0])} on a tensor "
            f"of {n} elements."
        )
    positions = np.where(positions < 0, positions + n, positions)
    flat = a.reshape(-1).gather(0, positions.reshape(-1))
    return flat.reshape(positions.shape)


# ----- take_along_dim: gather, with broadcasting (composed) -------------------------


def take_along_dim(a, indices, dim=None):
    """The elements of `a` at `indices` along `dim` (`Tensor.take_along_dim`):
    `gather` where `a` and `indices` broadcast in the other dimensions
    (ExpandBackward0, GatherBackward0, as PyTorch records it). With no dim,
    of the flattened `a` (ViewBackward0, GatherBackward0).

    Negative indices count from the end, as PyTorch's; PyTorch reads an index
    past the end as another element, minigrad refuses it (RuntimeError).

    Example:
        >>> x = minigrad.tensor([[10.0, 30.0, 20.0], [60.0, 40.0, 50.0]])
        >>> x.take_along_dim(x.argmax(1, keepdim=True), 1)
        tensor([[30.],
                [60.]])
    """
    index = tensor_arg(indices, "take_along_dim", "indices", 2)._data
    if index.dtype != np.int64:
        raise RuntimeError(
            "torch.take_along_dim(): dtype of indices should be Long but got "
            f"{scalar_type_name(index.dtype)} (convert them with indices.long())"
        )
    if dim is None:
        return a.reshape(-1).gather(0, index.reshape(-1))
    int_arg(dim, "take_along_dim", "dim", 3)
    if a.dim() == 0:
        raise IndexError(
            f"Dimension specified as {dim} but tensor has no dimensions (leave dim "
            "out for a 0-d tensor)"
        )
    if index.ndim != a.dim():
        raise RuntimeError(
            "torch.take_along_dim(): input and indices should have the same number of "
            f"dimensions, but got {a.dim()} dimensions for input, and {index.ndim} "
            "dimensions for indices"
        )
    (d,) = normalize_dims(dim, a.dim())
    size = a.shape[d]
    bad = index[(index < -size) | (index >= size)]
    if bad.size:
        raise RuntimeError(
            f"index {int(bad.flat[0])} is out of bounds for dimension {d} with size "
            f"{size}"
        )
    index = np.where(index < 0, index + size, index)
    wanted = list(a.shape)
    wanted[d] = index.shape[d]  # (dim itself does not broadcast)
    try:
        shape = list(np.broadcast_shapes(tuple(wanted), index.shape))
    except ValueError:
        raise RuntimeError(
            f"take_along_dim(): indices of shape {list(index.shape)} and input of "
            f"shape {list(a.shape)} don't broadcast apart from dimension {d}"
        ) from None
    index = np.broadcast_to(index, shape)
    shape[d] = size
    return a.expand(shape).gather(d, index)


# ----- fill_diagonal_ (in place) ----------------------------------------------------


def fill_diagonal(a, fill_value, wrap=False):
    """Write `fill_value` on the main diagonal of `a` in place
    (`Tensor.fill_diagonal_`): positions (i, i) of a matrix, (i, i, i) of a
    cube (every dim the same size). With `wrap`, a tall matrix's diagonal
    starts again below the first square, after one skipped row (numpy's
    `fill_diagonal`). Recorded as CopySlices, as PyTorch (twice for a wrap).

    Example:
        >>> minigrad.zeros(2, 2).fill_diagonal_(1.0)
        tensor([[1., 0.],
                [0., 1.]])
    """
    bool_arg(wrap, "fill_diagonal_", "wrap")
    value = number_arg(fill_value, "fill_diagonal_", "fill_value")
    shape = tuple(a.shape)
    if len(shape) < 2:
        raise RuntimeError(
            f"dimensions must larger than 1 (fill_diagonal_ needs a matrix, got a "
            f"tensor of shape {list(shape)})"
        )
    if len(shape) > 2 and len(set(shape)) > 1:
        raise RuntimeError(
            f"all dimensions of input must be of equal length (got shape "
            f"{list(shape)}; for a batch of matrices use diagonal())"
        )
    _fill_value(value, a._data.dtype, "fill_diagonal_")  # (refuse an overflow)
    steps = np.arange(min(shape))
    diagonal = (steps,) * len(shape)
    a._inplace(IndexPut.apply, value, index=diagonal, node="CopySlices")
    rows, width = shape[0], shape[-1]
    if wrap and len(shape) == 2 and rows > width + 1:
        # below the first square, every (width + 1)-th element again
        flat = np.arange(width * (width + 1), rows * width, width + 1)
        where = np.unravel_index(flat, shape)
        a._inplace(IndexPut.apply, value, index=where, node="CopySlices")
    return a
