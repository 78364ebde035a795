"""minigrad lab widgets: pictures of what minigrad's engine really does.

- ``draw_graph(loss, names=locals())``: the autograd graph as a
  ``graphviz.Digraph`` (``dot.py``), ``render_svg`` for its SVG.
- ``GraphView(loss)``: the live graph in a notebook (``graph_view.py``).
  Graphs are drawn in the browser by ``GraphCanvas`` (``canvas.py``: Graphviz
  in WebAssembly, no Graphviz program needed; hover, click, keyboard).
- ``BackwardStepper(loss)``: backward one engine step per click
  (``stepper.py`` over ``stepper_model.py``).
- Themes: ``set_theme("present")`` for a projector, ``set_theme("default")``
  back, ``theme_context("present")`` for a ``with`` block (``theme.py``).
- Export: ``GraphView.save`` and ``BackwardStepper.save`` write ``.svg`` or
  ``.png``; ``BackwardStepper.save_steps`` one numbered file per step.
- Plots: ``plot_grad_accumulation``, ``plot_gradcheck``,
  ``plot_gradcheck_eps``, ``gradcheck_figure`` (``plots.py``);
  ``GradientFlow`` and ``FunctionExplorer``, live (``live_plots.py``).

Everything reads minigrad through its public API only
(``minigrad.autograd.graph`` and ``minigrad.autograd.engine``).
"""

from ._render import GraphvizNotFound, render_svg
from .canvas import GraphCanvas
from .dot import draw_graph
from .graph_view import GraphView
from .live_plots import FunctionExplorer, GradientFlow, plot_function
from .plots import (
    gradcheck_figure,
    plot_grad_accumulation,
    plot_gradcheck,
    plot_gradcheck_eps,
)
from .stepper import BackwardStepper
from .stepper_model import StepperModel, StepRecord
from .theme import available_themes, get_theme, set_theme, theme_context

__all__ = [
    "BackwardStepper",
    "FunctionExplorer",
    "GraphCanvas",
    "GradientFlow",
    "GraphView",
    "GraphvizNotFound",
    "StepRecord",
    "StepperModel",
    "available_themes",
    "draw_graph",
    "get_theme",
    "gradcheck_figure",
    "plot_function",
    "plot_grad_accumulation",
    "plot_gradcheck",
    "plot_gradcheck_eps",
    "render_svg",
    "set_theme",
    "theme_context",
]
