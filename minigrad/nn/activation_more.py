"""Activation layers with a parameter or a split: `nn.PReLU` and `nn.GLU`.

The maths is `ops/activation_more.py` (`F.prelu`, `F.glu`).
"""

import minigrad
from minigrad._device import check_device

from . import functional as F
from .module import Module
from .parameter import Parameter


class PReLU(Module):
    """`x` for positive x, `weight * x` otherwise, the slope learned.

    Args:
        num_parameters: 1 (one slope for all) or the number of channels
            (dimension 1 of the input), one slope each.
        init: the slopes' first value (default 0.25).

    Example:
        >>> nn.PReLU()(minigrad.tensor([-2.0, 3.0]))
        tensor([-0.5000,  3.0000], grad_fn=<PreluKernelBackward0>)
    """

    def __init__(self, num_parameters=1, init=0.25, device=None, dtype=None):
        super().__init__()
        check_device(device)  # "cpu" or None; "cuda" fails as in PyTorch without it
        self.num_parameters = num_parameters
        self.init = init
        factory = {} if dtype is None else {"dtype": dtype}
        self.weight = Parameter(minigrad.full((num_parameters,), init, **factory))

    def reset_parameters(self):
        """Every slope back to `init`."""
        with minigrad.no_grad():
            self.weight.fill_(self.init)

    def forward(self, input):
        return F.prelu(input, self.weight)

    def extra_repr(self):
        return f"num_parameters={self.num_parameters}"


class GLU(Module):
    """The gated linear unit: `a * sigmoid(b)`, a and b the halves along `dim`.

    Args:
        dim: the dimension split in two (default -1; its size must be even).

    Example:
        >>> nn.GLU()(minigrad.zeros(4, 6)).shape
        minigrad.Size([4, 3])
    """

    def __init__(self, dim=-1):
        super().__init__()
        self.dim = dim

    def forward(self, input):
        return F.glu(input, self.dim)

    def extra_repr(self):
        return f"dim={self.dim}"
