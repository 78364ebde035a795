"""`optim.SGD`: stochastic gradient descent, with momentum and weight decay.

The update, exactly as PyTorch documents it (g is the gradient, t the step):

    g = g + weight_decay * p                        (if weight_decay)
    b = g                                           (first step)
    b = momentum * b + (1 - dampening) * g          (later steps)
    g = g + momentum * b  if nesterov  else  b      (if momentum)
    p = p - lr * g
"""

from .optimizer import (
    Optimizer,
    changed_in_place,
    check_not_negative,
    constant,
    state_tensor,
    values,
)


class SGD(Optimizer):
    """Stochastic gradient descent (optionally with momentum).

    Args:
        params: parameters (or param groups) to optimize.
        lr: learning rate (default 1e-3).
        momentum: momentum factor (default 0).
        dampening: dampening of the momentum (default 0).
        weight_decay: L2 penalty added to the gradient (default 0).
        nesterov: use Nesterov momentum (needs momentum > 0 and dampening 0).
        maximize: go up the gradient instead of down.
        foreach, differentiable, fused: PyTorch's implementation switches,
            kept in the defaults (see `check_implementation_settings`).

    Example:
        >>> model = nn.Linear(2, 1)
        >>> opt = minigrad.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
        >>> loss = ((model(minigrad.ones(4, 2)) - 1.0) ** 2).mean()
        >>> opt.zero_grad()
        >>> loss.backward()
        >>> opt.step()
    """

    def __init__(
        self,
        params,
        lr=1e-3,
        momentum=0,
        dampening=0,
        weight_decay=0,
        nesterov=False,
        *,
        maximize=False,
        foreach=None,
        differentiable=False,
        fused=None,
    ):
        check_not_negative(lr=lr, momentum=momentum, weight_decay=weight_decay)
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        defaults = dict(
            lr=lr,
            momentum=momentum,
            dampening=dampening,
            weight_decay=weight_decay,
            nesterov=nesterov,
            maximize=maximize,
            foreach=foreach,
            differentiable=differentiable,
            fused=fused,
        )
        super().__init__(params, defaults)

    def _update_group(self, group):
        lr, momentum = group["lr"], group["momentum"]
        dampening, weight_decay = group["dampening"], group["weight_decay"]
        maximize, nesterov = group["maximize"], group["nesterov"]
        rate = None  # lr as a 0-d array of the parameters' dtype (`constant`)
        for p in group["params"]:
            if p._grad is None:  # (`.grad` without the property: p is a leaf)
                continue
            # Plain numpy arithmetic (see optimizer.py): `param` is p's own array.
            param, grad = values(p), values(p._grad)
            if rate is None or rate.dtype != param.dtype:
                rate = constant(lr, param)
            if maximize:
                grad = -grad
            if weight_decay != 0:
                grad = grad + weight_decay * param
            if momentum != 0:
                state = self.state[p]
                if state.get("momentum_buffer") is None:
                    buf = grad.copy()
                    state["momentum_buffer"] = state_tensor(buf)
                else:
                    buf = values(state["momentum_buffer"])
                    buf *= momentum
                    buf += (1 - dampening) * grad
                grad = grad + momentum * buf if nesterov else buf
            param -= rate * grad
            changed_in_place(p)
