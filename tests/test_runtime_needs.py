"""What a JupyterHub or Binder image must hold for the course: little.

minigrad-lab is installed into every student's image, so its runtime needs
must stay small and known:

- ``pyproject.toml``'s dependencies are exactly ``RUNTIME_NEEDS``, each named
  in the README's "For teachers" section (what a hub image needs);
- ``import minigrad`` loads numpy and the standard library only (also
  ``tests/test_packaging.py``, which refuses every other import);
- ``import widgets`` loads, by its own imports, only ``WIDGET_IMPORTS``, and
  nothing at all from outside what numpy, ipywidgets, graphviz and
  matplotlib install themselves: no Jupyter server, no voila, no tqdm;
- the ``lessons`` package loads only what the runtime needs install;
- ``binder/`` builds that image: the package with its ``[demo]`` extra and
  Graphviz's ``dot``.

Imports are recorded in a fresh interpreter by a finder placed first on
``sys.meta_path``, which notes who imports what and lets the import go on.
"""

from __future__ import annotations

import ast
import inspect
import json
import re
import subprocess
import sys
from importlib.metadata import (
    PackageNotFoundError,
    distribution,
    packages_distributions,
)
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

tomllib = pytest.importorskip("tomllib")  # Python 3.11+

REPO = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
STDLIB = set(sys.stdlib_module_names) | {"_sysconfigdata"}

# The documented small set: `pip install minigrad-lab` brings these, and
# (with Graphviz's `dot` from the system) nothing else is needed.
RUNTIME_NEEDS = {
    "numpy": "the engine's arrays (minigrad needs nothing else)",
    "ipywidgets": "the widgets",
    "anywidget": "the graph widgets' own browser code (Graphviz in WebAssembly)",
    "graphviz": "the graph pictures (Python side; `dot` comes from the system)",
    "matplotlib": "the plots",
    "tqdm": "progress bars in the lessons",
    "jupyterlab": "the front-end (already in every hub and Binder image)",
}
# Optional extras a teacher may add.
EXTRAS = {"demo": {"voila"}}
# What widgets/ itself may import: its four needs and the modules of theirs it
# uses directly (IPython and traitlets come with ipywidgets, Pillow with
# matplotlib, which writes PNG with it).
WIDGET_IMPORTS = {
    "numpy",
    "ipywidgets",
    "anywidget",
    "graphviz",
    "matplotlib",
    "IPython",
    "traitlets",
    "PIL",
    "minigrad",
    "widgets",
}
WIDGET_NEEDS = ["numpy", "ipywidgets", "anywidget", "graphviz", "matplotlib"]

RECORD_IMPORTS = r"""
import json, sys

records = []


class Recorder:
    # Notes (importer, module) for every import not yet loaded; finds nothing.
    @staticmethod
    def find_spec(name, path=None, target=None):
        frame = sys._getframe(1)
        while frame is not None and frame.f_globals.get("__name__", "").startswith(
                ("importlib", "_frozen_importlib")):
            frame = frame.f_back
        importer = frame.f_globals.get("__name__", "?") if frame else "?"
        records.append((importer, name))
        return None


sys.meta_path.insert(0, Recorder)
report = {}
for step in sys.argv[1:]:
    start = len(records)
    __import__(step)
    report[step] = [(who, name) for who, name in records[start:] if name in sys.modules]
print(json.dumps(report))
"""


def top(name: str) -> str:
    top_level = name.partition(".")[0]
    return "_sysconfigdata" if top_level.startswith("_sysconfigdata") else top_level


@pytest.fixture(scope="module")
def imports() -> dict:
    """``{module imported: [(importer, module loaded), ...]}`` in order:
    minigrad, then widgets, then the lessons' answer checks."""
    steps = ["minigrad", "widgets", "lessons.checks", "lessons.checks_advanced"]
    result = subprocess.run(
        [sys.executable, "-c", RECORD_IMPORTS, *steps],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def closure(names) -> set[str]:
    """The distributions ``names`` install: themselves and their required
    dependencies, recursively (extras left out), as installed here."""
    seen: set[str] = set()
    todo = [canonicalize_name(n) for n in names]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = distribution(name).requires or []
        except PackageNotFoundError:
            continue
        for text in requires:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(canonicalize_name(requirement.name))
    return seen


def outside(loaded, allowed_distributions: set[str], own: set[str]) -> list[str]:
    """The top-level modules in ``loaded`` that neither the standard library,
    ``own`` nor ``allowed_distributions`` provide."""
    owners = packages_distributions()
    # A module a distribution installs at the top level without naming it in
    # its top_level.txt (mypyc's helper of a compiled package, e.g. psygnal's).
    for dist in allowed_distributions:
        try:
            files = distribution(dist).files or []
        except PackageNotFoundError:
            continue
        for file in files:
            module = inspect.getmodulename(str(file)) if len(file.parts) == 1 else None
            if module:
                owners.setdefault(module, []).append(dist)
    bad = []
    for name in sorted({top(n) for _, n in loaded}):
        if name in STDLIB or name in own:
            continue
        dists = {canonicalize_name(d) for d in owners.get(name, [])}
        if not dists & allowed_distributions:
            bad.append(f"{name} (from {', '.join(sorted(dists)) or 'no distribution'})")
    return bad


def names(requirements) -> set[str]:
    return {canonicalize_name(Requirement(r).name) for r in requirements}


# -- what pyproject.toml asks pip to install ------------------------------------
def test_dependencies_are_the_documented_small_set():
    declared = names(PYPROJECT["project"]["dependencies"])
    assert declared == set(RUNTIME_NEEDS), (
        "pyproject.toml's dependencies changed: every student image installs "
        "them. Added: "
        + ", ".join(sorted(declared - set(RUNTIME_NEEDS)))
        + "; removed: "
        + ", ".join(sorted(set(RUNTIME_NEEDS) - declared))
        + ". Update RUNTIME_NEEDS and the README's 'For teachers' section."
    )


def test_extras_are_small_and_dev_has_them():
    extras = PYPROJECT["project"]["optional-dependencies"]
    for extra, expected in EXTRAS.items():
        assert names(extras[extra]) == expected
        assert expected <= names(extras["dev"]), f"dev lacks the {extra} extra"


def teachers_section() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    match = re.search(r"^## For teachers\n(.*?)(?=^## |\Z)", readme, re.S | re.M)
    assert match, "README.md has no '## For teachers' section"
    return match.group(1)


def test_readme_tells_teachers_what_an_image_needs():
    section = teachers_section()
    for need in list(RUNTIME_NEEDS) + ["graphviz", "nbgitpuller", "voila"]:
        assert f"`{need}`" in section, f"README 'For teachers' does not name `{need}`"
    for words in (
        "The Littlest JupyterHub",
        "Zero to JupyterHub",
        "Binder",
        "make demo",
        "apt.txt",
    ):
        assert words in section, words


# -- what importing loads ---------------------------------------------------------
def test_import_minigrad_loads_numpy_alone(imports):
    loaded = sorted({top(name) for _, name in imports["minigrad"]})
    assert set(loaded) - STDLIB <= {"numpy", "minigrad"}, loaded


def test_widgets_import_only_their_listed_needs(imports):
    direct = sorted(
        {
            f"{who} imports {top(name)}"
            for who, name in imports["widgets"]
            if top(who) in ("widgets", "minigrad")
            and top(name) not in WIDGET_IMPORTS | STDLIB
        }
    )
    assert direct == [], "widgets/ imports beyond its needs:\n" + "\n".join(direct)


def test_widgets_sources_import_only_their_listed_needs():
    """Also the imports inside functions, which importing does not run."""
    found = []
    for path in sorted((REPO / "widgets").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                modules = [node.module]
            else:
                continue
            found += [
                f"{path.relative_to(REPO)}:{node.lineno}: {m}"
                for m in modules
                if top(m) not in WIDGET_IMPORTS | STDLIB
            ]
    assert found == [], "\n".join(found)


def test_import_widgets_loads_nothing_its_needs_do_not_install(imports):
    allowed = closure(WIDGET_NEEDS)
    assert not allowed & {"jupyterlab", "jupyter-server", "voila", "tqdm"}
    bad = outside(imports["widgets"], allowed, {"widgets", "minigrad"})
    assert bad == [], (
        "import widgets loaded modules from outside numpy, "
        "ipywidgets, graphviz, matplotlib and their own needs:\n" + "\n".join(bad)
    )


def test_lessons_package_loads_only_what_the_runtime_needs_install(imports):
    loaded = imports["lessons.checks"] + imports["lessons.checks_advanced"]
    bad = outside(loaded, closure(RUNTIME_NEEDS), {"lessons", "widgets", "minigrad"})
    assert bad == [], "\n".join(bad)


# -- the image Binder (and repo2docker for a hub) builds ----------------------------
def test_binder_installs_the_package_and_graphviz():
    binder = REPO / "binder"
    apt = (binder / "apt.txt").read_text().split()
    assert apt == ["graphviz"]
    requirements = [
        line.strip()
        for line in (binder / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    # repo2docker runs `pip install -r binder/requirements.txt` at the top of
    # the repository: "." is this distribution, with the Voila demo extra;
    # nbgitpuller makes the same image fit a JupyterHub.
    assert requirements == [".[demo]", "nbgitpuller"]
    runtime = (binder / "runtime.txt").read_text().strip()
    version = re.fullmatch(r"python-(\d+)\.(\d+)", runtime)
    assert version, runtime
    requires = PYPROJECT["project"]["requires-python"]
    minimum = tuple(int(p) for p in re.search(r">=\s*(\d+)\.(\d+)", requires).groups())
    assert tuple(int(p) for p in version.groups()) >= minimum
