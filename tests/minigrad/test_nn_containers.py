"""nn.ModuleDict, nn.ParameterList, nn.ParameterDict and the Module methods
that reach inside a model: get_submodule, get_parameter, get_buffer,
set_submodule, half, type, cuda, to, register_module.

Runs against PyTorch too (MINIGRAD_TEST_BACKEND=torch): names, reprs and
error messages are PyTorch's. Tests marked `minigrad_only` check that a
failed call leaves the container as it was, which PyTorch does not promise
(its `append` and `update` change state before they fail).
"""

import copy
import re
from collections import OrderedDict

import numpy as np
import pytest
from mg_testutil import (
    IS_TORCH,
    PREFIX,
    assert_close,
    minigrad_only,
    numerical_vjp,
    to_np,
    torch,
)

nn = torch.nn


def names(module):
    return [name for name, _ in module.named_parameters()]


def raises(error, message, call, *args):
    """Check that `call(*args)` raises `error` whose message contains `message`.

    The message is read from the exception's argument, not `str()`, which
    quotes a KeyError's message.
    """
    with pytest.raises(error) as info:
        call(*args)
    assert message in str(info.value.args[0]), info.value.args[0]


# ------------------------------------------------------------------ ModuleDict


def test_module_dict_from_a_dict_keeps_its_order_and_names_children_by_key():
    heads = nn.ModuleDict({"right": nn.Linear(2, 1), "act": nn.ReLU(), "left": None})
    assert list(heads) == ["right", "act", "left"]
    assert names(heads) == ["right.weight", "right.bias"]
    assert heads["left"] is None and isinstance(heads["act"], nn.ReLU)


def test_module_dict_from_pairs_ordered_dict_and_module_dict():
    pairs = [("b", nn.Tanh()), ("a", nn.ReLU())]
    assert list(nn.ModuleDict(pairs)) == ["b", "a"]
    assert list(nn.ModuleDict(OrderedDict(pairs))) == ["b", "a"]
    assert list(nn.ModuleDict(nn.ModuleDict(pairs))) == ["b", "a"]
    assert len(nn.ModuleDict()) == 0


def test_module_dict_behaves_like_a_dict():
    left, right = nn.Linear(2, 3), nn.Linear(3, 1)
    md = nn.ModuleDict({"left": left})
    md["right"] = right
    assert md["left"] is left and md["right"] is right
    assert len(md) == 2 and "left" in md and "nope" not in md and 3 not in md
    assert list(md) == ["left", "right"] == list(md.keys())
    assert list(md.values()) == [left, right]
    assert list(md.items()) == [("left", left), ("right", right)]
    md["left"] = nn.Tanh()  # replacing keeps the place
    assert list(md) == ["left", "right"]
    del md["left"]
    assert list(md) == ["right"]
    md.update({"z": nn.ReLU()})
    md.update([("y", nn.ReLU())])
    md.update(nn.ModuleDict({"x": nn.ReLU()}))
    assert list(md) == ["right", "z", "y", "x"]
    assert md.pop("right") is right
    assert list(md) == ["z", "y", "x"]
    md.clear()
    assert len(md) == 0 and list(md.parameters()) == []


def test_module_dict_inside_a_model_names_and_prints_as_pytorch():
    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.heads = nn.ModuleDict({"left": nn.Linear(2, 3), "right": nn.ReLU()})

    net = Net()
    assert names(net) == ["heads.left.weight", "heads.left.bias"]
    assert list(net.state_dict()) == ["heads.left.weight", "heads.left.bias"]
    assert [n for n, _ in net.named_modules()] == [
        "",
        "heads",
        "heads.left",
        "heads.right",
    ]
    assert repr(net) == (
        "Net(\n"
        "  (heads): ModuleDict(\n"
        "    (left): Linear(in_features=2, out_features=3, bias=True)\n"
        "    (right): ReLU()\n"
        "  )\n"
        ")"
    )
    assert repr(nn.ModuleDict()) == "ModuleDict()"
    assert repr(nn.ModuleDict({"a": None})) == "ModuleDict(\n  (a): None\n)"


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda md: md["zz"], KeyError, "zz"),
        (lambda md: md.__delitem__("zz"), KeyError, "zz"),
        (lambda md: md.pop("zz"), KeyError, "zz"),
        (lambda md: md.__setitem__("x", 3), TypeError, "int is not a Module subclass"),
        (
            lambda md: md.__setitem__(3, nn.ReLU()),
            TypeError,
            "module name should be a string. Got int",
        ),
        (
            lambda md: md.__setitem__("a.b", nn.ReLU()),
            KeyError,
            'module name can\'t contain ".", got: a.b',
        ),
        (
            lambda md: md.__setitem__("", nn.ReLU()),
            KeyError,
            'module name can\'t be empty string ""',
        ),
        (
            lambda md: md.__setitem__("keys", nn.ReLU()),
            KeyError,
            "attribute 'keys' already exists",
        ),
        (
            lambda md: md.update(3),
            TypeError,
            "ModuleDict.update should be called with an iterable of key/value "
            "pairs, but got int",
        ),
        (
            lambda md: md.update([1]),
            TypeError,
            "ModuleDict update sequence element #0 should be Iterable; isint",
        ),
        (
            lambda md: md.update([("a",)]),
            ValueError,
            "ModuleDict update sequence element #0 has length 1; 2 is required",
        ),
        (
            lambda md: md(1),
            NotImplementedError,
            'Module [ModuleDict] is missing the required "forward" function',
        ),
    ],
)
def test_module_dict_errors_are_pytorchs(call, error, message):
    md = nn.ModuleDict({"left": nn.Linear(2, 3)})
    raises(error, message, call, md)
    assert list(md) == ["left"]


@minigrad_only
def test_module_dict_update_checks_everything_before_adding_anything():
    md = nn.ModuleDict({"left": nn.Linear(2, 3)})
    with pytest.raises(TypeError, match="int is not a Module subclass"):
        md.update([("y", nn.ReLU()), ("z", 3)])
    raises(KeyError, "can't contain", md.update, {"y": nn.ReLU(), "a.b": nn.ReLU()})
    assert list(md) == ["left"]


# ------------------------------------------------------------- ParameterList


def test_parameter_list_turns_tensors_into_parameters_named_by_position():
    data = torch.zeros(4)
    given = nn.Parameter(torch.ones(2, 3))
    pl = nn.ParameterList([given, data])
    assert pl[0] is given
    assert isinstance(pl[1], nn.Parameter) and pl[1].requires_grad and pl[1].is_leaf
    with torch.no_grad():
        pl[1].add_(1.0)
    assert to_np(data).tolist() == [1.0] * 4  # the Parameter shares the tensor
    assert names(pl) == ["0", "1"] and list(pl.state_dict()) == ["0", "1"]
    frozen = nn.Parameter(torch.zeros(2), requires_grad=False)
    assert not nn.ParameterList([frozen])[0].requires_grad


def test_parameter_list_append_extend_index_iterate():
    pl = nn.ParameterList()
    assert len(pl) == 0 and list(pl) == []
    assert pl.append(torch.zeros(1)) is pl
    assert pl.extend([torch.zeros(2), torch.zeros(3)]) is pl
    pl += [torch.zeros(4)]
    assert [tuple(p.shape) for p in pl] == [(1,), (2,), (3,), (4,)]
    assert len(pl) == 4 and pl[-1] is pl[3]
    part = pl[1:3]
    assert type(part) is nn.ParameterList and [p for p in part] == [pl[1], pl[2]]
    assert names(part) == ["0", "1"]
    assert [p for p in pl[::-1]] == [pl[3], pl[2], pl[1], pl[0]]
    pl[0] = torch.ones(5)  # replaced in place: the names keep their order
    assert isinstance(pl[0], nn.Parameter) and tuple(pl[0].shape) == (5,)
    assert names(pl) == ["0", "1", "2", "3"]
    pl[-1] = None
    assert pl[3] is None and names(pl) == ["0", "1", "2"] and len(pl) == 4
    assert not any(name.isdigit() for name in dir(pl))


def test_parameter_list_repr_is_pytorchs():
    one = nn.ParameterList([torch.zeros(2, 3)])
    assert repr(one) == (
        f"ParameterList(  (0): Parameter containing: [{PREFIX}.float32 of size 2x3])"
    )
    pl = nn.ParameterList([torch.zeros(2, 3), torch.zeros(4, dtype=torch.float64)])
    pl.append(5)
    pl.append(torch.zeros(()))
    assert repr(pl) == (
        "ParameterList(\n"
        f"    (0): Parameter containing: [{PREFIX}.float32 of size 2x3]\n"
        f"    (1): Parameter containing: [{PREFIX}.float64 of size 4]\n"
        "    (2): Object of type: int\n"
        f"    (3): Parameter containing: [{PREFIX}.float32 of size ]\n"
        ")"
    )
    assert repr(nn.ParameterList()) == "ParameterList()"
    assert str(pl) == repr(pl)


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda pl: pl[5], IndexError, "index 5 is out of range"),
        (lambda pl: pl[-3], IndexError, "index -3 is out of range"),
        (
            lambda pl: pl["a"],
            TypeError,
            "'str' object cannot be interpreted as an integer",
        ),
        (
            lambda pl: pl.__setitem__(2, torch.zeros(1)),
            IndexError,
            "index 2 is out of range",
        ),
        (
            lambda pl: pl.extend(3),
            TypeError,
            "ParameterList.extend should be called with an iterable, but got int",
        ),
        (
            lambda pl: pl.extend(torch.zeros(2)),
            TypeError,
            "ParameterList.extend should be called with an iterable, but got Tensor",
        ),
        (
            lambda pl: pl.__setitem__(0, 5),
            TypeError,
            f"cannot assign 'int' as parameter '0' ({PREFIX}.nn.Parameter or None "
            "expected)",
        ),
        (lambda pl: pl(1), RuntimeError, "ParameterList should not be called."),
    ],
)
def test_parameter_list_errors_are_pytorchs(call, error, message):
    pl = nn.ParameterList([torch.zeros(2), torch.ones(3)])
    raises(error, message, call, pl)
    assert len(pl) == 2 and names(pl) == ["0", "1"]


def test_parameter_list_refuses_an_integer_tensor_and_stays_as_it_was():
    pl = nn.ParameterList([torch.zeros(2)])
    message = "Only Tensors of floating point and complex dtype can require gradients"
    with pytest.raises(RuntimeError, match=message):
        pl.extend([torch.zeros(1), torch.tensor([1, 2])])
    if not IS_TORCH:  # PyTorch has added the float one already (and counted both)
        assert len(pl) == 1 and names(pl) == ["0"]
        with pytest.raises(RuntimeError, match=message):
            pl.append(torch.tensor([1, 2]))
        assert len(pl) == 1 and list(pl.state_dict()) == ["0"]


# ------------------------------------------------------------- ParameterDict


def test_parameter_dict_sorts_a_plain_dict_keeps_the_order_of_pairs():
    pd = nn.ParameterDict({"w": torch.zeros(2, 3), "b": torch.zeros(3)})
    assert list(pd) == ["b", "w"] == names(pd) == list(pd.state_dict())
    assert all(isinstance(p, nn.Parameter) for p in pd.values())
    pairs = [("w", torch.zeros(1)), ("b", torch.zeros(1))]
    assert list(nn.ParameterDict(pairs)) == ["w", "b"]
    assert list(nn.ParameterDict(OrderedDict(pairs))) == ["w", "b"]
    pd = nn.ParameterDict(pairs)
    pd.update({"z": torch.zeros(1), "c": torch.zeros(1)})
    assert list(pd) == ["w", "b", "c", "z"]


def test_parameter_dict_behaves_like_a_dict():
    w = nn.Parameter(torch.ones(2))
    pd = nn.ParameterDict({"w": w})
    pd["b"] = torch.zeros(3)
    assert pd["w"] is w and isinstance(pd["b"], nn.Parameter)
    assert len(pd) == 2 and "w" in pd and "q" not in pd and 3 not in pd
    assert list(pd.keys()) == ["w", "b"] and list(reversed(pd)) == ["b", "w"]
    assert [k for k, _ in pd.items()] == ["w", "b"] and next(pd.values()) is w
    assert pd.get("w") is w and pd.get("q") is None and pd.get("q", 7) == 7
    made = pd.setdefault("c", torch.zeros(5))
    assert pd.setdefault("c", torch.zeros(1)) is made and tuple(made.shape) == (5,)
    pd["w"] = torch.zeros(4)  # replaced in place
    assert names(pd) == ["w", "b", "c"]
    assert pd.popitem()[0] == "c" and pd.pop("b").shape == (3,)
    assert list(pd) == ["w"]
    copied = pd.copy()
    assert copied["w"] is pd["w"] and list(copied) == ["w"]
    both = pd | nn.ParameterDict({"j": torch.zeros(1)})
    assert list(both) == ["w", "j"] and list(pd) == ["w"]
    pd |= nn.ParameterDict({"k": torch.zeros(1)})
    assert list(pd) == ["w", "k"]
    fresh = pd.fromkeys(["x", "y"], torch.zeros(1))
    assert list(fresh) == ["x", "y"] and tuple(fresh["y"].shape) == (1,)
    del pd["w"]
    pd.clear()
    assert len(pd) == 0 and list(pd.parameters()) == []


def test_parameter_dict_repr_is_pytorchs():
    pd = nn.ParameterDict(
        {"b": torch.zeros(2, 3), "a": torch.ones(3, dtype=torch.float64)}
    )
    pd["n"] = None
    assert repr(pd) == (
        "ParameterDict(\n"
        f"    (a): Parameter containing: [{PREFIX}.DoubleTensor of size 3]\n"
        f"    (b): Parameter containing: [{PREFIX}.FloatTensor of size 2x3]\n"
        "    (n): Object of type: NoneType\n"
        ")"
    )
    single = nn.ParameterDict({"w": torch.zeros(2)})
    assert repr(single) == (
        f"ParameterDict(  (w): Parameter containing: [{PREFIX}.FloatTensor of size 2])"
    )
    assert repr(nn.ParameterDict()) == "ParameterDict()"


NOT_A_STRING = (
    "Index given to ParameterDict cannot be used as a key as it is not a string "
    "(type is 'int'). Open an issue on github if you need non-string keys."
)


@pytest.mark.parametrize(
    "call, error, message",
    [
        (
            lambda pd: pd["q"],
            AttributeError,
            "'ParameterDict' object has no attribute 'q'",
        ),
        (
            lambda pd: pd.pop("q"),
            AttributeError,
            "'ParameterDict' object has no attribute 'q'",
        ),
        (lambda pd: pd.__delitem__("q"), KeyError, "q"),
        (lambda pd: pd[0], TypeError, NOT_A_STRING),
        (lambda pd: pd.__setitem__(0, torch.zeros(1)), TypeError, NOT_A_STRING),
        (
            lambda pd: pd.__setitem__("a.b", torch.zeros(1)),
            KeyError,
            'parameter name can\'t contain "."',
        ),
        (
            lambda pd: pd.__setitem__("", torch.zeros(1)),
            KeyError,
            'parameter name can\'t be empty string ""',
        ),
        (
            lambda pd: pd.__setitem__("update", torch.zeros(1)),
            KeyError,
            "attribute 'update' already exists",
        ),
        (
            lambda pd: pd.__setitem__("i", torch.tensor([1])),
            RuntimeError,
            "Only Tensors of floating point and complex dtype can require gradients",
        ),
        (
            lambda pd: pd.update(3),
            TypeError,
            "ParametersDict.update should be called with an iterable of key/value "
            "pairs, but got int",
        ),
        (
            lambda pd: pd.update([1]),
            TypeError,
            "ParameterDict update sequence element #0 should be Iterable; isint",
        ),
        (
            lambda pd: pd.update([(1, 2, 3)]),
            ValueError,
            "ParameterDict update sequence element #0 has length 3; 2 is required",
        ),
        (lambda pd: pd(1), RuntimeError, "ParameterDict should not be called."),
    ],
)
def test_parameter_dict_errors_are_pytorchs(call, error, message):
    pd = nn.ParameterDict({"w": torch.zeros(2)})
    raises(error, message, call, pd)
    if not IS_TORCH:  # PyTorch adds the key before it checks the rest
        assert list(pd) == ["w"] and names(pd) == ["w"]


def test_parameter_dict_popitem_of_an_empty_dict():
    with pytest.raises(KeyError, match="popitem"):
        nn.ParameterDict().popitem()


@minigrad_only
def test_parameter_dict_update_checks_everything_before_adding_anything():
    pd = nn.ParameterDict({"w": torch.zeros(2)})
    with pytest.raises(RuntimeError, match="floating point"):
        pd.update([("y", torch.zeros(1)), ("z", torch.tensor([1]))])
    pairs = OrderedDict([("y", torch.zeros(1)), ("a.b", torch.zeros(1))])
    raises(KeyError, "can't contain", pd.update, pairs)
    assert list(pd) == ["w"] and names(pd) == ["w"]


# ------------------------------------------------- containers inside a model


class Mixture(nn.Module):
    """A model whose every parameter lives in a container."""

    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleDict({"hidden": nn.Linear(2, 3), "out": nn.Linear(3, 1)})
        self.scales = nn.ParameterList([torch.ones(3), torch.ones(1)])
        self.shift = nn.ParameterDict({"out": torch.zeros(1)})
        self.norm = nn.BatchNorm1d(3)

    def forward(self, x):
        h = self.norm(self.layers["hidden"](x)).tanh() * self.scales[0]
        return self.layers["out"](h) * self.scales[1] + self.shift["out"]


MIXTURE_NAMES = [
    "layers.hidden.weight",
    "layers.hidden.bias",
    "layers.out.weight",
    "layers.out.bias",
    "scales.0",
    "scales.1",
    "shift.out",
    "norm.weight",
    "norm.bias",
]


def test_container_parameters_are_named_and_saved_as_pytorch():
    model = Mixture()
    assert names(model) == MIXTURE_NAMES
    assert list(model.parameters()) == [p for _, p in model.named_parameters()]
    assert list(model.state_dict()) == MIXTURE_NAMES[:-2] + [
        "norm.weight",
        "norm.bias",
        "norm.running_mean",
        "norm.running_var",
        "norm.num_batches_tracked",
    ]
    assert model.get_parameter("scales.1") is model.scales[1]
    assert model.get_parameter("shift.out") is model.shift["out"]
    assert model.get_submodule("layers.hidden") is model.layers["hidden"]


def test_state_dict_round_trip_through_save_and_load(tmp_path):
    torch.manual_seed(0)
    a, b = Mixture(), Mixture()
    with torch.no_grad():
        a.scales[0].mul_(3.0)
        a.shift["out"].fill_(0.5)
    path = tmp_path / "mixture.pt"
    torch.save(a.state_dict(), path)
    kept = b.scales[0]
    result = b.load_state_dict(torch.load(path))
    assert not result.missing_keys and not result.unexpected_keys
    assert b.scales[0] is kept  # copied into the same Parameter
    for (name, x), (_, y) in zip(a.state_dict().items(), b.state_dict().items()):
        assert_close(y, x, rtol=0, atol=0, msg=name)
    longer = nn.ParameterList([torch.zeros(1), torch.zeros(1)])
    with pytest.raises(
        RuntimeError, match=re.escape('Missing key(s) in state_dict: "1"')
    ):
        longer.load_state_dict(nn.ParameterList([torch.zeros(1)]).state_dict())
    with pytest.raises(RuntimeError, match="size mismatch for w"):
        nn.ParameterDict({"w": torch.zeros(2)}).load_state_dict({"w": torch.zeros(3)})


def test_dtype_changes_reach_container_parameters_but_not_integer_buffers():
    model = Mixture()
    before = list(model.parameters())
    model.double()
    assert list(model.parameters()) == before
    assert {p.dtype for p in model.parameters()} == {torch.float64}
    assert model.norm.num_batches_tracked.dtype == torch.int64
    model.half()
    assert {p.dtype for p in model.parameters()} == {torch.float16}
    assert model.norm.running_mean.dtype == torch.float16
    model.float()
    assert {p.dtype for p in model.parameters()} == {torch.float32}
    assert model.to(torch.float64) is model
    assert model.scales[1].dtype == torch.float64
    assert model.norm.num_batches_tracked.dtype == torch.int64
    assert model.to("cpu") is model


def test_optimizer_trains_parameters_held_in_containers():
    torch.manual_seed(0)
    model = Mixture()
    x = torch.randn(16, 2)
    y = (x[:, :1] * 2.0 - x[:, 1:]).tanh()
    opt = torch.optim.Adam(model.parameters(), lr=0.05)
    first = [to_np(p).copy() for p in model.parameters()]
    losses = []
    for _ in range(40):
        opt.zero_grad()
        loss = ((model(x) - y) ** 2).mean()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert losses[-1] < 0.3 * losses[0]
    for (name, p), start in zip(model.named_parameters(), first):
        assert not np.array_equal(to_np(p), start), f"{name} was not trained"


def test_gradients_reach_container_parameters_as_central_differences_say():
    torch.manual_seed(1)
    model = Mixture().double().eval()  # eval: BatchNorm uses fixed statistics
    x = torch.randn(5, 2, dtype=torch.float64)
    params = list(model.parameters())
    loss = (model(x) ** 2).sum()
    loss.backward()

    def loss_at(*arrays):
        with torch.no_grad():
            for p, a in zip(params, arrays):
                p.copy_(torch.tensor(a))
            return (model(x) ** 2).sum().item()

    point = [to_np(p) for p in params]
    expected = numerical_vjp(loss_at, point, 1.0)
    loss_at(*point)
    for name, p, numeric in zip(MIXTURE_NAMES, params, expected):
        assert p.grad is not None, f"no gradient reached {name}"
        assert_close(p.grad, numeric, rtol=1e-5, atol=1e-7, msg=name)


def test_containers_deep_copy_with_their_parameters():
    pl = nn.ParameterList([torch.ones(2)])
    pd = nn.ParameterDict({"w": torch.ones(2)})
    md = nn.ModuleDict({"fc": nn.Linear(2, 1)})
    pl2, pd2, md2 = copy.deepcopy(pl), copy.deepcopy(pd), copy.deepcopy(md)
    assert len(pl2) == 1 and pl2[0] is not pl[0] and isinstance(pl2[0], nn.Parameter)
    assert list(pd2) == ["w"] and pd2["w"] is not pd["w"]
    assert names(md2) == ["fc.weight", "fc.bias"]
    assert md2["fc"].weight is not md["fc"].weight


# ------------------------------------------------ Module lookups by dotted name


class Holder(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(1, 2), nn.BatchNorm1d(2))
        self.p = nn.Parameter(torch.zeros(1))
        self.register_buffer("b", torch.zeros(1))
        self.note = "plain attribute"


def test_get_submodule_parameter_buffer_find_by_dotted_name():
    h = Holder()
    assert h.get_submodule("") is h
    assert h.get_submodule("net.1") is h.net[1]
    assert h.get_parameter("net.0.weight") is h.net[0].weight
    assert h.get_parameter("p") is h.p
    assert h.get_buffer("net.1.running_mean") is h.net[1].running_mean
    assert h.get_buffer("b") is h.b


@pytest.mark.parametrize(
    "method, target, message",
    [
        ("get_submodule", "net.5", "Sequential has no attribute `5`"),
        ("get_submodule", "x.y", "Holder has no attribute `x`"),
        ("get_submodule", "net.0.weight", "`weight` is not an nn.Module"),
        ("get_submodule", "note", "`note` is not an nn.Module"),
        ("get_parameter", "net.0.w", "Linear has no attribute `w`"),
        (
            "get_parameter",
            "net.1.running_mean",
            "`running_mean` is not an nn.Parameter",
        ),
        ("get_parameter", "b", "`b` is not an nn.Parameter"),
        ("get_parameter", "net", "`net` is not an nn.Parameter"),
        ("get_parameter", "", "Holder has no attribute ``"),
        ("get_buffer", "net.1.foo", "BatchNorm1d has no attribute `foo`"),
        ("get_buffer", "net.0.weight", "`weight` is not a buffer"),
        ("get_buffer", "note", "`note` is not a buffer"),
        ("get_buffer", "p", "`p` is not a buffer"),
    ],
)
def test_lookup_errors_are_pytorchs(method, target, message):
    with pytest.raises(AttributeError, match=re.escape(message)):
        getattr(Holder(), method)(target)


@pytest.mark.parametrize("method", ["get_submodule", "get_parameter", "get_buffer"])
def test_lookup_of_a_non_string_is_an_attribute_error(method):
    with pytest.raises(AttributeError):
        getattr(Holder(), method)(3)


def test_set_submodule_replaces_in_place_or_adds():
    h = Holder()
    h.set_submodule("net.0", nn.Tanh())
    assert isinstance(h.net[0], nn.Tanh)
    assert [n for n, _ in h.net.named_children()] == ["0", "1"]  # same place
    h.set_submodule("net.7", nn.ReLU())
    assert [n for n, _ in h.net.named_children()] == ["0", "1", "7"]
    with pytest.raises(AttributeError, match="Sequential has no attribute `8`"):
        h.set_submodule("net.8", nn.ReLU(), strict=True)
    with pytest.raises(AttributeError, match="`note` is not an nn.Module"):
        h.set_submodule("note", nn.ReLU())
    with pytest.raises(AttributeError, match="Holder has no attribute `q`"):
        h.set_submodule("q.r", nn.ReLU())
    with pytest.raises(ValueError, match="Cannot set the submodule without a target"):
        h.set_submodule("", nn.ReLU())
    with pytest.raises(ValueError, match="`module` is not an nn.Module, found"):
        h.set_submodule("zz", 3)
    assert h.note == "plain attribute"


def test_reassigning_a_layer_or_weight_keeps_its_place():
    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.a = nn.Linear(1, 2)
            self.b = nn.Tanh()
            self.a = nn.Linear(1, 3)
            self.w = nn.Parameter(torch.zeros(1))
            self.v = nn.Parameter(torch.zeros(2))
            self.w = nn.Parameter(torch.ones(3))

    net = Net()
    assert [n for n, _ in net.named_children()] == ["a", "b"]
    assert names(net) == ["w", "v", "a.weight", "a.bias"]


def test_register_module_is_add_module():
    m = nn.Module()
    m.register_module("fc", nn.Linear(2, 1))
    assert names(m) == ["fc.weight", "fc.bias"]
    with pytest.raises(TypeError, match="int is not a Module subclass"):
        m.register_module("x", 3)
    raises(
        KeyError, 'can\'t contain ".", got: a.b', m.register_module, "a.b", nn.ReLU()
    )


# ------------------------------------------------------- dtypes and devices


def test_type_converts_every_tensor_integer_buffers_too():
    norm = nn.BatchNorm1d(2)
    assert norm.type(torch.float64) is norm
    assert {t.dtype for t in norm.state_dict().values()} == {torch.float64}
    lin = nn.Linear(2, 2)
    lin.type(f"{PREFIX}.DoubleTensor")
    assert lin.weight.dtype == torch.float64
    frozen = nn.Linear(2, 2).requires_grad_(False)
    frozen.type(torch.int32)
    assert frozen.weight.dtype == torch.int32


def test_type_errors_leave_the_module_as_it_was():
    norm = nn.BatchNorm1d(2)
    with pytest.raises(RuntimeError, match="must be floating point or complex dtype"):
        norm.type(torch.int32)
    assert norm.weight.dtype == torch.float32
    assert norm.num_batches_tracked.dtype == torch.int64
    with pytest.raises(ValueError, match="invalid type: 'float64'"):
        norm.type("float64")
    with pytest.raises(TypeError, match="dtype must be a type, str, or dtype object"):
        norm.type(3)


def test_to_takes_only_floating_dtypes():
    lin = nn.Linear(2, 2)
    message = (
        "nn.Module.to only accepts floating point or complex dtypes, but got "
        f"desired dtype={PREFIX}.int64"
    )
    with pytest.raises(TypeError, match=re.escape(message)):
        lin.to(torch.int64)
    assert lin.weight.dtype == torch.float32


def test_half_converts_gradients_too_and_keeps_the_parameter():
    lin = nn.Linear(2, 2)
    weight = lin.weight
    lin.weight.grad = torch.ones(2, 2)
    assert lin.half() is lin and lin.weight is weight
    assert lin.weight.dtype == torch.float16 and lin.weight.grad.dtype == torch.float16


def test_cuda_fails_as_pytorch_without_cuda_and_changes_nothing():
    lin = nn.Linear(2, 2)
    with pytest.raises(AssertionError, match="not compiled with CUDA enabled"):
        lin.cuda()
    with pytest.raises(AssertionError, match="not compiled with CUDA enabled"):
        nn.ParameterList([torch.zeros(1)]).cuda()
    with pytest.raises(AssertionError):
        lin.to("cuda")
    relu = nn.ReLU()
    assert relu.cuda() is relu  # nothing to move: PyTorch says nothing either
    assert lin.weight.dtype == torch.float32
