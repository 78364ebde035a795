"""Every lesson runs top to bottom, headless, in a fresh kernel, in time.

This is what a student does first (Run All), before solving anything, so the
unsolved exercises must not stop the run: each one prints a hint instead.
The limit is per notebook (NOTEBOOK_SECONDS, also each cell's timeout); a
lesson should take a few seconds (the durations print with `pytest -ra
--durations=0`).
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
    nb, seconds = execute(path)
    assert seconds < NOTEBOOK_SECONDS, f"{path.name} took {seconds:.1f} s"
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
