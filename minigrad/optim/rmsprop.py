"""`optim.RMSprop`: divide each step by a running root-mean-square of the gradient.

The update, as PyTorch documents it (g the gradient):

    g = g + weight_decay * p                      (if weight_decay)
    v = alpha * v + (1 - alpha) * g * g           (running mean of g squared)
    m = alpha * m + (1 - alpha) * g               (if centered: running mean of g)
    avg = sqrt(v - m * m) if centered else sqrt(v)
    avg = avg + eps
    b = momentum * b + g / avg;  p = p - lr * b   (if momentum)
    p = p - lr * g / avg                          (otherwise)
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


class RMSprop(Optimizer):
    """RMSprop: a per-parameter step size from the gradient's recent scale.

    Args:
        params: parameters (or param groups) to optimize.
        lr: learning rate (default 1e-2).
        alpha: decay rate of the running mean of g*g (default 0.99).
        eps: added to the denominator for stability (default 1e-8).
        weight_decay: L2 penalty added to the gradient (default 0).
        momentum: momentum factor (default 0).
        centered: divide by the estimated variance of g instead of its mean square.
        maximize: go up the gradient instead of down.
        capturable, foreach, differentiable: PyTorch's
            implementation switches (see `check_implementation_settings`).

    Example:
        >>> opt = minigrad.optim.RMSprop(model.parameters(), lr=1e-3)  # doctest: +SKIP
    """

    def __init__(
        self,
        params,
        lr=1e-2,
        alpha=0.99,
        eps=1e-8,
        weight_decay=0,
        momentum=0,
        centered=False,
        capturable=False,
        foreach=None,
        maximize=False,
        differentiable=False,
    ):
        check_not_negative(
            lr=lr, eps=eps, momentum=momentum, weight_decay=weight_decay, alpha=alpha
        )
        defaults = dict(
            lr=lr,
            momentum=momentum,
            alpha=alpha,
            eps=eps,
            centered=centered,
            weight_decay=weight_decay,
            capturable=capturable,
            foreach=foreach,
            maximize=maximize,
            differentiable=differentiable,
        )
        super().__init__(params, defaults)

    def _update_group(self, group):
        lr, alpha, eps = group["lr"], group["alpha"], group["eps"]
        momentum, weight_decay = group["momentum"], group["weight_decay"]
        for p in group["params"]:
            if p.grad is None:
                continue
            # Plain numpy arithmetic (see optimizer.py): `param` is p's own array.
            param, grad = values(p), values(p.grad)
            if group["maximize"]:
                grad = -grad
            state = self.state[p]
            if not state:
                state["step"] = minigrad.tensor(0.0)
                state["square_avg"] = state_tensor(np.zeros_like(param))
                if momentum > 0:
                    state["momentum_buffer"] = state_tensor(np.zeros_like(param))
                if group["centered"]:
                    state["grad_avg"] = state_tensor(np.zeros_like(param))
            count_step(state)

            if weight_decay != 0:
                grad = grad + weight_decay * param
            square_avg = values(state["square_avg"])
            square_avg *= alpha
            square_avg += (1 - alpha) * grad * grad
            if group["centered"]:
                # The mean moves (1 - alpha) of the way to g (PyTorch's lerp_).
                grad_avg = values(state["grad_avg"])
                grad_avg += (1 - alpha) * (grad - grad_avg)
                avg = np.sqrt(square_avg - grad_avg * grad_avg)
            else:
                avg = np.sqrt(square_avg)
            avg += eps
            if momentum > 0:
                buf = values(state["momentum_buffer"])
                buf *= momentum
                buf += grad / avg
                param -= lr * buf
            else:
                param -= lr * (grad / avg)
            changed_in_place(p)
