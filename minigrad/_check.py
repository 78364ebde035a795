"""Argument checks shared by the public functions, with PyTorch's exceptions.

One helper per kind of argument (a tensor, a size, a count), so a wrong
argument is refused at the public call with a message naming the argument,
what was given and what is expected, never deep inside numpy.
"""

import math
import numbers

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
