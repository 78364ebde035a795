"""Ops that reorder, pick or overwrite elements: flip, masked_fill, nonzero,
tril and triu.

flip and masked_fill follow the hot-path pattern (a function on numpy values
that calls `record`, beside its node); their backwards are the same op again
(flip the gradient back; zero it where the fill replaced the input), so they
work on arrays and on tensors alike.
"""

import numbers

import numpy as np

from .._check import checked_scalar
from .._dtype import scalar_type_name
from ..autograd.function import Node, record
from ..tensor import Tensor
from ._util import normalize_dims


def _flip(values, dims):
    if isinstance(values, Tensor):
        return flip(values, dims)
    return np.flip(values, dims).copy() if dims else values


def flip(a, dims):
    """The elements in reverse order along each dim of `dims` (`Tensor.flip`).

    Args:
        a: a tensor.
        dims: an int or a tuple/list of ints (each at most once).

    Returns:
        A new tensor (a copy, as PyTorch's).

    Example:
        >>> minigrad.tensor([[1, 2], [3, 4]]).flip(0)
        tensor([[3, 4],
                [1, 2]])
    """
    dims = normalize_dims(dims, a._data.ndim, distinct=True) if a._data.ndim else ()
    value = np.flip(a._data, dims).copy() if dims else a._data.copy()
    return record(FlipBackward0, value, (a,), dims=dims)


class FlipBackward0(Node):
    formula = "d(flip a)/da: the gradient flipped back"

    def backward(self, grad):
        return (_flip(grad, self.dims),)


def _check_mask(a, mask):
    if not isinstance(mask, Tensor):
        raise TypeError(
            f"masked_fill(): argument 'mask' must be Tensor, not "
            f"{type(mask).__name__} (e.g. x > 0)"
        )
    mask = mask._data
    if mask.dtype != np.bool_:
        raise RuntimeError(
            "masked_fill_ only supports boolean masks, but got mask with dtype "
            f"{scalar_type_name(mask.dtype).lower()} (compare to make one, e.g. x > 0)"
        )
    try:
        shape = np.broadcast_shapes(mask.shape, a._data.shape)
    except ValueError:
        shape = None
    if shape != a._data.shape:
        raise RuntimeError(
            f"masked_fill: the mask of shape {list(mask.shape)} must broadcast to "
            f"the tensor's shape {list(a._data.shape)}"
        )
    return mask


def masked_fill(a, mask, value):
    """A copy of `a` with `value` where the bool `mask` is True (`Tensor.masked_fill`).

    Args:
        a: a tensor.
        mask: a bool tensor that broadcasts to `a`'s shape.
        value: a number, or a 0-d tensor (its gradient is the sum of the
            incoming gradient where the mask is True).

    Example:
        >>> x = minigrad.tensor([1.0, 2.0, 3.0])
        >>> x.masked_fill(x > 1.5, 0.0)
        tensor([1., 0., 0.])
    """
    mask = _check_mask(a, mask)
    if isinstance(value, Tensor):
        if value.dim() != 0:
            raise RuntimeError(
                "masked_fill_ only supports a 0-dimensional value tensor, but got "
                f"tensor with {value.dim()} dimension(s)."
            )
        fill = value._data
    elif isinstance(value, numbers.Number):
        fill = value
    else:
        raise TypeError(
            f"masked_fill(): argument 'value' must be Number or Tensor, not "
            f"{type(value).__name__}"
        )
    # PyTorch's checked conversion (300 for uint8 raises, -1 is 255)
    fill = checked_scalar(np.asarray(fill).item(), a._data.dtype)
    result = np.where(mask, fill, a._data)
    saved = (np.array(mask),)  # (in `saved`, so backward frees it)
    if isinstance(value, Tensor):
        return record(MaskedFillBackward1, result, (a, value), saved=saved)
    return record(MaskedFillBackward0, result, (a,), saved=saved)


class MaskedFillBackward0(Node):
    formula = "d(masked_fill a)/da = 0 where the mask is True, else 1"

    def backward(self, grad):
        (mask,) = self.saved(False)
        return (_zero_where(grad, mask),)


class MaskedFillBackward1(Node):
    formula = "d/da = 0 where the mask is True, else 1;  d/dvalue = sum over the mask"

    def backward(self, grad):
        (mask,) = self.saved(False)
        grad_value = None
        if self.next_functions[1][0] is not None:
            kept = _zero_where(grad, ~mask)
            grad_value = kept.sum() if isinstance(kept, Tensor) else np.sum(kept)
        return _zero_where(grad, mask), grad_value


def _zero_where(grad, mask):
    if isinstance(grad, Tensor):
        return grad.where(~np.broadcast_to(mask, grad.shape), 0.0)
    return np.where(mask, 0, grad).astype(grad.dtype)


def nonzero(a, as_tuple=False):
    """The indices of the nonzero elements (`Tensor.nonzero`).

    Returns:
        An int64 tensor of shape (count, a.dim()), one row per element; with
        `as_tuple=True`, a tuple of one 1-D index tensor per dim (what
        `where(condition)` with one argument returns).

    Example:
        >>> minigrad.tensor([[1, 0], [2, 3]]).nonzero(as_tuple=True)
        (tensor([0, 1, 1]), tensor([0, 0, 1]))
    """
    indices = np.nonzero(np.atleast_1d(a._data))  # (a 0-d tensor: as shape (1,))
    if as_tuple:
        return tuple(Tensor._make(np.asarray(i, dtype=np.int64)) for i in indices)
    if a._data.ndim == 0:  # one row of no indices if the number is nonzero
        return Tensor._make(np.zeros((len(indices[0]), 0), dtype=np.int64))
    return Tensor._make(np.stack(indices, axis=1).astype(np.int64))


# ----- tril, triu: the lower or upper triangle of matrices ------------------------


def _triangle(values, diagonal, lower):
    if isinstance(values, Tensor):
        return triangle(values, diagonal, lower)
    return np.tril(values, diagonal) if lower else np.triu(values, diagonal)


def triangle(a, diagonal=0, lower=True):
    """The lower (`tril`) or upper (`triu`) triangle of the last two dims of
    `a`, zeros elsewhere (a causal attention mask is `ones(n, n).tril()`).

    Args:
        a: a tensor with at least 2 dims.
        diagonal: which diagonal bounds the triangle: 0 the main one,
            1 the one above it, -1 the one below.
        lower: True for tril, False for triu.

    Example:
        >>> minigrad.ones(3, 3).tril()
        tensor([[1., 0., 0.],
                [1., 1., 0.],
                [1., 1., 1.]])
    """
    name = "tril" if lower else "triu"
    if a._data.ndim < 2:
        raise RuntimeError(
            f"{name}: input tensor must have at least 2 dimensions (got "
            f"{a._data.ndim}; for a vector use unsqueeze first)"
        )
    if isinstance(diagonal, bool) or not isinstance(diagonal, numbers.Integral):
        raise TypeError(
            f"{name}(): argument 'diagonal' must be int, not {type(diagonal).__name__}"
        )
    node = TrilBackward0 if lower else TriuBackward0
    return record(node, _triangle(a._data, diagonal, lower), (a,), diagonal=diagonal)


class TrilBackward0(Node):
    formula = "d(tril a)/da = 1 in the lower triangle, 0 above it"

    def backward(self, grad):
        return (_triangle(grad, self.diagonal, True),)


class TriuBackward0(Node):
    formula = "d(triu a)/da = 1 in the upper triangle, 0 below it"

    def backward(self, grad):
        return (_triangle(grad, self.diagonal, False),)
