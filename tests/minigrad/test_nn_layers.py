"""Layers: Linear, activations, Dropout, Identity; values, initialisation,
gradients against central differences (float64), and bad input.
"""

import math
import re
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from mg_testutil import assert_close, hyp, numerical_vjp, to_np, torch
from nn_testutil import check_gradients

nn = torch.nn
F = torch.nn.functional

RNG = np.random.default_rng(0)


def test_linear_shapes_and_default_init_bounds():
    torch.manual_seed(0)
    layer = nn.Linear(25, 40)
    assert tuple(layer.weight.shape) == (40, 25)
    assert tuple(layer.bias.shape) == (40,)
    assert layer.weight.dtype == torch.float32
    bound = 1 / math.sqrt(25)
    for p in (layer.weight, layer.bias):
        values = to_np(p)
        assert values.min() >= -bound and values.max() <= bound
        assert values.max() - values.min() > 1.2 * bound  # spread over the range
    # Uniform on [-b, b] has standard deviation b / sqrt(3).
    assert abs(to_np(layer.weight).std() - bound / math.sqrt(3)) < 0.1 * bound


def test_linear_init_is_reproducible_with_manual_seed():
    torch.manual_seed(3)
    a = nn.Linear(3, 2)
    torch.manual_seed(3)
    b = nn.Linear(3, 2)
    assert_close(a.weight, b.weight, rtol=0, atol=0)
    assert_close(a.bias, b.bias, rtol=0, atol=0)


def test_linear_computes_x_wt_plus_b():
    layer = nn.Linear(3, 2)
    x = RNG.standard_normal((4, 3)).astype(np.float32)
    expected = x @ to_np(layer.weight).T + to_np(layer.bias)
    assert_close(layer(torch.tensor(x)), expected)
    no_bias = nn.Linear(3, 2, bias=False)
    assert no_bias.bias is None
    assert [n for n, _ in no_bias.named_parameters()] == ["weight"]
    assert_close(no_bias(torch.tensor(x)), x @ to_np(no_bias.weight).T)


def test_linear_on_1d_and_3d_inputs():
    layer = nn.Linear(3, 2)
    assert tuple(layer(torch.ones(3)).shape) == (2,)
    assert tuple(layer(torch.ones(5, 4, 3)).shape) == (5, 4, 2)


def test_flatten():
    layer = nn.Flatten()
    assert repr(layer) == "Flatten(start_dim=1, end_dim=-1)"
    x = torch.tensor(RNG.standard_normal((2, 3, 4)))
    assert tuple(layer(x).shape) == (2, 12)
    assert tuple(nn.Flatten(0, 1)(x).shape) == (6, 4)
    check_gradients(layer, to_np(x))


def test_linear_dtype_argument():
    layer = nn.Linear(2, 2, dtype=torch.float64)
    assert layer.weight.dtype == torch.float64 and layer.bias.dtype == torch.float64


@pytest.mark.parametrize(
    "shape, expected",
    [((4, 3), "(4x3 and 2x16)"), ((5, 4, 3), "(20x3 and 2x16)")],
)
def test_linear_wrong_feature_size_names_both_sizes(shape, expected):
    layer = nn.Linear(2, 16)
    with pytest.raises(
        RuntimeError,
        match=re.escape(f"mat1 and mat2 shapes cannot be multiplied {expected}"),
    ):
        layer(torch.ones(*shape))


def test_linear_refuses_another_dtype_as_pytorch():
    layer = nn.Linear(3, 2)
    with pytest.raises(
        RuntimeError,
        match=re.escape(
            "mat1 and mat2 must have the same dtype, but got Double and Float"
        ),
    ):
        layer(torch.ones(4, 3, dtype=torch.float64))
    with pytest.raises(RuntimeError, match="got Long and Float"):
        layer(torch.ones(4, 3, dtype=torch.int64))


def test_linear_gradients_against_central_differences():
    x = RNG.standard_normal((4, 3))
    w = RNG.standard_normal((2, 3))
    b = RNG.standard_normal(2)
    check_gradients(F.linear, x, w, b)
    check_gradients(lambda x, w: F.linear(x, w), x, w)


def test_linear_module_gradients_match_the_formulas():
    layer = nn.Linear(3, 2).double()
    x = torch.tensor(RNG.standard_normal((4, 3)), requires_grad=True)
    layer(x).pow(2).sum().backward()
    w = to_np(layer.weight)
    b = to_np(layer.bias)
    # d/dW sum((xW^T + b)^2) = 2 (xW^T + b)^T x, d/db = 2 sum(xW^T + b)
    y = to_np(x) @ w.T + b
    assert_close(layer.weight.grad, 2 * y.T @ to_np(x))
    assert_close(layer.bias.grad, 2 * y.sum(0))
    assert_close(x.grad, 2 * y @ w)


ACTIVATIONS = [
    ("ReLU", lambda x: np.maximum(x, 0)),
    ("Tanh", np.tanh),
    ("Sigmoid", lambda x: 1 / (1 + np.exp(-x))),
    ("LeakyReLU", lambda x: np.where(x > 0, x, 0.01 * x)),
    ("Identity", lambda x: x),
]


@pytest.mark.parametrize(
    "name, reference", ACTIVATIONS, ids=[a[0] for a in ACTIVATIONS]
)
def test_activation_values(name, reference):
    x = RNG.standard_normal((3, 4))
    layer = getattr(nn, name)()
    assert_close(layer(torch.tensor(x)), reference(x), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("name", [a[0] for a in ACTIVATIONS])
def test_activation_gradients(name):
    x = RNG.standard_normal((3, 4))
    x[np.abs(x) < 0.05] = 0.5  # keep away from the kink of relu at 0
    check_gradients(getattr(nn, name)(), x)


def test_leaky_relu_slope_and_gradient():
    layer = nn.LeakyReLU(0.2)
    x = torch.tensor([-2.0, 0.0, 3.0], requires_grad=True)
    y = layer(x)
    assert_close(y, [-0.4, 0.0, 3.0])
    y.sum().backward()
    assert_close(x.grad, [0.2, 0.2, 1.0])  # PyTorch: slope at exactly 0
    check_gradients(lambda t: F.leaky_relu(t, 0.3), RNG.standard_normal(5) + 0.1)


@pytest.mark.parametrize("dim", [0, 1, -1])
def test_softmax_and_log_softmax(dim):
    x = RNG.standard_normal((3, 4))
    e = np.exp(x - x.max(axis=dim, keepdims=True))
    expected = e / e.sum(axis=dim, keepdims=True)
    assert_close(nn.Softmax(dim=dim)(torch.tensor(x)), expected)
    assert_close(nn.LogSoftmax(dim=dim)(torch.tensor(x)), np.log(expected))
    check_gradients(nn.Softmax(dim=dim), x)
    check_gradients(nn.LogSoftmax(dim=dim), x)


def test_softmax_without_dim_warns_and_uses_pytorch_choice():
    x = torch.tensor(RNG.standard_normal((2, 3)))
    with pytest.warns(UserWarning, match="Implicit dimension choice"):
        y = F.softmax(x)
    assert_close(to_np(y).sum(axis=1), [1.0, 1.0])


def test_logsigmoid_is_stable_far_left():
    x = torch.tensor([-200.0, -50.0, 0.0, 50.0], requires_grad=True)
    y = F.logsigmoid(x)
    assert_close(y, [-200.0, -50.0, -math.log(2), 0.0], rtol=1e-6, atol=1e-6)
    y.sum().backward()
    assert np.isfinite(to_np(x.grad)).all()
    assert_close(x.grad, [1.0, 1.0, 0.5, 0.0], atol=1e-6)
    check_gradients(F.logsigmoid, np.array([-40.0, -3.0, 0.0, 2.0, 35.0]))


def test_dropout_train_and_eval():
    torch.manual_seed(0)
    layer = nn.Dropout(p=0.25)
    x = torch.ones(2000)
    y = to_np(layer(x))
    kept = y != 0
    assert_close(y[kept], np.full(kept.sum(), 1 / 0.75))  # survivors scaled
    assert 0.2 < 1 - kept.mean() < 0.3
    layer.eval()
    assert layer(x) is x
    assert nn.Dropout(p=0.0)(x) is x
    assert to_np(nn.Dropout(p=1.0)(x)).sum() == 0


def test_dropout_gradient_uses_the_same_mask():
    torch.manual_seed(0)
    x = torch.ones(100, requires_grad=True)
    y = F.dropout(x, p=0.5, training=True)
    y.sum().backward()
    assert_close(x.grad, to_np(y))  # d(x * mask * 2)/dx = mask * 2 = y at x = 1


def test_dropout_bad_probability():
    with pytest.raises(
        ValueError, match="dropout probability has to be between 0 and 1"
    ):
        nn.Dropout(1.5)
    with pytest.raises(
        ValueError, match="dropout probability has to be between 0 and 1"
    ):
        F.dropout(torch.ones(2), p=-0.1)


def test_dropout_is_reproducible_with_manual_seed():
    torch.manual_seed(7)
    a = to_np(F.dropout(torch.ones(50)))
    torch.manual_seed(7)
    b = to_np(F.dropout(torch.ones(50)))
    assert (a == b).all()


def test_mlp_gradients_end_to_end():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 5), nn.Tanh(), nn.Linear(5, 2), nn.Sigmoid())
    model.double()
    params = list(model.parameters())
    x = RNG.standard_normal((4, 3))

    def run(x, *values):
        with torch.no_grad():
            for p, v in zip(params, values):
                p.copy_(v)
        return model(x)

    # Central differences over the parameters (set with copy_) against backward.
    values = [to_np(p).copy() for p in params]
    out = model(torch.tensor(x))
    cot = RNG.standard_normal(tuple(out.shape))
    out.backward(torch.tensor(cot))
    analytic = [to_np(p.grad).copy() for p in params]

    def as_numpy(*arrays):
        with torch.no_grad():
            return to_np(run(torch.tensor(x), *[torch.tensor(a) for a in arrays]))

    numeric = numerical_vjp(as_numpy, values, cot)
    for a, n in zip(analytic, numeric):
        assert_close(a, n, rtol=1e-5, atol=1e-7)


def test_warning_free_forward():
    model = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model(torch.ones(4, 2)).sum().backward()


@hyp(max_examples=25)
@given(
    batch=st.lists(st.integers(1, 4), min_size=0, max_size=2),
    in_features=st.integers(1, 6),
    out_features=st.integers(1, 6),
    bias=st.booleans(),
)
def test_linear_any_shape_matches_numpy_and_backward(
    batch, in_features, out_features, bias
):
    torch.manual_seed(0)
    layer = nn.Linear(in_features, out_features, bias=bias).double()
    x = np.random.default_rng(len(batch)).standard_normal((*batch, in_features))
    xt = torch.tensor(x, requires_grad=True)
    out = layer(xt)
    w = to_np(layer.weight)
    expected = x @ w.T + (to_np(layer.bias) if bias else 0.0)
    assert tuple(out.shape) == (*batch, out_features)
    assert_close(out, expected, rtol=1e-12, atol=1e-12)
    out.sum().backward()
    assert_close(xt.grad, np.broadcast_to(w.sum(0), x.shape), rtol=1e-12, atol=1e-12)
    rows = x.reshape(-1, in_features)
    assert_close(
        layer.weight.grad, np.broadcast_to(rows.sum(0), w.shape), rtol=1e-10, atol=1e-12
    )
    if bias:
        assert_close(layer.bias.grad, np.full(out_features, float(rows.shape[0])))
