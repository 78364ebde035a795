"""Argument checks shared by the public functions, with PyTorch's exceptions.

One helper per kind of argument (a tensor, a size, a count), so a wrong
argument is refused at the public call with a message naming the argument,
what was given and what is expected, never deep inside numpy.
"""

import math
import numbers
import warnings

import numpy as np

from .tensor import Tensor, _check_bool


def _type_name(value):
    """A value's type as PyTorch's messages name it: a type written in C by
    its full name (`numpy.ndarray`, `numpy.float64`), a builtin or a Python
    class by its own (`int`, `Tensor`)."""
    kind = type(value)
    if kind.__flags__ & _HEAP_TYPE or kind.__module__ == "builtins":
        return kind.__name__
    return f"{kind.__module__}.{kind.__name__}"


_HEAP_TYPE = 1 << 9  # (Py_TPFLAGS_HEAPTYPE: a class made by a class statement)


def tensor_arg(value, function, arg="input", position=1):
    """Refuse a non-tensor argument as PyTorch does (TypeError).

    Args:
        value: what the caller gave.
        function: the public function's name, e.g. "exp".
        arg, position: the argument's name and 1-based position.

    Returns:
        `value`, a Tensor.

    Example:
        >>> tensor_arg(3.0, "exp")  # doctest: +SKIP
        TypeError: exp(): argument 'input' (position 1) must be Tensor, not float
    """
    if not isinstance(value, Tensor):
        raise TypeError(
            f"{function}(): argument '{arg}' (position {position}) must be "
            f"Tensor, not {_type_name(value)}"
        )
    return value


# A flag (keepdim, unbiased, largest, sorted, descending, as_tuple, ...) must
# be a bool, as PyTorch's C++ functions insist: `keepdim="no"` would be read
# as True. Written in tensor.py (as `_check_bool`), where Tensor's own methods
# need it before this module can be imported; every check uses this one.
#
#     >>> bool_arg(1, "max", "keepdim")  # doctest: +SKIP
#     TypeError: max(): argument 'keepdim' must be bool, not int (got 1; ...)
bool_arg = _check_bool


def number_arg(value, function, arg):
    """A number argument (`alpha`, `beta`) as a Python number: a bool, an
    int, a float or a complex, a numpy scalar, or a 0-d tensor (its value), as
    PyTorch's `Number` takes; anything else (a string, None, a tensor with
    dimensions) is a TypeError.

    Example:
        >>> number_arg("2", "addmm", "alpha")  # doctest: +SKIP
        TypeError: addmm(): argument 'alpha' must be Number, not str
    """
    if isinstance(value, Tensor) and value.dim() == 0:
        return value.item()
    if not isinstance(value, numbers.Number):
        raise TypeError(
            f"{function}(): argument '{arg}' must be Number, not {_type_name(value)}"
        )
    return value.item() if hasattr(value, "item") else value


def int_arg(value, function, arg, position):
    """Refuse a non-integer count (a float, a string, None) with TypeError.

    Returns:
        `value` as an int.

    Example:
        >>> int_arg(2.5, "eye", "n", 1)  # doctest: +SKIP
        TypeError: eye(): argument 'n' (position 1) must be int, not float
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(
            f"{function}(): argument '{arg}' (position {position}) must be int, "
            f"not {_type_name(value)}"
        )
    return int(value)


def tensor_as_int(value):
    """A one-element integer tensor as its int, anything else as it is:
    PyTorch takes such a tensor as a size or a count (`zeros(x.argmax())`).

    Example:
        >>> tensor_as_int(minigrad.tensor(3))  # doctest: +SKIP
        3
    """
    if isinstance(value, Tensor) and value.numel() == 1:
        if value.dtype.numpy.kind in "iu":
            return int(value.item())
    return value


# The most elements a tensor may have: numpy refuses (with a ValueError, "array
# is too big") more than 2**63 bytes, and an element takes up to 8 bytes.
_MAX_ELEMENTS = 2**60


def size_arg(shape, function):
    """Check a shape for a factory function: ints (or one-element integer
    tensors), none negative, and not too many elements in all.

    Args:
        shape: the tuple made from the caller's size arguments.
        function: the factory's name, e.g. "zeros".

    Returns:
        The shape as a tuple of ints.

    Example:
        >>> size_arg((2, -1), "zeros")  # doctest: +SKIP
        RuntimeError: zeros(): Dimension size must be non-negative, got (2, -1)
    """
    shape = tuple(tensor_as_int(size) for size in shape)
    for size in shape:
        if isinstance(size, bool) or not isinstance(size, numbers.Integral):
            raise TypeError(
                f"{function}(): argument 'size' (position 1) must be tuple of "
                f"ints, not {_type_name(size)} (got {size!r})"
            )
    shape = tuple(int(size) for size in shape)
    if any(size < 0 for size in shape):
        raise RuntimeError(
            f"{function}(): Dimension size must be non-negative, got size {shape}"
        )
    if math.prod(size for size in shape if size) >= _MAX_ELEMENTS:
        raise RuntimeError(
            f"{function}(): Storage size calculation overflowed with sizes="
            f"{list(shape)}: numpy can't hold 2**60 elements or more (the "
            "product of the sizes other than 0)"
        )
    return shape


# ----- a Python number into a tensor's dtype ----------------------------------------

# The C type PyTorch's overflow message names for each dtype.
_C_TYPE_NAMES = {
    "uint8": "uint8_t",
    "int8": "int8_t",
    "int16": "int16_t",
    "int32": "int",
    "int64": "int64_t",
    "float16": "c10::Half",
    "float32": "float",
    "float64": "double",
    "bool": "bool",
}


def checked_scalar(value, numpy_dtype):
    """A Python number converted to `numpy_dtype` as PyTorch's checked
    conversion does (c10::checked_convert): where it would overflow, PyTorch's
    RuntimeError; else the value as a numpy scalar of that dtype.

    The rule (c10::overflows): an integer dtype takes the ints from its min to
    its max, except that an unsigned one also takes negative ints down to
    -max, which wrap around (two's complement: uint8 takes -255..255, and -1
    becomes 255); a float is truncated toward zero, and must lie between the
    dtype's lowest and max (so -0.5 does not fit uint8, 0.5 gives 0; nan and
    inf never fit). A float dtype takes inf and nan, and any finite value up
    to its max (1e5 does not fit float16). bool takes anything.

    Used wherever PyTorch checks a scalar against a tensor's dtype: fill_ and
    full, clamp's bounds, where, masked_fill, index_fill, scatter's value,
    F.pad's value, linspace, an alpha, an exponent, index assignment. (Plain
    arithmetic with a number wraps instead: `ops/_util.wrap_int`.)

    Args:
        value: a Python bool, int or float (or a numpy scalar).
        numpy_dtype: the numpy dtype to convert to.

    Example:
        >>> checked_scalar(-1, np.dtype(np.uint8))
        np.uint8(255)
        >>> checked_scalar(300, np.dtype(np.uint8))  # doctest: +SKIP
        RuntimeError: value cannot be converted to type uint8_t without overflow
    """
    numpy_dtype = np.dtype(numpy_dtype)
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool) or numpy_dtype.kind == "b":
        return numpy_dtype.type(value)
    if isinstance(value, numbers.Integral):
        value = int(value)
        if not -(2**63) <= value < 2**64:
            raise OverflowError(
                f"int too big to convert (got {value}: PyTorch's numbers hold 64 bits)"
            )
    if numpy_dtype.kind == "f":
        limit = float(np.finfo(numpy_dtype).max)
        number = float(value)
        if math.isfinite(number) and not -limit <= number <= limit:
            _overflow(value, numpy_dtype)
        with np.errstate(over="ignore"):
            return numpy_dtype.type(number)
    info = np.iinfo(numpy_dtype)
    if isinstance(value, int):
        low = -info.max if numpy_dtype.kind == "u" else info.min
        if not low <= value <= info.max:
            _overflow(value, numpy_dtype)
        if value < 0 and numpy_dtype.kind == "u":
            value += 2**info.bits  # (wraps around: -1 is 255 in uint8)
        return numpy_dtype.type(value)
    number = float(value)
    if not (math.isfinite(number) and info.min <= number <= info.max):
        _overflow(value, numpy_dtype)
    return numpy_dtype.type(math.trunc(number))


def _overflow(value, numpy_dtype):
    name = _C_TYPE_NAMES.get(numpy_dtype.name, numpy_dtype.name)
    if numpy_dtype.kind == "f":
        holds = f"up to ±{float(np.finfo(numpy_dtype).max):g}"
    else:
        info = np.iinfo(numpy_dtype)
        holds = f"{info.min}..{info.max}"
    raise RuntimeError(
        f"value cannot be converted to type {name} without overflow (got "
        f"{value!r}; {numpy_dtype.name} holds {holds}: convert the tensor to a "
        "wider dtype first, e.g. .long() or .float())"
    )


_warned_uint8_condition = []  # (PyTorch warns once per process: TORCH_WARN_ONCE)


def where_condition(condition):
    """`where`'s condition as a numpy bool mask. A uint8 tensor is taken as
    one (nonzero is True), with PyTorch's deprecation warning, once; any other
    dtype but bool is refused, as PyTorch refuses it.

    Example:
        >>> mask = minigrad.tensor([1, 0], dtype=minigrad.uint8)
        >>> where_condition(mask)  # doctest: +SKIP
        UserWarning: where received a uint8 condition tensor. ...
        array([ True, False])
    """
    mask = np.asarray(condition._data if isinstance(condition, Tensor) else condition)
    if mask.dtype == np.uint8:
        if not _warned_uint8_condition:
            _warned_uint8_condition.append(True)
            warnings.warn(
                "where received a uint8 condition tensor. This behavior is "
                "deprecated and will be removed in a future version of PyTorch. "
                "Use a boolean condition instead.",
                UserWarning,
                stacklevel=3,
            )
        return mask != 0
    if mask.dtype != np.bool_:
        from ._dtype import scalar_type_name

        raise RuntimeError(
            "where expected condition to be a boolean tensor, but got a tensor "
            f"with dtype {scalar_type_name(mask.dtype)}. Compare to make one, "
            "e.g. (mask > 0)."
        )
    return mask
