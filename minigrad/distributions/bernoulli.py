"""The Bernoulli distribution: 1 with probability p, else 0."""

import numbers

import minigrad

from ..tensor import Size
from . import constraints
from .distribution import Distribution
from .utils import broadcast_all, lazy_property, logits_to_probs, probs_to_logits


class Bernoulli(Distribution):
    """1 with probability `probs` (or sigmoid(`logits`)), else 0. Give one of
    the two, not both.

    Args:
        probs: the probability of 1 (in [0, 1]).
        logits: the log-odds, log(p / (1 - p)).
        validate_args: check the parameter (ValueError); default on.

    Example:
        >>> minigrad.distributions.Bernoulli(0.25).log_prob(minigrad.tensor(1.0))
        tensor(-1.3863)
    """

    arg_constraints = {"probs": constraints.unit_interval, "logits": constraints.real}
    support = constraints.boolean
    has_enumerate_support = True

    def __init__(self, probs=None, logits=None, validate_args=None):
        if (probs is None) == (logits is None):
            raise ValueError(
                "Either `probs` or `logits` must be specified, but not both."
            )
        if probs is not None:
            is_scalar = isinstance(probs, numbers.Number)
            (self.probs,) = broadcast_all(probs)
        else:
            is_scalar = isinstance(logits, numbers.Number)
            (self.logits,) = broadcast_all(logits)
        self._param = self.probs if probs is not None else self.logits
        batch_shape = Size() if is_scalar else self._param.size()
        super().__init__(batch_shape, validate_args=validate_args)

    @lazy_property
    def logits(self):
        """log(p / (1 - p)), from probs (clamped inside (0, 1))."""
        return probs_to_logits(self.probs, is_binary=True)

    @lazy_property
    def probs(self):
        """sigmoid(logits)."""
        return logits_to_probs(self.logits, is_binary=True)

    @property
    def param_shape(self):
        """The shape of the parameter given."""
        return self._param.size()

    @property
    def mean(self):
        """p."""
        return self.probs

    @property
    def variance(self):
        """p (1 - p)."""
        return self.probs * (1 - self.probs)

    def sample(self, sample_shape=()):
        """0. or 1. draws (in probs' dtype), 1 with probability p."""
        shape = self._extended_shape(sample_shape)
        with minigrad.no_grad():
            probs = self.probs.expand(shape)
            u = minigrad.rand(shape, dtype=probs.dtype)
            return (u < probs).to(probs.dtype)

    def log_prob(self, value):
        """log p for value 1, log(1 - p) for 0: -BCE-with-logits(logits, value)."""
        if self._validate_args:
            self._validate_sample(value)
        logits, value = broadcast_all(self.logits, value)
        return -_bce_with_logits(logits, value)

    def entropy(self):
        """-p log p - (1 - p) log(1 - p): BCE-with-logits(logits, probs)."""
        return _bce_with_logits(self.logits, self.probs)

    def enumerate_support(self, expand=True):
        """The values 0. and 1. along dim 0 (expanded over the batch)."""
        values = minigrad.arange(2, dtype=self._param.dtype)
        values = values.view((-1,) + (1,) * len(self._batch_shape))
        if expand:
            values = values.expand((-1,) + tuple(self._batch_shape))
        return values


def _bce_with_logits(logits, target):
    # (nn.functional loads on first use: `import minigrad` stays light)
    from ..nn.functional import binary_cross_entropy_with_logits

    return binary_cross_entropy_with_logits(logits, target, reduction="none")
