"""`isin`, `unique_consecutive`, `vander` and `norm(p="nuc")`: values, dtypes
and errors as PyTorch 2.13 gives them (the tests pass under PyTorch too:
MINIGRAD_TEST_BACKEND=torch)."""

import numpy as np
import pytest
from mg_testutil import IS_TORCH, torch


def test_unique_consecutive_keeps_one_of_each_run():
    x = torch.tensor([1.0, 1.0, 2.0, 2.0, 1.0], requires_grad=True)
    values = torch.unique_consecutive(x)
    assert values.tolist() == [1.0, 2.0, 1.0]
    assert type(values.grad_fn).__name__ == "UniqueConsecutiveBackward0"
    with pytest.raises(NotImplementedError, match="'unique_consecutive'"):
        values.sum().backward()
    flat, inverse, counts = torch.unique_consecutive(
        torch.tensor([[1, 2], [2, 2]]), return_inverse=True, return_counts=True
    )
    assert (flat.tolist(), inverse.tolist(), counts.tolist()) == (
        [1, 2],
        [[0, 1], [1, 1]],
        [1, 3],
    )
    assert torch.tensor([1, 1, 3]).unique_consecutive().tolist() == [1, 3]
    assert torch.unique_consecutive(torch.tensor([])).tolist() == []


def test_unique_consecutive_along_a_dim():
    rows, inverse, counts = torch.unique_consecutive(
        torch.tensor([[1, 1], [1, 1], [2, 3]]),
        dim=0,
        return_inverse=True,
        return_counts=True,
    )
    assert rows.tolist() == [[1, 1], [2, 3]]
    assert (inverse.tolist(), counts.tolist()) == ([0, 0, 1], [2, 1])
    columns, counts = torch.unique_consecutive(
        torch.tensor([[1, 1, 2], [3, 3, 4]]), dim=1, return_counts=True
    )
    assert (columns.tolist(), counts.tolist()) == ([[1, 2], [3, 4]], [2, 1])


def test_isin():
    assert torch.isin(torch.tensor([1, 2, 3]), 2).tolist() == [False, True, False]
    assert torch.isin(3, torch.tensor([1, 3])).item() is True
    found = torch.isin(torch.tensor([1.0, 2.0]), torch.tensor([2]), invert=True)
    assert found.tolist() == [True, False] and found.dtype == torch.bool
    grid = torch.isin(torch.arange(6).reshape(2, 3), torch.tensor([[0, 5]]))
    assert grid.tolist() == [[True, False, False], [False, False, True]]
    with pytest.raises(RuntimeError, match="Unsupported input type .* Bool"):
        torch.isin(torch.tensor([1.0]), torch.tensor([True]))


def test_vander_values_and_dtypes():
    v = torch.vander(torch.tensor([1, 2, 3]), N=3)
    assert v.tolist() == [[1, 1, 1], [4, 2, 1], [9, 3, 1]] and v.dtype == torch.int64
    inc = torch.vander(torch.tensor([1.0, 2.0, 3.0]), increasing=True)
    assert inc.tolist() == [[1.0, 1.0, 1.0], [1.0, 2.0, 4.0], [1.0, 3.0, 9.0]]
    assert tuple(torch.vander(torch.tensor([2]), N=0).shape) == (1, 0)
    assert torch.vander(torch.tensor([2, 3]), N=1).tolist() == [[1], [1]]
    with pytest.raises(RuntimeError, match="one-dimensional"):
        torch.vander(torch.ones(2, 2))
    with pytest.raises(RuntimeError, match="non-negative"):
        torch.vander(torch.ones(2), N=-1)


@pytest.mark.skipif(IS_TORCH, reason="PyTorch 2.13's vander backward raises")
def test_vander_gradient_is_exact_at_zero():
    x = torch.tensor([0.0, 2.0], dtype=torch.float64, requires_grad=True)
    torch.vander(x, N=3, increasing=True).sum().backward()
    assert x.grad.tolist() == [1.0, 5.0]  # d(1 + x + x^2)/dx = 1 + 2x


def test_nuclear_norm():
    y = (torch.arange(12.0).reshape(3, 4) - 5).requires_grad_()
    norm = y.norm(p="nuc")
    assert norm.item() == pytest.approx(15.2851, abs=1e-4)  # PyTorch 2.13
    norm.backward()
    assert y.grad.sum().item() == pytest.approx(0.3925, abs=1e-4)
    batch = torch.arange(24.0).reshape(2, 3, 4)
    np.testing.assert_allclose(
        torch.norm(batch, p="nuc", dim=(1, 2)).numpy(), [24.3646, 62.4951], atol=1e-4
    )
    with pytest.raises(RuntimeError, match="dim must be a 2-tuple"):
        batch.norm(p="nuc")
    with pytest.raises(RuntimeError, match="at least 2 dimensions"):
        torch.arange(4.0).norm(p="nuc")
