"""Loss modules: MSELoss, L1Loss, CrossEntropyLoss, NLLLoss, BCELoss, BCEWithLogitsLoss.

Each holds its settings (`reduction`, class weights, ...) and calls the
matching function of `nn.functional`, where the maths and the shape checks are.
Call them as `loss_fn(prediction, target)`. The arguments come in PyTorch's
order, with its deprecated `size_average` and `reduce` (mapped to a
`reduction`, with PyTorch's warning: see `_reduction.py`).

Their base classes `_Loss` and `_WeightedLoss` (also the bases of students'
own losses, `class MyLoss(nn.modules.loss._Loss)`) are in `losses_more.py`.
"""

from . import functional as F
from ._reduction import reduction_of
from .losses_more import _Loss, _WeightedLoss
from .module import Module


class MSELoss(_Loss):
    """Mean squared error between prediction and target (same shapes required).

    Args:
        reduction: 'mean' (default), 'sum' or 'none'.

    Example:
        >>> nn.MSELoss()(minigrad.tensor([1.0, 2.0]), minigrad.tensor([1.0, 4.0]))
        tensor(2.)
    """

    def forward(self, input, target):
        return F.mse_loss(input, target, reduction=self.reduction)


class L1Loss(_Loss):
    """Mean absolute error between prediction and target (same shapes required).

    Args:
        reduction: 'mean' (default), 'sum' or 'none'.
    """

    def forward(self, input, target):
        return F.l1_loss(input, target, reduction=self.reduction)


class NLLLoss(_WeightedLoss):
    """Negative log likelihood of log-probabilities (use after LogSoftmax).

    Args:
        weight: optional `(C,)` weight per class.
        ignore_index: targets equal to this contribute nothing.
        reduction: 'mean' (default), 'sum' or 'none'.
    """

    def __init__(
        self,
        weight=None,
        size_average=None,
        ignore_index=-100,
        reduce=None,
        reduction="mean",
    ):
        super().__init__(weight, size_average, reduce, reduction)
        self.ignore_index = ignore_index

    def forward(self, input, target):
        return F.nll_loss(
            input,
            target,
            weight=self.weight,
            ignore_index=self.ignore_index,
            reduction=self.reduction,
        )


class CrossEntropyLoss(_WeightedLoss):
    """Cross-entropy of raw scores (logits) against class indices or probabilities.

    Combines `log_softmax` and `nll_loss`; do not put a Softmax before it.

    Args:
        weight: optional `(C,)` weight per class.
        ignore_index: class-index targets equal to this contribute nothing.
        reduction: 'mean' (default), 'sum' or 'none'.
        label_smoothing: mix targets with the uniform distribution (0 to 1).

    Example:
        >>> loss_fn = nn.CrossEntropyLoss()
        >>> loss_fn(minigrad.zeros(2, 4), minigrad.tensor([1, 3]))  # log(4)
        tensor(1.3863)
    """

    def __init__(
        self,
        weight=None,
        size_average=None,
        ignore_index=-100,
        reduce=None,
        reduction="mean",
        label_smoothing=0.0,
    ):
        super().__init__(weight, size_average, reduce, reduction)
        self.ignore_index = ignore_index
        self.label_smoothing = label_smoothing

    def forward(self, input, target):
        return F.cross_entropy(
            input,
            target,
            weight=self.weight,
            ignore_index=self.ignore_index,
            reduction=self.reduction,
            label_smoothing=self.label_smoothing,
        )


class BCELoss(_WeightedLoss):
    """Binary cross-entropy of probabilities (use after Sigmoid).

    Args:
        weight: optional weight, broadcast against the per-element loss.
        reduction: 'mean' (default), 'sum' or 'none'.
    """

    def __init__(self, weight=None, size_average=None, reduce=None, reduction="mean"):
        super().__init__(weight, size_average, reduce, reduction)

    def forward(self, input, target):
        return F.binary_cross_entropy(
            input, target, weight=self.weight, reduction=self.reduction
        )


class BCEWithLogitsLoss(_WeightedLoss):
    """Binary cross-entropy of raw scores: Sigmoid and BCELoss in one, stably.

    Args:
        weight: optional weight, broadcast against the per-element loss.
        reduction: 'mean' (default), 'sum' or 'none'.
        pos_weight: optional weight of positive examples.
    """

    def __init__(
        self,
        weight=None,
        size_average=None,
        reduce=None,
        reduction="mean",
        pos_weight=None,
    ):
        super().__init__(weight, size_average, reduce, reduction)
        self.register_buffer("pos_weight", pos_weight)

    def forward(self, input, target):
        return F.binary_cross_entropy_with_logits(
            input,
            target,
            weight=self.weight,
            reduction=self.reduction,
            pos_weight=self.pos_weight,
        )


class SmoothL1Loss(_Loss):
    """Smooth L1 loss: quadratic where |input - target| < beta, linear beyond
    (see `F.smooth_l1_loss`).

    Args:
        reduction: 'mean' (default), 'sum' or 'none'.
        beta: where the loss turns from quadratic to linear (default 1).

    Example:
        >>> nn.SmoothL1Loss()(minigrad.tensor([0.5, 3.0]), minigrad.zeros(2))
        tensor(1.3125)
    """

    def __init__(self, size_average=None, reduce=None, reduction="mean", beta=1.0):
        super().__init__(size_average, reduce, reduction)
        self.beta = beta

    def forward(self, input, target):
        return F.smooth_l1_loss(input, target, reduction=self.reduction, beta=self.beta)


class HuberLoss(_Loss):
    """Huber loss: quadratic where |input - target| < delta, linear beyond
    (see `F.huber_loss`).

    Args:
        reduction: 'mean' (default), 'sum' or 'none'.
        delta: where the loss turns from quadratic to linear (default 1).

    Example:
        >>> nn.HuberLoss()(minigrad.tensor([0.5, 3.0]), minigrad.zeros(2))
        tensor(1.3125)
    """

    def __init__(self, reduction="mean", delta=1.0):
        super().__init__(reduction=reduction)
        self.delta = delta

    def forward(self, input, target):
        return F.huber_loss(input, target, reduction=self.reduction, delta=self.delta)


class KLDivLoss(_Loss):
    """Kullback-Leibler divergence of the target from log-probabilities
    (see `F.kl_div`; use reduction='batchmean' for the true KL divergence).

    Args:
        reduction: 'mean' (default), 'batchmean', 'sum' or 'none'.
        log_target: the target is given as log-probabilities.

    Example:
        >>> kl = nn.KLDivLoss(reduction="batchmean")
        >>> kl(minigrad.tensor([0.5, 0.5]).log(), minigrad.tensor([0.5, 0.5]))
        tensor(0.)
    """

    def __init__(
        self, size_average=None, reduce=None, reduction="mean", log_target=False
    ):
        Module.__init__(self)  # (not _Loss's: 'batchmean' is one more reduction)
        reduction = reduction_of(size_average, reduce, reduction)
        if reduction not in ("mean", "batchmean", "sum", "none"):
            raise ValueError(f"{reduction} is not a valid value for reduction")
        self.reduction = reduction
        self.log_target = log_target

    def forward(self, input, target):
        return F.kl_div(
            input, target, reduction=self.reduction, log_target=self.log_target
        )
