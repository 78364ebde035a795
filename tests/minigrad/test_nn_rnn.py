"""Recurrent layers: RNN, LSTM, GRU and their cells.

Values against numpy references written from PyTorch's equations (gate
orders i, f, g, o and r, z, n), gradients and double backward against
central differences in float64, PyTorch's parameter names, shapes, start,
repr and error messages. With MINIGRAD_TEST_BACKEND=torch the same tests run
against PyTorch (the few on minigrad's own choices are marked minigrad_only).
"""

import doctest
import importlib
import itertools
import math
import re
import warnings

import numpy as np
import pytest
from mg_testutil import (
    assert_close,
    minigrad_only,
    numerical_vjp,
    to_np,
    torch,
)
from nn_testutil import check_gradients

nn = torch.nn

RNG = np.random.default_rng(12)
GATES = {"RNN": 1, "LSTM": 4, "GRU": 3}


def random(*shape):
    return RNG.standard_normal(shape)


# ------------------------------------------------------- numpy references


def sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


def np_step(kind, x, state, w_ih, w_hh, b_ih, b_hh, nonlinearity="tanh"):
    """One time step of PyTorch's equations; state is h, or (h, c) for LSTM."""
    h = state[0] if kind == "LSTM" else state
    gi = x @ w_ih.T + (0.0 if b_ih is None else b_ih)
    gh = h @ w_hh.T + (0.0 if b_hh is None else b_hh)
    if kind == "RNN":
        pre = gi + gh
        return np.tanh(pre) if nonlinearity == "tanh" else np.maximum(pre, 0.0)
    if kind == "LSTM":
        i, f, g, o = np.split(gi + gh, 4, axis=-1)
        c = sigmoid(f) * state[1] + sigmoid(i) * np.tanh(g)
        return sigmoid(o) * np.tanh(c), c
    i_r, i_z, i_n = np.split(gi, 3, axis=-1)
    h_r, h_z, h_n = np.split(gh, 3, axis=-1)
    r, z = sigmoid(i_r + h_r), sigmoid(i_z + h_z)
    n = np.tanh(i_n + r * h_n)
    return (1.0 - z) * n + z * h


def np_layers(kind, x, params, num_layers, bidirectional, h0=None, c0=None, **kw):
    """A whole multi-layer RNN on a time-first batch x (L, N, F), in numpy.

    Returns (output, h_n) or, for LSTM, (output, h_n, c_n).
    """
    directions = 2 if bidirectional else 1
    hidden = params["weight_hh_l0"].shape[1]
    rows = num_layers * directions
    if h0 is None:
        h0 = np.zeros((rows, x.shape[1], hidden))
    if c0 is None:
        c0 = np.zeros_like(h0)
    h_n, c_n, layer_input = [], [], x
    for layer in range(num_layers):
        outputs = []
        for direction in range(directions):
            k = layer * directions + direction
            suffix = f"_l{layer}" + ("_reverse" if direction else "")
            weights = [
                params.get(name + suffix)
                for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
            ]
            state = (h0[k], c0[k]) if kind == "LSTM" else h0[k]
            out = [None] * len(x)
            times = range(len(x))
            for t in reversed(times) if direction else times:
                state = np_step(kind, layer_input[t], state, *weights, **kw)
                out[t] = state[0] if kind == "LSTM" else state
            outputs.append(np.stack(out))
            h_n.append(state[0] if kind == "LSTM" else state)
            c_n.append(state[1] if kind == "LSTM" else None)
        layer_input = np.concatenate(outputs, axis=-1)
    if kind == "LSTM":
        return layer_input, np.stack(h_n), np.stack(c_n)
    return layer_input, np.stack(h_n)


def make(kind, input_size, hidden_size, **kw):
    """A float64 layer (nn.RNN / nn.LSTM / nn.GRU)."""
    return getattr(nn, kind)(input_size, hidden_size, dtype=torch.float64, **kw)


def params_of(module):
    return {name: to_np(p) for name, p in module.named_parameters()}


def flat(result):
    """Every tensor a layer returns, flattened into one tensor (for backward)."""
    output, hidden = result
    parts = [output] + (list(hidden) if isinstance(hidden, tuple) else [hidden])
    return torch.cat([part.reshape(-1) for part in parts])


def call(module, x, states):
    """module(x) or module(x, h0) or module(x, (h0, c0)) for the states given."""
    if not states:
        return module(x)
    if isinstance(module, (nn.LSTM, nn.LSTMCell)):
        return module(x, tuple(states))
    return module(x, states[0])


def check_parameter_gradients(module, run, seed=1):
    """Backward of run() w.r.t. every parameter, against central differences."""
    params = list(module.parameters())
    start = [to_np(p) for p in params]
    out = run()
    cotangent = np.random.default_rng(seed).standard_normal(tuple(out.shape))
    module.zero_grad()
    out.backward(torch.tensor(cotangent))

    def values(*arrays):
        with torch.no_grad():
            for p, a in zip(params, arrays):
                p.copy_(torch.tensor(a))
            return to_np(run())

    expected = numerical_vjp(values, start, cotangent)
    with torch.no_grad():
        for p, a in zip(params, start):
            p.copy_(torch.tensor(a))
    for (name, p), numeric in zip(module.named_parameters(), expected):
        assert_close(p.grad, numeric, rtol=1e-5, atol=1e-7, msg=name)


# --------------------------------------------------- names, shapes, repr


def test_parameter_names_and_shapes_are_pytorchs():
    lstm = nn.LSTM(3, 5, num_layers=2, bidirectional=True)
    shapes = [(name, tuple(p.shape)) for name, p in lstm.named_parameters()]
    expected = []
    for layer, suffix in itertools.product(range(2), ["", "_reverse"]):
        s = f"_l{layer}{suffix}"
        width = 3 if layer == 0 else 10  # layer 1 reads both directions
        expected += [
            ("weight_ih" + s, (20, width)),
            ("weight_hh" + s, (20, 5)),
            ("bias_ih" + s, (20,)),
            ("bias_hh" + s, (20,)),
        ]
    assert shapes == expected
    assert [n for n, _ in nn.GRU(3, 4, bias=False).named_parameters()] == [
        "weight_ih_l0",
        "weight_hh_l0",
    ]
    assert tuple(nn.GRU(3, 4).weight_ih_l0.shape) == (12, 3)
    assert tuple(nn.RNN(3, 4).weight_hh_l0.shape) == (4, 4)


def test_cell_parameter_names_and_shapes():
    for cell, gates in [(nn.RNNCell, 1), (nn.LSTMCell, 4), (nn.GRUCell, 3)]:
        shapes = [(n, tuple(p.shape)) for n, p in cell(3, 5).named_parameters()]
        assert shapes == [
            ("weight_ih", (gates * 5, 3)),
            ("weight_hh", (gates * 5, 5)),
            ("bias_ih", (gates * 5,)),
            ("bias_hh", (gates * 5,)),
        ]
        no_bias = cell(3, 5, bias=False)
        assert no_bias.bias_ih is None and no_bias.bias_hh is None
        assert len(list(no_bias.parameters())) == 2


def test_reprs_are_pytorchs():
    assert repr(nn.RNN(10, 20)) == "RNN(10, 20)"
    assert repr(nn.RNN(10, 20, nonlinearity="relu")) == "RNN(10, 20)"
    assert (
        repr(nn.LSTM(10, 20, num_layers=2, batch_first=True))
        == "LSTM(10, 20, num_layers=2, batch_first=True)"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gru = nn.GRU(1, 2, bias=False, dropout=0.5, bidirectional=True)
    assert repr(gru) == "GRU(1, 2, bias=False, dropout=0.5, bidirectional=True)"
    assert repr(nn.RNNCell(3, 4, nonlinearity="relu")) == (
        "RNNCell(3, 4, nonlinearity=relu)"
    )
    assert repr(nn.LSTMCell(3, 4)) == "LSTMCell(3, 4)"
    assert repr(nn.GRUCell(3, 4, bias=False)) == "GRUCell(3, 4, bias=False)"


def test_attributes_as_pytorch():
    rnn = nn.RNN(3, 4, 2, "relu", False, True, 0.0, True)  # positional, as PyTorch
    assert (rnn.input_size, rnn.hidden_size, rnn.num_layers) == (3, 4, 2)
    assert rnn.nonlinearity == "relu" and rnn.mode == "RNN_RELU"
    assert rnn.bias is False and rnn.batch_first is True and rnn.bidirectional
    assert rnn.dropout == 0.0 and isinstance(rnn.dropout, float)
    assert rnn._all_weights == [
        ["weight_ih_l0", "weight_hh_l0"],
        ["weight_ih_l0_reverse", "weight_hh_l0_reverse"],
        ["weight_ih_l1", "weight_hh_l1"],
        ["weight_ih_l1_reverse", "weight_hh_l1_reverse"],
    ]
    assert rnn.all_weights[1][0] is rnn.weight_ih_l0_reverse
    assert rnn.flatten_parameters() is None
    assert nn.LSTM(3, 4).mode == "LSTM" and nn.GRU(3, 4).proj_size == 0


def test_every_parameter_starts_uniform_in_one_over_sqrt_hidden():
    torch.manual_seed(0)
    bound = 1 / math.sqrt(16)
    for module in [nn.LSTM(8, 16, 2), nn.GRU(8, 16), nn.RNNCell(8, 16)]:
        values = np.concatenate([to_np(p).ravel() for p in module.parameters()])
        assert values.min() >= -bound and values.max() <= bound
        assert values.max() - values.min() > 1.8 * bound  # biases too, not zeros
        assert abs(values.std() - bound / math.sqrt(3)) < 0.1 * bound
    torch.manual_seed(3)
    a = nn.GRU(2, 3)
    torch.manual_seed(3)
    b = nn.GRU(2, 3)
    assert_close(a.weight_hh_l0, b.weight_hh_l0, rtol=0, atol=0)


def test_dtype_argument_and_double():
    assert nn.LSTM(2, 3, dtype=torch.float64).weight_ih_l0.dtype == torch.float64
    assert nn.GRUCell(2, 3).weight_ih.dtype == torch.float32
    gru = nn.GRU(2, 3).double()
    output, h_n = gru(torch.zeros(4, 1, 2, dtype=torch.float64))
    assert output.dtype == torch.float64 and h_n.dtype == torch.float64


# -------------------------------------------------------- values vs numpy


LAYER_CASES = [
    # kind, settings
    ("RNN", {}),
    ("RNN", {"nonlinearity": "relu", "bias": False}),
    ("LSTM", {}),
    ("LSTM", {"num_layers": 2, "bidirectional": True}),
    ("GRU", {}),
    ("GRU", {"num_layers": 2, "bias": False}),
    ("GRU", {"bidirectional": True, "batch_first": True}),
    ("RNN", {"num_layers": 2, "bidirectional": True, "batch_first": True}),
]


@pytest.mark.parametrize("kind, settings", LAYER_CASES)
@pytest.mark.parametrize("with_h0", [False, True])
def test_layer_values_match_the_numpy_equations(kind, settings, with_h0):
    module = make(kind, 3, 4, **settings)
    layers = settings.get("num_layers", 1)
    bidirectional = settings.get("bidirectional", False)
    rows = layers * (2 if bidirectional else 1)
    x = random(5, 2, 3)  # time first
    states = [random(rows, 2, 4) for _ in range(2 if kind == "LSTM" else 1)]
    expected = np_layers(
        kind,
        x,
        params_of(module),
        layers,
        bidirectional,
        *(states if with_h0 else []),
        nonlinearity=settings.get("nonlinearity", "tanh"),
    )
    given = np.swapaxes(x, 0, 1) if settings.get("batch_first") else x
    output, hidden = call(
        module, torch.tensor(given), [torch.tensor(s) for s in states] * with_h0
    )
    if settings.get("batch_first"):
        output = output.transpose(0, 1)
    got = [output] + (list(hidden) if kind == "LSTM" else [hidden])
    assert len(got) == len(expected)
    for g, e in zip(got, expected):
        assert tuple(g.shape) == e.shape
        assert_close(g, e, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("kind", ["RNN", "LSTM", "GRU"])
def test_unbatched_input_is_the_batch_of_one(kind):
    module = make(kind, 3, 4, num_layers=2, bidirectional=True)
    x = torch.tensor(random(6, 3))
    states = [torch.tensor(random(4, 4)) for _ in range(2 if kind == "LSTM" else 1)]
    output, hidden = call(module, x, states)
    batched, batched_hidden = call(
        module, x.unsqueeze(1), [s.unsqueeze(1) for s in states]
    )
    assert tuple(output.shape) == (6, 8)
    assert_close(output, batched.squeeze(1), rtol=0, atol=1e-14)
    pairs = (
        zip(hidden, batched_hidden) if kind == "LSTM" else [(hidden, batched_hidden)]
    )
    for h, b in pairs:
        assert tuple(h.shape) == (4, 4)
        assert_close(h, b.squeeze(1), rtol=0, atol=1e-14)
    # batch_first changes nothing for an unbatched input, as in PyTorch.
    module.batch_first = True
    assert_close(call(module, x, states)[0], output, rtol=0, atol=0)


@pytest.mark.parametrize("kind", ["RNN", "LSTM", "GRU"])
def test_missing_h0_means_zeros(kind):
    module = make(kind, 2, 3, num_layers=2)
    x = torch.tensor(random(4, 5, 2))
    zeros = [torch.zeros(2, 5, 3, dtype=torch.float64)] * (2 if kind == "LSTM" else 1)
    assert_close(flat(module(x)), flat(call(module, x, zeros)), rtol=0, atol=0)


@pytest.mark.parametrize(
    "kind, gates", [("RNNCell", 1), ("LSTMCell", 4), ("GRUCell", 3)]
)
@pytest.mark.parametrize("batched", [True, False])
def test_cell_values_match_the_numpy_equations(kind, gates, batched):
    settings = {"nonlinearity": "relu"} if kind == "RNNCell" else {}
    cell = getattr(nn, kind)(3, 4, dtype=torch.float64, **settings)
    shape = (2,) if batched else ()
    x = random(*shape, 3)
    states = [random(*shape, 4) for _ in range(2 if kind == "LSTMCell" else 1)]
    p = params_of(cell)
    weights = (p["weight_ih"], p["weight_hh"], p["bias_ih"], p["bias_hh"])
    state = tuple(states) if kind == "LSTMCell" else states[0]
    expected = np_step(kind[:-4], x, state, *weights, **settings)
    got = call(cell, torch.tensor(x), [torch.tensor(s) for s in states])
    if kind != "LSTMCell":
        expected, got = (expected,), (got,)
    for g, e in zip(got, expected):
        assert tuple(g.shape) == e.shape
        assert_close(g, e, rtol=1e-12, atol=1e-14)
    # No hidden state given: zeros.
    zeros = [np.zeros((*shape, 4))] * len(states)
    expected = np_step(
        kind[:-4],
        x,
        tuple(zeros) if kind == "LSTMCell" else zeros[0],
        *weights,
        **settings,
    )
    got = cell(torch.tensor(x))
    if kind != "LSTMCell":
        expected, got = (expected,), (got,)
    for g, e in zip(got, expected):
        assert_close(g, e, rtol=1e-12, atol=1e-14)


def test_a_layer_is_its_cell_run_over_time():
    # The cells and the layers share one step: a loop of LSTMCell is nn.LSTM.
    lstm = make("LSTM", 3, 4)
    cell = nn.LSTMCell(3, 4, dtype=torch.float64)
    with torch.no_grad():
        for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            getattr(cell, name).copy_(getattr(lstm, name + "_l0"))
    x = torch.tensor(random(5, 2, 3))
    output, (h_n, c_n) = lstm(x)
    state = None
    for t in range(5):
        state = cell(x[t], state)
        assert_close(output[t], state[0], rtol=0, atol=1e-15)
    assert_close(h_n[0], state[0], rtol=0, atol=1e-15)
    assert_close(c_n[0], state[1], rtol=0, atol=1e-15)


# -------------------------------------------------------------- dropout


def test_dropout_only_between_layers_and_only_in_training():
    module = make("GRU", 2, 3, num_layers=2, dropout=1.0)
    x = random(4, 2, 2)
    params = params_of(module)
    plain = np_layers("GRU", x, params, 2, False)
    # Evaluation: no dropout at all.
    module.eval()
    assert_close(flat(module(torch.tensor(x))), flat_np(plain), rtol=1e-12, atol=0)
    # Training with p = 1: layer 0's output is zeroed, so layer 1 reads zeros;
    # the last layer's output itself is not dropped.
    module.train()
    output, h_n = module(torch.tensor(x))
    layer0 = np_layers("GRU", x, params, 1, False)
    deeper = {k[:-1] + "0": v for k, v in params.items() if k.endswith("_l1")}
    layer1 = np_layers("GRU", np.zeros((4, 2, 3)), deeper, 1, False)
    assert_close(output, layer1[0], rtol=1e-12, atol=1e-14)
    assert_close(h_n, np.concatenate([layer0[1], layer1[1]]), rtol=1e-12, atol=1e-14)


def flat_np(arrays):
    return np.concatenate([a.ravel() for a in arrays])


def test_dropout_with_one_layer_warns_as_pytorch():
    with pytest.warns(UserWarning, match="non-zero dropout expects num_layers"):
        nn.LSTM(2, 3, dropout=0.2)


def test_dropout_in_training_changes_the_output_between_calls():
    torch.manual_seed(0)
    module = nn.RNN(4, 8, num_layers=3, dropout=0.5)
    x = torch.randn(5, 3, 4)
    assert not torch.equal(module(x)[0], module(x)[0])
    module.eval()
    assert torch.equal(module(x)[0], module(x)[0])


# ------------------------------------------------------------- gradients


GRAD_CASES = [
    ("RNN", {}, "batched"),
    ("RNN", {"nonlinearity": "relu"}, "unbatched"),
    ("LSTM", {}, "batched"),
    ("LSTM", {"batch_first": True}, "batched"),
    ("LSTM", {"num_layers": 2, "bidirectional": True}, "unbatched"),
    ("GRU", {}, "unbatched"),
    ("GRU", {"num_layers": 2}, "batched"),
    ("GRU", {"bidirectional": True, "batch_first": True}, "batched"),
]


@pytest.mark.parametrize("kind, settings, batching", GRAD_CASES)
@pytest.mark.parametrize("with_h0", [False, True])
def test_gradients_reach_the_input_and_h0(kind, settings, batching, with_h0):
    module = make(kind, 2, 3, **settings)
    rows = settings.get("num_layers", 1) * (1 + settings.get("bidirectional", False))
    batch = (2,) if batching == "batched" else ()
    x = random(4, *batch, 2) if not settings.get("batch_first") else random(2, 4, 2)
    n_states = (2 if kind == "LSTM" else 1) if with_h0 else 0
    states = [random(rows, *batch, 3) for _ in range(n_states)]
    check_gradients(lambda x, *s: flat(call(module, x, list(s))), x, *states)


PARAMETER_CASES = [
    ("RNN", {"num_layers": 2}),
    ("LSTM", {"bidirectional": True}),
    ("GRU", {"batch_first": True, "bias": True}),
]


@pytest.mark.parametrize("kind, settings", PARAMETER_CASES)
def test_gradients_reach_every_parameter(kind, settings):
    module = make(kind, 2, 2, **settings)
    x = torch.tensor(random(3, 2, 2))
    check_parameter_gradients(module, lambda: flat(module(x)))


@pytest.mark.parametrize("kind", ["RNNCell", "LSTMCell", "GRUCell"])
@pytest.mark.parametrize("batched", [True, False])
def test_cell_gradients(kind, batched):
    cell = getattr(nn, kind)(2, 3, dtype=torch.float64)
    shape = (2,) if batched else ()
    states = [random(*shape, 3) for _ in range(2 if kind == "LSTMCell" else 1)]

    def run(x, *s):
        out = call(cell, x, list(s))
        return torch.cat(out) if kind == "LSTMCell" else out

    check_gradients(run, random(*shape, 2), *states)
    x = torch.tensor(random(*shape, 2))
    check_parameter_gradients(cell, lambda: run(x))


@pytest.mark.parametrize("kind", ["RNN", "LSTM", "GRU"])
def test_double_backward(kind):
    # The gradient w.r.t. the input, itself differentiated: a graph of real
    # operations gives second derivatives for free.
    module = make(kind, 2, 2, bidirectional=kind == "GRU")
    cotangent = torch.tensor(random(3, 2, 2 * (1 + (kind == "GRU"))))

    def input_gradient(x):
        with torch.enable_grad():
            leaf = x if x.requires_grad else x.detach().requires_grad_()
            output = module(leaf)[0]
            (grad,) = torch.autograd.grad(output, leaf, cotangent, create_graph=True)
        return grad

    check_gradients(input_gradient, random(3, 2, 2))


def test_training_a_tiny_sequence_model_lowers_its_loss():
    torch.manual_seed(0)
    lstm, head = nn.LSTM(1, 8, batch_first=True), nn.Linear(8, 1)
    params = list(lstm.parameters()) + list(head.parameters())
    optimizer = torch.optim.Adam(params, lr=0.05)
    x = torch.sin(torch.arange(16.0) * 0.5).reshape(1, 16, 1)
    losses = []
    for _ in range(40):
        output, _ = lstm(x[:, :-1])
        loss = ((head(output) - x[:, 1:]) ** 2).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    assert losses[-1] < 0.2 * losses[0]


# ------------------------------------------------------------------ graph


def grad_fn_name(t):
    return type(t.grad_fn).__name__


def test_the_graph_shows_the_steps_as_pytorch_records_them():
    x = torch.randn(4, 2, 3, requires_grad=True)
    output, h_n = nn.GRU(3, 5)(x)
    assert grad_fn_name(output) == "StackBackward0"
    assert grad_fn_name(h_n) == "StackBackward0"
    assert grad_fn_name(nn.RNN(3, 5, bidirectional=True)(x)[0]) == "CatBackward0"
    assert grad_fn_name(nn.RNN(3, 5)(x[:, 0])[0]) == "SqueezeBackward1"
    assert grad_fn_name(nn.RNNCell(3, 5)(x[0])) == "TanhBackward0"
    assert grad_fn_name(nn.RNNCell(3, 5, nonlinearity="relu")(x[0])) == "ReluBackward0"
    assert grad_fn_name(nn.GRUCell(3, 5)(x[0])) == "AddBackward0"
    h, c = nn.LSTMCell(3, 5)(x[0])
    assert (grad_fn_name(h), grad_fn_name(c)) == ("MulBackward0", "AddBackward0")
    assert grad_fn_name(nn.GRUCell(3, 5)(x[0, 0])) == "SqueezeBackward1"


@minigrad_only
def test_an_lstm_layer_is_a_graph_of_ordinary_nodes():
    # PyTorch records its LSTM layer on the CPU as one fused node
    # (MkldnnRnnLayerBackward0); minigrad's graph shows every step.
    x = torch.randn(3, 2, 4, requires_grad=True)
    output, (h_n, c_n) = nn.LSTM(4, 5)(x)
    assert grad_fn_name(output) == "StackBackward0"
    seen, stack = set(), [output.grad_fn]
    while stack:
        node = stack.pop()
        if node is None or node in seen:
            continue
        seen.add(node)
        stack.extend(child for child, _ in node.next_functions)
    names = {type(node).__name__ for node in seen}
    assert {
        "SigmoidBackward0",
        "TanhBackward0",
        "MulBackward0",
        "AddmmBackward0",
    } <= names


# ------------------------------------------------------------------ errors


def lstm_states(*shapes):
    return tuple(torch.zeros(*shape) for shape in shapes)


# (what, make the module, input shape, hidden state(s), error, PyTorch's words)
FORWARD_ERRORS = [
    (
        "4-D input",
        lambda: nn.RNN(10, 20),
        (5, 3, 10, 1),
        None,
        ValueError,
        r"RNN: Expected input to be 2D or 3D, got 4D",
    ),
    (
        "1-D input",
        lambda: nn.LSTM(10, 20),
        (10,),
        None,
        ValueError,
        r"LSTM: Expected input to be 2D or 3D, got 1D",
    ),
    (
        "input size",
        lambda: nn.GRU(10, 20),
        (5, 3, 7),
        None,
        RuntimeError,
        r"input.size\(-1\) must be equal to input_size. Expected 10, got 7",
    ),
    (
        "h0 batch",
        lambda: nn.RNN(10, 20),
        (5, 3, 10),
        torch.zeros(1, 4, 20),
        RuntimeError,
        r"Expected hidden size \(1, 3, 20\), got \[1, 4, 20\]",
    ),
    (
        "h0 batch, batch_first",
        lambda: nn.RNN(10, 20, batch_first=True),
        (3, 5, 10),
        torch.zeros(1, 5, 20),
        RuntimeError,
        r"Expected hidden size \(1, 3, 20\), got \[1, 5, 20\]",
    ),
    (
        "h0 layers",
        lambda: nn.GRU(10, 20, 2, bidirectional=True),
        (5, 3, 10),
        torch.zeros(2, 3, 20),
        RuntimeError,
        r"Expected hidden size \(4, 3, 20\), got \[2, 3, 20\]",
    ),
    (
        "2-D h0, batched",
        lambda: nn.RNN(10, 20),
        (5, 3, 10),
        torch.zeros(3, 20),
        RuntimeError,
        r"For batched 3-D input, hx should also be 3-D but got 2-D",
    ),
    (
        "3-D h0, unbatched",
        lambda: nn.GRU(10, 20),
        (5, 10),
        torch.zeros(1, 1, 20),
        RuntimeError,
        r"For unbatched 2-D input, hx should also be 2-D but got 3-D",
    ),
    (
        "c0 size",
        lambda: nn.LSTM(10, 20),
        (5, 3, 10),
        lstm_states((1, 3, 20), (1, 3, 21)),
        RuntimeError,
        r"Expected hidden\[1\] size \(1, 3, 20\), got \[1, 3, 21\]",
    ),
    (
        "h0 size",
        lambda: nn.LSTM(10, 20),
        (5, 3, 10),
        lstm_states((1, 3, 19), (1, 3, 20)),
        RuntimeError,
        r"Expected hidden\[0\] size \(1, 3, 20\), got \[1, 3, 19\]",
    ),
    (
        "2-D pair, batched",
        lambda: nn.LSTM(10, 20),
        (5, 3, 10),
        lstm_states((3, 20), (3, 20)),
        RuntimeError,
        r"For batched 3-D input, hx and cx should also be 3-D but got \(2-D, 2-D\)",
    ),
    (
        "empty sequence",
        lambda: nn.RNN(10, 20),
        (0, 3, 10),
        None,
        RuntimeError,
        r"Expected sequence length to be larger than 0",
    ),
    (
        "3-D cell input",
        lambda: nn.RNNCell(10, 20),
        (5, 3, 10),
        None,
        ValueError,
        r"RNNCell: Expected input to be 1D or 2D, got 3D",
    ),
    (
        "3-D cell state",
        lambda: nn.GRUCell(10, 20),
        (3, 10),
        torch.zeros(1, 3, 20),
        ValueError,
        r"GRUCell: Expected hidden to be 1D or 2D, got 3D",
    ),
    (
        "cell input size",
        lambda: nn.RNNCell(10, 20),
        (3, 7),
        None,
        RuntimeError,
        r"input has inconsistent input_size: got 7 expected 10",
    ),
    (
        "cell batch",
        lambda: nn.GRUCell(10, 20),
        (3, 10),
        torch.zeros(4, 20),
        RuntimeError,
        r"Input batch size 3 doesn't match hidden0 batch size 4",
    ),
    (
        "cell hidden size",
        lambda: nn.RNNCell(10, 20),
        (3, 10),
        torch.zeros(3, 21),
        RuntimeError,
        r"hidden0 has inconsistent hidden_size: got 21, expected 20",
    ),
    (
        "LSTM cell c",
        lambda: nn.LSTMCell(10, 20),
        (3, 10),
        lstm_states((3, 20), (3, 21)),
        RuntimeError,
        r"hidden1 has inconsistent hidden_size: got 21, expected 20",
    ),
]


@pytest.mark.parametrize(
    "make_module, shape, hx, error, words",
    [case[1:] for case in FORWARD_ERRORS],
    ids=[case[0] for case in FORWARD_ERRORS],
)
def test_bad_input_raises_as_pytorch_and_changes_nothing(
    make_module, shape, hx, error, words
):
    module = make_module()
    before = {name: to_np(p) for name, p in module.named_parameters()}
    with pytest.raises(error, match=words):
        module(torch.zeros(*shape), hx)
    for name, p in module.named_parameters():
        assert_close(p, before[name], rtol=0, atol=0)
        assert p.grad is None
    assert module.training


def test_input_of_another_dtype_is_refused_as_pytorch():
    with pytest.raises(ValueError, match=r"RNN input dtype .*float64.* does not match"):
        nn.LSTM(2, 3)(torch.zeros(4, 1, 2, dtype=torch.float64))
    with pytest.raises(ValueError, match=r"RNN input dtype .*int64"):
        nn.RNN(2, 3)(torch.zeros(4, 1, 2, dtype=torch.int64))
    with pytest.raises(RuntimeError, match="dtype"):
        nn.GRUCell(2, 3)(torch.zeros(1, 2, dtype=torch.float64))


@minigrad_only
def test_minigrad_names_the_shapes_the_student_gave():
    # Unbatched: the expected shape in the student's own terms (PyTorch says
    # (1, 1, 20) and [2, 1, 20], after adding a batch dimension of its own).
    with pytest.raises(
        RuntimeError, match=r"Expected hidden size \(1, 20\), got \[2, 20\]"
    ):
        nn.RNN(10, 20)(torch.zeros(5, 10), torch.zeros(2, 20))
    with pytest.raises(RuntimeError, match=r"input of shape \[5, 3, 7\]"):
        nn.GRU(10, 20)(torch.zeros(5, 3, 7))
    with pytest.raises(
        RuntimeError,
        match=r"unbatched 1-D input, hidden should be of shape \(20,\), got \[3, 20\]",
    ):
        nn.RNNCell(10, 20)(torch.zeros(10), torch.zeros(3, 20))
    with pytest.raises(
        RuntimeError,
        match=r"batched 2-D input, hidden should be of shape \(3, 20\), got \[20\]",
    ):
        nn.RNNCell(10, 20)(torch.zeros(3, 10), torch.zeros(20))
    with pytest.raises(RuntimeError, match=r"Expected hidden of dtype"):
        nn.RNN(2, 3)(torch.zeros(4, 1, 2), torch.zeros(1, 1, 3, dtype=torch.float64))
    with pytest.raises(TypeError, match=r"hx should be the pair \(h_0, c_0\)"):
        nn.LSTM(10, 20)(torch.zeros(5, 3, 10), torch.zeros(1, 3, 20))
    with pytest.raises(TypeError, match=r"hx should be the pair \(h, c\)"):
        nn.LSTMCell(10, 20)(torch.zeros(3, 10), torch.zeros(3, 20))


CONSTRUCTOR_ERRORS = [
    (
        lambda: nn.RNN(10, 20, nonlinearity="sigmoid"),
        ValueError,
        r"Unknown nonlinearity 'sigmoid'. Select from 'tanh' or 'relu'.",
    ),
    (lambda: nn.RNN(10, 20, 1, "sigmoid"), ValueError, r"Unknown nonlinearity"),
    (
        lambda: nn.GRU(10, 20, dropout=1.5),
        ValueError,
        r"dropout should be a number in range \[0, 1\]",
    ),
    (lambda: nn.LSTM(10, 20, dropout=True), ValueError, r"dropout should be"),
    (lambda: nn.RNN(10.0, 20), TypeError, r"input_size should be of type int"),
    (lambda: nn.RNN(10, 0), ValueError, r"hidden_size must be greater than zero"),
    (lambda: nn.GRU(10, 20, 0), ValueError, r"num_layers must be greater than zero"),
    (lambda: nn.LSTM(10, 20, bias=1), TypeError, r"bias should be of type bool"),
    (lambda: nn.RNN(2, 3, batch_first=1), TypeError, r"batch_first should be"),
]


@pytest.mark.parametrize("build, error, words", CONSTRUCTOR_ERRORS)
def test_bad_settings_raise_as_pytorch(build, error, words):
    with pytest.raises(error, match=words):
        build()


@minigrad_only
def test_settings_minigrad_refuses():
    with pytest.raises(NotImplementedError, match="proj_size"):
        nn.LSTM(10, 20, proj_size=5)
    # PyTorch waits for the first forward (RuntimeError); minigrad says so at once.
    with pytest.raises(ValueError, match=r"Unknown nonlinearity 'foo'"):
        nn.RNNCell(10, 20, nonlinearity="foo")
    with pytest.raises(ValueError, match="input_size must be greater than zero"):
        nn.GRUCell(0, 20)


# ------------------------------------------------------------------- docs


@minigrad_only
def test_docstring_examples_run():
    module = importlib.import_module("minigrad.nn.rnn")
    torch.manual_seed(0)
    result = doctest.testmod(
        module,
        extraglobs={"minigrad": torch, "nn": nn},
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
    )
    assert result.attempted > 0 and result.failed == 0


@minigrad_only
def test_every_public_name_has_a_docstring():
    module = importlib.import_module("minigrad.nn.rnn")
    for name in ["RNNBase", "RNNCellBase", "RNN", "LSTM", "GRU"] + [
        "RNNCell",
        "LSTMCell",
        "GRUCell",
    ]:
        cls = getattr(module, name)
        assert cls.__doc__ and getattr(nn, name) is cls
        for attr, value in vars(cls).items():
            if not attr.startswith("_") and callable(value):
                assert value.__doc__, f"{name}.{attr}"
    assert re.search(r"i, f, g, o", module.LSTMCell.__doc__ + module._lstm_step.__doc__)
