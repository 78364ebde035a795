"""logsumexp: log(sum(exp(x))) along dims, computed without overflow.

    logsumexp(x) = m + log(sum(exp(x - m))),   m = max(x)

Subtracting the largest element first keeps every exp(...) <= 1, so
`logsumexp([1000, 1000])` is `1000 + log 2`, not inf. Its gradient is the
softmax: d/dx_i = exp(x_i - logsumexp(x)).
"""

import numpy as np

from ..autograd.function import Function
from ._util import accumulate, from_accumulated, normalize_dims, promote
from .reduce import _restore


class Logsumexp(Function):
    """log(sum(exp(a))) over `dim` (an int or a tuple of ints)."""

    backward_name = "LogsumexpBackward0"
    formula = "d(logsumexp a)/da_i = exp(a_i - logsumexp(a))  (the softmax)"

    @staticmethod
    def forward(ctx, a, dim, keepdim=False):
        x = a._data
        if x.dtype.kind in "biu":
            x = x.astype(np.float32)  # PyTorch computes integers in float32
        if dim is None:  # (PyTorch requires dim)
            raise TypeError(
                "logsumexp(): argument 'dim' must be tuple of ints, not NoneType "
                "(give the dims to reduce; dim=() reduces them all)"
            )
        if isinstance(dim, (tuple, list)) and not dim and x.ndim:
            raise RuntimeError(  # (PyTorch 2.13 fails on it too, less clearly)
                "logsumexp: dim must name at least one dimension (got an empty "
                "list; to reduce over all, give them all, e.g. dim=(0, 1))"
            )
        dims = normalize_dims(dim, x.ndim, distinct=True) if x.ndim else ()
        dtype, x = x.dtype, accumulate(x)  # (float16 in float32, as PyTorch)
        peak = np.max(x, axis=dims, keepdims=True) if x.size else np.zeros(())
        # A row of -inf (or one holding +inf) has no finite peak to subtract:
        # subtract 0 there, giving -inf (or inf) as PyTorch does.
        peak = np.where(np.isfinite(peak), peak, 0)
        with np.errstate(divide="ignore"):  # log(0) = -inf for a row of -inf
            total = np.log(np.sum(np.exp(x - peak), axis=dims, keepdims=True))
        result = total + peak
        if not keepdim:
            result = np.squeeze(result, axis=dims)
        ctx.dims, ctx.keepdim = dims, keepdim
        ctx.save_for_backward(a)
        return promote(from_accumulated(result, dtype), a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        # Recomputed from a (not kept from forward), so that under
        # create_graph=True the softmax below is differentiable again.
        total = Logsumexp.apply(a, dim=ctx.dims, keepdim=True)
        grad = _restore(grad, a.shape, ctx.dims, ctx.keepdim)
        with np.errstate(invalid="ignore"):  # -inf - -inf: nan, as PyTorch's
            return grad * (a - total).exp()
