"""Arithmetic: a + b, a - b, a * b, a / b, a ** b, -a.

Either operand may be a plain number; then it gets a `None` entry in
`next_functions`, as in PyTorch (`(x * 2).grad_fn.next_functions`).
"""

import numpy as np

from ..autograd.function import Function
from ._util import check_broadcast, keep, promote, raw

# The Tensor class. tensor.py imports this module, so this module can't import
# tensor.py; tensor.py hands its class over when it loads (see its last lines).
Tensor = None


class Add(Function):
    """a + b."""

    backward_name = "AddBackward0"
    formula = "d(a+b)/da = 1,  d(a+b)/db = 1"

    @staticmethod
    def forward(ctx, a, b):
        check_broadcast(a, b)
        return promote(raw(a) + raw(b), a, b)

    @staticmethod
    def backward(ctx, grad):
        return grad, grad


class Sub(Function):
    """a - b."""

    backward_name = "SubBackward0"
    formula = "d(a-b)/da = 1,  d(a-b)/db = -1"

    @staticmethod
    def forward(ctx, a, b):
        check_broadcast(a, b)
        return promote(raw(a) - raw(b), a, b)

    @staticmethod
    def backward(ctx, grad):
        return grad, (-grad if ctx.needs_input_grad[1] else None)


class Mul(Function):
    """a * b."""

    backward_name = "MulBackward0"
    formula = "d(a*b)/da = b,  d(a*b)/db = a"

    @staticmethod
    def forward(ctx, a, b):
        check_broadcast(a, b)
        ctx.save_for_backward(keep(a, ctx.needs_input_grad[1]), keep(b, ctx.needs_input_grad[0]))
        ctx.numbers = _numbers(a, b)
        return promote(raw(a) * raw(b), a, b)

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
        check_broadcast(a, b)
        ctx.save_for_backward(keep(a, ctx.needs_input_grad[1]), keep(b))
        ctx.numbers = _numbers(a, b)
        with np.errstate(divide="ignore", invalid="ignore"):
            return promote(np.true_divide(raw(a), raw(b)), a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = _operands(ctx)
        grad_a = grad / b if ctx.needs_input_grad[0] else None
        grad_b = -grad * a / (b * b) if ctx.needs_input_grad[1] else None
        return grad_a, grad_b


def _numbers(*operands):
    """The plain-number operands (None in place of tensors, which are saved)."""
    return tuple([None if hasattr(v, "_data") else v for v in operands])


def _operands(ctx):
    """The saved tensors of a binary op, with plain numbers put back in place."""
    return tuple(
        s if s is not None else n for s, n in zip(ctx.saved_tensors, ctx.numbers)
    )


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
    """a ** b where the exponent b is a tensor (a may be a tensor or a number)."""

    formula = "d(a**b)/da = b * a**(b-1),  d(a**b)/db = a**b * ln(a)"

    @classmethod
    def node_name(cls, a, b):
        # PyTorch: tensor ** tensor is PowBackward1, number ** tensor PowBackward2.
        return "PowBackward1" if hasattr(a, "_data") else "PowBackward2"

    @staticmethod
    def forward(ctx, a, b):
        check_broadcast(a, b)
        ctx.numbers = _numbers(a, b)
        with np.errstate(divide="ignore", invalid="ignore"):
            result = promote(np.power(raw(a), raw(b)), a, b)
        ctx.save_for_backward(keep(a), b, result)
        return result

    @staticmethod
    def backward(ctx, grad):
        a, b, result = ctx.saved_tensors
        if a is None:
            a = ctx.numbers[0]
        grad_a = grad * b * a ** (b - 1) if ctx.needs_input_grad[0] else None
        grad_b = None
        if ctx.needs_input_grad[1]:
            # Where a == 0 the derivative along b is taken as 0, as in PyTorch.
            base = a if hasattr(a, "_data") else constant_like(a, result)
            positive = base._data > 0
            safe_log = base.where(positive, 1.0).log() if not np.all(positive) else base.log()
            grad_b = grad * result * safe_log
        return grad_a, grad_b


def constant_like(number, like):
    """A number as a tensor with the dtype of `like` (no grad)."""

    return Tensor._make(np.asarray(number, dtype=like.dtype.numpy))
