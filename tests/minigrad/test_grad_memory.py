"""`.grad` keeps a fresh gradient without copying it, and never shares memory.

As PyTorch, AccumulateGrad keeps the first gradient of a leaf as its `.grad`
when nothing else refers to that array (a fresh result of the backward
maths), and copies it otherwise: `.grad` must never share memory with an
array someone else can see or change, or `x.grad += ...` (and the next
backward's accumulation) would change it too.
"""

import sys
import weakref

import numpy as np
import pytest

import minigrad
from minigrad.autograd.engine import backward_steps
from minigrad.autograd.function import _REFERENCES_OF_A_FRESH_GRADIENT

COUNTS_REFERENCES = _REFERENCES_OF_A_FRESH_GRADIENT is not None


class Doubled(minigrad.autograd.Function):
    """y = 2x, whose backward remembers (weakly) the array it returned."""

    made = []

    @staticmethod
    def forward(ctx, x):
        return x * 2

    @staticmethod
    def backward(ctx, grad):
        out = grad * 2
        Doubled.made.append(weakref.ref(out._data))
        return out


def test_only_cpython_up_to_3_13_counts_references():
    expected = sys.implementation.name == "cpython" and sys.version_info < (3, 14)
    assert COUNTS_REFERENCES == expected


@pytest.mark.skipif(not COUNTS_REFERENCES, reason="gradients are always copied")
def test_a_fresh_gradient_becomes_grad_without_a_copy():
    Doubled.made.clear()
    x = minigrad.ones(4, 3, requires_grad=True)
    Doubled.apply(x).sum().backward()
    assert x.grad._data is Doubled.made[0]()
    np.testing.assert_array_equal(x.grad.numpy(), np.full((4, 3), 2.0))


@pytest.mark.skipif(not COUNTS_REFERENCES, reason="gradients are always copied")
def test_both_gradients_of_a_matmul_are_kept_without_a_copy():
    a = minigrad.randn(5, 4, requires_grad=True)
    b = minigrad.randn(4, 3, requires_grad=True)
    expected_a = np.ones((5, 3), np.float32) @ b.detach().numpy().T
    (a @ b).sum().backward()
    np.testing.assert_allclose(a.grad.numpy(), expected_a, rtol=1e-6)
    grads_made = []
    for step in backward_steps((a @ b).sum()):  # (a stepper keeps its steps)
        grads_made += [g for g in step.grads_out if g is not None]
    assert a.grad._data.flags.owndata and b.grad._data.flags.owndata


def test_the_gradient_given_to_backward_is_copied():
    x = minigrad.zeros(3, requires_grad=True)
    g = minigrad.tensor([1.0, 2.0, 3.0])
    x.backward(g)
    assert not np.shares_memory(x.grad.numpy(), g.numpy())
    x.grad += 1
    assert g.tolist() == [1.0, 2.0, 3.0]


def test_one_gradient_sent_to_two_leaves_is_copied_for_each():
    a = minigrad.zeros(3, requires_grad=True)
    b = minigrad.zeros(3, requires_grad=True)
    (a + b).sum().backward()  # AddBackward0 sends the same array to both
    assert not np.shares_memory(a.grad.numpy(), b.grad.numpy())
    a.grad += 1
    assert b.grad.tolist() == [1.0, 1.0, 1.0]


def test_a_gradient_a_hook_kept_is_not_taken():
    a = minigrad.zeros(3, requires_grad=True)
    y = a + 0  # the gradient of y goes on to a unchanged
    kept = []
    y.register_hook(kept.append)
    (y * 2).sum().backward()
    a.grad += 1
    assert kept[0].tolist() == [2.0, 2.0, 2.0]
    assert a.grad.tolist() == [3.0, 3.0, 3.0]


def test_retain_grad_and_the_leaf_do_not_share_memory():
    a = minigrad.zeros(3, requires_grad=True)
    y = a + 0
    y.retain_grad()
    (y * 2).sum().backward()
    a.grad += 1
    assert y.grad.tolist() == [2.0, 2.0, 2.0]


class ReturnsSaved(minigrad.autograd.Function):
    """A backward that returns a tensor it saved (its own memory elsewhere)."""

    @staticmethod
    def forward(ctx, x, w):
        ctx.save_for_backward(w)
        return x * 1

    @staticmethod
    def backward(ctx, grad):
        (w,) = ctx.saved_tensors
        return w, None


def test_a_saved_tensor_returned_as_a_gradient_is_copied():
    x = minigrad.zeros(3, requires_grad=True)
    w = minigrad.tensor([1.0, 2.0, 3.0])
    ReturnsSaved.apply(x, w).sum().backward()
    x.grad += 1
    assert w.tolist() == [1.0, 2.0, 3.0]
    assert x.grad.tolist() == [2.0, 3.0, 4.0]


def test_the_stepper_s_gradients_stay_as_they_were_shown():
    a = minigrad.ones(3, requires_grad=True)
    steps = list(backward_steps((a * 3).sum()))
    shown = [g.tolist() for s in steps for g in s.grads_out if g is not None]
    (a * 3).sum().backward()  # accumulates into a.grad in place
    again = [g.tolist() for s in steps for g in s.grads_out if g is not None]
    assert shown == again
    assert a.grad.tolist() == [6.0, 6.0, 6.0]


def test_a_taken_gradient_accumulates_the_next_backward_in_place():
    x = minigrad.ones(2, 2, requires_grad=True)
    Doubled.apply(x).sum().backward()
    first = x.grad
    Doubled.apply(x).sum().backward()
    assert x.grad is first  # the same tensor, added to in place
    assert x.grad.tolist() == [[4.0, 4.0], [4.0, 4.0]]


def test_an_array_given_to_accumulate_grad_by_hand_is_copied():
    # Outside the engine, whoever calls AccumulateGrad.backward may keep the
    # array: it is copied (a fifth reference), not taken.
    x = minigrad.zeros(3, requires_grad=True)
    node = (x * 1).grad_fn.next_functions[0][0]
    mine = np.ones(3, np.float32)
    node.backward(mine)
    x.grad += 1
    assert mine.tolist() == [1.0, 1.0, 1.0]
    assert x.grad.tolist() == [2.0, 2.0, 2.0]
