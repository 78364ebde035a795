"""Live plots: gradient flow while training, and a 1-D function explorer.

Both draw a matplotlib ``Figure`` (no pyplot) into PNG bytes shown by an
``ipywidgets.Image``: swapping the image's bytes does not flicker, and the
figure's artists are updated in place (``set_data``), never rebuilt. Gradient
norms come from tensor hooks during the training's own ``backward()``, not
from extra passes; redraws are throttled so a step costs little.

Sharp on every screen: a figure inch is 96 CSS pixels (as in a browser's SVG,
so a 10 pt label is 13 px on screen), the PNG carries ``PIXEL_RATIO`` device
pixels per CSS pixel, and the image is shown at its CSS size, never
stretched (``show_figure``). A notebook saved with outputs gets an SVG.
"""

from __future__ import annotations

import io
import time

import ipywidgets as w
import numpy as np
from matplotlib import colormaps
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

import minigrad

from . import _format as fmt
from . import theme
from ._inputs import _described
from ._static import StaticPicture, TeachingFigure

TINY = 1e-12  # log axes cannot show 0
RELAYOUT_SECONDS = 2.0  # GradientFlow lays its figure out again at most this often
CSS_PX_PER_INCH = 96  # a figure inch on screen, as browsers draw SVG inches
# Device pixels per CSS pixel in the PNGs: 2 is sharp on high-density laptop
# screens; on a plain screen or a projector the browser scales it down, which
# stays sharp (scaling up is what blurs).
PIXEL_RATIO = 2
BITMAP_DPI = CSS_PX_PER_INCH * PIXEL_RATIO


def figure_png(figure: Figure) -> bytes:
    """Render ``figure`` to PNG bytes, fast enough to do many times.

    The first call lays the figure out; later calls keep that layout (laying
    out again costs as much as drawing) and compress lightly. The PNG has the
    figure's own resolution (``BITMAP_DPI`` for the live plots).
    """
    canvas = figure.canvas
    if not isinstance(canvas, FigureCanvasAgg):
        canvas = FigureCanvasAgg(figure)
    canvas.draw()
    if figure.get_layout_engine() is not None:
        figure.set_layout_engine("none")
    width, height = canvas.get_width_height()
    image = Image.frombuffer(
        "RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1
    )
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


def figure_svg(figure: Figure) -> str:
    """``figure`` as SVG text: sharp at any size, for saved notebooks.

    Args:
        figure: a matplotlib ``Figure``.

    Returns:
        The SVG document (its size in points: one inch shows as 96 CSS px).
    """
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg")
    return buffer.getvalue()


def css_width(figure: Figure) -> int:
    """How wide ``figure`` is shown, in CSS pixels (``CSS_PX_PER_INCH``)."""
    return round(figure.get_figwidth() * CSS_PX_PER_INCH)


def bitmap_figure(figsize) -> Figure:
    """A ``Figure`` of ``figsize`` inches that renders ``PIXEL_RATIO`` times
    sharper than it is shown (``show_figure``), laid out by matplotlib.

    Example:
        >>> figure = bitmap_figure((6, 4))   # 1152 x 768 pixels, shown 576 x 384
    """
    return Figure(figsize=figsize, dpi=BITMAP_DPI, layout="constrained")


def show_figure(image: w.Image, figure: Figure) -> bytes:
    """Put ``figure`` into ``image`` as a PNG shown at its CSS size.

    The image is ``css_width(figure)`` CSS pixels wide (narrower only if the
    page is: then the browser shrinks it, which stays sharp), never stretched
    wider than its pixels allow, whatever box holds it.

    Args:
        image: an ``ipywidgets.Image`` (``format="png"``).
        figure: the figure to show; make it with ``bitmap_figure``.

    Returns:
        The PNG bytes shown.

    Example:
        >>> picture = ipywidgets.Image(format="png")        # doctest: +SKIP
        >>> show_figure(picture, plot_gradcheck(report))    # doctest: +SKIP
    """
    if figure.dpi != BITMAP_DPI:  # e.g. a plot made for a notebook's 100 dpi
        figure.set_dpi(BITMAP_DPI)
    png = figure_png(figure)
    layout = image.layout
    layout.width = f"{css_width(figure)}px"
    layout.max_width, layout.height = "100%", "auto"
    image.value = png
    return png


class GradientFlow(StaticPicture, w.VBox):
    """Per-layer gradient norms and the loss, live while training.

    Hooks on every parameter record the norm of the gradient each
    ``backward()`` sends it; call ``update(loss)`` once per training step.
    Vanishing gradients show as norms falling towards the first layers,
    exploding ones as norms shooting up; with ``max_norm`` the norm that
    ``clip_grad_norm_`` lets through is drawn beside the raw one.

    Layers are numbered 1, 2, ... by position from the input: layer k is the
    k-th module that holds parameters (in an ``nn.Sequential`` of Linear and
    activation layers, the k-th Linear, the text's ``W_k``). ``layers`` holds
    these numbers as strings, ``norms`` is keyed by them, and
    ``module_names[k - 1]`` is layer k's name in the model (``"0"``, ``"2"``,
    ... in an ``nn.Sequential``).

    Args:
        model: a Module, or ``(name, parameter)`` pairs.
        max_norm: the ``clip_grad_norm_`` threshold you train with, if any.
        redraw_every: at least this many seconds between redraws (0: every
            step); never more often than keeps drawing under a fifth of the
            time.
        figsize: ``(width, height)`` in inches (96 CSS px each); default: as
            wide as a notebook's output, larger in the "present" theme.

    Example:
        >>> flow = GradientFlow(model, max_norm=1.0)       # doctest: +SKIP
        >>> display(flow)                                   # doctest: +SKIP
        >>> for step in range(100):                         # doctest: +SKIP
        ...     loss = loss_fn(model(x), y); opt.zero_grad(); loss.backward()
        ...     nn.utils.clip_grad_norm_(model.parameters(), 1.0); opt.step()
        ...     flow.update(loss)
        >>> flow.draw(); flow.remove()                      # doctest: +SKIP
    """

    def __init__(self, model, max_norm=None, redraw_every=0.25, figsize=None):
        named = _named_parameters(model)
        self.params = [p for _, p in named]
        owners = [name.rsplit(".", 1)[0] if "." in name else name for name, _ in named]
        self.module_names = list(dict.fromkeys(owners))
        self.layers = [str(k) for k in range(1, len(self.module_names) + 1)]
        number = dict(zip(self.module_names, self.layers))
        self.layer_of = [number[owner] for owner in owners]
        self.max_norm = max_norm
        self.figsize = figsize
        self.redraw_every = redraw_every
        self.losses: list[float] = []
        self.norms: dict[str, list[float]] = {layer: [] for layer in self.layers}
        self.total_norms: list[float] = []
        self.applied_norms: list[float] = []
        self.draw_seconds: list[float] = []
        self._squares = dict.fromkeys(self.layers, 0.0)
        self._handles = [
            p.register_hook(self._hook(layer))
            for p, layer in zip(self.params, self.layer_of)
        ]
        self._last_draw = 0.0
        self._last_layout = time.perf_counter()
        self.png = b""
        self._build_figure()
        self.image = w.Image(format="png", layout=w.Layout(max_width="100%"))
        self.image.add_class("minigrad-gradflow-image")
        super().__init__(children=[self.image])
        self.add_class("minigrad-gradflow")
        theme.watch(self)
        self.draw()

    def _hook(self, layer):
        def record(grad):
            self._squares[layer] += float(np.sum(np.square(fmt.to_numpy(grad))))

        return record

    def update(self, loss) -> None:
        """Record one training step: the loss and the norms the hooks saw.

        Args:
            loss: the step's loss (a Tensor or a number).
        """
        value = loss.item() if fmt.is_tensor(loss) else float(loss)
        self.losses.append(value)
        for layer in self.layers:
            self.norms[layer].append(float(np.sqrt(self._squares[layer])))
        self.total_norms.append(float(np.sqrt(sum(self._squares.values()))))
        self._squares = dict.fromkeys(self.layers, 0.0)
        grads = [fmt.read_grad(p) for p in self.params]
        self.applied_norms.append(
            float(
                np.sqrt(
                    sum(float(np.sum(np.square(g))) for g in grads if g is not None)
                )
            )
        )
        wait = self.redraw_every
        if wait and self.draw_seconds:
            wait = max(wait, 4 * self.draw_seconds[-1])
        if time.perf_counter() - self._last_draw >= wait:
            self.draw(relayout=False)

    def remove(self) -> None:
        """Take the hooks off the parameters."""
        for handle in self._handles:
            handle.remove()
        self._handles = []

    # -- drawing ----------------------------------------------------------
    def _on_theme_change(self) -> None:
        self._build_figure()
        self._last_layout = time.perf_counter()
        self.draw()

    def _build_figure(self) -> None:
        # The theme's fonts and line widths go into the artists made here.
        self.look = theme.get_theme()
        with theme.matplotlib_context(self.look):
            self._make_figure()

    def _make_figure(self) -> None:
        many = len(self.layers) > 4  # then the legend goes below the plot
        figsize = self.figsize or self.look.figsize(11, 4.4 if many else 3.4)
        self.figure = bitmap_figure(figsize)
        self.ax_norms, self.ax_layers, self.ax_loss = self.figure.subplots(1, 3)
        # Many layers are coloured from input (dark) to output (yellow): the
        # default colour cycle would repeat after 10 layers.
        colors = (
            colormaps["viridis"](np.linspace(0, 0.9, len(self.layers)))
            if many
            else [None] * len(self.layers)
        )
        self.norm_lines = {
            layer: self.ax_norms.plot([], [], color=color, label=f"layer {layer}")[0]
            for layer, color in zip(self.layers, colors)
        }
        total = "total" if self.max_norm is None else "total (before clipping)"
        self.total_line = self.ax_norms.plot(
            [], [], color="black", linewidth=2, linestyle="-", label=total
        )[0]
        self.applied_line = None
        if self.max_norm is not None:
            self.applied_line = self.ax_norms.plot(
                [],
                [],
                color="black",
                linestyle="--",
                linewidth=1.5,
                label="total after clip_grad_norm_",
            )[0]
            self.ax_norms.axhline(
                self.max_norm,
                color="#D55E00",
                linestyle=":",
                label=f"max_norm = {self.max_norm:g}",
            )
        self.ax_norms.set(
            yscale="log",
            xlabel="training step",
            ylabel="gradient norm",
            title="Gradient norm per layer",
        )
        # The theme's legend size (10 pt, 13 px on screen, in the default).
        if many:  # below all three plots, so that it hides no curve
            self.legend = self._legend_below(min(7, self.look.legend_columns + 2))
        else:
            self.legend = self.ax_norms.legend(loc="upper right", framealpha=0.85)
        positions = np.arange(len(self.layers))
        self.bars = self.ax_layers.bar(
            positions, np.full(len(self.layers), TINY), color="#0072B2"
        )
        self.ax_layers.set(
            yscale="log",
            xticks=positions,
            xlabel="layer (1 = next to the input)",
            ylabel="norm, last step",
            title="Vanishing ↘ or exploding ↗?",
        )
        self.ax_layers.set_xticklabels(self.layers)
        self.loss_line = self.ax_loss.plot([], [], color="#009E73")[0]
        self.ax_loss.set(xlabel="training step", ylabel="loss", title="Loss")
        for ax in (self.ax_norms, self.ax_layers, self.ax_loss):
            ax.grid(alpha=0.3)

    def _legend_below(self, columns: int):
        # As many columns as fit the figure's width: a legend wider than the
        # figure would be cut off at both sides.
        handles, labels = self.ax_norms.get_legend_handles_labels()
        renderer = FigureCanvasAgg(self.figure).get_renderer()
        for ncols in range(columns, 0, -1):
            legend = self.figure.legend(
                handles, labels, loc="outside lower center", frameon=False, ncols=ncols
            )
            if legend.get_window_extent(renderer).width <= self.figure.bbox.width:
                return legend
            legend.remove()
        return self.figure.legend(
            handles, labels, loc="outside lower center", frameon=False, ncols=1
        )

    def draw(self, relayout: bool = True) -> None:
        """Redraw now (``update`` calls it, throttled; call it after training).

        Args:
            relayout: lay the figure out afresh (``update`` does it at most
                every ``RELAYOUT_SECONDS``).
        """
        start = time.perf_counter()
        steps = np.arange(1, len(self.losses) + 1)
        for layer, line in self.norm_lines.items():
            line.set_data(steps, np.maximum(self.norms[layer], TINY))
        self.total_line.set_data(steps, np.maximum(self.total_norms, TINY))
        if self.applied_line is not None:
            self.applied_line.set_data(steps, np.maximum(self.applied_norms, TINY))
        for bar, layer in zip(self.bars, self.layers):
            bar.set_height(max(self.norms[layer][-1], TINY) if self.losses else TINY)
        self.loss_line.set_data(steps, self.losses)
        for ax in (self.ax_norms, self.ax_loss, self.ax_layers):
            ax.relim()
            ax.autoscale_view()
        self._scale_bars()
        if relayout or start - self._last_layout >= RELAYOUT_SECONDS:
            # Tick labels change as the data grow (log axes gain decades):
            # lay the figure out again now and then so labels never overlap.
            self.figure.set_layout_engine("constrained")
            self._last_layout = start
        with theme.matplotlib_context(self.look):
            self.png = show_figure(self.image, self.figure)
        self._last_draw = time.perf_counter()
        self.draw_seconds.append(self._last_draw - start)

    def _scale_bars(self) -> None:
        # Log bars start at the axis' bottom: set it a decade below the
        # smallest bar, so that every bar has a height and a 2.5x gap between
        # layers looks like one (not like a full bar beside a stub).
        heights = [bar.get_height() for bar in self.bars]
        shown = [h for h in heights if h > TINY]
        if shown:
            self.ax_layers.set_ylim(min(shown) / 10, max(shown) * 2)

    def static_bundle(self) -> dict:
        return {"image/svg+xml": figure_svg(self.figure)}


def _named_parameters(model) -> list:
    """``(name, parameter)`` pairs of a Module, or of a list of such pairs;
    anything else is refused with a TypeError naming what was given."""
    if fmt.is_module(model):
        return list(model.named_parameters())
    try:
        named = list(model)
    except TypeError:  # not iterable: a number, None
        named = None
    if named is None or not all(
        isinstance(pair, tuple) and len(pair) == 2 and fmt.is_tensor(pair[1])
        for pair in named
    ):
        raise TypeError(
            "GradientFlow() watches a model: an nn.Module (e.g. nn.Sequential) "
            "or its model.named_parameters(); got "
            f"{_described(model)}"
        )
    return named


# -- 1-D function explorer ----------------------------------------------------------
def derivative_curve(f, xs):
    """``f(xs)`` and ``f'(xs)`` from minigrad (one backward of ``f(x).sum()``).

    Args:
        f: a function of a Tensor, elementwise (``lambda x: x.sin() * x``).
        xs: the points (numpy array).

    Returns:
        (values, derivatives) as float64 numpy arrays.
    """
    x = minigrad.tensor(np.asarray(xs, dtype=np.float64), requires_grad=True)
    # Outside its domain (log of a negative number, 1/0) f gives nan or inf:
    # those points are left out of the picture, not warned about.
    with np.errstate(all="ignore"):
        y = f(x)
        _check_result(y, x)
        y.sum().backward()
    return fmt.copy_numpy(y), fmt.copy_numpy(x.grad)


def check_function(f, who: str) -> None:
    """Refuse an ``f`` that is not a function, naming what was given.

    Example:
        >>> check_function(3, "FunctionExplorer()")   # doctest: +SKIP
        TypeError: FunctionExplorer() needs a function of one tensor, ...
    """
    if not callable(f):
        raise TypeError(
            f"{who} needs a function of one tensor, e.g. lambda x: x.sin(); "
            f"got {_described(f)}"
        )


def check_x0(x0) -> float:
    """``x0`` as a float, or a TypeError that names what was given."""
    if isinstance(x0, bool) or not isinstance(x0, (int, float, np.number)):
        raise TypeError(f"x0 must be a number, e.g. x0=1.0; got {_described(x0)}")
    return float(x0)


def _check_result(y, x) -> None:
    """f(x) must be a tensor computed from x, one value per point."""
    if not fmt.is_tensor(y):
        raise TypeError(
            f"f must return a minigrad tensor computed from x, got {_described(y)}; "
            "use tensor operations (x.sin(), x * x), not math or numpy functions "
            "or .item()"
        )
    if tuple(y.shape) != tuple(x.shape):
        raise ValueError(
            f"f must give one value per x (an elementwise function of x): for "
            f"{x.shape[0]} points it gave a result of shape {tuple(y.shape)}"
        )
    if not y.requires_grad:
        raise ValueError(
            "f's result has no graph back to x, so it has no derivative to show: "
            "compute it from x with tensor operations (not .detach(), .item() "
            "or numpy); a constant is written 0 * x + c"
        )


def tangent_at(f, x0: float):
    """``f(x0)`` and ``f'(x0)`` from minigrad, in float64."""
    x = minigrad.tensor(float(x0), dtype=minigrad.float64, requires_grad=True)
    with np.errstate(all="ignore"):
        y = f(x)
        _check_result(y, x)
        y.backward()
    return float(y.item()), float(x.grad.item())


MAX_POINTS = 100_000  # points on a curve: more only cost time


def check_curve(x_range, n) -> tuple[float, float]:
    """``x_range`` as ``(low, high)`` floats, or a ValueError that names the
    argument, what was given and what is expected.

    Example:
        >>> check_curve((-3, 3), 201)
        (-3.0, 3.0)
    """
    try:
        low, high = (float(v) for v in x_range)
    except (TypeError, ValueError):
        raise ValueError(
            f"x_range must be two numbers (low, high), got "
            f"{x_range!r}; e.g. x_range=(-3, 3)"
        ) from None
    if not (np.isfinite(low) and np.isfinite(high) and low < high):
        example = (
            f"({high:g}, {low:g})"
            if np.isfinite([low, high]).all() and low > high
            else "(-3, 3)"
        )
        raise ValueError(
            f"x_range must go from a smaller to a larger finite "
            f"number, got {x_range!r}; e.g. x_range={example}"
        )
    if (
        isinstance(n, bool)
        or not isinstance(n, (int, np.integer))
        or not 2 <= n <= MAX_POINTS
    ):
        raise ValueError(
            f"n must be an integer from 2 to {MAX_POINTS} (points on "
            f"the curve), got {n!r}; e.g. n=201"
        )
    return low, high


def undefined_text(xs, ok) -> str:
    """Where a curve is not drawn, as short text (``""`` if drawn everywhere).

    Args:
        xs: the sample points, increasing.
        ok: a boolean array, True where f and f' are finite.

    Returns:
        e.g. ``"not defined at x = 0"`` or ``"not defined for -3 ≤ x ≤ 0"``.

    Example:
        >>> undefined_text(np.array([-1.0, 0.0, 1.0]), np.array([1, 0, 1], bool))
        'not defined at x = 0'
    """
    bad = np.flatnonzero(~ok)
    if bad.size == 0:
        return ""
    runs = np.split(bad, np.flatnonzero(np.diff(bad) > 1) + 1)
    parts = [
        f"x = {xs[r[0]]:.3g}"
        if r.size == 1
        else f"{xs[r[0]]:.3g} ≤ x ≤ {xs[r[-1]]:.3g}"
        for r in runs[:3]
    ]
    more = f" and {len(runs) - 3} more places" if len(runs) > 3 else ""
    word = "at" if len(runs) == 1 and runs[0].size == 1 else "for"
    return f"not defined {word} " + ", ".join(parts) + more


def _y_limits(ys) -> tuple[float, float]:
    """The y range to show: all finite values, unless a few points near a
    pole (1/x at 0) would squash the rest flat; then the central 96 %."""
    shown = ys[np.isfinite(ys)]
    low, high = float(shown.min()), float(shown.max())
    inner_low, inner_high = np.percentile(shown, [2, 98])
    if high - low > 10 * max(inner_high - inner_low, 1e-12):
        return float(inner_low), float(inner_high)
    return low, high


class _FunctionPlot:
    """f, f' and the tangent at x0 on one Axes; ``move(x0)`` updates in place."""

    def __init__(self, f, x_range, n, name, ax):
        self.f, self.name = f, name
        low, high = check_curve(x_range, n)
        check_function(f, f"{name}: the function")
        self.xs = np.linspace(low, high, n)
        values, slopes = derivative_curve(f, self.xs)
        # Drawn only where both are finite; matplotlib breaks the line at nan.
        ok = np.isfinite(values) & np.isfinite(slopes)
        if not ok.any():
            raise ValueError(
                f"{name} is not defined anywhere on x_range="
                f"{x_range!r} (every value or slope is nan or inf); "
                "choose an x_range where it is, e.g. x > 0 for log"
            )
        values, slopes = np.where(ok, values, np.nan), np.where(ok, slopes, np.nan)
        self.undefined = undefined_text(self.xs, ok)
        self.width = (high - low) / 4
        ax.plot(self.xs, values, color="#0072B2", linewidth=2, label=f"{name}(x)")
        ax.plot(
            self.xs,
            slopes,
            color="#E69F00",
            linestyle="--",
            label=f"{name}'(x) (minigrad backward)",
        )
        self.tangent = ax.plot(
            [], [], color="#D55E00", linewidth=2, label="tangent at x₀"
        )[0]
        self.point = ax.plot([], [], "o", color="#D55E00", markersize=8)[0]
        self.slope_point = ax.plot(
            [],
            [],
            "s",
            color="#E69F00",
            markersize=7,
            label=f"{name}'(x₀): the tangent's slope",
        )[0]
        low_y, high_y = _y_limits(np.concatenate([values, slopes]))
        pad = 0.1 * (high_y - low_y or 1.0)
        ax.set_ylim(low_y - pad, high_y + pad)
        ax.axhline(0, color="#999999", linewidth=0.8)
        title = f"{name} and its derivative"
        if self.undefined:
            title += f"\n({self.undefined}: not drawn)"
        ax.set(xlabel="x", title=title)
        ax.legend(loc="best")
        ax.grid(alpha=0.3)

    def move(self, x0: float) -> tuple[float, float]:
        y0, slope = tangent_at(self.f, x0)
        if not (np.isfinite(y0) and np.isfinite(slope)):
            y0 = slope = float("nan")  # no tangent where f is not defined
        xt = np.array([x0 - self.width, x0 + self.width])
        self.tangent.set_data(xt, y0 + slope * (xt - x0))
        self.point.set_data([x0], [y0])
        self.slope_point.set_data([x0], [slope])
        return y0, slope


@theme.themed_plot
def plot_function(f, x0=0.0, x_range=(-3.0, 3.0), n=201, name="f", ax=None):
    """A static picture of ``f``, ``f'`` (from minigrad) and the tangent at ``x0``.

    Returns:
        The matplotlib ``Figure``.

    Example:
        >>> plot_function(lambda x: x.tanh(), x0=0.5)   # doctest: +SKIP
    """
    if ax is None:
        figure = TeachingFigure(
            figsize=theme.get_theme().figsize(6.5, 4), layout="constrained"
        )
        ax = figure.add_subplot()
    check_function(f, "plot_function()")
    x0 = check_x0(x0)
    plot = _FunctionPlot(f, x_range, n, name, ax)
    y0, slope = plot.move(x0)
    if np.isnan(y0):
        title = f"{name} is not defined at x₀ = {x0:.3g}"
    else:
        title = f"{name}({x0:.3g}) = {y0:.4g},  {name}'({x0:.3g}) = {slope:.4g}"
    if plot.undefined:
        title += f"\n({plot.undefined}: not drawn)"
    ax.set_title(title)
    return ax.figure


class FunctionExplorer(StaticPicture, w.VBox):
    """Slide x₀ and watch the tangent of ``f``: its slope is ``f'(x₀)``,
    computed by minigrad's backward at every move.

    Args:
        f: an elementwise function of a Tensor.
        x_range: the x interval shown.
        x0: where the slider starts (default: the middle).
        n: points on the curves.
        name: what to call the function in labels.

    Example:
        >>> FunctionExplorer(lambda x: x.sin() * x, x_range=(-4, 4))   # doctest: +SKIP
    """

    def __init__(self, f, x_range=(-3.0, 3.0), x0=None, n=201, name="f"):
        check_function(f, "FunctionExplorer()")
        low, high = check_curve(x_range, n)
        x0 = (low + high) / 2 if x0 is None else check_x0(x0)
        self._curve = (f, (low, high), n, name)
        self._build_figure()
        self.name = name
        self.slider = w.FloatSlider(
            value=x0,
            min=low,
            max=high,
            step=(high - low) / 200,
            description="x₀",
            continuous_update=True,
            readout_format=".3f",
        )
        self.slider.add_class("minigrad-explorer-slider")
        self.readout = w.HTML()
        self.image = w.Image(format="png", layout=w.Layout(max_width="100%"))
        self.image.add_class("minigrad-explorer-image")
        self.png = b""
        self.slider.observe(lambda change: self.move(change["new"]), names="value")
        super().__init__(children=[self.slider, self.readout, self.image])
        self.add_class("minigrad-explorer")
        theme.watch(self)
        self.move(x0)

    def _build_figure(self) -> None:
        self.look = theme.get_theme()
        with theme.matplotlib_context(self.look):
            self.figure = bitmap_figure(self.look.figsize(6.5, 4))
            self.ax = self.figure.add_subplot()
            self.plot = _FunctionPlot(*self._curve, self.ax)

    def _on_theme_change(self) -> None:
        self._build_figure()
        self.move(self.slider.value)

    def move(self, x0: float) -> None:
        """Put the tangent at ``x0`` and redraw."""
        y0, slope = self.plot.move(x0)
        if np.isnan(y0):
            text = (
                f"{self.name} is not defined at x₀ = {x0:.4g}: no tangent "
                "there; move x₀ to where the curve is drawn"
            )
        else:
            text = (
                f"{self.name}({x0:.4g}) = {y0:.6g},   {self.name}'({x0:.4g}) = "
                f"{slope:.6g}  (the tangent's slope)"
            )
        if self.plot.undefined:
            text += f"  [{self.plot.undefined}: not drawn]"
        self.readout.value = self.look.wrap_html(fmt.esc(text))
        with theme.matplotlib_context(self.look):
            self.png = show_figure(self.image, self.figure)

    def static_bundle(self) -> dict:
        return {"image/svg+xml": figure_svg(self.figure)}
