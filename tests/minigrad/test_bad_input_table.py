"""Bad input gets PyTorch's exception type (and a clear message), or its value.

The rows live in `bad_input_rows.py`; `check_bad_input_table.py` runs the same
rows against real PyTorch, so the expectations here are PyTorch's own. With
MINIGRAD_TEST_BACKEND=torch this test runs them against PyTorch too, except
the message phrases, which are minigrad's.
"""

import pytest
from bad_input_rows import ROWS, Gives
from mg_testutil import IS_TORCH


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_bad_input_row(row):
    if isinstance(row, Gives):
        assert row.call() == row.value
        return
    with pytest.raises(row.error) as caught:
        row.call()
    if not IS_TORCH:
        assert row.phrase in str(caught.value)


def test_table_is_big_enough():
    assert len(ROWS) >= 150
