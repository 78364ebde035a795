"""Timing and tables shared by the benchmark scripts (benchmarks/bench_*.py).

A script measures each case with `measure` (or the columns of one row in
turn with `measure_together`), adds one row per case to a `Table`, and
prints it; a column per implementation, and for each one beside
the baseline (numpy) its ratio to the baseline. PyTorch gets a column only
where it is installed: `optional_torch()` returns it or None. Read
benchmarks/README.md for the conventions.

Example:

    from _harness import Table, measure, optional_torch, print_environment

    print_environment()
    table = Table("a * b, float32")
    table.add("1000 x 1000", numpy=measure(lambda: a * b),
              minigrad=measure(lambda: ta * tb))
    table.print()
"""

import os
import platform
import sys
import time
import timeit
from collections.abc import Callable

_UNSET = object()
_torch = _UNSET


def optional_torch():
    """PyTorch if it is importable (and MINIGRAD_BENCH_TORCH is not "0"), else None.

    Benchmarks never install PyTorch; they add its column where it is there.
    PyTorch runs on one thread, as minigrad (numpy's maths aside) does: the
    comparison is of the engines, not of how many cores each one grabs.
    """
    global _torch
    if _torch is _UNSET:
        _torch = None
        if os.environ.get("MINIGRAD_BENCH_TORCH", "1") != "0":
            try:
                import torch
            except ImportError:
                pass
            else:
                torch.set_num_threads(1)
                _torch = torch
    return _torch


def measure(
    fn: Callable[[], object], *, repeat: int = 7, min_time: float = 0.05
) -> float:
    """Seconds of CPU time per call of `fn()`: the best of `repeat` timings.

    One call warms up and gives a first estimate; each of `repeat` timings
    then runs enough calls to last about `min_time` seconds (garbage
    collection off, as `timeit` does). The clock is this process's CPU time
    and the best timing is kept: on a machine shared with other work, wall
    time and medians measure the neighbours too, the best CPU time measures
    the code (as `timeit`'s documentation recommends).

    Args:
        fn: the work to time, called with no arguments.
        repeat: how many timings to take the best of.
        min_time: seconds each timing should last at least.

    Returns:
        Seconds per call (a float).
    """
    return measure_together({"fn": fn}, repeat=repeat, min_time=min_time)["fn"]


def measure_together(
    fns: dict[str, Callable[[], object]], *, repeat: int = 7, min_time: float = 0.05
) -> dict[str, float]:
    """`measure` for the columns of one row, their timings taken in turn.

    Round one times each implementation once, round two again, and so on:
    this machine's speed drifts by up to 2x over seconds (neighbours on the
    shared cores, the clock), and timing the columns one after the other can
    put one of them in a slow phase, which moves the ratio between them.
    Taken in turn, every column's best comes from the same stretch of time.

    Args:
        fns: the work to time for each column, e.g. {"numpy": ..., "minigrad": ...}.
        repeat: how many rounds to take the best of.
        min_time: seconds each timing should last at least.

    Returns:
        Seconds per call for each column (a dict with the keys of `fns`).

    Example:
        >>> fns = {"numpy": lambda: a * b, "minigrad": lambda: x * y}  # doctest: +SKIP
        >>> table.add("a * b", **measure_together(fns))  # doctest: +SKIP
    """
    timers, numbers, best = {}, {}, {}
    for name, fn in fns.items():  # one call each warms up and sizes the timing
        timers[name] = timeit.Timer(fn, timer=time.process_time)
        first = timers[name].timeit(number=1)
        numbers[name] = max(1, int(min_time / first)) if first > 0 else 1000
        best[name] = float("inf")
    for _ in range(repeat):
        for name, timer in timers.items():
            seconds = timer.timeit(number=numbers[name]) / numbers[name]
            best[name] = min(best[name], seconds)
    return best


def count_bytecodes(fn: Callable[[], object]) -> int:
    """How many Python bytecodes one call of `fn()` executes: the
    interpreter's work, counted exactly, where a time drifts with the
    machine. A call into C (numpy's maths, a builtin) counts as the one
    bytecode that makes it, so the count compares Python engines, not their
    numpy work. `fn` runs once first, untraced: what only a first call does
    (a leaf's AccumulateGrad, made once) is not counted.

    Example:
        >>> count_bytecodes(lambda: x * y)  # doctest: +SKIP
        243
    """
    count = 0

    def trace(frame, event, arg):
        nonlocal count
        frame.f_trace_opcodes = True
        if event == "opcode":
            count += 1
        return trace

    fn()
    sys.settrace(trace)
    try:
        fn()
    finally:
        sys.settrace(None)
    return count


def format_seconds(seconds: float) -> str:
    """A duration in the unit that reads best: '812 ns', '3.40 µs', '1.25 s'."""
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return _three_figures(seconds / scale) + " " + unit
    return _three_figures(seconds / 1e-9) + " ns"


def _three_figures(value: float) -> str:
    if value >= 100:
        return f"{value:.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


class Table:
    """Rows of measurements, one column per implementation plus ratio columns.

    Each column beside the baseline gets its ratio to the baseline; where a
    "torch" column has numbers, every other engine gets its ratio to PyTorch
    too (the goals of issue 11 are written in minigrad/torch).

    Args:
        title: printed above the table.
        columns: the implementations, in order; the first is the baseline.
        unit: "s" formats values as durations; any other unit is printed
            after the number (e.g. "MB", "nodes").
    """

    def __init__(
        self,
        title: str,
        columns: tuple[str, ...] = ("numpy", "minigrad", "torch"),
        unit: str = "s",
    ):
        self.title = title
        self.columns = columns
        self.unit = unit
        self.rows: list[tuple[str, dict[str, float | None]]] = []

    def add(self, case: str, **values: float | None) -> None:
        """Add one row; a column left out or given None shows as '-'."""
        unknown = set(values) - set(self.columns)
        if unknown:
            raise ValueError(f"unknown columns {sorted(unknown)}; have {self.columns}")
        self.rows.append((case, values))

    def _format(self, value: float) -> str:
        if self.unit == "s":
            return format_seconds(value)
        return f"{value:.4g} {self.unit}"

    def render(self) -> str:
        """The table as Markdown text (aligned, so it reads in a terminal too)."""
        baseline = self.columns[0]
        # A column nobody filled in (torch where it is not installed) is left out.
        shown = [
            c
            for c in self.columns
            if any(values.get(c) is not None for _, values in self.rows)
        ]
        header = ["case"]
        for column in shown:
            header.append(column)
            if column != baseline:
                header.append(f"{column}/{baseline}")
        # Every engine against PyTorch too, where PyTorch was measured.
        versus_torch = []
        if "torch" in shown:
            versus_torch = [c for c in shown if c not in (baseline, "torch")]
        header += [f"{column}/torch" for column in versus_torch]
        body = []
        for case, values in self.rows:
            base = values.get(baseline)
            cells = [case]
            for column in shown:
                value = values.get(column)
                cells.append("-" if value is None else self._format(value))
                if column != baseline:
                    ratio = None if value is None or not base else value / base
                    cells.append("-" if ratio is None else f"{ratio:.3g}x")
            for column in versus_torch:
                mine, theirs = values.get(column), values.get("torch")
                ratio = mine / theirs if mine is not None and theirs else None
                cells.append("-" if ratio is None else f"{ratio:.3g}x")
            body.append(cells)
        widths = [
            max(len(row[i]) for row in [header, *body]) for i in range(len(header))
        ]

        def line(cells: list[str]) -> str:
            first = cells[0].ljust(widths[0])
            rest = [cell.rjust(width) for cell, width in zip(cells[1:], widths[1:])]
            return "| " + " | ".join([first, *rest]) + " |"

        rule = (
            "|"
            + "|".join(
                "-" * (w + 1) + (":" if i else "-") for i, w in enumerate(widths)
            )
            + "|"
        )
        return "\n".join(
            [f"### {self.title}", "", line(header), rule, *map(line, body)]
        )

    def print(self) -> None:
        print(self.render())
        print()


def print_environment() -> None:
    """One line saying what the numbers were measured on."""
    import numpy

    torch = optional_torch()
    parts = [
        f"Python {platform.python_version()} ({_interpreter_build()})",
        f"numpy {numpy.__version__}",
        f"torch {torch.__version__}" if torch else "torch not installed",
        f"{platform.machine()}, {os.cpu_count()} cores, {_processor()}",
    ]
    blas_env = [v for v in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE") if v in os.environ]
    if blas_env:
        parts.append("with " + ", ".join(blas_env) + " set")
    print(" | ".join(parts), file=sys.stdout)
    print()


def _interpreter_build() -> str:
    """How the running Python was linked: `libpython` as a shared library (as
    pyenv builds it by default) or inside the executable (Debian's, the
    python.org builds). Measured on one machine, minigrad ran 10-25 % slower
    under the shared one (position-independent code, calls through the PLT),
    PyTorch and numpy far less: the ratios to PyTorch depend on it."""
    try:
        with open("/proc/self/maps") as maps:
            shared = any("libpython" in line for line in maps)
    except OSError:  # not Linux: say nothing rather than guess
        return "build not known"
    return "libpython shared" if shared else "libpython static"


def _processor() -> str:
    """The processor (Linux: its model name, family and model numbers, which
    tell apart the generations a virtual machine names alike), else the
    platform's processor string."""
    fields = {}
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                key, _, value = line.partition(":")
                if not key.strip():  # the end of the first processor
                    break
                fields.setdefault(key.strip(), value.strip())
    except OSError:
        pass
    if "model name" not in fields:
        return platform.processor() or "processor not known"
    family, model = fields.get("cpu family", "?"), fields.get("model", "?")
    return f"{fields['model name']} (family {family}, model {model})"
