"""Square-matrix functions: inverse, determinant, log-determinant, solve.

The public names are in `minigrad/linalg.py` (`minigrad.linalg.inv`, ...);
this module holds the ops, each a `Function` whose backward is written with
tensor ops (matmul, transpose, the ops of this module again), so
`create_graph=True` gives second derivatives. Every op takes a matrix or a
batch of them (leading dims), as PyTorch's `torch.linalg` does.
"""

import numpy as np

from .._dtype import scalar_type_name
from ..autograd.function import Function
from ..tensor import Tensor


class LinAlgError(RuntimeError):
    """A matrix the operation cannot handle, e.g. a singular matrix given to
    `linalg.inv` or `linalg.solve` (PyTorch's `torch.linalg.LinAlgError`,
    also a RuntimeError)."""


def square_matrices(a, function):
    """The numpy value of `a` after PyTorch's checks for a (batch of) square
    float matrices: a Tensor, at least 2-D, square, floating point."""
    if not isinstance(a, Tensor):
        raise TypeError(
            f"{function}(): argument 'A' (position 1) must be Tensor, not "
            f"{type(a).__name__}"
        )
    x = a._data
    if x.ndim < 2:
        raise RuntimeError(
            f"{function}: The input tensor A must have at least 2 dimensions."
        )
    if x.shape[-1] != x.shape[-2]:
        raise RuntimeError(
            f"{function}: A must be batches of square matrices, but they are "
            f"{x.shape[-2]} by {x.shape[-1]} matrices"
        )
    if x.dtype.kind != "f":
        raise RuntimeError(
            f"{function}: Expected a floating point or complex tensor as input. "
            f"Got {scalar_type_name(x.dtype)}"
        )
    return x


def _first_zero_pivot(matrix):
    """The 1-based index of the first zero pivot of LU with partial pivoting
    (LAPACK's getrf, which PyTorch and numpy both use), or 0 if there is none:
    PyTorch's message names it."""
    u = np.array(matrix, dtype=np.float64)
    n = u.shape[0]
    for k in range(n):
        p = k + int(np.argmax(np.abs(u[k:, k])))
        if u[p, k] == 0:
            return k + 1
        u[[k, p]] = u[[p, k]]
        u[k + 1 :] -= np.outer(u[k + 1 :, k] / u[k, k], u[k])
    return 0


def _singular_error(x, function, message):
    """LinAlgError for the first singular matrix of `x`, worded as PyTorch's
    (with "(Batch element i): " in front when `x` is a batch)."""
    flat = x.reshape(-1, x.shape[-2], x.shape[-1])
    index, pivot = 0, 1  # (if our LU found no zero pivot where numpy did)
    for number, matrix in enumerate(flat):
        found = _first_zero_pivot(matrix)
        if found:
            index, pivot = number, found
            break
    where = f"(Batch element {index}): " if x.ndim > 2 else ""
    return LinAlgError(f"{function}: {where}{message.format(pivot=pivot)}")


_INV_SINGULAR = (
    "The diagonal element {pivot} is zero, the inversion could not be completed "
    "because the input matrix is singular."
)


def inv(a):
    """The inverse of a square matrix, or of each matrix of a batch."""
    return Inv.apply(a)


class Inv(Function):
    """A⁻¹. Saves its result: the gradient is -A⁻ᵀ · grad · A⁻ᵀ."""

    backward_name = "LinalgInvExBackward0"  # (PyTorch computes inv with inv_ex)
    formula = "d(A⁻¹) = -A⁻¹ dA A⁻¹,  so  grad_A = -A⁻ᵀ grad A⁻ᵀ"

    @staticmethod
    def forward(ctx, a):
        x = square_matrices(a, "linalg.inv")
        try:
            result = np.linalg.inv(x)
        except np.linalg.LinAlgError:
            raise _singular_error(x, "linalg.inv", _INV_SINGULAR) from None
        ctx.save_for_backward(result)
        return result

    @staticmethod
    def backward(ctx, grad):
        (inverse,) = ctx.saved_tensors
        inverse_t = inverse.mT
        return -(inverse_t @ grad @ inverse_t)


def det(a):
    """The determinant of a square matrix, or of each matrix of a batch."""
    return Det.apply(a)


class Det(Function):
    """det(A). The gradient is grad · det(A) · A⁻ᵀ, which is the matrix of
    cofactors; for a singular matrix (det 0, no inverse) the cofactors are
    computed directly, so the gradient is still right, as PyTorch's is."""

    backward_name = "LinalgDetBackward0"
    formula = "d det(A)/dA = det(A) A⁻ᵀ  (the cofactor matrix)"

    @staticmethod
    def forward(ctx, a):
        x = square_matrices(a, "linalg.det")
        result = np.asarray(np.linalg.det(x), dtype=x.dtype)
        ctx.save_for_backward(a, result)
        return result

    @staticmethod
    def backward(ctx, grad):
        a, determinant = ctx.saved_tensors
        grad = grad.unsqueeze(-1).unsqueeze(-1)
        if (determinant._data == 0).any():  # no inverse: cofactors by minors
            return grad * cofactors(a)
        scale = determinant.unsqueeze(-1).unsqueeze(-1)
        return grad * scale * Inv.apply(a).mT


def cofactors(a):
    """The matrix of cofactors of `a` (batched): C_ij = (-1)^(i+j) det(minor_ij),
    the minor being `a` without row i and column j. Built with indexing and
    `Det`, so it is differentiable again. Only for singular matrices: it
    computes n² determinants."""
    n = a.shape[-1]
    if n == 1:
        return Tensor._make(np.ones_like(a._data))  # (d a/da for a 1x1 matrix)
    others = np.array([[j for j in range(n) if j != i] for i in range(n)])
    rows = others[:, None, :, None]  # (n, 1, n-1, 1): rows kept for minor (i, .)
    cols = others[None, :, None, :]  # (1, n, 1, n-1): columns kept for minor (., j)
    minors = a[..., rows, cols]  # (..., n, n, n-1, n-1)
    signs = (-1.0) ** np.add.outer(np.arange(n), np.arange(n))
    return Det.apply(minors) * Tensor._make(signs.astype(a._data.dtype))


def slogdet(a):
    """(sign, log|det|) of a square matrix or of each matrix of a batch."""
    return Slogdet.apply(a)


class Slogdet(Function):
    """sign(det A) and log|det A|: the second is the one with a gradient,
    grad · A⁻ᵀ (the sign's gradient is 0). A singular matrix gives sign 0 and
    log|det| -inf, as PyTorch."""

    backward_name = "LinalgSlogdetBackward0"
    formula = "d log|det A|/dA = A⁻ᵀ"

    @staticmethod
    def forward(ctx, a):
        x = square_matrices(a, "linalg.slogdet")
        sign, logabsdet = np.linalg.slogdet(x)
        ctx.save_for_backward(a)
        return np.asarray(sign, dtype=x.dtype), np.asarray(logabsdet, dtype=x.dtype)

    @staticmethod
    def backward(ctx, grad_sign, grad_logabsdet):
        (a,) = ctx.saved_tensors
        if grad_logabsdet is None:  # (only the sign was used: its gradient is 0)
            return None
        return grad_logabsdet.unsqueeze(-1).unsqueeze(-1) * Inv.apply(a).mT


_SOLVE_SINGULAR = "The solver failed because the input matrix is singular."


def solve(a, b, left=True):
    """X with A X = B (A square, or a batch): B a matrix (..., n, k) or a
    vector (n,) or a batch of vectors (A's shape without its last dim)."""
    if left is not True:
        raise NotImplementedError(
            "linalg.solve(left=False) (X A = B) is not in minigrad; solve the "
            "transposed system instead: linalg.solve(A.mT, B.mT).mT"
        )
    return Solve.apply(a, b)


class Solve(Function):
    """A⁻¹ B. Saves A and the result X: grad_B = A⁻ᵀ grad (a solve with Aᵀ),
    grad_A = -grad_B Xᵀ."""

    backward_name = "LinalgSolveExBackward0"  # (PyTorch solves with solve_ex)
    formula = "grad_B = solve(Aᵀ, grad),  grad_A = -grad_B Xᵀ"

    @staticmethod
    def forward(ctx, a, b):
        x = square_matrices(a, "linalg.solve")
        if not isinstance(b, Tensor):
            raise TypeError(
                "linalg_solve(): argument 'B' (position 2) must be Tensor, not "
                f"{type(b).__name__}"
            )
        y = b._data
        if y.dtype != x.dtype:
            raise RuntimeError(
                "linalg.solve: Expected A and B to have the same dtype, but found "
                f"A of type {scalar_type_name(x.dtype)} and B of type "
                f"{scalar_type_name(y.dtype)} instead (convert one with .to())"
            )
        # PyTorch's rule: B is a (batch of) vector(s) when it is 1-D, or has
        # exactly A's batch shape and A's size as its last dim.
        vector = y.ndim == 1 or (y.ndim == x.ndim - 1 and y.shape == x.shape[:-1])
        y = y[..., None] if vector else y
        if y.shape[-2] != x.shape[-1]:
            raise RuntimeError(
                "linalg.solve: Incompatible shapes of A and B for the equation "
                f"AX = B ({x.shape[-2]}x{x.shape[-1]} and "
                f"{y.shape[-2]}x{y.shape[-1]})"
            )
        try:
            np.broadcast_shapes(x.shape[:-2], y.shape[:-2])
        except ValueError:
            raise RuntimeError(
                f"linalg.solve: the batch dimensions of A {list(x.shape[:-2])} "
                f"and B {list(y.shape[:-2])} don't broadcast"
            ) from None
        try:
            result = np.linalg.solve(x, y)
        except np.linalg.LinAlgError:
            raise _singular_error(x, "torch.linalg.solve", _SOLVE_SINGULAR) from None
        result = result[..., 0] if vector else result
        ctx.vector = vector
        ctx.save_for_backward(a, result)
        return result

    @staticmethod
    def backward(ctx, grad):
        a, result = ctx.saved_tensors
        need_a, _ = ctx.needs_input_grad
        grad_b = Solve.apply(a.mT, grad)  # (a vector stays a vector)
        grad_a = None
        if need_a:
            if ctx.vector:
                grad_a = -(grad_b.unsqueeze(-1) * result.unsqueeze(-2))
            else:
                grad_a = -(grad_b @ result.mT)
        return grad_a, grad_b
