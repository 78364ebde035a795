"""The rows of the bad-input table: a call, and what PyTorch does with it.

Each row is a `Raises` (the exception type PyTorch raises and a phrase of
minigrad's message) or a `Gives` (the value PyTorch returns where it accepts
the input). `torch` is the module under test (see `mg_testutil.py`), so the
same rows run against real PyTorch in `check_bad_input_table.py`.
"""

import importlib
import math
import os
from dataclasses import dataclass

import numpy as np

# The backend as mg_testutil chooses it, read here without mg_testutil's
# pytest and hypothesis imports, so the checker runs in a venv with torch only.
torch = importlib.import_module(os.environ.get("MINIGRAD_TEST_BACKEND", "minigrad"))

nn = torch.nn
F = torch.nn.functional


@dataclass
class Raises:
    """A bad call, the exception type PyTorch raises and a message phrase."""

    name: str
    call: object
    error: type
    phrase: str = ""


@dataclass
class Gives:
    """An unusual call PyTorch accepts, and the value it returns."""

    name: str
    call: object
    value: object


def t(*values, grad=False):
    """A small float tensor, optionally requiring grad."""
    return torch.tensor(list(values) or [1.0, 2.0, 3.0], requires_grad=grad)


def m23():
    """The 2x3 float tensor [[0, 1, 2], [3, 4, 5]]."""
    return torch.arange(6.0).reshape(2, 3)


def _inplace_fail_keeps(op):
    """Run a failing in-place op; return (values, version) afterwards."""
    x = torch.ones(3)
    before = x._version
    try:
        op(x)
    except (RuntimeError, TypeError, IndexError, ValueError):
        pass
    return (x.tolist(), x._version - before)


def _param_none_linear():
    layer = nn.Linear(2, 3)
    layer.weight = None
    return layer(torch.ones(1, 2))


def _leaf_backward_twice():
    x = t(grad=True)
    y = (x * x).sum()
    y.backward()
    y.backward()


def _hook_on_plain():
    return t().register_hook(lambda g: g)


def _grad_of_nograd():
    x = t(grad=True)
    with torch.no_grad():
        y = (x * 2).sum()
    return y.backward()


def _step_lr(**kwargs):
    opt = torch.optim.SGD([t(grad=True)], lr=0.1)
    return torch.optim.lr_scheduler.StepLR(opt, **kwargs)


def _sgd(**kwargs):
    return torch.optim.SGD([t(grad=True)], **kwargs)


def _adam(**kwargs):
    return torch.optim.Adam([t(grad=True)], **kwargs)


def _loader(**kwargs):
    data = torch.utils.data.TensorDataset(torch.ones(4, 2))
    return torch.utils.data.DataLoader(data, **kwargs)


def _setitem(index, value):
    x = t()
    x[index] = value
    return x


CREATION = [
    Raises("tensor(None)", lambda: torch.tensor(None), RuntimeError),
    Raises("tensor(dict)", lambda: torch.tensor({"a": 1}), RuntimeError),
    Raises("tensor(object)", lambda: torch.tensor(object()), RuntimeError),
    Raises("tensor('abc')", lambda: torch.tensor("abc"), TypeError),
    Raises("tensor(list of tensors)", lambda: torch.tensor([t(), t()]), ValueError),
    Raises("tensor(2**70)", lambda: torch.tensor(2**70), ValueError, "Overflow"),
    Raises("tensor ragged", lambda: torch.tensor([[1, 2], [3]]), ValueError),
    Raises("zeros(-1)", lambda: torch.zeros(-1), RuntimeError, "negative"),
    Raises("zeros('3')", lambda: torch.zeros("3"), TypeError, "size"),
    Raises("zeros(2.5)", lambda: torch.zeros(2.5), TypeError, "size"),
    Raises("zeros(None)", lambda: torch.zeros(None), TypeError, "size"),
    Raises("zeros(2, -3)", lambda: torch.zeros(2, -3), RuntimeError, "negative"),
    Raises("ones(-2)", lambda: torch.ones(-2), RuntimeError, "negative"),
    Raises("ones('a')", lambda: torch.ones("a"), TypeError, "size"),
    Raises("ones(1.5, 2)", lambda: torch.ones(1.5, 2), TypeError, "size"),
    Raises("empty(-1)", lambda: torch.empty(-1), RuntimeError, "negative"),
    Raises("rand(-1)", lambda: torch.rand(-1), RuntimeError, "negative"),
    Raises("randn(-1)", lambda: torch.randn(-1), RuntimeError, "negative"),
    Raises("randn('2')", lambda: torch.randn("2"), TypeError, "size"),
    Raises("rand(2.0)", lambda: torch.rand(2.0), TypeError, "size"),
    Raises("full(-1, 0.)", lambda: torch.full((-1,), 0.0), RuntimeError, "negative"),
    Raises("full('a', 0.)", lambda: torch.full("a", 0.0), TypeError),
    Raises("eye(-1)", lambda: torch.eye(-1), RuntimeError, "n must be"),
    Raises("eye(2, -1)", lambda: torch.eye(2, -1), RuntimeError, "m must be"),
    Raises("eye('2')", lambda: torch.eye("2"), TypeError, "n"),
    Raises("eye(2.5)", lambda: torch.eye(2.5), TypeError, "n"),
    Raises(
        "linspace steps -1", lambda: torch.linspace(0, 1, -1), RuntimeError, "steps"
    ),
    Raises("linspace steps 2.5", lambda: torch.linspace(0, 1, 2.5), TypeError, "steps"),
    Raises("arange step 0", lambda: torch.arange(0, 1, 0), RuntimeError, "step"),
    Raises("arange wrong sign", lambda: torch.arange(0, 5, -1), RuntimeError, "bound"),
    Raises("arange('a')", lambda: torch.arange("a"), TypeError),
    Raises(
        "randint low>=high", lambda: torch.randint(5, 2, (3,)), RuntimeError, "from"
    ),
    Raises("randperm(-1)", lambda: torch.randperm(-1), RuntimeError, "n"),
    Raises("manual_seed('x')", lambda: torch.manual_seed("x"), ValueError, "seed"),
    Raises("manual_seed(None)", lambda: torch.manual_seed(None), TypeError, "seed"),
    Raises("zeros_like(list)", lambda: torch.zeros_like([1, 2]), TypeError, "Tensor"),
    Raises("ones_like(3.0)", lambda: torch.ones_like(3.0), TypeError, "Tensor"),
    Gives("zeros(0)", lambda: torch.zeros(0).shape == (0,), True),
    Gives("zeros(())", lambda: torch.zeros(()).shape == (), True),
    Gives("eye(0)", lambda: torch.eye(0).shape == (0, 0), True),
    Gives("arange(0)", lambda: torch.arange(0).shape == (0,), True),
    Gives("linspace steps 0", lambda: torch.linspace(0, 1, 0).shape == (0,), True),
    Gives("tensor([])", lambda: torch.tensor([]).shape == (0,), True),
    Gives("tensor(True)", lambda: torch.tensor(True).dtype == torch.bool, True),
]

ARITHMETIC = [
    Raises("exp(3.0)", lambda: torch.exp(3.0), TypeError, "must be Tensor"),
    Raises("log('a')", lambda: torch.log("a"), TypeError, "must be Tensor"),
    Raises("sin(None)", lambda: torch.sin(None), TypeError, "must be Tensor"),
    Raises("tanh([1.])", lambda: torch.tanh([1.0]), TypeError, "must be Tensor"),
    Raises(
        "sqrt(np array)", lambda: torch.sqrt(np.ones(2)), TypeError, "must be Tensor"
    ),
    Raises("sigmoid(1)", lambda: torch.sigmoid(1), TypeError, "must be Tensor"),
    Raises("abs(2.0)", lambda: torch.abs(2.0), TypeError, "must be Tensor"),
    Raises("x + None", lambda: t() + None, TypeError),
    Raises("x + 'a'", lambda: t() + "a", TypeError, "for +: 'Tensor' and 'str'"),
    Raises("'a' * x", lambda: "a" * t(), TypeError, "'str'"),
    Raises("x - {}", lambda: t() - {}, TypeError, "for -: 'Tensor' and 'dict'"),
    Raises("x / object()", lambda: t() / object(), TypeError, "'object'"),
    Raises("x ** 'a'", lambda: t() ** "a", TypeError, "'str'"),
    Raises("None + x", lambda: None + t(), TypeError),
    Raises("x * 'a'", lambda: t() * "a", TypeError),
    Raises("x - object()", lambda: t() - object(), TypeError),
    Raises("x / None", lambda: t() / None, TypeError),
    Raises("x ** 'a'", lambda: t() ** "a", TypeError),
    Raises("x @ None", lambda: m23() @ None, TypeError),
    Raises("shape mismatch +", lambda: t() + torch.ones(2), RuntimeError, "size"),
    Raises("matmul mismatch", lambda: m23() @ m23(), RuntimeError, "shapes"),
    Raises(
        "matmul 0-d", lambda: torch.tensor(1.0) @ torch.tensor(2.0), RuntimeError, "1D"
    ),
    Raises("add(x, None)", lambda: torch.add(t(), None), TypeError),
    Raises("mul('a', x)", lambda: torch.mul("a", t()), TypeError),
    Raises("pow(x, None)", lambda: torch.pow(t(), None), TypeError),
    Raises("clamp no bounds", lambda: torch.clamp(t()), RuntimeError, "min"),
    Raises("x.add_(bad shape)", lambda: t().add_(torch.ones(2)), RuntimeError),
    Raises(
        "leaf add_ requiring grad",
        lambda: t(grad=True).add_(1.0),
        RuntimeError,
        "leaf Variable",
    ),
    Gives("x + True", lambda: (t() + True).tolist(), [2.0, 3.0, 4.0]),
    Gives("x / 0", lambda: math.isinf((t() / 0).tolist()[0]), True),
    Gives("x ** 0", lambda: (t() ** 0).tolist(), [1.0, 1.0, 1.0]),
    Gives("log(0)", lambda: torch.log(torch.zeros(1)).tolist(), [-math.inf]),
    Gives(
        "failed add_ keeps x",
        lambda: _inplace_fail_keeps(lambda x: x.add_(torch.ones(2))),
        ([1.0, 1.0, 1.0], 0),
    ),
    Gives(
        "failed mul_ keeps x",
        lambda: _inplace_fail_keeps(lambda x: x.mul_("a")),
        ([1.0, 1.0, 1.0], 0),
    ),
    Gives(
        "failed setitem keeps x",
        lambda: _inplace_fail_keeps(lambda x: x.__setitem__(5, 1.0)),
        ([1.0, 1.0, 1.0], 0),
    ),
    Gives(
        "failed copy_ keeps x",
        lambda: _inplace_fail_keeps(lambda x: x.copy_(torch.ones(4))),
        ([1.0, 1.0, 1.0], 0),
    ),
    Gives(
        "failed sub_ keeps x",
        lambda: _inplace_fail_keeps(lambda x: x.sub_(torch.ones(2, 2))),
        ([1.0, 1.0, 1.0], 0),
    ),
]

REDUCTIONS = [
    Raises("sum(dim=1.0)", lambda: t().sum(dim=1.0), TypeError, "dim"),
    Raises("sum(dim='a')", lambda: m23().sum(dim="a"), TypeError, "dim"),
    Raises("sum(dim=2) of 1-d", lambda: t().sum(dim=2), IndexError, "range"),
    Raises("sum(dim=-2) of 1-d", lambda: t().sum(dim=-2), IndexError, "range"),
    Raises(
        "sum duplicate dims",
        lambda: m23().sum(dim=(0, 0)),
        RuntimeError,
        "appears multiple times",
    ),
    Raises(
        "mean duplicate dims",
        lambda: m23().mean(dim=(1, -1)),
        RuntimeError,
        "appears multiple times",
    ),
    Raises("mean of int", lambda: torch.tensor([1, 2]).mean(), RuntimeError, "dtype"),
    Raises("mean(dim=5)", lambda: m23().mean(dim=5), IndexError, "range"),
    Raises("max(dim=3)", lambda: m23().max(dim=3), IndexError, "range"),
    Raises("argmax(dim=2)", lambda: t().argmax(dim=2), IndexError, "range"),
    Raises("sum(None input)", lambda: torch.sum(None), TypeError),
    Raises("max of empty", lambda: torch.zeros(0).max(), RuntimeError, "numel"),
    Raises("softmax(dim=3)", lambda: m23().softmax(dim=3), IndexError, "range"),
    Raises("cumsum(dim=2)", lambda: t().cumsum(dim=2), IndexError, "range"),
    Gives("sum of empty", lambda: torch.zeros(0).sum().item(), 0.0),
    Gives("sum(dim=-1)", lambda: m23().sum(dim=-1).tolist(), [3.0, 12.0]),
    Gives("sum(dim=[0, 1])", lambda: m23().sum(dim=[0, 1]).item(), 15.0),
    Gives("mean keepdim", lambda: tuple(m23().mean(1, keepdim=True).shape), (2, 1)),
    Gives("sum of 0-d dim 0", lambda: torch.tensor(2.0).sum(dim=0).item(), 2.0),
]

INDEXING = [
    Raises("x['a']", lambda: t()["a"], TypeError),
    Raises("x[1.5]", lambda: t()[1.5], IndexError, "valid indices"),
    Raises("x[5]", lambda: t()[5], IndexError, "out of bounds"),
    Raises("x[-4]", lambda: t()[-4], IndexError, "out of bounds"),
    Raises("x[0, 0] of 1-d", lambda: t()[0, 0], IndexError, "too many"),
    Raises(
        "x[float index tensor]",
        lambda: t()[torch.tensor([0.5])],
        IndexError,
        "long, int, byte or bool",
    ),
    Raises("x[[5]]", lambda: t()[[5]], IndexError, "out of bounds"),
    Raises(
        "x[bool mask wrong]",
        lambda: t()[torch.tensor([True, False])],
        IndexError,
        "shape of the mask",
    ),
    Raises("setitem x[5]", lambda: _setitem(5, 1.0), IndexError, "out of bounds"),
    Raises("setitem x['a']", lambda: _setitem("a", 1.0), TypeError),
    Raises("setitem bad value", lambda: _setitem(0, "a"), TypeError),
    Raises(
        "setitem shape",
        lambda: _setitem(slice(None), torch.ones(2)),
        RuntimeError,
        "shape",
    ),
    Raises(
        "gather float index",
        lambda: t().gather(0, torch.tensor([0.0])),
        RuntimeError,
        "int64",
    ),
    Raises("x[0] of 0-d", lambda: torch.tensor(1.0)[0], IndexError, "dimension"),
    Gives("x[1:100]", lambda: t()[1:100].tolist(), [2.0, 3.0]),
    Gives("x[-1]", lambda: t()[-1].item(), 3.0),
    Gives("x[None]", lambda: tuple(t()[None].shape), (1, 3)),
    Gives("x[...]", lambda: t()[...].tolist(), [1.0, 2.0, 3.0]),
    Gives("x[5:]", lambda: tuple(t()[5:].shape), (0,)),
    Gives("x[True]", lambda: tuple(t()[True].shape), (1, 3)),
]

SHAPES = [
    Raises("reshape bad", lambda: t().reshape(2, 2), RuntimeError, "shape"),
    Raises(
        "reshape two -1",
        lambda: m23().reshape(-1, -1),
        RuntimeError,
        "only one dimension",
    ),
    Raises("reshape('a')", lambda: t().reshape("a"), TypeError),
    Raises("reshape 2.5", lambda: t().reshape(2.5), TypeError),
    Raises("view bad", lambda: t().view(4), RuntimeError, "shape"),
    Raises("cat([])", lambda: torch.cat([]), ValueError, "non-empty"),
    Raises("cat mismatch", lambda: torch.cat([m23(), t()]), RuntimeError),
    Raises("cat(tensor)", lambda: torch.cat(t()), TypeError),
    Raises("cat dim 5", lambda: torch.cat([t(), t()], dim=5), IndexError, "range"),
    Raises("stack([])", lambda: torch.stack([]), RuntimeError, "non-empty"),
    Raises(
        "stack mismatch",
        lambda: torch.stack([t(), torch.ones(2)]),
        RuntimeError,
        "equal size",
    ),
    Raises("transpose dim", lambda: m23().transpose(0, 2), IndexError, "range"),
    Raises(
        "permute wrong len",
        lambda: m23().permute(0),
        RuntimeError,
        "number of dimensions",
    ),
    Raises("permute repeat", lambda: m23().permute(0, 0), RuntimeError, "dim"),
    Raises("squeeze dim", lambda: t().squeeze(3), IndexError, "range"),
    Raises("unsqueeze dim", lambda: t().unsqueeze(3), IndexError, "range"),
    Raises("expand smaller", lambda: t().expand(2), RuntimeError, "expanded size"),
    Raises("flatten start>end", lambda: m23().flatten(1, 0), RuntimeError, "start_dim"),
    Raises("split size 0", lambda: t().split(0), RuntimeError, "split_size"),
    Raises("chunk 0", lambda: t().chunk(0), RuntimeError, "chunk"),
    Raises("t() of 3-d", lambda: torch.ones(2, 2, 2).t(), RuntimeError, "<= 2"),
    Gives("reshape(-1)", lambda: tuple(m23().reshape(-1).shape), (6,)),
    Gives("squeeze non-1", lambda: tuple(t().squeeze(0).shape), (3,)),
    Gives("flatten 0-d", lambda: tuple(torch.tensor(1.0).flatten().shape), (1,)),
    Gives("cat one", lambda: torch.cat([t()]).tolist(), [1.0, 2.0, 3.0]),
]

AUTOGRAD = [
    Raises(
        "backward(gradient=1.0)",
        lambda: (t(grad=True) * 2).backward(gradient=1.0),
        TypeError,
        "gradient",
    ),
    Raises(
        "backward non-scalar",
        lambda: (t(grad=True) * 2).backward(),
        RuntimeError,
        "scalar outputs",
    ),
    Raises(
        "backward gradient shape",
        lambda: (t(grad=True) * 2).backward(torch.ones(2)),
        RuntimeError,
        "shape",
    ),
    Raises(
        "backward no grad",
        lambda: t().sum().backward(),
        RuntimeError,
        "does not require grad",
    ),
    Raises("backward twice", _leaf_backward_twice, RuntimeError, "second time"),
    Raises(
        "backward under no_grad result",
        _grad_of_nograd,
        RuntimeError,
        "does not require grad",
    ),
    Raises(
        "grad of unused",
        lambda: torch.autograd.grad((t(grad=True) * 2).sum(), [t(grad=True)]),
        RuntimeError,
        "not have been used",
    ),
    Raises(
        "grad(outputs=None)",
        lambda: torch.autograd.grad(None, [t(grad=True)]),
        TypeError,
    ),
    Raises(
        "requires_grad on int",
        lambda: torch.tensor([1, 2], requires_grad=True),
        RuntimeError,
        "floating point",
    ),
    Raises(
        "requires_grad_ on int",
        lambda: torch.tensor([1, 2]).requires_grad_(),
        RuntimeError,
        "floating point",
    ),
    Raises(
        "requires_grad_ non-leaf",
        lambda: (t(grad=True) * 2).requires_grad_(False),
        RuntimeError,
        "leaf variables",
    ),
    Raises(
        "numpy of grad tensor",
        lambda: t(grad=True).numpy(),
        RuntimeError,
        "requires grad",
    ),
    Raises("item of 3", lambda: t().item(), RuntimeError, "cannot be converted"),
    Raises("float() of 3", lambda: float(t()), ValueError, "one element"),
    Raises("bool() of 3", lambda: bool(t()), RuntimeError, "ambiguous"),
    Raises(
        "to('cuda')", lambda: t().to("cuda"), (RuntimeError, AssertionError), "CUDA"
    ),
    Raises("to('nope')", lambda: t().to("nope"), RuntimeError),
    Raises("to(dtype='float')", lambda: t().to(dtype="float"), TypeError),
    Gives("grad of leaf before backward", lambda: t(grad=True).grad, None),
    Gives("detach no grad", lambda: t(grad=True).detach().requires_grad, False),
    Gives(
        "backward(torch.tensor(1.)) ok",
        lambda: _scalar_backward_gradient(),
        [2.0, 2.0, 2.0],
    ),
]


def _scalar_backward_gradient():
    x = t(grad=True)
    (x * 2).sum().backward(torch.tensor(1.0))
    return x.grad.tolist()


HOOKS = [
    Raises(
        "hook on non-grad", _hook_on_plain, RuntimeError, "doesn't require gradient"
    ),
    Gives("hook returning None keeps grad", lambda: _hook_none(), [2.0, 2.0, 2.0]),
]


def _hook_none():
    x = t(grad=True)
    x.register_hook(lambda g: None)
    (x * 2).sum().backward()
    return x.grad.tolist()


def _nograd_result():
    x = t(grad=True)
    with torch.no_grad():
        y = x * 2
    return y.requires_grad


def _enable_grad_in_nograd():
    x = t(grad=True)
    with torch.no_grad():
        with torch.enable_grad():
            y = x * 2
    return y.requires_grad


GRAD_MODES = [
    Raises("set_grad_enabled()", lambda: torch.set_grad_enabled(), TypeError),
    Gives("no_grad stops recording", _nograd_result, False),
    Gives("enable_grad inside no_grad", _enable_grad_in_nograd, True),
    Gives("is_grad_enabled", lambda: torch.is_grad_enabled(), True),
]

NN = [
    Raises("Linear(2.5, 3)", lambda: nn.Linear(2.5, 3), TypeError, "in_features"),
    Raises("Linear('2', 3)", lambda: nn.Linear("2", 3), TypeError, "in_features"),
    Raises("Linear(2, None)", lambda: nn.Linear(2, None), TypeError, "out_features"),
    Raises("Linear(-1, 3)", lambda: nn.Linear(-1, 3), RuntimeError, "negative"),
    Raises(
        "Linear wrong input",
        lambda: nn.Linear(2, 3)(torch.ones(1, 4)),
        RuntimeError,
        "shapes",
    ),
    Raises("Linear input list", lambda: nn.Linear(2, 3)([1.0, 2.0]), TypeError),
    Raises("parameter set to None", _param_none_linear, TypeError),
    Raises(
        "register_parameter tensor",
        lambda: nn.Module().register_parameter("w", t()),
        TypeError,
        "Parameter",
    ),
    Raises(
        "register_parameter dotted",
        lambda: nn.Module().register_parameter("a.b", None),
        KeyError,
        ".",
    ),
    Raises(
        "add_module non-module",
        lambda: nn.Module().add_module("m", 3),
        TypeError,
        "Module",
    ),
    Raises("Conv2d input 1-d", lambda: nn.Conv2d(1, 1, 3)(t()), RuntimeError),
    Raises(
        "Embedding out of range",
        lambda: nn.Embedding(3, 2)(torch.tensor([5])),
        IndexError,
        "index out of range",
    ),
    Raises(
        "Embedding float index",
        lambda: nn.Embedding(3, 2)(torch.tensor([0.0])),
        RuntimeError,
    ),
    Raises("Dropout p=2", lambda: nn.Dropout(2.0), ValueError, "dropout"),
    Raises("Dropout p=-1", lambda: nn.Dropout(-0.1), ValueError, "dropout"),
    Raises("F.dropout p=1.5", lambda: F.dropout(t(), 1.5), ValueError, "dropout"),
    Raises("Sequential non-module", lambda: nn.Sequential(3)(t()), TypeError),
    Raises(
        "load_state_dict missing",
        lambda: nn.Linear(2, 2).load_state_dict({}),
        RuntimeError,
        "Missing key",
    ),
    Raises(
        "load_state_dict shape",
        lambda: nn.Linear(2, 2).load_state_dict(
            {"weight": torch.ones(3, 3), "bias": torch.ones(2)}
        ),
        RuntimeError,
        "size mismatch",
    ),
    Raises("F.relu(list)", lambda: F.relu([1.0]), TypeError),
    Raises(
        "BatchNorm1d wrong features",
        lambda: nn.BatchNorm1d(3)(torch.ones(2, 4)),
        RuntimeError,
    ),
    Raises(
        "module attribute missing", lambda: nn.Linear(2, 2).nope, AttributeError, "nope"
    ),
]

LOSSES = [
    Raises(
        "cross_entropy float target wrong shape",
        lambda: F.cross_entropy(m23(), torch.tensor([0.0, 1.0])),
        RuntimeError,
    ),
    Raises(
        "cross_entropy int32 target",
        lambda: F.cross_entropy(m23(), torch.tensor([0, 1], dtype=torch.int32)),
        RuntimeError,
        "Long",
    ),
    Raises(
        "cross_entropy target out of range",
        lambda: F.cross_entropy(m23(), torch.tensor([0, 5])),
        IndexError,
        "out of bounds",
    ),
    Raises(
        "cross_entropy batch mismatch",
        lambda: F.cross_entropy(m23(), torch.tensor([0, 1, 2])),
        ValueError,
        "batch_size",
    ),
    Raises(
        "cross_entropy list target", lambda: F.cross_entropy(m23(), [0, 1]), TypeError
    ),
    Raises(
        "nll_loss batch mismatch",
        lambda: F.nll_loss(m23(), torch.tensor([0])),
        ValueError,
        "batch_size",
    ),
    Raises(
        "bce target > 1 shape",
        lambda: F.binary_cross_entropy(torch.full((3,), 0.5), torch.ones(2)),
        ValueError,
        "size",
    ),
    Raises(
        "bce input > 1",
        lambda: F.binary_cross_entropy(torch.full((3,), 2.0), torch.ones(3)),
        RuntimeError,
        "between 0 and 1",
    ),
    Raises(
        "MSELoss bad reduction",
        lambda: nn.MSELoss(reduction="avg")(t(), t()),
        ValueError,
        "reduction",
    ),
    Raises(
        "mse_loss bad reduction",
        lambda: F.mse_loss(t(), t(), reduction="x"),
        ValueError,
        "reduction",
    ),
    Raises("l1_loss None", lambda: F.l1_loss(t(), None), (TypeError, AttributeError)),
    Raises(
        "mse_loss shapes (3,) (4,)",
        lambda: F.mse_loss(t(), torch.ones(4)),
        RuntimeError,
        "mse_loss: The size of tensor a (3) must match",
    ),
    Raises(
        "l1_loss shapes (2, 3) (2,)",
        lambda: F.l1_loss(m23(), torch.ones(2)),
        RuntimeError,
        "one target per prediction",
    ),
    Raises(
        "MSELoss shapes (3,) (2,)",
        lambda: nn.MSELoss()(t(), torch.ones(2)),
        RuntimeError,
        "must match",
    ),
    Gives(
        "mse_loss sum",
        lambda: F.mse_loss(t(), torch.zeros(3), reduction="sum").item(),
        14.0,
    ),
]

OPTIM = [
    Raises("SGD(lr='0.1')", lambda: _sgd(lr="0.1"), TypeError),
    Raises("SGD(lr=-1)", lambda: _sgd(lr=-1.0), ValueError, "Invalid learning rate"),
    Raises(
        "SGD momentum -1", lambda: _sgd(lr=0.1, momentum=-1.0), ValueError, "momentum"
    ),
    Raises(
        "SGD weight_decay -1",
        lambda: _sgd(lr=0.1, weight_decay=-1.0),
        ValueError,
        "weight_decay",
    ),
    Raises(
        "SGD nesterov no momentum",
        lambda: _sgd(lr=0.1, nesterov=True),
        ValueError,
        "Nesterov",
    ),
    Raises(
        "SGD empty params",
        lambda: torch.optim.SGD([], lr=0.1),
        ValueError,
        "empty parameter list",
    ),
    Raises(
        "SGD tensor params",
        lambda: torch.optim.SGD(t(grad=True), lr=0.1),
        TypeError,
        "iterable",
    ),
    Raises(
        "SGD non-leaf param",
        lambda: torch.optim.SGD([t(grad=True) * 2], lr=0.1),
        ValueError,
        "leaf",
    ),
    Raises(
        "SGD param not tensor",
        lambda: torch.optim.SGD([1.0], lr=0.1),
        TypeError,
        "Tensor",
    ),
    Raises("Adam lr -1", lambda: _adam(lr=-1.0), ValueError, "Invalid learning rate"),
    Raises("Adam beta 1.5", lambda: _adam(betas=(1.5, 0.9)), ValueError, "beta"),
    Raises("Adam eps -1", lambda: _adam(eps=-1.0), ValueError, "epsilon"),
    Raises("Adam lr='a'", lambda: _adam(lr="a"), TypeError),
    Raises(
        "StepLR step_size=0 then step()",
        lambda: _step_lr(step_size=0).step(),
        ZeroDivisionError,
    ),
    Raises(
        "StepLR no optimizer",
        lambda: torch.optim.lr_scheduler.StepLR(None, step_size=1),
        TypeError,
        "Optimizer",
    ),
    Raises(
        "load_state_dict wrong groups",
        lambda: _sgd(lr=0.1).load_state_dict({"state": {}, "param_groups": []}),
        ValueError,
        "parameter groups",
    ),
]


DATA = [
    Raises(
        "DataLoader batch_size 0",
        lambda: _loader(batch_size=0),
        ValueError,
        "batch_size",
    ),
    Raises(
        "DataLoader batch_size -1",
        lambda: _loader(batch_size=-1),
        ValueError,
        "batch_size",
    ),
    Raises(
        "DataLoader batch_size 'a'",
        lambda: _loader(batch_size="a"),
        ValueError,
        "batch_size",
    ),
    Raises(
        "TensorDataset size mismatch",
        lambda: torch.utils.data.TensorDataset(torch.ones(3), torch.ones(4)),
        AssertionError,
        "Size mismatch between tensors",
    ),
    Raises(
        "TensorDataset 0-d tensor",
        lambda: torch.utils.data.TensorDataset(torch.ones(3), torch.tensor(1.0)),
        IndexError,
        "no dimensions",
    ),
    Raises(
        "TensorDataset index",
        lambda: torch.utils.data.TensorDataset(torch.ones(3))[5],
        IndexError,
    ),
    Gives("DataLoader len", lambda: len(_loader(batch_size=3)), 2),
    Gives(
        "DataLoader drop_last len",
        lambda: len(_loader(batch_size=3, drop_last=True)),
        1,
    ),
]

# Every function whose `input` must be a tensor refuses a number with
# PyTorch's TypeError (one row per function, with the other arguments valid).
_TENSOR_INPUT_CALLS = [
    ("log", ()), ("sqrt", ()), ("sin", ()), ("cos", ()), ("tanh", ()),
    ("sigmoid", ()), ("relu", ()), ("abs", ()), ("neg", ()), ("sign", ()),
    ("square", ()), ("log10", ()), ("log2", ()), ("log1p", ()), ("expm1", ()),
    ("clamp", (0, 1)), ("clip", (0, 1)), ("matmul", (t(),)), ("mm", (m23(),)),
    ("addmm", (m23(), m23().T)), ("sum", ()), ("mean", ()), ("max", ()),
    ("min", ()), ("argmax", ()), ("argmin", ()), ("var", ()), ("std", ()),
    ("softmax", (0,)), ("log_softmax", (0,)), ("reshape", ((1,),)),
    ("flatten", ()), ("transpose", (0, 0)), ("permute", ((0,),)),
    ("unsqueeze", (0,)), ("squeeze", ()), ("gather", (0, torch.tensor([0]))),
    ("sort", ()), ("topk", (1,)), ("chunk", (1,)), ("cumsum", (0,)),
    ("round", ()), ("isnan", ()), ("isfinite", ()), ("unbind", ()),
    ("maximum", (t(),)), ("minimum", (t(),)), ("clone", ()), ("detach", ()),
    ("numel", ()), ("allclose", (t(),)), ("equal", (t(),)), ("dot", (t(),)),
    ("isclose", (t(),)),
]  # fmt: skip

FUNCTIONS = [
    Raises(
        f"{name}(3.0)",
        lambda name=name, args=args: getattr(torch, name)(3.0, *args),
        TypeError,
        "must be Tensor, not float",
    )
    for name, args in _TENSOR_INPUT_CALLS
] + [
    Raises("exp(None)", lambda: torch.exp(None), TypeError, "not NoneType"),
    Raises("exp([1.0])", lambda: torch.exp([1.0]), TypeError, "not list"),
    Raises("log2('a')", lambda: torch.log2("a"), TypeError, "not str"),
    Raises("maximum(t, 3.0)", lambda: torch.maximum(t(), 3.0), TypeError, "other"),
    Raises("minimum(t, None)", lambda: torch.minimum(t(), None), TypeError, "other"),
    Raises("where(3.0, t, t)", lambda: torch.where(3.0, t(), t()), TypeError),
    Raises("add('a', t)", lambda: torch.add("a", t()), TypeError, "not str"),
    Raises("mul(None, t)", lambda: torch.mul(None, t()), TypeError, "NoneType"),
    # PyTorch takes a number as the first operand of add, sub, mul, div.
    Gives("add(3.0, t)", lambda: torch.add(3.0, t()).tolist(), [4.0, 5.0, 6.0]),
    Gives("add(1, t, alpha=2)", lambda: torch.add(1, t(), alpha=2).tolist(), [3, 5, 7]),
    Gives("sub(3.0, t)", lambda: torch.sub(3.0, t()).tolist(), [2.0, 1.0, 0.0]),
    Gives("mul(2, t)", lambda: torch.mul(2, t()).tolist(), [2.0, 4.0, 6.0]),
    Gives("div(6, t)", lambda: torch.div(6, t()).tolist(), [6.0, 3.0, 2.0]),
    Gives("add(2.0, 3.0)", lambda: torch.add(2.0, 3.0).item(), 5.0),
    Gives(
        "add(1.5, int tensor) dtype",
        lambda: str(torch.add(1.5, torch.tensor([1, 2])).dtype).split(".")[1],
        "float32",
    ),
    Gives(
        "mul(2, float64 t) dtype",
        lambda: str(torch.mul(2, t().double()).dtype).split(".")[1],
        "float64",
    ),
]


def _gradcheck(func, check="gradcheck"):
    x = torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True)
    return bool(getattr(torch.autograd, check)(func, (x,)))


GRADCHECK = [
    # PyTorch fails with AttributeError ('float' object has no attribute
    # 'requires_grad'); minigrad raises the same type and says what to return.
    Raises(
        "gradcheck of a float",
        lambda: _gradcheck(lambda a: (a * a).sum().item()),
        AttributeError,
        "returned a float (output 0), not a Tensor",
    ),
    Raises(
        "gradcheck of None",
        lambda: _gradcheck(lambda a: None),
        AttributeError,
        "returned None",
    ),
    Raises(
        "gradcheck of (tensor, float)",
        lambda: _gradcheck(lambda a: (a * 2, 3.0)),
        AttributeError,
        "output 1",
    ),
    Raises(
        "gradgradcheck of a float",
        lambda: _gradcheck(lambda a: 3.0, "gradgradcheck"),
        AttributeError,
        "x.sum().item()",
    ),
    Gives("gradcheck of a list", lambda: _gradcheck(lambda a: [a * 2]), True),
]


_IDX = [0, 2]  # positions for index_select


NEW_OPS = [
    # prod
    Raises("prod(dim=1.0)", lambda: m23().prod(1.0), TypeError, "must be int"),
    Raises("prod(dim=(0, 1))", lambda: m23().prod((0, 1)), TypeError, "not tuple"),
    Raises("prod(dim=2)", lambda: m23().prod(2), IndexError, "Dimension out of range"),
    Raises("prod(keepdim) no dim", lambda: t().prod(keepdim=True), TypeError, "dim"),
    Raises("prod(3.0)", lambda: torch.prod(3.0), TypeError, "must be Tensor"),
    Gives("prod of int", lambda: torch.tensor([1, 2, 3]).prod().item(), 6),
    Gives("prod of nothing", lambda: torch.ones(0).prod().item(), 1.0),
    Gives(
        "prod dtype",
        lambda: str(t().prod(dtype=torch.float64).dtype),
        str(torch.float64),
    ),
    Gives(
        "prod grad with a zero", lambda: _prod_grad([2.0, 0.0, 3.0]), [0.0, 6.0, 0.0]
    ),
    Gives("prod grad two zeros", lambda: _prod_grad([0.0, 0.0, 3.0]), [0.0, 0.0, 0.0]),
    # index_select
    Raises("index_select list", lambda: t().index_select(0, _IDX), TypeError, "Tensor"),
    Raises(
        "index_select float index",
        lambda: t().index_select(0, torch.tensor([0.0])),
        RuntimeError,
        "int32 or int64",
    ),
    Raises(
        "index_select 2-D index",
        lambda: t().index_select(0, torch.tensor([[0]])),
        IndexError,
        "vector",
    ),
    Raises(
        "index_select out of range",
        lambda: t().index_select(0, torch.tensor([3])),
        IndexError,
        "index out of range in self",
    ),
    Raises(
        "index_select negative",
        lambda: m23().index_select(0, torch.tensor([0, -1])),
        IndexError,
        "position -1",
    ),
    Raises(
        "index_select dim 1.0",
        lambda: m23().index_select(1.0, torch.tensor(_IDX)),
        TypeError,
        "must be int",
    ),
    Raises(
        "index_select dim 2",
        lambda: m23().index_select(2, torch.tensor(_IDX)),
        IndexError,
    ),
    Raises(
        "index_select of 0-d, 2 positions",
        lambda: torch.tensor(1.0).index_select(0, torch.tensor([0, 0])),
        RuntimeError,
        "only 1 value",
    ),
    Gives(
        "index_select empty index",
        lambda: tuple(m23().index_select(1, torch.tensor([], dtype=torch.int64)).shape),
        (2, 0),
    ),
    # repeat
    Raises("repeat fewer counts", lambda: m23().repeat(2), RuntimeError, "smaller"),
    Raises("repeat -1", lambda: m23().repeat(-1, 1), RuntimeError, "negative"),
    Raises("repeat 'a'", lambda: t().repeat("a"), TypeError, "tuple of ints"),
    Raises("repeat 2.0", lambda: t().repeat(2.0), TypeError),
    Raises("repeat()", lambda: t().repeat(), TypeError, "repeats"),
    Gives("repeat 0", lambda: tuple(m23().repeat(0, 1).shape), (0, 3)),
    Gives("repeat of 0-d", lambda: torch.tensor(3.0).repeat(2).tolist(), [3.0, 3.0]),
    # amax / amin, mT, exp_
    Raises("amax dim 1.0", lambda: m23().amax(1.0), TypeError),
    Raises("amax (0, 0)", lambda: m23().amax((0, 0)), RuntimeError, "multiple times"),
    Raises(
        "amax of nothing", lambda: torch.ones(0).amax(), RuntimeError, "numel() == 0"
    ),
    Raises(
        "amax over an empty dim",
        lambda: torch.ones(0, 3).amax(0),
        IndexError,
        "non-zero size",
    ),
    Raises("amin(3.0)", lambda: torch.amin(3.0), TypeError, "must be Tensor"),
    Gives("amax ties share", lambda: _amax_grad([3.0, 1.0, 3.0]), [0.5, 0.0, 0.5]),
    Raises(
        "mT of a vector", lambda: t().mT, RuntimeError, "only supported on matrices"
    ),
    Raises(
        "exp_ of a leaf",
        lambda: t(grad=True).exp_(),
        RuntimeError,
        "leaf Variable",
    ),
    Gives(
        "exp_ of an int tensor fails, unchanged",
        lambda: _inplace_fail_keeps_int(lambda x: x.exp_()),
        ([1, 2], 0),
    ),
]

_split = torch.utils.data.random_split

SPLITS = [
    Raises(
        "random_split lengths don't add up",
        lambda: _split(range(10), [3, 8]),
        ValueError,
        "Sum of input lengths",
    ),
    Raises(
        "random_split fractions over 1",
        lambda: _split(range(10), [0.5, 0.6]),
        ValueError,
    ),
    Raises(
        "random_split fraction -0.5",
        lambda: _split(range(10), [1.5, -0.5]),
        ValueError,
        "not between 0 and 1",
    ),
    Raises("random_split length 'a'", lambda: _split(range(10), ["a"]), TypeError),
    Raises(
        "random_split generator=3",
        lambda: _split(range(10), [5, 5], generator=3),
        TypeError,
        "Generator",
    ),
    Gives(
        "random_split fractions round robin",
        lambda: [len(p) for p in _split(range(11), [0.5, 0.5])],
        [6, 5],
    ),
    Gives(
        "random_split covers the dataset",
        lambda: sorted(i for p in _split(range(7), [2, 0, 5]) for i in p),
        list(range(7)),
    ),
]


def _prod_grad(values):
    x = torch.tensor(values, requires_grad=True)
    x.prod().backward()
    return x.grad.tolist()


def _amax_grad(values):
    x = torch.tensor(values, requires_grad=True)
    x.amax().backward()
    return x.grad.tolist()


def _inplace_fail_keeps_int(op):
    """Run an in-place op that must fail on an int tensor; (values, version)."""
    x = torch.tensor([1, 2])
    before = x._version
    try:
        op(x)
    except (RuntimeError, TypeError):
        pass
    return (x.tolist(), x._version - before)


# Issues 12 and 14 (branch ops-more): flags that must be bools, sizes that
# must be tuples, seeds, comparisons with strings, ranks of the matrix
# products, and the arguments of the ops students brought.
OPS_MORE = [
    Raises("max keepdim='yes'", lambda: m23().max(0, keepdim="yes"), TypeError),
    Raises("max keepdim=1", lambda: m23().max(dim=0, keepdim=1), TypeError),
    Raises("min keepdim=2", lambda: m23().min(dim=0, keepdim=2), TypeError),
    Raises("sum keepdim=1", lambda: m23().sum(dim=0, keepdim=1), TypeError),
    Raises("mean keepdim='y'", lambda: m23().mean(dim=0, keepdim="y"), TypeError),
    Raises("argmax keepdim='y'", lambda: m23().argmax(0, keepdim="y"), TypeError),
    Raises("norm keepdim='y'", lambda: m23().norm(dim=0, keepdim="y"), TypeError),
    Raises("var keepdim='y'", lambda: m23().var(dim=0, keepdim="y"), TypeError),
    Raises("std unbiased=2", lambda: t().std(unbiased=2), TypeError, "unbiased"),
    Raises("var unbiased=0", lambda: t().var(unbiased=0), TypeError, "unbiased"),
    Raises("topk largest=0", lambda: t().topk(2, largest=0), TypeError, "largest"),
    Raises("topk sorted='no'", lambda: t().topk(2, sorted="no"), TypeError),
    Raises("sort descending=1", lambda: t().sort(descending=1), TypeError),
    Raises("argsort descending='y'", lambda: t().argsort(descending="y"), TypeError),
    Raises("logsumexp keepdim='y'", lambda: m23().logsumexp(0, keepdim="y"), TypeError),
    Raises("randint(0, 5, 3)", lambda: torch.randint(0, 5, 3), TypeError, "size"),
    Raises("full(2, 1.0)", lambda: torch.full(2, 1.0), TypeError, "size"),
    Raises("full((2,), 'a')", lambda: torch.full((2,), "a"), TypeError, "fill_value"),
    Raises("from_numpy(list)", lambda: torch.from_numpy([1, 2]), TypeError, "ndarray"),
    Raises("manual_seed(2**70)", lambda: torch.manual_seed(2**70), ValueError),
    Raises(
        "manual_seed(-2**63-1)", lambda: torch.manual_seed(-(2**63) - 1), ValueError
    ),
    Gives("manual_seed(-1)", lambda: torch.manual_seed(-1) is not None, True),
    Gives("tensor == 'a'", lambda: t() == "a", False),
    Gives("tensor != 'a'", lambda: t() != "a", True),
    Gives("tensor == None", lambda: t() == None, False),  # noqa: E711
    Raises("tensor < 'a'", lambda: t() < "a", TypeError),
    Raises("arange(nan)", lambda: torch.arange(float("nan")), RuntimeError, "range"),
    Raises("arange(inf)", lambda: torch.arange(float("inf")), RuntimeError, "range"),
    Raises("int ** -1", lambda: torch.tensor(3) ** -1, RuntimeError, "negative"),
    Gives(
        "int ** int tensor -1",
        lambda: (torch.tensor([1, 2]) ** torch.tensor(-1)).tolist(),
        [1, 0],
    ),
    Raises("mm(matrix, vector)", lambda: m23().mm(t()), RuntimeError, "mat2"),
    Raises("mm(vector, matrix)", lambda: t().mm(m23()), RuntimeError, "self"),
    Raises("bmm 2-D", lambda: m23().bmm(m23()), RuntimeError, "batch1"),
    Raises("mv(matrix, matrix)", lambda: m23().mv(m23()), RuntimeError, "vector"),
    Raises("mv sizes", lambda: m23().mv(torch.ones(2)), RuntimeError, "mismatch"),
    Raises("outer(matrix)", lambda: torch.outer(m23(), t()), RuntimeError, "1-D"),
    Raises(
        "bce target 2",
        lambda: F.binary_cross_entropy(torch.tensor([0.5]), torch.tensor([2.0])),
        RuntimeError,
        "target",
    ),
    Raises(
        "smooth_l1 beta -1",
        lambda: F.smooth_l1_loss(t(), t(), beta=-1.0),
        RuntimeError,
        "beta",
    ),
    Raises(
        "huber delta 0",
        lambda: F.huber_loss(t(), t(), delta=0.0),
        RuntimeError,
        "delta",
    ),
    Raises("gelu approximate", lambda: F.gelu(t(), approximate="x"), RuntimeError),
    Raises("flip(x, 0)", lambda: torch.flip(t(), 0), TypeError, "tuple"),
    Raises("flip dims twice", lambda: m23().flip((0, 0)), RuntimeError, "multiple"),
    Raises("flip dim 2", lambda: m23().flip(2), IndexError, "range"),
    Raises(
        "masked_fill int mask",
        lambda: t().masked_fill(torch.tensor([1, 0, 1]), 0.0),
        RuntimeError,
        "boolean",
    ),
    Raises(
        "masked_fill 1-D value",
        lambda: t().masked_fill(t() > 1, t()),
        RuntimeError,
        "0-dimensional",
    ),
    Raises("masked_fill 'a'", lambda: t().masked_fill(t() > 1, "a"), TypeError),
    Raises(
        "layer_norm shape",
        lambda: F.layer_norm(torch.ones(2, 4), (3,)),
        RuntimeError,
        "normalized_shape",
    ),
    Raises("logsumexp no dim", lambda: torch.logsumexp(t()), TypeError),
    Raises("frac of ints", lambda: torch.tensor([1, 2]).frac(), NotImplementedError),
    Raises("floor of bools", lambda: torch.tensor([True]).floor(), NotImplementedError),
    Gives(
        "var of one element",
        lambda: _quiet(lambda: math.isnan(torch.tensor([1.0]).var().item())),
        True,
    ),
    Gives(
        "int32 + 0-d int64",
        lambda: str((torch.ones(2, dtype=torch.int32) + torch.tensor(1)).dtype)[-5:],
        "int32",
    ),
    Gives(
        "float32 + 0-d float64",
        lambda: str((t() + torch.tensor(1.0, dtype=torch.float64)).dtype)[-7:],
        "float32",
    ),
    Raises("rand int64", lambda: torch.rand(2, dtype=torch.int64), NotImplementedError),
    Raises(
        "randn int64", lambda: torch.randn(2, dtype=torch.int64), NotImplementedError
    ),
    Raises("randint high 5.5", lambda: torch.randint(0, 5.5, (3,)), TypeError),
    Raises("elu of ints", lambda: F.elu(torch.tensor([1, 2])), NotImplementedError),
    Raises("gelu of ints", lambda: F.gelu(torch.tensor([1, 2])), NotImplementedError),
    Raises("layer_norm int shape", lambda: F.layer_norm(m23(), 3), TypeError),
    Raises("flip()", lambda: t().flip(), TypeError, "dims"),
    Raises(
        "masked_fill mask shape",
        lambda: torch.zeros(2).masked_fill(torch.tensor([True, False, True]), 1.0),
        RuntimeError,
    ),
    Raises(
        "masked_fill list mask",
        lambda: torch.zeros(2).masked_fill([True, False], 1.0),
        TypeError,
    ),
    Raises(
        "label_smoothing 1.5",
        lambda: F.cross_entropy(m23(), torch.tensor([0, 1]), label_smoothing=1.5),
        RuntimeError,
    ),
    Raises("clamp(min='a')", lambda: t().clamp(min="a"), TypeError, "min"),
    Gives(
        "int clamp to floats",
        lambda: torch.clamp(torch.tensor([1, 2]), 0.5, 1.5).tolist(),
        [1.0, 1.5],
    ),
    Gives(
        "clamp tensor bound",
        lambda: torch.tensor([1, 2]).clamp(min=torch.tensor(1.5)).tolist(),
        [1.5, 2.0],
    ),
    Gives("initial_seed", lambda: torch.manual_seed(5) and torch.initial_seed(), 5),
    Raises("dropout training=0", lambda: F.dropout(t(), 0.5, 0), TypeError, "train"),
    Raises(
        "nll_loss ignore_index 1.5",
        lambda: F.nll_loss(m23(), torch.tensor([0, 1]), ignore_index=1.5),
        TypeError,
        "ignore_index",
    ),
    Raises(
        "huber_loss of ints",
        lambda: F.huber_loss(torch.tensor([1, 2]), torch.tensor([1, 2])),
        NotImplementedError,
    ),
    Raises(
        "layer_norm float64 weight",
        lambda: F.layer_norm(m23(), (3,), weight=torch.ones(3, dtype=torch.float64)),
        RuntimeError,
        "mixed dtype",
    ),
    Raises("gelu positional approximate", lambda: F.gelu(t(), "tanh"), TypeError),
    Raises("gelu approximate=None", lambda: F.gelu(t(), approximate=None), TypeError),
    Raises("logsumexp dim=[]", lambda: torch.logsumexp(m23(), dim=[]), RuntimeError),
    Raises("tril of a vector", lambda: t().tril(), RuntimeError, "2 dimensions"),
    Raises("selu of ints", lambda: F.selu(torch.tensor([1, 2])), NotImplementedError),
    Raises("kl_div reduction", lambda: F.kl_div(t(), t(), reduction="avg"), ValueError),
    Raises("mish of ints", lambda: F.mish(torch.tensor([1, 2])), NotImplementedError),
    Raises(
        "tensor(300, uint8)",
        lambda: torch.tensor(300, dtype=torch.uint8),
        RuntimeError,
        "overflow",
    ),
    Raises(
        "randint uint8 to 300",
        lambda: torch.randint(0, 300, (2,), dtype=torch.uint8),
        RuntimeError,
        "out of bounds",
    ),
    Raises(
        "randint bool to 3",
        lambda: torch.randint(0, 3, (2,), dtype=torch.bool),
        RuntimeError,
        "out of bounds",
    ),
    Raises(
        "bce_with_logits int target",
        lambda: F.binary_cross_entropy_with_logits(t(), torch.tensor([1, 0, 1])),
        RuntimeError,
        "target.float()",
    ),
    Gives(
        "gelu of float16",
        lambda: str(F.gelu(t().to(torch.float16)).dtype)[-7:],
        "float16",
    ),
]


def _quiet(call):
    """`call()` with warnings silenced (PyTorch warns about no degrees of freedom)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return call()


# A reduction's dtype= (the input is cast first, as `x.to(dtype)`).
REDUCTION_DTYPES = [
    Gives(
        "sum dtype=float64",
        lambda: torch.tensor([1, 2]).sum(dtype=torch.float64).item(),
        3.0,
    ),
    Gives(
        "mean dtype=float64 of ints",
        lambda: torch.tensor([1, 2]).mean(dtype=torch.float64).item(),
        1.5,
    ),
    Gives(
        "cumsum dtype=float32",
        lambda: torch.tensor([1, 2]).cumsum(0, dtype=torch.float32).tolist(),
        [1.0, 3.0],
    ),
    Gives(
        "sum dtype keeps the input's grad dtype",
        lambda: _sum_dtype_grad(),
        "torch.float32",
    ),
    Raises("sum dtype='float64'", lambda: t().sum(dtype="float64"), TypeError, "dtype"),
    Raises(
        "mean dtype=np.float64", lambda: t().mean(dtype=np.float64), TypeError, "dtype"
    ),
    Raises("cumsum dtype=3", lambda: t().cumsum(0, dtype=3), TypeError, "dtype"),
]

# backward's and grad()'s flags: a bool, or an int as PyTorch also takes.
BACKWARD_FLAGS = [
    Raises(
        "backward retain_graph='yes'",
        lambda: _backward(retain_graph="yes"),
        TypeError,
        "retain_graph",
    ),
    Raises(
        "backward retain_graph=2.5",
        lambda: _backward(retain_graph=2.5),
        TypeError,
        "retain_graph",
    ),
    Raises(
        "backward create_graph='yes'",
        lambda: _backward(create_graph="yes"),
        TypeError,
        "create_graph",
    ),
    Raises(
        "grad create_graph=None",
        lambda: _grad(create_graph=None),
        TypeError,
        "create_graph",
    ),
    Gives("backward retain_graph=1", lambda: _backward(retain_graph=1), [2.0, 2.0]),
    Gives("backward retain_graph=0", lambda: _backward(retain_graph=0), [2.0, 2.0]),
]


def _backward(**flags):
    x = torch.ones(2, requires_grad=True)
    (x * 2).sum().backward(**flags)
    return x.grad.tolist()


def _grad(**flags):
    x = torch.ones(2, requires_grad=True)
    return torch.autograd.grad((x * 2).sum(), x, **flags)


def _sum_dtype_grad():
    x = torch.ones(2, requires_grad=True)
    x.sum(dtype=torch.float64).backward()
    return str(x.grad.dtype).replace("minigrad.", "torch.")


def _repr_of(make):
    """The repr of a tensor, in minigrad's spelling as in PyTorch's."""
    return repr(make()).replace("minigrad.", "torch.")


# Session 9: empty reductions, float indices, one_hot's negatives and expand's
# message read off PyTorch 2.13 (numpy's own errors had leaked through).
EMPTY_AND_INDICES = [
    Raises(
        "argmax of nothing",
        lambda: torch.tensor([]).argmax(),
        IndexError,
        "numel() == 0",
    ),
    Raises(
        "argmin of nothing",
        lambda: torch.tensor([]).argmin(),
        IndexError,
        "numel() == 0",
    ),
    Raises(
        "argmax(0) of (0, 3)",
        lambda: torch.ones(0, 3).argmax(0),
        IndexError,
        "dim 0 to have non-zero",
    ),
    Raises(
        "argmin(-1) of (3, 0)",
        lambda: torch.ones(3, 0).argmin(-1),
        IndexError,
        "dim 1 to have non-zero",
    ),
    Gives("argmax(1) of (0, 3)", lambda: tuple(torch.ones(0, 3).argmax(1).shape), (0,)),
    Gives("argmax(0) of a 0-d", lambda: torch.tensor(5.0).argmax(0).item(), 0),
    Gives(
        "repr of an empty int64",
        lambda: _repr_of(lambda: torch.tensor([], dtype=torch.int64)),
        "tensor([], dtype=torch.int64)",
    ),
    Gives(
        "repr of an empty bool",
        lambda: _repr_of(lambda: torch.zeros(0, 2, dtype=torch.bool)),
        "tensor([], size=(0, 2), dtype=torch.bool)",
    ),
    Gives(
        "repr of an empty float32",
        lambda: _repr_of(lambda: torch.zeros(2, 0)),
        "tensor([], size=(2, 0))",
    ),
    Raises(
        "x[float tensor]",
        lambda: t()[torch.tensor([0.0])],
        IndexError,
        "long, int, byte or bool",
    ),
    Raises("x[1.0]", lambda: t()[1.0], IndexError, "valid indices (got float"),
    Raises("x[0, 1.0]", lambda: m23()[0, 1.0], IndexError, "valid indices (got float"),
    Raises(
        "x[float tensor] = 1",
        lambda: t().__setitem__(torch.tensor([1.0]), 1.0),
        IndexError,
        "long, int, byte or bool",
    ),
    Gives("x[[]]", lambda: tuple(t()[[]].shape), (0,)),
    Raises(
        "one_hot([-1])",
        lambda: F.one_hot(torch.tensor([-1])),
        RuntimeError,
        "non-negative",
    ),
    Raises(
        "one_hot([3], 3)",
        lambda: F.one_hot(torch.tensor([3]), 3),
        RuntimeError,
        "smaller than num_classes",
    ),
    Raises(
        "expand (2, 3) to (2, 4)",
        lambda: m23().expand(2, 4),
        RuntimeError,
        "size (3) at non-singleton dimension 1.  Target sizes: [2, 4]",
    ),
    Raises(
        "expand (2, 3) to (-1, 4, 3)",
        lambda: m23().expand(-1, 4, 3),
        RuntimeError,
        "size (2) at non-singleton dimension 1",
    ),
    Raises(
        "expand (2, 3) to (-1, 2, 3)",
        lambda: m23().expand(-1, 2, 3),
        RuntimeError,
        "leading, non-existing dimension 0",
    ),
    Gives(
        "expand (2, 1) to (2, -1)",
        lambda: tuple(torch.ones(2, 1).expand(2, -1).shape),
        (2, 1),
    ),
]


def _inference_tensor():
    with torch.inference_mode():
        return torch.ones(2)


def _requires_grad_inside_inference_mode():
    with torch.inference_mode():
        return torch.ones(2).requires_grad_().requires_grad


# Session 9: what a tensor made in inference mode may become, and in-place
# changes through a view of a leaf (read off PyTorch 2.13).
INFERENCE_AND_VIEWS = [
    Raises(
        "inference tensor .requires_grad_()",
        lambda: _inference_tensor().requires_grad_(),
        RuntimeError,
        "outside InferenceMode is not allowed",
    ),
    Raises(
        "Parameter(inference tensor)",
        lambda: nn.Parameter(_inference_tensor()),
        RuntimeError,
        "outside InferenceMode is not allowed",
    ),
    Gives(
        "requires_grad_() inside inference_mode",
        _requires_grad_inside_inference_mode,
        True,
    ),
    Gives(
        "inference tensor .clone().requires_grad_()",
        lambda: _inference_tensor().clone().requires_grad_().requires_grad,
        True,
    ),
    Raises(
        "leaf[:1].mul_(2)",
        lambda: t(grad=True)[:1].mul_(2),
        RuntimeError,
        "a view of a leaf Variable that requires grad",
    ),
    Raises(
        "leaf.view(-1).zero_()",
        lambda: t(grad=True).view(-1).zero_(),
        RuntimeError,
        "a view of a leaf Variable that requires grad",
    ),
]


ROWS = (
    CREATION
    + ARITHMETIC
    + REDUCTIONS
    + INDEXING
    + SHAPES
    + AUTOGRAD
    + HOOKS
    + GRAD_MODES
    + NN
    + LOSSES
    + OPTIM
    + DATA
    + FUNCTIONS
    + GRADCHECK
    + NEW_OPS
    + SPLITS
    + OPS_MORE
    + EMPTY_AND_INDICES
    + INFERENCE_AND_VIEWS
    + REDUCTION_DTYPES
    + BACKWARD_FLAGS
)
