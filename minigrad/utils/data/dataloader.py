"""`torch.utils.data.dataloader`: the DataLoader and its collate functions.

A thin re-export: the classes live in `minigrad/data.py` (one copy), this
module only gives them PyTorch's import path, so that
`from torch.utils.data.dataloader import default_collate` transfers.
"""

from minigrad.data import (
    DataLoader,
    default_collate,
    default_convert,
    get_worker_info,
)

__all__ = [
    "DataLoader",
    "default_collate",
    "default_convert",
    "get_worker_info",
]
