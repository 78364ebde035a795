"""`torch.utils.data._utils`: PyTorch's helpers of the DataLoader; minigrad
has `collate` (`from torch.utils.data._utils.collate import default_collate`)."""

from . import collate

__all__ = ["collate"]
