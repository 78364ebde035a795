"""`torch.utils.data.dataset`: the dataset classes and `random_split`.

A thin re-export of `minigrad/data.py` (see `dataloader.py`), so that
`from torch.utils.data.dataset import Dataset` transfers.
"""

from minigrad.data import (
    ChainDataset,
    ConcatDataset,
    Dataset,
    IterableDataset,
    StackDataset,
    Subset,
    TensorDataset,
    random_split,
)

__all__ = [
    "ChainDataset",
    "ConcatDataset",
    "Dataset",
    "IterableDataset",
    "StackDataset",
    "Subset",
    "TensorDataset",
    "random_split",
]
