"""`torch.nn.modules.normalization`: LayerNorm, GroupNorm, RMSNorm, LocalResponseNorm.

A thin re-export (see `__init__.py`): the classes live in `minigrad/nn/`.
"""

from ..activation_extra import (
    LocalResponseNorm,
    RMSNorm,
)
from ..normalization import LayerNorm
from ..norms_more import GroupNorm

__all__ = [
    "GroupNorm",
    "LayerNorm",
    "LocalResponseNorm",
    "RMSNorm",
]
