"""Answer checks for lesson 19 (forward mode and reverse mode).

Each check prints one verdict line and returns a ``Verdict`` (true when
right), with a hint that names the likely mistake, and a hint for an answer
still set to ``None`` that gives nothing away. The machinery (``check``,
``check_function``, ``Mistake``, ...) is ``lessons/checks.py``; read that
first. Each check recomputes the right answer with minigrad itself, from the
same functions and numbers as the lesson's exercise cells. Each wears
``@exercise_check``, so it never raises into the notebook and never hangs.
"""

from __future__ import annotations

from typing import Any

import numpy as np

import minigrad as torch
from lessons.checks import (
    MISSING_HINT,
    Mistake,
    Verdict,
    as_array,
    check,
    check_function,
    exercise_check,
    is_missing,
    not_yet,
)
from minigrad.autograd.functional import jacobian

__all__ = [
    "check_19_jvp_by_hand",
    "check_19_jacobian_by_columns",
    "check_19_count_products",
]


def _exercise_function(x):
    """f(x) of exercise 19.1, as the lesson defines it: [x0·x1, x1² + x2, sin(x0)]."""
    return torch.stack([x[0] * x[1], x[1] ** 2 + x[2], torch.sin(x[0])])


EXERCISE_POINT = [1.0, 2.0, 0.5]
EXERCISE_DIRECTION = [1.0, -1.0, 2.0]


def _exercise_jacobian() -> np.ndarray:
    x = torch.tensor(EXERCISE_POINT)
    return jacobian(_exercise_function, x).numpy().astype(np.float64)


@exercise_check
def check_19_jvp_by_hand(answer: Any) -> Verdict:
    """Exercise 19.1: J·v of `exercise_function` at (1, 2, 0.5), v = (1, -1, 2)."""
    J = _exercise_jacobian()
    v = np.array(EXERCISE_DIRECTION)
    return check(
        answer,
        J @ v,
        success="that is J·v: how the three outputs move when x moves along "
        "v, from two backward passes and no Jacobian.",
        mistakes=[
            Mistake(
                v @ J,
                "that is the VJP vᵀJ (what one backward pass with "
                "grad_outputs=v gives), not the JVP J·v. Keep going: make the "
                "first gradient with create_graph=True and a dummy u that "
                "requires grad, then differentiate it with respect to u, with "
                "grad_outputs=v.",
            ),
            Mistake(
                np.zeros(3),
                "all zeros: that is g = uᵀJ itself at u = 0. The JVP is the "
                "gradient of g with respect to u: "
                "torch.autograd.grad(g, u, grad_outputs=v).",
            ),
            Mistake(
                J,
                "that is the whole Jacobian. The exercise asks for J·v "
                "without building J: two calls of torch.autograd.grad.",
            ),
            Mistake(
                J @ np.ones(3),
                "that is J·(1, 1, 1): the second backward pass should get "
                "grad_outputs=v, the direction, not ones.",
            ),
        ],
        hint="The first torch.autograd.grad(y, x, grad_outputs=u, "
        "create_graph=True) gives g = uᵀJ; the second differentiates g with "
        "respect to u.",
    )


def _reference_columns(f, x):
    return jacobian(f, x)


def _square(x):
    return x**2


def _mix(x):
    W = torch.tensor([[1.0, -2.0, 0.5], [0.0, 3.0, 1.0]])
    return torch.tanh(W @ x)


def _one_input(x):
    return torch.stack([x[0], x[0] ** 2, x[0].exp(), x[0].sin()])


def _column_cases():
    return [
        (_square, torch.tensor([1.0, -2.0, 3.0])),
        (_mix, torch.tensor([0.3, -0.1, 0.7])),
        (_exercise_function, torch.tensor(EXERCISE_POINT)),
        (_one_input, torch.tensor([0.5])),
    ]


def _rows_as_columns(f, x):
    return jacobian(f, x).T


@exercise_check
def check_19_jacobian_by_columns(answer: Any) -> Verdict:
    """Exercise 19.2: jacobian_by_columns(f, x) builds J from one JVP per input."""
    if is_missing(answer):
        return not_yet(MISSING_HINT)
    if not callable(answer):
        return not_yet(
            f"answer is a {type(answer).__name__}; set it to the function itself: "
            "`answer = jacobian_by_columns` (no brackets)."
        )
    return check_function(
        answer,
        _reference_columns,
        _column_cases(),
        name="jacobian_by_columns",
        mistakes=[
            (
                _rows_as_columns,
                "each JVP is a column of J, but your columns came out as "
                "rows: stack them along dim=1 (torch.stack(columns, dim=1)).",
            )
        ],
        success="one JVP per input, one column each: n products for n "
        "inputs, however many outputs there are.",
        hint="For column j, call jvp(f, x, e) with e the j-th row of "
        "torch.eye(n) and keep the second item it returns.",
    )


@exercise_check
def check_19_count_products(answer: Any) -> Verdict:
    """Exercise 19.3: products for the 10×784 Jacobian: (VJPs, JVPs) = (10, 784)."""
    if is_missing(answer):
        return not_yet(MISSING_HINT)
    if isinstance(answer, str) or not hasattr(answer, "__len__"):
        return not_yet(
            "answer should be two whole numbers in a tuple: "
            "(number of VJPs, number of JVPs)."
        )
    got = as_array(answer, "answer")
    if got.size != 2:
        return not_yet(
            f"answer holds {got.size} numbers; give two: (number of VJPs, "
            "number of JVPs)."
        )
    return check(
        got.reshape(2),
        [10, 784],
        success="10 VJPs (one per output: a row each) against 784 JVPs (one per "
        "input: a column each). For a classifier, reverse mode wins.",
        mistakes=[
            Mistake(
                [784, 10],
                "swapped: a VJP gives one row of J (one output, all inputs), a "
                "JVP one column (one input, all outputs). J has 10 rows and 784 "
                "columns.",
            ),
            Mistake(
                [1, 1],
                "one of each gives one row and one column, not the whole "
                "Jacobian. How many rows does J have, and how many columns?",
            ),
            Mistake(
                lambda a: a[0] == a[1],
                "the two counts differ: rows come from VJPs and columns from "
                "JVPs, and J is not square.",
            ),
        ],
        hint="J has one row per output and one column per input.",
        rtol=0,
        atol=0,
    )
