"""Embedding lookup: `embedding(input, weight)` picks rows of a table.

`weight[input]`, recorded as one EmbeddingBackward0 node (as PyTorch names
it) with the table as its only input: the indices get no gradient. The
table's gradient adds each looked-up row's gradient into that row (a row
looked up twice gets both); the row `padding_idx` gets none.
"""

import numpy as np

from ..autograd.function import Node, record
from ..tensor import Tensor
from .sorting import ScatterAdd


def embedding(input, weight, padding_idx=None):
    """Rows of `weight` picked by the integer indices in `input`.

    Args:
        input: an int64 (or int32) tensor of any shape.
        weight: the table, (num_embeddings, embedding_dim).
        padding_idx: a row whose gradient is always zero (may be negative).

    Returns:
        Tensor `input.shape + (embedding_dim,)`.

    Raises:
        RuntimeError: indices that are not integers.
        IndexError: an index outside [0, num_embeddings).

    Example:
        >>> table = minigrad.tensor([[0.0, 0.0], [1.0, 2.0], [3.0, 4.0]])
        >>> F.embedding(minigrad.tensor([2, 1]), table)
        tensor([[3., 4.],
                [1., 2.]])
    """
    index = input._data if isinstance(input, Tensor) else np.asarray(input)
    if index.dtype.kind not in "iu":
        raise RuntimeError(
            "Expected tensor for argument #1 'indices' to have one of the following "
            f"scalar types: Long, Int; but got {input.dtype} instead (while "
            "checking arguments for embedding). Hint: class indices are integers; "
            "convert them with .long()."
        )
    if weight.dim() != 2:
        raise RuntimeError(
            f"'weight' must be 2-D (num_embeddings, embedding_dim), but got weight "
            f"of size {list(weight.shape)}"
        )
    rows = weight.shape[0]
    if index.size and (index.min() < 0 or index.max() >= rows):
        bad = index[(index < 0) | (index >= rows)].ravel()[0]
        raise IndexError(
            f"index out of range in self (index {int(bad)} in a table of {rows} "
            f"rows: indices must be in [0, {rows - 1}]; is num_embeddings too small?)"
        )
    if padding_idx is not None and padding_idx < 0:
        padding_idx += rows
    return record(
        EmbeddingBackward0,
        weight._data[index],
        (weight,),
        saved=(np.array(index, dtype=np.int64),),  # freed by backward
        rows=rows,
        padding_idx=padding_idx,
    )


class EmbeddingBackward0(Node):
    """Each looked-up row's gradient is added into its row of the table."""

    formula = "d weight[i] = sum of the gradients of the rows that looked up i"

    def backward(self, grad):
        (index,) = self.saved(False)
        index = index.ravel()
        dim = grad.shape[-1]
        if self.padding_idx is not None:  # the padding row learns nothing
            keep = index != self.padding_idx
        if isinstance(grad, Tensor):  # recorded: a scatter whose gradient gathers
            flat = grad.reshape(-1, dim)
            where = np.broadcast_to(index[:, None], (index.size, dim))
            if self.padding_idx is not None:
                flat = flat * Tensor._make(keep[:, None].astype(grad._data.dtype))
            return (
                ScatterAdd.apply(
                    flat,
                    shape=(self.rows, dim),
                    dim=0,
                    index=np.ascontiguousarray(where),
                ),
            )
        flat = grad.reshape(-1, dim)
        if self.padding_idx is not None:
            index, flat = index[keep], flat[keep]
        total = np.zeros((self.rows, dim), dtype=grad.dtype)
        np.add.at(total, index, flat)
        return (total,)
