"""The least an autograd engine written in Python has to do: the floor that
bench_core's "bare engine" column measures, beside minigrad and PyTorch.

It keeps what issue 11 names and nothing else: requires_grad propagation and
a grad-mode check; one node per op, with its edges and PyTorch's name; saved
tensors checked against version counters; a weak reference from each node to
its output (what minigrad's widgets read); hooks and a broadcast to undo,
free when a node has none (one check each per step); the engine's order (the
newest node first, a heap), as a generator of steps; `grad(y, x)` with
`create_graph`, which records the backward maths, and PyTorch's walk that
finds which nodes lead to the inputs before any of them runs.

What it leaves out, and minigrad has: views and in-place ops, dtypes, several
outputs, anomaly mode, the widgets' listeners, and every argument check and
error. Only the ops the benchmarks use are here, on 0-d float32 values
(numpy scalars).
"""

import heapq
import itertools
import weakref

import numpy as np

_sequence_nr = itertools.count().__next__
_new = object.__new__


class _Mode:
    recording = True  # False inside a backward pass without create_graph


mode = _Mode()


class Tensor:
    """A value (a numpy scalar) and how it was made."""

    __slots__ = ("data", "requires_grad", "grad_fn", "version", "grad", "_leaf_edge")
    __slots__ += ("__weakref__",)

    def __init__(self, data, requires_grad=False):
        self.data = np.float32(data)
        self.requires_grad = requires_grad
        self.grad_fn = self.grad = self._leaf_edge = None
        self.version = [0]

    def edge(self):
        """Where this tensor's gradient goes: its node, or its leaf's AccumulateGrad."""
        if self.grad_fn is not None:
            return (self.grad_fn, 0)
        if self._leaf_edge is None:
            self._leaf_edge = (AccumulateGrad(self), 0)
        return self._leaf_edge

    def __mul__(self, other):
        if type(other) is Tensor:
            return _record_binary(MulBackward0, self.data * other.data, self, other)
        return _record_unary(
            MulScalar, self.data * np.float32(other), self, None, other
        )

    __rmul__ = __mul__

    def __add__(self, other):
        return _record_binary(AddBackward0, self.data + other.data, self, other)

    def __neg__(self):
        return _record_unary(NegBackward0, -self.data, self, None)

    def __pow__(self, p):
        return _record_unary(PowBackward0, self.data**p, self, self, p)

    def sin(self):
        return _record_unary(SinBackward0, np.sin(self.data), self, self)

    def cos(self):
        return _record_unary(CosBackward0, np.cos(self.data), self, self)

    def tanh(self):
        out = _record_unary(TanhBackward0, np.tanh(self.data), self, None)
        if out.grad_fn is not None:  # (tanh saves its output)
            out.grad_fn.saved = ((out, 0),)
        return out

    def backward(self):
        """Accumulate into the `.grad` of every leaf."""
        _run(self, False, None)

    def item(self):
        return float(self.data)


def _output(value):
    out = _new(Tensor)
    out.data = value
    out.requires_grad = False
    out.grad_fn = out.grad = out._leaf_edge = None
    out.version = [0]
    return out


# ----- nodes ----------------------------------------------------------------------


class Node:
    saved = ()
    hooks = None  # functions of the incoming gradient (none in the benchmarks)
    fit = None  # where broadcasting changed an input (never, on 0-d values)

    def values(self, as_tensors):
        """The saved tensors, checked against their versions."""
        values = []
        for entry in self.saved:
            if entry is None:
                values.append(None)
                continue
            tensor, version = entry
            if tensor.version[0] != version:
                raise RuntimeError("a saved tensor was modified in place")
            values.append(tensor if as_tensors else tensor.data)
        return values


class AccumulateGrad(Node):
    def __init__(self, leaf):
        self.next_functions = ()
        self.sequence_nr = _sequence_nr()
        self.leaf = weakref.ref(leaf)

    def backward(self, grad):
        leaf = self.leaf()
        data = grad.data if type(grad) is Tensor else grad
        leaf.grad = _output(data if leaf.grad is None else leaf.grad.data + data)
        return ()


def _record_binary(node_class, value, a, b):
    out = _output(value)
    if not (mode.recording and (a.requires_grad or b.requires_grad)):
        return out
    node = _new(node_class)
    node.next_functions = (
        a.edge() if a.requires_grad else (None, 0),
        b.edge() if b.requires_grad else (None, 0),
    )
    node.sequence_nr = _sequence_nr()
    if node_class is MulBackward0:  # (each operand is saved for the other)
        node.saved = ((a, a.version[0]), (b, b.version[0]))
    node.output = weakref.ref(out)
    out.requires_grad = True
    out.grad_fn = node
    return out


def _record_unary(node_class, value, a, saved, setting=None):
    out = _output(value)
    if not (mode.recording and a.requires_grad):
        return out
    node = _new(node_class)
    node.next_functions = (a.edge(),)
    node.sequence_nr = _sequence_nr()
    if saved is not None:
        node.saved = ((saved, saved.version[0]),)
    node.setting = setting
    node.output = weakref.ref(out)
    out.requires_grad = True
    out.grad_fn = node
    return out


# Each backward uses operators numpy scalars and tensors share, so that under
# create_graph the same formula records itself (as minigrad's do).


class MulBackward0(Node):
    def backward(self, grad):
        a, b = self.values(type(grad) is Tensor)
        (need_a, _), (need_b, _) = self.next_functions
        return (grad * b if need_a else None), (grad * a if need_b else None)


class MulScalar(Node):  # PyTorch's MulBackward0 with a number
    def backward(self, grad):
        return (grad * self.setting,)


class AddBackward0(Node):
    def backward(self, grad):
        return grad, grad


class NegBackward0(Node):
    def backward(self, grad):
        return (-grad,)


class PowBackward0(Node):
    def backward(self, grad):
        (a,) = self.values(type(grad) is Tensor)
        p = self.setting
        return (grad * (p * a ** (p - 1)),)


class SinBackward0(Node):
    def backward(self, grad):
        (a,) = self.values(type(grad) is Tensor)
        return (grad * (a.cos() if type(a) is Tensor else np.cos(a)),)


class CosBackward0(Node):
    def backward(self, grad):
        (a,) = self.values(type(grad) is Tensor)
        return (-grad * (a.sin() if type(a) is Tensor else np.sin(a)),)


class TanhBackward0(Node):
    def backward(self, grad):
        if type(grad) is Tensor:
            raise NotImplementedError("the benchmarks differentiate tanh once")
        (t,) = self.values(False)
        return (grad * (1 - t * t),)


# ----- the engine -----------------------------------------------------------------


def grad(output, x, create_graph=False):
    """d output / d x, returned (`torch.autograd.grad(output, x)`)."""
    return (_run(output, create_graph, x.edge()[0]),)


def _run(output, create_graph, wanted):
    """One backward pass from `output`: into the leaves' `.grad`, or (with a
    `wanted` node) only into the gradient it returns."""
    result = []
    for _ in _steps(output, create_graph, wanted, result):
        pass
    return result[0] if result else None


def _steps(output, create_graph, wanted, result):
    """The pass as a generator: it yields each node that ran."""
    root = output.grad_fn
    if wanted is not None:  # PyTorch's walk: does every path end at `wanted`?
        seen, edges = {None}, [(root, 0)]
        while edges:
            node = edges.pop()[0]
            if node not in seen:
                seen.add(node)
                if node.next_functions:
                    edges += node.next_functions
                elif node is not wanted:
                    raise NotImplementedError("a leaf that is not asked for")
    one = np.float32(1.0)
    buffers = {root: _output(one) if create_graph else one}
    waiting = [(-root.sequence_nr, root)]
    recording, mode.recording = mode.recording, create_graph
    try:
        while waiting:
            node = heapq.heappop(waiting)[1]
            grad = buffers.pop(node)
            if node.hooks is not None:
                for hook in node.hooks:
                    grad = hook(grad)
            if node is wanted:
                result.append(grad if type(grad) is Tensor else _output(grad))
                continue
            grads = node.backward(grad)
            if node.fit is not None:
                raise NotImplementedError("broadcasting: minigrad's fit_gradient")
            if not create_graph:
                node.saved = None  # freed, as retain_graph=False does
            for (child, _), g in zip(node.next_functions, grads):
                if child is None or g is None:
                    continue
                if child in buffers:
                    buffers[child] = buffers[child] + g
                else:
                    buffers[child] = g
                    heapq.heappush(waiting, (-child.sequence_nr, child))
            yield node
    finally:
        mode.recording = recording
