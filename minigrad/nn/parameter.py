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
