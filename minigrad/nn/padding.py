"""Padding layers: `nn.ZeroPad2d`, `nn.ReflectionPad2d`, ... (1-D and 2-D).

They hold their widths only (no parameters) and call `F.pad`
(`ops/padding.py`), which says how each mode is computed and differentiated.

`padding` is an int (the same width on every side) or a tuple, in `F.pad`'s
order: (left, right) for 1-D; (left, right, top, bottom) for 2-D. As in
PyTorch, a tuple is kept as given and checked when the layer runs, so
`ZeroPad2d((1, 1))` pads the last dimension only.
"""

from . import functional as F
from .module import Module


def _widths(padding, n):
    """An int as n equal widths; a tuple or list as a tuple (PyTorch's `_pair`
    and `_quadruple`)."""
    if isinstance(padding, (tuple, list)):
        return tuple(padding)
    return (padding,) * n


class _ConstantPadNd(Module):
    """Base of the constant padding layers: pads with `value` (`F.pad`'s
    "constant" mode)."""

    def __init__(self, padding, value, n):
        super().__init__()
        self.padding = _widths(padding, n)
        self.value = value

    def forward(self, input):
        return F.pad(input, self.padding, "constant", self.value)

    def extra_repr(self):
        return f"padding={self.padding}, value={self.value}"


class ConstantPad1d(_ConstantPadNd):
    """Pad the last dimension with `value`.

    Args:
        padding: an int, or (left, right).
        value: the fill.

    Example:
        >>> nn.ConstantPad1d((1, 2), 9.0)(minigrad.tensor([[1.0, 2.0]]))
        tensor([[9., 1., 2., 9., 9.]])
    """

    def __init__(self, padding, value):
        super().__init__(padding, value, 2)


class ConstantPad2d(_ConstantPadNd):
    """Pad the last two dimensions with `value`.

    Args:
        padding: an int, or (left, right, top, bottom).
        value: the fill.

    Example:
        >>> nn.ConstantPad2d(1, -1.0)(minigrad.zeros(1, 2, 3, 3)).shape
        minigrad.Size([1, 2, 5, 5])
    """

    def __init__(self, padding, value):
        super().__init__(padding, value, 4)


class ZeroPad1d(ConstantPad1d):
    """Pad the last dimension with zeros.

    Args:
        padding: an int, or (left, right).

    Example:
        >>> nn.ZeroPad1d((1, 2))
        ZeroPad1d((1, 2))
    """

    def __init__(self, padding):
        super().__init__(padding, 0.0)

    def extra_repr(self):
        return f"{self.padding}"


class ZeroPad2d(ConstantPad2d):
    """Pad the last two dimensions with zeros (a border around each image).

    Args:
        padding: an int, or (left, right, top, bottom).

    Example:
        >>> nn.ZeroPad2d((1, 1, 2, 0))(minigrad.ones(1, 1, 2, 2))
        tensor([[[[0., 0., 0., 0.],
                  [0., 0., 0., 0.],
                  [0., 1., 1., 0.],
                  [0., 1., 1., 0.]]]])
    """

    def __init__(self, padding):
        super().__init__(padding, 0.0)

    def extra_repr(self):
        return f"{self.padding}"


class _PadNd(Module):
    """Base of the reflect, replicate and circular layers: `F.pad` in `mode`."""

    mode = None  # set by each subclass

    def __init__(self, padding, n):
        super().__init__()
        self.padding = _widths(padding, n)

    def forward(self, input):
        return F.pad(input, self.padding, self.mode)

    def extra_repr(self):
        return f"{self.padding}"


class ReflectionPad1d(_PadNd):
    """Pad the last dimension with its mirror image at each edge (the edge
    itself not repeated); each width must be smaller than the dimension.

    Args:
        padding: an int, or (left, right).

    Example:
        >>> nn.ReflectionPad1d(2)(minigrad.tensor([[1.0, 2.0, 3.0]]))
        tensor([[3., 2., 1., 2., 3., 2., 1.]])
    """

    mode = "reflect"

    def __init__(self, padding):
        super().__init__(padding, 2)


class ReflectionPad2d(_PadNd):
    """Pad the last two dimensions with their mirror image at each edge.

    Args:
        padding: an int, or (left, right, top, bottom).

    Example:
        >>> nn.ReflectionPad2d(1)(minigrad.zeros(1, 3, 4, 4)).shape
        minigrad.Size([1, 3, 6, 6])
    """

    mode = "reflect"

    def __init__(self, padding):
        super().__init__(padding, 4)


class ReplicationPad1d(_PadNd):
    """Pad the last dimension by repeating its edge values.

    Args:
        padding: an int, or (left, right).

    Example:
        >>> nn.ReplicationPad1d((2, 1))(minigrad.tensor([[1.0, 2.0, 3.0]]))
        tensor([[1., 1., 1., 2., 3., 3.]])
    """

    mode = "replicate"

    def __init__(self, padding):
        super().__init__(padding, 2)


class ReplicationPad2d(_PadNd):
    """Pad the last two dimensions by repeating their edge values.

    Args:
        padding: an int, or (left, right, top, bottom).

    Example:
        >>> nn.ReplicationPad2d((1, 1, 2, 0))
        ReplicationPad2d((1, 1, 2, 0))
    """

    mode = "replicate"

    def __init__(self, padding):
        super().__init__(padding, 4)


class CircularPad1d(_PadNd):
    """Pad the last dimension with its other end (wrapping round), for
    periodic signals.

    Args:
        padding: an int, or (left, right); at most the dimension's size.

    Example:
        >>> nn.CircularPad1d((2, 1))(minigrad.tensor([[1.0, 2.0, 3.0]]))
        tensor([[2., 3., 1., 2., 3., 1.]])
    """

    mode = "circular"

    def __init__(self, padding):
        super().__init__(padding, 2)

    def forward(self, input):
        # PyTorch's circular layers check the rank themselves (ValueError).
        if input.dim() not in (2, 3):
            raise ValueError(
                f"expected 2D or 3D input (got {input.dim()}D input): (C, W) or "
                "(N, C, W)"
            )
        return super().forward(input)


class CircularPad2d(_PadNd):
    """Pad the last two dimensions with their other ends (wrapping round).

    Args:
        padding: an int, or (left, right, top, bottom).

    Example:
        >>> nn.CircularPad2d(1)(minigrad.zeros(2, 3, 3)).shape
        minigrad.Size([2, 5, 5])
    """

    mode = "circular"

    def __init__(self, padding):
        super().__init__(padding, 4)

    def forward(self, input):
        if input.dim() not in (3, 4):
            raise ValueError(
                f"expected 3D or 4D input (got {input.dim()}D input): (C, H, W) or "
                "(N, C, H, W)"
            )
        return super().forward(input)
