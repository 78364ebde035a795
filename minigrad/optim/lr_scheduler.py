"""`optim.lr_scheduler`: change the learning rate as training goes on.

Call `scheduler.step()` once per epoch, after `optimizer.step()`:

    scheduler = StepLR(optimizer, step_size=30, gamma=0.1)
    for epoch in range(100):
        train_one_epoch()
        scheduler.step()

Each scheduler computes the rates as PyTorch does (most from the previous
epoch's rate, so that several schedulers can act on one optimizer), which
is why their digits match PyTorch's. `LRScheduler` is the base class; then
come the decays (StepLR, ExponentialLR, MultiStepLR, CosineAnnealingLR,
LambdaLR, ConstantLR, LinearLR, PolynomialLR, CosineAnnealingWarmRestarts),
the per-batch OneCycleLR, the combinations (SequentialLR, ChainedScheduler)
and ReduceLROnPlateau, which is stepped with a metric: `scheduler.step(loss)`.
At the end: MultiplicativeLR and the per-batch CyclicLR.
"""

import math
import types
import warnings
from bisect import bisect_right
from collections import Counter

from .optimizer import Optimizer

EPOCH_DEPRECATION_WARNING = (
    "The epoch parameter in `scheduler.step()` was not necessary and is being "
    "deprecated where possible. Please use `scheduler.step()` to step the "
    "scheduler. During the deprecation, if epoch is different from None, the "
    "closed form is used instead of the new chainable form, where available."
)


def _check_optimizer(optimizer):
    """Raise a TypeError unless `optimizer` is an Optimizer (as PyTorch)."""
    if not isinstance(optimizer, Optimizer):
        raise TypeError(
            f"{type(optimizer).__name__} is not an Optimizer: a scheduler "
            "needs the optimizer whose learning rate it changes, e.g. "
            "StepLR(minigrad.optim.SGD(model.parameters(), lr=0.1), step_size=10)"
        )


def _warn_get_lr_called_within_step(scheduler):
    """PyTorch's warning when `get_lr()` is called by hand: outside `step()`
    it computes the *next* rates (and a recursive formula would apply twice)."""
    if not scheduler._get_lr_called_within_step:
        warnings.warn(
            "To get the last learning rate computed by the scheduler, "
            "please use `get_last_lr()`.",
            UserWarning,
            stacklevel=3,
        )


def _per_group(name, optimizer, value):
    """`value` once per param group: a list of that length is taken as it is,
    a single number is repeated (max_lr, base_momentum, ... as PyTorch)."""
    groups = len(optimizer.param_groups)
    if isinstance(value, (list, tuple)):
        if len(value) != groups:
            raise ValueError(
                f"{name} must have the same length as optimizer.param_groups. "
                f"{name} has {len(value)} values, param_groups has {groups}."
            )
        return list(value)
    return [value] * groups


def _lr_lambdas(optimizer, lr_lambda):
    """(LambdaLR, MultiplicativeLR) One function per param group: `lr_lambda`
    for every group, or a list of one per group."""
    if not isinstance(lr_lambda, (list, tuple)):
        return [lr_lambda] * len(optimizer.param_groups)
    if len(lr_lambda) != len(optimizer.param_groups):
        raise ValueError(
            f"Expected {len(optimizer.param_groups)} lr_lambdas, but got "
            f"{len(lr_lambda)}"
        )
    return list(lr_lambda)


def _cycled_momentums(optimizer, base_momentum, max_momentum):
    """(OneCycleLR, CyclicLR) Each group's lowest and highest momentum, once
    the optimizer is checked to have one to cycle (Adam-like: beta1)."""
    if "momentum" not in optimizer.defaults and "betas" not in optimizer.defaults:
        raise ValueError(
            "optimizer must support momentum or beta1 with `cycle_momentum` "
            "option enabled"
        )
    return (
        _per_group("base_momentum", optimizer, base_momentum),
        _per_group("max_momentum", optimizer, max_momentum),
    )


def _set_momentum(group, momentum, use_beta1):
    """Set a param group's momentum: its beta1 for an Adam-like optimizer."""
    if use_beta1:
        group["betas"] = (momentum, *group["betas"][1:])
    else:
        group["momentum"] = momentum


class LRScheduler:
    """Base class: sets each param group's `lr` from `get_lr()` at every `step()`.

    Args:
        optimizer: the optimizer whose learning rates to change.
        last_epoch: index of the last epoch (-1 starts afresh).
    """

    # True while `step()` computes the rates; `get_lr()` called by hand warns.
    _get_lr_called_within_step = False
    _is_initial = False

    def __init__(self, optimizer, last_epoch=-1):
        _check_optimizer(optimizer)
        self.optimizer = optimizer
        if last_epoch == -1:
            for group in optimizer.param_groups:
                group.setdefault("initial_lr", group["lr"])
        else:
            for i, group in enumerate(optimizer.param_groups):
                if "initial_lr" not in group:
                    raise KeyError(
                        f"param 'initial_lr' is not specified in param_groups[{i}] "
                        "when resuming an optimizer"
                    )
        self.base_lrs = [group["initial_lr"] for group in optimizer.param_groups]
        self.last_epoch = last_epoch
        self._initial_step()

    def _initial_step(self):
        """Set epoch 0's learning rates (SequentialLR calls it again to restart
        a scheduler). `_is_initial` tells the recursive formulas
        (CosineAnnealingLR, LinearLR, PolynomialLR) to keep the optimizer's lr."""
        self._step_count = 0
        self._is_initial = True
        try:
            self.step()
        finally:
            self._is_initial = False

    def get_lr(self):
        """The learning rates for `self.last_epoch` (subclasses write this)."""
        raise NotImplementedError

    def get_last_lr(self):
        """The learning rates set by the last `step()`, one per param group."""
        return self._last_lr

    def step(self, epoch=None):
        """Move to the next epoch (or to `epoch`) and set the learning rates."""
        if self._step_count == 1 and self.optimizer._step_count == 0:
            warnings.warn(
                "Detected call of `lr_scheduler.step()` before `optimizer.step()`. "
                "Call them in the opposite order: `optimizer.step()` before "
                "`lr_scheduler.step()`; otherwise the first value of the learning "
                "rate schedule is skipped.",
                UserWarning,
                stacklevel=2,
            )
        if epoch is not None:
            warnings.warn(EPOCH_DEPRECATION_WARNING, UserWarning, stacklevel=2)
        self._step_count += 1
        try:
            self._update_lr(epoch)
        except Exception:
            self._step_count -= 1  # a refused step (OneCycleLR past its end): uncounted
            raise

    def _update_lr(self, epoch=None):
        """Move to the next epoch (or to `epoch`, by the closed form) and set
        the rates. Nothing changes if `get_lr()` raises."""
        previous = self.last_epoch
        self._get_lr_called_within_step = True
        try:
            if epoch is None:
                self.last_epoch += 1
                values = self.get_lr()
            else:
                self.last_epoch = epoch
                values = self._closed_form_lr()
        except Exception:
            self.last_epoch = previous
            raise
        finally:
            self._get_lr_called_within_step = False
        for group, lr in zip(self.optimizer.param_groups, values):
            group["lr"] = lr
        self._last_lr = [group["lr"] for group in self.optimizer.param_groups]

    def _closed_form_lr(self):
        return self.get_lr()

    def state_dict(self):
        """The scheduler's state (everything but the optimizer)."""
        return {k: v for k, v in self.__dict__.items() if k != "optimizer"}

    def load_state_dict(self, state_dict):
        """Load a state saved by `state_dict()`."""
        self.__dict__.update(state_dict)


class _LRScheduler(LRScheduler):
    """The old name of `LRScheduler`, which custom schedulers in older
    tutorials subclass; PyTorch keeps it as a subclass that adds nothing."""


class StepLR(LRScheduler):
    """Multiply the learning rate by `gamma` every `step_size` epochs.

    `lr = initial_lr * gamma ** (epoch // step_size)`.

    Args:
        optimizer: the optimizer.
        step_size: how many epochs between decays.
        gamma: the factor (default 0.1).
        last_epoch: index of the last epoch (-1 starts afresh).

    Example:
        >>> sched = StepLR(opt, step_size=2, gamma=0.5)  # doctest: +SKIP
        >>> # epochs 0, 1: lr; epochs 2, 3: lr / 2; epochs 4, 5: lr / 4 ...
    """

    def __init__(self, optimizer, step_size, gamma=0.1, last_epoch=-1):
        self.step_size = step_size
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        _warn_get_lr_called_within_step(self)
        # Recursive, as PyTorch: decay the current lr on each multiple of step_size.
        if self.last_epoch == 0 or self.last_epoch % self.step_size != 0:
            return [group["lr"] for group in self.optimizer.param_groups]
        return [group["lr"] * self.gamma for group in self.optimizer.param_groups]

    def _closed_form_lr(self):
        return [
            base_lr * self.gamma ** (self.last_epoch // self.step_size)
            for base_lr in self.base_lrs
        ]


class ExponentialLR(LRScheduler):
    """Multiply the learning rate by `gamma` every epoch.

    Args:
        optimizer: the optimizer.
        gamma: the factor per epoch.
        last_epoch: index of the last epoch (-1 starts afresh).
    """

    def __init__(self, optimizer, gamma, last_epoch=-1):
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        _warn_get_lr_called_within_step(self)
        if self.last_epoch == 0:
            return [group["lr"] for group in self.optimizer.param_groups]
        return [group["lr"] * self.gamma for group in self.optimizer.param_groups]

    def _closed_form_lr(self):
        return [base_lr * self.gamma**self.last_epoch for base_lr in self.base_lrs]


class MultiStepLR(LRScheduler):
    """Multiply the learning rate by `gamma` at each epoch listed in `milestones`.

    Args:
        optimizer: the optimizer.
        milestones: the epochs at which to decay (a milestone listed twice
            decays twice).
        gamma: the factor (default 0.1).
        last_epoch: index of the last epoch (-1 starts afresh).

    Example:
        >>> sched = MultiStepLR(opt, milestones=[2, 5], gamma=0.5)  # doctest: +SKIP
        >>> # epochs 0, 1: lr; epochs 2-4: lr / 2; from epoch 5: lr / 4
    """

    def __init__(self, optimizer, milestones, gamma=0.1, last_epoch=-1):
        self.milestones = Counter(milestones)
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        _warn_get_lr_called_within_step(self)
        # Recursive, as PyTorch: decay the current lr when a milestone is reached.
        if self.last_epoch not in self.milestones:
            return [group["lr"] for group in self.optimizer.param_groups]
        factor = self.gamma ** self.milestones[self.last_epoch]
        return [group["lr"] * factor for group in self.optimizer.param_groups]

    def _closed_form_lr(self):
        milestones = sorted(self.milestones.elements())
        return [
            base_lr * self.gamma ** bisect_right(milestones, self.last_epoch)
            for base_lr in self.base_lrs
        ]


class CosineAnnealingLR(LRScheduler):
    """Lower the learning rate along half a cosine, from `initial_lr` to `eta_min`.

    `lr = eta_min + (initial_lr - eta_min) * (1 + cos(pi * epoch / T_max)) / 2`,
    computed as PyTorch does, from the previous epoch's lr (so a change of the
    lr by hand carries on), which is why the printed digits match PyTorch's.

    Args:
        optimizer: the optimizer.
        T_max: the epochs to go from `initial_lr` down to `eta_min`.
        eta_min: the lowest learning rate (default 0).
        last_epoch: index of the last epoch (-1 starts afresh).

    Example:
        >>> sched = CosineAnnealingLR(opt, T_max=8)  # doctest: +SKIP
        >>> # lr, 0.854 lr, 0.5 lr at epoch 4, ..., 0 at epoch 8, then back up
    """

    def __init__(self, optimizer, T_max, eta_min=0.0, last_epoch=-1):
        self.T_max = T_max
        self.eta_min = eta_min
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        _warn_get_lr_called_within_step(self)
        groups = self.optimizer.param_groups
        if self._is_initial:
            return [group["lr"] for group in groups]
        if self._step_count == 1 and self.last_epoch > 0:
            return self._closed_form_lr()
        if (self.last_epoch - 1 - self.T_max) % (2 * self.T_max) == 0:
            # Past the bottom: the recursive ratio would divide by zero there.
            rise = (1 - math.cos(math.pi / self.T_max)) / 2
            return [
                group["lr"] + (base_lr - self.eta_min) * rise
                for base_lr, group in zip(self.base_lrs, groups)
            ]
        ratio = (1 + math.cos(math.pi * self.last_epoch / self.T_max)) / (
            1 + math.cos(math.pi * (self.last_epoch - 1) / self.T_max)
        )
        return [ratio * (group["lr"] - self.eta_min) + self.eta_min for group in groups]

    def _closed_form_lr(self):
        return [
            self.eta_min
            + (base_lr - self.eta_min)
            * (1 + math.cos(math.pi * self.last_epoch / self.T_max))
            / 2
            for base_lr in self.base_lrs
        ]


class LambdaLR(LRScheduler):
    """Set the learning rate to `initial_lr * lr_lambda(epoch)`.

    Args:
        optimizer: the optimizer.
        lr_lambda: a function of the epoch (an int) giving a factor, or a list
            of such functions, one per param group.
        last_epoch: index of the last epoch (-1 starts afresh).

    Example:
        >>> sched = LambdaLR(opt, lambda epoch: 0.95**epoch)  # doctest: +SKIP
    """

    def __init__(self, optimizer, lr_lambda, last_epoch=-1):
        self.optimizer = optimizer
        self.lr_lambdas = _lr_lambdas(optimizer, lr_lambda)
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        _warn_get_lr_called_within_step(self)
        return [
            base_lr * lmbda(self.last_epoch)
            for lmbda, base_lr in zip(self.lr_lambdas, self.base_lrs)
        ]

    def state_dict(self):
        """The scheduler's state; plain functions are saved as None (as PyTorch)."""
        state = {
            key: value
            for key, value in self.__dict__.items()
            if key not in ("optimizer", "lr_lambdas")
        }
        # A function cannot be saved; a callable object's attributes can.
        state["lr_lambdas"] = [
            None if isinstance(fn, types.FunctionType) else fn.__dict__.copy()
            for fn in self.lr_lambdas
        ]
        return state

    def load_state_dict(self, state_dict):
        """Load a state saved by `state_dict()` (keeps this scheduler's lambdas)."""
        state = dict(state_dict)
        lr_lambdas = state.pop("lr_lambdas")
        self.__dict__.update(state)
        for fn, saved in zip(self.lr_lambdas, lr_lambdas):
            if saved is not None:
                fn.__dict__.update(saved)


class ConstantLR(LRScheduler):
    """Multiply the learning rate by `factor` for the first `total_iters` epochs.

    `lr = initial_lr * factor` for epochs 0 .. total_iters - 1, then `initial_lr`.

    Args:
        optimizer: the optimizer.
        factor: the multiplier, between 0 and 1 (default 1/3).
        total_iters: how many epochs it applies (default 5).
        last_epoch: index of the last epoch (-1 starts afresh).

    Example:
        >>> opt = minigrad.optim.SGD([nn.Parameter(minigrad.zeros(1))], lr=0.1)
        >>> sched = ConstantLR(opt, factor=0.5, total_iters=2)
        >>> rates = []
        >>> for _ in range(4):
        ...     opt.step()
        ...     rates.append(sched.get_last_lr()[0])
        ...     sched.step()
        >>> rates
        [0.05, 0.05, 0.1, 0.1]
    """

    def __init__(self, optimizer, factor=1.0 / 3, total_iters=5, last_epoch=-1):
        if factor > 1.0 or factor < 0:
            raise ValueError(
                "Constant multiplicative factor expected to be between 0 and 1."
            )
        self.factor = factor
        self.total_iters = total_iters
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        """The rates for `self.last_epoch`, one per group (called by `step()`)."""
        _warn_get_lr_called_within_step(self)
        # Recursive, as PyTorch: scale by factor at epoch 0, undo it at total_iters.
        groups = self.optimizer.param_groups
        if self.last_epoch == 0:
            return [group["lr"] * self.factor for group in groups]
        if self.last_epoch != self.total_iters:
            return [group["lr"] for group in groups]
        return [group["lr"] * (1.0 / self.factor) for group in groups]

    def _closed_form_lr(self):
        after = self.last_epoch >= self.total_iters
        return [
            base_lr * (self.factor + after * (1 - self.factor))
            for base_lr in self.base_lrs
        ]


class LinearLR(LRScheduler):
    """Change the learning rate's factor in a straight line, from `start_factor`
    to `end_factor` over `total_iters` epochs (a warm-up, typically).

    `lr = initial_lr * (start + (end - start) * min(epoch, total_iters) / total_iters)`

    Args:
        optimizer: the optimizer.
        start_factor: the factor at epoch 0, in (0, 1] (default 1/3).
        end_factor: the factor from epoch total_iters on, in [0, 1] (default 1).
        total_iters: how many epochs the change takes (default 5).
        last_epoch: index of the last epoch (-1 starts afresh).

    Example:
        >>> opt = minigrad.optim.SGD([nn.Parameter(minigrad.zeros(1))], lr=1.0)
        >>> sched = LinearLR(opt, start_factor=0.25, total_iters=3)
        >>> rates = []
        >>> for _ in range(5):
        ...     opt.step()
        ...     rates.append(round(sched.get_last_lr()[0], 6))
        ...     sched.step()
        >>> rates
        [0.25, 0.5, 0.75, 1.0, 1.0]
    """

    def __init__(
        self,
        optimizer,
        start_factor=1.0 / 3,
        end_factor=1.0,
        total_iters=5,
        last_epoch=-1,
    ):
        if start_factor > 1.0 or start_factor <= 0:
            raise ValueError(
                "Starting multiplicative factor expected to be greater than 0 and "
                "less or equal to 1."
            )
        if end_factor > 1.0 or end_factor < 0:
            raise ValueError(
                "Ending multiplicative factor expected to be between 0 and 1."
            )
        self.start_factor = start_factor
        self.end_factor = end_factor
        self.total_iters = total_iters
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        """The rates for `self.last_epoch`, one per group (called by `step()`)."""
        _warn_get_lr_called_within_step(self)
        groups = self.optimizer.param_groups
        if self.last_epoch == 0:
            return [group["lr"] * self.start_factor for group in groups]
        if self._is_initial or self.last_epoch > self.total_iters:
            return [group["lr"] for group in groups]
        # Recursive, as PyTorch: the ratio of this epoch's factor to the last
        # one's, so a change of the lr by another scheduler carries on.
        change = self.end_factor - self.start_factor
        ratio = 1.0 + change / (
            self.total_iters * self.start_factor + (self.last_epoch - 1) * change
        )
        return [group["lr"] * ratio for group in groups]

    def _closed_form_lr(self):
        change = self.end_factor - self.start_factor
        done = min(self.total_iters, self.last_epoch)
        return [
            base_lr * (self.start_factor + change * done / self.total_iters)
            for base_lr in self.base_lrs
        ]


class PolynomialLR(LRScheduler):
    """Lower the learning rate to 0 along a polynomial in `total_iters` epochs.

    `lr = initial_lr * (1 - min(epoch, total_iters) / total_iters) ** power`

    Args:
        optimizer: the optimizer.
        total_iters: the epochs to reach 0 (default 5).
        power: the power of the polynomial (default 1: a straight line).
        last_epoch: index of the last epoch (-1 starts afresh).

    Example:
        >>> opt = minigrad.optim.SGD([nn.Parameter(minigrad.zeros(1))], lr=1.0)
        >>> sched = PolynomialLR(opt, total_iters=4, power=2.0)
        >>> rates = []
        >>> for _ in range(6):
        ...     opt.step()
        ...     rates.append(round(sched.get_last_lr()[0], 6))
        ...     sched.step()
        >>> rates
        [1.0, 0.5625, 0.25, 0.0625, 0.0, 0.0]
    """

    def __init__(self, optimizer, total_iters=5, power=1.0, last_epoch=-1):
        self.total_iters = total_iters
        self.power = power
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        """The rates for `self.last_epoch`, one per group (called by `step()`)."""
        _warn_get_lr_called_within_step(self)
        groups = self.optimizer.param_groups
        if self._is_initial or self.last_epoch > self.total_iters:
            return [group["lr"] for group in groups]
        # Recursive, as PyTorch: this epoch's value over the last one's.
        decay = (
            (1.0 - self.last_epoch / self.total_iters)
            / (1.0 - (self.last_epoch - 1) / self.total_iters)
        ) ** self.power
        return [group["lr"] * decay for group in groups]

    def _closed_form_lr(self):
        done = min(self.total_iters, self.last_epoch)
        return [
            base_lr * (1.0 - done / self.total_iters) ** self.power
            for base_lr in self.base_lrs
        ]


class CosineAnnealingWarmRestarts(LRScheduler):
    """Half a cosine from `initial_lr` down to `eta_min`, then back to the top
    ("warm restart"), with each period `T_mult` times the one before (SGDR).

    `lr = eta_min + (initial_lr - eta_min) * (1 + cos(pi * T_cur / T_i)) / 2`,
    `T_cur` the epochs since the last restart, `T_i` the current period.

    `step()` may be given a fractional epoch (`scheduler.step(epoch + i / iters)`
    after each batch) to follow the curve within an epoch.

    Args:
        optimizer: the optimizer.
        T_0: epochs until the first restart (a positive int).
        T_mult: factor by which the period grows after a restart (int >= 1).
        eta_min: the lowest learning rate (default 0).
        last_epoch: index of the last epoch (-1 starts afresh).

    Example:
        >>> opt = minigrad.optim.SGD([nn.Parameter(minigrad.zeros(1))], lr=1.0)
        >>> sched = CosineAnnealingWarmRestarts(opt, T_0=2, T_mult=2)
        >>> rates = []
        >>> for _ in range(7):
        ...     opt.step()
        ...     rates.append(round(sched.get_last_lr()[0], 4))
        ...     sched.step()
        >>> rates
        [1.0, 0.5, 1.0, 0.8536, 0.5, 0.1464, 1.0]
    """

    def __init__(self, optimizer, T_0, T_mult=1, eta_min=0.0, last_epoch=-1):
        if T_0 <= 0 or not isinstance(T_0, int):
            raise ValueError(f"Expected positive integer T_0, but got {T_0}")
        if T_mult < 1 or not isinstance(T_mult, int):
            raise ValueError(f"Expected integer T_mult >= 1, but got {T_mult}")
        if not isinstance(eta_min, (float, int)):
            raise ValueError(
                f"Expected float or int eta_min, but got {eta_min} of type "
                f"{type(eta_min)}"
            )
        self.T_0 = T_0
        self.T_i = T_0
        self.T_mult = T_mult
        self.eta_min = eta_min
        self.T_cur = last_epoch
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        """The rates for `self.last_epoch`, one per group (called by `step()`)."""
        _warn_get_lr_called_within_step(self)
        return [
            self.eta_min
            + (base_lr - self.eta_min)
            * (1 + math.cos(math.pi * self.T_cur / self.T_i))
            / 2
            for base_lr in self.base_lrs
        ]

    def step(self, epoch=None):
        """Move to the next epoch, or to `epoch` (which may be fractional).

        Unlike the other schedulers, an explicit epoch is not deprecated here:
        it is how the rate follows the curve batch by batch.
        """
        if epoch is None and self.last_epoch < 0:
            epoch = 0
        if epoch is None:
            epoch = self.last_epoch + 1
            T_cur, T_i = self.T_cur + 1, self.T_i
            if T_cur >= T_i:  # a restart: back to the top, a longer period
                T_cur, T_i = T_cur % T_i, T_i * self.T_mult
        else:
            if epoch < 0:
                raise ValueError(f"Expected non-negative epoch, but got {epoch}")
            if epoch >= self.T_0:
                if self.T_mult == 1:
                    T_cur, T_i = epoch % self.T_0, self.T_i
                else:
                    # Periods T_0, T_0 m, T_0 m^2, ...: n restarts happened
                    # when T_0 (m^n - 1) / (m - 1) <= epoch.
                    n = int(
                        math.log(
                            (epoch / self.T_0 * (self.T_mult - 1) + 1), self.T_mult
                        )
                    )
                    T_cur = epoch - self.T_0 * (self.T_mult**n - 1) / (self.T_mult - 1)
                    T_i = self.T_0 * self.T_mult**n
            else:
                T_cur, T_i = epoch, self.T_0
        self.T_cur, self.T_i = T_cur, T_i
        self.last_epoch = math.floor(epoch)
        self._get_lr_called_within_step = True
        try:
            values = self.get_lr()
        finally:
            self._get_lr_called_within_step = False
        for group, lr in zip(self.optimizer.param_groups, values):
            group["lr"] = lr
        self._last_lr = [group["lr"] for group in self.optimizer.param_groups]


class OneCycleLR(LRScheduler):
    """The "1cycle" policy: the learning rate climbs from `max_lr / div_factor`
    to `max_lr` over the first `pct_start` of the steps, then comes down far
    below where it started; the momentum moves the other way.

    Call `step()` after every batch (not every epoch): the cycle lasts
    `total_steps` steps (or `epochs * steps_per_epoch`), and a step past the
    end raises a ValueError.

    Args:
        optimizer: the optimizer.
        max_lr: the peak learning rate (or one per param group).
        total_steps: steps in the cycle; or give `epochs` and `steps_per_epoch`.
        epochs, steps_per_epoch: the cycle is their product steps long.
        pct_start: fraction of the cycle spent climbing (default 0.3).
        anneal_strategy: "cos" (default) or "linear" between the turning points.
        cycle_momentum: move the momentum (SGD's `momentum`, Adam's beta1)
            inversely to the rate, between `base_momentum` and `max_momentum`.
        base_momentum: the momentum at the peak of the rate (default 0.85).
        max_momentum: the momentum at the start and end (default 0.95).
        div_factor: the start rate is `max_lr / div_factor` (default 25).
        final_div_factor: the last rate is the start rate / this (default 1e4).
        three_phase: climb, come back down symmetrically to the start rate,
            then anneal to the last rate (as the paper); the default two
            phases come down from the peak to the last rate at once (fastai).
        last_epoch: index of the last *batch* (-1 starts afresh).

    Example:
        >>> opt = minigrad.optim.SGD([nn.Parameter(minigrad.zeros(1))], lr=0.1,
        ...                          momentum=0.9)
        >>> sched = OneCycleLR(
        ...     opt, max_lr=1.0, total_steps=6, pct_start=0.5, anneal_strategy="linear"
        ... )
        >>> rates = []
        >>> for _ in range(6):
        ...     opt.step()
        ...     rates.append(round(sched.get_last_lr()[0], 6))
        ...     sched.step()
        >>> rates
        [0.04, 0.52, 1.0, 0.666668, 0.333336, 4e-06]
        >>> sched.step()
        Traceback (most recent call last):
        ...
        ValueError: Tried to step 7 times. The specified number of total steps is 6
    """

    def __init__(
        self,
        optimizer,
        max_lr,
        total_steps=None,
        epochs=None,
        steps_per_epoch=None,
        pct_start=0.3,
        anneal_strategy="cos",
        cycle_momentum=True,
        base_momentum=0.85,
        max_momentum=0.95,
        div_factor=25.0,
        final_div_factor=1e4,
        three_phase=False,
        last_epoch=-1,
    ):
        # Every argument is checked before the optimizer's groups are touched.
        _check_optimizer(optimizer)
        if total_steps is not None:
            if total_steps <= 0 or not isinstance(total_steps, int):
                raise ValueError(
                    f"Expected positive integer total_steps, but got {total_steps}"
                )
        elif epochs is not None and steps_per_epoch is not None:
            if not isinstance(epochs, int) or epochs <= 0:
                raise ValueError(f"Expected positive integer epochs, but got {epochs}")
            if not isinstance(steps_per_epoch, int) or steps_per_epoch <= 0:
                raise ValueError(
                    "Expected positive integer steps_per_epoch, but got "
                    f"{steps_per_epoch}"
                )
            total_steps = epochs * steps_per_epoch
        else:
            raise ValueError(
                "You must define either total_steps OR (epochs AND steps_per_epoch)"
            )
        if pct_start < 0 or pct_start > 1 or not isinstance(pct_start, float):
            raise ValueError(
                f"Expected float between 0 and 1 pct_start, but got {pct_start}"
            )
        if anneal_strategy not in ["cos", "linear"]:
            raise ValueError(
                "anneal_strategy must be one of 'cos' or 'linear', instead got "
                f"{anneal_strategy}"
            )
        max_lrs = _per_group("max_lr", optimizer, max_lr)
        if cycle_momentum:
            base_momentums, max_momentums = _cycled_momentums(
                optimizer, base_momentum, max_momentum
            )

        self.optimizer = optimizer
        self.total_steps = total_steps
        # Each phase goes from one named group setting to another by the step
        # `end_step`; the names are looked up in the param group at each step.
        climb = {
            "end_step": float(pct_start * total_steps) - 1,
            "start_lr": "initial_lr",
            "end_lr": "max_lr",
            "start_momentum": "max_momentum",
            "end_momentum": "base_momentum",
        }
        if three_phase:
            self._schedule_phases = [
                climb,
                {
                    "end_step": float(2 * pct_start * total_steps) - 2,
                    "start_lr": "max_lr",
                    "end_lr": "initial_lr",
                    "start_momentum": "base_momentum",
                    "end_momentum": "max_momentum",
                },
                {
                    "end_step": total_steps - 1,
                    "start_lr": "initial_lr",
                    "end_lr": "min_lr",
                    "start_momentum": "max_momentum",
                    "end_momentum": "max_momentum",
                },
            ]
        else:
            self._schedule_phases = [
                climb,
                {
                    "end_step": total_steps - 1,
                    "start_lr": "max_lr",
                    "end_lr": "min_lr",
                    "start_momentum": "base_momentum",
                    "end_momentum": "max_momentum",
                },
            ]
        self._anneal_func_type = anneal_strategy
        if last_epoch == -1:
            for group, top in zip(optimizer.param_groups, max_lrs):
                group["initial_lr"] = top / div_factor
                group["max_lr"] = top
                group["min_lr"] = group["initial_lr"] / final_div_factor
        self.cycle_momentum = cycle_momentum
        if cycle_momentum:
            # Adam-like optimizers have no `momentum`: their beta1 plays its part.
            self.use_beta1 = "betas" in optimizer.defaults
            if last_epoch == -1:  # each group starts at its highest momentum
                for top, bottom, group in zip(
                    max_momentums, base_momentums, optimizer.param_groups
                ):
                    _set_momentum(group, top, self.use_beta1)
                    group["max_momentum"] = top
                    group["base_momentum"] = bottom
        super().__init__(optimizer, last_epoch)

    def _anneal_func(self, start, end, pct):
        """From `start` (pct 0) to `end` (pct 1), by the anneal strategy."""
        if self._anneal_func_type == "cos":
            return end + (start - end) / 2.0 * (math.cos(math.pi * pct) + 1)
        return (end - start) * pct + start

    def get_lr(self):
        """The rates for `self.last_epoch`, one per group (called by `step()`)."""
        _warn_get_lr_called_within_step(self)
        step_num = self.last_epoch
        if step_num > self.total_steps:
            raise ValueError(
                f"Tried to step {step_num} times. The specified number of total "
                f"steps is {self.total_steps}"
            )
        lrs, momentums = [], []
        for group in self.optimizer.param_groups:
            start_step = 0.0
            for i, phase in enumerate(self._schedule_phases):
                end_step = phase["end_step"]
                if step_num <= end_step or i == len(self._schedule_phases) - 1:
                    pct = (step_num - start_step) / (end_step - start_step)
                    lrs.append(
                        self._anneal_func(
                            group[phase["start_lr"]], group[phase["end_lr"]], pct
                        )
                    )
                    if self.cycle_momentum:
                        momentums.append(
                            self._anneal_func(
                                group[phase["start_momentum"]],
                                group[phase["end_momentum"]],
                                pct,
                            )
                        )
                    break
                start_step = phase["end_step"]
        # As PyTorch, computing the rates also sets the momentum.
        for group, momentum in zip(self.optimizer.param_groups, momentums):
            _set_momentum(group, momentum, self.use_beta1)
        return lrs


class SequentialLR(LRScheduler):
    """Run one scheduler after another: the first until `milestones[0]`, the
    second until `milestones[1]`, ... (a warm-up, then a decay, typically).

    Each scheduler starts from the optimizer's initial lr when its turn comes.

    Args:
        optimizer: the optimizer all the schedulers belong to.
        schedulers: the schedulers, in order (not ReduceLROnPlateau).
        milestones: the epochs at which the next one takes over (one fewer
            than the schedulers).
        last_epoch: index of the last epoch (-1 starts afresh).

    Example:
        >>> opt = minigrad.optim.SGD([nn.Parameter(minigrad.zeros(1))], lr=1.0)
        >>> warmup = LinearLR(opt, start_factor=0.5, total_iters=2)
        >>> decay = ExponentialLR(opt, gamma=0.5)
        >>> sched = SequentialLR(opt, [warmup, decay], milestones=[2])
        >>> rates = []
        >>> for _ in range(5):
        ...     opt.step()
        ...     rates.append(sched.get_last_lr()[0])
        ...     sched.step()
        >>> rates
        [0.5, 0.75, 1.0, 0.5, 0.25]
    """

    def __init__(self, optimizer, schedulers, milestones, last_epoch=-1):
        if len(schedulers) < 1:
            raise ValueError(
                f"{type(self).__name__} expects at least one scheduler, but got no "
                "scheduler."
            )
        _check_schedulers(self, schedulers, optimizer)
        if len(milestones) != len(schedulers) - 1:
            raise ValueError(
                "Sequential Schedulers expects number of schedulers provided to be "
                "one more than the number of milestone points, but got number of "
                f"schedulers {len(schedulers)} and the number of milestones to be "
                f"equal to {len(milestones)}"
            )
        self._schedulers = schedulers
        self._milestones = milestones
        self.last_epoch = last_epoch + 1
        self.optimizer = optimizer
        # Each scheduler's constructor already took a first step: go back to
        # the initial rates, and restart only the one whose turn is epoch 0.
        for group in optimizer.param_groups:
            group["lr"] = group["initial_lr"]
        self._undo_initial_steps(self)
        first = self._schedulers[bisect_right(self._milestones, 0)]
        first._initial_step()
        self._last_lr = first.get_last_lr()

    def _undo_initial_steps(self, scheduler):
        """Take back the first step of each scheduler (inside chained ones too)."""
        if hasattr(scheduler, "_schedulers"):
            for inner in scheduler._schedulers:
                self._undo_initial_steps(inner)
        elif hasattr(scheduler, "last_epoch"):
            scheduler.last_epoch -= 1

    def step(self):
        """Move to the next epoch: the scheduler whose turn it is steps; at a
        milestone the next one starts from its epoch 0 (its closed form)."""
        self.last_epoch += 1
        idx = bisect_right(self._milestones, self.last_epoch)
        scheduler = self._schedulers[idx]
        if idx > 0 and self._milestones[idx - 1] == self.last_epoch:
            scheduler._update_lr(0)
        else:
            scheduler.step()
        self._last_lr = scheduler.get_last_lr()

    def state_dict(self):
        """The state, with each scheduler's own state_dict under "_schedulers"."""
        return _state_with_schedulers(self)

    def load_state_dict(self, state_dict):
        """Load a state saved by `state_dict()`, into each scheduler too."""
        _load_state_with_schedulers(self, state_dict)


class ChainedScheduler(LRScheduler):
    """Step several schedulers at once, each changing the rate the one before
    left (their effects multiply, e.g. a warm-up and a decay together).

    Args:
        schedulers: the schedulers to step, in order (not ReduceLROnPlateau).
        optimizer: their optimizer (default: the first scheduler's).

    Example:
        >>> opt = minigrad.optim.SGD([nn.Parameter(minigrad.zeros(1))], lr=1.0)
        >>> warmup = ConstantLR(opt, factor=0.5, total_iters=2)
        >>> decay = ExponentialLR(opt, gamma=0.9)
        >>> sched = ChainedScheduler([warmup, decay])
        >>> rates = []
        >>> for _ in range(4):
        ...     opt.step()
        ...     rates.append(round(sched.get_last_lr()[0], 6))
        ...     sched.step()
        >>> rates
        [0.5, 0.45, 0.81, 0.729]
    """

    def __init__(self, schedulers, optimizer=None):
        if len(schedulers) < 1:
            raise ValueError(
                f"{type(self).__name__} expects at least one scheduler to be "
                "chained, but got no scheduler."
            )
        optimizer = optimizer or schedulers[0].optimizer
        _check_schedulers(self, schedulers, optimizer)
        self._schedulers = schedulers
        self.optimizer = optimizer
        self._last_lr = [
            group["lr"] for group in self._schedulers[-1].optimizer.param_groups
        ]

    def step(self):
        """Step every scheduler, in order."""
        for scheduler in self._schedulers:
            scheduler.step()
        self._last_lr = [
            group["lr"] for group in self._schedulers[-1].optimizer.param_groups
        ]

    def state_dict(self):
        """The state, with each scheduler's own state_dict under "_schedulers"."""
        return _state_with_schedulers(self)

    def load_state_dict(self, state_dict):
        """Load a state saved by `state_dict()`, into each scheduler too."""
        _load_state_with_schedulers(self, state_dict)


def _check_schedulers(owner, schedulers, optimizer):
    """PyTorch's checks of the schedulers given to SequentialLR/ChainedScheduler."""
    name = type(owner).__name__
    for i, scheduler in enumerate(schedulers):
        if not hasattr(scheduler, "optimizer"):
            raise TypeError(
                f"{name} at index {i} should have `optimizer` as its attribute."
            )
        if isinstance(scheduler, ReduceLROnPlateau):
            raise ValueError(
                f"{name} does not support `ReduceLROnPlateau` scheduler as it "
                "requires additional kwargs to be specified when calling `step`, "
                f"but got one at index {i} in the given schedulers sequence."
            )
        if optimizer != scheduler.optimizer:
            raise ValueError(
                f"{name} expects all schedulers to belong to the same optimizer, but "
                f"got scheduler {type(scheduler).__name__} at index {i} has "
                f"{scheduler.optimizer}, which is different from "
                f"{type(optimizer).__name__}."
            )


def _state_with_schedulers(owner):
    state = {
        key: value
        for key, value in owner.__dict__.items()
        if key not in ("optimizer", "_schedulers")
    }
    state["_schedulers"] = [s.state_dict() for s in owner._schedulers]
    return state


def _load_state_with_schedulers(owner, state_dict):
    state = dict(state_dict)  # the caller's dict is left as it was
    inner = state.pop("_schedulers")
    owner.__dict__.update(state)
    for scheduler, saved in zip(owner._schedulers, inner):
        scheduler.load_state_dict(saved)


class ReduceLROnPlateau(LRScheduler):
    """Divide the learning rate when a metric has stopped improving.

    Call `scheduler.step(val_loss)` once per epoch. After more than `patience`
    epochs without a new best (better by `threshold`), every group's lr is
    multiplied by `factor` (never below `min_lr`); then `cooldown` epochs
    pass before bad epochs count again.

    Args:
        optimizer: the optimizer.
        mode: "min" (default: the metric should go down, a loss) or "max"
            (it should go up, an accuracy).
        factor: the multiplier, below 1 (default 0.1).
        patience: how many epochs without improvement are tolerated (default 10).
        threshold: how much better counts as better (default 1e-4).
        threshold_mode: "rel" (default): better than best * (1 - threshold)
            ("min"; 1 + threshold for "max"); "abs": best - threshold
            (best + threshold).
        cooldown: epochs to wait after a reduction (default 0).
        min_lr: the lowest lr, one number or one per param group (default 0).
        eps: a reduction smaller than this is skipped (default 1e-8).

    Example:
        >>> opt = minigrad.optim.SGD([nn.Parameter(minigrad.zeros(1))], lr=1.0)
        >>> sched = ReduceLROnPlateau(opt, factor=0.5, patience=1)
        >>> rates = []
        >>> for val_loss in [3.0, 2.0, 2.0, 2.0, 2.0, 1.0]:
        ...     opt.step()
        ...     sched.step(val_loss)
        ...     rates.append(sched.get_last_lr()[0])
        >>> rates
        [1.0, 1.0, 1.0, 0.5, 0.5, 0.5]
    """

    def __init__(
        self,
        optimizer,
        mode="min",
        factor=0.1,
        patience=10,
        threshold=1e-4,
        threshold_mode="rel",
        cooldown=0,
        min_lr=0,
        eps=1e-8,
    ):
        if factor >= 1.0:
            raise ValueError("Factor should be < 1.0.")
        _check_optimizer(optimizer)
        if isinstance(min_lr, (list, tuple)):
            if len(min_lr) != len(optimizer.param_groups):
                raise ValueError(
                    f"expected {len(optimizer.param_groups)} min_lrs, got {len(min_lr)}"
                )
            default_min_lr, min_lrs = None, list(min_lr)
        else:
            default_min_lr, min_lrs = min_lr, [min_lr] * len(optimizer.param_groups)
        _check_modes(mode, threshold_mode)
        self.factor = factor
        self.optimizer = optimizer
        self.default_min_lr = default_min_lr
        self.min_lrs = min_lrs
        self.patience = patience
        self.cooldown = cooldown
        self.eps = eps
        self.last_epoch = 0
        self._last_lr = [group["lr"] for group in optimizer.param_groups]
        self._init_is_better(mode, threshold, threshold_mode)
        self._reset()

    def _reset(self):
        """Forget the best value and the bad epochs counted."""
        self.best = self.mode_worse
        self.cooldown_counter = 0
        self.num_bad_epochs = 0

    def step(self, metrics, epoch=None):
        """Record this epoch's metric (a number or a one-element tensor) and
        reduce the learning rate if it has not improved for too long."""
        current = float(metrics)  # first: a bad metric changes nothing
        if epoch is None:
            epoch = self.last_epoch + 1
        else:
            warnings.warn(EPOCH_DEPRECATION_WARNING, UserWarning, stacklevel=2)
        self.last_epoch = epoch
        if self._is_better(current, self.best):
            self.best = current
            self.num_bad_epochs = 0
        else:
            self.num_bad_epochs += 1
        if self.in_cooldown:
            self.cooldown_counter -= 1
            self.num_bad_epochs = 0  # bad epochs during the cooldown don't count
        if self.num_bad_epochs > self.patience:
            self._reduce_lr()
            self.cooldown_counter = self.cooldown
            self.num_bad_epochs = 0
        self._last_lr = [group["lr"] for group in self.optimizer.param_groups]

    def _reduce_lr(self):
        groups = self.optimizer.param_groups
        if len(groups) != len(self.min_lrs):
            if self.default_min_lr is None:
                raise RuntimeError(
                    f"The number of param groups in the `optimizer` ({len(groups)}) "
                    "differs from when `ReduceLROnPlateau` was initialized "
                    f"({len(self.min_lrs)}), usually due to a new param group being "
                    "added to the optimizer. Please modify the `min_lrs` field to "
                    "match the length of the `optimizer` param groups."
                )
            self.min_lrs = [self.default_min_lr] * len(groups)
        for group, min_lr in zip(groups, self.min_lrs):
            old_lr = float(group["lr"])
            new_lr = max(old_lr * self.factor, min_lr)
            if old_lr - new_lr > self.eps:  # skip a reduction too small to matter
                group["lr"] = new_lr

    @property
    def in_cooldown(self):
        """Whether the epochs after a reduction are still being waited out."""
        return self.cooldown_counter > 0

    def _is_better(self, a, best):
        if self.mode == "min" and self.threshold_mode == "rel":
            return a < best * (1.0 - self.threshold)
        if self.mode == "min" and self.threshold_mode == "abs":
            return a < best - self.threshold
        if self.mode == "max" and self.threshold_mode == "rel":
            return a > best * (self.threshold + 1.0)
        return a > best + self.threshold

    def _init_is_better(self, mode, threshold, threshold_mode):
        _check_modes(mode, threshold_mode)
        # The worst value for the mode: anything beats it at the first step.
        self.mode_worse = math.inf if mode == "min" else -math.inf
        self.mode = mode
        self.threshold = threshold
        self.threshold_mode = threshold_mode

    def load_state_dict(self, state_dict):
        """Load a state saved by `state_dict()`."""
        self.__dict__.update(state_dict)
        self._init_is_better(self.mode, self.threshold, self.threshold_mode)


def _check_modes(mode, threshold_mode):
    if mode not in {"min", "max"}:
        raise ValueError("mode " + str(mode) + " is unknown!")
    if threshold_mode not in {"rel", "abs"}:
        raise ValueError("threshold mode " + str(threshold_mode) + " is unknown!")


class MultiplicativeLR(LRScheduler):
    """Multiply each group's learning rate by `lr_lambda(epoch)` at every epoch.

    `lr(epoch) = lr(epoch - 1) * lr_lambda(epoch)`, from epoch 1 on. Unlike
    LambdaLR, whose factor scales the *initial* lr, this factor scales the
    *current* one: a constant factor of 0.95 is an exponential decay.

    Args:
        optimizer: the optimizer.
        lr_lambda: a function of the epoch (an int) giving a factor, or a list
            of such functions, one per param group.
        last_epoch: index of the last epoch (-1 starts afresh).

    Example:
        >>> opt = minigrad.optim.SGD([nn.Parameter(minigrad.zeros(1))], lr=1.0)
        >>> sched = MultiplicativeLR(opt, lambda epoch: 0.5 if epoch % 2 else 1.0)
        >>> rates = []
        >>> for _ in range(6):
        ...     opt.step()
        ...     rates.append(sched.get_last_lr()[0])
        ...     sched.step()
        >>> rates  # halved at the odd epochs
        [1.0, 0.5, 0.5, 0.25, 0.25, 0.125]
    """

    def __init__(self, optimizer, lr_lambda, last_epoch=-1):
        self.optimizer = optimizer
        self.lr_lambdas = _lr_lambdas(optimizer, lr_lambda)
        for fn in self.lr_lambdas:
            if not callable(fn):
                raise TypeError(
                    f"lr_lambda should be a function, but got {type(fn).__name__}"
                )
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        """The rates for `self.last_epoch`, one per group (called by `step()`)."""
        _warn_get_lr_called_within_step(self)
        groups = self.optimizer.param_groups
        if self._is_initial:  # epoch 0 (or a resumed run's first step): as it is
            return [group["lr"] for group in groups]
        return [
            group["lr"] * lmbda(self.last_epoch)
            for lmbda, group in zip(self.lr_lambdas, groups)
        ]

    def state_dict(self):
        """The scheduler's state; plain functions are saved as None (as PyTorch)."""
        return LambdaLR.state_dict(self)  # the same state, the same way

    def load_state_dict(self, state_dict):
        """Load a state saved by `state_dict()` (keeps this scheduler's lambdas)."""
        LambdaLR.load_state_dict(self, state_dict)


class CyclicLR(LRScheduler):
    """Cycle the learning rate between `base_lr` and `max_lr` (and the
    momentum the other way), up in `step_size_up` steps, down in
    `step_size_down` (Smith, "Cyclical Learning Rates for Training Neural
    Networks").

    Call `step()` after every batch. At step s, in cycle number `cycle`
    (counted from 1, each `step_size_up + step_size_down` steps long), the
    rate is

        lr = base_lr + (max_lr - base_lr) * height(s) * scale

    with `height` going 0 -> 1 over the rise and 1 -> 0 over the fall, and
    `scale` set by `mode`: "triangular" 1; "triangular2" halved each cycle
    (1 / 2 ** (cycle - 1)); "exp_range" `gamma ** s`. Or give your own
    `scale_fn`, of the cycle number (`scale_mode="cycle"`) or of the step
    (`scale_mode="iterations"`); `mode` is then ignored. With
    `cycle_momentum`, `momentum = max_momentum - (max_momentum -
    base_momentum) * height(s) * scale`: high while the rate is low.

    Args:
        optimizer: the optimizer; its lr is set to `base_lr` at once.
        base_lr: the lower rate (or one per param group).
        max_lr: the upper rate (or one per param group); reached at the top
            of a cycle only when the scale is 1.
        step_size_up: steps from base_lr up to max_lr (default 2000).
        step_size_down: steps back down (default: step_size_up).
        mode: "triangular" (default), "triangular2" or "exp_range".
        gamma: the base of the "exp_range" scale (default 1.0).
        scale_fn: your own scale, a function of one number giving a value in
            [0, 1] (default None: the mode's).
        scale_mode: what `scale_fn` is given: "cycle" (default) the cycle
            number, "iterations" the step count.
        cycle_momentum: also cycle the momentum (SGD's `momentum`, Adam's
            beta1), inversely to the rate (default True). The optimizer must
            have one or the other.
        base_momentum: the momentum at the top of the rate (default 0.8).
        max_momentum: the momentum at base_lr (default 0.9).
        last_epoch: index of the last *batch* (-1 starts afresh).

    Example:
        >>> opt = minigrad.optim.SGD([nn.Parameter(minigrad.zeros(1))], lr=0.1,
        ...                          momentum=0.9)
        >>> sched = CyclicLR(
        ...     opt, base_lr=0.25, max_lr=1.0, step_size_up=2, mode="triangular2"
        ... )
        >>> rates, momenta = [], []
        >>> for _ in range(8):
        ...     opt.step()
        ...     rates.append(sched.get_last_lr()[0])
        ...     momenta.append(round(opt.param_groups[0]["momentum"], 4))
        ...     sched.step()
        >>> rates  # the second cycle reaches half as high
        [0.25, 0.625, 1.0, 0.625, 0.25, 0.4375, 0.625, 0.4375]
        >>> momenta
        [0.9, 0.85, 0.8, 0.85, 0.9, 0.875, 0.85, 0.875]
    """

    def __init__(
        self,
        optimizer,
        base_lr,
        max_lr,
        step_size_up=2000,
        step_size_down=None,
        mode="triangular",
        gamma=1.0,
        scale_fn=None,
        scale_mode="cycle",
        cycle_momentum=True,
        base_momentum=0.8,
        max_momentum=0.9,
        last_epoch=-1,
    ):
        # Every argument is checked (in PyTorch's order) before the
        # optimizer's groups are touched.
        _check_optimizer(optimizer)
        base_lrs = _per_group("base_lr", optimizer, base_lr)
        max_lrs = _per_group("max_lr", optimizer, max_lr)
        step_size_up = float(step_size_up)
        step_size_down = (
            float(step_size_down) if step_size_down is not None else step_size_up
        )
        total_size = step_size_up + step_size_down
        step_ratio = step_size_up / total_size  # the fraction of a cycle going up
        if mode not in ["triangular", "triangular2", "exp_range"] and scale_fn is None:
            raise ValueError("mode is invalid and scale_fn is None")
        if cycle_momentum:
            base_momentums, max_momentums = _cycled_momentums(
                optimizer, base_momentum, max_momentum
            )

        self.optimizer = optimizer
        if last_epoch == -1:
            for lr, group in zip(base_lrs, optimizer.param_groups):
                group["lr"] = lr
        self.max_lrs = max_lrs
        self.total_size = total_size
        self.step_ratio = step_ratio
        self.mode = mode
        self.gamma = gamma
        self._scale_fn_custom = scale_fn
        self.scale_mode = scale_mode
        self._init_scale_fn()
        self.cycle_momentum = cycle_momentum
        if cycle_momentum:
            # Adam-like optimizers have no `momentum`: their beta1 plays its part.
            self.use_beta1 = "betas" in optimizer.defaults
            self.base_momentums = base_momentums
            self.max_momentums = max_momentums
            if last_epoch == -1:  # each group starts at its highest momentum
                for top, bottom, group in zip(
                    max_momentums, base_momentums, optimizer.param_groups
                ):
                    _set_momentum(group, top, self.use_beta1)
                    group["max_momentum"] = top
                    group["base_momentum"] = bottom
        super().__init__(optimizer, last_epoch)
        # After the first step, as PyTorch: that step took the groups'
        # `initial_lr` as the base (base_lr itself, unless a scheduler made
        # before this one had set `initial_lr` already).
        self.base_lrs = base_lrs

    def _init_scale_fn(self):
        """Pick the mode's scale (and what it is a function of), unless
        `scale_fn` was given."""
        if self._scale_fn_custom is not None:
            return
        if self.mode == "triangular":
            self._scale_fn_ref = self._triangular_scale_fn
            self.scale_mode = "cycle"
        elif self.mode == "triangular2":
            self._scale_fn_ref = self._triangular2_scale_fn
            self.scale_mode = "cycle"
        elif self.mode == "exp_range":
            self._scale_fn_ref = _ExpRangeScale(self.gamma)
            self.scale_mode = "iterations"

    def scale_fn(self, x):
        """The scale of the cycle's height at `x` (a cycle number or a step,
        as `scale_mode` says): the given `scale_fn`, or the mode's."""
        if self._scale_fn_custom is not None:
            return self._scale_fn_custom(x)
        return self._scale_fn_ref(x)

    @staticmethod
    def _triangular_scale_fn(x):
        return 1.0

    @staticmethod
    def _triangular2_scale_fn(x):
        return 1 / (2.0 ** (x - 1))

    def get_lr(self):
        """The rates for `self.last_epoch` (the batch), one per group (called
        by `step()`); with `cycle_momentum` it also sets the momentum."""
        _warn_get_lr_called_within_step(self)
        cycle = math.floor(1 + self.last_epoch / self.total_size)
        x = 1.0 + self.last_epoch / self.total_size - cycle  # how far into it
        if x <= self.step_ratio:
            height = x / self.step_ratio  # going up
        else:
            height = (x - 1) / (self.step_ratio - 1)  # coming down
        scale = self.scale_fn(cycle if self.scale_mode == "cycle" else self.last_epoch)
        lrs = [
            base_lr + (max_lr - base_lr) * height * scale
            for base_lr, max_lr in zip(self.base_lrs, self.max_lrs)
        ]
        if self.cycle_momentum:
            # As PyTorch, computing the rates also sets the momentum.
            for group, bottom, top in zip(
                self.optimizer.param_groups, self.base_momentums, self.max_momentums
            ):
                momentum = top - (top - bottom) * height * scale
                _set_momentum(group, momentum, self.use_beta1)
        return lrs

    def state_dict(self):
        """The scheduler's state. A `scale_fn` that is a plain function is
        saved as None, a callable object as its attributes (as PyTorch)."""
        state = super().state_dict()
        state.pop("_scale_fn_ref", None)  # the mode's scale: remade on loading
        fn = state.pop("_scale_fn_custom")
        state["_scale_fn_custom"] = None
        if fn is not None and not isinstance(fn, types.FunctionType):
            state["_scale_fn_custom"] = fn.__dict__.copy()
        return state

    def load_state_dict(self, state_dict):
        """Load a state saved by `state_dict()` (keeps this scheduler's scale_fn)."""
        state = dict(state_dict)  # the caller's dict is left as it was
        fn = state.pop("_scale_fn_custom")
        super().load_state_dict(state)
        if fn is not None:
            self._scale_fn_custom.__dict__.update(fn)
        self._init_scale_fn()


class _ExpRangeScale:
    """CyclicLR's "exp_range" scale, `gamma ** x`, with gamma fixed when the
    mode is set up (as PyTorch's `functools.partial`); an object rather than
    a lambda, so that the scheduler can still be pickled."""

    def __init__(self, gamma):
        self.gamma = gamma

    def __call__(self, x):
        return self.gamma**x
