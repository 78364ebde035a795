"""The normal (Gaussian) distribution."""

import math
import numbers

import minigrad

from ..tensor import Size
from . import constraints
from .distribution import Distribution
from .utils import broadcast_all


class Normal(Distribution):
    """The normal distribution with mean `loc` and standard deviation `scale`.

    `rsample` is reparameterised (loc + eps * scale, eps ~ N(0, 1)), so a
    loss of its draws sends gradients to `loc` and `scale`.

    Args:
        loc: the mean (a float or a tensor).
        scale: the standard deviation (> 0).
        validate_args: check that scale > 0 (ValueError); default on.

    Example:
        >>> m = minigrad.distributions.Normal(0.0, 1.0)
        >>> m.log_prob(minigrad.tensor(0.0))
        tensor(-0.9189)
    """

    arg_constraints = {"loc": constraints.real, "scale": constraints.positive}
    support = constraints.real
    has_rsample = True

    def __init__(self, loc, scale, validate_args=None):
        self.loc, self.scale = broadcast_all(loc, scale)
        if isinstance(loc, numbers.Number) and isinstance(scale, numbers.Number):
            batch_shape = Size()
        else:
            batch_shape = self.loc.size()
        super().__init__(batch_shape, validate_args=validate_args)

    @property
    def mean(self):
        """loc."""
        return self.loc

    @property
    def mode(self):
        """loc."""
        return self.loc

    @property
    def stddev(self):
        """scale."""
        return self.scale

    @property
    def variance(self):
        """scale²."""
        return self.stddev.pow(2)

    def rsample(self, sample_shape=()):
        """loc + eps * scale with eps standard normal: gradients reach loc and scale."""
        shape = self._extended_shape(sample_shape)
        eps = minigrad.randn(shape, dtype=self.loc.dtype)
        return self.loc + eps * self.scale

    def log_prob(self, value):
        """-(value - loc)² / (2 scale²) - log(scale) - log(√(2π))."""
        if self._validate_args:
            self._validate_sample(value)
        var = self.scale**2
        log_scale = self.scale.log()
        return (
            -((value - self.loc) ** 2) / (2 * var)
            - log_scale
            - math.log(math.sqrt(2 * math.pi))
        )

    def cdf(self, value):
        """P(X <= value) = (1 + erf((value - loc) / (scale √2))) / 2."""
        if self._validate_args:
            self._validate_sample(value)
        return 0.5 * (
            1
            + minigrad.erf((value - self.loc) * self.scale.reciprocal() / math.sqrt(2))
        )

    def entropy(self):
        """1/2 + log(2π)/2 + log(scale)."""
        return 0.5 + 0.5 * math.log(2 * math.pi) + minigrad.log(self.scale)
