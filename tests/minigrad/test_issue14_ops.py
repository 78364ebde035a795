"""prod, amax/amin, index_select, repeat, mT, exp_ and random_split: what the
op table does not check (node names, dtypes, ties, in-place bookkeeping,
reproducible splits). Values and gradients are in `op_table.py`; bad
arguments in `bad_input_rows.py`."""

import warnings

import numpy as np
import pytest

import minigrad
from minigrad.utils.data import DataLoader, Subset, TensorDataset, random_split


def node(t):
    return type(t.grad_fn).__name__


def test_node_names_are_pytorchs():
    x = minigrad.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    assert node(x.prod()) == "ProdBackward0"
    assert node(x.prod(1)) == "ProdBackward1"
    assert node(x.amax()) == "AmaxBackward0"
    assert node(x.amin((0, 1))) == "AminBackward0"
    assert node(x.index_select(0, minigrad.tensor([1]))) == "IndexSelectBackward0"
    assert node(x.repeat(2, 1)) == "RepeatBackward0"
    assert node(x.mT) == "TransposeBackward0"
    y = x * 1
    assert node(y.exp_()) == "ExpBackward0"


def test_prod_gradient_with_zeros_is_the_product_of_the_others():
    # PyTorch's ProdBackward: one zero gets the product of the rest, two zeros
    # make every gradient of that slice zero; no 0/0 anywhere.
    x = minigrad.tensor([[2.0, 0.0, 3.0], [0.0, 0.0, 5.0], [1.0, 2.0, 4.0]])
    x.requires_grad_()
    x.prod(1).sum().backward()
    assert x.grad.tolist() == [[0.0, 6.0, 0.0], [0.0, 0.0, 0.0], [8.0, 4.0, 2.0]]


def test_prod_second_derivative_with_a_zero():
    # d/dx1 of d(x0 x1 x2)/dx0 = x2, also where x1 is 0 (the recorded path).
    x = minigrad.tensor([2.0, 0.0, 3.0], dtype=minigrad.float64, requires_grad=True)
    (g,) = minigrad.autograd.grad(x.prod(), x, create_graph=True)
    (h,) = minigrad.autograd.grad(g[0], x)
    assert g.tolist() == [0.0, 6.0, 0.0] and h.tolist() == [0.0, 3.0, 0.0]


def test_prod_dtype_and_integers():
    assert minigrad.tensor([1, 2, 3]).prod().dtype is minigrad.int64
    assert minigrad.tensor([True, True]).prod().dtype is minigrad.int64
    x = minigrad.tensor([1.5, 2.0])
    assert x.prod(dtype=minigrad.float64).dtype is minigrad.float64
    assert minigrad.prod(x, 0, keepdim=True).shape == (1,)


def test_amin_shares_the_gradient_between_ties():
    x = minigrad.tensor([[1.0, 1.0, 3.0], [0.0, 2.0, 0.0]], requires_grad=True)
    x.amin(1).sum().backward()
    assert x.grad.tolist() == [[0.5, 0.5, 0.0], [0.5, 0.0, 0.5]]


def test_index_select_adds_the_gradients_of_a_repeated_position():
    x = minigrad.tensor([[1.0, 2.0, 3.0]], requires_grad=True)
    y = minigrad.index_select(x, 1, minigrad.tensor([2, 0, 2], dtype=minigrad.int32))
    assert y.tolist() == [[3.0, 1.0, 3.0]]
    y.sum().backward()
    assert x.grad.tolist() == [[1.0, 0.0, 2.0]]


def test_repeat_adds_leading_dims_and_sums_the_copies_back():
    x = minigrad.tensor([1.0, 2.0], requires_grad=True)
    y = x.repeat(3, 2)
    assert y.shape == (3, 4)
    assert y.tolist() == [[1.0, 2.0, 1.0, 2.0]] * 3
    y.sum().backward()
    assert x.grad.tolist() == [6.0, 6.0]


def test_mT_of_a_0d_tensor_is_itself_with_pytorchs_warning():
    x = minigrad.tensor(2.0)
    with pytest.warns(UserWarning, match="deprecated on 0-D"):
        assert x.mT is x


def test_exp_in_place_bumps_the_version_and_checks_saved_values():
    a = minigrad.tensor([1.0, 2.0], requires_grad=True)
    b = a * 1
    c = b * b  # saves b
    b.exp_()
    assert b._version == 1
    np.testing.assert_allclose(b.tolist(), np.exp([1.0, 2.0]), rtol=1e-6)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        c.sum().backward()


def test_random_split_with_a_generator_is_repeatable_and_covers_everything():
    data = TensorDataset(minigrad.arange(10.0))

    def split(seed):
        g = minigrad.Generator().manual_seed(seed)
        return [p.indices for p in random_split(data, [0.7, 0.3], generator=g)]

    first = split(0)
    assert first == split(0)
    assert [len(p) for p in first] == [7, 3]
    assert sorted(first[0] + first[1]) == list(range(10))
    assert any(split(seed) != first for seed in range(1, 5))


def test_random_split_uses_the_global_seed_by_default():
    minigrad.manual_seed(3)
    first = [p.indices for p in random_split(range(6), [3, 3])]
    minigrad.manual_seed(3)
    assert [p.indices for p in random_split(range(6), [3, 3])] == first


def test_random_split_subsets_feed_a_dataloader():
    data = TensorDataset(minigrad.arange(10.0), minigrad.arange(10))
    train, test = random_split(data, [8, 2])
    assert isinstance(train, Subset)
    batches = list(DataLoader(train, batch_size=5))
    assert [tuple(xb.shape) for xb, yb in batches] == [(5,), (3,)]
    seen = sorted(int(v) for xb, yb in batches for v in yb.tolist())
    assert seen == sorted(train.indices)


def test_random_split_warns_about_an_empty_part():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        parts = random_split(range(2), [0.1, 0.1, 0.8])
    assert [len(p) for p in parts] == [1, 0, 1]
    assert any("index 1 is 0" in str(w.message) for w in caught)


def test_amax_and_amin_take_numpys_axis_and_keepdims_as_pytorch():
    a = np.arange(6.0).reshape(2, 3)
    x = minigrad.tensor(a)
    assert x.amin(axis=1, keepdims=True).tolist() == a.min(1, keepdims=True).tolist()
    assert minigrad.amin(x, axis=0).tolist() == a.min(0).tolist()
    assert minigrad.amax(x, axis=(0, 1)).item() == 5.0
    assert minigrad.amax(x).item() == 5.0 and x.amin().item() == 0.0
