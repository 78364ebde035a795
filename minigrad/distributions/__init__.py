"""`minigrad.distributions`: PyTorch's probability distributions that
reinforcement learning and variational autoencoders start with.

    m = minigrad.distributions.Normal(loc, scale)
    z = m.rsample()            # a draw that gradients flow through
    m.log_prob(z), m.entropy()

`Distribution` (the base class, PyTorch's interface), `Normal`, `Uniform`,
`Bernoulli`, `Categorical` and `kl_divergence` (Normal-Normal and
Categorical-Categorical). Their formulas are PyTorch's, written with Tensor
ops, so values, gradients and graphs are PyTorch's; draws come from
minigrad's generator (`minigrad.manual_seed`), so they differ from
PyTorch's for the same seed.
"""

from .bernoulli import Bernoulli
from .categorical import Categorical
from .distribution import Distribution
from .kl import kl_divergence, register_kl
from .normal import Normal
from .uniform import Uniform

__all__ = [
    "Bernoulli",
    "Categorical",
    "Distribution",
    "Normal",
    "Uniform",
    "kl_divergence",
    "register_kl",
]
