"""Pooling: `max_pool2d`, `avg_pool2d`, `adaptive_avg_pool2d`.

Each looks at the same strided view of windows as a convolution
(`conv.windows`: no copy, no Python loop over pixels) and records one node,
named as PyTorch names it:

- max pooling keeps each window's largest element and remembers where it
  was (`return_indices=True` gives those positions); its gradient goes back
  to that position (`ScatterAdd`, whose own gradient picks it again:
  `Gather`), MaxPool2DWithIndicesBackward0;
- average pooling divides each window's sum by its size; its gradient
  spreads each output's gradient evenly over its window (the adjoint,
  `AvgPoolAdjoint`, whose own gradient is average pooling again),
  AvgPool2DBackward0;
- adaptive average pooling picks window edges so that the output has the
  size asked for: a linear map `A_h @ x @ A_wᵀ` with averaging matrices,
  AdaptiveAvgPool2DBackward0 (a 1x1 output is a mean, MeanBackward1, as in
  PyTorch).
"""

import numpy as np

from ..autograd.function import Function, Node, record
from ..tensor import Tensor
from ._util import constant, float_input
from .conv import pad_array, windows
from .sorting import ScatterAdd


def _is_empty_list(stride):
    """Whether `stride` is PyTorch's "no stride given" `[]` (`stride == []` of a
    numpy int would compare elementwise)."""
    return isinstance(stride, (list, tuple)) and len(stride) == 0


def _pair(value, name):
    if isinstance(value, (int, np.integer)):
        return (int(value),) * 2
    value = tuple(int(v) for v in value)
    if len(value) == 1:
        return value * 2
    if len(value) != 2:
        raise RuntimeError(
            f"{name} must either be a single int, or a tuple of two ints, but got "
            f"{list(value)}"
        )
    return value


def _pool_length(size, kernel, stride, padding, dilation, ceil_mode):
    """PyTorch's output length of a pooling window along one side."""
    span = size + 2 * padding - dilation * (kernel - 1) - 1
    if ceil_mode:
        out = -(-span // stride) + 1
        # the last window must start inside the input or the left padding
        if (out - 1) * stride >= size + padding:
            out -= 1
        return out
    return span // stride + 1


def _check_pool(function, input, kernel, stride, padding, dilation, ceil_mode):
    """PyTorch's checks of a 2-D pooling; returns (settings, batched input shape)."""
    if input.dim() not in (3, 4):
        raise RuntimeError(
            f"non-empty 3D or 4D (batch mode) tensor expected for input, but got "
            f"input of size {list(input.shape)} ({function} pools the last two "
            "dimensions of (N, C, H, W) or (C, H, W))"
        )
    if 0 in input.shape[-3:]:  # (a batch of no images gives no outputs)
        raise RuntimeError(
            "Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size "
            f"for input, but got: {list(input.shape)} (only the batch may be empty)"
        )
    kernel = _pair(kernel, "kernel_size")
    stride = (
        kernel if stride is None or _is_empty_list(stride) else _pair(stride, "stride")
    )
    padding = _pair(padding, "padding")
    dilation = _pair(dilation, "dilation")
    if any(k <= 0 for k in kernel):
        raise RuntimeError(f"kernel size should be greater than zero, but got {kernel}")
    if any(s == 0 for s in stride):
        raise RuntimeError("stride should not be zero")
    if any(s < 0 for s in stride) or any(d <= 0 for d in dilation):
        raise RuntimeError(
            f"stride and dilation should be greater than zero, but got stride "
            f"{stride} and dilation {dilation}"
        )
    for k, p, d in zip(kernel, padding, dilation):
        if p < 0 or p > (d * (k - 1) + 1) // 2:
            raise RuntimeError(
                f"pad should be at most half of effective kernel size, but got "
                f"pad={p}, kernel_size={k} and dilation={d}"
            )
    shape = tuple(input.shape) if input.dim() == 4 else (1,) + tuple(input.shape)
    out = [
        _pool_length(n, k, s, p, d, ceil_mode)
        for n, k, s, p, d in zip(shape[2:], kernel, stride, padding, dilation)
    ]
    if any(o < 1 for o in out):
        c, h, w = shape[1:]
        raise RuntimeError(
            f"Given input size: ({c}x{h}x{w}). Calculated output size: "
            f"({c}x{out[0]}x{out[1]}). Output size is too small (kernel {kernel}, "
            f"padding {padding}, dilation {dilation}). Hint: use a smaller kernel "
            "or a larger input."
        )
    return kernel, stride, padding, dilation, tuple(out), shape


def _padded(x, kernel, stride, padding, dilation, out, value):
    """x padded on each side, and at the end as far as ceil_mode's last window reads."""
    extra = [
        max(0, (o - 1) * s + d * (k - 1) + 1 - (n + 2 * p))
        for o, s, d, k, n, p in zip(out, stride, dilation, kernel, x.shape[2:], padding)
    ]
    return pad_array(x, padding, value, extra)


# ----- max pooling ----------------------------------------------------------------


def max_pool2d(
    input,
    kernel_size,
    stride=None,
    padding=0,
    dilation=1,
    ceil_mode=False,
    return_indices=False,
):
    """The largest element of each window (2-D max pooling).

    Args:
        input: (N, C, H, W), or (C, H, W).
        kernel_size: an int or (kH, kW).
        stride: an int or (sH, sW); default kernel_size (windows side by side).
        padding: implicit -inf on each side, at most half the kernel.
        dilation: spacing between the window's elements.
        ceil_mode: round the output size up, so a partial last window counts.
        return_indices: also return where each maximum was (flat index into
            the H*W plane of its channel, int64), for `max_unpool2d`.

    Returns:
        Tensor (N, C, H_out, W_out); with return_indices, (output, indices).

    Example:
        >>> x = minigrad.tensor([[[[1.0, 2.0], [4.0, 3.0]]]])
        >>> F.max_pool2d(x, 2)
        tensor([[[[4.]]]])
    """
    kernel, stride, padding, dilation, out, shape = _check_pool(
        "max_pool2d", input, kernel_size, stride, padding, dilation, ceil_mode
    )
    x = input._data.reshape(shape)
    padded = _padded(x, kernel, stride, padding, dilation, out, -np.inf)
    # A loop over the window's positions (4 for 2x2), each a strided slice of
    # the whole batch: keep the larger value and which position it was at (a
    # small code a*kW + b). The first of equal maxima wins, as in PyTorch.
    values = where = None
    small = np.int8 if kernel[0] * kernel[1] < 128 else np.int32
    for code, (rows, cols) in enumerate(_positions(kernel, stride, dilation, out)):
        candidate = padded[:, :, rows, cols]
        if values is None:
            values = candidate.copy()
            where = np.zeros(values.shape, dtype=small)
            continue
        better = np.greater(candidate, values)
        np.maximum(values, candidate, out=values)
        # codes only grow along the loop: where a later position wins, its
        # code is the largest so far (no branches: numpy's fast loops)
        np.maximum(where, better.view(np.int8).astype(small) * small(code), out=where)
    if np.isnan(values).any():  # a NaN wins its window, as in PyTorch
        where = _nan_codes(padded, kernel, stride, dilation, out, small)
    settings = (kernel, stride, padding, dilation, out, shape)
    if input.dim() == 3:
        values = values[0]
    result = record(
        MaxPool2DWithIndicesBackward0,
        values,
        (input,),
        # (freed by backward, as PyTorch frees its indices; the input only to
        # refuse an in-place change of it before backward, as PyTorch does)
        saved=(where, input),
        settings=settings,
        input_shape=tuple(input.shape),
    )
    if return_indices:
        indices = _flat_indices(where, settings)
        return result, Tensor._make(indices[0] if input.dim() == 3 else indices)
    return result


def _positions(kernel, stride, dilation, out):
    """For each position (a, b) of a window, in order, the strided slices of the
    (padded) input that hold that position of every window."""
    for a in range(kernel[0]):
        first = a * dilation[0]
        rows = slice(first, first + (out[0] - 1) * stride[0] + 1, stride[0])
        for b in range(kernel[1]):
            first = b * dilation[1]
            cols = slice(first, first + (out[1] - 1) * stride[1] + 1, stride[1])
            yield rows, cols


def _nan_codes(padded, kernel, stride, dilation, out, small):
    """The codes of the maxima where NaNs are about: the first NaN wins."""
    values = where = None
    positions = _positions(kernel, stride, dilation, out)
    for code, (rows, cols) in enumerate(positions):
        candidate = padded[:, :, rows, cols]
        if values is None:
            values = candidate.copy()
            where = np.zeros(values.shape, dtype=small)
            continue
        better = (candidate > values) | (np.isnan(candidate) & ~np.isnan(values))
        np.copyto(values, candidate, where=better)
        np.copyto(where, small(code), where=better)
    return where


def _flat_indices(where, settings):
    """PyTorch's indices: each maximum's flat position in its (H, W) plane."""
    kernel, stride, padding, dilation, out, shape = settings
    a, b = np.divmod(where.astype(np.int64), kernel[1])
    rows = np.arange(out[0]).reshape(-1, 1) * stride[0] - padding[0] + a * dilation[0]
    cols = np.arange(out[1]) * stride[1] - padding[1] + b * dilation[1]
    return rows * shape[3] + cols


class MaxPool2DWithIndicesBackward0(Node):
    """Each output's gradient goes back to where its window's maximum was."""

    formula = "d max(window)/dx = 1 at the maximum, 0 elsewhere"

    def backward(self, grad):
        where, _ = self.saved(False)
        kernel, stride, padding, dilation, out, shape = self.settings
        if isinstance(grad, Tensor):  # recorded: a scatter whose gradient gathers
            index = _flat_indices(where, self.settings).reshape(*shape[:2], -1)
            flat = grad.reshape(*shape[:2], -1)
            summed = ScatterAdd.apply(
                flat, shape=(*shape[:2], shape[2] * shape[3]), dim=2, index=index
            )
            return (summed.reshape(*self.input_shape),)
        # Each window position adds the gradients of the windows whose maximum
        # sat there into its strided slice (overlapping windows add up).
        grad = grad.reshape(where.shape)
        full = [n + 2 * p for n, p in zip(shape[2:], padding)]
        full = [
            max(f, (o - 1) * s + d * (k - 1) + 1)
            for f, o, s, d, k in zip(full, out, stride, dilation, kernel)
        ]
        total = np.zeros(shape[:2] + tuple(full), dtype=grad.dtype)
        positions = _positions(kernel, stride, dilation, out)
        for code, (rows, cols) in enumerate(positions):
            # (np.where, not grad * mask: an inf gradient elsewhere gives 0, not nan)
            total[:, :, rows, cols] += np.where(where == code, grad, 0)
        ph, pw = padding
        total = total[:, :, ph : ph + shape[2], pw : pw + shape[3]]
        return (np.ascontiguousarray(total).reshape(self.input_shape),)


# ----- average pooling --------------------------------------------------------------


def _divisors(shape, kernel, stride, padding, out, count_include_pad, override):
    """How many elements each window's sum is divided by, (out_h, out_w)."""
    if override:
        return np.full(out, float(override))
    sizes = []
    for n, k, s, p, o in zip(shape[2:], kernel, stride, padding, out):
        start = np.arange(o) * s - p
        end = np.minimum(start + k, n + p)  # windows end at the padding's edge
        if count_include_pad:
            sizes.append(end - start)
        else:  # count only the real elements
            sizes.append(np.minimum(end, n) - np.maximum(start, 0))
    return np.outer(sizes[0], sizes[1]).astype(np.float64)


def _avg_pool_array(x, cfg):
    """Average pooling of an array (N, C, H, W), `cfg` from `avg_pool2d`."""
    kernel, stride, padding, out, divisor = cfg
    padded = _padded(x, kernel, stride, padding, (1, 1), out, 0.0)
    sums = windows(padded, kernel, stride, (1, 1), out).sum(axis=(-2, -1))
    return (sums / divisor).astype(x.dtype)


def _avg_pool_adjoint_array(grad, cfg, shape):
    """Spread each output's gradient / divisor evenly over its window."""
    kernel, stride, padding, out, divisor = cfg
    share = (grad / divisor).astype(grad.dtype)
    full_h = max((out[0] - 1) * stride[0] + kernel[0], shape[2] + 2 * padding[0])
    full_w = max((out[1] - 1) * stride[1] + kernel[1], shape[3] + 2 * padding[1])
    total = np.zeros(shape[:2] + (full_h, full_w), dtype=grad.dtype)
    for a in range(kernel[0]):  # a loop over the window's positions, not pixels
        for b in range(kernel[1]):
            rows = slice(a, a + (out[0] - 1) * stride[0] + 1, stride[0])
            cols = slice(b, b + (out[1] - 1) * stride[1] + 1, stride[1])
            total[:, :, rows, cols] += share
    ph, pw = padding
    return np.ascontiguousarray(total[:, :, ph : ph + shape[2], pw : pw + shape[3]])


def avg_pool2d(
    input,
    kernel_size,
    stride=None,
    padding=0,
    ceil_mode=False,
    count_include_pad=True,
    divisor_override=None,
):
    """The mean of each window (2-D average pooling).

    Args:
        input: (N, C, H, W), or (C, H, W).
        kernel_size: an int or (kH, kW).
        stride: default kernel_size.
        padding: implicit zeros on each side, at most half the kernel.
        ceil_mode: round the output size up.
        count_include_pad: count the padding zeros in each window's size.
        divisor_override: divide every window's sum by this instead.

    Returns:
        Tensor (N, C, H_out, W_out).

    Example:
        >>> x = minigrad.tensor([[[[1.0, 2.0], [4.0, 3.0]]]])
        >>> F.avg_pool2d(x, 2)
        tensor([[[[2.5000]]]])
    """
    kernel, stride, padding, _, out, shape = _check_pool(
        "avg_pool2d", input, kernel_size, stride, padding, 1, ceil_mode
    )
    if divisor_override is not None and divisor_override == 0:
        raise RuntimeError("divisor must be not zero")
    divisor = _divisors(
        shape, kernel, stride, padding, out, count_include_pad, divisor_override
    )
    cfg = (kernel, stride, padding, out, divisor)
    value = _avg_pool_array(input._data.reshape(shape), cfg)
    if input.dim() == 3:
        value = value[0]
    return record(AvgPool2DBackward0, value, (input,), saved=(cfg,), shape=shape)


class AvgPool2DBackward0(Node):
    """Each output's gradient, divided by its window's size, goes to the window."""

    formula = "d mean(window)/dx = 1/size for each x in the window"

    def backward(self, grad):
        (cfg,) = self.saved(False)  # the settings and the divisors (freed after)
        if isinstance(grad, Tensor):  # recorded, so it can be differentiated again
            g = grad.reshape(*self.shape[:2], *grad.shape[-2:])
            spread = AvgPoolAdjoint.apply(g, cfg=cfg, shape=self.shape)
        else:
            g = grad.reshape(self.shape[:2] + grad.shape[-2:])
            spread = _avg_pool_adjoint_array(g, cfg, self.shape)
        n, c, h, w = self.shape
        return (spread.reshape(*grad.shape[:-2], h, w),)


class AvgPoolAdjoint(Function):
    """The gradient of average pooling as an op: its own gradient is the pooling.

    Only met under `create_graph=True` (second derivatives through a pooling).
    """

    backward_name = "AvgPool2DBackwardBackward0"
    formula = "the adjoint of average pooling: its gradient is average pooling"
    ctx_arrays = ("cfg",)  # (holds the divisors) freed after backward

    @staticmethod
    def forward(ctx, grad, cfg, shape):
        ctx.cfg = cfg
        return _avg_pool_adjoint_array(grad._data, cfg, shape)

    @staticmethod
    def backward(ctx, grad):
        return AvgPoolOp.apply(grad, cfg=ctx.cfg)


class AvgPoolOp(Function):
    """Average pooling as a Function (the gradient of `AvgPoolAdjoint`)."""

    backward_name = "AvgPool2DBackward0"
    formula = "d mean(window)/dx = 1/size for each x in the window"
    ctx_arrays = ("cfg",)  # (holds the divisors) freed after backward

    @staticmethod
    def forward(ctx, x, cfg):
        ctx.cfg = cfg
        ctx.shape = tuple(x.shape)
        return _avg_pool_array(x._data, cfg)

    @staticmethod
    def backward(ctx, grad):
        return AvgPoolAdjoint.apply(grad, cfg=ctx.cfg, shape=ctx.shape)


# ----- adaptive average pooling --------------------------------------------------


def _averaging_matrix(size, out):
    """(out, size): row i averages input positions floor(i*size/out) to
    ceil((i+1)*size/out) - 1, PyTorch's adaptive windows."""
    matrix = np.zeros((out, size))
    for i in range(out):  # one row per output position (a handful), not per pixel
        start = (i * size) // out
        end = -(-((i + 1) * size) // out)
        matrix[i, start:end] = 1.0 / (end - start)
    return matrix


def adaptive_avg_pool2d(input, output_size):
    """Average pooling to a given output size, whatever the input's size.

    Args:
        input: (N, C, H, W), or (C, H, W).
        output_size: an int or (out_h, out_w); None keeps that side's size.

    Returns:
        Tensor (N, C, out_h, out_w).

    Example:
        >>> F.adaptive_avg_pool2d(minigrad.ones(2, 3, 5, 7), 1).shape
        minigrad.Size([2, 3, 1, 1])
    """
    float_input(input, "adaptive_avg_pool2d")
    if input.dim() not in (3, 4):
        raise RuntimeError(
            f"adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got "
            f"{list(input.shape)}"
        )
    h, w = input.shape[-2:]
    if isinstance(output_size, (int, np.integer)):
        output_size = (output_size, output_size)
    out_h, out_w = (
        size if o is None else int(o) for o, size in zip(output_size, (h, w))
    )
    if out_h < 0 or out_w < 0:
        raise RuntimeError(
            f"adaptive_avg_pool2d(): elements of output_size must be greater than "
            f"or equal to 0 but received {[out_h, out_w]}"
        )
    if 0 in (h, w):  # (no values to average into a window)
        empty = input.dim() - 2 + (h != 0)
        raise RuntimeError(
            "adaptive_avg_pool2d(): Expected input to have non-zero size for "
            f"non-batch dimensions, but input has sizes {list(input.shape)} with "
            f"dimension {empty} being empty"
        )
    if out_h == 1 and out_w == 1:  # what PyTorch does too: MeanBackward1
        return input.mean(dim=(-2, -1), keepdim=True)
    rows = _averaging_matrix(h, out_h).astype(input._data.dtype)
    cols = _averaging_matrix(w, out_w).astype(input._data.dtype)
    value = np.matmul(np.matmul(rows, input._data), cols.T)
    return record(AdaptiveAvgPool2DBackward0, value, (input,), saved=(rows, cols))


class AdaptiveAvgPool2DBackward0(Node):
    """out = A_h @ x @ A_wᵀ, so dx = A_hᵀ @ grad @ A_w."""

    formula = "out = A_h x A_wᵀ,  dx = A_hᵀ grad A_w"

    def backward(self, grad):
        rows, cols = self.saved(False)
        if isinstance(grad, Tensor):
            rows, cols = constant(rows, like=grad), constant(cols, like=grad)
            return (rows.t() @ grad @ cols,)
        return (rows.T @ grad @ cols,)
