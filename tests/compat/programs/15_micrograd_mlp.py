"""A lecture series' micrograd notebook against torch: a neuron, then an MLP."""

import torch

x1 = torch.Tensor([2.0]).double()
x1.requires_grad = True
x2 = torch.Tensor([0.0]).double()
x2.requires_grad = True
w1 = torch.Tensor([-3.0]).double()
w1.requires_grad = True
w2 = torch.Tensor([1.0]).double()
w2.requires_grad = True
b = torch.Tensor([6.8813735870195432]).double()
b.requires_grad = True
n = x1 * w1 + x2 * w2 + b
o = torch.tanh(n)

print(o.data.item())
o.backward()
print("---")
print("x2", x2.grad.item())
print("w2", w2.grad.item())
print("x1", x1.grad.item())
print("w1", w1.grad.item())

xs = torch.tensor(
    [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]]
)
ys = torch.tensor([1.0, -1.0, -1.0, 1.0])

torch.manual_seed(1337)
model = torch.nn.Sequential(
    torch.nn.Linear(3, 4),
    torch.nn.Tanh(),
    torch.nn.Linear(4, 4),
    torch.nn.Tanh(),
    torch.nn.Linear(4, 1),
    torch.nn.Tanh(),
)
print("number of parameters", sum(p.nelement() for p in model.parameters()))
for k in range(100):
    ypred = model(xs).squeeze(1)
    loss = ((ypred - ys) ** 2).sum()
    for p in model.parameters():
        p.grad = None
    loss.backward()
    for p in model.parameters():
        p.data += -0.1 * p.grad
    if k % 25 == 24:
        print(k, f"{loss.item():.5f}")

print([round(v, 1) for v in model(xs).squeeze(1).tolist()])
