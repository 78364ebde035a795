"""How fast the widgets draw: graph pictures, stepper steps, live plots.

Building a picture is the forward pass plus ``draw_graph``; rendering is
Graphviz's ``dot`` turning it into SVG (the render cache is cleared before
every timing, so each render is a real ``dot`` run). A stepper step is one
``Next`` click: the engine's step plus the redrawn picture, chain rule and
leaves. Goals from the widgets issue: 100-node render under 300 ms, stepper
step under 150 ms, 1,000 nodes collapsed and rendered under 2 s.
"""

import statistics
import time

from _harness import Table, measure, print_environment

import minigrad
import minigrad.nn as nn
from minigrad.autograd.graph import walk
from widgets import BackwardStepper, FunctionExplorer, GradientFlow, _render, draw_graph


def mlp_graph():
    """The MLP 10-50-20-1 and its MSE loss on a batch of 8."""
    minigrad.manual_seed(0)
    model = nn.Sequential(
        nn.Linear(10, 50), nn.ReLU(), nn.Linear(50, 20), nn.ReLU(), nn.Linear(20, 1)
    )
    x, target = minigrad.randn(8, 10), minigrad.randn(8, 1)
    return nn.MSELoss()(model(x), target), model


def chain_graph(n_nodes):
    """A scalar chain of exactly ``n_nodes`` autograd nodes."""
    x = minigrad.tensor(0.5, requires_grad=True)
    h = x
    for i in range(n_nodes - 1):
        h = h.tanh() if i % 2 else h * 1.01
    return h, {"x": x, "out": h}


def wide_graph(n_terms):
    """``sum_i (w_i * x_i)`` over vectors: 3 nodes per term, many leaves."""
    minigrad.manual_seed(0)
    names = {}
    total = None
    for i in range(n_terms):
        w = minigrad.randn(3, requires_grad=True)
        names[f"w{i}"] = w
        term = w * minigrad.randn(3)
        total = term if total is None else total + term
    return total.sum(), names


CASES = [
    ("MLP 10-50-20-1", mlp_graph, None),
    ("100-node chain", lambda: chain_graph(100), 0.3),
    ("100-node wide (33 leaves)", lambda: wide_graph(33), 0.3),
    ("1,000-node chain, collapsed", lambda: chain_graph(1000), 2.0),
    ("1,000-node wide, collapsed", lambda: wide_graph(333), 2.0),
]


def picture_times(make):
    """(build, render, autograd nodes) in seconds for one graph."""

    def build():
        root, names = make()
        return draw_graph(root, names=names)

    def render(picture):
        _render.clear_cache()
        _render.render_svg(picture)

    picture = build()
    root, _ = make()
    nodes = len(walk(root).nodes)
    return measure(build, repeat=5), measure(lambda: render(picture), repeat=5), nodes


def stepper_times(make, **options):
    """Median seconds of a Next click: first pass (the engine runs) and a
    replay after Reset (recorded steps, cached pictures)."""
    root, names = make()
    stepper = BackwardStepper(root, names=names, **options)

    def clicks():
        times = []
        while not stepper.model.at_end:
            start = time.perf_counter()
            stepper.next_button.click()
            times.append(time.perf_counter() - start)
        return times

    _render.clear_cache()
    first = clicks()
    stepper.reset_button.click()
    replay = clicks()
    return statistics.median(first), statistics.median(replay), len(first)


def live_plot_times():
    """Seconds per training step without and with GradientFlow, its redraw,
    and one FunctionExplorer move."""
    minigrad.manual_seed(0)
    model = nn.Sequential(
        nn.Linear(10, 50), nn.Tanh(), nn.Linear(50, 20), nn.Tanh(), nn.Linear(20, 1)
    )
    x, y = minigrad.randn(32, 10), minigrad.randn(32, 1)
    optimizer = minigrad.optim.SGD(model.parameters(), lr=0.01)
    flow = None

    def step():
        loss = nn.MSELoss()(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if flow is not None:
            flow.update(loss)

    plain = measure(step)
    flow = GradientFlow(model, redraw_every=3600)  # hooks and records, no redraw
    recorded = measure(step)
    redraw = measure(flow.draw, repeat=5)
    flow.remove()
    explorer = FunctionExplorer(lambda t: t.sin() * t, x_range=(-4, 4))
    values = iter([0.1 * (i % 70) - 3.5 for i in range(10_000)])
    move = measure(lambda: setattr(explorer.slider, "value", next(values)), repeat=5)
    return plain, recorded, redraw, move


def main():
    print_environment()
    pictures = Table(
        "Graph pictures: build (forward + draw_graph) and render (dot)",
        columns=("total", "build", "render"),
    )
    goals = Table("Against the goals", columns=("goal", "measured"))
    for case, make, goal in CASES:
        build, render, nodes = picture_times(make)
        label = f"{case}: {nodes} nodes"
        pictures.add(label, total=build + render, build=build, render=render)
        if goal is not None:
            goals.add(f"{label}, build + render", goal=goal, measured=build + render)
    steps = Table(
        "BackwardStepper: one Next click, picture included (median)",
        columns=("first pass", "replay"),
    )
    for case, make, options in [
        ("scalar graph, 7 steps", lambda: _scalar(), {}),
        ("MLP 10-50-20-1, every node", mlp_graph, {"collapse": None}),
        ("MLP 10-50-20-1, by module", mlp_graph, {}),
        ("100-node chain", lambda: chain_graph(100), {}),
    ]:
        first, replay, count = stepper_times(make, **options)
        steps.add(f"{case} ({count} steps)", **{"first pass": first, "replay": replay})
        if case != "scalar graph, 7 steps":
            goals.add(f"stepper step, {case}", goal=0.15, measured=first)
    plain, recorded, redraw, move = live_plot_times()
    live = Table("Live plots", columns=("seconds",))
    live.add("MLP training step, no plot", seconds=plain)
    live.add("MLP training step + GradientFlow hooks and update", seconds=recorded)
    live.add("GradientFlow redraw (3 panels, PNG)", seconds=redraw)
    live.add("FunctionExplorer slider move (minigrad + PNG)", seconds=move)
    for table in (pictures, steps, live, goals):
        table.print()


def _scalar():
    x = minigrad.tensor(2.0, requires_grad=True)
    y = minigrad.tensor(3.0, requires_grad=True)
    z = x * y + x**2
    loss = 2 * z + 1
    return loss, {"x": x, "y": y, "z": z, "loss": loss}


if __name__ == "__main__":
    main()
