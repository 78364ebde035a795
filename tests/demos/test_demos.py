"""The classroom demos (``lessons/demos``): each runs headless, top to bottom,
in a fresh kernel in a few seconds, and its buttons do what the scene says.

A teacher opens a demo in front of a class with ``make demo`` (Voila runs it
top to bottom, then the room watches the widgets answer clicks). Here each
demo runs with nbclient, then a probe cell appended to it (never saved)
clicks the scene's buttons from Python, as ``Button.click()`` allows, and
checks the engine's numbers. The browser test of the same pages through
Voila is ``tests/browser/test_demo_voila.py``.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[2]
DEMOS_DIR = REPO / "lessons" / "demos"
NAME = re.compile(r"^(\d\d)_[a-z0-9_]+\.ipynb$")
DEMOS = sorted(p for p in DEMOS_DIR.glob("*.ipynb") if NAME.match(p.name))
SCENES = [
    "01_chain_rule",
    "02_fan_out",
    "03_accumulation",
    "04_exploding_vanishing",
    "05_gradcheck_bug",
    "06_training_live",
]
SECONDS = 120  # a guard against a hang (per cell); a demo takes a few seconds

pytestmark = pytest.mark.slow

FIND = '''
import gc
import ipywidgets


def find(css_class):
    """The live widgets carrying css_class (what a browser test would find)."""
    found = [w for w in gc.get_objects()
             if isinstance(w, ipywidgets.DOMWidget) and css_class in w._dom_classes
             and w.comm is not None]
    assert found, f"no widget with class {css_class}"
    return found
'''

PROBES = {
    "01_chain_rule": """
stepper = find("minigrad-stepper")[-1]
assert stepper.model.total == 3, stepper.model.total
for _ in range(3):
    stepper.next_button.click()
assert "finished" in stepper.status.value
assert x.grad.item() == 24.0, x.grad     # dL/du · du/dx = 2u · 2 = 24
""",
    "02_fan_out": """
stepper = find("minigrad-stepper")[-1]
stepper.model.run_to_end()
stepper.update()
assert x.grad.item() == 7.0, x.grad      # 3 + 2x at x = 2
assert "+= 4 (from PowBackward0)" in stepper.chain_html.value or \\
    "+= 3 (from MulBackward0)" in stepper.chain_html.value, stepper.chain_html.value
""",
    "03_accumulation": """
backward, = find("minigrad-demo-backward")
zero, = find("minigrad-demo-zero")
readout, = find("minigrad-demo-readout")
for _ in range(3):
    backward.click()
assert w.grad.item() == 18.0 and "w.grad = 18" in readout.value, readout.value
view, = find("minigrad-graphview")
view.refresh()
assert "grad 18" in view.svg
zero.click()
assert w.grad is None and "w.grad = None" in readout.value
""",
    "04_exploding_vanishing": """
readout, = find("minigrad-demo-readout")
first, *_, last = [values[0] for values in flow.norms.values()]
assert first < 1e-5 * last, (first, last)            # vanishing toward the input
find("minigrad-demo-exploding")[0].click()
assert "blown up" in readout.value, readout.value
assert max(flow.total_norms) > 1e3
find("minigrad-demo-clipped")[0].click()
assert "blown up" not in readout.value
assert max(flow.applied_norms) <= 1.0 + 1e-4        # what the steps used
assert flow.losses[-1] < 0.5 * flow.losses[0], flow.losses
find("minigrad-demo-vanishing")[0].click()
assert "vanishing" in readout.value
""",
    "05_gradcheck_bug": """
verdict, = find("minigrad-demo-readout")
picture, = find("minigrad-demo-picture")
assert "FAILS" in verdict.value and picture.value[:4] == b"\\x89PNG"
find("minigrad-demo-fixed")[0].click()
assert "passes" in verdict.value, verdict.value
assert gradcheck(Cube.apply, (x,))
find("minigrad-demo-bug")[0].click()
assert "FAILS" in verdict.value
""",
    "06_training_live": """
train_button, = find("minigrad-demo-train")
reset_button, = find("minigrad-demo-reset")
readout, = find("minigrad-demo-readout")
assert "step 0" in readout.value
train_button.click()
flow = state["flow"]
assert len(flow.losses) == STEPS and flow.losses[-1] < 0.6 * flow.losses[0]
assert "step 100" in readout.value and flow in scene_box.children
accuracy = ((state["model"](X) > 0).float() == y).float().mean().item()
assert accuracy > 0.8, accuracy
reset_button.click()
assert "step 0" in readout.value and state["flow"] is not flow
""",
}


def run(path: Path, probe: str | None = None):
    """Execute the demo (plus a probe cell) in a fresh kernel, cwd its folder.

    Returns:
        (executed notebook, seconds).
    """
    nb = nbformat.read(path, as_version=4)
    if probe is not None:
        nb.cells.append(nbformat.v4.new_code_cell(FIND + probe))
    client = NotebookClient(
        nb,
        timeout=SECONDS,
        kernel_name="python3",
        resources={"metadata": {"path": str(DEMOS_DIR)}},
    )
    start = time.perf_counter()
    client.execute()
    return nb, time.perf_counter() - start


def test_the_six_scenes_are_there():
    assert [p.stem for p in DEMOS] == SCENES
    assert set(PROBES) == set(SCENES)


@pytest.mark.timeout(SECONDS + 30)
@pytest.mark.parametrize("path", DEMOS, ids=[p.stem for p in DEMOS])
def test_demo_runs_headless_and_its_widgets_answer(path):
    nb, _seconds = run(path, PROBES[path.stem])
    widgets_shown = 0
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            assert output["output_type"] != "error", (
                f"{path.name}, cell {index}: {output['ename']}: {output['evalue']}"
            )
            assert output.get("name") != "stderr", (
                f"{path.name}, cell {index} wrote to stderr: {output['text'][:300]}"
            )
            if "application/vnd.jupyter.widget-view+json" in output.get("data", {}):
                widgets_shown += 1
    assert widgets_shown >= 1, f"{path.name} shows no widget"


@pytest.mark.parametrize("path", DEMOS, ids=[p.stem for p in DEMOS])
def test_scene_has_no_set_up_code_in_view(path):
    """Imports and the theme live in cells whose source JupyterLab folds
    away (Voila hides every cell's code anyway); the scene is one title,
    a few words and the widgets."""
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    first = code[0]
    assert first.metadata.get("jupyter", {}).get("source_hidden") is True
    assert 'set_theme("present")' in first.source
    for cell in code:
        hidden = cell.metadata.get("jupyter", {}).get("source_hidden", False)
        setup_lines = [
            line
            for line in cell.source.splitlines()
            if re.match(r"\s*(import |from \S+ import |set_theme\()", line)
        ]
        assert hidden or not setup_lines, (
            f"{path.name}: set-up code in view: {setup_lines}"
        )
    titles = [
        c for c in nb.cells if c.cell_type == "markdown" and c.source.startswith("# ")
    ]
    assert len(titles) == 1, f"{path.name}: one scene, one title"


@pytest.mark.parametrize("path", DEMOS, ids=[p.stem for p in DEMOS])
def test_demo_is_stored_clean(path):
    """No outputs or execution counts in git: the demo starts fresh."""
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, path.name
    assert nb.metadata["kernelspec"]["name"] == "python3"


def test_readme_lists_every_demo():
    text = (DEMOS_DIR / "README.md").read_text(encoding="utf-8")
    for path in DEMOS:
        assert path.name in text, f"lessons/demos/README.md misses {path.name}"
