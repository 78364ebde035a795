"""`minigrad.utils.data`, so that `from torch.utils.data import DataLoader` transfers.

The classes live in `minigrad.data` (with the lesson datasets); this package
only gives them PyTorch's import paths, with the names `torch.utils.data` has:
here, and in the submodules `dataloader`, `dataset`, `sampler` and
`_utils.collate` (each a thin re-export of the same classes).
"""

from minigrad.data import (
    BatchSampler,
    ChainDataset,
    ConcatDataset,
    DataLoader,
    Dataset,
    IterableDataset,
    RandomSampler,
    Sampler,
    SequentialSampler,
    StackDataset,
    Subset,
    SubsetRandomSampler,
    TensorDataset,
    WeightedRandomSampler,
    default_collate,
    default_convert,
    get_worker_info,
    random_split,
)

from . import _utils, dataloader, dataset, sampler  # noqa: F401 (PyTorch's submodules)

__all__ = [
    "BatchSampler",
    "ChainDataset",
    "ConcatDataset",
    "DataLoader",
    "Dataset",
    "IterableDataset",
    "RandomSampler",
    "Sampler",
    "SequentialSampler",
    "StackDataset",
    "Subset",
    "SubsetRandomSampler",
    "TensorDataset",
    "WeightedRandomSampler",
    "default_collate",
    "default_convert",
    "get_worker_info",
    "random_split",
]
