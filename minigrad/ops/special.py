"""The ops of `minigrad.special` that minigrad has under no other name:
`entr`, `xlog1py` and `log_ndtr` (the rest of `minigrad/special.py` are
other names of existing ops). Each is a `Function` whose backward is written
with tensor ops, so `create_graph=True` differentiates it again.
"""

import math

import numpy as np

from ..autograd.function import Function
from ..tensor import Tensor
from .elementwise_more import _erfc, _in_float64
from .unary import Round, float_values
from .unary_more import compute_float

LOG_SQRT_2PI = 0.5 * math.log(2 * math.pi)


class Entr(Function):
    """-x ln x elementwise: 0 at x = 0, -inf for x < 0 (PyTorch's values)."""

    backward_name = "SpecialEntrBackward0"
    formula = "d(-x ln x)/dx = -(ln x + 1)"

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)

        def entr(x):
            positive = np.where(x > 0, x, 1.0)  # (no log of 0 or of negatives)
            return np.where(
                x > 0, -x * np.log(positive), np.where(x == 0, 0.0, -np.inf)
            )

        return compute_float(entr, a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        # (nan for x < 0 and +inf at 0, as PyTorch's)
        return -grad * (a.log() + 1)


class Xlog1py(Function):
    """x · ln(1 + y), 0 where x is 0 and y is not nan. One of x, y may be a
    number (then it is a constant tensor, and the node is ...Backward1/2)."""

    formula = "d/dx = ln(1 + y),  d/dy = x / (1 + y)"

    @classmethod
    def node_name(cls, a, b, number=None):
        return f"SpecialXlog1PyBackward{ {None: 0, 'input': 1, 'other': 2}[number] }"

    @staticmethod
    def forward(ctx, a, b, number=None):
        ctx.save_for_backward(a, b)
        x, y = float_values(a), float_values(b)
        dtype = np.result_type(x, y)
        with np.errstate(divide="ignore", invalid="ignore"):
            result = np.where((x == 0) & ~np.isnan(y), 0.0, x * np.log1p(y))
        return np.asarray(result, dtype=dtype)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        grad_a = grad_b = None
        if need_a:  # ln(1 + y); PyTorch: 0 where x = 0 and y <= -1
            grad_a = Xlog1py.apply(grad, b).masked_fill((a == 0) & (b <= -1), 0.0)
        if need_b:
            grad_b = grad * a / (b + 1)
        return grad_a, grad_b


def xlog1py(input, other):
    """x · ln(1 + y) for tensors or one number (see `minigrad.special.xlog1py`)."""
    number = None
    if not isinstance(input, Tensor):
        input, number = (
            Tensor._make(np.asarray(input, dtype=other._data.dtype)),
            "input",
        )
    elif not isinstance(other, Tensor):
        other, number = (
            Tensor._make(np.asarray(other, dtype=input._data.dtype)),
            "other",
        )
    return Xlog1py.apply(input, other, number=number)


def _log_ndtr(x):
    """ln Φ(x) in float64: ln(erfc(-x/√2) / 2), or for x < -20 (where erfc
    underflows) the asymptotic series -x²/2 - ln(-x) - ln √(2π) + ln(1 - 1/x²
    + 3/x⁴ - 15/x⁶ + 105/x⁸ - 945/x¹⁰)."""
    tail = x < -20
    near = np.where(tail, 0.0, x)
    far = np.where(tail, x, -30.0)
    z = 1 / (far * far)
    series = 1 + z * (-1 + z * (3 + z * (-15 + z * (105 - 945 * z))))
    asymptotic = -far * far / 2 - np.log(-far) - LOG_SQRT_2PI + np.log(series)
    return np.where(tail, asymptotic, np.log(_erfc(-near / math.sqrt(2)) / 2))


class LogNdtr(Function):
    """ln Φ(x), Φ the standard normal's cumulative distribution, accurate in
    the far left tail (where Φ itself rounds to 0)."""

    backward_name = "SpecialLogNdtrBackward0"
    formula = "d ln Φ(x)/dx = φ(x) / Φ(x) = exp(-x²/2 - ln Φ(x)) / √(2π)"

    @staticmethod
    def forward(ctx, a):
        result = compute_float(_in_float64(_log_ndtr), a)
        ctx.save_for_backward(a, result)
        return result

    @staticmethod
    def backward(ctx, grad):
        a, result = ctx.saved_tensors
        # The ratio φ/Φ as one exp of a difference: finite where both are tiny.
        return grad * (-(a * a) * 0.5 - result - LOG_SQRT_2PI).exp()


class SpecialRound(Round):
    """`special.round`: PyTorch always calls round's `decimals` overload
    here, so the node is RoundBackward1 even for decimals=0."""

    backward_name = "RoundBackward1"

    @classmethod
    def node_name(cls, a, decimals=0):
        return "RoundBackward1"
