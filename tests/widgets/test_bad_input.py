"""draw_graph and the graph widgets given something that is not a graph.

Decided once for all three: ``draw_graph`` raises a ``TypeError`` (or
``ValueError`` for nothing at all) whose one-line message names what was
given and what to pass; ``GraphView`` and ``BackwardStepper`` show that same
line in place of the picture (``.error`` holds it), never a traceback.
"""

import numpy as np
import pytest

import minigrad
from widgets import BackwardStepper, GraphView, draw_graph, render_svg

BAD = [
    (3, "got an int"),
    (None, "got None"),
    ("loss", "got a str 'loss'"),
    (np.ones(3), "got a numpy array of shape (3,)"),
    (2.5, "got a float"),
    ([1, 2], "got an int (1)"),
    ([None], "got None"),
    ({"loss": 1.0}, "got a dict"),
    (print, "got a builtin_function_or_method"),
]


@pytest.mark.parametrize("bad, phrase", BAD)
def test_draw_graph_raises_one_clear_type_error(bad, phrase):
    with pytest.raises(TypeError) as info:
        draw_graph(bad)
    message = str(info.value)
    assert "draw_graph() draws minigrad Tensors" in message and phrase in message
    assert "\n" not in message


def test_draw_graph_of_nothing():
    with pytest.raises(ValueError, match="at least one tensor"):
        draw_graph()
    with pytest.raises(ValueError, match="at least one tensor"):
        draw_graph([])


@pytest.mark.parametrize("make", [GraphView, BackwardStepper])
def test_widgets_of_an_empty_list_say_so(make):
    view = make([])
    assert "needs at least one tensor" in view.error
    view.close()


@pytest.mark.parametrize("make", [GraphView, BackwardStepper])
@pytest.mark.parametrize("bad, phrase", BAD)
def test_widgets_show_the_line_instead_of_a_traceback(make, bad, phrase):
    view = make(bad)
    assert phrase in view.error and "\n" not in view.error
    shown = view.children[0].value
    assert "Cannot draw the graph" in shown and "draws minigrad Tensors" in shown
    view.close()


def test_draw_graph_takes_a_list_as_the_views_do(scalar):
    a = scalar["z"]
    b = scalar["loss"]
    assert draw_graph([a, b]).source == draw_graph(a, b).source
    assert "<svg" in render_svg(draw_graph((a, [b])))
    view = GraphView([a, b])
    assert view.error is None and view.svg.startswith("<svg")
    view.close()


def test_tensor_without_a_graph():
    c = minigrad.tensor([1.0, 2.0])
    assert "no grad · output" in draw_graph(c, names=locals()).source
    view = GraphView(c)
    assert "has no graph" in view.details_html.value
    assert "requires_grad=True" in view.details_html.value
    view.close()
    stepper = BackwardStepper(c)
    assert "does not require grad" in stepper.error
    assert "Cannot draw" in stepper.children[0].value
    stepper.close()


def test_freed_graph():
    x = minigrad.tensor(2.0, requires_grad=True)
    loss = x * x
    loss.backward()
    # The picture still has its structure and values; the stepper cannot run.
    view = GraphView(loss, names=locals(), show_saved=True)
    assert view.error is None and "saved: freed" in view.svg
    view.close()
    stepper = BackwardStepper(loss)
    assert "second time" in stepper.error and "retain_graph=True" in stepper.error
    stepper.close()
