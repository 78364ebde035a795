"""FunctionExplorer, plot_function and plot_grad_accumulation under bad input.

A function not defined everywhere on the range (log, sqrt, 1/x) is drawn
where it is defined, and the picture and the readout say where it is not;
wrong arguments raise a ValueError naming the argument, what was given and
what is expected.
"""

import numpy as np
import pytest

from widgets import FunctionExplorer, plot_function, plot_grad_accumulation
from widgets.live_plots import undefined_text
from widgets.plots import MAX_CALLS


@pytest.mark.parametrize(
    "f, reference, where",
    [
        (lambda x: x.log(), np.log, "not defined for -3 ≤ x ≤ 0"),
        (lambda x: x.sqrt(), np.sqrt, "not defined for -3 ≤ x ≤ 0"),
        (lambda x: 1 / x, np.reciprocal, "not defined at x = 0"),
    ],
)
def test_drawn_where_defined_and_says_where_not(f, reference, where):
    explorer = FunctionExplorer(f)  # x0 = 0: not defined there either
    assert explorer.png.startswith(b"\x89PNG")
    assert where in explorer.ax.get_title()
    readout = explorer.readout.value
    assert "not defined at x₀ = 0" in readout and where in readout
    # the curve is drawn where f is defined, with the right values
    xs, ys = explorer.ax.lines[0].get_data()
    shown = np.isfinite(ys)
    with np.errstate(all="ignore"):
        defined = np.isfinite(reference(xs)) & (xs != 0)  # sqrt: f'(0) = inf
    assert shown.sum() >= 99 and np.array_equal(shown, defined)
    np.testing.assert_allclose(ys[shown], reference(xs[shown]))
    explorer.slider.value = 2.0
    assert "f(2) = " in explorer.readout.value
    explorer.close()


def test_a_pole_does_not_squash_the_curve():
    explorer = FunctionExplorer(lambda x: 1 / x, x0=1.0)
    low, high = explorer.ax.get_ylim()
    assert -100 < low < -1 and 1 < high < 100  # f' reaches -1e4 next to 0
    smooth = FunctionExplorer(lambda x: x * x * x)
    assert smooth.ax.get_ylim()[1] > 27  # all of a smooth curve is shown
    explorer.close()
    smooth.close()


def test_plot_function_where_defined():
    figure = plot_function(lambda x: x.log(), x0=1.0)
    title = figure.axes[0].get_title()
    assert "f(1) = 0" in title and "f'(1) = 1" in title
    assert "not defined for -3 ≤ x ≤ 0" in title
    figure = plot_function(lambda x: x.log(), x0=-1.0)
    assert "not defined at x₀ = -1" in figure.axes[0].get_title()


def test_nowhere_defined_is_a_clear_error():
    with pytest.raises(ValueError, match="not defined anywhere on x_range"):
        FunctionExplorer(lambda x: x.log(), x_range=(-3, -1))


@pytest.mark.parametrize(
    "kwargs, phrase",
    [
        (
            dict(n=0),
            "n must be an integer from 2 to 100000 (points on the curve), got 0",
        ),
        (dict(n=2.5), "got 2.5"),
        (dict(x_range=(3, -3)), "got (3, -3); e.g. x_range=(-3, 3)"),
        (dict(x_range=(1, 1)), "smaller to a larger"),
        (dict(x_range=(0, np.inf)), "finite"),
        (dict(x_range="ab"), "x_range must be two numbers"),
    ],
)
def test_wrong_arguments_name_themselves(kwargs, phrase):
    for make in (FunctionExplorer, plot_function):
        with pytest.raises(ValueError) as info:
            make(lambda x: x.sin(), **kwargs)
        assert phrase in str(info.value)


@pytest.mark.parametrize("calls", [0, -1, 2.0, True, MAX_CALLS + 1, 10**5])
def test_grad_accumulation_calls_limit(calls):
    with pytest.raises(ValueError) as info:
        plot_grad_accumulation(calls=calls)
    assert f"calls must be an integer from 1 to {MAX_CALLS}" in str(info.value)
    assert f"got {calls!r}" in str(info.value)


def test_grad_accumulation_at_the_limit():
    figure = plot_grad_accumulation(calls=MAX_CALLS)
    assert len(figure.axes[0].lines[0].get_xdata()) == MAX_CALLS


def test_undefined_text_runs():
    xs = np.arange(10.0)
    ok = np.ones(10, bool)
    assert undefined_text(xs, ok) == ""
    ok[[2, 3, 4, 7]] = False
    assert undefined_text(xs, ok) == "not defined for 2 ≤ x ≤ 4, x = 7"
