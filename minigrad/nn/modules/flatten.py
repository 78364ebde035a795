"""`torch.nn.modules.flatten`: Flatten and Unflatten.

A thin re-export (see `__init__.py`): the classes live in `minigrad/nn/`.
"""

from ..linear import Flatten
from ..unflatten import Unflatten

__all__ = [
    "Flatten",
    "Unflatten",
]
