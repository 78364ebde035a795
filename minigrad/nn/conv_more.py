"""More layers for convolutional networks: `nn.Unfold`, `nn.Fold`,
`nn.ConvTranspose1d`, `nn.MaxUnpool1d/2d`, `nn.LPPool1d/2d`, `nn.Bilinear`,
`nn.LazyLinear` and `nn.EmbeddingBag`.

They hold settings (and parameters) and call the functions of
`ops/conv_more.py` (`F.unfold`, `F.fold`, ...), with PyTorch's reprs.
"""

import math

from minigrad._device import check_device

from .._check import int_arg, tensor_arg
from ..autograd.grad_mode import no_grad
from ..tensor import Tensor
from . import functional as F
from . import init
from .conv import _ConvTransposeNd, _ntuple
from .linear import Linear, _empty
from .module import Module
from .parameter import Parameter


class Unfold(Module):
    """Every sliding window of (N, C, H, W) images as a column (im2col).

    Args: kernel_size, dilation=1, padding=0, stride=1, as `F.unfold`'s.

    Example:
        >>> nn.Unfold(2)(minigrad.zeros(1, 3, 4, 4)).shape
        minigrad.Size([1, 12, 9])
    """

    def __init__(self, kernel_size, dilation=1, padding=0, stride=1):
        super().__init__()
        self.kernel_size = kernel_size
        self.dilation = dilation
        self.padding = padding
        self.stride = stride

    def forward(self, input):
        return F.unfold(
            input, self.kernel_size, self.dilation, self.padding, self.stride
        )

    def extra_repr(self):
        return (
            f"kernel_size={self.kernel_size}, dilation={self.dilation}, "
            f"padding={self.padding}, stride={self.stride}"
        )


class Fold(Module):
    """Columns of windows added back into (N, C, H, W) images (col2im).

    Args: output_size, kernel_size, dilation=1, padding=0, stride=1, as
    `F.fold`'s.

    Example:
        >>> nn.Fold((4, 4), 2)(minigrad.zeros(1, 12, 9)).shape
        minigrad.Size([1, 3, 4, 4])
    """

    def __init__(self, output_size, kernel_size, dilation=1, padding=0, stride=1):
        super().__init__()
        self.output_size = output_size
        self.kernel_size = kernel_size
        self.dilation = dilation
        self.padding = padding
        self.stride = stride

    def forward(self, input):
        return F.fold(
            input,
            self.output_size,
            self.kernel_size,
            self.dilation,
            self.padding,
            self.stride,
        )

    def extra_repr(self):
        return (
            f"output_size={self.output_size}, kernel_size={self.kernel_size}, "
            f"dilation={self.dilation}, padding={self.padding}, stride={self.stride}"
        )


class ConvTranspose1d(_ConvTransposeNd):
    """A transposed 1-D convolution layer over (N, C, L) inputs (upsamples).

    Args: as `ConvTranspose2d`, one value per setting.

    Attributes:
        weight: Parameter (in_channels, out_channels/groups, k).
        bias: Parameter (out_channels,) or None.

    Example:
        >>> nn.ConvTranspose1d(4, 2, 2, stride=2)(minigrad.zeros(1, 4, 5)).shape
        minigrad.Size([1, 2, 10])
    """

    _dims = 1

    def forward(self, input, output_size=None):
        """Args: `input` (N, C, L) or (C, L); `output_size`: the output's
        length (or whole shape), as `ConvTranspose2d.forward`."""
        tensor_arg(input, "conv_transpose1d")
        return F.conv_transpose1d(
            input,
            self.weight,
            self.bias,
            self.stride,
            self.padding,
            self._output_padding(input, output_size, 1),
            self.groups,
            self.dilation,
        )


class _MaxUnpoolNd(Module):
    """Settings and repr of the unpooling layers."""

    _dims = 2

    def __init__(self, kernel_size, stride=None, padding=0):
        super().__init__()
        n = self._dims
        self.kernel_size = _ntuple(kernel_size, n)
        self.stride = _ntuple(stride if stride is not None else kernel_size, n)
        self.padding = _ntuple(padding, n)

    def extra_repr(self):
        return (
            f"kernel_size={self.kernel_size}, stride={self.stride}, "
            f"padding={self.padding}"
        )


class MaxUnpool2d(_MaxUnpoolNd):
    """Undo `nn.MaxPool2d(..., return_indices=True)`: values back where their
    maxima were, zeros elsewhere.

    Args: kernel_size, stride (default kernel_size), padding: the pooling's.
    Call with `(input, indices, output_size=None)`.

    Example:
        >>> pool = nn.MaxPool2d(2, return_indices=True)
        >>> out, idx = pool(minigrad.ones(1, 1, 4, 4))
        >>> nn.MaxUnpool2d(2)(out, idx).shape
        minigrad.Size([1, 1, 4, 4])
    """

    def forward(self, input, indices, output_size=None):
        return F.max_unpool2d(
            input, indices, self.kernel_size, self.stride, self.padding, output_size
        )


class MaxUnpool1d(_MaxUnpoolNd):
    """Undo `nn.MaxPool1d(..., return_indices=True)` on (N, C, L).

    Args: as `MaxUnpool2d`'s, one value each.

    Example:
        >>> nn.MaxUnpool1d(2)
        MaxUnpool1d(kernel_size=(2,), stride=(2,), padding=(0,))
    """

    _dims = 1

    def forward(self, input, indices, output_size=None):
        return F.max_unpool1d(
            input, indices, self.kernel_size, self.stride, self.padding, output_size
        )


class _LPPoolNd(Module):
    """Settings and repr of the LP pooling layers; each has its own forward."""

    def __init__(self, norm_type, kernel_size, stride=None, ceil_mode=False):
        super().__init__()
        self.norm_type = norm_type
        self.kernel_size = kernel_size
        self.stride = stride
        self.ceil_mode = ceil_mode

    def extra_repr(self):
        return (
            f"norm_type={self.norm_type}, kernel_size={self.kernel_size}, "
            f"stride={self.stride}, ceil_mode={self.ceil_mode}"
        )


class LPPool2d(_LPPoolNd):
    """The p-norm of each window of (N, C, H, W) images (`F.lp_pool2d`).

    Args:
        norm_type: p.
        kernel_size: an int or (kh, kw).
        stride: default kernel_size.
        ceil_mode: round the output size up.

    Example:
        >>> nn.LPPool2d(2, 3)
        LPPool2d(norm_type=2, kernel_size=3, stride=None, ceil_mode=False)
    """

    def forward(self, input):
        return F.lp_pool2d(
            input, self.norm_type, self.kernel_size, self.stride, self.ceil_mode
        )


class LPPool1d(_LPPoolNd):
    """The p-norm of each window along the last dimension of (N, C, L).

    Args: as `LPPool2d`'s, one value each.

    Example:
        >>> nn.LPPool1d(2, 2)(minigrad.ones(1, 1, 4))
        tensor([[[1.4142, 1.4142]]])
    """

    def forward(self, input):
        return F.lp_pool1d(
            input, self.norm_type, self.kernel_size, self.stride, self.ceil_mode
        )


class Bilinear(Module):
    """y = x1 @ weight[o] @ x2 + bias[o] for each output o (`F.bilinear`).

    Args:
        in1_features, in2_features: sizes of the two inputs' last dimension.
        out_features: size of the output's last dimension.
        bias: learn a bias (default True).

    Attributes:
        weight: Parameter (out_features, in1_features, in2_features), uniform
            in +-1/sqrt(in1_features) as PyTorch's; the bias likewise.

    Example:
        >>> nn.Bilinear(3, 4, 5)(minigrad.ones(2, 3), minigrad.ones(2, 4)).shape
        minigrad.Size([2, 5])
    """

    def __init__(
        self,
        in1_features,
        in2_features,
        out_features,
        bias=True,
        device=None,
        dtype=None,
    ):
        super().__init__()
        check_device(device)  # "cpu" or None; "cuda" fails as in PyTorch without it
        self.in1_features = int_arg(in1_features, "Bilinear", "in1_features", 1)
        self.in2_features = int_arg(in2_features, "Bilinear", "in2_features", 2)
        self.out_features = int_arg(out_features, "Bilinear", "out_features", 3)
        shape = (out_features, in1_features, in2_features)
        self.weight = Parameter(_empty(*shape, dtype=dtype))
        if bias:
            self.bias = Parameter(_empty(out_features, dtype=dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self):
        """Uniform in +-1/sqrt(in1_features), as PyTorch's Bilinear."""
        bound = 1 / math.sqrt(self.weight.shape[1])
        init.uniform_(self.weight, -bound, bound)
        if self.bias is not None:
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input1, input2):
        return F.bilinear(input1, input2, self.weight, self.bias)

    def extra_repr(self):
        return (
            f"in1_features={self.in1_features}, in2_features={self.in2_features}, "
            f"out_features={self.out_features}, bias={self.bias is not None}"
        )


class LazyLinear(Linear):
    """A `Linear` layer whose in_features is the size of the first input's
    last dimension: its parameters are made on the first call, and the
    layer then becomes a plain `nn.Linear`, as in PyTorch.

    Until then `weight` and `bias` are None: make the optimizer after a first
    call (a dry run), or it gets no parameters.

    Args:
        out_features: size of each output sample.
        bias: if False, the layer has no bias.

    Example:
        >>> layer = nn.LazyLinear(5)
        >>> layer
        LazyLinear(in_features=0, out_features=5, bias=True)
        >>> layer(minigrad.ones(2, 3)).shape
        minigrad.Size([2, 5])
        >>> layer
        Linear(in_features=3, out_features=5, bias=True)
    """

    def __init__(self, out_features, bias=True, device=None, dtype=None):
        Module.__init__(self)
        check_device(device)  # "cpu" or None; "cuda" fails as in PyTorch without it
        self.in_features = 0
        self.out_features = int_arg(out_features, "LazyLinear", "out_features", 1)
        self._dtype = dtype
        self.register_parameter("weight", None)
        self._has_bias = bias
        self.register_parameter("bias", None)

    def extra_repr(self):
        return (
            f"in_features={self.in_features}, out_features={self.out_features}, "
            f"bias={self._has_bias}"
        )

    def forward(self, input):
        if not isinstance(input, Tensor) or input.dim() == 0:
            raise RuntimeError(
                "LazyLinear: the first input must be a tensor of at least one "
                "dimension (its last dimension gives in_features)"
            )
        self.in_features = input.shape[-1]
        self.weight = Parameter(
            _empty(self.out_features, self.in_features, dtype=self._dtype)
        )
        if self._has_bias:
            self.bias = Parameter(_empty(self.out_features, dtype=self._dtype))
        self.reset_parameters()
        del self._dtype, self._has_bias
        self.__class__ = Linear  # from now on an ordinary Linear, as PyTorch's
        return self.forward(input)


class EmbeddingBag(Module):
    """An embedding table that returns the sum, mean or max of each bag of
    rows (`F.embedding_bag`), without the (bag, row) tensor in between.

    Args:
        num_embeddings: rows of the table.
        embedding_dim: size of each row.
        mode: "sum", "mean" (default) or "max".
        include_last_offset: offsets end with the end of the last bag.
        padding_idx: a row left out of every bag, kept at zero.
        max_norm, scale_grad_by_freq, sparse: not in minigrad.

    Attributes:
        weight: Parameter (num_embeddings, embedding_dim), drawn from N(0, 1).

    Call with `(input, offsets=None, per_sample_weights=None)`.

    Example:
        >>> bag = nn.EmbeddingBag(10, 3, mode="sum")
        >>> bag(minigrad.tensor([1, 2, 4, 5]), minigrad.tensor([0, 2])).shape
        minigrad.Size([2, 3])
    """

    def __init__(
        self,
        num_embeddings,
        embedding_dim,
        max_norm=None,
        norm_type=2.0,
        scale_grad_by_freq=False,
        mode="mean",
        sparse=False,
        _weight=None,
        include_last_offset=False,
        padding_idx=None,
        device=None,
        dtype=None,
    ):
        super().__init__()
        if max_norm is not None or scale_grad_by_freq or sparse:
            raise NotImplementedError(
                "EmbeddingBag: max_norm, scale_grad_by_freq and sparse are not in "
                "minigrad; leave them at their defaults"
            )
        check_device(device)  # "cpu" or None; "cuda" fails as in PyTorch without it
        if mode not in ("sum", "mean", "max"):
            raise ValueError("mode has to be one of sum, mean or max")
        if padding_idx is not None:
            if not -num_embeddings <= padding_idx < num_embeddings:
                raise AssertionError("padding_idx must be within num_embeddings")
            padding_idx %= num_embeddings
        self.num_embeddings = num_embeddings
        self.embedding_dim = embedding_dim
        self.max_norm, self.norm_type = max_norm, norm_type
        self.scale_grad_by_freq, self.sparse = scale_grad_by_freq, sparse
        self.mode = mode
        self.include_last_offset = include_last_offset
        self.padding_idx = padding_idx
        if _weight is None:
            self.weight = Parameter(_empty(num_embeddings, embedding_dim, dtype=dtype))
            self.reset_parameters()
        else:
            if tuple(_weight.shape) != (num_embeddings, embedding_dim):
                raise AssertionError(
                    "Shape of weight does not match num_embeddings and embedding_dim"
                )
            self.weight = Parameter(_weight)

    def reset_parameters(self):
        """N(0, 1) rows, the padding row zero, as PyTorch's."""
        init.normal_(self.weight)
        if self.padding_idx is not None:
            with no_grad():
                self.weight[self.padding_idx].fill_(0)

    def forward(self, input, offsets=None, per_sample_weights=None):
        return F.embedding_bag(
            input,
            self.weight,
            offsets,
            mode=self.mode,
            per_sample_weights=per_sample_weights,
            include_last_offset=self.include_last_offset,
            padding_idx=self.padding_idx,
        )

    def extra_repr(self):
        text = f"{self.num_embeddings}, {self.embedding_dim}, mode='{self.mode}'"
        if self.padding_idx is not None:
            text += f", padding_idx={self.padding_idx}"
        return text
