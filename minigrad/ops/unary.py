"""Elementwise functions of one tensor: exp, log, sqrt, sin, cos, tanh,
sigmoid, relu, abs, clamp.

Where the derivative is a step, relu and clamp select the gradient with a 0/1
mask (so an inf gradient gives 0, not nan, where they are flat) and abs
multiplies it by `Sign`, whose own derivative is zero. Either way higher
derivatives stay right (zero almost everywhere).

Integer and bool inputs give float32 results (`float_values`), as in PyTorch.
"""

import numbers

import numpy as np

from .._check import checked_scalar, tensor_arg
from ..autograd.function import OUTPUT, Function, Node, record_unary
from ..tensor import Tensor
from ._util import check_broadcast, result_type, zero_gradient


def float_values(a):
    """The values of tensor `a` to compute a float function of: integers and
    bools become float32, as PyTorch computes them. numpy would compute int8,
    uint8 and bool in float16 (e^1 = 2.719) and other integers in float64."""
    x = a._data
    return x if x.dtype.kind == "f" else x.astype(np.float32)


def exp(a):
    """e ** a (`Tensor.exp`). Saves its result: d/da exp(a) = exp(a)."""
    return record_unary(ExpBackward0, np.exp(float_values(a)), a, OUTPUT)


class ExpBackward0(Node):
    formula = "d(exp a)/da = exp a"

    def backward(self, grad):
        (result,) = self.saved(isinstance(grad, Tensor))
        return (grad * result,)


class Log(Function):
    """Natural logarithm."""

    backward_name = "LogBackward0"
    formula = "d(ln a)/da = 1/a"

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.log(float_values(a))

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad / a


class Sqrt(Function):
    """Square root. Saves its result: d/da sqrt(a) = 1 / (2 sqrt(a))."""

    backward_name = "SqrtBackward0"
    formula = "d(√a)/da = 1/(2√a)"

    @staticmethod
    def forward(ctx, a):
        with np.errstate(invalid="ignore"):
            result = np.sqrt(float_values(a))
        ctx.save_for_backward(result)
        return result

    @staticmethod
    def backward(ctx, grad):
        (result,) = ctx.saved_tensors
        return grad / (2 * result)


def sin(a):
    """Sine (`Tensor.sin`)."""
    return record_unary(SinBackward0, np.sin(float_values(a)), a, a)


class SinBackward0(Node):
    formula = "d(sin a)/da = cos a"

    def backward(self, grad):
        (a,) = self.saved(isinstance(grad, Tensor))
        return (grad * (a.cos() if isinstance(a, Tensor) else np.cos(a)),)


def cos(a):
    """Cosine (`Tensor.cos`)."""
    return record_unary(CosBackward0, np.cos(float_values(a)), a, a)


class CosBackward0(Node):
    formula = "d(cos a)/da = -sin a"

    def backward(self, grad):
        (a,) = self.saved(isinstance(grad, Tensor))
        return (-grad * (a.sin() if isinstance(a, Tensor) else np.sin(a)),)


def tanh(a):
    """Hyperbolic tangent (`Tensor.tanh`). Saves its result: tanh' = 1 - tanh²."""
    return record_unary(TanhBackward0, np.tanh(float_values(a)), a, OUTPUT)


class TanhBackward0(Node):
    formula = "d(tanh a)/da = 1 - tanh²a"

    def backward(self, grad):
        (result,) = self.saved(isinstance(grad, Tensor))
        return (grad * (1 - result * result),)


def sigmoid(a):
    """Logistic sigmoid 1 / (1 + e^-a) (`Tensor.sigmoid`). Saves its result:
    σ' = σ (1 - σ)."""
    x = float_values(a)
    # e = exp(-|x|) never overflows; each side of zero uses its stable form.
    e = np.exp(-np.abs(x))
    result = np.where(x >= 0, 1 / (1 + e), e / (1 + e)).astype(x.dtype)
    return record_unary(SigmoidBackward0, result, a, OUTPUT)


class SigmoidBackward0(Node):
    formula = "d(σ(a))/da = σ(a)(1 - σ(a))"

    def backward(self, grad):
        (result,) = self.saved(isinstance(grad, Tensor))
        return (grad * result * (1 - result),)


def relu(a):
    """max(a, 0) (`Tensor.relu`). Saves its result; the derivative is 0 where
    the result is <= 0, else 1."""
    x = a._data
    if x.dtype == np.bool_:  # (numpy would return the input unchanged)
        raise RuntimeError(
            "Boolean inputs not supported for relu (convert the input with "
            ".float() or .int())"
        )
    result = np.maximum(x, 0).astype(x.dtype, copy=False)
    return record_unary(ReluBackward0, result, a, OUTPUT)


def relu_(input):  # noqa: A002 (PyTorch's argument name)
    """`minigrad.relu_(x)`: x made max(x, 0) in place, as `Tensor.relu_`
    (a leaf that requires grad is refused, as for every in-place op)."""
    return tensor_arg(input, "relu_").relu_()


class ReluBackward0(Node):
    formula = "d(relu a)/da = 0 if relu(a) <= 0 else 1"

    def backward(self, grad):
        (result,) = self.saved(isinstance(grad, Tensor))
        # Select, not multiply: where relu is flat the gradient is 0 even for an
        # inf or nan `grad` (inf * 0 is nan). PyTorch's test is `result <= 0`,
        # so a nan input passes its gradient on.
        if not isinstance(grad, Tensor):
            return (np.where(result <= 0, 0, grad),)
        # Under create_graph the 0 is taken from sign(result), which is 0 there
        # and has derivative 0: that keeps the gradient in the graph (as PyTorch).
        flat = result._data <= 0
        return (grad.where(~flat, Sign.apply(result)),)


class Abs(Function):
    """|a|; the derivative is sign(a) (0 at 0, as in PyTorch)."""

    backward_name = "AbsBackward0"
    formula = "d|a|/da = sign(a)"

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.abs(a._data)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * Sign.apply(a)


class Sign(Function):
    """-1, 0 or 1 per element. Its derivative is 0 (almost everywhere)."""

    backward_name = "SignBackward0"
    formula = "d(sign a)/da = 0"

    @staticmethod
    def forward(ctx, a):
        result = np.sign(a._data)
        if result.dtype.kind == "f":  # the sign of nan is 0 in PyTorch (numpy: nan)
            result = np.where(result != result, 0, result).astype(result.dtype)
        return result

    @staticmethod
    def backward(ctx, grad):
        return zero_gradient(grad)


class Round(Function):
    """Round to `decimals` decimal places (halves to even, as numpy and PyTorch).

    A step function: its derivative is 0 (almost everywhere).
    """

    backward_name = "RoundBackward0"
    formula = "d(round a)/da = 0"

    @classmethod
    def node_name(cls, a, decimals=0):
        return "RoundBackward0" if decimals == 0 else "RoundBackward1"

    @staticmethod
    def forward(ctx, a, decimals=0):
        return np.round(a._data, decimals)

    @staticmethod
    def backward(ctx, grad):
        return zero_gradient(grad)


class Clamp(Function):
    """a limited to [min, max]; the derivative is 1 inside, 0 outside.

    Number bounds (ClampBackward1, ClampMinBackward0, ...) are checked against
    the result's dtype as PyTorch checks them (`checked_scalar`: 300 is no
    bound for uint8, -1 is 255). A tensor bound goes to `ClampTensor`.
    """

    backward_name = "ClampBackward1"
    formula = "d(clamp a)/da = 1 if min ≤ a ≤ max else 0"

    @classmethod
    def node_name(cls, a, min=None, max=None, node=None):
        return node or cls.backward_name  # (clamp_min: ClampMinBackward0)

    @classmethod
    def apply(cls, a, min=None, max=None, node=None):  # noqa: A002 (PyTorch's names)
        if isinstance(min, Tensor) or isinstance(max, Tensor):
            return ClampTensor.apply(a, min=min, max=max, node=node)
        return super().apply(a, min=min, max=max, node=node)

    @staticmethod
    def forward(ctx, a, min=None, max=None, node=None):  # noqa: A002
        low, high, target = _clamp_bounds(a, min, max)
        ctx.save_for_backward(a)
        ctx.bounds = (low, high)
        return _clamped(a._data, low, high, target)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        low, high = ctx.bounds
        inside = np.ones(grad.shape, dtype=bool)  # (a tensor bound may broadcast)
        if low is not None:
            inside &= a._data >= low
        if high is not None:
            inside &= a._data <= high
        # where, not grad * mask: a negative gradient times 0 gives -0.
        # where PyTorch gives 0.
        return grad.where(inside, 0.0)


def _clamp_bounds(a, low, high):
    """clamp's bounds checked, as numpy values in the result's dtype, and
    that dtype (PyTorch's: an int tensor clamped to 0.5 is float32)."""
    if low is None and high is None:
        raise RuntimeError(
            "clamp(): at least one of 'min' or 'max' must not be None "
            "(e.g. x.clamp(min=0))"
        )
    for name, bound in (("min", low), ("max", high)):
        if bound is not None and not isinstance(bound, (Tensor, numbers.Number)):
            raise TypeError(
                f"clamp(): argument '{name}' must be Number or Tensor, not "
                f"{type(bound).__name__}"
            )
        if isinstance(bound, Tensor):  # (PyTorch's message, not numpy's)
            check_broadcast(a, bound)
    if isinstance(low, Tensor) and isinstance(high, Tensor):
        check_broadcast(low, high)
    target = result_type(a, *(b for b in (low, high) if b is not None))
    values = []
    for bound in (low, high):
        if isinstance(bound, Tensor):  # (in the result's dtype, wrapping as C)
            bound = bound._data.astype(target, copy=False)
        elif bound is not None:
            bound = checked_scalar(bound, target)  # (uint8: 300 raises)
        values.append(bound)
    return values[0], values[1], target


def _clamped(x, low, high, target):
    """min(max(x, low), high) in the dtype `target` (min > max gives max
    everywhere, as PyTorch's rule)."""
    result = x.astype(target, copy=False)
    if low is not None:
        result = np.maximum(result, low)
    if high is not None:
        result = np.minimum(result, high)
    return np.asarray(result, dtype=target)


class ClampTensor(Function):
    """clamp with a tensor bound (ClampBackward0; clamp_min and clamp_max with
    one: ClampMinBackward1, ClampMaxBackward1), whose bounds get gradients as
    PyTorch's `clamp_backward_min_max` gives them:

    - a: the gradient where min <= a <= max (ties included), else 0;
    - min: where a < min (and min < max, when there is a max);
    - max: where a > max, or everywhere max < min (the result is max there).
    """

    backward_name = "ClampBackward0"
    formula = (
        "d/da = 1 where min ≤ a ≤ max;  d/dmin = 1 where a < min < max;  "
        "d/dmax = 1 where a > max or max < min"
    )
    ctx_arrays = ("masks",)  # freed after backward

    @classmethod
    def node_name(cls, a, *bounds, sides="both", node=None):
        return node or cls.backward_name

    @classmethod
    def apply(cls, a, min=None, max=None, node=None):  # noqa: A002
        if node == "ClampMinBackward1":  # (two inputs: a and the bound, as PyTorch)
            return super().apply(a, min, sides="min", node=node)
        if node == "ClampMaxBackward1":
            return super().apply(a, max, sides="max", node=node)
        return super().apply(a, min, max, sides="both", node=node)

    @staticmethod
    def forward(ctx, a, *bounds, sides="both", node=None):
        if sides == "min":
            low, high = bounds[0], None
        elif sides == "max":
            low, high = None, bounds[0]
        else:
            low, high = bounds
        low, high, target = _clamp_bounds(a, low, high)
        x = a._data
        with np.errstate(invalid="ignore"):
            if low is not None and high is not None:
                keep = (x >= low) & (x <= high)
                to_low = (x < low) & (low < high)
                to_high = (x > high) | (high < low)
            else:
                keep = x >= low if high is None else x <= high
                to_low = x < low if low is not None else None
                to_high = x > high if high is not None else None
        masks = {"min": to_low, "max": to_high}
        ctx.masks = [keep] + [
            masks[side] for side in ("min", "max") if side == sides or sides == "both"
        ]
        return _clamped(x, low, high, target)

    @staticmethod
    def backward(ctx, grad):
        # where, not grad * mask: a negative gradient times 0 gives -0.
        return tuple(
            None if mask is None else grad.where(constant_mask(mask), 0.0)
            for mask in ctx.masks
        )


def constant_mask(mask):
    """A bool numpy mask as a tensor (no grad), for `Tensor.where`."""
    return Tensor._make(np.asarray(mask))


# ----- log10, log2, log1p, expm1 ----------------------------------------------------

LN10 = float(np.log(10.0))
LN2 = float(np.log(2.0))


def log10(a):
    """Logarithm to base 10 (`Tensor.log10`): log10(a) = ln(a) / ln(10)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.log10(float_values(a))
    return record_unary(Log10Backward0, value, a, a)


class Log10Backward0(Node):
    formula = "d(log10 a)/da = 1/(a ln 10)"

    def backward(self, grad):
        (a,) = self.saved(isinstance(grad, Tensor))
        return (grad / (a * LN10),)


def log2(a):
    """Logarithm to base 2 (`Tensor.log2`): log2(a) = ln(a) / ln(2)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.log2(float_values(a))
    return record_unary(Log2Backward0, value, a, a)


class Log2Backward0(Node):
    formula = "d(log2 a)/da = 1/(a ln 2)"

    def backward(self, grad):
        (a,) = self.saved(isinstance(grad, Tensor))
        return (grad / (a * LN2),)


def log1p(a):
    """ln(1 + a), exact for tiny a where `(1 + a).log()` rounds (`Tensor.log1p`)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.log1p(float_values(a))
    return record_unary(Log1PBackward0, value, a, a)


class Log1PBackward0(Node):
    formula = "d(ln(1 + a))/da = 1/(1 + a)"

    def backward(self, grad):
        (a,) = self.saved(isinstance(grad, Tensor))
        return (grad / (a + 1),)


def expm1(a):
    """e ** a - 1, exact for tiny a (`Tensor.expm1`). Saves its result:
    d/da (e^a - 1) = e^a = result + 1."""
    with np.errstate(over="ignore"):
        value = np.expm1(float_values(a))
    return record_unary(Expm1Backward0, value, a, OUTPUT)


class Expm1Backward0(Node):
    formula = "d(e^a - 1)/da = e^a"

    def backward(self, grad):
        (result,) = self.saved(isinstance(grad, Tensor))
        return (grad * (result + 1),)
