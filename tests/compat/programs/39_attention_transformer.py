"""Attention and transformers: scaled dot-product attention, a nanoGPT-style
causal self-attention block, nn.MultiheadAttention and nn.TransformerEncoder."""

import math

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


def fill(module):
    """Fixed weights, so that the printed numbers do not depend on random draws."""
    with torch.no_grad():
        for i, p in enumerate(module.parameters()):
            wave = torch.sin(torch.arange(p.numel(), dtype=torch.float32) * 0.7 + i)
            p.copy_(0.4 * wave.reshape(p.shape))
    return module.eval()


# F.scaled_dot_product_attention against the formula written out
B, H, T, D = 2, 2, 4, 8
x = torch.cos(torch.arange(B * T * 3 * H * D, dtype=torch.float32) * 0.3)
q, k, v = x.reshape(B, T, 3, H, D).permute(2, 0, 3, 1, 4)
q.requires_grad_()
y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
scores = q @ k.transpose(-2, -1) / math.sqrt(D)
scores = scores.masked_fill(torch.tril(torch.ones(T, T)) == 0, float("-inf"))
manual = F.softmax(scores, dim=-1) @ v
print(y.shape, y.dtype, torch.allclose(y, manual, atol=1e-6))
print(y[1, 0])
y.sum().backward()
print(q.grad[0, 1])
mask = torch.tensor([[True, False, True, False]] * T)
print(F.scaled_dot_product_attention(q, k, v, attn_mask=mask)[0, 0, :2])
print(
    F.scaled_dot_product_attention(
        q, k, v, attn_mask=torch.zeros(T, T, dtype=torch.bool)
    )[0, 0, 0]
)
print(F.scaled_dot_product_attention(q, k[:, :1], v[:, :1], enable_gqa=True).shape)

# nn.MultiheadAttention
mha = nn.MultiheadAttention(8, 2, batch_first=True)
for name, p in mha.named_parameters():
    print(name, tuple(p.shape), p.abs().max().item() <= math.sqrt(6 / 32))
print(mha)
fill(mha)
tokens = torch.sin(torch.arange(2 * 5 * 8, dtype=torch.float32)).reshape(2, 5, 8)
padding = torch.tensor([[False] * 3 + [True] * 2, [False] * 5])
out, weights = mha(tokens, tokens, tokens, key_padding_mask=padding)
print(out.shape, weights.shape, weights[0])
print(out[0, :2])
mha2 = nn.MultiheadAttention(8, 2, kdim=3, vdim=5)
print([(name, tuple(p.shape)) for name, p in mha2.named_parameters()])

# nn.TransformerEncoder with a causal mask, then its gradient
layer = nn.TransformerEncoderLayer(d_model=8, nhead=2, dim_feedforward=16)
encoder = fill(nn.TransformerEncoder(layer, num_layers=2, norm=nn.LayerNorm(8)))
print(encoder.layers[1])
causal = nn.Transformer.generate_square_subsequent_mask(5)
print(causal)
src = tokens.transpose(0, 1).clone().requires_grad_()
memory = encoder(src, mask=causal)
print(memory.shape, memory.grad_fn)
print(memory[:, 0])
memory.pow(2).sum().backward()
print(src.grad[0])
print(encoder.layers[0].linear1.weight.grad[:2, :4])
pre_norm = fill(nn.TransformerEncoderLayer(8, 2, 16, norm_first=True, batch_first=True))
print(pre_norm(tokens)[1, -1], pre_norm(tokens).grad_fn)
