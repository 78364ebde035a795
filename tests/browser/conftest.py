"""Fixtures for the real-browser tests: a throw-away JupyterLab, a Chromium.

What each fixture gives (the way that works on a sandboxed Debian machine):

- ``lab_server``: JupyterLab on a temporary copy of ``lessons/``, token
  authentication on, its own config, runtime, IPython and settings folders,
  the news toast off. Stopped with ``POST /api/shutdown``, then SIGTERM /
  SIGKILL of its process group.
- ``browser``: Debian's Chromium through Playwright's sync API
  (``MINIGRAD_CHROMIUM`` or ``/usr/bin/chromium``; Playwright's own browser
  only where neither exists).
- ``page``: a fresh tab in one shared browser context.

Server, Playwright and browser live for one test module, not the session:
while Playwright's sync API is started, its asyncio loop counts as running
in the main thread, and every later test in the run (nbclient, widgets that
defer redraws to a running loop) would see it.

The notebook driving itself (open, wait for the kernel, run all, read the
outputs, talk to the kernel) is in ``browser_lab.py``; the tests are in
``test_lessons.py``.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

from browser_lab import launch_chromium, running_lab  # noqa: E402
from graph_runs import lab_for, shots_dir, voila_for  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
LESSONS = REPO / "lessons"


@pytest.fixture(scope="session")
def browser_artifacts(artifacts_dir: Path) -> Path:
    """``<artifacts>/browser``: screenshots and logs of this suite, emptied
    at the start of a run so that nothing stale is left to look at."""
    path = artifacts_dir / "browser"
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


@pytest.fixture(scope="session")
def browser_timings(request, browser_artifacts: Path) -> dict:
    """``{lesson: {phase: seconds}}``, printed at the end of the run."""
    timings: dict = {}
    request.config._minigrad_browser = (browser_artifacts, timings)
    return timings


def pytest_terminal_summary(terminalreporter, config):
    found = getattr(config, "_minigrad_browser", None)
    if not found:
        return
    artifacts, timings = found
    write = terminalreporter.write_line
    terminalreporter.section("browser tests")
    for lesson, phases in timings.items():
        rest = ", ".join(f"{k} {v:.1f}" for k, v in phases.items() if k != "total")
        write(f"{lesson:<34} {phases.get('total', 0):6.1f} s  ({rest})")
    if timings:
        total = sum(p.get("total", 0) for p in timings.values())
        write(f"{'all lessons':<34} {total:6.1f} s")
    write(f"Screenshots and reports: {artifacts}")


@pytest.fixture(scope="module")
def lab_server(tmp_path_factory, browser_artifacts: Path):
    """A running JupyterLab on a copy of ``lessons/`` (see ``LabServer``)."""
    with running_lab(
        LESSONS, tmp_path_factory.mktemp("lab"), browser_artifacts
    ) as server:
        yield server


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium per test module (see the module docstring)."""
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("MINIGRAD_CHROMIUM") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright, executable)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="module")
def browser_context(browser):
    """One browser context (cookies: the token login) for a module's tests."""
    # 1280 px wide, as a laptop or a projector (issue 10's layout checks).
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, device_scale_factor=1
    )
    context.set_default_timeout(30_000)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def page(browser_context):
    """A fresh tab for one test, closed after it."""
    tab = browser_context.new_page()
    try:
        yield tab
    finally:
        tab.close()


# The graph tests (``test_graphs_with_dot.py``, ``test_graphs_without_dot.py``):
# one JupyterLab and one Voila per module, in the module's ``MODE`` ("dot" or
# "no-dot": whether the kernels find Graphviz's ``dot``).


@pytest.fixture(scope="module")
def graph_shots(request, artifacts_dir: Path) -> Path:
    return shots_dir(artifacts_dir, request.module.MODE)


@pytest.fixture(scope="module")
def graph_lab(request, tmp_path_factory, graph_shots: Path):
    mode = request.module.MODE
    with lab_for(mode, tmp_path_factory.mktemp(f"lab-{mode}"), graph_shots) as server:
        yield server


@pytest.fixture(scope="module")
def graph_voila(request, tmp_path_factory, graph_shots: Path):
    mode = request.module.MODE
    work = tmp_path_factory.mktemp(f"voila-{mode}")
    with voila_for(mode, work, graph_shots) as server:
        yield server
