"""PyTorch's keyword arguments and in-place forms, as programs write them:
addmm's beta and alpha, isclose/allclose with equal_nan, *_like(input=...),
numpy(force=True), softmax's dtype, in-place elementwise functions, fill_ and
zero_ in a graph, and the node each one records."""

import torch
import torch.nn.functional as F

bias = torch.tensor([0.5, -1.0], requires_grad=True)
a = torch.tensor([[1.0, 2.0], [3.0, -1.0]], requires_grad=True)
b = torch.tensor([[0.5, 1.5], [-2.0, 1.0]], requires_grad=True)

out = torch.addmm(bias, a, b, beta=0.5, alpha=2.0)
print(out, type(out.grad_fn).__name__)
out.sum().backward()
print(bias.grad, a.grad, b.grad)

nan_bias = torch.tensor([float("nan"), 1.0])
print(torch.addmm(nan_bias, a.detach(), b.detach(), beta=0))
print(bias.detach().addmm(a.detach(), b.detach(), alpha=-1))
ints = torch.ones(2, 2, dtype=torch.int64)
print(torch.addmm(ints, ints, ints, alpha=3, beta=2))
print(a.detach().add(b.detach(), alpha=torch.tensor(2.0)))
print(a.detach().sub(b.detach(), alpha=0.5))

x = torch.tensor([1.0, float("nan"), 3.0, 4.0])
y = torch.tensor([1.0, float("nan"), 3.0001, 5.0])
print(torch.isclose(x, y), torch.isclose(x, y, equal_nan=True))
print(torch.allclose(x, x), torch.allclose(x, x, equal_nan=True))
print(x.isclose(y, rtol=0.01, atol=0.0), y.allclose(y, equal_nan=True))

print(torch.zeros_like(input=x), torch.ones_like(x, dtype=torch.float64))
print(torch.full_like(input=x, fill_value=7.0).tolist())

w = torch.tensor([0.25, -0.5, 2.0], requires_grad=True)
print(w.numpy(force=True), w.detach().numpy())
print(w.softmax(0, dtype=torch.float64).dtype, F.log_softmax(w, 0, torch.float64).dtype)
print(torch.softmax(w, dim=0, dtype=torch.float64).grad_fn)

print(w.clamp_min(0.0), w.clamp_max(0.0))
print(torch.clamp_min(w, -0.25).grad_fn, torch.clamp_max(w, 1.0).grad_fn)
print(F.normalize(w, dim=0).grad_fn.next_functions[1][0].next_functions[0][0])

for name in [
    "abs_",
    "neg_",
    "sigmoid_",
    "tanh_",
    "sqrt_",
    "log_",
    "square_",
    "reciprocal_",
    "sin_",
    "cos_",
    "floor_",
    "ceil_",
    "round_",
    "trunc_",
]:
    v = w * 1.0 + 3.0
    getattr(v, name)()
    v.sum().backward()
    print(name, v.grad_fn, v.detach(), w.grad)
    w.grad = None

v = w * 1.0
v.clamp_min_(0.0).clamp_max_(1.0)
v.sum().backward()
print(v, w.grad)
w.grad = None

v = w * 2.0
v.fill_(3.0)
print(v, v.grad_fn)
v.zero_()
print(v, v.grad_fn)
v.sum().backward()
print(w.grad)
w.grad = None

scale = torch.tensor(1.5, requires_grad=True)
filled = torch.zeros(3).fill_(scale * 2.0)
print(filled, filled.grad_fn)
filled.sum().backward()
print(scale.grad)

copied = torch.zeros(3).copy_(w, non_blocking=True)
print(copied.grad_fn)
halves = torch.tensor([5.0, -5.0, 7.0])
print(
    halves.div_(2, rounding_mode="floor"),
    halves.clone().div_(2.0, rounding_mode="trunc"),
)
print(w.type(torch.float64, non_blocking=True).dtype)
index = torch.tensor([[0, 2]])
print(torch.gather(w[None], 1, index, sparse_grad=False))
