"""Resizing images: `interpolate` (nearest, linear, bilinear, area,
nearest-exact) and `pixel_shuffle` / `pixel_unshuffle`.

Nearest and linear interpolation are linear maps along each spatial side:
output position i reads input positions i0 and i1 with weights l0 and l1
(nearest: one position, weight 1). So a 1-D resize is `x @ A_wᵀ` and a 2-D
one `A_h @ x @ A_wᵀ`, with small matrices built from PyTorch's own index
and weight formulas (`_nearest_matrix`, `_linear_matrix`), computed in the
precision PyTorch computes them (float32 for nearest, the input's for
linear). The gradient is the same map transposed, whose own gradient is the
map again, so `create_graph=True` works. The node is named as PyTorch names
it: UpsampleNearest1DBackward0, UpsampleNearest2DBackward0,
UpsampleLinear1DBackward0, UpsampleBilinear2DBackward0 (`_NODE_NAMES`).

Pixel shuffle moves r*r channels into an r-times larger image (a reshape
and a transpose); pixel unshuffle undoes it, and each is the other's
gradient (PixelShuffleBackward0, PixelUnshuffleBackward0).
"""

import math
import numbers

import numpy as np

from ..autograd.function import Function
from ..tensor import Tensor
from ._util import float_input
from .pooling import adaptive_avg_pool2d

_MODES = "nearest | linear | bilinear | bicubic | trilinear | area | nearest-exact"

# (mode, number of spatial dims) -> PyTorch's node name
_NODE_NAMES = {
    ("nearest", 1): "UpsampleNearest1DBackward0",
    ("nearest", 2): "UpsampleNearest2DBackward0",
    ("nearest-exact", 1): "UpsampleNearestExact1DBackward0",
    ("nearest-exact", 2): "UpsampleNearestExact2DBackward0",
    ("linear", 1): "UpsampleLinear1DBackward0",
    ("bilinear", 2): "UpsampleBilinear2DBackward0",
}


# ----- the index and weight formulas of PyTorch's kernels --------------------------


def _inverse_scale(size, out, scale, dtype):
    """Input positions per output position: 1/scale_factor when one was given
    (PyTorch keeps it), else size/out; in the kernel's precision."""
    if scale is not None and scale > 0:
        return dtype.type(1.0 / scale)
    return dtype.type(size) / dtype.type(out)


def _nearest_matrix(size, out, scale, exact):
    """(out, size): output i copies input floor(i * s) (nearest-exact:
    floor((i + 0.5) * s)), s in float32 as PyTorch's kernel computes it."""
    i = np.arange(out)
    if exact:
        s = _inverse_scale(size, out, scale, np.dtype(np.float32))
        source = np.floor(((i + 0.5) * np.float64(s)).astype(np.float32))
    elif out == size:
        source = i
    elif out == 2 * size:
        source = i // 2
    else:
        s = _inverse_scale(size, out, scale, np.dtype(np.float32))
        source = np.floor(i.astype(np.float32) * s)
    source = np.minimum(source.astype(np.int64), size - 1)
    matrix = np.zeros((out, size))
    matrix[i, source] = 1.0
    return matrix


def _linear_matrix(size, out, scale, align_corners, dtype):
    """(out, size): output i is l0 * input[i0] + l1 * input[i1], PyTorch's
    source index and weights, in `dtype` (the kernel's precision)."""
    if out == size:  # PyTorch copies: no weights computed
        return np.eye(size, dtype=dtype)
    i = np.arange(out).astype(dtype)
    if align_corners:  # the corners' centres line up
        s = dtype.type(size - 1) / dtype.type(out - 1) if out > 1 else dtype.type(0)
        source = s * i
    else:  # the corners' edges line up: pixel centres at i + 0.5
        s = _inverse_scale(size, out, scale, dtype)
        source = np.maximum(s * (i + dtype.type(0.5)) - dtype.type(0.5), 0)
    first = np.minimum(np.floor(source).astype(np.int64), size - 1)
    weight1 = np.clip(source - first.astype(dtype), 0, 1).astype(dtype)
    second = first + (first < size - 1)
    matrix = np.zeros((out, size), dtype=dtype)
    rows = np.arange(out)
    matrix[rows, first] += (1 - weight1).astype(dtype)
    matrix[rows, second] += weight1
    return matrix


class Resample(Function):
    """`A_h @ x @ A_wᵀ` (or `x @ A_wᵀ` in 1-D): a resize along each spatial side.

    Its gradient is the same map with the matrices transposed.
    """

    formula = "out = A_h x A_wᵀ,  dx = A_hᵀ grad A_w"
    ctx_arrays = ("rows", "cols")  # freed after backward

    @classmethod
    def node_name(cls, x, rows, cols, name):
        return name

    @staticmethod
    def forward(ctx, x, rows, cols, name):
        ctx.rows, ctx.cols, ctx.name_of_node = rows, cols, name
        value = x._data
        dtype = value.dtype
        value = np.matmul(value, cols.T.astype(dtype))
        if rows is not None:
            value = np.matmul(rows.astype(dtype), value)
        return value.astype(dtype)

    @staticmethod
    def backward(ctx, grad):
        rows = None if ctx.rows is None else ctx.rows.T
        name = ctx.name_of_node.replace("Backward0", "BackwardBackward0")
        return Resample.apply(grad, rows=rows, cols=ctx.cols.T, name=name)


# ----- interpolate ---------------------------------------------------------------


def _spatial_list(value, dims, input, what):
    """`size` or `scale_factor`: one per spatial dimension (a number repeats)."""
    if not isinstance(value, (list, tuple)):
        return [value] * dims
    if len(value) != dims:
        if what == "size":
            given, wanted = f"output size of {value}", "output size in (o1, o2, ...,oK)"
        else:
            given = f"scale_factor of shape {value}"
            wanted = "scale_factor in (s1, s2, ...,sK)"
        raise ValueError(
            f"Input and {'output' if what == 'size' else 'scale_factor'} must have "
            f"the same number of spatial dimensions, but got input with spatial "
            f"dimensions of {list(input.shape[2:])} and {given}. Please provide "
            f"input tensor in (N, C, d1, d2, ...,dK) format and {wanted} format."
        )
    return list(value)


def interpolate(
    input,
    size=None,
    scale_factor=None,
    mode="nearest",
    align_corners=None,
    recompute_scale_factor=None,
    antialias=False,
):
    """Resize (N, C, L) or (N, C, H, W) inputs, as PyTorch computes it.

    Args:
        input: (N, C, L) for 'nearest', 'linear', 'area'; (N, C, H, W) for
            'nearest', 'bilinear', 'area'.
        size: the output's spatial size (an int, or one per spatial dim).
        scale_factor: or a multiplier of the input's spatial size (the output
            is floor(size * scale_factor)); give one of size and scale_factor.
        mode: 'nearest' (default), 'linear' (1-D), 'bilinear' (2-D), 'area'
            (adaptive average pooling), 'nearest-exact'.
        align_corners: linear modes only: True lines up the centres of the
            corner pixels, False (default) their outer edges.
        recompute_scale_factor: True computes the output size from
            scale_factor, then interpolates as if that size had been given.
        antialias: not supported (False).

    Returns:
        Tensor (N, C, *size).

    Example:
        >>> F.interpolate(minigrad.tensor([[[1.0, 2.0]]]), scale_factor=2)
        tensor([[[1., 1., 2., 2.]]])
        >>> F.interpolate(minigrad.tensor([[[1.0, 2.0]]]), size=4, mode="linear")
        tensor([[[1.0000, 1.2500, 1.7500, 2.0000]]])
    """
    if not isinstance(input, Tensor):
        raise TypeError(
            f"interpolate(): argument 'input' must be Tensor, not "
            f"{type(input).__name__}"
        )
    if mode in ("nearest", "area", "nearest-exact"):
        if align_corners is not None:
            raise ValueError(
                "align_corners option can only be set with the interpolating "
                "modes: linear | bilinear | bicubic | trilinear"
            )
    elif align_corners is None:
        align_corners = False
    dims = input.dim() - 2
    if size is not None and scale_factor is not None:
        raise ValueError("only one of size or scale_factor should be defined")
    if size is None and scale_factor is None:
        raise ValueError("either size or scale_factor should be defined")
    if size is not None and recompute_scale_factor:
        raise ValueError(
            "recompute_scale_factor is not meaningful with an explicit size."
        )
    if antialias:
        raise NotImplementedError(
            "interpolate(antialias=True) is not written in minigrad (leave it False)"
        )
    if dims not in (1, 2, 3) or mode not in _MODES.split(" | "):
        raise NotImplementedError(
            f"Input Error: Only 3D, 4D and 5D input Tensors supported (got "
            f"{input.dim()}D) for the modes: {_MODES} (got {mode})"
        )
    wanted = {"linear": 1, "bilinear": 2, "trilinear": 3, "bicubic": 2}.get(mode)
    if wanted is not None and wanted != dims:
        raise NotImplementedError(
            f"Got {input.dim()}D input, but {mode} mode needs {wanted + 2}D input"
        )
    if dims == 3 or mode == "bicubic":
        raise NotImplementedError(
            f"interpolate: minigrad resizes 1-D and 2-D inputs with the modes "
            f"nearest, linear, bilinear, area and nearest-exact; {mode} on a "
            f"{input.dim()}-D input is not written"
        )
    sizes = list(input.shape[2:])
    if size is not None:
        out = _spatial_list(size, dims, input, "size")
        if not all(isinstance(o, numbers.Integral) for o in out):
            raise TypeError(
                f"expected size to be one of int or Tuple[int] or Tuple[int, int] "
                f"or Tuple[int, int, int], but got size with types "
                f"{[type(o) for o in out]}"
            )
        scales = [None] * dims
    else:
        scales = [float(s) for s in _spatial_list(scale_factor, dims, input, "scale")]
        out = [math.floor(n * s) for n, s in zip(sizes, scales)]
        if recompute_scale_factor or mode == "area":
            scales = [None] * dims  # as if the size had been given
    out = [int(o) for o in out]
    if min(sizes) <= 0 or min(out) <= 0:
        names = ("W",) if dims == 1 else ("H", "W")
        given = ", ".join(f"{n}: {s}" for n, s in zip(names, sizes))
        asked = ", ".join(f"{n}: {o}" for n, o in zip(names, out))
        raise RuntimeError(
            f"Input and output sizes should be greater than 0, but got input "
            f"({given}) output ({asked})"
        )
    if mode == "area":  # an average over each output pixel's area
        if dims == 1:
            return adaptive_avg_pool2d(input.unsqueeze(-2), (1, out[0])).squeeze(-2)
        return adaptive_avg_pool2d(input, tuple(out))
    if mode.startswith("nearest"):
        float_input(input, "compute_indices_weights_nearest")
        matrices = [
            _nearest_matrix(n, o, s, mode == "nearest-exact")
            for n, o, s in zip(sizes, out, scales)
        ]
    else:
        float_input(input, "compute_indices_weights_linear")
        dtype = np.dtype(np.float64 if input.dtype.itemsize == 8 else np.float32)
        matrices = [
            _linear_matrix(n, o, s, align_corners, dtype)
            for n, o, s in zip(sizes, out, scales)
        ]
    rows = matrices[0] if dims == 2 else None
    return Resample.apply(
        input, rows=rows, cols=matrices[-1], name=_NODE_NAMES[mode, dims]
    )


# ----- pixel shuffle -------------------------------------------------------------


def _check_factor(input, factor, function, name):
    if not isinstance(input, Tensor):
        raise TypeError(
            f"{function}(): argument 'input' (position 1) must be Tensor, not "
            f"{type(input).__name__}"
        )
    if isinstance(factor, bool) or not isinstance(factor, numbers.Integral):
        raise TypeError(
            f"{function}(): argument '{name}' (position 2) must be int, not "
            f"{type(factor).__name__}"
        )
    if input.dim() < 3:
        raise RuntimeError(
            f"{function} expects input to have at least 3 dimensions, but got "
            f"input with {input.dim()} dimension(s)"
        )
    if factor <= 0:
        raise RuntimeError(f"{function} expects a positive {name}, but got {factor}")
    return int(factor)


def pixel_shuffle(input, upscale_factor):
    """(*, C·r², H, W) -> (*, C, H·r, W·r): channels become sub-pixels.

    Output pixel (h·r + i, w·r + j) of channel c is input channel c·r² + i·r + j
    at (h, w).

    Example:
        >>> F.pixel_shuffle(minigrad.arange(4.0).reshape(1, 4, 1, 1), 2)
        tensor([[[[0., 1.],
                  [2., 3.]]]])
    """
    r = _check_factor(input, upscale_factor, "pixel_shuffle", "upscale_factor")
    c = input.shape[-3]
    if c % (r * r):
        raise RuntimeError(
            f"pixel_shuffle expects its input's 'channel' dimension to be divisible "
            f"by the square of upscale_factor, but input.size(-3)={c} is not "
            f"divisible by {r * r}"
        )
    return PixelShuffle.apply(input, factor=r)


def pixel_unshuffle(input, downscale_factor):
    """(*, C, H·r, W·r) -> (*, C·r², H, W): the inverse of `pixel_shuffle`.

    Example:
        >>> F.pixel_unshuffle(minigrad.arange(4.0).reshape(1, 1, 2, 2), 2).flatten()
        tensor([0., 1., 2., 3.])
    """
    r = _check_factor(input, downscale_factor, "pixel_unshuffle", "downscale_factor")
    for side, axis in (("height", -2), ("width", -1)):
        if input.shape[axis] % r:
            raise RuntimeError(
                f"pixel_unshuffle expects {side} to be divisible by "
                f"downscale_factor, but input.size({axis})={input.shape[axis]} is "
                f"not divisible by {r}"
            )
    return PixelUnshuffle.apply(input, factor=r)


def _shuffle(x, r):
    *lead, c, h, w = x.shape
    x = x.reshape(*lead, c // (r * r), r, r, h, w)
    n = len(lead)
    # (..., C, i, j, H, W) -> (..., C, H, i, W, j)
    x = x.transpose(*range(n), n, n + 3, n + 1, n + 4, n + 2)
    return np.ascontiguousarray(x).reshape(*lead, c // (r * r), h * r, w * r)


def _unshuffle(x, r):
    *lead, c, h, w = x.shape
    x = x.reshape(*lead, c, h // r, r, w // r, r)
    n = len(lead)
    # (..., C, H, i, W, j) -> (..., C, i, j, H, W)
    x = x.transpose(*range(n), n, n + 2, n + 4, n + 1, n + 3)
    return np.ascontiguousarray(x).reshape(*lead, c * r * r, h // r, w // r)


class PixelShuffle(Function):
    """Channels to sub-pixels; its gradient is `PixelUnshuffle` of the gradient."""

    backward_name = "PixelShuffleBackward0"
    formula = "a permutation of the elements: the gradient is permuted back"

    @staticmethod
    def forward(ctx, input, factor):
        ctx.factor = factor
        return _shuffle(input._data, factor)

    @staticmethod
    def backward(ctx, grad):
        return PixelUnshuffle.apply(grad, factor=ctx.factor)


class PixelUnshuffle(Function):
    """Sub-pixels to channels; its gradient is `PixelShuffle` of the gradient."""

    backward_name = "PixelUnshuffleBackward0"
    formula = "a permutation of the elements: the gradient is permuted back"

    @staticmethod
    def forward(ctx, input, factor):
        ctx.factor = factor
        return _unshuffle(input._data, factor)

    @staticmethod
    def backward(ctx, grad):
        return PixelShuffle.apply(grad, factor=ctx.factor)
