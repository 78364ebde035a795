"""Data types: the dtypes minigrad knows, named as PyTorch names them.

A `dtype` wraps a numpy dtype so that `minigrad.float32` prints as
`minigrad.float32` (PyTorch prints `torch.float32`). Read `tensor.py` next.
"""

import builtins
import numbers

import numpy as np


class dtype:
    """A tensor element type, such as `minigrad.float32`.

    Args:
        name: the short name, e.g. "float32".
        numpy_dtype: the numpy dtype that stores the elements.
    """

    def __init__(self, name, numpy_dtype):
        self.name = name
        self.numpy = np.dtype(numpy_dtype)
        self.is_floating_point = self.numpy.kind == "f"
        self.is_signed = self.numpy.kind in "fi"
        self.itemsize = self.numpy.itemsize

    def __repr__(self):
        return f"minigrad.{self.name}"


float32 = dtype("float32", np.float32)
float64 = dtype("float64", np.float64)
int64 = dtype("int64", np.int64)
bool = dtype("bool", np.bool_)  # noqa: A001 - PyTorch's name for the bool dtype
# The narrower ones numpy can store. float16 computes as numpy does (in
# float16); PyTorch's bfloat16 and complex dtypes have no numpy twin here.
float16 = dtype("float16", np.float16)
int32 = dtype("int32", np.int32)
int16 = dtype("int16", np.int16)
int8 = dtype("int8", np.int8)
uint8 = dtype("uint8", np.uint8)

# Aliases PyTorch users write (as in PyTorch, `int` is int32, `long` int64).
float = float32  # noqa: A001
double = float64
half = float16
long = int64
int = int32  # noqa: A001
short = int16

_BY_NUMPY = {
    d.numpy: d
    for d in (float32, float64, int64, bool, float16, int32, int16, int8, uint8)
}


# PyTorch's C++ names for the scalar types, which its error messages print
# ("found Float and Double"); its older tensor-type names add "Tensor"
# (`Tensor.type()`, "[torch.FloatTensor [2]]").
_SCALAR_TYPES = {
    "float32": "Float",
    "float64": "Double",
    "float16": "Half",
    "int64": "Long",
    "int32": "Int",
    "int16": "Short",
    "int8": "Char",
    "uint8": "Byte",
    "bool": "Bool",
}


def scalar_type_name(d):
    """PyTorch's name for the scalar type of `d` (a minigrad or numpy dtype),
    as its error messages print it, e.g. "Float" for float32."""
    name = d.name if isinstance(d, dtype) else from_numpy_dtype(d).name
    return _SCALAR_TYPES[name]


def tensor_type_name(d):
    """The tensor type's name as PyTorch's messages print it, e.g.
    "minigrad.FloatTensor" for float32 data (PyTorch: "torch.FloatTensor")."""
    return f"minigrad.{scalar_type_name(d)}Tensor"


def from_tensor_type_name(name):
    """The dtype of a type name such as "minigrad.LongTensor" (or "torch.…")."""
    prefix, _, short = name.rpartition(".")
    if prefix in ("minigrad", "torch"):
        for dtype_name, scalar in _SCALAR_TYPES.items():
            if short == f"{scalar}Tensor":
                return globals()[dtype_name]
    raise ValueError(f"invalid type: '{name}'")


def from_numpy_dtype(numpy_dtype):
    """The minigrad dtype that stores numpy's `numpy_dtype` (raises if none does)."""
    try:
        return _BY_NUMPY[np.dtype(numpy_dtype)]
    except KeyError:
        raise TypeError(
            f"minigrad has no dtype for numpy's {np.dtype(numpy_dtype)}; "
            "use float32, float64, float16, int64, int32, int16, int8, uint8 "
            "or bool"
        ) from None


def to_numpy_dtype(d):
    """The numpy dtype for a `dtype=` argument: a minigrad dtype, or (as PyTorch
    allows) the Python types float, int and bool (float64, int64, bool).

    A numpy dtype or a string such as "float32" is refused, as in PyTorch.
    """
    if isinstance(d, dtype):
        return d.numpy
    if any(d is t for t in (builtins.float, builtins.int, builtins.bool)):
        return from_numpy_dtype(d).numpy
    raise TypeError(
        f"argument 'dtype' must be minigrad.dtype, not {type(d).__name__} "
        f"(got {d!r}; use e.g. minigrad.float32)"
    )


def storage_dtype(numpy_dtype):
    """The numpy dtype minigrad stores data of `numpy_dtype` in.

    A dtype minigrad has is kept (as `torch.tensor(array)` keeps it); other
    floats become float64 (or float32 if narrower), other integers int64.
    """
    if np.dtype(numpy_dtype) in _BY_NUMPY:
        return np.dtype(numpy_dtype)
    kind = np.dtype(numpy_dtype).kind
    if kind == "f":
        return (
            np.dtype(np.float64)
            if np.dtype(numpy_dtype).itemsize >= 8
            else np.dtype(np.float32)
        )
    if kind in "iu":
        return np.dtype(np.int64)
    if kind == "b":
        return np.dtype(np.bool_)
    raise TypeError(
        f"can't make a tensor from data of numpy dtype {np.dtype(numpy_dtype)}; "
        "only numbers and booleans are supported"
    )


def check_fits(values, numpy_dtype):
    """Refuse `values` (a numpy array) that the integer `numpy_dtype` can't
    hold, as PyTorch refuses them (RuntimeError) instead of wrapping around.

    nan, inf and floats out of range never fit (255.5 doesn't fit uint8).
    Ints out of range don't either, except that an unsigned dtype takes
    negative ints down to -max as C does (-1 becomes 255 in uint8). Float and
    bool dtypes take anything (a float too big becomes inf).
    """
    numpy_dtype = np.dtype(numpy_dtype)
    if numpy_dtype.kind not in "iu" or values.size == 0:
        return
    info = np.iinfo(numpy_dtype)
    from_ints = values.dtype.kind != "f"
    low = -info.max if numpy_dtype.kind == "u" and from_ints else info.min
    with np.errstate(invalid="ignore"):
        fits = (values >= low) & (values <= info.max)  # (nan: False)
    if not fits.all():
        bad = np.ravel(values)[~np.ravel(fits)].tolist()[0]
        raise RuntimeError(
            f"value cannot be converted to type {numpy_dtype} without overflow "
            f"(got {bad!r}; choose a wider dtype, or a float dtype)"
        )


# ----- machine limits: finfo and iinfo ------------------------------------------


class finfo:  # noqa: N801 (PyTorch's name)
    """The limits of a float dtype, as Python floats: `eps` (the gap after
    1.0), `max`, `min`, `tiny` (= `smallest_normal`), `resolution`, `bits`;
    e.g. `minigrad.finfo(minigrad.float32).eps` for a safe division."""

    def __init__(self, type=None):  # noqa: A002 (PyTorch's argument name)
        if type is None:
            from ._settings import get_default_dtype

            type = get_default_dtype()
        _check_info_dtype(type, "finfo", "f", "a floating point", "iinfo")
        info = np.finfo(type.numpy)
        self.bits = info.bits
        self.eps = builtins.float(info.eps)
        self.max, self.min = builtins.float(info.max), builtins.float(info.min)
        self.tiny = self.smallest_normal = builtins.float(info.smallest_normal)
        self.resolution = 10.0**-info.precision  # (numpy rounds it to the dtype)
        self.dtype = type.name

    def __repr__(self):
        return (
            f"finfo(resolution={self.resolution:g}, min={self.min:g}, "
            f"max={self.max:g}, eps={self.eps:g}, smallest_normal="
            f"{self.smallest_normal:g}, tiny={self.tiny:g}, dtype={self.dtype})"
        )


class iinfo:  # noqa: N801 (PyTorch's name)
    """The limits of an integer dtype, as Python ints: `max`, `min`, `bits`;
    e.g. `minigrad.iinfo(minigrad.uint8).max` is 255."""

    def __init__(self, type):  # noqa: A002 (PyTorch's argument name)
        _check_info_dtype(type, "iinfo", "iu", "an integer", "finfo")
        info = np.iinfo(type.numpy)
        self.bits = info.bits
        self.max, self.min = builtins.int(info.max), builtins.int(info.min)
        self.dtype = type.name

    def __repr__(self):
        return f"iinfo(min={self.min:g}, max={self.max:g}, dtype={self.dtype})"


def _check_info_dtype(value, name, kinds, kind_name, other):
    """finfo/iinfo take a minigrad dtype of their kind (PyTorch's TypeErrors)."""
    if not isinstance(value, dtype):
        raise TypeError(
            f"{name}(): argument 'type' (position 1) must be minigrad.dtype, not "
            f"{builtins.type(value).__name__} (e.g. minigrad.{name}(x.dtype))"
        )
    if value.numpy.kind not in kinds:
        raise TypeError(
            f"minigrad.{name}() requires {kind_name} input type. Use "
            f"minigrad.{other} to handle '{value!r}'"
        )


# ----- PyTorch's promotion rules as functions (written in ops/_util.py) -----


def _dtype_arg(value, function, name, position):
    """`value`, a minigrad dtype, or PyTorch's TypeError."""
    if not isinstance(value, dtype):
        raise TypeError(
            f"{function}(): argument '{name}' (position {position}) must be "
            f"minigrad.dtype, not {builtins.type(value).__name__}"
        )
    return value


def promote_types(type1, type2):
    """The smallest dtype both dtypes convert to without losing their kind.

    Example:
        >>> minigrad.promote_types(minigrad.int8, minigrad.uint8)
        minigrad.int16
    """
    from .ops import _util  # (here: the ops import tensor.py, which imports us)

    a = _dtype_arg(type1, "promote_types", "type1", 1)
    b = _dtype_arg(type2, "promote_types", "type2", 2)
    return from_numpy_dtype(_util.promote_types(a.numpy, b.numpy))


def can_cast(from_, to):
    """True if PyTorch casts `from_` to `to` implicitly (in-place ops and
    `out=`): never to a lower kind (float to integer, integer to bool).

    Example:
        >>> minigrad.can_cast(minigrad.float32, minigrad.int32)
        False
    """
    from .ops import _util

    source = _dtype_arg(from_, "can_cast", "from_", 1)
    target = _dtype_arg(to, "can_cast", "to", 2)
    category = _util.CATEGORY  # bool < integer < float
    return category[source.numpy.kind] <= category[target.numpy.kind]


def result_type(tensor, other):
    """The dtype of an elementwise op of two tensors or Python numbers: a
    tensor with dimensions outranks a 0-d tensor, which outranks a number,
    unless the lower one is of a higher kind (bool < integer < float).

    Example:
        >>> minigrad.result_type(minigrad.tensor([1, 2]), 1.0)
        minigrad.float32
    """
    from .ops import _util
    from .tensor import Tensor

    if not all(isinstance(x, (Tensor, numbers.Number)) for x in (tensor, other)):
        got = ", ".join(builtins.type(x).__name__ for x in (tensor, other))
        raise TypeError(
            f"result_type() received an invalid combination of arguments - got "
            f"({got}), but expected tensors or numbers"
        )
    return from_numpy_dtype(_util.result_type(tensor, other))
