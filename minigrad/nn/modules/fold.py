"""`torch.nn.modules.fold`: Fold and Unfold (im2col).

A thin re-export (see `__init__.py`): the classes live in `minigrad/nn/`.
"""

from ..conv_more import (
    Fold,
    Unfold,
)

__all__ = [
    "Fold",
    "Unfold",
]
