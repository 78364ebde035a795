"""More CNN layers: group and instance norm, 1-D and adaptive max pooling,
interpolate / Upsample, pixel shuffle, PReLU and GLU.

Values read off PyTorch 2.13 where the formula is PyTorch's own (interpolate's
indices and weights, instance norm's running statistics); gradients against
central differences; second derivatives with gradgradcheck; node names,
layer reprs and errors as PyTorch's. Runs under MINIGRAD_TEST_BACKEND=torch
too, which checks the tests against PyTorch itself.
"""

import warnings

import numpy as np
import pytest
from mg_testutil import assert_close, to_np, torch
from nn_testutil import check_gradients

nn = torch.nn
F = torch.nn.functional

RNG = np.random.default_rng(38)


def random(*shape):
    return RNG.standard_normal(shape)


def node(t):
    return type(t.grad_fn).__name__


def f64(array):
    return torch.tensor(np.asarray(array, dtype=np.float64), requires_grad=True)


RAMP = [[[0.0, 1.0, 4.0, 9.0, 16.0]]]


# ---------------------------------------------------------------- interpolate


@pytest.mark.parametrize(
    "kwargs, expected",
    [
        # scale_factor 1.7 reads input floor(i / 1.7), not floor(i * 5 / 8)
        ({"scale_factor": 1.7}, [0, 0, 1, 1, 4, 4, 9, 16]),
        ({"size": 8}, [0, 0, 1, 1, 4, 9, 9, 16]),
        (
            {"scale_factor": 1.7, "recompute_scale_factor": True},
            [0, 0, 1, 1, 4, 9, 9, 16],
        ),
        (
            {"scale_factor": 1.5, "mode": "linear"},
            [0, 0.5, 1.5, 3.5, 6.5, 61 / 6, 89 / 6],
        ),
        ({"size": 7, "mode": "linear"}, [0, 4 / 7, 13 / 7, 4, 53 / 7, 12, 16]),
        ({"size": 3, "mode": "linear", "align_corners": True}, [0, 4, 16]),
        ({"scale_factor": 0.5, "mode": "nearest-exact"}, [1, 9]),
        ({"size": 2, "mode": "area"}, [5 / 3, 29 / 3]),
    ],
)
def test_interpolate_1d_values_are_pytorchs(kwargs, expected):
    y = F.interpolate(torch.tensor(RAMP), **kwargs)
    assert_close(y[0, 0], expected, rtol=1e-6, atol=1e-6)
    assert y.dtype == torch.float32


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"scale_factor": 2}, "UpsampleNearest2DBackward0"),
        ({"size": (5, 3), "mode": "bilinear"}, "UpsampleBilinear2DBackward0"),
        ({"scale_factor": 1.5, "mode": "bilinear", "align_corners": True}, None),
        ({"size": 4, "mode": "nearest-exact"}, "UpsampleNearestExact2DBackward0"),
    ],
)
def test_interpolate_2d_gradients_and_nodes(kwargs, name):
    x = random(1, 2, 3, 4)
    check_gradients(lambda t: F.interpolate(t, **kwargs), x)
    y = F.interpolate(f64(x), **kwargs)
    assert node(y) == (name or "UpsampleBilinear2DBackward0")
    assert torch.autograd.gradgradcheck(lambda t: F.interpolate(t, **kwargs), (f64(x),))


def test_bilinear_is_linear_along_each_side_and_keeps_the_corners():
    x = random(1, 2, 3, 4)
    y = F.interpolate(torch.tensor(x), size=(5, 7), mode="bilinear", align_corners=True)
    corners = to_np(y)[..., [0, 0, -1, -1], [0, -1, 0, -1]]
    assert_close(
        corners, x[..., [0, 0, -1, -1], [0, -1, 0, -1]], rtol=1e-12, atol=1e-12
    )
    assert_close(y[..., 2, 0], (x[..., 1, 0]), rtol=1e-12, atol=1e-12)
    # the same size back is the input itself
    same = F.interpolate(torch.tensor(x), size=(3, 4), mode="bilinear")
    assert_close(same, x, rtol=0, atol=0)


def test_interpolate_1d_nodes_and_second_derivatives():
    x = random(2, 3, 6)
    for mode, name in [
        ("nearest", "UpsampleNearest1DBackward0"),
        ("linear", "UpsampleLinear1DBackward0"),
    ]:
        check_gradients(lambda t, m=mode: F.interpolate(t, scale_factor=1.7, mode=m), x)
        assert node(F.interpolate(f64(x), size=9, mode=mode)) == name
    assert torch.autograd.gradgradcheck(
        lambda t: F.interpolate(t, size=4, mode="linear"), (f64(x),)
    )


def test_upsample_layers_repr_and_call():
    up = nn.Upsample(scale_factor=2, mode="bilinear")
    assert repr(up) == "Upsample(scale_factor=2.0, mode='bilinear')"
    assert repr(nn.Upsample(size=(3, 4))) == "Upsample(size=(3, 4), mode='nearest')"
    assert repr(nn.UpsamplingBilinear2d(size=(3, 4))) == (
        "UpsamplingBilinear2d(size=(3, 4), mode='bilinear')"
    )
    x = torch.tensor(random(1, 2, 3, 3))
    assert tuple(up(x).shape) == (1, 2, 6, 6)
    assert_close(
        nn.UpsamplingBilinear2d(scale_factor=2)(x),
        F.interpolate(x, scale_factor=2, mode="bilinear", align_corners=True),
    )
    assert_close(nn.UpsamplingNearest2d(size=6)(x), F.interpolate(x, size=6))


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda x: F.interpolate(x, size=4, scale_factor=2), ValueError, "only one of"),
        (lambda x: F.interpolate(x), ValueError, "either size or scale_factor"),
        (
            lambda x: F.interpolate(x, size=4, mode="bilinear"),
            NotImplementedError,
            "bilinear mode needs 4D input",
        ),
        (
            lambda x: F.interpolate(x, size=4, align_corners=True),
            ValueError,
            "align_corners option can only be set",
        ),
        (
            lambda x: F.interpolate(x, size=(4, 4)),
            ValueError,
            "same number of spatial dimensions",
        ),
        (
            lambda x: F.interpolate(x, scale_factor=0.1),
            RuntimeError,
            "sizes should be greater than 0",
        ),
        (
            lambda x: F.interpolate(x[0], size=4),
            NotImplementedError,
            "Only 3D, 4D and 5D input",
        ),
        (lambda x: F.interpolate(x.long(), size=4), NotImplementedError, "Long"),
        (
            lambda x: F.interpolate(x, size=4, mode="cubic"),
            NotImplementedError,
            "got cubic",
        ),
    ],
)
def test_interpolate_errors(call, error, match):
    with pytest.raises(error, match=match):
        call(torch.ones(1, 2, 3))


# ---------------------------------------------------------------- pixel shuffle


def test_pixel_shuffle_moves_channels_into_sub_pixels_and_back():
    x = torch.arange(16.0).reshape(1, 4, 2, 2)
    y = F.pixel_shuffle(x, 2)
    assert y[0, 0].tolist() == [
        [0, 4, 1, 5],
        [8, 12, 9, 13],
        [2, 6, 3, 7],
        [10, 14, 11, 15],
    ]
    assert_close(F.pixel_unshuffle(y, 2), x, rtol=0, atol=0)
    assert_close(nn.PixelUnshuffle(2)(nn.PixelShuffle(2)(x)), x, rtol=0, atol=0)
    assert repr(nn.PixelShuffle(2)) == "PixelShuffle(upscale_factor=2)"
    assert repr(nn.PixelUnshuffle(3)) == "PixelUnshuffle(downscale_factor=3)"
    # any leading dims, integers too (a permutation)
    assert tuple(F.pixel_shuffle(torch.zeros(2, 3, 9, 1, 2), 3).shape) == (
        2,
        3,
        1,
        3,
        6,
    )
    assert F.pixel_shuffle(torch.arange(4).reshape(4, 1, 1), 2).dtype == torch.int64


def test_pixel_shuffle_gradients_nodes_and_errors():
    x = random(2, 8, 2, 3)
    check_gradients(lambda t: F.pixel_shuffle(t, 2), x)
    check_gradients(lambda t: F.pixel_unshuffle(t, 2), random(1, 2, 4, 6))
    assert node(F.pixel_shuffle(f64(x), 2)) == "PixelShuffleBackward0"
    assert node(F.pixel_unshuffle(f64(x[:, :, :2, :2]), 2)) == "PixelUnshuffleBackward0"
    assert torch.autograd.gradgradcheck(lambda t: F.pixel_shuffle(t, 2) ** 2, (f64(x),))
    with pytest.raises(RuntimeError, match="not divisible by 4"):
        F.pixel_shuffle(torch.ones(1, 6, 2, 2), 2)
    with pytest.raises(RuntimeError, match="at least 3 dimensions"):
        F.pixel_shuffle(torch.ones(4, 2), 2)
    with pytest.raises(RuntimeError, match="input.size\\(-1\\)=3 is not divisible"):
        F.pixel_unshuffle(torch.ones(1, 1, 2, 3), 2)
    with pytest.raises(RuntimeError, match="positive upscale_factor"):
        F.pixel_shuffle(torch.ones(1, 4, 2, 2), 0)


# ---------------------------------------------------------------- pooling


def test_1d_pooling_matches_numpy_and_records_squeeze_over_the_2d_node():
    x = random(2, 3, 9)
    y = F.max_pool1d(torch.tensor(x), 3)
    assert_close(y, x.reshape(2, 3, 3, 3).max(-1), rtol=0, atol=0)
    assert_close(F.avg_pool1d(torch.tensor(x), 3), x.reshape(2, 3, 3, 3).mean(-1))
    assert_close(
        F.adaptive_avg_pool1d(torch.tensor(x), 3), x.reshape(2, 3, 3, 3).mean(-1)
    )
    values, where = F.adaptive_max_pool1d(torch.tensor(x), 3, return_indices=True)
    assert_close(values, x.reshape(2, 3, 3, 3).max(-1), rtol=0, atol=0)
    assert (
        to_np(where).tolist() == (x.reshape(2, 3, 3, 3).argmax(-1) + [0, 3, 6]).tolist()
    )
    t = f64(x)
    for y in [
        F.max_pool1d(t, 2),
        F.avg_pool1d(t, 2),
        F.adaptive_avg_pool1d(t, 4),
        F.adaptive_max_pool1d(t, 4),
    ]:
        assert node(y) == "SqueezeBackward1"
        assert type(y.grad_fn.next_functions[0][0]).__name__ in (
            "MaxPool2DWithIndicesBackward0",
            "AvgPool2DBackward0",
            "AdaptiveAvgPool2DBackward0",
            "AdaptiveMaxPool2DBackward0",
        )


@pytest.mark.parametrize(
    "call",
    [
        lambda t: F.max_pool1d(t, 3, 2, 1, 2, ceil_mode=True),
        lambda t: F.avg_pool1d(t, 3, 2, 1, ceil_mode=True, count_include_pad=False),
        lambda t: F.adaptive_avg_pool1d(t, 4),
        lambda t: F.adaptive_max_pool1d(t, 4),
        lambda t: F.adaptive_max_pool2d(t.reshape(*t.shape[:2], 3, 3), (2, 3)),
        lambda t: F.adaptive_max_pool2d(t.reshape(-1, 3, 3), (None, 2)),
        lambda t: F.adaptive_max_pool2d(
            t.reshape(*t.shape[:2], 3, 3), 5
        ),  # windows overlap
        lambda t: nn.MaxPool1d(2, 1)(t[0]),
        lambda t: nn.AvgPool1d(4, 2, 2)(t),
    ],
)
def test_pooling_gradients_and_second_derivatives(call):
    x = random(2, 3, 9)
    check_gradients(call, x)
    assert torch.autograd.gradgradcheck(lambda t: call(t) ** 2, (f64(x[:, :2]),))


def test_adaptive_max_pool2d_windows_and_indices():
    x = torch.tensor([[[[1.0, 2.0, 0.0], [4.0, 3.0, 5.0]]]])
    values, where = F.adaptive_max_pool2d(x, (1, 2), return_indices=True)
    assert values.tolist() == [[[[4.0, 5.0]]]]
    assert where.tolist() == [[[[3, 5]]]] and where.dtype == torch.int64
    assert node(F.adaptive_max_pool2d(f64(random(1, 2, 3, 3)), 2)) == (
        "AdaptiveMaxPool2DBackward0"
    )
    layer = nn.AdaptiveMaxPool2d((3, None), return_indices=True)
    assert repr(layer) == "AdaptiveMaxPool2d(output_size=(3, None))"
    out, idx = layer(torch.zeros(2, 4, 6, 5))
    assert tuple(out.shape) == tuple(idx.shape) == (2, 4, 3, 5)


def test_pooling_layer_reprs():
    assert repr(nn.MaxPool1d(3)) == (
        "MaxPool1d(kernel_size=3, stride=3, padding=0, dilation=1, ceil_mode=False)"
    )
    assert repr(nn.AvgPool1d(3, 2, 1)) == (
        "AvgPool1d(kernel_size=(3,), stride=(2,), padding=(1,))"
    )
    assert repr(nn.AdaptiveAvgPool1d(3)) == "AdaptiveAvgPool1d(output_size=3)"
    assert repr(nn.AdaptiveMaxPool1d(3)) == "AdaptiveMaxPool1d(output_size=3)"


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: F.max_pool1d(torch.ones(2, 3, 4, 5), 2), RuntimeError, "4-dim"),
        (lambda: F.avg_pool1d(torch.ones(5), 2), RuntimeError, "1-dim"),
        (
            lambda: F.max_pool1d(torch.ones(2, 3, 4), 5),
            RuntimeError,
            "Invalid computed output size: 0",
        ),
        (lambda: F.avg_pool1d(torch.ones(2, 3, 4), 5), RuntimeError, "too small"),
        (
            lambda: F.adaptive_max_pool2d(torch.ones(5, 5), 2),
            RuntimeError,
            "Expected 3D or 4D tensor",
        ),
        (
            lambda: F.adaptive_max_pool2d(torch.ones(1, 2, 0, 5), 2),
            RuntimeError,
            "non-zero size",
        ),
        (
            lambda: F.adaptive_max_pool2d(torch.ones(1, 2, 5, 5).long(), 2),
            NotImplementedError,
            "Long",
        ),
    ],
)
def test_pooling_errors(call, error, match):
    with pytest.raises(error, match=match):
        call()


# ---------------------------------------------------------------- normalisation


def _group_norm_np(x, groups, eps=1e-5):
    g = x.reshape(x.shape[0], groups, -1)
    g = (g - g.mean(-1, keepdims=True)) / np.sqrt(g.var(-1, keepdims=True) + eps)
    return g.reshape(x.shape)


def test_group_norm_values_gradients_and_node():
    x, w, b = random(3, 6, 4, 2), random(6), random(6)
    y = F.group_norm(torch.tensor(x), 3, torch.tensor(w), torch.tensor(b))
    expected = _group_norm_np(x, 3) * w.reshape(1, 6, 1, 1) + b.reshape(1, 6, 1, 1)
    assert_close(y, expected, rtol=1e-10, atol=1e-10)
    check_gradients(lambda t, u, v: F.group_norm(t, 3, u, v), x, w, b)
    check_gradients(lambda t: F.group_norm(t, 2), random(2, 4, 3))
    assert node(F.group_norm(f64(x), 2)) == "NativeGroupNormBackward0"
    small = random(2, 6, 2, 1)
    assert torch.autograd.gradgradcheck(
        lambda t, u, v: F.group_norm(t, 3, u, v), (f64(small), f64(w), f64(b))
    )


def test_group_norm_layer():
    layer = nn.GroupNorm(2, 4)
    assert repr(layer) == "GroupNorm(2, 4, eps=1e-05, affine=True, bias=True)"
    assert list(layer.state_dict()) == ["weight", "bias"]
    assert list(nn.GroupNorm(2, 4, affine=False).state_dict()) == []
    x = random(2, 4, 5)
    assert_close(
        layer(torch.tensor(x, dtype=torch.float32)),
        _group_norm_np(x, 2),
        rtol=1e-4,
        atol=1e-5,
    )
    with pytest.raises(ValueError, match="num_channels \\(6\\) must be divisible"):
        nn.GroupNorm(4, 6)
    with pytest.raises(RuntimeError, match="divisible by num_groups"):
        F.group_norm(torch.ones(2, 6, 3), 4)
    with pytest.raises(RuntimeError, match="weight of shape \\[6\\]"):
        nn.GroupNorm(2, 6)(torch.ones(2, 4, 3))
    with pytest.raises(RuntimeError, match="at least 2 dimensions"):
        F.group_norm(torch.ones(6), 3)


RUNS = np.array(
    [
        [[-1.0, 0.5, 2.0, -0.25, 1.5], [0.75, -2.0, 1.0, 3.0, -0.5]],
        [[1.0, 1.5, 2.0, 0.25, 1.5], [0.0, -2.0, 1.0, 1.0, -0.5]],
    ]
)


def test_instance_norm_normalises_each_sample_and_channel():
    x = random(3, 4, 5, 2)
    y = F.instance_norm(torch.tensor(x))
    flat = x.reshape(3, 4, -1)
    expected = (flat - flat.mean(-1, keepdims=True)) / np.sqrt(
        flat.var(-1, keepdims=True) + 1e-5
    )
    assert_close(y, expected.reshape(x.shape), rtol=1e-10, atol=1e-10)
    w, b = random(4), random(4)
    check_gradients(lambda t, u, v: F.instance_norm(t, weight=u, bias=v), x, w, b)
    assert node(F.instance_norm(f64(x))) == "ViewBackward0"  # as PyTorch's
    assert torch.autograd.gradgradcheck(
        lambda t, u: F.instance_norm(t, weight=u), (f64(x[:2, :, :3, :1]), f64(w))
    )


def test_instance_norm_running_statistics_are_pytorchs():
    layer = nn.InstanceNorm1d(2, track_running_stats=True)
    assert repr(layer) == (
        "InstanceNorm1d(2, eps=1e-05, momentum=0.1, affine=False, bias=False, "
        "track_running_stats=True)"
    )
    layer(torch.tensor(RUNS, dtype=torch.float32))
    assert_close(layer.running_mean, [0.09, 0.0175], rtol=1e-5, atol=1e-7)
    assert_close(layer.running_var, [0.9975, 1.15], rtol=1e-5, atol=1e-7)
    assert layer.num_batches_tracked.item() == 0  # PyTorch counts none
    layer.eval()
    y = layer(torch.tensor(RUNS, dtype=torch.float32))
    assert_close(
        y[0, 0],
        [-1.0913596, 0.41051143, 1.9123826, -0.34042412, 1.4117589],
        rtol=1e-5,
        atol=1e-6,
    )


def test_instance_norm_layers_defaults_and_errors():
    layer = nn.InstanceNorm2d(3)
    assert layer.weight is None and layer.running_mean is None
    assert list(layer.state_dict()) == []
    assert list(
        nn.InstanceNorm2d(3, affine=True, track_running_stats=True).state_dict()
    ) == ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"]
    one = torch.tensor(random(3, 4, 4))  # one image: a batch of one
    assert_close(layer(one), layer(one.unsqueeze(0))[0])
    assert node(nn.InstanceNorm1d(3)(f64(random(3, 5)))) == "SqueezeBackward1"
    with pytest.raises(ValueError, match="expected 3D or 4D input \\(got 2D input\\)"):
        layer(torch.ones(3, 4))
    with pytest.raises(ValueError, match="to match num_features \\(4\\), but got: 5"):
        nn.InstanceNorm1d(4, affine=True)(torch.ones(2, 5, 3))
    with pytest.warns(UserWarning, match="does not match num_features"):
        nn.InstanceNorm1d(4)(torch.ones(2, 5, 3))
    with pytest.raises(ValueError, match="more than 1 spatial element"):
        F.instance_norm(torch.ones(2, 6, 1))
    # eval mode without running statistics: each sample's own, as in training
    layer.eval()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert_close(layer(one), F.instance_norm(one.unsqueeze(0))[0])


# ---------------------------------------------------------------- PReLU, GLU


def test_prelu_values_gradients_and_node():
    x, w = random(2, 3, 4), random(3)
    y = F.prelu(torch.tensor(x), torch.tensor(w))
    assert_close(y, np.where(x > 0, x, w.reshape(1, 3, 1) * x), rtol=0, atol=0)
    check_gradients(lambda t, u: F.prelu(t, u), x, w)
    check_gradients(lambda t, u: F.prelu(t, u), x, [0.3])
    check_gradients(lambda t, u: F.prelu(t, u), random(5), [0.3])
    assert node(F.prelu(f64(x), f64(w))) == "PreluKernelBackward0"
    assert torch.autograd.gradgradcheck(
        lambda t, u: F.prelu(t, u) ** 2, (f64(x), f64(w))
    )


def test_prelu_layer_and_errors():
    layer = nn.PReLU(3, init=0.1)
    assert repr(layer) == "PReLU(num_parameters=3)" and repr(nn.PReLU()) == (
        "PReLU(num_parameters=1)"
    )
    assert_close(layer.weight, [0.1, 0.1, 0.1], rtol=0, atol=1e-8)
    assert [name for name, _ in layer.named_parameters()] == ["weight"]
    with pytest.raises(
        RuntimeError, match="parameter numbers = 4 and channel size = 3"
    ):
        F.prelu(torch.ones(2, 3, 4), torch.ones(4))
    with pytest.raises(RuntimeError, match="scalar or 1D tensor"):
        F.prelu(torch.ones(2, 3), torch.ones(1, 3))
    with pytest.raises(RuntimeError, match="Type promoting not supported"):
        F.prelu(torch.ones(2, 3, dtype=torch.float64), torch.ones(3))


def test_glu_values_gradients_node_and_errors():
    x = random(2, 4, 3)
    y = F.glu(torch.tensor(x), 1)
    assert_close(y, x[:, :2] / (1 + np.exp(-x[:, 2:])), rtol=1e-12, atol=1e-12)
    check_gradients(lambda t: F.glu(t, 1), x)
    check_gradients(lambda t: nn.GLU()(t), random(3, 6))
    assert node(F.glu(f64(x), 1)) == "GluBackward0"
    assert torch.autograd.gradgradcheck(lambda t: F.glu(t, 1), (f64(x),))
    assert repr(nn.GLU()) == "GLU(dim=-1)"
    with pytest.raises(RuntimeError, match="dimension 1 is size 3"):
        F.glu(torch.ones(2, 3), 1)
    with pytest.raises(IndexError, match="Dimension out of range"):
        F.glu(torch.ones(2, 4), 2)
    with pytest.raises(RuntimeError, match="does not support scalars"):
        F.glu(torch.tensor(1.0))


def test_a_small_encoder_decoder_learns():
    torch.manual_seed(0)
    model = nn.Sequential(
        nn.Conv2d(3, 8, 3, padding=1),
        nn.GroupNorm(2, 8),
        nn.PReLU(),
        nn.AdaptiveMaxPool2d(1),
        nn.Conv2d(8, 12, 1),
        nn.PixelShuffle(2),
        nn.Upsample(scale_factor=2, mode="bilinear"),
        nn.Conv2d(3, 3, 3, padding=1),
        nn.InstanceNorm2d(3, affine=True),
        nn.Hardsigmoid(),
    )
    x = torch.tensor(random(2, 3, 4, 4), dtype=torch.float32)
    target = x.sigmoid()
    opt = torch.optim.Adam(model.parameters(), lr=0.02)
    losses = []
    for _ in range(40):
        loss = F.mse_loss(model(x), target)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert losses[-1] < 0.5 * losses[0]
