"""Operations that move elements around without arithmetic.

reshape/view, transpose, permute, unsqueeze, squeeze, expand, indexing,
cat, stack, where, maximum, minimum, clone and dtype casts.

Views (reshape when possible, transpose, permute, (un)squeeze, expand, basic
indexing) share memory with their input, as in PyTorch: `_view` marks the
result so that it shares its base's version counter.
"""

import numbers
import warnings

import numpy as np

from .._check import checked_scalar
from ..autograd.function import Function, Node, record
from ..autograd.grad_mode import grad_enabled, in_inference_mode
from ..tensor import Tensor  # (tensor.py imports the ops at its end)
from ._util import (
    check_broadcast,
    constant,
    normalize_dims,
    promote,
    raw,
    result_type,
)


def _view(base, array):
    """Wrap `array` as a view of tensor `base` when it shares base's memory."""

    if type(base._data) is not np.ndarray:
        # A 0-d base held as a numpy scalar (see Tensor._array): give it memory,
        # and make the result a view of that memory.
        memory = base._array()
        if np.size(array) != 1:  # an expand: read-only, as numpy's broadcasts are
            array = np.broadcast_to(memory, np.shape(array))
        else:
            array = memory.reshape(np.shape(array))
    # may_share_memory only compares memory bounds (fast); an array derived
    # from base either lies in base's memory (a view) or is a fresh copy.
    if np.may_share_memory(array, base._data):
        view = Tensor._make(
            array,
            version=base._version_counter,
            base=base._base if base._base is not None else base,
        )
        if base._requires_grad or base._made_without_grad:
            # Made under no_grad (or inference_mode) of a tensor with a gradient:
            # `_inplace` refuses to change it later with grad mode on, as PyTorch.
            if in_inference_mode():
                view._made_without_grad = "inference"
            elif not grad_enabled.get():
                view._made_without_grad = "no_grad"
            else:
                view._made_without_grad = base._made_without_grad
        return view
    return array


class View(Function):
    """The same elements in a new shape (reshape, view, flatten)."""

    backward_name = "ViewBackward0"
    formula = "gradient reshaped back to the input's shape"

    @staticmethod
    def forward(ctx, a, shape, must_view=False):
        ctx.shape = a.shape
        x = a._data
        if list(shape).count(-1) > 1:
            raise RuntimeError(
                f"only one dimension can be inferred: shape {list(shape)} has "
                "-1 more than once"
            )
        for i, size in enumerate(shape):  # (numpy reads any negative size as -1)
            if size < -1:
                raise RuntimeError(
                    f"invalid shape dimension {size} at index {i} of shape "
                    f"{list(shape)} (sizes are >= 0, or -1 for the one inferred)"
                )
        try:
            result = _viewed(x, shape) if must_view else x.reshape(shape)
        except ValueError as error:
            if str(error) == "not contiguous":
                raise RuntimeError(
                    "view size is not compatible with input tensor's size and "
                    "stride (at least one dimension spans across two contiguous "
                    "subspaces). Use .reshape(...) instead."
                ) from None
            raise RuntimeError(
                f"shape '{list(shape)}' is invalid for input of size {x.size}"
            ) from None
        return _view(a, result)

    @staticmethod
    def backward(ctx, grad):
        return grad.reshape(ctx.shape)


def _viewed(x, shape):
    """`x` in a new shape without a copy (`Tensor.view`), where its strides
    allow one, as PyTorch's: a transposed or sliced tensor often can be viewed
    (`t()[...]`, merging a size-1 dimension). ValueError("not contiguous")
    where it can't."""
    try:
        return np.reshape(x, shape, copy=False)
    except TypeError:  # (numpy before 2.1 has no copy=: contiguous data only)
        if x.flags.c_contiguous or x.size <= 1:
            return x.reshape(shape)
    except ValueError as error:
        if "copy" not in str(error):  # (a shape of another size)
            raise
    raise ValueError("not contiguous")


class Transpose(Function):
    """Swap two dimensions."""

    backward_name = "TransposeBackward0"
    formula = "gradient transposed back"

    @staticmethod
    def forward(ctx, a, dim0, dim1):
        x = a._data
        d0, d1 = normalize_dims((dim0, dim1), x.ndim)
        ctx.dims = (d0, d1)
        return _view(a, x.swapaxes(d0, d1) if x.ndim else x.view())

    @staticmethod
    def backward(ctx, grad):
        return grad.transpose(*ctx.dims) if grad.dim() else grad


def t(a):
    """`a.t()` of a matrix: its transpose, a view (PyTorch's node: TBackward0).

    `nn.Linear` records one for its weight, so it is cheap: numpy's `.T` and
    a node with nothing saved.
    """
    return record(TBackward0, a._data.T, (a,), view_of=a)


class TBackward0(Node):
    formula = "gradient transposed back"
    broadcasts = False  # (nothing to fit: the gradient is transposed back)

    def backward(self, grad):
        return (grad.t() if isinstance(grad, Tensor) else grad.T,)


class Permute(Function):
    """Reorder all dimensions (`a.permute(1, 0)`, and `a.T`)."""

    backward_name = "PermuteBackward0"
    formula = "gradient permuted back"

    @staticmethod
    def forward(ctx, a, dims):
        # (the count first, as PyTorch: a dim past the end of too many dims
        # is the count's mistake, not an out-of-range dim)
        if isinstance(dims, (tuple, list)) and len(dims) != a.dim():
            raise RuntimeError(
                f"permute(): number of dimensions in the tensor input does "
                f"not match the length of the desired ordering of dimensions i.e. "
                f"input.dim() = {a.dim()} is not equal to len(dims) = {len(dims)}. "
                f"Hint: give one dim per dimension, e.g. permute"
                f"{tuple(range(a.dim() - 1, -1, -1))}"
            )
        dims = normalize_dims(dims, a.dim())
        if sorted(dims) != list(range(a.dim())):
            raise RuntimeError(
                f"permute(): duplicate dims are not allowed: {list(dims)}"
            )
        ctx.inverse = tuple(np.argsort(dims))
        return _view(a, np.transpose(a._data, dims))

    @staticmethod
    def backward(ctx, grad):
        return grad.permute(ctx.inverse)  # (a tuple: () for a 0-d tensor's .T)


class Unsqueeze(Function):
    """Insert a dimension of size 1 at `dim`."""

    backward_name = "UnsqueezeBackward0"
    formula = "gradient with that dimension removed"

    @staticmethod
    def forward(ctx, a, dim):
        (d,) = normalize_dims(dim, a.dim() + 1)
        ctx.dim = d
        return _view(a, np.expand_dims(a._data, d))

    @staticmethod
    def backward(ctx, grad):
        return grad.squeeze(ctx.dim)


class Squeeze(Function):
    """Remove dimensions of size 1 (all, or only `dim`)."""

    formula = "gradient reshaped back to the input's shape"

    @classmethod
    def node_name(cls, a, dim=None):
        return "SqueezeBackward0" if dim is None else "SqueezeBackward1"

    @staticmethod
    def forward(ctx, a, dim=None):
        ctx.shape = a.shape
        x = a._data
        if dim is None:
            return _view(a, np.squeeze(x))
        dims = normalize_dims(dim, a.dim(), distinct=True)  # (twice: RuntimeError)
        dims = [d for d in dims if x.ndim and x.shape[d] == 1]
        return _view(a, np.squeeze(x, axis=tuple(dims)) if dims else x.view())

    @staticmethod
    def backward(ctx, grad):
        return grad.reshape(ctx.shape)


class Expand(Function):
    """Repeat size-1 dimensions (without copying) to a larger shape."""

    backward_name = "ExpandBackward0"
    formula = "gradient summed over the repeated dimensions"

    @staticmethod
    def forward(ctx, a, shape):
        x = a._data
        extra = len(shape) - x.ndim
        if extra < 0:
            raise RuntimeError(
                f"expand: the number of sizes provided ({len(shape)}) must be "
                f"greater or equal to the number of dimensions in the tensor ({x.ndim})"
            )
        target = tuple(
            x.shape[i - extra] if n == -1 and i >= extra else n
            for i, n in enumerate(shape)
        )
        # PyTorch's errors, at the last misfit (it checks from the right)
        for i, n in reversed(list(enumerate(target))):
            if i < extra and n == -1:
                raise RuntimeError(
                    f"The expanded size of the tensor (-1) isn't allowed in a "
                    f"leading, non-existing dimension {i}"
                )
            if i >= extra and x.shape[i - extra] not in (1, n):
                raise RuntimeError(
                    f"The expanded size of the tensor ({n}) must match the existing "
                    f"size ({x.shape[i - extra]}) at non-singleton dimension {i}.  "
                    f"Target sizes: {list(shape)}.  Tensor sizes: {list(x.shape)}"
                )
            if n < 0:
                raise RuntimeError(
                    f"Trying to create tensor with negative dimension {n}: "
                    f"{list(target)}"
                )
        return _view(a, np.broadcast_to(x, target))

    @staticmethod
    def backward(ctx, grad):
        return grad  # summed back to the input's shape by the engine's one rule


def _basic(index):
    """True for an int or a slice: one step of basic indexing."""
    return isinstance(index, (int, np.integer, slice)) and not isinstance(index, bool)


class Index(Function):
    """a[index] for ints, slices, integer arrays and boolean masks."""

    formula = "gradient placed back at the indexed positions (zeros elsewhere)"
    ctx_arrays = ("index",)  # freed after backward

    @classmethod
    def node_name(cls, a, index):
        # Tensor.__getitem__ splits basic indexing into steps `(:, :, part)`.
        parts = index if isinstance(index, tuple) else (index,)
        if parts and all(p == slice(None) for p in parts[:-1] if isinstance(p, slice)):
            last = parts[-1]
            if all(isinstance(p, slice) for p in parts[:-1]):
                if isinstance(last, (int, np.integer)) and not isinstance(last, bool):
                    return "SelectBackward0"
                if isinstance(last, slice):
                    return "SliceBackward0"
        return "IndexBackward0"

    @staticmethod
    def forward(ctx, a, index):
        ctx.shape, ctx.index = a.shape, index
        _check_index(index)
        parts = index if isinstance(index, tuple) else (index,)
        basic = all(_basic(p) for p in parts)
        try:
            # With a trailing `...` numpy returns even a single element as a
            # 0-d view (plain `a[0]` of a vector would be a copied scalar).
            result = a._data[parts + (Ellipsis,)] if basic else a._data[index]
        except IndexError as error:
            raise IndexError(f"{error} (tensor of shape {list(a.shape)})") from None
        if basic:
            return _view(a, result)  # basic indexing gives a view, as in PyTorch
        return np.array(result)

    @staticmethod
    def backward(ctx, grad):
        return IndexBackward.apply(grad, shape=ctx.shape, index=ctx.index)


class ViewOfBase(Index):
    """A view's elements read from its base by position (`index`: a tuple of
    integer arrays): how a view follows its base's new history after a
    recorded in-place change (`Tensor._write_through_base`), named as PyTorch
    names it."""

    formula = "gradient placed back at the view's positions in its base"

    @classmethod
    def node_name(cls, a, index):
        return "AsStridedBackward0"


class IndexBackward(Function):
    """The backward of indexing: zeros of `shape` with `grad` added at `index`."""

    backward_name = "IndexPutBackward0"
    formula = "gradient read back at the indexed positions"
    ctx_arrays = ("index",)  # freed after backward

    @staticmethod
    def forward(ctx, grad, shape, index):
        ctx.index = index
        result = np.zeros(shape, dtype=grad._data.dtype)
        np.add.at(result, index, grad._data)  # repeated indices add up
        return result

    @staticmethod
    def backward(ctx, grad):
        return Index.apply(grad, index=ctx.index)


class IndexPut(Function):
    """`a[index] = value` as a new tensor (in place: `Tensor.__setitem__`)."""

    formula = "d/da = 1 outside the index, 0 inside;  d/dvalue = gradient at the index"
    ctx_arrays = ("index",)  # freed after backward

    @classmethod
    def node_name(cls, a, value, index, node=None):
        if node is not None:
            return node  # (fill_, zero_: FillBackward2, ZeroBackward0)
        if index is Ellipsis:  # (`a.copy_(value)`, `a[...] = value`: the whole of a)
            return "CopyBackwards"
        parts = index if isinstance(index, tuple) else (index,)
        basic = all(_basic(p) or p is Ellipsis or p is None for p in parts)
        return "CopySlices" if basic else "IndexPutBackward0"

    @staticmethod
    def forward(ctx, a, value, index, node=None):
        ctx.index = index
        _check_index(index)
        result = np.array(a._data)  # a copy, and an array even for a 0-d value
        try:
            result[index] = raw(value)
        except IndexError as error:
            raise IndexError(
                f"tensor[{index!r}] = ...: {error} (tensor of shape {list(a.shape)})"
            ) from None
        except (ValueError, TypeError) as error:  # (numpy: TypeError for a mask)
            raise RuntimeError(
                f"can't assign a value of shape {list(np.shape(raw(value)))} to "
                f"tensor[{index!r}] of a tensor of shape {list(a.shape)}: {error}"
            ) from None
        return result

    @staticmethod
    def backward(ctx, grad):
        grad_a = grad_value = None
        if ctx.needs_input_grad[0]:
            keep = np.ones(grad.shape, dtype=bool)
            keep[ctx.index] = False
            # (exactly 0 where overwritten, as PyTorch: grad * mask is nan for inf)
            grad_a = grad.where(keep, 0.0)
        if ctx.needs_input_grad[1]:
            grad_value = Index.apply(grad, index=ctx.index)
        return grad_a, grad_value


class Cat(Function):
    """Join tensors along an existing dimension."""

    backward_name = "CatBackward0"
    formula = "gradient split back into the pieces"

    @staticmethod
    def forward(ctx, *tensors, dim=0):
        arrays = [t._data for t in tensors]
        if not arrays:
            raise ValueError(  # a ValueError, as in PyTorch
                "minigrad.cat(): expected a non-empty list of Tensors (give at "
                "least one tensor to join)"
            )
        # As PyTorch, a 1-D empty tensor (`ones(0)`, the old way to start a
        # loop of cats) is skipped: it joins tensors of any shape.
        joined = [a for a in arrays if a.shape != (0,)] or arrays[:1]
        (d,) = normalize_dims(dim, joined[0].ndim)
        try:
            result = np.concatenate(joined, axis=d)
        except ValueError:
            shapes = ", ".join(str(list(a.shape)) for a in arrays)
            raise RuntimeError(
                f"cat(): sizes of tensors must match except in dimension {d} "
                f"(got shapes {shapes})"
            ) from None
        # (None: a skipped tensor, whose gradient is empty)
        ctx.dim = d
        ctx.sizes = [a.shape[d] if a.shape != (0,) else None for a in arrays]
        return promote(result, *tensors)

    @staticmethod
    def backward(ctx, grad):
        pieces, start = [], 0
        for size in ctx.sizes:
            if size is None:
                pieces.append(grad.new_zeros(0))
                continue
            index = (slice(None),) * ctx.dim + (slice(start, start + size),)
            pieces.append(grad[index])
            start += size
        return tuple(pieces)


class Stack(Function):
    """Join tensors of equal shape along a new dimension."""

    backward_name = "StackBackward0"
    formula = "gradient split back along the new dimension"

    @staticmethod
    def forward(ctx, *tensors, dim=0):
        arrays = [t._data for t in tensors]
        if not arrays:
            raise RuntimeError("stack expects a non-empty TensorList")
        shapes = {a.shape for a in arrays}
        if len(shapes) > 1:
            raise RuntimeError(
                "stack expects each tensor to be equal size, but got "
                + " and ".join(str(list(a.shape)) for a in arrays)
            )
        (d,) = normalize_dims(dim, arrays[0].ndim + 1)
        ctx.dim, ctx.count = d, len(arrays)
        return promote(np.stack(arrays, axis=d), *tensors)

    @staticmethod
    def backward(ctx, grad):
        return tuple(grad.select(ctx.dim, i) for i in range(ctx.count))


class Unbind(Function):
    """Split along `dim` into its slices, each a view (iterating a tensor uses it).

    One node with one output per slice, as PyTorch records `for row in x`.
    """

    backward_name = "UnbindBackward0"
    formula = "the slices' gradients stacked back along dim"
    returns_several_views = True  # (none of them may change in place: `_inplace`)

    @staticmethod
    def forward(ctx, a, dim=0):
        (d,) = normalize_dims(dim, a._data.ndim)
        ctx.dim = d
        moved = np.moveaxis(a._data, d, 0)  # a view with dim first
        # (`moved[i, ...]`, not `moved[i]`: of a 1-d tensor the latter is a numpy
        # scalar, a copy, and `for e in x: e.add_(1)` would not change x)
        return tuple(_view(a, moved[i, ...]) for i in range(moved.shape[0]))

    @staticmethod
    def backward(ctx, *grads):
        # (slices that got no gradient arrive as zeros, from the engine)
        return Stack.apply(*grads, dim=ctx.dim)


class Split(Function):
    """Cut along `dim` into pieces of the given sizes, each a view.

    One node with one output per piece (`split` and `chunk`), as in PyTorch.
    """

    formula = "the pieces' gradients joined back along dim"
    returns_several_views = True  # (as Unbind)

    @classmethod
    def node_name(cls, a, sizes, dim=0, equal=True):
        return "SplitBackward0" if equal else "SplitWithSizesBackward0"

    @staticmethod
    def forward(ctx, a, sizes, dim=0, equal=True):
        (d,) = normalize_dims(dim, a._data.ndim)
        ctx.dim = d
        pieces, start = [], 0
        for size in sizes:
            index = (slice(None),) * d + (slice(start, start + size),)
            pieces.append(_view(a, a._data[index]))
            start += size
        return tuple(pieces)

    @staticmethod
    def backward(ctx, *grads):
        # (pieces that got no gradient arrive as zeros, from the engine)
        return Cat.apply(*grads, dim=ctx.dim)


class Where(Function):
    """`a` where `condition` holds, else `b`."""

    backward_name = "WhereBackward0"
    formula = "d/da = 1 where condition, d/db = 1 elsewhere"
    ctx_arrays = ("condition",)  # freed after backward

    @staticmethod
    def forward(ctx, a, b, condition):
        check_broadcast(a, b)
        check_broadcast(condition, a)
        check_broadcast(condition, b)  # (each pair broadcasts; all three must)
        try:
            np.broadcast_shapes(np.shape(condition), np.shape(raw(a)), np.shape(raw(b)))
        except ValueError:  # e.g. (2, 1), (4, 1, 1, 2) and (4, 2): no pair fails
            raise RuntimeError(
                f"where(): the condition, input and other, of shapes "
                f"{list(np.shape(condition))}, {list(np.shape(raw(a)))} and "
                f"{list(np.shape(raw(b)))}, don't broadcast to one shape"
            ) from None
        ctx.condition = condition
        if not isinstance(b, Tensor) and isinstance(b, numbers.Number):
            # PyTorch's checked conversion to an integer result's dtype:
            # where(c, u, 300) of a uint8 tensor raises, where(c, u, -1) takes
            # 255 (a float result is not checked: 1e5 in float16 is inf).
            target = result_type(a, b)
            if target.kind in "iu":
                b = checked_scalar(b, target)
        with np.errstate(over="ignore"):  # (1e5 in float16 is inf, as PyTorch's)
            return promote(np.where(condition, raw(a), raw(b)), a, b)

    @staticmethod
    def backward(ctx, grad):
        # Selected, not multiplied: the side not taken gets exactly 0, even
        # where the incoming gradient is inf or nan (as in PyTorch).
        cond = Tensor._make(np.broadcast_to(ctx.condition, grad.shape))
        return grad.where(cond, 0.0), grad.where(~cond, 0.0)


class MaximumMinimum(Function):
    """Elementwise larger (or smaller) of a and b; ties share the gradient."""

    formula = "d/da = 1 where a wins, d/db = 1 where b wins, ½ each on ties"
    ctx_arrays = ("share",)  # freed after backward

    @classmethod
    def node_name(cls, a, b, smallest=False):
        return "MinimumBackward0" if smallest else "MaximumBackward0"

    @staticmethod
    def forward(ctx, a, b, smallest=False):
        check_broadcast(a, b)
        # Both in the result's dtype first, as PyTorch: an int64 300 beside
        # uint8 is 44 there (numpy would compare it as 300).
        dtype = result_type(a, b)
        x, y = (np.asarray(raw(t)).astype(dtype, copy=False) for t in (a, b))
        wins = (x < y) if smallest else (x > y)
        ctx.share = np.where(wins, 1.0, np.where(x == y, 0.5, 0.0))
        ctx.save_for_backward(a, b)  # (as PyTorch: only to refuse in-place changes)
        return promote((np.minimum if smallest else np.maximum)(x, y), a, b)

    @staticmethod
    def backward(ctx, grad):
        ctx.saved(False)  # raises if a or b changed in place (`share` is theirs)
        share = constant(ctx.share, grad)
        # (as in Where: the side that lost gets exactly 0, even from an inf grad)
        a_lost, b_lost = Tensor._make(ctx.share == 0), Tensor._make(ctx.share == 1)
        grad_a = (grad * share).masked_fill(a_lost, 0.0)
        grad_b = (grad * (1 - share)).masked_fill(b_lost, 0.0)
        return grad_a, grad_b


class Clone(Function):
    """A copy with its own memory."""

    backward_name = "CloneBackward0"
    formula = "d(copy a)/da = 1"

    @staticmethod
    def forward(ctx, a):
        return a._data.copy()

    @staticmethod
    def backward(ctx, grad):
        return grad


class Cast(Function):
    """A copy in another dtype (`a.double()`, `a.to(minigrad.float64)`)."""

    backward_name = "ToCopyBackward0"
    formula = "gradient cast back to the input's dtype"

    @staticmethod
    def forward(ctx, a, numpy_dtype):
        return a._data.astype(numpy_dtype)

    @staticmethod
    def backward(ctx, grad):
        return grad  # the engine casts gradients back to each input's dtype


def _check_index(index):
    """Refuse a string in an index with PyTorch's TypeError (numpy's differs)."""
    parts = index if isinstance(index, tuple) else (index,)
    for part in parts:
        if isinstance(part, (str, bytes)):
            raise TypeError(
                f"a tensor index must be an int, a slice, None, ..., a list or a "
                f"tensor of ints or bools, not {type(part).__name__} (got {part!r})"
            )


# ----- index_select, repeat, mT (issue 14; first reading: skip) ------------------


def _selection_index(index, ndim, size):
    """The positions `index_select` takes: a vector (or a single number) of
    int64/int32 positions in [0, size), checked with PyTorch's errors."""
    if not isinstance(index, Tensor):
        raise TypeError(
            "index_select(): argument 'index' (position 2) must be Tensor, not "
            f"{type(index).__name__}; e.g. minigrad.tensor([0, 2])"
        )
    positions = index._data
    if positions.dtype not in (np.int64, np.int32):
        raise RuntimeError(
            "index_select(): Expected dtype int32 or int64 for index (got "
            f"{index.dtype}); e.g. index.long()"
        )
    if positions.ndim > 1:
        raise IndexError(
            "index_select(): Index is supposed to be a vector (got an index of "
            f"shape {list(index.shape)}); flatten it first"
        )
    positions = positions.reshape(-1).astype(np.int64)
    if ndim == 0 and positions.size != 1:
        raise RuntimeError(
            "index_select(): Index to scalar can have only 1 value, got "
            f"{positions.size} value(s)"
        )
    bad = positions[(positions < 0) | (positions >= size)]
    if bad.size:
        # PyTorch's CPU kernels raise IndexError here (RuntimeError for a middle
        # dimension); minigrad always raises the IndexError.
        raise IndexError(
            f"index out of range in self (index_select: position {int(bad[0])} "
            f"along a dimension of size {size}; positions go from 0 to {size - 1})"
        )
    return positions


class IndexSelect(Function):
    """The slices of `a` at the positions `index` along `dim`, in that order.

    A position may come more than once; its gradients then add up.
    """

    backward_name = "IndexSelectBackward0"
    formula = "d out / d a = 1 at each selected slice: grad added back there"
    ctx_arrays = ("positions",)  # freed after backward

    @staticmethod
    def forward(ctx, a, dim, index):
        x = a._data
        (d,) = normalize_dims(dim, x.ndim)
        size = x.shape[d] if x.ndim else 1
        positions = _selection_index(index, x.ndim, size)
        ctx.shape, ctx.dim, ctx.positions = x.shape, d, positions
        if x.ndim == 0:
            return x.copy()
        return np.take(x, positions, axis=d)

    @staticmethod
    def backward(ctx, grad):
        from .sorting import ScatterAdd  # (sorting.py is imported after this)

        if not ctx.shape:
            return grad
        # ScatterAdd wants one position per element of grad: spread the vector
        # of positions along `dim` over the other dimensions.
        along = [-1 if k == ctx.dim else 1 for k in range(len(ctx.shape))]
        index = np.broadcast_to(ctx.positions.reshape(along), grad.shape)
        return ScatterAdd.apply(grad, shape=ctx.shape, dim=ctx.dim, index=index)


class Repeat(Function):
    """`a` tiled: `repeats[k]` copies along dimension k (new leading dims allowed).

    Each input element appears in many places; its gradient is the sum of the
    gradients of all its copies.
    """

    backward_name = "RepeatBackward0"
    formula = "d out / d a: the gradients of all copies of a_i summed"

    @staticmethod
    def forward(ctx, a, repeats):
        x = a._data
        if len(repeats) < x.ndim:
            raise RuntimeError(
                "Number of dimensions of repeat dims can not be smaller than number "
                f"of dimensions of tensor (repeats {tuple(repeats)} for a tensor of "
                f"shape {list(a.shape)}: give one count per dimension)"
            )
        shape = (1,) * (len(repeats) - x.ndim) + x.shape
        for count, n in zip(repeats, shape):
            if count < 0:
                raise RuntimeError(
                    "Trying to create tensor with negative dimension "
                    f"{count * n}: {[c * m for c, m in zip(repeats, shape)]} "
                    "(repeat counts must be 0 or more)"
                )
        ctx.shape, ctx.repeats, ctx.input_shape = shape, tuple(repeats), x.shape
        return np.tile(x.reshape(shape), repeats)

    @staticmethod
    def backward(ctx, grad):
        # Split each dim k of the result into (repeats[k], shape[k]) and sum the
        # copies: dims 0, 2, 4, ... of the split shape.
        split = []
        for count, n in zip(ctx.repeats, ctx.shape):
            split += [count, n]
        copies = tuple(range(0, len(split), 2))
        summed = grad.reshape(split).sum(dim=copies) if copies else grad
        return summed.reshape(ctx.input_shape)


# ----- diagonals: diagonal (a view), diag, trace -------------------------------


def _diagonal_of(x, offset, d1, d2):
    """The diagonal of array `x` over dims d1, d2 as a writable view (numpy's
    own `np.diagonal` is read-only, and PyTorch's diagonal can be written)."""
    moved = np.moveaxis(x, (d1, d2), (-2, -1))  # (a view)
    part = moved[..., :, offset:] if offset >= 0 else moved[..., -offset:, :]
    n = max(0, min(part.shape[-2], part.shape[-1]))
    return np.lib.stride_tricks.as_strided(
        part,
        shape=part.shape[:-2] + (n,),
        strides=part.strides[:-2] + (part.strides[-2] + part.strides[-1],),
        writeable=part.flags.writeable,
    )


def _diagonal_dims(ndim, dim1, dim2):
    d1, d2 = normalize_dims((dim1, dim2), ndim)
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    return d1, d2


class Diagonal(Function):
    """The elements a[i, i + offset] over dims dim1 and dim2 (the result's
    last dim): a view (`diagonal`), or a copy (`diag` of a matrix)."""

    formula = "gradient placed back on the diagonal (zeros elsewhere)"

    @classmethod
    def node_name(cls, a, offset=0, dim1=0, dim2=1, copy=False):
        return "DiagonalBackward0_copy" if copy else "DiagonalBackward0"

    @staticmethod
    def forward(ctx, a, offset=0, dim1=0, dim2=1, copy=False):
        dims = _diagonal_dims(a._data.ndim, dim1, dim2)
        ctx.shape, ctx.offset, ctx.dims = a.shape, offset, dims
        diagonal = _diagonal_of(a._array(), offset, *dims)
        return np.array(diagonal) if copy else _view(a, diagonal)

    @staticmethod
    def backward(ctx, grad):
        return DiagonalPut.apply(
            grad, shape=ctx.shape, offset=ctx.offset, dims=ctx.dims
        )


class DiagonalPut(Function):
    """Zeros of `shape` with `values` on a diagonal: the backward of
    `diagonal`, and `diag` of a vector (a matrix with it on its diagonal)."""

    formula = "gradient read back from the diagonal"

    @classmethod
    def node_name(cls, values, shape, offset, dims, node="DiagonalBackwardBackward0"):
        return node  # (diag of a vector: DiagEmbedBackward0)

    @staticmethod
    def forward(ctx, values, shape, offset, dims, node=None):
        ctx.offset, ctx.dims = offset, dims
        result = np.zeros(shape, dtype=values._data.dtype)
        _diagonal_of(result, offset, *dims)[...] = values._data
        return result

    @staticmethod
    def backward(ctx, grad):
        d1, d2 = ctx.dims
        return Diagonal.apply(grad, offset=ctx.offset, dim1=d1, dim2=d2, copy=True)


def diag(a, diagonal=0):
    """`diag` of a vector: the square matrix with it on diagonal `diagonal`
    (DiagEmbedBackward0); of a matrix: that diagonal, copied."""
    if a._data.ndim == 1:
        n = a._data.shape[0] + abs(diagonal)
        shape = (n, n)
        return DiagonalPut.apply(
            a, shape=shape, offset=diagonal, dims=(0, 1), node="DiagEmbedBackward0"
        )
    if a._data.ndim == 2:
        return Diagonal.apply(a, offset=diagonal, copy=True)
    raise RuntimeError(f"diag(): Supports 1D or 2D tensors. Got {a._data.ndim}D")


class Trace(Function):
    """The sum of a matrix's diagonal; its gradient is the identity times grad."""

    backward_name = "TraceBackward0"
    formula = "d(trace a)/da = I"

    @staticmethod
    def forward(ctx, a):
        if a._data.ndim != 2:
            raise RuntimeError(
                f"trace: expected a matrix, but got tensor with dim {a._data.ndim}"
            )
        ctx.shape = a.shape
        integers = a._data.dtype.kind in "biu"  # (summed as int64, as PyTorch)
        return np.asarray(np.trace(a._data), np.int64 if integers else a._data.dtype)

    @staticmethod
    def backward(ctx, grad):
        n = min(ctx.shape)
        return DiagonalPut.apply(
            grad.expand(n),
            shape=ctx.shape,
            offset=0,
            dims=(0, 1),
            node="TraceBackwardBackward0",
        )


def matrix_transpose(a):
    """`a.mT`: the last two dimensions swapped (TransposeBackward0), a view.

    Only for matrices and batches of matrices, as in PyTorch (a 0-d tensor is
    returned as it is, with PyTorch's deprecation warning).
    """
    if a.dim() == 1:
        raise RuntimeError(
            "tensor.mT is only supported on matrices or batches of matrices. Got "
            "1-D tensor. (A vector has nothing to swap: use it as it is, or "
            "a.unsqueeze(0) for a 1 x n matrix.)"
        )
    if a.dim() == 0:
        warnings.warn(
            "Tensor.mT is deprecated on 0-D tensors. This function is the identity "
            "in these cases.",
            UserWarning,
            stacklevel=3,
        )
        return a
    return a.transpose(-2, -1)
