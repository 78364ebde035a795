"""`torch.nn.modules`: PyTorch's files of layers, as import paths.

PyTorch defines its layers in `torch/nn/modules/<file>.py`, and student code
sometimes imports them from there: `from torch.nn.modules.loss import _Loss`,
`class MyLoss(nn.modules.loss._Loss)`, `from torch.nn.modules.utils import
_pair`. Each submodule here has PyTorch's name and re-exports minigrad's own
classes (those minigrad has), so `nn.modules.loss.MSELoss is nn.MSELoss`:
one class, two paths. The classes themselves live in `minigrad/nn/*.py`.

This package offers every class of its submodules, as PyTorch's does: each
submodule's `__all__` is the one list of its names.
"""

from . import (  # (each submodule's __all__, gathered below)
    activation,
    batchnorm,
    container,
    conv,
    distance,
    dropout,
    flatten,
    fold,
    instancenorm,
    linear,
    loss,
    module,
    normalization,
    padding,
    pixelshuffle,
    pooling,
    rnn,
    sparse,
    transformer,
    upsampling,
    utils,  # noqa: F401 (PyTorch's helpers `_pair` & co: no public names)
)
from .activation import *  # noqa: F403
from .batchnorm import *  # noqa: F403
from .container import *  # noqa: F403
from .conv import *  # noqa: F403
from .distance import *  # noqa: F403
from .dropout import *  # noqa: F403
from .flatten import *  # noqa: F403
from .fold import *  # noqa: F403
from .instancenorm import *  # noqa: F403
from .linear import *  # noqa: F403
from .loss import *  # noqa: F403
from .module import *  # noqa: F403
from .normalization import *  # noqa: F403
from .padding import *  # noqa: F403
from .pixelshuffle import *  # noqa: F403
from .pooling import *  # noqa: F403
from .rnn import *  # noqa: F403
from .sparse import *  # noqa: F403
from .transformer import *  # noqa: F403
from .upsampling import *  # noqa: F403

__all__ = [
    *activation.__all__,
    *batchnorm.__all__,
    *container.__all__,
    *conv.__all__,
    *distance.__all__,
    *dropout.__all__,
    *flatten.__all__,
    *fold.__all__,
    *instancenorm.__all__,
    *linear.__all__,
    *loss.__all__,
    *module.__all__,
    *normalization.__all__,
    *padding.__all__,
    *pixelshuffle.__all__,
    *pooling.__all__,
    *rnn.__all__,
    *sparse.__all__,
    *transformer.__all__,
    *upsampling.__all__,
]
