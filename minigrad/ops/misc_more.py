"""More of PyTorch's functions, composed of the differentiable ops that exist.

Integration (`trapezoid`, `cumulative_trapezoid`), statistics (`cov`,
`corrcoef`, `quantile`), joining (`column_stack`, `dstack`, `block_diag`,
`atleast_*d`), index sets (`combinations`, `cartesian_prod`,
`tril_indices`), products (`kron`, `tensordot`, `chain_matmul`) and sorted
search (`searchsorted`, `bucketize`: integer results, no gradient). None has
a backward of its own: the gradients come from the ops each is built of, so
the graph shows those ops' nodes.
"""

import itertools
import warnings

import numpy as np

from .._check import tensor_arg
from ..tensor import Tensor, _as_tensor
from ._util import normalize_dims, tensor_sequence

_INTERPOLATIONS = ("linear", "lower", "higher", "midpoint", "nearest")


def _cat(tensors, dim):
    from ..functions import cat

    return cat(list(tensors), dim=dim)


# ----- integration -----


def _spacing(y, x, dx, dim, name):
    """The widths of the intervals along `dim`: x's differences, or dx."""
    if x is None:
        return 1 if dx is None else dx
    if not isinstance(x, Tensor):
        tensor_arg(x, name, "x", 2)
    if x.dim() == 1:
        if x.shape[0] != y.shape[dim]:
            raise RuntimeError(
                f"{name}: There must be one `x` value for each sample point "
                f"(x has {x.shape[0]} values, y has {y.shape[dim]} along dim {dim})"
            )
        widths = x.diff()
        return widths.reshape([-1] + [1] * (y.dim() - 1 - dim))
    return x.diff(dim=dim)


def trapezoid(y, x=None, *, dx=None, dim=-1):
    """The trapezoidal rule along `dim`: sum of (y[i] + y[i+1]) / 2 * width[i].

    Widths are the differences of `x` (sample points), else `dx` (default 1).

    Example:
        >>> minigrad.trapezoid(minigrad.tensor([1.0, 2.0, 4.0]))
        tensor(4.5000)
    """
    if not isinstance(y, Tensor):
        tensor_arg(y, "trapezoid", "y")
    if x is not None and dx is not None:
        raise TypeError("trapezoid() takes `x` or `dx`, not both")
    (dim,) = normalize_dims(dim, y.dim())
    n = y.shape[dim]
    if n == 0:
        return y.sum(dim) * 0  # PyTorch: an empty integral is 0
    pairs = y.narrow(dim, 0, n - 1) + y.narrow(dim, 1, n - 1)
    return (pairs * _spacing(y, x, dx, dim, "trapezoid")).sum(dim) / 2


def cumulative_trapezoid(y, x=None, *, dx=None, dim=-1):
    """The running trapezoidal integral along `dim` (one value fewer than y).

    Example:
        >>> minigrad.cumulative_trapezoid(minigrad.tensor([1.0, 2.0, 4.0]))
        tensor([1.5000, 4.5000])
    """
    if not isinstance(y, Tensor):
        tensor_arg(y, "cumulative_trapezoid", "y")
    if x is not None and dx is not None:
        raise TypeError("cumulative_trapezoid() takes `x` or `dx`, not both")
    (dim,) = normalize_dims(dim, y.dim())
    n = y.shape[dim]
    if n == 0:
        return y.clone()
    pairs = y.narrow(dim, 0, n - 1) + y.narrow(dim, 1, n - 1)
    areas = pairs * _spacing(y, x, dx, dim, "cumulative_trapezoid") / 2
    return areas.cumsum(dim)


# ----- statistics -----


def cov(input, *, correction=1, fweights=None, aweights=None):
    """The covariance matrix of the variables in the rows of `input`
    (observations in the columns), as numpy's `np.cov`.

    Args:
        input: a vector (one variable) or a matrix (variables x observations).
        correction: subtracted from the number of observations (1: unbiased).
        fweights: integer frequency of each observation.
        aweights: float importance of each observation.

    Example:
        >>> minigrad.cov(minigrad.tensor([[0.0, 1.0, 2.0], [2.0, 1.0, 0.0]]))
        tensor([[ 1., -1.],
                [-1.,  1.]])
    """
    if input.dim() > 2:
        raise RuntimeError(
            f"cov(): expected input to have two or fewer dimensions but got an "
            f"input with {input.dim()} dimensions"
        )
    x = input.reshape(1, -1) if input.dim() < 2 else input
    if not x.is_floating_point():
        x = x.float()
    n = x.shape[1]
    w = None
    if fweights is not None:
        if fweights.is_floating_point():
            raise RuntimeError(
                "cov(): expected fweights to have integral dtype but got fweights "
                f"with {fweights.dtype} dtype"
            )
        if fweights.dim() > 1 or fweights.numel() != n:
            raise RuntimeError(
                f"cov(): expected fweights to have one weight per observation "
                f"({n}), got shape {tuple(fweights.shape)}"
            )
        if bool((fweights < 0).any()):
            raise RuntimeError("cov(): fweights cannot be negative")
        w = fweights
    if aweights is not None:
        if not aweights.is_floating_point():
            raise RuntimeError("cov(): expected aweights to have floating point dtype")
        if aweights.dim() > 1 or aweights.numel() != n:
            raise RuntimeError(
                f"cov(): expected aweights to have one weight per observation "
                f"({n}), got shape {tuple(aweights.shape)}"
            )
        if bool((aweights < 0).any()):
            raise RuntimeError("cov(): aweights cannot be negative")
        w = aweights if w is None else w * aweights
    if w is None:
        w_sum = float(n)
        avg = x.mean(1)
        centred = x - avg.unsqueeze(1)
        weighted = centred
        norm = w_sum - correction
    else:
        w = w.to(x.dtype)
        w_sum = w.sum()
        avg = (x * w).sum(1) / w_sum
        centred = x - avg.unsqueeze(1)
        weighted = centred * w
        if correction == 0:
            norm = w_sum
        elif aweights is None:
            norm = w_sum - correction
        else:
            norm = w_sum - correction * (w * aweights.to(x.dtype)).sum() / w_sum
    # numpy and PyTorch clamp a non-positive normaliser to 0 (giving inf/nan).
    norm = max(norm, 0) if isinstance(norm, (int, float)) else norm.clamp(min=0)
    # Squeezed, as PyTorch does (one variable gives a 0-d tensor).
    return ((weighted @ centred.T) / norm).squeeze()


def corrcoef(input):
    """Pearson's correlation coefficients of the rows of `input` (variables x
    observations), clipped to [-1, 1], as numpy's `np.corrcoef`.

    Example:
        >>> minigrad.corrcoef(minigrad.tensor([[0.0, 1.0, 2.0], [2.0, 1.0, 0.0]]))
        tensor([[ 1., -1.],
                [-1.,  1.]])
    """
    if input.dim() > 2:
        raise RuntimeError(
            f"corrcoef(): expected input to have two or fewer dimensions but got "
            f"an input with {input.dim()} dimensions"
        )
    c = cov(input)
    if c.dim() == 0:
        return c / c  # one variable: 1 (nan for a constant one), as PyTorch
    std = c.diagonal().sqrt()
    return (c / std.unsqueeze(1) / std.unsqueeze(0)).clamp(-1, 1)


def quantile(input, q, dim=None, keepdim=False, *, interpolation="linear"):
    """The `q`-th quantiles of `input` along `dim` (of all elements if None).

    Args:
        input: a float32 or float64 tensor.
        q: a number in [0, 1], or a 1-D tensor of them (the result then has
            one row per q, first).
        interpolation: between the two nearest values: "linear", "lower",
            "higher", "midpoint" or "nearest" (half to even).

    A row holding nan gives nan (`nanquantile` skips the nans).

    Example:
        >>> minigrad.quantile(minigrad.tensor([1.0, 2.0, 4.0, 8.0]), 0.5)
        tensor(3.)
    """
    return _quantile(input, q, dim, keepdim, interpolation, "quantile")


def nanquantile(input, q, dim=None, keepdim=False, *, interpolation="linear"):
    """`quantile`, ignoring nan values (a row of nans alone gives nan).

    Example:
        >>> x = minigrad.tensor([1.0, float("nan"), 3.0])
        >>> minigrad.nanquantile(x, 0.5)
        tensor(2.)
    """
    return _quantile(input, q, dim, keepdim, interpolation, "nanquantile")


def _quantile(input, q, dim, keepdim, interpolation, name):
    if not isinstance(input, Tensor):
        tensor_arg(input, name)
    if input.dtype.name not in ("float32", "float64"):
        raise RuntimeError(
            f"{name}() input tensor must be either float or double dtype "
            f"(got {input.dtype}; use input.float())"
        )
    if interpolation not in _INTERPOLATIONS:
        raise RuntimeError(
            f"{name}() interpolation must be one of linear, lower, higher, "
            f"midpoint or nearest, but got {interpolation}"
        )
    q_is_tensor = isinstance(q, Tensor)
    if q_is_tensor:
        if q.dim() > 1:
            raise RuntimeError(f"{name}() q must be a scalar or 1D tensor")
        if q.dtype != input.dtype:
            raise RuntimeError(
                f"{name}() q tensor must be same dtype as the input tensor "
                f"(got {q.dtype} and {input.dtype})"
            )
        qs = np.asarray(q.detach().numpy(), np.float64).reshape(-1)
    else:
        qs = np.asarray([float(q)])
    if ((qs < 0) | (qs > 1)).any():
        bad = qs[(qs < 0) | (qs > 1)][0]
        raise RuntimeError(f"{name}() q must be in the range [0, 1] but got {bad}")
    if input.numel() == 0:
        raise RuntimeError(f"{name}() input tensor must be non-empty")

    # The sorted values with the reduced dim last; nan sorts last.
    x = input.reshape(-1) if dim is None else input
    (d,) = (0,) if dim is None else normalize_dims(dim, x.dim())
    if x.dim() == 0:
        x = x.reshape(1)
    ordered = x.sort(dim=d).values.movedim(d, -1)
    n = ordered.shape[-1]
    nans = np.isnan(ordered.detach().numpy())
    count = (n - nans.sum(-1)) if name == "nanquantile" else np.full(nans.shape[:-1], n)
    # In the input's dtype, as PyTorch (float32 rounds 1/6 * 3 to exactly 0.5).
    real = input._data.dtype.type
    ranks = qs.astype(real).reshape((-1,) + (1,) * count.ndim) * real(count - 1)
    if interpolation == "lower":
        ranks = np.floor(ranks)
    elif interpolation == "higher":
        ranks = np.ceil(ranks)
    elif interpolation == "nearest":
        ranks = np.round(ranks)  # half to even, as PyTorch
    # A row with nan (quantile) or only nans (nanquantile): take the last, nan.
    invalid = nans.any(-1) if name == "quantile" else count == 0
    ranks = np.where(invalid, n - 1, ranks)
    lower = np.floor(ranks).astype(np.int64)
    upper = np.ceil(ranks).astype(np.int64)
    weight = 0.5 if interpolation == "midpoint" else ranks - lower

    def pick(index):  # (Q, *rest) -> ordered's values at index, shape (*rest, Q)
        return ordered.take_along_dim(_as_tensor(np.moveaxis(index, 0, -1)), -1)

    low, high = pick(lower), pick(upper)
    if interpolation in ("lower", "higher", "nearest"):
        result = low
    else:
        w = weight if np.isscalar(weight) else np.moveaxis(weight, 0, -1)
        result = low + (high - low) * _as_tensor(np.asarray(w, real))
    result = result.movedim(-1, 0)  # (Q, *rest)
    if keepdim:
        rest = [1] * input.dim() if dim is None else list(input.shape)
        if dim is not None:
            rest[d] = 1
    else:
        rest = list(result.shape[1:])
    shape = ([len(qs)] if q_is_tensor else []) + rest
    # The last step squeezes a trailing dim in place, as PyTorch's does (so the
    # node is PyTorch's SqueezeBackward4).
    return result.reshape(shape + [1]).squeeze_(-1)


# ----- sorted search (integer results) -----


def searchsorted(
    sorted_sequence, input, *, out_int32=False, right=False, side=None, sorter=None
):
    """For each value of `input`, the index in `sorted_sequence` (along its
    last dim) where it would be inserted to keep the order.

    Args:
        sorted_sequence: sorted along its last dim (or sorted by `sorter`).
        input: a tensor or a number; an N-D sequence needs input rows to match.
        right / side: on ties, the index after the equal values (right=True
            or side="right") instead of before.
        sorter: the indices that sort `sorted_sequence` (as `argsort` gives).

    Example:
        >>> minigrad.searchsorted(minigrad.tensor([1, 3, 5]), minigrad.tensor([3, 6]))
        tensor([1, 3])
    """
    if not isinstance(sorted_sequence, Tensor):
        tensor_arg(sorted_sequence, "searchsorted", "sorted_sequence")
    if side is not None:
        if side not in ("left", "right"):
            raise RuntimeError(
                f"torch.searchsorted(): side can only be 'left' or 'right' but "
                f"got {side}"
            )
        if right and side == "left":
            raise RuntimeError(
                "torch.searchsorted(): side and right can't be set to opposites, "
                "got side of left while right was True"
            )
        right = side == "right"
    seq = sorted_sequence.detach().numpy()
    if sorter is not None:
        if sorter.shape != sorted_sequence.shape:
            raise RuntimeError(
                "torch.searchsorted(): boundary and sorter must have the same "
                f"size, but got boundary tensor {list(sorted_sequence.shape)} "
                f"and got sorter tensor {list(sorter.shape)}"
            )
        seq = np.take_along_axis(seq, sorter.detach().numpy(), -1)
    scalar = not isinstance(input, Tensor)
    values = np.asarray(input if scalar else input.detach().numpy())
    side_name = "right" if right else "left"
    if seq.ndim <= 1:
        found = np.searchsorted(seq.reshape(-1), values, side=side_name)
    else:
        if scalar or values.shape[:-1] != seq.shape[:-1]:
            raise RuntimeError(
                "torch.searchsorted(): boundaries tensor should be 1 dimension or "
                "the first N-1 dimensions of boundaries tensor and input value "
                f"tensor must match, but we got boundaries tensor "
                f"{list(seq.shape)} and input value tensor {list(values.shape)}"
            )
        rows = zip(seq.reshape(-1, seq.shape[-1]), values.reshape(-1, values.shape[-1]))
        found = np.stack([np.searchsorted(s, v, side=side_name) for s, v in rows])
        found = found.reshape(values.shape)
    return _as_tensor(np.asarray(found, np.int32 if out_int32 else np.int64))


def bucketize(input, boundaries, *, out_int32=False, right=False):
    """For each value of `input`, the index of its bucket among the sorted 1-D
    `boundaries`: i with boundaries[i-1] < x <= boundaries[i]
    (boundaries[i-1] <= x < boundaries[i] with right=True).

    Example:
        >>> minigrad.bucketize(minigrad.tensor([1, 4]), minigrad.tensor([1, 3, 5]))
        tensor([0, 2])
    """
    if not isinstance(boundaries, Tensor):
        tensor_arg(boundaries, "bucketize", "boundaries", 2)
    if boundaries.dim() != 1:
        raise RuntimeError(
            f"bucketize(): boundaries tensor must be 1 dimension but got dim("
            f"{boundaries.dim()}); use searchsorted for N-D boundaries"
        )
    return searchsorted(boundaries, input, out_int32=out_int32, right=right)


# ----- joining -----


def atleast_1d(*tensors):
    """Each tensor with at least 1 dimension (a 0-d one becomes shape (1,)).

    One tensor gives a tensor; several (or a list) give a tuple.
    """
    return _atleast(tensors, 1)


def atleast_2d(*tensors):
    """Each tensor with at least 2 dimensions (a vector becomes one row)."""
    return _atleast(tensors, 2)


def atleast_3d(*tensors):
    """Each tensor with at least 3 dimensions: 0-d is (1, 1, 1), a vector
    (1, n, 1), a matrix (m, n, 1), as numpy's `atleast_3d`."""
    return _atleast(tensors, 3)


def _atleast(tensors, ndim):
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        return tuple(_atleast_one(t, ndim) for t in tensors[0])
    results = tuple(_atleast_one(t, ndim) for t in tensors)
    return results[0] if len(results) == 1 else results


def _atleast_one(t, ndim):
    if not isinstance(t, Tensor):
        tensor_arg(t, f"atleast_{ndim}d")
    if t.dim() >= ndim:
        return t
    if t.dim() == 0:
        return t.reshape([1] * ndim)
    if ndim == 2 or t.dim() == 2:  # (n,) -> (1, n); (m, n) -> (m, n, 1)
        return t.unsqueeze(0) if ndim == 2 else t.unsqueeze(-1)
    return t.unsqueeze(0).unsqueeze(-1)  # (n,) -> (1, n, 1)


def column_stack(tensors):
    """The tensors side by side as columns: vectors become columns, then `hstack`.

    Example:
        >>> minigrad.column_stack([minigrad.ones(2), minigrad.zeros(2)])
        tensor([[1., 0.],
                [1., 0.]])
    """
    tensors = tensor_sequence(tensors, "column_stack", nonempty=True)
    return _cat([t.reshape(-1, 1) if t.dim() <= 1 else t for t in tensors], 1)


def dstack(tensors):
    """The tensors joined along a third dim (after `atleast_3d`)."""
    tensors = tensor_sequence(tensors, "dstack", nonempty=True)
    return _cat(atleast_3d(tensors), 2)


def block_diag(*tensors):
    """A block-diagonal matrix of the tensors (0-d and 1-D ones count as one
    row), zeros elsewhere.

    Example:
        >>> minigrad.block_diag(minigrad.ones(1, 1), 2 * minigrad.ones(1, 2))
        tensor([[1., 0., 0.],
                [0., 2., 2.]])
    """
    blocks = []
    for t in tensors:
        if not isinstance(t, Tensor):
            tensor_arg(t, "block_diag", "tensors")
        if t.dim() > 2:
            raise RuntimeError(
                f"torch.block_diag: Input tensors must have 2 or fewer dimensions. "
                f"Input {len(blocks)} has {t.dim()} dimensions"
            )
        blocks.append(t.reshape(1, -1) if t.dim() < 2 else t)
    if not blocks:
        return _as_tensor(np.zeros((1, 0), np.float32))
    dtype = blocks[0].dtype
    for b in blocks[1:]:  # PyTorch's promotion, read off a sum of zeros
        dtype = (b.new_zeros(()) + blocks[0].new_zeros((), dtype=dtype)).dtype
    width = sum(b.shape[1] for b in blocks)
    rows, left = [], 0
    for b in blocks:
        right = width - left - b.shape[1]
        zeros_left = b.new_zeros((b.shape[0], left), dtype=dtype)
        zeros_right = b.new_zeros((b.shape[0], right), dtype=dtype)
        rows.append(_cat([zeros_left, b.to(dtype), zeros_right], 1))
        left += b.shape[1]
    return _cat(rows, 0)


# ----- index sets -----


def combinations(input, r=2, with_replacement=False):
    """The length-`r` combinations of the elements of a vector, one per row
    (as `itertools.combinations`, or `combinations_with_replacement`).

    Example:
        >>> minigrad.combinations(minigrad.tensor([1, 2, 3]))
        tensor([[1, 2],
                [1, 3],
                [2, 3]])
    """
    if not isinstance(input, Tensor):
        tensor_arg(input, "combinations")
    if input.dim() != 1:
        raise RuntimeError(
            f"Expect a 1D vector, but got shape {list(input.shape)}; flatten it first"
        )
    if r < 0:
        raise RuntimeError(f"Expect a non-negative number, but got {r}")
    if r == 0:
        return input.new_zeros((0,))
    pick = (
        itertools.combinations_with_replacement
        if with_replacement
        else itertools.combinations
    )
    index = np.array(list(pick(range(input.shape[0]), r)), np.int64).reshape(-1, r)
    return input[_as_tensor(index)]


def cartesian_prod(*tensors):
    """Every combination of one element of each vector, one per row (as
    `itertools.product`); one vector is returned as it is.

    Example:
        >>> minigrad.cartesian_prod(minigrad.tensor([1, 2]), minigrad.tensor([3, 4]))
        tensor([[1, 3],
                [1, 4],
                [2, 3],
                [2, 4]])
    """
    from ..functions import meshgrid, stack

    for t in tensors:
        if not isinstance(t, Tensor):
            tensor_arg(t, "cartesian_prod", "tensors")
        if t.dim() != 1:
            raise RuntimeError(
                "Expect a 1D vector, but got shape "
                f"{list(t.shape)}; cartesian_prod takes vectors"
            )
    if len(tensors) == 1:
        return tensors[0]
    grids = meshgrid(*tensors, indexing="ij")
    return stack([g.flatten() for g in grids], dim=1)


def _triangle_indices(row, col, offset, dtype, upper, name):
    from .. import _dtype

    for value, arg in ((row, "row"), (col, "col")):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise RuntimeError(
                f"{name}(): {arg} must be a non-negative int, got {value!r}"
            )
    rows, cols = (np.triu_indices if upper else np.tril_indices)(row, offset, col)
    numpy_dtype = np.int64 if dtype is None else _dtype.to_numpy_dtype(dtype)
    return _as_tensor(np.stack([rows, cols]).astype(numpy_dtype))


def tril_indices(row, col, offset=0, *, dtype=None, device=None):
    """The (row, column) indices of the lower triangle of a row x col matrix
    (on and below diagonal `offset`), as a 2 x N int64 tensor."""
    from .._device import check_device

    check_device(device)
    return _triangle_indices(row, col, offset, dtype, False, "tril_indices")


def triu_indices(row, col, offset=0, *, dtype=None, device=None):
    """The (row, column) indices of the upper triangle (on and above diagonal
    `offset`), as a 2 x N int64 tensor."""
    from .._device import check_device

    check_device(device)
    return _triangle_indices(row, col, offset, dtype, True, "triu_indices")


# ----- products -----


def kron(input, other):
    """The Kronecker product: every element of `input` times all of `other`,
    laid out block by block (as `np.kron`).

    Example:
        >>> minigrad.kron(minigrad.tensor([1, 2]), minigrad.tensor([1, 10]))
        tensor([ 1, 10,  2, 20])
    """
    if not isinstance(other, Tensor):
        tensor_arg(other, "kron", "other", 2)
    ndim = max(input.dim(), other.dim())
    a = input.reshape([1] * (ndim - input.dim()) + list(input.shape))
    b = other.reshape([1] * (ndim - other.dim()) + list(other.shape))
    # a[i, j] * b[k, l] at (i, k, j, l), then merged to (i*k, j*l).
    a_shape = [s for n in a.shape for s in (n, 1)]
    b_shape = [s for n in b.shape for s in (1, n)]
    product = a.reshape(a_shape) * b.reshape(b_shape)
    return product.reshape([m * n for m, n in zip(a.shape, b.shape)])


def tensordot(a, b, dims=2):
    """The sum of products over dims of `a` and `b`: the last `dims` of `a`
    with the first `dims` of `b` (an int), or the listed ones
    (`dims=([1, 0], [0, 1])`), as `np.tensordot`.

    Example:
        >>> minigrad.tensordot(minigrad.ones(2, 3), minigrad.ones(3, 4), dims=1).shape
        minigrad.Size([2, 4])
    """
    for t, arg in ((a, "a"), (b, "b")):
        if not isinstance(t, Tensor):
            tensor_arg(t, "tensordot", arg)
    if isinstance(dims, Tensor):
        dims = dims.tolist()
    if isinstance(dims, int):
        if dims < 0:
            raise RuntimeError(f"tensordot expects dims >= 0, but got dims={dims}")
        dims_a, dims_b = list(range(a.dim() - dims, a.dim())), list(range(dims))
    else:
        dims_a, dims_b = ([d] if isinstance(d, int) else list(d) for d in dims)
        if len(dims_a) != len(dims_b):
            raise RuntimeError(
                "both dimension lists should have same length (got "
                f"{dims_a} and {dims_b})"
            )
    dims_a = list(normalize_dims(dims_a, a.dim()))
    dims_b = list(normalize_dims(dims_b, b.dim()))
    for da, db in zip(dims_a, dims_b):
        if a.shape[da] != b.shape[db]:
            raise RuntimeError(
                f"contracted dimensions need to match, but first has size "
                f"{a.shape[da]} in dim {da} and second has size {b.shape[db]} "
                f"in dim {db}"
            )
    free_a = [d for d in range(a.dim()) if d not in dims_a]
    free_b = [d for d in range(b.dim()) if d not in dims_b]
    size = int(np.prod([a.shape[d] for d in dims_a], dtype=np.int64))
    left = a.permute(free_a + dims_a).reshape(-1, size)
    right = b.permute(dims_b + free_b).reshape(size, -1)
    shape = [a.shape[d] for d in free_a] + [b.shape[d] for d in free_b]
    return (left @ right).reshape(shape)


def chain_matmul(*matrices):
    """The product of the matrices, left to right (deprecated in PyTorch:
    use `torch.linalg.multi_dot`)."""
    if not matrices:
        raise RuntimeError("chain_matmul(): Expected one or more matrices")
    for i, m in enumerate(matrices):
        if not isinstance(m, Tensor):
            tensor_arg(m, "chain_matmul", "matrices")
        if m.dim() != 2:
            raise RuntimeError(
                f"Tensor dimension is {m.dim()}, expected 2 instead (matrix {i})"
            )
    warnings.warn(
        "torch.chain_matmul is deprecated and will be removed in a future PyTorch "
        "release. Use torch.linalg.multi_dot instead, which accepts a list of two "
        "or more tensors rather than multiple parameters.",
        UserWarning,
        stacklevel=2,
    )
    result = matrices[0]
    for m in matrices[1:]:
        result = result.mm(m)
    return result if len(matrices) > 1 else result.clone()
