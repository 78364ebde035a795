"""`Tensor.register_post_accumulate_grad_hook`: a hook on a leaf that runs once
backward has added to its `.grad` (PyTorch 2.13's behaviour, read off PyTorch:
run with MINIGRAD_TEST_BACKEND=torch, these tests pass there too)."""

import pytest
from mg_testutil import torch


def test_the_hook_sees_the_leaf_after_each_accumulation():
    x = torch.ones(2, requires_grad=True)
    seen = []
    handle = x.register_post_accumulate_grad_hook(lambda p: seen.append(p.grad.clone()))
    x.register_hook(lambda g: g * 10)  # (a tensor hook runs first, on the gradient)
    (x * 2).sum().backward()
    (x * 3).sum().backward(inputs=[x])  # inputs= accumulates: the hook runs
    torch.autograd.grad((x * 2).sum(), x)  # grad() accumulates nothing: it does not
    handle.remove()
    (x * 3).sum().backward()  # removed: no call
    assert [g.tolist() for g in seen] == [[20.0, 20.0], [50.0, 50.0]]
    assert x.grad.tolist() == [80.0, 80.0]


def test_the_hook_may_change_grad_in_place():
    w = torch.ones(2, requires_grad=True)

    def halve(p):
        p.grad.mul_(0.5)  # (returns None: mul_'s result would be refused)

    w.register_post_accumulate_grad_hook(halve)
    (w * 4).sum().backward()
    assert w.grad.tolist() == [2.0, 2.0]


def test_an_optimizer_step_in_the_hook_updates_during_backward():
    # PyTorch's tutorial pattern: one optimizer per parameter, stepped by the hook.
    w = torch.tensor([1.0, -1.0], requires_grad=True)
    opt = torch.optim.SGD([w], lr=0.1)

    def step(p):
        opt.step()
        opt.zero_grad()

    w.register_post_accumulate_grad_hook(step)
    (w**2).sum().backward()
    assert w.tolist() == pytest.approx([0.8, -0.8])
    assert w.grad is None


def test_errors_as_pytorch():
    x = torch.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match="cannot be registered on non-leaf"):
        (x * 2).register_post_accumulate_grad_hook(lambda p: None)
    with pytest.raises(RuntimeError, match="doesn't require gradient"):
        torch.ones(2).register_post_accumulate_grad_hook(lambda p: None)
    handle = x.register_post_accumulate_grad_hook(lambda p: p.grad * 2)
    with pytest.raises(RuntimeError, match="should return None"):
        (x * 1).sum().backward()
    handle.remove()
    x.register_post_accumulate_grad_hook(lambda p: 5)
    with pytest.raises(TypeError, match="hook returned 'int'"):
        (x * 1).sum().backward()
