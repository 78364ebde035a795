"""Themes: how big and how bold every picture is drawn.

``set_theme("present")`` switches every graph, stepper and plot to a look
that reads from the back of a lecture room: large fonts, thick edges and
borders, saturated Okabe-Ito colours with dark text (pale fills vanish on a
projector; these hues stay apart for colour-blind viewers), and line styles
that differ as well as colours. Shapes and labels still tell every kind of
node apart, so colour is never the only signal. ``set_theme("default")``
returns to the notebook look.

A theme holds only *overrides*: ``dot.py`` keeps the default attributes and
merges the current theme's over them, ``stepper.py`` and ``graph_view.py``
size their buttons and text with it, and the plots draw inside
``matplotlib_context()``. Live widgets redraw when the theme changes.

Example:
    >>> import widgets
    >>> widgets.set_theme("present")      # doctest: +SKIP
    >>> with widgets.theme_context("present"):  # doctest: +SKIP
    ...     stepper.save_steps("slides/")
"""

from __future__ import annotations

import contextlib
import functools
import weakref
from dataclasses import dataclass, field

import matplotlib


@dataclass(frozen=True)
class Theme:
    """One look for every picture (overrides of the default attributes).

    Attributes:
        name: what ``set_theme`` calls it.
        description: one line for people choosing a theme.
        graph_attr, node_attr, edge_attr: Graphviz attributes merged over
            ``draw_graph``'s own (font sizes, spacing, pen widths).
        styles: per kind of node (``"leaf"``, ``"param"``, ``"current"``, ...)
            attributes merged over ``dot.STYLES``.
        traversed: merged over ``dot.TRAVERSED`` (edges the gradient crossed).
        small_font, tiny_font: point sizes of the small rows in node labels.
        html_font_size: CSS font size of the widgets' text ("" keeps it).
        button: ``(width, height, font size)`` of widget buttons.
        matplotlib_rc: rcParams the plots are drawn with.
        figure_scale: plots are made this much larger (room for big fonts).
        max_figure_width: no plot is wider than this, in inches (96 CSS px
            each: a plot stays inside a 1280 px wide projector screen); 0:
            no limit.
        legend_columns: kinds per row in a graph's legend.
        fit_width: shrink a graph wider than the page to fit, rather than
            scroll (a projector cannot scroll for the back row).
    """

    name: str
    description: str
    graph_attr: dict = field(default_factory=dict)
    node_attr: dict = field(default_factory=dict)
    edge_attr: dict = field(default_factory=dict)
    styles: dict = field(default_factory=dict)
    traversed: dict = field(default_factory=dict)
    small_font: int = 9
    tiny_font: int = 8
    html_font_size: str = ""
    button: tuple = ("90px", "", "")
    matplotlib_rc: dict = field(default_factory=dict)
    figure_scale: float = 1.0
    max_figure_width: float = 0.0
    legend_columns: int = 6
    fit_width: bool = False

    def figsize(self, width: float, height: float) -> tuple[float, float]:
        """A plot's size in inches in this theme (scaled, then no wider than
        ``max_figure_width``)."""
        width, height = width * self.figure_scale, height * self.figure_scale
        if self.max_figure_width:
            width = min(width, self.max_figure_width)
        return (width, height)

    def style(self, kind: str, base: dict) -> dict:
        """``base`` (the default attributes of ``kind``) with this theme's
        overrides merged in."""
        return {**base, **self.styles.get(kind, {})}

    def wrap_html(self, html: str) -> str:
        """``html`` in this theme's text size (unchanged by the default)."""
        if not self.html_font_size:
            return html
        return (
            f'<div class="minigrad-theme-{self.name}" '
            f'style="font-size:{self.html_font_size};line-height:1.35">'
            f"{html}</div>"
        )


# Okabe-Ito: the eight colours that colour-blind viewers tell apart.
OKABE_ITO = [
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#F0E442",
    "#000000",
]

DEFAULT = Theme("default", "for a screen: compact, light fills")

PRESENT = Theme(
    "present",
    "for a projector: large fonts, thick lines, saturated colour-blind-safe fills",
    graph_attr=dict(fontsize="20", nodesep="0.5", ranksep="0.7", pad="0.3"),
    node_attr=dict(fontsize="20", margin="0.14,0.08"),
    edge_attr=dict(fontsize="18", color="#000000", penwidth="3", arrowsize="1.3"),
    styles={
        # Mid-tone fills with black text (contrast 6:1 or more) and dark,
        # thick borders: the shape still says the kind.
        "leaf": dict(fillcolor="#56B4E9", color="#004C80", penwidth="4"),
        "param": dict(fillcolor="#E69F00", color="#6B4200", penwidth="4"),
        "intermediate": dict(fillcolor="#D9D9D9", color="#222222", penwidth="3"),
        "output": dict(fillcolor="#3FBF95", color="#00513A", penwidth="4"),
        "no grad": dict(
            fillcolor="#FFFFFF", color="#444444", fontcolor="#111111", penwidth="3"
        ),
        "current": dict(fillcolor="#F0E442", color="#D55E00", penwidth="8"),
    },
    traversed=dict(color="#D55E00", fontcolor="#7A2E00", penwidth="5"),
    small_font=16,
    tiny_font=14,
    html_font_size="20px",
    button=("130px", "44px", "18px"),
    matplotlib_rc={
        "font.size": 16,
        "axes.titlesize": 18,
        "axes.labelsize": 16,
        "xtick.labelsize": 14,
        "ytick.labelsize": 14,
        "legend.fontsize": 13,
        "lines.linewidth": 3.0,
        "lines.markersize": 10,
        "axes.linewidth": 1.5,
        "grid.linewidth": 1.0,
        # Colour and line style change together: lines differ in print and
        # in grey, not by hue alone.
        "axes.prop_cycle": (
            "cycler(color=['#0072B2', '#D55E00', '#009E73', '#CC79A7', "
            "'#E69F00', '#56B4E9'], linestyle=['-', '--', '-.', ':', "
            "(0, (6, 2)), (0, (3, 1, 1, 1, 1, 1))])"
        ),
    },
    figure_scale=1.5,
    max_figure_width=12.5,  # 1200 CSS px
    legend_columns=3,
    fit_width=True,
)

THEMES = {theme.name: theme for theme in (DEFAULT, PRESENT)}

_current = DEFAULT
_watchers: weakref.WeakSet = weakref.WeakSet()


def available_themes() -> list[str]:
    """The names ``set_theme`` accepts."""
    return list(THEMES)


def get_theme() -> Theme:
    """The theme pictures are drawn with now."""
    return _current


def _lookup(name) -> Theme:
    if isinstance(name, Theme):
        return name
    if name not in THEMES:
        choices = ", ".join(repr(n) for n in THEMES)
        raise ValueError(f"unknown theme {name!r}: choose one of {choices}")
    return THEMES[name]


def set_theme(name: str) -> None:
    """Draw every picture from now on in the theme ``name``.

    Live graph views, steppers and gradient-flow plots redraw at once;
    static plots made earlier keep their look (run their cell again).
    ``get_theme()`` says which theme is in use.

    Args:
        name: ``"default"`` (a screen) or ``"present"`` (a projector).

    Raises:
        ValueError: ``name`` is not a theme; the message lists the choices.

    Example:
        >>> widgets.set_theme("present")   # doctest: +SKIP
    """
    global _current
    new = _lookup(name)
    previous, _current = _current, new
    if new is not previous:
        for widget in list(_watchers):
            if getattr(widget, "comm", True) is not None:  # closed: skip
                widget._on_theme_change()


@contextlib.contextmanager
def theme_context(name: str):
    """Use the theme ``name`` inside a ``with`` block only.

    Example:
        >>> with widgets.theme_context("present"):  # doctest: +SKIP
        ...     view.save("graph.png")
    """
    previous = get_theme()
    set_theme(name)
    try:
        yield get_theme()
    finally:
        set_theme(previous)


def watch(widget) -> None:
    """Call ``widget._on_theme_change()`` whenever the theme changes (held
    weakly: a dropped widget is forgotten)."""
    _watchers.add(widget)


def matplotlib_context(theme_: Theme | None = None):
    """A context in which matplotlib draws with the theme's rcParams."""
    chosen = theme_ or _current
    return matplotlib.rc_context(chosen.matplotlib_rc)


def themed_plot(function):
    """Decorator: make the figure inside ``matplotlib_context()``."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with matplotlib_context():
            return function(*args, **kwargs)

    return wrapper


def style_button(button, width: str | None = None) -> None:
    """Size a button (and its label, where ipywidgets 8 allows) for the theme.

    Args:
        button: an ``ipywidgets.Button``.
        width: a CSS width for a long label, instead of the theme's.
    """
    theme_width, height, font_size = _current.button
    button.layout.width = width or theme_width
    button.layout.height = height or None
    try:
        button.style.font_size = font_size or None
    except Exception:  # ipywidgets 7.7 styles have no font_size
        pass


# A Voila page for a projector: large text, small margins. Scoped to Voila's
# page (``#rendered_cells``), so a demo opened in JupyterLab leaves Lab's own
# look alone.
PROJECTOR_PAGE_CSS = """
#rendered_cells { padding: 6px 18px !important; }
#rendered_cells .jp-Cell { padding: 2px 4px; }
#rendered_cells .jp-RenderedMarkdown { font-size: 22px; line-height: 1.35; }
#rendered_cells .jp-RenderedMarkdown h1 { font-size: 32px; margin: 4px 0 8px; }
#rendered_cells .jp-RenderedMarkdown p { margin: 0 0 6px; }
#rendered_cells .jp-RenderedMarkdown code,
#rendered_cells .jp-RenderedMarkdown pre { font-size: 20px; }
#rendered_cells .jp-RenderedMarkdown details { margin: 0 0 4px; }
#rendered_cells .jp-OutputArea-output:has(> style:only-child) { display: none; }
"""


def projector_page():
    """The style a classroom demo shows in its hidden set-up cell: in Voila,
    text 22 px (32 px titles) and slim margins, so that a scene fits a
    1280 x 720 projector screen in type the back row reads.

    Returns:
        An ``IPython.display.HTML`` holding a ``<style>`` element.

    Example:
        >>> display(projector_page())   # doctest: +SKIP
    """
    from IPython.display import HTML

    return HTML(f"<style>{PROJECTOR_PAGE_CSS}</style>")
