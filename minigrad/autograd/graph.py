"""The public graph API: walk a computational graph, and hear when grads change.

This is what the widgets read; they never touch private attributes. A graph
is walked from one or more output tensors along `grad_fn.next_functions`.

    g = minigrad.autograd.graph.walk(loss)
    for node in g.nodes:            # consumers before producers
        print(node.name(), node.formula, g.tensor_of(node))
    for e in g.edges:               # gradient flows from e.src to e.dst
        print(e.src.name(), "->", e.dst.name())
"""

from dataclasses import dataclass

from .function import AccumulateGrad, Node


@dataclass(frozen=True)
class Edge:
    """An edge of the backward graph: gradient flows from `src` to `dst`.

    Attributes:
        src: the consuming node (the one whose `next_functions` holds `dst`).
        dst: the producing node (or the AccumulateGrad of a leaf).
        input_nr: which input of `src`'s operation this is.
        output_nr: which output of `dst`'s operation it reads.
    """

    src: Node
    dst: Node
    input_nr: int
    output_nr: int


class Graph:
    """The nodes and edges reachable from some roots, in a deterministic order.

    Attributes:
        roots: the tensors the walk started from.
        nodes: every node, each consumer before the nodes it reads from, in
            the order PyTorch's engine runs them (a stepper steps through
            them in this order).
        edges: every edge, in the order of `nodes`, then of `next_functions`.
        leaves: the leaf tensors (those behind AccumulateGrad nodes), in node order.
    """

    def __init__(self, roots, nodes, edges):
        self.roots = roots
        self.nodes = nodes
        self.edges = edges
        self.leaves = [n.variable for n in nodes if isinstance(n, AccumulateGrad)]

    def tensor_of(self, node):
        """The tensor behind `node`: its output, or the leaf of an AccumulateGrad.

        Returns None when the output tensor has already been freed.
        """
        if isinstance(node, AccumulateGrad):
            return node.variable
        return node.output()

    def __len__(self):
        return len(self.nodes)


def root_node(root):
    """The node a root tensor's gradient enters (None if it needs no grad)."""
    if isinstance(root, Node):
        return root
    if root.grad_fn is not None:
        return root.grad_fn
    if root.requires_grad:
        return root._accumulator()
    return None


def walk(*roots):
    """Walk the graph behind `roots` (tensors or nodes).

    Args:
        *roots: output tensors (e.g. a loss) or nodes.

    Returns:
        A `Graph`. Walking is iterative, so very deep graphs are fine.

    Example:
        >>> g = walk(loss)  # doctest: +SKIP
        >>> [n.name() for n in g.nodes]  # doctest: +SKIP
        ['MeanBackward0', 'PowBackward0', ...]
    """
    from .engine import pytorch_order  # (engine.py imports this module)

    starts = [n for n in (root_node(r) for r in roots) if n is not None]
    nodes = pytorch_order(list(dict.fromkeys(starts)))  # (each root once)
    edges = [
        Edge(node, child, i, nr)
        for node in nodes
        for i, (child, nr) in enumerate(node.next_functions)
        if child is not None
    ]
    tensors = [r for r in roots if not isinstance(r, Node)]
    return Graph(tensors, nodes, edges)


_listeners = []


class ListenerHandle:
    """Returned by `add_grad_listener`; `remove()` stops the notifications."""

    def __init__(self, listener):
        self._listener = listener

    def remove(self):
        """Stop calling the listener (removing twice is harmless)."""
        if self._listener in _listeners:
            _listeners.remove(self._listener)


def add_grad_listener(listener):
    """Call `listener(event)` whenever gradients change.

    Events: "backward" when a backward pass or `autograd.grad` finishes,
    "step" after every step of the engine, and "grad_reset" when a `.grad` is
    set, cleared or changed in place (`x.grad = None`, `x.grad.zero_()`,
    `model.zero_grad()`, `optimizer.zero_grad()`).

    Args:
        listener: a callable taking the event name.

    Returns:
        A handle whose `remove()` unregisters the listener.
    """
    _listeners.append(listener)
    return ListenerHandle(listener)


def notify(event):
    """Tell every listener that `event` happened (used by the engine and Tensor)."""
    if _listeners:
        for listener in list(_listeners):
            listener(event)
