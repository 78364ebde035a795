"""Small datasets made in code for the lessons, and PyTorch's data loading.

`torch.utils.data` (`minigrad.utils.data` gives it that import path):
datasets (`Dataset`, `IterableDataset`, `TensorDataset`, `Subset`,
`ConcatDataset`, `ChainDataset`, `StackDataset`, `random_split`), samplers
(`SequentialSampler`, `RandomSampler`, `SubsetRandomSampler`,
`WeightedRandomSampler`, `BatchSampler`), `default_collate`,
`default_convert` and the `DataLoader`, which loads in the main process.

Every maker takes a `seed`: the same seed gives the same points on every
machine. With `seed=None` they draw from minigrad's generator, so
`minigrad.manual_seed(...)` makes them repeatable too.

    X, y = minigrad.data.make_moons(200, noise=0.1, seed=0)
    loader = minigrad.data.DataLoader(minigrad.data.TensorDataset(X, y),
                                      batch_size=32, shuffle=True)
    for xb, yb in loader:
        ...

Inputs come as float32 tensors of shape `(n, features)`; class labels as
int64 tensors of shape `(n,)` (what `nn.CrossEntropyLoss` wants; for
`nn.BCEWithLogitsLoss` use `y.float().unsqueeze(1)`).
"""

import bisect
import collections.abc
import copy
import itertools
import math
import multiprocessing
import numbers
import warnings

import numpy as np

import minigrad
from minigrad.random import generator, numpy_generator
from minigrad.tensor import Tensor

__all__ = [
    "BatchSampler",
    "ChainDataset",
    "ConcatDataset",
    "DataLoader",
    "Dataset",
    "IterableDataset",
    "RandomSampler",
    "Sampler",
    "SequentialSampler",
    "StackDataset",
    "Subset",
    "SubsetRandomSampler",
    "TensorDataset",
    "WeightedRandomSampler",
    "default_collate",
    "default_convert",
    "get_worker_info",
    "make_circles",
    "make_linear",
    "make_moons",
    "make_spirals",
    "random_split",
]


def _rng(seed):
    """A numpy Generator: a fresh one for a seed, else minigrad's own."""
    return generator() if seed is None else np.random.default_rng(seed)


def _as_tensors(X, y, label_dtype=np.int64):
    return (
        minigrad.tensor(X.astype(np.float32)),
        minigrad.tensor(y.astype(label_dtype)),
    )


def _shuffled(X, y, rng):
    order = rng.permutation(len(X))
    return X[order], y[order]


def make_linear(n_samples=100, slope=2.0, intercept=1.0, noise=0.1, seed=None):
    """Points on a line with Gaussian noise: `y = slope * x + intercept + noise`.

    `x` is drawn uniformly from [-1, 1).

    Args:
        n_samples: how many points.
        slope: the true slope (what training should recover).
        intercept: the true intercept.
        noise: standard deviation of the noise added to y.
        seed: an int for repeatable data (None: minigrad's generator).

    Returns:
        `(X, y)`, both float32 of shape `(n_samples, 1)`.

    Example:
        >>> X, y = make_linear(50, slope=3.0, intercept=-1.0, seed=0)
        >>> X.shape, y.shape
        (minigrad.Size([50, 1]), minigrad.Size([50, 1]))
    """
    rng = _rng(seed)
    x = rng.uniform(-1.0, 1.0, size=(n_samples, 1))
    y = slope * x + intercept + noise * rng.standard_normal((n_samples, 1))
    return _as_tensors(x, y, np.float32)


def make_moons(n_samples=200, noise=0.1, seed=None):
    """Two interleaving half circles, labelled 0 (upper) and 1 (lower).

    Not separable by a straight line: a small MLP is needed.

    Args:
        n_samples: total number of points (split evenly between the moons).
        noise: standard deviation of Gaussian noise added to each point.
        seed: an int for repeatable data (None: minigrad's generator).

    Returns:
        `(X, y)`: X float32 `(n_samples, 2)`, y int64 `(n_samples,)`, shuffled.
    """
    rng = _rng(seed)
    n_upper = n_samples // 2
    n_lower = n_samples - n_upper
    t_upper = np.linspace(0, math.pi, n_upper)
    t_lower = np.linspace(0, math.pi, n_lower)
    upper = np.stack([np.cos(t_upper), np.sin(t_upper)], axis=1)
    lower = np.stack([1 - np.cos(t_lower), 0.5 - np.sin(t_lower)], axis=1)
    X = np.concatenate([upper, lower]) + noise * rng.standard_normal((n_samples, 2))
    y = np.concatenate([np.zeros(n_upper), np.ones(n_lower)])
    return _as_tensors(*_shuffled(X, y, rng))


def make_circles(n_samples=200, noise=0.05, factor=0.5, seed=None):
    """A small circle inside a large one, labelled 1 (inner) and 0 (outer).

    Args:
        n_samples: total number of points (split evenly between the circles).
        noise: standard deviation of Gaussian noise added to each point.
        factor: radius of the inner circle relative to the outer (0 < factor < 1).
        seed: an int for repeatable data (None: minigrad's generator).

    Returns:
        `(X, y)`: X float32 `(n_samples, 2)`, y int64 `(n_samples,)`, shuffled.
    """
    if not 0 < factor < 1:
        raise ValueError(f"factor has to be between 0 and 1, got {factor}")
    rng = _rng(seed)
    n_outer = n_samples // 2
    n_inner = n_samples - n_outer
    t_outer = np.linspace(0, 2 * math.pi, n_outer, endpoint=False)
    t_inner = np.linspace(0, 2 * math.pi, n_inner, endpoint=False)
    outer = np.stack([np.cos(t_outer), np.sin(t_outer)], axis=1)
    inner = factor * np.stack([np.cos(t_inner), np.sin(t_inner)], axis=1)
    X = np.concatenate([outer, inner]) + noise * rng.standard_normal((n_samples, 2))
    y = np.concatenate([np.zeros(n_outer), np.ones(n_inner)])
    return _as_tensors(*_shuffled(X, y, rng))


def make_spirals(n_samples=300, n_classes=3, noise=0.2, seed=None):
    """Interleaved spiral arms, one per class (the classic CS231n data set).

    Args:
        n_samples: total number of points (split evenly between the arms).
        n_classes: how many arms (classes).
        noise: standard deviation of the noise added to each point's angle.
        seed: an int for repeatable data (None: minigrad's generator).

    Returns:
        `(X, y)`: X float32 `(n_samples, 2)`, y int64 `(n_samples,)` in
        `[0, n_classes)`, shuffled.
    """
    rng = _rng(seed)
    sizes = [
        n_samples // n_classes + (k < n_samples % n_classes) for k in range(n_classes)
    ]
    points, labels = [], []
    for k, n in enumerate(sizes):
        radius = np.linspace(0.0, 1.0, n)
        angle = np.linspace(k * 4.0, (k + 1) * 4.0, n) + noise * rng.standard_normal(n)
        points.append(
            np.stack([radius * np.sin(angle), radius * np.cos(angle)], axis=1)
        )
        labels.append(np.full(n, k))
    return _as_tensors(*_shuffled(np.concatenate(points), np.concatenate(labels), rng))


class Dataset:
    """The base class of map-style datasets, as `torch.utils.data.Dataset`.

    A subclass says how to get sample `index` (`__getitem__`) and, for a
    DataLoader, how many samples there are (`__len__`).

    Example:
        >>> class Squares(Dataset):
        ...     def __len__(self):
        ...         return 4
        ...     def __getitem__(self, index):
        ...         return minigrad.tensor(float(index**2))
        >>> Squares()[3]
        tensor(9.)
    """

    def __getitem__(self, index):
        raise NotImplementedError("Subclasses of Dataset should implement __getitem__.")

    def __add__(self, other):
        """`a + b`: the samples of `a`, then those of `b` (a `ConcatDataset`)."""
        return ConcatDataset([self, other])


class TensorDataset(Dataset):
    """A dataset of tensors that share their first dimension: item i is `(t[i], ...)`.

    Args:
        *tensors: tensors with the same length (e.g. inputs X and labels y).

    Example:
        >>> ds = TensorDataset(minigrad.zeros(4, 2), minigrad.arange(4))
        >>> len(ds), ds[1][1]
        (4, tensor(1))
    """

    def __init__(self, *tensors):
        if not tensors:
            raise ValueError("TensorDataset needs at least one tensor")
        for position, t in enumerate(tensors):
            if not isinstance(t, Tensor):
                raise TypeError(
                    f"TensorDataset: tensor {position} is a {type(t).__name__}, "
                    "not a Tensor; wrap it with minigrad.tensor(...)"
                )
            if t.dim() == 0:  # PyTorch's IndexError, from its t.size(0)
                raise IndexError(
                    f"Dimension specified as 0 but tensor has no dimensions "
                    f"(TensorDataset: tensor {position} is 0-d; every tensor "
                    "needs a first dimension that indexes the samples)"
                )
        # PyTorch asserts this (AssertionError), with the same first words.
        if any(t.shape[0] != tensors[0].shape[0] for t in tensors):
            raise AssertionError(
                "Size mismatch between tensors: "
                + ", ".join(str(tuple(t.shape)) for t in tensors)
                + " (every tensor needs the same first dimension: one row per "
                "sample)"
            )
        self.tensors = tensors

    def __len__(self):
        return self.tensors[0].shape[0]

    def __getitem__(self, index):
        return tuple(t[index] for t in self.tensors)


class Subset(Dataset):
    """The samples of `dataset` at `indices`, in that order (a view, no copy).

    Args:
        dataset: the whole dataset.
        indices: the positions in it that this subset holds.

    Example:
        >>> part = Subset(TensorDataset(minigrad.arange(5.0)), [4, 0])
        >>> len(part), part[0]
        (2, (tensor(4.),))
    """

    def __init__(self, dataset, indices):
        self.dataset = dataset
        self.indices = indices

    def __getitem__(self, index):
        if isinstance(index, list):
            return self.dataset[[self.indices[i] for i in index]]
        return self.dataset[self.indices[index]]

    def __len__(self):
        return len(self.indices)


def random_split(dataset, lengths, generator=None):
    """Split a dataset at random into non-overlapping `Subset`s, as PyTorch does.

    Args:
        dataset: anything with `len()` and indexing.
        lengths: the size of each part, as ints that add up to `len(dataset)`,
            or as fractions that add up to 1 (each part gets the floor of its
            share; what is left goes one each to the parts in turn).
        generator: a `minigrad.Generator` to draw the order from (default:
            the global one, which `manual_seed` seeds).

    Returns:
        A list of `Subset`s, one per length.

    Example:
        >>> g = minigrad.Generator().manual_seed(0)
        >>> train, test = random_split(range(10), [0.8, 0.2], generator=g)
        >>> len(train), len(test)
        (8, 2)
    """
    lengths = list(lengths)
    for position, length in enumerate(lengths):
        if isinstance(length, bool) or not isinstance(length, numbers.Real):
            raise TypeError(
                f"random_split(): length at index {position} is a "
                f"{type(length).__name__} ({length!r}); give ints that add up to "
                "len(dataset), or fractions that add up to 1"
            )
    n = len(dataset)
    if math.isclose(sum(lengths), 1) and sum(lengths) <= 1:
        lengths = _lengths_of_fractions(lengths, n)
    for position, length in enumerate(lengths):
        if length < 0 or length != int(length):
            raise ValueError(
                f"random_split(): length at index {position} is {length!r}; "
                "lengths are whole numbers, 0 or more (or fractions adding up to 1)"
            )
    if sum(lengths) != n:
        raise ValueError(
            "Sum of input lengths does not equal the length of the input dataset! "
            f"(lengths {lengths} add up to {sum(lengths)}, the dataset has {n})"
        )
    order = numpy_generator(generator).permutation(n).tolist()
    parts, start = [], 0
    for length in lengths:
        parts.append(Subset(dataset, order[start : start + int(length)]))
        start += int(length)
    return parts


def _lengths_of_fractions(fractions, n):
    """Whole lengths for `fractions` of `n` items (PyTorch's rule)."""
    lengths = []
    for position, fraction in enumerate(fractions):
        if not 0 <= fraction <= 1:
            raise ValueError(f"Fraction at index {position} is not between 0 and 1")
        lengths.append(math.floor(n * fraction))
    for i in range(n - sum(lengths)):  # the rest: one each, round robin
        lengths[i % len(lengths)] += 1
    for position, length in enumerate(lengths):
        if length == 0:
            warnings.warn(
                f"Length of split at index {position} is 0. This might result in "
                "an empty dataset.",
                UserWarning,
                stacklevel=3,
            )
    return lengths


# ----- more datasets: streams, concatenation, stacking


class IterableDataset(Dataset, collections.abc.Iterable):
    """The base class of stream-style datasets, as `torch.utils.data.IterableDataset`.

    A subclass says how to go through its samples (`__iter__`); a DataLoader
    takes them in that order and batches them (no sampler, no shuffling).
    `len()` works only if the subclass defines `__len__`.

    Example:
        >>> class Count(IterableDataset):
        ...     def __iter__(self):
        ...         return iter(range(5))
        >>> [b.tolist() for b in DataLoader(Count(), batch_size=2)]
        [[0, 1], [2, 3], [4]]
    """

    # (`__iter__` stays abstract, from collections.abc.Iterable: as in PyTorch,
    # a subclass without one can't be made, a TypeError that names it.)

    def __add__(self, other):
        """`a + b` of two streams: those of `a`, then `b` (a `ChainDataset`)."""
        return ChainDataset([self, other])


class ConcatDataset(Dataset):
    """Several map-style datasets one after the other (`a + b` makes one).

    Args:
        datasets: the datasets, in order (not IterableDatasets: use
            `ChainDataset` for those).

    Example:
        >>> both = ConcatDataset([range(3), range(10, 12)])
        >>> len(both), both[3], both[-1]
        (5, 10, 11)
    """

    def __init__(self, datasets):
        self.datasets = list(datasets)
        # PyTorch asserts these (AssertionError), with the same words.
        if len(self.datasets) == 0:
            raise AssertionError("datasets should not be an empty iterable")
        for d in self.datasets:
            if isinstance(d, IterableDataset):
                raise AssertionError(
                    "ConcatDataset does not support IterableDataset "
                    "(chain streams with ChainDataset)"
                )
        self.cumulative_sizes = self.cumsum(self.datasets)

    @staticmethod
    def cumsum(sequence):
        """The running totals of the datasets' lengths: `[3, 5]` for 3 then 2."""
        totals, total = [], 0
        for dataset in sequence:
            total += len(dataset)
            totals.append(total)
        return totals

    def __len__(self):
        return self.cumulative_sizes[-1]

    def __getitem__(self, idx):
        if idx < 0:
            if -idx > len(self):
                raise ValueError(
                    "absolute value of index should not exceed dataset length "
                    f"(index {idx}, length {len(self)})"
                )
            idx = len(self) + idx
        # The first dataset whose running total is past idx holds it.
        dataset_idx = bisect.bisect_right(self.cumulative_sizes, idx)
        if dataset_idx == 0:
            sample_idx = idx
        else:
            sample_idx = idx - self.cumulative_sizes[dataset_idx - 1]
        return self.datasets[dataset_idx][sample_idx]


class ChainDataset(IterableDataset):
    """Several IterableDatasets one after the other (`a + b` of two streams).

    Args:
        datasets: the IterableDatasets, in order.

    Example:
        >>> class Count(IterableDataset):
        ...     def __init__(self, n):
        ...         self.n = n
        ...     def __iter__(self):
        ...         return iter(range(self.n))
        >>> list(Count(2) + Count(3))
        [0, 1, 0, 1, 2]
    """

    def __init__(self, datasets):
        self.datasets = datasets

    def __iter__(self):
        for d in self.datasets:
            if not isinstance(d, IterableDataset):
                raise AssertionError("ChainDataset only supports IterableDataset")
            yield from d

    def __len__(self):
        total = 0
        for d in self.datasets:
            if not isinstance(d, IterableDataset):
                raise AssertionError("ChainDataset only supports IterableDataset")
            total += len(d)
        return total


class StackDataset(Dataset):
    """Datasets of the same length side by side: item i is `(a[i], b[i], ...)`,
    or a dict `{"name": a[i], ...}` when they are given by keyword.

    Args:
        *args: datasets whose items come as a tuple.
        **kwargs: datasets whose items come as a dict (not both kinds).

    Example:
        >>> StackDataset(range(3), "abc")[1]
        (1, 'b')
        >>> StackDataset(x=range(3), label="abc")[2]
        {'x': 2, 'label': 'c'}
    """

    def __init__(self, *args, **kwargs):
        if args and kwargs:
            raise ValueError(
                "Supported either ``tuple``- (via ``args``) or"
                "``dict``- (via ``kwargs``) like input/output, but both types "
                "are given."
            )
        if not args and not kwargs:
            raise ValueError("At least one dataset should be passed")
        parts = list(args) if args else list(kwargs.values())
        self._length = len(parts[0])
        if any(self._length != len(dataset) for dataset in parts):
            raise ValueError(
                "Size mismatch between datasets (lengths "
                f"{[len(dataset) for dataset in parts]}; they have to be equal)"
            )
        self.datasets = args if args else kwargs

    def __getitem__(self, index):
        if isinstance(self.datasets, dict):
            return {k: dataset[index] for k, dataset in self.datasets.items()}
        return tuple(dataset[index] for dataset in self.datasets)

    def __len__(self):
        return self._length


# ----- samplers: the order of the indices a DataLoader reads


class Sampler:
    """The base class of samplers, as `torch.utils.data.Sampler`.

    A sampler is an iterable of dataset indices (or, for a batch sampler, of
    lists of indices); a subclass writes `__iter__`, and `__len__` if the
    DataLoader's `len()` is wanted. Any iterable of indices works as a
    DataLoader's `sampler=` too.

    Example:
        >>> class Backwards(Sampler):
        ...     def __init__(self, n):
        ...         self.n = n
        ...     def __iter__(self):
        ...         return iter(range(self.n - 1, -1, -1))
        ...     def __len__(self):
        ...         return self.n
        >>> list(Backwards(3))
        [2, 1, 0]
    """

    def __iter__(self):
        raise NotImplementedError


class SequentialSampler(Sampler):
    """The indices `0, 1, ..., len(data_source) - 1`, in order.

    Args:
        data_source: anything with `len()`.

    Example:
        >>> list(SequentialSampler(range(4)))
        [0, 1, 2, 3]
    """

    def __init__(self, data_source):
        self.data_source = data_source

    def __iter__(self):
        return iter(range(len(self.data_source)))

    def __len__(self):
        return len(self.data_source)


class RandomSampler(Sampler):
    """The indices of `data_source` in a random order, drawn anew each iteration.

    Draws come from `generator` (a `minigrad.Generator`) or minigrad's global
    generator, so `manual_seed` makes them repeatable (numpy's draws: the
    order differs from PyTorch's for the same seed).

    Args:
        data_source: anything with `len()`.
        replacement: draw each index independently (repeats possible).
        num_samples: how many indices (default `len(data_source)`; without
            replacement, more than that gives whole permutations one after
            another, as PyTorch).
        generator: a `minigrad.Generator` to draw from (default: the global one).

    Example:
        >>> sorted(RandomSampler(range(5)))
        [0, 1, 2, 3, 4]
    """

    def __init__(
        self, data_source, replacement=False, num_samples=None, generator=None
    ):
        self.data_source = data_source
        self.replacement = replacement
        self._num_samples = num_samples
        self.generator = generator
        if not isinstance(self.replacement, bool):
            raise TypeError(
                "replacement should be a boolean value, but got "
                f"replacement={self.replacement}"
            )
        if (
            not isinstance(self.num_samples, int)
            or isinstance(self.num_samples, bool)
            or self.num_samples <= 0
        ):
            raise ValueError(
                "num_samples should be a positive integer value, but got "
                f"num_samples={self.num_samples}"
            )

    @property
    def num_samples(self):
        """How many indices one iteration gives."""
        if self._num_samples is None:
            return len(self.data_source)
        return self._num_samples

    def __iter__(self):
        n = len(self.data_source)
        rng = numpy_generator(self.generator)
        if self.replacement:
            yield from rng.integers(0, n, size=self.num_samples).tolist()
            return
        for _ in range(self.num_samples // n):
            yield from rng.permutation(n).tolist()
        if self.num_samples % n:
            yield from rng.permutation(n)[: self.num_samples % n].tolist()

    def __len__(self):
        return self.num_samples


class SubsetRandomSampler(Sampler):
    """The given `indices` in a random order, drawn anew each iteration.

    Args:
        indices: a sequence of dataset indices (e.g. those of a validation split).
        generator: a `minigrad.Generator` to draw from (default: the global one).

    Example:
        >>> sorted(SubsetRandomSampler([7, 3, 9]))
        [3, 7, 9]
    """

    def __init__(self, indices, generator=None):
        self.indices = indices
        self.generator = generator

    def __iter__(self):
        for i in (
            numpy_generator(self.generator).permutation(len(self.indices)).tolist()
        ):
            yield self.indices[i]

    def __len__(self):
        return len(self.indices)


class WeightedRandomSampler(Sampler):
    """`num_samples` indices of `[0, len(weights))`, each drawn with
    probability proportional to its weight (`minigrad.multinomial`).

    Args:
        weights: one weight per index (need not sum to 1), a 1-D sequence.
        num_samples: how many indices to draw.
        replacement: whether an index may come again (without it,
            `num_samples` may not exceed the number of non-zero weights).
        generator: a `minigrad.Generator` to draw from (default: the global one).

    Example:
        >>> list(WeightedRandomSampler([0.0, 1.0, 0.0], 3))
        [1, 1, 1]
    """

    def __init__(self, weights, num_samples, replacement=True, generator=None):
        if (
            not isinstance(num_samples, int)
            or isinstance(num_samples, bool)
            or num_samples <= 0
        ):
            raise ValueError(
                "num_samples should be a positive integer value, but got "
                f"num_samples={num_samples}"
            )
        if not isinstance(replacement, bool):
            raise ValueError(
                "replacement should be a boolean value, but got "
                f"replacement={replacement}"
            )
        weights_tensor = minigrad.as_tensor(weights, dtype=minigrad.float64)
        if len(weights_tensor.shape) != 1:
            raise ValueError(
                "weights should be a 1d sequence but given "
                f"weights have shape {tuple(weights_tensor.shape)}"
            )
        self.weights = weights_tensor
        self.num_samples = num_samples
        self.replacement = replacement
        self.generator = generator

    def __iter__(self):
        drawn = minigrad.multinomial(
            self.weights, self.num_samples, self.replacement, generator=self.generator
        )
        yield from drawn.tolist()

    def __len__(self):
        return self.num_samples


class BatchSampler(Sampler):
    """Group the indices of `sampler` into lists of `batch_size`.

    Args:
        sampler: a sampler or any iterable of indices.
        batch_size: indices per batch.
        drop_last: drop the last list if it is shorter than `batch_size`.

    Example:
        >>> list(BatchSampler(SequentialSampler(range(5)), 2, drop_last=False))
        [[0, 1], [2, 3], [4]]
        >>> list(BatchSampler(range(5), batch_size=2, drop_last=True))
        [[0, 1], [2, 3]]
    """

    def __init__(self, sampler, batch_size, drop_last):
        if (
            not isinstance(batch_size, int)
            or isinstance(batch_size, bool)
            or batch_size <= 0
        ):
            raise ValueError(
                "batch_size should be a positive integer value, but got "
                f"batch_size={batch_size}"
            )
        if not isinstance(drop_last, bool):
            raise ValueError(
                f"drop_last should be a boolean value, but got drop_last={drop_last}"
            )
        self.sampler = sampler
        self.batch_size = batch_size
        self.drop_last = drop_last

    def __iter__(self):
        indices = iter(self.sampler)
        batch = list(itertools.islice(indices, self.batch_size))
        while batch:
            if self.drop_last and len(batch) < self.batch_size:
                return
            yield batch
            batch = list(itertools.islice(indices, self.batch_size))

    def __len__(self):
        if self.drop_last:
            return len(self.sampler) // self.batch_size
        return (len(self.sampler) + self.batch_size - 1) // self.batch_size


class _InfiniteConstantSampler(Sampler):
    """`None` forever: the "indices" of an IterableDataset, which ignores them."""

    def __iter__(self):
        while True:
            yield None


# ----- collation: a list of samples to one batch


_COLLATE_ERROR = (
    "default_collate: batch must contain tensors, numpy arrays, numbers, "
    "dicts or lists; found {}"
)


def _is_numpy_strings(array):
    """Whether a numpy array holds strings, bytes or objects (no tensor of those)."""
    return array.dtype.kind in "SaUO"


def default_collate(batch):
    """Stack a list of samples into one batch, as PyTorch's `default_collate`.

    The rules, by the type of the first sample:

    - tensor: stacked (a new first dimension); numpy array: made a tensor, then
      stacked; numpy scalars: one tensor of their dtype
    - float: a float64 tensor; int: an int64 tensor; bool: a bool tensor
    - str and bytes: kept as they came: the list given, or, for a field of
      tuple, list or namedtuple samples, a tuple (PyTorch's zip(*batch))
    - dict (any mapping): the same keys, each value collated
    - namedtuple: the same namedtuple of collated fields
    - tuple or list: a list of collated fields (a list subclass keeps its type);
      every sample needs the same length

    Anything else raises TypeError: give a `collate_fn` of your own.

    Example:
        >>> default_collate([(1.0, 2), (3.0, 4)])
        [tensor([1., 3.], dtype=minigrad.float64), tensor([2, 4])]
        >>> default_collate([{"x": minigrad.zeros(2)}, {"x": minigrad.ones(2)}])
        {'x': tensor([[0., 0.],
                [1., 1.]])}
    """
    elem = batch[0]
    if isinstance(elem, Tensor):
        return minigrad.stack(batch, 0)
    if isinstance(elem, np.ndarray):
        if _is_numpy_strings(elem):
            raise TypeError(_COLLATE_ERROR.format(elem.dtype))
        return default_collate([minigrad.as_tensor(b) for b in batch])
    if isinstance(elem, (np.bool_, np.number, np.object_)):
        return minigrad.as_tensor(batch)
    if isinstance(elem, float):
        return minigrad.tensor(batch, dtype=minigrad.float64)
    if isinstance(elem, int):  # (bool too: a bool tensor)
        return minigrad.tensor(batch)
    if isinstance(elem, (str, bytes)):
        return batch
    if isinstance(elem, collections.abc.Mapping):
        collated = {key: default_collate([d[key] for d in batch]) for key in elem}
        return _same_mapping_type(elem, collated)
    if isinstance(elem, tuple) and hasattr(elem, "_fields"):  # namedtuple
        # Each field goes on as the tuple zip gives, as in PyTorch: a field of
        # strings comes back as that tuple.
        return type(elem)(*(default_collate(field) for field in zip(*batch)))
    if isinstance(elem, collections.abc.Sequence):
        size = len(elem)
        if any(len(sample) != size for sample in batch):
            raise RuntimeError(
                "each element in list of batch should be of equal size "
                f"(lengths {[len(sample) for sample in batch]}; pad them in a "
                "collate_fn of your own)"
            )
        fields = [default_collate(field) for field in zip(*batch)]
        if isinstance(elem, tuple):
            return fields  # a list, as PyTorch (for backwards compatibility)
        return _same_sequence_type(elem, fields)
    raise TypeError(
        _COLLATE_ERROR.format(type(elem)) + " (give a collate_fn of your own)"
    )


def default_convert(data):
    """Turn the numpy arrays in one sample into tensors, leave the rest as it is.

    What a DataLoader with `batch_size=None` does to each sample (no batching).
    Tuples become lists, as in PyTorch; dicts, namedtuples and lists keep
    their type.

    Example:
        >>> default_convert((np.array([1, 2]), "a", 3))
        [tensor([1, 2]), 'a', 3]
    """
    if isinstance(data, Tensor):
        return data
    if isinstance(data, (np.ndarray, np.generic)) and not isinstance(
        data, (np.str_, np.bytes_)
    ):
        if isinstance(data, np.ndarray) and _is_numpy_strings(data):
            return data
        return minigrad.as_tensor(data)
    if isinstance(data, collections.abc.Mapping):
        converted = {key: default_convert(data[key]) for key in data}
        return _same_mapping_type(data, converted)
    if isinstance(data, tuple) and hasattr(data, "_fields"):  # namedtuple
        return type(data)(*(default_convert(d) for d in data))
    if isinstance(data, tuple):
        return [default_convert(d) for d in data]
    if isinstance(data, collections.abc.Sequence) and not isinstance(
        data, (str, bytes)
    ):
        return _same_sequence_type(data, [default_convert(d) for d in data])
    return data


def _same_mapping_type(like, values):
    """`values` (a dict) as the mapping type of `like` where it can be made
    (a copy updated in place, as PyTorch), else a plain dict."""
    try:
        if isinstance(like, collections.abc.MutableMapping):
            clone = copy.copy(like)
            clone.update(values)
            return clone
        return type(like)(values)
    except TypeError:
        return values


def _same_sequence_type(like, items):
    """`items` (a list) as the sequence type of `like` where it can be made."""
    try:
        if isinstance(like, collections.abc.MutableSequence):
            clone = copy.copy(like)
            for i, item in enumerate(items):
                clone[i] = item
            return clone
        return type(like)(items)
    except TypeError:
        return items


# ----- workers: minigrad has none, PyTorch's order is kept


class WorkerInfo:
    """What `get_worker_info()` gives inside a DataLoader worker: `id`,
    `num_workers`, `seed` and `dataset` (that worker's copy of the dataset)."""

    def __init__(self, id, num_workers, seed, dataset):
        self.id = id
        self.num_workers = num_workers
        self.seed = seed
        self.dataset = dataset

    def __repr__(self):
        return (
            f"WorkerInfo(id={self.id}, num_workers={self.num_workers}, "
            f"seed={self.seed}, dataset={self.dataset!r})"
        )


_worker_info = None  # set while an IterableDataset's worker copy is read


def get_worker_info():
    """Information about the DataLoader worker this runs in; None outside one.

    minigrad loads data in the main process, so this is None, except while a
    DataLoader with `num_workers > 0` reads an IterableDataset: it then reads
    one copy of the dataset per worker, as PyTorch's worker processes do, and
    this gives that copy's `WorkerInfo` (`id`, `num_workers`, `seed`,
    `dataset`), so datasets that split their stream by worker give
    PyTorch's batches.

    Example:
        >>> get_worker_info() is None
        True
    """
    return _worker_info


def _as_worker(info, function, *args):
    """`function(*args)` with `get_worker_info()` giving `info` meanwhile."""
    global _worker_info
    previous, _worker_info = _worker_info, info
    try:
        return function(*args)
    finally:
        _worker_info = previous


# ----- the DataLoader


class DataLoader:
    """Iterate over a dataset in batches, as `torch.utils.data.DataLoader`.

    Each batch is `collate_fn` of the samples at one list of indices from
    `batch_sampler` (by default: `sampler`'s indices, `batch_size` at a time;
    the sampler by default in order, or shuffled anew each epoch). An
    IterableDataset gives its samples in its own order, `batch_size` at a time.

    minigrad loads every batch in the main process, whatever `num_workers`
    says; the batches and their order are PyTorch's with `in_order=True`
    (an IterableDataset is read once per worker, round robin, as PyTorch's
    workers read it: see `get_worker_info`). `pin_memory`, `timeout`,
    `prefetch_factor`, `persistent_workers`, `multiprocessing_context` and
    `in_order` are checked as PyTorch checks them and change nothing; for a
    map-style dataset, `worker_init_fn` is not called (there are no workers).

    Args:
        dataset: a map-style dataset (`len()` and indexing, e.g. a
            `TensorDataset`) or an `IterableDataset`.
        batch_size: samples per batch (the last batch may be smaller); None:
            no batching, each sample comes alone, its numpy arrays made tensors.
        shuffle: draw a new order each epoch (from `generator`, or minigrad's
            generator, so `manual_seed` makes it repeatable).
        sampler: the order of the indices (not with `shuffle`).
        batch_sampler: gives whole lists of indices (not with `batch_size`,
            `shuffle`, `sampler` or `drop_last`).
        num_workers: accepted (0 or more); see above.
        collate_fn: turns a list of samples into a batch (default:
            `default_collate`; with `batch_size=None`, `default_convert`).
        pin_memory: accepted; warns, as PyTorch without an accelerator.
        drop_last: drop the last batch if it is smaller than `batch_size`.
        timeout: accepted (0 or more).
        worker_init_fn: called with each worker's id when an IterableDataset
            is read per worker.
        multiprocessing_context: accepted with `num_workers > 0` (a start
            method name or a context).
        generator: a `minigrad.Generator` for the shuffled order.
        prefetch_factor: accepted with `num_workers > 0` (default 2 then).
        persistent_workers: accepted with `num_workers > 0`.
        pin_memory_device: accepted.
        in_order: accepted; the order is always the in-order one.

    Example:
        >>> X, y = make_moons(10, seed=0)
        >>> loader = DataLoader(TensorDataset(X, y), batch_size=4)
        >>> [tuple(xb.shape) for xb, yb in loader]
        [(4, 2), (4, 2), (2, 2)]
    """

    _initialized = False

    def __init__(
        self,
        dataset,
        batch_size=1,
        shuffle=None,
        sampler=None,
        batch_sampler=None,
        num_workers=0,
        collate_fn=None,
        pin_memory=False,
        drop_last=False,
        timeout=0,
        worker_init_fn=None,
        multiprocessing_context=None,
        generator=None,
        *,
        prefetch_factor=None,
        persistent_workers=False,
        pin_memory_device="",
        in_order=True,
    ):
        # PyTorch's checks, in PyTorch's order and with its messages.
        if num_workers < 0:
            raise ValueError(
                "num_workers option should be non-negative; "
                "use num_workers=0 to disable multiprocessing."
            )
        if timeout < 0:
            raise ValueError("timeout option should be non-negative")
        if num_workers == 0 and prefetch_factor is not None:
            raise ValueError(
                "prefetch_factor option could only be specified in multiprocessing."
                "let num_workers > 0 to enable multiprocessing, otherwise set "
                "prefetch_factor to None."
            )
        elif num_workers > 0 and prefetch_factor is None:
            prefetch_factor = 2
        elif prefetch_factor is not None and prefetch_factor < 0:
            raise ValueError("prefetch_factor option should be non-negative")
        if persistent_workers and num_workers == 0:
            raise ValueError("persistent_workers option needs num_workers > 0")
        multiprocessing_context = _checked_context(multiprocessing_context, num_workers)

        is_stream = isinstance(dataset, IterableDataset)
        if is_stream:
            # A stream has its own order: no sampler, no shuffling.
            if shuffle not in {False, None}:
                raise ValueError(
                    "DataLoader with IterableDataset: expected unspecified shuffle "
                    f"option, but got shuffle={shuffle}"
                )
            if sampler is not None:
                raise ValueError(
                    "DataLoader with IterableDataset: expected unspecified sampler "
                    f"option, but got sampler={sampler}"
                )
            if batch_sampler is not None:
                raise ValueError(
                    "DataLoader with IterableDataset: expected unspecified "
                    f"batch_sampler option, but got batch_sampler={batch_sampler}"
                )
        else:
            shuffle = bool(shuffle)
        if sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")
        if batch_sampler is not None:
            if batch_size != 1 or shuffle or sampler is not None or drop_last:
                raise ValueError(
                    "batch_sampler option is mutually exclusive "
                    "with batch_size, shuffle, sampler, and "
                    "drop_last"
                )
            batch_size = None
            drop_last = False
        elif batch_size is None and drop_last:
            raise ValueError(
                "batch_size=None option disables auto-batching "
                "and is mutually exclusive with drop_last"
            )

        if sampler is None:
            if is_stream:
                sampler = _InfiniteConstantSampler()
            elif shuffle:
                sampler = RandomSampler(dataset, generator=generator)
            else:
                sampler = SequentialSampler(dataset)
        if batch_size is not None and batch_sampler is None:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)
        if collate_fn is None:
            collate_fn = (
                default_collate if batch_sampler is not None else default_convert
            )

        self.dataset = dataset
        self.batch_size = batch_size
        self.drop_last = drop_last
        self.sampler = sampler
        self.batch_sampler = batch_sampler
        self.num_workers = num_workers
        self.collate_fn = collate_fn
        self.pin_memory = pin_memory
        self.pin_memory_device = pin_memory_device
        self.timeout = timeout
        self.worker_init_fn = worker_init_fn
        self.multiprocessing_context = multiprocessing_context
        self.generator = generator
        self.prefetch_factor = prefetch_factor
        self.persistent_workers = persistent_workers
        self.in_order = in_order
        self._initialized = True

    def __setattr__(self, name, value):
        # As PyTorch: these are read once, when the sampler is built, so a
        # later change would silently do nothing. Make a new DataLoader.
        if self._initialized and name in (
            "batch_size",
            "batch_sampler",
            "sampler",
            "drop_last",
            "dataset",
            "persistent_workers",
        ):
            raise ValueError(
                f"{name} attribute should not be set after "
                f"{type(self).__name__} is initialized (make a new DataLoader)"
            )
        super().__setattr__(name, value)

    def __len__(self):
        if isinstance(self.dataset, IterableDataset):
            length = len(self.dataset)  # (TypeError without __len__, as PyTorch)
            if self.batch_size is not None:
                if self.drop_last:
                    return length // self.batch_size
                return math.ceil(length / self.batch_size)
            return length
        if self.batch_sampler is not None:
            return len(self.batch_sampler)
        return len(self.sampler)

    def __iter__(self):
        if self.pin_memory:
            warnings.warn(
                "'pin_memory' argument is set as true but no accelerator is found, "
                "then device pinned memory won't be used.",
                stacklevel=2,
            )
        if isinstance(self.dataset, IterableDataset):
            return self._stream_batches()
        return self._map_batches()

    def _map_batches(self):
        """The batches of a map-style dataset: one per list of indices."""
        dataset = self.dataset
        if self.batch_sampler is None:  # batch_size=None: one sample at a time
            for index in self.sampler:
                yield self.collate_fn(dataset[index])
            return
        fast = type(dataset) is TensorDataset and self.collate_fn is default_collate
        for indices in self.batch_sampler:
            if fast:
                # One indexing per tensor instead of stacking samples.
                index = minigrad.tensor(indices)
                yield [t[index] for t in dataset.tensors]
            elif callable(getattr(dataset, "__getitems__", None)):
                yield self.collate_fn(dataset.__getitems__(indices))
            else:
                yield self.collate_fn([dataset[i] for i in indices])

    def _stream_batches(self):
        """The batches of an IterableDataset; with workers, PyTorch's order:
        each worker reads its own copy and batches it, and the batches come
        from the workers in turn (a worker that runs out drops out)."""
        if self.num_workers == 0:
            yield from self._batches_of_stream(iter(self.dataset), None)
            return
        base_seed = int(numpy_generator(self.generator).integers(2**63))
        workers = []
        for worker_id in range(self.num_workers):
            info = WorkerInfo(
                worker_id,
                self.num_workers,
                base_seed + worker_id,
                _copy_of(self.dataset),
            )
            if self.worker_init_fn is not None:
                _as_worker(info, self.worker_init_fn, worker_id)
            stream = _as_worker(info, iter, info.dataset)
            workers.append(self._batches_of_stream(stream, info))
        while workers:
            for worker in list(workers):
                batch = next(worker, _DONE)
                if batch is _DONE:
                    workers.remove(worker)
                else:
                    yield batch

    def _batches_of_stream(self, stream, info):
        """Batches from one iterator of samples, read as the worker `info`."""
        if self.batch_sampler is None:  # batch_size=None: one sample at a time
            while (sample := _as_worker(info, next, stream, _DONE)) is not _DONE:
                yield self.collate_fn(sample)
            return
        while True:
            samples = []
            while len(samples) < self.batch_size:
                sample = _as_worker(info, next, stream, _DONE)
                if sample is _DONE:
                    break
                samples.append(sample)
            if not samples or (self.drop_last and len(samples) < self.batch_size):
                return
            yield self.collate_fn(samples)
            if len(samples) < self.batch_size:
                return


_DONE = object()  # what next() gives at the end of a stream


def _copy_of(dataset):
    """A worker's own copy of `dataset`, as each PyTorch worker process has."""
    try:
        return copy.deepcopy(dataset)
    except Exception as error:
        raise TypeError(
            f"DataLoader: can't copy the {type(dataset).__name__} for its "
            f"workers ({error}); each worker reads a copy of an IterableDataset, "
            "as PyTorch's worker processes do. Use num_workers=0."
        ) from error


def _checked_context(context, num_workers):
    """`multiprocessing_context` checked as PyTorch checks it (a start method's
    name becomes its context); nothing runs in it."""
    if context is None:
        return None
    if num_workers == 0:
        raise ValueError(
            "multiprocessing_context can only be used with "
            "multi-process loading (num_workers > 0), but got "
            f"num_workers={num_workers}"
        )
    if isinstance(context, str):
        methods = multiprocessing.get_all_start_methods()
        if context not in methods:
            raise ValueError(
                "multiprocessing_context option "
                f"should specify a valid start method in {methods!r}, but got "
                f"multiprocessing_context={context!r}"
            )
        context = multiprocessing.get_context(context)
    if not isinstance(context, multiprocessing.context.BaseContext):
        raise TypeError(
            "multiprocessing_context option should be a valid context "
            "object or a string specifying the start method, but got "
            f"multiprocessing_context={context}"
        )
    return context
