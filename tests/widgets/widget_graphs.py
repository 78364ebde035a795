"""Known graphs for the widget tests (imported by name; see conftest.py)."""

import minigrad
import minigrad.nn as nn


def scalar_graph():
    """``loss = 2 * (x*y + x**2) + 1`` at x=2, y=3: dloss/dx = 14, dloss/dy = 4."""
    x = minigrad.tensor(2.0, requires_grad=True)
    y = minigrad.tensor(3.0, requires_grad=True)
    z = x * y + x**2
    loss = 2 * z + 1
    return dict(x=x, y=y, z=z, loss=loss)


def make_mlp(seed=0):
    """The MLP 10-50-20-1 with a mean-squared-error loss on a fixed batch."""
    minigrad.manual_seed(seed)
    model = nn.Sequential(
        nn.Linear(10, 50), nn.ReLU(), nn.Linear(50, 20), nn.ReLU(), nn.Linear(20, 1)
    )
    x = minigrad.randn(8, 10)
    target = minigrad.randn(8, 1)
    loss = nn.MSELoss()(model(x), target)
    return model, loss


def chain_graph(n_nodes):
    """A scalar graph with exactly ``n_nodes`` autograd nodes: one leaf,
    then alternating ``* 1.01`` and ``tanh``."""
    x = minigrad.tensor(0.5, requires_grad=True)
    h = x
    for i in range(n_nodes - 1):
        h = h.tanh() if i % 2 else h * 1.01
    return x, h


class Cube(minigrad.autograd.Function):
    """A student's own Function: x ** 3, with its derivative 3 x**2."""

    formula = "d(x**3)/dx = 3 * x**2"

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x * x

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * 3 * x * x


def answer_layouts(canvas) -> None:
    """Do the browser's part of a stepper's layout: lay ``canvas.layout_dots``
    out with Graphviz (the kernel's ``dot`` here, WebAssembly in a browser)
    and send the json0 back as the browser does (browser tests check the
    real one)."""
    from widgets._render import run_graphviz

    layouts = [run_graphviz(s, "json0").decode("utf-8") for s in canvas.layout_dots]
    canvas.set_state({"layouts": layouts, "layouts_for": canvas.layout_request})
