"""Cases where minigrad and PyTorch 2.13 disagreed on random programs run in
both (a differential run of several thousand programs), each now PyTorch's.

Every test here also runs under MINIGRAD_TEST_BACKEND=torch: the expected
values are PyTorch's own.
"""

import numpy as np
import pytest
from mg_testutil import assert_close, to_np, torch

# ------------------------------------------- a gradient keeps its input's dtype


@pytest.mark.parametrize(
    "other",
    [
        lambda: torch.tensor([1, 2]),  # int64: numpy makes float32 * int64 float64
        lambda: torch.tensor(2.0, dtype=torch.float64),  # 0-d: does not promote
        lambda: torch.tensor([True, False]),
    ],
    ids=["int64", "0-d float64", "bool"],
)
@pytest.mark.parametrize("op", ["mul", "div", "rmul", "where"])
def test_a_gradient_keeps_its_inputs_dtype_beside_an_operand_of_another(op, other):
    x = torch.tensor([1.5, -2.0], requires_grad=True)
    y = x * 1
    seen = []
    y.register_hook(lambda g: seen.append(g.dtype))
    b = other()
    if op == "mul":
        z = y * b
    elif op == "div":
        z = y / (b + 1)
    elif op == "rmul":
        z = b * y
    else:
        z = torch.where(torch.tensor([True, False]), y, b)
    assert z.dtype == torch.float32
    z.sum().backward()
    assert seen == [torch.float32]
    assert x.grad.dtype == torch.float32


def test_a_batched_matmul_backward_beside_an_int_operand():
    # The float64 gradient numpy gave reached the matmul's backward, which
    # refused to multiply float32 by float64.
    x = torch.tensor(np.ones((2, 1, 3), np.float32))
    w = torch.tensor(np.ones((2, 3, 2), np.float32), requires_grad=True)
    ((x @ w) * torch.tensor([1, 2])).sum().backward()
    assert w.grad.dtype == torch.float32
    assert w.grad.sum().item() == 18.0


# ------------------------------------------------- retain_grad keeps a copy


def test_retain_grad_adds_out_of_place_so_an_earlier_grad_stays():
    x = torch.tensor([0.5, -2.0, 1.0], requires_grad=True)
    y = x * 2
    y.retain_grad()
    y.sum().backward(retain_graph=True)
    first = y.grad
    y.sum().backward()
    assert first is not y.grad
    assert_close(to_np(first), [1.0, 1.0, 1.0])
    assert_close(to_np(y.grad), [2.0, 2.0, 2.0])


def test_retain_grad_copies_the_first_gradient():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x * 1
    y.retain_grad()
    z = y * 1
    seen = []
    z.register_hook(lambda g: seen.append(g))
    z.sum().backward()
    y.grad.add_(5)  # a student's in-place change touches nothing else
    assert_close(to_np(seen[0]), [1.0, 1.0])
    assert_close(to_np(x.grad), [1.0, 1.0])


def test_retain_grad_under_create_graph_records_a_clone_then_a_sum():
    x = torch.tensor([0.5, -2.0, 1.0], requires_grad=True)
    y = x**2
    y.retain_grad()
    z = y * y
    z.sum().backward(create_graph=True)
    assert type(y.grad.grad_fn).__name__ == "CloneBackward0"
    z.sum().backward(create_graph=True)
    assert_close(to_np(y.grad), [1.0, 16.0, 4.0])


def test_retain_grad_then_create_graph_then_an_ordinary_backward():
    # An expanded (read-only) gradient kept as .grad was then added to in place.
    x = torch.tensor([0.5, -2.0, 1.0], requires_grad=True)
    y = x.relu()
    y.retain_grad()
    y.sum().backward(create_graph=True)
    g = x.grad
    x.grad = None
    (g * 2).sum().backward()
    assert_close(to_np(x.grad), [0.0, 0.0, 0.0])
    assert_close(to_np(y.grad), [1.0, 1.0, 1.0])


def test_grad_with_create_graph_then_grad_again_through_a_retained_tensor():
    x = torch.tensor([0.5, 2.0], requires_grad=True)
    y = x**3
    y.retain_grad()
    (g,) = torch.autograd.grad(y.sum(), x, create_graph=True)
    (h,) = torch.autograd.grad(g.sum(), x)
    assert_close(to_np(h), 6 * np.array([0.5, 2.0]))
