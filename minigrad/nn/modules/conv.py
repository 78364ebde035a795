"""`torch.nn.modules.conv`: the convolution layers and their base classes.

A thin re-export (see `__init__.py`): the classes live in `minigrad/nn/`.
"""

from ..conv import (  # noqa: F401 (and the private bases)
    Conv1d,
    Conv2d,
    ConvTranspose2d,
    _ConvNd,
    _ConvTransposeNd,
)
from ..conv_more import ConvTranspose1d

__all__ = [
    "Conv1d",
    "Conv2d",
    "ConvTranspose1d",
    "ConvTranspose2d",
]
