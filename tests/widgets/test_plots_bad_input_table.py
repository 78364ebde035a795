"""The plot widgets given what they cannot draw: one table, one clear error each.

FunctionExplorer, plot_function, GradientFlow and plot_gradcheck name the
argument, what was given and what to pass, in a TypeError (a wrong kind of
thing) or a ValueError (the right kind, a wrong value), never an
AttributeError or a matplotlib message from inside. (Ranges, `n` and `calls`
are in `test_function_plots_bad_input.py`.)
"""

import pytest

import minigrad
from widgets import FunctionExplorer, GradientFlow, plot_function, plot_gradcheck


def _explorer(f, **kwargs):
    FunctionExplorer(f, **kwargs).close()


ROWS = [
    # (name, call, exception type, phrase of the message)
    ("explorer f=3", lambda: _explorer(3), TypeError, "needs a function of one"),
    ("explorer f=None", lambda: _explorer(None), TypeError, "got None"),
    ("plot_function f='sin'", lambda: plot_function("sin"), TypeError, "a str"),
    (
        "f returns a float",
        lambda: _explorer(lambda x: 3.0),
        TypeError,
        "must return a minigrad tensor computed from x, got a float",
    ),
    (
        "f returns x.sum().item()",
        lambda: plot_function(lambda x: x.sum().item()),
        TypeError,
        "not math or numpy functions or .item()",
    ),
    (
        "f returns a constant tensor",
        lambda: _explorer(lambda x: minigrad.tensor(3.0)),
        ValueError,
        "one value per x",
    ),
    (
        "f returns two values per x",
        lambda: _explorer(lambda x: minigrad.stack([x, x])),
        ValueError,
        "shape (2, 201)",
    ),
    (
        "f cuts the graph",
        lambda: _explorer(lambda x: x.detach() * 2),
        ValueError,
        "no graph back to x",
    ),
    ("x0='a'", lambda: _explorer(lambda x: x.sin(), x0="a"), TypeError, "x0 must"),
    ("x0=None", lambda: plot_function(lambda x: x, x0=None), TypeError, "got None"),
    ("GradientFlow(3)", lambda: GradientFlow(3), TypeError, "watches a model"),
    ("GradientFlow(None)", lambda: GradientFlow(None), TypeError, "got None"),
    ("GradientFlow('net')", lambda: GradientFlow("net"), TypeError, "a str"),
    ("plot_gradcheck(3)", lambda: plot_gradcheck(3), TypeError, "the report of"),
    ("plot_gradcheck(None)", lambda: plot_gradcheck(None), TypeError, "use gradcheck"),
]


@pytest.mark.parametrize("name, call, error, phrase", ROWS, ids=[r[0] for r in ROWS])
def test_bad_argument_gets_one_clear_error(name, call, error, phrase):
    with pytest.raises(error) as caught:
        call()
    assert phrase in str(caught.value)


def test_a_constant_written_from_x_is_drawn_with_slope_zero():
    explorer = FunctionExplorer(lambda x: 0 * x + 3)
    assert "f(0) = 3" in explorer.readout.value
    assert "f&#x27;(0) = 0" in explorer.readout.value
    explorer.close()


def test_gradient_flow_takes_named_parameters_as_a_generator():
    model = minigrad.nn.Linear(2, 1)
    flow = GradientFlow(model.named_parameters())
    assert len(flow.params) == 2
    flow.remove()
    flow.close()
