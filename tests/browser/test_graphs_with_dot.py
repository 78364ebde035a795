"""The graphs of every lesson and demo that makes one, drawn in the browser
with Graphviz's ``dot`` on the kernel's ``PATH`` (issue 13): the kernel may
use ``dot`` (to choose a direction, for static copies) and the page must
draw the same. Notebooks that make no graph are left out: ``dot`` cannot
change them, and ``test_lessons.py`` runs every lesson with ``dot`` anyway.
The checks are in ``graph_runs.py``; ``test_graphs_without_dot.py`` is the
same without ``dot``.
"""

from __future__ import annotations

import pytest
from graph_runs import (
    DEMO_FILES,
    NOTEBOOKS,
    check_in_lab,
    check_in_voila,
    lab_for,
    make_graph_cells,
    shots_dir,
    voila_for,
)

pytestmark = pytest.mark.browser

MODE = "dot"
WITH_GRAPHS = [name for name in NOTEBOOKS if make_graph_cells(name)]


def test_some_notebooks_make_graphs():
    """The parametrization below is not empty (it would pass silently)."""
    assert len(WITH_GRAPHS) >= 10, WITH_GRAPHS


@pytest.fixture(scope="module")
def shots(artifacts_dir):
    return shots_dir(artifacts_dir, MODE)


@pytest.fixture(scope="module")
def lab(tmp_path_factory, shots):
    with lab_for(MODE, tmp_path_factory.mktemp(f"lab-{MODE}"), shots) as server:
        yield server


@pytest.fixture(scope="module")
def voila(tmp_path_factory, shots):
    with voila_for(MODE, tmp_path_factory.mktemp(f"voila-{MODE}"), shots) as server:
        yield server


@pytest.mark.timeout(300)
@pytest.mark.parametrize("name", WITH_GRAPHS)
def test_graphs_drawn_in_lab(name, lab, page, shots, browser_timings):
    check_in_lab(page, lab, name, MODE, shots, browser_timings)


@pytest.mark.timeout(300)
@pytest.mark.parametrize("name", [n for n in DEMO_FILES if n in WITH_GRAPHS])
def test_graphs_drawn_in_voila(name, voila, browser_context, shots, browser_timings):
    check_in_voila(browser_context, voila, name, MODE, shots, browser_timings)
