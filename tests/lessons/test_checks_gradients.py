"""The answer checks of lessons 16-18 (lessons/checks_gradients.py).

Every check must accept the right answer (the one folded into its lesson),
answer the unsolved preset `None` with a hint instead of an error, meet each
typical wrong answer of its table with that answer's own hint, and never
raise, whatever the answer is.
"""

import numpy as np
import pytest

import minigrad as torch
from lessons import checks_gradients as cg
from lessons.checks import MISSING_HINT


def run(capsys, check, answer):
    """Call a check; return (verdict as bool, what it printed)."""
    verdict = check(answer)
    return bool(verdict), capsys.readouterr().out


def assert_right(capsys, check, answer):
    ok, out = run(capsys, check, answer)
    assert ok, out
    assert "✓ Correct" in out


def assert_hint(capsys, hint, check, answer):
    ok, out = run(capsys, check, answer)
    assert not ok, out
    assert "✗ Not yet" in out
    assert hint in out, out


NONSENSE = ["a string", {"a": 1}, object(), [1, "x"], lambda: None]
ALL_CHECKS = [getattr(cg, name) for name in cg.__all__]


@pytest.mark.parametrize("check", ALL_CHECKS, ids=cg.__all__)
def test_none_gets_a_hint(capsys, check):
    ok, out = run(capsys, check, None)
    assert not ok
    assert "✗ Not yet" in out
    if check is cg.check_retained_grad:  # a hint of its own: see below
        assert "None" in out
    else:
        assert MISSING_HINT in out


@pytest.mark.parametrize("answer", NONSENSE, ids=lambda a: type(a).__name__)
@pytest.mark.parametrize("check", ALL_CHECKS, ids=cg.__all__)
def test_never_raises_and_never_shows_source(capsys, check, answer):
    ok, out = run(capsys, check, answer)
    assert not ok, out
    assert "✗ Not yet" in out
    assert "Traceback" not in out and "def " not in out


# ---------------------------------------------------------------------------
# 16 · broadcasting and matmul gradients
# ---------------------------------------------------------------------------


def broadcast_setup():
    A = torch.ones(2, 3, 4)
    b = torch.zeros(3, 1, requires_grad=True)
    G = torch.arange(24.0).reshape(2, 3, 4)
    return A, b, G


def test_broadcast_grad_right(capsys):
    A, b, G = broadcast_setup()
    assert_right(
        capsys, cg.check_broadcast_grad, G.sum(dim=(0, 2), keepdim=True).reshape(3, 1)
    )
    ((A + b) * G).sum().backward()
    assert_right(capsys, cg.check_broadcast_grad, b.grad)


@pytest.mark.parametrize(
    "make_wrong, hint",
    [
        (lambda G: G, "that is ∂L/∂Y"),
        (lambda G: G.sum(dim=(0, 2), keepdim=True), "not (1, 3, 1)"),
        (lambda G: G.sum(dim=(0, 2)), "keepdim=True"),
        (lambda G: G.sum(0), "leading axis only"),
        (lambda G: G.sum(2, keepdim=True), "last axis only"),
        (lambda G: G.mean(dim=(0, 2)).reshape(3, 1), "a sum, not a mean"),
        (lambda G: torch.full((3, 1), 8.0), "weighted by G"),
        (lambda G: G.sum(), "summed everything"),
        (lambda G: -G.sum(dim=(0, 2)).reshape(3, 1), "wrong sign"),
    ],
    ids=[
        "G",
        "keep-lead",
        "no-keepdim",
        "axis0",
        "axis2",
        "mean",
        "counts",
        "total",
        "sign",
    ],
)
def test_broadcast_grad_wrong(capsys, make_wrong, hint):
    _, _, G = broadcast_setup()
    assert_hint(capsys, hint, cg.check_broadcast_grad, make_wrong(G))


def linear_backward(X, W, b, G):
    return G @ W.T, X.T @ G, G.sum(dim=0)


def test_linear_backward_right(capsys):
    assert_right(capsys, cg.check_linear_backward, linear_backward)


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda X, W, b, G: (G @ W.T, G.T @ X, G.sum(dim=0)), "dW is transposed"),
        (lambda X, W, b, G: (W @ G.T, X.T @ G, G.sum(dim=0)), "dX is transposed"),
        (lambda X, W, b, G: (G @ W.T, X.T @ G, G), "db has the shape of Y"),
        (lambda X, W, b, G: (G @ W.T, X.T @ G, G.sum(dim=1)), "one number per row"),
        (lambda X, W, b, G: (G @ W.T, X.T @ G, G.mean(dim=0)), "is a mean"),
        (lambda X, W, b, G: (G @ W.T, -(X.T @ G), G.sum(dim=0)), "wrong numbers"),
        (lambda X, W, b, G: (G @ W.T, torch.zeros_like(W), G.sum(dim=0)), "all zeros"),
        (lambda X, W, b, G: (G @ W.T, X.T @ G), "three gradients"),
        (lambda X, W, b, G: None, "returned None"),
        (lambda X, W, b, G: (G @ W, X.T @ G, G.sum(dim=0)), "raised"),
        (lambda X, W, b, G: (None, X.T @ G, G.sum(dim=0)), "dX is None"),
    ],
    ids=[
        "dW-T",
        "dX-T",
        "db-G",
        "db-rows",
        "db-mean",
        "dW-sign",
        "zeros",
        "two",
        "none",
        "raises",
        "part-none",
    ],
)
def test_linear_backward_wrong(capsys, wrong, hint):
    assert_hint(capsys, hint, cg.check_linear_backward, wrong)


def test_linear_backward_not_callable(capsys):
    assert_hint(capsys, "the function itself", cg.check_linear_backward, 3.0)


# ---------------------------------------------------------------------------
# 17 · debugging gradients
# ---------------------------------------------------------------------------


def test_dead_module_right(capsys):
    assert_right(capsys, cg.check_dead_module, "3")
    assert_right(capsys, cg.check_dead_module, " 3 ")


@pytest.mark.parametrize(
    "answer, hint",
    [
        ("0", "first Linear layer"),
        ("1", "zeroes only some"),
        ("2", "look one module on"),
        ("4", "output layer"),
        ("", "the Sequential itself"),
        (3, "as a string"),
        ("relu", "named_modules()"),
    ],
    ids=["0", "1", "2", "4", "empty", "int", "other"],
)
def test_dead_module_wrong(capsys, answer, hint):
    assert_hint(capsys, hint, cg.check_dead_module, answer)


def retained_setup():
    x = torch.tensor([0.5, -1.0, 2.0])
    w = torch.tensor([1.5, 0.5, -0.5], requires_grad=True)
    t = torch.tensor([1.0, 0.0, -1.0])
    u = x * w
    v = u.tanh()
    u.retain_grad()
    v.retain_grad()
    ((v - t) ** 2).sum().backward()
    return u, v, w, t


def test_retained_grad_right(capsys):
    _, v, _, t = retained_setup()
    assert_right(capsys, cg.check_retained_grad, v.grad)
    assert_right(capsys, cg.check_retained_grad, 2 * (v - t).detach())


def test_retained_grad_missing_explains_retain_grad(capsys):
    assert_hint(capsys, "retain_grad()", cg.check_retained_grad, None)


@pytest.mark.parametrize(
    "pick, hint",
    [
        (lambda u, v, w, t: u.grad, "gradient at u"),
        (lambda u, v, w, t: w.grad, "w.grad"),
        (lambda u, v, w, t: (v - t).detach(), "brings down the power"),
        (lambda u, v, w, t: 2 * v.grad, "backward twice"),
        (lambda u, v, w, t: v.grad[:2], "shape"),
    ],
    ids=["u", "w", "residual", "twice", "shape"],
)
def test_retained_grad_wrong(capsys, pick, hint):
    assert_hint(capsys, hint, cg.check_retained_grad, pick(*retained_setup()))


def root_or_zero(x):
    positive = x > 0
    safe = torch.where(positive, x, torch.ones_like(x))
    return torch.where(positive, safe.sqrt(), torch.zeros_like(x))


def test_root_or_zero_right(capsys):
    assert_right(capsys, cg.check_root_or_zero, root_or_zero)
    # Another right fix: sqrt of a clamped input, where picking 0 below.
    assert_right(
        capsys,
        cg.check_root_or_zero,
        lambda x: torch.where(x > 0, x.clamp(min=1e-3).sqrt(), torch.zeros_like(x)),
    )


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda x: torch.where(x > 0, x.sqrt(), torch.zeros_like(x)), "0 × nan"),
        (lambda x: x.clamp(min=0.0).sqrt(), "0 × nan"),
        (lambda x: x.abs().sqrt(), "values changed"),
        (lambda x: root_or_zero(x).detach(), "no graph"),
        (lambda x: root_or_zero(x).sum().item(), "no graph"),
        (lambda x: torch.where(x > 0, x, torch.zeros_like(x)), "values changed"),
        (lambda x: root_or_zero(x) + (x - x.detach()), "not the slope"),
        (lambda x: x.undefined_method(), "raised AttributeError"),
    ],
    ids=["where", "clamp", "abs", "detach", "item", "identity", "slope", "raises"],
)
def test_root_or_zero_wrong(capsys, wrong, hint):
    assert_hint(capsys, hint, cg.check_root_or_zero, wrong)


# ---------------------------------------------------------------------------
# 18 · dynamic graphs
# ---------------------------------------------------------------------------


def double_until(x, limit):
    while x.abs().sum() < limit:
        x = x * 2
    return x


def test_loop_gradient_right(capsys):
    x = torch.tensor([0.05, 0.1], requires_grad=True)
    double_until(x, 10.0).sum().backward()
    assert_right(capsys, cg.check_loop_gradient, x.grad)
    assert_right(capsys, cg.check_loop_gradient, [128.0, 128.0])


@pytest.mark.parametrize(
    "answer, hint",
    [
        ([64.0, 64.0], "one doubling short"),
        ([256.0, 256.0], "one doubling too many"),
        ([1.0, 1.0], "never ran"),
        ([7.0, 7.0], "don't add"),
        (128.0, "shape"),
        ([-128.0, -128.0], "wrong sign"),
    ],
    ids=["short", "long", "one", "count", "scalar", "sign"],
)
def test_loop_gradient_wrong(capsys, answer, hint):
    assert_hint(capsys, hint, cg.check_loop_gradient, answer)


def newton_sqrt(a):
    y = a / 2 + 0.5
    while (y * y - a).abs().item() > 1e-6 * a.item():
        y = (y + a / y) / 2
    return y


def test_newton_sqrt_right(capsys):
    assert_right(capsys, cg.check_newton_sqrt, newton_sqrt)


def newton_sqrt_numbers(a):
    y = a.item() / 2 + 0.5
    while abs(y * y - a.item()) > 1e-6 * a.item():
        y = (y + a.item() / y) / 2
    return y


def newton_sqrt_new_tensor(a):
    return torch.tensor(newton_sqrt_numbers(a))


def newton_sqrt_detached_a(a):
    y = a.detach() / 2 + 0.5
    while (y * y - a).abs().item() > 1e-6 * a.item():
        y = (y + a.detach() / y) / 2
    return y


def newton_sqrt_one_step(a):
    return (a / 2 + 0.5 + a / (a / 2 + 0.5)) / 2


def newton_sqrt_half_grad(a):
    # the right value, but with a gradient twice as steep
    y = newton_sqrt(a)
    return y + (a - a.detach()) * (0.5 / y.detach())


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (newton_sqrt_numbers, "return the tensor y itself"),
        (newton_sqrt_new_tensor, "no grad_fn"),
        (newton_sqrt_detached_a, "graph was cut"),
        (lambda a: newton_sqrt(a.detach().requires_grad_()), "does not depend on a"),
        (newton_sqrt_one_step, "Repeat the update"),
        (newton_sqrt_half_grad, "not the slope of √a"),
        (lambda a: None, "returned None"),
        (lambda a: torch.stack([newton_sqrt(a), newton_sqrt(a)]), "2 numbers"),
        (lambda a: a.no_such_thing, "raised AttributeError"),
    ],
    ids=[
        "float",
        "new-tensor",
        "detached",
        "other-leaf",
        "one-step",
        "slope",
        "none",
        "two",
        "raises",
    ],
)
def test_newton_sqrt_wrong(capsys, wrong, hint):
    assert_hint(capsys, hint, cg.check_newton_sqrt, wrong)


def test_checks_recompute_with_the_engine():
    """The right answers come from minigrad's backward, not from constants."""
    G, expected = cg._broadcast_setup()
    np.testing.assert_allclose(expected, G.sum(axis=(0, 2)).reshape(3, 1))
    X, W, b, G = cg._linear_cases()[0]
    dX, dW, db = cg._linear_autograd(X, W, b, G)
    np.testing.assert_allclose(dW, X.T @ G)
    np.testing.assert_allclose(dX, G @ W.T)
    np.testing.assert_allclose(db, G.sum(axis=0))
