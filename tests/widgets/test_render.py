"""SVG through the real Graphviz ``dot``, and a clear message when it is missing."""

import shutil

import ipywidgets
import pytest
from widget_graphs import make_mlp

from widgets import GraphView, GraphvizNotFound, draw_graph, render_svg
from widgets._render import svg_html


def test_dot_is_installed():
    assert shutil.which("dot"), "Graphviz's dot is needed: run `make setup`"


def test_svg_through_real_dot(scalar):
    svg = render_svg(draw_graph(scalar["loss"], names=scalar))
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    for text in ("MulBackward0", "PowBackward0", "AccumulateGrad", "loss"):
        assert text in svg
    # one <g class="node"> per DOT node: 7 ops, 2 leaves, 2 constants
    assert svg.count('class="node"') == 11


def test_rendering_is_cached_by_dot_text(scalar):
    picture = draw_graph(scalar["loss"])
    assert render_svg(picture) is render_svg(draw_graph(scalar["loss"]))


def test_digraph_displays_as_svg_in_a_notebook(scalar):
    bundle = draw_graph(scalar["loss"])._repr_mimebundle_()
    assert bundle["image/svg+xml"].startswith("<svg")


@pytest.fixture
def no_dot(monkeypatch, tmp_path):
    """A PATH on which Graphviz's ``dot`` cannot be found."""
    monkeypatch.setenv("PATH", str(tmp_path))


def test_missing_dot_raises_a_clear_error(scalar, no_dot):
    with pytest.raises(GraphvizNotFound) as info:
        render_svg(draw_graph(scalar["loss"]))
    message = str(info.value)
    assert "dot" in message and "apt-get install graphviz" in message
    assert "brew install graphviz" in message and "make setup" in message
    assert info.value.__cause__ is None  # no chained graphviz traceback


def test_missing_dot_shows_a_message_not_a_traceback(scalar, no_dot):
    html = svg_html(draw_graph(scalar["loss"]))
    assert "Cannot draw the graph" in html and "install" in html
    assert "Traceback" not in html


def test_without_dot_a_notebook_shows_the_browser_drawing(scalar, no_dot):
    # The notebook's display is the widget, drawn by Graphviz in the
    # browser: no install hint, no static copy (nothing could make it).
    picture = draw_graph(scalar["loss"])
    bundle = picture._repr_mimebundle_()
    assert "image/svg+xml" not in bundle and "text/html" not in bundle
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "Graphviz" not in bundle["text/plain"]
    model_id = bundle["application/vnd.jupyter.widget-view+json"]["model_id"]
    canvas = ipywidgets.Widget.widgets[model_id]
    assert canvas.dot == picture.source and canvas.details["n0"]["rows"]
    # A small graph: clearly left to right, the browser lays out that alone.
    assert canvas.turned_dot == ""
    canvas.close()
    # Unclear from the estimate: the browser lays out both and picks.
    model, loss = make_mlp()
    wide = GraphView(loss, names=model).canvas
    assert wide.turned_dot == wide.dot.replace("rankdir=LR", "rankdir=TB")


def test_widget_without_dot_draws_in_the_browser(scalar, no_dot, tmp_path):
    view = GraphView(scalar["loss"])
    assert view.picture_html.value == "" and view.canvas.dot == view.picture().source
    assert view.svg == ""  # no dot here, and no browser drew it yet
    assert "image/svg+xml" not in view._repr_mimebundle_()
    with pytest.raises(GraphvizNotFound, match="Show the widget in a notebook"):
        view.save(tmp_path / "graph.svg")
    # What the browser sends back once it has drawn the picture:
    drawn = '<svg width="10pt" height="5pt"><g class="node"></g></svg>'
    view.canvas.set_state({"svg": drawn, "drawn_revision": view.canvas.revision})
    assert view.svg == drawn
    assert view.save(tmp_path / "graph.svg").read_text() == drawn
    view.close()
