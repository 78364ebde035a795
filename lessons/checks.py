"""Answer checks for the lessons: a friendly verdict for every exercise.

A lesson's exercise cell ends with a call such as ``check_01_derivative(answer)``.
The call prints one line and returns a ``Verdict``, truthy when right and
falsy when not (it compares equal to ``True`` / ``False``, and as a cell's
last expression it displays nothing):

    ✓ Correct: f'(1.5) = 12.5, exactly what autograd gives.
    ✗ Not yet: your value is 2× the right one. Did you call backward() twice
      without zeroing x.grad?

A check never raises into the notebook: every answer, however wrong, gets a
one-paragraph hint that names the likely mistake, never a bare "wrong" and
never a traceback. A string where a number belongs, a list nested 500 deep,
a student function that raises or never returns: each becomes a hint. An
answer still set to ``None`` (the preset in every exercise) gets a hint that
says what to do without giving the answer away, so a lesson runs top to
bottom before it is solved.

The machinery (reused by ``lessons/checks_advanced.py`` for lessons 08-14
and by every other check module):

- ``@exercise_check``: the decorator every check function wears. It turns any
  exception into a hint and stops the check after ``CHECK_SECONDS`` (a
  student's loop that never ends), so a new check module gets both for free.

- ``check(answer, expected, mistakes=..., hint=...)``: numbers, arrays,
  tensors and lists of them, with a diagnosis of the usual slips (a factor of
  2, a flipped sign, a transpose, a wrong shape) and the exercise's own
  ``Mistake``s first.
- ``check_choice(answer, expected, wrong=...)``: a string, bool or other
  exact answer, with a hint per wrong choice.
- ``check_set(answer, expected, missing=..., extra=...)``: a set of names.
- ``check_function(fn, reference, cases, mistakes=...)``: a function the
  student wrote, compared with a reference on a few inputs.
- ``check_tensor(answer, expected, requires_grad=..., is_leaf=...)``: a
  tensor's values and flags.
- ``correct(message)`` / ``not_yet(hint)``: print a verdict line, return a
  ``Verdict`` (every check ends with one of them).

Then one ``check_NN_name`` function per exercise of lessons 00-07. Read a
lesson first; its checks are grouped here under the lesson's number.
"""

from __future__ import annotations

import functools
import math
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np

import minigrad

__all__ = [
    "CHECK_SECONDS",
    "MISSING_HINT",
    "AnswerTypeError",
    "CheckTimeout",
    "Mistake",
    "Verdict",
    "as_array",
    "check",
    "check_choice",
    "check_function",
    "check_set",
    "check_tensor",
    "correct",
    "describe_error",
    "exercise_check",
    "is_missing",
    "not_yet",
]

# ---------------------------------------------------------------------------
# Printing a verdict
# ---------------------------------------------------------------------------

# ANSI colours: Jupyter maps them to its theme's own green and red, so they
# read in light and dark themes; the ✓ / ✗ marks carry the verdict without
# colour. NO_COLOR (https://no-color.org) turns colour off.
_GREEN = "\x1b[32m"
_RED = "\x1b[31m"
_RESET = "\x1b[0m"

MISSING_HINT = (
    "`answer` is still None. Replace `None` with your code and run the cell again."
)


def _colour(text: str, code: str) -> str:
    if os.environ.get("NO_COLOR"):
        return text
    return f"{code}{text}{_RESET}"


class Verdict(int):
    """What a check returns: truthy when right, falsy when not.

    It behaves as ``True`` / ``False`` (``if check(...)``, ``== True``,
    ``assert check(...)``) and prints as them, but as the last expression of a
    notebook cell it displays nothing: the printed verdict line is the only
    output, so an exported notebook shows no bare ``False`` under a hint.
    """

    def __new__(cls, ok: bool) -> Verdict:
        return super().__new__(cls, bool(ok))

    def __repr__(self) -> str:
        return "True" if self else "False"

    __str__ = __repr__

    def _ipython_display_(self) -> None:
        """Show nothing: the verdict line was already printed."""


def correct(message: str = "") -> Verdict:
    """Print ``✓ Correct: message`` in green and return a true ``Verdict``."""
    text = "✓ Correct" + (f": {message}" if message else ".")
    print(_colour(text, _GREEN))
    return Verdict(True)


def not_yet(hint: str) -> Verdict:
    """Print ``✗ Not yet: hint`` in red and return a false ``Verdict``."""
    print(_colour(f"✗ Not yet: {hint}", _RED))
    return Verdict(False)


def is_missing(answer: Any) -> bool:
    """True for the preset of an unsolved exercise: ``None`` or ``...``."""
    return answer is None or answer is Ellipsis


# ---------------------------------------------------------------------------
# The guard every check wears: no traceback, no endless wait
# ---------------------------------------------------------------------------

# How long one check may run, the student's own code included. The slowest
# check trains a small model in well under a second; a check still running
# after this is waiting on a loop of the student's that never ends.
CHECK_SECONDS = 30.0

# The longest error text a hint quotes: enough to name the problem, short
# enough to stay one paragraph.
_ERROR_CHARS = 240


class AnswerTypeError(TypeError):
    """An answer of the wrong kind (a string where a number belongs, ...).

    Its message is written for the student and is shown as the hint itself.
    """


class CheckTimeout(BaseException):
    """Raised inside a check that ran past ``CHECK_SECONDS``.

    A ``BaseException`` so that a student's ``except Exception:`` cannot
    swallow it and keep the loop going.
    """


_guard_depth = 0  # > 0 while a guarded check runs (helpers nest inside checks)


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise ``CheckTimeout`` in this thread after ``seconds``.

    Uses SIGALRM, so it works where a notebook runs its cells: in the main
    thread of a Unix kernel. Elsewhere (Windows, a worker thread) the check
    simply runs without a limit. A timer already running (pytest-timeout's,
    say) is put back, minus the time spent, when the check ends.
    """
    usable = (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return
    outer_left, _ = signal.getitimer(signal.ITIMER_REAL)
    if outer_left and outer_left <= seconds:  # the outer timer fires first
        yield
        return

    def on_alarm(signum: int, frame: Any) -> None:
        raise CheckTimeout(seconds)

    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_left:
            spent = time.monotonic() - started
            signal.setitimer(signal.ITIMER_REAL, max(outer_left - spent, 1e-3))


def _one_paragraph(text: str) -> str:
    """Error text on one line, cut at ``_ERROR_CHARS``."""
    flat = " ".join(str(text).split())
    if len(flat) > _ERROR_CHARS:
        flat = flat[: _ERROR_CHARS - 1].rstrip() + "…"
    return flat


def describe_error(error: BaseException) -> str:
    """``"ValueError: what it said"`` on one line, short enough for a hint.

    Args:
        error: an exception, usually raised by the student's code.

    Returns:
        The exception's type and message as one paragraph.

    Example:
        >>> describe_error(ValueError("bad\\nvalue"))
        'ValueError: bad value'
    """
    detail = _one_paragraph(str(error))
    name = type(error).__name__
    return f"{name}: {detail}" if detail else name


def _hint_for_error(error: Exception) -> str:
    """The hint shown when a check meets an exception."""
    if isinstance(error, AnswerTypeError):
        return _one_paragraph(str(error))
    if isinstance(error, RecursionError):
        return (
            "your answer is nested too deeply to read (a list inside a list "
            "inside a list ...). Give a number, a tensor, or a flat list."
        )
    return (
        f"checking your answer stopped with {describe_error(error)}. Check "
        "that your answer is the kind of thing the exercise asks for (a "
        "number, a tensor, a function, ...) and that the cells above it have "
        "run."
    )


def exercise_check(check_function: Callable[..., Verdict]) -> Callable[..., Verdict]:
    """Decorate a check so it never raises into the notebook and never hangs.

    Any exception from the student's answer (or raised while examining it)
    becomes a one-paragraph ``✗ Not yet`` hint naming what went wrong; a check
    that runs past ``CHECK_SECONDS`` (a student's loop that never ends) stops
    with a hint saying so. Checks called inside a check share its guard.
    ``KeyboardInterrupt`` (the notebook's stop button) still stops the cell.

    Args:
        check_function: a function that prints a verdict and returns a
            ``Verdict`` (or a bool).

    Returns:
        The same function, guarded; ``guarded.__wrapped__`` is the original.

    Example:
        >>> @exercise_check
        ... def check_00_answer(answer):
        ...     return check(answer, 6.0)
        >>> check_00_answer("six")  # prints a hint, returns a false Verdict
    """

    @functools.wraps(check_function)
    def guarded(*args: Any, **kwargs: Any) -> Verdict:
        global _guard_depth
        if _guard_depth:  # an outer check already guards this call
            return check_function(*args, **kwargs)
        _guard_depth += 1
        try:
            with _time_limit(CHECK_SECONDS):
                return check_function(*args, **kwargs)
        except CheckTimeout:
            return not_yet(
                f"the check stopped your code after {CHECK_SECONDS:g} s: it was "
                "still running. Look for a loop that never ends (a `while` "
                "whose condition stays true, a function that calls itself "
                "with no way out) and run the cell again."
            )
        except Exception as error:  # the student's answer, however wrong
            return not_yet(_hint_for_error(error))
        finally:
            _guard_depth -= 1

    guarded.is_exercise_check = True  # tests find unguarded checks by this
    return guarded


# ---------------------------------------------------------------------------
# Turning answers into arrays
# ---------------------------------------------------------------------------


def _type_name(value: Any) -> str:
    return type(value).__name__


def as_array(answer: Any, name: str = "answer") -> np.ndarray:
    """Turn a number, bool, numpy array, minigrad Tensor, or a (nested) list or
    tuple of them into a float64 numpy array.

    Raises:
        AnswerTypeError: (a ``TypeError``) for anything else (a string, a
            function, a dict, a list nested deeper than any array, ...), with
            a message for the student that says what is expected.
    """
    return _to_array(answer, name, depth=0)


# numpy arrays have at most 32 (numpy 1) or 64 (numpy 2) dimensions; no
# exercise asks for more than 3, so a deeper list is a slip, not an answer.
_MAX_NESTING = 32


def _to_array(answer: Any, name: str, depth: int) -> np.ndarray:
    if depth > _MAX_NESTING:
        raise AnswerTypeError(
            f"{name} is a list nested more than {_MAX_NESTING} levels deep; "
            "expected a number, a tensor, or a list of numbers."
        )
    if isinstance(answer, minigrad.Tensor):
        return np.asarray(answer.detach().numpy(), dtype=np.float64)
    if isinstance(answer, (bool, np.bool_)):
        return np.asarray(float(answer))
    if isinstance(answer, (int, float, np.integer, np.floating)):
        return np.asarray(answer, dtype=np.float64)
    if isinstance(answer, np.ndarray):
        if answer.dtype.kind not in "biuf":
            raise AnswerTypeError(
                f"{name} is a numpy array of dtype {answer.dtype}; expected numbers."
            )
        return answer.astype(np.float64)
    if isinstance(answer, (list, tuple)):
        if any(is_missing(item) for item in answer):
            raise _MissingPart(name)
        parts = [_to_array(item, name, depth + 1) for item in answer]
        try:
            return np.stack(parts) if parts else np.zeros(0)
        except ValueError:
            shapes = ", ".join(str(p.shape) for p in parts)
            raise AnswerTypeError(
                f"{name} is a list whose items have different shapes ({shapes}); "
                "expected a number, a tensor, or a list of equal-shaped items."
            ) from None
    if callable(answer):
        raise AnswerTypeError(
            f"{name} is a function ({getattr(answer, '__name__', answer)!r}); "
            "expected a number or a tensor. Did you forget to call it, "
            "e.g. `x.grad` rather than `x.backward`, or `f(x)` rather than `f`?"
        )
    raise AnswerTypeError(
        f"{name} is a {_type_name(answer)} ({answer!r:.60}); expected a number, "
        "a tensor (such as `x.grad`), a numpy array, or a list of numbers."
    )


class _MissingPart(Exception):
    """A list answer with a ``None`` inside: reported as a hint, not raised."""


def _fmt(value: Any) -> str:
    """A short readable rendering of a number or array."""
    arr = np.asarray(value, dtype=np.float64)
    if arr.ndim == 0:
        x = float(arr)
        if not math.isfinite(x):
            return str(x)
        if x == int(x) and abs(x) < 1e15:
            return f"{int(x)}"
        return f"{x:.6g}"
    text = np.array2string(
        arr, precision=4, suppress_small=True, separator=", ", max_line_width=70
    )
    return " ".join(text.split())  # a matrix on one line: a hint is one paragraph


# ---------------------------------------------------------------------------
# Numbers, arrays, tensors
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Mistake:
    """A typical wrong answer and the hint it deserves.

    ``wrong`` is either the wrong value itself (a number, array, tensor or
    list; matched with the same tolerance as the right one) or a predicate
    ``wrong(arr) -> bool`` on the answer as a float64 numpy array.
    """

    wrong: Any
    hint: str

    def matches(self, arr: np.ndarray, rtol: float, atol: float) -> bool:
        if callable(self.wrong) and not isinstance(self.wrong, minigrad.Tensor):
            try:
                return bool(self.wrong(arr))
            except Exception:  # a predicate that does not fit this answer
                return False
        wrong = as_array(self.wrong, "Mistake.wrong")
        return wrong.shape == arr.shape and np.allclose(
            arr, wrong, rtol=rtol, atol=atol
        )


def _ratio(arr: np.ndarray, expected: np.ndarray, atol: float) -> float | None:
    """answer / expected when it is one constant, else None."""
    mask = np.abs(expected) > atol
    if not mask.any() or not np.allclose(arr[~mask], 0, atol=atol):
        return None
    ratios = arr[mask] / expected[mask]
    r = float(ratios.flat[0])
    if np.allclose(ratios, r, rtol=1e-6, atol=1e-9) and abs(r) > 1e-12:
        return r
    return None


def _diagnose(arr: np.ndarray, expected: np.ndarray, atol: float) -> str | None:
    """Name a common slip when the answer is a simple distortion of the truth."""
    flipped = arr.ndim == 2 and arr.shape == expected.shape[::-1]
    if flipped and arr.shape[0] != arr.shape[1]:
        if np.allclose(arr.T, expected, rtol=1e-4, atol=atol):
            return (
                "your answer is the transpose of the right one: rows should "
                "follow the outputs and columns the inputs."
            )
    if arr.shape != expected.shape:
        return None
    if arr.ndim == 2 and arr.shape[0] == arr.shape[1] and arr.shape[0] > 1:
        if np.allclose(arr.T, expected, rtol=1e-4, atol=atol):
            return (
                "your answer is the transpose of the right one: rows should "
                "follow the outputs and columns the inputs."
            )
    r = _ratio(arr, expected, atol)
    if r is None:
        return None
    if math.isclose(r, -1.0, rel_tol=1e-4):
        return "your value has the wrong sign; check each minus sign."
    for k in range(2, 11):
        if math.isclose(r, k, rel_tol=1e-4):
            return f"your value is {k}× the right one."
        if math.isclose(r, 1 / k, rel_tol=1e-4):
            return f"your value is 1/{k} of the right one."
    return None


@exercise_check
def check(
    answer: Any,
    expected: Any,
    *,
    success: str = "",
    mistakes: Iterable[Mistake] = (),
    hint: str = "",
    missing: str = MISSING_HINT,
    name: str = "answer",
    rtol: float = 1e-4,
    atol: float = 1e-6,
) -> Verdict:
    """Compare a numeric answer with the expected value and print a verdict.

    Args:
        answer: what the student computed: a number, a Tensor (e.g. ``x.grad``),
            a numpy array, or a list/tuple of these.
        expected: the right value, in any of the same forms.
        success: said after "✓ Correct:" (a sentence that teaches something).
        mistakes: typical wrong answers with their own hints, tried first.
        hint: a general hint added when no specific mistake matches.
        missing: the hint for ``None`` (the preset of an unsolved exercise).
        name: how to call the answer in messages.
        rtol, atol: tolerances (float32 arithmetic is fine by default).

    Returns:
        A true Verdict if the answer is right, else a false one. Never
        raises: an answer that is not numeric gets a hint saying what is
        expected.

    Example:
        >>> check(x.grad, 12.5, success="f'(1.5) = 12.5")
    """
    if is_missing(answer):
        return not_yet(missing)
    try:
        arr = as_array(answer, name)
    except _MissingPart:
        return not_yet(f"{name} still contains None; fill in every part.")
    exp = as_array(expected, "expected")
    if arr.shape == exp.shape and np.allclose(arr, exp, rtol=rtol, atol=atol):
        return correct(success or f"{name} = {_fmt(arr)}.")
    if not np.all(np.isfinite(arr)):
        return not_yet(
            f"{name} contains nan or inf ({_fmt(arr)}). Look for a division "
            "by zero, a log of a non-positive number, or an overflow."
        )
    for mistake in mistakes:
        if mistake.matches(arr, rtol, atol):
            return not_yet(mistake.hint)
    general = f" {hint}" if hint else ""
    diagnosis = _diagnose(arr, exp, atol)
    if diagnosis:
        return not_yet(diagnosis + general)
    if arr.size == exp.size and arr.shape != exp.shape:
        return not_yet(
            f"{name} has shape {tuple(arr.shape)} but should have shape "
            f"{tuple(exp.shape)} (same {exp.size} numbers, different "
            f"arrangement?).{general}"
        )
    if arr.shape != exp.shape:
        return not_yet(
            f"{name} has shape {tuple(arr.shape)} but should have shape "
            f"{tuple(exp.shape)}.{general}"
        )
    return not_yet(f"{name} = {_fmt(arr)} is not right yet.{general}")


@exercise_check
def check_tensor(
    answer: Any,
    expected: Any = None,
    *,
    requires_grad: bool | None = None,
    is_leaf: bool | None = None,
    floating: bool = False,
    success: str = "",
    mistakes: Iterable[Mistake] = (),
    hint: str = "",
    missing: str = MISSING_HINT,
    name: str = "answer",
) -> Verdict:
    """Check that the answer is a minigrad Tensor with the given values and flags.

    Args:
        answer: the student's tensor.
        expected: the values it should hold (None: values not checked).
        requires_grad, is_leaf: the flags it should have (None: not checked).
        floating: if True, the dtype must be float32 or float64.
        success, mistakes, hint, missing, name: as in ``check``.

    Returns:
        A true Verdict if every requested property holds, else a false one.
    """
    if is_missing(answer):
        return not_yet(missing)
    if not isinstance(answer, minigrad.Tensor):
        if isinstance(answer, (int, float, list, tuple, np.ndarray)):
            return not_yet(
                f"{name} is a {_type_name(answer)}, not a tensor. Wrap it: "
                "`torch.tensor(...)`."
            )
        raise AnswerTypeError(
            f"{name} is a {_type_name(answer)}; expected a tensor made with "
            "`torch.tensor(...)` or an operation on tensors."
        )
    if floating and answer.dtype not in (minigrad.float32, minigrad.float64):
        return not_yet(
            f"{name} has dtype {answer.dtype}; gradients need a floating-point "
            "tensor: write `1.0` rather than `1`, or pass `dtype=torch.float32`."
        )
    if expected is not None:
        arr = as_array(answer, name)
        exp = as_array(expected, "expected")
        if arr.shape != exp.shape or not np.allclose(arr, exp, rtol=1e-4, atol=1e-6):
            for mistake in mistakes:
                if mistake.matches(arr, 1e-4, 1e-6):
                    return not_yet(mistake.hint)
            general = f" {hint}" if hint else ""
            if arr.shape != exp.shape:
                return not_yet(
                    f"{name} has shape {tuple(arr.shape)} but should have shape "
                    f"{tuple(exp.shape)}.{general}"
                )
            return not_yet(
                f"{name} holds {_fmt(arr)}, not the values asked for.{general}"
            )
    if requires_grad is not None and answer.requires_grad != requires_grad:
        if requires_grad:
            return not_yet(
                f"{name}.requires_grad is False. Pass `requires_grad=True` when "
                "you create it, or call `.requires_grad_()` on it."
            )
        return not_yet(
            f"{name}.requires_grad is True but should be False: use "
            "`.detach()` or create it without `requires_grad=True`."
        )
    if is_leaf is not None and answer.is_leaf != is_leaf:
        if is_leaf:
            return not_yet(
                f"{name} is not a leaf: it is the result of an operation "
                f"(its grad_fn is {type(answer.grad_fn).__name__}). Create the "
                "tensor directly with `torch.tensor(..., requires_grad=True)`."
            )
        return not_yet(
            f"{name} is a leaf, but it should be the result of an operation on "
            "a tensor that requires grad."
        )
    return correct(success or f"{name} is {answer!r}.")


# ---------------------------------------------------------------------------
# Exact answers: strings, bools, sets
# ---------------------------------------------------------------------------


@exercise_check
def check_choice(
    answer: Any,
    expected: Any,
    *,
    wrong: Mapping[Any, str] | None = None,
    hint: str = "",
    success: str = "",
    missing: str = MISSING_HINT,
    name: str = "answer",
    normalize: Callable[[Any], Any] | None = None,
) -> Verdict:
    """Check an exact answer (a string, bool, int, ...) and print a verdict.

    Args:
        answer: the student's answer.
        expected: the right answer; compared with ``==`` after ``normalize``.
        wrong: a hint for each typical wrong answer (keys normalized too).
        hint: a general hint for any other wrong answer.
        normalize: applied to both sides before comparing; strings are stripped
            by default.

    Returns:
        A true Verdict if right, else a false one.
    """
    if is_missing(answer):
        return not_yet(missing)
    if normalize is None:

        def normalize(v):
            return v.strip() if isinstance(v, str) else v

    if isinstance(expected, str) and not isinstance(answer, str):
        raise AnswerTypeError(
            f"{name} is a {_type_name(answer)} ({answer!r:.60}); expected a "
            "string: put the answer in quotes, e.g. 'MulBackward0'."
        )
    if _is_number(expected) and not _is_number(answer):
        if isinstance(answer, str):
            return not_yet(
                f"{name} is the string {answer!r:.40}; the exercise asks for a "
                "number: write it without quotes."
            )
        many = _several_values(answer)
        if many:
            return not_yet(
                f"{name} holds {many} values; the exercise asks for one number."
            )
        if isinstance(answer, (minigrad.Tensor, np.ndarray)):
            answer = answer.item()  # a one-element tensor or array
    if isinstance(expected, bool) and not isinstance(answer, (bool, np.bool_)):
        if isinstance(answer, str) and answer.strip() in ("True", "False"):
            return not_yet(
                f"{name} is the string {answer!r}; write True or False without quotes."
            )
        many = _several_values(answer)
        if many:
            return not_yet(f"{name} holds {many} values; expected True or False.")
        if isinstance(answer, minigrad.Tensor) or isinstance(answer, (int, float)):
            answer = bool(answer)
        else:
            raise AnswerTypeError(
                f"{name} is a {_type_name(answer)}; expected True or False."
            )
    got = normalize(answer)
    if _equal(got, normalize(expected)):
        return correct(success or f"{name} = {answer!r}.")
    for key, message in (wrong or {}).items():
        if _equal(normalize(key), got):
            return not_yet(message)
    if isinstance(got, str) and isinstance(expected, str):
        if got.lower() == normalize(expected).lower():
            return not_yet(f"{got!r} has the wrong capitals; names are case-sensitive.")
    return not_yet(f"{name} = {answer!r} is not right yet. {hint}".rstrip())


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not (
        isinstance(value, (bool, np.bool_))
    )


def _several_values(answer: Any) -> int:
    """How many values a tensor, array or list holds, when more than one."""
    if isinstance(answer, (minigrad.Tensor, np.ndarray)):
        size = int(np.prod(answer.shape))
    elif isinstance(answer, (list, tuple, set, frozenset)):
        size = len(answer)
    else:
        return 0
    return size if size != 1 else 0


def _equal(a: Any, b: Any) -> bool:
    """``a == b`` as one bool; False when the comparison gives an array."""
    try:
        same = a == b
    except Exception:  # e.g. comparing a tensor with a string
        return False
    return isinstance(same, (bool, np.bool_)) and bool(same)


@exercise_check
def check_set(
    answer: Any,
    expected: Iterable[str],
    *,
    missing_hints: Mapping[str, str] | None = None,
    extra_hints: Mapping[str, str] | None = None,
    success: str = "",
    missing: str = MISSING_HINT,
    name: str = "answer",
) -> Verdict:
    """Check a set (or list) of names, hinting at the first missing or extra one.

    Args:
        answer: e.g. ``{"a", "c"}``.
        expected: the right names.
        missing_hints: a hint per name that should be in the answer but is not.
        extra_hints: a hint per name that is in the answer but should not be.
    """
    if is_missing(answer):
        return not_yet(missing)
    if isinstance(answer, str):
        raise AnswerTypeError(
            f"{name} is one string ({answer!r}); expected a set of names such "
            f"as {{'a', 'b'}}."
        )
    if not isinstance(answer, (set, frozenset, list, tuple)):
        raise AnswerTypeError(
            f"{name} is a {_type_name(answer)}; expected a set of names such as "
            "{'a', 'b'}."
        )
    if not all(isinstance(item, str) for item in answer):
        raise AnswerTypeError(
            f"{name} should hold names as strings, e.g. {{'a', 'b'}} rather "
            "than {a, b}."
        )
    got, want = set(answer), set(expected)
    if got == want:
        return correct(success or f"{name} = {sorted(got)}.")
    for item in sorted(want - got):
        return not_yet((missing_hints or {}).get(item, f"{item!r} is missing."))
    for item in sorted(got - want):
        return not_yet(
            (extra_hints or {}).get(item, f"{item!r} should not be in {name}.")
        )
    return Verdict(False)  # unreachable: the sets differ, so a loop returned


# ---------------------------------------------------------------------------
# Functions the student writes
# ---------------------------------------------------------------------------


@exercise_check
def check_function(
    fn: Any,
    reference: Callable[..., Any],
    cases: Sequence[tuple],
    *,
    mistakes: Iterable[tuple[Callable[..., Any], str]] = (),
    success: str = "",
    hint: str = "",
    missing: str = MISSING_HINT,
    name: str | None = None,
    rtol: float = 1e-4,
    atol: float = 1e-6,
) -> Verdict:
    """Call the student's function on each case and compare with ``reference``.

    Args:
        fn: the student's function (None if unsolved).
        reference: the right function, same signature.
        cases: argument tuples to call both with.
        mistakes: ``(wrong_function, hint)`` pairs: when the student's results
            match a wrong function on every case, its hint is shown.
        success, hint, missing: as in ``check``.
        name: how to call the function in messages (default: its __name__).

    Returns:
        A true Verdict if every case matches, else a false one. An exception inside the
        student's function becomes a hint, not a crash.
    """
    if is_missing(fn):
        return not_yet(missing)
    if not callable(fn):
        raise AnswerTypeError(
            f"expected a function, got a {_type_name(fn)}. Pass the function "
            "itself, without calling it: `check(my_function)`."
        )
    label = name or getattr(fn, "__name__", "your function")
    got, want = [], []
    for args in cases:
        try:
            value = fn(*args)
        except Exception as error:  # the student's bug, reported as a hint
            return not_yet(f"{label}{_fmt_args(args)} raised {describe_error(error)}")
        if is_missing(value):
            return not_yet(
                f"{label}{_fmt_args(args)} returned None. Replace the "
                "placeholder with your code and `return` the result."
            )
        try:
            got.append(as_array(value, f"{label}{_fmt_args(args)}"))
        except (TypeError, _MissingPart):
            return not_yet(
                f"{label}{_fmt_args(args)} returned a {_type_name(value)}; "
                "it should return a number or a tensor."
            )
        want.append(as_array(reference(*args), "reference"))
    for g, w, args in zip(got, want, cases):  # noqa: B007 (args used below)
        if g.shape != w.shape or not np.allclose(g, w, rtol=rtol, atol=atol):
            break
    else:
        return correct(success or f"{label} agrees with the reference.")
    for wrong_fn, message in mistakes:
        try:
            wrong = [as_array(wrong_fn(*args), "wrong") for args in cases]
        except Exception:
            continue
        if all(
            g.shape == w.shape and np.allclose(g, w, rtol=rtol, atol=atol)
            for g, w in zip(got, wrong)
        ):
            return not_yet(message)
    diagnosis = _diagnose(g, w, atol)
    general = f" {hint}" if hint else ""
    prefix = f"{label}{_fmt_args(args)} = {_fmt(g)}"
    if diagnosis:
        return not_yet(f"{prefix}: {diagnosis}{general}")
    return not_yet(f"{prefix} is not right yet.{general}")


def _fmt_args(args: tuple) -> str:
    parts = []
    for arg in args:
        if callable(arg):
            parts.append(getattr(arg, "__name__", "f"))
        elif isinstance(arg, (int, float, np.integer, np.floating)):
            parts.append(_fmt(arg))
        else:
            parts.append("...")
    return "(" + ", ".join(parts) + ")"


# ===========================================================================
# Lesson 00: welcome
# ===========================================================================


@exercise_check
def check_00_first_gradient(answer: Any) -> Verdict:
    """y = x**2 at x = 3: the gradient dy/dx = 2x = 6."""
    return check(
        answer,
        2 * 3.0,
        success="dy/dx = 2x = 6 at x = 3: autograd agrees with the power rule.",
        mistakes=[
            Mistake(
                3.0**2,
                "9 is y = x² itself, the value. The gradient is in "
                "`x.grad` after `y.backward()`.",
            ),
            Mistake(
                3.0, "3 is x itself. The gradient is in `x.grad` after `y.backward()`."
            ),
            Mistake(
                4 * 3.0,
                "12 is 2× the right one: did you run the backward "
                "cell twice? `.grad` adds up (lesson 07 shows why). Re-run "
                "the cell that creates x, then backward once.",
            ),
        ],
        missing="`answer` is still None. Replace `None` with the gradient that "
        "autograd computed for x (the cells above show where `backward()` "
        "stores it) and run the cell again.",
    )


@exercise_check
def check_00_switch(answer: Any) -> Verdict:
    """The one line that makes lesson code run on minigrad under torch's name."""
    return check_choice(
        answer,
        "import minigrad as torch",
        success="that one line is the switch: write `import torch` instead, and "
        "every cell not marked `# minigrad lab only` runs on PyTorch unchanged.",
        wrong={
            "import torch": "`import torch` loads PyTorch itself. Which line "
            "lets code written for PyTorch use minigrad instead?",
            "import minigrad": "close: `import minigrad` works, but then the "
            "code says `minigrad.tensor`, not `torch.tensor`. Give it the "
            "name `torch` with `as`.",
            "from minigrad import *": "a star import puts the names in your "
            "namespace, but PyTorch code writes `torch.tensor(...)`. Import "
            "minigrad *as* torch.",
        },
        hint="It is an import line with `as`.",
        normalize=lambda v: " ".join(v.split()) if isinstance(v, str) else v,
    )


# ===========================================================================
# Lesson 01: what automatic differentiation is
# ===========================================================================


@exercise_check
def check_01_derivative(answer: Any) -> Verdict:
    """g(x) = 2x³ - x at x = 1.5: g'(x) = 6x² - 1 = 12.5."""
    x = 1.5
    return check(
        answer,
        6 * x**2 - 1,
        success="g'(1.5) = 6·1.5² - 1 = 12.5, the formula and autograd agree.",
        mistakes=[
            Mistake(
                2 * x**3 - x,
                "that is g(1.5), the value of the function. "
                "The derivative is in `x.grad` after `g.backward()`.",
            ),
            Mistake(
                6 * x**2, "you left out the derivative of the `- x` term, which is -1."
            ),
            Mistake(
                2 * (6 * x**2 - 1),
                "your value is 2× the right one: did "
                "you call backward() twice on the same x? `.grad` adds up.",
            ),
        ],
        hint="Power rule: d/dx xⁿ = n·xⁿ⁻¹, term by term.",
    )


def _central(f, x, h):
    return (f(x + h) - f(x - h)) / (2 * h)


def _cube(x):
    return x**3


def _square(x):
    return x * x


_cube.__name__, _square.__name__ = "cube", "square"  # as messages show them


@exercise_check
def check_01_central_difference(fn: Any) -> Verdict:
    """central_difference(f, x, h) = (f(x + h) - f(x - h)) / (2h)."""
    return check_function(
        fn,
        _central,
        # h = 0.5 for the cube: there the central difference (12.25) is far
        # from the true slope 12, so an accurate estimate with a step of its
        # own, or a one-sided one, cannot pass for the formula.
        [
            (_cube, 2.0, 0.5),
            (_cube, 2.0, 0.01),
            (_square, -1.0, 0.1),
            (math.exp, 0.5, 0.001),
        ],
        mistakes=[
            (
                lambda f, x, h: (f(x + h) - f(x)) / h,
                "that is the forward difference (f(x+h) - f(x)) / h. The central "
                "difference looks both ways: f(x+h) and f(x-h).",
            ),
            (
                lambda f, x, h: (f(x + h) - f(x - h)) / h,
                "your value is 2× the right one: f(x+h) and f(x-h) are 2h apart, "
                "so divide by 2*h.",
            ),
            (
                lambda f, x, h: (f(x + h) - f(x - h)) / 2 * h,
                "`/ 2 * h` divides by 2 and then multiplies by h. Write `/ (2 * h)`.",
            ),
            (
                lambda f, x, h: (f(x - h) - f(x + h)) / (2 * h),
                "your value has the wrong sign: subtract f(x - h) from f(x + h).",
            ),
            (
                lambda f, x, h: _central(f, x, 1e-6),
                "your estimate is close to the true slope, but it ignores the step "
                "h the check passes: use h itself, (f(x + h) - f(x - h)) / (2 * h).",
            ),
        ],
        success="central_difference matches (f(x+h) - f(x-h)) / (2h) on "
        "three functions.",
        missing="`central_difference` still returns None. Replace `None` with "
        "the formula and run the cell again.",
    )


# ===========================================================================
# Lesson 02: the computational graph
# ===========================================================================


def _node_name(answer: Any) -> Any:
    from minigrad.autograd.function import Node

    if isinstance(answer, Node):
        return answer.name()
    return answer


@exercise_check
def check_02_node_name(answer: Any) -> Verdict:
    """y = (a * b).exp(): y.grad_fn is an ExpBackward0 node."""
    return check_choice(
        _node_name(answer),
        "ExpBackward0",
        success="y.grad_fn is the node of the *last* operation that made y: "
        "ExpBackward0, exactly as PyTorch names it.",
        wrong={
            "MulBackward0": "MulBackward0 is one step further down the graph. "
            "y.grad_fn is the node of the last operation that made y.",
            "ExpBackward": "almost: backward node names end in a number: ExpBackward0.",
            "Exp": "Exp is the operation; its backward node has its own name. "
            "Look at `y.grad_fn`.",
            "AccumulateGrad": "AccumulateGrad nodes sit at the leaves (a and b); "
            "y was made by an operation.",
        },
        hint="Print `y.grad_fn` and read the name between `<` and ` object`.",
    )


@exercise_check
def check_02_count_nodes(answer: Any) -> Verdict:
    """z = x*y + x**2: 5 backward nodes (Add, Mul, Pow, 2 × AccumulateGrad)."""
    if isinstance(answer, float) and answer.is_integer():
        answer = int(answer)
    return check_choice(
        answer,
        5,
        success="five nodes: AddBackward0, MulBackward0, PowBackward0 and one "
        "AccumulateGrad per leaf (x and y). x's AccumulateGrad is shared by "
        "both paths that use x.",
        wrong={
            6: "x is used twice, but it has one AccumulateGrad node that both "
            "MulBackward0 and PowBackward0 point to. Count it once.",
            3: "you counted the operations; count the AccumulateGrad nodes "
            "too, one for each leaf that requires grad.",
            4: "count the operations (+, *, **) and one AccumulateGrad per leaf "
            "(x and y).",
            7: "you may have counted tensors as well; count only the backward "
            "nodes: the three operations and one AccumulateGrad per leaf.",
        },
        hint="`len(graph.walk(z).nodes)` counts them for you.",
    )


@exercise_check
def check_02_leaf_node(answer: Any, x: Any) -> Verdict:
    """The AccumulateGrad node of leaf x, reached from z.grad_fn."""
    from minigrad.autograd.function import AccumulateGrad, Node

    if is_missing(answer):
        return not_yet(MISSING_HINT)
    if isinstance(answer, tuple) and len(answer) == 2 and isinstance(answer[0], Node):
        return not_yet(
            "`next_functions` holds pairs (node, output_nr). Take the node "
            "with `[0]`: `...next_functions[0][0]`."
        )
    if isinstance(answer, minigrad.Tensor):
        return not_yet(
            "that is a tensor; the exercise asks for a node of the graph. "
            "Start from `z.grad_fn` and follow `.next_functions`."
        )
    if not isinstance(answer, Node):
        raise AnswerTypeError(
            f"answer is a {_type_name(answer)}; expected a graph node such as "
            "`z.grad_fn.next_functions[0][0]`."
        )
    if not isinstance(answer, AccumulateGrad):
        return not_yet(
            f"that is a {answer.name()} node; keep following `next_functions` "
            "down until you reach an AccumulateGrad node."
        )
    if answer.variable is not x:
        return not_yet(
            "that is the AccumulateGrad node of a different leaf; check "
            "`answer.variable` and pick the other input."
        )
    return correct(
        "answer.variable is x: this AccumulateGrad node is where backward "
        "deposits x.grad."
    )


# ===========================================================================
# Lesson 03: requires_grad
# ===========================================================================


@exercise_check
def check_03_create(answer: Any) -> Verdict:
    """A leaf tensor [1., 2., 3.] that requires grad."""
    return check_tensor(
        answer,
        [1.0, 2.0, 3.0],
        requires_grad=True,
        is_leaf=True,
        floating=True,
        success="a float leaf tensor that requires grad: backward will fill its .grad.",
        hint="Use `torch.tensor([1., 2., 3.], requires_grad=True)`.",
    )


_03_REQ_MISSING = {
    "a": "a was created with requires_grad=True.",
    "c": "c = a * b has an input that requires grad, so c requires grad too: "
    "the flag spreads forward through every operation.",
}
_03_REQ_EXTRA = {
    "b": "b was created without requires_grad, so b.requires_grad is False.",
    "d": "d = b * 2 uses only b, which doesn't require grad, so neither does d.",
    "e": "e = c.detach() is cut off from the graph: detach() returns a tensor "
    "that doesn't require grad.",
}


@exercise_check
def check_03_requires_grad(answer: Any) -> Verdict:
    """Of a, b, c = a*b, d = b*2, e = c.detach(): which require grad? {a, c}."""
    return check_set(
        answer,
        {"a", "c"},
        missing_hints=_03_REQ_MISSING,
        extra_hints=_03_REQ_EXTRA,
        success="a and c. The flag flows forward: a result requires grad if "
        "any input does, and detach() cuts the flow.",
    )


@exercise_check
def check_03_leaves(answer: Any) -> Verdict:
    """Of a, b, c = a*b, d = b*2, e = c.detach(): which are leaves? {a, b, d, e}."""
    return check_set(
        answer,
        {"a", "b", "d", "e"},
        missing_hints={
            "a": "a was created directly by you, so it is a leaf.",
            "b": "b was created directly by you, so it is a leaf.",
            "d": "d doesn't require grad; every tensor that doesn't require "
            "grad is a leaf (is_leaf is True), even one made by an operation.",
            "e": "detach() returns a new tensor with no grad_fn: a leaf.",
        },
        extra_hints={
            "c": "c has a grad_fn (MulBackward0): it was made by an operation "
            "on a tensor that requires grad, so it is not a leaf.",
        },
        success="a, b, d and e. Only c, made from a tensor that requires grad, "
        "has a grad_fn, so only c is not a leaf.",
    )


# ===========================================================================
# Lesson 04: gradients of scalar functions
# ===========================================================================


@exercise_check
def check_04_partials(answer: Any) -> Verdict:
    """f(x, y) = x²y + y³ at (1, 2): (∂f/∂x, ∂f/∂y) = (2xy, x² + 3y²) = (4, 13)."""
    x, y = 1.0, 2.0
    right = [2 * x * y, x**2 + 3 * y**2]
    return check(
        answer,
        right,
        success="∂f/∂x = 2xy = 4 and ∂f/∂y = x² + 3y² = 13.",
        mistakes=[
            Mistake(right[::-1], "the two are swapped: give ∂f/∂x first, then ∂f/∂y."),
            Mistake(
                [2 * x * y, 3 * y**2],
                "∂f/∂y misses the x² that comes from the x²y term.",
            ),
            Mistake([2 * x, x**2 + 3 * y**2], "∂(x²y)/∂x = 2xy: y stays as a factor."),
            Mistake(
                x**2 * y + y**3,
                "that is f(1, 2), the value. Give the two "
                "partial derivatives: `[x.grad, y.grad]`.",
            ),
        ],
        hint="Treat the other variable as a constant when you differentiate.",
    )


def _04_grad(x, y):
    return (math.cos(x) * y + y * math.exp(x * y), math.sin(x) + x * math.exp(x * y))


@exercise_check
def check_04_grad_formula(fn: Any) -> Verdict:
    """grad_f(x, y) for f(x, y) = sin(x)·y + exp(x·y), by hand."""
    return check_function(
        fn,
        _04_grad,
        [(0.5, -1.0), (1.0, 0.3), (-0.7, 0.8)],
        mistakes=[
            (
                lambda x, y: (
                    math.cos(x) * y + math.exp(x * y),
                    math.sin(x) + math.exp(x * y),
                ),
                "the derivative of exp(x·y) by x is y·exp(x·y) (and by y it is "
                "x·exp(x·y)): the chain rule brings out the inner derivative.",
            ),
            (
                lambda x, y: _04_grad(x, y)[::-1],
                "the two are swapped: return (∂f/∂x, ∂f/∂y).",
            ),
            (
                lambda x, y: (
                    -math.cos(x) * y + y * math.exp(x * y),
                    math.sin(x) + x * math.exp(x * y),
                ),
                "d/dx sin(x) = cos(x), with a plus sign.",
            ),
        ],
        success="your formula agrees with the true gradient at three points.",
        missing="`grad_f` still returns None. Return a pair (df/dx, df/dy).",
    )


_04_W = [1.0, -2.0, 0.5]
_04_T = [1.0, 1.0, 1.0]


@exercise_check
def check_04_vector_grad(answer: Any) -> Verdict:
    """L = ((w - t)**2).mean(): ∂L/∂w = 2(w - t)/n."""
    w, t = np.array(_04_W), np.array(_04_T)
    n = w.size
    return check(
        answer,
        2 * (w - t) / n,
        success="∂L/∂w = 2(w - t)/3: one partial derivative per entry of w, "
        "same shape as w.",
        mistakes=[
            Mistake(
                2 * (w - t),
                f"your value is {n}× the right one: mean() "
                f"divides by n = {n}, and so does its gradient.",
            ),
            Mistake(
                (w - t) / n,
                "you lost the 2 of the power rule: d/dw (w - t)² = 2(w - t).",
            ),
            Mistake(
                lambda a: a.ndim == 0,
                "that is one number; the "
                "gradient has one entry per entry of w: give `w.grad`.",
            ),
        ],
    )


# ===========================================================================
# Lesson 05: backward step by step
# ===========================================================================


@exercise_check
def check_05_fan_out(answer: Any) -> Verdict:
    """z = x*x + x at x = 3: dz/dx = 2x + 1 = 7, summed from three uses of x."""
    x = 3.0
    return check(
        answer,
        2 * x + 1,
        success="x is used three times, so three gradients arrive at its "
        "AccumulateGrad: 3 + 3 + 1 = 7 = 2x + 1.",
        mistakes=[
            Mistake(
                x + 1,
                "you counted only one of the two inputs of x*x. "
                "MulBackward0 sends a gradient to each input; both are x, "
                "so x receives both, and they add.",
            ),
            Mistake(
                2 * x,
                "you missed the path through +: AddBackward0 also "
                "sends 1 straight to x.",
            ),
            Mistake(x * x + x, "that is z itself, the value. Give x.grad."),
            Mistake(
                1.0,
                "that is only the path through +. Add what "
                "MulBackward0 sends to each of its two inputs.",
            ),
        ],
    )


_05_A, _05_B, _05_C = 2.0, -3.0, 1.0


@exercise_check
def check_05_mul_sends(answer: Any) -> Verdict:
    """L = (a*b + c)**2: MulBackward0 sends 2(ab + c)·b to a."""
    a, b, c = _05_A, _05_B, _05_C
    grad_in = 2 * (a * b + c)
    return check(
        answer,
        grad_in * b,
        success="gradient in × local derivative = 2(ab + c) · b, the chain "
        "rule at one node.",
        mistakes=[
            Mistake(
                b,
                "that is only the local derivative ∂(a·b)/∂a = b. "
                "Multiply it by the gradient coming in to MulBackward0.",
            ),
            Mistake(
                grad_in,
                "that is the gradient coming in to MulBackward0. "
                "Multiply it by the local derivative ∂(a·b)/∂a = b.",
            ),
            Mistake(
                grad_in * a,
                "that is what MulBackward0 sends to b "
                "(gradient in × a). To a it sends gradient in × b.",
            ),
        ],
    )


# ===========================================================================
# Lesson 06: vector-valued functions
# ===========================================================================

_06_X = [1.0, 2.0, 3.0]
_06_V = [1.0, 0.5, -1.0]


@exercise_check
def check_06_vjp(answer: Any) -> Verdict:
    """y = x**2, y.backward(v): x.grad = v · 2x, elementwise."""
    x, v = np.array(_06_X), np.array(_06_V)
    return check(
        answer,
        v * 2 * x,
        success="x.grad = vᵀJ; J is diagonal with 2x on it, so x.grad = v·2x.",
        mistakes=[
            Mistake(
                2 * x,
                "that is the gradient for v = ones. Pass `gradient=v` to backward.",
            ),
            Mistake(
                v,
                "that is v itself; backward multiplies it by the local derivative 2x.",
            ),
            Mistake(
                lambda a: a.ndim == 0, "that is one number; x.grad has the shape of x."
            ),
        ],
    )


_06_P = (2.0, 3.0)


def _06_jacobian():
    x0, x1 = _06_P
    return np.array([[x1, x0], [1.0, 2 * x1]])


@exercise_check
def check_06_jacobian(answer: Any) -> Verdict:
    """f(x) = (x0·x1, x0 + x1²) at (2, 3): J = [[x1, x0], [1, 2x1]]."""
    jac = _06_jacobian()
    return check(
        answer,
        jac,
        success="J[i, j] = ∂fᵢ/∂xⱼ: row i for output i, column j for input j.",
        mistakes=[
            Mistake(
                jac.T,
                "that is Jᵀ. In `jacobian`, row i belongs to "
                "output i and column j to input j: J[i, j] = ∂fᵢ/∂xⱼ.",
            ),
        ],
    )


@exercise_check
def check_06_row(answer: Any) -> Verdict:
    """Row 1 of J, from backward(gradient=[0, 1])."""
    jac = _06_jacobian()
    return check(
        answer,
        jac[1],
        success="backward with the one-hot gradient eᵢ gives eᵢᵀJ, row i of "
        "the Jacobian.",
        mistakes=[
            Mistake(
                jac[:, 1],
                "that is column 1. A vector-Jacobian product "
                "with eᵢ gives row i: the gradient of output i.",
            ),
            Mistake(
                jac[0],
                "that is row 0 (gradient=[1, 0]). Row 1 is the "
                "gradient of the second output.",
            ),
            Mistake(
                jac.sum(axis=0),
                "gradient=ones adds up all the rows. "
                "Use the one-hot gradient [0., 1.].",
            ),
            Mistake(
                2 * jac[1],
                "your value is 2× the right one: did you run "
                "backward twice without zeroing x.grad?",
            ),
        ],
    )


# ===========================================================================
# Lesson 07: gradient accumulation and zeroing
# ===========================================================================


@exercise_check
def check_07_three_backwards(answer: Any) -> Verdict:
    """y = x**2 at x = 2, backward three times without zeroing: 3 · 2x = 12."""
    x, calls = 2.0, 3
    return check(
        answer,
        calls * 2 * x,
        success="each backward adds 2x = 4 to x.grad: 4 + 4 + 4 = 12.",
        mistakes=[
            Mistake(
                2 * x,
                "4 is what one backward gives. `.grad` is not "
                "overwritten: each backward adds to it.",
            ),
            Mistake(
                2 * 2 * x,
                "that is two backward passes' worth. Count them again: three.",
            ),
            Mistake(
                x**2,
                "4 = x² is the value, and it happens to equal 2x "
                "at x = 2; either way .grad adds up over three calls.",
            ),
        ],
    )


MICRO_X = [1.0, 2.0, 3.0, 4.0]
MICRO_Y = [3.0, 5.0, 7.0, 9.0]
MICRO_W = 1.0
MICRO_BATCHES = 2


def _07_grads():
    """The full-batch gradient and the usual wrong ones (d mean-squared-error / dw)."""
    x, y, w = np.array(MICRO_X), np.array(MICRO_Y), MICRO_W
    per_point = 2 * (w * x - y) * x
    batches = np.split(per_point, MICRO_BATCHES)
    means = [b.mean() for b in batches]
    return per_point.mean(), sum(means), means[-1], means[-1] / MICRO_BATCHES


@exercise_check
def check_07_micro_batches(answer: Any) -> Verdict:
    """Accumulate micro-batch gradients to equal the full-batch gradient."""
    full, summed, last, last_scaled = _07_grads()
    k = MICRO_BATCHES
    return check(
        answer,
        full,
        success=f"the {k} scaled micro-batch gradients add up to the "
        "full-batch gradient: accumulation, used on purpose.",
        mistakes=[
            Mistake(
                summed,
                f"your value is {k}× the right one: each "
                "micro-batch loss is already a mean over its points; "
                f"divide it by the number of micro-batches ({k}) before "
                "backward.",
            ),
            Mistake(
                last,
                "that is the last micro-batch's gradient alone: "
                "zeroing inside the loop threw the earlier ones away. "
                "Zero once, before the loop.",
            ),
            Mistake(
                last_scaled,
                "that is only the last micro-batch's share: "
                "zeroing inside the loop threw the earlier ones away. "
                "Zero once, before the loop.",
            ),
        ],
    )
