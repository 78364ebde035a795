"""`nn.utils`: gradient clipping, parameters as one vector, and the
submodules `rnn` (padded and packed sequences), `parametrize` and
`parametrizations` (weight norm, spectral norm).

Clipping is a step between `loss.backward()` and `optimizer.step()` that
keeps one unlucky batch from making a huge update:

    loss.backward()
    nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
    optimizer.step()
"""

import math
import warnings

import minigrad
from minigrad.tensor import Tensor

from ..parameter import Parameter
from . import parametrizations, parametrize, rnn
from .parametrizations import _norm_except_dim, _weight_norm


def _grads(parameters):
    if isinstance(parameters, Tensor):
        parameters = [parameters]
    return [p.grad for p in parameters if p.grad is not None]


def clip_grad_norm_(
    parameters, max_norm, norm_type=2.0, error_if_nonfinite=False, foreach=None
):
    """Scale all gradients together so that their total norm is at most `max_norm`.

    The total norm is the norm of all gradients as if they were one long
    vector. If it is above `max_norm`, every gradient is multiplied by
    `max_norm / (total_norm + 1e-6)` (the same factor for all, so the
    direction of the update is kept).

    Args:
        parameters: a tensor or an iterable of tensors whose `.grad` to clip.
        max_norm: the largest allowed total norm.
        norm_type: the p of the p-norm (2.0 by default; `float('inf')` for
            the largest absolute value).
        error_if_nonfinite: raise if the total norm is nan or inf.
        foreach: accepted for compatibility and ignored.

    Returns:
        The total norm before clipping, a 0-d tensor (float32 for float32 grads).

    Example:
        >>> total = nn.utils.clip_grad_norm_(net.parameters(), 1.0)  # doctest: +SKIP
    """
    if isinstance(parameters, Tensor):
        parameters = [parameters]
    parameters = list(parameters)  # read twice: a generator would be used up
    total = get_total_norm(_grads(parameters), norm_type, error_if_nonfinite)
    clip_grads_with_norm_(parameters, max_norm, total)
    return total


def get_total_norm(tensors, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    """The norm of all `tensors` together, as if they were one long vector.

    Usually given the gradients: `get_total_norm([p.grad for p in params])`;
    with `clip_grads_with_norm_` it is `clip_grad_norm_` in two steps (to
    log the norm, or to sum norms across models before clipping).

    Args:
        tensors: a tensor or an iterable of tensors.
        norm_type: the p of the p-norm (2.0 by default; `float('inf')` for
            the largest absolute value).
        error_if_nonfinite: raise if the total norm is nan or inf.
        foreach: accepted for compatibility and ignored.

    Returns:
        A 0-d tensor (0.0 for no tensors); not recorded in the graph.

    Raises:
        RuntimeError: the norm is nan or inf and `error_if_nonfinite` is True.
    """
    tensors = [tensors] if isinstance(tensors, Tensor) else list(tensors)
    norm_type = float(norm_type)
    if not tensors:
        return minigrad.tensor(0.0)
    with minigrad.no_grad():
        if norm_type == math.inf:
            norms = [g.abs().max() for g in tensors]
            total = norms[0] if len(norms) == 1 else minigrad.stack(norms).max()
        else:
            norms = [g.norm(norm_type) for g in tensors]
            total = minigrad.stack(norms).norm(norm_type)
    if error_if_nonfinite and not math.isfinite(total.item()):
        raise RuntimeError(
            f"The total norm of order {norm_type} for gradients from "
            "`parameters` is non-finite, so it cannot be clipped. To disable "
            "this error and scale the gradients by the non-finite norm anyway, "
            "set `error_if_nonfinite=False`"
        )
    return total


def clip_grad_norm(
    parameters, max_norm, norm_type=2.0, error_if_nonfinite=False, foreach=None
):
    """The old name of `clip_grad_norm_` (deprecated): the same, after
    PyTorch's FutureWarning naming the new one."""
    warnings.warn(
        "`nn.utils.clip_grad_norm` is now deprecated in favor of "
        "`nn.utils.clip_grad_norm_`.",
        FutureWarning,
        stacklevel=2,
    )
    return clip_grad_norm_(parameters, max_norm, norm_type, error_if_nonfinite, foreach)


def clip_grads_with_norm_(parameters, max_norm, total_norm, foreach=None):
    """Scale the gradients by `max_norm / (total_norm + 1e-6)` if that is below 1.

    The second half of `clip_grad_norm_`, with the total norm computed
    beforehand (`get_total_norm`).

    Args:
        parameters: a tensor or an iterable of tensors whose `.grad` to scale.
        max_norm: the largest allowed total norm.
        total_norm: the total norm of the gradients (a number or 0-d tensor).
        foreach: accepted for compatibility and ignored.

    Returns:
        None.
    """
    grads = _grads(parameters)
    max_norm = float(max_norm)
    if not grads:
        return
    with minigrad.no_grad():
        # As PyTorch: a tensor factor in the grads' dtype, applied even when it
        # clamps to 1 (then nothing changes).
        factor = (max_norm / (total_norm + 1e-6)).clamp(max=1.0)
        for g in grads:
            g.mul_(factor)


def clip_grad_value_(parameters, clip_value, foreach=None):
    """Clamp every gradient element into `[-clip_value, clip_value]`, in place.

    Args:
        parameters: a tensor or an iterable of tensors whose `.grad` to clip.
        clip_value: the largest allowed absolute value.
        foreach: accepted for compatibility and ignored.

    Returns:
        None.
    """
    clip_value = float(clip_value)
    with minigrad.no_grad():
        for g in _grads(parameters):
            g.clamp_(-clip_value, clip_value)


def parameters_to_vector(parameters):
    """All parameters flattened and joined into one 1-D tensor.

    Example:
        >>> nn.utils.parameters_to_vector(nn.Linear(2, 3).parameters()).shape
        minigrad.Size([9])
    """
    return minigrad.cat([p.reshape(-1) for p in parameters])


def vector_to_parameters(vec, parameters):
    """Copy the slices of one 1-D tensor into the parameters, in place.

    The inverse of `parameters_to_vector`: the first `p.numel()` values go to
    the first parameter (reshaped to its shape), the next ones to the next.

    Args:
        vec: a 1-D tensor with at least as many values as the parameters hold.
        parameters: an iterable of tensors (e.g. `model.parameters()`).

    Raises:
        TypeError: `vec` is not a tensor.
        RuntimeError: `vec` is too short (checked before any parameter changes).

    Example:
        >>> lin = nn.Linear(2, 1)
        >>> nn.utils.vector_to_parameters(minigrad.tensor([1.0, 2.0, 3.0]), lin.parameters())
        >>> lin.bias
        Parameter containing:
        tensor([3.], requires_grad=True)
    """  # noqa: E501
    if not isinstance(vec, Tensor):
        raise TypeError(f"expected torch.Tensor, but got: {type(vec).__name__}")
    parameters = list(parameters)
    needed = sum(p.numel() for p in parameters)
    if vec.numel() < needed:
        raise RuntimeError(
            f"vector_to_parameters: vec has {vec.numel()} values but the "
            f"parameters hold {needed}: pass a vector from parameters_to_vector "
            "of the same parameters"
        )
    start = 0
    for param in parameters:
        n = param.numel()
        # As PyTorch: the parameter takes the slice's values (`.data`), the
        # object stays the same (so an optimizer still holds it).
        param.data = vec[start : start + n].view_as(param).data
        start += n


class WeightNorm:
    """The forward pre-hook of the old `weight_norm`: recomputes the weight
    from `<name>_g` and `<name>_v` before every forward."""

    def __init__(self, name, dim):
        self.name = name
        self.dim = dim

    def compute_weight(self, module):
        """w = v * (g / ||v||) from the module's `<name>_g` and `<name>_v`."""
        g = getattr(module, self.name + "_g")
        v = getattr(module, self.name + "_v")
        return _weight_norm(v, g, self.dim)

    def remove(self, module):
        """Put back a plain parameter `<name>` holding the current weight."""
        weight = self.compute_weight(module)
        delattr(module, self.name)
        del module._parameters[self.name + "_g"]
        del module._parameters[self.name + "_v"]
        setattr(module, self.name, Parameter(weight.detach()))

    def __call__(self, module, inputs):
        setattr(module, self.name, self.compute_weight(module))


def weight_norm(module, name="weight", dim=0):
    """The older weight norm: parameters `<name>_g` and `<name>_v`, w = g * v / ||v||.

    Deprecated in PyTorch (it warns, as here) in favour of
    `nn.utils.parametrizations.weight_norm`. The parameter `<name>` is
    replaced by `<name>_g` (the norms) and `<name>_v` (the direction), and
    `module.<name>` becomes a plain tensor recomputed before every forward
    by a forward pre-hook.

    Args:
        module: the layer.
        name: the parameter (default "weight").
        dim: the dimension that keeps its own norms (default 0); None for one
            norm of the whole tensor.

    Returns:
        `module`.

    Raises:
        RuntimeError: `name` already has a weight norm.
    """
    warnings.warn(
        "`torch.nn.utils.weight_norm` is deprecated in favor of "
        "`torch.nn.utils.parametrizations.weight_norm`.",
        FutureWarning,
        stacklevel=2,
    )
    for hook in module._forward_pre_hooks.values():
        if isinstance(hook, WeightNorm) and hook.name == name:
            raise RuntimeError(
                f"Cannot register two weight_norm hooks on the same parameter {name}"
            )
    fn = WeightNorm(name, -1 if dim is None else dim)
    weight = getattr(module, name)
    del module._parameters[name]
    module.register_parameter(
        name + "_g", Parameter(_norm_except_dim(weight, 2, fn.dim).detach())
    )
    module.register_parameter(name + "_v", Parameter(weight.detach()))
    setattr(module, name, fn.compute_weight(module))
    module.register_forward_pre_hook(fn)
    return module


def remove_weight_norm(module, name="weight"):
    """Undo `weight_norm`: a plain parameter `<name>` with the current weight.

    Raises:
        ValueError: `module` has no weight norm on `name`.
    """
    for key, hook in module._forward_pre_hooks.items():
        if isinstance(hook, WeightNorm) and hook.name == name:
            hook.remove(module)
            del module._forward_pre_hooks[key]
            return module
    raise ValueError(f"weight_norm of '{name}' not found in {module}")
