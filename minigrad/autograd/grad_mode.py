"""Grad modes: switch the recording of the graph off and on.

Each mode is a small class that saves the previous state when entered and
restores it when left, so modes nest and survive exceptions. Used as a
decorator, each call of the function enters a fresh object, so a recursive
function gets its own saved state per call (a single shared object would
forget the outer state).
"""

import functools

_grad_enabled = True
_inference = False


def is_grad_enabled():
    """True when operations on tensors that require grad are being recorded."""
    return _grad_enabled


def is_inference_mode_enabled():
    """True inside `inference_mode()`."""
    return _inference


def _set_enabled(mode):
    global _grad_enabled
    _grad_enabled = bool(mode)


class _GradMode:
    """Base of the grad modes: a context manager that is also a decorator."""

    def _new_state(self):
        raise NotImplementedError

    def __enter__(self):
        self._prev = is_grad_enabled()
        _set_enabled(self._new_state())
        return None

    def __exit__(self, *exc_info):
        _set_enabled(self._prev)
        return False

    def __call__(self, function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            with self.clone():
                return function(*args, **kwargs)

        return wrapper

    def clone(self):
        """A fresh mode object of the same kind (one per decorated call)."""
        return type(self)()


class _BareDecoratorMode(_GradMode):
    """A mode that can also decorate without parentheses: `@no_grad`."""

    def __new__(cls, function=None):
        if function is None:
            return super().__new__(cls)
        return cls()(function)


class no_grad(_BareDecoratorMode):
    """Turn off graph recording: results of operations don't require grad.

    Use it for updates to parameters and for evaluation; as a context manager
    (`with no_grad():`) or a decorator (`@no_grad()` or `@no_grad`).

    Example:
        >>> with minigrad.no_grad():  # doctest: +SKIP
        ...     w -= 0.1 * w.grad
    """

    def _new_state(self):
        return False


class enable_grad(_BareDecoratorMode):
    """Turn graph recording back on, e.g. inside a `no_grad` block."""

    def _new_state(self):
        return True


class set_grad_enabled(_GradMode):
    """Turn graph recording on or off (`mode`); also a context manager.

    As in PyTorch, calling `set_grad_enabled(False)` sets the mode at once; used
    in a `with` block the previous mode comes back at the end.

    Args:
        mode: True to record, False not to.
    """

    def __init__(self, mode):
        self._mode = bool(mode)
        self._prev = is_grad_enabled()
        _set_enabled(self._mode)

    def _new_state(self):
        return self._mode

    def __enter__(self):
        # The mode was already set in __init__; keep the state from before it.
        _set_enabled(self._mode)
        return None

    def __call__(self, function):
        # Used as a decorator, `set_grad_enabled(False)` must not leave the
        # mode switched off from the moment of decoration (PyTorch restores it).
        _set_enabled(self._prev)
        return super().__call__(function)

    def clone(self):
        return set_grad_enabled(self._mode)


class inference_mode(_GradMode):
    """Like `no_grad`, and tensors made inside can never join a graph later.

    Args:
        mode: True (the default) to turn inference mode on.
    """

    def __init__(self, mode=True):
        self._mode = bool(mode)

    def _new_state(self):
        return not self._mode and is_grad_enabled()

    def __enter__(self):
        global _inference
        self._prev_inference = _inference
        _inference = self._mode
        return super().__enter__()

    def __exit__(self, *exc_info):
        global _inference
        _inference = self._prev_inference
        return super().__exit__(*exc_info)

    def clone(self):
        return inference_mode(self._mode)
