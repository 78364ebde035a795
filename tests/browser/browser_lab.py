"""Drive JupyterLab in a real Chromium: the server, the browser, a notebook.

Imported by ``conftest.py`` and ``test_lessons.py`` (by name: ``conftest.py``
puts this folder on ``sys.path``). What it does:

- ``LabServer``: a throw-away JupyterLab with token auth on, on a copy of
  the lessons; also a kernel client for asking a running notebook's kernel
  what the engine says (``kernel_json``).
- ``launch_chromium``: Debian's Chromium with the flags a sandboxed root
  machine needs.
- ``Notebook``: open a notebook with ``?reset``, wait for a real kernel, run
  all cells, read back the notebook model (outputs, errors, execution counts).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def strip_ansi(text: str) -> str:
    """Tracebacks as plain text."""
    return ANSI.sub("", text)


def launch_chromium(playwright, executable: str):
    """Headless Chromium: ``executable`` if it exists, else (off Debian, no
    Chromium installed) Playwright's own downloaded browser."""
    options = dict(headless=True, args=CHROMIUM_ARGS)
    if executable and Path(executable).exists():
        options["executable_path"] = executable
    return playwright.chromium.launch(**options)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LabServer:
    """JupyterLab on a temporary copy of ``lessons``, token auth on.

    Args:
        lessons: the folder to copy (notebooks and the ``lessons`` package
            files beside them).
        workdir: an empty temporary folder for the copy, settings and logs.

    The copy lives at ``<workdir>/root/lessons`` and the server's root is
    that folder, as in ``make lab``; ``<workdir>/root`` goes first on the
    kernel's ``PYTHONPATH`` so ``from lessons.checks import ...`` reads the
    copy.

    Optional (issue 13): ``env``, variables to set for the server and so
    for its kernels (a ``PATH`` without Graphviz's ``dot``); ``python``, the
    interpreter to run JupyterLab with (a venv the wheel was installed in),
    default this one.
    """

    def __init__(
        self,
        lessons: Path,
        workdir: Path,
        env: dict | None = None,
        python: str | None = None,
    ):
        self.source = Path(lessons)
        self.workdir = Path(workdir)
        self.root = self.workdir / "root"
        self.notebooks = self.root / "lessons"
        self.settings = self.workdir / "user-settings"
        self.workspaces = self.workdir / "workspaces"
        self.runtime = self.workdir / "runtime"
        self.log_path = self.workdir / "jupyter-server.log"
        self.token = secrets.token_hex(24)
        self.port = 0
        self.process: subprocess.Popen | None = None
        self.extra_env = dict(env or {})
        self.python = python or sys.executable

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # -- start and stop ---------------------------------------------------
    def start(self, timeout: float = 90.0) -> None:
        """Copy the lessons, start the server, wait for ``/api/status``."""
        shutil.copytree(
            self.source,
            self.notebooks,
            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", "*.pyc"),
        )
        for path in (
            self.settings,
            self.workspaces,
            self.runtime,
            self.workdir / "config",
            self.workdir / "ipython",
        ):
            path.mkdir(parents=True, exist_ok=True)
        self._write_settings()
        env = dict(os.environ)
        env.update(
            JUPYTER_CONFIG_DIR=str(self.workdir / "config"),
            JUPYTER_RUNTIME_DIR=str(self.runtime),
            IPYTHONDIR=str(self.workdir / "ipython"),
            PYTHONPATH=os.pathsep.join(
                [str(self.root)] + [p for p in [env.get("PYTHONPATH")] if p]
            ),
            PYTHONUNBUFFERED="1",
        )
        env.update(self.extra_env)
        self.port = _free_port()
        command = [
            self.python,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.notebooks}",
            f"--LabApp.user_settings_dir={self.settings}",
            f"--LabApp.workspaces_dir={self.workspaces}",
            "--LabApp.expose_app_in_browser=True",
            "--ServerApp.terminals_enabled=False",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--allow-root")
        log = open(self.log_path, "wb")
        try:
            self.process = subprocess.Popen(
                command,
                cwd=self.notebooks,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        finally:
            log.close()
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"JupyterLab exited with code {self.process.returncode} "
                    f"before it was ready:\n{self.log_tail()}"
                )
            try:
                if self.get("/api/status")[0] == 200:
                    return
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(
                    f"JupyterLab not ready after {timeout:.0f} s:\n{self.log_tail()}"
                )
            time.sleep(0.2)

    def _write_settings(self) -> None:
        def write(plugin: str, values: dict) -> None:
            package, name = plugin.rsplit(":", 1)
            path = self.settings / package / f"{name}.jupyterlab-settings"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))

        # No news toast, no update check (the network is closed anyway).
        write(
            "@jupyterlab/apputils-extension:notification",
            {"fetchNews": "false", "checkForUpdates": False},
        )
        # Every cell in the DOM, so every output can be found and photographed.
        write("@jupyterlab/notebook-extension:tracker", {"windowingMode": "none"})

    def stop(self) -> None:
        """``POST /api/shutdown``, then SIGTERM and SIGKILL to the group."""
        process = self.process
        if process is None or process.poll() is not None:
            return
        try:
            self.request("/api/shutdown", method="POST")
            process.wait(timeout=10)
            return
        except (OSError, subprocess.TimeoutExpired):
            pass
        for sig, wait in ((signal.SIGTERM, 5), (signal.SIGKILL, 5)):
            try:
                os.killpg(process.pid, sig)
            except ProcessLookupError:
                return
            try:
                process.wait(timeout=wait)
                return
            except subprocess.TimeoutExpired:
                continue

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no server log)"
        return "\n".join(text.splitlines()[-lines:])

    # -- HTTP ---------------------------------------------------------------
    def request(
        self,
        path: str,
        method: str = "GET",
        token: str | None = "",
        timeout: float = 10.0,
    ) -> tuple[int, bytes]:
        """``(status, body)`` of a request; ``token=None`` sends none, the
        default sends the server's in an ``Authorization`` header."""
        headers = {}
        token = self.token if token == "" else token
        if token is not None:
            headers["Authorization"] = f"token {token}"
        req = urllib.request.Request(
            self.url + path,
            method=method,
            headers=headers,
            data=b"" if method == "POST" else None,
        )
        try:
            with urllib.request.urlopen(req, timeout=timeout) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def get(self, path: str) -> tuple[int, bytes]:
        """GET with the token in the query string (the server's token auth is on)."""
        sep = "&" if "?" in path else "?"
        return self.request(f"{path}{sep}token={self.token}", token=None)

    def lab_url(self, notebook: str) -> str:
        return f"{self.url}/lab/tree/{notebook}?reset&token={self.token}"

    # -- kernels --------------------------------------------------------------
    def sessions(self) -> list[dict]:
        status, body = self.request("/api/sessions")
        return json.loads(body) if status == 200 else []

    def kernel_id(self, notebook: str) -> str:
        for session in self.sessions():
            if session.get("path") == notebook and session.get("kernel"):
                return session["kernel"]["id"]
        raise LookupError(f"no kernel session for {notebook}: {self.sessions()}")

    def shutdown_sessions(self) -> None:
        """Stop every kernel, so lessons do not pile up kernels."""
        for session in self.sessions():
            self.request(f"/api/sessions/{session['id']}", method="DELETE")

    def kernel_json(self, notebook: str, code: str, timeout: float = 60.0):
        """Run ``code`` in the notebook's own kernel (beside the browser's
        connection) and return the JSON it prints on its last stdout line."""
        from jupyter_client import BlockingKernelClient

        kernel = self.kernel_id(notebook)
        client = BlockingKernelClient(
            connection_file=str(self.runtime / f"kernel-{kernel}.json")
        )
        client.load_connection_file()
        client.start_channels()
        out: list[str] = []
        errors: list[str] = []

        def hook(msg):
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream" and content.get("name") == "stdout":
                out.append(content["text"])
            elif kind == "error":
                errors.append(strip_ansi("\n".join(content["traceback"])))

        try:
            client.wait_for_ready(timeout=timeout)
            reply = client.execute_interactive(
                code, store_history=False, output_hook=hook, timeout=timeout
            )
        finally:
            client.stop_channels()
        if reply["content"]["status"] != "ok" or errors:
            raise RuntimeError("kernel code failed:\n" + "\n".join(errors))
        lines = "".join(out).strip().splitlines()
        return json.loads(lines[-1])


# -- a notebook in the browser ---------------------------------------------
_CURRENT = "window.jupyterapp && window.jupyterapp.shell.currentWidget"

_KERNEL_IDLE = """() => {
    const app = window.jupyterapp;
    const panel = app && app.shell.currentWidget;
    if (!panel || !panel.sessionContext || !panel.content) return false;
    const ctx = panel.sessionContext;
    const kernel = ctx.session && ctx.session.kernel;
    if (!kernel || kernel.status !== 'idle' || ctx.hasNoKernel) return false;
    // A real kernel: the status bar reads '<kernel name> | Idle', not 'No Kernel'.
    const bar = document.querySelector('#jp-main-statusbar');
    const text = bar ? bar.textContent : '';
    return /\\| Idle/.test(text) && !/No Kernel/.test(text);
}"""

_RUN_DONE = """() => {
    const panel = window.jupyterapp.shell.currentWidget;
    const ctx = panel.sessionContext;
    const kernel = ctx.session && ctx.session.kernel;
    if (!kernel || kernel.status !== 'idle') return false;
    const cells = panel.content.model.cells;
    let pending = false;
    for (let i = 0; i < cells.length; i++) {
        const cell = cells.get(i);
        if (cell.type !== 'code') continue;
        const outputs = cell.outputs.toJSON();
        if (outputs.some(o => o.output_type === 'error')) return true;
        if (cell.sharedModel.getSource().trim() && cell.executionCount == null)
            pending = true;
    }
    const running = [...document.querySelectorAll('.jp-InputArea-prompt')]
        .some(p => p.textContent.includes('*'));
    return !pending && !running;
}"""


@contextmanager
def running_lab(lessons: Path, work: Path, log_dir: Path, env: dict | None = None):
    """A started ``LabServer`` on a copy of ``lessons`` (``env`` for its
    kernels, see ``LabServer``), stopped at the end, its log copied to
    ``log_dir/jupyter-server.log``."""
    server = LabServer(lessons, work, env=env)
    server.start()
    try:
        yield server
    finally:
        server.stop()
        if server.log_path.exists():
            shutil.copy(server.log_path, log_dir / "jupyter-server.log")


def fold_file_browser(page) -> None:
    """Fold JupyterLab's left panel away, then wait until the page has been
    laid out again (two animation frames)."""
    page.evaluate("""async () => {
        window.jupyterapp.shell.collapseLeft();
        const frame = () => new Promise(done => requestAnimationFrame(done));
        await frame();
        await frame();
    }""")


class Notebook:
    """One lesson notebook opened in a Playwright page.

    Args:
        page: a Playwright page.
        server: the ``LabServer``.
        name: the notebook's file name (``05_backward_step_by_step.ipynb``).
    """

    def __init__(self, page, server: LabServer, name: str):
        self.page = page
        self.server = server
        self.name = name
        self.timings: dict[str, float] = {}

    def _timed(self, label: str, start: float) -> None:
        self.timings[label] = round(time.monotonic() - start, 2)

    def open(self, timeout: float = 90_000) -> None:
        """Open with ``?reset`` and wait for a real, idle kernel."""
        start = time.monotonic()
        self.page.goto(self.server.lab_url(self.name), wait_until="domcontentloaded")
        self.page.wait_for_function(
            f"() => !!({_CURRENT}) && {_CURRENT}.context && "
            f"{_CURRENT}.context.path === {json.dumps(self.name)}",
            timeout=timeout,
        )
        self.page.wait_for_function(_KERNEL_IDLE, timeout=timeout, polling=100)
        self._timed("open", start)

    def run_all(self, timeout: float = 180_000) -> dict:
        """Run every cell; return the notebook model (nbformat JSON) after."""
        start = time.monotonic()
        # The command's promise settles once every cell has run (or the run
        # stopped at an error); then the model and the prompts must agree.
        self.page.evaluate(
            "() => window.jupyterapp.commands.execute('notebook:run-all-cells')"
        )
        self.page.wait_for_function(_RUN_DONE, timeout=timeout, polling=100)
        self._timed("run_all", start)
        return self.model()

    def model(self) -> dict:
        """The notebook as the browser holds it (nbformat JSON)."""
        return self.page.evaluate(
            "() => window.jupyterapp.shell.currentWidget.content.model.toJSON()"
        )

    def stepper_cells(self) -> list[int]:
        """Indices of the cells whose output holds a ``.minigrad-stepper``."""
        return self.page.evaluate("""() => {
            const panel = window.jupyterapp.shell.currentWidget;
            return panel.content.widgets
                .map((cell, i) => cell.node.querySelector('.minigrad-stepper') ? i : -1)
                .filter(i => i >= 0);
        }""")

    def cell(self, index: int):
        """The cell ``index`` (0-based, every cell type) as a locator."""
        return self.page.locator(".jp-Notebook .jp-Cell").nth(index)

    def restart_and_run_to(self, index: int, timeout: float = 120_000) -> dict:
        """Restart the kernel and run cells 0..``index``, as a student who
        has just reached cell ``index``; return the notebook model after."""
        start = time.monotonic()
        self.page.evaluate("""async () => {
            const panel = window.jupyterapp.shell.currentWidget;
            await panel.sessionContext.restartKernel();
        }""")
        self.page.wait_for_function(_KERNEL_IDLE, timeout=timeout, polling=100)
        self.page.evaluate(
            """async (index) => {
            const app = window.jupyterapp;
            const notebook = app.shell.currentWidget.content;
            notebook.deselectAll();
            notebook.activeCellIndex = 0;
            notebook.extendContiguousSelectionTo(index);
            await app.commands.execute('notebook:run-cell');
        }""",
            index,
        )
        self.page.wait_for_function(_KERNEL_IDLE, timeout=timeout, polling=100)
        self._timed(f"restart_and_run_to_{index}", start)
        return self.model()
