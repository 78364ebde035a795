"""Anomaly detection: find the forward operation whose backward made a NaN.

With anomaly detection on, every node remembers where it was created, and the
engine checks each gradient for NaN; the error then shows the forward line.
It slows everything down, so it is off by default.

Both switches here are `ModeSwitch`es, like the grad modes (`grad_mode.py`):
they save the previous setting per entry and restore it on exit.
"""

import warnings

from .grad_mode import ModeSwitch, SetAtOnce

_enabled = False  # read by the engine and by Function.apply


def is_enabled():
    """True while anomaly detection is on.

    Returns:
        bool: whether anomaly detection is on.
    """
    return _enabled


class _AnomalySwitch(ModeSwitch):
    """A mode that switches anomaly detection."""

    def _get(self):
        return _enabled

    def _set(self, state):
        global _enabled
        _enabled = bool(state)


class set_detect_anomaly(_AnomalySwitch, SetAtOnce):
    """Turn anomaly detection on or off (at once, and as a context manager).

    As with `set_grad_enabled`, the call itself sets the mode; used in a `with`
    block, the mode from before the call comes back at the end.

    Args:
        mode: True to turn it on.

    Example:
        >>> minigrad.autograd.set_detect_anomaly(True)  # doctest: +SKIP
    """


class detect_anomaly(_AnomalySwitch):
    """Context manager and decorator: anomaly detection on inside it.

    Example:
        >>> with minigrad.autograd.detect_anomaly():  # doctest: +SKIP
        ...     loss.backward()   # names the forward op whose backward made NaN

    Args:
        check_nan: accepted as in PyTorch; minigrad always checks for NaN.
    """

    def __init__(self, check_nan=True):
        super().__init__()
        # PyTorch says this once per detect_anomaly() object; so does minigrad.
        warnings.warn(
            "Anomaly Detection has been enabled. This mode will increase the "
            "runtime and should only be enabled for debugging.",
            UserWarning,
            stacklevel=2,
        )

    def _new_state(self):
        return True
