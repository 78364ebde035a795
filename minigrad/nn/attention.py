"""Attention: `F.scaled_dot_product_attention` and `nn.MultiheadAttention`.

Attention lets every position of a sequence look at every other one:

    scores  = query @ key.T * scale        (L x S: how well each query matches each key)
    weights = softmax(scores + mask)       (each row sums to 1 over the keys)
    output  = weights @ value              (L x E_v: a weighted mix of the values)

Both are composed of ordinary Tensor operations (matmul, masked_fill,
softmax, dropout, linear, view, transpose), so gradients, double backward and
the graph view come from the autograd core: there is no backward in this file.
The maths, masks, parameter names, start and error messages are PyTorch's.

Masks come in two kinds, and the two functions read a bool mask the opposite
way round, as PyTorch does:

- `scaled_dot_product_attention(attn_mask=...)`: True means "may attend".
- `MultiheadAttention(attn_mask=..., key_padding_mask=...)`: True means
  "may NOT attend" (padding, the future).

A float mask is added to the scores in both (0 keeps, -inf blocks).
"""

import math
import warnings

import numpy as np

import minigrad
from minigrad._check import tensor_arg
from minigrad._device import check_device
from minigrad.ops._util import check_broadcast

from . import functional as F
from . import init
from .linear import Linear, _empty
from .module import Module
from .parameter import Parameter

# ------------------------------------------------ scaled dot-product attention


def _sdpa_checks(query, key, value, attn_mask, dropout_p, is_causal):
    """Refuse what PyTorch refuses, before anything is computed."""
    function = "scaled_dot_product_attention"
    tensor_arg(query, function, "query", 1)
    tensor_arg(key, function, "key", 2)
    tensor_arg(value, function, "value", 3)
    if attn_mask is not None:
        tensor_arg(attn_mask, function, "attn_mask", 4)
    if min(query.dim(), key.dim(), value.dim()) < 2:
        raise RuntimeError(
            "Expected query, key, and value to all be at least 2 dimensional, but "
            f"got query.dim: {query.dim()} key.dim: {key.dim()} and value.dim: "
            f"{value.dim()} instead. Each needs (..., sequence, features)."
        )
    if not query.dtype == key.dtype == value.dtype:
        raise RuntimeError(
            "Expected query, key, and value to have the same dtype, but got "
            f"query.dtype: {query.dtype} key.dtype: {key.dtype} and value.dtype: "
            f"{value.dtype} instead. Convert them with .float() or .double()."
        )
    if not query.is_floating_point():
        raise RuntimeError(
            f"scaled_dot_product_attention: expected floating-point query, key "
            f"and value, but got {query.dtype}; convert them with .float()"
        )
    if query.shape[-1] != key.shape[-1]:
        raise RuntimeError(
            f"scaled_dot_product_attention: query and key need the same number of "
            f"features (last dimension), but got query {list(query.shape)} and key "
            f"{list(key.shape)}"
        )
    if key.shape[-2] != value.shape[-2]:
        raise RuntimeError(
            f"scaled_dot_product_attention: key and value need the same sequence "
            f"length (second-to-last dimension), one value per key, but got key "
            f"{list(key.shape)} and value {list(value.shape)}"
        )
    if dropout_p > 1.0:
        raise RuntimeError(
            f"dropout probability has to be between 0 and 1, but got {dropout_p}"
        )
    if is_causal and attn_mask is not None:
        raise RuntimeError(
            "_scaled_dot_product_attention: Explicit attn_mask should not be set "
            "when is_causal=True (give either the mask or is_causal=True)"
        )
    if attn_mask is not None and attn_mask.dtype not in (
        minigrad.bool,
        minigrad.float32,
        query.dtype,
    ):
        raise RuntimeError(
            "Expected attn_mask dtype to be bool or float or to match query dtype, "
            f"but got attn_mask.dtype: {attn_mask.dtype} and query.dtype: "
            f"{query.dtype} instead. Use a bool mask (True: may attend) or one of "
            "the query's dtype (0 keeps, -inf blocks)."
        )


def _check_mask_shape(attn_mask, scores_shape):
    """The mask is added into the scores in place in PyTorch: it may broadcast
    to their shape, but not make them bigger."""
    check_broadcast(attn_mask, np.broadcast_to(0.0, tuple(scores_shape)))
    broadcast = np.broadcast_shapes(tuple(attn_mask.shape), tuple(scores_shape))
    if broadcast != tuple(scores_shape):
        raise RuntimeError(
            f"output with shape {list(scores_shape)} doesn't match the broadcast "
            f"shape {list(broadcast)}: attn_mask {list(attn_mask.shape)} has more "
            "or bigger dimensions than the attention scores (..., L, S)"
        )


def _repeat_heads(tensor, query_heads, name):
    """Grouped-query attention: repeat each of the key's (or value's) heads so
    that there are as many as the query's, as `repeat_interleave(n, -3)`:
    heads [a, b] become [a, a, b, b]."""
    if tensor.dim() < 3:
        raise RuntimeError(
            "scaled_dot_product_attention: enable_gqa=True needs a heads dimension "
            f"(..., heads, sequence, features), but {name} is {tensor.dim()}-D"
        )
    heads = tensor.shape[-3]
    if query_heads % heads != 0:
        raise RuntimeError(
            "Number of heads in key and value must divide the number of heads in "
            f"query (query has {query_heads}, {name} has {heads})"
        )
    copies = query_heads // heads
    if copies == 1:
        return tensor
    *batch, seq, features = tensor.shape
    expanded = tensor.unsqueeze(-3).expand(*batch, copies, seq, features)
    return expanded.reshape(*batch[:-1], query_heads, seq, features)


def scaled_dot_product_attention(
    query,
    key,
    value,
    attn_mask=None,
    dropout_p=0.0,
    is_causal=False,
    scale=None,
    enable_gqa=False,
):
    """Attention: `softmax(query @ key.T * scale + mask) @ value`.

    Args:
        query: (..., L, E): L queries of E features.
        key: (..., S, E): S keys.
        value: (..., S, Ev): one value per key.
        attn_mask: None, a bool mask (True: the query may attend to the key)
            or a float mask added to the scores; it broadcasts to (..., L, S).
        dropout_p: dropout on the attention weights (always applied when > 0,
            as in PyTorch: pass `dropout_p=0.0` in evaluation yourself).
        is_causal: mask out the future: query i sees keys 0..i only. Not
            together with `attn_mask`.
        scale: the factor of the scores (default `1 / sqrt(E)`).
        enable_gqa: grouped-query attention: key and value may have fewer
            heads (dimension -3) than query, each shared by a group of query
            heads.

    Returns:
        (..., L, Ev). A query row that may attend to no key at all gets
        zeros (as PyTorch), not the nan of a softmax over only -inf.

    Example:
        >>> q = k = v = minigrad.ones(1, 2, 3, 4)  # (batch, heads, L, E)
        >>> F.scaled_dot_product_attention(q, k, v, is_causal=True).shape
        minigrad.Size([1, 2, 3, 4])
    """
    _sdpa_checks(query, key, value, attn_mask, dropout_p, is_causal)
    if enable_gqa:
        query_heads = query.shape[-3] if query.dim() >= 3 else 0
        key = _repeat_heads(key, query_heads, "key")
        value = _repeat_heads(value, query_heads, "value")
    length, source = query.shape[-2], key.shape[-2]
    if scale is None:
        scale = 1.0 / math.sqrt(query.shape[-1])
    scores = (query @ key.transpose(-2, -1)) * scale
    if is_causal:
        attn_mask = minigrad.ones(length, source, dtype=minigrad.bool).tril()
    if attn_mask is not None:
        _check_mask_shape(attn_mask, scores.shape)
        if attn_mask.dtype == minigrad.bool:
            scores = scores.masked_fill(attn_mask.logical_not(), float("-inf"))
        else:
            scores = scores + attn_mask
        # A row blocked everywhere would be softmax(-inf, ..., -inf) = nan;
        # PyTorch gives it zero weights instead (its `_safe_softmax`).
        blocked = scores.detach().eq(float("-inf")).all(-1, keepdim=True)
        if blocked.any():
            weights = scores.masked_fill(blocked, 0.0).softmax(-1)
            weights = weights.masked_fill(blocked, 0.0)
        else:
            weights = scores.softmax(-1)
    else:
        weights = scores.softmax(-1)
    if dropout_p > 0.0:
        weights = F.dropout(weights, dropout_p, training=True)
    return weights @ value


# ---------------------------------------------------------- multi-head attention


class NonDynamicallyQuantizableLinear(Linear):
    """A plain `nn.Linear`: PyTorch's name for `MultiheadAttention.out_proj`
    (its quantization tools treat it specially), kept so that printing a model
    shows what PyTorch shows."""


def _float_mask(mask, name, dtype, other=None, other_name=""):
    """A MultiheadAttention mask as floats: a bool mask (True: may NOT attend)
    becomes -inf where True and 0 elsewhere; a float mask is added as it is
    (PyTorch's `_canonical_mask`)."""
    if mask is None:
        return None
    if mask.dtype != minigrad.bool and not mask.is_floating_point():
        raise AssertionError(
            f"only bool and floating types of {name} are supported (got "
            f"{mask.dtype}); use a bool mask, True where attention is not allowed"
        )
    if other is not None and other.dtype != mask.dtype:
        warnings.warn(
            f"Support for mismatched {name} and {other_name} is deprecated. Use "
            "same type for both instead.",
            UserWarning,
            stacklevel=3,
        )
    if mask.dtype != minigrad.bool:
        return mask
    return minigrad.zeros(mask.shape, dtype=dtype).masked_fill(mask, float("-inf"))


def _check_mha_shapes(query, key, value, key_padding_mask, attn_mask, num_heads):
    """PyTorch's `_mha_shape_check`: (L, N, E) batched or (L, E) unbatched.

    Returns:
        Whether the input is batched.
    """
    for position, (name, tensor) in enumerate(
        (("query", query), ("key", key), ("value", value)), start=1
    ):
        tensor_arg(tensor, "MultiheadAttention.forward", name, position)
    for position, name, mask in (
        (4, "key_padding_mask", key_padding_mask),
        (6, "attn_mask", attn_mask),
    ):
        if mask is not None:
            tensor_arg(mask, "MultiheadAttention.forward", name, position)
    if query.dim() not in (2, 3):
        raise AssertionError(
            "query should be unbatched 2D or batched 3D tensor but received "
            f"{query.dim()}-D query tensor"
        )
    batched = query.dim() == 3
    kind = "batched (3-D)" if batched else "unbatched (2-D)"
    if key.dim() != query.dim() or value.dim() != query.dim():
        raise AssertionError(
            f"For {kind} `query`, expected `key` and `value` to be "
            f"{query.dim()}-D but found {key.dim()}-D and {value.dim()}-D tensors "
            "respectively"
        )
    if key_padding_mask is not None and key_padding_mask.dim() != query.dim() - 1:
        raise AssertionError(
            f"For {kind} `query`, expected `key_padding_mask` to be `None` or "
            f"{query.dim() - 1}-D but found {key_padding_mask.dim()}-D tensor instead"
        )
    if attn_mask is not None:
        if attn_mask.dim() not in (2, 3):
            raise AssertionError(
                f"For {kind} `query`, expected `attn_mask` to be `None`, 2-D or 3-D "
                f"but found {attn_mask.dim()}-D tensor instead"
            )
        expected = (num_heads, query.shape[0], key.shape[0])
        if not batched and attn_mask.dim() == 3 and tuple(attn_mask.shape) != expected:
            raise AssertionError(
                f"Expected `attn_mask` shape to be {expected} but got {attn_mask.shape}"
            )
    return batched


class MultiheadAttention(Module):
    """Multi-head attention: `num_heads` attentions side by side, each on its
    own `embed_dim // num_heads` features, their outputs joined and projected.

        q, k, v = query @ W_q.T + b_q, key @ W_k.T + b_k, value @ W_v.T + b_v
        head_i  = softmax(q_i @ k_i.T / sqrt(head_dim) + mask) @ v_i
        output  = concat(head_1, ..., head_h) @ out_proj.weight.T + out_proj.bias

    Args:
        embed_dim: features of the query (and of the output).
        num_heads: number of heads; must divide `embed_dim`.
        dropout: dropout on the attention weights, in training (default 0).
        bias: learn the projections' biases (default True).
        add_bias_kv, add_zero_attn: only False (not in minigrad).
        kdim, vdim: features of key and value (default `embed_dim`). When
            they differ the projections are three separate weights.
        batch_first: inputs and output are (N, L, E) instead of (L, N, E).
        device: only None or "cpu".
        dtype: dtype of the parameters (default float32).

    Parameters (PyTorch's names): `in_proj_weight` (3*embed_dim, embed_dim),
    the three stacked; or `q_proj_weight`, `k_proj_weight`, `v_proj_weight`
    when kdim or vdim differ; `in_proj_bias` (3*embed_dim,); `out_proj.weight`
    and `out_proj.bias`. They start as PyTorch's: Xavier-uniform projections,
    zero biases, `out_proj.weight` as a Linear's.

    Example:
        >>> mha = nn.MultiheadAttention(8, 2, batch_first=True)
        >>> x = minigrad.ones(3, 5, 8)  # (batch, sequence, features)
        >>> out, weights = mha(x, x, x)
        >>> out.shape, weights.shape
        (minigrad.Size([3, 5, 8]), minigrad.Size([3, 5, 5]))
    """

    def __init__(
        self,
        embed_dim,
        num_heads,
        dropout=0.0,
        bias=True,
        add_bias_kv=False,
        add_zero_attn=False,
        kdim=None,
        vdim=None,
        batch_first=False,
        device=None,
        dtype=None,
    ):
        if embed_dim <= 0 or num_heads <= 0:
            raise ValueError(
                "embed_dim and num_heads must be greater than 0, got "
                f"embed_dim={embed_dim} and num_heads={num_heads} instead"
            )
        if add_bias_kv or add_zero_attn:
            raise NotImplementedError(
                "MultiheadAttention: add_bias_kv=True and add_zero_attn=True are "
                "not in minigrad; leave them False"
            )
        if embed_dim % num_heads != 0:
            raise AssertionError(
                f"embed_dim must be divisible by num_heads (got embed_dim="
                f"{embed_dim} and num_heads={num_heads})"
            )
        super().__init__()
        check_device(device)  # "cpu" or None; "cuda" fails as in PyTorch without it
        self.embed_dim = embed_dim
        self.kdim = kdim if kdim is not None else embed_dim
        self.vdim = vdim if vdim is not None else embed_dim
        self._qkv_same_embed_dim = self.kdim == embed_dim and self.vdim == embed_dim
        self.num_heads = num_heads
        self.dropout = dropout
        self.batch_first = batch_first
        self.head_dim = embed_dim // num_heads
        if self._qkv_same_embed_dim:
            self.in_proj_weight = Parameter(
                _empty(3 * embed_dim, embed_dim, dtype=dtype)
            )
            self.register_parameter("q_proj_weight", None)
            self.register_parameter("k_proj_weight", None)
            self.register_parameter("v_proj_weight", None)
        else:
            self.q_proj_weight = Parameter(_empty(embed_dim, embed_dim, dtype=dtype))
            self.k_proj_weight = Parameter(_empty(embed_dim, self.kdim, dtype=dtype))
            self.v_proj_weight = Parameter(_empty(embed_dim, self.vdim, dtype=dtype))
            self.register_parameter("in_proj_weight", None)
        if bias:
            self.in_proj_bias = Parameter(_empty(3 * embed_dim, dtype=dtype))
        else:
            self.register_parameter("in_proj_bias", None)
        self.out_proj = NonDynamicallyQuantizableLinear(
            embed_dim, embed_dim, bias=bias, dtype=dtype
        )
        self.bias_k = self.bias_v = None  # (add_bias_kv: not in minigrad)
        self.add_zero_attn = add_zero_attn
        self._reset_parameters()

    def _reset_parameters(self):
        """PyTorch's start: Xavier-uniform projections and zero biases."""
        if self._qkv_same_embed_dim:
            init.xavier_uniform_(self.in_proj_weight)
        else:
            init.xavier_uniform_(self.q_proj_weight)
            init.xavier_uniform_(self.k_proj_weight)
            init.xavier_uniform_(self.v_proj_weight)
        if self.in_proj_bias is not None:
            init.constant_(self.in_proj_bias, 0.0)
            init.constant_(self.out_proj.bias, 0.0)

    def _project(self, query, key, value):
        """The three input projections, each an `F.linear`."""
        if self._qkv_same_embed_dim:
            w_q, w_k, w_v = self.in_proj_weight.chunk(3)
        else:
            w_q, w_k, w_v = self.q_proj_weight, self.k_proj_weight, self.v_proj_weight
        if self.in_proj_bias is None:
            b_q = b_k = b_v = None
        else:
            b_q, b_k, b_v = self.in_proj_bias.chunk(3)
        return (
            F.linear(query, w_q, b_q),
            F.linear(key, w_k, b_k),
            F.linear(value, w_v, b_v),
        )

    def forward(
        self,
        query,
        key,
        value,
        key_padding_mask=None,
        need_weights=True,
        attn_mask=None,
        average_attn_weights=True,
        is_causal=False,
    ):
        """Attend from `query` to `key`, mixing `value`.

        Args:
            query: (L, N, E) ((N, L, E) with batch_first, (L, E) unbatched).
            key, value: (S, N, kdim) and (S, N, vdim), likewise.
            key_padding_mask: (N, S): True (or -inf) at keys to ignore (padding).
            need_weights: also return the attention weights.
            attn_mask: (L, S) or (N*num_heads, L, S): True (or -inf) where a
                query may not attend to a key.
            average_attn_weights: average the returned weights over the heads.
            is_causal: a hint that `attn_mask` is the causal mask; the mask
                must still be given, as in PyTorch.

        Returns:
            (output, weights): output (L, N, E) (as the query's layout);
            weights (N, L, S), or (N, num_heads, L, S) when not averaged, or
            None when `need_weights` is False.
        """
        batched = _check_mha_shapes(
            query, key, value, key_padding_mask, attn_mask, self.num_heads
        )
        key_padding_mask = _float_mask(
            key_padding_mask, "key_padding_mask", query.dtype, attn_mask, "attn_mask"
        )
        attn_mask = _float_mask(attn_mask, "attn_mask", query.dtype)
        if self.batch_first and batched:
            query, key, value = (x.transpose(1, 0) for x in (query, key, value))
        if not batched:
            query, key, value = query.unsqueeze(1), key.unsqueeze(1), value.unsqueeze(1)
            if key_padding_mask is not None:
                key_padding_mask = key_padding_mask.unsqueeze(0)
        length, batch, embed_dim = query.shape
        source = key.shape[0]
        self._check_sizes(query, key, value)
        if is_causal and attn_mask is None:
            raise RuntimeError(
                "Need attn_mask if specifying the is_causal hint. You may use the "
                "Transformer module method `generate_square_subsequent_mask` to "
                "create this mask."
            )
        # As PyTorch: without padding or weights to return, the is_causal hint
        # replaces attn_mask (scaled_dot_product_attention builds the causal mask).
        causal = bool(is_causal) and key_padding_mask is None and not need_weights
        attn_mask = None if causal else attn_mask
        attn_mask = self._attn_mask_3d(attn_mask, length, source, batch)
        if key_padding_mask is not None:
            if tuple(key_padding_mask.shape) != (batch, source):
                raise AssertionError(
                    f"expecting key_padding_mask shape of {(batch, source)}, but got "
                    f"{key_padding_mask.shape}: one row per batch entry, one column "
                    "per key"
                )
        q, k, v = self._project(query, key, value)

        # One attention per (batch entry, head): (N*heads, L or S, head_dim).
        heads = batch * self.num_heads
        q = q.view(length, heads, self.head_dim).transpose(0, 1)
        k = k.view(source, heads, self.head_dim).transpose(0, 1)
        v = v.view(source, heads, self.head_dim).transpose(0, 1)
        if key_padding_mask is not None:
            padding = key_padding_mask.view(batch, 1, 1, source)
            padding = padding.expand(batch, self.num_heads, 1, source)
            padding = padding.reshape(heads, 1, source)
            attn_mask = padding if attn_mask is None else attn_mask + padding
        dropout_p = self.dropout if self.training else 0.0

        if need_weights:
            # PyTorch writes this path out (a plain softmax: a query that may
            # attend to no key gets nan, as there).
            scores = (q * math.sqrt(1.0 / self.head_dim)).bmm(k.transpose(-2, -1))
            if attn_mask is not None:
                scores = scores + attn_mask
            weights = scores.softmax(-1)
            if dropout_p > 0.0:
                weights = F.dropout(weights, dropout_p)
            output = weights.bmm(v)
            output = output.transpose(0, 1).reshape(length * batch, embed_dim)
            output = self.out_proj(output).view(length, batch, embed_dim)
            weights = weights.view(batch, self.num_heads, length, source)
            if average_attn_weights:
                weights = weights.mean(dim=1)
            if not batched:
                output, weights = output.squeeze(1), weights.squeeze(0)
        else:
            if attn_mask is not None:
                if attn_mask.shape[0] == 1:
                    attn_mask = attn_mask.unsqueeze(0)
                else:
                    attn_mask = attn_mask.view(batch, self.num_heads, -1, source)
            q = q.view(batch, self.num_heads, length, self.head_dim)
            k = k.view(batch, self.num_heads, source, self.head_dim)
            v = v.view(batch, self.num_heads, source, self.head_dim)
            output = scaled_dot_product_attention(
                q, k, v, attn_mask, dropout_p, is_causal=causal
            )
            output = output.permute(2, 0, 1, 3).reshape(length * batch, embed_dim)
            output = self.out_proj(output).view(length, batch, embed_dim)
            weights = None
            if not batched:
                output = output.squeeze(1)
        if self.batch_first and batched:
            return output.transpose(1, 0), weights
        return output, weights

    def _check_sizes(self, query, key, value):
        """The features of query, key and value against the layer's sizes."""
        if query.shape[-1] != self.embed_dim:
            raise AssertionError(
                f"was expecting embedding dimension of {self.embed_dim}, but got "
                f"{query.shape[-1]}"
            )
        if self._qkv_same_embed_dim:
            if key.shape != value.shape:
                raise AssertionError(
                    f"key shape {key.shape} does not match value shape {value.shape}"
                )
        elif key.shape[:2] != value.shape[:2]:
            raise AssertionError(
                f"key's sequence and batch dims {key.shape[:2]} do not match "
                f"value's {value.shape[:2]}"
            )
        for name, tensor, size in (
            ("key", key, self.kdim),
            ("value", value, self.vdim),
        ):
            if tensor.shape[-1] != size:
                raise RuntimeError(
                    f"MultiheadAttention: {name} has {tensor.shape[-1]} features, "
                    f"but the layer was built for {size} (kdim/vdim)"
                )

    def _attn_mask_3d(self, attn_mask, length, source, batch):
        """Check attn_mask's shape; return it as (1 or N*heads, L, S)."""
        if attn_mask is None:
            return None
        if attn_mask.dim() == 2:
            if tuple(attn_mask.shape) != (length, source):
                raise RuntimeError(
                    f"The shape of the 2D attn_mask is {attn_mask.shape}, but should "
                    f"be {(length, source)}."
                )
            return attn_mask.unsqueeze(0)
        expected = (batch * self.num_heads, length, source)
        if tuple(attn_mask.shape) != expected:
            raise RuntimeError(
                f"The shape of the 3D attn_mask is {attn_mask.shape}, but should be "
                f"{expected}."
            )
        return attn_mask
