"""`torch.nn.modules.dropout`: the dropout layers and their base class.

A thin re-export (see `__init__.py`): the classes live in `minigrad/nn/`.
"""

from ..activation import Dropout
from ..activation_extra import (
    AlphaDropout,
    FeatureAlphaDropout,
)
from ..dropout import (  # noqa: F401 (and the private bases)
    Dropout1d,
    Dropout2d,
    Dropout3d,
    _DropoutNd,
)

__all__ = [
    "AlphaDropout",
    "Dropout",
    "Dropout1d",
    "Dropout2d",
    "Dropout3d",
    "FeatureAlphaDropout",
]
