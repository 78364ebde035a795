"""Answer checks for lessons 16-18: broadcasting and matmul gradients,
debugging gradients, dynamic graphs.

Each ``check_...`` prints one verdict line and returns a ``Verdict`` (truthy
when right), with a hint that names the likely mistake, and a hint for an
answer still set to ``None``. The machinery (``check``, ``check_choice``,
``correct``, ``not_yet``, ...) is ``lessons/checks.py``; read that first.

Every check here recomputes the right answer with minigrad's own engine from
the same set-up as its lesson, and never raises into the notebook: anything
unexpected in an answer becomes a hint (``_never_raises``). A hint names the
mistake; it never shows the right answer before the student has tried one.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

import minigrad as torch
from lessons.checks import (
    MISSING_HINT,
    Mistake,
    Verdict,
    as_array,
    check,
    check_choice,
    correct,
    exercise_check,
    is_missing,
    not_yet,
)

__all__ = [
    # 16 broadcasting and matmul gradients
    "check_broadcast_grad",
    "check_linear_backward",
    # 17 debugging gradients
    "check_dead_module",
    "check_retained_grad",
    "check_root_or_zero",
    # 18 dynamic graphs
    "check_loop_gradient",
    "check_newton_sqrt",
]


def _error_hint(label: str, error: Exception) -> str:
    """What to say when the student's own code raised."""
    return f"{label} raised {type(error).__name__}: {str(error)[:200]}"


# ---------------------------------------------------------------------------
# 16 · broadcasting and matmul gradients
# ---------------------------------------------------------------------------


def _broadcast_setup():
    """The lesson's exercise 1: Y = A + b, L = (Y * G).sum(), b of shape (3, 1)."""
    A = torch.ones(2, 3, 4)
    b = torch.zeros(3, 1, requires_grad=True)
    G = torch.arange(24.0).reshape(2, 3, 4)
    ((A + b) * G).sum().backward()
    return G.numpy().astype(np.float64), b.grad.numpy().astype(np.float64)


@exercise_check
def check_broadcast_grad(answer: Any) -> Verdict:
    """Exercise 16.1: b.grad for Y = A + b, computed from G alone."""
    G, expected = _broadcast_setup()
    summed_02 = G.sum(axis=(0, 2))
    mistakes = [
        Mistake(
            G,
            "that is ∂L/∂Y, one number per element of Y. b.grad has one "
            "number per element of b: add up G over every axis along "
            "which broadcasting copied b.",
        ),
        Mistake(
            summed_02.reshape(1, 3, 1),
            "right numbers, but b.grad has b's shape (3, 1), not (1, 3, 1): "
            "the leading axis, which b does not have, is summed away, not "
            "kept.",
        ),
        Mistake(
            summed_02,
            "right numbers, but b has shape (3, 1): its last axis "
            "has size 1 and stays, with keepdim=True (or a "
            "reshape).",
        ),
        Mistake(
            G.sum(axis=0),
            "you summed the leading axis only; b was also "
            "copied along the last axis (its size 1 became 4).",
        ),
        Mistake(
            G.sum(axis=2, keepdims=True),
            "you summed the last axis only; b was also copied along the "
            "leading axis, which it does not have.",
        ),
        Mistake(
            G.sum(axis=0).mean(axis=1, keepdims=True),
            "a mean somewhere: each copy of b passes its gradient back in "
            "full, so the copies' gradients add up (a sum, not a mean).",
        ),
        Mistake(
            G.mean(axis=(0, 2)).reshape(3, 1),
            "a mean: each copy of b passes its gradient back in full, so "
            "the copies' gradients add up (a sum, not a mean).",
        ),
        Mistake(
            np.full((3, 1), 8.0),
            "that would be b.grad for L = Y.sum(): here each element of Y "
            "is weighted by G, so add up the entries of G.",
        ),
        Mistake(
            np.asarray(G.sum()),
            "you summed everything into one number; b has 3 numbers, one "
            "per position along the axis it shares with Y.",
        ),
    ]
    return check(
        answer,
        expected,
        mistakes=mistakes,
        name="answer",
        hint="Add up G over the axes along which b was copied.",
        success="b.grad has b's shape (3, 1): G summed over axis 0 (which b "
        "lacks) and over axis 2 (where b has size 1), keeping that one.",
    )


def _linear_cases():
    """Shapes (n, k, m) with n, k, m all different, so that a transpose or a
    wrong axis shows up as a wrong shape or a wrong number."""
    rng = np.random.default_rng(16)
    cases = []
    for n, k, m in [(4, 3, 2), (5, 2, 3), (2, 5, 4)]:
        X = rng.normal(size=(n, k)).round(2)
        W = rng.normal(size=(k, m)).round(2)
        b = rng.normal(size=(m,)).round(2)
        G = rng.normal(size=(n, m)).round(2)
        cases.append((X, W, b, G))
    return cases


def _linear_autograd(X, W, b, G):
    """(dX, dW, db) for L = ((X @ W + b) * G).sum(), by minigrad's backward."""
    leaves = [
        torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in (X, W, b)
    ]
    ((leaves[0] @ leaves[1] + leaves[2]) * torch.tensor(G)).sum().backward()
    return [leaf.grad.numpy() for leaf in leaves]


def _part_hint(part: str, got: np.ndarray, X, W, G) -> str:
    """Name the slip in one of dX, dW, db (got is already known to be wrong)."""
    shape = {"dX": X.shape, "dW": W.shape, "db": (G.shape[1],)}[part]
    of = {"dX": "X", "dW": "W", "db": "b"}[part]
    if part == "db":
        if got.shape == G.shape:
            return (
                "db has the shape of Y: b was added to every row, so sum "
                "its gradient over the rows (axis 0)."
            )
        if got.shape == (G.shape[0],):
            return (
                "db has one number per row of Y: sum over the rows "
                "(axis 0), which leaves one number per column, as b has."
            )
        if got.shape == shape and np.allclose(got, G.mean(axis=0)):
            return (
                "db is a mean over the rows; every row's copy of b gets "
                "its gradient back in full, so it is a sum."
            )
    if got.shape == shape[::-1] and len(shape) == 2:
        return (
            f"{part} is transposed: it must have {of}'s shape {shape}. "
            "Put the transpose on the other factor."
        )
    if got.shape != shape:
        return (
            f"{part} has shape {got.shape} but {of} has shape {shape}; "
            f"a gradient always has the shape of its tensor. Choose the "
            "product whose shapes fit."
        )
    if not np.any(got):
        return f"{part} is all zeros: compute it from G, X and W."
    return (
        f"{part} has the right shape but wrong numbers. Write one entry "
        "out as a sum (Y[i, j] = Σ_p X[i, p] W[p, j] + b[j]) and read off "
        "which entries of G it collects."
    )


@exercise_check
def check_linear_backward(fn: Any) -> Verdict:
    """Exercise 16.2: linear_backward(X, W, b, G) returns (dX, dW, db)."""
    if is_missing(fn):
        return not_yet(MISSING_HINT)
    if not callable(fn):
        return not_yet(
            f"answer is a {type(fn).__name__}; set it to the "
            "function itself: `answer = linear_backward` (no brackets)."
        )
    for X, W, b, G in _linear_cases():
        shapes = f"X {X.shape}, W {W.shape}, G {G.shape}"
        args = [torch.tensor(a, dtype=torch.float64) for a in (X, W, b, G)]
        try:
            result = fn(*args)
        except Exception as error:  # the student's bug, reported as a hint
            return not_yet(_error_hint(f"linear_backward with {shapes}", error))
        if is_missing(result):
            return not_yet(
                "linear_backward returned None: end it with `return dX, dW, db`."
            )
        if not isinstance(result, (tuple, list)) or len(result) != 3:
            return not_yet(
                "linear_backward should return three gradients, "
                "`return dX, dW, db`, in that order."
            )
        expected = _linear_autograd(X, W, b, G)
        for part, got, want in zip(("dX", "dW", "db"), result, expected):
            if is_missing(got):
                return not_yet(f"{part} is None: compute it too.")
            got = as_array(got, part)
            if got.shape == want.shape and np.allclose(got, want, atol=1e-8):
                continue
            return not_yet(f"with {shapes}: " + _part_hint(part, got, X, W, G))
    return correct(
        "dX = G·Wᵀ, dW = Xᵀ·G and db = G summed over the rows agree "
        "with backward() for three sets of shapes."
    )


# ---------------------------------------------------------------------------
# 17 · debugging gradients
# ---------------------------------------------------------------------------

_MODULE_HINTS = {
    "0": "module '0' is the first Linear layer; its outputs are a mix of signs. "
    "Look at the fraction of exact zeros after every module.",
    "1": "ReLU '1' zeroes only some of its inputs; look for the first module "
    "where the fraction of zeros is 1.0 (every single output).",
    "2": "Linear '2' outputs negative numbers, not zeros; look one module on.",
    "4": "module '4' is the output layer; its outputs are all equal, but not "
    "zero. Which earlier module outputs nothing but zeros?",
    "": "'' is the Sequential itself (named_modules() lists it first); look at "
    "the modules inside it.",
}


@exercise_check
def check_dead_module(answer: Any) -> Verdict:
    """Exercise 17.1: the name of the first module whose outputs are all zero."""
    if isinstance(answer, int) and not isinstance(answer, bool):
        return not_yet(
            "write the module's name as a string, as "
            "named_modules() gives it, e.g. '0'."
        )
    if not is_missing(answer) and not isinstance(answer, str):
        return not_yet(
            f"answer is a {type(answer).__name__}; write the module's "
            "name as a string, e.g. '0'."
        )
    return check_choice(
        answer,
        "3",
        wrong=_MODULE_HINTS,
        hint="Use a name from `[name for name, _ in model.named_modules()]`.",
        success="every output of ReLU '3' is zero: Linear '2' makes all its "
        "outputs negative (its bias is far below zero), so no gradient "
        "gets back past it and modules '0' and '2' never learn.",
    )


def _retained_setup():
    """The lesson's exercise 2: u = x * w, v = tanh(u), loss = Σ (v - t)²."""
    x = torch.tensor([0.5, -1.0, 2.0])
    w = torch.tensor([1.5, 0.5, -0.5], requires_grad=True)
    t = torch.tensor([1.0, 0.0, -1.0])
    u = x * w
    v = u.tanh()
    v.retain_grad()
    u.retain_grad()
    ((v - t) ** 2).sum().backward()
    return u.grad.numpy(), v.grad.numpy(), w.grad.numpy(), (v - t).detach().numpy()


@exercise_check
def check_retained_grad(answer: Any) -> Verdict:
    """Exercise 17.2: the gradient of the loss with respect to v."""
    du, dv, dw, residual = _retained_setup()
    return check(
        answer,
        dv,
        name="answer",
        missing="`answer` is None. If you read `v.grad`: a non-leaf tensor "
        "keeps its .grad only if you call `v.retain_grad()` before "
        "backward (or catch it with `v.register_hook(...)`).",
        mistakes=[
            Mistake(
                du,
                "that is the gradient at u, one node earlier: it has "
                "already been multiplied by tanh's slope 1 − v².",
            ),
            Mistake(
                dw,
                "that is w.grad, the gradient at the leaf; retain the "
                "gradient of v itself.",
            ),
            Mistake(
                residual,
                "that is v − t; the derivative of (v − t)² also brings down the power.",
            ),
            Mistake(
                2 * dv,
                "2× too large: did you run backward twice? A "
                "retained .grad adds up like a leaf's.",
            ),
        ],
        success="∂loss/∂v = 2(v − t), read off the graph with retain_grad "
        "(or a hook) without changing anything else.",
    )


def _root_reference(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """sqrt(x) where x > 0 else 0, and its derivative (0 where x <= 0)."""
    positive = x > 0
    safe = np.where(positive, x, 1.0)
    return np.where(positive, np.sqrt(safe), 0.0), np.where(
        positive, 0.5 / np.sqrt(safe), 0.0
    )


@exercise_check
def check_root_or_zero(fn: Any) -> Verdict:
    """Exercise 17.3: a root_or_zero whose gradient has no NaN."""
    if is_missing(fn):
        return not_yet(MISSING_HINT)
    if not callable(fn):
        return not_yet(
            f"answer is a {type(fn).__name__}; set it to the "
            "function itself: `answer = root_or_zero` (no brackets)."
        )
    # 0 is among them: there sqrt's slope is inf, which a clamp(min=0) lets through.
    for values in ([-1.0, 4.0, 0.25], [9.0, -4.0, -0.5, 2.25, 0.0]):
        x = torch.tensor(values, requires_grad=True)
        label = f"root_or_zero({values})"
        try:
            y = fn(x)
        except Exception as error:  # the student's bug, reported as a hint
            return not_yet(_error_hint(label, error))
        if not isinstance(y, torch.Tensor) or y.grad_fn is None:
            return not_yet(
                f"{label} returned something with no graph behind "
                "it; return the tensor, without .item() or .detach()."
            )
        want_y, want_grad = _root_reference(np.asarray(values))
        got_y = as_array(y, label)
        if got_y.shape != want_y.shape or not np.allclose(got_y, want_y, atol=1e-5):
            return not_yet(
                f"{label} gives {np.round(got_y, 4).tolist()}: the "
                "values changed. Keep sqrt(x) where x > 0 and 0 "
                "elsewhere."
            )
        with np.errstate(all="ignore"):  # a NaN is reported below, as a hint
            y.sum().backward()
        grad = as_array(x.grad, "x.grad")
        if not np.all(np.isfinite(grad)):
            return not_yet(
                f"x.grad for {values} still holds {np.round(grad, 4).tolist()}. "
                "sqrt still gets a negative number or 0 (where its slope is "
                "nan or inf), and 0 × nan is nan. Change the input of sqrt so "
                "that it is positive everywhere, before the where."
            )
        if not np.allclose(grad, want_grad, atol=1e-5, rtol=1e-4):
            return not_yet(
                f"x.grad for {values} is {np.round(grad, 4).tolist()}: "
                "finite, but not the slope of sqrt where x > 0 and "
                "0 elsewhere."
            )
    return correct(
        "no NaN: sqrt only ever sees positive numbers, and the "
        "where picks 0 for the rest, whose gradient is 0."
    )


# ---------------------------------------------------------------------------
# 18 · dynamic graphs
# ---------------------------------------------------------------------------


def _double_until(x, limit):
    """The lesson's loop: double x until its entries' sizes add up to limit."""
    while x.abs().sum() < limit:
        x = x * 2
    return x


@exercise_check
def check_loop_gradient(answer: Any) -> Verdict:
    """Exercise 18.1: x.grad of double_until(x, 10.0).sum() at x = (0.05, 0.1)."""
    x = torch.tensor([0.05, 0.1], requires_grad=True)
    _double_until(x, 10.0).sum().backward()
    expected = x.grad.numpy()
    doublings = round(math.log2(float(expected[0])))
    mistakes = [
        Mistake(
            expected / 2,
            "one doubling short: count how often the loop "
            "body runs for this x (the graph has one "
            "MulBackward0 per run).",
        ),
        Mistake(
            expected * 2,
            "one doubling too many: the loop stops as soon as "
            "the sum reaches the limit.",
        ),
        Mistake(
            np.ones(2),
            "a gradient of 1 would mean the loop never ran; "
            "each x * 2 in the graph multiplies the gradient "
            "by 2.",
        ),
        Mistake(
            np.full(2, float(doublings)),
            "that is how often the loop ran; each run multiplies the "
            "gradient by 2, so the runs multiply, they don't add.",
        ),
    ]
    return check(
        answer,
        expected,
        mistakes=mistakes,
        hint="Each pass through the loop put one x * 2 into the graph.",
        success=f"the loop ran {doublings} times for this x, so the graph holds "
        f"{doublings} MulBackward0 nodes and the gradient is "
        f"2^{doublings} = {int(expected[0])}.",
    )


@exercise_check
def check_newton_sqrt(fn: Any) -> Verdict:
    """Exercise 18.2: newton_sqrt(a), a loop whose gradient is 1 / (2 √a)."""
    if is_missing(fn):
        return not_yet(MISSING_HINT)
    if not callable(fn):
        return not_yet(
            f"answer is a {type(fn).__name__}; set it to the "
            "function itself: `answer = newton_sqrt` (no brackets)."
        )
    for a0 in (2.0, 9.0, 0.25, 150.0):
        a = torch.tensor(a0, requires_grad=True)
        label = f"newton_sqrt({a0})"
        try:
            y = fn(a)
        except Exception as error:  # the student's bug, reported as a hint
            return not_yet(_error_hint(label, error))
        if is_missing(y):
            return not_yet(f"{label} returned None: end with `return y`.")
        if not isinstance(y, torch.Tensor):
            return not_yet(
                f"{label} returned a {type(y).__name__}; return the "
                "tensor y itself (use .item() only in the loop's "
                "condition), so that backward can follow the loop."
            )
        if y.numel() != 1:
            return not_yet(
                f"{label} returned {y.numel()} numbers; the square "
                "root of one number is one number."
            )
        if not math.isclose(y.item(), math.sqrt(a0), rel_tol=1e-4):
            return not_yet(
                f"{label} = {y.item():.6g}, but its square is "
                f"{y.item() ** 2:.6g}, not {a0}. Repeat the update "
                "y = (y + a / y) / 2 until y * y is close to a."
            )
        if y.grad_fn is None:
            return not_yet(
                f"{label} has the right value but no grad_fn: the "
                "graph was cut (a .item(), .detach() or a new "
                "torch.tensor(...) inside the loop). Keep y a tensor "
                "computed from a."
            )
        y.backward()
        if a.grad is None:
            return not_yet(
                f"{label} does not depend on a in the graph: start "
                "from a tensor computed from a, and use a in every "
                "update."
            )
        if not math.isclose(a.grad.item(), 0.5 / math.sqrt(a0), rel_tol=1e-3):
            return not_yet(
                f"the gradient of {label} is {a.grad.item():.6g}, not "
                "the slope of √a there. Does every update use a "
                "itself (not a.detach() or a number)?"
            )
    return correct(
        "backward went through every pass of your loop, however "
        "many it took, and gave d√a/da = 1/(2√a) each time."
    )
