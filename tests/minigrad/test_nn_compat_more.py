"""PyTorch import paths and nn pieces that student programs use: the
`torch.utils.data` and `torch.nn.modules` submodules, `nn.init.trunc_normal_`,
`dirac_`, `sparse_` and `generator=`, the backward pre-hook and the deprecated
backward hook, the optimizers' check of the gradients, `F.relu_` & co.

Each case was checked against PyTorch 2.13 (run this file with
MINIGRAD_TEST_BACKEND=torch); the few that differ on purpose are
`minigrad_only`.
"""

import importlib
import math
import warnings

import numpy as np
import pytest
from mg_testutil import assert_close, minigrad_only, to_np, torch

nn = torch.nn
F = torch.nn.functional


def submodule(path):
    """`torch.<path>` or `minigrad.<path>`, whichever backend runs."""
    return importlib.import_module(f"{torch.__name__}.{path}")


# ----- torch.utils.data submodules ---------------------------------------------------


def test_utils_data_submodules_re_export_the_same_classes():
    data = submodule("utils.data")
    dataloader = submodule("utils.data.dataloader")
    dataset = submodule("utils.data.dataset")
    sampler = submodule("utils.data.sampler")
    collate = submodule("utils.data._utils.collate")
    assert dataloader.DataLoader is data.DataLoader
    assert dataloader.default_collate is data.default_collate
    assert collate.default_collate is data.default_collate
    for name in ["Dataset", "TensorDataset", "Subset", "random_split"]:
        assert getattr(dataset, name) is getattr(data, name)
    for name in [
        "Sampler",
        "RandomSampler",
        "SequentialSampler",
        "BatchSampler",
        "SubsetRandomSampler",
        "WeightedRandomSampler",
    ]:
        assert getattr(sampler, name) is getattr(data, name)


def test_default_collate_from_the_dataloader_module_stacks_a_batch():
    default_collate = submodule("utils.data.dataloader").default_collate
    xs, ys = default_collate([(torch.ones(2), 1), (torch.zeros(2), 2)])
    assert_close(to_np(xs), np.array([[1.0, 1.0], [0.0, 0.0]]))
    assert to_np(ys).tolist() == [1, 2]


def test_a_dataset_subclass_from_the_dataset_module_loads():
    Dataset = submodule("utils.data.dataset").Dataset

    class Squares(Dataset):
        def __len__(self):
            return 4

        def __getitem__(self, i):
            return torch.tensor(float(i * i))

    batches = list(torch.utils.data.DataLoader(Squares(), batch_size=2))
    assert [to_np(b).tolist() for b in batches] == [[0.0, 1.0], [4.0, 9.0]]


# ----- torch.nn.modules ------------------------------------------------------------

MODULE_PATHS = [
    ("module", "Module"),
    ("linear", "Linear"),
    ("linear", "Identity"),
    ("conv", "Conv2d"),
    ("pooling", "MaxPool2d"),
    ("activation", "ReLU"),
    ("activation", "MultiheadAttention"),
    ("loss", "CrossEntropyLoss"),
    ("batchnorm", "BatchNorm1d"),
    ("batchnorm", "BatchNorm2d"),
    ("normalization", "LayerNorm"),
    ("normalization", "GroupNorm"),
    ("instancenorm", "InstanceNorm2d"),
    ("dropout", "Dropout"),
    ("container", "Sequential"),
    ("container", "ModuleList"),
    ("sparse", "Embedding"),
    ("rnn", "LSTM"),
    ("transformer", "TransformerEncoderLayer"),
    ("flatten", "Flatten"),
    ("padding", "ZeroPad2d"),
    ("upsampling", "Upsample"),
    ("pixelshuffle", "PixelShuffle"),
    ("distance", "CosineSimilarity"),
]


@pytest.mark.parametrize("file, name", MODULE_PATHS)
def test_nn_modules_submodule_gives_the_nn_class(file, name):
    assert getattr(submodule(f"nn.modules.{file}"), name) is getattr(nn, name)
    assert getattr(nn.modules, name) is getattr(nn, name)


@pytest.mark.parametrize(
    "file, base, layer",
    [
        ("loss", "_Loss", "MSELoss"),
        ("loss", "_WeightedLoss", "CrossEntropyLoss"),
        ("batchnorm", "_BatchNorm", "BatchNorm2d"),
        ("batchnorm", "_NormBase", "BatchNorm1d"),
        ("conv", "_ConvNd", "Conv1d"),
        ("dropout", "_DropoutNd", "Dropout2d"),
        ("instancenorm", "_InstanceNorm", "InstanceNorm1d"),
        ("pooling", "_MaxPoolNd", "MaxPool2d"),
        ("pooling", "_AvgPoolNd", "AvgPool1d"),
    ],
)
def test_private_base_classes_are_the_bases_of_the_layers(file, base, layer):
    assert issubclass(
        getattr(nn, layer), getattr(submodule(f"nn.modules.{file}"), base)
    )


def test_nn_modules_module_is_nn_module():
    assert nn.modules.Module is nn.Module
    assert nn.modules.module.Module is nn.Module


def test_a_loss_of_your_own_from_loss_base_class():
    class MeanAbsLoss(nn.modules.loss._Loss):
        def forward(self, input, target):
            loss = (input - target).abs()
            return loss.mean() if self.reduction == "mean" else loss.sum()

    x = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
    assert MeanAbsLoss().reduction == "mean"
    MeanAbsLoss(reduction="sum")(x, torch.zeros(3)).backward()
    assert_close(to_np(x.grad), np.array([1.0, -1.0, 1.0]))


def test_weighted_loss_keeps_the_weight_as_a_buffer():
    _WeightedLoss = submodule("nn.modules.loss")._WeightedLoss

    class WeightedSquares(_WeightedLoss):
        def forward(self, input, target):
            return (self.weight * (input - target) ** 2).sum()

    loss_fn = WeightedSquares(torch.tensor([1.0, 2.0]))
    assert list(loss_fn.state_dict()) == ["weight"]
    assert loss_fn(torch.ones(2), torch.zeros(2)).item() == 3.0
    assert isinstance(nn.NLLLoss(), _WeightedLoss)
    assert not isinstance(nn.MSELoss(), _WeightedLoss)


def test_loss_modules_take_pytorchs_positional_order():
    # NLLLoss(weight, size_average, ignore_index, reduce, reduction)
    assert nn.NLLLoss(None, None, 3).ignore_index == 3
    assert nn.CrossEntropyLoss(None, None, -1, None, "sum").reduction == "sum"
    assert nn.SmoothL1Loss(None, None, "none", 0.5).beta == 0.5


def test_nn_modules_utils_pair():
    utils = submodule("nn.modules.utils")
    assert utils._pair(3) == (3, 3)
    assert utils._pair((1, 2)) == (1, 2)
    assert utils._single(4) == (4,)
    assert utils._triple(1) == (1, 1, 1)
    assert utils._quadruple(0) == (0, 0, 0, 0)
    assert utils._reverse_repeat_tuple((1, 2), 2) == (2, 2, 1, 1)


# ----- nn.init: trunc_normal_, dirac_, sparse_, generator= ----------------------------


@pytest.mark.parametrize("std, a, b", [(0.02, -0.04, 0.04), (1.0, -2.0, 2.0)])
def test_trunc_normal_stays_in_bounds_with_about_the_truncated_std(std, a, b):
    torch.manual_seed(0)
    w = nn.init.trunc_normal_(torch.empty(200, 100), std=std, a=a, b=b)
    values = to_np(w)
    assert values.min() >= a and values.max() <= b
    # the std of a normal truncated at +-2 std is 0.880 std
    assert abs(values.std() / std - 0.880) < 0.02
    assert abs(values.mean()) < 0.05 * std


def test_trunc_normal_in_a_tail_stays_in_bounds_and_warns():
    torch.manual_seed(0)
    with pytest.warns(UserWarning, match="mean is more than 2 std from"):
        w = nn.init.trunc_normal_(torch.empty(1000), mean=0.0, std=1.0, a=2.5, b=3.0)
    values = to_np(w)
    assert values.min() >= 2.5 and values.max() <= 3.0
    assert values.mean() < 2.75  # the density falls from 2.5 to 3


def test_trunc_normal_default_bounds_do_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        nn.init.trunc_normal_(torch.empty(3, 4), std=0.02)


@pytest.mark.parametrize(
    "init, args",
    [
        ("uniform_", ()),
        ("normal_", ()),
        ("trunc_normal_", ()),
        ("xavier_uniform_", ()),
        ("xavier_normal_", ()),
        ("kaiming_uniform_", ()),
        ("kaiming_normal_", ()),
        ("orthogonal_", ()),
        ("sparse_", (0.5,)),
    ],
)
def test_inits_with_a_generator_repeat_from_its_seed(init, args):
    g = torch.Generator().manual_seed(7)
    torch.manual_seed(1)  # (sparse_ draws its zero rows from the global one)
    first = to_np(getattr(nn.init, init)(torch.empty(4, 6), *args, generator=g))
    g.manual_seed(7)
    torch.manual_seed(1)
    second = to_np(getattr(nn.init, init)(torch.empty(4, 6), *args, generator=g))
    assert np.array_equal(first, second)


def test_uniform_with_a_generator_refuses_reversed_bounds():
    g = torch.Generator().manual_seed(0)
    with pytest.raises(RuntimeError, match="uniform_ expects to return a"):
        nn.init.uniform_(torch.empty(3), 2.0, 1.0, generator=g)


def test_dirac_3d_is_the_centre_tap():
    w = to_np(nn.init.dirac_(torch.empty(2, 3, 3)))
    expected = np.zeros((2, 3, 3))
    expected[0, 0, 1] = expected[1, 1, 1] = 1
    assert np.array_equal(w, expected)


def test_dirac_groups_and_5d_positions():
    w = nn.init.dirac_(torch.empty(6, 2, 3, 3), groups=3)
    assert to_np(w.nonzero()).tolist() == [
        [0, 0, 1, 1],
        [1, 1, 1, 1],
        [2, 0, 1, 1],
        [3, 1, 1, 1],
        [4, 0, 1, 1],
        [5, 1, 1, 1],
    ]
    w = nn.init.dirac_(torch.empty(4, 2, 3, 3, 3))
    assert to_np(w.nonzero()).tolist() == [[0, 0, 1, 1, 1], [1, 1, 1, 1, 1]]


def test_dirac_conv_passes_its_input_through():
    conv = nn.Conv1d(3, 3, 3, padding=1, bias=False)
    nn.init.dirac_(conv.weight)
    x = torch.randn(2, 3, 5)
    assert_close(to_np(conv(x)), to_np(x))
    assert conv.weight.grad_fn is None and conv.weight.requires_grad


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: nn.init.dirac_(torch.empty(3, 3)), "3, 4, or 5 dimensions"),
        (lambda: nn.init.dirac_(torch.empty(5, 2, 3), groups=2), "divisible by groups"),
        (lambda: nn.init.sparse_(torch.empty(3), 0.5), "2 dimensions"),
    ],
)
def test_dirac_and_sparse_refuse_bad_shapes(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_sparse_zeroes_the_fraction_of_each_column():
    torch.manual_seed(0)
    w = to_np(nn.init.sparse_(torch.empty(10, 6), sparsity=0.25, std=0.01))
    assert ((w == 0).sum(axis=0) == math.ceil(0.25 * 10)).all()
    assert 0.005 < w[w != 0].std() < 0.015


# ----- module backward hooks ------------------------------------------------------


def test_full_backward_pre_hook_sees_and_replaces_grad_output():
    layer = nn.Linear(3, 2)
    seen = []

    def double(module, grad_output):
        seen.append((module, tuple(grad_output[0].shape)))
        return (grad_output[0] * 2,)

    layer.register_full_backward_pre_hook(double)
    x = torch.ones(4, 3, requires_grad=True)
    layer(x).sum().backward()
    assert seen == [(layer, (4, 2))]
    assert_close(to_np(layer.bias.grad), np.array([8.0, 8.0]))
    assert_close(
        to_np(x.grad), 2 * to_np(layer.weight.sum(0)).reshape(1, 3).repeat(4, 0)
    )


def test_pre_hook_runs_before_the_full_hook_and_can_be_removed():
    layer = nn.Linear(3, 2)
    order = []
    handle = layer.register_full_backward_pre_hook(lambda m, go: order.append("pre"))
    layer.register_full_backward_hook(lambda m, gi, go: order.append("full"))
    layer(torch.ones(1, 3, requires_grad=True)).sum().backward()
    handle.remove()
    layer(torch.ones(1, 3, requires_grad=True)).sum().backward()
    assert order == ["pre", "full", "full"]


def test_pre_hook_returning_the_wrong_number_of_gradients_raises():
    layer = nn.Linear(3, 2)
    layer.register_full_backward_pre_hook(lambda m, go: (go[0], go[0]))
    with pytest.raises(RuntimeError, match="invalid number of grad_output, got 2"):
        layer(torch.ones(4, 3, requires_grad=True)).sum().backward()


def test_pre_hook_on_the_first_layer_warns_and_still_runs():
    layer = nn.Linear(3, 2)
    seen = []
    layer.register_full_backward_pre_hook(lambda m, go: seen.append(len(go)))
    with pytest.warns(UserWarning, match="no inputs require gradients"):
        layer(torch.ones(4, 3)).sum().backward()
    assert seen == [1]


def test_grad_cam_style_hooks_catch_activation_and_gradient():
    model = nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(), nn.Flatten(), nn.Linear(8, 1))
    store = {}
    target = model[0]
    target.register_forward_hook(lambda m, args, out: store.update(act=out))
    target.register_full_backward_pre_hook(lambda m, go: store.update(grad=go[0]))
    model(torch.randn(1, 1, 4, 4, requires_grad=True)).sum().backward()
    assert tuple(store["act"].shape) == tuple(store["grad"].shape) == (1, 2, 2, 2)


def _shapes(grads):
    return [None if g is None else tuple(g.shape) for g in grads]


@pytest.mark.parametrize(
    "layer, shape, grad_input",
    [
        (lambda: nn.Linear(3, 2), (4, 3), [(2,), (4, 3), (3, 2)]),
        (lambda: nn.Linear(3, 2, bias=False), (4, 3), [(4, 3), (3, 2)]),
        (lambda: nn.ReLU(), (4, 3), [(4, 3)]),
        (lambda: nn.Sequential(nn.Linear(3, 2), nn.ReLU()), (4, 3), [(4, 2)]),
    ],
)
def test_old_backward_hook_sees_the_last_node_and_warns(layer, shape, grad_input):
    module = layer()
    seen = []
    module.register_backward_hook(lambda m, gi, go: seen.append((_shapes(gi), go)))
    x = torch.randn(*shape, requires_grad=True)
    with pytest.warns(FutureWarning, match="non-full backward hook when the forward"):
        out = module(x)
    out.sum().backward()
    assert len(seen) == 1
    assert seen[0][0] == grad_input
    assert _shapes(seen[0][1]) == [tuple(out.shape)]


def test_old_backward_hook_may_replace_grad_input():
    module = nn.ReLU()
    module.register_backward_hook(lambda m, gi, go: (gi[0] * 10,))
    x = torch.tensor([-1.0, 2.0], requires_grad=True)
    with pytest.warns(FutureWarning):
        y = module(x)
    y.sum().backward()
    assert_close(to_np(x.grad), np.array([0.0, 10.0]))


def test_old_backward_hook_on_a_module_fed_by_its_node_does_not_warn():
    module = nn.ReLU()
    module.register_backward_hook(lambda m, gi, go: None)
    h = torch.ones(3, requires_grad=True) * 2
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        module(h)


@pytest.mark.parametrize("first, second", [("full", "old"), ("old", "full")])
def test_a_module_takes_one_kind_of_backward_hook(first, second):
    register = {
        "full": "register_full_backward_hook",
        "old": "register_backward_hook",
    }
    layer = nn.Linear(3, 2)
    getattr(layer, register[first])(lambda *args: None)
    with pytest.raises(RuntimeError, match="Cannot use both regular backward hooks"):
        getattr(layer, register[second])(lambda *args: None)


# ----- optimizers refuse a gradient that does not fit, before updating -------------

OPTIMIZERS = ["SGD", "Adam", "AdamW", "RMSprop", "Adagrad"]


def _params_with_bad_second_grad():
    p = nn.Parameter(torch.ones(3))
    q = nn.Parameter(torch.ones(2))
    p.grad = torch.ones(3)
    q.grad = torch.ones(2)
    q.grad.data = torch.ones(3)  # (the .grad setter checks; .data does not)
    return p, q


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_a_gradient_of_the_wrong_shape_raises(name):
    p, q = _params_with_bad_second_grad()
    opt = getattr(torch.optim, name)([p, q], lr=0.1)
    with pytest.raises(RuntimeError, match="must match the size"):
        opt.step()


@minigrad_only  # PyTorch has updated p by then
@pytest.mark.parametrize("name", OPTIMIZERS)
def test_a_failed_step_leaves_every_parameter_and_state_as_it_was(name):
    p, q = _params_with_bad_second_grad()
    opt = getattr(torch.optim, name)([p, q], lr=0.1)
    state_before = [
        {k: to_np(v).tolist() for k, v in s.items()} for s in opt.state.values()
    ]  # (Adagrad fills its state when it is made)
    with pytest.raises(RuntimeError) as err:
        opt.step()
    message = str(err.value)
    assert "param_groups[0]['params'][1]" in message
    assert "[3]" in message and "[2]" in message
    assert to_np(p).tolist() == [1.0, 1.0, 1.0] and to_np(q).tolist() == [1.0, 1.0]
    state_after = [
        {k: to_np(v).tolist() for k, v in s.items()} for s in opt.state.values()
    ]
    assert state_after == state_before


def test_sgd_takes_an_integer_gradient_as_pytorch():
    p = nn.Parameter(torch.ones(3))
    p.grad = torch.ones(3)
    p.grad.data = torch.ones(3, dtype=torch.int64)
    torch.optim.SGD([p], lr=0.5).step()
    assert to_np(p).tolist() == [0.5, 0.5, 0.5] and p.dtype == torch.float32


def test_a_good_step_after_fixing_the_gradient_works():
    p, q = _params_with_bad_second_grad()
    opt = torch.optim.SGD([p, q], lr=0.5)
    with pytest.raises(RuntimeError):
        opt.step()
    q.grad = torch.ones(2)
    opt.step()
    assert_close(to_np(q), np.full(2, 0.5))


# ----- in-place functional activations ----------------------------------------------

INPLACE = [
    ("relu_", "relu", ()),
    ("elu_", "elu", (0.5,)),
    ("leaky_relu_", "leaky_relu", (0.2,)),
    ("hardtanh_", "hardtanh", (-0.5, 0.5)),
    ("threshold_", "threshold", (0.1, 20.0)),
    ("rrelu_", "rrelu", ()),
    ("celu_", "celu", (2.0,)),
    ("selu_", "selu", ()),
]


@pytest.mark.parametrize("name, plain, args", INPLACE)
def test_inplace_functional_changes_and_returns_its_input(name, plain, args):
    data = [-1.0, 0.05, 2.0]
    expected = to_np(getattr(F, plain)(torch.tensor(data), *args))
    x = torch.tensor(data)
    out = getattr(F, name)(x, *args)
    assert out is x
    assert_close(to_np(x), expected)


@pytest.mark.parametrize("name, plain, args", INPLACE)
def test_inplace_functional_gradient_matches_the_plain_one(name, plain, args):
    data = [-1.0, 0.05, 2.0]
    a = torch.tensor(data, requires_grad=True)
    getattr(F, plain)(a * 1, *args).sum().backward()
    b = torch.tensor(data, requires_grad=True)
    h = b * 1
    getattr(F, name)(h, *args).sum().backward()
    assert h._version == 1
    assert_close(to_np(b.grad), to_np(a.grad), rtol=1e-5, atol=1e-6)


def test_inplace_functional_on_a_leaf_that_requires_grad_is_refused():
    x = torch.tensor([-1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad"):
        F.relu_(x)
