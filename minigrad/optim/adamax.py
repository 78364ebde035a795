"""`optim.Adamax`: Adam with the infinity norm in place of the root mean square.

The update, as PyTorch documents it (g the gradient, t the step count, from 1):

    g = g + weight_decay * p                     (if weight_decay)
    m = beta1 * m + (1 - beta1) * g              (running mean of g)
    u = max(beta2 * u, |g| + eps)                (decaying maximum of |g|)
    p = p - lr / (1 - beta1 ** t) * m / u

`u` needs no bias correction: a maximum does not start out too small as a
mean of zeros does.
"""

import numpy as np

import minigrad

from .optimizer import (
    Optimizer,
    changed_in_place,
    check_betas,
    check_not_negative,
    count_step,
    state_tensor,
    values,
)


class Adamax(Optimizer):
    """Adamax: Adam dividing by a decaying maximum of |g| instead of sqrt(v).

    Args:
        params: parameters (or param groups) to optimize.
        lr: learning rate (default 2e-3).
        betas: decay rates of the running mean of g and of the maximum of |g|
            (default (0.9, 0.999)).
        eps: added to |g| for stability (default 1e-8).
        weight_decay: L2 penalty added to the gradient (default 0).
        maximize: go up the gradient instead of down.
        foreach, differentiable, capturable: PyTorch's
            implementation switches (see `check_implementation_settings`).

    Example:
        >>> opt = minigrad.optim.Adamax(model.parameters(), lr=2e-3)  # doctest: +SKIP
    """

    def __init__(
        self,
        params,
        lr=2e-3,
        betas=(0.9, 0.999),
        eps=1e-8,
        weight_decay=0,
        foreach=None,
        *,
        maximize=False,
        differentiable=False,
        capturable=False,
    ):
        check_not_negative(lr=lr, eps=eps)
        check_betas(betas)
        check_not_negative(weight_decay=weight_decay)
        defaults = dict(
            lr=lr,
            betas=tuple(betas),
            eps=eps,
            weight_decay=weight_decay,
            foreach=foreach,
            maximize=maximize,
            differentiable=differentiable,
            capturable=capturable,
        )
        super().__init__(params, defaults)

    def _update_group(self, group):
        lr, eps, weight_decay = group["lr"], group["eps"], group["weight_decay"]
        beta1, beta2 = group["betas"]
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
                state["exp_avg"] = state_tensor(np.zeros_like(param))
                state["exp_inf"] = state_tensor(np.zeros_like(param))
            exp_avg, exp_inf = values(state["exp_avg"]), values(state["exp_inf"])
            step = count_step(state)

            if weight_decay != 0:
                grad = grad + weight_decay * param
            # m moves (1 - beta1) of the way to g (PyTorch's lerp_).
            exp_avg += (1 - beta1) * (grad - exp_avg)
            exp_inf *= beta2
            np.maximum(exp_inf, np.abs(grad) + eps, out=exp_inf)
            clr = lr / (1 - beta1**step)  # only m needs the bias correction
            param -= clr * (exp_avg / exp_inf)
            changed_in_place(p)
