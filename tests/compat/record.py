"""Record what every corpus program prints under real PyTorch.

    PARITY_PYTHON=/path/to/python-with-torch make compat-record
    python tests/compat/record.py --python /path/to/python-with-torch [NAME ...]

For each tests/compat/programs/NAME.py (or only the NAMEs given) it writes

- expected/NAME.txt: stdout of `python NAME.py` under PyTorch, seeds as written;
- expected/NAME.reseeded.txt: stdout of the same program with every seed
  shifted by 1000 (reseed.py).

test_programs.py compares minigrad's output with the first, and uses the
second to tell random draws (they change with the seed) from the numbers that
must match. PyTorch is never a dependency of the project: only this script
needs it, run once by hand where PyTorch is installed, and its output is
committed. Standard library only.
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROGRAMS = HERE / "programs"
EXPECTED = HERE / "expected"
SEED_OFFSET = 1000


def run(python, args):
    """Run `python args...` in the programs folder; return stdout, or exit."""
    env = dict(os.environ, PYTHONHASHSEED="0")
    done = subprocess.run(
        [python, *args], cwd=PROGRAMS, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        sys.exit(f"record.py: {' '.join(args)} failed under PyTorch:\n{done.stderr}")
    return done.stdout


def record(python, name):
    """Record NAME's two runs; stop if their line counts differ."""
    program = PROGRAMS / f"{name}.py"
    plain = run(python, [str(program)])
    reseeded = run(python, [str(HERE / "reseed.py"), str(program), str(SEED_OFFSET)])
    if len(plain.splitlines()) != len(reseeded.splitlines()):
        sys.exit(
            f"record.py: {name} prints a different number of lines with other "
            "seeds; the test compares line by line, so make its output shape "
            "independent of the random draws."
        )
    (EXPECTED / f"{name}.txt").write_text(plain)
    (EXPECTED / f"{name}.reseeded.txt").write_text(reseeded)
    print(f"recorded {name}: {len(plain.splitlines())} lines")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--python",
        default=os.environ.get("PARITY_PYTHON"),
        help="a Python with PyTorch installed (default: $PARITY_PYTHON)",
    )
    parser.add_argument("names", nargs="*", help="programs to record (default: all)")
    options = parser.parse_args()
    if not options.python:
        sys.exit(
            "record.py: say which Python has PyTorch: --python PATH or "
            "PARITY_PYTHON=PATH (e.g. PARITY_PYTHON=../torchvenv/bin/python)."
        )
    check = subprocess.run(
        [options.python, "-c", "import torch; print(torch.__version__)"],
        capture_output=True,
        text=True,
    )
    if check.returncode != 0:
        sys.exit(f"record.py: {options.python} cannot import torch:\n{check.stderr}")
    print(f"recording with PyTorch {check.stdout.strip()} ({options.python})")
    EXPECTED.mkdir(exist_ok=True)
    names = options.names or sorted(path.stem for path in PROGRAMS.glob("*.py"))
    for name in names:
        record(options.python, name)


if __name__ == "__main__":
    main()
