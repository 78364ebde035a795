"""nn.utils: padded and packed sequences (and the recurrent layers reading
them), parametrizations (weight norm, spectral norm), parameters as one
vector, gradient norms in two steps; Sequential/ModuleList insert and pop.

A packed batch through RNN/LSTM/GRU is checked against each sequence run on
its own (what packing promises); gradients against central differences in
float64. With MINIGRAD_TEST_BACKEND=torch the same tests run against PyTorch
(the few on minigrad's own choices are marked minigrad_only).
"""

import warnings

import numpy as np
import pytest
from mg_testutil import assert_close, minigrad_only, to_np, torch
from nn_testutil import check_gradients

nn = torch.nn
R = nn.utils.rnn
P = nn.utils.parametrize

RNG = np.random.default_rng(46)


def random(*shape):
    return RNG.standard_normal(shape)


def f64(array, requires_grad=False):
    return torch.tensor(
        np.asarray(array, dtype=np.float64), requires_grad=requires_grad
    )


# ------------------------------------------------------------ pad_sequence


def test_pad_sequence_pads_each_side_and_layout():
    a, b = random(2, 3), random(4, 3)
    out = R.pad_sequence([f64(a), f64(b)])
    assert tuple(out.shape) == (4, 2, 3)
    assert_close(out[:2, 0], a)
    assert_close(out[2:, 0], np.zeros((2, 3)))
    assert_close(out[:, 1], b)
    first = R.pad_sequence([f64(a), f64(b)], batch_first=True, padding_value=-1.0)
    assert tuple(first.shape) == (2, 4, 3)
    assert_close(first[0, 2:], -np.ones((2, 3)))
    left = R.pad_sequence([f64(a), f64(b)], batch_first=True, padding_side="left")
    assert_close(left[0, 2:], a)
    assert_close(left[0, :2], np.zeros((2, 3)))


def test_pad_sequence_gradient():
    check_gradients(
        lambda a, b: R.pad_sequence([a, b], padding_side="left") * 2.0,
        random(2, 3),
        random(3, 3),
    )


def test_pad_sequence_bad_input():
    with pytest.raises(RuntimeError, match="padding_side"):
        R.pad_sequence([f64([1.0])], padding_side="middle")
    with pytest.raises(RuntimeError, match="empty list"):
        R.pad_sequence([])
    with pytest.raises(RuntimeError):
        R.pad_sequence([f64(random(2, 3)), f64(random(2, 4))])


# ----------------------------------------------------------------- packing


def test_pack_padded_sequence_sorted_layout():
    x = f64(np.arange(12.0).reshape(3, 4, 1))  # (L=3, N=4, 1)
    packed = R.pack_padded_sequence(x, [3, 2, 2, 1])
    assert packed.batch_sizes.tolist() == [4, 3, 1]
    assert packed.sorted_indices is None and packed.unsorted_indices is None
    # step 0 of all four, step 1 of the first three, step 2 of the first
    assert to_np(packed.data).ravel().tolist() == [0, 1, 2, 3, 4, 5, 6, 8]
    assert packed._fields == (
        "data",
        "batch_sizes",
        "sorted_indices",
        "unsorted_indices",
    )


def test_pack_unsorted_and_back():
    x = random(3, 4, 2)  # batch first: 3 sequences of at most 4 steps
    lengths = [2, 4, 3]
    packed = R.pack_padded_sequence(
        f64(x), torch.tensor(lengths), batch_first=True, enforce_sorted=False
    )
    assert packed.sorted_indices.tolist() == [1, 2, 0]
    assert packed.unsorted_indices.tolist() == [2, 0, 1]
    assert packed.batch_sizes.tolist() == [3, 3, 2, 1]
    padded, back = R.pad_packed_sequence(
        packed, batch_first=True, padding_value=7.0, total_length=6
    )
    assert back.tolist() == lengths
    assert tuple(padded.shape) == (3, 6, 2)
    for i, n in enumerate(lengths):
        assert_close(padded[i, :n], x[i, :n])
        assert_close(padded[i, n:], np.full((6 - n, 2), 7.0))


def test_pack_pad_round_trip_gradient():
    lengths = [3, 1, 2]

    def round_trip(x):
        packed = R.pack_padded_sequence(x, lengths, enforce_sorted=False)
        return R.pad_packed_sequence(packed)[0] * 3.0

    grad = check_gradients(round_trip, random(3, 3, 2))[0]
    # padding steps take no gradient
    assert np.all(grad[1:, 1] == 0) and np.all(grad[2:, 2] == 0)


def test_pack_sequence_unpack_and_unpad():
    seqs = [random(2, 3), random(4, 3), random(1, 3)]
    unpacked = R.unpack_sequence(
        R.pack_sequence([f64(s) for s in seqs], enforce_sorted=False)
    )
    padded = R.pad_sequence([f64(s) for s in seqs])
    unpadded = R.unpad_sequence(padded, torch.tensor([2, 4, 1]))
    for seq, a, b in zip(seqs, unpacked, unpadded):
        assert_close(a, seq)
        assert_close(b, seq)


def test_packing_bad_input():
    x = f64(random(3, 2))
    with pytest.raises(RuntimeError, match="sorted in decreasing order"):
        R.pack_padded_sequence(x, [1, 3])
    with pytest.raises(RuntimeError, match="greater than 0"):
        R.pack_padded_sequence(x, [3, 0])
    with pytest.raises(RuntimeError, match="equal to batch_size"):
        R.pack_padded_sequence(x, [3])
    packed = R.pack_padded_sequence(x, [3, 2])
    with pytest.raises(ValueError, match="total_length"):
        R.pad_packed_sequence(packed, total_length=2)
    with pytest.raises(RuntimeError, match="received an empty list"):
        R.pack_sequence([])


@minigrad_only
def test_length_longer_than_the_input_is_refused():
    # PyTorch reads past the end of the input here.
    with pytest.raises(RuntimeError, match="longer than the input's 3 time steps"):
        R.pack_padded_sequence(f64(random(3, 2)), [4, 3])


def test_packed_sequence_fields_and_to():
    data, sizes = f64([1.0, 2.0, 3.0]), torch.tensor([2, 1])
    packed = R.PackedSequence(data, sizes, torch.tensor([1, 0]))
    assert packed.unsorted_indices.tolist() == [1, 0]
    assert R.PackedSequence(data, sizes).sorted_indices is None
    single = packed.to(torch.float32)
    assert single.data.dtype == torch.float32
    assert single.batch_sizes is sizes
    assert packed.float().data.dtype == torch.float32
    assert not packed.is_cuda


# -------------------------------------------------- RNN, LSTM, GRU on packs


@pytest.mark.parametrize("mode", ["RNN", "LSTM", "GRU"])
@pytest.mark.parametrize("bidirectional", [False, True])
def test_packed_run_equals_each_sequence_alone(mode, bidirectional):
    layer = getattr(nn, mode)(3, 4, num_layers=2, bidirectional=bidirectional)
    layer = layer.double()
    lengths = [2, 5, 3]
    seqs = [f64(random(n, 3)) for n in lengths]
    rows = 2 * (2 if bidirectional else 1)
    h0 = f64(random(rows, 3, 4))
    c0 = f64(random(rows, 3, 4))
    hx = (h0, c0) if mode == "LSTM" else h0
    packed = R.pack_sequence(seqs, enforce_sorted=False)
    out, hidden = layer(packed, hx)
    assert isinstance(out, R.PackedSequence)
    padded, _ = R.pad_packed_sequence(out)
    for i, seq in enumerate(seqs):
        hx_i = (h0[:, i], c0[:, i]) if mode == "LSTM" else h0[:, i]
        want_out, want_hidden = layer(seq, hx_i)
        assert_close(padded[: lengths[i], i], want_out, rtol=1e-10, atol=1e-12)
        assert_close(
            padded[lengths[i] :, i], np.zeros((5 - lengths[i], want_out.shape[-1]))
        )
        if mode == "LSTM":
            assert_close(hidden[0][:, i], want_hidden[0], rtol=1e-10, atol=1e-12)
            assert_close(hidden[1][:, i], want_hidden[1], rtol=1e-10, atol=1e-12)
        else:
            assert_close(hidden[:, i], want_hidden, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("mode", ["LSTM", "GRU"])
def test_packed_run_gradient(mode):
    torch.manual_seed(0)
    layer = getattr(nn, mode)(2, 3, bidirectional=True, batch_first=True).double()

    def run(x, h0):
        packed = R.pack_padded_sequence(
            x, [2, 3], batch_first=True, enforce_sorted=False
        )
        out, hidden = layer(packed, (h0, h0 * 0.5) if mode == "LSTM" else h0)
        h_n = hidden[0] if mode == "LSTM" else hidden
        return R.pad_packed_sequence(out)[0].sum(-1) + h_n.sum()

    check_gradients(run, random(2, 3, 2), random(2, 2, 3))


def test_packed_input_of_wrong_size_is_refused():
    layer = nn.GRU(3, 4)
    packed = R.pack_sequence([torch.zeros(2, 5)])
    with pytest.raises(RuntimeError, match="input_size"):
        layer(packed)
    with pytest.raises(RuntimeError):
        layer(R.pack_sequence([torch.zeros(2, 3)]), torch.zeros(1, 2, 4))


# ---------------------------------------------------------- parametrizations


def _linear(out_features=4, in_features=3):
    layer = nn.Linear(in_features, out_features).double()
    with torch.no_grad():
        layer.weight.copy_(f64(random(out_features, in_features)))
    return layer


def test_weight_norm_parametrization():
    layer = _linear()
    weight = to_np(layer.weight)
    nn.utils.parametrizations.weight_norm(layer)
    assert type(layer).__name__ == "ParametrizedLinear"
    assert list(layer.state_dict()) == [
        "bias",
        "parametrizations.weight.original0",
        "parametrizations.weight.original1",
    ]
    g = layer.parametrizations.weight.original0
    assert tuple(g.shape) == (4, 1)
    assert_close(g, np.linalg.norm(weight, axis=1, keepdims=True))
    assert_close(layer.weight, weight, rtol=1e-12, atol=1e-12)
    P.remove_parametrizations(layer, "weight")
    assert type(layer).__name__ == "Linear"
    assert not P.is_parametrized(layer)
    assert_close(layer.weight, weight, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("dim", [0, 1, None])
def test_weight_norm_gradient(dim):
    norm = nn.utils.parametrizations._WeightNorm(dim)
    v = random(4, 3)
    g = norm.right_inverse(f64(v))[0]
    check_gradients(lambda g, v: norm(g, v), to_np(g) * 1.5, v)


def test_weight_norm_old_api():
    layer = _linear()
    weight = to_np(layer.weight)
    with pytest.warns(FutureWarning, match="deprecated"):
        nn.utils.weight_norm(layer, dim=None)
    assert [n for n, _ in layer.named_parameters()] == ["bias", "weight_g", "weight_v"]
    assert_close(layer.weight_g, np.linalg.norm(weight))
    layer(f64(random(2, 3))).sum().backward()
    assert layer.weight_g.grad is not None and layer.weight_v.grad is not None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        with pytest.raises(RuntimeError, match="Cannot register two weight_norm"):
            nn.utils.weight_norm(layer)
    nn.utils.remove_weight_norm(layer)
    assert [n for n, _ in layer.named_parameters()] == ["bias", "weight"]
    assert_close(layer.weight, weight, rtol=1e-12, atol=1e-12)
    with pytest.raises(ValueError, match="weight_norm of 'weight' not found"):
        nn.utils.remove_weight_norm(layer)


def test_spectral_norm_divides_by_the_largest_singular_value():
    torch.manual_seed(0)
    layer = nn.utils.parametrizations.spectral_norm(_linear(5, 3))
    assert list(layer.state_dict()) == [
        "bias",
        "parametrizations.weight.original",
        "parametrizations.weight.0._u",
        "parametrizations.weight.0._v",
    ]
    weight = to_np(layer.parametrizations.weight.original)
    sigma = np.linalg.svd(weight, compute_uv=False)[0]
    assert_close(layer.weight, weight / sigma, rtol=1e-6, atol=1e-8)
    layer.eval()
    u = to_np(layer.parametrizations.weight[0]._u)
    layer(f64(random(2, 3)))
    assert_close(layer.parametrizations.weight[0]._u, u, rtol=0, atol=0)


class Symmetric(nn.Module):
    def forward(self, X):
        return X.triu() + X.triu(1).transpose(-1, -2)

    def right_inverse(self, A):
        return A.triu()


class Grow(nn.Module):
    def forward(self, X):
        return torch.cat([X, X])


def test_register_parametrization_and_assignment():
    layer = _linear(3, 3)
    original = layer.weight
    P.register_parametrization(layer, "weight", Symmetric())
    # one stored tensor: the old Parameter object, so an optimizer still holds it
    assert layer.parametrizations.weight.original is original
    w = to_np(layer.weight)
    assert_close(w, w.T, rtol=0, atol=0)
    assert P.is_parametrized(layer, "weight") and not P.is_parametrized(layer, "bias")
    assert P.type_before_parametrizations(layer) is nn.Linear
    target = random(3, 3)
    target = target + target.T
    layer.weight = f64(target)  # through right_inverse
    assert_close(layer.weight, target, rtol=1e-12, atol=1e-12)
    with P.cached():
        assert layer.weight is layer.weight
    P.remove_parametrizations(layer, "weight", leave_parametrized=False)
    assert_close(layer.weight, np.triu(target), rtol=1e-12, atol=1e-12)
    assert type(layer) is nn.Linear


def test_register_parametrization_bad_input_changes_nothing():
    layer = _linear()
    with pytest.raises(ValueError, match="may not change the shape"):
        P.register_parametrization(layer, "weight", Grow())
    assert type(layer) is nn.Linear
    assert [n for n, _ in layer.named_parameters()] == ["weight", "bias"]
    with pytest.raises(ValueError, match="does not have a parameter"):
        P.register_parametrization(layer, "nope", Grow())
    with pytest.raises(ValueError, match="does not have a parametrization"):
        P.remove_parametrizations(layer, "weight")
    nn.utils.parametrizations.weight_norm(layer)
    with pytest.raises(ValueError, match="Cannot leave unparametrized"):
        P.remove_parametrizations(layer, "weight", leave_parametrized=False)


# ------------------------------------------- vectors and gradient norms


def test_vector_to_parameters_round_trip():
    net = nn.Sequential(nn.Linear(3, 2), nn.Linear(2, 1))
    params = list(net.parameters())
    vec = nn.utils.parameters_to_vector(net.parameters())
    nn.utils.vector_to_parameters(vec * 2, net.parameters())
    assert list(net.parameters())[0] is params[0]
    assert_close(nn.utils.parameters_to_vector(net.parameters()), to_np(vec) * 2)
    with pytest.raises(TypeError, match="expected torch.Tensor"):
        nn.utils.vector_to_parameters([1.0], net.parameters())


@minigrad_only
def test_vector_to_parameters_too_short_changes_nothing():
    net = nn.Linear(3, 2)
    before = to_np(net.weight).copy()
    with pytest.raises(
        RuntimeError, match="vec has 7 values but the parameters hold 8"
    ):
        nn.utils.vector_to_parameters(torch.zeros(7), net.parameters())
    assert_close(net.weight, before, rtol=0, atol=0)


def test_get_total_norm_and_clip_grads_with_norm():
    grads = [torch.tensor([3.0, 4.0]), torch.tensor([12.0])]
    assert nn.utils.get_total_norm(grads).item() == pytest.approx(13.0)
    assert nn.utils.get_total_norm(grads, float("inf")).item() == 12.0
    assert nn.utils.get_total_norm(grads, 1).item() == pytest.approx(19.0)
    assert nn.utils.get_total_norm([]).item() == 0.0
    p = torch.zeros(3, requires_grad=True)
    p.grad = torch.tensor([3.0, 4.0, 12.0])
    total = nn.utils.get_total_norm([p.grad])
    assert nn.utils.clip_grads_with_norm_([p], 1.0, total) is None
    assert_close(p.grad, np.array([3.0, 4.0, 12.0]) / 13.0, rtol=1e-5)
    with pytest.raises(RuntimeError, match="non-finite"):
        nn.utils.get_total_norm([torch.tensor([float("inf")])], error_if_nonfinite=True)


def test_clip_grad_norm_reads_a_generator_once():
    net = nn.Linear(2, 2)
    net(torch.ones(1, 2)).sum().backward()
    total = nn.utils.clip_grad_norm_((p for p in net.parameters()), 1e-3)
    assert total.item() > 1e-3
    assert nn.utils.get_total_norm([p.grad for p in net.parameters()]).item() < 1.01e-3


# ------------------------------------------------ containers: insert and pop


def test_sequential_insert_extend_pop():
    net = nn.Sequential(nn.ReLU(), nn.Tanh())
    assert net.insert(1, nn.Sigmoid()) is net
    net.insert(-1, nn.ELU())
    assert [type(m).__name__ for m in net] == ["ReLU", "Sigmoid", "ELU", "Tanh"]
    assert list(net._modules) == ["0", "1", "2", "3"]
    net.extend([nn.Identity()])
    assert isinstance(net.pop(0), nn.ReLU)
    assert list(net._modules) == ["0", "1", "2", "3"]
    popped = net.pop(slice(0, 2))
    assert isinstance(popped, nn.Sequential) and len(popped) == 2
    assert [type(m).__name__ for m in net] == ["Tanh", "Identity"]
    with pytest.raises(IndexError, match="Index out of range: 5"):
        net.insert(5, nn.ReLU())
    with pytest.raises(AssertionError, match="module should be of type"):
        net.insert(0, 3)
    assert len(net) == 2


def test_module_list_insert_pop():
    layers = nn.ModuleList([nn.ReLU(), nn.Tanh()])
    assert layers.insert(1, nn.Sigmoid()) is None
    assert [type(m).__name__ for m in layers] == ["ReLU", "Sigmoid", "Tanh"]
    assert isinstance(layers.pop(-1), nn.Tanh)
    assert isinstance(layers.pop(0), nn.ReLU)
    assert list(layers._modules) == ["0"]
    with pytest.raises(IndexError):
        layers.pop(3)


@minigrad_only
def test_module_list_insert_refuses_what_pytorch_misnumbers():
    layers = nn.ModuleList([nn.ReLU()])
    layers.insert(-1, nn.Tanh())  # PyTorch: KeyError
    assert [type(m).__name__ for m in layers] == ["Tanh", "ReLU"]
    with pytest.raises(IndexError):
        layers.insert(5, nn.Tanh())  # PyTorch: a module named "5"
    with pytest.raises(AssertionError):
        layers.insert(0, 3)  # PyTorch: stores the int
    assert len(layers) == 2
