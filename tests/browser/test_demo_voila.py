"""``make demo`` in a real browser: Voila pages with live widgets, no code.

One ``make demo`` for the module (``demo_fixtures.DemoServer``); the
Chromium is ``conftest.py``'s session ``browser`` (one Playwright per run),
with a browser context of our own. Checks what a teacher relies on: the
token is required, the page shows the scene with no code, and the widgets
answer clicks through the kernel; and, on a 1280 x 720 projector screen
(at device pixel ratio 2, as a high-density laptop), that each scene's key
panels are on screen without scrolling, in large type, and that no bitmap is
drawn larger than its pixels. Screenshots go to ``<artifacts>/demos/`` for
people to look at.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

from demo_fixtures import (  # noqa: E402
    PROJECTOR,
    DemoServer,
    panels_outside,
    small_text,
    stretched_bitmaps,
)

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
    page.goto(
        f"{server.url}/voila/render/{name}.ipynb?token={server.token}",
        wait_until="domcontentloaded",
    )
    page.wait_for_selector(
        f".minigrad-demo, .minigrad-stepper, {ERROR_OUTPUT}", timeout=60_000
    )
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
        assert (
            f"{demo_server.url}/voila/render/{name}.ipynb?token={demo_server.token}"
        ) in output
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


# -- a projector: 1280 x 720 (issue 10, item 14) -----------------------------
TITLE = ".jp-RenderedMarkdown h1"
STEPPER_PANELS = {
    "title": TITLE,
    "Next button": ".minigrad-stepper-next",
    "graph": ".minigrad-stepper-graph",
    "chain-rule panel": ".minigrad-stepper-chain",
}
KEY_PANELS = {
    "01_chain_rule": STEPPER_PANELS,
    "02_fan_out": STEPPER_PANELS,
    "03_accumulation": {
        "title": TITLE,
        "buttons": ".minigrad-demo-backward",
        "readout": ".minigrad-demo-readout",
        "graph": ".minigrad-graphview-svg",
    },
    "04_exploding_vanishing": {
        "title": TITLE,
        "buttons": ".minigrad-demo-clipped",
        "readout": ".minigrad-demo-readout",
        "gradient-flow plot": ".minigrad-gradflow-image",
    },
    "05_gradcheck_bug": {
        "title": TITLE,
        "buttons": ".minigrad-demo-fixed",
        "verdict": ".minigrad-demo-readout",
        "gradcheck plot": ".minigrad-demo-picture",
    },
    "06_training_live": {
        "title": TITLE,
        "buttons": ".minigrad-demo-reset",
        "readout": ".minigrad-demo-readout",
        "training boundary": ".minigrad-demo-picture",
    },
}
# After Train, demo 06 shows the gradient flow below the boundary: both fit.
TRAINED_PANELS = {
    **KEY_PANELS["06_training_live"],
    "gradient-flow plot": ".minigrad-gradflow-image",
}
LARGE_TYPE_PX = 20  # the scene's words, from the back of a lecture room
WORDS = ", ".join(
    [
        ".jp-RenderedMarkdown p",
        ".jp-RenderedMarkdown li",
        ".jp-RenderedMarkdown summary",
        ".minigrad-demo-readout .widget-html-content > *",
    ]
)


@pytest.fixture(scope="module")
def projector_context(browser):
    context = browser.new_context(viewport=PROJECTOR, device_scale_factor=2)
    context.set_default_timeout(30_000)
    try:
        yield context
    finally:
        context.close()


def settle(page, panels: dict) -> None:
    """Wait until every panel is drawn and every image has loaded."""
    for selector in panels.values():
        page.locator(selector).first.wait_for(state="visible")
    page.wait_for_function(
        "() => Array.from(document.images).every("
        "img => img.complete && img.naturalWidth > 0)"
    )
    page.wait_for_timeout(300)  # let the last layout pass land


def check_fits(page, name: str, panels: dict, shot: Path) -> None:
    page.screenshot(path=str(shot))
    problems = [f"{name}: {line}" for line in panels_outside(page, panels)]
    problems += [f"{name}: stretched bitmap {line}" for line in stretched_bitmaps(page)]
    problems += [
        f"{name}: small text {line}" for line in small_text(page, WORDS, LARGE_TYPE_PX)
    ]
    assert not problems, "on a 1280 x 720 projector:\n" + "\n".join(problems)


@pytest.mark.parametrize("name", list(KEY_PANELS))
def test_demo_fits_a_projector_screen(demo_server, projector_context, shots, name):
    page = projector_context.new_page()
    try:
        open_demo(page, demo_server, name)
        panels = KEY_PANELS[name]
        settle(page, panels)
        check_fits(page, name, panels, shots / f"{name}-1280x720.png")
        if panels is STEPPER_PANELS:  # the chain-rule panel grows as it steps
            status = page.locator(".minigrad-stepper-status")
            for _ in range(10):
                if "finished" in status.inner_text():
                    break
                page.locator(".minigrad-stepper-next").click()
                page.wait_for_timeout(400)
            status.filter(has_text="finished").wait_for()
            page.locator(".minigrad-stepper-chain").filter(
                has_text="AccumulateGrad"
            ).wait_for()
            settle(page, panels)
            check_fits(
                page,
                f"{name} (last step)",
                panels,
                shots / f"{name}-last-step-1280x720.png",
            )
        if name == "06_training_live":
            page.locator(".minigrad-demo-train").click()
            page.locator(".minigrad-demo-readout").filter(has_text="step 100").wait_for(
                timeout=90_000
            )
            settle(page, TRAINED_PANELS)
            check_fits(
                page,
                f"{name} (trained)",
                TRAINED_PANELS,
                shots / f"{name}-trained-1280x720.png",
            )
    finally:
        page.close()
