"""contiguous() and stride(): the memory layout PyTorch code asks about.

`x.T.contiguous().view(-1)` is how PyTorch programs flatten a transpose; it
must work, and its gradient must be right (checked numerically).
"""

import numpy as np
import pytest
from mg_testutil import numerical_vjp, to_np, torch


def test_contiguous_of_a_transpose_is_a_row_major_copy_that_views():
    x = torch.arange(6.0).view(2, 3)
    y = x.T.contiguous()
    assert y.is_contiguous()
    assert y.view(6).tolist() == [0.0, 3.0, 1.0, 4.0, 2.0, 5.0]
    y[0, 0] = 100.0  # its own memory: x is unchanged
    assert x[0, 0].item() == 0.0


def test_contiguous_of_a_contiguous_tensor_is_itself():
    x = torch.ones(2, 3)
    assert x.contiguous() is x


def test_contiguous_records_a_clone_and_the_gradient_is_right():
    a = np.arange(6.0).reshape(2, 3)
    weights = np.linspace(-1.0, 1.0, 6)
    x = torch.tensor(a, requires_grad=True)
    y = x.T.contiguous().view(6)
    assert type(y.grad_fn.next_functions[0][0]).__name__ == "CloneBackward0"
    (y * torch.tensor(weights)).sum().backward()

    def f(arr):
        return (arr.T.reshape(6) * weights).sum()

    expected = numerical_vjp(f, [a], np.array(1.0))[0]
    np.testing.assert_allclose(to_np(x.grad), expected, rtol=1e-6, atol=1e-8)


def test_stride_counts_elements_as_pytorch():
    x = torch.arange(6.0).view(2, 3)
    assert x.stride() == (3, 1)
    assert x.T.stride() == (1, 3)
    assert x.stride(1) == 1 and x.stride(-2) == 3
    assert torch.tensor(1.0).stride() == ()
    assert torch.ones(3, 1).expand(3, 4).stride() == (1, 0)


@pytest.mark.parametrize("dim, error", [(2, IndexError), ("a", TypeError)])
def test_stride_refuses_a_bad_dim(dim, error):
    with pytest.raises(error):
        torch.ones(2, 3).stride(dim)
