"""What students see printed: tensors, nodes, dtypes and backward-node names.

Strings are what PyTorch 2.13 prints (read off PyTorch itself), with
`minigrad.` where PyTorch prints `torch.`. The node-name table checks
type(t.grad_fn).__name__ and the whole next_functions tree.
"""

import re

import numpy as np
import pytest
from mg_testutil import PREFIX, torch, tree

# ---------------------------------------------------------------- tensors


def test_leaf_result_and_grad_print_as_pytorch():
    x = torch.tensor(2.0, requires_grad=True)
    assert repr(x) == "tensor(2., requires_grad=True)"
    y = x**2 + 3 * x + 1
    assert repr(y) == "tensor(11., grad_fn=<AddBackward0>)"
    y.backward()
    assert repr(x.grad) == "tensor(7.)"


def test_node_repr_has_name_and_address():
    x = torch.tensor(2.0, requires_grad=True)
    y = x * 3 + 1
    assert re.fullmatch(r"<AddBackward0 object at 0x[0-9a-fA-F]+>", repr(y.grad_fn))
    assert re.fullmatch(r"<AddBackward0 object at 0x[0-9a-fA-F]+>", str(y.grad_fn))
    acc = (x * 3).grad_fn.next_functions[0][0]
    assert re.fullmatch(r"<AccumulateGrad object at 0x[0-9a-fA-F]+>", repr(acc))


@pytest.mark.parametrize(
    "make, expected",
    [
        (
            lambda: torch.tensor([1.0, 2.0, 3.0], requires_grad=True) * 2,
            "tensor([2., 4., 6.], grad_fn=<MulBackward0>)",
        ),
        (lambda: torch.ones(2, 3), "tensor([[1., 1., 1.],\n        [1., 1., 1.]])"),
        (
            lambda: torch.tensor([[1.5, -2.25], [3.0, 4.0]], requires_grad=True),
            "tensor([[ 1.5000, -2.2500],\n        [ 3.0000,  4.0000]],"
            " requires_grad=True)",
        ),
        (
            lambda: torch.tensor(1.0, dtype=torch.float64, requires_grad=True) * 2,
            f"tensor(2., dtype={PREFIX}.float64, grad_fn=<MulBackward0>)",
        ),
        (
            lambda: torch.tensor([1.0, 2.0], dtype=torch.float64),
            f"tensor([1., 2.], dtype={PREFIX}.float64)",
        ),
        (lambda: torch.tensor(2.5), "tensor(2.5000)"),
        (lambda: torch.tensor(3.0), "tensor(3.)"),
        (lambda: torch.tensor([0.1, 2.0]), "tensor([0.1000, 2.0000])"),
        (lambda: torch.tensor([-1.0, 0.5]), "tensor([-1.0000,  0.5000])"),
        (lambda: torch.tensor([1, 2, 3]), "tensor([1, 2, 3])"),
        (lambda: torch.tensor([[1, 2], [3, 4]]), "tensor([[1, 2],\n        [3, 4]])"),
        (lambda: torch.tensor([True, False]), "tensor([ True, False])"),
        (
            lambda: torch.tensor([1.0, 2.0], requires_grad=True).sum(),
            "tensor(3., grad_fn=<SumBackward0>)",
        ),
        (
            lambda: torch.tensor([1.0, 2.0], requires_grad=True).mean(),
            "tensor(1.5000, grad_fn=<MeanBackward0>)",
        ),
        (
            lambda: torch.tensor([1.0, 2.0], requires_grad=True).detach(),
            "tensor([1., 2.])",
        ),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_tensor_repr(make, expected):
    t = make()
    assert repr(t) == expected
    assert str(t) == expected


# Formatting rules of PyTorch's printer beyond the basics (strings printed by
# PyTorch 2.13): column widths come from the finite values only; integer-valued
# floats switch to scientific notation when max/min > 1000 or max > 1e8; more
# than 1000 elements are summarised with "..." (an element of its own).
@pytest.mark.parametrize(
    "make, expected",
    [
        (
            lambda: torch.tensor([float("nan"), float("inf"), -float("inf"), 1.0]),
            "tensor([nan, inf, -inf, 1.])",
        ),
        (lambda: torch.tensor([float("inf"), 1.0]), "tensor([inf, 1.])"),
        (lambda: torch.tensor([float("nan"), 1.5]), "tensor([   nan, 1.5000])"),
        (
            lambda: torch.tensor([[float("nan"), 1.0], [2.0, 3.0]]),
            "tensor([[nan, 1.],\n        [2., 3.]])",
        ),
        (lambda: torch.tensor(float("nan")), "tensor(nan)"),
        (lambda: torch.tensor([1e-5, 1.0]), "tensor([1.0000e-05, 1.0000e+00])"),
        (lambda: torch.tensor([1.0, 1500.0]), "tensor([1.0000e+00, 1.5000e+03])"),
        (lambda: torch.tensor([1e8, 1.0]), "tensor([1.0000e+08, 1.0000e+00])"),
        (lambda: torch.tensor([0.5, 400.0]), "tensor([  0.5000, 400.0000])"),
        (lambda: torch.tensor([1.0, 1000.0]), "tensor([   1., 1000.])"),
        (
            lambda: torch.arange(1001.0),
            "tensor([   0.,    1.,    2.,  ...,  998.,  999., 1000.])",
        ),
        (
            lambda: torch.arange(1001),
            "tensor([   0,    1,    2,  ...,  998,  999, 1000])",
        ),
        (
            lambda: torch.ones(1001) / 3,
            "tensor([0.3333, 0.3333, 0.3333,  ..., 0.3333, 0.3333, 0.3333])",
        ),
        (
            lambda: torch.arange(2000.0),
            "tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,"
            "\n        1.9990e+03])",
        ),
    ],
    ids=[
        "nan_inf",
        "inf",
        "nan_fixed",
        "nan_2d",
        "nan_0d",
        "sci_small",
        "sci_ratio",
        "sci_large",
        "fixed_ratio",
        "int_ratio_1000",
        "summary_float",
        "summary_int",
        "summary_fixed",
        "summary_sci",
    ],
)
def test_tensor_repr_formatting_rules(make, expected):
    assert repr(make()) == expected


def test_dtype_and_size_reprs():
    assert repr(torch.float32) == f"{PREFIX}.float32"
    assert repr(torch.float64) == f"{PREFIX}.float64"
    assert repr(torch.int64) == f"{PREFIX}.int64"
    assert repr(torch.bool) == f"{PREFIX}.bool"
    assert str(torch.float64) == f"{PREFIX}.float64"
    assert repr(torch.zeros(2, 3).shape) == f"{PREFIX}.Size([2, 3])"
    assert repr(torch.tensor([1.0, 2.0]).size()) == f"{PREFIX}.Size([2])"
    assert repr(torch.tensor(1.0).shape) == f"{PREFIX}.Size([])"


def test_size_behaves_as_a_tuple():
    s = torch.zeros(2, 3).shape
    assert s == (2, 3)
    assert isinstance(s, tuple)
    assert s[1] == 3
    assert len(s) == 2
    assert torch.zeros(2, 3).size(1) == 3
    assert torch.zeros(2, 3).size(-1) == 3


# ---------------------------------------------------------------- node names


def _leaves():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = torch.tensor([4.0, 5.0, 6.0], requires_grad=True)
    A = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
    W = torch.tensor([[1.0], [2.0], [3.0]], requires_grad=True)
    s = torch.tensor(2.0, requires_grad=True)
    return x, y, A, W, s


ACC = "AccumulateGrad"

# (expression, expected tree): the trees PyTorch 2.13 prints
FACTS_TABLE = [
    (
        lambda x, y, A, W, s: x * y + x**2,
        f"AddBackward0(MulBackward0({ACC}, {ACC}), PowBackward0({ACC}))",
    ),
    (
        lambda x, y, A, W, s: (x - y) / y,
        f"DivBackward0(SubBackward0({ACC}, {ACC}), {ACC})",
    ),
    (lambda x, y, A, W, s: -x, f"NegBackward0({ACC})"),
    (lambda x, y, A, W, s: x.exp(), f"ExpBackward0({ACC})"),
    (lambda x, y, A, W, s: x.log(), f"LogBackward0({ACC})"),
    (lambda x, y, A, W, s: x.tanh(), f"TanhBackward0({ACC})"),
    (lambda x, y, A, W, s: x.sigmoid(), f"SigmoidBackward0({ACC})"),
    (lambda x, y, A, W, s: x.relu(), f"ReluBackward0({ACC})"),
    (lambda x, y, A, W, s: x.abs(), f"AbsBackward0({ACC})"),
    (lambda x, y, A, W, s: x.sqrt(), f"SqrtBackward0({ACC})"),
    (lambda x, y, A, W, s: x.sin(), f"SinBackward0({ACC})"),
    (lambda x, y, A, W, s: x.cos(), f"CosBackward0({ACC})"),
    (lambda x, y, A, W, s: A @ W, f"MmBackward0({ACC}, {ACC})"),
    (lambda x, y, A, W, s: x.sum(), f"SumBackward0({ACC})"),
    (lambda x, y, A, W, s: A.sum(1), f"SumBackward1({ACC})"),
    (lambda x, y, A, W, s: x.mean(), f"MeanBackward0({ACC})"),
    (lambda x, y, A, W, s: A.mean(0), f"MeanBackward1({ACC})"),
    (
        lambda x, y, A, W, s: x * torch.tensor([1.0, 2.0, 3.0]),
        f"MulBackward0({ACC}, None)",
    ),
    (lambda x, y, A, W, s: x * 2, f"MulBackward0({ACC}, None)"),
    (lambda x, y, A, W, s: 2 * x + 1, f"AddBackward0(MulBackward0({ACC}, None), None)"),
    (lambda x, y, A, W, s: x / 2, f"DivBackward0({ACC}, None)"),
    (lambda x, y, A, W, s: x**y, f"PowBackward1({ACC}, {ACC})"),
    (lambda x, y, A, W, s: x[0], f"SelectBackward0({ACC})"),
    (lambda x, y, A, W, s: list(A)[1], f"UnbindBackward0({ACC})"),
    (lambda x, y, A, W, s: A.unbind(1)[0], f"UnbindBackward0({ACC})"),
    (lambda x, y, A, W, s: x.split(2)[1], f"SplitBackward0({ACC})"),
    (lambda x, y, A, W, s: x.split([1, 2])[0], f"SplitWithSizesBackward0({ACC})"),
    (lambda x, y, A, W, s: x.chunk(2)[0], f"SplitBackward0({ACC})"),
    (lambda x, y, A, W, s: x.cumsum(0), f"CumsumBackward0({ACC})"),
    (lambda x, y, A, W, s: x.sort().values, f"SortBackward0({ACC})"),
    (lambda x, y, A, W, s: x.topk(2).values, f"TopkBackward0({ACC})"),
    (
        lambda x, y, A, W, s: A.gather(1, torch.tensor([[0], [2]])),
        f"GatherBackward0({ACC})",
    ),
    (lambda x, y, A, W, s: x.round(), f"RoundBackward0({ACC})"),
    (lambda x, y, A, W, s: x.round(decimals=1), f"RoundBackward1({ACC})"),
    (lambda x, y, A, W, s: x[1:], f"SliceBackward0({ACC})"),
    (lambda x, y, A, W, s: A.view(6), f"ViewBackward0({ACC})"),
    (lambda x, y, A, W, s: A.reshape(3, 2), f"ViewBackward0({ACC})"),
    (lambda x, y, A, W, s: A.flatten(), f"ViewBackward0({ACC})"),
    (lambda x, y, A, W, s: A.transpose(0, 1), f"TransposeBackward0({ACC})"),
    (lambda x, y, A, W, s: A.T, f"PermuteBackward0({ACC})"),
    (lambda x, y, A, W, s: A.permute(1, 0), f"PermuteBackward0({ACC})"),
    (lambda x, y, A, W, s: x.unsqueeze(0), f"UnsqueezeBackward0({ACC})"),
    (lambda x, y, A, W, s: x.expand(2, 3), f"ExpandBackward0({ACC})"),
    (lambda x, y, A, W, s: torch.cat([x, y]), f"CatBackward0({ACC}, {ACC})"),
    (lambda x, y, A, W, s: torch.stack([x, y]), f"StackBackward0({ACC}, {ACC})"),
    (lambda x, y, A, W, s: torch.where(x > 1, x, y), f"WhereBackward0({ACC}, {ACC})"),
    (lambda x, y, A, W, s: torch.maximum(x, y), f"MaximumBackward0({ACC}, {ACC})"),
    (lambda x, y, A, W, s: A.softmax(1), f"SoftmaxBackward0({ACC})"),
    (lambda x, y, A, W, s: A.log_softmax(1), f"LogSoftmaxBackward0({ACC})"),
    (lambda x, y, A, W, s: x.detach() * x, f"MulBackward0(None, {ACC})"),
    (lambda x, y, A, W, s: x.var(), f"VarBackward0({ACC})"),
    (lambda x, y, A, W, s: x.std(), f"StdBackward0({ACC})"),
]

# More names PyTorch 2.13 gives (printed by PyTorch itself), for ops the
# lessons use: grad_fn objects are named as PyTorch names them.
MORE_NAMES = [
    (lambda x, y, A, W, s: x - 1, f"SubBackward0({ACC}, None)"),
    (lambda x, y, A, W, s: 1 - x, f"RsubBackward1({ACC})"),
    (lambda x, y, A, W, s: x.pow(2), f"PowBackward0({ACC})"),
    (lambda x, y, A, W, s: 2**x, f"PowBackward2({ACC})"),
    (lambda x, y, A, W, s: x.max(), f"MaxBackward1({ACC})"),
    (lambda x, y, A, W, s: x.min(), f"MinBackward1({ACC})"),
    (lambda x, y, A, W, s: A.max(1).values, f"MaxBackward0({ACC})"),
    (lambda x, y, A, W, s: A.min(1).values, f"MinBackward0({ACC})"),
    (lambda x, y, A, W, s: x.clamp(0, 2), f"ClampBackward1({ACC})"),
    (lambda x, y, A, W, s: torch.minimum(x, y), f"MinimumBackward0({ACC}, {ACC})"),
    (lambda x, y, A, W, s: A @ x, f"MvBackward0({ACC}, {ACC})"),
    (lambda x, y, A, W, s: x @ y, f"DotBackward0({ACC}, {ACC})"),
    (lambda x, y, A, W, s: x[[0, 2]], f"IndexBackward0({ACC})"),
    (lambda x, y, A, W, s: x[x > 1], f"IndexBackward0({ACC})"),
    (lambda x, y, A, W, s: A[:, 1], f"SelectBackward0({ACC})"),
    (lambda x, y, A, W, s: W.squeeze(), f"SqueezeBackward0({ACC})"),
    (lambda x, y, A, W, s: W.squeeze(1), f"SqueezeBackward1({ACC})"),
    (lambda x, y, A, W, s: s * s, f"MulBackward0({ACC}, {ACC})"),
    (lambda x, y, A, W, s: (s + 1).exp(), f"ExpBackward0(AddBackward0({ACC}, None))"),
    (lambda x, y, A, W, s: x.var(0), f"VarBackward0({ACC})"),
    (lambda x, y, A, W, s: x.clamp(min=0), f"ClampBackward1({ACC})"),
    (lambda x, y, A, W, s: x.clamp(max=2), f"ClampBackward1({ACC})"),
    (lambda x, y, A, W, s: x.norm(), f"LinalgVectorNormBackward0({ACC})"),
    (lambda x, y, A, W, s: x.norm(1), f"LinalgVectorNormBackward0({ACC})"),
    (lambda x, y, A, W, s: A.norm(dim=1), f"LinalgVectorNormBackward0({ACC})"),
    (lambda x, y, A, W, s: x.clone(), f"CloneBackward0({ACC})"),
]


def _ids(table):
    return [expected.split("(")[0] + f"-{i}" for i, (_, expected) in enumerate(table)]


@pytest.mark.parametrize("expr, expected", FACTS_TABLE, ids=_ids(FACTS_TABLE))
def test_node_names_and_next_functions_facts_table(expr, expected):
    out = expr(*_leaves())
    assert tree(out.grad_fn) == expected


@pytest.mark.parametrize("expr, expected", MORE_NAMES, ids=_ids(MORE_NAMES))
def test_more_pytorch_node_names(expr, expected):
    out = expr(*_leaves())
    assert tree(out.grad_fn) == expected


def test_name_method_and_output_numbers():
    x, y, *_ = _leaves()
    out = x * y + x**2
    node = out.grad_fn
    assert type(node).__name__ == "AddBackward0"
    assert isinstance(node.next_functions, tuple)
    for entry in node.next_functions:
        assert isinstance(entry, tuple) and len(entry) == 2
        assert entry[1] == 0
    if hasattr(node, "name"):
        assert node.name() == "AddBackward0"


def test_accumulate_grad_holds_its_leaf_and_has_no_children():
    x, y, *_ = _leaves()
    acc_x = (x * y).grad_fn.next_functions[0][0]
    acc_y = (x * y).grad_fn.next_functions[1][0]
    assert type(acc_x).__name__ == "AccumulateGrad"
    assert acc_x.variable is x
    assert acc_y.variable is y
    assert acc_x.next_functions == ()


def test_leaves_have_no_grad_fn_and_only_their_accumulator_is_shared():
    x, *_ = _leaves()
    assert x.grad_fn is None
    assert x.is_leaf
    a = x * 2
    b = x * 3
    acc_a = a.grad_fn.next_functions[0][0]
    acc_b = b.grad_fn.next_functions[0][0]
    # PyTorch reuses one AccumulateGrad per leaf while it is alive
    assert acc_a is acc_b


def test_non_differentiable_results_have_no_grad_fn():
    x, *_ = _leaves()
    assert (x > 1).grad_fn is None
    assert not (x > 1).requires_grad
    assert x.max(0).indices.grad_fn is None
    assert x.detach().grad_fn is None
    t = torch.tensor(np.array([1.0, 2.0]))
    assert (t * 2).grad_fn is None


# ---------------------------------------------------------------- format()


@pytest.mark.parametrize(
    "make, spec, expected",
    [
        (lambda: torch.tensor(2.0), "", "2.0"),
        (lambda: torch.tensor(2.0), ".3f", "2.000"),
        (lambda: torch.tensor(2.0), ">8", "     2.0"),
        (lambda: torch.tensor(2.0, requires_grad=True), "", "2.0"),
        (lambda: torch.tensor(1 / 3), "", "0.3333333432674408"),  # float32's value
        (lambda: torch.tensor(1 / 3, dtype=torch.float64), "", "0.3333333333333333"),
        (lambda: torch.tensor(3), "", "3"),
        (lambda: torch.tensor(True), "", "True"),
        (lambda: torch.tensor([1.0, 2.0]), "", "tensor([1., 2.])"),
    ],
)
def test_format_of_a_0d_tensor_is_the_format_of_its_number(make, spec, expected):
    # PyTorch 2.13 prints these (f"{torch.tensor(2.)}" is "2.0"); a tensor
    # with more elements formats as its repr.
    assert format(make(), spec) == expected
