"""`minigrad.linalg`: PyTorch's `torch.linalg` functions that students meet first.

Norms (`vector_norm`, `matrix_norm`, `norm`) are composed of ops that exist
(`Tensor.norm`'s `LinalgVectorNormBackward0`, `amax`, `amin`), as PyTorch
composes them, so their graphs and gradients are PyTorch's. The square-matrix
functions (`inv`, `det`, `slogdet`, `solve`) are ops of their own, in
`minigrad/ops/matrix.py` (not `ops/linalg.py`, which holds matmul).

    A = minigrad.tensor([[2.0, 1.0], [1.0, 3.0]], requires_grad=True)
    minigrad.linalg.det(A)       # tensor(5., grad_fn=<LinalgDetBackward0>)
"""

import math
import numbers
from collections import namedtuple

from ._dtype import scalar_type_name
from .ops import reduce
from .ops._util import normalize_dims
from .ops.matrix import Det, Inv, LinAlgError, Slogdet, solve  # noqa: F401
from .tensor import Tensor

__all__ = [
    "LinAlgError",
    "det",
    "inv",
    "matrix_norm",
    "norm",
    "slogdet",
    "solve",
    "vector_norm",
]


def _float_input(x, function, dtype):
    """`x` converted to `dtype` (if given) after PyTorch's checks: a tensor of
    floating point."""
    if not isinstance(x, Tensor):
        raise TypeError(
            f"{function}(): argument 'input' (position 1) must be Tensor, not "
            f"{type(x).__name__}"
        )
    if x._data.dtype.kind != "f":
        raise RuntimeError(
            f"{function}: Expected a floating point or complex tensor as input. "
            f"Got {scalar_type_name(x._data.dtype)}"
        )
    return x if dtype is None else x.to(dtype)


def _number_ord(ord, function):
    if isinstance(ord, bool) or not isinstance(ord, numbers.Real):
        kind = type(ord).__name__
        raise TypeError(
            f"{function}(): argument 'ord' (position 2) must be Number, not {kind}"
        )
    return float(ord)


def vector_norm(x, ord=2, dim=None, keepdim=False, *, dtype=None):
    """The `ord`-norm of `x` seen as a vector: of all its elements, or along
    `dim` (an int or a tuple of ints).

    Args:
        x: a float tensor.
        ord: 2 (default), any real p (sum |x|^p)^(1/p), inf (max |x|), -inf
            (min |x|), or 0 (how many elements are nonzero).
        dim: the dims to reduce (None: all of them).
        keepdim: keep the reduced dims as size 1.
        dtype: convert `x` to this dtype first.

    Example:
        >>> minigrad.linalg.vector_norm(minigrad.tensor([3.0, -4.0]))
        tensor(5.)
    """
    x = _float_input(x, "linalg.vector_norm", dtype)
    ord = _number_ord(ord, "linalg_vector_norm")
    if ord < 0 and x.numel() == 0:
        raise RuntimeError(
            f"linalg.vector_norm cannot compute the {ord} norm on an empty tensor "
            "because the operation does not have an identity"
        )
    return reduce.Norm.apply(x, p=ord, dim=dim, keepdim=keepdim)


_MATRIX_ORDS = ("fro", "nuc", 1, -1, 2, -2, math.inf, -math.inf)


def matrix_norm(A, ord="fro", dim=(-2, -1), keepdim=False, *, dtype=None):
    """The `ord`-norm of a matrix, or of each matrix of a batch (the two
    `dim`s are the matrix's rows and columns).

    Args:
        A: a float tensor of at least 2 dims.
        ord: 'fro' (default; the square root of the sum of squares), 1 (the
            largest column sum of |A|), -1 (the smallest), inf (the largest
            row sum), -inf (the smallest). 'nuc', 2 and -2 need singular
            values, which minigrad has not (NotImplementedError).
        dim: the two dims that hold the matrices.
        keepdim: keep them as size 1.
        dtype: convert `A` to this dtype first.

    Example:
        >>> minigrad.linalg.matrix_norm(minigrad.tensor([[1.0, -2.0], [3.0, 4.0]]), 1)
        tensor(6.)
    """
    A = _float_input(A, "linalg.matrix_norm", dtype)
    if A.dim() < 2:
        raise RuntimeError(
            "linalg.matrix_norm: The input tensor A must have at least 2 dimensions."
        )
    if not isinstance(dim, (tuple, list)) or len(dim) != 2:
        raise RuntimeError(
            f"linalg.matrix_norm: dim must be a 2-tuple. Got {dim!r} (give the "
            "two dims that hold the matrices, e.g. dim=(-2, -1))"
        )
    rows, cols = normalize_dims(dim, A.dim())
    if rows == cols:
        raise RuntimeError(
            f"linalg.matrix_norm: dims must be different. Got ({dim[0]}, {dim[1]})"
        )
    if isinstance(ord, str):
        if ord == "fro":
            return reduce.Norm.apply(A, p=2.0, dim=(rows, cols), keepdim=keepdim)
        if ord != "nuc":
            raise RuntimeError(
                f"linalg.matrix_norm: Order {ord} not supported (use 'fro', 'nuc', "
                "1, -1, 2, -2, inf or -inf)"
            )
    elif isinstance(ord, numbers.Real) and not isinstance(ord, bool):
        if ord not in _MATRIX_ORDS:
            raise RuntimeError(
                f"linalg.matrix_norm: Order {ord} not supported (use 'fro', 'nuc', "
                "1, -1, 2, -2, inf or -inf)"
            )
    else:
        raise TypeError(
            f"linalg_matrix_norm(): argument 'ord' must be Number or str, not "
            f"{type(ord).__name__}"
        )
    if ord in ("nuc", 2, -2):
        raise NotImplementedError(
            f"linalg.matrix_norm(ord={ord!r}) needs the singular values, which "
            "minigrad does not compute; use 'fro', 1, -1, inf or -inf"
        )
    # As PyTorch: the 1-norm of each column (inf: of each row), then the
    # largest (or, for a negative ord, the smallest) of them.
    if math.isinf(ord):
        rows, cols = cols, rows
    if not keepdim and rows < cols:
        cols -= 1  # (the rows' dim is gone once they are summed)
    sums = reduce.Norm.apply(A, p=1.0, dim=rows, keepdim=keepdim)
    return sums.amax(cols, keepdim=keepdim) if ord > 0 else sums.amin(cols, keepdim)


def norm(A, ord=None, dim=None, keepdim=False, *, dtype=None):
    """A vector norm or a matrix norm, chosen as PyTorch chooses.

    With `ord` None: the 2-norm of `A` flattened (or along `dim`), which for a
    matrix is its Frobenius norm. With `ord` given: a matrix norm when `dim`
    has two dims, or when `dim` is None and `A` is 2-D; a vector norm
    otherwise. A string `ord` ('fro', 'nuc') is always a matrix norm.

    Example:
        >>> minigrad.linalg.norm(minigrad.tensor([[1.0, 2.0], [2.0, 4.0]]))
        tensor(5.)
    """
    if dim is not None:
        dims = (dim,) if isinstance(dim, numbers.Integral) else tuple(dim)
        if len(dims) not in (1, 2):
            raise RuntimeError(
                f"linalg.norm: If dim is specified, it must be of length 1 or 2. "
                f"Got {list(dims)}"
            )
    elif ord is not None and isinstance(A, Tensor) and A.dim() not in (1, 2):
        raise RuntimeError(
            "linalg.norm: If dim is not specified but ord is, the input must be "
            f"1D or 2D. Got {A.dim()}D."
        )
    if isinstance(ord, str) or (
        ord is not None and (len(dims) == 2 if dim is not None else A.dim() == 2)
    ):
        return matrix_norm(
            A, ord, (0, 1) if dim is None else dims, keepdim, dtype=dtype
        )
    return vector_norm(A, 2 if ord is None else ord, dim, keepdim, dtype=dtype)


def inv(A):
    """The inverse of a square matrix, or of each matrix of a batch.

    A singular matrix raises `LinAlgError` (a RuntimeError), as PyTorch.
    The gradient is -A⁻ᵀ grad A⁻ᵀ (node LinalgInvExBackward0).

    Example:
        >>> minigrad.linalg.inv(minigrad.tensor([[2.0, 0.0], [0.0, 4.0]]))
        tensor([[0.5000, 0.0000],
                [0.0000, 0.2500]])
    """
    return Inv.apply(A)


def det(A):
    """The determinant of a square matrix, or of each matrix of a batch.

    The gradient is grad · det(A) · A⁻ᵀ, the cofactor matrix (also right for
    a singular matrix). Node LinalgDetBackward0.

    Example:
        >>> minigrad.linalg.det(minigrad.tensor([[2.0, 1.0], [1.0, 3.0]]))
        tensor(5.)
    """
    return Det.apply(A)


class linalg_slogdet(namedtuple("linalg_slogdet", ["sign", "logabsdet"])):  # noqa: N801
    """What `linalg.slogdet` returns: (sign, logabsdet), PyTorch's named pair."""

    __slots__ = ()

    def __repr__(self):
        return (
            f"minigrad.return_types.{type(self).__name__}(\nsign={self.sign!r},\n"
            f"logabsdet={self.logabsdet!r})"
        )

    __str__ = __repr__


def slogdet(A):
    """The sign and the log of the absolute value of the determinant, of a
    square matrix or of each matrix of a batch: det(A) = sign · exp(logabsdet),
    without the overflow of det itself. A singular matrix gives (0, -inf).

    Returns:
        A named pair (sign, logabsdet); logabsdet's gradient is grad · A⁻ᵀ.

    Example:
        >>> minigrad.linalg.slogdet(minigrad.tensor([[-2.0, 0.0], [0.0, 3.0]])).sign
        tensor(-1.)
    """
    return linalg_slogdet(*Slogdet.apply(A))
