"""Module, optimizer and data-loading API details that student programs hit.

Each case was checked against PyTorch 2.13 (run this file with
MINIGRAD_TEST_BACKEND=torch): class hierarchies that `isinstance` checks in
init functions rely on, the types `default_collate` returns, the optimizers'
implementation switches (`foreach=`, `fused=`, ...), named parameters, step
hooks, the scheduler's order warning, `Module.to(non_blocking=...)` and numpy
ints as layer sizes.
"""

import collections
import warnings

import numpy as np
import pytest
from mg_testutil import assert_close, to_np, torch

nn = torch.nn
optim = torch.optim
DataLoader = torch.utils.data.DataLoader
default_collate = torch.utils.data.default_collate

# ----- class hierarchy: 1-d and 2-d layers are siblings, not subclasses -----------


@pytest.mark.parametrize(
    "make, other",
    [
        (lambda: nn.MaxPool1d(2), nn.MaxPool2d),
        (lambda: nn.ConvTranspose1d(1, 1, 2), nn.ConvTranspose2d),
        (lambda: nn.AdaptiveAvgPool1d(1), nn.AdaptiveAvgPool2d),
        (lambda: nn.AdaptiveMaxPool2d(1), nn.AdaptiveMaxPool1d),
        (lambda: nn.LPPool1d(2, 2), nn.LPPool2d),
        (lambda: nn.InstanceNorm2d(3), nn.BatchNorm2d),
    ],
)
def test_1d_layer_is_not_an_instance_of_its_2d_sibling(make, other):
    assert not isinstance(make(), other)


@pytest.mark.parametrize(
    "cls, bases",
    [
        (nn.MaxPool1d, ["_MaxPoolNd"]),
        (nn.MaxPool2d, ["_MaxPoolNd"]),
        (nn.AvgPool1d, ["_AvgPoolNd"]),
        (nn.AvgPool2d, ["_AvgPoolNd"]),
        (nn.AdaptiveAvgPool1d, ["_AdaptiveAvgPoolNd"]),
        (nn.AdaptiveAvgPool2d, ["_AdaptiveAvgPoolNd"]),
        (nn.AdaptiveMaxPool1d, ["_AdaptiveMaxPoolNd"]),
        (nn.AdaptiveMaxPool2d, ["_AdaptiveMaxPoolNd"]),
        (nn.LPPool1d, ["_LPPoolNd"]),
        (nn.LPPool2d, ["_LPPoolNd"]),
        (nn.ConvTranspose1d, ["_ConvTransposeNd", "_ConvNd"]),
        (nn.ConvTranspose2d, ["_ConvTransposeNd", "_ConvNd"]),
        (nn.BatchNorm2d, ["_BatchNorm", "_NormBase"]),
        (nn.InstanceNorm1d, ["_InstanceNorm", "_NormBase"]),
    ],
)
def test_layer_bases_are_pytorchs(cls, bases):
    names = [c.__name__ for c in cls.__mro__]
    assert names == [cls.__name__, *bases, "Module", "object"]


@pytest.mark.parametrize(
    "make, text, shape, out_shape",
    [
        (
            lambda: nn.MaxPool1d(2),
            "MaxPool1d(kernel_size=2, stride=2, padding=0, dilation=1, "
            "ceil_mode=False)",
            (1, 2, 6),
            (1, 2, 3),
        ),
        (
            lambda: nn.AvgPool1d(3, 2, 1),
            "AvgPool1d(kernel_size=(3,), stride=(2,), padding=(1,))",
            (1, 2, 6),
            (1, 2, 3),
        ),
        (
            lambda: nn.AdaptiveAvgPool1d(4),
            "AdaptiveAvgPool1d(output_size=4)",
            (1, 2, 10),
            (1, 2, 4),
        ),
        (
            lambda: nn.AdaptiveMaxPool2d((1, 1)),
            "AdaptiveMaxPool2d(output_size=(1, 1))",
            (1, 2, 5, 5),
            (1, 2, 1, 1),
        ),
        (
            lambda: nn.LPPool1d(2, 2),
            "LPPool1d(norm_type=2, kernel_size=2, stride=None, ceil_mode=False)",
            (1, 2, 6),
            (1, 2, 3),
        ),
        (
            lambda: nn.ConvTranspose1d(4, 2, 2, stride=2),
            "ConvTranspose1d(4, 2, kernel_size=(2,), stride=(2,))",
            (1, 4, 5),
            (1, 2, 10),
        ),
        (
            lambda: nn.InstanceNorm1d(2),
            "InstanceNorm1d(2, eps=1e-05, momentum=0.1, affine=False, bias=False, "
            "track_running_stats=False)",
            (3, 2, 5),
            (3, 2, 5),
        ),
    ],
)
def test_restructured_layers_keep_repr_and_output(make, text, shape, out_shape):
    layer = make()
    assert repr(layer) == text
    assert tuple(layer(torch.ones(*shape)).shape) == out_shape


def test_instance_norm_keeps_its_buffers_and_defaults():
    norm = nn.InstanceNorm2d(3, affine=True, track_running_stats=True)
    keys = ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"]
    assert list(norm.state_dict()) == keys
    norm(torch.randn(2, 3, 4, 4) + 5.0)
    assert np.all(to_np(norm.running_mean) > 0.4)  # moved 0.1 of the way to ~5


# ----- default_collate: a field of strings stays the tuple zip gives ----------------


def _types(value):
    """The container types of a collated batch, and the dtype of each tensor."""
    if isinstance(value, torch.Tensor):
        return str(value.dtype).split(".")[-1]
    if isinstance(value, dict):
        return {key: _types(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [_types(item) for item in value])
    return type(value).__name__


Point = collections.namedtuple("Point", "x name")


@pytest.mark.parametrize(
    "batch, expected",
    [
        (["a", "b"], ("list", ["str", "str"])),
        ([1, 2], "int64"),
        ([1.0, 2.0], "float64"),
        ([True, False], "bool"),
        ([np.zeros(2), np.ones(2)], "float64"),
        ([np.float32(1), np.float32(2)], "float32"),
        (
            [(torch.zeros(1), "x"), (torch.ones(1), "y")],
            ("list", ["float32", ("tuple", ["str", "str"])]),
        ),
        (
            [[torch.zeros(1), "x"], [torch.ones(1), "y"]],
            ("list", ["float32", ("tuple", ["str", "str"])]),
        ),
        (
            [{"a": 1, "s": "x", "n": (1, "p")}, {"a": 2, "s": "y", "n": (2, "q")}],
            {
                "a": "int64",
                "s": ("list", ["str", "str"]),
                "n": ("list", ["int64", ("tuple", ["str", "str"])]),
            },
        ),
        (
            [Point(1, "x"), Point(2, "y")],
            ("Point", ["int64", ("tuple", ["str", "str"])]),
        ),
        (
            [((1, "a"), [2.0, "b"]), ((3, "c"), [4.0, "d"])],
            (
                "list",
                [
                    ("list", ["int64", ("tuple", ["str", "str"])]),
                    ("list", ["float64", ("tuple", ["str", "str"])]),
                ],
            ),
        ),
    ],
)
def test_default_collate_types_match_pytorch(batch, expected):
    assert _types(default_collate(batch)) == expected
    assert _types(next(iter(DataLoader(batch, batch_size=2)))) == expected


def test_dataloader_batch_of_file_names_is_a_tuple():
    data = [(torch.tensor([float(i)]), f"img{i}.png") for i in range(4)]
    names = [names for _, names in DataLoader(data, batch_size=2)]
    assert names == [("img0.png", "img1.png"), ("img2.png", "img3.png")]


# ----- the scheduler's order warning sees a custom optimizer's step ----------------


class _PlainStepOptimizer(optim.Optimizer):
    """A custom optimizer whose own step() does not call the base one."""

    def __init__(self, params):
        super().__init__(params, dict(lr=0.1))

    def step(self, closure=None):
        return None


def test_custom_optimizer_step_then_scheduler_step_does_not_warn():
    opt = _PlainStepOptimizer([nn.Parameter(torch.ones(1))])
    sched = optim.lr_scheduler.StepLR(opt, 1, gamma=0.5)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        opt.step()
        sched.step()
    assert opt.param_groups[0]["lr"] == 0.05


def test_custom_optimizer_scheduler_step_first_still_warns():
    opt = _PlainStepOptimizer([nn.Parameter(torch.ones(1))])
    sched = optim.lr_scheduler.StepLR(opt, 1)
    with pytest.warns(UserWarning, match="before `optimizer.step\\(\\)`"):
        sched.step()


def test_old_lr_scheduler_base_class_name():
    class Halving(optim.lr_scheduler._LRScheduler):
        def get_lr(self):
            return [base * 0.5**self.last_epoch for base in self.base_lrs]

    assert issubclass(optim.lr_scheduler._LRScheduler, optim.lr_scheduler.LRScheduler)
    opt = optim.SGD([nn.Parameter(torch.ones(1))], lr=0.1)
    sched = Halving(opt)
    opt.step()
    sched.step()
    assert sched.get_last_lr() == [0.05]


# ----- optimizers: PyTorch's implementation switches -------------------------------

_SETTINGS = {
    "SGD": ["maximize", "foreach", "differentiable", "fused"],
    "Adam": [
        "maximize",
        "foreach",
        "capturable",
        "differentiable",
        "fused",
        "decoupled_weight_decay",
    ],
    "AdamW": [
        "maximize",
        "foreach",
        "capturable",
        "differentiable",
        "fused",
        "decoupled_weight_decay",
    ],
    "NAdam": ["decoupled_weight_decay", "maximize", "foreach", "capturable"],
    "RAdam": ["maximize", "foreach", "capturable", "decoupled_weight_decay"],
    "Adagrad": ["foreach", "maximize", "differentiable", "fused"],
    "RMSprop": ["capturable", "foreach", "maximize", "differentiable"],
    "Adadelta": ["maximize", "capturable", "foreach", "differentiable"],
    "Adamax": ["foreach", "maximize", "differentiable", "capturable"],
    "ASGD": ["foreach", "maximize", "differentiable", "capturable"],
    "Rprop": ["foreach", "maximize", "differentiable", "capturable"],
}


@pytest.mark.parametrize("name", sorted(_SETTINGS))
def test_optimizer_defaults_hold_the_implementation_switches(name):
    opt = getattr(optim, name)([nn.Parameter(torch.ones(2))], lr=0.1)
    keys = list(opt.defaults)
    assert [key for key in keys if key in _SETTINGS[name]] == _SETTINGS[name]
    assert list(opt.param_groups[0]) == ["params", *keys]
    assert list(opt.state_dict()["param_groups"][0]) == [*keys, "params"]
    assert opt.defaults["foreach"] is None
    if "differentiable" in keys:
        assert "differentiable: False" in repr(opt)


@pytest.mark.parametrize("name", sorted(_SETTINGS))
@pytest.mark.parametrize("switch", ["foreach", "fused"])
@pytest.mark.parametrize("value", [True, False, None])
def test_optimizer_accepts_foreach_and_fused_where_pytorch_does(name, switch, value):
    cls = getattr(optim, name)
    p = nn.Parameter(torch.ones(2))
    if switch not in _SETTINGS[name]:
        with pytest.raises(TypeError):
            cls([p], lr=0.1, **{switch: value})
        return
    opt = cls([p], lr=0.1, **{switch: value})
    assert opt.param_groups[0][switch] is value
    p.grad = torch.ones(2)
    opt.step()
    assert np.all(to_np(p.detach()) < 1.0)


def test_optimizer_refuses_fused_with_foreach():
    with pytest.raises(RuntimeError, match="cannot be `True` together"):
        optim.Adam([nn.Parameter(torch.ones(2))], fused=True, foreach=True)


def test_optimizer_refuses_capturable_where_pytorch_does_not_take_it():
    with pytest.raises(TypeError):
        optim.SGD([nn.Parameter(torch.ones(2))], lr=0.1, capturable=False)


def test_adam_with_decoupled_weight_decay_is_adamw():
    results = []
    for make in (
        lambda ps: optim.Adam(
            ps, lr=0.1, weight_decay=0.1, decoupled_weight_decay=True
        ),
        lambda ps: optim.AdamW(ps, lr=0.1, weight_decay=0.1),
    ):
        p = nn.Parameter(torch.tensor([1.0, -2.0]))
        opt = make([p])
        for _ in range(3):
            p.grad = torch.tensor([0.5, 0.25])
            opt.step()
        results.append(to_np(p.detach()))
    assert_close(results[0], results[1])
    assert optim.AdamW([nn.Parameter(torch.ones(1))]).defaults["decoupled_weight_decay"]


def test_optimizer_over_named_parameters_keeps_the_names():
    model = nn.Linear(2, 1)
    opt = optim.SGD(model.named_parameters(), lr=0.1)
    group = opt.param_groups[0]
    assert list(group)[:2] == ["params", "param_names"]
    assert group["param_names"] == ["weight", "bias"]
    assert group["params"][0] is model.weight
    assert opt.state_dict()["param_groups"][0]["param_names"] == ["weight", "bias"]
    assert "param_names: ['weight', 'bias']" in repr(opt)
    with pytest.raises(ValueError, match="with/without names"):
        opt.add_param_group({"params": [nn.Parameter(torch.ones(1))]})


def test_optimizer_step_hooks():
    p = nn.Parameter(torch.ones(2))
    opt = optim.SGD([p], lr=0.1)
    calls = []
    pre = opt.register_step_pre_hook(
        lambda o, args, kwargs: calls.append(("pre", o is opt, len(args)))
    )
    opt.register_step_post_hook(
        lambda o, args, kwargs: calls.append(("post", args[0] is opt))
    )
    p.grad = torch.ones(2)
    opt.step()
    assert calls == [("pre", True, 1), ("post", True)]
    pre.remove()
    opt.step()
    assert calls[2:] == [("post", True)]


# ----- Module.to takes non_blocking and memory_format ------------------------------


def test_module_to_accepts_non_blocking_and_memory_format():
    model = nn.Linear(3, 1)
    assert model.to("cpu", non_blocking=True) is model
    assert model.to(torch.float64, True).weight.dtype == torch.float64
    assert model.to(memory_format=torch.contiguous_format) is model
    conv = nn.Conv2d(2, 2, 3).to(torch.float32, memory_format=torch.channels_last)
    assert conv(torch.ones(1, 2, 5, 5)).shape == (1, 2, 3, 3)
    with pytest.raises(RuntimeError, match="does not accept copy"):
        model.to(copy=True)


# ----- numpy ints as layer sizes ---------------------------------------------------


def test_conv_layers_take_numpy_int_sizes():
    i = np.int64
    conv = nn.Conv2d(4, 2, i(3), stride=i(2), padding=i(1), groups=i(2))
    assert conv.kernel_size == (3, 3) and conv.stride == (2, 2)
    assert tuple(conv(torch.ones(1, 4, 9, 9)).shape) == (1, 2, 5, 5)
    conv1 = nn.Conv1d(4, 2, i(3), padding=i(1))
    assert tuple(conv1(torch.ones(1, 4, 9)).shape) == (1, 2, 9)
    up = nn.ConvTranspose2d(4, 2, i(2), stride=i(2))
    assert tuple(up(torch.ones(1, 4, 3, 3)).shape) == (1, 2, 6, 6)
    assert nn.MaxUnpool2d(i(2)).kernel_size == (2, 2)


def test_layer_norm_takes_a_numpy_int_size():
    norm = nn.LayerNorm(np.int64(4))
    assert norm.normalized_shape == (4,)
    assert tuple(norm(torch.ones(2, 4)).shape) == (2, 4)
