"""More elementwise functions (ops/elementwise_more.py): values PyTorch 2.13
gives (read off PyTorch), node names, errors, in-place forms, the bitwise
operators, tensor properties and the random fills. Values and gradients of
ordinary inputs are checked by the op table (op_table.py)."""

import math

import numpy as np
import pytest
from mg_testutil import to_np, torch

from minigrad.ops.elementwise_more import (
    digamma_values,
    erfinv_values,
    polygamma_values,
)

nan, inf = math.nan, math.inf


def t(values, dtype=None):
    return torch.tensor(values, dtype=dtype or torch.float64)


def test_erfinv_inverts_erf_to_rounding_even_next_to_one():
    x = np.concatenate([np.linspace(-0.999, 0.999, 201), 1 - 10.0 ** -np.arange(1, 16)])
    y = erfinv_values(x)
    back = np.vectorize(math.erf)(y)
    np.testing.assert_allclose(back, x, rtol=2e-16, atol=2e-16)
    tail = np.vectorize(math.erfc)(y[201:])  # 1 - x is exact there
    np.testing.assert_allclose(tail, 1 - x[201:], rtol=1e-13)
    # read off PyTorch (float64)
    assert erfinv_values(np.array([1 - 2.0**-52]))[0] == pytest.approx(
        5.805018683193453
    )
    np.testing.assert_array_equal(
        erfinv_values(np.array([1.0, -1.0, 1.5, nan])), [inf, -inf, nan, nan]
    )


def test_digamma_and_polygamma_match_known_values():
    euler = 0.5772156649015329
    np.testing.assert_allclose(
        digamma_values(np.array([1.0, 0.5, -2.5, 1e15])),
        [-euler, -euler - 2 * math.log(2), 1.1031566406452433, math.log(1e15)],
        rtol=1e-14,
    )
    # ψ(±0) = ∓inf, negative integers and -inf nan (as PyTorch)
    got = digamma_values(np.array([0.0, -0.0, -2.0, -inf, inf]))
    np.testing.assert_array_equal(got, [-inf, inf, nan, nan, inf])
    # trigamma(1/2) = π²/2, trigamma(1) = π²/6; values of mpmath
    np.testing.assert_allclose(
        polygamma_values(1, np.array([0.5, 1.0, -0.3, -3.7])),
        [math.pi**2 / 2, math.pi**2 / 6, 13.945160267805722, 14.84242186412428],
        rtol=1e-14,
    )
    np.testing.assert_allclose(
        polygamma_values(2, np.array([0.2, -1.2])),
        [-251.4780361144359, 246.72729169898594],
        rtol=1e-13,
    )


def test_special_values_as_pytorch():
    lg = t([-0.0, 0.0, -2.5, inf, -inf, -2.0]).lgamma()
    np.testing.assert_allclose(
        to_np(lg), [inf, inf, -0.05624371649767405, inf, inf, inf]
    )
    xl = torch.xlogy(t([0.0, 0.0, 0.0, 1.0]), t([0.0, nan, inf, 0.0]))
    np.testing.assert_array_equal(to_np(xl), [0.0, nan, 0.0, -inf])
    assert to_np(t([0.0, 1.0, 0.5]).sinc()).tolist()[0] == 1.0
    assert to_np(t([-0.0, 0.0]).signbit()).tolist() == [True, False]
    assert to_np(torch.logit(t([0.0, 1.0]))).tolist() == [-inf, inf]


@pytest.mark.parametrize(
    "make, dtype",
    [
        (lambda: torch.tensor([1, 2]).tan(), torch.float32),
        (lambda: torch.tensor([True]).asinh(), torch.float32),
        (lambda: torch.tensor([1, 0]).lgamma(), torch.float32),
        (lambda: torch.tensor([5, -7]).fmod(3), torch.int64),
        (lambda: torch.tensor([5, -7]).fmod(2.5), torch.float32),
        (lambda: torch.tensor([5]).copysign(-1), torch.float32),
        (lambda: torch.tensor([2, 3]).float_power(2), torch.float64),
        (lambda: torch.tensor([-3, 0]).sgn(), torch.int64),
        (lambda: torch.tensor([True]).sgn(), torch.bool),
        (lambda: torch.tensor([1, 0]).xlogy(3), torch.float32),
        (lambda: torch.tensor([5, 6]) & torch.tensor([True, True]), torch.int64),
        (lambda: torch.tensor([1], dtype=torch.int32) & torch.tensor(3), torch.int32),
    ],
)
def test_result_dtypes_as_pytorch(make, dtype):
    assert make().dtype == dtype


def test_node_names_as_pytorch():
    x = torch.tensor([0.3, 0.6], requires_grad=True)
    y = torch.tensor([1.5, 2.0], requires_grad=True)
    names = {
        "FmodBackward0": x.fmod(0.25),
        "FmodBackward1": x.fmod(y),
        "XlogyBackward0": x.xlogy(y),
        "XlogyBackward1": torch.xlogy(2.0, x),
        "XlogyBackward2": x.xlogy(2.0),
        "CopysignBackward0": x.copysign(y),
        "CopysignBackward1": x.copysign(-1.0),
        "PowBackward0": x.float_power(2),
        "PowBackward1": x.float_power(y),
        "PowBackward2": torch.float_power(2, x),
        "HypotBackward0": x.hypot(y),
        "NotImplemented": x.heaviside(y),
        "AbsBackward0": x.absolute(),
        "NegBackward0": x.negative(),
        "SubBackward0": x.subtract(y, alpha=2),
        "DivBackward0": x.true_divide(y),
        "DivBackward2": x.divide(y, rounding_mode="floor"),
    }
    for name, out in names.items():
        assert type(out.grad_fn).__name__ == name
    assert x.positive() is x
    (g,) = torch.autograd.grad(x.digamma().sum(), x, create_graph=True)
    assert type(g.grad_fn.next_functions[1][0]).__name__ == "PolygammaBackward0"


def test_gradients_at_the_edges_as_pytorch():
    a = t([0.0, 0.0, 0.0, 1.5]).requires_grad_()
    b = t([0.0, inf, 3.0, 0.5]).requires_grad_()
    torch.xlogy(a, b).sum().backward()
    np.testing.assert_allclose(to_np(a.grad), [0.0, inf, math.log(3), math.log(0.5)])
    a = t([0.0, 0.2, 0.95, 1.2]).requires_grad_()
    torch.logit(a, 0.1).sum().backward()
    np.testing.assert_allclose(to_np(a.grad), [0.0, 6.25, 0.0, 0.0])
    a.grad = None
    torch.logit(a).sum().backward()
    np.testing.assert_allclose(to_np(a.grad), [inf, 6.25, 21.05263157894737, nan])
    a = t([0.0, -1.5, 2.0]).requires_grad_()
    b = t([-1.0, 2.0, -0.0]).requires_grad_()
    torch.copysign(a, b).sum().backward()
    assert to_np(a.grad).tolist() == [0.0, -1.0, -1.0]
    assert to_np(b.grad).tolist() == [0.0, 0.0, 0.0]
    a = t([0.0, 0.2]).requires_grad_()
    a.sinc().sum().backward()
    px = math.pi * 0.2
    slope = (px * math.cos(px) - math.sin(px)) / (math.pi * 0.2**2)
    np.testing.assert_allclose(to_np(a.grad), [0.0, slope])
    with pytest.raises(RuntimeError, match="derivative for aten::heaviside"):
        a.heaviside(t([0.5])).sum().backward()


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: torch.tensor([1.0]).hypot(2.0), TypeError, "must be Tensor"),
        (
            lambda: torch.tensor([3]).hypot(torch.tensor([4])),
            NotImplementedError,
            "hypot_cpu",
        ),
        (
            lambda: torch.tensor([5, 0]).heaviside(torch.tensor([2.0])),
            RuntimeError,
            "different dtypes",
        ),
        (lambda: torch.tensor([5, -7]).fmod(0), RuntimeError, "ZeroDivisionError"),
        (lambda: torch.tensor([0.5]).logit("a"), TypeError, "'eps' must be float"),
        (lambda: torch.tensor([0.5]).fmod("a"), TypeError, "must be Number"),
        (
            lambda: torch.tensor([1.0]) & torch.tensor([1.0]),
            NotImplementedError,
            "bitwise_and_cpu",
        ),
        (lambda: torch.tensor([5]) & 1.5, NotImplementedError, "bitwise_and_cpu"),
        (lambda: ~torch.tensor([1.0]), TypeError, "only implemented on integer"),
        (
            lambda: torch.bitwise_not(torch.tensor([1.0])),
            NotImplementedError,
            "bitwise_not_cpu",
        ),
        (lambda: torch.tensor([True]).positive(), RuntimeError, "bool tensor"),
        (lambda: torch.tensor([2.0]).float_power_(2), RuntimeError, "dtype Float"),
        (lambda: torch.tensor([1]).tan_(), RuntimeError, "can't be cast"),
        (lambda: torch.xlogy(2.0, 3.0), TypeError, "must be Tensor"),
        (lambda: torch.zeros(3).exponential_(0), RuntimeError, "lambda > 0.0"),
        (
            lambda: torch.zeros(3, dtype=torch.long).exponential_(),
            RuntimeError,
            "floating point",
        ),
        (lambda: torch.zeros(3).geometric_(1), RuntimeError, r"p to be in \(0, 1\)"),
        (lambda: torch.zeros(3).log_normal_(1, 0), RuntimeError, "std > 0.0"),
        (lambda: torch.zeros(3).cauchy_(0, 0), RuntimeError, "sigma > 0.0"),
        (
            lambda: torch.zeros(3).random_(5, 2),
            RuntimeError,
            "'from' to be less than 'to'",
        ),
        (
            lambda: torch.zeros(3, dtype=torch.uint8).random_(300),
            RuntimeError,
            "out of bounds",
        ),
        (lambda: torch.zeros(3).random_(1.5, 3), TypeError, "must be int"),
    ],
)
def test_bad_input_raises_as_pytorch(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_a_failed_in_place_call_leaves_the_tensor_as_it_was():
    x = torch.tensor([1, 2])
    with pytest.raises(RuntimeError):
        x.tan_()
    with pytest.raises(RuntimeError):
        x.random_(5, 2)
    assert to_np(x).tolist() == [1, 2]
    assert x._version == 0


def test_bitwise_operators_and_in_place_forms():
    i, j = torch.tensor([12, 10, -3]), torch.tensor([10, 6, 5])
    assert to_np(i & j).tolist() == [8, 2, 5]
    assert to_np(i | j).tolist() == [14, 14, -3]
    assert to_np(i ^ j).tolist() == [6, 12, -8]
    assert to_np(~i).tolist() == [-13, -11, 2]
    assert to_np(3 & i).tolist() == [0, 2, 1]
    m = torch.tensor([True, False])
    assert to_np(m & True).tolist() == [True, False]
    assert to_np(~m).tolist() == [False, True]
    k = i.clone()
    same = k
    k &= j
    assert k is same and to_np(k).tolist() == [8, 2, 5]
    k |= 1
    assert to_np(k).tolist() == [9, 3, 5]
    with pytest.raises(RuntimeError, match="can't be cast"):
        torch.tensor([True]).bitwise_and_(torch.tensor([3]))


def test_in_place_forms_record_the_function_node():
    x = torch.tensor([0.3, 0.6], requires_grad=True)
    y = x * 1.0
    y.tan_()
    assert type(y.grad_fn).__name__ == "TanBackward0"
    y.sum().backward()
    np.testing.assert_allclose(to_np(x.grad), 1 / np.cos([0.3, 0.6]) ** 2, rtol=1e-6)
    w = torch.tensor([1.5, -2.25])
    assert to_np(w.frac_()).tolist() == [0.5, -0.25]
    d = torch.tensor([7.0])
    assert to_np(d.divide_(2, rounding_mode="trunc")).tolist() == [3.0]
    assert to_np(d.subtract_(torch.tensor([1.0]), alpha=2)).tolist() == [1.0]


def test_tensor_properties_as_pytorch():
    b = torch.arange(12.0).reshape(3, 4)
    v = b[1:, 2:]
    assert (b.ndimension(), b.nbytes, b.itemsize) == (2, 48, 4)
    assert (v.storage_offset(), v.nbytes, b.t()[2].storage_offset()) == (6, 16, 2)
    assert b[1][1:].storage_offset() == 5 and b.storage_offset() == 0
    assert b[1:].data_ptr() - b.data_ptr() == 16
    assert b.unsqueeze(0).expand(2, 3, 4).nbytes == 96
    assert not b.is_complex() and b.is_signed() and torch.zeros(1).char().is_signed()
    assert not b.byte().is_signed() and not b.bool().is_signed()
    assert b.byte().dtype == torch.uint8 and b.char().dtype == torch.int8


def test_random_fills_draw_in_their_ranges():
    torch.manual_seed(0)
    r = torch.empty(2000)
    assert to_np(r.exponential_(2.0)).min() >= 0
    assert abs(to_np(r).mean() - 0.5) < 0.05
    assert to_np(r.geometric_(0.5)).min() >= 1
    assert np.all(to_np(r) == np.round(to_np(r)))
    assert to_np(r.log_normal_(0.0, 0.5)).min() > 0
    assert np.isfinite(to_np(r.cauchy_())).all()
    assert sorted(set(to_np(r.random_(3, 7)).tolist())) == [3.0, 4.0, 5.0, 6.0]
    assert sorted(set(to_np(r.random_(2)).tolist())) == [0.0, 1.0]
    assert set(to_np(r.random_(to=3)).tolist()) == {0.0, 1.0, 2.0}
    assert to_np(r.random_()).max() <= 2**24
    u = torch.empty(500, dtype=torch.uint8).random_()
    assert to_np(u).max() > 200
    assert set(to_np(torch.empty(50, dtype=torch.bool).random_()).tolist()) == {
        False,
        True,
    }
