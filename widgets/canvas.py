"""``GraphCanvas``: the graph drawn in the browser, no Graphviz program needed.

The kernel makes the DOT text (``dot.py``, the single source of what is
drawn); this widget hands it to the browser, where Graphviz compiled to
WebAssembly lays it out and draws it (``js/graph_canvas.js``, bundled with
``@viz-js/viz`` from npm into ``static/graph_canvas.js`` when the package is
built). Hovering a node shows its details, clicking (or Enter on a node
reached with Tab) selects it, and the selection comes back to Python.
``GraphView``, ``BackwardStepper`` and ``draw_graph``'s notebook display all
draw through it. The DOM it makes is described in ``js/CONTRACT.md``.
"""

from __future__ import annotations

import base64
import html
import json
import re
from pathlib import Path

import anywidget
import ipywidgets
import numpy as np
import traitlets as t

from . import _format as fmt
from ._collapse import Group, is_accumulate
from ._render import (
    DRAWING_FAILED,
    FIT_WIDTH_PT,
    KEEP_LR_SCALE,
    MIN_SCALE,
    chosen_source,
    top_to_bottom,
)
from .theme import get_theme

STATIC = Path(__file__).parent / "static"
BUNDLE = STATIC / "graph_canvas.js"  # the canvas, sent with every graph widget
GRAPHVIZ_BUNDLE = STATIC / "graphviz.js"  # Graphviz in WebAssembly, once a page

NOT_BUILT = (
    "The browser code of minigrad lab's graph widgets was not built "
    "(widgets/static/graph_canvas.js or graphviz.js is missing). In a clone, "
    "run `make setup`, or `npm ci && npm run build` (needs Node.js and npm); "
    "or install a wheel built where npm is (README: Without make)."
)


def _esm() -> str:
    # The bundle, or a tiny module that says how to build it (in the page,
    # where the student looks), instead of a blank space.
    if BUNDLE.exists() and GRAPHVIZ_BUNDLE.exists():
        return BUNDLE.read_text(encoding="utf-8")
    message = json.dumps(NOT_BUILT)
    return (
        "export default { render({ el }) {"
        " const root = document.createElement('div');"
        " root.className = 'mg-graph-canvas';"
        " root.setAttribute('data-state', 'error');"
        " const box = document.createElement('div');"
        " box.className = 'mg-graph-error';"
        f" box.textContent = {message};"
        " root.appendChild(box); el.appendChild(root); } };"
    )


class GraphvizCode(anywidget.AnyWidget):
    """Graphviz in WebAssembly (``static/graphviz.js``, 1.5 MB) as a widget
    model of its own: every ``GraphCanvas`` of a kernel refers to the same
    one, so a page receives the code once, not once per graph. It is never
    shown; its browser side (the canvas's module) starts loading Graphviz as
    soon as the code reaches the page, and lays out a small graph while the
    page is idle, so the first graph is drawn by warm code.

    Attributes:
        code: the ES module's text (it exports ``instance``).
    """

    _esm = _esm()
    code = t.Unicode("").tag(sync=True)


_shared_code: GraphvizCode | None = None


def graphviz_code() -> GraphvizCode:
    """The kernel's one ``GraphvizCode`` (made again if it was closed)."""
    global _shared_code
    if _shared_code is None or _shared_code.comm is None:
        _shared_code = GraphvizCode(code=GRAPHVIZ_BUNDLE.read_text(encoding="utf-8"))
    return _shared_code


def _in_kernel() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


# In a Jupyter kernel, Graphviz goes to the page when ``widgets`` is
# imported (a lesson's first cells), not with the first graph: the page
# loads and warms it up while the student reads on.
if GRAPHVIZ_BUNDLE.exists() and _in_kernel():
    graphviz_code()


class GraphCanvas(anywidget.AnyWidget):
    """Draws DOT text in the browser with Graphviz in WebAssembly.

    Set ``dot`` (or call ``show(picture)``) and the browser draws it; every
    view of the widget draws it again when it changes.

    Attributes (traits, synced with the browser):
        graphviz: the kernel's shared ``GraphvizCode`` (the page loads
            Graphviz from it once).
        dot: the DOT text to draw ("" draws nothing yet).
        turned_dot: the same picture top to bottom, to use when left to right
            is too wide (``direction="auto"``); "" to always use ``dot``.
        engine: ``"dot"`` to lay out, ``"nop2"`` to draw at the places the
            DOT gives (the stepper's pinned steps).
        options: how to fit the picture to the page.
        details: DOT node id -> ``{"label": ..., "rows": [[name, text], ...]}``
            for the tooltip, the nodes' ``aria-label`` and the live region.
        selected: the DOT node id of the selected node ("" for none); the
            browser sets it when a node is clicked.
        layout_dots: pictures to lay out only (json0 comes back in
            ``layouts``); ``layout_request`` numbers each request and the
            browser answers it in ``layouts_for``.
        revision: numbers each ``dot``; the browser answers with
            ``drawn_revision``, ``svg`` (what it drew) and ``drawn_count``
            (how many times it drew), or ``render_error``.

    Example:
        >>> canvas = GraphCanvas()                       # doctest: +SKIP
        >>> canvas.show(draw_graph(loss, names=locals()))  # doctest: +SKIP
        >>> canvas                                       # doctest: +SKIP
    """

    _esm = _esm()

    graphviz = t.Instance(GraphvizCode, allow_none=True).tag(
        sync=True, **ipywidgets.widget_serialization
    )
    dot = t.Unicode("").tag(sync=True)
    turned_dot = t.Unicode("").tag(sync=True)
    engine = t.Unicode("dot").tag(sync=True)
    options = t.Dict().tag(sync=True)
    details = t.Dict().tag(sync=True)
    selected = t.Unicode("").tag(sync=True)
    layout_dots = t.List(t.Unicode()).tag(sync=True)
    layout_request = t.Int(0).tag(sync=True)
    layouts = t.List(t.Unicode()).tag(sync=True)
    layouts_for = t.Int(-1).tag(sync=True)
    revision = t.Int(0).tag(sync=True)
    drawn_revision = t.Int(-1).tag(sync=True)
    drawn_count = t.Int(0).tag(sync=True)
    svg = t.Unicode("").tag(sync=True)
    render_error = t.Unicode("").tag(sync=True)

    def __init__(self, **kwargs):
        kwargs.setdefault("options", fit_options(True))
        if GRAPHVIZ_BUNDLE.exists():
            kwargs.setdefault("graphviz", graphviz_code())
        super().__init__(**kwargs)
        self._png_waiting: dict[int, Path] = {}  # request number -> file
        self._png_requests = 0
        self.on_msg(self._on_browser_message)

    @classmethod
    def of(cls, picture) -> "GraphCanvas":
        """A new canvas that draws ``picture``, with its tooltips: a widget
        to put in a layout (an ``ipywidgets.HBox`` of two graphs, ...).

        Args:
            picture: ``draw_graph``'s result.

        Returns:
            The ``GraphCanvas``; the browser draws it (no Graphviz program
            needed in the kernel).

        Example:
            >>> row = ipywidgets.HBox(                     # doctest: +SKIP
            ...     [GraphCanvas.of(draw_graph(a)), GraphCanvas.of(draw_graph(b))]
            ... )
        """
        canvas = cls()
        canvas.show(
            picture,
            node_details(picture, picture.graph, getattr(picture, "names", None)),
        )
        return canvas

    def show(self, picture, details=None) -> None:
        """Draw ``picture`` (a ``graphviz.Digraph`` from ``draw_graph``).

        Args:
            picture: the picture; its DOT text is what the browser draws.
            details: the tooltip texts (``node_details``); None keeps them.
        """
        auto = getattr(picture, "auto_direction", False)
        source = picture.source
        if auto:
            # Where the kernel has `dot`, it picks the direction (the same
            # layouts its static copy needs, cached); elsewhere a clear case
            # is told from the picture's size estimate. Either way the
            # browser then lays out one picture, not two.
            try:
                source, auto = chosen_source(picture), False
            except DRAWING_FAILED:
                likely = likely_direction(source)
                if likely is not None:
                    auto = False
                    source = top_to_bottom(source) if likely == "TB" else source
        with self.hold_sync():
            if details is not None:
                self.details = details
            self.options = fit_options(getattr(picture, "fit", True))
            self.engine = "nop2" if getattr(picture, "pinned", False) else "dot"
            self.turned_dot = top_to_bottom(source) if auto else ""
            self.revision += 1
            self.dot = source

    def request_layouts(self, sources: list[str]) -> None:
        """Ask the browser to lay out ``sources`` (answered in ``layouts``)."""
        if list(self.layout_dots) == list(sources):
            return
        with self.hold_sync():
            self.layout_request += 1
            self.layout_dots = list(sources)

    @property
    def has_layouts(self) -> bool:
        """True once the browser answered the latest ``request_layouts``."""
        return bool(self.layout_dots) and self.layouts_for == self.layout_request

    @property
    def drawn_svg(self) -> str:
        """The SVG the browser drew of the current ``dot``, or "" if it has
        not drawn it (yet, or no browser shows the widget)."""
        return self.svg if self.drawn_revision == self.revision else ""

    # -- PNG for save() when the kernel has no Graphviz ---------------------
    def request_png(self, path, scale: float = 2.0) -> None:
        """Ask the browser for a PNG of what it drew; it is written to
        ``path`` when the browser answers (after the running cell ends)."""
        self._png_requests += 1
        request = self._png_requests
        self._png_waiting[request] = Path(path)
        self.send({"type": "png", "request": request, "scale": scale})

    def _on_browser_message(self, _widget, content, _buffers) -> None:
        if not isinstance(content, dict) or content.get("type") != "png":
            return
        path = self._png_waiting.pop(content.get("request"), None)
        if path is not None and content.get("data"):
            path.write_bytes(base64.b64decode(content["data"]))


def fit_options(fit: bool) -> dict:
    """How the browser fits a picture to the page, as ``_render.fit_html``
    does in the kernel: no wider than the output area, never below
    ``MIN_SCALE`` (unless the theme shrinks to fit); ``fit=False``: its own
    size."""
    return {
        "fit": bool(fit),
        "shrink": bool(get_theme().fit_width),
        "min_scale": MIN_SCALE,
        "fit_width_pt": FIT_WIDTH_PT,
        "keep_lr_scale": KEEP_LR_SCALE,
    }


# -- direction="auto" without Graphviz in the kernel ---------------------------

_NODE_LABEL = re.compile(r"^\t(\w+) \[label=<(<TABLE.*?</TABLE>)>(.*)$", re.M)
_EDGE = re.compile(r"^\t(\w+) -> (\w+)", re.M)
_ROW = re.compile(r"<TR>(.*?)</TR>")
_TAG = re.compile(r"<[^>]+>")
_FONT_SIZE = re.compile(r"^\tnode \[.*?fontsize=([\d.]+)", re.M)
_RANKSEP_PT, _NODESEP_PT = 0.35 * 72, 0.25 * 72  # dot.py's graph attributes


def likely_direction(source: str) -> str | None:
    """``"LR"`` or ``"TB"`` where the choice of ``direction="auto"`` is clear
    from an estimate of the picture's size, else None (then the browser
    lays out both and applies ``_render.chosen_source``'s rule).

    The estimate: ranks are the longest paths along the edges; a node is as
    wide as its longest label row (0.6 em a character), an ellipse 1.45
    times that. Left to right is kept when its estimate is under 80 % of
    the width it may have; top to bottom is taken when left to right is
    more than twice that width and top to bottom half as wide or less.

    Args:
        source: DOT text made by ``draw_graph`` with ``rankdir=LR``.

    Returns:
        ``"LR"``, ``"TB"`` or None.
    """
    size = _FONT_SIZE.search(source)
    em = float(size.group(1)) if size else 10.0
    widths = {}
    for key, label, rest in _NODE_LABEL.findall(source):
        rows = [html.unescape(_TAG.sub("", row)) for row in _ROW.findall(label)]
        width = max((len(row) for row in rows), default=1) * 0.6 * em + 10
        widths[key] = width * (1.45 if "shape=ellipse" in rest else 1.0)
    ranks = _ranks(list(widths), _EDGE.findall(source))
    if ranks is None:
        return None
    by_rank: dict[int, list[float]] = {}
    for key, rank in ranks.items():
        by_rank.setdefault(rank, []).append(widths[key])
    left_to_right = sum(max(ws) for ws in by_rank.values())
    left_to_right += _RANKSEP_PT * (len(by_rank) - 1)
    top_to_bottom_ = max(
        sum(ws) + _NODESEP_PT * (len(ws) - 1) for ws in by_rank.values()
    )
    room = FIT_WIDTH_PT / KEEP_LR_SCALE
    if left_to_right < 0.8 * room:
        return "LR"
    if left_to_right > 2 * room and top_to_bottom_ < 0.5 * left_to_right:
        return "TB"
    return None


def _ranks(keys: list[str], edges: list[tuple[str, str]]) -> dict | None:
    # Longest path from the sources (Kahn's order); None if not a DAG.
    rank = dict.fromkeys(keys, 0)
    indegree = dict.fromkeys(keys, 0)
    after: dict[str, list[str]] = {key: [] for key in keys}
    for tail, head in edges:
        if tail in rank and head in rank:
            after[tail].append(head)
            indegree[head] += 1
    ready = [key for key in keys if indegree[key] == 0]
    done = 0
    while ready:
        key = ready.pop()
        done += 1
        for head in after[key]:
            rank[head] = max(rank[head], rank[key] + 1)
            indegree[head] -= 1
            if indegree[head] == 0:
                ready.append(head)
    return rank if done == len(keys) else None


# -- what a node holds, for the tooltip, the details panel and screen readers


def node_rows(graph, node, names: dict, forward=None) -> list[tuple[str, str]]:
    """The details of one graph node as ``(name, text)`` rows.

    ``GraphView``'s details panel and every canvas tooltip show these rows.

    Args:
        graph: the walked graph (``minigrad.autograd.graph.walk``).
        node: one of ``graph.nodes``.
        names: ``id(tensor) -> name`` (``_format.name_map``).
        forward: a ``ForwardSnapshot`` (the stepper's): a tensor freed since
            the forward pass shows the value it had then.

    Returns:
        Rows: node, tensor or leaf name, formula, shape, dtype, value, grad,
        next_functions, saved.

    Example:
        >>> node_rows(walk(loss), loss.grad_fn, {})[0]   # doctest: +SKIP
        ('node', 'AddBackward0')
    """
    tensor = graph.tensor_of(node)
    rows = [("node", node.name())]
    if is_accumulate(node):
        rows.append(("leaf", names.get(id(tensor), "unnamed")))
    elif tensor is not None and id(tensor) in names:
        rows.append(("tensor", names[id(tensor)]))
    rows.append(("formula", formula_of(graph, node, names) or "-"))
    if tensor is not None:
        rows += [
            ("shape", fmt.shape_text(tensor.shape)),
            ("dtype", str(tensor.dtype)),
            ("value", full_text(fmt.to_numpy(tensor))),
        ]
        grad = fmt.read_grad(tensor)
        if tensor.is_leaf or grad is not None:
            rows.append(("grad", full_text(grad)))
    elif forward is not None and forward.has_value(node):
        value = forward.value(node)
        name = forward.name(node)
        rows += [("tensor", name)] if name else []
        rows += [
            ("shape", fmt.shape_text(np.shape(value))),
            ("value", full_text(value) + "  (as the forward pass left it)"),
        ]
    else:
        rows.append(("tensor", "freed (not kept alive by the graph)"))
    inputs = [
        fn.name() if fn is not None else "None (no grad)"
        for fn, _ in node.next_functions
    ]
    rows.append(("next_functions", ", ".join(inputs) or "none"))
    rows.append(("saved", saved_text(node)))
    return rows


def formula_of(graph, node, names: dict) -> str:
    """The node's local derivative in the graph's own names (``∂(w*x)/∂w =
    x``), as the stepper says it."""

    def name_of(fn):
        tensor = graph.tensor_of(fn)
        return names.get(id(tensor)) if tensor is not None else None

    inputs = [
        fmt.NO_GRAD_INPUT if fn is None else name_of(fn)
        for fn, _ in node.next_functions
    ]
    return fmt.named_formula(getattr(node, "formula", ""), inputs, set(names.values()))


def saved_text(node) -> str:
    """What ``node`` saved for backward: shapes and a summary of each array."""
    if getattr(node, "released", False):
        return "freed by backward() (use retain_graph=True to keep it)"
    saved_arrays = getattr(node, "saved_arrays", None)
    arrays = saved_arrays() if saved_arrays is not None else []
    if not arrays:
        return "nothing"
    return "\n".join(f"{fmt.shape_text(np.shape(a))}: {fmt.summary(a)}" for a in arrays)


def full_text(array) -> str:
    """An array as text, whole up to 60 numbers, 4 decimals."""
    if array is None:
        return "None"
    return np.array2string(
        np.asarray(array), precision=4, threshold=60, suppress_small=True
    )


def node_details(picture, graph, names=None, title=None, forward=None) -> dict:
    """The tooltip texts of every node drawn in ``picture``.

    Args:
        picture: ``draw_graph``'s result (it records which graph node each
            DOT node id shows, in ``drawn_nodes``).
        graph: the walked graph the picture was drawn from.
        names: where names come from, as ``draw_graph``'s ``names``.
        title: ``node -> menu title`` (default ``dot.node_title``).
        forward: a ``ForwardSnapshot``, as ``node_rows`` takes it.

    Returns:
        ``{dot_id: {"label": ..., "rows": [[name, text], ...]}}``.
    """
    from .dot import node_title

    title = title or node_title
    name_map = fmt.name_map(names)
    details = {}
    for key, drawn in getattr(picture, "drawn_nodes", {}).items():
        if isinstance(drawn, Group):
            ops = [n.name() for n in drawn.members if not is_accumulate(n)]
            label = drawn.title or f"{len(drawn.members)} nodes"
            rows = [("nodes", str(len(drawn.members))), ("ops", ", ".join(ops[:8]))]
            if len(ops) > 8:
                rows[-1] = ("ops", ", ".join(ops[:8]) + f", … {len(ops) - 8} more")
        elif fmt.is_tensor(drawn):
            name = name_map.get(id(drawn), "tensor")
            label = f"{name} (no graph)"
            rows = [
                ("shape", fmt.shape_text(drawn.shape)),
                ("value", full_text(fmt.to_numpy(drawn))),
            ]
        elif drawn is None:
            label, rows = "constant (no grad)", []
        else:
            tensor = graph.tensor_of(drawn)
            name = name_map.get(id(tensor)) if tensor is not None else None
            if name is None and forward is not None:
                name = forward.name(drawn)
            label = title(drawn, name)
            rows = node_rows(graph, drawn, name_map, forward)
        details[key] = {"label": label, "rows": [list(row) for row in rows]}
    return details
