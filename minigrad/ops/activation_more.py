"""Activations with a parameter or a split: `prelu` and `glu`.

- prelu: x where x > 0, weight * x elsewhere, with one learned slope per
  channel (dimension 1) or one for all; PreluKernelBackward0, as PyTorch.
- glu: the input split in two halves a, b along `dim`: a * sigmoid(b),
  a gate; GluBackward0.

Both are `Function`s whose backward is written with tensor operations, so
`create_graph=True` can differentiate them again.
"""

import numpy as np

from .._dtype import scalar_type_name
from ..autograd.function import Function
from ..tensor import Tensor
from ._util import float_input, normalize_dims
from .shape import Cat


def prelu(input, weight):
    """max(0, x) + weight * min(0, x), one slope per channel (or one in all).

    Args:
        input: a tensor; its dimension 1 holds the channels (if it has one).
        weight: the slopes, a 1-D tensor of one element or of one per channel
            (or a 0-d tensor).

    Example:
        >>> F.prelu(minigrad.tensor([-2.0, 3.0]), minigrad.tensor([0.25]))
        tensor([-0.5000,  3.0000])
    """
    for name, t, position in (("input", input, 1), ("weight", weight, 2)):
        if not isinstance(t, Tensor):
            raise TypeError(
                f"prelu(): argument '{name}' (position {position}) must be Tensor, "
                f"not {type(t).__name__}"
            )
    float_input(input, "prelu")
    if weight.dtype != input.dtype:
        raise RuntimeError(
            f"prelu: Type promoting not supported. Got "
            f"{scalar_type_name(input._data.dtype)} and "
            f"{scalar_type_name(weight._data.dtype)} (give the weight the input's "
            "dtype, e.g. weight.to(input.dtype))"
        )
    if weight.dim() > 1:
        raise RuntimeError(
            f"prelu: Expected `weight` to be a scalar or 1D tensor, but got: ndim = "
            f"{weight.dim()}"
        )
    channels = input.shape[1] if input.dim() >= 2 else 1
    if weight.numel() != 1 and weight.numel() != channels:
        raise RuntimeError(
            f"Mismatch of parameter numbers and input channel size. Found parameter "
            f"numbers = {weight.numel()} and channel size = {channels}."
        )
    return Prelu.apply(input, weight)


def _slopes(weight, ndim):
    """The slopes (an array or a tensor) shaped to broadcast against the input
    (channels on axis 1)."""
    if len(weight.shape) == 1 and weight.shape[0] > 1:
        return weight.reshape((1, -1) + (1,) * (ndim - 2))
    return weight.reshape(())


class Prelu(Function):
    """x where x > 0, weight * x elsewhere."""

    backward_name = "PreluKernelBackward0"
    formula = "d/dx = 1 if x > 0 else weight,  d/dweight = Σ x where x <= 0"

    @staticmethod
    def forward(ctx, input, weight):
        ctx.save_for_backward(input, weight)
        x = input._data
        slopes = _slopes(weight._data, x.ndim)
        return np.where(x > 0, x, slopes * x).astype(x.dtype)

    @staticmethod
    def backward(ctx, grad):
        input, weight = ctx.saved_tensors
        positive = input._data > 0
        grad_input = grad_weight = None
        if ctx.needs_input_grad[0]:
            grad_input = grad.where(positive, grad * _slopes(weight, input.dim()))
        if ctx.needs_input_grad[1]:
            # each slope collects grad * x over the non-positive x of its channel
            negative_part = (grad * input).where(~positive, 0.0)
            if weight.numel() == 1:
                grad_weight = negative_part.sum().reshape(weight.shape)
            else:
                others = (0,) + tuple(range(2, input.dim()))
                grad_weight = negative_part.sum(dim=others)
        return grad_input, grad_weight


def glu(input, dim=-1):
    """The gated linear unit: a * sigmoid(b), a and b the halves of `input`
    along `dim` (whose size must be even).

    Example:
        >>> F.glu(minigrad.tensor([2.0, 0.0]))
        tensor([1.])
    """
    if not isinstance(input, Tensor):
        raise TypeError(
            f"glu(): argument 'input' (position 1) must be Tensor, not "
            f"{type(input).__name__}"
        )
    if input.dim() == 0:
        raise RuntimeError(
            "glu does not support scalars because halving size must be even"
        )
    float_input(input, "glu")
    (d,) = normalize_dims(dim, input.dim())
    if input.shape[d] % 2:
        raise RuntimeError(
            f"Halving dimension must be even, but dimension {d} is size "
            f"{input.shape[d]}"
        )
    return Glu.apply(input, dim=d)


class Glu(Function):
    """a * sigmoid(b) for the two halves a, b of the input along `dim`."""

    backward_name = "GluBackward0"
    formula = "d/da = sigmoid(b),  d/db = a sigmoid(b) (1 - sigmoid(b))"

    @staticmethod
    def forward(ctx, input, dim):
        ctx.save_for_backward(input)
        ctx.dim = dim
        a, b = np.split(input._data, 2, axis=dim)
        with np.errstate(over="ignore"):  # exp(-b) = inf for b << 0: gate 0
            return (a / (1.0 + np.exp(-b))).astype(input._data.dtype)

    @staticmethod
    def backward(ctx, grad):
        (input,) = ctx.saved_tensors
        a, b = input.chunk(2, ctx.dim)
        gate = b.sigmoid()
        grad_a = grad * gate
        grad_b = grad_a * a * (1.0 - gate)
        return Cat.apply(grad_a, grad_b, dim=ctx.dim)
