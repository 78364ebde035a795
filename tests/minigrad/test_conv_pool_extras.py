"""im2col/col2im, windows as views, conv_transpose1d, unpooling, LP pooling,
bilinear, LazyLinear and EmbeddingBag (`ops/conv_more.py`, `nn/conv_more.py`).

Gradients are checked against central differences; values against plain
numpy where a short reference exists; node names, reprs and errors as
PyTorch 2.13 gives them.
"""

import numpy as np
import pytest
from mg_testutil import assert_close, to_np, torch
from nn_testutil import check_gradients

nn = torch.nn
F = torch.nn.functional

RNG = np.random.default_rng(49)


def random(*shape):
    return RNG.standard_normal(shape)


# ---------------------------------------------------------------- F.unfold, F.fold


def test_unfold_times_a_weight_is_a_convolution():
    x, w = random(2, 3, 6, 5), random(4, 3, 2, 3)
    cols = F.unfold(torch.tensor(x), (2, 3), padding=1, stride=(2, 1))
    out = torch.tensor(w).view(4, -1) @ cols
    conv = F.conv2d(torch.tensor(x), torch.tensor(w), padding=1, stride=(2, 1))
    assert_close(out.view(conv.shape), to_np(conv), rtol=1e-10)


def test_fold_of_unfold_counts_each_pixel_once_per_window():
    x = random(1, 2, 4, 4)
    back = F.fold(F.unfold(torch.tensor(x), 2), (4, 4), 2)
    counts = np.array([1, 2, 2, 1])
    assert_close(back, x * counts[:, None] * counts[None, :], rtol=1e-12)


def test_unfold_and_fold_gradients():
    settings = dict(kernel_size=(2, 3), dilation=(1, 2), padding=1, stride=(2, 1))
    check_gradients(lambda x: F.unfold(x, **settings), random(2, 3, 5, 6))
    check_gradients(lambda x: F.unfold(x, 2), random(3, 4, 4))  # unbatched
    check_gradients(lambda c: F.fold(c, (5, 6), **settings), random(2, 18, 12))


def test_unfold_and_fold_are_each_others_gradient_at_any_order():
    x = torch.tensor(random(1, 2, 4, 4), requires_grad=True)
    cols = F.unfold(x, 2)
    assert cols.grad_fn.name() == "Im2ColBackward0"
    (g,) = torch.autograd.grad(cols.pow(2).sum(), x, create_graph=True)
    assert g.grad_fn is not None
    (gg,) = torch.autograd.grad(g.sum(), x)
    counts = to_np(F.fold(F.unfold(torch.ones(1, 2, 4, 4), 2), (4, 4), 2))
    assert_close(gg, 2 * counts, rtol=1e-12)
    assert F.fold(cols, (4, 4), 2).grad_fn.name() == "Col2ImBackward0"


def test_unfold_and_fold_errors():
    with pytest.raises(RuntimeError, match="must be at least one"):
        F.unfold(torch.zeros(1, 1, 2, 2), 3)
    with pytest.raises(RuntimeError, match="match the calculated number of sliding"):
        F.fold(torch.zeros(1, 4, 5), (4, 4), 2)
    with pytest.raises(RuntimeError, match="divisible by the product of kernel_size"):
        F.fold(torch.zeros(1, 5, 9), (4, 4), 2)


def test_unfold_and_fold_layers():
    assert (
        repr(nn.Unfold(2)) == "Unfold(kernel_size=2, dilation=1, padding=0, stride=1)"
    )
    assert repr(nn.Fold((4, 4), 2)) == (
        "Fold(output_size=(4, 4), kernel_size=2, dilation=1, padding=0, stride=1)"
    )
    assert tuple(nn.Fold((4, 4), 2)(nn.Unfold(2)(torch.zeros(1, 3, 4, 4))).shape) == (
        1,
        3,
        4,
        4,
    )


# ------------------------------------------------------- Tensor.unfold, as_strided


def test_tensor_unfold_is_a_view_of_windows():
    x = torch.arange(7.0)
    w = x.unfold(0, 3, 2)
    assert_close(w, [[0, 1, 2], [2, 3, 4], [4, 5, 6]], rtol=0)
    x.add_(1)  # a view: sees the change
    assert_close(w[0], [1, 2, 3], rtol=0)
    a = random(2, 7, 3)
    assert_close(torch.tensor(a).unfold(1, 3, 2)[:, 1], a[:, 2:5].swapaxes(1, 2))


def test_tensor_unfold_of_a_transposed_tensor():
    a = random(3, 4)
    assert_close(torch.tensor(a).t().unfold(0, 2, 1)[2], a.T[2:4].T, rtol=0)


def test_tensor_unfold_and_as_strided_gradients():
    check_gradients(lambda x: x.unfold(1, 3, 2), random(2, 7, 3))
    check_gradients(lambda x: x.t().unfold(0, 2, 1), random(3, 4))
    check_gradients(lambda x: x.as_strided((3, 3), (1, 2), 1), random(10))
    check_gradients(lambda x: x.unfold(0, 2, 1).unfold(0, 2, 1) ** 2, random(5))


def test_tensor_unfold_and_as_strided_node_names():
    x = torch.zeros(5, requires_grad=True)
    assert x.unfold(0, 2, 1).grad_fn.name() == "UnfoldBackward0"
    assert x.as_strided((2, 2), (1, 2)).grad_fn.name() == "AsStridedBackward0"
    assert torch.as_strided(x, (2,), (2,)).grad_fn.name() == "AsStridedBackward0"


def test_overlapping_views_refuse_writes_and_others_take_them():
    x = torch.zeros(4)
    with pytest.raises(RuntimeError, match="single memory location"):
        x.unfold(0, 2, 1).add_(1)
    with pytest.raises(RuntimeError, match="single memory location"):
        x.as_strided((2, 2), (1, 1)).fill_(1)
    x.unfold(0, 2, 2).add_(1)  # windows side by side: no overlap
    assert_close(x, [1, 1, 1, 1], rtol=0)


def test_tensor_unfold_and_as_strided_errors():
    with pytest.raises(RuntimeError, match="maximum size for tensor at dimension 0"):
        torch.zeros(3).unfold(0, 4, 1)
    with pytest.raises(RuntimeError, match="step is 0 but must be > 0"):
        torch.zeros(3).unfold(0, 2, 0)
    with pytest.raises(IndexError, match="Dimension out of range"):
        torch.zeros(3).unfold(1, 2, 1)
    with pytest.raises(RuntimeError, match="out of bounds for storage of size 16"):
        torch.zeros(4).as_strided((3,), (2,))
    with pytest.raises(RuntimeError, match="Negative strides are not supported"):
        torch.zeros(4).as_strided((2,), (-1,))
    with pytest.raises(NotImplementedError, match="contiguous"):
        torch.zeros(3, 4).t().as_strided((2,), (1,))


# ---------------------------------------------------------------- conv_transpose1d


def test_conv_transpose1d_is_conv_transpose2d_along_one_axis():
    x, w = random(2, 4, 5), random(4, 3, 3)
    settings = dict(stride=2, padding=1, output_padding=1, groups=2, dilation=2)
    out = F.conv_transpose1d(torch.tensor(x), torch.tensor(w), **settings)
    two_d = F.conv_transpose2d(
        torch.tensor(x[:, :, None]),
        torch.tensor(w[:, :, None]),
        stride=(1, 2),
        padding=(0, 1),
        output_padding=(0, 1),
        groups=2,
        dilation=(1, 2),
    )
    assert_close(out, to_np(two_d)[:, :, 0], rtol=1e-12)


def test_conv_transpose1d_gradients_and_layer():
    def fn(x, w, b):
        return F.conv_transpose1d(x, w, b, stride=2, padding=1, output_padding=1)

    check_gradients(fn, random(2, 4, 5), random(4, 3, 3), random(3))
    x = torch.zeros(1, 4, 5, requires_grad=True)
    assert fn(x, torch.zeros(4, 3, 3), None).grad_fn.name() == "ConvolutionBackward0"
    layer = nn.ConvTranspose1d(4, 2, 3, stride=2)
    assert repr(layer) == "ConvTranspose1d(4, 2, kernel_size=(3,), stride=(2,))"
    assert tuple(layer.weight.shape) == (4, 2, 3)
    assert tuple(layer(torch.zeros(1, 4, 5)).shape) == (1, 2, 11)
    with pytest.raises(RuntimeError, match="expected input\\[1, 3, 4\\] to have 2"):
        F.conv_transpose1d(torch.zeros(1, 3, 4), torch.zeros(2, 2, 2))


# ---------------------------------------------------------------- max unpooling


def test_max_unpool2d_puts_the_maxima_back():
    x = torch.tensor(random(2, 3, 5, 5))
    out, idx = F.max_pool2d(x, 2, return_indices=True)
    back = F.max_unpool2d(out, idx, 2, output_size=(5, 5))
    kept = to_np(back) != 0
    assert kept.sum() == out.numel()
    assert_close(back, np.where(kept, to_np(x), 0.0), rtol=0)
    assert back.grad_fn is None
    assert repr(nn.MaxUnpool2d(2)) == (
        "MaxUnpool2d(kernel_size=(2, 2), stride=(2, 2), padding=(0, 0))"
    )


def test_max_unpool_gradients_and_node_names():
    x = random(2, 3, 5, 5)
    _, idx = F.max_pool2d(torch.tensor(x), 2, return_indices=True)
    check_gradients(
        lambda v: F.max_unpool2d(v, idx, 2, output_size=(5, 5)), x[..., :2, :2]
    )
    v = torch.ones(2, 3, 2, 2, requires_grad=True)
    out = F.max_unpool2d(v, idx, 2, output_size=(5, 5))
    assert out.grad_fn.name() == "MaxUnpool2DBackward0"
    s = random(2, 3, 8)
    _, idx1 = F.max_pool1d(torch.tensor(s), 3, 2, 1, return_indices=True)
    # (windows that don't overlap: with overlaps one maximum can be put back
    # twice, and both get its gradient, as in PyTorch)
    _, idx2 = F.max_pool1d(torch.tensor(s), 2, return_indices=True)
    check_gradients(lambda v: F.max_unpool1d(v, idx2, 2), s[..., :4])
    out = nn.MaxUnpool1d(3, 2, 1)(torch.ones(2, 3, 4, requires_grad=True), idx1, [8])
    assert out.grad_fn.name() == "SqueezeBackward1"


def test_max_unpool_errors():
    out, idx = F.max_pool2d(torch.zeros(1, 1, 5, 5), 2, return_indices=True)
    with pytest.raises(ValueError, match="invalid output_size"):
        F.max_unpool2d(out, idx, 2, output_size=(9, 9))
    bad = torch.tensor([[[[0, 24], [2, 3]]]])
    with pytest.raises(RuntimeError, match="Found an invalid max index: 24"):
        F.max_unpool2d(out, bad, 2)


# ---------------------------------------------------------------- LP pooling


def test_lp_pool_values():
    x = random(2, 3, 4, 6)
    out = F.lp_pool2d(torch.tensor(x), 2, (2, 3))
    windows = x.reshape(2, 3, 2, 2, 2, 3)
    assert_close(out, np.sqrt((windows**2).sum(axis=(3, 5))), rtol=1e-12)
    seq = np.abs(random(2, 3, 6))
    out = F.lp_pool1d(torch.tensor(seq), 3, 2)
    assert_close(out, ((seq.reshape(2, 3, 3, 2) ** 3).sum(-1)) ** (1 / 3), rtol=1e-12)


def test_lp_pool_gradients_and_layers():
    check_gradients(lambda x: F.lp_pool2d(x, 2, 2, stride=1), random(2, 2, 4, 4))
    check_gradients(lambda x: F.lp_pool1d(x, 3, 2), np.abs(random(2, 3, 6)) + 0.1)
    assert repr(nn.LPPool2d(2, 3)) == (
        "LPPool2d(norm_type=2, kernel_size=3, stride=None, ceil_mode=False)"
    )
    assert tuple(nn.LPPool1d(2, 2)(torch.ones(1, 2, 4)).shape) == (1, 2, 2)


# ---------------------------------------------------------------- bilinear


def test_bilinear_values_and_gradients():
    a, b, w, c = random(2, 3, 4), random(2, 3, 5), random(6, 4, 5), random(6)
    out = F.bilinear(torch.tensor(a), torch.tensor(b), torch.tensor(w), torch.tensor(c))
    assert_close(out, np.einsum("nbi,oij,nbj->nbo", a, w, b) + c, rtol=1e-10)
    check_gradients(F.bilinear, a, b, w, c)


def test_bilinear_layer_and_errors():
    layer = nn.Bilinear(3, 4, 5)
    assert (
        repr(layer)
        == "Bilinear(in1_features=3, in2_features=4, out_features=5, bias=True)"
    )
    assert [tuple(p.shape) for p in layer.parameters()] == [(5, 3, 4), (5,)]
    assert np.abs(to_np(layer.weight)).max() <= 1 / np.sqrt(3)
    assert layer(torch.ones(2, 3), torch.ones(2, 4)).grad_fn.name() == "AddBackward0"
    with pytest.raises(RuntimeError, match="input2 size does not match weight size"):
        F.bilinear(torch.zeros(2, 3), torch.zeros(2, 4), torch.zeros(5, 3, 3))
    with pytest.raises(RuntimeError, match="do not match at dim 0: got 2 and 3"):
        F.bilinear(torch.zeros(2, 3), torch.zeros(3, 4), torch.zeros(5, 3, 4))


# ---------------------------------------------------------------- LazyLinear


def test_lazy_linear_infers_in_features_and_becomes_linear():
    layer = nn.LazyLinear(5)
    assert repr(layer) == "LazyLinear(in_features=0, out_features=5, bias=True)"
    assert list(layer.parameters()) == []
    y = layer(torch.ones(2, 3))
    assert tuple(y.shape) == (2, 5)
    assert type(layer) is nn.Linear
    assert repr(layer) == "Linear(in_features=3, out_features=5, bias=True)"
    assert [tuple(p.shape) for p in layer.parameters()] == [(5, 3), (5,)]
    assert repr(nn.LazyLinear(4, bias=False)) == (
        "LazyLinear(in_features=0, out_features=4, bias=False)"
    )
    no_bias = nn.LazyLinear(4, bias=False)
    no_bias(torch.ones(1, 2))
    assert no_bias.bias is None


# ---------------------------------------------------------------- EmbeddingBag

INDICES = [1, 2, 4, 5, 4, 3, 2, 9, 0]
OFFSETS = [0, 2, 2, 5]  # the second bag is empty


def _bags_np(weight, mode, psw=None):
    ends = OFFSETS[1:] + [len(INDICES)]
    out = []
    for start, end in zip(OFFSETS, ends):
        rows = weight[INDICES[start:end]]
        if psw is not None:
            rows = rows * psw[start:end, None]
        if end == start:
            out.append(np.zeros(weight.shape[1]))
        else:
            out.append(getattr(rows, mode)(axis=0))
    return np.array(out)


@pytest.mark.parametrize("mode", ["sum", "mean", "max"])
def test_embedding_bag_values_and_gradients(mode):
    weight = random(10, 3)
    idx, off = torch.tensor(INDICES), torch.tensor(OFFSETS)
    out = F.embedding_bag(idx, torch.tensor(weight), off, mode=mode)
    assert_close(out, _bags_np(weight, mode), rtol=1e-12)
    assert out.grad_fn is None
    check_gradients(lambda w: F.embedding_bag(idx, w, off, mode=mode), weight)


def test_embedding_bag_per_sample_weights_and_padding():
    weight, psw = random(10, 3), random(9)
    idx, off = torch.tensor(INDICES), torch.tensor(OFFSETS)

    def fn(w, p):
        return F.embedding_bag(idx, w, off, mode="sum", per_sample_weights=p)

    assert_close(
        fn(torch.tensor(weight), torch.tensor(psw)), _bags_np(weight, "sum", psw)
    )
    check_gradients(fn, weight, psw)
    # padding_idx is left out of the bag, and of the mean's count
    out = F.embedding_bag(
        torch.tensor([[1, 4, 4]]), torch.tensor(weight), padding_idx=4
    )
    assert_close(out, weight[1:2], rtol=0)


def test_embedding_bag_layer():
    bag = nn.EmbeddingBag(10, 3, mode="max")
    assert repr(bag) == "EmbeddingBag(10, 3, mode='max')"
    assert repr(nn.EmbeddingBag(10, 3, padding_idx=-1)) == (
        "EmbeddingBag(10, 3, mode='mean', padding_idx=9)"
    )
    out = bag(torch.tensor([[1, 2], [3, 3]]))
    assert out.grad_fn.name() == "EmbeddingBagBackward0"
    assert_close(out, to_np(bag.weight)[[[1, 2], [3, 3]]].max(axis=1), rtol=0)
    last = nn.EmbeddingBag(10, 3, mode="sum", include_last_offset=True)
    out = last(torch.tensor([1, 2, 3]), torch.tensor([0, 1, 3]))
    assert tuple(out.shape) == (2, 3)


def test_embedding_bag_errors():
    w, idx = torch.zeros(3, 2), torch.tensor([1, 2])
    with pytest.raises(NotImplementedError, match="only supported for mode='sum'"):
        F.embedding_bag(idx, w, torch.tensor([0]), per_sample_weights=torch.ones(2))
    with pytest.raises(ValueError, match="offsets has to be a 1D Tensor but got None"):
        F.embedding_bag(idx, w)
    with pytest.raises(RuntimeError, match="offsets\\[0\\] has to be 0"):
        F.embedding_bag(idx, w, torch.tensor([1]))
    with pytest.raises(RuntimeError, match="not in the valid range \\[0, 3\\)"):
        F.embedding_bag(torch.tensor([[1, 5]]), w)
    with pytest.raises(ValueError, match="mode has to be one of sum, mean or max"):
        F.embedding_bag(torch.tensor([[1, 2]]), w, mode="min")
