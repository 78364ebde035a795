"""Channel dropout layers: `nn.Dropout1d`, `nn.Dropout2d`, `nn.Dropout3d`.

`nn.Dropout` (in `activation.py`) zeroes single elements; these zero whole
channels (feature maps), which is what regularises a convolutional network,
whose neighbouring pixels are alike. They call `F.dropout1d`, `F.dropout2d`,
`F.dropout3d` (`functional.py`), in training only, as `nn.Dropout` does.
"""

from . import functional as F
from .module import Module


class _DropoutNd(Module):
    """Base of the channel dropout layers: `p` and `inplace`, checked once."""

    def __init__(self, p=0.5, inplace=False):
        super().__init__()
        if p < 0 or p > 1:
            raise ValueError(
                f"dropout probability has to be between 0 and 1, but got {p}"
            )
        self.p = p
        self.inplace = inplace

    def extra_repr(self):
        return f"p={self.p}, inplace={self.inplace}"


class Dropout1d(_DropoutNd):
    """During training, zero each channel of (N, C, L) or (C, L) with
    probability `p` and scale the rest by `1 / (1 - p)` (see `F.dropout1d`).

    Args:
        p: probability of zeroing a channel (default 0.5).
        inplace: write the result into the input tensor (as PyTorch does).

    Example:
        >>> nn.Dropout1d(0.2)
        Dropout1d(p=0.2, inplace=False)
    """

    def forward(self, input):
        return F.dropout1d(input, self.p, self.training, self.inplace)


class Dropout2d(_DropoutNd):
    """During training, zero each channel (feature map) of (N, C, H, W) with
    probability `p` and scale the rest by `1 / (1 - p)` (see `F.dropout2d`).

    Args:
        p: probability of zeroing a channel (default 0.5).
        inplace: write the result into the input tensor (as PyTorch does).

    Example:
        >>> layer = nn.Dropout2d(0.5).eval()  # evaluation: does nothing
        >>> x = minigrad.ones(1, 2, 3, 3)
        >>> layer(x) is x
        True
    """

    def forward(self, input):
        return F.dropout2d(input, self.p, self.training, self.inplace)


class Dropout3d(_DropoutNd):
    """During training, zero each channel of (N, C, D, H, W) or (C, D, H, W)
    with probability `p` and scale the rest by `1 / (1 - p)` (see
    `F.dropout3d`).

    Args:
        p: probability of zeroing a channel (default 0.5).
        inplace: write the result into the input tensor (as PyTorch does).

    Example:
        >>> nn.Dropout3d()
        Dropout3d(p=0.5, inplace=False)
    """

    def forward(self, input):
        return F.dropout3d(input, self.p, self.training, self.inplace)
