"""Layer normalisation: `layer_norm`, one NativeLayerNormBackward0 node.

Each sample is normalised over its last dims (`normalized_shape`), with the
mean and the biased variance of those elements, then scaled and shifted
elementwise:

    x̂ = (x - mean) / sqrt(var + eps),    y = weight * x̂ + bias

Unlike batch norm, nothing is averaged across the batch, so training and
evaluation compute the same thing and there are no running statistics.

The backward recomputes x̂ from the saved input with tensor operations, so
under `create_graph=True` the gradient can be differentiated again.
"""

import numpy as np

from ..autograd.function import Function


def _statistics(x, dims, eps):
    """x̂ and 1 / sqrt(var + eps) over `dims` (arrays, or tensors alike)."""
    if isinstance(x, np.ndarray):
        mean = x.mean(axis=dims, keepdims=True)
        centred = x - mean
        rstd = 1.0 / np.sqrt((centred * centred).mean(axis=dims, keepdims=True) + eps)
    else:
        mean = x.mean(dim=dims, keepdim=True)
        centred = x - mean
        rstd = ((centred * centred).mean(dim=dims, keepdim=True) + eps) ** -0.5
    return centred * rstd, rstd


class LayerNorm(Function):
    """(x - mean) / sqrt(var + eps) over the last dims, times weight plus bias."""

    backward_name = "NativeLayerNormBackward0"
    formula = (
        "d/dx = rstd (g - mean(g) - x̂ mean(g x̂)),  g = grad * weight;  "
        "d/dweight = Σ grad x̂,  d/dbias = Σ grad"
    )

    @staticmethod
    def forward(ctx, input, weight, bias, normalized_ndim=1, eps=1e-5):
        ctx.save_for_backward(input, weight)
        ctx.dims = tuple(range(input.dim() - normalized_ndim, input.dim()))
        ctx.eps = eps
        x = np.asarray(input._data)
        x_hat, _ = _statistics(x, ctx.dims, eps)
        out = x_hat
        if weight is not None:
            out = out * weight._data
        if bias is not None:
            out = out + bias._data
        return np.asarray(out, dtype=x.dtype)

    @staticmethod
    def backward(ctx, grad):
        input, weight = ctx.saved_tensors
        dims = ctx.dims
        x_hat, rstd = _statistics(input, dims, ctx.eps)
        batch_dims = tuple(range(input.dim() - len(dims)))
        grad_input = grad_weight = grad_bias = None
        if ctx.needs_input_grad[0]:
            g = grad if weight is None else grad * weight
            mean_g = g.mean(dim=dims, keepdim=True)
            mean_gx = (g * x_hat).mean(dim=dims, keepdim=True)
            grad_input = rstd * (g - mean_g - x_hat * mean_gx)
        if ctx.needs_input_grad[1]:
            grad_weight = _sum(grad * x_hat, batch_dims)
        if ctx.needs_input_grad[2]:
            grad_bias = _sum(grad, batch_dims)
        return grad_input, grad_weight, grad_bias


def _sum(x, dims):
    return x.sum(dim=dims) if dims else x
