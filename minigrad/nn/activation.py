"""Activation layers: ReLU, Tanh, Sigmoid, LeakyReLU, Softmax, LogSoftmax, and
the others PyTorch has (ELU, GELU, SiLU, Mish, Softplus, Hardtanh, ...).

Each is a Module with no parameters that calls the matching function of
`nn.functional`; having them as modules lets them sit in `nn.Sequential`.
"""

from . import functional as F
from .module import Module


class ReLU(Module):
    """`max(x, 0)`, elementwise.

    Args:
        inplace: write the result into the input tensor (as PyTorch does).

    Example:
        >>> nn.ReLU()(minigrad.tensor([-1.0, 2.0]))
        tensor([0., 2.])
    """

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, input):
        return F.relu(input, self.inplace)

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
        inplace: write the result into the input tensor (as PyTorch does).
    """

    def __init__(self, negative_slope=0.01, inplace=False):
        super().__init__()
        self.negative_slope = negative_slope
        self.inplace = inplace

    def forward(self, input):
        return F.leaky_relu(input, self.negative_slope, self.inplace)

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
        inplace: write the result into the input tensor (as PyTorch does).
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
        return F.dropout(input, self.p, self.training, self.inplace)

    def extra_repr(self):
        return f"p={self.p}, inplace={self.inplace}"


# ----- more activations (issue 12): ELU, GELU, SiLU, Softplus, Hardtanh, ReLU6 -----


class ELU(Module):
    """`x` for x > 0, `alpha * (exp(x) - 1)` otherwise (see `F.elu`).

    Args:
        alpha: the negative side tends to -alpha (default 1).
        inplace: write the result into the input tensor (as PyTorch does).

    Example:
        >>> nn.ELU()(minigrad.tensor([-1.0, 2.0]))
        tensor([-0.6321,  2.0000])
    """

    def __init__(self, alpha=1.0, inplace=False):
        super().__init__()
        self.alpha = alpha
        self.inplace = inplace

    def forward(self, input):
        return F.elu(input, self.alpha, self.inplace)

    def extra_repr(self):
        return f"alpha={self.alpha}" + (", inplace=True" if self.inplace else "")


class GELU(Module):
    """`x * Φ(x)`, Φ the standard normal CDF (see `F.gelu`).

    Args:
        approximate: 'none' (exact) or 'tanh'.

    Example:
        >>> nn.GELU()(minigrad.tensor([-1.0, 1.0]))
        tensor([-0.1587,  0.8413])
    """

    def __init__(self, approximate="none"):
        super().__init__()
        self.approximate = approximate

    def forward(self, input):
        return F.gelu(input, approximate=self.approximate)

    def extra_repr(self):
        return f"approximate={self.approximate!r}"


class SiLU(Module):
    """`x * sigmoid(x)` (see `F.silu`).

    Example:
        >>> nn.SiLU()(minigrad.tensor([0.0, 1.0]))
        tensor([0.0000, 0.7311])
    """

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, input):
        return F.silu(input, self.inplace)

    def extra_repr(self):
        return "inplace=True" if self.inplace else ""


class Softplus(Module):
    """`log(1 + exp(beta x)) / beta`, linear above the threshold (see `F.softplus`).

    Args:
        beta: the sharpness (default 1).
        threshold: where `beta * x` above it gives x itself (default 20).

    Example:
        >>> nn.Softplus()(minigrad.tensor([0.0]))
        tensor([0.6931])
    """

    def __init__(self, beta=1.0, threshold=20.0):
        super().__init__()
        self.beta = beta
        self.threshold = threshold

    def forward(self, input):
        return F.softplus(input, self.beta, self.threshold)

    def extra_repr(self):
        return f"beta={self.beta}, threshold={self.threshold}"


class Hardtanh(Module):
    """`x` limited to [min_val, max_val] (see `F.hardtanh`).

    Args:
        min_val, max_val: the bounds (default -1 and 1).
        inplace: write the result into the input tensor (as PyTorch does).

    Example:
        >>> nn.Hardtanh()(minigrad.tensor([-2.0, 0.5]))
        tensor([-1.0000,  0.5000])
    """

    def __init__(self, min_val=-1.0, max_val=1.0, inplace=False):
        super().__init__()
        if not max_val > min_val:  # (PyTorch's type: its check is an assert)
            raise AssertionError(
                f"max_val ({max_val}) must be greater than min_val ({min_val})"
            )
        self.min_val = min_val
        self.max_val = max_val
        self.inplace = inplace

    def forward(self, input):
        return F.hardtanh(input, self.min_val, self.max_val, self.inplace)

    def extra_repr(self):
        inplace = ", inplace=True" if self.inplace else ""
        return f"min_val={self.min_val}, max_val={self.max_val}{inplace}"


class ReLU6(Hardtanh):
    """`min(max(x, 0), 6)` (see `F.relu6`).

    Example:
        >>> nn.ReLU6()(minigrad.tensor([-1.0, 9.0]))
        tensor([0., 6.])
    """

    def __init__(self, inplace=False):
        super().__init__(0.0, 6.0, inplace)

    def extra_repr(self):
        return "inplace=True" if self.inplace else ""


# ----- still more: SELU, CELU, Mish, Hardswish, Hardsigmoid, Softsign, ... --------


class SELU(Module):
    """Scaled elu with PyTorch's fixed alpha and scale (see `F.selu`).

    Example:
        >>> nn.SELU()(minigrad.tensor([1.0]))
        tensor([1.0507])
    """

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, input):
        return F.selu(input, self.inplace)

    def extra_repr(self):
        return "inplace=True" if self.inplace else ""


class CELU(Module):
    """`x` for x > 0, `alpha * (exp(x / alpha) - 1)` otherwise (see `F.celu`).

    Example:
        >>> nn.CELU()(minigrad.tensor([-1.0, 1.0]))
        tensor([-0.6321,  1.0000])
    """

    def __init__(self, alpha=1.0, inplace=False):
        super().__init__()
        self.alpha = alpha
        self.inplace = inplace

    def forward(self, input):
        return F.celu(input, self.alpha, self.inplace)

    def extra_repr(self):
        return f"alpha={self.alpha}" + (", inplace=True" if self.inplace else "")


class Mish(Module):
    """`x * tanh(softplus(x))` (see `F.mish`).

    Example:
        >>> nn.Mish()(minigrad.tensor([0.0]))
        tensor([0.])
    """

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, input):
        return F.mish(input, self.inplace)

    def extra_repr(self):
        return "inplace=True" if self.inplace else ""


class Hardswish(Module):
    """`x * relu6(x + 3) / 6` (see `F.hardswish`).

    Example:
        >>> nn.Hardswish()(minigrad.tensor([4.0]))
        tensor([4.])
    """

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, input):
        return F.hardswish(input, self.inplace)

    def extra_repr(self):
        return "inplace=True" if self.inplace else ""


class Hardsigmoid(Module):
    """`relu6(x + 3) / 6` (see `F.hardsigmoid`).

    Example:
        >>> nn.Hardsigmoid()(minigrad.tensor([0.0]))
        tensor([0.5000])
    """

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, input):
        return F.hardsigmoid(input, self.inplace)

    def extra_repr(self):
        return "inplace=True" if self.inplace else ""


class Softsign(Module):
    """`x / (1 + |x|)` (see `F.softsign`).

    Example:
        >>> nn.Softsign()(minigrad.tensor([1.0]))
        tensor([0.5000])
    """

    def forward(self, input):
        return F.softsign(input)


class Tanhshrink(Module):
    """`x - tanh(x)` (see `F.tanhshrink`).

    Example:
        >>> nn.Tanhshrink()(minigrad.tensor([0.0]))
        tensor([0.])
    """

    def forward(self, input):
        return F.tanhshrink(input)


class LogSigmoid(Module):
    """`log(sigmoid(x))`, computed stably (see `F.logsigmoid`).

    Example:
        >>> nn.LogSigmoid()(minigrad.tensor([0.0]))
        tensor([-0.6931])
    """

    def forward(self, input):
        return F.logsigmoid(input)


class Softmin(Module):
    """`softmax(-x)` along `dim` (see `F.softmin`).

    Args:
        dim: the dimension that sums to 1.

    Example:
        >>> nn.Softmin(dim=0)(minigrad.tensor([1.0, 2.0]))
        tensor([0.7311, 0.2689])
    """

    def __init__(self, dim=None):
        super().__init__()
        self.dim = dim

    def forward(self, input):
        return F.softmin(input, self.dim)

    def extra_repr(self):
        return f"dim={self.dim}"


class CosineSimilarity(Module):
    """The cosine similarity of two inputs along `dim` (see `F.cosine_similarity`).

    Args:
        dim: the dim of the vectors (default 1).
        eps: the smallest norm divided by (default 1e-8).

    Example:
        >>> cos = nn.CosineSimilarity(dim=0)
        >>> cos(minigrad.tensor([1.0, 0.0]), minigrad.tensor([2.0, 0.0]))
        tensor(1.)
    """

    def __init__(self, dim=1, eps=1e-8):
        super().__init__()
        self.dim = dim
        self.eps = eps

    def forward(self, x1, x2):
        return F.cosine_similarity(x1, x2, self.dim, self.eps)


class PairwiseDistance(Module):
    """The p-norm distance of two inputs along the last dim, row by row:
    `||x1 - x2 + eps||_p` (see `F.pairwise_distance`).

    Args:
        p: the norm's degree (default 2; kept as the attribute `norm`, as
            PyTorch names it).
        eps: added to the difference, against a division by 0 (default 1e-6).
        keepdim: keep the last dim, of size 1.

    Example:
        >>> nn.PairwiseDistance()(minigrad.ones(2, 3), minigrad.zeros(2, 3))
        tensor([1.7321, 1.7321])
    """

    def __init__(self, p=2.0, eps=1e-6, keepdim=False):
        super().__init__()
        self.norm = p
        self.eps = eps
        self.keepdim = keepdim

    def forward(self, x1, x2):
        return F.pairwise_distance(x1, x2, self.norm, self.eps, self.keepdim)
