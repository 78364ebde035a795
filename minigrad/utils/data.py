"""`minigrad.utils.data`, so that `from torch.utils.data import DataLoader` transfers.

The classes live in `minigrad.data` (with the lesson datasets); this module
only gives them PyTorch's import path.
"""

from ..data import DataLoader, Dataset, TensorDataset

__all__ = ["DataLoader", "Dataset", "TensorDataset"]
