"""Division that rounds: a % b (remainder) and a // b (floor_divide).

As PyTorch (and Python): `a // b` rounds the quotient down, and `a % b` is
`a - (a // b) * b`, so the remainder takes the sign of `b` (`-7 % 3 == 2`).

The remainder is differentiable: d(a % b)/da = 1 and d(a % b)/db = -(a // b).
The floor division is not: PyTorch records it with a node called
`NotImplemented` whose backward raises, and so does minigrad.
"""

import operator

import numpy as np

from .._dtype import scalar_type_name
from ..autograd.function import Node, record
from ..tensor import Tensor
from ._util import result_type, wrap_operands, zero_gradient
from .arithmetic import _binary, _needs


def _check_integer_zero(a, b):
    """Integer division by zero raises in PyTorch (numpy would give 0)."""
    divisor = b._data if isinstance(b, Tensor) else np.asarray(b)
    dividend = a._data if isinstance(a, Tensor) else np.asarray(a)
    integers = dividend.dtype.kind in "iub" and divisor.dtype.kind in "iub"
    if integers and np.any(divisor == 0):
        raise RuntimeError("ZeroDivisionError")


def _divide(operation, a, b):
    _check_integer_zero(a, b)
    with np.errstate(divide="ignore", invalid="ignore"):  # x % 0.0 is nan, as torch
        return _binary(operation, a, b)


def remainder(a, b):
    """a % b (`Tensor.__mod__`) with the sign of b; a or b may be a number."""
    value = _divide(operator.mod, a, b)
    if not isinstance(a, Tensor):
        return record(NotImplemented, value, (a, b), op="remainder")
    if not isinstance(b, Tensor):
        return record(RemainderBackward0, value, (a, b))
    saved = (a, b) if b._requires_grad else ()
    return record(RemainderBackward1, value, (a, b), saved=saved)


class RemainderBackward0(Node):
    """a % number: the gradient passes to a unchanged."""

    formula = "d(a % c)/da = 1"

    def backward(self, grad):
        return grad, None


class RemainderBackward1(Node):
    """a % b for two tensors: 1 to a, -floor(a / b) to b."""

    formula = "d(a % b)/da = 1,  d(a % b)/db = -floor(a / b)"

    def backward(self, grad):
        need_a, need_b = _needs(self)
        grad_b = None
        if need_b:
            a, b = self.saved(isinstance(grad, Tensor))
            quotient = a // b  # piecewise constant: no gradient flows through it
            if isinstance(quotient, Tensor):
                quotient = quotient.detach()
            grad_b = -grad * quotient
        return (grad if need_a else None), grad_b


def floor_divide(a, b):
    """a // b (`Tensor.__floordiv__`): the quotient rounded down."""
    value = _divide(operator.floordiv, a, b)
    return record(NotImplemented, value, (a, b), op="floor_divide")


def divide_rounded(a, b, rounding_mode):
    """a / b rounded toward zero ("trunc") or down ("floor"), as `torch.div`.

    Its gradient is zero almost everywhere (PyTorch's DivBackward2).
    """
    if rounding_mode not in ("trunc", "floor"):
        raise RuntimeError(
            "div expected rounding_mode to be one of None, 'trunc', or 'floor' but "
            f"found '{rounding_mode}'"
        )
    _check_integer_zero(a, b)
    dtype = result_type(a, b)
    operands = (a, b)
    if dtype.kind in "iu":  # (a Python int wraps into the dtype: `wrap_int`)
        operands = wrap_operands(a, b)
    with np.errstate(divide="ignore", invalid="ignore"):
        quotient = _binary(operator.truediv, *operands)
        value = np.floor(quotient) if rounding_mode == "floor" else np.trunc(quotient)
    if dtype.kind in "iu":
        value = np.asarray(value).astype(dtype)  # ints stay ints, of PyTorch's dtype
    return record(DivBackward2, value, (a, b))


class DivBackward2(Node):
    """a / b rounded: a step function, so its gradient is zero."""

    formula = "d(round(a / b))/da = 0,  d(round(a / b))/db = 0"

    def backward(self, grad):
        need_a, need_b = _needs(self)
        zeros = zero_gradient(grad)
        return (zeros if need_a else None), (zeros if need_b else None)


class NotImplemented(Node):  # PyTorch's name for it (shadows the builtin here only)
    """The node of an op PyTorch has no derivative for: backward raises."""

    formula = "no derivative"
    op = "floor_divide"
    # (what to do instead; `record(NotImplemented, ..., op=..., hint=...)` sets both)
    hint = (
        "a // b and integer rounding are step functions: use a / b, or .detach() "
        "the result, to go on"
    )

    def backward(self, grad):
        raise RuntimeError(
            f"derivative for aten::{self.op} is not implemented ({self.hint})"
        )


# ----- floor, ceil, trunc, frac: rounding each element -------------------------------


def _rounded(function, a, name):
    """`function` (np.floor, ...) of a float tensor; integers are already whole."""
    x = a._data
    if x.dtype.kind == "b":
        raise NotImplementedError(
            f"\"{name}\" not implemented for 'Bool' (convert with .float() first)"
        )
    return x.copy() if x.dtype.kind in "iu" else function(x)


def floor(a):
    """The largest whole number <= each element (`Tensor.floor`). Its gradient
    is 0: a step function is flat between its steps.

    Example:
        >>> minigrad.tensor([-1.5, 1.5]).floor()
        tensor([-2.,  1.])
    """
    return record(FloorBackward0, _rounded(np.floor, a, "floor"), (a,))


def ceil(a):
    """The smallest whole number >= each element (`Tensor.ceil`); gradient 0.

    Example:
        >>> minigrad.tensor([-1.5, 1.5]).ceil()
        tensor([-1.,  2.])
    """
    return record(CeilBackward0, _rounded(np.ceil, a, "ceil"), (a,))


def trunc(a):
    """Each element rounded toward zero (`Tensor.trunc`); gradient 0.

    Example:
        >>> minigrad.tensor([-1.5, 1.5]).trunc()
        tensor([-1.,  1.])
    """
    return record(TruncBackward0, _rounded(np.trunc, a, "trunc"), (a,))


def frac(a):
    """The fractional part, a - trunc(a), with the sign of a (`Tensor.frac`).
    Its gradient is 1: between the steps frac(a) moves as a does.

    Example:
        >>> minigrad.tensor([-1.5, 1.25]).frac()
        tensor([-0.5000,  0.2500])
    """
    if a._data.dtype.kind in "biu":
        raise NotImplementedError(
            f"\"frac\" not implemented for '{scalar_type_name(a._data.dtype)}' "
            "(an integer has no fractional part; convert with .float() first)"
        )
    return record(FracBackward0, a._data - np.trunc(a._data), (a,))


class FloorBackward0(Node):
    formula = "d(floor a)/da = 0"

    def backward(self, grad):
        return (zero_gradient(grad),)


class CeilBackward0(Node):
    formula = "d(ceil a)/da = 0"

    def backward(self, grad):
        return (zero_gradient(grad),)


class TruncBackward0(Node):
    formula = "d(trunc a)/da = 0"

    def backward(self, grad):
        return (zero_gradient(grad),)


class FracBackward0(Node):
    formula = "d(frac a)/da = 1"

    def backward(self, grad):
        return (grad,)
