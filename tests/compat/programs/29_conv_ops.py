"""Convolution and pooling ops on fixed numbers: values, gradients, node names."""

import torch
import torch.nn.functional as F

x = (torch.arange(2 * 2 * 5 * 5, dtype=torch.float32).reshape(2, 2, 5, 5) / 10) - 2.5
x.requires_grad_(True)
w = torch.arange(3 * 2 * 3 * 3, dtype=torch.float32).reshape(3, 2, 3, 3).sin() / 2
w.requires_grad_(True)
b = torch.tensor([0.1, -0.2, 0.3], requires_grad=True)

out = F.conv2d(x, w, b, stride=1, padding=1)
print(out.shape, type(out.grad_fn).__name__)
print(out[0, 0, :2].detach())
print(F.conv2d(x, w, stride=2).shape, F.conv2d(x, w, padding=2, dilation=2).shape)
out.pow(2).mean().backward()
print(x.grad[0, 0, 0], w.grad[0, 0], b.grad)

grouped = torch.ones(4, 1, 2, 2) / 4
print(F.conv2d(x.detach(), grouped, groups=2)[1, :, 0])

pooled = F.max_pool2d(x, kernel_size=2)
print(pooled.shape, type(pooled.grad_fn).__name__, pooled[1, 1].detach())
print(F.avg_pool2d(x, 2, stride=1)[0, 0, 0].detach())
print(F.adaptive_avg_pool2d(x, 1).flatten().detach())
x.grad = None
F.max_pool2d(x, 3, stride=2, padding=1).sum().backward()
print(x.grad[0, 0])

signal = torch.tensor([[[1.0, 2.0, -1.0, 0.5, 3.0]]], requires_grad=True)
kernel = torch.tensor([[[0.5, -1.0, 0.25]]], requires_grad=True)
y = F.conv1d(signal, kernel, padding=1)
y.sum().backward()
print(y, signal.grad, kernel.grad)

up = F.conv_transpose2d(torch.ones(1, 1, 2, 2), torch.ones(1, 1, 2, 2), stride=2)
print(up)

conv = torch.nn.Conv2d(2, 3, 3, padding=1)
with torch.no_grad():
    conv.weight.copy_(w)
    conv.bias.copy_(b)
print(torch.allclose(conv(x), out, atol=1e-6), conv)
print(torch.nn.AdaptiveAvgPool2d((1, 1))(x).shape, torch.nn.AvgPool2d(2)(x).shape)
print(torch.nn.MaxPool2d(2, 2), torch.nn.Flatten()(x).shape)
