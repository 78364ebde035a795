"""More pooling: `max_pool1d`, `avg_pool1d`, `adaptive_avg_pool1d`,
`adaptive_max_pool1d` and `adaptive_max_pool2d`.

The 1-D poolings are what PyTorch makes of them too: the 2-D pooling of
`ops/pooling.py` over a (N, C, 1, L) view, so the graph shows
SqueezeBackward1 over the 2-D node over UnsqueezeBackward0, as PyTorch's.

Adaptive max pooling is new: output position (i, j) takes the maximum of
rows floor(i*H/out_h) to ceil((i+1)*H/out_h) - 1 (and likewise columns),
PyTorch's adaptive windows; its gradient goes back to where each maximum
was (`ScatterAdd`, whose own gradient picks it again: `Gather`),
AdaptiveMaxPool2DBackward0.
"""

import numbers

import numpy as np

from ..autograd.function import Function
from ..tensor import Tensor
from ._util import float_input
from .pooling import (
    _is_empty_list,
    _pool_length,
    adaptive_avg_pool2d,
    avg_pool2d,
    max_pool2d,
)
from .sorting import ScatterAdd


def _single(value, function, name):
    """An int, or a sequence of one int, as one int (PyTorch's `_single`)."""
    if isinstance(value, numbers.Integral):
        return int(value)
    value = tuple(value)
    if len(value) != 1:
        raise RuntimeError(
            f"{function}() {name} must be an int or a tuple of one int, but got "
            f"{list(value)} (a 1-D pooling has one size per setting)"
        )
    return int(value[0])


def _check_rank(input, function):
    """A 1-D pooling takes (N, C, L) or (C, L), as PyTorch's does."""
    if not isinstance(input, Tensor):
        raise TypeError(
            f"{function}(): argument 'input' (position 1) must be Tensor, not "
            f"{type(input).__name__}"
        )
    if input.dim() not in (2, 3):
        raise RuntimeError(
            f"Expected 2 to 3 dimensions, but got {input.dim()}-dimensional tensor "
            f"for argument #1 'self' (while checking arguments for {function}); "
            "a 1-D pooling takes (N, C, L) or (C, L)"
        )


# ----- 1-D poolings: the 2-D ones over a (N, C, 1, L) view ------------------------


def max_pool1d(
    input,
    kernel_size,
    stride=None,
    padding=0,
    dilation=1,
    ceil_mode=False,
    return_indices=False,
):
    """The largest element of each window along the last dimension.

    Args:
        input: (N, C, L), or (C, L).
        kernel_size: the window's length.
        stride: default kernel_size (windows side by side).
        padding: implicit -inf on each side, at most half the kernel.
        dilation: spacing between the window's elements.
        ceil_mode: round the output length up, so a partial last window counts.
        return_indices: also return where each maximum was (int64).

    Returns:
        Tensor (N, C, L_out); with return_indices, (output, indices).

    Example:
        >>> F.max_pool1d(minigrad.tensor([[[1.0, 3.0, 2.0, 0.0]]]), 2)
        tensor([[[3., 2.]]])
    """
    _check_rank(input, "max_pool1d")
    kernel = _single(kernel_size, "max_pool1d", "kernel_size")
    stride = kernel if stride is None or _is_empty_list(stride) else stride
    stride = _single(stride, "max_pool1d", "stride")
    padding = _single(padding, "max_pool1d", "padding")
    dilation = _single(dilation, "max_pool1d", "dilation")
    if kernel > 0 and stride > 0 and dilation > 0:
        length = input.shape[-1]
        out = _pool_length(length, kernel, stride, padding, dilation, ceil_mode)
        if out < 1 and 0 <= padding <= (dilation * (kernel - 1) + 1) // 2:
            raise RuntimeError(
                f"max_pool1d() Invalid computed output size: {out} (the input's "
                f"length {length} is shorter than the window, {kernel} with "
                f"dilation {dilation}; pad it or use a smaller kernel)"
            )
    result = max_pool2d(
        input.unsqueeze(-2),
        (1, kernel),
        (1, stride),
        (0, padding),
        (1, dilation),
        ceil_mode=ceil_mode,
        return_indices=return_indices,
    )
    if return_indices:
        values, indices = result
        return values.squeeze(-2), indices.squeeze(-2)
    return result.squeeze(-2)


def avg_pool1d(
    input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True
):
    """The mean of each window along the last dimension.

    Args:
        input: (N, C, L), or (C, L).
        kernel_size: the window's length.
        stride: default kernel_size.
        padding: implicit zeros on each side, at most half the kernel.
        ceil_mode: round the output length up.
        count_include_pad: count the padding zeros in each window's size.

    Returns:
        Tensor (N, C, L_out).

    Example:
        >>> F.avg_pool1d(minigrad.tensor([[[1.0, 3.0, 2.0, 0.0]]]), 2)
        tensor([[[2., 1.]]])
    """
    _check_rank(input, "avg_pool1d")
    kernel = _single(kernel_size, "avg_pool1d", "kernel_size")
    stride = kernel if stride is None or _is_empty_list(stride) else stride
    stride = _single(stride, "avg_pool1d", "stride")
    padding = _single(padding, "avg_pool1d", "padding")
    pooled = avg_pool2d(
        input.unsqueeze(-2),
        (1, kernel),
        (1, stride),
        (0, padding),
        ceil_mode,
        count_include_pad,
    )
    return pooled.squeeze(-2)


def adaptive_avg_pool1d(input, output_size):
    """Average pooling of the last dimension to a given length.

    Args:
        input: (N, C, L), or (C, L).
        output_size: the output's length (an int, or a tuple of one).

    Returns:
        Tensor (N, C, output_size).

    Example:
        >>> F.adaptive_avg_pool1d(minigrad.tensor([[[1.0, 3.0, 2.0, 0.0]]]), 2)
        tensor([[[2., 1.]]])
    """
    _check_rank(input, "adaptive_avg_pool1d")
    size = _single(output_size, "adaptive_avg_pool1d", "output_size")
    return adaptive_avg_pool2d(input.unsqueeze(-2), (1, size)).squeeze(-2)


def adaptive_max_pool1d(input, output_size, return_indices=False):
    """Max pooling of the last dimension to a given length.

    Args:
        input: (N, C, L), or (C, L).
        output_size: the output's length (an int, or a tuple of one).
        return_indices: also return where each maximum was (int64).

    Returns:
        Tensor (N, C, output_size); with return_indices, (output, indices).

    Example:
        >>> F.adaptive_max_pool1d(minigrad.tensor([[[1.0, 3.0, 2.0, 0.0]]]), 2)
        tensor([[[3., 2.]]])
    """
    _check_rank(input, "adaptive_max_pool1d")
    size = _single(output_size, "adaptive_max_pool1d", "output_size")
    result = adaptive_max_pool2d(input.unsqueeze(-2), (1, size), return_indices)
    if return_indices:
        values, indices = result
        return values.squeeze(-2), indices.squeeze(-2)
    return result.squeeze(-2)


# ----- adaptive max pooling ------------------------------------------------------


def _adaptive_edges(size, out):
    """PyTorch's adaptive windows along one side: (start, end) for each output."""
    return [((i * size) // out, -(-((i + 1) * size) // out)) for i in range(out)]


def _adaptive_max(x, out_h, out_w):
    """Each adaptive window's maximum and its flat position in the (H, W) plane.

    A loop over the output positions (a handful), each a slice of the whole batch.
    """
    lead, (h, w) = x.shape[:-2], x.shape[-2:]
    values = np.empty(lead + (out_h, out_w), dtype=x.dtype)
    indices = np.empty(lead + (out_h, out_w), dtype=np.int64)
    for i, (r0, r1) in enumerate(_adaptive_edges(h, out_h)):
        for j, (c0, c1) in enumerate(_adaptive_edges(w, out_w)):
            # (the size written out: numpy can't infer -1 for a batch of 0)
            window = x[..., r0:r1, c0:c1].reshape(lead + ((r1 - r0) * (c1 - c0),))
            where = window.argmax(axis=-1)  # the first maximum (or NaN) wins
            values[..., i, j] = np.take_along_axis(window, where[..., None], -1)[..., 0]
            rows, cols = np.divmod(where, c1 - c0)
            indices[..., i, j] = (r0 + rows) * w + c0 + cols
    return values, indices


def adaptive_max_pool2d(input, output_size, return_indices=False):
    """Max pooling to a given output size, whatever the input's size.

    Args:
        input: (N, C, H, W), or (C, H, W).
        output_size: an int or (out_h, out_w); None keeps that side's size.
        return_indices: also return where each maximum was (flat index into
            the H*W plane of its channel, int64).

    Returns:
        Tensor (N, C, out_h, out_w); with return_indices, (output, indices).

    Example:
        >>> x = minigrad.tensor([[[[1.0, 2.0, 0.0], [4.0, 3.0, 5.0]]]])
        >>> F.adaptive_max_pool2d(x, (1, 2))
        tensor([[[[4., 5.]]]])
    """
    if not isinstance(input, Tensor) or input.dim() not in (3, 4):
        shape = list(input.shape) if isinstance(input, Tensor) else type(input)
        raise RuntimeError(
            f"adaptive_max_pool2d(): Expected 3D or 4D tensor, but got: {shape} "
            "(it pools the last two dimensions of (N, C, H, W) or (C, H, W))"
        )
    float_input(input, "adaptive_max_pool2d")
    h, w = input.shape[-2:]
    if isinstance(output_size, numbers.Integral):
        output_size = (output_size, output_size)
    output_size = tuple(output_size)
    if len(output_size) != 2:
        raise RuntimeError(
            f"adaptive_max_pool2d(): output_size must have 2 elements (out_h, "
            f"out_w), but got {list(output_size)}"
        )
    out_h, out_w = (
        size if o is None else int(o) for o, size in zip(output_size, (h, w))
    )
    if out_h < 0 or out_w < 0:
        raise RuntimeError(
            f"adaptive_max_pool2d(): elements of output_size must be greater than "
            f"or equal to 0 but received {[out_h, out_w]}"
        )
    if 0 in input.shape[1:]:
        raise RuntimeError(
            f"adaptive_max_pool2d(): Expected input to have non-zero size for "
            f"non-batch dimensions, but input has sizes {list(input.shape)}"
        )
    values, indices = _adaptive_max(input._data, out_h, out_w)
    result = AdaptiveMaxPool2d.apply(input, values=values, indices=indices)
    if return_indices:
        return result, Tensor._make(indices)
    return result


class AdaptiveMaxPool2d(Function):
    """Each window's maximum (found by `adaptive_max_pool2d`, which passes the
    values and their positions in); the gradient goes back to those positions."""

    backward_name = "AdaptiveMaxPool2DBackward0"
    formula = "d max(window)/dx = 1 at the maximum, 0 elsewhere"
    ctx_arrays = ("indices",)  # freed after backward

    @staticmethod
    def forward(ctx, input, values, indices):
        ctx.indices, ctx.shape = indices, tuple(input.shape)
        return values

    @staticmethod
    def backward(ctx, grad):
        lead, (h, w) = ctx.shape[:-2], ctx.shape[-2:]
        outputs = ctx.indices.shape[-2] * ctx.indices.shape[-1]  # (not -1: N may be 0)
        flat = grad.reshape(*lead, outputs)
        index = ctx.indices.reshape(lead + (outputs,))
        # a scatter (repeated positions add up), whose own gradient gathers
        summed = ScatterAdd.apply(
            flat, shape=lead + (h * w,), dim=len(lead), index=index
        )
        return summed.reshape(*ctx.shape)
