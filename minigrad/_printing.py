"""Print tensors the way PyTorch does: `tensor([1.5000, 2.0000], requires_grad=True)`.

The rules follow PyTorch's: whole-number floats print as `2.`, others with
four decimals, and in scientific notation when the values span a wide range;
every element is padded to the same width.
"""

import numpy as np

_SUMMARY_THRESHOLD = 1000  # more elements than this print with "..."


def _float_formatter(values):
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return lambda v: _special(v) or f"{v:.4f}"
    magnitudes = np.abs(finite[finite != 0])
    whole = bool(np.all(np.floor(finite) == finite))
    if whole:
        if magnitudes.size and magnitudes.max() > 1e8:
            return lambda v: _special(v) or f"{v:.4e}"
        return lambda v: _special(v) or f"{v:.0f}."
    sci = magnitudes.size > 0 and (
        magnitudes.max() / magnitudes.min() > 1000.0
        or magnitudes.max() > 1e8
        or magnitudes.min() < 1e-4
    )
    if sci:
        return lambda v: _special(v) or f"{v:.4e}"
    return lambda v: _special(v) or f"{v:.4f}"


def _special(v):
    if np.isnan(v):
        return "nan"
    if np.isinf(v):
        return "inf" if v > 0 else "-inf"
    return None


def _formatter(array):
    """A function formatting one element, padded to the width of the widest."""
    if array.dtype == np.bool_:
        raw = str
    elif array.dtype.kind in "iu":
        raw = str
    else:
        shown = array
        if array.size > _SUMMARY_THRESHOLD:
            shown = _edges(array)
        raw = _float_formatter(np.asarray(shown, dtype=np.float64).ravel())
    sample = _edges(array) if array.size > _SUMMARY_THRESHOLD else array
    width = max((len(raw(v)) for v in sample.ravel().tolist()), default=0)
    return lambda v: raw(v).rjust(width)


def _edges(array, items=3):
    """The elements that a summarised print shows (the first and last few)."""
    for axis in range(array.ndim):
        if array.shape[axis] > 2 * items:
            head = np.take(array, range(items), axis=axis)
            tail = np.take(
                array, range(array.shape[axis] - items, array.shape[axis]), axis=axis
            )
            array = np.concatenate([head, tail], axis=axis)
    return array


def format_tensor(tensor, prefix="tensor("):
    """The text PyTorch would print for `tensor`, with minigrad's dtype names."""
    array = tensor._data
    suffixes = []
    if array.size == 0:
        body = "[]"
        if array.shape != (0,):
            suffixes.append(f"size={tuple(array.shape)}")
    else:
        fmt = _formatter(array)
        if array.ndim == 0:
            body = fmt(array.item())
        else:
            body = np.array2string(
                array,
                max_line_width=80,
                separator=", ",
                prefix=prefix,
                formatter={"all": fmt},
                threshold=_SUMMARY_THRESHOLD,
                edgeitems=3,
            )
    default = {"f": np.float32, "i": np.int64, "u": np.int64, "b": np.bool_}
    if array.dtype != np.dtype(default.get(array.dtype.kind, array.dtype)):
        suffixes.append(f"dtype={tensor.dtype!r}")
    if tensor.grad_fn is not None:
        suffixes.append(f"grad_fn=<{tensor.grad_fn.name()}>")
    elif tensor.requires_grad:
        suffixes.append("requires_grad=True")
    return prefix + ", ".join([body] + suffixes) + ")"
