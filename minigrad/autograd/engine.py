"""The engine: the only code that runs backward.

Read this file third (after `tensor.py` and `autograd/function.py`); then
`ops/arithmetic.py` shows the nodes it runs.

Given output tensors and the gradients flowing into them, a `BackwardPass`
runs every node of the graph once, after all the nodes that consume its
result have sent their gradient (dependency counting, no recursion: a
100,000-node chain is fine). Among the ready nodes the most recently created
runs first, as in PyTorch.

It is a generator of `BackwardStep`s: `Tensor.backward` and `autograd.grad`
run it to the end, the BackwardStepper widget pulls it one step at a time.
One code path, so what a student steps through is what `backward()` does.

Gradients travel as numpy arrays; under `create_graph=True` they are tensors,
so that the backward maths is recorded too.
"""

import heapq
import os
import warnings

import numpy as np

from ..tensor import Tensor  # (tensor.py imports this module at its end)
from . import anomaly, graph
from .function import AccumulateGrad, accumulate_into, edge_of, fit_gradient
from .grad_mode import state as grad_state
from .graph import notify


class BackwardStep:
    """What happened at one step of a backward pass.

    Attributes:
        index: the step number, from 0.
        node: the node that ran (an AccumulateGrad node is a step too).
        grads_in: the gradient arriving for each output of the node (tensors).
        grads_out: the gradient sent along each `next_functions` entry (None
            where no gradient goes).
        accumulated: `(leaf, leaf.grad)` pairs for the leaves whose `.grad`
            this step changed.
        fan_in: True when the incoming gradient is a sum of several
            contributions (the node's output was used more than once: `+=`).
        formula: the node's local derivative as text.
    """

    # A step is made for every node of every pass, so it is a light record:
    # the gradients are kept as the engine had them (arrays) and wrapped as
    # tensors only when someone reads them.
    __slots__ = ("index", "node", "_grads_in", "_grads_out", "accumulated", "fan_in")

    def __init__(self, index, node, grads_in, grads_out, accumulated, fan_in):
        self.index = index
        self.node = node
        self._grads_in = grads_in
        self._grads_out = grads_out
        self.accumulated = accumulated
        self.fan_in = fan_in

    @property
    def grads_in(self):
        return tuple([_as_tensor(g) for g in self._grads_in])

    @property
    def grads_out(self):
        return tuple([_as_tensor(g) for g in self._grads_out])

    @property
    def formula(self):
        return self.node.formula

    def __repr__(self):
        return f"BackwardStep(index={self.index}, node={self.node.name()})"


def _as_tensor(value):
    """A gradient as a tensor (the engine keeps numpy arrays)."""
    if value is None or isinstance(value, Tensor):
        return value
    return Tensor._make(np.asarray(value))


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
    if inputs is not None and not _as_tuple(inputs):
        # An empty list would silently compute nothing: refuse, as PyTorch.
        raise RuntimeError(
            "`inputs` argument to `backward()` cannot be empty. Pass the tensors "
            "to accumulate into, or leave inputs out to accumulate into every leaf."
        )
    outputs = _as_tuple(tensors)
    roots = _root_gradients(outputs, _as_tuple(grad_tensors, "gradient"))
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
    backward_pass = BackwardPass(retain_graph, create_graph, input_edges, _captured)
    return backward_pass.run(outputs, roots)


class BackwardPass:
    """One backward pass: what it was asked, and the gradients on their way.

    Attributes:
        create_graph: record the backward maths (gradients are tensors).
        retain_graph: keep what nodes saved, for another pass.
        dependencies: node -> how many consumers have not sent their gradient yet.
        buffers: node -> {output_nr: the gradient summed so far}.
        fan_in: the nodes whose gradient is a sum of several contributions.
    """

    def __init__(self, retain_graph, create_graph, input_edges=None, captured=None):
        self.retain_graph = retain_graph
        self.create_graph = create_graph
        self.input_edges = input_edges  # (first reading: skip) inputs= and grad()
        self.wanted = set(input_edges or ())
        self.captured = captured
        self.buffers = {}
        self.fan_in = set()
        self.dependencies = {}
        self.needed = None  # the nodes that must run (None: all of them)

    def send(self, node, output_nr, grad):
        """Add `grad` to what `node`'s output `output_nr` has received so far."""
        slots = self.buffers.get(node)
        if slots is None:
            self.buffers[node] = {output_nr: grad}
            return
        self.fan_in.add(node)
        previous = slots.get(output_nr)
        slots[output_nr] = grad if previous is None else previous + grad

    def run(self, outputs, roots):
        """Run the nodes behind `outputs` in order, yielding one step per node."""
        root_edges = [edge_of(out) for out in outputs]
        all_nodes = self._count_dependencies([node for node, _ in root_edges])
        if self.input_edges is not None:
            self.needed = _needed_nodes(all_nodes, self.input_edges)
        for (node, nr), grad in zip(root_edges, roots):
            self.send(node, nr, grad if self.create_graph else grad._data)
        # The ready nodes, the most recently created first (a heap on -sequence_nr).
        ready = [
            (-node.sequence_nr, node)
            for node in {node for node, _ in root_edges}
            if self.dependencies.get(node, 0) == 0 and self._is_needed(node)
        ]
        heapq.heapify(ready)
        # (locals: this loop runs once per node of every backward pass)
        dependencies, buffers, needed = self.dependencies, self.buffers, self.needed
        send, pop, push = self.send, heapq.heappop, heapq.heappush
        index = 0
        while ready:
            node = pop(ready)[1]
            slots = buffers.pop(node, None)
            # Record the backward maths only under create_graph. The mode is set
            # and restored around each step, never across a `yield`, so code run
            # between steps (a stepper widget, a student) sees its own mode.
            previous_mode = grad_state.enabled
            grad_state.enabled = self.create_graph
            try:
                # (a node no gradient reached has nothing to do)
                step = self.run_node(node, slots, index) if slots else None
                grads_out = step._grads_out if step is not None else None
                if not grads_out:
                    grads_out = (None,) * len(node.next_functions)
                # Pass each gradient on; a child is ready once its consumers ran.
                for (child, nr), grad in zip(node.next_functions, grads_out):
                    if child is None or (needed is not None and child not in needed):
                        continue
                    if grad is not None:
                        if child in buffers:
                            send(child, nr, grad)
                        else:  # the first gradient for this child
                            buffers[child] = {nr: grad}
                    left = dependencies[child] - 1
                    dependencies[child] = left
                    if left == 0:
                        push(ready, (-child.sequence_nr, child))
            except Exception:
                if anomaly._enabled:  # (first reading: skip) anomaly mode
                    _warn_where_made(node)
                raise
            finally:
                grad_state.enabled = previous_mode
            if step is not None:
                index += 1
                if graph._listeners:
                    notify("step")
                yield step
        notify("backward")

    def _count_dependencies(self, root_nodes):
        """Count how many edges point at each node reachable from the roots."""
        dependencies = self.dependencies
        seen = set(root_nodes)
        stack = list(root_nodes)
        while stack:
            for child, _ in stack.pop().next_functions:
                if child is None:
                    continue
                dependencies[child] = dependencies.get(child, 0) + 1
                if child not in seen:
                    seen.add(child)
                    stack.append(child)
        return seen

    def _is_needed(self, node):
        return self.needed is None or node in self.needed

    def run_node(self, node, slots, index):
        """Run one node on the gradients it received; return its step."""
        if len(slots) == 1 and 0 in slots:
            grads = [slots[0]]  # the usual case: one output
        else:
            grads = [slots.get(i) for i in range(max(slots) + 1)]
        if node._pre_hooks or node._retain_grad_refs:
            self._run_tensor_hooks(node, grads)
        fan_in = node in self.fan_in
        if type(node) is AccumulateGrad:
            return self._accumulate(node, grads[0], index, fan_in)
        grads = tuple(grads)
        accumulated = []  # (a non-leaf accumulates only under inputs=)
        if self.input_edges is not None:  # (first reading: skip) inputs=, grad()
            self._capture(node, grads, accumulated)
            if not any(child in self.needed for child, _ in node.next_functions):
                grads_out = (None,) * len(node.next_functions)
                return BackwardStep(index, node, grads, grads_out, accumulated, fan_in)
        # The node's backward: one gradient per input, fitted to its input.
        if node._view_of is not None:
            _check_view_unchanged(node)
        if node._output_meta is not None:
            grads_out = node.backward(self._one_per_output(node, grads))
        else:
            grads_out = node.backward(grads[0])
        fit = node._fit
        if fit is not None:
            grads_out = tuple(
                [
                    fit_gradient(g, m, node, i)
                    for i, (g, m) in enumerate(zip(grads_out, fit))
                ]
            )
        if anomaly._enabled:
            _check_nan(node, grads_out)
        if not self.retain_graph:
            node.release()
        return BackwardStep(index, node, grads, grads_out, accumulated, fan_in)

    def _accumulate(self, node, grad, index, fan_in):
        """An AccumulateGrad step: leaf hooks, then `leaf.grad += grad`."""
        leaf = node.variable
        if leaf is None:  # the leaf is gone: no .grad left to accumulate into
            return BackwardStep(index, node, (grad,), (), [], fan_in)
        if leaf._hooks:  # (first reading: skip) hooks on a leaf
            grad = self._call_hooks(leaf._hooks, grad)
        accumulated = []
        if self.captured is not None and (node, 0) in self.wanted:
            self.captured[(node, 0)] = _as_tensor(grad)
        elif self.input_edges is None or (node, 0) in self.wanted:
            node.accumulate(grad)
            accumulated.append((leaf, leaf._grad))
        return BackwardStep(index, node, (grad,), (), accumulated, fan_in)

    # ----- (first reading: skip) hooks, retain_grad, inputs=, several outputs

    def _call_hooks(self, hooks, grad):
        """Run `hooks` on `grad` (as a tensor); a hook may return a new one."""
        tensor = _as_tensor(grad)
        for hook in list(hooks):
            result = hook(tensor)
            if result is not None:
                _check_hook_result(hook, tensor, result)
                tensor = result
        return tensor if self.create_graph else tensor._data

    def _run_tensor_hooks(self, node, grads):
        """Run the hooks on, and fill `retain_grad()` of, a node's outputs."""
        n_out = len(grads)
        for nr, hook in list(node._pre_hooks):
            if nr < n_out and grads[nr] is not None:
                grads[nr] = self._call_hooks([hook], grads[nr])
        for nr, ref in node._retain_grad_refs.items():
            tensor = ref()
            if tensor is not None and nr < n_out and grads[nr] is not None:
                accumulate_into(tensor, grads[nr])

    def _capture(self, node, grads, accumulated):
        for nr, grad in enumerate(grads):
            if (node, nr) in self.wanted:
                if self.captured is not None:
                    self.captured[(node, nr)] = _as_tensor(grad)
                else:  # backward(inputs=[non-leaf]) fills that tensor's .grad
                    tensor = node.output()
                    if tensor is not None:
                        accumulate_into(tensor, grad)
                        accumulated.append((tensor, tensor._grad))

    def _one_per_output(self, node, grads):
        """A multi-output node gets zeros for outputs that received no gradient."""
        outputs = node._output_meta
        grads = grads + (None,) * (len(outputs) - len(grads))
        result = []
        for g, (shape, dtype) in zip(grads, outputs):
            if g is None:
                g = np.zeros(shape, dtype=dtype.numpy)
                g = Tensor._make(g) if self.create_graph else g
            result.append(g)
        return tuple(result)


def _as_tuple(tensors, name="tensors"):
    if tensors is None:
        return None
    if isinstance(tensors, Tensor):
        return (tensors,)
    if not isinstance(tensors, (tuple, list)):
        raise TypeError(
            f"{name} must be a Tensor or a sequence of Tensors, not "
            f"{type(tensors).__name__} (got {tensors!r}); e.g. "
            f"{name}=minigrad.ones_like(y)"
        )
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


def _needed_nodes(all_nodes, input_edges):
    """The nodes that lie on a path to one of the requested inputs."""
    needed = {node for node, _ in input_edges if node in all_nodes}
    # Creation order is a topological order (children are older than parents).
    for node in sorted(all_nodes, key=lambda n: n.sequence_nr):
        if any(child in needed for child, _ in node.next_functions):
            needed.add(node)
    return needed


def _check_view_unchanged(node):
    """Refuse to backward through a view whose memory was changed in place since.

    A view shares memory (and a version counter) with the tensor it views.
    When that memory is changed in place, PyTorch rewrites the view's history;
    minigrad does not, so using the old history would give a wrong gradient.
    """
    counter, version = node._view_of
    if counter[0] != version:
        raise RuntimeError(
            f"the output of {node.name()} is a view that was modified by an inplace "
            "operation (through the tensor it views, or another view of it) after "
            "it was made; minigrad cannot rebase a view's history as PyTorch does. "
            "Hint: .clone() the view before changing the tensor in place, or make "
            "the view after the in-place change."
        )


def _warn_where_made(node):
    """Under anomaly mode, say where the failing node's forward ran, as PyTorch
    does (a UserWarning before the error itself)."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    # The user's frames only: minigrad's own (Tensor.sqrt, apply, ...) are noise.
    frames = [f for f in node.forward_trace or () if package not in f]
    warnings.warn(
        f"Error detected in {node.name()}. Traceback of forward call that "
        "caused the error:\n" + "".join(frames),
        UserWarning,
        stacklevel=2,
    )


def _check_nan(node, grads_out):
    for i, grad in enumerate(grads_out):
        if grad is None:
            continue
        values = grad._data if isinstance(grad, Tensor) else grad
        if np.isnan(values).any():
            message = (
                f"Function '{node.name()}' returned nan values in its {i}th output."
            )
            if node.forward_trace:
                message += (
                    "\nThe forward operation that made this node was called here:\n"
                    + "".join(node.forward_trace[-6:])
                )
            raise RuntimeError(message)


def _check_hook_result(hook, grad, result):
    """Refuse a gradient a hook returned with another shape or dtype (as PyTorch).

    The engine would otherwise accumulate a gradient that does not match its
    tensor, and `.grad` would silently have the wrong shape or dtype.
    """
    name = getattr(hook, "__name__", type(hook).__name__)
    if not isinstance(result, Tensor):
        raise TypeError(
            f"expected Tensor, but hook returned '{type(result).__name__}' "
            f"(hook '{name}' must return a Tensor or None)"
        )
    if result.shape != grad.shape:
        raise RuntimeError(
            f"hook '{name}' has changed the size of value (was "
            f"{tuple(grad.shape)} got {tuple(result.shape)}). Return a gradient "
            "of the same shape as the one the hook received."
        )
    if result.dtype != grad.dtype:
        raise RuntimeError(
            f"hook '{name}' has changed the type of value "
            f"(was {grad.type()} got {result.type()})"
        )
