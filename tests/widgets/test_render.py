"""SVG through the real Graphviz ``dot``, and a clear message when it is missing."""

import shutil

import pytest

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
    bundle = draw_graph(scalar["loss"])._repr_mimebundle_()
    assert "image/svg+xml" not in bundle
    assert "Graphviz" in bundle["text/plain"] and "Cannot draw" in bundle["text/html"]


def test_widget_without_dot_shows_the_message(scalar, no_dot):
    view = GraphView(scalar["loss"])
    assert "Cannot draw the graph" in view.picture_html.value
    assert view.svg == ""
    assert "image/svg+xml" not in view._repr_mimebundle_()
    view.close()
