"""`torch.utils.data.sampler`: the samplers a DataLoader draws indices from.

A thin re-export of `minigrad/data.py` (see `dataloader.py`), so that
`from torch.utils.data.sampler import Sampler` transfers.
"""

from minigrad.data import (
    BatchSampler,
    RandomSampler,
    Sampler,
    SequentialSampler,
    SubsetRandomSampler,
    WeightedRandomSampler,
)

__all__ = [
    "BatchSampler",
    "RandomSampler",
    "Sampler",
    "SequentialSampler",
    "SubsetRandomSampler",
    "WeightedRandomSampler",
]
