"""The losses as single graph nodes, named as PyTorch names them.

In PyTorch, `loss.grad_fn` of an MSE loss is `MseLossBackward0`, not a chain
of subtract, square and mean; students see that name, so minigrad records the
same. Each loss here is a `minigrad.autograd.Function`, written exactly as you
would write your own: `forward` computes the loss with tensor operations (not
recorded), `backward` states its derivative with tensor operations (so it can
be differentiated again). `nn.functional` calls them after checking arguments.
"""

import math

import numpy as np

from ..autograd.function import Function, Node, record
from ..ops._util import promote, zero_gradient
from ..ops.activation import LogSigmoid
from ..tensor import Tensor


def reduce_loss(loss, reduction):
    """Apply a loss reduction: 'mean', 'sum' or 'none'."""
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss


def _scale(grad, input, reduction, weight=None):
    """The incoming gradient, divided by N for a mean, times the loss weight."""
    if reduction == "mean":
        grad = grad / input.numel()
    return grad if weight is None else grad * weight


def mse_loss_node(input, target, reduction="mean"):
    """(input - target)², reduced: one MseLossBackward0 node, as in PyTorch.

    Computed on the numpy values (the hot path of every regression lesson);
    `nn.functional.mse_loss` checks the arguments first.
    """
    diff = promote(input._data - target._data, input, target)
    squares = diff * diff
    if reduction == "mean":
        value = np.add.reduce(squares, axis=None) / squares.size
    elif reduction == "sum":
        value = np.add.reduce(squares, axis=None)
    else:
        value = squares
    return record(
        MseLossBackward0,
        value,
        (input, target),
        saved=(input, target),
        reduction=reduction,
    )


class MseLossBackward0(Node):
    formula = "d/d input = 2 (input - target) / N"

    def backward(self, grad):
        input, target = self.saved(isinstance(grad, Tensor))
        if self.reduction == "mean":
            grad = grad / math.prod(np.shape(input))
        grad_input = grad * 2 * (input - target)
        grad_target = -grad_input if self.next_functions[1][0] is not None else None
        return grad_input, grad_target


def clamped_log(x):
    """log(x) clamped below at -100, as PyTorch's binary cross-entropy does.

    Where x is exactly 0 the log of 1 is taken and 100 subtracted, so neither
    the value nor the gradient becomes inf or nan.
    """
    import minigrad

    positive = x > 0
    if bool(positive.all()):
        return x.log().clamp(min=-100)
    safe = minigrad.where(positive, x, minigrad.ones_like(x))
    return safe.log().clamp(min=-100) - 100 * (~positive).to(x.dtype)


class BinaryCrossEntropy(Function):
    """-(t log p + (1 - t) log(1 - p)) of probabilities p, each log clamped at -100."""

    backward_name = "BinaryCrossEntropyBackward0"
    formula = "d/dp = (p - t) / (p (1 - p)) / N"
    ctx_arrays = ("weight",)  # freed after backward

    @staticmethod
    def forward(ctx, input, target, weight=None, reduction="mean"):
        ctx.save_for_backward(input, target)
        ctx.weight, ctx.reduction = weight, reduction
        loss = -(target * clamped_log(input) + (1 - target) * clamped_log(1 - input))
        if weight is not None:
            loss = loss * weight
        return reduce_loss(loss, reduction)

    @staticmethod
    def backward(ctx, grad):
        p, t = ctx.saved_tensors
        grad = _scale(grad, p, ctx.reduction, ctx.weight)
        # PyTorch's rule: divide by p (1 - p), kept at least 1e-12.
        grad_input = grad * (p - t) / (p * (1 - p)).clamp(min=1e-12)
        grad_target = None
        if ctx.needs_input_grad[1]:
            grad_target = grad * (clamped_log(1 - p) - clamped_log(p))
        return grad_input, grad_target


class BinaryCrossEntropyWithLogits(Function):
    """BCE(sigmoid(x), t) computed stably from logits x."""

    backward_name = "BinaryCrossEntropyWithLogitsBackward0"
    formula = (
        "d/dx = sigmoid(x) - t  (with pos_weight w: (1 + (w-1) t) sigmoid(x) - w t)"
    )
    ctx_arrays = ("weight", "pos_weight")  # freed after backward

    @staticmethod
    def forward(ctx, input, target, weight=None, reduction="mean", pos_weight=None):
        ctx.save_for_backward(input, target)
        ctx.weight, ctx.reduction, ctx.pos_weight = weight, reduction, pos_weight
        log_sig = LogSigmoid.apply(input)
        if pos_weight is not None:
            log_sig = log_sig * ((pos_weight - 1) * target + 1)
        loss = (1 - target) * input - log_sig
        if weight is not None:
            loss = loss * weight
        return reduce_loss(loss, reduction)

    @staticmethod
    def backward(ctx, grad):
        x, t = ctx.saved_tensors
        grad = _scale(grad, x, ctx.reduction, ctx.weight)
        w = ctx.pos_weight
        if w is None:
            grad_input = grad * (x.sigmoid() - t)
        else:
            grad_input = grad * (((w - 1) * t + 1) * x.sigmoid() - w * t)
        grad_target = None
        if ctx.needs_input_grad[1]:
            grad_target = (
                -grad * x if w is None else -grad * (x + (w - 1) * LogSigmoid.apply(x))
            )
        return grad_input, grad_target


class NllLoss(Function):
    """Negative log likelihood of log-probabilities at the target classes.

    `mask` holds each sample's class weight at its target class and 0
    elsewhere (0 everywhere for ignored samples); `total` is what a mean
    divides by (the number of samples, or the total weight of the targets).
    """

    backward_name = "NllLossBackward0"
    formula = "d/d input[i, target[i]] = -weight[target[i]] / total"
    ctx_arrays = ("mask",)  # freed after backward

    @staticmethod
    def forward(ctx, input, mask, class_dim, reduction="mean", total=1.0):
        ctx.mask, ctx.class_dim, ctx.reduction, ctx.total = (
            mask,
            class_dim,
            reduction,
            total,
        )
        losses = -(input * mask).sum(dim=class_dim)
        if reduction == "none":
            return losses
        if reduction == "sum":
            return losses.sum()
        return losses.sum() / total if total != 0 else losses.sum() * float("nan")

    @staticmethod
    def backward(ctx, grad):
        if ctx.reduction == "none":
            grad = grad.unsqueeze(ctx.class_dim)
        elif ctx.reduction == "mean":
            if ctx.total == 0:  # every target ignored: the gradient is 0, as
                return zero_gradient(grad * ctx.mask)  # PyTorch's (not 0 / 0)
            grad = grad / ctx.total
        return -grad * ctx.mask
