"""More for convolutional networks: windows as views, im2col/col2im, unpooling,
power-average pooling, the bilinear form, bags of embeddings.

- `Tensor.unfold(dimension, size, step)` and `Tensor.as_strided` are views of
  the same memory (numpy's `as_strided`). Their gradient adds the output's
  gradient back to the positions each element was read from: a `ScatterAdd`
  of the flat positions (whose own gradient is `Gather`), so repeated reads of
  one element (overlapping windows) add up. An overlapping view is read-only:
  writing into it would write one element several times.
- `F.unfold` (im2col) lays every kernel window out as a column; `F.fold`
  (col2im) adds columns back into an image. Each is the other's gradient.
- `F.conv_transpose1d` is `ops/conv.py`'s convolution with one spatial side,
  as `conv1d` is.
- `F.max_unpool1d/2d` put each value back where max pooling found it
  (MaxUnpool2DBackward0; its gradient is a `Gather`); the 1-D one is the 2-D
  one of an `unsqueeze(-1)` view, as PyTorch makes it.
- `F.lp_pool1d/2d` and `F.bilinear` are composed, as PyTorch composes them.
- `F.embedding_bag` sums, averages or takes the maximum of each bag of
  embedding rows (EmbeddingBagBackward0, backward in tensor ops).

There is no 3-D convolution or pooling: the kernels of `ops/conv.py` and
`ops/pooling.py` are written for exactly two spatial sides.
"""

import numbers

import numpy as np
from numpy.lib.stride_tricks import as_strided as _np_as_strided

import minigrad

from ..autograd.function import Function
from ..tensor import Tensor
from .conv import _run, out_length, pad_array, windows
from .pooling import avg_pool2d
from .pooling_more import avg_pool1d
from .shape import _view
from .sorting import Gather, ScatterAdd

# ----- views of windows: Tensor.unfold and Tensor.as_strided -----


def _positions(size, stride, offset):
    """The flat position each element of a strided view reads (int64 array)."""
    flat = np.arange(offset, offset + 1, dtype=np.int64).reshape(())
    for n, s in zip(size, stride):
        flat = flat[..., None] + s * np.arange(n, dtype=np.int64)
    return flat


class _StridedView(Function):
    """A view of `a` in which element [i, j, ...] is element
    `offset + i*stride[0] + j*stride[1] + ...` of `a` read in order (flat);
    `steps` are the same strides in bytes of `a`'s own memory. The gradient
    adds back to those flat positions."""

    formula = "gradient added back to the position each element was read from"
    ctx_arrays = ("positions",)  # freed after backward

    @staticmethod
    def forward(ctx, a, size, stride, offset, steps, start=None):
        x = a._array()
        ctx.positions = _positions(size, stride, offset).reshape(-1)
        ctx.shape = x.shape
        # two elements at one position: reading is fine, writing is not
        overlapping = np.unique(ctx.positions).size < ctx.positions.size
        base = x if start is None else x.reshape(-1)[start:]
        view = _np_as_strided(
            base, size, steps, writeable=x.flags.writeable and not overlapping
        )
        return _view(a, view)

    @staticmethod
    def backward(ctx, grad):
        total = int(np.prod(ctx.shape))
        flat = ScatterAdd.apply(
            grad.reshape(-1), shape=(total,), dim=0, index=ctx.positions
        )
        return flat.reshape(ctx.shape)


class UnfoldDim(_StridedView):
    """`Tensor.unfold`: windows along one dimension."""

    backward_name = "UnfoldBackward0"


class AsStrided(_StridedView):
    """`Tensor.as_strided`: any strided view of the memory."""

    backward_name = "AsStridedBackward0"


def unfold_dim(input, dimension, size, step):
    """`input.unfold(dimension, size, step)`: every window of `size` elements,
    `step` apart, along `dimension`, as a view (no copy).

    The dimension becomes the number of windows, (length - size) // step + 1,
    and a new last dimension of `size` holds each window's elements.
    """
    x = input._array()
    ndim = max(x.ndim, 1)
    if not -ndim <= dimension < ndim:
        raise IndexError(
            f"Dimension out of range (expected to be in range of [{-ndim}, "
            f"{ndim - 1}], but got {dimension})"
        )
    dim = dimension % ndim
    shape = x.shape if x.ndim else (1,)
    if size > shape[dim]:
        raise RuntimeError(
            f"maximum size for tensor at dimension {dim} is {shape[dim]} but size "
            f"is {size} (the window can't be longer than the dimension)"
        )
    if step <= 0:
        raise RuntimeError(f"step is {step} but must be > 0")
    if size < 0:
        raise RuntimeError(f"size is {size} but must be >= 0")
    if x.ndim == 0:  # a 0-d tensor: at most one window of its one element
        return UnfoldDim.apply(
            input, size=(size,), stride=(1,), offset=0, steps=(x.itemsize,), start=0
        )
    count = (shape[dim] - size) // step + 1
    # strides in elements of `input` read in order (for the gradient's
    # positions) and in bytes of its own memory (for the view)
    flat = [int(np.prod(shape[i + 1 :])) for i in range(len(shape))]
    steps = list(x.strides) if x.ndim else [x.itemsize]
    new_size = shape[:dim] + (count,) + shape[dim + 1 :] + (size,)
    stride = flat[:dim] + [flat[dim] * step] + flat[dim + 1 :] + [flat[dim]]
    steps = steps[:dim] + [steps[dim] * step] + steps[dim + 1 :] + [steps[dim]]
    return UnfoldDim.apply(
        input, size=new_size, stride=tuple(stride), offset=0, steps=tuple(steps)
    )


def as_strided(input, size, stride, storage_offset=None):
    """A view of `input`'s elements with the given sizes and strides.

    Element [i, j, ...] of the result is flat element
    `storage_offset + i*stride[0] + j*stride[1] + ...` of the input's memory.
    A view whose elements overlap (a stride too small, or 0) is read-only.

    Only a contiguous input is taken (its memory is then its flat elements);
    call `.contiguous()` first for another.
    """
    x = input._array()
    size, stride = tuple(int(n) for n in size), tuple(int(s) for s in stride)
    if len(size) != len(stride):
        raise RuntimeError(
            f"mismatch in length of strides and shape: size {list(size)} has "
            f"{len(size)} dimensions, stride {list(stride)} has {len(stride)}"
        )
    if any(s < 0 for s in stride):
        raise RuntimeError(
            "as_strided: Negative strides are not supported at the moment, got "
            f"strides: {list(stride)}"
        )
    if any(n < 0 for n in size):
        raise RuntimeError(
            f"as_strided: negative sizes are not allowed, got size {list(size)}"
        )
    if not x.flags.c_contiguous:
        raise NotImplementedError(
            "minigrad's as_strided takes a contiguous tensor only (PyTorch "
            "indexes its underlying storage); call .contiguous() first"
        )
    offset = input.storage_offset() if storage_offset is None else storage_offset
    offset -= input.storage_offset()  # counted from this tensor's first element
    need = 1 + sum((n - 1) * s for n, s in zip(size, stride)) if all(size) else 0
    if offset < 0 or offset + need > x.size:
        raise RuntimeError(
            f"setStorage: sizes {list(size)}, strides {list(stride)}, storage "
            f"offset {offset + input.storage_offset()}, and itemsize "
            f"{x.itemsize} requiring a storage size of "
            f"{(offset + need) * x.itemsize} are out of bounds for storage of "
            f"size {x.size * x.itemsize} (the view reads past the tensor's end)"
        )
    steps = tuple(s * x.itemsize for s in stride)
    return AsStrided.apply(
        input, size=size, stride=stride, offset=offset, steps=steps, start=offset
    )


# ----- im2col and col2im: F.unfold and F.fold -----


def _pair(value, function, name):
    """An int or a pair of ints, as a pair (PyTorch's `_pair`)."""
    if isinstance(value, numbers.Integral):
        return (int(value),) * 2
    value = tuple(int(v) for v in value)
    if len(value) != 2:
        raise RuntimeError(
            f"{function}(): {name} must be an int or a pair of ints, but got "
            f"{list(value)} (im2col works on the two sides of an image)"
        )
    return value


def _im2col_array(x, kernel, dilation, padding, stride):
    """(N, C, H, W) -> (N, C*kh*kw, L): each window a column."""
    n, c, h, w = x.shape
    out = [
        out_length(size, k, s, p, d)
        for size, k, s, p, d in zip((h, w), kernel, stride, padding, dilation)
    ]
    view = windows(pad_array(x, padding), kernel, stride, dilation, out)
    # (N, C, oh, ow, kh, kw) -> (N, C, kh, kw, oh, ow): the copy is im2col
    # (sizes written out, not -1, which numpy can't infer for a batch of 0)
    return view.transpose(0, 1, 4, 5, 2, 3).reshape(
        n, c * kernel[0] * kernel[1], out[0] * out[1]
    )


def _blocks(size, kernel, dilation, padding, stride):
    """How many windows fit along each side of `size` (the columns' count)."""
    return [
        out_length(n, k, s, p, d)
        for n, k, s, p, d in zip(size, kernel, stride, padding, dilation)
    ]


def _col2im_array(cols, size, kernel, dilation, padding, stride):
    """(N, C*kh*kw, L) -> (N, C, H, W): columns added back where they came from.

    A loop over the kernel's positions (not over pixels): each adds its row of
    every column into a strided slice of the padded image.
    """
    n = cols.shape[0]
    (kh, kw), (dh, dw), (ph, pw), (sh, sw) = kernel, dilation, padding, stride
    oh, ow = _blocks(size, kernel, dilation, padding, stride)
    parts = cols.reshape(n, cols.shape[1] // (kh * kw), kh, kw, oh, ow)
    out = np.zeros((n, parts.shape[1], size[0] + 2 * ph, size[1] + 2 * pw), cols.dtype)
    for a in range(kh):
        for b in range(kw):
            rows = slice(a * dh, a * dh + (oh - 1) * sh + 1, sh)
            columns = slice(b * dw, b * dw + (ow - 1) * sw + 1, sw)
            out[:, :, rows, columns] += parts[:, :, a, b]
    return np.ascontiguousarray(out[:, :, ph : ph + size[0], pw : pw + size[1]])


class Im2Col(Function):
    """`F.unfold`: every kernel window as a column; gradient `Col2Im`."""

    backward_name = "Im2ColBackward0"
    formula = "gradient: the columns added back into the image (col2im)"

    @staticmethod
    def forward(ctx, x, kernel, dilation, padding, stride):
        ctx.settings = (kernel, dilation, padding, stride)
        ctx.size = tuple(x.shape[-2:])
        if x.dim() == 3:  # unbatched, as PyTorch's: one node either way
            return _im2col_array(x._data[None], kernel, dilation, padding, stride)[0]
        return _im2col_array(x._data, kernel, dilation, padding, stride)

    @staticmethod
    def backward(ctx, grad):
        kernel, dilation, padding, stride = ctx.settings
        return Col2Im.apply(
            grad,
            size=ctx.size,
            kernel=kernel,
            dilation=dilation,
            padding=padding,
            stride=stride,
        )


class Col2Im(Function):
    """`F.fold`: columns added back into an image; gradient `Im2Col`."""

    backward_name = "Col2ImBackward0"
    formula = "gradient: every window of the image's gradient (im2col)"

    @staticmethod
    def forward(ctx, cols, size, kernel, dilation, padding, stride):
        ctx.settings = (kernel, dilation, padding, stride)
        if cols.dim() == 2:  # unbatched
            x = cols._data[None]
            return _col2im_array(x, size, kernel, dilation, padding, stride)[0]
        return _col2im_array(cols._data, size, kernel, dilation, padding, stride)

    @staticmethod
    def backward(ctx, grad):
        kernel, dilation, padding, stride = ctx.settings
        return Im2Col.apply(
            grad, kernel=kernel, dilation=dilation, padding=padding, stride=stride
        )


def _check_settings(function, kernel, dilation, padding, stride):
    for name, values, least in (
        ("kernel", kernel, 1),
        ("dilation", dilation, 1),
        ("stride", stride, 1),
        ("padding", padding, 0),
    ):
        if any(v < least for v in values):
            word = "non-negative" if least == 0 else "greater than zero"
            raise RuntimeError(
                f"{function}: {name} should be {word}, but got {name}: "
                f"{values[0]} {values[1]}"
            )


def unfold(input, kernel_size, dilation=1, padding=0, stride=1):
    """Extract every sliding window of a batch of images as columns (im2col).

    Args:
        input: (N, C, H, W), or (C, H, W) unbatched.
        kernel_size, dilation, padding, stride: an int or a pair each, as
            `conv2d`'s.

    Returns:
        Tensor (N, C*kh*kw, L), L the number of windows; a convolution is
        `weight.view(O, -1) @ unfold(x, k)`.

    Example:
        >>> F.unfold(minigrad.ones(1, 2, 3, 3), 2).shape
        minigrad.Size([1, 8, 4])
    """
    kernel = _pair(kernel_size, "unfold", "kernel_size")
    dilation = _pair(dilation, "unfold", "dilation")
    padding = _pair(padding, "unfold", "padding")
    stride = _pair(stride, "unfold", "stride")
    if input.dim() not in (3, 4):
        raise RuntimeError(
            "Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size "
            f"for input, but got:{list(input.shape)} (F.unfold takes images, "
            "(N, C, H, W) or (C, H, W))"
        )
    _check_settings("im2col", kernel, dilation, padding, stride)
    size = input.shape[-2:]
    blocks = _blocks(size, kernel, dilation, padding, stride)
    if min(blocks) < 1:
        raise RuntimeError(
            f"Given input with spatial size ({size[0]}, {size[1]}), "
            f"kernel_size=({kernel[0]}, {kernel[1]}), dilation=({dilation[0]}, "
            f"{dilation[1]}), padding=({padding[0]}, {padding[1]}), calculated shape "
            f"of the array of sliding blocks as ({blocks[0]}, {blocks[1]}), but its "
            "components must be at least one."
        )
    return Im2Col.apply(
        input, kernel=kernel, dilation=dilation, padding=padding, stride=stride
    )


def fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1):
    """Add columns of windows back into images (col2im), the inverse of
    `unfold` for windows that don't overlap (overlaps add up).

    Args:
        input: (N, C*kh*kw, L), or (C*kh*kw, L) unbatched.
        output_size: (H, W) of the images (an int for both).
        kernel_size, dilation, padding, stride: as `unfold`'s.

    Returns:
        Tensor (N, C, H, W).

    Example:
        >>> F.fold(minigrad.ones(1, 4, 4), (4, 4), 2, stride=2).shape
        minigrad.Size([1, 1, 4, 4])
    """
    size = _pair(output_size, "fold", "output_size")
    kernel = _pair(kernel_size, "fold", "kernel_size")
    dilation = _pair(dilation, "fold", "dilation")
    padding = _pair(padding, "fold", "padding")
    stride = _pair(stride, "fold", "stride")
    if input.dim() not in (2, 3):
        raise RuntimeError(
            "Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch "
            f"size and non-zero dimensions for input, but got: {list(input.shape)} "
            "(F.fold takes columns, (N, C*kh*kw, L) or (C*kh*kw, L))"
        )
    _check_settings("col2im", kernel, dilation, padding, stride)
    rows, length = input.shape[-2:]
    if rows % (kernel[0] * kernel[1]):
        raise RuntimeError(
            "Expected size of input's dimension 1 to be divisible by the product "
            f"of kernel_size, but got input.size(1)={rows} and "
            f"kernel_size=({kernel[0]}, {kernel[1]})."
        )
    blocks = _blocks(size, kernel, dilation, padding, stride)
    if blocks[0] * blocks[1] != length:
        raise RuntimeError(
            f"Given output_size=({size[0]}, {size[1]}), kernel_size=({kernel[0]}, "
            f"{kernel[1]}), dilation=({dilation[0]}, {dilation[1]}), padding="
            f"({padding[0]}, {padding[1]}), stride=({stride[0]}, {stride[1]}), "
            f"expected size of input's dimension 2 to match the calculated number "
            f"of sliding blocks {blocks[0]} * {blocks[1]} = "
            f"{blocks[0] * blocks[1]}, but got input.size(2)={length}."
        )
    return Col2Im.apply(
        input,
        size=size,
        kernel=kernel,
        dilation=dilation,
        padding=padding,
        stride=stride,
    )


# ----- conv_transpose1d -----


def conv_transpose1d(
    input,
    weight,
    bias=None,
    stride=1,
    padding=0,
    output_padding=0,
    groups=1,
    dilation=1,
):
    """A transposed 1-D convolution: `conv_transpose2d` along one axis.

    Args:
        input: (N, C, L), or (C, L) unbatched.
        weight: (C, out_channels/groups, k).
        bias, stride, padding, output_padding, groups, dilation: as
            `conv_transpose2d`'s, one value each.

    Returns:
        Tensor (N, out_channels, L_out), L_out =
        (L - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + 1.

    Example:
        >>> F.conv_transpose1d(minigrad.ones(1, 1, 2), minigrad.ones(1, 1, 2),
        ...                    stride=2)
        tensor([[[1., 1., 1., 1.]]])
    """
    return _run(
        "conv_transpose1d",
        1,
        input,
        weight,
        bias,
        stride,
        padding,
        dilation,
        groups,
        transposed=True,
        output_padding=output_padding,
    )


# ----- max unpooling -----


def _unpool_size(function, input, kernel, stride, padding, output_size):
    """The output's spatial size: PyTorch's default, or `output_size` checked."""
    dims = len(kernel)
    default = [
        (input.shape[-dims + i] - 1) * stride[i] - 2 * padding[i] + kernel[i]
        for i in range(dims)
    ]
    if output_size is None:
        return default
    size = [int(n) for n in output_size]
    if len(size) == dims + 2:
        size = size[2:]
    if len(size) != dims:
        raise ValueError(
            f"output_size should be a sequence containing {dims} or {dims + 2} "
            f"elements, but it has a length of '{len(size)}'"
        )
    for i in range(dims):
        low, high = default[i] - stride[i], default[i] + stride[i]
        if not low < size[i] < high:
            raise ValueError(
                f'invalid output_size "{output_size}" (dim {i} must be between '
                f"{low} and {high})"
            )
    return size


class MaxUnpool2d(Function):
    """Each value put back at its index in a plane of zeros; the gradient picks
    the output's gradient at those indices (`Gather`)."""

    backward_name = "MaxUnpool2DBackward0"
    formula = "gradient: grad picked at each value's index"
    ctx_arrays = ("index",)  # freed after backward

    @staticmethod
    def forward(ctx, input, index, size):
        lead = input.shape[:-2]
        values = input._data.reshape(*lead, -1)
        ctx.index, ctx.shape = index.reshape(*lead, -1), tuple(input.shape)
        out = np.zeros((*lead, size[0] * size[1]), dtype=values.dtype)
        np.put_along_axis(out, ctx.index, values, axis=-1)
        return out.reshape(*lead, *size)

    @staticmethod
    def backward(ctx, grad):
        flat = grad.reshape(*ctx.shape[:-2], -1)
        return Gather.apply(flat, dim=-1, index=ctx.index).reshape(*ctx.shape)


def max_unpool2d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """Undo `max_pool2d`: each value back where its maximum was, zeros elsewhere.

    Args:
        input: the pooled values, (N, C, H, W) or (C, H, W).
        indices: the indices `max_pool2d(..., return_indices=True)` gave.
        kernel_size, stride, padding: the pooling's settings.
        output_size: the size to restore (the pooled input's), where the
            settings leave it open.

    Returns:
        Tensor (N, C, H_out, W_out), H_out = (H - 1) * stride - 2 * padding
        + kernel_size unless output_size says otherwise.

    Example:
        >>> out, idx = F.max_pool2d(minigrad.ones(1, 1, 2, 2), 2, return_indices=True)
        >>> F.max_unpool2d(out, idx, 2)
        tensor([[[[1., 0.],
                  [0., 0.]]]])
    """
    kernel = _pair(kernel_size, "max_unpool2d", "kernel_size")
    stride = kernel if stride is None else _pair(stride, "max_unpool2d", "stride")
    padding = _pair(padding, "max_unpool2d", "padding")
    if input.dim() not in (3, 4):
        raise RuntimeError(
            "Expected 3D or 4D (batch mode) tensor for input, but got: "
            f"{list(input.shape)} (max_unpool2d takes pooled images)"
        )
    if indices.dtype != minigrad.int64 or tuple(indices.shape) != tuple(input.shape):
        raise RuntimeError(
            f"Expected shape of indices to be same as that of the input tensor "
            f"({list(input.shape)}) and indices of dtype int64 but got indices of "
            f"shape {list(indices.shape)}, dtype {indices.dtype} (pass the indices "
            "max_pool2d(..., return_indices=True) gave)"
        )
    size = _unpool_size("max_unpool2d", input, kernel, stride, padding, output_size)
    index = indices._data
    plane = size[0] * size[1]
    bad = index[(index < 0) | (index >= plane)]
    if bad.size:
        raise RuntimeError(
            f"Found an invalid max index: {int(bad.flat[0])} (output volumes are of "
            f"size {size[0]}x{size[1]}); pass output_size= the size of the pooled "
            "input"
        )
    return MaxUnpool2d.apply(input, index=index, size=tuple(size))


def max_unpool1d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """Undo `max_pool1d`: each value back where its maximum was, zeros elsewhere.

    The 2-D unpooling of a (N, C, L, 1) view, as PyTorch makes it.

    Args: as `max_unpool2d`'s, one value each; input (N, C, L) or (C, L).

    Example:
        >>> out, idx = F.max_pool1d(minigrad.tensor([[[1.0, 3.0]]]), 2,
        ...                         return_indices=True)
        >>> F.max_unpool1d(out, idx, 2)
        tensor([[[0., 3.]]])
    """
    kernel = _single(kernel_size, "kernel_size")
    stride = kernel if stride is None else _single(stride, "stride")
    padding = _single(padding, "padding")
    if input.dim() not in (2, 3):
        raise RuntimeError(
            "Expected 2D or 3D (batch mode) tensor for input, but got: "
            f"{list(input.shape)} (max_unpool1d takes pooled sequences)"
        )
    size = _unpool_size("max_unpool1d", input, kernel, stride, padding, output_size)
    out = max_unpool2d(
        input.unsqueeze(-1),
        indices.unsqueeze(-1),
        (kernel[0], 1),
        (stride[0], 1),
        (padding[0], 0),
        output_size=(size[0], 1),
    )
    return out.squeeze(-1)


def _single(value, name):
    if isinstance(value, numbers.Integral):
        return (int(value),)
    value = tuple(int(v) for v in value)
    if len(value) != 1:
        raise RuntimeError(
            f"{name} must be an int or a tuple of one int for a 1-D op, but got "
            f"{list(value)}"
        )
    return value


# ----- power-average pooling, composed as PyTorch composes it -----


def lp_pool2d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    """The p-norm of each window: (sum of x**p over the window) ** (1/p).

    Composed as PyTorch's: the average pooling of `input ** p`, times the
    window's size, to the power 1/p (p=inf is max pooling, p=1 sum pooling).

    Args:
        input: (N, C, H, W), or (C, H, W).
        norm_type: p.
        kernel_size: an int or (kh, kw).
        stride: default kernel_size.
        ceil_mode: round the output size up.

    Example:
        >>> F.lp_pool2d(minigrad.full((1, 1, 2, 2), 2.0), 2, 2)
        tensor([[[[4.]]]])
    """
    kh, kw = _pair(kernel_size, "lp_pool2d", "kernel_size")
    out = avg_pool2d(input.pow(norm_type), kernel_size, stride, 0, ceil_mode)
    # (a negative mean, from odd p, gives 0, as PyTorch's)
    return (
        (minigrad.sign(out) * minigrad.relu(out.abs()))
        .mul(kw * kh)
        .pow(1.0 / norm_type)
    )


def lp_pool1d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    """The p-norm of each window along the last dimension (see `lp_pool2d`).

    Args:
        input: (N, C, L), or (C, L).
        norm_type: p.
        kernel_size: the window's length.
        stride: default kernel_size.
        ceil_mode: round the output length up.

    Example:
        >>> F.lp_pool1d(minigrad.tensor([[[3.0, 4.0]]]), 2, 2)
        tensor([[[5.]]])
    """
    (k,) = _single(kernel_size, "kernel_size")
    out = avg_pool1d(input.pow(norm_type), kernel_size, stride, 0, ceil_mode)
    return (minigrad.sign(out) * minigrad.relu(out.abs())).mul(k).pow(1.0 / norm_type)


# ----- the bilinear form -----


def bilinear(input1, input2, weight, bias=None):
    """y[..., o] = input1 @ weight[o] @ input2 + bias[o], for each output o.

    Args:
        input1: (..., in1_features).
        input2: (..., in2_features), the same leading dimensions.
        weight: (out_features, in1_features, in2_features).
        bias: (out_features,) or None.

    Returns:
        Tensor (..., out_features).

    Example:
        >>> F.bilinear(minigrad.ones(2, 3), minigrad.ones(2, 4),
        ...            minigrad.ones(5, 3, 4)).shape
        minigrad.Size([2, 5])
    """
    if weight.dim() != 3:
        raise RuntimeError(
            f"bilinear(): weight must be three-dimensional (out_features, "
            f"in1_features, in2_features), but got {weight.dim()} dimensions"
        )
    if input1.dim() != input2.dim():
        raise RuntimeError(
            f"bilinear(): input dimensions do not match: got {input1.dim()} and "
            f"{input2.dim()} (both inputs need the same leading dimensions)"
        )
    for d, (a, b) in enumerate(zip(input1.shape[:-1], input2.shape[:-1])):
        if a != b:
            raise RuntimeError(
                f"bilinear(): input batch dimensions do not match at dim {d}: got "
                f"{a} and {b}"
            )
    for i, (x, size) in enumerate(
        ((input1, weight.shape[1]), (input2, weight.shape[2]))
    ):
        if x.shape[-1] != size:
            raise RuntimeError(
                f"bilinear(): input{i + 1} size does not match weight size: got "
                f"{x.shape[-1]} but expected {size} (weight is (out_features, "
                "in1_features, in2_features))"
            )
    if bias is not None and (bias.dim() != 1 or bias.shape[0] != weight.shape[0]):
        raise RuntimeError(
            f"bilinear(): bias size does not match weight size: got "
            f"{bias.shape[-1] if bias.dim() else 0} but expected {weight.shape[0]}"
        )
    out = minigrad.einsum("...i,oij,...j->...o", input1, weight, input2)
    return out if bias is None else out + bias


# ----- bags of embeddings -----


class EmbeddingBag(Function):
    """The sum, mean or maximum of each bag's embedding rows.

    `rows` are the indices (padding_idx dropped), `bags` which bag each row
    belongs to; the gradient adds each bag's gradient back to its rows (for
    max, to the row that gave each maximum), in tensor ops.
    """

    backward_name = "EmbeddingBagBackward0"
    formula = "d bag / d row = 1 (sum), 1/count (mean), or 1 at the maximum (max)"
    ctx_arrays = ("rows", "bags", "argmax")  # freed after backward

    @staticmethod
    def forward(ctx, weight, per_sample_weights, rows, bags, count, mode):
        w = weight._data
        ctx.rows, ctx.bags, ctx.count, ctx.mode = rows, bags, count, mode
        ctx.shape, ctx.argmax = w.shape, None
        out = np.zeros((count, w.shape[1]), dtype=w.dtype)
        picked = w[rows]
        if mode == "max":
            ctx.argmax = np.full((count, w.shape[1]), -1, dtype=np.int64)
            for b in np.unique(bags):  # a loop over bags, each a few rows
                mine = rows[bags == b]
                where = w[mine].argmax(axis=0)
                ctx.argmax[b], out[b] = (
                    mine[where],
                    w[mine[where], np.arange(w.shape[1])],
                )
            return out
        if per_sample_weights is not None:
            picked = picked * per_sample_weights._data[:, None]
        np.add.at(out, bags, picked)
        if mode == "mean":
            sizes = np.bincount(bags, minlength=count)
            out /= np.maximum(sizes, 1)[:, None].astype(w.dtype)
        ctx.save_for_backward(weight, per_sample_weights)
        return out

    @staticmethod
    def backward(ctx, grad):
        dim = ctx.shape[1]
        if ctx.mode == "max":
            found = ctx.argmax[:, 0] >= 0  # (an empty bag has no row)
            src = grad[Tensor._make(np.nonzero(found)[0])]
            return (
                ScatterAdd.apply(src, shape=ctx.shape, dim=0, index=ctx.argmax[found]),
                None,
            )
        weight, per_sample_weights = ctx.saved_tensors
        spread = grad[Tensor._make(ctx.bags)]  # each row's bag gradient
        if ctx.mode == "mean":
            sizes = np.maximum(np.bincount(ctx.bags, minlength=ctx.count), 1)
            spread = spread / Tensor._make(
                sizes[ctx.bags][:, None].astype(grad._data.dtype)
            )
        grad_psw = None
        if per_sample_weights is not None:
            grad_psw = (spread * weight[Tensor._make(ctx.rows)]).sum(-1)
            spread = spread * per_sample_weights.unsqueeze(-1)
        index = np.repeat(ctx.rows[:, None], dim, axis=1)
        return ScatterAdd.apply(spread, shape=ctx.shape, dim=0, index=index), grad_psw


def embedding_bag(
    input,
    weight,
    offsets=None,
    max_norm=None,
    norm_type=2,
    scale_grad_by_freq=False,
    mode="mean",
    sparse=False,
    per_sample_weights=None,
    include_last_offset=False,
    padding_idx=None,
):
    """The sum, mean or max of bags of embedding rows, without the (bag, row)
    tensor in between.

    Args:
        input: indices, (B, n) (each row a bag of n) or 1-D with `offsets`.
        weight: the embedding table (num_embeddings, embedding_dim).
        offsets: 1-D input only: where each bag starts in `input`.
        mode: "sum", "mean" or "max".
        per_sample_weights: one weight per index, mode "sum" only.
        include_last_offset: `offsets` ends with the end of the last bag.
        padding_idx: an index left out of every bag (not counted in the mean).
        max_norm, scale_grad_by_freq, sparse: not in minigrad.

    Returns:
        Tensor (B, embedding_dim); an empty bag gives zeros.

    Example:
        >>> w = minigrad.arange(6.0).view(3, 2)
        >>> F.embedding_bag(minigrad.tensor([0, 2, 1]), w, minigrad.tensor([0, 2]),
        ...                 mode="sum")
        tensor([[4., 6.],
                [2., 3.]])
    """
    if max_norm is not None or scale_grad_by_freq or sparse:
        raise NotImplementedError(
            "embedding_bag: max_norm, scale_grad_by_freq and sparse are not in "
            "minigrad; leave them at their defaults"
        )
    if mode not in ("sum", "mean", "max"):
        raise ValueError("mode has to be one of sum, mean or max")
    if per_sample_weights is not None and mode != "sum":
        raise NotImplementedError(
            "embedding_bag: per_sample_weights was not None. per_sample_weights is "
            f"only supported for mode='sum' (got mode='{mode}'). Please open a "
            "feature request on GitHub."
        )
    if weight.dim() != 2:
        raise ValueError(
            f"weight has to be a 2D Tensor, but got Tensor of dimension {weight.dim()}"
        )
    if input.dtype not in (minigrad.int64, minigrad.int32):
        raise RuntimeError(
            "Expected tensor for argument #1 'indices' to have one of the following "
            f"scalar types: Long, Int; but got {input.dtype} instead (the indices "
            "must be integers)"
        )
    if per_sample_weights is not None and tuple(per_sample_weights.shape) != tuple(
        input.shape
    ):
        raise ValueError(
            f"embedding_bag: If per_sample_weights ({list(per_sample_weights.shape)})"
            f" is not None, then it must have the same shape as the input "
            f"({list(input.shape)})"
        )
    if input.dim() == 2:
        if offsets is not None:
            raise ValueError(
                "if input is 2D, then offsets has to be None, as input is treated "
                "is a mini-batch of fixed length sequences. However, found offsets "
                f"of type {type(offsets)}"
            )
        count, length = input.shape
        bags = np.repeat(np.arange(count), length)
    elif input.dim() == 1:
        if offsets is None:
            raise ValueError("offsets has to be a 1D Tensor but got None")
        if offsets.dim() != 1:
            raise ValueError("offsets has to be a 1D Tensor")
        starts = offsets._data.astype(np.int64)
        if include_last_offset:
            starts = starts[:-1]
        if starts.size and starts[0] != 0:
            raise RuntimeError(
                f"offsets[0] has to be 0, i.e., the first sequence in the mini-batch "
                f"has to start from position 0. However, got {starts[0]}"
            )
        if np.any(np.diff(starts) < 0) or (starts.size and starts[-1] > input.numel()):
            raise RuntimeError(
                "offsets must be non-decreasing and at most the input's length, "
                f"but got {starts.tolist()} for {input.numel()} indices"
            )
        count = starts.size
        bags = np.searchsorted(starts, np.arange(input.numel()), side="right") - 1
    else:
        raise ValueError(
            "input has to be 1D or 2D Tensor, but got Tensor of dimension "
            f"{input.dim()}"
        )
    rows = input._data.reshape(-1).astype(np.int64)
    if rows.size and (rows.min() < 0 or rows.max() >= weight.shape[0]):
        bad = int(np.nonzero((rows < 0) | (rows >= weight.shape[0]))[0][0])
        raise RuntimeError(
            f"Index {bad} of input takes value {rows[bad]} which is not in the valid "
            f"range [0, {weight.shape[0]}) (the table has {weight.shape[0]} rows)"
        )
    psw = None if per_sample_weights is None else per_sample_weights.reshape(-1)
    if padding_idx is not None:
        keep = rows != padding_idx % weight.shape[0]
        rows, bags = rows[keep], bags[keep]
        if psw is not None:
            psw = psw[Tensor._make(np.nonzero(keep)[0])]
    return EmbeddingBag.apply(weight, psw, rows=rows, bags=bags, count=count, mode=mode)
