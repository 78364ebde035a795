"""A ``PATH`` on which Graphviz's programs are not found, everything else is.

A student who installs minigrad lab with ``pip`` has no Graphviz program;
the browser tests of issue 13 start Jupyter with such a ``PATH`` (its
kernels inherit it), so ``dot`` is really absent for the kernel, not
mocked. Every folder on ``PATH`` that holds a Graphviz program is replaced
by a folder of symbolic links to everything in it except those programs.

Example:
    >>> path = path_without_graphviz(os.environ["PATH"], tmp_path)  # doctest: +SKIP
    >>> shutil.which("dot", path=path) is None                       # doctest: +SKIP
    True
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

# The programs of Graphviz 2.42-12 (Debian's package ``graphviz``; brew and
# conda install the same names): the layout engines and the graph tools.
GRAPHVIZ_PROGRAMS = frozenset(
    """
    acyclic bcomps ccomps circo cluster diffimg dijkstra dot dot2gxl
    dot_builtins dotty edgepaint fdp gc gml2gv graphml2gv gv2gml gv2gxl
    gvcolor gvedit gvgen gvmap gvmap.sh gvpack gvpr gxl2dot gxl2gv lefty
    lneato mingle mm2gv neato nop osage patchwork prune sccmap sfdp smyrna
    tred twopi unflatten vimdot
    """.split()
)


def path_without_graphviz(path: str, shadows: Path) -> str:
    """``path`` with every folder holding a Graphviz program replaced.

    Args:
        path: a ``PATH`` value (``os.pathsep``-separated folders).
        shadows: an empty folder for the replacement folders; one per
            distinct real folder (``/bin`` and ``/usr/bin`` are one folder
            on Debian), each holding a symbolic link to every entry of the
            original except the Graphviz programs.

    Returns:
        The new ``PATH``, folders in the same order.

    Raises:
        RuntimeError: ``dot`` is still found on the new ``PATH`` (it would
            make every "without dot" test meaningless).
    """
    shadows = Path(shadows)
    made: dict[str, Path] = {}
    folders = []
    for folder in path.split(os.pathsep):
        if not folder or not os.path.isdir(folder):
            folders.append(folder)
            continue
        names = os.listdir(folder)
        if not GRAPHVIZ_PROGRAMS.intersection(names):
            folders.append(folder)
            continue
        real = os.path.realpath(folder)
        if real not in made:
            shadow = shadows / f"bin-{len(made)}"
            shadow.mkdir(parents=True)
            for name in names:
                if name not in GRAPHVIZ_PROGRAMS:
                    (shadow / name).symlink_to(os.path.join(real, name))
            made[real] = shadow
        folders.append(str(made[real]))
    new_path = os.pathsep.join(folders)
    if shutil.which("dot", path=new_path) is not None:
        raise RuntimeError(f"dot is still on the PATH made without it: {new_path}")
    return new_path


def environment(with_dot: bool, shadows: Path) -> dict:
    """The variables to change for a server started with or without ``dot``.

    Args:
        with_dot: True keeps ``PATH`` as it is (and needs ``dot`` on it).
        shadows: an empty folder for ``path_without_graphviz``.

    Returns:
        ``{"PATH": ...}``.

    Raises:
        RuntimeError: ``with_dot`` and no ``dot`` on this machine's ``PATH``.
    """
    path = os.environ.get("PATH", os.defpath)
    if with_dot:
        if shutil.which("dot", path=path) is None:
            raise RuntimeError(
                "the tests 'with dot' need Graphviz's dot on PATH: make setup "
                "installs it (or apt-get install graphviz / brew install graphviz)"
            )
        return {"PATH": path}
    return {"PATH": path_without_graphviz(path, shadows)}


# Python run in a kernel: where dot is, as the kernel sees it.
WHICH_DOT = (
    "import json as _j, shutil as _s, os as _o\n"
    "print(_j.dumps({'dot': _s.which('dot'), 'PATH': _o.environ.get('PATH', '')}))"
)
