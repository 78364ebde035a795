"""Answer checks for lessons 08-14: one ``check_...`` function per exercise.

Each check prints one verdict line and returns ``True`` or ``False``, with a
hint that names the likely mistake (never a bare "wrong"), and a hint for an
answer still set to ``None``. Each wears ``@exercise_check``, so whatever the
answer, it never raises into the notebook and never hangs. The machinery
(``check``, ``correct``, ``not_yet``, ...) is ``lessons/checks.py``; read that
first. Here the checks are grouped by lesson; each recomputes the right answer
with minigrad itself, so the numbers in a check and in its lesson come from the
same engine.
"""

from __future__ import annotations

import copy
import math
import warnings
from typing import Any

import numpy as np

import minigrad as torch
import minigrad.nn as nn
from lessons.checks import (
    MISSING_HINT,
    Mistake,
    as_array,
    check,
    correct,
    describe_error,
    exercise_check,
    is_missing,
    not_yet,
)

__all__ = [
    # 08 higher-order derivatives
    "check_second_derivative",
    "check_hessian",
    "check_newton_step",
    # 09 controlling gradient computation
    "check_no_grad_prediction",
    "check_detached_target",
    "check_predict_decorator",
    # 10 custom autograd Functions
    "check_cube_function",
    "check_mul_square_function",
    "check_grad_reverse_function",
    # 11 gradient checking
    "check_central_difference",
    "check_float32_eps",
    "check_fixed_smooth_abs",
    # 12 common problems
    "check_clip_grad_norm",
    "check_running_loss",
    "check_inplace_fix",
    # 13 linear regression from scratch
    "check_mse_gradients",
    "check_sgd_step",
    "check_learning_rate",
    # 14 a neural network
    "check_moons_model",
    "check_train_step",
    "check_accuracy",
]


def _fmt(value: float) -> str:
    return f"{value:.6g}"


def _fmt_apart(a: float, b: float) -> tuple[str, str]:
    """Both numbers with just enough digits (at least 6) to tell them apart."""
    for digits in range(6, 18):
        shown_a, shown_b = f"{a:.{digits}g}", f"{b:.{digits}g}"
        if shown_a != shown_b:
            break
    return shown_a, shown_b


def _is_tuple_of_one(arr: np.ndarray, expected: Any) -> bool:
    exp = np.asarray(expected, dtype=np.float64)
    return arr.shape == (1,) + exp.shape and np.allclose(arr[0], exp, rtol=1e-4)


def _tuple_mistake(expected: Any) -> Mistake:
    """``torch.autograd.grad`` returns a tuple: a common slip is to keep it."""
    return Mistake(
        lambda arr: _is_tuple_of_one(arr, expected),
        "right number, but wrapped in a tuple: torch.autograd.grad returns one "
        "gradient per input, as a tuple. Unpack it: `(d,) = torch.autograd.grad(...)`.",
    )


def _error_hint(error: Exception) -> str:
    """A hint for an exception raised inside the student's code."""
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    if "does not require grad" in text:
        return (
            f"RuntimeError: {text}. The gradient you differentiate a second time "
            "must itself have a graph: pass create_graph=True to the first "
            "torch.autograd.grad call."
        )
    if "a second time" in text:
        return (
            f"RuntimeError: {text[:90]}... A graph is freed after one backward "
            "pass: build the result again, or pass create_graph=True (which also "
            "keeps the graph)."
        )
    if "leaf Variable that requires grad" in text:
        return (
            f"RuntimeError: {text} Change parameters only inside "
            "`with torch.no_grad():`."
        )
    return f"your code raised {type(error).__name__}: {text}"


# ---------------------------------------------------------------------------
# 08 · higher-order derivatives
# ---------------------------------------------------------------------------


def _derivatives_at(f, x0: float, order: int) -> list[float]:
    """f(x0), f'(x0), ..., computed with minigrad in float64."""
    x = torch.tensor(np.float64(x0), requires_grad=True)
    values = [f(x)]
    for _ in range(order):
        (d,) = torch.autograd.grad(values[-1], x, create_graph=True)
        values.append(d)
    return [v.item() for v in values]


def _g08(x):
    return x**4 - 3 * x**2


@exercise_check
def check_second_derivative(answer: Any) -> bool:
    """Exercise 08.1: g''(1.5) for g(x) = x⁴ − 3x²."""
    g, d1, d2, d3 = _derivatives_at(_g08, 1.5, 3)
    return check(
        answer,
        d2,
        success=f"g''(1.5) = {_fmt(d2)}, from two calls of torch.autograd.grad "
        "(the first with create_graph=True).",
        mistakes=[
            Mistake(
                d1,
                f"that is g'(1.5) = {_fmt(d1)}, the first derivative. "
                "Differentiate it once more: call torch.autograd.grad on it "
                "(and pass create_graph=True to the first call).",
            ),
            Mistake(g, f"that is g(1.5) = {_fmt(g)} itself, not a derivative."),
            Mistake(
                d3,
                f"that is the third derivative g'''(1.5) = {_fmt(d3)}: "
                "one torch.autograd.grad call too many.",
            ),
            _tuple_mistake(d2),
        ],
        hint="Compute (d1,) = torch.autograd.grad(gx, x, create_graph=True), "
        "then differentiate d1 with respect to x.",
    )


def _h08(v):
    return v[0] ** 3 * v[1] + v[1].exp()


def _hessian_h08() -> tuple[np.ndarray, np.ndarray]:
    v = torch.tensor([1.0, 0.5], dtype=torch.float64, requires_grad=True)
    (g,) = torch.autograd.grad(_h08(v), v)
    H = torch.autograd.functional.hessian(_h08, v)
    return g.numpy(), H.numpy()


@exercise_check
def check_hessian(answer: Any) -> bool:
    """Exercise 08.2: the Hessian of h(v) = v0³·v1 + exp(v1) at v = (1, 0.5)."""
    g, H = _hessian_h08()
    return check(
        answer,
        H,
        success=f"H = {np.round(H, 4).tolist()}. It is symmetric: the order of "
        "differentiation does not matter.",
        mistakes=[
            Mistake(
                g,
                "that is the gradient (first derivatives, one per input). "
                "The Hessian has one row per input: differentiate each "
                "component g[i] of the gradient again (create_graph=True on "
                "the first pass), or use torch.autograd.functional.hessian.",
            ),
            Mistake(
                H.sum(axis=1),
                "that is one row-sum per input: you "
                "differentiated g.sum() in a single pass, which mixes the "
                "rows. Differentiate each g[i] separately and stack the rows.",
            ),
            Mistake(
                np.diag(np.diag(H)),
                "only the diagonal is right: the "
                "off-diagonal entries ∂²h/∂v0∂v1 are missing. Row i is the "
                "full gradient of g[i] with respect to v.",
            ),
            Mistake(
                np.diag(H),
                "that is only the diagonal of the Hessian. The "
                "answer is the full 2×2 matrix: row i is the gradient of g[i].",
            ),
        ],
        hint="H[i][j] = ∂²h/∂v_i∂v_j; torch.autograd.functional.hessian(h, v) "
        "computes it.",
    )


def _newton_cases():
    return [
        ("x**4 - 3x**2 + x at x = 2", lambda x: x**4 - 3 * x**2 + x, 2.0),
        ("sin(x) at x = 1", lambda x: x.sin(), 1.0),
        ("exp(x) - 3x at x = 0.5", lambda x: x.exp() - 3 * x, 0.5),
    ]


@exercise_check
def check_newton_step(answer: Any) -> bool:
    """Exercise 08.3: newton_step(f, x) returns x - f'(x) / f''(x) as a number."""
    if is_missing(answer):
        return not_yet(MISSING_HINT)
    if not callable(answer):
        return not_yet(
            f"answer is a {type(answer).__name__}; set it to the function itself: "
            "`answer = newton_step` (no brackets)."
        )
    for label, f, x0 in _newton_cases():
        _, d1, d2 = _derivatives_at(f, x0, 2)
        x = torch.tensor(x0, requires_grad=True)
        try:
            result = answer(f, x)
        except Exception as error:  # the student's bug becomes a hint
            return not_yet(f"for f(x) = {label}: {_error_hint(error)}")
        if is_missing(result):
            return not_yet(
                "newton_step returned None: end it with `return (x - d1 / d2).item()`."
            )
        try:
            got = as_array(result, "newton_step(f, x)")
        except TypeError as error:
            return not_yet(str(error))
        if got.size != 1:
            return not_yet(
                f"newton_step returned {got.size} numbers; x is a "
                "scalar, so the step is one number."
            )
        got = float(got.reshape(()))
        if abs(x.item() - x0) > 1e-6:
            return not_yet(
                "newton_step changed x in place. Compute the new "
                "value as a new number and leave x unchanged."
            )
        right = x0 - d1 / d2
        if math.isclose(got, right, rel_tol=1e-4, abs_tol=1e-5):
            continue
        wrong = {
            x0 - d1: "that is a gradient-descent step x − f'(x). Newton divides "
            "the slope by the curvature: x − f'(x) / f''(x).",
            x0 + d1 / d2: "the step goes the wrong way: subtract f'(x) / f''(x), "
            "don't add it.",
            x0 - d2 / d1: "the ratio is upside down: x − f'(x) / f''(x), with the "
            "first derivative on top.",
            d1 / d2: "that is only the step f'(x) / f''(x); return x minus it.",
            -d1 / d2: "that is only the change −f'(x) / f''(x); add x to it.",
        }
        for value, hint in wrong.items():
            if math.isclose(got, value, rel_tol=1e-4, abs_tol=1e-5):
                return not_yet(f"for f(x) = {label}: {hint}")
        return not_yet(
            f"for f(x) = {label}, newton_step gave {_fmt(got)} but x − f'/f'' = "
            f"{_fmt(right)} (f' = {_fmt(d1)}, f'' = {_fmt(d2)}). Get f' with "
            "create_graph=True, then f'' from f'."
        )
    return correct(
        "newton_step agrees on all three test functions: "
        "x − f'(x)/f''(x), both derivatives from autograd."
    )


# ---------------------------------------------------------------------------
# 09 · controlling gradient computation
# ---------------------------------------------------------------------------


@exercise_check
def check_no_grad_prediction(answer: Any, X_test, w, b) -> bool:
    """Exercise 09.1: X_test @ w + b computed without recording a graph."""
    if is_missing(answer):
        return not_yet(MISSING_HINT)
    if not isinstance(answer, torch.Tensor):
        return not_yet(
            f"answer is a {type(answer).__name__}; keep it a tensor: compute "
            "`X_test @ w + b` inside `with torch.no_grad():`."
        )
    with torch.no_grad():
        expected = (X_test @ w + b).numpy()
        without_b = (X_test @ w).numpy()
    if answer.requires_grad:
        return not_yet(
            "answer requires grad and has grad_fn "
            f"{type(answer.grad_fn).__name__}: the graph was recorded. Compute it "
            "inside `with torch.no_grad():`."
        )
    return check(
        answer,
        expected,
        success="the predictions, with requires_grad=False and no grad_fn: "
        "no graph was recorded.",
        mistakes=[Mistake(without_b, "the bias is missing: add `+ b`.")],
        hint="Compute X_test @ w + b.",
    )


@exercise_check
def check_detached_target(answer: Any, w) -> bool:
    """Exercise 09.2: loss = (p - t.detach())² with p = 3w, t = w²."""
    if is_missing(answer):
        return not_yet(MISSING_HINT)
    if not isinstance(answer, torch.Tensor):
        return not_yet(
            f"answer is a {type(answer).__name__}; it should be the loss tensor "
            "itself (not .item()), so that the check can differentiate it."
        )
    w0 = w.item()
    p0, t0 = 3 * w0, w0**2
    loss0 = (p0 - t0) ** 2
    if answer.numel() != 1:
        return not_yet(
            f"answer has shape {tuple(answer.shape)}; the loss is one "
            "number: (p - t) ** 2 with p and t scalars."
        )
    if not math.isclose(answer.item(), loss0, rel_tol=1e-4, abs_tol=1e-6):
        if math.isclose(answer.item(), p0 - t0, rel_tol=1e-4):
            return not_yet("that is p − t; the loss squares it: (p − t) ** 2.")
        return not_yet(
            f"the loss should be (p − t)² = {_fmt(loss0)}, but answer "
            f"is {_fmt(answer.item())}."
        )
    if not answer.requires_grad:
        return not_yet(
            "the loss does not require grad, so w gets no gradient at all: you "
            "detached p as well (or computed under no_grad). Detach only the "
            "target t."
        )
    try:
        (grad,) = torch.autograd.grad(answer, w, retain_graph=True, allow_unused=True)
    except RuntimeError as error:
        return not_yet(
            _error_hint(error) + " (The check differentiates answer "
            "itself: don't call backward on it first.)"
        )
    if grad is None:
        return not_yet(
            "answer does not depend on this w: build the loss from the "
            "p and t of the exercise cell."
        )
    got = grad.item()
    right = 2 * (p0 - t0) * 3
    if math.isclose(got, right, rel_tol=1e-4, abs_tol=1e-6):
        return correct(
            f"d loss/dw = 2(p − t)·3 = {_fmt(right)}: the gradient flows "
            "through p only, the target is a constant."
        )
    if math.isclose(got, 2 * (p0 - t0) * (3 - 2 * w0), rel_tol=1e-4):
        return not_yet(
            "the gradient still flows through the target t too "
            "(it is the full derivative 2(p − t)(3 − 2w)). Use "
            "t.detach() in the loss."
        )
    if math.isclose(got, 2 * (p0 - t0) * (-2 * w0), rel_tol=1e-4):
        return not_yet(
            "the gradient flows through t only: you detached the "
            "prediction p instead of the target t."
        )
    return not_yet(
        f"d loss/dw = {_fmt(got)}, but it should be 2(p − t)·3 = "
        f"{_fmt(right)}. Build the loss as (p − t.detach()) ** 2."
    )


@exercise_check
def check_predict_decorator(answer: Any) -> bool:
    """Exercise 09.3: @torch.no_grad() def predict(x): return 2 * x + 1."""
    if is_missing(answer):
        return not_yet(MISSING_HINT)
    if not callable(answer):
        return not_yet(
            f"answer is a {type(answer).__name__}; set it to the "
            "function itself: `answer = predict` (no brackets)."
        )
    x = torch.tensor([1.0, -2.0, 0.5], requires_grad=True)
    was_enabled = torch.is_grad_enabled()
    try:
        out = answer(x)
    except Exception as error:
        return not_yet(f"predict(x) raised {describe_error(error)}")
    finally:
        leaked = was_enabled and not torch.is_grad_enabled()
        torch.set_grad_enabled(was_enabled)
    if leaked:
        return not_yet(
            "after predict ran, grad mode was still OFF: the rest of your "
            "notebook would silently stop recording. A plain "
            "torch.set_grad_enabled(False) statement does that; decorate the "
            "function with @torch.no_grad() instead, which restores the mode. "
            "(The check has switched it back on for you.)"
        )
    if is_missing(out):
        return not_yet("predict returned None: `return 2 * x + 1`.")
    if not isinstance(out, torch.Tensor):
        return not_yet(
            f"predict returned a {type(out).__name__}; return the tensor 2 * x + 1."
        )
    if out.requires_grad:
        return not_yet(
            "predict(x) still records a graph (its result requires "
            "grad). Put @torch.no_grad() on the line above `def`."
        )
    if not np.allclose(out.numpy(), 2 * x.detach().numpy() + 1):
        return not_yet(
            f"predict(x) gave {out.tolist()} for x = "
            f"{x.detach().tolist()}; it should be 2 * x + 1."
        )
    if not hasattr(answer, "__wrapped__"):
        return not_yet(
            "the numbers and the flag are right, but predict is not "
            "decorated: write @torch.no_grad() on the line above "
            "`def predict`, so the whole function runs without "
            "recording."
        )
    if _records_inside(answer):
        return not_yet(
            "predict's result needs no grad, but the arithmetic inside "
            "it ran with recording on (a wrapper that detaches or "
            "copies the result afterwards still builds the graph "
            "first). Decorate it with @torch.no_grad(), which switches "
            "recording off before the body runs."
        )
    return correct(
        "predict never records a graph, and grad mode is back on after each call."
    )


class _GradModeProbe:
    """Stands in for x: notes whether grad mode is on at each + and *."""

    def __init__(self):
        self.modes = []

    def _note(self, other):
        self.modes.append(torch.is_grad_enabled())
        return self

    __add__ = __radd__ = __mul__ = __rmul__ = __sub__ = __rsub__ = _note

    def __getattr__(self, name):  # .detach(), .clone(), ...: keep standing in
        return lambda *args, **kwargs: self


def _records_inside(predict) -> bool:
    """True if predict's body does arithmetic while grad mode is on."""
    probe = _GradModeProbe()
    was_enabled = torch.is_grad_enabled()
    try:
        predict(probe)
    except Exception:  # a body the probe cannot stand in for: nothing to tell
        return False
    finally:
        torch.set_grad_enabled(was_enabled)
    return any(probe.modes)


# ---------------------------------------------------------------------------
# 10 · custom autograd Functions
# ---------------------------------------------------------------------------


def _float64(values) -> torch.Tensor:
    return torch.tensor(np.array(values, dtype=np.float64), requires_grad=True)


def _is_function_class(answer: Any) -> bool:
    return isinstance(answer, type) and issubclass(answer, torch.autograd.Function)


def _function_class_problem(answer: Any, name: str) -> str | None:
    """A hint when ``answer`` is not a Function subclass, else None."""
    if _is_function_class(answer):
        return None
    if getattr(answer, "__name__", "") == "apply" and hasattr(answer, "__self__"):
        return (
            f"answer is {answer.__self__.__name__}.apply; set answer to the "
            f"class itself: `answer = {name}`."
        )
    if isinstance(answer, type):
        return (
            f"{answer.__name__} is a class but not a torch.autograd.Function: "
            f"write `class {name}(torch.autograd.Function):`."
        )
    if isinstance(answer, torch.autograd.Function):
        return (
            f"answer is an instance; set answer to the class itself: "
            f"`answer = {name}` (no brackets)."
        )
    return (
        f"answer is a {type(answer).__name__}; it should be the class "
        f"{name}, a subclass of torch.autograd.Function."
    )


def _call_hint(error: Exception, where: str) -> str:
    text = str(error).splitlines()[0] if str(error) else ""
    if isinstance(error, NotImplementedError):
        return f"{where} is not written yet (NotImplementedError)."
    if isinstance(error, TypeError) and "positional argument" in text:
        return (
            f"{where} raised TypeError: {text}. Both methods must be "
            "@staticmethod, with ctx as the first argument: "
            "forward(ctx, ...) and backward(ctx, grad_output)."
        )
    if "incorrect number of gradients" in text:
        return (
            f"{where}: {text}. backward must return one gradient per input of "
            "forward, in the same order (None for an input that needs none)."
        )
    if "saved tensors" in text or "a second time" in text:
        return f"{where} raised RuntimeError: {text[:120]}"
    return f"{where} raised {type(error).__name__}: {text}"


def _check_custom_function(
    answer,
    name,
    inputs,
    forward_ref,
    grads_ref,
    grad_mistakes,
    success,
    run_gradcheck=True,
) -> bool:
    """Shared check for a student's Function class.

    Args:
        inputs: the arguments for ``answer.apply``: float64 leaf tensors (which
            get gradients) and plain numbers (settings, which get none).
        forward_ref: the inputs as numpy arrays / numbers -> the expected output.
        grads_ref: (*inputs, grad_output) -> the expected gradient of each
            tensor input (numpy).
        grad_mistakes: [(wrong_grads(*inputs, grad_output), hint)]: typical
            wrong backwards, same signature as ``grads_ref``.
    """
    if is_missing(answer):
        return not_yet(MISSING_HINT)
    problem = _function_class_problem(answer, name)
    if problem:
        return not_yet(problem)
    tensors = [a for a in inputs if isinstance(a, torch.Tensor)]
    plain = [a.detach().numpy() if isinstance(a, torch.Tensor) else a for a in inputs]
    try:
        out = answer.apply(*inputs)
    except Exception as error:
        return not_yet(_call_hint(error, f"{name}.apply (forward)"))
    if isinstance(out, tuple) or not isinstance(out, torch.Tensor):
        return not_yet(f"forward returned a {type(out).__name__}; return one tensor.")
    expected = np.asarray(forward_ref(*plain))
    got = out.detach().numpy()
    if got.shape != expected.shape or not np.allclose(got, expected, rtol=1e-6):
        return not_yet(
            f"forward gives {np.round(got, 4).tolist()} but should give "
            f"{np.round(expected, 4).tolist()} for these inputs."
        )
    if not out.requires_grad:
        return not_yet(
            "the output does not require grad, so backward can never "
            "run: call the Function through .apply, not .forward."
        )
    rng = np.random.default_rng(7)
    grad_output = rng.uniform(0.5, 2.0, size=got.shape) * rng.choice([-1, 1], got.shape)
    try:
        grads = torch.autograd.grad(
            out, tensors, allow_unused=True, grad_outputs=torch.tensor(grad_output)
        )
    except Exception as error:
        return not_yet(_call_hint(error, f"{name}.backward"))
    right = grads_ref(*plain, grad_output)
    for i, g in enumerate(grads):
        if g is None:
            return not_yet(
                f"backward returned None for input {i}, which needs a gradient."
            )
    got_grads = [g.numpy() for g in grads]

    def same(a, b):
        return all(
            np.shape(x) == np.shape(y) and np.allclose(x, y, rtol=1e-6, atol=1e-9)
            for x, y in zip(a, b)
        )

    if not same(got_grads, right):
        for wrong, hint in grad_mistakes:
            if same(got_grads, wrong(*plain, grad_output)):
                return not_yet(hint)
        first = next(
            i
            for i, (a, b) in enumerate(zip(got_grads, right))
            if not np.allclose(a, b, rtol=1e-6, atol=1e-9)
        )
        return not_yet(
            f"backward's gradient for input {first} is "
            f"{np.round(got_grads[first], 4).tolist()} but should be "
            f"{np.round(right[first], 4).tolist()} (for grad_output = "
            f"{np.round(grad_output, 3).tolist()})."
        )
    if run_gradcheck:
        positions = [i for i, a in enumerate(inputs) if isinstance(a, torch.Tensor)]

        def call(*xs):
            args = list(inputs)
            for i, x in zip(positions, xs):
                args[i] = x
            return answer.apply(*args)

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            report = torch.autograd.gradcheck(
                call, tuple(tensors), raise_exception=False
            )
        if not report:
            return not_yet(
                "backward matched on one grad_output but gradcheck "
                "fails:\n" + report.table(only_failures=True, limit=5)
            )
        success += f" gradcheck passes ({len(report.entries)} Jacobian entries)."
    return correct(success)


@exercise_check
def check_cube_function(answer: Any) -> bool:
    """Exercise 10.1: Cube with forward x³ and backward grad_output · 3x²."""
    x = _float64([1.5, -0.7, 2.0])
    return _check_custom_function(
        answer,
        "Cube",
        [x],
        forward_ref=lambda x: x**3,
        grads_ref=lambda x, g: [g * 3 * x**2],
        grad_mistakes=[
            (
                lambda x, g: [3 * x**2],
                "backward returns 3x² without multiplying by grad_output. The chain "
                "rule needs it: return grad_output * 3 * x ** 2.",
            ),
            (
                lambda x, g: [g * x**2],
                "backward returns grad_output · x²: the derivative of x³ is 3x².",
            ),
            (
                lambda x, g: [g * 3 * x],
                "backward returns grad_output · 3x: the derivative of x³ is 3x².",
            ),
            (
                lambda x, g: [g * 3 * x**6],
                "backward uses the output x³ where it needs the input x: save x "
                "(the input) in forward, or use 3 * y ** (2/3) carefully.",
            ),
            (
                lambda x, g: [g],
                "backward passes grad_output through unchanged: multiply it by 3x².",
            ),
        ],
        success="Cube's forward and backward are right.",
    )


@exercise_check
def check_mul_square_function(answer: Any) -> bool:
    """Exercise 10.2: MulSquare(x, y) = x·y², backward (ḡ·y², ḡ·2xy)."""
    x = _float64([1.5, -0.5, 2.0])
    y = _float64([0.8, 1.2, -1.1])
    return _check_custom_function(
        answer,
        "MulSquare",
        [x, y],
        forward_ref=lambda x, y: x * y**2,
        grads_ref=lambda x, y, g: [g * y**2, g * 2 * x * y],
        grad_mistakes=[
            (
                lambda x, y, g: [g * 2 * x * y, g * y**2],
                "the two gradients are swapped: backward returns them in the order "
                "of forward's inputs, (gradient for x, gradient for y).",
            ),
            (
                lambda x, y, g: [y**2, 2 * x * y],
                "backward forgets grad_output: multiply both gradients by it.",
            ),
            (
                lambda x, y, g: [g * y**2, g * 2 * y],
                "the gradient for y is missing the factor x: ∂(x·y²)/∂y = 2xy.",
            ),
            (
                lambda x, y, g: [g * y**2, g * x * y],
                "the gradient for y is missing the factor 2: ∂(x·y²)/∂y = 2xy.",
            ),
            (
                lambda x, y, g: [g * y, g * 2 * x * y],
                "the gradient for x should be grad_output · y² (y squared).",
            ),
        ],
        success="MulSquare's forward and both gradients are right.",
    )


@exercise_check
def check_grad_reverse_function(answer: Any) -> bool:
    """Exercise 10.3: GradReverse: identity forward, backward -grad_output."""
    x = _float64([0.5, -1.5, 2.0])
    return _check_custom_function(
        answer,
        "GradReverse",
        [x],
        forward_ref=lambda x: x,
        grads_ref=lambda x, g: [-g],
        grad_mistakes=[
            (
                lambda x, g: [g],
                "backward passes grad_output through unchanged: that is the plain "
                "identity. Reverse it: return -grad_output.",
            ),
            (
                lambda x, g: [-np.ones_like(x)],
                "backward returns -1 everywhere: it must depend on grad_output "
                "(return -grad_output).",
            ),
            (
                lambda x, g: [-x],
                "backward returns -x: the gradient is -grad_output, not the input.",
            ),
        ],
        success="forward is the identity and backward flips the gradient's sign. "
        "(gradcheck would fail here, on purpose: the gradient is not the "
        "derivative.)",
        run_gradcheck=False,
    )


# ---------------------------------------------------------------------------
# 11 · gradient checking
# ---------------------------------------------------------------------------


def _difference_cases():
    return [
        ("sin(x) at x = 1, eps = 1e-3", lambda x: x.sin(), 1.0, 1e-3),
        ("exp(x) at x = 0.5, eps = 1e-2", lambda x: x.exp(), 0.5, 1e-2),
        ("x**3 at x = 2, eps = 0.1", lambda x: x**3, 2.0, 0.1),
    ]


def _value(f, x0: float, step: float = 0.0) -> float:
    return f(torch.tensor(np.float64(x0)) + step).item()


@exercise_check
def check_central_difference(answer: Any) -> bool:
    """Exercise 11.1: central_difference(f, x, eps) = (f(x+eps) - f(x-eps)) / 2eps."""
    if is_missing(answer):
        return not_yet(MISSING_HINT)
    if not callable(answer):
        return not_yet(
            f"answer is a {type(answer).__name__}; set it to the "
            "function itself: `answer = central_difference`."
        )
    for label, f, x0, eps in _difference_cases():
        x = torch.tensor(np.float64(x0))
        try:
            result = answer(f, x, eps)
        except Exception as error:
            return not_yet(
                f"for f = {label}: your function raised {describe_error(error)}"
            )
        if is_missing(result):
            return not_yet("central_difference returned None: `return` the estimate.")
        try:
            got = float(as_array(result).reshape(()))
        except (TypeError, ValueError):
            return not_yet(
                f"central_difference returned {result!r:.60}; it "
                "should return one number."
            )
        plus, minus, mid = _value(f, x0, eps), _value(f, x0, -eps), _value(f, x0)
        right = (plus - minus) / (2 * eps)
        if math.isclose(got, right, rel_tol=1e-7, abs_tol=1e-9):
            continue
        wrong = {
            (plus - mid) / eps: "that is the one-sided (forward) difference "
            "(f(x+eps) − f(x)) / eps, whose error shrinks only like eps. Use "
            "both neighbours: (f(x+eps) − f(x−eps)) / (2·eps).",
            (mid - minus) / eps: "that is the one-sided (backward) difference "
            "(f(x) − f(x−eps)) / eps. Use both neighbours: "
            "(f(x+eps) − f(x−eps)) / (2·eps).",
            (plus - minus) / eps: "you divide by eps, but the two points are "
            "2·eps apart: divide by 2·eps.",
            (plus - minus) / 2 * eps: "operator precedence: `/ 2 * eps` divides "
            "by 2 and then multiplies by eps. Write `/ (2 * eps)`.",
            (minus - plus) / (2 * eps): "the sign is flipped: f(x+eps) comes "
            "first, (f(x+eps) − f(x−eps)) / (2·eps).",
        }
        for value, hint in wrong.items():
            if math.isclose(got, value, rel_tol=1e-7, abs_tol=1e-9):
                return not_yet(f"for f = {label}: {hint}")
        shown_got, shown_right = _fmt_apart(got, right)
        return not_yet(
            f"for f = {label}: got {shown_got}, but the central "
            f"difference is {shown_right}."
        )
    return correct(
        "central_difference agrees on all three functions. Its error "
        "falls like eps², the one-sided difference's only like eps."
    )


def _g11(x, y):
    return (x * y.exp()).tanh().sum() + (x**2 * y).mean()


def _float32_gradcheck_error(eps: float) -> tuple[bool, float]:
    gen = np.random.default_rng(0)
    x = torch.tensor(gen.standard_normal(3).astype(np.float32), requires_grad=True)
    y = torch.tensor(gen.standard_normal(3).astype(np.float32), requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = torch.autograd.gradcheck(_g11, (x, y), eps=eps, raise_exception=False)
    return bool(report), report.max_abs_error


@exercise_check
def check_float32_eps(answer: Any) -> bool:
    """Exercise 11.2: a good finite-difference step for float32 (about ε^(1/3))."""
    if is_missing(answer):
        return not_yet(MISSING_HINT)
    try:
        eps = float(as_array(answer).reshape(()))
    except (TypeError, ValueError):
        return not_yet("answer should be one positive number, e.g. 1e-3.")
    machine = float(np.finfo(np.float32).eps)
    best = machine ** (1 / 3)
    if not eps > 0:
        return not_yet("the step must be a positive number.")
    passed, error = _float32_gradcheck_error(eps)
    measured = (
        f"(with eps = {eps:.1e}, gradcheck of lesson 11's g in float32 "
        f"{'passes' if passed else 'fails'}: largest error {error:.1e})"
    )
    if math.isclose(eps, machine, rel_tol=1e-3):
        return not_yet(
            f"that is float32's machine epsilon itself; a step that "
            f"small drowns in round-off. Take about its cube root. "
            f"{measured}"
        )
    if 5e-4 <= eps <= 3e-2:
        return correct(
            f"eps = {eps:.1e} is near ε^(1/3) = {best:.1e} for float32 {measured}."
        )
    if eps < 5e-4:
        extra = (
            " That is gradcheck's default, made for float64."
            if math.isclose(eps, 1e-6)
            else ""
        )
        return not_yet(
            f"eps = {eps:.1e} is too small for float32: the round-off "
            f"error ε·|f|/eps dominates.{extra} Aim for about "
            f"ε^(1/3) with ε = np.finfo('float32').eps. {measured}"
        )
    return not_yet(
        f"eps = {eps:.1e} is too large: the truncation error "
        f"(∝ eps²) dominates. Aim for about ε^(1/3) with "
        f"ε = np.finfo('float32').eps. {measured}"
    )


@exercise_check
def check_fixed_smooth_abs(answer: Any) -> bool:
    """Exercise 11.3: SmoothAbsFixed, backward grad_output · x / sqrt(x² + δ)."""
    x = _float64([-1.0, -0.05, 0.0, 0.3, 2.0])
    delta = 0.01
    return _check_custom_function(
        answer,
        "SmoothAbsFixed",
        [x, delta],
        forward_ref=lambda x, d: np.sqrt(x**2 + d),
        grads_ref=lambda x, d, g: [g * x / np.sqrt(x**2 + d)],
        grad_mistakes=[
            (
                lambda x, d, g: [g * x / (2 * np.sqrt(x**2 + d))],
                "that is still the planted bug: the gradient is half the right one "
                "(compare analytical and numerical in the gradcheck report). "
                "d/dx √(x²+δ) = 2x / (2√(x²+δ)): the 2s cancel.",
            ),
            (
                lambda x, d, g: [x / np.sqrt(x**2 + d)],
                "the derivative is right, but it is not multiplied by grad_output.",
            ),
            (
                lambda x, d, g: [g / (2 * np.sqrt(x**2 + d))],
                "that is the derivative of √u with respect to u; the chain rule also "
                "needs du/dx = 2x.",
            ),
            (
                lambda x, d, g: [g * x / (x**2 + d)],
                "you divide by x² + δ; divide by its square root (the saved result).",
            ),
        ],
        success="SmoothAbsFixed's backward is d/dx √(x²+δ) = x / √(x²+δ).",
    )


# ---------------------------------------------------------------------------
# 12 · common problems
# ---------------------------------------------------------------------------


def _mse(pred, target):
    return ((pred - target) ** 2).mean()


def _total_norm(tensors) -> float:
    return math.sqrt(
        sum(float(np.sum(t.numpy().astype(np.float64) ** 2)) for t in tensors)
    )


@exercise_check
def check_clip_grad_norm(answer: Any, model, X, y, max_norm: float = 1.0) -> bool:
    """Exercise 12.1: clip_grad_norm_(model.parameters(), 1.0) and its return value."""
    params = list(model.parameters())
    grads = torch.autograd.grad(_mse(model(X), y), params)
    before = _total_norm(grads)
    per_param = [_total_norm([g]) for g in grads]
    now_grads = [p.grad for p in params if p.grad is not None]
    now = _total_norm(now_grads) if now_grads else 0.0
    clipped = math.isclose(now, min(before, max_norm), rel_tol=1e-3)
    untouched = math.isclose(now, before, rel_tol=1e-4)
    if is_missing(answer):
        if now_grads and not untouched and not clipped:
            return not_yet(
                "answer is None, and the gradients were changed: "
                "clip_grad_value_ returns None and clips each element. "
                "Use answer = nn.utils.clip_grad_norm_(model.parameters(), "
                "max_norm=1.0)."
            )
        return not_yet(MISSING_HINT)
    if not now_grads:
        return not_yet(
            "the model's gradients are gone (None): run the cell from "
            "its first line, so that backward() fills them again."
        )
    try:
        value = float(as_array(answer).reshape(()))
    except (TypeError, ValueError):
        return not_yet("answer should be the one number clip_grad_norm_ returns.")
    if math.isclose(value, before, rel_tol=1e-3):
        if clipped:
            return correct(
                f"the total norm was {before:.3f}; the gradients now have "
                f"total norm {now:.3f}."
            )
        if untouched:
            return not_yet(
                f"{value:.3f} is the total norm, but the gradients are "
                "not clipped. Let clip_grad_norm_ do both: answer = "
                "nn.utils.clip_grad_norm_(model.parameters(), "
                "max_norm=1.0)."
            )
        if all(_total_norm([p.grad]) <= max_norm * (1 + 1e-3) for p in params):
            return not_yet(
                "each parameter's gradient was clipped on its own. "
                "clip_grad_norm_ should see all parameters at once, so "
                "that one factor scales them all."
            )
        return not_yet(
            f"the gradients now have total norm {now:.3f}; with "
            f"max_norm=1.0 it should be {min(before, max_norm):.3f}."
        )
    if math.isclose(value, max_norm, rel_tol=1e-3) and clipped:
        return not_yet(
            "that is the norm *after* clipping. clip_grad_norm_ returns "
            "the norm *before* clipping: take the value of the first "
            "call (calling it twice returns the clipped norm)."
        )
    if math.isclose(value, sum(per_param), rel_tol=1e-3):
        return not_yet(
            "that is the sum of the per-parameter norms. The total norm "
            "is the norm of all gradients as one vector: "
            "sqrt(sum of squared norms). clip_grad_norm_ returns it."
        )
    if clipped or untouched:
        return not_yet(
            f"answer = {value:.4g}, but the total gradient norm before "
            f"clipping is {before:.4g}: put the value clip_grad_norm_ "
            "returns in answer."
        )
    return not_yet(
        f"the gradients now have total norm {now:.4g}, which is neither "
        f"the original {before:.4g} nor max_norm = 1.0. Run the cell from "
        "its first line and call clip_grad_norm_ once, with max_norm=1.0."
    )


@exercise_check
def check_running_loss(
    answer: Any, net, X, y, batches: int = 8, size: int = 32
) -> bool:
    """Exercise 12.2: the sum of 8 batch losses as a plain number (no graphs)."""
    with torch.no_grad():
        losses = [
            _mse(net(X[size * i : size * (i + 1)]), y[size * i : size * (i + 1)]).item()
            for i in range(batches)
        ]
    right = sum(losses)
    if isinstance(answer, torch.Tensor) and answer.grad_fn is not None:
        nodes = len(torch.autograd.graph.walk(answer).nodes)
        return not_yet(
            f"answer is still a tensor with a graph ({nodes} nodes, "
            "reaching back into every batch): add `loss.item()` instead "
            "of `loss`, or compute the losses under torch.no_grad()."
        )
    if (
        isinstance(answer, torch.Tensor)
        and math.isclose(answer.item(), right, rel_tol=1e-4)
        and answer.numel() == 1
    ):
        return correct(
            f"total = {right:.5f} and no graph is kept. (`.item()` would "
            "make it a plain Python number.)"
        )
    return check(
        answer,
        right,
        success=f"total = {right:.5f}, a plain number: each batch's graph is freed "
        "as soon as the loop moves on.",
        mistakes=[
            Mistake(
                losses[-1],
                "that is only the last batch's loss: add up all "
                f"{batches} (total += ...).",
            ),
            Mistake(
                right / batches,
                f"that is the mean; the exercise asks for the "
                f"sum of the {batches} batch losses.",
            ),
        ],
        hint=f"Sum the {batches} batch losses with total += loss.item().",
    )


@exercise_check
def check_inplace_fix(answer: Any) -> bool:
    """Exercise 12.3: x.grad of sum((exp(x) + 1)²) without the in-place error."""
    x = np.array([0.2, -0.4, 1.0], dtype=np.float32).astype(np.float64)
    e = np.exp(x)
    right = 2 * (e + 1) * e
    return check(
        answer,
        right,
        success="x.grad = 2(eˣ + 1)·eˣ: the out-of-place `h = h + 1` leaves the "
        "saved eˣ untouched.",
        mistakes=[
            Mistake(
                2 * e * e,
                "that is the gradient without the +1: the loss is "
                "Σ(eˣ + 1)². Keep the + 1, out of place: h = h + 1.",
            ),
            Mistake(
                2 * (e + 1),
                "the factor eˣ from the chain rule through exp is "
                "missing: did you detach h? Use h = h + 1 (or x.exp().clone() "
                "before add_).",
            ),
            Mistake(
                2 * (e + 1) * (e + 1),
                "backward used the changed h instead of "
                "eˣ: keep the tensor exp saved unchanged (h = h + 1 creates a "
                "new one).",
            ),
            Mistake(
                4 * (e + 1) * e,
                "that is twice the gradient: did backward run "
                "twice on the same x? Make a fresh x first.",
            ),
        ],
        hint="Replace h.add_(1) by h = h + 1, then loss.backward() and "
        "answer = x.grad.",
    )


# ---------------------------------------------------------------------------
# 13 · linear regression from scratch
# ---------------------------------------------------------------------------


@exercise_check
def check_mse_gradients(answer: Any, X, y, w, b) -> bool:
    """Exercise 13.1: (dL/dw, dL/db) of the MSE by the formulas."""
    wc = w.detach().clone().requires_grad_()
    bc = b.detach().clone().requires_grad_()
    loss = ((X * wc + bc - y) ** 2).mean()
    dw, db = torch.autograd.grad(loss, (wc, bc))
    right = np.array([dw.item(), db.item()])
    n = X.shape[0]
    if isinstance(answer, torch.Tensor) and answer.numel() == 1:
        return not_yet(
            "answer is one number; give both gradients as a pair: `answer = (dw, db)`."
        )
    return check(
        answer,
        right,
        success=f"dL/dw = {right[0]:.6f} and dL/db = {right[1]:.6f}, the same as "
        "autograd's.",
        mistakes=[
            Mistake(
                right[::-1],
                "the two are swapped: answer = (dw, db), the gradient for w first.",
            ),
            Mistake(
                -right,
                "the sign is flipped: the formulas use (ŷ − y), "
                "prediction minus target.",
            ),
            Mistake(right / 2, "the factor 2 is missing: d/dŷ (ŷ − y)² = 2(ŷ − y)."),
            Mistake(
                right * n,
                f"that is {n}× too large: the loss is a mean, so "
                f"divide the sum by n = {n}.",
            ),
            Mistake(
                right * n / 2,
                f"that is a sum without the factor 2/n: the "
                f"gradient is (2/n)·Σ(...), n = {n}.",
            ),
            Mistake(
                lambda a: (
                    a.shape == (2,)
                    and np.isclose(a[1], right[1], rtol=1e-4)
                    and not np.isclose(a[0], right[0], rtol=1e-4)
                ),
                "dL/db is right but dL/dw is not: each term of dL/dw is "
                "multiplied by its x_i: (2/n)·Σ(ŷ_i − y_i)·x_i.",
            ),
        ],
        hint="Use dL/dw = (2/n)·Σ(ŷ_i − y_i)·x_i and dL/db = (2/n)·Σ(ŷ_i − y_i).",
    )


@exercise_check
def check_sgd_step(answer: Any) -> bool:
    """Exercise 13.2: sgd_step(params, lr) updates in place and resets the grads."""
    if is_missing(answer):
        return not_yet(MISSING_HINT)
    if not callable(answer):
        return not_yet(
            f"answer is a {type(answer).__name__}; set it to the "
            "function itself: `answer = sgd_step`."
        )
    w = torch.tensor([1.0, -2.0], requires_grad=True)
    b = torch.tensor(0.5, requires_grad=True)
    ((w * torch.tensor([3.0, 1.0])).sum() + 2 * b).backward()
    lr = 0.1
    start = [w.detach().numpy().copy(), b.detach().numpy().copy()]
    grads = [w.grad.numpy().copy(), b.grad.numpy().copy()]
    right = [p - lr * g for p, g in zip(start, grads)]
    try:
        result = answer([w, b], lr)
    except RuntimeError as error:
        if "leaf Variable" in str(error) or "in-place" in str(error):
            return not_yet(
                "sgd_step changed a leaf that requires grad while "
                "autograd was recording: wrap the update in "
                "`with torch.no_grad():`."
            )
        return not_yet(f"sgd_step raised {describe_error(error)}")
    except Exception as error:
        return not_yet(f"sgd_step raised {describe_error(error)}")
    now = [w.detach().numpy(), b.detach().numpy()]
    grads_left = [p.grad for p in (w, b)]
    cleared = all(g is None or not np.any(g.numpy()) for g in grads_left)
    if not (w.is_leaf and b.is_leaf):
        return not_yet(
            "after sgd_step a parameter is no longer a leaf: update it "
            "in place (p -= ...) under torch.no_grad()."
        )
    if all(np.allclose(a, c) for a, c in zip(now, start)):
        if result is not None:
            return not_yet(
                "the parameters did not change: sgd_step returned new "
                "tensors instead of changing the given ones in place. "
                "Use `p -= lr * p.grad` under torch.no_grad()."
            )
        if cleared:
            return not_yet(
                "the parameters did not change, and their gradients "
                "are reset. Two slips do that: resetting the gradients "
                "before using them (Update first, then reset), or "
                "`p = p - lr * p.grad`, which only makes the name p point "
                "to a new tensor. Change p in place: `p -= lr * p.grad` "
                "under torch.no_grad(), then reset p.grad."
            )
        return not_yet(
            "the parameters did not change. `p = p - lr * p.grad` only "
            "makes the name p point to a new tensor; change the tensor "
            "itself: `p -= lr * p.grad` (under torch.no_grad())."
        )
    if all(np.allclose(a, p + lr * g) for a, p, g in zip(now, start, grads)):
        return not_yet(
            "the parameters moved *along* the gradient, uphill: subtract lr * p.grad."
        )
    if not all(np.allclose(a, r, rtol=1e-6) for a, r in zip(now, right)):
        return not_yet(
            f"after one step w = {now[0].tolist()} but it should be "
            f"{np.round(right[0], 6).tolist()} (w − lr·w.grad with "
            f"w.grad = {grads[0].tolist()}, lr = {lr})."
        )
    if not cleared:
        return not_yet(
            "the update is right, but the gradients are not reset: the "
            "next backward() would add to them. Set p.grad = None (or "
            "call p.grad.zero_()) after the update."
        )
    if not torch.is_grad_enabled():
        torch.set_grad_enabled(True)
        return not_yet(
            "sgd_step left grad mode switched off: use `with "
            "torch.no_grad():` so that it comes back on. (The check "
            "has switched it on again.)"
        )
    return correct(
        "each parameter moved by −lr·grad in place, stayed a leaf, "
        "and its gradient was reset."
    )


def _regression_run(lr: float, steps: int, X, y) -> tuple[float, float]:
    """(loss after `steps` gradient-descent steps, loss before training)."""
    w = torch.tensor(0.0, requires_grad=True)
    b = torch.tensor(0.0, requires_grad=True)
    first = None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # overflow on divergence is expected
        for _ in range(steps):
            loss = ((X * w + b - y) ** 2).mean()
            first = loss.item() if first is None else first
            loss.backward()
            with torch.no_grad():
                w -= lr * w.grad
                b -= lr * b.grad
            w.grad = None
            b.grad = None
        with torch.no_grad():
            final = ((X * w + b - y) ** 2).mean().item()
    return final, first


def _regression_curvature(X, y) -> tuple[float, float, float]:
    """(least-squares loss, smallest, largest Hessian eigenvalue) of the MSE."""
    x = X.numpy().astype(np.float64).reshape(-1, 1)
    A = np.hstack([x, np.ones_like(x)])
    target = y.numpy().astype(np.float64).reshape(-1, 1)
    coef = np.linalg.lstsq(A, target, rcond=None)[0]
    best = float(np.mean((A @ coef - target) ** 2))
    eig = np.linalg.eigvalsh(2 * A.T @ A / len(x))
    return best, float(eig.min()), float(eig.max())


@exercise_check
def check_learning_rate(answer: Any, X, y, steps: int = 20) -> bool:
    """Exercise 13.3: a learning rate reaching 1.01 × the best loss in 20 steps."""
    if is_missing(answer):
        return not_yet(MISSING_HINT)
    try:
        lr = float(as_array(answer).reshape(()))
    except (TypeError, ValueError):
        return not_yet("answer should be one number, the learning rate.")
    best, low, high = _regression_curvature(X, y)
    if not lr > 0:
        return not_yet(
            "the learning rate must be positive: each step goes "
            "*against* the gradient by lr · gradient."
        )
    final, first = _regression_run(lr, steps, X, y)
    slow = abs(1 - lr * low)
    fast = abs(1 - lr * high)
    if math.isfinite(final) and final <= 1.01 * best:
        return correct(
            f"after {steps} steps with lr = {lr:.3g} the loss is "
            f"{final:.5f}, within 1% of the minimum {best:.5f}. Per "
            f"step the two directions shrink by {slow:.2f} and "
            f"{fast:.2f}."
        )
    if not math.isfinite(final) or final > first:
        return not_yet(
            f"with lr = {lr:.3g} training diverges (the loss grows): "
            f"lr must stay below 2/λ_max = {2 / high:.3f}."
        )
    gap = 100 * (final / best - 1)
    if slow >= fast:
        return not_yet(
            f"lr = {lr:.3g} is too small: after {steps} steps the loss "
            f"is still {gap:.1f}% above the minimum. The flat direction "
            f"(λ_min = {low:.3f}) shrinks only by a factor "
            f"|1 − lr·λ_min| = {slow:.3f} per step."
        )
    return not_yet(
        f"lr = {lr:.3g} is close to the limit 2/λ_max = {2 / high:.3f}: "
        f"the steep direction flips sign and shrinks only by "
        f"|1 − lr·λ_max| = {fast:.3f} per step ({gap:.1f}% above the "
        "minimum after {steps} steps). Try a smaller lr.".replace("{steps}", str(steps))
    )


# ---------------------------------------------------------------------------
# 14 · a neural network
# ---------------------------------------------------------------------------


@exercise_check
def check_moons_model(answer: Any, hidden: int = 32) -> bool:
    """Exercise 14.1: nn.Sequential(nn.Linear(2, 32), nn.ReLU(), nn.Linear(32, 1))."""
    if is_missing(answer):
        return not_yet(MISSING_HINT)
    if isinstance(answer, type):
        return not_yet(
            f"answer is the class {answer.__name__}; make a model: "
            "nn.Sequential(layer, layer, ...)."
        )
    if not isinstance(answer, nn.Module):
        return not_yet(
            f"answer is a {type(answer).__name__}; it should be a model "
            "built with nn.Sequential(...)."
        )
    gen = np.random.default_rng(3)
    a, b = (
        torch.tensor(gen.standard_normal((5, 2)).astype(np.float32)) for _ in range(2)
    )
    try:
        with torch.no_grad():
            out_a, out_b = answer(a), answer(b)
            out_ab, out_0 = answer(a + b), answer(torch.zeros(5, 2))
    except Exception as error:
        text = str(error).splitlines()[0] if str(error) else ""
        if "shapes cannot be multiplied" in text or "size" in text:
            return not_yet(
                f"the model fails on 2-feature input ({text}). The first "
                "layer must be nn.Linear(2, ...), and each Linear's input "
                "size must equal the previous one's output size."
            )
        return not_yet(f"calling the model raised {type(error).__name__}: {text}")
    if tuple(out_a.shape) != (5, 1):
        if tuple(out_a.shape) == (5, 2):
            return not_yet(
                "the model outputs 2 numbers per point. "
                "BCEWithLogitsLoss wants one logit per point: end with "
                f"nn.Linear({hidden}, 1)."
            )
        return not_yet(
            f"for 5 points the output has shape {tuple(out_a.shape)}; "
            "it should be (5, 1): one logit per point."
        )
    layers = list(answer.modules())[1:]
    if layers and isinstance(layers[-1], nn.Sigmoid):
        return not_yet(
            "the model ends with a Sigmoid. BCEWithLogitsLoss applies "
            "the sigmoid itself, so the model should output raw logits: "
            f"end with nn.Linear({hidden}, 1)."
        )
    if np.allclose(out_ab.numpy(), (out_a + out_b - out_0).numpy(), atol=1e-4):
        return not_yet(
            "the model is linear: there is no activation between the "
            "Linear layers, and a stack of Linear layers is one linear "
            "map, whose decision boundary is a straight line. Put "
            "nn.ReLU() after the hidden layer."
        )
    linears = [m for m in layers if isinstance(m, nn.Linear)]
    if len(linears) != 2 or linears[0].out_features != hidden:
        sizes = [(m.in_features, m.out_features) for m in linears]
        return not_yet(
            f"the Linear layers are {sizes}; the exercise asks for one "
            f"hidden layer of {hidden} units: nn.Linear(2, {hidden}), then "
            f"nn.Linear({hidden}, 1)."
        )
    if not any(isinstance(m, nn.ReLU) for m in layers):
        names = [type(m).__name__ for m in layers if not isinstance(m, nn.Linear)]
        return not_yet(
            f"the activation is {', '.join(names)}; the exercise asks for nn.ReLU()."
        )
    if not isinstance(layers[-1], nn.Linear):
        return not_yet(
            f"the model ends with {type(layers[-1]).__name__}: its "
            "output can never be negative, so it can never predict "
            "class 0 (logit below 0). End with the Linear layer: "
            f"nn.Linear({hidden}, 1) outputs the raw logit."
        )
    first, last = layers.index(linears[0]), layers.index(linears[1])
    if not any(isinstance(m, nn.ReLU) for m in layers[first + 1 : last]):
        return not_yet(
            "the ReLU is not between the two Linear layers: before the "
            "first one it clips the inputs, not the hidden units. Order: "
            f"nn.Linear(2, {hidden}), nn.ReLU(), nn.Linear({hidden}, 1)."
        )
    count = sum(p.numel() for p in answer.parameters())
    return correct(f"2 → {hidden} → ReLU → 1, {count} parameters, one logit per point.")


def _train_step_setup():
    torch.manual_seed(123)
    model = nn.Sequential(nn.Linear(2, 4), nn.Tanh(), nn.Linear(4, 1))
    gen = np.random.default_rng(5)
    X = torch.tensor(gen.standard_normal((16, 2)).astype(np.float32))
    y = torch.tensor((gen.random((16, 1)) > 0.5).astype(np.float32))
    return model, X, y


def _params(model) -> list[np.ndarray]:
    return [p.detach().numpy().copy() for p in model.parameters()]


def _same(a, b) -> bool:
    return all(np.allclose(x, y, rtol=1e-5, atol=1e-7) for x, y in zip(a, b))


@exercise_check
def check_train_step(answer: Any, lr: float = 0.1) -> bool:
    """Exercise 14.2: zero_grad, forward, loss, backward, step; return loss.item()."""
    if is_missing(answer):
        return not_yet(MISSING_HINT)
    if not callable(answer):
        return not_yet(
            f"answer is a {type(answer).__name__}; set it to the "
            "function itself: `answer = train_step`."
        )
    loss_fn = nn.BCEWithLogitsLoss()
    model, X, y = _train_step_setup()
    start = _params(model)
    stale = 5.0
    # The right step, and what the usual slips would give, from the same start.
    reference = copy.deepcopy(model)
    loss = loss_fn(reference(X), y)
    loss.backward()
    loss_before = loss.item()
    grads = [p.grad.numpy().copy() for p in reference.parameters()]
    right = [p - lr * g for p, g in zip(start, grads)]
    no_zero = [p - lr * (g + stale) for p, g in zip(start, grads)]
    stale_only = [p - lr * stale for p in start]
    twice = [p - 2 * lr * g for p, g in zip(start, grads)]
    with torch.no_grad():
        loss_after = loss_fn(_with_params(model, right)(X), y).item()

    for p in model.parameters():  # gradients left over from "an earlier step"
        p.grad = torch.full(tuple(p.shape), stale)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    try:
        result = answer(model, optimizer, loss_fn, X, y)
    except Exception as error:
        return not_yet(f"train_step raised {describe_error(error)}")
    now = _params(model)
    if _same(now, start):
        fresh = all(
            p.grad is not None and np.allclose(p.grad.numpy(), g, atol=1e-6)
            for p, g in zip(model.parameters(), grads)
        )
        if fresh:
            return not_yet(
                "the parameters did not change although the gradients "
                "are there: call optimizer.step() after loss.backward()."
            )
        return not_yet(
            "the parameters did not change. The order is: "
            "optimizer.zero_grad(), loss = loss_fn(model(X), y), "
            "loss.backward(), optimizer.step(). (zero_grad between "
            "backward and step erases the gradients step needs.)"
        )
    if _same(now, no_zero):
        return not_yet(
            "the update used old gradients too: backward() adds to "
            ".grad, so call optimizer.zero_grad() before backward()."
        )
    if _same(now, stale_only):
        return not_yet(
            "the update used the old gradients only: optimizer.step() "
            "ran before loss.backward(). Backward first, then step."
        )
    if _same(now, twice):
        return not_yet(
            "the parameters moved twice as far: optimizer.step() is called twice."
        )
    if not _same(now, right):
        return not_yet(
            "the parameters changed, but not by one SGD step on this "
            "batch's loss. Use loss_fn(model(X), y), then backward() and "
            "step() once."
        )
    if isinstance(result, torch.Tensor):
        if result.grad_fn is not None:
            return not_yet(
                "the step is right, but it returns the loss tensor, "
                "which keeps the whole graph alive (lesson 12): return "
                "loss.item()."
            )
        return not_yet("the step is right; return a Python number: loss.item().")
    if is_missing(result):
        return not_yet(
            "the step is right, but train_step returns None: end with "
            "`return loss.item()`."
        )
    try:
        value = float(result)
    except (TypeError, ValueError):
        return not_yet(
            f"train_step returned a {type(result).__name__}; return loss.item()."
        )
    if math.isclose(value, loss_after, rel_tol=1e-4) and not math.isclose(
        value, loss_before, rel_tol=1e-4
    ):
        return not_yet(
            "it returns the loss *after* the update; return the loss "
            "this step computed (before optimizer.step())."
        )
    if not math.isclose(value, loss_before, rel_tol=1e-4):
        return not_yet(
            f"train_step returned {value:.5g}, but this step's loss is "
            f"{loss_before:.5g}."
        )
    return correct(
        "zero_grad, forward, loss, backward, step: the parameters moved "
        f"by exactly one SGD step, and the loss {loss_before:.4f} came "
        "back as a number."
    )


def _with_params(model, arrays):
    clone = copy.deepcopy(model)
    with torch.no_grad():
        for p, a in zip(clone.parameters(), arrays):
            p.copy_(torch.tensor(a))
    return clone


@exercise_check
def check_accuracy(answer: Any, model, X_test, y_test) -> bool:
    """Exercise 14.3: the test accuracy, predicting class 1 where the logit > 0."""
    with torch.no_grad():
        logits = model(X_test)
    y = y_test.numpy().reshape(-1)
    z = logits.numpy().reshape(-1)
    right = float(np.mean((z > 0) == (y > 0.5)))
    at_half = float(np.mean((z > 0.5) == (y > 0.5)))
    mistakes = [
        Mistake(
            100 * right,
            "that is a percentage; give the fraction between 0 and 1 (divide by 100).",
        ),
        Mistake(
            1 - right,
            "that is the error rate, the fraction predicted *wrong*: "
            "count the points where prediction == label.",
        ),
        Mistake(
            right * len(y),
            f"that is the number of right predictions; divide "
            f"by the number of test points ({len(y)}).",
        ),
    ]
    if not math.isclose(at_half, right):
        mistakes.append(
            Mistake(
                at_half,
                "you thresholded the logits at 0.5. A logit "
                "of 0 means p = 0.5: predict class 1 where the logit "
                "is above 0 (or where sigmoid(logit) > 0.5).",
            )
        )
    return check(
        answer,
        right,
        success=f"test accuracy {right:.1%}: {int(round(right * len(y)))} of "
        f"{len(y)} test points on the right side of the boundary.",
        mistakes=mistakes,
        hint="Compare (model(X_test) > 0).float() with y_test and take the mean.",
        rtol=1e-6,
        atol=1e-6,
    )
