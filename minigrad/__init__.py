"""minigrad: a small autograd engine that speaks PyTorch's API.

    import minigrad as torch      # PyTorch autograd code runs unchanged
    x = torch.tensor(2.0, requires_grad=True)
    y = x * x + 3 * x
    y.backward()
    x.grad                        # tensor(7.)

The engine reads in one sitting (about 400 lines, the path of
`(x * x).backward()`): each file of the path opens with its first-reading
part, which ends by naming the next file; what a first reading skips is marked
"(first reading: skip)". Then `ops/` (the other derivative rules), `nn/` and
`optim/` (networks and training).

read next: minigrad/tensor.py
"""

# The Tensor first: tensor.py imports autograd and the ops once its class exists.
from .tensor import Size, Tensor  # noqa: I001
from . import autograd
from ._dtype import bool, double, dtype, float, float32, float64, int64, long
from .autograd.grad_mode import (
    enable_grad,
    inference_mode,
    is_grad_enabled,
    is_inference_mode_enabled,
    no_grad,
    set_grad_enabled,
)
from .autograd.anomaly import (
    is_anomaly_check_nan_enabled,
    is_anomaly_enabled,
    set_anomaly_enabled,
)
from .creation import (
    arange,
    as_tensor,
    empty,
    eye,
    from_numpy,
    full,
    full_like,
    linspace,
    ones,
    ones_like,
    rand,
    rand_like,
    randint,
    randn,
    randint_like,
    randn_like,
    randperm,
    tensor,
    zeros,
    zeros_like,
)
from .functions import (
    abs,
    add,
    addmm,
    allclose,
    argmax,
    argmin,
    cat,
    chunk,
    clamp,
    clamp_max,
    clamp_min,
    clip,
    clone,
    concat,
    cos,
    cumsum,
    detach,
    div,
    equal,
    exp,
    flatten,
    floor_divide,
    gather,
    is_tensor,
    isclose,
    isfinite,
    isnan,
    log,
    log_softmax,
    matmul,
    max,
    maximum,
    mean,
    min,
    minimum,
    mm,
    mul,
    neg,
    norm,
    numel,
    permute,
    pow,
    relu,
    remainder,
    reshape,
    round,
    sigmoid,
    sign,
    sin,
    softmax,
    sort,
    split,
    sqrt,
    square,
    squeeze,
    stack,
    std,
    sub,
    sum,
    tanh,
    topk,
    transpose,
    unbind,
    unsqueeze,
    var,
    where,
)
from .ops.conv import conv1d, conv2d, conv_transpose2d
from .ops.conv_more import as_strided, bilinear, conv_transpose1d
from .ops.pooling import max_pool2d
from .random import initial_seed, manual_seed, seed

# ----- PyTorch-compatibility names: devices, more dtypes, random sampling -----
from . import accelerator, amp, backends, cuda, testing
from .amp import autocast
from . import jit
from .compiler import compile  # noqa: A004 (PyTorch's name)
from ._printing import set_printoptions
from ._settings import (
    are_deterministic_algorithms_enabled,
    get_default_dtype,
    get_num_threads,
    set_default_dtype,
    set_num_threads,
    use_deterministic_algorithms,
)
from ._device import device, get_default_device, set_default_device
from ._dtype import finfo, float16, half, iinfo, int, int8, int16, int32, short, uint8
from .creation import empty_like, multinomial, normal
from .functions import dot, expm1, log1p, log2, log10
from .functions import (
    acos,
    argsort,
    atan2,
    hstack,
    isinf,
    logaddexp,
    logical_and,
    logical_not,
    logical_or,
    logical_xor,
    roll,
    vstack,
    asin,
    atan,
    cosh,
    erf,
    reciprocal,
    rsqrt,
    sinh,
    eq,
    ge,
    gt,
    le,
    lt,
    ne,
    bmm,
    ceil,
    flip,
    floor,
    frac,
    logsumexp,
    masked_fill,
    mv,
    nonzero,
    outer,
    tril,
    triu,
    trunc,
)

from .functions import amax, amin, index_select, prod  # (issue 14)
from .functions import (  # (ops/scatter.py)
    index_add,
    index_copy,
    index_fill,
    index_reduce,
    masked_scatter,
    masked_select,
    scatter,
    scatter_add,
    scatter_reduce,
    take_along_dim,
)
from .functions import unflatten  # (nn.Unflatten)
from .functions import diag, diagonal, narrow, trace
from .functions import (  # (ops/combine_more.py)
    addbmm,
    addcdiv,
    addcmul,
    addmv,
    addr,
    aminmax,
    argwhere,
    baddbmm,
    cross,
    cummax,
    cummin,
    diag_embed,
    diagflat,
    dsplit,
    fliplr,
    flipud,
    ger,
    hsplit,
    inner,
    kthvalue,
    lerp,
    logcumsumexp,
    median,
    mode,
    msort,
    nanmean,
    nanmedian,
    nansum,
    rot90,
    tensor_split,
    vdot,
    vsplit,
)
from .ops.einsum import einsum
from .functions import all, any  # noqa: A004 (PyTorch's names)
from ._memory_format import (
    channels_last,
    channels_last_3d,
    contiguous_format,
    memory_format,
    preserve_format,
)
from .creation import empty_strided
from .functions import (  # (ops/misc_more.py)
    atleast_1d,
    atleast_2d,
    atleast_3d,
    block_diag,
    bucketize,
    cartesian_prod,
    chain_matmul,
    column_stack,
    combinations,
    corrcoef,
    cov,
    cumulative_trapezoid,
    dstack,
    is_floating_point,
    kron,
    nanquantile,
    quantile,
    row_stack,
    searchsorted,
    tensordot,
    trapezoid,
    trapz,
    tril_indices,
    triu_indices,
)
from .tensor_types import (  # (PyTorch's legacy tensor types)
    BoolTensor,
    ByteTensor,
    CharTensor,
    DoubleTensor,
    FloatTensor,
    HalfTensor,
    IntTensor,
    LongTensor,
    ShortTensor,
)
from .random import Generator
from .serialization import load, save
from .creation import logspace
from .functions import (  # (more tensor ops: ops/shape_more.py)
    bernoulli,
    bincount,
    broadcast_tensors,
    broadcast_to,
    count_nonzero,
    cumprod,
    diff,
    fmax,
    fmin,
    histc,
    meshgrid,
    moveaxis,
    movedim,
    nan_to_num,
    ravel,
    repeat_interleave,
    std_mean,
    swapaxes,
    swapdims,
    t,
    tile,
    unique,
    unique_consecutive,
    isin,
    vander,
    var_mean,
)
from .functions import cdist, det, inverse  # (linear algebra)
from .functions import cholesky, matrix_power, pinverse, svd  # (minigrad.linalg)
from .functions import (  # (more elementwise functions)
    absolute,
    acosh,
    asinh,
    atanh,
    bitwise_and,
    bitwise_not,
    bitwise_or,
    bitwise_xor,
    copysign,
    deg2rad,
    digamma,
    divide,
    erfc,
    erfinv,
    exp2,
    float_power,
    fmod,
    heaviside,
    hypot,
    isneginf,
    isposinf,
    isreal,
    lgamma,
    logit,
    multiply,
    negative,
    positive,
    rad2deg,
    sgn,
    signbit,
    sinc,
    subtract,
    tan,
    true_divide,
    xlogy,
)
from .functions import (  # (numpy's names for PyTorch's ops: aliases)
    arccos,
    arccosh,
    arcsin,
    arcsinh,
    arctan,
    arctan2,
    arctanh,
    concatenate,
    fix,
    greater,
    greater_equal,
    less,
    less_equal,
    not_equal,
)
from .functions import (  # (more small functions)
    broadcast_shapes,
    dist,
    gcd,
    is_complex,
    lcm,
    logaddexp2,
    logdet,
    select,
    slogdet,
    take,
)
from ._dtype import can_cast, promote_types, result_type
from .creation import asarray
from .creation import range  # noqa: A004 (torch.range)
from .ops.unary import relu_
from . import distributions, linalg
from . import special  # (torch.special: minigrad/special.py)
from math import e, inf, nan, pi  # (PyTorch's constants: plain Python floats)

newaxis = None  # (x[:, minigrad.newaxis], as numpy's and PyTorch's)

__version__ = "0.1.0"


def __getattr__(name):
    # nn, optim, data and utils load on first use, so `import minigrad` stays
    # light (and `minigrad.utils.data.DataLoader` works as `torch.utils...` does).
    if name in ("nn", "optim", "data", "utils"):
        import importlib

        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'minigrad' has no attribute {name!r}")
