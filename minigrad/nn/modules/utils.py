"""`torch.nn.modules.utils`: the helpers layers use to read their size settings.

`_pair(3)` is `(3, 3)` and `_pair((1, 2))` is `(1, 2)`: how a Conv2d accepts
`kernel_size=3` as well as `kernel_size=(3, 5)`. Custom layers copied from
PyTorch code import them from here.
"""

import collections.abc


def _ntuple(n, name="parse"):
    """A function that makes its argument an `n`-tuple: an iterable becomes a
    tuple as it is, anything else is repeated `n` times (PyTorch's helper)."""

    def parse(x):
        if isinstance(x, collections.abc.Iterable):
            return tuple(x)
        return (x,) * n

    parse.__name__ = name
    return parse


_single = _ntuple(1, "_single")
_pair = _ntuple(2, "_pair")
_triple = _ntuple(3, "_triple")
_quadruple = _ntuple(4, "_quadruple")


def _reverse_repeat_tuple(t, n):
    """Reverse `t` and repeat each element `n` times: a layer's per-dimension
    padding `(h, w)` as `F.pad` wants it, `(w, w, h, h)` for n=2."""
    return tuple(x for x in reversed(t) for _ in range(n))


__all__ = []
