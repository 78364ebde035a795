"""GraphCanvas, the kernel's side of the graph drawn in the browser (issue 13).

What the kernel sends (DOT, tooltips, selection, layout requests) and what it
does with the browser's answers, driven as the browser would drive it
(``set_state`` with the values its JavaScript sends). The drawing itself is
checked in a real browser (``tests/browser``).
"""

import re

from widget_graphs import answer_layouts, chain_graph, make_mlp

from widgets import BackwardStepper, GraphView, draw_graph
from widgets import canvas as canvas_module
from widgets._render import (
    choose_layout,
    chosen_source,
    layout_of,
    parse_layout,
    run_graphviz,
)
from widgets.canvas import likely_direction
from widgets.dot import dot_id_of, layout_sources, reserve_picture


def test_tooltips_hold_value_grad_shape_and_saved(scalar):
    scalar["loss"].backward(retain_graph=True)
    view = GraphView(scalar["loss"], names=scalar)
    details = view.canvas.details
    ids = set(re.findall(r"^\t(\w+) \[", view.canvas.dot, re.M))
    # Every node drawn has its tooltip.
    assert ids - {"graph", "node", "edge"} == set(details)
    leaf = details["t5"]  # the tensor box of leaf x (AccumulateGrad n5)
    assert leaf["label"] == "AccumulateGrad → x"
    rows = dict(leaf["rows"])
    assert rows["leaf"] == "x" and rows["value"] == "2." and rows["grad"] == "14."
    assert rows["shape"] == "scalar"
    power = next(d for d in details.values() if d["label"] == "PowBackward0")
    assert dict(power["rows"])["saved"] == "scalar: 2"  # x, saved for x**2
    # The same rows as the details panel under the picture.
    view.node_select.value = 5
    for name, text in leaf["rows"]:
        assert (
            f">{name}<" in view.details_html.value and text in view.details_html.value
        )
    view.close()


def test_a_click_in_the_picture_selects_in_the_dropdown_and_back(scalar):
    view = GraphView(scalar["loss"], names=scalar)
    assert view.canvas.selected == ""
    view.canvas.set_state({"selected": "n2"})  # what a click sends
    assert view.node_select.value == 2 and view.selected is view.nodes[2]
    assert "▶ now" in view.canvas.dot  # highlighted in the picture too
    view.node_select.value = 5
    assert view.canvas.selected == dot_id_of(view.shown, view.nodes[5]) == "n5"
    view.canvas.set_state({"selected": "c1_1"})  # a constant: nothing to pick
    assert view.node_select.value == 5
    view.close()


def test_grouped_boxes_have_tooltips_and_take_the_selection():
    model, loss = make_mlp()
    view = GraphView(loss, names=model, collapse="module")
    groups = {k: d for k, d in view.canvas.details.items() if k.startswith("g")}
    assert groups and all(dict(d["rows"])["nodes"] for d in groups.values())
    inside = next(n for n in view.nodes if dot_id_of(view.shown, n).startswith("g"))
    view.node_select.value = view.nodes.index(inside)
    assert view.canvas.selected.startswith("g")
    view.close()


def test_the_stepper_waits_for_the_browsers_places_then_pins_every_step(scalar):
    stepper = BackwardStepper(scalar["loss"], names=scalar)
    assert stepper.canvas.dot == "" and len(stepper.canvas.layout_dots) == 1
    answer_layouts(stepper.canvas)
    first = stepper.canvas.dot
    places = re.findall(r'pos="([^"]+)!"', first)
    assert places and stepper.canvas.engine == "nop2"
    for _ in range(3):
        stepper.next_button.click()
        assert re.findall(r'pos="([^"]+)!"', stepper.canvas.dot) == places
    # Tooltips read values as the forward pass left them, as the picture.
    z = next(d for d in stepper.canvas.details.values() if d["label"].startswith("z"))
    assert dict(z["rows"])["value"].startswith("10.")
    # The selection follows the step, for the live region.
    assert stepper.canvas.selected == dot_id_of(
        stepper.shown, stepper.model.current.node
    )
    assert stepper.canvas.revision == 4 and stepper.canvas.layout_request == 1


def test_clicking_a_node_in_the_stepper_jumps_to_its_step(scalar):
    stepper = BackwardStepper(scalar["loss"], names=scalar)
    answer_layouts(stepper.canvas)
    graph = stepper.model.graph
    last = graph.nodes[-1]  # an AccumulateGrad: it runs late
    stepper.canvas.set_state({"selected": dot_id_of(stepper.shown, last)})
    assert stepper.model.current.node is last
    position = stepper.model.position
    stepper.canvas.set_state({"selected": dot_id_of(stepper.shown, graph.nodes[0])})
    assert stepper.model.position == 1 < position  # back, to the first step
    stepper.canvas.set_state({"selected": "c1_1"})  # a constant never runs
    assert stepper.model.position == 1


def test_the_browsers_layout_is_read_as_the_kernels(scalar):
    picture = reserve_picture(scalar["loss"], names=scalar, direction="LR")
    texts = [run_graphviz(s, "json0").decode() for s in layout_sources(picture)]
    assert choose_layout([parse_layout(t) for t in texts]) == layout_of(picture)
    wide = reserve_picture(chain_graph(30)[1], direction="auto")
    sources = layout_sources(wide)
    assert len(sources) == 2 and "rankdir=TB" in sources[1]
    layouts = [parse_layout(run_graphviz(s, "json0").decode()) for s in sources]
    assert choose_layout(layouts) == layout_of(wide)


def test_a_missing_bundle_says_how_to_build_it(monkeypatch, tmp_path):
    monkeypatch.setattr(canvas_module, "BUNDLE", tmp_path / "graph_canvas.js")
    esm = canvas_module._esm()
    assert "mg-graph-error" in esm and "make setup" in esm and "npm ci" in esm


def test_draw_graph_shows_as_the_canvas_with_a_static_copy(scalar):
    bundle = draw_graph(scalar["loss"], names=scalar)._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["image/svg+xml"].startswith("<svg")  # dot is here


def test_without_dot_a_clear_direction_is_told_from_the_size_estimate():
    # Where the estimate decides, it decides as Graphviz's layouts would.
    model, loss = make_mlp()
    pictures = [draw_graph(chain_graph(n)[1]) for n in (5, 10, 30, 100)]
    pictures += [draw_graph(loss, names=model, collapse="module")]
    pictures += [draw_graph(loss, names=model)]
    decided = 0
    for picture in pictures:
        kernel = "TB" if "rankdir=TB" in chosen_source(picture) else "LR"
        guess = likely_direction(picture.source)
        assert guess in (None, kernel)
        decided += guess is not None
    assert decided >= 4
    assert likely_direction(pictures[3].source) == "TB"  # a long chain
    assert likely_direction(pictures[0].source) == "LR"  # a short one


def test_graphviz_is_sent_once_not_with_every_graph(scalar):
    first = GraphView(scalar["loss"]).canvas
    second = BackwardStepper(scalar["loss"]).canvas
    # Every canvas refers to the kernel's one copy of Graphviz's code ...
    assert first.graphviz is second.graphviz
    assert first.get_state()["graphviz"] == f"IPY_MODEL_{first.graphviz.model_id}"
    assert len(first.graphviz.code) > 1_000_000  # the WebAssembly inside
    # ... and carries only the small canvas module itself.
    assert len(first._esm) < 100_000


def test_a_canvas_of_a_picture_draws_it_with_its_tooltips(scalar):
    # GraphCanvas.of: a picture as a widget for a layout (lesson 18's row).
    picture = draw_graph(scalar["loss"], names=scalar, direction="TB")
    canvas = canvas_module.GraphCanvas.of(picture)
    assert canvas.dot == picture.source and canvas.revision == 1
    assert set(canvas.details) == set(picture.drawn_nodes)
    assert canvas.details["t5"]["label"] == "AccumulateGrad → x"
    canvas.close()
