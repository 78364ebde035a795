"""minigrad.data: lesson datasets (seeded, right shapes) and the DataLoader."""

import numpy as np
import pytest

import minigrad
from minigrad.data import (
    DataLoader,
    TensorDataset,
    make_circles,
    make_linear,
    make_moons,
    make_spirals,
)

MAKERS = [make_linear, make_moons, make_circles, make_spirals]


@pytest.mark.parametrize("maker", MAKERS, ids=lambda m: m.__name__)
def test_same_seed_same_data(maker):
    a = maker(seed=3)
    b = maker(seed=3)
    c = maker(seed=4)
    for x, y in zip(a, b):
        assert np.array_equal(x.numpy(), y.numpy())
    assert not np.array_equal(a[0].numpy(), c[0].numpy())


@pytest.mark.parametrize("maker", MAKERS, ids=lambda m: m.__name__)
def test_without_seed_manual_seed_repeats(maker):
    minigrad.manual_seed(11)
    a = maker()
    minigrad.manual_seed(11)
    b = maker()
    assert np.array_equal(a[0].numpy(), b[0].numpy())


def test_make_linear_shapes_and_line():
    X, y = make_linear(500, slope=3.0, intercept=-2.0, noise=0.0, seed=0)
    assert X.shape == (500, 1) and y.shape == (500, 1)
    assert X.dtype == minigrad.float32 and y.dtype == minigrad.float32
    np.testing.assert_allclose(y.numpy(), 3.0 * X.numpy() - 2.0, rtol=1e-5, atol=1e-5)
    assert X.numpy().min() >= -1 and X.numpy().max() < 1


@pytest.mark.parametrize(
    "maker, classes",
    [
        (make_moons, 2),
        (make_circles, 2),
        (make_spirals, 3),
    ],
)
def test_classification_sets(maker, classes):
    X, y = maker(101, seed=0)
    assert X.shape == (101, 2) and X.dtype == minigrad.float32
    assert y.shape == (101,) and y.dtype == minigrad.int64
    counts = np.bincount(y.numpy())
    assert len(counts) == classes and counts.max() - counts.min() <= 1


def test_circles_radii_without_noise():
    X, y = make_circles(100, noise=0.0, factor=0.3, seed=0)
    radius = np.linalg.norm(X.numpy(), axis=1)
    np.testing.assert_allclose(radius[y.numpy() == 0], 1.0, rtol=1e-6)
    np.testing.assert_allclose(radius[y.numpy() == 1], 0.3, rtol=1e-6)
    with pytest.raises(ValueError):
        make_circles(factor=1.5)


def test_spirals_with_more_classes():
    X, y = make_spirals(200, n_classes=5, seed=1)
    assert sorted(set(y.numpy().tolist())) == [0, 1, 2, 3, 4]


def test_tensor_dataset():
    X, y = minigrad.arange(12.0).reshape(6, 2), minigrad.arange(6)
    ds = TensorDataset(X, y)
    assert len(ds) == 6
    x1, y1 = ds[1]
    assert x1.tolist() == [2.0, 3.0] and y1.item() == 1
    with pytest.raises(AssertionError, match="Size mismatch"):  # as PyTorch
        TensorDataset(X, minigrad.arange(5))


def test_loader_batches_in_order():
    X, y = minigrad.arange(20.0).reshape(10, 2), minigrad.arange(10)
    loader = DataLoader(TensorDataset(X, y), batch_size=4)
    batches = list(loader)
    assert len(loader) == 3 == len(batches)
    assert [b[1].tolist() for b in batches] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    assert batches[0][0].shape == (4, 2)
    dropped = DataLoader(TensorDataset(X, y), batch_size=4, drop_last=True)
    assert len(dropped) == 2 == len(list(dropped))


def test_loader_shuffles_each_epoch_covering_everything():
    y = minigrad.arange(50)
    loader = DataLoader(TensorDataset(y), batch_size=7, shuffle=True)
    minigrad.manual_seed(0)
    first = np.concatenate([b[0].numpy() for b in loader])
    second = np.concatenate([b[0].numpy() for b in loader])
    assert sorted(first.tolist()) == list(range(50)) == sorted(second.tolist())
    assert first.tolist() != list(range(50)) and first.tolist() != second.tolist()
    minigrad.manual_seed(0)
    again = np.concatenate([b[0].numpy() for b in loader])
    assert again.tolist() == first.tolist()


def test_loader_over_a_plain_dataset_collates():
    class Squares:
        def __len__(self):
            return 5

        def __getitem__(self, i):
            return minigrad.tensor([float(i)]), i * i

    xb, yb = next(iter(DataLoader(Squares(), batch_size=3)))
    assert xb.shape == (3, 1) and yb.tolist() == [0, 1, 4]


def test_loader_bad_batch_size():
    with pytest.raises(ValueError, match="batch_size"):
        DataLoader(TensorDataset(minigrad.zeros(3)), batch_size=0)


def test_utils_data_is_reachable_from_the_package_as_in_torch():
    # `import torch` then `torch.utils.data.DataLoader(...)`: no extra import needed
    import subprocess
    import sys

    code = (
        "import minigrad as torch\n"
        "ds = torch.utils.data.TensorDataset(torch.zeros(5, 2), torch.zeros(5))\n"
        "batches = list(torch.utils.data.DataLoader(ds, batch_size=2))\n"
        "print(len(ds), [len(b[0]) for b in batches])\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "5 [2, 2, 1]"
