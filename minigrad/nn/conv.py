"""Convolution layers: `nn.Conv1d`, `nn.Conv2d`, `nn.ConvTranspose2d`.

Each holds a weight and a bias and calls `F.conv1d` / `F.conv2d` /
`F.conv_transpose2d` (written in `ops/conv.py`). Shapes, names and starting
values are PyTorch's: `weight` is (out_channels, in_channels/groups, *kernel)
(in and out swapped for a transposed convolution), drawn with
`kaiming_uniform_(a=sqrt(5))`, i.e. uniform in +-1/sqrt(fan_in) where
fan_in = in_channels/groups * kH * kW; the bias uniform in the same range.
"""

import math
import numbers

from minigrad._check import tensor_arg
from minigrad._device import check_device

from . import functional as F
from . import init
from .linear import _empty
from .module import Module
from .parameter import Parameter


def _ntuple(value, n):
    """One size for each of n dimensions: an int repeated, a sequence as a tuple.

    Integral, not int, so numpy ints (from `np.arange`, shapes, ...) count as
    ints, as in PyTorch.
    """
    if isinstance(value, numbers.Integral):
        return (value,) * n
    return tuple(value)


class _ConvNd(Module):
    """What every convolution layer shares: settings, parameters, repr."""

    _dims = 2
    _transposed = False

    def __init__(
        self,
        in_channels,
        out_channels,
        kernel_size,
        stride=1,
        padding=0,
        dilation=1,
        groups=1,
        bias=True,
        padding_mode="zeros",
        output_padding=0,
        device=None,
        dtype=None,
    ):
        super().__init__()
        check_device(device)  # "cpu" or None; "cuda" fails as in PyTorch without it
        if not isinstance(groups, numbers.Integral) or groups <= 0:
            raise ValueError("groups must be a positive integer")
        if in_channels % groups != 0:
            raise ValueError("in_channels must be divisible by groups")
        if out_channels % groups != 0:
            raise ValueError("out_channels must be divisible by groups")
        if self._transposed and padding_mode != "zeros":
            raise ValueError(
                f'Only "zeros" padding mode is supported for {type(self).__name__}'
            )
        if padding_mode not in _PADDING_MODES:
            raise ValueError(
                "padding_mode must be one of {'zeros', 'reflect', 'replicate', "
                f"'circular'}}, but got padding_mode='{padding_mode}'"
            )
        n = self._dims
        if isinstance(padding, str):
            if padding not in ("same", "valid"):
                raise ValueError(
                    f"Invalid padding string '{padding}', should be one of "
                    "{'valid', 'same'}"
                )
            if padding == "same" and any(s != 1 for s in _ntuple(stride, n)):
                raise ValueError(
                    "padding='same' is not supported for strided convolutions"
                )
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.kernel_size = _ntuple(kernel_size, n)
        self.stride = _ntuple(stride, n)
        self.padding = padding if isinstance(padding, str) else _ntuple(padding, n)
        self.dilation = _ntuple(dilation, n)
        self.output_padding = _ntuple(output_padding, n)
        self.groups = groups
        self.padding_mode = padding_mode
        # F.pad's (left, right) pairs, last dimension first: how the input is
        # padded before the convolution when padding_mode is not "zeros".
        self._reversed_padding_repeated_twice = _pad_pairs(
            self.padding, self.kernel_size, self.dilation
        )
        if self._transposed:
            shape = (in_channels, out_channels // groups, *self.kernel_size)
        else:
            shape = (out_channels, in_channels // groups, *self.kernel_size)
        self.weight = Parameter(_empty(*shape, dtype=dtype))
        if bias:
            self.bias = Parameter(_empty(out_channels, dtype=dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self):
        """Draw fresh starting values, as PyTorch's convolution layers do."""
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in, _ = init._calculate_fan_in_and_fan_out(self.weight)
            if fan_in != 0:
                bound = 1 / math.sqrt(fan_in)
                init.uniform_(self.bias, -bound, bound)

    def extra_repr(self):
        n = self._dims
        text = (
            f"{self.in_channels}, {self.out_channels}, "
            f"kernel_size={self.kernel_size}, stride={self.stride}"
        )
        if self.padding != (0,) * n:
            text += f", padding={self.padding}"
        if self.dilation != (1,) * n:
            text += f", dilation={self.dilation}"
        if self.output_padding != (0,) * n:
            text += f", output_padding={self.output_padding}"
        if self.groups != 1:
            text += f", groups={self.groups}"
        if self.bias is None:
            text += ", bias=False"
        if self.padding_mode != "zeros":
            text += f", padding_mode={self.padding_mode}"
        return text

    def _padded(self, input):
        """The input and the padding to convolve it with: with a padding_mode
        other than "zeros", the input padded by F.pad in that mode, and 0."""
        if self.padding_mode == "zeros":
            return input, self.padding
        pairs = self._reversed_padding_repeated_twice
        return F.pad(input, pairs, mode=self.padding_mode), 0


_PADDING_MODES = ("zeros", "reflect", "replicate", "circular")


def _pad_pairs(padding, kernel_size, dilation):
    """F.pad's amounts for a convolution's padding: (left, right) per spatial
    dimension, the last dimension first. "same" pads dilation * (k - 1) in all,
    the extra one on the right (as PyTorch does)."""
    pairs = []
    for i in reversed(range(len(kernel_size))):
        if padding == "valid":
            left = right = 0
        elif padding == "same":
            total = dilation[i] * (kernel_size[i] - 1)
            left, right = total // 2, total - total // 2
        else:
            left = right = padding[i]
        pairs += [left, right]
    return pairs


class Conv1d(_ConvNd):
    """A 1-D convolution layer over (N, C, L) inputs (sequences, signals).

    Args: as `Conv2d`, with one value per setting.

    Example:
        >>> nn.Conv1d(3, 8, 5)
        Conv1d(3, 8, kernel_size=(5,), stride=(1,))
    """

    _dims = 1

    def __init__(
        self,
        in_channels,
        out_channels,
        kernel_size,
        stride=1,
        padding=0,
        dilation=1,
        groups=1,
        bias=True,
        padding_mode="zeros",
        device=None,
        dtype=None,
    ):
        super().__init__(
            in_channels,
            out_channels,
            kernel_size,
            stride,
            padding,
            dilation,
            groups,
            bias,
            padding_mode,
            0,
            device,
            dtype,
        )

    def forward(self, input):
        tensor_arg(input, "conv1d")  # (a numpy array: name its type)
        input, padding = self._padded(input)
        return F.conv1d(
            input,
            self.weight,
            self.bias,
            self.stride,
            padding,
            self.dilation,
            self.groups,
        )


class Conv2d(_ConvNd):
    """A 2-D convolution layer: learned filters slid over (N, C, H, W) images.

    Args:
        in_channels: channels of the input (1 for grey, 3 for RGB).
        out_channels: how many filters, i.e. channels of the output.
        kernel_size: an int or (kH, kW).
        stride: an int or (sH, sW) (default 1).
        padding: an int, (pH, pW), "valid" or "same" (default 0).
        dilation: spacing between kernel elements (default 1).
        groups: independent channel groups (default 1; in_channels for a
            depthwise convolution).
        bias: learn a bias per output channel (default True).
        padding_mode: "zeros" (default), "reflect", "replicate" or "circular":
            what the border is padded with (F.pad's modes).
        device: only None or "cpu".
        dtype: of the parameters (default float32).

    Attributes:
        weight: Parameter (out_channels, in_channels/groups, kH, kW).
        bias: Parameter (out_channels,) or None.

    Example:
        >>> conv = nn.Conv2d(1, 6, 5)
        >>> conv
        Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1))
        >>> conv(minigrad.zeros(64, 1, 28, 28)).shape
        minigrad.Size([64, 6, 24, 24])
    """

    def __init__(
        self,
        in_channels,
        out_channels,
        kernel_size,
        stride=1,
        padding=0,
        dilation=1,
        groups=1,
        bias=True,
        padding_mode="zeros",
        device=None,
        dtype=None,
    ):
        super().__init__(
            in_channels,
            out_channels,
            kernel_size,
            stride,
            padding,
            dilation,
            groups,
            bias,
            padding_mode,
            0,
            device,
            dtype,
        )

    def forward(self, input):
        tensor_arg(input, "conv2d")
        input, padding = self._padded(input)
        return F.conv2d(
            input,
            self.weight,
            self.bias,
            self.stride,
            padding,
            self.dilation,
            self.groups,
        )


class _ConvTransposeNd(_ConvNd):
    """What the transposed convolution layers share: their argument order
    (output_padding after padding) and weight (in and out swapped)."""

    _transposed = True

    def __init__(
        self,
        in_channels,
        out_channels,
        kernel_size,
        stride=1,
        padding=0,
        output_padding=0,
        groups=1,
        bias=True,
        dilation=1,
        padding_mode="zeros",
        device=None,
        dtype=None,
    ):
        if isinstance(padding, str):
            raise ValueError(
                f'padding="{padding}" is not supported for {type(self).__name__}; '
                "give an int or a pair"
            )
        super().__init__(
            in_channels,
            out_channels,
            kernel_size,
            stride,
            padding,
            dilation,
            groups,
            bias,
            padding_mode,
            output_padding,
            device,
            dtype,
        )

    def _output_padding(self, input, output_size, num_spatial_dims):
        """The output_padding that gives the output the size `output_size`
        (None: the layer's own `output_padding`), as PyTorch's `forward(input,
        output_size=...)` works it out: a strided transposed convolution can
        make any of `stride` output sizes from one input size.

        `output_size` gives the spatial sizes, or the whole shape (batch and
        channels first). Raises ValueError for a size outside the range.
        """
        if output_size is None:
            return self.output_padding
        has_batch_dim = input.dim() == num_spatial_dims + 2
        num_non_spatial_dims = 2 if has_batch_dim else 1
        output_size = list(output_size)
        if len(output_size) == num_non_spatial_dims + num_spatial_dims:
            output_size = output_size[num_non_spatial_dims:]
        if len(output_size) != num_spatial_dims:
            raise ValueError(
                f"ConvTranspose{num_spatial_dims}D: for {input.dim()}D input, "
                f"output_size must have {num_spatial_dims} or "
                f"{num_non_spatial_dims + num_spatial_dims} elements (got "
                f"{len(output_size)})"
            )
        min_sizes, max_sizes = [], []
        for d in range(num_spatial_dims):
            smallest = (
                (input.size(d + num_non_spatial_dims) - 1) * self.stride[d]
                - 2 * self.padding[d]
                + self.dilation[d] * (self.kernel_size[d] - 1)
                + 1
            )
            min_sizes.append(smallest)
            max_sizes.append(smallest + self.stride[d] - 1)
        for size, smallest, largest in zip(output_size, min_sizes, max_sizes):
            if size < smallest or size > largest:
                raise ValueError(
                    f"requested an output size of {output_size}, but valid sizes "
                    f"range from {min_sizes} to {max_sizes} (for an input of "
                    f"{input.size()[2:]})"
                )
        return tuple(size - smallest for size, smallest in zip(output_size, min_sizes))


class ConvTranspose2d(_ConvTransposeNd):
    """A transposed 2-D convolution layer: upsamples (stride 2 doubles H and W).

    Args: as `Conv2d`, plus `output_padding` (extra rows/columns at the end,
    smaller than the stride or the dilation); padding must be an int or pair.

    Attributes:
        weight: Parameter (in_channels, out_channels/groups, kH, kW).
        bias: Parameter (out_channels,) or None.

    Example:
        >>> up = nn.ConvTranspose2d(4, 2, 2, stride=2)
        >>> up(minigrad.zeros(1, 4, 5, 5)).shape
        minigrad.Size([1, 2, 10, 10])
    """

    def forward(self, input, output_size=None):
        """Args: `input` (N, C, H, W) or (C, H, W); `output_size`: the
        output's (H, W) (or whole shape), to pick among the sizes a stride
        above 1 allows (it sets the output_padding of this call)."""
        tensor_arg(input, "conv_transpose2d")
        return F.conv_transpose2d(
            input,
            self.weight,
            self.bias,
            self.stride,
            self.padding,
            self._output_padding(input, output_size, 2),
            self.groups,
            self.dilation,
        )
