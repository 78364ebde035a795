"""`out=`: write a function's result into a tensor the caller already has.

`torch.matmul(a, b, out=y)` computes `a @ b` and stores it in `y` (resized to
the result's shape if needed) instead of making a new tensor. PyTorch does not
record such a write for autograd, so neither does minigrad: when grad mode is
on, no argument (and not `out` itself) may require grad.
"""

import numpy as np

from ._dtype import scalar_type_name
from .autograd import grad_mode


def write_out(name, compute, out, inputs):
    """Run `compute()` without recording and write its result into `out`.

    Args:
        name: the function's name, for error messages (`"matmul"`).
        compute: a function of no arguments that returns the result Tensor.
        out: the Tensor to write into; it keeps its dtype.
        inputs: the function's arguments (tensors and numbers).

    Returns:
        `out`, now holding the result (its version counter moves on).

    Example:
        >>> y = minigrad.zeros(2)
        >>> write_out("add", lambda: a + b, y, (a, b)) is y
        True
    """
    from .tensor import Tensor

    wants_grad = out.requires_grad or any(
        isinstance(t, Tensor) and t.requires_grad for t in inputs
    )
    if wants_grad and grad_mode.is_grad_enabled():
        raise RuntimeError(
            f"{name}(): functions with out=... arguments don't support automatic "
            "differentiation, but one of the arguments requires grad."
        )
    with grad_mode.no_grad():
        result = compute()
    values = result._array()
    if values.dtype != out._data.dtype and not np.can_cast(
        values.dtype, out._data.dtype, casting="same_kind"
    ):
        raise RuntimeError(
            f"result type {scalar_type_name(result.dtype)} can't be cast to the "
            f"desired output type {scalar_type_name(out.dtype)}"
        )
    if values.shape == out._data.shape:
        out._array()[...] = values
    else:
        # PyTorch resizes `out` to the result's shape (warning if it was not empty).
        out._data = values.astype(out._data.dtype, copy=True)
    out._version_counter[0] += 1
    return out
