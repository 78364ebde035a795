"""`optim.Optimizer`: the base class that SGD and Adam fill in.

An optimizer holds the parameters in *param groups* (each group a dict with
its own settings such as `lr`), plus a *state* per parameter (momentum
buffers, Adam's running averages, kept as tensors as PyTorch keeps them).

`step()` runs under `no_grad`, so the update itself is not recorded in any
graph. An update is plain arithmetic on numpy arrays: the parameter's values,
its `.grad`, its state. Going through Tensor operations would build a Tensor
(and check for a graph) for every intermediate, which costs more than the
arithmetic at teaching sizes. Each updated parameter then counts one in-place
change on its version counter (`changed_in_place`), so a backward that still
needs the old values refuses to run, as in PyTorch.

Read `sgd.py` next.
"""

import copy
import functools
from collections import OrderedDict, defaultdict

import numpy as np

import minigrad
from minigrad.autograd.graph import notify
from minigrad.nn.hooks import RemovableHandle
from minigrad.tensor import Tensor


def check_not_negative(**settings):
    """Raise PyTorch's ValueError for the first setting below zero.

    Example: `check_not_negative(lr=0.1, momentum=-1)` raises
    "Invalid momentum value: -1" (and `lr` is "Invalid learning rate: ...").
    """
    for name, value in settings.items():
        if value < 0.0:
            what = {"lr": "learning rate", "eps": "epsilon value"}.get(
                name, f"{name} value"
            )
            raise ValueError(f"Invalid {what}: {value}")


def check_betas(betas):
    """Raise PyTorch's ValueError for a beta outside [0, 1) (Adam and its kin).

    Example: `check_betas((0.9, 1.0))` raises "Invalid beta parameter at index 1: 1.0".
    """
    for i, beta in enumerate(betas):
        if not 0.0 <= beta < 1.0:
            raise ValueError(f"Invalid beta parameter at index {i}: {beta}")


def check_implementation_settings(defaults):
    """Refuse the values of PyTorch's implementation switches that minigrad
    cannot honour (an optimizer's `defaults` hold those its PyTorch
    constructor takes, so that they show in `print(opt)` and `state_dict()`).

    `foreach` and `fused` choose between PyTorch's implementations, which
    compute the same update; minigrad has one (numpy), so any value does.
    `differentiable=True` (a step autograd can go through) and
    `capturable=True` (for CUDA graphs) need what minigrad does not have:
    they raise, naming the option.

    Example: `check_implementation_settings({"lr": 0.1, "foreach": None})`
    passes; `{"differentiable": True}` raises NotImplementedError.
    """
    if defaults.get("fused") and defaults.get("foreach"):
        raise RuntimeError("`fused` and `foreach` cannot be `True` together.")
    if defaults.get("fused") and defaults.get("differentiable"):
        raise RuntimeError("`fused` does not support `differentiable`")
    if defaults.get("differentiable"):
        raise NotImplementedError(
            "differentiable=True is not supported by minigrad: its optimizers "
            "update parameters in place, outside autograd"
        )
    if defaults.get("capturable"):
        raise NotImplementedError(
            "capturable=True is not supported by minigrad: it is for CUDA graphs, "
            "and minigrad runs on the CPU only"
        )


def _counted_step(step):
    """Wrap an optimizer's `step` so that each call runs the step hooks and is
    counted (lr schedulers warn if their step comes before the first one).

    `Optimizer.__init_subclass__` wraps the `step` of every subclass, so a
    custom optimizer's own `step` counts too, as in PyTorch. A `step` that
    calls `super().step()` is still one step: only the outer call counts.
    """

    @functools.wraps(step)
    def counted_step(self, *args, **kwargs):
        if self._in_step:  # super().step() inside a subclass's step
            return step(self, *args, **kwargs)
        for hook in list(self._optimizer_step_pre_hooks.values()):
            result = hook(self, (self, *args), kwargs)
            if result is not None:  # the hook's new (args, kwargs)
                (_, *args), kwargs = result
        self._step_count += 1
        self._in_step = True
        try:
            out = step(self, *args, **kwargs)
        finally:
            self._in_step = False
        for hook in list(self._optimizer_step_post_hooks.values()):
            hook(self, (self, *args), kwargs)
        return out

    return counted_step


def count_step(state):
    """Count one more step of a parameter in `state["step"]`, the same 0-d
    tensor from step to step (as PyTorch keeps it), and return the count."""
    step = state["step"].item() + 1
    values(state["step"])[...] = step
    return step


def values(tensor):
    """The numpy array holding `tensor`'s values (an update writes into it).

    A 0-d value may be held as a numpy scalar, which has no memory to change:
    it becomes a 0-d array first, from then on.
    """
    data = tensor._data
    if type(data) is not np.ndarray:
        data = tensor._data = np.asarray(data)
    return data


def constant(number, like):
    """`number` as a 0-d array of the dtype of the array `like`.

    An update multiplies arrays by numbers (`lr * grad`). numpy does that in
    about half the time when the number is a 0-d array of the array's own
    dtype rather than a Python float (0.36 µs against 0.64 for a 50x10 float32
    array), and the result is the same to the bit: the float is rounded to
    that dtype either way. Made once per step, used for every parameter.

    Example: `constant(0.1, np.ones(3, np.float32))` is `np.array(0.1, np.float32)`.
    """
    return np.array(number, like.dtype)


def changed_in_place(param):
    """Count one in-place change of `param`, as PyTorch's in-place ops do.

    A graph that saved the parameter's old values sees the version move on and
    refuses to run backward through stale values.
    """
    param._version_counter[0] += 1


def state_tensor(array):
    """A tensor over `array` (no copy), for an optimizer's state."""
    return minigrad.from_numpy(array)


class _RequiredParameter:
    """Marks a setting that has no default (e.g. SGD's lr in PyTorch's API)."""

    def __repr__(self):
        return "<required parameter>"


required = _RequiredParameter()


class Optimizer:
    """Base class of all optimizers.

    Args:
        params: an iterable of parameters, or of dicts (param groups) such as
            `{"params": model.fc.parameters(), "lr": 0.01}`.
        defaults: the settings a group gets when it does not name them.

    Attributes:
        param_groups: list of dicts, each with "params" and the settings.
        state: dict from parameter to its state dict (filled by `step`).
    """

    def __init_subclass__(cls, **kwargs):
        """Wrap a subclass's own `step` in `_counted_step` (see there)."""
        super().__init_subclass__(**kwargs)
        if "step" in cls.__dict__:
            cls.step = _counted_step(cls.__dict__["step"])

    def __init__(self, params, defaults):
        check_implementation_settings(defaults)  # (foreach, fused, ...: see there)
        self._step_count = 0  # lr schedulers check that step() ran before theirs
        self._in_step = False
        self._optimizer_step_pre_hooks = OrderedDict()
        self._optimizer_step_post_hooks = OrderedDict()
        self.defaults = defaults
        self.state = defaultdict(dict)
        self.param_groups = []
        if isinstance(params, Tensor):
            raise TypeError(
                "params argument given to the optimizer should be an iterable of "
                f"Tensors or dicts, but got {type(params).__name__}"
            )
        groups = list(params)
        if len(groups) == 0:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(groups[0], dict):
            groups = [{"params": groups}]
        for group in groups:
            self.add_param_group(group)

    def add_param_group(self, param_group):
        """Add a group of parameters with its own settings (e.g. a smaller lr).

        Args:
            param_group: a dict with "params" and any settings to override.
                "params" may hold (name, parameter) pairs, as
                `model.named_parameters()` gives: the names are kept in the
                group's "param_names".
        """
        if not isinstance(param_group, dict):
            raise TypeError(
                f"param_group must be a dict, but got {type(param_group).__name__}"
            )
        params = param_group["params"]
        params = [params] if isinstance(params, Tensor) else list(params)
        names = [p[0] for p in params if isinstance(p, tuple)]
        if names and len(names) != len(params):
            raise ValueError(
                "all optimizer params should be with/without names. Some param "
                "names are missing"
            )
        params = [p[1] if isinstance(p, tuple) else p for p in params]
        if self.param_groups and bool(names) != ("param_names" in self.param_groups[0]):
            raise ValueError(
                "all optimizer param groups should be with/without names. cannot "
                f"add param group {'with' if names else 'without'} names to the "
                "optimizer"
            )
        for p in params:
            if not isinstance(p, Tensor):
                raise TypeError(
                    f"optimizer can only optimize Tensors, but one of the params is "
                    f"{type(p).__name__}"
                )
            if not p.is_leaf:
                raise ValueError("can't optimize a non-leaf Tensor")
        group = {"params": params}
        if names:
            group["param_names"] = names
        for name, default in self.defaults.items():
            value = param_group.get(name, default)
            if value is required:
                raise ValueError(
                    f"parameter group didn't specify a value of required optimization "
                    f"parameter {name}"
                )
            group[name] = value
        for name, value in param_group.items():
            group.setdefault(name, value)
        seen = {id(p) for g in self.param_groups for p in g["params"]}
        if any(id(p) in seen for p in params):
            raise ValueError("some parameters appear in more than one parameter group")
        self.param_groups.append(group)

    def zero_grad(self, set_to_none=True):
        """Reset the gradients of all parameters before the next backward.

        Args:
            set_to_none: set `.grad` to None (default) instead of zeroing it.
        """
        cleared = False
        for group in self.param_groups:
            for p in group["params"]:
                grad = p._grad  # (`.grad` without the property: p is a leaf)
                if grad is None:
                    continue
                if set_to_none:
                    # Not through the `.grad` setter, which checks a new value
                    # and tells the widgets for each parameter: they are told
                    # once below, for all.
                    p._grad = None
                    cleared = True
                else:
                    if grad.grad_fn is not None:
                        grad.detach_()
                    else:
                        grad.requires_grad_(False)
                    grad.zero_()
        if cleared:
            notify("grad_reset")

    def step(self, closure=None):
        """Update every parameter once from its `.grad`, by the optimizer's rule.

        Args:
            closure: optional function that re-evaluates the model and returns
                the loss; it is called (with gradients on) before the update.

        Returns:
            The closure's loss, or None.
        """
        loss = self._closure_loss(closure)
        self._check_grads()
        with minigrad.no_grad():
            for group in self.param_groups:
                self._update_group(group)
        return loss

    step = _counted_step(step)  # (subclasses' steps: see __init_subclass__)

    def register_step_pre_hook(self, hook):
        """Call `hook(optimizer, args, kwargs)` before each `step()`.

        `args` starts with the optimizer itself, as in PyTorch. The hook may
        return a new `(args, kwargs)` for the step.

        Returns:
            A handle whose `remove()` takes the hook off.
        """
        return RemovableHandle.add(self._optimizer_step_pre_hooks, hook)

    def register_step_post_hook(self, hook):
        """Call `hook(optimizer, args, kwargs)` after each `step()`.

        Returns:
            A handle whose `remove()` takes the hook off.
        """
        return RemovableHandle.add(self._optimizer_step_post_hooks, hook)

    # Whether every state tensor of more than 0 dimensions has its parameter's
    # shape (momentum buffers, running averages...). LBFGS keeps flat vectors
    # of all the parameters in the first one's state: it says False.
    _state_has_param_shapes = True

    def _check_grads(self):
        """Refuse a `.grad` or a state buffer that cannot update its parameter,
        before any update.

        A gradient is made by backward with its parameter's shape, but
        `p.grad.data = ...` can put anything there (another dtype works, as
        in PyTorch's SGD). A state buffer is made with its parameter's shape,
        but `load_state_dict` can bring in the state of an optimizer over
        other parameters. Checked for all the parameters first, so that a
        failed step leaves every parameter and its state as it was (updating
        some and then failing would leave the model half stepped; PyTorch
        does, with "The size of tensor a (2) must match the size of tensor b
        (3) ..."). A few comparisons per parameter: cheap.
        """
        state = self.state
        check_state = self._state_has_param_shapes
        for g, group in enumerate(self.param_groups):
            for i, p in enumerate(group["params"]):
                grad = p._grad  # (`.grad` without the property: p is a leaf)
                if grad is None:
                    continue
                shape = p._data.shape
                if grad._data.shape != shape:
                    raise RuntimeError(
                        f"The size of the gradient {list(grad._data.shape)} must "
                        f"match the size of the parameter {list(shape)}: "
                        f"param_groups[{g}]['params'][{i}] has a gradient of "
                        "another shape (was its .grad or .grad.data replaced?); "
                        "no parameter was updated"
                    )
                if check_state and p in state:
                    for key, value in state[p].items():
                        if (
                            isinstance(value, Tensor)
                            and value._data.ndim > 0
                            and value._data.shape != shape
                        ):
                            raise RuntimeError(
                                f"The size of the optimizer state '{key}' "
                                f"{list(value._data.shape)} must match the size of "
                                f"the parameter {list(shape)}: the state of "
                                f"param_groups[{g}]['params'][{i}] has another "
                                "shape (was it loaded with load_state_dict from an "
                                "optimizer over other parameters?); no parameter "
                                "was updated"
                            )

    def _update_group(self, group):
        """Apply the update rule to the parameters of one group (subclasses)."""
        raise NotImplementedError

    def _closure_loss(self, closure):
        if closure is None:
            return None
        with minigrad.enable_grad():
            return closure()

    def state_dict(self):
        """The optimizer's settings and state, with parameters numbered 0, 1, ...

        Returns:
            `{"state": {index: {...}}, "param_groups": [{..., "params": [indices]}]}`
            as PyTorch lays it out.
        """
        index = {}
        groups = []
        for group in self.param_groups:
            packed = {k: v for k, v in group.items() if k != "params"}
            packed["params"] = []
            for p in group["params"]:
                index.setdefault(id(p), len(index))
                packed["params"].append(index[id(p)])
            groups.append(packed)
        state = {
            index[id(p)]: value for p, value in self.state.items() if id(p) in index
        }
        return {"state": state, "param_groups": groups}

    def load_state_dict(self, state_dict):
        """Load settings and state saved by `state_dict()` (values are copied).

        Args:
            state_dict: what `state_dict()` returned, for an optimizer over
                parameters of the same shapes, in the same order.
        """
        state_dict = copy.deepcopy(state_dict)
        groups = state_dict["param_groups"]
        if len(groups) != len(self.param_groups):
            raise ValueError(
                "loaded state dict has a different number of parameter groups"
            )
        for mine, saved in zip(self.param_groups, groups):
            if len(mine["params"]) != len(saved["params"]):
                raise ValueError(
                    "loaded state dict contains a parameter group that doesn't match "
                    "the size of optimizer's group"
                )
        by_index = {}
        for mine, saved in zip(self.param_groups, groups):
            for p, i in zip(mine["params"], saved["params"]):
                by_index[i] = p
            for key, value in saved.items():
                if key != "params":
                    mine[key] = value
        self.state = defaultdict(dict)
        for i, value in state_dict["state"].items():
            p = by_index[int(i)]
            self.state[p] = {
                k: v.to(p.dtype) if isinstance(v, Tensor) and k != "step" else v
                for k, v in value.items()
            }

    def __repr__(self):
        lines = [type(self).__name__ + " ("]
        for i, group in enumerate(self.param_groups):
            lines.append(f"Parameter Group {i}")
            for key in sorted(group):
                if key != "params":
                    lines.append(f"    {key}: {group[key]}")
        lines.append(")")
        return "\n".join(lines)
