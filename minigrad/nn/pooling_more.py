"""More pooling layers: `nn.MaxPool1d`, `nn.AvgPool1d`, `nn.AdaptiveAvgPool1d`,
`nn.AdaptiveMaxPool1d` and `nn.AdaptiveMaxPool2d`.

Like those of `pooling.py`, they hold settings only and call the functions
of `ops/pooling_more.py` (`F.max_pool1d`, ...).
"""

from . import functional as F
from .module import Module
from .pooling import _AdaptiveAvgPoolNd, _AvgPoolNd, _MaxPoolNd


class MaxPool1d(_MaxPoolNd):
    """The largest value of each window along the last dimension of (N, C, L).

    Args: as `MaxPool2d`'s, each an int (one size along L).

    Example:
        >>> nn.MaxPool1d(2)(minigrad.zeros(8, 6, 24)).shape
        minigrad.Size([8, 6, 12])
    """

    def forward(self, input):
        return F.max_pool1d(
            input,
            self.kernel_size,
            self.stride,
            self.padding,
            self.dilation,
            ceil_mode=self.ceil_mode,
            return_indices=self.return_indices,
        )


def _single(value):
    """An int as a tuple of one, as PyTorch's AvgPool1d keeps its settings."""
    return tuple(value) if isinstance(value, (tuple, list)) else (value,)


class AvgPool1d(_AvgPoolNd):
    """The mean of each window along the last dimension of (N, C, L).

    Args:
        kernel_size: the window's length.
        stride: default kernel_size.
        padding: implicit zeros on each side (at most half the kernel).
        ceil_mode: round the output length up.
        count_include_pad: count padding zeros in the window's size.

    Example:
        >>> nn.AvgPool1d(3, 2, 1)
        AvgPool1d(kernel_size=(3,), stride=(2,), padding=(1,))
    """

    def __init__(
        self,
        kernel_size,
        stride=None,
        padding=0,
        ceil_mode=False,
        count_include_pad=True,
    ):
        super().__init__()
        self.kernel_size = _single(kernel_size)
        self.stride = _single(stride if stride is not None else kernel_size)
        self.padding = _single(padding)
        self.ceil_mode = ceil_mode
        self.count_include_pad = count_include_pad

    def forward(self, input):
        return F.avg_pool1d(
            input,
            self.kernel_size,
            self.stride,
            self.padding,
            self.ceil_mode,
            self.count_include_pad,
        )


class AdaptiveAvgPool1d(_AdaptiveAvgPoolNd):
    """Average pooling of the last dimension of (N, C, L) to a fixed length.

    Args:
        output_size: the output's length.

    Example:
        >>> nn.AdaptiveAvgPool1d(4)(minigrad.zeros(2, 3, 10)).shape
        minigrad.Size([2, 3, 4])
    """

    def forward(self, input):
        return F.adaptive_avg_pool1d(input, self.output_size)


class _AdaptiveMaxPoolNd(Module):
    """Settings and repr of the adaptive max pooling layers."""

    def __init__(self, output_size, return_indices=False):
        super().__init__()
        self.output_size = output_size
        self.return_indices = return_indices

    def extra_repr(self):
        return f"output_size={self.output_size}"


class AdaptiveMaxPool1d(_AdaptiveMaxPoolNd):
    """Max pooling of the last dimension of (N, C, L) to a fixed length.

    Args:
        output_size: the output's length.
        return_indices: also return where each maximum was.

    Example:
        >>> nn.AdaptiveMaxPool1d(4)(minigrad.zeros(2, 3, 10)).shape
        minigrad.Size([2, 3, 4])
    """

    def forward(self, input):
        return F.adaptive_max_pool1d(input, self.output_size, self.return_indices)


class AdaptiveMaxPool2d(_AdaptiveMaxPoolNd):
    """Max pooling of (N, C, H, W) to a fixed output size, whatever the input's.

    Args:
        output_size: an int or (out_h, out_w); None keeps that side.
        return_indices: also return where each maximum was.

    Example:
        >>> nn.AdaptiveMaxPool2d((1, 1))(minigrad.zeros(2, 16, 5, 5)).shape
        minigrad.Size([2, 16, 1, 1])
    """

    def forward(self, input):
        return F.adaptive_max_pool2d(input, self.output_size, self.return_indices)
