"""The answer checks of lesson 20 (lessons/checks_conv.py).

Every check must accept the reference solution (the one folded into the
lesson), answer the unsolved preset `None` with a hint that gives nothing
away, meet each typical wrong answer with its own hint, and never raise.
"""

import bad_answers
import numpy as np
import pytest
from bad_answers import assert_only_hints
from lessons_testutil import assert_hint, assert_right, run

import minigrad as torch
import minigrad.nn as nn
import minigrad.nn.functional as F
from lessons import checks
from lessons import checks_conv as cc
from lessons.checks import MISSING_HINT

# ---------------------------------------------------------------- exercise 1


def test_output_shape_accepts_the_layer_itself(capsys):
    conv = nn.Conv2d(3, 8, kernel_size=5, stride=2, padding=2)
    y = conv(torch.zeros(4, 3, 30, 30))
    assert_right(capsys, cc.check_20_output_shape, tuple(y.shape))
    assert_right(capsys, cc.check_20_output_shape, y.shape)
    assert_right(capsys, cc.check_20_output_shape, [4, 8, 15, 15])
    assert_right(capsys, cc.check_20_output_shape, (4.0, 8, 15, 15))


OUTPUT_SHAPE_HINTS = [
    ((4, 8, 13, 13), "without the padding"),
    ((4, 8, 14, 14), "forgot the +1"),
    ((4, 8, 16, 16), "round down"),
    ((4, 8, 30, 30), "divide by the stride"),
    ((4, 8, 26, 26), "ignores both the stride and the padding"),
    ((4, 3, 15, 15), "out_channels channels"),
    ((8, 4, 15, 15), "the batch comes first"),
    ((8, 15, 15), "has 3 numbers"),
    ((4, 8, 15, 14), "is not it yet"),
    (15, "that is one number"),
    (torch.zeros(4, 8, 15, 15), "that is a tensor"),
    ("(4, 8, 15, 15)", "answer is a str"),
    ((4, 8, 15.5, 15), "answer is a tuple"),
    (None, MISSING_HINT),
]


@pytest.mark.parametrize(("answer", "hint"), OUTPUT_SHAPE_HINTS)
def test_output_shape_hints(capsys, answer, hint):
    assert_hint(capsys, hint, cc.check_20_output_shape, answer)


# ---------------------------------------------------------------- exercise 2


def solved_exercise_2():
    x, w, G = cc.exercise_tensors()
    w.requires_grad_()
    (F.conv2d(x, w) * G).sum().backward()
    return x, w, G


def test_weight_grad_accepts_the_solution_and_backward(capsys):
    x, w, G = solved_exercise_2()
    assert_right(capsys, cc.check_20_weight_grad, F.conv2d(x, G))
    assert_right(capsys, cc.check_20_weight_grad, w.grad)
    assert_right(capsys, cc.check_20_weight_grad, w.grad[0, 0])
    assert_right(capsys, cc.check_20_weight_grad, w.grad.numpy())


def test_weight_grad_matches_finite_differences():
    # The reference itself, against the definition of a derivative (float64).
    x, w, G = solved_exercise_2()
    x64, w64, G64 = (t.detach().numpy().astype(np.float64)[0, 0] for t in (x, w, G))

    def loss(kernel):
        windows = np.lib.stride_tricks.sliding_window_view(x64, (3, 3))
        return float(((windows * kernel).sum(axis=(2, 3)) * G64).sum())

    numeric = np.zeros((3, 3))
    for index in np.ndindex(3, 3):
        up, down = w64.copy(), w64.copy()
        up[index] += 1e-6
        down[index] -= 1e-6
        numeric[index] = (loss(up) - loss(down)) / 2e-6
    assert np.allclose(numeric, F.conv2d(x, G).numpy()[0, 0], atol=1e-5)


def test_weight_grad_hints(capsys):
    x, w, G = solved_exercise_2()
    right = F.conv2d(x, G)
    check = cc.check_20_weight_grad
    assert_hint(capsys, MISSING_HINT, check, None)
    assert_hint(capsys, "that is x.grad", check, F.conv_transpose2d(G, w.detach()))
    assert_hint(capsys, "upside down", check, right.numpy()[:, :, ::-1, ::-1])
    assert_hint(capsys, "rows and columns are swapped", check, right.transpose(2, 3))
    assert_hint(capsys, "window sums of x", check, F.conv2d(x, torch.ones_like(G)))
    assert_hint(capsys, "that is w itself", check, w.detach())
    assert_hint(capsys, "wrong sign", check, -right)
    assert_hint(capsys, "2× the right one", check, 2 * right)
    assert_hint(capsys, "should have shape (1, 1, 3, 3)", check, torch.ones(1, 1, 4, 4))
    assert_hint(capsys, "is not right yet", check, torch.ones(1, 1, 3, 3))


def test_missing_hints_give_nothing_away(capsys):
    right = F.conv2d(*cc.exercise_tensors()[::2])
    for check in (cc.check_20_output_shape, cc.check_20_weight_grad):
        _, out = run(capsys, check, None)
        assert MISSING_HINT in out and out.count("\n") == 1, out
        assert "15" not in out and "conv2d(x, G)" not in out
        assert f"{right[0, 0, 0, 0].item():.0f}." not in out


# Wrong answers of this lesson's own, beside the shared table of odd ones.
OWN_WRONG = {
    "check_20_output_shape": [a for a, _ in OUTPUT_SHAPE_HINTS if a is not None],
    "check_20_weight_grad": [
        torch.zeros(1, 1, 3, 3),
        torch.ones(3, 3),
        [[1.0, 2.0, 3.0]] * 3,
        (1, 8, 3, 3),
    ],
}


def test_every_check_of_the_lesson_is_in_the_table():
    assert set(OWN_WRONG) == set(cc.__all__)


@pytest.mark.parametrize("name", sorted(OWN_WRONG))
def test_wrong_answers_get_hints_never_a_tick(capsys, monkeypatch, name):
    monkeypatch.setattr(checks, "CHECK_SECONDS", bad_answers.TABLE_SECONDS)
    check = getattr(cc, name)
    rows = bad_answers.BAD_ANSWERS + [(repr(a), a) for a in OWN_WRONG[name]]
    for label, answer in rows:
        try:
            assert_only_hints(capsys, check, answer)
        except AssertionError as error:
            raise AssertionError(f"{name}({label}): {error}") from None
