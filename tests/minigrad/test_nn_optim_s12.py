"""PyTorch 2.13 behaviours of nn, optim and save/load that minigrad missed:
an optimizer's loaded state of the wrong shape, `state_dict()._metadata` and
BatchNorm's version, `load_state_dict(assign=True)`, the legacy loss flags
`size_average` / `reduce`, `Sequential + Sequential` (and `*`),
`ConvTranspose*d(x, output_size=...)`, the deprecated init and clipping
names, `nn.PairwiseDistance`, `nn.Buffer`, and `save` of whole models and
numpy arrays (loaded with `weights_only=False` only).

The numbers were read off PyTorch 2.13. Runs against PyTorch too
(MINIGRAD_TEST_BACKEND=torch), except the tests marked `minigrad_only`:
minigrad's own messages, and that a failed step leaves every parameter and
its state as it was (PyTorch updates the parameters before the bad one).
"""

import io
import warnings
from collections import OrderedDict

import numpy as np
import pytest
from mg_testutil import assert_close, minigrad_only, to_np, torch

nn = torch.nn
F = torch.nn.functional
optim = torch.optim


# ----------------------------------------------- optimizer state of the wrong shape


def _loaded_optimizer(make):
    """An optimizer over (a2 (2,), b (3,)) that loaded the state of one over
    two parameters of shape (2,): b's state has the wrong shape."""
    a = nn.Parameter(torch.tensor([1.0, -2.0]))
    c = nn.Parameter(torch.tensor([1.0, 2.0]))
    opt = make([a, c])
    (a.sum() + c.sum()).backward()
    opt.step()
    a2 = nn.Parameter(torch.tensor([1.0, -2.0]))
    b = nn.Parameter(torch.tensor([1.0, 2.0, 3.0]))
    opt2 = make([a2, b])
    opt2.load_state_dict(opt.state_dict())
    a2.grad = torch.ones(2)
    b.grad = torch.ones(3)
    return opt2, a2, b


MAKERS = {
    "SGD": lambda ps: optim.SGD(ps, lr=0.1, momentum=0.9),
    "Adam": lambda ps: optim.Adam(ps, lr=0.1),
    "AdamW": lambda ps: optim.AdamW(ps, lr=0.1),
    "RMSprop": lambda ps: optim.RMSprop(ps, lr=0.1),
    "Adagrad": lambda ps: optim.Adagrad(ps, lr=0.1),
}


@pytest.mark.parametrize("name", sorted(MAKERS))
def test_a_step_with_loaded_state_of_another_shape_raises_runtime_error(name):
    opt, _, _ = _loaded_optimizer(MAKERS[name])
    with pytest.raises(RuntimeError):
        opt.step()


@minigrad_only
@pytest.mark.parametrize(
    "name, entry",
    [
        ("SGD", "momentum_buffer"),
        ("Adam", "exp_avg"),
        ("AdamW", "exp_avg"),
        ("RMSprop", "square_avg"),
        ("Adagrad", "sum"),
    ],
)
def test_a_failed_step_names_the_state_and_changes_nothing(name, entry):
    opt, a2, b = _loaded_optimizer(MAKERS[name])
    before = {
        id(p): (to_np(p), {k: to_np(v) for k, v in opt.state[p].items()})
        for p in (a2, b)
    }
    with pytest.raises(RuntimeError) as info:
        opt.step()
    message = str(info.value)
    assert f"optimizer state '{entry}' [2]" in message
    assert "the size of the parameter [3]" in message
    assert "param_groups[0]['params'][1]" in message
    assert "no parameter was updated" in message
    for p in (a2, b):
        values, state = before[id(p)]
        np.testing.assert_array_equal(to_np(p), values)
        assert set(opt.state[p]) == set(state)
        for key, value in state.items():
            np.testing.assert_array_equal(to_np(opt.state[p][key]), value)


def test_a_parameter_without_grad_is_not_checked_nor_stepped():
    opt, a2, b = _loaded_optimizer(MAKERS["Adam"])
    b.grad = None  # (skipped by the step, so its bad state does not matter)
    opt.step()
    assert_close(a2, [0.9, -2.1], atol=1e-6)
    np.testing.assert_array_equal(to_np(b), [1.0, 2.0, 3.0])


def test_lbfgs_keeps_flat_state_and_steps_again():
    x = nn.Parameter(torch.tensor([[1.5, -0.5], [0.2, 0.3]]))
    opt = optim.LBFGS([x], max_iter=3)

    def closure():
        opt.zero_grad()
        loss = ((x - 1) ** 2).sum()
        loss.backward()
        return loss

    opt.step(closure)
    opt.step(closure)  # (its state holds flat vectors of 4, x is 2x2)
    assert_close(x, np.ones((2, 2)), atol=1e-4)


# --------------------------------------------------------- state_dict metadata


def _net():
    return nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2), nn.Sequential(nn.ReLU()))


def test_state_dict_has_metadata_with_each_modules_version():
    sd = _net().state_dict()
    assert type(sd) is OrderedDict
    assert dict(sd._metadata) == {
        "": {"version": 1},
        "0": {"version": 1},
        "1": {"version": 2},
        "2": {"version": 1},
        "2.0": {"version": 1},
    }
    assert list(sd._metadata) == ["", "0", "1", "2", "2.0"]
    assert nn.Linear(1, 1).state_dict(prefix="x.")._metadata == {"x": {"version": 1}}
    assert nn.InstanceNorm1d(2).state_dict()._metadata == {"": {"version": 2}}
    assert nn.LayerNorm(2).state_dict()._metadata == {"": {"version": 1}}


def test_state_dict_metadata_goes_only_where_asked():
    destination = {}
    assert _net().state_dict(destination=destination) is destination
    assert not hasattr(destination, "_metadata")
    od = OrderedDict()
    od._metadata = OrderedDict()
    _net().state_dict(destination=od, prefix="pre.")
    assert list(od._metadata) == ["pre", "pre.0", "pre.1", "pre.2", "pre.2.0"]


def test_metadata_survives_save_and_load():
    sd = _net().state_dict()
    buffer = io.BytesIO()
    torch.save(sd, buffer)
    buffer.seek(0)
    back = torch.load(buffer)
    assert dict(back._metadata) == dict(sd._metadata)


def test_batchnorm_version_2_checkpoint_must_have_num_batches_tracked():
    bn = nn.BatchNorm1d(3)
    sd = bn.state_dict()
    del sd["num_batches_tracked"]
    with pytest.raises(RuntimeError) as info:
        bn.load_state_dict(sd)
    assert str(info.value) == (
        "Error(s) in loading state_dict for BatchNorm1d:\n\t"
        'Missing key(s) in state_dict: "num_batches_tracked". '
    )
    result = bn.load_state_dict(sd, strict=False)
    assert result.missing_keys == ["num_batches_tracked"]
    assert result.unexpected_keys == []


def test_an_old_or_plain_checkpoint_may_lack_num_batches_tracked():
    model = _net()
    model[1].num_batches_tracked.fill_(5)
    sd = _net().state_dict()
    del sd["1.num_batches_tracked"]
    for metadata in ({"version": 1}, {}):
        sd._metadata["1"] = metadata
        assert str(model.load_state_dict(sd)) == "<All keys matched successfully>"
    del sd._metadata["1"]
    assert str(model.load_state_dict(sd)) == "<All keys matched successfully>"
    assert str(model.load_state_dict(dict(sd))) == "<All keys matched successfully>"
    assert model[1].num_batches_tracked.item() == 5  # (kept its own)


# ------------------------------------------------------------------ assign=True


def test_load_state_dict_assign_takes_the_tensors_and_their_dtype():
    m = nn.Linear(2, 2)
    m.bias.requires_grad_(False)
    source = nn.Linear(2, 2).double()
    sd = source.state_dict()
    old = m.weight
    assert str(m.load_state_dict(sd, assign=True)) == "<All keys matched successfully>"
    assert isinstance(m.weight, nn.Parameter) and m.weight is not old
    assert m.weight.dtype == torch.float64
    assert m.weight.requires_grad and not m.bias.requires_grad
    assert m.weight.is_leaf and m.weight.grad_fn is None
    with torch.no_grad():
        sd["weight"][0, 0] = 7.0  # the same memory
    assert m.weight[0, 0].item() == 7.0
    assert [p is m.weight for p in m.parameters()] == [True, False]


def test_load_state_dict_assign_keeps_a_parameter_and_a_buffer_themselves():
    source = nn.Linear(2, 2)
    m = nn.Linear(2, 2)
    m.weight.requires_grad_(False)
    m.load_state_dict(source.state_dict(keep_vars=True), assign=True)
    assert m.weight is source.weight and not source.weight.requires_grad
    bn = nn.BatchNorm1d(2)
    sd = nn.BatchNorm1d(2).state_dict()
    bn.load_state_dict(sd, assign=True)
    assert bn.running_mean is sd["running_mean"]


def test_load_state_dict_assign_turns_a_tensor_needing_grad_into_a_leaf():
    t = torch.ones(2, requires_grad=True) * 2
    m = nn.Linear(2, 2)
    m.load_state_dict({"weight": torch.ones(2, 2), "bias": t}, assign=True)
    assert m.bias.grad_fn is None and m.bias.requires_grad and m.bias.is_leaf


def test_load_state_dict_assign_refuses_shapes_and_integer_parameters():
    m = nn.Linear(2, 2)
    with pytest.raises(RuntimeError, match="size mismatch for weight"):
        m.load_state_dict(
            {"weight": torch.ones(3, 2), "bias": torch.ones(2)}, assign=True
        )
    with pytest.raises(RuntimeError) as info:
        m.load_state_dict(
            {"weight": torch.ones(2, 2, dtype=torch.int64), "bias": torch.ones(2)},
            assign=True,
        )
    assert 'While copying the parameter named "weight"' in str(info.value)
    assert "Only Tensors of floating point and complex dtype" in str(info.value)


@minigrad_only
def test_a_failed_assign_changes_nothing():
    m = nn.Linear(2, 2)
    weight, bias = m.weight, m.bias
    with pytest.raises(RuntimeError):
        m.load_state_dict(
            {"weight": torch.ones(2, 2), "bias": torch.ones(2, dtype=torch.int64)},
            assign=True,
        )
    assert m.weight is weight and m.bias is bias


# ------------------------------------------------------- size_average / reduce

X = [[1.0, 2.0, 0.5], [0.1, 0.2, 0.3]]
SIGNS = [[1.0, -1.0, 1.0], [-1.0, 1.0, 1.0]]


def _legacy(make, *args):
    """`make(*args)` and the warnings it gave."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = make(*args)
    return result, [str(w.message) for w in caught if w.category is UserWarning]


@pytest.mark.parametrize(
    "size_average, reduce, reduction",
    [
        (False, None, "sum"),
        (None, False, "none"),
        (True, False, "none"),
        (True, None, "mean"),
        (None, True, "mean"),
        (False, True, "sum"),
    ],
)
def test_legacy_flags_choose_the_reduction_with_a_warning(
    size_average, reduce, reduction
):
    loss, caught = _legacy(
        nn.MSELoss, size_average, reduce, "none" if reduction != "none" else "sum"
    )
    assert loss.reduction == reduction
    assert caught == [
        "size_average and reduce args will be deprecated, please use "
        f"reduction='{reduction}' instead."
    ]


def test_legacy_flags_of_the_loss_modules_give_pytorchs_values():
    x = torch.tensor(X)
    t = torch.tensor([1, 2])
    signs = torch.tensor(SIGNS)
    mse, _ = _legacy(lambda: nn.MSELoss(size_average=False)(x, x * 2))
    assert_close(mse, 5.39, atol=1e-5)
    ce, _ = _legacy(lambda: nn.CrossEntropyLoss(reduce=False)(x, t))
    assert_close(ce, [0.4644, 1.0019], atol=1e-4)
    nll, _ = _legacy(lambda: nn.NLLLoss(None, False).reduction)
    assert nll == "sum"
    l1, _ = _legacy(lambda: nn.L1Loss(size_average=False, reduce=True)(x, x * 2))
    assert_close(l1, 4.1, atol=1e-5)
    soft, _ = _legacy(lambda: nn.SoftMarginLoss(reduce=False)(x, signs))
    assert_close(soft, [[0.3133, 2.1269, 0.4741], [0.7444, 0.5981, 0.5544]], atol=1e-4)
    kl, _ = _legacy(
        lambda: nn.KLDivLoss(size_average=False)(x.log_softmax(1), x.softmax(1).flip(0))
    )
    assert_close(kl, 0.4255, atol=1e-4)
    triplet, _ = _legacy(lambda: nn.TripletMarginLoss(size_average=False).reduction)
    assert triplet == "sum"


def test_legacy_flags_of_the_functions_in_nn():
    x = torch.tensor(X)
    signs = torch.tensor(SIGNS)
    soft, caught = _legacy(lambda: F.soft_margin_loss(x, signs, size_average=False))
    assert_close(soft, 4.8112, atol=1e-4)
    assert len(caught) == 1
    hinge, _ = _legacy(lambda: F.hinge_embedding_loss(x, signs, reduce=False))
    assert_close(hinge, [[1.0, 0.0, 0.5], [0.9, 0.2, 0.3]], atol=1e-6)


def test_reduction_helpers_are_pytorchs():
    from importlib import import_module

    reduction = import_module(nn.__name__ + "._reduction")
    assert reduction.get_enum("none") == 0
    assert reduction.get_enum("mean") == 1
    assert reduction.get_enum("sum") == 2
    with pytest.raises(ValueError, match="bad is not a valid value for reduction"):
        reduction.get_enum("bad")
    assert reduction.legacy_get_string(False, None, emit_warning=False) == "sum"
    assert reduction.legacy_get_enum(None, False, emit_warning=False) == 0


# ------------------------------------------------------------ Sequential ops


def test_sequential_plus_sequential_holds_the_same_layers_renumbered():
    a = nn.Sequential(nn.ReLU(), nn.Tanh())
    b = nn.Sequential(OrderedDict(x=nn.Sigmoid()))
    c = a + b
    assert type(c) is nn.Sequential and list(c._modules) == ["0", "1", "2"]
    assert [m for m in c] == [a[0], a[1], b[0]]
    a += b
    assert list(a._modules) == ["0", "1", "2"] and a[2] is b[0]
    with pytest.raises(ValueError, match="add operator supports only objects of"):
        a + nn.ReLU()
    with pytest.raises(ValueError, match="add operator supports only objects of"):
        a += [nn.ReLU()]


def test_sequential_times_n_repeats_the_same_layers():
    a = nn.Sequential(nn.ReLU(), nn.Tanh())
    for twice in (a * 2, 2 * a):
        assert len(twice) == 4 and twice[2] is a[0] and twice[3] is a[1]
    assert len(a) == 2
    a *= 3
    assert len(a) == 6 and a[4] is a[0]
    with pytest.raises(ValueError, match="Non-positive multiplication factor 0"):
        a * 0
    with pytest.raises(TypeError, match="unsupported operand type"):
        a * 1.5
    with pytest.raises(TypeError, match="unsupported operand type"):
        1.5 * a


def test_sequential_pop_and_modulelist_plus():
    a = nn.Sequential(nn.ReLU(), nn.Tanh())
    first = a[0]
    assert a.pop(0) is first and len(a) == 1 and list(a._modules) == ["0"]
    layers = nn.ModuleList([nn.ReLU()])
    more = layers + [nn.Tanh()]
    assert type(more) is nn.ModuleList and len(more) == 2 and len(layers) == 1
    layers += (nn.Tanh(),)
    assert len(layers) == 2


# ------------------------------------------------ ConvTranspose output_size


def _conv_transpose2d():
    m = nn.ConvTranspose2d(3, 2, 3, stride=2, padding=1)
    with torch.no_grad():
        m.weight.copy_(
            torch.arange(54, dtype=torch.float32).reshape(3, 2, 3, 3).mul(0.1).sin()
        )
        m.bias.copy_(torch.tensor([0.5, -0.5]))
    return m


IMG = np.cos(0.2 * np.arange(96, dtype=np.float32)).reshape(2, 3, 4, 4)


@pytest.mark.parametrize(
    "output_size, shape, total",
    [
        ([8, 8], (2, 2, 8, 8), -14.8419),
        ([7, 8], (2, 2, 7, 8), -14.9835),
        ((2, 2, 8, 7), (2, 2, 8, 7), -13.9358),
        ([7, 7], (2, 2, 7, 7), -14.0415),
        (None, (2, 2, 7, 7), -14.0415),
    ],
)
def test_conv_transpose2d_output_size_picks_the_output_padding(
    output_size, shape, total
):
    y = _conv_transpose2d()(torch.tensor(IMG), output_size=output_size)
    assert tuple(y.shape) == shape
    assert_close(y.sum(), total, atol=2e-4)


def test_conv_transpose2d_output_size_out_of_range_or_of_wrong_length():
    m = _conv_transpose2d()
    x = torch.tensor(IMG)
    with pytest.raises(ValueError) as info:
        m(x, output_size=[9, 8])
    assert str(info.value).startswith(
        "requested an output size of [9, 8], but valid sizes range from [7, 7] "
        "to [8, 8] (for an input of "
    )
    with pytest.raises(ValueError) as info:
        m(x, output_size=[2, 8, 8])
    assert str(info.value) == (
        "ConvTranspose2D: for 4D input, output_size must have 2 or 4 elements (got 3)"
    )
    assert tuple(m(x[0], output_size=[8, 8]).shape) == (2, 8, 8)
    assert tuple(m(x[0], output_size=[2, 8, 8]).shape) == (2, 8, 8)


def test_conv_transpose1d_output_size():
    m = nn.ConvTranspose1d(3, 2, 3, stride=3, padding=1, dilation=2)
    x = torch.tensor(np.sin(0.3 * np.arange(30, dtype=np.float32)).reshape(2, 3, 5))
    for size in (15, 16, 17):
        assert tuple(m(x, [size]).shape) == (2, 2, size)
    assert tuple(m(x, output_size=(2, 2, 16)).shape) == (2, 2, 16)
    with pytest.raises(ValueError, match=r"valid sizes range from \[15\] to \[17\]"):
        m(x, [18])
    m(x, output_size=[17]).sum().backward()
    assert tuple(m.weight.grad.shape) == (3, 2, 3)


# -------------------------------------------- old names, PairwiseDistance, Buffer


@pytest.mark.parametrize(
    "name, args",
    [
        ("xavier_uniform", ()),
        ("xavier_normal", ()),
        ("kaiming_uniform", ()),
        ("kaiming_normal", ()),
        ("normal", ()),
        ("uniform", ()),
        ("constant", (0.5,)),
        ("eye", ()),
        ("orthogonal", ()),
        ("sparse", (0.5,)),
    ],
)
def test_old_init_names_warn_and_do_the_same(name, args):
    t = torch.empty(3, 4)
    with pytest.warns(FutureWarning) as caught:
        result = getattr(nn.init, name)(t, *args)
    assert result is t
    assert str(caught[0].message) == (
        f"`nn.init.{name}` is now deprecated in favor of `nn.init.{name}_`."
    )
    assert getattr(nn.init, name).__name__ == name
    if name == "constant":
        np.testing.assert_array_equal(to_np(t), np.full((3, 4), 0.5, np.float32))


def test_dirac_old_name():
    t = torch.empty(2, 2, 3)
    with pytest.warns(FutureWarning, match="nn.init.dirac_"):
        nn.init.dirac(t)
    assert to_np(t).sum() == 2.0


def test_clip_grad_norm_old_name():
    p = nn.Parameter(torch.ones(3))
    p.grad = torch.ones(3)
    with pytest.warns(FutureWarning, match="clip_grad_norm` is now deprecated in"):
        total = nn.utils.clip_grad_norm([p], 1.0)
    assert_close(total, 1.7321, atol=1e-4)
    assert_close(p.grad, [0.5773, 0.5773, 0.5773], atol=1e-4)


def test_pairwise_distance_module():
    d = nn.PairwiseDistance()
    assert repr(d) == "PairwiseDistance()" and d.norm == 2.0 and d.eps == 1e-6
    assert_close(d(torch.ones(2, 3), torch.zeros(2, 3)), [1.7321, 1.7321], atol=1e-4)
    d1 = nn.PairwiseDistance(p=1, keepdim=True)
    out = d1(torch.ones(2, 3), torch.zeros(2, 3))
    assert tuple(out.shape) == (2, 1)
    assert_close(out, [[3.0], [3.0]], atol=1e-5)
    assert nn.modules.distance.PairwiseDistance is nn.PairwiseDistance


def test_buffer_assigned_to_a_module_is_registered():
    class M(nn.Module):
        def __init__(self):
            super().__init__()
            self.a = nn.Buffer(torch.zeros(2))
            self.b = nn.Buffer(torch.ones(1), persistent=False)

    m = M()
    assert [name for name, _ in m.named_buffers()] == ["a", "b"]
    assert list(m.state_dict()) == ["a"]
    assert type(m.a) is torch.Tensor and isinstance(m.a, nn.Buffer)
    assert not isinstance(torch.ones(2), nn.Buffer)
    m.a = torch.full((2,), 3.0)  # a plain tensor keeps the buffer a buffer
    assert [name for name, _ in m.named_buffers()] == ["a", "b"]
    m.c = nn.Buffer(torch.ones(3))
    assert [name for name, _ in m.named_buffers()] == ["a", "b", "c"]
    m.w = nn.Parameter(torch.ones(1))
    with pytest.raises(TypeError, match="cannot assign .* as parameter 'w'"):
        m.w = nn.Buffer(torch.ones(1))


def test_buffer_shares_memory_detached_with_requires_grad_kept():
    t = torch.ones(2, requires_grad=True)
    b = nn.Buffer(t)
    assert b is not t and b.requires_grad and b.is_leaf and b.persistent
    assert tuple(nn.Buffer().shape) == (0,)
    with pytest.raises(AttributeError, match="'list' object has no attribute 'detach'"):
        nn.Buffer([1.0])


# ------------------------------------------------ save of models and arrays


def _save(obj):
    buffer = io.BytesIO()
    torch.save(obj, buffer)
    buffer.seek(0)
    return buffer


def test_a_whole_model_saves_and_loads_with_weights_only_false():
    model = nn.Sequential(nn.Linear(2, 2), nn.ReLU())
    back = torch.load(_save(model), weights_only=False)
    assert type(back) is nn.Sequential and type(back[0]) is nn.Linear
    np.testing.assert_array_equal(to_np(back[0].weight), to_np(model[0].weight))
    assert isinstance(back[0].weight, nn.Parameter) and back[0].weight.requires_grad


def test_a_numpy_array_saves_and_loads_with_weights_only_false():
    back = torch.load(
        _save({"arr": np.ones(2), "t": torch.ones(1)}), weights_only=False
    )
    assert type(back["arr"]) is np.ndarray
    np.testing.assert_array_equal(back["arr"], [1.0, 1.0])
    np.testing.assert_array_equal(to_np(back["t"]), [1.0])


@pytest.mark.parametrize("weights_only", [None, True])
def test_weights_only_refuses_pickled_objects(weights_only):
    buffer = _save({"model": nn.Linear(2, 2)})
    kwargs = {} if weights_only is None else {"weights_only": weights_only}
    import pickle

    with pytest.raises(pickle.UnpicklingError) as info:
        torch.load(buffer, **kwargs)
    message = str(info.value)
    assert message.startswith("Weights only load failed.")
    assert "Unsupported global: GLOBAL " in message
    assert ".Linear was not an allowed global by default" in message


def test_sets_complex_numbers_and_bytes_load_with_weights_only():
    back = torch.load(_save({"s": {1, 2}, "c": 1 + 2j, "b": b"xy"}), weights_only=True)
    assert back == {"s": {1, 2}, "c": 1 + 2j, "b": b"xy"}


@minigrad_only
def test_the_refusal_names_the_class_and_runs_nothing():
    import pickle

    class_name = type(nn.Linear(1, 1)).__module__ + ".Linear"
    with pytest.raises(pickle.UnpicklingError, match=class_name):
        torch.load(_save([nn.Linear(1, 1)]))
    with pytest.raises(pickle.UnpicklingError, match="numpy"):
        torch.load(_save(np.zeros(2)))


@minigrad_only
def test_an_object_that_cannot_be_pickled_writes_no_file(tmp_path):
    path = tmp_path / "f.pt"
    with pytest.raises(Exception, match="pickle"):
        torch.save({"f": lambda: 1}, str(path))
    assert not path.exists()
