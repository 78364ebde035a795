"""Optimizers against their update rules written out in numpy, over several
steps, with momentum, dampening, Nesterov, weight decay and amsgrad on; plus
zero_grad, param groups, state_dict and StepLR.
"""

import copy
import math

import numpy as np
import pytest
from mg_testutil import assert_close, to_np, torch

nn = torch.nn
optim = torch.optim

STEPS = 6


def gradient_sequence(shape, seed=0):
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(shape) for _ in range(STEPS)]


def run_optimizer(make, start, grads, dtype=None):
    """Run `make([p])` for len(grads) steps, feeding the given gradients."""
    p = nn.Parameter(torch.tensor(start, dtype=dtype))
    opt = make([p])
    history = []
    for g in grads:
        p.grad = torch.tensor(g, dtype=p.dtype)
        opt.step()
        history.append(to_np(p).copy())
    return p, opt, history


def sgd_reference(
    p,
    grads,
    lr,
    momentum=0.0,
    dampening=0.0,
    weight_decay=0.0,
    nesterov=False,
    maximize=False,
):
    p = p.copy()
    buf = None
    history = []
    for g in grads:
        g = -g if maximize else g.copy()
        if weight_decay:
            g = g + weight_decay * p
        if momentum:
            buf = g.copy() if buf is None else momentum * buf + (1 - dampening) * g
            g = g + momentum * buf if nesterov else buf
        p = p - lr * g
        history.append(p.copy())
    return history


def adam_reference(
    p,
    grads,
    lr,
    betas=(0.9, 0.999),
    eps=1e-8,
    weight_decay=0.0,
    amsgrad=False,
    decoupled=False,
    maximize=False,
):
    p = p.copy()
    m = np.zeros_like(p)
    v = np.zeros_like(p)
    v_max = np.zeros_like(p)
    history = []
    for t, g in enumerate(grads, start=1):
        g = -g if maximize else g.copy()
        if weight_decay and decoupled:
            p = p * (1 - lr * weight_decay)
        elif weight_decay:
            g = g + weight_decay * p
        m = betas[0] * m + (1 - betas[0]) * g
        v = betas[1] * v + (1 - betas[1]) * g * g
        m_hat = m / (1 - betas[0] ** t)
        if amsgrad:
            v_max = np.maximum(v_max, v)
            v_hat = v_max / (1 - betas[1] ** t)
        else:
            v_hat = v / (1 - betas[1] ** t)
        p = p - lr * m_hat / (np.sqrt(v_hat) + eps)
        history.append(p.copy())
    return history


SGD_CASES = [
    dict(lr=0.1),
    dict(lr=0.05, momentum=0.9),
    dict(lr=0.05, momentum=0.9, dampening=0.3),
    dict(lr=0.05, momentum=0.8, weight_decay=0.1),
    dict(lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01),
    dict(lr=0.1, momentum=0.5, maximize=True),
]


@pytest.mark.parametrize("settings", SGD_CASES, ids=lambda s: ",".join(s))
def test_sgd_follows_its_update_rule(settings):
    start = np.random.default_rng(5).standard_normal((3, 2))
    grads = gradient_sequence((3, 2))
    _, _, got = run_optimizer(
        lambda ps: optim.SGD(ps, **settings), start, grads, dtype=torch.float64
    )
    expected = sgd_reference(start, grads, **settings)
    for step, (a, b) in enumerate(zip(got, expected)):
        assert_close(a, b, rtol=1e-12, atol=1e-12, msg=f"step {step}")


ADAM_CASES = [
    dict(lr=0.01),
    dict(lr=0.1, betas=(0.8, 0.99), eps=1e-6),
    dict(lr=0.01, weight_decay=0.1),
    dict(lr=0.01, amsgrad=True, weight_decay=0.05),
    dict(lr=0.01, maximize=True),
]


@pytest.mark.parametrize("settings", ADAM_CASES, ids=lambda s: ",".join(s))
def test_adam_follows_its_update_rule(settings):
    start = np.random.default_rng(6).standard_normal(4)
    grads = gradient_sequence(4, seed=1)
    _, _, got = run_optimizer(
        lambda ps: optim.Adam(ps, **settings), start, grads, dtype=torch.float64
    )
    expected = adam_reference(start, grads, **settings)
    for step, (a, b) in enumerate(zip(got, expected)):
        assert_close(a, b, rtol=1e-10, atol=1e-12, msg=f"step {step}")


@pytest.mark.parametrize(
    "settings",
    [dict(lr=0.01), dict(lr=0.05, weight_decay=0.5), dict(lr=0.01, amsgrad=True)],
)
def test_adamw_follows_its_update_rule(settings):
    start = np.random.default_rng(7).standard_normal((2, 2))
    grads = gradient_sequence((2, 2), seed=2)
    _, opt, got = run_optimizer(
        lambda ps: optim.AdamW(ps, **settings), start, grads, dtype=torch.float64
    )
    expected = adam_reference(
        start, grads, decoupled=True, **{"weight_decay": 0.01, **settings}
    )
    for step, (a, b) in enumerate(zip(got, expected)):
        assert_close(a, b, rtol=1e-10, atol=1e-12, msg=f"step {step}")
    assert opt.param_groups[0]["weight_decay"] == settings.get("weight_decay", 0.01)


def test_float32_parameters_stay_float32_and_leaves():
    start = np.ones(3, dtype=np.float32)
    for make in (
        lambda ps: optim.SGD(ps, lr=0.1, momentum=0.9, weight_decay=0.1),
        lambda ps: optim.Adam(ps, lr=0.1, weight_decay=0.1),
        lambda ps: optim.AdamW(ps, lr=0.1),
    ):
        p, _, history = run_optimizer(make, start, gradient_sequence(3))
        assert p.dtype == torch.float32
        assert p.is_leaf and p.requires_grad and p.grad_fn is None
        expected_first = history[0]
        assert expected_first.dtype == np.float32


def test_float32_sgd_matches_the_rule_closely():
    start = np.random.default_rng(3).standard_normal(5).astype(np.float32)
    grads = [g.astype(np.float32) for g in gradient_sequence(5)]
    settings = dict(lr=0.05, momentum=0.9, weight_decay=0.01)
    _, _, got = run_optimizer(lambda ps: optim.SGD(ps, **settings), start, grads)
    expected = sgd_reference(start.astype(np.float64), grads, **settings)
    assert_close(got[-1], expected[-1], rtol=1e-5, atol=1e-6)


def test_step_bumps_the_version_so_stale_graphs_refuse_backward():
    p = nn.Parameter(torch.tensor([1.0, 2.0]))
    opt = optim.SGD([p], lr=0.1)
    loss = (p.exp()).sum()  # exp saves its output; p itself is saved by nothing
    loss2 = (p * p).sum()  # mul saves p
    loss.backward()
    opt.step()
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        loss2.backward()


def test_sgd_with_momentum_by_hand():
    # p = 1, g = 2 then 4, lr 0.1, momentum 0.5, dampening 0.5:
    # step 1: b = g = 2, p = 1 - 0.1 * 2 = 0.8
    # step 2: b = 0.5 * 2 + 0.5 * 4 = 3, p = 0.8 - 0.1 * 3 = 0.5
    p = nn.Parameter(torch.tensor([1.0], dtype=torch.float64))
    opt = optim.SGD([p], lr=0.1, momentum=0.5, dampening=0.5)
    p.grad = torch.tensor([2.0], dtype=torch.float64)
    opt.step()
    assert_close(p, [0.8], rtol=0, atol=1e-15)
    p.grad = torch.tensor([4.0], dtype=torch.float64)
    opt.step()
    assert_close(p, [0.5], rtol=0, atol=1e-15)
    assert_close(opt.state[p]["momentum_buffer"], [3.0], rtol=0, atol=1e-15)


def test_first_adam_step_moves_each_parameter_by_lr_against_the_sign_of_g():
    # After one step m_hat = g and v_hat = g * g, so the update is
    # lr * g / (|g| + eps): lr times the sign of g, whatever g's size.
    p = nn.Parameter(torch.tensor([1.0, 1.0, 1.0], dtype=torch.float64))
    opt = optim.Adam([p], lr=0.25, eps=0.0)
    p.grad = torch.tensor([3.0, -1e-3, 50.0], dtype=torch.float64)
    opt.step()
    assert_close(p, [0.75, 1.25, 0.75], rtol=0, atol=1e-15)


@pytest.mark.parametrize(
    "make",
    [
        lambda ps: optim.SGD(ps, lr=0.1),
        lambda ps: optim.SGD(ps, lr=0.1, momentum=0.9, weight_decay=0.1),
        lambda ps: optim.SGD(ps, lr=0.1, momentum=0.9, nesterov=True),
        lambda ps: optim.Adam(ps, lr=0.1, weight_decay=0.1),
        lambda ps: optim.Adam(ps, lr=0.1, amsgrad=True),
    ],
    ids=["sgd", "sgd-momentum", "sgd-nesterov", "adam", "adam-amsgrad"],
)
def test_each_step_counts_one_in_place_change_per_parameter(make):
    a = nn.Parameter(torch.ones(3))
    b = nn.Parameter(torch.ones(2, 2))
    opt = make([a, b])
    for step in range(1, 4):
        a.grad = torch.full((3,), 0.5)
        b.grad = torch.full((2, 2), -0.5)
        opt.step()
        assert (a._version, b._version) == (step, step)


def test_adamw_step_counts_in_place_changes():
    p = nn.Parameter(torch.ones(3))
    opt = optim.AdamW([p], lr=0.1)
    p.grad = torch.ones(3)
    opt.step()
    assert p._version >= 1  # PyTorch counts its decay and its update apart


@pytest.mark.parametrize(
    "make",
    [
        lambda ps: optim.SGD(ps, lr=0.5, momentum=0.9),
        lambda ps: optim.Adam(ps, lr=0.5),
    ],
    ids=["sgd", "adam"],
)
def test_step_writes_into_the_parameter_so_its_views_see_the_update(make):
    p = nn.Parameter(torch.zeros(2, 3))
    opt = make([p])
    with torch.no_grad():
        row = p[0]
    p.grad = torch.ones(2, 3)
    opt.step()
    assert_close(row, p[0])
    assert to_np(p).max() < 0  # moved against the gradient


def test_step_records_nothing_even_with_gradients_on():
    p = nn.Parameter(torch.ones(2))
    opt = optim.Adam([p], lr=0.1, weight_decay=0.1)
    p.grad = torch.ones(2)
    with torch.enable_grad():
        opt.step()
    assert p.is_leaf and p.grad_fn is None and p.requires_grad
    state = opt.state[p]
    assert not any(v.requires_grad for v in state.values())


def test_momentum_buffer_is_a_copy_of_the_first_gradient():
    p = nn.Parameter(torch.zeros(2))
    opt = optim.SGD([p], lr=1.0, momentum=0.9)
    p.grad = torch.tensor([1.0, 2.0])
    opt.step()
    with torch.no_grad():
        p.grad.mul_(100.0)  # changing the gradient must not change the state
    assert_close(opt.state[p]["momentum_buffer"], [1.0, 2.0])


@pytest.mark.parametrize(
    "make, reference",
    [
        (
            lambda ps: optim.SGD(ps, lr=0.1, momentum=0.9),
            lambda start, grads: sgd_reference(start, grads, lr=0.1, momentum=0.9),
        ),
        (
            lambda ps: optim.Adam(ps, lr=0.1, amsgrad=True),
            lambda start, grads: adam_reference(start, grads, lr=0.1, amsgrad=True),
        ),
    ],
    ids=["sgd", "adam"],
)
def test_zero_dimensional_parameters_from_backward(make, reference):
    p = nn.Parameter(torch.tensor(1.5, dtype=torch.float64))
    opt = make([p])
    grads = []
    for _ in range(3):
        opt.zero_grad()
        (p * p * 0.5).backward()  # a 0-d gradient, made by the engine: p itself
        grads.append(to_np(p.grad))
        opt.step()
    expected = reference(np.array(1.5), grads)
    assert p.dim() == 0
    assert_close(p, expected[-1], rtol=1e-12, atol=1e-12)


def test_parameters_without_grad_are_skipped():
    a = nn.Parameter(torch.ones(2))
    b = nn.Parameter(torch.ones(2))
    opt = optim.SGD([a, b], lr=1.0, momentum=0.9)
    a.grad = torch.ones(2)
    opt.step()
    assert to_np(a).tolist() == [0.0, 0.0]
    assert to_np(b).tolist() == [1.0, 1.0]
    assert b not in opt.state or not opt.state[b]


def test_zero_grad():
    layer = nn.Linear(2, 1)
    opt = optim.SGD(layer.parameters(), lr=0.1)
    layer(torch.ones(3, 2)).sum().backward()
    opt.zero_grad(set_to_none=False)
    assert all(to_np(p.grad).sum() == 0 for p in layer.parameters())
    opt.zero_grad()
    assert all(p.grad is None for p in layer.parameters())


def test_param_groups_with_their_own_lr():
    a = nn.Parameter(torch.zeros(1))
    b = nn.Parameter(torch.zeros(1))
    opt = optim.SGD([{"params": [a]}, {"params": [b], "lr": 1.0}], lr=0.1, momentum=0.5)
    assert [g["lr"] for g in opt.param_groups] == [0.1, 1.0]
    assert opt.param_groups[1]["momentum"] == 0.5
    a.grad = torch.ones(1)
    b.grad = torch.ones(1)
    opt.step()
    assert_close(a, [-0.1])
    assert_close(b, [-1.0])


def test_closure_is_called_and_its_loss_returned():
    p = nn.Parameter(torch.tensor([3.0]))
    opt = optim.SGD([p], lr=0.1)

    def closure():
        opt.zero_grad()
        loss = (p * p).sum()
        loss.backward()
        return loss

    loss = opt.step(closure)
    assert loss.item() == 9.0
    assert_close(p, [3.0 - 0.1 * 6.0])


def test_bad_arguments():
    p = nn.Parameter(torch.ones(1))
    with pytest.raises(ValueError, match="optimizer got an empty parameter list"):
        optim.SGD([], lr=0.1)
    with pytest.raises(ValueError, match="Invalid learning rate: -1"):
        optim.SGD([p], lr=-1)
    with pytest.raises(ValueError, match="Nesterov momentum requires a momentum"):
        optim.SGD([p], lr=0.1, nesterov=True)
    with pytest.raises(ValueError, match="Invalid beta parameter at index 1: 1.0"):
        optim.Adam([p], betas=(0.9, 1.0))
    with pytest.raises(ValueError, match="Invalid epsilon value"):
        optim.Adam([p], eps=-1.0)
    with pytest.raises(TypeError):
        optim.SGD(p, lr=0.1)  # a tensor, not an iterable of tensors


def test_sgd_state_dict_layout():
    layer = nn.Linear(2, 1)
    opt = optim.SGD(layer.parameters(), lr=0.1, momentum=0.9)
    layer(torch.ones(1, 2)).sum().backward()
    opt.step()
    state = opt.state_dict()
    assert sorted(state) == ["param_groups", "state"]
    group = state["param_groups"][0]
    assert group["params"] == [0, 1]
    assert (group["lr"], group["momentum"], group["dampening"]) == (0.1, 0.9, 0)
    assert (group["weight_decay"], group["nesterov"]) == (0, False)
    assert sorted(state["state"]) == [0, 1]
    assert list(state["state"][0]) == ["momentum_buffer"]


def test_adam_state_dict_layout():
    p = nn.Parameter(torch.ones(2))
    opt = optim.Adam([p], lr=0.1)
    p.grad = torch.ones(2)
    opt.step()
    state = opt.state_dict()
    entry = state["state"][0]
    assert sorted(entry) == ["exp_avg", "exp_avg_sq", "step"]
    assert entry["step"].item() == 1.0
    assert_close(entry["exp_avg"], [0.1, 0.1])
    assert_close(entry["exp_avg_sq"], [0.001, 0.001])
    group = state["param_groups"][0]
    assert (group["lr"], group["betas"], group["eps"]) == (0.1, (0.9, 0.999), 1e-8)


@pytest.mark.parametrize("kind", ["sgd", "adam"])
def test_optimizer_state_dict_resumes_identically(kind):
    def make(params):
        if kind == "sgd":
            return optim.SGD(params, lr=0.05, momentum=0.9)
        return optim.Adam(params, lr=0.05)

    grads = gradient_sequence(3, seed=9)
    start = np.ones(3)
    p = nn.Parameter(torch.tensor(start))
    opt = make([p])
    for g in grads[:3]:
        p.grad = torch.tensor(g)
        opt.step()
    saved_params = to_np(p).copy()
    saved = copy.deepcopy(opt.state_dict())  # state_dict holds the live buffers
    for g in grads[3:]:
        p.grad = torch.tensor(g)
        opt.step()
    q = nn.Parameter(torch.tensor(saved_params))
    resumed = make([q])
    resumed.load_state_dict(saved)
    for g in grads[3:]:
        q.grad = torch.tensor(g)
        resumed.step()
    assert_close(q, p, rtol=1e-12, atol=1e-12)


def test_step_lr():
    p = nn.Parameter(torch.ones(1))
    opt = optim.SGD([p], lr=1.0)
    sched = optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
    lrs = []
    for _ in range(7):
        lrs.append(opt.param_groups[0]["lr"])
        p.grad = torch.ones(1)
        opt.step()
        sched.step()
    assert lrs == [1.0, 1.0, 0.5, 0.5, 0.25, 0.25, 0.125]
    assert sched.get_last_lr() == [0.125]
    assert sched.last_epoch == 7
    state = sched.state_dict()
    assert state["step_size"] == 2 and state["base_lrs"] == [1.0]


def test_step_lr_matches_closed_form_over_many_epochs():
    p = nn.Parameter(torch.ones(1))
    opt = optim.Adam([p], lr=0.3)
    sched = optim.lr_scheduler.StepLR(opt, step_size=3, gamma=0.1)
    for epoch in range(10):
        assert math.isclose(opt.param_groups[0]["lr"], 0.3 * 0.1 ** (epoch // 3))
        p.grad = torch.ones(1)
        opt.step()
        sched.step()


def test_scheduler_step_before_optimizer_step_warns():
    p = nn.Parameter(torch.ones(1))
    opt = optim.SGD([p], lr=1.0)
    sched = optim.lr_scheduler.StepLR(opt, step_size=1)
    with pytest.warns(UserWarning, match="before `optimizer.step"):
        sched.step()


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda p: optim.SGD(p, lr=-1), "Invalid learning rate: -1"),
        (lambda p: optim.SGD(p, lr=0.1, momentum=-1), "Invalid momentum value: -1"),
        (lambda p: optim.Adam(p, eps=-1), "Invalid epsilon value: -1"),
        (lambda p: optim.Adam(p, weight_decay=-1), "Invalid weight_decay value: -1"),
    ],
)
def test_negative_settings_are_refused_as_pytorch_refuses_them(make, message):
    with pytest.raises(ValueError, match=message):
        make([torch.zeros(2, requires_grad=True)])
