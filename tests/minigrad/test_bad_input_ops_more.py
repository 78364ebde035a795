"""Bad or unusual input to the tensor ops, as PyTorch answers it.

Each test gives the op input a probe found minigrad answering differently
from PyTorch: numpy's errors leaking out, the wrong exception type, or valid
input refused. Messages are matched on a distinctive part of PyTorch's, so
the tests pass under real PyTorch too (MINIGRAD_TEST_BACKEND=torch); a
failed in-place op must leave its tensor as it was.
"""

import warnings

import numpy as np
import pytest
from mg_testutil import IS_TORCH, assert_close, to_np, torch

BROADCAST = "must match the size of tensor b"


# ----- 1. numpy's errors must not leak --------------------------------------------


@pytest.mark.parametrize("name", ["logical_and", "logical_or", "logical_xor"])
def test_logical_ops_refuse_shapes_that_do_not_broadcast(name):
    a, b = torch.ones(2, 3).bool(), torch.ones(3, 2).bool()
    with pytest.raises(RuntimeError, match=BROADCAST):
        getattr(torch, name)(a, b)
    with pytest.raises(RuntimeError, match=BROADCAST):
        getattr(a, name)(b)


def test_logical_and_still_broadcasts():
    out = torch.logical_and(torch.tensor([[1.0], [0.0]]), torch.tensor([2, 0]))
    assert to_np(out).tolist() == [[True, False], [False, False]]


@pytest.mark.parametrize("bound", ["min", "max"])
def test_clamp_refuses_a_tensor_bound_of_another_shape(bound):
    v = torch.arange(3.0)
    with pytest.raises(RuntimeError, match=BROADCAST):
        torch.clamp(v, **{bound: torch.ones(2)})
    with pytest.raises(RuntimeError, match=BROADCAST):
        v.clamp_(**{bound: torch.ones(2)})
    assert to_np(v).tolist() == [0.0, 1.0, 2.0]  # unchanged


def test_clamp_min_max_refuse_a_bound_of_another_shape():
    v = torch.arange(3.0)
    with pytest.raises(RuntimeError, match=BROADCAST):
        torch.clamp_min(v, torch.ones(2))
    with pytest.raises(RuntimeError, match=BROADCAST):
        v.clamp_max(torch.ones(2))


JOINS = ["cat", "stack", "hstack", "vstack", "dstack", "column_stack"]


@pytest.mark.parametrize("name", JOINS)
def test_joins_refuse_an_element_that_is_not_a_tensor(name):
    join = getattr(torch, name)
    with pytest.raises(TypeError, match="expected Tensor as element 1 in argument 0"):
        join([torch.ones(2), None])
    with pytest.raises(TypeError, match="expected Tensor as element 0 in argument 0"):
        join([[1.0], [2.0]])
    with pytest.raises(TypeError, match="must be tuple of Tensors, not Tensor"):
        join(torch.ones(2))


@pytest.mark.parametrize("name", ["hstack", "vstack", "dstack", "column_stack"])
def test_joins_refuse_no_tensors(name):
    with pytest.raises(RuntimeError, match="expects a non-empty TensorList"):
        getattr(torch, name)([])


def test_index_list_holding_lists_is_one_index_per_dimension():
    v = torch.arange(3.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # (deprecated, as PyTorch)
        with pytest.raises(IndexError, match="too many indices for tensor of dim"):
            v[[[0, 1], [2]]]
        x = torch.arange(6.0).view(2, 3)
        assert to_np(x[[[0, 1], [2, 0]]]).tolist() == [2.0, 3.0]
        assert to_np(x[[0, slice(None)]]).tolist() == [0.0, 1.0, 2.0]
        x[[[0, 1], [2, 0]]] = 7.0
    assert to_np(x).tolist() == [[0.0, 1.0, 7.0], [7.0, 4.0, 5.0]]


def test_setitem_out_of_bounds_says_dimension_and_changes_nothing():
    x = torch.arange(3.0)
    with pytest.raises(IndexError, match="index 5 is out of bounds for dimension 0"):
        x[(torch.tensor([0, 5]),)] = 9.0
    with pytest.raises(IndexError, match="index -5 is out of bounds for dimension"):
        x[[0, -5]] = 9.0
    with pytest.raises(IndexError, match="index 5 is out of bounds for dimension 0"):
        x[torch.tensor([0, 5])]
    if not IS_TORCH:  # (PyTorch has written x[0] before it finds index 5)
        assert to_np(x).tolist() == [0.0, 1.0, 2.0]


def test_mask_of_another_shape_gets_pytorchs_message():
    x = torch.arange(3.0)
    text = r"The shape of the mask \[2\] at index 0 does not match the shape of "
    with pytest.raises(IndexError, match=text + r"the indexed tensor \[3\]"):
        x[torch.tensor([True, False])] = 9.0
    with pytest.raises(IndexError, match=text):
        x[torch.tensor([True, False])]
    assert to_np(x).tolist() == [0.0, 1.0, 2.0]
    m = torch.arange(6.0).view(2, 3)
    with pytest.raises(IndexError, match=r"indexed tensor \[2, 3\] at index 1"):
        m[:, torch.tensor([True, False])]


def test_too_many_array_indices():
    with pytest.raises(IndexError, match="too many indices for tensor of dimension 1"):
        torch.arange(3.0)[[0], [0]]


# ----- 2. PyTorch's exception types -----------------------------------------------


def test_permute_with_too_many_dims():
    with pytest.raises(RuntimeError, match="input.dim\\(\\) = 2 is not equal to len"):
        torch.ones(2, 3).permute(0, 1, 2)


def test_narrow_of_a_0_dim_tensor():
    with pytest.raises(RuntimeError, match="cannot be applied to a 0-dim tensor"):
        torch.tensor(1.0).narrow(0, 0, 1)
    with pytest.raises(RuntimeError, match="cannot be applied to a 0-dim tensor"):
        torch.narrow(torch.tensor(1.0), 0, 0, 1)


def test_norm_orders():
    x = torch.ones(2, 3)
    with pytest.raises(RuntimeError, match="Order foo not supported"):
        x.norm("foo")
    with pytest.raises(TypeError, match="must be Number, not list"):
        x.norm([1])
    assert_close(x.norm(None), np.sqrt(6.0))  # None: the default, 2
    assert_close(x.norm(None, dim=1), np.full(2, np.sqrt(3.0)))
    assert np.isnan(to_np(x.norm(float("nan"))))


def test_matmul_with_a_number():
    t = torch.ones(2)
    with pytest.raises(TypeError, match="unsupported operand type"):
        t @ 2
    with pytest.raises(TypeError, match="unsupported operand type"):
        2.0 @ t
    with pytest.raises(TypeError, match="must be Tensor, not int"):
        torch.matmul(t, 2)
    with pytest.raises(TypeError, match="must be Tensor, not int"):
        t.matmul(2)


def test_kthvalue_of_an_empty_dim():
    with pytest.raises(IndexError, match="Expected reduction dim 0 to have non-zero"):
        torch.ones(0).kthvalue(1)
    with pytest.raises(IndexError, match="Expected reduction dim 1 to have non-zero"):
        torch.ones(2, 0).kthvalue(1)


def test_shifts_of_floats_and_bools_are_not_implemented():
    with pytest.raises(NotImplementedError, match='"lshift_cpu" not implemented'):
        torch.ones(2) << 1
    with pytest.raises(NotImplementedError, match='"rshift_cpu" not implemented'):
        torch.tensor([1, 2]) >> torch.ones(2)
    with pytest.raises(NotImplementedError, match="not implemented for 'Bool'"):
        torch.tensor([True]) << True
    with pytest.raises(TypeError, match="unsupported operand type"):
        torch.tensor([1]) << [1]


def test_shifts_of_integers():
    i = torch.tensor([1, 2, -8], dtype=torch.int32)
    assert to_np(i << 1).tolist() == [2, 4, -16]
    assert (i << 1).dtype == torch.int32
    assert to_np(i >> 1).tolist() == [0, 1, -4]
    big = torch.tensor([1, 2, -8])
    # A negative count, or one of the width or more, shifts every bit out.
    assert to_np(big << -1).tolist() == [0, 0, 0]
    assert to_np(big >> 64).tolist() == [0, 0, -1]
    assert to_np(big << torch.tensor([1, 2, 64])).tolist() == [2, 8, 0]
    assert to_np(1 << big).tolist() == [2, 4, 0]
    assert to_np(64 >> torch.tensor([1, 2])).tolist() == [32, 16]
    assert to_np(torch.tensor([True]) << 1).tolist() == [2]
    assert to_np(big.bitwise_left_shift(2)).tolist() == [4, 8, -32]
    assert to_np(big.bitwise_right_shift(2)).tolist() == [0, 0, -2]


def test_shift_in_place():
    a = torch.tensor([1, 2])
    same = a
    a <<= 2
    assert a is same and to_np(a).tolist() == [4, 8]
    a >>= 1
    assert to_np(a).tolist() == [2, 4]
    flags = torch.tensor([True])
    with pytest.raises(RuntimeError, match="can't be cast to the desired output"):
        flags <<= 1
    assert to_np(flags).tolist() == [True]


# ----- 3. valid input PyTorch takes ------------------------------------------------


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_softmax_of_nothing(name):
    x = torch.ones(0, requires_grad=True)
    out = getattr(x, name)(0)
    assert tuple(out.shape) == (0,)
    out.sum().backward()
    assert tuple(x.grad.shape) == (0,)
    assert tuple(getattr(torch.ones(3, 0), name)(1).shape) == (3, 0)


def test_cat_skips_a_legacy_empty_vector():
    a = torch.ones(0, requires_grad=True)
    b = torch.ones(2, 2, requires_grad=True)
    assert tuple(torch.cat([a, b]).shape) == (2, 2)
    out = torch.cat([b, a, b], dim=1)
    assert tuple(out.shape) == (2, 4)
    out.backward(torch.arange(8.0).view(2, 4))
    assert tuple(a.grad.shape) == (0,)
    assert to_np(b.grad).tolist() == [[2.0, 4.0], [10.0, 12.0]]
    assert torch.cat([torch.ones(0, dtype=torch.float64), b]).dtype == torch.float64
    with pytest.raises(RuntimeError):
        torch.cat([torch.ones(0, 3), torch.ones(2, 2)])


def test_fill_of_expanded_memory():
    a = torch.ones(3)
    b = a.expand(2, 3)
    b.zero_()
    assert to_np(a).tolist() == [0.0, 0.0, 0.0]
    b.fill_(5)
    assert to_np(b).tolist() == [[5.0] * 3] * 2
    s = torch.tensor(1.0)
    s.expand(3).fill_(2)
    assert s.item() == 2.0
    # Another in-place op would write one element twice: refused, unchanged.
    with pytest.raises(RuntimeError, match="more than one element of the written"):
        b.add_(1)
    assert to_np(a).tolist() == [5.0, 5.0, 5.0]


def test_several_ellipses():
    v = torch.arange(3.0)
    assert to_np(v[..., ...]).tolist() == [0.0, 1.0, 2.0]
    x = torch.arange(6.0).view(2, 3)
    assert to_np(x[..., 0, ...]).tolist() == [0.0, 3.0]
    assert to_np(x[0, ..., ...]).tolist() == [0.0, 1.0, 2.0]
    assert tuple(x[..., ..., ...].shape) == (2, 3)
    v[..., ...] = 5.0
    assert to_np(v).tolist() == [5.0, 5.0, 5.0]


def test_contains():
    assert 1 in torch.tensor(1.0)
    t = torch.tensor([1.0, 2.0])
    assert t in t
    assert 3 not in t
    assert torch.tensor([0.0, 1.0, 2.0]) in torch.arange(6.0).view(2, 3)
    for element in ("a", [1.0], None, np.array([2.0])):
        with pytest.raises(RuntimeError, match="only supports Tensor or scalar"):
            element in t  # noqa: B015


def test_conv_of_a_batch_of_nothing():
    F = torch.nn.functional
    w = torch.ones(2, 1, 2, 2, requires_grad=True)
    x = torch.ones(0, 1, 3, 3, requires_grad=True)
    out = F.conv2d(x, w, torch.ones(2), padding=1, stride=2)
    assert tuple(out.shape) == (0, 2, 2, 2)
    out.sum().backward()
    assert tuple(x.grad.shape) == (0, 1, 3, 3)
    assert to_np(w.grad).tolist() == np.zeros((2, 1, 2, 2)).tolist()
    x1 = torch.ones(0, 1, 3, requires_grad=True)
    F.conv1d(x1, torch.ones(2, 1, 2)).sum().backward()
    assert tuple(x1.grad.shape) == (0, 1, 3)
    assert tuple(F.conv_transpose2d(x, torch.ones(1, 2, 2, 2)).shape) == (0, 2, 4, 4)
    assert tuple(F.unfold(x, 2).shape) == (0, 4, 4)
    assert tuple(F.fold(torch.ones(0, 4, 4), (3, 3), 2).shape) == (0, 1, 3, 3)


@pytest.mark.parametrize(
    "pool, shape, expected",
    [
        ("max_pool1d", (0, 1, 4), (0, 1, 2)),
        ("avg_pool1d", (0, 1, 4), (0, 1, 2)),
        ("max_pool2d", (0, 1, 4, 4), (0, 1, 2, 2)),
        ("avg_pool2d", (0, 1, 4, 4), (0, 1, 2, 2)),
        ("adaptive_max_pool1d", (0, 1, 4), (0, 1, 2)),
        ("adaptive_max_pool2d", (0, 1, 4, 4), (0, 1, 2, 2)),
        ("adaptive_avg_pool2d", (0, 1, 4, 4), (0, 1, 2, 2)),
    ],
)
def test_pooling_of_a_batch_of_nothing(pool, shape, expected):
    x = torch.ones(*shape, requires_grad=True)
    out = getattr(torch.nn.functional, pool)(x, 2)
    assert tuple(out.shape) == expected
    out.sum().backward()
    assert tuple(x.grad.shape) == shape


def test_pooling_refuses_empty_non_batch_dims():
    F = torch.nn.functional
    with pytest.raises(RuntimeError, match="with optional 0 dim batch size"):
        F.max_pool2d(torch.ones(1, 0, 4, 4), 2)
    with pytest.raises(RuntimeError, match="non-zero size for non-batch dimensions"):
        F.adaptive_avg_pool2d(torch.ones(1, 1, 0, 4), 2)


def test_normalisation_of_a_batch_of_nothing():
    F = torch.nn.functional
    x = torch.ones(0, 2, 3, requires_grad=True)
    weight = torch.ones(2, requires_grad=True)
    out = F.group_norm(x, 2, weight, torch.ones(2))
    assert tuple(out.shape) == (0, 2, 3)
    out.sum().backward()
    assert tuple(x.grad.shape) == (0, 2, 3)
    assert tuple(F.instance_norm(torch.ones(0, 2, 3)).shape) == (0, 2, 3)
    assert tuple(F.instance_norm(torch.ones(2, 2, 0)).shape) == (2, 2, 0)
    mean, var = torch.zeros(2), torch.ones(2)
    out = F.batch_norm(torch.ones(0, 2), mean, var, training=True)
    assert tuple(out.shape) == (0, 2)
    assert to_np(mean).tolist() == [0.0, 0.0]  # the running statistics unchanged


def test_einsum_broadcasts_a_size_1_dim_to_0():
    out = torch.einsum("bi,bj->bij", torch.ones(1, 3), torch.ones(0, 2))
    assert tuple(out.shape) == (0, 3, 2)
    F = torch.nn.functional
    assert tuple(
        F.bilinear(torch.ones(0, 3), torch.ones(0, 3), torch.ones(2, 3, 3)).shape
    ) == (0, 2)


# ----- 4. numpy arrays as operands --------------------------------------------------


def test_numpy_array_operand_keeps_numpys_dtype():
    f = torch.ones(2)
    assert (f + np.ones(2)).dtype == torch.float64
    assert (f * np.ones(2, dtype=np.float32)).dtype == torch.float32
    assert (torch.ones(2, dtype=torch.long) + np.ones(2, dtype=np.float32)).dtype == (
        torch.float64
    )
    assert (f + np.array(1.0)).dtype == torch.float64
    assert (f + np.float64(1.0)).dtype == torch.float32  # (a scalar: a number)
    assert (f ** np.ones(2)).dtype == torch.float64
    assert_close(f - np.ones(2), np.zeros(2))


def test_numpy_array_operand_with_a_tensor_that_requires_grad():
    x = torch.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match="Can't call numpy\\(\\) on Tensor that"):
        x * np.ones(2)
