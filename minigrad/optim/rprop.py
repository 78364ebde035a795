"""`optim.Rprop`: resilient backpropagation, steps that follow the gradient's sign.

Rprop ignores how large the gradient is. Each parameter entry keeps its own
step size, which grows while the gradient keeps its sign and shrinks when the
sign flips (a flip means the last step jumped over a minimum). The update, as
PyTorch documents it (g the gradient, g_prev the one remembered last step):

    g_prev * g > 0:  step = min(step * etaplus, step_max)    (same direction)
    g_prev * g < 0:  step = max(step * etaminus, step_min)   (overshot)
                     g = 0                  (no move this time, forget the sign)
    otherwise:       step unchanged                          (a zero gradient)
    p = p - sign(g) * step
    g_prev = g

Every step size starts at `lr`. After a flip the entry stands still for one
step, and its remembered gradient is 0, so the step after it counts as
"unchanged" whatever its sign: Rprop never shrinks the same entry twice in a
row. Rprop is meant for full-batch training: the sign of a mini-batch's
gradient flips by noise alone.
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


class Rprop(Optimizer):
    """Rprop: a step size per entry, grown or shrunk by the gradient's sign.

    Args:
        params: parameters (or param groups) to optimize.
        lr: the step size every entry starts with (default 1e-2).
        etas: (etaminus, etaplus), the factors that shrink a step after the
            gradient's sign flipped and grow it while the sign holds; need
            0 < etaminus < 1 < etaplus (default (0.5, 1.2)).
        step_sizes: (smallest, largest) step size allowed (default (1e-6, 50)).
        maximize: go up the gradient instead of down.
        capturable, foreach, differentiable: PyTorch's
            implementation switches (see `check_implementation_settings`).

    Example:
        >>> p = nn.Parameter(minigrad.tensor([1.0, 1.0]))
        >>> opt = minigrad.optim.Rprop([p], lr=0.1)
        >>> for g in ([1.0, 1.0], [1.0, -1.0], [1.0, 1.0]):
        ...     p.grad = minigrad.tensor(g)
        ...     opt.step()
        >>> # entry 0 kept its sign: steps 0.1, 0.12, 0.144;
        >>> # entry 1 flipped at step 2: stood still there, its step halved to 0.05
        >>> [round(v, 4) for v in p.tolist()]
        [0.636, 0.85]
    """

    def __init__(
        self,
        params,
        lr=1e-2,
        etas=(0.5, 1.2),
        step_sizes=(1e-6, 50),
        *,
        capturable=False,
        foreach=None,
        maximize=False,
        differentiable=False,
    ):
        # Written as PyTorch writes them: `not 0.0 <= lr` also refuses a nan.
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 < etas[0] < 1.0 < etas[1]:
            raise ValueError(f"Invalid eta values: {etas[0]}, {etas[1]}")
        defaults = dict(
            lr=lr,
            etas=etas,
            step_sizes=step_sizes,
            foreach=foreach,
            maximize=maximize,
            differentiable=differentiable,
            capturable=capturable,
        )
        super().__init__(params, defaults)

    def _update_group(self, group):
        etaminus, etaplus = group["etas"]
        step_size_min, step_size_max = group["step_sizes"]
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
                state["prev"] = state_tensor(np.zeros_like(param))
                # The group's lr only sets where the step sizes start: a later
                # change of the lr (a scheduler) does not reach them.
                state["step_size"] = state_tensor(np.full_like(grad, group["lr"]))
            prev, step_size = values(state["prev"]), values(state["step_size"])
            count_step(state)

            # +1 where g kept its sign, -1 where it flipped, 0 where either is 0.
            sign = np.sign(grad * prev)
            flipped = sign < 0
            # The factor for each step size, in the gradient's dtype: PyTorch
            # writes etaplus and etaminus into its `sign` tensor, so in float32
            # the step sizes are multiplied by float32(1.2), not by 1.2.
            factor = sign.copy()
            factor[sign > 0] = etaplus
            factor[flipped] = etaminus
            factor[sign == 0] = 1
            step_size *= factor
            np.clip(step_size, step_size_min, step_size_max, out=step_size)

            # Where the sign flipped: no move now, and nothing to compare with
            # next time (the step size must not shrink again at once).
            grad = grad.copy()
            grad[flipped] = 0
            param -= np.sign(grad) * step_size
            prev[...] = grad
            changed_in_place(p)
