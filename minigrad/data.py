"""Small datasets made in code for the lessons, and a DataLoader-like batcher.

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

import math
import numbers
import warnings

import numpy as np

import minigrad
from minigrad.random import generator, numpy_generator
from minigrad.tensor import Tensor

__all__ = [
    "DataLoader",
    "Dataset",
    "Subset",
    "TensorDataset",
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


def _collate(items):
    """Stack a list of samples into a batch, as PyTorch's `default_collate`:
    tensors and numpy arrays stacked, Python floats as float64 and ints as
    int64, strings kept as a list, dicts and tuples batched field by field."""
    first = items[0]
    if isinstance(first, Tensor):
        return minigrad.stack(items)
    if isinstance(first, str):
        return items  # (as they came: a list, or a tuple of one field)
    if isinstance(first, dict):
        return {key: _collate([item[key] for item in items]) for key in first}
    if isinstance(first, (tuple, list)):
        # A list of batched fields, as PyTorch's default collate gives.
        return [_collate(field) for field in zip(*items)]
    if isinstance(first, (np.ndarray, np.generic)):
        return minigrad.tensor(np.stack(items))
    if isinstance(first, float):
        return minigrad.tensor(items, dtype=minigrad.float64)
    return minigrad.tensor(items)


class DataLoader:
    """Iterate over a dataset in batches, reshuffled every epoch if asked.

    Args:
        dataset: anything with `len()` and indexing, e.g. a `TensorDataset`.
        batch_size: samples per batch (the last batch may be smaller).
        shuffle: draw a new order each time iteration starts (from
            minigrad's generator, so `manual_seed` makes it repeatable).
        drop_last: drop the last batch if it is smaller than `batch_size`.

    Example:
        >>> X, y = make_moons(10, seed=0)
        >>> loader = DataLoader(TensorDataset(X, y), batch_size=4)
        >>> [tuple(xb.shape) for xb, yb in loader]
        [(4, 2), (4, 2), (2, 2)]
    """

    def __init__(self, dataset, batch_size=1, shuffle=False, drop_last=False):
        if (
            not isinstance(batch_size, numbers.Integral)
            or isinstance(batch_size, bool)
            or batch_size < 1
        ):
            raise ValueError(
                f"batch_size should be a positive integer, got {batch_size}"
            )
        self.dataset = dataset
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.drop_last = drop_last

    def __len__(self):
        n = len(self.dataset)
        if self.drop_last:
            return n // self.batch_size
        return math.ceil(n / self.batch_size)

    def __iter__(self):
        n = len(self.dataset)
        order = generator().permutation(n) if self.shuffle else np.arange(n)
        for batch in range(len(self)):
            indices = order[batch * self.batch_size : (batch + 1) * self.batch_size]
            if isinstance(self.dataset, TensorDataset):
                # Fast path: one indexing per tensor instead of stacking samples.
                index = minigrad.tensor(indices)
                yield [t[index] for t in self.dataset.tensors]
            else:
                yield _collate([self.dataset[int(i)] for i in indices])
