"""`optim.NAdam`, `RAdam`, `Adamax`, `Adadelta` and the schedulers `LinearLR`,
`ConstantLR`, `PolynomialLR`, `OneCycleLR`, `CosineAnnealingWarmRestarts`,
`SequentialLR`, `ChainedScheduler`, `ReduceLROnPlateau`.

Optimizers: their trajectories against numpy references of the rules PyTorch
documents (float64, to rounding), and against numbers read off PyTorch 2.13
for a small problem (float64 after 7 steps, float32 after 50). Schedulers:
their lr sequences against the formulas, and sequences read off PyTorch 2.13.
Then state_dict round trips, warnings and bad arguments (PyTorch's exception
and message, nothing changed).
"""

import math
import warnings

import numpy as np
import pytest
from mg_testutil import IS_TORCH, assert_close, minigrad_only, to_np, torch

nn = torch.nn
optim = torch.optim
S = optim.lr_scheduler

GRADS = [np.random.default_rng(s).standard_normal(3) for s in range(8)]
START = [1.0, -2.0, 0.5]


def feed(make, start, grads):
    """Run `make([p])` on a float64 parameter, feeding the given gradients."""
    p = nn.Parameter(torch.tensor(start, dtype=torch.float64))
    opt = make([p])
    for g in grads:
        p.grad = torch.tensor(g)
        opt.step()
    return p, opt


# ------------------------------------------------ numpy references of the rules


def nadam_reference(
    p,
    grads,
    lr=2e-3,
    betas=(0.9, 0.999),
    eps=1e-8,
    weight_decay=0.0,
    momentum_decay=4e-3,
    decoupled_weight_decay=False,
    maximize=False,
):
    """PyTorch's documented NAdam rule, in numpy."""
    beta1, beta2 = betas
    p = np.array(p, dtype=np.float64)
    m, v = np.zeros_like(p), np.zeros_like(p)
    mu_product = np.float32(1.0)
    for t, g in enumerate(grads, start=1):
        g = -g if maximize else g
        if decoupled_weight_decay:
            p = p * (1 - lr * weight_decay)
        else:
            g = g + weight_decay * p
        mu = beta1 * (1 - 0.5 * 0.96 ** (t * momentum_decay))
        mu_next = beta1 * (1 - 0.5 * 0.96 ** ((t + 1) * momentum_decay))
        # PyTorch keeps the product of the mu's as a float32 tensor.
        mu_product = np.float32(mu_product * np.float32(mu))
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        denom = np.sqrt(v / (1 - beta2**t)) + eps
        p = p - lr * (1 - mu) / (1 - float(mu_product)) * g / denom
        p = p - lr * mu_next / (1 - float(mu_product) * mu_next) * m / denom
    return p


def radam_reference(
    p,
    grads,
    lr=1e-3,
    betas=(0.9, 0.999),
    eps=1e-8,
    weight_decay=0.0,
    decoupled_weight_decay=False,
    maximize=False,
):
    """PyTorch's documented RAdam rule, in numpy."""
    beta1, beta2 = betas
    p = np.array(p, dtype=np.float64)
    m, v = np.zeros_like(p), np.zeros_like(p)
    rho_inf = 2 / (1 - beta2) - 1
    for t, g in enumerate(grads, start=1):
        g = -g if maximize else g
        if decoupled_weight_decay:
            p = p * (1 - lr * weight_decay)
        else:
            g = g + weight_decay * p
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        m_hat = m / (1 - beta1**t)
        rho_t = rho_inf - 2 * t * beta2**t / (1 - beta2**t)
        if rho_t > 5:
            r = math.sqrt(
                (rho_t - 4)
                * (rho_t - 2)
                * rho_inf
                / ((rho_inf - 4) * (rho_inf - 2) * rho_t)
            )
            adaptive = math.sqrt(1 - beta2**t) / (np.sqrt(v) + eps)
            p = p - lr * m_hat * r * adaptive
        else:
            p = p - lr * m_hat
    return p


def adamax_reference(
    p, grads, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, maximize=False
):
    """PyTorch's documented Adamax rule, in numpy."""
    beta1, beta2 = betas
    p = np.array(p, dtype=np.float64)
    m, u = np.zeros_like(p), np.zeros_like(p)
    for t, g in enumerate(grads, start=1):
        g = -g if maximize else g
        g = g + weight_decay * p
        m = beta1 * m + (1 - beta1) * g
        u = np.maximum(beta2 * u, np.abs(g) + eps)
        p = p - lr / (1 - beta1**t) * m / u
    return p


def adadelta_reference(
    p, grads, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0.0, maximize=False
):
    """PyTorch's documented Adadelta rule, in numpy."""
    p = np.array(p, dtype=np.float64)
    v, u = np.zeros_like(p), np.zeros_like(p)
    for g in grads:
        g = -g if maximize else g
        g = g + weight_decay * p
        v = rho * v + (1 - rho) * g * g
        delta = np.sqrt(u + eps) / np.sqrt(v + eps) * g
        u = rho * u + (1 - rho) * delta * delta
        p = p - lr * delta
    return p


RULES = {
    "NAdam": (optim.NAdam, nadam_reference),
    "RAdam": (optim.RAdam, radam_reference),
    "Adamax": (optim.Adamax, adamax_reference),
    "Adadelta": (optim.Adadelta, adadelta_reference),
}

RULE_CASES = [
    ("NAdam", {}),
    ("NAdam", {"lr": 0.1, "betas": (0.8, 0.99), "momentum_decay": 0.05}),
    ("NAdam", {"lr": 0.1, "weight_decay": 0.2, "eps": 1e-3}),
    ("NAdam", {"lr": 0.1, "weight_decay": 0.2, "decoupled_weight_decay": True}),
    ("NAdam", {"lr": 0.05, "maximize": True}),
    ("RAdam", {}),  # beta2 = 0.999: never past rho_t = 5 in 8 steps
    ("RAdam", {"lr": 0.1, "betas": (0.5, 0.9)}),  # rectified from step 3 on
    ("RAdam", {"lr": 0.1, "betas": (0.5, 0.9), "weight_decay": 0.2}),
    (
        "RAdam",
        {
            "lr": 0.1,
            "betas": (0.5, 0.9),
            "weight_decay": 0.2,
            "decoupled_weight_decay": True,
        },
    ),
    ("RAdam", {"lr": 0.1, "betas": (0.5, 0.9), "maximize": True, "eps": 1e-2}),
    ("Adamax", {}),
    ("Adamax", {"lr": 0.1, "betas": (0.8, 0.9), "eps": 1e-3, "weight_decay": 0.2}),
    ("Adamax", {"lr": 0.05, "maximize": True}),
    ("Adadelta", {}),
    ("Adadelta", {"lr": 0.5, "rho": 0.5, "eps": 1e-3, "weight_decay": 0.2}),
    ("Adadelta", {"lr": 0.5, "maximize": True}),
]


@pytest.mark.parametrize(
    "name, settings",
    RULE_CASES,
    ids=[f"{n}-{i}" for i, (n, _) in enumerate(RULE_CASES)],
)
def test_optimizer_follows_its_update_rule(name, settings):
    make, reference = RULES[name]
    p, _ = feed(lambda ps: make(ps, **settings), START, GRADS)
    assert_close(p, reference(START, GRADS, **settings), rtol=1e-12, atol=1e-14)


def test_radam_takes_plain_momentum_steps_until_rho_t_passes_5():
    # betas (0.5, 0.9): rho_inf = 19; rho_t = 1 at step 1, 1.95 at step 2, ...
    # Step 1 is then p - lr * m_hat = p - lr * g (m_hat is g at step 1).
    p, _ = feed(
        lambda ps: optim.RAdam(ps, lr=0.1, betas=(0.5, 0.9)), [1.0], [np.array([2.0])]
    )
    assert to_np(p)[0] == pytest.approx(1.0 - 0.1 * 2.0, abs=1e-15)


def test_adamax_first_step_by_hand():
    # g = 2: m = 0.1 * 2 = 0.2, u = max(0, 2 + eps), step = lr / 0.1 * 0.2 / u = lr.
    p, _ = feed(lambda ps: optim.Adamax(ps, lr=0.5), [1.0], [np.array([2.0])])
    assert to_np(p)[0] == pytest.approx(1.0 - 0.5 * 2 / (2 + 1e-8), abs=1e-15)


def test_adadelta_first_step_by_hand():
    # g = 2, rho 0.9: v = 0.4, delta = sqrt(eps) / sqrt(0.4 + eps) * 2.
    p, _ = feed(lambda ps: optim.Adadelta(ps), [1.0], [np.array([2.0])])
    delta = math.sqrt(1e-6) / math.sqrt(0.4 + 1e-6) * 2
    assert to_np(p)[0] == pytest.approx(1.0 - delta, abs=1e-15)


# ------------------------------------------------ numbers read off PyTorch 2.13


def quartic_run(make, steps, dtype):
    """The small problem whose numbers were read off PyTorch 2.13."""
    p = torch.tensor([1.0, -2.0, 0.5], dtype=dtype, requires_grad=True)
    target = torch.tensor([0.5, -1.0, 2.0], dtype=dtype)
    opt = make([p])
    for _ in range(steps):
        opt.zero_grad()
        loss = (p**4).sum() * 0.25 + ((p - target) ** 2).sum()
        loss.backward()
        opt.step()
    return to_np(p), opt


# (make, p after 7 float64 steps, p after 50 float32 steps), both printed by
# PyTorch 2.13 running `quartic_run`. (Not many more float32 steps: with
# lr=0.1 the iterates bounce around the minimum and float32 rounding grows,
# until PyTorch's own float32 and float64 runs part by 1e-2 at step 100.)
PYTORCH_RUNS = [
    (
        lambda ps: optim.NAdam(ps),
        [0.9888447498899995, -1.988822798357611, 0.5111858730458255],
        [0.9109521508216858, -1.9090242385864258, 0.5916192531585693],
    ),
    (
        lambda ps: optim.NAdam(ps, lr=0.1, weight_decay=0.2, momentum_decay=0.01),
        [0.5700833521767702, -1.50944426831827, 0.9790505379128224],
        [0.4209291338920593, -0.6959777474403381, 1.1416947841644287],
    ),
    (
        lambda ps: optim.NAdam(
            ps, lr=0.1, weight_decay=0.2, decoupled_weight_decay=True
        ),
        [0.5108691791174143, -1.3136895709534981, 0.9062117824577031],
        [0.4399973452091217, -0.6552155017852783, 1.1459581851959229],
    ),
    (
        lambda ps: optim.NAdam(ps, lr=0.05, maximize=True),
        [1.30840371916762, -2.296939687514264, 0.21001536128258624],
        [4.888600826263428, -5.534630298614502, -2.7649588584899902],
    ),
    (
        lambda ps: optim.RAdam(ps),
        [0.9899956579929388, -1.9506913021409709, 0.5143903961845854],
        [0.9855678677558899, -1.9462759494781494, 0.518826961517334],
    ),
    (
        lambda ps: optim.RAdam(ps, lr=0.1, betas=(0.5, 0.9), weight_decay=0.2),
        [0.41718747147681384, -0.45855672841917766, 1.202272424016378],
        [0.4207003712654114, -0.7313104867935181, 1.1417125463485718],
    ),
    (
        lambda ps: optim.RAdam(
            ps, lr=0.1, betas=(0.5, 0.9), weight_decay=0.2, decoupled_weight_decay=True
        ),
        [0.4103798546022244, -0.455033657829508, 1.1642372987650018],
        [0.45151230692863464, -0.7593638896942139, 1.1755707263946533],
    ),
    (
        lambda ps: optim.Adamax(ps),
        [0.9860742935614146, -1.9860232418728896, 0.5139971395430225],
        [0.9063828587532043, -1.9026232957839966, 0.5987686514854431],
    ),
    (
        lambda ps: optim.Adamax(
            ps, lr=0.1, betas=(0.8, 0.9), eps=1e-3, weight_decay=0.2
        ),
        [0.4040471393368105, -1.2665137423862678, 1.196431117946363],
        [0.4174605906009674, -0.7164196968078613, 1.1485813856124878],
    ),
    (
        lambda ps: optim.Adadelta(ps),
        [0.9770826876229457, -1.9769208047241065, 0.523142414306681],
        [0.8420146703720093, -1.8301010131835938, 0.6735871434211731],
    ),
    (
        lambda ps: optim.Adadelta(
            ps, lr=0.5, rho=0.5, eps=1e-3, weight_decay=0.2, maximize=True
        ),
        [1.2295622814087794, -2.2214963319790333, 0.283357602701926],
        [11.113513946533203, -7.98802375793457, -4.1646409034729],
    ),
]


@pytest.mark.parametrize("make, after_7, after_50_float32", PYTORCH_RUNS)
def test_numbers_read_off_pytorch(make, after_7, after_50_float32):
    values, opt = quartic_run(make, 7, torch.float64)
    np.testing.assert_allclose(values, after_7, rtol=1e-12)
    assert next(iter(opt.state.values()))["step"].item() == 7.0
    values, _ = quartic_run(make, 50, torch.float32)
    assert values.dtype == np.float32
    np.testing.assert_allclose(values, after_50_float32, rtol=1e-5)


def test_state_as_pytorch_names_it():
    expected = {
        optim.NAdam: ["exp_avg", "exp_avg_sq", "mu_product", "step"],
        optim.RAdam: ["exp_avg", "exp_avg_sq", "step"],
        optim.Adamax: ["exp_avg", "exp_inf", "step"],
        optim.Adadelta: ["acc_delta", "square_avg", "step"],
    }
    for make, names in expected.items():
        p, opt = feed(make, START, GRADS[:2])
        state = opt.state[p]
        assert sorted(state) == names
        assert state["step"].dtype == torch.float32 and state["step"].item() == 2.0
    # NAdam's product of the momentum factors: a float32 0-d tensor, whose
    # value after these two steps PyTorch 2.13 printed as 0.2025991976261139.
    p, opt = feed(optim.NAdam, START, GRADS[:2])
    assert opt.state[p]["mu_product"].dtype == torch.float32
    assert opt.state[p]["mu_product"].item() == 0.2025991976261139


@minigrad_only  # PyTorch's defaults also hold foreach, capturable, ...
def test_defaults_as_pytorch():
    p = [nn.Parameter(torch.ones(2))]
    assert optim.NAdam(p).defaults == {
        "lr": 2e-3,
        "betas": (0.9, 0.999),
        "eps": 1e-8,
        "weight_decay": 0,
        "momentum_decay": 4e-3,
        "decoupled_weight_decay": False,
        "maximize": False,
        "foreach": None,
        "capturable": False,
        "differentiable": False,
    }
    radam = optim.RAdam(p).defaults
    assert (radam["lr"], radam["betas"], radam["eps"]) == (1e-3, (0.9, 0.999), 1e-8)
    assert radam["decoupled_weight_decay"] is False and radam["weight_decay"] == 0
    adamax = optim.Adamax(p).defaults
    assert (adamax["lr"], adamax["betas"], adamax["eps"]) == (2e-3, (0.9, 0.999), 1e-8)
    adadelta = optim.Adadelta(p).defaults
    assert (adadelta["lr"], adadelta["rho"], adadelta["eps"]) == (1.0, 0.9, 1e-6)
    assert adadelta["weight_decay"] == 0 and adadelta["maximize"] is False


MAKERS = [optim.NAdam, optim.RAdam, optim.Adamax, optim.Adadelta]


@pytest.mark.parametrize(
    "make",
    # PyTorch's NAdam counts two in-place changes a step (two addcdiv_);
    # minigrad's optimizers count one. Either way a stale graph refuses.
    [pytest.param(optim.NAdam, marks=minigrad_only)] + MAKERS[1:],
)
def test_float32_parameters_stay_float32_and_each_step_bumps_the_version(make):
    p = nn.Parameter(torch.tensor([1.0, 2.0]))
    q = nn.Parameter(torch.tensor([3.0]))  # no gradient: not touched
    opt = make([p, q], lr=0.1)
    for _ in range(3):
        p.grad = torch.tensor([0.5, -1.0])
        before = p._version
        opt.step()
        assert p._version == before + 1
    assert p.dtype == torch.float32 and p.is_leaf and p.grad_fn is None
    assert q._version == 0 and q.tolist() == [3.0] and len(opt.state[q]) == 0
    for value in opt.state[p].values():
        assert value.dtype == torch.float32


@pytest.mark.parametrize("make", MAKERS)
def test_a_stale_graph_refuses_backward_after_a_step(make):
    p = nn.Parameter(torch.tensor([1.0, 2.0]))
    opt = make([p], lr=0.1)
    loss = (p * p).sum()  # mul saves p
    p.grad = torch.ones(2)
    opt.step()
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        loss.backward()


def resume_half_way(make):
    """Three steps, a state_dict into a new optimizer, three more steps."""
    half, opt = feed(make, START, GRADS[:3])
    p = nn.Parameter(half.detach().clone())
    resumed = make([p])
    resumed.load_state_dict(opt.state_dict())
    for g in GRADS[3:6]:
        p.grad = torch.tensor(g)
        resumed.step()
    return p, resumed


@pytest.mark.parametrize(
    "make",
    [
        lambda ps: optim.RAdam(ps, lr=0.05, betas=(0.5, 0.9)),
        lambda ps: optim.Adamax(ps, lr=0.05, weight_decay=0.1),
        lambda ps: optim.Adadelta(ps, lr=0.5),
    ],
)
def test_state_dict_resumes_identically(make):
    straight, _ = feed(make, START, GRADS[:6])
    p, resumed = resume_half_way(make)
    assert_close(p, to_np(straight), rtol=1e-12, atol=0)
    assert resumed.state[p]["step"].item() == 6.0


def test_nadam_resumed_takes_its_mu_product_in_the_parameter_dtype():
    # As PyTorch, load_state_dict casts the state to the parameter's dtype,
    # "step" aside: a float64 parameter's mu_product becomes float64, so the
    # resumed run parts from the straight one by float32 rounding. Both sets
    # of numbers were printed by PyTorch 2.13.
    make = lambda ps: optim.NAdam(ps, lr=0.05, weight_decay=0.1)  # noqa: E731
    straight, _ = feed(make, START, GRADS[:6])
    p, resumed = resume_half_way(make)
    assert resumed.state[p]["mu_product"].dtype == torch.float64
    np.testing.assert_allclose(
        to_np(p),
        [0.835035417193273, -1.8427158438929574, 0.3488506712106846],
        rtol=1e-13,
    )
    np.testing.assert_allclose(
        to_np(straight),
        [0.8350354171738185, -1.8427158438570501, 0.34885067119827945],
        rtol=1e-13,
    )


def test_param_groups_keep_their_own_settings():
    a = nn.Parameter(torch.tensor([1.0], dtype=torch.float64))
    b = nn.Parameter(torch.tensor([1.0], dtype=torch.float64))
    opt = optim.Adadelta([{"params": [a]}, {"params": [b], "lr": 0.1}])
    a.grad = torch.tensor([2.0], dtype=torch.float64)
    b.grad = torch.tensor([2.0], dtype=torch.float64)
    opt.step()
    step_a, step_b = 1.0 - a.item(), 1.0 - b.item()
    assert step_b == pytest.approx(0.1 * step_a, rel=1e-12)


@minigrad_only
def test_implementation_options_are_taken_and_stored():
    # (as in test_optim_rprop_asgd_cyclic.py)
    nadam = optim.NAdam([nn.Parameter(torch.ones(1))], foreach=False)
    adadelta = optim.Adadelta([nn.Parameter(torch.ones(1))], capturable=False)
    assert nadam.param_groups[0]["foreach"] is False
    assert adadelta.param_groups[0]["capturable"] is False


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda p: optim.NAdam(p, lr=-1), "Invalid learning rate: -1"),
        (lambda p: optim.NAdam(p, eps=-1), "Invalid epsilon value: -1"),
        (
            lambda p: optim.NAdam(p, betas=(1.0, 0.9)),
            "Invalid beta parameter at index 0: 1.0",
        ),
        (
            lambda p: optim.NAdam(p, betas=(0.9, -0.1)),
            "Invalid beta parameter at index 1: -0.1",
        ),
        (lambda p: optim.NAdam(p, weight_decay=-1), "Invalid weight_decay value: -1"),
        (
            lambda p: optim.NAdam(p, momentum_decay=-1),
            "Invalid momentum_decay value: -1",
        ),
        (lambda p: optim.RAdam(p, lr=-1), "Invalid learning rate: -1"),
        (lambda p: optim.RAdam(p, eps=-0.001), "Invalid epsilon value: -0.001"),
        (
            lambda p: optim.RAdam(p, betas=(0.9, 1.0)),
            "Invalid beta parameter at index 1: 1.0",
        ),
        (
            lambda p: optim.RAdam(p, weight_decay=-0.5),
            "Invalid weight_decay value: -0.5",
        ),
        (lambda p: optim.Adamax(p, lr=-1), "Invalid learning rate: -1"),
        (lambda p: optim.Adamax(p, eps=-1), "Invalid epsilon value: -1"),
        (
            lambda p: optim.Adamax(p, betas=(-0.1, 0.9)),
            "Invalid beta parameter at index 0: -0.1",
        ),
        (lambda p: optim.Adamax(p, weight_decay=-1), "Invalid weight_decay value: -1"),
        (lambda p: optim.Adadelta(p, lr=-1), "Invalid learning rate: -1"),
        (lambda p: optim.Adadelta(p, rho=1.5), "Invalid rho value: 1.5"),
        (lambda p: optim.Adadelta(p, rho=-0.1), "Invalid rho value: -0.1"),
        (lambda p: optim.Adadelta(p, eps=-1), "Invalid epsilon value: -1"),
        (
            lambda p: optim.Adadelta(p, weight_decay=-1),
            "Invalid weight_decay value: -1",
        ),
        (lambda p: optim.NAdam([]), "optimizer got an empty parameter list"),
    ],
)
def test_bad_optimizer_arguments_as_pytorch(make, message):
    with pytest.raises(ValueError, match=f"^{message}$".replace("(", r"\(")):
        make([nn.Parameter(torch.ones(2))])


# ------------------------------------------------------------------ schedulers


def sgd(lr=0.5, groups=1, **settings):
    """An SGD over `groups` param groups, the second with lr 0.2."""
    params = [{"params": [nn.Parameter(torch.zeros(1))]}]
    if groups == 2:
        params.append({"params": [nn.Parameter(torch.zeros(1))], "lr": 0.2})
    return optim.SGD(params, lr=lr, **settings)


def schedule(opt, scheduler, epochs):
    """The first group's lr at each epoch, stepping as a training loop does."""
    rates = []
    for _ in range(epochs):
        opt.step()
        rates.append(scheduler.get_last_lr()[0])
        assert scheduler.get_last_lr() == [g["lr"] for g in opt.param_groups]
        scheduler.step()
    return rates


def close_lists(got, expected, rel=1e-12):
    assert len(got) == len(expected)
    for i, (a, b) in enumerate(zip(got, expected)):
        assert math.isclose(a, b, rel_tol=rel, abs_tol=1e-15), (i, a, b)


@pytest.mark.parametrize(
    "settings", [{}, {"factor": 0.5, "total_iters": 3}, {"factor": 0.1}]
)
def test_constant_lr_follows_its_formula(settings):
    opt = sgd()
    rates = schedule(opt, S.ConstantLR(opt, **settings), 9)
    factor, total = settings.get("factor", 1 / 3), settings.get("total_iters", 5)
    close_lists(rates, [0.5 * (factor if e < total else 1.0) for e in range(9)])


@pytest.mark.parametrize(
    "settings",
    [
        {},
        {"start_factor": 0.1, "end_factor": 0.5, "total_iters": 7},
        {"start_factor": 1.0, "end_factor": 0.0, "total_iters": 4},
    ],
)
def test_linear_lr_follows_its_formula(settings):
    opt = sgd()
    rates = schedule(opt, S.LinearLR(opt, **settings), 10)
    start = settings.get("start_factor", 1 / 3)
    end = settings.get("end_factor", 1.0)
    total = settings.get("total_iters", 5)
    expected = [
        0.5 * (start + (end - start) * min(e, total) / total) for e in range(10)
    ]
    close_lists(rates, expected)


@pytest.mark.parametrize(
    "settings", [{}, {"total_iters": 6, "power": 2.5}, {"power": 0.5}]
)
def test_polynomial_lr_follows_its_formula(settings):
    opt = sgd()
    rates = schedule(opt, S.PolynomialLR(opt, **settings), 9)
    total, power = settings.get("total_iters", 5), settings.get("power", 1.0)
    close_lists(rates, [0.5 * (1 - min(e, total) / total) ** power for e in range(9)])


@pytest.mark.parametrize(
    "T_0, T_mult, eta_min", [(3, 1, 0.0), (2, 2, 0.01), (1, 3, 0.1)]
)
def test_cosine_warm_restarts_follows_its_formula(T_0, T_mult, eta_min):
    opt = sgd()
    scheduler = S.CosineAnnealingWarmRestarts(opt, T_0, T_mult, eta_min)
    rates = schedule(opt, scheduler, 20)
    expected, T_cur, T_i = [], 0, T_0
    for _ in range(20):
        expected.append(
            eta_min + (0.5 - eta_min) * (1 + math.cos(math.pi * T_cur / T_i)) / 2
        )
        T_cur += 1
        if T_cur == T_i:  # restart
            T_cur, T_i = 0, T_i * T_mult
    close_lists(rates, expected)


def test_cosine_warm_restarts_takes_fractional_epochs():
    opt = sgd()
    scheduler = S.CosineAnnealingWarmRestarts(opt, T_0=2, T_mult=2, eta_min=0.05)
    # epoch 7.0 is 1.0 into the third period (2 + 4 = 6 epochs before, T_i = 8).
    for epoch, T_cur, T_i in [(0.5, 0.5, 2), (3.5, 1.5, 4), (7.0, 1.0, 8)]:
        scheduler.step(epoch)
        assert (scheduler.T_cur, scheduler.T_i) == (T_cur, T_i)
        assert scheduler.last_epoch == math.floor(epoch)
        lr = 0.05 + 0.45 * (1 + math.cos(math.pi * T_cur / T_i)) / 2
        assert math.isclose(scheduler.get_last_lr()[0], lr, rel_tol=1e-12)


def one_cycle_reference(max_lr, total, pct=0.3, div=25.0, final_div=1e4, cos=True):
    """The two-phase 1cycle schedule (fastai), as PyTorch documents it."""
    start, end = max_lr / div, max_lr / div / final_div
    turn = pct * total - 1

    def anneal(a, b, x):
        return b + (a - b) / 2 * (math.cos(math.pi * x) + 1) if cos else a + (b - a) * x

    return [
        anneal(start, max_lr, s / turn)
        if s <= turn
        else anneal(max_lr, end, (s - turn) / (total - 1 - turn))
        for s in range(total)
    ]


@pytest.mark.parametrize("cos", [True, False])
def test_one_cycle_follows_its_formula(cos):
    opt = sgd(momentum=0.9)
    strategy = "cos" if cos else "linear"
    scheduler = S.OneCycleLR(opt, max_lr=1.0, total_steps=20, anneal_strategy=strategy)
    rates = schedule(opt, scheduler, 20)
    close_lists(rates, one_cycle_reference(1.0, 20, cos=cos))


# Sequences printed by PyTorch 2.13: the lr (and momentum) at each step.
ONE_CYCLE_RECORDED = [
    (
        lambda o: S.OneCycleLR(o, max_lr=1.0, total_steps=10),
        [0.040000000000000036, 0.52, 1.0, 0.9504846320134737, 0.8117456539497631,
         0.6112620219362893, 0.38874197806371075, 0.18825834605023697,
         0.049519367986526286, 4e-06],
        [0.95, 0.8999999999999999, 0.85, 0.854951556604879, 0.8688255099070633,
         0.8888739533021842, 0.9111260466978157, 0.9311744900929366,
         0.945048443395121, 0.95],
    ),
    (
        lambda o: S.OneCycleLR(
            o, max_lr=0.8, total_steps=15, three_phase=True, div_factor=10.0,
            final_div_factor=100.0, base_momentum=0.8, max_momentum=0.9,
        ),
        [0.07999999999999996, 0.21554367133085583, 0.5201075362242732,
         0.7643487924448709, 0.7643487924448709, 0.5201075362242732,
         0.21554367133085595, 0.08, 0.07607836716893579, 0.06509019615360585,
         0.04921182898467005, 0.03158817101532996, 0.015709803846394154,
         0.004721632831064207, 0.0008],
        [0.9, 0.8811744900929367, 0.8388739533021843, 0.804951556604879,
         0.804951556604879, 0.8388739533021843, 0.8811744900929367, 0.9, 0.9, 0.9,
         0.9, 0.9, 0.9, 0.9, 0.9],
    ),
]  # fmt: skip


@pytest.mark.parametrize("make, lrs, momenta", ONE_CYCLE_RECORDED)
def test_one_cycle_as_pytorch_recorded_it(make, lrs, momenta):
    opt = sgd(momentum=0.5)
    scheduler = make(opt)
    got_lrs, got_momenta = [], []
    for _ in range(len(lrs)):
        opt.step()
        got_lrs.append(scheduler.get_last_lr()[0])
        got_momenta.append(opt.param_groups[0]["momentum"])
        scheduler.step()
    close_lists(got_lrs, lrs, rel=1e-14)
    close_lists(got_momenta, momenta, rel=1e-14)


def test_one_cycle_cycles_adam_beta1_and_per_group_max_lr():
    a, b = nn.Parameter(torch.zeros(1)), nn.Parameter(torch.zeros(1))
    opt = optim.Adam([{"params": [a]}, {"params": [b]}], lr=0.01, betas=(0.9, 0.99))
    scheduler = S.OneCycleLR(
        opt, max_lr=[1.0, 0.1], total_steps=10, anneal_strategy="linear"
    )
    assert [g["betas"] for g in opt.param_groups] == [(0.95, 0.99), (0.95, 0.99)]
    for _ in range(3):
        opt.step()
        scheduler.step()
    # Step 3 is past the peak (step 2): the momentum is on its way back up.
    assert opt.param_groups[0]["betas"][0] == pytest.approx(0.85 + 0.1 / 7)
    assert opt.param_groups[0]["betas"][1] == 0.99
    assert scheduler.get_last_lr()[1] == pytest.approx(0.1 + (0.1 / 25 / 1e4 - 0.1) / 7)
    assert [g["max_lr"] for g in opt.param_groups] == [1.0, 0.1]
    assert [g["initial_lr"] for g in opt.param_groups] == [1.0 / 25, 0.1 / 25]


def test_one_cycle_without_momentum_leaves_the_momentum_alone():
    opt = optim.Adagrad([nn.Parameter(torch.zeros(1))], lr=0.1)
    scheduler = S.OneCycleLR(opt, max_lr=0.5, total_steps=6, cycle_momentum=False)
    schedule(opt, scheduler, 6)
    assert "betas" not in opt.param_groups[0] and "momentum" not in opt.param_groups[0]


@minigrad_only  # PyTorch's last_epoch moves on all the same
def test_one_cycle_past_its_end_raises_and_changes_nothing():
    opt = sgd(momentum=0.9)
    scheduler = S.OneCycleLR(opt, max_lr=1.0, total_steps=3)
    for _ in range(3):
        opt.step()
        scheduler.step()
    before = (scheduler.last_epoch, scheduler._step_count, dict(opt.param_groups[0]))
    with pytest.raises(
        ValueError,
        match="Tried to step 4 times. The specified number of total steps is 3",
    ):
        scheduler.step()
    assert (scheduler.last_epoch, scheduler._step_count) == before[:2]
    assert opt.param_groups[0] == before[2]


def test_sequential_lr_hands_over_at_the_milestones():
    opt = sgd(groups=2)
    scheduler = S.SequentialLR(
        opt,
        [
            S.ConstantLR(opt, factor=0.5, total_iters=2),
            S.CosineAnnealingLR(opt, T_max=4),
            S.StepLR(opt, 2, 0.5),
        ],
        milestones=[2, 6],
    )
    # Printed by PyTorch 2.13 for the same schedulers.
    expected = [
        0.25, 0.25, 0.5, 0.42677669529663687, 0.25, 0.07322330470336313, 0.5,
        0.5, 0.25, 0.25, 0.125, 0.125, 0.0625, 0.0625,
    ]  # fmt: skip
    close_lists(schedule(opt, scheduler, 14), expected, rel=1e-15)
    assert opt.param_groups[1]["lr"] == pytest.approx(0.2 * 0.5**3 / 2)


def test_sequential_lr_warm_up_then_exponential():
    opt = sgd()
    warmup = S.LinearLR(opt, start_factor=0.1, total_iters=3)
    scheduler = S.SequentialLR(opt, [warmup, S.ExponentialLR(opt, 0.8)], [3])
    rates = schedule(opt, scheduler, 8)
    expected = [0.5 * (0.1 + 0.9 * e / 3) for e in range(3)]
    expected += [0.5 * 0.8**e for e in range(5)]
    close_lists(rates, expected)
    assert scheduler.last_epoch == 8


def test_chained_scheduler_multiplies_the_effects():
    opt = sgd()
    scheduler = S.ChainedScheduler(
        [S.ConstantLR(opt, factor=0.1, total_iters=2), S.ExponentialLR(opt, gamma=0.9)]
    )
    rates = schedule(opt, scheduler, 6)
    close_lists(rates, [0.5 * (0.1 if e < 2 else 1) * 0.9**e for e in range(6)])


def test_chained_scheduler_as_pytorch_recorded_it():
    opt = sgd(groups=2)
    scheduler = S.ChainedScheduler(
        [
            S.LinearLR(opt, start_factor=0.2, total_iters=4),
            S.CosineAnnealingLR(opt, T_max=5),
            S.PolynomialLR(opt, total_iters=8),
        ],
        optimizer=opt,
    )
    expected = [
        0.1, 0.1582889870078079, 0.1472644118671816, 0.08637287570313157,
        0.023872875703131582, 0.0, 0.031830500937508756, 0.05758191713542107,
        0.0, 0.0,
    ]  # fmt: skip
    close_lists(schedule(opt, scheduler, 10), expected, rel=1e-14)


def plateau_run(metrics, **settings):
    opt = sgd(groups=2)
    scheduler = S.ReduceLROnPlateau(opt, **settings)
    rates = []
    for metric in metrics:
        opt.step()
        scheduler.step(metric)
        rates.append(scheduler.get_last_lr())
    return rates, scheduler


def test_plateau_waits_patience_epochs_then_reduces():
    rates, scheduler = plateau_run(
        [3.0, 2.0, 2.0, 2.0, 2.0, 1.0], factor=0.5, patience=1
    )
    assert [r[0] for r in rates] == [0.5, 0.5, 0.5, 0.25, 0.25, 0.25]
    assert [r[1] for r in rates] == [0.2, 0.2, 0.2, 0.1, 0.1, 0.1]
    assert scheduler.best == 1.0 and scheduler.num_bad_epochs == 0


def test_plateau_in_max_mode_with_a_tensor_metric():
    metrics = [torch.tensor(v) for v in [0.5, 0.6, 0.6, 0.55, 0.7]]
    rates, scheduler = plateau_run(metrics, mode="max", patience=0, factor=0.5)
    assert [r[0] for r in rates] == [0.5, 0.5, 0.25, 0.125, 0.125]
    assert scheduler.best == pytest.approx(0.7)


def test_plateau_thresholds_cooldown_and_min_lr():
    # rel: 0.99995 is not better than 1 * (1 - 1e-4); abs 0.01: 0.995 is not.
    rates, _ = plateau_run([1.0, 0.99995, 0.99995], patience=0, factor=0.5)
    assert [r[0] for r in rates] == [0.5, 0.25, 0.125]
    rates, _ = plateau_run(
        [1.0, 0.995, 0.5], patience=0, factor=0.5, threshold_mode="abs", threshold=0.01
    )
    assert [r[0] for r in rates] == [0.5, 0.25, 0.25]
    # A reduction, then 2 cooldown epochs whose bad epochs don't count.
    rates, _ = plateau_run([1.0] * 6, patience=0, factor=0.5, cooldown=2)
    assert [r[0] for r in rates] == [0.5, 0.25, 0.25, 0.25, 0.125, 0.125]
    rates, _ = plateau_run([1.0] * 5, patience=0, factor=0.5, min_lr=[0.1, 0.06])
    assert rates[-1] == [0.1, 0.06]
    # A reduction smaller than eps is skipped.
    rates, _ = plateau_run([1.0] * 3, patience=0, factor=0.9, eps=0.04)
    assert rates[-1] == [0.405, 0.2]


def test_plateau_as_pytorch_recorded_it():
    metrics = [5, 4, 4, 4, 4, 4.0001, 3.9999, 3.9999, 3.99, 3.99, 3.99, 3.99]
    metrics += [2] * 10
    rates, _ = plateau_run(
        metrics,
        threshold_mode="abs",
        threshold=0.01,
        patience=1,
        cooldown=2,
        factor=0.3,
    )
    expected = [0.5] * 3 + [0.15] * 4 + [0.045] * 4 + [0.0135] * 4
    expected += [0.00405] * 4 + [0.001215] * 3  # printed by PyTorch 2.13
    close_lists([r[0] for r in rates], expected, rel=1e-15)


# ------------------------------------------------------- scheduler state_dicts


SCHEDULERS = {
    "ConstantLR": lambda o: S.ConstantLR(o, factor=0.5, total_iters=3),
    "LinearLR": lambda o: S.LinearLR(o, start_factor=0.2, total_iters=5),
    "PolynomialLR": lambda o: S.PolynomialLR(o, total_iters=6, power=2.0),
    "OneCycleLR": lambda o: S.OneCycleLR(o, max_lr=1.0, total_steps=10),
    "WarmRestarts": lambda o: S.CosineAnnealingWarmRestarts(o, T_0=2, T_mult=2),
    "SequentialLR": lambda o: S.SequentialLR(
        o, [S.LinearLR(o, 0.1, total_iters=3), S.ExponentialLR(o, 0.7)], [3]
    ),
    "ChainedScheduler": lambda o: S.ChainedScheduler(
        [S.ConstantLR(o, factor=0.5, total_iters=2), S.ExponentialLR(o, 0.9)]
    ),
}


@pytest.mark.parametrize("name", list(SCHEDULERS))
def test_scheduler_state_dict_resumes_identically(name):
    make = SCHEDULERS[name]
    opt = sgd(momentum=0.9)
    straight = schedule(opt, make(opt), 9)

    opt = sgd(momentum=0.9)
    scheduler = make(opt)
    first = schedule(opt, scheduler, 4)
    saved_optimizer, saved = opt.state_dict(), scheduler.state_dict()
    assert "optimizer" not in saved
    fresh = sgd(momentum=0.9)
    resumed = make(fresh)
    fresh.load_state_dict(saved_optimizer)  # the saved lr, momentum, initial_lr
    resumed.load_state_dict(saved)
    assert resumed.get_last_lr() == scheduler.get_last_lr()
    assert first + schedule(fresh, resumed, 5) == straight


def test_plateau_state_dict_round_trip():
    _, scheduler = plateau_run([1.0, 2.0, 0.5, 0.6], patience=3, mode="min")
    saved = scheduler.state_dict()
    assert saved["best"] == 0.5 and saved["num_bad_epochs"] == 1
    assert "optimizer" not in saved
    other = S.ReduceLROnPlateau(sgd(groups=2), mode="max", patience=3)
    other.load_state_dict(saved)
    assert other.mode == "min" and other.mode_worse == math.inf
    assert (other.best, other.num_bad_epochs, other.last_epoch) == (0.5, 1, 4)


def test_sequential_state_dict_holds_each_scheduler():
    opt = sgd()
    scheduler = SCHEDULERS["SequentialLR"](opt)
    saved = scheduler.state_dict()
    assert saved["_milestones"] == [3] and len(saved["_schedulers"]) == 2
    assert saved["_schedulers"][1]["gamma"] == 0.7
    scheduler.load_state_dict(saved)
    assert "_schedulers" in saved  # the caller's dict is left as it was


# ------------------------------------------------------------------ warnings


def caught(fn):
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        fn()
    return [str(w.message) for w in seen]


@pytest.mark.parametrize("name", ["ConstantLR", "OneCycleLR", "ChainedScheduler"])
def test_stepping_the_scheduler_before_the_optimizer_warns(name):
    opt = sgd(momentum=0.9)
    scheduler = SCHEDULERS[name](opt)
    messages = caught(scheduler.step)
    assert messages and all(
        "`lr_scheduler.step()` before `optimizer.step()`" in m for m in messages
    )
    opt.step()
    assert caught(scheduler.step) == []


def test_get_lr_by_hand_warns_to_use_get_last_lr():
    scheduler = S.LinearLR(sgd())
    messages = caught(scheduler.get_lr)
    assert messages == [
        "To get the last learning rate computed by the scheduler, please use "
        "`get_last_lr()`."
    ]


def test_an_explicit_epoch_warns_of_its_deprecation():
    opt = sgd()
    scheduler = S.PolynomialLR(opt, total_iters=4)
    opt.step()
    messages = caught(lambda: scheduler.step(2))
    assert len(messages) == 1 and messages[0].startswith("The epoch parameter")
    assert scheduler.get_last_lr() == [0.25]  # the closed form: 0.5 * (1 - 2/4)
    plateau = S.ReduceLROnPlateau(opt)
    assert caught(lambda: plateau.step(1.0, 5))[0].startswith("The epoch parameter")
    assert plateau.last_epoch == 5
    # Warm restarts take explicit (fractional) epochs without a warning.
    restarts = S.CosineAnnealingWarmRestarts(opt, T_0=3)
    assert caught(lambda: restarts.step(1.5)) == []


# --------------------------------------------------------- bad scheduler input


BAD_SCHEDULERS = [
    (lambda o: S.ConstantLR(o, factor=1.5), "Constant multiplicative factor"),
    (lambda o: S.LinearLR(o, start_factor=0), "Starting multiplicative factor"),
    (lambda o: S.LinearLR(o, end_factor=-0.1), "Ending multiplicative factor"),
    (
        lambda o: S.CosineAnnealingWarmRestarts(o, T_0=2.0),
        "Expected positive integer T_0, but got 2.0",
    ),
    (
        lambda o: S.CosineAnnealingWarmRestarts(o, T_0=2, T_mult=0),
        "Expected integer T_mult >= 1, but got 0",
    ),
    (
        lambda o: S.CosineAnnealingWarmRestarts(o, T_0=2, eta_min="0"),
        "Expected float or int eta_min, but got 0 of type <class 'str'>",
    ),
    (
        lambda o: S.OneCycleLR(o, 1.0, total_steps=0),
        "Expected positive integer total_steps, but got 0",
    ),
    (
        lambda o: S.OneCycleLR(o, 1.0),
        r"You must define either total_steps OR \(epochs AND steps_per_epoch\)",
    ),
    (
        lambda o: S.OneCycleLR(o, 1.0, epochs=2, steps_per_epoch=-3),
        "Expected positive integer steps_per_epoch, but got -3",
    ),
    (
        lambda o: S.OneCycleLR(o, 1.0, 10, pct_start=1),
        "Expected float between 0 and 1 pct_start, but got 1",
    ),
    (
        lambda o: S.OneCycleLR(o, 1.0, 10, anneal_strategy="exp"),
        "anneal_strategy must be one of 'cos' or 'linear', instead got exp",
    ),
    (
        lambda o: S.OneCycleLR(o, [1.0, 2.0], 10),
        "max_lr must have the same length as optimizer.param_groups. max_lr has 2 "
        "values, param_groups has 1.",
    ),
    (
        lambda o: S.OneCycleLR(o, 1.0, 10, base_momentum=[0.1, 0.2]),
        "base_momentum must have the same length as optimizer.param_groups",
    ),
    (
        lambda o: S.OneCycleLR(
            optim.Adagrad([nn.Parameter(torch.zeros(1))], lr=0.1), 1.0, 10
        ),
        "optimizer must support momentum or beta1 with `cycle_momentum` option enabled",
    ),
    (
        lambda o: S.SequentialLR(o, [], []),
        "SequentialLR expects at least one scheduler, but got no scheduler.",
    ),
    (
        lambda o: S.SequentialLR(o, [S.ConstantLR(o), S.LinearLR(o)], [1, 2]),
        "Sequential Schedulers expects number of schedulers provided to be one more "
        "than the number of milestone points, but got number of schedulers 2 and "
        "the number of milestones to be equal to 2",
    ),
    (
        lambda o: S.SequentialLR(o, [S.ConstantLR(o), S.ReduceLROnPlateau(o)], [1]),
        "SequentialLR does not support `ReduceLROnPlateau` scheduler",
    ),
    (
        lambda o: S.SequentialLR(o, [S.ConstantLR(sgd())], []),
        "SequentialLR expects all schedulers to belong to the same optimizer",
    ),
    (
        lambda o: S.ChainedScheduler([]),
        "ChainedScheduler expects at least one scheduler to be chained",
    ),
    (
        lambda o: S.ChainedScheduler([S.ConstantLR(o), S.ReduceLROnPlateau(o)]),
        "ChainedScheduler does not support `ReduceLROnPlateau` scheduler",
    ),
    (lambda o: S.ReduceLROnPlateau(o, factor=1.0), r"Factor should be < 1.0."),
    (lambda o: S.ReduceLROnPlateau(o, mode="up"), "mode up is unknown!"),
    (
        lambda o: S.ReduceLROnPlateau(o, threshold_mode="x"),
        "threshold mode x is unknown!",
    ),
    (lambda o: S.ReduceLROnPlateau(o, min_lr=[0.1, 0.2]), "expected 1 min_lrs, got 2"),
]


@pytest.mark.parametrize("make, message", BAD_SCHEDULERS)
def test_bad_scheduler_arguments_as_pytorch_and_the_optimizer_unchanged(make, message):
    opt = sgd(momentum=0.9)
    before = [dict(g) for g in opt.param_groups]
    with pytest.raises(ValueError, match=message):
        make(opt)
    # (The schedulers given to SequentialLR and ChainedScheduler changed the lr
    # when they were made; PyTorch's OneCycleLR sets max_lr, ... before its
    # last checks.)
    if "Sequential" not in message and "Chained" not in message and not IS_TORCH:
        assert [dict(g) for g in opt.param_groups] == before


@pytest.mark.parametrize(
    "make, message",
    [
        (
            lambda o: S.SequentialLR(o, [S.ConstantLR(o), 3], [1]),
            "SequentialLR at index 1 should have `optimizer` as its attribute.",
        ),
        (
            lambda o: S.ChainedScheduler([S.ConstantLR(o), "x"]),
            "ChainedScheduler at index 1 should have `optimizer` as its attribute.",
        ),
        (lambda o: S.OneCycleLR(None, 1.0, 10), "NoneType is not an Optimizer"),
        (lambda o: S.ReduceLROnPlateau("sgd"), "str is not an Optimizer"),
        (lambda o: S.LinearLR(o, last_epoch=3), None),
    ],
)
def test_scheduler_type_errors_as_pytorch(make, message):
    opt = sgd()
    if message is None:  # resuming needs the optimizer's initial_lr: KeyError
        with pytest.raises(KeyError, match="initial_lr"):
            make(opt)
        return
    with pytest.raises(TypeError, match=message):
        make(opt)


def test_bad_steps_change_nothing():
    opt = sgd()
    restarts = S.CosineAnnealingWarmRestarts(opt, T_0=3)
    before = restarts.state_dict()
    with pytest.raises(ValueError, match="Expected non-negative epoch, but got -1"):
        restarts.step(-1)
    assert restarts.state_dict() == before
    plateau = S.ReduceLROnPlateau(opt)
    before = plateau.state_dict()
    with pytest.raises(TypeError):
        plateau.step(None)
    with pytest.raises(ValueError, match="only one element tensors"):
        plateau.step(torch.ones(2))
    assert plateau.state_dict() == before


def test_new_names_are_exported_and_documented():
    for name in ["NAdam", "RAdam", "Adamax", "Adadelta"]:
        assert name in optim.__all__ and getattr(optim, name).__doc__
    for name in [
        "LinearLR",
        "ConstantLR",
        "PolynomialLR",
        "OneCycleLR",
        "CosineAnnealingWarmRestarts",
        "SequentialLR",
        "ChainedScheduler",
        "ReduceLROnPlateau",
    ]:
        cls = getattr(S, name)
        assert issubclass(cls, S.LRScheduler) and cls.__doc__
        for attr, member in vars(cls).items():
            if callable(member) and not attr.startswith("_"):
                assert member.__doc__, f"{name}.{attr}"
