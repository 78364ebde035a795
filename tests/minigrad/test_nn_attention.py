"""Attention and transformer layers: F.scaled_dot_product_attention,
nn.MultiheadAttention, nn.TransformerEncoderLayer / Encoder, DecoderLayer /
Decoder, nn.Transformer.

Values against numpy references written from PyTorch's equations, gradients
(and a second derivative) against central differences in float64, PyTorch's
parameter names, shapes, start, node names and errors. With
MINIGRAD_TEST_BACKEND=torch the same tests run against PyTorch.
"""

import math

import numpy as np
import pytest
from mg_testutil import assert_close, to_np, torch
from nn_testutil import check_gradients

nn = torch.nn
F = torch.nn.functional

RNG = np.random.default_rng(39)


def random(*shape):
    return RNG.standard_normal(shape)


def t64(a):
    return torch.tensor(np.asarray(a, dtype=np.float64))


# ------------------------------------------------------- numpy references


def np_softmax(x):
    shifted = np.exp(x - x.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


def np_attention(q, k, v, bias=None, scale=None):
    """softmax(q k^T * scale + bias) v; rows blocked everywhere give zeros."""
    scale = 1.0 / math.sqrt(q.shape[-1]) if scale is None else scale
    scores = q @ np.swapaxes(k, -1, -2) * scale
    if bias is not None:
        scores = scores + bias
    blocked = np.all(np.isneginf(scores), axis=-1, keepdims=True)
    weights = np_softmax(np.where(blocked, 0.0, scores))
    weights = np.where(blocked, 0.0, weights)
    return weights @ v, weights


def np_layer_norm(x, eps=1e-5):
    mean = x.mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(x.var(-1, keepdims=True) + eps)


def params(module):
    return {name: to_np(p) for name, p in module.named_parameters()}


def np_mha(p, query, key, value, heads, bias=None, prefix=""):
    """Multi-head attention on (L, N, E) arrays; bias (L, S) added to every
    head's scores. Returns the output and the head-averaged weights."""
    e = query.shape[-1]
    if prefix + "in_proj_weight" in p:
        w_q, w_k, w_v = np.split(p[prefix + "in_proj_weight"], 3)
    else:
        w_q, w_k, w_v = (p[prefix + f"{n}_proj_weight"] for n in "qkv")
    b_q, b_k, b_v = np.split(p[prefix + "in_proj_bias"], 3)
    q, k, v = query @ w_q.T + b_q, key @ w_k.T + b_k, value @ w_v.T + b_v
    hd = e // heads

    def split(x):  # (L, N, E) -> (N, heads, L, hd)
        return x.reshape(x.shape[0], x.shape[1], heads, hd).transpose(1, 2, 0, 3)

    out, weights = np_attention(split(q), split(k), split(v), bias)
    out = out.transpose(2, 0, 1, 3).reshape(query.shape[0], query.shape[1], e)
    out = out @ p[prefix + "out_proj.weight"].T + p[prefix + "out_proj.bias"]
    return out, weights.mean(axis=1)


# ------------------------------------------------ scaled_dot_product_attention


@pytest.mark.parametrize(
    "q_shape, k_shape, v_shape",
    [
        ((4, 8), (5, 8), (5, 3)),
        ((2, 4, 8), (2, 5, 8), (2, 5, 6)),
        ((2, 3, 4, 8), (2, 3, 5, 8), (2, 3, 5, 6)),
        ((2, 4, 4, 8), (2, 1, 5, 8), (2, 1, 5, 6)),
    ],
)
def test_sdpa_values_and_gradients(q_shape, k_shape, v_shape):
    q, k, v = random(*q_shape), random(*k_shape), random(*v_shape)
    out = F.scaled_dot_product_attention(t64(q), t64(k), t64(v))
    assert_close(out, np_attention(q, k, v)[0])
    check_gradients(F.scaled_dot_product_attention, q, k, v)


def test_sdpa_float32_keeps_the_dtype():
    q = torch.tensor(random(2, 4, 8), dtype=torch.float32)
    out = F.scaled_dot_product_attention(q, q, q)
    assert out.dtype == torch.float32
    assert tuple(out.shape) == (2, 4, 8)


@pytest.mark.parametrize("length, source", [(5, 5), (3, 6), (6, 3)])
def test_sdpa_causal_lets_query_i_see_keys_0_to_i(length, source):
    q, k, v = random(2, length, 4), random(2, source, 4), random(2, source, 3)
    bias = np.where(np.tril(np.ones((length, source), bool)), 0.0, -np.inf)
    out = F.scaled_dot_product_attention(t64(q), t64(k), t64(v), is_causal=True)
    assert_close(out, np_attention(q, k, v, bias)[0])
    check_gradients(
        lambda a, b, c: F.scaled_dot_product_attention(a, b, c, is_causal=True),
        q,
        k,
        v,
    )


def test_sdpa_bool_mask_true_means_may_attend():
    q, k, v = random(2, 4, 8), random(2, 5, 8), random(2, 5, 3)
    mask = RNG.random((4, 5)) > 0.4
    mask[:, 0] = True
    out = F.scaled_dot_product_attention(t64(q), t64(k), t64(v), torch.tensor(mask))
    bias = np.where(mask, 0.0, -np.inf)
    assert_close(out, np_attention(q, k, v, bias)[0])
    check_gradients(
        lambda a, b, c: F.scaled_dot_product_attention(a, b, c, torch.tensor(mask)),
        q,
        k,
        v,
    )


def test_sdpa_float_mask_is_added_and_broadcasts():
    q, k, v = random(2, 3, 4, 8), random(2, 3, 5, 8), random(2, 3, 5, 6)
    mask = random(3, 1, 5)
    mask[1, 0, 2] = -np.inf
    out = F.scaled_dot_product_attention(t64(q), t64(k), t64(v), t64(mask))
    assert_close(out, np_attention(q, k, v, mask)[0])
    check_gradients(
        lambda a, b, c, m: F.scaled_dot_product_attention(a, b, c, m),
        q,
        k,
        v,
        random(4, 5),
    )


@pytest.mark.parametrize("kind", ["bool", "float"])
def test_sdpa_a_query_that_may_see_no_key_gets_zeros_not_nan(kind):
    q, k, v = random(1, 3, 4), random(1, 4, 4), random(1, 4, 2)
    allowed = np.ones((3, 4), bool)
    allowed[1] = False
    if kind == "bool":
        mask = torch.tensor(allowed)
    else:
        mask = t64(np.where(allowed, 0.0, -np.inf))
    out = F.scaled_dot_product_attention(t64(q), t64(k), t64(v), mask)
    assert_close(out[0, 1], np.zeros(2), rtol=0, atol=0)
    assert_close(out, np_attention(q, k, v, np.where(allowed, 0.0, -np.inf))[0])
    grads = check_gradients(
        lambda a, b, c: F.scaled_dot_product_attention(a, b, c, mask), q, k, v
    )
    assert np.all(np.isfinite(grads[0])) and np.all(grads[0][0, 1] == 0)


@pytest.mark.parametrize("scale", [0.3, -0.7])
def test_sdpa_scale(scale):
    q, k, v = random(2, 4, 8), random(2, 5, 8), random(2, 5, 3)
    out = F.scaled_dot_product_attention(t64(q), t64(k), t64(v), scale=scale)
    assert_close(out, np_attention(q, k, v, scale=scale)[0])


def test_sdpa_grouped_query_attention_shares_key_heads():
    q, k, v = random(2, 4, 3, 8), random(2, 2, 5, 8), random(2, 2, 5, 6)
    out = F.scaled_dot_product_attention(t64(q), t64(k), t64(v), enable_gqa=True)
    expected = np_attention(q, np.repeat(k, 2, axis=1), np.repeat(v, 2, axis=1))[0]
    assert_close(out, expected)
    check_gradients(
        lambda a, b, c: F.scaled_dot_product_attention(a, b, c, enable_gqa=True),
        q,
        k,
        v,
    )


def test_sdpa_second_derivative():
    q, k, v = random(3, 4), random(5, 4), random(5, 2)

    def grad_of_q(a, b, c):
        with torch.enable_grad():  # (also when the check evaluates without grad)
            leaf = a if a.requires_grad else a.detach().requires_grad_()
            out = F.scaled_dot_product_attention(leaf, b, c, is_causal=True)
            (g,) = torch.autograd.grad((out * out).sum(), leaf, create_graph=True)
        return g

    check_gradients(grad_of_q, q, k, v)


def test_sdpa_dropout_zeroes_weights_and_scales_the_rest():
    torch.manual_seed(0)
    q = k = torch.zeros(1, 400, 4)
    v = torch.eye(400).reshape(1, 400, 400)
    out = F.scaled_dot_product_attention(q, k, v, dropout_p=0.25)
    values = to_np(out)
    kept = values[values != 0]
    assert_close(kept, np.full(kept.shape, 1 / 400 / 0.75), rtol=1e-5, atol=0)
    assert 0.2 < (values == 0).mean() < 0.3


@pytest.mark.parametrize(
    "call, error, match",
    [
        (
            lambda q: F.scaled_dot_product_attention(
                q, q, q, torch.ones(4, 4, dtype=torch.bool), is_causal=True
            ),
            RuntimeError,
            "Explicit attn_mask should not be set",
        ),
        (
            lambda q: F.scaled_dot_product_attention(
                q, q, q, torch.ones(4, 4, dtype=torch.int64)
            ),
            RuntimeError,
            "Expected attn_mask dtype to be bool or float",
        ),
        (
            lambda q: F.scaled_dot_product_attention(q.double(), q, q),
            RuntimeError,
            "Expected query, key, and value to have the same dtype",
        ),
        (
            lambda q: F.scaled_dot_product_attention(q[0, 0], q[0, 0], q[0, 0]),
            RuntimeError,
            "at least 2 dimensional",
        ),
        (
            lambda q: F.scaled_dot_product_attention(q, q, q, dropout_p=1.5),
            RuntimeError,
            "dropout probability has to be between 0 and 1",
        ),
        (
            lambda q: F.scaled_dot_product_attention(
                q.unsqueeze(0), q[:2].unsqueeze(0), q[:2].unsqueeze(0), enable_gqa=True
            ),
            RuntimeError,
            "Number of heads in key and value must divide",
        ),
        (
            lambda q: F.scaled_dot_product_attention(q, q, q, 1),
            TypeError,
            "argument 'attn_mask' \\(position 4\\) must be Tensor",
        ),
        (
            lambda q: F.scaled_dot_product_attention(q, q, q, torch.zeros(3, 4)),
            RuntimeError,
            "must match the size",
        ),
        (
            lambda q: F.scaled_dot_product_attention(
                q[0], q[0], q[0], torch.zeros(3, 4, 4)
            ),
            RuntimeError,
            "doesn't match the broadcast shape",
        ),
    ],
)
def test_sdpa_bad_input(call, error, match):
    q = torch.zeros(3, 4, 8)
    with pytest.raises(error, match=match):
        call(q)


# ------------------------------------------------------- MultiheadAttention


def test_mha_parameters_names_shapes_and_start():
    torch.manual_seed(0)
    mha = nn.MultiheadAttention(16, 4)
    shapes = {name: tuple(p.shape) for name, p in mha.named_parameters()}
    assert shapes == {
        "in_proj_weight": (48, 16),
        "in_proj_bias": (48,),
        "out_proj.weight": (16, 16),
        "out_proj.bias": (16,),
    }
    bound = math.sqrt(6.0 / (16 + 48))  # xavier_uniform_ of (48, 16)
    w = to_np(mha.in_proj_weight)
    assert np.abs(w).max() <= bound and np.abs(w).max() > 0.8 * bound
    assert np.all(to_np(mha.in_proj_bias) == 0) and np.all(
        to_np(mha.out_proj.bias) == 0
    )
    assert type(mha.out_proj).__name__ == "NonDynamicallyQuantizableLinear"
    assert isinstance(mha.out_proj, nn.Linear)
    assert (mha.head_dim, mha.num_heads, mha.batch_first) == (4, 4, False)


def test_mha_separate_weights_when_kdim_or_vdim_differ():
    mha = nn.MultiheadAttention(8, 2, kdim=3, vdim=5, bias=False)
    shapes = {name: tuple(p.shape) for name, p in mha.named_parameters()}
    assert shapes == {
        "q_proj_weight": (8, 8),
        "k_proj_weight": (8, 3),
        "v_proj_weight": (8, 5),
        "out_proj.weight": (8, 8),
    }
    assert mha.in_proj_weight is None and mha.in_proj_bias is None


@pytest.mark.parametrize("need_weights", [True, False])
def test_mha_values_against_numpy(need_weights):
    mha = nn.MultiheadAttention(8, 2, dtype=torch.float64)
    with torch.no_grad():
        for p in mha.parameters():
            p.copy_(t64(random(*p.shape) * 0.5))
    query, key = random(4, 3, 8), random(6, 3, 8)
    causal = np.triu(np.ones((4, 6), bool), 1)  # True: may NOT attend
    out, weights = mha(
        t64(query),
        t64(key),
        t64(key),
        attn_mask=torch.tensor(causal),
        need_weights=need_weights,
    )
    expected, expected_weights = np_mha(
        params(mha), query, key, key, 2, np.where(causal, -np.inf, 0.0)
    )
    assert_close(out, expected)
    if need_weights:
        assert_close(weights, expected_weights)
    else:
        assert weights is None


def test_mha_key_padding_mask_batch_first_and_unaveraged_weights():
    mha = nn.MultiheadAttention(8, 2, batch_first=True, dtype=torch.float64)
    x = random(2, 5, 8)
    padding = np.array([[False] * 3 + [True] * 2, [False] * 5])
    out, weights = mha(
        t64(x),
        t64(x),
        t64(x),
        key_padding_mask=torch.tensor(padding),
        average_attn_weights=False,
    )
    assert tuple(out.shape) == (2, 5, 8) and tuple(weights.shape) == (2, 2, 5, 5)
    assert np.all(to_np(weights)[0, :, :, 3:] == 0)
    assert_close(to_np(weights).sum(-1), np.ones((2, 2, 5)))
    # the same through the other path (scaled_dot_product_attention)
    fast, _ = mha(
        t64(x),
        t64(x),
        t64(x),
        key_padding_mask=torch.tensor(padding),
        need_weights=False,
    )
    assert_close(fast, out)
    bias = np.where(padding[:, None, None, :], -np.inf, 0.0)
    expected, _ = np_mha(
        params(mha),
        x.transpose(1, 0, 2),
        x.transpose(1, 0, 2),
        x.transpose(1, 0, 2),
        2,
        bias,
    )
    assert_close(out, expected.transpose(1, 0, 2))


def test_mha_unbatched_input():
    mha = nn.MultiheadAttention(8, 2, dtype=torch.float64)
    x = random(5, 8)
    out, weights = mha(t64(x), t64(x), t64(x))
    assert tuple(out.shape) == (5, 8) and tuple(weights.shape) == (5, 5)
    batched, _ = mha(t64(x[:, None]), t64(x[:, None]), t64(x[:, None]))
    assert_close(out, to_np(batched)[:, 0])


@pytest.mark.parametrize("need_weights", [True, False])
def test_mha_gradients(need_weights):
    mha = nn.MultiheadAttention(4, 2, kdim=3, vdim=5, dtype=torch.float64)
    mask = torch.tensor(np.triu(np.ones((3, 4), bool), 1))

    def run(q, k, v):
        return mha(q, k, v, attn_mask=mask, need_weights=need_weights)[0]

    check_gradients(run, random(3, 2, 4), random(4, 2, 3), random(4, 2, 5))
    # and every parameter gets a gradient
    mha.zero_grad()
    run(
        t64(random(3, 2, 4)), t64(random(4, 2, 3)), t64(random(4, 2, 5))
    ).sum().backward()
    assert all(p.grad is not None for p in mha.parameters())


def test_mha_node_names():
    mha = nn.MultiheadAttention(8, 2)
    x = torch.randn(4, 2, 8, requires_grad=True)
    out, weights = mha(x, x, x)
    assert type(out.grad_fn).__name__ == "ViewBackward0"
    assert type(weights.grad_fn).__name__ == "MeanBackward1"
    out, _ = nn.MultiheadAttention(8, 2, batch_first=True)(x, x, x)
    assert type(out.grad_fn).__name__ == "TransposeBackward0"


def test_mha_dropout_only_in_training():
    torch.manual_seed(1)
    mha = nn.MultiheadAttention(8, 2, dropout=0.5)
    x = torch.randn(6, 1, 8)
    mha.eval()
    first, w1 = mha(x, x, x)
    second, w2 = mha(x, x, x)
    assert_close(first, to_np(second), rtol=0, atol=0)
    mha.train()
    _, dropped = mha(x, x, x, average_attn_weights=False)
    assert (to_np(dropped) == 0).any()


@pytest.mark.parametrize(
    "call, error, match",
    [
        (
            lambda m, x: m(x[0, 0], x[0, 0], x[0, 0]),
            AssertionError,
            "query should be unbatched 2D or batched 3D",
        ),
        (
            lambda m, x: m(x, x[0], x),
            AssertionError,
            "expected `key` and `value` to be 3-D",
        ),
        (
            lambda m, x: m(x[..., :6], x[..., :6], x[..., :6]),
            AssertionError,
            "was expecting embedding dimension of 8, but got 6",
        ),
        (lambda m, x: m(x, x, x[:3]), AssertionError, "does not match value shape"),
        (
            lambda m, x: m(x, x, x, is_causal=True),
            RuntimeError,
            "Need attn_mask if specifying the is_causal hint",
        ),
        (
            lambda m, x: m(x, x, x, attn_mask=torch.zeros(3, 3)),
            RuntimeError,
            "The shape of the 2D attn_mask is",
        ),
        (
            lambda m, x: m(x, x, x, attn_mask=torch.zeros(3, 4, 4)),
            RuntimeError,
            "The shape of the 3D attn_mask is",
        ),
        (
            lambda m, x: m(
                x, x, x, key_padding_mask=torch.zeros(2, 4, dtype=torch.int64)
            ),
            AssertionError,
            "only bool and floating types of key_padding_mask",
        ),
    ],
)
def test_mha_bad_input(call, error, match):
    mha = nn.MultiheadAttention(8, 2)
    with pytest.raises(error, match=match):
        call(mha, torch.zeros(4, 2, 8))


def test_mha_bad_settings():
    with pytest.raises(
        AssertionError, match="embed_dim must be divisible by num_heads"
    ):
        nn.MultiheadAttention(8, 3)
    with pytest.raises(ValueError, match="must be greater than 0"):
        nn.MultiheadAttention(8, 0)


# ---------------------------------------------------------- transformer layers


def np_encoder_layer(p, x, heads, norm_first, mask_bias=None, prefix=""):
    """One TransformerEncoderLayer (relu, weights and biases of LayerNorm
    applied) in numpy, (L, N, E)."""

    def norm(y, name):
        return (
            np_layer_norm(y) * p[prefix + name + ".weight"] + p[prefix + name + ".bias"]
        )

    def attend(y):
        return np_mha(p, y, y, y, heads, mask_bias, prefix + "self_attn.")[0]

    def feed_forward(y):
        h = np.maximum(
            y @ p[prefix + "linear1.weight"].T + p[prefix + "linear1.bias"], 0
        )
        return h @ p[prefix + "linear2.weight"].T + p[prefix + "linear2.bias"]

    if norm_first:
        x = x + attend(norm(x, "norm1"))
        return x + feed_forward(norm(x, "norm2"))
    x = norm(x + attend(x), "norm1")
    return norm(x + feed_forward(x), "norm2")


def randomise(module):
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(t64(random(*p.shape) * 0.5))
    return module.eval()


@pytest.mark.parametrize("norm_first", [False, True])
def test_encoder_layer_values_and_gradients(norm_first):
    layer = randomise(
        nn.TransformerEncoderLayer(8, 2, 16, norm_first=norm_first, dtype=torch.float64)
    )
    x = random(5, 2, 8)
    mask = nn.Transformer.generate_square_subsequent_mask(5, dtype=torch.float64)
    out = layer(t64(x), src_mask=mask, is_causal=True)
    expected = np_encoder_layer(params(layer), x, 2, norm_first, to_np(mask))
    assert_close(out, expected)
    check_gradients(lambda a: layer(a, src_mask=mask), x)
    name = "AddBackward0" if norm_first else "NativeLayerNormBackward0"
    assert type(out.grad_fn).__name__ == name


def test_encoder_layer_modules_and_activation():
    layer = nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.2)
    names = [name for name, _ in layer.named_children()]
    assert names == [
        "self_attn",
        "linear1",
        "dropout",
        "linear2",
        "norm1",
        "norm2",
        "dropout1",
        "dropout2",
    ]
    assert layer.activation is F.relu
    assert nn.TransformerEncoderLayer(8, 2, activation="gelu").activation is F.gelu
    gelu = nn.TransformerEncoderLayer(8, 2, activation=nn.GELU())
    assert "(activation): GELU" in repr(gelu)
    with pytest.raises(RuntimeError, match="activation should be relu/gelu, not tanh"):
        nn.TransformerEncoderLayer(8, 2, activation="tanh")


def test_encoder_stacks_independent_deep_copies_and_norm():
    layer = randomise(nn.TransformerEncoderLayer(8, 2, 16, dtype=torch.float64))
    encoder = nn.TransformerEncoder(layer, 2, norm=nn.LayerNorm(8, dtype=torch.float64))
    assert len(encoder.layers) == 2
    assert encoder.layers[0] is not layer
    assert encoder.layers[0].linear1.weight is not encoder.layers[1].linear1.weight
    assert_close(encoder.layers[1].linear1.weight, to_np(layer.linear1.weight))
    x = random(4, 3, 8)
    p = params(encoder)
    y = np_encoder_layer(p, x, 2, False, prefix="layers.0.")
    y = np_encoder_layer(p, y, 2, False, prefix="layers.1.")
    assert_close(encoder.eval()(t64(x)), np_layer_norm(y))
    padding = torch.tensor([[False, False, True, True]] * 3)
    check_gradients(lambda a: encoder(a, src_key_padding_mask=padding), x)


def test_decoder_layer_and_stack():
    layer = randomise(nn.TransformerDecoderLayer(8, 2, 16, dtype=torch.float64))
    names = [name for name, _ in layer.named_children()]
    assert names[:2] == ["self_attn", "multihead_attn"] and "norm3" in names
    decoder = nn.TransformerDecoder(layer, 2).eval()
    tgt, memory = random(4, 2, 8), random(6, 2, 8)
    mask = nn.Transformer.generate_square_subsequent_mask(4, dtype=torch.float64)
    out = decoder(t64(tgt), t64(memory), tgt_mask=mask)
    assert tuple(out.shape) == (4, 2, 8)
    # the causal mask: the first position doesn't depend on the later ones
    changed = tgt.copy()
    changed[2:] += 1.0
    again = decoder(t64(changed), t64(memory), tgt_mask=mask)
    assert_close(again[:2], to_np(out)[:2])
    check_gradients(lambda a, m: decoder(a, m, tgt_mask=mask), tgt, memory)


def test_transformer_model():
    torch.manual_seed(0)
    model = nn.Transformer(8, 2, 1, 1, 16, dropout=0.0, dtype=torch.float64)
    assert isinstance(model.encoder.norm, nn.LayerNorm)
    assert isinstance(model.decoder.norm, nn.LayerNorm)
    src, tgt = random(5, 2, 8), random(3, 2, 8)
    mask = model.generate_square_subsequent_mask(3, dtype=torch.float64)
    out = model(t64(src), t64(tgt), tgt_mask=mask)
    memory = model.encoder(t64(src))
    assert_close(out, to_np(model.decoder(t64(tgt), memory, tgt_mask=mask)))
    check_gradients(lambda s, t: model(s, t, tgt_mask=mask), src, tgt)
    with pytest.raises(RuntimeError, match="the batch number of src and tgt"):
        model(t64(src), t64(tgt[:, :1]))


def test_generate_square_subsequent_mask():
    mask = nn.Transformer.generate_square_subsequent_mask(3)
    assert mask.dtype == torch.float32
    expected = np.array([[0, -np.inf, -np.inf], [0, 0, -np.inf], [0, 0, 0]])
    assert_close(mask, expected, rtol=0, atol=0)


@pytest.mark.parametrize("name", ["attention", "transformer"])
def test_docstring_examples(name):
    import doctest
    import importlib

    if torch.__name__ != "minigrad":
        pytest.skip("minigrad's own docstrings")
    module = importlib.import_module(f"minigrad.nn.{name}")
    names = {"minigrad": torch, "nn": nn, "F": F}
    result = doctest.testmod(module, extraglobs=names, verbose=False)
    assert result.failed == 0 and result.attempted > 0
