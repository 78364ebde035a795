"""Bad or unusual inputs that used to give a wrong answer with no error (issue 14).

Each case was checked against PyTorch 2.13: the same value, or the same
exception type with the same message. Errors leave the user's state as it was.
"""

import numpy as np
import pytest
from mg_testutil import assert_close, numerical_vjp, to_np, torch

# ----- var / std of a constant: gradient 0, not nan ---------------------------------


@pytest.mark.parametrize("name", ["var", "std"])
@pytest.mark.parametrize("value", [1.0, 0.1, 3.7])
def test_var_std_of_a_constant_have_gradient_zero(name, value):
    x = torch.full((3,), value, requires_grad=True)
    getattr(x, name)().backward()
    assert_close(to_np(x.grad), np.zeros(3))


def test_std_gradient_is_zero_only_on_constant_slices():
    data = np.array([[2.0, 2.0, 2.0], [1.0, 2.0, 4.0]])
    x = torch.tensor(data, requires_grad=True)
    x.std(dim=1).sum().backward()
    assert_close(to_np(x.grad)[0], np.zeros(3))
    expected = numerical_vjp(lambda a: a.std(axis=1, ddof=1), [data[1:]], np.ones(1))
    assert_close(to_np(x.grad)[1], expected[0][0])


def test_std_with_correction_zero_of_one_element_has_gradient_zero():
    x = torch.ones(1, requires_grad=True)
    x.std(correction=0).backward()
    assert_close(to_np(x.grad), np.zeros(1))


# ----- sum / mean over an empty dim list reduce everything ---------------------------


@pytest.mark.parametrize("dim", [(), []])
def test_sum_and_mean_over_empty_dims_reduce_everything(dim):
    data = np.arange(6.0).reshape(2, 3)
    x = torch.tensor(data, requires_grad=True)
    assert to_np(x.sum(dim=dim)).shape == ()
    assert_close(to_np(x.sum(dim=dim)), data.sum())
    assert_close(to_np(x.mean(dim=dim)), data.mean())
    assert to_np(x.sum(dim=dim, keepdim=True)).shape == (1, 1)
    assert_close(to_np(torch.sum(x, dim)), data.sum())
    x.mean(dim=dim).backward()
    assert_close(to_np(x.grad), np.full((2, 3), 1 / 6))


# ----- max / min along an empty dim --------------------------------------------------


@pytest.mark.parametrize("name", ["max", "min"])
def test_max_min_along_an_empty_dim_name_that_dim(name):
    x = torch.ones(0, 3)
    with pytest.raises(IndexError, match=rf"{name}\(\): Expected reduction dim 0 "):
        getattr(x, name)(dim=0)
    with pytest.raises(IndexError, match="reduction dim 0 to have non-zero size"):
        getattr(x, name)(-2)
    with pytest.raises(RuntimeError, match=rf"{name}\(\): Expected reduction dim to"):
        getattr(x, name)()


def test_max_along_a_nonempty_dim_of_an_empty_tensor_is_empty():
    values, indices = torch.ones(0, 3).max(dim=1)
    assert tuple(values.shape) == (0,) and tuple(indices.shape) == (0,)


# ----- hooks may not change a gradient's shape or dtype ------------------------------


def _returns_two(grad):
    return torch.ones(2)


def _to_double(grad):
    return grad.double()


@pytest.mark.parametrize("leaf", [True, False])
@pytest.mark.parametrize(
    "hook, phrase",
    [
        (_returns_two, "hook '_returns_two' has changed the size of value"),
        (_to_double, "hook '_to_double' has changed the type of value"),
    ],
)
def test_a_hook_that_changes_shape_or_dtype_is_refused(leaf, hook, phrase):
    x = torch.ones(3, requires_grad=True)
    y = x * 2
    (x if leaf else y).register_hook(hook)
    with pytest.raises(RuntimeError, match=phrase):
        y.sum().backward()
    assert x.grad is None  # nothing accumulated


def test_a_hook_may_return_a_new_gradient_of_the_same_shape_and_dtype():
    x = torch.ones(3, requires_grad=True)
    x.register_hook(lambda grad: grad * 10)
    (x * 2).sum().backward()
    assert_close(to_np(x.grad), np.full(3, 20.0))


def test_a_hook_returning_a_number_is_refused():
    x = torch.ones(3, requires_grad=True)
    x.register_hook(lambda grad: 3.0)
    with pytest.raises(TypeError, match="hook returned 'float'"):
        (x * 2).sum().backward()
    assert x.grad is None


# ----- flags must be bools -----------------------------------------------------------


@pytest.mark.parametrize("flag", ["no", "False", 1, None, np.bool_(True)])
def test_requires_grad_flags_must_be_bools(flag):
    with pytest.raises(TypeError, match="argument 'requires_grad' must be bool"):
        torch.tensor([1.0], requires_grad=flag)
    with pytest.raises(TypeError, match="argument 'requires_grad' must be bool"):
        torch.zeros(2, requires_grad=flag)
    x = torch.ones(2)
    with pytest.raises(TypeError, match=r"requires_grad_\(\): argument"):
        x.requires_grad_(flag)
    with pytest.raises(RuntimeError, match="requires_grad must be a bool"):
        x.requires_grad = flag
    assert x.requires_grad is False  # left as it was


@pytest.mark.parametrize("flag", ["yes", "False", 0, None])
def test_set_grad_enabled_takes_only_a_bool(flag):
    with pytest.raises(TypeError, match=r"set_grad_enabled\(\): argument 'enabled'"):
        torch.set_grad_enabled(flag)
    assert torch.is_grad_enabled() is True  # left as it was


def test_bool_flags_still_work():
    assert torch.tensor([1.0], requires_grad=True).requires_grad
    x = torch.ones(2).requires_grad_(True)
    x.requires_grad = False
    assert not x.requires_grad
    with torch.set_grad_enabled(False):
        assert not torch.is_grad_enabled()
    assert torch.is_grad_enabled()


# ----- dtype= takes a library dtype (or float, int, bool) ---------------------------


@pytest.mark.parametrize("dtype", [np.float32, "float32", np.dtype("float64")])
def test_dtype_arguments_must_be_library_dtypes(dtype):
    with pytest.raises(TypeError, match="argument 'dtype' must be"):
        torch.zeros(2, dtype=dtype)
    with pytest.raises(TypeError, match="argument 'dtype' must be"):
        torch.tensor([1.0], dtype=dtype)


def test_python_types_are_accepted_as_dtypes():
    assert torch.ones(1, dtype=float).dtype == torch.float64
    assert torch.ones(1, dtype=int).dtype == torch.int64
    assert torch.tensor([1], dtype=bool).dtype == torch.bool


# ----- indexing with a negative step; where with a non-bool condition ----------------


@pytest.mark.parametrize("index", [slice(None, None, -1), (0, slice(None, None, -2))])
def test_a_negative_slice_step_is_refused(index):
    x = torch.arange(6.0).reshape(2, 3)
    with pytest.raises(ValueError, match="step must be greater than zero"):
        x[index]
    with pytest.raises(ValueError, match="step must be greater than zero"):
        x[index] = 0.0
    assert_close(to_np(x), np.arange(6.0).reshape(2, 3))  # left as it was


def test_positive_slice_steps_still_work():
    assert_close(to_np(torch.arange(5.0)[::2]), [0.0, 2.0, 4.0])


@pytest.mark.parametrize(
    "dtype, name", [("float32", "Float"), ("float64", "Double"), ("int64", "Long")]
)
def test_where_needs_a_boolean_condition(dtype, name):
    condition = torch.ones(2, dtype=getattr(torch, dtype))
    with pytest.raises(
        RuntimeError,
        match=f"where expected condition to be a boolean tensor, but got a tensor "
        f"with dtype {name}",
    ):
        torch.where(condition, torch.ones(2), torch.zeros(2))


def test_where_with_a_boolean_condition_still_works():
    a = torch.ones(2, requires_grad=True)
    out = torch.where(torch.tensor([True, False]), a, torch.zeros(2))
    out.sum().backward()
    assert_close(to_np(out), [1.0, 0.0])
    assert_close(to_np(a.grad), [1.0, 0.0])


# ----- deepcopy, empty inputs=, custom Function returning a number -------------------


def test_deepcopy_of_a_non_leaf_is_refused():
    import copy

    x = torch.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match=r"Only Tensors created explicitly by the"):
        copy.deepcopy(x * 2)


def test_deepcopy_of_a_leaf_is_an_independent_copy():
    import copy

    x = torch.ones(2, requires_grad=True)
    (x * 3).sum().backward()
    twin = copy.deepcopy(x)
    assert twin is not x and twin.requires_grad and twin.grad is not None
    twin.grad.add_(1.0)
    with torch.no_grad():
        twin.add_(1.0)
    assert_close(to_np(x.grad), [3.0, 3.0])
    assert_close(to_np(x), [1.0, 1.0])


@pytest.mark.parametrize("empty", [[], ()])
def test_grad_with_no_inputs_is_refused(empty):
    x = torch.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match=r"`inputs` argument to `grad\(\)` cannot"):
        torch.autograd.grad((x * 2).sum(), empty)


def test_backward_with_no_inputs_is_refused_and_accumulates_nothing():
    x = torch.ones(2, requires_grad=True)
    y = (x * 2).sum()
    with pytest.raises(RuntimeError, match=r"`inputs` argument to `backward\(\)`"):
        y.backward(inputs=[])
    with pytest.raises(RuntimeError, match=r"`inputs` argument to `backward\(\)`"):
        torch.autograd.backward(y, inputs=[])
    assert x.grad is None
    y.backward(inputs=[x])  # the graph is still there
    assert_close(to_np(x.grad), [2.0, 2.0])


class _ReturnsAFloat(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return 3.0

    @staticmethod
    def backward(ctx, grad):
        return grad


@pytest.mark.parametrize("requires_grad", [True, False])
def test_a_function_whose_forward_returns_a_float_gives_the_float(requires_grad):
    out = _ReturnsAFloat.apply(torch.ones(1, requires_grad=requires_grad))
    assert type(out) is float and out == 3.0


# ----- Python lists as operands ------------------------------------------------------

_LIST_OPERATIONS = {
    "+": lambda x, v: x + v,
    "-": lambda x, v: x - v,
    "*": lambda x, v: x * v,
    "/": lambda x, v: x / v,
    "**": lambda x, v: x**v,
    "+ (reflected)": lambda x, v: v + x,
    "- (reflected)": lambda x, v: v - x,
    "* (reflected)": lambda x, v: v * x,
    "/ (reflected)": lambda x, v: v / x,
    "** (reflected)": lambda x, v: v**x,
}


@pytest.mark.parametrize("operation", sorted(_LIST_OPERATIONS))
@pytest.mark.parametrize("sequence", [[1.0, 2.0], (1.0, 2.0)])
def test_a_list_operand_is_refused(operation, sequence):
    x = torch.ones(2, requires_grad=True)
    with pytest.raises(TypeError):
        _LIST_OPERATIONS[operation](x, sequence)


def test_a_list_operand_of_matmul_is_refused_with_a_way_out():
    with pytest.raises(TypeError, match="unsupported operand type"):
        torch.ones(1, 2) @ [[1.0], [1.0]]
    with pytest.raises(TypeError, match="unsupported operand type"):
        [[1.0, 1.0]] @ torch.ones(2, 1)


def test_numbers_and_arrays_stay_fine_as_operands():
    x = torch.ones(2)
    assert_close(to_np(2 * x + 1.5), [3.5, 3.5])
    assert_close(to_np(x * np.array([1.0, 2.0])), [1.0, 2.0])
    assert_close(to_np(x * torch.tensor([1.0, 2.0])), [1.0, 2.0])
