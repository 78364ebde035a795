"""`optim.Adam` and `optim.AdamW`: adaptive moment estimation.

The update, as PyTorch documents it (g the gradient, t the step count):

    g = g + weight_decay * p                     (Adam's L2 weight decay)
    p = p * (1 - lr * weight_decay)              (AdamW's decoupled decay, instead)
    m = beta1 * m + (1 - beta1) * g              (running mean of g)
    v = beta2 * v + (1 - beta2) * g * g          (running mean of g squared)
    m_hat = m / (1 - beta1 ** t)                 (bias corrections: m, v start at 0)
    v_hat = v / (1 - beta2 ** t)
    p = p - lr * m_hat / (sqrt(v_hat) + eps)

With amsgrad, `v_hat` uses the largest `v` seen so far.
"""

import math

import numpy as np

import minigrad

from .optimizer import (
    Optimizer,
    changed_in_place,
    check_betas,
    check_not_negative,
    constant,
    count_step,
    state_tensor,
    values,
)


class Adam(Optimizer):
    """Adam: momentum plus a per-parameter step size from the gradient's scale.

    Args:
        params: parameters (or param groups) to optimize.
        lr: learning rate (default 1e-3).
        betas: decay rates of the running means of g and g*g (default (0.9, 0.999)).
        eps: added to the denominator for stability (default 1e-8).
        weight_decay: L2 penalty added to the gradient (default 0).
        amsgrad: use the largest second moment seen so far.
        decoupled_weight_decay: decay as AdamW does (default False).
        maximize: go up the gradient instead of down.
        foreach, capturable, differentiable, fused: PyTorch's
            implementation switches (see `check_implementation_settings`).

    Example:
        >>> opt = minigrad.optim.Adam(model.parameters(), lr=1e-2)  # doctest: +SKIP
    """

    def __init__(
        self,
        params,
        lr=1e-3,
        betas=(0.9, 0.999),
        eps=1e-8,
        weight_decay=0,
        amsgrad=False,
        *,
        foreach=None,
        maximize=False,
        capturable=False,
        differentiable=False,
        fused=None,
        decoupled_weight_decay=False,
    ):
        check_not_negative(lr=lr, eps=eps)
        check_betas(betas)
        check_not_negative(weight_decay=weight_decay)
        defaults = dict(
            lr=lr,
            betas=tuple(betas),
            eps=eps,
            weight_decay=weight_decay,
            amsgrad=amsgrad,
            maximize=maximize,
            foreach=foreach,
            capturable=capturable,
            differentiable=differentiable,
            fused=fused,
            decoupled_weight_decay=decoupled_weight_decay,
        )
        super().__init__(params, defaults)

    def _update_group(self, group):
        lr, eps, weight_decay = group["lr"], group["eps"], group["weight_decay"]
        beta1, beta2 = group["betas"]
        maximize, amsgrad = group["maximize"], group["amsgrad"]
        decoupled = group["decoupled_weight_decay"]
        numbers = numbers_for = None  # this step's numbers, and for what
        for p in group["params"]:
            if p._grad is None:  # (`.grad` without the property: p is a leaf)
                continue
            # Plain numpy arithmetic (see optimizer.py): `param` is p's own array.
            param, grad = values(p), values(p._grad)
            if maximize:
                grad = -grad
            state = self.state[p]
            if not state:
                state["step"] = minigrad.tensor(0.0)
                state["exp_avg"] = state_tensor(np.zeros_like(param))
                state["exp_avg_sq"] = state_tensor(np.zeros_like(param))
                if amsgrad:
                    state["max_exp_avg_sq"] = state_tensor(np.zeros_like(param))
            exp_avg, exp_avg_sq = values(state["exp_avg"]), values(state["exp_avg_sq"])
            step = count_step(state)

            if weight_decay != 0:
                if decoupled:
                    param *= 1 - lr * weight_decay
                else:
                    grad = grad + weight_decay * param

            # The numbers of this step as 0-d arrays of p's dtype (`constant`):
            # the same for all parameters of one dtype and step count, made once.
            if numbers_for != (param.dtype, step):
                numbers_for = (param.dtype, step)
                numbers = [
                    constant(number, param)
                    for number in _step_numbers(lr, beta1, beta2, eps, step)
                ]
            one_minus_beta1, beta2_, one_minus_beta2, eps_ = numbers[:4]
            step_size, bias_correction2_sqrt = numbers[4:]

            # m moves (1 - beta1) of the way to g (PyTorch's lerp_); v likewise to g*g.
            exp_avg += one_minus_beta1 * (grad - exp_avg)
            exp_avg_sq *= beta2_
            exp_avg_sq += one_minus_beta2 * grad * grad
            second = exp_avg_sq
            if amsgrad:
                second = values(state["max_exp_avg_sq"])
                np.maximum(second, exp_avg_sq, out=second)

            denom = np.sqrt(second)
            denom /= bias_correction2_sqrt
            denom += eps_
            param -= step_size * (exp_avg / denom)
            changed_in_place(p)


def _step_numbers(lr, beta1, beta2, eps, step):
    """The numbers of Adam's update at step `step` (1, 2, ...): 1 - beta1,
    beta2, 1 - beta2, eps, and the bias corrections, folded as PyTorch folds
    them (step_size = lr / (1 - beta1**step), sqrt(1 - beta2**step))."""
    step_size = lr / (1 - beta1**step)
    bias_correction2_sqrt = math.sqrt(1 - beta2**step)
    return 1 - beta1, beta2, 1 - beta2, eps, step_size, bias_correction2_sqrt


class AdamW(Adam):
    """Adam with decoupled weight decay: `p *= 1 - lr * weight_decay` each step.

    Same arguments as `Adam`, but `weight_decay` defaults to 0.01 and shrinks
    the parameters directly instead of being added to the gradient.
    """

    def __init__(
        self,
        params,
        lr=1e-3,
        betas=(0.9, 0.999),
        eps=1e-8,
        weight_decay=1e-2,
        amsgrad=False,
        *,
        maximize=False,
        foreach=None,
        capturable=False,
        differentiable=False,
        fused=None,
    ):
        super().__init__(
            params,
            lr,
            betas,
            eps,
            weight_decay,
            amsgrad,
            foreach=foreach,
            maximize=maximize,
            capturable=capturable,
            differentiable=differentiable,
            fused=fused,
            decoupled_weight_decay=True,
        )
