"""The answer checks of lesson 19 (lessons/checks_modes.py).

Every check must accept the reference solution (the one folded into the
lesson), answer the unsolved preset `None` with a hint that gives nothing
away, meet each typical wrong answer with its own hint, and never raise.
"""

import bad_answers
import pytest
from bad_answers import assert_only_hints
from lessons_testutil import assert_hint, assert_right, run

import minigrad as torch
from lessons import checks
from lessons import checks_modes as cm
from lessons.checks import MISSING_HINT
from minigrad.autograd.functional import jacobian, jvp, vjp

# ---------------------------------------------------------------- exercise 1


def f1(x):
    return torch.stack([x[0] * x[1], x[1] ** 2 + x[2], torch.sin(x[0])])


def exercise_1():
    x1 = torch.tensor([1.0, 2.0, 0.5], requires_grad=True)
    v1 = torch.tensor([1.0, -1.0, 2.0])
    return x1, v1, f1(x1)


def test_jvp_by_hand_accepts_the_double_vjp(capsys):
    x1, v1, y1 = exercise_1()
    u1 = torch.zeros_like(y1).requires_grad_()
    (g1,) = torch.autograd.grad(y1, x1, grad_outputs=u1, create_graph=True)
    (answer,) = torch.autograd.grad(g1, u1, grad_outputs=v1)
    assert_right(capsys, cm.check_19_jvp_by_hand, answer)
    # The same numbers, however they were found: J v by hand.
    J = jacobian(f1, x1.detach())
    assert_right(capsys, cm.check_19_jvp_by_hand, J @ v1)
    assert_right(capsys, cm.check_19_jvp_by_hand, jvp(f1, x1.detach(), v1)[1])


def test_jvp_by_hand_hints(capsys):
    x1, v1, y1 = exercise_1()
    J = jacobian(f1, x1.detach())
    assert_hint(capsys, MISSING_HINT, cm.check_19_jvp_by_hand, None)
    assert_hint(capsys, "that is the VJP", cm.check_19_jvp_by_hand, v1 @ J)
    assert_hint(capsys, "all zeros", cm.check_19_jvp_by_hand, torch.zeros(3))
    assert_hint(capsys, "the whole Jacobian", cm.check_19_jvp_by_hand, J)
    assert_hint(capsys, "not ones", cm.check_19_jvp_by_hand, J @ torch.ones(3))
    assert_hint(capsys, "expected a number, a tensor", cm.check_19_jvp_by_hand, "Jv")
    assert_hint(capsys, "is not right yet", cm.check_19_jvp_by_hand, [1.0, 2.0, 3.0])


def test_missing_hints_give_nothing_away(capsys):
    x1, v1, _ = exercise_1()
    right = (jacobian(f1, x1.detach()) @ v1).tolist()
    for check in (
        cm.check_19_jvp_by_hand,
        cm.check_19_jacobian_by_columns,
        cm.check_19_count_products,
    ):
        _, out = run(capsys, check, None)
        assert MISSING_HINT in out and out.count("\n") == 1, out
        assert "784" not in out and f"{right[0]:.3f}" not in out


# ---------------------------------------------------------------- exercise 2


def jacobian_by_columns(f, x):
    columns = [jvp(f, x, e)[1] for e in torch.eye(x.numel())]
    return torch.stack(columns, dim=1)


def jacobian_by_rows(f, x):
    rows = [vjp(f, x, e)[1] for e in torch.eye(f(x).numel())]
    return torch.stack(rows)


def test_jacobian_by_columns_accepts_the_solution(capsys):
    assert_right(capsys, cm.check_19_jacobian_by_columns, jacobian_by_columns)
    assert_right(capsys, cm.check_19_jacobian_by_columns, jacobian_by_rows)


def test_jacobian_by_columns_hints(capsys):
    check = cm.check_19_jacobian_by_columns
    assert_hint(capsys, MISSING_HINT, check, None)

    def stacked_as_rows(f, x):
        return torch.stack([jvp(f, x, e)[1] for e in torch.eye(x.numel())])

    assert_hint(capsys, "stack them along dim=1", check, stacked_as_rows)

    def one_jvp_only(f, x):
        return jvp(f, x, torch.ones_like(x))[1]

    assert_hint(capsys, "For column j", check, one_jvp_only)

    def broken(f, x):
        raise ValueError("oops")

    assert_hint(capsys, "raised ValueError: oops", check, broken)
    assert_hint(capsys, "no brackets", check, jacobian_by_columns(f1, torch.ones(3)))


# ---------------------------------------------------------------- exercise 3


def test_count_products(capsys):
    check = cm.check_19_count_products
    assert_right(capsys, check, (10, 784))
    assert_right(capsys, check, [10, 784])
    assert_hint(capsys, MISSING_HINT, check, None)
    assert_hint(capsys, "swapped", check, (784, 10))
    assert_hint(capsys, "one of each", check, (1, 1))
    assert_hint(capsys, "the two counts differ", check, (10, 10))
    assert_hint(capsys, "two whole numbers in a tuple", check, 794)
    assert_hint(capsys, "give two", check, torch.tensor([10.0, 784.0, 1.0]))
    assert_hint(capsys, "two whole numbers in a tuple", check, "10 and 784")
    assert_hint(capsys, "one row per output", check, (20, 784))


# Wrong answers of this lesson's own, beside the shared table of odd ones.
OWN_WRONG = {
    "check_19_jvp_by_hand": [[0.0, 0.0, 0.0], torch.tensor([1.0, 2.0, 3.0])],
    "check_19_jacobian_by_columns": [jacobian_by_columns(f1, torch.ones(3)), f1],
    "check_19_count_products": [(784, 10), (1, 1), [10, 784, 1]],
}


def test_every_check_of_the_lesson_is_in_the_table():
    assert set(OWN_WRONG) == set(cm.__all__)


@pytest.mark.parametrize("name", sorted(OWN_WRONG))
def test_wrong_answers_get_hints_never_a_tick(capsys, monkeypatch, name):
    monkeypatch.setattr(checks, "CHECK_SECONDS", bad_answers.TABLE_SECONDS)
    check = getattr(cm, name)
    rows = bad_answers.BAD_ANSWERS + [(repr(a), a) for a in OWN_WRONG[name]]
    for label, answer in rows:
        try:
            assert_only_hints(capsys, check, answer)
        except AssertionError as error:
            raise AssertionError(f"{name}({label}): {error}") from None
