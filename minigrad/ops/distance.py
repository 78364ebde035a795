"""Distances between rows: `cdist` (every pair) and `pairwise_distance` (row by row)."""

import numbers

import numpy as np

from .._dtype import scalar_type_name
from ..autograd.function import Function
from ..tensor import Tensor
from ._util import zero_gradient
from .reduce import Norm


def cdist(x1, x2, p=2.0, compute_mode="use_mm_for_euclid_dist_if_necessary"):
    """The p-norm distance between every row of `x1` (..., P, M) and every
    row of `x2` (..., R, M): a (..., P, R) tensor, batch dims broadcast.

    `compute_mode` is accepted and changes nothing: minigrad always takes the
    direct way (PyTorch may use a matrix product for p=2 on more than 25 rows).
    """
    for name, x in (("x1", x1), ("x2", x2)):
        if not isinstance(x, Tensor):
            raise TypeError(
                f"cdist(): argument '{name}' must be Tensor, not {type(x).__name__}"
            )
    if isinstance(p, bool) or not isinstance(p, numbers.Real):
        raise TypeError(f"cdist(): argument 'p' must be float, not {type(p).__name__}")
    return Cdist.apply(x1, x2, p=float(p))


class Cdist(Function):
    """‖x1_i - x2_j‖_p for every pair of rows. Saves the inputs and the result;
    where a distance is 0 its gradient is 0, as PyTorch's."""

    backward_name = "CdistBackward0"
    formula = (
        "d‖x1_i - x2_j‖_p/dx1_i = sign(d)|d|^(p-1) / ‖d‖_p^(p-1),  d = x1_i - x2_j"
    )

    @staticmethod
    def forward(ctx, x1, x2, p):
        a, b = x1._data, x2._data
        for name, x in (("X1", a), ("X2", b)):
            if x.ndim < 2:
                raise RuntimeError(
                    f"cdist only supports at least 2D tensors, {name} got: {x.ndim}D"
                )
            if x.dtype.kind != "f":
                raise RuntimeError(
                    f"cdist only supports floating-point dtypes, {name} got: "
                    f"{scalar_type_name(x.dtype)}"
                )
        if a.shape[-1] != b.shape[-1]:
            raise RuntimeError(
                f"X1 and X2 must have the same number of columns. X1: {a.shape[-1]} "
                f"X2: {b.shape[-1]}"
            )
        if a.dtype != b.dtype:
            raise RuntimeError(
                "X1 and X2 must have the same dtype, but got "
                f"{scalar_type_name(a.dtype)} and {scalar_type_name(b.dtype)}"
            )
        if not p >= 0:
            raise RuntimeError(f"cdist only supports non-negative p values (got p={p})")
        try:
            diff = np.abs(a[..., :, None, :] - b[..., None, :, :])  # (..., P, R, M)
        except ValueError:
            raise RuntimeError(
                f"cdist: the batch dimensions of x1 {list(a.shape[:-2])} and x2 "
                f"{list(b.shape[:-2])} don't broadcast"
            ) from None
        if p == 0:  # how many coordinates differ
            result = (diff != 0).sum(axis=-1)
        elif p == np.inf:
            result = diff.max(axis=-1, initial=0)
        elif p == 1:
            result = diff.sum(axis=-1)
        elif p == 2:
            result = np.sqrt((diff * diff).sum(axis=-1))
        else:
            result = (diff**p).sum(axis=-1) ** (1.0 / p)
        result = np.asarray(result, dtype=a.dtype)
        ctx.p = p
        ctx.save_for_backward(x1, x2, result)
        return result

    @staticmethod
    def backward(ctx, grad):
        x1, x2, dist = ctx.saved_tensors
        p = ctx.p
        diff = x1.unsqueeze(-2) - x2.unsqueeze(-3)  # (..., P, R, M)
        grad = grad.unsqueeze(-1)
        distance = dist.unsqueeze(-1)
        if p == 0:  # a count: flat almost everywhere
            each = zero_gradient(diff * grad)
        elif p == 1:
            each = grad * diff.sign()
        elif p == np.inf:  # only the coordinates where |d| is the largest
            at_max = Tensor._make(np.abs(diff._data) == distance._data)
            each = grad * diff.sign() * at_max.to(diff.dtype)
        else:
            zero = distance._data == 0
            safe = distance + Tensor._make(zero.astype(distance._data.dtype))
            if p == 2:
                each = grad * diff / safe
            else:
                each = grad * diff.sign() * diff.abs() ** (p - 1) / safe ** (p - 1)
                if p < 1:  # |0| ** (p - 1) is inf: PyTorch takes 0 there
                    zero = zero | (diff._data == 0)
            # (where a distance is 0 the gradient is 0, as PyTorch's)
            each = each.masked_fill(
                Tensor._make(np.broadcast_to(zero, each.shape)), 0.0
            )
        return each.sum(-2), -each.sum(-3)


def pairwise_distance(x1, x2, p=2.0, eps=1e-6, keepdim=False):
    """‖x1 - x2 + eps‖_p along the last dim, as PyTorch computes it (the eps
    keeps the gradient finite for equal rows). NormBackward1."""
    for name, x in (("x1", x1), ("x2", x2)):
        if not isinstance(x, Tensor):
            raise TypeError(
                f"pairwise_distance(): argument '{name}' (position "
                f"{1 if name == 'x1' else 2}) must be Tensor, not {type(x).__name__}"
            )
    last = max(x1.dim(), x2.dim()) - 1
    return PairwiseNorm.apply(x1 - x2 + eps, p=p, dim=max(last, 0), keepdim=keepdim)


class PairwiseNorm(Norm):
    """The p-norm along one dim, recorded as PyTorch's `at::norm`, which
    pairwise_distance calls (Tensor.norm is `linalg.vector_norm` in PyTorch)."""

    backward_name = "NormBackward1"
