"""Anomaly detection: find the forward operation whose backward made a NaN.

With anomaly detection on, every node remembers where it was created, and the
engine checks each gradient for NaN; the error then shows the forward line.
It slows everything down, so it is off by default.
"""

import functools

_enabled = False


def is_enabled():
    """True while anomaly detection is on."""
    return _enabled


class set_detect_anomaly:
    """Turn anomaly detection on or off (at once, and as a context manager).

    Args:
        mode: True to turn it on.
    """

    def __init__(self, mode):
        global _enabled
        self._prev = _enabled
        _enabled = bool(mode)

    def __enter__(self):
        return None

    def __exit__(self, *exc_info):
        global _enabled
        _enabled = self._prev
        return False


class detect_anomaly:
    """Context manager and decorator: anomaly detection on inside it.

    Example:
        >>> with minigrad.autograd.detect_anomaly():  # doctest: +SKIP
        ...     loss.backward()   # names the forward op whose backward made NaN
    """

    def __enter__(self):
        global _enabled
        self._prev = _enabled
        _enabled = True
        return None

    def __exit__(self, *exc_info):
        global _enabled
        _enabled = self._prev
        return False

    def __call__(self, function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            with detect_anomaly():
                return function(*args, **kwargs)

        return wrapper
