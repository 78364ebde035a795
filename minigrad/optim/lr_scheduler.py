"""`optim.lr_scheduler`: change the learning rate as training goes on.

Call `scheduler.step()` once per epoch, after `optimizer.step()`:

    scheduler = StepLR(optimizer, step_size=30, gamma=0.1)
    for epoch in range(100):
        train_one_epoch()
        scheduler.step()
"""

import warnings


class LRScheduler:
    """Base class: sets each param group's `lr` from `get_lr()` at every `step()`.

    Args:
        optimizer: the optimizer whose learning rates to change.
        last_epoch: index of the last epoch (-1 starts afresh).
    """

    def __init__(self, optimizer, last_epoch=-1):
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
        self.step()  # the first step sets epoch 0's learning rates

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
