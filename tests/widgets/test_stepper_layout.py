"""The stepper's picture keeps every node in its place across the steps of
one pass (issue 10): only styles and texts change. Read from the SVG that
the notebook shows, as a browser would draw it."""

import re
import xml.etree.ElementTree as ET

import pytest
from widget_graphs import answer_layouts, chain_graph, make_mlp, scalar_graph

import minigrad
from widgets import BackwardStepper, render_svg
from widgets._render import GraphvizNotFound

SVG = "{http://www.w3.org/2000/svg}"
SHAPES = ("polygon", "ellipse", "path", "polyline")


def node_places(svg: str) -> dict:
    """Every node's title -> the geometry of its outline(s), and the size."""
    root = ET.fromstring(svg)
    places = {"<svg>": (root.get("width"), root.get("height"), root.get("viewBox"))}
    for group in root.iter(f"{SVG}g"):
        if group.get("class") != "node":
            continue
        title = group.find(f"{SVG}title").text
        places[title] = [
            tuple(shape.get(a) for a in ("points", "cx", "cy", "rx", "ry", "d"))
            for tag in SHAPES
            for shape in group.iter(f"{SVG}{tag}")
        ]
    return places


def every_step(stepper) -> list[str]:
    stepper.reset_button.click()
    svgs = [render_svg(stepper.picture())]
    while not stepper.model.at_end:
        stepper.next_button.click()
        svgs.append(render_svg(stepper.picture()))
    return svgs


def vector_graph():
    x = minigrad.tensor([1.0, 2.0, -1.0], requires_grad=True)
    y = x**3
    return BackwardStepper(
        [y], grad_tensors=[minigrad.tensor([1.0, 0.5, 2.0])], names={"x": x, "y": y}
    )


def mlp_stepper(collapse):
    model, loss = make_mlp()
    return BackwardStepper(loss, names=model, collapse=collapse)


def chain_stepper():
    x, out = chain_graph(40)
    return BackwardStepper(out, names={"x": x, "out": out}, max_nodes=12)


@pytest.mark.parametrize(
    "make",
    [
        lambda: (lambda g: BackwardStepper(g["loss"], names=g))(scalar_graph()),
        vector_graph,
        lambda: mlp_stepper(None),  # every node drawn
        lambda: mlp_stepper("module"),  # grouped by module
        chain_stepper,  # grouped in runs
    ],
    ids=["scalar", "vector", "mlp-every-node", "mlp-by-module", "chain-in-runs"],
)
def test_nodes_stay_in_place_at_every_step(make):
    stepper = make()
    svgs = every_step(stepper)
    assert len(svgs) == stepper.model.total + 1
    first = node_places(svgs[0])
    assert len(first) > 3
    for k, svg in enumerate(svgs[1:], start=1):
        assert node_places(svg) == first, f"a node moved at step {k}"
    # ... while the pictures do change: the current node is marked.
    assert len(set(svgs)) == len(svgs)
    assert all("▶ now" in svg for svg in svgs[1:])


def test_the_widget_shows_the_pinned_picture_and_the_static_one_too(scalar):
    stepper = BackwardStepper(scalar["loss"], names=scalar)
    # The browser is asked to lay the graph out once; until it answers,
    # nothing is drawn (no picture that would then jump to other places).
    assert stepper.canvas.layout_dots and stepper.canvas.dot == ""
    answer_layouts(stepper.canvas)
    places = re.findall(r'pos="([^"]+!)"', stepper.canvas.dot)
    assert len(places) > 3 and stepper.canvas.engine == "nop2"
    stepper.next_button.click()
    assert "▶ now" in stepper.canvas.dot
    assert re.findall(r'pos="([^"]+!)"', stepper.canvas.dot) == places
    bundle = stepper._repr_mimebundle_()
    assert node_places(bundle["image/svg+xml"]) == node_places(stepper.svg)


def test_without_dot_the_stepper_still_explains(scalar, monkeypatch):
    from widgets import _render

    def missing(*args, **kwargs):
        raise GraphvizNotFound(_render.INSTALL_HINT)

    monkeypatch.setattr(_render, "layout_of", missing)
    monkeypatch.setattr("widgets.dot.layout_of", missing)
    stepper = BackwardStepper(scalar["loss"], names=scalar)
    stepper.next_button.click()
    assert stepper.layout() is None
    assert "∂loss/∂loss = 1" in stepper.chain_html.value
