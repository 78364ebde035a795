"""`optim.NAdam`: Adam with Nesterov momentum.

The update, as PyTorch documents it (g the gradient, t the step count, from 1):

    g = g + weight_decay * p                     (L2 weight decay)
    p = p * (1 - lr * weight_decay)              (decoupled decay, instead)
    mu_t = beta1 * (1 - 0.5 * 0.96 ** (t * momentum_decay))
    mu_next = beta1 * (1 - 0.5 * 0.96 ** ((t + 1) * momentum_decay))
    mu_product = mu_1 * mu_2 * ... * mu_t        (kept in the state)
    m = beta1 * m + (1 - beta1) * g              (running mean of g)
    v = beta2 * v + (1 - beta2) * g * g          (running mean of g squared)
    denom = sqrt(v / (1 - beta2 ** t)) + eps
    p = p - lr * (1 - mu_t) / (1 - mu_product) * g / denom
          - lr * mu_next / (1 - mu_product * mu_next) * m / denom

The last line is the Nesterov "look ahead": part of the step follows this
gradient directly, part follows the momentum as it will be next step.
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


class NAdam(Optimizer):
    """NAdam: Adam whose momentum looks one step ahead (Nesterov momentum).

    Args:
        params: parameters (or param groups) to optimize.
        lr: learning rate (default 2e-3).
        betas: decay rates of the running means of g and g*g (default (0.9, 0.999)).
        eps: added to the denominator for stability (default 1e-8).
        weight_decay: weight decay (default 0).
        momentum_decay: how fast the momentum factor mu_t grows (default 4e-3).
        decoupled_weight_decay: shrink the parameters directly, as AdamW
            (NAdamW), instead of adding the decay to the gradient.
        maximize: go up the gradient instead of down.
        foreach, capturable, differentiable: PyTorch's
            implementation switches (see `check_implementation_settings`).

    Example:
        >>> opt = minigrad.optim.NAdam(model.parameters(), lr=2e-3)  # doctest: +SKIP
    """

    def __init__(
        self,
        params,
        lr=2e-3,
        betas=(0.9, 0.999),
        eps=1e-8,
        weight_decay=0,
        momentum_decay=4e-3,
        decoupled_weight_decay=False,
        *,
        foreach=None,
        maximize=False,
        capturable=False,
        differentiable=False,
    ):
        check_not_negative(lr=lr, eps=eps)
        check_betas(betas)
        check_not_negative(weight_decay=weight_decay, momentum_decay=momentum_decay)
        defaults = dict(
            lr=lr,
            betas=tuple(betas),
            eps=eps,
            weight_decay=weight_decay,
            momentum_decay=momentum_decay,
            decoupled_weight_decay=decoupled_weight_decay,
            maximize=maximize,
            foreach=foreach,
            capturable=capturable,
            differentiable=differentiable,
        )
        super().__init__(params, defaults)

    def _update_group(self, group):
        lr, eps, weight_decay = group["lr"], group["eps"], group["weight_decay"]
        beta1, beta2 = group["betas"]
        momentum_decay = group["momentum_decay"]
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
                # A float32 0-d tensor, as PyTorch keeps it: the product is
                # rounded to float32 at each step, and so are PyTorch's numbers.
                state["mu_product"] = minigrad.tensor(1.0)
                state["exp_avg"] = state_tensor(np.zeros_like(param))
                state["exp_avg_sq"] = state_tensor(np.zeros_like(param))
            exp_avg, exp_avg_sq = values(state["exp_avg"]), values(state["exp_avg_sq"])
            step = count_step(state)

            if weight_decay != 0:
                if group["decoupled_weight_decay"]:
                    param *= 1 - lr * weight_decay
                else:
                    grad = grad + weight_decay * param

            # The momentum factors of this step and the next one.
            mu = beta1 * (1.0 - 0.5 * 0.96 ** (step * momentum_decay))
            mu_next = beta1 * (1.0 - 0.5 * 0.96 ** ((step + 1) * momentum_decay))
            mu_product_array = values(state["mu_product"])
            mu_product_array *= np.asarray(mu, mu_product_array.dtype)
            mu_product = float(mu_product_array)
            mu_product_next = mu_product * mu_next

            # m moves (1 - beta1) of the way to g (PyTorch's lerp_).
            exp_avg += (1 - beta1) * (grad - exp_avg)
            exp_avg_sq *= beta2
            exp_avg_sq += (1 - beta2) * grad * grad
            denom = np.sqrt(exp_avg_sq / (1 - beta2**step))
            denom += eps
            param += (-lr * (1.0 - mu) / (1.0 - mu_product)) * (grad / denom)
            param += (-lr * mu_next / (1.0 - mu_product_next)) * (exp_avg / denom)
            changed_in_place(p)
