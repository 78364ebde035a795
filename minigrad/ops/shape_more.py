"""More tensor ops students bring: repeat_interleave, tile, cumprod, diff,
movedim, fmax/fmin, var_mean/std_mean, nan_to_num, meshgrid,
broadcast_tensors, count_nonzero, bernoulli, unique, bincount and histc.

Most are made of ops that exist, in the order PyTorch makes them, so their
graphs show PyTorch's nodes and their gradients come for free:
`repeat_interleave` by a number is unsqueeze, expand, clone and view (by a
tensor of counts, `index_select`); `tile` is `repeat`; `diff` subtracts two
`narrow`ed slices; `movedim` is `permute`; `meshgrid` and `broadcast_tensors`
are views and `expand`s.

The ops with a node of their own are `Function`s: `Cumprod`, `FmaxFmin`,
`VarMean` and `NanToNum`, and `Bernoulli`, whose gradient is zero.
`count_nonzero`, `unique`, `bincount` and `histc` count, and have no gradient.
"""

import numbers
import warnings

import numpy as np

from .._check import bool_arg, int_arg, number_arg, tensor_arg
from .._dtype import scalar_type_name
from ..autograd.function import Function, Node, record
from ..autograd.grad_mode import is_recording
from ..random import numpy_generator
from ..tensor import Tensor  # (tensor.py imports the ops at its end)
from ._util import (
    accumulate,
    check_broadcast,
    constant,
    from_accumulated,
    normalize_dims,
    promote,
    zero_gradient,
)
from .reduce import _count, _restore, _warn_no_dof
from .rounding import NotImplemented
from .shape import Cat, Repeat

# ----- repeat_interleave and tile: copies of the elements -------------------------


def repeat_interleave(a, repeats, dim=None, output_size=None):
    """Each element of `a` (or each slice along `dim`) repeated `repeats` times
    in place: [1, 2] -> [1, 1, 2, 2]. With no `dim`, `a` is flattened first.

    Args:
        repeats: an int (every element as often), or a tensor of counts, one
            per slice along `dim` (or a single count for all).
        output_size: the length of the result along `dim`, if known (checked).

    Returns:
        By a number: unsqueeze, expand, clone and view, as PyTorch records it
        (ViewBackward0); by a tensor of counts: `index_select`
        (IndexSelectBackward0).

    Example:
        >>> minigrad.tensor([1, 2]).repeat_interleave(2)
        tensor([1, 1, 2, 2])
    """
    if dim is not None:
        int_arg(dim, "repeat_interleave", "dim", 2)
        if a.dim() == 0:
            raise IndexError(
                f"Dimension specified as {dim} but tensor has no dimensions "
                "(repeat_interleave of a 0-d tensor: leave dim out)"
            )
    if output_size is not None:
        int_arg(output_size, "repeat_interleave", "output_size", 3)
    x = a.flatten() if dim is None else a
    (d,) = normalize_dims(0 if dim is None else dim, x.dim())
    if isinstance(repeats, Tensor):
        positions = _repeated_positions(repeats, x.shape[d], d)
        if output_size is not None and output_size != positions.size:
            raise RuntimeError(
                f"allocated size does not match required size (output_size "
                f"{output_size}, but the counts add up to {positions.size})"
            )
        return x.index_select(d, Tensor._make(positions))
    int_arg(repeats, "repeat_interleave", "repeats", 1)
    if repeats < 0:
        raise RuntimeError(f"Repeats must be non-negative (got {repeats})")
    length = x.shape[d] * repeats
    if output_size is not None and output_size != length:
        raise RuntimeError(
            f"repeat_interleave: Invalid output_size, expected {length} but got "
            f"{output_size}"
        )
    # A new dimension after d, expanded to `repeats` copies, then merged into d.
    sizes = list(x.shape)
    copies = x.unsqueeze(d + 1).expand(*sizes[: d + 1], repeats, *sizes[d + 1 :])
    return copies.clone().flatten(d, d + 1)


def _repeated_positions(repeats, size, d):
    """The positions 0..size-1 along dim `d`, each as often as `repeats` (a
    tensor of counts, or a single count) says: [2, 1] -> [0, 0, 1]."""
    counts = repeats._data
    if counts.dtype.kind not in "iu":
        raise NotImplementedError(
            f'"repeat_interleave_cpu" not implemented for '
            f"'{scalar_type_name(counts.dtype)}' (give the counts as integers: "
            "repeats.long())"
        )
    if counts.ndim > 1:
        raise RuntimeError(
            f"repeats must be 0-dim or 1-dim tensor (got shape {list(counts.shape)})"
        )
    counts = counts.reshape(-1)
    if counts.size == 1:
        counts = np.repeat(counts, size)  # one count for every slice
    if counts.size != size:
        raise RuntimeError(
            "repeats must have the same size as input along dim, but got "
            f"repeats.size(0) = {counts.size} and input.size({d}) = {size}"
        )
    if (counts < 0).any():
        raise RuntimeError("repeats can not be negative")
    return np.repeat(np.arange(size, dtype=np.int64), counts)


def repeat_counts(repeats, output_size=None):
    """`minigrad.repeat_interleave(repeats)`: 0, 1, 2, ... each repeated as
    often as the vector of counts `repeats` says: [1, 2] -> [0, 1, 1]."""
    if repeats.dim() != 1:
        raise RuntimeError(
            "repeat_interleave only accept 1D vector as repeat (got a "
            f"{repeats.dim()}-d tensor)"
        )
    positions = _repeated_positions(repeats, repeats.shape[0], 0)
    if output_size is not None and output_size != positions.size:
        raise RuntimeError(
            f"allocated size does not match required size (output_size "
            f"{output_size}, but the counts add up to {positions.size})"
        )
    return Tensor._make(positions)


def tile(a, dims):
    """`a` repeated `dims[k]` times along dimension k: `repeat`, with ones
    put in front when `dims` has fewer counts than `a` has dimensions
    (RepeatBackward0).

    Example:
        >>> minigrad.tensor([[1, 2]]).tile((2,))
        tensor([[1, 2, 1, 2]])
    """
    for count in dims:
        if isinstance(count, bool) or not isinstance(count, numbers.Integral):
            raise TypeError(
                "tile(): argument 'dims' (position 2) must be tuple of ints, but "
                f"found element of type {type(count).__name__}"
            )
    counts = (1,) * (a.dim() - len(dims)) + tuple(int(c) for c in dims)
    return Repeat.apply(a, repeats=counts)


# ----- cumprod: the running product -----------------------------------------------


class Cumprod(Function):
    """The running product along `dim`: out[i] = a[0] * a[1] * ... * a[i].

    Its gradient, as PyTorch's CumprodBackward0: without zeros in the input,
    d/da[k] of Σ grad[i] out[i] is Σ_{i>=k} grad[i] out[i] / a[k]. A zero
    cannot be divided by, so where a slice holds one the products are formed
    without division (see `_gradient_with_zeros`).
    """

    backward_name = "CumprodBackward0"
    formula = "d out[i] / d a[k] = Π_(j<=i, j≠k) a[j] for k <= i"

    @staticmethod
    def forward(ctx, a, dim):
        x = a._data
        (d,) = normalize_dims(dim, x.ndim)
        ctx.dim = d
        if x.ndim == 0:
            result = x.copy()
        else:
            if x.dtype.kind in "biu":
                x = x.astype(np.int64)  # integers multiply as int64, as in PyTorch
            # (float16 multiplied in float32, as PyTorch)
            result = from_accumulated(np.cumprod(accumulate(x), axis=d), x.dtype)
        ctx.save_for_backward(a, result)
        return result

    @staticmethod
    def backward(ctx, grad):
        a, out = ctx.saved_tensors
        d = ctx.dim
        if a.dim() == 0 or a.shape[d] <= 1:
            return grad
        if not (a._data == 0).any():
            return _reversed_cumsum(grad * out, d) / a
        if grad.requires_grad or a.requires_grad and is_recording():
            return _gradient_with_zeros_recorded(a, grad, d)
        return constant(_gradient_with_zeros(a._data, out._data, grad._data, d), grad)


def _reversed_cumsum(t, d):
    """The running sum from the end: out[k] = t[k] + t[k + 1] + ... (recorded)."""
    return t.flip(d).cumsum(d).flip(d)


def _gradient_with_zeros(x, out, grad, d):
    """Cumprod's gradient in numpy, for inputs with zeros (O(n), PyTorch's way).

    In each slice, with z the position of its first zero: an element before z
    gets Σ_{i>=k} grad[i] out[i] / x[k] (out is 0 from z on, so the sum stops
    there); the zero at z gets out[z-1] * Σ_{i>=z} grad[i] Π_{z<j<=i} x[j];
    every element after z gets 0 (each product it is in holds x[z] = 0).
    """
    zeros_so_far = np.cumsum(x == 0, axis=d)
    before = zeros_so_far == 0
    first = (x == 0) & (zeros_so_far == 1)
    tail = np.flip(np.cumsum(np.flip(grad * out, d), d), d)
    result = np.where(before, tail / np.where(before, x, 1), 0)
    after_first = (zeros_so_far >= 1) & ~first
    partial = np.cumprod(np.where(after_first, x, 1), axis=d)  # Π_{z<j<=i} x[j]
    total = np.sum(
        np.where(zeros_so_far >= 1, grad * partial, 0), axis=d, keepdims=True
    )
    ones = np.ones_like(np.take(out, [0], axis=d))
    n = x.shape[d]
    out_before = np.concatenate([ones, np.take(out, range(n - 1), axis=d)], axis=d)
    return np.where(first, out_before * total, result)


def _gradient_with_zeros_recorded(a, grad, d):
    """Cumprod's gradient with recorded tensor ops (create_graph=True), as
    PyTorch's: for each k, the products that leave a[k] out, Π_{j<=i, j≠k}
    a[j] for i >= k (what comes before k, times the running product after
    it), weighted by grad[i] and summed. O(n²): the rare double backward
    through zeros."""
    n = a.shape[d]
    one_shape = [1 if k == d else size for k, size in enumerate(a.shape)]
    ones = constant(np.ones(one_shape), a)
    pieces = []
    for k in range(n):
        after = Cat.apply(ones, a.narrow(d, k + 1, n - k - 1).cumprod(d), dim=d)
        left_out = a.narrow(d, 0, k).prod(d, keepdim=True) * after if k else after
        piece = (grad.narrow(d, k, n - k) * left_out).sum(d, keepdim=True)
        pieces.append(piece)
    return Cat.apply(*pieces, dim=d)


# ----- diff: differences of neighbours --------------------------------------------


def diff(a, n=1, dim=-1, prepend=None, append=None):
    """The n-th forward difference along `dim`: out[i] = a[i + 1] - a[i],
    `n` times over (of bools: `logical_xor`), with `prepend` and `append`
    joined to `a` first. Recorded as PyTorch does: slices subtracted
    (SubBackward0 over SliceBackward0).

    Example:
        >>> minigrad.tensor([1, 4, 9, 16]).diff()
        tensor([3, 5, 7])
    """
    int_arg(n, "diff", "n", 2)
    if a.dim() == 0:
        raise RuntimeError(
            "diff expects input to be at least one-dimensional (got a 0-d tensor)"
        )
    if n < 0:
        raise RuntimeError(f"order must be non-negative but got {n}")
    (d,) = normalize_dims(dim, a.dim())
    pieces = []
    for position, (name, extra) in enumerate(
        (("prepend", prepend), ("append", append))
    ):
        if extra is None:
            continue
        tensor_arg(extra, "diff", name, 4 + position)
        if extra.dim() != a.dim():
            raise RuntimeError(
                "diff expects prepend or append to be the same dimension as input "
                f"(input has {a.dim()} dimensions, {name} {extra.dim()})"
            )
        for k in range(a.dim()):
            if k != d and extra.shape[k] != a.shape[k]:
                raise RuntimeError(
                    "diff expects the shape of tensor to prepend or append to match "
                    "that of input except along the differencing dimension; "
                    f"input.size({k}) = {a.shape[k]}, but got tensor.size({k}) = "
                    f"{extra.shape[k]}"
                )
        pieces.append((position, extra))
    if n == 0:  # a copy of the input alone, as PyTorch's (CopyBackwards)
        return Tensor._make(np.empty_like(a._data)).copy_(a)
    if pieces:
        before = [extra for position, extra in pieces if position == 0]
        after = [extra for position, extra in pieces if position == 1]
        a = Cat.apply(*before, a, *after, dim=d)
    for _ in range(n):
        length = a.shape[d]
        if length == 0:
            break
        later, earlier = a.narrow(d, 1, length - 1), a.narrow(d, 0, length - 1)
        if a._data.dtype == np.bool_:
            a = later.logical_xor(earlier)  # (bools have no subtraction)
        else:
            a = later - earlier
    return a


# ----- movedim, meshgrid, broadcast_tensors: views --------------------------------


def movedim(a, source, destination):
    """`a` with its dimensions `source` moved to the positions `destination`
    (ints, or tuples of one length), the others kept in order: `permute`.

    Example:
        >>> minigrad.zeros(2, 3, 4).movedim(0, -1).shape
        minigrad.Size([3, 4, 2])
    """
    one_each = all(isinstance(s, numbers.Integral) for s in (source, destination))
    sequences = all(isinstance(s, (tuple, list)) for s in (source, destination))
    if not (one_each or sequences):
        raise TypeError(
            "movedim(): source and destination must both be ints or both be tuples "
            f"of ints (got {type(source).__name__} and {type(destination).__name__})"
        )
    source = (source,) if one_each else tuple(source)
    destination = (destination,) if one_each else tuple(destination)
    if len(source) != len(destination):
        raise RuntimeError(
            "movedim: Invalid source or destination dims: source "
            f"({list(source)} dims) should contain the same number of dims as "
            f"destination ({list(destination)} dims)"
        )
    ndim = a.dim()
    src = normalize_dims(source, ndim)
    dst = normalize_dims(destination, ndim)
    for name, given, dims in (
        ("source", source, src),
        ("destination", destination, dst),
    ):
        if len(set(dims)) != len(dims):
            raise RuntimeError(f"movedim: repeated dim in `{name}` ({list(given)})")
    if ndim == 0:
        return a.permute(())
    order = [k for k in range(ndim) if k not in src]
    for to, moved in sorted(zip(dst, src)):
        order.insert(to, moved)
    return a.permute(order)


def meshgrid(tensors, indexing):
    """Grids of coordinates: tensor k of the result holds `tensors[k]`'s
    values along dimension k, repeated along the others ("ij"); with "xy"
    the first two dimensions are swapped (rows follow the second tensor), as
    numpy's. Each is a view and an expand of its input (ExpandBackward0).

    Example:
        >>> x, y = minigrad.meshgrid(minigrad.tensor([1, 2]), minigrad.tensor([3]),
        ...                          indexing="ij")
        >>> x.tolist(), y.tolist()
        ([[1], [2]], [[3], [3]])
    """
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    if not tensors:
        raise RuntimeError(
            "meshgrid expects a non-empty TensorList (give the 1-d tensors of "
            "coordinates, e.g. meshgrid(x, y, indexing='ij'))"
        )
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(
                f"expected Tensor as element {i} in argument 0, but got "
                f"{type(t).__name__}"
            )
    if indexing is None:
        warnings.warn(
            "minigrad.meshgrid: in an upcoming release, it will be required to pass "
            "the indexing argument (indexing='ij' is used; 'xy' is numpy's order).",
            UserWarning,
            stacklevel=3,
        )
        indexing = "ij"
    if indexing not in ("ij", "xy"):
        raise RuntimeError(
            'torch.meshgrid: indexing must be one of "xy" or "ij", but received: '
            f"{indexing}"
        )
    for t in tensors:
        if t.dim() > 1:
            raise RuntimeError(
                "torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got "
                f"a tensor of shape {list(t.shape)} (flatten it first)"
            )
        if t.dtype is not tensors[0].dtype:
            raise RuntimeError(
                "meshgrid expects all tensors to have the same dtype (got "
                f"{tensors[0].dtype} and {t.dtype}; convert one with .to(...))"
            )
    where = list(range(len(tensors)))  # the dimension each tensor runs along
    if indexing == "xy" and len(tensors) >= 2:
        where[0], where[1] = 1, 0
    shape = [0] * len(tensors)
    for t, k in zip(tensors, where):
        shape[k] = t.numel()
    grids = []
    for t, k in zip(tensors, where):
        along = [-1 if j == k else 1 for j in range(len(tensors))]
        grids.append(t.view(along).expand(shape))
    return tuple(grids)


def broadcast_tensors(tensors):
    """The tensors expanded to their common broadcast shape (ExpandBackward0);
    a tensor of that shape already is returned as it is, as PyTorch's.

    Example:
        >>> a, b = minigrad.broadcast_tensors(minigrad.ones(3), minigrad.ones(2, 1))
        >>> a.shape, b.shape
        (minigrad.Size([2, 3]), minigrad.Size([2, 3]))
    """
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(
                f"expected Tensor as element {i} in argument 0, but got "
                f"{type(t).__name__} (give the tensors one by one: "
                "broadcast_tensors(a, b))"
            )
    try:
        shape = np.broadcast_shapes(*[t.shape for t in tensors])
    except ValueError:
        for i, first in enumerate(tensors):
            for second in tensors[i + 1 :]:
                check_broadcast(first, second)
        raise  # (every pair broadcasts, so all do: not reached)
    return tuple(t if t.shape == shape else t.expand(shape) for t in tensors)


# ----- fmax, fmin: maximum and minimum that ignore nan ----------------------------


class FmaxFmin(Function):
    """The elementwise larger (`fmax`) or smaller (`fmin`) of a and b, where a
    nan loses to a number (nan only where both are nan).

    The gradient goes whole to the one taken, to `a` on ties, as PyTorch's
    FmaxBackward0 (where `maximum` shares a tie): a's where a >= b or b is
    nan, b's elsewhere.
    """

    formula = "d/da = 1 where a >= b or b is nan, d/db = 1 elsewhere"
    ctx_arrays = ("takes_a",)  # freed after backward

    @classmethod
    def node_name(cls, a, b, smallest=False):
        return "FminBackward0" if smallest else "FmaxBackward0"

    @staticmethod
    def forward(ctx, a, b, smallest=False):
        check_broadcast(a, b)
        x, y = a._data, b._data
        with np.errstate(invalid="ignore"):  # (comparisons with nan)
            wins = (x <= y) if smallest else (x >= y)
        ctx.takes_a = wins | np.isnan(y)
        ctx.save_for_backward(a, b)  # (as PyTorch: only to refuse in-place changes)
        return promote((np.fmin if smallest else np.fmax)(x, y), a, b)

    @staticmethod
    def backward(ctx, grad):
        ctx.saved(False)  # raises if a or b changed in place (`takes_a` is theirs)
        takes_a = Tensor._make(np.broadcast_to(ctx.takes_a, grad.shape))
        # masked_fill, not a product: an inf or nan gradient stays where it goes
        return grad.masked_fill(~takes_a, 0.0), grad.masked_fill(takes_a, 0.0)


def fmax_fmin(a, b, smallest=False):
    """`fmax(a, b)` (or `fmin`) of two tensors (PyTorch takes no number)."""
    tensor_arg(b, "fmin" if smallest else "fmax", "other", 2)
    return FmaxFmin.apply(a, b, smallest=smallest)


# ----- var_mean, std_mean: two statistics, one node -------------------------------


class VarMean(Function):
    """The variance (or standard deviation) and the mean, as one node with two
    outputs (VarMeanBackward0, StdMeanBackward0), as PyTorch's.

    The gradient adds the two: var's 2 (a - mean) / (N - correction) (std's
    (a - mean) / ((N - correction) std), 0 where std is 0, as `Std`) times
    its gradient, and mean's gradient spread evenly, 1/N to each element.
    """

    formula = "d var/da_i = 2 (a_i - mean) / (N - correction),  d mean/da_i = 1/N"

    @classmethod
    def node_name(cls, a, dim=None, correction=1, keepdim=False, std=False):
        return "StdMeanBackward0" if std else "VarMeanBackward0"

    @staticmethod
    def forward(ctx, a, dim=None, correction=1, keepdim=False, std=False):
        name = "std_mean" if std else "var_mean"
        bool_arg(keepdim, name, "keepdim")
        x = a._data
        if x.dtype.kind != "f":
            raise RuntimeError(
                f"{name} only support floating point and complex dtypes (got "
                f"{scalar_type_name(x.dtype)}; convert the input with .float())"
            )
        dims = normalize_dims(dim, x.ndim, distinct=True)
        dims = dims or tuple(range(x.ndim))  # (dim=(): every dim, as PyTorch)
        ctx.dims, ctx.correction, ctx.keepdim, ctx.std = dims, correction, keepdim, std
        _warn_no_dof(name, _count(x.shape, dims), correction)
        axis = dims if x.ndim else None
        dtype, x = x.dtype, accumulate(x)  # (float16 in float32, as PyTorch)
        with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # (warned above)
            spread = np.var(x, axis=axis, ddof=correction, keepdims=keepdim)
            if std:
                spread = np.sqrt(spread)
            mean = np.mean(x, axis=axis, keepdims=keepdim)
        spread = from_accumulated(spread, dtype)
        ctx.save_for_backward(a, spread)
        return spread, from_accumulated(mean, dtype)

    @staticmethod
    def backward(ctx, grad_spread, grad_mean):
        a, spread = ctx.saved_tensors
        n = _count(a.shape, ctx.dims)
        centred = a - a.mean(dim=ctx.dims, keepdim=True)
        grad_spread = _restore(grad_spread, a.shape, ctx.dims, ctx.keepdim)
        grad_mean = _restore(grad_mean, a.shape, ctx.dims, ctx.keepdim)
        with np.errstate(divide="ignore", invalid="ignore"):  # (no degrees of freedom)
            if ctx.std:
                spread = _restore(spread, a.shape, ctx.dims, ctx.keepdim)
                zero = constant(spread._data == 0, spread)  # (0, not 0/0, as Std)
                denominator = (spread + zero) * max(n - ctx.correction, 0)
                from_spread = grad_spread * centred / denominator
            else:
                scale = np.float64(2.0) / max(n - ctx.correction, 0)
                from_spread = grad_spread * centred * scale
        return from_spread + grad_mean.expand(a.shape) / n


# ----- nan_to_num -----------------------------------------------------------------


class NanToNum(Function):
    """`a` with nan, inf and -inf replaced by numbers (by default 0, and the
    largest and smallest finite values of the dtype). The replaced elements
    are constants: their gradient is 0, the others' 1 (grad * isfinite(a), as
    PyTorch's NanToNumBackward0)."""

    backward_name = "NanToNumBackward0"
    formula = "d/da = 1 where a is finite, else 0"
    ctx_arrays = ("finite",)  # freed after backward

    @staticmethod
    def forward(ctx, a, nan=0.0, posinf=None, neginf=None):
        x = a._data
        ctx.finite = np.isfinite(x)
        if x.dtype.kind != "f":
            return x.copy()  # (integers hold no nan or inf)
        largest = np.finfo(x.dtype).max
        posinf = largest if posinf is None else posinf
        neginf = -largest if neginf is None else neginf
        with np.errstate(over="ignore"):  # (1e40 in float32 is inf, as PyTorch)
            nan, posinf, neginf = (
                np.asarray(v, x.dtype) for v in (nan, posinf, neginf)
            )
        result = np.where(np.isnan(x), nan, x)
        result = np.where(x == np.inf, posinf, result)
        return np.where(x == -np.inf, neginf, result)

    @staticmethod
    def backward(ctx, grad):
        return grad * constant(ctx.finite, grad)


def nan_to_num(a, nan=0.0, posinf=None, neginf=None):
    """`NanToNum` with its numbers checked (each a number or None)."""
    nan = number_arg(nan, "nan_to_num", "nan")
    if posinf is not None:
        posinf = number_arg(posinf, "nan_to_num", "posinf")
    if neginf is not None:
        neginf = number_arg(neginf, "nan_to_num", "neginf")
    return NanToNum.apply(a, nan=nan, posinf=posinf, neginf=neginf)


# ----- bernoulli: random zeros and ones -------------------------------------------


class Bernoulli(Function):
    """Draws: 1 with probability p, else 0, in the dtype of `a` and its shape.

    The probabilities are `a`'s own values (BernoulliBackward0), a tensor `p`
    (`a.bernoulli_(p)`: BernoulliBackward1) or a number (`a.bernoulli_(0.5)`:
    BernoulliBackward2). A draw is not a smooth function of p: PyTorch's
    gradient is zero, for every input, and so is minigrad's.
    """

    formula = "d(draw)/dp = 0"

    @classmethod
    def node_name(cls, a, p=None, number=None, generator=None):
        if p is not None:
            return "BernoulliBackward1"
        return "BernoulliBackward0" if number is None else "BernoulliBackward2"

    @staticmethod
    def forward(ctx, a, p=None, number=None, generator=None):
        if p is not None:
            chances = p._data
        else:
            chances = a._data if number is None else number
        draws = numpy_generator(generator).random(a._data.shape) < chances
        return draws.astype(a._data.dtype)

    @staticmethod
    def backward(ctx, grad):
        return tuple(zero_gradient(grad) for _ in ctx.needs_input_grad)


def _probability_number(p):
    p = number_arg(p, "bernoulli", "p")
    if not 0 <= p <= 1:
        raise RuntimeError(f"bernoulli_ expects p to be in [0, 1], but got p={p}")
    return p


def _probability_tensor(p, function):
    """Refuse probabilities that are not floats in [0, 1] (nan too), as PyTorch."""
    if p._data.dtype.kind != "f":
        raise NotImplementedError(
            f"\"{function}\" not implemented for '{scalar_type_name(p._data.dtype)}' "
            "(probabilities are floats: convert them with .float())"
        )
    values = p._data
    if not ((values >= 0) & (values <= 1)).all():
        raise RuntimeError(
            "Expected p_in >= 0 && p_in <= 1 to be true, but got false. (every "
            "probability must be in [0, 1]; clamp them first)"
        )


def bernoulli(a, p=None, generator=None):
    """`minigrad.bernoulli(a)`: 1 with probability a[i], else 0, in a's dtype
    (BernoulliBackward0). With a number `p`, every element with probability
    p (PyTorch records it with no derivative: `NotImplemented`)."""
    if p is None:
        _probability_tensor(a, "bernoulli_tensor_cpu_p_")
        return Bernoulli.apply(a, generator=generator)
    p = _probability_number(p)
    draws = numpy_generator(generator).random(a._data.shape) < p
    return record(
        NotImplemented,
        draws.astype(a._data.dtype),
        (a,),
        op="bernoulli",
        hint="the draws don't depend on the input's values: .detach() it first",
    )


def bernoulli_fill(a, p=0.5, generator=None):
    """The draws `a.bernoulli_(p)` writes into `a`: probability p (a number,
    or a tensor that broadcasts to a's shape) for each element."""
    if not isinstance(p, Tensor):
        return Bernoulli.apply(a, number=_probability_number(p), generator=generator)
    _probability_tensor(p, "bernoulli_tensor_cpu_p_")
    try:
        np.broadcast_to(p._data, a._data.shape)
    except ValueError:
        raise RuntimeError(
            f"The expanded size of the tensor ({list(a.shape)}) must match the "
            f"existing size ({list(p.shape)}) (bernoulli_'s probabilities must "
            "broadcast to the tensor's shape)"
        ) from None
    return Bernoulli.apply(a, p, generator=generator)


# ----- counting: count_nonzero, unique, bincount, histc (no gradient) -------------


def count_nonzero(a, dim=None):
    """How many elements are not zero, in all of `a` or along `dim` (an int
    or a tuple), as int64 (nan counts: it is not zero).

    Example:
        >>> minigrad.tensor([[0, 1], [2, 3]]).count_nonzero(dim=1)
        tensor([1, 2])
    """
    x = a._data
    dims = None if dim is None else normalize_dims(dim, x.ndim, distinct=True)
    if not x.ndim or dims == ():
        dims = None  # (every element)
    return Tensor._make(np.asarray(np.count_nonzero(x, axis=dims), dtype=np.int64))


class Unique2Backward0(Node):
    """The node of `unique`'s values: PyTorch has no derivative for it."""

    formula = "no derivative"
    op = "_unique2"

    def backward(self, grad):
        raise NotImplementedError(
            f"the derivative for '{self.op}' is not implemented. (unique's "
            "values are picked, not computed: gather them with an index instead, "
            "e.g. x[inverse], or .detach() x first)"
        )


class UniqueDimBackward0(Unique2Backward0):
    """The node of `unique(dim=...)`'s values: no derivative either."""

    op = "unique_dim"


def unique(a, sorted=True, return_inverse=False, return_counts=False, dim=None):
    """The distinct elements of `a` in increasing order (with `dim`: the
    distinct slices along it, in lexicographic order).

    Args:
        sorted: accepted; the result is sorted either way (as PyTorch's CPU
            result is).
        return_inverse: also the position in the result of each element of
            `a` (of `a`'s shape; with `dim`, one per slice).
        return_counts: also how often each distinct element occurs.

    Returns:
        The values (no gradient: PyTorch's Unique2Backward0 refuses one), or
        a tuple with the inverse and/or the counts (int64).

    Example:
        >>> minigrad.tensor([3, 1, 3]).unique(return_counts=True)
        (tensor([1, 3]), tensor([1, 2]))
    """
    for name, flag in (
        ("sorted", sorted),
        ("return_inverse", return_inverse),
        ("return_counts", return_counts),
    ):
        bool_arg(flag, "unique", name)
    x = a._data
    if dim is None:
        values, inverse, counts = np.unique(
            x.reshape(-1), return_inverse=True, return_counts=True, equal_nan=False
        )
        inverse, node = inverse.reshape(x.shape), Unique2Backward0
    else:
        int_arg(dim, "unique", "dim", 5)
        if x.ndim == 0:
            raise IndexError(
                f"Dimension specified as {dim} but tensor has no dimensions "
                "(unique of a 0-d tensor: leave dim out)"
            )
        (d,) = normalize_dims(dim, x.ndim)
        values, inverse, counts = np.unique(
            x, return_inverse=True, return_counts=True, axis=d
        )
        inverse, node = inverse.reshape(-1), UniqueDimBackward0
    results = [record(node, values, (a,))]
    if return_inverse:
        results.append(Tensor._make(inverse.astype(np.int64)))
    if return_counts:
        results.append(Tensor._make(counts.astype(np.int64)))
    return results[0] if len(results) == 1 else tuple(results)


class UniqueConsecutiveBackward0(Unique2Backward0):
    """The node of `unique_consecutive`'s values: no derivative either."""

    op = "unique_consecutive"


def unique_consecutive(a, return_inverse=False, return_counts=False, dim=None):
    """`a` with each run of equal neighbours kept once (with `dim`: runs of
    equal slices along it). Unlike `unique`, nothing is sorted: [1, 1, 2, 1]
    gives [1, 2, 1].

    Returns:
        The values (no gradient, as in PyTorch), or a tuple with the inverse
        (the run each element belongs to) and/or the counts (int64).

    Example:
        >>> minigrad.tensor([1, 1, 2, 2, 1]).unique_consecutive(return_counts=True)
        (tensor([1, 2, 1]), tensor([2, 2, 1]))
    """
    bool_arg(return_inverse, "unique_consecutive", "return_inverse")
    bool_arg(return_counts, "unique_consecutive", "return_counts")
    x = a._array()
    if dim is None:
        d, rows = 0, x.reshape(-1, 1)  # each element a "slice" of one
    else:
        int_arg(dim, "unique_consecutive", "dim", 4)
        (d,) = normalize_dims(dim, max(x.ndim, 1))
        rows = np.moveaxis(x, d, 0).reshape(x.shape[d], -1)
    starts = np.ones(len(rows), dtype=bool)  # where a new run begins
    starts[1:] = (rows[1:] != rows[:-1]).any(axis=1)
    first = np.flatnonzero(starts)
    if dim is None:
        values, inverse = x.reshape(-1)[first], (np.cumsum(starts) - 1).reshape(x.shape)
    else:
        values, inverse = np.take(x, first, axis=d), np.cumsum(starts) - 1
    results = [record(UniqueConsecutiveBackward0, values, (a,))]
    if return_inverse:
        results.append(Tensor._make(inverse.astype(np.int64)))
    if return_counts:
        counts = np.diff(np.append(first, len(rows)))
        results.append(Tensor._make(counts.astype(np.int64)))
    return results[0] if len(results) == 1 else tuple(results)


def isin(elements, test_elements, invert=False):
    """Whether each of `elements` is one of `test_elements` (either may be a
    number): a bool tensor of `elements`' shape; `invert`: whether it is not."""
    values = []
    for x in (elements, test_elements):
        x = x._data if isinstance(x, Tensor) else np.asarray(x)
        if x.dtype == np.bool_:
            raise RuntimeError("Unsupported input type encountered for isin(): Bool")
        values.append(x)
    bool_arg(invert, "isin", "invert")
    return Tensor._make(np.isin(values[0], values[1], invert=invert))


def bincount(a, weights=None, minlength=0):
    """How often each of 0, 1, 2, ... occurs in the 1-d tensor of
    non-negative integers `a` (at least `minlength` counts); with `weights`,
    the sum of the weights of each value's elements instead.

    Returns:
        int64 counts; weighted sums are float32 for float32 weights and
        float64 otherwise, as PyTorch's (no derivative: `NotImplemented`).

    Example:
        >>> minigrad.tensor([0, 2, 2]).bincount()
        tensor([1, 0, 2])
    """
    x = a._data
    if x.dtype.kind not in "iu":
        raise NotImplementedError(
            f"\"bincount_cpu\" not implemented for '{scalar_type_name(x.dtype)}' "
            "(bincount counts integers: convert with .long())"
        )
    minlength = int_arg(minlength, "bincount", "minlength", 3)
    if x.ndim != 1 or (x < 0).any():
        raise RuntimeError(
            "bincount only supports 1-d non-negative integral inputs. (got shape "
            f"{list(x.shape)}{'' if x.ndim != 1 else ' with a negative value'})"
        )
    if minlength < 0:
        raise RuntimeError(f"minlength should be >= 0 (got {minlength})")
    if weights is None:
        counts = np.bincount(x, minlength=minlength)
        return Tensor._make(counts.astype(np.int64))
    tensor_arg(weights, "bincount", "weights", 2)
    w = weights._data
    if w.ndim != 1 or w.shape[0] != x.shape[0]:
        raise RuntimeError(
            "weights should be 1-d and have the same length as input (input "
            f"{list(x.shape)}, weights {list(w.shape)})"
        )
    dtype = np.float32 if w.dtype == np.float32 else np.float64
    sums = np.bincount(x, weights=w.astype(np.float64), minlength=minlength)
    return record(
        NotImplemented,
        sums.astype(dtype),
        (weights,),
        op="bincount",
        hint="to sum weights by group with a gradient, use index_add_ or "
        "one-hot rows and a matrix product",
    )


def histc(a, bins=100, min=0, max=0):
    """A histogram of `a`'s values: how many fall in each of `bins` equal
    bins from `min` to `max` (with min = max, the data's own range), as
    floats of a's dtype. Values outside the range (and nan) are not counted;
    one at `max` counts in the last bin.

    Example:
        >>> minigrad.tensor([1.0, 2.0, 1.0]).histc(bins=4, min=0, max=3)
        tensor([0., 2., 1., 0.])
    """
    x = a._data
    if x.dtype.kind != "f":
        raise NotImplementedError(
            f"\"histogram_cpu\" not implemented for '{scalar_type_name(x.dtype)}' "
            "(histc takes floats: convert with .float())"
        )
    bins = int_arg(bins, "histc", "bins", 2)
    if bins <= 0:
        raise RuntimeError(
            f"torch.histogram(): bins must be > 0, but got {bins} for dimension 0"
        )
    low = float(number_arg(min, "histc", "min"))
    high = float(number_arg(max, "histc", "max"))
    if low == high and x.size:
        low, high = float(np.min(x)), float(np.max(x))  # (nan if x holds a nan)
    if low == high:
        low, high = low - 1, high + 1
    if not (np.isfinite(low) and np.isfinite(high)):
        raise RuntimeError(
            f"torch.histc: range of [{low:g}, {high:g}] is not finite (give min "
            "and max, or remove the nan and inf values)"
        )
    if low > high:
        raise RuntimeError(
            f"torch.histc: max must be larger than min (got min={low:g}, max={high:g})"
        )
    # PyTorch's arithmetic, in a's dtype: the bin is ((v - min) * bins / (max -
    # min)) rounded down, and a value at max goes in the last bin.
    low, high = x.dtype.type(low), x.dtype.type(high)
    with np.errstate(invalid="ignore"):
        inside = x[(x >= low) & (x <= high)]
        position = ((inside - low) * x.dtype.type(bins) / (high - low)).astype(np.int64)
    position = np.minimum(position, bins - 1)
    return Tensor._make(np.bincount(position, minlength=bins).astype(x.dtype))
