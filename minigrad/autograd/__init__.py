"""minigrad.autograd: computing gradients, as `torch.autograd`.

- `backward(tensors, grad_tensors)` and `grad(outputs, inputs, ...)`: run the
  engine (`engine.py`) over the graph of `Function` nodes (`function.py`).
- `Function`: write your own differentiable operation.
- grad modes (`grad_mode.py`), `gradcheck` (`gradcheck.py`), `functional`
  (jacobian, hessian, vjp, jvp), anomaly detection (`anomaly.py`), and the
  graph API for the widgets (`graph.py`).
"""

import warnings

from ..tensor import Tensor  # (tensor.py imports this package at its end)
from . import functional, graph
from .anomaly import detect_anomaly, set_detect_anomaly
from .engine import BackwardStep, backward_steps, run_backward
from .function import Function, FunctionCtx, edge_of
from .grad_mode import enable_grad, inference_mode, no_grad, set_grad_enabled
from .gradcheck import GradcheckError, GradcheckReport, gradcheck, gradgradcheck

__all__ = [
    "BackwardStep",
    "Function",
    "FunctionCtx",
    "GradcheckError",
    "GradcheckReport",
    "backward",
    "backward_steps",
    "detect_anomaly",
    "enable_grad",
    "functional",
    "grad",
    "gradcheck",
    "gradgradcheck",
    "graph",
    "inference_mode",
    "no_grad",
    "set_detect_anomaly",
    "set_grad_enabled",
    "Variable",
]


def backward(
    tensors, grad_tensors=None, retain_graph=None, create_graph=False, inputs=None
):
    """Accumulate the gradients of `tensors` into the leaves' `.grad`.

    Args:
        tensors: a tensor or a sequence of tensors.
        grad_tensors: one gradient per tensor (None for one-element tensors).
        retain_graph: keep the graph for another backward (default: create_graph).
        create_graph: record the backward pass, for higher derivatives.
        inputs: accumulate only into these tensors.
    """
    run_backward(tensors, grad_tensors, retain_graph, create_graph, inputs)


def grad(
    outputs,
    inputs,
    grad_outputs=None,
    retain_graph=None,
    create_graph=False,
    only_inputs=True,
    allow_unused=None,
    is_grads_batched=False,
    materialize_grads=False,
):
    """The gradients of `outputs` with respect to `inputs`, returned (not accumulated).

    Args:
        outputs: a tensor or a sequence of tensors.
        inputs: a tensor or a sequence of tensors to differentiate with respect to.
        grad_outputs: one gradient per output (None for one-element outputs).
        retain_graph: keep the graph for another pass (default: create_graph).
        create_graph: record the pass, so the result can be differentiated again.
        only_inputs: PyTorch's deprecated flag; only the inputs' gradients
            are computed either way.
        allow_unused: return None (instead of raising) for inputs the outputs
            don't depend on.
        is_grads_batched: the first dimension of each of `grad_outputs` is a
            batch: one backward pass per entry, the results stacked (PyTorch
            vectorizes this; the numbers are the same).
        materialize_grads: return zeros instead of None for unused inputs.

    Returns:
        A tuple with one gradient per input.

    Example:
        >>> x = minigrad.tensor(3.0, requires_grad=True)  # doctest: +SKIP
        >>> (dy,) = minigrad.autograd.grad(x ** 3, x, create_graph=True)
        >>> dy
        tensor(27., grad_fn=<MulBackward0>)
    """
    inputs = (inputs,) if isinstance(inputs, Tensor) else tuple(inputs)
    if not inputs:  # nothing to differentiate with respect to: refuse, as PyTorch
        raise RuntimeError(
            "`inputs` argument to `grad()` cannot be empty. Pass the tensors to "
            "differentiate with respect to, e.g. grad(y, [x])."
        )
    if materialize_grads and allow_unused is False:  # (as PyTorch: refused at once)
        raise ValueError(
            "Expected allow_unused to be True or not passed when materialize_grads="
            "True, but got: allow_unused=False."
        )
    if allow_unused is None:
        allow_unused = materialize_grads
    if is_grads_batched:  # (first reading: skip) one pass per batch entry
        return _batched_grad(
            outputs, inputs, grad_outputs, retain_graph, create_graph, allow_unused
        )
    backward_pass = run_backward(
        outputs, grad_outputs, retain_graph, create_graph, inputs, {}
    )
    result = []
    for i, edge in enumerate(backward_pass.input_edges):
        g = backward_pass.captured.get(edge)
        if g is None:
            if not allow_unused:
                raise RuntimeError(
                    f"The differentiated Tensor at index {i} appears to not have been "
                    "used in the graph. Set allow_unused=True if this is the desired "
                    "behavior."
                )
            if materialize_grads:
                from ..creation import zeros_like

                g = zeros_like(inputs[i])
        result.append(g)
    return tuple(result)


def _batched_grad(outputs, inputs, grad_outputs, retain_graph, create_graph, unused):
    """`grad(..., is_grads_batched=True)`: `grad` once per entry along the
    first dimension of the grad_outputs, each result stacked back."""
    from ..functions import stack

    batched = (grad_outputs,) if isinstance(grad_outputs, Tensor) else grad_outputs
    if batched is None or any(g is None for g in batched):
        raise RuntimeError(
            "is_grads_batched=True needs a gradient for every output, batched "
            "along its first dimension"
        )
    per_entry = [
        grad(
            outputs,
            inputs,
            tuple(g[i] for g in batched),
            retain_graph=True if i < len(batched[0]) - 1 else retain_graph,
            create_graph=create_graph,
            allow_unused=unused,
        )
        for i in range(len(batched[0]))
    ]
    return tuple(
        None if per_entry[0][k] is None else stack([e[k] for e in per_entry])
        for k in range(len(inputs))
    )


def Variable(data, requires_grad=False, volatile=False):  # noqa: N802 (PyTorch's name)
    """PyTorch's pre-0.4 wrapper, kept for old programs: a tensor sharing
    `data`'s memory, detached from its graph, that requires grad if asked.

    Example:
        >>> from minigrad.autograd import Variable
        >>> Variable(minigrad.ones(2), requires_grad=True)
        tensor([1., 1.], requires_grad=True)
    """
    if not isinstance(data, Tensor):
        raise TypeError(
            f"Variable data has to be a tensor, but got {type(data).__name__}"
        )
    if volatile:
        warnings.warn(
            "volatile was removed and now has no effect. Use `with "
            "minigrad.no_grad():` instead.",
            UserWarning,
            stacklevel=2,
        )
    return data.detach().requires_grad_(requires_grad)
