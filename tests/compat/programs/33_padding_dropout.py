"""Padding (every mode), channel dropout and Unflatten in a small CNN."""

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
x = torch.arange(1.0, 13.0).reshape(1, 1, 3, 4) / 4
x.requires_grad_(True)
for mode in ["constant", "reflect", "replicate", "circular"]:
    y = F.pad(x, (2, 1, 1, 0), mode=mode)
    print(mode, y.shape, type(y.grad_fn).__name__)
    print(y[0, 0].detach())
    x.grad = None
    (y * torch.arange(float(y.numel())).reshape(y.shape)).sum().backward()
    print(x.grad[0, 0])

row = torch.tensor([[1.0, -2.0, 3.0, 0.5]], requires_grad=True)
print(F.pad(row, (1, 2), value=-1.5), F.pad(row, (-1, 2), mode="replicate"))
print(F.pad(row, (3, 3), mode="reflect"), F.pad(row, [-1, -1]))
print(F.pad(torch.arange(4).reshape(2, 2), (1, 1, 1, 1), value=7))
signal = torch.linspace(-1.0, 1.0, 10, requires_grad=True).reshape(1, 2, 5)
print(F.pad(signal, (1, 1, 1, 1, 0, 1)).shape)
(g,) = torch.autograd.grad(
    (F.pad(signal, (2, 2), mode="reflect") ** 3).sum(), signal, create_graph=True
)
print(type(g.grad_fn).__name__, g)
g.sum().backward()

for layer in [
    nn.ZeroPad2d((1, 1, 2, 0)),
    nn.ConstantPad1d(2, 3.5),
    nn.ReflectionPad1d(1),
    nn.ReplicationPad2d(1),
    nn.CircularPad2d((1, 0, 0, 1)),
]:
    print(layer)
print(nn.ReplicationPad1d((2, 0))(row), nn.CircularPad1d(1)(row))

model = nn.Sequential(
    nn.Linear(4, 18),
    nn.Unflatten(1, (2, 3, 3)),
    nn.ReflectionPad2d(1),
    nn.Conv2d(2, 3, 3),
    nn.ReLU(),
    nn.Dropout2d(0.5),
    nn.ZeroPad2d((1, 1, 1, 1)),
    nn.Conv2d(3, 1, 3),
    nn.Flatten(),
)
with torch.no_grad():
    for i, p in enumerate(model.parameters()):
        p.copy_(torch.linspace(-0.5, 0.5, p.numel()).reshape(p.shape) * (-1) ** i)
print(model)
inputs = torch.tensor([[0.5, -1.0, 2.0, 0.0], [1.0, 1.0, -0.5, 0.25]])
model.eval()
out = model(inputs)
print(out.shape, type(out.grad_fn).__name__)
print(out)
out.sum().backward()
print(model[3].weight.grad[0, 0], model[0].bias.grad[:6])

model.train()
drop = nn.Dropout2d(0.5)
maps = drop(torch.ones(8, 16, 2, 2))
per_channel = maps.reshape(8, 16, 4)
print(drop, maps.shape, bool(((per_channel == 0) | (per_channel == 2)).all()))
print(bool((per_channel.min(dim=2).values == per_channel.max(dim=2).values).all()))
print(F.dropout1d(torch.ones(3, 4), 0.25, training=False), nn.Dropout1d(0.1))
print(F.dropout2d(torch.ones(1, 2, 2, 2), p=0.0).sum(), nn.Dropout3d())

flat = torch.arange(24.0).reshape(2, 12)
print(flat.unflatten(1, (3, -1)).shape, torch.unflatten(flat, -1, (2, 2, 3)).shape)
print(type(flat.requires_grad_().unflatten(1, (4, 3)).grad_fn).__name__)
print(nn.Unflatten(1, torch.Size([3, 4])), nn.Unflatten(-1, [6, 2]))
