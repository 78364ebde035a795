"""Answer checks for lesson 15 (build your own engine): one per step.

Each check runs the student's function on small graphs made with the
student's own ``Value`` class (``Value(data, parents, op)``), prints one
verdict line and returns a ``Verdict`` (``lessons/checks.py``: read its top
first). A check never raises into the notebook: whatever the student's code
does (raise, return the wrong kind of thing, recurse too deep), the verdict
is a hint that names the likely mistake, and a hint never gives the formula
away before the student has written something.

Every graph a check builds gets its own ``_backward`` closures from this
module (``_node``), so that ``check_15_topological_order`` and
``check_15_backward`` judge only the function they are about, even while
``mul`` or ``tanh`` is still unsolved.
"""

from __future__ import annotations

import functools
import math
from typing import Any

from lessons.checks import MISSING_HINT, Verdict, correct, is_missing, not_yet

__all__ = [
    "check_15_mul",
    "check_15_tanh",
    "check_15_topological_order",
    "check_15_backward",
]

DEEP = 5000  # a chain deeper than Python's recursion limit (1000 by default)


def _never_raises(check):
    """Turn anything a check meets, however odd, into a hint."""

    @functools.wraps(check)
    def guarded(*args: Any) -> Verdict:
        try:
            return check(*args)
        except RecursionError:
            return not_yet(
                "Python's recursion limit was hit. Walk the graph with a loop "
                "and a list used as a stack instead of a function calling "
                "itself."
            )
        except Exception as error:  # the student's code, in a way we did not foresee
            return not_yet(
                f"running your code raised {type(error).__name__}: {error}. "
                "Run the cells above this one again (the Value class first), "
                "then this one."
            )

    return guarded


def _close(x: Any, y: float) -> bool:
    try:
        return math.isclose(float(x), y, rel_tol=1e-9, abs_tol=1e-12)
    except (TypeError, ValueError):
        return False


def _called(fn: Any, what: str, args: tuple) -> tuple[Any, str | None]:
    """``fn(*args)``, or a hint saying how it failed."""
    if is_missing(fn):
        return None, MISSING_HINT
    if not callable(fn):
        return None, (
            f"{what} is a {type(fn).__name__}; pass the function "
            f"itself: `check(..., {what}, Value)` without calling it."
        )
    try:
        return fn(*args), None
    except RecursionError:
        raise
    except Exception as error:
        return None, f"{what}(...) raised {type(error).__name__}: {error}"


def _is_node(obj: Any) -> bool:
    return all(hasattr(obj, name) for name in ("data", "grad", "parents", "op"))


def _output_problem(out: Any, what: str) -> str | None:
    if out is None:
        return (
            f"{what}(...) returned None: keep the lines that make `out` "
            "and end with `return out`."
        )
    if not _is_node(out):
        return (
            f"{what}(...) returned a {type(out).__name__}; it should return "
            "the new Value `out`."
        )
    if not callable(getattr(out, "_backward", None)):
        return (
            "out._backward is not a function: keep the line "
            "`out._backward = _backward`."
        )
    return None


def _run_local_backward(out: Any, what: str) -> str | None:
    try:
        out._backward()
    except Exception as error:
        return (
            f"calling out._backward() of {what} raised {type(error).__name__}: {error}"
        )
    return None


# ---------------------------------------------------------------------------
# Step 1: the local backward of a * b
# ---------------------------------------------------------------------------
_A, _B, _G = 2.0, -3.0, 0.5  # the inputs, and the gradient that comes in


@_never_raises
def check_15_mul(mul: Any, Value: Any) -> Verdict:
    """mul(a, b)'s _backward adds b·out.grad to a.grad, a·out.grad to b.grad."""
    a, b = Value(_A), Value(_B)
    out, problem = _called(mul, "mul", (a, b))
    if problem is None:
        problem = _output_problem(out, "mul")
    if problem:
        return not_yet(problem)
    if not _close(out.data, _A * _B):
        return not_yet(
            f"mul(2, -3).data is {out.data}, not -6: keep the "
            "forward line `Value(a.data * b.data, ...)` as it was."
        )
    out.grad = _G
    problem = _run_local_backward(out, "mul")
    if problem:
        return not_yet(problem)
    got = (a.grad, b.grad)
    want = (_B * _G, _A * _G)
    if not all(_close(g, w) for g, w in zip(got, want)):
        return not_yet(_mul_hint(got))
    # Fan-out: a * a must get both sends, so each one must add (+=).
    a = Value(_A)
    square = mul(a, a)
    square.grad = _G
    square._backward()
    if not _close(a.grad, 2 * _A * _G):
        return not_yet(
            "mul(a, b) is right, but for `a * a` (one node in both slots) "
            f"a.grad is {a.grad}, only one of the two sends. Write `a.grad += "
            "...`, not `a.grad = ...`: sends to the same node must add up."
        )
    return correct(
        "a * b sends b·out.grad to a and a·out.grad to b, and with "
        "+= a * a gets both: 2a·out.grad."
    )


def _mul_hint(got: tuple) -> str:
    said = (
        f"After out.grad = {_G} and out._backward(): a.grad = {got[0]}, "
        f"b.grad = {got[1]} (a = {_A}, b = {_B})."
    )
    wrong = [
        (
            (0.0, 0.0),
            "a.grad and b.grad are still 0. In _backward, add to "
            "a.grad and to b.grad what each input receives: out.grad times "
            "∂out/∂input.",
        ),
        (
            (_B, _A),
            "you added the local derivatives alone. Multiply them by "
            "out.grad, the gradient coming in: the chain rule.",
        ),
        (
            (_A * _G, _B * _G),
            "each input got its own value times out.grad. "
            "For a product, ∂(a·b)/∂a is the *other* input.",
        ),
        (
            (_G, _G),
            "that is what + sends (out.grad to both). For *, multiply "
            "out.grad by each input's local derivative.",
        ),
        ((_B * _G, 0.0), "a.grad is right; b.grad is still 0: send to b too."),
        ((0.0, _A * _G), "b.grad is right; a.grad is still 0: send to a too."),
        (
            (-_B * _G, -_A * _G),
            "the signs are flipped: the product rule has no minus sign.",
        ),
    ]
    for pattern, hint in wrong:
        if all(_close(g, w) for g, w in zip(got, pattern)):
            return f"{said} {hint}"
    return f"{said} Each input should get out.grad × its local derivative."


# ---------------------------------------------------------------------------
# Step 2: the local backward of tanh(a)
# ---------------------------------------------------------------------------
_X, _GT = 0.5, 2.0


@_never_raises
def check_15_tanh(tanh: Any, Value: Any) -> Verdict:
    """tanh(a)'s _backward adds (1 - t²)·out.grad to a.grad, t = tanh(a)."""
    a = Value(_X)
    out, problem = _called(tanh, "tanh", (a,))
    if problem is None:
        problem = _output_problem(out, "tanh")
    if problem:
        return not_yet(problem)
    t = math.tanh(_X)
    if not _close(out.data, t):
        return not_yet(
            f"tanh(0.5).data is {out.data}, not {t:.6f}: keep the "
            "forward lines as they were."
        )
    out.grad = _GT
    problem = _run_local_backward(out, "tanh")
    if problem:
        return not_yet(problem)
    right = (1 - t * t) * _GT
    if not _close(a.grad, right):
        return not_yet(_tanh_hint(a.grad, t))
    a.grad = 1.0  # a second send must add to what a already has
    out._backward()
    if not _close(a.grad, 1.0 + right):
        return not_yet(
            "one send is right, but a second one did not add to a.grad "
            f"(1 + {right:.6g} expected, got {a.grad}). Write `a.grad += ...`: "
            "a node used twice must receive both sends."
        )
    return correct(
        "d tanh(x)/dx = 1 - tanh(x)², and the forward pass already "
        "computed t = tanh(x): backward reuses it."
    )


def _tanh_hint(got: Any, t: float) -> str:
    said = f"After out.grad = {_GT} and out._backward(): a.grad = {got} (a = {_X})."
    wrong = [
        (
            0.0,
            "a.grad is still 0. In _backward, add out.grad times the local "
            "derivative d tanh(x)/dx to a.grad; write it with t, the tanh that "
            "forward computed.",
        ),
        (
            (1 - _X * _X) * _GT,
            "you used 1 - x² with x = a.data. The "
            "derivative is written with t = tanh(x), not with x.",
        ),
        (
            1 - t * t,
            "that is the local derivative alone: multiply it by "
            "out.grad (the chain rule).",
        ),
        ((1 - t) * _GT, "square t: the derivative of tanh is 1 - t·t."),
        (
            t * _GT,
            "t·out.grad is not the derivative of tanh: start from "
            "tanh = sinh/cosh, or look it up, and write it with t.",
        ),
        (
            -(1 - t * t) * _GT,
            "the sign is flipped: tanh rises everywhere, so "
            "its derivative is positive.",
        ),
        (_GT, "that is what + would send. tanh's local derivative is not 1."),
    ]
    for pattern, hint in wrong:
        if _close(got, pattern):
            return f"{said} {hint}"
    return f"{said} a should get out.grad × d tanh(x)/dx, written with t."


# ---------------------------------------------------------------------------
# Graphs for steps 3 and 4, with this module's own _backward closures
# ---------------------------------------------------------------------------
def _node(Value: Any, label: str, data: float, parents=(), op=""):
    """A node of the student's Value class with a known-right _backward."""
    node = Value(data, tuple(parents), op)
    node.label = label
    if op == "+":

        def _backward():
            for p in parents:
                p.grad += node.grad
    elif op == "*":
        left, right = parents

        def _backward():
            left.grad += right.data * node.grad
            right.grad += left.data * node.grad
    elif op == "tanh":
        (inner,) = parents

        def _backward():
            inner.grad += (1 - node.data**2) * node.grad
    else:

        def _backward():
            pass

    node._backward = _backward
    return node


def _small_graph(Value: Any) -> dict:
    """L = tanh(d), d = z + z, z = h + a, h = a * b: a and z are used twice."""
    a = _node(Value, "a", 0.5)
    b = _node(Value, "b", -1.5)
    h = _node(Value, "h", a.data * b.data, (a, b), "*")
    z = _node(Value, "z", h.data + a.data, (h, a), "+")
    d = _node(Value, "d", z.data + z.data, (z, z), "+")
    L = _node(Value, "L", math.tanh(d.data), (d,), "tanh")
    return dict(a=a, b=b, h=h, z=z, d=d, L=L)


def _chain(Value: Any, n: int):
    """A chain of ``n`` one-input ``+`` nodes on a leaf x: (first, last)."""
    node = first = _node(Value, "x", 0.1)
    for i in range(n):
        node = _node(Value, f"c{i}", node.data + 0.0, (node,), "+")
    return first, node


def _label(node: Any) -> str:
    return getattr(node, "label", None) or repr(node)


def _order_problem(order: Any, nodes: list, what: str) -> str | None:
    """What is wrong with ``order`` as a topological order of ``nodes``."""
    if order is None:
        return f"{what} returned None: return the list `order`."
    try:
        order = list(order)
    except TypeError:
        return f"{what} returned a {type(order).__name__}; return a list of nodes."
    if not order:
        return (
            f"{what} returned an empty list: visit every node, starting "
            "from the root and following .parents."
        )
    known = {id(n) for n in nodes}
    stranger = next((x for x in order if id(x) not in known), None)
    if stranger is not None:
        return (
            f"the list holds {stranger!r:.60}, which is not a node of the "
            "graph: append the nodes themselves."
        )
    seen: dict[int, int] = {}
    for x in order:
        seen[id(x)] = seen.get(id(x), 0) + 1
    twice = next((n for n in nodes if seen.get(id(n), 0) > 1), None)
    if twice is not None:
        return (
            f"{_label(twice)} appears {seen[id(twice)]} times. A node used "
            "by several others (or twice by one, as in z + z) must appear "
            "once: remember the nodes already visited (a set of ids)."
        )
    missing = next((n for n in nodes if id(n) not in seen), None)
    if missing is not None:
        return (
            f"{_label(missing)} is missing: follow .parents from every "
            "node, down to the leaves."
        )
    place = {id(x): i for i, x in enumerate(order)}
    for node in nodes:
        for parent in node.parents:
            if place[id(parent)] > place[id(node)]:
                return (
                    f"{_label(node)} comes before its parent "
                    f"{_label(parent)}: append a node only after all its "
                    "parents are in the list (when you come back to it)."
                )
    return None


# ---------------------------------------------------------------------------
# Step 3: topological order, without recursion
# ---------------------------------------------------------------------------
@_never_raises
def check_15_topological_order(topological_order: Any, Value: Any) -> Verdict:
    """Every node once, each after its parents, root last; deep chains too."""
    graph = _small_graph(Value)
    order, problem = _called(topological_order, "topological_order", (graph["L"],))
    if problem is None:
        problem = _order_problem(order, list(graph.values()), "topological_order")
    if problem:
        return not_yet(problem)
    first, last = _chain(Value, DEEP)
    try:
        order = topological_order(last)
    except RecursionError:
        return not_yet(
            f"right on a small graph, but a chain of {DEEP} nodes hit Python's "
            "recursion limit. Use a loop with a list as a stack instead of a "
            "function that calls itself."
        )
    order = list(order) if order is not None else []
    if len(order) != DEEP + 1 or order[0] is not first or order[-1] is not last:
        return not_yet(
            f"right on a small graph, but on a chain of {DEEP + 1} nodes the "
            f"list has {len(order)} nodes, or the leaf is not first and the "
            "root not last."
        )
    return correct(
        f"each node once, after its parents, also on a chain of {DEEP + 1} "
        "nodes (no recursion, so no recursion limit)."
    )


# ---------------------------------------------------------------------------
# Step 4: backward
# ---------------------------------------------------------------------------
def _right_grads(Value: Any) -> dict:
    """The true gradients of ``_small_graph``'s L, from the chain rule."""
    g = _small_graph(Value)
    a, b = g["a"].data, g["b"].data
    dL_dd = 1 - g["L"].data ** 2
    dL_dz = 2 * dL_dd
    return dict(L=1.0, d=dL_dd, z=dL_dz, h=dL_dz, a=dL_dz * b + dL_dz, b=dL_dz * a)


def _grads_in_order(Value: Any, consumers_first: bool) -> dict:
    g = _small_graph(Value)
    order = [g[k] for k in ("a", "b", "h", "z", "d", "L")]
    g["L"].grad = 1.0
    for node in reversed(order) if consumers_first else order:
        node._backward()
    return {k: n.grad for k, n in g.items()}


@_never_raises
def check_15_backward(backward: Any, Value: Any) -> Verdict:
    """backward(root) seeds root.grad = 1 and runs every _backward, consumers
    first; the grads are the chain rule's."""
    graph = _small_graph(Value)
    result, problem = _called(backward, "backward", (graph["L"],))
    if problem:
        return not_yet(problem)
    got = {k: n.grad for k, n in graph.items()}
    right = _right_grads(Value)
    if all(_close(got[k], right[k]) for k in right):
        first, last = _chain(Value, DEEP)
        try:
            backward(last)
        except RecursionError:
            return not_yet(
                f"right on a small graph, but a chain of {DEEP} nodes hit the "
                "recursion limit: is your topological_order recursive?"
            )
        if not _close(first.grad, 1.0):
            return not_yet(
                f"right on a small graph, but on a chain of {DEEP} additions "
                f"the leaf's grad is {first.grad}, not 1."
            )
        return correct(
            "seed 1, then every _backward, consumers first: your engine's "
            "grads agree with the chain rule, also through a+a fan-out and a "
            f"chain of {DEEP} nodes."
        )
    return not_yet(_backward_hint(got, right, Value))


def _backward_hint(got: dict, right: dict, Value: Any) -> str:
    shown = ", ".join(
        f"{k}.grad = {got[k]:.4g}"
        if isinstance(got[k], float)
        else f"{k}.grad = {got[k]!r}"
        for k in ("L", "a", "b")
    )
    if all(_close(got[k], 0.0) for k in got):
        return (
            f"every grad is still 0 ({shown}): backward(root) should seed "
            "the root's grad, then call _backward() of every node."
        )
    if not _close(got["L"], 1.0):
        return (
            f"L.grad is {got['L']} after backward ({shown}): the root "
            "starts with ∂L/∂L = 1, set before any _backward() runs."
        )
    forward = _grads_in_order(Value, consumers_first=False)
    if all(_close(got[k], forward[k]) for k in got):
        return (
            f"{shown}: the _backward calls ran parents first, before their "
            "consumers had sent them anything. Go through the topological "
            "order reversed: the root first."
        )
    return (
        f"{shown}: not the chain rule's grads yet. Seed root.grad = 1, then "
        "call node._backward() once per node of topological_order(root), "
        "reversed. (Does topological_order pass its own check?)"
    )
