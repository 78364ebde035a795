"""Views, in-place changes and saved values, where minigrad differed from PyTorch.

Each case was checked against PyTorch 2.13: the same values, or the same
exception type with PyTorch's message (minigrad may add a hint after it).
"""

import numpy as np
import pytest
from mg_testutil import assert_close, to_np, torch

F = torch.nn.functional

MODIFIED = "modified by an inplace operation"

# ----- iterating and unbinding give views, 1-d included ----------------------------


def test_iterating_a_1d_tensor_gives_views_that_write_through():
    a = torch.arange(3.0)
    for element in a:
        element.add_(1)
    assert to_np(a).tolist() == [1.0, 2.0, 3.0]


@pytest.mark.parametrize("shape", [(3,), (3, 2)])
def test_unbind_gives_views_of_any_rank(shape):
    b = torch.zeros(shape)
    b.unbind()[0].fill_(9)
    assert to_np(b)[0].ravel().tolist() == [9.0] * (b[0].numel())
    assert to_np(b)[1:].sum() == 0


def test_the_gradient_through_iterated_elements_is_unchanged():
    x = torch.arange(3.0, requires_grad=True)
    total = sum(e * e for e in x * 2)
    total.backward()
    assert_close(to_np(x.grad), np.array([0.0, 8.0, 16.0]))


# ----- the views that split, chunk and unbind return together ----------------------


@pytest.mark.parametrize(
    "piece, name, nr",
    [
        (lambda y: y.split(1)[0], "Split", 0),
        (lambda y: y.chunk(3)[1], "Split", 1),
        (lambda y: y.unbind()[0], "Unbind", 0),
        (lambda y: y.split([1, 2])[1], "SplitWithSizes", 1),
    ],
)
def test_changing_one_of_several_views_in_place_is_refused(piece, name, nr):
    x = torch.arange(3.0, requires_grad=True)
    y = x * 1
    with pytest.raises(RuntimeError, match=f"Output {nr} of {name} is a view"):
        piece(y).mul_(2)
    assert to_np(y).tolist() == [0.0, 1.0, 2.0]  # left as it was


def test_several_views_may_change_when_nothing_is_recorded():
    x = torch.arange(3.0, requires_grad=True)
    with torch.no_grad():
        y = x * 1
        y.split(1)[1].mul_(5)
    assert to_np(y).tolist() == [0.0, 5.0, 2.0]
    z = torch.arange(3.0)  # nothing requires grad
    z.chunk(3)[2].fill_(7)
    assert to_np(z).tolist() == [0.0, 1.0, 7.0]


# ----- shapes with a negative size other than -1 ------------------------------------


@pytest.mark.parametrize("method", ["view", "reshape"])
@pytest.mark.parametrize("shape", [(-2, 3), (2, -3), (-6,)])
def test_a_size_below_minus_one_is_refused(method, shape):
    with pytest.raises(RuntimeError, match="invalid shape dimension"):
        getattr(torch.arange(6.0), method)(*shape)


# ----- assigning through an index takes a number or a tensor ------------------------


@pytest.mark.parametrize(
    "value, kind",
    [(None, "NoneType"), ([7.0, 8.0], "list"), ((7.0, 8.0), "tuple"), ("a", "str")],
)
def test_assigning_something_else_raises_type_error_and_changes_nothing(value, kind):
    v = torch.arange(3.0)
    with pytest.raises(TypeError, match=f"can't assign a {kind} to a"):
        v[0:2] = value
    assert to_np(v).tolist() == [0.0, 1.0, 2.0]


def test_assigning_an_array_raises_type_error():
    v = torch.arange(3.0)
    with pytest.raises(TypeError, match="can't assign a numpy.ndarray to a"):
        v[0:2] = np.array([7.0, 8.0])


@pytest.mark.parametrize("value", [3, 3.0, True, np.float64(3.0), np.int32(3)])
def test_assigning_a_number_works(value):
    v = torch.arange(3.0)
    v[0:2] = value
    assert to_np(v).tolist() == [float(value), float(value), 2.0]


# ----- a value backward needs, changed in place in between, is refused -------------


@pytest.mark.parametrize(
    "op",
    [
        lambda a: a.max(),
        lambda a: a.min(),
        lambda a: a.amax(),
        lambda a: a.amin(0),
        lambda a: a.median(),
        lambda a: a.aminmax()[1],
        lambda a: torch.maximum(a, torch.full((3,), 1.5)),
        lambda a: torch.minimum(a, torch.full((3,), 1.5)),
        lambda a: torch.fmax(a, torch.full((3,), 1.5)),
        lambda a: F.max_pool1d(a.view(1, 1, 3), 2),
        lambda a: F.max_pool2d(a.view(1, 1, 1, 3), (1, 2)),
    ],
)
def test_an_op_whose_backward_reads_its_input_refuses_a_changed_input(op):
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    a = x * 1.0
    y = op(a)
    a.mul_(1.5)
    with pytest.raises(RuntimeError, match=MODIFIED):
        y.sum().backward()
    assert x.grad is None


@pytest.mark.parametrize(
    "op",
    [
        lambda a: a.max(0)[0],  # (along a dim: only the indices are kept)
        lambda a: torch.lerp(a, torch.ones(3), 0.3),  # (a number as weight)
        lambda a: a.sort()[0],
        lambda a: a.kthvalue(2)[0],
    ],
)
def test_an_op_that_keeps_no_input_allows_changing_it(op):
    def gradient(change):
        x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
        a = x * 1.0
        y = op(a)
        if change:
            a.mul_(1.5)
        (y * torch.tensor([1.0, 2.0, 3.0])[: y.numel()]).sum().backward()
        return to_np(x.grad)

    assert_close(gradient(change=True), gradient(change=False))


def test_lerp_with_a_tensor_weight_still_differentiates_the_weight():
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    end = torch.tensor([3.0, 6.0], requires_grad=True)
    w = torch.tensor([0.25, 0.5], requires_grad=True)
    torch.lerp(a, end, w).sum().backward()
    assert_close(to_np(a.grad), np.array([0.75, 0.5]))
    assert_close(to_np(end.grad), np.array([0.25, 0.5]))
    assert_close(to_np(w.grad), np.array([2.0, 4.0]))


# ----- `...` in an index written back (Python's `a[..., k] += v`) -------------------


def test_an_augmented_assignment_through_an_ellipsis_index_works():
    a = torch.arange(12.0).reshape(3, 4)
    a[..., 1] += 1
    b = torch.arange(12.0).reshape(3, 4)
    b[..., 2] = b[..., 1]
    expected = np.arange(12.0).reshape(3, 4)
    expected[:, 1] += 1
    assert_close(to_np(a), expected)
    assert to_np(b)[:, 2].tolist() == [1.0, 5.0, 9.0]


def test_the_gradient_through_an_ellipsis_in_place_change():
    x = torch.arange(12.0, requires_grad=True)
    y = (x * 1).reshape(3, 4)
    y[..., 1] *= 3
    y.sum().backward()
    expected = np.ones((3, 4))
    expected[:, 1] = 3
    assert_close(to_np(x.grad), expected.ravel())


# ----- retain_grad() follows the tensor through an in-place change ------------------


def test_retained_grad_is_that_of_the_value_after_an_in_place_change():
    x = torch.ones(4, requires_grad=True)
    y = x * 2
    y.retain_grad()
    y.mul_(3)
    assert y.retains_grad
    y.sum().backward()
    assert to_np(y.grad).tolist() == [1.0] * 4
    assert to_np(x.grad).tolist() == [6.0] * 4


def test_retained_grad_follows_an_in_place_change_through_a_view():
    x = torch.ones(4, requires_grad=True)
    y = x * 2
    y.retain_grad()
    y[1:] *= 3
    y.sum().backward()
    assert to_np(y.grad).tolist() == [1.0] * 4
    assert to_np(x.grad).tolist() == [2.0, 6.0, 6.0, 6.0]


# ----- a view made under no_grad is not changed in place with grad mode on ----------


@pytest.mark.parametrize("leaf", [True, False])
@pytest.mark.parametrize(
    "change",
    [
        lambda v: v.mul_(2),
        lambda v: v.add_(1),
        lambda v: v.zero_(),
        lambda v: v.fill_(1.0),
        lambda v: v.copy_(torch.ones(3)),
        lambda v: v.uniform_(),
        lambda v: v[1:].mul_(2),  # a view of that view
    ],
)
def test_a_view_made_under_no_grad_refuses_an_in_place_change_later(leaf, change):
    x = torch.ones(4, requires_grad=True)
    if not leaf:
        x = x * 1
    with torch.no_grad():
        v = x[1:]
    with pytest.raises(RuntimeError, match="created in no_grad mode and is being"):
        change(v)
    assert to_np(x).tolist() == [1.0] * 4
    with torch.no_grad():  # inside no_grad, as where it was made: allowed
        change(v)


def test_a_view_made_under_inference_mode_refuses_an_in_place_change_later():
    x = torch.ones(4, requires_grad=True) * 1
    with torch.inference_mode():
        v = x[1:]
    with pytest.raises(RuntimeError, match="A view was created in inference mode"):
        v.mul_(2)


def test_views_of_tensors_without_gradient_change_freely():
    z = torch.ones(3)
    with torch.no_grad():
        zv = z[1:]
    zv.mul_(2)
    x = torch.ones(3, requires_grad=True)
    with torch.no_grad():
        xv = x.detach()[1:]
    xv.mul_(2)
    assert to_np(z).tolist() == [1.0, 2.0, 2.0] == to_np(x).tolist()


# ----- fill_, uniform_, normal_ and .data refuse what PyTorch refuses --------------


@pytest.mark.parametrize("value", ["a", None, [1.0]])
def test_fill_takes_a_number(value):
    t = torch.zeros(2)
    with pytest.raises(TypeError):
        t.fill_(value)
    assert to_np(t).tolist() == [0.0, 0.0]


@pytest.mark.parametrize(
    "dtype, value",
    [
        ("int64", 2**63),
        ("int64", float("nan")),
        ("uint8", 300),
        ("int64", float("inf")),
    ],
)
def test_fill_refuses_a_value_the_dtype_cannot_hold(dtype, value):
    t = torch.zeros(2, dtype=getattr(torch, dtype))
    with pytest.raises(RuntimeError, match="without overflow"):
        t.fill_(value)
    assert to_np(t).tolist() == [0, 0]


def test_random_fills_check_their_bounds_and_dtype():
    t = torch.zeros(2)
    with pytest.raises(RuntimeError, match=r"expects to return a \[from, to\) range"):
        t.uniform_(1, 0)
    for std in (-1.0, float("nan")):
        with pytest.raises(RuntimeError, match="normal expects std >= 0.0"):
            t.normal_(0, std)
    assert to_np(t).tolist() == [0.0, 0.0]
    n = torch.zeros(2, dtype=torch.int64)
    with pytest.raises(NotImplementedError, match="normal_kernel_cpu"):
        n.normal_()
    with pytest.raises(NotImplementedError, match="check_uniform_bounds"):
        n.uniform_()


def test_data_takes_a_tensor_of_a_float_dtype_where_grad_is_required():
    p = torch.ones(2, requires_grad=True)
    with pytest.raises(
        TypeError, match="Variable data has to be a tensor, but got list"
    ):
        p.data = [1.0]
    with pytest.raises(RuntimeError, match="must be floating point"):
        p.data = torch.ones(2, dtype=torch.int64)
    p.data = torch.zeros(3)  # another shape: allowed, as in PyTorch
    assert p.shape == (3,) and p.requires_grad
    q = torch.ones(2)
    q.data = torch.ones(2, dtype=torch.int64)  # no gradient: any dtype
    assert q.dtype == torch.int64


# ----- a Size sliced, joined or repeated is a Size ----------------------------------


def test_slicing_joining_and_repeating_a_size_give_a_size():
    s = torch.Size([2, 3, 4])
    for result in (s[1:], s[::-1], s + (5,), (1,) + s, s * 2, 2 * s):
        assert type(result) is torch.Size
    assert s[1:].numel() == 12 and s[-1] == 4 and type(s[0]) is int
    assert s + (5,) == (2, 3, 4, 5) and (1,) + s == (1, 2, 3, 4)
    with pytest.raises(TypeError, match=r"can only concatenate tuple \(not list\)"):
        s + [1]
