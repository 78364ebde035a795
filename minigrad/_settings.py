"""Process-wide settings that PyTorch programs set in their first lines: the
number of threads, deterministic algorithms, the default dtype.

minigrad computes with numpy, so the first two change nothing (numpy's own
BLAS threads are set by its environment, and every minigrad computation is
deterministic); they are kept and read back as PyTorch does, so that such
programs run unchanged. The default dtype is float32, always.
"""

import os

from . import _dtype
from ._check import bool_arg

_threads = os.cpu_count() or 1
_deterministic = False


def set_num_threads(n):
    """Set the number of threads PyTorch would use (kept, not used: numpy's
    BLAS reads its own, e.g. OPENBLAS_NUM_THREADS)."""
    global _threads
    if type(n) is not int:
        raise RuntimeError(
            f"set_num_threads expects an int, but got {type(n).__name__}"
        )
    if n <= 0:
        raise RuntimeError("set_num_threads expects a positive integer")
    _threads = n


def get_num_threads():
    """The number of threads set by `set_num_threads` (the CPU count until then)."""
    return _threads


def use_deterministic_algorithms(mode, *, warn_only=False):
    """Ask for deterministic algorithms: minigrad's always are (kept, as PyTorch)."""
    global _deterministic
    bool_arg(mode, "use_deterministic_algorithms", "mode")
    _deterministic = mode


def are_deterministic_algorithms_enabled():
    """What `use_deterministic_algorithms` last set (False until then)."""
    return _deterministic


def get_default_dtype():
    """The dtype of tensors made from Python floats: minigrad.float32."""
    return _dtype.float32


def set_default_dtype(d):
    """Set the default floating dtype: minigrad keeps float32 (PyTorch's
    default) and refuses any other, so that no tensor gets a dtype the
    program did not expect."""
    if not isinstance(d, _dtype.dtype) or d.numpy.kind != "f":
        raise TypeError(
            "invalid dtype object: only floating-point types are supported as "
            f"the default type (got {d!r})"
        )
    if d is not _dtype.float32:
        raise NotImplementedError(
            f"set_default_dtype({d}): minigrad's default dtype is always "
            "float32; give dtype= to each tensor instead, e.g. "
            f"minigrad.tensor([1.0], dtype={d})"
        )
