"""`minigrad.utils.data`, so that `from torch.utils.data import DataLoader` transfers.

The classes live in `minigrad.data` (with the lesson datasets); this module
only gives them PyTorch's import path.
"""

from ..data import DataLoader, Dataset, Subset, TensorDataset, random_split

__all__ = ["DataLoader", "Dataset", "Subset", "TensorDataset", "random_split"]
