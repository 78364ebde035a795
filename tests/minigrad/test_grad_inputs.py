"""`autograd.grad` and `backward(inputs=...)`: only the nodes on a path to an
input run, as in PyTorch.

The engine finds those nodes before it starts (`BackwardPass._find_needed`).
When every path from the outputs ends at an input (`grad(y, x)` of a y made
of x alone) that is every node, and the walk says so without deciding node by
node; otherwise it decides each one. Both cases are tested here: hooks,
freed nodes and other leaves off the path must be left alone, and every
gradient must be PyTorch's.
"""

import pytest
from mg_testutil import torch


def test_the_second_derivative_of_a_function_of_one_leaf():
    x = torch.tensor(1.3, requires_grad=True)
    y = x.sin() * x**3
    (first,) = torch.autograd.grad(y, x, create_graph=True)
    (second,) = torch.autograd.grad(first, x)
    s, c = x.detach().sin().item(), x.detach().cos().item()
    v = x.item()
    assert first.item() == pytest.approx(c * v**3 + 3 * s * v**2, rel=1e-6)
    assert second.item() == pytest.approx(
        -s * v**3 + 6 * c * v**2 + 6 * s * v, rel=1e-6
    )
    assert x.grad is None  # grad() returns, it does not accumulate


def test_an_input_inside_the_graph_and_the_leaf_below_it():
    # Every path ends at x, an input: the walk decides nothing node by node,
    # and the gradient still flows on through h's node down to x.
    x = torch.tensor(2.0, requires_grad=True)
    h = x * 3
    y = h * h + x
    gh, gx = torch.autograd.grad(y, [h, x])
    assert gh.item() == 12.0  # dy/dh = 2h
    assert gx.item() == 37.0  # 2h * 3 + 1
    assert x.grad is None


def test_a_non_leaf_input_stops_the_gradient_there():
    x = torch.tensor(2.0, requires_grad=True)
    h = x * 3
    seen = []
    x.register_hook(lambda g: seen.append(g.item()))
    (gh,) = torch.autograd.grad(h * h, h)
    assert gh.item() == 12.0
    assert seen == []  # x lies below the input h: its hook never ran


def test_a_hook_on_a_branch_that_leads_to_no_input_does_not_run():
    x = torch.tensor(2.0, requires_grad=True)
    w = torch.tensor(5.0, requires_grad=True)
    branch = w * 4
    seen = []
    branch.register_hook(lambda g: seen.append(g.item()))
    (gx,) = torch.autograd.grad(x * x + branch, x)
    assert gx.item() == 4.0
    assert seen == []
    assert w.grad is None


def test_a_freed_branch_that_leads_to_no_input_is_not_touched():
    x = torch.tensor(2.0, requires_grad=True)
    w = torch.tensor(5.0, requires_grad=True)
    branch = w * w
    branch.backward()  # frees the branch's saved values
    (gx,) = torch.autograd.grad(x * x + branch, x)  # PyTorch: no error
    assert gx.item() == 4.0


def test_a_freed_branch_on_the_path_raises():
    x = torch.tensor(2.0, requires_grad=True)
    branch = x * x
    branch.backward()
    with pytest.raises(RuntimeError, match="second time"):
        torch.autograd.grad(branch * 3, x)


def test_backward_with_inputs_accumulates_into_those_only():
    x = torch.tensor(2.0, requires_grad=True)
    w = torch.tensor(5.0, requires_grad=True)
    (x * w + w * w).backward(inputs=[x])
    assert x.grad.item() == 5.0
    assert w.grad is None


def test_backward_with_every_leaf_as_an_input_is_a_plain_backward():
    x = torch.tensor(2.0, requires_grad=True)
    w = torch.tensor(5.0, requires_grad=True)
    (x * w + w * w).backward(inputs=[x, w])
    assert (x.grad.item(), w.grad.item()) == (5.0, 12.0)


def test_a_leaf_used_twice_gets_the_sum_once():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = (x * x).sum() + (x * 3).sum() + x.exp().sum()
    (gx,) = torch.autograd.grad(y, x)
    expected = [2 * v + 3 + e for v, e in zip([1.0, 2.0], x.detach().exp().tolist())]
    assert gx.tolist() == pytest.approx(expected, rel=1e-6)
