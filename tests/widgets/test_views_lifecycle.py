"""GraphView and BackwardStepper: closing frees the graph, redraws are few.

``close()`` closes every part of a view and drops what it held, so a
closed view keeps no tensor alive; a live view redraws once per
``backward()`` that changes its own gradients, never for an unrelated graph,
and a long training loop with a view open holds memory flat.
"""

import gc
import tracemalloc
import weakref

import ipywidgets
import numpy as np
import pytest

import minigrad
from widgets import BackwardStepper, GraphView, _render
from widgets.canvas import graphviz_code


def registered() -> int:
    return len(ipywidgets.Widget.widgets)


def big_graph(size=1_000_000):
    """A large leaf (8 MB of float64) and a loss computed from it."""
    big = minigrad.tensor(np.ones(size), requires_grad=True)
    w = minigrad.tensor(2.0, requires_grad=True)
    loss = (big * w).sum()
    return big, w, loss


@pytest.mark.parametrize("make", [GraphView, BackwardStepper])
def test_close_and_del_free_the_graph(make):
    big, w, loss = big_graph()
    view = make(loss, names={"big": big, "w": w, "loss": loss})
    loss_ref, big_ref = weakref.ref(loss), weakref.ref(big)
    view.close()
    del big, w, loss
    gc.collect()
    assert loss_ref() is None and big_ref() is None
    del view


@pytest.mark.parametrize("make", [GraphView, BackwardStepper])
def test_closed_view_holds_no_graph_even_if_kept(make):
    # IPython's Out[n] may keep the view itself: it must not keep the graph.
    big, w, loss = big_graph()
    view = make(loss, names={"big": big, "w": w, "loss": loss})
    big_ref = weakref.ref(big)
    view.close()
    del big, w, loss
    gc.collect()
    assert big_ref() is None
    with pytest.raises(RuntimeError, match="closed"):
        view.picture()


@pytest.mark.parametrize("make", [GraphView, BackwardStepper])
def test_rerunning_a_cell_five_times_holds_the_registry_flat(make):
    ipywidgets.Widget.close_all()
    # The one widget every graph canvas shares (Graphviz's code) stays.
    graphviz_code()
    gc.collect()
    baseline = registered()
    view = None
    refs = []
    for _ in range(5):  # a cell re-run: the old view is closed, a new one made
        if view is not None:
            view.close()
        big, w, loss = big_graph(200_000)
        refs.append(weakref.ref(big))
        view = make(loss, names={"big": big, "w": w, "loss": loss})
        del big, w, loss
    view.close()
    gc.collect()
    assert registered() == baseline
    assert all(ref() is None for ref in refs)


def test_rerunning_holds_memory_flat():
    def cell(old):
        if old is not None:
            old.close()
        big, w, loss = big_graph(500_000)  # 4 MB
        return GraphView(loss, names={"big": big, "w": w, "loss": loss})

    view = cell(None)
    view = cell(view)
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for _ in range(5):
        view = cell(view)
    view.close()
    gc.collect()
    grown = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    # Five 4 MB leaves were made and dropped: less than one stays.
    assert grown < 1_000_000


def count_redraws(view):
    calls = []
    original = view.refresh

    def counted():
        calls.append(1)
        original()

    view.refresh = counted
    return calls


def test_redraws_once_per_backward_of_its_graph(scalar):
    view = GraphView(scalar["loss"], names=scalar)
    calls = count_redraws(view)
    scalar["loss"].backward(retain_graph=True)
    assert len(calls) == 1
    scalar["loss"].backward()  # accumulates in place: still a change
    assert len(calls) == 2
    assert "grad 28" in view.svg
    view.close()


def test_never_redraws_for_an_unrelated_graph(scalar):
    view = GraphView(scalar["loss"], names=scalar)
    calls = count_redraws(view)
    a = minigrad.tensor(np.ones(3), requires_grad=True)
    for _ in range(50):  # an unrelated 50-step model
        h = a
        for _ in range(25):
            h = (h * 1.01).tanh()
        h.sum().backward()
        a.grad = None
    assert calls == []
    view.close()


def test_a_long_training_loop_with_a_view_open_holds_memory_flat():
    # 2,000 numbers per tensor: a step's graph that stayed alive would add
    # tens of kB per step, millions over the loop.
    w = minigrad.tensor(np.zeros(2000), requires_grad=True)
    x = minigrad.tensor(np.linspace(0.0, 1.0, 2000))
    loss = ((w * x).sum() - 1.0) ** 2
    view = GraphView(loss, names={"w": w, "loss": loss})
    calls = count_redraws(view)
    optimizer = minigrad.optim.SGD([w], lr=1e-4)

    def train(steps):
        for _ in range(steps):
            optimizer.zero_grad()
            loss = ((w * x).sum() - 1.0) ** 2
            loss.backward()
            optimizer.step()

    # The picture cache holds at most 128 pictures (of varying size): it is
    # emptied at both measurements, so what is compared is everything else.
    train(20)
    _render.clear_cache()
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    train(100)
    _render.clear_cache()
    gc.collect()
    grown = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    # Each step changes w.grad twice (zero_grad, backward): two redraws each.
    assert len(calls) <= 2 * 120
    assert grown < 150_000
    view.close()
