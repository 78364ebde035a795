"""Hover, click and keyboard on the graph in a real browser show the right
numbers (issue 13).

A small notebook written into the server's copy of the lessons (never into
the repository), run in JupyterLab with ``dot`` hidden from the kernel:

    x = minigrad.tensor(2.0, requires_grad=True); y = x * 3; y.backward()
    view = GraphView(y); view

- hovering x's node shows the tooltip with its value 2 and its grad 3; the
  Mul node's with value 6; the tooltip goes when the mouse leaves;
- clicking the Mul node marks it ``mg-selected``, and the kernel agrees
  (``view.canvas.selected`` is that node's id, ``view.selected`` is the
  ``MulBackward0`` node, the drop-down names it);
- Tab reaches a node, Enter selects it, the kernel agrees, and the live
  region (``aria-live="polite"``) names it;
- in a ``BackwardStepper``, clicking the Mul node jumps to the step where
  ``MulBackward0`` runs (the status and the kernel's stepper agree).

Screenshots in ``<artifacts>/graph-interaction/``.
"""

from __future__ import annotations

import json
import re
import shutil
import time

import nbformat
import pytest
from browser_lab import LabServer, Notebook
from graph_contract import CANVAS, LIVE, SELECTED, TOOLTIP, graphs_drawn
from no_graphviz import WHICH_DOT, environment
from test_lessons import LESSONS, model_problems

pytestmark = pytest.mark.browser

NAME = "zz_graph_interaction.ipynb"
CELLS = [
    "import minigrad\nfrom widgets import BackwardStepper, GraphView",
    "x = minigrad.tensor(2.0, requires_grad=True)\n"
    "y = x * 3\n"
    "y.backward()\n"
    "view = GraphView(y)\n"
    "view",
    # Lesson 05's stepper: L = (w * x + b) ** 2.
    "w = minigrad.tensor(3.0, requires_grad=True)\n"
    "v = minigrad.tensor(2.0, requires_grad=True)\n"
    "b = minigrad.tensor(-4.0, requires_grad=True)\n"
    "L = (w * v + b) ** 2\n"
    "stepper = BackwardStepper(L, names=locals())\n"
    "stepper",
]

# What the kernel says is selected in the GraphView.
VIEW_SELECTED = """
import json as _json
_s = view.selected
print(_json.dumps(dict(
    canvas=view.canvas.selected,
    node=None if _s is None else type(_s).__name__,
    dropdown=view.node_select.label,
    # The browser has drawn the newest picture (a selection redraws it,
    # to highlight the node).
    settled=view.canvas.drawn_revision == view.canvas.revision,
)))
"""

# Where the kernel's stepper is.
STEPPER_AT = """
import json as _json
_c = stepper.model.current
print(_json.dumps(dict(position=int(stepper.model.position),
                       total=int(stepper.model.total),
                       name=None if _c is None else _c.name,
                       canvas=stepper.canvas.selected)))
"""

# The node that has the keyboard focus: [its id, its aria-label], or null.
FOCUSED_NODE_JS = """() => { const a = document.activeElement;
    return a && a.matches('.mg-graph-canvas g.node')
        ? [a.getAttribute('data-node-id'), a.getAttribute('aria-label') || '']
        : null; }"""

# A node of ``canvas`` by the text drawn in it.
NODE_BY_TEXT = """(canvas, text) => [...canvas.querySelectorAll('svg g.node')]
    .findIndex(g => g.textContent.includes(text))"""


def node_by_text(canvas, text: str):
    """The first node of ``canvas`` (a locator) whose drawn text has ``text``."""
    index = canvas.evaluate(NODE_BY_TEXT, text)
    assert index >= 0, f"no node drawn with {text!r}"
    return canvas.locator("svg g.node").nth(index)


@pytest.fixture(scope="module")
def no_dot_lab(tmp_path_factory, artifacts_dir):
    work = tmp_path_factory.mktemp("lab-interaction")
    server = LabServer(LESSONS, work / "lab", env=environment(False, work / "path"))
    server.start()
    shots = artifacts_dir / "graph-interaction"
    shutil.rmtree(shots, ignore_errors=True)
    shots.mkdir(parents=True)
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in CELLS]
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "language": "python",
        "display_name": "Python 3 (ipykernel)",
    }
    nbformat.write(notebook, server.notebooks / NAME)
    try:
        yield server, shots
    finally:
        server.shutdown_sessions()
        server.stop()


def wait_for(page, read, want, what: str, seconds: float = 20):
    """Poll ``read()`` until ``want(value)``; return the value."""
    deadline = time.monotonic() + seconds
    while True:
        value = read()
        if want(value):
            return value
        assert time.monotonic() < deadline, f"{what}: still {value!r}"
        page.wait_for_timeout(50)


def numbers_in(text: str, word: str) -> list[float]:
    """Every number written after ``word`` in ``text`` ("grad 3", "grad: 3.0",
    ".grad = tensor(3.)")."""
    found = re.findall(rf"{word}\W{{0,12}}(-?\d+(?:\.\d*)?(?:e-?\d+)?)", text)
    return [float(number) for number in found]


def tooltip_text(page, canvas, node) -> str:
    node.hover()
    tip = canvas.locator(TOOLTIP)
    # The tooltip may live in the canvas or be appended to the page.
    if not tip.count():
        tip = page.locator(TOOLTIP)
    tip.first.wait_for(state="visible", timeout=10_000)
    return tip.first.inner_text()


def test_hover_click_and_keyboard_in_a_graph_view(no_dot_lab, page):
    server, shots = no_dot_lab
    notebook = Notebook(page, server, NAME)
    notebook.open()
    assert server.kernel_json(NAME, WHICH_DOT)["dot"] is None
    model = notebook.run_all()
    assert not model_problems(model), model_problems(model)
    view = notebook.cell(1)
    canvases = graphs_drawn(page, view.element_handle(), 1, "GraphView")
    assert len(canvases) == 1, canvases
    canvas = view.locator(CANVAS)
    x_node = node_by_text(canvas, "leaf")
    mul_node = node_by_text(canvas, "MulBackward0")

    # Hover: x holds 2 and its grad is 3; y (the Mul node) holds 6.
    text = tooltip_text(page, canvas, x_node)
    view.screenshot(path=str(shots / "hover-x.png"))
    assert 2.0 in numbers_in(text, "value"), f"x's tooltip: {text!r}"
    assert numbers_in(text, "grad")[:1] == [3.0], f"x's tooltip: {text!r}"
    text = tooltip_text(page, canvas, mul_node)
    assert 6.0 in numbers_in(text, "value"), f"the Mul node's tooltip: {text!r}"
    page.mouse.move(2, 2)
    wait_for(
        page,
        lambda: page.locator(f"{TOOLTIP}:visible").count(),
        lambda n: n == 0,
        "the tooltip after the mouse left the node",
    )

    # Click: the Mul node is selected, in the page and in the kernel.
    mul_id = mul_node.get_attribute("data-node-id")
    mul_node.click()
    wait_for(
        page,
        lambda: mul_node.get_attribute("class") or "",
        lambda classes: SELECTED in classes.split(),
        "the Mul node's classes after a click",
    )
    assert canvas.locator(f"g.node.{SELECTED}").count() == 1
    kernel = wait_for(
        page,
        lambda: server.kernel_json(NAME, VIEW_SELECTED),
        lambda k: k["canvas"] == mul_id and k["settled"],
        "the kernel's view.canvas.selected after clicking the Mul node, redrawn",
    )
    graphs_drawn(page, view.element_handle(), 1, "GraphView after a click")
    assert SELECTED in (mul_node.get_attribute("class") or "").split()
    assert kernel["node"] == "MulBackward0", kernel
    assert "MulBackward0" in kernel["dropdown"], kernel
    view.screenshot(path=str(shots / "clicked-mul.png"))

    # Keyboard: Tab from just before the picture reaches a node, and Tab
    # again walks the nodes up to the AccumulateGrad node (a node of the
    # drop-down too); Enter selects it; the live region says which.
    accumulate = node_by_text(canvas, "AccumulateGrad").get_attribute("data-node-id")
    canvas.evaluate("root => { root.tabIndex = -1; root.focus(); }")
    reached = []
    for _ in range(12):
        page.keyboard.press("Tab")
        reached.append(page.evaluate(FOCUSED_NODE_JS))
        if reached[-1] and reached[-1][0] == accumulate:
            break
    assert reached[0], f"Tab from the picture reached {reached} first, not a node"
    assert reached[-1] and reached[-1][0] == accumulate, (
        f"Tab went through {reached}, never to the AccumulateGrad node {accumulate}"
    )
    focused, label = reached[-1]
    target = canvas.locator(f'g.node[data-node-id="{focused}"]')
    page.keyboard.press("Enter")
    wait_for(
        page,
        lambda: target.get_attribute("class") or "",
        lambda classes: SELECTED in classes.split(),
        f"node {focused}'s classes after Enter",
    )
    assert SELECTED not in (mul_node.get_attribute("class") or "").split()
    kernel = wait_for(
        page,
        lambda: server.kernel_json(NAME, VIEW_SELECTED),
        lambda k: k["canvas"] == focused and k["settled"],
        f"the kernel's view.canvas.selected after Enter on {focused} ({label!r}), "
        "redrawn",
    )
    assert kernel["node"] == "AccumulateGrad", kernel
    assert "AccumulateGrad" in kernel["dropdown"], kernel
    graphs_drawn(page, view.element_handle(), 1, "GraphView after Enter")
    live = view.locator(f'{LIVE}[aria-live="polite"]')
    assert live.count() == 1
    said = wait_for(
        page,
        lambda: live.inner_text().strip(),
        bool,
        "the live region after Enter",
    )
    view.screenshot(path=str(shots / "keyboard-selected.png"))
    assert label and (label in said or label.split(",")[0].strip() in said), (
        f"the live region says {said!r} for the node labelled {label!r}"
    )
    # A keyboard user goes on from the node just selected: the redrawn
    # picture keeps the focus there (not on the page's body).
    active = page.evaluate(
        """() => { const a = document.activeElement; return a
            ? [a.tagName.toLowerCase(), a.getAttribute('data-node-id')] : []; }"""
    )
    assert active == ["g", focused], (
        f"after Enter selected node {focused} and the picture was redrawn, the "
        f"keyboard focus is on {active}, not on the node"
    )


def test_clicking_a_stepper_node_jumps_to_its_step(no_dot_lab, page):
    server, shots = no_dot_lab
    notebook = Notebook(page, server, NAME)
    notebook.open()
    model = notebook.run_all()
    assert not model_problems(model), model_problems(model)
    cell = notebook.cell(2)
    graphs_drawn(page, cell.element_handle(), 1, "BackwardStepper")
    stepper = cell.locator(".minigrad-stepper")
    canvas = stepper.locator(CANVAS)
    status = stepper.locator(".minigrad-stepper-status")
    start = server.kernel_json(NAME, STEPPER_AT)
    assert start["position"] == 0 and start["total"] >= 4, start
    mul_node = node_by_text(canvas, "MulBackward0")
    draws = int(canvas.get_attribute("data-draw-count"))
    drawn_nodes = canvas.locator("svg g.node").count()
    mul_node.click()
    kernel = wait_for(
        page,
        lambda: server.kernel_json(NAME, STEPPER_AT),
        lambda k: k["position"] != 0,
        "the kernel's stepper after clicking the Mul node",
    )
    assert kernel["name"] == "MulBackward0", kernel
    wait_for(
        page,
        lambda: status.inner_text(),
        lambda text: f"step {kernel['position']} of" in text,
        "the stepper's status after the click",
    )
    wait_for(
        page,
        lambda: int(canvas.get_attribute("data-draw-count") or 0),
        lambda count: count > draws,
        "the stepper's drawing count after the click",
    )
    # The step shown is the one where MulBackward0 ran: it is highlighted.
    highlighted = canvas.locator("svg g.node", has_text="▶ now")
    wait_for(
        page,
        lambda: (
            highlighted.count() == 1 and "MulBackward0" in highlighted.text_content()
        ),
        bool,
        "the node highlighted after the jump",
    )
    stepper.screenshot(path=str(shots / "stepper-jumped-to-mul.png"))
    # Every step drawn at the same places: one node per id, none left over
    # from the steps before.
    stepper.locator(".minigrad-stepper-next").click()
    wait_for(
        page,
        lambda: server.kernel_json(NAME, STEPPER_AT)["position"],
        lambda position: position == kernel["position"] + 1,
        "the kernel's stepper after Next",
    )
    graphs_drawn(page, cell.element_handle(), 1, "BackwardStepper after Next")
    assert canvas.locator("svg g.node").count() == drawn_nodes
    print(json.dumps(kernel))
