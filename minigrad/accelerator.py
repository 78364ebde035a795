"""`minigrad.accelerator`: there is no accelerator (GPU) in minigrad.

PyTorch's tutorials pick their device with

    device = (
        torch.accelerator.current_accelerator().type
        if torch.accelerator.is_available()
        else "cpu"
    )

which picks "cpu" here, and the program runs unchanged.
"""


def is_available():
    """Whether an accelerator can be used: always False (the CPU only)."""
    return False


def current_accelerator(check_available=False):
    """The accelerator's device: None, as PyTorch built for the CPU says."""
    return None


def device_count():
    """The number of accelerators: always 0."""
    return 0


def synchronize(device=None):
    """Wait for the accelerator's work to finish: nothing to wait for."""
