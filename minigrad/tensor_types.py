"""PyTorch's legacy tensor types: `minigrad.FloatTensor`, `LongTensor`, ...

Old PyTorch code builds tensors with them (`torch.FloatTensor([1, 2])`,
`torch.LongTensor(2, 3)` for sizes, `torch.FloatTensor()` empty), tests
`isinstance(x, torch.FloatTensor)` (True exactly for float32 tensors) and
converts with `x.type(torch.LongTensor)`. Each type is a class whose call
makes an ordinary `Tensor` of its dtype; new code writes
`minigrad.tensor(data, dtype=...)`.
"""

import numpy as np

from . import _dtype
from .tensor import Size, Tensor


class _TensorTypeMeta(type):
    """The one piece of machinery here: `isinstance(x, FloatTensor)` asks this
    metaclass, which answers by the tensor's dtype (PyTorch's tensors of every
    dtype are of the one class Tensor too)."""

    def __instancecheck__(cls, value):
        return isinstance(value, Tensor) and value.dtype is cls.dtype

    def __repr__(cls):
        return f"<class 'minigrad.{cls.__name__}'>"


class _TensorType(metaclass=_TensorTypeMeta):
    """A legacy tensor type: calling it makes a Tensor of its `dtype`."""

    dtype = None

    def __new__(cls, *data):
        """`Type(values)`, `Type(*sizes)` (zeros; PyTorch leaves them
        uninitialised), `Type(size)` or `Type()` (empty)."""
        numpy_dtype = cls.dtype.numpy
        if not data:
            return Tensor._make(np.zeros(0, numpy_dtype))
        if len(data) == 1 and isinstance(data[0], Size):
            data = tuple(data[0])  # Type(x.shape): sizes
        if all(type(d) is int for d in data):  # sizes
            return Tensor._make(np.zeros(data, numpy_dtype))
        if len(data) == 1 and isinstance(data[0], Tensor):
            if data[0].dtype is not cls.dtype:
                raise TypeError(
                    f"expected {_dtype.tensor_type_name(cls.dtype)} (got "
                    f"{data[0].type()}); convert with x.type(minigrad."
                    f"{cls.__name__})"
                )
            return data[0]
        if len(data) == 1 and isinstance(data[0], str):
            raise TypeError(
                f"new(): invalid data type 'str'; {cls.__name__}() takes numbers "
                "or sizes"
            )
        if len(data) == 1:
            from .creation import tensor

            return tensor(data[0], dtype=cls.dtype)
        raise TypeError(
            f"{cls.__name__}() takes sizes ({cls.__name__}(2, 3)) or one sequence "
            f"of values ({cls.__name__}([1, 2])), got {data!r}"
        )


class FloatTensor(_TensorType):
    """float32 tensors."""

    dtype = _dtype.float32


class DoubleTensor(_TensorType):
    """float64 tensors."""

    dtype = _dtype.float64


class HalfTensor(_TensorType):
    """float16 tensors."""

    dtype = _dtype.float16


class LongTensor(_TensorType):
    """int64 tensors."""

    dtype = _dtype.int64


class IntTensor(_TensorType):
    """int32 tensors."""

    dtype = _dtype.int32


class ShortTensor(_TensorType):
    """int16 tensors."""

    dtype = _dtype.int16


class CharTensor(_TensorType):
    """int8 tensors."""

    dtype = _dtype.int8


class ByteTensor(_TensorType):
    """uint8 tensors."""

    dtype = _dtype.uint8


class BoolTensor(_TensorType):
    """bool tensors."""

    dtype = _dtype.bool
