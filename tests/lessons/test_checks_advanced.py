"""The answer checks of lessons 08-14 (lessons/checks_advanced.py).

Every check must accept the reference solution (the one folded into its
lesson), answer the unsolved preset `None` with a hint instead of an error,
and meet each typical wrong answer with its own specific hint.
"""

import math
import re

import bad_answers
import numpy as np
import pytest
from bad_answers import assert_only_hints
from lessons_testutil import assert_hint, assert_right, run

import minigrad as torch
import minigrad.nn as nn
from lessons import checks
from lessons import checks_advanced as ca
from lessons.checks import MISSING_HINT


def missing(capsys, check, *args):
    assert_hint(capsys, MISSING_HINT, check, None, *args)


# ---------------------------------------------------------------------------
# 08 · higher-order derivatives
# ---------------------------------------------------------------------------


def second_derivative_solution():
    x = torch.tensor(1.5, requires_grad=True)
    gx = x**4 - 3 * x**2
    (d1,) = torch.autograd.grad(gx, x, create_graph=True)
    (d2,) = torch.autograd.grad(d1, x)
    return d2


def test_second_derivative(capsys):
    assert_right(capsys, ca.check_second_derivative, second_derivative_solution())
    assert_right(capsys, ca.check_second_derivative, 21.0)
    missing(capsys, ca.check_second_derivative)


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (4 * 1.5**3 - 6 * 1.5, "the first derivative"),
        (1.5**4 - 3 * 1.5**2, "itself, not a derivative"),
        (24 * 1.5, "one torch.autograd.grad call too many"),
        ((torch.tensor(21.0),), "wrapped in a tuple"),
        (7.0, "create_graph=True"),
    ],
)
def test_second_derivative_wrong(capsys, wrong, hint):
    assert_hint(capsys, hint, ca.check_second_derivative, wrong)


def h08(v):
    return v[0] ** 3 * v[1] + v[1].exp()


def test_hessian(capsys):
    v = torch.tensor([1.0, 0.5], requires_grad=True)
    assert_right(capsys, ca.check_hessian, torch.autograd.functional.hessian(h08, v))
    (g,) = torch.autograd.grad(h08(v), v, create_graph=True)
    rows = [torch.autograd.grad(g[i], v, retain_graph=True)[0] for i in range(2)]
    assert_right(capsys, ca.check_hessian, torch.stack(rows))
    missing(capsys, ca.check_hessian)


def test_hessian_wrong(capsys):
    v = torch.tensor([1.0, 0.5], requires_grad=True)
    H = torch.autograd.functional.hessian(h08, v).numpy()
    (g,) = torch.autograd.grad(h08(v), v, create_graph=True)
    assert_hint(capsys, "that is the gradient", ca.check_hessian, g)
    (row_sums,) = torch.autograd.grad(g.sum(), v)
    assert_hint(capsys, "row-sum", ca.check_hessian, row_sums)
    assert_hint(
        capsys, "only the diagonal is right", ca.check_hessian, np.diag(np.diag(H))
    )
    assert_hint(
        capsys, "only the diagonal of the Hessian", ca.check_hessian, np.diag(H)
    )
    assert_hint(
        capsys, "torch.autograd.functional.hessian", ca.check_hessian, np.ones((2, 2))
    )


def newton_solution(f, x):
    (d1,) = torch.autograd.grad(f(x), x, create_graph=True)
    (d2,) = torch.autograd.grad(d1, x)
    return (x - d1 / d2).item()


def test_newton_step(capsys):
    assert_right(capsys, ca.check_newton_step, newton_solution)
    missing(capsys, ca.check_newton_step)


def _derivs(f, x):
    (d1,) = torch.autograd.grad(f(x), x, create_graph=True)
    (d2,) = torch.autograd.grad(d1, x)
    return x.item(), d1.item(), d2.item()


def test_newton_step_wrong(capsys):
    def descent(f, x):
        x0, d1, _ = _derivs(f, x)
        return x0 - d1

    def plus(f, x):
        x0, d1, d2 = _derivs(f, x)
        return x0 + d1 / d2

    def upside_down(f, x):
        x0, d1, d2 = _derivs(f, x)
        return x0 - d2 / d1

    def step_only(f, x):
        _, d1, d2 = _derivs(f, x)
        return d1 / d2

    def no_create_graph(f, x):
        (d1,) = torch.autograd.grad(f(x), x)
        (d2,) = torch.autograd.grad(d1, x)
        return (x - d1 / d2).item()

    def in_place(f, x):
        x0, d1, d2 = _derivs(f, x)
        with torch.no_grad():
            x -= d1 / d2
        return x.item()

    assert_hint(capsys, "gradient-descent step", ca.check_newton_step, descent)
    assert_hint(capsys, "wrong way", ca.check_newton_step, plus)
    assert_hint(capsys, "upside down", ca.check_newton_step, upside_down)
    assert_hint(capsys, "return x minus it", ca.check_newton_step, step_only)
    assert_hint(capsys, "create_graph=True", ca.check_newton_step, no_create_graph)
    assert_hint(capsys, "changed x in place", ca.check_newton_step, in_place)
    assert_hint(capsys, "returned None", ca.check_newton_step, lambda f, x: None)
    assert_hint(capsys, "the function itself", ca.check_newton_step, 1.13)


# ---------------------------------------------------------------------------
# 09 · controlling gradient computation
# ---------------------------------------------------------------------------


@pytest.fixture
def prediction_data():
    w = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
    b = torch.tensor(0.1, requires_grad=True)
    X_test = torch.tensor([[1.0, 2.0, 3.0], [0.0, -1.0, 4.0]])
    return X_test, w, b


def test_no_grad_prediction(capsys, prediction_data):
    X_test, w, b = prediction_data
    with torch.no_grad():
        answer = X_test @ w + b
    assert_right(capsys, ca.check_no_grad_prediction, answer, X_test, w, b)
    assert_right(
        capsys, ca.check_no_grad_prediction, (X_test @ w + b).detach(), X_test, w, b
    )
    missing(capsys, ca.check_no_grad_prediction, X_test, w, b)


def test_no_grad_prediction_wrong(capsys, prediction_data):
    X_test, w, b = prediction_data
    check = ca.check_no_grad_prediction
    assert_hint(capsys, "the graph was recorded", check, X_test @ w + b, X_test, w, b)
    with torch.no_grad():
        assert_hint(capsys, "bias is missing", check, X_test @ w, X_test, w, b)
        values = (X_test @ w + b).tolist()
    assert_hint(capsys, "keep it a tensor", check, values, X_test, w, b)


@pytest.fixture
def moving_target():
    w = torch.tensor(1.5, requires_grad=True)
    return w, 3 * w, w**2


def test_detached_target(capsys, moving_target):
    w, p, t = moving_target
    assert_right(capsys, ca.check_detached_target, (p - t.detach()) ** 2, w)
    missing(capsys, ca.check_detached_target, w)


def test_detached_target_wrong(capsys, moving_target):
    w, p, t = moving_target
    check = ca.check_detached_target
    assert_hint(capsys, "still flows through the target", check, (p - t) ** 2, w)
    assert_hint(capsys, "detached the prediction p", check, (p.detach() - t) ** 2, w)
    assert_hint(
        capsys, "does not require grad", check, (p.detach() - t.detach()) ** 2, w
    )
    assert_hint(capsys, "squares it", check, p - t.detach(), w)
    assert_hint(
        capsys, "the loss tensor itself", check, ((p - t.detach()) ** 2).item(), w
    )
    used = (p - t.detach()) ** 2
    used.backward()
    assert_hint(capsys, "don't call backward on it first", check, used, w)


def test_predict_decorator(capsys):
    @torch.no_grad()
    def predict(x):
        return 2 * x + 1

    assert_right(capsys, ca.check_predict_decorator, predict)
    missing(capsys, ca.check_predict_decorator)


def test_predict_decorator_wrong(capsys):
    check = ca.check_predict_decorator
    assert_hint(capsys, "still records a graph", check, lambda x: 2 * x + 1)

    def switches_off(x):
        torch.set_grad_enabled(False)
        return 2 * x + 1

    assert_hint(capsys, "grad mode was still OFF", check, switches_off)
    assert torch.is_grad_enabled()  # the check switched it back on

    def detaches(x):
        return (2 * x + 1).detach()

    assert_hint(capsys, "not decorated", check, detaches)
    assert_hint(
        capsys, "it should be 2 * x + 1", check, torch.no_grad()(lambda x: 2 * x)
    )
    assert_hint(capsys, "predict returned None", check, torch.no_grad()(lambda x: None))
    assert_hint(capsys, "no brackets", check, 3.0)


def test_predict_decorator_looks_inside_the_call(capsys):
    """A functools.wraps wrapper that detaches afterwards is not no_grad."""
    import functools

    def detach_after(function):
        @functools.wraps(function)
        def wrapper(x):
            return function(x).detach()

        return wrapper

    @detach_after
    def predict(x):
        return 2 * x + 1

    assert_hint(capsys, "ran with recording on", ca.check_predict_decorator, predict)

    def no_grad_by_hand(function):
        @functools.wraps(function)
        def wrapper(x):
            with torch.no_grad():
                return function(x)

        return wrapper

    assert_right(
        capsys, ca.check_predict_decorator, no_grad_by_hand(lambda x: 2 * x + 1)
    )


# ---------------------------------------------------------------------------
# 10 · custom autograd Functions
# ---------------------------------------------------------------------------


def function_class(forward, backward, name):
    """A torch.autograd.Function subclass from two plain functions."""
    return type(
        name,
        (torch.autograd.Function,),
        {"forward": staticmethod(forward), "backward": staticmethod(backward)},
    )


def _save_x_cube(ctx, x):
    ctx.save_for_backward(x)
    return x**3


def cube(backward):
    return function_class(_save_x_cube, backward, "Cube")


def test_cube_function(capsys):
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * 3 * x**2

    assert_right(capsys, ca.check_cube_function, cube(backward))
    missing(capsys, ca.check_cube_function)


@pytest.mark.parametrize(
    "backward, hint",
    [
        (
            lambda ctx, g: 3 * ctx.saved_tensors[0] ** 2,
            "without multiplying by grad_output",
        ),
        (lambda ctx, g: g * ctx.saved_tensors[0] ** 2, "the derivative of x³ is 3x²"),
        (lambda ctx, g: g * 3 * ctx.saved_tensors[0], "the derivative of x³ is 3x²"),
        (lambda ctx, g: g, "passes grad_output through unchanged"),
        (lambda ctx, g: (g, g), "one gradient per input"),
    ],
)
def test_cube_function_wrong_backward(capsys, backward, hint):
    assert_hint(capsys, hint, ca.check_cube_function, cube(backward))


def test_cube_function_wrong_shape_of_answer(capsys):
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * 3 * x**2

    Cube = cube(backward)
    check = ca.check_cube_function
    assert_hint(capsys, "answer = Cube", check, Cube.apply)
    assert_hint(capsys, "not a torch.autograd.Function", check, type("Cube", (), {}))
    assert_hint(
        capsys,
        "not written yet",
        check,
        type(
            "Cube", (torch.autograd.Function,), {"forward": staticmethod(_save_x_cube)}
        ),
    )

    class NotStatic(torch.autograd.Function):
        def forward(self, ctx, x):  # written like nn.Module.forward
            return x**3

        def backward(self, ctx, grad_output):
            return grad_output

    assert_hint(capsys, "@staticmethod", check, NotStatic)
    assert_hint(
        capsys,
        "should give",
        check,
        function_class(lambda ctx, x: x**2, backward, "Cube"),
    )


def _save_xy(ctx, x, y):
    ctx.save_for_backward(x, y)
    return x * y**2


def mul_square(backward):
    return function_class(_save_xy, backward, "MulSquare")


def test_mul_square_function(capsys):
    def backward(ctx, g):
        x, y = ctx.saved_tensors
        return g * y**2, g * 2 * x * y

    assert_right(capsys, ca.check_mul_square_function, mul_square(backward))
    missing(capsys, ca.check_mul_square_function)


def _xy(ctx):
    return ctx.saved_tensors


@pytest.mark.parametrize(
    "backward, hint",
    [
        (
            lambda ctx, g: (g * 2 * _xy(ctx)[0] * _xy(ctx)[1], g * _xy(ctx)[1] ** 2),
            "swapped",
        ),
        (
            lambda ctx, g: (_xy(ctx)[1] ** 2, 2 * _xy(ctx)[0] * _xy(ctx)[1]),
            "forgets grad_output",
        ),
        (
            lambda ctx, g: (g * _xy(ctx)[1] ** 2, g * 2 * _xy(ctx)[1]),
            "missing the factor x",
        ),
        (
            lambda ctx, g: (g * _xy(ctx)[1] ** 2, g * _xy(ctx)[0] * _xy(ctx)[1]),
            "missing the factor 2",
        ),
        (lambda ctx, g: g * _xy(ctx)[1] ** 2, "one gradient per input"),
    ],
)
def test_mul_square_function_wrong(capsys, backward, hint):
    assert_hint(capsys, hint, ca.check_mul_square_function, mul_square(backward))


def reverse(backward):
    return function_class(lambda ctx, x: x.clone(), backward, "GradReverse")


def test_grad_reverse_function(capsys):
    assert_right(capsys, ca.check_grad_reverse_function, reverse(lambda ctx, g: -g))
    missing(capsys, ca.check_grad_reverse_function)
    assert_hint(
        capsys,
        "through unchanged",
        ca.check_grad_reverse_function,
        reverse(lambda ctx, g: g),
    )
    assert_hint(
        capsys,
        "-1 everywhere",
        ca.check_grad_reverse_function,
        reverse(lambda ctx, g: -torch.ones_like(g)),
    )


# ---------------------------------------------------------------------------
# 11 · gradient checking
# ---------------------------------------------------------------------------


def test_central_difference(capsys):
    def central_difference(f, x, eps):
        return ((f(x + eps) - f(x - eps)) / (2 * eps)).item()

    assert_right(capsys, ca.check_central_difference, central_difference)
    missing(capsys, ca.check_central_difference)


@pytest.mark.parametrize(
    "estimate, hint",
    [
        (lambda f, x, e: (f(x + e) - f(x)) / e, "one-sided (forward)"),
        (lambda f, x, e: (f(x) - f(x - e)) / e, "one-sided (backward)"),
        (lambda f, x, e: (f(x + e) - f(x - e)) / e, "divide by 2·eps"),
        (lambda f, x, e: (f(x + e) - f(x - e)) / 2 * e, "operator precedence"),
        (lambda f, x, e: (f(x - e) - f(x + e)) / (2 * e), "sign is flipped"),
        (lambda f, x, e: None, "returned None"),
        (lambda f, x, e: f(x).log(), "the central difference is"),
    ],
)
def test_central_difference_wrong(capsys, estimate, hint):
    assert_hint(capsys, hint, ca.check_central_difference, estimate)


def test_central_difference_hint_shows_the_digits_that_differ(capsys):
    def exact_slope(f, x, eps):  # autograd's exact derivative, not the estimate
        x = x.detach().requires_grad_()
        f(x).backward()
        return x.grad.item()

    ok, out = run(capsys, ca.check_central_difference, exact_slope)
    assert not ok
    got, right = re.search(
        r"got (\S+), but the central difference is (\S+)\.", out
    ).groups()
    assert got != right, out


def test_central_difference_raises(capsys):
    def broken(f, x, eps):
        return f(x + eps) - f(x - eps) / (2 * undefined_name)  # noqa: F821

    assert_hint(capsys, "NameError", ca.check_central_difference, broken)


@pytest.mark.parametrize("eps", [np.finfo("float32").eps ** (1 / 3), 1e-3, 1e-2])
def test_float32_eps(capsys, eps):
    assert_right(capsys, ca.check_float32_eps, eps)


@pytest.mark.parametrize(
    "eps, hint",
    [
        (1e-6, "gradcheck's default, made for float64"),
        (1e-8, "too small for float32"),
        (float(np.finfo("float32").eps), "machine epsilon itself"),
        (0.5, "too large"),
        (-1e-3, "positive"),
        ("1e-3", "one positive number"),
    ],
)
def test_float32_eps_wrong(capsys, eps, hint):
    assert_hint(capsys, hint, ca.check_float32_eps, eps)


def test_float32_eps_missing(capsys):
    missing(capsys, ca.check_float32_eps)


def _smooth_abs_forward(ctx, x, delta):
    result = (x**2 + delta).sqrt()
    ctx.save_for_backward(x, result)
    return result


def smooth_abs(backward):
    return function_class(_smooth_abs_forward, backward, "SmoothAbsFixed")


def test_fixed_smooth_abs(capsys):
    def backward(ctx, g):
        x, result = ctx.saved_tensors
        return g * x / result, None

    assert_right(capsys, ca.check_fixed_smooth_abs, smooth_abs(backward))
    missing(capsys, ca.check_fixed_smooth_abs)


@pytest.mark.parametrize(
    "backward, hint",
    [
        (lambda ctx, g: (g * _xy(ctx)[0] / (2 * _xy(ctx)[1]), None), "the planted bug"),
        (
            lambda ctx, g: (_xy(ctx)[0] / _xy(ctx)[1], None),
            "not multiplied by grad_output",
        ),
        (lambda ctx, g: (g / (2 * _xy(ctx)[1]), None), "du/dx = 2x"),
        (lambda ctx, g: (g * _xy(ctx)[0] / _xy(ctx)[1] ** 2, None), "its square root"),
        (lambda ctx, g: g * _xy(ctx)[0] / _xy(ctx)[1], "one gradient per input"),
    ],
)
def test_fixed_smooth_abs_wrong(capsys, backward, hint):
    assert_hint(capsys, hint, ca.check_fixed_smooth_abs, smooth_abs(backward))


# ---------------------------------------------------------------------------
# 12 · common problems
# ---------------------------------------------------------------------------


def exploding_net(depth=6, width=16, gain=3.0):
    torch.manual_seed(0)
    layers, fan_in = [], 8
    for _ in range(depth):
        linear = nn.Linear(fan_in, width)
        with torch.no_grad():
            linear.weight.mul_(gain)
        layers += [linear, nn.ReLU()]
        fan_in = width
    layers.append(nn.Linear(width, 1))
    return nn.Sequential(*layers)


@pytest.fixture
def clip_setup():
    torch.manual_seed(1)
    X = torch.randn(64, 8)
    y = (X[:, :1] * X[:, 1:2]).tanh()
    model = exploding_net()
    nn.MSELoss()(model(X), y).backward()
    return model, X, y


def test_clip_grad_norm(capsys, clip_setup):
    model, X, y = clip_setup
    answer = nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
    assert answer.item() > 1.0  # the setup really needs clipping
    assert_right(capsys, ca.check_clip_grad_norm, answer, model, X, y)


def test_clip_grad_norm_missing(capsys, clip_setup):
    model, X, y = clip_setup
    missing(capsys, ca.check_clip_grad_norm, model, X, y)
    nn.utils.clip_grad_value_(model.parameters(), 0.01)
    assert_hint(
        capsys,
        "clip_grad_value_ returns None",
        ca.check_clip_grad_norm,
        None,
        model,
        X,
        y,
    )


def test_clip_grad_norm_after(capsys, clip_setup):
    model, X, y = clip_setup
    nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
    second = nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
    assert_hint(
        capsys,
        "the norm *after* clipping",
        ca.check_clip_grad_norm,
        second,
        model,
        X,
        y,
    )


def test_clip_grad_norm_not_clipped(capsys, clip_setup):
    model, X, y = clip_setup
    total = math.sqrt(sum(p.grad.norm().item() ** 2 for p in model.parameters()))
    assert_hint(capsys, "not clipped", ca.check_clip_grad_norm, total, model, X, y)
    summed = sum(p.grad.norm().item() for p in model.parameters())
    assert_hint(
        capsys,
        "sum of the per-parameter norms",
        ca.check_clip_grad_norm,
        summed,
        model,
        X,
        y,
    )


def test_clip_grad_norm_per_parameter(capsys, clip_setup):
    model, X, y = clip_setup
    total = math.sqrt(sum(p.grad.norm().item() ** 2 for p in model.parameters()))
    for p in model.parameters():
        nn.utils.clip_grad_norm_(p, max_norm=1.0)
    assert_hint(
        capsys, "clipped on its own", ca.check_clip_grad_norm, total, model, X, y
    )


@pytest.fixture
def eval_setup():
    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(8, 16), nn.Tanh(), nn.Linear(16, 1))
    X = torch.randn(256, 8)
    y = torch.randn(256, 1)
    return net, X, y


def _batch_losses(net, X, y, keep_graph=False):
    losses = []
    for i in range(8):
        batch = slice(32 * i, 32 * (i + 1))
        loss = nn.MSELoss()(net(X[batch]), y[batch])
        losses.append(loss if keep_graph else loss.item())
    return losses


def test_running_loss(capsys, eval_setup):
    net, X, y = eval_setup
    total = 0.0
    with torch.no_grad():
        for loss in _batch_losses(net, X, y):
            total += loss
    assert_right(capsys, ca.check_running_loss, total, net, X, y)
    with torch.no_grad():
        as_tensor = sum(_batch_losses(net, X, y, keep_graph=True))
    assert_right(capsys, ca.check_running_loss, as_tensor, net, X, y)
    missing(capsys, ca.check_running_loss, net, X, y)


def test_running_loss_wrong(capsys, eval_setup):
    net, X, y = eval_setup
    leaky = sum(_batch_losses(net, X, y, keep_graph=True))
    assert_hint(
        capsys, "still a tensor with a graph", ca.check_running_loss, leaky, net, X, y
    )
    losses = _batch_losses(net, X, y)
    assert_hint(
        capsys, "only the last batch", ca.check_running_loss, losses[-1], net, X, y
    )
    assert_hint(
        capsys, "that is the mean", ca.check_running_loss, sum(losses) / 8, net, X, y
    )


def _inplace_x():
    return torch.tensor([0.2, -0.4, 1.0], requires_grad=True)


def test_inplace_fix(capsys):
    x = _inplace_x()
    h = x.exp()
    h = h + 1
    (h**2).sum().backward()
    assert_right(capsys, ca.check_inplace_fix, x.grad)
    x = _inplace_x()
    h = x.exp().clone()
    h.add_(1)
    (h**2).sum().backward()
    assert_right(capsys, ca.check_inplace_fix, x.grad)
    missing(capsys, ca.check_inplace_fix)


def test_inplace_fix_wrong(capsys):
    x = _inplace_x()
    (x.exp() ** 2).sum().backward()
    assert_hint(capsys, "without the +1", ca.check_inplace_fix, x.grad)
    x = _inplace_x()
    h = x.exp()
    ((h.detach() + 1) ** 2 + 0 * h).sum().backward()
    assert_hint(
        capsys,
        "factor eˣ from the chain rule",
        ca.check_inplace_fix,
        2 * (x.detach().exp() + 1),
    )
    x = _inplace_x()
    for _ in range(2):
        ((x.exp() + 1) ** 2).sum().backward()
    assert_hint(capsys, "did backward run twice", ca.check_inplace_fix, x.grad)


# ---------------------------------------------------------------------------
# 13 · linear regression from scratch
# ---------------------------------------------------------------------------


@pytest.fixture
def regression():
    torch.manual_seed(0)
    X = torch.rand(100, 1) * 2 - 1
    y = 2.0 * X - 1.0 + 0.1 * torch.randn(100, 1)
    return X, y


def test_mse_gradients(capsys, regression):
    X, y = regression
    n = len(X)
    w = torch.tensor(0.5, requires_grad=True)
    b = torch.tensor(0.3, requires_grad=True)
    with torch.no_grad():
        pred = X * w + b
        dw = 2 / n * ((pred - y) * X).sum()
        db = 2 / n * (pred - y).sum()
    check = ca.check_mse_gradients
    assert_right(capsys, check, (dw, db), X, y, w, b)
    missing(capsys, check, X, y, w, b)
    assert_hint(capsys, "swapped", check, (db, dw), X, y, w, b)
    assert_hint(capsys, "sign is flipped", check, (-dw, -db), X, y, w, b)
    assert_hint(capsys, "factor 2 is missing", check, (dw / 2, db / 2), X, y, w, b)
    assert_hint(capsys, "divide the sum by n", check, (dw * n, db * n), X, y, w, b)
    assert_hint(
        capsys, "without the factor 2/n", check, (dw * n / 2, db * n / 2), X, y, w, b
    )
    assert_hint(capsys, "multiplied by its x_i", check, (db, db), X, y, w, b)
    assert_hint(capsys, "both gradients as a pair", check, dw, X, y, w, b)


def sgd_solution(params, lr):
    with torch.no_grad():
        for p in params:
            p -= lr * p.grad
    for p in params:
        p.grad = None


def test_sgd_step(capsys):
    assert_right(capsys, ca.check_sgd_step, sgd_solution)

    def zeroing(params, lr):
        with torch.no_grad():
            for p in params:
                p -= lr * p.grad
                p.grad.zero_()

    assert_right(capsys, ca.check_sgd_step, zeroing)
    missing(capsys, ca.check_sgd_step)


def test_sgd_step_wrong(capsys):
    check = ca.check_sgd_step

    def recording(params, lr):
        for p in params:
            p -= lr * p.grad

    def rebinding(params, lr):
        with torch.no_grad():
            for p in params:
                p = p - lr * p.grad  # the mistake under test
        for p in params:
            p.grad = None

    def keeps_grads(params, lr):
        with torch.no_grad():
            for p in params:
                p -= lr * p.grad

    def uphill(params, lr):
        with torch.no_grad():
            for p in params:
                p += lr * p.grad
        for p in params:
            p.grad = None

    def zero_first(params, lr):
        for p in params:
            p.grad.zero_()
        with torch.no_grad():
            for p in params:
                p -= lr * p.grad

    def new_tensors(params, lr):
        with torch.no_grad():
            return [p - lr * p.grad for p in params]

    def leaves_mode_off(params, lr):
        torch.set_grad_enabled(False)
        for p in params:
            p -= lr * p.grad
            p.grad = None

    assert_hint(capsys, "wrap the update", check, recording)
    assert_hint(capsys, "only makes the name p point", check, rebinding)
    assert_hint(capsys, "gradients are not reset", check, keeps_grads)
    assert_hint(capsys, "uphill", check, uphill)
    assert_hint(capsys, "Update first", check, zero_first)
    assert_hint(capsys, "returned new tensors", check, new_tensors)
    assert_hint(capsys, "left grad mode switched off", check, leaves_mode_off)
    assert torch.is_grad_enabled()
    assert_hint(capsys, "the function itself", check, 0.1)


@pytest.mark.parametrize("lr", [0.726, 0.5, 0.8])
def test_learning_rate(capsys, regression, lr):
    X, y = regression
    assert_right(capsys, ca.check_learning_rate, lr, X, y)


@pytest.mark.parametrize(
    "lr, hint",
    [
        (1.2, "diverges"),
        (0.01, "too small"),
        (0.975, "close to the limit"),
        (-0.1, "must be positive"),
        ("fast", "one number"),
    ],
)
def test_learning_rate_wrong(capsys, regression, lr, hint):
    X, y = regression
    assert_hint(capsys, hint, ca.check_learning_rate, lr, X, y)


def test_learning_rate_missing(capsys, regression):
    missing(capsys, ca.check_learning_rate, *regression)


# ---------------------------------------------------------------------------
# 14 · a neural network
# ---------------------------------------------------------------------------


def test_moons_model(capsys):
    answer = nn.Sequential(nn.Linear(2, 32), nn.ReLU(), nn.Linear(32, 1))
    assert_right(capsys, ca.check_moons_model, answer)
    missing(capsys, ca.check_moons_model)


@pytest.mark.parametrize(
    "model, hint",
    [
        (nn.Sequential(nn.Linear(2, 32), nn.Linear(32, 1)), "the model is linear"),
        (
            nn.Sequential(nn.Linear(2, 32), nn.ReLU(), nn.Linear(32, 2)),
            "2 numbers per point",
        ),
        (
            nn.Sequential(nn.Linear(2, 32), nn.ReLU(), nn.Linear(32, 1), nn.Sigmoid()),
            "ends with a Sigmoid",
        ),
        (
            nn.Sequential(nn.Linear(3, 32), nn.ReLU(), nn.Linear(32, 1)),
            "2-feature input",
        ),
        (
            nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 1)),
            "Linear layers are",
        ),
        (
            nn.Sequential(nn.Linear(2, 32), nn.Tanh(), nn.Linear(32, 1)),
            "the activation is Tanh",
        ),
        (
            nn.Sequential(nn.Linear(2, 32), nn.ReLU(), nn.Linear(32, 1), nn.ReLU()),
            "can never predict class 0",
        ),
        (
            nn.Sequential(nn.ReLU(), nn.Linear(2, 32), nn.Linear(32, 1)),
            "not between the two Linear layers",
        ),
        (nn.Sequential, "is the class"),
        ([nn.Linear(2, 32), nn.ReLU(), nn.Linear(32, 1)], "built with nn.Sequential"),
    ],
)
def test_moons_model_wrong(capsys, model, hint):
    assert_hint(capsys, hint, ca.check_moons_model, model)


def train_step_solution(model, optimizer, loss_fn, X, y):
    optimizer.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.step()
    return loss.item()


def test_train_step(capsys):
    assert_right(capsys, ca.check_train_step, train_step_solution)
    missing(capsys, ca.check_train_step)


def _no_zero(model, optimizer, loss_fn, X, y):
    loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.step()
    return loss.item()


def _step_first(model, optimizer, loss_fn, X, y):
    optimizer.step()
    optimizer.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    return loss.item()


def _no_step(model, optimizer, loss_fn, X, y):
    optimizer.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    return loss.item()


def _zero_late(model, optimizer, loss_fn, X, y):
    loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.zero_grad()
    optimizer.step()
    return loss.item()


def _twice(model, optimizer, loss_fn, X, y):
    optimizer.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.step()
    optimizer.step()
    return loss.item()


def _returns_tensor(model, optimizer, loss_fn, X, y):
    optimizer.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.step()
    return loss


def _returns_nothing(model, optimizer, loss_fn, X, y):
    train_step_solution(model, optimizer, loss_fn, X, y)


def _returns_later_loss(model, optimizer, loss_fn, X, y):
    train_step_solution(model, optimizer, loss_fn, X, y)
    with torch.no_grad():
        return loss_fn(model(X), y).item()


@pytest.mark.parametrize(
    "step, hint",
    [
        (_no_zero, "call optimizer.zero_grad() before backward()"),
        (_step_first, "ran before loss.backward()"),
        (_no_step, "call optimizer.step() after loss.backward()"),
        (_zero_late, "erases the gradients"),
        (_twice, "called twice"),
        (_returns_tensor, "keeps the whole graph alive"),
        (_returns_nothing, "returns None"),
        (_returns_later_loss, "*after* the update"),
    ],
)
def test_train_step_wrong(capsys, step, hint):
    assert_hint(capsys, hint, ca.check_train_step, step)


@pytest.fixture
def classifier():
    model = nn.Linear(2, 1)
    with torch.no_grad():
        model.weight.copy_(torch.tensor([[1.0, 0.0]]))
        model.bias.zero_()
    X_test = torch.tensor([[0.2, 0.0], [0.7, 0.0], [-0.3, 0.0], [0.4, 0.0]])
    y_test = torch.tensor([[1.0], [1.0], [0.0], [1.0]])
    return model, X_test, y_test


def test_accuracy(capsys, classifier):
    model, X_test, y_test = classifier
    with torch.no_grad():
        answer = ((model(X_test) > 0).float() == y_test).float().mean().item()
    assert answer == 1.0
    assert_right(capsys, ca.check_accuracy, answer, *classifier)
    missing(capsys, ca.check_accuracy, *classifier)


@pytest.mark.parametrize(
    "answer, hint",
    [
        (100.0, "percentage"),
        (0.0, "error rate"),
        (4.0, "number of right predictions"),
        (0.5, "thresholded the logits at 0.5"),
        (0.75, "(model(X_test) > 0)"),
    ],
)
def test_accuracy_wrong(capsys, classifier, answer, hint):
    assert_hint(capsys, hint, ca.check_accuracy, answer, *classifier)


# ---------------------------------------------------------------------------
# Every check: None is a hint, never an error
# ---------------------------------------------------------------------------


def test_every_check_is_tested():
    tested = {name for name in globals() if name.startswith("test_")}
    for name in ca.__all__:
        assert f"test_{name.removeprefix('check_')}" in tested, name


# ---------------------------------------------------------------------------
# Every check: a table of plausible wrong answers gets hints, never a ✓
# ---------------------------------------------------------------------------

# Each check with the fixture that supplies the arguments after the answer
# (None: no arguments), and wrong answers of its own: off by sign, a number
# where a tensor belongs, a tensor of the wrong value.
ADVANCED_CHECKS = {
    "check_second_derivative": (None, [-21.0, torch.tensor(-21.0)]),
    "check_hessian": (None, [-np.eye(2), torch.tensor(1.0)]),
    "check_newton_step": (None, [lambda f, x: -x, lambda f, x: x]),
    "check_no_grad_prediction": (
        "prediction_data",
        [torch.tensor([0.0, 0.0]), [6.6, 7.1]],
    ),
    "check_detached_target": ("moving_target", [torch.tensor(1.0), 0.0]),
    "check_predict_decorator": (None, [lambda x: -(2 * x + 1), lambda x: x]),
    "check_cube_function": (None, [torch.autograd.Function, lambda x: x**3]),
    "check_mul_square_function": (None, [torch.autograd.Function]),
    "check_grad_reverse_function": (None, [torch.autograd.Function]),
    "check_central_difference": (
        None,
        [lambda f, x, e: -(f(x + e) - f(x - e)) / (2 * e)],
    ),
    "check_float32_eps": (None, [-0.005, torch.tensor([1e-3, 1e-3])]),
    "check_fixed_smooth_abs": (None, [torch.autograd.Function]),
    "check_clip_grad_norm": ("clip_setup", [-1.0, torch.tensor(-5.0)]),
    "check_running_loss": ("eval_setup", [-1.0, torch.tensor([1.0, 2.0])]),
    "check_inplace_fix": (None, [lambda x: x, torch.tensor(1.0)]),
    "check_mse_gradients": ("regression_args", [(1.0, -1.0), (torch.tensor(0.0),)]),
    "check_sgd_step": (None, [lambda params, lr: None]),
    "check_learning_rate": ("regression", [-0.1, 100.0, torch.tensor(-0.5)]),
    "check_moons_model": (None, [nn.Linear(2, 1), nn.Sequential()]),
    "check_train_step": (None, [lambda model, X, y, optimizer: 0.0]),
    "check_accuracy": ("classifier", [-1.0, 0.0, torch.tensor([1.0, 1.0])]),
}


@pytest.fixture
def regression_args(regression):
    X, y = regression
    return (
        X,
        y,
        torch.tensor(0.5, requires_grad=True),
        torch.tensor(0.3, requires_grad=True),
    )


def test_every_advanced_check_is_in_the_table():
    assert set(ca.__all__) == set(ADVANCED_CHECKS)


@pytest.mark.parametrize("name", sorted(ADVANCED_CHECKS))
def test_wrong_answers_get_hints_never_a_tick(capsys, monkeypatch, request, name):
    monkeypatch.setattr(checks, "CHECK_SECONDS", bad_answers.TABLE_SECONDS)
    check = getattr(ca, name)
    fixture, own_wrong = ADVANCED_CHECKS[name]
    extra = request.getfixturevalue(fixture) if fixture else ()
    if fixture == "moving_target":
        extra = extra[:1]  # the check takes w only
    rows = bad_answers.BAD_ANSWERS + [(repr(a), a) for a in own_wrong]
    for label, answer in rows:
        try:
            assert_only_hints(capsys, check, answer, *extra)
        except AssertionError as error:
            raise AssertionError(f"{name}({label}): {error}") from None
