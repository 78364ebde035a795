"""Graphs fit the notebook's output area unless asked otherwise (issue 10).

Lesson 02's loop graph was 1648 px wide in an 1100 px output area, lesson
13's loss graph 1213 px: their output node was out of sight. Now a graph
too wide to read left to right is laid out top to bottom when that fits
better, and what is still wider is scaled down in the page, never below
``MIN_SCALE`` (then it scrolls).
"""

import re

import pytest

import minigrad
from widgets import BackwardStepper, GraphView, draw_graph, render_svg
from widgets._render import (
    FIT_WIDTH_PT,
    KEEP_LR_SCALE,
    MIN_SCALE,
    chosen_source,
    fit_html,
    fitted_svg,
    svg_size,
)


def loop_graph():
    """Lesson 02: ``t = t * y + 1`` four times."""
    x = minigrad.tensor(2.0, requires_grad=True)
    y = minigrad.tensor(3.0, requires_grad=True)
    t = x
    for _ in range(4):
        t = t * y + 1
    return t, {"x": x, "y": y, "t": t}


def regression_loss():
    """Lesson 13: the mean squared error of a line on 100 points."""
    minigrad.manual_seed(0)
    X = minigrad.rand(100, 1) * 2 - 1
    y = 2 * X - 1
    w = minigrad.tensor(0.0, requires_grad=True)
    b = minigrad.tensor(0.0, requires_grad=True)
    pred = X * w + b
    loss = ((pred - y) ** 2).mean()
    return loss, {"w": w, "b": b, "X": X, "y": y, "pred": pred, "loss": loss}


@pytest.mark.parametrize("make", [loop_graph, regression_loss])
def test_wide_graphs_are_laid_out_to_fit(make):
    root, names = make()
    wide = svg_size(render_svg(draw_graph(root, names=names, direction="LR")))[0]
    assert wide > FIT_WIDTH_PT  # the picture the issue saw
    svg = render_svg(draw_graph(root, names=names))
    assert svg_size(svg)[0] <= FIT_WIDTH_PT
    assert "· output" in svg  # the output node is drawn (and in sight)


def test_an_explicit_direction_is_kept():
    root, names = loop_graph()
    svg = render_svg(draw_graph(root, names=names, direction="LR"))
    assert svg_size(svg)[0] > FIT_WIDTH_PT


def test_shown_in_a_notebook_it_is_drawn_to_fit_but_stays_readable():
    root, names = loop_graph()
    picture = draw_graph(root, names=names, direction="LR")
    natural = svg_size(render_svg(picture))[0]
    shown = picture._repr_mimebundle_()["image/svg+xml"]
    # 800 pt, or 70 % of its size where that is wider (then it scrolls)
    expected = max(FIT_WIDTH_PT, natural * MIN_SCALE)
    assert svg_size(shown)[0] == pytest.approx(expected, abs=1)
    assert 'viewBox="' in shown  # the whole drawing, only smaller
    huge = '<svg width="4000pt" height="100pt" viewBox="0 0 4000 100"></svg>'
    assert svg_size(fitted_svg(huge)) == (4000 * MIN_SCALE, 100 * MIN_SCALE)


def test_fit_false_shows_the_picture_at_its_own_size():
    root, names = loop_graph()
    picture = draw_graph(root, names=names, direction="LR", fit=False)
    shown = picture._repr_mimebundle_()["image/svg+xml"]
    assert shown == render_svg(picture)
    plain = fit_html('<svg width="10pt" height="5pt"></svg>', False)
    assert '<svg width="10pt"' in plain


def test_widgets_scale_in_the_page_and_scroll_only_past_readable():
    root, names = loop_graph()
    view = GraphView(root, names=names, direction="LR")
    # The browser fits the picture by the same rule (graph_canvas.js's fit).
    assert view.canvas.options == {
        "fit": True,
        "shrink": False,
        "min_scale": MIN_SCALE,
        "fit_width_pt": FIT_WIDTH_PT,
        "keep_lr_scale": KEEP_LR_SCALE,
    }
    # ... and the static copy saved in the notebook does so in HTML.
    width = svg_size(view.svg)[0]
    shown = view.static_bundle()["text/html"]
    style = re.search(r'<svg style="([^"]*)"', shown).group(1)
    assert "max-width:100%" in style and "height:auto" in style
    assert f"min-width:{width * MIN_SCALE:.0f}pt" in style
    assert "minigrad-scroll-by-design" in shown


def test_widgets_fit_too_and_their_static_picture_is_the_same():
    root, names = loop_graph()
    view = GraphView(root, names=names)
    # direction="auto": with dot here the kernel chose top to bottom (its
    # static copy needs those layouts anyway); the browser lays out one.
    assert view.canvas.options["fit"] and view.canvas.turned_dot == ""
    assert view.canvas.dot == chosen_source(view.shown) != view.shown.source
    assert view.static_bundle()["text/html"] == fit_html(view.svg)
    stepper = BackwardStepper(root, names=names)  # left to right, scaled
    stepper.next_button.click()
    assert stepper.canvas.options["fit"] and len(stepper.canvas.layout_dots) == 1
    assert stepper.static_bundle()["text/html"] == fit_html(stepper.svg)
    turned = BackwardStepper(root, names=names, direction="auto")
    turned.next_button.click()
    assert svg_size(turned.svg)[0] <= FIT_WIDTH_PT
    assert len(turned.canvas.layout_dots) == 2  # the browser lays out both ways
    scrolling = BackwardStepper(root, names=names, fit=False)
    assert not scrolling.canvas.options["fit"]
    assert "max-width:100%;height:auto" not in scrolling.static_bundle()["text/html"]
