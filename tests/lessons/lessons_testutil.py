"""Shared helpers for the lesson tests: find the lessons, run them headless.

- ``LESSONS``: the lesson notebooks (``lessons/NN_topic.ipynb``), in order.
- ``execute(path_or_nb)``: run a notebook top to bottom in a fresh kernel with
  nbclient and return the executed notebook and the seconds it took.
- ``exercise_pairs(nb)``: each exercise cell (a code cell with
  ``# your code here``) with the folded solution that follows it.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[2]
LESSONS_DIR = REPO / "lessons"
NAME = re.compile(r"^(\d\d)_[a-z0-9_]+\.ipynb$")
LESSONS = sorted(p for p in LESSONS_DIR.glob("*.ipynb") if NAME.match(p.name))

# A guard against a hang (each cell's timeout), not a speed test: a lesson runs
# in seconds, and benchmarks/bench_lessons.py measures how many.
NOTEBOOK_SECONDS = 120
EXERCISE_MARK = "# your code here"
SOLUTION = re.compile(
    r"<details>\s*<summary>\s*Solution\s*</summary>.*?```python\n(.*?)```",
    re.DOTALL,
)
CORRECT, NOT_YET = "✓ Correct", "✗ Not yet"


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def execute(nb_or_path, timeout: int = NOTEBOOK_SECONDS):
    """Run a notebook in a fresh kernel (cwd: lessons/).

    Returns:
        (executed notebook, seconds). Raises nbclient's CellExecutionError
        (with the cell and traceback) if a cell fails.
    """
    nb = read(nb_or_path) if isinstance(nb_or_path, Path) else nb_or_path
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(LESSONS_DIR)}},
    )
    start = time.perf_counter()
    client.execute()
    return nb, time.perf_counter() - start


def text_of(cell) -> str:
    """Everything a code cell printed or displayed as text."""
    parts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            parts.append(output.get("text", ""))
        elif "data" in output:
            parts.append(output["data"].get("text/plain", ""))
        elif output.get("output_type") == "error":
            parts.append("\n".join(output.get("traceback", [])))
    return "".join(parts)


def exercise_pairs(nb) -> list[tuple[int, str | None]]:
    """(index of the exercise cell, solution code or None) for each exercise.

    An exercise cell is a code cell containing ``# your code here``; its
    solution is the first ```python block of the next Markdown cell, when that
    cell is a folded ``<details><summary>Solution</summary>``.
    """
    pairs = []
    cells = nb.cells
    for i, cell in enumerate(cells):
        if cell.cell_type != "code" or EXERCISE_MARK not in cell.source:
            continue
        solution = None
        if i + 1 < len(cells) and cells[i + 1].cell_type == "markdown":
            match = SOLUTION.search(cells[i + 1].source)
            if match:
                solution = match.group(1)
        pairs.append((i, solution))
    return pairs


# ----- calling an answer check in a test


def run(capsys, check, *args):
    """Call a check; return (verdict as bool, what it printed)."""
    verdict = check(*args)
    return bool(verdict), capsys.readouterr().out


def assert_right(capsys, check, *args):
    """The check says ✓ for these arguments."""
    ok, out = run(capsys, check, *args)
    assert ok, out
    assert "✓ Correct" in out


def assert_hint(capsys, hint, check, *args):
    """The check says ✗ with a hint that contains `hint`."""
    ok, out = run(capsys, check, *args)
    assert not ok, out
    assert "✗ Not yet" in out
    assert hint in out, out
