"""How long each lesson and demo takes to run top to bottom (Run All), headless.

A lesson should run in seconds on a laptop (the course promises under 20 s).
The tests only guard against a hang; this script measures. Each notebook runs
once in a fresh kernel, as nbclient runs it in the tests; the baseline column
is an empty notebook run the same way (kernel start and stop: the floor no
lesson can beat), so "lesson/empty" says how much the lesson's own cells add.

    .venv/bin/python benchmarks/bench_lessons.py            # every notebook
    .venv/bin/python benchmarks/bench_lessons.py 05 demos/01 # some of them
"""

import sys
import time
from pathlib import Path

import nbformat
from _harness import Table, print_environment
from nbclient import NotebookClient

LESSONS = Path(__file__).resolve().parent.parent / "lessons"


def run_seconds(nb, folder: Path) -> float:
    """Seconds to execute `nb` in a fresh kernel, kernel start and stop included."""
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(folder)}},
    )
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def notebooks(patterns: list[str]) -> list[Path]:
    """The lessons and demos, or those whose path starts with one of `patterns`."""
    found = sorted(LESSONS.glob("[0-9][0-9]_*.ipynb"))
    found += sorted((LESSONS / "demos").glob("[0-9][0-9]_*.ipynb"))
    if not patterns:
        return found
    return [
        path
        for path in found
        if any(str(path.relative_to(LESSONS)).startswith(p) for p in patterns)
    ]


def main() -> None:
    print_environment()
    empty = run_seconds(nbformat.v4.new_notebook(), LESSONS)
    table = Table(
        "Run All, headless, one run each (kernel start included)",
        columns=("empty", "lesson"),
    )
    for path in notebooks(sys.argv[1:]):
        seconds = run_seconds(nbformat.read(path, as_version=4), path.parent)
        table.add(str(path.relative_to(LESSONS)), empty=empty, lesson=seconds)
    table.print()


if __name__ == "__main__":
    main()
