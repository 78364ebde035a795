"""Each lesson prints on minigrad what it prints on PyTorch (issue 10).

The PyTorch side was recorded by ``make parity`` into
``tests/lessons/parity/NN_topic.json``; here each lesson runs on minigrad (no
PyTorch needed) and every code cell is compared with its record, as
``lesson_parity.py``'s docstring explains (numbers at float32 tolerance,
random draws by shape and order of magnitude, ``minigrad.`` read as
``torch.``).

A lesson fails when:

- it has no record, or its code changed since the record (re-record);
- a code cell not marked ``# minigrad lab only: <why>`` fails under PyTorch
  (the convention: every unmarked cell runs under PyTorch);
- a cell prints something else on minigrad than on PyTorch, or raises.

Cells marked "minigrad lab only" are skipped on both sides and listed in the
"parity with PyTorch" section at the end of the run.
"""

from __future__ import annotations

import doctest
import json

import lesson_parity as parity
import nbformat
import pytest

LESSONS = parity.lessons()
RERECORD = (
    f"Re-record after changing a lesson's code: {parity.RECORD_COMMAND} "
    "(PyTorch, nbclient, ipykernel in that interpreter)."
)


class _ParityReport:
    """Prints, at the end of the run, what each lesson's comparison covered."""

    def __init__(self):
        self.lines: list[str] = []

    def pytest_terminal_summary(self, terminalreporter):
        if self.lines:
            terminalreporter.section("parity with PyTorch")
            for line in self.lines:
                terminalreporter.write_line(line)


@pytest.fixture(scope="module")
def parity_report(request):
    report = _ParityReport()
    request.config.pluginmanager.register(report, "minigrad-parity-report")
    return report


def load_record(lesson):
    path = parity.record_path(lesson)
    if not path.exists():
        pytest.fail(f"{lesson.name}: no PyTorch record ({path.name}). {RERECORD}")
    return json.loads(path.read_text(encoding="utf-8"))


def stale_cells(lesson, record) -> list[str]:
    """How the lesson's code cells differ from those recorded: changed, new,
    removed or reordered (each needs a new record)."""
    now = parity.code_cells(nbformat.read(lesson, as_version=4))
    then = {c["id"]: c["source_sha256"] for c in record["cells"]}
    current = {c["id"] for c in now}
    found = [parity.where(c) + " is new" for c in now if c["id"] not in then]
    found += [
        parity.where(c) + " changed"
        for c in now
        if c["id"] in then and then[c["id"]] != c["source_sha256"]
    ]
    found += [
        parity.where(c) + " was removed"
        for c in record["cells"]
        if c["id"] not in current
    ]
    if not found and [c["id"] for c in now] != [c["id"] for c in record["cells"]]:
        found.append("the code cells are in another order")
    return found


# -- the recorder's rules, on small texts (no kernel) ---------------------------
def test_the_docstring_examples_hold():
    failures, tried = doctest.testmod(parity)
    assert tried >= 5 and failures == 0


def rec(text, **how):
    return dict(text=text, compare="numbers", **how)


def test_numbers_are_equal_within_float32_noise():
    assert (
        parity.compare_text(rec("loss 0.30000001192092896"), "loss 0.30000004172325134")
        == []
    )
    assert (
        parity.compare_text(rec("tensor([0.3333, 1.0000])"), "tensor([0.3334, 1.0000])")
        == []
    )
    assert parity.compare_text(rec("tensor(2.5000e-08)"), "tensor(2.5001e-08)") == []
    assert parity.compare_text(rec("tensor(2.)"), "tensor(2.0100)") == [
        "number 1: PyTorch 2., minigrad 2.0100"
    ]
    assert parity.compare_text(rec("step 10 of 12"), "step 10 of 11") == [
        "number 2: PyTorch 12, minigrad 11"
    ]
    assert parity.compare_text(rec("x.grad = 2.0"), "x.grad = 2") == [
        "number 1: PyTorch prints '2.0', minigrad '2' (an integer against a float)"
    ]


def test_words_and_layout_must_be_equal():
    problems = parity.compare_text(
        rec("tensor([1., 2.])\nMulBackward0\n"), "tensor([1., 2.])\nMulBackward1\n"
    )
    assert problems == ["line 2: PyTorch 'MulBackward0', minigrad 'MulBackward1'"]
    assert parity.compare_text(rec("tensor(24.)"), "24.0")
    assert parity.compare_text(rec("tensor([1., 2.])"), "tensor([1., 2., 3.])")


def test_normalisations():
    assert parity.normalise("minigrad.float32 minigrad.Size([2, 3])  ") == (
        "torch.float32 torch.Size([2, 3])"
    )
    assert parity.normalise("<AddBackward0 object at 0x7f64ab6733d0>") == (
        "<AddBackward0 object at 0x…>"
    )
    assert parity.normalise("<Figure size 700x400 with 1 Axes>") == (
        "<Figure size 700x400 with 1 Axes>"
    )
    assert parity.lab_only_reason("# minigrad lab only: widgets\nshow()") == "widgets"
    assert parity.lab_only_reason("x = 1  # minigrad lab only: no") is None
    assert parity.lab_only_reason("\n# minigrad lab only:   saved_arrays ") == (
        "saved_arrays"
    )


def test_random_draws_are_compared_by_shape_and_magnitude():
    how = parity.classify(
        "seed 0: tensor([ 0.1234, -1.5000]) of 2",
        "seed 0: tensor([-0.7000,  0.3000]) of 2",
        "seed 0: tensor([ 0.1234, -1.5000]) of 2",
    )
    assert how == dict(
        compare="numbers",
        random_numbers=[1, 2],
        unstable_numbers=[],
        random_magnitude=[0.7, 1.5],
    )
    recorded = rec(
        "seed 0: tensor([ 0.1234, -1.5000]) of 2",
        **{k: v for k, v in how.items() if k != "compare"},
    )
    assert (
        parity.compare_text(recorded, "seed 0: tensor([ 2.0000,  0.0100]) of 2") == []
    )
    assert parity.compare_text(recorded, "seed 0: tensor([ 2.0000,  0.0100]) of 3")
    assert parity.compare_text(recorded, "seed 0: tensor([ 2.0000]) of 2")
    too_big = parity.compare_text(recorded, "seed 0: tensor([ 99.0000,  0.0100]) of 2")
    assert len(too_big) == 1 and "order of magnitude" in too_big[0]


def test_in_a_cell_of_random_draws_every_float_is_drawn():
    how = parity.classify(
        "w = 0.5, 2 / λ = 0.999 over 100 points",
        "w = 0.7, 2 / λ = 0.999 over 100 points",
        "w = 0.5, 2 / λ = 0.999 over 100 points",
    )
    assert how["random_numbers"] == [0, 2]  # not the 2 of "2 / λ", nor 100
    recorded = dict(how, text="w = 0.5, 2 / λ = 0.999 over 100 points")
    assert parity.compare_text(recorded, "w = 0.6, 2 / λ = 0.986 over 100 points") == []
    assert parity.compare_text(recorded, "w = 0.6, 2 / λ = 0.986 over 99 points")


def test_unstable_numbers_and_layouts():
    how = parity.classify("took 1.5 ms", "took 2.5 ms", "took 0.7 ms")
    assert how["unstable_numbers"] == [0] and how["random_numbers"] == []
    recorded = rec("took 1.5 ms", **{k: v for k, v in how.items() if k != "compare"})
    assert parity.compare_text(recorded, "took 150.0 ms") == []
    assert parity.compare_text(recorded, "took 150 ms")  # an integer now
    layout = parity.classify("converged: 1 2 3", "converged: 1 2", "converged: 1 2 3")
    assert layout == dict(compare="layout")
    assert (
        parity.compare_text(dict(text="converged: 1 2 3", **layout), "converged: 7 8 9")
        == []
    )


def test_minigrad_errors_may_add_the_way_out():
    pytorch = "RuntimeError: element 0 of tensors does not require grad\ndone"
    assert (
        parity.compare_text(
            rec(pytorch),
            pytorch.replace(
                "grad\n", "grad. Hint: create it with requires_grad=True\n"
            ),
        )
        == []
    )
    shorter = parity.compare_text(rec(pytorch), pytorch.replace(" grad\n", "\n"))
    assert shorter and shorter[0].startswith("line 1: ")
    # Only error messages: other lines must be equal.
    assert parity.compare_text(rec("loss falls\n"), "loss falls fast\n")


def test_errors_and_warnings_are_differences():
    recorded = dict(rec("tensor(1.)"), warnings=["UserWarning: The .grad attribute"])
    same = dict(
        text="tensor(1.)", warnings=["UserWarning: The .grad (minigrad)"], error=None
    )
    assert parity.compare_cell(recorded, same) == []
    assert parity.compare_cell(recorded, dict(same, warnings=[]))
    raised = parity.compare_cell(recorded, dict(same, error="TypeError: no"))
    assert raised == ["raises on minigrad (TypeError: no); PyTorch runs it"]


def test_a_changed_lesson_asks_for_a_new_record(tmp_path):
    lesson = tmp_path / "00_tiny.ipynb"
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell("x = 1", id="a"),
        nbformat.v4.new_markdown_cell("text", id="m"),
        nbformat.v4.new_code_cell("print(x)", id="b"),
    ]
    nbformat.write(notebook, lesson)
    record = dict(cells=parity.code_cells(notebook))
    assert stale_cells(lesson, record) == []
    notebook.cells[0].source = "x = 2"
    notebook.cells.append(nbformat.v4.new_code_cell("# minigrad lab only: w", id="c"))
    nbformat.write(notebook, lesson)
    assert stale_cells(lesson, record) == [
        "cell 4 (id c) '# minigrad lab only: w' is new",
        "cell 1 (id a) 'x = 2' changed",
    ]
    notebook.cells = [notebook.cells[2], nbformat.v4.new_code_cell("x = 1", id="a")]
    nbformat.write(notebook, lesson)
    assert stale_cells(lesson, record) == ["the code cells are in another order"]


# -- the lessons -----------------------------------------------------------------
def test_each_lesson_has_a_record_and_each_record_a_lesson():
    assert LESSONS, "no lessons/NN_topic.ipynb found"
    missing = [p.name for p in LESSONS if not parity.record_path(p).exists()]
    known = {parity.record_path(p) for p in LESSONS}
    stale = [p.name for p in parity.RECORDS_DIR.glob("*.json") if p not in known]
    assert not missing and not stale, (
        f"lessons without a PyTorch record: {missing}; records without a lesson: "
        f"{stale}. {RERECORD}"
    )


@pytest.mark.slow
@pytest.mark.timeout(parity.CELL_SECONDS + 120)
@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_lesson_prints_what_pytorch_prints(lesson, parity_report):
    record = load_record(lesson)
    stale = stale_cells(lesson, record)
    assert not stale, (
        f"{lesson.name}: the code changed since the PyTorch record "
        f"({record['recorded_with']}):\n  " + "\n  ".join(stale) + f"\n{RERECORD}"
    )
    outputs = parity.run_cells(lesson)
    problems, compared = [], 0
    for cell in record["cells"]:
        if cell["status"] == "minigrad lab only":
            continue
        if cell["status"] == "fails under PyTorch":
            problems.append(
                f"{parity.where(cell)} fails under PyTorch ({cell['error']}) and is "
                "not marked: make it run under PyTorch, or begin it with "
                "'# minigrad lab only: <what PyTorch lacks>'"
            )
            continue
        compared += 1
        differences = parity.compare_cell(cell, outputs[cell["id"]])
        if differences:
            problems.append(
                f"{parity.where(cell)} prints something else on minigrad: "
                + "; ".join(differences)
            )
    lab_only = [
        f"{parity.where(c)}: {c['reason']}"
        for c in record["cells"]
        if c["status"] == "minigrad lab only"
    ]
    parity_report.lines.append(
        f"{lesson.stem}: {compared} cells compared, {len(lab_only)} minigrad lab only"
        + "".join(f"\n    lab only: {line}" for line in lab_only)
    )
    assert not problems, (
        f"{lesson.name}: {len(problems)} cells differ from PyTorch "
        f"({record['recorded_with']}):\n  - "
        + "\n  - ".join(problems)
        + f"\n{RERECORD}"
    )
