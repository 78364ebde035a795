"""``make demo`` run for real, for the browser test of the classroom demos.

``DemoServer`` starts ``make demo DEMO_PORT=<free port>`` exactly as a teacher
does (in its own process group, with throw-away Jupyter config, runtime and
IPython folders), reads the links it prints, waits until Voila answers, and
stops it with SIGTERM (Voila then shuts its kernels down), SIGKILL if it must.
Used by ``test_demo_voila.py``; ``browser_lab.py`` drives the browser.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
URL = re.compile(r"(http://127\.0\.0\.1:(\d+))/\?token=([0-9a-f]+)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class DemoServer:
    """``make demo`` in the background.

    Args:
        workdir: an empty temporary folder (Jupyter folders and the log).

    Attributes:
        url: ``http://127.0.0.1:<port>`` once started.
        token: the token ``make demo`` printed.
        output: everything ``make demo`` and Voila printed so far.
    """

    def __init__(self, workdir: Path):
        self.workdir = Path(workdir)
        self.log_path = self.workdir / "make-demo.log"
        self.url = ""
        self.token = ""
        self.process: subprocess.Popen | None = None

    @property
    def output(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def start(self, timeout: float = 60.0) -> None:
        """Run ``make demo`` and wait until its Voila answers."""
        env = dict(os.environ)
        for name in ("config", "runtime", "ipython"):
            (self.workdir / name).mkdir(parents=True, exist_ok=True)
        env.update(JUPYTER_CONFIG_DIR=str(self.workdir / "config"),
                   JUPYTER_RUNTIME_DIR=str(self.workdir / "runtime"),
                   IPYTHONDIR=str(self.workdir / "ipython"), PYTHONUNBUFFERED="1")
        # A make running the tests passes its flags down; this is a new make.
        for name in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES"):
            env.pop(name, None)
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                ["make", "--no-print-directory", "demo", f"DEMO_PORT={free_port()}"],
                cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"make demo exited with code "
                                   f"{self.process.returncode}:\n{self.output}")
            match = URL.search(self.output)
            if match and not self.url:
                self.url, self.token = match.group(1), match.group(3)
            if self.url and self.status(f"/?token={self.token}") == 200:
                return
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"make demo not serving after {timeout:.0f} s:\n"
                                   f"{self.output}")
            time.sleep(0.2)

    def status(self, path: str) -> int:
        """The HTTP status of a GET, redirects not followed (0: no answer)."""
        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(self.url + path, timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            return 0

    def stop(self) -> None:
        """SIGTERM to make and Voila (Voila stops its kernels), then SIGKILL
        to whatever of the process group is left."""
        process = self.process
        if process is None:
            return
        for sig, wait in ((signal.SIGTERM, 15.0), (signal.SIGKILL, 5.0)):
            try:
                os.killpg(process.pid, sig)
            except ProcessLookupError:
                break
            if _group_gone(process, wait):
                break
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass


def _group_gone(process: subprocess.Popen, timeout: float) -> bool:
    """Wait until no process of ``process``'s group is left."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        process.poll()  # reap make, so that it does not linger as a zombie
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False
