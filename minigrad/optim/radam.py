"""`optim.RAdam`: Adam with a "rectified" step while its variance estimate is young.

In its first steps Adam divides by a running mean of g*g made of very few
gradients, so its step size varies wildly. RAdam works out how reliable that
estimate is (rho_t, the length of the simple moving average it amounts to)
and, until rho_t passes 5, takes a plain momentum step instead.

The update, as PyTorch documents it (g the gradient, t the step count, from 1):

    g = g + weight_decay * p                     (L2 weight decay)
    p = p * (1 - lr * weight_decay)              (decoupled decay, instead)
    m = beta1 * m + (1 - beta1) * g              (running mean of g)
    v = beta2 * v + (1 - beta2) * g * g          (running mean of g squared)
    m_hat = m / (1 - beta1 ** t)
    rho_inf = 2 / (1 - beta2) - 1
    rho_t = rho_inf - 2 * t * beta2 ** t / (1 - beta2 ** t)
    if rho_t > 5:
        r = sqrt((rho_t - 4) (rho_t - 2) rho_inf / ((rho_inf - 4) (rho_inf - 2) rho_t))
        p = p - lr * m_hat * r * sqrt(1 - beta2 ** t) / (sqrt(v) + eps)
    else:
        p = p - lr * m_hat
"""

import math

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


class RAdam(Optimizer):
    """RAdam: Adam that takes plain momentum steps until its variance estimate
    can be trusted.

    Args:
        params: parameters (or param groups) to optimize.
        lr: learning rate (default 1e-3).
        betas: decay rates of the running means of g and g*g (default (0.9, 0.999)).
        eps: added to the denominator for stability (default 1e-8).
        weight_decay: weight decay (default 0).
        decoupled_weight_decay: shrink the parameters directly, as AdamW,
            instead of adding the decay to the gradient.
        maximize: go up the gradient instead of down.
        foreach, capturable, differentiable: PyTorch's
            implementation switches (see `check_implementation_settings`).

    Example:
        >>> opt = minigrad.optim.RAdam(model.parameters(), lr=1e-3)  # doctest: +SKIP
    """

    def __init__(
        self,
        params,
        lr=1e-3,
        betas=(0.9, 0.999),
        eps=1e-8,
        weight_decay=0,
        decoupled_weight_decay=False,
        *,
        foreach=None,
        maximize=False,
        capturable=False,
        differentiable=False,
    ):
        check_not_negative(lr=lr, eps=eps)
        check_betas(betas)
        check_not_negative(weight_decay=weight_decay)
        defaults = dict(
            lr=lr,
            betas=tuple(betas),
            eps=eps,
            weight_decay=weight_decay,
            maximize=maximize,
            foreach=foreach,
            capturable=capturable,
            decoupled_weight_decay=decoupled_weight_decay,
            differentiable=differentiable,
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
                state["exp_avg_sq"] = state_tensor(np.zeros_like(param))
            exp_avg, exp_avg_sq = values(state["exp_avg"]), values(state["exp_avg_sq"])
            step = count_step(state)

            if weight_decay != 0:
                if group["decoupled_weight_decay"]:
                    param *= 1 - lr * weight_decay
                else:
                    grad = grad + weight_decay * param

            # m moves (1 - beta1) of the way to g (PyTorch's lerp_).
            exp_avg += (1 - beta1) * (grad - exp_avg)
            exp_avg_sq *= beta2
            exp_avg_sq += (1 - beta2) * grad * grad

            bias_correction1 = 1 - beta1**step
            bias_correction2 = 1 - beta2**step
            bias_corrected_exp_avg = exp_avg / bias_correction1
            # The length of the moving average v amounts to: at most rho_inf,
            # small in the first steps (rho_t <= 5 for the first four or so).
            rho_inf = 2 / (1 - beta2) - 1
            rho_t = rho_inf - 2 * step * (beta2**step) / bias_correction2
            if rho_t > 5.0:
                rect = math.sqrt(
                    (rho_t - 4)
                    * (rho_t - 2)
                    * rho_inf
                    / ((rho_inf - 4) * (rho_inf - 2) * rho_t)
                )
                adaptive_lr = math.sqrt(bias_correction2) / (np.sqrt(exp_avg_sq) + eps)
                param -= bias_corrected_exp_avg * lr * adaptive_lr * rect
            else:
                # The variance estimate is not yet reliable: SGD with momentum.
                param -= bias_corrected_exp_avg * lr
            changed_in_place(p)
