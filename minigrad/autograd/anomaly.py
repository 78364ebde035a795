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
_checks_nan = True  # and, while it is on, whether the engine looks for NaN


def is_enabled():
    """True while anomaly detection is on.

    Returns:
        bool: whether anomaly detection is on.
    """
    return _enabled


def is_anomaly_enabled():
    """True while anomaly detection is on (PyTorch's `torch.is_anomaly_enabled`).

    Returns:
        bool: whether anomaly detection is on.
    """
    return _enabled


def is_anomaly_check_nan_enabled():
    """Whether anomaly detection looks for NaN in the gradients when it is on
    (`check_nan`; True unless switched off, as PyTorch's
    `torch.is_anomaly_check_nan_enabled`).

    Returns:
        bool: the `check_nan` setting.
    """
    return _checks_nan


def set_anomaly_enabled(enabled, check_nan=True):
    """Switch anomaly detection on or off (PyTorch's `torch.set_anomaly_enabled`;
    `set_detect_anomaly` and `detect_anomaly` are the usual way).

    Args:
        enabled: True to turn it on.
        check_nan: whether to raise when a backward gives NaN.
    """
    global _enabled, _checks_nan
    _enabled = bool(enabled)
    _checks_nan = bool(check_nan)


class _AnomalySwitch(ModeSwitch):
    """A mode that switches anomaly detection (and its `check_nan`)."""

    def _get(self):
        return (_enabled, _checks_nan)

    def _set(self, state):
        set_anomaly_enabled(*state)


class set_detect_anomaly(_AnomalySwitch, SetAtOnce):
    """Turn anomaly detection on or off (at once, and as a context manager).

    As with `set_grad_enabled`, the call itself sets the mode; used in a `with`
    block, the mode from before the call comes back at the end.

    Args:
        mode: True to turn it on.
        check_nan: whether to raise when a backward gives NaN (default True).

    Example:
        >>> minigrad.autograd.set_detect_anomaly(True)  # doctest: +SKIP
    """

    def __init__(self, mode, check_nan=True):
        self._check_nan = bool(check_nan)  # (before the call sets the mode)
        super().__init__(mode)

    def _new_state(self):
        return (self._mode, self._check_nan)

    def clone(self):
        return type(self)(self._mode, self._check_nan)


class detect_anomaly(_AnomalySwitch):
    """Context manager and decorator: anomaly detection on inside it.

    Example:
        >>> with minigrad.autograd.detect_anomaly():  # doctest: +SKIP
        ...     loss.backward()   # names the forward op whose backward made NaN

    Args:
        check_nan: whether to raise when a backward gives NaN (default True).
    """

    def __init__(self, check_nan=True):
        super().__init__()
        self._check_nan = bool(check_nan)
        # PyTorch says this once per detect_anomaly() object; so does minigrad.
        warnings.warn(
            "Anomaly Detection has been enabled. This mode will increase the "
            "runtime and should only be enabled for debugging.",
            UserWarning,
            stacklevel=2,
        )

    def _new_state(self):
        return (True, self._check_nan)

    def clone(self):
        return type(self)(self._check_nan)
