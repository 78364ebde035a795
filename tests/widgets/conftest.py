"""Fixtures for the widget tests: small known graphs, an MLP, a clean cache.

Every test here runs headless: pictures go through the real Graphviz
``dot``; widgets are driven from Python (``button.click()``, setting values).
The graphs themselves are in ``widget_graphs.py``, imported by name.
"""

import sys
from pathlib import Path

import ipywidgets
import matplotlib
import pytest

matplotlib.use("Agg")

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

from widget_graphs import make_mlp, scalar_graph  # noqa: E402

from widgets import _render  # noqa: E402


@pytest.fixture(autouse=True)
def fresh_render_cache():
    """Each test renders for itself (and sees a missing ``dot`` as missing);
    its widgets are closed after it, so they stop listening."""
    _render.clear_cache()
    yield
    _render.clear_cache()
    ipywidgets.Widget.close_all()


@pytest.fixture
def scalar():
    """A dict x, y, z, loss (see ``widget_graphs.scalar_graph``)."""
    return scalar_graph()


@pytest.fixture
def mlp():
    """(model, loss) for the MLP 10-50-20-1."""
    return make_mlp()
