"""Tensor API gaps a probe of student programs found (round 12): uint8 masks
and index dtypes, writes into memory a tensor partly shares, `index_put_`,
the missing in-place variants, the legacy `new`/`resize_`/`apply_`, and
PyTorch's constants. Expected values were checked against PyTorch 2.13; the
tests also pass with MINIGRAD_TEST_BACKEND=torch."""

import math
import warnings

import numpy as np
import pytest
from mg_testutil import minigrad_only, to_np, torch

# ----- index dtypes ----------------------------------------------------------------


def test_a_uint8_index_is_a_mask_with_the_deprecation_warning_at_the_users_line():
    x = torch.arange(12.0).reshape(3, 4)
    mask = torch.tensor([1, 0, 1], dtype=torch.uint8)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rows = x[mask]
    np.testing.assert_array_equal(to_np(rows), [[0, 1, 2, 3], [8, 9, 10, 11]])
    assert "indexing with dtype torch.uint8 is now deprecated" in str(caught[0].message)
    assert caught[0].filename == __file__
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert x[mask, 1:].shape == (2, 3)
        grid = torch.tensor(
            [[1, 0, 1, 1], [0, 0, 0, 1], [1, 1, 1, 1]], dtype=torch.uint8
        )
        assert x[grid].shape == (8,)


def test_one_value_under_a_uint8_mask_is_refused_as_masked_fill_refuses_it():
    x = torch.arange(6.0).reshape(3, 2)
    mask = torch.tensor([1, 0, 1], dtype=torch.uint8)
    for value in (0.0, torch.tensor(0.0)):
        with pytest.raises(RuntimeError, match="only supports boolean masks"):
            x[mask] = value
    np.testing.assert_array_equal(to_np(x), np.arange(6.0).reshape(3, 2))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        x[mask] = torch.ones(2, 2)  # (rows of values go through index_put)
    np.testing.assert_array_equal(to_np(x), [[1, 1], [2, 3], [1, 1]])


@pytest.mark.parametrize("name", ["int8", "int16"])
def test_index_tensors_of_other_integer_dtypes_are_refused(name):
    x = torch.arange(4.0)
    with pytest.raises(IndexError, match="must be long, int, byte or bool"):
        x[torch.tensor([0, 1], dtype=getattr(torch, name))]


def test_int32_positions_index():
    x = torch.arange(4.0)
    np.testing.assert_array_equal(
        to_np(x[torch.tensor([3, 1], dtype=torch.int32)]), [3, 1]
    )


# ----- writing a tensor into memory it partly shares --------------------------------


@pytest.mark.parametrize(
    "write",
    [
        lambda x: x.__setitem__(slice(1, None), x[:-1]),
        lambda x: x[:2].copy_(x[1:3]),
        lambda x: x.__setitem__(slice(0, 3), x[1:]),
    ],
)
def test_a_write_from_overlapping_memory_is_refused_and_changes_nothing(write):
    x = torch.arange(4.0)
    with pytest.raises(RuntimeError, match="refer to a single memory location"):
        write(x)
    np.testing.assert_array_equal(to_np(x), [0, 1, 2, 3])


def test_writes_from_the_same_or_separate_memory_are_allowed():
    x = torch.arange(4.0)
    x[:] = x
    x[:2] = x[2:]
    x[0] = x[3]
    np.testing.assert_array_equal(to_np(x), [3, 3, 2, 3])


# ----- a one-element value of another dtype under a mask ----------------------------


@pytest.mark.parametrize("value", [[5.0], 5.0], ids=["one-element", "0-d"])
@pytest.mark.parametrize("dtype", ["float64", "int64"])
def test_one_value_of_another_dtype_fills_a_mask(value, dtype):
    x = torch.tensor([1.0, 2.0, 3.0])
    x[x > 1] = torch.tensor(value, dtype=getattr(torch, dtype))
    np.testing.assert_array_equal(to_np(x), [1, 5, 5])
    assert x.dtype == torch.float32


@pytest.mark.parametrize(
    "index, value",
    [
        ("mask", [5.0, 6.0]),  # (two values: index_put, which wants one dtype)
        ("positions", [5.0]),
    ],
)
def test_other_index_puts_of_another_dtype_are_refused(index, value):
    x = torch.tensor([1.0, 2.0, 3.0])
    where = x > 1 if index == "mask" else torch.tensor([0, 2])
    with pytest.raises(RuntimeError, match="dtypes match"):
        x[where] = torch.tensor(value, dtype=torch.float64)
    np.testing.assert_array_equal(to_np(x), [1, 2, 3])


# ----- index_put_ -------------------------------------------------------------------


def test_index_put_accumulates_repeated_positions_and_sends_gradients():
    x = torch.zeros(3, 2, requires_grad=True)
    v = torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], requires_grad=True)
    y = x * 1
    out = y.index_put_((torch.tensor([0, 0, 2]),), v, accumulate=True)
    assert out is y
    np.testing.assert_array_equal(to_np(y), [[4, 6], [0, 0], [5, 6]])
    (y * torch.arange(6.0).reshape(3, 2)).sum().backward()
    np.testing.assert_array_equal(to_np(x.grad), [[0, 1], [2, 3], [4, 5]])
    np.testing.assert_array_equal(to_np(v.grad), [[0, 1], [0, 1], [4, 5]])


def test_index_put_positions_masks_negatives_and_a_broadcast_value():
    z = torch.zeros(2, 3)
    pairs = (torch.tensor([0, 1, 0]), torch.tensor([2, 0, 2]))
    got = z.index_put(pairs, torch.tensor(1.5), accumulate=True)
    np.testing.assert_array_equal(to_np(got), [[0, 0, 3], [1.5, 0, 0]])
    mask = torch.tensor([[True, False, True], [False, False, True]])
    got = z.index_put((mask,), torch.tensor([7.0, 8.0, 9.0]))
    np.testing.assert_array_equal(to_np(got), [[7, 0, 8], [0, 0, 9]])
    got = z.index_put((torch.tensor([-1]),), torch.tensor([1.0, 2.0, 3.0]), True)
    np.testing.assert_array_equal(to_np(got), [[0, 0, 0], [1, 2, 3]])
    np.testing.assert_array_equal(to_np(z), np.zeros((2, 3)))  # (index_put copies)
    counts = torch.zeros(3, 3, dtype=torch.int64)  # (a confusion matrix)
    pred, true = torch.tensor([0, 2, 1, 2]), torch.tensor([0, 1, 2, 2])
    counts.index_put_((true, pred), torch.tensor(1), accumulate=True)
    np.testing.assert_array_equal(to_np(counts), [[1, 0, 0], [0, 0, 1], [0, 1, 1]])


@pytest.mark.parametrize(
    "call, error",
    [
        (
            lambda z: z.index_put_((torch.tensor([5]),), torch.tensor(1.0), True),
            IndexError,
        ),
        (lambda z: z.index_put_((torch.tensor([0]),), 1.0), TypeError),
        (
            lambda z: z.index_put_(
                (torch.tensor([0]),), torch.tensor(1.0, dtype=torch.float64), True
            ),
            RuntimeError,
        ),
        (lambda z: z.index_put_((torch.tensor([0.0]),), torch.tensor(1.0)), IndexError),
        (lambda z: z.index_put_(torch.tensor([0]), torch.tensor(1.0)), TypeError),
    ],
)
def test_index_put_refuses_bad_arguments_and_changes_nothing(call, error):
    z = torch.zeros(2, 3)
    with pytest.raises(error):
        call(z)
    np.testing.assert_array_equal(to_np(z), np.zeros((2, 3)))


# ----- in-place variants ------------------------------------------------------------

UNARY = ["acos", "asin", "atan", "cosh", "sinh", "erf", "log2", "log10", "rsqrt"]
ALIASES = {"arccos_": "acos", "arcsin_": "asin", "arctan_": "atan"}


@pytest.mark.parametrize("name", UNARY + list(ALIASES))
def test_unary_in_place_variants_match_their_function(name):
    base = ALIASES.get(name, name.rstrip("_"))
    x = torch.tensor([[0.5, 0.25], [0.1, 0.9]])
    want = getattr(x, base)()
    version = x._version
    assert getattr(x, name if name.endswith("_") else name + "_")() is x
    np.testing.assert_allclose(to_np(x), to_np(want), rtol=1e-6)
    assert x._version > version


@pytest.mark.parametrize(
    "name, want",
    [
        ("eq_", [1, 0, 0, 1]),
        ("ne_", [0, 1, 1, 0]),
        ("not_equal_", [0, 1, 1, 0]),
        ("gt_", [0, 0, 1, 0]),
        ("greater_", [0, 0, 1, 0]),
        ("ge_", [1, 0, 1, 1]),
        ("greater_equal_", [1, 0, 1, 1]),
        ("lt_", [0, 1, 0, 0]),
        ("less_", [0, 1, 0, 0]),
        ("le_", [1, 1, 0, 1]),
        ("less_equal_", [1, 1, 0, 1]),
        ("logical_and_", [1, 1, 1, 1]),
        ("logical_or_", [1, 1, 1, 1]),
        ("logical_xor_", [0, 0, 0, 0]),
        ("atan2_", [0.7854, -0.6947, 2.6779, 0.7854]),
        ("arctan2_", [0.7854, -0.6947, 2.6779, 0.7854]),
        ("floor_divide_", [1, -1, -1, 1]),
        ("remainder_", [0, 0.05, -0.1, 0]),
    ],
)
def test_binary_in_place_variants_keep_the_dtype(name, want):
    x = torch.tensor([[0.5, -0.25], [0.1, 0.9]])
    getattr(x, name)(torch.tensor([[0.5, 0.3], [-0.2, 0.9]]))
    np.testing.assert_allclose(to_np(x).reshape(-1), want, atol=1e-4)
    assert x.dtype == torch.float32


def test_in_place_variants_with_arguments():
    x = torch.tensor([[0.5, -0.25], [0.1, 0.9]])
    checks = [
        (
            torch.tensor([math.nan, math.inf, -math.inf, 1.0]).nan_to_num_(
                0.5, 9.0, -9.0
            ),
            [0.5, 9, -9, 1],
        ),
        (x.clone().cumsum_(1), [0.5, 0.25, 0.1, 1.0]),
        (x.clone().cumprod_(0), [0.5, -0.25, 0.05, -0.225]),
        (torch.ones(3, 3).tril_(-1), [0, 0, 0, 1, 0, 0, 1, 1, 0]),
        (torch.ones(3, 3).triu_(1), [0, 1, 1, 0, 0, 1, 0, 0, 0]),
        (
            torch.ones(2).addmv_(x, torch.tensor([1.0, 2.0]), beta=2, alpha=0.5),
            [2.0, 2.95],
        ),
        (
            torch.ones(1, 2, 2).baddbmm_(x[None], x[None], alpha=2),
            [1.45, 0.3, 1.28, 2.57],
        ),
        (torch.ones(2, 2).addbmm_(x[None], x[None]), [1.225, 0.65, 1.14, 1.785]),
        (
            torch.ones(2, 2).addr_(torch.tensor([1.0, 2.0]), torch.tensor([3.0, 4.0])),
            [4, 5, 7, 9],
        ),
        (torch.arange(6.0).reshape(2, 3).swapdims_(0, 1), [0, 3, 1, 4, 2, 5]),
        (torch.arange(6.0).reshape(2, 3).swapaxes_(0, 1), [0, 3, 1, 4, 2, 5]),
        (torch.tensor([7, -7]).floor_divide_(2), [3, -4]),
        (torch.tensor([7, -7]).remainder_(3), [1, 2]),
        (torch.tensor([0.0, 2.0]).logical_not_(), [1, 0]),
    ]
    for got, want in checks:
        np.testing.assert_allclose(to_np(got).reshape(-1), want, atol=1e-5)


def test_an_in_place_variant_records_its_function_and_refuses_a_leaf():
    a = torch.tensor([0.5, 0.2], requires_grad=True)
    b = a * 1
    b.sinh_()
    b.sum().backward()
    np.testing.assert_allclose(to_np(a.grad), np.cosh([0.5, 0.2]), rtol=1e-6)
    with pytest.raises(RuntimeError, match="leaf Variable"):
        torch.tensor([0.5], requires_grad=True).erf_()


# ----- legacy methods ---------------------------------------------------------------


def test_new_makes_tensors_of_this_dtype():
    x = torch.ones(2, dtype=torch.float64)
    assert x.new(2, 3).shape == (2, 3) and x.new(2, 3).dtype == torch.float64
    np.testing.assert_array_equal(to_np(x.new([1, 2])), [1, 2])
    np.testing.assert_array_equal(to_np(x.new((2, 3))), [2, 3])  # (a tuple: values)
    assert x.new(torch.Size([2, 2])).shape == (2, 2)
    assert x.new().shape == (0,)
    assert torch.ones(2, dtype=torch.int64).new(2).dtype == torch.int64
    with pytest.raises(TypeError, match="must be a sequence"):
        x.new(2.5)


def test_resize_keeps_the_first_values_in_order():
    x = torch.tensor([1.0, 2.0, 3.0, 4.0])
    assert x.resize_(2, 2) is x
    np.testing.assert_array_equal(to_np(x), [[1, 2], [3, 4]])
    y = torch.tensor([1.0, 2.0, 3.0])
    assert y.resize_(5).shape == (5,)
    np.testing.assert_array_equal(to_np(y[:3]), [1, 2, 3])
    np.testing.assert_array_equal(to_np(torch.tensor([1.0, 2, 3]).resize_(2)), [1, 2])
    assert torch.ones(4).resize_as_(torch.ones(2, 2)).shape == (2, 2)
    z = torch.tensor([1.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="cannot resize variables that require grad"):
        z.resize_(2)
    assert z.shape == (1,)


def test_apply_and_map_call_python_per_element():
    x = torch.tensor([1.0, 2.0, 3.0])
    assert x.apply_(lambda v: v * 2) is x
    np.testing.assert_array_equal(to_np(x), [2, 4, 6])
    x.map_(torch.tensor(10.0), lambda a, b: a + b)
    np.testing.assert_array_equal(to_np(x), [12, 14, 16])
    ints = torch.tensor([1, 2]).apply_(lambda v: v * 3)
    assert ints.dtype == torch.int64
    np.testing.assert_array_equal(to_np(ints), [3, 6])
    with pytest.raises(RuntimeError, match="requires grad"):
        torch.tensor([1.0], requires_grad=True).apply_(lambda v: v)


def test_memory_placement_methods_of_a_cpu_tensor():
    x = torch.ones(2)
    assert x.is_pinned() is False
    assert x.share_memory_() is x and x.is_shared()
    assert x.real is x
    with pytest.raises(RuntimeError, match="non-complex"):
        x.imag  # noqa: B018 (the property raises)


@minigrad_only  # (PyTorch's pin_memory needs an accelerator; its error says so)
def test_pin_memory_says_there_is_no_accelerator():
    with pytest.raises(RuntimeError, match="accelerator"):
        torch.ones(2).pin_memory()


# ----- constants --------------------------------------------------------------------


def test_pytorchs_constants():
    assert torch.pi == math.pi and torch.e == math.e
    assert torch.inf == math.inf and math.isnan(torch.nan)
    assert torch.newaxis is None
    x = torch.ones(3)
    np.testing.assert_array_equal(
        to_np(x.masked_fill(x > 0, -torch.inf)), [-np.inf] * 3
    )
