"""`optim.lr_scheduler`: change the learning rate as training goes on.

Call `scheduler.step()` once per epoch, after `optimizer.step()`:

    scheduler = StepLR(optimizer, step_size=30, gamma=0.1)
    for epoch in range(100):
        train_one_epoch()
        scheduler.step()
"""

import math
import types
import warnings
from bisect import bisect_right
from collections import Counter

from .optimizer import Optimizer


class LRScheduler:
    """Base class: sets each param group's `lr` from `get_lr()` at every `step()`.

    Args:
        optimizer: the optimizer whose learning rates to change.
        last_epoch: index of the last epoch (-1 starts afresh).
    """

    def __init__(self, optimizer, last_epoch=-1):
        if not isinstance(optimizer, Optimizer):
            raise TypeError(
                f"{type(optimizer).__name__} is not an Optimizer: a scheduler "
                "needs the optimizer whose learning rate it changes, e.g. "
                "StepLR(minigrad.optim.SGD(model.parameters(), lr=0.1), step_size=10)"
            )
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
        self._step_count = 0
        # The first step sets epoch 0's learning rates; `_is_initial` tells the
        # recursive formulas (CosineAnnealingLR) to keep the optimizer's lr.
        self._is_initial = True
        self.step()
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
        self._step_count += 1
        if epoch is None:
            self.last_epoch += 1
            values = self.get_lr()
        else:
            self.last_epoch = epoch
            values = self._closed_form_lr()
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
        if not isinstance(lr_lambda, (list, tuple)):
            self.lr_lambdas = [lr_lambda] * len(optimizer.param_groups)
        else:
            if len(lr_lambda) != len(optimizer.param_groups):
                raise ValueError(
                    f"Expected {len(optimizer.param_groups)} lr_lambdas, but got "
                    f"{len(lr_lambda)}"
                )
            self.lr_lambdas = list(lr_lambda)
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
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
