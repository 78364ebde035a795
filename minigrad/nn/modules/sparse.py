"""`torch.nn.modules.sparse`: Embedding and EmbeddingBag.

A thin re-export (see `__init__.py`): the classes live in `minigrad/nn/`.
"""

from ..conv_more import EmbeddingBag
from ..embedding import Embedding

__all__ = [
    "Embedding",
    "EmbeddingBag",
]
