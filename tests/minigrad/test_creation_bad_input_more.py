"""Making tensors from bad (or unusual) input, as PyTorch 2.13 does.

Each case was checked against PyTorch: the same value, or the same exception
type. Before, minigrad wrapped 2**63 round to -2**63, made nan the smallest
int64, counted `arange(0, 1, 0.3, dtype=long)` as four zeros, refused 0-d
tensors as sizes and let numpy's own errors through.
"""

import numpy as np
import pytest
from mg_testutil import minigrad_only, to_np, torch

# ----- ints that don't fit int64, values that don't fit the dtype --------------------


@pytest.mark.parametrize(
    "data", [2**63, [2**63], [-(2**63) - 1], [1, 2**63], [[2**64]]]
)
def test_an_int_beyond_int64_is_refused_not_wrapped(data):
    with pytest.raises(ValueError, match="Overflow when unpacking long long"):
        torch.tensor(data)


def test_an_int_beyond_int64_is_fine_as_a_float():
    assert torch.tensor(2**63, dtype=torch.float32).item() == 2.0**63
    assert to_np(torch.tensor([1.5, 2**64])).tolist() == [1.5, 2.0**64]
    assert torch.tensor([-(2**63)]).item() == -(2**63)  # (the smallest int64 fits)


@pytest.mark.parametrize(
    "data, dtype",
    [
        ([300], "uint8"),
        ([-256], "uint8"),
        ([255.5], "uint8"),
        ([2**31], "int32"),
        ([1e30], "int64"),
        (float("nan"), "int64"),
        ([float("nan")], "int64"),
        ([float("inf")], "int32"),
    ],
)
def test_a_value_the_dtype_cant_hold_is_refused(data, dtype):
    with pytest.raises(RuntimeError, match="without overflow"):
        torch.tensor(data, dtype=getattr(torch, dtype))


def test_a_negative_int_wraps_into_uint8_as_in_c():
    assert to_np(torch.tensor([-1, -255], dtype=torch.uint8)).tolist() == [255, 1]


def test_ints_are_converted_exactly_among_floats():
    x = torch.tensor([2**62 + 1, 1.5], dtype=torch.long)
    assert to_np(x).tolist() == [2**62 + 1, 1]


@pytest.mark.parametrize(
    "value, dtype",
    [
        (2**63, None),
        (300, "uint8"),
        (-256, "uint8"),
        (float("nan"), "long"),
        (float("inf"), "long"),
        (1e30, "long"),
        (2**31, "int32"),
        (1e40, "float32"),
    ],
)
def test_full_refuses_a_value_the_dtype_cant_hold(value, dtype):
    dtype = dtype and getattr(torch, dtype)
    with pytest.raises(RuntimeError, match="without overflow"):
        torch.full((2,), value, dtype=dtype)


def test_full_takes_what_pytorch_takes():
    assert to_np(torch.full((2,), -1, dtype=torch.uint8)).tolist() == [255, 255]
    assert torch.full((2,), np.int32(1)).dtype == torch.int64
    assert torch.full((2,), float("inf")).isinf().all()
    assert torch.full((2,), torch.tensor(1.5)).dtype == torch.float32


# ----- arange with an integer dtype: the arguments are cut to ints ------------------


@pytest.mark.parametrize("start, end, step", [(0, 1, 0.3), (0.5, 3, 0.5), (3, 0, -0.5)])
def test_arange_refuses_a_step_that_is_zero_as_an_int(start, end, step):
    with pytest.raises(ValueError, match="step must be nonzero"):
        torch.arange(start, end, step, dtype=torch.long)


@pytest.mark.parametrize(
    "args, dtype, expected",
    [
        ((0, 2.5, 1), "long", [0, 1]),
        ((0, 5, 2.7), "long", [0, 2, 4]),
        ((-0.5, 3), "long", [0, 1, 2]),
        ((2.9, 0, -1), "long", [2, 1]),
        ((0, 10, 3.9), "long", [0, 3, 6, 9]),
        ((0, 3, 0.5), "int32", [0] * 6),
        ((-1.7, 3, 1.5), "int32", [-1, 0, 1, 2]),
        ((0, 1, 0.1), "uint8", [0] * 10),
        ((-3, 0), "uint8", [253, 254, 255]),
    ],
)
def test_arange_with_an_integer_dtype_matches_pytorch(args, dtype, expected):
    x = torch.arange(*args, dtype=getattr(torch, dtype))
    assert x.dtype == getattr(torch, dtype)
    assert to_np(x).tolist() == expected


def test_arange_of_bool_is_not_implemented():
    with pytest.raises(NotImplementedError, match="arange_cpu"):
        torch.arange(0, 3, dtype=torch.bool)


def test_arange_step_zero_and_wrong_sign_stay_runtime_errors():
    with pytest.raises(RuntimeError, match="step must be nonzero"):
        torch.arange(0, 3, 0)
    with pytest.raises(RuntimeError, match="inconsistent with step sign"):
        torch.arange(0.5, 0.2, 1, dtype=torch.long)


@pytest.mark.parametrize("args", [(1e20,), (0, 1e20), (0, 2**62)])
def test_arange_of_too_many_numbers_is_a_runtime_error(args):
    with pytest.raises(RuntimeError):
        torch.arange(*args)


# ----- 0-d tensors as numbers and sizes ---------------------------------------------


def test_arange_takes_0d_tensors_as_numbers():
    assert torch.arange(torch.tensor(3)).dtype == torch.int64
    assert torch.arange(0, torch.tensor(3), 1).dtype == torch.int64
    assert torch.arange(torch.tensor(3.0)).dtype == torch.float32
    assert torch.arange(torch.tensor(3, dtype=torch.int32)).dtype == torch.int64
    with pytest.raises(TypeError):
        torch.arange(torch.tensor([3]))
    with pytest.raises(TypeError):
        torch.arange("a")


@pytest.mark.parametrize(
    "make",
    [
        lambda n: torch.zeros(n),
        lambda n: torch.ones(n, 2),
        lambda n: torch.empty((n, 2)),
        lambda n: torch.rand(n),
        lambda n: torch.randn(n),
        lambda n: torch.full((n,), 1.5),
        lambda n: torch.randint(0, 5, (n,)),
        lambda n: torch.randperm(n),
        lambda n: torch.eye(n),
        lambda n: torch.linspace(0, 1, n),
    ],
)
def test_a_one_element_integer_tensor_is_a_size(make):
    assert make(torch.tensor(3)).shape[0] == 3


def test_a_float_or_longer_tensor_is_not_a_size():
    with pytest.raises(TypeError, match="tuple of ints"):
        torch.zeros(torch.tensor(3.0))
    with pytest.raises(TypeError, match="tuple of ints"):
        torch.zeros(torch.tensor([3, 2]))
    with pytest.raises(TypeError, match="must be int"):
        torch.eye(torch.tensor(2.0))


def test_randint_takes_a_0d_tensor_bound():
    x = torch.randint(torch.tensor(5), (20,))
    assert x.dtype == torch.int64 and 0 <= x.min() and x.max() < 5


def test_linspace_takes_0d_tensors_and_refuses_strings():
    x = torch.linspace(torch.tensor(0), torch.tensor(1), torch.tensor(3))
    assert to_np(x).tolist() == [0.0, 0.5, 1.0]
    for args in [("a", 1, 2), (0, "b", 2), (None, 1, 2)]:
        with pytest.raises(TypeError):
            torch.linspace(*args)
    with pytest.raises(TypeError):
        torch.logspace("a", 1, 2)
    with pytest.raises(RuntimeError, match="0-dimensional"):
        torch.linspace(torch.tensor([0.0]), 1, 3)


# ----- data that are not numbers, or rows of different lengths -----------------------


@pytest.mark.parametrize(
    "data, error, match",
    [
        ([1, None], RuntimeError, "Could not infer dtype of NoneType"),
        ([[None]], RuntimeError, "Could not infer dtype of NoneType"),
        ([1.5, None], RuntimeError, "Could not infer dtype of NoneType"),
        ([1, {}], RuntimeError, "Could not infer dtype of dict"),
        (
            [[1, 2], [3]],
            ValueError,
            "expected sequence of length 2 at dim 1 \\(got 1\\)",
        ),
        ([[[1], [2]], [[3]]], ValueError, "expected sequence of length 2 at dim 1"),
        ([np.array([1, 2]), np.array([3])], ValueError, "expected sequence of length"),
        ([[1, 2], 3], TypeError, "not a sequence"),
        ([1, [2]], TypeError, None),
        ("a", TypeError, "invalid data type 'str'"),
        ([1, "a"], TypeError, "invalid data type 'str'"),
        (["a"], ValueError, "too many dimensions 'str'"),
    ],
)
def test_bad_data_get_pytorchs_error(data, error, match):
    with pytest.raises(error, match=match):
        torch.tensor(data)


@minigrad_only
def test_numpy_dtypes_minigrad_lacks_are_refused_not_changed():
    # PyTorch keeps uint16/uint32/uint64; minigrad has no such dtype, so it
    # says so rather than quietly making int64 (which wraps 2**63 round).
    for numpy_dtype in (np.uint16, np.uint32, np.uint64):
        with pytest.raises(TypeError, match="no dtype for numpy's uint"):
            torch.tensor(np.array([1], numpy_dtype))
    with pytest.raises(TypeError, match="longdouble|float128|float96"):
        torch.tensor(np.array([1.0], np.longdouble))


# ----- sizes too big for any memory ---------------------------------------------------


@pytest.mark.parametrize(
    "make",
    [
        lambda: torch.empty(2**62),
        lambda: torch.zeros(2**31, 2**31),
        lambda: torch.full((2**62,), 1.0),
        lambda: torch.randn(2**62),
        lambda: torch.randint(0, 2, (2**62,)),
        lambda: torch.eye(2**33),
        lambda: torch.randperm(2**62),
        lambda: torch.linspace(0, 1, 2**62),
    ],
)
def test_a_size_too_big_is_a_runtime_error(make):
    with pytest.raises(RuntimeError):
        make()


# ----- finfo and iinfo: the limits of a dtype ---------------------------------------


def test_finfo_gives_the_limits_of_a_float_dtype():
    info = torch.finfo(torch.float32)
    assert info.eps == 2.0**-23 and info.bits == 32 and info.dtype == "float32"
    assert info.max == float(np.finfo(np.float32).max) == -info.min
    assert info.tiny == info.smallest_normal == float(np.finfo(np.float32).tiny)
    assert info.resolution == 1e-6 and type(info.eps) is float
    assert torch.finfo().dtype == "float32"  # the default dtype
    assert torch.finfo(torch.float16).max == 65504.0
    assert torch.finfo(torch.float16).resolution == 0.001
    assert repr(torch.finfo(torch.float64)).startswith("finfo(resolution=1e-15, ")


def test_iinfo_gives_the_limits_of_an_integer_dtype():
    assert torch.iinfo(torch.uint8).max == 255 and torch.iinfo(torch.int8).bits == 8
    assert torch.iinfo(torch.int64).min == -(2**63)
    assert repr(torch.iinfo(torch.int16)) == "iinfo(min=-32768, max=32767, dtype=int16)"


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: torch.finfo(torch.int64), "requires a floating point input type"),
        (lambda: torch.iinfo(torch.float32), "requires an integer input type"),
        (lambda: torch.finfo("float32"), "argument 'type' .* must be"),
    ],
)
def test_finfo_and_iinfo_refuse_the_other_kind(make, message):
    with pytest.raises(TypeError, match=message):
        make()


def test_full_takes_numpy_scalars_as_pytorch():
    assert torch.full((2,), np.bool_(True)).dtype == torch.float32  # (not bool)
    assert torch.full((2,), np.int32(1)).dtype == torch.int64
    assert to_np(torch.full((2,), np.float64(2.5))).tolist() == [2.5, 2.5]
