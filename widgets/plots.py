"""Static teaching plots (matplotlib): gradient accumulation and gradcheck.

Each function runs the real minigrad (``backward()``, ``gradcheck``) and
returns a ``matplotlib.figure.Figure`` (made without pyplot, so a notebook
shows it once, where it is returned, as SVG: sharp on every screen). Legends
use the theme's legend size and no label is smaller than matplotlib's
"small" (11 px on screen in the default theme). Live plots (gradient flow while
training, the function explorer) are in ``live_plots.py``.
"""

from __future__ import annotations

import warnings

import numpy as np

import minigrad

from . import _format as fmt
from ._inputs import _described
from ._static import TeachingFigure
from .theme import get_theme, themed_plot

FAIL_COLOR, PASS_COLOR = "#D55E00", "#0072B2"
DTYPE_STYLES = {
    "float32": dict(color="#D55E00", marker="o"),
    "float64": dict(color="#0072B2", marker="s"),
}


def _axes(ax, figsize=(6, 4)):
    if ax is not None:
        return ax.figure, ax
    figure = TeachingFigure(figsize=get_theme().figsize(*figsize), layout="constrained")
    return figure, figure.add_subplot()


def _grad_value(tensor) -> float:
    grad = fmt.read_grad(tensor)
    if grad is None:
        return 0.0
    return float(grad.reshape(-1)[0]) if grad.size == 1 else float(np.linalg.norm(grad))


# -- gradient accumulation ----------------------------------------------------
@themed_plot
def plot_grad_accumulation(loss_fn=None, params=None, calls=4, names=None, ax=None):
    """Show why gradients add up: ``.grad`` after each of ``calls``
    ``backward()`` calls, without and with ``zero_grad`` before each.

    The parameters' ``.grad`` is restored afterwards, so the plot leaves no
    trace.

    Args:
        loss_fn: builds a fresh loss from ``params`` (called once per
            backward). Default: ``x * x`` at ``x = 3`` (gradient 6).
        params: the tensors whose ``.grad`` to follow, or a Module.
        calls: how many ``backward()`` calls, an integer from 1 to
            ``MAX_CALLS`` (50): the plot shows each call as a tick, and a few
            are enough to see the sums grow.
        names: names for the legend (``locals()``, a Module, pairs).
        ax: draw into this matplotlib Axes instead of a new figure.

    Returns:
        The ``Figure``; each parameter has two lines ("no zero_grad" and
        "zero_grad each time"); a tensor parameter is shown by its norm.

    Raises:
        ValueError: ``calls`` is not an integer from 1 to ``MAX_CALLS``.

    Example:
        >>> plot_grad_accumulation(lambda: (w * x).sum(), [w])   # doctest: +SKIP
    """
    _check_calls(calls)
    if loss_fn is None:
        x = minigrad.tensor(3.0, requires_grad=True)
        params, names = [x], {"x": x}

        def loss_fn():
            return x * x

    module = params if fmt.is_module(params) else None
    params = list(params.parameters()) if module is not None else list(params)
    labels = fmt.name_map(names if names is not None else module)
    saved = [fmt.copy_numpy(p.grad) for p in params]
    figure, ax = _axes(ax)
    calls_axis = np.arange(1, calls + 1)
    try:
        for zero in (False, True):
            _set_grads(params, [None] * len(params))
            values = []
            for _ in range(calls):
                if zero and module is not None:
                    module.zero_grad()
                elif zero:
                    _set_grads(params, [None] * len(params))
                loss_fn().backward()
                values.append([_grad_value(p) for p in params])
            _draw_accumulation(ax, calls_axis, np.array(values), params, labels, zero)
    finally:
        _set_grads(params, saved)
    ax.set_xlabel("backward() call")
    ax.set_ylabel(".grad (a tensor: its norm)")
    ax.set_xticks(calls_axis)
    ax.set_title("Gradients add up across backward() calls\nunless you zero them first")
    ax.legend()
    ax.grid(alpha=0.3)
    return figure


MAX_CALLS = 50  # ticks on the x axis of plot_grad_accumulation


def _check_calls(calls) -> None:
    if (
        isinstance(calls, bool)
        or not isinstance(calls, (int, np.integer))
        or not 1 <= calls <= MAX_CALLS
    ):
        raise ValueError(
            f"calls must be an integer from 1 to {MAX_CALLS} (how many backward() "
            f"calls to show, one tick each), got {calls!r}; a few, e.g. calls=4, "
            "show how the gradients add up"
        )


def _set_grads(params, arrays) -> None:
    for p, array in zip(params, arrays):
        p.grad = None if array is None else minigrad.tensor(array.copy())


# One colour and marker per parameter (Okabe-Ito, readable by colour-blind
# viewers); the line style tells the two modes apart.
PARAM_STYLES = [
    ("#D55E00", "o"),
    ("#0072B2", "s"),
    ("#009E73", "^"),
    ("#CC79A7", "D"),
    ("#E69F00", "v"),
    ("#56B4E9", "P"),
]


def _draw_accumulation(ax, calls, values, params, labels, zero) -> None:
    for i, p in enumerate(params):
        name = labels.get(id(p), f"param {i}")
        color, marker = PARAM_STYLES[i % len(PARAM_STYLES)]
        if zero:
            ax.plot(
                calls,
                values[:, i],
                linestyle="--",
                marker=marker,
                color=color,
                markerfacecolor="none",
                label=f"{name}: zero_grad() before each",
            )
        else:
            ax.plot(
                calls,
                values[:, i],
                linestyle="-",
                marker=marker,
                color=color,
                label=f"{name}: no zero_grad (+= each call)",
            )
        ax.annotate(
            fmt.number(values[-1, i]),
            (calls[-1], values[-1, i]),
            textcoords="offset points",
            xytext=(6, 0),
            fontsize="small",
        )


# -- gradcheck ------------------------------------------------------------------
@themed_plot
def plot_gradcheck(report, ax=None):
    """Analytical against numerical gradient, one point per Jacobian entry.

    Points on the ``y = x`` line agree; failures are drawn as crosses.

    Args:
        report: what ``minigrad.autograd.gradcheck(..., raise_exception=False)``
            returned.
        ax: draw into this Axes instead of a new figure.

    Returns:
        The ``Figure``.

    Example:
        >>> report = gradcheck(f, (x,), raise_exception=False)   # doctest: +SKIP
        >>> plot_gradcheck(report)                                # doctest: +SKIP
    """
    if not hasattr(report, "entries"):
        raise TypeError(
            "plot_gradcheck() draws the report of minigrad.autograd.gradcheck(f, "
            "inputs, raise_exception=False); got "
            f"{_described(report)}. For a function and its inputs use "
            "gradcheck_figure(f, inputs)"
        )
    entries = list(report.entries)
    figure, ax = _axes(ax, (5, 5))
    numerical = np.array([float(e.numerical) for e in entries])
    analytical = np.array([float(e.analytical) for e in entries])
    passed = np.array([bool(e.passed) for e in entries], dtype=bool)
    if entries:
        low = float(min(numerical.min(), analytical.min()))
        high = float(max(numerical.max(), analytical.max()))
        pad = 0.05 * (high - low) or 1.0
        ax.plot(
            [low - pad, high + pad],
            [low - pad, high + pad],
            color="#777777",
            linewidth=1,
            label="y = x (agreement)",
        )
    ax.scatter(
        numerical[passed],
        analytical[passed],
        color=PASS_COLOR,
        marker="o",
        label=f"pass ({int(passed.sum())})",
        zorder=3,
    )
    ax.scatter(
        numerical[~passed],
        analytical[~passed],
        color=FAIL_COLOR,
        marker="X",
        s=80,
        label=f"FAIL ({int((~passed).sum())})",
        zorder=4,
    )
    ax.set_xlabel("numerical (central difference)")
    ax.set_ylabel("analytical (backward)")
    failed = int((~passed).sum())
    ax.set_title(
        f"gradcheck: all {len(entries)} entries pass"
        if not failed
        else f"gradcheck: {failed} of {len(entries)} entries FAIL"
    )
    ax.legend()
    ax.grid(alpha=0.3)
    return figure


def gradcheck_errors(func, inputs, eps_values, dtype):
    """The largest absolute gradcheck error for each ``eps``, with the
    inputs cast to ``dtype`` (``"float32"`` or ``"float64"``).

    Each value comes from the core's ``gradcheck`` report."""
    from minigrad.autograd import gradcheck

    cast = tuple(_as_dtype(t, dtype) for t in _as_inputs(inputs))
    errors = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for eps in eps_values:
            report = gradcheck(func, cast, eps=float(eps), raise_exception=False)
            errors.append(float(report.max_abs_error))
    return np.array(errors)


def _as_inputs(inputs) -> tuple:
    # gradcheck takes a tensor or a tuple; accept a list too, as PyTorch does.
    return (inputs,) if fmt.is_tensor(inputs) else tuple(inputs)


def _as_dtype(tensor, dtype):
    if not fmt.is_tensor(tensor):
        return tensor
    array = fmt.to_numpy(tensor).astype(dtype)
    return minigrad.tensor(array, requires_grad=tensor.requires_grad)


@themed_plot
def plot_gradcheck_eps(func, inputs, eps_values=None, ax=None):
    """The gradcheck error against ``eps`` on log-log axes, in float32 and
    float64: large ``eps`` suffers truncation error (falls like eps²),
    small ``eps`` round-off (grows like machine epsilon / eps).

    Args:
        func: the function gradcheck differentiates.
        inputs: its input tensors (any float dtype; each run casts them).
        eps_values: the steps to try (default ``1e-12`` … ``1e-1``).
        ax: draw into this Axes instead of a new figure.

    Returns:
        The ``Figure`` with one line per dtype and each dtype's best eps
        (about the cube root of its machine epsilon) marked.
    """
    if eps_values is None:
        eps_values = np.logspace(-12, -1, 23)
    eps_values = np.asarray(eps_values, dtype=float)
    figure, ax = _axes(ax)
    for dtype in ("float32", "float64"):
        errors = gradcheck_errors(func, inputs, eps_values, dtype)
        shown = np.where(errors > 0, errors, np.nan)
        ax.plot(eps_values, shown, label=dtype, **DTYPE_STYLES[dtype])
        best = np.finfo(dtype).eps ** (1 / 3)
        ax.axvline(best, color=DTYPE_STYLES[dtype]["color"], linestyle=":", linewidth=1)
        ax.annotate(
            f"{dtype} best eps ≈ {best:.0e}",
            (best, 0.02),
            xycoords=("data", "axes fraction"),
            rotation=90,
            fontsize="small",
            color=DTYPE_STYLES[dtype]["color"],
            xytext=(3, 0),
            textcoords="offset points",
        )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("eps (finite-difference step)")
    ax.set_ylabel("largest |analytical − numerical|")
    ax.set_title("Truncation error (right) against round-off (left)")
    ax.legend()
    ax.grid(alpha=0.3, which="both")
    return figure


@themed_plot
def gradcheck_figure(func, inputs, eps_values=None):
    """Both gradcheck pictures side by side, from the core's gradcheck."""
    from minigrad.autograd import gradcheck

    figure = TeachingFigure(figsize=get_theme().figsize(11, 4.5), layout="constrained")
    left, right = figure.subplots(1, 2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = gradcheck(func, _as_inputs(inputs), raise_exception=False)
    plot_gradcheck(report, ax=left)
    plot_gradcheck_eps(func, inputs, eps_values, ax=right)
    return figure
