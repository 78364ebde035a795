"""Checking what a student passes to ``draw_graph`` and the graph widgets.

One place that turns "the output(s) to draw" into a list of tensors, or says
in one line what was wrong and what to pass instead. ``draw_graph`` raises
that message as a ``TypeError``; ``GraphView`` and ``BackwardStepper`` show it
in place of the picture (a widget's error would otherwise be a traceback in
the middle of a lesson). Read ``dot.py`` and ``graph_view.py`` next.
"""

from __future__ import annotations

import numpy as np

from minigrad.autograd.graph import Node

from . import _format as fmt


def graph_roots(roots, who: str, required: bool = True) -> list:
    """The tensors (or graph nodes) to draw, from ``roots``.

    Lists and tuples are opened, so ``draw_graph([a, b])`` is
    ``draw_graph(a, b)``, as the widgets accept.

    Args:
        roots: what the caller was given: Tensors, Nodes, lists of them.
        who: the function's name, for the message (``"draw_graph()"``).
        required: whether at least one root must be given (False when a
            walked graph is passed instead).

    Returns:
        A flat list of Tensors and Nodes.

    Raises:
        TypeError: something else was given (a number, None, a string, a
            numpy array); the message names it and what to pass.
        ValueError: nothing was given (and ``required``).

    Example:
        >>> graph_roots([1.0], "draw_graph()")   # doctest: +SKIP
        TypeError: draw_graph() draws minigrad Tensors, ...
    """
    flat = []
    for root in roots:
        if isinstance(root, (list, tuple)):
            flat.extend(graph_roots(root, who, required=False))
        elif fmt.is_tensor(root) or isinstance(root, Node):
            flat.append(root)
        else:
            raise TypeError(
                f"{who} draws minigrad Tensors (the output of a computation, "
                f"e.g. the loss), but got {_described(root)}; pass the tensor "
                "a computation returned, e.g. loss = (w * x).sum()"
            )
    if required and not flat:
        raise ValueError(f"{who} needs at least one tensor to draw, e.g. the loss")
    return flat


def _described(value) -> str:
    kind = type(value).__name__
    kind = ("an " if kind[0].lower() in "aeiou" else "a ") + kind
    if value is None:
        return "None"
    if isinstance(value, (str, bytes)):
        return f"{kind} {fmt.printable(repr(value)[:40])}"
    if hasattr(value, "shape") and hasattr(value, "dtype"):
        kind = "a numpy array" if isinstance(value, np.ndarray) else kind
        return f"{kind} of shape {tuple(value.shape)} (make it a tensor first)"
    return f"{kind} ({fmt.printable(repr(value)[:40])})"


def no_graph_note(roots) -> str | None:
    """One line saying why nothing of ``roots`` has a backward graph, or None.

    Example:
        >>> no_graph_note([minigrad.tensor([1.0])])   # doctest: +SKIP
        'this tensor has no graph: ...'
    """
    tensors = [r for r in roots if fmt.is_tensor(r)]
    if len(tensors) < len(roots) or any(t.grad_fn is not None for t in tensors):
        return None
    if any(t.requires_grad for t in tensors):
        return (
            "this is a leaf: it has no graph before you compute something "
            "from it (e.g. loss = (x * x).sum()), so there is nothing "
            "backward would run"
        )
    return (
        "this tensor has no graph: nothing it was computed from requires "
        "grad. Make the inputs with requires_grad=True (and compute outside "
        "no_grad()), then draw the result"
    )
