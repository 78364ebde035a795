"""`nn.Module`: the base class of every layer, loss and model.

A Module keeps three ordered dictionaries, filled by plain attribute
assignment (`self.fc = nn.Linear(2, 3)`, `self.w = nn.Parameter(...)`):

- `_parameters`: its own `Parameter`s (weights the optimizer trains),
- `_buffers`: tensors that are state but not trained (registered explicitly),
- `_modules`: its child modules.

Everything else (`parameters()`, `named_parameters()`, `state_dict()`,
`zero_grad()`, `train()`, the printed tree) walks those dictionaries, so the
names come out exactly as PyTorch's (`0.weight`, `layers.2.bias`).

Calling a module runs `forward` between its hooks. Read `hooks.py` for the
backward hooks, then `linear.py` for a first real layer.
"""

from collections import OrderedDict, namedtuple

import minigrad
from minigrad import _dtype
from minigrad._device import check_device
from minigrad._device import device as _device_type
from minigrad._memory_format import check_memory_format
from minigrad.tensor import Tensor

from . import hooks as _hooks
from .parameter import Buffer, Parameter


class _IncompatibleKeys(
    namedtuple("IncompatibleKeys", ["missing_keys", "unexpected_keys"])
):
    """What `load_state_dict` returns: keys it missed, keys it didn't expect."""

    def __repr__(self):
        if not self.missing_keys and not self.unexpected_keys:
            return "<All keys matched successfully>"
        return super().__repr__()

    __str__ = __repr__


def _addindent(text, spaces):
    """Indent every line but the first (how nested modules print)."""
    lines = text.split("\n")
    if len(lines) == 1:
        return text
    rest = [(" " * spaces) + line if line.strip() else "" for line in lines[1:]]
    return "\n".join([lines[0]] + rest)


class Module:
    """Base class for all neural-network modules; subclass it for your models.

    Assign layers and parameters as attributes in `__init__` (after calling
    `super().__init__()`), and write `forward`. Call the module, not `forward`,
    so that hooks run.

    Attributes:
        training: True in training mode (the default), False after `eval()`.

    Example:
        >>> class MLP(nn.Module):
        ...     def __init__(self):
        ...         super().__init__()
        ...         self.hidden = nn.Linear(2, 8)
        ...         self.out = nn.Linear(8, 1)
        ...     def forward(self, x):
        ...         return self.out(self.hidden(x).relu())
        >>> [name for name, _ in MLP().named_parameters()]
        ['hidden.weight', 'hidden.bias', 'out.weight', 'out.bias']
    """

    # The version of the layout of this module's saved state, recorded in
    # `state_dict()._metadata` (see `state_dict`); a module raises its own
    # when that layout changes, as PyTorch's BatchNorm did (2).
    _version = 1

    def __init__(self):
        # object.__setattr__ because our own __setattr__ reads these dictionaries.
        object.__setattr__(self, "training", True)
        object.__setattr__(self, "_parameters", OrderedDict())
        object.__setattr__(self, "_buffers", OrderedDict())
        object.__setattr__(self, "_non_persistent_buffers", set())
        object.__setattr__(self, "_modules", OrderedDict())
        object.__setattr__(self, "_forward_pre_hooks", OrderedDict())
        object.__setattr__(self, "_forward_hooks", OrderedDict())
        object.__setattr__(self, "_backward_hooks", OrderedDict())
        object.__setattr__(self, "_backward_pre_hooks", OrderedDict())
        # True once a full backward hook is registered, False once an old-style
        # one is (`register_backward_hook`): a module takes one kind only.
        object.__setattr__(self, "_is_full_backward_hook", None)

    # ------------------------------------------------------------------ forward

    def forward(self, *args, **kwargs):
        """Compute the module's output; every subclass writes its own."""
        raise NotImplementedError(
            f'Module [{type(self).__name__}] is missing the required "forward" function'
        )

    def __call__(self, *args, **kwargs):
        # The fast path: no hooks, just forward (most calls in a training loop).
        if not (
            self._forward_pre_hooks
            or self._forward_hooks
            or self._backward_hooks
            or self._backward_pre_hooks
        ):
            return self.forward(*args, **kwargs)
        for hook in list(self._forward_pre_hooks.values()):
            result = hook(self, args)
            if result is not None:
                args = result if isinstance(result, tuple) else (result,)
        grad_enabled = minigrad.is_grad_enabled()
        full_hooks = self._backward_hooks and self._is_full_backward_hook
        backward_state = None
        if grad_enabled and (full_hooks or self._backward_pre_hooks):
            backward_state = _hooks.BackwardHookState(self)
            args = backward_state.wrap_inputs(args)
        output = self.forward(*args, **kwargs)
        for hook in list(self._forward_hooks.values()):
            result = hook(self, args, output)
            if result is not None:
                output = result
        if backward_state is not None:
            output = backward_state.wrap_outputs(output)
        if grad_enabled and self._backward_hooks and not self._is_full_backward_hook:
            _hooks.attach_old_backward_hooks(self, args, output)
        return output

    # ------------------------------------------------------------ registration

    def __setattr__(self, name, value):
        params = self.__dict__.get("_parameters")
        if isinstance(value, Parameter):
            if params is None:
                raise AttributeError(
                    "cannot assign parameters before Module.__init__() call"
                )
            self._forget(name, keep=self._parameters)
            self.register_parameter(name, value)
        elif params is not None and name in params:
            if value is not None:
                raise TypeError(
                    f"cannot assign '{_typename(value)}' as parameter '{name}' "
                    "(minigrad.nn.Parameter or None expected)"
                )
            params[name] = None
        elif isinstance(value, Module):
            if self.__dict__.get("_modules") is None:
                raise AttributeError(
                    "cannot assign module before Module.__init__() call"
                )
            self._forget(name, keep=self._modules)
            self._modules[name] = value
        elif self.__dict__.get("_modules") is not None and name in self._modules:
            if value is not None:
                raise TypeError(
                    f"cannot assign '{_typename(value)}' as child module '{name}' "
                    "(minigrad.nn.Module or None expected)"
                )
            self._modules[name] = None
        elif (
            self.__dict__.get("_buffers") is not None and name in self._buffers
        ) or isinstance(value, Buffer):
            if value is not None and not isinstance(value, Tensor):
                raise TypeError(
                    f"cannot assign '{_typename(value)}' as buffer '{name}' "
                    "(minigrad.nn.Buffer, minigrad.Tensor or None expected)"
                )
            if isinstance(value, Buffer):  # (its persistence goes with it)
                self.register_buffer(name, value, value.persistent)
            else:
                self._buffers[name] = value
        else:
            object.__setattr__(self, name, value)

    def _forget(self, name, keep):
        """Drop `name` from wherever it was, before it is registered anew in `keep`.

        The entry in `keep` itself stays, so a replaced layer or weight keeps
        its place in the printout, `named_parameters()` and `state_dict()`
        (as in PyTorch).
        """
        self.__dict__.pop(name, None)
        for table in (self._parameters, self._buffers, self._modules):
            if table is not keep:
                table.pop(name, None)
        self._non_persistent_buffers.discard(name)

    def __getattr__(self, name):
        # Called only when normal lookup fails: look in the three dictionaries.
        for table in ("_parameters", "_buffers", "_modules"):
            entries = self.__dict__.get(table)
            if entries is not None and name in entries:
                return entries[name]
        raise AttributeError(
            f"'{type(self).__name__}' object has no attribute '{name}'"
        )

    def __delattr__(self, name):
        for table in (self._parameters, self._buffers, self._modules):
            if name in table:
                del table[name]
                self._non_persistent_buffers.discard(name)
                return
        object.__delattr__(self, name)

    def register_parameter(self, name, param):
        """Add a parameter under `name` (same as assigning `self.name = param`).

        Args:
            name: the attribute name.
            param: a `Parameter`, or None for "no parameter here" (e.g. no bias).
        """
        if "_parameters" not in self.__dict__:
            raise AttributeError(
                "cannot assign parameter before Module.__init__() call"
            )
        _check_name(self, name, "parameter", self._parameters)
        if param is not None and not isinstance(param, Parameter):
            raise TypeError(
                f"cannot assign '{_typename(param)}' object to parameter '{name}' "
                "(minigrad.nn.Parameter or None required)"
            )
        self._parameters[name] = param

    def register_buffer(self, name, tensor, persistent=True):
        """Add a tensor that is module state but not a parameter (e.g. a running mean).

        Args:
            name: the attribute name.
            tensor: a Tensor, or None.
            persistent: whether it goes into `state_dict()`.
        """
        if "_buffers" not in self.__dict__:
            raise AttributeError("cannot assign buffer before Module.__init__() call")
        _check_name(self, name, "buffer", self._buffers)
        if tensor is not None and not isinstance(tensor, Tensor):
            raise TypeError(
                f"cannot assign '{_typename(tensor)}' object to buffer '{name}' "
                "(minigrad.Tensor or None required)"
            )
        self._buffers[name] = tensor
        if persistent:
            self._non_persistent_buffers.discard(name)
        else:
            self._non_persistent_buffers.add(name)

    def add_module(self, name, module):
        """Add a child module under `name` (same as `self.name = module`).

        Args:
            name: the attribute name (Sequential uses "0", "1", ...).
            module: a Module, or None.
        """
        if module is not None and not isinstance(module, Module):
            raise TypeError(f"{_typename(module)} is not a Module subclass")
        _check_name(self, name, "module", self._modules)
        self._modules[name] = module

    register_module = add_module

    # ---------------------------------------------------------------- traversal

    def named_modules(self, memo=None, prefix="", remove_duplicate=True):
        """Yield `(name, module)` for this module and every module inside it.

        The module itself comes first, with name `""`; then depth-first, children
        in the order they were assigned.

        Args:
            memo: modules already seen (internal; leave it out).
            prefix: put in front of every name.
            remove_duplicate: yield a module shared in two places only once.

        Returns:
            An iterator of `(str, Module)` pairs.
        """
        if memo is None:
            memo = set()
        if self in memo:
            return
        if remove_duplicate:
            memo.add(self)
        yield prefix, self
        for name, module in self._modules.items():
            if module is None:
                continue
            child_prefix = prefix + ("." if prefix else "") + name
            yield from module.named_modules(memo, child_prefix, remove_duplicate)

    def modules(self):
        """Yield this module and every module inside it (see `named_modules`)."""
        for _, module in self.named_modules():
            yield module

    def named_children(self):
        """Yield `(name, module)` for the direct children only."""
        seen = set()
        for name, module in self._modules.items():
            if module is not None and module not in seen:
                seen.add(module)
                yield name, module

    def children(self):
        """Yield the direct child modules."""
        for _, module in self.named_children():
            yield module

    def get_submodule(self, target):
        """Return the submodule at a dotted path such as `"layers.0"`.

        The names are those of `named_modules()`; `""` is this module itself.

        Args:
            target: the dotted name, e.g. `"encoder.layers.2"`.

        Returns:
            The Module found there.

        Raises:
            AttributeError: a name along the path does not exist (message
                "Sequential has no attribute `5`") or is not a Module.

        Example:
            >>> net = nn.Sequential(nn.Linear(2, 3), nn.ReLU())
            >>> net.get_submodule("1")
            ReLU()
        """
        if not isinstance(target, str):
            # PyTorch fails here too, with an AttributeError from str.split.
            raise AttributeError(
                f"the target should be a dotted name such as 'layers.0', "
                f"not {type(target).__name__}"
            )
        if target == "":
            return self
        module = self
        for item in target.split("."):
            if not hasattr(module, item):
                raise AttributeError(f"{module._get_name()} has no attribute `{item}`")
            module = getattr(module, item)
            if not isinstance(module, Module):
                raise AttributeError(f"`{item}` is not an nn.Module")
        return module

    def set_submodule(self, target, module, strict=False):
        """Put `module` at a dotted path such as `"layers.0"` (e.g. swap a layer).

        Args:
            target: the dotted name; everything before the last dot must be
                an existing submodule.
            module: the new Module.
            strict: if True, only replace an existing submodule, never add one.

        Raises:
            ValueError: `target` is empty or `module` is not a Module.
            AttributeError: the parent path does not exist, the last name is
                a plain attribute, or (strict) there is nothing to replace.

        Example:
            >>> net = nn.Sequential(nn.Linear(2, 3), nn.ReLU())
            >>> net.set_submodule("1", nn.Tanh())
            >>> net[1]
            Tanh()
        """
        if target == "":
            raise ValueError("Cannot set the submodule without a target name!")
        if not isinstance(module, Module):
            raise ValueError(f"`module` is not an nn.Module, found {type(module)}")
        parent_path, _, name = target.rpartition(".")
        parent = self.get_submodule(parent_path)
        if strict and not hasattr(parent, name):
            raise AttributeError(f"{parent._get_name()} has no attribute `{name}`")
        # Replacing a weight or a plain attribute by a layer is a slip, not a swap.
        if hasattr(parent, name) and not isinstance(getattr(parent, name), Module):
            raise AttributeError(f"`{name}` is not an nn.Module")
        setattr(parent, name, module)

    def get_parameter(self, target):
        """Return the parameter at a dotted path such as `"layers.0.weight"`.

        The names are those of `named_parameters()`.

        Raises:
            AttributeError: the path does not exist, or ends at something that
                is not a Parameter (a buffer, a module, a plain attribute).

        Example:
            >>> net = nn.Sequential(nn.Linear(2, 3), nn.ReLU())
            >>> tuple(net.get_parameter("0.weight").shape)
            (3, 2)
        """
        module, name = self._owner_of(target)
        value = getattr(module, name)
        if not isinstance(value, Parameter):
            raise AttributeError(f"`{name}` is not an nn.Parameter")
        return value

    def get_buffer(self, target):
        """Return the buffer at a dotted path such as `"norm.running_mean"`.

        The names are those of `named_buffers()`.

        Raises:
            AttributeError: the path does not exist, or ends at something that
                is not a buffer (a parameter, a module, a plain attribute).

        Example:
            >>> norm = nn.BatchNorm1d(3)
            >>> norm.get_buffer("running_var")
            tensor([1., 1., 1.])
        """
        module, name = self._owner_of(target)
        value = getattr(module, name)
        if name not in module._buffers:
            raise AttributeError(f"`{name}` is not a buffer")
        return value

    def _owner_of(self, target):
        """The module holding the last name of `target`, and that name."""
        if not isinstance(target, str):
            raise AttributeError(
                f"the target should be a dotted name such as 'layers.0.weight', "
                f"not {type(target).__name__}"
            )
        module_path, _, name = target.rpartition(".")
        module = self.get_submodule(module_path)
        if not hasattr(module, name):
            raise AttributeError(f"{module._get_name()} has no attribute `{name}`")
        return module, name

    def _named_members(self, table, prefix, recurse, remove_duplicate=True):
        if recurse:  # (a module shared in two places is walked twice, as PyTorch)
            modules = self.named_modules(
                prefix=prefix, remove_duplicate=remove_duplicate
            )
        else:
            modules = [(prefix, self)]
        seen = set()
        for module_prefix, module in modules:
            for name, value in getattr(module, table).items():
                if value is None or (remove_duplicate and id(value) in seen):
                    continue
                seen.add(id(value))
                yield module_prefix + ("." if module_prefix else "") + name, value

    def named_parameters(self, prefix="", recurse=True, remove_duplicate=True):
        """Yield `(name, parameter)` pairs, named as PyTorch names them.

        Args:
            prefix: put in front of every name.
            recurse: include the parameters of submodules (default True).
            remove_duplicate: yield a parameter shared by two layers only once.

        Returns:
            An iterator of `(str, Parameter)`, e.g. `("0.weight", ...)`.

        Example:
            >>> net = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
            >>> [name for name, p in net.named_parameters()]
            ['0.weight', '0.bias', '2.weight', '2.bias']
        """
        return self._named_members("_parameters", prefix, recurse, remove_duplicate)

    def parameters(self, recurse=True):
        """Yield every parameter (what you hand to an optimizer).

        Args:
            recurse: include the parameters of submodules (default True).

        Example:
            >>> opt = minigrad.optim.SGD(net.parameters(), lr=0.1)  # doctest: +SKIP
        """
        for _, param in self.named_parameters(recurse=recurse):
            yield param

    def named_buffers(self, prefix="", recurse=True, remove_duplicate=True):
        """Yield `(name, buffer)` pairs (see `register_buffer`)."""
        return self._named_members("_buffers", prefix, recurse, remove_duplicate)

    def buffers(self, recurse=True):
        """Yield every buffer (see `register_buffer`)."""
        for _, buf in self.named_buffers(recurse=recurse):
            yield buf

    def apply(self, fn):
        """Call `fn(module)` on every submodule, then on this module; return self.

        Typical use: custom initialisation.

        Example:
            >>> def init(m):  # doctest: +SKIP
            ...     if isinstance(m, nn.Linear):
            ...         nn.init.zeros_(m.bias)
            >>> net.apply(init)  # doctest: +SKIP
        """
        for module in self.children():
            module.apply(fn)
        fn(self)
        return self

    # ------------------------------------------------------------------- modes

    def train(self, mode=True):
        """Switch this module and all submodules to training mode (or eval if False).

        Dropout is the layer here that behaves differently in the two modes.

        Returns:
            self, so `net.train()` can be chained.
        """
        if not isinstance(mode, bool):
            raise ValueError("training mode is expected to be boolean")
        for module in self.modules():
            object.__setattr__(module, "training", mode)
        return self

    def eval(self):
        """Switch to evaluation mode: same as `train(False)`. Returns self."""
        return self.train(False)

    def requires_grad_(self, requires_grad=True):
        """Set `requires_grad` on every parameter (False freezes them). Returns self."""
        for param in self.parameters():
            param.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none=True):
        """Reset the gradients of all parameters before the next backward.

        Args:
            set_to_none: set `.grad` to None (the default, as PyTorch) instead of
                filling it with zeros.
        """
        for param in self.parameters():
            if param.grad is None:
                continue
            if set_to_none:
                param.grad = None
            else:
                if param.grad.grad_fn is not None:
                    param.grad.detach_()
                else:
                    param.grad.requires_grad_(False)
                param.grad.zero_()

    # ---------------------------------------------------------- dtype changes

    def _apply_to_tensors(self, convert):
        """Replace each parameter's and buffer's data by `convert(data)`, in place.

        The Parameter objects stay the same (an optimizer holding them keeps
        working); only their data (and gradient) change.
        """
        for module in self.modules():
            for param in module._parameters.values():
                if param is None:
                    continue
                with minigrad.no_grad():
                    param.data = convert(param.data)
                    if param.grad is not None:
                        param.grad = convert(param.grad)
            for name, buf in module._buffers.items():
                if buf is not None:
                    module._buffers[name] = convert(buf)
        return self

    def to(self, *args, **kwargs):
        """Convert the floating-point parameters and buffers to a dtype; a
        device of "cpu" is accepted.

        As in PyTorch, integer buffers (BatchNorm's `num_batches_tracked`)
        keep their dtype, and the dtype must be a floating-point one.

        Args:
            dtype (positional or keyword): e.g. `minigrad.float64`, or a
                tensor whose dtype to take.
            device: only "cpu" (minigrad has no GPU).
            non_blocking (positional after the dtype, or keyword) and
                memory_format: accepted, as in PyTorch, with nothing to do:
                minigrad copies at once and keeps every tensor row-major.

        Returns:
            self.

        Raises:
            TypeError: an integer or bool dtype, or an argument that is
                neither a dtype, a device nor a tensor.
        """
        dtype = kwargs.pop("dtype", None)
        device = kwargs.pop("device", None)
        kwargs.pop("non_blocking", None)
        check_memory_format(kwargs.pop("memory_format", None), "to")
        if "copy" in kwargs:  # (Tensor.to takes it; Module.to does not)
            raise RuntimeError(".to() does not accept copy argument")
        for arg in args:
            if isinstance(arg, (str, _device_type)):
                device = arg
            elif isinstance(arg, Tensor):
                dtype = arg.dtype
            elif isinstance(arg, _dtype.dtype):
                dtype = arg
            elif isinstance(arg, bool):  # non_blocking, given by position
                continue
            else:
                raise TypeError(
                    "to() takes a dtype, a device or a tensor, not "
                    f"{type(arg).__name__}"
                )
        if kwargs:
            raise TypeError(f"to() got unexpected keyword arguments {sorted(kwargs)}")
        check_device(device)  # "cpu" or None; "cuda" fails as in PyTorch without it
        if dtype is None:
            return self
        if not dtype.is_floating_point:
            raise TypeError(
                "nn.Module.to only accepts floating point or complex dtypes, "
                f"but got desired dtype={dtype}"
            )
        return self._apply_to_tensors(
            lambda t: t.to(dtype) if t.is_floating_point() else t
        )

    def double(self):
        """Make every floating-point parameter and buffer float64. Returns self."""
        return self._apply_to_tensors(
            lambda t: t.double() if t.is_floating_point() else t
        )

    def float(self):
        """Make every floating-point parameter and buffer float32. Returns self."""
        return self._apply_to_tensors(
            lambda t: t.float() if t.is_floating_point() else t
        )

    def half(self):
        """Make every floating-point parameter and buffer float16. Returns self.

        numpy computes float16 slowly and roughly; use it to see rounding
        errors, not to train faster.
        """
        return self._apply_to_tensors(
            lambda t: t.half() if t.is_floating_point() else t
        )

    def type(self, dst_type):
        """Cast every parameter and buffer (integer buffers too) to `dst_type`.

        Unlike `to()`, this converts everything, as PyTorch's `Module.type`.

        Args:
            dst_type: a dtype such as `minigrad.float64`, or a type name such
                as `"minigrad.DoubleTensor"` (`"torch.DoubleTensor"` works too).

        Returns:
            self.

        Raises:
            ValueError: an unknown type name.
            TypeError: `dst_type` is neither a dtype nor a string.
            RuntimeError: a non-floating dtype while some parameter requires
                grad (nothing is converted then).

        Example:
            >>> nn.Linear(2, 1).type(minigrad.float64).weight.dtype
            minigrad.float64
        """
        if isinstance(dst_type, str):
            dst_type = _dtype.from_tensor_type_name(dst_type)
        if not isinstance(dst_type, _dtype.dtype):
            raise TypeError("dtype must be a type, str, or dtype object")
        # Checked before converting anything, so a failure leaves the module as it was.
        if not dst_type.is_floating_point and any(
            param.requires_grad for param in self.parameters()
        ):
            raise RuntimeError(
                "data set to a tensor that requires gradients must be floating "
                f"point or complex dtype (got {dst_type})"
            )
        return self._apply_to_tensors(lambda t: t.type(dst_type))

    def cpu(self):
        """minigrad lives on the CPU already: returns self."""
        return self

    def cuda(self, device=None):
        """Fails as PyTorch without CUDA: minigrad runs on the CPU only.

        Each parameter and buffer is sent through `Tensor.cuda`, which raises
        (AssertionError); a module without tensors, such as `nn.ReLU()`,
        comes back unchanged, as in PyTorch.

        Args:
            device: the GPU number (ignored: there is none).
        """
        return self._apply_to_tensors(lambda t: t.cuda(device))

    # -------------------------------------------------------------- state dict

    def state_dict(self, destination=None, prefix="", keep_vars=False):
        """Return every parameter and persistent buffer by name, for saving.

        Args:
            destination: an OrderedDict to fill (default: a new one).
            prefix: put in front of every key.
            keep_vars: keep the parameters themselves instead of detached
                tensors sharing their data.

        Returns:
            An OrderedDict such as `{"0.weight": tensor(...), "0.bias": ...}`.
            As in PyTorch, its attribute `_metadata` holds each module's
            version by its prefix (`{"": {"version": 1}, "0": ...}`): a
            module whose saved state changed layout has a higher `_version`
            (BatchNorm: 2, since it saves `num_batches_tracked`), and
            `load_state_dict` reads that to load older checkpoints. A
            `destination` without `_metadata` gets none.

        Example:
            >>> saved = net.state_dict()  # doctest: +SKIP
            >>> other.load_state_dict(saved)  # doctest: +SKIP
        """
        if destination is None:
            destination = OrderedDict()
            destination._metadata = OrderedDict()
        metadata = getattr(destination, "_metadata", None)
        if metadata is not None:
            metadata[prefix[:-1]] = {"version": self._version}
        for name, param in self._parameters.items():
            if param is not None:
                destination[prefix + name] = param if keep_vars else param.detach()
        for name, buf in self._buffers.items():
            if buf is not None and name not in self._non_persistent_buffers:
                destination[prefix + name] = buf if keep_vars else buf.detach()
        for name, module in self._modules.items():
            if module is not None:
                module.state_dict(destination, prefix + name + ".", keep_vars)
        return destination

    def _upgrade_state_dict(self, state_dict, prefix, version):
        """Bring the entries of this module (keys starting with `prefix`) in
        `state_dict` up to date before they are loaded, in place.

        `version` is the module's version the checkpoint's `_metadata` gives,
        or None if it has none (a plain dict). Modules whose state changed
        layout override this (see `_NormBase`); PyTorch does the same in its
        `_load_from_state_dict`.
        """

    def load_state_dict(self, state_dict, strict=True, assign=False):
        """Copy parameters and buffers from `state_dict` into this module.

        Values are copied into the existing tensors (their dtype is kept), so an
        optimizer holding the parameters keeps working.

        Args:
            state_dict: a mapping from names to tensors, e.g. from `state_dict()`.
            strict: if True (default), missing or unexpected keys are an error.
            assign: if True, the module takes the state_dict's tensors
                themselves instead of copying their values (their dtype is
                kept; a parameter keeps its `requires_grad`, and a tensor
                that is not a Parameter becomes one over the same memory).
                An optimizer made before holds the old parameters: make it
                after loading.

        Returns:
            A named tuple `(missing_keys, unexpected_keys)`.

        Raises:
            RuntimeError: listing every missing key, unexpected key and shape
                mismatch (shape mismatches raise even with `strict=False`);
                nothing is loaded then.
        """
        if not hasattr(state_dict, "keys") or not hasattr(state_dict, "items"):
            raise TypeError(
                f"Expected state_dict to be dict-like, got {type(state_dict)}."
            )
        metadata = getattr(state_dict, "_metadata", None)
        state_dict = OrderedDict(state_dict)  # (upgrades may fill in entries)
        # Every parameter and persistent buffer, by key: (module, name, tensor).
        # (A module shared in two places is walked twice, as PyTorch does.)
        expected = OrderedDict()
        for path, module in self.named_modules(remove_duplicate=False):
            prefix = path + "." if path else ""
            local = {} if metadata is None else metadata.get(path, {})
            module._upgrade_state_dict(state_dict, prefix, local.get("version"))
            for name, value in module._parameters.items():
                if value is not None:
                    expected[prefix + name] = (module, name, value)
            for name, value in module._buffers.items():
                if value is not None and name not in module._non_persistent_buffers:
                    expected[prefix + name] = (module, name, value)
        missing = [key for key in expected if key not in state_dict]
        unexpected = [key for key in state_dict if key not in expected]
        errors, loads = [], []
        for key, (module, name, target) in expected.items():
            if key not in state_dict:
                continue
            value = state_dict[key]
            if not isinstance(value, Tensor):
                errors.append(
                    f'While copying the parameter named "{key}", expected '
                    f"minigrad.Tensor from checkpoint but received {type(value)}"
                )
                continue
            if target.dim() == 0 and value.shape == (1,):
                value = value[0]  # (a 0-d tensor saved as 1-d by PyTorch 0.3)
            if value.shape != target.shape:
                errors.append(
                    f"size mismatch for {key}: copying a param with shape "
                    f"{value.shape} from checkpoint, the shape in current model "
                    f"is {target.shape}."
                )
                continue
            if assign and isinstance(target, Parameter):
                try:  # (made now, so that a failure changes nothing)
                    if not isinstance(value, Parameter):
                        value = Parameter(value, requires_grad=target.requires_grad)
                    elif target.requires_grad:
                        value.detach().requires_grad_(True)  # (a dtype check)
                except Exception as error:
                    errors.append(
                        f'While copying the parameter named "{key}", whose '
                        f"dimensions in the model are {target.shape} and whose "
                        f"dimensions in the checkpoint are {value.shape}, an "
                        f"exception occurred : {error.args}."
                    )
                    continue
            loads.append((module, name, target, value))
        if strict:
            if unexpected:
                keys = ", ".join(f'"{k}"' for k in unexpected)
                errors.insert(0, f"Unexpected key(s) in state_dict: {keys}. ")
            if missing:
                keys = ", ".join(f'"{k}"' for k in missing)
                errors.insert(0, f"Missing key(s) in state_dict: {keys}. ")
        if errors:
            raise RuntimeError(
                f"Error(s) in loading state_dict for {type(self).__name__}:\n\t"
                + "\n\t".join(errors)
            )
        with minigrad.no_grad():  # (only now: an error above changes nothing)
            for module, name, target, value in loads:
                if not assign:
                    target.copy_(value)
                    continue
                if isinstance(value, Parameter) and isinstance(target, Parameter):
                    value.requires_grad_(target.requires_grad)
                setattr(module, name, value)
        return _IncompatibleKeys(missing, unexpected)

    # ------------------------------------------------------------------- hooks

    def register_forward_pre_hook(self, hook):
        """Run `hook(module, args)` before every forward.

        If the hook returns something other than None, it replaces the
        positional arguments (a tuple, or a single value).

        Returns:
            A handle; `handle.remove()` takes the hook off.
        """
        return _hooks.RemovableHandle.add(self._forward_pre_hooks, hook)

    def register_forward_hook(self, hook):
        """Run `hook(module, args, output)` after every forward.

        `args` is the tuple of positional inputs. If the hook returns something
        other than None, that replaces the output. Widgets use this to watch
        activations.

        Returns:
            A handle; `handle.remove()` takes the hook off.

        Example:
            >>> seen = []
            >>> layer = nn.Linear(2, 3)
            >>> handle = layer.register_forward_hook(
            ...     lambda mod, args, out: seen.append(tuple(out.shape)))
            >>> _ = layer(minigrad.ones(4, 2))
            >>> handle.remove()
            >>> seen
            [(4, 3)]
        """
        return _hooks.RemovableHandle.add(self._forward_hooks, hook)

    def register_full_backward_hook(self, hook):
        """Run `hook(module, grad_input, grad_output)` when gradients reach the module.

        `grad_output` holds the gradients with respect to the module's outputs,
        `grad_input` those with respect to its positional tensor inputs (None
        for an input that needs no gradient). If no input needs a gradient
        (the first layer, fed data), the hook runs as soon as `grad_output` is
        known, with `grad_input` all None, and warns as PyTorch does. If the
        hook returns a tuple, it replaces `grad_input`.

        As in PyTorch, this wraps the inputs and outputs in an identity
        operation, so the graph shows `BackwardHookFunctionBackward` nodes.

        Returns:
            A handle; `handle.remove()` takes the hook off.
        """
        self._check_backward_hook_kind(full=True)
        return _hooks.RemovableHandle.add(self._backward_hooks, hook)

    def register_full_backward_pre_hook(self, hook):
        """Run `hook(module, grad_output)` when the gradients of the module's
        outputs are known, before the module's own backward runs.

        `grad_output` is a tuple with one gradient per output. If the hook
        returns a tuple (of the same length), it replaces `grad_output`: the
        module's backward, and its full backward hooks, see the new one.
        Grad-CAM code uses it to catch or rescale a layer's gradients.

        Returns:
            A handle; `handle.remove()` takes the hook off.

        Example:
            >>> layer = nn.Linear(3, 2)
            >>> handle = layer.register_full_backward_pre_hook(
            ...     lambda mod, grad_output: (grad_output[0] * 2,))
            >>> x = minigrad.ones(4, 3, requires_grad=True)
            >>> layer(x).sum().backward()
            >>> layer.bias.grad
            tensor([8., 8.])
        """
        return _hooks.RemovableHandle.add(self._backward_pre_hooks, hook)

    def register_backward_hook(self, hook):
        """The deprecated backward hook: `hook(module, grad_input, grad_output)`
        on the last operation of `forward` only.

        `grad_input` holds the gradients that last operation sends to its own
        inputs (for `nn.Linear`: bias, input, transposed weight), which are the
        module's inputs only when `forward` is a single operation. As PyTorch,
        each call warns (FutureWarning) when that is not the case. Prefer
        `register_full_backward_hook`; a module takes one kind or the other.

        Returns:
            A handle; `handle.remove()` takes the hook off.
        """
        self._check_backward_hook_kind(full=False)
        return _hooks.RemovableHandle.add(self._backward_hooks, hook)

    def _check_backward_hook_kind(self, full):
        if self._is_full_backward_hook is (not full):
            raise RuntimeError(
                "Cannot use both regular backward hooks and full backward hooks on a "
                "single Module. Please use only one of them."
            )
        object.__setattr__(self, "_is_full_backward_hook", full)

    # ------------------------------------------------------------------ printing

    def _get_name(self):
        return type(self).__name__

    def extra_repr(self):
        """The settings printed inside the parentheses, e.g. "in_features=2, ...".

        Override it in your own modules; the default prints nothing.
        """
        return ""

    def __repr__(self):
        extra = self.extra_repr()
        extra_lines = extra.split("\n") if extra else []
        child_lines = [
            f"({name}): " + _addindent(repr(module), 2)
            for name, module in self._modules.items()
        ]
        lines = extra_lines + child_lines
        text = self._get_name() + "("
        if lines:
            if len(extra_lines) == 1 and not child_lines:
                text += extra_lines[0]
            else:
                text += "\n  " + "\n  ".join(lines) + "\n"
        return text + ")"

    def __dir__(self):
        names = list(super().__dir__())
        for table in (self._parameters, self._buffers, self._modules):
            names.extend(table)
        return sorted(set(names))


def _typename(value):
    kind = type(value)
    if kind.__module__ in ("builtins", None):
        return kind.__qualname__
    return f"{kind.__module__}.{kind.__qualname__}"


def _check_name(module, name, kind, table):
    if not isinstance(name, str):
        raise TypeError(f"{kind} name should be a string. Got {_typename(name)}")
    if name == "":
        raise KeyError(f'{kind} name can\'t be empty string ""')
    if "." in name:
        # PyTorch names the culprit for modules only.
        got = f", got: {name}" if kind == "module" else ""
        raise KeyError(f'{kind} name can\'t contain "."{got}')
    if hasattr(module, name) and name not in table:
        raise KeyError(f"attribute '{name}' already exists")
