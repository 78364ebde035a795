"""Checking gradients numerically with torch.autograd.gradcheck (and gradgradcheck)."""

import torch
from torch.autograd import gradcheck, gradgradcheck


class MulConstant(torch.autograd.Function):
    @staticmethod
    def forward(ctx, tensor, constant):
        ctx.constant = constant
        return tensor * constant

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output * ctx.constant, None


class MyCube(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        result = x**3
        ctx.save_for_backward(x)
        return result

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * 3 * x**2


torch.manual_seed(0)
inputs = torch.randn(4, 3, dtype=torch.double, requires_grad=True)
print(gradcheck(lambda t: MulConstant.apply(t, 2.5), (inputs,), eps=1e-6, atol=1e-4))
print(gradcheck(MyCube.apply, (inputs,)))
print(gradcheck(MyCube.apply, (inputs,), fast_mode=True))
print(gradgradcheck(MyCube.apply, (inputs,)))

linear = torch.nn.functional.linear
weight = torch.randn(2, 3, dtype=torch.double, requires_grad=True)
print(gradcheck(linear, (inputs, weight), eps=1e-6, atol=1e-4))
print(gradcheck(torch.tanh, (inputs,), fast_mode=True))

x = torch.tensor([1.0, 2.0, 3.0], dtype=torch.double, requires_grad=True)
y = MyCube.apply(x)
y.sum().backward()
print(x.grad)
(g,) = torch.autograd.grad(MyCube.apply(x).sum(), x, create_graph=True)
(h,) = torch.autograd.grad(g.sum(), x)
print(g, h)
