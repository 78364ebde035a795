"""The distribution's promises: minigrad runs on numpy alone, and a wheel ships
every package.

docs/design.md: "minigrad never imports widgets, Jupyter, Graphviz or matplotlib".
A student who installs minigrad-lab on a bare Python must be able to
`import minigrad` even if the Jupyter half is broken or absent.
"""

import ast
import fnmatch
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
MINIGRAD = REPO / "minigrad"

ALLOWED_IN_MINIGRAD = set(sys.stdlib_module_names) | {"numpy", "minigrad"}

# Modules that must not be loaded by `import minigrad`, named for the message.
BANNED = [
    "IPython",
    "graphviz",
    "ipykernel",
    "ipywidgets",
    "jupyter",
    "jupyter_client",
    "jupyter_core",
    "jupyterlab",
    "matplotlib",
    "notebook",
    "tqdm",
    "widgets",
]

REQUIRED_PACKAGES = [
    "minigrad",
    "minigrad.autograd",
    "minigrad.ops",
    "minigrad.nn",
    "minigrad.nn.modules",
    "minigrad.optim",
    "minigrad.utils.data",
    "minigrad.utils.data._utils",
    "widgets",
]

# Run in a fresh interpreter: a finder placed first on sys.meta_path refuses
# every import outside numpy, minigrad and the standard library, as if nothing
# else were installed.
NUMPY_ONLY_IMPORT = """
import json, sys

ALLOWED = set(sys.stdlib_module_names) | {"numpy", "minigrad"}
BANNED = set(json.loads(sys.argv[1]))
refused = []

class NumpyAndStdlibOnly:
    @staticmethod
    def find_spec(name, path=None, target=None):
        if name.partition(".")[0] not in ALLOWED:
            refused.append(name)
            raise ModuleNotFoundError(f"{name} refused: numpy and stdlib only")
        return None

sys.meta_path.insert(0, NumpyAndStdlibOnly)

import minigrad, minigrad.autograd, minigrad.ops, minigrad.nn, minigrad.optim

print(json.dumps({
    "file": minigrad.__file__,
    "loaded_banned": sorted(m for m in sys.modules if m.partition(".")[0] in BANNED),
    "refused": refused,
}))
"""


def test_import_minigrad_needs_numpy_alone():
    result = subprocess.run(
        [sys.executable, "-c", NUMPY_ONLY_IMPORT, json.dumps(BANNED)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, (
        "import minigrad failed with only numpy and the standard library "
        f"available:\n{result.stderr}"
    )
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert Path(report["file"]).resolve() == MINIGRAD / "__init__.py"
    assert report["loaded_banned"] == []


def imports_of(path: Path):
    """Yield (line, top-level module name) for each absolute import in `path`,
    including importlib.import_module("name") and __import__("name")."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name.partition(".")[0]
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0 and node.module:
                yield node.lineno, node.module.partition(".")[0]
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            name = getattr(func, "attr", None) or getattr(func, "id", None)
            first = node.args[0]
            if (
                name in ("import_module", "__import__")
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
                and not first.value.startswith(".")
            ):
                yield node.lineno, first.value.partition(".")[0]


def test_minigrad_sources_import_numpy_and_stdlib_only():
    sources = sorted(MINIGRAD.rglob("*.py"))
    assert sources, f"no Python files under {MINIGRAD}"
    offending = [
        f"{path.relative_to(REPO)}:{line}: imports {name}"
        for path in sources
        for line, name in imports_of(path)
        if name not in ALLOWED_IN_MINIGRAD
    ]
    assert offending == [], (
        "minigrad/ may import numpy and the standard library only:\n"
        + "\n".join(offending)
    )


def packages_a_wheel_ships():
    """The packages setuptools finds with pyproject.toml's find settings."""
    tomllib = pytest.importorskip("tomllib")
    setuptools = pytest.importorskip("setuptools")
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    find = config["tool"]["setuptools"]["packages"]["find"]
    return find["include"], set(
        setuptools.find_packages(str(REPO), include=find["include"])
    )


@pytest.mark.parametrize("package", REQUIRED_PACKAGES)
def test_wheel_ships_package(package):
    _, shipped = packages_a_wheel_ships()
    assert package in shipped, (
        f"{package} is not found as a package: does "
        f"{package.replace('.', '/')}/__init__.py exist?"
    )


def test_wheel_leaves_no_source_folder_out():
    """A folder of .py files without __init__.py would be missing from a wheel
    (an editable install hides this: it imports straight from the tree)."""
    include, shipped = packages_a_wheel_ships()
    tops = [
        p
        for p in REPO.iterdir()
        if p.is_dir() and any(fnmatch.fnmatch(p.name, pattern) for pattern in include)
    ]
    folders = {
        ".".join(py.parent.relative_to(REPO).parts)
        for top in tops
        for py in top.rglob("*.py")
        if "__pycache__" not in py.parts
    }
    assert sorted(folders - shipped) == []


def test_pyproject_names_only_packages_the_repository_has():
    include, shipped = packages_a_wheel_ships()
    tops = {name.partition(".")[0] for name in shipped}
    unmatched = [p for p in include if not any(fnmatch.fnmatch(t, p) for t in tops)]
    assert unmatched == [], (
        f"pyproject.toml includes packages nobody provides: {unmatched}"
    )
    tomllib = pytest.importorskip("tomllib")
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    first_party = config["tool"]["ruff"]["lint"]["isort"]["known-first-party"]
    assert sorted(set(first_party) - tops) == []


# Every Markdown file the project names must be one it has: notes kept beside
# the repository are missing from a clone. The project's own notes are
# docs/design.md and docs/ops.md.
MARKDOWN_NAME = re.compile(r"[A-Za-z0-9_.-]+\.md\b")


def tracked_files():
    """The files git tracks, or a skip where this is no git checkout (an sdist)."""
    try:
        result = subprocess.run(
            ["git", "ls-files", "-z"],
            cwd=REPO,
            capture_output=True,
            timeout=60,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return [name for name in result.stdout.decode().split("\0") if name]


def test_nothing_in_the_repository_points_to_notes_outside_it():
    names = tracked_files()
    ours = {name.rsplit("/", 1)[-1] for name in names if name.endswith(".md")}
    offending = []
    for name in names:
        try:
            text = (REPO / name).read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError, IsADirectoryError):
            continue  # a picture, or a file deleted but not yet committed
        for number, line in enumerate(text.splitlines(), start=1):
            missing = [m for m in MARKDOWN_NAME.findall(line) if m not in ours]
            if missing:
                offending.append(f"{name}:{number}: {', '.join(missing)}")
    assert offending == [], (
        "these lines name Markdown files the repository does not have (notes "
        "kept outside it, which a clone lacks); point to docs/design.md or say "
        "it in place:\n" + "\n".join(offending)
    )
