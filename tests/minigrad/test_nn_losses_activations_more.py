"""More losses (margin, embedding, Poisson and Gaussian likelihoods), more
activations (threshold, rrelu, hard/soft shrink, Softmax2d), RMS and local
response normalisation, alpha dropout.

Values read off PyTorch 2.13; gradients against central differences (with
`gradgradcheck` for the single-node losses); node names, module reprs and
errors as PyTorch's. Runs under MINIGRAD_TEST_BACKEND=torch too, which checks
the tests against PyTorch itself.
"""

import numpy as np
import pytest
from mg_testutil import assert_close, to_np, torch
from nn_testutil import check_gradients

nn = torch.nn
F = torch.nn.functional

RNG = np.random.default_rng(45)
X = RNG.standard_normal((3, 4))
Y = RNG.standard_normal((3, 4))
Z = RNG.standard_normal((3, 4))
SIGNS = np.array([1.0, -1.0, 1.0])


def node(t):
    return type(t.grad_fn).__name__


def const(array):
    return torch.tensor(np.asarray(array))


# ------------------------------------------------------------------ losses

# (name, function of float64 tensors, arrays to differentiate)
LOSSES = [
    (
        "triplet",
        lambda a, p, n, r: F.triplet_margin_loss(a, p, n, reduction=r),
        (X, Y, Z),
    ),
    (
        "triplet_swap_p1",
        lambda a, p, n, r: F.triplet_margin_loss(
            a, p, n, margin=0.7, p=1, swap=True, reduction=r
        ),
        (X, Y, Z),
    ),
    (
        "margin_ranking",
        lambda a, b, r: F.margin_ranking_loss(a, b, const(SIGNS), 0.3, reduction=r),
        (X[:, 0], Y[:, 0]),
    ),
    (
        "cosine_embedding",
        lambda a, b, r: F.cosine_embedding_loss(a, b, const(SIGNS), -0.2, reduction=r),
        (X, Y),
    ),
    ("poisson", lambda a, t, r: F.poisson_nll_loss(a, t, reduction=r), (X, abs(Y) * 3)),
    (
        "poisson_full",
        lambda a, t, r: F.poisson_nll_loss(
            a, t, log_input=False, full=True, reduction=r
        ),
        (abs(X) + 0.1, abs(Y) * 3),
    ),
    (
        "gaussian",
        lambda a, t, v, r: F.gaussian_nll_loss(a, t, v, reduction=r),
        (X, Y, abs(Z)),
    ),
    (
        "gaussian_per_sample_var",
        lambda a, t, v, r: F.gaussian_nll_loss(a, t, v, full=True, reduction=r),
        (X, Y, abs(Z[:, 0])),
    ),
    (
        "soft_margin",
        lambda a, r: F.soft_margin_loss(a, const(np.sign(Y)), reduction=r),
        (X,),
    ),
    (
        "multi_margin",
        lambda a, r: F.multi_margin_loss(a, const([0, 1, 3]), reduction=r),
        (X,),
    ),
    (
        "multi_margin_p2_weight",
        lambda a, r: F.multi_margin_loss(
            a,
            const([0, 1, 3]),
            p=2,
            margin=0.5,
            weight=const([1.0, 2, 0.5, 1.5]),
            reduction=r,
        ),
        (X,),
    ),
    (
        "multilabel_margin",
        lambda a, r: F.multilabel_margin_loss(
            a, const([[0, 1, -1, 0], [3, -1, 0, 0], [2, 1, 0, 3]]), reduction=r
        ),
        (X,),
    ),
    (
        "multilabel_soft_margin",
        lambda a, r: F.multilabel_soft_margin_loss(
            a, const((Y > 0) * 1.0), const([1.0, 2, 0.5, 1.5]), reduction=r
        ),
        (X,),
    ),
    (
        "hinge_embedding",
        lambda a, r: F.hinge_embedding_loss(a, const(np.sign(Y)), 0.5, reduction=r),
        (X,),
    ),
]


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("name,function,arrays", LOSSES, ids=[c[0] for c in LOSSES])
def test_loss_gradients_match_central_differences(name, function, arrays, reduction):
    check_gradients(lambda *t: function(*t, reduction), *arrays)


# Read off PyTorch 2.13 (the inputs above, reduction='none').
PYTORCH_VALUES = {
    "multi_margin": [0.809007, 0.907657, 0.147585],
    "multilabel_margin": [1.375849, 0.442858, 0.0],
}


def test_loss_values_and_node_names_match_pytorch():
    x = torch.tensor([[0.1, 0.2, 0.4, 0.8], [-1.0, 0.5, 0.3, 0.0]], requires_grad=True)
    targets = torch.tensor([[3, 0, -1, 1], [1, -1, 0, 0]])
    loss = F.multilabel_margin_loss(x, targets, reduction="none")
    assert_close(loss, [0.85, 0.325], atol=1e-6)
    assert node(loss) == "MultilabelMarginLossBackward0"
    loss = F.multi_margin_loss(x, torch.tensor([2, 1]))
    assert_close(loss, 0.525, atol=1e-6)
    assert node(loss) == "MultiMarginLossBackward0"
    loss = F.soft_margin_loss(x, torch.ones(2, 4), reduction="sum")
    assert_close(loss, 5.1615, atol=1e-4)
    assert node(loss) == "SoftMarginLossBackward0"
    assert node(F.triplet_margin_loss(x, x + 1, x, reduction="none")) == (
        "ClampMinBackward0"
    )
    assert node(F.cosine_embedding_loss(x, -x, torch.ones(2))) == "MeanBackward0"
    assert node(F.multilabel_soft_margin_loss(x, x.detach(), reduction="none")) == (
        "DivBackward0"
    )


def test_one_sample_losses_keep_the_node_and_shape():
    x = torch.tensor([0.1, 0.2, 0.4, 0.8], requires_grad=True)
    loss = F.multi_margin_loss(x, torch.tensor(3), reduction="none")
    assert tuple(loss.shape) == () and node(loss) == "MultiMarginLossBackward0"
    loss = F.multilabel_margin_loss(x, torch.tensor([3, 0, -1, 1]), reduction="none")
    assert tuple(loss.shape) == () and node(loss) == "MultilabelMarginLossBackward0"
    assert_close(loss, 0.85, atol=1e-6)
    loss.backward()
    assert_close(x.grad, [-0.5, 0.5, 0.5, -0.5])


def test_single_node_losses_have_second_derivatives():
    x = torch.tensor(X, requires_grad=True)
    target = torch.tensor(np.sign(Y))
    assert torch.autograd.gradgradcheck(lambda a: F.soft_margin_loss(a, target), (x,))
    assert torch.autograd.gradgradcheck(
        lambda a: F.multi_margin_loss(a, torch.tensor([0, 1, 3]), p=2), (x,)
    )


def test_gaussian_nll_clamps_var_but_passes_its_gradient():
    var = torch.tensor([1e-9, 1.0], requires_grad=True)
    loss = F.gaussian_nll_loss(torch.zeros(2), torch.ones(2), var, reduction="sum")
    loss.backward()
    # clamped to eps = 1e-6 in the value, the gradient as if unclamped there
    assert_close(loss, 0.5 * (np.log(1e-6) + 1e6) + 0.5, rtol=1e-6)
    assert_close(var.grad, [0.5 / 1e-6 - 0.5 / 1e-12, 0.0], rtol=1e-5)
    assert_close(F.gaussian_nll_loss(torch.zeros(2), torch.ones(2), 1.0), 0.5)


@pytest.mark.parametrize(
    "call,error,words",
    [
        (
            lambda: F.multi_margin_loss(torch.zeros(2, 3), torch.tensor([0, 3])),
            RuntimeError,
            "out of range",
        ),
        (
            lambda: F.multi_margin_loss(torch.zeros(2, 3), torch.tensor([0, 1]), p=3),
            ValueError,
            "p == 1",
        ),
        (
            lambda: F.multilabel_margin_loss(torch.zeros(2, 3), torch.tensor([0, 1])),
            RuntimeError,
            "target size",
        ),
        (
            lambda: F.margin_ranking_loss(
                torch.zeros(3), torch.zeros(3, 1), torch.ones(3)
            ),
            RuntimeError,
            "same dimension",
        ),
        (
            lambda: F.triplet_margin_loss(
                torch.zeros(2), torch.zeros(2), torch.zeros(2), margin=0
            ),
            ValueError,
            "margin",
        ),
        (
            lambda: F.gaussian_nll_loss(torch.zeros(3), torch.zeros(3), -torch.ones(3)),
            ValueError,
            "negative",
        ),
        (
            lambda: F.gaussian_nll_loss(
                torch.zeros(3, 2), torch.zeros(3, 2), torch.ones(2)
            ),
            ValueError,
            "incorrect size",
        ),
        (
            lambda: F.soft_margin_loss(torch.zeros(3, 4), torch.ones(2)),
            RuntimeError,
            "size",
        ),
        (lambda: nn.MultiMarginLoss(p=3), ValueError, "p == 1"),
        (
            lambda: F.hinge_embedding_loss(
                torch.zeros(2), torch.ones(2), reduction="avg"
            ),
            ValueError,
            "reduction",
        ),
    ],
)
def test_bad_loss_arguments_raise_pytorchs_errors(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_loss_modules_reprs_settings_and_buffers():
    for module in (
        nn.TripletMarginLoss(margin=2.0, p=1, swap=True),
        nn.MarginRankingLoss(0.1),
        nn.CosineEmbeddingLoss(),
        nn.PoissonNLLLoss(log_input=False, full=True),
        nn.GaussianNLLLoss(full=True),
        nn.SoftMarginLoss(),
        nn.MultiLabelMarginLoss(),
        nn.HingeEmbeddingLoss(),
    ):
        assert repr(module) == f"{type(module).__name__}()"
        assert list(module.state_dict()) == []
    weighted = nn.MultiMarginLoss(p=2, weight=torch.ones(3))
    assert list(weighted.state_dict()) == ["weight"]
    assert list(nn.MultiLabelSoftMarginLoss(torch.ones(3)).state_dict()) == ["weight"]
    x, t = torch.tensor(X), torch.tensor([0, 1, 3])
    assert_close(
        nn.MultiMarginLoss(reduction="sum")(x, t),
        F.multi_margin_loss(x, t, reduction="sum"),
    )
    anchor = torch.tensor(X)
    assert_close(
        nn.TripletMarginLoss(margin=0.5)(anchor, torch.tensor(Y), torch.tensor(Z)),
        F.triplet_margin_loss(anchor, torch.tensor(Y), torch.tensor(Z), margin=0.5),
    )


# ------------------------------------------------------------- activations


def test_shrink_threshold_and_rrelu_values_nodes_and_gradients():
    x = torch.tensor([-1.0, -0.3, 0.1, 0.5, 2.0], requires_grad=True)
    cases = [
        (F.threshold(x, 0.1, 20.0), [20.0, 20.0, 20.0, 0.5, 2.0], "ThresholdBackward0"),
        (F.hardshrink(x, 0.4), [-1.0, 0.0, 0.0, 0.5, 2.0], "HardshrinkBackward0"),
        (F.softshrink(x, 0.4), [-0.6, 0.0, 0.0, 0.1, 1.6], "SoftshrinkBackward0"),
        (F.rrelu(x, 0.1, 0.3), [-0.2, -0.06, 0.1, 0.5, 2.0], "RreluWithNoiseBackward0"),
    ]
    for y, expected, name in cases:
        assert_close(y, expected, atol=1e-6)
        assert node(y) == name
    for function in (
        lambda a: F.threshold(a, 0.1, 20.0),
        lambda a: F.hardshrink(a, 0.4),
        lambda a: F.softshrink(a, 0.4),
        lambda a: F.rrelu(a),
    ):
        check_gradients(function, X)
    y = F.hardshrink(x, 0.4)
    y.backward(-torch.ones(5))
    assert str(x.grad) == "tensor([-1.,  0.,  0., -1., -1.])"  # 0, not -0


def test_rrelu_in_training_draws_slopes_between_the_bounds():
    torch.manual_seed(0)
    x = torch.full((2000,), -1.0, requires_grad=True)
    y = F.rrelu(x, 0.1, 0.3, training=True)
    slopes = -to_np(y)
    assert 0.1 <= slopes.min() and slopes.max() <= 0.3
    assert abs(slopes.mean() - 0.2) < 0.01
    y.sum().backward()
    assert_close(x.grad, slopes)
    layer = nn.RReLU(0.1, 0.3)
    assert repr(layer) == "RReLU(lower=0.1, upper=0.3)"
    assert_close(layer.eval()(torch.tensor([-1.0])), [-0.2])


def test_in_place_threshold_changes_the_input():
    x = torch.tensor([-1.0, 0.5, 2.0])
    y = F.threshold(x, 1.0, 0.0, inplace=True)
    assert y is x
    assert_close(x, [0.0, 0.0, 2.0])


def test_activation_modules_and_softmax2d():
    assert repr(nn.Threshold(0.1, 20.0)) == "Threshold(threshold=0.1, value=20.0)"
    assert repr(nn.Threshold(0.1, 20, True)) == (
        "Threshold(threshold=0.1, value=20, inplace=True)"
    )
    assert repr(nn.Hardshrink()) == "Hardshrink(0.5)"
    assert repr(nn.Softshrink(0.2)) == "Softshrink(0.2)"
    assert repr(nn.Softmax2d()) == "Softmax2d()"
    assert repr(nn.CELU(2.0)) == "CELU(alpha=2.0)"
    x = torch.tensor(RNG.standard_normal((2, 3, 2, 2)), requires_grad=True)
    y = nn.Softmax2d()(x)
    assert node(y) == "SoftmaxBackward0"
    assert_close(y.sum(1), np.ones((2, 2, 2)))
    with pytest.raises(ValueError, match="3D or 4D"):
        nn.Softmax2d()(torch.zeros(2, 3))
    with pytest.raises(RuntimeError, match="lambda"):
        F.softshrink(torch.zeros(2), -1.0)
    with pytest.raises(RuntimeError, match="Lower bound"):
        F.rrelu(torch.zeros(2), 0.5, 0.1, training=True)


# ----------------------------------------------------------- normalisation


def test_rms_norm_values_gradients_and_module():
    x = torch.tensor([[3.0, 4.0]], requires_grad=True)
    y = F.rms_norm(x, (2,))
    assert_close(y, [[0.848528, 1.131371]], atol=1e-6)
    assert node(y) == "MulBackward0"
    check_gradients(lambda a: F.rms_norm(a, (4,)), X)
    check_gradients(lambda a, w: F.rms_norm(a, (3, 4), w, eps=1e-3), X, Y)
    layer = nn.RMSNorm(4)
    assert repr(layer) == "RMSNorm((4,), eps=None, elementwise_affine=True)"
    assert list(layer.state_dict()) == ["weight"]
    plain = nn.RMSNorm([3, 4], eps=1e-3, elementwise_affine=False)
    assert repr(plain) == "RMSNorm((3, 4), eps=0.001, elementwise_affine=False)"
    assert list(plain.state_dict()) == [] and plain.weight is None
    with pytest.raises(RuntimeError, match="normalized_shape"):
        F.rms_norm(torch.zeros(3, 4), (3,))


def test_local_response_norm_values_and_gradients():
    x = torch.tensor(np.arange(12.0).reshape(1, 3, 4) / 4)
    y = F.local_response_norm(x, 2, alpha=0.1, beta=0.5, k=2.0)
    # channel c is divided by (k + alpha * mean(x_{c-1}², x_c²)) ** beta
    squares = to_np(x) ** 2
    padded = np.concatenate([np.zeros((1, 1, 4)), squares], axis=1)
    div = (2.0 + 0.1 * (padded[:, :-1] + padded[:, 1:]) / 2) ** 0.5
    assert_close(y, to_np(x) / div)
    check_gradients(
        lambda a: F.local_response_norm(a, 3, alpha=0.1), X.reshape(1, 3, 2, 2)
    )
    assert repr(nn.LocalResponseNorm(2)) == (
        "LocalResponseNorm(2, alpha=0.0001, beta=0.75, k=1.0)"
    )
    with pytest.raises(ValueError, match="3D or higher"):
        F.local_response_norm(torch.zeros(3, 4), 2)


# ----------------------------------------------------------- alpha dropout


def test_alpha_dropout_keeps_mean_and_variance_in_training_only():
    torch.manual_seed(0)
    x = torch.tensor(RNG.standard_normal(20000))
    assert F.alpha_dropout(x, 0.3) is x  # training=False by default
    y = to_np(F.alpha_dropout(x, 0.3, training=True))
    assert abs(y.mean()) < 0.05 and abs(y.var() - 1) < 0.05
    dropped = 1.7580993408473766 / np.sqrt((1.7580993408473766**2 * 0.3 + 1) * 0.7)
    # a dropped value becomes -alpha' a (1 - p), for about 30% of them
    assert abs(np.isclose(y, -dropped * 0.7).mean() - 0.3) < 0.02
    layer = nn.AlphaDropout(0.3)
    assert repr(layer) == "AlphaDropout(p=0.3, inplace=False)"
    assert layer.eval()(x) is x
    with pytest.raises(ValueError, match="between 0 and 1"):
        F.alpha_dropout(x, 1.5)


def test_feature_alpha_dropout_drops_whole_channels():
    torch.manual_seed(1)
    x = torch.ones(4, 8, 5, requires_grad=True)
    y = F.feature_alpha_dropout(x, 0.5, training=True)
    values = to_np(y)
    assert (values.std(axis=2) < 1e-6).all()  # one draw per channel
    assert len(np.unique(values.round(5))) == 2
    assert node(y) == "AddBackward0"
    y.sum().backward()
    # the gradient is the scale a on kept channels, 0 on dropped ones
    assert len(np.unique(to_np(x.grad).round(5))) == 2
    assert to_np(x.grad).min() == 0.0
    assert (
        repr(nn.FeatureAlphaDropout(0.2)) == "FeatureAlphaDropout(p=0.2, inplace=False)"
    )
    with pytest.raises(RuntimeError, match="at least 2 dimensions"):
        F.feature_alpha_dropout(torch.ones(3), 0.5, training=True)
