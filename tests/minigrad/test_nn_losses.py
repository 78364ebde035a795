"""Losses: values against numpy formulas, every reduction, gradients against
central differences (float64), and shape mistakes.
"""

import math
import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from mg_testutil import (
    PREFIX,
    assert_close,
    hyp,
    minigrad_only,
    to_np,
    torch,
)
from nn_testutil import check_gradients, log_softmax_np

nn = torch.nn
F = torch.nn.functional

RNG = np.random.default_rng(1)
REDUCTIONS = ["mean", "sum", "none"]


def reduce_np(loss, reduction):
    return {"mean": np.mean, "sum": np.sum, "none": lambda v: v}[reduction](loss)


# --------------------------------------------------------- regression losses


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_mse_and_l1_values(reduction):
    a, b = RNG.standard_normal((4, 3)), RNG.standard_normal((4, 3))
    ta, tb = torch.tensor(a), torch.tensor(b)
    assert_close(
        nn.MSELoss(reduction=reduction)(ta, tb), reduce_np((a - b) ** 2, reduction)
    )
    assert_close(
        nn.L1Loss(reduction=reduction)(ta, tb), reduce_np(np.abs(a - b), reduction)
    )


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_mse_and_l1_gradients(reduction):
    a, b = RNG.standard_normal((4, 3)), RNG.standard_normal((4, 3))
    check_gradients(lambda x, y: F.mse_loss(x, y, reduction=reduction), a, b)
    check_gradients(lambda x, y: F.l1_loss(x, y, reduction=reduction), a, b)


def test_mse_float32_by_default():
    loss = nn.MSELoss()(torch.tensor([1.0, 2.0]), torch.tensor([1.0, 4.0]))
    assert loss.dtype == torch.float32 and loss.dim() == 0
    assert loss.item() == 2.0


@minigrad_only
@pytest.mark.parametrize("loss", [nn.MSELoss(), nn.L1Loss()])
def test_regression_loss_refuses_mismatched_shapes(loss):
    # PyTorch broadcasts (4, 1) against (4,) into (4, 4) with a warning.
    with pytest.raises(ValueError) as err:
        loss(torch.zeros(4, 1), torch.zeros(4))
    message = str(err.value)
    assert f"{PREFIX}.Size([4])" in message and f"{PREFIX}.Size([4, 1])" in message


def test_bad_reduction():
    with pytest.raises(ValueError, match="avg is not a valid value for reduction"):
        F.mse_loss(torch.zeros(2), torch.zeros(2), reduction="avg")


# ------------------------------------------------------------- cross-entropy


def ce_reference(x, t, weight=None, ignore_index=-100, reduction="mean", smoothing=0.0):
    """PyTorch's documented cross-entropy, in numpy, for (N, C) logits."""
    logp = log_softmax_np(x, axis=1)
    n, c = x.shape
    w = np.ones(c) if weight is None else weight
    keep = t != ignore_index
    safe = np.where(keep, t, 0)
    nll = -logp[np.arange(n), safe] * w[safe] * keep
    smooth = -(logp * w).sum(axis=1) * keep
    if reduction == "none":
        return (1 - smoothing) * nll + smoothing / c * smooth
    if reduction == "sum":
        return (1 - smoothing) * nll.sum() + smoothing / c * smooth.sum()
    total = (w[safe] * keep).sum()
    return (1 - smoothing) * nll.sum() / total + smoothing / c * smooth.sum() / total


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_cross_entropy_values(reduction):
    x = RNG.standard_normal((5, 4))
    t = np.array([0, 3, 1, 1, 2])
    loss = nn.CrossEntropyLoss(reduction=reduction)(torch.tensor(x), torch.tensor(t))
    assert_close(loss, ce_reference(x, t, reduction=reduction))


def test_cross_entropy_known_value():
    # Equal logits over 4 classes: -log(1/4).
    loss = nn.CrossEntropyLoss()(torch.zeros(2, 4), torch.tensor([1, 3]))
    assert abs(loss.item() - math.log(4)) < 1e-6
    assert loss.dtype == torch.float32


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("smoothing", [0.0, 0.2])
def test_cross_entropy_weight_ignore_index_smoothing(reduction, smoothing):
    x = RNG.standard_normal((6, 3))
    t = np.array([0, 2, -100, 1, 2, 0])
    w = np.array([0.5, 2.0, 1.5])
    got = F.cross_entropy(
        torch.tensor(x),
        torch.tensor(t),
        weight=torch.tensor(w),
        reduction=reduction,
        label_smoothing=smoothing,
    )
    assert_close(got, ce_reference(x, t, w, -100, reduction, smoothing))
    check_gradients(
        lambda v: F.cross_entropy(
            v,
            torch.tensor(t),
            weight=torch.tensor(w),
            reduction=reduction,
            label_smoothing=smoothing,
        ),
        x,
    )


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_cross_entropy_gradients(reduction):
    x = RNG.standard_normal((5, 4))
    t = torch.tensor([0, 3, 1, 1, 2])
    check_gradients(lambda v: F.cross_entropy(v, t, reduction=reduction), x)


def test_cross_entropy_gradient_is_softmax_minus_onehot():
    x = RNG.standard_normal((3, 4))
    t = [2, 0, 3]
    logits = torch.tensor(x, requires_grad=True)
    F.cross_entropy(logits, torch.tensor(t)).backward()
    p = np.exp(log_softmax_np(x, 1))
    assert_close(logits.grad, (p - np.eye(4)[t]) / 3)


def test_cross_entropy_with_probability_targets():
    x = RNG.standard_normal((4, 3))
    q = np.exp(log_softmax_np(RNG.standard_normal((4, 3)), 1))
    expected = -(q * log_softmax_np(x, 1)).sum(1).mean()
    assert_close(F.cross_entropy(torch.tensor(x), torch.tensor(q)), expected)
    check_gradients(lambda v, p: F.cross_entropy(v, p), x, q)


def test_cross_entropy_unbatched_and_spatial():
    x = RNG.standard_normal(4)
    loss = F.cross_entropy(torch.tensor(x), torch.tensor(2))
    assert_close(loss, -log_softmax_np(x, 0)[2])
    x = RNG.standard_normal((2, 3, 5))
    t = RNG.integers(0, 3, size=(2, 5))
    expected = -np.take_along_axis(log_softmax_np(x, 1), t[:, None, :], 1).mean()
    assert_close(F.cross_entropy(torch.tensor(x), torch.tensor(t)), expected)


def test_nll_loss_after_log_softmax_equals_cross_entropy():
    x = torch.tensor(RNG.standard_normal((5, 3)))
    t = torch.tensor([0, 2, 1, 1, 0])
    assert_close(nn.NLLLoss()(nn.LogSoftmax(dim=1)(x), t), F.cross_entropy(x, t))


def test_cross_entropy_batch_size_mismatch():
    with pytest.raises(
        ValueError,
        match=re.escape(
            "Expected input batch_size (4) to match target batch_size (3)."
        ),
    ):
        F.cross_entropy(torch.zeros(4, 3), torch.tensor([0, 1, 2]))


def test_cross_entropy_target_out_of_range():
    with pytest.raises(IndexError, match="Target 3 is out of bounds."):
        F.cross_entropy(torch.zeros(4, 3), torch.tensor([0, 1, 2, 3]))


def test_cross_entropy_float_class_targets_of_wrong_shape():
    with pytest.raises((RuntimeError, ValueError)):
        F.cross_entropy(torch.zeros(4, 3), torch.tensor([0.0, 1.0, 2.0, 1.0]))


# ---------------------------------------------------------- binary losses


def bce_np(p, t):
    return -(
        t * np.maximum(np.log(p), -100) + (1 - t) * np.maximum(np.log(1 - p), -100)
    )


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_bce_values_and_gradients(reduction):
    p = RNG.uniform(0.05, 0.95, size=(4, 2))
    t = RNG.uniform(0, 1, size=(4, 2))
    got = nn.BCELoss(reduction=reduction)(torch.tensor(p), torch.tensor(t))
    assert_close(got, reduce_np(bce_np(p, t), reduction))
    check_gradients(
        lambda a, b: F.binary_cross_entropy(a, b, reduction=reduction), p, t
    )


def test_bce_weight():
    p = RNG.uniform(0.05, 0.95, size=(3, 2))
    t = (RNG.uniform(size=(3, 2)) > 0.5).astype(float)
    w = np.array([1.0, 3.0])
    got = nn.BCELoss(weight=torch.tensor(w))(torch.tensor(p), torch.tensor(t))
    assert_close(got, (bce_np(p, t) * w).mean())


def test_bce_clamps_log_at_minus_100():
    p = torch.tensor([0.0, 1.0, 0.0, 1.0], requires_grad=True)
    t = torch.tensor([1.0, 0.0, 0.0, 1.0])
    loss = F.binary_cross_entropy(p, t, reduction="none")
    assert_close(loss, [100.0, 100.0, 0.0, 0.0])
    loss.sum().backward()
    assert np.isfinite(to_np(p.grad)).all()


def test_bce_input_outside_unit_interval():
    with pytest.raises(
        RuntimeError, match="all elements of input should be between 0 and 1"
    ):
        F.binary_cross_entropy(torch.tensor([0.5, 1.5]), torch.tensor([1.0, 0.0]))


def test_bce_dtype_mismatch_as_pytorch():
    with pytest.raises(RuntimeError, match="Found dtype Double but expected Float"):
        F.binary_cross_entropy(
            torch.full((3,), 0.5), torch.zeros(3, dtype=torch.float64)
        )


def test_bce_shape_mismatch():
    with pytest.raises(
        ValueError,
        match=re.escape(
            f"Using a target size ({PREFIX}.Size([4])) that is different to the input "
            f"size ({PREFIX}.Size([4, 1]))"
        ),
    ):
        F.binary_cross_entropy(torch.full((4, 1), 0.5), torch.zeros(4))


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_bce_with_logits_values_and_gradients(reduction):
    x = RNG.standard_normal((4, 2)) * 3
    t = RNG.uniform(0, 1, size=(4, 2))
    p = 1 / (1 + np.exp(-x))
    got = nn.BCEWithLogitsLoss(reduction=reduction)(torch.tensor(x), torch.tensor(t))
    assert_close(got, reduce_np(bce_np(p, t), reduction))
    check_gradients(
        lambda a, b: F.binary_cross_entropy_with_logits(a, b, reduction=reduction), x, t
    )


def test_bce_with_logits_gradient_is_sigmoid_minus_target_at_zero():
    x = torch.zeros(3, requires_grad=True)
    t = torch.tensor([0.0, 1.0, 0.5])
    F.binary_cross_entropy_with_logits(x, t, reduction="sum").backward()
    assert_close(x.grad, [0.5, -0.5, 0.0])


def test_bce_with_logits_is_stable_for_large_logits():
    x = torch.tensor([-500.0, -90.0, 90.0, 500.0], requires_grad=True)
    t = torch.tensor([1.0, 1.0, 0.0, 0.0])
    loss = F.binary_cross_entropy_with_logits(x, t, reduction="none")
    assert_close(loss, [500.0, 90.0, 90.0, 500.0], rtol=1e-6)
    loss.sum().backward()
    assert_close(x.grad, [-1.0, -1.0, 1.0, 1.0])


def test_bce_with_logits_pos_weight():
    x = RNG.standard_normal((5, 3))
    t = (RNG.uniform(size=(5, 3)) > 0.5).astype(float)
    pw = np.array([1.0, 2.0, 0.5])
    p = 1 / (1 + np.exp(-x))
    expected = -(pw * t * np.log(p) + (1 - t) * np.log(1 - p)).mean()
    got = F.binary_cross_entropy_with_logits(
        torch.tensor(x), torch.tensor(t), pos_weight=torch.tensor(pw)
    )
    assert_close(got, expected)


def test_bce_with_logits_shape_mismatch():
    with pytest.raises(
        ValueError,
        match=re.escape(
            f"Target size ({PREFIX}.Size([4])) must be the same as input size "
            f"({PREFIX}.Size([4, 1]))"
        ),
    ):
        F.binary_cross_entropy_with_logits(torch.zeros(4, 1), torch.zeros(4))


def test_losses_accept_float32_and_keep_it():
    x = torch.randn(4, 3)
    t = torch.tensor([0, 1, 2, 0])
    assert F.cross_entropy(x, t).dtype == torch.float32
    probs = torch.sigmoid(torch.randn(4))
    assert F.binary_cross_entropy(probs, torch.ones(4)).dtype == torch.float32
    assert F.binary_cross_entropy_with_logits(torch.randn(4), torch.ones(4)).dtype == (
        torch.float32
    )


@pytest.mark.parametrize(
    "make, expected",
    [
        (
            lambda x: F.mse_loss(x, torch.zeros(3)),
            "MseLossBackward0(AccumulateGrad, None)",
        ),
        (
            lambda x: F.binary_cross_entropy(x.sigmoid(), torch.ones(3)),
            "BinaryCrossEntropyBackward0(SigmoidBackward0(AccumulateGrad), None)",
        ),
        (
            lambda x: F.binary_cross_entropy_with_logits(x, torch.ones(3)),
            "BinaryCrossEntropyWithLogitsBackward0(AccumulateGrad, None)",
        ),
        (
            lambda x: F.cross_entropy(x.unsqueeze(0), torch.tensor([1])),
            "NllLossBackward0(LogSoftmaxBackward0(UnsqueezeBackward0(AccumulateGrad)))",
        ),
    ],
    ids=["mse", "bce", "bce_logits", "cross_entropy"],
)
def test_loss_nodes_are_named_as_pytorch_names_them(make, expected):
    from mg_testutil import tree

    x = torch.ones(3, requires_grad=True)
    assert tree(make(x).grad_fn) == expected


# ------------------------------------------------ second derivatives


SECOND_ORDER = {
    "mse": lambda x, t: F.mse_loss(x, t),
    "cross_entropy": lambda x, t: F.cross_entropy(x, t.argmax(dim=1)),
    "bce_with_logits": lambda x, t: F.binary_cross_entropy_with_logits(x, t.sigmoid()),
    "bce": lambda x, t: F.binary_cross_entropy(x.sigmoid(), t.sigmoid()),
    "mlp": lambda x, t: F.mse_loss(F.linear(F.linear(x, t).tanh(), t.T), x),
}


@pytest.mark.parametrize("name", sorted(SECOND_ORDER))
def test_losses_differentiate_twice(name):
    """Hessian-vector products via create_graph=True against central differences."""
    loss_fn = SECOND_ORDER[name]
    rng = np.random.default_rng(4)
    x0 = rng.standard_normal((3, 3))
    t = torch.tensor(rng.standard_normal((3, 3)))
    v = rng.standard_normal((3, 3))

    def gradient(x_array, create_graph=False):
        x = torch.tensor(x_array, requires_grad=True)
        (g,) = torch.autograd.grad(loss_fn(x, t), x, create_graph=create_graph)
        return x, g

    x, g = gradient(x0, create_graph=True)
    (hvp,) = torch.autograd.grad((g * torch.tensor(v)).sum(), x, allow_unused=True)
    hvp = np.zeros_like(x0) if hvp is None else to_np(hvp)
    eps = 1e-6
    numeric = (to_np(gradient(x0 + eps * v)[1]) - to_np(gradient(x0 - eps * v)[1])) / (
        2 * eps
    )
    assert_close(hvp, numeric, rtol=1e-4, atol=1e-6)


@hyp(max_examples=25)
@given(
    shape=st.lists(st.integers(1, 4), min_size=0, max_size=3),
    reduction=st.sampled_from(REDUCTIONS),
    seed=st.integers(0, 10),
)
def test_regression_losses_any_shape(shape, reduction, seed):
    rng = np.random.default_rng(seed)
    a, b = rng.standard_normal(shape), rng.standard_normal(shape)
    got = F.mse_loss(torch.tensor(a), torch.tensor(b), reduction=reduction)
    assert_close(got, reduce_np((a - b) ** 2, reduction), rtol=1e-12, atol=1e-12)
    got = F.l1_loss(torch.tensor(a), torch.tensor(b), reduction=reduction)
    assert_close(got, reduce_np(np.abs(a - b), reduction), rtol=1e-12, atol=1e-12)


@hyp(max_examples=25)
@given(
    n=st.integers(1, 6),
    classes=st.integers(1, 5),
    reduction=st.sampled_from(REDUCTIONS),
    seed=st.integers(0, 10),
)
def test_cross_entropy_any_size(n, classes, reduction, seed):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, classes)) * 3
    t = rng.integers(0, classes, size=n)
    got = F.cross_entropy(torch.tensor(x), torch.tensor(t), reduction=reduction)
    assert_close(got, ce_reference(x, t, reduction=reduction), rtol=1e-10, atol=1e-12)
