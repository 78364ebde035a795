"""`torch.nn.modules.pixelshuffle`: PixelShuffle and PixelUnshuffle.

A thin re-export (see `__init__.py`): the classes live in `minigrad/nn/`.
"""

from ..upsampling import (
    PixelShuffle,
    PixelUnshuffle,
)

__all__ = [
    "PixelShuffle",
    "PixelUnshuffle",
]
