"""Plausible wrong answers that every check must meet with a hint, never a ✓.

Shared by tests/lessons/test_checks.py and test_checks_advanced.py (and any
other check module's tests): ``BAD_ANSWERS`` is a table of (label, answer)
rows covering wrong types, wrong values, NaN, tensors where a number belongs
and numbers where a tensor belongs, several values where one belongs, lists
nested far too deep, and student functions that raise or never return.
``assert_only_hints`` runs one check on one answer and says what went wrong.
"""

from __future__ import annotations

import numpy as np

import minigrad as torch


def _nested(depth: int) -> list:
    value: list | float = 1.0
    for _ in range(depth):
        value = [value]
    return value


def _never_returns(*args, **kwargs):
    while True:
        pass


def _never_returns_swallowing(*args, **kwargs):
    while True:
        try:
            pass
        except Exception:  # a student's catch-all must not defeat the limit
            pass


def _raises(*args, **kwargs):
    raise ValueError("a bug in the student's code\nover two lines")


class _RaisingClass:
    """A class whose every use raises (a half-written custom Function)."""

    def __init__(self, *args, **kwargs):
        raise RuntimeError("not written yet")

    @staticmethod
    def apply(*args, **kwargs):
        raise RuntimeError("not written yet")


BAD_ANSWERS = [
    ("string", "abc"),
    ("empty string", ""),
    ("number as string", "6.0"),
    ("dict", {"a": 1}),
    ("object", object()),
    ("complex", 1 + 2j),
    ("NaN", float("nan")),
    ("inf", float("inf")),
    ("huge", 1e300),
    ("zero", 0.0),
    ("negative", -7.25),
    ("bool", False),
    ("NaN tensor", torch.tensor(float("nan"))),
    ("0-d tensor, wrong value", torch.tensor(7.25)),
    ("several values", torch.tensor([1.0, 2.0, 3.0])),
    ("int tensor", torch.tensor([5, 5])),
    ("numpy strings", np.array(["a", "b"])),
    ("ragged list", [[1.0, 2.0], [3.0]]),
    ("list of strings", ["a", "b"]),
    ("nested 500 deep", _nested(500)),
    ("nested 40 deep", _nested(40)),
    ("tuple with None", (None, 1.0)),
    ("builtin function", print),
    ("function that raises", _raises),
    ("function that never returns", _never_returns),
    ("loop that swallows exceptions", _never_returns_swallowing),
    ("class that raises", _RaisingClass),
]

# Short enough that the endless loops above cost little, long enough for
# every check to examine a wrong answer that does return.
TABLE_SECONDS = 0.5


def assert_only_hints(capsys, check, answer, *extra):
    """``check(answer, *extra)`` must print one ✗ hint line and return False."""
    verdict = check(answer, *extra)
    out = capsys.readouterr().out
    assert not verdict, f"a wrong answer passed: {out!r}"
    assert "✗ Not yet" in out and "✓" not in out, out
    assert "Traceback" not in out and 'File "' not in out, out
    hint = out[out.index("✗ Not yet") :]  # what the answer printed comes before
    assert hint.strip().count("\n") == 0, f"the hint is not one line: {out!r}"
    return out
