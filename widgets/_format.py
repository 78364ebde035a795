"""Small helpers shared by the drawings and the widgets.

Turning tensors into short text (values, shapes, gradients), finding the
names students gave their tensors, and telling kinds of tensors apart. Only
minigrad's public API is used. Read ``dot.py`` next, which draws with these.
"""

from __future__ import annotations

import html
import re
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
    r"""Escape ``text`` for HTML and Graphviz HTML-like labels.

    ``& < > "`` become entities; characters XML cannot hold (controls such
    as NUL or ESC, lone surrogates) are shown as Python escapes (``\x1b``).

    Example:
        >>> esc("a<b" + chr(0))
        'a&lt;b\\x00'
    """
    return html.escape(printable(str(text)), quote=True)


# Characters an XML document (an SVG, a Graphviz HTML label) cannot hold:
# controls other than tab and newline, lone surrogates, U+FFFE and U+FFFF.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def printable(text: str) -> str:
    r"""``text`` with every character XML cannot hold written as its Python
    escape (``\x1b``, ``\udc80``), so a variable name with a control
    character still draws and shows what is there.

    Example:
        >>> print(printable("w" + chr(27)))
        w\x1b
    """
    return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], text)


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
        return [
            (k, v)
            for k, v in names.items()
            if isinstance(k, str) and not k.startswith("_") and is_module(v)
        ]
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


class ForwardSnapshot:
    """The names and values of a graph's tensors, as the forward pass left them.

    Taken once, when a stepper is made. A later ``backward()`` frees what the
    graph saved, and a later cell may rebind a name (``z = ...``), so the
    tensors a stepper shows can vanish; the stepper reads them from here
    instead, and shows the same names and numbers whatever ran after it.
    Keys are the graph's nodes (the graph keeps them alive, so their ids
    stay theirs).

    Args:
        graph: a ``minigrad.autograd.graph.Graph`` (from ``walk``).
        names: names as ``name_map`` takes them (``locals()``, a Module, ...).
        extra: more tensors to remember the names of (the caller keeps them
            alive), e.g. the gradients given to ``backward``.

    Example:
        >>> snap = ForwardSnapshot(walk(loss), locals())   # doctest: +SKIP
        >>> snap.name(loss.grad_fn), snap.value(loss.grad_fn)   # doctest: +SKIP
        ('loss', array(5.))
    """

    def __init__(self, graph, names, extra=()):
        found = name_map(names)
        self._names: dict[int, str] = {}
        self._values: dict[int, np.ndarray] = {}
        # Every name in the scene, so formulas can pick letters that clash
        # with none of them.
        self.all_names = set(found.values())
        for node in graph.nodes:
            tensor = graph.tensor_of(node)
            if tensor is None:
                continue  # already freed before the snapshot: nothing to show
            if id(tensor) in found:
                self._names[id(node)] = found[id(tensor)]
            self._values[id(node)] = copy_numpy(tensor)
        kept = list(graph.roots) + list(graph.leaves) + list(extra)
        self.tensor_names = {id(t): found[id(t)] for t in kept if id(t) in found}

    def name(self, node) -> str | None:
        """The name the tensor of ``node`` had (None if it had none)."""
        return self._names.get(id(node))

    def has_value(self, node) -> bool:
        """True if the tensor of ``node`` was alive when the snapshot was taken."""
        return id(node) in self._values

    def value(self, node):
        """A copy of the tensor of ``node`` as it was (None if already freed)."""
        return self._values.get(id(node))

    def name_of_tensor(self, tensor) -> str | None:
        """The name of a root, leaf or ``extra`` tensor (None if unnamed)."""
        return self.tensor_names.get(id(tensor))


# Marks an input that needs no gradient (a None entry of next_functions).
NO_GRAD_INPUT = object()

# A derivative's "d": before "(", "/", "|", "‖" or a space ("d(a*b)/da",
# "d/dx", "d|a|/da", "d s_i/d a_j"), and after "/" in the denominator.
_NUMERATOR_D = re.compile(r"(?<![A-Za-z0-9_])d(?=[(/|‖ ])")
_DENOMINATOR_D = re.compile(r"/(\s?)d(?=\s?[A-Za-z])")
# The variable of differentiation, after "∂": "∂a", "∂ a_j", "∂A", "∂bias".
_VARIABLE = re.compile(r"/\s?∂\s?([A-Za-z]+)")
# One letter standing alone (a suffix like "_i" is allowed: "a_i" is a's).
_LETTER = re.compile(r"(?<![A-Za-z0-9_])([A-Za-z])(?![A-Za-z0-9])")
_SPARE_LETTERS = "cktuvmnpqrsfg"
# Clauses of a formula are separated by two spaces after "," or ";".
_CLAUSE = re.compile(r"(?<=[,;])  ")


def named_formula(formula: str, input_names, scene_names=()) -> str:
    """A node's formula with ``∂`` and the graph's own names in its letters.

    Formulas name a node's inputs with letters, in the order of
    ``next_functions``: ``"d(a*b)/da = b,  d(a*b)/db = a"``. Where the
    letters of differentiation match the inputs one to one, each becomes the
    input's name; an input without a name keeps its letter, unless the scene
    uses that letter for another tensor, when a free letter replaces it.
    Parts for inputs that need no gradient are left out (nothing is sent).

    Args:
        formula: the node's ``formula`` text.
        input_names: per ``next_functions`` entry: the input's name, None if
            it has none, or ``NO_GRAD_INPUT`` if it needs no gradient.
        scene_names: every name in use, to avoid clashes.

    Returns:
        The formula to show, e.g. ``"∂(x*y)/∂x = y,  ∂(x*y)/∂y = x"``.

    Example:
        >>> named_formula("d(a*b)/da = b,  d(a*b)/db = a", ["x", "y"])
        '∂(x*y)/∂x = y,  ∂(x*y)/∂y = x'
    """
    if not formula:
        return ""
    text = _NUMERATOR_D.sub("∂", _DENOMINATOR_D.sub(r"/\1∂", formula))
    variables = list(dict.fromkeys(_VARIABLE.findall(text)))
    input_names = list(input_names)
    if len(variables) != len(input_names):
        # Which letter is which input is not clear: only avoid clashes.
        return _rename(text, {}, set(scene_names))
    # Letters become names; a word (``bias``, ``input``) already says what it is.
    mapping = {
        v: n
        for v, n in zip(variables, input_names)
        if len(v) == 1 and n is not None and n is not NO_GRAD_INPUT
    }
    clauses = _CLAUSE.split(text)
    kept = [
        c for c in clauses if not _only_no_grad(c, dict(zip(variables, input_names)))
    ]
    if kept and len(kept) < len(clauses):
        text = "  ".join(kept).rstrip(",; ")
    return _rename(text, mapping, set(scene_names) | set(mapping.values()))


def _only_no_grad(clause, by_letter) -> bool:
    found = set(_VARIABLE.findall(clause))
    return len(found) == 1 and by_letter.get(found.pop()) is NO_GRAD_INPUT


def _rename(text, mapping, taken) -> str:
    # A letter that is no input's name but is one of the scene's names would
    # read as that tensor: give it a free letter. One pass, so that
    # swapped names (a -> b, b -> a) don't run into each other.
    letters = set(_LETTER.findall(text))
    used = set(taken) | letters
    for letter in sorted(letters):
        if letter not in mapping and letter in taken:
            spare = next((s for s in _SPARE_LETTERS if s not in used), None)
            if spare is not None:
                mapping[letter] = spare
                used.add(spare)
    if not mapping:
        return text
    return _LETTER.sub(lambda m: mapping.get(m.group(1), m.group(1)), text)
