"""`minigrad.backends.cudnn`: NVIDIA's cuDNN, which minigrad does not use.

Its settings are plain attributes a program may read or set, as in PyTorch
(`torch.backends.cudnn.deterministic = True`); they change nothing here, where
every computation is numpy's on the CPU and already deterministic.
"""

enabled = True
benchmark = False
deterministic = False


def is_available():
    """Whether cuDNN can be used: always False."""
    return False


def version():
    """cuDNN's version: None, as PyTorch without cuDNN says."""
    return None
