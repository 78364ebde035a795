"""`optim.Adagrad`: each parameter's step shrinks with all the gradient it has seen.

The update, as PyTorch documents it (g the gradient, t the step, from 1):

    g = g + weight_decay * p                      (if weight_decay)
    clr = lr / (1 + (t - 1) * lr_decay)           (the decayed learning rate)
    s = s + g * g                     (s starts at initial_accumulator_value)
    p = p - clr * g / (sqrt(s) + eps)
"""

import numpy as np

import minigrad

from .optimizer import (
    Optimizer,
    changed_in_place,
    check_not_negative,
    count_step,
    state_tensor,
    values,
)


class Adagrad(Optimizer):
    """Adagrad: a per-parameter step size from the sum of squared gradients.

    Args:
        params: parameters (or param groups) to optimize.
        lr: learning rate (default 1e-2).
        lr_decay: learning rate decay per step (default 0).
        weight_decay: L2 penalty added to the gradient (default 0).
        initial_accumulator_value: where the sum of g*g starts (default 0).
        eps: added to the denominator for stability (default 1e-10).
        maximize: go up the gradient instead of down.
        foreach, differentiable, fused: PyTorch's
            implementation switches (see `check_implementation_settings`).

    Example:
        >>> opt = minigrad.optim.Adagrad(model.parameters(), lr=0.1)  # doctest: +SKIP
    """

    def __init__(
        self,
        params,
        lr=1e-2,
        lr_decay=0,
        weight_decay=0,
        initial_accumulator_value=0,
        eps=1e-10,
        foreach=None,
        *,
        maximize=False,
        differentiable=False,
        fused=None,
    ):
        check_not_negative(
            lr=lr,
            lr_decay=lr_decay,
            weight_decay=weight_decay,
            initial_accumulator_value=initial_accumulator_value,
            eps=eps,
        )
        defaults = dict(
            lr=lr,
            lr_decay=lr_decay,
            eps=eps,
            weight_decay=weight_decay,
            initial_accumulator_value=initial_accumulator_value,
            foreach=foreach,
            maximize=maximize,
            differentiable=differentiable,
            fused=fused,
        )
        super().__init__(params, defaults)  # (add_param_group makes the state)

    def _init_state(self, p, group):
        start = group["initial_accumulator_value"]
        self.state[p]["step"] = minigrad.tensor(0.0)
        self.state[p]["sum"] = state_tensor(np.full_like(values(p), start))

    def add_param_group(self, param_group):
        """Add a group of parameters. As in PyTorch, their state exists from
        the start (state_dict shows it): the sums start at the group's
        `initial_accumulator_value`."""
        super().add_param_group(param_group)
        group = self.param_groups[-1]
        for p in group["params"]:
            self._init_state(p, group)

    def _update_group(self, group):
        lr, lr_decay, eps = group["lr"], group["lr_decay"], group["eps"]
        weight_decay = group["weight_decay"]
        for p in group["params"]:
            if p.grad is None:
                continue
            # Plain numpy arithmetic (see optimizer.py): `param` is p's own array.
            param, grad = values(p), values(p.grad)
            if group["maximize"]:
                grad = -grad
            state = self.state[p]
            step = count_step(state)

            if weight_decay != 0:
                grad = grad + weight_decay * param
            clr = lr / (1 + (step - 1) * lr_decay)
            state_sum = values(state["sum"])
            state_sum += grad * grad
            std = np.sqrt(state_sum)
            std += eps
            param -= clr * (grad / std)
            changed_in_place(p)
