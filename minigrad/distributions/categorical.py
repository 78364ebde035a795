"""The categorical distribution: one of K classes."""

import numpy as np

import minigrad

from ..tensor import Size
from . import constraints
from .distribution import Distribution
from .utils import lazy_property, logits_to_probs, probs_to_logits


class Categorical(Distribution):
    """One of K classes (0 .. K-1), with the probabilities `probs` or the
    unnormalised log-probabilities `logits` along the last dim (give one of
    the two). Leading dims are a batch of distributions.

    `probs` are divided by their sum; `logits` have their logsumexp
    subtracted: both read back normalised, as in PyTorch.

    Args:
        probs: weights >= 0 with a nonzero sum (at least 1-D).
        logits: any real numbers (at least 1-D).
        validate_args: check the parameter (ValueError); default on.

    Example:
        >>> m = minigrad.distributions.Categorical(logits=minigrad.zeros(4))
        >>> m.entropy()
        tensor(1.3863)
    """

    arg_constraints = {"probs": constraints.simplex, "logits": constraints.real_vector}
    has_enumerate_support = True

    def __init__(self, probs=None, logits=None, validate_args=None):
        if (probs is None) == (logits is None):
            raise ValueError(
                "Either `probs` or `logits` must be specified, but not both."
            )
        if probs is not None:
            if probs.dim() < 1:
                raise ValueError("`probs` parameter must be at least one-dimensional.")
            self.probs = probs / probs.sum(-1, keepdim=True)
        else:
            if logits.dim() < 1:
                raise ValueError("`logits` parameter must be at least one-dimensional.")
            self.logits = logits - logits.logsumexp(dim=-1, keepdim=True)
        self._param = self.probs if probs is not None else self.logits
        self._num_events = self._param.size()[-1]
        batch_shape = self._param.size()[:-1] if self._param.dim() > 1 else Size()
        super().__init__(batch_shape, validate_args=validate_args)

    @property
    def support(self):
        """The whole numbers 0 .. K-1."""
        return constraints.integer_interval(0, self._num_events - 1)

    @lazy_property
    def logits(self):
        """log(probs) (probs clamped away from 0)."""
        return probs_to_logits(self.probs)

    @lazy_property
    def probs(self):
        """softmax(logits)."""
        return logits_to_probs(self.logits)

    @property
    def param_shape(self):
        """The shape of the parameter given."""
        return self._param.size()

    @property
    def mean(self):
        """nan: classes have no mean (as PyTorch)."""
        return minigrad.full(self._extended_shape(), np.nan, dtype=self.probs.dtype)

    @property
    def mode(self):
        """The most likely class."""
        return self.probs.argmax(dim=-1)

    @property
    def variance(self):
        """nan: classes have no variance (as PyTorch)."""
        return minigrad.full(self._extended_shape(), np.nan, dtype=self.probs.dtype)

    def sample(self, sample_shape=()):
        """Class indices (int64) of shape sample_shape + batch_shape, drawn with
        `minigrad.multinomial` from minigrad's generator."""
        if not isinstance(sample_shape, Size):
            sample_shape = Size(sample_shape)
        with minigrad.no_grad():
            probs_2d = self.probs.reshape(-1, self._num_events)
            samples_2d = minigrad.multinomial(probs_2d, sample_shape.numel(), True).T
            return samples_2d.reshape(self._extended_shape(sample_shape))

    def log_prob(self, value):
        """The log-probability of class `value` (int tensor, batch-broadcast)."""
        if self._validate_args:
            self._validate_sample(value)
        value = value.long().unsqueeze(-1)
        shape = np.broadcast_shapes(tuple(value.shape), tuple(self.logits.shape))
        value, log_pmf = value.expand(shape), self.logits.expand(shape)
        value = value[..., :1]
        return log_pmf.gather(-1, value).squeeze(-1)

    def entropy(self):
        """-Σ p log p over the classes (a class with p = 0 counts 0)."""
        min_real = float(np.finfo(self.logits._data.dtype).min)
        logits = minigrad.clamp(self.logits, min=min_real)
        p_log_p = logits * self.probs
        return -p_log_p.sum(-1)

    def enumerate_support(self, expand=True):
        """The classes 0 .. K-1 along dim 0 (expanded over the batch)."""
        values = minigrad.arange(self._num_events, dtype=minigrad.long)
        values = values.view((-1,) + (1,) * len(self._batch_shape))
        if expand:
            values = values.expand((-1,) + tuple(self._batch_shape))
        return values
