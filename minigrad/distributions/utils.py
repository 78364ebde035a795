"""Helpers the distributions share: parameters as tensors of one shape, and
probabilities <-> logits, as PyTorch's `torch.distributions.utils`."""

import numbers

import numpy as np

import minigrad

from ..tensor import Tensor


def broadcast_all(*values):
    """The values (tensors or numbers) as tensors of one broadcast shape.

    Numbers become tensors of the first tensor's dtype (the default dtype,
    float32, if all are numbers), as PyTorch's `broadcast_all`.
    """
    if not all(
        isinstance(v, Tensor) or (isinstance(v, numbers.Number)) for v in values
    ):
        raise ValueError(
            "Input arguments must all be instances of Number, "
            "torch.Tensor or objects implementing __torch_function__."
        )
    tensors = [v for v in values if isinstance(v, Tensor)]
    dtype = tensors[0].dtype if tensors else minigrad.get_default_dtype()
    as_tensors = [
        v if isinstance(v, Tensor) else minigrad.tensor(v, dtype=dtype) for v in values
    ]
    shape = np.broadcast_shapes(*[tuple(t.shape) for t in as_tensors])
    return tuple(t if tuple(t.shape) == shape else t.expand(shape) for t in as_tensors)


def clamp_probs(probs):
    """`probs` kept inside (0, 1): eps and 1 - eps at the ends (eps of its dtype)."""
    eps = float(np.finfo(probs._data.dtype).eps)
    return probs.clamp(min=eps, max=1 - eps)


def probs_to_logits(probs, is_binary=False):
    """Log-odds (binary) or log-probabilities of `probs` (clamped first)."""
    ps_clamped = clamp_probs(probs)
    if is_binary:
        return minigrad.log(ps_clamped) - minigrad.log1p(-ps_clamped)
    return minigrad.log(ps_clamped)


def logits_to_probs(logits, is_binary=False):
    """sigmoid of log-odds (binary), or softmax of logits over the last dim."""
    if is_binary:
        return minigrad.sigmoid(logits)
    return minigrad.softmax(logits, dim=-1)


class lazy_property:  # noqa: N801 (PyTorch's name)
    """A property computed on first use and then kept on the instance (so a
    Categorical made from logits computes its probs once, when asked)."""

    def __init__(self, wrapped):
        self.wrapped = wrapped
        self.__doc__ = wrapped.__doc__

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        with minigrad.enable_grad():
            value = self.wrapped(instance)
        setattr(instance, self.wrapped.__name__, value)
        return value
