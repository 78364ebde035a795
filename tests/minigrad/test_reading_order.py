"""The engine reads in one sitting: the README's promise, checked.

The critical path of `(x * x).backward()` (Tensor -> an op -> recording -> the
engine -> accumulation) is a chain of files. `minigrad/__init__.py` names the
first; each file opens with its first-reading part, which ends at a line
`# ----- read next: minigrad/<file>.py` (the last one at `# ----- end of the
first reading`). Inside a first-reading part, a section whose `# -----` header
says "(first reading: skip)" runs to the next `# -----` line and is not part
of the reading. These tests follow the chain and count what is left.
"""

import re
from pathlib import Path

import minigrad

ROOT = Path(minigrad.__file__).resolve().parent.parent
READ_NEXT = re.compile(r"read next: (minigrad/[\w/]+\.py)")
LIMIT = 450  # non-blank lines; the promise is "about 400"

# What the reading must contain: the path of `(x * x).backward()`.
CRITICAL = {
    "minigrad/tensor.py": ["class Tensor:", "def backward(", "def __mul__("],
    "minigrad/ops/arithmetic.py": ["def mul(", "class MulBackward0("],
    "minigrad/autograd/function.py": [
        "class Node:",
        "def record(",
        "class AccumulateGrad(",
        "def accumulate_into(",
    ],
    "minigrad/autograd/engine.py": [
        "def run_backward(",
        "class BackwardPass:",
        "def steps(",
        "def accumulate(",
    ],
}


def _is_header(line):
    return line.strip().startswith("# -----")


def first_reading(path, root=ROOT):
    """The lines a first reading of `path` reads, and the file it names next
    (None at the end of the chain)."""
    lines = (root / path).read_text().splitlines()
    read, skipping, next_file = [], False, None
    for line in lines:
        if _is_header(line):
            found = READ_NEXT.search(line)
            if found:
                next_file = found.group(1)
                break
            if "end of the first reading" in line:
                break
            skipping = "(first reading: skip)" in line
            continue
        if not skipping and line.strip():
            read.append(line)
    else:
        raise AssertionError(
            f"{path} has no '# ----- read next: minigrad/...' line (nor "
            "'# ----- end of the first reading') closing its first-reading part"
        )
    return read, next_file


def reading_chain():
    """[(path, lines read)], following the chain from minigrad/__init__.py."""
    start = READ_NEXT.search((ROOT / "minigrad/__init__.py").read_text())
    assert start, "minigrad/__init__.py must say where to start: 'read next: ...'"
    chain, path = [], start.group(1)
    while path is not None:
        assert (ROOT / path).is_file(), f"the reading names {path}, which is missing"
        assert path not in [p for p, _ in chain], f"the reading loops at {path}"
        lines, path_next = first_reading(path)
        chain.append((path, lines))
        path = path_next
    return chain


def test_the_chain_covers_the_path_of_x_times_x_backward():
    chain = dict(reading_chain())
    for path, names in CRITICAL.items():
        assert path in chain, f"{path} is not in the reading chain {list(chain)}"
        for name in names:
            assert any(line.strip().startswith(name) for line in chain[path]), (
                f"{name} is not in the first-reading part of {path} (moved "
                "below its 'read next' line, or inside a skipped section?)"
            )


def test_the_first_reading_is_about_400_lines():
    chain = reading_chain()
    counts = {path: len(lines) for path, lines in chain}
    total = sum(counts.values())
    assert total <= LIMIT, f"{total} lines to read (limit {LIMIT}): {counts}"
    assert total >= 150, f"suspiciously little to read ({counts}): markers misplaced?"


def test_each_file_of_the_chain_names_the_next_in_its_docstring_order():
    chain = reading_chain()
    assert chain[0][0] == "minigrad/tensor.py"
    assert chain[-1][0] == "minigrad/autograd/engine.py"
    for path, _ in chain[:-1]:
        assert READ_NEXT.search((ROOT / path).read_text()), path


def test_a_skipped_section_is_not_counted(tmp_path):
    # The counting itself: a skip header hides lines up to the next header.
    text = "\n".join(
        [
            "a = 1",
            "",
            "# ----- (first reading: skip) details",
            "b = 2",
            "c = 3",
            "# ----- the core again",
            "d = 4",
            "# ----- read next: minigrad/x.py",
            "e = 5",
        ]
    )
    (tmp_path / "minigrad").mkdir()
    (tmp_path / "minigrad" / "f.py").write_text(text)
    lines, next_file = first_reading("minigrad/f.py", root=tmp_path)
    assert lines == ["a = 1", "d = 4"]
    assert next_file == "minigrad/x.py"
