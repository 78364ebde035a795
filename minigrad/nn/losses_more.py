"""More losses: margin and embedding losses, Poisson and Gaussian likelihoods.

`F.triplet_margin_loss`, `F.margin_ranking_loss`, `F.cosine_embedding_loss`,
`F.poisson_nll_loss`, `F.gaussian_nll_loss`, `F.multilabel_soft_margin_loss`
and `F.hinge_embedding_loss` are composed of Tensor operations, as PyTorch
composes them (so the graph shows `ClampMinBackward0`, `MeanBackward0`, ...,
and gradients come for free). `F.soft_margin_loss`, `F.multi_margin_loss` and
`F.multilabel_margin_loss` are one node each in PyTorch, so here they are
`Function`s named as PyTorch names them, whose backward uses Tensor operations.

The `nn.*Loss` modules at the end hold the settings and call the functions.
"""

import math

import numpy as np

import minigrad
from minigrad._check import tensor_arg
from minigrad.ops._util import float_input

from ..autograd.function import Function
from ..ops.activation import LogSigmoid
from ..ops.distance import pairwise_distance
from ._reduction import reduction_of
from .loss_functions import reduce_loss
from .module import Module

_REDUCTIONS = ("mean", "sum", "none")


def _check_reduction(reduction):
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction")


def _check_same_shape(input, target, function):
    """Refuse a target of another shape: PyTorch raises for shapes that can't
    broadcast, and silently broadcasts the others (almost always a bug)."""
    if tuple(input.shape) != tuple(target.shape):
        try:
            np.broadcast_shapes(tuple(input.shape), tuple(target.shape))
        except ValueError:
            raise RuntimeError(
                f"{function}: the size of the input {list(input.shape)} and of the "
                f"target {list(target.shape)} cannot be broadcast together; give "
                "the target the input's shape"
            ) from None
        raise ValueError(
            f"{function}: the target size ({target.shape}) must be the same as the "
            f"input size ({input.shape}); reshape one of them, e.g. "
            "target.reshape(input.shape)"
        )


# ------------------------------------------------------- composed losses


def triplet_margin_loss(
    anchor,
    positive,
    negative,
    margin=1.0,
    p=2,
    eps=1e-6,
    swap=False,
    size_average=None,
    reduce=None,
    reduction="mean",
):
    """`max(d(a, p) - d(a, n) + margin, 0)`, reduced, with d the p-norm distance
    (`F.pairwise_distance`): the anchor should be nearer the positive than the
    negative by at least `margin`.

    Args:
        anchor, positive, negative: tensors of shape (N, D) or (D,).
        margin: the wanted gap between the two distances.
        p: the norm of the distance (default 2).
        eps: added to the differences, as `pairwise_distance` does.
        swap: use `min(d(a, n), d(p, n))` as the negative distance.
        reduction: 'mean' (default), 'sum' or 'none'.

    Example:
        >>> a = minigrad.tensor([[0.0, 0.0]])
        >>> F.triplet_margin_loss(a, a + 1, a - 3)
        tensor(0.)
    """
    reduction = reduction_of(size_average, reduce, reduction)
    _check_reduction(reduction)
    for position, (name, t) in enumerate(
        (("anchor", anchor), ("positive", positive), ("negative", negative)), 1
    ):
        tensor_arg(t, "triplet_margin_loss", name, position)
    dims = (anchor.dim(), positive.dim(), negative.dim())
    if len(set(dims)) != 1 or dims[0] not in (1, 2):
        raise RuntimeError(
            "The anchor, positive, and negative tensors are expected to have the "
            "same number of dimensions (1 or 2), but got: anchor "
            f"{dims[0]}D, positive {dims[1]}D, and negative {dims[2]}D inputs"
        )
    if margin <= 0:
        raise ValueError(
            f"margin must be greater than 0, got {margin} (it is the gap wanted "
            "between the two distances)"
        )
    distance_positive = pairwise_distance(anchor, positive, p, eps)
    distance_negative = pairwise_distance(anchor, negative, p, eps)
    if swap:
        distance_swap = pairwise_distance(positive, negative, p, eps)
        distance_negative = minigrad.minimum(distance_negative, distance_swap)
    loss = (margin + distance_positive - distance_negative).clamp_min(0)
    return reduce_loss(loss, reduction)


def _check_pair_target(input1, input2, target, function):
    tensor_arg(input1, function, "input1", 1)
    tensor_arg(input2, function, "input2", 2)
    tensor_arg(target, function, "target", 3)


def margin_ranking_loss(
    input1,
    input2,
    target,
    margin=0.0,
    size_average=None,
    reduce=None,
    reduction="mean",
):
    """`max(0, -target * (input1 - input2) + margin)`, reduced: target 1 says
    input1 should rank higher, -1 that input2 should.

    Example:
        >>> F.margin_ranking_loss(minigrad.tensor([2.0]), minigrad.tensor([1.0]),
        ...                       minigrad.tensor([-1.0]))
        tensor(1.)
    """
    reduction = reduction_of(size_average, reduce, reduction)
    _check_reduction(reduction)
    _check_pair_target(input1, input2, target, "margin_ranking_loss")
    if not input1.dim() == input2.dim() == target.dim():
        raise RuntimeError(
            "margin_ranking_loss : All input tensors should have same dimension but "
            f"got sizes: input1: {input1.shape}, input2: {input2.shape}, target: "
            f"{target.shape} "
        )
    loss = (-target * (input1 - input2) + margin).clamp_min(0)
    return reduce_loss(loss, reduction)


def cosine_embedding_loss(
    input1,
    input2,
    target,
    margin=0.0,
    size_average=None,
    reduce=None,
    reduction="mean",
):
    """`1 - cos(x1, x2)` where target is 1, `max(0, cos(x1, x2) - margin)`
    where it is -1, reduced: pulls similar pairs together, pushes others apart.

    The cosine is PyTorch's: `Σ x1 x2 / sqrt((Σ x1² + 1e-12)(Σ x2² + 1e-12))`.

    Args:
        input1, input2: (N, D) or (D,).
        target: (N,) or () of 1 and -1.
        margin: in [-1, 1]; 0 to 0.5 is usual.
        reduction: 'mean' (default), 'sum' or 'none'.

    Example:
        >>> x = minigrad.tensor([[1.0, 0.0]])
        >>> F.cosine_embedding_loss(x, x, minigrad.tensor([1.0]))
        tensor(0.)
    """
    reduction = reduction_of(size_average, reduce, reduction)
    _check_reduction(reduction)
    _check_pair_target(input1, input2, target, "cosine_embedding_loss")
    if target.dim() not in (0, 1) or input1.dim() != target.dim() + 1:
        raise RuntimeError(
            f"{target.dim() + 1}D target tensor expects {target.dim() + 1}D input "
            f"tensors, but found inputs with sizes {list(input1.shape)} and "
            f"{list(input2.shape)} (target of shape {list(target.shape)}: one 1 or "
            "-1 per pair of vectors)"
        )
    if input1.shape != input2.shape:
        raise RuntimeError(
            f"cosine_embedding_loss: input1 of shape {list(input1.shape)} and input2 "
            f"of shape {list(input2.shape)} must have the same shape"
        )
    dim = input1.dim() - 1  # the dim of the vectors
    epsilon = 1e-12  # PyTorch's, so that a zero vector gives no nan
    product_sum = (input1 * input2).sum(dim)
    magnitude_square1 = (input1 * input1).sum(dim) + epsilon
    magnitude_square2 = (input2 * input2).sum(dim) + epsilon
    cos = product_sum / (magnitude_square1 * magnitude_square2).sqrt()
    zeros = minigrad.zeros_like(cos)
    positive = minigrad.where(target == 1, 1 - cos, zeros)
    negative = minigrad.where(target == -1, (cos - margin).clamp_min(0), zeros)
    return reduce_loss(positive + negative, reduction)


def poisson_nll_loss(
    input,
    target,
    log_input=True,
    full=False,
    size_average=None,
    eps=1e-8,
    reduce=None,
    reduction="mean",
):
    """Negative log likelihood of `target` under a Poisson distribution of rate
    `input`: `exp(input) - target * input` (log_input) or
    `input - target * log(input + eps)`, reduced.

    Args:
        input: the log of the rate (log_input=True) or the rate itself.
        target: counts, of the input's shape.
        full: add Stirling's approximation of `log(target!)` (for target > 1).
        eps: keeps `log(input + eps)` finite when log_input is False.
        reduction: 'mean' (default), 'sum' or 'none'.

    Example:
        >>> F.poisson_nll_loss(minigrad.tensor([0.0]), minigrad.tensor([1.0]))
        tensor(1.)
    """
    reduction = reduction_of(size_average, reduce, reduction)
    _check_reduction(reduction)
    tensor_arg(input, "poisson_nll_loss")
    tensor_arg(target, "poisson_nll_loss", "target", 2)
    _check_same_shape(input, target, "poisson_nll_loss")
    if log_input:
        loss = input.exp() - target * input
    else:
        loss = input - target * (input + eps).log()
    if full:
        # log(target!) by Stirling, 0 where target <= 1 (exact there: log 1 = 0)
        safe = minigrad.where(target > 1, target, minigrad.ones_like(target))
        stirling = safe * safe.log() - safe + 0.5 * (2 * math.pi * safe).log()
        loss = loss + stirling.masked_fill(target <= 1, 0)
    return reduce_loss(loss, reduction)


def gaussian_nll_loss(input, target, var, full=False, eps=1e-6, reduction="mean"):
    """Negative log likelihood of `target` under Gaussians of mean `input` and
    variance `var`: `0.5 (log(var) + (input - target)² / var)`, reduced.

    Args:
        input: the means, (N, *) or (*).
        target: of the input's shape.
        var: variances >= 0: of the input's shape, or one dimension short of
            it, or with one dimension of size 1, or a float.
        full: add the constant `0.5 log(2 pi)`.
        eps: the smallest variance used (the gradient still reaches var).
        reduction: 'mean' (default), 'sum' or 'none'.

    Example:
        >>> F.gaussian_nll_loss(minigrad.tensor([0.0]), minigrad.tensor([2.0]),
        ...                     minigrad.tensor([1.0]))
        tensor(2.)
    """
    tensor_arg(input, "gaussian_nll_loss")
    tensor_arg(target, "gaussian_nll_loss", "target", 2)
    if isinstance(var, float):
        if var < 0:
            raise ValueError("var has negative entry/entries")
        var = var * minigrad.ones_like(input)
    elif (var < 0).any():
        raise ValueError("var has negative entry/entries")
    if var.shape != input.shape:
        if input.shape[:-1] == var.shape:  # one variance per sample
            var = var.unsqueeze(-1)
        elif input.dim() == var.dim() and (
            sum(v for i, v in zip(input.shape, var.shape) if i != v) == 1
        ):
            pass  # one dimension of size 1: broadcast
        else:
            raise ValueError(
                f"var is of incorrect size (var {list(var.shape)} for input "
                f"{list(input.shape)}: give it the input's shape, or drop or set "
                "to 1 one of its dimensions)"
            )
    if reduction not in _REDUCTIONS:
        raise ValueError(reduction + " is not valid")
    # Clamped without the clamp in the graph, as PyTorch: the gradient reaches var.
    var = var.clone()
    with minigrad.no_grad():
        var.clamp_(min=eps)
    loss = 0.5 * (var.log() + (input - target) ** 2 / var)
    if full:
        loss = loss + 0.5 * math.log(2 * math.pi)
    return reduce_loss(loss, reduction)


def multilabel_soft_margin_loss(
    input, target, weight=None, size_average=None, reduce=None, reduction="mean"
):
    """Binary cross-entropy of logits for each class, averaged over the
    classes (the last dim), then reduced over the samples.

    `-(t log sigmoid(x) + (1 - t) log sigmoid(-x))`, times `weight` if given.

    Example:
        >>> F.multilabel_soft_margin_loss(minigrad.zeros(1, 2), minigrad.ones(1, 2))
        tensor(0.6931)
    """
    reduction = reduction_of(size_average, reduce, reduction)
    _check_reduction(reduction)
    tensor_arg(input, "multilabel_soft_margin_loss")
    tensor_arg(target, "multilabel_soft_margin_loss", "target", 2)
    _check_same_shape(input, target, "multilabel_soft_margin_loss")
    # (log sigmoid computed stably, as F.logsigmoid)
    loss = -(target * LogSigmoid.apply(input) + (1 - target) * LogSigmoid.apply(-input))
    if weight is not None:
        loss = loss * weight
    class_dim = input.dim() - 1
    loss = loss.sum(dim=class_dim) / input.shape[class_dim]
    return reduce_loss(loss, reduction)


def hinge_embedding_loss(
    input, target, margin=1.0, size_average=None, reduce=None, reduction="mean"
):
    """`input` where target is 1, `max(0, margin - input)` where it is -1,
    reduced (input is usually a distance between two embeddings).

    Example:
        >>> F.hinge_embedding_loss(minigrad.tensor([0.3, 2.0]),
        ...                        minigrad.tensor([1.0, -1.0]))
        tensor(0.1500)
    """
    reduction = reduction_of(size_average, reduce, reduction)
    _check_reduction(reduction)
    tensor_arg(input, "hinge_embedding_loss")
    tensor_arg(target, "hinge_embedding_loss", "target", 2)
    zeros = minigrad.zeros_like(input)
    margin_clamp = (margin - input).clamp_min(0)
    output_margin = minigrad.where(target != 1, margin_clamp, zeros)
    output_self = minigrad.where(target != -1, input, zeros)
    return reduce_loss(output_margin + output_self, reduction)


# --------------------------------------------- losses of one node each


def _per_sample_grad(grad, n, reduction):
    """The incoming gradient per sample: divided by N for a mean, one per
    sample for 'none' (a column, to multiply rows)."""
    if reduction == "mean":
        return grad / n
    if reduction == "none":
        return grad.reshape(-1, 1) if grad.dim() == 1 else grad
    return grad


class SoftMarginLossFunction(Function):
    """`log(1 + exp(-y x))`, reduced: logistic loss for targets 1 and -1."""

    backward_name = "SoftMarginLossBackward0"
    formula = "d/dx log(1 + exp(-y x)) = -y sigmoid(-y x)"

    @staticmethod
    def forward(ctx, input, target, reduction="mean"):
        ctx.save_for_backward(input, target)
        ctx.reduction = reduction
        return reduce_loss((1 + (-target * input).exp()).log(), reduction)

    @staticmethod
    def backward(ctx, grad):
        input, target = ctx.saved_tensors
        if ctx.reduction == "mean":
            grad = grad / input.numel()
        local = -target * (-target * input).sigmoid()
        grad_input = grad * local
        grad_target = None
        if ctx.needs_input_grad[1]:  # d/dy = -x sigmoid(-y x)
            grad_target = grad * (-input * (-target * input).sigmoid())
        return grad_input, grad_target


def soft_margin_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    """Two-class logistic loss `log(1 + exp(-target * input))` for targets 1
    and -1, reduced (one SoftMarginLossBackward0 node, as PyTorch).

    Example:
        >>> F.soft_margin_loss(minigrad.tensor([0.0]), minigrad.tensor([1.0]))
        tensor(0.6931)
    """
    reduction = reduction_of(size_average, reduce, reduction)
    _check_reduction(reduction)
    tensor_arg(input, "soft_margin_loss")
    tensor_arg(target, "soft_margin_loss", "target", 2)
    _check_same_shape(input, target, "soft_margin_loss")
    float_input(input, "soft_margin_loss")
    return SoftMarginLossFunction.apply(input, target, reduction=reduction)


class MultiMarginLossFunction(Function):
    """Σ_{j != y} w_y max(0, margin - x_y + x_j)^p / C per sample, reduced."""

    backward_name = "MultiMarginLossBackward0"
    formula = "d/dx_j = p w_y h_j^(p-1) / C for j != y (h_j > 0); d/dx_y = -Σ_j of them"

    @staticmethod
    def forward(ctx, input, one_hot, sample_weight, p=1, margin=1.0, reduction="mean"):
        ctx.save_for_backward(input)
        ctx.one_hot, ctx.sample_weight = one_hot, sample_weight
        ctx.p, ctx.margin, ctx.reduction = p, margin, reduction
        batch = input.reshape(one_hot.shape)  # (C,) as a batch of one
        hinge = MultiMarginLossFunction._hinge(batch, one_hot, margin)
        loss = (hinge**p).sum(1) * sample_weight / one_hot.shape[1]
        if input.dim() == 1:
            loss = loss.reshape(())
        return reduce_loss(loss, reduction)

    @staticmethod
    def _hinge(input, one_hot, margin):
        """`max(0, margin - x_y + x_j)` for each class j, 0 at j = y."""
        target_score = (input * one_hot).sum(1, keepdim=True)
        return (margin - target_score + input).clamp_min(0) * (1 - one_hot)

    @staticmethod
    def backward(ctx, grad):
        (input,) = ctx.saved_tensors
        one_hot = ctx.one_hot
        batch = input.reshape(one_hot.shape)
        hinge = MultiMarginLossFunction._hinge(batch, one_hot, ctx.margin)
        active = (hinge > 0).to(input.dtype)
        slope = active if ctx.p == 1 else 2 * hinge
        slope = slope * (ctx.sample_weight / one_hot.shape[1]).reshape(-1, 1)
        local = slope - one_hot * slope.sum(1, keepdim=True)
        grad = _per_sample_grad(grad, one_hot.shape[0], ctx.reduction)
        return (grad * local).reshape(input.shape), None, None


def _class_index_target(input, target, function):
    """Check class indices for a (N, C) or (C,) input: return the one-hot rows
    (as a tensor of the input's dtype and 2-D shape)."""
    tensor_arg(target, function, "target", 2)
    if target.dtype is not minigrad.int64:
        raise RuntimeError(
            f"{function}: expected scalar type Long for the class-index target but "
            f"found {target.dtype}; convert it with target.long()"
        )
    n = input.shape[0] if input.dim() == 2 else 1
    if target.numel() != n or target.dim() > 1:
        raise RuntimeError(
            f"inconsistent target size, expected {n} but got {list(target.shape)} "
            "(one class index per sample)"
        )
    classes = input.shape[-1]
    indices = target.detach().numpy().reshape(-1)
    if ((indices < 0) | (indices >= classes)).any():
        raise RuntimeError(
            f"target out of range: the class indices must be in [0, {classes - 1}], "
            f"got {indices.tolist()}"
        )
    one_hot = np.eye(classes)[indices]
    return minigrad.tensor(one_hot, dtype=input.dtype), indices


def multi_margin_loss(
    input,
    target,
    p=1,
    margin=1.0,
    weight=None,
    size_average=None,
    reduce=None,
    reduction="mean",
):
    """Multi-class hinge loss: per sample, `Σ_{j != y} w_y max(0, margin - x_y
    + x_j)^p / C`, reduced (one MultiMarginLossBackward0 node, as PyTorch).

    Args:
        input: scores (N, C) or (C,).
        target: class indices (N,) or () (int64).
        p: 1 or 2.
        margin: the wanted gap between the right class's score and the others.
        weight: optional (C,) weight per class.
        reduction: 'mean' (default), 'sum' or 'none'.

    Example:
        >>> F.multi_margin_loss(minigrad.tensor([[0.1, 0.2, 0.4]]),
        ...                     minigrad.tensor([2]))
        tensor(0.5000)
    """
    reduction = reduction_of(size_average, reduce, reduction)
    _check_reduction(reduction)
    tensor_arg(input, "multi_margin_loss")
    float_input(input, "multi_margin_loss")
    if p not in (1, 2):
        raise ValueError("only p == 1 and p == 2 supported")
    if input.dim() not in (1, 2) or input.numel() == 0:
        raise RuntimeError(
            "Expected non-empty vector or matrix with optional 0-dim batch size, but "
            f"got: {list(input.shape)}"
        )
    one_hot, indices = _class_index_target(input, target, "multi_margin_loss")
    classes = input.shape[-1]
    if weight is not None and tuple(weight.shape) != (classes,):
        raise RuntimeError(
            f"inconsistent weight size, expected {classes} but got "
            f"{list(weight.shape)} (one weight per class)"
        )
    if weight is not None and weight.requires_grad:
        raise RuntimeError(
            "The function 'multi_margin_loss' is not differentiable with respect to "
            "argument 'weight'. This input cannot have requires_grad True. (Pass "
            "weight.detach().)"
        )
    sample_weight = np.ones(len(indices))
    if weight is not None:
        sample_weight = weight.detach().numpy()[indices]
    sample_weight = minigrad.tensor(sample_weight, dtype=input.dtype)
    return MultiMarginLossFunction.apply(
        input, one_hot, sample_weight, p=p, margin=margin, reduction=reduction
    )


class MultilabelMarginLossFunction(Function):
    """Σ over target classes j and other classes k of max(0, 1 - (x_j - x_k)) / C."""

    backward_name = "MultilabelMarginLossBackward0"
    formula = "d/dx_j = -(number of active pairs (j, k)) / C, d/dx_k = +... / C"

    @staticmethod
    def forward(ctx, input, is_target, reduction="mean"):
        ctx.save_for_backward(input)
        ctx.is_target, ctx.reduction = is_target, reduction
        batch = input.reshape(is_target.shape)  # (C,) as a batch of one
        hinge = MultilabelMarginLossFunction._pair_hinge(batch, is_target)
        loss = hinge.sum((1, 2)) / is_target.shape[1]
        if input.dim() == 1:
            loss = loss.reshape(())
        return reduce_loss(loss, reduction)

    @staticmethod
    def _pair_hinge(input, is_target):
        """(N, C, C): `max(0, 1 - (x_j - x_k))` for j a target, k not, else 0."""
        pairs = is_target.unsqueeze(2) * (1 - is_target).unsqueeze(1)
        return (1 - input.unsqueeze(2) + input.unsqueeze(1)).clamp_min(0) * pairs

    @staticmethod
    def backward(ctx, grad):
        (input,) = ctx.saved_tensors
        is_target = ctx.is_target
        hinge = MultilabelMarginLossFunction._pair_hinge(
            input.reshape(is_target.shape), is_target
        )
        active = (hinge > 0).to(input.dtype)
        # each active pair pulls x_j up and pushes x_k down
        local = (active.sum(1) - active.sum(2)) / is_target.shape[1]
        grad = _per_sample_grad(grad, is_target.shape[0], ctx.reduction)
        return (grad * local).reshape(input.shape), None


def multilabel_margin_loss(
    input, target, size_average=None, reduce=None, reduction="mean"
):
    """Multi-label hinge loss: per sample, `Σ_j Σ_k max(0, 1 - (x_j - x_k)) / C`
    over the target classes j and the other classes k, reduced (one
    MultilabelMarginLossBackward0 node, as PyTorch).

    Args:
        input: scores (N, C) or (C,).
        target: int64 of the input's shape: each row's target classes first,
            ended by -1 (the rest is ignored), e.g. `[3, 0, -1, 1]` is {3, 0}.
        reduction: 'mean' (default), 'sum' or 'none'.

    Example:
        >>> F.multilabel_margin_loss(minigrad.tensor([[0.1, 0.2, 0.4, 0.8]]),
        ...                          minigrad.tensor([[3, 0, -1, 1]]))
        tensor(0.8500)
    """
    reduction = reduction_of(size_average, reduce, reduction)
    _check_reduction(reduction)
    tensor_arg(input, "multilabel_margin_loss")
    tensor_arg(target, "multilabel_margin_loss", "target", 2)
    float_input(input, "multilabel_margin_loss")
    if input.dim() not in (1, 2) or input.numel() == 0:
        raise RuntimeError(
            "Expected non-empty vector or matrix with optional 0-dim batch size, but "
            f"got: {list(input.shape)}"
        )
    if tuple(target.shape) != tuple(input.shape):
        raise RuntimeError(
            f"inconsistent target size: {list(target.shape)} for input of size: "
            f"{list(input.shape)} (one row of class indices, ended by -1, per sample)"
        )
    if target.dtype is not minigrad.int64:
        raise RuntimeError(
            "multilabel_margin_loss: expected scalar type Long for the target but "
            f"found {target.dtype}; convert it with target.long()"
        )
    classes = input.shape[-1]
    rows = target.detach().numpy().reshape(-1, classes)
    is_target = np.zeros(rows.shape)
    for i, row in enumerate(rows):
        for index in row:
            if index == -1:  # the end of this sample's targets
                break
            if not 0 <= index < classes:
                raise RuntimeError(
                    f"target index {int(index)} out of range [-1, {classes - 1}] "
                    "(class indices, or -1 to end a row)"
                )
            is_target[i, index] = 1.0
    is_target = minigrad.tensor(is_target, dtype=input.dtype)
    return MultilabelMarginLossFunction.apply(input, is_target, reduction=reduction)


# ------------------------------------------------------------- modules


class _Loss(Module):
    """Base class of the loss modules (`nn.modules.loss._Loss`): keeps
    `reduction` ('mean', 'sum' or 'none'), checked once.

    Subclass it for a loss of your own, as in PyTorch; `forward` reads
    `self.reduction`. The deprecated `size_average` and `reduce`, if given,
    decide the reduction (with a warning), as in PyTorch.
    """

    def __init__(self, size_average=None, reduce=None, reduction="mean"):
        super().__init__()
        reduction = reduction_of(size_average, reduce, reduction)
        _check_reduction(reduction)
        self.reduction = reduction


class _WeightedLoss(_Loss):
    """A `_Loss` with an optional `weight` tensor (per class or per element),
    kept as a buffer so that it is saved in the state_dict, as PyTorch does.
    """

    def __init__(self, weight=None, size_average=None, reduce=None, reduction="mean"):
        super().__init__(size_average, reduce, reduction)
        self.register_buffer("weight", weight)


class TripletMarginLoss(_Loss):
    """`max(d(a, p) - d(a, n) + margin, 0)`, reduced (see `F.triplet_margin_loss`).

    Example:
        >>> nn.TripletMarginLoss(margin=0.5)
        TripletMarginLoss()
    """

    def __init__(
        self,
        margin=1.0,
        p=2.0,
        eps=1e-6,
        swap=False,
        size_average=None,
        reduce=None,
        reduction="mean",
    ):
        super().__init__(size_average, reduce, reduction)
        if margin <= 0:
            raise ValueError(
                "TripletMarginLoss: expected margin to be greater than 0, got "
                f"{margin} instead"
            )
        self.margin, self.p, self.eps, self.swap = margin, p, eps, swap

    def forward(self, anchor, positive, negative):
        return triplet_margin_loss(
            anchor,
            positive,
            negative,
            margin=self.margin,
            p=self.p,
            eps=self.eps,
            swap=self.swap,
            reduction=self.reduction,
        )


class MarginRankingLoss(_Loss):
    """`max(0, -y (x1 - x2) + margin)`, reduced (see `F.margin_ranking_loss`)."""

    def __init__(self, margin=0.0, size_average=None, reduce=None, reduction="mean"):
        super().__init__(size_average, reduce, reduction)
        self.margin = margin

    def forward(self, input1, input2, target):
        return margin_ranking_loss(
            input1, input2, target, margin=self.margin, reduction=self.reduction
        )


class CosineEmbeddingLoss(_Loss):
    """`1 - cos` for target 1, `max(0, cos - margin)` for -1, reduced (see
    `F.cosine_embedding_loss`)."""

    def __init__(self, margin=0.0, size_average=None, reduce=None, reduction="mean"):
        super().__init__(size_average, reduce, reduction)
        self.margin = margin

    def forward(self, input1, input2, target):
        return cosine_embedding_loss(
            input1, input2, target, margin=self.margin, reduction=self.reduction
        )


class PoissonNLLLoss(_Loss):
    """Poisson negative log likelihood (see `F.poisson_nll_loss`)."""

    def __init__(
        self,
        log_input=True,
        full=False,
        size_average=None,
        eps=1e-8,
        reduce=None,
        reduction="mean",
    ):
        super().__init__(size_average, reduce, reduction)
        self.log_input, self.full, self.eps = log_input, full, eps

    def forward(self, log_input, target):
        return poisson_nll_loss(
            log_input,
            target,
            log_input=self.log_input,
            full=self.full,
            eps=self.eps,
            reduction=self.reduction,
        )


class GaussianNLLLoss(_Loss):
    """Gaussian negative log likelihood; called as `loss(input, target, var)`
    (see `F.gaussian_nll_loss`)."""

    def __init__(self, *, full=False, eps=1e-6, reduction="mean"):
        super().__init__(reduction=reduction)
        self.full, self.eps = full, eps

    def forward(self, input, target, var):
        return gaussian_nll_loss(
            input, target, var, full=self.full, eps=self.eps, reduction=self.reduction
        )


class SoftMarginLoss(_Loss):
    """`log(1 + exp(-y x))`, reduced (see `F.soft_margin_loss`)."""

    def forward(self, input, target):
        return soft_margin_loss(input, target, reduction=self.reduction)


class MultiMarginLoss(_WeightedLoss):
    """Multi-class hinge loss (see `F.multi_margin_loss`).

    Args:
        p: 1 (default) or 2.
        margin: default 1.
        weight: optional (C,) weight per class (a buffer, in the state_dict).
        reduction: 'mean' (default), 'sum' or 'none'.
    """

    def __init__(
        self,
        p=1,
        margin=1.0,
        weight=None,
        size_average=None,
        reduce=None,
        reduction="mean",
    ):
        super().__init__(weight, size_average, reduce, reduction)
        if p not in (1, 2):
            raise ValueError("only p == 1 and p == 2 supported")
        if weight is not None and weight.dim() != 1:
            raise ValueError(
                "MultiMarginLoss: expected weight to be None or 1D tensor, got "
                f"{weight.dim()}D instead"
            )
        self.p, self.margin = p, margin

    def forward(self, input, target):
        return multi_margin_loss(
            input,
            target,
            p=self.p,
            margin=self.margin,
            weight=self.weight,
            reduction=self.reduction,
        )


class MultiLabelMarginLoss(_Loss):
    """Multi-label hinge loss (see `F.multilabel_margin_loss`)."""

    def forward(self, input, target):
        return multilabel_margin_loss(input, target, reduction=self.reduction)


class MultiLabelSoftMarginLoss(_WeightedLoss):
    """Per-class logistic loss averaged over classes (see
    `F.multilabel_soft_margin_loss`).

    Args:
        weight: optional (C,) weight per class (a buffer, in the state_dict).
        reduction: 'mean' (default), 'sum' or 'none'.
    """

    def __init__(self, weight=None, size_average=None, reduce=None, reduction="mean"):
        super().__init__(weight, size_average, reduce, reduction)

    def forward(self, input, target):
        return multilabel_soft_margin_loss(
            input, target, weight=self.weight, reduction=self.reduction
        )


class HingeEmbeddingLoss(_Loss):
    """`x` for target 1, `max(0, margin - x)` for -1, reduced (see
    `F.hinge_embedding_loss`)."""

    def __init__(self, margin=1.0, size_average=None, reduce=None, reduction="mean"):
        super().__init__(size_average, reduce, reduction)
        self.margin = margin

    def forward(self, input, target):
        return hinge_embedding_loss(
            input, target, margin=self.margin, reduction=self.reduction
        )
