"""`minigrad.nn`: layers, losses and the Module base class, as in `torch.nn`.

    import minigrad as torch
    import minigrad.nn as nn

    model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 1))
    loss = nn.MSELoss()(model(x), y)

Everything here is built from public Tensor operations, so the autograd core
does all differentiation. Read `module.py` first, then `linear.py`,
`functional.py` (the maths of every layer and loss) and `init.py`.
"""

from . import functional, init, modules, utils
from .activation import (
    CELU,
    ELU,
    GELU,
    SELU,
    CosineSimilarity,
    Dropout,
    Hardsigmoid,
    Hardswish,
    Hardtanh,
    LeakyReLU,
    LogSigmoid,
    LogSoftmax,
    Mish,
    PairwiseDistance,
    ReLU,
    ReLU6,
    Sigmoid,
    SiLU,
    Softmax,
    Softmin,
    Softplus,
    Softsign,
    Tanh,
    Tanhshrink,
)
from .activation_extra import (
    AlphaDropout,
    FeatureAlphaDropout,
    Hardshrink,
    LocalResponseNorm,
    RMSNorm,
    RReLU,
    Softmax2d,
    Softshrink,
    Threshold,
)
from .activation_more import GLU, PReLU
from .attention import MultiheadAttention
from .container import (
    ModuleDict,
    ModuleList,
    ParameterDict,
    ParameterList,
    Sequential,
)
from .conv import Conv1d, Conv2d, ConvTranspose2d
from .conv_more import (
    Bilinear,
    ConvTranspose1d,
    EmbeddingBag,
    Fold,
    LazyLinear,
    LPPool1d,
    LPPool2d,
    MaxUnpool1d,
    MaxUnpool2d,
    Unfold,
)
from .dropout import Dropout1d, Dropout2d, Dropout3d
from .embedding import Embedding
from .linear import Flatten, Identity, Linear
from .loss import (
    BCELoss,
    BCEWithLogitsLoss,
    CrossEntropyLoss,
    HuberLoss,
    KLDivLoss,
    L1Loss,
    MSELoss,
    NLLLoss,
    SmoothL1Loss,
)
from .losses_more import (
    CosineEmbeddingLoss,
    GaussianNLLLoss,
    HingeEmbeddingLoss,
    MarginRankingLoss,
    MultiLabelMarginLoss,
    MultiLabelSoftMarginLoss,
    MultiMarginLoss,
    PoissonNLLLoss,
    SoftMarginLoss,
    TripletMarginLoss,
)
from .module import Module
from .normalization import BatchNorm1d, BatchNorm2d, LayerNorm
from .norms_more import GroupNorm, InstanceNorm1d, InstanceNorm2d
from .padding import (
    CircularPad1d,
    CircularPad2d,
    ConstantPad1d,
    ConstantPad2d,
    ReflectionPad1d,
    ReflectionPad2d,
    ReplicationPad1d,
    ReplicationPad2d,
    ZeroPad1d,
    ZeroPad2d,
)
from .parameter import Buffer, Parameter
from .pooling import AdaptiveAvgPool2d, AvgPool2d, MaxPool2d
from .pooling_more import (
    AdaptiveAvgPool1d,
    AdaptiveMaxPool1d,
    AdaptiveMaxPool2d,
    AvgPool1d,
    MaxPool1d,
)
from .rnn import GRU, LSTM, RNN, GRUCell, LSTMCell, RNNBase, RNNCell, RNNCellBase
from .transformer import (
    Transformer,
    TransformerDecoder,
    TransformerDecoderLayer,
    TransformerEncoder,
    TransformerEncoderLayer,
)
from .unflatten import Unflatten
from .upsampling import (
    PixelShuffle,
    PixelUnshuffle,
    Upsample,
    UpsamplingBilinear2d,
    UpsamplingNearest2d,
)

__all__ = [
    "AdaptiveAvgPool2d",
    "AvgPool2d",
    "BatchNorm1d",
    "BatchNorm2d",
    "Conv1d",
    "Conv2d",
    "ConvTranspose2d",
    "Embedding",
    "MaxPool2d",
    "BCELoss",
    "BCEWithLogitsLoss",
    "CrossEntropyLoss",
    "Dropout",
    "Flatten",
    "Identity",
    "L1Loss",
    "LeakyReLU",
    "Linear",
    "LogSoftmax",
    "MSELoss",
    "Module",
    "ModuleList",
    "NLLLoss",
    "Parameter",
    "ReLU",
    "Sequential",
    "Sigmoid",
    "Softmax",
    "Tanh",
    "functional",
    "init",
    "modules",
    "utils",
    # issue 12: more activations, losses and layer norm
    "ELU",
    "GELU",
    "Hardtanh",
    "HuberLoss",
    "LayerNorm",
    "ReLU6",
    "SiLU",
    "SmoothL1Loss",
    "Softplus",
    "CELU",
    "CosineSimilarity",
    "Hardsigmoid",
    "Hardswish",
    "KLDivLoss",
    "LogSigmoid",
    "Mish",
    "SELU",
    "Softmin",
    "Softsign",
    "Tanhshrink",
    # padding, channel dropout and Unflatten (CNN programs)
    "CircularPad1d",
    "CircularPad2d",
    "ConstantPad1d",
    "ConstantPad2d",
    "Dropout1d",
    "Dropout2d",
    "Dropout3d",
    "ReflectionPad1d",
    "ReflectionPad2d",
    "ReplicationPad1d",
    "ReplicationPad2d",
    "Unflatten",
    "ZeroPad1d",
    "ZeroPad2d",
    # dict and parameter containers
    "ModuleDict",
    "ParameterDict",
    "ParameterList",
    # recurrent layers (nn/rnn.py)
    "GRU",
    "GRUCell",
    "LSTM",
    "LSTMCell",
    "RNN",
    "RNNBase",
    "RNNCell",
    "RNNCellBase",
    # more CNN layers (pooling_more.py, norms_more.py, upsampling.py,
    # activation_more.py)
    "AdaptiveAvgPool1d",
    "AdaptiveMaxPool1d",
    "AdaptiveMaxPool2d",
    "AvgPool1d",
    "GLU",
    "GroupNorm",
    "InstanceNorm1d",
    "InstanceNorm2d",
    "MaxPool1d",
    "PReLU",
    "PixelShuffle",
    "PixelUnshuffle",
    "Upsample",
    "UpsamplingBilinear2d",
    "UpsamplingNearest2d",
    # attention and transformer layers (attention.py, transformer.py)
    "MultiheadAttention",
    "Transformer",
    "TransformerDecoder",
    "TransformerDecoderLayer",
    "TransformerEncoder",
    "TransformerEncoderLayer",
    # im2col, unpooling, LP pooling, bilinear, lazy and bag layers (conv_more.py)
    "Bilinear",
    "ConvTranspose1d",
    "EmbeddingBag",
    "Fold",
    "LazyLinear",
    "LPPool1d",
    "LPPool2d",
    "MaxUnpool1d",
    "MaxUnpool2d",
    "Unfold",
    # more losses, activations, RMS / local response norm, alpha dropout
    # (losses_more.py, activation_extra.py)
    "AlphaDropout",
    "CosineEmbeddingLoss",
    "FeatureAlphaDropout",
    "GaussianNLLLoss",
    "Hardshrink",
    "HingeEmbeddingLoss",
    "LocalResponseNorm",
    "MarginRankingLoss",
    "MultiLabelMarginLoss",
    "MultiLabelSoftMarginLoss",
    "MultiMarginLoss",
    "PoissonNLLLoss",
    "RMSNorm",
    "RReLU",
    "SoftMarginLoss",
    "Softmax2d",
    "Softshrink",
    "Threshold",
    "TripletMarginLoss",
    # distance module, nn.Buffer
    "Buffer",
    "PairwiseDistance",
]
