"""`torch.nn.modules.batchnorm`: batch normalisation and its base classes.

A thin re-export (see `__init__.py`): the classes live in `minigrad/nn/`.
"""

from ..normalization import (  # noqa: F401 (and the private bases)
    BatchNorm1d,
    BatchNorm2d,
    _BatchNorm,
    _NormBase,
)

__all__ = [
    "BatchNorm1d",
    "BatchNorm2d",
]
