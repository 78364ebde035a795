"""Issues 12 and 14: where minigrad differed from PyTorch 2.13 (a wrong
gradient at 0 ** 0, result dtypes with 0-d tensors, a target outside [0, 1],
a vector where a matrix belongs), and the ops students use that it lacked.

Every expected value and error here was read off PyTorch 2.13; the tests use
the module under test (`mg_testutil.torch`), so they run against PyTorch too.
"""

import numpy as np
import pytest
from mg_testutil import to_np, torch

# ----- pow: the gradient where the exponent is 0 -----------------------------------


def test_pow_tensor_exponent_zero_gives_zero_gradient_at_zero_base():
    x = torch.tensor([0.0, 2.0], requires_grad=True)
    y = torch.tensor([0.0, 3.0], requires_grad=True)
    (x**y).sum().backward()
    np.testing.assert_allclose(to_np(x.grad), [0.0, 12.0])
    np.testing.assert_allclose(to_np(y.grad), [0.0, 8 * np.log(2)], rtol=1e-6)


def test_pow_broadcast_exponent_zero():
    x = torch.tensor([[0.0], [2.0]], requires_grad=True)
    y = torch.tensor([0.0, 1.0, 0.0], requires_grad=True)
    x.pow(y).sum().backward()
    np.testing.assert_allclose(to_np(x.grad), [[1.0], [1.0]])
    np.testing.assert_allclose(to_np(y.grad), [np.log(2), 2 * np.log(2), np.log(2)])


def test_pow_scalar_zero_exponent_and_zero_base():
    x = torch.tensor([0.0, 2.0], requires_grad=True)
    (x**0).sum().backward()
    np.testing.assert_array_equal(to_np(x.grad), [0.0, 0.0])
    x.grad = None
    (0**x).sum().backward()
    np.testing.assert_array_equal(to_np(x.grad), [0.0, 0.0])


# ----- type promotion with 0-d tensors ----------------------------------------------

i32, i64, f16, f32, f64 = (
    torch.int32,
    torch.int64,
    torch.float16,
    torch.float32,
    torch.float64,
)


def _t(dtype, dims):
    return torch.ones(2, dtype=dtype) if dims else torch.tensor(1, dtype=dtype)


@pytest.mark.parametrize(
    "a, b, want",
    [
        # a dimensioned tensor outranks a 0-d tensor of its category
        ((i32, 1), (i64, 0), i32),
        ((f32, 1), (f64, 0), f32),
        ((f16, 1), (f64, 0), f16),
        # ... but a 0-d tensor of a higher category wins
        ((i64, 1), (f64, 0), f64),
        ((i32, 1), (f16, 0), f16),
        # two 0-d tensors, or two dimensioned ones: ordinary promotion
        ((f32, 0), (f64, 0), f64),
        ((f32, 1), (f64, 1), f64),
        ((i64, 0), (f16, 0), f16),
    ],
)
@pytest.mark.parametrize(
    "op",
    [
        lambda a, b: a + b,
        lambda a, b: a - b,
        lambda a, b: a * b,
        lambda a, b: b * a,
        lambda a, b: torch.add(a, b, alpha=2),
        lambda a, b: torch.maximum(a, b),
        lambda a, b: torch.minimum(b, a),
        lambda a, b: torch.where(torch.tensor([True, False]), a, b),
    ],
)
def test_binary_ops_promote_as_pytorch(a, b, want, op):
    assert op(_t(*a), _t(*b)).dtype == want


@pytest.mark.parametrize(
    "a, b, want",
    [((i32, 1), (i64, 0), f32), ((f32, 1), (f64, 0), f32), ((i64, 1), (f64, 0), f64)],
)
def test_division_promotes_then_takes_a_float(a, b, want):
    assert (_t(*a) / _t(*b)).dtype == want


def test_pow_promotes_as_pytorch():
    assert (torch.ones(2) ** torch.tensor(2.0, dtype=f64)).dtype == f32
    assert (torch.tensor(2.0, dtype=f64) ** torch.ones(2)).dtype == f32
    assert (torch.tensor([1, 2], dtype=i32) ** torch.tensor(2)).dtype == i32


def test_numbers_rank_below_zero_dim_tensors():
    assert (torch.tensor(1, dtype=i32) + 2).dtype == i32
    assert (torch.tensor(1, dtype=i32) + 2.5).dtype == f32
    assert (torch.tensor([True]) + 1).dtype == i64


def test_promoted_gradient_keeps_each_input_dtype():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    s = torch.tensor(3.0, dtype=f64, requires_grad=True)
    y = x * s
    assert y.dtype == f32
    y.sum().backward()
    assert x.grad.dtype == f32 and s.grad.dtype == f64
    np.testing.assert_allclose(to_np(s.grad), 3.0)


# ----- binary cross-entropy: the target's range -----------------------------------


@pytest.mark.parametrize("bad", [2.0, -0.5])
def test_bce_target_outside_unit_interval_raises(bad):
    with pytest.raises(RuntimeError, match="target should be between 0 and 1"):
        torch.nn.functional.binary_cross_entropy(
            torch.tensor([0.5]), torch.tensor([bad])
        )


# ----- mm, bmm, mv: the ranks they take ------------------------------------------


@pytest.mark.parametrize(
    "call, phrase",
    [
        (lambda: torch.ones(2, 2).mm(torch.ones(2)), "mat2 must be a matrix"),
        (lambda: torch.ones(2).mm(torch.ones(2, 2)), "self must be a matrix"),
        (lambda: torch.mm(torch.ones(2, 2), torch.ones(2)), "mat2 must be a matrix"),
        (lambda: torch.ones(2, 2, 2).bmm(torch.ones(2, 2)), "batch2 must be a 3D"),
        (lambda: torch.ones(2, 2).bmm(torch.ones(2, 2, 2)), "batch1 must be a 3D"),
        (
            lambda: torch.ones(2, 2, 3).bmm(torch.ones(3, 3, 3)),
            r"batch2 tensor to be: \[2, 3\] but got: \[3, 3\]",
        ),
        (lambda: torch.ones(2, 2).mv(torch.ones(2, 2)), "matrix @ vector expected"),
        (lambda: torch.ones(2, 3).mv(torch.ones(2)), "size mismatch"),
    ],
)
def test_fixed_rank_products_refuse_other_ranks(call, phrase):
    with pytest.raises(RuntimeError, match=phrase):
        call()


def test_bmm_and_mv_values_and_node_names():
    a = torch.arange(12.0).reshape(2, 2, 3).requires_grad_()
    b = torch.arange(6.0).reshape(2, 3, 1)
    out = a.bmm(b)
    np.testing.assert_allclose(to_np(out), to_np(a.detach()) @ to_np(b))
    assert type(out.grad_fn).__name__ == "BmmBackward0"
    m = torch.ones(2, 3, requires_grad=True)
    v = torch.tensor([1.0, 2.0, 3.0])
    out = torch.mv(m, v)
    np.testing.assert_allclose(to_np(out), [6.0, 6.0])
    assert type(out.grad_fn).__name__ == "MvBackward0"
