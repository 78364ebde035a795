"""`minigrad.backends.mps`: Apple's GPU backend, never available in minigrad."""


def is_available():
    """Whether the MPS device can be used: always False."""
    return False


def is_built():
    """Whether minigrad was built with MPS: False."""
    return False
