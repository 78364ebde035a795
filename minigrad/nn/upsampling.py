"""Resizing layers: `nn.Upsample` (and `nn.UpsamplingNearest2d`,
`nn.UpsamplingBilinear2d`), `nn.PixelShuffle`, `nn.PixelUnshuffle`.

They hold settings only and call `F.interpolate`, `F.pixel_shuffle` and
`F.pixel_unshuffle` (`ops/upsampling.py`).
"""

from . import functional as F
from .module import Module


class Upsample(Module):
    """Resize (N, C, L) or (N, C, H, W) inputs: see `F.interpolate`.

    Args:
        size: the output's spatial size; or
        scale_factor: a multiplier of the input's spatial size.
        mode: 'nearest' (default), 'linear', 'bilinear', 'area', 'nearest-exact'.
        align_corners: for the linear modes (default False).
        recompute_scale_factor: compute the size from scale_factor first.

    Example:
        >>> nn.Upsample(scale_factor=2, mode="bilinear")
        Upsample(scale_factor=2.0, mode='bilinear')
    """

    def __init__(
        self,
        size=None,
        scale_factor=None,
        mode="nearest",
        align_corners=None,
        recompute_scale_factor=None,
    ):
        super().__init__()
        self.name = type(self).__name__
        self.size = size
        if isinstance(scale_factor, tuple):  # kept as floats, as PyTorch keeps it
            self.scale_factor = tuple(float(s) for s in scale_factor)
        else:
            self.scale_factor = float(scale_factor) if scale_factor else None
        self.mode = mode
        self.align_corners = align_corners
        self.recompute_scale_factor = recompute_scale_factor

    def forward(self, input):
        return F.interpolate(
            input,
            self.size,
            self.scale_factor,
            self.mode,
            self.align_corners,
            recompute_scale_factor=self.recompute_scale_factor,
        )

    def extra_repr(self):
        if self.scale_factor is not None:
            info = f"scale_factor={self.scale_factor!r}"
        else:
            info = f"size={self.size!r}"
        return f"{info}, mode={self.mode!r}"


class UpsamplingNearest2d(Upsample):
    """`Upsample` of images with mode 'nearest'.

    Example:
        >>> nn.UpsamplingNearest2d(scale_factor=2)(minigrad.zeros(1, 3, 4, 4)).shape
        minigrad.Size([1, 3, 8, 8])
    """

    def __init__(self, size=None, scale_factor=None):
        super().__init__(size, scale_factor, mode="nearest")


class UpsamplingBilinear2d(Upsample):
    """`Upsample` of images with mode 'bilinear' and align_corners=True.

    Example:
        >>> nn.UpsamplingBilinear2d(size=(3, 4))
        UpsamplingBilinear2d(size=(3, 4), mode='bilinear')
    """

    def __init__(self, size=None, scale_factor=None):
        super().__init__(size, scale_factor, mode="bilinear", align_corners=True)


class PixelShuffle(Module):
    """(*, C·r², H, W) -> (*, C, H·r, W·r): see `F.pixel_shuffle`.

    Args:
        upscale_factor: r.

    Example:
        >>> nn.PixelShuffle(2)(minigrad.zeros(1, 8, 3, 3)).shape
        minigrad.Size([1, 2, 6, 6])
    """

    def __init__(self, upscale_factor):
        super().__init__()
        self.upscale_factor = upscale_factor

    def forward(self, input):
        return F.pixel_shuffle(input, self.upscale_factor)

    def extra_repr(self):
        return f"upscale_factor={self.upscale_factor}"


class PixelUnshuffle(Module):
    """(*, C, H·r, W·r) -> (*, C·r², H, W): see `F.pixel_unshuffle`.

    Args:
        downscale_factor: r.

    Example:
        >>> nn.PixelUnshuffle(2)(minigrad.zeros(1, 2, 6, 6)).shape
        minigrad.Size([1, 8, 3, 3])
    """

    def __init__(self, downscale_factor):
        super().__init__()
        self.downscale_factor = downscale_factor

    def forward(self, input):
        return F.pixel_unshuffle(input, self.downscale_factor)

    def extra_repr(self):
        return f"downscale_factor={self.downscale_factor}"
