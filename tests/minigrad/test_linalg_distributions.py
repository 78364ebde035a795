"""minigrad.linalg, cdist, pairwise_distance and minigrad.distributions:
values, gradients, node names and errors as PyTorch 2.13 gives them (the
numbers below were read off PyTorch; inverse, det and cdist also have
op-table rows, so their gradients are checked by test_ops.py too)."""

import math

import numpy as np
import pytest
from mg_testutil import assert_close, minigrad_only, to_np, torch
from nn_testutil import check_gradients

la = torch.linalg
D = torch.distributions
F = torch.nn.functional
RNG = np.random.default_rng(7)
SINGULAR = [[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [1.0, 0.0, 1.0]]


def name(t):
    return type(t.grad_fn).__name__


def well_conditioned(*batch, n=3):
    return RNG.standard_normal(batch + (n, n)) + n * np.eye(n)


# ---------------------------------------------------------------- norms


X = [[3.0, -4.0], [1.0, 2.0]]


@pytest.mark.parametrize(
    "call, expected, node",
    [
        (lambda x: la.vector_norm(x), math.sqrt(30), "LinalgVectorNormBackward0"),
        (lambda x: la.vector_norm(x, math.inf, dim=1), [4.0, 2.0], None),
        (lambda x: la.vector_norm(x, -math.inf), 1.0, None),
        (lambda x: la.vector_norm(x, 0), 4.0, None),
        (lambda x: la.matrix_norm(x), math.sqrt(30), "LinalgVectorNormBackward0"),
        (lambda x: la.matrix_norm(x, 1), 6.0, "AmaxBackward0"),
        (lambda x: la.matrix_norm(x, -1), 4.0, "AminBackward0"),
        (lambda x: la.matrix_norm(x, math.inf), 7.0, "AmaxBackward0"),
        (lambda x: la.norm(x, -1), 4.0, "AminBackward0"),
        (lambda x: la.norm(x, 2, 1), [5.0, math.sqrt(5)], "LinalgVectorNormBackward0"),
        (lambda x: la.norm(x, dim=0), [math.sqrt(10), math.sqrt(20)], None),
    ],
)
def test_norm_values_and_nodes_as_pytorch(call, expected, node):
    y = call(torch.tensor(X, requires_grad=True))
    assert_close(y, expected)
    assert y.dtype == torch.float32
    if node:
        assert name(y) == node


@pytest.mark.parametrize("ord", ["fro", 1, -1, math.inf, -math.inf])
def test_matrix_norm_gradients_of_batches_and_swapped_dims(ord):
    a = RNG.standard_normal((2, 3, 4))
    check_gradients(lambda t: la.matrix_norm(t, ord), a)
    check_gradients(lambda t: la.matrix_norm(t, ord, dim=(2, 0), keepdim=True), a)


@pytest.mark.parametrize("ord", [2, 3, 0.5, -1, math.inf])
def test_vector_norm_gradients(ord):
    check_gradients(
        lambda t: la.vector_norm(t, ord, dim=1), RNG.uniform(0.5, 2, (3, 4))
    )


def test_vector_norm_dtype_converts_first():
    y = la.vector_norm(torch.tensor([3.0, 4.0]), dtype=torch.float64)
    assert y.dtype == torch.float64 and y.item() == 5.0


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: la.vector_norm(torch.tensor([1, 2])), RuntimeError, "Got Long"),
        (lambda: la.vector_norm(torch.ones(2), "fro"), TypeError, "must be Number"),
        (lambda: la.matrix_norm(torch.ones(3)), RuntimeError, "at least 2 dim"),
        (lambda: la.matrix_norm(torch.ones(2, 2), 3), RuntimeError, "Order 3 not"),
        (lambda: la.matrix_norm(torch.ones(2, 2), "abc"), RuntimeError, "Order abc"),
        (lambda: la.norm(torch.ones(2, 2, 2), 1), RuntimeError, "must be 1D or 2D"),
        (
            lambda: la.norm(torch.ones(2, 2), 1, (0, 1, 1)),
            RuntimeError,
            "length 1 or 2",
        ),
    ],
)
def test_norm_errors_as_pytorch(call, error, match):
    with pytest.raises(error, match=match):
        call()


# ---------------------------------------------------------------- inv, det, solve


def test_inverse_det_slogdet_solve_values_and_nodes():
    a = torch.tensor([[2.0, 1.0], [1.0, 3.0]], requires_grad=True)
    inv = la.inv(a)
    assert_close(inv, [[0.6, -0.2], [-0.2, 0.4]])
    assert name(inv) == name(torch.inverse(a)) == name(a.inverse())
    assert name(inv) == "LinalgInvExBackward0"
    d = la.det(a)
    assert_close(d, 5.0)
    assert name(d) == name(torch.det(a)) == "LinalgDetBackward0"
    sign, logabsdet = la.slogdet(a)
    assert_close(sign, 1.0)
    assert_close(logabsdet, math.log(5.0))
    assert name(sign) == name(logabsdet) == "LinalgSlogdetBackward0"
    assert "return_types.linalg_slogdet(" in repr(la.slogdet(a))
    x = la.solve(a, torch.tensor([1.0, 2.0]))
    assert_close(x, [0.2, 0.6])
    assert name(x) == "LinalgSolveExBackward0"


@pytest.mark.parametrize(
    "f",
    [la.inv, la.det, lambda a: la.slogdet(a).logabsdet],
    ids=["inv", "det", "slogdet"],
)
def test_square_matrix_gradients_and_second_derivatives(f):
    check_gradients(f, well_conditioned(2))
    a = torch.tensor(well_conditioned(), requires_grad=True)
    (g,) = torch.autograd.grad(f(a).sum(), a, create_graph=True)
    (h,) = torch.autograd.grad((g * g).sum(), a)
    assert np.isfinite(to_np(h)).all()


@pytest.mark.parametrize(
    "b_shape", [(3,), (3, 2), (2, 3), (2, 3, 2)], ids=["v", "m", "bv", "bm"]
)
def test_solve_gradients_for_vectors_matrices_and_batches(b_shape):
    a, b = well_conditioned(2), RNG.standard_normal(b_shape)
    check_gradients(la.solve, a, b)


def test_det_gradient_of_a_singular_matrix_is_the_cofactor_matrix():
    # PyTorch 2.13 gives these cofactors (its last row is 0 up to rounding).
    a = torch.tensor(SINGULAR, dtype=torch.float64, requires_grad=True)
    la.det(a).backward()
    assert_close(a.grad, [[4.0, 4.0, -4.0], [-2.0, -2.0, 2.0], [0.0, 0.0, 0.0]])
    check_gradients(la.det, np.array(SINGULAR))


@minigrad_only
def test_singular_matrices_raise_linalg_error_as_pytorch():
    assert issubclass(la.LinAlgError, RuntimeError)
    singular = torch.tensor(SINGULAR)
    with pytest.raises(la.LinAlgError, match="The diagonal element 3 is zero"):
        la.inv(singular)
    batch = torch.stack([torch.eye(3), singular])
    with pytest.raises(la.LinAlgError, match=r"\(Batch element 1\): The diagonal"):
        torch.inverse(batch)
    with pytest.raises(la.LinAlgError, match="solver failed because the input"):
        la.solve(singular, torch.ones(3))
    assert la.det(singular).item() == 0.0
    assert la.slogdet(singular).logabsdet.item() == -math.inf


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: la.inv(torch.ones(3)), "at least 2 dimensions"),
        (lambda: la.det(torch.ones(2, 3)), "2 by 3 matrices"),
        (lambda: la.inv(torch.tensor([[1, 2], [3, 4]])), "Got Long"),
        (lambda: la.solve(torch.eye(2), torch.ones(2, dtype=torch.float64)), "dtype"),
        (lambda: la.solve(torch.eye(2), torch.ones(3, 2)), "Incompatible shapes"),
    ],
)
def test_matrix_errors_as_pytorch(call, match):
    with pytest.raises(RuntimeError, match=match):
        call()


# ---------------------------------------------------------------- distances


def test_cdist_and_pairwise_distance_values_and_nodes():
    p1 = torch.tensor([[0.0, 0.0], [1.0, 1.0]], requires_grad=True)
    p2 = torch.tensor([[3.0, 4.0], [1.0, 0.0], [0.0, 0.0]])
    d = torch.cdist(p1, p2)
    assert_close(d, [[5.0, 1.0, 0.0], [math.sqrt(13), 1.0, math.sqrt(2)]])
    assert name(d) == "CdistBackward0"
    assert_close(torch.cdist(p1, p2, p=1), [[7.0, 1.0, 0.0], [5.0, 1.0, 2.0]])
    assert_close(torch.cdist(p1, p2, p=0), [[2.0, 1.0, 0.0], [2.0, 1.0, 2.0]])
    assert_close(torch.cdist(p1, p2, p=math.inf), [[4.0, 1.0, 0.0], [3.0, 1.0, 1.0]])
    d.sum().backward()  # a zero distance gives a zero gradient, as PyTorch
    assert_close(p1.grad, [[-1.6, -0.8], [0.152407, 0.875056]], rtol=1e-5)
    pd = F.pairwise_distance(p1, p2[:2])
    assert_close(pd, [4.9999986, 1.0000010], rtol=1e-6)
    assert name(pd) == "NormBackward1"


@pytest.mark.parametrize("p", [0.5, 1.0, 2.0, 3.0, math.inf])
def test_cdist_gradients_batched(p):
    x1, x2 = RNG.standard_normal((2, 3, 4)), RNG.standard_normal((1, 2, 4))
    check_gradients(lambda a, b: torch.cdist(a, b, p), x1, x2)


def test_pairwise_distance_gradients():
    x1, x2 = RNG.standard_normal((3, 4)), RNG.standard_normal((1, 4))
    check_gradients(lambda a, b: F.pairwise_distance(a, b, p=3, keepdim=True), x1, x2)


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: torch.cdist(torch.ones(3), torch.ones(3)), "at least 2D"),
        (lambda: torch.cdist(torch.ones(2, 3), torch.ones(2, 4)), "same number of col"),
        (lambda: torch.cdist(torch.ones(2, 3), torch.ones(2, 3), -1.0), "non-negative"),
    ],
)
def test_cdist_errors_as_pytorch(call, match):
    with pytest.raises(RuntimeError, match=match):
        call()


# ---------------------------------------------------------------- distributions


def test_normal_log_prob_entropy_kl_and_gradients_as_pytorch():
    loc = torch.tensor([0.5, -1.0], requires_grad=True)
    scale = torch.tensor([1.5, 0.3], requires_grad=True)
    m = D.Normal(loc, scale)
    lp = m.log_prob(torch.tensor([0.2, 0.1]))
    assert_close(lp, [-1.344404, -6.437188], rtol=1e-5)
    assert_close(m.entropy(), [1.824404, 0.214966], rtol=1e-5)
    q = D.Normal(torch.tensor([0.0, 1.0]), torch.tensor([2.0, 1.0]))
    kl = D.kl_divergence(m, q)
    assert_close(kl, [0.100182, 2.748973], rtol=1e-5)
    loc.grad = scale.grad = None
    (lp.sum() + m.entropy().sum()).backward()
    assert_close(loc.grad, [-0.133333, 12.222222], rtol=1e-5)
    assert_close(scale.grad, [0.026667, 44.814812], rtol=1e-5)
    assert (m.batch_shape, m.event_shape) == (torch.Size([2]), torch.Size([]))
    assert_close(m.variance, [2.25, 0.09])


def test_rsample_is_reparameterised_and_sample_is_not():
    loc = torch.zeros(2, requires_grad=True)
    m = D.Normal(loc, torch.ones(2))
    z = m.rsample((4,))
    assert tuple(z.shape) == (4, 2) and name(z) == "AddBackward0"
    z.sum().backward()
    assert_close(loc.grad, [4.0, 4.0])
    assert not m.sample((3,)).requires_grad
    torch.manual_seed(3)
    first = m.sample((5,))
    torch.manual_seed(3)
    assert_close(m.sample((5,)), first, rtol=0, atol=0)


def test_categorical_from_logits_and_probs_as_pytorch():
    logits = torch.tensor([[1.0, 2.0, 0.5], [0.0, -1.0, 3.0]], requires_grad=True)
    c = D.Categorical(logits=logits)
    assert_close(
        c.probs,
        [[0.231224, 0.628532, 0.140244], [0.046613, 0.017148, 0.936240]],
        rtol=1e-5,
    )
    lp = c.log_prob(torch.tensor([2, 0]))
    assert_close(lp, [-1.964369, -3.065884], rtol=1e-5)
    assert_close(c.entropy(), [0.905959, 0.274313], rtol=1e-5)
    (-lp.sum() - 0.01 * c.entropy().sum()).backward()
    assert_close(
        logits.grad,
        [[0.229933, 0.631307, -0.861240], [-0.954689, 0.016498, 0.938191]],
        rtol=1e-5,
        atol=1e-6,
    )
    s = c.sample((5,))
    assert s.dtype == torch.int64 and tuple(s.shape) == (5, 2)
    assert ((s >= 0) & (s < 3)).all()
    p = D.Categorical(probs=torch.tensor([2.0, 3.0, 5.0]))
    assert_close(p.probs, [0.2, 0.3, 0.5])
    assert_close(p.log_prob(torch.tensor(1)), math.log(0.3))
    other = D.Categorical(probs=torch.tensor([[0.5, 0.5, 0.0], [0.1, 0.1, 0.8]]))
    assert_close(D.kl_divergence(other, c), [0.271222, 0.126852], rtol=1e-5)
    kl = D.kl_divergence(c, other)  # (q = 0 where p > 0: inf)
    assert kl[0].item() == math.inf
    assert_close(kl[1], 0.081417, rtol=1e-4)


def test_bernoulli_and_uniform_as_pytorch():
    b = D.Bernoulli(probs=torch.tensor([0.1, 0.7]))
    assert_close(b.log_prob(torch.tensor([1.0, 0.0])), [math.log(0.1), math.log(0.3)])
    assert_close(b.entropy(), [0.325083, 0.610864], rtol=1e-5)
    assert_close(b.variance, [0.09, 0.21])
    draws = b.sample((3,))
    assert tuple(draws.shape) == (3, 2) and draws.dtype == torch.float32
    bl = D.Bernoulli(logits=torch.tensor([0.0]))
    assert_close(bl.probs, [0.5])
    u = D.Uniform(torch.tensor([0.0, 1.0]), torch.tensor([2.0, 5.0]))
    assert_close(u.log_prob(torch.tensor([1.0, 2.0])), [-math.log(2), -math.log(4)])
    assert_close(u.entropy(), [math.log(2), math.log(4)])
    assert_close(u.mean, [1.0, 3.0])
    outside = D.Uniform(0.0, 1.0, validate_args=False).log_prob(torch.tensor([2.0]))
    assert outside.item() == -math.inf


@pytest.mark.parametrize(
    "make, match",
    [
        (lambda: D.Normal(torch.tensor([0.0]), torch.tensor([-1.0])), "GreaterThan"),
        (lambda: D.Normal(0.0, 0.0), "constraint GreaterThan"),
        (lambda: D.Bernoulli(probs=torch.tensor([1.5])), "Interval"),
        (lambda: D.Categorical(probs=torch.tensor([0.2, -0.3, 0.5])), "Simplex"),
        (lambda: D.Uniform(1.0, 0.0), "LessThan"),
        (lambda: D.Categorical(probs=torch.ones(2), logits=torch.ones(2)), "not both"),
        (lambda: D.Categorical(probs=torch.tensor(1.0)), "at least one-dim"),
        (
            lambda: (
                D.Normal(0.0, 1.0).log_prob(torch.ones(3)).sum()
                + D.Bernoulli(0.5).log_prob(torch.tensor(0.5))
            ),
            "support",
        ),
        (
            lambda: D.Categorical(logits=torch.zeros(3)).log_prob(torch.tensor(3)),
            "support",
        ),
    ],
)
def test_bad_parameters_and_values_raise_value_error(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_validate_args_false_skips_the_checks():
    assert D.Normal(0.0, -1.0, validate_args=False).scale.item() == -1.0


def test_kl_of_an_unknown_pair_says_which():
    with pytest.raises(NotImplementedError, match="Uniform and q type Normal"):
        D.kl_divergence(D.Uniform(0.0, 1.0), D.Normal(0.0, 1.0))
