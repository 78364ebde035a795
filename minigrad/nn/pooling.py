"""Pooling layers: `nn.MaxPool2d`, `nn.AvgPool2d`, `nn.AdaptiveAvgPool2d`, and
the private bases they share with the 1-d layers of `pooling_more.py`.

They hold settings only (no parameters) and call the functions of
`ops/pooling.py` (`F.max_pool2d`, ...), which say how each is computed.
As in PyTorch, the 1-d and 2-d layers are siblings under one private base
(`_MaxPoolNd`, ...), so `isinstance(nn.MaxPool1d(2), nn.MaxPool2d)` is False.
"""

from . import functional as F
from .module import Module


class _MaxPoolNd(Module):
    """Settings and repr of the max pooling layers; each has its own forward."""

    def __init__(
        self,
        kernel_size,
        stride=None,
        padding=0,
        dilation=1,
        return_indices=False,
        ceil_mode=False,
    ):
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding = padding
        self.dilation = dilation
        self.return_indices = return_indices
        self.ceil_mode = ceil_mode

    def extra_repr(self):
        return (
            f"kernel_size={self.kernel_size}, stride={self.stride}, "
            f"padding={self.padding}, dilation={self.dilation}, "
            f"ceil_mode={self.ceil_mode}"
        )


class MaxPool2d(_MaxPoolNd):
    """The largest value of each window: shrinks images, keeps strong features.

    Args:
        kernel_size: an int or (kH, kW).
        stride: default kernel_size (windows side by side).
        padding: implicit -inf on each side (at most half the kernel).
        dilation: spacing between the window's elements.
        return_indices: also return where each maximum was.
        ceil_mode: round the output size up.

    Example:
        >>> nn.MaxPool2d(2)(minigrad.zeros(8, 6, 24, 24)).shape
        minigrad.Size([8, 6, 12, 12])
    """

    def forward(self, input):
        return F.max_pool2d(
            input,
            self.kernel_size,
            self.stride,
            self.padding,
            self.dilation,
            ceil_mode=self.ceil_mode,
            return_indices=self.return_indices,
        )


class _AvgPoolNd(Module):
    """Repr of the average pooling layers (their settings differ a little)."""

    def extra_repr(self):
        return (
            f"kernel_size={self.kernel_size}, stride={self.stride}, "
            f"padding={self.padding}"
        )


class AvgPool2d(_AvgPoolNd):
    """The mean of each window.

    Args:
        kernel_size: an int or (kH, kW).
        stride: default kernel_size.
        padding: implicit zeros on each side (at most half the kernel).
        ceil_mode: round the output size up.
        count_include_pad: count padding zeros in the window's size.
        divisor_override: divide by this instead of the window's size.

    Example:
        >>> nn.AvgPool2d(2)
        AvgPool2d(kernel_size=2, stride=2, padding=0)
    """

    def __init__(
        self,
        kernel_size,
        stride=None,
        padding=0,
        ceil_mode=False,
        count_include_pad=True,
        divisor_override=None,
    ):
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding = padding
        self.ceil_mode = ceil_mode
        self.count_include_pad = count_include_pad
        self.divisor_override = divisor_override

    def forward(self, input):
        return F.avg_pool2d(
            input,
            self.kernel_size,
            self.stride,
            self.padding,
            self.ceil_mode,
            self.count_include_pad,
            self.divisor_override,
        )


class _AdaptiveAvgPoolNd(Module):
    """Setting and repr of the adaptive average pooling layers."""

    def __init__(self, output_size):
        super().__init__()
        self.output_size = output_size

    def extra_repr(self):
        return f"output_size={self.output_size}"


class AdaptiveAvgPool2d(_AdaptiveAvgPoolNd):
    """Average pooling to a fixed output size, whatever the input's size.

    Args:
        output_size: an int or (out_h, out_w); None keeps that side.

    Example:
        >>> nn.AdaptiveAvgPool2d((1, 1))(minigrad.zeros(2, 16, 5, 5)).shape
        minigrad.Size([2, 16, 1, 1])
    """

    def forward(self, input):
        return F.adaptive_avg_pool2d(input, self.output_size)
