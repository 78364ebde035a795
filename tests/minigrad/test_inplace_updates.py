"""In-place updates outside a graph: `w -= lr * w.grad` under `no_grad`.

`+=`, `-=`, `*=` (and `add_`, `sub_`, `mul_`) write straight into memory when
nothing is recorded and the operand has the tensor's shape and dtype (or is a
number); everything else goes the general in-place way. Both ways must count
one version, change the memory the views share, and raise PyTorch's errors.
The rules of in-place ops on leaves and on graphs are in test_semantics.py.
"""

import re

import numpy as np
import pytest
from mg_testutil import assert_close, minigrad_only, torch

F32 = torch.float32

UPDATES = {
    "-= tensor": (lambda w, g: w.__isub__(g), [0.5, 1.0]),
    "+= tensor": (lambda w, g: w.__iadd__(g), [1.5, 3.0]),
    "*= tensor": (lambda w, g: w.__imul__(g), [0.5, 2.0]),
    "sub_ tensor": (lambda w, g: w.sub_(g), [0.5, 1.0]),
    "add_ tensor": (lambda w, g: w.add_(g), [1.5, 3.0]),
    "mul_ tensor": (lambda w, g: w.mul_(g), [0.5, 2.0]),
    "-= number": (lambda w, g: w.__isub__(0.5), [0.5, 1.5]),
    "+= number": (lambda w, g: w.__iadd__(2), [3.0, 4.0]),
    "*= number": (lambda w, g: w.__imul__(3), [3.0, 6.0]),
}


def leaf(values, dtype=F32):
    return torch.tensor(values, dtype=dtype, requires_grad=True)


@pytest.mark.parametrize("update", list(UPDATES), ids=list(UPDATES))
def test_an_update_under_no_grad_changes_the_leaf_and_counts_one_version(update):
    change, want = UPDATES[update]
    w = leaf([1.0, 2.0])
    g = torch.tensor([0.5, 1.0])
    with torch.no_grad():
        result = change(w, g)
    assert result is w
    assert_close(w, want, rtol=0, atol=0)
    assert w._version == 1
    assert w.is_leaf and w.requires_grad and w.grad_fn is None
    assert w.dtype == F32


def test_a_graph_that_saved_the_parameter_refuses_backward_after_the_update():
    w = leaf([1.0, 2.0])
    loss = (w * w).sum()
    with torch.no_grad():
        w -= 0.1 * torch.ones(2)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        loss.backward()


def test_the_update_is_seen_through_views_which_share_the_version():
    base = torch.zeros(4)
    view = base[1:3]
    with torch.no_grad():
        view += torch.ones(2)
    assert_close(base, [0.0, 1.0, 1.0, 0.0], rtol=0, atol=0)
    assert base._version == view._version == 1


def test_zero_dimensional_tensors_are_updated_too():
    s = torch.tensor(1.0)
    s -= torch.tensor(0.25)
    made = torch.tensor(2.0) * 1  # a result of an op
    made *= 3
    assert s.item() == 0.75 and made.item() == 6.0
    assert s._version == made._version == 1


def test_with_recording_on_a_tensor_updated_by_one_that_requires_grad_is_recorded():
    x = torch.zeros(2)
    w = leaf([1.0, 2.0])
    x += w  # grad mode on: recorded, as PyTorch does
    assert x.grad_fn is not None and x.grad_fn.name() == "AddBackward0"
    x.sum().backward()
    assert_close(w.grad, [1.0, 1.0])


def test_an_operand_that_broadcasts_takes_the_general_way():
    x = torch.zeros(2, 3)
    x += torch.ones(3)
    assert_close(x, np.ones((2, 3)))
    with pytest.raises(
        RuntimeError,
        match=re.escape("output with shape [3] doesn't match the broadcast shape"),
    ):
        torch.zeros(3).add_(torch.ones(2, 3))


def test_an_operand_of_another_dtype_is_cast_or_refused_as_in_pytorch():
    x = torch.zeros(2)
    x += torch.ones(2, dtype=torch.float64)  # cast back to float32
    assert x.dtype == F32 and x._version == 1
    n = torch.tensor([1, 2])
    n *= 2
    n += torch.tensor([1, 1])  # integer tensors: the general way
    n -= torch.tensor([1, 1])
    assert n.tolist() == [2, 4] and n._version == 3
    with pytest.raises(RuntimeError, match="result type Float can't be cast"):
        n *= 2.5
    assert n.tolist() == [2, 4] and n._version == 3


def test_memory_made_by_expand_is_refused_under_no_grad_too():
    stretched = torch.ones(1).expand(3)
    with pytest.raises(RuntimeError, match="more than one element of the written"):
        stretched += torch.ones(3)


def test_a_leaf_that_requires_grad_is_refused_outside_no_grad():
    w = leaf([1.0, 2.0])
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad"):
        w -= torch.ones(2)
    assert w._version == 0


@minigrad_only
def test_changing_a_grad_in_place_tells_the_grad_listeners():
    w = leaf([1.0, 2.0])
    (w * w).sum().backward()
    events = []
    handle = torch.autograd.graph.add_grad_listener(events.append)
    try:
        with torch.no_grad():
            w.grad.mul_(0.5)  # (`w.grad *= 0.5` would also set .grad)
    finally:
        handle.remove()
    assert events == ["grad_reset"]
    assert_close(w.grad, [1.0, 2.0])
