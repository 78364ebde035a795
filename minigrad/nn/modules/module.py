"""`torch.nn.modules.module`: the Module base class.

A thin re-export (see `__init__.py`): the classes live in `minigrad/nn/`.
"""

from ..module import (  # noqa: F401 (and the private bases)
    Module,
    _addindent,
    _IncompatibleKeys,
)

__all__ = [
    "Module",
]
