"""Lesson 15's stepper over the student's own engine, in a real browser.

``test_lessons.py`` runs lesson 15 as a student first meets it (exercises
unsolved) and clicks through its minigrad ``BackwardStepper``. Here the
lesson runs with its folded solutions in place, as a student who solved the
four steps: the ``EngineStepper`` (``widgets/scalar_engine.py``) must then
step through their ``backward()`` click by click, the highlighted node
moving, and end with the grads that ``backward()`` gives on a fresh copy of
the graph, in its table and in the kernel. Screenshots land in
``<artifacts>/browser/15_engine_stepper/``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import pytest
from browser_lab import Notebook
from test_lessons import check_table, click_through, model_problems

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "lessons"))
from lessons_testutil import LESSONS_DIR, exercise_pairs  # noqa: E402

LESSON = LESSONS_DIR / "15_build_your_own_engine.ipynb"
NAME = "zz_15_solved.ipynb"

# The grads a plain backward() gives on a fresh copy of the stepper's graph,
# and the grads its nodes hold now, as the stepper's table formats them.
GRADS = """
import json as _json
from widgets import _format as _fmt
from widgets.scalar_engine import EngineStepper as _EngineStepper
import gc as _gc
_s = [o for o in _gc.get_objects() if isinstance(o, _EngineStepper)][-1]
_m = _s.model
_leaves = [n.value for n in _m.graph.nodes if not n.next_functions]
_twin = {id(v): Value(v.data) for v in _leaves}
def _copy(v):
    if not v.parents:
        return _twin[id(v)]
    args = [_copy(p) for p in v.parents]
    return {"+": add, "*": mul, "tanh": tanh}[v.op](*args)
_root = _copy(_m.root)
_root.backward()
print(_json.dumps(dict(
    at_end=bool(_m.at_end), total=int(_m.total),
    reference=[[_m.name_of(_m.graph.node_of(v)), _fmt.number(_twin[id(v)].grad)]
               for v in _leaves],
    same=[v.grad == _twin[id(v)].grad for v in _leaves])))
"""


@pytest.mark.browser
@pytest.mark.timeout(300)
def test_engine_stepper_steps_through_the_students_backward(
    lab_server, page, browser_artifacts
):
    nb = nbformat.read(LESSON, as_version=4)
    for index, solution in exercise_pairs(nb):
        nb.cells[index].source = solution
    path = lab_server.notebooks / NAME
    path.write_text(json.dumps(nb))
    shots = browser_artifacts / "15_engine_stepper"
    shots.mkdir(parents=True, exist_ok=True)
    try:
        lab = Notebook(page, lab_server, NAME)
        lab.open()
        problems = model_problems(lab.run_all())
        assert not problems, "\n".join(problems)
        stepper = page.locator(".minigrad-engine-stepper")
        assert stepper.count() == 1, "no EngineStepper on the page"
        walk = click_through(
            page,
            stepper.first,
            "lesson 15's EngineStepper",
            {"total": 6, "grouped": False},
            shots / "engine-stepper",
        )
        assert walk["clicks"] == 6, walk
        after = lab_server.kernel_json(NAME, GRADS)
        assert after["at_end"] and after["total"] == 6, after
        assert all(after["same"]), after
        check_table(
            walk["table"],
            after["reference"],
            "lesson 15's EngineStepper",
            "backward() on a fresh copy gives",
        )
    finally:
        page.screenshot(path=str(shots / "page-end.png"))
        lab_server.shutdown_sessions()
        path.unlink()
