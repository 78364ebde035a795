"""Drawing minigrad's autograd graph as a ``graphviz.Digraph``.

``draw_graph(loss)`` is pure: it reads the graph through
``minigrad.autograd.graph.walk`` and the tensors' public attributes, touches
nothing, and gives the same DOT text for the same graph (node ids follow the
order backward visits the nodes). Arrows point the way data flows forward;
backward runs against them. Large graphs are grouped by ``_collapse.py``.
``_render.py`` turns the result into SVG; ``graph_view.py`` and
``stepper.py`` show it live.
"""

from __future__ import annotations

from collections import Counter

import graphviz
import numpy as np

from minigrad.autograd.graph import walk

from . import _format as fmt
from ._collapse import Group, is_accumulate, plan_groups
from ._inputs import graph_roots
from ._render import (
    DRAWING_FAILED,
    Layout,
    fitted_svg,
    layout_of,
    render_svg,
    top_to_bottom,
)
from .theme import get_theme

CURRENT = "current"

# Fill and border colours (Okabe-Ito hues, light fills, dark text) on a
# white card, so they read in light and dark notebook themes alike. Colour
# is never the only signal: each kind also has its own shape and a label.
# These are the default theme's; theme.py's "present" merges its own over them.
STYLES = {
    fmt.LEAF: dict(
        shape="ellipse",
        style="filled,bold",
        fillcolor="#cfe8fc",
        color="#0072B2",
        penwidth="2",
    ),
    fmt.PARAM: dict(
        shape="ellipse",
        style="filled,bold",
        peripheries="2",
        fillcolor="#fde3c0",
        color="#A86A00",
        penwidth="1.5",
    ),
    fmt.INTERMEDIATE: dict(
        shape="box",
        style="filled,rounded",
        fillcolor="#ececec",
        color="#555555",
        penwidth="1",
    ),
    fmt.OUTPUT: dict(
        shape="box",
        style="filled,rounded",
        peripheries="2",
        fillcolor="#d4f1e4",
        color="#00805C",
        penwidth="1.5",
    ),
    fmt.NO_GRAD: dict(
        shape="box",
        style="dashed",
        fillcolor="#ffffff",
        color="#888888",
        fontcolor="#444444",
        penwidth="1",
    ),
    CURRENT: dict(fillcolor="#fff0a0", color="#D55E00", penwidth="4"),
}
GROUP_SHAPE = "box3d"
# Past this many nodes a picture is always grouped, whatever max_nodes says:
# Graphviz needs minutes for an ungrouped 10,000-node graph.
MAX_DRAWN_NODES = 1000
PAD = 0.06  # inches added to a pinned node (see _Drawer._node_place)
EDGE_COLOR = "#444444"
TRAVERSED = dict(color="#D55E00", fontcolor="#A04000", penwidth="2.5", style="bold")
LEGEND = [
    (fmt.LEAF, "leaf (ellipse)"),
    (fmt.PARAM, "param (double ellipse)"),
    (fmt.INTERMEDIATE, "op / intermediate (box)"),
    (fmt.OUTPUT, "output (double box)"),
    (fmt.NO_GRAD, "no grad (dashed)"),
    (CURRENT, "▶ now (thick border)"),
]


class GraphPicture(graphviz.Digraph):
    """A ``graphviz.Digraph`` that, shown in a notebook, is drawn by the
    browser (``canvas.GraphCanvas``: Graphviz in WebAssembly, so no Graphviz
    program is needed), with a static SVG beside it where ``dot`` is
    installed, for saved and exported notebooks.

    Attributes:
        drawn_nodes: DOT node id -> the graph node it shows (a ``Group`` for
            a grouped box, the tensor for a root without a graph, None for a
            constant), for the tooltips.
        graph, names: the graph and names it was drawn from.
    """

    fit = True  # scale down to the output area (see _render.fit_html)
    drawn_nodes: dict = {}
    graph = None
    names = None

    def _repr_mimebundle_(self, include=None, exclude=None, **_):
        from .canvas import GraphCanvas, node_details

        canvas = GraphCanvas()
        canvas.show(self, node_details(self, self.graph, self.names))
        data, metadata = canvas._repr_mimebundle_()
        data["text/plain"] = (
            f"<autograd graph of {len(self.drawn_nodes)} nodes: shown by the "
            "notebook's "
            "widget, or save it with write_picture>"
        )
        try:
            data["image/svg+xml"] = fitted_svg(render_svg(self), self.fit)
        except DRAWING_FAILED:
            pass  # no `dot` here: the browser draws it; no static copy
        return (data, metadata) if metadata else data


def draw_graph(
    *roots,
    names=None,
    show_values=True,
    show_grads=True,
    show_saved=False,
    direction="auto",
    max_nodes=150,
    highlight=None,
    visited=None,
    traversed=None,
    collapse=None,
    legend=True,
    graph=None,
    forward=None,
    layout=None,
    fit=True,
) -> GraphPicture:
    """Draw the autograd graph behind ``roots``.

    Args:
        *roots: output Tensors (or Nodes) whose graph to draw.
        names: where names come from: ``locals()``, a Module, or pairs like
            ``model.named_parameters()``; unnamed tensors show only their shape.
        show_values, show_grads, show_saved: what tensor rows to show.
        direction: ``"auto"`` (default): left to right, or top to bottom
            when that is too wide to read and top to bottom fits better;
            ``"LR"`` or ``"TB"`` (Graphviz's ``rankdir``) to choose.
        max_nodes: graphs with more autograd nodes are drawn grouped (by
            module, else in runs), and the picture says so. Past
            ``MAX_DRAWN_NODES`` (1,000) a graph is grouped in runs whatever
            ``max_nodes`` and ``collapse`` say, so drawing stays quick.
        highlight: the node under the stepper (a Node, a Tensor, or a list).
        visited: nodes backward has already run (marked ``✓``).
        traversed: ``(consumer_node, input_nr, text)`` triples: edges the
            gradient has already flowed along, labelled with ``text``.
        collapse: None groups only past ``max_nodes``; ``"module"`` or
            ``"runs"`` groups always in that way.
        legend: draw the legend of kinds under the graph.
        fit: shown in a notebook, draw a picture wider than the output area
            smaller to fit (never below 70 % of its size, so text stays
            readable); False shows it at its own size.
        graph: an already walked ``Graph`` of the roots (saves a walk).
        forward: a ``ForwardSnapshot`` of ``graph``: names and values are
            then read from it, as the forward pass left them, not from the
            tensors now (which a later ``backward()`` or a rebound name may
            have freed). The stepper passes one.
        layout: a ``Layout`` (from ``reserve_layout``): every node and edge
            is drawn at its place there, so the pictures of a stepper's
            steps differ only in styles and texts, never in positions.

    Returns:
        A ``graphviz.Digraph`` (a ``GraphPicture``); ``.source`` is the DOT
        text, ``render_svg(...)`` the picture.

    Raises:
        TypeError: a root is not a Tensor (a number, None, a string, a numpy
            array); the one-line message says what to pass. (``GraphView``
            and ``BackwardStepper`` show that line instead of raising.)
        ValueError: no root was given.

    Example:
        >>> x = minigrad.tensor(2.0, requires_grad=True)
        >>> loss = x * x + 1
        >>> print(draw_graph(loss, names=locals()).source)   # doctest: +SKIP
    """
    roots = graph_roots(roots, "draw_graph()", required=graph is None)
    if graph is None:
        with_graph = [r for r in roots if not fmt.is_tensor(r) or r.grad_fn is not None]
        graph = walk(*with_graph) if with_graph else None
    drawer = _Drawer(
        roots,
        graph,
        names,
        show_values,
        show_grads,
        show_saved,
        highlight,
        visited,
        traversed,
        forward,
    )
    drawer.layout = layout
    picture = drawer.draw(direction, max_nodes, collapse, legend)
    picture.fit = fit
    picture.graph, picture.names = graph, names
    return picture


def reserve_layout(
    *roots,
    names=None,
    show_values=True,
    show_grads=True,
    show_saved=False,
    direction="auto",
    max_nodes=150,
    collapse=None,
    legend=True,
    graph=None,
    forward=None,
    fit=True,
) -> Layout:
    """Lay out the graph once, with room for every step of a backward pass.

    Every node is laid out as if it were the current one (``▶ now``) with a
    gradient shown, and every edge as if a gradient had flowed along it, so
    the texts of any step fit at these places. ``draw_graph(...,
    layout=...)`` then draws each step there: nothing moves between steps.

    Args:
        *roots, names, ...: as ``draw_graph`` (``fit`` is not needed here).

    Returns:
        A ``Layout``.

    Raises:
        GraphvizNotFound: ``dot`` is missing; the message says how to install it.

    Example:
        >>> layout = reserve_layout(loss, names=locals())   # doctest: +SKIP
        >>> step_picture = draw_graph(loss, layout=layout)   # doctest: +SKIP
    """
    return layout_of(
        reserve_picture(
            *roots,
            names=names,
            show_values=show_values,
            show_grads=show_grads,
            show_saved=show_saved,
            direction=direction,
            max_nodes=max_nodes,
            collapse=collapse,
            legend=legend,
            graph=graph,
            forward=forward,
        )
    )


def reserve_picture(
    *roots,
    names=None,
    show_values=True,
    show_grads=True,
    show_saved=False,
    direction="auto",
    max_nodes=150,
    collapse=None,
    legend=True,
    graph=None,
    forward=None,
    fit=True,
) -> GraphPicture:
    """The picture ``reserve_layout`` lays out: every node as if it were the
    current one, every edge as if a gradient had flowed along it.

    The browser lays this one out for the stepper (``layout_sources`` gives
    its DOT texts); ``reserve_layout`` with Graphviz's ``dot`` in the kernel.

    Args:
        *roots, names, ...: as ``reserve_layout``.

    Returns:
        A ``GraphPicture`` (its ``auto_direction`` says whether top to bottom
        may be chosen instead).
    """
    roots = graph_roots(roots, "reserve_layout()", required=graph is None)
    if graph is None:
        graph = walk(
            *[r for r in roots if not fmt.is_tensor(r) or r.grad_fn is not None]
        )
    drawer = _Drawer(
        roots,
        graph,
        names,
        show_values,
        show_grads,
        show_saved,
        None,
        None,
        None,
        forward,
    )
    drawer.reserve = True
    return drawer.draw(direction, max_nodes, collapse, legend)


def layout_sources(picture: GraphPicture) -> list[str]:
    """The DOT texts to lay out for ``picture``: its own, and top to bottom
    too when ``direction="auto"`` may choose it (``choose_layout`` picks)."""
    if getattr(picture, "auto_direction", False):
        return [picture.source, top_to_bottom(picture.source)]
    return [picture.source]


def node_title(node, name=None) -> str:
    """How a node is called in menus: ``h = MulBackward0`` or
    ``AccumulateGrad → w``."""
    name = fmt.printable(name) if name else name
    if is_accumulate(node):
        return f"AccumulateGrad → {name or 'leaf'}"
    return f"{name} = {node.name()}" if name else node.name()


def dot_id_of(picture: GraphPicture, node) -> str:
    """The DOT node id that shows ``node`` in ``picture``: its own box, else
    the group box that holds it, else "".

    Example:
        >>> dot_id_of(draw_graph(loss), loss.grad_fn)   # doctest: +SKIP
        'n0'
    """
    for key, drawn in picture.drawn_nodes.items():
        if drawn is node:
            return key
    for key, drawn in picture.drawn_nodes.items():
        if node in getattr(drawn, "members", ()):
            return key
    return ""


class _Drawer:
    """Builds one picture; holds the options so helpers stay short."""

    def __init__(
        self,
        roots,
        graph,
        names,
        show_values,
        show_grads,
        show_saved,
        highlight,
        visited,
        traversed,
        forward=None,
    ):
        self.roots = [r for r in roots if fmt.is_tensor(r)]
        self.graph = graph
        self.nodes = list(graph.nodes) if graph is not None else []
        self.forward = forward
        self.names = (
            dict(forward.tensor_names) if forward is not None else fmt.name_map(names)
        )
        self.module_types = fmt.module_types(names)
        self.show_values, self.show_grads = show_values, show_grads
        self.show_saved = show_saved
        self.root_nodes = {id(r.grad_fn) for r in self.roots if r.grad_fn is not None}
        self.current = self._highlight_ids(highlight)
        self.visited = {id(n) for n in (visited or [])}
        self.traversed = {(id(n), nr): text for n, nr, text in (traversed or [])}
        self.theme = get_theme()
        self.dot = None
        self.layout = None  # a Layout to draw at (draw_graph's layout=)
        self.reserve = False  # True: lay out with room for any step's texts
        self._edges_drawn: dict[tuple, int] = {}

    def style(self, kind) -> dict:
        """The attributes of a kind of node in the current theme."""
        return self.theme.style(kind, STYLES[kind])

    def _highlight_ids(self, highlight) -> set:
        if highlight is None:
            return set()
        items = highlight if isinstance(highlight, (list, tuple, set)) else [highlight]
        ids = set()
        for item in items:
            if fmt.is_tensor(item):
                if item.grad_fn is not None:
                    ids.add(id(item.grad_fn))
                ids.update(
                    id(n) for n in self.nodes if is_accumulate(n) and n.variable is item
                )
            else:
                ids.add(id(item))
        return ids

    # -- the whole picture ------------------------------------------------
    def draw(self, direction, max_nodes, collapse, legend) -> GraphPicture:
        theme = self.theme
        self.dot = GraphPicture(
            graph_attr=dict(
                dict(
                    rankdir="LR" if direction == "auto" else direction,
                    bgcolor="white",
                    fontname="Helvetica",
                    fontsize="10",
                    nodesep="0.25",
                    ranksep="0.35",
                    pad="0.15",
                ),
                **theme.graph_attr,
            ),
            node_attr=dict(
                dict(fontname="Helvetica", fontsize="10", margin="0.06,0.03"),
                **theme.node_attr,
            ),
            edge_attr=dict(
                dict(
                    fontname="Helvetica",
                    fontsize="9",
                    color=EDGE_COLOR,
                    arrowsize="0.7",
                ),
                **theme.edge_attr,
            ),
        )
        self.dot.drawn_nodes = {}
        notice = None
        too_many = len(self.nodes) > MAX_DRAWN_NODES
        if too_many and not collapse:
            collapse = "runs"  # whatever max_nodes says: dot could take minutes
        if collapse or len(self.nodes) > max_nodes:
            by_module = {"module": True, "runs": False}.get(collapse)
            # A node kept apart because it is the current one would change
            # the groups at every step: with a layout, only the roots are.
            keep = self.root_nodes if self._fixed else self.root_nodes | self.current
            groups, how = plan_groups(
                self.graph, self._named_params(), keep, max_nodes, by_module
            )
            self._draw_groups(groups)
            notice = (
                f"{len(self.nodes)} autograd nodes (max_nodes={max_nodes}): "
                f"shown as {len(groups)} groups {how}"
            )
            if too_many:
                notice = (
                    f"{len(self.nodes)} autograd nodes: more than "
                    f"{MAX_DRAWN_NODES} cannot be laid out in good time, so "
                    f"they are shown as {len(groups)} groups {how}"
                )
        else:
            self._draw_all()
        self._draw_lonely_roots()
        if legend or notice:
            self.dot.attr(
                label=self._legend_label(notice, legend), labelloc="b", labeljust="l"
            )
        if self.layout is not None:
            self.dot.attr(**self.layout.graph)
            self.dot.pinned = True
        else:
            self.dot.auto_direction = direction == "auto"
        return self.dot

    @property
    def _fixed(self) -> bool:
        return self.layout is not None or self.reserve

    def _named_params(self) -> dict:
        params = {}
        for node in self.nodes:
            if is_accumulate(node) and id(node.variable) in self.names:
                params[id(node.variable)] = self.names[id(node.variable)]
        return params

    def _draw_all(self):
        keys = {id(n): f"n{i}" for i, n in enumerate(self.nodes)}
        for i, node in enumerate(self.nodes):
            self._draw_node(keys[id(node)], node, f"t{i}")
        for i, node in enumerate(self.nodes):
            for nr, (producer, _) in enumerate(node.next_functions):
                if producer is None:
                    self._draw_constant(f"c{i}_{nr}", keys[id(node)])
                elif id(producer) in keys:
                    text = (
                        _placeholder(self._shape_of(producer))
                        if self.reserve
                        else self.traversed.get((id(node), nr))
                    )
                    self._edge(keys[id(producer)], keys[id(node)], text)

    def _draw_lonely_roots(self):
        # Roots without a graph: a leaf, or a tensor that needs no grad.
        for i, root in enumerate(self.roots):
            if root.grad_fn is None and not any(
                is_accumulate(n) and n.variable is root for n in self.nodes
            ):
                self._tensor_node(f"r{i}", root, tag_output=True)
                self.dot.drawn_nodes[f"r{i}"] = root

    # -- single nodes -----------------------------------------------------
    def _draw_node(self, key, node, tensor_key):
        self.dot.drawn_nodes[key] = node
        if is_accumulate(node):
            self.dot.drawn_nodes[tensor_key] = node
            leaf = node.variable
            self._tensor_node(tensor_key, leaf, node=node)
            rows = [self._title_row(node, "AccumulateGrad", small=True)]
            self._node(key, rows, fmt.INTERMEDIATE, node)
            self.dot.edge(
                tensor_key,
                key,
                dir="none",
                style="dotted",
                color=self.style(fmt.LEAF)["color"],
                **self._edge_place(tensor_key, key, False),
            )
            return
        tensor = self.graph.tensor_of(node)
        if self.forward is not None:
            name = self.forward.name(node)
        else:
            name = self.names.get(id(tensor)) if tensor is not None else None
        kind = fmt.OUTPUT if id(node) in self.root_nodes else fmt.INTERMEDIATE
        title = node.name() + (" · output" if kind == fmt.OUTPUT else "")
        rows = [self._title_row(node, title)]
        if tensor is not None or self._remembered(node):
            rows += self._tensor_rows(tensor, name, node)
        if self.show_saved:
            rows.append(self._saved_row(node))
        self._node(key, rows, kind, node)

    def _tensor_node(self, key, tensor, tag_output=False, node=None):
        name = self.names.get(id(tensor))
        if not tensor.requires_grad:
            kind, tag = fmt.NO_GRAD, "no grad"
        elif fmt.is_parameter(tensor):
            kind, tag = fmt.PARAM, "param"
        else:
            kind, tag = fmt.LEAF, "leaf"
        if tag_output:
            tag += " · output"
        rows = [f"<B>{fmt.esc(name or 'tensor')}</B> <I>{tag}</I>"]
        rows += self._tensor_rows(tensor, None, node)
        self._node(key, rows, kind, None)

    def _remembered(self, node) -> bool:
        return (
            self.forward is not None
            and node is not None
            and self.forward.has_value(node)
        )

    def _tensor_rows(self, tensor, name, node=None) -> list[str]:
        # The value as the forward pass left it, if a snapshot was taken;
        # the gradient is always the one now (the stepper sets it).
        value = (
            self.forward.value(node) if self._remembered(node) else fmt.to_numpy(tensor)
        )
        # A no-break space: Graphviz drops a plain one after a closing tag.
        head = f"<B>{fmt.esc(name)}</B>&#160;" if name else ""
        rows = [head + fmt.esc(fmt.shape_text(np.shape(value)))]
        if self.show_values:
            rows.append("value " + fmt.esc(fmt.summary(value)))
        if self.show_grads and tensor is not None:
            grad = fmt.read_grad(tensor)
            if self.reserve and tensor.is_leaf:
                rows.append("grad " + fmt.esc(_placeholder(np.shape(value))))
            elif grad is not None or tensor.is_leaf:
                rows.append("grad " + fmt.esc(fmt.summary(grad)))
        return rows

    def _shape_of(self, node) -> tuple:
        # The shape of what a node produced: the gradient it gets has it too.
        if self._remembered(node):
            return np.shape(self.forward.value(node))
        tensor = self.graph.tensor_of(node)
        return tuple(tensor.shape) if tensor is not None else ()

    def _saved_row(self, node) -> str:
        if getattr(node, "released", False):
            return "<I>saved: freed</I>"
        arrays = node.saved_arrays()
        if not arrays:
            return "<I>saved: nothing</I>"
        shown = [
            fmt.summary(a) if np.size(a) <= 4 else fmt.shape_text(np.shape(a))
            for a in arrays
        ]
        return "saved: " + fmt.esc(", ".join(shown))

    def _title_row(self, node, title, small=False) -> str:
        text = f"<B>{fmt.esc(title)}</B>"
        if small:
            text = f'<FONT POINT-SIZE="{self.theme.small_font}">{text}</FONT>'
        if self.reserve:
            text = "▶ now " + text  # room for either mark (✓ is narrower)
        elif id(node) in self.current:
            text = "▶ now " + text
        elif id(node) in self.visited:
            text += " ✓"
        return text

    def _node(self, key, rows, kind, node):
        attrs = self.style(kind)
        if node is not None and id(node) in self.current:
            attrs.update(self.style(CURRENT))
        attrs.update(self._node_place(key))
        self.dot.node(key, label=_table(rows), **attrs)

    def _draw_constant(self, key, consumer_key):
        small = f'<FONT POINT-SIZE="{self.theme.tiny_font}">no grad</FONT>'
        self.dot.drawn_nodes[key] = None
        attrs = dict(self.style(fmt.NO_GRAD), height="0.2")
        attrs.update(self._node_place(key))
        self.dot.node(key, label=_table([small]), **attrs)
        self._edge(key, consumer_key, None, style="dashed")

    def _edge(self, src, dst, text, **extra):
        attrs = dict(extra)
        if text is not None:
            attrs.update(TRAVERSED, **self.theme.traversed, label=fmt.esc(text))
        attrs.update(self._edge_place(src, dst, "label" in attrs))
        self.dot.edge(src, dst, **attrs)

    # -- drawing at a layout's places -------------------------------------
    def _node_place(self, key) -> dict:
        if self.layout is None or key not in self.layout.nodes:
            return {}
        pos, width, height = self.layout.nodes[key]
        # A little more than dot measured: the current node's thick border
        # takes some of the room inside.
        return dict(
            pos=f"{pos}!",
            width=f"{float(width) + PAD:.4f}",
            height=f"{float(height) + PAD:.4f}",
            fixedsize="true",
        )

    def _edge_place(self, src, dst, labelled) -> dict:
        if self.layout is None:
            return {}
        k = self._edges_drawn.get((src, dst), 0)
        self._edges_drawn[(src, dst)] = k + 1
        places = self.layout.edges.get((src, dst), [])
        if k >= len(places):
            return {}
        pos, label_place = places[k]
        return dict(
            pos=pos, **({"lp": label_place} if labelled and label_place else {})
        )

    # -- grouped pictures -------------------------------------------------
    def _draw_groups(self, groups: list[Group]):
        key_of = {}
        for group in groups:
            for node in group.members:
                key_of[id(node)] = group.key
        index = {id(n): i for i, n in enumerate(self.nodes)}
        for group in groups:
            if len(group.members) == 1 and group.module is None:
                node = group.members[0]
                self._draw_node(group.key, node, f"t{index[id(node)]}")
            else:
                self._group_node(group)
        seen: dict[tuple, list] = {}
        for node in self.nodes:
            for nr, (producer, _) in enumerate(node.next_functions):
                if producer is None or key_of[id(producer)] == key_of[id(node)]:
                    continue
                pair = (key_of[id(producer)], key_of[id(node)])
                text = (
                    _placeholder(self._shape_of(producer))
                    if self.reserve
                    else self.traversed.get((id(node), nr))
                )
                seen.setdefault(pair, []).append(text)
        for (src, dst), flows in seen.items():
            count = f"×{len(flows)}" if len(flows) > 1 else None
            texts = [t for t in flows if t is not None]
            if self.reserve:
                self._edge(src, dst, count or texts[0])
            elif texts:
                self._edge(src, dst, count or texts[0])
            else:
                self._edge(src, dst, None, **({"label": count} if count else {}))

    def _group_node(self, group: Group):
        self.dot.drawn_nodes[group.key] = group
        members = group.members
        kind = (
            fmt.OUTPUT
            if any(id(n) in self.root_nodes for n in members)
            else fmt.INTERMEDIATE
        )
        title = group.title
        if group.module is not None and group.module in self.module_types:
            title += f": {self.module_types[group.module]}"
        ops = Counter(n.name() for n in members if not is_accumulate(n))
        top = sorted(ops.items(), key=lambda kv: (-kv[1], kv[0]))
        rows = [
            f"<B>{fmt.esc(title)}</B>",
            fmt.esc(f"{sum(ops.values())} ops:" if ops else "no ops"),
        ]
        rows += [fmt.esc(f"{name} ×{k}" if k > 1 else name) for name, k in top[:3]]
        if len(top) > 3:
            rows.append(fmt.esc(f"{len(top) - 3} more kinds"))
        leaves = [n.variable for n in members if is_accumulate(n)]
        rows += self._group_leaf_rows(leaves)
        now = [n for n in members if id(n) in self.current]
        if self.reserve:
            widest = max((n.name() for n in members), key=len)
            rows.insert(0, "▶ now: " + fmt.esc(widest))
        elif now:
            rows.insert(0, "▶ now: " + fmt.esc(now[0].name()))
        elif self.layout is not None:
            rows.insert(0, " ")  # the place of the "▶ now" row, kept
        done = sum(id(n) in self.visited for n in members)
        if done or self._fixed:
            rows.append(fmt.esc(f"✓ {done}/{len(members)} run"))
        attrs = dict(self.style(kind), shape=GROUP_SHAPE, style="filled")
        if now:
            attrs.update(self.style(CURRENT))
        attrs.update(self._node_place(group.key))
        self.dot.node(group.key, label=_table(rows), **attrs)

    def _group_leaf_rows(self, leaves) -> list[str]:
        named = [(self.names[id(t)], t) for t in leaves if id(t) in self.names]
        rows = []
        for name, tensor in named[:4]:
            text = f"{name} {fmt.shape_text(tensor.shape)}"
            grad = fmt.read_grad(tensor) if self.show_grads else None
            if self.reserve and self.show_grads:
                text += " ‖grad‖ -0.0000"
            elif grad is not None:
                text += f" ‖grad‖ {fmt.number(np.linalg.norm(grad))}"
            rows.append(fmt.esc(text))
        others = len(leaves) - len(rows)
        if others:
            rows.append(fmt.esc(f"{others} more leaves"))
        return rows

    def _legend_label(self, notice, legend) -> str:
        rows = []
        columns = min(self.theme.legend_columns, len(LEGEND))
        if notice:
            rows.append(
                f'<TR><TD COLSPAN="{columns}" ALIGN="LEFT"><B>'
                f"⚠ {fmt.esc(notice)}</B></TD></TR>"
            )
        if legend:
            cells = [
                f'<TD BGCOLOR="{self.style(kind)["fillcolor"]}" '
                f'COLOR="{self.style(kind)["color"]}" BORDER="1">{fmt.esc(text)}</TD>'
                for kind, text in LEGEND
            ]
            rows += [
                "<TR>" + "".join(cells[i : i + columns]) + "</TR>"
                for i in range(0, len(cells), columns)
            ]
        return (
            '<<TABLE BORDER="0" CELLSPACING="3" CELLPADDING="2">'
            + "".join(rows)
            + "</TABLE>>"
        )


def _placeholder(shape) -> str:
    """Text as wide as a gradient of ``shape`` usually reads (``summary``),
    to reserve its room in a layout."""
    size = int(np.prod(shape)) if shape else 1
    if size == 1:
        return "-0.0000"
    if len(shape) == 1 and size <= 4:
        return "[" + ", ".join(["-0.000"] * size) + "]"
    return "min -0.0000, max -0.0000"


def _table(rows: list[str]) -> str:
    body = "".join(f"<TR><TD>{row}</TD></TR>" for row in rows)
    return (
        '<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">'
        f"{body}</TABLE>>"
    )
