"""Recording: the graph nodes that ops leave behind, and how they are made.

`Node` is what `tensor.grad_fn` is; `record` wraps an op's numpy result as a
tensor and records its node (the hot path of every operation);
`AccumulateGrad` is the node of a leaf, where gradients end. Then `Function`,
what you subclass to write your own op, and its plumbing.

Who holds whom (so that graphs form no reference cycles and are freed as soon
as the last tensor goes): a tensor holds its `grad_fn`; a node holds the nodes
of its inputs (`next_functions`) and the inputs it saved; a node refers to the
tensor it produced only through a weak reference.
"""

import itertools
import re
import sys
import traceback
import weakref

import numpy as np

from .._dtype import from_numpy_dtype, tensor_type_name
from ..tensor import Tensor  # (tensor.py imports this module at its end)
from . import anomaly, grad_mode
from .grad_mode import in_inference_mode, is_recording, set_recording

_next_sequence_nr = itertools.count().__next__  # the engine runs later nodes first
NO_EDGE = (None, 0)  # the edge of an input that needs no gradient
# 0-d values with a gradient (float32 first: `in` stops at the first match)
_FLOAT_SCALARS = (np.float32, np.float64, np.float16)
_ARRAY = np.ndarray  # (one lookup where `np.ndarray` is two: read on every op)
_new = object.__new__  # (the same: every op makes its tensor and node with it)
_weak_ref = weakref.ref  # (and its node's weak reference to it)


# ----- 1. Node: what tensor.grad_fn is --------------------------------------------


class Node:
    """A node of the backward graph (what `tensor.grad_fn` is). A built-in op's
    node class is named as PyTorch's (`MulBackward0`) and defines `backward`.

    Attributes:
        next_functions: one `(node, output_nr)` pair per input of the forward
            operation; `node` is None for an input that needs no gradient.
        formula: the local derivative as human text, e.g. "d(a*b)/da = b".
    """

    formula = ""  # (class attributes: defaults until a node needs its own)
    _saved = ()  # what backward needs (see `save`); None once released
    _fit = None  # per input, (shape, dtype) where broadcasting/promotion changed it
    _output_ref = None  # weak reference to the output tensor
    _leaves = ()  # the leaves among the inputs (or None): kept alive, as in PyTorch
    released = False
    _usual = True  # False: an option the engine's `run_node` sees to (hooks...)

    def __init__(self, next_functions):
        self.next_functions = next_functions
        self.sequence_nr = _next_sequence_nr()
        if anomaly._enabled:
            self.forward_trace = traceback.format_stack()[:-3]

    def name(self):
        """The node's name as PyTorch prints it, e.g. "MulBackward0"."""
        return type(self).__name__

    def backward(self, grad):
        """One gradient per input, given the gradient of the output."""
        raise NotImplementedError

    def saved(self, as_tensors):
        """The saved values, checked for in-place changes: tensors (to record
        the backward maths, under create_graph) or their numpy arrays."""
        saved = self._saved
        if saved is None:
            raise _freed_error()
        values = []
        for entry in saved:  # (the usual cases inline; the others: `_unpack`)
            if type(entry) is tuple:  # (tensor, version), or (number, None)
                value, version = entry
                if version is None:  # a plain number
                    values.append(value)
                elif value._version_counter[0] == version:  # unchanged since saved
                    values.append(value if as_tensors else value._data)
                else:  # changed in place: `_unpack` raises
                    values.append(_unpack(self, entry, as_tensors))
            elif entry is None:
                values.append(None)
            elif not as_tensors and entry[1][0] == entry[2]:  # own output, unchanged
                values.append(entry[0])
            else:  # the node's own output as a tensor (`_saved_output`), or changed
                values.append(_unpack(self, entry, as_tensors))
        return values

    def release(self):
        """Free what backward needed (a node that saved nothing can run again)."""
        if self._saved:
            self.released = True
        self._saved = None

    # ----- (first reading: skip) hooks, views, anomaly mode, the widgets

    # False for an op whose backward gives each input's gradient in the input's
    # own shape and dtype (a reduction, a transpose): `record` notes no `_fit`.
    broadcasts = True
    _pre_hooks = ()  # (output_nr, hook) pairs from tensor.register_hook
    _retain_grad_refs = {}  # output_nr -> weakref to a retain_grad() tensor
    _view_of = None  # (version counter, new histories) when the output is a view
    _output_meta = None  # ((shape, dtype), ...) for an op with several outputs
    forward_trace = None  # where the node was made, under detect_anomaly

    def output(self):
        """The tensor this node produced, or None if it has been freed."""
        return self._output_ref() if self._output_ref is not None else None

    def saved_arrays(self):
        """The numpy arrays saved for backward ([] once released)."""
        saved = self._saved or ()
        return [_array_of(value) for value in saved if _is_array(value)]

    def register_tensor_hook(self, output_nr, hook):
        """Run `hook(grad)` on the gradient of output `output_nr` first."""
        entry = (output_nr, hook)
        self._usual = False
        if not self._pre_hooks:
            self._pre_hooks = []
        self._pre_hooks.append(entry)
        return RemovableHandle(self._pre_hooks, entry)

    _node_pre_hooks = ()  # PyTorch's Node hooks (below), in the order registered
    _node_hooks = ()

    def register_prehook(self, hook):
        """Call `hook(grad_outputs)` before this node runs (after the tensor
        hooks); it may return a new tuple of gradients to use instead."""
        self._usual = False
        if not self._node_pre_hooks:
            self._node_pre_hooks = []  # its own list, not the shared default
        self._node_pre_hooks.append(hook)
        return RemovableHandle(self._node_pre_hooks, hook)

    def register_hook(self, hook):
        """Call `hook(grad_inputs, grad_outputs)` after this node ran: the
        gradients it computed for its inputs and the ones it received; the
        hook may return a new tuple of gradients for the inputs."""
        self._usual = False
        if not self._node_hooks:
            self._node_hooks = []
        self._node_hooks.append(hook)
        return RemovableHandle(self._node_hooks, hook)

    # PyTorch's names for what a node saved: `grad_fn._saved_self` ... (for
    # the nodes in `SAVED_NAMES`). Properties, not a `__getattr__`: with one,
    # CPython could no longer speed up the reading of any node attribute.
    _saved_self = property(lambda node: _saved_as(node, "self"))
    _saved_other = property(lambda node: _saved_as(node, "other"))
    _saved_result = property(lambda node: _saved_as(node, "result"))
    _saved_mat2 = property(lambda node: _saved_as(node, "mat2"))
    _saved_vec = property(lambda node: _saved_as(node, "vec"))

    def __repr__(self):
        return f"<{self.name()} object at {hex(id(self))}>"

    def __call__(self, *grads):
        """`grad_fn(grad)`, as in PyTorch: this node's backward alone, on one
        gradient (a tensor or None) per output, recorded under the current
        grad mode; no hooks, and no fitting back to the inputs' shapes (the
        engine's work). Returns the gradient of each input (None where none
        is needed), the tensor itself for a node of one input; an
        AccumulateGrad node adds to its leaf's .grad and returns ()."""
        return _call_node(self, grads)

    # PyTorch's `grad_fn.metadata`: a dict of your own notes on this node.
    metadata = property(lambda node: _metadata_of(node))


# ----- (first reading: skip) a node called directly, its metadata -------------


def _metadata_of(node):
    """`node.metadata`: its own dict, made when first read."""
    notes = node.__dict__.get("_metadata")
    if notes is None:
        notes = node.__dict__["_metadata"] = {}
    return notes


def _call_node(node, grads):
    """`node(*grads)` (see `Node.__call__`)."""
    meta = node._output_meta  # (several outputs: one entry each)
    expected = 1 if meta is None else len(meta)
    if len(grads) != expected:
        raise TypeError(f"expected {expected} arguments, got {len(grads)} instead")
    for i, g in enumerate(grads):
        if g is not None and not isinstance(g, Tensor):
            raise TypeError(
                f"argument {i} is not a Tensor (got {type(g).__name__}): give one "
                "gradient tensor (or None) per output of the node"
            )
    edges = node.next_functions
    if type(node) is AccumulateGrad:
        if grads[0] is not None:  # (an array: `.grad` gets a copy of its own)
            grad = grads[0]
            node.backward(
                grad if grad._requires_grad and is_recording() else grad._data
            )
        return ()
    if all(g is None for g in grads):
        result = (None,) * len(edges)
    else:
        if meta is not None:  # zeros for the outputs given None
            grads = tuple(
                Tensor._make(np.zeros(m[0], m[1].numpy)) if g is None and m else g
                for g, m in zip(grads, meta)
            )
        result = node.backward(grads if meta is not None else grads[0])
    result = tuple(
        None if child is None or g is None else _to_tensor(g)
        for (child, _), g in zip(edges, result)
    )
    return result[0] if len(result) == 1 else result


# ----- (first reading: skip) PyTorch's names for what a node saved -------------


def _saved_as(node, role):
    """What `node` saved as `role` ("self", "other", "result", ...), read as
    PyTorch's `grad_fn._saved_<role>`: checked for in-place changes since."""
    names = SAVED_NAMES.get(type(node).__name__, ())
    if role not in names:
        raise AttributeError(
            f"'{type(node).__name__}' object has no attribute '_saved_{role}'"
        )
    value = node.saved(as_tensors=True)[names.index(role)]
    if value is None or isinstance(value, Tensor):
        return value
    return Tensor._make(np.asarray(value))  # a number, as a 0-d tensor


# What the nodes of common ops saved, in order, by PyTorch's names for them
# (`y.grad_fn._saved_self` is the input x itself, as in PyTorch).
SAVED_NAMES = {
    "MulBackward0": ("self", "other"),
    "DivBackward0": ("self", "other"),
    "PowBackward0": ("self",),
    "MmBackward0": ("self", "mat2"),
    "MvBackward0": ("self", "vec"),
    "SinBackward0": ("self",),
    "CosBackward0": ("self",),
    "LogBackward0": ("self",),
    "AbsBackward0": ("self",),
    "ExpBackward0": ("result",),
    "TanhBackward0": ("result",),
    "SigmoidBackward0": ("result",),
    "ReluBackward0": ("result",),
    "SqrtBackward0": ("result",),
}


# ----- 2. record: the hot path of a built-in op ----------------------------------


def record(node_type, value, inputs, saved=(), view_of=None, **notes):
    """Wrap `value` (an op's numpy result) as a tensor, with a new `node_type`
    node as its `grad_fn` when a gradient will be needed.

    Args:
        node_type: the op's node class; inputs: the op's inputs (tensors or
            numbers), one edge each; saved: what backward needs (inputs, or
            `OUTPUT`); view_of: the input whose memory `value` views;
            **notes: settings backward needs (`exponent=2`), set on the node.

    Returns:
        The output tensor.
    """
    kind = type(value)
    if kind is not _ARRAY and kind not in _FLOAT_SCALARS:
        if not isinstance(value, np.generic):  # (a Python number: make it numpy)
            value = np.asarray(value)
            kind = np.ndarray
    if view_of is None:  # the output tensor (written out: every op runs this)
        out = _new(Tensor)
        out._data = value
        out._version_counter = [0]
    else:  # (first reading: skip) a view shares memory and version counter
        out = _view_output(value, view_of)
    if not is_recording():  # (when recording, inference mode is off)
        if view_of is None and in_inference_mode():
            out._inference = True
        return out
    # One edge per input: where its gradient goes, or NO_EDGE if it needs none.
    edges = []
    needed, fit, leaves, mixed = False, None, None, False
    for x in inputs:
        if not isinstance(x, Tensor):
            edges.append(NO_EDGE)
            continue
        data = x._data  # (0-d values of one type agree in shape and dtype)
        compare = kind is _ARRAY or type(data) is not kind
        mixed = mixed or compare and data.dtype != value.dtype  # (promotion)
        if not x._requires_grad:
            edges.append(NO_EDGE)
            continue
        needed = True
        node = x.grad_fn
        if node is not None:
            if node._view_of is not None:  # (first reading: skip) views
                node = x._current_history()
            edges.append((node, x._output_nr))
        else:  # a leaf: its gradient goes to the AccumulateGrad node it owns
            edges.append(x._leaf_edge or x._accumulator_edge())
            leaves = [x] if leaves is None else leaves + [x]
        # Note where broadcasting or promotion changed the shape or dtype: only
        # those gradients need fitting back (if the op can broadcast at all).
        if compare and node_type.broadcasts:
            if data.shape != value.shape or data.dtype != value.dtype:
                fit = fit or [None] * len(inputs)
                fit[len(edges) - 1] = (data.shape, data.dtype)
    if not needed:
        return out
    if kind not in _FLOAT_SCALARS and value.dtype.kind != "f":
        return out  # integer and bool results have no gradient
    node = _new(node_type)  # (what `Node.__init__` does, written out)
    node.next_functions = tuple(edges)
    node.sequence_nr = _next_sequence_nr()
    if anomaly._enabled:
        node.forward_trace = traceback.format_stack()[:-2]
    if leaves is not None:
        node._leaves = leaves
    if fit is not None:
        node._fit = fit
    if mixed:  # (first reading: skip) the other operands' gradients too
        _fit_dtypes_of_mixed_operands(node, inputs)
    if saved:
        kept = []
        for x in saved:
            if x is None:
                kept.append(None)
            elif isinstance(x, Tensor) and not x._inference:  # the usual case
                kept.append((x, x._version_counter[0]))
            elif x is OUTPUT:  # the op's own result (tanh, exp: see `_save`)
                kept.append(_saved_output(value, out._version_counter, 0, True))
            else:
                kept.append(_save(x, out, node))
        node._saved = tuple(kept)
    if notes:
        node.__dict__.update(notes)
    if view_of is not None:
        node._view_of = (out._version_counter, new_histories(out._version_counter))
    node._output_ref = _weak_ref(out)
    out._requires_grad = True
    out.grad_fn = node
    return out


def wrap(value):
    """A tensor holding `value` (a numpy result) outside any graph (no_grad)."""
    out = _new(Tensor)
    out._data = value
    out._version_counter = [0]
    if in_inference_mode():
        out._inference = True
    return out


OUTPUT = "output"  # in `saved`: the op's own result


# ----- (first reading: skip) `record` for two inputs, written out: the hot path
# of arithmetic (a * b, a + b, a - b, a / b) --------------------------------------


def record_binary(node_type, value, a, b, save_a=False, save_b=False):
    """`record` for an op of two inputs that saves at most those two inputs:
    the same node, built without `record`'s loops and lists (the hot path of
    arithmetic). The caller has checked that grad mode is on (so inference
    mode is off) and that an input requires grad (so `value` is a float: a
    float input made it).

    Args:
        node_type, value: as in `record`; a, b: the inputs (tensors or
            numbers); save_a, save_b: whether backward needs that input.

    Returns:
        The output tensor.
    """
    kind = type(value)
    if kind is not _ARRAY and kind not in _FLOAT_SCALARS:
        saved = (a if save_a else None, b if save_b else None)
        return record(node_type, value, (a, b), saved)  # (rare cases)
    out = _new(Tensor)
    out._data = value
    out._version_counter = [0]
    node = _new(node_type)
    edge_a = edge_b = NO_EDGE
    leaf_a = leaf_b = saved_a = saved_b = None
    mixed = False  # an operand of another dtype than the result (see below)
    # Each input: its edge, whether its gradient needs fitting back to its
    # shape or dtype, and what backward keeps of it (as in `record`).
    if isinstance(a, Tensor):
        if a._requires_grad:
            if a.grad_fn is not None:
                if a.grad_fn._view_of is not None:  # (as in `record`)
                    a._current_history()
                edge_a = (a.grad_fn, a._output_nr)
            else:  # a leaf (as in `record`)
                edge_a = a._leaf_edge or a._accumulator_edge()
                leaf_a = a
            if kind is _ARRAY or type(a._data) is not kind:  # (as in `record`)
                if a._data.shape != value.shape or a._data.dtype != value.dtype:
                    node._fit = [(a._data.shape, a._data.dtype), None]
                    mixed = a._data.dtype != value.dtype
        elif kind is _ARRAY or type(a._data) is not kind:
            mixed = a._data.dtype != value.dtype
        if save_a:  # (an inference tensor: `_save` refuses it)
            saved_a = (
                _save(a, out, node) if a._inference else (a, a._version_counter[0])
            )
    elif save_a:  # a plain number (2.0 / x)
        saved_a = (a, None)
    if isinstance(b, Tensor):
        if b._requires_grad:
            if b.grad_fn is not None:
                if b.grad_fn._view_of is not None:
                    b._current_history()
                edge_b = (b.grad_fn, b._output_nr)
            else:
                edge_b = b._leaf_edge or b._accumulator_edge()
                leaf_b = b
            if kind is _ARRAY or type(b._data) is not kind:
                if b._data.shape != value.shape or b._data.dtype != value.dtype:
                    node._fit = node._fit or [None, None]
                    node._fit[1] = (b._data.shape, b._data.dtype)
                    mixed = mixed or b._data.dtype != value.dtype
        elif kind is _ARRAY or type(b._data) is not kind:
            mixed = mixed or b._data.dtype != value.dtype
        if save_b:
            saved_b = (
                _save(b, out, node) if b._inference else (b, b._version_counter[0])
            )
    elif save_b:  # a plain number (x * 2.0)
        saved_b = (b, None)
    node.next_functions = (edge_a, edge_b)
    if leaf_a is not None or leaf_b is not None:  # kept alive, as in `record`
        node._leaves = (leaf_a, leaf_b)
    if mixed:  # (first reading: skip) the other operand's gradient too
        _fit_dtypes_of_mixed_operands(node, (a, b))
    node.sequence_nr = _next_sequence_nr()
    if anomaly._enabled:
        node.forward_trace = traceback.format_stack()[:-2]
    if saved_a is not None or saved_b is not None:
        node._saved = (saved_a, saved_b)
    node._output_ref = _weak_ref(out)
    out._requires_grad = True
    out.grad_fn = node
    return out


def _fit_dtypes_of_mixed_operands(node, inputs):
    """An operand whose dtype is not the result's (an int tensor, a 0-d
    float64 one beside float32) gives the other operands' gradients its dtype
    too (`grad * b` of an int64 `b` is float64): note each one to be fitted
    back to its input's dtype, as PyTorch's engine casts every gradient."""
    fit = node._fit or [None] * len(inputs)
    for i, ((child, _), x) in enumerate(zip(node.next_functions, inputs)):
        if child is not None and fit[i] is None:
            fit[i] = (x._data.shape, x._data.dtype)
    node._fit = fit


def record_unary(node_type, value, a, saved=None):
    """`record` for an op of one tensor `a` that saves at most one value (`a`
    or `OUTPUT`): the same node, built without `record`'s loops and lists
    (exp, tanh, sigmoid, relu, sin, cos, ...).

    Returns:
        The output tensor.
    """
    kind = type(value)
    if kind is not _ARRAY and kind not in _FLOAT_SCALARS:
        return record(node_type, value, (a,), (saved,))  # (rare cases)
    out = _new(Tensor)
    out._data = value
    out._version_counter = [0]
    if not (is_recording() and a._requires_grad):
        if in_inference_mode():  # (as `wrap` marks it; read only here: when
            out._inference = True  # recording, inference mode is off)
        return out
    node = _new(node_type)
    if a.grad_fn is not None:
        if a.grad_fn._view_of is not None:  # (as in `record`)
            a._current_history()
        node.next_functions = ((a.grad_fn, a._output_nr),)
    else:  # a leaf (as in `record`)
        node.next_functions = (a._leaf_edge or a._accumulator_edge(),)
        node._leaves = (a,)
    if kind is _ARRAY or type(a._data) is not kind:  # (as in `record`)
        if a._data.shape != value.shape or a._data.dtype != value.dtype:
            node._fit = [(a._data.shape, a._data.dtype)]
    node.sequence_nr = _next_sequence_nr()
    if anomaly._enabled:
        node.forward_trace = traceback.format_stack()[:-2]
    if saved is OUTPUT:  # (as in `record`)
        node._saved = (_saved_output(value, out._version_counter, 0, True),)
    elif isinstance(saved, Tensor) and not saved._inference:
        node._saved = ((saved, saved._version_counter[0]),)
    elif saved is not None:  # (an inference tensor: `_save` refuses it)
        node._saved = (_save(saved, out, node),)
    node._output_ref = _weak_ref(out)
    out._requires_grad = True
    out.grad_fn = node
    return out


# ----- (first reading: skip) views, and gradients fitted back to an input's
# shape (where broadcasting or a promotion changed it) ---------------------


def new_histories(counter):
    """How many recorded in-place changes gave the memory behind a version
    counter a new history (its second slot, made by the first such change)."""
    return counter[1] if len(counter) > 1 else 0


def count_new_history(counter):
    """A recorded in-place change gave this memory a new history: count it in
    the version counter's second slot (`new_histories` reads it)."""
    if len(counter) == 1:
        counter.append(0)
    counter[1] += 1


def _view_output(value, view_of):
    """(first reading: skip) The output of a view op: it shares the memory,
    the version counter and the base of the tensor `view_of`."""
    view_of._array()
    base = view_of._base if view_of._base is not None else view_of
    return Tensor._make(value, version=view_of._version_counter, base=base)


def fit_gradient(grad, meta, node, index):
    """Sum a gradient back to its input's shape (undoing broadcasting) and dtype.

    This is the one place where broadcasting is undone, so no op repeats it.
    `grad` is a numpy value or (under create_graph) a tensor.
    """
    if grad is None or meta is None:
        return grad
    shape, dtype = meta
    if isinstance(grad, Tensor):
        if grad._data.shape != shape:
            grad = sum_to_shape(grad, shape, node, index)
        if grad._data.dtype != dtype:
            grad = grad.to(from_numpy_dtype(dtype))
        return grad
    if type(grad) is not np.ndarray and not isinstance(grad, np.generic):
        grad = np.asarray(grad)  # (a Python number: np.shape of one is slow)
    if grad.shape != shape:
        grad = sum_to_shape(grad, shape, node, index)
    if grad.dtype != dtype:
        grad = grad.astype(dtype)
    return grad


def sum_to_shape(grad, shape, node=None, index=0):
    """Sum `grad` (an array or a tensor) over the dimensions broadcasting added
    or stretched, so that it has `shape` (the gradient of input `index` of
    `node`, named in the error if it cannot)."""
    is_tensor = isinstance(grad, Tensor)
    grad_shape = grad._data.shape if is_tensor else grad.shape
    extra = len(grad_shape) - len(shape)
    if extra > 0 and not is_tensor and grad_shape[extra:] == shape:
        # The usual case (a bias, a batch): only dimensions put in front.
        return np.add.reduce(grad, axis=0 if extra == 1 else tuple(range(extra)))
    stretched = []  # (a loop, not a generator: each generator costs a frame)
    if extra >= 0:
        for i, n in enumerate(shape):
            if n == 1 and grad_shape[extra + i] != 1:
                stretched.append(i)
    # (`np.add.reduce` is what `array.sum` calls, without its Python layer)
    if extra > 0:  # dimensions broadcasting put in front
        front = tuple(range(extra))
        grad = grad.sum(dim=front) if is_tensor else np.add.reduce(grad, axis=front)
    if stretched:  # size-1 dimensions broadcasting stretched
        if is_tensor:
            grad = grad.sum(dim=tuple(stretched), keepdim=True)
        else:
            grad = np.add.reduce(grad, axis=tuple(stretched), keepdims=True)
    new_shape = grad._data.shape if is_tensor else grad.shape  # (numpy values)
    if extra < 0 or new_shape != shape:
        name = node.name() if node is not None else ""
        raise RuntimeError(
            f"Function {name} returned an invalid gradient at index {index} - "
            f"got {list(grad_shape)} but expected shape compatible with {list(shape)}"
        )
    return grad


# ----- 3. AccumulateGrad: where gradients end ---------------------------------


class AccumulateGrad(Node):
    """The node of a leaf that requires grad (`variable`): adds the gradients
    that reach it to the leaf's `.grad`."""

    formula = "leaf.grad += grad"

    def __init__(self, variable):
        super().__init__(())
        # The leaf owns this node (`Tensor._accumulator`); the node refers to it
        # weakly, not to make a cycle (the leaf's users keep it: `Node._leaves`).
        self._variable_ref = weakref.ref(variable)

    def backward(self, grad):
        """`leaf.grad += grad`. A leaf has no inputs: no gradient goes further."""
        leaf = self._variable_ref()
        if leaf is not None:  # (a leaf that is gone has no .grad to add to)
            accumulate_into(leaf, grad, True)  # (True: it may keep `grad`)
        return ()

    # ----- (first reading: skip) for the widgets

    @property
    def variable(self):
        """The leaf tensor (None once the leaf itself is gone)."""
        return self._variable_ref()

    def output(self):
        return None


# ----- the sum itself: `.grad += grad` -----------------------------------------


def accumulate_into(tensor, grad, may_take=False):
    """`tensor.grad += grad` (AccumulateGrad; retain_grad). The first gradient is
    copied, so that later in-place changes of `.grad` touch nothing else, unless
    nothing else holds it (`may_take`: AccumulateGrad asks, see `_only_ours`)."""
    previous = tensor._grad
    if isinstance(grad, Tensor) or previous is not None and previous._requires_grad:
        _accumulate_recorded(tensor, previous, grad)  # (first reading: skip)
        return
    data = tensor._data
    if previous is None:
        # (a numpy scalar of the tensor's own type is immutable: nothing to copy)
        if type(data) is _ARRAY and may_take and _only_ours(grad, data):
            pass  # (taken as it is: nobody else can see it)
        elif type(grad) is not type(data) or type(data) is _ARRAY:
            grad = _copy_in_layout(grad, data)  # (laid out as the leaf is)
        tensor._grad = wrap(grad)
        tensor._grad._is_grad = True  # (what `Tensor._set_grad` does)
    elif type(previous._data) is type(grad) and type(grad) is not _ARRAY:
        # (a 0-d gradient held as a numpy scalar: no memory to add into, no view)
        previous._data = previous._data + grad
        previous._version_counter[0] += 1
    else:
        memory = previous._array()
        memory += grad
        previous._version_counter[0] += 1


# ----- (first reading: skip) a first gradient kept without a copy ---------------


def _only_ours(grad, data):
    """Whether AccumulateGrad may keep the array `grad` as `.grad` without a
    copy: as PyTorch does, when nothing else refers to it (its reference count:
    only the calls that brought it here). Taking it saves a copy as large as
    the gradient, and gives a training step the memory pattern of plain numpy
    (benchmarks/README.md, round 5)."""
    return (
        _REFERENCES_OF_A_FRESH_GRADIENT is not None
        and type(grad) is _ARRAY
        and sys.getrefcount(grad) <= _REFERENCES_OF_A_FRESH_GRADIENT
        and grad.flags.owndata  # (not a view of other memory)
        and grad.flags.c_contiguous
        and grad.flags.writeable
        and grad.dtype == data.dtype
        and grad.shape == data.shape
        and (data.flags.c_contiguous or not _is_dense(data))  # (see below)
    )


def _copy_in_layout(grad, data):
    """A copy of a first gradient, laid out as PyTorch's AccumulateGrad lays
    out `.grad` (its "gradient layout contract"): with the leaf's own strides
    where the leaf's memory is dense (a row-major leaf gets a row-major .grad,
    whatever order the gradient came in, so `x.grad.view(-1)` works), row-major
    where it is not (a leaf that is a slice with gaps)."""
    if type(data) is not _ARRAY or data.flags.c_contiguous or not _is_dense(data):
        return np.array(grad, dtype=data.dtype, order="C")
    copy = np.empty_like(data)  # (order "K": the leaf's strides, gap-free)
    copy[...] = grad
    return copy


def _is_dense(array):
    """Whether an array's elements fill its memory without gaps or overlaps,
    in some order of its dimensions (PyTorch's `is_non_overlapping_and_dense`)."""
    if array.flags.f_contiguous:
        return True
    expected = array.itemsize
    for stride, size in sorted(  # (a negative stride is never dense here)
        (stride, size) for size, stride in zip(array.shape, array.strides) if size != 1
    ):
        if stride != expected:
            return False
        expected *= size
    return True


# A gradient nothing else holds has four references here: the arguments of
# AccumulateGrad.backward, accumulate_into and _only_ours, and getrefcount's own
# (the engine passes it on without a name of its own; one held by whoever called
# AccumulateGrad.backward counts a fifth: tests/minigrad/test_grad_memory.py).
# Counted on CPython 3.10-3.13 with the GIL; elsewhere references are counted
# differently (3.14 borrows some), so there the gradient is always copied.
_REFERENCES_OF_A_FRESH_GRADIENT = (
    4
    if sys.implementation.name == "cpython"
    and sys.version_info < (3, 14)
    and getattr(sys, "_is_gil_enabled", lambda: True)()  # (3.13's free threading)
    else None
)


# ----- 4. saved tensors (first reading: skip): outputs, numbers, in-place checks


def accumulate_retained(tensor, grad):
    """The `.grad` of a non-leaf tensor that called `retain_grad()`, kept as
    PyTorch keeps it (a leaf's differs: `accumulate_into`): the first gradient
    copied, each later one added out of place. So `.grad` is a new tensor
    after each backward, and one kept from before stays as it was; under
    create_graph both are recorded (CloneBackward0, AddBackward0)."""
    previous = tensor._grad
    if isinstance(grad, Tensor) or previous is not None and previous._requires_grad:
        _accumulate_recorded(tensor, previous, grad, copy_first=True)
        return
    total = np.array(grad if previous is None else previous._data + grad)
    total = total.astype(tensor._data.dtype, copy=False)
    tensor._set_grad(wrap(total[()] if total.ndim == 0 else total))  # (0-d: a scalar)


def _accumulate_recorded(tensor, previous, grad, copy_first=False):
    """`tensor.grad += grad` where the sum is recorded: under create_graph (a
    tensor `grad` keeps its graph), or where `.grad` itself requires grad. The
    sum is a new tensor; a first gradient is kept as it is, or (`copy_first`,
    retain_grad's rule) as a recorded clone."""
    if not isinstance(grad, Tensor):
        grad = Tensor._make(np.asarray(grad))
    elif grad._data.dtype != tensor._data.dtype:
        grad = grad.to(tensor.dtype)
    if previous is None:
        tensor._set_grad(grad.clone() if copy_first else grad)
    else:
        tensor._set_grad(previous + grad)


def _save(value, out, node):
    """What a node keeps of a saved value: an input tensor as it is (with its
    version), the node's own output as its array alone (holding the output
    would make a cycle: output -> node -> output), a number as it is."""
    if value is None:
        return None
    if value is OUTPUT or value is out:
        return _saved_output(out._data, out._version_counter, 0, True)
    if isinstance(value, Tensor):
        if value._inference:
            raise RuntimeError(
                "Inference tensors cannot be saved for backward. Please do not use "
                "Tensors created in inference mode in computation tracked by "
                "autograd. To work around this, you can make a clone to get a "
                "normal tensor and use it in autograd, or use `minigrad.no_grad()` "
                "instead of `minigrad.inference_mode()`."
            )
        return (value, value._version_counter[0])
    return (value, None)  # a plain number


def _saved_output(array, counter, output_nr, requires_grad):
    """A node's own output, kept as a list [array, version counter, version,
    output_nr, requires_grad] and rebuilt as a tensor whose grad_fn is the
    node. (A list, where a saved input is a `(tensor, version)` tuple: the
    type tells them apart at once; a tuple subclass costs 4x more to make.)"""
    return [array, counter, counter[0], output_nr, requires_grad]


def _is_array(saved):
    """True for a saved tensor or output (not None, not a plain number)."""
    return saved is not None and (type(saved) is list or saved[1] is not None)


def _array_of(saved):
    return saved[0] if type(saved) is list else saved[0]._data


def _unpack(node, saved, as_tensors):
    """A saved value as a tensor or as its array, after checking that it was
    not changed in place since it was saved."""
    if saved is None:
        return None
    if type(saved) is list:
        array, counter, version, output_nr, requires_grad = saved
        if counter[0] != version:
            raise _modified_error(node, array, f"output {output_nr}", counter, version)
        if not as_tensors:
            return array
        out = Tensor._make(
            array,
            requires_grad=requires_grad,
            grad_fn=node if requires_grad else None,
            version=counter,
        )
        out._output_nr = output_nr
        return out
    value, version = saved
    if version is None:  # a plain number
        return value
    if value._version_counter[0] != version:
        maker = value.grad_fn  # after the in-place change: the op that changed it
        raise _modified_error(
            maker,
            value._data,
            None if maker is None else f"output {value._output_nr}",
            value._version_counter,
            version,
        )
    return value if as_tensors else value._data


def _modified_error(node, array, which, counter, version):
    # PyTorch's words: "[torch.FloatTensor [2]], which is output 0 of Exp, is
    # at version 1; ...". It names the node without "Backward0": for a saved
    # output the node that saved it, for an input the node that now makes it
    # (the in-place op), and nothing for a leaf.
    if which is not None:
        short_name = re.sub(r"Backward\d*$", "", node.name())
        which = f", which is {which} of {short_name},"
    return RuntimeError(
        "one of the variables needed for gradient computation has been "
        f"modified by an inplace operation: [{tensor_type_name(array.dtype)} "
        f"{list(array.shape)}]{which or ''} is at version {counter[0]}; expected "
        f"version {version} instead. Hint: change the in-place operation (e.g. "
        "x.mul_(2)) to its out-of-place form (x = x * 2), or .clone() the tensor "
        "before changing it."
    )


def _freed_error():
    return RuntimeError(
        "Trying to backward through the graph a second time (or directly access "
        "saved tensors after they have already been freed). Saved intermediate "
        "values of the graph are freed when you call .backward() or "
        "autograd.grad(). Specify retain_graph=True if you need to backward "
        "through the graph a second time or if you need to access saved tensors "
        "after calling backward."
    )


class RemovableHandle:
    """Returned by `register_hook`: call `remove()` to take the hook off again."""

    def __init__(self, hooks, hook):
        self._hooks = hooks
        self._hook = hook

    def remove(self):
        """Remove the hook (removing twice is harmless)."""
        if self._hook in self._hooks:
            self._hooks.remove(self._hook)

    def __enter__(self):  # `with x.register_hook(f):` removes it at the end
        return self

    def __exit__(self, *exc_info):
        self.remove()


# ----- edges: where a tensor's gradient goes ------------------------------------


def edge_of(value):
    """The `(node, output_nr)` a value's gradient flows to ((None, 0) if none)."""
    if not isinstance(value, Tensor) or not value._requires_grad:
        return NO_EDGE
    if value.grad_fn is not None:
        if value.grad_fn._view_of is not None:  # (as in `record`)
            value._current_history()
        return (value.grad_fn, value._output_nr)
    return value._leaf_edge or value._accumulator_edge()


# ----- read next: minigrad/autograd/engine.py (the rest of this file, the
# plumbing of custom Functions, is for later) ---------------------------------


# ----- Function: what you subclass to write your own op ----------------------


class Function:
    """Base class of your own differentiable operations.

    Subclass it and write two static methods:

    - `forward(ctx, *inputs)`: compute the result with any tensor maths (it
      is not recorded). Save what backward needs with
      `ctx.save_for_backward(...)`; keep numbers as plain attributes
      (`ctx.scale = 2`). When the call is recorded, `ctx` is the graph node
      itself, as in PyTorch, so a few names are its own and refused:
      `ctx.output`, `ctx.name`, `ctx.formula`, ...
    - `backward(ctx, grad)`: given the gradient of the result, return one
      gradient per input (None for inputs that need none). Write it with tensor
      operations, so that `create_graph=True` can differentiate it again.

    Then call `YourFunction.apply(*inputs)`. (PyTorch's newer style works too:
    `forward(*inputs)` without ctx, and a third static method
    `setup_context(ctx, inputs, output)` that saves what backward needs.)

    Example:
        >>> class Exp(minigrad.autograd.Function):  # doctest: +SKIP
        ...     @staticmethod
        ...     def forward(ctx, x):
        ...         result = x.exp()
        ...         ctx.save_for_backward(result)
        ...         return result
        ...     @staticmethod
        ...     def backward(ctx, grad):
        ...         (result,) = ctx.saved_tensors
        ...         return grad * result
    """

    formula = ""  # the local derivative, shown by the widgets
    backward_name = None  # the node's name, e.g. "CumsumBackward0" (built-in ops)
    # Names of numpy arrays (or tensors) a built-in forward keeps on ctx (a
    # mask, indices, a loss's weight): freed after backward, as saved tensors are.
    ctx_arrays = ()

    @staticmethod
    def forward(ctx, *args, **kwargs):
        """Compute the result (see the class docstring)."""
        raise NotImplementedError

    @staticmethod
    def backward(ctx, grad):
        """Return one gradient per input (see the class docstring)."""
        raise NotImplementedError

    @staticmethod
    def setup_context(ctx, inputs, output):
        """(PyTorch's newer style) Keep what backward needs on `ctx`, given the
        inputs and forward's output; then forward is written without ctx,
        `forward(a, b)`. Functions that take ctx in forward leave this out."""
        raise NotImplementedError

    @classmethod
    def node_name(cls, *args, **kwargs):
        """The recorded node's name; PyTorch names custom nodes `<Name>Backward`."""
        return cls.backward_name or f"{cls.__name__}Backward"

    def __call__(self, *args, **kwargs):
        # (PyTorch's old style, `MyFunction()(x)`, is gone there too)
        raise RuntimeError(
            "Legacy autograd function with non-static forward method is "
            "deprecated. Please use new-style autograd function with static "
            f"forward method: call {type(self).__name__}.apply(...)"
        )

    @classmethod
    def apply(cls, *args, **kwargs):
        """Run `forward` on `args` and record a node when a gradient is needed.

        Positional arguments are the inputs (tensors or numbers, one
        `next_functions` entry each); keyword arguments are settings such as
        `dim`, which get no gradient.
        """
        return _apply_function(cls, args, kwargs)


# ----- (first reading: skip) the plumbing of Function.apply -------------------


# The edge of a Function's input that is no tensor (a number): equal to
# NO_EDGE, but another object, so that a backward returning a gradient for it
# is refused (as PyTorch refuses it) where one for a tensor that needs none is
# dropped. (`is`, not `==`, tells them apart.)
_NOT_A_TENSOR = tuple([None, 0])  # (not `(None, 0)`: Python would reuse NO_EDGE)


class FunctionCtx:
    """The `ctx` passed to `forward` and `backward`: where forward leaves notes.

    When the operation is recorded, ctx *is* its graph node, as in PyTorch
    (there `ctx` is the `...Backward` object too). When nothing is recorded it
    is a plain FunctionCtx, dropped when the call returns.

    Attributes:
        needs_input_grad: one bool per input: does that input need a gradient?
    """

    _to_save = ()
    _non_differentiable = ()
    _dirty = ()  # the inputs forward changed in place (`mark_dirty`)
    _materialize_grads = True

    def __init__(self, needs_input_grad):
        self.needs_input_grad = needs_input_grad

    def save_for_backward(self, *tensors):
        """Keep tensors (inputs or outputs; None allowed) for `backward`.

        Saved tensors are checked at backward time: if one was changed in place
        in between, backward raises instead of using a wrong value.
        """
        self._to_save = tensors

    def mark_dirty(self, *tensors):
        """Say that forward changed these inputs in place (and returns them).

        The Function's output is then the input tensor itself, whose history
        becomes this Function's node (as after any recorded in-place op): its
        version goes up, so a graph that saved its old value refuses backward.
        """
        self._dirty = tensors

    def mark_non_differentiable(self, *outputs):
        """Say that these outputs have no gradient (e.g. indices of a max)."""
        self._non_differentiable = outputs

    def set_materialize_grads(self, value):
        """Whether backward receives zeros (True, the default) or None for the
        outputs that got no gradient (of a Function with several outputs)."""
        self._materialize_grads = bool(value)

    metadata = property(lambda ctx: _metadata_of(ctx))  # (as `Node.metadata`)

    @property
    def saved_tensors(self):
        """The tensors given to `save_for_backward`, checked for in-place changes."""
        if isinstance(self, Node):
            return tuple(self.saved(as_tensors=True))
        return ()


class FunctionNode(FunctionCtx, Node):
    """The node a `Function` leaves in the graph; runs that Function's backward
    on tensors. It is also the `ctx` that the Function's forward and backward
    receive.
    """

    function = None  # the Function class (set on each generated node class)
    _usual = False  # its gradients are fitted and its ctx arrays released

    def __init__(self, next_functions, needs_input_grad):
        Node.__init__(self, next_functions)
        self.needs_input_grad = needs_input_grad

    def _built_in(self):
        """Whether this is the node of one of minigrad's own ops (whose
        backward may give a gradient for a number, dropped), not yours."""
        return self.function.__module__.startswith("minigrad.")

    def __call__(self, *grads):
        if not self._built_in():
            # (as PyTorch: your own Function's node is not called directly)
            raise TypeError(f"'{self.name()}' object is not callable")
        return _call_node(self, grads)

    def __repr__(self):
        if self.function.__module__.startswith("minigrad."):  # a built-in op's node
            return Node.__repr__(self)  # (<SelectBackward0 object at 0x...>)
        # Your own Function's node prints with its module, as PyTorch's does:
        # <torch.autograd.function.MyExpBackward object at 0x...>.
        return f"<minigrad.autograd.function.{self.name()} object at {hex(id(self))}>"

    def release(self):
        # As in PyTorch, what is freed is what backward saved: tensors given to
        # save_for_backward and the values a built-in forward kept on ctx
        # (masks, indices; its Function names them in `ctx_arrays`).
        freed = bool(self._saved)
        self._saved = None
        for name in self.function.ctx_arrays:
            if self.__dict__.get(name) is not None:  # an array or a tensor
                delattr(self, name)
                freed = True
        if freed:
            self.released = True

    def backward(self, grad):
        if self.released:
            raise _freed_error()
        # The Function's backward works on tensors: wrap numpy gradients.
        as_arrays = not isinstance(grad[0] if type(grad) is tuple else grad, Tensor)
        if type(grad) is tuple:  # one gradient per output
            grads = self.function.backward(self, *[_to_tensor(g) for g in grad])
        else:
            grads = self.function.backward(self, _to_tensor(grad))
        if type(grads) is not tuple:
            grads = (grads,)
        edges = self.next_functions
        if len(grads) > len(edges) and all(g is None for g in grads[len(edges) :]):
            # gradients for arguments left to their defaults (`bias=None`): None
            # past the inputs given is accepted, as PyTorch accepts it
            grads = grads[: len(edges)]
        if len(grads) != len(edges):
            raise RuntimeError(
                f"function {self.name()} returned an incorrect number of gradients "
                f"(expected {len(edges)}, got {len(grads)})"
            )
        result = []
        for i, (edge, g) in enumerate(zip(edges, grads)):
            if g is None:
                result.append(None)
            elif edge is _NOT_A_TENSOR and not self._built_in():  # (as PyTorch)
                raise RuntimeError(
                    f"function {self.name()} returned a gradient different than "
                    f"None at position {i + 1}, but the corresponding forward input "
                    "was not a Variable (it was not a tensor: return None for it)"
                )
            elif not isinstance(g, Tensor):
                raise RuntimeError(
                    f"expected Variable or None (got {type(g).__name__}): "
                    f"{self.name()}.backward must return a Tensor (or None) for "
                    "each input, e.g. grad * 2.0 rather than 2.0"
                )
            elif edge[0] is None:
                result.append(None)
            else:
                result.append(g._data if as_arrays else g)
        return tuple(result)


def _to_tensor(value):
    if value is None or isinstance(value, Tensor):
        return value
    return Tensor._make(np.asarray(value))


def node_class(function, name):
    """The node class called `name` for `function` (made once, then reused).

    PyTorch's node types have names such as `MulBackward0`; making a small
    subclass per name lets `type(t.grad_fn).__name__` print that name.

    The node classes are kept on the Function class itself (in its own
    `__dict__`, not one inherited from a parent class), not in a table of this
    module: a notebook defines its Functions again at every re-run, and each old
    class must be freed together with its node classes, not kept forever.
    """
    made = function.__dict__.get("_node_classes")
    if made is None:
        made = {}
        function._node_classes = made
    made_class = made.get(name)
    if made_class is None:
        attributes = {"function": function, "formula": function.formula}
        made_class = made[name] = type(name, (FunctionNode,), attributes)
    return made_class


def _apply_function(cls, args, kwargs):
    """`Function.apply`: run forward with a ctx, and record a node if needed."""
    # (A number has no `_requires_grad`: it never needs a gradient.)
    needs_grad = tuple([getattr(a, "_requires_grad", False) for a in args])
    if not (is_recording() and True in needs_grad):
        # Nothing to record: compute and wrap the result, that is all.
        ctx = FunctionCtx(needs_grad)
        raw = _run_forward(cls, ctx, args, kwargs)
        if ctx._dirty:  # (first reading: skip) inputs changed in place
            return _dirty_outputs(ctx, args, raw, recorded=False)
        if type(raw) in _PLAIN_NUMBERS:
            return raw  # a Python number is no tensor: returned as is (PyTorch)
        if type(raw) is tuple:
            return tuple([_as_output(r) for r in raw])
        return _as_output(raw)

    # The node is made first: it is the ctx that forward writes its notes on.
    edges = tuple(
        [
            edge_of(a) if n else NO_EDGE if isinstance(a, Tensor) else _NOT_A_TENSOR
            for a, n in zip(args, needs_grad)
        ]
    )
    node = node_class(cls, cls.node_name(*args, **kwargs))(edges, needs_grad)
    node._leaves = [a for a, n in zip(args, needs_grad) if n and a.grad_fn is None]
    node._fit = [
        (a._data.shape, a._data.dtype) if n else None for a, n in zip(args, needs_grad)
    ]
    set_recording(False)  # forward itself is not recorded
    try:
        raw = _run_forward(cls, node, args, kwargs)
    finally:
        set_recording(True)
    if not _NODE_ATTRIBUTES.isdisjoint(node.__dict__):
        raise _hidden_attribute_error(cls, node)
    if type(raw) in _PLAIN_NUMBERS:
        return raw  # as PyTorch: no tensor, so nothing to record
    if node._dirty:  # (first reading: skip) inputs changed in place
        return _dirty_outputs(node, args, raw, recorded=True)
    raw_outputs = raw if type(raw) is tuple else (raw,)
    outputs = tuple([_as_output(r) for r in raw_outputs])
    if type(raw) is tuple:  # (a number among them: None, it gets no gradient)
        node._output_meta = tuple(
            [(o.shape, o.dtype) if isinstance(o, Tensor) else None for o in outputs]
        )
    _connect(node, raw_outputs, outputs)
    return outputs if type(raw) is tuple else outputs[0]


def _dirty_outputs(ctx, args, raw, recorded):
    """The outputs of a Function whose forward changed inputs in place
    (`ctx.mark_dirty`), as PyTorch makes them: each changed input is
    returned as itself, its version counted once more, and (when recorded)
    its history is now the Function's node (`ctx`), as after an in-place op."""
    raw_outputs = raw if type(raw) is tuple else (raw,)
    dirty = ctx._dirty
    for tensor in dirty:
        if not isinstance(tensor, Tensor):
            raise TypeError("mark_dirty can only mark tensors")
        tensor._version_counter[0] += 1
    for tensor in dirty:
        if not any(out is tensor for out in raw_outputs):
            raise RuntimeError(
                "Some elements marked as dirty during the forward method were not "
                "returned as output. The inputs that are modified inplace must all "
                "be outputs of the Function."
            )
        if not any(a is tensor for a in args):
            import warnings  # (only here: not a line of the first reading)

            warnings.warn(
                "ctx.mark_dirty() received a tensor that was not an input. Only "
                "input Tensors that have been mutated should be passed to "
                "ctx.mark_dirty().",
                UserWarning,
                stacklevel=4,
            )
        elif recorded and tensor.grad_fn is None and tensor._requires_grad:
            raise RuntimeError(
                "a leaf Variable that requires grad has been used in an in-place "
                "operation. Hint: change it under `with minigrad.no_grad():`, or "
                "pass the Function a .clone() of it."
            )
    changed = [
        any(out is a for a in args) and any(out is d for d in dirty)
        for out in raw_outputs
    ]
    if not recorded:  # (an input that requires grad: a new tensor, as PyTorch)
        outputs = tuple(
            out if same and not out._requires_grad else _as_output(out)
            for out, same in zip(raw_outputs, changed)
        )
        return outputs if type(raw) is tuple else outputs[0]
    views = [
        out for out, same in zip(raw_outputs, changed) if same and out._base is not None
    ]
    if views and len(raw_outputs) > 1:
        raise RuntimeError(
            "If your Function modifies inplace an input that is a view of another "
            "Tensor, your Function cannot return more than one Tensor. Make sure "
            "the input is not a view (using .clone() for example), or make the "
            "Function return only that Tensor."
        )
    outputs = []
    for out, same in zip(raw_outputs, changed):
        if not same:
            outputs.append(_as_output(out))
        elif out._base is not None:  # a view: its node goes into the base (below)
            outputs.append(Tensor._make(out._data, version=out._version_counter))
        else:  # the input itself takes the node as its history (as `_inplace`)
            retained = out.retains_grad
            if retained:  # (as in `_inplace`: .grad is that of the new value)
                del out.grad_fn._retain_grad_refs[out._output_nr]
            out._grad = None  # (PyTorch resets the .grad of a changed input)
            outputs.append(out)
            if retained:
                out._retain_after_connect = True
    outputs = tuple(outputs)
    if type(raw) is tuple:
        ctx._output_meta = tuple(
            [(o.shape, o.dtype) if isinstance(o, Tensor) else None for o in outputs]
        )
    _connect(ctx, raw_outputs, outputs)
    for out in outputs:
        if isinstance(out, Tensor) and out.__dict__.pop("_retain_after_connect", 0):
            out.retain_grad()
    if views:  # the view's values go into its base, recorded (`CopySlices`)
        from ..tensor import _view_index

        view, carrier = views[0], outputs[0]
        index = _view_index(view, view._base)
        if index is None:
            raise RuntimeError(
                "minigrad cannot record an in-place change of this view (its "
                "elements are not a plain selection of its base's). Hint: pass "
                "the Function a .clone() of the view."
            )
        view._write_through_base(carrier, index)
        return view
    for out, same in zip(outputs, changed):
        if same:  # a new history for this memory: views made before see it
            count_new_history(out._version_counter)
    return outputs if type(raw) is tuple else outputs[0]


def _run_forward(cls, ctx, args, kwargs):
    """Call the Function's forward as it is written: `forward(ctx, *args)`, or
    PyTorch's newer style, `forward(*args)` and then
    `setup_context(ctx, inputs, output)` to keep what backward needs."""
    if cls.setup_context is Function.setup_context:  # (not overridden)
        return cls.forward(ctx, *args, **kwargs)
    output = cls.forward(*args, **kwargs)
    cls.setup_context(ctx, args, output)
    return output


# A forward returning one of these gives it back unchanged, as PyTorch does
# (numpy scalars, which built-in ops return, still become tensors).
_PLAIN_NUMBERS = (float, int, bool)

# What forward must not set on ctx: ctx is the graph node, and these are the
# node's own, read by the engine and the graph API.
_NODE_ATTRIBUTES = frozenset(
    [
        "name",
        "output",
        "saved",
        "saved_arrays",
        "backward",
        "release",
        "register_tensor_hook",
        "formula",
        "function",
        "released",
    ]
)


def _hidden_attribute_error(function, node):
    name = sorted(_NODE_ATTRIBUTES.intersection(node.__dict__))[0]
    return AttributeError(
        f"{function.__name__}.forward set ctx.{name}, which would hide the graph "
        f"node's own `{name}` (ctx is the node, as in PyTorch). Store it under "
        f"another name, e.g. ctx.{name}_value = ..."
    )


def _connect(node, raw_outputs, outputs):
    """Make `node` the grad_fn of the outputs and keep what backward needs."""
    first = next(out for out in outputs if isinstance(out, Tensor))
    for nr, out in enumerate(outputs):
        if not isinstance(out, Tensor) or out._data.dtype.kind != "f":
            continue  # numbers, integer and bool results have no gradient
        if node._non_differentiable and any(
            raw_outputs[nr] is nd for nd in node._non_differentiable
        ):
            continue
        out._requires_grad = True
        out.grad_fn = node
        if nr:
            out._output_nr = nr
    node._output_ref = weakref.ref(first)
    if first._base is not None:
        counter = first._version_counter
        node._view_of = (counter, new_histories(counter))
    saved = []
    for value in node._to_save:
        saved.append(_save_for_function(value, raw_outputs, outputs, node))
    node._saved = tuple(saved)
    node._to_save = ()


def _save_for_function(value, raw_outputs, outputs, node):
    if value is None:
        return None
    for nr, (raw, out) in enumerate(zip(raw_outputs, outputs)):
        if isinstance(out, Tensor) and (value is raw or value is out):
            counter = out._version_counter
            return _saved_output(out._data, counter, nr, out._requires_grad)
    if not isinstance(value, Tensor):
        raise TypeError("save_for_backward can only save tensors or None")
    return _save(value, None, node)


def _as_output(raw):
    """Wrap what forward returned as a fresh tensor (never an input object);
    a Python number (one of several outputs) stays a number, as in PyTorch."""
    if type(raw) in _PLAIN_NUMBERS:
        return raw
    if type(raw) is np.ndarray:
        return Tensor._make(raw)
    if isinstance(raw, Tensor):
        # A view made by forward keeps sharing its base's data and version.
        view = Tensor._make(raw._array(), version=raw._version_counter, base=raw._base)
        if raw._made_without_grad:  # (and what `_view` noted of its grad mode)
            view._made_without_grad = raw._made_without_grad
        return view
    return Tensor._make(raw)


# ----- once_differentiable (issue 12; first reading: skip) --------------------------


def once_differentiable(backward):
    """Mark a custom Function's `backward` as not differentiable itself.

    The backward then runs with grad disabled (its operations are not
    recorded), and differentiating its result again (a double backward, e.g.
    through `create_graph=True`) raises PyTorch's error instead of silently
    giving a wrong (zero) second derivative. Put it below `@staticmethod`.

    Args:
        backward: the Function's `backward(ctx, *grads)`.

    Returns:
        The wrapped backward.

    Example:
        >>> class Square(minigrad.autograd.Function):  # doctest: +SKIP
        ...     @staticmethod
        ...     def forward(ctx, x):
        ...         ctx.save_for_backward(x)
        ...         return x * x
        ...     @staticmethod
        ...     @once_differentiable
        ...     def backward(ctx, grad):
        ...         (x,) = ctx.saved_tensors
        ...         return 2 * x * grad
    """

    def wrapper(ctx, *grads):
        with grad_mode.no_grad():
            outputs = backward(ctx, *grads)
        # As PyTorch: only when a double backward could follow (grad enabled
        # and an incoming gradient that requires grad) are the results wired
        # to a node that refuses to be differentiated.
        if not grad_mode.is_grad_enabled() or not any(
            isinstance(g, Tensor) and g.requires_grad for g in grads
        ):
            return outputs
        needing = [g for g in grads if isinstance(g, Tensor) and g.requires_grad]
        wrapped = tuple(
            None if out is None else record(Error, out._data, needing)
            for out in (outputs if isinstance(outputs, tuple) else (outputs,))
        )
        return wrapped if isinstance(outputs, tuple) else wrapped[0]

    wrapper.__name__ = backward.__name__
    wrapper.__qualname__ = getattr(backward, "__qualname__", backward.__name__)
    wrapper.__doc__ = backward.__doc__
    wrapper.__wrapped__ = backward
    return wrapper


class Error(Node):
    """The node after a `once_differentiable` backward: differentiating
    through it raises (PyTorch's `Error` node)."""

    formula = "not differentiable: the backward was marked @once_differentiable"

    def backward(self, grad):
        raise RuntimeError(
            "trying to differentiate twice a function that was marked with "
            "@once_differentiable (remove the decorator and write the backward "
            "with differentiable tensor operations to get second derivatives)"
        )
