"""What a distribution's parameters and values must satisfy (PyTorch's
`torch.distributions.constraints`, the few the distributions here use).

Each constraint's `check(value)` gives a bool tensor (True where the value
is allowed); its repr is PyTorch's, as the error messages print it.
"""

import numpy as np

from ..tensor import Tensor


class Constraint:
    """A set of allowed values: `check(value)` is a bool tensor, True where
    the value belongs to it."""

    event_dim = 0  # how many rightmost dims one checked value spans

    def check(self, value):
        """A bool tensor: True where `value` satisfies the constraint."""
        raise NotImplementedError

    def __repr__(self):
        return f"{type(self).__name__[1:]}()"


class _Real(Constraint):
    """Any real number (not nan)."""

    def check(self, value):
        return value == value  # (False only for nan)


class _GreaterThan(Constraint):
    """Numbers above `lower_bound`."""

    def __init__(self, lower_bound):
        self.lower_bound = lower_bound

    def check(self, value):
        return value > self.lower_bound

    def __repr__(self):
        return f"GreaterThan(lower_bound={self.lower_bound})"


class _LessThan(Constraint):
    """Numbers below `upper_bound`."""

    def __init__(self, upper_bound):
        self.upper_bound = upper_bound

    def check(self, value):
        return value < self.upper_bound

    def __repr__(self):
        return f"LessThan(upper_bound={self.upper_bound})"


class _Interval(Constraint):
    """Numbers from `lower_bound` to `upper_bound`, both included."""

    def __init__(self, lower_bound, upper_bound):
        self.lower_bound, self.upper_bound = lower_bound, upper_bound

    def check(self, value):
        return (value >= self.lower_bound) & (value <= self.upper_bound)

    def __repr__(self):
        return (
            f"Interval(lower_bound={self.lower_bound}, upper_bound={self.upper_bound})"
        )


class _IntegerInterval(_Interval):
    """Whole numbers from `lower_bound` to `upper_bound`, both included."""

    def check(self, value):
        whole = Tensor._make(np.asarray(value._data % 1 == 0))
        return whole & (value >= self.lower_bound) & (value <= self.upper_bound)

    def __repr__(self):
        return (
            f"IntegerInterval(lower_bound={self.lower_bound}, "
            f"upper_bound={self.upper_bound})"
        )


class _Boolean(Constraint):
    """0 or 1."""

    def check(self, value):
        return (value == 0) | (value == 1)


class _RealVector(Constraint):
    """Vectors (the last dim) of real numbers."""

    event_dim = 1

    def check(self, value):
        return (value == value).all(-1)

    def __repr__(self):
        return "IndependentConstraint(Real(), 1)"


class _Simplex(Constraint):
    """Vectors (the last dim) of numbers >= 0 that sum to 1."""

    event_dim = 1

    def check(self, value):
        return (value >= 0).all(-1) & ((value.sum(-1) - 1).abs() < 1e-6)


real = _Real()
positive = _GreaterThan(0.0)
unit_interval = _Interval(0.0, 1.0)
boolean = _Boolean()
real_vector = _RealVector()
simplex = _Simplex()
interval = _Interval
greater_than = _GreaterThan
less_than = _LessThan
integer_interval = _IntegerInterval
