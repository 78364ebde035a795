"""Every lesson and demo draws its graphs in the browser, with and without
Graphviz's ``dot`` on the kernel's ``PATH`` (issue 13): the checks, used by
``test_graphs_without_dot.py`` and ``test_graphs_with_dot.py`` (one module
per mode, so each mode's servers start once and stop before the next).

Without ``dot``: the Jupyter server (JupyterLab, or Voila through ``make
demo``) starts with a ``PATH`` whose folders holding Graphviz's programs are
replaced by folders of links to everything else (``no_graphviz.py``); its
kernels inherit it, and each test asks its kernel that ``dot`` is not found.
With ``dot``: the same ``PATH`` as the tests, and the kernel finds ``dot``.

For each notebook in JupyterLab (``test_lessons.py``'s Run All: open with
``?reset``, wait for a real kernel, run all, read the notebook model), and
for each demo in Voila:

- no error output, no code cell left unrun, every widget displayed;
- each cell that makes a graph shows one: a graph canvas, or (where the
  kernel has ``dot``) a Graphviz SVG with nodes;
- every graph canvas (``graph_contract.py``) drawn: ``data-state="drawn"``,
  an SVG with ``g.node`` elements, keyboard-reachable nodes, a live region,
  no ``.mg-graph-error``;
- no Graphviz install hint and no traceback in any output;
- screenshots of the graphs in ``<artifacts>/graph-<mode>/``.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from browser_lab import Notebook, running_lab
from demo_fixtures import DemoServer
from graph_contract import (
    OUTPUT_TEXT_JS,
    cells_show_graphs,
    graphs_drawn,
    hint_problems,
)
from no_graphviz import WHICH_DOT, environment
from test_demo_voila import open_demo
from test_lessons import LESSON_FILES, check_outputs, model_problems

REPO = Path(__file__).resolve().parents[2]
LESSONS = REPO / "lessons"
DEMO_FILES = sorted(
    f"demos/{p.name}" for p in (LESSONS / "demos").glob("[0-9][0-9]_*.ipynb")
)
NOTEBOOKS = LESSON_FILES + DEMO_FILES
# A code cell that makes one of these shows a graph canvas.
GRAPH_CALLS = ("GraphView(", "BackwardStepper(", "draw_graph(")
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def source_of(cell: dict) -> str:
    source = cell["source"]
    return "".join(source) if isinstance(source, list) else source


def graph_cells(cells: list[dict]) -> list[int]:
    """1-based numbers of the code cells that make a graph widget and show a
    widget (from the notebook model after Run All)."""
    found = []
    for number, cell in enumerate(cells, start=1):
        if cell["cell_type"] != "code":
            continue
        makes = any(call in source_of(cell) for call in GRAPH_CALLS)
        shows = any(WIDGET_MIME in o.get("data", {}) for o in cell.get("outputs", []))
        if makes and shows:
            found.append(number)
    return found


def make_graph_cells(name: str) -> list[int]:
    """Code cells of the stored notebook ``name`` that make a graph widget."""
    cells = json.loads((LESSONS / name).read_text(encoding="utf-8"))["cells"]
    return [
        number
        for number, cell in enumerate(cells, start=1)
        if cell["cell_type"] == "code"
        and any(call in source_of(cell) for call in GRAPH_CALLS)
    ]


def check_dot(found: str | None, mode: str, where: str, path: str) -> None:
    if mode == "no-dot":
        assert found is None, f"{where}: the kernel finds dot at {found} (PATH {path})"
    else:
        assert found, f"{where}: the kernel finds no dot (PATH {path})"


def shots_dir(artifacts_dir: Path, mode: str) -> Path:
    """``<artifacts>/graph-<mode>``, emptied."""
    path = artifacts_dir / f"graph-{mode}"
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


@contextmanager
def lab_for(mode: str, work: Path, shots: Path):
    """JupyterLab on a copy of ``lessons/``, ``dot`` hidden or not; its log
    goes to ``shots`` when it stops."""
    env = environment(mode == "dot", work / "path")
    with running_lab(LESSONS, work / "lab", shots, env=env) as server:
        yield server


@contextmanager
def voila_for(mode: str, work: Path, shots: Path):
    """``make demo`` (Voila), ``dot`` hidden or not; without it, make is
    told not to install the system programs (``-o system``)."""
    env = environment(mode == "dot", work / "path")
    options = [] if mode == "dot" else ["-o", "system"]
    (work / "demo").mkdir()
    server = DemoServer(work / "demo", env=env, make_options=options)
    server.start()
    try:
        yield server
    finally:
        server.stop()
        (shots / "make-demo.log").write_text(server.output)


def shoot(page, locator, count: int, prefix: Path) -> None:
    """Screenshots of the first ``count`` graphs (for people to look at)."""
    for i in range(min(count, locator.count())):
        try:
            locator.nth(i).screenshot(path=f"{prefix}-{i + 1}.png", timeout=10_000)
        except Exception as error:  # a picture missing must not hide the result
            print(f"no screenshot of {prefix}-{i + 1}: {error}")


def check_in_lab(page, server, name: str, mode: str, shots: Path, timings: dict):
    """Run ``name`` in JupyterLab; every graph drawn, no hint, no error."""
    where = f"{name} ({mode}, JupyterLab)"
    started = time.monotonic()
    notebook = Notebook(page, server, name)
    try:
        notebook.open()
        dot = server.kernel_json(name, WHICH_DOT)
        check_dot(dot["dot"], mode, where, dot["PATH"])
        model = notebook.run_all()
        problems = model_problems(model)
        assert not problems, f"{where}: " + "\n\n".join(problems)
        check_outputs(page, model, where)
        panel = page.evaluate_handle("() => window.jupyterapp.shell.currentWidget.node")
        # An install hint says at once what is wrong: look for one first.
        problems = hint_problems(page.evaluate(OUTPUT_TEXT_JS, panel), where)
        problems += hint_problems(
            [json.dumps(c.get("outputs", [])) for c in model["cells"]], where
        )
        assert not problems, "\n".join(problems)
        # Each cell that makes a graph shows one (a canvas, or where the
        # kernel has dot, a picture dot drew); every canvas drawn.
        shown = cells_show_graphs(page, panel, graph_cells(model["cells"]), where)
        canvases = sum(graphs["canvases"] for graphs in shown.values())
        graphs_drawn(page, panel, at_least=canvases, where=where)
        shoot(page, page.locator(".mg-graph-canvas"), 3, shots / stem(name))
    except BaseException:
        page.screenshot(path=str(shots / f"{stem(name)}-failure.png"))
        raise
    finally:
        server.shutdown_sessions()
        timings[f"graphs {mode} {stem(name)}"] = dict(
            notebook.timings, total=round(time.monotonic() - started, 2)
        )


def stem(name: str) -> str:
    return name.replace("/", "-").removesuffix(".ipynb")


def kernel_paths(server: DemoServer) -> list[str]:
    """``PATH`` of every ipykernel started under ``make demo`` (Linux: read
    from ``/proc``; elsewhere an empty list)."""
    if not sys.platform.startswith("linux") or server.process is None:
        return []
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    todo, paths = [server.process.pid], []
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            cmdline = (Path(f"/proc/{pid}/cmdline").read_bytes()).split(b"\0")
            environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
        except OSError:
            continue
        if any(b"ipykernel" in part for part in cmdline):
            for item in environ:
                if item.startswith(b"PATH="):
                    paths.append(os.fsdecode(item[5:]))
    return paths


def check_in_voila(context, server, name: str, mode: str, shots: Path, timings: dict):
    """Open the demo ``name`` in Voila; every graph drawn, no hint, no error."""
    where = f"{name} ({mode}, Voila)"
    started = time.monotonic()
    page = context.new_page()
    try:
        open_demo(page, server, Path(name).stem)
        # Voila keeps no notebook model to read: at least one canvas per
        # code cell that makes a graph widget.
        paths = kernel_paths(server)
        if sys.platform.startswith("linux"):
            assert paths, f"{where}: no kernel found under make demo"
        for path in paths:
            check_dot(shutil.which("dot", path=path), mode, where, path)
        problems = hint_problems(page.evaluate(OUTPUT_TEXT_JS), where)
        assert not problems, "\n".join(problems)
        canvases = graphs_drawn(page, at_least=len(make_graph_cells(name)), where=where)
        shoot(
            page,
            page.locator(".mg-graph-canvas"),
            len(canvases),
            shots / f"voila-{stem(name)}",
        )
    except BaseException:
        page.screenshot(path=str(shots / f"voila-{stem(name)}-failure.png"))
        raise
    finally:
        page.close()
        timings[f"graphs {mode} voila {stem(name)}"] = dict(
            total=round(time.monotonic() - started, 2)
        )
