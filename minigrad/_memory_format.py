"""Memory formats: `minigrad.preserve_format`, `contiguous_format`, `channels_last`.

PyTorch can lay a 4-D image batch out channels last (NHWC strides) for faster
convolutions. minigrad computes with numpy arrays in row-major order, so the
values are the same in every format: `memory_format=` is accepted where
PyTorch takes it (`clone`, `contiguous`, `to`, the `*_like` factories,
`is_contiguous`) and the strides stay row-major.
"""


class memory_format:
    """A memory layout PyTorch can ask for, such as `minigrad.channels_last`."""

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"minigrad.{self.name}"


preserve_format = memory_format("preserve_format")
contiguous_format = memory_format("contiguous_format")
channels_last = memory_format("channels_last")
channels_last_3d = memory_format("channels_last_3d")


def check_memory_format(value, function):
    """Refuse a `memory_format=` that is no memory format (TypeError), as PyTorch.

    Every format is accepted: the layout of the values stays row-major.
    """
    if value is not None and not isinstance(value, memory_format):
        raise TypeError(
            f"{function}(): argument 'memory_format' must be minigrad.memory_format "
            f"(e.g. minigrad.contiguous_format), not {type(value).__name__}"
        )
