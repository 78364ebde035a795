"""Batch normalisation layers: `nn.BatchNorm1d` and `nn.BatchNorm2d`.

In training mode each channel is normalised with the batch's mean and
variance and the running statistics are updated; in `eval()` mode the
running statistics are used and nothing changes. The maths is
`ops/normalization.py` (`F.batch_norm`). Names and buffers are PyTorch's:
`weight`, `bias` (parameters), `running_mean`, `running_var` and
`num_batches_tracked` (buffers), in that order in `state_dict()`.
"""

import numbers

import minigrad
from minigrad._check import tensor_arg
from minigrad._device import check_device

from . import functional as F
from .module import Module
from .parameter import Parameter


class _NormBase(Module):
    """What batch and instance norm share (as in PyTorch, neither is the
    other's subclass): settings, parameters, running statistics, repr."""

    _ranks = ()

    def __init__(
        self,
        num_features,
        eps=1e-5,
        momentum=0.1,
        affine=True,
        track_running_stats=True,
        device=None,
        dtype=None,
        bias=True,
    ):
        super().__init__()
        check_device(device)  # "cpu" or None; "cuda" fails as in PyTorch without it
        self.num_features = num_features
        self.eps = eps
        self.momentum = momentum
        self.affine = affine
        self.track_running_stats = track_running_stats
        self.has_bias = bias
        factory = {} if dtype is None else {"dtype": dtype}
        _learned_scale_and_shift(self, num_features, affine, bias, dtype)
        if track_running_stats:
            self.register_buffer(
                "running_mean", minigrad.zeros(num_features, **factory)
            )
            self.register_buffer("running_var", minigrad.ones(num_features, **factory))
            self.register_buffer(
                "num_batches_tracked", minigrad.tensor(0, dtype=minigrad.int64)
            )
        else:
            self.register_buffer("running_mean", None)
            self.register_buffer("running_var", None)
            self.register_buffer("num_batches_tracked", None)

    # Version 2 saves `num_batches_tracked` (PyTorch's `_version` too).
    _version = 2

    def _upgrade_state_dict(self, state_dict, prefix, version):
        """A checkpoint of version 1, or without metadata (a plain dict), may
        lack `num_batches_tracked`: the module keeps its own, as in PyTorch.
        With version 2 it is missing like any other key."""
        key = prefix + "num_batches_tracked"
        if (version is None or version < 2) and self.track_running_stats:
            if key not in state_dict:
                state_dict[key] = (
                    self.num_batches_tracked
                    if self.num_batches_tracked is not None
                    else minigrad.tensor(0, dtype=minigrad.int64)
                )

    def reset_running_stats(self):
        """Running mean 0, running variance 1, no batches counted."""
        if self.track_running_stats:
            with minigrad.no_grad():
                self.running_mean.zero_()
                self.running_var.fill_(1.0)
                self.num_batches_tracked.zero_()

    def reset_parameters(self):
        """Running statistics reset; weight 1 and bias 0."""
        self.reset_running_stats()
        _reset_scale_and_shift(self)

    def _check_input_dim(self, input):
        tensor_arg(input, "batch_norm")  # (a numpy array: name its type)
        if input.dim() not in self._ranks:
            wanted = " or ".join(f"{r}D" for r in self._ranks)
            raise ValueError(f"expected {wanted} input (got {input.dim()}D input)")

    def extra_repr(self):
        return (
            f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, "
            f"affine={self.affine}, bias={self.affine and self.has_bias}, "
            f"track_running_stats={self.track_running_stats}"
        )


class _BatchNorm(_NormBase):
    """What BatchNorm1d and BatchNorm2d share; they differ in the input ranks."""

    def forward(self, input):
        self._check_input_dim(input)
        update = self.training and self.track_running_stats
        momentum = 0.0 if self.momentum is None else self.momentum
        if update and self.momentum is None:  # a plain average of all batches
            momentum = 1.0 / (int(self.num_batches_tracked.item()) + 1)
        # As PyTorch decides: in eval mode the running statistics are used
        # whenever they exist (even if track_running_stats was turned off later).
        use_batch = self.training or (
            self.running_mean is None and self.running_var is None
        )
        output = F.batch_norm(
            input,
            self.running_mean if not self.training or update else None,
            self.running_var if not self.training or update else None,
            self.weight,
            self.bias,
            use_batch,
            momentum,
            self.eps,
        )
        if update:  # counted only once the batch went through without an error
            with minigrad.no_grad():
                self.num_batches_tracked.add_(1)
        return output


class BatchNorm1d(_BatchNorm):
    """Batch normalisation of (N, C) or (N, C, L) inputs, per channel C.

    Args:
        num_features: C, the number of channels (features).
        eps: added to the variance (default 1e-5).
        momentum: how far the running statistics move towards each batch's
            (default 0.1); None for a plain average over all batches.
        affine: learn a scale `weight` and a shift `bias` (default True).
        track_running_stats: keep running statistics for eval mode.
        bias: learn the shift (default True).

    Example:
        >>> bn = nn.BatchNorm1d(4)
        >>> list(bn.state_dict())
        ['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']
    """

    _ranks = (2, 3)


class BatchNorm2d(_BatchNorm):
    """Batch normalisation of (N, C, H, W) images, per channel C.

    Args: as `BatchNorm1d`.

    Example:
        >>> bn = nn.BatchNorm2d(16)
        >>> bn(minigrad.randn(8, 16, 5, 5)).shape, bn.num_batches_tracked
        (minigrad.Size([8, 16, 5, 5]), tensor(1))
    """

    _ranks = (4,)


class LayerNorm(Module):
    """Layer normalisation: each sample normalised over its last dims
    (`normalized_shape`), then scaled by `weight` and shifted by `bias`.

    No running statistics: training and evaluation compute the same thing.
    See `F.layer_norm` for the maths.

    Args:
        normalized_shape: an int or a tuple: the shape of the trailing dims.
        eps: added to the variance (default 1e-5).
        elementwise_affine: learn `weight` (ones) and `bias` (zeros) of shape
            `normalized_shape` (default True).
        bias: learn the shift (default True).

    Example:
        >>> [name for name, _ in nn.LayerNorm(4).named_parameters()]
        ['weight', 'bias']
    """

    def __init__(
        self,
        normalized_shape,
        eps=1e-5,
        elementwise_affine=True,
        bias=True,
        device=None,
        dtype=None,
    ):
        super().__init__()
        check_device(device)  # "cpu" or None; "cuda" fails as in PyTorch without it
        if isinstance(normalized_shape, numbers.Integral):  # (numpy ints too)
            normalized_shape = (normalized_shape,)
        self.normalized_shape = tuple(normalized_shape)
        self.eps = eps
        self.elementwise_affine = elementwise_affine
        _learned_scale_and_shift(
            self, self.normalized_shape, elementwise_affine, bias, dtype
        )

    def reset_parameters(self):
        """Weight 1 and bias 0."""
        _reset_scale_and_shift(self)

    def forward(self, input):
        return F.layer_norm(
            input, self.normalized_shape, self.weight, self.bias, self.eps
        )

    def extra_repr(self):
        return (
            f"{self.normalized_shape}, eps={self.eps}, "
            f"elementwise_affine={self.elementwise_affine}, "
            f"bias={self.bias is not None}"
        )


def _learned_scale_and_shift(module, shape, learned, bias, dtype):
    """Give a normalisation layer (BatchNorm, LayerNorm, GroupNorm) its learned
    `weight` (ones) and `bias` (zeros) of `shape`, or None for each it does
    not learn (`learned` False: neither; `bias` False: no shift)."""
    factory = {} if dtype is None else {"dtype": dtype}
    if learned:
        module.weight = Parameter(minigrad.ones(shape, **factory))
        if bias:
            module.bias = Parameter(minigrad.zeros(shape, **factory))
        else:
            module.register_parameter("bias", None)
    else:
        module.register_parameter("weight", None)
        module.register_parameter("bias", None)


def _reset_scale_and_shift(module):
    """A normalisation layer's learned weight back to 1 and bias to 0 (those
    it has)."""
    with minigrad.no_grad():
        if module.weight is not None:
            module.weight.fill_(1.0)
        if module.bias is not None:
            module.bias.zero_()
