"""Losses that are quadratic for small errors and linear for large ones:
smooth L1 and Huber, each one graph node named as PyTorch names it.

With d = input - target:

    smooth_l1(d) = 0.5 d² / beta    if |d| < beta,   |d| - 0.5 beta   otherwise
    huber(d)     = 0.5 d²           if |d| < delta,  delta (|d| - 0.5 delta) otherwise

so huber = delta * smooth_l1 with beta = delta. Near 0 they behave as the
MSE (the gradient shrinks with the error), far away as the L1 loss (one
outlier can't dominate the gradient). Written as `loss_functions.py`'s losses:
a `Function` whose backward uses tensor operations.
"""

from ..autograd.function import Function
from .loss_functions import _scale, reduce_loss


def _elementwise_grad(d, width, slope):
    """The derivative of the loss along d: d * slope / width inside |d| < width,
    slope * sign(d) outside (continuous at |d| = width)."""
    inside = (d.abs() < width)._data
    return (d * (slope / width)).where(inside, d.sign() * slope)


class SmoothL1Loss(Function):
    """0.5 d² / beta where |d| < beta, else |d| - 0.5 beta, reduced."""

    backward_name = "SmoothL1LossBackward0"
    formula = "d/d input = d / beta inside |d| < beta, sign(d) outside"

    @staticmethod
    def forward(ctx, input, target, reduction="mean", beta=1.0):
        ctx.save_for_backward(input, target)
        ctx.reduction, ctx.beta = reduction, beta
        d = (input - target).abs()
        if beta == 0:  # (no quadratic part: the L1 loss)
            return reduce_loss(d, reduction)
        loss = (d * d * (0.5 / beta)).where((d < beta)._data, d - 0.5 * beta)
        return reduce_loss(loss, reduction)

    @staticmethod
    def backward(ctx, grad):
        input, target = ctx.saved_tensors
        d = input - target
        if ctx.beta == 0:
            local = d.sign()
        else:
            local = _elementwise_grad(d, ctx.beta, 1.0)
        grad_input = _scale(grad, input, ctx.reduction) * local
        grad_target = -grad_input if ctx.needs_input_grad[1] else None
        return grad_input, grad_target


class HuberLoss(Function):
    """0.5 d² where |d| < delta, else delta (|d| - 0.5 delta), reduced."""

    backward_name = "HuberLossBackward0"
    formula = "d/d input = d inside |d| < delta, delta sign(d) outside"

    @staticmethod
    def forward(ctx, input, target, reduction="mean", delta=1.0):
        ctx.save_for_backward(input, target)
        ctx.reduction, ctx.delta = reduction, delta
        d = (input - target).abs()
        loss = (d * d * 0.5).where((d < delta)._data, (d - 0.5 * delta) * delta)
        return reduce_loss(loss, reduction)

    @staticmethod
    def backward(ctx, grad):
        input, target = ctx.saved_tensors
        local = _elementwise_grad(input - target, ctx.delta, ctx.delta)
        grad_input = _scale(grad, input, ctx.reduction) * local
        grad_target = -grad_input if ctx.needs_input_grad[1] else None
        return grad_input, grad_target
