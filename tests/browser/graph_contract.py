"""The graph canvas in the page: what issue 13's widget promises, checked.

The graph widget (an anywidget drawing the kernel's DOT with Graphviz
compiled to WebAssembly) keeps this contract with the tests (the widget's
``widgets/js/CONTRACT.md`` is its own copy):

- root ``.mg-graph-canvas`` with ``data-state`` = ``loading`` | ``drawn`` |
  ``error``, ``data-render-ms`` (DOT received to SVG in the page) and
  ``data-draw-count`` (one more per drawing); the error text in
  ``.mg-graph-error``; the SVG inside the root;
- each node a Graphviz ``g.node`` with ``data-node-id``, ``tabindex="0"``,
  ``role="button"`` and ``aria-label``; the tooltip ``.mg-graph-tooltip``
  while a node is hovered; the selected node has ``mg-selected``; a live
  region ``.mg-graph-live`` with ``aria-live="polite"``.

``graphs_drawn`` waits until every canvas in a part of the page has drawn and
returns what each shows; ``hint_problems`` finds Graphviz's "install me"
messages and tracebacks in the outputs. Used by ``graph_runs.py``,
``test_graph_interaction.py``, ``test_wheel_browser.py`` and the benchmark
``benchmarks/bench_browser_graph.py``.
"""

from __future__ import annotations

import re
import time

CANVAS = ".mg-graph-canvas"
NODE = "svg g.node"
TOOLTIP = ".mg-graph-tooltip"
LIVE = ".mg-graph-live"
ERROR = ".mg-graph-error"
SELECTED = "mg-selected"

# Every canvas inside ``root`` (an element; the page's body by default).
CANVASES_JS = """(root) => [...(root || document.body)
        .querySelectorAll('.mg-graph-canvas')].map(c => {
    const error = c.querySelector('.mg-graph-error');
    const owner = c.closest('[class*="minigrad-"]');
    const cell = c.closest('.jp-Cell');
    const cells = cell ? [...cell.parentElement.children]
        .filter(e => e.classList.contains('jp-Cell')) : [];
    const nodes = [...c.querySelectorAll('svg g.node')];
    return {
        state: c.getAttribute('data-state'),
        svg: c.querySelectorAll('svg').length,
        nodes: nodes.length,
        nodeIds: nodes.filter(g => g.hasAttribute('data-node-id')).length,
        uniqueIds: new Set(nodes.map(g => g.getAttribute('data-node-id'))).size,
        focusable: nodes.filter(g => g.getAttribute('tabindex') === '0'
            && g.getAttribute('role') === 'button'
            && (g.getAttribute('aria-label') || '').trim()).length,
        error: error ? error.textContent.trim().slice(0, 400) : '',
        renderMs: c.getAttribute('data-render-ms'),
        drawCount: c.getAttribute('data-draw-count'),
        live: !!c.querySelector('.mg-graph-live[aria-live="polite"]')
            || !!(owner && owner.querySelector('.mg-graph-live[aria-live="polite"]')),
        widget: owner ? [...owner.classList]
            .filter(k => k.startsWith('minigrad-'))[0] : '',
        cell: cell ? cells.indexOf(cell) + 1 : 0,
        width: Math.round(c.getBoundingClientRect().width),
    };
})"""

# Per notebook cell (1-based), the graphs its outputs show: canvases, and
# Graphviz SVGs drawn elsewhere (by ``dot`` in the kernel, or saved from a
# browser) that are not inside a canvas.
CELL_GRAPHS_JS = """(root) => {
    const cells = [...root.querySelectorAll('.jp-Cell')];
    const found = {};
    cells.forEach((cell, i) => {
        const outputs = [...cell.querySelectorAll('.jp-OutputArea-output')];
        const canvases = outputs.reduce((n, o) =>
            n + o.querySelectorAll('.mg-graph-canvas').length, 0);
        const pictures = outputs.reduce((n, o) => n + [...o.querySelectorAll('svg')]
            .filter(svg => !svg.closest('.mg-graph-canvas')
                && svg.querySelector('g.node')).length, 0);
        if (canvases || pictures) found[i + 1] = {canvases, pictures};
    });
    return found;
}"""

# Text of every output area inside ``root`` (Graphviz hints and tracebacks
# show there, never in the lesson's own Markdown).
OUTPUT_TEXT_JS = """(root) => [...(root || document.body)
        .querySelectorAll('.jp-OutputArea-output')]
    .map(o => o.textContent || '')"""

# What a notebook shows when Graphviz's program is missing: minigrad's own
# message (``widgets/_render.py``), the ``graphviz`` package's error, a
# traceback.
HINTS = re.compile(
    r"install graphviz|graphviz executables|failed to execute|"
    r"executablenotfound|graphviznotfound|cannot draw the graph|"
    r"`dot` program|'dot' program|program was not found|"
    r"traceback \(most recent call last\)",
    re.IGNORECASE,
)


def minigrad_hint_sentence() -> str | None:
    """The first sentence of minigrad's own install message, if it has one."""
    try:
        from widgets._render import INSTALL_HINT
    except ImportError:
        return None
    return INSTALL_HINT.split(". ")[0]


def hint_problems(texts: list[str], where: str) -> list[str]:
    """Install hints and tracebacks in ``texts`` (output areas), one line each."""
    sentence = minigrad_hint_sentence()
    problems = []
    for text in texts:
        found = HINTS.search(text)
        if found is None and sentence and sentence in text:
            found = re.search(re.escape(sentence), text)
        if found is not None:
            start = max(0, found.start() - 80)
            problems.append(
                f"{where}: an output says {text[start : found.end() + 160]!r}"
            )
    return problems


def canvas_problems(canvas: dict, where: str) -> list[str]:
    """What is wrong with one canvas (as ``CANVASES_JS`` describes it)."""
    name = f"{where}: graph {canvas['widget'] or 'canvas'}" + (
        f" in cell {canvas['cell']}" if canvas["cell"] else ""
    )
    problems = []
    if canvas["state"] != "drawn":
        problems.append(f"{name} has data-state={canvas['state']!r}")
    if canvas["error"]:
        problems.append(f"{name} shows an error: {canvas['error']!r}")
    if not canvas["svg"] or not canvas["nodes"]:
        problems.append(
            f"{name} has {canvas['svg']} svg and {canvas['nodes']} g.node elements"
        )
    elif canvas["nodeIds"] != canvas["nodes"]:
        problems.append(
            f"{name}: {canvas['nodes'] - canvas['nodeIds']} of {canvas['nodes']} "
            "nodes have no data-node-id"
        )
    elif canvas["uniqueIds"] != canvas["nodes"]:
        problems.append(
            f"{name}: {canvas['nodes']} nodes but {canvas['uniqueIds']} distinct "
            "data-node-id values (an earlier picture's nodes left in the SVG?)"
        )
    elif canvas["focusable"] != canvas["nodes"]:
        problems.append(
            f"{name}: {canvas['nodes'] - canvas['focusable']} of {canvas['nodes']} "
            "nodes lack tabindex=0, role=button or an aria-label"
        )
    if not canvas["live"]:
        problems.append(f'{name} has no .mg-graph-live with aria-live="polite"')
    if canvas["state"] == "drawn" and not (canvas["drawCount"] or "0").isdigit():
        problems.append(f"{name}: data-draw-count={canvas['drawCount']!r}")
    if canvas["state"] == "drawn" and canvas["drawCount"] in (None, "", "0"):
        problems.append(f"{name} is drawn with data-draw-count={canvas['drawCount']!r}")
    return problems


def graphs_drawn(
    page, root=None, at_least: int = 0, where: str = "", seconds: float = 30
) -> list[dict]:
    """Wait until ``root`` holds ``at_least`` canvases and none is loading;
    then assert that every one is drawn, with nodes and no error.

    Args:
        page: a Playwright page.
        root: an element handle to look inside (default the whole page).
        at_least: how many canvases must appear.
        where: names the notebook in failure messages.
        seconds: how long canvases may take to appear and draw.

    Returns:
        What each canvas shows (``CANVASES_JS``'s records), in page order.
    """
    deadline = time.monotonic() + seconds
    while True:
        found = page.evaluate(CANVASES_JS, root)
        settled = [c for c in found if c["state"] in ("drawn", "error")]
        if len(found) >= at_least and len(settled) == len(found):
            break
        if time.monotonic() > deadline:
            states = [c["state"] for c in found]
            raise AssertionError(
                f"{where}: after {seconds:.0f} s, {len(found)} graph canvases "
                f"(want at least {at_least}), states {states}"
            )
        page.wait_for_timeout(100)
    problems = [line for canvas in found for line in canvas_problems(canvas, where)]
    assert not problems, "\n".join(problems)
    return found


def cells_show_graphs(page, root, cells: list[int], where: str, seconds=30) -> dict:
    """Wait until each of ``cells`` (1-based) shows a graph: a canvas, or a
    Graphviz SVG with nodes. Returns ``CELL_GRAPHS_JS``'s record."""
    deadline = time.monotonic() + seconds
    while True:
        shown = {int(k): v for k, v in page.evaluate(CELL_GRAPHS_JS, root).items()}
        missing = [number for number in cells if number not in shown]
        if not missing:
            return shown
        assert time.monotonic() < deadline, (
            f"{where}: cells {missing} make a graph and show none after "
            f"{seconds:.0f} s (graphs seen: {shown})"
        )
        page.wait_for_timeout(100)
