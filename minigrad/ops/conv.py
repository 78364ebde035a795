"""Convolution: `conv1d`, `conv2d` and `conv_transpose2d`, one node for all.

PyTorch records every convolution as one `ConvolutionBackward0` node with
three inputs (input, weight, bias), and so does `convolution` here.

How the forward runs fast (no Python loop over pixels): a strided *view* of
the padded input shows every window the kernel visits
(`np.lib.stride_tricks.as_strided`, no copy), one reshape lays the windows
out as columns ("im2col") and one batched matmul with the weight does all
the multiply-adds. A transposed convolution runs the other way: one matmul
makes each input pixel's contribution to a kernel-sized patch, and a loop
over the kernel's positions (25 for a 5x5 kernel, never over pixels) adds
the patches into the output ("col2im").

The backward is written with the same two operations, so that it works on
numpy arrays (an ordinary backward) and on tensors (`create_graph=True`,
where it is recorded and can be differentiated again):

- the input's gradient is the transposed convolution of the output's
  gradient with the same weight (and the other way round for a transposed
  convolution);
- the weight's gradient is itself a convolution: of the input (channels
  and batch swapped) with the output's gradient as the kernel, stride and
  dilation swapped (`_weight_grad`).

Read `nn/functional.py`'s `conv2d` (the checks) and `nn/conv.py` (the layers).
"""

import numpy as np
from numpy.lib.stride_tricks import as_strided

from .._dtype import scalar_type_name
from ..autograd.function import Node, record
from ..tensor import Tensor
from .shape import Cat

# ----- the numpy kernels (two spatial dimensions) ------------------------------


def windows(padded, kernel, stride, dilation, out_size):
    """A view of every kernel window of `padded` (N, C, H, W), without copying.

    Returns an array of shape (N, C, out_h, out_w, kh, kw) where
    `[n, c, i, j, a, b]` is `padded[n, c, i*sh + a*dh, j*sw + b*dw]`.
    """
    sn, sc, sh, sw = padded.strides
    shape = padded.shape[:2] + tuple(out_size) + tuple(kernel)
    steps = (
        sn,
        sc,
        sh * stride[0],
        sw * stride[1],
        sh * dilation[0],
        sw * dilation[1],
    )
    return as_strided(padded, shape, steps, writeable=False)


def pad_array(x, padding, value=0.0, extra=(0, 0)):
    """`x` (N, C, H, W) padded by `padding` on each side (plus `extra` at the end)."""
    (ph, pw), (eh, ew) = padding, extra
    if not (ph or pw or eh or ew):
        return x
    widths = ((0, 0), (0, 0), (ph, ph + eh), (pw, pw + ew))
    return np.pad(x, widths, constant_values=value)


def out_length(size, kernel, stride, padding, dilation):
    """How many positions a kernel takes along one side: PyTorch's formula."""
    return (size + 2 * padding - dilation * (kernel - 1) - 1) // stride + 1


def conv2d_array(x, w, stride, padding, dilation, groups):
    """The cross-correlation of x (N, C, H, W) with w (O, C/groups, kh, kw).

    im2col plus one batched matmul: columns (N, G, C/G*kh*kw, out_h*out_w)
    multiplied by the weight (G, O/G, C/G*kh*kw) for each group.
    """
    n, c, h, wd = x.shape
    o, cg, kh, kw = w.shape
    g = groups
    oh = out_length(h, kh, stride[0], padding[0], dilation[0])
    ow = out_length(wd, kw, stride[1], padding[1], dilation[1])
    view = windows(pad_array(x, padding), (kh, kw), stride, dilation, (oh, ow))
    view = view.reshape(n, g, cg, oh, ow, kh, kw)
    weight = w.reshape(g, o // g, cg * kh * kw)
    if kh * kw <= oh * ow:
        # (N, G, C/G, kh, kw, oh, ow): the copy is im2col, rows of output pixels
        # (sizes written out, not -1, which numpy can't infer for a batch of 0)
        cols = view.transpose(0, 1, 2, 5, 6, 3, 4).reshape(n, g, cg * kh * kw, oh * ow)
        out = np.matmul(weight, cols)  # (N, G, O/G, oh*ow)
    else:
        # A kernel bigger than the output (the weight's gradient, where the
        # output's gradient is the kernel): copy in runs along the kernel.
        cols = view.transpose(0, 1, 3, 4, 2, 5, 6).reshape(n, g, oh * ow, cg * kh * kw)
        out = np.matmul(cols, weight.transpose(0, 2, 1)).transpose(0, 1, 3, 2)
    return out.reshape(n, o, oh, ow)


def conv_transpose2d_array(x, w, stride, padding, dilation, output_padding, groups):
    """The transposed convolution of x (N, C, H, W) with w (C, O/groups, kh, kw).

    Each input pixel adds `pixel * kernel` to a patch of the output: one
    matmul makes all the patches, then each kernel position's share is added
    into a strided slice of the output (col2im).
    """
    n, c, h, wd = x.shape
    _, og, kh, kw = w.shape
    g = groups
    cg = c // g
    (sh, sw), (ph, pw), (dh, dw) = stride, padding, dilation
    full_h = (h - 1) * sh + dh * (kh - 1) + 1 + output_padding[0]
    full_w = (wd - 1) * sw + dw * (kw - 1) + 1 + output_padding[1]
    # (G, O/G*kh*kw, C/G) @ (N, G, C/G, H*W) -> (N, G, O/G*kh*kw, H*W)
    weight = w.reshape(g, cg, og * kh * kw).transpose(0, 2, 1)
    patches = np.matmul(weight, x.reshape(n, g, cg, h * wd))
    patches = patches.reshape(n, g * og, kh, kw, h, wd)
    out = np.zeros((n, g * og, full_h, full_w), dtype=np.result_type(x, w))
    for a in range(kh):  # a loop over the kernel's positions, not over pixels
        for b in range(kw):
            rows = slice(a * dh, a * dh + (h - 1) * sh + 1, sh)
            cols = slice(b * dw, b * dw + (wd - 1) * sw + 1, sw)
            out[:, :, rows, cols] += patches[:, :, a, b]
    return np.ascontiguousarray(out[:, :, ph : full_h - ph, pw : full_w - pw])


# ----- one formula for arrays and tensors --------------------------------------


def _conv(x, w, stride, padding, dilation, groups):
    """A convolution of arrays (plain) or of tensors (recorded)."""
    if isinstance(x, Tensor):
        return convolution(x, w, None, stride, padding, dilation, False, (0, 0), groups)
    return conv2d_array(x, w, stride, padding, dilation, groups)


def _conv_transpose(x, w, stride, padding, dilation, output_padding, groups):
    """A transposed convolution of arrays (plain) or of tensors (recorded)."""
    if isinstance(x, Tensor):
        return convolution(
            x, w, None, stride, padding, dilation, True, output_padding, groups
        )
    return conv_transpose2d_array(
        x, w, stride, padding, dilation, output_padding, groups
    )


def _permute(x, dims):
    return x.permute(*dims) if isinstance(x, Tensor) else x.transpose(dims)


def _sum(x, dims):
    return x.sum(dim=dims) if isinstance(x, Tensor) else x.sum(axis=dims)


def _unsqueeze(x, dim):
    return x.unsqueeze(dim) if isinstance(x, Tensor) else np.expand_dims(x, dim)


def _squeeze(x, dim):
    return x.squeeze(dim) if isinstance(x, Tensor) else np.squeeze(x, dim)


def _weight_grad(x, grad, kernel, stride, padding, dilation, groups):
    """d(conv(x, w))/dw given the output's gradient: itself a convolution.

    w[o, c, a, b] met x[n, c, i*s + a*d, j*s + b*d] at every output (n, o, i, j),
    so its gradient sums x times grad over n, i, j: a convolution of x (batch
    and channels swapped) with grad as the kernel, stride and dilation swapped.
    Works on arrays and on tensors alike.
    """
    n, c, h, wd = x.shape
    _, o, oh, ow = grad.shape
    g = groups
    cg, og = c // g, o // g
    # x as a batch of C/G images with G*N channels; grad as G*O/G kernels of N
    xs = _permute(x.reshape(n, g, cg, h, wd), (2, 1, 0, 3, 4)).reshape(cg, g * n, h, wd)
    ks = _permute(grad.reshape(n, g, og, oh, ow), (1, 2, 0, 3, 4)).reshape(o, n, oh, ow)
    out = _conv(xs, ks, dilation, padding, stride, g)  # (C/G, O, kh', kw')
    out = out[:, :, : kernel[0], : kernel[1]]  # leftover rows the stride skipped
    return _permute(out, (1, 0, 2, 3))


def _output_padding(size, out_size, kernel, stride, padding, dilation):
    """The output_padding that makes a transposed convolution give back `size`."""
    return tuple(
        size[i]
        - ((out_size[i] - 1) * stride[i] - 2 * padding[i])
        - dilation[i] * (kernel[i] - 1)
        - 1
        for i in range(2)
    )


# ----- the op and its node --------------------------------------------------------


def convolution(
    input, weight, bias, stride, padding, dilation, transposed, output_padding, groups
):
    """A convolution (or a transposed one) of tensors: one ConvolutionBackward0.

    The inputs have been checked (`nn.functional.conv2d` and friends); all
    settings are tuples of one (1-D) or two (2-D) ints.

    Args:
        input: (N, C, L) or (N, C, H, W).
        weight: (O, C/groups, *kernel), or (C, O/groups, *kernel) if transposed.
        bias: (O,) or None.
        transposed: a transposed convolution (`conv_transpose2d`).

    Returns:
        The output tensor, (N, O, *out).
    """
    one_d = input._data.ndim == 3
    x, w = input._data, weight._data
    settings = [tuple(s) for s in (stride, padding, dilation, output_padding)]
    if one_d:  # run as 2-D with a height of 1
        x, w = x[:, :, None], w[:, :, None]
        settings = [(first, *s) for first, s in zip((1, 0, 1, 0), settings)]
    stride, padding, dilation, output_padding = settings
    if transposed:
        out = conv_transpose2d_array(
            x, w, stride, padding, dilation, output_padding, groups
        )
    else:
        out = conv2d_array(x, w, stride, padding, dilation, groups)
    if bias is not None:
        out += bias._data.reshape(-1, 1, 1)
    if one_d:
        out = out[:, :, 0]
    saved = (
        input if weight._requires_grad else None,
        weight if input._requires_grad else None,
    )
    return record(
        ConvolutionBackward0,
        out,
        (input, weight, bias),
        saved=saved,
        stride=stride,
        padding=padding,
        dilation=dilation,
        transposed=transposed,
        output_padding=output_padding,
        groups=groups,
        one_d=one_d,
        input_size=x.shape[2:],
        kernel=w.shape[2:],
    )


class ConvolutionBackward0(Node):
    """Gradients of a convolution: a transposed convolution and a convolution.

    For y = conv(x, w) + b: dx = conv_transpose(grad, w), dw = conv(x, grad)
    (`_weight_grad`), db = grad summed over batch and positions. For a
    transposed convolution the roles of the two convolutions swap.
    """

    formula = "dx = conv_transpose(grad, w),  dw = conv(x, grad),  db = sum(grad)"

    def backward(self, grad):
        x, w = self.saved(isinstance(grad, Tensor))
        need_x, need_w, need_b = [c is not None for c, _ in self.next_functions]
        if self.one_d:  # as 2-D, with a height of 1
            grad = _unsqueeze(grad, 2)
            x = None if x is None else _unsqueeze(x, 2)
            w = None if w is None else _unsqueeze(w, 2)
        s, p, d, g = self.stride, self.padding, self.dilation, self.groups
        grad_x = grad_w = grad_b = None
        if not self.transposed:
            if need_x:
                extra = _output_padding(
                    self.input_size, grad.shape[2:], self.kernel, s, p, d
                )
                grad_x = _conv_transpose(grad, w, s, p, d, extra, g)
            if need_w:
                grad_w = _weight_grad(x, grad, self.kernel, s, p, d, g)
        else:
            # y = conv_transpose(x, w) is the adjoint of z = conv(y', w): so
            # dx = conv(grad, w) and dw is conv's weight gradient, grad as input.
            if need_x:
                grad_x = _conv(grad, w, s, p, d, g)
                # (an output_padding of at least the stride adds rows to crop)
                grad_x = grad_x[:, :, : self.input_size[0], : self.input_size[1]]
            if need_w:
                grad_w = _weight_grad(grad, x, self.kernel, s, p, d, g)
        if need_b:
            grad_b = _sum(grad, (0, 2, 3))
        if self.one_d:
            grad_x = None if grad_x is None else _squeeze(grad_x, 2)
            grad_w = None if grad_w is None else _squeeze(grad_w, 2)
        return grad_x, grad_w, grad_b


# ----- the functions users call: checks with PyTorch's messages ----------------


def _tuple(value, n, name):
    """An int or a sequence of n ints, as a tuple of n ints."""
    if isinstance(value, (int, np.integer)):
        return (int(value),) * n
    value = tuple(int(v) for v in value)
    if len(value) == 1:
        return value * n
    if len(value) != n:
        raise RuntimeError(
            f"expected {name} to be a single integer value or a list of {n} values "
            f"to match the convolution dimensions, but got {name}={list(value)}"
        )
    return value


def _size(t):
    return list(t.shape)


def _same_padding(kernel, dilation, stride):
    """padding='same': half the kernel's reach on each side (stride 1 only).

    Returns the padding of both sides and the one extra row or column an
    even reach needs at the end (bottom, right), as PyTorch puts it.
    """
    if any(s != 1 for s in stride):
        raise RuntimeError("padding='same' is not supported for strided convolutions")
    total = [d * (k - 1) for k, d in zip(kernel, dilation)]
    return tuple(t // 2 for t in total), tuple(t % 2 for t in total)


def _check_convolution(
    function,
    dims,
    input,
    weight,
    bias,
    stride,
    padding,
    dilation,
    groups,
    transposed=False,
    output_padding=0,
):
    """Check a convolution's arguments as PyTorch does; return the settings.

    Raises RuntimeError with PyTorch's message (and a hint) for a wrong input
    rank, non-positive stride or dilation, negative padding, groups that don't
    divide the channels, a wrong number of channels or bias size, a kernel
    bigger than the padded input and mixed dtypes.
    """
    if input.dim() not in (dims + 1, dims + 2):
        raise RuntimeError(
            f"Expected {dims + 1}D (unbatched) or {dims + 2}D (batched) input to "
            f"{function}, but got input of size: {_size(input)}"
        )
    if weight.dim() != dims + 2:
        layout = (
            "in_channels, out_channels/groups"
            if transposed
            else ("out_channels, in_channels/groups")
        )
        raise RuntimeError(
            f"{function}: expected weight to be {dims + 2}-D ({layout}, kernel "
            f"size), but got weight of size {_size(weight)}"
        )
    stride = _tuple(stride, dims, "stride")
    dilation = _tuple(dilation, dims, "dilation")
    output_padding = _tuple(output_padding, dims, "output_padding")
    kernel = tuple(weight.shape[2:])
    extra = (0,) * dims  # rows/columns of zeros added at the end ('same')
    if isinstance(padding, str):
        if padding == "valid":
            padding = (0,) * dims
        elif padding == "same" and not transposed:
            padding, extra = _same_padding(kernel, dilation, stride)
        else:
            raise RuntimeError(f"Invalid padding string: '{padding}'")
    padding = _tuple(padding, dims, "padding")
    if any(s <= 0 for s in stride):
        raise RuntimeError(f"non-positive stride is not supported (stride={stride})")
    if any(p < 0 for p in padding):
        raise RuntimeError(f"negative padding is not supported (padding={padding})")
    if any(d <= 0 for d in dilation):
        raise RuntimeError(
            f"non-positive dilation is not supported (dilation={dilation})"
        )
    if not isinstance(groups, (int, np.integer)) or groups <= 0:
        raise RuntimeError(f"non-positive groups is not supported (groups={groups})")
    batched = input.dim() == dims + 2
    shape = _size(input) if batched else [1] + _size(input)
    channels = shape[1]
    if transposed:
        expected = weight.shape[0]
        out_channels = weight.shape[1] * groups
        if expected % groups:
            raise RuntimeError(
                f"Given groups={groups}, expected weight to be divisible by {groups} "
                f"at dimension 0, but got weight of size [{_size(weight)}] instead"
            )
        for op, s, d in zip(output_padding, stride, dilation):
            if op < 0 or (op >= s and op >= d):
                raise RuntimeError(
                    "output padding must be smaller than either stride or "
                    f"dilation, but got output_padding={output_padding}, "
                    f"stride={stride} and dilation={dilation}"
                )
    else:
        expected = weight.shape[1] * groups
        out_channels = weight.shape[0]
        if out_channels % groups:
            raise RuntimeError(
                f"Given groups={groups}, expected weight to be divisible by {groups} "
                f"at dimension 0, but got weight of size [{_size(weight)}] instead"
            )
    if channels != expected:
        raise RuntimeError(
            f"Given {'transposed=1' if transposed else f'groups={groups}'}, weight "
            f"of size {_size(weight)}, expected input{_size(input)} to have "
            f"{expected} channels, but got {channels} channels instead. Hint: the "
            f"layer's in_channels must match dimension 1 of the input "
            f"({'(N, C, ...)' if batched else '(C, ...)'} layout)."
        )
    if bias is not None and (bias.dim() != 1 or bias.shape[0] != out_channels):
        raise RuntimeError(
            f"Given weight of size {_size(weight)}, expected bias to be "
            f"1-dimensional with {out_channels} elements, but got bias of size "
            f"{_size(bias)} instead"
        )
    if not transposed:
        padded = [n + 2 * p for n, p in zip(shape[2:], padding)]
        reach = [d * (k - 1) + 1 for k, d in zip(kernel, dilation)]
        if any(r > n for r, n in zip(reach, padded)):
            text = " x ".join(map(str, padded))
            ktext = " x ".join(map(str, reach))
            raise RuntimeError(
                f"Calculated padded input size per channel: ({text}). Kernel "
                f"size: ({ktext}). Kernel size can't be greater than actual input "
                f"size (input {_size(input)} with padding {padding}, weight "
                f"{_size(weight)} with dilation {dilation}). Hint: use a smaller "
                "kernel or more padding, or check the input's height and width."
            )
    else:
        out = [
            (n - 1) * s - 2 * p + d * (k - 1) + op + 1
            for n, s, p, d, k, op in zip(
                shape[2:], stride, padding, dilation, kernel, output_padding
            )
        ]
        if any(o <= 0 for o in out):
            raise RuntimeError(
                f"{function}: the output would have size {out} (input "
                f"{_size(input)}, weight {_size(weight)}, padding {padding}): "
                "reduce the padding"
            )
    for other, what in ((weight, "weight"), (bias, "bias")):
        if other is not None and other.dtype != input.dtype:
            raise RuntimeError(
                f"expected scalar type {scalar_type_name(input.dtype)} but found "
                f"{scalar_type_name(other.dtype)} ({what} {other.dtype}, "
                f"input {input.dtype}). "
                "Hint: convert the input with .float() (or the layer with .double())."
            )
    return stride, padding, dilation, groups, output_padding, extra


def _pad_end(input, extra):
    """`input` with `extra[i]` zeros after its last element along each spatial
    dim (padding='same' with an even kernel), as a differentiable `cat`."""
    for i, n in enumerate(extra):
        if n:
            dim = input.dim() - len(extra) + i
            shape = list(input.shape)
            shape[dim] = n
            zeros = Tensor._make(np.zeros(shape, dtype=input._data.dtype))
            input = Cat.apply(input, zeros, dim=dim)
    return input


def _run(
    function,
    dims,
    input,
    weight,
    bias,
    stride,
    padding,
    dilation,
    groups,
    transposed=False,
    output_padding=0,
):
    settings = _check_convolution(
        function,
        dims,
        input,
        weight,
        bias,
        stride,
        padding,
        dilation,
        groups,
        transposed,
        output_padding,
    )
    stride, padding, dilation, groups, output_padding, extra = settings
    input = _pad_end(input, extra)
    if input.dim() == dims + 1:  # unbatched: a batch of one, as PyTorch does
        out = convolution(
            input.unsqueeze(0),
            weight,
            bias,
            stride,
            padding,
            dilation,
            transposed,
            output_padding,
            groups,
        )
        return out.squeeze(0)
    return convolution(
        input,
        weight,
        bias,
        stride,
        padding,
        dilation,
        transposed,
        output_padding,
        groups,
    )


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """A 2-D convolution (cross-correlation, as in every deep-learning library).

    out[n, o, i, j] = bias[o] + sum over c, a, b of
    weight[o, c, a, b] * input[n, g*C/G + c, i*stride + a*dilation - padding, ...]

    Args:
        input: (N, C, H, W), or (C, H, W) unbatched.
        weight: (out_channels, C/groups, kH, kW).
        bias: (out_channels,) or None.
        stride: an int or (sH, sW): how far the kernel moves each step.
        padding: an int, (pH, pW), "valid" (0) or "same" (output as big as input).
        dilation: an int or (dH, dW): spacing between kernel elements.
        groups: split the channels into this many independent groups.

    Returns:
        Tensor (N, out_channels, H_out, W_out), with
        H_out = (H + 2*pH - dH*(kH-1) - 1) // sH + 1.

    Example:
        >>> x = minigrad.ones(1, 1, 4, 4)
        >>> F.conv2d(x, minigrad.ones(1, 1, 3, 3)).shape
        minigrad.Size([1, 1, 2, 2])
    """
    return _run("conv2d", 2, input, weight, bias, stride, padding, dilation, groups)


def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """A 1-D convolution: `conv2d` along one axis (sequences, signals).

    Args:
        input: (N, C, L), or (C, L) unbatched.
        weight: (out_channels, C/groups, k).
        bias: (out_channels,) or None.
        stride, padding, dilation, groups: as `conv2d`, one value each.

    Returns:
        Tensor (N, out_channels, L_out), L_out = (L + 2p - d*(k-1) - 1) // s + 1.

    Example:
        >>> F.conv1d(minigrad.ones(1, 1, 5), minigrad.ones(1, 1, 3))
        tensor([[[3., 3., 3.]]])
    """
    return _run("conv1d", 1, input, weight, bias, stride, padding, dilation, groups)


def conv_transpose2d(
    input,
    weight,
    bias=None,
    stride=1,
    padding=0,
    output_padding=0,
    groups=1,
    dilation=1,
):
    """A transposed 2-D convolution (sometimes called a "deconvolution").

    The adjoint of `conv2d`: each input pixel adds `pixel * kernel` to a patch
    of the output, patches `stride` apart. It is what conv2d's backward
    computes for the input's gradient, and it upsamples (stride 2 doubles).

    Args:
        input: (N, C, H, W), or (C, H, W) unbatched.
        weight: (C, out_channels/groups, kH, kW) (in and out swapped, as in
            PyTorch).
        bias: (out_channels,) or None.
        stride, padding, dilation, groups: as conv2d's, which this undoes.
        output_padding: rows/columns added at the end (smaller than stride).

    Returns:
        Tensor (N, out_channels, H_out, W_out), with H_out =
        (H - 1) * sH - 2 * pH + dH * (kH - 1) + output_padding + 1.

    Example:
        >>> F.conv_transpose2d(minigrad.ones(1, 1, 2, 2), minigrad.ones(1, 1, 2, 2),
        ...                    stride=2).shape
        minigrad.Size([1, 1, 4, 4])
    """
    return _run(
        "conv_transpose2d",
        2,
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
