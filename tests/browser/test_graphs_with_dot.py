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
    make_graph_cells,
)

pytestmark = pytest.mark.browser

MODE = "dot"
WITH_GRAPHS = [name for name in NOTEBOOKS if make_graph_cells(name)]


def test_some_notebooks_make_graphs():
    """The parametrization below is not empty (it would pass silently)."""
    assert len(WITH_GRAPHS) >= 10, WITH_GRAPHS


@pytest.mark.timeout(300)
@pytest.mark.parametrize("name", WITH_GRAPHS)
def test_graphs_drawn_in_lab(name, graph_lab, page, graph_shots, browser_timings):
    check_in_lab(page, graph_lab, name, MODE, graph_shots, browser_timings)


@pytest.mark.timeout(300)
@pytest.mark.parametrize("name", [n for n in DEMO_FILES if n in WITH_GRAPHS])
def test_graphs_drawn_in_voila(
    name, graph_voila, browser_context, graph_shots, browser_timings
):
    check_in_voila(
        browser_context, graph_voila, name, MODE, graph_shots, browser_timings
    )
