"""The wheel, built from a fresh clone, draws lesson 05's graphs in
JupyterLab with no Graphviz program on the machine (issue 13).

One test, in the order a student's machine meets it:

1. ``git clone`` of this repository at ``HEAD`` into a temporary folder (so
   it tests what is committed, not the working tree);
2. ``pip wheel --no-deps`` there: the build fetches Graphviz-in-WebAssembly
   from npm and bundles the widget's JavaScript; the wheel must hold that
   bundle, and the repository must not (npm's code is never committed);
3. a clean venv, ``pip install <the wheel>`` (its dependencies from the
   package registry; pip's cache makes that quick), with a ``PATH`` on which
   Graphviz's programs are not found;
4. JupyterLab from that venv, on the clone's lessons: lesson 05 runs in
   Chromium, its kernel imports ``widgets`` from the venv and finds no
   ``dot``, and every graph is drawn (``graph_contract.py``).

Slow (a build, an install, a server): its phases are timed and written to
``<artifacts>/wheel/report.json`` and the terminal.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from browser_lab import LabServer, Notebook
from graph_contract import OUTPUT_TEXT_JS, graphs_drawn, hint_problems
from no_graphviz import environment
from test_lessons import check_outputs, model_problems

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
LESSON = "05_backward_step_by_step.ipynb"

# The bundled JavaScript holds Graphviz compiled to WebAssembly (from npm's
# @viz-js/viz): its code names these.
VIZ_MARKERS = ("viz", "graphviz")
BUNDLE_MIN_BYTES = 500_000  # Graphviz's WebAssembly alone is over 1 MB

# Asked in the kernel: where widgets came from, and whether dot is found.
KERNEL_FACTS = (
    "import json as _j, shutil as _s, sys as _y, widgets as _w\n"
    "print(_j.dumps({'widgets': _w.__file__, 'python': _y.executable,"
    " 'dot': _s.which('dot')}))"
)


def run(command: list[str], cwd: Path, env: dict | None = None, timeout=600) -> str:
    """Run ``command``; its output, or an AssertionError that shows it."""
    done = subprocess.run(
        command,
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, (
        f"{' '.join(map(str, command))} failed ({done.returncode}):\n"
        f"{done.stdout[-4000:]}"
    )
    return done.stdout


def bundled_javascript(wheel: Path) -> dict[str, int]:
    """``{path in the wheel: bytes}`` of the JavaScript that carries Graphviz."""
    found = {}
    with zipfile.ZipFile(wheel) as archive:
        for info in archive.infolist():
            if not info.filename.endswith((".js", ".mjs")):
                continue
            head = archive.read(info.filename)[:4_000_000].lower()
            if any(marker.encode() in head for marker in VIZ_MARKERS):
                found[info.filename] = info.file_size
    return found


def clean_env(path: str) -> dict:
    """This process's environment without the venv of the tests: no
    ``VIRTUAL_ENV``, no ``PYTHONPATH``, ``PATH`` as given."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "PIP_REQUIRE_VIRTUALENV")
        and not k.startswith(("MAKE", "MFLAGS"))
    }
    env["PATH"] = path
    return env


@pytest.mark.timeout(1500)
def test_wheel_from_a_clone_draws_lesson_05_without_graphviz(
    tmp_path, page, artifacts_dir
):
    report: dict = {"phases": {}}
    shots = artifacts_dir / "wheel"
    shots.mkdir(parents=True, exist_ok=True)
    phases = report["phases"]

    def timed(label, started):
        phases[label] = round(time.monotonic() - started, 1)
        print(f"wheel test: {label} {phases[label]} s")

    no_dot = environment(False, tmp_path / "path")["PATH"]
    env = clean_env(no_dot)
    try:
        # 1. A clone of what is committed.
        started = time.monotonic()
        source = tmp_path / "clone"
        run(["git", "clone", "--quiet", str(REPO), str(source)], tmp_path)
        head = run(["git", "rev-parse", "HEAD"], source).strip()
        report["commit"] = head
        tracked = set(run(["git", "ls-files"], source).split())
        timed("clone", started)

        # 2. The wheel, with the JavaScript bundled at build time.
        started = time.monotonic()
        dist = tmp_path / "dist"
        run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(dist), "."],
            source,
            env=env,
            timeout=900,
        )
        wheels = sorted(dist.glob("minigrad_lab-*.whl"))
        assert len(wheels) == 1, f"pip wheel made {sorted(dist.iterdir())}"
        wheel = wheels[0]
        report["wheel"] = {"name": wheel.name, "bytes": wheel.stat().st_size}
        timed("wheel", started)
        bundles = bundled_javascript(wheel)
        report["bundles"] = bundles
        assert bundles, f"{wheel.name} holds no JavaScript with Graphviz in it"
        assert max(bundles.values()) >= BUNDLE_MIN_BYTES, (
            f"the bundled JavaScript is too small to hold Graphviz: {bundles}"
        )
        committed = [path for path in bundles if path in tracked]
        assert not committed, (
            f"npm's bundle is committed to the repository: {committed}"
        )

        # 3. A clean venv, the wheel installed, no Graphviz on PATH.
        started = time.monotonic()
        venv = tmp_path / "venv"
        run([sys.executable, "-m", "venv", str(venv)], tmp_path, env=env)
        python = str(venv / "bin" / "python")
        run(
            [
                python,
                "-m",
                "pip",
                "install",
                "--disable-pip-version-check",
                "-q",
                str(wheel),
            ],
            tmp_path,
            env=env,
            timeout=900,
        )
        timed("venv_install", started)

        # 4. JupyterLab from that venv; lesson 05 in the browser.
        started = time.monotonic()
        work = tmp_path / "lab"
        server = LabServer(
            source / "lessons",
            work,
            env={"PATH": no_dot, "PYTHONPATH": str(work / "root")},
            python=python,
        )
        server.start()
        timed("lab_start", started)
        try:
            started = time.monotonic()
            notebook = Notebook(page, server, LESSON)
            notebook.open()
            facts = server.kernel_json(LESSON, KERNEL_FACTS)
            report["kernel"] = facts
            assert facts["dot"] is None, f"the kernel finds dot: {facts}"
            assert Path(facts["python"]).parent == venv / "bin", facts
            assert Path(facts["widgets"]).is_relative_to(venv), (
                f"the kernel imports widgets from {facts['widgets']}, not the wheel"
            )
            model = notebook.run_all()
            problems = model_problems(model)
            assert not problems, f"{LESSON}: " + "\n\n".join(problems)
            check_outputs(page, model, LESSON)
            panel = page.evaluate_handle(
                "() => window.jupyterapp.shell.currentWidget.node"
            )
            problems = hint_problems(page.evaluate(OUTPUT_TEXT_JS, panel), LESSON)
            assert not problems, "\n".join(problems)
            canvases = graphs_drawn(page, panel, at_least=1, where=LESSON)
            report["canvases"] = canvases
            page.locator(".mg-graph-canvas").first.screenshot(
                path=str(shots / "lesson-05-first-graph.png")
            )
            timed("lesson_05", started)
        except BaseException:
            page.screenshot(path=str(shots / "failure.png"))
            raise
        finally:
            server.shutdown_sessions()
            server.stop()
            (shots / "jupyter-server.log").write_text(server.log_tail(400))
    finally:
        (shots / "report.json").write_text(json.dumps(report, indent=2))
