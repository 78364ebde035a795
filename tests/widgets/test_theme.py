"""The presentation theme: big, bold and colour-blind safe, and fully undone.

``set_theme("present")`` must change what is drawn (font sizes, pen widths,
fills) without changing what it means (shapes, labels), and
``set_theme("default")`` must give back exactly the picture from before.
"""

import re

import pytest
from widget_graphs import scalar_graph

import widgets
from widgets import (
    BackwardStepper,
    GradientFlow,
    GraphView,
    draw_graph,
    plot_grad_accumulation,
    set_theme,
    theme_context,
)
from widgets.dot import STYLES
from widgets.theme import PRESENT, get_theme


@pytest.fixture(autouse=True)
def default_theme_after():
    """Whatever a test does, the next one starts in the default theme."""
    yield
    set_theme("default")


def attrs(source: str, name: str) -> list[str]:
    """Every value of the DOT attribute ``name`` in ``source``."""
    return re.findall(rf'\b{name}="?([0-9.]+)"?', source)


def stepped_source() -> str:
    """The DOT text of the scalar graph with one node under the stepper."""
    graph = scalar_graph()
    stepper = BackwardStepper(graph["loss"], names=graph)
    stepper.next_button.click()
    stepper.next_button.click()
    return stepper.picture().source


def test_present_makes_fonts_and_lines_bigger_and_default_restores_them(scalar):
    before = draw_graph(scalar["loss"], names=scalar).source
    set_theme("present")
    present = draw_graph(scalar["loss"], names=scalar).source
    assert min(map(float, attrs(present, "fontsize"))) >= 18
    assert max(map(float, attrs(before, "fontsize"))) <= 10
    assert min(map(float, attrs(present, "penwidth"))) >= 3
    assert min(map(float, attrs(before, "penwidth"))) < 3
    assert 'POINT-SIZE="16"' in present and 'POINT-SIZE="9"' in before
    set_theme("default")
    assert draw_graph(scalar["loss"], names=scalar).source == before


def test_present_thickens_the_traversed_edges_and_the_current_node():
    before = stepped_source()
    set_theme("present")
    present = stepped_source()
    assert f"penwidth={PRESENT.traversed['penwidth']}" in present
    assert f"penwidth={PRESENT.styles['current']['penwidth']}" in present
    assert "▶ now" in present  # the label still says which node runs
    set_theme("default")
    assert stepped_source() == before


def test_unknown_theme_names_the_choices():
    with pytest.raises(ValueError) as error:
        set_theme("projector")
    message = str(error.value)
    assert "'projector'" in message
    assert "'default'" in message and "'present'" in message
    assert widgets.get_theme().name == "default"
    assert widgets.available_themes() == ["default", "present"]


def test_theme_context_restores_the_theme_even_after_an_error(scalar):
    before = draw_graph(scalar["loss"]).source
    with pytest.raises(RuntimeError):
        with theme_context("present") as look:
            assert look.name == "present" == widgets.get_theme().name
            raise RuntimeError("a failing cell")
    assert widgets.get_theme().name == "default"
    assert draw_graph(scalar["loss"]).source == before


def test_set_theme_shows_nothing_in_a_notebook():
    """The last line of a set-up cell must not print a Theme."""
    assert set_theme("present") is None
    assert widgets.get_theme().name == "present"


def test_present_legend_wraps_and_wide_graphs_fit_the_page(scalar):
    default = draw_graph(scalar["loss"]).source
    assert default.count("<TR><TD BGCOLOR") == 1  # one row of six kinds
    view = GraphView(scalar["loss"])
    # default: fits the page too (issue 10), but never below 70 % of its size
    assert view.canvas.options["fit"] and not view.canvas.options["shrink"]
    assert "max-width:100%;height:auto;min-width:" in view.static_bundle()["text/html"]
    set_theme("present")
    assert draw_graph(scalar["loss"]).source.count("<TR><TD BGCOLOR") == 2
    assert view.canvas.options["shrink"]  # the browser shrinks it to fit, any size
    shown = view.static_bundle()["text/html"]
    assert '<svg style="max-width:100%;height:auto"' in shown


def node_shapes(source: str) -> list[tuple]:
    """(shape, peripheries, dashed) of every node, in order."""
    shapes = []
    for line in source.splitlines():
        if "label=<" not in line or "->" in line:
            continue
        shape = re.search(r"shape=(\w+)", line)
        peripheries = re.search(r"peripheries=(\d)", line)
        shapes.append(
            (
                shape and shape.group(1),
                peripheries and peripheries.group(1),
                "dashed" in line,
            )
        )
    return shapes


def test_colour_is_never_the_only_signal(mlp):
    """Shapes, double borders, dashes and labels are the same in both themes."""
    model, loss = mlp
    before = node_shapes(draw_graph(loss, names=model).source)
    with theme_context("present"):
        present = node_shapes(draw_graph(loss, names=model).source)
    assert present == before
    assert {("ellipse", "2", False), ("box", "2", False)} <= set(present)


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [
        c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_present_colours_read_on_a_projector():
    """Black text on every fill and every border on white: WCAG AA (4.5:1) or
    better for text, 3:1 for borders; and the kinds' fills all differ."""
    fills = []
    for kind in STYLES:
        style = PRESENT.style(kind, STYLES[kind])
        fills.append(style["fillcolor"])
        assert contrast(style["fillcolor"], "#000000") >= 4.5, kind
        assert contrast(style["color"], "#FFFFFF") >= 3.0, kind
        assert float(style["penwidth"]) >= 3, kind
    assert len(set(fills)) == len(fills)


def test_live_widgets_redraw_when_the_theme_changes(scalar):
    stepper = BackwardStepper(scalar["loss"], names=scalar)
    view = GraphView(scalar["loss"], names=scalar)
    default_svg, default_view = stepper.svg, view.svg
    set_theme("present")
    assert stepper.svg != default_svg and view.svg != default_view
    assert 'font-size="20.00"' in stepper.svg
    assert "font-size:20px" in stepper.chain_html.value
    assert stepper.next_button.layout.height == "44px"
    assert view.refresh_button.layout.width == "130px"
    set_theme("default")
    assert stepper.svg == default_svg and view.svg == default_view
    assert "font-size:20px" not in stepper.chain_html.value
    assert stepper.next_button.layout.width == "90px"


def test_plots_are_larger_with_larger_fonts():
    default = plot_grad_accumulation()
    with theme_context("present"):
        present = plot_grad_accumulation()
    width, height = default.get_size_inches()
    assert tuple(present.get_size_inches()) == pytest.approx(
        (1.5 * width, 1.5 * height)
    )
    title = present.axes[0].title.get_fontsize()
    assert title == 18 > default.axes[0].title.get_fontsize()
    present_styles = {line.get_linestyle() for line in present.axes[0].lines}
    assert len(present_styles) >= 2  # the two modes differ by line style too


def test_gradient_flow_rebuilds_its_figure(mlp):
    model, loss = mlp
    flow = GradientFlow(model)
    loss.backward()
    flow.update(loss)
    width, height = flow.figure.get_size_inches()
    set_theme("present")
    # 1.5 times larger, but no wider than a projector's page (12.5 in = 1200 px)
    assert tuple(flow.figure.get_size_inches()) == pytest.approx(
        (min(1.5 * width, 12.5), 1.5 * height)
    )
    assert flow.losses and flow.png  # the data survive, the picture is redrawn
    flow.remove()


def test_present_plots_fit_a_projector_page():
    assert get_theme().figsize(11, 4) == (11, 4)
    with theme_context("present"):
        assert get_theme().figsize(6, 4) == (9, 6)
        assert get_theme().figsize(11, 4) == (12.5, 6)  # 1200 CSS px, not 1584
