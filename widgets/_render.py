"""Turning a ``graphviz.Digraph`` into SVG through Graphviz's real ``dot``.

One place that runs ``dot`` in the kernel, caches its answers (the DOT text
is deterministic, so the same picture is laid out once) and, when ``dot`` is
not installed, says how to install it instead of showing a traceback. It
serves what needs no browser: files (``write_picture``, for slides) and the
static copy kept in saved notebooks. Live widgets are drawn in the browser
(``canvas.py``), which reads layouts with ``parse_layout`` and
``choose_layout`` from here. Also a small helper to coalesce refreshes in a
running notebook. Read ``dot.py`` for what is drawn, ``graph_view.py`` for
where it is shown.
"""

from __future__ import annotations

import asyncio
import ctypes
import json
import re
import signal
import subprocess
import sys
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import graphviz

from .theme import get_theme

INSTALL_HINT = (
    "Graphviz's `dot` program was not found, so this picture cannot be made "
    "here (in a notebook the graph widgets draw in the browser without it; "
    "files written from a script need it). "
    "Install Graphviz and restart the kernel: `make setup` in minigrad lab, "
    "or `sudo apt-get install graphviz` (Debian, Ubuntu, Colab), "
    "`brew install graphviz` (macOS), `conda install -c conda-forge graphviz`, "
    "or the Windows installer from graphviz.org (add it to PATH). "
    "The Python package `graphviz` alone is not enough: it calls `dot`."
)


class GraphvizNotFound(RuntimeError):
    """Graphviz's ``dot`` is not installed; the message says how to install it."""


class GraphTooSlow(RuntimeError):
    """Graphviz took longer than ``DOT_TIMEOUT`` seconds; it was stopped."""


# The widgets catch these and show the message instead of a traceback.
DRAWING_FAILED = (GraphvizNotFound, GraphTooSlow)

DOT_TIMEOUT = 60.0  # seconds a layout may take before `dot` is stopped


def run_graphviz(source: str, format: str, engine: dict | None = None) -> bytes:
    """Run Graphviz on the DOT text ``source`` and return its output.

    The program is stopped, never left running: when it takes longer than
    ``DOT_TIMEOUT`` seconds, when the caller is interrupted (Jupyter's
    interrupt is a ``KeyboardInterrupt``), and, on Linux, when the kernel
    itself dies (the child asks the system to be killed with its parent).

    Args:
        source: DOT text.
        format: Graphviz's output format (``"svg"``, ``"png"``, ``"json0"``).
        engine: ``{"engine": "neato", "neato_no_op": 2}`` to draw at given
            places; default ``dot``.

    Returns:
        The output's bytes.

    Raises:
        GraphvizNotFound: the program is missing; the message says how to install it.
        GraphTooSlow: it took longer than ``DOT_TIMEOUT``; the message says
            how to draw a smaller picture.

    Example:
        >>> run_graphviz("digraph { a -> b }", "svg")[:4]   # doctest: +SKIP
        b'<?xm'
    """
    engine = engine or {}
    program = engine.get("engine", "dot")
    command = [program, f"-T{format}"]
    if engine.get("neato_no_op"):
        command.append(f"-n{engine['neato_no_op']}")
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            preexec_fn=_die_with_parent(),
        )
    except FileNotFoundError:
        raise GraphvizNotFound(INSTALL_HINT) from None
    try:
        out, err = process.communicate(source.encode("utf-8"), timeout=DOT_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise GraphTooSlow(
            f"Graphviz needed more than {DOT_TIMEOUT:g} s to lay this graph out "
            "and was stopped: draw fewer nodes (a smaller max_nodes groups "
            "them) or a smaller part of the computation"
        ) from None
    finally:
        # Interrupted, timed out or failed: the child must not run on.
        if process.poll() is None:
            process.kill()
            process.wait()
    if process.returncode != 0:
        raise RuntimeError(
            f"Graphviz's {program} failed: {err.decode('utf-8', 'replace').strip()}"
        )
    return out


def _die_with_parent():
    """A ``preexec_fn`` that has Linux kill the child when its parent dies
    (a killed kernel must not leave ``dot`` running), or None elsewhere."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
    except OSError:
        return None
    set_parent_death_signal = 1  # PR_SET_PDEATHSIG in <linux/prctl.h>

    def preexec():
        libc.prctl(set_parent_death_signal, int(signal.SIGKILL), 0, 0, 0)

    return preexec


_CACHE: OrderedDict[str, str] = OrderedDict()
_CACHE_SIZE = 128


def render_svg(digraph: graphviz.Digraph) -> str:
    """Lay out ``digraph`` with ``dot`` and return the SVG text.

    Args:
        digraph: a ``graphviz.Digraph`` (for example from ``draw_graph``).

    Returns:
        The SVG document as a string (starting at ``<svg``).

    Raises:
        GraphvizNotFound: ``dot`` is missing; the message says how to install it.

    Example:
        >>> svg = render_svg(draw_graph(loss))   # doctest: +SKIP
    """
    return _svg_of(chosen_source(digraph), _engine(digraph))


def chosen_source(digraph: graphviz.Digraph) -> str:
    """The DOT text to draw: ``digraph.source``, or for ``direction="auto"``
    the same laid out top to bottom when left to right is too wide to read
    and top to bottom fits better."""
    source = digraph.source
    if getattr(digraph, "auto_direction", False):
        wide = _scale(_svg_of(source, {}))
        if wide < KEEP_LR_SCALE:
            turned = top_to_bottom(source)
            if _scale(_svg_of(turned, {})) > wide:
                return turned
    return source


def _svg_of(source: str, engine: dict) -> str:
    key = source + repr(sorted(engine.items()))
    cached = _CACHE.get(key)
    if cached is not None:
        _CACHE.move_to_end(key)
        return cached
    svg = run_graphviz(source, "svg", engine).decode("utf-8")
    svg = svg[svg.find("<svg") :]
    _CACHE[key] = svg
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return svg


# A notebook's output area is about 1,100 px wide in a 1280 px window:
# 800 pt (Graphviz measures in points, 4/3 px each). A picture wider than
# that is scaled down to fit, but never below MIN_SCALE (10 pt text stays
# 9 px or more); past that the picture scrolls. A left-to-right picture that
# would need less than KEEP_LR_SCALE is laid out top to bottom if that
# fits better (``direction="auto"``).
FIT_WIDTH_PT = 800.0
MIN_SCALE = 0.7
KEEP_LR_SCALE = 0.85
_SIZE = re.compile(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"')


def svg_size(svg: str) -> tuple[float, float]:
    """``(width, height)`` of a Graphviz SVG, in points."""
    match = _SIZE.search(svg)
    return (float(match.group(1)), float(match.group(2))) if match else (0.0, 0.0)


def _scale(svg: str) -> float:
    width = svg_size(svg)[0]
    return min(1.0, FIT_WIDTH_PT / width) if width else 1.0


def top_to_bottom(source: str) -> str:
    """The same DOT text, laid out top to bottom."""
    return source.replace("rankdir=LR", "rankdir=TB", 1)


@dataclass
class Layout:
    """Where ``dot`` put everything of one picture, to draw later pictures of
    the same graph at the same places (the stepper's steps).

    Attributes:
        nodes: node key -> ``(pos, width, height)`` as Graphviz writes them
            (points, inches, inches).
        edges: ``(tail, head)`` -> the ``pos`` (spline) and ``lp`` (label
            place, or None) of each edge between them, in order.
        graph: the graph's ``bb`` and, if it has a label, ``lp``.
    """

    nodes: dict
    edges: dict
    graph: dict


_LAYOUTS: OrderedDict[str, Layout] = OrderedDict()


def layout_of(digraph: graphviz.Digraph) -> Layout:
    """Lay ``digraph`` out with ``dot`` once and return the positions.

    Args:
        digraph: the picture whose node and edge sizes to reserve (the
            stepper passes one whose labels are as wide as any step's).

    Returns:
        A ``Layout``; ``draw_graph(..., layout=...)`` draws at its places.

    Raises:
        GraphvizNotFound: ``dot`` is missing; the message says how to install it.
    """
    layout = _layout_of(digraph.source)
    if getattr(digraph, "auto_direction", False) and _bb_scale(layout) < KEEP_LR_SCALE:
        return choose_layout([layout, _layout_of(top_to_bottom(digraph.source))])
    return layout


def _bb_scale(layout: Layout) -> float:
    width = float(layout.graph["bb"].split(",")[2])
    return min(1.0, FIT_WIDTH_PT / width) if width else 1.0


def _layout_of(source: str) -> Layout:
    found = _LAYOUTS.get(source)
    if found is not None:
        return found
    layout = parse_layout(run_graphviz(source, "json0").decode("utf-8"))
    _LAYOUTS[source] = layout
    if len(_LAYOUTS) > _CACHE_SIZE:
        _LAYOUTS.popitem(last=False)
    return layout


def parse_layout(json0: str) -> Layout:
    """A ``Layout`` from Graphviz's ``json0`` output (the kernel's ``dot``
    writes it, and so does Graphviz in the browser for the stepper).

    Args:
        json0: the text of ``dot -Tjson0``.

    Returns:
        A ``Layout``.
    """
    data = json.loads(json0)
    objects = data.get("objects", [])
    nodes = {
        o["name"]: (o["pos"], o["width"], o["height"]) for o in objects if "pos" in o
    }
    edges: dict[tuple, list] = {}
    for edge in data.get("edges", []):
        pair = (objects[edge["tail"]]["name"], objects[edge["head"]]["name"])
        edges.setdefault(pair, []).append(
            (edge["pos"], edge.get("lp") or edge.get("xlp"))
        )
    graph = {key: data[key] for key in ("bb", "lp") if key in data}
    return Layout(nodes, edges, graph)


def choose_layout(layouts: list[Layout]) -> Layout:
    """The first layout (left to right), or the second (top to bottom) when
    the first is too wide to read and the second fits better: the rule of
    ``layout_of`` for ``direction="auto"``."""
    first = layouts[0]
    if len(layouts) > 1 and _bb_scale(first) < KEEP_LR_SCALE:
        if _bb_scale(layouts[1]) > _bb_scale(first):
            return layouts[1]
    return first


def _engine(digraph) -> dict:
    # A picture drawn at a Layout's places carries pos on every node and
    # edge; ``neato -n2`` draws them there instead of laying out again.
    # (Its warnings, e.g. a text a little wider than its room, are ignored.)
    if getattr(digraph, "pinned", False):
        return {"engine": "neato", "neato_no_op": 2}
    return {}


def render_png(digraph: graphviz.Digraph, scale: float = 2.0) -> bytes:
    """Lay out ``digraph`` with ``dot`` and return a PNG image.

    Args:
        digraph: a ``graphviz.Digraph``.
        scale: pixels per point relative to Graphviz's 96 dpi (2: sharp on
            slides and high-density screens).

    Returns:
        The PNG file's bytes.

    Raises:
        GraphvizNotFound: ``dot`` is missing; the message says how to install it.
    """
    source = chosen_source(digraph)
    sized = source.replace("{", f"{{\n\tdpi={96 * float(scale):g}", 1)
    return run_graphviz(sized, "png", _engine(digraph))


FORMATS = ("svg", "png")


def picture_format(path, format=None) -> str:
    """``"svg"`` or ``"png"``: ``format`` if given, else the file's suffix."""
    chosen = (format or Path(path).suffix.lstrip(".")).lower()
    if chosen not in FORMATS:
        raise ValueError(
            f"cannot tell how to save {str(path)!r}: name the file .svg or .png, "
            "or pass format='svg' or format='png'"
        )
    return chosen


def write_picture(
    digraph: graphviz.Digraph, path, format=None, scale: float = 2.0
) -> Path:
    """Save ``digraph``'s picture as an SVG or PNG file.

    Args:
        digraph: the picture (``draw_graph``'s result, a widget's ``picture()``).
        path: the file to write; its suffix picks the format.
        format: ``"svg"`` or ``"png"``, to override the suffix.
        scale: PNG resolution (see ``render_png``).

    Returns:
        The path written, as a ``Path``.
    """
    path = Path(path)
    if picture_format(path, format) == "png":
        path.write_bytes(render_png(digraph, scale))
    else:
        # The <svg> element alone: a complete document (the XML declaration
        # is optional), the same text a notebook shows.
        path.write_text(render_svg(digraph), encoding="utf-8")
    return path


def clear_cache() -> None:
    """Forget every rendered picture and layout (tests use it)."""
    _CACHE.clear()
    _LAYOUTS.clear()


def message_html(text: str) -> str:
    """A boxed message that reads in light and dark themes."""
    from ._format import esc

    return (
        '<div class="minigrad-message" style="border:2px solid #D55E00;'
        'padding:8px;border-radius:4px;max-width:60em">'
        f"<b>⚠ Cannot draw the graph.</b> {esc(text)}</div>"
    )


def svg_html(digraph: graphviz.Digraph) -> str:
    """HTML for a widget: the SVG, or the install message when ``dot`` is
    missing (never a traceback)."""
    try:
        svg = render_svg(digraph)
    except DRAWING_FAILED as error:
        return message_html(str(error))
    return fit_html(svg, getattr(digraph, "fit", True))


def fitted_svg(svg: str, fit: bool = True) -> str:
    """``svg`` drawn no wider than ``FIT_WIDTH_PT`` (about a notebook's output
    area), never below ``MIN_SCALE`` of its size.

    For the plain picture a notebook shows as ``image/svg+xml``: JupyterLab
    draws that at its own size, however wide, so the size is set here. (The
    widgets scale their SVG to the page in HTML instead: ``fit_html``.)

    Args:
        svg: a Graphviz SVG (its ``viewBox`` keeps the drawing whole).
        fit: False returns ``svg`` unchanged.

    Returns:
        The SVG with its ``width`` and ``height`` scaled down if needed.
    """
    width, height = svg_size(svg)
    if not fit or width <= FIT_WIDTH_PT:
        return svg
    scale = max(FIT_WIDTH_PT / width, MIN_SCALE)
    return _SIZE.sub(
        f'<svg width="{width * scale:.0f}pt" height="{height * scale:.0f}pt"',
        svg,
        count=1,
    )


def fit_html(svg: str, fit: bool = True) -> str:
    """HTML showing ``svg`` in the output area.

    Args:
        svg: a Graphviz SVG.
        fit: scale a picture wider than the output area down to fit, though
            never below ``MIN_SCALE`` of its size (the "present" theme's
            large text may shrink further); past that it scrolls. False:
            always at its own size, scrolling if wider.

    Returns:
        A ``<div class="minigrad-svg">`` holding the SVG.
    """
    if fit:
        width = svg_size(svg)[0]
        smallest = (
            ""
            if get_theme().fit_width or not width
            else f";min-width:{width * MIN_SCALE:.0f}pt"
        )
        style = f"max-width:100%;height:auto{smallest}"
        svg = svg.replace("<svg ", f'<svg style="{style}" ', 1)
    # It scrolls only by design: past the readable size, or when fit=False.
    return (
        '<div class="minigrad-svg minigrad-scroll-by-design" '
        f'style="overflow:auto;max-width:100%">{svg}</div>'
    )


def _kernel_loop():
    """The running event loop if we are inside a Jupyter kernel, else None."""
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    shell = get_ipython()
    if shell is None or getattr(shell, "kernel", None) is None:
        return None
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class Debouncer:
    """Run ``fn`` once after a burst of requests.

    In a notebook the kernel's event loop is running: ``request()`` then
    schedules ``fn`` for when the current cell or click handler ends, so a
    ``backward()`` of 100 steps, or a ``zero_grad()`` of 6 parameters,
    redraws once. Outside a kernel (tests, scripts) ``fn`` runs now, even
    where some other library keeps an event loop running (Playwright does).
    """

    def __init__(self, fn):
        self.fn = fn
        self.pending = False

    def request(self) -> None:
        """Ask for one call of ``fn`` (soon, or now if no loop is running)."""
        loop = _kernel_loop()
        if loop is None:
            self.fn()
            return
        if not self.pending:
            self.pending = True
            loop.call_soon(self._run)

    def _run(self) -> None:
        self.pending = False
        self.fn()
