"""The stepper and graph pictures in a real JupyterLab (issue 10).

- a graph wider than the output area is drawn inside it (scaled or laid out
  top to bottom), whichever mime type the notebook chose to show;
- the stepper's nodes stay where they are while Next is clicked in the
  browser: the place of every node on the screen is the same at each step;
- screenshots in ``<artifacts>/browser/stepper/`` for people to look at.

A small probe notebook is written into the server's copy of the lessons
(never into the repository).
"""

from __future__ import annotations

import json

import nbformat
import pytest
from browser_lab import Notebook, fold_file_browser

pytestmark = pytest.mark.browser

PROBE_CELLS = [
    "import minigrad as torch\nfrom widgets import BackwardStepper, draw_graph",
    # Lesson 02's loop graph: 1648 px wide left to right.
    "x = torch.tensor(2.0, requires_grad=True)\n"
    "y = torch.tensor(3.0, requires_grad=True)\n"
    "t = x\nfor step in range(1, 5):\n    t = t * y + 1\ndraw_graph(t, names=locals())",
    # The same, asked for left to right: drawn smaller, never below 70 %.
    "draw_graph(t, names=locals(), direction='LR')",
    # Lesson 05's stepper.
    "w = torch.tensor(3.0, requires_grad=True)\n"
    "x = torch.tensor(2.0, requires_grad=True)\n"
    "b = torch.tensor(-4.0, requires_grad=True)\nh = w * x\nz = h + b\nL = z**2\n"
    "stepper = BackwardStepper(L, names=locals())\nstepper",
]

# Width of every output's picture against its output area, in CSS pixels.
WIDTHS_JS = """() => {
    const panel = window.jupyterapp.shell.currentWidget;
    return [...panel.node.querySelectorAll('.jp-OutputArea-output')].map(o => {
        const pic = o.querySelector('svg, img');
        if (!pic) return null;
        const box = pic.getBoundingClientRect();
        // Its own width: Graphviz's points (4/3 px) as laid out, which differ
        // a little between the kernel's dot and Graphviz in the browser.
        const own = pic.tagName === 'svg' ?
            parseFloat(pic.getAttribute('width')) * 4 / 3 : box.width;
        return {mime: o.getAttribute('data-mime-type') || '',
                area: o.getBoundingClientRect().width, picture: box.width, own,
                scroll: o.querySelector('.minigrad-svg') ?
                    o.querySelector('.minigrad-svg').scrollWidth : null};
    }).filter(x => x);
}"""

# The stepper's nodes: title -> [x, y] of their box on the screen.
NODES_JS = """() => Object.fromEntries([...document.querySelectorAll(
        '.minigrad-stepper-graph svg g.node')].map(g => {
    const r = g.getBoundingClientRect();
    return [g.getAttribute('data-node-id'),
            [Math.round(r.x * 10) / 10, Math.round(r.y * 10) / 10,
             Math.round(r.width * 10) / 10]];
}))"""


def test_pictures_fit_and_stepper_nodes_stay(lab_server, page, browser_artifacts):
    folder = browser_artifacts / "stepper"
    folder.mkdir(parents=True, exist_ok=True)
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in PROBE_CELLS]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    name = "zz_stepper_probe.ipynb"
    nbformat.write(nb, lab_server.notebooks / name)
    notebook = Notebook(page, lab_server, name)
    notebook.open()
    model = notebook.run_all()
    errors = [
        o
        for c in model["cells"]
        for o in c.get("outputs", [])
        if o["output_type"] == "error"
    ]
    assert not errors, errors
    page.wait_for_selector(".minigrad-stepper-graph svg g.node")
    # Measured as the lesson layout checks measure (test_lessons.py): a 1280 px
    # window with the file browser folded away, about 1100 px for outputs.
    fold_file_browser(page)
    page.wait_for_timeout(500)
    widths = page.evaluate(WIDTHS_JS)
    (folder / "widths.json").write_text(json.dumps(widths, indent=1))
    page.screenshot(path=str(folder / "page.png"), full_page=True)
    print(widths)
    assert len(widths) == 3, widths
    auto, left_to_right, stepper_picture = widths
    for out in (auto, stepper_picture):
        assert out["picture"] <= out["area"] + 1, out
    # Wider than the area (1648 px with the kernel's dot), drawn smaller but
    # never below 70 % of its own size: readable.
    assert left_to_right["own"] > left_to_right["area"], left_to_right
    assert left_to_right["picture"] >= 0.7 * left_to_right["own"] - 2, left_to_right

    stepper = page.locator(".minigrad-stepper").first
    stepper.scroll_into_view_if_needed()
    places = [page.evaluate(NODES_JS)]
    for step in range(1, 7):
        stepper.locator(".minigrad-stepper-next").click()
        page.wait_for_function(
            "n => document.querySelector('.minigrad-stepper-status')"
            ".textContent.includes('step ' + n + ' of') || document.querySelector("
            "'.minigrad-stepper-status').textContent.includes('finished')",
            arg=step,
        )
        page.wait_for_timeout(150)
        places.append(page.evaluate(NODES_JS))
        if step in (1, 4):
            stepper.screenshot(path=str(folder / f"stepper_step{step}.png"))
    (folder / "node_places.json").write_text(json.dumps(places, indent=1))
    assert len(places[0]) >= 8
    for step, found in enumerate(places[1:], start=1):
        assert found == places[0], f"a node moved on the screen at step {step}"
