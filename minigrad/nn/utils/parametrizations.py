"""`nn.utils.parametrizations`: weight norm and spectral norm, as in PyTorch.

Both are parametrizations (see `parametrize.py`): the layer's weight is
computed from stored tensors at every read, so gradients reach the stored
tensors through ordinary Tensor ops.

- `weight_norm`: w = g * v / ||v||, the size g and the direction v trained
  apart; stored as `parametrizations.weight.original0` (g) and `original1` (v).
- `spectral_norm`: w = W / sigma(W), sigma the largest singular value of W
  (estimated by power iteration), so the layer stretches nothing by more than
  a factor of 1; stored as `parametrizations.weight.original`.
"""

import minigrad

from .. import functional as F
from ..module import Module
from . import parametrize


def _norm_except_dim(v, pow=2, dim=0):
    """The p-norm of `v` over every dimension but `dim` (kept, size 1 elsewhere).

    dim=-1 means over the whole tensor (a 0-d result), as PyTorch's
    `norm_except_dim`.
    """
    if dim == -1:
        return v.norm(pow)
    dim = dim % v.dim()
    others = [d for d in range(v.dim()) if d != dim]
    if not others:  # a 1-D tensor: the norm of one number is its size
        return v.abs()
    return v.norm(pow, dim=others, keepdim=True)


def _weight_norm(v, g, dim=0):
    """w = v * (g / ||v||), the norm taken over every dimension but `dim`."""
    return v * (g / _norm_except_dim(v, 2, dim))


class _WeightNorm(Module):
    """The weight-norm parametrization: (g, v) -> g * v / ||v||."""

    def __init__(self, dim=0):
        super().__init__()
        self.dim = -1 if dim is None else dim

    def forward(self, weight_g, weight_v):
        """The weight from its size g and direction v."""
        return _weight_norm(weight_v, weight_g, self.dim)

    def right_inverse(self, weight):
        """(g, v) for a weight: g its norm, v the weight itself."""
        return _norm_except_dim(weight, 2, self.dim), weight


def weight_norm(module, name="weight", dim=0):
    """Split `module.<name>` into a size g and a direction v: w = g * v / ||v||.

    Args:
        module: the layer.
        name: the parameter to normalise (default "weight").
        dim: the dimension that keeps its own norms (default 0: one g per
            output unit); None for one norm of the whole tensor.

    Returns:
        `module`, with `module.parametrizations.<name>.original0` (g) and
        `original1` (v) in place of the parameter.

    Example:
        >>> layer = nn.utils.parametrizations.weight_norm(nn.Linear(20, 40))
        >>> layer.parametrizations.weight.original0.shape
        minigrad.Size([40, 1])
    """
    parametrize.register_parametrization(module, name, _WeightNorm(dim), unsafe=True)
    return module


class _SpectralNorm(Module):
    """The spectral-norm parametrization: W -> W / sigma(W).

    sigma is estimated by power iteration with the vectors `_u` and `_v`
    (buffers), one step per forward in training mode, 15 at the start.
    """

    def __init__(self, weight, n_power_iterations=1, dim=0, eps=1e-12):
        super().__init__()
        ndim = weight.dim()
        if dim >= ndim or dim < -ndim:
            raise IndexError(
                "Dimension out of range (expected to be in range of "
                f"[-{ndim}, {ndim - 1}] but got {dim})"
            )
        if n_power_iterations <= 0:
            raise ValueError(
                "Expected n_power_iterations to be positive, but got "
                f"n_power_iterations={n_power_iterations}"
            )
        self.dim = dim if dim >= 0 else dim + ndim
        self.eps = eps
        if ndim > 1:
            self.n_power_iterations = n_power_iterations
            weight_mat = self._reshape_weight_to_matrix(weight.detach())
            h, w = weight_mat.shape
            # Random starting vectors: minigrad's draws, not PyTorch's.
            u = minigrad.randn(h, dtype=weight.dtype)
            v = minigrad.randn(w, dtype=weight.dtype)
            self.register_buffer("_u", F.normalize(u, dim=0, eps=eps))
            self.register_buffer("_v", F.normalize(v, dim=0, eps=eps))
            self._power_method(weight_mat, 15)

    def _reshape_weight_to_matrix(self, weight):
        """The weight as a matrix with `dim` as its rows."""
        if self.dim != 0:
            others = [d for d in range(weight.dim()) if d != self.dim]
            weight = weight.permute(self.dim, *others)
        return weight.flatten(1)

    def _power_method(self, weight_mat, n_power_iterations):
        """Move `_u` and `_v` towards W's top singular vectors (no graph)."""
        with minigrad.no_grad():
            for _ in range(n_power_iterations):
                self._u = F.normalize(weight_mat @ self._v, dim=0, eps=self.eps)
                self._v = F.normalize(weight_mat.T @ self._u, dim=0, eps=self.eps)

    def forward(self, weight):
        """W / sigma, sigma = u . (W v) (a 1-D weight is just normalised)."""
        if weight.dim() == 1:
            return F.normalize(weight, dim=0, eps=self.eps)
        weight_mat = self._reshape_weight_to_matrix(weight)
        if self.training:
            self._power_method(weight_mat.detach(), self.n_power_iterations)
        u, v = self._u.clone(), self._v.clone()
        sigma = minigrad.vdot(u, weight_mat @ v)
        return weight / sigma

    def right_inverse(self, value):
        """The weight is stored as it is."""
        return value


def spectral_norm(module, name="weight", n_power_iterations=1, eps=1e-12, dim=None):
    """Divide `module.<name>` by its largest singular value at every read.

    Args:
        module: the layer.
        name: the parameter (default "weight").
        n_power_iterations: power-iteration steps per forward in training
            mode (default 1).
        eps: keeps the normalisation from dividing by zero.
        dim: the dimension of the output units (default 0; 1 for transposed
            convolutions).

    Returns:
        `module`, the weight stored as `module.parametrizations.<name>.original`.

    Raises:
        ValueError: `module` has no tensor called `name`.
    """
    weight = getattr(module, name, None)
    if not isinstance(weight, minigrad.Tensor):
        raise ValueError(
            f"Module '{module}' has no parameter or buffer with name '{name}'"
        )
    if dim is None:
        # A transposed convolution's weight is (in, out, ...): its output
        # units are along dim 1 (ConvTranspose1d/2d/3d, as PyTorch).
        dim = 1 if type(module).__name__.startswith("ConvTranspose") else 0
    parametrize.register_parametrization(
        module, name, _SpectralNorm(weight, n_power_iterations, dim, eps)
    )
    return module


__all__ = ["spectral_norm", "weight_norm"]
