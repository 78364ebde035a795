"""Cases where minigrad and PyTorch 2.13 disagreed on random programs run in
both (a differential run of several thousand programs), each now PyTorch's.

Every test here also runs under MINIGRAD_TEST_BACKEND=torch: the expected
values are PyTorch's own.
"""

import numpy as np
import pytest
from mg_testutil import assert_close, to_np, torch

# ------------------------------------------- a gradient keeps its input's dtype


@pytest.mark.parametrize(
    "other",
    [
        lambda: torch.tensor([1, 2]),  # int64: numpy makes float32 * int64 float64
        lambda: torch.tensor(2.0, dtype=torch.float64),  # 0-d: does not promote
        lambda: torch.tensor([True, False]),
    ],
    ids=["int64", "0-d float64", "bool"],
)
@pytest.mark.parametrize("op", ["mul", "div", "rmul", "where"])
def test_a_gradient_keeps_its_inputs_dtype_beside_an_operand_of_another(op, other):
    x = torch.tensor([1.5, -2.0], requires_grad=True)
    y = x * 1
    seen = []
    y.register_hook(lambda g: seen.append(g.dtype))
    b = other()
    if op == "mul":
        z = y * b
    elif op == "div":
        z = y / (b + 1)
    elif op == "rmul":
        z = b * y
    else:
        z = torch.where(torch.tensor([True, False]), y, b)
    assert z.dtype == torch.float32
    z.sum().backward()
    assert seen == [torch.float32]
    assert x.grad.dtype == torch.float32


def test_a_batched_matmul_backward_beside_an_int_operand():
    # The float64 gradient numpy gave reached the matmul's backward, which
    # refused to multiply float32 by float64.
    x = torch.tensor(np.ones((2, 1, 3), np.float32))
    w = torch.tensor(np.ones((2, 3, 2), np.float32), requires_grad=True)
    ((x @ w) * torch.tensor([1, 2])).sum().backward()
    assert w.grad.dtype == torch.float32
    assert w.grad.sum().item() == 18.0


# ------------------------------------------------- retain_grad keeps a copy


def test_retain_grad_adds_out_of_place_so_an_earlier_grad_stays():
    x = torch.tensor([0.5, -2.0, 1.0], requires_grad=True)
    y = x * 2
    y.retain_grad()
    y.sum().backward(retain_graph=True)
    first = y.grad
    y.sum().backward()
    assert first is not y.grad
    assert_close(to_np(first), [1.0, 1.0, 1.0])
    assert_close(to_np(y.grad), [2.0, 2.0, 2.0])


def test_retain_grad_copies_the_first_gradient():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x * 1
    y.retain_grad()
    z = y * 1
    seen = []
    z.register_hook(lambda g: seen.append(g))
    z.sum().backward()
    y.grad.add_(5)  # a student's in-place change touches nothing else
    assert_close(to_np(seen[0]), [1.0, 1.0])
    assert_close(to_np(x.grad), [1.0, 1.0])


def test_retain_grad_under_create_graph_records_a_clone_then_a_sum():
    x = torch.tensor([0.5, -2.0, 1.0], requires_grad=True)
    y = x**2
    y.retain_grad()
    z = y * y
    z.sum().backward(create_graph=True)
    assert type(y.grad.grad_fn).__name__ == "CloneBackward0"
    z.sum().backward(create_graph=True)
    assert_close(to_np(y.grad), [1.0, 16.0, 4.0])


def test_retain_grad_then_create_graph_then_an_ordinary_backward():
    # An expanded (read-only) gradient kept as .grad was then added to in place.
    x = torch.tensor([0.5, -2.0, 1.0], requires_grad=True)
    y = x.relu()
    y.retain_grad()
    y.sum().backward(create_graph=True)
    g = x.grad
    x.grad = None
    (g * 2).sum().backward()
    assert_close(to_np(x.grad), [0.0, 0.0, 0.0])
    assert_close(to_np(y.grad), [1.0, 1.0, 1.0])


def test_grad_with_create_graph_then_grad_again_through_a_retained_tensor():
    x = torch.tensor([0.5, 2.0], requires_grad=True)
    y = x**3
    y.retain_grad()
    (g,) = torch.autograd.grad(y.sum(), x, create_graph=True)
    (h,) = torch.autograd.grad(g.sum(), x)
    assert_close(to_np(h), 6 * np.array([0.5, 2.0]))


# ------------------------------------------- integer tensors where floats are needed


@pytest.mark.parametrize(
    "values", [[1, -2, 4], [True, False, True]], ids=["int", "bool"]
)
def test_sigmoid_of_integers_is_float32(values):
    y = torch.tensor(values).sigmoid()
    assert y.dtype == torch.float32
    expected = 1 / (1 + np.exp(-np.array(values, dtype=np.float64)))
    assert_close(to_np(y), expected, atol=1e-6)
    assert torch.nn.functional.sigmoid(torch.tensor(values)).dtype == torch.float32


@pytest.mark.parametrize("name", ["var", "std", "norm"])
@pytest.mark.parametrize(
    "values", [[1, 2, 4], [True, False, True]], ids=["int", "bool"]
)
def test_statistics_of_integers_are_refused_not_rounded(name, values):
    # numpy gave int64 2 for the variance 2.33 of [1, 2, 4]
    with pytest.raises(RuntimeError, match="floating point"):
        getattr(torch.tensor(values), name)()


def _no_integer_kernel(lib_call):
    with pytest.raises(NotImplementedError, match="not implemented for '(Long|Bool)'"):
        lib_call()


F_CALLS = {
    "softmax": lambda x: x.softmax(0),
    "log_softmax": lambda x: x.log_softmax(0),
    "F.softmax": lambda x: torch.nn.functional.softmax(x, dim=0),
    "leaky_relu": lambda x: torch.nn.functional.leaky_relu(x),
    "logsigmoid": lambda x: torch.nn.functional.logsigmoid(x),
    "mse_loss": lambda x: torch.nn.functional.mse_loss(x, x),
    "cross_entropy": lambda x: torch.nn.functional.cross_entropy(
        x.reshape(1, 3), torch.tensor([0])
    ),
    "nll_loss": lambda x: torch.nn.functional.nll_loss(
        x.reshape(1, 3), torch.tensor([0])
    ),
    "binary_cross_entropy": lambda x: torch.nn.functional.binary_cross_entropy(x, x),
    "bce_with_logits": lambda x: torch.nn.functional.binary_cross_entropy_with_logits(
        x, x
    ),
    "adaptive_avg_pool2d": lambda x: torch.nn.functional.adaptive_avg_pool2d(
        torch.arange(16).reshape(1, 1, 4, 4), 2
    ),
    "BatchNorm1d": lambda x: torch.nn.BatchNorm1d(3)(torch.stack([x, x]).reshape(2, 3)),
}


@pytest.mark.parametrize("name", sorted(F_CALLS))
def test_ops_with_no_integer_kernel_refuse_integers(name):
    # numpy computed them: in float64 (softmax), or rounded back to the
    # integers (batch norm gave zeros), or with -inf (logsigmoid).
    _no_integer_kernel(lambda: F_CALLS[name](torch.tensor([1, 0, 1])))


def test_softmax_of_integers_with_a_dtype_converts_first():
    y = torch.nn.functional.log_softmax(torch.tensor([1, 2]), 0, dtype=torch.float32)
    assert y.dtype == torch.float32
    assert_close(to_np(y), np.log(np.exp([1.0, 2.0]) / np.exp([1.0, 2.0]).sum()))


# ------------------------------------------------ step functions, powers, 1 / x


@pytest.mark.parametrize("name", ["floor", "ceil", "trunc", "round", "sign"])
def test_a_step_function_passes_zeros_even_for_an_inf_gradient(name):
    # grad * 0 gave nan where the incoming gradient was inf (log of 0 below)
    x = torch.tensor([0.3, 1.5], requires_grad=True)
    getattr(x, name)().clamp(min=0).log().sum().backward()
    assert_close(to_np(x.grad), [0.0, 0.0])


def test_a_step_function_under_create_graph_gives_a_constant_zero():
    x = torch.tensor([0.3, 1.5], requires_grad=True)
    (g,) = torch.autograd.grad(x.floor().sum(), x, create_graph=True)
    assert g.grad_fn is None and not g.requires_grad
    assert_close(to_np(g), [0.0, 0.0])


def test_the_gradient_along_a_tensor_exponent_is_nan_for_a_negative_base():
    x = torch.tensor([0.0, -2.0, 2.0, -1.0], requires_grad=True)
    (x**x).sum().backward()
    got = to_np(x.grad)
    assert got[0] == 0.0 and np.isnan(got[1]) and np.isnan(got[3])
    assert_close(got[2], 4 + 4 * np.log(2), atol=1e-5)


def test_the_gradient_along_a_tensor_exponent_at_base_zero():
    x = torch.tensor([0.0, 0.0, 2.0], requires_grad=True)
    e = torch.tensor([-0.5, 0.0, 1.5], requires_grad=True)
    (x**e).sum().backward()
    assert to_np(e.grad)[0] == -np.inf and to_np(e.grad)[1] == 0.0
    assert to_np(x.grad)[0] == -np.inf and to_np(x.grad)[1] == 0.0


def test_a_number_over_a_tensor_is_its_reciprocal_times_the_number():
    x = torch.tensor([0.3, 0.7, 1.9], requires_grad=True)
    y = 3.0 / x
    assert type(y.grad_fn).__name__ == "MulBackward0"
    assert type(y.grad_fn.next_functions[0][0]).__name__ == "ReciprocalBackward0"
    expected = (np.float32(1) / np.array([0.3, 0.7, 1.9], np.float32)) * np.float32(3)
    assert to_np(y).tobytes() == expected.astype(np.float32).tobytes()


@pytest.mark.parametrize("make", ["1 / h", "h.reciprocal()", "h.rsqrt()"])
def test_changing_the_input_of_a_reciprocal_in_place_is_allowed(make):
    # they save their result, not their input: backward does not need h
    x = torch.tensor([0.5, 2.0, 3.0], requires_grad=True)
    h = x * 1
    y = eval(make)
    h.add_(1)
    y.sum().backward()
    if make == "h.rsqrt()":
        expected = -0.5 * np.array([0.5, 2.0, 3.0]) ** -1.5
    else:
        expected = -1 / np.array([0.5, 2.0, 3.0]) ** 2
    assert_close(to_np(x.grad), expected, atol=1e-5)


# ------------------------------------------------------------- losses and modules


@pytest.mark.parametrize(
    "options",
    [{}, {"label_smoothing": 0.1}, {"weight": [1.0, 2.0, 3.0]}],
    ids=["plain", "label_smoothing", "weight"],
)
def test_a_mean_loss_with_every_target_ignored_has_a_zero_gradient(options):
    if "weight" in options:
        options = {"weight": torch.tensor(options["weight"])}
    x = torch.zeros(2, 3, requires_grad=True)
    loss = torch.nn.functional.cross_entropy(x, torch.tensor([-100, -100]), **options)
    assert np.isnan(loss.item())  # 0 / 0, as PyTorch
    loss.backward()
    assert_close(to_np(x.grad), np.zeros((2, 3)))


def test_named_parameters_without_removing_duplicates_walks_a_shared_layer_twice():
    shared = torch.nn.Linear(1, 1)
    net = torch.nn.Sequential(shared, shared)
    names = [n for n, _ in net.named_parameters(remove_duplicate=False)]
    assert names == ["0.weight", "0.bias", "1.weight", "1.bias"]
    assert [n for n, _ in net.named_parameters()] == ["0.weight", "0.bias"]
    assert len(list(net.parameters())) == 2


def test_batch_norm_refuses_an_input_of_another_dtype_than_its_parameters():
    layer = torch.nn.BatchNorm1d(2)
    x = torch.tensor([[1.0, 2.0], [3.0, 5.0]], dtype=torch.float64)
    with pytest.raises(RuntimeError, match="mixed dtype"):
        layer(x)
    with pytest.raises(RuntimeError, match="mixed dtype"):
        layer.double()(x.float())


def test_cross_entropy_refuses_ignore_index_with_probability_targets():
    loss = torch.nn.CrossEntropyLoss(ignore_index=0)
    with pytest.raises(RuntimeError, match="ignore_index is not supported"):
        loss(torch.zeros(1, 2), torch.tensor([[0.5, 0.5]]))


def test_cross_entropy_refuses_a_weight_of_another_dtype():
    x = torch.zeros(2, 3, dtype=torch.float64)
    with pytest.raises(RuntimeError, match="expected scalar type Double but found"):
        torch.nn.functional.cross_entropy(x, torch.tensor([0, 1]), weight=torch.ones(3))


def test_cross_entropy_takes_uint8_class_indices():
    loss = torch.nn.functional.cross_entropy(
        torch.zeros(2, 3), torch.tensor([0, 1], dtype=torch.uint8)
    )
    assert_close(loss.item(), np.log(3.0), atol=1e-6)


@pytest.mark.parametrize(
    "input_shape, target",
    [((2, 3), [[0], [1]]), ((2, 5, 3), [[0] * 5, [1] * 5])],
    ids=["(N, 1) target", "(N, L) target for (N, L, C) input"],
)
def test_a_class_target_of_the_wrong_shape_raises_pytorchs_runtime_error(
    input_shape, target
):
    with pytest.raises(RuntimeError):
        torch.nn.functional.cross_entropy(
            torch.zeros(*input_shape), torch.tensor(target)
        )


# ----------------------------------------- what PyTorch refuses, and error types


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda x, b: x - True, "with a bool tensor"),
        (lambda x, b: True - x, "with a bool tensor"),
        (lambda x, b: x.sub(True), "with a bool tensor"),
        (lambda x, b: x - b, "with a bool tensor"),
        (lambda x, b: b - b, "with two bool tensors"),
        (lambda x, b: b - True, "with two bool tensors"),
    ],
    ids=[
        "x - True",
        "True - x",
        "x.sub(True)",
        "x - mask",
        "mask - mask",
        "mask - True",
    ],
)
def test_subtracting_a_bool_is_refused(call, match):
    x, b = torch.tensor([1.0, 2.0]), torch.tensor([True, False])
    with pytest.raises(RuntimeError, match=match):
        call(x, b)


@pytest.mark.parametrize("method", ["view", "reshape", "permute"])
def test_a_shape_method_without_arguments_is_a_type_error(method):
    with pytest.raises(TypeError):
        getattr(torch.tensor([1.0, 2.0]), method)()


@pytest.mark.parametrize("method", ["add", "sub"])
def test_a_float_alpha_for_integer_tensors_is_refused(method):
    i = torch.tensor([1, 2])
    with pytest.raises(RuntimeError, match="alpha must not be a floating point"):
        getattr(i, method)(i, alpha=-0.5)
    assert getattr(i, method)(i, alpha=2).tolist() == (
        [3, 6] if method == "add" else [-1, -2]
    )


@pytest.mark.parametrize("value", [float("-inf"), float("nan"), 1e30])
def test_masked_fill_of_integers_with_a_value_they_cannot_hold(value):
    i = torch.tensor([1, 2])
    with pytest.raises(RuntimeError, match="without overflow"):
        i.masked_fill(torch.tensor([True, False]), value)
    assert i.masked_fill(torch.tensor([True, False]), 0.5).tolist() == [0, 2]


def test_copy_from_a_source_that_broadcasts_beyond_the_tensor():
    a = torch.zeros(4)
    with pytest.raises(RuntimeError, match="doesn't match the broadcast shape"):
        a.copy_(torch.ones(1, 4))
    assert a.tolist() == [0.0, 0.0, 0.0, 0.0]
    assert torch.zeros(2, 3).copy_(torch.ones(3)).sum().item() == 6.0


def test_squeeze_with_a_dim_given_twice():
    with pytest.raises(RuntimeError, match="multiple times"):
        torch.zeros(1, 2).squeeze((0, 0))


def test_roll_of_a_0d_tensor_along_a_dim_is_an_index_error():
    with pytest.raises(IndexError):
        torch.tensor(1.0).roll(1, 0)
    assert torch.tensor(1.0).roll(1).item() == 1.0


def test_a_masked_assignment_of_the_wrong_shape_is_a_runtime_error():
    a = torch.zeros(2, 2)
    with pytest.raises(RuntimeError):
        a[torch.tensor([[True, False], [False, True]])] = torch.ones(2, 2)


def test_where_of_three_shapes_that_only_broadcast_pairwise():
    with pytest.raises(RuntimeError):
        torch.where(torch.ones(2, 1).bool(), torch.ones(4, 1, 1, 2), torch.ones(4, 2))


# --------------------------------------------------------------- which object


def test_t_of_a_vector_is_a_new_tensor_with_its_node():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x.t()
    assert y is not x and not y.is_leaf
    assert type(y.grad_fn).__name__ == "TBackward0"
    y.retain_grad()
    assert not x.retains_grad
    with torch.no_grad():
        z = x.t()
    assert z.grad_fn is None


def test_flatten_that_merges_nothing_returns_the_tensor_itself():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    assert x.flatten() is x
    m = torch.zeros(2, 3)
    assert m.flatten(1, 1) is m
    assert m.flatten().shape == (6,)


# ----------------------------------------------------------------- node names


@pytest.mark.parametrize(
    "function, name",
    [
        (lambda x: torch.nn.functional.leaky_relu(x, 0.1), "LeakyReluBackward0"),
        (torch.nn.functional.logsigmoid, "LogSigmoidBackward0"),
    ],
    ids=["leaky_relu", "logsigmoid"],
)
def test_an_activation_has_its_own_node_and_pytorchs_derivatives(function, name):
    x = torch.tensor(
        [-50.0, -1.5, 0.0, 2.0, 40.0], dtype=torch.float64, requires_grad=True
    )
    y = function(x)
    assert type(y.grad_fn).__name__ == name
    (g,) = torch.autograd.grad(y.sum(), x, create_graph=True)
    (h,) = torch.autograd.grad(g.sum(), x)
    v = np.array([-50.0, -1.5, 0.0, 2.0, 40.0])
    if name == "LeakyReluBackward0":
        assert_close(to_np(y), np.where(v > 0, v, 0.1 * v))
        assert_close(to_np(g), np.where(v > 0, 1.0, 0.1))
        assert_close(to_np(h), np.zeros(5))
    else:
        s = 1 / (1 + np.exp(-v))
        assert_close(to_np(y), -np.logaddexp(0, -v))
        assert_close(to_np(g), 1 - s)
        assert_close(to_np(h), -s * (1 - s))


# ---------------------------------------------------------- higher derivatives


@pytest.mark.parametrize("p", [1, float("inf")])
def test_a_norms_gradient_can_be_differentiated_again(p):
    # its sign was a constant, so the first derivative did not require grad
    x = torch.tensor([-2.0, 0.5, 3.0], dtype=torch.float64, requires_grad=True)
    (g,) = torch.autograd.grad(x.norm(p=p) * 3, x, create_graph=True)
    assert g.requires_grad
    (h,) = torch.autograd.grad(g.sum(), x)
    assert_close(to_np(h), np.zeros(3))


def test_the_sign_of_nan_is_zero():
    s = torch.tensor([float("nan"), -0.0, 2.0, -3.0]).sign()
    assert s.tolist() == [0.0, 0.0, 1.0, -1.0]


@pytest.mark.parametrize(
    "op",
    [
        lambda y, s: y * s,
        lambda y, s: s * y,
        lambda y, s: y / s,
        lambda y, s: torch.div(s, y),
        lambda y, s: y**s,
        lambda y, s: s - y,
    ],
    ids=["y * s", "s * y", "y / s", "div(s, y)", "y ** s", "s - y"],
)
@pytest.mark.parametrize("scalar", [np.float64(2.0), np.float32(2.0), np.int64(2)])
def test_a_numpy_scalar_counts_as_the_number_it_holds(op, scalar):
    # np.mean(...) gives np.float64: numpy made the gradient float64 with it
    x = torch.ones(2, requires_grad=True)
    y = x * 1
    seen = []
    y.register_hook(lambda g: seen.append(g.dtype))
    z = op(y, scalar)
    assert z.dtype == torch.float32
    z.sum().backward()
    assert seen == [torch.float32]


# ------------------------------------------------------ what student programs use


def test_a_custom_function_may_return_none_for_an_argument_left_to_its_default():
    # the "Extending PyTorch" LinearFunction, called without a bias
    class LinearFunction(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x, w, b=None):
            ctx.save_for_backward(x, w)
            return x.mm(w.t())

        @staticmethod
        def backward(ctx, g):
            x, w = ctx.saved_tensors
            return g.mm(w), g.t().mm(x), None

    w = torch.ones(2, 3, requires_grad=True)
    LinearFunction.apply(torch.ones(4, 3), w).sum().backward()
    assert_close(to_np(w.grad), np.full((2, 3), 4.0))


def test_a_custom_function_returning_a_gradient_too_many_is_refused():
    class Twice(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return g * 2, g

    with pytest.raises(RuntimeError, match="incorrect number of gradients"):
        Twice.apply(torch.ones(2, requires_grad=True)).sum().backward()


def test_gradcheck_compares_equal_to_true():
    x = torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(lambda t: (t * t).sum(), (x,)) == True  # noqa: E712


def test_the_legacy_tensor_constructor_makes_float32():
    assert torch.Tensor([1, 2]).dtype == torch.float32
    assert torch.Tensor(np.array([1, 2])).dtype == torch.float32
    assert torch.Tensor(2, 3).shape == (2, 3)
    assert torch.Tensor(2, 3).dtype == torch.float32
    assert torch.Tensor().shape == (0,)


@pytest.mark.parametrize(
    "data, dtype",
    [
        ([np.float64(1.5)], "float64"),
        ([np.ones(2), np.ones(2)], "float64"),
        ([1.5, np.float64(2.0)], "float64"),
        ([np.float32(1.0)], "float32"),
        ([1.5, 2.5], "float32"),
        ([[1.0], [2.0]], "float32"),
    ],
)
def test_numpy_floats_in_a_list_keep_their_dtype(data, dtype):
    assert torch.tensor(data).dtype == getattr(torch, dtype)


def test_a_data_loader_batches_as_pytorchs_default_collate():
    DataLoader = (
        torch.utils.data.DataLoader
        if hasattr(torch, "utils")
        else torch.data.DataLoader
    )
    samples = [(1.5, 2, "a", {"k": 0.5})] * 3
    floats, ints, strings, mapping = next(iter(DataLoader(samples, batch_size=3)))
    assert floats.dtype == torch.float64 and floats.tolist() == [1.5] * 3
    assert ints.dtype == torch.int64
    assert list(strings) == ["a", "a", "a"]
    assert mapping["k"].dtype == torch.float64


def test_negating_a_bool_tensor_is_refused():
    with pytest.raises(RuntimeError, match="Negation"):
        -torch.tensor([True, False])


def test_a_number_format_for_a_tensor_of_several_numbers_is_a_type_error():
    with pytest.raises(TypeError):
        f"{torch.ones(2):.3f}"
    assert f"{torch.tensor(2.0):.3f}" == "2.000"


def test_allclose_needs_one_dtype_and_shapes_that_broadcast():
    with pytest.raises(RuntimeError, match="did not match"):
        torch.allclose(torch.ones(2), torch.ones(2, dtype=torch.float64))
    with pytest.raises(RuntimeError):
        torch.allclose(torch.ones(2), torch.ones(3))
    assert torch.allclose(torch.ones(2), torch.ones(1))


def test_any_and_all_along_a_dim():
    x = torch.tensor([[True, False], [False, False]])
    assert x.any(dim=1).tolist() == [True, False]
    assert torch.any(x, dim=1).tolist() == [True, False]
    assert x.all(0).tolist() == [False, False]
    assert x.any(1, keepdim=True).shape == (2, 1)
    assert bool(torch.all(torch.ones(3))) and not bool(torch.any(torch.zeros(3)))


def test_sort_takes_stable():
    values, indices = torch.tensor([3, 1, 2, 1]).sort(stable=True)
    assert values.tolist() == [1, 1, 2, 3] and indices.tolist() == [1, 3, 2, 0]


# ---------------------------------------------------------------- indexing


def test_an_integer_beside_a_list_index_selects_first_as_in_pytorch():
    # numpy moves the list's dimension to the front here: a transposed result
    x = torch.arange(12.0).reshape(2, 2, 3).requires_grad_()
    y = x[0, :, [0, 2]]
    assert y.tolist() == [[0.0, 2.0], [3.0, 5.0]]
    (y * torch.tensor([[1.0, 2.0], [3.0, 4.0]])).sum().backward()
    assert x.grad.tolist()[0] == [[1.0, 0.0, 2.0], [3.0, 0.0, 4.0]]
    assert torch.zeros(2, 3, 4, 5)[0, :, :, [1, 2]].shape == (3, 4, 2)
    assert torch.arange(12.0).reshape(2, 2, 3)[torch.tensor(1), :, [0, 2]].tolist() == [
        [6.0, 8.0],
        [9.0, 11.0],
    ]
    mask = torch.tensor([True, False, True])
    assert torch.arange(12.0).reshape(2, 2, 3)[0, :, mask].tolist() == [
        [0.0, 2.0],
        [3.0, 5.0],
    ]


def test_an_assignment_through_an_integer_and_a_list_index():
    z = torch.zeros(2, 2, 3)
    z[0, :, [0, 2]] = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    assert z.tolist()[0] == [[1.0, 0.0, 2.0], [3.0, 0.0, 4.0]]


def test_an_overwritten_element_passes_exactly_zero_back():
    # the mask was multiplied in: inf * 0 = nan
    x = torch.tensor([0.0, 4.0], requires_grad=True)
    y = x * 1
    y[0] = 1.0
    (y - 1).sqrt().sum().backward()
    assert x.grad.tolist()[0] == 0.0
    assert_close(to_np(x.grad)[1], 0.5 / np.sqrt(3.0))


@pytest.mark.parametrize("name", ["var", "std", "norm"])
def test_statistics_over_no_dims_reduce_every_dim(name):
    x = torch.tensor([[1.0, 2.0], [3.0, 5.0]])
    values = np.array([1.0, 2.0, 3.0, 5.0])
    expected = {
        "var": values.var(ddof=1),
        "std": values.std(ddof=1),
        "norm": np.sqrt((values**2).sum()),
    }[name]
    assert_close(getattr(x, name)(dim=()).item(), expected, atol=1e-5)
    assert_close(getattr(x, name)(dim=[]).item(), expected, atol=1e-5)


def test_the_transpose_of_a_0d_result_passes_its_gradient():
    x = torch.tensor(2.0, requires_grad=True)
    (x * 2).T.backward()
    assert x.grad.item() == 2.0


def test_the_div_method_takes_a_rounding_mode():
    x = torch.tensor([7.0, -7.0])
    assert x.div(2, rounding_mode="floor").tolist() == [3.0, -4.0]
    assert x.div(2, rounding_mode="trunc").tolist() == [3.0, -3.0]


def test_clamp_with_a_tensor_bound_that_broadcasts_the_output():
    x = torch.tensor([0.0, 1.0, 2.0], requires_grad=True)
    x.clamp(min=torch.tensor([[0.5], [1.5]])).sum().backward()
    assert x.grad.tolist() == [0.0, 1.0, 2.0]


def test_a_hook_handle_removes_its_hook_at_the_end_of_a_with_block():
    x = torch.ones(2, requires_grad=True)
    with x.register_hook(lambda g: g * 10):
        (x * 1).sum().backward()
    (x * 1).sum().backward()
    assert x.grad.tolist() == [11.0, 11.0]


def test_requires_grad_of_a_non_leaf_can_not_be_set_but_requires_grad_is_allowed():
    y = torch.ones(2, requires_grad=True) * 2
    with pytest.raises(RuntimeError, match="leaf variables"):
        y.requires_grad = True
    assert y.requires_grad_() is y


def test_view_of_a_tensor_whose_strides_allow_it():
    # only contiguous tensors were viewed; PyTorch asks for compatible strides
    assert torch.ones(3, 4)[:, 0].view(-1).tolist() == [1.0, 1.0, 1.0]
    x = torch.arange(12.0).reshape(3, 4).requires_grad_()
    y = x.t().view(2, 2, 3)
    assert y.tolist()[0] == [[0.0, 4.0, 8.0], [1.0, 5.0, 9.0]]
    (y * torch.arange(12.0).reshape(2, 2, 3)).sum().backward()
    assert x.grad.tolist()[0] == [0.0, 3.0, 6.0, 9.0]
    with pytest.raises(RuntimeError, match="view size is not compatible"):
        torch.arange(12.0).reshape(3, 4)[:, :2].view(-1)
    with pytest.raises(RuntimeError, match="view size is not compatible"):
        torch.arange(6.0).reshape(2, 3).t().view(-1)


@pytest.mark.parametrize(
    "name", ["mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss"]
)
def test_a_loss_of_one_prediction_against_a_0d_target_warns_and_is_right(name):
    # one sample at a time: output (1,), target 0-d; PyTorch warns, the loss is right
    x = torch.tensor([2.0], requires_grad=True)
    with pytest.warns(UserWarning, match="different to the input size"):
        loss = getattr(torch.nn.functional, name)(x, torch.tensor(1.0))
    loss.backward()
    assert loss.shape == ()
    assert x.grad.shape == (1,)


def test_an_index_put_of_another_dtype_is_refused_where_pytorch_refuses_it():
    x = torch.zeros(3)
    with pytest.raises(RuntimeError, match="dtypes match"):
        x[[0, 1]] = torch.tensor([1, 2])
    assert x.tolist() == [0.0, 0.0, 0.0]
    x[0:2] = torch.tensor([1, 2])  # basic indexing converts
    x[torch.tensor([False, False, True])] = torch.tensor(7)  # a mask and one value
    x[[0]] = 5  # a Python number
    assert x.tolist() == [5.0, 2.0, 7.0]


def test_logsumexp_needs_dim_and_logaddexp_floats():
    with pytest.raises(TypeError):
        torch.tensor([[1.0, 2.0]]).logsumexp(dim=None)
    with pytest.raises(NotImplementedError):
        torch.logaddexp(torch.tensor([1]), torch.tensor([2]))
    assert (
        torch.logaddexp(torch.tensor([1.0]), torch.tensor([2])).dtype == torch.float32
    )
