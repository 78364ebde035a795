"""Small helpers shared by the op modules: operands, result dtypes, dims."""

import numbers

import numpy as np

from .._check import _type_name
from .._dtype import scalar_type_name
from ..tensor import Tensor  # (tensor.py imports the ops at its end)


def zero_gradient(grad):
    """The gradient through a step function (floor, sign, round, ...): zeros of
    `grad`'s shape and dtype, as PyTorch's `zeros_like(grad)`. Not `grad * 0`,
    which is nan where the incoming gradient is inf or nan, and under
    create_graph would record a multiplication PyTorch does not have."""
    if isinstance(grad, Tensor):
        return Tensor._make(np.zeros_like(grad._data))
    return np.zeros_like(grad)


def float_input(tensor, function):
    """Refuse an integer or bool `tensor` where PyTorch has no kernel for one
    (softmax, leaky_relu, the losses, pooling to a size, batch norm): numpy
    would compute something, in float64 or rounded back to integers, where
    PyTorch raises this NotImplementedError. Returns `tensor`."""
    if tensor._data.dtype.kind != "f":
        kind = scalar_type_name(tensor._data.dtype)
        raise NotImplementedError(
            f"\"{function}\" not implemented for '{kind}' (convert the input "
            "with .float())"
        )
    return tensor


def value_of(x):
    """The numpy value of a tensor operand, or a plain number as it is.

    The one place where plain numbers enter an op: numpy computes with them
    directly, and `promote` gives the result PyTorch's dtype.
    """
    return x._data if isinstance(x, Tensor) else x


# (the old names, still used by the ops written as `Function`s)
raw = value_of


def keep(value, needed=True):
    """`value` if it is a tensor that backward needs, else None (numbers aren't)."""
    return value if needed and isinstance(value, Tensor) else None


# Categories of PyTorch's type promotion: a higher category always wins.
CATEGORY = {"b": 0, "u": 1, "i": 1, "f": 2}


def promote_types(a, b):
    """PyTorch's `promote_types` of two numpy dtypes: the higher category's
    dtype (float16 + int64 is float16, where numpy says float64); within a
    category the wider one, as numpy says (int8 + uint8 is int16)."""
    ca, cb = CATEGORY[a.kind], CATEGORY[b.kind]
    if ca != cb:
        return a if ca > cb else b
    return np.promote_types(a, b)


def _combine(higher, lower):
    """The dtype of two priority groups: `lower` counts only if it is of a
    higher category (as PyTorch's `combine_categories`)."""
    if higher is None or lower is None:
        return lower if higher is None else higher
    if CATEGORY[lower.kind] > CATEGORY[higher.kind]:
        return promote_types(higher, lower)
    return higher


def _number_dtype(x):
    if isinstance(x, bool):
        return np.dtype(np.bool_)
    if isinstance(x, numbers.Integral):
        return np.dtype(np.int64)
    return np.dtype(np.float32)  # the default dtype (and numpy's float scalars)


def result_type(*inputs):
    """PyTorch's result dtype for tensors and Python numbers, as a numpy dtype.

    Three groups, in priority: tensors with dimensions, 0-d tensors, Python
    numbers. A lower group decides only if it is of a higher category
    (bool < integer < float): `int32 tensor + tensor(1)` is int32,
    `float32 tensor + tensor(1., dtype=float64)` is float32, but
    `int64 tensor + tensor(1., dtype=float64)` is float64.

    Example:
        >>> result_type(minigrad.ones(2), minigrad.tensor(1.0, dtype=minigrad.float64))
        dtype('float32')
    """
    groups = [None, None, None]  # dimensioned tensors, 0-d tensors, numbers
    for x in inputs:
        if isinstance(x, Tensor):
            dtype, group = x._data.dtype, 0 if x._data.ndim else 1
        elif isinstance(x, np.ndarray):  # (PyTorch takes an array as a tensor)
            dtype, group = x.dtype, 0 if x.ndim else 1
        else:
            dtype, group = _number_dtype(x), 2
        old = groups[group]
        groups[group] = dtype if old is None else promote_types(old, dtype)
    return _combine(groups[0], _combine(groups[1], groups[2]))


def promote(result, *inputs):
    """Give `result` the dtype PyTorch would (`result_type` of the inputs).

    numpy makes `int_array / 2` and `int_array * 0.5` float64 and lets a 0-d
    float64 tensor widen a float32 one; PyTorch makes them float32 (an integer
    result type with a float result, as true division gives, becomes the
    default dtype, float32). A bool result (a comparison) stays bool.
    (`result` may be a numpy scalar: numpy gives one for 0-d operands.)
    """
    dtype = result.dtype
    for x in inputs:
        # (the usual case, every tensor of the result's dtype, costs no more)
        if isinstance(x, Tensor) and x._data.dtype is not dtype:
            break
    else:
        return result
    if any(type(x) is np.ndarray for x in inputs):
        return result  # (PyTorch leaves `x * array` to numpy, and its dtype)
    target = result_type(*inputs)
    if dtype.kind == "b" or target == dtype:
        return result
    if dtype.kind == "f" and target.kind != "f":
        target = np.dtype(np.float32)
    return result.astype(target)


def binary(ufunc, a, b):
    """`ufunc(a, b)` for tensors or numbers, as PyTorch computes it.

    The result gets PyTorch's dtype (`promote`). Shapes that don't broadcast
    get PyTorch's message; they are checked only once numpy has refused them,
    because for small tensors the check costs more than the maths.
    """
    try:
        result = ufunc(value_of(a), value_of(b))
    except ValueError:
        check_broadcast(a, b)
        raise
    return np.asarray(promote(result, a, b))


def constant(array, like):
    """A tensor holding `array` (no grad) in the dtype of tensor `like`."""

    return Tensor._make(np.asarray(array, dtype=like.dtype.numpy))


def _shape(x):
    if isinstance(x, Tensor):
        return x._data.shape
    if isinstance(x, (int, float)):
        return ()  # (np.shape of a number works too, but slowly)
    return np.shape(x)


def tensor_sequence(tensors, function, nonempty=False):
    """Check the `tensors` argument of cat, stack and the other joins: a list
    or tuple of tensors, as PyTorch's TypeErrors say (a tensor alone, a
    nested list or a None would otherwise fail inside numpy). With `nonempty`
    (hstack, vstack, ...) no tensors at all is PyTorch's RuntimeError.

    Returns:
        The tensors, as a list.

    Example:
        >>> tensor_sequence([x, None], "cat")  # doctest: +SKIP
        TypeError: expected Tensor as element 1 in argument 0, but got NoneType
    """
    if not isinstance(tensors, (list, tuple)):
        raise TypeError(
            f"{function}(): argument 'tensors' (position 1) must be tuple of "
            f"Tensors, not {_type_name(tensors)}; e.g. minigrad.{function}([a, b])"
        )
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(
                f"expected Tensor as element {i} in argument 0, but got "
                f"{_type_name(t)} (make it a tensor first: minigrad.tensor(...))"
            )
    if nonempty and not tensors:
        raise RuntimeError(
            f"{function} expects a non-empty TensorList (give at least one tensor)"
        )
    return list(tensors)


def check_broadcast(a, b):
    """Raise PyTorch's message when the shapes of `a` and `b` don't broadcast."""
    sa = _shape(a)
    sb = _shape(b)
    if sa == sb or not sa or not sb:
        return  # equal shapes, or a single number, always broadcast
    n = max(len(sa), len(sb))
    pa, pb = (1,) * (n - len(sa)) + tuple(sa), (1,) * (n - len(sb)) + tuple(sb)
    for i in range(n - 1, -1, -1):
        if pa[i] != pb[i] and pa[i] != 1 and pb[i] != 1:
            raise RuntimeError(
                f"The size of tensor a ({pa[i]}) must match the size of tensor b "
                f"({pb[i]}) at non-singleton dimension {i} (shapes {list(sa)} and "
                f"{list(sb)} don't broadcast; see numpy's broadcasting rules)"
            )


def normalize_dims(dim, ndim, distinct=False):
    """Turn `dim` (None, an int or a sequence, negatives allowed) into a tuple.

    With `distinct` (reductions) a dim given twice raises PyTorch's RuntimeError.
    """
    if dim is None:
        return tuple(range(ndim))
    dims = (dim,) if isinstance(dim, numbers.Integral) else dim
    if not isinstance(dims, (tuple, list)) or not all(
        isinstance(d, numbers.Integral) and not isinstance(d, bool) for d in dims
    ):
        raise TypeError(
            f"argument 'dim' must be an int or a tuple of ints, not "
            f"{type(dim).__name__} (got {dim!r})"
        )
    out = []
    for d in dims:
        size = max(ndim, 1)
        if not -size <= d < size:
            raise IndexError(
                f"Dimension out of range (expected to be in range of "
                f"[{-size}, {size - 1}], but got {d})"
            )
        if distinct and (d % size if ndim else 0) in out:
            raise RuntimeError(f"dim {d} appears multiple times in the list of dims")
        out.append(d % size if ndim else 0)
    return tuple(out)


# ----- float16 reductions: accumulated in float32 ---------------------------------


def accumulate(x):
    """`x` (a numpy array) in the dtype a reduction adds it up in: float16 as
    float32, as PyTorch's CPU kernels do (their accumulate type for half), so
    `tensor([60000., 60000.], dtype=float16).mean()` is 60000, not inf, and a
    running sum of 3000 ones reaches 3000, not 2048; any other dtype as it is.
    The caller casts its result back (`np.asarray(result, dtype=a_dtype)`)."""
    return x.astype(np.float32) if x.dtype == np.float16 else x


# ----- Python ints out of an integer tensor's range: wrapped ----------------------


def wrap_int(value, numpy_dtype):
    """A Python int operand of arithmetic with a tensor of the integer
    `numpy_dtype`, as PyTorch computes with it: cast to the dtype as C casts,
    wrapping around (two's complement), with no check: `uint8 + 256` adds 0,
    `int8 + 200` adds -56, `uint8 < 300` compares with 44. (numpy refuses such
    an int with an OverflowError.) Anything else (a float, an int of more than
    64 bits, another dtype) is returned as it is.

    The checked conversions (fill_, clamp, where, ...) raise instead:
    `minigrad._check.checked_scalar`.

    Example:
        >>> wrap_int(300, np.dtype(np.uint8))
        44
    """
    if type(value) is not int or numpy_dtype.kind not in "iu":
        return value
    info = np.iinfo(numpy_dtype)
    if info.min <= value <= info.max or not -(2**63) <= value < 2**64:
        return value
    value %= 2**info.bits
    return value - 2**info.bits if value > info.max else value


def wrap_operands(a, b):
    """`a` and `b` (tensors or numbers) with a Python int among them wrapped
    (`wrap_int`) into the dtype of the other, an integer tensor: what an
    operation retries with after numpy's OverflowError."""
    if isinstance(a, Tensor) and not isinstance(b, Tensor):
        return a, wrap_int(_plain_int(b), a._data.dtype)
    if isinstance(b, Tensor) and not isinstance(a, Tensor):
        return wrap_int(_plain_int(a), b._data.dtype), b
    return a, b


def _plain_int(value):
    """A numpy integer scalar as the Python int it holds; anything else as it is."""
    if isinstance(value, np.integer):
        return int(value)
    return value


def from_accumulated(value, dtype):
    """A reduction's result (accumulated in float32 for float16: `accumulate`)
    back in `dtype`, as a numpy array: a total too big for float16 is inf,
    quietly, as in PyTorch (numpy would warn of the overflow)."""
    with np.errstate(over="ignore"):
        return np.asarray(value, dtype=dtype)
