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


# ----- the ops students brought: node names, kinks, errors ---------------------------

F = torch.nn.functional


def _grad_of(f, values):
    x = torch.tensor(values, requires_grad=True)
    y = f(x)
    y.sum().backward()
    return type(y.grad_fn).__name__, to_np(y).tolist(), to_np(x.grad).tolist()


@pytest.mark.parametrize(
    "f, node, value, grad",
    [
        # read off PyTorch 2.13 at x = -1, 0, 1, 6, 3 (kinks of relu6 and hardtanh)
        (F.relu6, "HardtanhBackward0", [0, 0, 1, 6, 3], [0, 0, 1, 0, 1]),
        (F.hardtanh, "HardtanhBackward0", [-1, 0, 1, 1, 1], [0, 1, 0, 0, 0]),
        (lambda x: F.elu(x, 2.0), "EluBackward0", None, [0.7357589, 2, 1, 1, 1]),
        (F.elu, "EluBackward0", None, [0.3678794, 1, 1, 1, 1]),
        (
            F.silu,
            "SiluBackward0",
            None,
            [0.0723295, 0.5, 0.9276705, 1.0123262, 1.0881041],
        ),
        (
            F.softplus,
            "SoftplusBackward0",
            None,
            [0.2689414, 0.5, 0.7310586, 0.9975274, 0.9525741],
        ),
        (
            lambda x: F.softplus(x, 2, 1),
            "SoftplusBackward0",
            None,
            [0.1192029, 0.5, 1, 1, 1],
        ),
        (torch.frac, "FracBackward0", [0, 0, 0, 0, 0], [1, 1, 1, 1, 1]),
        (torch.floor, "FloorBackward0", [-1, 0, 1, 6, 3], [0, 0, 0, 0, 0]),
        (F.gelu, "GeluBackward0", None, [-0.0833155, 0.5, 1.0833155, 1.0, 1.0119456]),
    ],
)
def test_activation_values_and_gradients_at_kinks(f, node, value, grad):
    name, out, g = _grad_of(f, [-1.0, 0.0, 1.0, 6.0, 3.0])
    assert name == node
    if value is not None:
        np.testing.assert_allclose(out, value)
    np.testing.assert_allclose(g, grad, rtol=1e-5, atol=1e-7)


def test_gelu_tanh_is_close_to_exact_gelu():
    x = torch.linspace(-3, 3, 13)
    exact, approx = F.gelu(x), F.gelu(x, approximate="tanh")
    assert float((exact - approx).abs().max()) < 1e-3
    with pytest.raises(RuntimeError, match="approximate"):
        F.gelu(x, approximate="fast")


def test_logsumexp_is_stable_and_handles_infinite_rows():
    np.testing.assert_allclose(
        to_np(torch.tensor([1000.0, 1000.0]).logsumexp(0)), 1000 + np.log(2)
    )
    x = torch.tensor([[-np.inf, -np.inf], [1.0, 2.0]], requires_grad=True)
    y = x.logsumexp(1)
    assert type(y.grad_fn).__name__ == "LogsumexpBackward0"
    assert to_np(y)[0] == -np.inf
    y.sum().backward()  # PyTorch: nan for the row of -inf, the softmax elsewhere
    assert np.isnan(to_np(x.grad)[0]).all()
    np.testing.assert_allclose(to_np(x.grad)[1], [0.2689414, 0.7310586], rtol=1e-6)
    with pytest.raises(TypeError):
        torch.logsumexp(torch.ones(2))  # dim is required


def test_flip_outer_masked_fill_node_names_and_errors():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    assert type(x.flip(0).grad_fn).__name__ == "FlipBackward0"
    assert type(torch.outer(x, x).grad_fn).__name__ == "MulBackward0"
    filled = x.masked_fill(x > 1.5, 0.0)
    assert type(filled.grad_fn).__name__ == "MaskedFillBackward0"
    with pytest.raises(TypeError, match="tuple of ints"):
        torch.flip(x, 0)
    with pytest.raises(RuntimeError, match="appears multiple times"):
        torch.ones(2, 3).flip((0, 0))
    with pytest.raises(RuntimeError, match="Expected 1-D argument self"):
        torch.outer(torch.ones(2, 2), torch.ones(2))
    with pytest.raises(RuntimeError, match="only supports boolean masks"):
        torch.ones(3).masked_fill(torch.tensor([1, 0, 1]), 0.0)


def test_masked_fill_in_place_and_with_a_tensor_value():
    x = torch.ones(3)
    x.masked_fill_(torch.tensor([True, False, True]), 5.0)
    np.testing.assert_array_equal(to_np(x), [5.0, 1.0, 5.0])
    a = torch.ones(3, requires_grad=True)
    v = torch.tensor(2.0, requires_grad=True)
    y = a.masked_fill(torch.tensor([True, False, True]), v)
    (y * torch.tensor([1.0, 2.0, 3.0])).sum().backward()
    np.testing.assert_array_equal(to_np(a.grad), [0.0, 2.0, 0.0])
    np.testing.assert_allclose(to_np(v.grad), 4.0)
    # an integer tensor takes the value in its own dtype, as PyTorch's
    ints = torch.ones(3, dtype=torch.int64).masked_fill(torch.tensor([True] * 3), 2.5)
    assert to_np(ints).tolist() == [2, 2, 2]


def test_where_with_the_condition_alone_gives_the_indices():
    rows, cols = torch.where(torch.tensor([[1, 0], [2, 3]]))
    assert to_np(rows).tolist() == [0, 1, 1]
    assert to_np(cols).tolist() == [0, 0, 1]
    assert to_np(torch.tensor([[1, 0], [2, 3]]).nonzero()).tolist() == [
        [0, 0],
        [1, 0],
        [1, 1],
    ]


def test_losses_smooth_l1_and_huber():
    a = torch.tensor([0.5, 3.0, -2.0], requires_grad=True)
    loss = F.smooth_l1_loss(a, torch.zeros(3))
    assert type(loss.grad_fn).__name__ == "SmoothL1LossBackward0"
    np.testing.assert_allclose(to_np(loss), (0.125 + 2.5 + 1.5) / 3, rtol=1e-6)
    loss.backward()
    np.testing.assert_allclose(to_np(a.grad), [0.5 / 3, 1 / 3, -1 / 3], rtol=1e-6)
    huber = torch.nn.HuberLoss(delta=2.0)(a, torch.zeros(3))
    assert type(huber.grad_fn).__name__ == "HuberLossBackward0"
    np.testing.assert_allclose(to_np(huber), (0.125 + 4.0 + 2.0) / 3, rtol=1e-6)
    with pytest.raises(RuntimeError, match="negative values for beta"):
        F.smooth_l1_loss(a, torch.zeros(3), beta=-1.0)
    with pytest.raises(RuntimeError, match="non-positive values for delta"):
        F.huber_loss(a, torch.zeros(3), delta=0.0)


def test_layer_norm_module_parameters_and_values():
    ln = torch.nn.LayerNorm(3)
    assert repr(ln) == (
        "LayerNorm((3,), eps=1e-05, elementwise_affine=True, bias=True)"
    )
    assert [n for n, _ in ln.named_parameters()] == ["weight", "bias"]
    np.testing.assert_array_equal(to_np(ln.weight.detach()), [1.0, 1.0, 1.0])
    out = ln(torch.tensor([[1.0, 2.0, 4.0]]))
    assert type(out.grad_fn).__name__ == "NativeLayerNormBackward0"
    np.testing.assert_allclose(to_np(out), [[-1.0690, -0.2673, 1.3363]], atol=1e-4)
    plain = torch.nn.LayerNorm((2, 3), elementwise_affine=False)
    assert list(plain.parameters()) == []
    with pytest.raises(RuntimeError, match="expected input with shape"):
        ln(torch.ones(2, 4))


@pytest.mark.parametrize(
    "module, text",
    [
        (lambda: torch.nn.ELU(), "ELU(alpha=1.0)"),
        (lambda: torch.nn.GELU(approximate="tanh"), "GELU(approximate='tanh')"),
        (lambda: torch.nn.SiLU(), "SiLU()"),
        (lambda: torch.nn.Softplus(), "Softplus(beta=1.0, threshold=20.0)"),
        (lambda: torch.nn.Hardtanh(), "Hardtanh(min_val=-1.0, max_val=1.0)"),
        (lambda: torch.nn.ReLU6(), "ReLU6()"),
        (lambda: torch.nn.SmoothL1Loss(), "SmoothL1Loss()"),
        (lambda: torch.nn.HuberLoss(), "HuberLoss()"),
    ],
)
def test_new_modules_print_as_pytorch(module, text):
    assert repr(module()) == text


def test_normalize_rows_and_zero_vectors():
    out = F.normalize(torch.tensor([[3.0, 4.0], [0.0, 0.0]]))
    np.testing.assert_allclose(to_np(out), [[0.6, 0.8], [0.0, 0.0]])


# ----- flags, creation arguments, seeds, comparisons, var of one element ---------


def test_var_and_std_of_one_element_give_nan_with_a_warning():
    for name in ("var", "std"):
        x = torch.tensor([1.0], requires_grad=True)
        with pytest.warns(UserWarning, match="degrees of freedom"):
            y = getattr(x, name)()
        y.backward()
        assert np.isnan(to_np(y)) and np.isnan(to_np(x.grad)).all()
    x = torch.tensor([[1.0, 2.0]], requires_grad=True)
    with pytest.warns(UserWarning, match="degrees of freedom"):
        y = x.var(dim=0)
    y.sum().backward()
    assert np.isnan(to_np(x.grad)).all()


def test_flags_must_be_bools_but_true_and_false_work():
    m = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    assert m.max(0, keepdim=True).values.shape == (1, 2)
    with pytest.raises(TypeError, match="keepdim"):
        m.max(dim=0, keepdim="yes")
    with pytest.raises(TypeError, match="unbiased"):
        m.std(unbiased=2)
    np.testing.assert_allclose(to_np(m.var(unbiased=False)), 1.25)


def test_seeds_are_64_bit_and_negative_seeds_wrap():
    torch.manual_seed(-1)
    a = torch.rand(3)
    torch.manual_seed(2**64 - 1)
    np.testing.assert_array_equal(to_np(torch.rand(3)), to_np(a))
    with pytest.raises(ValueError):
        torch.manual_seed(2**64)


def test_comparisons_with_other_objects_are_not_elementwise():
    x = torch.tensor([1.0, 2.0])
    assert (x == "a") is False and (x != "a") is True
    with pytest.raises(TypeError):
        x < "a"  # noqa: B015
    np.testing.assert_array_equal(to_np(x == 1), [True, False])


def test_view_as_its_own_dtype_is_a_view():
    x = torch.ones(2, 3)
    y = x.view(torch.float32)
    y[0, 0] = 5.0
    assert float(x[0, 0]) == 5.0


def test_negative_base_to_a_tensor_power_has_nan_gradient():
    x = torch.tensor([0.0, 2.0], requires_grad=True)
    ((-2) ** x).sum().backward()
    assert np.isnan(to_np(x.grad)).all()


def test_smooth_l1_with_beta_zero_is_the_l1_loss():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    loss = F.smooth_l1_loss(x, torch.tensor([1.0, 0.0]), beta=0.0)
    assert type(loss.grad_fn).__name__ == "MeanBackward0"
    loss.backward()
    np.testing.assert_allclose(to_np(x.grad), [0.0, 0.5])


def test_clamp_promotes_to_its_bounds_and_takes_tensor_bounds():
    out = torch.clamp(torch.tensor([1, 2], dtype=torch.int32), 0.5, 1.5)
    assert out.dtype == torch.float32
    np.testing.assert_allclose(to_np(out), [1.0, 1.5])
    x = torch.tensor([0.0, 1.0, 2.0], requires_grad=True)
    x.clamp(min=torch.tensor([0.5, 0.5, 3.0])).sum().backward()
    np.testing.assert_array_equal(to_np(x.grad), [0.0, 1.0, 0.0])


def test_random_floats_refuse_integer_dtypes():
    with pytest.raises(NotImplementedError):
        torch.rand(2, dtype=torch.int64)
    torch.manual_seed(5)
    assert torch.initial_seed() == 5


def test_hardtanh_passes_the_gradient_of_a_nan_as_pytorch():
    x = torch.tensor([float("nan"), 1.0, 2.0], requires_grad=True)
    F.relu6(x).sum().backward()
    np.testing.assert_array_equal(to_np(x.grad), [1.0, 1.0, 1.0])


def test_division_gradient_of_a_tiny_divisor_does_not_underflow():
    x = torch.tensor([1e-30, -1e-30], requires_grad=True)
    (x / x).sum().backward()  # d(x/x)/dx = 1/x - x/x² = 0
    np.testing.assert_array_equal(to_np(x.grad), [0.0, 0.0])


@pytest.mark.parametrize(
    "p, value, grad",
    [  # read off PyTorch 2.13 at x = [1, -2, 0.5]
        (-1, 0.2857143, [0.0816327, -0.0204082, 0.3265306]),
        (float("-inf"), 0.5, [0.0, 0.0, 1.0]),
        (3, 2.0896697, [0.2290049, -0.9160195, 0.0572512]),
    ],
)
def test_norm_of_negative_and_infinite_p(p, value, grad):
    x = torch.tensor([1.0, -2.0, 0.5], requires_grad=True)
    y = x.norm(p=p)
    y.backward()
    np.testing.assert_allclose(to_np(y), value, rtol=1e-6)
    np.testing.assert_allclose(to_np(x.grad), grad, rtol=1e-5, atol=1e-7)


def test_norm_p_zero_counts_the_nonzero_elements():
    np.testing.assert_allclose(to_np(torch.tensor([1.0, 2.0, 0.0]).norm(p=0)), 2.0)
    np.testing.assert_allclose(
        to_np(F.normalize(torch.tensor([[1.0, 2.0]]), p=0)), [[0.5, 1.0]]
    )


def test_tril_triu_node_names_and_a_causal_mask():
    x = torch.ones(3, 3, requires_grad=True)
    assert type(x.tril().grad_fn).__name__ == "TrilBackward0"
    assert type(torch.triu(x, 1).grad_fn).__name__ == "TriuBackward0"
    scores = torch.zeros(3, 3).masked_fill(torch.ones(3, 3).tril() == 0, float("-inf"))
    np.testing.assert_allclose(to_np(scores.softmax(-1))[1], [0.5, 0.5, 0.0])
    with pytest.raises(RuntimeError, match="at least 2 dimensions"):
        torch.ones(3).tril()


@pytest.mark.parametrize(
    "f, want",
    [
        (lambda x: F.relu(x, inplace=True), [0.0, 2.0, 7.0]),
        (lambda x: F.relu6(x, inplace=True), [0.0, 2.0, 6.0]),
        (lambda x: F.hardtanh(x, inplace=True), [-1.0, 1.0, 1.0]),
        (lambda x: F.leaky_relu(x, 0.5, inplace=True), [-0.5, 2.0, 7.0]),
        (lambda x: torch.nn.ReLU(inplace=True)(x), [0.0, 2.0, 7.0]),
    ],
)
def test_inplace_activations_change_their_input_as_pytorch(f, want):
    x = torch.tensor([-1.0, 2.0, 7.0])
    assert f(x) is x
    np.testing.assert_allclose(to_np(x), want)


def test_inplace_activation_inside_a_graph_and_on_a_leaf():
    x = torch.tensor([-1.0, 2.0], requires_grad=True)
    h = x * 2
    F.elu(h, inplace=True).sum().backward()
    np.testing.assert_allclose(to_np(x.grad), [2 * np.exp(-2.0), 2.0], rtol=1e-6)
    with pytest.raises(RuntimeError, match="leaf Variable"):
        F.relu(x, inplace=True)


def test_comparison_functions_and_randint_like():
    x = torch.tensor([1.0, 2.0])
    assert to_np(torch.eq(x, 2)).tolist() == [False, True]
    assert to_np(torch.ge(x, torch.tensor([2.0, 2.0]))).tolist() == [False, True]
    with pytest.raises(TypeError):
        x.eq("a")
    drawn = torch.randint_like(torch.zeros(50), 3)
    assert drawn.dtype == torch.float32
    assert set(to_np(drawn).tolist()) <= {0.0, 1.0, 2.0}


@pytest.mark.parametrize(
    "name, node",
    [
        ("reciprocal", "ReciprocalBackward0"),
        ("rsqrt", "RsqrtBackward0"),
        ("erf", "ErfBackward0"),
        ("sinh", "SinhBackward0"),
        ("cosh", "CoshBackward0"),
        ("asin", "AsinBackward0"),
        ("acos", "AcosBackward0"),
        ("atan", "AtanBackward0"),
    ],
)
def test_more_elementwise_functions_node_names_and_integers(name, node):
    x = torch.tensor([0.25, 0.5], requires_grad=True)
    assert type(getattr(x, name)().grad_fn).__name__ == node
    assert getattr(torch, name)(torch.tensor([1, 2])).dtype == torch.float32


def test_asin_outside_its_domain_is_nan_with_a_nan_gradient():
    x = torch.tensor([2.0, float("inf")], requires_grad=True)
    y = x.asin()
    y.sum().backward()
    assert np.isnan(to_np(y)).all() and np.isnan(to_np(x.grad)).all()


@pytest.mark.parametrize(
    "f, node, grad",
    [
        # read off PyTorch 2.13 at x = -1, 0, 1, 3, -3 (hardswish and
        # hardsigmoid have kinks at -3 and 3)
        (F.selu, "EluBackward0", [0.646769, 1.758099, 1.050701, 1.050701, 0.087531]),
        (F.celu, "CeluBackward0", [0.367879, 1.0, 1.0, 1.0, 0.049787]),
        (F.mish, "MishBackward0", [0.059217, 0.6, 1.049036, 1.021107, -0.093393]),
        (F.hardswish, "HardswishBackward0", [0.166667, 0.5, 0.833333, 1.0, 0.0]),
        (F.hardsigmoid, "HardsigmoidBackward0", [1 / 6, 1 / 6, 1 / 6, 0.0, 0.0]),
        (F.softsign, "DivBackward0", [0.25, 1.0, 0.25, 0.0625, 0.0625]),
        (F.tanhshrink, "SubBackward0", [0.580026, 0.0, 0.580026, 0.990134, 0.990134]),
    ],
)
def test_still_more_activations_at_their_kinks(f, node, grad):
    name, _, g = _grad_of(f, [-1.0, 0.0, 1.0, 3.0, -3.0])
    assert name == node
    np.testing.assert_allclose(g, grad, rtol=1e-5, atol=1e-6)


def test_cosine_similarity_and_kl_div():
    a = torch.tensor([[1.0, 2.0], [3.0, 4.0], [0.0, 0.0]])
    b = torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    np.testing.assert_allclose(
        to_np(F.cosine_similarity(a, b)), [1 / np.sqrt(5), 0.8, 0.0], rtol=1e-6
    )
    log_p = torch.tensor([[-1.0, -2.0], [-0.5, -1.0]])
    target = torch.tensor([[0.3, 0.7], [0.0, 1.0]])
    want = (0.3 * (np.log(0.3) + 1) + 0.7 * (np.log(0.7) + 2) + 1.0) / 2
    loss = torch.nn.KLDivLoss(reduction="batchmean")(log_p, target)
    np.testing.assert_allclose(to_np(loss), want, rtol=1e-6)
    with pytest.warns(UserWarning, match="batchmean"):
        F.kl_div(log_p, target)


def test_atan2_logaddexp_roll_and_stacking():
    a = torch.tensor([1.0, -1.0, 0.0], requires_grad=True)
    b = torch.tensor([[1.0], [0.0]], requires_grad=True)
    y = torch.atan2(a, b)
    assert type(y.grad_fn).__name__ == "Atan2Backward0"
    y.sum().backward()  # at the origin (0, 0) the gradient is 0, as PyTorch's
    np.testing.assert_allclose(to_np(a.grad), [0.5, 0.5, 1.0])
    np.testing.assert_allclose(to_np(b.grad), [[0.0], [0.0]], atol=1e-7)
    big = torch.logaddexp(torch.tensor([1000.0]), torch.tensor([1000.0]))
    np.testing.assert_allclose(to_np(big), [1000 + np.log(2)])
    x = torch.arange(6.0).reshape(2, 3)
    assert to_np(x.roll(1, 1)).tolist() == [[2.0, 0.0, 1.0], [5.0, 3.0, 4.0]]
    assert to_np(x.roll(1)).tolist() == [[5.0, 0.0, 1.0], [2.0, 3.0, 4.0]]
    assert tuple(torch.vstack([torch.ones(2), torch.zeros(2)]).shape) == (2, 2)
    assert to_np(
        torch.logical_xor(torch.tensor([1, 0]), torch.tensor([1, 1]))
    ).tolist() == [
        False,
        True,
    ]
