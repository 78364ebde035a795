"""Making tensors: `tensor`, `zeros`, `ones`, `rand`, `arange`, ... as in PyTorch.

Python floats become float32 (PyTorch's default dtype); numpy arrays keep
their dtype (a float64 array stays float64); integers become int64.
"""

import numpy as np

from . import _dtype
from .random import generator
from .tensor import Tensor, _shape_args


def _to_array(data, dtype):
    """A fresh numpy array for `data`, in `dtype` or the dtype PyTorch would pick."""
    if isinstance(data, Tensor):
        array = data._data.copy()
    elif isinstance(data, (np.ndarray, np.generic)):
        array = np.array(data, copy=True)
        array = array.astype(_dtype.storage_dtype(array.dtype), copy=False)
    else:
        if isinstance(data, (list, tuple)):
            data = _unwrap(data)
        if dtype is not None:
            # Convert straight to the dtype asked for: going through float32
            # first would round float64 values.
            return _checked(_array(data, _dtype.to_numpy_dtype(dtype)), data)
        array = _array(data, None)
        if array.dtype.kind == "f":
            array = array.astype(np.float32)  # Python floats: the default dtype
        else:
            array = _checked(array, data)
            array = array.astype(_dtype.storage_dtype(array.dtype), copy=False)
    if dtype is not None:
        array = array.astype(_dtype.to_numpy_dtype(dtype), copy=False)
    return array


def _array(data, numpy_dtype):
    try:
        return np.array(data, dtype=numpy_dtype)
    except ValueError as error:
        raise ValueError(
            f"can't make a tensor from this {type(data).__name__}: its rows have "
            f"different lengths or hold something that is not a number ({error})"
        ) from None


def _checked(array, data):
    """Refuse arrays numpy could only build as objects (ragged or non-numeric)."""
    if array.dtype.kind == "O":
        raise TypeError(
            f"can't make a tensor from {type(data).__name__} data with ragged "
            "or non-numeric entries; give a (nested) list of numbers of equal "
            "lengths"
        )
    return array


def _unwrap(data):
    """Replace one-element tensors inside nested lists by their numbers."""
    return [
        _unwrap(d)
        if isinstance(d, (list, tuple))
        else d.item()
        if isinstance(d, Tensor)
        else d
        for d in data
    ]


def _new(array, dtype, requires_grad):
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


def tensor(data, dtype=None, requires_grad=False):
    """A new tensor holding a copy of `data`.

    Args:
        data: a number, a (nested) list, a numpy array or a tensor.
        dtype: e.g. `minigrad.float64`; by default float32 for Python floats,
            int64 for ints, the array's own dtype for numpy arrays.
        requires_grad: record operations on it for backward.

    Returns:
        A leaf tensor.

    Example:
        >>> minigrad.tensor([1.0, 2.0], requires_grad=True)  # doctest: +SKIP
        tensor([1., 2.], requires_grad=True)
    """
    return _new(_to_array(data, dtype), None, requires_grad)


def from_numpy(array):
    """A tensor sharing memory with the numpy `array` (its dtype kept)."""
    array = np.asarray(array)
    _dtype.from_numpy_dtype(array.dtype)  # raises for dtypes minigrad lacks
    return Tensor._make(array)


def as_tensor(data, dtype=None):
    """`data` as a tensor, sharing memory where it can (as `torch.as_tensor`).

    A tensor of the asked dtype comes back as it is, a numpy array of it is
    shared (as `from_numpy`); anything else is copied (as `tensor`).
    """
    if isinstance(data, Tensor):
        return data if dtype is None or data.dtype is dtype else data.to(dtype)
    if isinstance(data, np.ndarray) and (
        dtype is None or _dtype.to_numpy_dtype(dtype) == data.dtype
    ):
        return from_numpy(data)
    return tensor(data, dtype=dtype)


def _float_dtype(dtype):
    return _dtype.to_numpy_dtype(dtype) if dtype is not None else np.float32


def zeros(*size, dtype=None, requires_grad=False):
    """A tensor of zeros of the given size (float32 by default)."""
    return _new(
        np.zeros(_shape_args(size), dtype=_float_dtype(dtype)), None, requires_grad
    )


def ones(*size, dtype=None, requires_grad=False):
    """A tensor of ones of the given size (float32 by default)."""
    return _new(
        np.ones(_shape_args(size), dtype=_float_dtype(dtype)), None, requires_grad
    )


def empty(*size, dtype=None, requires_grad=False):
    """A tensor of the given size (minigrad fills it with zeros)."""
    return zeros(*size, dtype=dtype, requires_grad=requires_grad)


def full(size, fill_value, dtype=None, requires_grad=False):
    """A tensor of `size` filled with `fill_value` (its dtype follows the value)."""
    if dtype is None:
        dtype = (
            _dtype.bool
            if isinstance(fill_value, bool)
            else (_dtype.int64 if isinstance(fill_value, int) else _dtype.float32)
        )
    return _new(
        np.full(_shape_args((size,)), fill_value, dtype=_dtype.to_numpy_dtype(dtype)),
        None,
        requires_grad,
    )


def eye(n, m=None, dtype=None, requires_grad=False):
    """The n x m identity matrix (m = n by default)."""
    return _new(np.eye(n, m, dtype=_float_dtype(dtype)), None, requires_grad)


def arange(start, end=None, step=1, dtype=None, requires_grad=False):
    """Numbers from `start` to `end` (excluded) in steps of `step`.

    int64 when all arguments are ints, float32 otherwise.
    """
    if end is None:
        start, end = 0, start
    ints = all(isinstance(v, (int, np.integer)) for v in (start, end, step))
    default = np.int64 if ints else np.float32
    array = np.arange(start, end, step, dtype=np.float64 if not ints else np.int64)
    return _new(array.astype(default), dtype, requires_grad)


def linspace(start, end, steps, dtype=None, requires_grad=False):
    """`steps` evenly spaced numbers from `start` to `end` (both included)."""
    return _new(
        np.linspace(start, end, steps).astype(_float_dtype(dtype)), None, requires_grad
    )


def rand(*size, dtype=None, requires_grad=False):
    """Uniform random numbers in [0, 1) (seed with `minigrad.manual_seed`)."""
    array = generator().random(_shape_args(size)).astype(_float_dtype(dtype))
    return _new(array, None, requires_grad)


def randn(*size, dtype=None, requires_grad=False):
    """Standard normal random numbers (seed with `minigrad.manual_seed`)."""
    array = generator().standard_normal(_shape_args(size)).astype(_float_dtype(dtype))
    return _new(array, None, requires_grad)


def randint(low, high=None, size=None, dtype=None):
    """Random integers in [low, high) of the given `size` (int64)."""
    if high is None:
        low, high = 0, low
    if size is None:
        raise TypeError("randint() missing required argument 'size' (e.g. size=(3,))")
    array = generator().integers(low, high, size=_shape_args((size,)), dtype=np.int64)
    return _new(array, dtype, False)


def randperm(n):
    """A random permutation of 0 .. n-1 (int64)."""
    return Tensor._make(generator().permutation(n).astype(np.int64))


def zeros_like(other, dtype=None, requires_grad=False):
    """Zeros with the shape (and dtype) of `other`."""
    return zeros(other.shape, dtype=dtype or other.dtype, requires_grad=requires_grad)


def ones_like(other, dtype=None, requires_grad=False):
    """Ones with the shape (and dtype) of `other`."""
    return ones(other.shape, dtype=dtype or other.dtype, requires_grad=requires_grad)


def full_like(other, fill_value, dtype=None, requires_grad=False):
    """`fill_value` everywhere, with the shape (and dtype) of `other`."""
    return full(
        other.shape, fill_value, dtype=dtype or other.dtype, requires_grad=requires_grad
    )


def rand_like(other, dtype=None, requires_grad=False):
    """Uniform random numbers with the shape of `other`."""
    return rand(other.shape, dtype=dtype or other.dtype, requires_grad=requires_grad)


def randn_like(other, dtype=None, requires_grad=False):
    """Standard normal random numbers with the shape of `other`."""
    return randn(other.shape, dtype=dtype or other.dtype, requires_grad=requires_grad)
