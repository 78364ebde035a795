"""`torch.nn.modules.upsampling`: Upsample and its 2-D variants.

A thin re-export (see `__init__.py`): the classes live in `minigrad/nn/`.
"""

from ..upsampling import (
    Upsample,
    UpsamplingBilinear2d,
    UpsamplingNearest2d,
)

__all__ = [
    "Upsample",
    "UpsamplingBilinear2d",
    "UpsamplingNearest2d",
]
