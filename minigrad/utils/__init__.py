"""minigrad.utils: the `torch.utils` names lessons use (`utils.data`)."""

from . import data

__all__ = ["data"]
