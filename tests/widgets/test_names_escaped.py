"""Names with characters Graphviz and XML cannot hold still draw.

A variable or module name may hold a control character (NUL, ESC) or a lone
surrogate; the picture shows it as a Python escape instead of failing with
a Graphviz syntax error. HTML and DOT specials stay escaped as entities.
"""

import pytest

import minigrad
import minigrad.nn as nn
from widgets import GraphView, draw_graph, render_svg
from widgets.dot import node_title


@pytest.mark.parametrize(
    "bad, shown",
    [
        ("w\x00", "w\\x00"),
        ("w\x1b[31m", "w\\x1b[31m"),
        ("w\udc80", "w\\udc80"),
        ("w\x7f", "w\\x7f"),
    ],
)
def test_control_characters_in_a_variable_name(bad, shown):
    w = minigrad.tensor(2.0, requires_grad=True)
    loss = w * w
    svg = render_svg(draw_graph(loss, names={bad: w, "loss": loss}))
    assert shown in svg and bad not in svg
    view = GraphView(loss, names={bad: w})
    assert shown in view.svg
    assert any(shown in label for label, _ in view.node_select.options)
    view.close()


def test_control_character_in_a_module_name():
    model = nn.Sequential(nn.Linear(2, 2))
    model.add_module("head\x1b", nn.Linear(2, 1))
    loss = model(minigrad.randn(3, 2)).sum()
    svg = render_svg(draw_graph(loss, names=model, collapse="module"))
    assert "head\\x1b" in svg


def test_html_and_dot_specials_stay_escaped():
    w = minigrad.tensor(2.0, requires_grad=True)
    loss = w * w
    name = 'a<b>&"c\\d{e}'
    source = draw_graph(loss, names={name: w}).source
    assert "a&lt;b&gt;&amp;&quot;c\\d{e}" in source
    svg = render_svg(draw_graph(loss, names={name: w}))
    assert "a&lt;b&gt;&amp;" in svg


def test_node_title_shows_the_escape():
    w = minigrad.tensor(2.0, requires_grad=True)
    loss = w * w
    assert node_title(loss.grad_fn, "l\x00") == "l\\x00 = MulBackward0"
