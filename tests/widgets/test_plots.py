"""Plots: the figures have the expected artists, and their data is minigrad's."""

import html
import io
import re

import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text
from PIL import Image

import minigrad
import minigrad.nn as nn
from minigrad.autograd import gradcheck
from widgets import (
    FunctionExplorer,
    GradientFlow,
    gradcheck_figure,
    plot_function,
    plot_grad_accumulation,
    plot_gradcheck,
    plot_gradcheck_eps,
)
from widgets.live_plots import CSS_PX_PER_INCH, PIXEL_RATIO
from widgets.plots import gradcheck_errors
from widgets.theme import theme_context

PNG = b"\x89PNG"


def lines_by_label(ax):
    return {line.get_label(): line for line in ax.get_lines()}


# -- gradient accumulation -------------------------------------------------
def test_accumulation_default_example():
    figure = plot_grad_accumulation(calls=4)
    assert isinstance(figure, Figure)
    lines = lines_by_label(figure.axes[0])
    adds = lines["x: no zero_grad (+= each call)"].get_ydata()
    zeroed = lines["x: zero_grad() before each"].get_ydata()
    np.testing.assert_allclose(adds, [6, 12, 18, 24])
    np.testing.assert_allclose(zeroed, [6, 6, 6, 6])
    assert figure.axes[0].get_legend() is not None


def test_each_parameter_has_its_own_colour_and_marker():
    minigrad.manual_seed(0)
    model = nn.Linear(3, 1)
    x = minigrad.randn(4, 3)
    figure = plot_grad_accumulation(lambda: model(x).sum(), model, calls=2)
    lines = lines_by_label(figure.axes[0])
    weight = lines["weight: no zero_grad (+= each call)"]
    bias = lines["bias: no zero_grad (+= each call)"]
    assert weight.get_color() != bias.get_color()
    assert weight.get_marker() != bias.get_marker()
    # the two modes of one parameter share its colour, not its line style
    zeroed = lines["weight: zero_grad() before each"]
    assert zeroed.get_color() == weight.get_color()
    assert zeroed.get_linestyle() != weight.get_linestyle()


def test_plots_show_as_png_without_the_inline_backend():
    figure = plot_grad_accumulation(calls=2)
    png = figure._repr_png_()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")


def test_accumulation_leaves_grads_as_they_were():
    w = minigrad.tensor([1.0, 2.0], requires_grad=True)
    w.grad = minigrad.tensor([5.0, 5.0])
    figure = plot_grad_accumulation(lambda: (w * w).sum(), [w], calls=3, names=locals())
    np.testing.assert_array_equal(w.grad.numpy(), [5.0, 5.0])
    adds = lines_by_label(figure.axes[0])["w: no zero_grad (+= each call)"]
    expected = np.linalg.norm([2, 4]) * np.arange(1, 4)
    np.testing.assert_allclose(adds.get_ydata(), expected, rtol=1e-6)


def test_accumulation_with_a_module_uses_its_zero_grad():
    minigrad.manual_seed(0)
    model = nn.Linear(3, 1)
    x = minigrad.randn(4, 3)
    figure = plot_grad_accumulation(lambda: model(x).sum(), model, calls=2)
    labels = set(lines_by_label(figure.axes[0]))
    assert "weight: zero_grad() before each" in labels and len(labels) == 4
    assert model.weight.grad is None


# -- gradcheck -------------------------------------------------------------
def x64(values):
    return minigrad.tensor(np.array(values, dtype=np.float64), requires_grad=True)


class WrongSquare(minigrad.autograd.Function):
    """x**2 with a wrong derivative (3x instead of 2x), to make gradcheck fail."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * 3 * x


def test_gradcheck_plot_all_pass():
    x = x64([0.5, 1.0, 2.0])
    report = gradcheck(lambda t: t.sin() * t, (x,), raise_exception=False)
    figure = plot_gradcheck(report)
    ax = figure.axes[0]
    passed, failed = ax.collections
    assert len(passed.get_offsets()) == len(report.entries) == 9
    assert len(failed.get_offsets()) == 0
    assert "y = x (agreement)" in lines_by_label(ax)
    assert ax.get_title() == "gradcheck: all 9 entries pass"
    # points are (numerical, analytical) from the report
    expected = [(e.numerical, e.analytical) for e in report.entries]
    np.testing.assert_allclose(passed.get_offsets(), expected)


def test_gradcheck_plot_marks_failures():
    x = x64([1.0, 2.0])
    report = gradcheck(
        lambda t: WrongSquare.apply(t).sum(), (x,), raise_exception=False
    )
    assert not report
    ax = plot_gradcheck(report).axes[0]
    passed, failed = ax.collections
    assert len(failed.get_offsets()) == 2 and failed.get_label() == "FAIL (2)"
    assert "FAIL" in ax.get_title()


def test_gradcheck_error_against_eps_shows_both_regimes():
    x = x64([0.3, 1.2])
    eps = np.logspace(-12, -1, 12)
    err64 = gradcheck_errors(lambda t: t.exp().sum(), (x,), eps, "float64")
    err32 = gradcheck_errors(lambda t: t.exp().sum(), (x,), eps, "float32")
    # float64: round-off at tiny eps, truncation at large eps, best in between
    best = int(np.argmin(err64))
    assert 0 < best < len(eps) - 1 and err64[best] < 1e-8
    assert err32.min() > err64.min() * 100  # float32 never gets as close
    ax = plot_gradcheck_eps(lambda t: t.exp().sum(), (x,), eps).axes[0]
    lines = lines_by_label(ax)
    assert {"float32", "float64"} <= set(lines)
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    np.testing.assert_allclose(lines["float64"].get_ydata(), err64)
    assert x.dtype == minigrad.float64 and x.grad is None


def test_gradcheck_figure_has_both_panels():
    figure = gradcheck_figure(
        lambda t: (t * t).sum(), x64([1.0, -1.0]), eps_values=np.logspace(-8, -2, 4)
    )
    assert len(figure.axes) == 2
    assert figure.axes[0].get_title().startswith("gradcheck: all")


# -- gradient flow ---------------------------------------------------------
def train(model, flow, steps, max_norm=None, lr=0.1):
    x, y = minigrad.randn(16, 4), minigrad.randn(16, 1)
    optimizer = minigrad.optim.SGD(model.parameters(), lr=lr)
    totals = []
    for _ in range(steps):
        loss = nn.MSELoss()(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        if max_norm is not None:
            totals.append(float(nn.utils.clip_grad_norm_(model.parameters(), max_norm)))
        optimizer.step()
        flow.update(loss)
    return totals


def small_model(activation=nn.Tanh):
    minigrad.manual_seed(1)
    return nn.Sequential(
        nn.Linear(4, 8), activation(), nn.Linear(8, 8), activation(), nn.Linear(8, 1)
    )


def test_gradient_flow_records_norms_by_hooks():
    model = small_model()
    flow = GradientFlow(model, redraw_every=0)
    train(model, flow, 5)
    # layers numbered 1.. by position; their names in the model beside them
    assert flow.layers == ["1", "2", "3"]
    assert flow.module_names == ["0", "2", "4"]
    assert all(len(flow.norms[layer]) == 5 for layer in flow.layers)
    # the hook norms are the gradients backward sent: here .grad (zeroed each step)
    last = np.sqrt(
        sum(float((p.grad.numpy() ** 2).sum()) for p in model[2].parameters())
    )
    assert flow.norms["2"][-1] == pytest.approx(last, rel=1e-5)
    assert len(flow.losses) == 5 and flow.png.startswith(PNG)
    lines = lines_by_label(flow.ax_norms)
    assert len(lines["layer 1"].get_xdata()) == 5
    assert len(flow.bars) == 3
    np.testing.assert_allclose(flow.loss_line.get_ydata(), flow.losses)
    flow.remove()
    train(model, flow, 1)
    assert len(flow.norms["1"]) == 6 and flow.norms["1"][-1] == 0.0  # no hooks now


def test_gradient_flow_shows_clipping():
    model = small_model()
    flow = GradientFlow(model, max_norm=0.01, redraw_every=0)
    totals = train(model, flow, 3, max_norm=0.01)
    np.testing.assert_allclose(flow.total_norms, totals, rtol=1e-5)
    assert all(n <= 0.01 * 1.0001 for n in flow.applied_norms)
    assert "max_norm = 0.01" in lines_by_label(flow.ax_norms)
    flow.remove()


def test_gradient_flow_vanishing_with_sigmoids():
    model = small_model(nn.Sigmoid)
    flow = GradientFlow(model, redraw_every=0)
    train(model, flow, 1)
    assert flow.norms["1"][-1] < flow.norms["3"][-1]
    heights = [bar.get_height() for bar in flow.bars]
    assert heights[0] < heights[-1]
    flow.remove()


def test_gradient_flow_of_a_deep_model_hides_no_curve():
    # 11 Linear layers: the legend goes below the plot (inside it, it covered
    # most curves) and every layer gets its own colour (the default cycle has 10).
    minigrad.manual_seed(0)
    layers = [nn.Linear(4, 4) for _ in range(10)] + [nn.Linear(4, 1)]
    model = nn.Sequential(*[m for layer in layers for m in (layer, nn.Tanh())][:-1])
    flow = GradientFlow(model, redraw_every=0)
    train(model, flow, 2)
    assert len(flow.layers) == 11
    lines = [lines_by_label(flow.ax_norms)[f"layer {layer}"] for layer in flow.layers]
    assert len({tuple(line.get_color()) for line in lines}) == 11
    legend = flow.legend  # the figure's: below all three plots
    renderer = flow.figure.canvas.get_renderer()
    below = (
        legend.get_window_extent(renderer).y1
        <= flow.ax_norms.get_window_extent(renderer).y0
    )
    assert below
    assert flow.png.startswith(PNG)
    flow.remove()
    # a small model keeps its legend in the plot, in the default colours
    small = GradientFlow(small_model(), redraw_every=0)
    renderer = small.figure.canvas.get_renderer()
    inside = small.legend.get_window_extent(renderer)
    assert small.legend is small.ax_norms.get_legend()
    assert inside.y0 >= small.ax_norms.get_window_extent(renderer).y0
    small.remove()


def test_gradient_flow_redraws_are_throttled():
    model = small_model()
    flow = GradientFlow(model, redraw_every=60)
    draws = len(flow.draw_seconds)
    train(model, flow, 5)
    assert len(flow.draw_seconds) == draws  # nothing drawn during training
    flow.draw()
    assert len(flow.draw_seconds) == draws + 1
    assert flow._repr_mimebundle_()["image/svg+xml"].lstrip().startswith("<?xml")
    flow.remove()


# -- function explorer -----------------------------------------------------
def test_plot_function_draws_f_derivative_and_tangent():
    figure = plot_function(lambda x: x.sin(), x0=0.5, x_range=(-2, 2), n=41)
    lines = lines_by_label(figure.axes[0])
    derivative = lines["f'(x) (minigrad backward)"]
    np.testing.assert_allclose(
        derivative.get_ydata(), np.cos(derivative.get_xdata()), rtol=1e-10
    )
    tangent = lines["tangent at x₀"]
    xt, yt = tangent.get_xdata(), tangent.get_ydata()
    assert (yt[1] - yt[0]) / (xt[1] - xt[0]) == pytest.approx(np.cos(0.5))


def test_function_explorer_follows_the_slider():
    explorer = FunctionExplorer(lambda x: x * x * x, x_range=(-2, 2), x0=0.0)
    explorer.slider.value = 1.0
    assert "f'(1) = 3" in html.unescape(explorer.readout.value)
    x, y = explorer.plot.point.get_data()
    assert x[0] == 1.0 and y[0] == pytest.approx(1.0)
    assert explorer.png.startswith(PNG) and explorer.image.value == explorer.png
    assert "minigrad-explorer" in explorer._dom_classes


# -- one numbering of layers (issue 10, item 11) ---------------------------
def test_gradient_flow_numbers_layers_as_lesson_12_does():
    # Lesson 12's deep net: 11 Linear layers at Sequential positions 0, 2, ..., 20.
    # The widget calls them layers 1..11, as the lesson's plot and text do.
    minigrad.manual_seed(0)
    linears = [nn.Linear(4, 4) for _ in range(10)] + [nn.Linear(4, 1)]
    model = nn.Sequential(*[m for layer in linears for m in (layer, nn.Tanh())][:-1])
    flow = GradientFlow(model, redraw_every=0)
    train(model, flow, 1)
    numbers = [str(k) for k in range(1, 12)]
    assert flow.layers == numbers
    assert flow.module_names == [str(2 * k) for k in range(11)]
    legend = [t.get_text() for t in flow.legend.get_texts()]
    assert [f"layer {k}" for k in numbers] == legend[:11]
    ticks = [t.get_text() for t in flow.ax_layers.get_xticklabels()]
    assert ticks == numbers
    assert "1 = next to the input" in flow.ax_layers.get_xlabel()
    # layer 1's norm is the first Linear's gradient (model[0])
    grads = [p.grad.numpy() for p in model[0].parameters()]
    expected = np.sqrt(sum(float((g**2).sum()) for g in grads))
    assert flow.norms["1"][-1] == pytest.approx(expected, rel=1e-5)
    flow.remove()


def test_gradient_flow_bars_never_shrink_a_small_gap_to_a_stub():
    # Lesson 14: norms within 2.5x of each other drew as a full bar beside a
    # stub on the log axis. Every bar now rises a decade or more above the axis.
    model = small_model()
    flow = GradientFlow(model, redraw_every=0)
    train(model, flow, 2)
    bottom, top = flow.ax_layers.get_ylim()
    heights = [bar.get_height() for bar in flow.bars]
    assert bottom <= min(heights) / 10 * 1.0001 and top >= max(heights)
    flow.remove()


def test_total_norm_says_before_clipping_only_when_clipping():
    flow = GradientFlow(small_model(), redraw_every=0)
    assert "total" in lines_by_label(flow.ax_norms)
    assert "total (before clipping)" not in lines_by_label(flow.ax_norms)
    flow.remove()
    clipped = GradientFlow(small_model(), max_norm=1.0, redraw_every=0)
    assert "total (before clipping)" in lines_by_label(clipped.ax_norms)
    clipped.remove()


# -- sharp pictures, readable text (issue 10, item 5) ----------------------
# Before: FunctionExplorer drew a 468 px bitmap that the page stretched to
# 1096 px, GradientFlow 792 px to 1096 px, legends ~7 px high.
SMALLEST_TEXT_PX = 11
NOTEBOOK_WIDTH_PX = 1096  # JupyterLab's output area in a 1280 px window
PROJECTOR_WIDTH_PX = 1240  # a Voila page in a 1280 px projector screen


def smallest_text_px(figure) -> float:
    """The smallest visible text of ``figure``, in CSS px as the page shows
    it (one figure inch is 96 CSS px, so one point is 4/3 px)."""
    sizes = [
        t.get_fontsize()
        for t in figure.findobj(Text)
        if t.get_visible() and t.get_text().strip()
    ]
    return min(sizes) * CSS_PX_PER_INCH / 72


def live_plots():
    model = small_model()
    flow = GradientFlow(model, max_norm=1.0, redraw_every=0)
    train(model, flow, 3, max_norm=1.0)
    flow.draw()
    explorer = FunctionExplorer(lambda x: x * x.sin(), x_range=(-4, 4), x0=1.0)
    return {"GradientFlow": flow, "FunctionExplorer": explorer}


@pytest.mark.parametrize("theme_name", ["default", "present"])
def test_live_plots_are_bitmaps_at_the_pixel_ratio_shown_at_their_size(theme_name):
    with theme_context(theme_name):
        for name, widget in live_plots().items():
            png = Image.open(io.BytesIO(widget.image.value))
            css = round(widget.figure.get_figwidth() * CSS_PX_PER_INCH)
            # the page shows it at its CSS width: never stretched ...
            assert widget.image.layout.width == f"{css}px", name
            assert widget.image.layout.max_width == "100%", name
            assert widget.image.layout.height == "auto", name
            # ... and it carries PIXEL_RATIO pixels per CSS pixel
            assert PIXEL_RATIO >= 2
            assert png.width == css * PIXEL_RATIO, (name, png.width, css)
            limit = (
                PROJECTOR_WIDTH_PX if theme_name == "present" else (NOTEBOOK_WIDTH_PX)
            )
            assert css <= limit, f"{name} is {css} px wide, the page {limit}"
            # every label, tick and legend entry is readable
            assert smallest_text_px(widget.figure) >= SMALLEST_TEXT_PX, name
            # on an opaque white card: dark text reads in JupyterLab's dark
            # theme too (a transparent PNG would put it on a dark page)
            assert png.convert("RGBA").getpixel((0, 0)) == (255, 255, 255, 255)
            if hasattr(widget, "remove"):
                widget.remove()


def test_deep_gradient_flow_legend_is_readable():
    minigrad.manual_seed(0)
    layers = [nn.Linear(4, 4) for _ in range(10)] + [nn.Linear(4, 1)]
    model = nn.Sequential(*[m for layer in layers for m in (layer, nn.Tanh())][:-1])
    flow = GradientFlow(model, redraw_every=0)
    train(model, flow, 2)
    legend = flow.legend
    size = min(t.get_fontsize() for t in legend.get_texts())
    assert size * CSS_PX_PER_INCH / 72 >= 12  # was 5.8 pt drawn at 72 dpi: ~7 px
    assert smallest_text_px(flow.figure) >= SMALLEST_TEXT_PX
    flow.remove()


def svg_width_px(svg: str) -> float:
    width = re.search(r'<svg[^>]*\swidth="([0-9.]+)pt"', svg).group(1)
    return float(width) * 4 / 3  # a browser draws 1 pt as 4/3 CSS px


@pytest.mark.parametrize("theme_name", ["default", "present"])
def test_static_plots_are_svg_with_readable_text(theme_name):
    x = x64([0.5, 1.0])
    with theme_context(theme_name):
        figures = {
            "plot_grad_accumulation": plot_grad_accumulation(calls=3),
            "plot_gradcheck": plot_gradcheck(
                gradcheck(lambda t: t.sin(), (x,), raise_exception=False)
            ),
            "plot_gradcheck_eps": plot_gradcheck_eps(
                lambda t: t.exp().sum(), (x,), np.logspace(-8, -2, 4)
            ),
            "plot_function": plot_function(lambda t: t.sin(), x0=0.5, n=41),
        }
    for name, figure in figures.items():
        svg = figure._repr_svg_()
        assert "<svg" in svg, name
        css = svg_width_px(svg)
        assert css == pytest.approx(figure.get_figwidth() * CSS_PX_PER_INCH), name
        assert smallest_text_px(figure) >= SMALLEST_TEXT_PX, name
        # an opaque background: black text stays readable on a dark theme
        assert figure.get_facecolor()[3] == 1.0, name


def test_saved_widgets_carry_an_svg_of_what_they_show():
    for name, widget in live_plots().items():
        bundle = widget._repr_mimebundle_()
        assert "<svg" in bundle["image/svg+xml"], name
        assert "image/png" not in bundle, name  # a bitmap shows at its pixel size
        if hasattr(widget, "remove"):
            widget.remove()


def test_function_plot_legend_names_every_mark():
    # Lesson 00 spoke of a "red line" and never said what the square was: the
    # legend names the curves, the tangent and the square (the slope f'(x0)).
    figure = plot_function(lambda x: x * x, x0=1.0, n=21)
    legend = [t.get_text() for t in figure.axes[0].get_legend().get_texts()]
    assert legend == [
        "f(x)",
        "f'(x) (minigrad backward)",
        "tangent at x₀",
        "f'(x₀): the tangent's slope",
    ]
    square = lines_by_label(figure.axes[0])["f'(x₀): the tangent's slope"]
    assert square.get_marker() == "s" and square.get_ydata()[0] == pytest.approx(2.0)


@pytest.mark.parametrize("figsize", [None, (8, 4.4)])
def test_deep_gradient_flow_legend_fits_the_figure(figsize):
    minigrad.manual_seed(0)
    layers = [nn.Linear(4, 4) for _ in range(10)] + [nn.Linear(4, 1)]
    model = nn.Sequential(*[m for layer in layers for m in (layer, nn.Tanh())][:-1])
    flow = GradientFlow(model, max_norm=1.0, redraw_every=0, figsize=figsize)
    renderer = flow.figure.canvas.get_renderer()
    box = flow.legend.get_window_extent(renderer)
    assert 0 <= box.x0 and box.x1 <= flow.figure.bbox.width
    assert len(flow.figure.legends) == 1
    flow.remove()
