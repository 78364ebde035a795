"""pytest set-up for tests/minigrad: makes the helper modules importable.

The helpers (`mg_testutil.py`, `op_table.py`) live beside the tests and are
imported by name, whatever pytest's import mode is. Read `mg_testutil.py` next.
"""

import sys
from pathlib import Path

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)
