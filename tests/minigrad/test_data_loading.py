"""torch.utils.data beyond the basics: DataLoader's options and checks,
samplers, stream and composed datasets, default_collate / default_convert.

Expected values and messages are PyTorch 2.13's (checked by running the same
calls with torch); random draws are checked by their facts only (counts,
sortedness), since minigrad draws from numpy.
"""

import collections
import math
import warnings

import numpy as np
import pytest

import minigrad
from minigrad.utils.data import (
    BatchSampler,
    ChainDataset,
    ConcatDataset,
    DataLoader,
    Dataset,
    IterableDataset,
    RandomSampler,
    SequentialSampler,
    StackDataset,
    SubsetRandomSampler,
    TensorDataset,
    WeightedRandomSampler,
    default_collate,
    default_convert,
    get_worker_info,
)


def plain(batch):
    """A batch as lists and dtype names, to compare with PyTorch's literally."""
    if isinstance(batch, minigrad.Tensor):
        return batch.tolist(), batch.dtype.name
    if isinstance(batch, dict):
        return {k: plain(v) for k, v in batch.items()}
    if isinstance(batch, tuple) and hasattr(batch, "_fields"):
        return type(batch).__name__, [plain(x) for x in batch]
    if isinstance(batch, (list, tuple)):
        return type(batch).__name__, [plain(x) for x in batch]
    return batch


def epoch(loader):
    return [plain(b) for b in loader]


def ints(values):
    return values, "int64"


TEN = TensorDataset(minigrad.arange(10))


class Squares(Dataset):
    def __len__(self):
        return 7

    def __getitem__(self, i):
        return minigrad.tensor([float(i)]), i * i


class Stream(IterableDataset):
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        return iter(range(self.n))


class Sized(IterableDataset):
    def __iter__(self):
        return iter(range(5))

    def __len__(self):
        return 5


class Sharded(IterableDataset):
    """Splits range(a, b) between the workers, as PyTorch's docs show."""

    def __init__(self, a, b):
        self.a, self.b = a, b

    def __iter__(self):
        info = get_worker_info()
        if info is None:
            return iter(range(self.a, self.b))
        per = math.ceil((self.b - self.a) / info.num_workers)
        start = self.a + info.id * per
        return iter(range(start, min(start + per, self.b)))


# ---------------------------------------------------------------- batching


def test_batches_in_order_with_and_without_drop_last():
    assert epoch(DataLoader(TEN, batch_size=3)) == [
        ("list", [ints([0, 1, 2])]),
        ("list", [ints([3, 4, 5])]),
        ("list", [ints([6, 7, 8])]),
        ("list", [ints([9])]),
    ]
    assert len(epoch(DataLoader(TEN, batch_size=3, drop_last=True))) == 3
    lengths = [len(DataLoader(TEN, batch_size=3, drop_last=d)) for d in (False, True)]
    assert lengths == [4, 3] and len(DataLoader(TEN, batch_size=None)) == 10


def test_batch_size_none_gives_samples_one_by_one_converted():
    assert epoch(DataLoader(TEN, batch_size=None))[:2] == [
        ("list", [(0, "int64")]),
        ("list", [(1, "int64")]),
    ]
    first = next(iter(DataLoader(Squares(), batch_size=None)))
    assert plain(first) == ("list", [([0.0], "float32"), 0])  # (a tuple: a list)


def test_a_plain_dataset_collates_and_num_workers_changes_nothing():
    expected = [
        ("list", [([[0.0], [1.0], [2.0]], "float32"), ints([0, 1, 4])]),
        ("list", [([[3.0], [4.0], [5.0]], "float32"), ints([9, 16, 25])]),
        ("list", [([[6.0]], "float32"), ints([36])]),
    ]
    assert epoch(DataLoader(Squares(), batch_size=3)) == expected
    workers = DataLoader(Squares(), batch_size=3, num_workers=2, prefetch_factor=4)
    assert epoch(workers) == expected
    assert workers.prefetch_factor == 4
    assert DataLoader(TEN, num_workers=1).prefetch_factor == 2
    assert DataLoader(TEN).prefetch_factor is None


def test_sampler_and_batch_sampler():
    assert epoch(DataLoader(TEN, batch_sampler=[[3, 1], [0]])) == [
        ("list", [ints([3, 1])]),
        ("list", [ints([0])]),
    ]
    bs = BatchSampler(SequentialSampler(range(5)), 2, False)
    assert [b[1][0][0] for b in epoch(DataLoader(TEN, batch_sampler=bs))] == [
        [0, 1],
        [2, 3],
        [4],
    ]
    assert epoch(DataLoader(TEN, sampler=[9, 0, 5], batch_size=2)) == [
        ("list", [ints([9, 0])]),
        ("list", [ints([5])]),
    ]


def test_the_fast_path_is_only_for_a_plain_tensor_dataset():
    class Doubled(TensorDataset):
        def __getitem__(self, index):
            return tuple(2 * t[index] for t in self.tensors)

    batch = next(iter(DataLoader(Doubled(minigrad.arange(4)), batch_size=4)))
    assert batch[0].tolist() == [0, 2, 4, 6]
    seen = []
    loader = DataLoader(TEN, batch_size=4, collate_fn=lambda b: seen.append(b) or 1)
    assert list(loader) == [1, 1, 1] and len(seen[0]) == 4


def test_getitems_is_used_when_a_dataset_has_it():
    class Batched(Dataset):
        def __len__(self):
            return 4

        def __getitems__(self, indices):
            return [10 * i for i in indices]

    assert epoch(DataLoader(Batched(), batch_size=3)) == [ints([0, 10, 20]), ints([30])]


def test_attributes_as_pytorch():
    def row(loader):
        return (
            loader.batch_size,
            loader.drop_last,
            type(loader.sampler).__name__,
            type(loader.batch_sampler).__name__,
            loader.collate_fn.__name__,
        )

    assert row(DataLoader(TEN, batch_size=4, shuffle=True)) == (
        4, False, "RandomSampler", "BatchSampler", "default_collate"
    )  # fmt: skip
    assert row(DataLoader(TEN, batch_size=None)) == (
        None, False, "SequentialSampler", "NoneType", "default_convert"
    )  # fmt: skip
    assert row(DataLoader(TEN, batch_sampler=[[1]])) == (
        None, False, "SequentialSampler", "list", "default_collate"
    )  # fmt: skip
    loader = DataLoader(TEN)
    loader.num_workers = 3  # allowed, as in PyTorch
    with pytest.raises(ValueError, match="batch_size attribute should not be set"):
        loader.batch_size = 3
    assert loader.batch_size == 1


def test_shuffle_covers_everything_and_repeats_with_the_seed():
    loader = DataLoader(TEN, batch_size=4, shuffle=True)
    minigrad.manual_seed(3)
    first = [v for (b,) in loader for v in b.tolist()]
    minigrad.manual_seed(3)
    assert [v for (b,) in loader for v in b.tolist()] == first
    assert sorted(first) == list(range(10))
    g = minigrad.Generator().manual_seed(1)
    a = [v for (b,) in DataLoader(TEN, shuffle=True, generator=g) for v in b.tolist()]
    g.manual_seed(1)
    b = [v for (b,) in DataLoader(TEN, shuffle=True, generator=g) for v in b.tolist()]
    assert a == b and sorted(a) == list(range(10))


def test_pin_memory_warns_as_pytorch_without_an_accelerator():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        batches = epoch(DataLoader(TEN, batch_size=5, pin_memory=True))
    assert len(batches) == 2
    assert [str(w.message) for w in caught] == [
        "'pin_memory' argument is set as true but no accelerator is found, "
        "then device pinned memory won't be used."
    ]


def test_an_empty_dataset():
    assert len(DataLoader([])) == 0 and list(DataLoader([])) == []


# ---------------------------------------------------------------- bad options

BAD_OPTIONS = [
    (
        dict(sampler=[0], shuffle=True),
        "sampler option is mutually exclusive with shuffle",
    ),
    (dict(batch_sampler=[[0]], batch_size=2), "batch_sampler option is mutually"),
    (dict(batch_sampler=[[0]], shuffle=True), "batch_sampler option is mutually"),
    (dict(batch_sampler=[[0]], drop_last=True), "batch_sampler option is mutually"),
    (dict(batch_sampler=[[0]], sampler=[0]), "batch_sampler option is mutually"),
    (dict(batch_size=None, drop_last=True), "batch_size=None option disables"),
    (dict(num_workers=-1), "num_workers option should be non-negative"),
    (dict(timeout=-1), "timeout option should be non-negative"),
    (dict(prefetch_factor=2), "prefetch_factor option could only be specified"),
    (dict(num_workers=1, prefetch_factor=-1), "prefetch_factor option should be non-"),
    (dict(persistent_workers=True), "persistent_workers option needs num_workers > 0"),
    (dict(multiprocessing_context="fork"), "multiprocessing_context can only be used"),
    (dict(num_workers=1, multiprocessing_context="nope"), "valid start method in"),
    (dict(batch_size=0), "batch_size should be a positive integer value, but got"),
    (dict(batch_size="a"), r"but got batch_size=a"),
    (dict(batch_size=np.int64(2)), r"but got batch_size=2"),  # (PyTorch: int only)
    (dict(batch_size=2.0), r"but got batch_size=2.0"),
    (dict(batch_size=2, drop_last=1), "drop_last should be a boolean value"),
    (dict(shuffle=True, batch_size=2, dataset=[]), "num_samples=0"),
]


@pytest.mark.parametrize("options, message", BAD_OPTIONS)
def test_bad_options_raise_pytorchs_value_error(options, message):
    options = dict(options)
    with pytest.raises(ValueError, match=message):
        DataLoader(options.pop("dataset", TEN), **options)


def test_a_bad_multiprocessing_context_type_is_a_type_error():
    with pytest.raises(TypeError, match="should be a valid context object"):
        DataLoader(TEN, num_workers=1, multiprocessing_context=3)
    ctx = DataLoader(TEN, num_workers=1, multiprocessing_context="spawn")
    assert type(ctx.multiprocessing_context).__name__ == "SpawnContext"


# ---------------------------------------------------------------- streams


def test_a_stream_is_batched_in_its_order():
    assert epoch(DataLoader(Stream(5), batch_size=2)) == [
        ints([0, 1]),
        ints([2, 3]),
        ints([4]),
    ]
    assert epoch(DataLoader(Stream(5), batch_size=2, drop_last=True)) == [
        ints([0, 1]),
        ints([2, 3]),
    ]
    assert epoch(DataLoader(Stream(3), batch_size=None)) == [0, 1, 2]
    assert len(list(DataLoader(Stream(3), shuffle=False))) == 3


def test_workers_read_a_stream_each_as_pytorchs_do():
    # Without splitting, every worker gives the whole stream (PyTorch's duplicates).
    assert epoch(DataLoader(Stream(5), batch_size=2, num_workers=2)) == [
        ints([0, 1]),
        ints([0, 1]),
        ints([2, 3]),
        ints([2, 3]),
        ints([4]),
        ints([4]),
    ]
    assert epoch(DataLoader(Stream(3), batch_size=None, num_workers=3)) == [
        0, 0, 0, 1, 1, 1, 2, 2, 2
    ]  # fmt: skip
    assert epoch(DataLoader(Sharded(3, 10), batch_size=2, num_workers=2)) == [
        ints([3, 4]),
        ints([7, 8]),
        ints([5, 6]),
        ints([9]),
    ]
    dropped = DataLoader(Sharded(3, 10), batch_size=2, num_workers=2, drop_last=True)
    assert len(epoch(dropped)) == 3
    assert [b[0][0] for b in epoch(DataLoader(Sharded(0, 7), num_workers=3))] == [
        0, 3, 6, 1, 4, 2, 5
    ]  # fmt: skip
    assert get_worker_info() is None


def test_worker_init_fn_sets_up_each_workers_copy():
    calls = []

    def init(worker_id):
        info = get_worker_info()
        calls.append((worker_id, info.id, info.num_workers))
        copy = info.dataset  # this worker's copy: split the range (PyTorch's docs)
        per = math.ceil((copy.b - copy.a) / info.num_workers)
        copy.a = copy.a + worker_id * per
        copy.b = min(copy.a + per, copy.b)

    dataset = Sharded(3, 7)
    loader = DataLoader(dataset, num_workers=2, worker_init_fn=init)
    assert [b[0][0] for b in epoch(loader)] == [3, 6]  # PyTorch's: [3], [6]
    assert calls == [(0, 0, 2), (1, 1, 2)] and (dataset.a, dataset.b) == (3, 7)


def test_len_of_a_stream_loader():
    with pytest.raises(TypeError, match="object of type 'Stream' has no len"):
        len(DataLoader(Stream(5), batch_size=2))
    lengths = [
        len(DataLoader(Sized(), batch_size=2)),
        len(DataLoader(Sized(), batch_size=2, drop_last=True)),
        len(DataLoader(Sized(), batch_size=None)),
    ]
    assert lengths == [3, 2, 5]


@pytest.mark.parametrize(
    "options, message",
    [
        (dict(shuffle=True), "expected unspecified shuffle option, but got shuffle"),
        (dict(sampler=[0]), "expected unspecified sampler option"),
        (dict(batch_sampler=[[0]]), "expected unspecified batch_sampler option"),
    ],
)
def test_a_stream_takes_no_sampler_or_shuffle(options, message):
    with pytest.raises(ValueError, match="DataLoader with IterableDataset: " + message):
        DataLoader(Stream(3), **options)


def test_iterable_dataset_needs_iter_and_has_no_getitem():
    with pytest.raises(TypeError, match="abstract"):
        IterableDataset()
    with pytest.raises(NotImplementedError, match="should implement __getitem__"):
        Stream(3)[0]
    assert isinstance(Stream(2), Dataset)


# ---------------------------------------------------------------- samplers


def test_sequential_and_random_samplers():
    assert list(SequentialSampler(range(4))) == [0, 1, 2, 3]
    assert len(SequentialSampler(range(4))) == 4
    assert [
        len(RandomSampler(range(5))),
        len(RandomSampler(range(5), num_samples=12)),
        len(RandomSampler(range(5), True, 3)),
    ] == [5, 12, 3]
    assert sorted(RandomSampler(range(5))) == [0, 1, 2, 3, 4]
    # 12 without replacement: two whole permutations and 2 more (PyTorch's rule)
    counts = collections.Counter(RandomSampler(range(5), num_samples=12))
    assert sorted(counts.values()) == [2, 2, 2, 3, 3]
    assert len(set(RandomSampler(range(5), num_samples=3))) == 3
    drawn = list(RandomSampler(range(5), True, 40))
    assert len(drawn) == 40 and all(0 <= i < 5 for i in drawn)

    def seeded():
        return list(
            RandomSampler(range(6), generator=minigrad.Generator().manual_seed(1))
        )

    assert seeded() == seeded()


@pytest.mark.parametrize(
    "make, error, message",
    [
        (lambda: RandomSampler(range(5), replacement=1), TypeError, "replacement=1"),
        (lambda: RandomSampler(range(5), num_samples=0), ValueError, "num_samples=0"),
        (lambda: RandomSampler(range(5), num_samples=2.0), ValueError, "=2.0"),
        (lambda: RandomSampler([]), ValueError, "num_samples=0"),
        (lambda: WeightedRandomSampler([1, 2], 0), ValueError, "num_samples=0"),
        (lambda: WeightedRandomSampler([1, 2], True), ValueError, "num_samples=True"),
        (lambda: WeightedRandomSampler([1, 2], 2, replacement=0), ValueError, "=0"),
        (lambda: WeightedRandomSampler([[1, 2]], 2), ValueError, r"shape \(1, 2\)"),
        (lambda: BatchSampler(range(7), 0, False), ValueError, "batch_size=0"),
        (lambda: BatchSampler(range(7), True, False), ValueError, "batch_size=True"),
        (lambda: BatchSampler(range(7), 2, None), ValueError, "drop_last=None"),
    ],
)
def test_sampler_arguments_are_checked_as_pytorch(make, error, message):
    with pytest.raises(error, match=message):
        make()


def test_subset_and_weighted_samplers():
    assert sorted(SubsetRandomSampler([7, 3, 9])) == [3, 7, 9]
    assert len(SubsetRandomSampler([7, 3, 9])) == 3
    assert list(WeightedRandomSampler([0, 1.0, 0], 4)) == [1, 1, 1, 1]
    assert sorted(WeightedRandomSampler([1, 2, 3, 0.5], 4, replacement=False)) == [
        0, 1, 2, 3
    ]  # fmt: skip
    sampler = WeightedRandomSampler([1, 2], 5)
    assert plain(sampler.weights) == ([1.0, 2.0], "float64") and len(sampler) == 5
    with pytest.raises(RuntimeError, match="without replacement"):
        list(WeightedRandomSampler([1, 2], 3, replacement=False))
    with pytest.raises(RuntimeError):
        list(WeightedRandomSampler([1, -2], 3))


def test_batch_sampler():
    assert list(BatchSampler(range(7), 3, False)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(BatchSampler(range(7), 3, True)) == [[0, 1, 2], [3, 4, 5]]
    assert len(BatchSampler(range(7), 3, False)) == 3
    assert len(BatchSampler(range(7), 3, True)) == 2


# ---------------------------------------------------------------- datasets


def test_concat_dataset():
    both = ConcatDataset([range(3), range(10, 12)])
    assert len(both) == 5 and both.cumulative_sizes == [3, 5]
    assert [both[i] for i in [0, 2, 3, 4, -1, -5]] == [0, 2, 10, 11, 11, 0]
    with pytest.raises(IndexError):
        both[5]
    with pytest.raises(ValueError, match="absolute value of index should not exceed"):
        both[-6]
    with pytest.raises(AssertionError, match="should not be an empty iterable"):
        ConcatDataset([])
    with pytest.raises(AssertionError, match="does not support IterableDataset"):
        ConcatDataset([Stream(3)])
    added = TEN + TEN
    assert type(added) is ConcatDataset and len(added) == 20
    assert plain(added[12]) == ("tuple", [(2, "int64")])


def test_chain_dataset():
    chained = Stream(2) + Stream(3)
    assert type(chained) is ChainDataset and list(chained) == [0, 1, 0, 1, 2]
    assert len(Sized() + Sized()) == 10
    with pytest.raises(AssertionError, match="ChainDataset only supports"):
        list(ChainDataset([range(3)]))


def test_stack_dataset():
    assert StackDataset(range(3), "abc")[1] == (1, "b")
    assert StackDataset(x=range(3), y="abc")[2] == {"x": 2, "y": "c"}
    assert len(StackDataset(range(3), "abc")) == 3
    with pytest.raises(ValueError, match="but both types are given"):
        StackDataset(range(3), y="abc")
    with pytest.raises(ValueError, match="At least one dataset should be passed"):
        StackDataset()
    with pytest.raises(ValueError, match="Size mismatch between datasets"):
        StackDataset(range(3), "ab")
    loader = DataLoader(StackDataset(a=TEN, b=range(10)), batch_size=4)
    assert plain(next(iter(loader))) == {
        "a": ("list", [ints([0, 1, 2, 3])]),
        "b": ints([0, 1, 2, 3]),
    }


# ---------------------------------------------------------------- collation

Point = collections.namedtuple("Point", "x y")

COLLATED = [
    (
        [(1.5, 2, True), (2.5, 3, False)],
        ("list", [([1.5, 2.5], "float64"), ints([2, 3]), ([True, False], "bool")]),
    ),
    ([np.float32(1), np.float32(2)], ([1.0, 2.0], "float32")),
    ([np.int32(1), np.int32(2)], ([1, 2], "int32")),
    ([np.float64(1), np.float64(2)], ([1.0, 2.0], "float64")),
    ([np.bool_(True), np.bool_(False)], ([True, False], "bool")),
    ([np.ones(2), np.zeros(2)], ([[1.0, 1.0], [0.0, 0.0]], "float64")),
    ([np.ones(2, np.float32), np.zeros(2, np.float32)], ([[1, 1], [0, 0]], "float32")),
    ([np.arange(2), np.arange(2)], ints([[0, 1], [0, 1]])),
    (["a", "b"], ["a", "b"]),
    ([b"a", b"b"], [b"a", b"b"]),
    (
        [{"a": 1, "b": "x"}, {"a": 2, "b": "y"}],
        {"a": ints([1, 2]), "b": ("list", ["x", "y"])},
    ),
    (
        [Point(1, 2.0), Point(3, 4.0)],
        ("Point", [ints([1, 3]), ([2.0, 4.0], "float64")]),
    ),
    ([[1, 2], [3, 4]], ("list", [ints([1, 3]), ints([2, 4])])),
    ([(1, 2), (3, 4)], ("list", [ints([1, 3]), ints([2, 4])])),
    ([minigrad.ones(2), minigrad.zeros(2)], ([[1.0, 1.0], [0.0, 0.0]], "float32")),
    ([minigrad.tensor(1), minigrad.tensor(2)], ints([1, 2])),
    (
        [{"a": (1, [2.0, 3.0])}, {"a": (4, [5.0, 6.0])}],
        {
            "a": (
                "list",
                [
                    ints([1, 4]),
                    ("list", [([2.0, 5.0], "float64"), ([3.0, 6.0], "float64")]),
                ],
            )
        },
    ),
    ([range(2), range(2)], ("list", [ints([0, 0]), ints([1, 1])])),
]


@pytest.mark.parametrize("batch, expected", COLLATED)
def test_default_collate_as_pytorch(batch, expected):
    result = plain(default_collate(batch))
    if isinstance(expected, list):  # strings and bytes: the list as it came
        assert result == ("list", expected)
    else:
        assert result == expected


def test_default_collate_keeps_the_mapping_type():
    batch = [collections.OrderedDict(a=1), collections.OrderedDict(a=2)]
    assert type(default_collate(batch)) is collections.OrderedDict


@pytest.mark.parametrize(
    "batch, error, message",
    [
        ([np.array(["a"]), np.array(["b"])], TypeError, "found <U1"),
        (
            [[1, 2], [3]],
            RuntimeError,
            "each element in list of batch should be of equal",
        ),
        (
            [(1, 2), (3,)],
            RuntimeError,
            "each element in list of batch should be of equal",
        ),
        ([minigrad.ones(2), minigrad.zeros(3)], RuntimeError, "stack expects each"),
        ([None, None], TypeError, "found <class 'NoneType'>"),
        ([object()], TypeError, "found <class 'object'>"),
    ],
)
def test_default_collate_refuses_as_pytorch(batch, error, message):
    with pytest.raises(error, match=message):
        default_collate(batch)


def test_default_convert_as_pytorch():
    assert plain(default_convert(minigrad.ones(2))) == ([1.0, 1.0], "float32")
    assert plain(default_convert(np.arange(3))) == ints([0, 1, 2])
    assert plain(default_convert(np.float32(2))) == (2.0, "float32")
    strings = np.array(["a"])
    assert default_convert(strings) is strings
    assert default_convert(np.str_("a")) == "a"
    assert plain(default_convert((np.arange(2), "a", 3))) == (
        "list",
        [ints([0, 1]), "a", 3],
    )
    assert plain(default_convert(Point(np.arange(2), 1))) == (
        "Point",
        [ints([0, 1]), 1],
    )
    assert plain(default_convert({"a": np.arange(2), "b": 1.5})) == {
        "a": ints([0, 1]),
        "b": 1.5,
    }
    assert plain(default_convert([np.arange(2), 1])) == ("list", [ints([0, 1]), 1])
    assert default_convert("abc") == "abc" and default_convert(3) == 3


def test_exports_match_torch_utils_data():
    import minigrad.utils.data as data

    # torch.utils.data's __all__, less the DataPipe and distributed names.
    assert sorted(data.__all__) == [
        "BatchSampler", "ChainDataset", "ConcatDataset", "DataLoader", "Dataset",
        "IterableDataset", "RandomSampler", "Sampler", "SequentialSampler",
        "StackDataset", "Subset", "SubsetRandomSampler", "TensorDataset",
        "WeightedRandomSampler", "default_collate", "default_convert",
        "get_worker_info", "random_split",
    ]  # fmt: skip
    for name in data.__all__:
        assert getattr(data, name).__doc__, name
