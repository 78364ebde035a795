"""Every lesson and demo draws its graphs in the browser with Graphviz's
``dot`` absent from the kernel's ``PATH`` (issue 13): JupyterLab for every
notebook, Voila (``make demo``) for the demos. The checks are in
``graph_runs.py``; ``test_graphs_with_dot.py`` is the same with ``dot``.
"""

from __future__ import annotations

import pytest
from graph_runs import (
    DEMO_FILES,
    NOTEBOOKS,
    check_in_lab,
    check_in_voila,
)

pytestmark = pytest.mark.browser

MODE = "no-dot"


@pytest.mark.timeout(300)
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_graphs_drawn_in_lab(name, graph_lab, page, graph_shots, browser_timings):
    check_in_lab(page, graph_lab, name, MODE, graph_shots, browser_timings)


@pytest.mark.timeout(300)
@pytest.mark.parametrize("name", DEMO_FILES)
def test_graphs_drawn_in_voila(
    name, graph_voila, browser_context, graph_shots, browser_timings
):
    check_in_voila(
        browser_context, graph_voila, name, MODE, graph_shots, browser_timings
    )
