"""More elementwise functions of one tensor: reciprocal, rsqrt, erf, sinh,
cosh, asin, acos, atan.

Each is a `Function`: `forward` computes on the numpy values (integers give
float32, as in PyTorch, through `float_values`), and `backward` states the
derivative with tensor operations, so `create_graph=True` can differentiate
it again. Outside its domain (asin(2), 1/0) a function gives nan or inf, as
PyTorch's does, without a numpy warning.
"""

import numpy as np

from ..autograd.function import Function
from .activation import Erf
from .unary import float_values


def compute_float(function, a):
    """`function` of `a`'s values as floats (`float_values`: integers give
    float32), in that dtype, without numpy's warnings: outside its domain a
    function gives nan or inf, as PyTorch's does."""
    x = float_values(a)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return np.asarray(function(x), dtype=x.dtype)


class Reciprocal(Function):
    """1 / a."""

    backward_name = "ReciprocalBackward0"
    formula = "d(1/a)/da = -(1/a)²"

    @staticmethod
    def forward(ctx, a):
        result = compute_float(lambda x: 1.0 / x, a)  # (np.reciprocal of ints is 0)
        ctx.save_for_backward(result)  # (its result, as PyTorch: `a` may change)
        return result

    @staticmethod
    def backward(ctx, grad):
        (result,) = ctx.saved_tensors
        return -grad * (result * result)


class Rsqrt(Function):
    """1 / sqrt(a)."""

    backward_name = "RsqrtBackward0"
    formula = "d(a^-1/2)/da = -1/2 (a^-1/2)³"

    @staticmethod
    def forward(ctx, a):
        result = compute_float(lambda x: 1.0 / np.sqrt(x), a)
        ctx.save_for_backward(result)  # (its result, as PyTorch)
        return result

    @staticmethod
    def backward(ctx, grad):
        (result,) = ctx.saved_tensors
        return -0.5 * grad * result**3


class Sinh(Function):
    """The hyperbolic sine (e^a - e^-a) / 2."""

    backward_name = "SinhBackward0"
    formula = "d(sinh a)/da = cosh a"

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return compute_float(np.sinh, a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * Cosh.apply(a)


class Cosh(Function):
    """The hyperbolic cosine (e^a + e^-a) / 2."""

    backward_name = "CoshBackward0"
    formula = "d(cosh a)/da = sinh a"

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return compute_float(np.cosh, a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * Sinh.apply(a)


class Asin(Function):
    """The inverse sine, in [-π/2, π/2] (nan outside [-1, 1])."""

    backward_name = "AsinBackward0"
    formula = "d(asin a)/da = 1 / sqrt(1 - a²)"

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return compute_float(np.arcsin, a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * Rsqrt.apply(1.0 - a * a)  # (nan outside [-1, 1], as PyTorch)


class Acos(Function):
    """The inverse cosine, in [0, π] (nan outside [-1, 1])."""

    backward_name = "AcosBackward0"
    formula = "d(acos a)/da = -1 / sqrt(1 - a²)"

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return compute_float(np.arccos, a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return -grad * Rsqrt.apply(1.0 - a * a)


class Atan(Function):
    """The inverse tangent, in (-π/2, π/2)."""

    backward_name = "AtanBackward0"
    formula = "d(atan a)/da = 1 / (1 + a²)"

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return compute_float(np.arctan, a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad / (a * a + 1.0)


def erf(a):
    """The error function 2/√π ∫₀ᵃ e^(-t²) dt (ErfBackward0)."""
    if not a.is_floating_point():
        a = a.float()  # (PyTorch: an integer tensor gives float32)
    return Erf.apply(a)
