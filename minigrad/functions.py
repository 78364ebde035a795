"""The `minigrad.exp(x)` style of calling each tensor method, as `torch.exp(x)`.

Each is a thin wrapper: the maths lives in `minigrad/ops`, reached through the
Tensor methods. A wrapper whose `input` must be a tensor says so with
`@_tensor_input`, so `minigrad.exp(3.0)` raises PyTorch's TypeError at the call
instead of an AttributeError from inside the wrapper.
"""

import functools
import numbers

from ._check import tensor_arg
from ._out import write_out
from .ops import linalg as _linalg
from .ops import rounding as _rounding
from .ops import shape as _shape
from .tensor import Tensor, _as_tensor


def _tensor_input(function):
    """Decorator: refuse an `input` that is no Tensor, as PyTorch does.

    Args:
        function: a wrapper whose first argument is `input`.

    Returns:
        The wrapper, checking `input` first (TypeError naming the function).

    Example:
        >>> minigrad.exp(3.0)  # doctest: +SKIP
        TypeError: exp(): argument 'input' (position 1) must be Tensor, not float
    """
    name = function.__name__

    @functools.wraps(function)
    def checked(input, *args, **kwargs):
        if not isinstance(input, Tensor):
            tensor_arg(input, name)
        return function(input, *args, **kwargs)

    return checked


def _number_or_tensor(input, other, function):
    """`input` of add/sub/mul/div: a tensor, or a number made a tensor.

    PyTorch takes `torch.add(2, x)`; a number takes the dtype of a floating
    `other` (so float64 stays float64), else PyTorch's default for it.
    Anything else (a string, a list, None) is refused with a TypeError.
    """
    if isinstance(input, Tensor):
        return input
    if isinstance(input, numbers.Real):
        floating = isinstance(other, Tensor) and other.dtype.is_floating_point
        return _as_tensor(input, other if floating else None)
    return tensor_arg(input, function)


@_tensor_input
def exp(input):
    """e ** input."""
    return input.exp()


@_tensor_input
def log(input):
    """Natural logarithm."""
    return input.log()


@_tensor_input
def sqrt(input):
    """Square root."""
    return input.sqrt()


@_tensor_input
def sin(input):
    """Sine."""
    return input.sin()


@_tensor_input
def cos(input):
    """Cosine."""
    return input.cos()


@_tensor_input
def tanh(input):
    """Hyperbolic tangent."""
    return input.tanh()


@_tensor_input
def sigmoid(input):
    """1 / (1 + e ** -input)."""
    return input.sigmoid()


@_tensor_input
def relu(input):
    """max(input, 0)."""
    return input.relu()


@_tensor_input
def abs(input):
    """|input|."""
    return input.abs()


@_tensor_input
def clamp(input, min=None, max=None):
    """input limited to [min, max]."""
    return input.clamp(min, max)


clip = clamp


@_tensor_input
def clamp_min(input, min):
    """input limited below by `min` (ClampMinBackward0)."""
    return input.clamp_min(min)


@_tensor_input
def clamp_max(input, max):
    """input limited above by `max` (ClampMaxBackward0)."""
    return input.clamp_max(max)


def pow(input, exponent):
    """input ** exponent (either may be a number).

    A number base goes through `Tensor.__rpow__`, so `pow(2, x)` records
    PowBackward2 with one edge, as PyTorch does.
    """
    return input**exponent


@_tensor_input
def matmul(input, other, *, out=None):
    """input @ other (written into `out` when given, not recorded)."""
    if out is not None:
        return write_out("matmul", lambda: input @ other, out, (input, other))
    return input @ other


@_tensor_input
def mm(input, mat2):
    """The product of two matrices (both must be 2-D; for other ranks use matmul)."""
    return _linalg.mm(input, mat2)


@_tensor_input
def addmm(input, mat1, mat2, *, beta=1, alpha=1):
    """beta * input + alpha * (mat1 @ mat2) for matrices mat1 and mat2,
    recorded as one node (AddmmBackward0).

    `input` broadcasts to the product's shape (a bias of shape `(n,)` is added
    to every row). This is what `nn.Linear` computes on a batch. With
    `beta=0` the values of `input` are ignored (a nan there does not spread).
    """
    return _linalg.addmm(input, mat1, mat2, beta, alpha)


def add(input, other, alpha=1, *, out=None):
    """input + alpha * other (written into `out` when given, not recorded)."""
    input = _number_or_tensor(input, other, "add")
    if out is not None:
        compute = lambda: input.add(other, alpha=alpha)  # noqa: E731
        return write_out("add", compute, out, (input, other))
    return input.add(other, alpha=alpha)


def sub(input, other, alpha=1, *, out=None):
    """input - alpha * other (written into `out` when given, not recorded)."""
    input = _number_or_tensor(input, other, "sub")
    if out is not None:
        compute = lambda: input.sub(other, alpha=alpha)  # noqa: E731
        return write_out("sub", compute, out, (input, other))
    return input.sub(other, alpha=alpha)


def mul(input, other, *, out=None):
    """input * other (written into `out` when given, not recorded)."""
    input = _number_or_tensor(input, other, "mul")
    if out is not None:
        return write_out("mul", lambda: input * other, out, (input, other))
    return input * other


def div(input, other, *, rounding_mode=None, out=None):
    """input / other; rounded toward zero (`rounding_mode="trunc"`) or down
    ("floor") when asked (then the gradient is zero). Written into `out` when
    given, not recorded."""
    input = _number_or_tensor(input, other, "div")
    if rounding_mode is not None:
        return _rounding.divide_rounded(input, other, rounding_mode)
    if out is not None:
        return write_out("div", lambda: input / other, out, (input, other))
    return input / other


@_tensor_input
def neg(input):
    """-input."""
    return -input


@_tensor_input
def sum(input, dim=None, keepdim=False, *, dtype=None, axis=None, keepdims=None):
    """Sum of all elements, or along `dim`."""
    return input.sum(dim, keepdim, dtype=dtype, axis=axis, keepdims=keepdims)


@_tensor_input
def mean(input, dim=None, keepdim=False, *, dtype=None, axis=None, keepdims=None):
    """Mean of all elements, or along `dim`."""
    return input.mean(dim, keepdim, dtype=dtype, axis=axis, keepdims=keepdims)


@_tensor_input
def max(input, dim=None, keepdim=False, *, axis=None, keepdims=None):
    """The largest element; with `dim`, (values, indices); with a tensor, maximum."""
    return input.max(dim, keepdim, axis=axis, keepdims=keepdims)


@_tensor_input
def min(input, dim=None, keepdim=False, *, axis=None, keepdims=None):
    """The smallest element; with `dim`, (values, indices); with a tensor, minimum."""
    return input.min(dim, keepdim, axis=axis, keepdims=keepdims)


@_tensor_input
def argmax(input, dim=None, keepdim=False, *, axis=None, keepdims=None):
    """Index of the largest element."""
    return input.argmax(dim, keepdim, axis=axis, keepdims=keepdims)


@_tensor_input
def argmin(input, dim=None, keepdim=False, *, axis=None, keepdims=None):
    """Index of the smallest element."""
    return input.argmin(dim, keepdim, axis=axis, keepdims=keepdims)


def norm(input, p="fro", dim=None, keepdim=False):
    """The p-norm of input."""
    return input.norm(p, dim, keepdim)


@_tensor_input
def var(
    input,
    dim=None,
    unbiased=None,
    keepdim=False,
    *,
    correction=None,
    axis=None,
    keepdims=None,
):
    """Variance (N - 1 in the denominator by default)."""
    return input.var(
        dim, unbiased, keepdim, correction=correction, axis=axis, keepdims=keepdims
    )


@_tensor_input
def std(
    input,
    dim=None,
    unbiased=None,
    keepdim=False,
    *,
    correction=None,
    axis=None,
    keepdims=None,
):
    """Standard deviation (N - 1 in the denominator by default)."""
    return input.std(
        dim, unbiased, keepdim, correction=correction, axis=axis, keepdims=keepdims
    )


@_tensor_input
def softmax(input, dim=None, dtype=None, *, axis=None):
    """Softmax along `dim` (of input converted to `dtype` first, if given)."""
    return input.softmax(dim, dtype, axis=axis)


@_tensor_input
def log_softmax(input, dim=None, dtype=None, *, axis=None):
    """Log-softmax along `dim` (of input converted to `dtype` first, if given)."""
    return input.log_softmax(dim, dtype, axis=axis)


@_tensor_input
def reshape(input, shape):
    """input in a new shape."""
    return input.reshape(shape)


@_tensor_input
def flatten(input, start_dim=0, end_dim=-1):
    """Merge dimensions start_dim..end_dim."""
    return input.flatten(start_dim, end_dim)


@_tensor_input
def unflatten(input, dim, sizes):
    """Split dimension `dim` into several of `sizes`: flatten's inverse."""
    return input.unflatten(dim, sizes)


@_tensor_input
def transpose(input, dim0, dim1):
    """Swap two dimensions."""
    return input.transpose(dim0, dim1)


@_tensor_input
def permute(input, dims):
    """Reorder the dimensions."""
    return input.permute(dims)


@_tensor_input
def unsqueeze(input, dim):
    """Insert a size-1 dimension."""
    return input.unsqueeze(dim)


@_tensor_input
def squeeze(input, dim=None):
    """Remove size-1 dimensions."""
    return input.squeeze(dim)


def _check_tensor_sequence(tensors, name):
    """cat/stack take a list or tuple of tensors, not one tensor (TypeError)."""
    if not isinstance(tensors, (list, tuple)):
        raise TypeError(
            f"{name}(): argument 'tensors' (position 1) must be tuple of Tensors, "
            f"not {type(tensors).__name__}; e.g. minigrad.{name}([a, b])"
        )


def cat(tensors, dim=0):
    """Join tensors along an existing dimension."""
    _check_tensor_sequence(tensors, "cat")
    return _shape.Cat.apply(*tensors, dim=dim)


concat = cat


def stack(tensors, dim=0):
    """Join tensors of equal shape along a new dimension."""
    _check_tensor_sequence(tensors, "stack")
    return _shape.Stack.apply(*tensors, dim=dim)


@_tensor_input
def gather(input, dim, index, *, sparse_grad=False):
    """The elements of `input` at `index` along `dim` (see `Tensor.gather`)."""
    return input.gather(dim, index, sparse_grad=sparse_grad)


@_tensor_input
def sort(input, dim=-1, descending=False, stable=False):
    """The elements of `input` along `dim` in order: (values, indices)."""
    return input.sort(dim, descending, stable)


@_tensor_input
def topk(input, k, dim=-1, largest=True, sorted=True):
    """The `k` largest (or smallest) elements of `input` along `dim`."""
    return input.topk(k, dim, largest, sorted)


def split(tensor, split_size_or_sections, dim=0):
    """Pieces of `tensor` along `dim` (see `Tensor.split`)."""
    return tensor.split(split_size_or_sections, dim)


@_tensor_input
def chunk(input, chunks, dim=0):
    """At most `chunks` pieces of `input` along `dim`, as equal as possible."""
    return input.chunk(chunks, dim)


@_tensor_input
def cumsum(input, dim, *, dtype=None):
    """The running sum of `input` along `dim`."""
    return input.cumsum(dim, dtype=dtype)


@_tensor_input
def round(input, decimals=0):
    """`input` rounded to `decimals` places, halves to even."""
    return input.round(decimals=decimals)


@_tensor_input
def isnan(input):
    """A bool tensor: True where `input` is NaN."""
    return input.isnan()


@_tensor_input
def isfinite(input):
    """A bool tensor: True where `input` is finite."""
    return input.isfinite()


@_tensor_input
def unbind(input, dim=0):
    """The slices of `input` along `dim`, as a tuple of views."""
    return input.unbind(dim)


def where(condition, input=None, other=None):
    """input where condition holds, else other (either may be a number).

    With the condition alone, `where(condition)` is
    `condition.nonzero(as_tuple=True)`: the indices where it holds.
    """
    if input is None and other is None:
        tensor_arg(condition, "where", "condition")
        return condition.nonzero(as_tuple=True)
    tensor_arg(condition, "where", "condition", 1)
    if input is None or other is None:
        raise TypeError(
            "where() takes a condition alone, or a condition, input and other "
            "(got only one of input and other)"
        )
    if not isinstance(input, Tensor):
        like = other if isinstance(other, Tensor) else None
        input = _as_tensor(input, like)
    return input.where(condition, other)


@_tensor_input
def maximum(input, other):
    """Elementwise larger of two tensors."""
    tensor_arg(other, "maximum", "other", 2)
    return input.maximum(other)


@_tensor_input
def minimum(input, other):
    """Elementwise smaller of two tensors."""
    tensor_arg(other, "minimum", "other", 2)
    return input.minimum(other)


@_tensor_input
def clone(input):
    """A copy (recorded)."""
    return input.clone()


@_tensor_input
def detach(input):
    """input outside the graph."""
    return input.detach()


@_tensor_input
def numel(input):
    """The number of elements."""
    return input.numel()


def is_tensor(obj):
    """True if obj is a minigrad Tensor."""
    return isinstance(obj, Tensor)


@_tensor_input
def any(input, dim=None, keepdim=False):  # noqa: A001 - PyTorch's name
    """True (a bool tensor) where any element is nonzero, along `dim` or in all."""
    return input.any(dim, keepdim)


@_tensor_input
def all(input, dim=None, keepdim=False):  # noqa: A001 - PyTorch's name
    """True (a bool tensor) where every element is nonzero, along `dim` or in all."""
    return input.all(dim, keepdim)


@_tensor_input
def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """True if all values are close (`isclose` everywhere)."""
    return input.allclose(other, rtol, atol, equal_nan)


@_tensor_input
def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """Where |input - other| <= atol + rtol * |other|, as a bool tensor."""
    return input.isclose(other, rtol, atol, equal_nan)


@_tensor_input
def equal(input, other):
    """True if same shape and values."""
    return input.equal(other)


@_tensor_input
def sign(input):
    """-1, 0 or 1 per element."""
    return input.sign()


@_tensor_input
def square(input):
    """input ** 2."""
    return input**2


# ----- PyTorch-compatibility functions (issue 12) ----------------------------------


@_tensor_input
def log10(input):
    """Logarithm to base 10."""
    return input.log10()


@_tensor_input
def log2(input):
    """Logarithm to base 2."""
    return input.log2()


@_tensor_input
def log1p(input):
    """ln(1 + input), exact for tiny values."""
    return input.log1p()


@_tensor_input
def expm1(input):
    """e ** input - 1, exact for tiny values."""
    return input.expm1()


@_tensor_input
def dot(input, tensor):
    """The inner product of two 1-D tensors: `minigrad.dot(a, b)` is `a.dot(b)`."""
    return input.dot(tensor)


def remainder(input, other):
    """input % other, with the sign of `other` (as Python's and PyTorch's %).

    Example:
        >>> minigrad.remainder(minigrad.tensor([-7, 7]), 3)
        tensor([2, 1])
    """
    return _rounding.remainder(input, other)


def floor_divide(input, other):
    """input // other: the quotient rounded down (not differentiable).

    Example:
        >>> minigrad.floor_divide(minigrad.tensor([-7, 7]), 2)
        tensor([-4,  3])
    """
    return _rounding.floor_divide(input, other)


# ----- matrix products of fixed ranks, rounding, and more ops (issue 12) ---------


@_tensor_input
def bmm(input, mat2):
    """Batched matrix product of (b, n, m) and (b, m, p) tensors: (b, n, p).

    Example:
        >>> minigrad.bmm(minigrad.ones(5, 2, 3), minigrad.ones(5, 3, 4)).shape
        minigrad.Size([5, 2, 4])
    """
    return _linalg.bmm(input, mat2)


@_tensor_input
def mv(input, vec):
    """The product of a matrix and a vector: (n, m) @ (m,) is (n,).

    Example:
        >>> minigrad.mv(minigrad.ones(2, 3), minigrad.ones(3))
        tensor([3., 3.])
    """
    return _linalg.mv(input, vec)


def outer(input, vec2):
    """The outer product of two vectors: out[i, j] = input[i] * vec2[j].

    Example:
        >>> minigrad.outer(minigrad.tensor([1.0, 2.0]), minigrad.tensor([1.0, 10.0]))
        tensor([[ 1., 10.],
                [ 2., 20.]])
    """
    return _linalg.outer(input, vec2)


@_tensor_input
def floor(input):
    """The largest whole number <= each element (gradient 0).

    Example:
        >>> minigrad.floor(minigrad.tensor([-1.5, 1.5]))
        tensor([-2.,  1.])
    """
    return input.floor()


@_tensor_input
def ceil(input):
    """The smallest whole number >= each element (gradient 0).

    Example:
        >>> minigrad.ceil(minigrad.tensor([-1.5, 1.5]))
        tensor([-1.,  2.])
    """
    return input.ceil()


@_tensor_input
def trunc(input):
    """Each element rounded toward zero (gradient 0).

    Example:
        >>> minigrad.trunc(minigrad.tensor([-1.5, 1.5]))
        tensor([-1.,  1.])
    """
    return input.trunc()


@_tensor_input
def frac(input):
    """The fractional part, input - trunc(input) (gradient 1).

    Example:
        >>> minigrad.frac(minigrad.tensor([-1.5, 1.25]))
        tensor([-0.5000,  0.2500])
    """
    return input.frac()


@_tensor_input
def logsumexp(input, dim, keepdim=False):
    """log(sum(exp(input))) along `dim`, without overflow (the largest element
    is subtracted first). Its gradient is the softmax along `dim`.

    Example:
        >>> minigrad.logsumexp(minigrad.tensor([1.0, 1.0]), dim=0)
        tensor(1.6931)
    """
    return input.logsumexp(dim, keepdim)


@_tensor_input
def narrow(input, dim, start, length):
    """The `length` elements of `input` from `start` along `dim` (a view)."""
    return input.narrow(dim, start, length)


@_tensor_input
def diagonal(input, offset=0, dim1=0, dim2=1):
    """The diagonal of `input` over dims `dim1` and `dim2` (a view)."""
    return input.diagonal(offset, dim1, dim2)


@_tensor_input
def diag(input, diagonal=0):
    """A vector on a matrix's diagonal, or a matrix's diagonal as a vector."""
    return input.diag(diagonal)


@_tensor_input
def trace(input):
    """The sum of a matrix's diagonal."""
    return input.trace()


@_tensor_input
def flip(input, dims):
    """The elements in reverse order along each dim of `dims` (a tuple or list).

    Example:
        >>> minigrad.flip(minigrad.tensor([1, 2, 3]), (0,))
        tensor([3, 2, 1])
    """
    if not isinstance(dims, (tuple, list)):
        raise TypeError(
            f"flip(): argument 'dims' (position 2) must be tuple of ints, not "
            f"{type(dims).__name__} (write flip(x, ({dims!r},)) or x.flip({dims!r}))"
        )
    return input.flip(dims)


@_tensor_input
def masked_fill(input, mask, value):
    """A copy of input with `value` where the bool `mask` is True.

    Example:
        >>> x = minigrad.tensor([1.0, 2.0, 3.0])
        >>> minigrad.masked_fill(x, x > 1.5, 0.0)
        tensor([1., 0., 0.])
    """
    return input.masked_fill(mask, value)


@_tensor_input
def nonzero(input, *, as_tuple=False):
    """The indices of input's nonzero elements, one row each (or, with
    `as_tuple=True`, one index tensor per dim).

    Example:
        >>> minigrad.nonzero(minigrad.tensor([0, 3, 0, 4]))
        tensor([[1],
                [3]])
    """
    return input.nonzero(as_tuple=as_tuple)


@_tensor_input
def argsort(input, dim=-1, descending=False, stable=False):
    """The indices that sort input along `dim` (a stable sort, so ties keep
    their order whatever `stable` says).

    Example:
        >>> minigrad.argsort(minigrad.tensor([3.0, 1.0, 2.0]))
        tensor([1, 2, 0])
    """
    return input.argsort(dim, descending, stable)


@_tensor_input
def tril(input, diagonal=0):
    """The lower triangle of input's last two dims, zeros above `diagonal`.

    Example:
        >>> minigrad.tril(minigrad.ones(2, 2))
        tensor([[1., 0.],
                [1., 1.]])
    """
    return input.tril(diagonal)


@_tensor_input
def triu(input, diagonal=0):
    """The upper triangle of input's last two dims, zeros below `diagonal`.

    Example:
        >>> minigrad.triu(minigrad.ones(2, 2))
        tensor([[1., 1.],
                [0., 1.]])
    """
    return input.triu(diagonal)


# ----- comparisons as functions: minigrad.eq(a, b) is a == b --------------------


@_tensor_input
def eq(input, other):
    """input == other, elementwise (a bool tensor; `other` may be a number).

    Example:
        >>> minigrad.eq(minigrad.tensor([1.0, 2.0]), 2)
        tensor([False,  True])
    """
    return input.eq(other)


@_tensor_input
def ne(input, other):
    """input != other, elementwise (a bool tensor)."""
    return input.ne(other)


@_tensor_input
def lt(input, other):
    """input < other, elementwise (a bool tensor)."""
    return input.lt(other)


@_tensor_input
def le(input, other):
    """input <= other, elementwise (a bool tensor)."""
    return input.le(other)


@_tensor_input
def gt(input, other):
    """input > other, elementwise (a bool tensor)."""
    return input.gt(other)


@_tensor_input
def ge(input, other):
    """input >= other, elementwise (a bool tensor)."""
    return input.ge(other)


# ----- more elementwise functions: reciprocal, rsqrt, erf, sinh, cosh, asin, ...


@_tensor_input
def reciprocal(input):
    """1 / input (integers give float32).

    Example:
        >>> minigrad.reciprocal(minigrad.tensor([2.0, 4.0]))
        tensor([0.5000, 0.2500])
    """
    return input.reciprocal()


@_tensor_input
def rsqrt(input):
    """1 / sqrt(input).

    Example:
        >>> minigrad.rsqrt(minigrad.tensor([4.0, 16.0]))
        tensor([0.5000, 0.2500])
    """
    return input.rsqrt()


@_tensor_input
def erf(input):
    """The error function, 2/√π times the integral of e^(-t²) from 0 to input.

    Example:
        >>> minigrad.erf(minigrad.tensor([0.0, 1.0]))
        tensor([0.0000, 0.8427])
    """
    return input.erf()


@_tensor_input
def sinh(input):
    """The hyperbolic sine.

    Example:
        >>> minigrad.sinh(minigrad.tensor([0.0]))
        tensor([0.])
    """
    return input.sinh()


@_tensor_input
def cosh(input):
    """The hyperbolic cosine.

    Example:
        >>> minigrad.cosh(minigrad.tensor([0.0]))
        tensor([1.])
    """
    return input.cosh()


@_tensor_input
def asin(input):
    """The inverse sine (nan outside [-1, 1]).

    Example:
        >>> minigrad.asin(minigrad.tensor([0.0, 1.0]))
        tensor([0.0000, 1.5708])
    """
    return input.asin()


@_tensor_input
def acos(input):
    """The inverse cosine (nan outside [-1, 1]).

    Example:
        >>> minigrad.acos(minigrad.tensor([1.0, 0.0]))
        tensor([0.0000, 1.5708])
    """
    return input.acos()


@_tensor_input
def atan(input):
    """The inverse tangent.

    Example:
        >>> minigrad.atan(minigrad.tensor([0.0, 1.0]))
        tensor([0.0000, 0.7854])
    """
    return input.atan()


# ----- two-tensor functions, roll, stacking and logic ---------------------------


@_tensor_input
def atan2(input, other):
    """The angle of the point (other, input), elementwise, in (-π, π].

    Example:
        >>> minigrad.atan2(minigrad.tensor([1.0]), minigrad.tensor([1.0]))
        tensor([0.7854])
    """
    return input.atan2(other)


@_tensor_input
def logaddexp(input, other):
    """log(exp(input) + exp(other)), elementwise, without overflow.

    Example:
        >>> minigrad.logaddexp(minigrad.tensor([1000.0]), minigrad.tensor([1000.0]))
        tensor([1000.6931])
    """
    return input.logaddexp(other)


@_tensor_input
def roll(input, shifts, dims=None):
    """The elements shifted along `dims`, wrapping around at the end.

    Example:
        >>> minigrad.roll(minigrad.tensor([1, 2, 3]), 1)
        tensor([3, 1, 2])
    """
    return input.roll(shifts, dims)


def hstack(tensors):
    """The tensors joined along dim 1 (dim 0 for vectors), as `cat` does.

    Example:
        >>> minigrad.hstack([minigrad.ones(2), minigrad.zeros(1)])
        tensor([1., 1., 0.])
    """
    tensors = list(tensors)
    return cat(tensors, dim=0 if tensors and tensors[0].dim() == 1 else 1)


def vstack(tensors):
    """The tensors stacked as rows: vectors become rows of a matrix.

    Example:
        >>> minigrad.vstack([minigrad.ones(2), minigrad.zeros(2)]).shape
        minigrad.Size([2, 2])
    """
    tensors = [t.unsqueeze(0) if t.dim() == 1 else t for t in tensors]
    return cat(tensors, dim=0)


@_tensor_input
def isinf(input):
    """A bool tensor: True where input is +inf or -inf."""
    return input.isinf()


@_tensor_input
def logical_not(input):
    """A bool tensor: True where input is zero (False)."""
    return input.logical_not()


@_tensor_input
def logical_and(input, other):
    """A bool tensor: True where both are nonzero."""
    return input.logical_and(other)


@_tensor_input
def logical_or(input, other):
    """A bool tensor: True where either is nonzero."""
    return input.logical_or(other)


@_tensor_input
def logical_xor(input, other):
    """A bool tensor: True where exactly one is nonzero."""
    return input.logical_xor(other)


# ----- more reductions and selections (issue 14) ------------------------------------


@_tensor_input
def prod(input, dim=None, keepdim=False, *, dtype=None):
    """The product of all elements, or along `dim` (see `Tensor.prod`).

    Example:
        >>> minigrad.prod(minigrad.tensor([2.0, 3.0, 4.0]))
        tensor(24.)
    """
    return input.prod(dim, keepdim, dtype=dtype)


@_tensor_input
def amax(input, dim=None, keepdim=False, *, axis=None, keepdims=None):
    """The largest values along `dim` (an int or a tuple; all by default).

    Example:
        >>> minigrad.amax(minigrad.tensor([[1.0, 5.0], [3.0, 2.0]]), 1)
        tensor([5., 3.])
    """
    return input.amax(dim, keepdim, axis=axis, keepdims=keepdims)


@_tensor_input
def amin(input, dim=None, keepdim=False, *, axis=None, keepdims=None):
    """The smallest values along `dim` (an int or a tuple; all by default).

    Example:
        >>> minigrad.amin(minigrad.tensor([[1.0, 5.0], [3.0, 2.0]]), 1)
        tensor([1., 2.])
    """
    return input.amin(dim, keepdim, axis=axis, keepdims=keepdims)


@_tensor_input
def index_select(input, dim, index):
    """The slices of `input` at positions `index` along `dim`.

    Example:
        >>> x = minigrad.tensor([[1.0, 2.0, 3.0]])
        >>> minigrad.index_select(x, 1, minigrad.tensor([2, 0]))
        tensor([[3., 1.]])
    """
    return input.index_select(dim, index)
