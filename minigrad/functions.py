"""The `minigrad.exp(x)` style of calling each tensor method, as `torch.exp(x)`.

Each is a thin wrapper: the maths lives in `minigrad/ops`, reached through the
Tensor methods. A wrapper whose `input` must be a tensor says so with
`@_tensor_input`, so `minigrad.exp(3.0)` raises PyTorch's TypeError at the call
instead of an AttributeError from inside the wrapper.
"""

import builtins
import functools
import numbers

from ._check import checked_scalar, tensor_arg, where_condition
from ._out import write_out
from .ops import linalg as _linalg
from .ops import rounding as _rounding
from .ops import shape as _shape
from .ops._util import result_type, tensor_sequence
from .tensor import Size, Tensor, _as_tensor


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
    tensor_arg(input, "matmul", "input", 1)
    tensor_arg(other, "matmul", "other", 2)
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
def dist(input, other, p=2):
    """The p-norm of input - other (broadcast), all elements as one vector.

    Example:
        >>> minigrad.dist(minigrad.tensor([1.0, 1.0]), minigrad.tensor([4.0, 5.0]))
        tensor(5.)
    """
    return input.dist(other, p)


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


def cat(tensors, dim=0):
    """Join tensors along an existing dimension."""
    return _shape.Cat.apply(*tensor_sequence(tensors, "cat"), dim=dim)


concat = cat
concatenate = cat  # (numpy's name)


def stack(tensors, dim=0):
    """Join tensors of equal shape along a new dimension."""
    return _shape.Stack.apply(*tensor_sequence(tensors, "stack"), dim=dim)


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
    condition = Tensor._make(where_condition(condition))  # (uint8: a bool mask)
    if not isinstance(input, Tensor):
        like = other if isinstance(other, Tensor) else None
        target = result_type(input, like) if like is not None else None
        if target is not None and target.kind in "iu":
            # PyTorch's checked conversion: where(c, 300, uint8 tensor) raises
            input = checked_scalar(input, target).item()
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
def clone(input, *, memory_format=None):
    """A copy (recorded); `memory_format` as `Tensor.clone` takes it."""
    return input.clone(memory_format=memory_format)


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


fix = trunc  # (numpy's name)


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


not_equal = ne  # (numpy's name)


@_tensor_input
def lt(input, other):
    """input < other, elementwise (a bool tensor)."""
    return input.lt(other)


less = lt  # (numpy's name)


@_tensor_input
def le(input, other):
    """input <= other, elementwise (a bool tensor)."""
    return input.le(other)


less_equal = le  # (numpy's name)


@_tensor_input
def gt(input, other):
    """input > other, elementwise (a bool tensor)."""
    return input.gt(other)


greater = gt  # (numpy's name)


@_tensor_input
def ge(input, other):
    """input >= other, elementwise (a bool tensor)."""
    return input.ge(other)


greater_equal = ge  # (numpy's name)


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


arcsin = asin  # (numpy's name)


@_tensor_input
def acos(input):
    """The inverse cosine (nan outside [-1, 1]).

    Example:
        >>> minigrad.acos(minigrad.tensor([1.0, 0.0]))
        tensor([0.0000, 1.5708])
    """
    return input.acos()


arccos = acos  # (numpy's name)


@_tensor_input
def atan(input):
    """The inverse tangent.

    Example:
        >>> minigrad.atan(minigrad.tensor([0.0, 1.0]))
        tensor([0.0000, 0.7854])
    """
    return input.atan()


arctan = atan  # (numpy's name)


# ----- two-tensor functions, roll, stacking and logic ---------------------------


@_tensor_input
def atan2(input, other):
    """The angle of the point (other, input), elementwise, in (-π, π].

    Example:
        >>> minigrad.atan2(minigrad.tensor([1.0]), minigrad.tensor([1.0]))
        tensor([0.7854])
    """
    return input.atan2(other)


arctan2 = atan2  # (numpy's name)


@_tensor_input
def logaddexp(input, other):
    """log(exp(input) + exp(other)), elementwise, without overflow.

    Example:
        >>> minigrad.logaddexp(minigrad.tensor([1000.0]), minigrad.tensor([1000.0]))
        tensor([1000.6931])
    """
    return input.logaddexp(other)


@_tensor_input
def logaddexp2(input, other):
    """log2(2**input + 2**other), elementwise, without overflow.

    Example:
        >>> minigrad.logaddexp2(minigrad.tensor([1.0]), minigrad.tensor([1.0]))
        tensor([2.])
    """
    return input.logaddexp2(other)


@_tensor_input
def gcd(input, other):
    """The greatest common divisor of integer tensors, elementwise (never
    negative; gcd(0, 0) is 0).

    Example:
        >>> minigrad.gcd(minigrad.tensor([12, -18]), minigrad.tensor([8, 0]))
        tensor([ 4, 18])
    """
    return input.gcd(other)


@_tensor_input
def lcm(input, other):
    """The least common multiple of integer tensors, elementwise (never
    negative; 0 if either is 0).

    Example:
        >>> minigrad.lcm(minigrad.tensor([4, -6]), minigrad.tensor([6, 4]))
        tensor([12, 12])
    """
    return input.lcm(other)


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
    tensors = tensor_sequence(tensors, "hstack", nonempty=True)
    return cat(tensors, dim=0 if tensors[0].dim() == 1 else 1)


def vstack(tensors):
    """The tensors stacked as rows: vectors become rows of a matrix.

    Example:
        >>> minigrad.vstack([minigrad.ones(2), minigrad.zeros(2)]).shape
        minigrad.Size([2, 2])
    """
    tensors = tensor_sequence(tensors, "vstack", nonempty=True)
    return cat([t.unsqueeze(0) if t.dim() == 1 else t for t in tensors], dim=0)


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


# ----- scatter, index_add & co: writing by position (ops/scatter.py) -----------


@_tensor_input
def scatter(input, dim, index, src=None, value=None, *, reduce=None):
    """A copy of input with `src` (a tensor, or a number) written at the
    positions `index` names along `dim` (see `Tensor.scatter`).

    Example:
        >>> minigrad.scatter(minigrad.zeros(3), 0, minigrad.tensor([2]), 1.0)
        tensor([0., 0., 1.])
    """
    return input.scatter(dim, index, src, value, reduce=reduce)


@_tensor_input
def scatter_add(input, dim, index, src):
    """A copy of input with each element of `src` added at its index along
    `dim`; repeated positions add up (see `Tensor.scatter_add`)."""
    return input.scatter_add(dim, index, src)


@_tensor_input
def scatter_reduce(input, dim, index, src, reduce, *, include_self=True):
    """A copy of input with each element of `src` combined by `reduce`
    ("sum", "prod", "mean", "amax", "amin") into its index along `dim` (see
    `Tensor.scatter_reduce`).

    Example:
        >>> index, src = minigrad.tensor([0, 0]), minigrad.tensor([4.0, 6.0])
        >>> minigrad.scatter_reduce(minigrad.ones(2), 0, index, src, "amax")
        tensor([6., 1.])
    """
    return input.scatter_reduce(dim, index, src, reduce, include_self=include_self)


@_tensor_input
def index_reduce(input, dim, index, source, reduce, *, include_self=True):
    """A copy of input with each slice of `source` combined by `reduce`
    ("prod", "mean", "amax", "amin") into the slice at `index[k]` along
    `dim` (see `Tensor.index_reduce`)."""
    return input.index_reduce(dim, index, source, reduce, include_self=include_self)


@_tensor_input
def index_add(input, dim, index, source, *, alpha=1):
    """A copy of input with `alpha * source` added, slice by slice, at the
    positions `index` along `dim` (see `Tensor.index_add`)."""
    return input.index_add(dim, index, source, alpha=alpha)


@_tensor_input
def index_fill(input, dim, index, value):
    """A copy of input with `value` in the slices at positions `index` along
    `dim` (see `Tensor.index_fill`)."""
    return input.index_fill(dim, index, value)


@_tensor_input
def index_copy(input, dim, index, source):
    """A copy of input with the slices of `source` at positions `index`
    along `dim` (see `Tensor.index_copy`)."""
    return input.index_copy(dim, index, source)


@_tensor_input
def masked_select(input, mask):
    """The elements of input where the bool `mask` is True, as a 1-D tensor.

    Example:
        >>> x = minigrad.tensor([1.0, -2.0, 3.0])
        >>> minigrad.masked_select(x, x > 0)
        tensor([1., 3.])
    """
    return input.masked_select(mask)


@_tensor_input
def masked_scatter(input, mask, source):
    """A copy of input with the elements of `source`, in order, where the bool
    `mask` is True (see `Tensor.masked_scatter`)."""
    return input.masked_scatter(mask, source)


@_tensor_input
def take_along_dim(input, indices, dim=None):
    """The elements of input at `indices` along `dim`: `gather` with
    broadcasting; of the flattened input when dim is None."""
    return input.take_along_dim(indices, dim)


@_tensor_input
def take(input, index):
    """The elements of input at the int64 `index`, as if input were flat
    (negative counts from the end); the result has index's shape.

    Example:
        >>> x = minigrad.tensor([[1.0, 2.0], [3.0, 4.0]])
        >>> minigrad.take(x, minigrad.tensor([0, -1]))
        tensor([1., 4.])
    """
    return input.take(index)


@_tensor_input
def select(input, dim, index):
    """The slice at `index` along `dim`, that dimension removed (`input[:, index]`
    for dim=1).

    Example:
        >>> minigrad.select(minigrad.tensor([[1.0, 2.0], [3.0, 4.0]]), 1, 0)
        tensor([1., 3.])
    """
    return input.select(dim, index)


# ----- linear algebra: inverse, det, cdist (the rest is in minigrad.linalg) -----


@_tensor_input
def inverse(input):
    """The inverse of a square matrix, or of each matrix of a batch (as
    `minigrad.linalg.inv`; a singular matrix raises `linalg.LinAlgError`).

    Example:
        >>> minigrad.inverse(minigrad.tensor([[2.0, 0.0], [0.0, 4.0]]))
        tensor([[0.5000, 0.0000],
                [0.0000, 0.2500]])
    """
    return input.inverse()


@_tensor_input
def det(input):
    """The determinant of a square matrix, or of each matrix of a batch (as
    `minigrad.linalg.det`).

    Example:
        >>> minigrad.det(minigrad.tensor([[2.0, 1.0], [1.0, 3.0]]))
        tensor(5.)
    """
    return input.det()


@_tensor_input
def logdet(input):
    """log(det(input)) of a square matrix or of each matrix of a batch: nan
    where the determinant is negative, -inf where it is 0.

    Example:
        >>> minigrad.logdet(minigrad.tensor([[2.0, 0.0], [0.0, 3.0]]))
        tensor(1.7918)
    """
    return input.logdet()


@_tensor_input
def slogdet(input):
    """The sign and log|det| of a square matrix or of each matrix of a batch,
    a named pair (sign, logabsdet) (as `minigrad.linalg.slogdet`).

    Example:
        >>> minigrad.slogdet(minigrad.tensor([[-2.0, 0.0], [0.0, 3.0]])).sign
        tensor(-1.)
    """
    return input.slogdet()


@_tensor_input
def svd(input, some=True, compute_uv=True):
    """PyTorch's older SVD: (U, S, V) with A = U diag(S) Vᵀ; note V, not the
    Vh of `minigrad.linalg.svd`. some=True gives the reduced U and V.
    compute_uv=False gives S and zero-filled U and V.

    Example:
        >>> minigrad.svd(minigrad.tensor([[3.0, 0.0], [0.0, -2.0]])).S
        tensor([3., 2.])
    """
    return input.svd(some, compute_uv)


@_tensor_input
def pinverse(input, rcond=1e-15):
    """The pseudo-inverse: `minigrad.linalg.pinv(input, rtol=rcond)`.

    Example:
        >>> minigrad.pinverse(minigrad.tensor([[2.0, 0.0], [0.0, 0.0]]))
        tensor([[0.5000, 0.0000],
                [0.0000, 0.0000]])
    """
    return input.pinverse(rcond)


@_tensor_input
def matrix_power(input, n):
    """The square matrix multiplied by itself n times (as
    `minigrad.linalg.matrix_power`; n < 0 uses the inverse).

    Example:
        >>> minigrad.matrix_power(minigrad.tensor([[1.0, 1.0], [0.0, 1.0]]), 2)
        tensor([[1., 2.],
                [0., 1.]])
    """
    return input.matrix_power(n)


@_tensor_input
def cholesky(input, upper=False):
    """The Cholesky factor, PyTorch's deprecated form (it warns, as PyTorch
    does): use `minigrad.linalg.cholesky` (node CholeskyBackward0 here).

    Example:
        >>> A = minigrad.tensor([[4.0, 0.0], [0.0, 9.0]])
        >>> minigrad.cholesky(A)  # doctest: +SKIP (it warns)
        tensor([[2., 0.],
                [0., 3.]])
    """
    return input.cholesky(upper)


def cdist(x1, x2, p=2.0, compute_mode="use_mm_for_euclid_dist_if_necessary"):
    """The p-norm distance between every row of `x1` (..., P, M) and every row
    of `x2` (..., R, M): a (..., P, R) tensor (PyTorch has no Tensor method).

    Example:
        >>> minigrad.cdist(minigrad.tensor([[0.0, 0.0]]), minigrad.tensor([[3.0, 4.0]]))
        tensor([[5.]])
    """
    from .ops.distance import cdist as _cdist

    return _cdist(x1, x2, p, compute_mode)


# ----- more elementwise functions (ops/elementwise_more.py) --------------------


@_tensor_input
def tan(input):
    """The tangent.

    Example:
        >>> minigrad.tan(minigrad.tensor([0.0, 1.0]))
        tensor([0.0000, 1.5574])
    """
    return input.tan()


@_tensor_input
def asinh(input):
    """The inverse hyperbolic sine."""
    return input.asinh()


arcsinh = asinh  # (numpy's name)


@_tensor_input
def acosh(input):
    """The inverse hyperbolic cosine (nan below 1)."""
    return input.acosh()


arccosh = acosh  # (numpy's name)


@_tensor_input
def atanh(input):
    """The inverse hyperbolic tangent (nan outside [-1, 1])."""
    return input.atanh()


arctanh = atanh  # (numpy's name)


@_tensor_input
def logit(input, eps=None):
    """ln(input / (1 - input)), the inverse of sigmoid; with `eps`, input is
    clamped to [eps, 1 - eps] first.

    Example:
        >>> minigrad.logit(minigrad.tensor([0.5, 0.75]))
        tensor([0.0000, 1.0986])
    """
    return input.logit(eps)


@_tensor_input
def erfc(input):
    """The complementary error function 1 - erf(input)."""
    return input.erfc()


@_tensor_input
def erfinv(input):
    """The inverse error function: erf(erfinv(x)) = x for x in [-1, 1].

    Example:
        >>> minigrad.erfinv(minigrad.tensor([0.0, 0.5]))
        tensor([0.0000, 0.4769])
    """
    return input.erfinv()


@_tensor_input
def exp2(input):
    """2 ** input."""
    return input.exp2()


def float_power(input, exponent):
    """input ** exponent computed in float64 (either may be a number).

    Example:
        >>> minigrad.float_power(minigrad.tensor([2, 3]), 2)
        tensor([4., 9.], dtype=minigrad.float64)
    """
    if isinstance(input, Tensor):
        return input.float_power(exponent)
    from .ops.elementwise_more import float_power as _float_power

    return _float_power(input, exponent)


@_tensor_input
def fmod(input, other):
    """The remainder of input / other with the sign of input (C's fmod).

    Example:
        >>> minigrad.fmod(minigrad.tensor([-3.0, 3.0]), 2)
        tensor([-1.,  1.])
    """
    return input.fmod(other)


@_tensor_input
def sgn(input):
    """-1, 0 or 1 per element (as `sign` for real tensors)."""
    return input.sgn()


@_tensor_input
def hypot(input, other):
    """√(input² + other²), elementwise.

    Example:
        >>> minigrad.hypot(minigrad.tensor([3.0]), minigrad.tensor([4.0]))
        tensor([5.])
    """
    return input.hypot(other)


def xlogy(input, other):
    """input · ln(other), 0 where input is 0 (either may be a number).

    Example:
        >>> minigrad.xlogy(minigrad.tensor([0.0, 2.0]), minigrad.tensor([0.0, 1.0]))
        tensor([0., 0.])
    """
    if isinstance(input, Tensor):
        return input.xlogy(other)
    from .ops.elementwise_more import xlogy as _xlogy

    return _xlogy(input, other)


@_tensor_input
def sinc(input):
    """sin(π input) / (π input), 1 at 0."""
    return input.sinc()


@_tensor_input
def deg2rad(input):
    """Degrees to radians."""
    return input.deg2rad()


@_tensor_input
def rad2deg(input):
    """Radians to degrees."""
    return input.rad2deg()


@_tensor_input
def copysign(input, other):
    """|input| with the sign of other (a tensor or a number)."""
    return input.copysign(other)


@_tensor_input
def heaviside(input, values):
    """0 where input < 0, 1 where input > 0, `values` where input == 0.

    Example:
        >>> x = minigrad.tensor([-1.0, 0.0, 2.0])
        >>> minigrad.heaviside(x, minigrad.tensor([0.5]))
        tensor([0.0000, 0.5000, 1.0000])
    """
    return input.heaviside(values)


@_tensor_input
def signbit(input):
    """A bool tensor: True where the sign bit is set (negatives and -0.0)."""
    return input.signbit()


@_tensor_input
def lgamma(input):
    """ln |Γ(input)| (+inf at 0, -1, -2, ...).

    Example:
        >>> minigrad.lgamma(minigrad.tensor([1.0, 5.0]))
        tensor([0.0000, 3.1781])
    """
    return input.lgamma()


@_tensor_input
def digamma(input):
    """ψ(input) = Γ'(input) / Γ(input), the derivative of lgamma."""
    return input.digamma()


@_tensor_input
def isposinf(input):
    """A bool tensor: True where input is +inf."""
    return input.isposinf()


@_tensor_input
def isneginf(input):
    """A bool tensor: True where input is -inf."""
    return input.isneginf()


@_tensor_input
def isreal(input):
    """A bool tensor, True everywhere (minigrad has no complex numbers)."""
    return input.isreal()


@_tensor_input
def bitwise_and(input, other):
    """input & other bit by bit (integer and bool tensors).

    Example:
        >>> minigrad.bitwise_and(minigrad.tensor([5, 6]), minigrad.tensor([3, 3]))
        tensor([1, 2])
    """
    return input.bitwise_and(other)


@_tensor_input
def bitwise_or(input, other):
    """input | other bit by bit (integer and bool tensors)."""
    return input.bitwise_or(other)


@_tensor_input
def bitwise_xor(input, other):
    """input ^ other bit by bit (integer and bool tensors)."""
    return input.bitwise_xor(other)


@_tensor_input
def bitwise_not(input):
    """~input bit by bit (integer and bool tensors)."""
    return input.bitwise_not()


# PyTorch's numpy-style aliases: the same ops and nodes as abs, neg, sub, ...


@_tensor_input
def absolute(input):
    """|input| (as `abs`)."""
    return input.abs()


@_tensor_input
def negative(input):
    """-input (as `neg`)."""
    return input.negative()


@_tensor_input
def positive(input):
    """input itself (bool tensors are refused, as PyTorch's unary +)."""
    return input.positive()


def subtract(input, other, *, alpha=1, out=None):
    """input - alpha * other (as `sub`)."""
    return sub(input, other, alpha, out=out)


def multiply(input, other, *, out=None):
    """input * other (as `mul`)."""
    return mul(input, other, out=out)


def divide(input, other, *, rounding_mode=None, out=None):
    """input / other, rounded as `rounding_mode` asks (as `div`)."""
    return div(input, other, rounding_mode=rounding_mode, out=out)


def true_divide(input, other, *, out=None):
    """input / other (as `div`)."""
    return div(input, other, out=out)


# ----- more tensor ops: repeat_interleave, tile, cumprod, diff, movedim, ... ---------
# (the maths: ops/shape_more.py; var_mean, std_mean, meshgrid and
# broadcast_tensors have no Tensor method in PyTorch)

from .ops import shape_more as _shape_more  # noqa: E402
from .tensor import _correction  # noqa: E402


@_tensor_input
def repeat_interleave(input, repeats=None, dim=None, *, output_size=None):
    """Each element of input (or slice along `dim`) repeated `repeats` times
    in place; with a tensor of counts alone, `repeat_interleave(counts)`, the
    positions 0, 1, ... each repeated as often as its count says.

    Example:
        >>> minigrad.repeat_interleave(minigrad.tensor([1, 2]), 2)
        tensor([1, 1, 2, 2])
        >>> minigrad.repeat_interleave(minigrad.tensor([1, 2]))
        tensor([0, 1, 1])
    """
    if repeats is None:
        return _shape_more.repeat_counts(input, output_size)
    return input.repeat_interleave(repeats, dim, output_size=output_size)


@_tensor_input
def tile(input, dims):
    """input repeated `dims[k]` times along dim k (a tuple; ones are put in
    front when it is shorter than input's dims).

    Example:
        >>> minigrad.tile(minigrad.tensor([1, 2]), (2,))
        tensor([1, 2, 1, 2])
    """
    if not isinstance(dims, (tuple, list)):
        raise TypeError(
            "tile(): argument 'dims' (position 2) must be tuple of ints, not "
            f"{type(dims).__name__} (write tile(x, ({dims!r},)) or x.tile({dims!r}))"
        )
    return input.tile(dims)


@_tensor_input
def cumprod(input, dim, *, dtype=None):
    """The running product of input along `dim`.

    Example:
        >>> minigrad.cumprod(minigrad.tensor([1, 2, 3]), 0)
        tensor([1, 2, 6])
    """
    return input.cumprod(dim, dtype=dtype)


@_tensor_input
def diff(input, n=1, dim=-1, prepend=None, append=None):
    """The n-th forward difference along `dim` (out[i] = x[i + 1] - x[i]).

    Example:
        >>> minigrad.diff(minigrad.tensor([1, 4, 9, 16]), n=2)
        tensor([2, 2])
    """
    return input.diff(n, dim, prepend, append)


@_tensor_input
def ravel(input):
    """input's elements as one dimension."""
    return input.ravel()


@_tensor_input
def t(input):
    """The transpose of a matrix (a vector or a 0-d tensor as it is)."""
    return input.t()


@_tensor_input
def fmax(input, other):
    """The elementwise larger of two tensors, ignoring nan.

    Example:
        >>> nan = float("nan")
        >>> minigrad.fmax(minigrad.tensor([1.0, nan]), minigrad.tensor([2.0, 0.0]))
        tensor([2., 0.])
    """
    return input.fmax(other)


@_tensor_input
def fmin(input, other):
    """The elementwise smaller of two tensors, ignoring nan."""
    return input.fmin(other)


def _var_mean(input, dim, unbiased, keepdim, correction, std):
    if isinstance(dim, bool):  # var_mean(x, False): PyTorch reads it as unbiased
        dim, unbiased = None, dim
    return _shape_more.VarMean.apply(
        input,
        dim=dim,
        correction=_correction(unbiased, correction),
        keepdim=keepdim,
        std=std,
    )


@_tensor_input
def var_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """(variance, mean) of input, over all elements or along `dim`, as `var`
    and `mean` give them, from one node (VarMeanBackward0).

    Example:
        >>> minigrad.var_mean(minigrad.tensor([1.0, 2.0, 3.0]))
        (tensor(1.), tensor(2.))
    """
    return _var_mean(input, dim, unbiased, keepdim, correction, std=False)


@_tensor_input
def std_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """(standard deviation, mean) of input, as `std` and `mean` give them,
    from one node (StdMeanBackward0).

    Example:
        >>> minigrad.std_mean(minigrad.tensor([1.0, 2.0, 3.0]))
        (tensor(1.), tensor(2.))
    """
    return _var_mean(input, dim, unbiased, keepdim, correction, std=True)


def meshgrid(*tensors, indexing=None):
    """Coordinate grids from 1-d tensors: with indexing "ij", grid k runs
    along dim k; with "xy" (numpy's), the first two dims are swapped.

    Example:
        >>> x, y = minigrad.tensor([1, 2, 3]), minigrad.tensor([4, 5])
        >>> grid_x, grid_y = minigrad.meshgrid(x, y, indexing="xy")
        >>> grid_x.shape
        minigrad.Size([2, 3])
    """
    return _shape_more.meshgrid(tensors, indexing)


@_tensor_input
def broadcast_to(input, size):
    """input expanded to `size` (as `Tensor.expand`)."""
    return input.broadcast_to(size)


def broadcast_tensors(*tensors):
    """The tensors expanded to one common shape, by broadcasting's rules.

    Example:
        >>> a, b = minigrad.broadcast_tensors(minigrad.ones(3), minigrad.ones(2, 1))
        >>> a.shape, b.shape
        (minigrad.Size([2, 3]), minigrad.Size([2, 3]))
    """
    return _shape_more.broadcast_tensors(tensors)


def broadcast_shapes(*shapes):
    """The shape tensors of these shapes broadcast to (an int is a 1-d shape),
    without making any tensor.

    Example:
        >>> minigrad.broadcast_shapes((2, 1), (3,))
        minigrad.Size([2, 3])
    """
    sizes = []
    for shape in shapes:
        if isinstance(shape, numbers.Integral):
            shape = (shape,)
        elif not isinstance(shape, (tuple, list)):
            raise RuntimeError(
                "Input shapes should be of type ints, a tuple of ints, or a list "
                f"of ints, got {shape}"
            )
        # (builtins: this module's any and max are the tensor functions)
        if builtins.any(side < 0 for side in shape):
            raise ValueError(
                "Attempting to broadcast a dimension with negative length!"
            )
        sizes.append(tuple(shape))
    result = [1] * builtins.max((len(shape) for shape in sizes), default=0)
    # From the last dimension back: a 1 stretches, any other size must agree.
    for position, shape in enumerate(sizes):
        for i in range(-1, -len(shape) - 1, -1):
            if shape[i] == 1 or shape[i] == result[i]:
                continue
            if result[i] != 1:
                raise RuntimeError(
                    f"Attempting to broadcast a dimension of length {shape[i]} at "
                    f"{i}! Mismatching argument at index {position} had {shape}; but "
                    f"expected shape should be broadcastable to {result}"
                )
            result[i] = shape[i]
    return Size(result)


@_tensor_input
def movedim(input, source, destination):
    """input with dims `source` moved to the positions `destination`.

    Example:
        >>> minigrad.movedim(minigrad.zeros(2, 3, 4), 0, -1).shape
        minigrad.Size([3, 4, 2])
    """
    return input.movedim(source, destination)


moveaxis = movedim


@_tensor_input
def swapaxes(input, axis0, axis1):
    """Swap two dimensions (as `transpose`)."""
    return input.swapaxes(axis0, axis1)


@_tensor_input
def swapdims(input, dim0, dim1):
    """Swap two dimensions (as `transpose`)."""
    return input.swapdims(dim0, dim1)


@_tensor_input
def count_nonzero(input, dim=None):
    """How many elements of input are not zero (along `dim`), as int64.

    Example:
        >>> minigrad.count_nonzero(minigrad.tensor([0.0, 1.5, -2.0]))
        tensor(2)
    """
    return input.count_nonzero(dim)


@_tensor_input
def nan_to_num(input, nan=0.0, posinf=None, neginf=None):
    """input with nan, inf and -inf replaced by numbers.

    Example:
        >>> minigrad.nan_to_num(minigrad.tensor([float("nan"), 1.0]))
        tensor([0., 1.])
    """
    return input.nan_to_num(nan, posinf, neginf)


@_tensor_input
def bernoulli(input, p=None, *, generator=None):
    """Random 1s and 0s: 1 with probability input[i] (or `p`), drawn from
    minigrad's generator (or `generator`).

    Example:
        >>> minigrad.bernoulli(minigrad.tensor([0.0, 1.0]))
        tensor([0., 1.])
    """
    return input.bernoulli(p, generator=generator)


@_tensor_input
def unique_consecutive(input, return_inverse=False, return_counts=False, dim=None):
    """input with each run of equal neighbours kept once (nothing sorted).

    Example:
        >>> minigrad.unique_consecutive(minigrad.tensor([1, 1, 2, 1]))
        tensor([1, 2, 1])
    """
    return input.unique_consecutive(return_inverse, return_counts, dim)


def isin(elements, test_elements, *, assume_unique=False, invert=False):
    """Whether each element of `elements` is among `test_elements` (either may
    be a number); `assume_unique` is accepted (the answer is the same).

    Example:
        >>> minigrad.isin(minigrad.tensor([1, 2, 3]), minigrad.tensor([2, 5]))
        tensor([False,  True, False])
    """
    return _shape_more.isin(elements, test_elements, invert)


@_tensor_input
def vander(x, N=None, increasing=False):
    """The Vandermonde matrix of the 1-d tensor x: column j holds x ** (N-1-j)
    (x ** j if `increasing`), N columns (len(x) by default). Built by repeated
    multiplication, so its gradient is exact even at x = 0.

    Example:
        >>> minigrad.vander(minigrad.tensor([1, 2, 3]), N=3)
        tensor([[1, 1, 1],
                [4, 2, 1],
                [9, 3, 1]])
    """
    if x.dim() != 1:
        raise RuntimeError(
            f"x must be a one-dimensional tensor (got shape {list(x.shape)})."
        )
    if N is None:
        N = x.shape[0]
    if N < 0:
        raise RuntimeError(f"N must be non-negative (got N={N}).")
    if x.dtype == _bool_dtype():
        x = x.long()  # (PyTorch computes the powers of bools as int64)
    columns = []
    for k in range(N):
        columns.append(_ones_like(x) if k == 0 else columns[-1] * x)
    if not columns:  # (no columns: outside the graph, as PyTorch's is)
        return x.new_zeros(x.shape[0], 0)
    powers = stack(columns, dim=1)
    return powers if increasing else powers.flip(1)


def _bool_dtype():
    from . import bool as bool_dtype  # (minigrad.bool, defined after this module)

    return bool_dtype


def _ones_like(x):
    from .creation import ones_like

    return ones_like(x)


@_tensor_input
def unique(input, sorted=True, return_inverse=False, return_counts=False, dim=None):
    """The distinct elements of input, in increasing order (and, when asked,
    where each element went and how often each value occurs).

    Example:
        >>> minigrad.unique(minigrad.tensor([3, 1, 3]), return_inverse=True)
        (tensor([1, 3]), tensor([1, 0, 1]))
    """
    return input.unique(sorted, return_inverse, return_counts, dim)


@_tensor_input
def bincount(input, weights=None, minlength=0):
    """How often each of 0, 1, 2, ... occurs in input (or its weights' sums).

    Example:
        >>> minigrad.bincount(minigrad.tensor([0, 2, 2]))
        tensor([1, 0, 2])
    """
    return input.bincount(weights, minlength)


@_tensor_input
def histc(input, bins=100, min=0, max=0):
    """A histogram of input: counts in `bins` equal bins from `min` to `max`.

    Example:
        >>> minigrad.histc(minigrad.tensor([1.0, 2.0, 1.0]), bins=4, min=0, max=3)
        tensor([0., 2., 1., 0.])
    """
    return input.histc(bins, min, max)


# ----- more combinations, reductions, rearrangements (ops/combine_more.py) -----


@_tensor_input
def lerp(input, end, weight):
    """input + weight * (end - input); `weight` a number or a tensor.

    Example:
        >>> minigrad.lerp(minigrad.tensor([0.0, 2.0]), minigrad.tensor([4.0, 4.0]), 0.5)
        tensor([2., 3.])
    """
    return input.lerp(end, weight)


@_tensor_input
def addcmul(input, tensor1, tensor2, *, value=1):
    """input + value * tensor1 * tensor2, elementwise."""
    return input.addcmul(tensor1, tensor2, value=value)


@_tensor_input
def addcdiv(input, tensor1, tensor2, *, value=1):
    """input + value * tensor1 / tensor2, elementwise."""
    return input.addcdiv(tensor1, tensor2, value=value)


@_tensor_input
def addmv(input, mat, vec, *, beta=1, alpha=1):
    """beta * input + alpha * (mat @ vec)."""
    return input.addmv(mat, vec, beta=beta, alpha=alpha)


@_tensor_input
def addr(input, vec1, vec2, *, beta=1, alpha=1):
    """beta * input + alpha * outer(vec1, vec2)."""
    return input.addr(vec1, vec2, beta=beta, alpha=alpha)


@_tensor_input
def baddbmm(input, batch1, batch2, *, beta=1, alpha=1):
    """beta * input + alpha * bmm(batch1, batch2)."""
    return input.baddbmm(batch1, batch2, beta=beta, alpha=alpha)


@_tensor_input
def addbmm(input, batch1, batch2, *, beta=1, alpha=1):
    """beta * input + alpha * (the sum over the batch of batch1[i] @ batch2[i])."""
    return input.addbmm(batch1, batch2, beta=beta, alpha=alpha)


@_tensor_input
def vdot(input, other):
    """The dot product of two vectors."""
    return input.vdot(other)


@_tensor_input
def inner(input, other):
    """Sums of products over the last dimension of both (a 0-d one multiplies).

    Example:
        >>> minigrad.inner(minigrad.tensor([1.0, 2.0]), minigrad.tensor([3.0, 4.0]))
        tensor(11.)
    """
    return input.inner(other)


@_tensor_input
def cross(input, other, dim=None):
    """The cross product of 3-vectors along `dim` (give it: without, PyTorch
    takes the first dimension of size 3 and warns)."""
    return input.cross(other, dim)


@_tensor_input
def ger(input, vec2):
    """The outer product (an old name of `outer`)."""
    return input.ger(vec2)


@_tensor_input
def nansum(input, dim=None, keepdim=False, *, dtype=None):
    """The sum of the elements that are not nan."""
    return input.nansum(dim, keepdim, dtype=dtype)


@_tensor_input
def nanmean(input, dim=None, keepdim=False, *, dtype=None):
    """The mean of the elements that are not nan."""
    return input.nanmean(dim, keepdim, dtype=dtype)


@_tensor_input
def median(input, dim=None, keepdim=False):
    """The lower median of all elements; with `dim`, (values, indices).

    Example:
        >>> minigrad.median(minigrad.tensor([3.0, 1.0, 4.0, 2.0]))
        tensor(2.)
    """
    return input.median(dim, keepdim)


@_tensor_input
def nanmedian(input, dim=None, keepdim=False):
    """`median` of the elements that are not nan."""
    return input.nanmedian(dim, keepdim)


@_tensor_input
def mode(input, dim=-1, keepdim=False):
    """The most frequent value along `dim` and its position: (values, indices)."""
    return input.mode(dim, keepdim)


@_tensor_input
def kthvalue(input, k, dim=-1, keepdim=False):
    """The k-th smallest value along `dim` and its position: (values, indices)."""
    return input.kthvalue(k, dim, keepdim)


@_tensor_input
def cummax(input, dim):
    """The running largest value along `dim` and its position."""
    return input.cummax(dim)


@_tensor_input
def cummin(input, dim):
    """The running smallest value along `dim` and its position."""
    return input.cummin(dim)


@_tensor_input
def logcumsumexp(input, dim):
    """Running log(sum(exp(input))) along `dim`."""
    return input.logcumsumexp(dim)


@_tensor_input
def aminmax(input, *, dim=None, keepdim=False):
    """The (min, max) pair, of all elements or along `dim`."""
    return input.aminmax(dim=dim, keepdim=keepdim)


@_tensor_input
def msort(input):
    """Sorted along the first dimension."""
    return input.msort()


@_tensor_input
def fliplr(input):
    """Columns in reverse order (at least 2-D)."""
    return input.fliplr()


@_tensor_input
def flipud(input):
    """Rows in reverse order (at least 1-D)."""
    return input.flipud()


@_tensor_input
def rot90(input, k=1, dims=(0, 1)):
    """Turned k quarter turns in the plane of `dims`."""
    return input.rot90(k, dims)


@_tensor_input
def tensor_split(input, indices_or_sections, dim=0):
    """Views cut along `dim`: n nearly equal pieces, or at the given indices.

    Example:
        >>> [p.tolist() for p in minigrad.tensor_split(minigrad.arange(5), 2)]
        [[0, 1, 2], [3, 4]]
    """
    return input.tensor_split(indices_or_sections, dim)


@_tensor_input
def hsplit(input, indices_or_sections):
    """`tensor_split` along dim 1 (0 for a vector); sections must divide it."""
    return input.hsplit(indices_or_sections)


@_tensor_input
def vsplit(input, indices_or_sections):
    """`tensor_split` along dim 0; sections must divide it."""
    return input.vsplit(indices_or_sections)


@_tensor_input
def dsplit(input, indices_or_sections):
    """`tensor_split` along dim 2; sections must divide it."""
    return input.dsplit(indices_or_sections)


@_tensor_input
def diag_embed(input, offset=0, dim1=-2, dim2=-1):
    """Matrices with the last dimension of `input` on a diagonal."""
    return input.diag_embed(offset, dim1, dim2)


@_tensor_input
def diagflat(input, offset=0):
    """The square matrix with the flattened input on diagonal `offset`."""
    return input.diagflat(offset)


@_tensor_input
def argwhere(input):
    """The positions of the nonzero elements, one row each."""
    return input.argwhere()


# ----- ops/misc_more.py: composed of other ops ----------------------------------
from .ops.misc_more import (  # noqa: E402, F401 (re-exported)
    atleast_1d,
    atleast_2d,
    atleast_3d,
    block_diag,
    bucketize,
    cartesian_prod,
    chain_matmul,
    column_stack,
    combinations,
    cumulative_trapezoid,
    dstack,
    searchsorted,
    tensordot,
    trapezoid,
    tril_indices,
    triu_indices,
)

trapz = trapezoid  # (PyTorch's older name)
row_stack = vstack  # (PyTorch's alias)


@_tensor_input
def cov(input, *, correction=1, fweights=None, aweights=None):
    """The covariance matrix of the variables in the rows of `input`."""
    return input.cov(correction=correction, fweights=fweights, aweights=aweights)


@_tensor_input
def corrcoef(input):
    """Pearson's correlation coefficients of the rows of `input`."""
    return input.corrcoef()


@_tensor_input
def quantile(input, q, dim=None, keepdim=False, *, interpolation="linear"):
    """The `q`-th quantiles of `input` along `dim` (all elements if None)."""
    return input.quantile(q, dim, keepdim, interpolation=interpolation)


@_tensor_input
def nanquantile(input, q, dim=None, keepdim=False, *, interpolation="linear"):
    """`quantile`, ignoring nan values."""
    return input.nanquantile(q, dim, keepdim, interpolation=interpolation)


@_tensor_input
def kron(input, other):
    """The Kronecker product of `input` and `other`."""
    return input.kron(other)


def is_floating_point(input):
    """True for a tensor of a floating dtype (float16, float32, float64)."""
    if not isinstance(input, Tensor):
        tensor_arg(input, "is_floating_point")
    return input.is_floating_point()


def is_complex(input):
    """False for every tensor: minigrad has no complex dtypes."""
    if not isinstance(input, Tensor):
        tensor_arg(input, "is_complex")
    return input.is_complex()
