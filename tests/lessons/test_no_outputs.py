"""Lessons are stored clean: no outputs, no execution counts, no widget state.

Outputs in git make every diff noisy, can leak a stale picture that no longer
matches the code, and hide whether a lesson really runs. Clear them with
`jupyter nbconvert --clear-output --inplace lessons/NN_topic.ipynb`.
"""

import nbformat
import pytest
from lessons_testutil import LESSONS_DIR

NOTEBOOKS = sorted(LESSONS_DIR.glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_lesson_is_stored_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    dirty = [
        index
        for index, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count)
    ]
    where = path.relative_to(LESSONS_DIR.parent)
    assert not dirty, (
        f"{path.name}: cells {dirty} have outputs or execution counts; run "
        f"jupyter nbconvert --clear-output --inplace {where}"
    )
    assert "widgets" not in nb.metadata, f"{path.name} stores widget state"
