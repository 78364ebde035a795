"""Random numbers: one seeded numpy Generator behind every random call.

`manual_seed(0)` makes `rand`, `randn`, `randint`, `nn.init` and dropout
repeatable, so every lesson shows the same numbers on every run.
"""

import numpy as np

_generator = np.random.default_rng(0)
_initial_seed = 0


def _seed_int(seed):
    """`seed` as a 64-bit seed, as PyTorch takes it: `int(seed)`, anything from
    -2**63 to 2**64 - 1, a negative seed read as its 64-bit pattern
    (`manual_seed(-1)` is `manual_seed(2**64 - 1)`)."""
    try:
        seed = int(seed)
    except (TypeError, ValueError) as error:
        raise type(error)(f"manual_seed(): seed must be an int, got {seed!r}") from None
    if not -(2**63) <= seed < 2**64:
        raise ValueError(
            f"Overflow when unpacking long long: a seed must fit in 64 bits "
            f"(from -2**63 to 2**64 - 1), got {seed}"
        )
    return seed % 2**64


def manual_seed(seed):
    """Seed minigrad's random numbers (like `torch.manual_seed`).

    Args:
        seed: an int.

    Returns:
        The numpy Generator now in use.

    Example:
        >>> minigrad.manual_seed(0)  # doctest: +SKIP
    """
    global _generator, _initial_seed
    _initial_seed = _seed_int(seed)
    _generator = np.random.default_rng(_initial_seed)
    return _generator


def initial_seed():
    """The seed the global random numbers were last seeded with (0 at start).

    Example:
        >>> minigrad.manual_seed(5); minigrad.initial_seed()  # doctest: +SKIP
        5
    """
    return _initial_seed


def seed():
    """Seed the global random numbers from the operating system's entropy
    (a non-deterministic seed); returns the seed.

    Example:
        >>> minigrad.seed() >= 0
        True
    """
    new_seed = int(np.random.SeedSequence().entropy % 2**63)
    manual_seed(new_seed)
    return new_seed


def generator():
    """The numpy Generator that every random function of minigrad draws from."""
    return _generator


class Generator:
    """A random number generator of its own, as `torch.Generator`.

    Random functions that take `generator=` draw from it instead of from the
    global generator, so one part of a program can be repeatable on its own:

        g = minigrad.Generator().manual_seed(2147483647)
        minigrad.multinomial(probs, 1, generator=g)

    Args:
        device: only "cpu" (minigrad has no GPU).

    Example:
        >>> g = minigrad.Generator().manual_seed(0)  # doctest: +SKIP
        >>> minigrad.rand(2, generator=g)
    """

    def __init__(self, device="cpu"):
        from ._device import check_device

        self.device = check_device(device)
        self._seed = 67280421310721  # PyTorch's default seed of a new Generator
        self._rng = np.random.default_rng(self._seed)

    def manual_seed(self, seed):
        """Seed this generator; returns the generator itself (for chaining).

        Args:
            seed: an int.

        Returns:
            This generator.
        """
        if isinstance(seed, float):
            raise RuntimeError(f"manual_seed expected a long, but got float ({seed})")
        self._seed = _seed_int(seed)
        self._rng = np.random.default_rng(self._seed)
        return self

    def initial_seed(self):
        """The seed this generator was last seeded with."""
        return self._seed

    def seed(self):
        """Seed this generator from the operating system's entropy; returns the seed."""
        self.manual_seed(int(np.random.SeedSequence().entropy % 2**63))
        return self._seed

    def __repr__(self):
        return f"<minigrad.Generator object, seed {self._seed}>"


def numpy_generator(generator_or_none):
    """The numpy Generator to draw from: the given minigrad `Generator`'s, or
    the global one (`manual_seed`) for None."""
    if generator_or_none is None:
        return _generator
    if not isinstance(generator_or_none, Generator):
        raise TypeError(
            "generator must be a minigrad.Generator (e.g. minigrad.Generator()"
            f".manual_seed(0)), not {type(generator_or_none).__name__}"
        )
    return generator_or_none._rng
