"""`minigrad.backends`: PyTorch's switches for its hardware backends.

minigrad computes with numpy on the CPU, so the Apple-GPU backend (`mps`) is
never available and cuDNN is not there; the switches exist so that PyTorch
programs that ask (`torch.backends.mps.is_available()`) or set them
(`torch.backends.cudnn.benchmark = True`) run unchanged.
"""

from . import cuda, cudnn, mps

__all__ = ["cuda", "cudnn", "mps"]
