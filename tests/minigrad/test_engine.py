"""The backward engine and the autograd API around it.

Reused nodes and diamonds, a 100,000-op chain, higher derivatives, the step
generator behind the BackwardStepper, hooks, retain_grad, autograd.grad /
autograd.backward options, custom Functions, gradcheck / gradgradcheck,
autograd.functional, anomaly detection and the graph API for the widgets.
"""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from mg_testutil import (
    IS_TORCH,
    PREFIX,
    assert_close,
    hyp,
    minigrad_only,
    numerical_jacobian,
    numerical_vjp,
    to_np,
    torch,
)

F64 = torch.float64


def leaf(values, dtype=F64):
    return torch.tensor(
        np.asarray(values, dtype=np.float64), dtype=dtype, requires_grad=True
    )


# ---------------------------------------------------------------- engine basics


def test_reused_node_sums_its_gradients():
    a = torch.tensor(1.0, requires_grad=True)
    b = a + a
    c = b + b
    c.backward()
    assert a.grad.item() == 4.0


def test_same_tensor_twice_in_one_op():
    a = leaf(3.0)
    (a * a).backward()
    assert a.grad.item() == 6.0
    b = leaf([1.0, 2.0])
    (b @ b).backward()
    assert_close(b.grad, [2.0, 4.0])


def test_diamond():
    #     x
    #    / \
    #  y1   y2      y1 = 2x, y2 = x**2
    #    \ /
    #     z         z = y1 * y2 = 2x**3   -> dz/dx = 6x**2
    x = leaf(1.5)
    y1 = x * 2
    y2 = x**2
    z = y1 * y2
    z.backward()
    assert_close(x.grad, 6 * 1.5**2, rtol=1e-12)


def test_wide_diamond_with_shared_intermediate():
    x = leaf([0.5, -1.0, 2.0])
    h = x.tanh()
    out = (h * h + h.exp() + 3 * h).sum()
    out.backward()
    t = np.tanh([0.5, -1.0, 2.0])
    expected = (2 * t + np.exp(t) + 3) * (1 - t**2)
    assert_close(x.grad, expected, rtol=1e-12)


def test_gradients_accumulate_across_backward_calls_and_reset():
    x = leaf([1.0, 2.0])
    (x * 3).sum().backward()
    (x * 4).sum().backward()
    assert_close(x.grad, [7.0, 7.0])
    x.grad = None
    (x * 5).sum().backward()
    assert_close(x.grad, [5.0, 5.0])
    x.grad.zero_()
    assert_close(x.grad, [0.0, 0.0])
    (x * 2).sum().backward()
    assert_close(x.grad, [2.0, 2.0])


def test_grad_is_not_aliased_to_the_incoming_gradient():
    x = leaf([1.0, 2.0])
    g = torch.tensor([1.0, 1.0], dtype=F64)
    (x * 1).backward(g)
    x.grad.mul_(10)
    assert_close(g, [1.0, 1.0])  # changing .grad in place did not change g


def test_shape_1_output_backward_without_argument():
    x = leaf([2.0])
    y = x * 3
    assert tuple(y.shape) == (1,)
    y.backward()
    assert_close(x.grad, [3.0])


def test_only_leaves_get_grad_and_intermediates_are_not_leaves():
    x = leaf([1.0, 2.0])
    y = x * 2
    y.sum().backward()
    assert x.is_leaf and not y.is_leaf
    assert torch.tensor([1.0]).is_leaf  # no grad needed: a leaf too


def test_inputs_argument_limits_accumulation():
    x = leaf([1.0, 2.0])
    w = leaf([3.0, 4.0])
    (x * w).sum().backward(inputs=[x])
    assert_close(x.grad, [3.0, 4.0])
    assert w.grad is None


def test_100000_op_chain_backward_and_grad_without_recursion_error():
    x = leaf(1.0)
    y = x
    for _ in range(50_000):
        y = y * 1.000001
        y = y + 0.5
    y.backward(retain_graph=True)
    assert_close(x.grad, 1.000001**50_000, rtol=1e-9)
    (g,) = torch.autograd.grad(y, x)
    assert_close(g, 1.000001**50_000, rtol=1e-9)
    if not IS_TORCH:
        graph = torch.autograd.graph.walk(y)
        assert len(graph.nodes) == 100_001  # 100,000 ops + AccumulateGrad
    del y  # freeing a 100,000-node graph must not overflow either


# ---------------------------------------------------------------- random graphs

# Random programs over a pool of values: every op may reuse any earlier value,
# so the graphs have fan-out, diamonds, broadcasting and dead branches.
UNARY = {
    "tanh": lambda a: a.tanh(),
    "sin": lambda a: a.sin(),
    "sigmoid": lambda a: a.sigmoid(),
    "neg": lambda a: -a,
    "half": lambda a: a * 0.5,
    "square_tanh": lambda a: a.tanh() ** 2,
    "sum_last": lambda a: a.sum(-1, keepdim=True) if a.dim() else a,
    "mean": lambda a: a.mean(),
}
BINARY = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / (1 + b * b),
}
POOL_SHAPES = [(), (3,), (2, 1), (2, 3)]  # all broadcast together


@st.composite
def programs(draw):
    n_inputs = draw(st.integers(1, 3))
    shapes = [draw(st.sampled_from(POOL_SHAPES)) for _ in range(n_inputs)]
    steps = []
    for i in range(draw(st.integers(1, 12))):
        pool = n_inputs + i
        if draw(st.booleans()):
            steps.append(
                (
                    draw(st.sampled_from(sorted(UNARY))),
                    draw(st.integers(0, pool - 1)),
                    None,
                )
            )
        else:
            steps.append(
                (
                    draw(st.sampled_from(sorted(BINARY))),
                    draw(st.integers(0, pool - 1)),
                    draw(st.integers(0, pool - 1)),
                )
            )
    outputs = draw(
        st.lists(st.integers(0, n_inputs + len(steps) - 1), min_size=1, max_size=3)
    )
    return shapes, steps, outputs, draw(st.integers(0, 2**32 - 1))


def _run_program(inputs, steps, outputs):
    pool = list(inputs)
    for name, i, j in steps:
        if j is None:
            pool.append(UNARY[name](pool[i]))
        else:
            pool.append(BINARY[name](pool[i], pool[j]))
    total = pool[outputs[0]].sum()
    for k, o in enumerate(outputs[1:]):
        total = total + (pool[o] * (k + 2)).sum()
    return total


@hyp(40)
@given(program=programs())
def test_random_graphs_match_central_differences(program):
    shapes, steps, outputs, seed = program
    rng = np.random.default_rng(seed)
    arrays = [rng.uniform(-1.5, 1.5, size=s) for s in shapes]
    leaves = [torch.tensor(np.asarray(a), requires_grad=True) for a in arrays]
    out = _run_program(leaves, steps, outputs)
    if not out.requires_grad:
        return  # the outputs are constants (no path to any input)

    def f(*arrs):
        with torch.no_grad():
            return to_np(
                _run_program(
                    [torch.tensor(np.asarray(a)) for a in arrs], steps, outputs
                )
            )

    numeric = numerical_vjp(f, arrays, np.array(1.0))
    grads = torch.autograd.grad(out, leaves, retain_graph=True, allow_unused=True)
    out.backward()
    for leaf_t, g, num in zip(leaves, grads, numeric):
        if g is None:  # unused input: no gradient at all, and a zero derivative
            assert leaf_t.grad is None
            assert_close(num, np.zeros_like(num))
            continue
        assert_close(g, num, rtol=1e-5, atol=1e-7)
        assert_close(leaf_t.grad, g, rtol=0, atol=0)


# ---------------------------------------------------------------- higher order


def test_third_derivative_of_cube():
    x = leaf(2.0)
    y = x**3
    (d1,) = torch.autograd.grad(y, x, create_graph=True)
    (d2,) = torch.autograd.grad(d1, x, create_graph=True)
    (d3,) = torch.autograd.grad(d2, x)
    assert_close(d1, 12.0)
    assert_close(d2, 12.0)
    assert_close(d3, 6.0)


@pytest.mark.parametrize(
    "f, derivs",
    [
        (lambda x: x.sin(), [math.cos, lambda v: -math.sin(v), lambda v: -math.cos(v)]),
        (lambda x: x.exp(), [math.exp, math.exp, math.exp]),
        (lambda x: x.log(), [lambda v: 1 / v, lambda v: -1 / v**2, lambda v: 2 / v**3]),
        (
            lambda x: x.tanh(),
            [
                lambda v: 1 - math.tanh(v) ** 2,
                lambda v: -2 * math.tanh(v) * (1 - math.tanh(v) ** 2),
                lambda v: (1 - math.tanh(v) ** 2) * (6 * math.tanh(v) ** 2 - 2),
            ],
        ),
        (
            lambda x: 1 / x,
            [lambda v: -1 / v**2, lambda v: 2 / v**3, lambda v: -6 / v**4],
        ),
        (
            lambda x: x.sqrt(),
            [
                lambda v: 0.5 * v**-0.5,
                lambda v: -0.25 * v**-1.5,
                lambda v: 0.375 * v**-2.5,
            ],
        ),
        (lambda x: x.sigmoid(), None),
    ],
    ids=["sin", "exp", "log", "tanh", "reciprocal", "sqrt", "sigmoid"],
)
def test_third_derivatives(f, derivs):
    v = 0.7
    x = leaf(v)
    d = f(x)
    got = []
    for _ in range(3):
        (d,) = torch.autograd.grad(d, x, create_graph=True)
        got.append(d.item())
    if derivs is None:  # sigmoid: s' = s(1-s), s'' = s'(1-2s), s''' = s''(1-2s)-2s'^2
        s = 1 / (1 + math.exp(-v))
        d1 = s * (1 - s)
        d2 = d1 * (1 - 2 * s)
        derivs_v = [d1, d2, d2 * (1 - 2 * s) - 2 * d1 * d1]
    else:
        derivs_v = [fn(v) for fn in derivs]
    assert_close(got, derivs_v, rtol=1e-10)


def test_mixed_second_derivative():
    x = leaf(1.5)
    y = leaf(-2.0)
    f = x**2 * y**3
    (fx,) = torch.autograd.grad(f, x, create_graph=True)  # 2 x y^3
    (fxy,) = torch.autograd.grad(fx, y)  # 6 x y^2
    assert_close(fx, 2 * 1.5 * (-8.0))
    assert_close(fxy, 6 * 1.5 * 4.0)


def test_backward_with_create_graph_makes_a_differentiable_grad():
    x = leaf(2.0)
    y = x**3
    y.backward(create_graph=True)
    g = x.grad
    assert g.requires_grad
    assert g.grad_fn is not None
    assert_close(g, 12.0)
    x.grad = None
    g.backward()
    assert_close(x.grad, 12.0)  # d(3x^2)/dx = 6x = 12


def test_gradient_penalty_graph_is_differentiated():
    w = leaf([1.0, -2.0])
    x = leaf([3.0, 0.5])
    loss = (w * x).sum() + (w**2).sum()
    (gw,) = torch.autograd.grad(loss, w, create_graph=True)  # x + 2w
    assert gw.requires_grad
    penalty = (gw**2).sum()
    penalty.backward()
    gwv = np.array([3.0 + 2.0, 0.5 - 4.0])
    assert_close(w.grad, 4 * gwv)  # d/dw sum((x+2w)^2) = 4 (x+2w)
    assert_close(x.grad, 2 * gwv)  # d/dx sum((x+2w)^2) = 2 (x+2w)


def test_hessian_vector_product_of_a_tiny_network_matches_numerics():
    rng = np.random.default_rng(0)
    W1 = rng.normal(size=(3, 4))
    W2 = rng.normal(size=(4,))
    X = rng.normal(size=(5, 3))
    v = rng.normal(size=(3, 4))

    def loss_of(W):
        h = (torch.tensor(X) @ W).tanh()
        return ((h @ torch.tensor(W2)) ** 2).mean()

    W = leaf(W1)
    (g,) = torch.autograd.grad(loss_of(W), W, create_graph=True)
    (hv,) = torch.autograd.grad((g * torch.tensor(v)).sum(), W)

    def grad_dot_v(Wa):
        Wt = torch.tensor(Wa, requires_grad=True)
        (gg,) = torch.autograd.grad(loss_of(Wt), Wt)
        return np.sum(to_np(gg) * v)

    (num,) = numerical_jacobian(grad_dot_v, [W1])
    assert_close(hv, num, rtol=1e-5, atol=1e-7)


# ---------------------------------------------------------------- autograd.grad


def test_grad_returns_a_tuple_and_leaves_dot_grad_alone():
    x = leaf([1.0, 2.0])
    w = leaf([3.0, 4.0])
    out = (x * w).sum()
    grads = torch.autograd.grad(out, [x, w])
    assert isinstance(grads, tuple) and len(grads) == 2
    assert_close(grads[0], [3.0, 4.0])
    assert_close(grads[1], [1.0, 2.0])
    assert x.grad is None and w.grad is None
    assert not grads[0].requires_grad


def test_grad_with_grad_outputs_for_a_non_scalar_output():
    x = leaf([1.0, 2.0, 3.0])
    y = x**2
    v = torch.tensor([1.0, 0.5, -1.0], dtype=F64)
    (g,) = torch.autograd.grad(y, x, grad_outputs=v)
    assert_close(g, 2 * np.array([1.0, 2.0, 3.0]) * [1.0, 0.5, -1.0])
    y2 = x**2
    (g2,) = torch.autograd.grad([y2], [x], grad_outputs=[v])
    assert_close(g2, g)


def test_grad_of_several_outputs_sums_their_contributions():
    x = leaf(2.0)
    (g,) = torch.autograd.grad([x * 3, x**2], x)
    assert_close(g, 3.0 + 4.0)


def test_grad_with_respect_to_an_intermediate():
    x = leaf([1.0, 2.0])
    h = x * 3
    out = (h**2).sum()
    (gh,) = torch.autograd.grad(out, h)
    assert_close(gh, 2 * np.array([3.0, 6.0]))


def test_grad_allow_unused_returns_none():
    x = leaf(1.0)
    z = leaf(2.0)
    out = x * 3
    gx, gz = torch.autograd.grad(out, [x, z], allow_unused=True)
    assert_close(gx, 3.0)
    assert gz is None


def test_grad_retain_graph():
    x = leaf(2.0)
    y = x.exp() * x
    (g1,) = torch.autograd.grad(y, x, retain_graph=True)
    (g2,) = torch.autograd.grad(y, x)
    assert_close(g1, g2)
    assert_close(g1, math.exp(2.0) * 3.0)
    with pytest.raises(RuntimeError, match="backward through the graph a second time"):
        torch.autograd.grad(y, x)


def test_autograd_backward_with_grad_tensors():
    x = leaf([1.0, 2.0])
    y1 = x * 2
    y2 = x**2
    torch.autograd.backward(
        [y1, y2],
        [torch.tensor([1.0, 1.0], dtype=F64), torch.tensor([0.5, 2.0], dtype=F64)],
    )
    assert_close(x.grad, [2.0 + 0.5 * 2.0, 2.0 + 2.0 * 4.0])
    z = leaf(3.0)
    torch.autograd.backward(z * z)
    assert_close(z.grad, 6.0)


# ---------------------------------------------------------------- hooks


def test_hook_on_intermediate_can_replace_the_gradient():
    x = leaf([1.0, 2.0])
    y = x * 3
    seen = []

    def double(g):
        seen.append(to_np(g))
        return g * 2

    y.register_hook(double)
    y.sum().backward()
    assert_close(x.grad, [6.0, 6.0])
    assert len(seen) == 1
    assert_close(seen[0], [1.0, 1.0])


def test_hook_returning_none_keeps_the_gradient():
    x = leaf([1.0, 2.0])
    y = x * 3
    calls = []
    y.register_hook(lambda g: calls.append(1))
    y.sum().backward()
    assert calls == [1]
    assert_close(x.grad, [3.0, 3.0])


def test_removed_hook_does_not_run():
    x = leaf([1.0, 2.0])
    y = x * 3
    handle = y.register_hook(lambda g: g * 100)
    handle.remove()
    y.sum().backward()
    assert_close(x.grad, [3.0, 3.0])


def test_hooks_run_in_registration_order():
    x = leaf(1.0)
    y = x * 1
    y.register_hook(lambda g: g + 1)
    y.register_hook(lambda g: g * 10)
    y.backward()
    assert_close(x.grad, 20.0)  # (1 + 1) * 10


def test_hook_sees_the_summed_gradient_once():
    x = leaf(1.0)
    y = x * 1
    seen = []
    y.register_hook(lambda g: seen.append(g.item()))
    (y * 2 + y * 3).backward()
    assert seen == [5.0]


def test_hook_on_leaf_changes_what_is_accumulated():
    x = leaf([1.0, 2.0])
    handle = x.register_hook(lambda g: g * 10)
    (x * 2).sum().backward()
    assert_close(x.grad, [20.0, 20.0])
    handle.remove()
    (x * 2).sum().backward()
    assert_close(x.grad, [22.0, 22.0])


def test_hook_on_tensor_without_grad_raises():
    t = torch.tensor([1.0])
    with pytest.raises(
        RuntimeError, match="cannot register a hook on a tensor that doesn't require"
    ):
        t.register_hook(lambda g: g)


def test_retain_grad_keeps_intermediate_grad():
    x = leaf([1.0, 2.0])
    y = x * 2
    y.retain_grad()
    assert y.retains_grad
    (y * y).sum().backward()
    assert_close(y.grad, [4.0, 8.0])
    assert_close(x.grad, [8.0, 16.0])


def test_retain_grad_sees_hooked_gradient_and_accumulates():
    x = leaf([1.0, 2.0])
    y = x * 2
    y.retain_grad()
    y.register_hook(lambda g: g * 2)
    z = (y * 1).sum()
    z.backward(retain_graph=True)
    assert_close(y.grad, [2.0, 2.0])  # PyTorch 2: retain_grad runs after hooks
    assert_close(x.grad, [4.0, 4.0])
    z.backward()
    assert_close(y.grad, [4.0, 4.0])


def test_retain_grad_on_leaf_is_harmless():
    x = leaf([1.0])
    x.retain_grad()
    (x * 2).sum().backward()
    assert_close(x.grad, [2.0])


# ---------------------------------------------------------------- custom Function


class MyExp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        y = x.exp()
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors
        return grad * y


class ScaledMul(torch.autograd.Function):
    seen_needs = []

    @staticmethod
    def forward(ctx, a, b, k):
        ScaledMul.seen_needs.append(tuple(ctx.needs_input_grad))
        ctx.save_for_backward(a, b)
        ctx.k = k
        return a * b * k

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        ga = grad * b * ctx.k if ctx.needs_input_grad[0] else None
        gb = grad * a * ctx.k if ctx.needs_input_grad[1] else None
        return ga, gb, None


class MaxWithIndex(torch.autograd.Function):
    seen_index_grads = []

    @staticmethod
    def forward(ctx, x):
        i = int(np.argmax(to_np(x)))
        idx = torch.tensor([i])
        ctx.mark_non_differentiable(idx)
        ctx.i = i
        ctx.n = x.shape[0]
        return x[i] * 1, idx

    @staticmethod
    def backward(ctx, g_value, g_idx):
        MaxWithIndex.seen_index_grads.append(g_idx)
        mask = np.zeros(ctx.n)
        mask[ctx.i] = 1.0
        return g_value * torch.tensor(mask, dtype=g_value.dtype)


class MyCube(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x**3

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * 3 * x**2


def test_custom_function_forward_backward_and_name():
    x = leaf([0.0, 1.0])
    y = MyExp.apply(x)
    assert type(y.grad_fn).__name__ == "MyExpBackward"
    assert y.requires_grad
    assert_close(y, np.exp([0.0, 1.0]))
    y.sum().backward()
    assert_close(x.grad, np.exp([0.0, 1.0]))


def test_custom_function_forward_is_not_recorded():
    x = leaf([0.5])
    y = MyExp.apply(x)
    # the x.exp() inside forward left no ExpBackward0 behind
    assert type(y.grad_fn).__name__ == "MyExpBackward"
    assert type(y.grad_fn.next_functions[0][0]).__name__ == "AccumulateGrad"


def test_iteration_is_one_unbind_node_with_an_output_per_row():
    x = leaf([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    rows = list(x)
    assert type(rows[0].grad_fn).__name__ == "UnbindBackward0"
    assert rows[0].grad_fn is rows[2].grad_fn
    assert [r.output_nr for r in rows] == [0, 1, 2]
    # rows that get no gradient get zeros; the others their own
    (rows[2] * 3).sum().backward()
    assert_close(x.grad, np.array([[0.0, 0.0], [0.0, 0.0], [3.0, 3.0]]))
    assert x.unbind(0)[1]._version == x._version  # views: one version counter
    assert torch.zeros(0, 2).unbind() == ()
    with pytest.raises(TypeError, match="iteration over a 0-d tensor"):
        iter(torch.tensor(1.0))
    with pytest.raises(IndexError, match="no dimensions"):
        torch.tensor(1.0).unbind()


def test_split_and_chunk_sizes_and_errors_as_pytorch():
    x = leaf([0.0, 1.0, 2.0, 3.0, 4.0])
    assert [p.shape[0] for p in x.split(2)] == [2, 2, 1]
    assert [p.shape[0] for p in x.chunk(2)] == [3, 2]
    assert [p.shape[0] for p in torch.arange(6.0).chunk(4)] == [2, 2, 2]
    pieces = x.split([1, 4])
    assert pieces[0].grad_fn is pieces[1].grad_fn and pieces[1].output_nr == 1
    (pieces[1] * 2).sum().backward()  # the piece without a gradient gets zeros
    assert_close(x.grad, np.array([0.0, 2.0, 2.0, 2.0, 2.0]))
    with pytest.raises(RuntimeError, match=r"sum exactly to 5 .* split_sizes=\[1, 2\]"):
        x.split([1, 2])
    with pytest.raises(RuntimeError, match="chunks` to be greater than 0, got: 0"):
        x.chunk(0)
    with pytest.raises(RuntimeError, match="split_size can only be 0"):
        x.split(0)
    assert [p.shape for p in torch.zeros(0).split(2)] == [(0,)]


def test_gather_sort_topk_details_and_errors_as_pytorch():
    x = leaf([[3.0, 1.0, 2.0], [0.0, 5.0, 4.0]])
    picked = torch.gather(x, 1, torch.tensor([[0, 0], [1, 0]]))
    assert picked.tolist() == [[3.0, 3.0], [5.0, 0.0]]
    picked.sum().backward()  # a position picked twice gets both gradients
    assert x.grad.tolist() == [[2.0, 0.0, 0.0], [1.0, 1.0, 0.0]]
    ordered = x.sort(descending=True)
    assert ordered.indices.tolist() == [[0, 2, 1], [1, 2, 0]]
    assert not ordered.indices.requires_grad
    assert torch.sort(torch.tensor([2, 1, 3])).values.tolist() == [1, 2, 3]
    top = x.topk(1, dim=0, largest=False)
    assert top.values.tolist() == [[0.0, 1.0, 2.0]]
    assert top.indices.tolist() == [[1, 0, 0]]
    with pytest.raises(RuntimeError, match="selected index k out of range"):
        x.topk(4)
    with pytest.raises(RuntimeError, match="index 5 is out of bounds for dimension 1"):
        torch.gather(x, 1, torch.tensor([[5]]))
    with pytest.raises(RuntimeError, match="index -1 is out of bounds"):
        torch.gather(x, 1, torch.tensor([[-1]]))
    with pytest.raises(RuntimeError, match="Expected dtype int32/int64 for index"):
        torch.gather(x, 1, torch.tensor([[0.5]]))
    with pytest.raises(RuntimeError, match="same number of dimensions"):
        torch.gather(x, 1, torch.tensor([0]))


def test_cumsum_and_round_details():
    assert torch.tensor(3.0).cumsum(0).item() == 3.0
    assert torch.arange(5).cumsum(0).dtype == torch.int64
    assert torch.tensor([True, False, True]).cumsum(0).tolist() == [1, 1, 2]
    assert torch.tensor([0.5, 1.5, 2.5]).round().tolist() == [0.0, 2.0, 2.0]
    assert_close(torch.tensor([1.26]).round(decimals=1), np.array([1.3]))
    x = leaf([0.2, 1.7])
    x.round().sum().backward()
    assert x.grad.tolist() == [0.0, 0.0]


def test_as_tensor_shares_memory_where_it_can():
    array = np.array([1.0, 2.0])
    shared = torch.as_tensor(array)
    array[0] = 5.0
    assert shared[0].item() == 5.0 and shared.dtype == torch.float64
    assert torch.as_tensor(array, dtype=torch.float32).dtype == torch.float32
    t = torch.ones(2)
    assert torch.as_tensor(t) is t
    assert torch.as_tensor([1, 2]).dtype == torch.int64
    assert torch.isnan(torch.tensor([float("nan"), 1.0])).tolist() == [True, False]
    assert torch.isfinite(torch.tensor([float("inf"), 1.0])).tolist() == [False, True]


@minigrad_only
def test_custom_function_may_not_hide_the_nodes_own_attributes():
    # ctx is the graph node (as in PyTorch); `ctx.output = ...` would hide the
    # node's output() that the widgets read, so it is refused with a way out.
    class Keep(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.output = x * 2
            return x * 2

        @staticmethod
        def backward(ctx, grad):
            return grad * 2

    x = torch.tensor(1.0, requires_grad=True)
    with pytest.raises(AttributeError, match=r"ctx\.output.*ctx\.output_value"):
        Keep.apply(x)
    assert x.grad is None and x.grad_fn is None
    with torch.no_grad():  # nothing recorded, no node to hide: it runs
        assert Keep.apply(x).item() == 2.0


def test_custom_function_needs_input_grad_and_non_tensor_args():
    ScaledMul.seen_needs.clear()
    a = leaf([1.0, 2.0])
    b = torch.tensor([3.0, 4.0], dtype=F64)
    out = ScaledMul.apply(a, b, 2.0)
    assert ScaledMul.seen_needs == [(True, False, False)]
    out.sum().backward()
    assert_close(a.grad, [6.0, 8.0])
    assert b.grad is None
    assert_close(out, [6.0, 16.0])


def test_custom_function_without_grad_inputs_records_nothing():
    out = MyExp.apply(torch.tensor([1.0]))
    assert not out.requires_grad
    assert out.grad_fn is None


def test_custom_function_mark_non_differentiable():
    MaxWithIndex.seen_index_grads.clear()
    x = leaf([1.0, 5.0, 2.0])
    value, idx = MaxWithIndex.apply(x)
    assert value.requires_grad
    assert not idx.requires_grad
    assert idx.tolist() == [1]
    value.backward()
    assert_close(x.grad, [0.0, 1.0, 0.0])
    (g_idx,) = MaxWithIndex.seen_index_grads
    # PyTorch passes zeros of the output's shape for a non-differentiable output
    assert g_idx is not None
    assert tuple(g_idx.shape) == (1,)
    assert np.all(to_np(g_idx) == 0)


def test_custom_function_backward_is_differentiable_again():
    x = leaf(2.0)
    y = MyCube.apply(x)
    (g,) = torch.autograd.grad(y, x, create_graph=True)
    (h,) = torch.autograd.grad(g, x)
    assert_close(g, 12.0)
    assert_close(h, 12.0)


class SinhCosh(torch.autograd.Function):
    """(sinh x, cosh x), saving both outputs: the second is output 1."""

    @staticmethod
    def forward(ctx, x):
        e, f = x.exp(), (-x).exp()
        sinh, cosh = (e - f) / 2, (e + f) / 2
        ctx.save_for_backward(sinh, cosh)
        return sinh, cosh

    @staticmethod
    def backward(ctx, grad_sinh, grad_cosh):
        sinh, cosh = ctx.saved_tensors
        ctx.seen_output_nrs = (sinh.output_nr, cosh.output_nr)
        return grad_sinh * cosh + grad_cosh * sinh


def test_custom_function_saves_its_later_outputs_with_their_output_nr():
    x = leaf(0.5)
    sinh, cosh = SinhCosh.apply(x)
    node = sinh.grad_fn
    (g,) = torch.autograd.grad(sinh, x, create_graph=True)
    assert node.seen_output_nrs == (0, 1)
    (h,) = torch.autograd.grad(g, x)

    # d²/dx² sinh x = sinh x: PyTorch 2.13 gives 0.521095 at 0.5, and so do
    # central differences of the first derivative the engine computes.
    def first_derivative(v):
        x = leaf(v)
        (g,) = torch.autograd.grad(SinhCosh.apply(x)[0], x)
        return g.item()

    eps = 1e-6
    numerical = (first_derivative(0.5 + eps) - first_derivative(0.5 - eps)) / (2 * eps)
    assert_close(h, 0.521095, atol=1e-6)
    assert_close(h, numerical, atol=1e-6)


def test_version_error_names_the_later_output_saved():
    x = leaf([0.5, 1.0])
    sinh, cosh = SinhCosh.apply(x)
    with torch.no_grad():
        cosh.mul_(2)
    with pytest.raises(RuntimeError, match="output 1 of"):
        sinh.sum().backward()


def test_clamp_gradient_is_plus_zero_where_clamped():
    x = leaf([-1.0, 0.5, 2.0])
    x.clamp(0, 1).backward(torch.tensor([-1.0, -1.0, -1.0], dtype=F64))
    assert to_np(x.grad).tolist() == [0.0, -1.0, 0.0]
    assert not np.signbit(to_np(x.grad)).tolist()[0]
    assert not np.signbit(to_np(x.grad)).tolist()[2]


# ---------------------------------------------------------------- gradcheck


class BadSquare(torch.autograd.Function):
    """x*x with a planted wrong backward (3x instead of 2x)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * 3 * x


class DetachedSquare(torch.autograd.Function):
    """x*x whose backward is right once but not differentiable (x detached)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * 2 * x.detach()


def test_gradcheck_passes_on_correct_ops():
    rng = np.random.default_rng(1)
    a = leaf(rng.normal(size=(2, 3)))
    b = leaf(rng.normal(size=(3,)))
    assert torch.autograd.gradcheck(lambda t, u: (t * u).tanh() @ u, (a, b))
    assert torch.autograd.gradcheck(lambda t: t.softmax(1), (a,))
    assert torch.autograd.gradcheck(MyCube.apply, (b,))


def test_gradcheck_fails_on_a_wrong_backward():
    x = leaf([1.0, 2.0])
    report = torch.autograd.gradcheck(BadSquare.apply, (x,), raise_exception=False)
    assert not report


def test_gradcheck_raises_by_default_with_a_readable_message():
    x = leaf([1.0, 2.0])
    with pytest.raises(
        RuntimeError, match="Jacobian mismatch for output 0 with respect to input 0"
    ) as info:
        torch.autograd.gradcheck(BadSquare.apply, (x,))
    text = str(info.value).lower()
    assert "numerical" in text and "analytical" in text


@minigrad_only
def test_gradcheck_report_entries_and_table():
    x = leaf([1.0, 2.0])
    report = torch.autograd.gradcheck(BadSquare.apply, (x,), raise_exception=False)
    assert len(report.entries) >= 2
    failing = [e for e in report.entries if not e.passed]
    assert failing
    for e in failing:
        assert e.input_index == 0 and e.output_index == 0
        assert isinstance(e.element_index, tuple)
        assert abs(e.analytical - 1.5 * e.numerical) < 1e-4
        assert e.abs_error == pytest.approx(abs(e.analytical - e.numerical), rel=1e-6)
        assert e.rel_error > 0
    assert np.allclose(report.analytical[0], 1.5 * report.numerical[0], atol=1e-4)
    table = report.table()
    assert isinstance(table, str) and len(table.splitlines()) >= 2
    good = torch.autograd.gradcheck(lambda t: t * t, (x,), raise_exception=False)
    assert good and all(e.passed for e in good.entries)


def test_gradcheck_warns_on_float32_inputs():
    x = leaf([1.0, 2.0], dtype=torch.float32)
    with pytest.warns(UserWarning, match="not a double precision"):
        torch.autograd.gradcheck(lambda t: t * 2, (x,), raise_exception=False)


def test_gradgradcheck_passes_and_fails():
    x = leaf([0.5, -1.5])
    assert torch.autograd.gradgradcheck(lambda t: (t**3).sin(), (x,))
    assert torch.autograd.gradgradcheck(MyCube.apply, (x,))
    assert torch.autograd.gradcheck(DetachedSquare.apply, (x,))  # first order right
    assert not torch.autograd.gradgradcheck(
        DetachedSquare.apply, (x,), raise_exception=False
    )
    with pytest.raises(RuntimeError):
        torch.autograd.gradgradcheck(DetachedSquare.apply, (x,))


# ---------------------------------------------------------------- functional


def test_functional_jacobian():
    from_functional = torch.autograd.functional
    A = np.array([[1.0, 2.0, 0.0], [0.0, -1.0, 3.0]])
    x = torch.tensor([0.5, 1.0, 2.0], dtype=F64)
    J = from_functional.jacobian(lambda t: torch.tensor(A) @ t, x)
    assert tuple(J.shape) == (2, 3)
    assert_close(J, A)
    J2 = from_functional.jacobian(lambda t: t**2, x)
    assert_close(J2, np.diag(2 * np.array([0.5, 1.0, 2.0])))
    assert not J2.requires_grad
    # several inputs: a tuple of Jacobians, out.shape + in.shape each
    Ja, Jb = from_functional.jacobian(
        lambda a, b: a * b.sum(), (x, torch.tensor([[1.0, 2.0]], dtype=F64))
    )
    assert tuple(Ja.shape) == (3, 3) and tuple(Jb.shape) == (3, 1, 2)
    assert_close(Ja, 3.0 * np.eye(3))
    assert_close(Jb, np.repeat(np.array([0.5, 1.0, 2.0])[:, None, None], 2, axis=2))


def test_functional_hessian():
    x = torch.tensor([0.5, -1.0, 2.0], dtype=F64)
    H = torch.autograd.functional.hessian(lambda t: (t**3).sum(), x)
    assert_close(H, np.diag(6 * np.array([0.5, -1.0, 2.0])))
    y = torch.tensor([2.0, 3.0], dtype=F64)
    H2 = torch.autograd.functional.hessian(lambda t: t[0] * t[1] ** 2, y)
    assert_close(H2, [[0.0, 6.0], [6.0, 4.0]])


def test_functional_vjp_and_jvp():
    x = torch.tensor([1.0, 2.0], dtype=F64)

    def f(t):
        return torch.stack([t[0] * t[1], t[0] ** 2, t[1].sin()])

    J = np.array([[2.0, 1.0], [2.0, 0.0], [0.0, math.cos(2.0)]])
    v_out = torch.tensor([1.0, -1.0, 2.0], dtype=F64)
    out, vjp = torch.autograd.functional.vjp(f, x, v_out)
    assert_close(out, [2.0, 1.0, math.sin(2.0)])
    assert_close(vjp, np.array([1.0, -1.0, 2.0]) @ J)
    v_in = torch.tensor([0.5, 3.0], dtype=F64)
    out2, jvp = torch.autograd.functional.jvp(f, x, v_in)
    assert_close(out2, [2.0, 1.0, math.sin(2.0)])
    assert_close(jvp, J @ np.array([0.5, 3.0]))
    # scalar output: v may be omitted
    _, g = torch.autograd.functional.vjp(lambda t: (t**2).sum(), x)
    assert_close(g, [2.0, 4.0])


def test_functional_jacobian_matches_numerics_on_a_composite():
    rng = np.random.default_rng(3)
    a = rng.normal(size=(2, 3))

    def f(t):
        return (t.tanh() * t.sum(0)).softmax(1)

    J = torch.autograd.functional.jacobian(f, torch.tensor(a))

    def f_np(arr):
        with torch.no_grad():
            return to_np(f(torch.tensor(arr)))

    (num,) = numerical_jacobian(f_np, [a])
    assert_close(J, num)


# ---------------------------------------------------------------- anomaly


def test_detect_anomaly_names_the_node_that_made_nan():
    x = leaf(0.0)
    with warnings.catch_warnings():  # PyTorch warns that anomaly mode is slow
        warnings.simplefilter("ignore")
        with torch.autograd.detect_anomaly():
            y = x.sqrt() * 0
            with pytest.raises(
                RuntimeError,
                match="Function 'SqrtBackward0' returned nan values in its 0th output.",
            ):
                y.backward()


def test_set_detect_anomaly_toggles():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.autograd.set_detect_anomaly(True)
        try:
            x = leaf(0.0)
            with pytest.raises(RuntimeError, match="SqrtBackward0"):
                (x.sqrt() * 0).backward()
        finally:
            torch.autograd.set_detect_anomaly(False)
        x = leaf(0.0)
        (x.sqrt() * 0).backward()  # off again: nan gradient, no error
    assert np.isnan(x.grad.item())


# ---------------------------------------------------------------- step generator


def _example_graph():
    x = leaf([0.5, -1.0])
    w = leaf(1.5)
    h = x * w
    loss = (h.exp() + h * h).sum()
    return x, w, loss


@minigrad_only
def test_backward_steps_end_with_the_hand_derived_gradients():
    # Pulling every step must leave .grad as the maths says, not merely as
    # backward() does (backward() is this same loop, so comparing the two
    # could never fail). loss = sum(exp(h) + h²) with h = x * w, so
    # dloss/dh = exp(h) + 2h, dloss/dx = dloss/dh * w, dloss/dw = sum(dloss/dh * x).
    from minigrad.autograd.engine import BackwardStep, backward_steps

    x, w, loss = _example_graph()
    steps = list(backward_steps(loss))
    assert all(isinstance(s, BackwardStep) for s in steps)
    xs, ws = np.array([0.5, -1.0]), 1.5
    h = xs * ws
    dh = np.exp(h) + 2 * h
    assert_close(x.grad, dh * ws, rtol=1e-12)
    assert_close(w.grad, (dh * xs).sum(), rtol=1e-12)
    assert [s.index for s in steps] == list(range(len(steps)))

    # the same gradients by central differences of the forward computation
    def f(xv, wv):
        hv = xv * wv
        return (np.exp(hv) + hv * hv).sum()

    eps = 1e-6
    numeric_w = (f(xs, ws + eps) - f(xs, ws - eps)) / (2 * eps)
    assert_close(w.grad, numeric_w, rtol=1e-6)


@minigrad_only
def test_backward_steps_expose_nodes_grads_and_accumulation():
    from minigrad.autograd.engine import backward_steps
    from minigrad.autograd.function import Node

    x, w, loss = _example_graph()
    graph = torch.autograd.graph.walk(loss)
    gen = backward_steps(loss)
    assert x.grad is None  # nothing runs before the first step is pulled
    steps = []
    position = {}
    for step in gen:
        node = step.node
        assert isinstance(node, Node)
        assert node not in position, "a node ran twice"
        position[node] = step.index
        assert isinstance(step.formula, str) and step.formula
        assert isinstance(step.grads_in, tuple) and step.grads_in
        assert isinstance(step.grads_out, tuple)
        assert len(step.grads_out) == len(node.next_functions)
        if type(node).__name__ == "AccumulateGrad":
            assert len(step.accumulated) == 1
            leaf_t, grad_t = step.accumulated[0]
            assert leaf_t is node.variable
            assert_close(grad_t, leaf_t.grad, rtol=0, atol=0)
        else:
            assert step.accumulated == []
        steps.append(step)
        # leaves not reached yet have no .grad yet: what a stepper shows
        reached = {id(a) for s in steps for a, _ in s.accumulated}
        for lf in (x, w):
            if id(lf) not in reached:
                assert lf.grad is None
    assert set(position) == set(graph.nodes)
    for edge in graph.edges:  # a consumer runs before its producer
        assert position[edge.src] < position[edge.dst]
    root = steps[0]
    assert root.node is loss.grad_fn
    assert_close(root.grads_in[0], 1.0)


@minigrad_only
def test_backward_steps_gradients_flow_consistently():
    from minigrad.autograd.engine import backward_steps

    x, w, loss = _example_graph()
    steps = list(backward_steps(loss))
    received = {}
    for s in steps:
        for (child, nr), g in zip(s.node.next_functions, s.grads_out):
            if child is not None and g is not None:
                key = (child, nr)
                received[key] = received.get(key, 0) + to_np(g)
    for s in steps[1:]:
        assert_close(s.grads_in[0], received[(s.node, 0)], rtol=1e-12)
    # h = x * w feeds three uses: its node sums three contributions
    h_node = [
        s
        for s in steps
        if type(s.node).__name__ == "MulBackward0"
        and type(s.node.next_functions[0][0]).__name__ == "AccumulateGrad"
    ]
    assert len(h_node) == 1 and h_node[0].fan_in
    exp_step = [s for s in steps if type(s.node).__name__ == "ExpBackward0"][0]
    assert not exp_step.fan_in


@minigrad_only
def test_backward_steps_release_and_retain_graph():
    from minigrad.autograd.engine import backward_steps

    x, w, loss = _example_graph()
    list(backward_steps(loss, retain_graph=True))
    first = to_np(x.grad)
    list(backward_steps([loss]))
    assert_close(x.grad, 2 * first)
    with pytest.raises(RuntimeError, match="backward through the graph a second time"):
        list(backward_steps(loss))


@minigrad_only
def test_backward_steps_with_gradient_argument():
    from minigrad.autograd.engine import backward_steps

    x = leaf([1.0, 2.0])
    y = x * 3
    list(backward_steps(y, torch.tensor([1.0, 10.0], dtype=F64)))
    assert_close(x.grad, [3.0, 30.0])


# ---------------------------------------------------------------- graph API


@minigrad_only
def test_graph_walk_is_deterministic_and_topological():
    walk = torch.autograd.graph.walk
    names = []
    for _ in range(3):
        x, w, loss = _example_graph()
        g = walk(loss)
        names.append([type(n).__name__ for n in g.nodes])
        pos = {n: i for i, n in enumerate(g.nodes)}
        assert g.nodes[0] is loss.grad_fn
        for e in g.edges:
            assert pos[e.src] < pos[e.dst]
    assert names[0] == names[1] == names[2]
    assert sorted(names[0]) == sorted(
        [
            "SumBackward0",
            "AddBackward0",
            "ExpBackward0",
            "MulBackward0",
            "MulBackward0",
            "AccumulateGrad",
            "AccumulateGrad",
        ]
    )


@minigrad_only
def test_graph_walk_order_is_the_engine_order():
    from minigrad.autograd.engine import backward_steps

    x, w, loss = _example_graph()
    g = torch.autograd.graph.walk(loss)
    order = [s.node for s in backward_steps(loss)]
    assert order == g.nodes


@minigrad_only
def test_graph_edges_follow_next_functions():
    x, w, loss = _example_graph()
    g = torch.autograd.graph.walk(loss)
    expected = set()
    for node in g.nodes:
        for i, (child, nr) in enumerate(node.next_functions):
            if child is not None:
                expected.add((id(node), id(child), i, nr))
    got = {(id(e.src), id(e.dst), e.input_nr, e.output_nr) for e in g.edges}
    assert got == expected
    assert len(g.edges) == len(expected)
    # h * h: two edges from the same consumer to the same producer
    hh = [
        n
        for n in g.nodes
        if type(n).__name__ == "MulBackward0"
        and n.next_functions[0][0] is n.next_functions[1][0]
    ]
    assert len(hh) == 1
    assert sum(1 for e in g.edges if e.src is hh[0]) == 2


@minigrad_only
def test_graph_roots_leaves_and_tensor_of():
    x = leaf([0.5, -1.0])
    w = leaf(1.5)
    h = x * w
    e = h.exp()
    loss = e.sum()
    g = torch.autograd.graph.walk(loss)
    assert g.roots == [loss] or list(g.roots) == [loss]
    assert len(g.leaves) == 2
    assert any(lf is x for lf in g.leaves) and any(lf is w for lf in g.leaves)
    assert g.tensor_of(loss.grad_fn) is loss
    assert g.tensor_of(h.grad_fn) is h
    acc = [n for n in g.nodes if type(n).__name__ == "AccumulateGrad"]
    assert {id(g.tensor_of(n)) for n in acc} == {id(x), id(w)}
    exp_node = e.grad_fn
    assert exp_node.output() is e
    del e  # the node keeps only a weak reference to its output
    assert g.tensor_of(exp_node) is None
    assert exp_node.output() is None


@minigrad_only
def test_graph_nodes_have_formulas_and_names():
    x, w, loss = _example_graph()
    for node in torch.autograd.graph.walk(loss).nodes:
        assert node.name() == type(node).__name__
        assert isinstance(node.formula, str) and node.formula


@minigrad_only
def test_graph_walk_of_several_roots_and_a_node():
    x = leaf([1.0, 2.0])
    a = x * 2
    b = x.exp()
    g = torch.autograd.graph.walk(a, b)
    assert len(g.nodes) == 3  # MulBackward0, ExpBackward0, one AccumulateGrad
    g2 = torch.autograd.graph.walk(a.grad_fn)
    assert [type(n).__name__ for n in g2.nodes] == ["MulBackward0", "AccumulateGrad"]


@minigrad_only
def test_grad_listener_events():
    add = torch.autograd.graph.add_grad_listener
    events = []
    handle = add(events.append)
    try:
        x, w, loss = _example_graph()
        n_nodes = len(torch.autograd.graph.walk(loss).nodes)
        loss.backward()
        assert events.count("step") == n_nodes
        assert events[-1] == "backward"
        assert events.count("backward") == 1
        events.clear()
        x.grad = None
        assert events == ["grad_reset"]
        events.clear()
        w.grad.zero_()
        assert events == ["grad_reset"]
        events.clear()
        torch.autograd.grad((x * 2).sum(), x)
        assert events[-1] == "backward"
    finally:
        handle.remove()
    events.clear()
    x2 = leaf(1.0)
    (x2 * 2).backward()
    x2.grad = None
    assert events == []
    handle.remove()  # twice is harmless


@minigrad_only
def test_a_gradcheck_report_prints_as_pytorchs_result():
    x = torch.tensor([0.5, 1.5], dtype=torch.float64, requires_grad=True)
    report = torch.autograd.gradcheck(lambda t: (t * t).sum(), (x,))
    assert repr(report) == "True" and str(report) == "True"
    assert "analytical" in report.table()


# ----- messages worded as PyTorch 2.13 words them (the lessons' parity test) --


def _inplace_error(change):
    with pytest.raises(RuntimeError) as info:
        change()
    return str(info.value).split(" Hint:")[0]


def test_a_changed_leaf_is_named_by_its_type_and_shape_only():
    def change():
        a = torch.tensor([1.0, 2.0], requires_grad=True)
        b = a * a
        with torch.no_grad():
            a.add_(1)
        b.sum().backward()

    assert _inplace_error(change).endswith(
        f"modified by an inplace operation: [{PREFIX}.FloatTensor [2]] is at "
        "version 1; expected version 0 instead."
    )


def test_a_changed_input_names_the_op_that_changed_it():
    def change():
        a = torch.tensor([1.0, 2.0], requires_grad=True)
        b = a * 2
        c = b * b
        b.add_(1)
        c.sum().backward()

    assert _inplace_error(change).endswith(
        f"[{PREFIX}.FloatTensor [2]], which is output 0 of Add, is at version 1; "
        "expected version 0 instead."
    )


def test_a_changed_output_names_the_op_that_saved_it():
    def change():
        x = torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True)
        y = x.exp()
        y.mul_(2)
        y.sum().backward()

    assert _inplace_error(change).endswith(
        f"[{PREFIX}.DoubleTensor [2]], which is output 0 of Exp, is at version 1; "
        "expected version 0 instead."
    )


def test_an_inference_tensor_saved_for_backward_gets_pytorchs_whole_message():
    with torch.inference_mode():
        x = torch.ones(2)
    w = torch.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError) as info:
        w * x
    assert str(info.value).endswith(
        f"or use `{PREFIX}.no_grad()` instead of `{PREFIX}.inference_mode()`."
    )


def test_your_own_functions_node_prints_with_its_module():
    class MyExp(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x.exp()

        @staticmethod
        def backward(ctx, grad):
            return grad

    y = MyExp.apply(torch.ones(2, requires_grad=True))
    assert repr(y.grad_fn).startswith(
        f"<{PREFIX}.autograd.function.MyExpBackward object at 0x"
    )
    assert repr((y * 2).grad_fn).startswith("<MulBackward0 object at 0x")


def test_anomaly_mode_warns_where_the_failing_node_was_made():
    x = torch.tensor([-1.0, 4.0], requires_grad=True)
    with pytest.warns(UserWarning) as warned:
        with torch.autograd.detect_anomaly():
            y = torch.where(x > 0, x.sqrt(), torch.zeros(2))
            with pytest.raises(RuntimeError, match="returned nan values"):
                y.sum().backward()
    texts = [str(w.message) for w in warned]
    made = [t for t in texts if t.startswith("Error detected in SqrtBackward0.")]
    assert made and "Traceback of forward call that caused the error:" in made[0]
    assert "test_engine.py" in made[0]  # the user's own line is shown


@minigrad_only
@pytest.mark.parametrize("layout", ["0-d", "transposed"])
def test_gradcheck_perturbs_the_input_itself_whatever_its_layout(layout):
    # A flat reshape of a 0-d scalar or of a transposed array is a copy: the
    # numerical Jacobian then came out 0, failing a right backward (and passing
    # a wrong one that returns 0).
    if layout == "0-d":
        x = torch.tensor(0.5, dtype=torch.float64, requires_grad=True)
    else:
        x = torch.tensor([[0.5, 1.0, 2.0], [3.0, -1.0, 0.25]], dtype=torch.float64)
        x = x.T.detach().requires_grad_()
    assert torch.autograd.gradcheck(lambda t: (t * t).sin(), (x,))

    class ZeroGrad(torch.autograd.Function):
        @staticmethod
        def forward(ctx, t):
            return t * t

        @staticmethod
        def backward(ctx, grad):
            return grad * 0

    assert not torch.autograd.gradcheck(ZeroGrad.apply, (x,), raise_exception=False)
