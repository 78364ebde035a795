"""The stepper's fixed layout: what drawing every step at fixed places costs.

Each step of a ``BackwardStepper`` is drawn at the places of one layout
(``dot`` once, with room for any step's texts; then ``neato -n2`` per step),
so nodes never move. The alternative, ``dot`` laying out every step afresh,
moves nodes by 50-80 px. Both columns time the same thing: one step's
picture rendered to SVG (the render cache cleared before each, so each is a
real Graphviz run); "fixed" also counts the one-off layout, spread over the
steps of a pass. Run: ``.venv/bin/python benchmarks/bench_stepper_layout.py``.
"""

import statistics
import time

from _harness import Table, print_environment
from bench_widgets import _scalar, chain_graph, mlp_graph

from widgets import BackwardStepper, _render


def step_render_times(make, **options):
    """(re-laid out by dot, at fixed places) median seconds per step."""
    root, names = make()
    stepper = BackwardStepper(root, names=names, **options)
    stepper.model.run_to_end()
    total = stepper.model.total
    _render.clear_cache()
    start = time.perf_counter()
    stepper.layout()
    layout_once = (time.perf_counter() - start) / total
    fixed, fresh = [], []
    for k in range(total + 1):
        stepper.model.goto(k)
        pinned = stepper.picture()
        _render._CACHE.clear()
        start = time.perf_counter()
        _render.render_svg(pinned)
        fixed.append(time.perf_counter() - start)
        loose = _unpinned(stepper)
        _render._CACHE.clear()
        start = time.perf_counter()
        _render.render_svg(loose)
        fresh.append(time.perf_counter() - start)
    return statistics.median(fresh), statistics.median(fixed) + layout_once, total


def _unpinned(stepper):
    saved = stepper.layout
    stepper.layout = lambda: None
    try:
        return stepper.picture()
    finally:
        stepper.layout = saved


def main():
    print_environment()
    table = Table(
        "BackwardStepper: one step's picture to SVG (median)",
        columns=("dot every step", "fixed places"),
    )
    for case, make, options in [
        ("scalar graph", _scalar, {}),
        ("MLP 10-50-20-1, every node", mlp_graph, {"collapse": None}),
        ("MLP 10-50-20-1, by module", mlp_graph, {}),
        ("100-node chain (grouped)", lambda: chain_graph(100), {}),
    ]:
        fresh, fixed, steps = step_render_times(make, **options)
        table.add(
            f"{case} ({steps} steps)",
            **{"dot every step": fresh, "fixed places": fixed},
        )
    table.print()


if __name__ == "__main__":
    main()
