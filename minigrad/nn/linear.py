"""`nn.Linear` (a fully connected layer), `nn.Identity` and `nn.Flatten`.

Linear computes `x @ W.T + b` with ordinary Tensor operations, so its
gradient and its place in the graph come from the autograd core. The weight
has shape `(out_features, in_features)` and starts as PyTorch's does:
`kaiming_uniform_(a=sqrt(5))`, i.e. uniform in `[-1/sqrt(in), 1/sqrt(in)]`,
and so does the bias.
"""

import math

import minigrad
from minigrad._check import int_arg
from minigrad._device import check_device

from . import functional as F
from . import init
from .module import Module
from .parameter import Parameter


def _empty(*shape, dtype=None):
    """A zero tensor to be filled by an initialiser (dtype None means float32)."""
    if dtype is None:
        return minigrad.zeros(*shape)
    return minigrad.zeros(*shape, dtype=dtype)


class Identity(Module):
    """Return the input unchanged (a placeholder, e.g. to switch a layer off).

    Any constructor arguments are accepted and ignored, as in PyTorch.
    """

    def __init__(self, *args, **kwargs):
        super().__init__()

    def forward(self, input):
        return input


class Flatten(Module):
    """Flatten dimensions `start_dim` to `end_dim` into one (images to vectors).

    Args:
        start_dim: first dimension to flatten (default 1: keep the batch).
        end_dim: last dimension to flatten (default -1).

    Example:
        >>> nn.Flatten()(minigrad.zeros(8, 2, 3)).shape
        minigrad.Size([8, 6])
    """

    def __init__(self, start_dim=1, end_dim=-1):
        super().__init__()
        self.start_dim = start_dim
        self.end_dim = end_dim

    def forward(self, input):
        return input.flatten(self.start_dim, self.end_dim)

    def extra_repr(self):
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


class Linear(Module):
    """A fully connected layer: `y = x @ weight.T + bias`.

    Args:
        in_features: size of each input sample (the last dimension of x).
        out_features: size of each output sample.
        bias: if False, the layer has no bias (`self.bias` is None).
        device: only None or "cpu".
        dtype: dtype of the parameters (default float32).

    Attributes:
        weight: Parameter of shape `(out_features, in_features)`.
        bias: Parameter of shape `(out_features,)`, or None.

    Example:
        >>> layer = nn.Linear(2, 3)
        >>> layer(minigrad.ones(4, 2)).shape
        minigrad.Size([4, 3])
    """

    def __init__(self, in_features, out_features, bias=True, device=None, dtype=None):
        super().__init__()
        check_device(device)  # "cpu" or None; "cuda" fails as in PyTorch without it
        self.in_features = int_arg(in_features, "Linear", "in_features", 1)
        self.out_features = int_arg(out_features, "Linear", "out_features", 2)
        self.weight = Parameter(_empty(out_features, in_features, dtype=dtype))
        if bias:
            self.bias = Parameter(_empty(out_features, dtype=dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self):
        """Draw fresh starting values, as PyTorch's Linear does."""
        # a=sqrt(5) makes the bound sqrt(3) * sqrt(2 / 6) / sqrt(in) = 1 / sqrt(in).
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in = self.in_features
            bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input):
        return F.linear(input, self.weight, self.bias)

    def extra_repr(self):
        return (
            f"in_features={self.in_features}, out_features={self.out_features}, "
            f"bias={self.bias is not None}"
        )
