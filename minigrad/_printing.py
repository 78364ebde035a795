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


class PrintOptions:
    """The printer's settings, as PyTorch's `torch._tensor_str.PRINT_OPTS`
    (changed with `minigrad.set_printoptions`)."""

    def __init__(self):
        self.precision = 4  # digits after the point
        self.threshold = 1000  # more elements than this are summarised
        self.edgeitems = 3  # entries shown at each end of a summarised dim
        self.linewidth = 80
        self.sci_mode = None  # True/False: force scientific notation or not


options = PrintOptions()

# set_printoptions(profile=...): PyTorch's three presets.
_PROFILES = {
    "default": dict(precision=4, threshold=1000, edgeitems=3, linewidth=80),
    "short": dict(precision=2, threshold=1000, edgeitems=2, linewidth=80),
    "full": dict(precision=4, threshold=math.inf, edgeitems=3, linewidth=80),
}


def set_printoptions(
    precision=None,
    threshold=None,
    edgeitems=None,
    linewidth=None,
    profile=None,
    sci_mode=None,
):
    """Set how tensors print, as `torch.set_printoptions`.

    Args:
        precision: digits after the decimal point (default 4).
        threshold: tensors with more elements print summarised (default 1000).
        edgeitems: entries shown at each end of a summarised dimension (3).
        linewidth: characters per line before a row wraps (80).
        profile: "default", "short" or "full" (never summarised): a preset,
            which the other arguments then adjust.
        sci_mode: True or False forces scientific notation on or off; None
            (the default, and what every call without it sets) decides per
            tensor.

    Example:
        >>> minigrad.set_printoptions(precision=2)  # doctest: +SKIP
        >>> minigrad.tensor([1 / 3])
        tensor([0.33])
    """
    if profile is not None:
        if profile not in _PROFILES:
            raise ValueError(
                f"Invalid profile: {profile}. the profile must be one of "
                "'default', 'short', 'full'"
            )
        for name, value in _PROFILES[profile].items():
            setattr(options, name, value)
    for name, value in (
        ("precision", precision),
        ("threshold", threshold),
        ("edgeitems", edgeitems),
        ("linewidth", linewidth),
    ):
        if value is not None:
            setattr(options, name, value)
    options.sci_mode = sci_mode


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
        self.sci_mode = wide if self.int_mode else wide or low < 1.0e-4
        if options.sci_mode is not None:  # (set_printoptions forces it)
            self.sci_mode = options.sci_mode
        if self.sci_mode:
            pattern = "{:.%de}" % options.precision
        elif self.int_mode:
            pattern = "{:.0f}."
        else:
            pattern = "{:.%df}" % options.precision
        for value in finite.tolist():
            self.width = max(self.width, len(pattern.format(value)))

    def format(self, value):
        if not self.floating:
            text = str(value)
        elif self.sci_mode:
            text = f"{value:.{options.precision}e}"
        elif self.int_mode:
            text = f"{value:.0f}"
            if not (math.isinf(value) or math.isnan(value)):
                text += "."
        else:
            text = f"{value:.{options.precision}f}"
        return text.rjust(self.width)


def _summary(values):
    """The elements a summarised print shows (first and last few of each dim)."""
    if values.ndim == 0:
        return values
    if values.shape[0] > 2 * options.edgeitems:
        parts = [values[: options.edgeitems], values[-options.edgeitems :]]
    else:
        parts = [values]
    return np.concatenate([np.stack([_summary(row) for row in p]) for p in parts])


def _vector(values, indent, summarize, fmt):
    per_line = max(1, (options.linewidth - indent) // (fmt.width + 2))
    if summarize and values.shape[0] > 2 * options.edgeitems:
        data = (
            [fmt.format(v) for v in values[: options.edgeitems].tolist()]
            + [" ..."]
            + [fmt.format(v) for v in values[-options.edgeitems :].tolist()]
        )
    else:
        data = [fmt.format(v) for v in values.tolist()]
    lines = [", ".join(data[i : i + per_line]) for i in range(0, len(data), per_line)]
    return "[" + (",\n" + " " * (indent + 1)).join(lines) + "]"


def _nested(values, indent, summarize, fmt):
    if values.ndim == 1:
        return _vector(values, indent, summarize, fmt)
    if summarize and values.shape[0] > 2 * options.edgeitems:
        rows = (
            [
                _nested(values[i], indent + 1, summarize, fmt)
                for i in range(options.edgeitems)
            ]
            + ["..."]
            + [
                _nested(values[i], indent + 1, summarize, fmt)
                for i in range(len(values) - options.edgeitems, len(values))
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
        if last_line + len(suffix) + 2 > options.linewidth:
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
        summarize = values.size > options.threshold
        fmt = _Formatter(_summary(values) if summarize else values)
        if values.ndim == 0:
            body = fmt.format(values.item())
        else:
            body = _nested(values, indent, summarize, fmt)
    # int64 and bool go without saying when the numbers show them; an empty
    # tensor has no numbers, so only float32 goes without saying there.
    default = {"f": np.float32, "i": np.int64, "u": np.int64, "b": np.bool_}
    if values.size == 0:
        default = {}
    if values.dtype != np.dtype(default.get(values.dtype.kind, np.float32)):
        suffixes.append(f"dtype={tensor.dtype!r}")
    if tensor.grad_fn is not None:
        suffixes.append(f"grad_fn=<{tensor.grad_fn.name()}>")
    elif tensor.requires_grad:
        suffixes.append("requires_grad=True")
    return _with_suffixes(prefix + body, suffixes, indent)
