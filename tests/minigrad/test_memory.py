"""Memory: saved arrays are freed after backward, graphs form no reference
cycles (freed with the cycle collector switched off), and a long training
loop does not grow.
"""

import gc
import sys
import tracemalloc
import weakref

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from mg_testutil import IS_TORCH, assert_close, hyp, minigrad_only, torch
from op_table import OPS

F64 = torch.float64


def leaf(values, dtype=F64):
    return torch.tensor(
        np.asarray(values, dtype=np.float64), dtype=dtype, requires_grad=True
    )


class Square(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        ctx.note = "kept on ctx"
        return x * x

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * 2 * x


def _op_nodes(loss):
    return [
        n
        for n in torch.autograd.graph.walk(loss).nodes
        if type(n).__name__ != "AccumulateGrad"
    ]


def _build(x, w):
    h = x * w
    return ((h.exp() * h).sum() + Square.apply(h).mean()) / (w.tanh() + 2).sum()


# ---------------------------------------------------------------- saved arrays


@minigrad_only
def test_backward_releases_every_saved_array():
    x = leaf([0.5, -1.0, 2.0])
    w = leaf([1.5, 0.5, -0.5])
    loss = _build(x, w)
    nodes = _op_nodes(loss)
    saving = [n for n in nodes if n.saved_arrays()]
    assert sum(len(n.saved_arrays()) for n in saving) >= 4
    assert not any(n.released for n in nodes)
    loss.backward()
    for n in nodes:
        assert n.saved_arrays() == [], n
    # As in PyTorch, a node that saved something refuses a second backward;
    # one that saved nothing (a sum, an add) may run again.
    for n in saving:
        assert n.released, n


@minigrad_only
def test_retain_graph_keeps_saved_arrays_and_autograd_grad_releases_them():
    x = leaf([0.5, -1.0, 2.0])
    w = leaf([1.5, 0.5, -0.5])
    loss = _build(x, w)
    nodes = _op_nodes(loss)
    before = [len(n.saved_arrays()) for n in nodes]
    loss.backward(retain_graph=True)
    assert [len(n.saved_arrays()) for n in nodes] == before
    assert not any(n.released for n in nodes)
    torch.autograd.grad(loss, [x, w])
    assert all(n.saved_arrays() == [] for n in nodes)
    assert all(n.released for n, saved in zip(nodes, before) if saved)


@minigrad_only
def test_saved_array_is_freed_by_backward():
    x = leaf([0.5, -1.0, 2.0])
    e = (x * 3).exp()  # ExpBackward0 saves its output's array
    loss = e.sum()
    exp_node = e.grad_fn
    refs = [weakref.ref(a) for a in exp_node.saved_arrays()]
    assert refs
    del e
    assert all(r() is not None for r in refs)  # the graph still needs them
    loss.backward()
    assert all(r() is None for r in refs)  # freed, though the graph is still alive
    assert loss.grad_fn is not None


def test_saved_intermediate_tensor_is_freed_by_backward():
    x = leaf([0.5, -1.0, 2.0])
    h = x * 3
    loss = (h * h).sum()  # saves h
    ref = weakref.ref(h)
    del h
    if not IS_TORCH:
        assert ref() is not None
    loss.backward()
    assert ref() is None
    assert_close(x.grad, 18 * np.array([0.5, -1.0, 2.0]))


# ---------------------------------------------------------------- no cycles


def _freed_without_gc(scenario):
    """Run scenario() with the cycle collector off; return what survived."""
    gc.collect()
    gc.disable()
    try:
        refs = scenario()
        alive = [name for name, r in refs if r() is not None]
        garbage = gc.collect()
    finally:
        gc.enable()
    return alive, garbage


def _graph_scenario(mode):
    def scenario():
        x = leaf([0.5, -1.0, 2.0])
        w = leaf([1.5, 0.5, -0.5])
        h = x * w
        h.retain_grad()
        h.register_hook(lambda g: g * 1.0)
        loss = _build(x, w)
        loss = loss + (h**2).sum()
        refs = [
            ("x", weakref.ref(x)),
            ("w", weakref.ref(w)),
            ("h", weakref.ref(h)),
            ("loss", weakref.ref(loss)),
        ]
        if not IS_TORCH:
            refs += [
                (type(n).__name__, weakref.ref(n))
                for n in torch.autograd.graph.walk(loss).nodes
            ]
        if mode == "backward":
            loss.backward()
        elif mode == "retain_graph":
            loss.backward(retain_graph=True)
        elif mode == "grad_create_graph":
            gx, gw = torch.autograd.grad(loss, [x, w], create_graph=True)
            ((gx**2).sum() + (gw**2).sum()).backward()
            refs += [("gx", weakref.ref(gx))]
            del gx, gw
        elif mode == "steps" and not IS_TORCH:
            from minigrad.autograd.engine import backward_steps

            steps = list(backward_steps(loss))
            assert steps
            del steps
        del x, w, h, loss
        return refs

    return scenario


@pytest.mark.parametrize(
    "mode", ["forward_only", "backward", "retain_graph", "grad_create_graph", "steps"]
)
def test_graph_is_freed_without_the_cycle_collector(mode):
    alive, garbage = _freed_without_gc(_graph_scenario(mode))
    assert alive == [], f"still alive without gc: {alive}"
    assert garbage == 0, f"{garbage} objects were only reachable through cycles"


def test_leaf_and_its_accumulator_form_no_cycle():
    def scenario():
        x = leaf([1.0, 2.0])
        y = x * 2
        acc = y.grad_fn.next_functions[0][0]
        refs = [("x", weakref.ref(x)), ("y", weakref.ref(y))]
        if not IS_TORCH:
            refs.append(("AccumulateGrad", weakref.ref(acc)))
        y.sum().backward()
        del x, y, acc
        return refs

    alive, garbage = _freed_without_gc(scenario)
    assert alive == []
    assert garbage == 0


def test_a_graph_keeps_its_leaves_alive():
    # A leaf nobody names is held by the graph that uses it (in PyTorch through
    # its AccumulateGrad node), so a widget can still draw it and backward
    # still fills its .grad.
    y = leaf(2.0) * 3
    acc = y.grad_fn.next_functions[0][0]
    gc.collect()
    assert acc.variable is not None
    y.backward()
    assert acc.variable.grad.item() == 3.0


def test_grad_mode_objects_and_failed_backward_leave_no_cycles():
    def scenario():
        x = leaf([1.0, 2.0])
        y = x * 2
        with torch.no_grad():
            z = y * 3
        try:
            y.backward()  # non-scalar: fails
        except RuntimeError:
            pass
        refs = [("x", weakref.ref(x)), ("y", weakref.ref(y)), ("z", weakref.ref(z))]
        del x, y, z
        return refs

    alive, _ = _freed_without_gc(scenario)
    assert alive == []


# ---------------------------------------------------------------- long loops


def _live_nodes():
    from minigrad.autograd.function import Node

    return sum(1 for o in gc.get_objects() if isinstance(o, Node))


def _train(steps, w, b, X, Y, lr=0.05):
    losses = []
    for i in range(steps):
        loss = ((X @ w + b - Y) ** 2).mean()
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
            b.sub_(lr * b.grad)
        if i % 2:
            w.grad.zero_()
            b.grad.zero_()
        else:
            w.grad = None
            b.grad = None
        losses.append(loss.item())
    return losses


def test_training_loop_does_not_grow_memory():
    torch.manual_seed(0)
    X = torch.randn(32, 3)
    Y = X @ torch.tensor([[1.0], [-2.0], [0.5]]) + 0.3
    w = torch.zeros(3, 1, requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    losses = _train(200, w, b, X, Y)  # warm up caches
    gc.collect()
    nodes_before = None if IS_TORCH else _live_nodes()
    tracemalloc.start()
    try:
        start, _ = tracemalloc.get_traced_memory()
        late = _train(1800, w, b, X, Y)
        gc.collect()
        end, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # The 1800 losses the loop returns are the test's own memory, not a leak.
    own = sys.getsizeof(late) + sum(sys.getsizeof(loss) for loss in late)
    grew = end - start - own
    assert grew < 16 * 1024, f"grew by {grew} bytes over 1800 steps"
    losses += late
    if not IS_TORCH:
        assert _live_nodes() == nodes_before
    assert losses[-1] < 1e-3 < losses[0]
    assert w.is_leaf and w.grad_fn is None and w.dtype == torch.float32


@minigrad_only
def test_no_node_survives_its_graph():
    gc.collect()
    before = _live_nodes()
    for i in range(50):
        x = leaf([1.0, 2.0])
        loss = _build(x, leaf([0.5, 0.25]))
        if i % 2:
            loss.backward()
    del x, loss
    gc.collect()
    assert _live_nodes() == before


@minigrad_only
@pytest.mark.parametrize("spec", OPS, ids=repr)
@hyp(5)
@given(data=st.data())
def test_backward_frees_every_array_an_op_kept(spec, data):
    # A built-in op that keeps a numpy array on ctx (a mask, indices) must name
    # it in `ctx_arrays`, so that backward frees it with the saved tensors.
    case = data.draw(spec.cases, label="case")
    leaves = [torch.tensor(a.copy(), requires_grad=True) for a in case.arrays]
    out = spec.fn(torch, *leaves, **case.kwargs)
    out.backward(torch.ones_like(out))
    for node in _op_nodes(out):
        held = (np.ndarray, torch.Tensor)
        kept = [k for k, v in vars(node).items() if isinstance(v, held)]
        assert not kept, f"{node.name()} still holds {kept}: list them in ctx_arrays"
        assert node.saved_arrays() == []


@minigrad_only
@pytest.mark.parametrize(
    "loss",
    [
        lambda p, t, w: torch.nn.functional.binary_cross_entropy(
            p.sigmoid(), t, weight=w
        ),
        lambda p, t, w: torch.nn.functional.binary_cross_entropy_with_logits(
            p, t, weight=w, pos_weight=w
        ),
    ],
    ids=["bce", "bce_with_logits"],
)
def test_bce_losses_free_their_weight_after_backward(loss):
    # The weights are tensors kept on ctx (not saved tensors): backward must
    # let go of them as it does of the saved tensors.
    p = leaf([0.3, -1.2, 2.0])
    t = torch.tensor([1.0, 0.0, 1.0], dtype=F64)
    w = torch.tensor([0.5, 2.0, 1.0], dtype=F64)
    out = loss(p, t, w)
    w_ref = weakref.ref(w)
    del w
    assert w_ref() is not None  # held by the graph until backward
    out.backward()
    assert w_ref() is None
