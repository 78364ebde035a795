"""The lab's graph picture and stepper, on a scalar engine you wrote yourself.

Lesson 15 has students write a small ``Value`` engine. The functions here
draw its graph with ``draw_graph`` and step through its backward pass with
``BackwardStepper``, through a small protocol. A node of your engine offers:

- ``data``: its value, a number;
- ``grad``: ∂L/∂(this node), a number that backward adds into;
- ``parents``: the nodes it was computed from, in argument order, as a tuple
  (a node used twice appears twice: ``a + a`` has parents ``(a, a)``);
  micrograd's ``_prev`` is read when there is no ``parents``;
- ``op``: the operation's name, ``"+"``, ``"*"``, ``"tanh"``, ... (``""``
  for a leaf); micrograd's ``_op`` is read when there is no ``op``;
- ``_backward()``: its local backward, called with no arguments: adds
  ``self.grad`` × the local derivative into each parent's ``grad`` (``+=``);
  a leaf's does nothing;
- optionally ``label``: a name to show when ``names`` gives none.

The output node offers ``backward()``: it seeds ``grad = 1`` and calls
``_backward`` of every node, each after every node that uses it.

Nothing here computes a gradient. The stepper runs *your* ``backward()``
once, at the first Next, watching each ``_backward`` call it makes; Next and
Prev then show those calls one at a time, setting every ``grad`` to what it
was right after that call. After the last step the grads are exactly what
your ``backward()`` gave. ``draw_graph`` draws tensors, so each node is shown
through a float64 tensor holding its ``data`` and ``grad`` (a display copy:
no operation ever runs on it). Read ``stepper.py`` and ``dot.py`` for the
widgets themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

import minigrad

from . import _format as fmt
from .dot import draw_graph
from .stepper import BackwardStepper

LEAF_NAME = "leaf"


# -- reading the protocol ---------------------------------------------------
def parents_of(value) -> tuple:
    """The nodes ``value`` was computed from (``parents``, else ``_prev``)."""
    parents = getattr(value, "parents", None)
    if parents is None:
        parents = getattr(value, "_prev", ())
    return tuple(parents)


def op_of(value) -> str:
    """The operation that made ``value`` (``op``, else ``_op``); ``""`` for
    a leaf."""
    op = getattr(value, "op", None)
    if op is None:
        op = getattr(value, "_op", "")
    return str(op or "")


def _number(x) -> float | None:
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


# -- the graph, as draw_graph reads it ----------------------------------------
class EngineNode:
    """One node of your engine, with the face of a minigrad graph node
    (``name()``, ``next_functions``) so that ``draw_graph`` can draw it.

    Attributes:
        value: your node.
        next_functions: ``(EngineNode of a parent, 0)`` per parent, in order.
    """

    formula = ""

    def __init__(self, value):
        self.value = value
        self.next_functions: tuple = ()

    def name(self) -> str:
        """The node's operation (``*``, ``tanh``), or ``leaf``."""
        return op_of(self.value) or LEAF_NAME

    def saved_arrays(self) -> list:
        """Nothing: your engine keeps what it needs in its closures."""
        return []


class EngineGraph:
    """The graph behind ``root`` in your engine, walked without recursion.

    Args:
        root: the output node (e.g. the loss).

    Attributes:
        nodes: an ``EngineNode`` per node, each consumer before the nodes it
            reads from (the order backward should visit them).
        leaves: the display tensors of the leaves (nodes without parents).

    Example:
        >>> graph = EngineGraph(loss)               # doctest: +SKIP
        >>> [node.name() for node in graph.nodes]   # doctest: +SKIP
        ['tanh', '+', '*', 'leaf', 'leaf', 'leaf']
    """

    def __init__(self, root):
        self.root = root
        order = topological_order(root)
        self.nodes = [EngineNode(value) for value in reversed(order)]
        self._node_of = {id(node.value): node for node in self.nodes}
        for node in self.nodes:
            parents = parents_of(node.value)
            node.next_functions = tuple((self._node_of[id(p)], 0) for p in parents)
        self._synced: dict[int, tuple] = {}  # id(node) -> (data, grad) shown
        self._tensors = {
            id(node): minigrad.zeros((), dtype=minigrad.float64, requires_grad=True)
            for node in self.nodes
        }
        self.leaves = [self._tensors[id(n)] for n in self.nodes if not n.next_functions]
        self.sync()

    def node_of(self, value) -> EngineNode:
        """The ``EngineNode`` of one of your nodes."""
        return self._node_of[id(value)]

    def tensor_of(self, node):
        """The display tensor of ``node`` (its ``data`` and ``grad``)."""
        return self._tensors[id(node)]

    def sync(self) -> None:
        """Copy every node's ``data`` and ``grad`` into its display tensor
        (only those that changed since the last copy: a step changes few)."""
        for node in self.nodes:
            now = (_number(node.value.data), _number(getattr(node.value, "grad", None)))
            previous = self._synced.get(id(node), (0.0, None))
            if previous == now:
                continue
            self._synced[id(node)] = now
            data, grad = now
            tensor = self._tensors[id(node)]
            if data != previous[0]:
                with minigrad.no_grad():
                    tensor.fill_(0.0 if data is None else data)
            tensor.grad = (
                None if grad is None else minigrad.tensor(grad, dtype=minigrad.float64)
            )

    def __len__(self) -> int:
        return len(self.nodes)


def topological_order(root) -> list:
    """Every node behind ``root``, each after its parents, each once; an
    explicit stack, so a chain of 100,000 nodes is fine.

    Args:
        root: the output node.

    Returns:
        A list of your nodes, ``root`` last.
    """
    order, done, stack = [], set(), [(root, False)]
    while stack:
        value, parents_done = stack.pop()
        if id(value) in done:
            continue
        if parents_done:
            done.add(id(value))
            order.append(value)
            continue
        stack.append((value, True))
        # The last parent is finished first, so that once reversed (consumers
        # first, as drawn) the first argument comes first: ``a`` above ``b``.
        stack.extend((p, False) for p in parents_of(value) if id(p) not in done)
    return order


def name_pairs(graph: EngineGraph, names=None) -> list[tuple[str, object]]:
    """``(name, display tensor)`` per named node, for ``draw_graph``.

    Args:
        graph: an ``EngineGraph``.
        names: ``locals()`` or ``(name, node)`` pairs; names starting with
            ``_`` are skipped, the first name of a node wins; a node's
            ``label`` is used where no name is given.
    """
    found: dict[int, str] = {}
    items = names.items() if hasattr(names, "items") else (names or [])
    known = {id(node.value) for node in graph.nodes}
    for name, value in list(items):
        if isinstance(name, str) and not name.startswith("_") and id(value) in known:
            found.setdefault(id(value), name)
    for node in graph.nodes:
        label = getattr(node.value, "label", None)
        if label and isinstance(label, str):
            found.setdefault(id(node.value), label)
    by_id = {id(node.value): node for node in graph.nodes}
    return [(name, graph.tensor_of(by_id[key])) for key, name in found.items()]


def draw_engine(root, names=None, **options):
    """Draw the graph of your engine behind ``root`` with ``draw_graph``.

    Args:
        root: the output node of your engine.
        names: ``locals()`` or ``(name, node)`` pairs.
        **options: passed to ``draw_graph`` (``direction``, ``show_grads``).

    Returns:
        A ``graphviz.Digraph`` that a notebook shows as its picture.

    Example:
        >>> draw_engine(L, names=locals())   # doctest: +SKIP
    """
    graph = EngineGraph(root)
    options.setdefault("legend", False)
    return draw_graph(graph=graph, names=name_pairs(graph, names), **options)


# -- stepping through your backward() -----------------------------------------
@dataclass
class EngineStep:
    """One ``_backward`` call your ``backward()`` made, copied.

    Attributes:
        index: 0-based step number.
        node: the ``EngineNode`` whose ``_backward`` ran.
        name: its operation (``*``) or ``leaf``.
        grad_in: the node's ``grad`` when the call began.
        sent: ``(parent EngineNode, grad before, grad after, uses)`` per
            distinct parent, in argument order (``uses``: how many of the
            node's argument slots hold that parent).
        changed: ``id(your node) -> grad`` for every grad that changed at
            this step (the seed, set before the first call, counts to it).
    """

    index: int
    node: EngineNode
    name: str
    grad_in: float | None
    sent: list = field(default_factory=list)
    changed: dict = field(default_factory=dict)


class EngineStepperModel:
    """What ``BackwardStepper`` steps through for your engine: the calls
    your ``backward()`` makes, one per step.

    It offers what the stepper reads of a ``StepperModel``: ``next``,
    ``prev``, ``reset``, ``goto``, ``position``, ``total``, ``current``,
    ``explain()``, ``leaf_grads()``, ``visited()``, ``traversed()``.

    Args:
        root: the output node of your engine (its ``backward()`` is run).
        names: ``locals()`` or ``(name, node)`` pairs, read now.
        zero_grad: set every grad of the graph to 0 just before running
            ``backward()`` (default), as a training loop does, so the steps
            show one pass whatever ran before; step 1 shows the zeros with
            the seed, and ``reset()`` puts back the grads found. False: run
            ``backward()`` on the grads as they are (they add up, ``+=``).

    Example:
        >>> model = EngineStepperModel(L, names=locals())   # doctest: +SKIP
        >>> model.run_to_end(); a.grad                     # doctest: +SKIP
    """

    def __init__(self, root, names=None, zero_grad=True):
        if not callable(getattr(root, "backward", None)):
            raise TypeError(
                f"{type(root).__name__} has no backward() method: the stepper runs "
                "your engine's own backward(), so give the output node one"
            )
        self.root = root
        self.zero_grad = zero_grad
        self.graph = EngineGraph(root)
        self.names = {id(t): n for n, t in name_pairs(self.graph, names)}
        self.outputs = ()  # no minigrad tensors: the graph is drawn from `graph`
        # No forward snapshot for draw_graph: names are fixed now (`names`),
        # and the display tensors already hold the values forward computed.
        self.forward = None
        self.grad_tensors = None
        self.leaves = list(self.graph.leaves)
        self.history: list[EngineStep] = []
        self.position = 0
        self.total = len(self.graph.nodes)
        self.finished = False
        self.error: Exception | None = None
        self._failed: EngineStep | None = None  # the step whose call raised
        self._values = [node.value for node in self.graph.nodes]
        self._initial = {id(v): _grad(v) for v in self._values}
        self._log: dict[int, list] = {id(v): [] for v in self._values}

    # -- moving ---------------------------------------------------------------
    @property
    def at_start(self) -> bool:
        """True before the first step (and after ``reset()``)."""
        return self.position == 0

    @property
    def at_end(self) -> bool:
        """True once your backward() has run and its last call is shown."""
        return self.finished and self.position == len(self.history)

    @property
    def current(self) -> EngineStep | None:
        """The step shown, or None at the start."""
        return self.history[self.position - 1] if self.position else None

    def next(self) -> EngineStep | None:
        """Show the next call (running your backward() the first time)."""
        if not self.finished:
            self._run_backward()
            if self.error is not None:
                self._show(0)
                raise RuntimeError(self._error_text()) from self.error
        if self.position < len(self.history):
            self._show(self.position + 1)
            return self.current
        return None

    def _error_text(self) -> str:
        error = f"{type(self.error).__name__}: {self.error}"
        step = self._failed
        if step is not None:
            return (
                f"your backward() stopped at step {step.index + 1}: the "
                f"_backward of {self.expression(step.node)} raised {error}"
            )
        return (
            f"your backward() raised {error} (after {len(self.history)} "
            "_backward calls)"
        )

    def prev(self) -> EngineStep | None:
        """Go back one call: every grad as it was before it."""
        if self.position:
            self._show(self.position - 1)
        return self.current

    def reset(self) -> None:
        """Back to the start: every grad as it was before backward()."""
        self._show(0)

    def goto(self, k: int) -> EngineStep | None:
        """Show the state after ``k`` calls."""
        k = max(0, int(k))
        if k and not self.finished:
            self.next()
        self._show(min(k, len(self.history)))
        return self.current

    def run_to_end(self) -> None:
        """Show the state after the last call: what backward() gave."""
        self.goto(self.total)

    # -- running your backward() once, watching it ------------------------------
    def _run_backward(self) -> None:
        self._show(0)
        known = dict(self._initial)
        if self.zero_grad:
            # Counted to step 1 with the seed (the first call diffs every node).
            for value in self._values:
                value.grad = 0.0
        saved = {}
        for node in self.graph.nodes:
            value = node.value
            own = getattr(value, "__dict__", {})
            saved[id(value)] = (value, "_backward" in own, own.get("_backward"))
            value._backward = self._watch(node, known)
        try:
            self.root.backward()
        except Exception as error:  # shown by the stepper, with the step it hit
            self.error = error
        finally:
            # Put every _backward back as it was (a closure, or the class's).
            for value, had_own, original in saved.values():
                if had_own:
                    value._backward = original
                else:
                    del value._backward
        # Whatever backward() changed after its last call belongs to that step.
        late = self._changes(self._values, known)
        if late and self.history:
            self._note(self.history[-1], late, known)
        self.finished = True
        self.total = len(self.history)
        if not self.history:
            self._show(0)  # no step to show a change in: the grads as found

    def _watch(self, node, known):
        value, original = node.value, node.value._backward

        def watched():
            # Grads set since the last call (the seed, a zeroing) count to this
            # step; the first call looks at every node, later ones at their own.
            looked_at = self._values if not self.history else [value]
            step = EngineStep(len(self.history), node, node.name(), _grad(value))
            self._note(step, self._changes(looked_at, known), known)
            parents = _distinct(parents_of(value))
            before = [_grad(p) for p, _ in parents]
            self.history.append(step)
            self._failed = step  # until the call returns
            original()
            self._failed = None
            after = [_grad(p) for p, _ in parents]
            step.sent = [
                (self.graph.node_of(p), b, a, uses)
                for (p, uses), b, a in zip(parents, before, after)
            ]
            self._note(step, self._changes([p for p, _ in parents], known), known)

        return watched

    @staticmethod
    def _changes(values, known) -> dict:
        return {id(v): _grad(v) for v in values if _grad(v) != known.get(id(v))}

    def _note(self, step: EngineStep, changes: dict, known: dict) -> None:
        step.changed.update(changes)
        known.update(changes)
        for key, grad in changes.items():
            log = self._log[key]
            if log and log[-1][0] == step.index + 1:
                log[-1] = (step.index + 1, grad)
            else:
                log.append((step.index + 1, grad))

    def _grad_at(self, key: int, k: int):
        found = self._initial[key]
        for step_k, grad in self._log[key]:
            if step_k > k:
                break
            found = grad
        return found

    def _show(self, k: int) -> None:
        for value in self._values:
            grad = self._grad_at(id(value), k)
            if grad is not None and _grad(value) != grad:
                value.grad = grad
        self.position = k
        self.graph.sync()

    # -- what a step means ------------------------------------------------------
    def name_of(self, node) -> str:
        """The name of a node (from ``names`` or its ``label``), else ``[op]``."""
        name = self.names.get(id(self.graph.tensor_of(node)))
        return name or f"[{node.name()}]"

    def loss_name(self) -> str:
        """The output's name, or ``L``."""
        name = self.names.get(id(self.graph.tensor_of(self.graph.nodes[0])))
        return name or "L"

    def expression(self, node) -> str:
        """How the node was computed: ``h = a * b``, ``L = tanh(z)``."""
        args = [self.name_of(p) for p, _ in node.next_functions]
        op = node.name()
        if len(args) == 2 and not op.isalnum():
            text = f"{args[0]} {op} {args[1]}"
        else:
            text = f"{op}({', '.join(args)})"
        return f"{self.name_of(node)} = {text}"

    def explain(self, step: EngineStep | None = None) -> list[str]:
        """The chain rule at a step, as lines with the real numbers."""
        step = step or self.current
        if step is None:
            if self.finished and not self.history:
                return [
                    "Your backward() made no _backward call: is backward() "
                    "written yet (exercise 4)?"
                ]
            return [
                "Before step 1: nothing has run. Press Next: it runs your "
                "backward() and shows its _backward calls one by one."
            ]
        node, loss = step.node, self.loss_name()
        out = self.name_of(node)
        if not node.next_functions:
            return [
                f"Step {step.index + 1}: {out}._backward(), a leaf",
                f"{out}.grad = {fmt.number(step.grad_in)}: a leaf has no "
                "parents, so its _backward sends nothing on",
            ]
        lines = [
            f"Step {step.index + 1}: {self.expression(node)}, its _backward()",
            self._incoming_line(step, loss, out),
        ]
        for parent, before, after, uses in step.sent:
            lines.append(self._sent_line(step, parent, before, after, uses, out))
        return lines

    def _incoming_line(self, step, loss, out) -> str:
        text = f"gradient in: ∂{loss}/∂{out} = {out}.grad = {fmt.number(step.grad_in)}"
        if step.node is self.graph.nodes[0]:
            return text + "  (the seed: backward() set it)"
        sources = [
            (earlier, after - before)
            for earlier in self.history[: step.index]
            for parent, before, after, _ in earlier.sent
            if parent is step.node and None not in (before, after)
        ]
        if len(sources) > 1:
            terms = " + ".join(
                f"{fmt.number(d)} (from {self.name_of(e.node)})" for e, d in sources
            )
            return text + f" = {terms}: the += of its consumers added up"
        return text

    def _sent_line(self, step, parent, before, after, uses, out) -> str:
        name = self.name_of(parent)
        if None in (before, after):
            return f"to {name}: its grad is not a number ({before} → {after})"
        added = after - before
        twice = (
            f" (used {uses}×: the sends of its {uses} slots add up)" if uses > 1 else ""
        )
        line = (
            f"to {name}: {name}.grad {fmt.number(before)} → "
            f"{fmt.number(after)}, += {fmt.number(added)}{twice}"
        )
        if step.grad_in:
            line += (
                f";  ∂{out}/∂{name} = {fmt.number(added)} / "
                f"{fmt.number(step.grad_in)} = {fmt.number(added / step.grad_in)}"
            )
        return line

    def leaf_grads(self) -> list[tuple]:
        """``(name, display tensor, grad now, changed by this step)`` per leaf."""
        changed = set(self.current.changed) if self.current else set()
        rows = []
        for node in self.graph.nodes:
            if node.next_functions:
                continue
            grad = _grad(node.value)
            rows.append(
                (
                    self.name_of(node),
                    self.graph.tensor_of(node),
                    None if grad is None else np.asarray(grad),
                    id(node.value) in changed,
                )
            )
        return rows

    def visited(self) -> list:
        """The nodes whose _backward has run so far, in order."""
        return [step.node for step in self.history[: self.position]]

    def traversed(self) -> list[tuple]:
        """``(consumer, slot, text)`` for every edge a gradient has been sent
        along so far; a parent in two slots is labelled once, with the sum."""
        found = []
        for step in self.history[: self.position]:
            sent = {id(p): (b, a) for p, b, a, _ in step.sent}
            labelled = set()
            for nr, (parent, _) in enumerate(step.node.next_functions):
                before, after = sent.get(id(parent), (None, None))
                text = (
                    ""
                    if id(parent) in labelled or None in (before, after)
                    else fmt.number(after - before)
                )
                labelled.add(id(parent))
                found.append((step.node, nr, text))
        return found


def _grad(value):
    return _number(getattr(value, "grad", None))


def _distinct(parents) -> list[tuple]:
    """``(parent, uses)`` per distinct parent, in order of first use."""
    counts: dict[int, list] = {}
    for parent in parents:
        counts.setdefault(id(parent), [parent, 0])[1] += 1
    return [(p, n) for p, n in counts.values()]


class EngineStepper(BackwardStepper):
    """The ``BackwardStepper`` over your own engine's ``backward()``.

    Args:
        root: the output node of your engine.
        names: ``locals()`` or ``(name, node)`` pairs, read now.
        direction: Graphviz ``rankdir``, ``"LR"`` or ``"TB"``.
        zero_grad: zero every grad before running ``backward()`` (see
            ``EngineStepperModel``).

    Attributes:
        model: the ``EngineStepperModel`` (history, ``explain()``).

    Example:
        >>> EngineStepper(L, names=locals())   # doctest: +SKIP
    """

    def __init__(self, root, names=None, direction="LR", zero_grad=True):
        model = EngineStepperModel(root, names=names, zero_grad=zero_grad)
        super().__init__(
            None, names=name_pairs(model.graph, names), model=model, direction=direction
        )
        # Its own class: the lab's tests of minigrad steppers compare with
        # minigrad's backward(), which does not run your engine.
        self.remove_class("minigrad-stepper")
        self.add_class("minigrad-engine-stepper")
        self.draw_options["legend"] = False
        self.update()
