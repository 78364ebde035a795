"""nn.utils (gradient clipping) and nn.init (initialisers and their fans)."""

import math

import numpy as np
import pytest
from mg_testutil import assert_close, to_np, torch

nn = torch.nn


def params_with_grads(grads, dtype=None):
    params = []
    for g in grads:
        p = nn.Parameter(torch.zeros(*np.shape(g), dtype=dtype))
        p.grad = torch.tensor(g, dtype=p.dtype)
        params.append(p)
    return params


def total_norm(params, p=2.0):
    flat = np.concatenate([to_np(q.grad).ravel() for q in params])
    return np.abs(flat).max() if p == math.inf else (np.abs(flat) ** p).sum() ** (1 / p)


def test_clip_grad_norm_returns_pre_clip_norm_and_clips():
    rng = np.random.default_rng(0)
    params = params_with_grads(
        [rng.standard_normal((3, 2)) * 5, rng.standard_normal(4)]
    )
    before = total_norm(params)
    directions = [to_np(p.grad) / before for p in params]
    norm = nn.utils.clip_grad_norm_(params, max_norm=1.0)
    assert norm.dim() == 0 and norm.dtype == torch.float32
    assert_close(norm, before, rtol=1e-6)
    assert total_norm(params) <= 1.0 + 1e-6
    for p, d in zip(params, directions):  # same direction, only shorter
        assert_close(to_np(p.grad) / total_norm(params), d, rtol=1e-5, atol=1e-6)


def test_clip_grad_norm_leaves_small_gradients_alone():
    params = params_with_grads([[0.3, 0.4]])
    norm = nn.utils.clip_grad_norm_(params, max_norm=1.0)
    assert_close(norm, 0.5)
    assert_close(params[0].grad, [0.3, 0.4], rtol=1e-6)


@pytest.mark.parametrize("norm_type", [1.0, 3.0, math.inf])
def test_clip_grad_norm_other_norms(norm_type):
    rng = np.random.default_rng(1)
    params = params_with_grads(
        [rng.standard_normal(5) * 3, rng.standard_normal((2, 2))]
    )
    before = total_norm(params, norm_type)
    norm = nn.utils.clip_grad_norm_(params, max_norm=0.5, norm_type=norm_type)
    assert_close(norm, before, rtol=1e-6)
    assert total_norm(params, norm_type) <= 0.5 + 1e-6


def test_clip_grad_norm_single_tensor_skips_missing_grads():
    p = nn.Parameter(torch.zeros(2))
    q = nn.Parameter(torch.zeros(2))  # no grad
    p.grad = torch.tensor([3.0, 4.0])
    assert_close(nn.utils.clip_grad_norm_(p, 1.0), 5.0)
    assert_close(p.grad, [0.6, 0.8], rtol=1e-5)
    assert_close(nn.utils.clip_grad_norm_([p, q], 10.0), 1.0, rtol=1e-5)
    assert nn.utils.clip_grad_norm_([q], 1.0).item() == 0.0


def test_clip_grad_norm_nonfinite():
    params = params_with_grads([[float("inf"), 1.0]])
    with pytest.raises(RuntimeError, match="non-finite"):
        nn.utils.clip_grad_norm_(params, 1.0, error_if_nonfinite=True)


def test_clip_grad_norm_float64():
    params = params_with_grads([[3.0, 4.0]], dtype=torch.float64)
    norm = nn.utils.clip_grad_norm_(params, 1.0)
    assert norm.dtype == torch.float64


def test_clip_grad_value():
    params = params_with_grads([[-3.0, 0.5, 2.0]])
    assert nn.utils.clip_grad_value_(params, 1.0) is None
    assert_close(params[0].grad, [-1.0, 0.5, 1.0])


def test_clip_in_a_training_step():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 8), nn.ReLU(), nn.Linear(8, 1))
    x, y = torch.randn(16, 3) * 10, torch.randn(16, 1) * 10
    nn.MSELoss()(model(x), y).backward()
    before = nn.utils.clip_grad_norm_(model.parameters(), 0.1)
    assert before.item() > 0.1
    after = nn.utils.clip_grad_norm_(model.parameters(), 1e9)
    assert after.item() <= 0.1 + 1e-6


# --------------------------------------------------------------------- init


def test_calculate_gain():
    init = nn.init
    assert init.calculate_gain("linear") == 1.0
    assert init.calculate_gain("sigmoid") == 1.0
    assert init.calculate_gain("tanh") == 5.0 / 3
    assert init.calculate_gain("relu") == math.sqrt(2.0)
    assert init.calculate_gain("leaky_relu", 0.2) == math.sqrt(2.0 / 1.04)
    with pytest.raises(ValueError):
        init.calculate_gain("swish")


def test_constant_initialisers_in_place_and_returned():
    w = nn.Parameter(torch.empty(3, 4))
    assert nn.init.zeros_(w) is w
    assert to_np(w).sum() == 0
    nn.init.ones_(w)
    assert to_np(w).sum() == 12
    nn.init.constant_(w, 0.5)
    assert (to_np(w) == 0.5).all()
    assert w.is_leaf and w.requires_grad and w.dtype == torch.float32


def test_uniform_and_normal():
    torch.manual_seed(0)
    w = torch.empty(200, 100)
    nn.init.uniform_(w, -2.0, 3.0)
    v = to_np(w)
    assert v.min() >= -2.0 and v.max() < 3.0 and abs(v.mean() - 0.5) < 0.05
    nn.init.normal_(w, mean=1.0, std=2.0)
    v = to_np(w)
    assert abs(v.mean() - 1.0) < 0.05 and abs(v.std() - 2.0) < 0.05


def test_xavier_uniform_bound():
    torch.manual_seed(0)
    w = torch.empty(300, 200)
    nn.init.xavier_uniform_(w, gain=2.0)
    bound = 2.0 * math.sqrt(6.0 / 500)
    v = to_np(w)
    assert v.min() >= -bound and v.max() <= bound
    assert abs(v.std() - bound / math.sqrt(3)) < 0.02 * bound


@pytest.mark.parametrize("mode, fan", [("fan_in", 200), ("fan_out", 300)])
def test_kaiming_uniform_bound(mode, fan):
    torch.manual_seed(0)
    w = torch.empty(300, 200)
    nn.init.kaiming_uniform_(w, mode=mode, nonlinearity="relu")
    bound = math.sqrt(2.0) * math.sqrt(3.0 / fan)
    v = to_np(w)
    assert v.min() >= -bound and v.max() <= bound
    assert abs(v.std() - bound / math.sqrt(3)) < 0.02 * bound


def test_kaiming_uniform_sqrt5_gives_linear_default_bound():
    w = torch.empty(10, 16)
    nn.init.kaiming_uniform_(w, a=math.sqrt(5))
    assert np.abs(to_np(w)).max() <= 1 / math.sqrt(16)


def test_fans_need_two_dimensions():
    with pytest.raises(ValueError, match="fewer than 2 dimensions"):
        nn.init.xavier_uniform_(torch.empty(5))
