"""`nn.Embedding`: a learned vector for each of a fixed number of tokens.

A table `weight` of shape (num_embeddings, embedding_dim), drawn from N(0, 1)
as in PyTorch; calling the layer with integer indices looks up their rows
(`F.embedding`, in `ops/embedding.py`). The row `padding_idx`, if given,
starts at zero and never gets a gradient.
"""

import minigrad
from minigrad._device import check_device

from . import functional as F
from . import init
from .module import Module
from .parameter import Parameter


class Embedding(Module):
    """A lookup table of learned vectors, indexed by integers (tokens, chars).

    Args:
        num_embeddings: how many rows (the vocabulary's size).
        embedding_dim: the length of each vector.
        padding_idx: a row kept at zero that gets no gradient (may be negative).
        device: only None or "cpu".
        dtype: of the table (default float32).

    Attributes:
        weight: Parameter (num_embeddings, embedding_dim), drawn from N(0, 1).

    Example:
        >>> emb = nn.Embedding(27, 2)
        >>> emb(minigrad.tensor([[1, 2, 3]])).shape
        minigrad.Size([1, 3, 2])
    """

    def __init__(
        self,
        num_embeddings,
        embedding_dim,
        padding_idx=None,
        max_norm=None,
        norm_type=2.0,
        scale_grad_by_freq=False,
        sparse=False,
        _weight=None,
        _freeze=False,
        device=None,
        dtype=None,
    ):
        super().__init__()
        check_device(device)  # "cpu" or None; "cuda" fails as in PyTorch without it
        if max_norm is not None or scale_grad_by_freq or sparse:
            raise NotImplementedError(
                "minigrad's Embedding has no max_norm, scale_grad_by_freq or sparse"
            )
        if padding_idx is not None:
            if padding_idx > 0:
                assert padding_idx < num_embeddings, (
                    "Padding_idx must be within num_embeddings"
                )
            elif padding_idx < 0:
                assert padding_idx >= -num_embeddings, (
                    "Padding_idx must be within num_embeddings"
                )
                padding_idx = num_embeddings + padding_idx
        self.num_embeddings = num_embeddings
        self.embedding_dim = embedding_dim
        self.padding_idx = padding_idx
        if _weight is None:
            factory = {} if dtype is None else {"dtype": dtype}
            weight = minigrad.zeros(num_embeddings, embedding_dim, **factory)
            self.weight = Parameter(weight, requires_grad=not _freeze)
            self.reset_parameters()
        else:
            if list(_weight.shape) != [num_embeddings, embedding_dim]:
                # PyTorch's type (its check is an assert)
                raise AssertionError(
                    "Shape of weight does not match num_embeddings and "
                    f"embedding_dim (got _weight of shape {list(_weight.shape)}, "
                    f"expected [{num_embeddings}, {embedding_dim}])"
                )
            self.weight = Parameter(_weight, requires_grad=not _freeze)

    @classmethod
    def from_pretrained(cls, embeddings, freeze=True, padding_idx=None, **kwargs):
        """An Embedding whose table is `embeddings` (e.g. vectors trained elsewhere).

        Args:
            embeddings: a 2-D tensor (num_embeddings, embedding_dim).
            freeze: keep the table fixed (no gradient); default True.
            padding_idx: as in the constructor (the row is not zeroed).

        Returns:
            The Embedding.

        Example:
            >>> table = minigrad.tensor([[1.0, 2.0], [3.0, 4.0]])
            >>> emb = nn.Embedding.from_pretrained(table)
            >>> emb(minigrad.tensor([1])), emb.weight.requires_grad
            (tensor([[3., 4.]]), False)
        """
        assert embeddings.dim() == 2, (
            "Embeddings parameter is expected to be 2-dimensional"
        )
        rows, cols = embeddings.shape
        return cls(
            rows,
            cols,
            padding_idx=padding_idx,
            _weight=embeddings,
            _freeze=freeze,
            **kwargs,
        )

    def reset_parameters(self):
        """Draw the table from N(0, 1); the padding row back to zero."""
        init.normal_(self.weight)
        if self.padding_idx is not None:
            with minigrad.no_grad():
                self.weight[self.padding_idx] = 0.0

    def forward(self, input):
        return F.embedding(input, self.weight, self.padding_idx)

    def extra_repr(self):
        text = f"{self.num_embeddings}, {self.embedding_dim}"
        if self.padding_idx is not None:
            text += f", padding_idx={self.padding_idx}"
        return text
