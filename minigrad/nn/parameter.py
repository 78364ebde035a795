"""`nn.Parameter`: a tensor that a Module registers as one of its weights.

A Parameter is an ordinary leaf Tensor (it requires grad by default); being
of this subclass is what makes `module.weight = Parameter(...)` land in
`module.parameters()`, and so in the optimizer.
"""

import minigrad
from minigrad._check import _type_name
from minigrad.tensor import Tensor


class Parameter(Tensor):
    """A leaf tensor that requires grad, registered by the Module it is assigned to.

    Args:
        data: the initial values, a Tensor (its memory is shared, not copied).
            Default: an empty tensor.
        requires_grad: whether the parameter is trained (default True).

    Example:
        >>> w = nn.Parameter(minigrad.ones(2))
        >>> w
        Parameter containing:
        tensor([1., 1.], requires_grad=True)
    """

    def __init__(self, data=None, requires_grad=True):
        if data is None:
            data = minigrad.zeros(0)
        if not isinstance(data, Tensor):
            # PyTorch's type: it calls data.detach(), which a list does not have.
            # (Tensor.__init__ would make a float32 copy of it, silently.)
            raise AttributeError(
                f"'{_type_name(data)}' object has no attribute 'detach' "
                "(nn.Parameter takes a Tensor: wrap the values with "
                "minigrad.tensor(...) first)"
            )
        # Tensor.__init__ shares the array of a Tensor; the result is a fresh leaf.
        super().__init__(data, requires_grad=requires_grad)

    def __repr__(self):
        return "Parameter containing:\n" + super().__repr__()

    def __deepcopy__(self, memo):
        if id(self) in memo:
            return memo[id(self)]
        result = type(self)(self.detach().clone(), self.requires_grad)
        if self.grad is not None:
            result.grad = self.grad.detach().clone()
        memo[id(self)] = result
        return result

    def __reduce_ex__(self, protocol):
        # pickle (and copy) rebuild a Parameter from its values.
        return (_rebuild_parameter, (self.detach().numpy().copy(), self.requires_grad))


def _rebuild_parameter(array, requires_grad):
    return Parameter(minigrad.from_numpy(array), requires_grad)


class _BufferMeta(type):
    """Makes `isinstance(t, nn.Buffer)` true for the tensors `nn.Buffer`
    returns (plain Tensors marked `_is_buffer`), as PyTorch's metaclass does."""

    def __instancecheck__(cls, instance):
        if cls is Buffer and isinstance(instance, Tensor):
            if getattr(instance, "_is_buffer", False):
                return True
        return super().__instancecheck__(instance)


class Buffer(Tensor, metaclass=_BufferMeta):
    """A tensor that is module state but not a parameter (e.g. a running mean).

    Assigned as a Module attribute, it is registered as a buffer (as
    `register_buffer` does): in `buffers()`, and in `state_dict()` unless
    `persistent=False`. A plain Tensor assigned is just an attribute.

    `nn.Buffer(data)` returns a plain Tensor over `data`'s memory (detached,
    with `data`'s requires_grad), marked as a buffer, as in PyTorch.

    Args:
        data: the values, a Tensor (default: an empty tensor).
        persistent: whether it goes into `state_dict()` (default True).

    Example:
        >>> class Counter(nn.Module):
        ...     def __init__(self):
        ...         super().__init__()
        ...         self.count = nn.Buffer(minigrad.zeros(1))
        >>> list(Counter().state_dict())
        ['count']
    """

    def __new__(cls, data=None, *, persistent=True):
        if data is None:
            data = minigrad.zeros(0)
        if not isinstance(data, Tensor):
            raise AttributeError(
                f"'{_type_name(data)}' object has no attribute 'detach' "
                "(nn.Buffer takes a Tensor: wrap the values with "
                "minigrad.tensor(...) first)"
            )
        t = data.detach().requires_grad_(data.requires_grad)
        t.persistent = persistent
        t._is_buffer = True
        return t
