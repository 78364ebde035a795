"""Padding (`F.pad`, the padding layers), channel dropout (`F.dropout1d/2d/3d`,
`nn.Dropout1d/2d/3d`) and `unflatten` (`Tensor.unflatten`, `nn.Unflatten`).

Values against numpy (`np.pad`'s modes are PyTorch's: "edge" is replicate,
"wrap" is circular), gradients and second derivatives against central
differences in float64, node names and error messages as PyTorch 2.13's
(run with MINIGRAD_TEST_BACKEND=torch to check the tests against PyTorch).
"""

import doctest
import importlib
import warnings

import numpy as np
import pytest
from mg_testutil import PREFIX, assert_close, minigrad_only, numerical_vjp, to_np, torch
from nn_testutil import check_gradients

nn = torch.nn
F = torch.nn.functional

RNG = np.random.default_rng(33)
NUMPY_MODES = {"reflect": "reflect", "replicate": "edge", "circular": "wrap"}


def random(*shape):
    return RNG.standard_normal(shape)


def node_name(t):
    return type(t.grad_fn).__name__


def numpy_pad(a, pad, mode, value=0.0):
    """PyTorch's F.pad in numpy: positive widths by np.pad, negative ones by
    slicing (circular crops first and wraps what is left; reflect and
    replicate pad first, then crop)."""
    k = len(pad) // 2
    pairs = [(0, 0)] * (a.ndim - k)
    pairs += [(pad[2 * i], pad[2 * i + 1]) for i in reversed(range(k))]
    grow = [(max(b, 0), max(e, 0)) for b, e in pairs]

    def crop(x):
        return x[
            tuple(
                slice(max(-b, 0), n - max(-e, 0)) for (b, e), n in zip(pairs, x.shape)
            )
        ]

    if mode == "constant":
        return np.pad(crop(a), grow, constant_values=value)
    if mode == "circular":
        return np.pad(crop(a), grow, mode="wrap")
    return crop(np.pad(a, grow, mode=NUMPY_MODES[mode]))


# (shape, pad) cases each mode supports: 1, 2 and 3 padded dimensions,
# batched and unbatched, negative widths (crops) included.
NON_CONSTANT_CASES = [
    ((2, 5), (2, 1)),
    ((2, 3, 5), (1, 3)),
    ((1, 2, 5), (-1, 2)),
    ((2, 4, 5), (2, -1, 1, 3)),
    ((1, 2, 4, 5), (1, 1, 2, 0)),
    ((1, 2, 4, 5), (0, 2, -1, 1)),
    ((2, 3, 3, 4), (1, 2, 2, 1, 1, 0)),
    ((1, 2, 3, 3, 4), (1, -1, 0, 2, 2, 1)),
]
CONSTANT_CASES = NON_CONSTANT_CASES + [
    ((5,), (2, 1)),
    ((3, 4), (1, 0, 2, 2)),
    ((2, 2, 2, 2, 2), (1, 1, 0, 1, 1, 0, 2, 1, 1, 0)),  # every dimension
    ((2, 3), (-3, 1)),  # cropped to nothing, then one element of the fill
]


# ---------------------------------------------------------------- values


@pytest.mark.parametrize("shape, pad", CONSTANT_CASES)
@pytest.mark.parametrize("value", [None, 0.0, -2.5])
def test_constant_pad_values_match_numpy(shape, pad, value):
    a = random(*shape)
    out = F.pad(torch.tensor(a), pad, mode="constant", value=value)
    expected = numpy_pad(a, pad, "constant", 0.0 if value is None else value)
    assert tuple(out.shape) == expected.shape
    assert_close(out, expected, rtol=0, atol=0)


@pytest.mark.parametrize("mode", ["reflect", "replicate", "circular"])
@pytest.mark.parametrize("shape, pad", NON_CONSTANT_CASES)
def test_non_constant_pad_values_match_numpy(mode, shape, pad):
    a = random(*shape)
    out = F.pad(torch.tensor(a), pad, mode=mode)
    expected = numpy_pad(a, pad, mode)
    assert tuple(out.shape) == expected.shape
    assert_close(out, expected, rtol=0, atol=0)


def test_each_mode_on_a_small_row():
    x = torch.tensor([[1.0, 2.0, 3.0]])
    assert F.pad(x, (2, 1)).tolist() == [[0, 0, 1, 2, 3, 0]]
    assert F.pad(x, (2, 1), value=7).tolist() == [[7, 7, 1, 2, 3, 7]]
    assert F.pad(x, (2, 1), mode="reflect").tolist() == [[3, 2, 1, 2, 3, 2]]
    assert F.pad(x, (2, 1), mode="replicate").tolist() == [[1, 1, 1, 2, 3, 3]]
    assert F.pad(x, (2, 1), mode="circular").tolist() == [[2, 3, 1, 2, 3, 1]]
    # a circular pad as wide as the dimension wraps round exactly once
    assert F.pad(x, (3, 3), mode="circular").tolist() == [[1, 2, 3] * 3]


def test_constant_pad_keeps_the_dtype_and_casts_the_value():
    ints = torch.arange(4).reshape(1, 4)
    out = F.pad(ints, (1, 1), value=2.5)
    assert out.dtype == torch.int64
    assert out.tolist() == [[2, 0, 1, 2, 3, 2]]  # 2.5 read as an int64: 2
    assert F.pad(ints, (1, 1), mode="reflect").tolist() == [[1, 0, 1, 2, 3, 2]]
    flags = F.pad(torch.ones(1, 2, dtype=torch.bool), (1, 0))
    assert flags.dtype == torch.bool and flags.tolist() == [[False, True, True]]
    assert F.pad(torch.ones(2, 2), (1, 1)).dtype == torch.float32


def test_value_may_be_a_0d_tensor_or_a_bool():
    out = F.pad(torch.ones(1, 2), (1, 0), value=torch.tensor(3.0))
    assert out.tolist() == [[3.0, 1.0, 1.0]]
    assert F.pad(torch.ones(1, 2), (1, 0), value=True).tolist() == [[1.0] * 3]


def test_empty_pad_and_zero_widths_copy_the_input():
    x = torch.tensor(random(2, 3), requires_grad=True)
    for pad in [(), (0, 0), [0, 0, 0, 0]]:
        y = F.pad(x, pad)
        assert y is not x and node_name(y) == "ConstantPadNdBackward0"
        assert_close(y, to_np(x), rtol=0, atol=0)
    scalar = F.pad(torch.tensor(2.0, requires_grad=True), ())
    assert scalar.shape == () and scalar.item() == 2.0


def test_a_batch_of_none_pads_to_a_batch_of_none():
    assert tuple(F.pad(torch.zeros(0, 2, 4), (1, 1), mode="reflect").shape) == (
        0,
        2,
        6,
    )
    assert tuple(F.pad(torch.zeros(0, 3), (1, 1, 1, 1)).shape) == (2, 5)


def test_reflect_and_replicate_may_crop_a_2d_dimension_to_nothing():
    x = torch.ones(1, 2, 3, 4)
    assert tuple(F.pad(x, (-2, -2, 0, 0), mode="reflect").shape) == (1, 2, 3, 0)
    assert tuple(F.pad(x, (0, 0, -2, -1), mode="replicate").shape) == (1, 2, 0, 4)
    assert tuple(F.pad(x, (-2, -2, 0, 0), mode="circular").shape) == (1, 2, 3, 0)


# ---------------------------------------------------------------- gradients


@pytest.mark.parametrize("shape, pad", CONSTANT_CASES)
def test_constant_pad_gradient(shape, pad):
    check_gradients(lambda x: F.pad(x, pad, value=1.5), random(*shape))


@pytest.mark.parametrize("mode", ["reflect", "replicate", "circular"])
@pytest.mark.parametrize("shape, pad", NON_CONSTANT_CASES)
def test_non_constant_pad_gradient(mode, shape, pad):
    check_gradients(lambda x: F.pad(x, pad, mode=mode), random(*shape))


@pytest.mark.parametrize("mode", ["reflect", "replicate", "circular"])
def test_an_edge_copied_many_times_gathers_every_gradient(mode):
    x = torch.tensor([[1.0, 2.0, 3.0]], requires_grad=True)
    F.pad(x, (2, 2), mode=mode).sum().backward()
    expected = {"reflect": [2, 3, 2], "replicate": [3, 1, 3], "circular": [2, 3, 2]}
    assert x.grad.tolist() == [expected[mode]]


def test_pad_gradient_in_float32_stays_float32():
    x = torch.ones(1, 2, 3, 3, requires_grad=True)
    F.pad(x, (1, 1, 1, 1), mode="reflect").sum().backward()
    assert x.grad.dtype == torch.float32


def _second_derivative_check(mode, shape, pad):
    """d/dx of g(x) = d/dx sum(w * pad(x)**3), against central differences of
    g (each g computed by autograd), and d/dw of g too."""
    a = random(*shape)
    w = random(*numpy_pad(a, pad, mode).shape)
    cot = random(*shape)

    def gradient(x, weight, create_graph):
        y = F.pad(x, pad, mode=mode)
        (g,) = torch.autograd.grad((weight * y**3).sum(), x, create_graph=create_graph)
        return g

    x = torch.tensor(a, requires_grad=True)
    weight = torch.tensor(w, requires_grad=True)
    g = gradient(x, weight, True)
    gx, gw = torch.autograd.grad(g, (x, weight), torch.tensor(cot))

    def numeric(xv, wv):
        xt = torch.tensor(xv, requires_grad=True)
        return to_np(gradient(xt, torch.tensor(wv), False))

    ex, ew = numerical_vjp(numeric, [a, w], cot)
    assert_close(gx, ex, rtol=1e-5, atol=1e-6)
    assert_close(gw, ew, rtol=1e-5, atol=1e-6)
    return g


@pytest.mark.parametrize("mode", ["constant", "reflect", "replicate", "circular"])
@pytest.mark.parametrize(
    "shape, pad",
    [((2, 4), (2, 1)), ((1, 2, 3, 4), (1, 2, -1, 2)), ((1, 1, 3, 3, 3), (1,) * 6)],
)
def test_second_derivatives(mode, shape, pad):
    _second_derivative_check(mode, shape, pad)


# ---------------------------------------------------------------- node names


@pytest.mark.parametrize(
    "mode, shape, pad, name, grad_name",
    [
        (
            "constant",
            (2, 3),
            (1, 1),
            "ConstantPadNdBackward0",
            "ConstantPadNdBackward0",
        ),
        ("constant", (2, 3, 4, 5), (1,) * 6, "ConstantPadNdBackward0", None),
        ("reflect", (2, 4), (1, 1), "ReflectionPad1DBackward0", "1D"),
        ("reflect", (1, 2, 4), (1, 1), "ReflectionPad1DBackward0", "1D"),
        ("reflect", (2, 3, 4), (1, 1, 1, 1), "ReflectionPad2DBackward0", "2D"),
        ("reflect", (1, 2, 3, 4, 5), (1,) * 6, "ReflectionPad3DBackward0", "3D"),
        ("replicate", (2, 4), (1, 1), "ReplicationPad1DBackward0", "1D"),
        ("replicate", (1, 2, 3, 4), (1, 1, 1, 1), "ReplicationPad2DBackward0", "2D"),
        ("replicate", (2, 3, 4, 5), (1,) * 6, "ReplicationPad3DBackward0", "3D"),
        ("circular", (2, 4), (1, 1), "CopySlices", "SliceBackwardBackward0"),
        ("circular", (1, 2, 3, 4), (1, 1, 1, 1), "CopySlices", None),
    ],
)
def test_node_names_are_pytorchs(mode, shape, pad, name, grad_name):
    x = torch.tensor(random(*shape), requires_grad=True)
    y = F.pad(x, pad, mode=mode)
    assert node_name(y) == name
    assert repr(y.grad_fn).startswith(f"<{name} object at 0x")
    if grad_name is None:
        return
    if grad_name[0].isdigit():  # reflect/replicate: <node>BackwardBackward0
        grad_name = name.replace("Backward0", "BackwardBackward0")
    w = torch.tensor(random(*y.shape), requires_grad=True)  # (g depends on w)
    (g,) = torch.autograd.grad((y * w).sum(), x, create_graph=True)
    assert node_name(g) == grad_name


def test_no_node_without_a_gradient():
    assert F.pad(torch.ones(2, 3), (1, 1), mode="reflect").grad_fn is None
    with torch.no_grad():
        x = torch.ones(2, 3, requires_grad=True)
        assert F.pad(x, (1, 1), mode="circular").grad_fn is None


# ---------------------------------------------------------------- errors

TOO_LONG = "Padding length should be less than or equal to two times the input"
NOT_SUPPORTED = "Padding size {} is not supported for {}D input tensor"


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: F.pad([1.0, 2.0], (1, 1)), TypeError, "argument 'input'"),
        (
            lambda: F.pad(torch.ones(2, 3), 1),
            TypeError,
            "must be tuple of ints, not int",
        ),
        (
            lambda: F.pad(torch.ones(2, 3), (1.0, 1)),
            TypeError,
            "found element of type float at pos 0",
        ),
        (
            lambda: F.pad(torch.ones(2, 3), (True, 1)),
            TypeError,
            "found element of type bool at pos 0",
        ),
        (lambda: F.pad(torch.ones(2, 3), (1, 1), mode=None), TypeError, "must be str"),
        (
            lambda: F.pad(torch.ones(2, 3), (1, 1), value="a"),
            TypeError,
            "argument 'value' (position 4) must be float, not str",
        ),
        (
            lambda: F.pad(torch.ones(2, 3), (1,), mode="zeros"),
            NotImplementedError,
            "Unrecognised padding mode zeros",
        ),
        (lambda: F.pad(torch.ones(2, 3), (1,)), RuntimeError, "divisible by 2"),
        (
            lambda: F.pad(torch.ones(2, 3), (1,) * 6),
            RuntimeError,
            f"{TOO_LONG} dimension but got padding length 6 and input of dimension 2",
        ),
        (lambda: F.pad(torch.tensor(1.0), (1, 1)), RuntimeError, TOO_LONG),
        (
            lambda: F.pad(torch.ones(1, 4), (-3, -2)),
            RuntimeError,
            "narrow(): length must be non-negative",
        ),
        (
            lambda: F.pad(torch.ones(1, 4), (-5, 3)),
            RuntimeError,
            "narrow(): length must be non-negative",
        ),
        (
            lambda: F.pad(torch.ones(1, 4), (1, 1), mode="reflect", value=2.0),
            RuntimeError,
            'Padding mode "reflect" doesn\'t take in value argument',
        ),
        (
            lambda: F.pad(torch.ones(4), (1, 1), mode="reflect"),
            NotImplementedError,
            NOT_SUPPORTED.format(2, 1),
        ),
        (
            lambda: F.pad(torch.ones(2, 4), (1, 1, 1, 1), mode="replicate"),
            NotImplementedError,
            NOT_SUPPORTED.format(4, 2),
        ),
        (
            lambda: F.pad(torch.ones(1, 1, 2, 4), (1, 1), mode="circular"),
            NotImplementedError,
            NOT_SUPPORTED.format(2, 4),
        ),
        (
            lambda: F.pad(torch.ones(1, 2, 3, 4, 5), (1,) * 4, mode="reflect"),
            NotImplementedError,
            NOT_SUPPORTED.format(4, 5),
        ),
        (
            lambda: F.pad(torch.ones(1, 2, 4), (4, 0), mode="reflect"),
            RuntimeError,
            "Argument #4: Padding size should be less than the corresponding input "
            "dimension, but got: padding (4, 0) at dimension 2 of input [1, 2, 4]",
        ),
        (
            lambda: F.pad(torch.ones(1, 2, 3, 4), (0, 0, 3, 0), mode="reflect"),
            RuntimeError,
            "Argument #6: Padding size should be less than the corresponding input "
            "dimension, but got: padding (3, 0) at dimension 2 of input [1, 2, 3, 4]",
        ),
        (
            lambda: F.pad(
                torch.ones(1, 2, 3, 4, 5), (0, 0, 0, 0, 3, 0), mode="reflect"
            ),
            RuntimeError,
            "Argument #8: Padding size should be less than",
        ),
        (
            lambda: F.pad(torch.ones(1, 2, 4), (-2, -2), mode="replicate"),
            RuntimeError,
            "input (W: 4) is too small. Calculated output W: 0",
        ),
        (
            lambda: F.pad(torch.ones(1, 2, 3, 4), (-3, -2, -2, -2), mode="reflect"),
            RuntimeError,
            "input (H: 3, W: 4) is too small. Calculated output H: -1 W: -1",
        ),
        (
            lambda: F.pad(torch.ones(1, 2, 3, 4, 5), (-3,) * 6, mode="replicate"),
            RuntimeError,
            "input (D: 3 H: 4, W: 5) is too small. Calculated output D: -3 H: -2 W: -1",
        ),
        (
            lambda: F.pad(torch.zeros(1, 0, 4), (1, 1), mode="reflect"),
            RuntimeError,
            "Expected 2D or 3D (batch mode) tensor with possibly 0 batch size and "
            "other non-zero dimensions for input, but got: [1, 0, 4]",
        ),
        (
            lambda: F.pad(torch.zeros(1, 2, 0, 3), (1,) * 4, mode="replicate"),
            RuntimeError,
            "Expected 3D or 4D (batch mode) tensor",
        ),
        (
            lambda: F.pad(torch.ones(1, 2, 4), (5, 0), mode="circular"),
            RuntimeError,
            "Padding value causes wrapping around more than once",
        ),
        (
            lambda: F.pad(torch.ones(1, 2, 4), (-3, -2), mode="circular"),
            RuntimeError,
            "Negative padding value is resulting in an empty dimension",
        ),
    ],
)
def test_bad_pads_raise_pytorchs_errors(call, error, message):
    with pytest.raises(error) as info:
        call()
    assert message in str(info.value)


@minigrad_only
def test_errors_say_the_way_out():
    with pytest.raises(RuntimeError, match="crop less"):
        F.pad(torch.ones(1, 4), (-3, -2))
    with pytest.raises(RuntimeError, match="use mode='replicate'"):
        F.pad(torch.ones(1, 2, 4), (5, 0), mode="circular")
    # (PyTorch reads memory it never wrote here: minigrad refuses)
    with pytest.raises(RuntimeError, match="wrapping around more than once"):
        F.pad(torch.ones(1, 2, 4), (-3, 3), mode="circular")


def test_a_failed_pad_leaves_its_input_unchanged():
    x = torch.tensor(random(1, 2, 4), requires_grad=True)
    before = to_np(x)
    with pytest.raises(RuntimeError):
        F.pad(x, (4, 0), mode="reflect")
    assert_close(x, before, rtol=0, atol=0)
    assert x.grad is None and x.grad_fn is None


# ---------------------------------------------------------------- padding layers


@pytest.mark.parametrize(
    "layer, text",
    [
        (lambda: nn.ZeroPad2d((1, 1, 2, 0)), "ZeroPad2d((1, 1, 2, 0))"),
        (lambda: nn.ZeroPad2d(1), "ZeroPad2d((1, 1, 1, 1))"),
        (lambda: nn.ZeroPad1d(2), "ZeroPad1d((2, 2))"),
        (lambda: nn.ZeroPad1d([1, 2]), "ZeroPad1d((1, 2))"),
        (lambda: nn.ConstantPad1d(1, 2), "ConstantPad1d(padding=(1, 1), value=2)"),
        (
            lambda: nn.ConstantPad2d((1, 0, 0, 1), 3.5),
            "ConstantPad2d(padding=(1, 0, 0, 1), value=3.5)",
        ),
        (lambda: nn.ReflectionPad1d(1), "ReflectionPad1d((1, 1))"),
        (lambda: nn.ReflectionPad2d((1, 2, 3, 4)), "ReflectionPad2d((1, 2, 3, 4))"),
        (lambda: nn.ReplicationPad1d((2, 0)), "ReplicationPad1d((2, 0))"),
        (lambda: nn.ReplicationPad2d(2), "ReplicationPad2d((2, 2, 2, 2))"),
        (lambda: nn.CircularPad1d(1), "CircularPad1d((1, 1))"),
        (lambda: nn.CircularPad2d((1, 0, 1, 0)), "CircularPad2d((1, 0, 1, 0))"),
    ],
)
def test_padding_layer_reprs(layer, text):
    assert repr(layer()) == text


@pytest.mark.parametrize(
    "layer, mode, value, widths",
    [
        (nn.ZeroPad1d, "constant", 0.0, 2),
        (nn.ZeroPad2d, "constant", 0.0, 4),
        (nn.ConstantPad1d, "constant", -1.5, 2),
        (nn.ConstantPad2d, "constant", 2.0, 4),
        (nn.ReflectionPad1d, "reflect", None, 2),
        (nn.ReflectionPad2d, "reflect", None, 4),
        (nn.ReplicationPad1d, "replicate", None, 2),
        (nn.ReplicationPad2d, "replicate", None, 4),
        (nn.CircularPad1d, "circular", None, 2),
        (nn.CircularPad2d, "circular", None, 4),
    ],
)
def test_padding_layers_are_f_pad(layer, mode, value, widths):
    shape = (2, 3, 4, 5)[4 - widths // 2 - 2 :]  # (N, C, W) or (N, C, H, W)
    a = random(*shape)
    pad = (1, 2, 2, 1)[:widths]
    make = (lambda p: layer(p, value)) if "Constant" in layer.__name__ else layer
    out = make(pad)(torch.tensor(a))
    assert_close(out, numpy_pad(a, pad, mode, value or 0.0), rtol=0, atol=0)
    # an int pads every side by it
    out = make(1)(torch.tensor(a))
    assert_close(out, numpy_pad(a, (1,) * widths, mode, value or 0.0), rtol=0, atol=0)
    assert not list(make(1).parameters())
    check_gradients(lambda x: make(pad)(x), a)


def test_padding_layers_take_unbatched_input():
    assert tuple(nn.ReflectionPad2d(1)(torch.ones(3, 4, 4)).shape) == (3, 6, 6)
    assert tuple(nn.CircularPad1d(1)(torch.ones(3, 4)).shape) == (3, 6)
    assert tuple(nn.ZeroPad2d(1)(torch.ones(4, 4)).shape) == (6, 6)


def test_circular_layers_check_their_rank():
    with pytest.raises(ValueError, match=r"expected 2D or 3D input \(got 4D input\)"):
        nn.CircularPad1d(1)(torch.ones(1, 2, 3, 4))
    with pytest.raises(ValueError, match=r"expected 3D or 4D input \(got 2D input\)"):
        nn.CircularPad2d(1)(torch.ones(3, 4))
    with pytest.raises(NotImplementedError, match="Padding size 4 is not supported"):
        nn.ReflectionPad2d(1)(torch.ones(3, 4))


def test_a_cnn_with_padding_layers_trains():
    torch.manual_seed(0)
    model = nn.Sequential(
        nn.ReflectionPad2d(1),
        nn.Conv2d(1, 2, 3),
        nn.ReLU(),
        nn.ZeroPad2d((1, 1, 1, 1)),
        nn.Conv2d(2, 1, 3),
        nn.Flatten(),
    )
    x = torch.tensor(random(4, 1, 5, 5), dtype=torch.float32)
    target = x.flatten(1) * 0.5
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    losses = []
    for _ in range(20):
        optimizer.zero_grad()
        loss = F.mse_loss(model(x), target)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    assert model(x).shape == (4, 25)
    assert losses[-1] < losses[0]


# ---------------------------------------------------------------- channel dropout


def _channels_dropped_or_scaled(out, p):
    """Each (sample, channel) of `out` (from an input of ones) is all 0 or all
    1 / (1 - p); returns the fraction dropped."""
    values = to_np(out).reshape(out.shape[0], out.shape[1], -1)
    zero = (values == 0).all(axis=2)
    scaled = np.isclose(values, 1 / (1 - p)).all(axis=2)
    assert (zero | scaled).all(), "a channel was partly dropped"
    return zero.mean()


@pytest.mark.parametrize(
    "function, shape",
    [
        (F.dropout1d, (40, 50, 3)),
        (F.dropout2d, (40, 50, 3, 2)),
        (F.dropout3d, (40, 50, 2, 2, 2)),
    ],
)
def test_channel_dropout_drops_whole_channels_with_probability_p(function, shape):
    torch.manual_seed(0)
    for p in (0.2, 0.5):
        out = function(torch.ones(*shape), p)
        dropped = _channels_dropped_or_scaled(out, p)
        assert abs(dropped - p) < 0.05  # 2000 channels: within 5 points


def test_unbatched_dropout1d_and_dropout3d_drop_channels_of_one_sample():
    torch.manual_seed(1)
    out = F.dropout1d(torch.ones(500, 4), 0.5)
    assert tuple(out.shape) == (500, 4)
    dropped = _channels_dropped_or_scaled(out.unsqueeze(0), 0.5)
    assert 0.4 < dropped < 0.6
    out = F.dropout3d(torch.ones(300, 2, 2, 2), 0.5)
    assert 0.4 < _channels_dropped_or_scaled(out.unsqueeze(0), 0.5) < 0.6


def test_dropout2d_of_3d_input_drops_channels_of_n_c_l_and_warns():
    torch.manual_seed(2)
    with pytest.warns(UserWarning, match="Received a 3D input to dropout2d") as got:
        out = F.dropout2d(torch.ones(30, 40, 3), 0.5)
    assert got[0].filename == __file__  # (the caller's line, as PyTorch's)
    assert 0.4 < _channels_dropped_or_scaled(out, 0.5) < 0.6


def test_channel_dropout_is_reproducible_with_manual_seed():
    torch.manual_seed(5)
    first = to_np(F.dropout2d(torch.ones(4, 6, 2, 2), 0.5))
    torch.manual_seed(5)
    assert (to_np(F.dropout2d(torch.ones(4, 6, 2, 2), 0.5)) == first).all()


def test_channel_dropout_gradient_is_its_mask():
    torch.manual_seed(3)
    x = torch.tensor(random(3, 4, 2, 2), requires_grad=True)
    out = F.dropout2d(x, 0.25)
    assert node_name(out) == "MulBackward0"
    out.sum().backward()
    mask = to_np(out) / to_np(x)  # 0 or 1 / 0.75 per channel
    assert_close(x.grad, mask, rtol=1e-12, atol=0)


@pytest.mark.parametrize("function", [F.dropout1d, F.dropout2d, F.dropout3d])
def test_evaluation_and_p_zero_return_the_input_itself(function):
    shape = {F.dropout1d: (2, 3, 4), F.dropout2d: (2, 3, 4, 4)}.get(
        function, (2, 3, 2, 2, 2)
    )
    x = torch.ones(*shape, requires_grad=True)
    assert function(x, 0.5, training=False) is x
    assert function(x, 0.0) is x


def test_p_one_drops_everything():
    x = torch.ones(2, 3, 4, 4, requires_grad=True)
    out = F.dropout2d(x, 1.0)
    assert to_np(out).sum() == 0 and node_name(out) == "MulBackward0"


def test_unbatched_dropout1d_records_a_squeeze():
    x = torch.ones(3, 4, requires_grad=True)
    assert node_name(F.dropout1d(x, 0.5)) == "SqueezeBackward1"
    assert node_name(F.dropout3d(torch.ones(2, 3, 4, 5, requires_grad=True))) == (
        "SqueezeBackward1"
    )


def test_inplace_channel_dropout_writes_into_the_input():
    torch.manual_seed(4)
    x = torch.ones(3, 5, 2, 2)
    out = F.dropout2d(x, 0.5, inplace=True)
    assert out is x
    _channels_dropped_or_scaled(x, 0.5)
    y = torch.ones(6, 3)
    assert F.dropout1d(y, 0.5, inplace=True) is y
    _channels_dropped_or_scaled(y.unsqueeze(0), 0.5)


@pytest.mark.parametrize("ndim, warns", [(2, "2-D input"), (5, "5-D input"), (4, None)])
def test_dropout2d_warns_about_other_ranks(ndim, warns):
    x = torch.ones(*(2, 3, 2, 2, 2)[:ndim])
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        F.dropout2d(x, 0.5, training=False)
    messages = [str(w.message) for w in got]
    if warns is None:
        assert messages == []
    else:
        assert len(messages) == 1 and f"Received a {warns} to dropout2d" in messages[0]
        assert "please use dropout instead" in messages[0]


def test_dropout3d_warns_about_other_ranks():
    with pytest.warns(UserWarning, match="Received a 3-D input to dropout3d"):
        out = F.dropout3d(torch.ones(2, 3, 4), 0.5, training=False)
    assert tuple(out.shape) == (2, 3, 4)


@pytest.mark.parametrize(
    "call, error, message",
    [
        (
            lambda: F.dropout1d(torch.ones(2, 3, 4, 5), 0.5),
            RuntimeError,
            "dropout1d: Expected 2D or 3D input, but received a 4D input",
        ),
        (
            lambda: F.dropout1d(torch.ones(4), 0.5, training=False),
            RuntimeError,
            "received a 1D input",
        ),
        (
            lambda: F.dropout2d(torch.ones(2, 3, 4, 4), 1.5),
            ValueError,
            "dropout probability has to be between 0 and 1, but got 1.5",
        ),
        (lambda: F.dropout3d(torch.ones(2, 3, 2, 2, 2), -0.1), ValueError, "-0.1"),
        (
            lambda: F.dropout2d(torch.ones(2, 3, 4, 4), 0.5, training=0),
            TypeError,
            "argument 'train' (position 3) must be bool, not int",
        ),
        (lambda: nn.Dropout2d(1.5), ValueError, "between 0 and 1, but got 1.5"),
        (lambda: nn.Dropout1d(-1), ValueError, "between 0 and 1"),
    ],
)
def test_channel_dropout_errors(call, error, message):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (dropout2d's rank warnings)
        with pytest.raises(error) as info:
            call()
    assert message in str(info.value)


def test_dropout2d_of_a_vector_warns_then_refuses_to_drop():
    with pytest.warns(UserWarning, match="Received a 1-D input"):
        with pytest.raises(RuntimeError, match="at least 2 dimensions"):
            F.dropout2d(torch.ones(4), 0.5)


def test_a_refused_inplace_dropout_leaves_the_input_unchanged():
    x = torch.ones(2, 3, 4, 4)
    with pytest.raises(ValueError):
        F.dropout2d(x, 2.0, inplace=True)
    assert to_np(x).sum() == 2 * 3 * 4 * 4


def test_dropout_layers_drop_in_training_only():
    layers = [nn.Dropout1d(), nn.Dropout2d(0.3, inplace=True), nn.Dropout3d(p=0.2)]
    texts = [
        "Dropout1d(p=0.5, inplace=False)",
        "Dropout2d(p=0.3, inplace=True)",
        "Dropout3d(p=0.2, inplace=False)",
    ]
    assert [repr(layer) for layer in layers] == texts
    shapes = [(20, 30, 3), (20, 30, 2, 2), (20, 30, 2, 2, 2)]
    torch.manual_seed(6)
    for layer, shape in zip(layers, shapes):
        x = torch.ones(*shape)
        dropped = _channels_dropped_or_scaled(layer(x), layer.p)
        assert abs(dropped - layer.p) < 0.1
        layer.eval()
        x = torch.ones(*shape)
        assert layer(x) is x


# ---------------------------------------------------------------- unflatten


def test_unflatten_splits_a_dimension_as_a_view():
    a = random(2, 12, 3)
    x = torch.tensor(a, requires_grad=True)
    for dim, sizes, shape in [
        (1, (3, 4), (2, 3, 4, 3)),
        (-2, [2, -1], (2, 2, 6, 3)),
        (2, (1, 3, 1), (2, 12, 1, 3, 1)),
        (0, (2,), (2, 12, 3)),
        (1, torch.Size([6, 2]), (2, 6, 2, 3)),
    ]:
        y = x.unflatten(dim, sizes)
        assert tuple(y.shape) == shape
        assert node_name(y) == "ViewBackward0"
        assert_close(y, a.reshape(shape), rtol=0, atol=0)
        assert y._base is not None  # (a view, sharing the input's memory)
    assert tuple(torch.unflatten(x, 1, (4, 3)).shape) == (2, 4, 3, 3)
    check_gradients(lambda t: t.unflatten(1, (3, 4)) * 2.0, a)


def test_unflatten_of_a_transposed_tensor():
    a = random(2, 3, 12)
    y = torch.tensor(a).transpose(1, 2).unflatten(1, (3, 4))
    assert_close(y, a.transpose(0, 2, 1).reshape(2, 3, 4, 3), rtol=0, atol=0)


@pytest.mark.parametrize(
    "call, error, message",
    [
        (
            lambda x: x.unflatten(1, (5, 4)),
            RuntimeError,
            "unflatten: Provided sizes [5, 4] don't multiply up to the size of dim 1 "
            "(12) in the input tensor",
        ),
        (lambda x: x.unflatten(1, (5, -1)), RuntimeError, "sizes [5, -1] don't"),
        (
            lambda x: x.unflatten(1, ()),
            RuntimeError,
            "unflatten: sizes must be non-empty",
        ),
        (
            lambda x: x.unflatten(1, 12),
            TypeError,
            "argument 'sizes' (position 2) must be tuple of ints, not int",
        ),
        (
            lambda x: x.unflatten(1, (3.0, 4)),
            TypeError,
            "found element of type float at pos 0",
        ),
        (
            lambda x: x.unflatten(3, (3, 4)),
            IndexError,
            "Dimension out of range (expected to be in range of [-3, 2], but got 3)",
        ),
        (lambda x: x.unflatten(1, (-1, -1)), RuntimeError, "only one dimension can be"),
        (
            lambda x: nn.Unflatten(1, (5, 4))(x),
            RuntimeError,
            "don't multiply up to the size of dim 1 (12)",
        ),
        (
            lambda x: nn.Unflatten(1, (3.0, 4)),
            TypeError,
            "unflattened_size must be tuple of ints, but found element of type float "
            "at pos 0",
        ),
        (
            lambda x: nn.Unflatten(1, 12),
            TypeError,
            "unflattened_size must be a tuple of ints, but found type int",
        ),
    ],
)
def test_unflatten_errors(call, error, message):
    x = torch.ones(2, 12, 3)
    with pytest.raises(error) as info:
        call(x)
    assert message in str(info.value)


def test_unflatten_of_a_0d_tensor_is_refused():
    with pytest.raises(RuntimeError, match="tensor has no dimensions"):
        torch.tensor(2.0).unflatten(0, (1,))


def test_unflatten_layer():
    assert (
        repr(nn.Unflatten(1, (2, 5, 5)))
        == "Unflatten(dim=1, unflattened_size=(2, 5, 5))"
    )
    assert (
        repr(nn.Unflatten(-1, [3, 4])) == "Unflatten(dim=-1, unflattened_size=[3, 4])"
    )
    text = f"Unflatten(dim=1, unflattened_size={PREFIX}.Size([3, 4]))"
    assert repr(nn.Unflatten(1, torch.Size([3, 4]))) == text
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 12), nn.Unflatten(1, (3, 4)))
    out = model(torch.ones(2, 4))
    assert tuple(out.shape) == (2, 3, 4) and node_name(out) == "ViewBackward0"
    out.sum().backward()
    assert tuple(model[0].weight.grad.shape) == (12, 4)


# ---------------------------------------------------------------- docstrings


@minigrad_only
@pytest.mark.parametrize(
    "name",
    [
        "minigrad.ops.padding",
        "minigrad.nn.padding",
        "minigrad.nn.dropout",
        "minigrad.nn.unflatten",
    ],
)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(
        module,
        extraglobs={"minigrad": torch, "nn": nn, "F": F},
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        verbose=False,
    )
    assert result.failed == 0


@minigrad_only
def test_every_new_public_name_has_a_docstring():
    names = [
        F.pad, F.dropout1d, F.dropout2d, F.dropout3d, torch.unflatten,
        torch.Tensor.unflatten, nn.Unflatten, nn.Dropout1d, nn.Dropout2d,
        nn.Dropout3d, nn.ZeroPad1d, nn.ZeroPad2d, nn.ConstantPad1d,
        nn.ConstantPad2d, nn.ReflectionPad1d, nn.ReflectionPad2d,
        nn.ReplicationPad1d, nn.ReplicationPad2d, nn.CircularPad1d,
        nn.CircularPad2d,
    ]  # fmt: skip
    for name in names:
        assert name.__doc__ and len(name.__doc__) > 40, name
