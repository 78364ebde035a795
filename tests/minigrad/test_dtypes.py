"""dtypes PyTorch has and numpy can store: int32, int16, int8, uint8, float16
and the aliases half, double, float, long, int, short. What PyTorch 2.13
prints and raises was read off PyTorch itself.
"""

import numpy as np
import pytest
from mg_testutil import PREFIX, torch

NAMES = {
    "float32": "float32",
    "float64": "float64",
    "float16": "float16",
    "int64": "int64",
    "int32": "int32",
    "int16": "int16",
    "int8": "int8",
    "uint8": "uint8",
    "bool": "bool",
    # aliases: the name PyTorch prints for them
    "half": "float16",
    "double": "float64",
    "float": "float32",
    "long": "int64",
    "int": "int32",
    "short": "int16",
}


@pytest.mark.parametrize("name", sorted(NAMES))
def test_each_dtype_prints_as_its_canonical_name(name):
    assert repr(getattr(torch, name)) == f"{PREFIX}.{NAMES[name]}"


@pytest.mark.parametrize("name", ["int32", "int16", "int8", "uint8", "float16"])
def test_a_tensor_of_a_non_default_dtype_says_so_when_printed(name):
    dtype = getattr(torch, name)
    t = torch.tensor([1, 2], dtype=dtype)
    assert t.dtype == dtype
    body = "[1., 2.]" if name == "float16" else "[1, 2]"
    assert repr(t) == f"tensor({body}, dtype={PREFIX}.{name})"


@pytest.mark.parametrize(
    "numpy_dtype, name",
    [
        (np.int32, "int32"),
        (np.int16, "int16"),
        (np.int8, "int8"),
        (np.uint8, "uint8"),
        (np.float16, "float16"),
    ],
)
def test_numpy_arrays_keep_their_dtype(numpy_dtype, name):
    array = np.array([1, 2], dtype=numpy_dtype)
    assert torch.tensor(array).dtype == getattr(torch, name)
    assert torch.from_numpy(array).dtype == getattr(torch, name)


@pytest.mark.parametrize("name", ["int32", "int16", "int8", "uint8", "int64", "bool"])
def test_an_integer_tensor_cannot_require_grad(name):
    with pytest.raises(
        RuntimeError, match="Only Tensors of floating point and complex dtype"
    ):
        torch.tensor([1, 0], dtype=getattr(torch, name), requires_grad=True)
    with pytest.raises(RuntimeError, match="floating point"):
        torch.zeros(2, dtype=getattr(torch, name)).requires_grad_()


def test_a_half_tensor_can_require_grad_and_gets_a_half_gradient():
    x = torch.tensor([1.0, 2.0], dtype=torch.half, requires_grad=True)
    (x * x).sum().backward()
    assert x.grad.dtype == torch.float16
    np.testing.assert_array_equal(x.grad.numpy(), [2.0, 4.0])


@pytest.mark.parametrize(
    "method, name",
    [
        ("int", "int32"),
        ("long", "int64"),
        ("half", "float16"),
        ("double", "float64"),
        ("float", "float32"),
        ("bool", "bool"),
        ("short", "int16"),
    ],
)
def test_the_cast_methods(method, name):
    t = getattr(torch.tensor([0.0, 2.75, -3.5]), method)()
    assert t.dtype == getattr(torch, name)
    expected = np.array([0.0, 2.75, -3.5]).astype(
        getattr(np, name.replace("bool", "bool_"))
    )
    np.testing.assert_array_equal(t.numpy(), expected)


def test_dtype_facts():
    assert torch.float16.itemsize == 2 and torch.int32.itemsize == 4
    assert torch.float16.is_floating_point and not torch.int32.is_floating_point
    assert torch.int8.is_signed and not torch.uint8.is_signed


def test_mixed_integer_arithmetic_widens_as_pytorch():
    i32 = torch.tensor([1, 2], dtype=torch.int32)
    assert (i32 + torch.tensor([1, 2])).dtype == torch.int64
    assert (i32 * 2.5).dtype == torch.float32
    assert (i32 * 2).dtype == torch.int32
