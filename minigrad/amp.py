"""`minigrad.amp`: automatic mixed precision, as far as a CPU-only library has it.

PyTorch programs train in mixed precision with two pieces:

    scaler = torch.amp.GradScaler("cuda")
    with torch.autocast(device_type="cuda", dtype=torch.float16):
        loss = model(x)
    scaler.scale(loss).backward()
    scaler.step(optimizer)
    scaler.update()

Without CUDA, PyTorch disables both for "cuda" (with a warning) and the loop
runs in float32: so does minigrad. On the CPU, `GradScaler("cpu")` works as
PyTorch's: the loss is multiplied by a large scale so that small gradients do
not underflow, the gradients are divided back before the step, and a step
whose gradients overflowed (inf or nan) is skipped and the scale halved.
`autocast` on the CPU would compute in bfloat16, which numpy does not have:
minigrad refuses it rather than compute something else.
"""

import math
import warnings

import numpy as np

from .tensor import Tensor


class autocast:  # noqa: N801 (PyTorch's name)
    """Run a block in lower precision: `with minigrad.autocast("cuda"): ...`.

    For "cuda" (which minigrad does not have) it warns and does nothing, as
    PyTorch without CUDA; `enabled=False` does nothing; on the CPU it raises
    NotImplementedError (minigrad has no bfloat16).

    Args:
        device_type: "cuda" or "cpu".
        dtype: the lower precision (PyTorch: float16 or bfloat16).
        enabled: False turns the block into a plain one.
        cache_enabled: PyTorch's, accepted.
    """

    def __init__(self, device_type, dtype=None, enabled=True, cache_enabled=None):
        if not isinstance(device_type, str):
            raise ValueError(
                f"Expected `device_type` of type `str`, got: `{type(device_type)}`"
            )
        if enabled and device_type == "cuda":
            warnings.warn(
                "CUDA is not available (minigrad runs on the CPU only). Disabling "
                "autocast.",
                UserWarning,
                stacklevel=2,
            )
            enabled = False
        if enabled:
            raise NotImplementedError(
                f"autocast(device_type={device_type!r}): minigrad has no mixed "
                "precision on the CPU (PyTorch computes matrix products in "
                "bfloat16 there, which numpy does not have); leave autocast out "
                "or pass enabled=False, and the block runs in float32"
            )
        self.device = device_type
        self.fast_dtype = dtype
        self._enabled = False

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def __call__(self, function):
        """Use as a decorator: `@minigrad.autocast("cuda")`."""

        def run(*args, **kwargs):
            with self:
                return function(*args, **kwargs)

        return run


class GradScaler:
    """Scale the loss so that small gradients survive low precision, then
    unscale them before the optimizer's step (PyTorch's `torch.amp.GradScaler`).

    For "cuda" it warns and is disabled (every method passes through), as
    PyTorch without CUDA. For "cpu" it scales: `scale(loss)` multiplies by
    the scale, `step(optimizer)` divides the gradients back and steps unless
    one is inf or nan, `update()` halves the scale after such a step and
    doubles it after `growth_interval` good ones.

    Example:
        >>> scaler = minigrad.amp.GradScaler("cpu")  # doctest: +SKIP
        >>> scaler.scale(loss).backward()  # doctest: +SKIP
        >>> scaler.step(optimizer); scaler.update()  # doctest: +SKIP
    """

    def __init__(
        self,
        device="cuda",
        init_scale=2.0**16,
        growth_factor=2.0,
        backoff_factor=0.5,
        growth_interval=2000,
        enabled=True,
    ):
        if enabled and device == "cuda":
            warnings.warn(
                "GradScaler is enabled for 'cuda', but CUDA is not available "
                "(minigrad runs on the CPU only). Disabling.",
                UserWarning,
                stacklevel=2,
            )
            enabled = False
        if enabled:
            if growth_factor <= 1.0:
                raise AssertionError("The growth factor must be > 1.0.")
            if backoff_factor >= 1.0:
                raise AssertionError("The backoff factor must be < 1.0.")
        self._device = device
        self._enabled = enabled
        self._scale = float(init_scale)
        self._growth_factor = growth_factor
        self._backoff_factor = backoff_factor
        self._growth_interval = growth_interval
        self._growth_tracker = 0
        self._found_inf = {}  # optimizer id -> whether its gradients overflowed

    def is_enabled(self):
        """Whether the scaler scales (False for "cuda" without CUDA)."""
        return self._enabled

    def get_scale(self):
        """The current scale (1.0 when disabled)."""
        return self._scale if self._enabled else 1.0

    def get_growth_factor(self):
        """The factor the scale grows by after `growth_interval` good steps."""
        return self._growth_factor

    def get_backoff_factor(self):
        """The factor the scale shrinks by after an overflow."""
        return self._backoff_factor

    def get_growth_interval(self):
        """How many good steps in a row make the scale grow."""
        return self._growth_interval

    def scale(self, outputs):
        """`outputs` (a tensor, or a list/tuple of them) times the scale."""
        if not self._enabled:
            return outputs
        if isinstance(outputs, Tensor):
            return outputs * self._scale
        if isinstance(outputs, (list, tuple)):
            return type(outputs)(self.scale(output) for output in outputs)
        raise ValueError("outputs must be a Tensor or an iterable of Tensors")

    def unscale_(self, optimizer):
        """Divide the gradients of `optimizer`'s parameters by the scale, in
        place (before clipping them, say); once per optimizer per update()."""
        if not self._enabled:
            return
        if id(optimizer) in self._found_inf:
            raise RuntimeError(
                "unscale_() has already been called on this optimizer since the "
                "last update()."
            )
        found_inf = False
        inverse = 1.0 / self._scale
        for group in optimizer.param_groups:
            for param in group["params"]:
                if param.grad is None:
                    continue
                grad = param.grad.detach()
                grad.mul_(inverse)
                if not np.all(np.isfinite(grad.numpy())):
                    found_inf = True
        self._found_inf[id(optimizer)] = found_inf

    def step(self, optimizer, *args, **kwargs):
        """Unscale (if not done yet) and run `optimizer.step()`, unless a
        gradient is inf or nan: then the step is skipped. Returns what
        `optimizer.step()` returned (None when skipped)."""
        if not self._enabled:
            return optimizer.step(*args, **kwargs)
        if id(optimizer) not in self._found_inf:
            self.unscale_(optimizer)
        if self._found_inf[id(optimizer)]:
            return None
        return optimizer.step(*args, **kwargs)

    def update(self, new_scale=None):
        """Adjust the scale for the next iteration: halve it after an
        overflow, double it after `growth_interval` good steps in a row (or
        set it to `new_scale`)."""
        if not self._enabled:
            return
        if new_scale is not None:
            self._scale = float(new_scale)
        elif any(self._found_inf.values()):
            self._scale *= self._backoff_factor
            self._growth_tracker = 0
        else:
            self._growth_tracker += 1
            if self._growth_tracker == self._growth_interval:
                self._scale = min(self._scale * self._growth_factor, math.inf)
                self._growth_tracker = 0
        self._found_inf = {}

    def state_dict(self):
        """The scale and its settings ({} when disabled), as PyTorch's."""
        if not self._enabled:
            return {}
        return {
            "scale": self._scale,
            "growth_factor": self._growth_factor,
            "backoff_factor": self._backoff_factor,
            "growth_interval": self._growth_interval,
            "_growth_tracker": self._growth_tracker,
        }

    def load_state_dict(self, state_dict):
        """Restore what `state_dict()` returned."""
        if not self._enabled:
            return
        if len(state_dict) == 0:
            raise RuntimeError(
                "The source state dict is empty, possibly because it was saved "
                "from a disabled instance of GradScaler."
            )
        self._scale = float(state_dict["scale"])
        self._growth_factor = state_dict["growth_factor"]
        self._backoff_factor = state_dict["backoff_factor"]
        self._growth_interval = state_dict["growth_interval"]
        self._growth_tracker = state_dict["_growth_tracker"]
