"""dot, nelement, log10, log2, log1p, expm1: node names, values at the edges
and errors as PyTorch 2.13 has them (read off PyTorch). Gradients and second
derivatives are checked against central differences in the op table.
"""

import math

import numpy as np
import pytest
from mg_testutil import torch


@pytest.mark.parametrize(
    "name, node",
    [
        ("log10", "Log10Backward0"),
        ("log2", "Log2Backward0"),
        ("log1p", "Log1PBackward0"),
        ("expm1", "Expm1Backward0"),
    ],
)
def test_node_names_as_pytorch(name, node):
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    assert type(getattr(x, name)().grad_fn).__name__ == node
    assert type(getattr(torch, name)(x).grad_fn).__name__ == node


def test_dot_value_node_and_gradients():
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    b = torch.tensor([3.0, 4.0], requires_grad=True)
    y = torch.dot(a, b)
    assert y.shape == () and y.item() == 11.0
    assert type(y.grad_fn).__name__ == "DotBackward0"
    y.backward()
    np.testing.assert_array_equal(a.grad.numpy(), [3.0, 4.0])
    np.testing.assert_array_equal(b.grad.numpy(), [1.0, 2.0])
    assert a.dot(torch.tensor([1.0, 1.0])).item() == 3.0


@pytest.mark.parametrize(
    "a, b, message",
    [
        ((2, 2), (2,), "1D tensors expected, but got 2D and 1D tensors"),
        ((2,), (3,), r"inconsistent tensor size, expected tensor \[2\] and src \[3\]"),
    ],
)
def test_dot_shape_errors(a, b, message):
    with pytest.raises(RuntimeError, match=message):
        torch.dot(torch.ones(*a), torch.ones(*b))


def test_dot_dtype_error():
    with pytest.raises(
        RuntimeError,
        match="expected both vectors to have same dtype, but found Float and Double",
    ):
        torch.dot(torch.ones(2), torch.ones(2, dtype=torch.float64))


def test_log1p_and_expm1_are_exact_for_tiny_values():
    tiny = torch.tensor([1e-10], dtype=torch.float64)
    assert tiny.log1p().item() == pytest.approx(1e-10, rel=1e-9, abs=0)
    assert tiny.expm1().item() == pytest.approx(1e-10, rel=1e-9, abs=0)
    assert (1 + tiny).log().item() != pytest.approx(1e-10, rel=1e-9, abs=0)


def test_integer_inputs_give_float32_as_pytorch():
    assert torch.tensor([1, 10]).log10().dtype == torch.float32
    np.testing.assert_allclose(torch.tensor([1, 10]).log10().numpy(), [0.0, 1.0])
    np.testing.assert_allclose(
        torch.tensor([1, 3]).expm1().numpy(), [math.e - 1, math.e**3 - 1], rtol=1e-6
    )
    np.testing.assert_allclose(torch.tensor([8.0]).log2().numpy(), [3.0])


def test_log_of_zero_and_negatives_as_pytorch():
    x = torch.tensor([0.0, -1.0])
    for name in ("log10", "log2"):
        values = getattr(x, name)().numpy()
        assert values[0] == -np.inf and np.isnan(values[1])
    assert torch.tensor([-1.0]).log1p().item() == -np.inf


def test_nelement_is_numel():
    assert torch.ones(2, 3).nelement() == 6
    assert torch.tensor(1.0).nelement() == 1
