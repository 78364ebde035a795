"""The base class of the distributions: PyTorch's `Distribution` interface."""

import warnings

import minigrad

from ..tensor import Size, Tensor
from .utils import lazy_property


class Distribution:
    """A probability distribution, batched over `batch_shape`, each draw of
    shape `event_shape`.

    Subclasses give `arg_constraints`, `support`, and the methods they can:
    `rsample` (a draw gradients flow through), `sample`, `log_prob`,
    `entropy`, `mean`, `variance`.

    Args:
        batch_shape: the shape of the batch of distributions.
        event_shape: the shape of one draw.
        validate_args: check the parameters (and the values given to
            `log_prob`) and raise ValueError for bad ones; None takes the
            default, on (`Distribution.set_default_validate_args`).
    """

    has_rsample = False
    has_enumerate_support = False
    _validate_args = __debug__

    @staticmethod
    def set_default_validate_args(value):
        """Turn the checks of parameters and values on or off for every
        distribution made without `validate_args`."""
        if value not in [True, False]:
            raise ValueError
        Distribution._validate_args = value

    def __init__(self, batch_shape=(), event_shape=(), validate_args=None):
        self._batch_shape = Size(batch_shape)
        self._event_shape = Size(event_shape)
        if validate_args is not None:
            self._validate_args = validate_args
        if self._validate_args:
            try:
                arg_constraints = self.arg_constraints
            except NotImplementedError:
                arg_constraints = {}
                warnings.warn(
                    f"{self.__class__} does not define `arg_constraints`. "
                    "Please set `arg_constraints = {}` or initialize the "
                    "distribution with `validate_args=False` to turn off validation.",
                    stacklevel=2,
                )
            for param, constraint in arg_constraints.items():
                if param not in self.__dict__ and isinstance(
                    getattr(type(self), param), lazy_property
                ):
                    continue  # (probs of a Categorical made from logits: not made)
                value = getattr(self, param)
                if not bool(constraint.check(value).all()):
                    raise ValueError(
                        f"Expected parameter {param} "
                        f"({type(value).__name__} of shape {tuple(value.shape)}) "
                        f"of distribution {self!r} "
                        f"to satisfy the constraint {constraint!r}, "
                        f"but found invalid values:\n{value}"
                    )

    @property
    def batch_shape(self):
        """The shape over which the parameters are batched."""
        return self._batch_shape

    @property
    def event_shape(self):
        """The shape of a single draw (without the batch)."""
        return self._event_shape

    @property
    def arg_constraints(self):
        """Parameter name -> the constraint its values must satisfy."""
        raise NotImplementedError

    @property
    def support(self):
        """The constraint the values of a draw satisfy."""
        raise NotImplementedError

    @property
    def mean(self):
        """The mean of the distribution."""
        raise NotImplementedError

    @property
    def variance(self):
        """The variance of the distribution."""
        raise NotImplementedError

    @property
    def stddev(self):
        """The standard deviation: the square root of the variance."""
        return self.variance.sqrt()

    def sample(self, sample_shape=()):
        """A draw of shape `sample_shape + batch_shape + event_shape`, with no
        gradient (from minigrad's generator, `minigrad.manual_seed`)."""
        with minigrad.no_grad():
            return self.rsample(sample_shape)

    def rsample(self, sample_shape=()):
        """A reparameterised draw: a function of the parameters, so gradients
        flow back to them."""
        raise NotImplementedError(
            f"{type(self).__name__} has no rsample (its draws are not a "
            "differentiable function of its parameters); use sample()"
        )

    def log_prob(self, value):
        """The log of the probability (density or mass) of `value`."""
        raise NotImplementedError

    def entropy(self):
        """The entropy, one per distribution of the batch."""
        raise NotImplementedError

    def perplexity(self):
        """exp(entropy)."""
        return minigrad.exp(self.entropy())

    def _extended_shape(self, sample_shape=()):
        """sample_shape + batch_shape + event_shape, as a Size."""
        if not isinstance(sample_shape, Size):
            sample_shape = Size(sample_shape)
        return Size(sample_shape + self._batch_shape + self._event_shape)

    def _validate_sample(self, value):
        """Refuse (ValueError) a value `log_prob` cannot score: not a tensor,
        a shape that does not broadcast with the batch, or outside the support."""
        if not isinstance(value, Tensor):
            raise ValueError("The value argument to log_prob must be a Tensor")
        event_dim_start = len(value.size()) - len(self._event_shape)
        if value.size()[event_dim_start:] != self._event_shape:
            raise ValueError(
                f"The right-most size of value must match event_shape: "
                f"{value.size()} vs {self._event_shape}."
            )
        actual_shape = value.size()
        expected_shape = self._batch_shape + self._event_shape
        for i, j in zip(reversed(actual_shape), reversed(expected_shape)):
            if i != 1 and j != 1 and i != j:
                raise ValueError(
                    f"Value is not broadcastable with batch_shape+event_shape: "
                    f"{actual_shape} vs {Size(expected_shape)}."
                )
        if not bool(self.support.check(value).all()):
            raise ValueError(
                "Expected value argument "
                f"({type(value).__name__} of shape {tuple(value.shape)}) "
                f"to be within the support ({self.support!r}) "
                f"of the distribution {self!r}, "
                f"but found invalid values:\n{value}"
            )

    def __repr__(self):
        names = [k for k in self.arg_constraints if k in self.__dict__]
        # (a one-element parameter prints its value, a larger one its size)
        shown = [self.__dict__[p] for p in names]
        shown = [v if v.numel() == 1 else v.size() for v in shown]
        args = ", ".join(f"{p}: {v}" for p, v in zip(names, shown))
        return f"{type(self).__name__}({args})"
