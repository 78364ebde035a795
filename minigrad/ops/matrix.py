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
from .shape import Cat


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


# ----- decompositions: eigh, svd, qr, cholesky; pinv and lstsq -----------------
# Their backward formulas are PyTorch's (FunctionsManual.cpp), written with
# tensor ops so that create_graph=True differentiates them again.


def float_matrices(a, function):
    """The numpy value of `a` after PyTorch's checks for a (batch of) float
    matrices, not necessarily square."""
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
    if x.dtype.kind != "f":
        raise RuntimeError(
            f"{function}: Expected a floating point or complex tensor as input. "
            f"Got {scalar_type_name(x.dtype)}"
        )
    return x


def _eye_like(t, n):
    """An n x n identity of `t`'s dtype (a constant tensor)."""
    return Tensor._make(np.eye(n, dtype=t._data.dtype))


def _no_eigen_gap(values):
    """The matrix E_ij = values_j - values_i with ones on its diagonal (the
    divisor of the off-diagonal terms in eigh's and svd's gradients)."""
    gaps = values.unsqueeze(-2) - values.unsqueeze(-1)
    return gaps + _eye_like(values, values.shape[-1])


class Eigh(Function):
    """Eigenvalues (ascending) and orthonormal eigenvectors of a symmetric
    matrix: A = V diag(L) Vᵀ. Only one triangle of A is read (`UPLO`)."""

    backward_name = "LinalgEighBackward0"
    formula = "grad_A = V (diag(grad_L) + skew(Vᵀ grad_V) / (Lⱼ - Lᵢ)) Vᵀ"

    @staticmethod
    def forward(ctx, a, UPLO="L"):  # noqa: N803 (PyTorch's name)
        x = square_matrices(a, "linalg.eigh")
        if UPLO not in ("L", "U"):
            raise RuntimeError(
                f"Expected UPLO argument to be 'L' or 'U', but got {UPLO}"
            )
        values, vectors = np.linalg.eigh(x, UPLO=UPLO)
        values, vectors = values.astype(x.dtype), vectors.astype(x.dtype)
        ctx.save_for_backward(values, vectors)  # (the outputs themselves)
        return values, vectors

    @staticmethod
    def backward(ctx, grad_values, grad_vectors):
        values, vectors = ctx.saved_tensors
        if grad_vectors is None:  # only the eigenvalues were used
            inner = grad_values.diag_embed()
        else:
            vhgv = vectors.mT @ grad_vectors
            inner = 0.5 * (vhgv - vhgv.mT) / _no_eigen_gap(values)
            if grad_values is not None:
                inner = inner + grad_values.diag_embed()
        return vectors @ inner @ vectors.mT


class Svd(Function):
    """A = U diag(S) Vh, S descending. The gradient follows PyTorch's
    svd_backward; with full_matrices=True only the first min(m, n) columns
    of U (rows of Vh) carry a gradient, as in PyTorch."""

    backward_name = "LinalgSvdBackward0"
    formula = (
        "grad_A = U (diag(grad_S) + skew(Uᵀ grad_U) S / E + S skew(Vᵀ grad_V) / E) Vh"
    )

    @staticmethod
    def forward(ctx, a, full_matrices=True):
        x = float_matrices(a, "linalg.svd")
        u, s, vh = np.linalg.svd(x, full_matrices=full_matrices)
        u, s, vh = u.astype(x.dtype), s.astype(x.dtype), vh.astype(x.dtype)
        ctx.save_for_backward(u, s, vh)  # (the outputs themselves)
        return u, s, vh

    @staticmethod
    def backward(ctx, grad_u, grad_s, grad_vh):
        u, s, vh = ctx.saved_tensors
        m, n, k = u.shape[-2], vh.shape[-1], s.shape[-1]
        u, vh = u[..., :k], vh[..., :k, :]
        if grad_u is None and grad_vh is None:  # only S was used
            return (u * grad_s.unsqueeze(-2)) @ vh
        grad_u = None if grad_u is None else grad_u[..., :k]
        grad_v = None if grad_vh is None else grad_vh[..., :k, :].mT
        s_col, s_row = s.unsqueeze(-1), s.unsqueeze(-2)
        gaps = _no_eigen_gap(s * s)
        if grad_u is not None:
            uhgu = u.mT @ grad_u
            uhgu = uhgu - uhgu.mT
        if grad_v is not None:
            vhgv = vh @ grad_v
            vhgv = vhgv - vhgv.mT
        if grad_u is not None and grad_v is not None:
            inner = (uhgu * s_row + s_col * vhgv) / gaps
        elif grad_u is not None:
            inner = uhgu * (s_row / gaps)
        else:
            inner = s_col * (vhgv / gaps)
        if grad_s is not None:
            inner = inner + grad_s.diag_embed()
        if m > k and grad_u is not None:  # the part of grad_U outside U's span
            inner = u @ inner
            gu_sinv = grad_u / s_row
            inner = inner + gu_sinv - u @ (u.mT @ gu_sinv)
            return inner @ vh
        if n > k and grad_v is not None:  # the part of grad_V outside V's span
            inner = inner @ vh
            sinv_gvh = grad_v.mT / s_col
            inner = inner + sinv_gvh - (sinv_gvh @ vh.mT) @ vh
            return u @ inner
        return u @ inner @ vh


_QR_MODES = ("reduced", "complete", "r")


class Qr(Function):
    """A = Q R, Q with orthonormal columns, R upper triangular (LAPACK's
    signs, as PyTorch and numpy). Returns (Q, R); Q is empty for mode='r'."""

    backward_name = "LinalgQrBackward0"
    formula = "grad_A = (grad_Q + Q copyltu(R grad_Rᵀ - grad_Qᵀ Q)) R⁻ᵀ"

    @staticmethod
    def forward(ctx, a, mode="reduced"):
        x = float_matrices(a, "linalg.qr")
        if mode not in _QR_MODES:
            raise RuntimeError(
                f"qr received unrecognized mode '{mode}' but expected one of "
                "'reduced' (default), 'r', or 'complete'"
            )
        q, r = np.linalg.qr(x, mode="complete" if mode == "complete" else "reduced")
        ctx.mode = mode
        if mode == "r":
            q = np.zeros((0,), dtype=x.dtype)
        q, r = q.astype(x.dtype), r.astype(x.dtype)
        ctx.save_for_backward(q, r)  # (the outputs themselves)
        return q, r

    @staticmethod
    def backward(ctx, grad_q, grad_r):
        q, r = ctx.saved_tensors
        if ctx.mode == "r":
            raise RuntimeError(
                "The derivative of linalg.qr depends on Q, which is not computed "
                "when mode='r'. Please use linalg.qr(A, mode='reduced') if you "
                "are going to differentiate through linalg.qr."
            )
        m, n = q.shape[-2], r.shape[-1]
        if ctx.mode == "complete" and m > n:
            raise RuntimeError(
                "The QR decomposition is not differentiable when mode='complete' "
                "and nrows > ncols."
            )
        if grad_q is None:
            grad_q = Tensor._make(np.zeros(q.shape, q._data.dtype))
        if grad_r is None:
            grad_r = Tensor._make(np.zeros(r.shape, r._data.dtype))
        if m >= n:
            return _qr_backward_tall(q, r, grad_q, grad_r)
        # Wide A = [X | Y], X = Q R_X square; Y = Q R_Y, so R_Y = Qᵀ Y sends
        # Y grad_R_Yᵀ to grad_Q, and Y itself gets Q grad_R_Y.
        r_x, grad_r_y = r[..., :m], grad_r[..., m:]
        y = q @ r[..., m:]
        grad_x = _qr_backward_tall(q, r_x, grad_q + y @ grad_r_y.mT, grad_r[..., :m])
        return Cat.apply(grad_x, q @ grad_r_y, dim=-1)


def _qr_backward_tall(q, r, grad_q, grad_r):
    """The gradient of A = QR with m >= n (R square and invertible)."""
    middle = r @ grad_r.mT - grad_q.mT @ q
    # copyltu: the symmetric matrix with middle's lower triangle
    lower = middle.tril(-1)
    copyltu = lower + lower.mT + middle.diagonal(0, -2, -1).diag_embed()
    b = grad_q + q @ copyltu
    # b R⁻ᵀ: solve R X = bᵀ, then transpose back.
    return Solve.apply(r, b.mT).mT


def _not_positive_definite(x, function):
    """LinAlgError naming the first leading minor of the first matrix of `x`
    that is not positive-definite, worded as PyTorch's."""
    flat = x.reshape(-1, x.shape[-2], x.shape[-1])
    index, order = 0, 1
    for number, matrix in enumerate(flat):
        found = 0
        for k in range(1, matrix.shape[-1] + 1):
            try:
                np.linalg.cholesky(matrix[:k, :k])
            except np.linalg.LinAlgError:
                found = k
                break
        if found:
            index, order = number, found
            break
    where = f"(Batch element {index}): " if x.ndim > 2 else ""
    return LinAlgError(
        f"{function}: {where}The factorization could not be completed because the "
        f"input is not positive-definite (the leading minor of order {order} is "
        "not positive-definite)."
    )


class Cholesky(Function):
    """L with A = L Lᵀ (lower triangular, positive diagonal) for a symmetric
    positive-definite A; with upper=True, U = Lᵀ (A = Uᵀ U). Only A's lower
    triangle is read, as in PyTorch."""

    backward_name = "LinalgCholeskyExBackward0"  # (PyTorch computes cholesky_ex)
    formula = "grad_A = sym(L⁻ᵀ Φ(Lᵀ grad_L) L⁻¹), Φ: lower triangle, half diagonal"

    @staticmethod
    def forward(ctx, a, upper=False, function="linalg.cholesky"):
        x = square_matrices(a, function)
        try:
            lower = np.linalg.cholesky(x)
        except np.linalg.LinAlgError:
            raise _not_positive_definite(x, function) from None
        ctx.upper = upper
        result = np.swapaxes(lower, -1, -2).copy() if upper else lower
        ctx.save_for_backward(result)  # (the output itself)
        return result

    @staticmethod
    def backward(ctx, grad):
        (lower,) = ctx.saved_tensors
        if ctx.upper:  # U = Lᵀ: the same gradient, of L
            lower, grad = lower.mT, grad.mT
        phi = (lower.mT @ grad).tril()
        phi = phi - 0.5 * phi.diagonal(0, -2, -1).diag_embed()
        # L⁻ᵀ Φ L⁻¹ by two solves: Lᵀ Z = Φ, then (Lᵀ W = Zᵀ)ᵀ.
        z = Solve.apply(lower.mT, phi)
        grad_a = Solve.apply(lower.mT, z.mT).mT
        return 0.5 * (grad_a + grad_a.mT)


class OldCholesky(Cholesky):
    """The deprecated `minigrad.cholesky`: the same op, PyTorch's older node."""

    backward_name = "CholeskyBackward0"


def pinv_tolerance(s_max, shape, atol, rtol, dtype):
    """PyTorch's cut-off for 'zero' singular values: max(atol, rtol · σ_max),
    rtol being eps · max(m, n) when neither is given (0 when only atol is)."""
    atol = 0.0 if atol is None else _as_array(atol)
    if rtol is None:
        rtol = 0.0 if np.any(atol > 0) else np.finfo(dtype).eps * max(shape[-2:])
    return np.maximum(atol, _as_array(rtol) * s_max)


def _as_array(value):
    return value._data if isinstance(value, Tensor) else np.asarray(value)


class Pinv(Function):
    """The Moore-Penrose pseudo-inverse A⁺: the inverse of A's nonzero
    singular values (those above the tolerance), the others left at 0."""

    backward_name = "LinalgPinvBackward0"
    formula = (
        "PyTorch's pinv_backward: -A⁺ᵀ grad A⁺ᵀ plus the projections off A's range"
    )

    @staticmethod
    def forward(ctx, a, atol=None, rtol=None, hermitian=False):
        x = float_matrices(a, "linalg.pinv")
        if hermitian:
            values, vectors = np.linalg.eigh(x)
            size = np.abs(values)
            cut = pinv_tolerance(
                size.max(-1, initial=0.0), x.shape, atol, rtol, x.dtype
            )
            keep = size > cut[..., None]
            inv = np.where(keep, 1.0 / np.where(keep, values, 1.0), 0.0)
            result = (vectors * inv[..., None, :]) @ np.swapaxes(vectors, -1, -2)
        else:
            u, s, vh = np.linalg.svd(x, full_matrices=False)
            cut = pinv_tolerance(s.max(-1, initial=0.0), x.shape, atol, rtol, x.dtype)
            keep = s > cut[..., None]
            inv = np.where(keep, 1.0 / np.where(keep, s, 1.0), 0.0)
            result = (np.swapaxes(vh, -1, -2) * inv[..., None, :]) @ np.swapaxes(
                u, -1, -2
            )
        result = result.astype(x.dtype)
        ctx.save_for_backward(a, result)
        return result

    @staticmethod
    def backward(ctx, grad):
        a, pinv_a = ctx.saved_tensors
        return pinv_backward(grad, pinv_a, a)


def pinv_backward(grad, pinv_a, a):
    """PyTorch's gradient of A⁺, in the order that keeps matrices small."""
    m, n = a.shape[-2], a.shape[-1]
    pinv_ah, grad_h = pinv_a.mT, grad.mT
    if m <= n:
        k = grad_h @ pinv_a
        k_pinv_ah = k @ pinv_ah
        return (
            -(pinv_a @ k).mT
            + k_pinv_ah
            - (a @ pinv_a) @ k_pinv_ah
            + (pinv_ah @ pinv_a) @ (grad_h - k @ a)
        )
    k = pinv_a @ grad_h
    pinv_ah_k = pinv_ah @ k
    return (
        -(k @ pinv_a).mT
        + (grad_h - a @ k) @ pinv_a @ pinv_ah
        + pinv_ah_k
        - pinv_ah_k @ pinv_a @ a
    )


class Lstsq(Function):
    """The least-squares solution X of A X ≈ B (the X of smallest norm when
    A is rank-deficient): A⁺ B. The gradient goes through A⁺, as PyTorch's."""

    backward_name = "LinalgLstsqBackward0"
    formula = "grad_B = A⁺ᵀ grad,  grad_A = pinv_backward(grad Bᵀ, A⁺, A)"

    @staticmethod
    def forward(ctx, a, b, rcond=None, vector=False):
        # (linalg.lstsq has broadcast A's and B's batch dims already; with
        # vector=True, B is a (batch of) vector(s), one column)
        x, y = a._data, b._data
        y = y[..., None] if vector else y
        matrices_a = x.reshape(-1, *x.shape[-2:])
        matrices_b = y.reshape(-1, *y.shape[-2:])
        solutions = [
            np.linalg.lstsq(m_a, m_b, rcond=rcond)[0]
            for m_a, m_b in zip(matrices_a, matrices_b)
        ]
        result = np.stack(solutions).reshape(x.shape[:-2] + (x.shape[-1], y.shape[-1]))
        ctx.vector = vector
        ctx.save_for_backward(a, b)
        return result[..., 0].astype(x.dtype) if vector else result.astype(x.dtype)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        if ctx.vector:
            b, grad = b.unsqueeze(-1), grad.unsqueeze(-1)
        need_a, need_b = ctx.needs_input_grad
        pinv_a = Pinv.apply(a)
        grad_a = pinv_backward(grad @ b.mT, pinv_a, a) if need_a else None
        grad_b = pinv_a.mT @ grad if need_b else None
        if need_b and ctx.vector:
            grad_b = grad_b.squeeze(-1)
        return grad_a, grad_b
