"""Activation layers: ReLU, Tanh, Sigmoid, LeakyReLU, Softmax, LogSoftmax.

Each is a Module with no parameters that calls the matching function of
`nn.functional`; having them as modules lets them sit in `nn.Sequential`.
"""

from . import functional as F
from .module import Module


class ReLU(Module):
    """`max(x, 0)`, elementwise.

    Args:
        inplace: accepted for compatibility; minigrad computes out of place
            (the result is the same).

    Example:
        >>> nn.ReLU()(minigrad.tensor([-1.0, 2.0]))
        tensor([0., 2.])
    """

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, input):
        return F.relu(input)

    def extra_repr(self):
        return "inplace=True" if self.inplace else ""


class Tanh(Module):
    """Hyperbolic tangent, elementwise: squashes into (-1, 1)."""

    def forward(self, input):
        return F.tanh(input)


class Sigmoid(Module):
    """Logistic sigmoid `1 / (1 + exp(-x))`, elementwise: squashes into (0, 1)."""

    def forward(self, input):
        return F.sigmoid(input)


class LeakyReLU(Module):
    """`x` for positive x, `negative_slope * x` otherwise.

    Args:
        negative_slope: the slope on the negative side (default 0.01).
        inplace: accepted for compatibility; minigrad computes out of place.
    """

    def __init__(self, negative_slope=0.01, inplace=False):
        super().__init__()
        self.negative_slope = negative_slope
        self.inplace = inplace

    def forward(self, input):
        return F.leaky_relu(input, self.negative_slope)

    def extra_repr(self):
        inplace = ", inplace=True" if self.inplace else ""
        return f"negative_slope={self.negative_slope}{inplace}"


class Softmax(Module):
    """Softmax along `dim`: turns scores into probabilities that sum to 1.

    Args:
        dim: the dimension that sums to 1 (give it; leaving it out warns).
    """

    def __init__(self, dim=None):
        super().__init__()
        self.dim = dim

    def forward(self, input):
        return F.softmax(input, self.dim)

    def extra_repr(self):
        return f"dim={self.dim}"


class LogSoftmax(Module):
    """`log(softmax(x))` along `dim`, computed stably (pairs with NLLLoss).

    Args:
        dim: the dimension of the classes.
    """

    def __init__(self, dim=None):
        super().__init__()
        self.dim = dim

    def forward(self, input):
        return F.log_softmax(input, self.dim)

    def extra_repr(self):
        return f"dim={self.dim}"


class Dropout(Module):
    """During training, zero each element with probability `p`, scale the rest.

    In `eval()` mode it returns its input unchanged. See `F.dropout`.

    Args:
        p: probability of zeroing an element (default 0.5).
        inplace: accepted for compatibility; minigrad computes out of place.
    """

    def __init__(self, p=0.5, inplace=False):
        super().__init__()
        if p < 0 or p > 1:
            raise ValueError(
                f"dropout probability has to be between 0 and 1, but got {p}"
            )
        self.p = p
        self.inplace = inplace

    def forward(self, input):
        return F.dropout(input, self.p, self.training)

    def extra_repr(self):
        return f"p={self.p}, inplace={self.inplace}"
