"""repeat_interleave, tile, cumprod, diff, ravel, t, fmax/fmin, var_mean/std_mean,
new_empty, logspace, meshgrid, broadcast_to/broadcast_tensors, movedim &
co, count_nonzero, nan_to_num, bernoulli, unique, bincount and histc: what the
op table does not check (node names, nan, zeros, dtypes, random draws, the
ops with no gradient, bad input). Every expected value here was read off
PyTorch 2.13."""

import doctest
import warnings

import numpy as np
import pytest

import minigrad

nan, inf = float("nan"), float("inf")


def node(t):
    return type(t.grad_fn).__name__


def chain(t, depth=5):
    """The names of the first nodes of t's graph, following first inputs."""
    names, fn = [], t.grad_fn
    while fn is not None and len(names) < depth:
        names.append(fn.name())
        fn = next((f for f, _ in fn.next_functions if f is not None), None)
    return names


def leaf(values):
    return minigrad.tensor(values, requires_grad=True)


def test_node_names_are_pytorchs():
    x = minigrad.arange(6.0).reshape(2, 3).requires_grad_()
    assert chain(x.repeat_interleave(2)) == [
        "ViewBackward0",
        "CloneBackward0",
        "ExpandBackward0",
        "UnsqueezeBackward0",
        "ViewBackward0",
    ]
    assert chain(x.repeat_interleave(minigrad.tensor([1, 2]), dim=0)) == [
        "IndexSelectBackward0",
        "AccumulateGrad",
    ]
    assert node(x.tile(2)) == node(minigrad.tile(x, (2, 1, 1))) == "RepeatBackward0"
    assert node(x.cumprod(1)) == "CumprodBackward0"
    assert chain(x.diff(n=2), 4) == [
        "SubBackward0",
        "SliceBackward0",
        "SubBackward0",
        "SliceBackward0",
    ]
    assert node(x.diff(n=0)) == "CopyBackwards"
    assert chain(x.t().ravel(), 3) == ["ViewBackward0", "CloneBackward0", "TBackward0"]
    assert node(minigrad.t(x)) == "TBackward0"
    assert node(minigrad.fmax(x, x * 2)) == "FmaxBackward0"
    assert node(x.fmin(x * 2)) == "FminBackward0"
    assert [node(r) for r in minigrad.var_mean(x, 1)] == ["VarMeanBackward0"] * 2
    assert [node(r) for r in minigrad.std_mean(x)] == ["StdMeanBackward0"] * 2
    assert node(x.broadcast_to(4, 2, 3)) == "ExpandBackward0"
    assert (
        node(minigrad.movedim(x, 0, 1)) == node(x.moveaxis(1, 0)) == "PermuteBackward0"
    )
    assert (
        node(x.swapaxes(0, 1))
        == node(minigrad.swapdims(x, 0, 1))
        == ("TransposeBackward0")
    )
    assert node(x.nan_to_num()) == "NanToNumBackward0"
    grids = minigrad.meshgrid(x[0], x[1], indexing="xy")
    assert [chain(g, 2) for g in grids] == [["ExpandBackward0", "ViewBackward0"]] * 2


def test_the_same_graph_for_the_function_and_the_method():
    x = minigrad.arange(6.0).reshape(2, 3).requires_grad_()
    pairs = [
        (minigrad.repeat_interleave(x, 2, 1), x.repeat_interleave(2, dim=1)),
        (minigrad.cumprod(x, 0), x.cumprod(0)),
        (minigrad.diff(x, 1, 0), x.diff(dim=0)),
        (minigrad.ravel(x), x.ravel()),
        (minigrad.nan_to_num(x), x.nan_to_num()),
    ]
    for by_function, by_method in pairs:
        assert by_function.tolist() == by_method.tolist()
        assert node(by_function) == node(by_method)


# ---------------------------------------------------------------- repeat_interleave


def test_repeat_interleave_by_counts():
    x = minigrad.tensor([[1, 2], [3, 4]])
    assert x.repeat_interleave(minigrad.tensor([1, 2]), dim=0).tolist() == [
        [1, 2],
        [3, 4],
        [3, 4],
    ]
    assert x.repeat_interleave(minigrad.tensor(2), dim=1).tolist() == [
        [1, 1, 2, 2],
        [3, 3, 4, 4],
    ]
    assert x.repeat_interleave(2).tolist() == [1, 1, 2, 2, 3, 3, 4, 4]
    # a vector of counts alone: the positions, each repeated
    assert minigrad.repeat_interleave(minigrad.tensor([1, 2, 0])).tolist() == [0, 1, 1]
    assert minigrad.tensor(3.0).repeat_interleave(2).tolist() == [3.0, 3.0]


def test_repeat_interleave_gradient_adds_the_copies():
    x = leaf([1.0, 2.0, 3.0])
    x.repeat_interleave(minigrad.tensor([0, 2, 3])).sum().backward()
    assert x.grad.tolist() == [0.0, 2.0, 3.0]


@pytest.mark.parametrize(
    "call, error, phrase",
    [
        (lambda x: x.repeat_interleave(-1), RuntimeError, "non-negative"),
        (lambda x: x.repeat_interleave(2.0), TypeError, "must be int"),
        (
            lambda x: x.repeat_interleave(minigrad.tensor([1, 2, 3]), dim=0),
            RuntimeError,
            "same size as input along dim",
        ),
        (
            lambda x: x.repeat_interleave(minigrad.tensor([1, -2]), dim=0),
            RuntimeError,
            "can not be negative",
        ),
        (
            lambda x: x.repeat_interleave(minigrad.tensor([1.0, 2.0]), dim=0),
            NotImplementedError,
            "repeats.long()",
        ),
        (
            lambda x: x.repeat_interleave(minigrad.tensor([[1, 2]]), dim=0),
            RuntimeError,
            "0-dim or 1-dim",
        ),
        (
            lambda x: x.repeat_interleave(2, dim=0, output_size=5),
            RuntimeError,
            "expected 4 but got 5",
        ),
        (
            lambda x: x.repeat_interleave(minigrad.tensor([1, 2]), 0, output_size=4),
            RuntimeError,
            "allocated size does not match",
        ),
        (lambda x: x.repeat_interleave(2, dim=2), IndexError, "out of range"),
        (
            lambda x: minigrad.tensor(3.0).repeat_interleave(2, dim=0),
            IndexError,
            "leave dim out",
        ),
        (
            lambda x: minigrad.repeat_interleave(minigrad.tensor(3)),
            RuntimeError,
            "1D vector",
        ),
    ],
)
def test_repeat_interleave_refuses_bad_input(call, error, phrase):
    with pytest.raises(error, match=phrase):
        call(minigrad.ones(2, 3))


# ---------------------------------------------------------------- tile


def test_tile_puts_ones_in_front_of_short_counts():
    x = minigrad.tensor([[1, 2], [3, 4]])
    assert x.tile(2).tolist() == [[1, 2, 1, 2], [3, 4, 3, 4]]
    assert minigrad.tile(x, (2, 1, 1)).shape == (2, 2, 2)
    assert x.tile(()).tolist() == x.tolist()
    with pytest.raises(TypeError, match="tuple of ints"):
        minigrad.tile(x, 2)  # (the method takes counts; the function a tuple)
    with pytest.raises(RuntimeError, match="negative dimension"):
        x.tile(-1)


# ---------------------------------------------------------------- cumprod


def test_cumprod_values_and_dtypes():
    assert minigrad.tensor([1, 2, 3]).cumprod(0).tolist() == [1, 2, 6]
    assert minigrad.tensor([True, True]).cumprod(0).dtype is minigrad.int64
    x = minigrad.tensor([1, 2, 3]).cumprod(0, dtype=minigrad.float64)
    assert x.dtype is minigrad.float64
    assert minigrad.tensor(2.0).cumprod(0).item() == 2.0
    with pytest.raises(IndexError):
        minigrad.ones(2, 3).cumprod(2)


def test_cumprod_gradient_with_zeros_is_pytorchs():
    # Before a slice's first zero: Σ grad·out / x; at it: the products that
    # leave it out; after it: 0. (PyTorch 2.13's values for a gradient of 1s.)
    x = leaf([[2.0, 0.0, 3.0, 4.0, 0.0, 5.0], [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]])
    x.cumprod(1).sum().backward()
    assert x.grad.tolist() == [
        [1.0, 2.0 + 6.0 + 24.0, 0.0, 0.0, 0.0, 0.0],
        [1.0 + 1 + 2 + 6 + 24 + 120, 0.0, 0.0, 0.0, 0.0, 0.0],
    ]
    y = leaf([0.0, 0.0, 2.0])
    y.cumprod(0).sum().backward()
    assert y.grad.tolist() == [1.0, 0.0, 0.0]


def test_cumprod_second_derivative_through_a_zero():
    # out = [a, ab, abc] at (a, b, c) = (2, 0, 3): d²(Σ out)/db da = 1 + c = 4
    x = minigrad.tensor([2.0, 0.0, 3.0], dtype=minigrad.float64, requires_grad=True)
    (g,) = minigrad.autograd.grad(x.cumprod(0).sum(), x, create_graph=True)
    (h,) = minigrad.autograd.grad(g[1], x)
    assert g.tolist() == [1.0, 2.0 + 6.0, 0.0]
    assert h.tolist() == [4.0, 0.0, 2.0]


# ---------------------------------------------------------------- diff


def test_diff_orders_prepend_append_and_bools():
    x = minigrad.tensor([[1, 4, 9], [2, 2, 5]])
    assert x.diff().tolist() == [[3, 5], [0, 3]]
    assert x.diff(n=2, dim=1).tolist() == [[2], [3]]
    assert x.diff(n=5).shape == (2, 0)
    pre, post = minigrad.zeros(1, 3, dtype=minigrad.int64), minigrad.ones(1, 3)
    assert x.diff(dim=0, prepend=pre, append=post).tolist() == [
        [1.0, 4.0, 9.0],
        [1.0, -2.0, -4.0],
        [-1.0, -1.0, -4.0],
    ]
    assert minigrad.tensor([True, False, False]).diff().tolist() == [True, False]
    copy = x.diff(n=0, prepend=pre.reshape(3, 1)[:2])  # (n=0: a copy, prepend unused)
    assert copy.tolist() == x.tolist() and copy is not x


@pytest.mark.parametrize(
    "call, error, phrase",
    [
        (lambda x: x.diff(n=-1), RuntimeError, "non-negative but got -1"),
        (lambda x: minigrad.tensor(1.0).diff(), RuntimeError, "one-dimensional"),
        (lambda x: x.diff(prepend=minigrad.zeros(3)), RuntimeError, "same dimension"),
        (
            lambda x: x.diff(prepend=minigrad.zeros(3, 1)),
            RuntimeError,
            "input.size(0) = 2, but got tensor.size(0) = 3",
        ),
        (lambda x: x.diff(prepend=1.0), TypeError, "must be Tensor, not float"),
    ],
)
def test_diff_refuses_bad_input(call, error, phrase):
    with pytest.raises(error, match=phrase.replace("(", r"\(").replace(")", r"\)")):
        call(minigrad.ones(2, 3))


# ---------------------------------------------------------------- fmax, fmin


def test_fmax_fmin_ignore_nan_and_give_ties_to_the_first():
    a = leaf([1.0, nan, nan, 2.0, 3.0])
    b = leaf([nan, 2.0, nan, 2.0, 1.0])
    y = minigrad.fmax(a, b)
    assert np.array_equal(
        y.numpy(force=True), [1.0, 2.0, nan, 2.0, 3.0], equal_nan=True
    )
    y.sum().backward()
    assert a.grad.tolist() == [1.0, 0.0, 1.0, 1.0, 1.0]
    assert b.grad.tolist() == [0.0, 1.0, 0.0, 0.0, 0.0]
    a.grad = b.grad = None
    minigrad.fmin(a, b).sum().backward()
    assert a.grad.tolist() == [1.0, 0.0, 1.0, 1.0, 0.0]
    assert b.grad.tolist() == [0.0, 1.0, 0.0, 0.0, 1.0]


def test_fmax_promotes_broadcasts_and_takes_only_tensors():
    y = minigrad.fmax(minigrad.tensor([1, 2]), minigrad.tensor([2.5]))
    assert y.tolist() == [2.5, 2.5] and y.dtype is minigrad.float32
    assert minigrad.fmin(minigrad.tensor([1, 5]), minigrad.tensor([3, 3])).tolist() == [
        1,
        3,
    ]
    with pytest.raises(TypeError, match="argument 'other' .* must be Tensor"):
        minigrad.fmax(minigrad.ones(2), 2.0)
    with pytest.raises(RuntimeError, match="must match the size"):
        minigrad.fmax(minigrad.ones(3), minigrad.ones(4))


# ---------------------------------------------------------------- var_mean, std_mean


def test_var_mean_std_mean_take_var_and_std_arguments():
    x = minigrad.arange(6.0).reshape(2, 3)
    var, mean = minigrad.var_mean(x, 1, keepdim=True)
    assert var.tolist() == [[1.0], [1.0]] and mean.tolist() == [[1.0], [4.0]]
    var, mean = minigrad.var_mean(x, False)  # (unbiased, as PyTorch reads it)
    assert abs(var.item() - 35 / 12) < 1e-6 and mean.item() == 2.5
    std, _ = minigrad.std_mean(x, correction=0)
    assert abs(std.item() - np.std(np.arange(6.0))) < 1e-6
    assert isinstance(minigrad.std_mean(x), tuple)
    with pytest.raises(RuntimeError, match="floating point"):
        minigrad.var_mean(minigrad.tensor([1, 2]))
    with pytest.raises(TypeError, match="keepdim"):
        minigrad.std_mean(x, 1, keepdim="yes")
    with pytest.warns(UserWarning, match="degrees of freedom"):
        var, _ = minigrad.var_mean(minigrad.tensor([1.0]))
    assert np.isnan(var.item())


def test_std_mean_gradient_of_a_constant_row_is_zero_not_nan():
    x = leaf([[1.0, 1.0, 1.0], [1.0, 2.0, 3.0]])
    std, mean = minigrad.std_mean(x, 1)
    (std.sum() + mean.sum()).backward()
    assert np.allclose(
        x.grad.tolist(), [[1 / 3] * 3, [1 / 3 - 0.5, 1 / 3, 1 / 3 + 0.5]]
    )


def test_var_mean_gradient_of_the_mean_alone():
    x = leaf([1.0, 2.0, 4.0])
    minigrad.var_mean(x)[1].backward()  # (the variance got no gradient)
    assert np.allclose(x.grad.tolist(), [1 / 3] * 3)


# ---------------------------------------------------------------- creation and views


def test_new_empty_and_logspace():
    x = minigrad.ones(2, dtype=minigrad.float64)
    assert x.new_empty(2, 3).shape == (2, 3)
    assert x.new_empty((2,)).dtype is minigrad.float64
    assert x.new_empty(2, dtype=minigrad.int64).dtype is minigrad.int64
    assert x.new_empty(2, requires_grad=True).requires_grad
    assert minigrad.logspace(0, 2, 3).tolist() == [1.0, 10.0, 100.0]
    assert minigrad.logspace(0, 2, 5, base=2).dtype is minigrad.float32
    assert minigrad.logspace(0, 2, 5, dtype=minigrad.int64).tolist() == [
        1,
        3,
        10,
        31,
        100,
    ]
    with pytest.raises(RuntimeError, match="non-negative"):
        minigrad.logspace(0, 1, -1)


def test_meshgrid_ij_xy_and_its_warning():
    x, y = minigrad.tensor([1, 2, 3]), minigrad.tensor([4, 5])
    gx, gy = minigrad.meshgrid(x, y, indexing="ij")
    assert gx.tolist() == [[1, 1], [2, 2], [3, 3]]
    assert gy.tolist() == [[4, 5], [4, 5], [4, 5]]
    gx, gy = minigrad.meshgrid([x, y], indexing="xy")
    assert gx.tolist() == [[1, 2, 3], [1, 2, 3]] and gy.shape == (2, 3)
    assert minigrad.meshgrid(x, minigrad.tensor(7), indexing="ij")[1].shape == (3, 1)
    with pytest.warns(UserWarning, match="indexing argument"):
        minigrad.meshgrid(x, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        minigrad.meshgrid(x, y, indexing="ij")  # (no warning)


@pytest.mark.parametrize(
    "call, error, phrase",
    [
        (
            lambda x: minigrad.meshgrid(x, x.reshape(1, 3), indexing="ij"),
            RuntimeError,
            "0D or 1D",
        ),
        (
            lambda x: minigrad.meshgrid(x, x.long(), indexing="ij"),
            RuntimeError,
            "same dtype",
        ),
        (lambda x: minigrad.meshgrid(x, indexing="ji"), RuntimeError, "received: ji"),
        (lambda x: minigrad.meshgrid(indexing="ij"), RuntimeError, "non-empty"),
        (lambda x: minigrad.meshgrid(x, 3, indexing="ij"), TypeError, "element 1"),
    ],
)
def test_meshgrid_refuses_bad_input(call, error, phrase):
    with pytest.raises(error, match=phrase):
        call(minigrad.ones(3))


def test_broadcast_to_and_broadcast_tensors():
    v = minigrad.tensor([1.0, 2.0, 3.0])
    assert minigrad.broadcast_to(v, (2, 3)).tolist() == [[1.0, 2.0, 3.0]] * 2
    assert v.broadcast_to(2, -1).shape == (2, 3)
    x = minigrad.ones(2, 3)
    a, b = minigrad.broadcast_tensors(v, x)
    assert a.shape == (2, 3) and b is x  # (a tensor of that shape: itself)
    _, ints = minigrad.broadcast_tensors(v, minigrad.ones(2, 1, dtype=minigrad.int64))
    assert ints.dtype is minigrad.int64  # (no promotion)
    assert minigrad.broadcast_tensors() == ()
    with pytest.raises(RuntimeError, match="must match the size"):
        minigrad.broadcast_tensors(v, minigrad.ones(2))
    with pytest.raises(TypeError, match="one by one"):
        minigrad.broadcast_tensors([v, x])
    with pytest.raises(RuntimeError, match="expanded size"):
        minigrad.broadcast_to(v, (2,))


def test_movedim_and_swapaxes():
    y = minigrad.zeros(2, 3, 4)
    assert y.movedim(0, 2).shape == (3, 4, 2)
    assert minigrad.movedim(y, (0, 1), (2, 0)).shape == (3, 4, 2)
    assert minigrad.moveaxis(y, -1, 0).shape == (4, 2, 3)
    assert y.movedim([2, 0], [0, 2]).shape == (4, 3, 2)
    assert minigrad.swapaxes(y, 0, 2).shape == minigrad.swapdims(y, 0, 2).shape
    assert minigrad.tensor(1.0).movedim(0, 0).item() == 1.0
    with pytest.raises(RuntimeError, match="repeated dim in `source`"):
        y.movedim((0, 0), (0, 1))
    with pytest.raises(RuntimeError, match="repeated dim in `destination`"):
        y.movedim((0, 1), (1, 1))
    with pytest.raises(RuntimeError, match="same number of dims"):
        y.movedim((0, 1), (0,))
    with pytest.raises(TypeError, match="both be ints or both be tuples"):
        y.movedim((0, 1), 0)
    with pytest.raises(IndexError, match="out of range"):
        y.movedim(0, 3)


# ---------------------------------------------------------------- nan_to_num


def test_nan_to_num_values_and_gradient():
    x = minigrad.tensor([nan, inf, -inf, 1.0])
    assert x.nan_to_num().tolist() == [
        0.0,
        3.4028234663852886e38,
        -3.4028234663852886e38,
        1.0,
    ]
    assert minigrad.nan_to_num(x, nan=2.0, posinf=3.0, neginf=-3.0).tolist() == [
        2.0,
        3.0,
        -3.0,
        1.0,
    ]
    assert minigrad.nan_to_num(x, nan=minigrad.tensor(5.0)).tolist()[0] == 5.0
    assert minigrad.nan_to_num(x, nan=1e40).tolist()[0] == inf  # (float32's range)
    assert minigrad.nan_to_num(minigrad.tensor([1, 2])).tolist() == [1, 2]
    with pytest.raises(TypeError, match="'nan' must be Number"):
        minigrad.nan_to_num(x, nan="a")
    y = leaf([nan, inf, 1.0])
    y.nan_to_num().backward(minigrad.tensor([1.0, 2.0, nan]))
    assert np.array_equal(y.grad.numpy(), [0.0, 0.0, nan], equal_nan=True)


# ---------------------------------------------------------------- bernoulli


def test_bernoulli_draws_with_the_given_probabilities():
    p = minigrad.tensor([0.0, 1.0, 1.0, 0.0])
    assert minigrad.bernoulli(p).tolist() == [0.0, 1.0, 1.0, 0.0]
    assert minigrad.bernoulli(p, 1.0).tolist() == [1.0] * 4
    assert p.bernoulli(p=0.0).tolist() == [0.0] * 4
    assert minigrad.bernoulli(p.double()).dtype is minigrad.float64
    share = minigrad.bernoulli(minigrad.full((4000,), 0.3)).mean().item()
    assert 0.25 < share < 0.35


def test_bernoulli_repeats_with_a_seed_or_a_generator():
    probs = minigrad.full((50,), 0.5)
    minigrad.manual_seed(3)
    first = minigrad.bernoulli(probs)
    minigrad.manual_seed(3)
    assert minigrad.bernoulli(probs).tolist() == first.tolist()
    g = minigrad.Generator().manual_seed(7)
    one = minigrad.zeros(50).bernoulli_(0.5, generator=g).tolist()
    g.manual_seed(7)
    assert probs.bernoulli(generator=g).tolist() == one


def test_bernoulli_in_place_with_a_number_or_a_tensor():
    x = minigrad.zeros(2, 3)
    assert x.bernoulli_(minigrad.tensor([1.0, 0.0, 1.0])) is x
    assert x.tolist() == [[1.0, 0.0, 1.0]] * 2 and x._version == 1
    assert minigrad.zeros(3, dtype=minigrad.int64).bernoulli_(1.0).tolist() == [1, 1, 1]
    assert minigrad.zeros(2, dtype=minigrad.bool).bernoulli_(1.0).tolist() == [True] * 2


def test_bernoulli_gradient_is_zero_as_pytorchs():
    q = leaf([0.3, 0.7])
    y = minigrad.bernoulli(q)
    assert node(y) == "BernoulliBackward0"
    y.sum().backward()
    assert q.grad.tolist() == [0.0, 0.0]
    q.grad = None
    z = q * 1
    z.bernoulli_(q)
    assert node(z) == "BernoulliBackward1"
    assert [f.name() for f, _ in z.grad_fn.next_functions] == [
        "MulBackward0",
        "AccumulateGrad",
    ]
    z.sum().backward()
    assert q.grad.tolist() == [0.0, 0.0]
    w = q * 1
    assert node(w.bernoulli_(0.5)) == "BernoulliBackward2"
    # with a number p the draws don't depend on q: PyTorch has no derivative
    drawn = q.bernoulli(0.5)
    assert node(drawn) == "NotImplemented"
    with pytest.raises(RuntimeError, match="derivative for aten::bernoulli"):
        drawn.sum().backward()
    with pytest.raises(RuntimeError, match="leaf Variable that requires grad"):
        q.bernoulli_(0.5)


@pytest.mark.parametrize(
    "call, error, phrase",
    [
        (
            lambda x: minigrad.bernoulli(minigrad.tensor([2.0])),
            RuntimeError,
            "p_in <= 1",
        ),
        (
            lambda x: minigrad.bernoulli(minigrad.tensor([nan])),
            RuntimeError,
            "p_in >= 0",
        ),
        (lambda x: minigrad.bernoulli(x, 1.5), RuntimeError, "got p=1.5"),
        (
            lambda x: minigrad.bernoulli(minigrad.tensor([1, 0])),
            NotImplementedError,
            "Long",
        ),
        (lambda x: x.bernoulli_(2.0), RuntimeError, "got p=2"),
        (
            lambda x: x.bernoulli_(minigrad.tensor([1.0, 0.0])),
            RuntimeError,
            "expanded size",
        ),
        (
            lambda x: x.bernoulli_(minigrad.tensor([1, 0, 1])),
            NotImplementedError,
            "Long",
        ),
        (lambda x: x.bernoulli_(minigrad.tensor([2.0, 0, 1])), RuntimeError, "p_in"),
    ],
)
def test_bernoulli_refuses_bad_probabilities_and_changes_nothing(call, error, phrase):
    x = minigrad.tensor([0.25, 0.5, 0.75])
    with pytest.raises(error, match=phrase):
        call(x)
    assert x.tolist() == [0.25, 0.5, 0.75] and x._version == 0


# ---------------------------------------------------------------- counting


def test_count_nonzero():
    x = minigrad.tensor([[0.0, 1.0], [2.0, 0.0], [nan, 3.0]])
    assert minigrad.count_nonzero(x).tolist() == 4
    assert x.count_nonzero(dim=0).tolist() == [2, 2]
    assert x.count_nonzero(dim=(0, 1)).dtype is minigrad.int64
    assert minigrad.tensor(3).count_nonzero().item() == 1
    with pytest.raises(RuntimeError, match="appears multiple times"):
        x.count_nonzero(dim=(0, 0))


def test_unique_sorted_with_inverse_and_counts():
    t = minigrad.tensor([[3, 1], [2, 1]])
    assert minigrad.unique(t).tolist() == [1, 2, 3]
    values, inverse = t.unique(return_inverse=True)
    assert inverse.tolist() == [[2, 0], [1, 0]] and inverse.dtype is minigrad.int64
    assert t.unique(return_counts=True)[1].tolist() == [2, 1, 1]
    rows = minigrad.tensor([[1, 2], [1, 2], [0, 5]])
    values, inverse, counts = minigrad.unique(
        rows, dim=0, return_inverse=True, return_counts=True
    )
    assert values.tolist() == [[0, 5], [1, 2]]
    assert inverse.tolist() == [1, 1, 0] and counts.tolist() == [1, 2]
    unsorted = minigrad.tensor([3, 1, 2, 1, 5, 4, 4]).unique(sorted=False)
    assert unsorted.tolist() == [1, 2, 3, 4, 5]  # (sorted anyway, as PyTorch's CPU)
    values, counts = minigrad.unique(
        minigrad.tensor([nan, 1.0, nan]), return_counts=True
    )
    assert counts.tolist() == [1, 1, 1]  # (nan is not equal to nan)
    values, inverse = minigrad.unique(minigrad.tensor(5), return_inverse=True)
    assert values.shape == (1,) and inverse.shape == ()
    with pytest.raises(TypeError, match="'sorted' must be bool"):
        t.unique(sorted="yes")


def test_unique_has_no_derivative_as_in_pytorch():
    x = leaf([1.0, 2.0, 1.0])
    values = x.unique()
    assert node(values) == "Unique2Backward0"
    with pytest.raises(NotImplementedError, match="derivative for '_unique2'"):
        values.sum().backward()
    along = minigrad.unique(minigrad.tensor([[1.0, 2.0]], requires_grad=True), dim=1)
    assert node(along) == "UniqueDimBackward0"


def test_bincount_counts_and_weights():
    i = minigrad.tensor([0, 1, 1, 3])
    assert minigrad.bincount(i).tolist() == [1, 2, 0, 1]
    assert i.bincount(minlength=6).tolist() == [1, 2, 0, 1, 0, 0]
    w = minigrad.tensor([0.5, 1.0, 1.0, 2.0])
    assert i.bincount(w).tolist() == [0.5, 2.0, 0.0, 2.0]
    assert i.bincount(w).dtype is minigrad.float32
    assert i.bincount(w.double()).dtype is minigrad.float64
    assert i.bincount(minigrad.tensor([1, 1, 1, 2])).dtype is minigrad.float64
    assert minigrad.bincount(minigrad.tensor([], dtype=minigrad.int64)).tolist() == []
    w.requires_grad_()
    sums = i.bincount(w)
    assert node(sums) == "NotImplemented"
    with pytest.raises(RuntimeError, match="derivative for aten::bincount"):
        sums.sum().backward()


@pytest.mark.parametrize(
    "call, error, phrase",
    [
        (
            lambda: minigrad.bincount(minigrad.tensor([-1, 1])),
            RuntimeError,
            "non-negative",
        ),
        (lambda: minigrad.bincount(minigrad.tensor([[1, 1]])), RuntimeError, "1-d"),
        (
            lambda: minigrad.bincount(minigrad.tensor([1.0])),
            NotImplementedError,
            "Float",
        ),
        (
            lambda: minigrad.bincount(minigrad.tensor([True])),
            NotImplementedError,
            "Bool",
        ),
        (
            lambda: minigrad.bincount(minigrad.tensor([1]), minlength=-1),
            RuntimeError,
            "minlength should be >= 0",
        ),
        (
            lambda: minigrad.bincount(minigrad.tensor([1, 1]), minigrad.tensor([1.0])),
            RuntimeError,
            "same length as input",
        ),
    ],
)
def test_bincount_refuses_bad_input(call, error, phrase):
    with pytest.raises(error, match=phrase):
        call()


def test_histc_bins_as_pytorch():
    x = minigrad.tensor([1.0, 2.0, 1.0])
    assert x.histc(bins=4, min=0, max=3).tolist() == [0.0, 2.0, 1.0, 0.0]
    counts = minigrad.histc(x)  # (the data's range, 100 bins, max in the last)
    assert counts.shape == (100,) and counts[0].item() == 2 and counts[-1].item() == 1
    outside = minigrad.tensor([1.0, 2.0, 5.0, -1.0, 3.0, nan])
    assert outside.histc(bins=3, min=1, max=3).tolist() == [1.0, 1.0, 1.0]
    assert minigrad.tensor([2.0, 2.0]).histc(bins=4).tolist() == [0.0, 0.0, 2.0, 0.0]
    assert minigrad.tensor([]).histc(bins=2).tolist() == [0.0, 0.0]
    doubles = minigrad.tensor([0.1, 0.2, 0.9, 0.3], dtype=minigrad.float64)
    result = doubles.histc(3, 0, 1)
    assert result.tolist() == [3.0, 0.0, 1.0] and result.dtype is minigrad.float64
    assert not minigrad.histc(leaf([0.1, 0.2])).requires_grad


@pytest.mark.parametrize(
    "call, error, phrase",
    [
        (lambda: minigrad.histc(minigrad.tensor([1, 2])), NotImplementedError, "Long"),
        (
            lambda: minigrad.histc(minigrad.ones(2), bins=0),
            RuntimeError,
            "bins must be > 0",
        ),
        (lambda: minigrad.histc(minigrad.ones(2), bins=2.5), TypeError, "must be int"),
        (
            lambda: minigrad.histc(minigrad.ones(2), bins=3, min=3, max=1),
            RuntimeError,
            "max must be larger than min",
        ),
        (
            lambda: minigrad.histc(minigrad.tensor([1.0, nan])),
            RuntimeError,
            "is not finite",
        ),
        (
            lambda: minigrad.histc(minigrad.tensor([1.0, inf])),
            RuntimeError,
            "is not finite",
        ),
    ],
)
def test_histc_refuses_bad_input(call, error, phrase):
    with pytest.raises(error, match=phrase):
        call()


def test_t_function_form():
    x = minigrad.arange(6.0).reshape(2, 3)
    assert minigrad.t(x).tolist() == x.t().tolist()
    assert minigrad.t(minigrad.tensor([1.0, 2.0])).tolist() == [1.0, 2.0]
    with pytest.raises(RuntimeError, match="<= 2 dimensions"):
        minigrad.t(minigrad.ones(2, 2, 2))
    with pytest.raises(TypeError, match="must be Tensor"):
        minigrad.t([[1.0]])


MY_NAMES = [
    "repeat_interleave",
    "tile",
    "cumprod",
    "diff",
    "fmax",
    "var_mean",
    "std_mean",
    "meshgrid",
    "broadcast_tensors",
    "movedim",
    "count_nonzero",
    "nan_to_num",
    "bernoulli",
    "unique",
    "bincount",
    "histc",
    "logspace",
]


def test_docstring_examples_run():
    from minigrad.ops import shape_more

    objects = [shape_more] + [getattr(minigrad, name) for name in MY_NAMES]
    objects += [getattr(minigrad.Tensor, name) for name in METHODS]
    runner = doctest.DocTestRunner(
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    )
    for obj in objects:
        for test in doctest.DocTestFinder().find(obj, globs={"minigrad": minigrad}):
            runner.run(test)
    assert runner.summarize(verbose=False).failed == 0


METHODS = [
    "repeat_interleave",
    "tile",
    "cumprod",
    "diff",
    "ravel",
    "fmax",
    "fmin",
    "new_empty",
    "broadcast_to",
    "movedim",
    "moveaxis",
    "swapaxes",
    "swapdims",
    "count_nonzero",
    "nan_to_num",
    "bernoulli",
    "bernoulli_",
    "unique",
    "bincount",
    "histc",
]


def test_every_new_name_has_a_docstring():
    functions = MY_NAMES + ["fmin", "ravel", "t", "broadcast_to", "moveaxis"]
    functions += ["swapaxes", "swapdims"]
    for name in functions:
        assert getattr(minigrad, name).__doc__, name
    for name in METHODS:
        assert getattr(minigrad.Tensor, name).__doc__, name
