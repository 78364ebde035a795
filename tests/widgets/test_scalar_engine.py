"""The lab's picture and stepper on a student's own scalar engine
(widgets/scalar_engine.py), with two small reference engines written here:

- ``Value``: lesson 15's engine (closures, ``parents`` and ``op``);
- ``MicroValue``: micrograd's names (``_prev``, ``_op``) and a local backward
  written as a method of the class, not a closure.

The stepper must run the engine's own ``backward()`` (a planted wrong local
derivative shows up in its numbers), end with exactly the grads that
``backward()`` gives, handle ``a + a`` and a chain deeper than Python's
recursion limit, and leave the engine as it found it.
"""

import math

import pytest

from widgets import render_svg
from widgets.scalar_engine import (
    EngineGraph,
    EngineStepper,
    EngineStepperModel,
    draw_engine,
    topological_order,
)


class Value:
    """Lesson 15's engine, counting the _backward calls its backward makes."""

    calls = 0

    def __init__(self, data, parents=(), op=""):
        self.data = float(data)
        self.grad = 0.0
        self.parents = tuple(parents)
        self.op = op
        self._backward = lambda: None

    def __add__(self, other):
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += out.grad
            other.grad += out.grad

        out._backward = _backward
        return out

    def __mul__(self, other):
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = _backward
        return out

    def tanh(self):
        t = math.tanh(self.data)
        out = Value(t, (self,), "tanh")

        def _backward():
            self.grad += (1 - t * t) * out.grad

        out._backward = _backward
        return out

    def backward(self):
        self.grad = 1.0
        for node in reversed(topological_order(self)):
            Value.calls += 1
            node._backward()


class MicroValue:
    """micrograd's names; the local backward is a method, chosen by ``_op``."""

    def __init__(self, data, _children=(), _op="", label=""):
        self.data = data
        self.grad = 0.0
        self._prev = tuple(_children)
        self._op = _op
        self.label = label

    def __mul__(self, other):
        return MicroValue(self.data * other.data, (self, other), "*")

    def __add__(self, other):
        return MicroValue(self.data + other.data, (self, other), "+")

    def _backward(self):
        if self._op == "+":
            for child in self._prev:
                child.grad += self.grad
        elif self._op == "*":
            left, right = self._prev
            left.grad += right.data * self.grad
            right.grad += left.data * self.grad

    def backward(self):
        self.grad = 1
        for node in reversed(topological_order(self)):
            node._backward()


def neuron():
    a, b, c = Value(2.0), Value(-1.0), Value(1.5)
    h = a * b
    z = h + c
    L = z.tanh()
    return dict(a=a, b=b, c=c, h=h, z=z, L=L)


def grads(nodes):
    return {name: node.grad for name, node in nodes.items()}


# -- the graph and its picture ---------------------------------------------------
def test_graph_reads_the_protocol():
    g = neuron()
    graph = EngineGraph(g["L"])
    assert [n.name() for n in graph.nodes] == ["tanh", "+", "*", "leaf", "leaf", "leaf"]
    assert [n.value for n in graph.nodes[:2]] == [g["L"], g["z"]]
    assert graph.tensor_of(graph.nodes[0]).item() == pytest.approx(g["L"].data)
    assert len(graph.leaves) == 3


def test_picture_shows_names_values_and_grads():
    g = neuron()
    g["L"].backward()
    picture = draw_engine(g["L"], names=g)
    source = picture.source
    for text in (
        "<B>tanh</B>",
        "<B>*</B>",
        "<B>h</B>",
        "value -2",
        "grad 1",
        f"grad {-(1 - math.tanh(-0.5) ** 2):.4g}",
    ):
        assert text in source, text
    assert "<svg" in render_svg(picture)


def test_picture_of_micrograd_names_uses_labels():
    x, w = MicroValue(3.0, label="x"), MicroValue(-2.0, label="w")
    y = x * w
    y.label = "y"
    source = draw_engine(y).source
    assert "<B>x</B>" in source and "<B>y</B>" in source and "<B>*</B>" in source


# -- the stepper runs the engine's own backward ------------------------------------
def test_steps_are_the_engines_backward_and_end_with_its_grads():
    g, twin = neuron(), neuron()
    Value.calls = 0
    twin["L"].backward()
    calls = Value.calls
    model = EngineStepperModel(g["L"], names=g)
    assert grads(g) == dict.fromkeys(g, 0.0)  # untouched before the first Next
    model.run_to_end()
    assert model.total == len(model.history) == calls == 6
    assert grads(g) == grads(twin)  # exactly, not approximately
    assert [s.name for s in model.history] == ["tanh", "+", "*", "leaf", "leaf", "leaf"]
    mul = model.history[2]
    assert mul.grad_in == twin["h"].grad
    assert [(model.name_of(p), after - before) for p, before, after, _ in mul.sent] == [
        ("a", twin["a"].grad),
        ("b", twin["b"].grad),
    ]


def test_a_wrong_local_backward_shows_in_the_steps():
    g = neuron()
    h = g["h"]
    a, b = h.parents

    def wrong():  # planted bug: a gets a.data instead of b.data
        a.grad += a.data * h.grad
        b.grad += a.data * h.grad

    h._backward = wrong
    model = EngineStepperModel(g["L"], names=g)
    model.run_to_end()
    assert g["a"].grad == pytest.approx(2.0 * g["h"].grad)
    assert "∂h/∂a = " in "\n".join(model.explain(model.history[2]))
    assert "= 2" in model.explain(model.history[2])[2]
    assert h._backward is wrong  # put back as it was


def test_prev_and_reset_restore_the_grads():
    g = neuron()
    model = EngineStepperModel(g["L"], names=g)
    model.goto(3)
    after_three = grads(g)
    assert after_three["a"] != 0 and after_three["L"] == 1.0
    model.next()
    model.prev()
    assert grads(g) == after_three
    model.reset()
    assert grads(g) == dict.fromkeys(g, 0.0)
    model.goto(1)
    assert g["L"].grad == 1.0 and g["z"].grad != 0 and g["h"].grad == 0.0
    assert model.history[0].changed[id(g["L"])] == 1.0  # the seed counts to step 1


def test_grads_left_from_before_are_zeroed_then_restored_by_reset():
    g, twin = neuron(), neuron()
    twin["L"].backward()
    g["L"].backward()  # a backward() before the stepper: grads already set
    g["L"].backward()  # and again: they added up
    found = grads(g)
    model = EngineStepperModel(g["L"], names=g)
    model.run_to_end()
    assert grads(g) == grads(twin)  # one pass, as on a fresh graph
    model.reset()
    assert grads(g) == found
    adding = EngineStepperModel(g["L"], names=g, zero_grad=False)
    adding.run_to_end()
    thrice = neuron()
    for _ in range(3):
        thrice["L"].backward()
    assert grads(g) == grads(thrice)  # a third pass on top of the two


def test_fan_out_a_plus_a():
    a = Value(3.0)
    d = a + a
    L = d * d
    model = EngineStepperModel(L, names={"a": a, "d": d, "L": L})
    model.run_to_end()
    assert d.grad == 2 * d.data and a.grad == 2 * d.grad
    add_step = next(s for s in model.history if s.name == "+")
    assert [uses for _, _, _, uses in add_step.sent] == [2]
    text = "\n".join(model.explain(add_step))
    assert "used 2×" in text and f"+= {a.grad:g}" in text
    square = model.history[0]
    assert "used 2×" in "\n".join(model.explain(square))
    labels = [text for node, _, text in model.traversed() if node is add_step.node]
    assert labels == [f"{a.grad:g}", ""]  # the sum on one edge, not twice


def test_a_chain_deeper_than_the_recursion_limit():
    x = Value(0.5)
    node = x
    for _ in range(2000):  # Python's recursion limit is 1000
        node = node + Value(0.0)
    graph = EngineGraph(node)
    assert len(graph) == 4001
    model = EngineStepperModel(node)
    model.run_to_end()
    assert x.grad == 1.0 and model.total == 4001
    assert "groups" in draw_engine(node).source  # drawn grouped, not 4001 boxes


def test_micrograd_style_method_is_left_in_place():
    x, w = MicroValue(3.0, label="x"), MicroValue(-2.0, label="w")
    y = x * w + x
    model = EngineStepperModel(y)
    model.run_to_end()
    assert (x.grad, w.grad) == (-1.0, 3.0)
    assert "_backward" not in vars(y)  # the class's method again


def test_an_error_in_backward_is_reported():
    g = neuron()

    def broken():
        raise ZeroDivisionError("planted")

    g["z"]._backward = broken
    stepper = EngineStepper(g["L"], names=g)
    stepper.next_button.click()
    assert "ZeroDivisionError" in stepper.status.value
    assert (
        "stopped at step 2: the _backward of z = h + c raised" in stepper.status.value
    )
    assert g["z"]._backward is broken


def test_a_backward_that_makes_no_call():
    g = neuron()
    g["L"].backward()
    found = grads(g)
    g["L"].backward = lambda: None  # an unwritten backward()
    model = EngineStepperModel(g["L"], names=g)
    assert model.next() is None and model.at_end and model.total == 0
    assert grads(g) == found  # the zeroing shows in no step, so it is undone
    assert "made no _backward call" in model.explain()[0]


def test_a_root_without_backward_is_refused():
    class Bare:
        data, grad, parents, op = 1.0, 0.0, (), ""

    with pytest.raises(TypeError, match="no backward"):
        EngineStepperModel(Bare())


# -- the widget ----------------------------------------------------------------------
def test_widget_steps_and_shows_the_chain_rule():
    g = neuron()
    stepper = EngineStepper(g["L"], names=g)
    assert "minigrad-engine-stepper" in stepper._dom_classes
    assert "minigrad-stepper" not in stepper._dom_classes
    assert "ready: 6 steps" in stepper.status.value
    for _ in range(3):
        stepper.next_button.click()
    assert "step 3 of 6: *" in stepper.status.value
    assert "▶ now" in stepper.svg
    assert "h = a * b" in stepper.chain_html.value
    assert "∂h/∂a" in stepper.chain_html.value
    for _ in range(3):
        stepper.next_button.click()
    assert stepper.next_button.disabled and "finished: 6 steps" in stepper.status.value
    assert "<td>a</td>" in stepper.leaves_html.value
    stepper.reset_button.click()
    assert g["a"].grad == 0.0 and "ready" in stepper.status.value
