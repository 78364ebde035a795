"""The stepper after Run All shows what it shows in a fresh run (issue 10).

Run All is what lesson 00 tells students to do first. Cells after a stepper
may free its graph (a plain ``L.backward()``) and rebind the names it shows
(an exercise's ``z = ...``); the stepper must still show the same names and
numbers. Each notebook runs twice in a real kernel (nbclient):

- fresh: cell by cell; right after the cell that makes a stepper, a probe
  steps it through every position and records what it shows;
- Run All: every cell, then the same probe on every stepper.

At every step the records (the chain-rule lines, the leaves' table and the
DOT text of the picture, which holds every name and value drawn) must be
equal. Probe cells run in the kernel only; the notebooks are never saved.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = [
    "lessons/05_backward_step_by_step.ipynb",
    "lessons/06_vector_functions.ipynb",
    "lessons/demos/01_chain_rule.ipynb",
    "lessons/demos/02_fan_out.ipynb",
]

pytestmark = pytest.mark.slow

# Records every stepper not recorded yet, oldest first, and puts each back
# at the position it showed. Prints one JSON list.
PROBE = """
import gc as _gc, json as _json
from widgets import BackwardStepper as _Stepper
_seen = globals().setdefault("_mgtest_seen", set())
_found = sorted((_s for _s in _gc.get_objects()
                 if isinstance(_s, _Stepper) and id(_s) not in _seen),
                key=lambda _s: _s.model.outputs[0].grad_fn.sequence_nr)
_records = []
for _s in _found:
    if {only_new!r}:
        _seen.add(id(_s))
    _m, _shown, _steps = _s.model, _s.model.position, []
    _m.reset()
    while True:
        _steps.append(dict(
            explain=_m.explain(),
            leaves=[[_n, str(_g)] for _n, _l, _g, _c in _m.leaf_grads()],
            dot=_s.picture().source))
        if _m.at_end or _m.next() is None:
            break
    _m.goto(_shown)
    _s.update()
    _records.append(_steps)
print(_json.dumps(_records))
"""


def _probe(client, only_new: bool) -> list:
    cell = nbformat.v4.new_code_cell(PROBE.format(only_new=only_new))
    client.execute_cell(cell, 0)
    text = "".join(
        o.get("text", "")
        for o in cell.outputs
        if o.get("output_type") == "stream" and o.get("name") == "stdout"
    )
    errors = [o for o in cell.outputs if o.get("output_type") == "error"]
    assert not errors, "\n".join(errors[0].get("traceback", []))
    return json.loads(text)


def _run(path: Path, fresh: bool) -> list:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=60,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    records = []
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            client.execute_cell(cell, index)
            if fresh and "BackwardStepper(" in cell.source:
                records += _probe(client, only_new=True)
        if not fresh:
            records = _probe(client, only_new=False)
    return records


@pytest.mark.timeout(120)
@pytest.mark.parametrize("name", NOTEBOOKS, ids=lambda n: Path(n).stem)
def test_stepper_after_run_all_equals_a_fresh_run(name):
    path = REPO / name
    fresh = _run(path, fresh=True)
    after = _run(path, fresh=False)
    assert fresh, f"{name}: no BackwardStepper found"
    assert len(after) == len(fresh), f"{name}: steppers {len(after)} vs {len(fresh)}"
    for number, (want, got) in enumerate(zip(fresh, after), start=1):
        assert len(got) == len(want), f"{name} stepper {number}: number of steps"
        for step, (w, g) in enumerate(zip(want, got)):
            where = f"{name}, stepper {number}, after {step} steps"
            assert g["explain"] == w["explain"], where
            assert g["leaves"] == w["leaves"], where
            assert g["dot"] == w["dot"], where
