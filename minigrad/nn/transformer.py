"""Transformer layers: `nn.TransformerEncoderLayer`, `nn.TransformerEncoder`,
`nn.TransformerDecoderLayer`, `nn.TransformerDecoder` and `nn.Transformer`.

An encoder layer is self-attention then a two-layer feed-forward network,
each wrapped in a residual connection and a LayerNorm:

    norm_first=False (default, "post-norm"):
        x = norm1(x + dropout1(self_attn(x, x, x)))
        x = norm2(x + dropout2(linear2(dropout(activation(linear1(x))))))
    norm_first=True ("pre-norm", as in GPT-2):
        x = x + dropout1(self_attn(norm1(x), ...))
        x = x + dropout2(feed_forward(norm2(x)))

A decoder layer adds attention to the encoder's output (`memory`) between
the two. The stacks (`TransformerEncoder`, `TransformerDecoder`) hold deep
copies of the layer they are given, as PyTorch does, so the copies start
equal and then learn separately.

Everything is composed of `MultiheadAttention`, `Linear`, `LayerNorm` and
`Dropout`: no backward in this file. Submodule names, arguments and results
are PyTorch's (its inference fast path and nested tensors are not here; they
give the same values).
"""

import copy

import minigrad
from minigrad._check import int_arg
from minigrad._device import check_device

from . import functional as F
from . import init
from .activation import Dropout
from .attention import MultiheadAttention
from .container import ModuleList
from .linear import Linear
from .module import Module
from .normalization import LayerNorm


def _activation(activation):
    """ "relu" and "gelu" by name, or any callable (a function or a Module)."""
    if activation == "relu":
        return F.relu
    if activation == "gelu":
        return F.gelu
    if isinstance(activation, str) or not callable(activation):
        raise RuntimeError(
            f"activation should be relu/gelu, not {activation} (or give a "
            "callable such as F.gelu or nn.GELU())"
        )
    return activation


def _clones(module, count, stack):
    """`count` independent deep copies of `module` in a ModuleList."""
    count = int_arg(count, stack, "num_layers", 2)
    return ModuleList([copy.deepcopy(module) for _ in range(count)])


class TransformerEncoderLayer(Module):
    """Self-attention and a feed-forward network, each with a residual
    connection and a LayerNorm (see the module docstring for the order).

    Args:
        d_model: features of each position.
        nhead: attention heads (must divide d_model).
        dim_feedforward: width of the feed-forward network (default 2048).
        dropout: dropout after attention, inside and after the feed-forward
            network, in training (default 0.1).
        activation: "relu" (default), "gelu", or a callable.
        layer_norm_eps: the LayerNorms' eps (default 1e-5).
        batch_first: inputs and output are (N, L, E) instead of (L, N, E).
        norm_first: LayerNorm before attention and feed-forward (pre-norm).
        bias: learn biases in the Linear and LayerNorm layers (default True).
        device: only None or "cpu".
        dtype: dtype of the parameters.

    Example:
        >>> layer = nn.TransformerEncoderLayer(d_model=8, nhead=2, batch_first=True)
        >>> layer(minigrad.ones(3, 5, 8)).shape
        minigrad.Size([3, 5, 8])
    """

    def __init__(
        self,
        d_model,
        nhead,
        dim_feedforward=2048,
        dropout=0.1,
        activation="relu",
        layer_norm_eps=1e-5,
        batch_first=False,
        norm_first=False,
        bias=True,
        device=None,
        dtype=None,
    ):
        super().__init__()
        check_device(device)
        activation = _activation(activation)
        self.self_attn = MultiheadAttention(
            d_model,
            nhead,
            dropout=dropout,
            bias=bias,
            batch_first=batch_first,
            dtype=dtype,
        )
        self.linear1 = Linear(d_model, dim_feedforward, bias=bias, dtype=dtype)
        self.dropout = Dropout(dropout)
        self.linear2 = Linear(dim_feedforward, d_model, bias=bias, dtype=dtype)
        self.norm_first = norm_first
        self.norm1 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype)
        self.norm2 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype)
        self.dropout1 = Dropout(dropout)
        self.dropout2 = Dropout(dropout)
        self.activation = activation

    def forward(self, src, src_mask=None, src_key_padding_mask=None, is_causal=False):
        """Run the layer on `src`.

        Args:
            src: (L, N, E) ((N, L, E) with batch_first, (L, E) unbatched).
            src_mask: (L, S) or (N*nhead, L, S): True (or -inf) where a
                position may not attend (e.g. `Transformer.
                generate_square_subsequent_mask(L)`).
            src_key_padding_mask: (N, S): True at padding positions.
            is_causal: a hint that `src_mask` is the causal mask.
        """
        x = src
        if self.norm_first:
            x = x + self._sa_block(
                self.norm1(x), src_mask, src_key_padding_mask, is_causal
            )
            x = x + self._ff_block(self.norm2(x))
        else:
            x = self.norm1(
                x + self._sa_block(x, src_mask, src_key_padding_mask, is_causal)
            )
            x = self.norm2(x + self._ff_block(x))
        return x

    def _sa_block(self, x, attn_mask, key_padding_mask, is_causal):
        x = self.self_attn(
            x,
            x,
            x,
            attn_mask=attn_mask,
            key_padding_mask=key_padding_mask,
            need_weights=False,
            is_causal=is_causal,
        )[0]
        return self.dropout1(x)

    def _ff_block(self, x):
        x = self.linear2(self.dropout(self.activation(self.linear1(x))))
        return self.dropout2(x)


class TransformerEncoder(Module):
    """A stack of `num_layers` copies of an encoder layer, then `norm`.

    Args:
        encoder_layer: a TransformerEncoderLayer; it is deep-copied
            `num_layers` times (the copies start equal and learn apart; the
            layer itself is not part of the stack).
        num_layers: how many layers.
        norm: an optional final module (usually a LayerNorm).
        enable_nested_tensor, mask_check: accepted for PyTorch's programs;
            they select PyTorch's inference fast path, which minigrad has not
            (the values are the same).

    Example:
        >>> layer = nn.TransformerEncoderLayer(8, 2, dim_feedforward=16)
        >>> encoder = nn.TransformerEncoder(layer, num_layers=3)
        >>> encoder(minigrad.ones(5, 2, 8)).shape
        minigrad.Size([5, 2, 8])
    """

    def __init__(
        self,
        encoder_layer,
        num_layers,
        norm=None,
        enable_nested_tensor=True,
        mask_check=True,
    ):
        super().__init__()
        self.layers = _clones(encoder_layer, num_layers, "TransformerEncoder")
        self.num_layers = num_layers
        self.norm = norm
        self.enable_nested_tensor = enable_nested_tensor
        self.use_nested_tensor = False  # (no nested tensors in minigrad)
        self.mask_check = mask_check

    def forward(self, src, mask=None, src_key_padding_mask=None, is_causal=None):
        """Run every layer in turn on `src` with the same masks (see
        `TransformerEncoderLayer.forward`), then `norm`."""
        output = src
        for layer in self.layers:
            output = layer(
                output,
                src_mask=mask,
                src_key_padding_mask=src_key_padding_mask,
                is_causal=is_causal is True,
            )
        if self.norm is not None:
            output = self.norm(output)
        return output


class TransformerDecoderLayer(Module):
    """Self-attention, attention to the encoder's output (`memory`), and a
    feed-forward network, each with a residual connection and a LayerNorm.

    Args: as `TransformerEncoderLayer` (a third LayerNorm and dropout).

    Example:
        >>> layer = nn.TransformerDecoderLayer(8, 2, dim_feedforward=16)
        >>> layer(minigrad.ones(4, 2, 8), minigrad.ones(6, 2, 8)).shape
        minigrad.Size([4, 2, 8])
    """

    def __init__(
        self,
        d_model,
        nhead,
        dim_feedforward=2048,
        dropout=0.1,
        activation="relu",
        layer_norm_eps=1e-5,
        batch_first=False,
        norm_first=False,
        bias=True,
        device=None,
        dtype=None,
    ):
        super().__init__()
        check_device(device)
        activation = _activation(activation)
        settings = {"dropout": dropout, "batch_first": batch_first, "bias": bias}
        self.self_attn = MultiheadAttention(d_model, nhead, dtype=dtype, **settings)
        self.multihead_attn = MultiheadAttention(
            d_model, nhead, dtype=dtype, **settings
        )
        self.linear1 = Linear(d_model, dim_feedforward, bias=bias, dtype=dtype)
        self.dropout = Dropout(dropout)
        self.linear2 = Linear(dim_feedforward, d_model, bias=bias, dtype=dtype)
        self.norm_first = norm_first
        self.norm1 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype)
        self.norm2 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype)
        self.norm3 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype)
        self.dropout1 = Dropout(dropout)
        self.dropout2 = Dropout(dropout)
        self.dropout3 = Dropout(dropout)
        self.activation = activation

    def forward(
        self,
        tgt,
        memory,
        tgt_mask=None,
        memory_mask=None,
        tgt_key_padding_mask=None,
        memory_key_padding_mask=None,
        tgt_is_causal=False,
        memory_is_causal=False,
    ):
        """Run the layer on `tgt`, attending to `memory` (the encoder's output).

        The masks are MultiheadAttention's: `tgt_mask` (T, T) for the
        self-attention (usually causal), `memory_mask` (T, S), and the padding
        masks (N, T) and (N, S); True (or -inf) blocks.
        """
        x = tgt
        if self.norm_first:
            x = x + self._sa_block(
                self.norm1(x), tgt_mask, tgt_key_padding_mask, tgt_is_causal
            )
            x = x + self._mha_block(
                self.norm2(x),
                memory,
                memory_mask,
                memory_key_padding_mask,
                memory_is_causal,
            )
            x = x + self._ff_block(self.norm3(x))
        else:
            x = self.norm1(
                x + self._sa_block(x, tgt_mask, tgt_key_padding_mask, tgt_is_causal)
            )
            x = self.norm2(
                x
                + self._mha_block(
                    x,
                    memory,
                    memory_mask,
                    memory_key_padding_mask,
                    memory_is_causal,
                )
            )
            x = self.norm3(x + self._ff_block(x))
        return x

    def _sa_block(self, x, attn_mask, key_padding_mask, is_causal):
        x = self.self_attn(
            x,
            x,
            x,
            attn_mask=attn_mask,
            key_padding_mask=key_padding_mask,
            is_causal=is_causal,
            need_weights=False,
        )[0]
        return self.dropout1(x)

    def _mha_block(self, x, memory, attn_mask, key_padding_mask, is_causal):
        x = self.multihead_attn(
            x,
            memory,
            memory,
            attn_mask=attn_mask,
            key_padding_mask=key_padding_mask,
            is_causal=is_causal,
            need_weights=False,
        )[0]
        return self.dropout2(x)

    def _ff_block(self, x):
        x = self.linear2(self.dropout(self.activation(self.linear1(x))))
        return self.dropout3(x)


class TransformerDecoder(Module):
    """A stack of `num_layers` copies of a decoder layer, then `norm`.

    Args:
        decoder_layer: a TransformerDecoderLayer, deep-copied `num_layers` times.
        num_layers: how many layers.
        norm: an optional final module (usually a LayerNorm).
    """

    def __init__(self, decoder_layer, num_layers, norm=None):
        super().__init__()
        self.layers = _clones(decoder_layer, num_layers, "TransformerDecoder")
        self.num_layers = num_layers
        self.norm = norm

    def forward(
        self,
        tgt,
        memory,
        tgt_mask=None,
        memory_mask=None,
        tgt_key_padding_mask=None,
        memory_key_padding_mask=None,
        tgt_is_causal=None,
        memory_is_causal=False,
    ):
        """Run every layer in turn (see `TransformerDecoderLayer.forward`),
        each attending to the same `memory`, then `norm`."""
        output = tgt
        for layer in self.layers:
            output = layer(
                output,
                memory,
                tgt_mask=tgt_mask,
                memory_mask=memory_mask,
                tgt_key_padding_mask=tgt_key_padding_mask,
                memory_key_padding_mask=memory_key_padding_mask,
                tgt_is_causal=tgt_is_causal is True,
                memory_is_causal=memory_is_causal,
            )
        if self.norm is not None:
            output = self.norm(output)
        return output


class Transformer(Module):
    """The encoder-decoder Transformer of "Attention Is All You Need".

    An encoder of `num_encoder_layers` layers reads `src`; a decoder of
    `num_decoder_layers` layers reads `tgt` and attends to the encoder's
    output. Each stack ends in a LayerNorm. Every weight matrix starts
    Xavier-uniform, as in PyTorch.

    Args:
        d_model, nhead, dim_feedforward, dropout, activation, layer_norm_eps,
        batch_first, norm_first, bias: as `TransformerEncoderLayer` (defaults
            512, 8, 2048, 0.1, "relu", 1e-5, False, False, True).
        num_encoder_layers, num_decoder_layers: default 6 each.
        custom_encoder, custom_decoder: modules to use instead.
        device: only None or "cpu".
        dtype: dtype of the parameters.

    Example:
        >>> mask = nn.Transformer.generate_square_subsequent_mask(3)
        >>> mask
        tensor([[0., -inf, -inf],
                [0., 0., -inf],
                [0., 0., 0.]])
    """

    def __init__(
        self,
        d_model=512,
        nhead=8,
        num_encoder_layers=6,
        num_decoder_layers=6,
        dim_feedforward=2048,
        dropout=0.1,
        activation="relu",
        custom_encoder=None,
        custom_decoder=None,
        layer_norm_eps=1e-5,
        batch_first=False,
        norm_first=False,
        bias=True,
        device=None,
        dtype=None,
    ):
        super().__init__()
        check_device(device)
        settings = {
            "dim_feedforward": dim_feedforward,
            "dropout": dropout,
            "activation": activation,
            "layer_norm_eps": layer_norm_eps,
            "batch_first": batch_first,
            "norm_first": norm_first,
            "bias": bias,
            "dtype": dtype,
        }
        norm = {"eps": layer_norm_eps, "bias": bias, "dtype": dtype}
        if custom_encoder is not None:
            self.encoder = custom_encoder
        else:
            layer = TransformerEncoderLayer(d_model, nhead, **settings)
            self.encoder = TransformerEncoder(
                layer, num_encoder_layers, LayerNorm(d_model, **norm)
            )
        if custom_decoder is not None:
            self.decoder = custom_decoder
        else:
            layer = TransformerDecoderLayer(d_model, nhead, **settings)
            self.decoder = TransformerDecoder(
                layer, num_decoder_layers, LayerNorm(d_model, **norm)
            )
        self._reset_parameters()
        self.d_model = d_model
        self.nhead = nhead
        self.batch_first = batch_first

    def _reset_parameters(self):
        """Xavier-uniform for every parameter with more than one dimension."""
        for p in self.parameters():
            if p.dim() > 1:
                init.xavier_uniform_(p)

    def forward(
        self,
        src,
        tgt,
        src_mask=None,
        tgt_mask=None,
        memory_mask=None,
        src_key_padding_mask=None,
        tgt_key_padding_mask=None,
        memory_key_padding_mask=None,
        src_is_causal=None,
        tgt_is_causal=None,
        memory_is_causal=False,
    ):
        """Encode `src` (S, N, E), decode `tgt` (T, N, E) attending to it.

        Returns:
            (T, N, E) ((N, T, E) with batch_first).
        """
        batched = src.dim() == 3
        batch_dim = 0 if self.batch_first else 1
        if batched and src.shape[batch_dim] != tgt.shape[batch_dim]:
            raise RuntimeError(
                f"the batch number of src and tgt must be equal (src "
                f"{list(src.shape)}, tgt {list(tgt.shape)}, batch_first="
                f"{self.batch_first})"
            )
        if src.shape[-1] != self.d_model or tgt.shape[-1] != self.d_model:
            raise RuntimeError(
                f"the feature number of src and tgt must be equal to d_model "
                f"({self.d_model}); got src {list(src.shape)}, tgt {list(tgt.shape)}"
            )
        memory = self.encoder(
            src,
            mask=src_mask,
            src_key_padding_mask=src_key_padding_mask,
            is_causal=src_is_causal,
        )
        return self.decoder(
            tgt,
            memory,
            tgt_mask=tgt_mask,
            memory_mask=memory_mask,
            tgt_key_padding_mask=tgt_key_padding_mask,
            memory_key_padding_mask=memory_key_padding_mask,
            tgt_is_causal=tgt_is_causal,
            memory_is_causal=memory_is_causal,
        )

    @staticmethod
    def generate_square_subsequent_mask(sz, device=None, dtype=None):
        """The causal mask for a sequence of `sz` positions: (sz, sz) floats,
        0 on and below the diagonal (the past and the present may be seen),
        -inf above it (the future may not).
        """
        check_device(device)
        factory = {} if dtype is None else {"dtype": dtype}
        return minigrad.full((sz, sz), float("-inf"), **factory).triu(diagonal=1)
