"""Devices: `minigrad.device("cpu")`, as `torch.device`. minigrad has one: the CPU.

A device names where a tensor's numbers live. minigrad computes with numpy,
so every tensor is on the CPU; the names PyTorch knows are accepted so that
`device=` arguments and `.to(device)` of PyTorch programs run unchanged, and
anything but the CPU fails as PyTorch without CUDA fails.
"""

# The device types PyTorch parses, in the order its error message lists them.
DEVICE_TYPES = (
    "cpu, cuda, ipu, xpu, mkldnn, opengl, opencl, ideep, hip, ve, fpga, maia, "
    "xla, lazy, vulkan, mps, meta, hpu, mtia, privateuseone"
).split(", ")


class device:
    """Where a tensor lives, e.g. `minigrad.device("cpu")` (prints `cpu`).

    Args:
        type: a device string such as "cpu", "cuda" or "cpu:0", or a device.
        index: the device number (optional).

    Example:
        >>> minigrad.device("cpu")  # doctest: +SKIP
        device(type='cpu')
    """

    def __init__(self, type, index=None):
        if isinstance(type, device):
            type, index = type.type, type.index
        elif not isinstance(type, str):
            raise TypeError(
                "device() expects a string such as 'cpu', not "
                f"{type.__class__.__name__}"
            )
        else:
            type, _, number = type.partition(":")
            if type not in DEVICE_TYPES:
                raise RuntimeError(
                    f"Expected one of {', '.join(DEVICE_TYPES)} device type at "
                    f"start of device string: {type}{':' if _ else ''}{number}"
                )
            if number:
                if not number.isdigit():
                    raise RuntimeError(f"Invalid device string: '{type}:{number}'")
                index = int(number)
        self.type = type
        self.index = index

    def __repr__(self):
        if self.index is None:
            return f"device(type='{self.type}')"
        return f"device(type='{self.type}', index={self.index})"

    def __str__(self):
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __eq__(self, other):
        return isinstance(other, device) and (self.type, self.index) == (
            other.type,
            other.index,
        )

    def __hash__(self):
        return hash((self.type, self.index))


CPU = device("cpu")


def check_device(where):
    """Raise unless `where` (None, a string or a device) is the CPU.

    CUDA fails as PyTorch built without CUDA fails (`AssertionError`); other
    device types as PyTorch without them (`RuntimeError`).

    Returns:
        `device("cpu")`.
    """
    if where is None:
        return CPU
    where = device(where)  # unknown names raise PyTorch's RuntimeError here
    if where.type == "cpu":
        return CPU
    if where.type == "cuda":
        raise AssertionError(
            "minigrad is not compiled with CUDA enabled: it runs on the CPU only "
            "(numpy); use device='cpu' or leave device out"
        )
    raise RuntimeError(
        f"PyTorch is not linked with support for {where.type} devices: minigrad "
        "runs on the CPU only (numpy); use device='cpu' or leave device out"
    )


def set_default_device(where):
    """Set the device factory functions use by default (only "cpu" exists).

    Args:
        where: "cpu", `minigrad.device("cpu")` or None.

    Example:
        >>> minigrad.set_default_device("cpu")  # doctest: +SKIP
    """
    check_device(where)


def get_default_device():
    """The device factory functions use: always `device(type='cpu')`."""
    return CPU
