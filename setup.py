"""The build step setuptools cannot do alone: bundle the graph widgets'
browser code (``widgets/js/``, and Graphviz in WebAssembly from npm) into
``widgets/static/`` before the package is built, so every wheel and sdist
carries it. Everything else is in ``pyproject.toml``.

Needs Node.js and npm when the bundle is missing or older than its sources
(a fresh clone); a wheel or sdist built here already holds the bundle.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist

HERE = Path(__file__).resolve().parent
STATIC = HERE / "widgets" / "static"
BUNDLES = [STATIC / "graph_canvas.js", STATIC / "graphviz.js"]
NO_NPM = (
    "Building minigrad-lab needs Node.js and npm, to bundle the graph "
    "widgets' browser code (Graphviz in WebAssembly, from the npm registry) "
    "into widgets/static/. Install Node.js 18 or newer "
    "(https://nodejs.org, or `sudo apt-get install nodejs npm`, "
    "`brew install node`), then build again; or install the released "
    "package, which carries the bundle: `pip install minigrad-lab`."
)


def _sources() -> list[Path]:
    js = HERE / "widgets" / "js"
    return [HERE / "package.json", HERE / "package-lock.json", *js.glob("*.*js")]


def _stale() -> bool:
    if not all(bundle.exists() for bundle in BUNDLES):
        return True
    built = min(bundle.stat().st_mtime for bundle in BUNDLES)
    return any(p.exists() and p.stat().st_mtime > built for p in _sources())


def build_bundle() -> None:
    """Run ``npm ci`` (if needed) and ``npm run build`` when a bundle is
    missing or older than its sources."""
    if not _stale():
        return
    npm = shutil.which("npm")
    if npm is None:
        if all(bundle.exists() for bundle in BUNDLES):
            print(f"warning: npm not found; using the older {STATIC}", file=sys.stderr)
            return
        raise SystemExit(f"error: {NO_NPM}")
    if not (HERE / "node_modules" / ".package-lock.json").exists():
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True)
    subprocess.run([npm, "run", "build"], cwd=HERE, check=True)


class BuildPyWithBundle(build_py):
    """``build_py`` that builds the browser bundle first."""

    def run(self):
        build_bundle()
        super().run()


class SdistWithBundle(sdist):
    """``sdist`` that carries the built bundle (a wheel built from the
    sdist then needs no npm)."""

    def run(self):
        build_bundle()
        super().run()


setup(cmdclass={"build_py": BuildPyWithBundle, "sdist": SdistWithBundle})
