"""The named pairs that `max(dim)`, `min(dim)`, `sort` and `topk` return.

As PyTorch's `torch.return_types`: a tuple you can unpack
(`values, indices = x.max(dim=0)`) or read by name (`.values`, `.indices`),
printed on three lines:

    minigrad.return_types.max(
    values=tensor([5., 7.]),
    indices=tensor([1, 0]))
"""

from collections import namedtuple

_Pair = namedtuple("_Pair", ["values", "indices"])


class _ValuesIndices(_Pair):
    """A (values, indices) pair that prints as PyTorch prints its return types."""

    __slots__ = ()

    def __repr__(self):
        # One field a line, as PyTorch's structseq repr: the tensors' own
        # repr may span several lines.
        name = f"{type(self).__module__}.{type(self).__name__}"
        return f"{name}(\nvalues={self.values!r},\nindices={self.indices!r})"

    __str__ = __repr__


class max(_ValuesIndices):  # PyTorch's name (shadows the builtin in this module only)
    """What `x.max(dim)` returns: the largest values and where they are.

    Example:
        >>> values, indices = minigrad.tensor([[1.0, 5.0], [7.0, 2.0]]).max(0)
    """

    __slots__ = ()


class min(_ValuesIndices):  # PyTorch's name (shadows the builtin in this module only)
    """What `x.min(dim)` returns: the smallest values and where they are.

    Example:
        >>> values, indices = minigrad.tensor([[1.0, 5.0], [7.0, 2.0]]).min(0)
    """

    __slots__ = ()


class sort(_ValuesIndices):
    """What `x.sort(dim)` returns: the sorted values and where they came from.

    Example:
        >>> values, indices = minigrad.tensor([3.0, 1.0, 2.0]).sort()
    """

    __slots__ = ()


class topk(_ValuesIndices):
    """What `x.topk(k, dim)` returns: the k largest values and where they are.

    Example:
        >>> values, indices = minigrad.tensor([3.0, 1.0, 2.0]).topk(2)
    """

    __slots__ = ()


# ----- median, nanmedian, kthvalue, mode, cummax, cummin, aminmax (ops/combine_more.py)


class median(_ValuesIndices):
    """What `x.median(dim)` returns: each lane's lower median and where it is."""

    __slots__ = ()


class nanmedian(_ValuesIndices):
    """What `x.nanmedian(dim)` returns: `median` of the numbers (nan ignored)."""

    __slots__ = ()


class kthvalue(_ValuesIndices):
    """What `x.kthvalue(k, dim)` returns: the k-th smallest values, and where."""

    __slots__ = ()


class mode(_ValuesIndices):
    """What `x.mode(dim)` returns: the most frequent values, and where."""

    __slots__ = ()


class cummax(_ValuesIndices):
    """What `x.cummax(dim)` returns: the running largest values, and where."""

    __slots__ = ()


class cummin(_ValuesIndices):
    """What `x.cummin(dim)` returns: the running smallest values, and where."""

    __slots__ = ()


class aminmax(namedtuple("_MinMax", ["min", "max"])):
    """What `x.aminmax()` returns: the smallest and the largest values.

    Example:
        >>> low, high = minigrad.tensor([3.0, 1.0, 2.0]).aminmax()
    """

    __slots__ = ()

    def __repr__(self):
        name = f"{type(self).__module__}.{type(self).__name__}"
        return f"{name}(\nmin={self.min!r},\nmax={self.max!r})"

    __str__ = __repr__
