"""`nn.utils.parametrize`: a weight computed from other tensors, as in PyTorch.

`register_parametrization(layer, "weight", P)` keeps the layer's weight as
`layer.parametrizations.weight.original` (or `original0`, `original1`, ...
when `P.right_inverse` splits it into several tensors) and makes
`layer.weight` a property that computes `P(original)` at every read. The
optimizer trains the originals; gradients reach them through `P`, which is an
ordinary Module built from Tensor ops. `nn.utils.parametrizations`
(`weight_norm`, `spectral_norm`) are written on top of this.

How the property gets there is PyTorch's way: the parametrized module's
class is swapped for a subclass of its own (`ParametrizedLinear`), so the
property sits on that one module's class and never on every `nn.Linear`.
Removing the last parametrization gives the module its class back.
"""

from contextlib import contextmanager

import minigrad
from minigrad.tensor import Tensor

from ..container import ModuleDict, ModuleList
from ..parameter import Parameter

# `cached()` turns this on: each parametrized tensor is computed once, not at
# every read (a layer reading its weight twice in a forward, an RNN's steps).
_cache_depth = 0
_cache = {}


@contextmanager
def cached():
    """Compute each parametrized tensor once inside the `with` block.

    Example:
        >>> with nn.utils.parametrize.cached():  # doctest: +SKIP
        ...     output = rnn(inputs)
    """
    global _cache_depth
    _cache_depth += 1
    try:
        yield
    finally:
        _cache_depth -= 1
        if not _cache_depth:
            _cache.clear()


def _register_parameter_or_buffer(module, name, value):
    if isinstance(value, Parameter):
        module.register_parameter(name, value)
    else:
        module.register_buffer(name, value)


def _set_values(dest, src):
    """Give `dest` the values of `src`, keeping the object (so an optimizer
    that holds `dest` still trains it); PyTorch's `set_`."""
    dest.data = src.detach()


class ParametrizationList(ModuleList):
    """The parametrizations of one tensor, and the original tensor(s) they read.

    `module.parametrizations[name]` is one of these: entry 0 reads the
    originals, each next entry reads the previous entry's result, and
    calling the list gives the parametrized tensor.

    Args:
        modules: the parametrizations (at least one).
        original: the tensor being parametrized (a Parameter or a buffer).
        unsafe: skip the check that the result keeps the original's shape
            and dtype.

    Attributes:
        original: the stored tensor, when `right_inverse` gives one tensor;
            else `original0`, `original1`, ... (one per tensor it gives).
    """

    def __init__(self, modules, original, unsafe=False):
        modules = list(modules)
        if not modules:
            raise ValueError("ParametrizationList requires one or more modules.")
        super().__init__(modules)
        self.unsafe = unsafe
        # The originals are what the last parametrization's right_inverse
        # gives, through every earlier one (original = X, stored = right_inverse(X)).
        with minigrad.no_grad():
            new = original
            for module in reversed(modules):
                if hasattr(module, "right_inverse"):
                    try:
                        new = module.right_inverse(new)
                    except NotImplementedError:
                        pass
        if not isinstance(new, (Tensor, list, tuple)):
            raise ValueError(
                "'right_inverse' must return a Tensor or a Sequence of tensors "
                f"(list, tuple...). Got {type(new).__name__}"
            )
        self.is_tensor = isinstance(new, Tensor)
        self.ntensors = 1 if self.is_tensor else len(new)
        if self.is_tensor:
            if original.dtype != new.dtype:
                raise ValueError(
                    "When `right_inverse` outputs one tensor, it may not change the "
                    f"dtype.\noriginal.dtype: {original.dtype}\n"
                    f"right_inverse(original).dtype: {new.dtype}"
                )
            with minigrad.no_grad():
                _set_values(original, new)
            _register_parameter_or_buffer(self, "original", original)
        else:
            for i, part in enumerate(new):
                if not isinstance(part, Tensor):
                    raise ValueError(
                        "'right_inverse' must return a Tensor or a Sequence of "
                        f"tensors (list, tuple...). Got element {i} of the sequence "
                        f"with type {type(part).__name__}."
                    )
                if isinstance(original, Parameter):
                    part = Parameter(part.detach(), original.requires_grad)
                _register_parameter_or_buffer(self, f"original{i}", part)
        if not unsafe:
            result = self()
            if not isinstance(result, Tensor):
                raise ValueError(
                    "A parametrization must return a tensor. Got "
                    f"{type(result).__name__}."
                )
            if result.dtype != original.dtype:
                raise ValueError(
                    "Registering a parametrization may not change the dtype of the "
                    "tensor, unless `unsafe` flag is enabled.\n"
                    f"unparametrized dtype: {original.dtype}\n"
                    f"parametrized dtype: {result.dtype}"
                )
            if result.shape != original.shape:
                raise ValueError(
                    "Registering a parametrization may not change the shape of the "
                    "tensor, unless `unsafe` flag is enabled.\n"
                    f"unparametrized shape: {original.shape}\n"
                    f"parametrized shape: {result.shape}"
                )

    def right_inverse(self, value):
        """Store `value` as the parametrized tensor: set the originals so that
        calling the list gives `value` (what `module.weight = value` does)."""
        with minigrad.no_grad():
            for module in reversed(list(self)):
                if not hasattr(module, "right_inverse"):
                    raise RuntimeError(
                        f"parametrization {type(module).__name__} does not implement "
                        "right_inverse."
                    )
                value = module.right_inverse(value)
            if self.is_tensor:
                if not isinstance(value, Tensor):
                    raise ValueError(
                        "`right_inverse` should return a tensor. Got "
                        f"{type(value).__name__}"
                    )
                if value.dtype != self.original.dtype:
                    raise ValueError(
                        f"The tensor returned by `right_inverse` has dtype "
                        f"{value.dtype} while `original` has dtype "
                        f"{self.original.dtype}"
                    )
                _set_values(self.original, value)
                return
            if not isinstance(value, (list, tuple)) or len(value) != self.ntensors:
                raise ValueError(
                    "'right_inverse' must return a sequence of tensors of length "
                    f"{self.ntensors}."
                )
            originals = [getattr(self, f"original{i}") for i in range(self.ntensors)]
            for i, (original, part) in enumerate(zip(originals, value)):
                if original.dtype != part.dtype:
                    raise ValueError(
                        f"Tensor {i} returned by `right_inverse` has dtype "
                        f"{part.dtype} while `original{i}` has dtype {original.dtype}"
                    )
            for original, part in zip(originals, value):
                _set_values(original, part)

    def forward(self):
        """The parametrized tensor: the parametrizations applied in order."""
        modules = list(self)
        if self.is_tensor:
            x = modules[0](self.original)
        else:
            originals = [getattr(self, f"original{i}") for i in range(self.ntensors)]
            x = modules[0](*originals)
        for module in modules[1:]:
            x = module(x)
        return x


def _inject_new_class(module):
    """Give `module` a class of its own, `Parametrized<Class>`, to hold properties."""
    cls = module.__class__
    module.__class__ = type(f"Parametrized{cls.__name__}", (cls,), {})


def _inject_property(module, tensor_name):
    """Make `module.<tensor_name>` compute its parametrization at every read."""

    def get_parametrized(self):
        parametrization = self.parametrizations[tensor_name]
        if not _cache_depth:
            return parametrization()
        key = (id(self), tensor_name)
        if key not in _cache:
            _cache[key] = parametrization()
        return _cache[key]

    def set_original(self, value):
        self.parametrizations[tensor_name].right_inverse(value)

    setattr(module.__class__, tensor_name, property(get_parametrized, set_original))


def register_parametrization(module, tensor_name, parametrization, *, unsafe=False):
    """Make `module.<tensor_name>` the result of `parametrization` (a Module).

    The first time, the parameter (or buffer) moves to
    `module.parametrizations[tensor_name].original` and `module.<tensor_name>`
    becomes `parametrization(original)`, recomputed at every read. If the
    parametrization has a `right_inverse(value)`, it decides what is stored
    (one tensor, or several: `original0`, `original1`, ...), and assigning
    `module.<tensor_name> = value` calls it. Registering again on the same
    name chains the new parametrization after the others.

    Args:
        module: the module that owns the tensor.
        tensor_name: the name of a parameter or buffer of `module`.
        parametrization: a Module whose forward maps the stored tensor(s) to
            the parametrized one.
        unsafe: skip the checks that shape and dtype are kept.

    Returns:
        `module`.

    Raises:
        ValueError: no parameter or buffer of that name, or a parametrization
            that changes the shape or dtype (unless `unsafe`).

    Example:
        >>> class Symmetric(nn.Module):
        ...     def forward(self, X):
        ...         return X.triu() + X.triu(1).transpose(-1, -2)
        >>> layer = nn.Linear(3, 3)
        >>> _ = nn.utils.parametrize.register_parametrization(layer, "weight", Symmetric())
        >>> bool((layer.weight == layer.weight.T).all())
        True
    """  # noqa: E501
    parametrization.train(module.training)
    if is_parametrized(module, tensor_name):
        if not unsafe:
            current = getattr(module, tensor_name)
            result = parametrization(current)
            if not isinstance(result, Tensor):
                raise ValueError(
                    "A parametrization must return a tensor. Got "
                    f"{type(result).__name__}."
                )
            if result.dtype != current.dtype or result.shape != current.shape:
                raise ValueError(
                    "Registering a parametrization may not change the dtype or the "
                    "shape of the tensor, unless the `unsafe` flag is enabled.\n"
                    f"module.{tensor_name}: {current.dtype}, {current.shape}\n"
                    f"parametrization(module.{tensor_name}): {result.dtype}, "
                    f"{result.shape}"
                )
        parametrizations = module.parametrizations[tensor_name]
        parametrizations.append(parametrization)
        parametrizations.unsafe |= unsafe
    elif tensor_name in module._buffers or tensor_name in module._parameters:
        original = getattr(module, tensor_name)
        # Built (and checked) first: a failure leaves the module as it was.
        parametrizations = ParametrizationList([parametrization], original, unsafe)
        delattr(module, tensor_name)
        if not is_parametrized(module):
            _inject_new_class(module)
            module.parametrizations = ModuleDict()
        _inject_property(module, tensor_name)
        module.parametrizations[tensor_name] = parametrizations
    else:
        raise ValueError(
            f"Module '{module}' does not have a parameter, a buffer, or a "
            f"parametrized element with name '{tensor_name}'"
        )
    return module


def is_parametrized(module, tensor_name=None):
    """Whether `module` has a parametrization (on `tensor_name`, if given)."""
    parametrizations = getattr(module, "parametrizations", None)
    if not isinstance(parametrizations, ModuleDict):
        return False
    if tensor_name is None:
        return len(parametrizations) > 0
    return tensor_name in parametrizations


def remove_parametrizations(module, tensor_name, leave_parametrized=True):
    """Take the parametrizations off `module.<tensor_name>`.

    Args:
        module: a parametrized module.
        tensor_name: the parametrized tensor's name.
        leave_parametrized: if True (default), the tensor keeps its current
            parametrized value; if False, it goes back to the stored
            `original` (only possible when there is one original).

    Returns:
        `module`, with a plain parameter (or buffer) `tensor_name` again and,
        once no parametrization is left, its own class back.

    Raises:
        ValueError: `tensor_name` is not parametrized, or
            `leave_parametrized=False` with several originals.
    """
    if not is_parametrized(module, tensor_name):
        raise ValueError(
            f"Module {module} does not have a parametrization on {tensor_name}"
        )
    parametrizations = module.parametrizations[tensor_name]
    if parametrizations.is_tensor:
        original = parametrizations.original
        if leave_parametrized:
            with minigrad.no_grad():
                _set_values(original, getattr(module, tensor_name))
    elif leave_parametrized:
        value = getattr(module, tensor_name)
        original = Parameter(value.detach()) if value.requires_grad else value
    else:
        raise ValueError(
            "Cannot leave unparametrized (`leave_parametrized=False`) a tensor "
            "that is parametrized in terms of a sequence of tensors."
        )
    delattr(module.__class__, tensor_name)
    del module.parametrizations[tensor_name]
    _register_parameter_or_buffer(module, tensor_name, original)
    if not is_parametrized(module):
        delattr(module, "parametrizations")
        module.__class__ = module.__class__.__bases__[0]
    return module


def type_before_parametrizations(module):
    """The module's class before any parametrization (its class if none)."""
    if is_parametrized(module):
        return module.__class__.__bases__[0]
    return type(module)


__all__ = [
    "ParametrizationList",
    "cached",
    "is_parametrized",
    "register_parametrization",
    "remove_parametrizations",
    "type_before_parametrizations",
]
