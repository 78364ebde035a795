"""The same small regression under each optimizer students meet first."""

import numpy as np
import torch
import torch.nn as nn
import torch.optim as optim

rng = np.random.default_rng(0)
X = torch.from_numpy(rng.normal(size=(64, 3)).astype(np.float32))
true_w = torch.tensor([[1.5], [-2.0], [0.5]])
y = X @ true_w + 0.3


def make_model():
    model = nn.Linear(3, 1)
    with torch.no_grad():
        model.weight.copy_(torch.tensor([[0.1, 0.2, -0.1]]))
        model.bias.zero_()
    return model


recipes = {
    "SGD": lambda p: optim.SGD(p, lr=0.05),
    "SGD momentum": lambda p: optim.SGD(p, lr=0.05, momentum=0.9),
    "SGD nesterov": lambda p: optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True),
    "SGD weight decay": lambda p: optim.SGD(p, lr=0.05, weight_decay=0.01),
    "Adam": lambda p: optim.Adam(p, lr=0.05),
    "AdamW": lambda p: optim.AdamW(p, lr=0.05),
    "RMSprop": lambda p: optim.RMSprop(p, lr=0.01),
    "RMSprop momentum": lambda p: optim.RMSprop(p, lr=0.01, momentum=0.5),
    "Adagrad": lambda p: optim.Adagrad(p, lr=0.5),
}
loss_fn = nn.MSELoss()
for name, make_optimizer in recipes.items():
    model = make_model()
    optimizer = make_optimizer(model.parameters())
    for _ in range(50):
        optimizer.zero_grad()
        loss = loss_fn(model(X), y)
        loss.backward()
        optimizer.step()
    weights = " ".join(f"{w:.4f}" for w in model.weight.flatten().tolist())
    print(
        f"{name:18s} loss {loss.item():.6f} weights {weights} "
        f"bias {model.bias.item():.4f}"
    )

print(optim.Adam(make_model().parameters()).defaults["betas"])
print(optim.Adagrad(make_model().parameters()).defaults["lr"])
print(optim.RMSprop(make_model().parameters()).defaults["lr"])
