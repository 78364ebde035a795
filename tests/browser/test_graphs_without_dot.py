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
    lab_for,
    shots_dir,
    voila_for,
)

pytestmark = pytest.mark.browser

MODE = "no-dot"


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
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_graphs_drawn_in_lab(name, lab, page, shots, browser_timings):
    check_in_lab(page, lab, name, MODE, shots, browser_timings)


@pytest.mark.timeout(300)
@pytest.mark.parametrize("name", DEMO_FILES)
def test_graphs_drawn_in_voila(name, voila, browser_context, shots, browser_timings):
    check_in_voila(browser_context, voila, name, MODE, shots, browser_timings)
