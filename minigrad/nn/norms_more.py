"""Group and instance normalisation layers: `nn.GroupNorm`,
`nn.InstanceNorm1d`, `nn.InstanceNorm2d`.

The maths is `ops/norms_more.py` (`F.group_norm`, `F.instance_norm`).
Instance norm keeps batch norm's settings, parameters and buffers (both are
`_NormBase`s of `normalization.py`), with PyTorch's other defaults:
`affine=False` and `track_running_stats=False`.
"""

import warnings

from minigrad._device import check_device

from . import functional as F
from .module import Module
from .normalization import (
    _learned_scale_and_shift,
    _NormBase,
    _reset_scale_and_shift,
)


class GroupNorm(Module):
    """Normalise each group of channels of each sample (see `F.group_norm`).

    Args:
        num_groups: how many groups the channels are split into.
        num_channels: C, divisible by num_groups.
        eps: added to the variance (default 1e-5).
        affine: learn a per-channel `weight` (ones) and `bias` (zeros).
        bias: learn the shift (default True).

    Example:
        >>> nn.GroupNorm(2, 4)
        GroupNorm(2, 4, eps=1e-05, affine=True, bias=True)
    """

    def __init__(
        self,
        num_groups,
        num_channels,
        eps=1e-5,
        affine=True,
        device=None,
        dtype=None,
        *,
        bias=True,
    ):
        super().__init__()
        check_device(device)  # "cpu" or None; "cuda" fails as in PyTorch without it
        if num_channels % num_groups != 0:
            raise ValueError(
                f"num_channels ({num_channels}) must be divisible by num_groups "
                f"({num_groups})"
            )
        self.num_groups = num_groups
        self.num_channels = num_channels
        self.eps = eps
        self.affine = affine
        _learned_scale_and_shift(self, num_channels, affine, bias, dtype)

    def reset_parameters(self):
        """Weight 1 and bias 0."""
        _reset_scale_and_shift(self)

    def forward(self, input):
        return F.group_norm(input, self.num_groups, self.weight, self.bias, self.eps)

    def extra_repr(self):
        return (
            f"{self.num_groups}, {self.num_channels}, eps={self.eps}, "
            f"affine={self.affine}, bias={self.bias is not None}"
        )


class _InstanceNorm(_NormBase):
    """What InstanceNorm1d and InstanceNorm2d share; they differ in the ranks.

    `_unbatched` is the rank of one sample (C, *): such an input is
    normalised as a batch of one.
    """

    _unbatched = 0

    def __init__(
        self,
        num_features,
        eps=1e-5,
        momentum=0.1,
        affine=False,
        track_running_stats=False,
        device=None,
        dtype=None,
        *,
        bias=True,
    ):
        super().__init__(
            num_features,
            eps,
            momentum,
            affine,
            track_running_stats,
            device,
            dtype,
            bias,
        )

    def _normalise(self, input):
        return F.instance_norm(
            input,
            self.running_mean,
            self.running_var,
            self.weight,
            self.bias,
            self.training or not self.track_running_stats,
            self.momentum if self.momentum is not None else 0.0,
            self.eps,
        )

    def forward(self, input):
        self._check_input_dim(input)
        feature_dim = input.dim() - self._unbatched
        if input.shape[feature_dim] != self.num_features:
            if self.affine:
                raise ValueError(
                    f"expected input's size at dim={feature_dim} to match "
                    f"num_features ({self.num_features}), but got: "
                    f"{input.shape[feature_dim]}."
                )
            warnings.warn(
                f"input's size at dim={feature_dim} does not match num_features. "
                "You can silence this warning by not passing in num_features, "
                "which is not used because affine=False",
                stacklevel=2,
            )
        if input.dim() == self._unbatched:  # one sample: a batch of one
            return self._normalise(input.unsqueeze(0)).squeeze(0)
        return self._normalise(input)


class InstanceNorm1d(_InstanceNorm):
    """Normalise each channel of each sample of (N, C, L) (or (C, L)) over L.

    Args:
        num_features: C.
        eps: added to the variance (default 1e-5).
        momentum: for the running statistics (default 0.1).
        affine: learn a per-channel `weight` and `bias` (default False).
        track_running_stats: keep running statistics for eval mode (default
            False: eval mode normalises with each sample's own statistics).

    Example:
        >>> nn.InstanceNorm1d(4)  # doctest: +NORMALIZE_WHITESPACE
        InstanceNorm1d(4, eps=1e-05, momentum=0.1, affine=False, bias=False,
                       track_running_stats=False)
    """

    _ranks = (2, 3)
    _unbatched = 2


class InstanceNorm2d(_InstanceNorm):
    """Normalise each channel of each image of (N, C, H, W) (or (C, H, W)).

    Args: as `InstanceNorm1d`.

    Example:
        >>> nn.InstanceNorm2d(3)(minigrad.randn(2, 3, 5, 5)).shape
        minigrad.Size([2, 3, 5, 5])
    """

    _ranks = (3, 4)
    _unbatched = 3
