"""`torch.utils.data._utils.collate`: where PyTorch defines `default_collate`.

Some code imports it from here; a thin re-export of `minigrad/data.py`.
"""

from minigrad.data import (
    default_collate,
    default_convert,
)

__all__ = [
    "default_collate",
    "default_convert",
]
