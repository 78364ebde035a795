"""Activation functions beyond relu, tanh and sigmoid: elu (and selu, celu),
gelu, silu, mish, softplus, hardtanh (and relu6, which is hardtanh from 0 to
6), hardswish and hardsigmoid.

Each is a `Function` whose `forward` computes on numpy values and whose
`backward` states the derivative with tensor operations, so
`create_graph=True` can differentiate it again. At a kink the derivative is
the one PyTorch takes (hardtanh's is 0 at its bounds, elu's is 1 at 0).
`nn.functional` checks the arguments and calls these; read `nn/activation.py`
for the layers.
"""

import math

import numpy as np

from ..autograd.function import Function

_erf = np.vectorize(math.erf, otypes=[np.float64])
SQRT_HALF = math.sqrt(0.5)
INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
GELU_TANH_COEFF = 0.044715


def _like(result, a):
    """`result` in the dtype of tensor `a` (numpy may have widened it)."""
    return np.asarray(result, dtype=a._data.dtype)


class Erf(Function):
    """The error function erf(a) = 2/√π ∫₀ᵃ e^(-t²) dt (gelu's building block)."""

    backward_name = "ErfBackward0"
    formula = "d(erf a)/da = 2/√π · e^(-a²)"

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return _like(_erf(a._data), a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * (2.0 / math.sqrt(math.pi)) * (-(a * a)).exp()


class Elu(Function):
    """scale · (a if a > 0 else alpha · (e^(a · input_scale) - 1)).

    elu is scale = input_scale = 1; selu fixes alpha and scale (PyTorch records
    it as EluBackward0 too); celu is input_scale = 1 / alpha (CeluBackward0).
    """

    backward_name = "EluBackward0"
    formula = "d(elu a)/da = 1 if a > 0 else alpha · e^a"

    @classmethod
    def node_name(cls, a, alpha=1.0, scale=1.0, input_scale=1.0, name="Elu"):
        return f"{name}Backward0"

    @staticmethod
    def forward(ctx, a, alpha=1.0, scale=1.0, input_scale=1.0, name="Elu"):
        ctx.save_for_backward(a)
        ctx.alpha, ctx.scale, ctx.input_scale = alpha, scale, input_scale
        x = a._data
        negative = alpha * np.expm1(np.minimum(x, 0) * input_scale)
        return _like(scale * np.where(x > 0, x, negative), a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        # (e^a only where a <= 0: the other branch's e^a could overflow)
        inner = (a.clamp(max=0.0) * ctx.input_scale).exp()
        slope = (inner * (ctx.alpha * ctx.input_scale)).where(a._data <= 0, 1.0)
        return grad * slope * ctx.scale


class Gelu(Function):
    """a · Φ(a), Φ the standard normal CDF; with approximate='tanh',
    0.5 a (1 + tanh(√(2/π) (a + 0.044715 a³)))."""

    backward_name = "GeluBackward0"
    formula = "d(gelu a)/da = Φ(a) + a · φ(a)"

    @staticmethod
    def forward(ctx, a, approximate="none"):
        ctx.save_for_backward(a)
        ctx.approximate = approximate
        x = a._data.astype(np.float64)
        if approximate == "tanh":
            inner = SQRT_2_OVER_PI * (x + GELU_TANH_COEFF * x**3)
            return _like(0.5 * x * (1.0 + np.tanh(inner)), a)
        return _like(0.5 * x * (1.0 + _erf(x * SQRT_HALF)), a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        if ctx.approximate == "tanh":
            inner = (a + a * a * a * GELU_TANH_COEFF) * SQRT_2_OVER_PI
            t = inner.tanh()
            d_inner = (a * a * (3 * GELU_TANH_COEFF) + 1.0) * SQRT_2_OVER_PI
            return grad * ((t + 1.0) * 0.5 + a * 0.5 * (1.0 - t * t) * d_inner)
        cdf = (Erf.apply(a * SQRT_HALF) + 1.0) * 0.5
        pdf = (a * a * -0.5).exp() * INV_SQRT_2PI
        return grad * (cdf + a * pdf)


class Silu(Function):
    """a · sigmoid(a) (also called swish)."""

    backward_name = "SiluBackward0"
    formula = "d(silu a)/da = s (1 + a (1 - s)),  s = sigmoid(a)"

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        x = a._data
        # a / (1 + e^-a) overflows harmlessly to a / inf = -0 for very negative a
        with np.errstate(over="ignore"):
            return _like(x / (1.0 + np.exp(-x)), a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        s = a.sigmoid()
        return grad * s * (a * (1.0 - s) + 1.0)


class Softplus(Function):
    """log(1 + e^(beta a)) / beta, and a itself where beta · a > threshold."""

    backward_name = "SoftplusBackward0"
    formula = "d(softplus a)/da = sigmoid(beta a)  (1 above the threshold)"

    @staticmethod
    def forward(ctx, a, beta=1.0, threshold=20.0):
        ctx.save_for_backward(a)
        ctx.beta, ctx.threshold = beta, threshold
        x = a._data
        scaled = x.astype(np.float64) * beta  # (rounded once, at the end)
        # logaddexp(0, z) = log(1 + e^z) without overflow
        smooth = np.logaddexp(0.0, scaled) / beta
        return _like(np.where(scaled > threshold, x, smooth), a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        linear = a._data * ctx.beta > ctx.threshold
        return grad * (a * ctx.beta).sigmoid().where(~linear, 1.0)


class Hardtanh(Function):
    """a limited to [min_val, max_val]. PyTorch's derivative is 1 strictly
    inside and 0 at and beyond the bounds (unlike clamp, 1 at the bounds)."""

    backward_name = "HardtanhBackward0"
    formula = "d(hardtanh a)/da = 1 if min < a < max else 0"

    @staticmethod
    def forward(ctx, a, min_val=-1.0, max_val=1.0):
        ctx.save_for_backward(a)
        ctx.bounds = (min_val, max_val)
        return _like(np.clip(a._data, min_val, max_val), a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        low, high = ctx.bounds
        # (written as PyTorch's test, so a nan input passes its gradient on)
        outside = (a._data <= low) | (a._data >= high)
        return grad.where(~outside, 0.0)


class Mish(Function):
    """a · tanh(softplus(a))."""

    backward_name = "MishBackward0"
    formula = "d(mish a)/da = t + a (1 - t²) sigmoid(a),  t = tanh(softplus(a))"

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        x = a._data.astype(np.float64)
        return _like(x * np.tanh(np.logaddexp(0.0, x)), a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        t = Softplus.apply(a).tanh()
        return grad * (t + a * (1.0 - t * t) * a.sigmoid())


class Hardswish(Function):
    """a · relu6(a + 3) / 6: 0 below -3, a above 3, a (a + 3) / 6 between."""

    backward_name = "HardswishBackward0"
    formula = "d(hardswish a)/da = 0 if a <= -3, 1 if a >= 3, else a/3 + 1/2"

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        x = a._data
        return _like(x * np.clip(x + 3.0, 0.0, 6.0) / 6.0, a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        x = a._data
        slope = (a / 3.0 + 0.5).where(x < 3, 1.0)
        # Select, not multiply, below -3: the gradient is 0 there even for an
        # inf or nan `grad`. (PyTorch's tests: a nan input gets slope 1.)
        return (grad * slope).where(~(x <= -3), 0.0)


class Hardsigmoid(Function):
    """relu6(a + 3) / 6: 0 below -3, 1 above 3, a/6 + 1/2 between."""

    backward_name = "HardsigmoidBackward0"
    formula = "d(hardsigmoid a)/da = 1/6 if -3 < a < 3 else 0"

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return _like(np.clip(a._data + 3.0, 0.0, 6.0) / 6.0, a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        # (written as PyTorch's test, so a nan input gets gradient 0)
        inside = (a._data > -3) & (a._data < 3)
        return (grad / 6.0).where(inside, 0.0)


class LeakyRelu(Function):
    """a where a > 0, else negative_slope · a (`F.leaky_relu`)."""

    backward_name = "LeakyReluBackward0"
    formula = "d(leaky_relu a)/da = 1 if a > 0 else negative_slope"

    @staticmethod
    def forward(ctx, a, negative_slope=0.01):
        ctx.save_for_backward(a)
        ctx.negative_slope = negative_slope
        x = a._data
        return _like(np.where(x > 0, x, x * negative_slope), a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        # 1 where a > 0, else 0, written with sign (whose derivative is 0), so
        # that a second derivative is defined and 0, as PyTorch's
        positive = a.sign().clamp(min=0)
        return grad * (positive * (1 - ctx.negative_slope) + ctx.negative_slope)


class LogSigmoid(Function):
    """log(σ(a)) = -log(1 + e^-a), computed without overflow (`F.logsigmoid`)."""

    backward_name = "LogSigmoidBackward0"
    formula = "d(log σ(a))/da = 1 - σ(a) = σ(-a)"

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        # log(1 + e^-x) as logaddexp(0, -x): e^-x never overflows on its own
        return _like(-np.logaddexp(0, -a._data), a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * (-a).sigmoid()
