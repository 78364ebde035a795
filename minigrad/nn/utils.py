"""`nn.utils`: gradient clipping (and its helpers).

Clipping is a step between `loss.backward()` and `optimizer.step()` that
keeps one unlucky batch from making a huge update:

    loss.backward()
    nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
    optimizer.step()
"""

import math

import minigrad
from minigrad.tensor import Tensor


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
    grads = _grads(parameters)
    max_norm = float(max_norm)
    norm_type = float(norm_type)
    if not grads:
        return minigrad.tensor(0.0)
    with minigrad.no_grad():
        if norm_type == math.inf:
            norms = [g.abs().max() for g in grads]
            total = norms[0] if len(norms) == 1 else minigrad.stack(norms).max()
        else:
            norms = [g.norm(norm_type) for g in grads]
            total = minigrad.stack(norms).norm(norm_type)
        if error_if_nonfinite and not math.isfinite(total.item()):
            raise RuntimeError(
                f"The total norm of order {norm_type} for gradients from "
                "`parameters` is non-finite, so it cannot be clipped. To disable "
                "this error and scale the gradients by the non-finite norm anyway, "
                "set `error_if_nonfinite=False`"
            )
        # As PyTorch: a tensor factor in the grads' dtype, applied even when it
        # clamps to 1 (then nothing changes).
        factor = (max_norm / (total + 1e-6)).clamp(max=1.0)
        for g in grads:
            g.mul_(factor)
    return total


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
