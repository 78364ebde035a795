"""Arithmetic: a * b, a + b, a - b, a / b, a ** b, -a.

Each op is a function that computes on numpy values and calls `record`, next
to its node class, whose `backward` says how the gradient flows back. A
backward is written with operators numpy arrays and tensors share (`grad *
b`), so one formula serves an ordinary backward (arrays) and a recorded one
(`create_graph=True`). Either operand may be a plain number (`_number` takes
it); it gets a `None` entry in `next_functions`, as in PyTorch.
"""

import operator

import numpy as np

from ..autograd.function import Function, Node, record, record_binary, wrap
from ..autograd.grad_mode import is_recording
from ..tensor import Tensor
from ._util import check_broadcast, promote, result_type, value_of, zero_gradient

# ----- a * b ---------------------------------------------------------------------


def mul(a, b):
    """a * b (`Tensor.__mul__`) of a tensor `a` and a tensor or number `b`: the
    hot path of every multiplication, so `_binary`'s work is written out (a
    plain number through `_number`, then PyTorch's dtype)."""
    b_is_tensor = isinstance(b, Tensor)
    if not b_is_tensor and type(b) is not float and type(b) is not int:
        b = _number(b, operator.mul, a, b)  # (other operands: see `_number`)
    try:
        value = a._data * (b._data if b_is_tensor else b)
    except (ValueError, OverflowError):  # (shapes; an int out of range: wrapped)
        value = _binary(operator.mul, a, b)
    if type(value) is not _F32_SCALAR or type(a._data) is not _F32_SCALAR:
        value = promote(value, a, b)  # (a float32 scalar of 0-d float32s is right)
    b_needs_grad = b_is_tensor and b._requires_grad
    if not (is_recording() and (a._requires_grad or b_needs_grad)):
        return wrap(value)
    # Each operand is saved only if the other needs a gradient (`record`, unrolled).
    return record_binary(MulBackward0, value, a, b, b_needs_grad, a._requires_grad)


class MulBackward0(Node):
    """Each operand's gradient is the other operand times the incoming one."""

    formula = "d(a*b)/da = b,  d(a*b)/db = a"

    def backward(self, grad):
        a, b = self.saved(isinstance(grad, Tensor))
        (need_a, _), (need_b, _) = self.next_functions  # (None: no gradient)
        return (grad * b if need_a else None), (grad * a if need_b else None)


# ----- read next: minigrad/autograd/function.py (how `record` records; the
# rest of this file, the other ops and the helpers, is for later) -------------


# ----- helpers: operands, dtypes ------------------------------------------------


_F32 = np.dtype(np.float32)
_F32_SCALAR = np.float32  # (a module global: `np.float32` costs two lookups per op)


def _binary(operation, a, b):
    """`operation` (`operator.mul`, ...) of two operands (tensors or plain
    numbers), with PyTorch's result dtype (`promote`) and shape errors.

    Python's operators, not numpy's ufuncs: on numpy scalars (0-d results)
    `x * y` is 8x quicker than `np.multiply(x, y)`, on arrays it is the same.

    Shapes that don't broadcast get PyTorch's message; they are checked only
    once numpy has refused them, because for small tensors the check costs
    more than the maths.
    """
    try:
        value = operation(
            a._data if isinstance(a, Tensor) else _number(a, operation, a, b),
            b._data if isinstance(b, Tensor) else _number(b, operation, a, b),
        )
    except ValueError:
        check_broadcast(a, b)
        raise
    except OverflowError:
        # A Python int out of an integer tensor's range (`uint8 + 256`):
        # numpy refuses it, PyTorch wraps it into the dtype (`wrap_int`).
        wrapped = wrap_operands(a, b)
        if wrapped == (a, b):
            raise
        return _binary(operation, *wrapped)
    # A float32 scalar (the usual 0-d result) from a float32 tensor `a` has
    # PyTorch's dtype whatever `b` was; told apart quicker than `promote` can.
    if type(value) is _F32_SCALAR and isinstance(a, Tensor) and a._data.dtype is _F32:
        return value
    return promote(value, a, b)


from numbers import Complex, Real  # noqa: E402 (only _number needs them)

from ._util import wrap_int, wrap_operands  # noqa: E402 (ints out of range)


def _number(value, operation, a, b):
    """A plain operand (a number, a numpy value) as numpy takes it: the one
    place where operands that are not tensors enter arithmetic.

    A Python list or tuple is refused, as in PyTorch: numpy would take it as
    data, but `x * [1, 2]` could mean a shape, a repetition or data. A string,
    None or another object gets Python's TypeError naming the types (numpy's
    would talk about ufunc loops), and a complex number is refused: minigrad
    has no complex dtype, and numpy would quietly drop the imaginary part.
    A numpy scalar is taken as the Python number it holds.
    """
    kind = type(value)
    if kind is int or kind is float:  # the usual case, first
        return value
    if isinstance(value, np.ndarray):
        accepted = value.dtype.kind in "biuf"
        if accepted:
            _refuse_array_with_grad(a, b)
    else:
        accepted = isinstance(value, (Real, np.bool_)) and not isinstance(
            value, (list, tuple)
        )
    if accepted:
        # A numpy scalar (np.mean's float64) counts as the plain number it holds,
        # as in PyTorch: numpy would make `grad * np.float64(2)` float64 in
        # backward, where PyTorch's gradient keeps the input's dtype.
        return value.item() if isinstance(value, np.generic) else value
    symbol = _SYMBOLS.get(operation, operation.__name__)
    if isinstance(value, (list, tuple)):
        raise TypeError(
            f"unsupported operand type(s) for {symbol}: '{type(a).__name__}' and "
            f"'{type(b).__name__}'. To compute with the values, make a tensor "
            "first: minigrad.tensor([...])"
        )
    if isinstance(value, (Complex, np.ndarray)):
        raise TypeError(
            f"minigrad has no complex (or text) dtype, so it cannot compute "
            f"{symbol} with {value!r}; use real numbers (e.g. its .real part)"
        )
    raise TypeError(
        f"unsupported operand type(s) for {symbol}: '{type(a).__name__}' and "
        f"'{type(b).__name__}'"
    )


def _refuse_array_with_grad(a, b):
    """`x * array` where x requires grad: PyTorch hands the operation to
    numpy, which reads x with `x.numpy()`, and that refuses (a gradient
    could not flow back through numpy)."""
    for x in (a, b):
        if isinstance(x, Tensor) and x._requires_grad:
            raise RuntimeError(
                "Can't call numpy() on Tensor that requires grad. Use "
                "tensor.detach().numpy() instead. (Computing with a numpy array "
                "goes through numpy; to keep the gradient make the array a "
                "tensor first: minigrad.tensor(array).)"
            )


_SYMBOLS = {
    operator.add: "+",
    operator.sub: "-",
    operator.mul: "*",
    operator.truediv: "/",
    operator.pow: "**",
    operator.matmul: "@",
}


def _requires_grad(x):
    return isinstance(x, Tensor) and x._requires_grad


def _needs(node):
    """Which two inputs of `node` need a gradient: (bool, bool)."""
    (a, _), (b, _) = node.next_functions
    return a is not None, b is not None


# ----- a + b, a - b ---------------------------------------------------------------


def add(a, b, alpha=1):
    """a + alpha * b (`Tensor.__add__`, `Tensor.add`); b may be a number."""
    if alpha == 1:  # (the hot path: `_binary` written out, as in `mul`)
        b_is_tensor = isinstance(b, Tensor)
        try:
            value = a._data + (
                b._data if b_is_tensor else _number(b, operator.add, a, b)
            )
        except (ValueError, OverflowError):  # (as in `mul`: `_binary` sees to both)
            value = _binary(operator.add, a, b)
        if type(value) is not _F32_SCALAR or type(a._data) is not _F32_SCALAR:
            value = promote(value, a, b)
        b_needs_grad = b_is_tensor and b._requires_grad
        if not (is_recording() and (a._requires_grad or b_needs_grad)):
            return wrap(value)
        return record_binary(AddBackward0, value, a, b)
    check_broadcast(a, b)
    alpha = _check_alpha(alpha, a, b, "add")
    value = promote(value_of(a) + _scaled(a, b, alpha), a, b)
    return record(AddBackward0, value, (a, b), alpha=alpha)


from .._check import checked_scalar, number_arg  # noqa: E402 (for _check_alpha)


def _check_alpha(alpha, a, b, function):
    """`alpha` as a Python number, checked as PyTorch checks it: a Number (a
    0-d tensor gives its value), never complex, a bool only for a bool
    result, and no float for an integer result (numpy would compute in
    floats, and the result would be rounded back or made float)."""
    alpha = number_arg(alpha, function, "alpha")
    kind = result_type(a, b).kind
    if isinstance(alpha, (float, complex)) and kind in "biu":
        raise RuntimeError(
            "For integral input tensors, argument alpha must not be a floating "
            f"point number (in {function}(); convert the tensors with .float())."
        )
    if isinstance(alpha, complex):
        raise RuntimeError(
            "For non-complex input tensors, argument alpha must not be a complex "
            f"number (in {function}(); minigrad's tensors are real)."
        )
    if isinstance(alpha, bool) and kind != "b":
        raise RuntimeError(
            f"Boolean alpha only supported for Boolean results (in {function}(); "
            "use alpha=1 or alpha=0)."
        )
    if kind in "iuf" and not isinstance(alpha, bool):
        checked_scalar(alpha, result_type(a, b))  # (300 for uint8: RuntimeError)
    return alpha


def _scaled(a, b, alpha):
    """alpha * b for `add` and `sub`, computed in the result's integer dtype
    as PyTorch does (a Python int wraps around: `wrap_int`)."""
    dtype = result_type(a, b)
    if isinstance(b, Tensor):
        return b._data * wrap_int(alpha, dtype)  # (uint8: alpha=-1 is 255)
    if type(b) is int:
        return wrap_int(b * alpha, dtype)
    return value_of(b) * alpha


class AddBackward0(Node):
    """The gradient passes through unchanged (times alpha to b)."""

    formula = "d(a+b)/da = 1,  d(a+b)/db = 1"
    alpha = 1

    def backward(self, grad):
        if self.alpha == 1:
            return grad, grad
        return grad, grad * self.alpha


def sub(a, b, alpha=1):
    """a - alpha * b (`Tensor.__sub__`, `Tensor.sub`); b may be a number."""
    if a._data.dtype.kind == "b" or type(b) is bool or _is_bool_tensor(b):
        _refuse_bool_subtraction(a, b)
    if alpha == 1:
        value = _binary(operator.sub, a, b)
        if not (is_recording() and (a._requires_grad or _requires_grad(b))):
            return wrap(value)
        return record_binary(SubBackward0, value, a, b)
    check_broadcast(a, b)
    alpha = _check_alpha(alpha, a, b, "sub")
    value = promote(value_of(a) - _scaled(a, b, alpha), a, b)
    return record(SubBackward0, value, (a, b), alpha=alpha)


def _is_bool_tensor(x):
    return isinstance(x, Tensor) and x._data.dtype.kind == "b"


def _refuse_bool_subtraction(a, b):
    """`-` with a bool operand: PyTorch refuses it (numpy takes True as 1,
    or refuses two bools with a TypeError of its own)."""
    bools = sum(type(x) is bool or _is_bool_tensor(x) for x in (a, b))
    if bools == 2:
        raise RuntimeError(
            "Subtraction, the `-` operator, with two bool tensors is not supported. "
            "Use the `^` or `logical_xor()` operator instead."
        )
    raise RuntimeError(
        "Subtraction, the `-` operator, with a bool tensor is not supported. If you "
        "are trying to invert a mask, use the `~` or `logical_not()` operator "
        "instead (or convert with .float() to subtract numbers)."
    )


class SubBackward0(Node):
    """The gradient passes to a, negated (times alpha) to b."""

    formula = "d(a-b)/da = 1,  d(a-b)/db = -1"
    alpha = 1

    def backward(self, grad):
        if self.next_functions[1][0] is None:
            return grad, None
        return grad, (-grad if self.alpha == 1 else grad * -self.alpha)


def rsub(a, number):
    """number - a (`2 - x`): PyTorch records RsubBackward1, with one edge."""
    if a._data.dtype.kind == "b" or type(number) is bool:
        _refuse_bool_subtraction(number, a)
    number = wrap_int(_number(number, operator.sub, number, a), a._data.dtype)
    return record(RsubBackward1, promote(number - a._data, a), (a,))


class RsubBackward1(Node):
    formula = "d(c-a)/da = -1"

    def backward(self, grad):
        return (-grad,)


# ----- a / b, -a --------------------------------------------------------------


def div(a, b):
    """a / b (`Tensor.__truediv__`); either may be a number, not both."""
    if not isinstance(a, Tensor):  # (kept as numpy takes it, for backward too)
        a = _number(a, operator.truediv, a, b)
    elif not isinstance(b, Tensor):
        b = _number(b, operator.truediv, a, b)
    if isinstance(b, (int, float)) and b != 0:
        value = _binary(operator.truediv, a, b)  # no 0/0 or x/0 to silence
    else:
        # As in PyTorch, x/0 is inf and 0/0 is nan, without a warning.
        with np.errstate(divide="ignore", invalid="ignore"):
            value = _binary(operator.truediv, a, b)
    if not (is_recording() and (_requires_grad(a) or _requires_grad(b))):
        return wrap(value)
    return record_binary(DivBackward0, value, a, b, _requires_grad(b), True)


class DivBackward0(Node):
    formula = "d(a/b)/da = 1/b,  d(a/b)/db = -a/b²"

    def backward(self, grad):
        a, b = self.saved(isinstance(grad, Tensor))
        need_a, need_b = _needs(self)
        grad_a = grad / b if need_a else None
        # a / b / b, not a / (b * b): b * b underflows to 0 for b = 1e-30
        # (float32), which would make the gradient inf where PyTorch's is finite.
        grad_b = -grad * (a / b / b) if need_b else None
        return grad_a, grad_b


def neg(a):
    """-a (`Tensor.__neg__`)."""
    return record(NegBackward0, -a._data, (a,))


class NegBackward0(Node):
    formula = "d(-a)/da = -1"

    def backward(self, grad):
        return (-grad,)


# ----- a ** p ------------------------------------------------------------------


from ..autograd.function import record_unary  # noqa: E402 (only pow needs it)


def pow(a, exponent):  # noqa: A001 - the op's name, as torch.pow
    """a ** p for a tensor a and a number p (`Tensor.__pow__`)."""
    if type(exponent) is not int and type(exponent) is not float:
        exponent = _number(exponent, operator.pow, a, exponent)  # (see `mul`)
    if isinstance(exponent, int) and exponent >= 0:
        if a._data.dtype.kind in "iu":
            checked_scalar(exponent, a._data.dtype)  # (PyTorch: int8 ** 300 raises)
        value = a._data**exponent  # nothing to silence
    else:
        if isinstance(exponent, int) and a._data.dtype.kind in "iu":
            raise RuntimeError(  # (numpy raises a ValueError)
                "Integers to negative integer powers are not allowed. (Make the "
                "base a float, e.g. x.float() ** -1.)"
            )
        # As in PyTorch, 0 ** -1 is inf and (-1) ** 0.5 is nan, without a warning.
        with np.errstate(divide="ignore", invalid="ignore"):
            value = a._data**exponent
    if value.dtype is not a._data.dtype:  # (`promote`'s own first check)
        # (an array exponent counts: numpy's dtype, as PyTorch leaves it)
        array = type(exponent) is np.ndarray
        value = promote(value, a, exponent) if array else promote(value, a)
    out = record_unary(PowBackward0, value, a, a)
    if out.grad_fn is not None:  # (the node's setting: `record`'s **notes)
        out.grad_fn.exponent = exponent
    return out


class PowBackward0(Node):
    formula = "d(a**p)/da = p * a**(p-1)"

    def backward(self, grad):
        (a,) = self.saved(isinstance(grad, Tensor))
        p = self.exponent
        if p == 0:  # zeros, as PyTorch, even for an inf or nan gradient
            return (zero_gradient(grad),)
        # (PyTorch's order of operations, so float32 rounds as it does)
        if isinstance(p, int) and p >= 1:
            return (grad * (p * a ** (p - 1)),)
        with np.errstate(divide="ignore", invalid="ignore"):
            return (grad * (p * a ** (p - 1)),)


def _power(base, exponent):
    """np.power, but integers to negative integer powers as PyTorch takes them
    (numpy raises): 1 for base 1, ±1 for base -1, 0 for every other base."""
    base, exponent = np.asarray(base), np.asarray(exponent)
    integers = base.dtype.kind in "iub" and exponent.dtype.kind in "iub"
    if not integers or not (exponent < 0).any():
        return np.power(base, exponent)
    negative = exponent < 0
    whole = np.power(base, np.where(negative, 0, exponent))
    odd = (exponent % 2).astype(bool)
    small = np.where(base == 1, 1, np.where(base == -1, np.where(odd, -1, 1), 0))
    return np.where(negative, small, whole).astype(whole.dtype)


class PowTensor(Function):
    """a ** b where the exponent b is a tensor (a is a tensor too)."""

    backward_name = "PowBackward1"
    formula = "d(a**b)/da = b * a**(b-1),  d(a**b)/db = a**b * ln(a)"

    @staticmethod
    def forward(ctx, a, b):
        check_broadcast(a, b)
        with np.errstate(divide="ignore", invalid="ignore"):
            result = promote(_power(a._data, b._data), a, b)
        ctx.save_for_backward(a, b, result)
        return result

    @staticmethod
    def backward(ctx, grad):
        a, b, result = ctx.saved_tensors
        grad_a = None
        if ctx.needs_input_grad[0]:
            # Where b == 0, a ** b is 1 for every a: the derivative along a is
            # 0, even at a == 0 where b * a ** (b - 1) is 0 * inf (PyTorch
            # masks it too). Exponent 0 there keeps numpy from warning.
            nonzero = b._data != 0
            local = b * a ** (b - 1).where(nonzero, 0.0)
            grad_a = grad * local.where(nonzero, 0.0)
        grad_b = None
        if ctx.needs_input_grad[1]:
            # a ** b * ln(a), as PyTorch: nan for a negative base (no real
            # log), -inf at a == 0 with b < 0; where a == 0 and b >= 0 PyTorch
            # takes it as 0 (a ** b is 0, or 1 at b == 0, whatever b does).
            flat = (a._data == 0) & (b._data >= 0)
            with np.errstate(divide="ignore", invalid="ignore"):
                grad_b = grad * (result * a.log()).where(~flat, 0.0)
        return grad_a, grad_b


class PowScalarBase(Function):
    """c ** b for a number c and a tensor exponent b (`2 ** x`)."""

    backward_name = "PowBackward2"
    formula = "d(c**b)/db = c**b * ln(c)"

    @staticmethod
    def forward(ctx, b, base):
        base = _number(base, operator.pow, base, b)
        with np.errstate(divide="ignore", invalid="ignore"):
            result = promote(_power(base, b._data), b)
        ctx.base = base
        ctx.save_for_backward(result)
        return result

    @staticmethod
    def backward(ctx, grad):
        (result,) = ctx.saved_tensors
        # With base 0 the derivative along b is taken as 0, as in PyTorch; a
        # negative base has no real log: nan, as in PyTorch.
        log_base = float(np.log(ctx.base)) if ctx.base > 0 else 0.0
        if ctx.base < 0:
            log_base = float("nan")
        return grad * result * log_base
