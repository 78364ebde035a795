"""More of PyTorch's combinations, reductions and rearrangements.

- Blends and fused products: `lerp`, `addcmul`, `addcdiv`, `addmv`, `addr`,
  `baddbmm`, `addbmm`, `vdot`, `cross` (each a `Function` with PyTorch's
  node); `inner` and `ger` are composed of existing ops.
- Reductions that ignore nan or pick one element: `nansum`, `nanmean`
  (composed), `median`, `nanmedian`, `kthvalue`, `mode`, `aminmax`, and the
  running `cummax`, `cummin`, `logcumsumexp`.
- Rearrangements: `rot90`, `diag_embed` (Functions); `msort`, `fliplr`,
  `flipud`, `tensor_split` (and `hsplit`, `vsplit`, `dsplit`), `diagflat`,
  `argwhere`, `sum_to_size` (composed).
- The in-place shape changes `t_`, `transpose_`, `squeeze_`, `unsqueeze_`.

Every backward is written with tensor operations, so second derivatives
work. The ops that pick elements (median along a dim, kthvalue, mode, cummax)
find the positions with numpy first; their values are the input's elements
there, and the gradient goes back to those positions (`ScatterAdd`).
"""

import itertools
import math
import warnings
import weakref

import numpy as np

from .. import return_types
from .._check import bool_arg, int_arg, number_arg
from .._dtype import scalar_type_name
from ..autograd.function import Function
from ..autograd.grad_mode import in_inference_mode, is_recording
from ..tensor import Tensor
from . import shape as _shape
from ._util import (
    accumulate,
    check_broadcast,
    constant,
    float_input,
    from_accumulated,
    normalize_dims,
    promote,
)
from .linalg import _scale_arg
from .reduce import _restore
from .sorting import ScatterAdd

# ----- blends: lerp, addcmul, addcdiv -------------------------------------------------


def _check_broadcasts(*tensors):
    """PyTorch's message when the shapes of `tensors` don't broadcast together
    (shapes that broadcast pairwise broadcast together)."""
    for i, a in enumerate(tensors):
        for b in tensors[i + 1 :]:
            check_broadcast(a, b)


def _same_dtype(a, other, function, arg):
    """Refuse `other` of another dtype than `a` (lerp's end and weight)."""
    if other._data.dtype != a._data.dtype:
        raise RuntimeError(
            f"{function}: expected dtype {a.dtype} for `{arg}` but got dtype "
            f"{other.dtype} (convert it with .to({a.dtype}))"
        )


class Lerp(Function):
    """input + weight * (end - input): a step from input towards end."""

    formula = "d/dinput = 1 - weight,  d/dend = weight,  d/dweight = end - input"

    @classmethod
    def node_name(cls, a, end, weight):
        return "LerpBackward1" if isinstance(weight, Tensor) else "LerpBackward0"

    @staticmethod
    def forward(ctx, a, end, weight):
        float_input(a, "lerp")
        _same_dtype(a, end, "lerp", "end")
        x, y = a._data, end._data
        if isinstance(weight, Tensor):
            _same_dtype(a, weight, "lerp", "weight")
            _check_broadcasts(a, end, weight)
            w = weight._data
        else:
            _check_broadcasts(a, end)
            w = x.dtype.type(number_arg(weight, "lerp", "weight"))
        if isinstance(weight, Tensor):
            ctx.save_for_backward(a, end, weight)
        else:  # (a number: kept as it is; a and end are not needed then, and
            # PyTorch does not save them: changing them in place is allowed)
            ctx.weight = w
        # PyTorch's formula: from the nearer end, so that weight 1 gives `end`
        # exactly (x + 1 * (y - x) may not).
        with np.errstate(invalid="ignore"):
            near_start = x + w * (y - x)
            near_end = y - (y - x) * (1 - w)
        return np.asarray(np.where(np.abs(w) < 0.5, near_start, near_end), x.dtype)

    @staticmethod
    def backward(ctx, grad):
        need_a, need_end, need_weight = ctx.needs_input_grad
        if ctx.saved_tensors:
            a, end, w = ctx.saved_tensors
        else:  # a number as weight: it gets no gradient
            w, need_weight = ctx.weight, False
        return (
            grad * (1 - w) if need_a else None,
            grad * w if need_end else None,
            grad * (end - a) if need_weight else None,
        )


def _value_arg(value, function, inputs):
    """addcmul's and addcdiv's `value`: a number; a float for integer tensors
    is refused, as PyTorch does."""
    value = number_arg(value, function, "value")
    integral = all(t._data.dtype.kind in "biu" for t in inputs)
    if integral and isinstance(value, float):
        raise RuntimeError(
            "For integral input tensors, argument value must not be a floating "
            f"point number (got value={value}; convert the tensors with .float())"
        )
    return value


class Addcmul(Function):
    """input + value * tensor1 * tensor2, elementwise."""

    backward_name = "AddcmulBackward0"
    formula = (
        "d/dinput = 1,  d/dtensor1 = value * tensor2,  d/dtensor2 = value * tensor1"
    )

    @staticmethod
    def forward(ctx, a, t1, t2, value=1):
        _check_broadcasts(a, t1, t2)
        value = _value_arg(value, "addcmul", (a, t1, t2))
        ctx.value = value
        ctx.save_for_backward(t1, t2)
        result = a._data + value * t1._data * t2._data
        return promote(np.asarray(result), a, t1, t2)

    @staticmethod
    def backward(ctx, grad):
        t1, t2 = ctx.saved_tensors
        _, need_t1, need_t2 = ctx.needs_input_grad
        return (
            grad,
            grad * t2 * ctx.value if need_t1 else None,
            grad * t1 * ctx.value if need_t2 else None,
        )


class Addcdiv(Function):
    """input + value * tensor1 / tensor2, elementwise."""

    backward_name = "AddcdivBackward0"
    formula = (
        "d/dinput = 1,  d/dtensor1 = value / tensor2,  "
        "d/dtensor2 = -value * tensor1 / tensor2²"
    )

    @staticmethod
    def forward(ctx, a, t1, t2, value=1):
        if t1._data.dtype.kind in "biu" and t2._data.dtype.kind in "biu":
            raise RuntimeError(
                "Integer division with addcdiv is no longer supported. Write "
                "(input + value * tensor1 / tensor2) for a true division, or "
                "(input + value * torch.trunc(tensor1 / tensor2)).to(input.dtype) "
                "for the old integer one."
            )
        _check_broadcasts(a, t1, t2)
        value = _value_arg(value, "addcdiv", (a, t1, t2))
        ctx.value = value
        ctx.save_for_backward(t1, t2)
        with np.errstate(divide="ignore", invalid="ignore"):
            result = a._data + value * t1._data / t2._data
        return promote(np.asarray(result), a, t1, t2)

    @staticmethod
    def backward(ctx, grad):
        t1, t2 = ctx.saved_tensors
        _, need_t1, need_t2 = ctx.needs_input_grad
        return (
            grad,
            grad * ctx.value / t2 if need_t1 else None,
            -grad * ctx.value * t1 / (t2 * t2) if need_t2 else None,
        )


# ----- products added to a tensor: addmv, addr, baddbmm, addbmm -----------------------

_PRODUCT_NODES = {
    "addmv": "AddmvBackward0",
    "addr": "AddrBackward0",
    "baddbmm": "BaddbmmBackward0",
    "addbmm": "AddbmmBackward0",
}


def _check_product(kind, bias, m1, m2):
    """PyTorch's errors for the operands of `kind`; returns the product's shape."""
    x, y = m1._data, m2._data
    dtypes = (bias._data.dtype, x.dtype, y.dtype)
    if len(set(dtypes)) != 1:
        names = ", ".join(scalar_type_name(d) for d in dtypes)
        raise RuntimeError(
            f"{kind} input tensors must have the same dtype, but got {names} "
            "(convert them with .float() or .double())"
        )
    ranks = {"addmv": (2, 1), "addr": (1, 1), "baddbmm": (3, 3), "addbmm": (3, 3)}
    names = {"addmv": ("mat", "vec"), "addr": ("vec1", "vec2")}
    names = names.get(kind, ("batch1", "batch2"))
    for name, t, rank in zip(names, (x, y), ranks[kind]):
        if t.ndim != rank:
            raise RuntimeError(
                f"{kind}: Expected {rank}-D argument {name}, but got {t.ndim}-D"
            )
    if kind == "addmv":
        if x.shape[1] != y.shape[0]:
            raise RuntimeError(
                f"size mismatch, got input ({'x'.join(map(str, bias.shape))}), mat "
                f"({x.shape[0]}x{x.shape[1]}), vec ({y.shape[0]})"
            )
        return (x.shape[0],)
    if kind == "addr":
        return (x.shape[0], y.shape[0])
    if x.shape[0] != y.shape[0]:
        raise RuntimeError(
            f"{kind}: batch1 and batch2 must have the same number of batches, got "
            f"{x.shape[0]} and {y.shape[0]}"
        )
    if x.shape[2] != y.shape[1]:
        raise RuntimeError(
            f"Incompatible matrix sizes for bmm ({x.shape[1]}x{x.shape[2]} and "
            f"{y.shape[1]}x{y.shape[2]})"
        )
    batch = (x.shape[0],) if kind == "baddbmm" else ()
    return batch + (x.shape[1], y.shape[2])


def _product(kind, x, y):
    """The product `kind` adds to its input, of numpy arrays."""
    if kind == "addmv":
        return x @ y
    if kind == "addr":
        return np.multiply.outer(x, y)
    if kind == "baddbmm":
        return np.matmul(x, y)
    return np.matmul(x, y).sum(axis=0)  # addbmm: the batch's products summed


class AddProduct(Function):
    """beta * input + alpha * (a product of m1 and m2): `addmv` (matrix @
    vector), `addr` (outer product), `baddbmm` (batched matrix products),
    `addbmm` (the sum of the batch's matrix products). One node each, named
    as PyTorch names it; input broadcasts to the product's shape."""

    formula = "d/dinput = beta,  d/dm1, d/dm2 = alpha * the product's own gradients"

    @classmethod
    def node_name(cls, bias, m1, m2, kind, beta=1, alpha=1):
        return _PRODUCT_NODES[kind]

    @staticmethod
    def forward(ctx, bias, m1, m2, kind, beta=1, alpha=1):
        shape = _check_product(kind, bias, m1, m2)
        dtype = m1._data.dtype
        if kind == "addr" and dtype.kind in "biu":  # (PyTorch refuses it for addr)
            for name, scale in (("beta", beta), ("alpha", alpha)):
                if isinstance(scale, float):
                    raise RuntimeError(
                        f"For integral input tensors, argument {name} must not be a "
                        f"floating point number (got {name}={scale})"
                    )
        beta = _scale_arg(beta, "beta", dtype, kind)
        alpha = _scale_arg(alpha, "alpha", dtype, kind)
        try:
            np.broadcast_to(bias._data, shape)  # (a check: shapes only)
        except ValueError:
            raise RuntimeError(
                f"{kind}: the input of shape {list(bias.shape)} does not broadcast "
                f"to the product's shape {list(shape)}"
            ) from None
        ctx.kind, ctx.beta, ctx.alpha = kind, beta, alpha
        ctx.save_for_backward(m1, m2)
        result = _product(kind, m1._data, m2._data) * alpha
        if beta != 0:  # (beta=0: the input is not read; a nan there does not spread)
            result = result + bias._data * beta
        return np.asarray(result, dtype)

    @staticmethod
    def backward(ctx, grad):
        m1, m2 = ctx.saved_tensors
        need_bias, need_m1, need_m2 = ctx.needs_input_grad
        g1 = g2 = None
        if ctx.kind == "addmv":  # grad: (n,)
            g1 = grad.outer(m2) if need_m1 else None
            g2 = m1.t().mv(grad) if need_m2 else None
        elif ctx.kind == "addr":  # grad: (n, m)
            g1 = grad.mv(m2) if need_m1 else None
            g2 = grad.t().mv(m1) if need_m2 else None
        else:  # grad: (b, n, p), or (n, p) for addbmm (the same for every batch)
            if ctx.kind == "addbmm":
                grad = grad.expand(m1.shape[0], *grad.shape)
            g1 = grad.bmm(m2.transpose(1, 2)) if need_m1 else None
            g2 = m1.transpose(1, 2).bmm(grad) if need_m2 else None
        if ctx.alpha != 1:
            g1 = None if g1 is None else g1 * ctx.alpha
            g2 = None if g2 is None else g2 * ctx.alpha
        grad_bias = (grad if ctx.beta == 1 else grad * ctx.beta) if need_bias else None
        if need_bias and ctx.kind == "addbmm":
            grad_bias = grad_bias[0]  # (expanded above: one batch's worth)
        return grad_bias, g1, g2


# ----- vdot, inner, cross -----------------------------------------------------------


class Vdot(Function):
    """The dot product of two vectors (real tensors: the same as `dot`)."""

    backward_name = "VdotBackward0"
    formula = "d/da = b,  d/db = a"

    @staticmethod
    def forward(ctx, a, b):
        x, y = a._data, b._data
        if x.ndim != 1 or y.ndim != 1:
            raise RuntimeError(
                f"1D tensors expected, but got {x.ndim}D and {y.ndim}D tensors"
            )
        if x.shape != y.shape:
            raise RuntimeError(
                f"inconsistent tensor size, expected tensor [{x.size}] and src "
                f"[{y.size}] to have the same number of elements, but got {x.size} "
                f"and {y.size} elements respectively"
            )
        if x.dtype != y.dtype:
            raise RuntimeError(
                f"vdot : expected both vectors to have same dtype, but found "
                f"{scalar_type_name(x.dtype)} and {scalar_type_name(y.dtype)}"
            )
        ctx.save_for_backward(a, b)
        return np.asarray(np.dot(x, y), x.dtype)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return (grad * b if need_a else None), (grad * a if need_b else None)


def inner(a, b):
    """Sums of products over the last dimension of both; a 0-d operand
    multiplies. Composed as PyTorch: rows @ rows.t(), viewed to
    a.shape[:-1] + b.shape[:-1] (ViewBackward0)."""
    if a.dim() == 0 or b.dim() == 0:
        return a * b
    if a.shape[-1] != b.shape[-1]:
        raise RuntimeError(
            "inner() the last dimension must match on both input tensors but got "
            f"shapes {list(a.shape)} and {list(b.shape)}"
        )
    n = a.shape[-1]
    rows = a.reshape(-1, n) @ b.reshape(-1, n).t()
    return rows.reshape(tuple(a.shape[:-1]) + tuple(b.shape[:-1]))


class Cross(Function):
    """The cross product of 3-vectors along `dim` (the operands broadcast)."""

    backward_name = "LinalgCrossBackward0"
    formula = "d(a × b)/da: grad ↦ b × grad,  d(a × b)/db: grad ↦ grad × a"

    @staticmethod
    def forward(ctx, a, b, dim):
        ctx.dim = dim
        ctx.save_for_backward(a, b)
        return promote(np.asarray(np.cross(a._data, b._data, axis=dim)), a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return (
            Cross.apply(b, grad, dim=ctx.dim) if need_a else None,
            Cross.apply(grad, a, dim=ctx.dim) if need_b else None,
        )


def cross(a, b, dim=None):
    """`torch.cross`: the cross product along `dim`; without one, along the
    first dimension of size 3 (deprecated in PyTorch, which warns)."""
    if a.dim() != b.dim():
        raise RuntimeError(
            "linalg.cross: inputs must have the same number of dimensions (got "
            f"{a.dim()} and {b.dim()}; unsqueeze the smaller one)"
        )
    check_broadcast(a, b)
    shape = np.broadcast_shapes(a.shape, b.shape)
    if dim is None:
        warnings.warn(
            "Using torch.cross without specifying the dim arg is deprecated.\n"
            "Please either pass the dim explicitly or simply use "
            "torch.linalg.cross.\nThe default value of dim will change to agree "
            "with that of linalg.cross in a future release.",
            UserWarning,
            stacklevel=3,
        )
        threes = [d for d, n in enumerate(shape) if n == 3]
        if not threes:
            raise RuntimeError(
                f"no dimension of size 3 in input (shapes {list(a.shape)} and "
                f"{list(b.shape)}); give dim="
            )
        dim = threes[0]
    (d,) = normalize_dims(dim, len(shape))
    if (a.shape[d], b.shape[d]) != (3, 3):
        raise RuntimeError(
            f"linalg.cross: inputs dimension {d} must have length 3. Got "
            f"{a.shape[d]} and {b.shape[d]}"
        )
    return Cross.apply(a, b, dim=d)


# ----- reductions that ignore nan -------------------------------------------------


class Nansum(Function):
    """The sum of the elements that are not nan (all, or along `dim`)."""

    backward_name = "NansumBackward0"
    formula = "d(nansum a)/da_i = 1 where a_i is a number, 0 where it is nan"
    ctx_arrays = ("numbers",)  # freed after backward

    @staticmethod
    def forward(ctx, a, dim=None, keepdim=False):
        bool_arg(keepdim, "nansum", "keepdim")
        x = a._data
        if isinstance(dim, (tuple, list)) and not dim:
            dim = None  # (an empty list: every dim, as sum)
        dims = normalize_dims(dim, x.ndim, distinct=True)
        ctx.shape, ctx.dims, ctx.keepdim = x.shape, dims, keepdim
        if x.dtype.kind in "biu":
            x = x.astype(np.int64)  # integers sum as int64, as in PyTorch
        ctx.numbers = ~np.isnan(x) if x.dtype.kind == "f" else None
        axis = dims if x.ndim else None
        total = np.nansum(accumulate(x), axis=axis, keepdims=keepdim)
        return from_accumulated(total, x.dtype)  # (float16 added in float32)

    @staticmethod
    def backward(ctx, grad):
        grad = _restore(grad, ctx.shape, ctx.dims, ctx.keepdim).expand(ctx.shape)
        return grad * constant(ctx.numbers, grad)


def nanmean(a, dim=None, keepdim=False, dtype=None):
    """The mean of the elements that are not nan: composed as PyTorch's,
    nansum / count (DivBackward0)."""
    if a._data.dtype.kind != "f":
        raise RuntimeError(
            "nanmean(): expected input to have floating point or complex dtype but "
            f"got {scalar_type_name(a._data.dtype)} (call .float() first)"
        )
    count = a.isnan().logical_not().sum(dim, keepdim)
    return a.nansum(dim, keepdim, dtype=dtype) / count


# ----- picking one element: median, nanmedian, kthvalue, mode, cummax, cummin -----


class PickAlong(Function):
    """The input's elements at `index` along `dim` (positions found in numpy
    by the caller), and the positions: median, kthvalue, mode along a dim,
    cummax, cummin. Each value's gradient goes back to its position."""

    formula = "each value's gradient goes back to the position it was picked from"
    ctx_arrays = ("index",)  # freed after backward

    @classmethod
    def node_name(cls, a, index, dim, keepdim, node):
        return node

    @staticmethod
    def forward(ctx, a, index, dim, keepdim, node):
        x = a._data
        ctx.shape, ctx.dim, ctx.keepdim, ctx.index = x.shape, dim, keepdim, index
        if x.ndim == 0:
            values, indices = x.copy(), np.zeros((), np.int64)
        else:
            values, indices = np.take_along_axis(x, index, axis=dim), index
            if not keepdim:
                values, indices = values.squeeze(dim), indices.squeeze(dim)
        ctx.mark_non_differentiable(indices)
        return np.asarray(values), indices

    @staticmethod
    def backward(ctx, grad, grad_indices=None):
        if not ctx.shape:
            return grad
        grad = _restore(grad, ctx.shape, (ctx.dim,), ctx.keepdim)
        return ScatterAdd.apply(grad, shape=ctx.shape, dim=ctx.dim, index=ctx.index)


def _reduced_dim(a, dim, name):
    """The dim a picking reduction works along, with PyTorch's errors."""
    (d,) = normalize_dims(dim, a.dim())
    if a.dim() and a.shape[d] == 0:
        raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")
    return d


def _no_bool(a, name):
    if a._data.dtype.kind == "b":
        raise NotImplementedError(
            f"\"{name}_cpu\" not implemented for 'Bool' (convert it with .int())"
        )


def _lower_median_index(x, d, ignore_nan):
    """Where the lower median of each lane along `d` is (keepdims shape).

    A stable sort (numpy sorts nan last): equal values keep their order. A
    lane holding nan has median nan, at its first nan; nanmedian takes the
    lower median of the numbers only.
    """
    order = np.argsort(x, axis=d, kind="stable")
    nans = np.isnan(x) if x.dtype.kind == "f" else np.zeros(x.shape, bool)
    if ignore_nan:
        count = x.shape[d] - nans.sum(axis=d, keepdims=True)
        position = np.maximum((count - 1) // 2, 0)
        return np.take_along_axis(order, position, axis=d)
    index = np.take(order, [(x.shape[d] - 1) // 2], axis=d)
    first_nan = np.argmax(nans, axis=d, keepdims=True)
    return np.where(nans.any(axis=d, keepdims=True), first_nan, index)


class MedianAll(Function):
    """The lower median of all elements (nan if one is nan; `nanmedian`:
    of the numbers only). Ties share the gradient evenly, as PyTorch's."""

    formula = "d(median a)/da_i = 1/k at the k elements equal to the median"
    ctx_arrays = ("share",)  # freed after backward

    @classmethod
    def node_name(cls, a, ignore_nan=False):
        return "NanmedianBackward0" if ignore_nan else "MedianBackward0"

    @staticmethod
    def forward(ctx, a, ignore_nan=False):
        x = a._data
        flat = np.sort(x.ravel())  # (nan last)
        nans = np.isnan(flat) if x.dtype.kind == "f" else np.zeros(flat.shape, bool)
        if ignore_nan:
            n = flat.size - int(nans.sum())
            value = flat[(n - 1) // 2] if n else (flat[0] if flat.size else np.nan)
        elif nans.any():
            value = np.nan
        else:
            value = flat[(flat.size - 1) // 2] if flat.size else np.nan
        value = np.asarray(value, x.dtype if flat.size else np.float32)
        if flat.size:
            picked = np.isnan(x) if np.isnan(value) else x == value
            ctx.share = picked / picked.sum()
        ctx.save_for_backward(a)  # (as PyTorch: only to refuse an in-place change)
        return value

    @staticmethod
    def backward(ctx, grad):
        ctx.saved(False)  # raises if `a` changed in place (`share` is a's)
        return grad * constant(ctx.share, grad)


def median(a, dim=None, keepdim=False, ignore_nan=False):
    """`median` (`ignore_nan`: `nanmedian`): of all elements, a 0-d tensor;
    along `dim`, the (values, indices) pair of each lane's lower median."""
    name = "nanmedian" if ignore_nan else "median"
    _no_bool(a, name)
    if dim is None:
        return MedianAll.apply(a, ignore_nan=ignore_nan)
    bool_arg(keepdim, name, "keepdim")
    d = _reduced_dim(a, dim, name)
    x = a._data
    index = _lower_median_index(x, d, ignore_nan) if x.ndim else None
    node = "NanmedianBackward1" if ignore_nan else "MedianBackward1"
    result = PickAlong.apply(a, index=index, dim=d, keepdim=keepdim, node=node)
    pair = return_types.nanmedian if ignore_nan else return_types.median
    return pair(*result)


def kthvalue(a, k, dim=-1, keepdim=False):
    """The k-th smallest element of each lane along `dim` (k from 1) and
    where it is: a (values, indices) pair. Equal values keep their order."""
    k = int_arg(k, "kthvalue", "k", 2)
    bool_arg(keepdim, "kthvalue", "keepdim")
    _no_bool(a, "kthvalue")
    (d,) = normalize_dims(dim, a.dim())
    size = a.shape[d] if a.dim() else 1
    if size == 0:  # (no k-th of nothing: PyTorch's IndexError, as max's)
        raise IndexError(
            f"kthvalue(): Expected reduction dim {d} to have non-zero size."
        )
    if not 1 <= k <= size:
        raise RuntimeError(
            f"kthvalue(): selected number k out of range for dimension {d} "
            f"(k={k}, but the dimension has {size} elements)"
        )
    x = a._data
    index = None
    if x.ndim:
        order = np.argsort(x, axis=d, kind="stable")
        index = np.take(order, [k - 1], axis=d)
    result = PickAlong.apply(
        a, index=index, dim=d, keepdim=keepdim, node="KthvalueBackward0"
    )
    return return_types.kthvalue(*result)


def _mode_index(x, d):
    """Where the most frequent value of each lane is (keepdims shape): the
    smallest of the most frequent values, at its last position, as PyTorch."""
    lanes = np.moveaxis(x, d, -1)
    rows = lanes.reshape(-1, lanes.shape[-1])
    index = np.empty(len(rows), np.int64)
    for i, row in enumerate(rows):
        values, counts = np.unique(row, return_counts=True)
        value = values[np.argmax(counts)]  # (the first: the smallest)
        index[i] = len(row) - 1 - np.argmax(row[::-1] == value)
    index = index.reshape(lanes.shape[:-1] + (1,))
    return np.moveaxis(index, -1, d)


def mode(a, dim=-1, keepdim=False):
    """The most frequent value of each lane along `dim` (the smallest one
    on a tie) and its last position: a (values, indices) pair."""
    bool_arg(keepdim, "mode", "keepdim")
    _no_bool(a, "mode")
    d = _reduced_dim(a, dim, "mode")
    x = a._data
    index = _mode_index(x, d) if x.ndim else None
    result = PickAlong.apply(
        a, index=index, dim=d, keepdim=keepdim, node="ModeBackward0"
    )
    return return_types.mode(*result)


def _running_index(x, d, smallest):
    """Where the running max (min) along `d` is: the last of equal values;
    once a nan is met the value stays nan, at the latest nan, as PyTorch."""
    lanes = np.moveaxis(x, d, 0)
    index = np.zeros(lanes.shape, np.int64)
    best, at = lanes[0].copy(), np.zeros(lanes.shape[1:], np.int64)
    for i in range(len(lanes)):
        value = lanes[i]
        better = value <= best if smallest else value >= best
        if x.dtype.kind == "f":
            better = better | np.isnan(value)
        best = np.where(better, value, best)
        at = np.where(better, i, at)
        index[i] = at
    return np.moveaxis(index, 0, d)


def cumulative_extreme(a, dim, smallest=False):
    """`cummax` (`cummin` with `smallest`): the running largest (smallest)
    value along `dim` and where it was: a (values, indices) pair."""
    name = "cummin" if smallest else "cummax"
    _no_bool(a, name)
    (d,) = normalize_dims(dim, a.dim())
    x = a._data
    index = _running_index(x, d, smallest) if x.ndim and x.size else None
    if x.ndim and not x.size:
        index = np.zeros(x.shape, np.int64)
    node = "CumminBackward0" if smallest else "CummaxBackward0"
    result = PickAlong.apply(a, index=index, dim=d, keepdim=True, node=node)
    return (return_types.cummin if smallest else return_types.cummax)(*result)


class Logcumsumexp(Function):
    """Running log(sum(exp(a))) along `dim`, without overflow."""

    backward_name = "LogcumsumexpBackward0"
    formula = "d out_i / d a_j = exp(a_j - out_i) for j <= i"

    @staticmethod
    def forward(ctx, a, dim):
        x = a._data
        if x.dtype.kind != "f":
            raise NotImplementedError(
                f'"logcumsumexp_out_cpu" not implemented for '
                f"'{scalar_type_name(x.dtype)}' (convert the input with .float())"
            )
        (d,) = normalize_dims(dim, x.ndim)
        ctx.dim = d
        ctx.save_for_backward(a)
        if x.ndim == 0:
            return x.copy()
        return np.logaddexp.accumulate(x, axis=d)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        d = ctx.dim
        if a.dim() == 0:
            return grad
        # Recomputed from a, so that create_graph=True differentiates it again.
        out = Logcumsumexp.apply(a, dim=d)
        # weight[i, j] = exp(a_j - out_i) for j <= i (0 above the diagonal),
        # with i at dim d and j at dim d + 1; a's gradient sums grad_i weight[i, j].
        n = a.shape[d]
        lower = np.tril(np.ones((n, n), bool)).reshape(
            (n, n) + (1,) * (a.dim() - d - 1)
        )
        below = constant(lower, a).bool()
        exponent = a.unsqueeze(d) - out.unsqueeze(d + 1)
        weight = exponent.masked_fill(below.logical_not(), -math.inf).exp()
        return (grad.unsqueeze(d + 1) * weight).sum(d)


class Aminmax(Function):
    """The smallest and the largest value (all, or along `dim`), as one node;
    ties share each gradient evenly, as PyTorch's."""

    backward_name = "AminmaxBackward0"
    formula = "d min/da_i = 1/k at the k smallest elements; the same for max"
    ctx_arrays = ("min_share", "max_share")  # freed after backward

    @staticmethod
    def forward(ctx, a, dim=None, keepdim=False):
        bool_arg(keepdim, "aminmax", "keepdim")
        x = a._data
        dims = normalize_dims(dim, x.ndim)
        if x.size == 0 or (x.ndim and any(x.shape[d] == 0 for d in dims)):
            raise RuntimeError(
                "aminmax(): cannot compute aminmax over an empty dimension as the "
                "operation has no identity."
            )
        axis = dims if x.ndim else None
        smallest = np.min(x, axis=axis, keepdims=True)
        largest = np.max(x, axis=axis, keepdims=True)
        ctx.shape, ctx.dims, ctx.keepdim = x.shape, dims, keepdim
        ctx.min_share = _share(x == smallest, axis)
        ctx.max_share = _share(x == largest, axis)
        ctx.save_for_backward(a)  # (as in MedianAll)
        if not keepdim:
            shape = tuple(n for i, n in enumerate(x.shape) if i not in dims)
            smallest, largest = smallest.reshape(shape), largest.reshape(shape)
        return smallest, largest

    @staticmethod
    def backward(ctx, grad_min, grad_max):
        ctx.saved(False)  # raises if `a` changed in place (as in MedianAll)

        def back(grad, share):
            grad = _restore(grad, ctx.shape, ctx.dims, ctx.keepdim)
            return grad * constant(share, grad)

        return back(grad_min, ctx.min_share) + back(grad_max, ctx.max_share)


def _share(picked, axis):
    """`picked` (bools) as fractions that add up to 1 over `axis`."""
    return picked / picked.sum(axis=axis, keepdims=True)


def aminmax(a, dim=None, keepdim=False):
    """`torch.aminmax`: the (min, max) pair, of all elements or along `dim`."""
    _no_bool(a, "aminmax")
    if dim is None and keepdim:  # (every dim kept, as size 1)
        dim = tuple(range(a.dim()))
    smallest, largest = Aminmax.apply(a, dim=dim, keepdim=keepdim)
    return return_types.aminmax(smallest, largest)


# ----- rearrangements: rot90, tensor_split, diag_embed, diagflat, sum_to_size ----


class Rot90(Function):
    """The tensor turned k quarter turns in the plane of `dims`, from the
    first dim towards the second (a copy)."""

    backward_name = "Rot90Backward0"
    formula = "gradient turned back: rot90(grad, -k, dims)"

    @staticmethod
    def forward(ctx, a, k, dims):
        ctx.k, ctx.dims = k, dims
        return np.rot90(a._data, k, axes=dims).copy()

    @staticmethod
    def backward(ctx, grad):
        return Rot90.apply(grad, k=-ctx.k, dims=ctx.dims)


def rot90(a, k=1, dims=(0, 1)):
    """`torch.rot90`, with PyTorch's errors for the dims."""
    k = int_arg(k, "rot90", "k", 2)
    dims = tuple(dims)
    if len(dims) != 2:
        raise RuntimeError(
            f"expected total rotation dims == 2, but got dims = {len(dims)}"
        )
    if a.dim() < 2:
        raise RuntimeError(f"expected total dims >= 2, but got total dims = {a.dim()}")
    d0, d1 = normalize_dims(dims, a.dim())
    if d0 == d1:
        raise RuntimeError(
            f"expected rotation dims to be different, but got dim0 = {d0} and "
            f"dim1 = {d1}"
        )
    return Rot90.apply(a, k=k, dims=(d0, d1))


def tensor_split(a, indices_or_sections, dim=0, function="tensor_split"):
    """Views of `a` cut along `dim`: into n nearly equal pieces (the first
    size % n one longer), or at the given indices. Each piece is a slice of
    `a` (SliceBackward0), as in PyTorch."""
    if a.dim() == 0:
        raise RuntimeError(
            "tensor_split expected at least a 1-dimensional tensor, but got a "
            "tensor with 0 dims"
        )
    (d,) = normalize_dims(dim, a.dim())
    size = a.shape[d]
    cut = indices_or_sections
    if isinstance(cut, Tensor):
        if cut._data.dtype.kind not in "iu" or cut.dim() > 1:
            raise RuntimeError(
                "tensor_split expected tensor_indices_or_sections to have int64 "
                f"dtype and be 0-D or 1-D, got {cut.dtype} of {cut.dim()} dims"
            )
        cut = cut.item() if cut.dim() == 0 else cut.tolist()
    if isinstance(cut, (tuple, list)):
        bounds = [int_arg(i, function, "indices", 2) for i in cut]
    else:
        n = int_arg(cut, function, "sections", 2)
        if n <= 0:
            raise RuntimeError(f"number of sections must be larger than 0, got {n}")
        small, extra = divmod(size, n)
        sizes = [small + 1] * extra + [small] * (n - extra)
        bounds = list(itertools.accumulate(sizes))[:-1]  # (each piece's end)
    pieces, start = [], 0
    for stop in bounds + [size]:
        begin, end = min(max(start, 0), size), min(max(stop, 0), size)
        index = (slice(None),) * d + (slice(begin, max(begin, end)),)
        pieces.append(_shape.Index.apply(a, index=index))
        start = stop
    return tuple(pieces)


def split_along(a, indices_or_sections, dim, function):
    """`hsplit` (dim 1, or 0 of a vector), `vsplit` (0), `dsplit` (2):
    `tensor_split`, but a number of sections must divide the size."""
    need = {"hsplit": 1, "vsplit": 2, "dsplit": 3}[function]
    if a.dim() < need:
        raise RuntimeError(
            f"torch.{function} requires a tensor with at least {need} dimension, but "
            f"got a tensor with {a.dim()} dimensions!"
        )
    if not isinstance(indices_or_sections, (tuple, list)):
        n = int_arg(indices_or_sections, function, "sections", 2)
        if n == 0 or a.shape[dim] % n:
            raise RuntimeError(
                f"torch.{function} attempted to split along dimension {dim}, but the "
                f"size of the dimension {a.shape[dim]} is not divisible by the "
                f"split_size {n}!"
            )
    return tensor_split(a, indices_or_sections, dim, function)


def diag_embed(a, offset=0, dim1=-2, dim2=-1):
    """Matrices (over dims dim1, dim2 of the result) with the last dimension
    of `a` on their diagonal `offset`, zeros elsewhere."""
    ndim = a.dim() + 1
    d1, d2 = _shape._diagonal_dims(ndim, dim1, dim2)
    n = (a.shape[-1] if a.dim() else 1) + abs(offset)
    rest = list(a.shape[:-1])
    for d in sorted((d1, d2)):
        rest.insert(d, n)
    values = a if a.dim() else a.reshape(1)
    return _shape.DiagonalPut.apply(
        values,
        shape=tuple(rest),
        offset=offset,
        dims=(d1, d2),
        node="DiagEmbedBackward0",
    )


def sum_to_size(a, size):
    """`a` summed down to `size`, a shape `a` expands to (leading dims summed
    away, size-1 dims summed keeping them): SumBackward1, then ViewBackward0
    if leading dims went; `a` itself when it has that shape already."""
    size = tuple(int_arg(n, "sum_to_size", "size", 1) for n in size)
    shape = tuple(a.shape)
    lead = len(shape) - len(size)
    if lead < 0 or any(n != m and n != 1 for n, m in zip(size, shape[lead:])):
        raise RuntimeError(
            f"size {{{list(size)}}} is not expandable to size {{{list(shape)}}}."
        )
    if size == shape:
        return a
    dims = list(range(lead)) + [
        lead + i for i, n in enumerate(size) if n == 1 and shape[lead + i] != 1
    ]
    result = a.sum(dims, keepdim=True) if dims else a
    return result.view(size) if lead else result


# ----- in-place shape changes: t_, transpose_, squeeze_, unsqueeze_ ------------------


class TInPlace(Function):
    """`t_()`: the transpose of a matrix (a vector or a number unchanged)."""

    backward_name = "TBackward1"
    formula = "gradient transposed back"

    @staticmethod
    def forward(ctx, a):
        return _shape._view(a, a._data.T)

    @staticmethod
    def backward(ctx, grad):
        return grad.t()


class TransposeInPlace(_shape.Transpose):
    """`transpose_`: `Transpose`, recorded under PyTorch's in-place name."""

    backward_name = "TransposeBackward1"


class SqueezeInPlace(_shape.Squeeze):
    """`squeeze_`: `Squeeze`, recorded under PyTorch's in-place names."""

    @classmethod
    def node_name(cls, a, dim=None):
        return "SqueezeBackward3" if dim is None else "SqueezeBackward4"


class UnsqueezeInPlace(_shape.Unsqueeze):
    """`unsqueeze_`: `Unsqueeze`, recorded under PyTorch's in-place name."""

    backward_name = "UnsqueezeBackward1"


def restride_in_place(tensor, function, **settings):
    """Give `tensor` the shape `function` (a view op) gives it, in place, as
    PyTorch's t_/transpose_/squeeze_/unsqueeze_: the memory stays, the tensor
    reads it in the new shape; when recorded, its grad_fn becomes the view
    op's node (whose input is the tensor's old history). Checked first, so a
    failed call leaves the tensor as it was."""
    recorded = is_recording() and tensor._requires_grad
    if recorded and tensor.grad_fn is None:
        raise RuntimeError(
            "a leaf Variable that requires grad is being used in an in-place "
            "operation. Hint: use the out-of-place op (x = x.t()), or change it "
            "under `with minigrad.no_grad():`."
        )
    if tensor._requires_grad and tensor.grad_fn is not None and not recorded:
        # Its history would keep the old shape: backward through it later
        # would hand a gradient of the wrong shape. Refused, not wrong.
        raise NotImplementedError(
            "minigrad can't change the shape of a tensor with a history in place "
            "while grad mode is off; use the out-of-place op (x = x.t()), or "
            "x.detach() first."
        )
    if tensor._inference and not in_inference_mode():
        raise RuntimeError(
            "Inplace update to inference tensor outside InferenceMode is not "
            "allowed. You can make a clone to get a normal tensor before doing "
            "inplace update (t = t.clone())."
        )
    source = Tensor._make(
        tensor._array(), recorded, tensor.grad_fn if recorded else None
    )
    source._output_nr = tensor._output_nr
    result = function.apply(source, **settings)
    tensor._data = result._data  # (a view of the same memory)
    tensor._version_counter[0] += 1  # (PyTorch counts it as a change)
    if recorded:
        tensor.grad_fn = result.grad_fn
        tensor._output_nr = 0
        result.grad_fn._output_ref = weakref.ref(tensor)
    return tensor
