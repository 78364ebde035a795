"""Group and instance normalisation: `group_norm`, `instance_norm`.

Group norm splits the C channels of each sample into `num_groups` groups and
normalises each group with its own mean and (biased) variance, then scales
and shifts each channel:

    x̂ = (x - mean_group) / sqrt(var_group + eps),    y = weight_c * x̂ + bias_c

It is one node, NativeGroupNormBackward0 as in PyTorch, whose backward is
written with tensor operations (x̂ recomputed from the saved input, as
`layer_norm.py` does), so `create_graph=True` can differentiate it again.

Instance norm is what PyTorch makes of it too: the input viewed as one
sample of N*C channels, `batch_norm` (NativeBatchNormBackward0), viewed
back (ViewBackward0); the running statistics are those of the N copies,
averaged.
"""

import numbers

import numpy as np

import minigrad

from ..autograd.function import Function
from ..tensor import Tensor
from ._util import float_input
from .layer_norm import _statistics
from .normalization import batch_norm


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    """Normalise each group of channels of each sample, then scale and shift.

    Args:
        input: (N, C, *), C divisible by num_groups.
        num_groups: how many groups the C channels are split into.
        weight, bias: (C,) tensors or None (then 1 and 0).
        eps: added to the variance before the square root.

    Returns:
        Tensor of the input's shape.

    Example:
        >>> x = minigrad.tensor([[1.0, 3.0, 10.0, 30.0]])
        >>> F.group_norm(x, 2)
        tensor([[-1.0000,  1.0000, -1.0000,  1.0000]])
    """
    if not isinstance(input, Tensor):
        raise TypeError(
            f"group_norm(): argument 'input' (position 1) must be Tensor, not "
            f"{type(input).__name__}"
        )
    if input.dim() < 2:
        raise RuntimeError(
            f"Expected at least 2 dimensions for input tensor but received "
            f"{input.dim()} (group_norm takes (N, C, *))"
        )
    float_input(input, "group_norm")
    if isinstance(num_groups, bool) or not isinstance(num_groups, numbers.Integral):
        raise TypeError(
            f"group_norm(): argument 'num_groups' (position 2) must be int, not "
            f"{type(num_groups).__name__}"
        )
    n, c = input.shape[:2]
    if num_groups <= 0 or c % num_groups:
        raise RuntimeError(
            f"Expected number of channels in input to be divisible by num_groups, "
            f"but got input of shape {list(input.shape)} and num_groups={num_groups}"
        )
    for name, t in (("weight", weight), ("bias", bias)):
        if t is not None and t.dtype != input.dtype:
            raise RuntimeError(
                f"mixed dtype: group_norm's {name} is {t.dtype} and its input "
                f"{input.dtype}; all inputs must share the same dtype (convert the "
                "input with .to(...), or the layer with .double() / .float())"
            )
        if t is not None and (t.dim() != 1 or t.numel() != c):
            raise RuntimeError(
                f"Expected {name} to be a vector of size equal to the number of "
                f"channels in input, but got {name} of shape {list(t.shape)} and "
                f"input of shape {list(input.shape)}"
            )
    per_group = c // num_groups * int(np.prod(input.shape[2:], dtype=np.int64))
    if per_group == 1:  # a variance of one value: PyTorch's ValueError
        raise ValueError(
            f"Expected more than 1 value per channel when training, got input "
            f"size {input.shape} (each of the {num_groups} groups has one value)"
        )
    return GroupNorm.apply(input, weight, bias, num_groups=int(num_groups), eps=eps)


def _per_channel(values, ndim):
    """A (C,) vector shaped to broadcast against (N, C, *)."""
    return values.reshape((1, -1) + (1,) * (ndim - 2))


def _groups(shape, num_groups):
    """The shape (N, groups, values per group) for an input of `shape`, with
    the last size written out: numpy can't infer -1 for a batch of 0."""
    per_group = int(np.prod(shape[1:], dtype=np.int64)) // num_groups
    return (shape[0], num_groups, per_group)


class GroupNorm(Function):
    """(x - mean) / sqrt(var + eps) over each group of channels, times weight
    plus bias per channel."""

    backward_name = "NativeGroupNormBackward0"
    formula = (
        "per group: d/dx = rstd (g - mean(g) - x̂ mean(g x̂)),  g = grad * weight;"
        "  d/dweight = Σ grad x̂,  d/dbias = Σ grad"
    )

    @staticmethod
    def forward(ctx, input, weight, bias, num_groups, eps):
        ctx.save_for_backward(input, weight)
        ctx.num_groups, ctx.eps = num_groups, eps
        x = input._data
        grouped = x.reshape(_groups(x.shape, num_groups))
        x_hat, _ = _statistics(grouped, (2,), eps)
        out = x_hat.reshape(x.shape)
        if weight is not None:
            out = out * _per_channel(weight._data, x.ndim)
        if bias is not None:
            out = out + _per_channel(bias._data, x.ndim)
        return np.asarray(out, dtype=x.dtype)

    @staticmethod
    def backward(ctx, grad):
        input, weight = ctx.saved_tensors
        shape, ndim = tuple(input.shape), input.dim()
        grouped = _groups(shape, ctx.num_groups)
        x_hat, rstd = _statistics(input.reshape(grouped), (2,), ctx.eps)
        grad_input = grad_weight = grad_bias = None
        if ctx.needs_input_grad[0]:
            g = grad if weight is None else grad * _per_channel(weight, ndim)
            g = g.reshape(grouped)
            mean_g = g.mean(dim=2, keepdim=True)
            mean_gx = (g * x_hat).mean(dim=2, keepdim=True)
            grad_input = (rstd * (g - mean_g - x_hat * mean_gx)).reshape(shape)
        others = (0,) + tuple(range(2, ndim))  # every axis but the channels'
        if ctx.needs_input_grad[1]:
            grad_weight = (grad * x_hat.reshape(shape)).sum(dim=others)
        if ctx.needs_input_grad[2]:
            grad_bias = grad.sum(dim=others)
        return grad_input, grad_weight, grad_bias


def instance_norm(
    input,
    running_mean=None,
    running_var=None,
    weight=None,
    bias=None,
    use_input_stats=True,
    momentum=0.1,
    eps=1e-5,
):
    """Normalise each channel of each sample over its own positions.

    Args:
        input: (N, C, L) or (N, C, H, W).
        running_mean, running_var: (C,) tensors or None; updated in place when
            `use_input_stats` (the average over the batch of each sample's
            update), used instead of the sample's statistics otherwise.
        weight, bias: (C,) tensors or None (then 1 and 0).
        use_input_stats: normalise with each sample's own statistics.
        momentum: running = (1 - momentum) * running + momentum * sample's.
        eps: added to the variance before the square root.

    Returns:
        Tensor of the input's shape.

    Example:
        >>> F.instance_norm(minigrad.tensor([[[1.0, 3.0], [0.0, 10.0]]]))
        tensor([[[-1.0000,  1.0000],
                 [-1.0000,  1.0000]]])
    """
    if not isinstance(input, Tensor):
        raise TypeError(
            f"instance_norm(): argument 'input' (position 1) must be Tensor, not "
            f"{type(input).__name__}"
        )
    if input.dim() < 2:
        raise RuntimeError(
            f"instance_norm expects (N, C, *) input, but got {input.dim()}-D input "
            f"of shape {list(input.shape)}"
        )
    if use_input_stats and int(np.prod(input.shape[2:], dtype=np.int64)) == 1:
        raise ValueError(
            f"Expected more than 1 spatial element when training, got input size "
            f"{input.shape}"
        )
    if not use_input_stats and (running_mean is None or running_var is None):
        raise RuntimeError(
            "Expected running_mean and running_var to be defined when "
            "use_input_stats is false"
        )
    n, c = input.shape[:2]

    def repeated(t):  # one copy per sample, as the N*C channels need
        return None if t is None else t.repeat(n)

    stats = (repeated(running_mean), repeated(running_var))
    with minigrad.no_grad():  # the running copies are buffers, not in the graph
        stats = tuple(None if s is None else s.detach() for s in stats)
    output = batch_norm(
        input.reshape(1, n * c, *input.shape[2:]),
        stats[0],
        stats[1],
        repeated(weight),
        repeated(bias),
        use_input_stats,
        momentum,
        eps,
    )
    if use_input_stats:  # only now, when nothing can fail any more
        with minigrad.no_grad():
            for running, copies in zip((running_mean, running_var), stats):
                if running is not None:
                    running.copy_(copies.reshape(n, c).mean(dim=0))
    return output.reshape(input.shape)
