"""Small helpers shared by the op modules: operands, result dtypes, dims."""

import numbers

import numpy as np

from ..tensor import Tensor  # (tensor.py imports the ops at its end)


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


def _is_double(x):
    return isinstance(x, Tensor) and x._data.dtype.char == "d"  # "d": float64


def promote(result, *inputs):
    """Give `result` the dtype PyTorch would: Python numbers don't widen floats.

    numpy makes `int_array / 2` and `int_array * 0.5` float64; PyTorch makes
    them float32 (the default dtype) unless a float64 tensor took part.
    (`result` may be a numpy scalar: numpy gives one for 0-d operands.)
    """
    if result.dtype.char == "d" and not any([_is_double(x) for x in inputs]):
        return result.astype(np.float32)
    return result


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
