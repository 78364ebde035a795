"""`torch.nn.modules.instancenorm`: instance normalisation and its base class.

A thin re-export (see `__init__.py`): the classes live in `minigrad/nn/`.
"""

from ..norms_more import (  # noqa: F401 (and the private bases)
    InstanceNorm1d,
    InstanceNorm2d,
    _InstanceNorm,
)

__all__ = [
    "InstanceNorm1d",
    "InstanceNorm2d",
]
