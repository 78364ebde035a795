"""The engine: the only code that runs backward.

A `BackwardPass` runs each node once all the nodes that consume its result
have sent their gradient: of the nodes holding a gradient, the most recently
created runs first (no recursion), which gives PyTorch's order. It is a generator
of steps: `backward()` runs it to the end, the BackwardStepper widget pulls it
one step at a time (what a student steps through is what `backward()` does).
Gradients are numpy arrays, or tensors under `create_graph=True` (recorded).
"""

import heapq
import os
import warnings

import numpy as np

from ..tensor import Tensor  # (tensor.py imports this module at its end)
from . import anomaly, graph
from .function import AccumulateGrad, edge_of, fit_gradient
from .grad_mode import is_recording, set_recording


def run_backward(tensors, grads, retain_graph, create_graph, inputs, captured=None):
    """A whole backward pass (`Tensor.backward`, `autograd.grad`; the arguments
    of `backward_steps`, below), run to the end in one go and returned."""
    backward_pass = _make_pass(retain_graph, create_graph, inputs, captured)
    for _ in backward_pass.steps(*_outputs_and_roots(tensors, grads), False):
        pass
    return backward_pass


class BackwardPass:
    """One backward pass: what it was asked (`create_graph`, `retain_graph`),
    and the gradients on their way (`buffers`: node -> the gradient its output
    has received so far; `fan_in`: the nodes that received several)."""

    def __init__(self, retain_graph, create_graph, input_edges=None, captured=None):
        self.retain_graph = retain_graph
        self.create_graph = create_graph
        self.buffers = {}
        self.fan_in = set()
        if input_edges is not None:  # (first reading: skip) inputs=, grad()
            self._want(input_edges, captured)

    def steps(self, outputs, roots, one_at_a_time=True):
        """Run the nodes behind `outputs` in order, yielding `(node, grads_in,
        grads_out, accumulated)` for each (nothing when not `one_at_a_time`).

        The order: of the nodes that have received a gradient, the newest runs
        first (a heap on -sequence_nr). A node is always newer than the nodes
        it reads from, so when it is the newest one waiting, every node that
        could still send it a gradient has run: its gradient is complete. (Where
        the order can be seen, a leaf runs as soon as it is complete: `_prepare`.)
        """
        waiting = []
        if self.input_edges is not None or one_at_a_time or graph._listeners or _hooked:
            self._prepare(outputs, one_at_a_time, waiting)  # (first reading: skip)
        buffers, create_graph, routed = self.buffers, self.create_graph, self.routed
        for out, grad in zip(outputs, roots):  # each output's gradient to its node
            node, nr = edge_of(out)
            if create_graph:  # (a tensor: the backward maths is recorded)
                grad = _as_tensor(grad)
            elif isinstance(grad, Tensor):
                grad = grad._data
            if nr or routed or node in buffers:
                self.send(node, nr, grad, waiting)
            else:  # (as for every node's first gradient, below)
                buffers[node] = grad
                heapq.heappush(waiting, (-node.sequence_nr, node))
        release, inputs = not self.retain_graph, self._input_nodes  # (inputs=)
        pop, push = self.pop, heapq.heappush
        watched = self._watched(one_at_a_time)  # (a stepper: first reading, skip)
        previous_mode = is_recording()
        set_recording(create_graph)  # record the backward maths, or not
        try:
            while waiting:
                node = pop(waiting)[1]
                # (No name of ours holds a gradient while a node runs: AccumulateGrad
                # keeps one that nothing else holds as .grad, without a copy.)
                grads_out = g = None
                if node._usual and not watched and node not in inputs:
                    grads_out = node.backward(buffers.pop(node))
                    if node._fit is not None:  # (broadcasting undone: `fitted`)
                        grads_out = fitted(node, grads_out)
                    if release and node._saved:  # free what it saved (`release`)
                        node._saved = None
                        node.released = True
                else:  # (first reading: skip) hooks, several outputs, inputs=, steps
                    grad = buffers.pop(node)  # (None: only other outputs got one)
                    grads, grads_out, accumulated = self.run_node(node, grad)
                    if grads_out is None:  # no gradient reached this node
                        continue
                # Pass each gradient on to the node it belongs to.
                for (child, nr), g in zip(node.next_functions, grads_out):
                    if g is None or child is None:
                        continue  # (no gradient goes there)
                    if nr or routed or child in buffers:
                        self.send(child, nr, g, waiting)  # (fan-in: adds)
                    else:  # the node's first gradient: it waits to run
                        buffers[child] = g
                        push(waiting, (-child.sequence_nr, child))
                if watched:  # (first reading: skip) a stepper, widgets, anomaly mode
                    if graph._listeners:
                        graph.notify("step")
                    if one_at_a_time:
                        # Between steps the caller's own grad mode holds (code run
                        # then, by a stepper or a student, records or not as usual).
                        set_recording(previous_mode)
                        previous_mode = None
                        if accumulated is None and type(node) is AccumulateGrad:
                            accumulated = _accumulated(node)
                        yield node, grads, grads_out, accumulated
                        previous_mode = is_recording()
                        set_recording(create_graph)
                    watched = self._watched(one_at_a_time)  # (it may change meanwhile)
        except Exception:
            if anomaly._enabled:  # (first reading: skip) anomaly mode
                _warn_where_made(node)
            raise
        finally:
            if previous_mode is not None:  # (None: the caller has its mode back)
                set_recording(previous_mode)
        if graph._listeners:
            graph.notify("backward")

    def accumulate(self, node, grad):
        """An AccumulateGrad step, `leaf.grad += grad`; returns the `(leaf,
        leaf.grad)` pairs it changed."""
        leaf = node._variable_ref()
        if leaf is None:  # the leaf is gone: no .grad left to accumulate into
            return None
        if leaf._hooks:  # (first reading: skip) hooks on a leaf
            grad = self._call_hooks(leaf._hooks, grad)
        if self.input_edges is not None or not leaf._requires_grad:  # (inputs=...)
            return self._accumulate_wanted(node, leaf, grad)  # (first reading: skip)
        node.backward(grad)
        if leaf._post_accumulate_hooks:  # (first reading: skip)
            _run_post_accumulate_hooks(leaf)
        return [(leaf, leaf._grad)]

    # ----- (first reading: skip) a node with options (run_node), hooks,
    # retain_grad, inputs=, several outputs

    other_outputs = None  # node -> {output_nr: gradient} past output 0
    input_edges = None  # the `(node, output_nr)` of each of `inputs=`
    wanted = ()  # the same, as a set
    captured = None  # grad(): a dict that receives the gradients of `inputs`
    needed = None  # the nodes that lie on a path to `inputs` (None: all)
    dependencies = None  # exact order: node -> consumers that have not run yet
    pop = heapq.heappop  # how the next node is taken from the queue
    routed = False  # True: every gradient goes through `send` (the options)
    _input_nodes = ()

    def _watched(self, one_at_a_time):
        """(first reading: skip) Whether something sees each step: a stepper,
        widgets that redraw after each one, anomaly mode's check for nan, or
        PyTorch's exact order (`_prepare`). Then every node runs through
        `run_node`, which sees to all of them."""
        return (
            one_at_a_time
            or bool(graph._listeners)
            or anomaly._enabled
            or self.dependencies is not None
        )

    def _find_needed(self, outputs):
        """The nodes on a path from `outputs` to one of `inputs=` (`needed`):
        the inputs' own nodes, and every node that has a needed child. None
        when that is every node behind the outputs, as it is when each node
        with no children there is an input (`grad(y, x)` of a y made of x)."""
        inputs = self._input_nodes
        seen = {None}  # (None: the "node" of an input that needs no gradient)
        edges = list(map(edge_of, outputs))
        all_needed = True
        while edges:
            node = edges.pop()[0]
            if node not in seen:
                seen.add(node)
                if node.next_functions:
                    edges += node.next_functions
                elif node not in inputs:  # a leaf (or a dead end) not asked for
                    all_needed = False
        if all_needed:  # every path ends at an input: every node leads to one
            return
        seen.discard(None)
        needed = inputs & seen
        # Creation order is a topological order (children are older than
        # parents): oldest first, each node is decided after its children.
        for node in sorted(seen, key=lambda n: n.sequence_nr):
            for child, _ in node.next_functions:
                if child in needed:
                    needed.add(node)
                    break
        self.needed = needed

    # ----- (first reading: skip) PyTorch's exact order, where it can be seen
    #
    # The heap above runs the newest node that has received a gradient. PyTorch
    # counts first how many consumers each node has and queues a node once all
    # have sent; a leaf's AccumulateGrad has the highest priority, so it runs as
    # soon as its gradient is complete. The other nodes run in the same order
    # either way, and every `.grad` is the same. Only the moment each leaf
    # accumulates differs, and only a stepper, a widget listening to the steps
    # or a hook on a leaf can see it: for those the pass counts, and queues
    # nodes as PyTorch's engine does.

    def _prepare(self, outputs, one_at_a_time, waiting):
        """What the options need before the first node runs: the nodes on a
        path to `inputs=`, and the counts of the exact order where it can be
        seen (a stepper, a widget listening to the steps, a hook on a leaf),
        with the outputs' own nodes queued in `waiting` once they are ready."""
        if self.input_edges is not None:
            self._find_needed(outputs)
        if one_at_a_time or graph._listeners or _hooked:
            roots = [edge_of(out)[0] for out in outputs]
            self.dependencies = count_dependencies(roots, self.needed)
            # Every node has its buffer from the start, so that `send` queues
            # none: a node joins the queue once ready (`sent_by_one`), with or
            # without a gradient (`run_node` then skips it, as PyTorch does).
            self.buffers = dict.fromkeys(self.dependencies)
            self.pop = functools.partial(next_ready, self.dependencies)
            for root in roots:  # (each output is an edge to its node)
                if root in self.dependencies:
                    sent_by_one(self.dependencies, root, waiting)
        # Under either option every gradient goes through `send`, which sees to it.
        self.routed = self.needed is not None or self.dependencies is not None

    def _want(self, input_edges, captured):
        """Take only the gradients of `inputs=` (into `captured` for grad())."""
        self.input_edges = input_edges
        self.wanted = set(input_edges)
        self._input_nodes = set()
        for node, _ in input_edges:  # (a loop: 3.11 calls a comprehension)
            self._input_nodes.add(node)
        self.captured = captured

    def _accumulate_wanted(self, node, leaf, grad):
        """Under inputs= (or grad()): accumulate only into the wanted leaves
        (for grad(), capture their gradients: `leaf` is not read then). And a
        leaf that no longer requires grad (`requires_grad_(False)` after the
        graph was recorded) is left as it is, as PyTorch's AccumulateGrad
        leaves it: no sum into its .grad (its hooks have run, and its post
        accumulate hooks still run)."""
        if self.input_edges is not None and (node, 0) not in self.wanted:
            return None
        if self.captured is not None:
            self.captured[(node, 0)] = _as_tensor(grad)
            return None
        summed = leaf._requires_grad
        if summed:
            node.backward(grad)
        if leaf._post_accumulate_hooks:
            _run_post_accumulate_hooks(leaf)
        return [(leaf, leaf._grad)] if summed else []

    def _accumulate_hooked(self, node, grad):
        """`accumulate` for an AccumulateGrad node with hooks of its own
        (`grad_fn.next_functions[0][0].register_hook(...)`), in PyTorch's
        order: the leaf's tensor hooks, the node's pre hooks, the sum (and the
        post accumulate hooks), the node's hooks, called `hook((), (grad,))`:
        a leaf's node computes no gradient for inputs (it has none)."""
        leaf = node._variable_ref()
        if leaf is None:  # the leaf is gone: no .grad left to accumulate into
            return None
        if leaf._hooks:
            grad = self._call_hooks(leaf._hooks, grad)
        if node._node_pre_hooks:
            (grad,) = self._run_node_hooks(node._node_pre_hooks, ((grad,),))
        accumulated = self._accumulate_wanted(node, leaf, grad)
        if node._node_hooks:
            self._run_node_hooks(node._node_hooks, ((), (grad,)))
        return accumulated

    def run_node(self, node, grad):
        """Run one node's backward on the gradient it received, with all the
        options: hooks and retain_grad, inputs=, views, several outputs,
        gradients fitted back to their input's shape.

        Returns:
            The gradients the node received (one per output; None if none
            reached it), one gradient per input (fitted to the input's shape
            and dtype; None if the node did not run), and the leaves that
            accumulated.
        """
        if type(node) is AccumulateGrad and self.captured is not None:
            if grad is not None and not _hooked:  # grad() of a leaf: no hook to
                # run (a leaf has no other outputs, no tensor hooks), no leaf needed
                return (grad,), (), self._accumulate_wanted(node, None, grad)
        if self.other_outputs and node in self.other_outputs:  # several outputs
            grads = self._gathered(node, grad)
        elif grad is None:  # no gradient reached this node: nothing to do
            return None, None, None
        else:
            grads = (grad,)
        if type(node) is AccumulateGrad:  # (its node hooks: not under grad())
            if self.captured is None and (node._node_pre_hooks or node._node_hooks):
                return grads, (), self._accumulate_hooked(node, grads[0])
            return grads, (), self.accumulate(node, grads[0])
        if node._pre_hooks or node._retain_grad_refs:
            grads = self._run_tensor_hooks(node, grads)
        if node._node_pre_hooks:  # (PyTorch's Node hooks: after the tensor hooks)
            grads = self._run_node_hooks(node._node_pre_hooks, (grads,))
        accumulated = None
        if self.input_edges is not None:  # (first reading: skip) inputs=, grad()
            accumulated = self._capture(node, grads)
            needed = self.needed
            if needed is not None and not any(
                child in needed for child, _ in node.next_functions
            ):
                return grads, (None,) * len(node.next_functions), accumulated
        if node._output_meta is None:
            grads_out = node.backward(grads[0])
        else:  # (first reading: skip) a node with several outputs
            grads_out = node.backward(self._one_per_output(node, grads))
        if node._fit is not None:  # where broadcasting or promotion changed an input
            grads_out = fitted(node, grads_out)
        if node._node_hooks:
            grads_out = self._run_node_hooks(node._node_hooks, (grads_out, grads))
        if anomaly._enabled and anomaly._checks_nan:  # (first reading: skip)
            _check_nan(node, grads_out)
        if not self.retain_graph:
            node.release()
        return grads, grads_out, accumulated

    def send(self, node, output_nr, grad, waiting):
        """Add `grad` to what `node`'s output `output_nr` has received so far;
        a node that receives its first gradient starts waiting to run."""
        if self.needed is not None and node not in self.needed:
            return  # (inputs=: no path from this node to an input)
        buffers = self.buffers
        if node not in buffers:
            buffers[node] = None
            heapq.heappush(waiting, (-node.sequence_nr, node))
        key = node
        if output_nr:  # (a node with several outputs)
            if self.other_outputs is None:
                self.other_outputs = {}
            buffers, key = self.other_outputs.setdefault(node, {}), output_nr
        previous = buffers.get(key)
        buffers[key] = grad if previous is None else previous + grad
        if previous is not None:
            self.fan_in.add(node)

    def _gathered(self, node, grad):
        """The gradients of each output of a node with several outputs."""
        others = self.other_outputs.pop(node)
        return tuple([grad] + [others.get(nr) for nr in range(1, max(others) + 1)])

    def _call_hooks(self, hooks, grad):
        """Run `hooks` on `grad` (as a tensor); a hook may return a new one."""
        tensor = _as_tensor(grad)
        for hook in list(hooks):
            result = hook(tensor)
            if result is not None:
                _check_hook_result(hook, tensor, result)
                tensor = result
        return tensor if self.create_graph else tensor._data

    def _run_node_hooks(self, hooks, arguments):
        """Call a node's `hooks` with `arguments` (tuples of gradients, as
        tensors); a hook may return a new tuple for the first one."""
        arguments = [tuple(_as_tensor(g) for g in grads) for grads in arguments]
        for hook in list(hooks):
            result = hook(*arguments)
            if result is not None:
                if len(result) != len(arguments[0]):
                    raise RuntimeError(
                        f"hook '{getattr(hook, '__name__', hook)}' has returned an "
                        f"incorrect number of values (got {len(result)}, but "
                        f"expected {len(arguments[0])}): one gradient (or None) "
                        "per entry of the tuple it received"
                    )
                arguments[0] = tuple(result)
        return tuple(
            g if g is None or self.create_graph else g._data for g in arguments[0]
        )

    def _run_tensor_hooks(self, node, grads):
        """Run the hooks on, and fill `retain_grad()` of, a node's outputs."""
        grads = list(grads)
        n_out = len(grads)
        for nr, hook in list(node._pre_hooks):
            if nr < n_out and grads[nr] is not None:
                grads[nr] = self._call_hooks([hook], grads[nr])
        for nr, ref in node._retain_grad_refs.items():
            tensor = ref()
            if tensor is not None and nr < n_out and grads[nr] is not None:
                accumulate_retained(tensor, grads[nr])
        return tuple(grads)

    def _capture(self, node, grads):
        """Under `inputs=`: keep (or accumulate) the gradients of the wanted
        non-leaf tensors among this node's outputs."""
        accumulated = []
        for nr, grad in enumerate(grads):
            if (node, nr) in self.wanted:
                if self.captured is not None:
                    self.captured[(node, nr)] = _as_tensor(grad)
                else:  # backward(inputs=[non-leaf]): as PyTorch, `_make_pass`
                    # made that tensor retain its grad, and `_run_tensor_hooks`
                    # has filled its .grad already (once: not again here)
                    ref = node._retain_grad_refs.get(nr)
                    tensor = None if ref is None else ref()
                    if tensor is not None:
                        accumulated.append((tensor, tensor._grad))
        return accumulated

    def _one_per_output(self, node, grads):
        """A multi-output node gets zeros for outputs that received no gradient."""
        outputs = node._output_meta
        grads = grads + (None,) * (len(outputs) - len(grads))
        result = []
        materialize = getattr(node, "_materialize_grads", True)  # (a Function's)
        for g, meta in zip(grads, outputs):
            if g is None and meta is not None and materialize:
                g = np.zeros(meta[0], dtype=meta[1].numpy)
                g = Tensor._make(g) if self.create_graph else g
            result.append(g)
        return tuple(result)


# ----- (first reading: skip) PyTorch's ready queue, for the exact order -------

import functools  # noqa: E402 (only the exact order needs these two)
import weakref  # noqa: E402

from .function import accumulate_retained  # noqa: E402 (only retain_grad needs it)

# The AccumulateGrad nodes of the leaves that have hooks, by id (each entry
# goes when its node is freed). A hook on a leaf runs when its AccumulateGrad
# does: while there is one, every pass keeps PyTorch's exact order.
_hooked = {}


def watch_leaf_hooks(node):
    """`Tensor.register_hook` on a leaf: its AccumulateGrad `node` makes the
    order of the steps visible, for as long as it lives."""
    key = id(node)
    _hooked[key] = weakref.ref(node, lambda _, key=key: _hooked.pop(key, None))


# PyTorch's sequence_nr of every AccumulateGrad (UINT64_MAX): leaves first.
_LEAF_PRIORITY = 2**64 - 1


def count_dependencies(roots, needed=None):
    """For each node behind the nodes `roots` (each root an edge in itself),
    how many edges lead to it: how many consumers will send it a gradient.
    With `needed`, only the edges between needed nodes count."""
    if needed is not None:
        roots = [node for node in roots if node in needed]
    dependencies = dict.fromkeys(roots, 0)
    for node in roots:
        dependencies[node] += 1
    nodes, seen = list(roots), set()
    while nodes:
        node = nodes.pop()
        if node in seen:
            continue
        seen.add(node)
        for child, _ in node.next_functions:
            if child is not None and (needed is None or child in needed):
                dependencies[child] = dependencies.get(child, 0) + 1
                nodes.append(child)
    return dependencies


def sent_by_one(dependencies, node, queue):
    """One consumer of `node` has run: once none is left, `node` is ready and
    joins the queue, a leaf's AccumulateGrad first, then the newest node."""
    left = dependencies[node] - 1
    if left:
        dependencies[node] = left
        return
    del dependencies[node]
    priority = _LEAF_PRIORITY if type(node) is AccumulateGrad else node.sequence_nr
    _push_ready(queue, (priority, node))


def next_ready(dependencies, queue):
    """The next entry of PyTorch's ready queue (the exact order's `pop`). Its
    node runs now, so each of its children has one consumer less to wait for,
    whether a gradient goes there or not (as in PyTorch)."""
    entry = _pop_ready(queue)
    for child, _ in entry[1].next_functions:
        if child in dependencies:  # (None and nodes off the path are not)
            sent_by_one(dependencies, child, queue)
    return entry


def pytorch_order(roots):
    """The nodes behind the nodes `roots` in the order PyTorch's engine runs
    them (every node, as if a gradient reached each): what `graph.walk` lists."""
    dependencies = count_dependencies(roots)
    queue, order = [], []
    for node in roots:
        sent_by_one(dependencies, node, queue)
    while queue:
        order.append(next_ready(dependencies, queue)[1])
    return order


def _push_ready(queue, entry):
    """Queue `(priority, node)` as PyTorch's ready queue does: a
    `std::priority_queue`, whose `push` in libstdc++ appends the entry and
    moves it up past every parent of lower priority."""
    queue.append(entry)
    _move_up(queue, len(queue) - 1, entry)


def _pop_ready(queue):
    """The entry of highest priority, taken out as libstdc++'s `pop_heap`
    does: the last entry fills the hole step by step, and the order in which
    entries of equal priority (leaves) come out is PyTorch's (for leaves a, b,
    c, d queued at once: a, c, b, d)."""
    top, last = queue[0], queue.pop()
    length = len(queue)
    if not length:
        return top
    hole = child = 0
    while child < (length - 1) // 2:  # down the larger child to a leaf
        child = 2 * (child + 1)
        if queue[child][0] < queue[child - 1][0]:
            child -= 1
        queue[hole] = queue[child]
        hole = child
    if length % 2 == 0 and child == (length - 2) // 2:
        child = 2 * (child + 1)
        queue[hole] = queue[child - 1]
        hole = child - 1
    _move_up(queue, hole, last)  # then `last` moves up from there
    return top


def _move_up(queue, hole, entry):
    """libstdc++'s `__push_heap`: put `entry` in the empty place `hole`, moved
    up past every parent of lower priority."""
    priority = entry[0]
    while hole > 0:
        parent = (hole - 1) // 2
        if not queue[parent][0] < priority:
            break
        queue[hole] = queue[parent]
        hole = parent
    queue[hole] = entry


# ----- end of the first reading (what follows: steps for the stepper, argument
# checks, hooks and anomaly; first reading: skip) --------------------------------


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
    backward_pass = _make_pass(retain_graph, create_graph, inputs, _captured)
    steps = backward_pass.steps(*_outputs_and_roots(tensors, grad_tensors))
    return _as_backward_steps(backward_pass, steps)


def _as_backward_steps(backward_pass, steps):
    for index, (node, grads_in, grads_out, accumulated) in enumerate(steps):
        fan_in = node in backward_pass.fan_in
        yield BackwardStep(index, node, grads_in, grads_out, accumulated, fan_in)


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

    # The gradients are kept as the engine had them (arrays) and wrapped as
    # tensors only when someone reads them.
    __slots__ = ("index", "node", "_grads_in", "_grads_out", "accumulated", "fan_in")

    def __init__(self, index, node, grads_in, grads_out, accumulated, fan_in):
        self.index = index
        self.node = node
        self._grads_in = grads_in
        self._grads_out = grads_out
        self.accumulated = accumulated or []
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


def fitted(node, grads_out):
    """The gradients a node's backward returned, each fitted to its input's
    shape and dtype where broadcasting or promotion changed them (`node._fit`;
    most fit already and pass as they are)."""
    fit = node._fit
    result = []
    for i, g in enumerate(grads_out):
        meta = fit[i]
        if meta is None or (
            type(g) is np.ndarray and g.shape == meta[0] and g.dtype == meta[1]
        ):
            result.append(g)
        else:
            result.append(fit_gradient(g, meta, node, i))
    return tuple(result)


def _accumulated(node):
    """The `(leaf, leaf.grad)` an AccumulateGrad step changed ([] if the leaf
    is gone)."""
    leaf = node.variable
    return [] if leaf is None else [(leaf, leaf._grad)]


def _as_tensor(value):
    """A gradient as a tensor (the engine keeps numpy arrays)."""
    if value is None or isinstance(value, Tensor):
        return value
    return Tensor._make(value)  # (a numpy scalar stays one)


def _check_flag(value, name):
    """Refuse a flag that is not a bool (or an int, which PyTorch also takes):
    `retain_graph="no"` would otherwise be read as True."""
    if not isinstance(value, (bool, int)):
        raise TypeError(
            f"backward(): argument '{name}' must be bool, not "
            f"{type(value).__name__} (got {value!r}; use True or False)"
        )


def _make_pass(retain_graph, create_graph, inputs, captured):
    """A BackwardPass for these arguments, checked."""
    if retain_graph is None and create_graph is False and inputs is None:
        return BackwardPass(False, False)  # the usual `loss.backward()`: no checks
    if type(create_graph) is not bool:  # (the check costs a call: bools skip it)
        _check_flag(create_graph, "create_graph")
    if retain_graph is None:
        retain_graph = create_graph
    elif type(retain_graph) is not bool:
        _check_flag(retain_graph, "retain_graph")
    input_edges = None
    if inputs is not None:
        input_edges = []
        for t in _as_tuple(inputs):
            if not isinstance(t, Tensor):
                raise RuntimeError(
                    "all inputs have to be Tensors or GradientEdges, but got "
                    f"{type(t).__name__}"
                )
            if not t._requires_grad:
                raise RuntimeError(
                    "One of the differentiated Tensors does not require grad. "
                    "Hint: create it with requires_grad=True."
                )
            input_edges.append(edge_of(t))
            if captured is None and t.grad_fn is not None:
                # backward(inputs=[non-leaf]) fills its .grad as PyTorch does:
                # the tensor retains its grad from now on (`retains_grad`)
                t.retain_grad()
        if not input_edges:
            # An empty list would silently compute nothing: refuse, as PyTorch.
            raise RuntimeError(
                "`inputs` argument to `backward()` cannot be empty. Pass the "
                "tensors to accumulate into, or leave inputs out to accumulate "
                "into every leaf."
            )
    return BackwardPass(retain_graph, create_graph, input_edges, captured)


def _outputs_and_roots(tensors, grad_tensors):
    """The outputs as a tuple, and the gradient that starts from each (a
    tensor, or the numpy scalar 1 of a 0-d output's dtype)."""
    if grad_tensors is None and type(tensors) is Tensor and tensors._requires_grad:
        one = _ONES.get(type(tensors._data))
        if one is not None:  # the usual `loss.backward()` of a 0-d loss
            return (tensors,), (one,)
    outputs = _as_tuple(tensors)
    return outputs, _root_gradients(outputs, _as_tuple(grad_tensors, "gradient"))


# The implicit gradient of a 0-d output held as a numpy scalar.
_ONES = {kind: kind(1) for kind in (np.float16, np.float32, np.float64)}


def _as_tuple(tensors, name="tensors"):
    if tensors is None or type(tensors) is tuple:  # (grad() passes a tuple)
        return tensors
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
            # (np.ones_like costs more than the whole backward of a small graph;
            # a 0-d value held as a numpy scalar gets a numpy scalar 1)
            data = out._data
            if type(data) is np.ndarray:
                g = Tensor._make(np.array(1, data.dtype).reshape(data.shape))
            else:
                g = Tensor._make(type(data)(1))
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


def _run_post_accumulate_hooks(leaf):
    """`register_post_accumulate_grad_hook`: each hook sees the leaf once its
    `.grad` holds this pass's sum, and must return None (as PyTorch insists)."""
    for hook in list(leaf._post_accumulate_hooks):
        result = hook(leaf)
        if result is None:
            continue
        if not isinstance(result, Tensor):  # (PyTorch's two errors)
            raise TypeError(
                f"expected Variable, but hook returned '{type(result).__name__}'"
            )
        raise RuntimeError("Tensor post accumulate grad hooks should return None.")


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
