"""Small helpers shared by the drawings and the widgets.

Turning tensors into short text (values, shapes, gradients), finding the
names students gave their tensors, and telling kinds of tensors apart. Only
minigrad's public API is used. Read ``dot.py`` next, which draws with these.
"""

from __future__ import annotations

import html
import warnings
import weakref
from collections.abc import Mapping

import numpy as np

import minigrad

# The kinds of things drawn in a graph, each with its own colour and shape.
LEAF = "leaf"
PARAM = "param"
INTERMEDIATE = "intermediate"
OUTPUT = "output"
NO_GRAD = "no grad"


def esc(text) -> str:
    """Escape ``text`` for HTML and Graphviz HTML-like labels."""
    return html.escape(str(text), quote=True)


def is_tensor(obj) -> bool:
    """True if ``obj`` is a minigrad Tensor (Parameters included)."""
    return isinstance(obj, minigrad.Tensor)


def is_module(obj) -> bool:
    """True if ``obj`` looks like an ``nn.Module`` (it has named_parameters)."""
    return not is_tensor(obj) and callable(getattr(obj, "named_parameters", None))


def is_parameter(tensor) -> bool:
    """True if ``tensor`` is an ``nn.Parameter`` (checked by class name, so
    that drawing works before, and without, ``minigrad.nn``)."""
    return any(cls.__name__ == "Parameter" for cls in type(tensor).__mro__)


def to_numpy(value):
    """A numpy view of a Tensor (detached), an array, or None."""
    if value is None:
        return None
    if is_tensor(value):
        return value.detach().numpy()
    return np.asarray(value)


def copy_numpy(value):
    """A numpy copy of a Tensor or array (so later in-place changes don't
    reach it), or None."""
    array = to_numpy(value)
    return None if array is None else np.array(array, copy=True)


def read_grad(tensor):
    """``tensor.grad`` as a numpy array, or None.

    Reads ``.grad`` only where PyTorch keeps it (leaves and tensors that
    called ``retain_grad()``), so no "non-leaf .grad" warning is raised.
    """
    if tensor is None:
        return None
    if not (tensor.is_leaf or getattr(tensor, "retains_grad", False)):
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return to_numpy(tensor.grad)


def number(x) -> str:
    """A short, readable form of one number: ``3``, ``0.25``, ``1.235e-05``."""
    x = float(x)
    if np.isnan(x) or np.isinf(x):
        return str(x)
    if x == int(x) and abs(x) < 1e6:
        return str(int(x))
    return f"{x:.4g}"


def summary(value, max_items: int = 4) -> str:
    """Short text for a value: the number, a small list, or min / max.

    Examples:
        >>> summary(np.array(2.5))
        '2.5'
        >>> summary(np.array([1.0, 2.0]))
        '[1, 2]'
    """
    if value is None:
        return "None"
    array = to_numpy(value)
    if array.size == 0:
        return "[]"
    if array.size == 1:
        return number(array.reshape(-1)[0])
    if array.size <= max_items and array.ndim == 1:
        return "[" + ", ".join(number(v) for v in array) + "]"
    if array.dtype == np.bool_:
        return f"{int(array.sum())} of {array.size} True"
    return f"min {number(array.min())}, max {number(array.max())}"


def shape_text(shape) -> str:
    """``(2, 3)`` for a shape, ``scalar`` for ``()``."""
    shape = tuple(shape)
    if not shape:
        return "scalar"
    return "(" + ", ".join(str(n) for n in shape) + (",)" if len(shape) == 1 else ")")


def keep_names(names):
    """``names`` in a form that can be read again at every redraw (a `Names`).

    A generator such as ``model.named_parameters()`` becomes a list; a
    mapping (``locals()``) or a Module stays live, so new names show up.
    """
    if names is None or isinstance(names, Names):
        return names
    if isinstance(names, Mapping) or is_module(names):
        return Names(names)
    return Names(list(names))


class Names:
    """A live source of tensor names that also remembers the names it saw.

    A widget made with ``names=locals()`` reads the names again at each
    redraw, so new tensors get their names. A later cell may rebind a name
    (``x = ...`` in an exercise): the widget's tensor then keeps the name it
    had, as long as it has no other name.
    """

    def __init__(self, source):
        self.source = source
        self._remembered = {}  # id(tensor) -> (weakref to the tensor, name)
        self.map()

    def map(self) -> dict[int, str]:
        """``id(tensor) -> name``: the names now, then the remembered ones."""
        found: dict[int, str] = {}
        for name, tensor in _named_tensors(self.source):
            if id(tensor) not in found:
                found[id(tensor)] = name
                self._remembered[id(tensor)] = (weakref.ref(tensor), name)
        for key, (ref, name) in list(self._remembered.items()):
            if ref() is None:
                del self._remembered[key]  # gone: its id may be reused
            else:
                found.setdefault(key, name)
        return found


def name_map(names) -> dict[int, str]:
    """Map ``id(tensor)`` to the name a student gave it.

    Args:
        names: None; a mapping like ``locals()`` (names starting with ``_``
            are skipped; a module found in it names its parameters
            ``model.0.weight``); a Module; or pairs such as
            ``model.named_parameters()``.

    Returns:
        dict from ``id(tensor)`` to name; the first name seen wins.
    """
    if isinstance(names, Names):
        return names.map()
    found: dict[int, str] = {}
    for name, tensor in _named_tensors(names):
        found.setdefault(id(tensor), name)
    return found


def module_types(names) -> dict[str, str]:
    """Map a module path (``"0"``, ``"model.1"``) to its class name
    (``"Linear"``), for modules found in ``names``."""
    types: dict[str, str] = {}
    for prefix, module in _modules_in(names):
        named_modules = getattr(module, "named_modules", None)
        if not callable(named_modules):
            continue
        for path, sub in named_modules():
            full = ".".join(p for p in (prefix, path) if p)
            types.setdefault(full, type(sub).__name__)
    return types


def _modules_in(names):
    if isinstance(names, Names):
        names = names.source
    if names is None:
        return []
    if is_module(names):
        return [("", names)]
    if isinstance(names, Mapping):
        return [(k, v) for k, v in names.items()
                if isinstance(k, str) and not k.startswith("_") and is_module(v)]
    return []


def _named_tensors(names):
    if isinstance(names, Names):
        names = names.source
    if names is None:
        return
    if is_module(names):
        yield from names.named_parameters()
        return
    items = names.items() if isinstance(names, Mapping) else names
    for item in items:
        try:
            name, value = item
        except (TypeError, ValueError):
            continue
        if not isinstance(name, str) or name.startswith("_"):
            continue
        if is_tensor(value):
            yield name, value
        elif is_module(value):
            for sub, param in value.named_parameters():
                yield f"{name}.{sub}", param
