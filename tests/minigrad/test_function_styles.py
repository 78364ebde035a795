"""Autograd as PyTorch's documentation shows it: custom Functions, vjp/jvp of
functions with several outputs, a node's saved values and hooks.

Checked against PyTorch 2.13: forward with ctx, or PyTorch's newer style
(`forward(*args)` then `setup_context(ctx, inputs, output)`); a Python number
among several outputs stays a number; `ctx.set_materialize_grads(False)`
hands backward None for the outputs that got no gradient.
"""

import numpy as np
import pytest
from mg_testutil import assert_close, numerical_vjp, to_np, torch

Function = torch.autograd.Function


class ScaledProduct(Function):
    """x * w * k, written in the newer style (k a number, no gradient)."""

    @staticmethod
    def forward(x, w, k):
        return x * w * k

    @staticmethod
    def setup_context(ctx, inputs, output):
        x, w, k = inputs
        ctx.save_for_backward(x, w)
        ctx.k = k

    @staticmethod
    def backward(ctx, grad):
        x, w = ctx.saved_tensors
        return grad * w * ctx.k, grad * x * ctx.k, None


class Square(Function):
    """x², saving its output from setup_context."""

    @staticmethod
    def forward(x):
        return x**2

    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.save_for_backward(inputs[0], output)

    @staticmethod
    def backward(ctx, grad):
        x, _ = ctx.saved_tensors
        return 2 * x * grad


def test_the_newer_style_records_and_differentiates():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    w = torch.tensor([3.0, 4.0], requires_grad=True)
    y = ScaledProduct.apply(x, w, 2.0)
    assert type(y.grad_fn).__name__ == "ScaledProductBackward"
    y.sum().backward()
    assert to_np(x.grad).tolist() == [6.0, 8.0]
    assert to_np(w.grad).tolist() == [2.0, 4.0]


def test_the_newer_style_matches_numerical_differentiation():
    data = np.array([0.5, -1.5, 2.0])
    x = torch.tensor(data, requires_grad=True)
    Square.apply(x).sum().backward()
    (expected,) = numerical_vjp(lambda a: a**2, [data], np.ones(3))
    assert_close(to_np(x.grad), expected)


def test_the_newer_style_without_gradients_runs_forward_alone():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    with torch.no_grad():
        y = ScaledProduct.apply(x, torch.ones(2), 3.0)
    assert to_np(y).tolist() == [3.0, 6.0] and y.grad_fn is None


def test_saving_the_output_in_setup_context_keeps_the_version_check():
    x = torch.tensor(3.0, requires_grad=True)
    y = Square.apply(x)
    y.add_(1)  # changes the saved output
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.backward()


class TotalAndDoubles(Function):
    """(a.sum() as a Python float, a * 2, a * 3), with materialize_grads off."""

    seen = []

    @staticmethod
    def forward(ctx, a):
        ctx.set_materialize_grads(False)
        return a.sum().item(), a * 2, a * 3

    @staticmethod
    def backward(ctx, grad_total, grad_double, grad_triple):
        TotalAndDoubles.seen.append((grad_total, grad_double, grad_triple))
        result = 0
        if grad_double is not None:
            result = result + 2 * grad_double
        if grad_triple is not None:
            result = result + 3 * grad_triple
        return result


def test_a_number_among_the_outputs_stays_a_number():
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    total, double, _ = TotalAndDoubles.apply(a)
    assert type(total) is float and total == 3.0
    assert type(double.grad_fn).__name__ == "TotalAndDoublesBackward"


def test_without_materialized_grads_backward_gets_none():
    TotalAndDoubles.seen.clear()
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    _, double, _ = TotalAndDoubles.apply(a)
    double.sum().backward()
    ((grad_total, grad_double, grad_triple),) = TotalAndDoubles.seen
    assert grad_total is None and grad_triple is None
    assert to_np(grad_double).tolist() == [1.0, 1.0]
    assert to_np(a.grad).tolist() == [2.0, 2.0]


# ----- vjp and jvp of a function with several outputs ------------------------------


def sin_and_sum(a):
    return a.sin(), a.sum()


def test_vjp_of_a_function_with_two_outputs():
    vjp = torch.autograd.functional.vjp

    data = np.array([0.5, 1.0, 2.0])
    (sin, total), grad = vjp(
        sin_and_sum, torch.tensor(data), (torch.ones(3), torch.tensor(2.0))
    )
    assert_close(to_np(sin), np.sin(data)) and float(total) == data.sum()
    assert_close(to_np(grad), np.cos(data) + 2.0)


def test_jvp_of_a_function_with_two_outputs():
    jvp = torch.autograd.functional.jvp

    data = np.array([0.5, 1.0, 2.0])
    v = np.array([1.0, 0.0, 2.0])
    _, (d_sin, d_total) = jvp(sin_and_sum, torch.tensor(data), torch.tensor(v))
    assert_close(to_np(d_sin), np.cos(data) * v)
    assert_close(float(d_total), v.sum())


def test_vjp_wants_one_vector_per_output():
    vjp = torch.autograd.functional.vjp

    with pytest.raises(RuntimeError, match="v is a tuple of invalid length"):
        vjp(sin_and_sum, torch.ones(3), torch.ones(3))


def test_jacobian_of_something_not_a_tensor_is_a_type_error():
    jacobian = torch.autograd.functional.jacobian

    with pytest.raises(TypeError, match="must be either a Tensor or a tuple"):
        jacobian(lambda a: 3.0, torch.ones(2))


# ----- a node's saved values and hooks, as PyTorch's autograd notes show them -----


def test_saved_values_by_pytorchs_names():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x.pow(2)
    assert y.grad_fn._saved_self is x
    e = x.exp()
    assert torch.equal(e.grad_fn._saved_result, e)
    product = x * x.detach()
    assert product.grad_fn._saved_self is None  # (not needed: not kept)
    assert to_np(product.grad_fn._saved_other).tolist() == [1.0, 2.0]
    assert to_np((x * 3).grad_fn._saved_other).tolist() == 3
    with pytest.raises(AttributeError):
        _ = x.sin().grad_fn._saved_nothing


def test_reading_a_saved_value_changed_in_place_raises():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    h = x * 1
    s = h.sin()
    h.mul_(2)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        _ = s.grad_fn._saved_self


def test_node_hooks_see_and_may_replace_the_gradients():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x.exp()
    seen = []
    y.grad_fn.register_prehook(lambda grad_outputs: seen.append(("pre", grad_outputs)))
    y.grad_fn.register_hook(lambda gi, go: seen.append(("post", gi, go)))
    y.sum().backward()
    (_, (pre,)), (_, (post_in,), (post_out,)) = seen
    assert to_np(pre).tolist() == [1.0, 1.0] == to_np(post_out).tolist()
    assert_close(to_np(post_in), np.exp([1.0, 2.0]))

    x.grad = None
    y = x * 2
    y.grad_fn.register_prehook(lambda go: (go[0] * 10,))
    handle = y.grad_fn.register_hook(lambda gi, go: (gi[0] + 1, gi[1]))
    y.sum().backward(retain_graph=True)
    assert to_np(x.grad).tolist() == [21.0, 21.0]
    handle.remove()
    x.grad = None
    y.sum().backward()
    assert to_np(x.grad).tolist() == [20.0, 20.0]


def test_a_node_hook_returns_one_gradient_per_input():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    y.grad_fn.register_hook(lambda gi, go: (gi[0],))  # MulBackward0 has 2 inputs
    with pytest.raises(RuntimeError, match="incorrect number of values"):
        y.sum().backward()
    assert x.grad is None


def test_a_prehook_on_a_leafs_accumulate_grad():
    a = torch.ones(2, requires_grad=True)
    b = a * 2
    accumulate = b.grad_fn.next_functions[0][0]
    accumulate.register_prehook(lambda go: (go[0] * 5,))
    b.sum().backward()
    assert to_np(a.grad).tolist() == [10.0, 10.0]


# ----- PyTorch's other arguments of grad, jacobian and hessian ---------------------


def test_batched_grad_outputs_give_one_gradient_per_entry():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x * x
    (rows,) = torch.autograd.grad(y, x, torch.eye(2), is_grads_batched=True)
    assert_close(to_np(rows), np.diag([2.0, 4.0]))  # the Jacobian, row by row
    (same,) = torch.autograd.grad(x * 2, x, torch.ones(2), only_inputs=True)
    assert to_np(same).tolist() == [2.0, 2.0]


def test_jacobian_and_hessian_take_pytorchs_strategies():
    functional = torch.autograd.functional
    x = torch.tensor([1.0, 2.0])
    jac = functional.jacobian(lambda a: a**2, x, vectorize=True)
    assert_close(to_np(jac), np.diag([2.0, 4.0]))
    hess = functional.hessian(lambda a: (a**3).sum(), x, vectorize=True)
    assert_close(to_np(hess.detach()), np.diag([6.0, 12.0]))
    with pytest.raises(NotImplementedError, match="only implemented for `vectorize"):
        functional.jacobian(lambda a: a**2, x, strategy="forward-mode")
    with pytest.raises(AssertionError, match="Expected strategy to be either"):
        functional.jacobian(lambda a: a**2, x, strategy="sideways")
