"""Reductions: sum, mean, max, min, var, std, norm; and softmax, log_softmax.

A reduction over `dim` removes that dimension (unless `keepdim=True`); its
backward puts the dimension back (`_restore`) and expands the gradient over it.
"""

import math
import warnings

import numpy as np

from .._check import bool_arg, number_arg
from .._dtype import scalar_type_name
from ..autograd.function import Function, Node, record
from ..autograd.grad_mode import is_recording
from ..tensor import Tensor
from ._util import (
    accumulate,
    constant,
    float_input,
    from_accumulated,
    normalize_dims,
    promote,
    zero_gradient,
)


def _restore(grad, shape, dims, keepdim):
    """Reshape a reduced gradient so that it broadcasts against `shape`."""
    if not keepdim:
        kept = [1 if i in dims else n for i, n in enumerate(shape)]
        grad = grad.reshape(tuple(kept))
    return grad


def _count(shape, dims):
    """How many elements a reduction over `dims` of `shape` combines."""
    return math.prod([shape[d] for d in dims]) if shape else 1


def sum_all(a):
    """The sum of all elements (`Tensor.sum()` without a dim): SumBackward0."""
    x = a._data
    if x.dtype.kind in "bu":  # bool and uint8 sum as int64, as in PyTorch
        x = x.astype(np.int64)  # (numpy: bool stays bool, uint8 gives uint64)
    if x.dtype == np.float16:  # added up in float32, as PyTorch (`accumulate`)
        total = np.add.reduce(x, axis=None, dtype=np.float32)
        value = from_accumulated(total, x.dtype)[()]
        return record(SumBackward0, value, (a,), shape=x.shape)
    # (np.add.reduce is np.sum without its Python layer, twice as fast here)
    return record(SumBackward0, np.add.reduce(x, axis=None), (a,), shape=x.shape)


class SumBackward0(Node):
    formula = "d(Σa)/da_i = 1"
    broadcasts = False  # (nothing to fit: the gradient is spread back)

    def backward(self, grad):
        return (_spread(grad, self.shape),)


def mean_all(a):
    """The mean of all elements (`Tensor.mean()` without a dim): MeanBackward0."""
    x = a._data
    if x.dtype.kind != "f":
        raise _mean_dtype_error(a)
    if not x.size:
        return Mean.apply(a)  # the mean of nothing is nan, quietly
    # The sum divided by the count: np.mean's own Python layer costs 4x more.
    if x.dtype == np.float16:  # added up in float32, as PyTorch (`accumulate`)
        total = np.add.reduce(x, axis=None, dtype=np.float32)
        value = from_accumulated(total / x.size, x.dtype)[()]
    else:
        value = np.add.reduce(x, axis=None) / x.size
    return record(MeanBackward0, value, (a,), shape=x.shape)


class MeanBackward0(Node):
    formula = "d(mean a)/da_i = 1/N"
    broadcasts = False  # (nothing to fit: the gradient is spread back)

    def backward(self, grad):
        if isinstance(grad, Tensor):
            return (_spread(grad, self.shape) / math.prod(self.shape),)
        return (_spread(grad / math.prod(self.shape), self.shape),)


def _spread(grad, shape):
    """A gradient of a total, spread back over the elements of `shape`."""
    if isinstance(grad, Tensor):
        return grad.reshape((1,) * len(shape)).expand(shape)
    # (filling new memory costs a tenth of `np.broadcast_to`'s Python layer
    # on small arrays, and BLAS takes it as it is: it needs no copy later)
    spread = np.empty(shape, grad.dtype)
    spread[...] = grad
    return spread


def _mean_dtype_error(a):
    return RuntimeError(
        f"mean(): could not infer output dtype. Input dtype must be either "
        f"a floating point or complex dtype. Got: {a.dtype.name}. "
        "Hint: call .float() first."
    )


class Sum(Function):
    """Sum of all elements, or along `dim`."""

    formula = "d(Σa)/da_i = 1"

    @classmethod
    def node_name(cls, a, dim=None, keepdim=False):
        return "SumBackward0" if dim is None else "SumBackward1"

    @staticmethod
    def forward(ctx, a, dim=None, keepdim=False):
        bool_arg(keepdim, "sum", "keepdim")
        x = a._data
        dims = normalize_dims(dim, x.ndim, distinct=True)
        ctx.shape, ctx.dims, ctx.keepdim = x.shape, dims, keepdim
        if x.dtype.kind in "bu":  # (as in `sum_all`)
            x = x.astype(np.int64)
        # (np.add.reduce is np.sum without its Python layer, twice as fast here)
        total = np.add.reduce(
            accumulate(x), axis=dims if x.ndim else None, keepdims=keepdim
        )
        # (float16 back from float32; other integers sum as int64, as numpy does)
        return from_accumulated(total, x.dtype if x.dtype == np.float16 else None)

    @staticmethod
    def backward(ctx, grad):
        return _restore(grad, ctx.shape, ctx.dims, ctx.keepdim).expand(ctx.shape)


class Mean(Function):
    """Mean of all elements, or along `dim`."""

    formula = "d(mean a)/da_i = 1/N"

    @classmethod
    def node_name(cls, a, dim=None, keepdim=False):
        return "MeanBackward0" if dim is None else "MeanBackward1"

    @staticmethod
    def forward(ctx, a, dim=None, keepdim=False):
        bool_arg(keepdim, "mean", "keepdim")
        x = a._data
        if x.dtype.kind != "f":
            raise _mean_dtype_error(a)
        dims = normalize_dims(dim, x.ndim, distinct=True)
        ctx.shape, ctx.dims, ctx.keepdim = x.shape, dims, keepdim
        # The sum divided by the count: np.mean's own Python layer costs 4x more.
        total = np.add.reduce(
            accumulate(x), axis=dims if x.ndim else None, keepdims=keepdim
        )
        count = _count(x.shape, dims)
        if count:
            return from_accumulated(total / count, x.dtype)
        with np.errstate(invalid="ignore"):  # the mean of nothing is nan, quietly
            return np.asarray(total / count, dtype=x.dtype)

    @staticmethod
    def backward(ctx, grad):
        n = _count(ctx.shape, ctx.dims)
        return _restore(grad, ctx.shape, ctx.dims, ctx.keepdim).expand(ctx.shape) / n


class Cumsum(Function):
    """Running sum along `dim`: out[i] = a[0] + ... + a[i]."""

    backward_name = "CumsumBackward0"
    formula = "d out[i] / d a[j] = 1 for j <= i: grad summed from the end"

    @staticmethod
    def forward(ctx, a, dim):
        x = a._data
        (d,) = normalize_dims(dim, x.ndim)
        ctx.dim = d
        if x.ndim == 0:
            return x.copy()
        if x.dtype.kind in "biu":
            x = x.astype(np.int64)  # integers sum as int64, as in PyTorch
        return from_accumulated(np.cumsum(accumulate(x), axis=d), x.dtype)

    @staticmethod
    def backward(ctx, grad):
        if grad.numel() <= 1 or grad.shape[ctx.dim] == 1:
            return grad
        # Each a[j] feeds every out[i] with i >= j: its gradient is the sum of
        # grad from j to the end, a running sum from the end (as PyTorch's
        # reversed_cumsum: a total less a running sum would cancel, badly in
        # float16).
        d = ctx.dim
        return grad.flip(d).cumsum(d).flip(d)


class MaxMin(Function):
    """Largest (or smallest) element, overall or along one dim with indices.

    Overall, ties share the gradient equally (as PyTorch's max()); along a dim
    the gradient goes to the index returned.
    """

    formula = "d(max a)/da_i = 1 where a_i is the max, else 0"
    ctx_arrays = ("mask", "indices")  # freed after backward

    @classmethod
    def node_name(cls, a, dim=None, keepdim=False, smallest=False):
        base = "MinBackward" if smallest else "MaxBackward"
        return base + ("1" if dim is None else "0")

    @staticmethod
    def forward(ctx, a, dim=None, keepdim=False, smallest=False):
        x = a._data
        name = "min" if smallest else "max"
        bool_arg(keepdim, name, "keepdim")
        if x.size == 0 and dim is None:
            raise RuntimeError(
                f"{name}(): Expected reduction dim to be specified for "
                "input.numel() == 0. Specify the reduction dim with the 'dim' argument."
            )
        ctx.shape, ctx.keepdim = a.shape, keepdim
        pick = np.argmin if smallest else np.argmax
        if dim is None:
            value = np.min(x) if smallest else np.max(x)
            ctx.mask = x == value
            ctx.save_for_backward(a)  # (as PyTorch: only to refuse an in-place change)
            ctx.dim = None
            return np.asarray(value)
        (d,) = normalize_dims(dim, a.dim())
        if x.ndim and x.shape[d] == 0:
            # Other empty dims are fine (an empty result), as in PyTorch.
            raise IndexError(
                f"{name}(): Expected reduction dim {d} to have non-zero size."
            )
        if x.ndim == 0:
            indices = np.asarray(0)
            values = x.copy()
        else:
            indices = pick(x, axis=d, keepdims=True)
            values = np.take_along_axis(x, indices, axis=d)
            if not keepdim:
                values, indices = values.squeeze(d), indices.squeeze(d)
        indices = indices.astype(np.int64)
        ctx.dim = d
        ctx.indices = indices
        ctx.mark_non_differentiable(indices)
        return values, indices

    @staticmethod
    def backward(ctx, grad, grad_indices=None):
        if ctx.dim is None:
            ctx.saved(False)  # raises if `a` changed in place (`mask` is a's)
            mask = ctx.mask / ctx.mask.sum()
            return grad * constant(mask, grad)
        shape, d = ctx.shape, ctx.dim
        if not shape:
            return grad
        indices = ctx.indices if ctx.keepdim else np.expand_dims(ctx.indices, d)
        onehot = np.zeros(shape, dtype=bool)
        np.put_along_axis(onehot, indices, True, axis=d)
        return _restore(grad, shape, (d,), ctx.keepdim) * constant(onehot, grad)


def _warn_no_dof(name, n, correction):
    """PyTorch's warning when the correction leaves no degrees of freedom
    (the variance of one element): the result is nan or inf."""
    if n - correction <= 0:
        warnings.warn(
            f"{name}(): degrees of freedom is <= 0. Correction should be strictly "
            "less than the reduction factor (input numel divided by output numel).",
            UserWarning,
            stacklevel=6,  # the caller of Tensor.var
        )


def _float_statistics(a, name):
    """var, std and norm of integers: PyTorch refuses them (numpy would round
    the result back to the integer dtype: a variance of 2.33 printed as 2)."""
    if a._data.dtype.kind != "f":
        raise RuntimeError(
            f"{name}() only supports floating point dtypes, got "
            f"{scalar_type_name(a._data.dtype)} (convert the input with .float())"
        )


class Var(Function):
    """Variance with Bessel's correction (`correction=1`) by default."""

    backward_name = "VarBackward0"
    formula = "d(var a)/da_i = 2 (a_i - mean) / (N - correction)"

    @staticmethod
    def forward(ctx, a, dim=None, correction=1, keepdim=False):
        bool_arg(keepdim, "var", "keepdim")
        _float_statistics(a, "var")
        dims = normalize_dims(dim, a.dim(), distinct=True)
        dims = dims or tuple(range(a.dim()))  # (dim=(): every dim, as PyTorch)
        ctx.save_for_backward(a)
        ctx.dims, ctx.correction, ctx.keepdim = dims, correction, keepdim
        x = a._data
        _warn_no_dof("var", _count(x.shape, dims), correction)
        with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # (warned above)
            result = np.var(
                accumulate(x),
                axis=dims if x.ndim else None,
                ddof=correction,
                keepdims=keepdim,
            )
        return promote(from_accumulated(result, x.dtype), a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        n = _count(a.shape, ctx.dims)
        centred = a - a.mean(dim=ctx.dims, keepdim=True)
        # No degrees of freedom left (one element): 2/0 = inf, and the
        # gradient nan (0 * inf), as PyTorch's; not a ZeroDivisionError.
        with np.errstate(divide="ignore", invalid="ignore"):
            scale = np.float64(2.0) / max(n - ctx.correction, 0)
            return _restore(grad, a.shape, ctx.dims, ctx.keepdim) * centred * scale


class Std(Function):
    """Standard deviation, the square root of `Var`."""

    backward_name = "StdBackward0"
    formula = "d(std a)/da_i = (a_i - mean) / ((N - correction) std)"

    @staticmethod
    def forward(ctx, a, dim=None, correction=1, keepdim=False):
        bool_arg(keepdim, "std", "keepdim")
        _float_statistics(a, "std")
        dims = normalize_dims(dim, a.dim(), distinct=True)
        dims = dims or tuple(range(a.dim()))  # (dim=(): every dim, as PyTorch)
        ctx.dims, ctx.correction, ctx.keepdim = dims, correction, keepdim
        x = a._data
        _warn_no_dof("std", _count(x.shape, dims), correction)
        with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # (warned above)
            result = np.std(
                accumulate(x),
                axis=dims if x.ndim else None,
                ddof=correction,
                keepdims=keepdim,
            )
        result = promote(from_accumulated(result, x.dtype), a)
        ctx.save_for_backward(a, result)
        return result

    @staticmethod
    def backward(ctx, grad):
        a, result = ctx.saved_tensors
        n = _count(a.shape, ctx.dims)
        centred = a - a.mean(dim=ctx.dims, keepdim=True)
        std = _restore(result, a.shape, ctx.dims, ctx.keepdim)
        grad = _restore(grad, a.shape, ctx.dims, ctx.keepdim)
        # Where the std is 0 (a constant slice) the gradient is taken as 0, not
        # 0/0 = nan: PyTorch does the same (std_backward's masked_fill).
        zero = constant(std._data == 0, std)
        with np.errstate(invalid="ignore"):  # (no degrees of freedom: nan)
            return grad * centred / ((std + zero) * max(n - ctx.correction, 0))


def _norm_order(p):
    """`Tensor.norm`'s p as a number: None and "fro" are 2 (the default);
    another string is no order PyTorch knows (RuntimeError), and anything but
    a number (a 0-d tensor gives its value) is a TypeError."""
    if p is None or (isinstance(p, str) and p == "fro"):
        return 2
    if isinstance(p, str):
        raise RuntimeError(
            f"linalg.matrix_norm: Order {p} not supported. (Use a number, "
            "'fro' or 'nuc'.)"
        )
    return number_arg(p, "linalg_vector_norm", "ord")


class Norm(Function):
    """The p-norm (p = 2 by default) of all elements or along `dim`."""

    # PyTorch 2.x computes Tensor.norm with linalg.vector_norm.
    backward_name = "LinalgVectorNormBackward0"
    formula = "d‖a‖_p/da_i = a_i |a_i|^(p-2) / ‖a‖_p^(p-1)"

    @staticmethod
    def forward(ctx, a, p=2, dim=None, keepdim=False):
        bool_arg(keepdim, "norm", "keepdim")
        _float_statistics(a, "norm")
        p = _norm_order(p)
        dims = normalize_dims(dim, a.dim(), distinct=True)
        dims = dims or tuple(range(a.dim()))  # (dim=(): every dim, as PyTorch)
        ctx.p, ctx.dims, ctx.keepdim = p, dims, keepdim
        x = accumulate(a._data)  # (float16 in float32, as PyTorch)
        axis = dims if x.ndim else None
        if np.isinf(p):  # the largest |x| (inf), or the smallest (-inf)
            largest = np.max if p > 0 else np.min
            result = largest(np.abs(x), axis=axis, keepdims=keepdim)
        elif p != p:  # (a nan order: nan, as PyTorch; numpy's 1 ** nan is 1)
            result = np.sum(x, axis=axis, keepdims=keepdim) * np.nan
        elif p == 0:  # PyTorch's "0-norm": how many elements are nonzero
            result = np.sum(x != 0, axis=axis, keepdims=keepdim)
        else:  # (a negative p: |0| ** p is inf, and the norm 0, as PyTorch's)
            with np.errstate(divide="ignore"):
                total = np.sum(np.abs(x) ** p, axis=axis, keepdims=keepdim)
                result = total ** (1.0 / p)
        result = promote(from_accumulated(result, a._data.dtype), a)
        ctx.save_for_backward(a, result)
        return result

    @staticmethod
    def backward(ctx, grad):
        a, result = ctx.saved_tensors
        p = ctx.p
        norm = _restore(result, a.shape, ctx.dims, ctx.keepdim)
        grad = _restore(grad, a.shape, ctx.dims, ctx.keepdim)
        sign = a.sign()  # (recorded, derivative 0: a second derivative is defined)
        # Where the norm is 0 the gradient is taken as 0 (PyTorch does the same).
        safe = constant(result._data == 0, result)
        norm_safe = _restore(result + safe, a.shape, ctx.dims, ctx.keepdim)
        if np.isinf(p):
            is_max = constant(np.abs(a._data) == np.abs(norm._data), a)
            count = is_max.sum(dim=ctx.dims, keepdim=True)
            return grad * sign * is_max / count
        if p == 0:  # a count: flat almost everywhere (zeros of a's shape)
            return zero_gradient(a)
        if p == 1:
            return grad * sign
        if p == 2:
            return grad * a / norm_safe
        return grad * sign * a.abs() ** (p - 1) / norm_safe ** (p - 1)


class Softmax(Function):
    """exp(a_i) / Σ_j exp(a_j) along `dim`. Saves its result."""

    backward_name = "SoftmaxBackward0"
    formula = "d s_i/d a_j = s_i (δ_ij - s_j)"

    @staticmethod
    def forward(ctx, a, dim):
        (d,) = normalize_dims(dim, a.dim())
        x = float_input(a, "softmax")._data
        if x.size == 0:  # nothing to normalise (np.max of nothing would raise)
            result = x.copy()
        else:
            x = accumulate(x)  # (float16 in float32, as PyTorch)
            shifted = np.exp(x - np.max(x, axis=d, keepdims=True))  # no overflow
            result = shifted / np.sum(shifted, axis=d, keepdims=True)
            result = from_accumulated(result, a._data.dtype)
        ctx.dim = d
        ctx.save_for_backward(result)
        return result

    @staticmethod
    def backward(ctx, grad):
        (s,) = ctx.saved_tensors
        if _in_float32(s, grad):  # float16: in float32, rounded once (as PyTorch)
            s32, g32 = s._data.astype(np.float32), grad._data.astype(np.float32)
            dot = np.sum(g32 * s32, axis=ctx.dim, keepdims=True)
            return constant(s32 * (g32 - dot), grad)
        return s * (grad - (grad * s).sum(dim=ctx.dim, keepdim=True))


def _in_float32(saved, grad):
    """Whether a float16 softmax's backward is computed in float32 numpy (its
    sums accumulated in float32, and rounded once, as PyTorch's kernel): when
    nothing records it (under create_graph it is written with tensor ops)."""
    if saved._data.dtype != np.float16:
        return False
    return not (grad.requires_grad or saved.requires_grad and is_recording())


class LogSoftmax(Function):
    """log(softmax(a)) along `dim`, computed stably. Saves its result."""

    backward_name = "LogSoftmaxBackward0"
    formula = "d l_i/d a_j = δ_ij - softmax(a)_j"

    @staticmethod
    def forward(ctx, a, dim):
        (d,) = normalize_dims(dim, a.dim())
        x = float_input(a, "log_softmax")._data
        if x.size == 0:  # nothing to normalise (np.max of nothing would raise)
            result = x.copy()
        else:
            half = x.dtype == np.float16
            x = accumulate(x)  # (float16 in float32, as PyTorch)
            shifted = x - np.max(x, axis=d, keepdims=True)
            total = np.sum(np.exp(shifted), axis=d, keepdims=True)
            if half and d == x.ndim - 1:
                # PyTorch's kernel along the last dim keeps the sum and its
                # log in float16 (log_softmax([1., 2.]) is [-1.3135, -0.3135])
                total = np.log(total.astype(np.float16)).astype(np.float32)
            else:
                total = np.log(total)
            result = from_accumulated(shifted - total, a._data.dtype)
        ctx.dim = d
        ctx.save_for_backward(result)
        return result

    @staticmethod
    def backward(ctx, grad):
        (log_s,) = ctx.saved_tensors
        if _in_float32(log_s, grad):  # (as in Softmax)
            s32, g32 = np.exp(log_s._data.astype(np.float32)), grad._data
            total = np.sum(g32, axis=ctx.dim, keepdims=True, dtype=np.float32)
            return constant(g32 - s32 * total, grad)
        return grad - log_s.exp() * grad.sum(dim=ctx.dim, keepdim=True)


# ----- amax/amin and prod (issue 14; first reading: skip) ---------------------


class AmaxAmin(Function):
    """The largest (or smallest) values over one dim, several, or all (`dim=()`).

    Unlike `max(dim)` there are no indices, and ties share the gradient
    evenly, as PyTorch's AmaxBackward0 does: each of k equal maxima gets 1/k.
    """

    formula = "d(amax a)/da_i = 1/k where a_i is one of the k largest, else 0"
    ctx_arrays = ("share",)  # freed after backward

    @classmethod
    def node_name(cls, a, dim=(), keepdim=False, smallest=False):
        return "AminBackward0" if smallest else "AmaxBackward0"

    @staticmethod
    def forward(ctx, a, dim=(), keepdim=False, smallest=False):
        x = a._data
        name = "amin" if smallest else "amax"
        every = isinstance(dim, (tuple, list)) and not dim
        dims = normalize_dims(None if every else dim, x.ndim, distinct=True)
        if x.size == 0 and every:
            raise RuntimeError(
                f"{name}(): Expected reduction dim to be specified for "
                "input.numel() == 0. Specify the reduction dim with the 'dim' argument."
            )
        for d in dims:
            if x.ndim and x.shape[d] == 0:
                raise IndexError(
                    f"{name}(): Expected reduction dim {d} to have non-zero size."
                )
        axes = dims if x.ndim else None
        extreme = np.min if smallest else np.max
        values = np.asarray(extreme(x, axis=axes, keepdims=True))
        if x.dtype.kind == "f":
            ties = x == values
            with np.errstate(invalid="ignore", divide="ignore"):
                ctx.share = ties / ties.sum(axis=axes, keepdims=True)
        ctx.shape, ctx.dims, ctx.keepdim = x.shape, dims, keepdim
        ctx.save_for_backward(a)  # (as in MaxMin)
        if keepdim or not x.ndim:
            return values
        return np.squeeze(values, axis=dims)

    @staticmethod
    def backward(ctx, grad):
        ctx.saved(False)  # raises if `a` changed in place (as in MaxMin)
        grad = _restore(grad, ctx.shape, ctx.dims, ctx.keepdim)
        return grad * constant(ctx.share, grad)


class Prod(Function):
    """The product of all elements (ProdBackward0) or along one dim (ProdBackward1).

    The gradient of element i is the product of all the others, computed
    without dividing by a_i, so zeros in the input get PyTorch's gradient: with
    one zero in a slice, that zero's gradient is the product of the rest.
    """

    formula = "d(Π a)/da_i = Π_(j≠i) a_j"
    ctx_arrays = ("result",)  # freed after backward

    @classmethod
    def node_name(cls, a, dim=None, keepdim=False):
        return "ProdBackward0" if dim is None else "ProdBackward1"

    @staticmethod
    def forward(ctx, a, dim=None, keepdim=False):
        x = a._data
        if dim is None:
            d = None
        else:
            (d,) = normalize_dims(dim, x.ndim)
        if x.dtype.kind in "biu":
            x = x.astype(np.int64)  # integers multiply as int64, as in PyTorch
        ctx.dim, ctx.keepdim, ctx.result = d, keepdim, None
        ctx.save_for_backward(a)
        if x.ndim == 0:
            return x.copy()
        if x.dtype == np.float16:
            # PyTorch multiplies float16 in float16, rounding after each
            # product (no float32 accumulation here, unlike sum): a running
            # product in numpy rounds so too, where np.prod along the last
            # axis would not.
            flat = x.reshape(-1) if d is None else x
            along = 0 if d is None else d
            with np.errstate(over="ignore"):  # (too big for float16: inf)
                running = np.cumprod(flat, axis=along)
            total = np.take(running, [-1], axis=along)
            total = total.reshape(()) if d is None else total
            ctx.result = total  # (for the backward, as PyTorch's)
            return total if keepdim or d is None else np.squeeze(total, d)
        return np.asarray(np.prod(x, axis=d, keepdims=keepdim and d is not None))

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        if a.dim() == 0:
            return grad
        d = ctx.dim
        flat = a.reshape(-1) if d is None else a
        d = 0 if d is None else d
        if grad.requires_grad or a.requires_grad and is_recording():
            others = _products_of_the_others_recorded(flat, d)
        elif ctx.result is not None and (flat._data != 0).all():
            # float16 without zeros: result / a, as PyTorch's (in float16)
            result = ctx.result.reshape(-1)[:1] if ctx.dim is None else ctx.result
            others = constant(result / flat._data, grad)
        else:
            others = constant(_products_of_the_others(flat._data, d), grad)
        if ctx.dim is None:
            return grad * others.reshape(a.shape)
        return _restore(grad, a.shape, (d,), ctx.keepdim) * others


def _products_of_the_others(x, d):
    """For each element, the product of the other elements of its slice along d.

    The product of everything before it times the product of everything after
    it (two running products), so no division: exact with zeros in `x`.
    """
    ones = np.ones_like(np.take(x, [0], axis=d))
    before = np.cumprod(np.concatenate([ones, x], axis=d), axis=d)
    after = np.flip(
        np.cumprod(np.concatenate([ones, np.flip(x, axis=d)], axis=d), axis=d), axis=d
    )
    n = x.shape[d]
    return np.take(before, range(n), axis=d) * np.take(after, range(1, n + 1), axis=d)


def _products_of_the_others_recorded(x, d):
    """`_products_of_the_others` with recorded tensor ops (create_graph=True):
    slice i of the result is the product of `x` with its slice i set to 1."""
    from .shape import Cat

    n = x.shape[d]
    pieces = []
    for i in range(n):
        is_i = np.zeros([n if k == d else 1 for k in range(x.dim())], dtype=bool)
        is_i.flat[i] = True
        pieces.append(x.where(constant(~is_i, x).bool(), 1.0).prod(d, keepdim=True))
    return Cat.apply(*pieces, dim=d)
