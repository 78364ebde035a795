"""Grad modes: switch the recording of the graph off and on.

Every mode here (and anomaly mode, in `anomaly.py`) is a `ModeSwitch`: a
small class that says which setting it reads and writes and what it
switches it to. The base saves the previous value on each entry, on a stack
kept per object, and restores it on exit, so modes nest, survive exceptions,
and one object can decorate a recursive function: every call pushes its own
saved value (a single `self.prev` would be overwritten by the inner call and
leave recording off after it).

As in PyTorch, the grad mode is per thread: `no_grad()` in a worker thread
leaves recording on in the main thread, and a new thread starts with
recording on, whatever the mode of the thread that started it. (Anomaly mode
is one setting for the whole process, as PyTorch's is.)

The engine and the ops read the mode on every operation, from context
variables (below): `is_recording()` (recording on?) and `in_inference_mode()`
(inside `inference_mode`?), imported once, e.g. `from .autograd.grad_mode
import is_recording`.

Read `anomaly.py` next.
"""

import contextvars
import functools
import inspect

# The modes of the running thread. Each thread has its own context, which
# starts empty: a new thread sees the defaults below (recording on), whatever
# the mode of the thread that started it, as in PyTorch. (A threading.local
# would do the same, but CPython 3.11 cannot specialize the reading of its
# attributes: about 80 ns a read, where `.get()` costs 20; every op reads.)

# Operations on tensors that require grad are recorded.
recording = contextvars.ContextVar("recording", default=True)
# The grad mode the user set (`no_grad`, `enable_grad`, `set_grad_enabled`).
grad_enabled = contextvars.ContextVar("grad_enabled", default=True)
# Inside inference_mode().
inference = contextvars.ContextVar("inference", default=False)

# What the ops and the engine call, bound once: other modules import these
# names, and CPython 3.11 compiles `imported_name.get()` as an attribute load
# (a new bound method at every call) where a plain call costs nothing more.
is_recording = recording.get
set_recording = recording.set
in_inference_mode = inference.get

# The switches set `recording` to `grad_enabled and not inference`: inside
# inference_mode, as in PyTorch, `enable_grad()` turns the grad mode on but
# nothing is recorded. The engine (and Function.apply) switch `recording`
# alone for a while, as the grad mode of the backward maths.


def is_grad_enabled():
    """True when operations on tensors that require grad are being recorded.

    Returns:
        bool: the current grad mode.

    Example:
        >>> with minigrad.no_grad():  # doctest: +SKIP
        ...     minigrad.is_grad_enabled()
        False
    """
    return recording.get() or inference.get() and grad_enabled.get()


def is_inference_mode_enabled():
    """True inside `inference_mode()`.

    Returns:
        bool: whether inference mode is on.
    """
    return inference.get()


class ModeSwitch:
    """Base of the modes: a context manager that is also a decorator.

    A subclass says which setting it switches (`_get` and `_set`) and
    to what (`_new_state`). On entry the current value is pushed onto this
    object's own stack, on exit it is popped back.

    Example:
        >>> @minigrad.no_grad()  # doctest: +SKIP
        ... def evaluate(model, x):
        ...     return model(x)
    """

    def __init__(self):
        self._saved = []  # one previous value per entry that has not exited yet

    def _get(self):
        raise NotImplementedError

    def _set(self, state):
        raise NotImplementedError

    def _new_state(self):
        raise NotImplementedError

    def __enter__(self):
        self._saved.append(self._get())
        self._set(self._new_state())
        return None

    def __exit__(self, *exc_info):
        self._set(self._saved.pop())
        return False  # exceptions go on up

    def __call__(self, function):
        """Decorate `function`: each call runs inside this mode.

        Args:
            function: the function to wrap.

        Returns:
            A function that returns what `function` returns.
        """

        if inspect.isgeneratorfunction(function):
            return self._wrap_generator(function)

        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            with self.clone():
                return function(*args, **kwargs)

        return wrapper

    def _wrap_generator(self, function):
        # A generator's body runs a piece at each next(), long after the call
        # returned: as PyTorch does, switch the mode on around every piece.
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            generator = function(*args, **kwargs)
            sent, thrown = None, None
            while True:
                try:
                    with self.clone():
                        if thrown is None:
                            value = generator.send(sent)
                        else:
                            value = generator.throw(thrown)
                except StopIteration as stop:
                    return stop.value
                thrown = None
                try:
                    sent = yield value
                except GeneratorExit:
                    with self.clone():
                        generator.close()
                    raise
                except BaseException as error:  # thrown in: pass it on inside
                    thrown = error

        return wrapper

    def clone(self):
        """A fresh mode object of the same kind (one per decorated call)."""
        return type(self)()


class SetAtOnce(ModeSwitch):
    """A switch that takes effect when called, and also works as a `with` block.

    `set_grad_enabled(False)` turns recording off at once; used in a `with`
    block, what comes back at the end is the mode from before the call.
    Subclasses pick the setting (`_get`, `_set`), as every `ModeSwitch` does.

    Args:
        mode: the value to switch to.
    """

    def __init__(self, mode):
        super().__init__()
        self._mode = bool(mode)
        self._before_call = self._get()
        self._set(self._new_state())

    def _new_state(self):
        return self._mode

    def __enter__(self):
        # The call set the mode already: `with` restores the mode from before it.
        self._saved.append(self._before_call if not self._saved else self._get())
        self._set(self._new_state())
        return None

    def __call__(self, function):
        # Used as a decorator, `set_grad_enabled(False)` must not leave the
        # mode switched from the moment of decoration (PyTorch restores it).
        self._set(self._before_call)
        return super().__call__(function)

    def clone(self):
        return type(self)(self._mode)


class _GradModeSwitch(ModeSwitch):
    """A mode that switches graph recording (`is_grad_enabled`)."""

    def _get(self):
        return (grad_enabled.get(), recording.get())

    def _set(self, modes):
        grad_enabled.set(modes[0])
        recording.set(modes[1])


class _BareDecoratorMode(_GradModeSwitch):
    """A mode that also decorates without parentheses: `@no_grad` as `@no_grad()`.

    Called with a function, the class returns the decorated function itself,
    as PyTorch's `no_grad` and `enable_grad` do.
    """

    _enabled_inside = True  # the mode inside the block (no_grad: False)

    # A training loop makes and enters a `no_grad()` at every step, around
    # the update: so the methods below are written out (no `super()`,
    # no `_get`, `_set`, `_new_state` calls), which takes a `with` block from
    # 1.05 to 0.65 µs. They do what `ModeSwitch` does: the same stack of saved
    # modes, in the same order.

    def __new__(cls, function=None):
        if function is None:
            return object.__new__(cls)
        return cls()(function)

    def __init__(self, function=None):
        self._saved = []  # as ModeSwitch.__init__

    def __enter__(self):
        self._saved.append((grad_enabled.get(), recording.get()))
        grad_enabled.set(self._enabled_inside)
        recording.set(self._enabled_inside and not inference.get())

    def __exit__(self, *exc_info):
        modes = self._saved.pop()
        grad_enabled.set(modes[0])
        recording.set(modes[1])
        return False  # exceptions go on up


class no_grad(_BareDecoratorMode):
    """Turn off graph recording: results of operations don't require grad.

    Use it for updates to parameters and for evaluation; as a context manager
    (`with no_grad():`) or a decorator (`@no_grad()` or `@no_grad`).

    Example:
        >>> with minigrad.no_grad():  # doctest: +SKIP
        ...     w -= 0.1 * w.grad
    """

    _enabled_inside = False


class enable_grad(_BareDecoratorMode):
    """Turn graph recording back on, e.g. inside a `no_grad` block.

    Example:
        >>> with minigrad.no_grad():  # doctest: +SKIP
        ...     with minigrad.enable_grad():
        ...         y = x * 2  # recorded
    """

    _enabled_inside = True


class set_grad_enabled(_GradModeSwitch, SetAtOnce):
    """Turn graph recording on or off (`mode`); also a context manager.

    As in PyTorch, calling `set_grad_enabled(False)` sets the mode at once; used
    in a `with` block the mode from before the call comes back at the end.

    Args:
        mode: True to record, False not to.

    Example:
        >>> with minigrad.set_grad_enabled(is_training):  # doctest: +SKIP
        ...     loss = model(x).sum()
    """

    def __init__(self, mode):
        if not isinstance(mode, bool):  # "no" would be truthy: refuse, as PyTorch
            raise TypeError(
                "set_grad_enabled(): argument 'enabled' (position 1) must be bool, "
                f"not {type(mode).__name__} (got {mode!r}; use True or False)"
            )
        super().__init__(mode)

    def _new_state(self):
        # (what `_get` gives: the grad mode, and whether to record with it)
        return (self._mode, self._mode and not inference.get())


class inference_mode(_GradModeSwitch):
    """Like `no_grad`, and tensors made inside can never join a graph later.

    Works as `with inference_mode():`, `@inference_mode()` and, as in PyTorch,
    `@inference_mode` without brackets.

    Args:
        mode: True (the default) to turn inference mode on.

    Example:
        >>> @minigrad.inference_mode  # doctest: +SKIP
        ... def predict(model, x):
        ...     return model(x)
    """

    def __new__(cls, mode=True):
        if isinstance(mode, bool):
            return super().__new__(cls)
        return cls()(mode)  # `@inference_mode`: `mode` is the function

    def __init__(self, mode=True):
        super().__init__()
        self._mode = mode

    def _get(self):
        return (grad_enabled.get(), inference.get(), recording.get())

    def _set(self, modes):
        grad_enabled.set(modes[0])
        inference.set(modes[1])
        recording.set(modes[2])

    def _new_state(self):
        # As PyTorch: on stops recording; off (`inference_mode(False)`) turns
        # recording on, even inside `no_grad`.
        return (not self._mode, self._mode, not self._mode)

    def clone(self):
        return inference_mode(self._mode)
