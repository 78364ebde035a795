"""Check the bad-input table against real PyTorch (a script, not a test).

Run where PyTorch is installed:

    /work/torchvenv/bin/python tests/minigrad/check_bad_input_table.py

It loads the rows with torch as the backend under test (mg_testutil's
MINIGRAD_TEST_BACKEND=torch) and prints every row whose expected exception
type PyTorch does not raise, or whose expected value PyTorch does not give.
Message phrases are minigrad's own and are not compared. Exit status 1 if any
row is wrong.
"""

import os
import sys
from pathlib import Path

os.environ["MINIGRAD_TEST_BACKEND"] = "torch"
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bad_input_rows import ROWS, Gives  # noqa: E402


def outcome(row):
    """What running `row.call` did: ("value", v) or ("raised", exception)."""
    try:
        return "value", row.call()
    except Exception as error:  # noqa: BLE001 - every outcome is reported
        return "raised", error


def problem(row):
    """A one-line description of how PyTorch disagrees with `row`, or None."""
    kind, got = outcome(row)
    if isinstance(row, Gives):
        if kind == "value" and got == row.value:
            return None
        return f"expected {row.value!r}, PyTorch gives {kind} {got!r}"
    if kind == "raised" and isinstance(got, row.error):
        return None
    return f"expected {row.error}, PyTorch gives {kind} {got!r:.200}"


def main():
    wrong = [(row.name, problem(row)) for row in ROWS]
    wrong = [(name, text) for name, text in wrong if text]
    for name, text in wrong:
        print(f"{name}: {text}")
    print(f"{len(ROWS)} rows, {len(wrong)} disagree with PyTorch")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
