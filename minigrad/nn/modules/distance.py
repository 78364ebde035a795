"""`torch.nn.modules.distance`: CosineSimilarity.

A thin re-export (see `__init__.py`): the classes live in `minigrad/nn/`.
"""

from ..activation import CosineSimilarity

__all__ = [
    "CosineSimilarity",
]
