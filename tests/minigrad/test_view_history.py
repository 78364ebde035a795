"""A view's node after the tensor it views was changed in place.

As in PyTorch, a recorded in-place change gives the changed memory a new
history, and a view that is used after it follows that history (its node is
made again, `AsStridedBackward0`); an in-place change of a view goes into its
base (`CopySlices`). A change under no_grad (an optimizer's step between
forward and backward) gives the base no new history.
"""

import numpy as np
import pytest
from mg_testutil import torch


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


@pytest.mark.parametrize("used_after", [False, True], ids=["used before", "after"])
def test_a_view_follows_its_base_new_history_as_in_pytorch(used_after):
    a = torch.ones(3, requires_grad=True)
    b = a * 2
    v = b.view(3)
    if not used_after:
        y = (v * 3).sum()  # v was 2a when used: dy/da = 6
    b.mul_(5)  # recorded: b has a new history
    if used_after:
        y = (v * 3).sum()  # v is 10a now (its node is made again): dy/da = 30
    y.backward()
    assert a.grad.tolist() == [30.0] * 3 if used_after else [6.0] * 3


def test_a_transposed_view_after_exp_():
    a = torch.ones(2, 3, requires_grad=True)
    b = a * 1
    v = b.t()
    b.exp_()
    (v * 1).sum().backward()  # through exp_: e at every element (PyTorch 2.13)
    np.testing.assert_allclose(a.grad.numpy(), np.full((2, 3), np.e), rtol=1e-6)


def test_in_place_changes_through_views_give_pytorchs_gradients():
    # Each case run under PyTorch 2.13: the values, and w's gradient.
    w = torch.ones(2, 3, requires_grad=True)

    def grad_of(make_loss):
        w.grad = None
        make_loss().backward()
        return w.grad.tolist()

    def column_add():  # Python's `out[:, 0] += 1` is an in-place add on a view
        out = w * 2
        out[:, 0] += 1
        assert out.tolist() == [[3.0, 2.0, 2.0], [3.0, 2.0, 2.0]]
        assert type(out.grad_fn).__name__ == "CopySlices"
        return out.sum()

    def row_times_three():
        out = w * 2
        out[0] *= 3
        return (out * torch.arange(6.0).reshape(2, 3)).sum()

    def through_a_transpose():
        out = w * 2
        out.t().mul_(torch.tensor([[1.0], [2.0], [3.0]]))
        return (out * out).sum()

    def a_row_from_another():  # x[i] = f(x[j]): the old row is read first
        out = (w * 2).reshape(3, 2)
        out[0] = out[1] * 2
        return out.sum()

    def into_a_tensor_without_grad():
        b = torch.zeros(3)
        b[:2].add_(w[0, :2])
        return b.sum()

    def the_view_itself():
        out = w * 1
        v = out[0]
        v.mul_(2)
        assert type(v.grad_fn).__name__ == "AsStridedBackward0"
        return (v * 3).sum()

    assert grad_of(column_add) == [[2.0] * 3] * 2
    assert grad_of(row_times_three) == [[0.0, 6.0, 12.0], [6.0, 8.0, 10.0]]
    assert grad_of(through_a_transpose) == [[8.0, 32.0, 72.0]] * 2
    assert grad_of(a_row_from_another) == [[0.0, 0.0, 6.0], [6.0, 2.0, 2.0]]
    assert grad_of(into_a_tensor_without_grad) == [[1.0, 1.0, 0.0], [0.0] * 3]
    assert grad_of(the_view_itself) == [[6.0] * 3, [0.0] * 3]


def test_in_place_through_a_view_still_refuses_what_pytorch_refuses():
    w = torch.ones(2, 3, requires_grad=True)
    with pytest.raises(RuntimeError, match="view of a leaf Variable"):
        w[0].mul_(2)
    out = w.exp()
    v = out[0]
    v.add_(1)  # exp saved its output, which this changed
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        out.sum().backward()
