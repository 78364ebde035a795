"""`nn._reduction`: PyTorch's helpers for a loss's `reduction` argument.

Before `reduction='mean' | 'sum' | 'none'`, PyTorch's losses took two
flags, `size_average` and `reduce`. PyTorch still accepts them (with a
warning) and maps them to a `reduction`: `legacy_get_string` below is that
map, used by the `nn.*Loss` modules (`_Loss`) and the `F.*_loss` functions.
"""

import warnings


def get_enum(reduction):
    """PyTorch's number for a reduction: 'none' 0, 'mean' 1, 'sum' 2.

    Example: `get_enum("sum")` is 2; an unknown name raises ValueError.
    """
    if reduction == "none":
        return 0
    if reduction == "mean":
        return 1
    if reduction == "elementwise_mean":
        warnings.warn(
            "reduction='elementwise_mean' is deprecated. "
            "Please use reduction='mean' instead.",
            stacklevel=2,
        )
        return 1
    if reduction == "sum":
        return 2
    raise ValueError(f"{reduction} is not a valid value for reduction")


def legacy_get_string(size_average, reduce, emit_warning=True):
    """The `reduction` that the old flags `size_average` and `reduce` mean.

    A flag left at None counts as True. `reduce=False`: 'none' (one loss per
    element, whatever `size_average` says); else `size_average=False`:
    'sum'; else 'mean'. Warns (a UserWarning, PyTorch's words) that the
    flags are deprecated, naming the `reduction=` to use instead.

    Example: `legacy_get_string(False, None)` is 'sum'.
    """
    if size_average is None:
        size_average = True
    if reduce is None:
        reduce = True
    if size_average and reduce:
        result = "mean"
    elif reduce:
        result = "sum"
    else:
        result = "none"
    if emit_warning:
        warnings.warn(
            "size_average and reduce args will be deprecated, please use "
            f"reduction='{result}' instead.",
            stacklevel=3,
        )
    return result


def legacy_get_enum(size_average, reduce, emit_warning=True):
    """`get_enum` of `legacy_get_string` (PyTorch's, for completeness)."""
    return get_enum(legacy_get_string(size_average, reduce, emit_warning))


def reduction_of(size_average, reduce, reduction):
    """The reduction a loss uses: `reduction`, unless one of the old flags
    is given (not None), which then decide (see `legacy_get_string`).

    Example: `reduction_of(None, False, "mean")` is 'none' (and warns).
    """
    if size_average is None and reduce is None:
        return reduction
    return legacy_get_string(size_average, reduce)
