"""Containers in a small two-headed model: nn.ModuleDict, nn.ParameterList,
nn.ParameterDict, get_submodule/get_parameter, parameter names, state_dict keys
and a short training loop."""

import torch
import torch.nn as nn


class TwoHeads(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Linear(2, 3)
        self.heads = nn.ModuleDict({"sum": nn.Linear(3, 1), "diff": nn.Linear(3, 1)})
        self.gains = nn.ParameterList([torch.ones(1), torch.ones(1)])
        self.offsets = nn.ParameterDict({"sum": torch.zeros(1), "diff": torch.zeros(1)})

    def forward(self, x):
        h = torch.tanh(self.body(x))
        outs = [
            self.heads[key](h) * gain + self.offsets[key]
            for key, gain in zip(self.heads, self.gains)
        ]
        return torch.cat(outs, dim=1)


torch.manual_seed(0)
model = TwoHeads()
print(model.heads)
print(model.gains)
print(list(model.heads.keys()), list(model.offsets.keys()))
for name, param in model.named_parameters():
    print(name, tuple(param.shape), param.requires_grad)
print(list(model.state_dict().keys()))
print(model.get_submodule("heads.diff"), model.get_parameter("gains.1").shape)
print(len(model.heads), "diff" in model.heads, len(model.gains), len(model.offsets))

# Fixed weights, so that the losses are the same numbers everywhere.
with torch.no_grad():
    model.body.weight.copy_(torch.tensor([[0.5, -0.3], [0.2, 0.4], [-0.1, 0.6]]))
    model.body.bias.copy_(torch.tensor([0.1, 0.0, -0.2]))
    for i, head in enumerate(model.heads.values()):
        head.weight.copy_(torch.tensor([[0.3, -0.2, 0.1]]) * (i + 1))
        head.bias.zero_()

x = torch.tensor([[1.0, 2.0], [0.5, -1.0], [-1.5, 0.5], [2.0, 1.0]])
y = torch.stack([x.sum(1), x[:, 0] - x[:, 1]], dim=1) * 0.25
opt = torch.optim.SGD(model.parameters(), lr=0.2)
for step in range(30):
    opt.zero_grad()
    loss = nn.functional.mse_loss(model(x), y)
    loss.backward()
    opt.step()
    if step % 5 == 0:
        print(f"step {step:2d} loss {loss.item():.6f}")
print("gains", [round(g.item(), 4) for g in model.gains])
print("offsets", {k: round(v.item(), 4) for k, v in model.offsets.items()})
print("grad of gains.0", model.gains[0].grad)

# Containers grow and shrink like a list and a dict.
model.gains.append(torch.zeros(2, 2))
model.offsets["extra"] = torch.zeros(3)
del model.heads["diff"]
print(model.gains)
print(model.heads)
print([name for name, _ in model.named_parameters()])
print(sum(p.numel() for p in model.parameters()))
