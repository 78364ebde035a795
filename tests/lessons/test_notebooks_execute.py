"""Every lesson runs top to bottom, headless, in a fresh kernel.

This is what a student does first (Run All), before solving anything, so the
unsolved exercises must not stop the run: each one prints a hint instead.
NOTEBOOK_SECONDS is only a guard against a hang (each cell's timeout); how
long each lesson takes is measured by benchmarks/bench_lessons.py, not here.
"""

import pytest
from lessons_testutil import (
    EXERCISE_MARK,
    LESSONS,
    NOT_YET,
    NOTEBOOK_SECONDS,
    execute,
    text_of,
)

pytestmark = pytest.mark.slow


def test_there_are_lessons():
    assert LESSONS, "no lessons/NN_topic.ipynb found"


@pytest.mark.timeout(NOTEBOOK_SECONDS + 30)  # + kernel start and stop
@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_lesson_runs_top_to_bottom(path):
    nb, _seconds = execute(path)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert not errors, f"{path.name}, cell {index}: {errors[0]['ename']}"
        if EXERCISE_MARK in cell.source:
            assert NOT_YET in text_of(cell), (
                f"{path.name}, cell {index}: an unsolved exercise should print a "
                f"hint ({NOT_YET!r}), got {text_of(cell)!r}"
            )
