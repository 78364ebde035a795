"""`minigrad.backends.cuda`: CUDA's switches, kept as settings (no CUDA here).

Programs set `torch.backends.cuda.matmul.allow_tf32 = True` in their first
lines; the settings are plain attributes, as in PyTorch, and change nothing.
"""


class _MatmulSettings:
    """`backends.cuda.matmul`: how CUDA would multiply matrices."""

    def __init__(self):
        self.allow_tf32 = False
        self.allow_fp16_reduced_precision_reduction = True
        self.allow_bf16_reduced_precision_reduction = True


matmul = _MatmulSettings()


def is_built():
    """Whether minigrad was built with CUDA: False."""
    return False
