"""`minigrad.special`: PyTorch's `torch.special`, the special functions.

Most are other names of ops minigrad has (`expit` is `sigmoid`, `gammaln`
is `lgamma`, `psi` is `digamma`, ...): the same function, the same node
(SigmoidBackward0, LgammaBackward0, ...). `entr`, `xlog1py`, `ndtr` and
`log_ndtr` are composed of existing ops:

    minigrad.special.ndtr(minigrad.tensor([0.0]))   # tensor([0.5000])
"""

import math

from . import functions
from ._check import tensor_arg
from .ops import special as _special
from .tensor import Tensor

__all__ = [
    "digamma",
    "entr",
    "erf",
    "erfc",
    "erfinv",
    "exp2",
    "expit",
    "expm1",
    "gammaln",
    "log1p",
    "log_ndtr",
    "log_softmax",
    "logit",
    "logsumexp",
    "ndtr",
    "psi",
    "round",
    "sinc",
    "softmax",
    "xlog1py",
    "xlogy",
]

# The same functions as minigrad's own (minigrad.sigmoid is special.expit).
expit = functions.sigmoid
logit = functions.logit
erf = functions.erf
erfc = functions.erfc
erfinv = functions.erfinv
xlogy = functions.xlogy
log1p = functions.log1p
expm1 = functions.expm1
exp2 = functions.exp2
sinc = functions.sinc
gammaln = functions.lgamma
digamma = functions.digamma
psi = functions.digamma
logsumexp = functions.logsumexp


def round(input, *, decimals=0):  # noqa: A001 (PyTorch's name; shadows the builtin here)
    """Round to `decimals` places, halves to even, as `minigrad.round` (its
    gradient is zero; node RoundBackward1, PyTorch's for this function).

    Example:
        >>> minigrad.special.round(minigrad.tensor([0.5, 1.5, 2.25]))
        tensor([0., 2., 2.])
    """
    tensor_arg(input, "special_round")
    return _special.SpecialRound.apply(input, decimals=decimals)


def softmax(input, dim, *, dtype=None):
    """softmax along `dim` (required here, as in torch.special): exp(x) / sum exp(x).

    Example:
        >>> minigrad.special.softmax(minigrad.tensor([0.0, 0.0]), 0)
        tensor([0.5000, 0.5000])
    """
    return functions.softmax(input, dim, dtype)


def log_softmax(input, dim, *, dtype=None):
    """log(softmax) along `dim` (required here, as in torch.special).

    Example:
        >>> minigrad.special.log_softmax(minigrad.tensor([0.0, 0.0]), 0)
        tensor([-0.6931, -0.6931])
    """
    return functions.log_softmax(input, dim, dtype)


def entr(input):
    """The elementwise entropy term: -x ln x for x > 0, 0 at x = 0, -inf for
    x < 0. Its gradient is -(ln x + 1) (SpecialEntrBackward0).

    Example:
        >>> minigrad.special.entr(minigrad.tensor([0.0, 0.5, 1.0]))
        tensor([0.0000, 0.3466, 0.0000])
    """
    return _special.Entr.apply(tensor_arg(input, "special_entr"))


def xlog1py(input, other):
    """x · ln(1 + y), 0 where x is 0 (even where ln(1 + y) is inf, unless y
    is nan), as xlogy is for ln y; one of the two may be a number.

    Example:
        >>> x, y = minigrad.tensor([0.0, 2.0]), minigrad.tensor([-1.0, 1.0])
        >>> minigrad.special.xlog1py(x, y)
        tensor([0.0000, 1.3863])
    """
    if not isinstance(input, Tensor) and not isinstance(other, Tensor):
        raise TypeError(
            "special_xlog1py(): at least one of 'input' and 'other' must be a "
            f"Tensor, not {type(input).__name__} and {type(other).__name__}"
        )
    return _special.xlog1py(input, other)


def ndtr(input):
    """The standard normal's cumulative distribution: (1 + erf(x / √2)) / 2.

    Example:
        >>> minigrad.special.ndtr(minigrad.tensor([0.0]))
        tensor([0.5000])
    """
    tensor_arg(input, "special_ndtr")
    return (1 + functions.erf(input * (1 / math.sqrt(2)))) * 0.5


def log_ndtr(input):
    """ln(ndtr(x)), accurate in the far left tail too, where ndtr itself
    rounds to 0 (SpecialLogNdtrBackward0).

    Example:
        >>> minigrad.special.log_ndtr(minigrad.tensor([0.0]))
        tensor([-0.6931])
    """
    return _special.LogNdtr.apply(tensor_arg(input, "special_log_ndtr"))
