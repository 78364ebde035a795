"""The `minigrad.exp(x)` style of calling each tensor method, as `torch.exp(x)`.

Each is a thin wrapper: the maths lives in `minigrad/ops`, reached through the
Tensor methods.
"""

from ._check import tensor_arg
from ._out import write_out
from .ops import linalg as _linalg
from .ops import rounding as _rounding
from .ops import shape as _shape
from .tensor import Tensor, _as_tensor


def exp(input):
    """e ** input."""
    tensor_arg(input, "exp")
    return input.exp()


def log(input):
    """Natural logarithm."""
    tensor_arg(input, "log")
    return input.log()


def sqrt(input):
    """Square root."""
    tensor_arg(input, "sqrt")
    return input.sqrt()


def sin(input):
    """Sine."""
    tensor_arg(input, "sin")
    return input.sin()


def cos(input):
    """Cosine."""
    tensor_arg(input, "cos")
    return input.cos()


def tanh(input):
    """Hyperbolic tangent."""
    tensor_arg(input, "tanh")
    return input.tanh()


def sigmoid(input):
    """1 / (1 + e ** -input)."""
    tensor_arg(input, "sigmoid")
    return input.sigmoid()


def relu(input):
    """max(input, 0)."""
    tensor_arg(input, "relu")
    return input.relu()


def abs(input):
    """|input|."""
    tensor_arg(input, "abs")
    return input.abs()


def clamp(input, min=None, max=None):
    """input limited to [min, max]."""
    return input.clamp(min, max)


clip = clamp


def pow(input, exponent):
    """input ** exponent (either may be a number).

    A number base goes through `Tensor.__rpow__`, so `pow(2, x)` records
    PowBackward2 with one edge, as PyTorch does.
    """
    return input**exponent


def matmul(input, other, *, out=None):
    """input @ other (written into `out` when given, not recorded)."""
    if out is not None:
        return write_out("matmul", lambda: input @ other, out, (input, other))
    return input @ other


def mm(input, mat2):
    """The product of two matrices (both must be 2-D; for other ranks use matmul)."""
    tensor_arg(input, "mm")
    return _linalg.mm(input, mat2)


def addmm(input, mat1, mat2):
    """input + mat1 @ mat2 for matrices mat1 and mat2, recorded as one node.

    `input` broadcasts to the product's shape (a bias of shape `(n,)` is added
    to every row). This is what `nn.Linear` computes on a batch.
    """
    return _linalg.addmm(input, mat1, mat2)


def add(input, other, alpha=1, *, out=None):
    """input + alpha * other (written into `out` when given, not recorded)."""
    if out is not None:
        compute = lambda: input.add(other, alpha=alpha)  # noqa: E731
        return write_out("add", compute, out, (input, other))
    return input.add(other, alpha=alpha)


def sub(input, other, alpha=1, *, out=None):
    """input - alpha * other (written into `out` when given, not recorded)."""
    if out is not None:
        compute = lambda: input.sub(other, alpha=alpha)  # noqa: E731
        return write_out("sub", compute, out, (input, other))
    return input.sub(other, alpha=alpha)


def mul(input, other, *, out=None):
    """input * other (written into `out` when given, not recorded)."""
    if out is not None:
        return write_out("mul", lambda: input * other, out, (input, other))
    return input * other


def div(input, other, *, rounding_mode=None, out=None):
    """input / other; rounded toward zero (`rounding_mode="trunc"`) or down
    ("floor") when asked (then the gradient is zero). Written into `out` when
    given, not recorded."""
    if rounding_mode is not None:
        return _rounding.divide_rounded(input, other, rounding_mode)
    if out is not None:
        return write_out("div", lambda: input / other, out, (input, other))
    return input / other


def neg(input):
    """-input."""
    tensor_arg(input, "neg")
    return -input


def sum(input, dim=None, keepdim=False, *, axis=None, keepdims=None):
    """Sum of all elements, or along `dim`."""
    tensor_arg(input, "sum")
    return input.sum(dim, keepdim, axis=axis, keepdims=keepdims)


def mean(input, dim=None, keepdim=False, *, axis=None, keepdims=None):
    """Mean of all elements, or along `dim`."""
    tensor_arg(input, "mean")
    return input.mean(dim, keepdim, axis=axis, keepdims=keepdims)


def max(input, dim=None, keepdim=False, *, axis=None, keepdims=None):
    """The largest element; with `dim`, (values, indices); with a tensor, maximum."""
    return input.max(dim, keepdim, axis=axis, keepdims=keepdims)


def min(input, dim=None, keepdim=False, *, axis=None, keepdims=None):
    """The smallest element; with `dim`, (values, indices); with a tensor, minimum."""
    return input.min(dim, keepdim, axis=axis, keepdims=keepdims)


def argmax(input, dim=None, keepdim=False, *, axis=None, keepdims=None):
    """Index of the largest element."""
    return input.argmax(dim, keepdim, axis=axis, keepdims=keepdims)


def argmin(input, dim=None, keepdim=False, *, axis=None, keepdims=None):
    """Index of the smallest element."""
    return input.argmin(dim, keepdim, axis=axis, keepdims=keepdims)


def norm(input, p="fro", dim=None, keepdim=False):
    """The p-norm of input."""
    return input.norm(p, dim, keepdim)


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


def softmax(input, dim=None, *, axis=None):
    """Softmax along `dim`."""
    return input.softmax(dim, axis=axis)


def log_softmax(input, dim=None, *, axis=None):
    """Log-softmax along `dim`."""
    return input.log_softmax(dim, axis=axis)


def reshape(input, shape):
    """input in a new shape."""
    return input.reshape(shape)


def flatten(input, start_dim=0, end_dim=-1):
    """Merge dimensions start_dim..end_dim."""
    return input.flatten(start_dim, end_dim)


def transpose(input, dim0, dim1):
    """Swap two dimensions."""
    return input.transpose(dim0, dim1)


def permute(input, dims):
    """Reorder the dimensions."""
    return input.permute(dims)


def unsqueeze(input, dim):
    """Insert a size-1 dimension."""
    return input.unsqueeze(dim)


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


def gather(input, dim, index):
    """The elements of `input` at `index` along `dim` (see `Tensor.gather`)."""
    return input.gather(dim, index)


def sort(input, dim=-1, descending=False):
    """The elements of `input` along `dim` in order: (values, indices)."""
    return input.sort(dim, descending)


def topk(input, k, dim=-1, largest=True, sorted=True):
    """The `k` largest (or smallest) elements of `input` along `dim`."""
    return input.topk(k, dim, largest, sorted)


def split(tensor, split_size_or_sections, dim=0):
    """Pieces of `tensor` along `dim` (see `Tensor.split`)."""
    return tensor.split(split_size_or_sections, dim)


def chunk(input, chunks, dim=0):
    """At most `chunks` pieces of `input` along `dim`, as equal as possible."""
    return input.chunk(chunks, dim)


def cumsum(input, dim):
    """The running sum of `input` along `dim`."""
    return input.cumsum(dim)


def round(input, decimals=0):
    """`input` rounded to `decimals` places, halves to even."""
    return input.round(decimals=decimals)


def isnan(input):
    """A bool tensor: True where `input` is NaN."""
    return input.isnan()


def isfinite(input):
    """A bool tensor: True where `input` is finite."""
    return input.isfinite()


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
    if input is None or other is None:
        raise TypeError(
            "where() takes a condition alone, or a condition, input and other "
            "(got only one of input and other)"
        )
    if not isinstance(input, Tensor):
        like = other if isinstance(other, Tensor) else None
        input = _as_tensor(input, like)
    return input.where(condition, other)


def maximum(input, other):
    """Elementwise larger of two tensors."""
    return input.maximum(other)


def minimum(input, other):
    """Elementwise smaller of two tensors."""
    return input.minimum(other)


def clone(input):
    """A copy (recorded)."""
    return input.clone()


def detach(input):
    """input outside the graph."""
    return input.detach()


def numel(input):
    """The number of elements."""
    return input.numel()


def is_tensor(obj):
    """True if obj is a minigrad Tensor."""
    return isinstance(obj, Tensor)


def allclose(input, other, rtol=1e-05, atol=1e-08):
    """True if all values are close."""
    return input.allclose(other, rtol, atol)


def equal(input, other):
    """True if same shape and values."""
    return input.equal(other)


def sign(input):
    """-1, 0 or 1 per element."""
    tensor_arg(input, "sign")
    return input.sign()


def square(input):
    """input ** 2."""
    tensor_arg(input, "square")
    return input**2


# ----- PyTorch-compatibility functions (issue 12) ----------------------------------


def log10(input):
    """Logarithm to base 10."""
    return input.log10()


def log2(input):
    """Logarithm to base 2."""
    return input.log2()


def log1p(input):
    """ln(1 + input), exact for tiny values."""
    return input.log1p()


def expm1(input):
    """e ** input - 1, exact for tiny values."""
    return input.expm1()


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


def bmm(input, mat2):
    """Batched matrix product of (b, n, m) and (b, m, p) tensors: (b, n, p).

    Example:
        >>> minigrad.bmm(minigrad.ones(5, 2, 3), minigrad.ones(5, 3, 4)).shape
        minigrad.Size([5, 2, 4])
    """
    tensor_arg(input, "bmm")
    return _linalg.bmm(input, mat2)


def mv(input, vec):
    """The product of a matrix and a vector: (n, m) @ (m,) is (n,).

    Example:
        >>> minigrad.mv(minigrad.ones(2, 3), minigrad.ones(3))
        tensor([3., 3.])
    """
    tensor_arg(input, "mv")
    return _linalg.mv(input, vec)


def outer(input, vec2):
    """The outer product of two vectors: out[i, j] = input[i] * vec2[j].

    Example:
        >>> minigrad.outer(minigrad.tensor([1.0, 2.0]), minigrad.tensor([1.0, 10.0]))
        tensor([[ 1., 10.],
                [ 2., 20.]])
    """
    return _linalg.outer(input, vec2)


def floor(input):
    """The largest whole number <= each element (gradient 0).

    Example:
        >>> minigrad.floor(minigrad.tensor([-1.5, 1.5]))
        tensor([-2.,  1.])
    """
    tensor_arg(input, "floor")
    return input.floor()


def ceil(input):
    """The smallest whole number >= each element (gradient 0).

    Example:
        >>> minigrad.ceil(minigrad.tensor([-1.5, 1.5]))
        tensor([-1.,  2.])
    """
    tensor_arg(input, "ceil")
    return input.ceil()


def trunc(input):
    """Each element rounded toward zero (gradient 0).

    Example:
        >>> minigrad.trunc(minigrad.tensor([-1.5, 1.5]))
        tensor([-1.,  1.])
    """
    tensor_arg(input, "trunc")
    return input.trunc()


def frac(input):
    """The fractional part, input - trunc(input) (gradient 1).

    Example:
        >>> minigrad.frac(minigrad.tensor([-1.5, 1.25]))
        tensor([-0.5000,  0.2500])
    """
    tensor_arg(input, "frac")
    return input.frac()


def logsumexp(input, dim, keepdim=False):
    """log(sum(exp(input))) along `dim`, without overflow (the largest element
    is subtracted first). Its gradient is the softmax along `dim`.

    Example:
        >>> minigrad.logsumexp(minigrad.tensor([1.0, 1.0]), dim=0)
        tensor(1.6931)
    """
    tensor_arg(input, "logsumexp")
    return input.logsumexp(dim, keepdim)


def flip(input, dims):
    """The elements in reverse order along each dim of `dims` (a tuple or list).

    Example:
        >>> minigrad.flip(minigrad.tensor([1, 2, 3]), (0,))
        tensor([3, 2, 1])
    """
    tensor_arg(input, "flip")
    if not isinstance(dims, (tuple, list)):
        raise TypeError(
            f"flip(): argument 'dims' (position 2) must be tuple of ints, not "
            f"{type(dims).__name__} (write flip(x, ({dims!r},)) or x.flip({dims!r}))"
        )
    return input.flip(dims)


def masked_fill(input, mask, value):
    """A copy of input with `value` where the bool `mask` is True.

    Example:
        >>> x = minigrad.tensor([1.0, 2.0, 3.0])
        >>> minigrad.masked_fill(x, x > 1.5, 0.0)
        tensor([1., 0., 0.])
    """
    tensor_arg(input, "masked_fill")
    return input.masked_fill(mask, value)


def nonzero(input, *, as_tuple=False):
    """The indices of input's nonzero elements, one row each (or, with
    `as_tuple=True`, one index tensor per dim).

    Example:
        >>> minigrad.nonzero(minigrad.tensor([0, 3, 0, 4]))
        tensor([[1],
                [3]])
    """
    tensor_arg(input, "nonzero")
    return input.nonzero(as_tuple=as_tuple)


def argsort(input, dim=-1, descending=False, stable=False):
    """The indices that sort input along `dim` (a stable sort, so ties keep
    their order whatever `stable` says).

    Example:
        >>> minigrad.argsort(minigrad.tensor([3.0, 1.0, 2.0]))
        tensor([1, 2, 0])
    """
    tensor_arg(input, "argsort")
    return input.argsort(dim, descending, stable)


def tril(input, diagonal=0):
    """The lower triangle of input's last two dims, zeros above `diagonal`.

    Example:
        >>> minigrad.tril(minigrad.ones(2, 2))
        tensor([[1., 0.],
                [1., 1.]])
    """
    tensor_arg(input, "tril")
    return input.tril(diagonal)


def triu(input, diagonal=0):
    """The upper triangle of input's last two dims, zeros below `diagonal`.

    Example:
        >>> minigrad.triu(minigrad.ones(2, 2))
        tensor([[1., 1.],
                [0., 1.]])
    """
    tensor_arg(input, "triu")
    return input.triu(diagonal)


# ----- comparisons as functions: minigrad.eq(a, b) is a == b --------------------


def eq(input, other):
    """input == other, elementwise (a bool tensor; `other` may be a number).

    Example:
        >>> minigrad.eq(minigrad.tensor([1.0, 2.0]), 2)
        tensor([False,  True])
    """
    tensor_arg(input, "eq")
    return input.eq(other)


def ne(input, other):
    """input != other, elementwise (a bool tensor)."""
    tensor_arg(input, "ne")
    return input.ne(other)


def lt(input, other):
    """input < other, elementwise (a bool tensor)."""
    tensor_arg(input, "lt")
    return input.lt(other)


def le(input, other):
    """input <= other, elementwise (a bool tensor)."""
    tensor_arg(input, "le")
    return input.le(other)


def gt(input, other):
    """input > other, elementwise (a bool tensor)."""
    tensor_arg(input, "gt")
    return input.gt(other)


def ge(input, other):
    """input >= other, elementwise (a bool tensor)."""
    tensor_arg(input, "ge")
    return input.ge(other)


# ----- more elementwise functions: reciprocal, rsqrt, erf, sinh, cosh, asin, ...


def reciprocal(input):
    """1 / input (integers give float32).

    Example:
        >>> minigrad.reciprocal(minigrad.tensor([2.0, 4.0]))
        tensor([0.5000, 0.2500])
    """
    tensor_arg(input, "reciprocal")
    return input.reciprocal()


def rsqrt(input):
    """1 / sqrt(input).

    Example:
        >>> minigrad.rsqrt(minigrad.tensor([4.0, 16.0]))
        tensor([0.5000, 0.2500])
    """
    tensor_arg(input, "rsqrt")
    return input.rsqrt()


def erf(input):
    """The error function, 2/√π times the integral of e^(-t²) from 0 to input.

    Example:
        >>> minigrad.erf(minigrad.tensor([0.0, 1.0]))
        tensor([0.0000, 0.8427])
    """
    tensor_arg(input, "erf")
    return input.erf()


def sinh(input):
    """The hyperbolic sine.

    Example:
        >>> minigrad.sinh(minigrad.tensor([0.0]))
        tensor([0.])
    """
    tensor_arg(input, "sinh")
    return input.sinh()


def cosh(input):
    """The hyperbolic cosine.

    Example:
        >>> minigrad.cosh(minigrad.tensor([0.0]))
        tensor([1.])
    """
    tensor_arg(input, "cosh")
    return input.cosh()


def asin(input):
    """The inverse sine (nan outside [-1, 1]).

    Example:
        >>> minigrad.asin(minigrad.tensor([0.0, 1.0]))
        tensor([0.0000, 1.5708])
    """
    tensor_arg(input, "asin")
    return input.asin()


def acos(input):
    """The inverse cosine (nan outside [-1, 1]).

    Example:
        >>> minigrad.acos(minigrad.tensor([1.0, 0.0]))
        tensor([0.0000, 1.5708])
    """
    tensor_arg(input, "acos")
    return input.acos()


def atan(input):
    """The inverse tangent.

    Example:
        >>> minigrad.atan(minigrad.tensor([0.0, 1.0]))
        tensor([0.0000, 0.7854])
    """
    tensor_arg(input, "atan")
    return input.atan()


# ----- two-tensor functions, roll, stacking and logic ---------------------------


def atan2(input, other):
    """The angle of the point (other, input), elementwise, in (-π, π].

    Example:
        >>> minigrad.atan2(minigrad.tensor([1.0]), minigrad.tensor([1.0]))
        tensor([0.7854])
    """
    tensor_arg(input, "atan2")
    return input.atan2(other)


def logaddexp(input, other):
    """log(exp(input) + exp(other)), elementwise, without overflow.

    Example:
        >>> minigrad.logaddexp(minigrad.tensor([1000.0]), minigrad.tensor([1000.0]))
        tensor([1000.6931])
    """
    tensor_arg(input, "logaddexp")
    return input.logaddexp(other)


def roll(input, shifts, dims=None):
    """The elements shifted along `dims`, wrapping around at the end.

    Example:
        >>> minigrad.roll(minigrad.tensor([1, 2, 3]), 1)
        tensor([3, 1, 2])
    """
    tensor_arg(input, "roll")
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


def isinf(input):
    """A bool tensor: True where input is +inf or -inf."""
    tensor_arg(input, "isinf")
    return input.isinf()


def logical_not(input):
    """A bool tensor: True where input is zero (False)."""
    tensor_arg(input, "logical_not")
    return input.logical_not()


def logical_and(input, other):
    """A bool tensor: True where both are nonzero."""
    tensor_arg(input, "logical_and")
    return input.logical_and(other)


def logical_or(input, other):
    """A bool tensor: True where either is nonzero."""
    tensor_arg(input, "logical_or")
    return input.logical_or(other)


def logical_xor(input, other):
    """A bool tensor: True where exactly one is nonzero."""
    tensor_arg(input, "logical_xor")
    return input.logical_xor(other)
