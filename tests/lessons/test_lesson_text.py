"""What a student reads in a lesson renders right and says what PyTorch would.

- Markdown: inline maths never touches a code span (`$\\pm$` right before a
  backtick made JupyterLab's renderer swallow a whole bullet list), and every
  cell's `$` signs pair up.
- "minigrad lab only": a code cell that uses what PyTorch lacks (widgets,
  answer checks, `graph.walk`, `saved_arrays`, `report.table`, `minigrad.data`)
  starts with `# minigrad lab only: <what>`, so the claim "every other cell runs
  on PyTorch unchanged" holds and the parity checker knows what to skip.
- Run in a kernel where a bare f-string of a 0-d tensor raises (PyTorch prints
  `24.0` where minigrad may print `tensor(24.)`), every lesson still runs: the
  lessons print `t.item()` or a format spec, so they read right either way.
  The same runs show the key lines some lessons exist to show (the version
  numbers of lesson 09's in-place error, the graph of lesson 12's leak).
"""

from __future__ import annotations

import re

import nbformat
import pytest
from lessons_testutil import LESSONS, NOTEBOOK_SECONDS, execute, read, text_of

MARK = "# minigrad lab only: "

# Names only this lab has; a cell that uses one must carry the mark.
LAB_ONLY = re.compile(
    r"\b(draw_graph|GraphView|BackwardStepper|StepperModel|GradientFlow"
    r"|FunctionExplorer|plot_grad_accumulation|plot_gradcheck|gradcheck_figure"
    r"|graph_cost)\b"
    r"|\bcheck_\w+\(|\bwalk\(|\.saved_arrays\(|\.table\("
    r"|\.(max_abs_error|failures|entries)\b|\b(\w*stepper|flow)\.(model|norms)\b"
    r"|\bfrom (lessons|widgets)\b|\bimport widgets\b|\bminigrad\.data\b"
)
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)
FENCE = re.compile(r"^```.*?^```", re.DOTALL | re.MULTILINE)


def cells(kind):
    """(lesson name, cell id, source) of every cell of a kind, in every lesson."""
    found = []
    for path in LESSONS:
        for cell in read(path).cells:
            if cell.cell_type == kind:
                found.append((path.stem, cell.get("id"), cell.source))
    return found


MARKDOWN = cells("markdown")
CODE = cells("code")


def test_there_are_cells_to_read():
    assert len(MARKDOWN) > 100 and len(CODE) > 100


def test_inline_maths_never_touches_a_code_span():
    touching = [
        f"{lesson} cell {cid}: {match.group(0)!r}"
        for lesson, cid, source in MARKDOWN
        for match in re.finditer(r".{0,20}(\$`|`\$).{0,20}", FENCE.sub("", source))
    ]
    assert not touching, (
        "maths right next to a code span breaks JupyterLab's Markdown (the "
        "text around it renders as one paragraph with literal backticks); put "
        "a word or a space between them:\n" + "\n".join(touching)
    )


def test_dollar_signs_pair_up():
    odd = []
    for lesson, cid, source in MARKDOWN:
        prose = CODE_SPAN.sub("", FENCE.sub("", source)).replace(r"\$", "")
        if prose.count("$") % 2:
            odd.append(f"{lesson} cell {cid}")
    assert not odd, "an unpaired $ turns the rest of the cell into maths: " + ", ".join(
        odd
    )


def test_lint_finds_the_defect_it_guards_against():
    bad = "- nudge input element $j$ by\n  $\\pm$`eps` and take differences"
    assert re.search(r"\$`|`\$", FENCE.sub("", bad))


def test_cells_that_need_the_lab_say_so():
    unmarked = [
        f"{lesson} cell {cid} uses {LAB_ONLY.search(source).group(0)!r}"
        for lesson, cid, source in CODE
        if LAB_ONLY.search(source) and not source.startswith(MARK)
    ]
    assert not unmarked, (
        "these cells use what PyTorch lacks; start each with the line "
        f"'{MARK}<what PyTorch lacks>':\n" + "\n".join(unmarked)
    )


def test_every_mark_says_what_pytorch_lacks():
    vague = [
        f"{lesson} cell {cid}"
        for lesson, cid, source in CODE
        if source.startswith(MARK.rstrip(": "))
        and len(source.splitlines()[0]) <= len(MARK) + 3
    ]
    assert not vague, "a mark names what PyTorch lacks: " + ", ".join(vague)


# Run as the first cell: from now on an f-string (or format()) of a 0-d tensor
# without a format spec, written in the notebook itself, raises. Widgets and
# checks may format as they like; only lesson code must not depend on it.
STRICT_FORMAT = """
import sys as _sys
import minigrad as _minigrad

_lenient_format = _minigrad.Tensor.__format__


def _strict_format(self, spec):
    caller = _sys._getframe(1).f_code.co_filename
    in_notebook = "ipykernel_" in caller or caller.startswith("<ipython-input")
    if in_notebook and not spec and self.dim() == 0:
        raise TypeError(
            "f-string of a 0-d tensor: PyTorch prints 24.0 where minigrad may print "
            "tensor(24.); print t.item() (or give a format spec) instead"
        )
    return _lenient_format(self, spec)


_minigrad.Tensor.__format__ = _strict_format
"""

# Lines a lesson exists to show, which its cells must print.
MUST_SHOW = {
    "03_requires_grad": ["a.grad = 24"],
    "09_controlling_gradients": ["is at version 1; expected version 0"],
    "12_common_problems": ["total = tensor(", "grad_fn=<AddBackward0>)"],
}


@pytest.mark.slow
@pytest.mark.timeout(NOTEBOOK_SECONDS + 30)
@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_lessons_read_right_whatever_a_tensor_format_prints(path):
    nb = read(path)
    nb.cells.insert(0, nbformat.v4.new_code_cell(STRICT_FORMAT))
    nb, _ = execute(nb)
    for cell in nb.cells[1:]:
        if cell.cell_type != "code":
            continue
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert not errors, (
            f"{path.name}, cell {cell.get('id')}: {errors[0]['ename']}: "
            f"{errors[0]['evalue']}"
        )
    printed = "\n".join(text_of(cell) for cell in nb.cells if cell.cell_type == "code")
    for line in MUST_SHOW.get(path.stem, []):
        assert line in printed, f"{path.name} no longer prints {line!r}"
