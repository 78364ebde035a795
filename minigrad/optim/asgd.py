"""`optim.ASGD`: averaged stochastic gradient descent.

Plain SGD with a step size `eta` that decays slowly, plus a running average
`ax` of the parameters themselves. Late in training SGD's iterates bounce
around the minimum; their average sits closer to it (Polyak-Ruppert
averaging). The optimizer keeps updating `p`; `ax` is there for you to read
(e.g. copy it into the model for evaluation). The update, as PyTorch
documents and writes it (g the gradient, t the step count, from 1):

    g = g + weight_decay * p                     (if weight_decay)
    p = p * (1 - lambd * eta)                    (a decay towards 0)
    p = p - eta * g
    ax = ax + mu * (p - ax)     (ax = p while mu is 1)
    eta = lr / (1 + lambd * lr * t) ** alpha     (the step size for step t + 1)
    mu = 1 / max(1, t - t0)                      (the averaging weight for t + 1)

`eta` starts at `lr` and `mu` at 1. `mu` stays 1 through step t0 + 2
(an integer t0), so up to then `ax` is just a copy of `p`; after any later
step t, `ax` is the mean of the iterates of steps t0 + 2, ..., t (mu = 1/2,
1/3, ... makes the running mean). The default t0 = 1e6 means "no averaging
within a million steps". PyTorch keeps
`eta` and `mu` as 0-d float32 tensors; so does minigrad (they are rounded to
float32 at each step, and the digits match PyTorch's).
"""

import numpy as np

import minigrad

from .optimizer import (
    Optimizer,
    changed_in_place,
    count_step,
    state_tensor,
    values,
)


class ASGD(Optimizer):
    """ASGD: SGD with a decaying step size and a running average of the iterates.

    Args:
        params: parameters (or param groups) to optimize.
        lr: learning rate, the first step size (default 1e-2).
        lambd: decay term: shrinks p by (1 - lambd * eta) each step, and
            sets how fast eta decays (default 1e-4).
        alpha: power of the decay of eta (default 0.75).
        t0: the averaging starts a little after step t0: `ax` is the mean of
            the iterates of steps t0 + 2 on (default 1e6).
        weight_decay: L2 penalty added to the gradient (default 0).
        maximize: go up the gradient instead of down.
        foreach, differentiable, capturable: PyTorch's
            implementation switches (see `check_implementation_settings`).

    State, per parameter: `step`, `eta` (this step's size), `mu` (the
    averaging weight) and `ax` (the mean of the iterates since step t0 + 2).

    Example:
        >>> p = nn.Parameter(minigrad.tensor([1.0]))
        >>> opt = minigrad.optim.ASGD([p], lr=0.5, lambd=0.0, t0=2)
        >>> for _ in range(5):
        ...     p.grad = p.detach() * 1.0  # the gradient of p * p / 2
        ...     opt.step()
        >>> # p halves each step; ax is the mean of p after steps 4 and 5
        >>> p.item(), opt.state[p]["ax"].item()
        (0.03125, 0.046875)
    """

    def __init__(
        self,
        params,
        lr=1e-2,
        lambd=1e-4,
        alpha=0.75,
        t0=1e6,
        weight_decay=0,
        foreach=None,
        maximize=False,
        differentiable=False,
        capturable=False,
    ):
        # Written as PyTorch writes them: `not 0.0 <= lr` also refuses a nan.
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        defaults = dict(
            lr=lr,
            lambd=lambd,
            alpha=alpha,
            t0=t0,
            weight_decay=weight_decay,
            foreach=foreach,
            maximize=maximize,
            differentiable=differentiable,
            capturable=capturable,
        )
        super().__init__(params, defaults)

    def _update_group(self, group):
        lr, lambd, alpha = group["lr"], group["lambd"], group["alpha"]
        t0, weight_decay = group["t0"], group["weight_decay"]
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
                # 0-d float32 tensors (float64 if that is the default dtype),
                # as PyTorch keeps them.
                state["eta"] = minigrad.tensor(float(lr))
                state["mu"] = minigrad.tensor(1.0)
                state["ax"] = state_tensor(np.zeros_like(param))
            ax = values(state["ax"])
            step = count_step(state)

            if weight_decay != 0:
                grad = grad + weight_decay * param
            eta = state["eta"].item()  # this step's size, set by the last step
            param *= 1 - lambd * eta
            changed_in_place(p)  # two in-place changes a step, as PyTorch's
            param -= eta * grad  # mul_ and add_
            changed_in_place(p)

            mu = state["mu"].item()
            if mu != 1:
                ax += (param - ax) * mu
            else:  # up to step t0 + 2: the "average" is the last iterate
                ax[...] = param

            # The numbers for the next step. `lr` is the group's lr now: a
            # scheduler that changes it changes eta from the next step on.
            next_eta = lr / ((1 + lambd * lr * step) ** alpha)
            next_mu = 1 / max(1, step - t0)
            # PyTorch makes each a tensor of the default dtype before copying
            # it in, so it is rounded to float32 even where eta and mu are
            # float64 (load_state_dict gives them a float64 parameter's dtype).
            values(state["eta"])[...] = values(minigrad.tensor(next_eta))
            values(state["mu"])[...] = values(minigrad.tensor(next_mu))
