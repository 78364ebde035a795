"""`torch.nn.modules.distance`: PairwiseDistance and CosineSimilarity.

A thin re-export (see `__init__.py`): the classes live in `minigrad/nn/`.
"""

from ..activation import CosineSimilarity, PairwiseDistance

__all__ = [
    "PairwiseDistance",
    "CosineSimilarity",
]
