"""The continuous uniform distribution on [low, high)."""

import numbers

import minigrad

from ..tensor import Size
from . import constraints
from .distribution import Distribution
from .utils import broadcast_all


class Uniform(Distribution):
    """Uniform on [low, high): every value there equally likely.

    `rsample` is low + u * (high - low) with u uniform on [0, 1), so
    gradients reach `low` and `high`.

    Args:
        low, high: the ends (floats or tensors), low < high.
        validate_args: check low < high (ValueError); default on.

    Example:
        >>> minigrad.distributions.Uniform(0.0, 4.0).entropy()
        tensor(1.3863)
    """

    has_rsample = True

    @property
    def arg_constraints(self):
        """low below high, high above low (each checked against the other)."""
        return {
            "low": constraints.less_than(self.high),
            "high": constraints.greater_than(self.low),
        }

    def __init__(self, low, high, validate_args=None):
        self.low, self.high = broadcast_all(low, high)
        if isinstance(low, numbers.Number) and isinstance(high, numbers.Number):
            batch_shape = Size()
        else:
            batch_shape = self.low.size()
        super().__init__(batch_shape, validate_args=validate_args)

    @property
    def support(self):
        """The interval [low, high]."""
        return constraints.interval(self.low, self.high)

    @property
    def mean(self):
        """(low + high) / 2."""
        return (self.high + self.low) / 2

    @property
    def stddev(self):
        """(high - low) / √12."""
        return (self.high - self.low) / 12**0.5

    @property
    def variance(self):
        """(high - low)² / 12."""
        return (self.high - self.low).pow(2) / 12

    def rsample(self, sample_shape=()):
        """low + u * (high - low), u uniform on [0, 1)."""
        shape = self._extended_shape(sample_shape)
        rand = minigrad.rand(shape, dtype=self.low.dtype)
        return self.low + rand * (self.high - self.low)

    def log_prob(self, value):
        """-log(high - low) inside [low, high), -inf outside."""
        if self._validate_args:
            self._validate_sample(value)
        lb = self.low.le(value).type_as(self.low)
        ub = self.high.gt(value).type_as(self.low)
        return minigrad.log(lb.mul(ub)) - minigrad.log(self.high - self.low)

    def cdf(self, value):
        """(value - low) / (high - low), clamped to [0, 1]."""
        if self._validate_args:
            self._validate_sample(value)
        result = (value - self.low) / (self.high - self.low)
        return result.clamp(min=0, max=1)

    def entropy(self):
        """log(high - low)."""
        return minigrad.log(self.high - self.low)
