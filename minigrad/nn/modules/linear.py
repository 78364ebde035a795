"""`torch.nn.modules.linear`: Identity, Linear, Bilinear, LazyLinear.

A thin re-export (see `__init__.py`): the classes live in `minigrad/nn/`.
"""

from ..attention import NonDynamicallyQuantizableLinear
from ..conv_more import (
    Bilinear,
    LazyLinear,
)
from ..linear import (
    Identity,
    Linear,
)

__all__ = [
    "Bilinear",
    "Identity",
    "LazyLinear",
    "Linear",
    "NonDynamicallyQuantizableLinear",
]
