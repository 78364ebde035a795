"""`torch.nn.modules.transformer`: the Transformer layers.

A thin re-export (see `__init__.py`): the classes live in `minigrad/nn/`.
"""

from ..transformer import (
    Transformer,
    TransformerDecoder,
    TransformerDecoderLayer,
    TransformerEncoder,
    TransformerEncoderLayer,
)

__all__ = [
    "Transformer",
    "TransformerDecoder",
    "TransformerDecoderLayer",
    "TransformerEncoder",
    "TransformerEncoderLayer",
]
