"""PyTorch's rules that students run into: errors, in-place rules, grad modes,
detach/.data, dtypes, and failed calls that must leave everything unchanged.

Error messages are matched on the first line of PyTorch's own message
(as PyTorch 2.13 prints it, read off PyTorch itself).
"""

import re
import sys
import warnings

import numpy as np
import pytest
from hypothesis import event, given
from hypothesis import strategies as st
from mg_testutil import assert_close, hyp, numerical_vjp, to_np, torch

F64 = torch.float64


def leaf(values, dtype=F64):
    return torch.tensor(
        np.asarray(values, dtype=np.float64), dtype=dtype, requires_grad=True
    )


def version(t):
    return t._version


# ---------------------------------------------------------------- error table


def test_backward_of_non_scalar_needs_a_gradient():
    v = leaf([1.0, 2.0])
    with pytest.raises(
        RuntimeError, match="grad can be implicitly created only for scalar outputs"
    ):
        (v * 2).backward()


SECOND_BACKWARD = re.escape(
    "Trying to backward through the graph a second time (or directly access "
    "saved tensors after they have already been freed)."
)


@pytest.mark.parametrize(
    "make",
    [
        lambda x: (x * 2).sum(),
        lambda x: x.exp().sum(),
        lambda x: (x * x).sum(),
        lambda x: (x / 2).mean(),
    ],
    ids=["mul_number", "exp", "mul_self", "div_number"],
)
def test_second_backward_through_freed_graph_fails(make):
    x = leaf([1.0, 2.0])
    y = make(x)
    y.backward()
    with pytest.raises(RuntimeError, match=SECOND_BACKWARD) as info:
        y.backward()
    assert "retain_graph=True" in str(info.value)


def test_retain_graph_allows_a_second_backward():
    x = leaf([1.0, 2.0])
    y = (x * x).sum()
    y.backward(retain_graph=True)
    y.backward()
    assert_close(x.grad, [4.0, 8.0])


LEAF_INPLACE = re.escape(
    "a leaf Variable that requires grad is being used in an in-place operation."
)


def _iadd(x):
    x += 1


def _isub(x):
    x -= 1


def _imul(x):
    x *= 2


def _idiv(x):
    x /= 2


@pytest.mark.parametrize(
    "op",
    [
        lambda x: x.add_(1),
        lambda x: x.sub_(1),
        lambda x: x.mul_(2),
        lambda x: x.div_(2),
        lambda x: x.zero_(),
        lambda x: x.fill_(3.0),
        lambda x: x.copy_(torch.tensor([5.0, 6.0], dtype=F64)),
        lambda x: x.clamp_(0.0, 1.0),
        _iadd,
        _isub,
        _imul,
        _idiv,
    ],
    ids=[
        "add_",
        "sub_",
        "mul_",
        "div_",
        "zero_",
        "fill_",
        "copy_",
        "clamp_",
        "+=",
        "-=",
        "*=",
        "/=",
    ],
)
def test_inplace_on_leaf_that_requires_grad_raises_and_changes_nothing(op):
    x = leaf([1.0, 2.0])
    v0 = version(x)
    with pytest.raises(RuntimeError, match=LEAF_INPLACE):
        op(x)
    assert_close(x, [1.0, 2.0], rtol=0, atol=0)
    assert version(x) == v0
    assert x.requires_grad and x.is_leaf and x.grad_fn is None


def test_inplace_on_leaf_is_allowed_under_no_grad():
    x = leaf([1.0, 2.0])
    with torch.no_grad():
        x.add_(1)
        x *= 2
        x.copy_(x * 1)
    assert_close(x, [4.0, 6.0])
    assert x.is_leaf and x.requires_grad and x.grad_fn is None


def test_index_assignment_on_leaf_that_requires_grad_raises():
    x = leaf([1.0, 2.0])
    with pytest.raises(
        RuntimeError,
        match="leaf Variable that requires grad is being used in an in-place operation",
    ):
        x[0] = 5.0
    assert_close(x, [1.0, 2.0], rtol=0, atol=0)


SAVED_MODIFIED = re.escape(
    "one of the variables needed for gradient computation has been modified by an "
    "inplace operation"
)


@pytest.mark.parametrize(
    "build",
    [
        lambda x: (x.exp(), "out"),
        lambda x: (x.tanh(), "out"),
        lambda x: (x.sigmoid(), "out"),
        lambda x: (x * 1, "pow_input"),
        lambda x: (x * 1, "mul_self"),
        lambda x: (x * 1, "mul_other"),
    ],
    ids=[
        "exp_output",
        "tanh_output",
        "sigmoid_output",
        "pow_input",
        "a_times_a_operand",
        "mul_operand",
    ],
)
def test_changing_a_saved_tensor_raises_at_backward(build):
    x = leaf([0.5, 1.5])
    a, kind = build(x)
    if kind == "out":
        loss = a.sum()
    elif kind == "pow_input":
        loss = (a**2).sum()
    elif kind == "mul_self":
        loss = (a * a).sum()
    else:
        loss = (a * x).sum()
    a.mul_(2)  # accepted now; detected at backward time by the version counter
    with pytest.raises(RuntimeError, match=SAVED_MODIFIED) as info:
        loss.backward()
    assert "version" in str(info.value)


def test_changing_a_saved_constant_raises_at_backward():
    x = leaf([1.0, 2.0])
    w = torch.tensor([3.0, 4.0], dtype=F64)  # needs no grad, but x's grad needs it
    y = (x * w).sum()
    w.add_(1)
    with pytest.raises(RuntimeError, match=SAVED_MODIFIED):
        y.backward()


def test_inplace_on_tensor_feeding_only_add_is_accepted():
    x = leaf([1.0, 2.0])
    a = x * 1
    b = (a + 3).sum()
    a.add_(1)
    b.backward()
    assert_close(x.grad, [1.0, 1.0])


def test_inplace_on_tensor_feeding_only_mul_by_number_is_accepted():
    x = leaf([1.0, 2.0])
    a = x * 1
    b = (a * 2).sum()
    a.mul_(5)
    b.backward()
    assert_close(x.grad, [2.0, 2.0])


def test_exp_saves_its_output_not_its_input():
    x = leaf([0.0, 1.0])
    y = x + 1
    z = y.exp()
    y.mul_(2)  # exp's input changed: fine, exp saved its output
    z.sum().backward()
    assert_close(x.grad, np.exp([1.0, 2.0]))


def test_inplace_on_non_leaf_is_recorded():
    x = leaf([1.0, 2.0])
    y = x * 2
    y.add_(1)
    assert type(y.grad_fn).__name__ == "AddBackward0"
    assert_close(y, [3.0, 5.0])
    y.mul_(torch.tensor([3.0, 5.0], dtype=F64))
    y.sum().backward()
    assert_close(x.grad, [6.0, 10.0])


def test_index_assignment_on_non_leaf_is_differentiable():
    x = leaf([1.0, 2.0, 3.0])
    w = leaf(7.0)
    y = x * 2
    y[0] = 0.0
    y[1] = w
    assert_close(y, [0.0, 7.0, 6.0])
    y.sum().backward()
    assert_close(x.grad, [0.0, 0.0, 2.0])
    assert_close(w.grad, 1.0)


def test_requires_grad_on_integer_tensor_fails():
    with pytest.raises(
        RuntimeError,
        match="Only Tensors of floating point and complex dtype can require gradients",
    ):
        torch.tensor([1, 2], requires_grad=True)
    t = torch.tensor([1, 2])
    with pytest.raises(RuntimeError, match="(?i)only Tensors of floating point"):
        t.requires_grad_()
    assert not t.requires_grad


def test_shapes_that_do_not_broadcast():
    a = torch.ones(2)
    b = torch.ones(4)
    with pytest.raises(
        RuntimeError,
        match=re.escape(
            "The size of tensor a (2) must match the size of tensor b (4) "
            "at non-singleton dimension 0"
        ),
    ):
        a + b
    with pytest.raises(
        RuntimeError,
        match=re.escape(
            "The size of tensor a (2) must match the size of tensor b (4) "
            "at non-singleton dimension 1"
        ),
    ):
        torch.ones(3, 2) * torch.ones(3, 4)


def test_matmul_shapes_that_do_not_fit():
    with pytest.raises(
        RuntimeError,
        match=re.escape("mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)"),
    ):
        torch.ones(2, 3) @ torch.ones(2, 3)
    for a, b in [((3,), (2,)), ((2, 3), (4,)), ((2, 2, 3), (2, 4, 5))]:
        with pytest.raises(RuntimeError):
            torch.ones(*a) @ torch.ones(*b)


def test_grad_of_an_unused_input():
    x = leaf(1.0)
    z = leaf(2.0)
    with pytest.raises(
        RuntimeError,
        match=re.escape(
            "The differentiated Tensor at index 1 appears to not have been used in "
            "the graph. Set allow_unused=True if this is the desired behavior."
        ),
    ):
        torch.autograd.grad(x * 2, [x, z])


def test_backward_of_a_tensor_that_needs_no_grad():
    with pytest.raises(
        RuntimeError,
        match="element 0 of tensors does not require grad and does not have a grad_fn",
    ):
        torch.tensor([1.0, 2.0]).sum().backward()
    x = leaf([1.0])
    with torch.no_grad():
        y = (x * 2).sum()
    with pytest.raises(
        RuntimeError, match="element 0 of tensors does not require grad"
    ):
        y.backward()


def test_gradient_of_the_wrong_shape():
    x = leaf([1.0, 2.0, 3.0])
    y = x * 2
    with pytest.raises(
        RuntimeError,
        match=r"Mismatch in shape: grad_output\[0\] has a shape of "
        r"(torch|minigrad)\.Size\(\[2\]\) and output\[0\] has a shape of "
        r"(torch|minigrad)\.Size\(\[3\]\)",
    ):
        y.backward(torch.tensor([1.0, 1.0], dtype=F64))


def test_a_backward_that_returns_the_wrong_shape_is_named():
    class WrongShape(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, grad):
            return torch.ones(3)  # x has 2 elements

    x = leaf([1.0, 2.0])
    with pytest.raises(
        RuntimeError,
        match=re.escape(
            "Function WrongShapeBackward returned an invalid gradient at index 0 - "
            "got [3] but expected shape compatible with [2]"
        ),
    ):
        WrongShape.apply(x).sum().backward()


def test_view_of_the_wrong_size():
    with pytest.raises(
        RuntimeError, match=re.escape("shape '[4]' is invalid for input of size 6")
    ):
        torch.ones(6).view(4)


def test_numpy_of_a_tensor_that_requires_grad():
    with pytest.raises(
        RuntimeError,
        match=re.escape(
            "Can't call numpy() on Tensor that requires "
            "grad. Use tensor.detach().numpy() instead."
        ),
    ):
        leaf([1.0]).numpy()


def test_item_of_a_tensor_with_several_elements():
    with pytest.raises(
        RuntimeError, match="a Tensor with 2 elements cannot be converted to Scalar"
    ):
        torch.tensor([1.0, 2.0]).item()


def test_requires_grad_of_a_non_leaf_cannot_be_switched_off():
    y = leaf([1.0]) * 2
    with pytest.raises(
        RuntimeError, match="you can only change requires_grad flags of leaf variables."
    ):
        y.requires_grad = False


# ---------------------------------------------------------------- non-leaf .grad


def test_grad_of_non_leaf_warns_and_is_none():
    x = leaf([1.0, 2.0])
    y = x * 2
    y.sum().backward()
    with pytest.warns(
        UserWarning,
        match="The .grad attribute of a Tensor that is not a leaf Tensor "
        "is being accessed",
    ):
        assert y.grad is None


def test_grad_of_non_leaf_with_retain_grad_does_not_warn():
    x = leaf([1.0, 2.0])
    y = x * 2
    y.retain_grad()
    y.sum().backward()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert_close(y.grad, [1.0, 1.0])
        assert x.grad is not None


# ---------------------------------------------------------------- grad modes


def test_no_grad_context_manager():
    x = leaf([1.0])
    assert torch.is_grad_enabled()
    with torch.no_grad():
        assert not torch.is_grad_enabled()
        y = x * 2
        z = torch.tensor([1.0], requires_grad=True)  # leaves may still want grad
    assert torch.is_grad_enabled()
    assert not y.requires_grad and y.grad_fn is None
    assert z.requires_grad
    assert (x * 2).requires_grad


def test_no_grad_decorator_with_and_without_parentheses():
    @torch.no_grad()
    def f(t):
        return t * 2, torch.is_grad_enabled()

    @torch.no_grad
    def g(t):
        return t * 2, torch.is_grad_enabled()

    x = leaf([1.0])
    for fn in (f, g):
        y, enabled = fn(x)
        assert not enabled
        assert not y.requires_grad
        assert torch.is_grad_enabled()


def test_enable_grad_inside_no_grad():
    x = leaf([1.0])
    with torch.no_grad():
        with torch.enable_grad():
            assert torch.is_grad_enabled()
            y = x * 2
        assert not torch.is_grad_enabled()
    assert y.requires_grad

    @torch.enable_grad()
    def h():
        return torch.is_grad_enabled()

    with torch.no_grad():
        assert h()
        assert not torch.is_grad_enabled()


def test_set_grad_enabled_as_function_context_and_decorator():
    try:
        torch.set_grad_enabled(False)
        assert not torch.is_grad_enabled()
        torch.set_grad_enabled(True)
        assert torch.is_grad_enabled()
    finally:
        torch.set_grad_enabled(True)
    with torch.set_grad_enabled(False):
        assert not torch.is_grad_enabled()
        with torch.set_grad_enabled(True):
            assert torch.is_grad_enabled()
        assert not torch.is_grad_enabled()
    assert torch.is_grad_enabled()

    @torch.set_grad_enabled(False)
    def f():
        return torch.is_grad_enabled()

    assert not f()
    assert torch.is_grad_enabled()


def test_inference_mode():
    x = leaf([1.0])
    with torch.inference_mode():
        assert not torch.is_grad_enabled()
        y = x * 2
    assert torch.is_grad_enabled()
    assert not y.requires_grad and y.grad_fn is None
    with torch.inference_mode(False):
        assert torch.is_grad_enabled()

    @torch.inference_mode()
    def f():
        return torch.is_grad_enabled()

    assert not f()
    assert torch.is_grad_enabled()


def test_inference_tensors_cannot_be_saved_for_backward():
    x = leaf([1.0, 2.0])
    with torch.inference_mode():
        t = torch.ones(2, dtype=F64)
    with pytest.raises(
        RuntimeError, match="Inference tensors cannot be saved for backward"
    ):
        (x * t).sum().backward()


@pytest.mark.parametrize(
    "mode",
    [
        lambda: torch.no_grad(),
        lambda: torch.enable_grad(),
        lambda: torch.set_grad_enabled(False),
        lambda: torch.inference_mode(),
    ],
    ids=["no_grad", "enable_grad", "set_grad_enabled", "inference_mode"],
)
@pytest.mark.parametrize("outer", [True, False], ids=["outer_on", "outer_off"])
def test_decorated_recursive_function_restores_grad_mode(mode, outer):
    decorator = mode()  # ONE object, reused by every recursive call

    @decorator
    def rec(n):
        if n > 0:
            rec(n - 1)
        return torch.is_grad_enabled()

    with torch.set_grad_enabled(outer):
        inner = rec(4)
        assert torch.is_grad_enabled() == outer
    assert torch.is_grad_enabled()
    assert isinstance(inner, bool)


def test_grad_modes_nest_and_restore_on_exceptions():
    with pytest.raises(ValueError):
        with torch.no_grad():
            with torch.enable_grad():
                raise ValueError("boom")
    assert torch.is_grad_enabled()

    @torch.no_grad()
    def fails():
        raise KeyError("x")

    with pytest.raises(KeyError):
        fails()
    assert torch.is_grad_enabled()

    with torch.no_grad():
        with pytest.raises(ValueError):
            with torch.enable_grad():
                raise ValueError
        assert not torch.is_grad_enabled()
    assert torch.is_grad_enabled()


def test_decorated_recursion_deeper_than_a_few_levels():
    @torch.no_grad()
    def depth(n):
        return 0 if n == 0 else 1 + depth(n - 1)

    limit = sys.getrecursionlimit()
    assert depth(min(100, limit // 10)) > 0
    assert torch.is_grad_enabled()


# ---------------------------------------------------------------- detach / data


def test_detach_shares_storage_but_not_the_graph():
    x = leaf([1.0, 2.0])
    d = x.detach()
    assert not d.requires_grad and d.grad_fn is None and d.is_leaf
    d.add_(10)  # d needs no grad: in place is fine, and x sees it
    assert_close(x, [11.0, 12.0])


def test_detach_shares_the_version_counter():
    x = leaf([1.0, 2.0])
    y = (x * x).sum()
    x.detach().add_(1)
    with pytest.raises(RuntimeError, match=SAVED_MODIFIED):
        y.backward()


def test_detach_inplace_makes_a_leaf():
    x = leaf([1.0, 2.0])
    y = x * 2
    y.detach_()
    assert not y.requires_grad
    assert y.grad_fn is None
    assert y.is_leaf


def test_data_is_a_detached_view_whose_changes_autograd_does_not_see():
    x = leaf([1.0, 2.0])
    assert not x.data.requires_grad
    assert x.data.is_leaf
    y = (x * x).sum()
    x.data.add_(1)  # allowed on a leaf that requires grad, and not detected
    assert_close(x, [2.0, 3.0])
    y.backward()
    assert_close(x.grad, [4.0, 6.0])


def test_assigning_data_replaces_values_and_dtype():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    assert x.dtype == torch.float32
    x.data = torch.tensor(np.array([5.0, 6.0]))
    assert x.dtype == torch.float64  # PyTorch: silently float64 now
    assert x.requires_grad and x.is_leaf
    assert_close(x, [5.0, 6.0])
    p = torch.tensor([1.0, 2.0], requires_grad=True)
    with torch.no_grad():
        p.copy_(torch.tensor(np.array([7.0, 8.0])))
    assert p.dtype == torch.float32  # copy_ keeps the dtype
    assert_close(p, [7.0, 8.0])


def test_requires_grad_flag_on_leaves():
    x = torch.tensor([1.0, 2.0])
    assert x.requires_grad_() is x
    assert x.requires_grad
    x.requires_grad_(False)
    assert not x.requires_grad
    x.requires_grad = True
    assert x.requires_grad


# ---------------------------------------------------------------- dtypes


def test_default_dtypes():
    assert torch.tensor([1.0, 2.0]).dtype == torch.float32
    assert torch.tensor(2.5).dtype == torch.float32
    assert torch.tensor([1, 2]).dtype == torch.int64
    assert torch.tensor([True, False]).dtype == torch.bool
    for t in (
        torch.zeros(2),
        torch.ones(2, 3),
        torch.rand(2),
        torch.randn(2),
        torch.full((2,), 2.0),
        torch.eye(2),
        torch.linspace(0, 1, 3),
        torch.arange(0.0, 1.0, 0.5),
    ):
        assert t.dtype == torch.float32
    assert torch.arange(5).dtype == torch.int64
    assert torch.randint(0, 3, (2,)).dtype == torch.int64
    assert torch.zeros(2, dtype=F64).dtype == F64


def test_numpy_float64_stays_float64_python_float_gives_float32():
    assert torch.tensor(np.array([1.0, 2.0])).dtype == F64
    assert torch.tensor(np.array(1.0)).dtype == F64
    assert torch.tensor(np.float64(1.0)).dtype == F64
    assert torch.tensor(np.array([1.0], dtype=np.float32)).dtype == torch.float32
    assert torch.tensor(np.array([1.0]), dtype=torch.float32).dtype == torch.float32
    assert torch.tensor(1.0).dtype == torch.float32
    assert torch.tensor([[1.0, 2.0]]).dtype == torch.float32
    t = torch.from_numpy(np.array([1.0, 2.0]))
    assert t.dtype == F64


def test_from_numpy_shares_memory_and_tensor_copies():
    a = np.array([1.0, 2.0])
    t = torch.from_numpy(a)
    a[0] = 10.0
    assert t[0].item() == 10.0
    b = np.array([1.0, 2.0])
    u = torch.tensor(b)
    b[0] = 10.0
    assert u[0].item() == 1.0


def test_float64_is_kept_through_ops_and_grads():
    x = leaf([1.0, 2.0])
    y = (x.exp() * 2.5 + 1).sum()
    assert y.dtype == F64
    y.backward()
    assert x.grad.dtype == F64
    x32 = torch.tensor([1.0, 2.0], requires_grad=True)
    (x32 * 2.5).sum().backward()
    assert x32.grad.dtype == torch.float32


def test_type_promotion():
    f32 = torch.tensor([1.0, 2.0])
    f64 = torch.tensor([1.0, 2.0], dtype=F64)
    i64 = torch.tensor([1, 2])
    assert (f32 * 2.5).dtype == torch.float32
    assert (f32 * 2).dtype == torch.float32
    assert (f32 + f64).dtype == F64
    assert (i64 * 0.5).dtype == torch.float32
    assert (i64 + 1).dtype == torch.int64
    assert (i64 / i64).dtype == torch.float32
    assert (f32 > 1).dtype == torch.bool


def test_dtype_conversions():
    x = torch.tensor([1.5, 2.5])
    assert x.double().dtype == F64
    assert x.double().float().dtype == torch.float32
    assert x.to(F64).dtype == F64
    assert x.long().dtype == torch.int64
    assert x.long().tolist() == [1, 2]
    x64 = leaf([1.0, 2.0])
    y = x64.float()  # differentiable cast
    assert y.dtype == torch.float32 and y.requires_grad
    y.sum().backward()
    assert x64.grad.dtype == F64
    assert_close(x64.grad, [1.0, 1.0])


# ---------------------------------------------------------------- failed calls


def test_failed_inplace_with_bad_shape_leaves_tensor_and_version_unchanged():
    x = torch.tensor([1.0, 2.0, 3.0])
    v0 = version(x)
    with pytest.raises(RuntimeError):
        x.add_(torch.ones(2, 3))
    assert_close(x, [1.0, 2.0, 3.0], rtol=0, atol=0)
    assert tuple(x.shape) == (3,)
    assert version(x) == v0
    with pytest.raises(RuntimeError):
        x.mul_(torch.ones(2))
    assert_close(x, [1.0, 2.0, 3.0], rtol=0, atol=0)
    assert version(x) == v0


def test_failed_inplace_does_not_invalidate_a_saved_tensor():
    w = leaf([1.0, 2.0, 3.0])
    a = w * 1
    loss = (a * a).sum()  # saves a
    with pytest.raises(RuntimeError):
        a.add_(torch.ones(2, 3))
    with pytest.raises(RuntimeError):
        a.copy_(torch.ones(4))
    loss.backward()  # a was not changed, so no version error
    assert_close(w.grad, [2.0, 4.0, 6.0])


def test_failed_inplace_with_bad_dtype_leaves_tensor_unchanged():
    i = torch.tensor([1, 2])
    v0 = version(i)
    with pytest.raises(RuntimeError):
        i.add_(0.5)
    assert i.tolist() == [1, 2]
    assert i.dtype == torch.int64
    assert version(i) == v0


def test_failed_index_assignment_leaves_tensor_unchanged():
    x = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    v0 = version(x)
    with pytest.raises(RuntimeError):
        x[0] = torch.tensor([1.0, 2.0, 3.0])
    assert_close(x, [[1.0, 2.0], [3.0, 4.0]], rtol=0, atol=0)
    assert version(x) == v0


def test_failed_backward_leaves_graph_and_grads_usable():
    x = leaf([1.0, 2.0, 3.0])
    y = x * 2
    with pytest.raises(RuntimeError, match="Mismatch in shape"):
        y.backward(torch.tensor([1.0, 1.0], dtype=F64))
    assert x.grad is None
    with pytest.raises(RuntimeError, match="implicitly created only for scalar"):
        y.backward()
    assert x.grad is None
    y.backward(torch.tensor([1.0, 1.0, 1.0], dtype=F64))
    assert_close(x.grad, [2.0, 2.0, 2.0])


def test_failed_ops_leave_inputs_unchanged():
    a = leaf([[1.0, 2.0, 3.0]])
    with pytest.raises(RuntimeError):
        a @ torch.ones(2, 3, dtype=F64)
    with pytest.raises(RuntimeError):
        a.view(4)
    assert_close(a, [[1.0, 2.0, 3.0]], rtol=0, atol=0)
    assert a.grad is None and a.is_leaf
    assert to_np(a.detach()).shape == (1, 3)


# ---------------------------------------------------------------- versions, views


def test_every_inplace_change_bumps_the_version():
    t = torch.zeros(3)
    v0 = version(t)
    t.add_(1)
    t[0] = 2.0
    t.mul_(2)
    t += 1
    assert version(t) == v0 + 4
    u = t * 1  # an out-of-place op changes nothing
    assert version(t) == v0 + 4
    assert version(u) == 0


def test_basic_indexing_and_view_share_storage_advanced_indexing_copies():
    t = torch.zeros(2, 3)
    t[0].fill_(1.0)  # a view: writes through
    t.view(-1)[5] = 7.0  # a view too
    u = t[[0]]  # advanced indexing: a copy
    u.fill_(9.0)
    assert_close(t, [[1.0, 1.0, 1.0], [0.0, 0.0, 7.0]], rtol=0, atol=0)
    m = t[t > 5]  # a mask selects a copy as well
    m.fill_(-1.0)
    assert t[1, 2].item() == 7.0


def test_chained_index_assignment_writes_through():
    t = torch.zeros(2, 3)
    t[0][1] = 5.0  # t[0] is a view, so this changes t (as numpy and PyTorch do)
    t[:, 2].add_(1.0)
    assert_close(t, [[0.0, 5.0, 1.0], [0.0, 0.0, 1.0]], rtol=0, atol=0)


def test_inplace_change_of_a_base_reaches_its_existing_views_or_is_refused():
    # PyTorch: z shares y's storage, sees the change, and its gradient follows
    # (z = 2x, so dz/dx = 2). minigrad may raise a clear error instead;
    # what is never allowed is z == 2x with a gradient of 1.
    x = leaf([1.0, 2.0])
    y = x * 1
    z = y.view(2, 1)
    try:
        y.mul_(2)
        z.sum().backward()
    except RuntimeError:
        return
    assert_close(z, [[2.0], [4.0]])
    assert_close(x.grad, [2.0, 2.0])


@pytest.mark.parametrize(
    "make",
    [
        lambda x: x.sum(),
        lambda x: (x + 1).sum(),
        lambda x: x.mean(),
        lambda x: (-x).sum(),
        lambda x: torch.cat([x, x]).sum(),
    ],
    ids=["sum", "add_number", "mean", "neg", "cat"],
)
def test_second_backward_through_a_graph_that_saved_nothing_accumulates(make):
    # PyTorch frees saved tensors, not the graph: nodes that saved nothing can
    # run again (only nodes that saved something raise on a second backward).
    x = leaf([1.0, 2.0])
    y = make(x)
    y.backward()
    first = to_np(x.grad)
    y.backward()
    assert_close(x.grad, 2 * first)


# ------------------------------------------------ random in-place programs

# Straight-line programs over a pool of tensors that mix out-of-place ops,
# views and in-place changes (of values, of views, of bases). The rule:
# minigrad may refuse a program with a clear RuntimeError, but when
# it computes gradients they must be right (central differences are the judge).
# No kinks here (relu/abs/max at ties would make the finite differences moot).
OUT_OF_PLACE = [
    "a * b",
    "a + b",
    "a.exp()",
    "a.tanh()",
    "a.sigmoid()",
    "a * 2",
    "a + 1",
    "a.sin()",
    "a ** 2",
    "a.view(-1)",
    "a[0]",
    "a[1:]",
    "a.T",
    "a.unsqueeze(0)",
    "a.sum(0)",
    "a.clone()",
    "a / (1 + b * b)",
    "a[:, 0]",
    "a.reshape(-1)",
    "a.mean()",
    "a.cos()",
    "a.transpose(0, 1)",
]
IN_PLACE = [
    "a.mul_(2)",
    "a.add_(1)",
    "a.sub_(b)",
    "a.mul_(b)",
    "a.zero_()",
    "a.div_(2)",
    "a.copy_(b)",
    "a.fill_(0.3)",
    "a[0] = 1.5",
    "a[0] = b[0]",
    "a += 1",
    "a *= b",
]


@st.composite
def inplace_programs(draw):
    program = []
    pool = 4
    for _ in range(draw(st.integers(1, 7))):
        i = draw(st.integers(0, pool - 1))
        j = draw(st.integers(0, pool - 1))
        if draw(st.booleans()):
            program.append(("out", draw(st.sampled_from(OUT_OF_PLACE)), i, j))
            pool += 1
        else:
            program.append(("in", draw(st.sampled_from(IN_PLACE)), i, j))
    return program, draw(st.integers(0, 2**32 - 1))


def _run_inplace_program(program, x, w):
    pool = [x * 1, w * 1, x, w]
    for kind, stmt, i, j in program:
        env = {"a": pool[i], "b": pool[j]}
        if kind == "out":
            pool.append(eval(stmt, env))
        else:
            exec(stmt, env)
            pool[i] = env["a"]
    return sum((p * (k + 1)).sum() for k, p in enumerate(pool))


@hyp(300)
@given(case=inplace_programs())
def test_random_inplace_programs_never_give_silently_wrong_gradients(case):
    program, seed = case
    rng = np.random.default_rng(seed)
    arrays = [rng.uniform(-1, 1, size=(2, 2)) for _ in range(2)]
    x, w = (torch.tensor(a.copy(), requires_grad=True) for a in arrays)
    try:
        total = _run_inplace_program(program, x, w)
        total.backward()
    except IndexError:
        return  # the program indexed a 0-d or 1-d tensor wrongly: not the point
    except RuntimeError:
        return  # refused with an error: allowed

    def f(xa, wa):
        with torch.no_grad():
            return to_np(
                _run_inplace_program(
                    program, torch.tensor(xa.copy()), torch.tensor(wa.copy())
                )
            )

    event("gradients compared")
    nx, nw = numerical_vjp(f, arrays, np.array(1.0))
    for name, leaf_t, num in (("x", x, nx), ("w", w, nw)):
        got = np.zeros((2, 2)) if leaf_t.grad is None else to_np(leaf_t.grad)
        assert_close(got, num, rtol=1e-5, atol=1e-6, msg=f"d total / d {name}")


def test_a_single_element_of_a_vector_is_a_view_too():
    # numpy gives `a[0]` of a vector as a copied scalar; PyTorch (and minigrad)
    # give a 0-d view, so an in-place change writes through.
    t = torch.zeros(3)
    t[0].fill_(1.0)
    t[1] += 2.0
    assert t.tolist() == [1.0, 2.0, 0.0]


# ---------------------------------------------------------------- 0-d results


def _data(y):
    return y.data


@pytest.mark.parametrize(
    "make_view",
    [
        lambda y: y.view(()),
        lambda y: y[...],
        lambda y: y.detach(),
        lambda y: y.unsqueeze(0),
        lambda y: y.reshape(1, 1),
        _data,
        lambda y: y.expand(3),
    ],
    ids=["view", "getitem", "detach", "unsqueeze", "reshape", "data", "expand"],
)
def test_views_of_a_0d_result_share_its_memory(make_view):
    # minigrad keeps a 0-d result as a numpy scalar (fast); its views and
    # in-place changes must still share one memory, as in PyTorch.
    x = torch.tensor(1.5, dtype=F64)
    y = x * 2
    v = make_view(y)
    with torch.no_grad():
        y.add_(1)
    assert_close(v, np.full(v.shape, 4.0))
    # (PyTorch 2.13: .data shares the memory but has a version of its own)
    assert y._version == 1 and v._version == (0 if make_view is _data else 1)
    if v.numel() == 1:
        with torch.no_grad():
            v.mul_(2)
        assert_close(y, 8.0)


def test_numpy_of_a_0d_result_shares_its_memory():
    y = torch.tensor(1.5, dtype=F64) * 2
    array = y.numpy()
    y.add_(1)
    assert float(array) == 4.0


def test_in_place_change_of_a_saved_0d_result_is_refused():
    x = leaf(0.5)
    y = x.exp()  # saves its result, a 0-d tensor
    z = y * 1
    with torch.no_grad():
        y.mul_(2)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        (z + y).backward()


def test_the_gradient_of_a_power_zero_is_zero_even_for_an_inf_gradient():
    # PyTorch's pow_backward returns zeros for p == 0 (not grad * 0, a nan here)
    x = torch.tensor([2.0, -1.0], requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "invalid value" warning either
        (x**0).backward(torch.tensor([float("inf"), float("nan")]))
    assert x.grad.tolist() == [0.0, 0.0]
    (g,) = torch.autograd.grad(x**0, x, torch.ones(2), create_graph=True)
    assert g.tolist() == [0.0, 0.0] and g.grad_fn is None


def test_a_power_backward_multiplies_in_pytorchs_order():
    # grad * (p * x**(p-1)), the order PyTorch rounds float32 in
    x = torch.tensor([1.3, 0.7, 2.9], requires_grad=True)
    g = torch.tensor([0.3, 1.7, 0.1])
    (x**3).backward(g)
    x32, g32 = x.detach().numpy(), g.numpy()
    expected = g32 * (np.float32(3) * x32**2)
    assert x.grad.numpy().tobytes() == expected.tobytes()
    (first,) = torch.autograd.grad(x**3, x, g, create_graph=True)
    # grad's node reads the product p * x**(p-1), which reads x**(p-1)
    (product,) = [node for node, _ in first.grad_fn.next_functions if node]
    assert [n.name() for n, _ in product.next_functions if n] == ["PowBackward0"]
