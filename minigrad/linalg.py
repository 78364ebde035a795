"""`minigrad.linalg`: PyTorch's `torch.linalg` functions that students meet first.

Norms (`vector_norm`, `matrix_norm`, `norm`) are composed of ops that exist
(`Tensor.norm`'s `LinalgVectorNormBackward0`, `amax`, `amin`), as PyTorch
composes them, so their graphs and gradients are PyTorch's. The square-matrix
functions (`inv`, `det`, `slogdet`, `solve`) and the decompositions (`eigh`,
`svd`, `qr`, `cholesky`, with `pinv` and `lstsq`) are ops of their own, in
`minigrad/ops/matrix.py` (not `ops/linalg.py`, which holds matmul);
`matrix_power`, `multi_dot` and the singular-value norms are composed of them.

    A = minigrad.tensor([[2.0, 1.0], [1.0, 3.0]], requires_grad=True)
    minigrad.linalg.det(A)       # tensor(5., grad_fn=<LinalgDetBackward0>)
"""

import math
import numbers
import warnings
from collections import namedtuple

import numpy as np

from ._dtype import scalar_type_name
from .ops import matrix as _matrix
from .ops import reduce
from .ops._util import normalize_dims
from .ops.matrix import Det, Inv, LinAlgError, Slogdet, solve  # noqa: F401
from .tensor import Tensor

__all__ = [
    "LinAlgError",
    "cholesky",
    "cross",
    "det",
    "eigh",
    "eigvalsh",
    "inv",
    "lstsq",
    "matrix_norm",
    "matrix_power",
    "matrix_rank",
    "multi_dot",
    "norm",
    "pinv",
    "qr",
    "slogdet",
    "solve",
    "svd",
    "svdvals",
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
            row sum), -inf (the smallest), 'nuc' (the sum of the singular
            values), 2 (the largest singular value), -2 (the smallest).
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
        return _singular_value_norm(A, ord, rows, cols, keepdim)
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


def _singular_value_norm(A, ord, rows, cols, keepdim):
    """'nuc', 2 or -2: the sum, largest or smallest singular value of each
    matrix, the matrices' dims moved last first (as PyTorch does)."""
    values = svdvals(A.movedim((rows, cols), (-2, -1)))
    if ord == "nuc":
        result = values.sum(-1)
    elif ord == 2:
        result = values.amax(-1)
    else:
        result = values.amin(-1)
    if keepdim:
        for dim in sorted((rows, cols)):
            result = result.unsqueeze(dim)
    return result


# ----- decompositions and what is built on them -------------------------------


def _result_type(name, fields, doc):
    """A named tuple that prints as PyTorch's `torch.return_types.<name>`."""
    base = namedtuple(name, fields)

    def __repr__(self):  # noqa: N807
        items = ",\n".join(f"{f}={getattr(self, f)!r}" for f in fields)
        return f"minigrad.return_types.{name}(\n{items})"

    return type(
        name,
        (base,),
        {"__slots__": (), "__doc__": doc, "__repr__": __repr__, "__str__": __repr__},
    )


linalg_eigh = _result_type(
    "linalg_eigh",
    ["eigenvalues", "eigenvectors"],
    "What `linalg.eigh` returns: (eigenvalues, eigenvectors).",
)
linalg_svd = _result_type(
    "linalg_svd", ["U", "S", "Vh"], "What `linalg.svd` returns: (U, S, Vh)."
)
linalg_qr = _result_type("linalg_qr", ["Q", "R"], "What `linalg.qr` returns: (Q, R).")
linalg_lstsq = _result_type(
    "linalg_lstsq",
    ["solution", "residuals", "rank", "singular_values"],
    "What `linalg.lstsq` returns: (solution, residuals, rank, singular_values).",
)
svd_result = _result_type(
    "svd", ["U", "S", "V"], "What the older `minigrad.svd` returns: (U, S, V)."
)


def eigh(A, UPLO="L"):  # noqa: N803 (PyTorch's name)
    """The eigenvalues (ascending) and eigenvectors (the columns) of a
    symmetric matrix, or of each matrix of a batch: A = V diag(L) Vᵀ.

    Only the lower triangle of A is read (UPLO='U': the upper one). An
    eigenvector's sign is not unique: use what does not depend on it
    (eigenvalues, V diag(L) Vᵀ, |V|). Node LinalgEighBackward0; the gradient
    divides by the gaps between eigenvalues, so it is inf or nan for
    repeated eigenvalues (as in PyTorch) unless only the eigenvalues are used.

    Returns:
        A named pair (eigenvalues, eigenvectors).

    Example:
        >>> minigrad.linalg.eigh(minigrad.tensor([[2.0, 1.0], [1.0, 2.0]])).eigenvalues
        tensor([1., 3.])
    """
    return linalg_eigh(*_matrix.Eigh.apply(A, UPLO=UPLO))


def eigvalsh(A, UPLO="L"):  # noqa: N803 (PyTorch's name)
    """The eigenvalues of a symmetric matrix (ascending), as `eigh(A).eigenvalues`.

    Example:
        >>> minigrad.linalg.eigvalsh(minigrad.tensor([[2.0, 1.0], [1.0, 2.0]]))
        tensor([1., 3.])
    """
    return eigh(A, UPLO).eigenvalues


def svd(A, full_matrices=True, *, driver=None):
    """The singular value decomposition A = U diag(S) Vh of a matrix (m x n)
    or of each matrix of a batch, S descending.

    With full_matrices=True (the default) U is m x m and Vh n x n; with
    False, m x k and k x n (k = min(m, n)), which is what one usually wants.
    Singular vectors are unique only up to sign: use what does not depend on
    it (S, U diag(S) Vh). Node LinalgSvdBackward0. `driver` (cuSOLVER's) must
    be None on the CPU.

    Example:
        >>> minigrad.linalg.svd(minigrad.tensor([[3.0, 0.0], [0.0, -2.0]])).S
        tensor([3., 2.])
    """
    _cpu_driver(driver, "linalg.svd")
    return linalg_svd(*_matrix.Svd.apply(A, full_matrices=full_matrices))


def _cpu_driver(driver, function):
    if driver is not None:
        raise RuntimeError(
            f"{function}: keyword argument `driver=` is only supported on CUDA "
            "inputs with cuSOLVER backend (leave it out on the CPU)."
        )


def svdvals(A, *, driver=None):
    """The singular values of a matrix (or of each matrix of a batch),
    descending. Node LinalgSvdBackward0 (the gradient is U diag(grad) Vh).

    Example:
        >>> minigrad.linalg.svdvals(minigrad.tensor([[3.0, 0.0], [0.0, -2.0]]))
        tensor([3., 2.])
    """
    _cpu_driver(driver, "linalg.svdvals")
    return _matrix.Svd.apply(A, full_matrices=False)[1]


def qr(A, mode="reduced"):
    """The QR decomposition A = Q R of a matrix (m x n) or of each matrix of
    a batch: Q has orthonormal columns, R is upper triangular.

    mode='reduced' (default): Q m x k, R k x n (k = min(m, n)); 'complete':
    Q m x m, R m x n; 'r': only R (Q is an empty tensor, and there is no
    gradient). Node LinalgQrBackward0.

    Returns:
        A named pair (Q, R).

    Example:
        >>> minigrad.linalg.qr(minigrad.tensor([[3.0, 0.0], [4.0, 5.0]])).R.abs()
        tensor([[5., 4.],
                [0., 3.]])
    """
    return linalg_qr(*_matrix.Qr.apply(A, mode=mode))


def cholesky(A, *, upper=False):
    """The Cholesky factor L (lower triangular, A = L Lᵀ) of a symmetric
    positive-definite matrix, or of each matrix of a batch; upper=True gives
    U = Lᵀ (A = Uᵀ U). Only the lower triangle of A is read.

    A matrix that is not positive-definite raises `LinAlgError`, naming the
    first leading minor that is not. Node LinalgCholeskyExBackward0.

    Example:
        >>> minigrad.linalg.cholesky(minigrad.tensor([[4.0, 2.0], [2.0, 2.0]]))
        tensor([[2., 0.],
                [1., 1.]])
    """
    return _matrix.Cholesky.apply(A, upper=upper)


def pinv(A, *, atol=None, rtol=None, hermitian=False):
    """The Moore-Penrose pseudo-inverse of a matrix (m x n gives n x m), or of
    each matrix of a batch: singular values at or below max(atol, rtol · the
    largest) count as zero. Without either, rtol is eps · max(m, n); with
    only atol > 0, rtol is 0. hermitian=True (for a symmetric A) uses its
    eigenvalues and reads only the lower triangle. Node LinalgPinvBackward0.

    Example:
        >>> minigrad.linalg.pinv(minigrad.tensor([[1.0, 2.0], [2.0, 4.0]]))
        tensor([[0.0400, 0.0800],
                [0.0800, 0.1600]])
    """
    return _matrix.Pinv.apply(A, atol=atol, rtol=rtol, hermitian=hermitian)


def matrix_rank(A, *, atol=None, rtol=None, hermitian=False):
    """How many singular values of A (of each matrix of a batch) are above
    max(atol, rtol · the largest), with `pinv`'s defaults: an int64 tensor,
    with no gradient.

    Example:
        >>> minigrad.linalg.matrix_rank(minigrad.tensor([[1.0, 2.0], [2.0, 4.0]]))
        tensor(1)
    """
    x = _matrix.float_matrices(A, "linalg.matrix_rank")
    if hermitian:
        values = np.abs(np.linalg.eigvalsh(x))
    else:
        values = np.linalg.svd(x, compute_uv=False)
    cut = _matrix.pinv_tolerance(
        values.max(-1, initial=0.0), x.shape, atol, rtol, x.dtype
    )
    return Tensor._make(np.asarray((values > cut[..., None]).sum(-1), dtype=np.int64))


_LSTSQ_DRIVERS = ("gels", "gelsy", "gelsd", "gelss")


def lstsq(A, B, rcond=None, *, driver=None):
    """The least-squares solution X of A X ≈ B: the X that makes
    ||A X - B|| smallest (of those, the one of smallest norm). A is (*, m, n),
    B (*, m, k) or a vector (m,); batch dims broadcast.

    Returns:
        A named tuple (solution, residuals, rank, singular_values), filled as
        PyTorch fills them on the CPU: `rank` for every driver but 'gels';
        `singular_values` for 'gelsd' and 'gelss'; `residuals` (the squared
        error of each column) for those two when m > n and A has full rank;
        the others are empty. Node LinalgLstsqBackward0 (through A's
        pseudo-inverse).

    Example:
        >>> A = minigrad.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
        >>> minigrad.linalg.lstsq(A, minigrad.tensor([[1.0], [1.0], [3.0]])).solution
        tensor([[1.3333],
                [1.3333]])
    """
    x = _matrix.float_matrices(A, "linalg.lstsq")
    if not isinstance(B, Tensor):
        raise TypeError(
            "linalg_lstsq(): argument 'B' (position 2) must be Tensor, not "
            f"{type(B).__name__}"
        )
    if driver is None:
        driver = "gelsy"
    if driver not in _LSTSQ_DRIVERS:
        raise RuntimeError(
            f"torch.linalg.lstsq: parameter `driver` should be one of "
            f"(gels, gelsy, gelsd, gelss), but got {driver}"
        )
    if B._data.dtype != x.dtype:
        raise RuntimeError(
            "torch.linalg.lstsq: Expected input and other to have the same dtype, "
            f"but got input's dtype {scalar_type_name(x.dtype)} and other's dtype "
            f"{scalar_type_name(B._data.dtype)} (convert one with .to())"
        )
    if not (A.dim() - 1 <= B.dim() <= A.dim()):
        raise RuntimeError(
            "torch.linalg.lstsq: input.dim() must be greater or equal to "
            "other.dim() and (input.dim() - other.dim()) <= 1"
        )
    vector = B.dim() == A.dim() - 1
    b = B.unsqueeze(-1) if vector else B
    if b.dim() < 2 or b.shape[-2] != A.shape[-2]:
        raise RuntimeError(
            "torch.linalg.lstsq: input.size(-2) should match other.size(-2)"
        )
    batch = tuple(np.broadcast_shapes(A.shape[:-2], b.shape[:-2]))
    a_full = A.expand(*batch, *A.shape[-2:])
    b_full = b.expand(*batch, *b.shape[-2:])
    # (a vector B goes in as it is, so the solution's node is Lstsq's own)
    solution = _matrix.Lstsq.apply(
        a_full,
        b_full.squeeze(-1) if vector else b_full,
        rcond=rcond,
        vector=vector,
    )
    m, n = x.shape[-2:]
    empty = Tensor._make(np.zeros((0,), dtype=x.dtype))
    rank = empty.long() if driver == "gels" else matrix_rank(a_full.detach())
    singular_values = empty
    residuals = empty
    if driver in ("gelsd", "gelss"):
        singular_values = svdvals(a_full.detach())
        if m > n and bool((rank == n).all()):
            column = solution.unsqueeze(-1) if vector else solution
            residuals = ((a_full @ column - b_full) ** 2).sum(-2)  # (a vector: (1,))
    return linalg_lstsq(solution, residuals, rank, singular_values)


def matrix_power(A, n):
    """A multiplied by itself n times (A a square matrix or a batch of them):
    n = 0 gives the identity, n < 0 the inverse's power (a singular A raises
    `LinAlgError`). Composed of matmuls (MmBackward0), by repeated squaring.

    Example:
        >>> minigrad.linalg.matrix_power(minigrad.tensor([[1.0, 1.0], [0.0, 1.0]]), 3)
        tensor([[1., 3.],
                [0., 1.]])
    """
    _matrix.square_matrices(A, "linalg.matrix_power")
    if isinstance(n, bool) or not isinstance(n, numbers.Integral):
        raise TypeError(
            f"linalg_matrix_power(): argument 'n' (position 2) must be int, not "
            f"{type(n).__name__}"
        )
    if n == 0:  # the identity, which still depends on A (with a zero gradient)
        identity = Tensor._make(np.eye(A.shape[-1], dtype=A._data.dtype))
        return identity + A * 0
    if n == 1:
        return A.clone()
    if n < 0:
        A, n = inv(A), -n
    result, power = None, A
    while n:  # repeated squaring: A^13 = A^8 A^4 A
        if n & 1:
            result = power if result is None else result @ power
        n >>= 1
        if n:
            power = power @ power
    return result


def multi_dot(tensors):
    """The product of several matrices, A @ B @ C @ ...: the first may be a
    vector (a row), the last a vector (a column); the others must be 2-D.

    Example:
        >>> v = minigrad.ones(2)
        >>> minigrad.linalg.multi_dot([v, minigrad.eye(2), v])
        tensor(2.)
    """
    tensors = list(tensors)
    if len(tensors) < 2:
        raise RuntimeError(
            f"multi_dot(): expected at least 2 tensors but got {len(tensors)}"
        )
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(
                "linalg_multi_dot(): argument 'tensors' (position 1) must be tuple "
                f"of Tensors, not {type(t).__name__}"
            )
        allowed = (1, 2) if i in (0, len(tensors) - 1) else (2,)
        if t.dim() not in allowed:
            which = {0: "first", len(tensors) - 1: "last"}.get(i)
            expected = (
                f"the {which} tensor must be 1D or 2D"
                if which
                else (f"tensor {i} must be 2D")
            )
            raise RuntimeError(f"multi_dot(): {expected} but got {t.dim()}D")
    first_vector, last_vector = tensors[0].dim() == 1, tensors[-1].dim() == 1
    matrices = [
        t.unsqueeze(0) if first_vector and i == 0 else t for i, t in enumerate(tensors)
    ]
    if last_vector:
        matrices[-1] = matrices[-1].unsqueeze(-1)
    for i in range(len(matrices) - 1):
        if matrices[i].shape[-1] != matrices[i + 1].shape[-2]:
            raise RuntimeError(
                f"multi_dot(): tensors {i} and {i + 1} with shapes "
                f"{list(tensors[i].shape)} and {list(tensors[i + 1].shape)} cannot "
                "be multiplied"
            )
    result = matrices[0]
    for m in matrices[1:]:
        result = result @ m
    # (a view to the final shape, as PyTorch: its graph ends in ViewBackward0)
    shape = result.shape[1 if first_vector else 0 : -1 if last_vector else None]
    return result.view(shape)


def cross(input, other, *, dim=-1):
    """The cross product of 3-vectors along `dim` (default the last), the
    other dims broadcast. Node LinalgCrossBackward0.

    Example:
        >>> x, y = minigrad.tensor([1.0, 0.0, 0.0]), minigrad.tensor([0.0, 1.0, 0.0])
        >>> minigrad.linalg.cross(x, y)
        tensor([0., 0., 1.])
    """
    if isinstance(input, Tensor) and isinstance(other, Tensor):
        sizes = (input.shape[dim], other.shape[dim])
        if sizes != (3, 3):
            raise RuntimeError(
                f"linalg.cross: inputs dimension {dim} must have length 3. Got "
                f"{sizes[0]} and {sizes[1]}"
            )
    return input.cross(other, dim)


# ----- PyTorch's older top-level forms: minigrad.svd, minigrad.cholesky --------


def _old_svd(A, some=True, compute_uv=True):
    """`minigrad.svd`: (U, S, V), V = Vhᵀ (its node TransposeBackward0, as
    PyTorch's); some=False gives the full U and V."""
    if not compute_uv:  # PyTorch fills U and V with zeros
        S = svdvals(A)
        m, n = A.shape[-2:]
        k = min(m, n)
        u_cols, v_cols = (k, k) if some else (m, n)
        zeros = np.zeros
        U = Tensor._make(zeros(A.shape[:-2] + (m, u_cols), dtype=A._data.dtype))
        V = Tensor._make(zeros(A.shape[:-2] + (n, v_cols), dtype=A._data.dtype))
        return svd_result(U, S, V)
    U, S, Vh = _matrix.Svd.apply(A, full_matrices=not some)
    return svd_result(U, S, Vh.mT)


_CHOLESKY_DEPRECATED = (
    "torch.cholesky is deprecated in favor of torch.linalg.cholesky and will be "
    "removed in a future PyTorch release.\nL = torch.cholesky(A)\nshould be "
    "replaced with\nL = torch.linalg.cholesky(A)\nand\nU = torch.cholesky(A, "
    "upper=True)\nshould be replaced with\nU = torch.linalg.cholesky(A).mH\n"
    "This transform will produce equivalent results for all valid (symmetric "
    "positive definite) inputs."
)
_warned_cholesky = []


def _old_cholesky(A, upper=False):
    """`minigrad.cholesky`: as `linalg.cholesky`, after PyTorch's deprecation
    warning (once per process, as PyTorch's TORCH_WARN_ONCE)."""
    if not _warned_cholesky:
        _warned_cholesky.append(True)
        warnings.warn(_CHOLESKY_DEPRECATED, UserWarning, stacklevel=3)
    return _matrix.OldCholesky.apply(A, upper=upper, function="cholesky")
