"""`import torch` that gives minigrad: the compat corpus runs unchanged on it.

tests/compat/test_programs.py runs each program in its own subprocess with
this folder (tests/compat/shim) first on PYTHONPATH, so the program's
`import torch`, `import torch.nn as nn`, `from torch.autograd import Function`,
`import torch.utils.data` ... find this package. It replaces itself in
`sys.modules` by minigrad and registers every minigrad module under the
matching `torch.` name, so `torch.nn` *is* `minigrad.nn` (one copy of every
class, nothing wrapped, nothing patched). Whatever a program uses that
minigrad lacks fails exactly as it would with `import minigrad as torch`.

Nothing outside tests/compat sees this folder; the project never imports it.
"""

import importlib
import pkgutil
import sys

import minigrad

# Every minigrad submodule is imported once and registered as its torch twin,
# so `import torch.nn.functional as F` finds `minigrad.nn.functional` itself
# rather than loading a second copy of the file under another name.
for _info in pkgutil.walk_packages(minigrad.__path__, prefix="minigrad."):
    _module = importlib.import_module(_info.name)
    sys.modules["torch" + _info.name[len("minigrad") :]] = _module

# The import system hands back sys.modules["torch"] after this file runs, so
# `import torch` gives the minigrad package itself.
sys.modules["torch"] = minigrad
