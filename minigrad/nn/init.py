"""`nn.init`: fill a weight tensor in place with the starting values of training.

Each function changes its tensor in place (the trailing underscore) under
`no_grad`, draws from minigrad's seeded generator (or from the
`minigrad.Generator` given as `generator=`, where PyTorch takes one), and
returns the tensor.
The fans (how many inputs and outputs a unit has) follow PyTorch: for a
Linear weight of shape `(out, in)`, `fan_in = in` and `fan_out = out`.

Example:
    >>> w = nn.Parameter(minigrad.zeros(3, 2))  # doctest: +SKIP
    >>> nn.init.xavier_uniform_(w)  # doctest: +SKIP
"""

import math
import warnings

import numpy as np

import minigrad
from minigrad.ops._util import float_input

_LINEAR = (
    "linear",
    "conv1d",
    "conv2d",
    "conv3d",
    "conv_transpose1d",
    "conv_transpose2d",
    "conv_transpose3d",
    "sigmoid",
)


def calculate_gain(nonlinearity, param=None):
    """The recommended scale of the weights for a nonlinearity.

    Args:
        nonlinearity: 'linear', 'sigmoid', 'tanh', 'relu', 'leaky_relu' or 'selu'.
        param: the negative slope for 'leaky_relu' (default 0.01).

    Returns:
        A float: 1 for linear and sigmoid, 5/3 for tanh, sqrt(2) for relu,
        sqrt(2 / (1 + slope**2)) for leaky_relu, 3/4 for selu.
    """
    if nonlinearity in _LINEAR:
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        if param is None:
            slope = 0.01
        elif isinstance(param, (int, float)) and not isinstance(param, bool):
            slope = param
        else:
            raise ValueError(f"negative_slope {param} not a valid number")
        return math.sqrt(2.0 / (1 + slope**2))
    if nonlinearity == "selu":
        return 3.0 / 4
    raise ValueError(f"Unsupported nonlinearity {nonlinearity}")


def _calculate_fan_in_and_fan_out(tensor):
    if tensor.dim() < 2:
        raise ValueError(
            "Fan in and fan out can not be computed for tensor with fewer than 2 "
            "dimensions"
        )
    receptive_field = math.prod(tensor.shape[2:])
    return tensor.shape[1] * receptive_field, tensor.shape[0] * receptive_field


def _fan(tensor, mode):
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(
            f"Mode {mode} not supported, please use one of fan_in, fan_out"
        )
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return fan_in if mode == "fan_in" else fan_out


def uniform_(tensor, a=0.0, b=1.0, generator=None):
    """Fill `tensor` with values drawn uniformly from `[a, b)`.

    Args:
        tensor: the tensor to fill, of a floating dtype.
        a: lower bound.
        b: upper bound, not below `a`.
        generator: a `minigrad.Generator` to draw from (default: the global one).

    Returns:
        tensor.
    """
    with minigrad.no_grad():  # (Tensor.uniform_ checks the dtype and bounds)
        return tensor.uniform_(a, b, generator=generator)


def normal_(tensor, mean=0.0, std=1.0, generator=None):
    """Fill `tensor` with values drawn from the normal distribution N(mean, std**2).

    Args:
        tensor: the tensor to fill, of a floating dtype.
        mean: the mean.
        std: the standard deviation, >= 0.
        generator: a `minigrad.Generator` to draw from (default: the global one).

    Returns:
        tensor.
    """
    with minigrad.no_grad():  # (Tensor.normal_ checks the dtype and std)
        return tensor.normal_(mean, std, generator=generator)


def _norm_cdf(x):
    """The standard normal's cumulative distribution function at `x`."""
    return (1.0 + math.erf(x / math.sqrt(2.0))) / 2.0


def trunc_normal_(tensor, mean=0.0, std=1.0, a=-2.0, b=2.0, generator=None):
    """Fill `tensor` from N(mean, std**2) truncated to [a, b]: every value is
    a normal draw that fell inside the bounds (ViT and timm initialise so).

    Drawn by rejection, as PyTorch: draws outside [a, b] are drawn again.
    When [a, b] holds little of the normal (under 30%), the proposals are
    uniform in [a, b] instead, kept with probability `pdf(x) / pdf(mode)`.
    Note that `a` and `b` are values, not multiples of `std`.

    Args:
        tensor: the tensor to fill, of a floating dtype.
        mean, std: of the normal before truncation.
        a, b: the lowest and the highest value.
        generator: a `minigrad.Generator` to draw from (default: the global one).

    Returns:
        tensor.
    """
    if mean < a - 2 * std or mean > b + 2 * std:
        warnings.warn(
            "mean is more than 2 std from [a, b] in nn.init.trunc_normal_. "
            "The distribution of values may be incorrect.",
            stacklevel=2,
        )
    mass = _norm_cdf((b - mean) / std) - _norm_cdf((a - mean) / std)
    mode = max(a, min(mean, b))  # the most likely value inside [a, b]

    def draw(rng, shape):
        values = np.empty(math.prod(shape))
        todo = np.arange(values.size)  # the places still to fill
        while todo.size:
            if mass > 0.3:
                x = rng.normal(mean, std, todo.size)
                keep = (a <= x) & (x <= b)
            else:
                x = rng.uniform(a, b, todo.size)
                log_ratio = (
                    0.5 * ((mode - mean) / std) ** 2 - 0.5 * ((x - mean) / std) ** 2
                )
                keep = np.log(rng.random(todo.size)) <= log_ratio
            values[todo[keep]] = x[keep]
            todo = todo[~keep]
        return values.reshape(shape)

    float_input(tensor, "normal_kernel_cpu")
    return tensor._fill_random(draw, generator)  # (as Tensor.normal_ fills)


def constant_(tensor, val):
    """Fill `tensor` with the value `val` (a number or a 0-d tensor). Returns tensor."""
    with minigrad.no_grad():  # (fill_ checks the value)
        return tensor.fill_(val)


def zeros_(tensor):
    """Fill `tensor` with zeros. Returns tensor."""
    with minigrad.no_grad():
        return tensor.zero_()


def ones_(tensor):
    """Fill `tensor` with ones. Returns tensor."""
    with minigrad.no_grad():
        return tensor.fill_(1.0)


def xavier_uniform_(tensor, gain=1.0, generator=None):
    """Glorot initialisation: `U(-a, a)` with `a = gain * sqrt(6 / (fan_in + fan_out))`.

    Keeps the variance of activations and of gradients about the same from
    layer to layer, for tanh- or sigmoid-like layers.

    Returns:
        tensor.
    """
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    bound = math.sqrt(3.0) * std  # a uniform on [-b, b] has std b / sqrt(3)
    return uniform_(tensor, -bound, bound, generator)


def xavier_normal_(tensor, gain=1.0, generator=None):
    """Glorot initialisation from `N(0, std**2)`.

    `std = gain * sqrt(2 / (fan_in + fan_out))`.

    Returns:
        tensor.
    """
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    return normal_(tensor, 0.0, std, generator)


def kaiming_uniform_(
    tensor, a=0, mode="fan_in", nonlinearity="leaky_relu", generator=None
):
    """He initialisation: `U(-b, b)` with `b = gain * sqrt(3 / fan)`.

    `nn.Linear` uses this with `a=sqrt(5)`, which gives `b = 1 / sqrt(in_features)`.

    Args:
        tensor: the weight to fill (at least 2-D).
        a: negative slope of the leaky_relu after this layer.
        mode: 'fan_in' (default) or 'fan_out'.
        nonlinearity: 'relu' or 'leaky_relu' (default).

    Returns:
        tensor.
    """
    fan = _fan(tensor, mode)
    if fan == 0:
        return tensor  # PyTorch warns and leaves an empty tensor alone
    gain = calculate_gain(nonlinearity, a)
    bound = math.sqrt(3.0) * gain / math.sqrt(fan)
    return uniform_(tensor, -bound, bound, generator)


def kaiming_normal_(
    tensor, a=0, mode="fan_in", nonlinearity="leaky_relu", generator=None
):
    """He initialisation from `N(0, std**2)` with `std = gain / sqrt(fan)`.

    Returns:
        tensor.
    """
    fan = _fan(tensor, mode)
    if fan == 0:
        return tensor
    std = calculate_gain(nonlinearity, a) / math.sqrt(fan)
    return normal_(tensor, 0.0, std, generator)


def eye_(tensor):
    """Fill a matrix with the identity (ones on the diagonal, zeros elsewhere):
    a Linear layer that passes its inputs through, where the shapes allow.

    Returns:
        tensor.
    """
    if tensor.dim() != 2:
        raise ValueError("Only tensors with 2 dimensions are supported")
    with minigrad.no_grad():
        tensor.zero_()
        tensor.diagonal().fill_(1.0)
    return tensor


def orthogonal_(tensor, gain=1.0, generator=None):
    """Fill `tensor` with a (semi-)orthogonal matrix times `gain`: its rows
    (or columns, whichever are fewer) are orthonormal, so the layer keeps the
    length of what it multiplies (Saxe et al. 2013). Dimensions after the
    first are flattened; the matrix is the Q of the QR decomposition of a
    normal draw, its signs fixed by R's diagonal as PyTorch does.

    Returns:
        tensor.
    """
    if tensor.dim() < 2:
        raise ValueError("Only tensors with 2 or more dimensions are supported")
    if tensor.numel() == 0:
        return tensor  # (nothing to fill, as PyTorch)
    float_input(tensor, "normal_kernel_cpu")  # (PyTorch draws into the tensor's dtype)
    rows = tensor.shape[0]
    cols = tensor.numel() // rows
    with minigrad.no_grad():
        flat = minigrad.randn(
            rows, cols, generator=generator, dtype=minigrad.float64
        ).numpy()
        if rows < cols:
            flat = flat.T
        q, r = np.linalg.qr(flat)
        q = q * np.sign(np.diag(r))  # (a unique Q: R's diagonal made positive)
        if rows < cols:
            q = q.T
        tensor.copy_(minigrad.tensor(q.reshape(tensor.shape) * gain))
    return tensor


def dirac_(tensor, groups=1):
    """Fill a 3-, 4- or 5-D convolution weight with the Dirac delta: output
    channel `d` (of each of the `groups`) copies input channel `d` through the
    kernel's centre, so the convolution passes its input through where the
    channel counts allow.

    Args:
        tensor: a weight of shape `(out_channels, in_channels, *kernel_size)`.
        groups: the convolution's groups; `out_channels` must divide by it.

    Returns:
        tensor.

    Example:
        >>> w = nn.init.dirac_(minigrad.empty(2, 2, 3))
        >>> w[0]
        tensor([[0., 1., 0.],
                [0., 0., 0.]])
    """
    if tensor.dim() not in (3, 4, 5):
        raise ValueError("Only tensors with 3, 4, or 5 dimensions are supported")
    if tensor.shape[0] % groups != 0:
        raise ValueError("dim 0 must be divisible by groups")
    out_per_group = tensor.shape[0] // groups
    centre = tuple(size // 2 for size in tensor.shape[2:])
    with minigrad.no_grad():
        tensor.zero_()
        for g in range(groups):
            for d in range(min(out_per_group, tensor.shape[1])):
                tensor[(g * out_per_group + d, d) + centre] = 1
    return tensor


def sparse_(tensor, sparsity, std=0.01, generator=None):
    """Fill a matrix from N(0, std**2), then zero a `sparsity` fraction of
    each column (`ceil(sparsity * rows)` entries, at random rows), as in
    Martens (2010).

    Args:
        tensor: a 2-D tensor.
        sparsity: the fraction of each column to set to zero.
        std: the standard deviation of the values that stay.
        generator: a `minigrad.Generator` for the values (the zeroed rows
            come from the global generator, as in PyTorch).

    Returns:
        tensor.
    """
    if tensor.dim() != 2:
        raise ValueError("Only tensors with 2 dimensions are supported")
    rows, cols = tensor.shape
    num_zeros = math.ceil(sparsity * rows)
    with minigrad.no_grad():
        normal_(tensor, 0.0, std, generator)
        for col in range(cols):
            tensor[minigrad.randperm(rows)[:num_zeros], col] = 0
    return tensor


# ----- the old names, without the underscore (deprecated, as in PyTorch)


def _make_deprecate(meth):
    """`meth` under its old name (no trailing underscore): the same function,
    with PyTorch's FutureWarning naming the new one."""
    new_name = meth.__name__
    old_name = new_name[:-1]

    def deprecated_init(*args, **kwargs):
        warnings.warn(
            f"`nn.init.{old_name}` is now deprecated in favor of `nn.init.{new_name}`.",
            FutureWarning,
            stacklevel=2,
        )
        return meth(*args, **kwargs)

    deprecated_init.__doc__ = (
        f"{old_name}(...): deprecated, use `nn.init.{new_name}` (the same "
        "function, which it calls after a FutureWarning)."
    )
    deprecated_init.__name__ = deprecated_init.__qualname__ = old_name
    return deprecated_init


uniform = _make_deprecate(uniform_)
normal = _make_deprecate(normal_)
constant = _make_deprecate(constant_)
eye = _make_deprecate(eye_)
dirac = _make_deprecate(dirac_)
xavier_uniform = _make_deprecate(xavier_uniform_)
xavier_normal = _make_deprecate(xavier_normal_)
kaiming_uniform = _make_deprecate(kaiming_uniform_)
kaiming_normal = _make_deprecate(kaiming_normal_)
orthogonal = _make_deprecate(orthogonal_)
sparse = _make_deprecate(sparse_)
