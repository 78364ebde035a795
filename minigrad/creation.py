"""Making tensors: `tensor`, `zeros`, `ones`, `rand`, `arange`, ... as in PyTorch.

Python floats become float32 (PyTorch's default dtype); numpy arrays keep
their dtype (a float64 array stays float64); integers become int64.
"""

import builtins
import math
import numbers

import numpy as np

from . import _dtype
from ._check import (
    checked_scalar,
    int_arg,
    number_arg,
    size_arg,
    tensor_arg,
    tensor_as_int,
)
from ._device import check_device
from ._memory_format import check_memory_format
from .autograd.function import Node, record
from .ops._util import check_broadcast, zero_gradient
from .random import numpy_generator
from .tensor import Tensor, _check_bool, _shape_args


def _to_array(data, dtype):
    """A fresh numpy array for `data`, in `dtype` or the dtype PyTorch would pick."""
    if isinstance(data, Tensor):
        array = data._data.copy()
    elif isinstance(data, (np.ndarray, np.generic)):
        array = np.array(data, copy=True)
        _dtype.from_numpy_dtype(array.dtype)  # refuses uint16, complex, ...
    else:
        if isinstance(data, (list, tuple)):
            data = _unwrap(data)
        numpy_dtype = None if dtype is None else _dtype.to_numpy_dtype(dtype)
        return _from_python(data, numpy_dtype)
    if dtype is not None:
        array = array.astype(_dtype.to_numpy_dtype(dtype), copy=False)
    return array


def _from_python(data, numpy_dtype):
    """A numpy array for a Python number or (nested) list, in `numpy_dtype` or,
    for None, the dtype PyTorch picks (ints int64, floats float32)."""
    try:
        array = np.array(data)  # numpy's pick: bool, int64 or float64 ...
    except ValueError:  # (ragged rows)
        _refuse_bad_data(data)
        raise
    if array.dtype.kind not in "biuf":  # ... or object or str: None, 'a', ragged
        _refuse_bad_data(data)
    if _has_huge_int(data, array):
        # PyTorch reads a Python int as an int64 first: 2**63 fits a float only.
        wanted = numpy_dtype or (np.float32 if _leaves_of_type(data, float) else None)
        if wanted is None or np.dtype(wanted).kind not in "fb":
            raise ValueError(
                "Overflow when unpacking long long: an int in the data does not "
                "fit in int64 (-2**63 to 2**63 - 1); write it as a float, or "
                "give dtype=minigrad.float64"
            )
        return np.array(data, dtype=wanted)
    if array.dtype.kind not in "biuf":
        raise TypeError(
            f"can't make a tensor from data of numpy dtype {array.dtype}: minigrad "
            "has no complex dtype (give the real and imaginary parts as two tensors)"
        )
    if numpy_dtype is not None:
        _dtype.check_fits(array, numpy_dtype)
        if np.dtype(numpy_dtype).kind in "iu" and array.dtype.kind == "f":
            # Each number straight to int64: through float64 2**62 + 1 would round.
            array = np.array(data, dtype=np.int64)
        with np.errstate(over="ignore"):  # (1e40 in float32 is inf, as in PyTorch)
            return array.astype(numpy_dtype)
    if array.dtype.kind == "f":  # Python floats: the default dtype, float32;
        # numpy floats among them (np.float64(1.5), float64 rows) keep theirs
        return array.astype(_numpy_float_dtype(data) or np.float32)
    return array.astype(_dtype.storage_dtype(array.dtype), copy=False)


def _leaves(data):
    """The numbers (and anything else that is not a list or tuple) in the
    nested lists `data`, or `data` itself if it is not a list."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, (list, tuple)):
            stack.extend(reversed(item))
        else:
            yield item


def _leaves_of_type(data, kind):
    return any(isinstance(leaf, kind) for leaf in _leaves(data))


def _has_huge_int(data, array):
    """Whether `data` holds a Python int outside int64 (numpy then makes
    uint64, object or even float64 of it, and int64 would wrap it)."""
    if array.dtype.kind in "biuf" and (np.abs(array.astype(float)) < 2.0**63).all():
        return False  # (the quick test: a huge int is at least 2**63)
    return any(
        isinstance(leaf, int) and not -(2**63) <= leaf < 2**63 for leaf in _leaves(data)
    )


def _is_sequence(item):
    return isinstance(item, (list, tuple, builtins.range, np.ndarray))


def _refuse_bad_data(data):
    """Raise PyTorch's error for nested data numpy could not make numbers of:
    an entry that is not a number, or rows of different lengths.

    Returns (without raising) if every entry is a number and the rows fit:
    ints too big for int64, or complex numbers, which the caller refuses.
    """
    shape, first = [], data  # the shape PyTorch reads: the first entry's, at each depth
    while _is_sequence(first):
        shape.append(len(first))
        first = first[0] if len(first) else None
        if isinstance(first, str):
            raise ValueError(
                "too many dimensions 'str': a tensor holds numbers, not strings "
                "(convert them first, e.g. [float(s) for s in strings])"
            )
    for leaf in _leaves(data):
        if isinstance(leaf, (str, bytes)):
            raise TypeError(
                f"new(): invalid data type '{type(leaf).__name__}': a tensor holds "
                f"numbers, not strings (got {leaf!r}; convert it first)"
            )
        if not _is_sequence(leaf) and not isinstance(leaf, numbers.Number):
            raise RuntimeError(
                f"Could not infer dtype of {type(leaf).__name__}: every entry of a "
                f"tensor must be a number (got {leaf!r}; for a missing value use "
                "float('nan'))"
            )
    _check_rows(data, shape, 0)


def _check_rows(item, shape, dim):
    """Refuse a row of `item` whose length or depth differs from `shape`."""
    if dim == len(shape):
        if _is_sequence(item):
            raise TypeError(
                f"expected a number at dim {dim}, got a {type(item).__name__}: the "
                "entries are nested to different depths"
            )
        return
    if not _is_sequence(item):
        raise TypeError(
            f"not a sequence: expected a list of length {shape[dim]} at dim {dim}, "
            f"got {item!r} (the entries are nested to different depths)"
        )
    if len(item) != shape[dim]:
        raise ValueError(
            f"expected sequence of length {shape[dim]} at dim {dim} (got "
            f"{len(item)}): every row must have the same length (pad the short ones)"
        )
    for entry in item:
        _check_rows(entry, shape, dim + 1)


def _numpy_float_dtype(data):
    """The dtype of the numpy floats in the nested list `data` (scalars such
    as np.float64(1.5), or arrays), or None if it holds none: PyTorch keeps
    their dtype, where a Python float gets the default one."""
    if not isinstance(data, (list, tuple)):
        return None  # (a Python float)
    found = [
        leaf.dtype
        for leaf in _leaves(data)
        if isinstance(leaf, (np.ndarray, np.generic)) and leaf.dtype.kind == "f"
    ]
    return np.result_type(*found) if found else None


def _unwrap(data):
    """Replace one-element tensors inside nested lists by their numbers."""
    return [
        _unwrap(d)
        if isinstance(d, (list, tuple))
        else d._python_scalar()
        if isinstance(d, Tensor)
        else d
        for d in data
    ]


def _new(array, dtype, requires_grad, device=None):
    _check_bool(requires_grad, None, "requires_grad")  # before any work
    check_device(device)  # before any work: a bad device changes nothing
    if dtype is not None:
        array = array.astype(_dtype.to_numpy_dtype(dtype), copy=False)
    if array.ndim == 0:
        # A 0-d value is kept as a numpy scalar, as 0-d results are: numpy
        # computes with scalars 4x quicker (see `Tensor._array`).
        array = array[()]
    result = Tensor._make(array)
    if requires_grad:
        result.requires_grad = True  # checks the dtype can require grad
    return result


def tensor(data, dtype=None, requires_grad=False, device=None):
    """A new tensor holding a copy of `data`.

    Args:
        data: a number, a (nested) list, a numpy array or a tensor.
        dtype: e.g. `minigrad.float64`; by default float32 for Python floats,
            int64 for ints, the array's own dtype for numpy arrays.
        requires_grad: record operations on it for backward.
        device: only "cpu" (or None); see `minigrad.device`.

    Returns:
        A leaf tensor.

    Example:
        >>> minigrad.tensor([1.0, 2.0], requires_grad=True)  # doctest: +SKIP
        tensor([1., 2.], requires_grad=True)
    """
    check_device(device)
    return _new(_to_array(data, dtype), None, requires_grad)


def from_numpy(array):
    """A tensor sharing memory with the numpy `array` (its dtype kept)."""
    if not isinstance(array, np.ndarray):
        raise TypeError(
            f"expected np.ndarray (got {type(array).__name__}; for other data "
            "use minigrad.tensor)"
        )
    _dtype.from_numpy_dtype(array.dtype)  # raises for dtypes minigrad lacks
    return Tensor._make(array)


def as_tensor(data, dtype=None, device=None):
    """`data` as a tensor, sharing memory where it can (as `torch.as_tensor`).

    A tensor of the asked dtype comes back as it is, a numpy array of it is
    shared (as `from_numpy`); anything else is copied (as `tensor`).
    """
    check_device(device)
    if isinstance(data, Tensor):
        return data if dtype is None or data.dtype is dtype else data.to(dtype)
    if isinstance(data, np.ndarray) and (
        dtype is None or _dtype.to_numpy_dtype(dtype) == data.dtype
    ):
        return from_numpy(data)
    return tensor(data, dtype=dtype)


def asarray(obj, *, dtype=None, device=None, copy=None, requires_grad=None):
    """`obj` as a tensor, sharing memory with a tensor or a numpy array when it
    can (as `torch.asarray`).

    Args:
        obj: a tensor, a numpy array, a number or a (nested) list.
        dtype: the wanted dtype (None: obj's own).
        copy: True always copies; False never does (a ValueError where the
            dtype needs a copy); None copies only when the dtype needs it.
        requires_grad: None keeps a tensor's own (and its graph); False cuts
            it from the graph; True makes the result a leaf that requires grad.

    Example:
        >>> array = np.zeros(2)
        >>> minigrad.asarray(array)[0] = 1.0  # writes into `array`
    """
    check_device(device)
    if isinstance(obj, Tensor):
        result = obj
    elif isinstance(obj, np.ndarray):
        result = from_numpy(obj)
    else:  # (a number or a list: always a new tensor)
        return tensor(obj, dtype=dtype, requires_grad=bool(requires_grad))
    if dtype is not None and dtype is not result.dtype:
        if copy is False:
            source, target = (_dtype.scalar_type_name(d) for d in (result.dtype, dtype))
            raise ValueError(
                f"can't alias tensor with dtype '{source}' into dtype '{target}'."
            )
        result = result.to(dtype)
    elif copy:
        result = result.clone()
    if requires_grad is False and result.requires_grad:
        result = result.detach()  # (only an explicit False cuts the graph)
    elif requires_grad and not result.requires_grad:
        result.requires_grad_()
    return result


def _float_dtype(dtype):
    return _dtype.to_numpy_dtype(dtype) if dtype is not None else np.float32


def _random_dtype(dtype, name):
    """A float dtype for rand/randn: draws of an integer dtype would all be 0."""
    numpy_dtype = np.dtype(_float_dtype(dtype))
    if numpy_dtype.kind != "f":
        raise NotImplementedError(
            f"{name}() not implemented for '{_dtype.scalar_type_name(numpy_dtype)}': "
            "its numbers are floats (for integers use randint)"
        )
    return numpy_dtype


def _check_randint_range(low, high, numpy_dtype):
    """Refuse [low, high) that the dtype can't hold (uint8 up to 300 would wrap)."""
    if numpy_dtype.kind == "b":
        smallest, largest = 0, 1
    elif numpy_dtype.kind in "iu":
        smallest, largest = np.iinfo(numpy_dtype).min, np.iinfo(numpy_dtype).max
    else:
        return
    if low < smallest or high - 1 > largest:
        raise RuntimeError(
            f"randint(): [{low}, {high}) is out of bounds for {numpy_dtype} "
            f"(which holds {smallest} to {largest})"
        )


def _size_sequence(size, name, position):
    """A `size` argument that PyTorch takes only as a tuple (or list): `full`,
    `randint`. A bare int is refused, as PyTorch refuses it."""
    if not isinstance(size, (tuple, list)):
        raise TypeError(
            f"{name}(): argument 'size' (position {position}) must be tuple of "
            f"ints, not {type(size).__name__} (write ({size!r},) for one dim)"
        )
    return size_arg(tuple(size), name)


def _size(size, size_keyword, name):
    """The shape from `f(2, 3)`, `f((2, 3))` or `f(size=(2, 3))`, as PyTorch."""
    if size_keyword is None:
        return size_arg(_shape_args(size), name)
    if size:
        raise TypeError(
            f"{name}() got the size twice: give it as arguments or as size=, not both"
        )
    return size_arg(_shape_args((size_keyword,)), name)


# Every factory takes `device=` (only the CPU exists; see `minigrad.device`),
# checked first, so a bad device raises before anything is made.


def zeros(*size, dtype=None, requires_grad=False, device=None):
    """A tensor of zeros of the given size (float32 by default)."""
    check_device(device)
    return _new(
        np.zeros(_size(size, None, "zeros"), dtype=_float_dtype(dtype)),
        None,
        requires_grad,
    )


def ones(*size, dtype=None, requires_grad=False, device=None):
    """A tensor of ones of the given size (float32 by default)."""
    check_device(device)
    return _new(
        np.ones(_size(size, None, "ones"), dtype=_float_dtype(dtype)),
        None,
        requires_grad,
    )


def empty(*size, dtype=None, requires_grad=False, device=None):
    """A tensor of the given size (minigrad fills it with zeros)."""
    return zeros(*size, dtype=dtype, requires_grad=requires_grad, device=device)


def full(size, fill_value, dtype=None, requires_grad=False, device=None):
    """A tensor of `size` filled with `fill_value` (its dtype follows the value)."""
    check_device(device)
    if isinstance(fill_value, Tensor) and fill_value.dim() == 0:
        fill_value = fill_value.item()
    if not isinstance(fill_value, (numbers.Number, np.generic)):
        raise TypeError(
            "full(): argument 'fill_value' (position 2) must be Number, not "
            f"{type(fill_value).__name__}"
        )
    if isinstance(fill_value, np.number):  # (np.int32(1) fills as 1: int64;
        fill_value = fill_value.item()  # a numpy bool fills as PyTorch's, float32)
    if isinstance(fill_value, complex):
        raise TypeError(
            f"full(): minigrad has no complex dtype (got fill_value={fill_value}); "
            "fill two tensors with the real and imaginary parts"
        )
    if dtype is None:
        dtype = (
            _dtype.bool
            if isinstance(fill_value, bool)
            else (_dtype.int64 if isinstance(fill_value, int) else _dtype.float32)
        )
    numpy_dtype = np.dtype(_dtype.to_numpy_dtype(dtype))
    # PyTorch's checked conversion (`checked_scalar`): a value the dtype can't
    # hold raises (numpy would wrap it, or make nan the smallest int64), -1 is
    # 255 in uint8; only float16 is filled unchecked (1e5 is inf), as PyTorch.
    if numpy_dtype == np.float16:
        with np.errstate(over="ignore"):
            value = np.array(fill_value).astype(numpy_dtype)
    else:
        value = checked_scalar(fill_value, numpy_dtype)
    return _new(
        np.full(_size_sequence(size, "full", 1), value),
        None,
        requires_grad,
    )


def eye(n, m=None, dtype=None, requires_grad=False, device=None):
    """The n x m identity matrix (m = n by default)."""
    check_device(device)
    n = int_arg(tensor_as_int(n), "eye", "n", 1)
    m = n if m is None else int_arg(tensor_as_int(m), "eye", "m", 2)
    for name, value in (("n", n), ("m", m)):
        if value < 0:
            raise RuntimeError(
                f"eye(): {name} must be greater or equal to 0, got {value}"
            )
    size_arg((n, m), "eye")  # (not too big)
    return _new(np.eye(n, m, dtype=_float_dtype(dtype)), None, requires_grad)


def arange(start, end=None, step=1, dtype=None, requires_grad=False, device=None):
    """Numbers from `start` to `end` (excluded) in steps of `step`.

    int64 when all arguments are ints, float32 otherwise. With an integer
    `dtype`, float arguments are cut to ints first (as PyTorch does), so
    `arange(0, 1, 0.3, dtype=minigrad.long)` has step 0 and is refused.
    """
    check_device(device)
    if end is None:
        start, end = 0, start
    start, end, step = (
        number_arg(value, "arange", name)
        for value, name in ((start, "start"), (end, "end"), (step, "step"))
    )
    for value in (start, end):
        if not math.isfinite(value):
            raise RuntimeError(f"unsupported range: {start} -> {end} (step {step})")
    ints = all(isinstance(v, int) for v in (start, end, step))
    numpy_dtype = np.dtype(np.int64 if dtype is None and ints else _float_dtype(dtype))
    if numpy_dtype.kind == "b":
        raise NotImplementedError(
            "\"arange_cpu\" not implemented for 'Bool' (make an int range and "
            "compare it, e.g. arange(n) % 2 == 0)"
        )
    if step == 0:
        raise RuntimeError("arange(): step must be nonzero, got step=0")
    if (end - start) * step < 0:
        raise RuntimeError(
            f"arange(): upper bound and lower bound inconsistent with step sign "
            f"(start={start}, end={end}, step={step})"
        )
    if numpy_dtype.kind in "iu":
        # PyTorch cuts start and step to ints first, so a step of 0.3 is 0
        # (for int64 the end too: [0.5, 2.9) is [0, 2)); other integer dtypes
        # count the numbers with the floats: arange(0, 3, 0.5) is six zeros.
        if numpy_dtype == np.int64:
            if int(step) == 0:
                raise ValueError(
                    f"arange(): step must be nonzero, but step={step} is 0 as an "
                    "int64; give a step of at least 1 (or a float dtype)"
                )
            start, end, step = int(start), int(end), int(step)
            length = -((start - end) // step)  # ceil((end - start) / step), exact
        else:
            length = math.ceil((end - start) / step)
        start, step = int(start), int(step)
    else:
        length = math.ceil((end - start) / step)
    if length >= 2**63:
        raise RuntimeError(
            f"arange(): invalid size, possible overflow? ({length} numbers from "
            f"{start} to {end} in steps of {step})"
        )
    size_arg((length,), "arange")
    if numpy_dtype.kind in "iu":
        array = start + step * np.arange(length, dtype=np.int64)
    else:
        array = np.arange(start, end, step, dtype=np.float64)
    return _new(array.astype(numpy_dtype), None, requires_grad)


def linspace(start, end, steps, dtype=None, requires_grad=False, device=None):
    """`steps` evenly spaced numbers from `start` to `end` (both included)."""
    check_device(device)
    start, end, steps = _spacing_args(start, end, steps, "linspace")
    numpy_dtype = np.dtype(_float_dtype(dtype))
    if numpy_dtype.kind in "iu" or numpy_dtype == np.float16:
        # PyTorch's checked conversion of the ends to the dtype: 260 is no
        # uint8, 1e5 no float16; an unsigned dtype takes -1 as 255.
        checked = [checked_scalar(x, numpy_dtype) for x in (start, end)]
        if numpy_dtype.kind in "iu":
            start, end = (
                int(c) if isinstance(x, int) else x
                for x, c in zip((start, end), checked)
            )
    return _new(np.linspace(start, end, steps).astype(numpy_dtype), None, requires_grad)


def _spacing_args(start, end, steps, function):
    """linspace's and logspace's arguments checked: `start` and `end` numbers
    (or 0-d tensors), `steps` a count."""
    for name, value in (("start", start), ("end", end)):
        if isinstance(value, Tensor) and value.dim() != 0:
            raise RuntimeError(
                f"{function} only supports 0-dimensional start and end tensors, "
                f"but got {name} with {value.dim()} dimension(s) (pass .item())"
            )
    start = number_arg(start, function, "start")
    end = number_arg(end, function, "end")
    steps = int_arg(tensor_as_int(steps), function, "steps", 3)
    if steps < 0:
        raise RuntimeError(
            f"{function}(): number of steps must be non-negative, got steps={steps}"
        )
    size_arg((steps,), function)
    return start, end, steps


def logspace(
    start, end, steps, base=10.0, *, dtype=None, requires_grad=False, device=None
):
    """`steps` numbers from base ** start to base ** end (both included), evenly
    spaced on a log scale: base ** linspace(start, end, steps).

    Example:
        >>> minigrad.logspace(0, 2, 3)
        tensor([  1.,  10., 100.])
    """
    check_device(device)
    start, end, steps = _spacing_args(start, end, steps, "logspace")
    with np.errstate(over="ignore"):  # (a huge power is inf, as in PyTorch)
        values = float(base) ** np.linspace(start, end, steps)
    return _new(values.astype(_float_dtype(dtype)), None, requires_grad)


def rand(
    *size, generator=None, dtype=None, requires_grad=False, device=None, **keywords
):
    """Uniform random numbers in [0, 1) (seed with `minigrad.manual_seed`).

    Args:
        size: the shape, as `rand(2, 3)`, `rand((2, 3))` or `rand(size=(2, 3))`.
        generator: a `minigrad.Generator` to draw from (default: the global one).
        dtype, requires_grad, device: as for `zeros`.

    Example:
        >>> g = minigrad.Generator().manual_seed(0)  # doctest: +SKIP
        >>> minigrad.rand(2, generator=g)
    """
    check_device(device)
    shape = _size(size, _size_keyword(keywords, "rand"), "rand")
    rng = numpy_generator(generator)
    array = rng.random(shape).astype(_random_dtype(dtype, "rand"))
    return _new(array, None, requires_grad)


def randn(
    *size, generator=None, dtype=None, requires_grad=False, device=None, **keywords
):
    """Standard normal random numbers (seed with `minigrad.manual_seed`).

    Args:
        size: the shape, as `randn(2, 3)`, `randn((2, 3))` or `randn(size=())`.
        generator: a `minigrad.Generator` to draw from (default: the global one).
        dtype, requires_grad, device: as for `zeros`.

    Example:
        >>> minigrad.randn(size=())  # doctest: +SKIP
    """
    check_device(device)
    shape = _size(size, _size_keyword(keywords, "randn"), "randn")
    rng = numpy_generator(generator)
    array = rng.standard_normal(shape).astype(_random_dtype(dtype, "randn"))
    return _new(array, None, requires_grad)


def _size_keyword(keywords, name):
    """`size=` (the only extra keyword the random factories take), or None."""
    size = keywords.pop("size", None)
    if keywords:
        raise TypeError(
            f"{name}() got an unexpected keyword argument {next(iter(keywords))!r}"
        )
    return size


def randint(
    low,
    high=None,
    size=None,
    generator=None,
    dtype=None,
    requires_grad=False,
    device=None,
):
    """Random integers in [low, high) of the given `size` (int64).

    Args:
        low, high: the range; `randint(high, size)` starts at 0, as PyTorch.
        size: the shape, e.g. `(3,)`.
        generator: a `minigrad.Generator` to draw from (default: the global one).

    Example:
        >>> minigrad.randint(0, 10, (3,))  # doctest: +SKIP
    """
    check_device(device)
    if size is None and isinstance(high, (tuple, list)):
        low, high, size = 0, low, high  # randint(high, size)
    if high is None:
        low, high = 0, low
    if size is None:
        raise TypeError("randint() missing required argument 'size' (e.g. size=(3,))")
    low = int_arg(tensor_as_int(low), "randint", "low", 1)
    high = int_arg(tensor_as_int(high), "randint", "high", 2)
    if low >= high:
        raise RuntimeError(
            f"randint(): random_ expects 'from' to be less than 'to', but got "
            f"from={low} >= to={high}"
        )
    if dtype is not None:
        _check_randint_range(low, high, _dtype.to_numpy_dtype(dtype))
    rng = numpy_generator(generator)
    shape = _size_sequence(size, "randint", 3)
    array = rng.integers(low, high, size=shape, dtype=np.int64)
    return _new(array, dtype, requires_grad)


def randperm(n, generator=None, dtype=None, requires_grad=False, device=None):
    """A random permutation of 0 .. n-1 (int64).

    Args:
        n: how many numbers.
        generator: a `minigrad.Generator` to draw from (default: the global one).
    """
    check_device(device)
    n = int_arg(tensor_as_int(n), "randperm", "n", 1)
    if n < 0:
        raise RuntimeError(f"randperm(): n must be non-negative, got n={n}")
    size_arg((n,), "randperm")  # (not too big)
    array = numpy_generator(generator).permutation(n).astype(np.int64)
    return _new(array, dtype, requires_grad)


def zeros_like(
    input, dtype=None, requires_grad=False, device=None, *, memory_format=None
):
    """Zeros with the shape (and dtype) of `input`."""
    tensor_arg(input, "zeros_like")
    check_memory_format(memory_format, "zeros_like")  # (the result is row-major)
    return zeros(
        input.shape,
        dtype=dtype or input.dtype,
        requires_grad=requires_grad,
        device=device,
    )


def ones_like(
    input, dtype=None, requires_grad=False, device=None, *, memory_format=None
):
    """Ones with the shape (and dtype) of `input`."""
    tensor_arg(input, "ones_like")
    check_memory_format(memory_format, "ones_like")  # (the result is row-major)
    return ones(
        input.shape,
        dtype=dtype or input.dtype,
        requires_grad=requires_grad,
        device=device,
    )


def empty_like(
    input, dtype=None, requires_grad=False, device=None, *, memory_format=None
):
    """A tensor with the shape (and dtype) of `input` (minigrad fills it with 0)."""
    return zeros_like(
        input,
        dtype=dtype,
        requires_grad=requires_grad,
        device=device,
        memory_format=memory_format,
    )


def empty_strided(size, stride, *, dtype=None, device=None, requires_grad=False):
    """A new tensor of shape `size` (minigrad fills it with 0).

    `stride` is checked (one per dim) but the tensor is laid out row-major, as
    every minigrad tensor: `stride()` gives the row-major steps.
    """
    size, stride = tuple(size), tuple(stride)
    if len(size) != len(stride):
        raise RuntimeError(
            f"mismatch in length of strides and shape: size {list(size)} has "
            f"{len(size)} dims, stride {list(stride)} has {len(stride)}"
        )
    return zeros(size, dtype=dtype, device=device, requires_grad=requires_grad)


def full_like(
    input,
    fill_value,
    dtype=None,
    requires_grad=False,
    device=None,
    *,
    memory_format=None,
):
    """`fill_value` everywhere, with the shape (and dtype) of `input`."""
    tensor_arg(input, "full_like")
    check_memory_format(memory_format, "full_like")  # (the result is row-major)
    return full(
        input.shape,
        fill_value,
        dtype=dtype or input.dtype,
        requires_grad=requires_grad,
        device=device,
    )


def rand_like(
    input, dtype=None, requires_grad=False, device=None, *, memory_format=None
):
    """Uniform random numbers with the shape of `input`."""
    tensor_arg(input, "rand_like")
    check_memory_format(memory_format, "rand_like")  # (the result is row-major)
    return rand(
        input.shape,
        dtype=dtype or input.dtype,
        requires_grad=requires_grad,
        device=device,
    )


def randn_like(
    input, dtype=None, requires_grad=False, device=None, *, memory_format=None
):
    """Standard normal random numbers with the shape of `input`."""
    tensor_arg(input, "randn_like")
    check_memory_format(memory_format, "randn_like")  # (the result is row-major)
    return randn(
        input.shape,
        dtype=dtype or input.dtype,
        requires_grad=requires_grad,
        device=device,
    )


def randint_like(
    input, low=0, high=None, *, dtype=None, requires_grad=False, device=None
):
    """Random integers in [low, high) with the shape (and dtype) of `input`;
    `randint_like(x, 10)` draws from [0, 10), as PyTorch.

    Example:
        >>> minigrad.randint_like(minigrad.zeros(3), 10).shape
        minigrad.Size([3])
    """
    tensor_arg(input, "randint_like")
    if high is None:
        low, high = 0, low
    return randint(
        low,
        high,
        tuple(input.shape),
        dtype=dtype or input.dtype,
        requires_grad=requires_grad,
        device=device,
    )


# ----- sampling: multinomial and normal ---------------------------------------------


def multinomial(input, num_samples, replacement=False, *, generator=None):
    """Draw `num_samples` category indices with the weights in `input`.

    The weights need not sum to 1. Without replacement each index comes at
    most once (weight-0 indices only after all the others, as in PyTorch).

    Args:
        input: a 1-D tensor of weights, or 2-D (one row of weights per draw).
        num_samples: how many indices to draw (per row).
        replacement: whether an index may be drawn again.
        generator: a `minigrad.Generator` to draw from (default: the global one).

    Returns:
        An int64 tensor of shape (num_samples,) or (rows, num_samples).

    Example:
        >>> g = minigrad.Generator().manual_seed(2147483647)  # doctest: +SKIP
        >>> minigrad.multinomial(minigrad.tensor([0.1, 0.9]), 3, True, generator=g)
    """
    weights = input._data
    if weights.dtype.kind != "f":
        raise RuntimeError(
            "multinomial only supports floating-point dtypes for input, got: "
            f"{input.dtype.name} (call .float() on the weights first)"
        )
    if weights.ndim not in (1, 2):
        raise RuntimeError("prob_dist must be 1 or 2 dim")
    if num_samples <= 0:
        raise RuntimeError("cannot sample n_sample <= 0 samples")
    rows = np.atleast_2d(weights).astype(np.float64)
    if not np.isfinite(rows).all() or (rows < 0).any():
        raise RuntimeError(
            "probability tensor contains either `inf`, `nan` or element < 0"
        )
    if (rows.sum(axis=-1) <= 0).any():
        raise RuntimeError(
            "invalid multinomial distribution (sum of probabilities <= 0)"
        )
    if not replacement and num_samples > rows.shape[-1]:
        raise RuntimeError(
            "cannot sample n_sample > prob_dist.size(-1) samples without replacement"
        )
    rng = numpy_generator(generator)
    if replacement:
        # Inverse CDF: the index is how many cumulative weights lie below u.
        cdf = np.cumsum(rows, axis=-1)
        u = rng.random((rows.shape[0], num_samples)) * cdf[:, -1:]
        drawn = (cdf[:, None, :] <= u[:, :, None]).sum(axis=-1)
        drawn = np.minimum(drawn, rows.shape[-1] - 1)  # (rounding at the top)
    else:
        # PyTorch's way: weight / Exponential(1) noise, the largest keys win.
        with np.errstate(divide="ignore"):
            keys = rows / rng.exponential(size=rows.shape)
        drawn = np.argsort(-keys, axis=-1, kind="stable")[:, :num_samples]
    drawn = drawn.astype(np.int64)
    return Tensor._make(drawn if weights.ndim == 2 else drawn[0])


def normal(
    mean,
    std=None,
    size=None,
    *,
    generator=None,
    dtype=None,
    requires_grad=False,
    device=None,
):
    """Normal random numbers with the given mean and standard deviation.

    PyTorch's overloads:
    `normal(mean_tensor, std_tensor)`, `normal(mean_tensor, std=1.0)`,
    `normal(mean, std_tensor)` (shape from the tensors, broadcast), and
    `normal(mean, std, size)` (numbers, and the shape given).

    As in PyTorch the draw is not differentiable: a mean or std tensor that
    requires grad gets a gradient of zeros (node `NormalBackward1/2/3`), not
    the reparameterised one (write `mean + std * randn(...)` for that).

    Args:
        mean, std: numbers or tensors (std >= 0).
        size: the shape; only (and then required) when both are numbers.
        generator: a `minigrad.Generator` to draw from (default: the global one).
        dtype, requires_grad, device: for the numbers-only form, as for `zeros`.

    Example:
        >>> minigrad.normal(0.0, 1.0, size=(2, 3))  # doctest: +SKIP
    """
    check_device(device)
    rng = numpy_generator(generator)
    if not isinstance(mean, Tensor) and not isinstance(std, Tensor):
        if std is None or size is None:
            raise TypeError(
                "normal() with a number mean and std needs a size: "
                "normal(mean, std, size=(...)), or give mean or std as a tensor"
            )
        if std < 0:
            raise RuntimeError(f"normal expects std >= 0.0, but found std {std}")
        noise = rng.standard_normal(_shape_args((size,)))
        array = (mean + std * noise).astype(_float_dtype(dtype))
        return _new(array, None, requires_grad)
    if size is not None:
        raise TypeError(
            "normal() takes size= only when mean and std are numbers; with a "
            "tensor, the shape comes from the tensor"
        )
    std = 1.0 if std is None else std
    std_values = np.asarray(std._data if isinstance(std, Tensor) else std)
    if (std_values < 0).any():
        raise RuntimeError("normal expects all elements of std >= 0.0")
    like = mean if isinstance(mean, Tensor) else std
    try:
        shape = np.broadcast_shapes(
            np.shape(mean._data if isinstance(mean, Tensor) else mean),
            std_values.shape,
        )
    except ValueError:
        check_broadcast(mean, std)  # PyTorch's RuntimeError, naming the sizes
        raise
    mean_values = mean._data if isinstance(mean, Tensor) else mean
    noise = rng.standard_normal(shape)
    value = np.asarray(mean_values + std_values * noise, dtype=like._data.dtype)
    node = (
        NormalBackward3
        if isinstance(mean, Tensor) and isinstance(std, Tensor)
        else NormalBackward1
        if isinstance(mean, Tensor)
        else NormalBackward2
    )
    inputs = [x for x in (mean, std) if isinstance(x, Tensor)]
    return record(node, value, inputs)


class NormalBackward3(Node):
    """normal(mean_tensor, std_tensor): zero gradients, as PyTorch's."""

    formula = "d normal(mean, std) / d(mean, std) = 0 (the draw is not differentiated)"

    def backward(self, grad):
        return tuple(zero_gradient(grad) for _ in self.next_functions)


class NormalBackward1(NormalBackward3):
    """normal(mean_tensor, std_number): a zero gradient for the mean."""


class NormalBackward2(NormalBackward3):
    """normal(mean_number, std_tensor): a zero gradient for the std."""


def range(  # noqa: A001 (PyTorch's name: the builtin is builtins.range here)
    start, end, step=1, *, dtype=None, requires_grad=False, device=None
):
    """Numbers from `start` to `end` INCLUDED, in steps of `step`, in the
    default dtype (float32) whatever the arguments: PyTorch's deprecated
    `torch.range` (it warns so). `arange` excludes the end, as Python's range.

    Example:
        >>> minigrad.range(1, 4)  # doctest: +SKIP
        UserWarning: torch.range is deprecated ...
        tensor([1., 2., 3., 4.])
    """
    import warnings

    from ._settings import get_default_dtype

    warnings.warn(
        "torch.range is deprecated and will be removed in a future release because "
        "its behavior is inconsistent with Python's range builtin. Instead, use "
        "torch.arange, which produces values in [start, end).",
        UserWarning,
        stacklevel=2,
    )
    check_device(device)
    start, end, step = (
        number_arg(value, "range", name)
        for value, name in ((start, "start"), (end, "end"), (step, "step"))
    )
    if step == 0:
        raise RuntimeError("step must be nonzero")
    if (end - start) * step < 0:
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    numpy_dtype = np.dtype(_float_dtype(dtype or get_default_dtype()))
    length = int((end - start) / step + 1)  # (as PyTorch counts: cut, not rounded)
    values = start + np.arange(length, dtype=np.float64) * step
    return _new(values.astype(numpy_dtype), None, requires_grad)
