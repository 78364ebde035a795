"""The engine: the only code that runs backward.

Given output tensors and the gradients flowing into them, it runs every node
of the graph once, after all the nodes that consume its result have sent
their gradient (dependency counting, no recursion: a 100,000-node chain is
fine). Among the ready nodes the most recently created runs first, as in
PyTorch.

It is written as a generator of `BackwardStep`s: `Tensor.backward` and
`autograd.grad` run it to the end, the BackwardStepper widget pulls it one step
at a time. One code path, so what a student steps through is what
`backward()` does.
"""

import heapq
from dataclasses import dataclass, field

import numpy as np

from . import anomaly, grad_mode
from .function import AccumulateGrad, edge_of
from .graph import notify

# The Tensor class. tensor.py imports this module, so this module can't import
# tensor.py; tensor.py hands its class over when it loads (see its last lines).
Tensor = None


# (slots=True: a step is made for every node of every backward pass, so it is
# kept as small and quick to make as a plain tuple)
@dataclass(slots=True)
class BackwardStep:
    """What happened at one step of a backward pass.

    Attributes:
        index: the step number, from 0.
        node: the node that ran (an AccumulateGrad node is a step too).
        grads_in: the gradient arriving for each output of the node.
        grads_out: the gradient sent along each `next_functions` entry (None
            where no gradient goes).
        accumulated: `(leaf, leaf.grad)` pairs for the leaves whose `.grad`
            this step changed.
        fan_in: True when the incoming gradient is a sum of several
            contributions (the node's output was used more than once: `+=`).
        formula: the node's local derivative as text.
    """

    index: int
    node: object
    grads_in: tuple
    grads_out: tuple
    accumulated: list = field(default_factory=list)
    fan_in: bool = False
    formula: str = ""


def _as_tuple(tensors):

    if tensors is None:
        return None
    if isinstance(tensors, Tensor):
        return (tensors,)
    return tuple(tensors)


def _root_gradients(outputs, grad_outputs):
    """Check the outputs and the gradients given for them; make the implicit ones."""

    if grad_outputs is None:
        grad_outputs = (None,) * len(outputs)
    if len(grad_outputs) != len(outputs):
        raise RuntimeError(
            f"got {len(grad_outputs)} gradients for {len(outputs)} outputs; "
            "give one gradient (or None) per output"
        )
    grads = []
    for i, (out, g) in enumerate(zip(outputs, grad_outputs)):
        if not isinstance(out, Tensor):
            raise TypeError(f"element {i} of tensors is not a Tensor")
        if not out.requires_grad:
            raise RuntimeError(
                f"element {i} of tensors does not require grad and does not have "
                "a grad_fn. Hint: create the inputs with requires_grad=True (or "
                "call .requires_grad_()), and don't compute the output under no_grad()."
            )
        if g is None:
            if out._data.size != 1:
                raise RuntimeError(
                    "grad can be implicitly created only for scalar outputs. "
                    f"This output has shape {out.shape}: pass gradient=... (a tensor "
                    "of the same shape, e.g. minigrad.ones_like(y)), or reduce it "
                    "first (y.sum().backward())."
                )
            # (np.ones_like costs more than the whole backward of a small graph)
            g = Tensor._make(np.array(1, out._data.dtype).reshape(out._data.shape))
        else:
            if not isinstance(g, Tensor):
                g = Tensor._make(np.asarray(g, dtype=out.dtype.numpy))
            if g.shape != out.shape:
                raise RuntimeError(
                    f"Mismatch in shape: grad_output[{i}] has a shape of {g.shape} "
                    f"and output[{i}] has a shape of {out.shape}."
                )
            if g.dtype is not out.dtype:
                g = g.to(out.dtype)
        grads.append(g)
    return grads


def backward_steps(
    tensors,
    grad_tensors=None,
    retain_graph=None,
    create_graph=False,
    inputs=None,
    _captured=None,
):
    """Start a backward pass and return it as an iterator of `BackwardStep`s.

    Arguments are checked now (so mistakes raise at once); the nodes run as
    the iterator is advanced. Exhausting it leaves every leaf's `.grad` exactly
    as `tensors.backward(grad_tensors)` would.

    Args:
        tensors: an output tensor or a sequence of them.
        grad_tensors: the gradient for each output (None for a scalar output).
        retain_graph: keep saved tensors for another backward (default:
            create_graph).
        create_graph: record the backward pass itself, for higher derivatives.
        inputs: only accumulate into these tensors (default: every leaf).
        _captured: used by `autograd.grad`: a dict that receives the gradients
            of `inputs` instead of accumulating them into `.grad`.

    Returns:
        A generator of `BackwardStep`.

    Example:
        >>> for step in backward_steps(loss):  # doctest: +SKIP
        ...     print(step.node.name(), step.grads_out)
    """
    outputs = _as_tuple(tensors)
    roots = _root_gradients(outputs, _as_tuple(grad_tensors))
    if retain_graph is None:
        retain_graph = create_graph
    input_edges = None
    if inputs is not None:
        input_edges = []
        for t in _as_tuple(inputs):
            if not t.requires_grad:
                raise RuntimeError(
                    "One of the differentiated Tensors does not require grad. "
                    "Hint: create it with requires_grad=True."
                )
            input_edges.append(edge_of(t))
    return _run(outputs, roots, retain_graph, create_graph, input_edges, _captured)


def _collect(root_nodes):
    """Every node reachable from the roots, and how many edges point at each."""
    dependencies = {}
    seen = set(root_nodes)
    stack = list(root_nodes)
    while stack:
        node = stack.pop()
        for child, _ in node.next_functions:
            if child is None:
                continue
            dependencies[child] = dependencies.get(child, 0) + 1
            if child not in seen:
                seen.add(child)
                stack.append(child)
    return seen, dependencies


def _needed_nodes(all_nodes, input_edges):
    """The nodes that lie on a path to one of the requested inputs."""
    needed = {node for node, _ in input_edges if node in all_nodes}
    # Creation order is a topological order (children are older than parents).
    for node in sorted(all_nodes, key=lambda n: n.sequence_nr):
        if any(child in needed for child, _ in node.next_functions):
            needed.add(node)
    return needed


def _run(outputs, roots, retain_graph, create_graph, input_edges, captured):

    root_edges = [edge_of(out) for out in outputs]
    all_nodes, dependencies = _collect([node for node, _ in root_edges])
    # Which nodes must run: all of them, or only those on a path to `inputs`.
    needed = all_nodes if input_edges is None else _needed_nodes(all_nodes, input_edges)
    wanted = set(input_edges or ())
    buffers = {}  # node -> {output_nr: the gradient summed so far}
    fan_in = set()  # nodes whose gradient is a sum of several contributions

    def send(node, output_nr, grad):
        slots = buffers.get(node)
        if slots is None:
            buffers[node] = {output_nr: grad}
            return
        fan_in.add(node)
        previous = slots.get(output_nr)
        slots[output_nr] = grad if previous is None else previous + grad

    previous_mode = grad_mode._grad_enabled
    grad_mode._set_enabled(create_graph)
    try:
        for (node, nr), grad in zip(root_edges, roots):
            send(node, nr, grad)
    finally:
        grad_mode._set_enabled(previous_mode)
    # The ready nodes, the most recently created first (a heap on -sequence_nr).
    ready = [
        (-node.sequence_nr, node)
        for node in {node for node, _ in root_edges}
        if dependencies.get(node, 0) == 0 and node in needed
    ]
    heapq.heapify(ready)

    index = 0
    while ready:
        node = heapq.heappop(ready)[1]
        slots = buffers.pop(node, None)
        # Record the backward maths only under create_graph. The mode is set
        # and restored around each step, never across a `yield`, so code run
        # between steps (a stepper widget, a student) sees its own mode.
        previous_mode = grad_mode._grad_enabled
        grad_mode._grad_enabled = create_graph
        try:
            step = None
            if slots:  # (a node no gradient reached has nothing to do)
                step = _run_node(
                    node,
                    slots,
                    index,
                    node in fan_in,
                    retain_graph,
                    create_graph,
                    needed,
                    wanted,
                    captured,
                    input_edges is None,
                )
            # Pass each gradient on; a child is ready once all its consumers ran.
            for i, (child, nr) in enumerate(node.next_functions):
                if child is None or child not in needed:
                    continue
                grad = step.grads_out[i] if step is not None else None
                if grad is not None:
                    send(child, nr, grad)
                left = dependencies[child] - 1
                dependencies[child] = left
                if left == 0:
                    heapq.heappush(ready, (-child.sequence_nr, child))
        finally:
            grad_mode._grad_enabled = previous_mode
        if step is not None:
            index += 1
            notify("step")
            yield step
    notify("backward")


def _run_node(
    node,
    slots,
    index,
    fan_in,
    retain_graph,
    create_graph,
    needed,
    wanted,
    captured,
    accumulate_all,
):
    """Run one node: hooks, capture or accumulation, then its backward."""
    if len(slots) == 1 and 0 in slots:
        grads = [slots[0]]  # the usual case: one output
    else:
        grads = [slots.get(i) for i in range(max(slots) + 1)]
    if node._pre_hooks or node._retain_grad_refs:
        _run_tensor_hooks(node, grads, create_graph)
    accumulated = []
    if type(node) is AccumulateGrad:
        leaf = node.variable
        grad = grads[0]
        if leaf._hooks:
            for hook in list(leaf._hooks):
                result = hook(grad)
                if result is not None:
                    grad = result
        if captured is not None and (node, 0) in wanted:
            captured[(node, 0)] = grad
        elif accumulate_all or (node, 0) in wanted:
            _accumulate(leaf, grad, create_graph)
            accumulated.append((leaf, leaf._grad))
        return BackwardStep(index, node, (grad,), (), accumulated, fan_in, node.formula)

    if wanted:
        for nr, grad in enumerate(grads):
            if (node, nr) in wanted:
                if captured is not None:
                    captured[(node, nr)] = grad
                else:  # backward(inputs=[non-leaf]) fills that tensor's .grad
                    tensor = node.output()
                    if tensor is not None:
                        _accumulate(tensor, grad, create_graph)
                        accumulated.append((tensor, tensor._grad))
    if not accumulate_all and not any(
        child in needed for child, _ in node.next_functions if child is not None
    ):
        grads_out = (None,) * len(node.next_functions)
    else:
        grads_out = node.apply(_node_input(node, grads))
        if anomaly._enabled:
            _check_nan(node, grads_out)
        if not retain_graph:
            node.release()
    return BackwardStep(
        index, node, tuple(grads), grads_out, accumulated, fan_in, node.formula
    )


def _run_tensor_hooks(node, grads, create_graph):
    """Run `register_hook` hooks on, and fill `retain_grad()`, of a node's outputs."""
    n_out = len(grads)
    for nr, hook in list(node._pre_hooks):
        if nr < n_out and grads[nr] is not None:
            result = hook(grads[nr])
            if result is not None:
                grads[nr] = result
    for nr, ref in node._retain_grad_refs.items():
        tensor = ref()
        if tensor is not None and nr < n_out and grads[nr] is not None:
            _accumulate(tensor, grads[nr], create_graph)


def _node_input(node, grads):
    """The gradient argument for a node's backward: one tensor, or one per output."""
    outputs = node._output_meta
    if outputs is None:
        return grads[0]
    # A multi-output node gets zeros for outputs that received no gradient.
    grads = grads + [None] * (len(outputs) - len(grads))
    return tuple(
        g if g is not None else Tensor._make(np.zeros(shape, dtype=dtype.numpy))
        for g, (shape, dtype) in zip(grads, outputs)
    )


def _accumulate(tensor, grad, create_graph):
    """Add `grad` into `tensor.grad`, as AccumulateGrad does."""

    if grad._data.dtype != tensor._data.dtype:
        grad = grad.to(tensor.dtype)
    if tensor._grad is None:
        # A fresh array, so that later in-place changes of .grad touch nothing else.
        tensor._set_grad(grad if create_graph else Tensor._make(grad._data.copy()))
    elif create_graph or tensor._grad.requires_grad:
        tensor._set_grad(tensor._grad + grad)
    else:
        tensor._grad._data += grad._data
        tensor._grad._version_counter[0] += 1


def _check_nan(node, grads_out):
    for i, grad in enumerate(grads_out):
        if grad is not None and np.isnan(grad._data).any():
            message = (
                f"Function '{node.name()}' returned nan values in its {i}th output."
            )
            if node.forward_trace:
                message += (
                    "\nThe forward operation that made this node was called here:\n"
                    + "".join(node.forward_trace[-6:])
                )
            raise RuntimeError(message)
