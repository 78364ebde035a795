"""`optim.LBFGS`, with its strong Wolfe line search and cubic interpolation.

Trajectories against numbers read off PyTorch 2.13 (the losses each step()
returned, the parameters and the evaluation counts after several steps, on a
Rosenbrock function in 2 and 8 dimensions and a least-squares fit with
float32 parameters), convergence, the line search and the interpolation on
their own, the state as PyTorch names it, state_dict round trips, and bad
arguments (PyTorch's exception and message).

The module is imported as `<backend>.optim.lbfgs`, which also names PyTorch's
own, so MINIGRAD_TEST_BACKEND=torch runs these tests against PyTorch.
"""

import copy
import doctest
import importlib
import math

import numpy as np
import pytest
from mg_testutil import BACKEND, IS_TORCH, minigrad_only, to_np, torch

nn = torch.nn
lbfgs = importlib.import_module(BACKEND + ".optim.lbfgs")
LBFGS = lbfgs.LBFGS

# Least-squares data: y = 1.5 x0 - 2 x1 + 0.5 x2 + 0.3 plus noise.
_rng = np.random.default_rng(0)
X = _rng.standard_normal((20, 3))
Y = X @ np.array([1.5, -2.0, 0.5]) + 0.3 + 0.1 * _rng.standard_normal(20)


def rosenbrock(x):
    """The Rosenbrock function of a flat tensor: minimum 0 at (1, 1, ..., 1)."""
    return ((1 - x[:-1]) ** 2).sum() + (100 * (x[1:] - x[:-1] ** 2) ** 2).sum()


def rosen_2d(dtype):
    """One parameter at the classic start (-1.5, 2), and the loss of the params."""
    params = [nn.Parameter(torch.tensor([-1.5, 2.0], dtype=dtype))]
    return params, lambda ps: rosenbrock(ps[0])


def rosen_8d(dtype):
    """Rosenbrock in 8 dimensions, split over a 2x3 and a 2-element parameter."""
    a = nn.Parameter(torch.tensor([[-1.2, 1.0, -0.5], [0.3, 0.8, 1.1]], dtype=dtype))
    b = nn.Parameter(torch.tensor([0.2, -0.7], dtype=dtype))
    return [a, b], lambda ps: rosenbrock(torch.cat([ps[0].reshape(-1), ps[1]]))


def least_squares(dtype):
    """Weights and bias of a linear fit to X, Y, from zeros."""
    w = nn.Parameter(torch.zeros(3, dtype=dtype))
    b = nn.Parameter(torch.zeros(1, dtype=dtype))

    def loss(ps):
        x, y = torch.tensor(X, dtype=dtype), torch.tensor(Y, dtype=dtype)
        return ((x @ ps[0] + ps[1] - y) ** 2).mean()

    return [w, b], loss


def run(problem, dtype, steps, **settings):
    """`steps` calls of step(closure); the losses they returned, the optimizer."""
    params, loss_of = problem(dtype)
    opt = LBFGS(params, **settings)

    def closure():
        opt.zero_grad()
        loss = loss_of(params)
        loss.backward()
        return loss

    losses = [opt.step(closure).item() for _ in range(steps)]
    return losses, params, opt


def flat_values(params):
    return np.concatenate([to_np(p).reshape(-1) for p in params])


# ------------------------------------------------ numbers read off PyTorch 2.13

# (problem, dtype, settings, steps, the losses step() returned, the parameters
# after the last step, then state["func_evals"], state["n_iter"] and
# len(state["old_dirs"])), printed by PyTorch 2.13 (to 10 digits) for the same
# problems. minigrad rounds differently in the last bit (PyTorch's `add_`
# with `alpha` fuses the multiply-add, its dot products and sums add in
# another order, its float32 sqrt is not always correctly rounded), so the
# comparison allows for rounding: on these problems the trajectories stay
# within 1e-9 (float64) and 3e-7 (float32) of each other.
PYTORCH_RUNS = [
    (
        rosen_2d,
        "float64",
        dict(line_search_fn="strong_wolfe"),
        3,
        [12.5, 1.307098315, 1.884048138e-07],
        [0.9999979943, 0.9999973439],
        (53, 41, 40),
    ),
    (
        rosen_2d,
        "float64",
        dict(lr=0.1, max_iter=5),
        8,
        [12.5, 5.869497427, 5.858471731, 5.843923375]
        + [5.816039479, 5.742242028, 38.78115183, 20.89310091],
        [-0.5929776892, 0.05270172337],
        (40, 40, 38),
    ),
    (
        rosen_8d,
        "float64",
        dict(history_size=2, max_iter=4),
        10,
        [481.22, 24.57415381, 7.980206032, 7.606087192, 7.516534099]
        + [7.39133581, 7.254875973, 7.071881796, 6.451716564, 5.664702301],
        [-0.9573136218, 0.9466709336, 0.9030814247, 0.8278984751]
        + [0.6776644192, 0.4542637458, 0.1955560234, 0.02051188253],
        (40, 40, 2),
    ),
    (
        rosen_8d,
        "float64",
        dict(history_size=2, max_iter=4, line_search_fn="strong_wolfe"),
        10,
        [481.22, 24.57415381, 7.656717915, 7.605648036, 7.5435433]
        + [7.295848838, 6.596716506, 6.106470538, 5.477299483, 4.844351666],
        [-0.9854606192, 0.9645023716, 0.9548521121, 0.9195522557]
        + [0.8476294665, 0.7056216607, 0.4888052685, 0.2208571091],
        (52, 38, 2),
    ),
    (
        least_squares,
        "float32",
        dict(max_iter=2, history_size=1),
        6,
        [4.669406891, 2.646568775, 0.1642344445]
        + [0.01223793533, 0.009059302509, 0.008834546432],
        [1.536897302, -1.985589385, 0.4283948839, 0.3386043012],
        (12, 6, 1),
    ),
    (
        least_squares,
        "float32",
        dict(max_iter=2, history_size=1, line_search_fn="strong_wolfe"),
        6,
        [4.669406891, 2.646568775, 0.1642344445]
        + [0.01223793533, 0.009059302509, 0.008834546432],
        [1.536897302, -1.985589385, 0.4283948839, 0.3386043012],
        (12, 6, 1),
    ),
]


@pytest.mark.parametrize(
    "problem, dtype, settings, steps, losses, values, counts", PYTORCH_RUNS
)
def test_numbers_read_off_pytorch(
    problem, dtype, settings, steps, losses, values, counts
):
    got_losses, params, opt = run(problem, getattr(torch, dtype), steps, **settings)
    rtol, atol = (1e-7, 1e-8) if dtype == "float64" else (1e-5, 1e-6)
    np.testing.assert_allclose(got_losses, losses, rtol=rtol, atol=atol)
    np.testing.assert_allclose(flat_values(params), values, rtol=rtol, atol=atol)
    state = opt.state[params[0]]
    assert (state["func_evals"], state["n_iter"], len(state["old_dirs"])) == counts
    assert all(p.dtype == getattr(torch, dtype) for p in params)


# ------------------------------------------------ behaviour


@pytest.mark.parametrize("line_search_fn", [None, "strong_wolfe"])
def test_rosenbrock_converges_to_its_minimum(line_search_fn):
    losses, params, opt = run(rosen_2d, torch.float64, 6, line_search_fn=line_search_fn)
    np.testing.assert_allclose(to_np(params[0]), [1.0, 1.0], atol=1e-4)
    assert losses[-1] < 1e-8


def test_the_line_search_never_lets_the_loss_go_up_a_fixed_step_may():
    fixed, _, _ = run(rosen_2d, torch.float64, 8, lr=0.1, max_iter=5)
    searched, _, _ = run(
        rosen_2d, torch.float64, 8, lr=0.1, max_iter=5, line_search_fn="strong_wolfe"
    )
    assert any(after > before for before, after in zip(fixed, fixed[1:]))
    assert all(after <= before for before, after in zip(searched, searched[1:]))
    assert searched[-1] < fixed[-1]


def test_fits_a_linear_model_to_the_least_squares_solution():
    model = nn.Linear(3, 1).double()
    x, y = torch.tensor(X), torch.tensor(Y).reshape(-1, 1)
    # (The default tolerance_change stops as soon as the loss moves by < 1e-9.)
    opt = LBFGS(
        model.parameters(),
        max_iter=50,
        tolerance_change=1e-14,
        line_search_fn="strong_wolfe",
    )

    def closure():
        opt.zero_grad()
        loss = ((model(x) - y) ** 2).mean()
        loss.backward()
        return loss

    opt.step(closure)
    solution = np.linalg.lstsq(np.c_[X, np.ones(20)], Y, rcond=None)[0]
    np.testing.assert_allclose(to_np(model.weight)[0], solution[:3], atol=1e-6)
    np.testing.assert_allclose(to_np(model.bias), solution[3:], atol=1e-6)


def test_step_returns_what_the_first_closure_call_returned():
    p = nn.Parameter(torch.tensor([-1.5, 2.0], dtype=torch.float64))
    returned = []

    def closure():
        p.grad = None
        loss = rosenbrock(p)
        loss.backward()
        returned.append(loss)
        return loss

    opt = LBFGS([p], line_search_fn="strong_wolfe")
    assert opt.step(closure) is returned[0]
    assert opt.state[p]["func_evals"] == len(returned) == 25
    assert opt.step(closure) is returned[25]


def test_the_closure_runs_with_gradients_on_the_step_records_nothing():
    p = nn.Parameter(torch.tensor([-1.5, 2.0], dtype=torch.float64))
    modes = []
    opt = LBFGS([p], max_iter=3)

    def closure():
        modes.append(torch.is_grad_enabled())
        opt.zero_grad()
        loss = rosenbrock(p)
        loss.backward()
        return loss

    with torch.no_grad():
        opt.step(closure)
        assert not torch.is_grad_enabled()
    opt.step(closure)
    assert modes == [True] * 6
    assert p.is_leaf and p.grad_fn is None and p.requires_grad


@pytest.mark.parametrize("line_search_fn", [None, "strong_wolfe"])
def test_each_parameter_change_bumps_the_version(line_search_fn):
    # PyTorch: one `add_` per iteration, and a line search's trial moves the
    # parameters there and back (`add_`, then `copy_`): two per evaluation.
    params, loss_of = rosen_8d(torch.float64)
    opt = LBFGS(params, max_iter=5, line_search_fn=line_search_fn)

    def closure():
        opt.zero_grad()
        loss = loss_of(params)
        loss.backward()
        return loss

    opt.step(closure)
    state = opt.state[params[0]]
    if line_search_fn is None:
        expected = state["n_iter"]
    else:
        expected = 2 * (state["func_evals"] - 1) + state["n_iter"]
    assert [p._version for p in params] == [expected, expected]


def test_a_parameter_without_gradient_is_left_alone():
    p = nn.Parameter(torch.tensor([-1.5, 2.0], dtype=torch.float64))
    unused = nn.Parameter(torch.tensor([3.0, 4.0], dtype=torch.float64))
    opt = LBFGS([unused, p], line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        loss = rosenbrock(p)
        loss.backward()
        return loss

    for _ in range(6):
        opt.step(closure)
    assert unused.tolist() == [3.0, 4.0] and unused.grad is None
    np.testing.assert_allclose(to_np(p), [1.0, 1.0], atol=1e-4)
    # The state is kept under the first parameter, whatever it is.
    assert list(opt.state) == [unused]


def test_stops_at_once_when_the_gradient_is_already_small():
    p = nn.Parameter(torch.tensor([1.0, 1.0], dtype=torch.float64))  # the minimum
    opt = LBFGS([p])

    def closure():
        opt.zero_grad()
        loss = rosenbrock(p)
        loss.backward()
        return loss

    assert opt.step(closure).item() == 0.0
    assert opt.state[p] == {"func_evals": 1, "n_iter": 0}
    assert p.tolist() == [1.0, 1.0] and p._version == 0


def test_max_iter_and_max_eval_bound_one_step():
    # Without line search: one evaluation per iteration, none after the last.
    _, params, opt = run(rosen_2d, torch.float64, 1, max_iter=7)
    assert (opt.state[params[0]]["func_evals"], opt.state[params[0]]["n_iter"]) == (
        7,
        7,
    )
    # max_eval stops the iterations once that many evaluations are done.
    _, params, opt = run(rosen_2d, torch.float64, 1, max_iter=20, max_eval=4)
    assert (opt.state[params[0]]["func_evals"], opt.state[params[0]]["n_iter"]) == (
        4,
        3,
    )


def test_history_size_bounds_the_pairs_kept():
    _, params, opt = run(rosen_2d, torch.float64, 1, max_iter=10, history_size=3)
    state = opt.state[params[0]]
    assert len(state["old_dirs"]) == len(state["old_stps"]) == len(state["ro"]) == 3
    assert len(state["al"]) == 3


def test_state_as_pytorch_names_it():
    _, params, opt = run(least_squares, torch.float32, 1, max_iter=3)
    assert list(opt.state) == [params[0]]
    state = opt.state[params[0]]
    assert sorted(state) == [
        "H_diag",
        "al",
        "d",
        "func_evals",
        "n_iter",
        "old_dirs",
        "old_stps",
        "prev_flat_grad",
        "prev_loss",
        "ro",
        "t",
    ]
    # max_eval = 3 * 5 // 4 = 3 evaluations: all spent after two iterations.
    assert (state["func_evals"], state["n_iter"]) == (3, 2)
    # The flat vectors (3 weights and the bias), float32 as the parameters.
    for vector in [state["d"], state["prev_flat_grad"], *state["old_dirs"]]:
        assert isinstance(vector, torch.Tensor) and vector.shape == (4,)
        assert vector.dtype == torch.float32
    # The numbers of the recursion are 0-d float32 tensors, as in PyTorch;
    # `al` has history_size places, filled as the history grows.
    kept = len(state["ro"])
    assert kept == 1 and state["al"][kept:] == [None] * (100 - kept)
    for number in [state["H_diag"], *state["ro"], *state["al"][:kept]]:
        assert isinstance(number, torch.Tensor) and number.shape == ()
        assert number.dtype == torch.float32
    # t is lr itself after the first iteration; prev_loss a Python float.
    assert state["t"] == 1 and isinstance(state["prev_loss"], float)


def test_defaults_as_pytorch():
    p = nn.Parameter(torch.ones(2))
    opt = LBFGS([p])
    assert opt.defaults == {
        "lr": 1,
        "max_iter": 20,
        "max_eval": 25,
        "tolerance_grad": 1e-7,
        "tolerance_change": 1e-9,
        "history_size": 100,
        "line_search_fn": None,
    }
    assert LBFGS([p], max_iter=7).defaults["max_eval"] == 8  # 7 * 5 // 4
    assert LBFGS([p], max_iter=7, max_eval=3).defaults["max_eval"] == 3
    assert repr(opt).splitlines()[:4] == [
        "LBFGS (",
        "Parameter Group 0",
        "    history_size: 100",
        "    line_search_fn: None",
    ]


# ------------------------------------------------ state_dict


@pytest.mark.parametrize("line_search_fn", [None, "strong_wolfe"])
def test_state_dict_resumes_identically(line_search_fn):
    settings = dict(max_iter=4, history_size=3, line_search_fn=line_search_fn)
    params, loss_of = rosen_8d(torch.float64)
    opt = LBFGS(params, **settings)

    def closure_of(opt, params):
        def closure():
            opt.zero_grad()
            loss = loss_of(params)
            loss.backward()
            return loss

        return closure

    for _ in range(3):
        opt.step(closure_of(opt, params))
    # A copy, as torch.save and torch.load would make: PyTorch's
    # load_state_dict keeps the very tensors of the state (when dtype and
    # device already fit), and `opt` goes on changing prev_flat_grad in place.
    saved = copy.deepcopy(opt.state_dict())
    assert list(saved["state"]) == [0]
    assert saved["param_groups"][0]["params"] == [0, 1]
    assert saved["param_groups"][0]["history_size"] == 3

    copies = [nn.Parameter(p.detach().clone()) for p in params]
    resumed = LBFGS(copies, lr=0.5)  # lr and the rest come from the state_dict
    resumed.load_state_dict(saved)
    assert resumed.param_groups[0]["lr"] == 1
    assert resumed.state[copies[0]]["n_iter"] == opt.state[params[0]]["n_iter"]
    for _ in range(3):
        first = opt.step(closure_of(opt, params))
        second = resumed.step(closure_of(resumed, copies))
        assert first.item() == second.item()
    for p, q in zip(params, copies):
        assert p.tolist() == q.tolist()
    assert resumed.state[copies[0]]["func_evals"] == opt.state[params[0]]["func_evals"]


@minigrad_only  # PyTorch's load_state_dict shares the tensors of the same dtype
def test_load_state_dict_copies_the_state():
    _, params, opt = run(rosen_2d, torch.float64, 1, max_iter=3)
    saved = opt.state_dict()
    other = LBFGS([nn.Parameter(torch.zeros(2, dtype=torch.float64))])
    other.load_state_dict(saved)
    mine, theirs = opt.state[params[0]], next(iter(other.state.values()))
    assert theirs["d"] is not mine["d"] and theirs["d"].tolist() == mine["d"].tolist()
    assert theirs["old_dirs"] is not mine["old_dirs"]


# ------------------------------------------------ the line search on its own


def number(value):
    """A float64 number as each library's line search computes with it: a 0-d
    tensor in PyTorch, a numpy scalar in minigrad (arrays are numpy there)."""
    return torch.tensor(value, dtype=torch.float64) if IS_TORCH else np.float64(value)


def vector(values):
    """A float64 flat vector as each library's line search takes it."""
    if IS_TORCH:
        return torch.tensor(values, dtype=torch.float64)
    return np.array(values, dtype=np.float64)


# (x1, f1, g1, x2, f2, g2, bounds) and the minimum PyTorch 2.13 returned.
CUBIC_CASES = [
    ((0, 0.5, -1.0, 1, 0.5, 1.0, None), 0.5),  # a parabola: its minimum
    ((0, 0.5, -1.0, 1, 0.5, 1.0, (0.7, 2.0)), 0.7),  # clipped to the bounds
    ((0, 1.0, -1.0, 2, 3.0, -2.0, None), 0.15587308068729322),
    ((2.0, 1.3, 0.8, 0.5, 1.1, -0.4, None), 1.1213203435596428),  # x1 > x2
    ((0, 2.0, -3.0, 1, 0.7, 0.2, None), 0.9243959921543816),
]


@pytest.mark.parametrize("args, expected", CUBIC_CASES)
def test_cubic_interpolate_as_pytorch(args, expected):
    x1, f1, g1, x2, f2, g2, bounds = args
    got = lbfgs._cubic_interpolate(x1, f1, number(g1), x2, f2, number(g2), bounds)
    assert math.isclose(float(got), expected, rel_tol=1e-14)


def test_cubic_interpolate_without_a_minimum_takes_the_middle():
    # d1 ** 2 < g1 * g2: the cubic has no turning point.
    got = lbfgs._cubic_interpolate(0, 0.0, number(1.0), 1, 1.5, number(4.0), (0, 3))
    assert float(got) == 1.5


def square(x, t, d):
    """f(z) = z.z at z = x + t d, and its gradient 2 z."""
    z = x + t * d
    return float((z * z).sum()), 2 * z


def quartic(x, t, d):
    """f(z) = sum(z ** 4 + z ** 2) at z = x + t d, and its gradient."""
    z = x + t * d
    return float((z**4).sum() + (z * z).sum()), 4 * z**3 + 2 * z


@pytest.mark.parametrize(
    "t, expected",
    [
        (0.05, (0.25, [1.0], 0.5, 2)),  # too short: grown 10-fold, then accepted
        (3.0, (0.0, [0.0], 1.0, 2)),  # too long: f went up, zoomed back
        (1.9, (0.81, [-1.8], 1.9, 1)),  # both conditions hold at once
        (1.0, (0.0, [0.0], 1.0, 1)),
    ],
)
def test_strong_wolfe_on_a_parabola_as_pytorch(t, expected):
    x, d = vector([1.0]), vector([-1.0])
    f, g, t, evals = lbfgs._strong_wolfe(square, x, t, d, 1.0, 2 * x, number(-2.0))
    assert math.isclose(f, expected[0], abs_tol=1e-15)
    np.testing.assert_allclose(to_np(g) if IS_TORCH else g, expected[1], atol=1e-15)
    assert (float(t), evals) == expected[2:]


def test_strong_wolfe_on_a_quartic_as_pytorch():
    x = vector([1.0, -2.0])
    g = 4 * x**3 + 2 * x
    d = -g
    f0 = float((x**4).sum() + (x * x).sum())
    f, g_new, t, evals = lbfgs._strong_wolfe(quartic, x, 1.0, d, f0, g, g.dot(d))
    g_new = to_np(g_new) if IS_TORCH else g_new
    # PyTorch 2.13: (1.108285911403942, [1.7715619258129829, 2.721505502344082],
    # 0.07482077298475934, 4 evaluations).
    assert math.isclose(f, 1.108285911403942, rel_tol=1e-12)
    np.testing.assert_allclose(g_new, [1.7715619258129829, 2.721505502344082])
    assert math.isclose(float(t), 0.07482077298475934, rel_tol=1e-12)
    assert evals == 4
    # Out of evaluations while still bracketing: back to t = 0, after
    # max_ls + 1 evaluations (the first trial is not counted in max_ls).
    f, g_new, t, evals = lbfgs._strong_wolfe(
        quartic, x, 1.0, d, f0, g, g.dot(d), max_ls=2
    )
    assert (f, t, evals) == (22.0, 0, 3)


# ------------------------------------------------ bad arguments


def test_param_groups_are_refused():
    a = nn.Parameter(torch.ones(2))
    b = nn.Parameter(torch.ones(3))
    with pytest.raises(
        ValueError,
        match=r"^LBFGS doesn't support per-parameter options \(parameter groups\)$",
    ):
        LBFGS([{"params": [a]}, {"params": [b], "lr": 0.1}])
    # One group given as a dict is fine.
    assert len(LBFGS([{"params": [a, b], "lr": 0.5}]).param_groups) == 1


def test_a_group_added_later_is_refused_at_step():
    a = nn.Parameter(torch.ones(2))
    opt = LBFGS([a])
    opt.add_param_group({"params": [nn.Parameter(torch.ones(3))]})
    with pytest.raises(
        AssertionError, match="^Expected exactly one param_group, but got 2$"
    ):
        opt.step(lambda: (a * a).sum())


@pytest.mark.parametrize(
    "lr, message",
    [(-1, "Invalid learning rate: -1"), (math.nan, "Invalid learning rate: nan")],
)
def test_bad_learning_rates_as_pytorch(lr, message):
    with pytest.raises(ValueError, match=f"^{message}$"):
        LBFGS([nn.Parameter(torch.ones(2))], lr=lr)


def test_a_tensor_lr_must_have_one_element():
    p = nn.Parameter(torch.ones(2))
    with pytest.raises(ValueError, match="^Tensor lr must be 1-element$"):
        LBFGS([p], lr=torch.tensor([0.1, 0.2]))


def test_a_one_element_tensor_lr_works_as_the_number():
    by_number, _, _ = run(rosen_2d, torch.float64, 3, lr=0.25, max_iter=4)
    lr = torch.tensor([0.25], dtype=torch.float64)
    by_tensor, _, _ = run(rosen_2d, torch.float64, 3, lr=lr, max_iter=4)
    assert by_tensor == by_number


def test_only_strong_wolfe_is_a_line_search():
    params, loss_of = rosen_2d(torch.float64)
    opt = LBFGS(params, line_search_fn="backtracking")

    def closure():
        opt.zero_grad()
        loss = loss_of(params)
        loss.backward()
        return loss

    with pytest.raises(RuntimeError, match="^only 'strong_wolfe' is supported$"):
        opt.step(closure)
    # As in PyTorch, refused only after the first evaluation.
    assert opt.state[params[0]]["func_evals"] == 1


def test_step_needs_a_closure():
    opt = LBFGS([nn.Parameter(torch.ones(2))])
    with pytest.raises(TypeError):
        opt.step()


def test_an_empty_parameter_list_is_refused():
    with pytest.raises(ValueError, match="^optimizer got an empty parameter list$"):
        LBFGS([])


@minigrad_only
def test_docstring_examples():
    import minigrad

    if not hasattr(minigrad.optim, "LBFGS"):
        pytest.skip("minigrad.optim.LBFGS is not exported by optim/__init__.py yet")
    result = doctest.testmod(
        lbfgs,
        extraglobs={"minigrad": minigrad, "nn": minigrad.nn},
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        verbose=False,
    )
    assert result.failed == 0 and result.attempted > 0
