"""`minigrad.cuda`: there is no GPU in minigrad, so CUDA is never available.

PyTorch programs ask `torch.cuda.is_available()` to pick a device:

    device = "cuda" if minigrad.cuda.is_available() else "cpu"

which picks "cpu" here, and the program runs unchanged.
"""


def is_available():
    """Whether CUDA can be used: always False (minigrad runs on the CPU only).

    Returns:
        False.

    Example:
        >>> minigrad.cuda.is_available()  # doctest: +SKIP
        False
    """
    return False


def device_count():
    """The number of CUDA devices: always 0."""
    return 0


def manual_seed(seed):
    """Seed CUDA's random numbers: nothing to seed without a GPU (as PyTorch)."""


def manual_seed_all(seed):
    """Seed every GPU's random numbers: nothing to seed without a GPU."""


from . import amp  # noqa: E402 (torch.cuda.amp: the older path to amp)
