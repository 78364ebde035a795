"""More elementwise functions of two tensors (atan2, logaddexp, logaddexp2,
gcd, lcm) and roll.

Each is a `Function`: `forward` computes on numpy values with PyTorch's
result dtype (`promote`), `backward` states the derivatives with tensor
operations (broadcast inputs get their gradients summed back to their shapes
in one place, `autograd/function.py: fit_gradient`).
"""

import math

import numpy as np

from .._dtype import scalar_type_name
from ..autograd.function import Function
from ..tensor import Tensor
from ._util import check_broadcast, float_input, normalize_dims, promote, result_type
from .unary import float_values


def _pair(a, b, function):
    for name, x in (("input", a), ("other", b)):
        if not isinstance(x, Tensor):
            raise TypeError(
                f"{function}(): argument '{name}' must be Tensor, not "
                f"{type(x).__name__}"
            )
    check_broadcast(a, b)


class Atan2(Function):
    """The angle of the point (b, a): atan(a / b), in (-π, π]."""

    backward_name = "Atan2Backward0"
    formula = "d/da = b / (a² + b²),  d/db = -a / (a² + b²)"

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        # (float_values: numpy would compute int8 and bool in float16)
        angle = np.arctan2(float_values(a), float_values(b))
        return promote(np.asarray(angle), a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        squared = a * a + b * b
        # At the origin the angle has no derivative: 0, as PyTorch takes it.
        origin = squared._data == 0
        inverse = (1.0 / squared.where(~origin, 1.0)).where(~origin, 0.0)
        grad_a = grad * b * inverse if ctx.needs_input_grad[0] else None
        grad_b = -grad * a * inverse if ctx.needs_input_grad[1] else None
        return grad_a, grad_b


class Logaddexp(Function):
    """log(e^a + e^b), without overflow."""

    backward_name = "LogaddexpBackward0"
    formula = "d/da = e^a / (e^a + e^b) = sigmoid(a - b),  d/db = sigmoid(b - a)"

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return promote(np.asarray(np.logaddexp(a._data, b._data)), a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        share = (a - b).sigmoid()
        grad_a = grad * share if ctx.needs_input_grad[0] else None
        grad_b = grad * (1.0 - share) if ctx.needs_input_grad[1] else None
        return grad_a, grad_b


def atan2(a, b):
    """atan2(a, b) of two tensors (`Tensor.atan2`), elementwise."""
    _pair(a, b, "atan2")
    return Atan2.apply(a, b)


def logaddexp(a, b):
    """log(exp(a) + exp(b)) of two tensors (`Tensor.logaddexp`), elementwise."""
    _pair(a, b, "logaddexp")
    if result_type(a, b).kind != "f":  # (numpy would compute it in float64)
        float_input(a, "logaddexp")  # (neither is a float: refuse `a`)
    return Logaddexp.apply(a, b)


_LN2 = math.log(2.0)


def logaddexp2(a, b):
    """log2(2^a + 2^b) of two tensors (`Tensor.logaddexp2`), elementwise.

    2^x = e^(x ln 2), so it is logaddexp of a ln 2 and b ln 2, over ln 2:
    written with Logaddexp, its gradient needs no rule of its own.
    """
    _pair(a, b, "logaddexp2")
    if result_type(a, b).kind != "f":  # (neither is a float: refuse `a`)
        float_input(a, "logaddexp2")
    return logaddexp(a * _LN2, b * _LN2) / _LN2


def _integers(ufunc, a, b, function):
    """ufunc(a, b) of two integer tensors in their result dtype (gcd, lcm:
    no gradient, and PyTorch has no kernel for floats or bools)."""
    _pair(a, b, function)
    dtype = result_type(a, b)
    if dtype.kind not in "iu":
        raise NotImplementedError(
            f"\"{function}_cpu\" not implemented for '{scalar_type_name(dtype)}' "
            "(gcd and lcm are for integer tensors)"
        )
    return Tensor._make(np.asarray(ufunc(a._data, b._data), dtype=dtype))


def gcd(a, b):
    """The greatest common divisor of two integer tensors (`Tensor.gcd`)."""
    return _integers(np.gcd, a, b, "gcd")


def lcm(a, b):
    """The least common multiple of two integer tensors (`Tensor.lcm`)."""
    return _integers(np.lcm, a, b, "lcm")


class Roll(Function):
    """The elements shifted along dims, wrapping around at the end."""

    backward_name = "RollBackward0"
    formula = "d(roll a)/da: the gradient rolled back"

    @staticmethod
    def forward(ctx, a, shifts, dims=None):
        x = a._data
        if dims is None:  # the flattened tensor, shape restored
            ctx.shifts, ctx.dims = shifts, None
            return np.roll(x, shifts)
        if x.ndim == 0:  # (numpy's AxisError; PyTorch's IndexError)
            raise IndexError(
                f"Dimension specified as {dims} but tensor has no dimensions (roll "
                "a 0-d tensor without dims, or give it dimensions first)"
            )
        dims = normalize_dims(dims, x.ndim)
        shifts = (shifts,) if isinstance(shifts, int) else tuple(shifts)
        if len(shifts) != len(dims):
            raise RuntimeError(
                f"shifts and dimensions must align. shifts: {len(shifts)}, dims: "
                f"{len(dims)}"
            )
        ctx.shifts, ctx.dims = shifts, dims
        return np.roll(x, shifts, axis=dims)

    @staticmethod
    def backward(ctx, grad):
        if ctx.dims is None:
            return Roll.apply(grad, shifts=-ctx.shifts)
        return Roll.apply(grad, shifts=tuple(-s for s in ctx.shifts), dims=ctx.dims)
