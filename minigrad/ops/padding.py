"""Padding: `F.pad` and its four modes, each recorded as PyTorch records it.

`pad` is a flat sequence of (before, after) pairs, the LAST dimension first:
`(1, 1, 2, 0)` adds 1 column on each side and 2 rows on top. A negative
width crops instead. The modes say what the new elements are:

- "constant": `value` (0 by default), on any number of dimensions;
  node `ConstantPadNdBackward0`.
- "reflect": the input mirrored at its edge, the edge itself not repeated
  (`[1, 2, 3]` padded by 2 on the left: `[3, 2, 1, 2, 3]`);
  node `ReflectionPad1DBackward0` (2D, 3D by how many dimensions are padded).
- "replicate": the edge repeated (`[1, 1, 1, 2, 3]`);
  node `ReplicationPad1DBackward0` (2D, 3D).
- "circular": the other end wrapped round (`[2, 3, 1, 2, 3]`); node
  `CopySlices` (PyTorch builds it by copying slices into a new tensor).

The non-constant modes pad the last 1, 2 or 3 dimensions of an input with
one or two more (a channel dimension and an optional batch), as PyTorch's.

How the gradients work. Constant padding only moves the input into a bigger
(or, cropped, smaller) frame, so its gradient is the same padding with every
width negated: what was added is cropped off and what was cropped comes back
as zeros (PyTorch's backward is exactly this, `ConstantPadNdBackward0` again
under `create_graph=True`). In the three other modes every output element is
a copy of one input element, chosen dimension by dimension: along each padded
dimension a list of indices says which input position each output position
copies (`source_positions`). The forward gathers (`np.take`); the gradient
adds each output gradient back to the position it was copied from (an input
element copied three times gets three gradients). Both are linear and each is
the other's adjoint, so the backward of one is the other (`PadCopy` and
`PadCopyAdjoint`), which is what makes second derivatives work.

Read `pad` (the checks, with PyTorch's messages) first, then the two ops.
"""

import numbers

import numpy as np

from .._check import checked_scalar, tensor_arg
from ..autograd.function import Function
from ..tensor import Tensor

MODES = ("constant", "reflect", "replicate", "circular")

# numpy's names for the same modes (`np.pad(..., mode=...)`).
NUMPY_MODES = {"reflect": "reflect", "replicate": "edge", "circular": "wrap"}

NON_CONSTANT_HELP = (
    "Supported combinations for non-constant padding:\n"
    "  - 2D or 3D input: padding size = 2 (pads last dimension)\n"
    "  - 3D or 4D input: padding size = 4 (pads last 2 dimensions)\n"
    "  - 4D or 5D input: padding size = 6 (pads last 3 dimensions)"
)


# ----- constant padding ------------------------------------------------------------


def constant_pad_array(x, pairs, value):
    """`x` padded with `value` by `pairs` (one (before, after) per dimension of
    `x`, first dimension first); negative widths crop."""
    # Crop first (the negative widths), then pad (the positive ones): the two
    # never touch the same side, so the order changes nothing but the work.
    crop = tuple(
        slice(max(-before, 0), size - max(-after, 0))
        for size, (before, after) in zip(x.shape, pairs)
    )
    widths = [(max(before, 0), max(after, 0)) for before, after in pairs]
    if x.ndim == 0:  # (a 0-d input, nothing to pad: np.pad wants dimensions)
        return x.copy()
    return np.pad(x[crop], widths, constant_values=value)


class ConstantPadNd(Function):
    """`input` in a bigger (or cropped) frame, filled with `value`."""

    backward_name = "ConstantPadNdBackward0"
    formula = "d/dx: the gradient cropped back to the input (the same pad, negated)"

    @staticmethod
    def forward(ctx, a, pairs, value):
        ctx.pairs = pairs
        return constant_pad_array(a._data, pairs, value)

    @staticmethod
    def backward(ctx, grad):
        # The padded elements don't depend on the input: crop them off. Where
        # the forward cropped, those inputs had no effect: their gradient is 0.
        negated = tuple((-before, -after) for before, after in ctx.pairs)
        return ConstantPadNd.apply(grad, pairs=negated, value=0)


# ----- reflect, replicate, circular: every output element copies an input element --


def source_positions(size, before, after, mode):
    """For one dimension of `size` elements padded by (before, after): the
    input position each output position copies.

    np.pad of the positions 0..size-1 gives them; negative widths crop.
    Reflect and replicate crop the padded result (what PyTorch computes);
    circular crops first and wraps what is left, as PyTorch does.

    Example:
        >>> source_positions(3, 2, 1, "reflect")
        array([2, 1, 0, 1, 2, 1])
    """
    positions = np.arange(size)
    widths = (max(before, 0), max(after, 0))
    if size + before + after == 0:  # (cropped to nothing: no positions)
        return positions[:0]
    if mode == "circular":
        positions = positions[max(-before, 0) : size - max(-after, 0)]
        return np.pad(positions, widths, mode="wrap")
    padded = np.pad(positions, widths, mode=NUMPY_MODES[mode])
    return padded[max(-before, 0) : len(padded) - max(-after, 0)]


def copy_matrix(positions, size):
    """The 0/1 matrix (len(positions), size) of one padded dimension: row j
    has its one 1 at the input position output j copies."""
    matrix = np.zeros((len(positions), size))
    matrix[np.arange(len(positions)), positions] = 1.0
    return matrix


def _node_names(mode, dims):
    """PyTorch's names for the padding's node and for its gradient's node."""
    if mode == "circular":
        # PyTorch pads circularly by copying slices into a new tensor: the
        # last copy's node is CopySlices; its gradient's node a slice's.
        return "CopySlices", "SliceBackwardBackward0"
    kind = "Reflection" if mode == "reflect" else "Replication"
    return f"{kind}Pad{dims}DBackward0", f"{kind}Pad{dims}DBackwardBackward0"


class PadCopy(Function):
    """Reflect, replicate or circular padding: output element [..., i, j]
    copies input element [..., rows[i], columns[j]] (one index list per
    padded dimension, the last dimensions of the input)."""

    formula = "d/dx: each input element gathers the gradients of its copies"
    ctx_arrays = ("positions",)  # freed after backward

    @classmethod
    def node_name(cls, a, positions, names):
        return names[0]

    @staticmethod
    def forward(ctx, a, positions, names):
        ctx.positions, ctx.names = positions, names
        ctx.sizes = a.shape[a.dim() - len(positions) :]
        x = a._data
        first = x.ndim - len(positions)  # the first padded dimension
        for i, index in enumerate(positions):
            x = np.take(x, index, axis=first + i)
        return x

    @staticmethod
    def backward(ctx, grad):
        return PadCopyAdjoint.apply(
            grad, positions=ctx.positions, sizes=ctx.sizes, names=ctx.names
        )


class PadCopyAdjoint(Function):
    """The gradient of `PadCopy`: each output gradient added back to the input
    position it was copied from (zeros where nothing was copied from)."""

    formula = "d/dgrad: the padding again (this is linear; its adjoint is the pad)"
    ctx_arrays = ("positions",)

    @classmethod
    def node_name(cls, grad, positions, sizes, names):
        return names[1]

    @staticmethod
    def forward(ctx, grad, positions, sizes, names):
        ctx.positions, ctx.names = positions, names
        g = grad._data
        first = g.ndim - len(positions)
        for i, (index, size) in enumerate(zip(positions, sizes)):
            # Multiplying by the copy matrix's transpose sums the copies of
            # each input position: one matmul per dimension, no Python loop.
            matrix = copy_matrix(index, size).astype(g.dtype)
            g = np.moveaxis(np.moveaxis(g, first + i, -1) @ matrix, -1, first + i)
        return np.ascontiguousarray(g)

    @staticmethod
    def backward(ctx, grad):
        return PadCopy.apply(grad, positions=ctx.positions, names=ctx.names)


# ----- the function users call: checks with PyTorch's messages ------------------


def _pad_widths(pad):
    """`pad` as a tuple of ints, or PyTorch's TypeError."""
    if not isinstance(pad, (tuple, list)):
        raise TypeError(
            "pad(): argument 'pad' (position 2) must be tuple of ints, not "
            f"{type(pad).__name__} (give a (left, right, ...) tuple, e.g. (1, 1))"
        )
    for i, width in enumerate(pad):
        if isinstance(width, bool) or not isinstance(width, numbers.Integral):
            raise TypeError(
                "pad(): argument 'pad' (position 2) must be tuple of ints, but "
                f"found element of type {type(width).__name__} at pos {i}"
            )
    return tuple(int(width) for width in pad)


def _pad_value(value):
    """`value` as a Python number (None: 0), or PyTorch's TypeError."""
    if value is None:
        return 0.0
    if isinstance(value, Tensor) and value.dim() == 0:
        return value.item()
    if not isinstance(value, numbers.Real):
        raise TypeError(
            "pad(): argument 'value' (position 4) must be float, not "
            f"{type(value).__name__}"
        )
    return value


def _check_reflect_replicate(input, pairs, mode):
    """PyTorch's checks of reflection and replication padding: no empty
    dimension (but the batch), reflect widths smaller than the dimension, and
    an output that is not too small."""
    dims = len(pairs)
    shape = list(input.shape)
    # Of a batched input only the batch may be empty (nothing to reflect).
    kept = shape[1:] if len(shape) == dims + 2 else shape
    if 0 in kept:
        raise RuntimeError(
            f"Expected {dims + 1}D or {dims + 2}D (batch mode) tensor with possibly "
            f"0 batch size and other non-zero dimensions for input, but got: {shape}"
        )
    spatial = shape[len(shape) - dims :]
    if mode == "reflect":
        # pairs is first-padded-dimension first; PyTorch's argument number
        # counts from the last dimension (#4 for it, #6, #8 for the ones before).
        for i, ((before, after), size) in enumerate(zip(pairs, spatial)):
            if before >= size or after >= size:
                raise RuntimeError(
                    f"Argument #{4 + 2 * (dims - 1 - i)}: Padding size should be "
                    "less than the corresponding input dimension, but got: padding "
                    f"({before}, {after}) at dimension {len(shape) - dims + i} of "
                    f"input {shape}"
                )
    out = [size + before + after for (before, after), size in zip(pairs, spatial)]
    # PyTorch refuses an empty output in 1-D, and in 2-D or 3-D only when
    # every padded dimension is empty (a negative size is refused always).
    if all(n < 1 for n in out) or any(n < 0 for n in out):
        given = ("W: {}", "H: {}, W: {}", "D: {} H: {}, W: {}")[dims - 1]
        got = ("W: {}", "H: {} W: {}", "D: {} H: {} W: {}")[dims - 1]
        raise RuntimeError(
            f"input ({given.format(*spatial)}) is too small. Calculated output "
            f"{got.format(*out)} (negative "
            "padding crops; crop less)"
        )


def _check_circular(input, pairs):
    """PyTorch's checks of circular padding: it wraps round at most once."""
    spatial = input.shape[input.dim() - len(pairs) :]
    for (before, after), size in zip(pairs, spatial):
        kept = size + min(before, 0) + min(after, 0)  # what cropping leaves
        if before > size or after > size:
            raise RuntimeError(_wrap_message(size, size))
        if size + before + after < 0:
            raise RuntimeError(
                "Negative padding value is resulting in an empty dimension "
                f"(cropping ({before}, {after}) from a dimension of {size}: crop less)"
            )
        # (PyTorch: an overlapping-memory error, or, for an output of one
        # element, whatever memory held)
        if size + before + after > 0 and max(before, after) > kept:
            raise RuntimeError(_wrap_message(kept, size))


def _wrap_message(most, size):
    return (
        "Padding value causes wrapping around more than once. (each width can "
        f"be at most {most} here: the dimension's {size} elements, less what "
        "negative widths crop; pad in several steps or use mode='replicate')"
    )


def pad(input, pad, mode="constant", value=None):
    """Pad (or, with negative widths, crop) the last dimensions of `input`.

    Args:
        input: a tensor.
        pad: (left, right) widths for the last dimension, then (top, bottom)
            for the one before, and so on: `len(pad) // 2` dimensions, at
            most all of them.
        mode: "constant" (fill with `value`), "reflect" (mirror at the edge),
            "replicate" (repeat the edge) or "circular" (wrap round). The
            last three pad the last 1, 2 or 3 dimensions of an input with one
            or two more (channels, and an optional batch).
        value: the fill of "constant" (default 0).

    Returns:
        A new tensor; each padded dimension grows by left + right.

    Example:
        >>> F.pad(minigrad.tensor([[1.0, 2.0, 3.0]]), (2, 1), mode="reflect")
        tensor([[3., 2., 1., 2., 3., 2.]])
    """
    tensor_arg(input, "pad")
    widths = _pad_widths(pad)
    if not isinstance(mode, str):
        raise TypeError(
            f"pad(): argument 'mode' (position 3) must be str, not "
            f"{type(mode).__name__}"
        )
    if mode not in MODES:
        raise NotImplementedError(
            f"Unrecognised padding mode {mode} (the modes are {', '.join(MODES)})"
        )
    if len(widths) % 2:
        raise RuntimeError(
            "Padding length must be divisible by 2 (one (before, after) pair "
            "per dimension)"
        )
    ndim = input.dim()
    if len(widths) > 2 * ndim:
        raise RuntimeError(
            "Padding length should be less than or equal to two times the input "
            f"dimension but got padding length {len(widths)} and input of "
            f"dimension {ndim}"
        )
    fill = _pad_value(value)
    if mode == "constant":
        # PyTorch takes the value as a float (so -1 is no uint8 value), checked
        # against the input's dtype: 300 for uint8, 1e5 for float16 raise.
        fill = checked_scalar(float(fill), input._data.dtype).item()
    # (before, after) per padded dimension, first padded dimension first.
    pairs = [(widths[i], widths[i + 1]) for i in range(0, len(widths), 2)][::-1]
    if mode == "constant":
        shape = input.shape[ndim - len(pairs) :]
        for (before, after), size in zip(pairs, shape):
            if size + min(before, 0) + min(after, 0) < 0:
                raise RuntimeError(
                    "narrow(): length must be non-negative. (negative padding "
                    f"crops ({before}, {after}) from a dimension of {size}: "
                    "crop less)"
                )
        every = [(0, 0)] * (ndim - len(pairs)) + pairs
        return ConstantPadNd.apply(input, pairs=tuple(every), value=fill)
    if fill != 0:
        raise RuntimeError(f'Padding mode "{mode}" doesn\'t take in value argument')
    dims = len(pairs)
    if dims not in (1, 2, 3) or ndim not in (dims + 1, dims + 2):
        raise NotImplementedError(
            f"Padding size {len(widths)} is not supported for {ndim}D input "
            f"tensor.\n{NON_CONSTANT_HELP}"
        )
    if mode == "circular":
        _check_circular(input, pairs)
    else:
        _check_reflect_replicate(input, pairs, mode)
    spatial = input.shape[ndim - dims :]
    positions = tuple(
        source_positions(size, before, after, mode)
        for (before, after), size in zip(pairs, spatial)
    )
    return PadCopy.apply(input, positions=positions, names=_node_names(mode, dims))
