"""A view's node after the tensor it views was changed in place.

PyTorch rebases a view's history when its base gets a new one (a recorded
in-place op). minigrad does not: a backward through a view made before such a
change raises. A change under no_grad (an optimizer's step between forward
and backward) gives the base no new history, so backward runs, as in PyTorch.
"""

import numpy as np
import pytest
from mg_testutil import IS_TORCH, torch


def test_a_linear_layer_updated_under_no_grad_before_backward():
    torch.manual_seed(0)
    lin = torch.nn.Linear(3, 2)
    x = torch.randn(4, 3)
    loss = lin(x).sum()  # records weight.t(), a view of the weight
    with torch.no_grad():
        lin.weight -= 0.1
    loss.backward()
    # d(sum of x @ W.T + b)/dW[i, j] = sum over the batch of x[:, j]
    expected = np.tile(x.sum(0).numpy(), (2, 1))
    np.testing.assert_allclose(lin.weight.grad.numpy(), expected, rtol=1e-5)
    assert lin.bias.grad.tolist() == [4.0, 4.0]


def test_a_view_used_after_its_base_changed_under_no_grad():
    a = torch.ones(3, requires_grad=True)
    b = a * 2
    v = b.view(3)
    with torch.no_grad():
        b.mul_(5)
    (v * 3).sum().backward()
    assert a.grad.tolist() == [6.0, 6.0, 6.0]  # PyTorch's numbers


def test_the_transpose_of_a_leaf_after_an_optimizer_step():
    w = torch.nn.Parameter(torch.tensor([[1.0, 2.0], [3.0, 4.0]]))
    opt = torch.optim.SGD([w], lr=0.5)
    out = (torch.ones(1, 2) @ w.t()).sum()
    w.grad = torch.ones(2, 2)
    opt.step()  # changes w in place under no_grad
    w.grad = None
    out.backward()
    assert w.grad.tolist() == [[1.0, 1.0], [1.0, 1.0]]


@pytest.mark.skipif(IS_TORCH, reason="PyTorch rebases the view's history")
@pytest.mark.parametrize("used_after", [False, True], ids=["used before", "after"])
def test_a_view_of_a_tensor_given_a_new_history_refuses_backward(used_after):
    a = torch.ones(3, requires_grad=True)
    b = a * 2
    v = b.view(3)
    if not used_after:
        y = (v * 3).sum()
    b.mul_(5)  # recorded: b has a new history, v's node still has the old one
    if used_after:
        y = (v * 3).sum()
    with pytest.raises(RuntimeError, match="cannot rebase a view's history"):
        y.backward()
    assert a.grad is None  # nothing accumulated
