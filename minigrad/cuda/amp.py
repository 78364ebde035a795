"""`minigrad.cuda.amp`: PyTorch's older path to mixed precision.

`torch.cuda.amp.GradScaler(...)` and `torch.cuda.amp.autocast(...)` are
deprecated in PyTorch for `torch.amp.GradScaler("cuda", ...)` and
`torch.autocast("cuda", ...)`; both warn so, then behave as those (disabled:
there is no CUDA). See `minigrad/amp.py`.
"""

import warnings

from .. import amp


def GradScaler(*args, **kwargs):  # noqa: N802 (PyTorch's name)
    """`minigrad.amp.GradScaler("cuda", ...)`, with PyTorch's deprecation warning."""
    warnings.warn(
        "`minigrad.cuda.amp.GradScaler(args...)` is deprecated, as in PyTorch. "
        "Please use `minigrad.amp.GradScaler('cuda', args...)` instead.",
        FutureWarning,
        stacklevel=2,
    )
    return amp.GradScaler("cuda", *args, **kwargs)


def autocast(enabled=True, dtype=None, cache_enabled=True):
    """`minigrad.autocast("cuda", ...)`, with PyTorch's deprecation warning."""
    warnings.warn(
        "`minigrad.cuda.amp.autocast(args...)` is deprecated, as in PyTorch. "
        "Please use `minigrad.autocast('cuda', args...)` instead.",
        FutureWarning,
        stacklevel=2,
    )
    return amp.autocast(
        "cuda", dtype=dtype, enabled=enabled, cache_enabled=cache_enabled
    )
