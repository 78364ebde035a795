"""``make demo`` in a real browser: Voila pages with live widgets, no code.

One ``make demo`` for the module (``demo_fixtures.DemoServer``); the
Chromium is ``conftest.py``'s session ``browser`` (one Playwright per run),
with a browser context of our own. Checks what a teacher relies on: the
token is required, the page shows the scene with no code, and the widgets
answer clicks through the kernel. Screenshots go to
``<artifacts>/demos/`` for people to look at.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

from demo_fixtures import DemoServer  # noqa: E402

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory, artifacts_dir):
    server = DemoServer(tmp_path_factory.mktemp("demo"))
    server.start()
    try:
        yield server
    finally:
        server.stop()
        (artifacts_dir / "demos").mkdir(exist_ok=True)
        (artifacts_dir / "demos" / "make-demo.log").write_text(server.output)


@pytest.fixture(scope="module")
def demo_context(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(30_000)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def demo_page(demo_context):
    page = demo_context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield page
    finally:
        page.close()


@pytest.fixture(scope="module")
def shots(artifacts_dir) -> Path:
    path = artifacts_dir / "demos"
    path.mkdir(parents=True, exist_ok=True)
    return path


ERROR_OUTPUT = '[data-mime-type="application/vnd.jupyter.stderr"]'


def open_demo(page, server: DemoServer, name: str) -> float:
    """Open a demo with the token; wait until Voila has run it (or shown an
    error). Seconds."""
    start = time.monotonic()
    page.goto(f"{server.url}/voila/render/{name}.ipynb?token={server.token}",
              wait_until="domcontentloaded")
    page.wait_for_selector(f".minigrad-demo, .minigrad-stepper, {ERROR_OUTPUT}",
                           timeout=60_000)
    errors = page.locator(ERROR_OUTPUT)
    assert errors.count() == 0, f"{name} failed in Voila:\n{errors.first.inner_text()}"
    return time.monotonic() - start


def assert_no_code(page, *snippets: str) -> None:
    """Code cells without input, no editor, none of the code as text."""
    cells = page.locator(".jp-CodeCell")
    assert cells.count() >= 2
    for i in range(cells.count()):
        assert "jp-mod-noInput" in cells.nth(i).get_attribute("class")
    assert page.locator(".jp-CodeCell .jp-InputArea, .cm-editor").count() == 0
    text = page.inner_text("body")
    for snippet in snippets:
        assert snippet not in text, f"code shown on the page: {snippet!r}"
    assert "Traceback" not in text


def test_make_demo_prints_links_and_requires_the_token(demo_server):
    output = demo_server.output
    assert "token on" in output
    for name in ("01_chain_rule", "03_accumulation"):
        assert (f"{demo_server.url}/voila/render/{name}.ipynb?token="
                f"{demo_server.token}") in output
    page = "/voila/render/01_chain_rule.ipynb"
    assert demo_server.status(page + f"?token={demo_server.token}") == 200
    # Without the token, or with a wrong one: the login page, never the demo.
    for path in (page, page + "?token=wrong", "/", "/?token=" + "0" * 48):
        assert demo_server.status(path) in (302, 403), path
    assert demo_server.url.startswith("http://127.0.0.1:")


def test_chain_rule_stepper_renders_and_steps(demo_server, demo_page, shots):
    page = demo_page
    seconds = open_demo(page, demo_server, "01_chain_rule")
    stepper = page.locator(".minigrad-stepper").first
    stepper.locator(".minigrad-stepper-graph svg").wait_for()
    assert "ready: 3 steps" in stepper.inner_text()
    assert "The chain rule" in page.inner_text("h1")
    assert_no_code(page, "BackwardStepper(L", "set_theme(", "import minigrad")
    page.screenshot(path=str(shots / "01_chain_rule-start.png"), full_page=True)
    status = stepper.locator(".minigrad-stepper-status")
    for k in range(1, 4):
        stepper.locator(".minigrad-stepper-next").click()
        status.filter(has_text=f"step {k} of 3" if k < 3 else "finished").wait_for()
    # Status, picture and leaf table arrive as separate messages: wait for
    # each (under load the picture can lag a step behind the status).
    # x.grad after the last step: 2u · 2 = 24.
    stepper.locator(".minigrad-stepper-graph").filter(has_text="grad 24").wait_for()
    stepper.locator(".minigrad-stepper-leaves").filter(has_text="24").wait_for()
    page.screenshot(path=str(shots / "01_chain_rule-end.png"), full_page=True)
    assert seconds < 45, f"the demo took {seconds:.1f} s to open"


def test_accumulation_buttons_add_up_the_gradient(demo_server, demo_page, shots):
    page = demo_page
    open_demo(page, demo_server, "03_accumulation")
    readout = page.locator(".minigrad-demo-readout")
    readout.filter(has_text="w.grad = None").wait_for()
    assert_no_code(page, "loss.backward(retain_graph", "ipw.Button")
    backward = page.locator(".minigrad-demo-backward")
    backward.click()
    readout.filter(has_text="w.grad = 6").wait_for()
    backward.click()
    readout.filter(has_text="w.grad = 12").wait_for()
    graph = page.locator(".minigrad-graphview-svg")
    graph.filter(has_text="grad 12").wait_for()  # the live graph redrew
    page.screenshot(path=str(shots / "03_accumulation-twice.png"), full_page=True)
    page.locator(".minigrad-demo-zero").click()
    readout.filter(has_text="w.grad = None").wait_for()
