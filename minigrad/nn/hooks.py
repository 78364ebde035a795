"""Hook handles, and how a module's full backward hook is called.

A backward hook wants two things at once: the gradient flowing into the
module's output (`grad_output`) and the gradient it sends to its inputs
(`grad_input`). As PyTorch does, we wrap the inputs and the outputs of the
module in an identity operation, `BackwardHookFunction`, whose backward sees
those gradients go by:

    x --BackwardHookFunction--> forward(...) --BackwardHookFunction--> y

Going backward, the output wrapper runs first: it calls the backward
pre-hooks (which may replace `grad_output`) and remembers `grad_output`; the
input wrapper runs once the module's own backward is done and calls the
hooks with both. Only public pieces are used (`autograd.Function`), so the
widgets show the wrappers as `BackwardHookFunctionBackward` nodes, as in
PyTorch.

The deprecated `register_backward_hook` hooks skip the wrappers: they go on
the node that made the output (`attach_old_backward_hooks`).
"""

import functools
import itertools
import warnings

import minigrad
from minigrad.autograd import Function
from minigrad.tensor import Tensor


class RemovableHandle:
    """What `register_*_hook` returns: `handle.remove()` takes the hook off.

    Also a context manager: the hook is removed when the `with` block ends.
    """

    _ids = itertools.count()

    def __init__(self, hooks):
        self.hooks = hooks
        self.id = next(RemovableHandle._ids)

    @classmethod
    def add(cls, hooks, hook):
        """Put `hook` into the ordered dict `hooks` and return its handle."""
        handle = cls(hooks)
        hooks[handle.id] = hook
        return handle

    def remove(self):
        """Remove the hook (removing twice is harmless)."""
        self.hooks.pop(self.id, None)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.remove()


class BackwardHookFunction(Function):
    """Identity on tensors; its backward reports the gradients to `state`."""

    backward_name = "BackwardHookFunctionBackward"  # PyTorch's node name
    formula = "identity (module backward hook)"

    @staticmethod
    def forward(ctx, *tensors, state, role):
        ctx.state = state
        ctx.role = role
        ctx.count = len(tensors)
        return tensors if len(tensors) > 1 else tensors[0]

    @staticmethod
    def backward(ctx, *grads):
        if ctx.role == "outputs":
            grads = ctx.state.outputs_done(grads)
            return grads if ctx.count > 1 else grads[0]
        grads = ctx.state.inputs_done(grads)
        return grads if ctx.count > 1 else grads[0]


def _wants_grad(value):
    return isinstance(value, Tensor) and value.requires_grad


class BackwardHookState:
    """One forward call's bookkeeping for `register_full_backward_hook`.

    Args:
        module: the module whose `_backward_hooks` are called.
    """

    def __init__(self, module):
        self.module = module
        self.n_inputs = 0  # positional inputs
        self.input_slots = []  # those that went through the wrapper
        self.zero_slots = {}  # tensor inputs that need no gradient
        self.grad_output = None

    def wrap_inputs(self, args):
        """Pass the positional inputs that need a gradient through the wrapper."""
        self.n_inputs = len(args)  # grad_input has one entry per argument
        self.input_slots = [i for i, a in enumerate(args) if _wants_grad(a)]
        # As in PyTorch, a tensor input that needs no gradient gets zeros in
        # grad_input when another input needs one (None when none does).
        self.zero_slots = {
            i: a
            for i, a in enumerate(args)
            if isinstance(a, Tensor) and not a.requires_grad
        }
        if not self.input_slots:
            return args
        wrapped = BackwardHookFunction.apply(
            *(args[i] for i in self.input_slots), state=self, role="inputs"
        )
        if not isinstance(wrapped, tuple):
            wrapped = (wrapped,)
        args = list(args)
        for i, new in zip(self.input_slots, wrapped):
            args[i] = new
        return tuple(args)

    def wrap_outputs(self, output):
        """Pass the output(s) that need a gradient through the wrapper."""
        outputs = output if isinstance(output, tuple) else (output,)
        self.output_slots = [i for i, o in enumerate(outputs) if _wants_grad(o)]
        self.n_outputs = len(outputs)
        if not self.output_slots:
            return output
        wrapped = BackwardHookFunction.apply(
            *(outputs[i] for i in self.output_slots), state=self, role="outputs"
        )
        if not isinstance(wrapped, tuple):
            wrapped = (wrapped,)
        outputs = list(outputs)
        for i, new in zip(self.output_slots, wrapped):
            outputs[i] = new
        return tuple(outputs) if isinstance(output, tuple) else outputs[0]

    def outputs_done(self, grads):
        """Run the backward pre-hooks on `grad_output` and remember it; call the
        hooks now if no input needs a gradient. Returns the (maybe replaced)
        gradients, which go on into the module's backward."""
        # (An output that no gradient reached shows zeros here; PyTorch shows None.)
        grad_output = [None] * self.n_outputs
        for slot, g in zip(self.output_slots, grads):
            grad_output[slot] = g
        grad_output = tuple(grad_output)
        for hook in list(self.module._backward_pre_hooks.values()):
            result = hook(self.module, grad_output)
            if result is None:
                continue
            result = result if isinstance(result, tuple) else (result,)
            if len(result) != len(grad_output):
                raise RuntimeError(
                    f"Backward pre hook returned an invalid number of grad_output, "
                    f"got {len(result)}, but expected {len(grad_output)}"
                )
            grad_output = result
        self.grad_output = grad_output
        if not self.input_slots:
            warnings.warn(
                "Full backward hook is firing when gradients are computed with "
                "respect to module outputs since no inputs require gradients.",
                UserWarning,
                stacklevel=2,
            )
            self._call_hooks((None,) * self.n_inputs)
        return tuple(grad_output[slot] for slot in self.output_slots)

    def inputs_done(self, grads):
        """Call the hooks with `grad_input`; return the (maybe replaced) gradients."""
        grad_input = [None] * self.n_inputs
        for slot, tensor in self.zero_slots.items():
            grad_input[slot] = minigrad.zeros_like(tensor)
        for slot, g in zip(self.input_slots, grads):
            grad_input[slot] = g
        grad_input = self._call_hooks(tuple(grad_input))
        return tuple(grad_input[slot] for slot in self.input_slots)

    def _call_hooks(self, grad_input):
        grad_output = self.grad_output
        if grad_output is None:  # the output wrapper saw no gradient
            grad_output = (None,) * getattr(self, "n_outputs", 1)
        # (Only full hooks: a module with old-style ones has them on a node,
        # see `attach_old_backward_hooks`.)
        full = self.module._is_full_backward_hook
        for hook in list(self.module._backward_hooks.values()) if full else []:
            result = hook(self.module, grad_input, grad_output)
            if result is None:
                continue
            result = result if isinstance(result, tuple) else (result,)
            if len(result) != len(grad_input):
                raise RuntimeError(
                    f"Backward hook returned an invalid number of grad_input, got "
                    f"{len(result)}, but expected {len(grad_input)}"
                )
            grad_input = result
        return grad_input


def attach_old_backward_hooks(module, args, output):
    """`register_backward_hook`'s hooks (deprecated): registered on the node
    that made the output, called `hook(module, grad_input, grad_output)` with
    that node's gradients, as PyTorch does.

    Warns, with PyTorch's text, when that node is not the whole module (its
    inputs are not the module's inputs): then `grad_input` misses some.
    """
    first = output  # the first tensor of the output (inside tuples or dicts)
    while not isinstance(first, Tensor):
        if isinstance(first, dict):
            first = next(v for v in first.values() if isinstance(v, Tensor))
        else:
            first = first[0]
    grad_fn = first.grad_fn
    if grad_fn is None:
        return
    for hook in list(module._backward_hooks.values()):
        grad_fn.register_hook(functools.partial(hook, module))
    # The node's inputs are the module's exactly when the nodes that made the
    # module's inputs are the ones the output's node leads to.
    made_inputs = {a.grad_fn for a in args if isinstance(a, Tensor)} - {None}
    if made_inputs != {node for node, _ in grad_fn.next_functions}:
        warnings.warn(
            "Using a non-full backward hook when the forward contains multiple "
            "autograd Nodes is deprecated and will be removed in future versions. "
            "This hook will be missing some grad_input. Please use "
            "register_full_backward_hook to get the documented behavior.",
            FutureWarning,
            stacklevel=3,
        )
