"""`optim.Adadelta`: steps in the units of the parameter, without a learning rate
to tune (lr only scales the result, 1.0 by default).

The update, as PyTorch documents it (g the gradient):

    g = g + weight_decay * p                      (if weight_decay)
    v = rho * v + (1 - rho) * g * g               (running mean of g squared)
    delta = sqrt(u + eps) / sqrt(v + eps) * g     (u: running mean of delta^2)
    u = rho * u + (1 - rho) * delta * delta
    p = p - lr * delta

The ratio sqrt(u) / sqrt(v) has the units of p / g, so `delta` has the
units of p, whatever the scale of the loss.
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


class Adadelta(Optimizer):
    """Adadelta: a step size from running means of g*g and of past steps squared.

    Args:
        params: parameters (or param groups) to optimize.
        lr: scales each step (default 1.0).
        rho: decay rate of the running means (default 0.9).
        eps: added inside both square roots (default 1e-6).
        weight_decay: L2 penalty added to the gradient (default 0).
        maximize: go up the gradient instead of down.
        foreach, capturable, differentiable: PyTorch's
            implementation switches (see `check_implementation_settings`).

    Example:
        >>> opt = minigrad.optim.Adadelta(model.parameters())  # doctest: +SKIP
    """

    def __init__(
        self,
        params,
        lr=1.0,
        rho=0.9,
        eps=1e-6,
        weight_decay=0,
        foreach=None,
        *,
        capturable=False,
        maximize=False,
        differentiable=False,
    ):
        check_not_negative(lr=lr)
        if not 0.0 <= rho <= 1.0:
            raise ValueError(f"Invalid rho value: {rho}")
        check_not_negative(eps=eps, weight_decay=weight_decay)
        defaults = dict(
            lr=lr,
            rho=rho,
            eps=eps,
            weight_decay=weight_decay,
            maximize=maximize,
            capturable=capturable,
            foreach=foreach,
            differentiable=differentiable,
        )
        super().__init__(params, defaults)

    def _update_group(self, group):
        lr, rho, eps = group["lr"], group["rho"], group["eps"]
        weight_decay = group["weight_decay"]
        for p in group["params"]:
            if p._grad is None:  # (`.grad` without the property: p is a leaf)
                continue
            # Plain numpy arithmetic (see optimizer.py): `param` is p's own array.
            param, grad = values(p), values(p._grad)
            if group["maximize"]:
                grad = -grad
            state = self.state[p]
            if not state:
                state["step"] = minigrad.tensor(0.0)
                state["square_avg"] = state_tensor(np.zeros_like(param))
                state["acc_delta"] = state_tensor(np.zeros_like(param))
            square_avg, acc_delta = (
                values(state["square_avg"]),
                values(state["acc_delta"]),
            )
            count_step(state)

            if weight_decay != 0:
                grad = grad + weight_decay * param
            square_avg *= rho
            square_avg += (1 - rho) * grad * grad
            std = np.sqrt(square_avg + eps)
            # u lags one step behind: this step is sized by the past steps.
            delta = np.sqrt(acc_delta + eps)
            delta /= std
            delta *= grad
            acc_delta *= rho
            acc_delta += (1 - rho) * delta * delta
            param -= lr * delta
            changed_in_place(p)
