"""The answer checks: lessons/checks.py (machinery and lessons 00-07).

- The machinery: a verdict line and a Verdict (truthy/falsy, silent in a
  notebook); a hint for None; diagnoses of the usual slips; a hint that says
  what is expected for nonsense types, never an exception.
- The guard every check wears (@exercise_check): any exception becomes a
  one-paragraph hint, a student's endless loop is stopped, and a table of
  plausible wrong answers given to every check never gets a ✓.
- Every check of lessons 00-07 accepts the reference solution, answers None
  with a hint, and meets each typical wrong answer with its specific hint.
- Every lesson's folded solutions, put in place of their exercise cells, run
  and pass their checks in the notebook itself.
"""

import importlib
import math
import re
import signal

import bad_answers
import numpy as np
import pytest
from bad_answers import assert_only_hints
from lessons_testutil import (
    CORRECT,
    LESSONS,
    NOT_YET,
    NOTEBOOK_SECONDS,
    execute,
    exercise_pairs,
    read,
    text_of,
)

import minigrad as torch
from lessons import checks as c


def run(capsys, check, *args, **kwargs):
    """Call a check; return (verdict as bool, what it printed)."""
    verdict = check(*args, **kwargs)
    assert isinstance(verdict, c.Verdict)
    return bool(verdict), capsys.readouterr().out


def assert_right(capsys, check, *args, **kwargs):
    ok, out = run(capsys, check, *args, **kwargs)
    assert ok, out
    assert CORRECT in out


def assert_hint(capsys, hint, check, *args, **kwargs):
    ok, out = run(capsys, check, *args, **kwargs)
    assert not ok, out
    assert NOT_YET in out
    assert hint in out, out


# ---------------------------------------------------------------------------
# The machinery
# ---------------------------------------------------------------------------


def test_verdict_behaves_as_a_bool_and_displays_nothing(capsys):
    yes, no = c.correct("fine"), c.not_yet("a hint")
    assert yes == True and no == False  # noqa: E712 (== is the point)
    assert bool(yes) and not bool(no)
    assert repr(yes) == "True" and str(no) == "False"
    assert yes._ipython_display_() is None  # a cell's Out shows nothing
    out = capsys.readouterr().out
    assert "✓ Correct: fine" in out and "✗ Not yet: a hint" in out


def test_no_color_turns_colour_off(capsys, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    c.correct("plain")
    assert capsys.readouterr().out == "✓ Correct: plain\n"


def test_missing_answer_gets_a_hint_not_an_error(capsys):
    assert_hint(capsys, c.MISSING_HINT, c.check, None, 1.0)
    assert_hint(capsys, c.MISSING_HINT, c.check, ..., 1.0)
    assert_hint(capsys, "still contains None", c.check, [1.0, None], [1.0, 2.0])


@pytest.mark.parametrize(
    "answer",
    [
        6,
        6.0,
        np.float32(6.0),
        np.array(6.0),
        torch.tensor(6.0),
        torch.tensor(6.0, requires_grad=True) * 1,
    ],
)
def test_check_accepts_numbers_arrays_and_tensors(capsys, answer):
    assert_right(capsys, c.check, answer, 6.0)


def test_check_accepts_lists_of_tensors(capsys):
    assert_right(capsys, c.check, [torch.tensor(1.0), torch.tensor(2.0)], [1, 2])


@pytest.mark.parametrize(
    "answer, hint",
    [
        (12.0, "2× the right one"),
        (3.0, "1/2 of the right one"),
        (-6.0, "wrong sign"),
        (float("nan"), "nan or inf"),
        (5.0, "answer = 5 is not right yet"),
    ],
)
def test_check_names_the_usual_slips(capsys, answer, hint):
    assert_hint(capsys, hint, c.check, answer, 6.0)


def test_check_finds_shape_and_transpose_slips(capsys):
    m = np.arange(6.0).reshape(2, 3) + 1
    assert_hint(capsys, "transpose", c.check, m.T, m)
    assert_hint(capsys, "transpose", c.check, [[1, 3], [2, 4]], [[1, 2], [3, 4]])
    assert_hint(
        capsys, "shape (6,) but should have shape (2, 3)", c.check, m.ravel(), m
    )
    assert_hint(
        capsys, "shape (2,) but should have shape (3,)", c.check, [1, 2], [1, 2, 3]
    )


def test_an_exercise_mistake_wins_over_the_generic_diagnosis(capsys):
    mistakes = [c.Mistake(12.0, "backward twice?")]
    assert_hint(capsys, "backward twice?", c.check, 12.0, 6.0, mistakes=mistakes)
    predicate = [c.Mistake(lambda a: a.sum() > 100, "far too big")]
    assert_hint(capsys, "far too big", c.check, 500.0, 6.0, mistakes=predicate)


@pytest.mark.parametrize(
    "answer, words",
    [
        ("abc", "expected a number"),
        ({"a": 1}, "expected a number"),
        (print, "Did you forget to call it"),
        ([[1, 2], [3]], "different shapes"),
    ],
)
def test_check_meets_nonsense_with_a_hint_that_says_what_is_expected(
    capsys, answer, words
):
    assert_hint(capsys, words, c.check, answer, 1.0)


def test_check_choice(capsys):
    wrong = {"MulBackward0": "one step down"}
    assert_right(capsys, c.check_choice, " ExpBackward0 ", "ExpBackward0")
    assert_hint(
        capsys,
        "one step down",
        c.check_choice,
        "MulBackward0",
        "ExpBackward0",
        wrong=wrong,
    )
    assert_hint(capsys, "capitals", c.check_choice, "expbackward0", "ExpBackward0")
    assert_hint(capsys, "without quotes", c.check_choice, "True", True)
    assert_right(capsys, c.check_choice, True, True)
    assert_hint(capsys, "put the answer in quotes", c.check_choice, 3, "ExpBackward0")
    assert_hint(capsys, "without quotes", c.check_choice, "5", 5)
    assert_hint(capsys, "holds 2 values", c.check_choice, torch.tensor([5, 5]), 5)
    assert_hint(capsys, "holds 2 values", c.check_choice, np.array([1, 1]), True)
    assert_right(capsys, c.check_choice, torch.tensor(5.0), 5)


def test_check_set(capsys):
    assert_right(capsys, c.check_set, ["a", "c"], {"a", "c"})
    assert_hint(capsys, "'c' is missing", c.check_set, {"a"}, {"a", "c"})
    assert_hint(
        capsys,
        "no b here",
        c.check_set,
        {"a", "b", "c"},
        {"a", "c"},
        extra_hints={"b": "no b here"},
    )
    assert_hint(capsys, "set of names", c.check_set, "ac", {"a", "c"})
    assert_hint(capsys, "as strings", c.check_set, {1, 2}, {"a"})


def test_check_function(capsys):
    def reference(x):
        return 2 * x

    def boom(x):
        raise ZeroDivisionError("oops")

    cases = [(1.0,), (2.0,)]
    assert_right(capsys, c.check_function, lambda x: x + x, reference, cases)
    assert_hint(
        capsys,
        "raised ZeroDivisionError: oops",
        c.check_function,
        boom,
        reference,
        cases,
    )
    assert_hint(
        capsys, "returned None", c.check_function, lambda x: None, reference, cases
    )
    assert_hint(
        capsys,
        "squared it",
        c.check_function,
        lambda x: x * x,
        reference,
        cases,
        mistakes=[(lambda x: x * x, "squared it")],
    )
    assert_hint(
        capsys, "2× the right one", c.check_function, lambda x: 4 * x, reference, cases
    )
    assert_hint(capsys, c.MISSING_HINT, c.check_function, None, reference, cases)
    assert_hint(capsys, "expected a function", c.check_function, 3.0, reference, cases)


def test_check_tensor(capsys):
    leaf = torch.tensor([1.0, 2.0], requires_grad=True)
    assert_right(
        capsys,
        c.check_tensor,
        leaf,
        [1, 2],
        requires_grad=True,
        is_leaf=True,
        floating=True,
    )
    assert_hint(
        capsys,
        "requires_grad is False",
        c.check_tensor,
        torch.tensor([1.0, 2.0]),
        [1, 2],
        requires_grad=True,
    )
    assert_hint(capsys, "not a leaf", c.check_tensor, leaf * 1, [1, 2], is_leaf=True)
    assert_hint(
        capsys,
        "floating-point",
        c.check_tensor,
        torch.tensor([1, 2]),
        [1, 2],
        floating=True,
    )
    assert_hint(capsys, "not a tensor", c.check_tensor, [1.0, 2.0], [1, 2])
    assert_hint(
        capsys,
        "holds [1., 3.], not the values",
        c.check_tensor,
        torch.tensor([1.0, 3.0]),
        [1, 2],
    )
    assert_hint(
        capsys,
        "shape (3,) but should have shape (2,)",
        c.check_tensor,
        torch.tensor([1.0, 2.0, 3.0]),
        [1, 2],
    )
    assert_hint(capsys, "expected a tensor", c.check_tensor, "x", [1, 2])


# ---------------------------------------------------------------------------
# The checks of lessons 00-07: reference, None, typical wrong answers
# ---------------------------------------------------------------------------


def grad_of(f, *values):
    """The .grad of each leaf after f(*leaves).backward()."""
    leaves = [torch.tensor(v, requires_grad=True) for v in values]
    f(*leaves).backward()
    return [leaf.grad for leaf in leaves]


def test_00_first_gradient(capsys):
    (g,) = grad_of(lambda x: x**2, 3.0)
    assert_right(capsys, c.check_00_first_gradient, g)
    assert_hint(
        capsys, "Replace `None` with the gradient", c.check_00_first_gradient, None
    )
    assert_hint(capsys, "the value", c.check_00_first_gradient, 9.0)
    assert_hint(capsys, "3 is x itself", c.check_00_first_gradient, 3.0)
    assert_hint(capsys, ".grad` adds up", c.check_00_first_gradient, 12.0)


def test_00_switch(capsys):
    assert_right(capsys, c.check_00_switch, "import minigrad as torch")
    assert_right(capsys, c.check_00_switch, "import  minigrad  as  torch ")
    assert_hint(capsys, "loads PyTorch itself", c.check_00_switch, "import torch")
    assert_hint(capsys, "with `as`", c.check_00_switch, "import minigrad")
    assert_hint(capsys, c.MISSING_HINT, c.check_00_switch, None)


def test_01_derivative(capsys):
    (g,) = grad_of(lambda x: 2 * x**3 - x, 1.5)
    assert_right(capsys, c.check_01_derivative, g)
    assert_right(capsys, c.check_01_derivative, 6 * 1.5**2 - 1)
    assert_hint(capsys, c.MISSING_HINT, c.check_01_derivative, None)
    assert_hint(capsys, "that is g(1.5)", c.check_01_derivative, 2 * 1.5**3 - 1.5)
    assert_hint(capsys, "`- x` term", c.check_01_derivative, 6 * 1.5**2)
    assert_hint(capsys, "backward() twice", c.check_01_derivative, 2 * g)


def test_01_central_difference(capsys):
    def right(f, x, h):
        return (f(x + h) - f(x - h)) / (2 * h)

    check = c.check_01_central_difference
    assert_right(capsys, check, right)
    assert_hint(capsys, "still returns None", check, None)
    assert_hint(capsys, "returned None", check, lambda f, x, h: None)
    assert_hint(
        capsys, "forward difference", check, lambda f, x, h: (f(x + h) - f(x)) / h
    )
    assert_hint(
        capsys, "divide by 2*h", check, lambda f, x, h: (f(x + h) - f(x - h)) / h
    )
    assert_hint(
        capsys, "`/ (2 * h)`", check, lambda f, x, h: (f(x + h) - f(x - h)) / 2 * h
    )
    assert_hint(
        capsys, "wrong sign", check, lambda f, x, h: (f(x - h) - f(x + h)) / (2 * h)
    )
    assert_hint(capsys, "raised NameError", check, lambda f, x, h: undefined)  # noqa: F821
    # an accurate estimate that ignores h, and a forward difference with a tiny
    # step of its own, are close to the slope but are not the formula asked for
    assert_hint(
        capsys,
        "ignores the step h",
        check,
        lambda f, x, h: (f(x + 1e-5) - f(x - 1e-5)) / 2e-5,
    )
    ok, _ = run(capsys, check, lambda f, x, h: (f(x + 1e-8) - f(x)) / 1e-8)
    assert not ok


def test_02_node_name(capsys):
    a = torch.tensor(0.5, requires_grad=True)
    b = torch.tensor(-1.0, requires_grad=True)
    z = (a * b).exp()
    assert_right(capsys, c.check_02_node_name, type(z.grad_fn).__name__)
    assert_right(capsys, c.check_02_node_name, z.grad_fn)
    assert_hint(capsys, c.MISSING_HINT, c.check_02_node_name, None)
    assert_hint(capsys, "one step further down", c.check_02_node_name, "MulBackward0")
    assert_hint(capsys, "end in a number", c.check_02_node_name, "ExpBackward")
    assert_hint(capsys, "at the leaves", c.check_02_node_name, "AccumulateGrad")


def test_02_count_nodes(capsys):
    from minigrad.autograd import graph

    x = torch.tensor(1.0, requires_grad=True)
    y = torch.tensor(4.0, requires_grad=True)
    w = x * y + x**2
    assert_right(capsys, c.check_02_count_nodes, len(graph.walk(w).nodes))
    assert_right(capsys, c.check_02_count_nodes, 5.0)
    assert_hint(capsys, c.MISSING_HINT, c.check_02_count_nodes, None)
    assert_hint(capsys, "Count it once", c.check_02_count_nodes, 6)
    assert_hint(capsys, "count the AccumulateGrad nodes", c.check_02_count_nodes, 3)


def test_02_leaf_node(capsys):
    x = torch.tensor(1.0, requires_grad=True)
    y = torch.tensor(4.0, requires_grad=True)
    w = x * y + x**2
    mul = w.grad_fn.next_functions[0][0]
    check = c.check_02_leaf_node
    assert_right(capsys, check, mul.next_functions[0][0], x)
    assert_right(capsys, check, w.grad_fn.next_functions[1][0].next_functions[0][0], x)
    assert_hint(capsys, c.MISSING_HINT, check, None, x)
    assert_hint(capsys, "Take the node", check, mul.next_functions[0], x)
    assert_hint(capsys, "that is a MulBackward0 node", check, mul, x)
    assert_hint(capsys, "different leaf", check, mul.next_functions[1][0], x)
    assert_hint(capsys, "that is a tensor", check, x, x)
    assert_hint(capsys, "graph node", check, "AccumulateGrad", x)


def test_03_create(capsys):
    check = c.check_03_create
    assert_right(capsys, check, torch.tensor([1.0, 2.0, 3.0], requires_grad=True))
    assert_right(capsys, check, torch.tensor([1.0, 2.0, 3.0]).requires_grad_())
    assert_hint(capsys, c.MISSING_HINT, check, None)
    assert_hint(capsys, "requires_grad is False", check, torch.tensor([1.0, 2.0, 3.0]))
    assert_hint(capsys, "floating-point", check, torch.tensor([1, 2, 3]))
    assert_hint(
        capsys,
        "not a leaf",
        check,
        torch.ones(3, requires_grad=True) * torch.tensor([1.0, 2.0, 3.0]),
    )
    assert_hint(capsys, "not a tensor", check, [1.0, 2.0, 3.0])


def test_03_requires_grad_and_leaves(capsys):
    a = torch.tensor(2.0, requires_grad=True)
    b = torch.tensor(3.0)
    tensors = {"a": a, "b": b, "c": a * b, "d": b * 2, "e": (a * b).detach()}
    needs = {name for name, t in tensors.items() if t.requires_grad}
    leaves = {name for name, t in tensors.items() if t.is_leaf}
    assert_right(capsys, c.check_03_requires_grad, needs)
    assert_right(capsys, c.check_03_leaves, leaves)
    assert_hint(capsys, c.MISSING_HINT, c.check_03_requires_grad, None)
    assert_hint(capsys, "spreads forward", c.check_03_requires_grad, {"a"})
    assert_hint(
        capsys, "cut off from the graph", c.check_03_requires_grad, {"a", "c", "e"}
    )
    assert_hint(capsys, "uses only b", c.check_03_requires_grad, {"a", "c", "d"})
    assert_hint(capsys, "is a leaf (is_leaf is True)", c.check_03_leaves, {"a", "b"})
    assert_hint(
        capsys, "new tensor with no grad_fn", c.check_03_leaves, {"a", "b", "d"}
    )
    assert_hint(capsys, "has a grad_fn", c.check_03_leaves, {"a", "b", "c", "d", "e"})


def test_04_partials(capsys):
    gx, gy = grad_of(lambda x, y: x**2 * y + y**3, 1.0, 2.0)
    check = c.check_04_partials
    assert_right(capsys, check, [gx, gy])
    assert_hint(capsys, c.MISSING_HINT, check, None)
    assert_hint(capsys, "swapped", check, [gy, gx])
    assert_hint(capsys, "misses the x²", check, [4.0, 12.0])
    assert_hint(capsys, "y stays as a factor", check, [2.0, 13.0])
    assert_hint(capsys, "that is f(1, 2)", check, 10.0)


def test_04_grad_formula(capsys):
    def right(x, y):
        exy = math.exp(x * y)
        return (y * math.cos(x) + y * exy, math.sin(x) + x * exy)

    def forgot_chain(x, y):
        return (y * math.cos(x) + math.exp(x * y), math.sin(x) + math.exp(x * y))

    check = c.check_04_grad_formula
    assert_right(capsys, check, right)
    assert_hint(capsys, "still returns None", check, None)
    assert_hint(capsys, "chain rule", check, forgot_chain)
    assert_hint(capsys, "swapped", check, lambda x, y: right(x, y)[::-1])
    # the formula agrees with autograd
    for x, y in [(0.5, -1.0), (1.0, 0.3)]:
        gx, gy = grad_of(lambda a, b: b * a.sin() + (a * b).exp(), x, y)
        assert np.allclose([gx.item(), gy.item()], right(x, y), rtol=1e-5)


def test_04_vector_grad(capsys):
    w = torch.tensor([1.0, -2.0, 0.5], requires_grad=True)
    t = torch.tensor([1.0, 1.0, 1.0])
    ((w - t) ** 2).mean().backward()
    check = c.check_04_vector_grad
    assert_right(capsys, check, w.grad)
    assert_hint(capsys, c.MISSING_HINT, check, None)
    assert_hint(capsys, "mean() divides by n = 3", check, w.grad * 3)
    assert_hint(capsys, "lost the 2", check, w.grad / 2)
    assert_hint(capsys, "one entry per entry of w", check, w.grad.sum())


def test_05_fan_out(capsys):
    (g,) = grad_of(lambda x: x * x + x, 3.0)
    check = c.check_05_fan_out
    assert_right(capsys, check, g)
    assert_hint(capsys, c.MISSING_HINT, check, None)
    assert_hint(capsys, "only one of the two inputs", check, 4.0)
    assert_hint(capsys, "path through +", check, 6.0)
    assert_hint(capsys, "that is z itself", check, 12.0)


def test_05_mul_sends(capsys):
    from widgets import StepperModel

    a = torch.tensor(2.0, requires_grad=True)
    b = torch.tensor(-3.0, requires_grad=True)
    cc = torch.tensor(1.0, requires_grad=True)
    model = StepperModel((a * b + cc) ** 2)
    records = [model.next() for _ in range(model.total)]
    mul = next(record for record in records if record.name == "MulBackward0")
    check = c.check_05_mul_sends
    assert_right(capsys, check, mul.grads_out[0])
    assert_hint(capsys, c.MISSING_HINT, check, None)
    assert_hint(capsys, "only the local derivative", check, -3.0)
    assert_hint(capsys, "gradient coming in", check, -10.0)
    assert_hint(capsys, "what MulBackward0 sends to b", check, mul.grads_out[1])


def test_06_vjp(capsys):
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    v = torch.tensor([1.0, 0.5, -1.0])
    (x**2).backward(v)
    check = c.check_06_vjp
    assert_right(capsys, check, x.grad)
    assert_hint(capsys, c.MISSING_HINT, check, None)
    assert_hint(capsys, "v = ones", check, [2.0, 4.0, 6.0])
    assert_hint(capsys, "that is v itself", check, v)
    assert_hint(capsys, "that is one number", check, x.grad.sum())


def f06(t):
    return torch.stack([t[0] * t[1], t[0] + t[1] ** 2])


def test_06_jacobian(capsys):
    from minigrad.autograd.functional import jacobian

    jac = jacobian(f06, torch.tensor([2.0, 3.0]))
    check = c.check_06_jacobian
    assert_right(capsys, check, jac)
    assert_hint(capsys, c.MISSING_HINT, check, None)
    assert_hint(capsys, "that is Jᵀ", check, jac.T)
    assert_hint(capsys, "shape (4,)", check, jac.reshape(4))


def test_06_row(capsys):
    x = torch.tensor([2.0, 3.0], requires_grad=True)
    f06(x).backward(torch.tensor([0.0, 1.0]))
    check = c.check_06_row
    assert_right(capsys, check, x.grad)
    assert_hint(capsys, c.MISSING_HINT, check, None)
    assert_hint(capsys, "that is column 1", check, [2.0, 6.0])
    assert_hint(capsys, "that is row 0", check, [3.0, 2.0])
    assert_hint(capsys, "gradient=ones adds up", check, [4.0, 8.0])
    assert_hint(capsys, "backward twice", check, [2.0, 12.0])


def test_07_three_backwards(capsys):
    x = torch.tensor(2.0, requires_grad=True)
    for _ in range(3):
        (x**2).backward()
    check = c.check_07_three_backwards
    assert_right(capsys, check, x.grad)
    assert_hint(capsys, c.MISSING_HINT, check, None)
    assert_hint(capsys, "each backward adds", check, 4.0)
    assert_hint(capsys, "two backward passes", check, 8.0)


def micro_batch_grad(zero_inside, scale):
    xs = torch.tensor(c.MICRO_X)
    ys = torch.tensor(c.MICRO_Y)
    size = len(c.MICRO_X) // c.MICRO_BATCHES
    w = torch.tensor(c.MICRO_W, requires_grad=True)
    for k in range(c.MICRO_BATCHES):
        if zero_inside:
            w.grad = None
        xb, yb = xs[k * size : (k + 1) * size], ys[k * size : (k + 1) * size]
        loss = ((w * xb - yb) ** 2).mean()
        (loss / c.MICRO_BATCHES if scale else loss).backward()
    return w.grad


def test_07_micro_batches(capsys):
    check = c.check_07_micro_batches
    assert_right(capsys, check, micro_batch_grad(zero_inside=False, scale=True))
    xs, ys = torch.tensor(c.MICRO_X), torch.tensor(c.MICRO_Y)
    w = torch.tensor(c.MICRO_W, requires_grad=True)
    ((w * xs - ys) ** 2).mean().backward()
    assert_right(capsys, check, w.grad)  # the full-batch gradient
    assert_hint(capsys, c.MISSING_HINT, check, None)
    assert_hint(
        capsys,
        "divide it by the number of micro-batches",
        check,
        micro_batch_grad(zero_inside=False, scale=False),
    )
    assert_hint(
        capsys,
        "Zero once, before the loop",
        check,
        micro_batch_grad(zero_inside=True, scale=False),
    )
    assert_hint(
        capsys,
        "Zero once, before the loop",
        check,
        micro_batch_grad(zero_inside=True, scale=True),
    )


# ---------------------------------------------------------------------------
# The folded solutions pass their checks inside the lessons
# ---------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.timeout(NOTEBOOK_SECONDS + 30)
@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_folded_solutions_pass_their_checks(path):
    nb = read(path)
    pairs = exercise_pairs(nb)
    assert len(pairs) >= 2, f"{path.name}: a lesson has two or more exercises"
    unsolved = [index for index, solution in pairs if solution is None]
    assert not unsolved, (
        f"{path.name}: exercise cells {unsolved} have no folded "
        "<details><summary>Solution</summary> with a ```python block after them"
    )
    for index, solution in pairs:
        nb.cells[index].source = solution
    nb, _ = execute(nb)
    for index, _ in pairs:
        said = text_of(nb.cells[index])
        assert CORRECT in said and NOT_YET not in said, (
            f"{path.name}, cell {index}: the solution does not pass: {said!r}"
        )


# ---------------------------------------------------------------------------
# The guard: no exception, no endless wait, no ✓ for a wrong answer
# ---------------------------------------------------------------------------

CHECK_MODULES = sorted(path.stem for path in (LESSONS[0].parent).glob("checks*.py"))


@pytest.mark.parametrize("module_name", CHECK_MODULES)
def test_every_check_wears_the_guard(module_name):
    module = importlib.import_module(f"lessons.{module_name}")
    checks = [
        name
        for name, value in vars(module).items()
        if name.startswith("check")
        and callable(value)
        and getattr(value, "__module__", "") == module.__name__
    ]
    assert checks, f"lessons/{module_name}.py has no check functions"
    unguarded = [
        name
        for name in checks
        if not getattr(getattr(module, name), "is_exercise_check", False)
    ]
    assert not unguarded, (
        f"lessons/{module_name}.py: {unguarded} lack @exercise_check, so an "
        "odd answer could raise into the notebook"
    )


def test_an_exception_becomes_a_one_paragraph_hint(capsys):
    @c.exercise_check
    def check_boom(answer):
        return answer["key"] == 1  # a TypeError for a number, KeyError for {}

    out = assert_only_hints(capsys, check_boom, {})
    assert "KeyError" in out
    out = assert_only_hints(capsys, check_boom, 3.0)
    assert "TypeError" in out and "kind of thing the exercise asks for" in out


def test_a_long_error_message_is_cut_to_one_short_line(capsys):
    @c.exercise_check
    def check_wordy(answer):
        raise ValueError("line one\n" + "x" * 2000)

    out = assert_only_hints(capsys, check_wordy, 1.0)
    assert "line one x" in out and len(out) < 600


def test_a_student_loop_that_never_ends_is_stopped(capsys, monkeypatch):
    monkeypatch.setattr(c, "CHECK_SECONDS", 0.2)
    out = assert_only_hints(
        capsys,
        c.check_function,
        bad_answers._never_returns,
        lambda x: x,
        [(1.0,)],
    )
    assert "stopped your code after 0.2 s" in out
    out = assert_only_hints(
        capsys, c.check_01_central_difference, bad_answers._never_returns_swallowing
    )
    assert "a loop that never ends" in out


def test_the_time_limit_puts_an_outer_timer_back():
    """pytest-timeout (and anyone else) keeps its SIGALRM timer across a check."""
    previous = signal.signal(signal.SIGALRM, lambda *args: None)
    signal.setitimer(signal.ITIMER_REAL, 100.0)
    try:
        with c._time_limit(1.0):
            assert signal.getitimer(signal.ITIMER_REAL)[0] <= 1.0
        assert 90.0 < signal.getitimer(signal.ITIMER_REAL)[0] <= 100.0
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_a_keyboard_interrupt_still_stops_the_cell():
    @c.exercise_check
    def check_interrupted(answer):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        check_interrupted(1.0)


def test_deep_nesting_and_several_values_get_hints(capsys):
    out = assert_only_hints(capsys, c.check, bad_answers._nested(500), 1.0)
    assert "nested more than" in out
    out = assert_only_hints(capsys, c.check_02_count_nodes, torch.tensor([5, 5]))
    assert "holds 2 values" in out
    out = assert_only_hints(capsys, c.check_02_count_nodes, [5, 5])
    assert "holds 2 values" in out


# Each check of lessons 00-07 with the arguments after the answer, and the
# right answer turned wrong in the ways students turn it (off by sign, as a
# tensor of the wrong value, as a plain number where a tensor belongs).
_X = torch.tensor(1.0, requires_grad=True)
LESSON_CHECKS = {
    "check_00_first_gradient": ((), [-6.0, torch.tensor(-6.0), [6.0, 6.0]]),
    "check_00_switch": ((), ["import minigrad as torch\nimport torch", True]),
    "check_01_derivative": ((), [-12.5, torch.tensor([12.5, 12.5])]),
    "check_01_central_difference": ((), [lambda f, x, h: -(f(x + h) - f(x)) / h]),
    "check_02_node_name": ((), ["expbackward", _X.grad_fn, _X]),
    "check_02_count_nodes": ((), [-5, 5.5, "5", "five"]),
    "check_02_leaf_node": ((_X,), [_X, (_X * 2).grad_fn, 5]),
    "check_03_create": (
        (),
        [[1.0, 2.0, 3.0], 1.0, torch.tensor([-1.0, -2.0, -3.0], requires_grad=True)],
    ),
    "check_03_requires_grad": ((), [{"A", "C"}, "a, c", {1, 2}, [["a"]]]),
    "check_03_leaves": ((), [set(), {"a", "b", "c", "d", "e", "f"}]),
    "check_04_partials": ((), [[-4.0, -13.0], torch.tensor([4.0, 13.0, 0.0])]),
    "check_04_grad_formula": ((), [lambda x, y: (-1.0, -1.0), lambda x: x]),
    "check_04_vector_grad": ((), [[0.0, 2.0, 1 / 3], -0.5]),
    "check_05_fan_out": ((), [-7.0, torch.tensor([7.0, 7.0])]),
    "check_05_mul_sends": ((), [-30.0, torch.tensor(-30.0)]),
    "check_06_vjp": ((), [[-2.0, -2.0, 6.0], 2.0]),
    "check_06_jacobian": ((), [-np.array([[3.0, 2.0], [1.0, 6.0]]), 1.0]),
    "check_06_row": ((), [[-1.0, -6.0], torch.tensor(1.0)]),
    "check_07_three_backwards": ((), [-12.0, "12"]),
    "check_07_micro_batches": ((), [float("nan"), [1.0, 2.0]]),
}


def test_every_lesson_check_is_in_the_table():
    lesson_checks = {name for name in dir(c) if re.match(r"check_\d\d_", name)}
    assert lesson_checks == set(LESSON_CHECKS)


@pytest.mark.parametrize("name", sorted(LESSON_CHECKS))
def test_wrong_answers_get_hints_never_a_tick(capsys, monkeypatch, name):
    monkeypatch.setattr(c, "CHECK_SECONDS", bad_answers.TABLE_SECONDS)
    check = getattr(c, name)
    extra, own_wrong = LESSON_CHECKS[name]
    rows = bad_answers.BAD_ANSWERS + [(repr(a), a) for a in own_wrong]
    for label, answer in rows:
        try:
            assert_only_hints(capsys, check, answer, *extra)
        except AssertionError as error:
            raise AssertionError(f"{name}({label}): {error}") from None
