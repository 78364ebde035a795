"""Print tensors the way PyTorch does: `tensor([1.5000, 2.0000], requires_grad=True)`.

This follows PyTorch's own printer (`torch/_tensor_str.py`) rule for rule:
one formatter per tensor decides, from the nonzero finite values, between
whole numbers (`2.`), four decimals (`0.5000`) and scientific notation
(`1.0000e-05`), and pads every element to the same width; rows wrap at 80
characters; tensors of more than 1000 elements show their first and last
three entries around `...`.
"""

import math

import numpy as np

LINE_WIDTH = 80
PRECISION = 4
THRESHOLD = 1000  # more elements than this are summarised
EDGE_ITEMS = 3


class _Formatter:
    """Formats the elements of one tensor to a common style and width."""

    def __init__(self, values):
        self.floating = values.dtype.kind == "f"
        self.int_mode = True
        self.sci_mode = False
        self.width = 1
        flat = values.reshape(-1)
        if not self.floating:
            for value in flat.tolist():
                self.width = max(self.width, len(str(value)))
            return
        finite = flat[np.isfinite(flat) & (flat != 0)].astype(np.float64)
        if finite.size == 0:
            return
        magnitudes = np.abs(finite)
        low, high = magnitudes.min(), magnitudes.max()
        self.int_mode = bool(np.all(finite == np.ceil(finite)))
        wide = high / low > 1000.0 or high > 1.0e8
        if self.int_mode:
            self.sci_mode = wide
            pattern = "{:.%de}" % PRECISION if wide else "{:.0f}."
        else:
            self.sci_mode = wide or low < 1.0e-4
            pattern = "{:.%de}" % PRECISION if self.sci_mode else "{:.%df}" % PRECISION
        for value in finite.tolist():
            self.width = max(self.width, len(pattern.format(value)))

    def format(self, value):
        if not self.floating:
            text = str(value)
        elif self.sci_mode:
            text = f"{value:.{PRECISION}e}"
        elif self.int_mode:
            text = f"{value:.0f}"
            if not (math.isinf(value) or math.isnan(value)):
                text += "."
        else:
            text = f"{value:.{PRECISION}f}"
        return text.rjust(self.width)


def _summary(values):
    """The elements a summarised print shows (first and last few of each dim)."""
    if values.ndim == 0:
        return values
    if values.shape[0] > 2 * EDGE_ITEMS:
        parts = [values[:EDGE_ITEMS], values[-EDGE_ITEMS:]]
    else:
        parts = [values]
    return np.concatenate([np.stack([_summary(row) for row in p]) for p in parts])


def _vector(values, indent, summarize, fmt):
    per_line = max(1, (LINE_WIDTH - indent) // (fmt.width + 2))
    if summarize and values.shape[0] > 2 * EDGE_ITEMS:
        data = (
            [fmt.format(v) for v in values[:EDGE_ITEMS].tolist()]
            + [" ..."]
            + [fmt.format(v) for v in values[-EDGE_ITEMS:].tolist()]
        )
    else:
        data = [fmt.format(v) for v in values.tolist()]
    lines = [", ".join(data[i : i + per_line]) for i in range(0, len(data), per_line)]
    return "[" + (",\n" + " " * (indent + 1)).join(lines) + "]"


def _nested(values, indent, summarize, fmt):
    if values.ndim == 1:
        return _vector(values, indent, summarize, fmt)
    if summarize and values.shape[0] > 2 * EDGE_ITEMS:
        rows = (
            [_nested(values[i], indent + 1, summarize, fmt) for i in range(EDGE_ITEMS)]
            + ["..."]
            + [
                _nested(values[i], indent + 1, summarize, fmt)
                for i in range(len(values) - EDGE_ITEMS, len(values))
            ]
        )
    else:
        rows = [_nested(row, indent + 1, summarize, fmt) for row in values]
    separator = "," + "\n" * (values.ndim - 1) + " " * (indent + 1)
    return "[" + separator.join(rows) + "]"


def _with_suffixes(text, suffixes, indent):
    """Append `, suffix` parts, wrapping to a new line where the line is full."""
    parts = [text]
    last_line = len(text) - text.rfind("\n") + 1
    for suffix in suffixes:
        if last_line + len(suffix) + 2 > LINE_WIDTH:
            parts.append(",\n" + " " * indent + suffix)
            last_line = indent + len(suffix)
        else:
            parts.append(", " + suffix)
            last_line += len(suffix) + 2
    return "".join(parts) + ")"


def format_tensor(tensor, prefix="tensor("):
    """The text PyTorch would print for `tensor`, with minigrad's dtype names."""
    values = tensor._data
    indent = len(prefix)
    suffixes = []
    if values.size == 0:
        body = "[]"
        if values.shape != (0,):
            suffixes.append(f"size={tuple(values.shape)}")
    else:
        summarize = values.size > THRESHOLD
        fmt = _Formatter(_summary(values) if summarize else values)
        if values.ndim == 0:
            body = fmt.format(values.item())
        else:
            body = _nested(values, indent, summarize, fmt)
    default = {"f": np.float32, "i": np.int64, "u": np.int64, "b": np.bool_}
    if values.dtype != np.dtype(default.get(values.dtype.kind, values.dtype)):
        suffixes.append(f"dtype={tensor.dtype!r}")
    if tensor.grad_fn is not None:
        suffixes.append(f"grad_fn=<{tensor.grad_fn.name()}>")
    elif tensor.requires_grad:
        suffixes.append("requires_grad=True")
    return _with_suffixes(prefix + body, suffixes, indent)
