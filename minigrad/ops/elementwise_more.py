"""More elementwise functions: tan, the inverse hyperbolic functions, logit,
erfc, erfinv, exp2, sinc, deg2rad, rad2deg, sgn, lgamma and digamma of one
tensor; hypot, xlogy, fmod, copysign, float_power and heaviside of two; the
bitwise operations; and tests of the sign (signbit, isposinf, isneginf).

Each differentiable one is a `Function`: `forward` computes on the numpy
values (integers and bools give float32, as in PyTorch), `backward` states
the derivative with tensor operations, so `create_graph=True` can
differentiate it again. Outside its domain a function gives nan or inf, as
PyTorch's does, without a numpy warning.

numpy has no erfinv, lgamma, digamma or polygamma: they are written here
(see `erfinv_values`, `digamma_values`, `polygamma_values`).
"""

import math

import numpy as np

from .._check import int_arg, number_arg, tensor_arg
from .._dtype import scalar_type_name
from ..autograd.function import Function, record
from ..tensor import Tensor
from . import rounding
from ._util import (
    check_broadcast,
    promote,
    result_type,
    value_of,
    wrap_int,
    zero_gradient,
)
from .unary import Sign, float_values
from .unary_more import Rsqrt, compute_float

SQRT_PI = math.sqrt(math.pi)
LN2 = math.log(2.0)


def _in_float64(function):
    """`function` (on float64 arrays) for an array of any float dtype: special
    functions are computed in float64 and rounded to the input's dtype."""
    return lambda x: function(np.asarray(x, dtype=np.float64))


# ----- special functions numpy lacks: erfinv, lgamma, digamma, polygamma -------

_erf = np.vectorize(math.erf, otypes=[np.float64])
_erfc = np.vectorize(math.erfc, otypes=[np.float64])


def erfinv_values(x):
    """The inverse error function of a float64 array, to float64 rounding.

    A first guess (Giles' rational approximation, ~1e-7 in the middle)
    refined by Newton steps. For |x| > 0.5 the steps solve
    ln erfc(y) = ln(1 - |x|) instead of erf(y) = |x|: 1 - |x| is exact there
    and the logarithm is nearly straight, so the answer stays accurate up to
    |x| = 1 - 2⁻⁵³ (where erf(y) - x would lose every digit). ±1 gives ±inf,
    |x| > 1 and nan give nan.
    """
    x = np.asarray(x, dtype=np.float64)
    ax = np.abs(x)
    inside = ax < 1.0  # (nan is not)
    t = np.where(inside, ax, 0.0)
    w = -np.log((1.0 - t) * (1.0 + t))
    small = w < 5.0
    ws, wl = w - 2.5, np.sqrt(w) - 3.0
    p = np.where(small, 2.81022636e-08, -0.000200214257)
    for cs, cl in (
        (3.43273939e-07, 0.000100950558),
        (-3.5233877e-06, 0.00134934322),
        (-4.39150654e-06, -0.00367342844),
        (0.00021858087, 0.00573950773),
        (-0.00125372503, -0.0076224613),
        (-0.00417768164, 0.00943887047),
        (0.246640727, 1.00167406),
        (1.50140941, 2.83297682),
    ):
        p = np.where(small, cs + p * ws, cl + p * wl)
    y = p * t
    tail = t > 0.5
    with np.errstate(divide="ignore", invalid="ignore"):
        log_rest = np.log(1.0 - t)  # (exact 1 - t in the tail)
        for _ in range(6):
            density = (2.0 / SQRT_PI) * np.exp(-y * y)
            rest = _erfc(y)
            step = np.where(
                tail,
                (np.log(rest) - log_rest) * rest / -density,
                (_erf(y) - t) / density,
            )
            y = y - np.where(inside, step, 0.0)
    y = np.where(inside, y, np.where(ax == 1.0, np.inf, np.nan))
    return np.copysign(y, x)


def _lgamma_scalar(x):
    try:
        return math.lgamma(x)
    except ValueError:  # a pole (0, -1, -2, ...): +inf, as PyTorch
        return math.inf


lgamma_values = np.vectorize(_lgamma_scalar, otypes=[np.float64])
lgamma_values.__doc__ = "log|Γ(x)| of a float64 array (+inf at the poles)."

# Bernoulli numbers B2, B4, ..., B16 of the asymptotic series.
_BERNOULLI = (1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510)
_SERIES_FROM = 10.0  # shift x up to here, where the series is exact to rounding


def digamma_values(x):
    """ψ(x) = Γ'(x)/Γ(x) of a float64 array.

    ψ(x) = ψ(x + 1) - 1/x moves x up to 10, where the asymptotic series
    ln x - 1/(2x) - Σ B₂ₖ / (2k x²ᵏ) is exact to float64 rounding; negative
    x use the reflection ψ(x) = ψ(1 - x) - π / tan(πx). As PyTorch: ψ(±0)
    is ∓inf, the negative integers and -inf give nan.
    """
    x = np.asarray(x, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        negative = x < 0
        z = np.where(negative, 1.0 - x, x)  # >= 0 (or nan, inf)
        total = np.zeros_like(z)
        low = z < _SERIES_FROM
        while low.any():
            total -= np.where(low, 1.0 / z, 0.0)
            z = np.where(low, z + 1.0, z)
            low = z < _SERIES_FROM
        inverse_square = 1.0 / (z * z)
        series, power = 0.0, inverse_square
        for k, b in enumerate(_BERNOULLI, start=1):
            series = series + b / (2 * k) * power
            power = power * inverse_square
        result = total + np.log(z) - 0.5 / z - series
        result = np.where(z == np.inf, np.inf, result)
        # reflection; tan(πx) has period 1, so reduce x first for accuracy
        reduced = x - np.round(x)
        reflected = result - math.pi / np.tan(math.pi * reduced)
        result = np.where(negative, reflected, result)
        whole = negative & (reduced == 0)
        result = np.where(whole | (x == -np.inf), np.nan, result)
        return np.where(x == 0, np.copysign(np.inf, -x), result)


def polygamma_values(n, x):
    """ψ⁽ⁿ⁾(x), the n-th derivative of digamma (n >= 1), of a float64 array.

    For x >= 0, ψ⁽ⁿ⁾(x) = (-1)ⁿ⁺¹ n! ζ(n + 1, x) (Hurwitz's zeta): the first
    terms of its sum Σₖ (x + k)⁻ⁿ⁻¹ until x + k >= 10 + n, then the
    Euler-Maclaurin tail. Negative x use the reflection
    ψ⁽ⁿ⁾(x) = (-1)ⁿ⁺¹ ((-1)ⁿ π dⁿ/dxⁿ cot(πx) - ψ⁽ⁿ⁾(1 - x)).
    """
    x = np.asarray(x, dtype=np.float64)
    negative = x < 0
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        # (+ 0.0: -0.0 is the pole at +0.0, as PyTorch takes it)
        result = _polygamma_nonnegative(n, np.where(negative, 1.0 - x, x + 0.0))
        if not negative.any():
            return result
        # dⁿ/dxⁿ cot(πx) = (-π)ⁿ Qₙ(cot πx), Q₀(c) = c, Qₖ₊₁ = Qₖ'(c) (1 + c²)
        q = np.polynomial.Polynomial([0.0, 1.0])
        for _ in range(n):
            q = q.deriv() * np.polynomial.Polynomial([1.0, 0.0, 1.0])
        reduced = x - np.round(x)  # (cot(πx) has period 1)
        cot = 1.0 / np.tan(math.pi * reduced)
        derivative = (-math.pi) ** n * q(cot)
        sign = (-1.0) ** (n + 1)
        reflected = sign * ((-1.0) ** n * math.pi * derivative - result)
        # at 0, -1, -2, ... the poles: +inf for odd n, -inf for even n (PyTorch's)
        reflected = np.where(reduced == 0, sign * np.inf, reflected)
        return np.where(negative, reflected, result)


def _polygamma_nonnegative(n, x):
    s = n + 1
    z = x.copy()
    total = np.zeros_like(z)
    start = _SERIES_FROM + n
    low = z < start
    while low.any():
        total += np.where(low, z ** (-s), 0.0)
        z = np.where(low, z + 1.0, z)
        low = z < start
    tail = z ** (1 - s) / (s - 1) + 0.5 * z ** (-s)
    rising, factorial, power = float(s), 2.0, z ** (-s - 1)
    for j, b in enumerate(_BERNOULLI, start=1):
        tail = tail + b / factorial * rising * power
        rising *= (s + 2 * j - 1) * (s + 2 * j)
        factorial *= (2 * j + 1) * (2 * j + 2)
        power = power / (z * z)
    tail = np.where(z == np.inf, 0.0, tail)
    return (-1.0) ** (n + 1) * math.factorial(n) * (total + tail)


# ----- functions of one tensor ----------------------------------------------------


class Tan(Function):
    """The tangent sin(a) / cos(a)."""

    backward_name = "TanBackward0"
    formula = "d(tan a)/da = 1 + tan² a"

    @staticmethod
    def forward(ctx, a):
        result = compute_float(np.tan, a)
        ctx.save_for_backward(result)  # (its result, as PyTorch)
        return result

    @staticmethod
    def backward(ctx, grad):
        (result,) = ctx.saved_tensors
        return grad * (result * result + 1.0)


class Asinh(Function):
    """The inverse hyperbolic sine ln(a + √(a² + 1))."""

    backward_name = "AsinhBackward0"
    formula = "d(asinh a)/da = 1 / √(a² + 1)"

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return compute_float(np.arcsinh, a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * Rsqrt.apply(a * a + 1.0)


class Acosh(Function):
    """The inverse hyperbolic cosine ln(a + √(a² - 1)) (nan below 1)."""

    backward_name = "AcoshBackward0"
    formula = "d(acosh a)/da = 1 / √(a² - 1)"

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return compute_float(np.arccosh, a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * Rsqrt.apply(a * a - 1.0)


class Atanh(Function):
    """The inverse hyperbolic tangent ½ ln((1 + a) / (1 - a)) (±inf at ±1)."""

    backward_name = "AtanhBackward0"
    formula = "d(atanh a)/da = 1 / (1 - a²)"

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return compute_float(np.arctanh, a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad / (1.0 - a * a)


class Logit(Function):
    """ln(a / (1 - a)), the inverse of sigmoid; with `eps`, a is first clamped
    to [eps, 1 - eps] (and the gradient is 0 where it was)."""

    backward_name = "LogitBackward0"
    formula = "d(logit a)/da = 1 / (a (1 - a))"

    @staticmethod
    def forward(ctx, a, eps=None):
        ctx.save_for_backward(a)
        ctx.eps = eps

        def logit(x):
            if eps is not None:
                x = np.clip(x, eps, 1.0 - eps)
            return np.log(x / (1.0 - x))

        return compute_float(logit, a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        x = a._data
        if ctx.eps is None:  # outside [0, 1] the logit has no derivative
            inside, outside = (x >= 0) & (x <= 1), np.nan
        else:  # the clamped part is flat
            inside, outside = (x >= ctx.eps) & (x <= 1.0 - ctx.eps), 0.0
        return (grad / (a * (1.0 - a))).where(inside, outside)


class Erfc(Function):
    """The complementary error function 1 - erf(a), accurate where it is tiny."""

    backward_name = "ErfcBackward0"
    formula = "d(erfc a)/da = -2/√π · e^(-a²)"

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return compute_float(_in_float64(_erfc), a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * (-2.0 / SQRT_PI) * (-(a * a)).exp()


class Erfinv(Function):
    """The inverse error function: erf(erfinv(a)) = a, for a in [-1, 1]."""

    backward_name = "ErfinvBackward0"
    formula = "d(erfinv a)/da = √π/2 · e^(erfinv(a)²)"

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return compute_float(erfinv_values, a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        y = Erfinv.apply(a)  # (PyTorch recomputes it from the input too)
        return grad * (SQRT_PI / 2.0) * (y * y).exp()


class Exp2(Function):
    """2 ** a."""

    backward_name = "Exp2Backward0"
    formula = "d(2^a)/da = 2^a · ln 2"

    @staticmethod
    def forward(ctx, a):
        result = compute_float(np.exp2, a)
        ctx.save_for_backward(result)  # (its result, as PyTorch)
        return result

    @staticmethod
    def backward(ctx, grad):
        (result,) = ctx.saved_tensors
        return grad * result * LN2


def _sinc(x):
    px = x * x.dtype.type(math.pi)
    safe = np.where(x == 0, 1, px)
    return np.where(x == 0, 1, np.sin(safe) / safe)


class Sinc(Function):
    """The normalised sinc sin(πa) / (πa), 1 at 0."""

    backward_name = "SincBackward0"
    formula = "d(sinc a)/da = (πa cos(πa) - sin(πa)) / (πa²), 0 at 0"

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return compute_float(_sinc, a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        nonzero = a._data != 0
        safe = a.where(nonzero, 1.0)  # (no 0/0 at the origin, where it is 0)
        pa = safe * math.pi
        slope = (pa * pa.cos() - pa.sin()) / (pa * safe)
        return grad * slope.where(nonzero, 0.0)


class Deg2Rad(Function):
    """a · π / 180: degrees to radians."""

    backward_name = "Deg2RadBackward0"
    formula = "d(a π/180)/da = π/180"

    @staticmethod
    def forward(ctx, a):
        return compute_float(lambda x: x * x.dtype.type(math.pi / 180.0), a)

    @staticmethod
    def backward(ctx, grad):
        return grad * (math.pi / 180.0)


class Rad2Deg(Function):
    """a · 180 / π: radians to degrees."""

    backward_name = "Rad2DegBackward0"
    formula = "d(a 180/π)/da = 180/π"

    @staticmethod
    def forward(ctx, a):
        return compute_float(lambda x: x * x.dtype.type(180.0 / math.pi), a)

    @staticmethod
    def backward(ctx, grad):
        return grad * (180.0 / math.pi)


class Sgn(Sign):
    """sign(a) under the name PyTorch gives it for complex numbers too (for
    real tensors the same values: -1, 0, 1; gradient 0)."""

    backward_name = "SgnBackward0"

    @staticmethod
    def forward(ctx, a):
        if a._data.dtype.kind == "b":  # (a bool is its own sign, as PyTorch)
            return a._data.copy()
        return Sign.forward(ctx, a)


class Lgamma(Function):
    """ln |Γ(a)| (+inf at 0, -1, -2, ...)."""

    backward_name = "LgammaBackward0"
    formula = "d(lgamma a)/da = digamma(a)"

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return compute_float(_in_float64(lgamma_values), a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * Digamma.apply(a)


class Digamma(Function):
    """ψ(a) = Γ'(a) / Γ(a), the derivative of lgamma."""

    backward_name = "DigammaBackward0"
    formula = "d(digamma a)/da = polygamma(1, a)"

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return compute_float(_in_float64(digamma_values), a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * Polygamma.apply(a, n=1)


class Polygamma(Function):
    """ψ⁽ⁿ⁾(a), the n-th derivative of digamma (n >= 1): the gradients of
    digamma and of itself (PyTorch exports it as `polygamma`)."""

    backward_name = "PolygammaBackward0"
    formula = "d(polygamma(n, a))/da = polygamma(n + 1, a)"

    @staticmethod
    def forward(ctx, a, n):
        ctx.save_for_backward(a)
        ctx.n = n
        return compute_float(lambda x: polygamma_values(n, x), a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * Polygamma.apply(a, n=ctx.n + 1)


def logit(a, eps=None):
    """ln(a / (1 - a)), with a clamped to [eps, 1 - eps] when `eps` is given."""
    if eps is not None and (
        isinstance(eps, bool) or not isinstance(eps, (int, float, np.number))
    ):
        raise TypeError(
            f"logit(): argument 'eps' must be float, not {type(eps).__name__} "
            "(give a small number such as 1e-6, or None)"
        )
    return Logit.apply(a, eps=None if eps is None else float(eps))


# ----- tests of the sign (no gradient) ---------------------------------------------


def signbit(a):
    """A bool tensor: True where the sign bit is set (negatives and -0.0)."""
    return Tensor._make(np.asarray(np.signbit(a._data)))


def isposinf(a):
    """A bool tensor: True where the value is +inf."""
    return Tensor._make(np.asarray(np.isposinf(a._data)))


def isneginf(a):
    """A bool tensor: True where the value is -inf."""
    return Tensor._make(np.asarray(np.isneginf(a._data)))


def isreal(a):
    """A bool tensor: True everywhere (minigrad has no complex numbers)."""
    return Tensor._make(np.ones(a._data.shape, dtype=np.bool_))


# ----- functions of two tensors -------------------------------------------------------


def _both_tensors(a, b, function):
    for position, (name, x) in enumerate((("input", a), ("other", b)), start=1):
        if not isinstance(x, Tensor):
            tensor_arg(x, function, name, position)
    check_broadcast(a, b)


def _float_result(result, a, b):
    """`result` in PyTorch's dtype for a float function of `a` and `b`
    (tensors or numbers): their promoted dtype, float32 if that is no float."""
    dtype = result_type(a, b)
    return np.asarray(result, dtype=dtype if dtype.kind == "f" else np.float32)


class Hypot(Function):
    """√(a² + b²), without overflow."""

    backward_name = "HypotBackward0"
    formula = "d/da = a / hypot(a, b),  d/db = b / hypot(a, b)"

    @staticmethod
    def forward(ctx, a, b):
        result = promote(np.asarray(np.hypot(a._data, b._data)), a, b)
        ctx.save_for_backward(a, b, result)
        return result

    @staticmethod
    def backward(ctx, grad):
        a, b, result = ctx.saved_tensors
        grad_a = grad * a / result if ctx.needs_input_grad[0] else None
        grad_b = grad * b / result if ctx.needs_input_grad[1] else None
        return grad_a, grad_b


def hypot(a, b):
    """√(a² + b²) of two float tensors, elementwise."""
    _both_tensors(a, b, "hypot")
    dtype = result_type(a, b)
    if dtype.kind != "f":
        raise NotImplementedError(
            f"\"hypot_cpu\" not implemented for '{scalar_type_name(dtype)}' "
            "(convert the inputs with .float())"
        )
    return Hypot.apply(a, b)


def _xlogy_values(x, y):
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        product = x * np.log(y)
    # 0 where x is 0 (even for y = 0 or inf), but nan stays nan
    return np.where((x == 0) & ~np.isnan(y), 0, product)


class Xlogy(Function):
    """a · ln(b), and 0 where a is 0 (unless b is nan): the term of an entropy."""

    backward_name = "XlogyBackward0"
    formula = "d/da = ln b (0 where a = 0 and b <= 0),  d/db = a / b"

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(*(x if isinstance(x, Tensor) else None for x in (a, b)))
        ctx.a = None if isinstance(a, Tensor) else a  # (a number: XlogyBackward1)
        ctx.b = None if isinstance(b, Tensor) else b  # (XlogyBackward2)
        values = _xlogy_values(
            np.asarray(value_of(a), dtype=np.float64)
            if not isinstance(a, Tensor)
            else float_values(a),
            value_of(b) if not isinstance(b, Tensor) else float_values(b),
        )
        return _float_result(values, a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        a = ctx.a if a is None else a
        b = ctx.b if b is None else b
        grad_a = grad_b = None
        if ctx.needs_input_grad[0]:  # ln b, but 0 where a = 0 and b <= 0 (PyTorch's)
            flat = (a._data == 0) & (value_of(b) <= 0)
            grad_a = xlogy(grad, b).where(~flat, 0.0)
        if ctx.needs_input_grad[1]:
            grad_b = grad * a / b
        return grad_a, grad_b


class XlogyNumberInput(Xlogy):
    """xlogy(number, tensor)."""

    backward_name = "XlogyBackward1"


class XlogyNumberOther(Xlogy):
    """xlogy(tensor, number)."""

    backward_name = "XlogyBackward2"


def xlogy(a, b):
    """a · ln(b), 0 where a is 0: one of a and b may be a number."""
    if not isinstance(a, Tensor) and not isinstance(b, Tensor):
        tensor_arg(b, "xlogy", "other", 2)
    if not isinstance(a, Tensor):
        return XlogyNumberInput.apply(number_arg(a, "xlogy", "self"), b)
    if not isinstance(b, Tensor):
        return XlogyNumberOther.apply(a, number_arg(b, "xlogy", "other"))
    check_broadcast(a, b)
    return Xlogy.apply(a, b)


class FmodTensor(Function):
    """The remainder of a / b with the sign of a (C's fmod), b a tensor."""

    backward_name = "FmodBackward1"
    formula = "d/da = 1,  d/db = -trunc(a / b)"

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return rounding._divide(np.fmod, a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        grad_b = None
        if ctx.needs_input_grad[1]:
            grad_b = -grad * a.div(b, rounding_mode="trunc")
        return (grad if ctx.needs_input_grad[0] else None), grad_b


class FmodNumber(Function):
    """fmod(a, b) for a number b: the gradient is 1."""

    backward_name = "FmodBackward0"
    formula = "d(fmod(a, b))/da = 1"

    @staticmethod
    def forward(ctx, a, b):
        return rounding._divide(np.fmod, a, b)

    @staticmethod
    def backward(ctx, grad):
        return grad, None


def fmod(a, b):
    """The remainder of a / b with the sign of a (`%` takes the sign of b)."""
    if isinstance(b, Tensor):
        check_broadcast(a, b)
        return FmodTensor.apply(a, b)
    return FmodNumber.apply(a, number_arg(b, "fmod", "other"))


class Copysign(Function):
    """|a| with the sign of b (of -0.0 too)."""

    backward_name = "CopysignBackward0"
    formula = "d/da = sign(a) · sign(b) (0 at a = 0),  d/db = 0"

    @staticmethod
    def forward(ctx, a, b):
        result = _float_result(np.copysign(float_values(a), value_of(b)), a, b)
        ctx.save_for_backward(a, result)
        return result

    @staticmethod
    def backward(ctx, grad):
        grad_a = None
        if ctx.needs_input_grad[0]:  # ±1: result / a, 0 where a is 0 (PyTorch's)
            a, result = ctx.saved_tensors
            nonzero = a._data != 0
            grad_a = grad * (result / a.where(nonzero, 1.0)).where(nonzero, 0.0)
        grad_b = zero_gradient(grad) if ctx.needs_input_grad[1] else None
        return grad_a, grad_b


class CopysignNumber(Copysign):
    """copysign(a, number)."""

    backward_name = "CopysignBackward1"


def copysign(a, b):
    """|a| with the sign of b, elementwise (b a tensor or a number)."""
    if isinstance(b, Tensor):
        check_broadcast(a, b)
        return Copysign.apply(a, b)
    return CopysignNumber.apply(a, number_arg(b, "copysign", "other"))


def float_power(a, exponent):
    """a ** exponent computed in float64 (the result is float64), as
    `a.double() ** exponent.double()`: PyTorch records the same nodes
    (ToCopyBackward0 below PowBackward0, 1 or 2). Either may be a number."""
    if not isinstance(a, Tensor) and not isinstance(exponent, Tensor):
        tensor_arg(exponent, "float_power", "exponent", 2)
    if isinstance(exponent, Tensor):
        exponent = exponent.double()
    else:
        exponent = number_arg(exponent, "float_power", "exponent")
    if isinstance(a, Tensor):
        return a.double() ** exponent
    return float(number_arg(a, "float_power", "self")) ** exponent


class NotImplemented(rounding.NotImplemented):  # PyTorch's node name
    """The node of heaviside, which PyTorch does not differentiate."""

    op = "heaviside"

    def backward(self, grad):
        raise RuntimeError(
            "derivative for aten::heaviside is not implemented (a step function: "
            ".detach() its input, or use a smooth step such as sigmoid(k * x))"
        )


def heaviside(a, values):
    """0 where a < 0, 1 where a > 0, and `values` where a == 0 (not
    differentiable: PyTorch records a NotImplemented node)."""
    _both_tensors(a, values, "heaviside")
    if a._data.dtype != values._data.dtype:
        raise RuntimeError(
            "heaviside is not yet implemented for tensors with different dtypes. "
            f"(got {a.dtype} and {values.dtype}: convert one with .to(...))"
        )
    x = a._data
    value = np.asarray(np.where(x == 0, values._data, x > 0), dtype=x.dtype)
    return record(NotImplemented, value, (a, values))


# ----- bitwise operations (integers and bools; no gradient) -------------------------


def _bitwise_dtype(name, *operands):
    dtype = result_type(*operands)
    if dtype.kind == "f":
        raise NotImplementedError(
            f"\"{name}_cpu\" not implemented for '{scalar_type_name(dtype)}' "
            "(bitwise operations take integer or bool tensors; for masks of "
            "floats compare first, e.g. (x > 0) & (y > 0))"
        )
    return dtype


def _bitwise(ufunc, name, a, b):
    b = _bitwise_operand(b, name)
    dtype = _bitwise_dtype(name, a, b)
    check_broadcast(a, b)
    # (a Python int out of the dtype's range wraps into it, as PyTorch's)
    result = ufunc(np.asarray(value_of(a)).astype(dtype), wrap_int(value_of(b), dtype))
    return Tensor._make(np.asarray(result, dtype=dtype))


def bitwise_and(a, b):
    """a & b bit by bit (for bools: logical and)."""
    return _bitwise(np.bitwise_and, "bitwise_and", a, b)


def bitwise_or(a, b):
    """a | b bit by bit (for bools: logical or)."""
    return _bitwise(np.bitwise_or, "bitwise_or", a, b)


def bitwise_xor(a, b):
    """a ^ b bit by bit (for bools: logical xor)."""
    return _bitwise(np.bitwise_xor, "bitwise_xor", a, b)


def _bitwise_operand(x, name):
    """A tensor as it is, a numpy array as a tensor (PyTorch takes one as a
    tensor operand), anything else as the number it must be."""
    if isinstance(x, Tensor):
        return x
    if isinstance(x, np.ndarray):
        return Tensor._make(np.asarray(x))
    return number_arg(x, name, "other")


def shift(a, b, left):
    """a << b (`left`) or a >> b bit by bit, for integer tensors (either
    operand may be a number).

    A count that is negative, or not less than the bits of the dtype, shifts
    every bit out: 0, or -1 for a negative value shifted right, as PyTorch
    gives (numpy's answer there depends on the machine).

    Example:
        >>> shift(minigrad.tensor([1, -8]), 2, left=True)
        tensor([  4, -32])
    """
    name = "lshift" if left else "rshift"
    a, b = _bitwise_operand(a, name), _bitwise_operand(b, name)
    dtype = _bitwise_dtype(name, a, b)
    if dtype.kind == "b":  # (PyTorch shifts integers only)
        raise NotImplementedError(
            f"\"{name}_cpu\" not implemented for 'Bool' (convert with .long())"
        )
    check_broadcast(a, b)
    x = np.asarray(value_of(a)).astype(dtype)
    count = np.asarray(value_of(b)).astype(dtype)
    outside = (count < 0) | (count >= 8 * dtype.itemsize)
    count = np.where(outside, 0, count)
    if left:
        result = np.where(outside, 0, np.left_shift(x, count))
    else:
        result = np.where(outside, np.where(x < 0, -1, 0), np.right_shift(x, count))
    return Tensor._make(np.asarray(result, dtype=dtype))


def bitwise_not(a):
    """~a bit by bit (for bools: logical not)."""
    _bitwise_dtype("bitwise_not", a)
    return Tensor._make(np.asarray(np.invert(a._data)))


# ----- random fills -----------------------------------------------------------------


def _continuous(tensor, name, distribution):
    if tensor._data.dtype.kind != "f":
        raise RuntimeError(
            f"{distribution} distribution is a continuous probability distribution. "
            f"dtype must be a floating point but you specified "
            f"{scalar_type_name(tensor._data.dtype)} (call .float() first)"
        )


def _positive(value, name, what):
    if not value > 0:
        raise RuntimeError(f"{name} expects {what} > 0.0, but found {what}={value}")


def exponential_(tensor, lambd):
    """Fill `tensor` with draws of the exponential distribution of rate lambd."""
    _positive(lambd, "exponential_", "lambda")
    _continuous(tensor, "exponential_", "Exponential")
    return tensor._fill_random(lambda g, size: g.exponential(1.0 / lambd, size))


def geometric_(tensor, p):
    """Fill `tensor` with the number of trials up to the first success (1, 2, ...)."""
    if not 0 < p < 1:
        raise RuntimeError(f"geometric_ expects p to be in (0, 1), but got p={p}")
    return tensor._fill_random(lambda g, size: g.geometric(p, size))


def log_normal_(tensor, mean, std):
    """Fill `tensor` with e^N(mean, std²)."""
    _positive(std, "log_normal_", "std")
    if tensor._data.dtype.kind != "f":
        raise NotImplementedError(
            f'"log_normal_cpu" not implemented for '
            f"'{scalar_type_name(tensor._data.dtype)}' (call .float() first)"
        )
    return tensor._fill_random(lambda g, size: g.lognormal(mean, std, size))


def cauchy_(tensor, median, sigma):
    """Fill `tensor` with draws of the Cauchy distribution."""
    _positive(sigma, "cauchy_", "sigma")
    _continuous(tensor, "cauchy_", "Cauchy")
    return tensor._fill_random(lambda g, size: median + sigma * g.standard_cauchy(size))


def _largest_random(dtype):
    """The top of `random_()`'s range: every integer a dtype holds exactly."""
    if dtype.kind == "b":
        return 1
    if dtype.kind == "f":
        return 2 ** (np.finfo(dtype).nmant + 1)  # (2^24 for float32, as PyTorch)
    return int(np.iinfo(dtype).max)


def random_(tensor, start=0, end=None):
    """Fill `tensor` with whole numbers drawn uniformly from [start, end)
    (`random_(end)`, or `random_()` for [0, the largest exact integer])."""
    start = int_arg(start, "random_", "from", 1)
    if end is not None:
        end = int_arg(end, "random_", "to", 2)
    dtype = tensor._data.dtype
    if end is None:
        top = _largest_random(dtype) + 1  # (inclusive, as PyTorch)
    else:
        top = end
    if start >= top:
        raise RuntimeError(
            f"random_ expects 'from' to be less than 'to', but got from={start} >= "
            f"to={top}"
        )
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        if not info.min <= start <= info.max:
            raise RuntimeError(
                f"from is out of bounds for {scalar_type_name(dtype)} (it holds "
                f"{info.min} to {info.max})"
            )
        if not info.min <= top - 1 <= info.max:
            raise RuntimeError(
                f"to - 1 is out of bounds for {scalar_type_name(dtype)} (it holds "
                f"{info.min} to {info.max})"
            )
    return tensor._fill_random(
        lambda g, size: g.integers(start, top - 1, size, endpoint=True)
    )
