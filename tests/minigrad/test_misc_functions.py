"""ops/misc_more.py and the smaller names of its batch beyond the op table:
PyTorch's node names, nan and ties, integer searches, the legacy tensor
types, memory formats, hvp/vhp and the errors. Expected values were read off
PyTorch 2.13."""

import warnings

import numpy as np
import pytest
from mg_testutil import minigrad_only, to_np, torch

pytestmark = minigrad_only

X = [[1.0, 2.0, 4.0, 7.0], [3.0, 5.0, 9.0, 0.5], [2.0, -1.0, 0.0, 3.0]]


def _name(t):
    return type(t.grad_fn).__name__


def _x():
    return torch.tensor(X, requires_grad=True)


def test_node_names_as_pytorch():
    x = _x()
    assert _name(torch.cov(x)) == "SqueezeBackward0"
    assert _name(torch.corrcoef(x)) == "ClampBackward1"
    assert _name(torch.quantile(x, 0.3)) == "SqueezeBackward4"
    assert _name(x.quantile(torch.tensor([0.3, 0.5]), dim=1, keepdim=True)) == (
        "SqueezeBackward4"
    )
    assert _name(torch.cumulative_trapezoid(x)) == "CumsumBackward0"
    assert _name(torch.column_stack([x, x])) == "CatBackward0"
    assert _name(torch.dstack([x, x])) == "CatBackward0"
    assert _name(torch.cartesian_prod(x[0], x[1])) == "StackBackward0"
    assert _name(torch.tensordot(x, x, dims=([1], [1]))) == "ViewBackward0"
    row = x[0]
    assert torch.atleast_1d(row) is row  # (already 1-D: the same tensor)


def test_trapezoid_with_sample_points_and_spacing():
    x = _x()
    xs = torch.tensor([0.0, 1.0, 3.0, 4.0])
    np.testing.assert_allclose(to_np(torch.trapezoid(x, xs)), [13.0, 22.75, 1.0])
    np.testing.assert_allclose(to_np(torch.trapz(x, dx=0.5)), [5.0, 7.875, 0.75])
    np.testing.assert_allclose(
        to_np(torch.cumulative_trapezoid(x, xs)[1]), [4.0, 18.0, 22.75]
    )
    torch.trapezoid(x, xs).sum().backward()
    np.testing.assert_allclose(to_np(x.grad[0]), [0.5, 1.5, 1.5, 0.5])


def test_cov_weights_and_corrcoef():
    x = _x()
    fw, aw = torch.tensor([1, 2, 1, 3]), torch.tensor([0.5, 1.0, 2.0, 1.0])
    got = torch.cov(x, fweights=fw, aweights=aw, correction=2)
    np.testing.assert_allclose(to_np(got)[0], [7.5232, -6.8477, 4.8212], atol=1e-4)
    np.testing.assert_allclose(
        to_np(torch.cov(x, correction=0)), np.cov(X, ddof=0), rtol=1e-6
    )
    assert torch.cov(x[0]).shape == ()  # one variable: 0-d, as PyTorch
    np.testing.assert_allclose(to_np(torch.corrcoef(x)), np.corrcoef(X), rtol=1e-5)


@pytest.mark.parametrize(
    "mode, expected",
    [
        ("linear", [[1.75, 2.375, -0.25], [3.0, 4.0, 1.0]]),
        ("lower", [[1.0, 0.5, -1.0], [2.0, 3.0, 0.0]]),
        ("higher", [[2.0, 3.0, 0.0], [4.0, 5.0, 2.0]]),
        ("midpoint", [[1.5, 1.75, -0.5], [3.0, 4.0, 1.0]]),
        ("nearest", [[2.0, 3.0, 0.0], [4.0, 5.0, 2.0]]),
    ],
)
def test_quantile_interpolations(mode, expected):
    got = torch.quantile(_x(), torch.tensor([0.25, 0.5]), dim=1, interpolation=mode)
    np.testing.assert_allclose(to_np(got), expected)


def test_quantile_nan_and_rounding():
    nan = float("nan")
    n = torch.tensor([[1.0, nan, 3.0, 2.0], [nan] * 4, [1.0, 2.0, 3.0, 4.0]])
    np.testing.assert_allclose(to_np(torch.quantile(n, 0.5, dim=1)), [nan, nan, 2.5])
    np.testing.assert_allclose(to_np(n.nanquantile(0.5, dim=1)), [2.0, nan, 2.5])
    # float32 ranks as PyTorch: 1/6 * 3 is exactly 0.5, which rounds to 0
    q = torch.tensor([0.5, 1 / 6])
    got = torch.quantile(torch.tensor([0.0, 1, 2, 3]), q, interpolation="nearest")
    np.testing.assert_allclose(to_np(got), [2.0, 0.0])
    assert torch.quantile(_x(), 0.3, keepdim=True).shape == (1, 1)


def test_searchsorted_and_bucketize():
    edges = torch.tensor([1, 3, 5, 7, 9])
    v = torch.tensor([[3, 6, 9], [0, 1, 10]])
    assert torch.searchsorted(edges, v).tolist() == [[1, 3, 4], [0, 0, 5]]
    assert torch.searchsorted(edges, v, side="right").tolist() == [[2, 3, 5], [0, 1, 5]]
    assert torch.searchsorted(edges, 5, right=True).item() == 3
    assert torch.searchsorted(edges, v, out_int32=True).dtype == torch.int32
    rows = torch.tensor([[1, 3, 5], [2, 4, 6]])
    got = torch.searchsorted(rows, torch.tensor([[3, 4], [4, 7]]))
    assert got.tolist() == [[1, 2], [1, 3]]
    shuffled = torch.tensor([5, 1, 9, 3, 7])
    got = torch.searchsorted(shuffled, v, sorter=shuffled.argsort())
    assert got.tolist() == [[1, 3, 4], [0, 0, 5]]
    assert torch.bucketize(v, edges, right=True).tolist() == [[2, 3, 5], [0, 1, 5]]


def test_joining_and_index_sets():
    a, b = torch.tensor([1.0, 2.0]), torch.tensor([[3.0, 4.0], [5.0, 6.0]])
    assert torch.column_stack([a, a, torch.ones(2, 3)]).shape == (2, 5)
    assert torch.row_stack([a, b]).shape == (3, 2)
    assert torch.dstack([a, a]).shape == (1, 2, 2)
    got = torch.block_diag(
        torch.tensor([1, 2]), torch.tensor([[1.5]], dtype=torch.float64)
    )
    assert got.dtype == torch.float64 and got.tolist() == [[1, 2, 0], [0, 0, 1.5]]
    assert [t.shape for t in torch.atleast_2d(a, b)] == [(1, 2), (2, 2)]
    assert torch.atleast_3d(a).shape == (1, 2, 1) and torch.atleast_3d(b).shape == (
        2,
        2,
        1,
    )
    three = torch.tensor([1, 2, 3])
    assert torch.combinations(three).tolist() == [[1, 2], [1, 3], [2, 3]]
    assert torch.combinations(three, 3, with_replacement=True).shape == (10, 3)
    assert torch.combinations(torch.tensor([1, 2]), 3).shape == (0, 3)
    prod = torch.cartesian_prod(
        torch.tensor([1, 2]), torch.tensor([3]), torch.tensor([4, 5])
    )
    assert prod.tolist() == [[1, 3, 4], [1, 3, 5], [2, 3, 4], [2, 3, 5]]
    assert torch.tril_indices(3, 4, -1).tolist() == [[1, 2, 2], [0, 0, 1]]
    assert torch.triu_indices(4, 3, 1).tolist() == [[0, 0, 1], [1, 2, 2]]
    assert torch.tril_indices(2, 2, dtype=torch.int32).dtype == torch.int32


def test_products():
    k = torch.kron(torch.tensor([1, 2]), torch.tensor([[1, 10], [100, 1000]]))
    assert k.tolist() == [[1, 10, 2, 20], [100, 1000, 200, 2000]]
    x = torch.arange(12.0).reshape(3, 2, 2)
    y = torch.arange(12.0).reshape(2, 2, 3)
    got = torch.tensordot(x, y, dims=([2, 1], [0, 1]))
    np.testing.assert_allclose(
        to_np(got), np.tensordot(to_np(x), to_np(y), axes=([2, 1], [0, 1]))
    )
    assert torch.tensordot(x[0, 0], x[1, 0], dims=0).shape == (2, 2)
    with pytest.warns(UserWarning, match="deprecated"):
        m = torch.chain_matmul(torch.eye(2), 2 * torch.eye(2), torch.ones(2, 2))
    assert m.tolist() == [[2.0, 2.0], [2.0, 2.0]]


def test_legacy_tensor_types():
    f = torch.FloatTensor([1, 2])
    assert f.dtype == torch.float32 and f.tolist() == [1.0, 2.0]
    assert torch.LongTensor(2, 3).shape == (2, 3)
    assert torch.LongTensor(torch.Size([2])).shape == (2,)
    assert torch.FloatTensor().shape == (0,)
    assert torch.ByteTensor([1]).dtype == torch.uint8
    assert torch.BoolTensor([1, 0]).tolist() == [True, False]
    assert isinstance(f, torch.FloatTensor) and isinstance(f, torch.Tensor)
    assert not isinstance(f.double(), torch.FloatTensor)
    assert isinstance(f.double(), torch.DoubleTensor)
    assert not isinstance([1.0], torch.FloatTensor)
    assert f.type(torch.LongTensor).dtype == torch.int64
    with pytest.raises(TypeError, match="invalid data type"):
        torch.FloatTensor("ab")


def test_devices_and_memory_formats():
    x = torch.ones(2, 3, 4, 5)
    assert x.get_device() == -1
    assert torch.is_floating_point(x) and not torch.is_floating_point(x.long())
    assert repr(torch.channels_last) == "minigrad.channels_last"
    for fmt in (torch.preserve_format, torch.contiguous_format, torch.channels_last):
        assert x.clone(memory_format=fmt).stride() == x.stride()  # row-major
        assert x.contiguous(memory_format=fmt) is x
        assert x.to(memory_format=fmt) is x
        assert x.is_contiguous(memory_format=fmt)
        for like in (torch.zeros_like, torch.ones_like, torch.empty_like):
            assert like(x, memory_format=fmt).shape == x.shape
        assert torch.full_like(x, 2.0, memory_format=fmt).shape == x.shape
        assert torch.rand_like(x, memory_format=fmt).shape == x.shape
        assert torch.randn_like(x, memory_format=fmt).shape == x.shape
    with pytest.raises(TypeError, match="memory_format"):
        x.clone(memory_format="channels_last")
    assert torch.empty_strided((2, 3), (1, 2)).shape == (2, 3)


def test_hvp_and_vhp():
    def loss(w):
        return (w**3).sum() + w[0] * w[1]

    w, v = torch.tensor([1.0, 2.0, 3.0]), torch.tensor([1.0, 0.0, 2.0])
    for product in (torch.autograd.functional.hvp, torch.autograd.functional.vhp):
        value, hv = product(loss, w, v)
        assert value.item() == 38.0 and hv.tolist() == [6.0, 1.0, 36.0]
        assert not w.requires_grad

    def pair(p, q):
        return (p * q * q).sum()

    inputs = (torch.tensor([1.0, 2.0]), torch.tensor([3.0, 4.0]))
    vs = (torch.tensor([1.0, 0.0]), torch.tensor([0.0, 1.0]))
    _, (hp, hq) = torch.autograd.functional.hvp(pair, inputs, vs)
    assert hp.tolist() == [0.0, 8.0] and hq.tolist() == [6.0, 4.0]
    with pytest.raises(RuntimeError, match="single element"):
        torch.autograd.functional.hvp(lambda a: a * 2, w, v)
    with pytest.raises(RuntimeError, match="invalid size"):
        torch.autograd.functional.vhp(loss, w, torch.ones(2))


ERRORS = [
    (lambda x: torch.quantile(x, 1.5), RuntimeError, r"range \[0, 1\]"),
    (lambda x: torch.quantile(x, 0.5, interpolation="cubic"), RuntimeError, "one of"),
    (lambda x: torch.quantile(x.long(), 0.5), RuntimeError, "float or double"),
    (lambda x: torch.cov(torch.ones(2, 2, 2)), RuntimeError, "two or fewer"),
    (lambda x: torch.cov(x, fweights=torch.ones(4)), RuntimeError, "integral"),
    (lambda x: torch.cov(x, aweights=-torch.ones(4)), RuntimeError, "negative"),
    (
        lambda x: torch.searchsorted(x[0], x[0], side="left", right=True),
        RuntimeError,
        "opposites",
    ),
    (lambda x: torch.bucketize(x[0], x), RuntimeError, "1 dimension"),
    (lambda x: torch.combinations(x), RuntimeError, "1D vector"),
    (lambda x: torch.block_diag(torch.ones(1, 1, 1)), RuntimeError, "2 or fewer"),
    (lambda x: torch.tensordot(x, x, dims=1), RuntimeError, "need to match"),
    (lambda x: torch.trapezoid(x, torch.ones(3)), RuntimeError, "one `x` value"),
    (lambda x: torch.kron(x, 2), TypeError, "must be Tensor"),
    (lambda x: torch.tril_indices(-1, 3), RuntimeError, "non-negative"),
]


@pytest.mark.parametrize("call, error, match", ERRORS)
def test_errors_leave_the_input_unchanged(call, error, match):
    x = _x()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(error, match=match):
            call(x)
    assert x.tolist() == X and x.grad is None


def test_the_clone_function_takes_a_memory_format_as_the_method_does():
    x = torch.ones(2, requires_grad=True)
    y = torch.clone(x, memory_format=torch.preserve_format)
    assert y.tolist() == [1.0, 1.0] and y.grad_fn.name() == "CloneBackward0"
    with pytest.raises(TypeError, match="memory_format"):
        torch.clone(x, memory_format="channels_last")
