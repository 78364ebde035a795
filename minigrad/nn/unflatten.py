"""`nn.Unflatten`: the layer that undoes `nn.Flatten` (`linear.py`), e.g. to
turn a Linear layer's output back into images in a decoder."""

from .module import Module


class Unflatten(Module):
    """Split dimension `dim` into `unflattened_size` (`Tensor.unflatten`, a view).

    Args:
        dim: the dimension to split (1: the first after the batch).
        unflattened_size: a tuple, list or `minigrad.Size` of ints whose
            product is that dimension's size (one may be -1).

    Example:
        >>> nn.Unflatten(1, (2, 5, 5))(minigrad.zeros(4, 50)).shape
        minigrad.Size([4, 2, 5, 5])
    """

    def __init__(self, dim, unflattened_size):
        super().__init__()
        # Checked here, as PyTorch does, so that a bad size fails where the
        # model is built rather than at its first batch.
        if not isinstance(unflattened_size, (tuple, list)):
            raise TypeError(
                "unflattened_size must be a tuple of ints, but found type "
                f"{type(unflattened_size).__name__} (e.g. nn.Unflatten(1, (2, 5)))"
            )
        for i, size in enumerate(unflattened_size):
            if not isinstance(size, int):
                raise TypeError(
                    "unflattened_size must be tuple of ints, but found element of "
                    f"type {type(size).__name__} at pos {i}"
                )
        self.dim = dim
        self.unflattened_size = unflattened_size

    def forward(self, input):
        return input.unflatten(self.dim, self.unflattened_size)

    def extra_repr(self):
        return f"dim={self.dim}, unflattened_size={self.unflattened_size}"
