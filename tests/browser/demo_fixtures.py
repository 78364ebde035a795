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
        env: variables to set for ``make demo`` and so for Voila's kernels
            (issue 13: a ``PATH`` without Graphviz's ``dot``).
        make_options: more options for make (``["-o", "system"]``: do not
            install the system programs, as with ``dot`` hidden on purpose).

    Attributes:
        url: ``http://127.0.0.1:<port>`` once started.
        token: the token ``make demo`` printed.
        output: everything ``make demo`` and Voila printed so far.
    """

    def __init__(self, workdir: Path, env: dict | None = None, make_options=()):
        self.workdir = Path(workdir)
        self.extra_env = dict(env or {})
        self.make_options = list(make_options)
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
        env.update(
            JUPYTER_CONFIG_DIR=str(self.workdir / "config"),
            JUPYTER_RUNTIME_DIR=str(self.workdir / "runtime"),
            IPYTHONDIR=str(self.workdir / "ipython"),
            PYTHONUNBUFFERED="1",
        )
        env.update(self.extra_env)
        # A make running the tests passes its flags down; this is a new make.
        for name in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES"):
            env.pop(name, None)
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [
                    "make",
                    "--no-print-directory",
                    *self.make_options,
                    "demo",
                    f"DEMO_PORT={free_port()}",
                ],
                cwd=REPO,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"make demo exited with code "
                    f"{self.process.returncode}:\n{self.output}"
                )
            match = URL.search(self.output)
            if match and not self.url:
                self.url, self.token = match.group(1), match.group(3)
            if self.url and self.status(f"/?token={self.token}") == 200:
                return
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(
                    f"make demo not serving after {timeout:.0f} s:\n{self.output}"
                )
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


# -- layout checks a projector needs (issue 10, item 14) ---------------------
PROJECTOR = {"width": 1280, "height": 720}

_BITMAPS_JS = """() => Array.from(document.querySelectorAll('img')).map(img => {
  const box = img.getBoundingClientRect();
  const source = img.currentSrc || img.src || '';
  return {name: img.className.toString().split(/\\s+/).filter(
            c => c.startsWith('minigrad')).join(' ') || img.className.toString(),
          natural: [img.naturalWidth, img.naturalHeight],
          shown: [box.width, box.height],
          svg: /^data:image\\/svg|\\.svg([?#]|$)/.test(source)};
}).filter(img => img.shown[0] > 0 && img.shown[1] > 0)"""


def stretched_bitmaps(page) -> list[str]:
    """Bitmaps the page draws larger than their pixels (blurry), one line each.

    A PNG is sharp when it has at least as many pixels as the screen gives
    it: ``naturalWidth >= shown width × devicePixelRatio`` (and the height
    likewise). SVG is sharp at any size and is never listed.

    Args:
        page: a Playwright page, loaded.

    Returns:
        ``"<img class>: 468x288 px drawn at 1096x674 CSS px × 2"`` per
        stretched image; empty when every bitmap is sharp.
    """
    ratio = page.evaluate("() => window.devicePixelRatio")
    found = []
    for img in page.evaluate(_BITMAPS_JS):
        if img["svg"]:
            continue
        (nat_w, nat_h), (shown_w, shown_h) = img["natural"], img["shown"]
        if nat_w + 0.5 < shown_w * ratio or nat_h + 0.5 < shown_h * ratio:
            found.append(
                f"{img['name']}: {nat_w}x{nat_h} px drawn at "
                f"{shown_w:.0f}x{shown_h:.0f} CSS px × {ratio:g}"
            )
    return found


_BOXES_JS = """(selectors) => Object.fromEntries(Object.entries(selectors).map(
  ([panel, selector]) => {
    const found = document.querySelector(selector);
    if (!found) return [panel, null];
    const box = found.getBoundingClientRect();
    return [panel, {left: box.left, top: box.top, right: box.right,
                    bottom: box.bottom}];
  }))"""


def panels_outside(page, panels: dict) -> list[str]:
    """The key panels that are not wholly inside the window as it opened.

    Args:
        page: a Playwright page, not scrolled.
        panels: ``{panel name: CSS selector}``.

    Returns:
        One line per panel missing, empty or (partly) outside the viewport,
        e.g. ``"chain-rule panel: bottom 790 px > 720"``.
    """
    view = page.viewport_size
    problems = []
    for panel, box in page.evaluate(_BOXES_JS, panels).items():
        if box is None:
            problems.append(f"{panel}: not on the page ({panels[panel]})")
        elif box["right"] - box["left"] < 1 or box["bottom"] - box["top"] < 1:
            problems.append(f"{panel}: drawn empty")
        else:
            for side, limit in (("bottom", view["height"]), ("right", view["width"])):
                if box[side] > limit + 0.5:
                    problems.append(f"{panel}: {side} {box[side]:.0f} px > {limit}")
            for side in ("top", "left"):
                if box[side] < -0.5:
                    problems.append(f"{panel}: {side} {box[side]:.0f} px < 0")
    return problems


_FONTS_JS = """(selector) => Array.from(document.querySelectorAll(selector))
  .filter(e => e.getBoundingClientRect().height > 0 && e.innerText.trim())
  .map(e => [e.innerText.trim().slice(0, 40),
              parseFloat(getComputedStyle(e).fontSize)])"""


def small_text(page, selector: str, smallest_px: float) -> list[str]:
    """Visible elements matching ``selector`` whose text is under ``smallest_px``."""
    found = page.evaluate(_FONTS_JS, selector)
    return [f"{text!r} at {size:g} px" for text, size in found if size < smallest_px]
