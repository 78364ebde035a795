"""minigrad.linalg's decompositions (eigh, svd, qr, cholesky, pinv, lstsq,
...) and minigrad.special: values, gradients (first and second), node names
and errors as PyTorch 2.13 gives them (the numbers and names below were read
off PyTorch). Decompositions are unique only up to signs, so what is checked
is what does not depend on them: eigenvalues, singular values,
reconstructions, |vectors|, gradients of sign-invariant losses.
svd, pinverse, matrix_power and cholesky also have op-table rows."""

import math
import warnings

import numpy as np
import pytest
from mg_testutil import assert_close, minigrad_only, to_np, torch
from nn_testutil import check_gradients

la = torch.linalg
sp = torch.special
RNG = np.random.default_rng(11)


def name(t):
    return type(t.grad_fn).__name__


def separated(m, n, *batch):
    """An m x n matrix (or batch) with singular values near 3, 2, 1."""
    k = min(m, n)
    u = np.linalg.qr(RNG.standard_normal(batch + (m, k)))[0]
    v = np.linalg.qr(RNG.standard_normal(batch + (n, k)))[0]
    s = np.arange(k, 0, -1) + RNG.uniform(-0.1, 0.1, batch + (k,))
    return (u * s[..., None, :]) @ np.swapaxes(v, -1, -2)


def symmetric(t):
    return t + t.mT


def gradgrad(fn, *arrays):
    """Second derivatives of `fn` against central differences."""
    inputs = [torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in arrays]
    assert torch.autograd.gradgradcheck(fn, inputs)


# ---------------------------------------------------------------- eigh


def test_eigh_values_ascending_and_node():
    a = torch.tensor([[2.0, 1.0], [1.0, 2.0]], requires_grad=True)
    values, vectors = la.eigh(a)
    assert_close(values, [1.0, 3.0])
    assert_close(vectors.abs(), np.full((2, 2), math.sqrt(0.5)))
    assert name(values) == name(vectors) == "LinalgEighBackward0"
    assert_close(la.eigvalsh(a), [1.0, 3.0])
    assert la.eigh(a).eigenvalues is not None  # a named pair


def test_eigh_reads_one_triangle():
    a = torch.tensor([[2.0, 100.0], [1.0, 2.0]])  # lower: 1, upper: 100
    assert_close(la.eigvalsh(a), [1.0, 3.0])
    assert_close(la.eigvalsh(a, UPLO="U"), [-98.0, 102.0])


@pytest.mark.parametrize(
    "loss",
    [
        lambda a: la.eigvalsh(symmetric(a)),
        lambda a: la.eigh(symmetric(a)).eigenvectors ** 2,
        lambda a: la.eigh(symmetric(a), UPLO="U").eigenvalues,
    ],
)
def test_eigh_gradients_of_batches(loss):
    a = RNG.standard_normal((2, 3, 3))
    check_gradients(loss, a)
    gradgrad(loss, a)


def test_eigh_gradient_is_pytorchs_symmetric_one():
    # PyTorch's gradient of eigvalsh(A) for a non-symmetric A is V Vᵀ-shaped,
    # symmetric, not the lower-triangular finite difference.
    a = torch.tensor([[2.0, 5.0], [1.0, 2.0]], requires_grad=True)
    la.eigvalsh(a)[1].backward()
    assert_close(a.grad, [[0.5, 0.5], [0.5, 0.5]])


# ---------------------------------------------------------------- svd


@pytest.mark.parametrize("shape", [(4, 3), (3, 5), (2, 3, 3)])
def test_svd_shapes_values_and_reconstruction(shape):
    a = separated(*shape[-2:], *shape[:-2])
    t = torch.tensor(a)
    U, S, Vh = la.svd(t, full_matrices=False)
    assert_close(S, np.linalg.svd(a, compute_uv=False))
    assert_close((U * S.unsqueeze(-2)) @ Vh, a)
    m, n = shape[-2:]
    full = la.svd(t)
    assert tuple(full.U.shape[-2:]) == (m, m) and tuple(full.Vh.shape[-2:]) == (n, n)
    old = torch.svd(t)
    assert_close((old.U * old.S.unsqueeze(-2)) @ old.V.mT, a)
    assert tuple(torch.svd(t, some=False).V.shape[-2:]) == (n, n)


@pytest.mark.parametrize("shape", [(4, 3), (3, 5), (2, 3, 3)])
@pytest.mark.parametrize(
    "loss",
    [
        lambda a: la.svdvals(a),
        lambda a: (lambda r: r.U @ r.Vh)(la.svd(a, full_matrices=False)),
        lambda a: (lambda r: (r.U * r.S.unsqueeze(-2)) ** 2)(la.svd(a, False)),
        lambda a: (lambda r: r.V**2)(torch.svd(a)),
    ],
)
def test_svd_gradients(shape, loss):
    a = separated(*shape[-2:], *shape[:-2])
    check_gradients(loss, a)
    gradgrad(loss, a)


def test_svd_nodes_and_compute_uv_false():
    a = torch.tensor([[3.0, 0.0], [0.0, -2.0]], requires_grad=True)
    assert name(la.svdvals(a)) == name(la.svd(a).U) == "LinalgSvdBackward0"
    assert name(torch.svd(a).V) == "TransposeBackward0"
    r = torch.svd(a.detach(), compute_uv=False)
    assert_close(r.S, [3.0, 2.0])
    assert not r.U.any() and not r.V.any()


# ---------------------------------------------------------------- qr


@pytest.mark.parametrize("shape", [(4, 3), (3, 5), (2, 3, 3)])
def test_qr_values_gradients_and_second_derivatives(shape):
    a = separated(*shape[-2:], *shape[:-2])
    Q, R = la.qr(torch.tensor(a))
    assert_close(R, np.linalg.qr(a)[1])  # LAPACK's signs, as PyTorch
    assert_close(Q @ R, a)

    def loss(t):
        q, r = la.qr(t)
        return (q**3).sum(-2) + (r**2).sum(-1)  # (both of length min(m, n))

    check_gradients(loss, a)
    gradgrad(loss, a)


def test_qr_modes_and_their_errors():
    a = torch.tensor(separated(4, 3), requires_grad=True)
    assert tuple(la.qr(a, mode="complete").Q.shape) == (4, 4)
    q, r = la.qr(a, mode="r")
    assert tuple(q.shape) == (0,) and tuple(r.shape) == (3, 3)
    assert name(r) == "LinalgQrBackward0"
    with pytest.raises(RuntimeError, match="not computed when mode='r'"):
        r.sum().backward()
    with pytest.raises(RuntimeError, match="mode='complete' and nrows > ncols"):
        la.qr(a, mode="complete").R.sum().backward()
    with pytest.raises(RuntimeError, match="unrecognized mode 'x'"):
        la.qr(a, mode="x")


# ---------------------------------------------------------------- cholesky


def spd(t):
    return t @ t.mT + 3 * torch.eye(3, dtype=t.dtype)


@pytest.mark.parametrize("upper", [False, True])
def test_cholesky_values_gradients_and_nodes(upper):
    a = RNG.standard_normal((2, 3, 3))
    factor = la.cholesky(spd(torch.tensor(a, requires_grad=True)), upper=upper)
    assert name(factor) == "LinalgCholeskyExBackward0"
    full = a @ np.swapaxes(a, -1, -2) + 3 * np.eye(3)
    lower = np.linalg.cholesky(full)
    assert_close(factor, np.swapaxes(lower, -1, -2) if upper else lower)

    def loss(t):
        return la.cholesky(spd(t), upper=upper)

    check_gradients(loss, a)
    gradgrad(loss, a)


def test_cholesky_not_positive_definite_names_the_minor():
    bad = torch.tensor([[[1.0, 0.0], [0.0, 1.0]], [[1.0, 2.0], [2.0, 1.0]]])
    with pytest.raises(la.LinAlgError, match=r"\(Batch element 1\).*order 2"):
        la.cholesky(bad)
    assert issubclass(la.LinAlgError, RuntimeError)


@minigrad_only
def test_old_cholesky_warns_and_names_its_node():
    a = torch.tensor([[4.0, 2.0], [2.0, 2.0]], requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        L = torch.cholesky(a)
        U = a.cholesky(upper=True)
    assert_close(L, [[2.0, 0.0], [1.0, 1.0]])
    assert_close(U, L.mT)
    assert name(L) == "CholeskyBackward0"


# ---------------------------------------------------------------- pinv, rank, lstsq


def test_pinv_of_a_rank_deficient_matrix_and_tolerances():
    a = torch.tensor([[1.0, 2.0], [2.0, 4.001]], requires_grad=True)
    expected = [[0.04, 0.08], [0.08, 0.16]]
    assert_close(la.pinv(a, atol=0.01), expected, atol=1e-4, rtol=1e-3)
    assert_close(la.pinv(a, rtol=0.01), expected, atol=1e-4, rtol=1e-3)
    assert name(la.pinv(a)) == name(torch.pinverse(a)) == "LinalgPinvBackward0"
    assert la.matrix_rank(a).item() == 2
    assert la.matrix_rank(a, atol=0.01).item() == 1
    assert la.matrix_rank(a, rtol=0.01, hermitian=True).dtype == torch.int64
    h = torch.tensor([[1.0, 2.0], [2.0, -4.001]])
    assert_close(
        la.pinv(h, hermitian=True), [[0.5001, 0.25], [0.25, -0.125]], atol=1e-4
    )


@pytest.mark.parametrize("shape", [(4, 3), (3, 5), (2, 3, 3)])
def test_pinv_gradients(shape):
    a = separated(*shape[-2:], *shape[:-2])
    assert_close(la.pinv(torch.tensor(a)), np.linalg.pinv(a))
    check_gradients(la.pinv, a)
    gradgrad(la.pinv, a)
    check_gradients(lambda t: la.pinv(symmetric(t), hermitian=True), separated(3, 3))


def test_lstsq_solution_and_named_fields():
    A = torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    result = la.lstsq(A, torch.tensor([[1.0], [1.0], [3.0]]))
    assert_close(result.solution, [[4 / 3], [4 / 3]])
    assert result.rank.item() == 2 and tuple(result.residuals.shape) == (0,)
    assert tuple(result.singular_values.shape) == (0,)
    gelsd = la.lstsq(A, torch.tensor([1.0, 1.0, 3.0]), driver="gelsd")
    assert_close(gelsd.solution, [4 / 3, 4 / 3])
    assert_close(gelsd.residuals, [1 / 3])
    assert_close(gelsd.singular_values, [math.sqrt(3), 1.0])


@pytest.mark.parametrize("b_shape", [(2, 4, 2), (4, 2), (4,)])
def test_lstsq_gradients(b_shape):
    a = separated(4, 3, 2) if len(b_shape) == 3 else separated(4, 3)
    b = RNG.standard_normal(b_shape)

    def solution(x, y):
        return la.lstsq(x, y).solution

    out = solution(torch.tensor(a, requires_grad=True), torch.tensor(b))
    assert name(out) == "LinalgLstsqBackward0"
    check_gradients(solution, a, b)
    gradgrad(solution, a, b)


def test_lstsq_bad_shapes():
    with pytest.raises(RuntimeError, match=r"input.size\(-2\) should match"):
        la.lstsq(torch.randn(4, 3), torch.randn(3, 2))
    with pytest.raises(RuntimeError, match="input.dim"):
        la.lstsq(torch.randn(4, 3), torch.randn(2, 4, 2))
    with pytest.raises(RuntimeError, match="driver"):
        la.lstsq(torch.randn(4, 3), torch.randn(4, 2), driver="lapack")


# ---------------------------------------------------------------- composed


@pytest.mark.parametrize("n", [-3, -1, 0, 1, 2, 5])
def test_matrix_power(n):
    a = RNG.standard_normal((2, 3, 3)) + 3 * np.eye(3)
    t = torch.tensor(a, requires_grad=True)
    assert_close(la.matrix_power(t, n), np.linalg.matrix_power(a, n))
    assert_close(t.matrix_power(n), torch.matrix_power(t, n))
    if n:
        check_gradients(lambda x: la.matrix_power(x, n), a)


def test_matrix_power_nodes_and_errors():
    a = torch.tensor([[1.0, 1.0], [0.0, 1.0]], requires_grad=True)
    assert name(la.matrix_power(a, 3)) == "MmBackward0"
    assert name(la.matrix_power(a, 1)) == "CloneBackward0"
    assert name(la.matrix_power(a, -1)) == "LinalgInvExBackward0"
    with pytest.raises(la.LinAlgError, match="singular"):
        la.matrix_power(torch.tensor([[1.0, 2.0], [2.0, 4.0]]), -1)
    with pytest.raises(RuntimeError, match="square matrices"):
        la.matrix_power(torch.ones(2, 3), 2)


def test_multi_dot():
    a, b, c = (
        RNG.standard_normal((4, 3)),
        RNG.standard_normal((3, 3)),
        RNG.standard_normal((3, 5)),
    )
    out = la.multi_dot([torch.tensor(a), torch.tensor(b), torch.tensor(c)])
    assert_close(out, a @ b @ c)
    v, w = RNG.standard_normal(4), RNG.standard_normal(5)
    assert_close(
        la.multi_dot([torch.tensor(x) for x in (v, a, b, c, w)]), v @ a @ b @ c @ w
    )
    check_gradients(lambda x, y, z: la.multi_dot([x, y, z]), a, b, c)
    assert (
        name(la.multi_dot([torch.tensor(a, requires_grad=True), torch.tensor(b)]))
        == "ViewBackward0"
    )
    with pytest.raises(RuntimeError, match="at least 2 tensors"):
        la.multi_dot([torch.tensor(a)])
    with pytest.raises(RuntimeError, match="cannot be multiplied"):
        la.multi_dot([torch.tensor(a), torch.tensor(a)])


@pytest.mark.parametrize("ord", ["nuc", 2, -2])
def test_singular_value_matrix_norms(ord):
    a = separated(3, 4, 2)
    reduce = {"nuc": np.sum, 2: np.max, -2: np.min}[ord]
    expected = reduce(np.linalg.svd(a, compute_uv=False), axis=-1)
    assert_close(la.matrix_norm(torch.tensor(a), ord), expected)
    check_gradients(lambda t: la.matrix_norm(t, ord), a)
    moved = la.matrix_norm(torch.tensor(a), ord, dim=(2, 0), keepdim=True)
    assert tuple(moved.shape) == (1, 3, 1)
    check_gradients(lambda t: la.matrix_norm(t, ord, dim=(2, 0)), a)
    assert_close(la.norm(torch.tensor(a[0]), ord), expected[0])


def test_cross_broadcasts_and_checks_the_size():
    a, b = RNG.standard_normal((2, 3)), RNG.standard_normal((1, 3))
    out = la.cross(torch.tensor(a, requires_grad=True), torch.tensor(b))
    assert_close(out, np.cross(a, b))
    assert name(out) == "LinalgCrossBackward0"
    with pytest.raises(RuntimeError, match="dimension -1 must have length 3"):
        la.cross(torch.ones(2, 2), torch.ones(2, 2))


def test_bad_inputs_say_what_is_wrong():
    with pytest.raises(RuntimeError, match="Got Long"):
        la.svdvals(torch.tensor([[1, 2], [3, 4]]))
    with pytest.raises(RuntimeError, match="square matrices"):
        la.eigh(torch.ones(2, 3))
    with pytest.raises(RuntimeError, match="UPLO"):
        la.eigh(torch.eye(2), UPLO="X")
    with pytest.raises(RuntimeError, match="at least 2 dimensions"):
        la.pinv(torch.ones(3))


# ---------------------------------------------------------------- special

X = [-3.0, -0.5, 0.0, 0.25, 2.0]


@pytest.mark.parametrize(
    "f, expected, node",
    [
        (sp.expit, [0.047426, 0.377541, 0.5, 0.562177, 0.880797], "SigmoidBackward0"),
        (sp.ndtr, [0.00135, 0.308538, 0.5, 0.598706, 0.97725], None),
        (
            sp.log_ndtr,
            [-6.607726, -1.175912, -0.693147, -0.513, -0.023013],
            "SpecialLogNdtrBackward0",
        ),
        (sp.round, [-3.0, -0.0, 0.0, 0.0, 2.0], "RoundBackward1"),
        (sp.exp2, [0.125, 0.707107, 1.0, 1.189207, 4.0], "Exp2Backward0"),
    ],
)
def test_special_values_and_nodes(f, expected, node):
    y = f(torch.tensor(X, requires_grad=True))
    assert_close(y, expected, atol=1e-5, rtol=1e-4)
    if node:
        assert name(y) == node


def test_special_aliases_are_the_same_functions():
    x = torch.tensor([0.1, 0.5, 0.9])
    assert_close(sp.gammaln(x), torch.lgamma(x))
    assert_close(sp.psi(x), torch.digamma(x))
    assert_close(sp.digamma(x), torch.digamma(x))
    assert_close(sp.logit(x), torch.logit(x))
    assert_close(sp.erfinv(x), torch.erfinv(x))
    assert_close(sp.xlogy(x, x), torch.xlogy(x, x))
    assert_close(sp.softmax(x, 0), torch.softmax(x, 0))
    assert_close(sp.log_softmax(x, dim=0), torch.log_softmax(x, 0))
    assert_close(sp.logsumexp(x, 0), torch.logsumexp(x, 0))
    for f in ("erf", "erfc", "log1p", "expm1", "sinc"):
        assert_close(getattr(sp, f)(x), getattr(torch, f)(x))


def test_log_ndtr_far_left_tail_and_its_gradient():
    x = torch.tensor([-40.0, -10.0], dtype=torch.float64, requires_grad=True)
    y = sp.log_ndtr(x)
    assert_close(y, [-804.608442, -53.231285])
    y.sum().backward()
    assert_close(x.grad, [40.024969, 10.098093])


def test_entr_and_xlog1py_edges_as_pytorch():
    p = torch.tensor([-1.0, 0.0, 1.0], dtype=torch.float64, requires_grad=True)
    y = sp.entr(p)
    assert name(y) == "SpecialEntrBackward0"
    assert_close(y, [-math.inf, 0.0, 0.0])
    y.sum().backward()
    g = to_np(p.grad)
    assert np.isnan(g[0]) and g[1] == math.inf and g[2] == -1.0

    x = torch.tensor([0.0, 1.0, 2.0, 0.0], dtype=torch.float64, requires_grad=True)
    z = sp.xlog1py(x, torch.tensor([-1.0, 2.0, 3.0, 1.0], dtype=torch.float64))
    assert name(z) == "SpecialXlog1PyBackward0"
    assert_close(z, [0.0, math.log(3), 2 * math.log(4), 0.0])
    z.sum().backward()
    assert_close(x.grad, [0.0, math.log(3), math.log(4), math.log(2)])
    assert name(sp.xlog1py(x, 2.0)) == "SpecialXlog1PyBackward2"
    assert name(sp.xlog1py(2.0, x)) == "SpecialXlog1PyBackward1"


@pytest.mark.parametrize(
    "f, values",
    [
        (sp.entr, [0.2, 0.5, 1.5]),
        (sp.ndtr, [-2.0, 0.0, 1.0]),
        (sp.log_ndtr, [-30.0, -2.0, 0.5, 3.0]),
        (lambda t: sp.xlog1py(t, t * t), [0.3, 1.0, 2.0]),
    ],
)
def test_special_composed_gradients(f, values):
    check_gradients(f, np.array(values))
    gradgrad(f, np.array(values))
