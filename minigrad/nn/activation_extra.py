"""More activations, RMS and local response normalisation, alpha dropout.

`F.threshold`, `F.hardshrink`, `F.softshrink` and `F.rrelu` are one node each
in PyTorch (`ThresholdBackward0`, ...), so here they are small `Function`s
whose backward multiplies the gradient by the slope (a constant mask, so a
second derivative is 0, as PyTorch's). `F.rms_norm`, `F.local_response_norm`,
`F.alpha_dropout` and `F.feature_alpha_dropout` are composed of Tensor
operations, as PyTorch composes them. The modules at the end hold the
settings and call these functions.
"""

import math
import numbers

import numpy as np

import minigrad
from minigrad._check import tensor_arg
from minigrad._device import check_device
from minigrad.ops._util import float_input

from ..autograd.function import Function
from ..ops.padding import pad
from ..ops.pooling import avg_pool2d
from .dropout import _DropoutNd
from .module import Module
from .parameter import Parameter

# ------------------------------------------------------------- activations


class MaskedSlope(Function):
    """`input * slope + shift`, with `slope` and `shift` constant tensors: the
    shared maths of threshold, hardshrink, softshrink and rrelu (each names
    its own node). The gradient is `grad * slope`.
    """

    formula = "d/dx (x * slope + shift) = slope (a constant mask)"

    @staticmethod
    def forward(ctx, input, slope, shift, name="ThresholdBackward0"):
        ctx.slope = slope
        return input * slope + shift

    @classmethod
    def node_name(cls, input, slope, shift, name="ThresholdBackward0"):
        """The node's name, as PyTorch names this activation's node."""
        return name

    @staticmethod
    def backward(ctx, grad):
        # (0, not -0, where the slope is 0: PyTorch selects there)
        return (grad * ctx.slope).where(ctx.slope != 0, 0.0), None, None


def _masked(input, slope, shift, name, inplace):
    """Record `input * slope + shift` (numpy arrays of constants) as node `name`."""
    slope = minigrad.tensor(slope, dtype=input.dtype)
    shift = minigrad.tensor(shift, dtype=input.dtype)
    if inplace:
        return input._inplace(MaskedSlope.apply, slope, shift, name=name)
    return MaskedSlope.apply(input, slope, shift, name=name)


def threshold(input, threshold, value, inplace=False):
    """`x` where `x > threshold`, else `value`, elementwise.

    Example:
        >>> F.threshold(minigrad.tensor([-1.0, 0.5, 2.0]), 1.0, 0.0)
        tensor([0., 0., 2.])
    """
    tensor_arg(input, "threshold")
    if input.dtype is minigrad.bool:  # (numpy would compare True and False as 1, 0)
        raise NotImplementedError(
            "\"threshold_cpu\" not implemented for 'Bool' (convert the input with "
            ".float() or .int())"
        )
    above = input.detach().numpy() > threshold
    return _masked(
        input, above, np.where(above, 0, value), "ThresholdBackward0", inplace
    )


def hardshrink(input, lambd=0.5):
    """`x` where `|x| > lambd`, else 0, elementwise.

    Example:
        >>> F.hardshrink(minigrad.tensor([-1.0, 0.2, 0.7]))
        tensor([-1.0000,  0.0000,  0.7000])
    """
    tensor_arg(input, "hardshrink")
    float_input(input, "hardshrink")
    outside = np.abs(input.detach().numpy()) > lambd
    return _masked(
        input, outside, np.zeros(outside.shape), "HardshrinkBackward0", False
    )


def softshrink(input, lambd=0.5):
    """`x - lambd` above `lambd`, `x + lambd` below `-lambd`, else 0 (each
    value shrunk towards 0 by `lambd`).

    Example:
        >>> F.softshrink(minigrad.tensor([-1.0, 0.2, 0.7]))
        tensor([-0.5000,  0.0000,  0.2000])
    """
    tensor_arg(input, "softshrink")
    float_input(input, "softshrink")
    if lambd < 0:
        raise RuntimeError(
            f"lambda must be in range [0, 3.40282e+38] for input dtype "
            f"{'Float' if input.dtype is minigrad.float32 else 'Double'}, but found "
            f"{lambd} (softshrink shrinks by |lambd|: give a value >= 0)"
        )
    x = input.detach().numpy()
    shift = np.where(x > lambd, -lambd, np.where(x < -lambd, lambd, 0.0))
    return _masked(input, np.abs(x) > lambd, shift, "SoftshrinkBackward0", False)


def rrelu(input, lower=1.0 / 8, upper=1.0 / 3, training=False, inplace=False):
    """Randomized leaky relu: `x` for x > 0, else `a * x`, with `a` drawn
    uniformly from [lower, upper] for each element in training (from
    minigrad's generator), and `a = (lower + upper) / 2` in evaluation.

    Example:
        >>> F.rrelu(minigrad.tensor([-1.0, 2.0]), 0.2, 0.4)
        tensor([-0.3000,  2.0000])
    """
    tensor_arg(input, "rrelu")
    float_input(input, "rrelu")
    if lower > upper:
        raise RuntimeError(
            "Lower bound should be less than or equal to the upper bound (got "
            f"lower={lower}, upper={upper})"
        )
    if training:
        slopes = minigrad.rand(*input.shape).numpy() * (upper - lower) + lower
    else:
        slopes = (lower + upper) / 2
    x = input.detach().numpy()
    slope = np.where(x > 0, 1.0, slopes)
    return _masked(input, slope, np.zeros(x.shape), "RreluWithNoiseBackward0", inplace)


# ---------------------------------------------------------- normalisation


def rms_norm(input, normalized_shape, weight=None, eps=None):
    """Divide by the root mean square over the last dims, then scale:
    `x / sqrt(mean(x²) + eps) * weight` (no mean subtracted, no bias).

    Args:
        input: a float tensor of shape `(*, *normalized_shape)`.
        normalized_shape: a tuple (or list) of the trailing dims' sizes.
        weight: a tensor of shape `normalized_shape`, or None.
        eps: added to the mean square (default: the dtype's machine epsilon).

    Example:
        >>> F.rms_norm(minigrad.tensor([[3.0, 4.0]]), (2,))
        tensor([[0.8485, 1.1314]])
    """
    tensor_arg(input, "rms_norm")
    float_input(input, "rms_norm")
    shape = (normalized_shape,) if isinstance(normalized_shape, int) else None
    shape = shape or tuple(normalized_shape)
    if not shape or tuple(input.shape[input.dim() - len(shape) :]) != shape:
        raise RuntimeError(
            f"Given normalized_shape={list(shape)}, expected input with shape "
            f"[*{', '.join(str(n) for n in shape)}], but got input of size"
            f"{list(input.shape)}"
        )
    if weight is not None and tuple(weight.shape) != shape:
        raise RuntimeError(
            "Expected weight to be of same shape as normalized_shape, but got "
            f"weight of shape {list(weight.shape)} and normalized_shape = "
            f"{list(shape)}"
        )
    if eps is None:
        eps = float(np.finfo(input.detach().numpy().dtype).eps)
    dims = tuple(range(-len(shape), 0))
    inverse_rms = ((input * input).mean(dims, keepdim=True) + eps).rsqrt()
    output = input * inverse_rms
    return output if weight is None else output * weight


def local_response_norm(input, size, alpha=1e-4, beta=0.75, k=1.0):
    """Divide each value by `(k + alpha * mean of x² over size neighbouring
    channels) ** beta` (AlexNet's normalisation across channels, dim 1).

    Example:
        >>> F.local_response_norm(minigrad.ones(1, 3, 2), 2).shape
        minigrad.Size([1, 3, 2])
    """
    tensor_arg(input, "local_response_norm")
    if input.dim() < 3:
        raise ValueError(
            f"Expected 3D or higher dimensionality input (got {input.dim()} "
            "dimensions): (N, C, ...), the channels on dim 1"
        )
    if input.numel() == 0:
        return input
    sizes = tuple(input.shape)
    # the squares as one image (N, 1, C, rest): a (size, 1) average pool runs
    # along the channels, zero-padded as PyTorch pads them
    squares = (input * input).reshape(sizes[0], 1, sizes[1], -1)
    squares = pad(squares, (0, 0, size // 2, (size - 1) // 2))
    div = avg_pool2d(squares, (size, 1), stride=1).reshape(sizes)
    div = (div * alpha + k) ** beta
    return input / div


# ----------------------------------------------------------- alpha dropout

SELU_ALPHA_PRIME = 1.7580993408473766  # -selu's alpha * scale: selu's lowest value


def _check_p(p):
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")


def _alpha_dropout(input, p, training, noise_shape):
    """Set dropped values to selu's lowest value and rescale so that mean 0
    and variance 1 stay so (PyTorch's formula): `x * a * keep + b`."""
    if not training or p == 0.0 or input.numel() == 0:
        return input
    if p == 1.0:
        return input * minigrad.zeros(())
    keep = (minigrad.rand(*noise_shape) >= p).to(input.dtype)
    a = 1.0 / math.sqrt((SELU_ALPHA_PRIME**2 * p + 1) * (1 - p))
    b = (keep - 1) * (SELU_ALPHA_PRIME * a) + SELU_ALPHA_PRIME * a * p
    return input * (keep * a) + b


def alpha_dropout(input, p=0.5, training=False, inplace=False):
    """Dropout for selu networks: dropped values become selu's lowest value,
    then all are rescaled so that the mean and variance stay (in training
    only; note `training=False` by default, as in PyTorch).

    Example:
        >>> x = minigrad.ones(3)
        >>> F.alpha_dropout(x, 0.5) is x
        True
    """
    tensor_arg(input, "alpha_dropout")
    _check_p(p)
    if inplace and training and p > 0.0:
        return input._inplace(_alpha_dropout, p, training, tuple(input.shape))
    return _alpha_dropout(input, p, training, tuple(input.shape))


def _feature_noise_shape(input):
    """(N, C, 1, 1, ...): one draw per channel, as PyTorch's feature dropout."""
    if input.dim() < 2:
        raise RuntimeError(
            "Feature dropout requires at least 2 dimensions in the input (a "
            "channel dimension after the batch; for single elements use "
            "alpha_dropout)"
        )
    return tuple(input.shape[:2]) + (1,) * (input.dim() - 2)


def feature_alpha_dropout(input, p=0.5, training=False, inplace=False):
    """Alpha dropout of whole channels (dim 1) of (N, C, ...), in training only.

    Example:
        >>> x = minigrad.ones(1, 2, 3)
        >>> F.feature_alpha_dropout(x, 0.5) is x
        True
    """
    tensor_arg(input, "feature_alpha_dropout")
    _check_p(p)
    if not training or p == 0.0 or input.numel() == 0:
        return input
    noise_shape = _feature_noise_shape(input)
    if inplace:
        return input._inplace(_alpha_dropout, p, training, noise_shape)
    return _alpha_dropout(input, p, training, noise_shape)


# ---------------------------------------------------------------- modules


def _inplace_text(inplace):
    return ", inplace=True" if inplace else ""


class Threshold(Module):
    """`x` where `x > threshold`, else `value` (see `F.threshold`).

    Example:
        >>> nn.Threshold(0.1, 20.0)
        Threshold(threshold=0.1, value=20.0)
    """

    def __init__(self, threshold, value, inplace=False):
        super().__init__()
        self.threshold, self.value, self.inplace = threshold, value, inplace

    def forward(self, input):
        return threshold(input, self.threshold, self.value, self.inplace)

    def extra_repr(self):
        return (
            f"threshold={self.threshold}, value={self.value}"
            f"{_inplace_text(self.inplace)}"
        )


class RReLU(Module):
    """Randomized leaky relu (see `F.rrelu`): random negative slopes in
    [lower, upper] in training, their mean in evaluation.

    Example:
        >>> nn.RReLU(0.1, 0.3)
        RReLU(lower=0.1, upper=0.3)
    """

    def __init__(self, lower=1.0 / 8, upper=1.0 / 3, inplace=False):
        super().__init__()
        self.lower, self.upper, self.inplace = lower, upper, inplace

    def forward(self, input):
        return rrelu(input, self.lower, self.upper, self.training, self.inplace)

    def extra_repr(self):
        return f"lower={self.lower}, upper={self.upper}{_inplace_text(self.inplace)}"


class Hardshrink(Module):
    """`x` where `|x| > lambd`, else 0 (see `F.hardshrink`).

    Example:
        >>> nn.Hardshrink()
        Hardshrink(0.5)
    """

    def __init__(self, lambd=0.5):
        super().__init__()
        self.lambd = lambd

    def forward(self, input):
        return hardshrink(input, self.lambd)

    def extra_repr(self):
        return f"{self.lambd}"


class Softshrink(Module):
    """Shrink each value towards 0 by `lambd` (see `F.softshrink`).

    Example:
        >>> nn.Softshrink(0.2)
        Softshrink(0.2)
    """

    def __init__(self, lambd=0.5):
        super().__init__()
        self.lambd = lambd

    def forward(self, input):
        return softshrink(input, self.lambd)

    def extra_repr(self):
        return f"{self.lambd}"


class Softmax2d(Module):
    """Softmax over the channels (dim -3) of (N, C, H, W) or (C, H, W).

    Example:
        >>> nn.Softmax2d()(minigrad.zeros(1, 2, 1, 1)).flatten()
        tensor([0.5000, 0.5000])
    """

    def forward(self, input):
        if input.dim() not in (3, 4):
            raise ValueError(
                f"Softmax2d: expected input to be 3D or 4D, got {input.dim()}D "
                "instead (for other shapes use nn.Softmax(dim=...))"
            )
        return input.softmax(-3)


class RMSNorm(Module):
    """Root-mean-square normalisation over the last dims (see `F.rms_norm`),
    with a learned scale `weight` (ones at first) when `elementwise_affine`.

    Example:
        >>> nn.RMSNorm(4)
        RMSNorm((4,), eps=None, elementwise_affine=True)
    """

    def __init__(
        self,
        normalized_shape,
        eps=None,
        elementwise_affine=True,
        device=None,
        dtype=None,
    ):
        super().__init__()
        check_device(device)  # "cpu" or None; "cuda" fails as in PyTorch without it
        if isinstance(normalized_shape, numbers.Integral):  # (numpy ints too)
            normalized_shape = (normalized_shape,)
        self.normalized_shape = tuple(normalized_shape)
        self.eps = eps
        self.elementwise_affine = elementwise_affine
        if elementwise_affine:
            factory = {} if dtype is None else {"dtype": dtype}
            self.weight = Parameter(minigrad.ones(self.normalized_shape, **factory))
        else:
            self.register_parameter("weight", None)

    def reset_parameters(self):
        """The scale back to ones."""
        if self.weight is not None:
            with minigrad.no_grad():
                self.weight.fill_(1.0)

    def forward(self, input):
        return rms_norm(input, self.normalized_shape, self.weight, self.eps)

    def extra_repr(self):
        return (
            f"{self.normalized_shape}, eps={self.eps}, "
            f"elementwise_affine={self.elementwise_affine}"
        )


class LocalResponseNorm(Module):
    """Normalise across neighbouring channels (see `F.local_response_norm`).

    Example:
        >>> nn.LocalResponseNorm(2)
        LocalResponseNorm(2, alpha=0.0001, beta=0.75, k=1.0)
    """

    def __init__(self, size, alpha=1e-4, beta=0.75, k=1.0):
        super().__init__()
        self.size, self.alpha, self.beta, self.k = size, alpha, beta, k

    def forward(self, input):
        return local_response_norm(input, self.size, self.alpha, self.beta, self.k)

    def extra_repr(self):
        return f"{self.size}, alpha={self.alpha}, beta={self.beta}, k={self.k}"


class AlphaDropout(_DropoutNd):
    """Alpha dropout for selu networks, in training only (see `F.alpha_dropout`).

    Example:
        >>> nn.AlphaDropout(0.2)
        AlphaDropout(p=0.2, inplace=False)
    """

    def forward(self, input):
        return alpha_dropout(input, self.p, self.training, self.inplace)


class FeatureAlphaDropout(_DropoutNd):
    """Alpha dropout of whole channels, in training only (see
    `F.feature_alpha_dropout`).

    Example:
        >>> nn.FeatureAlphaDropout()
        FeatureAlphaDropout(p=0.5, inplace=False)
    """

    def forward(self, input):
        return feature_alpha_dropout(input, self.p, self.training, self.inplace)
