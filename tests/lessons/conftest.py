"""pytest set-up for tests/lessons: makes `lessons_testutil.py` importable.

The helper lives beside the tests and is imported by name, whatever pytest's
import mode is. Read `lessons_testutil.py` next.
"""

import sys
from pathlib import Path

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)
