"""Backward one node at a time: the plain-Python model under the stepper.

``StepperModel`` pulls the core engine's own step generator
(``minigrad.autograd.engine.backward_steps``) one step per ``next()``, so
what a student steps through *is* ``backward()``. The engine only goes
forward, so every step is recorded with a copy of the gradients it
accumulated; ``prev()``, ``reset()`` and stepping forward again over known
steps restore the leaves' ``.grad`` from those copies. Nothing touches
``.grad`` before the first ``next()``; after the last step the leaves hold
exactly what ``backward()`` gives. ``stepper.py`` puts buttons on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

import minigrad
from minigrad.autograd.engine import backward_steps
from minigrad.autograd.graph import walk

from . import _format as fmt
from ._collapse import is_accumulate


@dataclass
class StepRecord:
    """What one engine step did, copied so that later steps cannot change it.

    Attributes:
        index: 0-based step number.
        node: the autograd node that ran.
        name: its name (``MulBackward0``).
        formula: its local derivative in words.
        grads_in: numpy gradient per output of the node (or None).
        grads_out: numpy gradient sent per ``next_functions`` entry (or None).
        inputs: the producer node per ``next_functions`` entry (or None).
        fan_in: True if the incoming gradient summed several contributions.
        accumulated: ``(leaf, grad before, grad after)`` per leaf this step
            accumulated into (numpy arrays or None).
    """

    index: int
    node: object
    name: str
    formula: str
    grads_in: tuple
    grads_out: tuple
    inputs: tuple
    fan_in: bool
    accumulated: list = field(default_factory=list)


class StepperModel:
    """Step through the real backward pass of ``outputs``.

    Args:
        outputs: the loss (a scalar Tensor) or a list of output Tensors.
        grad_tensors: gradients to start from, as ``backward(gradient=...)``;
            needed for non-scalar outputs.
        names: names to show (``locals()``, a Module or named pairs).
        retain_graph: keep the graph after the last step (default True, so
            the picture keeps its saved tensors and ``backward()`` can be
            called afterwards to compare).

    Example:
        >>> model = StepperModel(loss, names=locals())   # doctest: +SKIP
        >>> model.next().name                              # doctest: +SKIP
        'AddBackward0'
    """

    def __init__(self, outputs, grad_tensors=None, names=None, retain_graph=True):
        if not isinstance(outputs, (list, tuple)):
            outputs = (outputs,)
        self.outputs = tuple(outputs)
        for i, out in enumerate(self.outputs):
            if out.grad_fn is None:
                raise RuntimeError(
                    f"element {i} of tensors does not require grad and does not "
                    "have a grad_fn: there is no backward pass to step through"
                )
            if grad_tensors is None and out.numel() != 1:
                raise RuntimeError(
                    "grad can be implicitly created only for scalar outputs: "
                    f"output {i} has shape {fmt.shape_text(out.shape)}; pass "
                    "grad_tensors=... as you would pass backward(gradient=...)"
                )
        if grad_tensors is not None and not isinstance(grad_tensors, (list, tuple)):
            grad_tensors = (grad_tensors,)
        self.grad_tensors = grad_tensors
        self.retain_graph = retain_graph
        self.names = fmt.keep_names(names)
        self.graph = walk(*self.outputs)
        # Names and values now, before a later backward() frees what the
        # graph saved or a later cell rebinds a name.
        self.forward = fmt.ForwardSnapshot(
            self.graph, self.names, extra=grad_tensors or ()
        )
        if any(getattr(node, "released", False) for node in self.graph.nodes):
            raise RuntimeError(
                "Trying to backward through the graph a second time: backward() "
                "already ran on this graph and freed what it saved. Compute the "
                "loss again (run the forward pass) before stepping, or call "
                "backward(retain_graph=True) the first time."
            )
        self.leaves = list(self.graph.leaves)
        self.history: list[StepRecord] = []
        self.position = 0
        self.total = len(self.graph.nodes)
        self.finished = False
        self.error: Exception | None = None
        self._initial = {id(leaf): fmt.copy_numpy(leaf.grad) for leaf in self.leaves}
        self._log: dict[int, list] = {id(leaf): [] for leaf in self.leaves}
        self._shown: dict[int, int] = {id(leaf): 0 for leaf in self.leaves}
        self._steps = None
        self._roots = {id(out.grad_fn): i for i, out in enumerate(self.outputs)}

    # -- moving -----------------------------------------------------------
    @property
    def at_start(self) -> bool:
        """True before the first step (and after ``reset()``)."""
        return self.position == 0

    @property
    def at_end(self) -> bool:
        """True once the engine has finished (or failed: see ``error``) and
        the last step is shown."""
        return self.finished and self.position == len(self.history)

    @property
    def current(self) -> StepRecord | None:
        """The step last taken, or None at the start."""
        return self.history[self.position - 1] if self.position else None

    def next(self) -> StepRecord | None:
        """Take one step (the engine's next one, or a recorded one after
        ``prev``). Returns the step, or None at the end."""
        if self.position < len(self.history):
            self._show(self.position + 1)
            return self.current
        if self.error is not None:
            raise RuntimeError(
                f"backward stopped with an error at step {len(self.history) + 1}: "
                f"{self.error}"
            ) from self.error
        if self.finished:
            return None
        return self._pull()

    def prev(self) -> StepRecord | None:
        """Go back one step: the leaves' ``.grad`` return to what they were."""
        if self.position:
            self._show(self.position - 1)
        return self.current

    def reset(self) -> None:
        """Back to the start: every leaf's ``.grad`` as it was before step 1."""
        self._show(0)

    def goto(self, k: int) -> StepRecord | None:
        """Show the state after ``k`` steps (running the engine as needed)."""
        k = max(0, int(k))
        while self.position < k and self.next() is not None:
            pass
        if k < self.position:
            self._show(k)
        return self.current

    def run_to_end(self) -> None:
        """Take every remaining step."""
        while self.next() is not None:
            pass

    # -- engine and snapshots ---------------------------------------------
    def _pull(self) -> StepRecord | None:
        if self._steps is None:
            self._steps = backward_steps(
                self.outputs, self.grad_tensors, retain_graph=self.retain_graph
            )
        try:
            step = next(self._steps)
        except StopIteration:
            self._finish()
            return None
        except Exception as error:
            # The engine's generator is closed now: remember why.
            self.error = self._explained(error)
            self._finish()
            if self.error is error:
                raise
            raise self.error from error
        record = self._record(step)
        self.position = len(self.history)
        if len(self.history) >= self.total:
            self._look_for_end()
        return record

    def _explained(self, error: Exception) -> Exception:
        # A backward() run after the stepper was made freed its graph: say
        # that, and what to do, in the stepper's terms.
        if not any(getattr(node, "released", False) for node in self.graph.nodes):
            return error
        return RuntimeError(
            "this stepper's graph was freed by a backward() that ran after the "
            "stepper was made, so the engine cannot go on (the names and values "
            "shown are kept from the forward pass). Run the forward pass again "
            "and make a new stepper, or call backward(retain_graph=True) "
            f"elsewhere. The engine said: {error}"
        )

    def _look_for_end(self) -> None:
        # Let the engine run its closing code now, so the last step leaves
        # .grad exactly as backward() would. Should it yield a step after
        # all (our count was low), keep it and show the state before it.
        try:
            step = next(self._steps)
        except StopIteration:
            self._finish()
            return
        self._record(step)
        self.total = len(self.history) + 1
        self._show(self.position)

    def _finish(self) -> None:
        self.finished = True
        self.total = len(self.history)

    def _record(self, step) -> StepRecord:
        k = len(self.history) + 1
        accumulated = []
        for leaf, grad in step.accumulated:
            after = fmt.copy_numpy(grad)
            before = self._state(id(leaf), k - 1) if id(leaf) in self._log else None
            accumulated.append((leaf, before, after))
            if id(leaf) in self._log:
                self._log[id(leaf)].append((k, after))
                self._shown[id(leaf)] = k
        node = step.node
        record = StepRecord(
            index=step.index,
            node=node,
            name=node.name(),
            formula=step.formula,
            grads_in=tuple(fmt.copy_numpy(g) for g in step.grads_in),
            grads_out=tuple(fmt.copy_numpy(g) for g in step.grads_out),
            inputs=tuple(fn for fn, _ in node.next_functions),
            fan_in=bool(step.fan_in),
            accumulated=accumulated,
        )
        self.history.append(record)
        return record

    def _entry(self, leaf_id: int, k: int) -> tuple[int, np.ndarray | None]:
        found = (0, self._initial[leaf_id])
        for step_k, array in self._log[leaf_id]:
            if step_k > k:
                break
            found = (step_k, array)
        return found

    def _state(self, leaf_id: int, k: int):
        return self._entry(leaf_id, k)[1]

    def _show(self, k: int) -> None:
        for leaf in self.leaves:
            step_k, array = self._entry(id(leaf), k)
            if self._shown[id(leaf)] != step_k:
                leaf.grad = None if array is None else minigrad.tensor(array.copy())
                self._shown[id(leaf)] = step_k
        self.position = k

    # -- what a step means ------------------------------------------------
    def name_of(self, node) -> str:
        """A short label for a node: the name its tensor had when the stepper
        was made, else the node's name (``leaf`` for an unnamed leaf)."""
        if node is None:
            return "no grad"
        name = self.forward.name(node)
        if name:
            return name
        if is_accumulate(node):
            return "leaf"
        return node.name()

    def contributions(self, record: StepRecord) -> list[tuple[str, np.ndarray]]:
        """Where ``record.node``'s incoming gradient came from:
        ``(source, gradient)`` for the seed and every earlier step that sent
        it one. More than one means the node feeds several consumers, and
        the gradients were added (``+=``)."""
        found = []
        if id(record.node) in self._roots:
            i = self._roots[id(record.node)]
            seed = (
                fmt.copy_numpy(self.grad_tensors[i])
                if self.grad_tensors
                else np.ones(())
            )
            found.append(("seed", seed))
        for earlier in self.history[: record.index]:
            for nr, producer in enumerate(earlier.inputs):
                if producer is record.node and earlier.grads_out[nr] is not None:
                    found.append((earlier.name, earlier.grads_out[nr]))
        return found

    def explain(self, record: StepRecord | None = None) -> list[str]:
        """The chain rule at a step, as plain lines with the real numbers.

        A scalar loss reads as derivatives (``∂L/∂w``). A backward with a
        given gradient (``y.backward(v)``) reads as vector-Jacobian products:
        the seed is ``grad_output``, and what flows is ``vᵀ∂y/∂w``, never
        called ``∂y/∂w`` (that is the Jacobian itself).

        Returns:
            Lines such as ``"∂L/∂h × ∂h/∂w = ∂L/∂w: 2 × 3 = 6"``.
        """
        record = record or self.current
        if record is None:
            return ["Before step 1: no gradient has flowed yet. Press Next."]
        out = self.name_of(record.node)
        formula = self.formula_of(record)
        lines = [
            f"Step {record.index + 1}: {record.name}",
            f"formula: {formula}" if formula else "formula: -",
        ]
        lines.append(self._incoming_line(record, out))
        if is_accumulate(record.node):
            lines += [
                self._accumulate_line(leaf, before, after)
                for leaf, before, after in record.accumulated
            ]
            return lines
        grad_in = record.grads_in[0] if record.grads_in else None
        for nr, producer in enumerate(record.inputs):
            lines.append(self._input_line(record, nr, producer, grad_in, out))
        return lines

    def formula_of(self, record: StepRecord) -> str:
        """The node's local derivative in the graph's own names
        (``∂(w*x)/∂w = x``); letters only where an input has no name."""
        inputs = [
            fmt.NO_GRAD_INPUT if producer is None else self.forward.name(producer)
            for producer in record.inputs
        ]
        return fmt.named_formula(record.formula, inputs, self.forward.all_names)

    def loss_name(self) -> str:
        """The name of the output (``loss``), or ``L``."""
        if len(self.outputs) == 1:
            name = self.forward.name_of_tensor(self.outputs[0])
            if name:
                return name
        return "L"

    @property
    def scalar_backward(self) -> bool:
        """True for ``loss.backward()`` of one scalar: the seed is 1 and
        what flows are derivatives of the loss."""
        return self.grad_tensors is None and len(self.outputs) == 1

    def vector_name(self) -> str:
        """The name of the gradient given to backward (``v``), else ``v``."""
        names = [self.forward.name_of_tensor(g) for g in (self.grad_tensors or ())]
        if len(names) == 1 and names[0]:
            return names[0]
        return "v"

    def flow(self, node_name: str) -> str:
        """What the gradient reaching a node is: ``∂L/∂h`` for a scalar loss,
        ``vᵀ∂y/∂h`` (a vector-Jacobian product) when backward got a vector."""
        if self.scalar_backward:
            return f"∂{self.loss_name()}/∂{node_name}"
        if len(self.outputs) == 1:
            return f"{self.vector_name()}ᵀ∂{self.loss_name()}/∂{node_name}"
        return f"Σ vᵀ∂y/∂{node_name}"

    def _incoming_line(self, record, out) -> str:
        grad_in = record.grads_in[0] if record.grads_in else None
        parts = self.contributions(record)
        total = fmt.summary(grad_in)
        flow = self.flow(out)
        if len(parts) > 1 or record.fan_in:
            terms = " += ".join(f"{fmt.summary(g)} (from {src})" for src, g in parts)
            return (
                f"gradient in: {flow} = {terms} = {total}  "
                f"(+=: {out} feeds {len(parts)} consumers)"
            )
        if parts and parts[0][0] == "seed":
            if self.scalar_backward:
                return (
                    f"gradient in: {flow} = {total}  (the seed: backward starts here)"
                )
            seed = self.vector_name()
            return (
                f"gradient in: grad_output {seed} = {total}  (the seed: the "
                f"vector given to backward(gradient={seed}), not a derivative)"
            )
        return f"gradient in: {flow} = {total}"

    def _input_line(self, record, nr, producer, grad_in, out) -> str:
        if producer is None:
            return f"input {nr}: needs no grad, nothing is sent"
        name = self.name_of(producer)
        grad_out = record.grads_out[nr] if nr < len(record.grads_out) else None
        local = local_derivative(grad_in, grad_out)
        head = f"input {nr} → {name}: "
        flow_in, flow_out = self._flows_at(record, out, name)
        if local is None:
            return (
                head + f"{flow_out} = {fmt.summary(grad_out)}  "
                f"(∂{out}/∂{name}: see formula)"
            )
        times = "×" if np.size(grad_in) == 1 else "⊙"
        return (
            head + f"{flow_in} {times} ∂{out}/∂{name} = {flow_out}: "
            f"{fmt.summary(grad_in)} {times} {fmt.summary(local)} = "
            f"{fmt.summary(grad_out)}"
        )

    def _flows_at(self, record, out, name) -> tuple[str, str]:
        # At the root of a vector backward what comes in is grad_output
        # itself (vᵀ∂y/∂y = v), so call it that.
        seeded = (
            not self.scalar_backward
            and id(record.node) in self._roots
            and len(self.contributions(record)) == 1
        )
        flow_in = "grad_output" if seeded else self.flow(out)
        return flow_in, self.flow(name)

    def _accumulate_line(self, leaf, before, after) -> str:
        name = self.forward.name_of_tensor(leaf) or "leaf"
        if before is None:
            return (
                f"{name}.grad was None; += {self._added(before, after)} "
                f"→ {fmt.summary(after)}"
            )
        return (
            f"{name}.grad: {fmt.summary(before)} += {self._added(before, after)} "
            f"→ {fmt.summary(after)}"
        )

    @staticmethod
    def _added(before, after) -> str:
        return fmt.summary(after if before is None else np.asarray(after) - before)

    def leaf_grads(self) -> list[tuple[str, object, np.ndarray | None, bool]]:
        """``(name, leaf, .grad now, changed by the current step)`` per leaf."""
        changed = {
            id(leaf)
            for leaf, _, _ in (self.current.accumulated if self.current else [])
        }
        return [
            (
                self.forward.name_of_tensor(leaf) or f"leaf {i}",
                leaf,
                fmt.read_grad(leaf),
                id(leaf) in changed,
            )
            for i, leaf in enumerate(self.leaves)
        ]

    def visited(self) -> list:
        """The nodes run so far (in order)."""
        return [r.node for r in self.history[: self.position]]

    def traversed(self) -> list[tuple]:
        """``(consumer, input_nr, text)`` for every edge a gradient has
        flowed along so far, ``text`` being that gradient in short."""
        return [
            (r.node, nr, fmt.summary(g))
            for r in self.history[: self.position]
            for nr, g in enumerate(r.grads_out)
            if g is not None and nr < len(r.inputs) and r.inputs[nr] is not None
        ]


def local_derivative(grad_in, grad_out):
    """``grad_out / grad_in`` where that is the local derivative: the same
    (or broadcast) shape, no zero in ``grad_in``. None otherwise (matmul,
    reductions): then the formula says it."""
    if grad_in is None or grad_out is None:
        return None
    grad_in, grad_out = np.asarray(grad_in), np.asarray(grad_out)
    try:
        shape = np.broadcast_shapes(grad_in.shape, grad_out.shape)
    except ValueError:
        return None
    if shape != grad_out.shape or np.any(grad_in == 0):
        return None
    with np.errstate(all="ignore"):
        return grad_out / grad_in
