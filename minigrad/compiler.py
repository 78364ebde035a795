"""`minigrad.compile`: PyTorch's compiler, which minigrad does not need.

`torch.compile(model)` turns a model into faster code with the same results.
minigrad runs every op eagerly in Python and numpy (the point is to see each
step), so `compile` gives back what it was given: the program runs unchanged,
with the same numbers. One visible difference: PyTorch's compiled module
wraps the original, so its `state_dict()` keys start with `_orig_mod.`;
minigrad's are the model's own.
"""


def compile(  # noqa: A001 (PyTorch's name)
    model=None,
    *,
    fullgraph=False,
    dynamic=None,
    backend=None,
    mode=None,
    options=None,
    name=None,
    disable=False,
    recompile_limit=None,
    isolate_recompiles=False,
    shapes_spec=None,
):
    """Return `model` itself (or, without it, a decorator that returns the
    function it decorates): minigrad runs eagerly, so compiling changes nothing.
    The settings are PyTorch's, accepted.

    Example:
        >>> model = minigrad.nn.Linear(2, 1)
        >>> minigrad.compile(model) is model
        True
    """
    if model is None:
        return compile
    if not callable(model):
        raise AssertionError(
            f"A callable function is expected, but {type(model)} is provided."
        )
    return model
