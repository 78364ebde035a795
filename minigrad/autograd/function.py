"""Functions and the graph nodes they leave behind.

Every differentiable operation is a `Function`: `forward` computes the result,
`backward` turns the gradient of the result into gradients of the inputs.
Calling `SomeFunction.apply(...)` runs `forward` and, when a gradient will be
needed, records a *node* (`Node`) in the graph: the object you see as
`tensor.grad_fn`, named as PyTorch names it (`MulBackward0`). Leaves that
require grad are represented by an `AccumulateGrad` node.

Who holds whom (so that graphs form no reference cycles and are freed as soon
as the last tensor goes): a tensor holds its `grad_fn`; a node holds the nodes
of its inputs (`next_functions`) and the inputs it saved; a node refers to the
tensor it produced only through a weak reference.

Read `engine.py` next: it runs the nodes in the right order.
"""

import itertools
import traceback
import weakref

import numpy as np

from .._dtype import from_numpy_dtype
from . import anomaly, grad_mode

# The Tensor class. tensor.py imports this module, so this module can't import
# tensor.py; tensor.py hands its class over when it loads (see its last lines).
Tensor = None

_sequence = itertools.count()  # creation order; the engine runs later nodes first


class Node:
    """A node of the backward graph (what `tensor.grad_fn` is).

    Attributes:
        next_functions: one `(node, output_nr)` pair per input of the forward
            operation; `node` is None for an input that needs no gradient.
        formula: the local derivative as human text, e.g. "d(a*b)/da = b".
    """

    formula = ""
    # Defaults shared by all nodes until a node needs its own (hooks, anomaly).
    _pre_hooks = ()  # (output_nr, hook) pairs from tensor.register_hook
    _retain_grad_refs = {}  # output_nr -> weakref to a retain_grad() tensor
    _output_ref = None
    released = False
    forward_trace = None  # where the node was made, under detect_anomaly

    def __init__(self, next_functions):
        self.next_functions = next_functions
        self.sequence_nr = next(_sequence)
        if anomaly._enabled:
            self.forward_trace = traceback.format_stack()[:-3]

    def name(self):
        """The node's name as PyTorch prints it, e.g. "MulBackward0"."""
        return type(self).__name__

    def output(self):
        """The tensor this node produced, or None if it has been freed."""
        return self._output_ref() if self._output_ref is not None else None

    def saved_arrays(self):
        """The numpy arrays saved for backward ([] once released)."""
        return []

    def apply(self, grad):
        """Gradients for each input, given the gradient of the output."""
        raise NotImplementedError

    def release(self):
        """Free what backward needed (called after backward without retain_graph)."""
        self.released = True

    def register_tensor_hook(self, output_nr, hook):
        """Run `hook(grad)` on the gradient of output `output_nr` first."""
        entry = (output_nr, hook)
        if not self._pre_hooks:
            self._pre_hooks = []
        self._pre_hooks.append(entry)
        return RemovableHandle(self._pre_hooks, entry)

    def __repr__(self):
        return f"<{self.name()} object at {hex(id(self))}>"


class RemovableHandle:
    """Returned by `register_hook`: call `remove()` to take the hook off again."""

    def __init__(self, hooks, hook):
        self._hooks = hooks
        self._hook = hook

    def remove(self):
        """Remove the hook (removing twice is harmless)."""
        if self._hook in self._hooks:
            self._hooks.remove(self._hook)


class AccumulateGrad(Node):
    """The node of a leaf that requires grad: adds incoming gradients to `.grad`.

    Attributes:
        variable: the leaf tensor.
    """

    formula = "leaf.grad += grad"

    def __init__(self, variable):
        super().__init__(())
        self.variable = variable

    def output(self):
        return None

    def apply(self, grad):
        return ()

    def release(self):
        pass  # a leaf's node holds nothing that backward frees


def accumulate_node(tensor):
    """The AccumulateGrad node of a leaf (one per leaf, kept weakly)."""
    node = tensor._accumulate_ref() if tensor._accumulate_ref is not None else None
    if node is None:
        node = AccumulateGrad(tensor)
        tensor._accumulate_ref = weakref.ref(node)
    return node


def edge_of(value):
    """The `(node, output_nr)` a value's gradient flows to ((None, 0) if none)."""
    if not isinstance(value, Tensor) or not value._requires_grad:
        return (None, 0)
    if value.grad_fn is not None:
        return (value.grad_fn, value._output_nr)
    return (accumulate_node(value), 0)


class SavedTensor:
    """A tensor saved for backward, with the version it had when saved.

    An input is kept as it is. An output of the node itself is kept as its
    array alone and rebuilt on unpacking with the node as its `grad_fn`: holding
    the output tensor would make a cycle (output -> node -> output).
    """

    # (slots: one is made for every tensor an operation saves)
    __slots__ = (
        "is_output",
        "array",
        "version_counter",
        "version",
        "requires_grad",
        "tensor",
    )

    def __init__(self, tensor, is_output):
        if tensor._inference:
            raise RuntimeError(
                "Inference tensors cannot be saved for backward. To work around "
                "you can make a clone to get a normal tensor and use it in autograd."
            )
        self.is_output = is_output
        self.array = tensor._data
        self.version_counter = tensor._version_counter
        self.version = self.version_counter[0]
        if is_output:
            self.requires_grad = tensor._requires_grad
        else:
            self.tensor = tensor

    def unpack(self, node):
        """The saved tensor, after checking it was not changed in place since."""
        if self.version_counter[0] != self.version:
            raise RuntimeError(
                "one of the variables needed for gradient computation has been "
                f"modified by an inplace operation: [{self.array.dtype} tensor of "
                f"shape {list(self.array.shape)}], which is "
                f"{'output 0' if self.is_output else 'an input'} of {node.name()}, "
                f"is at version {self.version_counter[0]}; expected version "
                f"{self.version} instead. Hint: change the in-place operation "
                "(e.g. x.mul_(2)) to its out-of-place form (x = x * 2), or .clone() "
                "the tensor before changing it."
            )
        if not self.is_output:
            return self.tensor
        return Tensor._make(
            self.array,
            requires_grad=self.requires_grad,
            grad_fn=node if self.requires_grad else None,
            version=self.version_counter,
        )


class FunctionCtx:
    """The `ctx` passed to `forward` and `backward`: where forward leaves notes.

    When the operation is recorded, ctx *is* its graph node, as in PyTorch
    (there `ctx` is the `...Backward` object too). When nothing is recorded it
    is a plain FunctionCtx, dropped when the call returns.

    Attributes:
        needs_input_grad: one bool per input: does that input need a gradient?
    """

    # Defaults as class attributes: a ctx is made for every operation, so it
    # should cost as little as possible.
    _to_save = ()
    _saved = None
    _non_differentiable = ()
    _view_of = None  # (version counter, version) when the output is a view
    _output_meta = None  # ((shape, dtype), ...) for an op with several outputs
    released = False

    def __init__(self, needs_input_grad):
        self.needs_input_grad = needs_input_grad

    def save_for_backward(self, *tensors):
        """Keep tensors (inputs or outputs; None allowed) for `backward`.

        Saved tensors are checked at backward time: if one was changed in place
        in between, backward raises instead of using a wrong value.
        """
        self._to_save = tensors

    def mark_non_differentiable(self, *outputs):
        """Say that these outputs have no gradient (e.g. indices of a max)."""
        self._non_differentiable = outputs

    @property
    def saved_tensors(self):
        """The tensors given to `save_for_backward`, checked for in-place changes."""
        saved = self._saved
        if saved is None:
            if self.released:
                raise _freed_error()
            return ()
        return tuple([s.unpack(self) if s is not None else None for s in saved])


def _freed_error():
    return RuntimeError(
        "Trying to backward through the graph a second time (or directly access "
        "saved tensors after they have already been freed). Saved intermediate "
        "values of the graph are freed when you call .backward() or "
        "autograd.grad(). Specify retain_graph=True if you need to backward "
        "through the graph a second time or if you need to access saved tensors "
        "after calling backward."
    )


class BackwardNode(FunctionCtx, Node):
    """The node a `Function` leaves in the graph; runs that Function's backward.

    It is also the `ctx` that the Function's forward and backward receive.

    Attributes:
        input_meta: `(shape, numpy dtype)` per tensor input (None for a
            number), to fit each gradient to its input.
    """

    function = None  # the Function class (set on each generated node class)

    def __init__(self, next_functions, needs_input_grad, input_meta):
        Node.__init__(self, next_functions)
        self.needs_input_grad = needs_input_grad
        self.input_meta = input_meta

    def saved_arrays(self):
        if self._saved is None:
            return []
        return [s.array for s in self._saved if s is not None]

    def release(self):
        # As in PyTorch, what is freed is what backward saved: tensors given to
        # save_for_backward and the arrays a built-in forward kept on ctx
        # (masks, indices; its Function names them in `ctx_arrays`). A node
        # that saved nothing (a sum, an add) can run again.
        freed = bool(self._saved)
        self._saved = None
        for name in self.function.ctx_arrays:
            if self.__dict__.get(name) is not None:  # an array or a tensor
                delattr(self, name)
                freed = True
        if freed:
            self.released = True

    def apply(self, grad):
        if self.released:
            raise _freed_error()
        if self._view_of is not None:
            _check_view_unchanged(self)
        # A node with several outputs gets one gradient argument per output.
        if type(grad) is tuple:
            grads = self.function.backward(self, *grad)
        else:
            grads = self.function.backward(self, grad)
        if type(grads) is not tuple:
            grads = (grads,)
        edges = self.next_functions
        if len(grads) != len(edges):
            raise RuntimeError(
                f"function {self.name()} returned an incorrect number of gradients "
                f"(expected {len(edges)}, got {len(grads)})"
            )
        return tuple(
            [
                _fit_gradient(g, meta, self, i) if edges[i][0] is not None else None
                for i, (g, meta) in enumerate(zip(grads, self.input_meta))
            ]
        )


def _check_view_unchanged(node):
    """Refuse to backward through a view whose memory was changed in place since.

    A view shares memory (and a version counter) with the tensor it views.
    When that memory is changed in place, PyTorch rewrites the view's history;
    minigrad does not, so using the old history would give a wrong gradient.
    """
    counter, version = node._view_of
    if counter[0] != version:
        raise RuntimeError(
            f"the output of {node.name()} is a view that was modified by an inplace "
            "operation (through the tensor it views, or another view of it) after "
            "it was made; minigrad cannot rebase a view's history as PyTorch does. "
            "Hint: .clone() the view before changing the tensor in place, or make "
            "the view after the in-place change."
        )


def _fit_gradient(grad, meta, node, index):
    """Sum a gradient back to its input's shape (undoing broadcasting) and dtype.

    This is the one place where broadcasting is undone, so no op repeats it.
    """
    if grad is None:
        return None
    if not isinstance(grad, Tensor):
        raise TypeError(f"{node.name()}.backward must return Tensors or None")
    shape, dtype = meta
    array = grad._data
    if array.shape != shape:
        grad = sum_to_shape(grad, shape, node.name(), index)
    if array.dtype != dtype:
        grad = grad.to(from_numpy_dtype(dtype))
    return grad


def sum_to_shape(grad, shape, node_name="", index=0):
    """Sum `grad` over the dimensions that broadcasting added or stretched."""
    extra = grad.dim() - len(shape)
    if extra < 0:
        raise RuntimeError(
            f"Function {node_name} returned an invalid gradient at index {index} - "
            f"got {list(grad.shape)} but expected shape compatible with {list(shape)}"
        )
    if extra:  # dimensions broadcasting put in front
        grad = grad.sum(dim=tuple(range(extra)))
    stretched = tuple(
        i for i, n in enumerate(shape) if n == 1 and grad._data.shape[i] != 1
    )
    if stretched:  # size-1 dimensions broadcasting stretched
        grad = grad.sum(dim=stretched, keepdim=True)
    if grad._data.shape != tuple(shape):
        raise RuntimeError(
            f"Function {node_name} returned an invalid gradient at index {index} - "
            f"got {list(grad.shape)} but expected shape compatible with {list(shape)}"
        )
    return grad


_node_classes = {}


def node_class(function, name):
    """The node class called `name` for `function` (made once, then reused).

    PyTorch's node types have names such as `MulBackward0`; making a small
    subclass per name lets `type(t.grad_fn).__name__` print that name.
    """
    key = (function, name)
    if key not in _node_classes:
        attributes = {"function": function, "formula": function.formula}
        _node_classes[key] = type(name, (BackwardNode,), attributes)
    return _node_classes[key]


class Function:
    """Base class of differentiable operations, built in or your own.

    Subclass it and write two static methods:

    - `forward(ctx, *inputs)`: compute the result. Inputs are tensors (or
      plain numbers); built-in ops (`minigrad.ops`) compute on the numpy array
      `x._data` and return a numpy array, your own Functions may use any tensor
      maths (it is not recorded). Save what backward needs with
      `ctx.save_for_backward(...)`; keep numbers as plain attributes
      (`ctx.scale = 2`). When the call is recorded, `ctx` is the graph node
      itself, so a few names are its own and refused: `ctx.output`,
      `ctx.name`, `ctx.formula`, ...
    - `backward(ctx, grad)`: given the gradient of the result, return one
      gradient per input (None for inputs that need none). Write it with tensor
      operations, so that `create_graph=True` can differentiate it again.

    Then call `YourFunction.apply(*inputs)`.

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
    backward_name = None  # the node's name, e.g. "MulBackward0" (built-in ops)
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

    @classmethod
    def node_name(cls, *args, **kwargs):
        """The recorded node's name; PyTorch names custom nodes `<Name>Backward`."""
        return cls.backward_name or f"{cls.__name__}Backward"

    @classmethod
    def apply(cls, *args, **kwargs):
        """Run `forward` on `args` and record a node when a gradient is needed.

        Positional arguments are the inputs (tensors or numbers, one
        `next_functions` entry each); keyword arguments are settings such as
        `dim`, which get no gradient.
        """
        # (A number has no `_requires_grad`: it never needs a gradient.)
        needs_grad = tuple([getattr(a, "_requires_grad", False) for a in args])
        if not (grad_mode._grad_enabled and True in needs_grad):
            # Nothing to record: compute and wrap the result, that is all.
            raw = cls.forward(FunctionCtx(needs_grad), *args, **kwargs)
            if type(raw) is tuple:
                return tuple([_as_output(r) for r in raw])
            return _as_output(raw)

        # The node is made first: it is the ctx that forward writes its notes on.
        # One edge and one (shape, dtype) note per input, in a single pass.
        edges, meta = [], []
        for arg, needs in zip(args, needs_grad):
            if needs and arg.grad_fn is not None:
                edges.append((arg.grad_fn, arg._output_nr))
            elif needs:  # a leaf: its gradient goes to its AccumulateGrad node
                edges.append((accumulate_node(arg), 0))
            else:
                edges.append((None, 0))
            data = getattr(arg, "_data", None)
            meta.append(None if data is None else (data.shape, data.dtype))
        node_type = node_class(cls, cls.node_name(*args, **kwargs))
        node = node_type(tuple(edges), needs_grad, meta)

        grad_mode._grad_enabled = False  # forward itself is not recorded
        try:
            raw = cls.forward(node, *args, **kwargs)
        finally:
            grad_mode._grad_enabled = True
        if not _NODE_ATTRIBUTES.isdisjoint(node.__dict__):
            raise _hidden_attribute_error(cls, node)
        if type(raw) is tuple:
            outputs = tuple([_as_output(r) for r in raw])
            node._output_meta = tuple([(o.shape, o.dtype) for o in outputs])
            _connect(node, raw, outputs)
            return outputs
        output = _as_output(raw)
        _connect(node, (raw,), (output,))
        return output


# What forward must not set on ctx: ctx is the graph node, and these are the
# node's own, read by the engine and the graph API.
_NODE_ATTRIBUTES = frozenset(
    [
        "name",
        "output",
        "saved_arrays",
        "apply",
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
    first = outputs[0]
    for nr in range(len(outputs)):
        out = outputs[nr]
        if out._data.dtype.kind != "f":
            continue  # integer and bool results have no gradient
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
        node._view_of = (counter, counter[0])
    if node._to_save:
        node._saved = tuple([_save(t, raw_outputs, outputs) for t in node._to_save])
        node._to_save = ()
    else:
        node._saved = ()


def _as_output(raw):
    """Wrap what forward returned as a fresh tensor (never an input object)."""
    if type(raw) is np.ndarray:
        return Tensor._make(raw)
    if isinstance(raw, Tensor):
        # A view made by forward keeps sharing its base's data and version.
        return Tensor._make(raw._data, version=raw._version_counter, base=raw._base)
    return Tensor._make(raw)


def _save(value, raw_outputs, outputs):
    if value is None:
        return None
    for raw, out in zip(raw_outputs, outputs):
        if value is raw or value is out:
            return SavedTensor(out, is_output=True)

    if not isinstance(value, Tensor):
        raise TypeError("save_for_backward can only save tensors or None")
    return SavedTensor(value, is_output=False)
