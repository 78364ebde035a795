"""`torch.nn.modules.container`: Sequential, ModuleList, ModuleDict, ParameterList...

A thin re-export (see `__init__.py`): the classes live in `minigrad/nn/`.
"""

from ..container import (
    ModuleDict,
    ModuleList,
    ParameterDict,
    ParameterList,
    Sequential,
)

__all__ = [
    "ModuleDict",
    "ModuleList",
    "ParameterDict",
    "ParameterList",
    "Sequential",
]
