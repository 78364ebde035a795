"""Matrix multiplication, `a @ b`, with numpy's rules for 1-D and batched operands."""

import numpy as np

from .._check import number_arg
from .._dtype import scalar_type_name
from ..autograd.function import Function, Node, record, sum_to_shape
from ..tensor import Tensor
from ._util import promote


def _shape_text(shape):
    return "x".join(str(n) for n in shape)


def matmul(a, b):
    """a @ b (`Tensor.__matmul__`). Two matrices of one dtype take the short
    way (MmBackward0); every other case goes through `MatMul`."""
    x, y = a._data, b._data
    if x.ndim == 2 and y.ndim == 2 and x.dtype == y.dtype and x.shape[1] == y.shape[0]:
        saved = (a if b._requires_grad else None, b if a._requires_grad else None)
        return record(MmBackward0, _mm(x, y), (a, b), saved=saved)
    return MatMul.apply(a, b)


class MmBackward0(Node):
    formula = "d(A@B)/dA = grad @ Bᵀ,  d(A@B)/dB = Aᵀ @ grad"
    broadcasts = False  # (nothing to fit: matrices of one dtype)

    def backward(self, grad):
        a, b = self.saved(isinstance(grad, Tensor))
        (need_a, _), (need_b, _) = self.next_functions  # (None: no gradient)
        grad = _in_memory(grad)
        return (
            _mm(grad, _t(b)) if need_a else None,
            _mm(_t(a), grad) if need_b else None,
        )


def _mm(x, y):
    """x @ y for two matrices: numpy arrays, or tensors (under create_graph).

    Arrays multiply with `x.dot(y)`: for matrices the same product as `@`
    (both hand it to BLAS; the results are equal to the bit), with less of
    numpy's dispatch around it: 1.2 µs against 1.8 at the sizes of a lesson's
    MLP, whose training step multiplies eight pairs of matrices.
    """
    if type(x) is np.ndarray and type(y) is np.ndarray:
        return x.dot(y)
    return x @ y


def _t(x):
    """A matrix transposed: `x.t()` of a tensor, `x.T` of an array."""
    return x.t() if isinstance(x, Tensor) else x.T


def _in_memory(grad):
    """A gradient array that broadcasting stretched (zero strides: what the
    backward of a sum sends) copied into memory of its own: numpy's matmul
    cannot hand a stretched array to BLAS and runs about 7x slower on it."""
    if type(grad) is np.ndarray and 0 in grad.strides:
        return np.ascontiguousarray(grad)
    return grad


def addmm(bias, a, b, beta=1, alpha=1):
    """bias + a @ b for matrices a and b: one node, AddmmBackward0.

    This is what PyTorch records for `nn.Linear` on a batch: `F.linear(x, W,
    b)` with a 2-D `x` is `addmm(b, x, W.t())`. The bias broadcasts over the
    rows; its gradient is summed back to its shape where all gradients are.
    With `beta` and `alpha` (numbers): beta * bias + alpha * (a @ b), and
    beta=0 ignores the bias's values (a nan there does not spread), as PyTorch.
    """
    x, y = a._data, b._data
    if x.ndim != 2 or y.ndim != 2:
        raise RuntimeError(
            f"addmm: mat1 and mat2 must be matrices, but they are {x.ndim}D and "
            f"{y.ndim}D"
        )
    if not x.dtype == y.dtype == bias._data.dtype:
        raise RuntimeError(
            f"addmm: expected input, mat1 and mat2 to have the same dtype, but "
            f"got {bias._data.dtype}, {x.dtype} and {y.dtype}. Hint: convert "
            "them with .float() or .double()."
        )
    if x.shape[1] != y.shape[0]:
        raise RuntimeError(
            f"mat1 and mat2 shapes cannot be multiplied "
            f"({_shape_text(x.shape)} and {_shape_text(y.shape)})"
        )
    result = _mm(x, y)
    saved = (a if b._requires_grad else None, b if a._requires_grad else None)
    if beta == 1 and alpha == 1:  # (the usual case, nn.Linear's: no scaling)
        try:
            result += bias._data
        except ValueError:
            raise _bias_error(bias._data.shape, result.shape) from None
        # (backward sums the bias's gradient back to `bias_shape`)
        return record(
            AddmmBackward0, result, (bias, a, b), saved, bias_shape=bias._data.shape
        )
    beta, alpha = _scale_arg(beta, "beta", x.dtype), _scale_arg(alpha, "alpha", x.dtype)
    try:
        np.broadcast_to(bias._data, result.shape)  # (a check: shapes only)
    except ValueError:
        raise _bias_error(bias._data.shape, result.shape) from None
    result = result * alpha
    if beta != 0:  # (beta=0: the bias is not read at all)
        result = result + bias._data * beta
    return record(
        AddmmBackward0,
        result,
        (bias, a, b),
        saved,
        bias_shape=bias._data.shape,
        beta=beta,
        alpha=alpha,
    )


def _scale_arg(value, name, dtype, function="addmm"):
    """addmm's `beta` or `alpha` as a number of the matrices' kind: a complex
    is refused, and integer matrices take it as an integer (2.5 -> 2), as
    PyTorch does. (`function`: the caller's name for messages, as `addmv`.)"""
    value = number_arg(value, function, name)
    if isinstance(value, complex):
        raise RuntimeError(
            f"{function}(): {name}={value} is complex; minigrad's tensors are real, "
            f"so {name} must be a real number"
        )
    return int(value) if dtype.kind in "biu" else value


def _bias_error(bias_shape, shape):
    return RuntimeError(
        f"addmm: the input of shape {list(bias_shape)} does not broadcast to "
        f"the product's shape {list(shape)}"
    )


class AddmmBackward0(Node):
    formula = "d/dbias = grad (summed over rows),  d/da = grad @ bᵀ,  d/db = aᵀ @ grad"
    # Only the bias can broadcast (the matrices' gradients have their shapes,
    # and addmm takes one dtype): its gradient is summed back here, so that
    # `record` notes no fit and the engine fits nothing.
    broadcasts = False
    beta = alpha = 1  # (addmm's scales: 1 unless given)

    def backward(self, grad):
        a, b = self.saved(isinstance(grad, Tensor))
        (need_bias, _), (need_a, _), (need_b, _) = self.next_functions
        grad = _in_memory(grad)
        grad_bias = grad_a = grad_b = None
        if need_bias is not None:
            grad_bias = grad if self.beta == 1 else grad * self.beta
            if grad.shape != self.bias_shape:  # (broadcast: sum it back)
                grad_bias = sum_to_shape(grad_bias, self.bias_shape, self, 0)
        if need_a is not None:
            grad_a = _mm(grad, _t(b))
            grad_a = grad_a if self.alpha == 1 else grad_a * self.alpha
        if need_b is not None:
            grad_b = _mm(_t(a), grad)
            grad_b = grad_b if self.alpha == 1 else grad_b * self.alpha
        return grad_bias, grad_a, grad_b


class MatMul(Function):
    """a @ b.

    2-D @ 2-D is recorded as MmBackward0, 1-D @ 1-D as DotBackward0 and
    2-D @ 1-D as MvBackward0, as PyTorch names them.
    """

    formula = "d(A@B)/dA = grad @ Bᵀ,  d(A@B)/dB = Aᵀ @ grad"

    @classmethod
    def node_name(cls, a, b, node=None):
        if node is not None:
            return node  # (bmm: BmmBackward0)
        dims = (a.dim(), b.dim())
        return {
            (2, 2): "MmBackward0",
            (1, 1): "DotBackward0",
            (2, 1): "MvBackward0",
        }.get(dims, "MatmulBackward0")

    @staticmethod
    def forward(ctx, a, b, node=None):
        x, y = a._data, b._data
        if x.ndim == 0 or y.ndim == 0:
            raise RuntimeError(
                "both arguments to matmul need to be at least 1D, but they are "
                f"{x.ndim}D and {y.ndim}D"
            )
        if x.dtype != y.dtype:
            raise RuntimeError(
                f"expected m1 and m2 to have the same dtype, but got: {x.dtype} != "
                f"{y.dtype}. Hint: convert one with .double() or .float()."
            )
        inner_a = x.shape[-1]
        inner_b = y.shape[0] if y.ndim == 1 else y.shape[-2]
        if inner_a != inner_b:
            if x.ndim == 2 and y.ndim == 2:
                raise RuntimeError(
                    f"mat1 and mat2 shapes cannot be multiplied "
                    f"({_shape_text(x.shape)} and {_shape_text(y.shape)})"
                )
            raise RuntimeError(
                f"matmul: the last dimension of a ({inner_a}, shape {list(x.shape)}) "
                f"must match the {'only' if y.ndim == 1 else 'second-to-last'} "
                f"dimension of b ({inner_b}, shape {list(y.shape)})"
            )
        try:
            result = np.matmul(x, y)
        except ValueError:
            raise RuntimeError(
                f"matmul: batch dimensions of shapes {list(x.shape)} and "
                f"{list(y.shape)} don't broadcast"
            ) from None
        ctx.ndims = (x.ndim, y.ndim)
        ctx.save_for_backward(
            a if ctx.needs_input_grad[1] else None,
            b if ctx.needs_input_grad[0] else None,
        )
        return promote(result, a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        if ctx.ndims == (1, 1):
            return (grad * b if need_a else None), (grad * a if need_b else None)
        # Treat 1-D operands as matrices (a row, b a column), as matmul does.
        g = grad
        if ctx.ndims[0] == 1:
            g = g.unsqueeze(-2)
        if ctx.ndims[1] == 1:
            g = g.unsqueeze(-1)
        grad_a = grad_b = None
        if need_a:
            b2 = b.unsqueeze(-1) if b.dim() == 1 else b
            grad_a = g @ b2.transpose(-1, -2)
            if ctx.ndims[0] == 1:
                grad_a = grad_a.squeeze(-2)
        if need_b:
            a2 = a.unsqueeze(0) if a.dim() == 1 else a
            grad_b = a2.transpose(-1, -2) @ g
            if ctx.ndims[1] == 1:
                grad_b = grad_b.squeeze(-1)
        return grad_a, grad_b


# ----- mm, bmm, mv: matmul with the ranks fixed -------------------------------------
# `@` accepts every rank; these name the ranks they want, so a vector where a
# matrix belongs is an error (PyTorch's), not a silently different product.


def _check_dims(x, ndim, name, function):
    if not isinstance(x, Tensor):
        raise TypeError(
            f"{function}(): argument '{name}' must be Tensor, not {type(x).__name__}"
        )
    if x.dim() != ndim:
        what = "a matrix" if ndim == 2 else "a 3D tensor"
        raise RuntimeError(
            f"{name} must be {what} (got a {x.dim()}-D tensor of shape "
            f"{list(x.shape)}; for other ranks use `@` or matmul)"
        )


def mm(a, b):
    """The product of two matrices, a @ b (`Tensor.mm`): MmBackward0.

    Example:
        >>> minigrad.ones(2, 3).mm(minigrad.ones(3, 4)).shape
        minigrad.Size([2, 4])
    """
    _check_dims(a, 2, "self", "mm")
    _check_dims(b, 2, "mat2", "mm")
    return matmul(a, b)


def bmm(a, b):
    """Batched matrix product of (b, n, m) and (b, m, p) tensors (`Tensor.bmm`):
    one matrix product per batch entry, no broadcasting. BmmBackward0.

    Example:
        >>> minigrad.ones(5, 2, 3).bmm(minigrad.ones(5, 3, 4)).shape
        minigrad.Size([5, 2, 4])
    """
    _check_dims(a, 3, "batch1", "bmm")
    _check_dims(b, 3, "batch2", "bmm")
    expected = [a.shape[0], a.shape[2]]
    if list(b.shape[:2]) != expected:
        raise RuntimeError(
            f"Expected size for first two dimensions of batch2 tensor to be: "
            f"{expected} but got: {list(b.shape[:2])}."
        )
    return MatMul.apply(a, b, node="BmmBackward0")


def mv(a, b):
    """The product of a matrix and a vector, a @ v (`Tensor.mv`): MvBackward0.

    Example:
        >>> minigrad.ones(2, 3).mv(minigrad.ones(3))
        tensor([3., 3.])
    """
    if not isinstance(b, Tensor):
        raise TypeError(f"mv(): argument 'vec' must be Tensor, not {type(b).__name__}")
    if a.dim() != 2 or b.dim() != 1:
        raise RuntimeError(
            f"vector + matrix @ vector expected, got 1, {a.dim()}, {b.dim()} "
            "(mv takes a matrix and a vector; for other ranks use `@`)"
        )
    if a.shape[1] != b.shape[0]:
        raise RuntimeError(
            f"size mismatch, got input ({a.shape[0]}), mat "
            f"({a.shape[0]}x{a.shape[1]}), vec ({b.shape[0]})"
        )
    return MatMul.apply(a, b)


# ----- dot: the inner product of two vectors ----------------------------------------


def dot(a, b):
    """The inner product of two 1-D tensors of one dtype, sum(a * b) (`Tensor.dot`)."""
    if not isinstance(b, Tensor):
        raise TypeError(
            f"dot(): argument 'tensor' must be Tensor, not {type(b).__name__}"
        )
    x, y = a._data, b._data
    if x.ndim != 1 or y.ndim != 1:
        raise RuntimeError(
            f"1D tensors expected, but got {x.ndim}D and {y.ndim}D tensors "
            "(for matrices use `@` or mm)"
        )
    if x.shape[0] != y.shape[0]:
        raise RuntimeError(
            f"inconsistent tensor size, expected tensor [{x.shape[0]}] and src "
            f"[{y.shape[0]}] to have the same number of elements, but got "
            f"{x.shape[0]} and {y.shape[0]} elements respectively"
        )
    if x.dtype != y.dtype:
        raise RuntimeError(
            "dot : expected both vectors to have same dtype, but found "
            f"{scalar_type_name(x.dtype)} and "
            f"{scalar_type_name(y.dtype)} (convert one with .to())"
        )
    saved = (a if b._requires_grad else None, b if a._requires_grad else None)
    return record(DotBackward0, np.dot(x, y), (a, b), saved=saved)


class DotBackward0(Node):
    formula = "d(a·b)/da = b,  d(a·b)/db = a"
    broadcasts = False  # (nothing to fit: vectors of one dtype)

    def backward(self, grad):
        a, b = self.saved(isinstance(grad, Tensor))
        need_a, need_b = [child is not None for child, _ in self.next_functions]
        return (grad * b if need_a else None), (grad * a if need_b else None)


# ----- outer: every product of two vectors' elements ------------------------------


def outer(a, b):
    """The outer product of two 1-D tensors: out[i, j] = a[i] * b[j] (`Tensor.outer`).

    Written as PyTorch writes it, `a.reshape(-1, 1) * b`, so its graph is a
    MulBackward0 of a ViewBackward0, as in PyTorch.

    Example:
        >>> minigrad.outer(minigrad.tensor([1.0, 2.0]), minigrad.tensor([1.0, 10.0]))
        tensor([[ 1., 10.],
                [ 2., 20.]])
    """
    for name, x in (("self", a), ("vec2", b)):
        if not isinstance(x, Tensor):
            raise TypeError(
                f"outer(): argument '{name}' must be Tensor, not {type(x).__name__}"
            )
        if x.dim() != 1:
            raise RuntimeError(
                f"outer: Expected 1-D argument {name}, but got {x.dim()}-D "
                "(flatten it first, or use `@` for matrices)"
            )
    return a.reshape(-1, 1) * b
