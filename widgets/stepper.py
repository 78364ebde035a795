"""``BackwardStepper``: watch the real engine run backward, node by node.

A thin ipywidgets composite over ``StepperModel`` (``stepper_model.py``):
Reset / Prev / Next buttons, Play with a speed, a step slider, the graph
with the current node highlighted and the traversed edges marked, the chain
rule at that node with real numbers, and the leaves' ``.grad`` so far.
Everything a button does goes through the model, so tests drive it with
``button.click()``.

The graph is drawn by the browser (``canvas.py``): it lays the graph out
once, with room for every step's texts (``dot.reserve_picture``), sends the
places back, and each step is then drawn at those places, so nothing moves;
colours and borders change with a short animation. Clicking a node jumps to
the step where it runs.
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as w

from . import _format as fmt
from . import theme
from ._collapse import Group
from ._inputs import graph_roots
from ._render import (
    DRAWING_FAILED,
    choose_layout,
    message_html,
    parse_layout,
    picture_format,
    write_picture,
)
from ._static import GraphPicture, close_parts
from .canvas import GraphCanvas, fit_options, node_details
from .dot import (
    dot_id_of,
    draw_graph,
    layout_sources,
    reserve_layout,
    reserve_picture,
)
from .graph_view import grads_changed
from .stepper_model import StepperModel

SPEEDS = [("0.5×", 1600), ("1×", 800), ("2×", 400), ("4×", 200)]


class BackwardStepper(GraphPicture, w.VBox):
    """Step through ``backward()`` of a loss, one engine step per click.

    Args:
        loss_or_outputs: a scalar loss, or a list of outputs (then pass
            ``grad_tensors``).
        grad_tensors: starting gradients, as ``backward(gradient=...)``.
        names: names to show: ``locals()``, a Module, or named pairs.
        max_nodes: larger graphs are drawn grouped.
        collapse: how to group the picture: ``"auto"`` (default) groups by
            module when ``names`` is an nn Module, else only past
            ``max_nodes``; ``"module"``, ``"runs"`` or None as ``draw_graph``.
        show_values, show_saved, direction, fit: passed to ``draw_graph``.
            ``direction`` stays ``"LR"`` by default: a stepper's graph is
            scaled to the page (``fit``), and top to bottom would push the
            chain-rule panel out of sight. ``fit=False``: its own size.
        model: a ready model to show instead of a ``StepperModel`` of
            ``loss_or_outputs`` (``scalar_engine.EngineStepperModel``).

    Attributes:
        model: the ``StepperModel`` (history, position, ``explain()``).
        next_button, prev_button, reset_button, play, speed, slider: controls.
        canvas: the ``GraphCanvas`` that draws the graph in the browser;
            clicking a node there (its ``selected``) jumps to its step.

    Example:
        >>> stepper = BackwardStepper(loss, names=locals())   # doctest: +SKIP
        >>> stepper                                           # doctest: +SKIP
    """

    def __init__(
        self,
        loss_or_outputs,
        grad_tensors=None,
        names=None,
        max_nodes=150,
        collapse="auto",
        show_values=True,
        show_saved=False,
        direction="LR",
        fit=True,
        model=None,
    ):
        if collapse == "auto":
            collapse = "module" if fmt.is_module(names) else None
        names = fmt.keep_names(names)
        self.error = None  # the one-line message shown instead of the stepper
        # `model`: one made elsewhere (scalar_engine.py steps a student's engine).
        if model is None:
            try:
                model = StepperModel(
                    _stepper_outputs(loss_or_outputs),
                    grad_tensors=grad_tensors,
                    names=names,
                )
            except (TypeError, ValueError, RuntimeError) as error:
                self._show_error_only(str(error))
                return
        self.model = model
        self.draw_options = dict(
            names=names,
            max_nodes=max_nodes,
            collapse=collapse,
            show_values=show_values,
            show_saved=show_saved,
            direction=direction,
            fit=fit,
        )
        self.reset_button = _button("↺ Reset", "Back to before step 1", "reset")
        self.prev_button = _button("◀ Prev", "Undo the last step", "prev")
        self.next_button = _button("Next ▶", "Run the engine's next step", "next")
        self.play = w.Play(
            value=0,
            min=0,
            max=self.model.total,
            step=1,
            interval=800,
            description="Play",
        )
        self.play.add_class("minigrad-stepper-play")
        self.speed = w.Dropdown(
            options=SPEEDS,
            value=800,
            description="speed",
            layout=w.Layout(width="150px"),
        )
        self.slider = w.IntSlider(
            value=0,
            min=0,
            max=self.model.total,
            description="step",
            continuous_update=False,
        )
        self.slider.add_class("minigrad-stepper-slider")
        self.status = w.HTML()
        self.canvas = GraphCanvas()
        self.canvas.add_class("minigrad-stepper-graph")
        self.canvas.observe(self._on_layouts, names="layouts_for")
        self.canvas.observe(self._on_canvas_select, names="selected")
        self.shown = None  # the picture the canvas shows now
        self._browser_layout = None  # (layout_request, Layout) from the browser
        self._reserved = None  # (theme, DOT texts the browser lays out)
        self.chain_html = _html("minigrad-stepper-chain")
        self.leaves_html = _html("minigrad-stepper-leaves")
        self._layout = None  # (theme, Layout) from the kernel's dot, for files
        self._syncing = False
        self.reset_button.on_click(lambda _: self._act(self.model.reset))
        self.prev_button.on_click(lambda _: self._act(self.model.prev))
        self.next_button.on_click(lambda _: self._act(self.model.next))
        self.slider.observe(self._on_position, names="value")
        self.play.observe(self._on_position, names="value")
        self.speed.observe(self._on_speed, names="value")
        super().__init__(
            children=[
                w.HBox(
                    [
                        self.reset_button,
                        self.prev_button,
                        self.next_button,
                        self.play,
                        self.speed,
                    ]
                ),
                w.HBox([self.slider, self.status]),
                self.canvas,
                w.HBox([self.chain_html, self.leaves_html]),
            ]
        )
        self.add_class("minigrad-stepper")
        theme.watch(self)
        self.update()

    def _show_error_only(self, message: str) -> None:
        # A wrong argument: one line saying what and what to pass instead,
        # not a traceback in the middle of a lesson.
        self.error = message
        self.model = None
        self.status = w.HTML(message_html(message))
        self.status.add_class("minigrad-stepper-error")
        super().__init__(children=[self.status])
        self.add_class("minigrad-stepper")

    def close(self) -> None:
        """Close every part of the widget and let the graph go.

        After ``close()`` the stepper keeps no reference to the tensors, the
        graph or the names, so ``del loss`` frees their memory.
        """
        if self.canvas is not None:  # None: only an error was shown
            self.canvas.unobserve_all()
        close_parts(self)
        super().close()
        self.model = None
        self._layout = self._browser_layout = self._reserved = self.shown = None
        self.draw_options = {}
        self.error = "this BackwardStepper was closed; make a new one"

    # -- events -----------------------------------------------------------
    def _act(self, action, *args) -> None:
        # A button's error would vanish into the notebook's log: show it.
        try:
            action(*args)
        except Exception as error:
            self.update()
            self.status.value = _error_html(error)
            return
        finally:
            # The steps changed the leaves' .grad: live GraphViews redraw
            # (the engine's own "step" events do so only in a kernel).
            grads_changed()
        self.update()

    def _on_position(self, change) -> None:
        if not self._syncing:
            self._act(self.model.goto, change["new"])

    def _on_speed(self, change) -> None:
        self.play.interval = change["new"]

    def _on_layouts(self, _change) -> None:
        # The browser laid the graph out: draw the step at its places.
        if self.error is None:
            self._draw_canvas()

    def _on_canvas_select(self, change) -> None:
        # A node clicked in the picture: go to the step where it runs.
        if self.error is not None or self.shown is None or self._syncing:
            return
        drawn = self.shown.drawn_nodes.get(change["new"])
        if isinstance(drawn, Group):
            nodes = list(drawn.members)
        elif drawn is None or fmt.is_tensor(drawn):
            return  # a constant or a tensor without a graph never runs
        else:
            nodes = [drawn]
        self._act(self.jump_to, nodes)

    def jump_to(self, nodes) -> None:
        """Go to the step where one of ``nodes`` runs (the first such step),
        running the engine as far as needed; stay put if none of them runs.

        Args:
            nodes: graph nodes (a list), or one node.

        Example:
            >>> stepper.jump_to(loss.grad_fn)   # doctest: +SKIP
        """
        wanted = {id(n) for n in (nodes if isinstance(nodes, list) else [nodes])}
        model = self.model
        for k, record in enumerate(model.history):
            if id(record.node) in wanted:
                model.goto(k + 1)
                return
        start = model.position
        model.goto(len(model.history))
        while not model.at_end:
            record = model.next()
            if record is None:
                break
            if id(record.node) in wanted:
                return
        model.goto(start)

    # -- drawing ----------------------------------------------------------
    def picture(self, layout=None):
        """The graph at the current step as a ``graphviz.Digraph``.

        Args:
            layout: the places to draw at; default ``layout()`` (made by
                Graphviz's ``dot`` in the kernel, for files).

        Raises:
            RuntimeError: the stepper was closed or given no graph to step.
        """
        if self.error is not None:
            raise RuntimeError(f"nothing to draw: {self.error}")
        model = self.model
        current = model.current
        return draw_graph(
            *model.outputs,
            graph=model.graph,
            forward=model.forward,
            highlight=current.node if current else None,
            visited=model.visited(),
            traversed=model.traversed(),
            layout=layout or self.layout(),
            **self.draw_options,
        )

    def layout(self):
        """Where every node is drawn in saved files, the same at every step
        (a ``Layout`` made by the kernel's ``dot`` once per theme; None when
        Graphviz is missing). The browser makes its own (``canvas``)."""
        look = theme.get_theme()
        if self._layout is not None and self._layout[0] is look:
            return self._layout[1]
        try:
            layout = reserve_layout(
                *self.model.outputs,
                graph=self.model.graph,
                forward=self.model.forward,
                **self.draw_options,
            )
        except DRAWING_FAILED:
            return None
        self._layout = (look, layout)
        return layout

    def _draw_canvas(self) -> None:
        # Ask the browser for the places once per theme; once it answered,
        # send the step drawn at them (Graphviz's nop2 draws it there).
        look = theme.get_theme()
        if self._reserved is None or self._reserved[0] is not look:
            reserve = reserve_picture(
                *self.model.outputs,
                graph=self.model.graph,
                forward=self.model.forward,
                **self.draw_options,
            )
            self._reserved = (look, layout_sources(reserve))
        self.canvas.options = fit_options(self.draw_options["fit"])
        self.canvas.request_layouts(self._reserved[1])
        if not self.canvas.has_layouts:
            return  # drawn when the browser sends the places (_on_layouts)
        request = self.canvas.layout_request
        if self._browser_layout is None or self._browser_layout[0] != request:
            layout = choose_layout([parse_layout(t) for t in self.canvas.layouts])
            self._browser_layout = (request, layout)
        digraph = self.picture(layout=self._browser_layout[1])
        self.shown = digraph
        names = self.draw_options.get("names")
        details = node_details(
            digraph, self.model.graph, names, forward=self.model.forward
        )
        self.canvas.show(digraph, details)
        # The selection follows the step: the node that runs now is the one
        # a screen reader hears about (the canvas's live region).
        current = self.model.current
        key = dot_id_of(digraph, current.node) if current is not None else ""
        self._syncing = True
        try:
            self.canvas.selected = key
        finally:
            self._syncing = False

    def update(self) -> None:
        """Redraw everything from the model (buttons call it for you)."""
        if self.error is not None:
            return
        model = self.model
        self._syncing = True
        try:
            for control in (self.slider, self.play):
                control.max = max(model.total, 1)
                control.value = model.position
        finally:
            self._syncing = False
        self.prev_button.disabled = self.reset_button.disabled = model.at_start
        self.next_button.disabled = model.at_end
        look = theme.get_theme()
        for button in (self.reset_button, self.prev_button, self.next_button):
            theme.style_button(button)
        self.status.value = look.wrap_html(self._status_text())
        self._draw_canvas()
        self.chain_html.value = look.wrap_html(_lines_html(model.explain()))
        self.leaves_html.value = look.wrap_html(_leaves_html(model.leaf_grads()))

    def _on_theme_change(self) -> None:
        if self.error is None:
            self.update()

    def _status_text(self) -> str:
        model = self.model
        if model.error is not None and model.at_end:
            return _error_html(model.error)
        if model.at_end:
            text = (
                f"finished: {model.position} steps; the leaves now hold what "
                "backward() gives"
            )
        elif model.at_start:
            text = f"ready: {model.total} steps to go. Press Next."
        else:
            text = f"step {model.position} of {model.total}: {model.current.name}"
        return f'<span class="minigrad-stepper-status">{fmt.esc(text)}</span>'

    # -- pictures for slides (save and to_svg come from GraphPicture) ------
    def save_steps(self, folder, format="svg", prefix="step", scale=2.0) -> list[Path]:
        """Save the graph at every step as numbered files, one slide each.

        ``<prefix>_00`` is the graph before step 1, ``<prefix>_01`` after
        step 1, and so on to the last step (numbers zero-padded so the files
        sort in order). The stepper returns to the step it showed.

        Args:
            folder: where to write (created if missing).
            format: ``"svg"`` or ``"png"``.
            scale: PNG resolution, relative to 96 dpi.

        Returns:
            The paths written, in step order.

        Example:
            >>> with widgets.theme_context("present"):        # doctest: +SKIP
            ...     stepper.save_steps("slides", format="png")
        """
        format = picture_format(f"x.{format}")
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        model = self.model
        shown = model.position
        pictures = []
        try:
            model.reset()
            pictures.append(self.picture())
            while not model.at_end:
                try:
                    model.next()
                except Exception:
                    # The engine failed at this step: the slides stop at the
                    # step before, as the stepper does.
                    break
                pictures.append(self.picture())
        finally:
            model.goto(shown)
            self.update()
        width = max(2, len(str(len(pictures) - 1)))
        return [
            write_picture(
                picture, folder / f"{prefix}_{k:0{width}d}.{format}", format, scale
            )
            for k, picture in enumerate(pictures)
        ]


def _stepper_outputs(loss_or_outputs) -> list:
    outputs = graph_roots((loss_or_outputs,), "BackwardStepper()")
    for out in outputs:
        if not fmt.is_tensor(out):
            raise TypeError(
                "BackwardStepper() steps the backward pass of tensors (e.g. the "
                f"loss), but got a graph node {out.name()}; pass the tensor"
            )
    return outputs


def _button(text, tooltip, name) -> w.Button:
    button = w.Button(description=text, tooltip=tooltip, layout=w.Layout(width="90px"))
    button.add_class(f"minigrad-stepper-{name}")
    return button


def _html(css_class) -> w.HTML:
    # An HTML part, named by a CSS class for tests and styles.
    html = w.HTML()
    html.add_class(css_class)
    return html


def _error_html(error) -> str:
    return (
        f'<span class="minigrad-stepper-status" style="color:#D55E00">'
        f"⚠ {fmt.esc(type(error).__name__)}: {fmt.esc(error)}</span>"
    )


def _lines_html(lines) -> str:
    body = "".join(f"<div>{fmt.esc(line)}</div>" for line in lines)
    return (
        '<div style="font-family:monospace;white-space:pre-wrap;'
        f'padding:4px 12px 4px 0;max-width:48em">{body}</div>'
    )


def _leaves_html(rows) -> str:
    cells = []
    for name, leaf, grad, changed in rows[:12]:
        mark = " ◀ updated" if changed else ""
        style = ' style="font-weight:bold"' if changed else ""
        cells.append(
            f"<tr{style}><td>{fmt.esc(name)}</td>"
            f"<td>{fmt.esc(fmt.shape_text(leaf.shape))}</td>"
            f"<td>{fmt.esc(fmt.summary(grad))}{mark}</td></tr>"
        )
    if len(rows) > 12:
        cells.append(f"<tr><td colspan=3>… {len(rows) - 12} more leaves</td></tr>")
    return (
        '<table style="font-family:monospace"><tr><th>leaf</th><th>shape</th>'
        "<th>.grad so far</th></tr>" + "".join(cells) + "</table>"
    )
