"""nn.Module: registration, names, modes, state_dict, hooks and printing.

Runs against PyTorch too (MINIGRAD_TEST_BACKEND=torch): names, reprs and
error messages are PyTorch's.
"""

import copy
import re
import warnings
from collections import OrderedDict

import numpy as np
import pytest
from mg_testutil import PREFIX, assert_close, minigrad_only, to_np, torch, tree

nn = torch.nn


class TwoLayer(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(2, 4), nn.Tanh(), nn.Linear(4, 3))
        self.scale = nn.Parameter(torch.ones(3))
        self.note = "plain attribute"

    def forward(self, x):
        return self.layers(x) * self.scale


def test_parameters_named_as_pytorch():
    model = TwoLayer()
    names = [(n, tuple(p.shape)) for n, p in model.named_parameters()]
    assert names == [
        ("scale", (3,)),
        ("layers.0.weight", (4, 2)),
        ("layers.0.bias", (4,)),
        ("layers.2.weight", (3, 4)),
        ("layers.2.bias", (3,)),
    ]
    assert [p for p in model.parameters()] == [p for _, p in model.named_parameters()]
    assert len(list(model.parameters(recurse=False))) == 1
    assert model.note == "plain attribute"
    assert "note" not in dict(model.named_parameters())


def test_parameter_is_a_leaf_that_requires_grad_and_shares_data():
    data = torch.zeros(3)
    p = nn.Parameter(data)
    assert isinstance(p, torch.Tensor)
    assert p.requires_grad and p.is_leaf and p.grad_fn is None
    with torch.no_grad():
        p.add_(1.0)
    assert to_np(data).tolist() == [1.0, 1.0, 1.0]  # shares memory with data
    assert not nn.Parameter(torch.zeros(2), requires_grad=False).requires_grad
    assert repr(nn.Parameter(torch.ones(2))) == (
        "Parameter containing:\ntensor([1., 1.], requires_grad=True)"
    )


def test_children_modules_and_named_modules():
    model = TwoLayer()
    assert [type(m).__name__ for m in model.children()] == ["Sequential"]
    assert [name for name, _ in model.named_modules()] == [
        "",
        "layers",
        "layers.0",
        "layers.1",
        "layers.2",
    ]
    assert [type(m).__name__ for m in model.modules()] == [
        "TwoLayer",
        "Sequential",
        "Linear",
        "Tanh",
        "Linear",
    ]
    assert [name for name, _ in model.layers.named_children()] == ["0", "1", "2"]


def test_shared_layer_counted_once():
    shared = nn.Linear(2, 2)
    model = nn.Sequential(shared, nn.ReLU(), shared)
    assert len(list(model.parameters())) == 2
    assert [n for n, _ in model.named_parameters()] == ["0.weight", "0.bias"]
    assert len(list(model.modules())) == 3  # Sequential, Linear, ReLU
    assert list(model.state_dict()) == ["0.weight", "0.bias", "2.weight", "2.bias"]


def test_reassigning_and_deleting_attributes():
    model = TwoLayer()
    model.scale = None  # a registered parameter may be set to None
    assert "scale" not in dict(model.named_parameters())
    with pytest.raises(TypeError, match="cannot assign"):
        model.layers = "not a module"
    model.extra = nn.Linear(1, 1)
    assert "extra.weight" in dict(model.named_parameters())
    del model.extra
    assert "extra.weight" not in dict(model.named_parameters())
    with pytest.raises(AttributeError, match="has no attribute 'missing'"):
        _ = model.missing


def test_assigning_a_parameter_before_init_says_so():
    class Forgot(nn.Module):
        def __init__(self):
            self.w = nn.Parameter(torch.ones(1))

    with pytest.raises(AttributeError, match="before Module.__init__"):
        Forgot()


def test_forward_missing():
    class NoForward(nn.Module):
        pass

    with pytest.raises(NotImplementedError, match="forward"):
        NoForward()(torch.ones(1))


def test_train_eval_reach_every_submodule():
    model = TwoLayer()
    assert all(m.training for m in model.modules())
    assert model.eval() is model
    assert not any(m.training for m in model.modules())
    model.train()
    assert all(m.training for m in model.modules())
    model.train(False)
    assert not model.layers[0].training


def test_zero_grad_sets_none_or_zeros():
    model = TwoLayer()
    model(torch.ones(5, 2)).sum().backward()
    assert all(p.grad is not None for p in model.parameters())
    model.zero_grad(set_to_none=False)
    assert all(to_np(p.grad).sum() == 0 for p in model.parameters())
    model.zero_grad()
    assert all(p.grad is None for p in model.parameters())


@minigrad_only
def test_zero_grad_notifies_graph_listeners():
    events = []
    handle = torch.autograd.graph.add_grad_listener(events.append)
    try:
        layer = nn.Linear(2, 1)
        layer(torch.ones(1, 2)).sum().backward()
        events.clear()
        layer.zero_grad()
        assert "grad_reset" in events
    finally:
        handle.remove()


def test_requires_grad_freezes():
    model = TwoLayer()
    model.layers.requires_grad_(False)
    assert [n for n, p in model.named_parameters() if p.requires_grad] == ["scale"]


def test_apply_visits_every_module():
    model = TwoLayer()

    def zero_bias(m):
        if isinstance(m, nn.Linear):
            nn.init.zeros_(m.bias)

    assert model.apply(zero_bias) is model
    assert to_np(model.layers[0].bias).tolist() == [0.0] * 4
    assert to_np(model.layers[2].bias).tolist() == [0.0] * 3


def test_double_changes_dtype_keeps_parameter_objects():
    model = TwoLayer()
    before = list(model.parameters())
    model.double()
    assert [p for p in model.parameters()] == before
    assert all(p.dtype == torch.float64 for p in model.parameters())
    out = model(torch.ones(1, 2, dtype=torch.float64))
    assert out.dtype == torch.float64
    model.float()
    assert all(p.dtype == torch.float32 for p in model.parameters())


# --------------------------------------------------------------- state_dict


def test_state_dict_round_trip():
    torch.manual_seed(0)
    a, b = TwoLayer(), TwoLayer()
    state = a.state_dict()
    assert list(state) == [
        "scale",
        "layers.0.weight",
        "layers.0.bias",
        "layers.2.weight",
        "layers.2.bias",
    ]
    assert all(not v.requires_grad for v in state.values())
    result = b.load_state_dict(state)
    assert result.missing_keys == [] and result.unexpected_keys == []
    assert repr(result) == "<All keys matched successfully>"
    for (name, pa), (_, pb) in zip(a.named_parameters(), b.named_parameters()):
        assert_close(pb, pa, rtol=0, atol=0, msg=name)
        assert pb is not pa
    x = torch.randn(3, 2)
    assert_close(b(x), a(x))


def test_state_dict_shares_memory_and_load_copies():
    layer = nn.Linear(2, 2)
    state = layer.state_dict()
    with torch.no_grad():
        layer.weight.add_(1.0)
    assert_close(state["weight"], layer.weight)  # a detached view, like PyTorch
    other = nn.Linear(2, 2)
    other.load_state_dict(state)
    with torch.no_grad():
        layer.weight.add_(1.0)
    assert not np.allclose(to_np(other.weight), to_np(layer.weight))  # copied


def test_load_state_dict_missing_and_unexpected_keys():
    layer = nn.Linear(2, 3)
    state = OrderedDict(layer.state_dict())
    del state["bias"]
    state["extra"] = torch.zeros(1)
    with pytest.raises(RuntimeError) as err:
        layer.load_state_dict(state)
    message = str(err.value)
    assert message.startswith("Error(s) in loading state_dict for Linear:")
    assert 'Missing key(s) in state_dict: "bias".' in message
    assert 'Unexpected key(s) in state_dict: "extra".' in message
    result = layer.load_state_dict(state, strict=False)
    assert result.missing_keys == ["bias"]
    assert result.unexpected_keys == ["extra"]


def test_load_state_dict_shape_mismatch_names_key_and_shapes():
    layer = nn.Linear(2, 3)
    state = layer.state_dict()
    state["weight"] = torch.zeros(3, 5)
    for strict in (True, False):
        with pytest.raises(RuntimeError) as err:
            layer.load_state_dict(state, strict=strict)
        message = str(err.value)
        assert "size mismatch for weight" in message
        assert f"{PREFIX}.Size([3, 5])" in message
        assert f"{PREFIX}.Size([3, 2])" in message


def test_load_state_dict_keeps_dtype():
    layer = nn.Linear(2, 1)
    state = {k: v.double() for k, v in layer.state_dict().items()}
    layer.load_state_dict(state)
    assert layer.weight.dtype == torch.float32


def test_deepcopy_gives_independent_parameters():
    model = TwoLayer()
    twin = copy.deepcopy(model)
    assert [n for n, _ in twin.named_parameters()] == [
        n for n, _ in model.named_parameters()
    ]
    for p, q in zip(model.parameters(), twin.parameters()):
        assert p is not q and isinstance(q, nn.Parameter) and q.requires_grad
        assert_close(q, p, rtol=0, atol=0)
    with torch.no_grad():
        twin.scale.mul_(2.0)
    assert to_np(model.scale).tolist() == [1.0, 1.0, 1.0]


# -------------------------------------------------------------------- hooks


def test_forward_hook_sees_inputs_and_output_and_can_be_removed():
    layer = nn.Linear(2, 3)
    seen = []

    def hook(module, args, output):
        seen.append((module, type(args), len(args), tuple(output.shape)))

    handle = layer.register_forward_hook(hook)
    layer(torch.ones(4, 2))
    assert seen == [(layer, tuple, 1, (4, 3))]
    handle.remove()
    layer(torch.ones(4, 2))
    assert len(seen) == 1
    handle.remove()  # twice is harmless


def test_forward_hook_can_replace_output():
    layer = nn.Identity()
    layer.register_forward_hook(lambda m, args, out: out * 2)
    assert to_np(layer(torch.ones(2))).tolist() == [2.0, 2.0]


def test_forward_pre_hook_can_replace_input():
    layer = nn.Identity()
    layer.register_forward_pre_hook(lambda m, args: (args[0] + 1,))
    assert to_np(layer(torch.ones(2))).tolist() == [2.0, 2.0]


def test_full_backward_hooks_in_a_sequential():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    calls = []

    def recorder(name):
        def hook(module, grad_input, grad_output):
            calls.append(
                (
                    name,
                    [None if g is None else tuple(g.shape) for g in grad_input],
                    [tuple(g.shape) for g in grad_output],
                )
            )

        return hook

    for i, layer in enumerate(model):
        layer.register_full_backward_hook(recorder(i))
    x = torch.randn(4, 2, requires_grad=True)
    out = model(x)
    assert type(out.grad_fn).__name__ == "BackwardHookFunctionBackward"
    out.sum().backward()
    assert calls == [
        (2, [(4, 3)], [(4, 1)]),
        (1, [(4, 3)], [(4, 3)]),
        (0, [(4, 2)], [(4, 3)]),
    ]


def test_full_backward_hook_values_match_the_gradients():
    torch.manual_seed(0)
    layer = nn.Linear(3, 2)
    got = {}

    def hook(module, grad_input, grad_output):
        got["in"], got["out"] = grad_input[0], grad_output[0]

    layer.register_full_backward_hook(hook)
    x = torch.randn(5, 3, requires_grad=True)
    y = layer(x)
    weight = torch.randn(5, 2)
    (y * weight).sum().backward()
    assert_close(got["out"], weight)
    assert_close(got["in"], to_np(weight) @ to_np(layer.weight))
    assert_close(x.grad, got["in"])


def test_full_backward_hook_without_input_grad_fires_with_none():
    layer = nn.Linear(2, 1)
    calls = []
    layer.register_full_backward_hook(
        lambda m, gi, go: calls.append((gi, tuple(go[0].shape)))
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        layer(torch.ones(3, 2)).sum().backward()
    assert calls == [((None,), (3, 1))]
    assert layer.weight.grad is not None


def test_full_backward_hook_can_replace_grad_input_and_be_removed():
    layer = nn.Identity()
    handle = layer.register_full_backward_hook(lambda m, gi, go: (gi[0] * 10,))
    x = torch.ones(2, requires_grad=True)
    layer(x).sum().backward()
    assert to_np(x.grad).tolist() == [10.0, 10.0]
    handle.remove()
    x.grad = None
    out = layer(x)
    assert out is x  # no hooks left: plain forward, no wrapper
    out.sum().backward()
    assert to_np(x.grad).tolist() == [1.0, 1.0]


def test_full_backward_hook_with_several_inputs_and_outputs():
    class Two(nn.Module):
        def forward(self, a, b, scale):
            return a * b * scale, a + b

    module = Two()
    calls = []
    module.register_full_backward_hook(
        lambda m, gi, go: calls.append(
            (
                [None if g is None else to_np(g).tolist() for g in gi],
                [to_np(g).tolist() for g in go],
            )
        )
    )
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    b = torch.tensor([3.0, 4.0])
    p, q = module(a, b, 2.0)
    (p.sum() * 2 + q.sum()).backward()
    # One grad_input entry per positional argument, as PyTorch: zeros for the
    # tensor that needs no gradient, None for the number.
    assert calls == [([[13.0, 17.0], [0.0, 0.0], None], [[2.0, 2.0], [1.0, 1.0]])]
    assert to_np(a.grad).tolist() == [13.0, 17.0]


def test_backward_hook_leaves_gradients_unchanged():
    torch.manual_seed(1)
    model = nn.Sequential(nn.Linear(2, 4), nn.Tanh(), nn.Linear(4, 1))
    x = torch.randn(6, 2)
    model(x).pow(2).mean().backward()
    plain = [to_np(p.grad).copy() for p in model.parameters()]
    model.zero_grad()
    for layer in model:
        layer.register_full_backward_hook(lambda m, gi, go: None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model(x).pow(2).mean().backward()
    for p, expected in zip(model.parameters(), plain):
        assert_close(p.grad, expected)


# ----------------------------------------------------------------- printing


def test_repr_of_sequential_as_pytorch():
    model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 1))
    assert repr(model) == (
        "Sequential(\n"
        "  (0): Linear(in_features=2, out_features=16, bias=True)\n"
        "  (1): ReLU()\n"
        "  (2): Linear(in_features=16, out_features=1, bias=True)\n"
        ")"
    )


def test_repr_of_nested_module_and_layers():
    assert repr(TwoLayer()) == (
        "TwoLayer(\n"
        "  (layers): Sequential(\n"
        "    (0): Linear(in_features=2, out_features=4, bias=True)\n"
        "    (1): Tanh()\n"
        "    (2): Linear(in_features=4, out_features=3, bias=True)\n"
        "  )\n"
        ")"
    )
    assert repr(nn.Linear(3, 2, bias=False)) == (
        "Linear(in_features=3, out_features=2, bias=False)"
    )
    assert repr(nn.LeakyReLU()) == "LeakyReLU(negative_slope=0.01)"
    assert repr(nn.LeakyReLU(0.2, inplace=True)) == (
        "LeakyReLU(negative_slope=0.2, inplace=True)"
    )
    assert repr(nn.Softmax(dim=1)) == "Softmax(dim=1)"
    assert repr(nn.Dropout()) == "Dropout(p=0.5, inplace=False)"
    assert repr(nn.ReLU(inplace=True)) == "ReLU(inplace=True)"
    for cls in (
        nn.Sigmoid,
        nn.Tanh,
        nn.Identity,
        nn.MSELoss,
        nn.L1Loss,
        nn.CrossEntropyLoss,
        nn.BCELoss,
        nn.BCEWithLogitsLoss,
    ):
        assert repr(cls()) == f"{cls.__name__}()"


def test_repr_of_module_list_compresses_repeats():
    layers = nn.ModuleList([nn.Linear(2, 2) for _ in range(3)] + [nn.ReLU()])
    assert repr(layers) == (
        "ModuleList(\n"
        "  (0-2): 3 x Linear(in_features=2, out_features=2, bias=True)\n"
        "  (3): ReLU()\n"
        ")"
    )


# --------------------------------------------------------------- Sequential


def test_sequential_indexing_len_iteration():
    a, b, c = nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1)
    model = nn.Sequential(a, b, c)
    assert len(model) == 3
    assert model[0] is a and model[-1] is c
    assert list(model) == [a, b, c]
    head = model[:2]
    assert isinstance(head, nn.Sequential) and list(head) == [a, b]
    assert [n for n, _ in model[1:].named_parameters()] == ["2.weight", "2.bias"]
    with pytest.raises(IndexError):
        model[3]
    model.append(nn.Sigmoid())
    assert len(model) == 4 and type(model[3]).__name__ == "Sigmoid"


def test_sequential_from_ordered_dict_and_forward():
    model = nn.Sequential(
        OrderedDict([("hidden", nn.Linear(2, 3)), ("act", nn.ReLU())])
    )
    assert [n for n, _ in model.named_parameters()] == ["hidden.weight", "hidden.bias"]
    x = torch.randn(4, 2)
    expected = model.act(model.hidden(x))
    assert_close(model(x), expected)


def test_graph_of_a_linear_layer():
    layer = nn.Linear(2, 3)
    out = layer(torch.ones(4, 2))
    # addmm(b, x, W.t()), one node, as PyTorch records a Linear on a batch
    assert tree(out.grad_fn) == (
        "AddmmBackward0(AccumulateGrad, None, TBackward0(AccumulateGrad))"
    )


def test_module_names_in_error_for_wrong_parameter_type():
    layer = nn.Linear(2, 2)
    with pytest.raises(TypeError, match=re.escape("as parameter 'weight'")):
        layer.weight = torch.ones(2, 2)
