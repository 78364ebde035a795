"""`torch.nn.modules.pooling`: the pooling and unpooling layers and their base classes.

A thin re-export (see `__init__.py`): the classes live in `minigrad/nn/`.
"""

from ..conv_more import (  # noqa: F401 (and the private bases)
    LPPool1d,
    LPPool2d,
    MaxUnpool1d,
    MaxUnpool2d,
    _LPPoolNd,
    _MaxUnpoolNd,
)
from ..pooling import (  # noqa: F401 (and the private bases)
    AdaptiveAvgPool2d,
    AvgPool2d,
    MaxPool2d,
    _AdaptiveAvgPoolNd,
    _AvgPoolNd,
    _MaxPoolNd,
)
from ..pooling_more import (  # noqa: F401 (and the private bases)
    AdaptiveAvgPool1d,
    AdaptiveMaxPool1d,
    AdaptiveMaxPool2d,
    AvgPool1d,
    MaxPool1d,
    _AdaptiveMaxPoolNd,
)

__all__ = [
    "AdaptiveAvgPool1d",
    "AdaptiveAvgPool2d",
    "AdaptiveMaxPool1d",
    "AdaptiveMaxPool2d",
    "AvgPool1d",
    "AvgPool2d",
    "LPPool1d",
    "LPPool2d",
    "MaxPool1d",
    "MaxPool2d",
    "MaxUnpool1d",
    "MaxUnpool2d",
]
