"""Batch normalisation: `batch_norm`, one NativeBatchNormBackward0 node.

In training, each channel is normalised with the mean and the (biased)
variance of the batch, then scaled and shifted:

    x̂ = (x - mean) / sqrt(var + eps),    y = weight * x̂ + bias

and the running statistics move towards the batch's (the variance with
Bessel's correction, as PyTorch keeps it). In evaluation the running
statistics are used instead and nothing is updated.

The backward is written once with operators arrays and tensors share; it
recomputes x̂ from the saved input, so under `create_graph=True` the
gradient is a function of x and can be differentiated again.
"""

import numpy as np

from ..autograd.function import Node, record
from ..tensor import Tensor
from ._util import constant, float_input


def _axes(ndim):
    """Every axis but the channels' (axis 1): what the statistics average over."""
    return (0,) + tuple(range(2, ndim))


def _mean(x, axes):
    if isinstance(x, Tensor):
        return x.mean(dim=axes, keepdim=True)
    return x.mean(axis=axes, keepdims=True)


def _sum(x, axes, keep=True):
    if isinstance(x, Tensor):
        return x.sum(dim=axes, keepdim=keep)
    return x.sum(axis=axes, keepdims=keep)


def _channel(values, ndim):
    """A per-channel vector (C,) shaped to broadcast against (N, C, ...)."""
    return values.reshape((1, -1) + (1,) * (ndim - 2))


def batch_norm(
    input,
    running_mean,
    running_var,
    weight=None,
    bias=None,
    training=False,
    momentum=0.1,
    eps=1e-5,
):
    """Normalise each channel of a batch, then scale by weight and shift by bias.

    Args:
        input: (N, C) or (N, C, L) or (N, C, H, W).
        running_mean, running_var: (C,) tensors, or None (batch statistics
            always). Updated in place when training.
        weight, bias: (C,) tensors or None (then 1 and 0).
        training: use the batch's statistics and update the running ones.
        momentum: running = (1 - momentum) * running + momentum * batch.
        eps: added to the variance before the square root.

    Returns:
        Tensor of the input's shape.

    Example:
        >>> x = minigrad.tensor([[1.0], [3.0]])
        >>> F.batch_norm(x, None, None, training=True)
        tensor([[-1.0000],
                [ 1.0000]])
    """
    x = float_input(input, "batch_norm")._data
    ndim = x.ndim
    channels = x.shape[1] if ndim > 1 else 0
    for name, t in (
        ("running_mean", running_mean),
        ("running_var", running_var),
        ("weight", weight),
        ("bias", bias),
    ):
        if t is not None and t.dtype != input.dtype:
            raise RuntimeError(
                f"mixed dtype: batch_norm's {name} is {t.dtype} and its input "
                f"{input.dtype}; all inputs must share the same dtype (convert the "
                "input with .to(...), or the layer with .double() / .float())"
            )
        if t is not None and t.numel() != channels:
            raise RuntimeError(
                f"{name} should contain {channels} elements not {t.numel()} (the "
                f"input of shape {list(input.shape)} has {channels} channels in "
                "dimension 1; the layer was made for a different number)"
            )
    if x.size == 0:
        # Nothing to normalise (a batch of no samples): as PyTorch, the input
        # scaled and shifted per channel, the running statistics unchanged.
        shape = (1, -1) + (1,) * (ndim - 2)
        output = input.clone()
        if weight is not None:
            output = output * weight.reshape(shape)
        if bias is not None:
            output = output + bias.reshape(shape)
        return output
    axes = _axes(ndim)
    if training or running_mean is None:
        count = x.size // max(channels, 1)
        if count == 1:
            raise ValueError(
                f"Expected more than 1 value per channel when training, got input "
                f"size {input.shape}"
            )
        mean = x.mean(axis=axes, keepdims=True)
        var = x.var(axis=axes, keepdims=True)  # biased, as normalisation uses
    else:
        mean = _channel(running_mean._data, ndim)
        var = _channel(running_var._data, ndim)
    invstd = (1.0 / np.sqrt(var + eps)).astype(x.dtype)
    value = (x - mean) * invstd
    if weight is not None:
        value = value * _channel(weight._data, ndim)
    if bias is not None:
        value = value + _channel(bias._data, ndim)
    value = value.astype(x.dtype)
    if training and running_mean is not None:
        # Only now, when nothing can fail any more: the running statistics move.
        unbiased = var * (count / (count - 1))
        with_momentum = momentum if momentum is not None else 1.0
        running_mean._array()[...] = (
            1 - with_momentum
        ) * running_mean._data + with_momentum * mean.ravel()
        running_var._array()[...] = (
            1 - with_momentum
        ) * running_var._data + with_momentum * unbiased.ravel()
        running_mean._version_counter[0] += 1
        running_var._version_counter[0] += 1
    used_batch = training or running_mean is None
    return record(
        NativeBatchNormBackward0,
        value,
        (input, weight, bias),
        saved=(input, weight, None if used_batch else (mean, invstd)),
        training=used_batch,
        eps=eps,
    )


class NativeBatchNormBackward0(Node):
    """Gradients of y = weight * (x - mean) / sqrt(var + eps) + bias.

    With x̂ the normalised input and M values per channel, in training:
    dx = weight / sqrt(var + eps) / M * (M * g - sum(g) - x̂ * sum(g * x̂)),
    dweight = sum(g * x̂), dbias = sum(g) (sums over all but the channels).
    In evaluation mean and var are constants: dx = g * weight / sqrt(var + eps).
    """

    formula = "dx = w/σ/M (M g - Σg - x̂ Σ g x̂),  dw = Σ g x̂,  db = Σ g"

    def backward(self, grad):
        x, w, stats = self.saved(isinstance(grad, Tensor))
        need_x, need_w, need_b = [c is not None for c, _ in self.next_functions]
        ndim = len(x.shape)
        axes = _axes(ndim)
        if self.training:
            centred = x - _mean(x, axes)
            invstd = (_mean(centred * centred, axes) + self.eps) ** -0.5
        else:
            mean, invstd = stats
            if isinstance(grad, Tensor):
                mean, invstd = constant(mean, like=x), constant(invstd, like=x)
            centred = x - mean
        normalised = centred * invstd
        scale = invstd if w is None else invstd * _channel(w, ndim)
        grad_x = grad_w = grad_b = None
        if need_x:
            if self.training:
                count = x.shape[0] * int(np.prod(x.shape[2:], dtype=np.int64))
                grad_x = (scale / count) * (
                    grad * count
                    - _sum(grad, axes)
                    - normalised * _sum(grad * normalised, axes)
                )
            else:
                grad_x = grad * scale
        if need_w:
            grad_w = _sum(grad * normalised, axes, keep=False)
        if need_b:
            grad_b = _sum(grad, axes, keep=False)
        return grad_x, grad_w, grad_b
