"""Convolutions over every padding a CNN student sets: numbers or "same" or
"valid", each padding_mode, strides, dilations and groups; then max and
average pooling with padding, dilation and ceil_mode. Each line: the output's
shape, its sum, and the sums of the input's and the weight's gradients."""

import itertools

import torch
import torch.nn as nn
import torch.nn.functional as F


def det(shape, scale=1.0):
    """Deterministic values (no random draws): a sine over the elements."""
    n = 1
    for s in shape:
        n *= s
    return (torch.sin(torch.arange(float(n)) * 0.37) * scale).reshape(shape)


modes = ["zeros", "reflect", "replicate", "circular"]
for k, s, p, d, g, mode in itertools.product(
    [1, 3], [1, 2], [0, 1, "same", "valid"], [1, 2], [1, 2], modes
):
    if p == "same" and s != 1:
        continue  # (PyTorch refuses "same" with a stride)
    conv = nn.Conv2d(4, 6, k, stride=s, padding=p, dilation=d, groups=g,
                     padding_mode=mode)  # fmt: skip
    with torch.no_grad():
        conv.weight.copy_(det(conv.weight.shape, 0.5))
        conv.bias.copy_(det(conv.bias.shape))
    x = det((2, 4, 7, 6)).requires_grad_()
    y = conv(x)
    (y * det(y.shape)).sum().backward()
    print(
        f"k={k} s={s} p={p} d={d} g={g} {mode}: {tuple(y.shape)} "
        f"{y.sum().item():.3f} {x.grad.sum().item():.3f} "
        f"{conv.weight.grad.abs().sum().item():.3f}"
    )

print(nn.Conv1d(2, 3, 3, padding="same", padding_mode="circular"))
for k, s, p, d, ceil in itertools.product([2, 3], [1, 2, None], [0, 1], [1, 2],
                                          [False, True]):  # fmt: skip
    x = det((1, 2, 7, 7)).requires_grad_()
    y = F.max_pool2d(x, k, s, p, d, ceil_mode=ceil)
    y.sum().backward()
    avg = F.avg_pool2d(x, k, s, p, ceil_mode=ceil, count_include_pad=d == 1)
    print(
        f"pool k={k} s={s} p={p} d={d} ceil={ceil}: {tuple(y.shape)} "
        f"{y.sum().item():.3f} {x.grad.sum().item():.3f} {tuple(avg.shape)} "
        f"{avg.sum().item():.3f}"
    )
