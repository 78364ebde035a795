"""`minigrad.jit`: TorchScript's entry points, which minigrad does not need.

`torch.jit.script` and `torch.jit.trace` turn a model or a function into
TorchScript, with the same results. minigrad runs eagerly, so both give back
what they were given and the program runs unchanged (saving TorchScript with
`torch.jit.save` is not there: use `minigrad.save` of a state_dict).
"""


def script(obj, optimize=None, _frames_up=0, _rcb=None, example_inputs=None):
    """Return `obj` itself: minigrad runs it as it is."""
    return obj


def trace(func, example_inputs=None, *args, **kwargs):
    """Return `func` itself (PyTorch would record one run on `example_inputs`)."""
    if not callable(func):
        raise TypeError(
            f"trace() expects a module or a function, not {type(func).__name__}"
        )
    return func
