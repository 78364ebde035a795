"""``GraphView``: the live computational graph in a notebook.

Shows ``draw_graph``'s picture, drawn by the browser (``canvas.py``: Graphviz
in WebAssembly, no Graphviz program needed), and redraws it when gradients
change: it listens to the core through
``minigrad.autograd.graph.add_grad_listener`` (after ``backward()``,
``zero_grad()``, a stepper step). Hovering a node shows its value, grad,
shape and saved tensors; clicking it, or picking it in the dropdown, selects
it: its details (with the formula) appear below and it is highlighted.
"""

from __future__ import annotations

import weakref

import ipywidgets as w

from minigrad.autograd.graph import add_grad_listener, walk

from . import _format as fmt
from . import theme
from ._inputs import graph_roots, no_graph_note
from ._render import Debouncer, _kernel_loop, message_html
from ._static import GraphPicture, close_parts
from .canvas import GraphCanvas, node_details, node_rows
from .dot import dot_id_of, draw_graph, node_title


class GraphView(GraphPicture, w.VBox):
    """The live graph of ``root`` (and any further roots).

    Args:
        root: the output Tensor (e.g. the loss), or a list of them.
        *more_roots: more outputs to draw in the same picture.
        names: names to show: ``locals()``, a Module or named pairs; read
            again at every redraw, so new names appear.
        auto_refresh: redraw when gradients change (default True). Only the
            ``MAX_LIVE_VIEWS`` newest views do: re-running a notebook cell
            leaves the old view alive, and it should not keep redrawing.
        **draw_options: passed to ``draw_graph`` (``show_saved``,
            ``max_nodes``, ``direction``, ...).

    Attributes:
        canvas: the ``GraphCanvas`` that draws the picture in the browser
            (its ``dot``, ``selected`` and ``drawn_count`` traits).
        node_select: the dropdown of nodes, in sync with clicks on the
            picture.
        svg: the picture as SVG (see ``GraphPicture.svg``).

    Example:
        >>> view = GraphView(loss, names=locals())   # doctest: +SKIP
        >>> loss.backward()                          # the view redraws
    """

    def __init__(
        self, root, *more_roots, names=None, auto_refresh=True, **draw_options
    ):
        self.error = None  # the one-line message shown instead of a picture
        try:
            self.roots = graph_roots((root, *more_roots), "GraphView()")
        except (TypeError, ValueError) as error:
            self.roots, self.error = [], str(error)
        self.names = fmt.keep_names(names)
        self.draw_options = draw_options
        with_graph = [
            r for r in self.roots if not fmt.is_tensor(r) or r.grad_fn is not None
        ]
        self.graph = walk(*with_graph) if with_graph else None
        self.nodes = list(self.graph.nodes) if self.graph is not None else []
        self.note = no_graph_note(self.roots) if self.roots else None
        self.redraws = 0  # how many times the picture was drawn (tests read it)
        self.shown = None  # the picture the canvas shows now
        # A message instead of the picture (a wrong argument, a closed view).
        self.picture_html = w.HTML()
        self.picture_html.add_class("minigrad-graphview-message")
        self.canvas = GraphCanvas()
        self.canvas.add_class("minigrad-graphview-svg")
        self.canvas.observe(self._on_canvas_select, names="selected")
        self._syncing = False
        self.node_select = w.Dropdown(
            options=[("(none)", -1)], value=-1, description="node"
        )
        self.node_select.add_class("minigrad-graphview-select")
        self.details_html = w.HTML()
        self.details_html.add_class("minigrad-graphview-details")
        self.refresh_button = w.Button(
            description="Refresh", tooltip="Redraw now", layout=w.Layout(width="90px")
        )
        self.refresh_button.add_class("minigrad-graphview-refresh")
        self.refresh_button.on_click(self._on_refresh_click)
        self.node_select.observe(self._on_select, names="value")
        super().__init__(
            children=[
                self.picture_html,
                self.canvas,
                w.HBox([self.node_select, self.refresh_button]),
                self.details_html,
            ]
        )
        self.add_class("minigrad-graphview")
        self.debouncer = Debouncer(self._refresh_if_changed)
        self.in_kernel = _kernel_loop() is not None  # made in a running notebook
        self.listener = None
        self._grads_seen = self._grad_state()
        if auto_refresh and self.error is None:
            self.listener = add_grad_listener(_weak_listener(self))
            _listening_views.append(weakref.ref(self))
            _retire_old_views()
        theme.watch(self)
        self.refresh()

    @property
    def selected(self):
        """The node picked in the dropdown, or None."""
        index = self.node_select.value
        return self.nodes[index] if index is not None and index >= 0 else None

    def picture(self):
        """The graph as it is now, as a ``graphviz.Digraph``.

        Raises:
            RuntimeError: the view was closed, or was given no tensor to draw.
        """
        if self.error is not None:
            raise RuntimeError(f"nothing to draw: {self.error}")
        return draw_graph(
            *self.roots,
            names=self.names,
            graph=self.graph,
            highlight=self.selected,
            **self.draw_options,
        )

    def shown_picture(self):
        """The picture last drawn (``picture()`` when ``refresh()`` ran)."""
        return self.shown if self.shown is not None else self.picture()

    def refresh(self) -> None:
        """Redraw the picture, the node list and the details now."""
        if self.error is not None:
            self.picture_html.value = message_html(self.error)
            self.details_html.value = ""
            self.canvas.layout.display = "none"
            self.shown = None
            return
        self.redraws += 1
        theme.style_button(self.refresh_button)
        digraph = self.picture()
        self.shown = digraph
        self.canvas.show(digraph, node_details(digraph, self.graph, self.names))
        self._update_options()
        self._show_selection()
        self.details_html.value = theme.get_theme().wrap_html(self._details())
        self._grads_seen = self._grad_state()

    def _show_selection(self) -> None:
        # The dropdown's node, selected in the picture too.
        node = self.selected
        key = ""
        if node is not None and self.shown is not None:
            key = dot_id_of(self.shown, node)
        self._syncing = True
        try:
            self.canvas.selected = key
        finally:
            self._syncing = False

    def _on_canvas_select(self, change) -> None:
        # A click on the picture: the dropdown follows (and redraws).
        if self._syncing or self.shown is None:
            return
        drawn = self.shown.drawn_nodes.get(change["new"])
        index = next((i for i, n in enumerate(self.nodes) if n is drawn), -1)
        if index >= 0 and self.node_select.value != index:
            self.node_select.value = index

    def _on_refresh_click(self, _button) -> None:
        self.refresh()

    def _on_select(self, _change) -> None:
        self.refresh()

    def _on_theme_change(self) -> None:
        self.refresh()

    def on_grad_event(self, event: str) -> None:
        """Called by the core when gradients change: redraw if this view's
        gradients changed.

        The engine reports every step of every ``backward()`` in the process.
        In a notebook the redraw waits until the cell (or click) ends, so a
        whole ``backward()`` redraws once; outside a kernel (scripts, tests)
        the steps are skipped and the view redraws when ``backward()``
        finishes (``"backward"``) or a ``.grad`` is reset. Either way it
        redraws only if a ``.grad`` of its own leaves changed, never for an
        unrelated graph.
        """
        if event == "step" and not self.in_kernel:
            return  # the cheap way out: backward() calls this at every step
        if _kernel_loop() is not None:
            self.debouncer.request()
        elif event != "step":
            self._refresh_if_changed()

    def _refresh_if_changed(self) -> None:
        if self.error is None and not _same_grads(self._grads_seen, self._grad_state()):
            self.refresh()

    def _grad_state(self) -> list:
        # Which .grad each leaf holds now, and its version (an in-place
        # accumulation bumps it): weak references, so nothing is kept alive.
        if self.graph is None:
            leaves = [r for r in self.roots if fmt.is_tensor(r) and r.is_leaf]
        else:
            leaves = self.graph.leaves
        state = []
        for leaf in leaves:
            grad = leaf.grad
            state.append(None if grad is None else (weakref.ref(grad), grad._version))
        return state

    def stop_listening(self) -> None:
        """Stop redrawing by itself (``refresh()`` still redraws)."""
        if self.listener is not None:
            self.listener.remove()
            self.listener = None

    def close(self) -> None:
        """Stop listening, close every part of the widget and let the graph go.

        After ``close()`` the view keeps no reference to the tensors, the
        graph or the names, so ``del loss`` frees their memory.
        """
        self.stop_listening()
        self.refresh_button.on_click(self._on_refresh_click, remove=True)
        self.node_select.unobserve_all()
        if self.canvas is not None:  # None: only an error was shown
            self.canvas.unobserve_all()
        close_parts(self)
        super().close()
        self.roots, self.graph, self.nodes, self.names = [], None, [], None
        self.shown = None
        self._grads_seen = []
        self.error = "this GraphView was closed; make a new one"

    # -- node list and details ----------------------------------------------
    def _update_options(self) -> None:
        names = fmt.name_map(self.names)
        options = [("(none)", -1)] + [
            (f"{i}: {node_title(n, self._name(n, names))}", i)
            for i, n in enumerate(self.nodes)
        ]
        if list(self.node_select.options) != options:
            value = self.node_select.value
            self.node_select.options = options
            self.node_select.value = value if value is not None else -1

    def _name(self, node, names):
        tensor = self.graph.tensor_of(node)
        return names.get(id(tensor)) if tensor is not None else None

    def _details(self) -> str:
        node = self.selected
        if node is None and self.note is not None:
            return f"<i>{fmt.esc(self.note)}</i>"
        if node is None:
            return "<i>Pick a node to see its value, gradient and formula.</i>"
        rows = node_rows(self.graph, node, fmt.name_map(self.names))
        body = "".join(
            f"<tr><th style='text-align:left;padding-right:8px'>"
            f"{fmt.esc(k)}</th><td><pre style='margin:0'>{fmt.esc(v)}"
            f"</pre></td></tr>"
            for k, v in rows
        )
        return f"<table>{body}</table>"


MAX_LIVE_VIEWS = 8
_listening_views: list = []


def _retire_old_views() -> None:
    alive = [
        ref
        for ref in _listening_views
        if ref() is not None and ref().listener is not None
    ]
    for ref in alive[:-MAX_LIVE_VIEWS]:
        ref().stop_listening()
    _listening_views[:] = alive[-MAX_LIVE_VIEWS:]


def grads_changed() -> None:
    """Tell the live views that ``.grad`` values may have changed (the
    stepper calls it after each of its steps); each redraws if its own did."""
    for ref in list(_listening_views):
        view = ref()
        if view is not None and view.listener is not None:
            view.on_grad_event("grads_changed")


def _same_grads(before: list, now: list) -> bool:
    if len(before) != len(now):
        return False
    for old, new in zip(before, now):
        if old is None or new is None:
            if old is not new:
                return False
        elif old[0]() is not new[0]() or old[1] != new[1]:
            return False
    return True


def _weak_listener(view):
    # The core keeps the listener; a weak reference lets a dropped view go.
    ref = weakref.ref(view)

    def listener(event):
        target = ref()
        if target is not None:
            target.on_grad_event(event)

    return listener
