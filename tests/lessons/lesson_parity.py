"""Parity with PyTorch: every lesson cell prints what PyTorch would print.

The course says "write ``import torch`` and the same code runs". This module
checks it in two halves, so that the tests never need PyTorch:

1. **Record** (``make parity``, run by an interpreter that has PyTorch, e.g.
   ``PARITY_PYTHON=../torchvenv/bin/python make parity``): each lesson runs in
   a fresh kernel of that interpreter where ``minigrad`` *is* PyTorch: before
   the first cell the kernel puts ``torch`` and every loaded ``torch.*``
   module into ``sys.modules`` under the name ``minigrad`` (``minigrad.nn`` is
   ``torch.nn``, ``minigrad.optim`` is ``torch.optim``, ``minigrad.autograd``
   is ``torch.autograd``, ...). That set-up leaves no name behind (not even
   ``torch``), and the lesson's code is not rewritten: a cell runs unchanged,
   on PyTorch, or fails. What each code cell prints is written to
   ``tests/lessons/parity/NN_topic.json`` (committed), with a hash of each
   cell's source.
2. **Compare** (``tests/lessons/test_parity.py``, part of ``make test``): the
   same cells run on minigrad and each cell's text must match the record. A
   code cell whose source changed since the record fails the test until
   ``make parity`` runs again.

Which cells run. A code cell whose first line is ``# minigrad lab only: <why>``
uses something PyTorch lacks (widgets, ``lessons.checks``, ``minigrad.data``,
...). It is skipped on *both* sides, so both run the same program, and it is
listed in the record and in the test's report. Every other code cell must run
under PyTorch: one that raises is recorded as "fails under PyTorch" with its
error (the recording goes on with the next cell), and the test fails listing
it, with the way out (mark it, or make it run under PyTorch).

What is compared, per cell: the text of its stdout, and of every result and
display (``text/plain``: a figure compares as ``<Figure size 700x450 with 2
Axes>``); widget outputs (a tqdm bar where ipywidgets is installed) are not
text and are left out. Stderr is compared by the warnings it names
(``UserWarning``, ...): their wording and source lines differ by design
(PyTorch's come from C++). An error under minigrad where PyTorch ran is a
difference.

How text is compared. The text is split into numbers and the rest ("the
layout"). The layout must be equal; so must each number's kind (an integer
such as ``3`` or ``Size([2, 3])``'s, or a float such as ``2.`` or ``2.0``).
Integers must be equal, floats equal within float32 noise
(``RTOL``/``ATOL``, plus one unit of the last printed digit). Except:

- random draws: the recorder runs each lesson a second time with PyTorch's
  seeds moved (``manual_seed(s)`` seeds ``s + SEED_OFFSET``, and a different
  starting seed). Numbers that change are drawn at random; minigrad's
  generator draws other numbers, so they are compared by kind and by order of
  magnitude (the largest of them in the cell within a factor of 10 of
  PyTorch's), and the spaces beside them (PyTorch pads columns of numbers to
  the widest) may differ.
  In a cell with such numbers every float counts as drawn (two seeds may
  round a mean of many draws alike); its integers, and the numbers of other
  cells, are compared as above. numpy's draws are the same on both sides and
  need no exception.
- unstable numbers: a third run, with the same seeds, finds numbers that
  change from run to run (timings): compared by kind only.
- a cell whose layout or count of numbers changes between those runs is
  compared by layout only: its text with every number masked, and the kinds
  of its numbers (``"compare": "layout"`` in the record).

Normalisations, applied to both sides before comparing (the only places
where minigrad deliberately prints something else):

- ``minigrad.`` is read as ``torch.``: minigrad prints ``minigrad.float32``,
  ``minigrad.Size([3])``, ``dtype=minigrad.float64`` where PyTorch prints
  ``torch.float32``, ...;
- memory addresses ``0x7f...`` are read as ``0x…``
  (``<AddBackward0 object at 0x…>``);
- spaces at the ends of lines are dropped;
- an error message may say more: where PyTorch's line is an exception's
  message (``RuntimeError: ...``) and minigrad's line begins with that same
  text, minigrad's line counts as PyTorch's (minigrad's errors add the way
  out, e.g. ``... Hint: create the inputs with requires_grad=True``).

Run ``python tests/lessons/lesson_parity.py --help`` for the recorder's
options. Read ``test_parity.py`` next.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
LESSONS_DIR = REPO / "lessons"
RECORDS_DIR = Path(__file__).resolve().parent / "parity"
LESSON_NAME = re.compile(r"^(\d\d)_[a-z0-9_]+\.ipynb$")
RECORD_COMMAND = "PARITY_PYTHON=/path/to/python-with-torch make parity"

LAB_ONLY = re.compile(r"^#\s*minigrad lab only\b:?\s*(.*)$")
CELL_SECONDS = 120
SEED_OFFSET = 1_000_003
RTOL, ATOL = 1e-4, 1e-7
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"

# The kernel set-up under PyTorch: `minigrad` names PyTorch's modules. It runs
# in a function, so that it leaves no name (not even `torch`) to the lesson.
TORCH_SETUP = """\
def _parity_setup():
    import importlib
    import sys

    for name in ("torch", "torch.autograd", "torch.autograd.functional",
                 "torch.nn", "torch.nn.functional", "torch.nn.init",
                 "torch.nn.utils", "torch.optim"):
        importlib.import_module(name)
    for name, module in list(sys.modules.items()):
        if name == "torch" or name.startswith("torch."):
            sys.modules["minigrad" + name[len("torch"):]] = module


_parity_setup()
del _parity_setup
"""

# Added for the run that finds random draws: other seeds, same code.
MOVE_SEEDS = f"""\
def _parity_move_seeds():
    import torch

    manual_seed = torch.manual_seed

    def moved_seed(seed):
        return manual_seed(int(seed) + {SEED_OFFSET})

    torch.manual_seed = moved_seed
    torch.manual_seed(0)


_parity_move_seeds()
del _parity_move_seeds
"""

NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?(?![\w.])")
ADDRESS = re.compile(r"\b0x[0-9a-fA-F]+")
WARNING_LINE = re.compile(r"\b([A-Z]\w*Warning): (.*)")


# -- the lesson's cells ---------------------------------------------------------
def lessons() -> list[Path]:
    """The lesson notebooks, ``lessons/NN_topic.ipynb``, in order."""
    return sorted(p for p in LESSONS_DIR.glob("*.ipynb") if LESSON_NAME.match(p.name))


def record_path(lesson: Path) -> Path:
    """Where the PyTorch record of ``lesson`` is kept."""
    return RECORDS_DIR / (lesson.stem + ".json")


def lab_only_reason(source: str) -> str | None:
    """The reason given by a ``# minigrad lab only: <why>`` first line, or
    None for a cell that must run under PyTorch.

    >>> lab_only_reason("# minigrad lab only: widgets\\nshow(x)")
    'widgets'
    """
    first = source.strip().splitlines()[0] if source.strip() else ""
    match = LAB_ONLY.match(first.strip())
    return None if match is None else (match.group(1).strip() or "(no reason given)")


def code_cells(notebook) -> list[dict]:
    """Each non-empty code cell: its place, id, first line, source hash and
    whether it is minigrad lab only.

    Args:
        notebook: an nbformat notebook.

    Returns:
        dicts with ``cell`` (1-based position among all cells, as JupyterLab
        counts them), ``id``, ``first_line``, ``source_sha256``, ``lab_only``
        (the reason, or None) and ``index`` (0-based, into ``notebook.cells``).
    """
    found = []
    for index, cell in enumerate(notebook.cells):
        source = cell.source
        if cell.cell_type != "code" or not source.strip():
            continue
        found.append(
            dict(
                cell=index + 1,
                id=cell.get("id") or f"cell-{index + 1}",
                index=index,
                first_line=source.strip().splitlines()[0][:80],
                source_sha256=hashlib.sha256(source.encode()).hexdigest(),
                lab_only=lab_only_reason(source),
            )
        )
    return found


def where(cell: dict) -> str:
    """``cell 7 (id 03-07) 'p = torch.tensor(2.0, ...'``: what a person
    needs to find the cell."""
    return f"cell {cell['cell']} (id {cell['id']}) {cell['first_line']!r}"


# -- running cells ----------------------------------------------------------------
def run_cells(lesson: Path, setup: str = "") -> dict[str, dict]:
    """Run ``setup``, then every code cell of ``lesson`` that is not minigrad
    lab only, in order, in a fresh kernel of this interpreter (cwd:
    ``lessons/``). A cell that raises does not stop the run.

    Returns:
        ``{cell id: output}``, each output as ``cell_output`` gives it.
    """
    import nbformat
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    notebook = nbformat.read(lesson, as_version=4)
    cells = code_cells(notebook)
    with tempfile.TemporaryDirectory(prefix="minigrad-parity-") as specs:
        # A kernel of *this* interpreter, whatever kernels are installed.
        spec = Path(specs) / "parity-python"
        spec.mkdir()
        (spec / "kernel.json").write_text(
            json.dumps(
                dict(
                    argv=[
                        sys.executable,
                        "-m",
                        "ipykernel_launcher",
                        "-f",
                        "{connection_file}",
                    ],
                    display_name="parity",
                    language="python",
                )
            )
        )
        manager = KernelManager(
            kernel_name="parity-python",
            kernel_spec_manager=KernelSpecManager(kernel_dirs=[specs]),
        )
        client = NotebookClient(
            notebook,
            km=manager,
            timeout=CELL_SECONDS,
            allow_errors=True,
            resources={"metadata": {"path": str(LESSONS_DIR)}},
        )
        outputs = {}
        # The kernel's own stderr (ipykernel's start-up notices) is noise here;
        # what a cell writes to stderr still arrives as its output.
        with client.setup_kernel(stderr=subprocess.DEVNULL):
            if setup:
                ready = nbformat.v4.new_code_cell(setup)
                client.execute_cell(ready, 0)
                failed = cell_output(ready)["error"]
                if failed:
                    raise RuntimeError(f"the kernel set-up failed: {failed}")
            for cell in cells:
                if cell["lab_only"] is not None:
                    continue
                executed = client.execute_cell(
                    notebook.cells[cell["index"]], cell["index"]
                )
                outputs[cell["id"]] = cell_output(executed)
    return outputs


def cell_output(cell) -> dict:
    """What a code cell printed: ``text`` (stdout, and ``text/plain`` of its
    results and displays, in order, normalised), ``warnings`` (``Category:
    message`` of each warning on stderr) and ``error`` (``Name: message`` or
    None)."""
    text, stderr, error = [], [], None
    for output in cell.get("outputs", []):
        kind = output.get("output_type")
        if kind == "stream":
            (text if output.get("name") == "stdout" else stderr).append(output.text)
        elif kind in ("execute_result", "display_data"):
            data = output.get("data", {})
            if WIDGET_MIME not in data and "text/plain" in data:
                text.append(data["text/plain"].rstrip("\n") + "\n")
        elif kind == "error":
            error = f"{output.get('ename')}: {output.get('evalue')}"
    warnings = [
        f"{m.group(1)}: {m.group(2)}" for m in WARNING_LINE.finditer("".join(stderr))
    ]
    return dict(text=normalise("".join(text)), warnings=warnings, error=error)


def normalise(text: str) -> str:
    """The normalisations of the module docstring: ``minigrad.`` as
    ``torch.``, addresses as ``0x…``, no spaces at the ends of lines.

    >>> normalise("minigrad.Size([2])  \\n<MulBackward0 object at 0x7f3a>")
    'torch.Size([2])\\n<MulBackward0 object at 0x…>'
    """
    text = re.sub(r"\bminigrad\.", "torch.", text)
    text = ADDRESS.sub("0x…", text)
    return "\n".join(line.rstrip() for line in text.split("\n"))


# -- numbers and layout -------------------------------------------------------------
def split_numbers(text: str) -> tuple[str, list[str]]:
    """The layout (numbers masked as ``#``) and the numbers, as printed.

    >>> split_numbers("tensor([2., -0.5]) Size([3])")
    ('tensor([#, #]) Size([#])', ['2.', '-0.5', '3'])
    """
    return NUMBER.sub("#", text), NUMBER.findall(text)


def padded(layout: str) -> str:
    """A layout without the spaces beside its numbers: PyTorch pads a column
    of numbers by the widest one and its sign, so random draws move spaces.

    >>> padded("tensor([ #, -#])")
    'tensor([#,#])'
    """
    return re.sub(r" *# *", "#", layout.replace("-#", "#").replace("+#", "#"))


def is_float(token: str) -> bool:
    return any(c in token for c in ".eE")


def last_digit(token: str) -> float:
    """One unit of the last printed digit: 0.01 for ``1.25``, 1e-6 for
    ``1.5e-05``; 0 for ``12.``, which PyTorch prints only for a value that is
    a whole number (no rounding happened)."""
    mantissa, _, exponent = token.lower().partition("e")
    if mantissa.endswith("."):
        return 0.0
    decimals = len(mantissa.partition(".")[2])
    return 10.0 ** (int(exponent or 0) - decimals)


def close(a: str, b: str) -> bool:
    """Two printed floats equal within float32 noise and print rounding."""
    x, y = float(a), float(b)
    if math.isnan(x) or math.isnan(y):
        return math.isnan(x) and math.isnan(y)
    if math.isinf(x) or math.isinf(y):
        return x == y
    slack = max(last_digit(a), last_digit(b)) + RTOL * max(abs(x), abs(y)) + ATOL
    return abs(x - y) <= slack


def largest(tokens: list[str]) -> float:
    values = [abs(float(t)) for t in tokens if is_float(t)]
    return max([v for v in values if math.isfinite(v)], default=0.0)


def classify(first: str, moved: str, again: str) -> dict:
    """How to compare a cell, from three PyTorch runs of its text.

    Args:
        first: the text of the recorded run.
        moved: the text of a run with the seeds moved.
        again: the text of a run with the same seeds as ``first``.

    Returns:
        ``{"compare": "numbers", "random_numbers": [...], "unstable_numbers":
        [...], "random_magnitude": [low, high] or None}`` (number positions,
        0-based), or ``{"compare": "layout"}`` where the runs print different
        layouts or counts of numbers.
    """
    layout, numbers = split_numbers(first)
    runs = [split_numbers(moved), split_numbers(again)]
    if any(
        padded(other_layout) != padded(layout) or len(other) != len(numbers)
        for other_layout, other in runs
    ):
        return dict(compare="layout")
    unstable = [i for i, (a, b) in enumerate(zip(numbers, runs[1][1])) if a != b]
    random = [
        i
        for i, (a, b) in enumerate(zip(numbers, runs[0][1]))
        if a != b and i not in unstable
    ]
    if random:
        # The cell computes from random draws: a float that two seeds happen
        # to round alike (a mean of 100 draws, to 3 digits) is drawn too.
        random = [
            i
            for i, token in enumerate(numbers)
            if i not in unstable and (i in random or is_float(token))
        ]
    magnitude = None
    if random:
        sizes = [
            largest([numbers[i] for i in random]),
            largest([runs[0][1][i] for i in random]),
        ]
        magnitude = [min(sizes), max(sizes)]
    return dict(
        compare="numbers",
        random_numbers=random,
        unstable_numbers=unstable,
        random_magnitude=magnitude,
    )


EXCEPTION_LINE = re.compile(r"^\s*[A-Z]\w*(Error|Exception): \S")


def with_pytorch_messages(want: str, got: str) -> str:
    r"""``got`` with each error line that begins with PyTorch's line cut to
    PyTorch's line (minigrad's messages may add the way out).

    >>> with_pytorch_messages("TypeError: no\n2", "TypeError: no. Hint: x\n2")
    'TypeError: no\n2'
    """
    want_lines, got_lines = want.split("\n"), got.split("\n")
    if len(want_lines) != len(got_lines):
        return got
    return "\n".join(
        a if EXCEPTION_LINE.match(a) and b.startswith(a) else b
        for a, b in zip(want_lines, got_lines)
    )


def compare_text(recorded: dict, text: str) -> list[str]:
    """The differences between a recorded cell (PyTorch) and minigrad's text;
    an empty list when they agree (see the module docstring).

    >>> compare_text({"text": "tensor(2.)", "compare": "numbers"}, "tensor(2.)")
    []
    >>> compare_text({"text": "tensor(2.)", "compare": "numbers"}, "tensor(3.)")
    ['number 1: PyTorch 2., minigrad 3.']
    """
    text = with_pytorch_messages(recorded["text"], text)
    want_layout, want = split_numbers(recorded["text"])
    got_layout, got = split_numbers(text)
    drawn = (
        recorded.get("compare") == "layout"
        or recorded.get("random_numbers")
        or recorded.get("unstable_numbers")
    )
    if want_layout != got_layout and not (
        drawn and padded(want_layout) == padded(got_layout)
    ):
        return [first_difference(recorded["text"], text)]
    if len(want) != len(got):  # pragma: no cover - same layout, same count
        return [f"{len(want)} numbers from PyTorch, {len(got)} from minigrad"]
    problems = []
    kinds = [i for i, (a, b) in enumerate(zip(want, got)) if is_float(a) != is_float(b)]
    problems += [
        f"number {i + 1}: PyTorch prints {want[i]!r}, minigrad {got[i]!r} "
        "(an integer against a float)"
        for i in kinds
    ]
    if recorded.get("compare") == "layout" or problems:
        return problems
    loose = set(recorded.get("random_numbers", [])) | set(
        recorded.get("unstable_numbers", [])
    )
    for i, (a, b) in enumerate(zip(want, got)):
        if i in loose:
            continue
        same = close(a, b) if is_float(a) else int(a) == int(b)
        if not same:
            problems.append(f"number {i + 1}: PyTorch {a}, minigrad {b}")
    magnitude = recorded.get("random_magnitude")
    if magnitude:
        mine = largest([got[i] for i in recorded["random_numbers"]])
        low, high = magnitude
        tiny = 1e-6
        if not (max(low, tiny) / 10 <= max(mine, tiny) <= max(high, tiny) * 10):
            problems.append(
                f"random draws: the largest is {mine:.3g} on minigrad, "
                f"{low:.3g}..{high:.3g} on PyTorch (not the same order of magnitude)"
            )
    return problems


def first_difference(want: str, got: str) -> str:
    """The first line where two texts differ, both ways."""
    want_lines, got_lines = want.split("\n"), got.split("\n")
    for number, (a, b) in enumerate(zip(want_lines, got_lines), start=1):
        if split_numbers(a)[0] != split_numbers(b)[0]:
            return f"line {number}: PyTorch {a!r}, minigrad {b!r}"
    return (
        f"PyTorch printed {len(want_lines)} lines, minigrad {len(got_lines)}: "
        f"PyTorch {want[-300:]!r}, minigrad {got[-300:]!r}"
    )


def compare_cell(recorded: dict, output: dict) -> list[str]:
    """Every difference between a recorded cell and minigrad's output."""
    if output["error"]:
        return [f"raises on minigrad ({output['error']}); PyTorch runs it"]
    problems = compare_text(recorded, output["text"])
    kinds = [w.split(":")[0] for w in recorded.get("warnings", [])]
    mine = [w.split(":")[0] for w in output["warnings"]]
    if kinds != mine:
        problems.append(
            f"warnings: PyTorch {recorded.get('warnings')}, "
            f"minigrad {output['warnings']}"
        )
    return problems


# -- recording ------------------------------------------------------------------------
def record_lesson(lesson: Path) -> dict:
    """Run ``lesson`` three times under PyTorch and build its record."""
    import nbformat
    import torch

    cells = code_cells(nbformat.read(lesson, as_version=4))
    first = run_cells(lesson, TORCH_SETUP)
    moved = run_cells(lesson, TORCH_SETUP + MOVE_SEEDS)
    again = run_cells(lesson, TORCH_SETUP)
    recorded = []
    for cell in cells:
        entry = {k: cell[k] for k in ("cell", "id", "first_line", "source_sha256")}
        if cell["lab_only"] is not None:
            entry.update(status="minigrad lab only", reason=cell["lab_only"])
        elif first[cell["id"]]["error"]:
            entry.update(status="fails under PyTorch", error=first[cell["id"]]["error"])
        else:
            out = first[cell["id"]]
            entry.update(status="ran", text=out["text"], warnings=out["warnings"])
            entry.update(
                classify(
                    out["text"], moved[cell["id"]]["text"], again[cell["id"]]["text"]
                )
            )
        recorded.append(entry)
    return dict(
        lesson=lesson.name,
        recorded_with=f"torch {torch.__version__}, Python {sys.version.split()[0]}",
        how_to_record=RECORD_COMMAND,
        cells=recorded,
    )


def summary(record: dict) -> list[str]:
    """Lines saying what a record holds: counts, lab-only cells, failures."""
    cells = record["cells"]
    count = {
        s: sum(c["status"] == s for c in cells)
        for s in ("ran", "minigrad lab only", "fails under PyTorch")
    }
    lines = [
        f"{record['lesson']}: {count['ran']} cells ran under PyTorch, "
        f"{count['minigrad lab only']} minigrad lab only, "
        f"{count['fails under PyTorch']} fail under PyTorch"
    ]
    for c in cells:
        if c["status"] == "minigrad lab only":
            lines.append(f"    lab only  {where(c)}: {c['reason']}")
        elif c["status"] == "fails under PyTorch":
            lines.append(f"    FAILS     {where(c)}: {c['error'][:200]}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Run every lesson under PyTorch and record what each code "
        f"cell prints into {RECORDS_DIR.relative_to(REPO)}/ (see the docstring "
        "of tests/lessons/lesson_parity.py)."
    )
    parser.add_argument(
        "lessons",
        nargs="*",
        help="lesson numbers or file names (default: every lesson)",
    )
    args = parser.parse_args(argv)
    try:
        import torch  # noqa: F401
    except ImportError:
        print(
            f"make parity: {sys.executable} has no PyTorch. Record with an "
            "interpreter that has it (and nbclient, ipykernel), e.g.:\n"
            "    python3 -m venv ../torchvenv && ../torchvenv/bin/pip install "
            "torch nbclient ipykernel matplotlib tqdm\n"
            "    PARITY_PYTHON=../torchvenv/bin/python make parity",
            file=sys.stderr,
        )
        return 2
    try:
        import ipykernel  # noqa: F401
        import nbclient  # noqa: F401
    except ImportError as error:
        print(
            f"make parity: {sys.executable} lacks {error.name}: "
            f"{sys.executable} -m pip install nbclient ipykernel",
            file=sys.stderr,
        )
        return 2
    chosen = [
        p
        for p in lessons()
        if not args.lessons
        or any(
            p.name == want or p.name.startswith(want.zfill(2) + "_") or p.stem == want
            for want in args.lessons
        )
    ]
    if not chosen:
        print(f"make parity: no lesson matches {args.lessons}", file=sys.stderr)
        return 2
    RECORDS_DIR.mkdir(exist_ok=True)
    if not args.lessons:  # a full recording drops records of removed lessons
        for stale in set(RECORDS_DIR.glob("*.json")) - {record_path(p) for p in chosen}:
            stale.unlink()
            print(f"removed {stale.name} (no such lesson)")
    failing = 0
    for lesson in chosen:
        start = time.perf_counter()
        record = record_lesson(lesson)
        record_path(lesson).write_text(
            json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        failing += sum(c["status"] == "fails under PyTorch" for c in record["cells"])
        lines = summary(record)
        print(f"{lines[0]}  ({time.perf_counter() - start:.1f} s)")
        print("\n".join(lines[1:]))
    print(
        f"Recorded {len(chosen)} lessons in {RECORDS_DIR.relative_to(REPO)}/; "
        f"{failing} unmarked cells fail under PyTorch (the parity test lists them)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
