"""Arithmetic: a + b, a - b, a * b, a / b, a ** b, -a.

Either operand may be a plain number; then it gets a `None` entry in
`next_functions`, as in PyTorch (`(x * 2).grad_fn.next_functions`).
"""

import numpy as np

from ..autograd.function import Function
from ._util import binary, check_broadcast, keep, promote, raw


class Add(Function):
    """a + alpha * b (alpha is 1 for `a + b`)."""

    backward_name = "AddBackward0"
    formula = "d(a+b)/da = 1,  d(a+b)/db = 1"

    @staticmethod
    def forward(ctx, a, b, alpha=1):
        ctx.alpha = alpha
        if alpha == 1:
            return binary(np.add, a, b)
        check_broadcast(a, b)
        return promote(raw(a) + raw(b) * alpha, a, b)

    @staticmethod
    def backward(ctx, grad):
        if ctx.alpha == 1:
            return grad, grad
        return grad, (grad * ctx.alpha if ctx.needs_input_grad[1] else None)


class Sub(Function):
    """a - alpha * b (alpha is 1 for `a - b`)."""

    backward_name = "SubBackward0"
    formula = "d(a-b)/da = 1,  d(a-b)/db = -1"

    @staticmethod
    def forward(ctx, a, b, alpha=1):
        ctx.alpha = alpha
        if alpha == 1:
            return binary(np.subtract, a, b)
        check_broadcast(a, b)
        return promote(raw(a) - raw(b) * alpha, a, b)

    @staticmethod
    def backward(ctx, grad):
        if not ctx.needs_input_grad[1]:
            return grad, None
        return grad, (-grad if ctx.alpha == 1 else grad * -ctx.alpha)


class Rsub(Function):
    """number - a (PyTorch records `1 - x` as RsubBackward1, with one edge)."""

    backward_name = "RsubBackward1"
    formula = "d(c-a)/da = -1"

    @staticmethod
    def forward(ctx, a, number):
        return promote(number - a._data, a)

    @staticmethod
    def backward(ctx, grad):
        return -grad


class Mul(Function):
    """a * b."""

    backward_name = "MulBackward0"
    formula = "d(a*b)/da = b,  d(a*b)/db = a"

    @staticmethod
    def forward(ctx, a, b):
        # Each operand's gradient is the other operand.
        need_a, need_b = ctx.needs_input_grad
        if need_a or need_b:
            ctx.save_for_backward(keep(a, need_b), keep(b, need_a))
            ctx.numbers = _numbers(a, b)
        return binary(np.multiply, a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = _operands(ctx)
        grad_a = grad * b if ctx.needs_input_grad[0] else None
        grad_b = grad * a if ctx.needs_input_grad[1] else None
        return grad_a, grad_b


class Div(Function):
    """a / b."""

    backward_name = "DivBackward0"
    formula = "d(a/b)/da = 1/b,  d(a/b)/db = -a/b²"

    @staticmethod
    def forward(ctx, a, b):
        need_a, need_b = ctx.needs_input_grad
        if need_a or need_b:
            ctx.save_for_backward(keep(a, need_b), keep(b))
            ctx.numbers = _numbers(a, b)
        if isinstance(b, (int, float)) and b != 0:
            return binary(np.true_divide, a, b)  # no 0/0 or x/0 to silence
        # As in PyTorch, x/0 is inf and 0/0 is nan, without a warning.
        with np.errstate(divide="ignore", invalid="ignore"):
            return binary(np.true_divide, a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = _operands(ctx)
        grad_a = grad / b if ctx.needs_input_grad[0] else None
        grad_b = -grad * a / (b * b) if ctx.needs_input_grad[1] else None
        return grad_a, grad_b


def _numbers(a, b):
    """The plain-number operands (None in place of tensors, which are saved)."""
    return (None if hasattr(a, "_data") else a, None if hasattr(b, "_data") else b)


def _operands(ctx):
    """The saved tensors of a binary op, with plain numbers put back in place."""
    a, b = ctx.saved_tensors
    number_a, number_b = ctx.numbers
    return (a if number_a is None else number_a, b if number_b is None else number_b)


class Neg(Function):
    """-a."""

    backward_name = "NegBackward0"
    formula = "d(-a)/da = -1"

    @staticmethod
    def forward(ctx, a):
        return np.negative(a._data)

    @staticmethod
    def backward(ctx, grad):
        return -grad


class Pow(Function):
    """a ** p for a tensor a and a number p (call as `Pow.apply(a, exponent=p)`)."""

    backward_name = "PowBackward0"
    formula = "d(a**p)/da = p * a**(p-1)"

    @staticmethod
    def forward(ctx, a, exponent):
        ctx.save_for_backward(a)
        ctx.exponent = exponent
        if isinstance(exponent, int) and exponent >= 0:
            return promote(np.power(a._data, exponent), a)  # nothing to silence
        # As in PyTorch, 0 ** -1 is inf and (-1) ** 0.5 is nan, without a warning.
        with np.errstate(divide="ignore", invalid="ignore"):
            return promote(np.power(a._data, exponent), a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        p = ctx.exponent
        if p == 0:
            return grad * 0.0
        return grad * p * a ** (p - 1)


class PowTensor(Function):
    """a ** b where the exponent b is a tensor (a is a tensor too)."""

    backward_name = "PowBackward1"
    formula = "d(a**b)/da = b * a**(b-1),  d(a**b)/db = a**b * ln(a)"

    @staticmethod
    def forward(ctx, a, b):
        check_broadcast(a, b)
        with np.errstate(divide="ignore", invalid="ignore"):
            result = promote(np.power(a._data, b._data), a, b)
        ctx.save_for_backward(a, b, result)
        return result

    @staticmethod
    def backward(ctx, grad):
        a, b, result = ctx.saved_tensors
        grad_a = grad * b * a ** (b - 1) if ctx.needs_input_grad[0] else None
        grad_b = None
        if ctx.needs_input_grad[1]:
            # Where a <= 0 the log is undefined; PyTorch takes the derivative
            # along b as 0 where a == 0, and so do we.
            safe_a = a.where(a._data > 0, 1.0)
            grad_b = grad * result * safe_a.log()
        return grad_a, grad_b


class PowScalarBase(Function):
    """c ** b for a number c and a tensor exponent b (`2 ** x`)."""

    backward_name = "PowBackward2"
    formula = "d(c**b)/db = c**b * ln(c)"

    @staticmethod
    def forward(ctx, b, base):
        with np.errstate(divide="ignore", invalid="ignore"):
            result = promote(np.power(base, b._data), b)
        ctx.base = base
        ctx.save_for_backward(result)
        return result

    @staticmethod
    def backward(ctx, grad):
        (result,) = ctx.saved_tensors
        # With base 0 the derivative along b is taken as 0, as in PyTorch.
        log_base = float(np.log(ctx.base)) if ctx.base > 0 else 0.0
        return grad * result * log_base
