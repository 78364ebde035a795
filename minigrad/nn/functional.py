"""`nn.functional`: the maths of the layers and losses, as plain functions.

The layers are composed of public Tensor operations (matmul, exp,
log_softmax, where, ...), so gradients, double backward and the graph view
come for free. The losses check their arguments here and then run as one
graph node each (`loss_functions.py`), as PyTorch records them
(`MseLossBackward0`, `NllLossBackward0`, ...). The modules in `linear.py`,
`activation.py` and `loss.py` only hold settings and call these.

Where PyTorch would silently broadcast a loss's input against a target of
another shape (a classic bug: predictions `(N, 1)` against targets `(N,)`),
minigrad raises a ValueError naming both shapes.

Example:
    >>> import minigrad.nn.functional as F
    >>> F.mse_loss(minigrad.tensor([1.0, 2.0]), minigrad.tensor([1.0, 4.0]))
    tensor(2.)
"""

import math
import warnings

import numpy as np

import minigrad
from minigrad._check import bool_arg, int_arg, tensor_arg
from minigrad._dtype import scalar_type_name
from minigrad.ops._util import check_broadcast, float_input
from minigrad.tensor import Tensor

from ..ops import activation as _activation
from ..ops import layer_norm as _layer_norm

# The convolutional-network functions live with their ops; F re-exports them.
from ..ops import linalg as _linalg
from ..ops import shape as _shape_ops
from ..ops.activation_more import glu, prelu  # noqa: F401
from ..ops.conv import conv1d, conv2d, conv_transpose2d  # noqa: F401
from ..ops.conv_more import (  # noqa: F401
    bilinear,
    conv_transpose1d,
    embedding_bag,
    fold,
    lp_pool1d,
    lp_pool2d,
    max_unpool1d,
    max_unpool2d,
    unfold,
)
from ..ops.distance import pairwise_distance  # noqa: F401
from ..ops.embedding import embedding as _embedding
from ..ops.normalization import batch_norm as _batch_norm
from ..ops.norms_more import group_norm, instance_norm  # noqa: F401
from ..ops.padding import pad  # noqa: F401
from ..ops.pooling import adaptive_avg_pool2d, avg_pool2d, max_pool2d  # noqa: F401
from ..ops.pooling_more import (  # noqa: F401
    adaptive_avg_pool1d,
    adaptive_max_pool1d,
    adaptive_max_pool2d,
    avg_pool1d,
    max_pool1d,
)
from ..ops.upsampling import interpolate, pixel_shuffle, pixel_unshuffle  # noqa: F401
from . import _reduction as _Reduction
from . import activation_extra as _activation_extra
from .activation_extra import (  # noqa: F401
    alpha_dropout,
    feature_alpha_dropout,
    hardshrink,
    local_response_norm,
    rms_norm,
    rrelu,
    softshrink,
)
from .attention import scaled_dot_product_attention  # noqa: F401
from .loss_functions import (
    BinaryCrossEntropy,
    BinaryCrossEntropyWithLogits,
    NllLoss,
    mse_loss_node,
    reduce_loss,
)
from .losses_more import (  # noqa: F401
    cosine_embedding_loss,
    gaussian_nll_loss,
    hinge_embedding_loss,
    margin_ranking_loss,
    multi_margin_loss,
    multilabel_margin_loss,
    multilabel_soft_margin_loss,
    poisson_nll_loss,
    soft_margin_loss,
    triplet_margin_loss,
)
from .robust_losses import HuberLoss, SmoothL1Loss

# (assigned, not imported by name: softplus has an argument called threshold)
threshold = _activation_extra.threshold

_REDUCTIONS = ("mean", "sum", "none")


# ----------------------------------------------------------------- helpers


def _check_reduction(reduction):
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction")


_reduce = reduce_loss  # 'mean' (average), 'sum' or 'none' (per element)


def _check_tensor(value, what, function):
    if not isinstance(value, Tensor):
        raise TypeError(
            f"{function}(): argument '{what}' must be a Tensor, not "
            f"{type(value).__name__}"
        )


def _check_same_shape(input, target, function):
    """Refuse, with both shapes named, the broadcasting PyTorch only warns about.

    Shapes that cannot broadcast at all get PyTorch's RuntimeError (its message
    about the sizes); shapes that could get a ValueError: PyTorch broadcasts
    them with a warning, and the loss is almost always wrong. Shapes that
    differ only by dimensions of size 1, with one value per prediction (an
    output of shape (1,) against a 0-d target, one sample at a time), give
    PyTorch's warning and the right loss, as in PyTorch.
    """
    if input.shape != target.shape:
        try:
            check_broadcast(input, target)
        except RuntimeError as error:
            raise RuntimeError(
                f"{function}: {error}. The input and the target need the same "
                "size: one target per prediction."
            ) from None
        broadcast = np.broadcast_shapes(tuple(input.shape), tuple(target.shape))
        if math.prod(broadcast) == input.numel() == target.numel():
            warnings.warn(
                f"Using a target size ({target.shape}) that is different to the "
                f"input size ({input.shape}). This will likely lead to incorrect "
                "results due to broadcasting. Please ensure they have the same size.",
                UserWarning,
                stacklevel=3,
            )
            return
        raise ValueError(
            f"{function}: Using a target size ({target.shape}) that is different "
            f"to the input size ({input.shape}). PyTorch would broadcast them with "
            "a warning, which almost always gives a wrong loss; minigrad refuses. "
            "Please ensure they have the same size, e.g. with "
            "target.reshape(input.shape) or input.squeeze(-1)."
        )


def _is_float(t):
    return t.dtype is minigrad.float32 or t.dtype is minigrad.float64


def _check_long_target(target, name):
    """Class-index targets must be int64 (or uint8), as PyTorch's kernels require."""
    if target.dtype is not minigrad.int64 and target.dtype is not minigrad.uint8:
        raise RuntimeError(
            f"{name}(): expected scalar type Long but found {_type_name(target)} "
            f"for the class-index target ({target.dtype}); convert it with "
            "target.long()"
        )


def _type_name(t):
    """PyTorch's name for t's scalar type in its messages ("got Double and Float")."""
    return scalar_type_name(t.dtype)


def _numpy(t):
    """A tensor's values as a numpy array (no gradient flows through this)."""
    return t.detach().numpy()


# ------------------------------------------------------------------ layers


def linear(input, weight, bias=None):
    """Apply an affine map: `input @ weight.t() + bias`.

    Args:
        input: tensor of shape `(*, in_features)`.
        weight: tensor of shape `(out_features, in_features)`.
        bias: tensor of shape `(out_features,)`, or None.

    Returns:
        Tensor of shape `(*, out_features)`.

    Raises:
        RuntimeError: when the last dimension of `input` is not `in_features`,
            with PyTorch's message naming both shapes.
    """
    # The usual call (nn.Linear on a batch) first, with as few checks as it
    # needs: they read the numpy arrays (`.shape` and `.dtype` make objects).
    tensors = isinstance(input, Tensor) and isinstance(weight, Tensor)
    if tensors and isinstance(bias, Tensor):
        x, w = input._data, weight._data
        if x.ndim == 2 and w.ndim == 2 and x.shape[1] == w.shape[1]:
            if x.dtype == w.dtype:
                # One node for a batch, as PyTorch: addmm(bias, input, weight.t()).
                return _linalg.addmm(bias, input, _shape_ops.t(weight))
    tensor_arg(input, "linear")
    tensor_arg(weight, "linear", "weight", 2)
    if bias is not None:
        tensor_arg(bias, "linear", "bias", 3)
    if input.dim() == 0 or weight.dim() == 0:
        # (a 0-d input is one number, not a row of features: PyTorch refuses it)
        raise RuntimeError(
            "both arguments to linear need to be at least 1D, but they are "
            f"{input.dim()}D and {weight.dim()}D (each needs a dimension of "
            "features: make a single number x one with x.reshape(1))"
        )
    in_features = weight.shape[-1]
    if input.shape[-1] != in_features:
        rows = math.prod(input.shape[:-1]) if input.dim() > 1 else 1
        raise RuntimeError(
            f"mat1 and mat2 shapes cannot be multiplied ({rows}x{input.shape[-1]} and "
            f"{in_features}x{weight.shape[0]})"
        )
    if input.dtype != weight.dtype:
        # Common with numpy data (float64) fed to a float32 model: PyTorch refuses.
        raise RuntimeError(
            f"mat1 and mat2 must have the same dtype, but got {_type_name(input)} "
            f"and {_type_name(weight)}. Hint: convert the input with .float() (or "
            "the model with .double())."
        )
    if input.dim() == 2 and bias is not None:
        return minigrad.addmm(bias, input, weight.t())
    output = input.matmul(weight.t())  # PyTorch: input @ weight.t() (+ bias)
    if bias is not None:
        output = output + bias
    return output


def _apply(input, inplace, function, **settings):
    """`function(input, **settings)`, written into `input` when `inplace` is
    true (as PyTorch's `inplace=True`, which changes the tensor passed in)."""
    if inplace:
        return input._inplace(function, **settings)
    return function(input, **settings)


def relu(input, inplace=False):
    """Rectified linear unit: `max(x, 0)`, elementwise (into input if `inplace`)."""
    tensor_arg(input, "relu")  # (the op refuses a bool tensor, as PyTorch's)
    return input.relu_() if inplace else input.relu()


def tanh(input):
    """Hyperbolic tangent, elementwise."""
    tensor_arg(input, "tanh")
    return input.tanh()


def sigmoid(input):
    """Logistic sigmoid `1 / (1 + exp(-x))`, elementwise."""
    tensor_arg(input, "sigmoid")
    return input.sigmoid()


def leaky_relu(input, negative_slope=0.01, inplace=False):
    """`x` where `x > 0`, else `negative_slope * x`.

    Args:
        input: any tensor.
        negative_slope: the slope for negative inputs.
        inplace: write the result into `input` (as PyTorch does).
    """
    _float_input(input, "leaky_relu")
    return _apply(
        input, inplace, _activation.LeakyRelu.apply, negative_slope=negative_slope
    )


def logsigmoid(input):
    """`log(sigmoid(x))`, elementwise, without overflow for very negative x.

    Far to the left `log(sigmoid(x)) = x - log(1 + e^x)` equals x to within
    `e^x`, while `sigmoid(x)` itself would round to 0 and its log to -inf.
    """
    return _activation.LogSigmoid.apply(_float_input(input, "logsigmoid"))


def _softmax_dim(ndim):
    warnings.warn(
        "Implicit dimension choice for softmax has been deprecated. Change the "
        "call to include dim=X as an argument.",
        UserWarning,
        stacklevel=3,
    )
    return 0 if ndim in (0, 1, 3) else 1


def softmax(input, dim=None, _stacklevel=3, dtype=None):
    """`exp(x) / sum(exp(x))` along `dim`.

    Args:
        input: any tensor.
        dim: the dimension that sums to 1 (leaving it out warns, as in PyTorch).
        _stacklevel: PyTorch's (for its warning), unused: it is there so that
            a third positional argument lands where it does in PyTorch.
        dtype: convert the input to this dtype first.
    """
    if dim is None:
        dim = _softmax_dim(input.dim())
    return input.softmax(dim, dtype)


def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    """`log(softmax(x))` along `dim`, computed stably.

    Args:
        input: any tensor.
        dim: the dimension of the classes (leaving it out warns).
        _stacklevel: unused, as in `softmax`.
        dtype: convert the input to this dtype first.
    """
    if dim is None:
        dim = _softmax_dim(input.dim())
    return input.log_softmax(dim, dtype)


def dropout(input, p=0.5, training=True, inplace=False):
    """Zero each element with probability `p` and scale the rest by `1 / (1 - p)`.

    Scaling keeps the expected value unchanged, so nothing changes at
    evaluation time, when dropout does nothing. Random numbers come from
    `minigrad.manual_seed`'s generator.

    Args:
        input: any tensor.
        p: the probability of zeroing an element, in [0, 1].
        training: apply dropout only if True.
        inplace: write the result into `input` (as PyTorch does).

    Returns:
        A tensor of the input's shape.
    """
    tensor_arg(input, "dropout")
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    bool_arg(training, "dropout", "train", 3)  # (dropout(x, 0.5, 0) is an error)
    if inplace and training and p > 0.0:
        return input._inplace(dropout, p, training)
    if not training or p == 0.0:
        return input
    if p == 1.0:
        return input * 0.0
    keep = minigrad.rand(*input.shape) >= p
    return input * (keep.to(input.dtype) * (1.0 / (1.0 - p)))


# ----- channel dropout: dropout1d, dropout2d, dropout3d --------------------------


def _feature_dropout(input, p, training):
    """Zero whole channels of `input` (N, C, ...) with probability `p`, scale
    the rest by `1 / (1 - p)`: PyTorch's `feature_dropout`, under all three.

    Neighbouring pixels of a feature map are alike, so dropping single pixels
    (`dropout`) hardly regularises a CNN; dropping a whole channel does. One
    draw per (sample, channel), broadcast over the positions.
    """
    bool_arg(training, "feature_dropout", "train", 3)
    if not training or p == 0.0 or input.numel() == 0:
        return input
    if input.dim() < 2:
        raise RuntimeError(
            "Feature dropout requires at least 2 dimensions in the input (a "
            "channel dimension after the batch; for single elements use dropout)"
        )
    if p == 1.0:
        return input * 0.0
    # (N, C, 1, 1, ...): the same draw for every position of a channel
    noise_shape = tuple(input.shape[:2]) + (1,) * (input.dim() - 2)
    keep = minigrad.rand(*noise_shape) >= p
    return input * (keep.to(input.dtype) * (1.0 / (1.0 - p)))


def _check_p(p):
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")


def _unbatched_feature_dropout(input, p, training):
    """`_feature_dropout` of an input without its batch dimension (as a batch
    of one)."""
    return _feature_dropout(input.unsqueeze(0), p, training).squeeze(0)


def dropout1d(input, p=0.5, training=True, inplace=False):
    """Zero whole channels of (N, C, L) or (C, L) with probability `p`, scale
    the rest by `1 / (1 - p)`; only in training.

    Args:
        input: (N, C, L) or unbatched (C, L).
        p: the probability of zeroing a channel, in [0, 1].
        training: apply dropout only if True.
        inplace: write the result into `input` (as PyTorch does).

    Example:
        >>> F.dropout1d(minigrad.ones(2, 3, 4), 0.5, training=False).shape
        minigrad.Size([2, 3, 4])
    """
    _check_p(p)
    if input.dim() not in (2, 3):
        raise RuntimeError(
            f"dropout1d: Expected 2D or 3D input, but received a {input.dim()}D "
            "input. Note that dropout1d exists to provide channel-wise dropout on "
            "inputs with 1 spatial dimension, a channel dimension, and an optional "
            "batch dimension (i.e. 2D or 3D inputs)."
        )
    function = _feature_dropout if input.dim() == 3 else _unbatched_feature_dropout
    if inplace:
        return input._inplace(function, p, training)
    return function(input, p, training)


def _spatial_dims_warning(name, ndim, spatial):
    warnings.warn(
        f"{name}: Received a {ndim}-D input to {name}, which is deprecated and will "
        "result in an error in a future release. To retain the behavior and "
        "silence this warning, please use dropout instead. Note that "
        f"{name} exists to provide channel-wise dropout on inputs with {spatial} "
        "spatial dimensions, a channel dimension, and an optional batch dimension "
        f"(i.e. {spatial + 1}D or {spatial + 2}D inputs).",
        UserWarning,
        stacklevel=3,
    )


def dropout2d(input, p=0.5, training=True, inplace=False):
    """Zero whole channels (feature maps) of (N, C, H, W) with probability
    `p`, scale the rest by `1 / (1 - p)`; only in training.

    As PyTorch's, a 3-D input is read as (N, C, L) (with a warning: use
    dropout1d), and other ranks warn that they are deprecated.

    Args:
        input: (N, C, H, W).
        p: the probability of zeroing a channel, in [0, 1].
        training: apply dropout only if True.
        inplace: write the result into `input` (as PyTorch does).

    Example:
        >>> x = minigrad.ones(1, 4, 2, 2)
        >>> F.dropout2d(x, 0.5, training=False) is x
        True
    """
    _check_p(p)
    ndim = input.dim()
    if ndim not in (3, 4):
        _spatial_dims_warning("dropout2d", ndim, 2)
    if ndim == 3:
        warnings.warn(
            "dropout2d: Received a 3D input to dropout2d and assuming that "
            "channel-wise 1D dropout behavior is desired - input is interpreted as "
            "shape (N, C, L), where C is the channel dim. This behavior will change "
            "in a future release to interpret the input as one without a batch "
            "dimension, i.e. shape (C, H, W). To maintain the 1D channel-wise "
            "dropout behavior, please switch to using dropout1d instead.",
            UserWarning,
            stacklevel=2,
        )
    if inplace:
        return input._inplace(_feature_dropout, p, training)
    return _feature_dropout(input, p, training)


def dropout3d(input, p=0.5, training=True, inplace=False):
    """Zero whole channels of (N, C, D, H, W) or (C, D, H, W) with
    probability `p`, scale the rest by `1 / (1 - p)`; only in training.

    Args:
        input: (N, C, D, H, W) or unbatched (C, D, H, W) (other ranks warn,
            as PyTorch's, and are read as unbatched).
        p: the probability of zeroing a channel, in [0, 1].
        training: apply dropout only if True.
        inplace: write the result into `input` (as PyTorch does).
    """
    _check_p(p)
    ndim = input.dim()
    if ndim not in (4, 5):
        _spatial_dims_warning("dropout3d", ndim, 3)
    function = _feature_dropout if ndim == 5 else _unbatched_feature_dropout
    if inplace:
        return input._inplace(function, p, training)
    return function(input, p, training)


def one_hot(tensor, num_classes=-1):
    """Turn class indices into one-hot rows: `[2] -> [[0, 0, 1]]` (int64).

    Args:
        tensor: int64 tensor of class indices, any shape.
        num_classes: number of classes (default: largest index + 1).

    Returns:
        int64 tensor of shape `tensor.shape + (num_classes,)`.
    """
    indices = _numpy(tensor)
    if indices.dtype.kind not in "iu":
        raise RuntimeError(
            "one_hot is only applicable to index tensor of type LongTensor."
        )
    if num_classes == -1:
        num_classes = int(indices.max()) + 1 if indices.size else 0
    if indices.size and indices.min() < 0:
        raise RuntimeError("Class values must be non-negative.")
    if indices.size and indices.max() >= num_classes:
        raise RuntimeError("Class values must be smaller than num_classes.")
    return minigrad.tensor(np.eye(num_classes, dtype=np.int64)[indices])


# ------------------------------------------------------------------ losses


def mse_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    """Mean squared error: `(input - target) ** 2`, reduced.

    Args:
        input: predictions.
        target: targets of exactly the same shape.
        reduction: 'mean' (default), 'sum' or 'none'.

    Returns:
        A 0-d tensor, or per-element losses for 'none'.

    Raises:
        ValueError: if the shapes differ so that broadcasting would repeat
            values (PyTorch broadcasts with a warning; the loss is then almost
            always wrong). Shapes that differ only by size-1 dimensions, as
            (1,) and (), warn as in PyTorch and give the right loss.
    """
    reduction = _Reduction.reduction_of(size_average, reduce, reduction)
    _check_reduction(reduction)
    tensor_arg(input, "mse_loss")
    _check_tensor(target, "target", "mse_loss")
    _check_same_shape(input, target, "mse_loss")
    float_input(input, "mse_loss")
    return mse_loss_node(input, target, reduction=reduction)


def l1_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    """Mean absolute error: `|input - target|`, reduced.

    Args:
        input: predictions.
        target: targets of exactly the same shape.
        reduction: 'mean' (default), 'sum' or 'none'.

    Raises:
        ValueError: if the shapes differ.
    """
    reduction = _Reduction.reduction_of(size_average, reduce, reduction)
    _check_reduction(reduction)
    tensor_arg(input, "l1_loss")
    _check_tensor(target, "target", "l1_loss")
    _check_same_shape(input, target, "l1_loss")
    return _reduce((input - target).abs(), reduction)


def _class_dim(input):
    if input.dim() == 0:
        raise ValueError(
            "Expected input with at least 1 dimension (the classes), got 0-d"
        )
    return 0 if input.dim() == 1 else 1


def _one_sample_target(input, target):
    """The class-index target of a single sample (a 1-D input of class
    scores): PyTorch takes it as a 0-d tensor or as a 1-D tensor of size 1,
    read as the 0-d one."""
    if input.dim() != 1 or target.dim() != 1 or _is_float(target):
        return target
    if target.shape[0] != 1:
        raise ValueError(
            "For 1D input, 1D target must have size 1, but got target size: "
            f"{target.shape[0]} (a 1-D input is one sample; give a batch as "
            "input of shape (N, C))"
        )
    return target.reshape(())


def _class_targets(input, target, ignore_index, class_dim, function):
    """Check class-index targets; return (safe indices, keep mask) as numpy arrays."""
    if _is_float(target):
        raise RuntimeError(
            f"{function}: expected target dtype to be Long (class indices), but got "
            f"{target.dtype}; for class probabilities use cross_entropy"
        )
    expected = tuple(s for d, s in enumerate(input.shape) if d != class_dim)
    if tuple(target.shape) != expected:
        if input.dim() >= 2 and target.dim() >= 1 and target.shape[0] != input.shape[0]:
            raise ValueError(
                f"Expected input batch_size ({input.shape[0]}) to match target "
                f"batch_size ({target.shape[0]})."
            )
        raise RuntimeError(  # (PyTorch's type; a batch size that differs: ValueError)
            f"{function}: target of shape {target.shape} does not fit input of "
            f"shape {input.shape}; expected target shape {list(expected)} (one class "
            "index per sample)"
        )
    indices = _numpy(target).astype(np.int64)
    keep = indices != ignore_index
    n_classes = input.shape[class_dim]
    bad = keep & ((indices < 0) | (indices >= n_classes))
    if bad.any():
        raise IndexError(f"Target {int(indices[bad].flat[0])} is out of bounds.")
    return np.where(keep, indices, 0), keep


def _spread_along(values, indices, shape, class_dim):
    """A numpy array of `shape`, `values` at `indices` along `class_dim`, else 0."""
    out = np.zeros(shape)
    np.put_along_axis(
        out,
        np.expand_dims(indices, class_dim),
        np.expand_dims(values, class_dim),
        axis=class_dim,
    )
    return out


def _class_weights(weight, n_classes):
    if weight is None:
        return np.ones(n_classes)
    if tuple(weight.shape) != (n_classes,):
        raise RuntimeError(
            f"weight tensor should be defined either for all {n_classes} classes or "
            f"no classes but got weight tensor of shape: {list(weight.shape)}"
        )
    return _numpy(weight).astype(np.float64)


def nll_loss(
    input,
    target,
    weight=None,
    size_average=None,
    ignore_index=-100,
    reduce=None,
    reduction="mean",
):
    """Negative log likelihood: `-input[i, target[i]]`, averaged over samples.

    Expects log-probabilities (e.g. from `log_softmax`). With class weights
    the mean divides by the total weight of the targets, as PyTorch does.

    Args:
        input: `(N, C)` log-probabilities (also `(C,)` or `(N, C, d1, ...)`).
        target: int64 class indices of shape `(N,)` (or `()`, `(N, d1, ...)`).
        weight: optional `(C,)` weight per class.
        ignore_index: targets equal to this contribute nothing.
        reduction: 'mean' (default), 'sum' or 'none'.
    """
    reduction = _Reduction.reduction_of(size_average, reduce, reduction)
    _check_reduction(reduction)
    _check_tensor(target, "target", "nll_loss")
    _check_long_target(target, "nll_loss")
    _float_input(input, "nll_loss")
    int_arg(ignore_index, "nll_loss", "ignore_index", 5)
    class_dim = _class_dim(input)
    target = _one_sample_target(input, target)
    indices, keep = _class_targets(input, target, ignore_index, class_dim, "nll_loss")
    w = _class_weights(weight, input.shape[class_dim])
    target_weight = w[indices] * keep  # each sample's weight, 0 if ignored
    # A mask holding the target's weight at the target class picks -w * logp out
    # with a multiply and a sum: plain Tensor ops, so the gradient comes free.
    mask = _spread_along(target_weight, indices, input.shape, class_dim)
    mask = minigrad.tensor(mask, dtype=input.dtype)
    # A mean divides by the number of samples, or with class weights (or
    # ignored samples) by the total weight of the targets, as PyTorch does.
    if weight is None and keep.all():
        total = float(keep.size)
    else:
        total = float(target_weight.sum())
    return NllLoss.apply(
        input, mask=mask, class_dim=class_dim, reduction=reduction, total=total
    )


def cross_entropy(
    input,
    target,
    weight=None,
    size_average=None,
    ignore_index=-100,
    reduce=None,
    reduction="mean",
    label_smoothing=0.0,
):
    """Cross-entropy of logits against class indices (or class probabilities).

    Equals `nll_loss(log_softmax(input, dim=1), target)`: softmax turns logits
    into probabilities, and the loss is minus the log-probability of the
    right class.

    Args:
        input: `(N, C)` raw scores (logits); also `(C,)` or `(N, C, d1, ...)`.
        target: int64 class indices `(N,)`, or float probabilities `(N, C)`.
        weight: optional `(C,)` weight per class.
        ignore_index: class-index targets equal to this contribute nothing.
        reduction: 'mean' (default), 'sum' or 'none'.
        label_smoothing: at most 1; mixes the target with the uniform
            distribution, as PyTorch does (which, like minigrad, reads a
            negative value as 0: no smoothing).

    Returns:
        A 0-d tensor, or per-sample losses for 'none'.

    Example:
        >>> logits = minigrad.tensor([[2.0, 0.0, -1.0]])
        >>> F.cross_entropy(logits, minigrad.tensor([0]))  # doctest: +SKIP
        tensor(0.1698)
    """
    reduction = _Reduction.reduction_of(size_average, reduce, reduction)
    _check_reduction(reduction)
    tensor_arg(input, "cross_entropy_loss")
    _check_tensor(target, "target", "cross_entropy")
    if label_smoothing > 1.0:
        raise RuntimeError(  # (PyTorch's type)
            f"label_smoothing must be between 0.0 and 1.0. Got: {label_smoothing}"
        )
    # PyTorch checks only the upper bound, and smooths only when it is > 0.
    label_smoothing = max(label_smoothing, 0.0)
    class_dim = _class_dim(input)
    n_classes = input.shape[class_dim]
    if weight is not None and weight.dtype != input.dtype:
        raise RuntimeError(
            f"expected scalar type {_type_name(input)} but found {_type_name(weight)} "
            "(cross_entropy's weight must have the input's dtype: convert it with "
            ".to(input.dtype))"
        )
    log_probs = input.log_softmax(dim=class_dim)
    w = _class_weights(weight, n_classes)
    w_shape = [1] * input.dim()
    w_shape[class_dim] = n_classes
    w_tensor = minigrad.tensor(w.reshape(w_shape), dtype=input.dtype)

    if _is_float(target):  # class probabilities
        if ignore_index != -100:
            raise RuntimeError(
                "ignore_index is not supported for floating point target (class "
                "probabilities have no class to ignore: leave ignore_index out)"
            )
        if target.shape != input.shape:
            raise RuntimeError(
                f"cross_entropy: probability targets must have the input's shape; "
                f"got target {target.shape} and input {input.shape}"
            )
        if label_smoothing > 0:
            target = target * (1 - label_smoothing) + label_smoothing / n_classes
        if weight is not None:
            target = target * w_tensor
        return _reduce(-(log_probs * target).sum(dim=class_dim), reduction)

    _check_long_target(target, "cross_entropy")
    target = _one_sample_target(input, target)
    loss = nll_loss(
        log_probs,
        target,
        weight=weight,
        ignore_index=ignore_index,
        reduction=reduction,
    )
    if label_smoothing == 0:
        return loss
    # Smoothing adds the average of -log p over all classes (PyTorch's formula).
    indices, keep = _class_targets(
        input, target, ignore_index, class_dim, "cross_entropy"
    )
    keep_tensor = minigrad.tensor(keep, dtype=input.dtype)
    if weight is None:
        smooth = -log_probs.sum(dim=class_dim) * keep_tensor
    else:
        smooth = -(log_probs * w_tensor).sum(dim=class_dim) * keep_tensor
    if reduction == "sum":
        smooth = smooth.sum()
    elif reduction == "mean":
        total = float((w[indices] * keep).sum())
        if total != 0:
            smooth = smooth.sum() / total
        else:  # every target ignored: the loss is nan, its gradient 0 (PyTorch's)
            smooth = smooth.sum() * 0.0 + float("nan")
    return loss * (1 - label_smoothing) + smooth * (label_smoothing / n_classes)


def binary_cross_entropy(
    input, target, weight=None, size_average=None, reduce=None, reduction="mean"
):
    """Binary cross-entropy of probabilities: `-(t log p + (1 - t) log(1 - p))`.

    Each log is clamped at -100 (PyTorch's rule), so p = 0 or 1 gives a large
    but finite loss. For raw scores use `binary_cross_entropy_with_logits`.

    Args:
        input: probabilities in [0, 1] (e.g. after `sigmoid`).
        target: targets in [0, 1] of exactly the same shape.
        weight: optional weight, broadcast against the per-element loss.
        reduction: 'mean' (default), 'sum' or 'none'.

    Raises:
        ValueError: if the shapes differ. RuntimeError: if an input or a target
            is outside [0, 1].
    """
    reduction = _Reduction.reduction_of(size_average, reduce, reduction)
    _check_reduction(reduction)
    _check_tensor(target, "target", "binary_cross_entropy")
    _float_input(input, "binary_cross_entropy")
    if target.shape != input.shape:
        raise ValueError(
            f"Using a target size ({target.shape}) that is different to the input "
            f"size ({input.shape}) is deprecated. Please ensure they have the same "
            "size."
        )
    if target.dtype != input.dtype:
        raise RuntimeError(
            f"Found dtype {_type_name(target)} but expected {_type_name(input)} "
            "(binary_cross_entropy needs target and input of the same dtype; "
            "convert the target with .to(input.dtype))"
        )
    values = _numpy(input)
    if values.size and not ((values >= 0) & (values <= 1)).all():
        raise RuntimeError("all elements of input should be between 0 and 1")
    targets = _numpy(target)
    if targets.size and not ((targets >= 0) & (targets <= 1)).all():
        # (a target of 2 would give a loss, and gradients, of no meaning)
        raise RuntimeError(
            "all elements of target should be between 0 and 1 (binary "
            "cross-entropy compares probabilities; for class indices use "
            "cross_entropy)"
        )
    return BinaryCrossEntropy.apply(input, target, weight=weight, reduction=reduction)


def binary_cross_entropy_with_logits(
    input,
    target,
    weight=None,
    size_average=None,
    reduce=None,
    reduction="mean",
    pos_weight=None,
):
    """Binary cross-entropy of logits: `BCE(sigmoid(x), t)`, computed stably.

    Uses PyTorch's formula `(1 - t) * x - log(sigmoid(x))`, which never takes
    the log of a probability that has rounded to 0.

    Args:
        input: raw scores (logits).
        target: targets in [0, 1] of exactly the same shape.
        weight: optional weight, broadcast against the per-element loss.
        reduction: 'mean' (default), 'sum' or 'none'.
        pos_weight: optional weight of the positive class (broadcast along the
            last dimension).

    Raises:
        ValueError: if the shapes differ.
    """
    reduction = _Reduction.reduction_of(size_average, reduce, reduction)
    _check_reduction(reduction)
    _check_tensor(target, "target", "binary_cross_entropy_with_logits")
    _float_input(input, "binary_cross_entropy_with_logits")
    if target.shape != input.shape:
        raise ValueError(
            f"Target size ({target.shape}) must be the same as input size "
            f"({input.shape})"
        )
    if not target.is_floating_point():
        # (0/1 labels as int64 are a common slip: PyTorch refuses them)
        raise RuntimeError(
            f"result type Float can't be cast to the desired output type "
            f"{_type_name(target)} (give the target as floats: target.float())"
        )
    return BinaryCrossEntropyWithLogits.apply(
        input, target, weight=weight, reduction=reduction, pos_weight=pos_weight
    )


# ------------------------------------------- more activations, norms and losses
# (issue 12: what students bring from PyTorch tutorials; the ops are in
# ops/activation.py, ops/layer_norm.py and nn/robust_losses.py)


def _float_input(input, function):
    tensor_arg(input, function)
    return float_input(input, function)


def elu(input, alpha=1.0, inplace=False):
    """Exponential linear unit: `x` for x > 0, `alpha * (exp(x) - 1)` otherwise.

    Args:
        input: a float tensor.
        alpha: the value the negative side tends to is -alpha (default 1).
        inplace: write the result into `input` (as PyTorch does).

    Returns:
        A tensor of input's shape (EluBackward0).

    Example:
        >>> F.elu(minigrad.tensor([-1.0, 2.0]))
        tensor([-0.6321,  2.0000])
    """
    _float_input(input, "elu")
    return _apply(input, inplace, _activation.Elu.apply, alpha=alpha)


def gelu(input, *, approximate="none"):
    """Gaussian error linear unit: `x * Φ(x)`, Φ the standard normal CDF.

    Args:
        input: a float tensor.
        approximate: 'none' (exact, with erf) or 'tanh'
            (`0.5 x (1 + tanh(√(2/π) (x + 0.044715 x³)))`).

    Returns:
        A tensor of input's shape (GeluBackward0).

    Example:
        >>> F.gelu(minigrad.tensor([-1.0, 1.0]))
        tensor([-0.1587,  0.8413])
    """
    if not isinstance(approximate, str):
        raise TypeError(
            f"gelu(): argument 'approximate' must be str, not "
            f"{type(approximate).__name__}"
        )
    if approximate not in ("none", "tanh"):
        raise RuntimeError(
            f"approximate argument must be either none or tanh (got {approximate!r})"
        )
    return _activation.Gelu.apply(_float_input(input, "gelu"), approximate=approximate)


def silu(input, inplace=False):
    """Sigmoid linear unit (swish): `x * sigmoid(x)`.

    Example:
        >>> F.silu(minigrad.tensor([0.0, 1.0]))
        tensor([0.0000, 0.7311])
    """
    _float_input(input, "silu")
    return _apply(input, inplace, _activation.Silu.apply)


def softplus(input, beta=1.0, threshold=20.0):
    """A smooth relu: `log(1 + exp(beta x)) / beta`, and x itself where
    `beta * x > threshold` (where the two agree to float precision).

    Args:
        input: a float tensor.
        beta: the sharpness (larger is closer to relu).
        threshold: above `beta * x > threshold` the result is x.

    Example:
        >>> F.softplus(minigrad.tensor([0.0, 30.0]))
        tensor([ 0.6931, 30.0000])
    """
    return _activation.Softplus.apply(
        _float_input(input, "softplus"), beta=beta, threshold=threshold
    )


def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):
    """`x` limited to [min_val, max_val]. Its gradient is 1 strictly inside
    and 0 at the bounds and beyond, as PyTorch's.

    Example:
        >>> F.hardtanh(minigrad.tensor([-2.0, 0.5, 2.0]))
        tensor([-1.0000,  0.5000,  1.0000])
    """
    tensor_arg(input, "hardtanh")
    if input.dtype is minigrad.bool:  # (numpy would clip True and False to numbers)
        raise RuntimeError(
            "Bool inputs not supported for hardtanh (convert the input with "
            ".float() or .int())"
        )
    if min_val > max_val:
        raise ValueError("min_val cannot be greater than max_val")
    return _apply(
        input, inplace, _activation.Hardtanh.apply, min_val=min_val, max_val=max_val
    )


def relu6(input, inplace=False):
    """`min(max(x, 0), 6)`: hardtanh from 0 to 6 (HardtanhBackward0, as
    PyTorch records it; the gradient is 0 at 0 and at 6).

    Example:
        >>> F.relu6(minigrad.tensor([-1.0, 3.0, 9.0]))
        tensor([0., 3., 6.])
    """
    tensor_arg(input, "relu6")
    return hardtanh(input, 0.0, 6.0, inplace)


def normalize(input, p=2.0, dim=1, eps=1e-12, out=None):
    """Divide by the p-norm along `dim`: `x / max(‖x‖_p, eps)`.

    Args:
        input: a float tensor.
        p: the norm's exponent (default 2).
        dim: the dim whose vectors get norm 1 (default 1: each row of a batch).
        eps: the smallest norm divided by, so a zero vector stays zero.

    Example:
        >>> F.normalize(minigrad.tensor([[3.0, 4.0]]))
        tensor([[0.6000, 0.8000]])
    """
    tensor_arg(input, "normalize")  # (an integer input: `norm` refuses it)
    if out is not None:
        raise NotImplementedError("normalize(out=...) is not supported by minigrad")
    norm = input.norm(p, dim, keepdim=True).clamp_min(eps)
    return input / norm.expand_as(input)


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    """Normalise each sample over its last dims, then scale and shift.

    `(x - mean) / sqrt(var + eps) * weight + bias`, with the mean and the
    biased variance taken over the last `len(normalized_shape)` dims.

    Args:
        input: a float tensor of shape `(*, *normalized_shape)`.
        normalized_shape: an int or a tuple: the shape of the trailing dims.
        weight, bias: tensors of shape `normalized_shape`, or None.
        eps: added to the variance, so a constant sample gives 0, not nan.

    Returns:
        A tensor of input's shape (NativeLayerNormBackward0).

    Example:
        >>> F.layer_norm(minigrad.tensor([[1.0, 3.0]]), (2,))
        tensor([[-1.0000,  1.0000]])
    """
    _float_input(input, "layer_norm")
    if not isinstance(normalized_shape, (tuple, list)):
        raise TypeError(
            "layer_norm(): argument 'normalized_shape' (position 2) must be tuple "
            f"of ints, not {type(normalized_shape).__name__} (write "
            f"({normalized_shape!r},); nn.LayerNorm takes an int too)"
        )
    shape = tuple(normalized_shape)
    trailing = tuple(input.shape[input.dim() - len(shape) :]) if shape else ()
    if not shape or len(shape) > input.dim() or trailing != shape:
        raise RuntimeError(
            f"Given normalized_shape={list(shape)}, expected input with shape "
            f"[*, {', '.join(str(n) for n in shape)}], but got input of size"
            f"{list(input.shape)}"
        )
    for name, t in (("weight", weight), ("bias", bias)):
        if t is not None and t.dtype != input.dtype:
            raise RuntimeError(
                "mixed dtype (CPU): expect parameter to have scalar type of "
                f"{_type_name(input)} (got {name} of dtype {t.dtype}; convert it "
                "or the input with .to())"
            )
        if t is not None and tuple(t.shape) != shape:
            raise RuntimeError(
                f"Expected {name} to be of same shape as normalized_shape, but got "
                f"{name} of shape {list(t.shape)} and normalized_shape = {list(shape)}"
            )
    return _layer_norm.LayerNorm.apply(
        input, weight, bias, normalized_ndim=len(shape), eps=eps
    )


def batch_norm(
    input,
    running_mean,
    running_var,
    weight=None,
    bias=None,
    training=False,
    momentum=0.1,
    eps=1e-5,
):
    """Normalise each channel of a batch, then scale and shift it: the
    argument checks of PyTorch's `F.batch_norm`, then the op
    (`ops/normalization.py`, which has the maths and describes each
    argument). Here the running statistics are both given or neither, and
    needed in evaluation mode; `eps` is > 0 when training, >= 0 otherwise.

    Example:
        >>> F.batch_norm(minigrad.tensor([[1.0], [3.0]]), None, None, training=True)
        tensor([[-1.0000],
                [ 1.0000]])
    """
    tensor_arg(input, "batch_norm")
    # (a variance of 0 plus an eps <= 0 would divide by 0 or take a negative root)
    if training and eps <= 0.0:
        raise ValueError(
            f"batch_norm eps must be positive during training, but got {eps} "
            "(the default is 1e-5)"
        )
    if eps < 0.0:
        raise ValueError(
            f"batch_norm eps must be non-negative, but got {eps} (the default is 1e-5)"
        )
    if not training and input.numel():  # (an empty batch needs no statistics)
        for name, stat in (
            ("running_mean", running_mean),
            ("running_var", running_var),
        ):
            if stat is None:  # (else the batch's statistics would be used, silently)
                raise RuntimeError(
                    f"{name} must be defined in evaluation mode (pass the running "
                    "statistics, or training=True to use the batch's)"
                )
    elif (running_mean is None) != (running_var is None):
        raise ValueError(
            "running_mean and running_var must either both be None or neither be None"
        )
    return _batch_norm(
        input, running_mean, running_var, weight, bias, training, momentum, eps
    )


def embedding(input, weight, padding_idx=None):
    """Rows of `weight` picked by the integer indices in `input`: the argument
    checks of PyTorch's `F.embedding`, then the op (`ops/embedding.py`).

    Args:
        input: an int64 (or int32) tensor of indices, any shape.
        weight: the table, (num_embeddings, embedding_dim).
        padding_idx: a row whose gradient is always zero; in
            [-num_embeddings, num_embeddings).

    Returns:
        Tensor `input.shape + (embedding_dim,)`.

    Example:
        >>> table = minigrad.tensor([[0.0, 0.0], [1.0, 2.0], [3.0, 4.0]])
        >>> F.embedding(minigrad.tensor([2, 1]), table)
        tensor([[3., 4.],
                [1., 2.]])
    """
    tensor_arg(input, "embedding", "indices", 2)  # (a list: PyTorch's TypeError)
    tensor_arg(weight, "embedding", "weight", 1)
    if padding_idx is not None:
        int_arg(padding_idx, "embedding", "padding_idx", 3)
        rows = weight.shape[0] if weight.dim() else 0
        if not -rows <= padding_idx < rows:
            # PyTorch's type (its check is an assert)
            raise AssertionError(
                f"Padding_idx must be within num_embeddings (got padding_idx="
                f"{padding_idx} for a table of {rows} rows)"
            )
    return _embedding(input, weight, padding_idx)


def _check_loss_pair(input, target, function):
    _check_tensor(target, "target", function)
    _check_same_shape(input, target, function)


def smooth_l1_loss(
    input, target, size_average=None, reduce=None, reduction="mean", beta=1.0
):
    """Smooth L1 loss: `0.5 d² / beta` where `|d| < beta`, else `|d| - 0.5 beta`
    (d = input - target), reduced. Quadratic near 0, linear far away.

    Args:
        input, target: tensors of the same shape.
        reduction: 'mean' (default), 'sum' or 'none'.
        beta: where the loss turns from quadratic to linear (>= 0; 0 is L1).

    Example:
        >>> F.smooth_l1_loss(minigrad.tensor([0.5, 3.0]), minigrad.zeros(2))
        tensor(1.3125)
    """
    reduction = _Reduction.reduction_of(size_average, reduce, reduction)
    _check_reduction(reduction)
    _float_input(input, "smooth_l1_loss")
    _check_loss_pair(input, target, "smooth_l1_loss")
    if beta < 0:
        raise RuntimeError("smooth_l1_loss does not support negative values for beta.")
    if beta == 0:  # no quadratic part: the L1 loss, recorded as PyTorch records it
        return l1_loss(input, target, reduction=reduction)
    return SmoothL1Loss.apply(input, target, reduction=reduction, beta=beta)


def huber_loss(input, target, reduction="mean", delta=1.0):
    """Huber loss: `0.5 d²` where `|d| < delta`, else `delta (|d| - 0.5 delta)`
    (d = input - target), reduced.

    Args:
        input, target: tensors of the same shape.
        reduction: 'mean' (default), 'sum' or 'none'.
        delta: where the loss turns from quadratic to linear (> 0).

    Example:
        >>> F.huber_loss(minigrad.tensor([0.5, 3.0]), minigrad.zeros(2))
        tensor(1.3125)
    """
    _check_reduction(reduction)
    _float_input(input, "huber_loss")
    _check_loss_pair(input, target, "huber_loss")
    if delta <= 0:
        raise RuntimeError("huber_loss does not support non-positive values for delta.")
    return HuberLoss.apply(input, target, reduction=reduction, delta=delta)


# ----- still more activations, cosine similarity and the KL divergence ----------

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


def selu(input, inplace=False):
    """Scaled elu: `scale * elu(x, alpha)` with PyTorch's fixed alpha (1.6733)
    and scale (1.0507), which keep activations near mean 0 and variance 1.

    Example:
        >>> F.selu(minigrad.tensor([-1.0, 1.0]))
        tensor([-1.1113,  1.0507])
    """
    _float_input(input, "selu")
    return _apply(
        input, inplace, _activation.Elu.apply, alpha=SELU_ALPHA, scale=SELU_SCALE
    )


def celu(input, alpha=1.0, inplace=False):
    """Continuously differentiable elu: `x` for x > 0, else
    `alpha * (exp(x / alpha) - 1)` (its slope is 1 at 0 for every alpha).

    Example:
        >>> F.celu(minigrad.tensor([-1.0, 1.0]), alpha=2.0)
        tensor([-0.7869,  1.0000])
    """
    _float_input(input, "celu")
    if alpha == 0:
        raise RuntimeError("ZeroDivisionError: celu's alpha must not be 0")
    return _apply(
        input,
        inplace,
        _activation.Elu.apply,
        alpha=alpha,
        input_scale=1.0 / alpha,
        name="Celu",
    )


def mish(input, inplace=False):
    """`x * tanh(softplus(x))`, a smooth relu-like activation.

    Example:
        >>> F.mish(minigrad.tensor([0.0, 1.0]))
        tensor([0.0000, 0.8651])
    """
    _float_input(input, "mish")
    return _apply(input, inplace, _activation.Mish.apply)


def hardswish(input, inplace=False):
    """`x * relu6(x + 3) / 6`: 0 below -3, x above 3, a parabola between.

    Example:
        >>> F.hardswish(minigrad.tensor([-4.0, 1.0, 4.0]))
        tensor([-0.0000,  0.6667,  4.0000])
    """
    _float_input(input, "hardswish")
    return _apply(input, inplace, _activation.Hardswish.apply)


def hardsigmoid(input, inplace=False):
    """`relu6(x + 3) / 6`: 0 below -3, 1 above 3, a line between.

    Example:
        >>> F.hardsigmoid(minigrad.tensor([-4.0, 0.0, 4.0]))
        tensor([0.0000, 0.5000, 1.0000])
    """
    _float_input(input, "hardsigmoid")
    return _apply(input, inplace, _activation.Hardsigmoid.apply)


def softsign(input):
    """`x / (1 + |x|)`, squashing into (-1, 1) (composed, as PyTorch does).

    Example:
        >>> F.softsign(minigrad.tensor([-1.0, 3.0]))
        tensor([-0.5000,  0.7500])
    """
    tensor_arg(input, "softsign")
    return input / (input.abs() + 1)


def tanhshrink(input):
    """`x - tanh(x)` (composed, as PyTorch does).

    Example:
        >>> F.tanhshrink(minigrad.tensor([0.0, 1.0]))
        tensor([0.0000, 0.2384])
    """
    tensor_arg(input, "tanhshrink")
    return input - input.tanh()


def softmin(input, dim=None, dtype=None):
    """`softmax(-x)` along `dim`: the smallest scores get the most weight.

    Example:
        >>> F.softmin(minigrad.tensor([1.0, 2.0]), dim=0)
        tensor([0.7311, 0.2689])
    """
    tensor_arg(input, "softmin")
    return softmax(-input, dim, dtype)


def cosine_similarity(x1, x2, dim=1, eps=1e-8):
    """The cosine of the angle between x1 and x2 along `dim`:
    `Σ x1 x2 / (max(‖x1‖, eps) max(‖x2‖, eps))`, each normalised first, as
    PyTorch computes it (so a zero vector gives 0, not nan).

    Args:
        x1, x2: tensors that broadcast to one shape.
        dim: the dim of the vectors (default 1: each row of a batch).
        eps: the smallest norm divided by.

    Example:
        >>> a, b = minigrad.tensor([[1.0, 0.0]]), minigrad.tensor([[1.0, 1.0]])
        >>> F.cosine_similarity(a, b)
        tensor([0.7071])
    """
    tensor_arg(x1, "cosine_similarity", "x1", 1)
    tensor_arg(x2, "cosine_similarity", "x2", 2)
    if x1.shape != x2.shape:  # broadcast first, as PyTorch ((2, 3) with (3,))
        check_broadcast(x1, x2)
        shape = np.broadcast_shapes(x1.shape, x2.shape)
        x1, x2 = x1.expand(shape), x2.expand(shape)
    unit1 = x1 / x1.norm(2, dim, keepdim=True).clamp_min(eps)
    unit2 = x2 / x2.norm(2, dim, keepdim=True).clamp_min(eps)
    return (unit1 * unit2).sum(dim)


def kl_div(
    input, target, size_average=None, reduce=None, reduction="mean", log_target=False
):
    """Kullback-Leibler divergence of `target` from the distribution whose
    log-probabilities are `input`: `target * (log(target) - input)`, 0 where
    the target is 0, reduced.

    Args:
        input: log-probabilities (e.g. after `log_softmax`).
        target: probabilities (or log-probabilities with `log_target=True`).
        reduction: 'mean' (over every element; PyTorch warns it is not the
            KL divergence), 'batchmean' (the sum over the batch size: the KL
            divergence), 'sum' or 'none'.
        size_average, reduce: PyTorch's deprecated flags: if given, they
            decide the reduction, with a warning (see `_reduction.py`).

    Example:
        >>> F.kl_div(minigrad.tensor([0.5, 0.5]).log(), minigrad.tensor([0.5, 0.5]),
        ...          reduction="batchmean")
        tensor(0.)
    """
    legacy = size_average is not None or reduce is not None
    reduction = _Reduction.reduction_of(size_average, reduce, reduction)
    if reduction not in ("mean", "batchmean", "sum", "none"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    _check_tensor(target, "target", "kl_div")
    if log_target:
        pointwise = target.exp() * (target - input)
    else:
        positive = target > 0
        safe = minigrad.where(positive, target, minigrad.ones_like(target))
        pointwise = minigrad.where(positive, target * safe.log(), 0.0) - target * input
    if reduction == "batchmean":
        return pointwise.sum() / (input.shape[0] if input.dim() else 1)
    if reduction == "mean" and not legacy:
        warnings.warn(
            "reduction: 'mean' divides the total loss by both the batch size and "
            "the support size.'batchmean' divides only by the batch size, and "
            "aligns with the KL div math definition.'mean' will be changed to "
            "behave the same as 'batchmean' in the next major release.",
            UserWarning,
            stacklevel=2,
        )
    return _reduce(pointwise, reduction)


# ----------------------------------------------------------- in-place variants
# PyTorch's `F.relu_(x)` & co are `F.relu(x, inplace=True)`: the tensor passed
# in is changed (and returned), as by `x.relu_()`.


def relu_(input):
    """In-place `relu`: `F.relu(input, inplace=True)`. Returns `input`."""
    return relu(input, inplace=True)


def elu_(input, alpha=1.0):
    """In-place `elu`: `F.elu(input, alpha, inplace=True)`. Returns `input`."""
    return elu(input, alpha, inplace=True)


def leaky_relu_(input, negative_slope=0.01):
    """In-place `leaky_relu`: `F.leaky_relu(input, negative_slope, inplace=True)`."""
    return leaky_relu(input, negative_slope, inplace=True)


def hardtanh_(input, min_val=-1.0, max_val=1.0):
    """In-place `hardtanh`: `F.hardtanh(input, min_val, max_val, inplace=True)`."""
    return hardtanh(input, min_val, max_val, inplace=True)


def threshold_(input, threshold, value):
    """In-place `threshold`: `F.threshold(input, threshold, value, inplace=True)`."""
    return _activation_extra.threshold(input, threshold, value, inplace=True)


def rrelu_(input, lower=1.0 / 8, upper=1.0 / 3, training=False):
    """In-place `rrelu`: `F.rrelu(input, lower, upper, training, inplace=True)`."""
    return rrelu(input, lower, upper, training, inplace=True)


def celu_(input, alpha=1.0):
    """In-place `celu`: `F.celu(input, alpha, inplace=True)`. Returns `input`."""
    return celu(input, alpha, inplace=True)


def selu_(input):
    """In-place `selu`: `F.selu(input, inplace=True)`. Returns `input`."""
    return selu(input, inplace=True)
