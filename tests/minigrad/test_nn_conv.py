"""Convolutional-network layers and functions against PyTorch's behaviour.

Values are checked against the slow numpy references of `op_table.py` and
against numbers read off PyTorch 2.13 (printed into the tests as constants,
each with a comment); gradients against central differences. Also: node
names and next_functions, parameter names, shapes and starting values,
state_dict keys, train/eval behaviour, reprs and errors (PyTorch's
exception types and messages, and nothing half-changed after one).
The op-table rows (`op_table.py`, CONV_OPS) check every function's values,
gradients and second derivatives over hypothesis-drawn shapes and settings.
"""

import math

import numpy as np
import pytest
from mg_testutil import (
    IS_TORCH,
    PREFIX,
    assert_close,
    minigrad_only,
    to_np,
    torch,
    tree,
)
from nn_testutil import check_gradients
from op_table import _ref_conv2d, _ref_max_pool2d

nn = torch.nn
F = torch.nn.functional
RNG = np.random.default_rng(12)


def random(*shape):
    return RNG.standard_normal(shape)


def leaf(array, dtype=None):
    return torch.tensor(np.asarray(array), requires_grad=True, dtype=dtype)


# ------------------------------------------------------------- values PyTorch printed


def test_conv2d_with_stride_padding_and_bias_gives_pytorchs_numbers():
    x = torch.arange(16.0).reshape(1, 1, 4, 4)
    w = torch.tensor([[[[1.0, 0.0], [0.0, -1.0]]]])
    out = F.conv2d(x, w, torch.tensor([0.5]), stride=2, padding=1)
    # PyTorch 2.13: F.conv2d(x, w, tensor([0.5]), stride=2, padding=1).tolist()
    expected = [[[[0.5, -1.5, 0.5], [-7.5, -4.5, 7.5], [0.5, 13.5, 15.5]]]]
    assert out.tolist() == expected


def test_conv_transpose2d_stride_2_upsamples_each_pixel_into_a_block():
    x = torch.tensor([[[[1.0, 2.0], [3.0, 4.0]]]])
    out = F.conv_transpose2d(x, torch.ones(1, 1, 2, 2), stride=2)
    # PyTorch 2.13 prints the same blocks
    expected = [[1, 1, 2, 2], [1, 1, 2, 2], [3, 3, 4, 4], [3, 3, 4, 4]]
    assert out.tolist() == [[[[float(v) for v in row] for row in expected]]]


def test_max_pool2d_values_and_indices_as_pytorch():
    x = torch.arange(16.0).reshape(1, 1, 4, 4)
    out, indices = F.max_pool2d(x, 3, 2, 1, return_indices=True)
    # PyTorch 2.13: values [[5, 7], [13, 15]], indices the same (flat in 4x4)
    assert out.tolist() == [[[[5.0, 7.0], [13.0, 15.0]]]]
    assert indices.tolist() == [[[[5, 7], [13, 15]]]]
    assert indices.dtype == torch.int64


def test_avg_pool2d_counts_padding_unless_told_not_to():
    x = torch.arange(16.0).reshape(1, 1, 4, 4)
    # PyTorch 2.13: F.avg_pool2d(x, 3, 2, 1) and with count_include_pad=False
    assert_close(
        F.avg_pool2d(x, 3, 2, 1), [[[[1.1111112, 2.6666667], [5.6666665, 10.0]]]]
    )
    assert_close(
        F.avg_pool2d(x, 3, 2, 1, count_include_pad=False), [[[[2.5, 4.0], [8.5, 10.0]]]]
    )


def test_adaptive_avg_pool2d_overlapping_windows_as_pytorch():
    x = torch.arange(15.0).reshape(1, 3, 5)
    # PyTorch 2.13: F.adaptive_avg_pool2d(x, (2, 3))
    assert_close(
        F.adaptive_avg_pool2d(x, (2, 3)), [[[3.0, 4.5, 6.0], [8.0, 9.5, 11.0]]]
    )


def test_batch_norm_training_then_eval_as_pytorch():
    bn = nn.BatchNorm1d(2)
    x = torch.tensor([[1.0, 2.0], [3.0, 6.0], [5.0, 10.0]])
    y = bn(x)
    # PyTorch 2.13, numbers printed by bn(x).tolist() and the running stats
    assert_close(
        y, [[-1.2247427, -1.2247443], [0.0, 0.0], [1.2247424, 1.2247443]], atol=1e-6
    )
    assert_close(bn.running_mean, [0.3, 0.6])
    assert_close(bn.running_var, [1.3, 2.5])
    assert bn.num_batches_tracked.item() == 1
    bn.eval()
    assert_close(
        bn(x),
        [[0.61393827, 0.88543594], [2.3680477, 3.4152532], [4.1221571, 5.9450703]],
    )
    assert bn.num_batches_tracked.item() == 1  # eval changes nothing
    assert_close(bn.running_mean, [0.3, 0.6])


def test_batch_norm_momentum_none_is_a_plain_average():
    bn = nn.BatchNorm1d(2, momentum=None)
    x = torch.tensor([[1.0, 2.0], [3.0, 6.0], [5.0, 10.0]])
    bn(x)
    bn(x * 2)
    # PyTorch 2.13: running_mean [4.5, 9.0], running_var [10.0, 40.0], 2 batches
    assert_close(bn.running_mean, [4.5, 9.0])
    assert_close(bn.running_var, [10.0, 40.0])
    assert bn.num_batches_tracked.item() == 2


# ---------------------------------------------------------------- against numpy


def test_conv2d_matches_the_loop_reference_on_a_lenet_sized_batch():
    x, w, b = random(4, 3, 12, 10), random(5, 3, 5, 3), random(5)
    out = F.conv2d(torch.tensor(x), torch.tensor(w), torch.tensor(b), padding=(2, 1))
    assert_close(out, _ref_conv2d(x, w, b, padding=(2, 1)), rtol=1e-10, atol=1e-10)


def test_max_pool2d_matches_the_loop_reference():
    x = random(2, 3, 9, 7)
    out = F.max_pool2d(torch.tensor(x), (3, 2), stride=(2, 1), ceil_mode=True)
    ref = _ref_max_pool2d(x, (3, 2), (2, 1), (0, 0), True)
    assert_close(out, ref, rtol=0, atol=0)


def test_depthwise_conv_gradients_against_central_differences():
    check_gradients(
        lambda x, w: F.conv2d(x, w, stride=2, padding=1, groups=3),
        random(2, 3, 5, 5),
        random(6, 1, 3, 3),
    )


def test_max_pool_with_overlapping_windows_adds_gradients_where_they_meet():
    x = torch.tensor([[[[1.0, 9.0, 2.0, 0.0]]]], requires_grad=True)
    F.max_pool2d(x, (1, 2), stride=1).sum().backward()
    # windows [1, 9], [9, 2], [2, 0]: 9 wins twice, 2 once
    assert x.grad.tolist() == [[[[0.0, 2.0, 1.0, 0.0]]]]


def test_max_pool_nan_wins_its_window_and_gets_the_gradient():
    nan = float("nan")
    x = torch.tensor(
        [[[[1.0, nan, 3.0, nan], [5.0, 2.0, 0.0, 9.0]]]], requires_grad=True
    )
    out, indices = F.max_pool2d(x, 2, return_indices=True)
    out.sum().backward()
    # PyTorch 2.13: values [nan, nan], indices [1, 3], the gradient at the NaNs
    assert np.isnan(to_np(out)).all()
    assert indices.tolist() == [[[[1, 3]]]]
    assert x.grad.tolist() == [[[[0.0, 1.0, 0.0, 1.0], [0.0, 0.0, 0.0, 0.0]]]]


def test_embedding_gradient_adds_repeated_rows_and_skips_the_padding_row():
    emb = nn.Embedding(4, 2, padding_idx=0)
    assert emb.weight[0].tolist() == [0.0, 0.0]
    idx = torch.tensor([[1, 0, 1], [3, 3, 0]])
    out = emb(idx)
    assert tuple(out.shape) == (2, 3, 2)
    assert_close(out[1, 0], emb.weight[3])
    out.sum().backward()
    assert emb.weight.grad.tolist() == [[0.0, 0.0], [2.0, 2.0], [0.0, 0.0], [2.0, 2.0]]


# ---------------------------------------------------------------- graph nodes


def test_node_names_and_next_functions_as_pytorch():
    # each tree read off PyTorch 2.13 (type(t.grad_fn).__name__, next_functions)
    x = leaf(random(2, 3, 6, 6), torch.float32)
    w = leaf(random(4, 3, 3, 3), torch.float32)
    b = leaf(random(4), torch.float32)
    assert tree(F.conv2d(x, w, b).grad_fn) == (
        "ConvolutionBackward0(AccumulateGrad, AccumulateGrad, AccumulateGrad)"
    )
    assert tree(F.conv2d(x, w).grad_fn) == (
        "ConvolutionBackward0(AccumulateGrad, AccumulateGrad, None)"
    )
    assert tree(F.conv2d(x.detach(), w, b).grad_fn) == (
        "ConvolutionBackward0(None, AccumulateGrad, AccumulateGrad)"
    )
    assert tree(F.conv_transpose2d(x, w.transpose(0, 1)).grad_fn) == (
        "ConvolutionBackward0(AccumulateGrad, TransposeBackward0(AccumulateGrad), None)"
    )
    assert tree(F.conv1d(x[:, :, 0], w[:, :, 0]).grad_fn) == (
        "ConvolutionBackward0(SelectBackward0(AccumulateGrad), "
        "SelectBackward0(AccumulateGrad), None)"
    )
    assert tree(F.max_pool2d(x, 2).grad_fn) == (
        "MaxPool2DWithIndicesBackward0(AccumulateGrad)"
    )
    assert tree(F.avg_pool2d(x, 2).grad_fn) == "AvgPool2DBackward0(AccumulateGrad)"
    assert tree(F.adaptive_avg_pool2d(x, 3).grad_fn) == (
        "AdaptiveAvgPool2DBackward0(AccumulateGrad)"
    )
    assert tree(nn.AdaptiveAvgPool2d((1, 1))(x).grad_fn) == (
        "MeanBackward1(AccumulateGrad)"
    )
    bn = nn.BatchNorm2d(3)
    assert tree(bn(x).grad_fn) == (
        "NativeBatchNormBackward0(AccumulateGrad, AccumulateGrad, AccumulateGrad)"
    )
    bn.eval()
    assert tree(bn(x).grad_fn) == (
        "NativeBatchNormBackward0(AccumulateGrad, AccumulateGrad, AccumulateGrad)"
    )
    assert tree(nn.BatchNorm1d(4, affine=False)(w.reshape(27, 4)).grad_fn) == (
        "NativeBatchNormBackward0(ViewBackward0(AccumulateGrad), None, None)"
    )
    emb = nn.Embedding(10, 3)
    assert (
        tree(emb(torch.tensor([1, 2])).grad_fn) == "EmbeddingBackward0(AccumulateGrad)"
    )
    assert tree(nn.Flatten()(x).grad_fn) == "ViewBackward0(AccumulateGrad)"
    # dropout is a multiplication by a mask in PyTorch 2.13 on the CPU
    assert tree(nn.Dropout(0.3)(x).grad_fn) == "MulBackward0(AccumulateGrad, None)"


# ---------------------------------------------------------------- layers


def test_conv2d_layer_parameters_repr_and_starting_values():
    torch.manual_seed(0)
    conv = nn.Conv2d(3, 64, (5, 3), stride=2, padding=1, groups=1)
    names = [(n, tuple(p.shape)) for n, p in conv.named_parameters()]
    assert names == [("weight", (64, 3, 5, 3)), ("bias", (64,))]
    assert conv.weight.dtype == torch.float32
    # kaiming_uniform_(a=sqrt(5)): uniform in +-1/sqrt(fan_in), fan_in = 3*5*3
    bound = 1 / math.sqrt(45)
    w = to_np(conv.weight)
    assert np.abs(w).max() <= bound
    assert abs(w.std() - bound / math.sqrt(3)) < 0.1 * bound  # a uniform's std
    assert np.abs(to_np(conv.bias)).max() <= bound
    assert repr(conv) == (
        "Conv2d(3, 64, kernel_size=(5, 3), stride=(2, 2), padding=(1, 1))"
    )
    assert repr(nn.Conv2d(1, 6, 5)) == "Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1))"
    assert repr(
        nn.Conv2d(4, 6, 3, padding="same", dilation=2, groups=2, bias=False)
    ) == (
        "Conv2d(4, 6, kernel_size=(3, 3), stride=(1, 1), padding=same, "
        "dilation=(2, 2), groups=2, bias=False)"
    )


def test_conv1d_and_conv_transpose2d_layers():
    conv = nn.Conv1d(3, 4, 3)
    assert repr(conv) == "Conv1d(3, 4, kernel_size=(3,), stride=(1,))"
    assert tuple(conv.weight.shape) == (4, 3, 3)
    assert tuple(conv(torch.zeros(2, 3, 10)).shape) == (2, 4, 8)
    up = nn.ConvTranspose2d(3, 4, 3, stride=2, output_padding=1)
    assert repr(up) == (
        "ConvTranspose2d(3, 4, kernel_size=(3, 3), stride=(2, 2), "
        "output_padding=(1, 1))"
    )
    assert tuple(up.weight.shape) == (3, 4, 3, 3)  # (in, out/groups, kH, kW)
    assert tuple(up(torch.zeros(2, 3, 5, 5)).shape) == (2, 4, 12, 12)


def test_same_padding_keeps_the_size():
    conv = nn.Conv2d(2, 3, (3, 5), padding="same", dilation=(2, 1))
    assert tuple(conv(torch.zeros(1, 2, 7, 6)).shape) == (1, 3, 7, 6)
    assert tuple(
        nn.Conv2d(2, 3, 3, padding="valid")(torch.zeros(1, 2, 7, 6)).shape
    ) == (1, 3, 5, 4)


def test_same_padding_with_an_even_kernel_pads_the_end_as_pytorch():
    x = torch.arange(5.0).reshape(1, 1, 5)
    out = F.conv1d(x, torch.tensor([[[1.0, 10.0]]]), padding="same")
    # PyTorch 2.13: the extra zero goes at the end: [10, 21, 32, 43, 4]
    assert out.tolist() == [[[10.0, 21.0, 32.0, 43.0, 4.0]]]
    check_gradients(
        lambda x, w: F.conv2d(x, w, padding="same", dilation=(1, 3)),
        random(1, 2, 4, 5),
        random(3, 2, 2, 2),
    )


def test_padding_modes_pad_the_border_as_pytorch():
    x = torch.arange(5.0).reshape(1, 1, 5)
    cases = [  # (layer settings, kernel, what PyTorch 2.13 printed)
        ({"padding": 1, "padding_mode": "reflect"}, [1.0, 10.0, 100.0],
         [101.0, 210.0, 321.0, 432.0, 343.0]),
        ({"padding": "same", "padding_mode": "circular"}, [1.0, 10.0],
         [10.0, 21.0, 32.0, 43.0, 4.0]),
        ({"padding": 2, "padding_mode": "replicate"}, [1.0, 10.0, 100.0],
         [0.0, 100.0, 210.0, 321.0, 432.0, 443.0, 444.0]),
    ]  # fmt: skip
    for settings, kernel, expected in cases:
        conv = nn.Conv1d(1, 1, len(kernel), bias=False, **settings)
        with torch.no_grad():
            conv.weight.copy_(torch.tensor([[kernel]]))
        assert conv(x).tolist() == [[expected]], settings


@pytest.mark.parametrize("mode", ["reflect", "replicate", "circular"])
def test_padding_modes_gradients_against_central_differences(mode):
    same = nn.Conv2d(2, 3, (2, 3), padding="same", dilation=(2, 1), padding_mode=mode)
    for conv, shape in [
        (nn.Conv2d(2, 3, (3, 2), padding=(1, 2), padding_mode=mode), (2, 2, 4, 5)),
        (same, (1, 2, 5, 4)),
    ]:
        conv.double()
        check_gradients(conv, random(*shape))  # the input's gradient
        # The parameters' gradients: those of F.pad, then F.conv2d (each
        # checked against central differences on its own).
        x = torch.tensor(random(*shape))
        conv.zero_grad()
        conv(x).sum().backward()
        padded = F.pad(x, conv._reversed_padding_repeated_twice, mode=mode)
        w = conv.weight.detach().requires_grad_()
        F.conv2d(padded, w, None, 1, 0, conv.dilation).sum().backward()
        assert_close(conv.weight.grad, w.grad)
        assert f"padding_mode={mode}" in repr(conv)


def test_padding_mode_errors_as_pytorch():
    with pytest.raises(ValueError, match="padding_mode must be one of"):
        nn.Conv2d(1, 1, 3, padding_mode="mirror")
    with pytest.raises(ValueError, match='Only "zeros" padding mode is supported'):
        nn.ConvTranspose2d(1, 1, 3, padding_mode="reflect")
    conv = nn.Conv2d(1, 1, 3, padding=3, padding_mode="reflect")
    with pytest.raises(RuntimeError):  # reflect needs the padding < the size
        conv(torch.ones(1, 1, 3, 3))


def test_pooling_reprs():
    assert repr(nn.MaxPool2d(2)) == (
        "MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)"
    )
    assert repr(nn.MaxPool2d(3, 2, 1, ceil_mode=True)) == (
        "MaxPool2d(kernel_size=3, stride=2, padding=1, dilation=1, ceil_mode=True)"
    )
    assert repr(nn.AvgPool2d(2)) == "AvgPool2d(kernel_size=2, stride=2, padding=0)"
    assert repr(nn.AdaptiveAvgPool2d((1, 1))) == "AdaptiveAvgPool2d(output_size=(1, 1))"
    assert repr(nn.Embedding(10, 3, padding_idx=0)) == "Embedding(10, 3, padding_idx=0)"


def test_batch_norm_state_dict_repr_and_buffers_as_pytorch():
    bn = nn.BatchNorm2d(3)
    state = bn.state_dict()
    assert list(state) == [
        "weight",
        "bias",
        "running_mean",
        "running_var",
        "num_batches_tracked",
    ]
    assert state["num_batches_tracked"].dtype == torch.int64
    assert tuple(state["num_batches_tracked"].shape) == ()
    assert [n for n, _ in bn.named_parameters()] == ["weight", "bias"]
    assert repr(bn) == (
        "BatchNorm2d(3, eps=1e-05, momentum=0.1, affine=True, "
        "bias=True, track_running_stats=True)"
    )
    plain = nn.BatchNorm1d(5, affine=False, track_running_stats=False)
    assert list(plain.state_dict()) == []
    assert list(nn.BatchNorm1d(5, affine=False).state_dict()) == [
        "running_mean",
        "running_var",
        "num_batches_tracked",
    ]
    # a state dict goes into a fresh layer, running statistics included
    bn(torch.tensor(random(4, 3, 2, 2), dtype=torch.float32))
    other = nn.BatchNorm2d(3)
    other.load_state_dict(bn.state_dict())
    assert_close(other.running_mean, bn.running_mean, rtol=0, atol=0)
    assert other.num_batches_tracked.item() == 1


def test_batch_norm_without_running_stats_uses_the_batch_in_eval_too():
    bn = nn.BatchNorm1d(2, track_running_stats=False).eval()
    x = torch.tensor([[1.0, 2.0], [3.0, 6.0]])
    assert_close(bn(x), [[-1.0, -1.0], [1.0, 1.0]], atol=1e-4)


def test_batch_norm_gradient_in_training_and_eval():
    def train(x, w, b):
        return F.batch_norm(x, None, None, w, b, training=True)

    check_gradients(train, random(4, 3, 2), random(3), random(3))
    mean = torch.tensor(random(3))
    var = torch.tensor(np.abs(random(3)) + 0.5)

    def evaluate(x, w, b):
        return F.batch_norm(x, mean, var, w, b, training=False)

    check_gradients(evaluate, random(4, 3, 2), random(3), random(3))


def test_dropout_train_eval_and_seed():
    drop = nn.Dropout(0.5)
    x = torch.ones(1000)
    torch.manual_seed(3)
    first = drop(x)
    torch.manual_seed(3)
    again = drop(x)
    assert first.tolist() == again.tolist()  # manual_seed reproduces the mask
    kept = to_np(first)
    assert set(np.unique(kept)) <= {0.0, 2.0}  # survivors scaled by 1/(1-p)
    assert 400 < (kept == 0).sum() < 600
    drop.eval()
    assert drop(x) is x or drop(x).tolist() == x.tolist()
    with pytest.raises(ValueError, match="between 0 and 1, but got 1.5"):
        nn.Dropout(1.5)


# ---------------------------------------------------------------- errors


def _raises(kind, text, fn):
    with pytest.raises(kind) as info:
        fn()
    assert text in str(info.value), str(info.value)
    return str(info.value)


def test_conv_errors_name_both_shapes():
    x = torch.zeros(64, 3, 28, 28)
    message = _raises(
        RuntimeError,
        (
            "Given groups=1, weight of size [6, 1, 5, 5], expected "
            "input[64, 3, 28, 28] to have 1 channels, but got 3 channels instead"
        ),
        lambda: nn.Conv2d(1, 6, 5)(x),
    )
    assert "in_channels" in message or IS_TORCH
    _raises(
        RuntimeError,
        "Expected 3D (unbatched) or 4D (batched) input to conv2d, "
        "but got input of size: [28, 28]",
        lambda: nn.Conv2d(1, 6, 5)(torch.zeros(28, 28)),
    )
    _raises(
        RuntimeError,
        "Expected 2D (unbatched) or 3D (batched) input to conv1d",
        lambda: nn.Conv1d(2, 4, 3)(torch.zeros(5, 2, 10, 1)),
    )
    _raises(
        RuntimeError,
        "Calculated padded input size per channel: (4 x 4). Kernel "
        "size: (5 x 5). Kernel size can't be greater than actual input size",
        lambda: nn.Conv2d(3, 6, 5)(torch.zeros(2, 3, 4, 4)),
    )
    _raises(
        RuntimeError,
        "Kernel size: (7 x 7)",
        lambda: nn.Conv2d(3, 6, 3, dilation=3)(torch.zeros(2, 3, 6, 6)),
    )
    w = torch.zeros(6, 3, 5, 5)
    _raises(
        RuntimeError,
        "non-positive stride is not supported",
        lambda: F.conv2d(x, w, stride=0),
    )
    _raises(
        RuntimeError,
        "negative padding is not supported",
        lambda: F.conv2d(x, w, padding=-1),
    )
    _raises(
        RuntimeError,
        "non-positive dilation is not supported",
        lambda: F.conv2d(x, w, dilation=0),
    )
    _raises(
        RuntimeError,
        "Given groups=4, expected weight to be divisible by 4 at dimension 0",
        lambda: F.conv2d(torch.zeros(2, 4, 8, 8), torch.zeros(6, 2, 3, 3), groups=4),
    )
    _raises(
        RuntimeError,
        "expected bias to be 1-dimensional with 6 elements, but got "
        "bias of size [5] instead",
        lambda: F.conv2d(x, w, torch.zeros(5)),
    )
    _raises(
        RuntimeError,
        "padding='same' is not supported for strided convolutions",
        lambda: F.conv2d(x, w, padding="same", stride=2),
    )
    _raises(
        RuntimeError,
        "expected scalar type Double but found Float",
        lambda: F.conv2d(x.double(), w),
    )
    _raises(
        ValueError,
        "in_channels must be divisible by groups",
        lambda: nn.Conv2d(3, 6, 5, groups=2),
    )
    _raises(
        ValueError,
        "out_channels must be divisible by groups",
        lambda: nn.Conv2d(4, 6, 5, groups=4),
    )
    _raises(
        ValueError,
        "groups must be a positive integer",
        lambda: nn.Conv2d(4, 6, 5, groups=0),
    )
    _raises(
        RuntimeError,
        "Given transposed=1, weight of size [2, 4, 3, 3], expected "
        "input[5, 3, 10, 10] to have 2 channels, but got 3 channels instead",
        lambda: nn.ConvTranspose2d(2, 4, 3)(torch.zeros(5, 3, 10, 10)),
    )
    _raises(
        RuntimeError,
        "output padding must be smaller than either stride or dilation",
        lambda: F.conv_transpose2d(
            torch.zeros(5, 2, 10, 10),
            torch.zeros(2, 4, 3, 3),
            stride=2,
            output_padding=2,
        ),
    )


def test_pooling_errors():
    _raises(
        RuntimeError,
        "Given input size: (3x4x4). Calculated output size: "
        "(3x0x0). Output size is too small",
        lambda: F.max_pool2d(torch.zeros(2, 3, 4, 4), 5),
    )
    _raises(
        RuntimeError,
        "Output size is too small",
        lambda: F.avg_pool2d(torch.zeros(2, 3, 4, 4), 5),
    )
    _raises(
        RuntimeError,
        "pad should be at most half of effective kernel size, but "
        "got pad=2, kernel_size=2 and dilation=1",
        lambda: F.max_pool2d(torch.zeros(2, 3, 8, 8), 2, padding=2),
    )
    _raises(
        RuntimeError,
        "stride should not be zero",
        lambda: F.max_pool2d(torch.zeros(2, 3, 8, 8), 2, stride=0),
    )
    _raises(
        RuntimeError,
        "non-empty 3D or 4D (batch mode) tensor expected for input",
        lambda: F.max_pool2d(torch.zeros(8, 8), 2),
    )
    _raises(
        RuntimeError,
        "adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got [8]",
        lambda: F.adaptive_avg_pool2d(torch.zeros(8), 2),
    )


def test_embedding_errors():
    emb = nn.Embedding(10, 3)
    _raises(
        IndexError, "index out of range in self", lambda: emb(torch.tensor([1, 10]))
    )
    _raises(
        IndexError, "index out of range in self", lambda: emb(torch.tensor([1, -1]))
    )
    _raises(
        RuntimeError,
        "Expected tensor for argument #1 'indices' to have one of "
        "the following scalar types: Long, Int",
        lambda: emb(torch.tensor([1.0])),
    )
    _raises(
        AssertionError,
        "Padding_idx must be within num_embeddings",
        lambda: nn.Embedding(10, 3, padding_idx=10),
    )
    assert nn.Embedding(10, 3, padding_idx=-1).padding_idx == 9


def test_batch_norm_errors_leave_the_running_stats_unchanged():
    bn = nn.BatchNorm2d(3)
    before = [to_np(bn.running_mean).copy(), to_np(bn.running_var).copy()]
    _raises(
        RuntimeError,
        "running_mean should contain 4 elements not 3",
        lambda: bn(torch.zeros(2, 4, 5, 5)),
    )
    _raises(
        ValueError, "expected 4D input (got 3D input)", lambda: bn(torch.zeros(2, 3, 5))
    )
    _raises(
        ValueError,
        "expected 2D or 3D input (got 4D input)",
        lambda: nn.BatchNorm1d(3)(torch.zeros(2, 3, 5, 5)),
    )
    _raises(
        ValueError,
        "Expected more than 1 value per channel when training, got "
        f"input size {PREFIX}.Size([1, 3, 1, 1])",
        lambda: bn(torch.zeros(1, 3, 1, 1)),
    )
    after = [to_np(bn.running_mean), to_np(bn.running_var)]
    for a, b in zip(before, after):
        np.testing.assert_array_equal(a, b)
    # PyTorch 2.13 counts a batch before it fails (here it shows 2); minigrad
    # counts it only once the batch went through, so nothing is half-changed.
    assert bn.num_batches_tracked.item() == (2 if IS_TORCH else 0)


@minigrad_only
def test_running_stats_are_not_recorded_in_the_graph():
    bn = nn.BatchNorm1d(2)
    bn(torch.tensor(random(4, 2), dtype=torch.float32, requires_grad=True))
    assert not bn.running_mean.requires_grad
    assert bn.running_mean.grad_fn is None


# ---------------------------------------------------------------- learning


def _images(n, rng):
    """Tiny 8x8 images: a bright vertical bar (class 0) or horizontal (class 1)."""
    x = rng.normal(0.0, 0.3, size=(n, 1, 8, 8)).astype(np.float32)
    y = rng.integers(0, 2, size=n)
    where = rng.integers(1, 7, size=n)
    for i in range(n):
        if y[i] == 0:
            x[i, 0, :, where[i]] += 1.5
        else:
            x[i, 0, where[i], :] += 1.5
    return torch.tensor(x), torch.tensor(y)


def test_a_small_cnn_learns_bars_on_tiny_images():
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    model = nn.Sequential(
        nn.Conv2d(1, 4, 3, padding=1),
        nn.BatchNorm2d(4),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(4, 8, 3),
        nn.ReLU(),
        nn.AdaptiveAvgPool2d(1),
        nn.Flatten(),
        nn.Dropout(0.1),
        nn.Linear(8, 2),
    )
    optimizer = torch.optim.Adam(model.parameters(), lr=0.02)
    x_test, y_test = _images(200, rng)

    def accuracy():
        model.eval()
        with torch.no_grad():
            hits = (model(x_test).argmax(1) == y_test).float().mean().item()
        model.train()
        return hits

    start = accuracy()
    for _ in range(60):
        x, y = _images(32, rng)
        loss = F.cross_entropy(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    assert accuracy() > 0.95 > start + 0.2


# ---------------------------------------------------------------- second derivatives


@pytest.mark.parametrize(
    "fn, shapes",
    [
        (
            lambda x, w, b: F.conv2d(x, w, b, stride=2, padding=1, dilation=(1, 2)),
            [(2, 2, 5, 5), (3, 2, 2, 2), (3,)],
        ),
        (lambda x, w: F.conv2d(x, w, groups=2), [(1, 4, 4, 4), (2, 2, 3, 3)]),
        (
            lambda x, w: F.conv_transpose2d(x, w, stride=2, output_padding=1),
            [(1, 2, 3, 3), (2, 3, 2, 2)],
        ),
        (lambda x, w: F.conv1d(x, w, padding=1), [(2, 2, 5), (3, 2, 3)]),
        (lambda x: F.max_pool2d(x, 2, stride=1, padding=1), [(1, 2, 4, 4)]),
        (lambda x: F.avg_pool2d(x, 3, 2, 1, ceil_mode=True), [(1, 2, 5, 5)]),
        (lambda x: F.adaptive_avg_pool2d(x, (2, 3)), [(2, 5, 4)]),
        (
            lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True),
            [(3, 2, 2), (2,), (2,)],
        ),
    ],
    ids=[
        "conv2d",
        "groups",
        "conv_transpose2d",
        "conv1d",
        "max_pool2d",
        "avg_pool2d",
        "adaptive",
        "batch_norm",
    ],
)
def test_gradcheck_and_gradgradcheck(fn, shapes):
    inputs = [leaf(random(*s), torch.float64) for s in shapes]
    assert torch.autograd.gradcheck(fn, inputs)
    assert torch.autograd.gradgradcheck(fn, inputs)


def test_embedding_from_pretrained_keeps_the_table_and_freezes_it():
    table = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    emb = nn.Embedding.from_pretrained(table)
    assert repr(emb) == "Embedding(2, 2)"
    assert emb(torch.tensor([1])).tolist() == [[3.0, 4.0]]
    assert not emb.weight.requires_grad
    trainable = nn.Embedding.from_pretrained(table, freeze=False, padding_idx=0)
    assert trainable.weight.requires_grad
    assert trainable.weight.tolist() == [[1.0, 2.0], [3.0, 4.0]]  # not zeroed
    trainable(torch.tensor([0, 1, 1])).sum().backward()
    assert trainable.weight.grad.tolist() == [[0.0, 0.0], [2.0, 2.0]]
