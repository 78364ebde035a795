"""Random numbers: one seeded numpy Generator behind every random call.

`manual_seed(0)` makes `rand`, `randn`, `randint`, `nn.init` and dropout
repeatable, so every lesson shows the same numbers on every run.
"""

import numpy as np

_generator = np.random.default_rng(0)


def manual_seed(seed):
    """Seed minigrad's random numbers (like `torch.manual_seed`).

    Args:
        seed: an int.

    Returns:
        The numpy Generator now in use.

    Example:
        >>> minigrad.manual_seed(0)  # doctest: +SKIP
    """
    global _generator
    _generator = np.random.default_rng(int(seed))
    return _generator


def generator():
    """The numpy Generator that every random function of minigrad draws from."""
    return _generator
