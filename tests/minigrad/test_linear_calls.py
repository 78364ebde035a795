"""`F.linear`'s calls: the usual one (a batch with a bias: one AddmmBackward0
node, checked in few steps) and the others give the same values and
gradients, and every argument that is not a tensor is refused as PyTorch
refuses it. Gradients against central differences: test_nn_layers.py.
"""

import re

import numpy as np
import pytest
from mg_testutil import assert_close, torch

F = torch.nn.functional
RNG = np.random.default_rng(7)


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_a_batch_gives_what_each_row_alone_gives(dtype):
    x_values = RNG.standard_normal((5, 3))
    w = torch.tensor(RNG.standard_normal((4, 3)), dtype=dtype, requires_grad=True)
    b = torch.tensor(RNG.standard_normal(4), dtype=dtype, requires_grad=True)
    x = torch.tensor(x_values, dtype=dtype, requires_grad=True)
    batch = F.linear(x, w, b)  # the usual call: addmm
    assert batch.grad_fn.name() == "AddmmBackward0"
    batch.sum().backward()
    grads = (x.grad.clone(), w.grad.clone(), b.grad.clone())
    w.grad = b.grad = None
    rows = [F.linear(x[i].detach(), w, b) for i in range(5)]  # 1-D: the other way
    assert all(row.grad_fn.name() != "AddmmBackward0" for row in rows)
    torch.stack(rows).sum().backward()
    tolerance = 1e-6 if dtype == torch.float32 else 1e-12
    assert_close(batch, torch.stack(rows).detach(), rtol=tolerance, atol=tolerance)
    assert_close(w.grad, grads[1], rtol=tolerance, atol=tolerance)
    assert_close(b.grad, grads[2], rtol=tolerance, atol=tolerance)
    assert_close(grads[0], w.detach().sum(0).expand(5, 3), rtol=tolerance)


def test_three_dimensional_input_matches_the_batch_of_its_rows():
    x = torch.tensor(RNG.standard_normal((2, 5, 3)))
    w = torch.tensor(RNG.standard_normal((4, 3)))
    b = torch.tensor(RNG.standard_normal(4))
    flat = F.linear(x.reshape(10, 3), w, b)
    assert_close(F.linear(x, w, b).reshape(10, 4), flat, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(
    "arguments, name, position, kind",
    [
        ((2.0, "W", None), "input", 1, "float"),
        (("x", 3.0, None), "weight", 2, "float"),
        (("x", "W", 1.0), "bias", 3, "float"),
        (("x", "W", [1.0, 2.0, 3.0, 4.0]), "bias", 3, "list"),
    ],
    ids=["input", "weight", "bias number", "bias list"],
)
def test_an_argument_that_is_not_a_tensor_is_refused(arguments, name, position, kind):
    tensors = {"x": torch.ones(2, 3), "W": torch.ones(4, 3)}
    given = [tensors.get(a, a) if isinstance(a, str) else a for a in arguments]
    message = (
        f"linear(): argument '{name}' (position {position}) must be Tensor, not {kind}"
    )
    with pytest.raises(TypeError, match=re.escape(message)):
        F.linear(*given)


class _NotATensor:
    pass


@pytest.mark.parametrize(
    "bias, name",
    [
        (np.ones(4), "numpy.ndarray"),
        (np.float64(1.0), "numpy.float64"),
        ("b", "str"),
        (_NotATensor(), "_NotATensor"),
    ],
    ids=["ndarray", "numpy scalar", "str", "a class"],
)
def test_the_refused_bias_s_type_is_named_as_pytorch_names_it(bias, name):
    # PyTorch names a C type by its full name, a Python class by its own.
    with pytest.raises(TypeError, match=rf"must be Tensor, not {re.escape(name)}$"):
        F.linear(torch.ones(2, 3), torch.ones(4, 3), bias)
