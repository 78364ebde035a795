"""`optim.RMSprop` and `optim.Adagrad`: defaults, update rules (a hand-computed
first step, numpy references over several steps, and numbers read off PyTorch
2.13 for a small problem), state, errors.
"""

import numpy as np
import pytest
from mg_testutil import assert_close, to_np, torch

nn = torch.nn
optim = torch.optim


def rmsprop_reference(
    p,
    grads,
    lr=1e-2,
    alpha=0.99,
    eps=1e-8,
    weight_decay=0.0,
    momentum=0.0,
    centered=False,
):
    """PyTorch's documented RMSprop rule, in numpy."""
    p = np.array(p, dtype=np.float64)
    v, m, b = np.zeros_like(p), np.zeros_like(p), np.zeros_like(p)
    for g in grads:
        g = g + weight_decay * p
        v = alpha * v + (1 - alpha) * g * g
        if centered:
            m = alpha * m + (1 - alpha) * g
            avg = np.sqrt(v - m * m) + eps
        else:
            avg = np.sqrt(v) + eps
        if momentum > 0:
            b = momentum * b + g / avg
            p = p - lr * b
        else:
            p = p - lr * g / avg
    return p


def adagrad_reference(
    p,
    grads,
    lr=1e-2,
    lr_decay=0.0,
    weight_decay=0.0,
    initial_accumulator_value=0.0,
    eps=1e-10,
):
    """PyTorch's documented Adagrad rule, in numpy."""
    p = np.array(p, dtype=np.float64)
    s = np.full_like(p, initial_accumulator_value)
    for t, g in enumerate(grads, start=1):
        g = g + weight_decay * p
        clr = lr / (1 + (t - 1) * lr_decay)
        s = s + g * g
        p = p - clr * g / (np.sqrt(s) + eps)
    return p


def feed(make, start, grads):
    p = nn.Parameter(torch.tensor(start, dtype=torch.float64))
    opt = make([p])
    for g in grads:
        p.grad = torch.tensor(g)
        opt.step()
    return p, opt


GRADS = [np.random.default_rng(s).standard_normal(3) for s in range(6)]
START = [1.0, -2.0, 0.5]


@pytest.mark.parametrize(
    "settings",
    [
        {},
        {"lr": 0.1},
        {"momentum": 0.9},
        {"centered": True},
        {
            "centered": True,
            "momentum": 0.5,
            "weight_decay": 0.1,
            "alpha": 0.9,
            "eps": 1e-3,
        },
    ],
)
def test_rmsprop_follows_its_update_rule(settings):
    p, _ = feed(lambda ps: optim.RMSprop(ps, **settings), START, GRADS)
    assert_close(p, rmsprop_reference(START, GRADS, **settings), rtol=1e-12, atol=0)


@pytest.mark.parametrize(
    "settings",
    [
        {},
        {"lr": 0.1},
        {"lr": 0.1, "lr_decay": 0.5},
        {"lr": 0.1, "weight_decay": 0.2, "initial_accumulator_value": 0.3, "eps": 1e-3},
    ],
)
def test_adagrad_follows_its_update_rule(settings):
    p, _ = feed(lambda ps: optim.Adagrad(ps, **settings), START, GRADS)
    assert_close(p, adagrad_reference(START, GRADS, **settings), rtol=1e-12, atol=0)


def test_first_steps_by_hand():
    # RMSprop, g = 2: v = 0.01 * 4 = 0.04, avg = 0.2 (+1e-8), step = lr * 2 / 0.2
    p, _ = feed(lambda ps: optim.RMSprop(ps, lr=0.01), [1.0], [np.array([2.0])])
    assert to_np(p)[0] == pytest.approx(1.0 - 0.01 * 2 / (0.2 + 1e-8), abs=1e-15)
    # Adagrad, g = 2: s = 4, step = lr * 2 / (2 + 1e-10) = lr (almost)
    p, _ = feed(lambda ps: optim.Adagrad(ps, lr=0.5), [1.0], [np.array([2.0])])
    assert to_np(p)[0] == pytest.approx(1.0 - 0.5 * 2 / (2 + 1e-10), abs=1e-15)


def cubic_run(make, steps=3):
    """The small problem whose numbers were read off PyTorch 2.13."""
    p = torch.tensor([1.0, -2.0, 0.5], dtype=torch.float64, requires_grad=True)
    opt = make([p])
    for _ in range(steps):
        opt.zero_grad()
        loss = (p**3).sum() + (p * p).sum() * 0.5
        loss.backward()
        opt.step()
    return to_np(p), opt.state[p]


@pytest.mark.parametrize(
    "make, expected",
    [
        (
            lambda ps: optim.RMSprop(ps),
            [0.7864544502335377, -2.2374301087946136, 0.3006338948848491],
        ),
        (
            lambda ps: optim.RMSprop(ps, lr=0.05, momentum=0.9),
            [-0.6312383915179287, -4.591079686430128, -0.9181270167531408],
        ),
        (
            lambda ps: optim.RMSprop(
                ps,
                lr=0.05,
                centered=True,
                momentum=0.5,
                weight_decay=0.1,
                alpha=0.9,
                eps=1e-3,
            ),
            [0.4778216783292542, -2.6293113096640166, 0.04656797370739379],
        ),
        (
            lambda ps: optim.RMSprop(ps, lr=0.05, maximize=True),
            [2.3633973572504368, -1.1156424940139182, 1.9211884189852513],
        ),
        (
            lambda ps: optim.Adagrad(ps),
            [0.9772997524757208, -2.022934117307695, 0.4774211896457302],
        ),
        (
            lambda ps: optim.Adagrad(ps, lr=0.1, lr_decay=0.5),
            [0.8319897877676039, -2.1804106245216506, 0.33950691091541335],
        ),
        (
            lambda ps: optim.Adagrad(
                ps, lr=0.1, weight_decay=0.2, initial_accumulator_value=0.3, eps=1e-3
            ),
            [0.7878693160493759, -2.2368879163727455, 0.31033036885514703],
        ),
        (
            lambda ps: optim.Adagrad(ps, lr=0.05, maximize=True),
            [1.1176547498466414, -1.8880820839632104, 0.6202544239117748],
        ),
    ],
)
def test_numbers_read_off_pytorch(make, expected):
    values, state = cubic_run(make)
    np.testing.assert_allclose(values, expected, rtol=1e-12)
    assert state["step"].item() == 3.0


def test_state_as_pytorch_names_it():
    _, state = cubic_run(lambda ps: optim.RMSprop(ps, lr=0.05, centered=True))
    assert sorted(state) == ["grad_avg", "square_avg", "step"]
    np.testing.assert_allclose(
        to_np(state["grad_avg"]),
        [0.058579816564194545, 0.488022107764574, 0.012211480884258132],
        rtol=1e-12,
    )
    _, state = cubic_run(lambda ps: optim.RMSprop(ps, lr=0.05, momentum=0.9))
    assert sorted(state) == ["momentum_buffer", "square_avg", "step"]
    _, state = cubic_run(lambda ps: optim.Adagrad(ps, lr=0.1))
    np.testing.assert_allclose(
        to_np(state["sum"]),
        [35.690242228491044, 368.1044142786256, 2.8188393648585888],
        rtol=1e-12,
    )


def test_defaults_as_pytorch():
    p = nn.Parameter(torch.ones(2))
    rms = optim.RMSprop([p]).defaults
    assert (rms["lr"], rms["alpha"], rms["eps"], rms["weight_decay"]) == (
        0.01,
        0.99,
        1e-08,
        0,
    )
    assert (rms["momentum"], rms["centered"], rms["maximize"]) == (0, False, False)
    ada = optim.Adagrad([p]).defaults
    assert (ada["lr"], ada["lr_decay"], ada["weight_decay"], ada["eps"]) == (
        0.01,
        0,
        0,
        1e-10,
    )
    assert ada["initial_accumulator_value"] == 0


def test_adagrad_state_exists_before_the_first_step_as_pytorch():
    p = nn.Parameter(torch.ones(2))
    opt = optim.Adagrad([p], initial_accumulator_value=0.5)
    state = opt.state_dict()["state"][0]
    assert state["step"].item() == 0.0
    np.testing.assert_array_equal(to_np(state["sum"]), [0.5, 0.5])


@pytest.mark.parametrize("make", [optim.RMSprop, optim.Adagrad])
def test_float32_parameters_stay_float32_and_each_step_bumps_the_version(make):
    p = nn.Parameter(torch.tensor([1.0, 2.0]))
    opt = make([p], lr=0.1)
    for _ in range(3):
        p.grad = torch.tensor([0.5, -1.0])
        before = p._version
        opt.step()
        assert p._version == before + 1
    assert p.dtype == torch.float32 and p.is_leaf and p.grad_fn is None


@pytest.mark.parametrize(
    "make",
    [
        lambda ps: optim.RMSprop(ps, lr=0.05, momentum=0.5, centered=True),
        lambda ps: optim.Adagrad(ps, lr=0.05, lr_decay=0.1),
    ],
)
def test_state_dict_resumes_identically(make):
    straight, _ = feed(make, START, GRADS[:4])
    half, opt = feed(make, START, GRADS[:2])
    p = nn.Parameter(half.detach().clone())
    resumed = make([p])
    resumed.load_state_dict(opt.state_dict())
    for g in GRADS[2:4]:
        p.grad = torch.tensor(g)
        resumed.step()
    assert_close(p, to_np(straight), rtol=1e-12, atol=0)
    assert resumed.state[p]["step"].item() == 4.0


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda p: optim.RMSprop(p, lr=-1), "Invalid learning rate: -1"),
        (lambda p: optim.RMSprop(p, alpha=-1), "Invalid alpha value: -1"),
        (lambda p: optim.RMSprop(p, eps=-1), "Invalid epsilon value: -1"),
        (lambda p: optim.RMSprop(p, momentum=-1), "Invalid momentum value: -1"),
        (lambda p: optim.RMSprop(p, weight_decay=-1), "Invalid weight_decay value"),
        (lambda p: optim.Adagrad(p, lr=-1), "Invalid learning rate: -1"),
        (lambda p: optim.Adagrad(p, lr_decay=-1), "Invalid lr_decay value: -1"),
        (lambda p: optim.Adagrad(p, weight_decay=-1), "Invalid weight_decay value"),
        (
            lambda p: optim.Adagrad(p, initial_accumulator_value=-1),
            "Invalid initial_accumulator_value value: -1",
        ),
        (lambda p: optim.Adagrad(p, eps=-1), "Invalid epsilon value: -1"),
    ],
)
def test_bad_arguments_as_pytorch(make, message):
    with pytest.raises(ValueError, match=message):
        make([nn.Parameter(torch.ones(2))])
