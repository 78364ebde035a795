"""`optim.Rprop`, `optim.ASGD` and the schedulers `CyclicLR`, `MultiplicativeLR`.

Optimizers: their trajectories against numpy references of the rules PyTorch
documents (float64), and against numbers read off PyTorch 2.13 for a small
problem with two param groups (float64 and float32, 40 steps). Then their
state, version counts, state_dict round trips and bad arguments. Schedulers:
their lr (and momentum) sequences against the formulas and against sequences
read off PyTorch 2.13, state_dict round trips and bad arguments.

Runs against PyTorch too (MINIGRAD_TEST_BACKEND=torch); tests of what
minigrad does differently are marked `minigrad_only`.
"""

import doctest
import math
import pickle
import warnings

import numpy as np
import pytest
from mg_testutil import IS_TORCH, assert_close, minigrad_only, to_np, torch

nn = torch.nn
optim = torch.optim
S = optim.lr_scheduler
try:
    Rprop, ASGD = optim.Rprop, optim.ASGD
except AttributeError:  # until minigrad/optim/__init__.py exports them
    from minigrad.optim.asgd import ASGD
    from minigrad.optim.rprop import Rprop

GRADS = [np.random.default_rng(s).standard_normal(3) for s in range(12)]
START = [1.0, -2.0, 0.5]


def feed(make, start, grads, dtype=torch.float64):
    """Run `make([p])` on one parameter, feeding it the given gradients."""
    p = nn.Parameter(torch.tensor(start, dtype=dtype))
    opt = make([p])
    for g in grads:
        p.grad = torch.tensor(g, dtype=dtype)
        opt.step()
    return p, opt


# ------------------------------------------------ numpy references of the rules


def rprop_reference(
    p, grads, lr=1e-2, etas=(0.5, 1.2), step_sizes=(1e-6, 50), maximize=False
):
    """PyTorch's documented Rprop rule, in numpy (float64)."""
    etaminus, etaplus = etas
    p = np.array(p, dtype=np.float64)
    prev, step = np.zeros_like(p), np.full_like(p, lr)
    for g in grads:
        g = -g if maximize else g
        same = prev * g > 0
        flipped = prev * g < 0
        step = np.where(same, np.minimum(step * etaplus, step_sizes[1]), step)
        step = np.where(flipped, np.maximum(step * etaminus, step_sizes[0]), step)
        g = np.where(flipped, 0.0, g)
        p = p - np.sign(g) * step
        prev = g
    return p


def asgd_reference(
    p, grads, lr=1e-2, lambd=1e-4, alpha=0.75, t0=1e6, weight_decay=0.0, maximize=False
):
    """PyTorch's documented ASGD rule, in numpy: (p, ax) after the steps.

    eta and mu are rounded to float32, as PyTorch keeps them."""
    p = np.array(p, dtype=np.float64)
    ax = np.zeros_like(p)
    eta, mu = float(np.float32(lr)), 1.0
    for t, g in enumerate(grads, start=1):
        g = -g if maximize else g
        g = g + weight_decay * p
        p = p * (1 - lambd * eta) - eta * g
        ax = ax + mu * (p - ax) if mu != 1 else p.copy()
        eta = float(np.float32(lr / (1 + lambd * lr * t) ** alpha))
        mu = float(np.float32(1 / max(1, t - t0)))
    return p, ax


RPROP_CASES = [
    {},
    {"lr": 0.1, "etas": (0.3, 1.5)},
    {"lr": 0.5, "step_sizes": (0.2, 0.6)},  # the bounds bite at once
    {"lr": 0.05, "maximize": True},
]


@pytest.mark.parametrize("settings", RPROP_CASES)
def test_rprop_follows_its_update_rule(settings):
    p, _ = feed(lambda ps: Rprop(ps, **settings), START, GRADS)
    assert_close(p, rprop_reference(START, GRADS, **settings), rtol=1e-14, atol=0)


ASGD_CASES = [
    {},
    {"lr": 0.1, "lambd": 0.05, "alpha": 0.5, "t0": 3},
    {"lr": 0.1, "t0": 0, "weight_decay": 0.2},
    {"lr": 0.05, "t0": 4.5, "maximize": True},
]


@pytest.mark.parametrize("settings", ASGD_CASES)
def test_asgd_follows_its_update_rule(settings):
    p, opt = feed(lambda ps: ASGD(ps, **settings), START, GRADS)
    expected_p, expected_ax = asgd_reference(START, GRADS, **settings)
    assert_close(p, expected_p, rtol=1e-13, atol=1e-15)
    assert_close(opt.state[p]["ax"], expected_ax, rtol=1e-13, atol=1e-15)


def test_rprop_first_steps_by_hand():
    # Step 1: no previous gradient, the step stays lr. Step 2: the same
    # sign, the step grows to 1.2 lr. Step 3: the sign flips, the step
    # shrinks to 0.6 lr and the entry stands still. Step 4: the flip left
    # nothing to compare with, so the step stays 0.6 lr, whatever the sign.
    p, opt = feed(
        lambda ps: Rprop(ps, lr=0.1),
        [0.0],
        [np.array([3.0]), np.array([0.5]), np.array([-2.0]), np.array([-1.0])],
    )
    assert to_np(p)[0] == pytest.approx(-0.1 - 0.12 + 0.06, abs=1e-15)
    assert to_np(opt.state[p]["step_size"])[0] == pytest.approx(0.06, abs=1e-15)
    assert to_np(opt.state[p]["prev"])[0] == -1.0


def test_asgd_keeps_ax_a_copy_of_p_until_t0_then_averages():
    # Gradient p (of p**2 / 2) and no decay: p halves at each step. With
    # t0 = 2, ax follows p through step 4, then is the mean from step 4 on.
    p = nn.Parameter(torch.tensor([1.0], dtype=torch.float64))
    opt = ASGD([p], lr=0.5, lambd=0.0, t0=2)
    axes = []
    for _ in range(6):
        p.grad = p.detach().clone()
        opt.step()
        axes.append(opt.state[p]["ax"].item())
    assert axes[:4] == [0.5, 0.25, 0.125, 0.0625]
    assert axes[4] == pytest.approx((0.0625 + 0.03125) / 2, abs=1e-15)
    assert axes[5] == pytest.approx((0.0625 + 0.03125 + 0.015625) / 3, rel=1e-7)
    assert opt.state[p]["mu"].item() == pytest.approx(1 / 4, rel=1e-7)


def test_asgd_eta_decays_from_the_groups_current_lr():
    # eta for the next step is lr / (1 + lambd * lr * t) ** alpha, with the
    # group's lr of now: a scheduler's change reaches eta one step later.
    ones = [np.array([1.0])] * 2
    p, opt = feed(lambda ps: ASGD(ps, lr=0.1, lambd=0.5, alpha=1.0), [1.0], ones)
    assert opt.state[p]["eta"].item() == pytest.approx(0.1 / (1 + 0.05 * 2), rel=1e-7)
    opt.param_groups[0]["lr"] = 0.2
    p.grad = torch.tensor([1.0], dtype=torch.float64)
    before = p.item()
    opt.step()
    eta = 0.1 / 1.1  # (to float32) this step's eta, set by the last step
    assert p.item() == pytest.approx(before * (1 - 0.5 * eta) - eta, rel=1e-6)
    assert opt.state[p]["eta"].item() == pytest.approx(0.2 / (1 + 0.1 * 3), rel=1e-7)


# ------------------------------------------------ numbers read off PyTorch 2.13

P0 = [[1.0, -2.0], [0.5, 0.25]]
P1 = [-1.5, 0.75, 2.0]


def fed_run(make, steps, dtype):
    """The small problem whose numbers were read off PyTorch 2.13: two
    parameters in two groups (the second with lr 0.03), fed a bumpy bounded
    gradient of their values (computed in numpy) that changes sign often."""
    ps = [
        nn.Parameter(torch.tensor(P0, dtype=dtype)),
        nn.Parameter(torch.tensor(P1, dtype=dtype)),
    ]
    opt = make([{"params": [ps[0]]}, {"params": [ps[1]], "lr": 0.03}])
    for _ in range(steps):
        for i, p in enumerate(ps):
            v = to_np(p).astype(np.float64)
            g = 2 * np.tanh(v**3 - (i + 1) * np.sin(3 * v))
            p.grad = torch.tensor(g, dtype=dtype)
        opt.step()
    values = np.concatenate([to_np(p).ravel() for p in ps])
    return values, opt, ps


# (make, float64 p after 40 steps, float32 p after 40 steps, float64 state
# of the first parameter: Rprop's step_size; ASGD's ax, then eta and mu),
# all printed by PyTorch 2.13 running `fed_run`. minigrad's Rprop gave the
# same bits in both dtypes. Its ASGD parts from PyTorch in the last bits:
# PyTorch's `add_(x, alpha=a)` is one fused multiply-add on the CPU, numpy
# rounds `a * x` first (1e-15 apart in float64, 1e-7 in float32).
PYTORCH_RUNS = [
    (
        lambda g: Rprop(g),
        [0.8376976698851327, -0.8385662308587524, 0.8377298535414103,
         0.8376875285496727, -0.9158291640422405, 0.9158185199616,
         0.9159771480721332],
        [0.8376977443695068, -0.8385658860206604, 0.8377299308776855,
         0.8376879096031189, -0.9158290028572083, 0.9158185124397278,
         0.915976881980896],
        [1.5672832819199994e-05, 0.0008985374982298764, 0.00010833062044631035,
         0.00010833062044631035],
    ),
    (
        lambda g: Rprop(
            g, lr=0.02, etas=(0.3, 1.5), step_sizes=(1e-3, 0.1), maximize=True
        ),
        [4.7625, -5.762499999999995, 0.000528749999999942, -0.00018848437499998337,
         -5.342499999999998, -0.0008846093750000247, 5.842499999999995],
        [4.762497425079346, -5.762496471405029, 0.0005287665408104658,
         -0.00018847908359020948, -5.342496871948242, -0.0008846028940752149,
         5.842496395111084],
        [0.1, 0.1, 0.001, 0.001],
    ),
    (
        lambda g: ASGD(g, lr=0.05, lambd=0.01, alpha=0.6, t0=5),
        [0.8367929321216222, -0.8367929348171063, 0.8367929320603559,
         0.836792931562307, -0.915238377271691, 0.9152383771704662,
         0.9152384003508013],
        [0.8367929458618164, -0.8367929458618164, 0.8367929458618164,
         0.8367929458618164, -0.9152383804321289, 0.9152383804321289,
         0.9152384400367737],
        [0.8369408088337934, -0.879733146451904, 0.8355300769193789,
         0.8267593813529408, 0.04940943792462349, 0.02857142873108387],
    ),
    (
        lambda g: ASGD(g, lr=0.03, t0=10, weight_decay=0.1, maximize=True),
        [3.111311355507163, -4.0378833779563985, 0.00030879409365195884,
         9.305707062695669e-05, -3.5945496752596755, 3.67681337426261e-07,
         4.037883381091283],
        [3.1113131046295166, -4.037886142730713, 0.00030879428959451616,
         9.305713319918141e-05, -3.5945510864257812, 3.67681906254802e-07,
         4.037886142730713],
        [2.380365719053143, -3.3470871544312977, 0.01648338711584473,
         0.005011213852959344, 0.02999730035662651, 0.03333333507180214],
    ),
]  # fmt: skip


@pytest.mark.parametrize("make, after_64, after_32, state_64", PYTORCH_RUNS)
def test_numbers_read_off_pytorch(make, after_64, after_32, state_64):
    values, opt, ps = fed_run(make, 40, torch.float64)
    np.testing.assert_allclose(values, after_64, rtol=1e-13, atol=1e-18)
    state = opt.state[ps[0]]
    assert state["step"].item() == 40.0
    if "ax" in state:
        got = list(to_np(state["ax"]).ravel()) + [state["eta"].item()]
        got.append(state["mu"].item())
    else:
        got = to_np(state["step_size"]).ravel()
    np.testing.assert_allclose(got, state_64, rtol=1e-13)
    values, _, _ = fed_run(make, 40, torch.float32)
    assert values.dtype == np.float32
    np.testing.assert_allclose(values, after_32, rtol=1e-6, atol=1e-9)


# ------------------------------------------------------- state and versions


def test_state_as_pytorch_names_it():
    p, opt = feed(Rprop, START, GRADS[:2], torch.float32)
    state = opt.state[p]
    assert list(state) == ["step", "prev", "step_size"]
    assert state["step"].dtype == torch.float32 and state["step"].item() == 2.0
    assert state["prev"].dtype == state["step_size"].dtype == torch.float32
    p, opt = feed(ASGD, START, GRADS[:2])
    state = opt.state[p]
    assert list(state) == ["step", "eta", "mu", "ax"]
    # step, eta and mu: 0-d float32 tensors (whatever p's dtype), ax: p's.
    for name in ["step", "eta", "mu"]:
        assert state[name].dtype == torch.float32 and state[name].dim() == 0
    assert state["ax"].dtype == torch.float64
    # eta after 2 steps: lr / (1 + lambd * lr * 2) ** alpha, in float32.
    assert state["eta"].item() == float(
        np.float32(0.01 / (1 + 1e-4 * 0.01 * 2) ** 0.75)
    )
    assert state["mu"].item() == 1.0


def test_rprop_step_sizes_start_at_the_groups_lr_when_first_stepped():
    a = nn.Parameter(torch.ones(2))
    b = nn.Parameter(torch.ones(3))
    opt = Rprop([{"params": [a]}, {"params": [b], "lr": 0.25}], lr=0.5)
    a.grad, b.grad = torch.ones(2), torch.ones(3)
    opt.step()
    assert to_np(opt.state[a]["step_size"]).tolist() == [0.5, 0.5]
    assert to_np(opt.state[b]["step_size"]).tolist() == [0.25] * 3
    assert to_np(b).tolist() == [0.75] * 3


@minigrad_only  # PyTorch's defaults also hold foreach, capturable, ...
def test_defaults_as_pytorch():
    p = [nn.Parameter(torch.ones(2))]
    assert Rprop(p).defaults == {
        "lr": 1e-2,
        "etas": (0.5, 1.2),
        "step_sizes": (1e-6, 50),
        "foreach": None,
        "maximize": False,
        "differentiable": False,
        "capturable": False,
    }
    assert ASGD(p).defaults == {
        "lr": 1e-2,
        "lambd": 1e-4,
        "alpha": 0.75,
        "t0": 1e6,
        "weight_decay": 0,
        "foreach": None,
        "maximize": False,
        "differentiable": False,
        "capturable": False,
    }


@pytest.mark.parametrize("make, changes", [(Rprop, 1), (ASGD, 2)])
def test_float32_stays_float32_and_the_version_moves_as_pytorchs(make, changes):
    # PyTorch's Rprop changes p in place once a step (addcmul_), ASGD twice
    # (mul_, add_); minigrad counts the same.
    p = nn.Parameter(torch.tensor([1.0, 2.0]))
    q = nn.Parameter(torch.tensor([3.0]))  # no gradient: not touched
    opt = make([p, q], lr=0.1)
    for _ in range(3):
        p.grad = torch.tensor([0.5, -1.0])
        before = p._version
        opt.step()
        assert p._version == before + changes
    assert p.dtype == torch.float32 and p.is_leaf and p.grad_fn is None
    assert q._version == 0 and q.tolist() == [3.0] and len(opt.state[q]) == 0
    assert opt.state[p]["step"].item() == 3.0


@pytest.mark.parametrize("make", [Rprop, ASGD])
def test_a_stale_graph_refuses_backward_after_a_step(make):
    p = nn.Parameter(torch.tensor([1.0, 2.0]))
    opt = make([p], lr=0.1)
    loss = (p * p).sum()  # mul saves p
    p.grad = torch.ones(2)
    opt.step()
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        loss.backward()


@pytest.mark.parametrize(
    "make, expected",
    [
        (Rprop, [0.9, -1.9]),  # p - sign(g) * lr
        (ASGD, [0.79999, -1.59998]),  # p * (1 - lambd * lr) - lr * 2p
    ],
)
def test_step_takes_a_closure_and_returns_its_loss(make, expected):
    p = nn.Parameter(torch.tensor([1.0, -2.0]))
    opt = make([p], lr=0.1)

    def closure():
        opt.zero_grad()
        loss = (p * p).sum()
        loss.backward()
        return loss

    assert opt.step(closure).item() == 5.0
    assert to_np(p).tolist() == pytest.approx(expected, rel=1e-6)


def resume_half_way(make, dtype):
    """Five steps, a state_dict into a new optimizer, five more steps."""
    half, opt = feed(make, START, GRADS[:5], dtype)
    p = nn.Parameter(half.detach().clone())
    resumed = make([p])
    resumed.load_state_dict(opt.state_dict())
    for g in GRADS[5:10]:
        p.grad = torch.tensor(g, dtype=dtype)
        resumed.step()
    return p, resumed


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize(
    "make",
    [
        lambda ps: Rprop(ps, lr=0.05, etas=(0.4, 1.3), maximize=True),
        lambda ps: ASGD(ps, lr=0.05, lambd=0.01, t0=2, weight_decay=0.1),
    ],
)
def test_state_dict_resumes_identically(make, dtype):
    straight, _ = feed(make, START, GRADS[:10], dtype)
    p, resumed = resume_half_way(make, dtype)
    assert_close(p, to_np(straight), rtol=0, atol=0)
    state = resumed.state[p]
    assert state["step"].item() == 10.0 and state["step"].dtype == torch.float32
    if "eta" in state:
        # As PyTorch, loading gives eta and mu the parameter's dtype; the
        # numbers put in them are still rounded to float32 (PyTorch makes
        # them default-dtype tensors first), so the run goes on unchanged.
        assert state["eta"].dtype == state["mu"].dtype == dtype
        assert state["eta"].item() == float(np.float32(state["eta"].item()))


def test_state_dict_as_pytorch_lays_it_out():
    p, opt = feed(lambda ps: ASGD(ps, lr=0.5, t0=3), START, GRADS[:2])
    saved = opt.state_dict()
    assert list(saved["state"]) == [0] and list(saved["state"][0]) == [
        "step",
        "eta",
        "mu",
        "ax",
    ]
    group = saved["param_groups"][0]
    assert group["params"] == [0]
    assert (group["lr"], group["lambd"], group["alpha"], group["t0"]) == (
        0.5,
        1e-4,
        0.75,
        3,
    )
    p, opt = feed(lambda ps: Rprop(ps, etas=[0.4, 1.1]), START, GRADS[:2])
    group = opt.state_dict()["param_groups"][0]
    assert group["etas"] == [0.4, 1.1]  # kept as given, as PyTorch
    assert group["step_sizes"] == (1e-6, 50)


@minigrad_only
def test_implementation_options_are_taken_and_stored():
    # PyTorch's foreach/capturable choose an implementation: accepted, kept in
    # the param groups (a CUDA-only capturable=True is refused: see
    # test_module_api_more.py).
    rprop = Rprop([nn.Parameter(torch.ones(1))], foreach=False)
    asgd = ASGD([nn.Parameter(torch.ones(1))], capturable=False)
    assert rprop.param_groups[0]["foreach"] is False
    assert asgd.param_groups[0]["capturable"] is False


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda p: Rprop(p, lr=-1), "Invalid learning rate: -1"),
        (lambda p: Rprop(p, lr=float("nan")), "Invalid learning rate: nan"),
        (lambda p: Rprop(p, etas=(0.0, 1.2)), "Invalid eta values: 0.0, 1.2"),
        (lambda p: Rprop(p, etas=(0.5, 1.0)), "Invalid eta values: 0.5, 1.0"),
        (lambda p: Rprop(p, etas=(1.5, 2.0)), "Invalid eta values: 1.5, 2.0"),
        (lambda p: ASGD(p, lr=-0.1), "Invalid learning rate: -0.1"),
        (lambda p: ASGD(p, weight_decay=-1), "Invalid weight_decay value: -1"),
        (
            lambda p: ASGD(p, weight_decay=float("nan")),
            "Invalid weight_decay value: nan",
        ),
        (lambda p: Rprop([]), "optimizer got an empty parameter list"),
        (lambda p: ASGD([]), "optimizer got an empty parameter list"),
    ],
)
def test_bad_optimizer_arguments_as_pytorch(make, message):
    with pytest.raises(ValueError, match=f"^{message}$".replace("(", r"\(")):
        make([nn.Parameter(torch.ones(2))])


def test_unchecked_arguments_as_pytorch():
    # PyTorch checks neither Rprop's step_sizes nor ASGD's lambd, alpha, t0.
    p = [nn.Parameter(torch.ones(2))]
    Rprop(p, step_sizes=(5, 1))
    ASGD(p, lambd=-1, alpha=-1, t0=-5)


@minigrad_only
@pytest.mark.parametrize("module", ["minigrad.optim.rprop", "minigrad.optim.asgd"])
def test_docstring_examples(module, monkeypatch):
    import importlib

    import minigrad

    # (Until minigrad/optim/__init__.py exports them, as the examples expect.)
    monkeypatch.setattr(minigrad.optim, "Rprop", Rprop, raising=False)
    monkeypatch.setattr(minigrad.optim, "ASGD", ASGD, raising=False)
    result = doctest.testmod(
        importlib.import_module(module),
        extraglobs={"minigrad": minigrad, "nn": minigrad.nn},
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
    )
    assert result.failed == 0 and result.attempted > 0


# ------------------------------------------------------------------ schedulers


def two_groups(make=optim.SGD, **settings):
    """An optimizer over two param groups, lr 0.5 and 0.2."""
    params = [nn.Parameter(torch.zeros(1)), nn.Parameter(torch.zeros(1))]
    groups = [{"params": [params[0]]}, {"params": [params[1]], "lr": 0.2}]
    return make(groups, lr=0.5, **settings)


def sgd(momentum=0.9):
    return two_groups(momentum=momentum)


def adam():
    return two_groups(optim.Adam, betas=(0.85, 0.97))


def record(opt, scheduler, steps):
    """Per step: the groups' lrs and momenta (beta1 for Adam), as a training
    loop sees them, then scheduler.step()."""
    lrs, momenta = [], []
    for _ in range(steps):
        opt.step()
        lrs.append(scheduler.get_last_lr())
        assert scheduler.get_last_lr() == [g["lr"] for g in opt.param_groups]
        momenta.append(
            [
                g["betas"][0] if "betas" in g else g.get("momentum")
                for g in opt.param_groups
            ]
        )
        scheduler.step()
    return lrs, momenta


def close_lists(got, expected, rel=1e-12):
    assert len(got) == len(expected)
    for i, (a, b) in enumerate(zip(got, expected)):
        assert math.isclose(a, b, rel_tol=rel, abs_tol=1e-15), (i, a, b)


def cyclic_reference(s, base, top, up, down, scale, scale_of_cycle):
    """The CyclicLR rate at step s, by the formula PyTorch documents."""
    total = up + down
    cycle = math.floor(1 + s / total)
    x = 1 + s / total - cycle
    height = x / (up / total) if x <= up / total else (x - 1) / (up / total - 1)
    return base + (top - base) * height * scale(cycle if scale_of_cycle else s)


@pytest.mark.parametrize(
    "mode, up, down, scale, of_cycle",
    [
        ("triangular", 4, None, lambda c: 1.0, True),
        ("triangular", 3, 5, lambda c: 1.0, True),
        ("triangular2", 2, 3, lambda c: 0.5 ** (c - 1), True),
        ("exp_range", 4, 2, lambda s: 0.9**s, False),
    ],
)
def test_cyclic_lr_follows_its_formula(mode, up, down, scale, of_cycle):
    opt = sgd()
    scheduler = S.CyclicLR(
        opt, 0.1, 1.0, step_size_up=up, step_size_down=down, mode=mode, gamma=0.9
    )
    lrs, momenta = record(opt, scheduler, 25)
    down = up if down is None else down
    expected = [
        cyclic_reference(s, 0.1, 1.0, up, down, scale, of_cycle) for s in range(25)
    ]
    close_lists([r[0] for r in lrs], expected)
    # The momentum mirrors the rate: max_momentum at base_lr, base at max_lr.
    mirrored = [0.9 - (lr - 0.1) / 0.9 * 0.1 for lr in expected]
    close_lists([m[0] for m in momenta], mirrored)


# Sequences printed by PyTorch 2.13: each step's lr and momentum (SGD) or
# beta1 (Adam) of the first group, and both groups' at the last step.
CYCLIC_RECORDED = [
    (
        sgd,
        lambda o: S.CyclicLR(
            o, [0.01, 0.02], [0.1, 0.3], step_size_up=3, step_size_down=5,
            mode="triangular2", base_momentum=[0.7, 0.8], max_momentum=(0.95, 0.9),
        ),
        [0.01, 0.04, 0.07, 0.1, 0.082, 0.064, 0.046000000000000006,
         0.028000000000000004, 0.01, 0.025, 0.04, 0.05500000000000001,
         0.046000000000000006, 0.037000000000000005, 0.028000000000000004,
         0.019000000000000003, 0.01, 0.0175, 0.025, 0.0325, 0.028000000000000004,
         0.0235, 0.019000000000000003, 0.0145],
        [0.95, 0.8666666666666666, 0.7833333333333333, 0.7, 0.75,
         0.7999999999999999, 0.85, 0.8999999999999999, 0.95, 0.9083333333333333,
         0.8666666666666666, 0.825, 0.85, 0.875, 0.8999999999999999,
         0.9249999999999999, 0.95, 0.9291666666666666, 0.9083333333333333,
         0.8875, 0.8999999999999999, 0.9125, 0.9249999999999999, 0.9375],
        ([0.0145, 0.034], [0.9375, 0.895]),
    ),
    (
        adam,
        lambda o: S.CyclicLR(
            o, 0.001, 0.1, step_size_up=4, step_size_down=2, mode="exp_range",
            gamma=0.97,
        ),
        [0.001, 0.025007500000000012, 0.047574549999999986, 0.06876597025,
         0.08864398818999997, 0.04350733427214996, 0.001, 0.020997575408333,
         0.03979529629216592, 0.05744715610510147, 0.07400498856259781,
         0.03640741945286003, 0.001, 0.01765742048159796, 0.03331539573430008,
         0.0480189007934066, 0.06181111169280585, 0.030493389171010816, 0.001,
         0.014875164935502002, 0.02791781997487403, 0.040165428063441644,
         0.05165395362871781, 0.025567167509928063],
        [0.9, 0.87575, 0.852955, 0.831549525, 0.8114707190000001,
         0.8570632987150001, 0.9, 0.8798004288804717, 0.8608128320281153,
         0.8429826706009077, 0.8262575873105074, 0.864234929845596, 0.9,
         0.8831743227458607, 0.8673581861269697, 0.8525061608147408,
         0.8385746346537315, 0.8702086978070598, 0.9, 0.8859846818833313,
         0.8728102828536626, 0.8604389615520792, 0.8488343902740224,
         0.875184679282901],
        ([0.025567167509928063] * 2, [0.875184679282901] * 2),
    ),
]  # fmt: skip


@pytest.mark.parametrize("make_opt, make, lrs, momenta, last", CYCLIC_RECORDED)
def test_cyclic_lr_as_pytorch_recorded_it(make_opt, make, lrs, momenta, last):
    opt = make_opt()
    got_lrs, got_momenta = record(opt, make(opt), len(lrs))
    # minigrad computes them as PyTorch does: the same bits.
    assert [r[0] for r in got_lrs] == lrs
    assert [m[0] for m in got_momenta] == momenta
    assert (got_lrs[-1], got_momenta[-1]) == last


def test_cyclic_lr_sets_the_optimizer_up_as_pytorch():
    opt = adam()
    scheduler = S.CyclicLR(opt, 0.01, [0.1, 0.2], step_size_up=5)
    for group in opt.param_groups:
        assert group["lr"] == group["initial_lr"] == 0.01
        assert group["betas"] == (0.9, 0.97)  # beta1 = max_momentum; beta2 kept
        assert (group["max_momentum"], group["base_momentum"]) == (0.9, 0.8)
        assert "momentum" not in group
    assert scheduler.base_lrs == [0.01, 0.01] and scheduler.max_lrs == [0.1, 0.2]
    assert (scheduler.total_size, scheduler.step_ratio) == (10.0, 0.5)
    assert scheduler.use_beta1 and scheduler.last_epoch == 0
    # SGD without a momentum still has "momentum" in its defaults: it cycles.
    opt = optim.SGD([nn.Parameter(torch.zeros(1))], lr=0.1)
    S.CyclicLR(opt, 0.01, 0.1)
    assert opt.param_groups[0]["momentum"] == 0.9


def test_cyclic_lr_without_momentum_leaves_it_alone():
    opt = optim.Adagrad([nn.Parameter(torch.zeros(1))], lr=0.1)
    scheduler = S.CyclicLR(opt, 0.01, 0.1, step_size_up=2, cycle_momentum=False)
    lrs, _ = record(opt, scheduler, 5)
    close_lists([r[0] for r in lrs], [0.01, 0.055, 0.1, 0.055, 0.01])
    assert "momentum" not in opt.param_groups[0] and "betas" not in opt.param_groups[0]
    opt = sgd(momentum=0.3)
    record(opt, S.CyclicLR(opt, 0.01, 0.1, cycle_momentum=False), 3)
    assert [g["momentum"] for g in opt.param_groups] == [0.3, 0.3]


@pytest.mark.parametrize("scale_mode", ["cycle", "iterations"])
def test_cyclic_lr_with_a_scale_fn_ignores_the_mode(scale_mode):
    opt = sgd()
    scheduler = S.CyclicLR(
        opt,
        0.1,
        1.0,
        step_size_up=2,
        mode="no such mode",  # allowed: scale_fn takes its place
        scale_fn=lambda x: 0.8**x,
        scale_mode=scale_mode,
    )
    lrs, _ = record(opt, scheduler, 12)
    expected = [
        cyclic_reference(s, 0.1, 1.0, 2, 2, lambda x: 0.8**x, scale_mode == "cycle")
        for s in range(12)
    ]
    close_lists([r[0] for r in lrs], expected)
    assert scheduler.scale_mode == scale_mode and scheduler.scale_fn(2) == 0.8**2


def test_cyclic_lr_after_another_scheduler_starts_from_its_initial_lr():
    # As PyTorch: the first step takes the groups' initial_lr as the base,
    # and an earlier scheduler has set it already (to the lr of then).
    opt = sgd()
    S.StepLR(opt, 3, 0.5)
    scheduler = S.CyclicLR(opt, 0.01, 0.1, step_size_up=3)
    lrs, _ = record(opt, scheduler, 3)
    close_lists([r[0] for r in lrs], [0.5, 0.04, 0.07])
    assert scheduler.base_lrs == [0.01, 0.01]


def test_cyclic_lr_resumes_at_last_epoch():
    opt = sgd()
    first = S.CyclicLR(opt, 0.01, 0.1, step_size_up=4)
    record(opt, first, 6)
    # Resuming needs initial_lr in the groups, and leaves lr and momentum
    # as they are until the first step (which takes initial_lr as its base).
    scheduler = S.CyclicLR(opt, 0.02, 0.2, step_size_up=4, last_epoch=first.last_epoch)
    lrs, momenta = record(opt, scheduler, 4)
    expected = [  # printed by PyTorch 2.13
        0.0575, 0.02, 0.065, 0.11000000000000001,
    ]  # fmt: skip
    assert [r[0] for r in lrs] == expected
    assert [m[0] for m in momenta] == [0.875, 0.9, 0.875, 0.8500000000000001]
    with pytest.raises(KeyError, match="initial_lr"):
        S.CyclicLR(sgd(), 0.01, 0.1, last_epoch=3)


def test_multiplicative_lr_multiplies_the_current_rate():
    opt = sgd()
    scheduler = S.MultiplicativeLR(opt, [lambda e: 0.9, lambda e: 1 + 0.01 * e])
    lrs, _ = record(opt, scheduler, 10)
    # Printed by PyTorch 2.13; the same bits.
    assert [r[0] for r in lrs] == [
        0.5, 0.45, 0.405, 0.36450000000000005, 0.32805000000000006,
        0.2952450000000001, 0.2657205000000001, 0.23914845000000007,
        0.21523360500000008, 0.19371024450000007,
    ]  # fmt: skip
    assert lrs[-1][1] == 0.3094220796020043
    expected, lr = [], 0.2
    for epoch in range(10):
        lr *= 1 + 0.01 * epoch if epoch else 1
        expected.append(lr)
    close_lists([r[1] for r in lrs], expected)


def test_multiplicative_lr_acts_on_whatever_the_lr_is_now():
    opt = sgd()
    scheduler = S.MultiplicativeLR(opt, lambda epoch: 0.5)
    opt.step()
    opt.param_groups[0]["lr"] = 4.0  # changed by hand (or by another scheduler)
    scheduler.step()
    assert scheduler.get_last_lr() == [2.0, 0.1]


def test_multiplicative_lr_resumes_at_last_epoch():
    opt = sgd()
    for group in opt.param_groups:
        group["initial_lr"] = group["lr"]
    scheduler = S.MultiplicativeLR(opt, lambda epoch: 0.5, last_epoch=4)
    # The first step of a resumed scheduler keeps the rates as they are.
    assert scheduler.get_last_lr() == [0.5, 0.2] and scheduler.last_epoch == 5
    opt.step()
    scheduler.step()
    assert scheduler.get_last_lr() == [0.25, 0.1] and scheduler.last_epoch == 6


# ------------------------------------------------------- scheduler state_dicts


class Scale:
    """A callable object: its attributes are saved in the state_dict."""

    def __init__(self, k):
        self.k = k

    def __call__(self, x):
        return self.k**x


SCHEDULERS = {
    "triangular2": (sgd, lambda o: S.CyclicLR(o, 0.01, 0.1, 2, 3, "triangular2")),
    "exp_range": (adam, lambda o: S.CyclicLR(o, 0.01, 0.1, 3, mode="exp_range")),
    "scale_fn": (
        sgd,
        lambda o: S.CyclicLR(
            o, 0.01, 0.1, 2, scale_fn=Scale(0.9), scale_mode="iterations"
        ),
    ),
    "multiplicative": (sgd, lambda o: S.MultiplicativeLR(o, Scale(0.97))),
}


@pytest.mark.parametrize("name", list(SCHEDULERS))
def test_scheduler_state_dict_resumes_identically(name):
    make_opt, make = SCHEDULERS[name]
    opt = make_opt()
    straight = record(opt, make(opt), 13)

    opt = make_opt()
    scheduler = make(opt)
    first = record(opt, scheduler, 6)
    saved_optimizer, saved = opt.state_dict(), scheduler.state_dict()
    assert "optimizer" not in saved and "_scale_fn_ref" not in saved
    fresh = make_opt()
    resumed = make(fresh)
    fresh.load_state_dict(saved_optimizer)  # the saved lr, momentum, initial_lr
    resumed.load_state_dict(saved)
    assert resumed.get_last_lr() == scheduler.get_last_lr()
    second = record(fresh, resumed, 7)
    assert (first[0] + second[0], first[1] + second[1]) == straight


def test_cyclic_lr_state_dict_saves_a_callable_object_not_a_function():
    opt = sgd()
    fn = Scale(0.9)
    scheduler = S.CyclicLR(opt, 0.01, 0.1, scale_fn=fn)
    fn.k = 0.5
    saved = scheduler.state_dict()
    assert saved["_scale_fn_custom"] == {"k": 0.5}
    assert sorted(saved) == sorted(
        [
            "_is_initial",
            "_last_lr",
            "_scale_fn_custom",
            "_step_count",
            "base_lrs",
            "base_momentums",
            "cycle_momentum",
            "gamma",
            "last_epoch",
            "max_lrs",
            "max_momentums",
            "mode",
            "scale_mode",
            "step_ratio",
            "total_size",
            "use_beta1",
            "_get_lr_called_within_step",
        ]
    )  # the keys of PyTorch 2.13's
    other_fn = Scale(0.9)
    other = S.CyclicLR(sgd(), 0.01, 0.1, scale_fn=other_fn)
    other.load_state_dict(dict(saved))
    assert other_fn.k == 0.5 and other._scale_fn_custom is other_fn
    plain = S.CyclicLR(sgd(), 0.01, 0.1, scale_fn=lambda x: 1.0)
    assert plain.state_dict()["_scale_fn_custom"] is None
    # The mode's scale is made again on loading (exp_range: from gamma).
    exp = S.CyclicLR(sgd(), 0.01, 0.1, mode="exp_range", gamma=0.5)
    tri = S.CyclicLR(sgd(), 0.01, 0.1)
    tri.load_state_dict(dict(exp.state_dict()))
    assert (tri.mode, tri.scale_mode, tri.scale_fn(3)) == (
        "exp_range",
        "iterations",
        0.125,
    )


def test_multiplicative_lr_state_dict_saves_callable_objects_only():
    fn = Scale(0.9)
    scheduler = S.MultiplicativeLR(sgd(), [fn, lambda e: 0.5])
    fn.k = 0.7
    saved = scheduler.state_dict()
    assert saved["lr_lambdas"] == [{"k": 0.7}, None]
    other_fn = Scale(0.9)
    other = S.MultiplicativeLR(sgd(), [other_fn, lambda e: 0.5])
    other.load_state_dict(saved)
    assert other_fn.k == 0.7 and "lr_lambdas" in saved  # the caller's dict kept


@minigrad_only  # PyTorch wraps optimizer.step in a local function: no pickle
def test_a_cyclic_scheduler_pickles():
    scheduler = S.CyclicLR(sgd(), 0.01, 0.1, mode="exp_range", gamma=0.5)
    again = pickle.loads(pickle.dumps(scheduler))
    assert again.scale_fn(2) == 0.25 and again.get_last_lr() == [0.01, 0.01]


def test_get_lr_by_hand_warns_to_use_get_last_lr():
    for scheduler in [
        S.CyclicLR(sgd(), 0.01, 0.1),
        S.MultiplicativeLR(sgd(), lambda e: 0.9),
    ]:
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            scheduler.get_lr()
        assert [str(w.message) for w in seen] == [
            "To get the last learning rate computed by the scheduler, please use "
            "`get_last_lr()`."
        ]


# --------------------------------------------------------- bad scheduler input


BAD_SCHEDULERS = [
    (
        lambda o: S.CyclicLR(o, [0.1], 1.0),
        ValueError,
        "base_lr must have the same length as optimizer.param_groups. base_lr has "
        "1 values, param_groups has 2.",
    ),
    (
        lambda o: S.CyclicLR(o, 0.1, [1.0, 2.0, 3.0]),
        ValueError,
        "max_lr must have the same length as optimizer.param_groups. max_lr has 3 "
        "values, param_groups has 2.",
    ),
    (
        lambda o: S.CyclicLR(o, 0.1, 1.0, mode="cosine"),
        ValueError,
        "mode is invalid and scale_fn is None",
    ),
    (
        lambda o: S.CyclicLR(
            optim.Adagrad([nn.Parameter(torch.zeros(1))], lr=0.1), 0.1, 1.0
        ),
        ValueError,
        "optimizer must support momentum or beta1 with `cycle_momentum` option enabled",
    ),
    (
        lambda o: S.CyclicLR(o, 0.1, 1.0, base_momentum=[0.8]),
        ValueError,
        "base_momentum must have the same length as optimizer.param_groups",
    ),
    (
        lambda o: S.CyclicLR(o, 0.1, 1.0, max_momentum=(0.9, 0.9, 0.9)),
        ValueError,
        "max_momentum must have the same length as optimizer.param_groups",
    ),
    (
        lambda o: S.CyclicLR(o, 0.1, 1.0, step_size_up=0),
        ZeroDivisionError,
        "float division by zero",
    ),
    (lambda o: S.CyclicLR(None, 0.1, 1.0), TypeError, "NoneType is not an Optimizer"),
    (
        lambda o: S.MultiplicativeLR(o, [lambda e: 1.0]),
        ValueError,
        "Expected 2 lr_lambdas, but got 1",
    ),
    (
        lambda o: S.MultiplicativeLR(o, 0.9),
        TypeError,
        "lr_lambda should be a function, but got float",
    ),
    (
        lambda o: S.MultiplicativeLR(o, [lambda e: 1.0, "x"]),
        TypeError,
        "lr_lambda should be a function, but got str",
    ),
]


@pytest.mark.parametrize("make, error, message", BAD_SCHEDULERS)
def test_bad_scheduler_arguments_as_pytorch_and_the_optimizer_unchanged(
    make, error, message
):
    opt = sgd()
    before = [dict(g) for g in opt.param_groups]
    with pytest.raises(error, match="^" + message.replace("(", r"\(")):
        make(opt)
    # PyTorch's CyclicLR sets the lr to base_lr before its other checks;
    # minigrad checks everything first.
    if not IS_TORCH:
        assert [dict(g) for g in opt.param_groups] == before
