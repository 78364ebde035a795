"""pytest set-up for tests/minigrad: makes the helper modules importable.

The helpers (`mg_testutil.py`, `op_table.py`) live beside the tests and are
imported by name, whatever pytest's import mode is. Read `mg_testutil.py` next.
"""

import sys
from pathlib import Path

import pytest

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)


@pytest.fixture(autouse=True)
def _grad_mode_is_left_enabled():
    """Fail the test that leaves grad mode off, and spare the tests after it."""
    from mg_testutil import torch

    yield
    if not torch.is_grad_enabled():
        torch.set_grad_enabled(True)
        pytest.fail("this test left grad mode switched off", pytrace=False)
