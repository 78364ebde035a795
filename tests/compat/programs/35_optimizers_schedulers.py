"""More of torch.optim: NAdam, RAdam, Adamax, Adadelta and eight more schedulers."""

import torch
import torch.nn as nn
from torch import optim
from torch.optim import lr_scheduler as S

torch.manual_seed(0)
X = torch.linspace(-1, 1, 24).reshape(8, 3)
y = X @ torch.tensor([[1.5], [-2.0], [0.5]]) + 0.3


def make_model():
    model = nn.Linear(3, 1)
    with torch.no_grad():
        model.weight.copy_(torch.tensor([[0.1, 0.2, -0.1]]))
        model.bias.fill_(0.05)
    return model


recipes = {
    "NAdam": lambda p: optim.NAdam(p, lr=0.05),
    "NAdamW": lambda p: optim.NAdam(
        p, 0.05, weight_decay=0.1, decoupled_weight_decay=True
    ),
    "RAdam": lambda p: optim.RAdam(p, lr=0.05),
    "RAdam wd": lambda p: optim.RAdam(p, lr=0.05, weight_decay=0.1),
    "Adamax": lambda p: optim.Adamax(p, lr=0.05),
    "Adadelta": lambda p: optim.Adadelta(p),
    "Adadelta lr": lambda p: optim.Adadelta(p, lr=5.0, rho=0.8, weight_decay=0.01),
}
for name, make_optimizer in recipes.items():
    model = make_model()
    optimizer = make_optimizer(model.parameters())
    losses = []
    for _ in range(12):
        optimizer.zero_grad()
        loss = nn.functional.mse_loss(model(X), y)
        loss.backward()
        optimizer.step()
        losses.append(f"{loss.item():.4e}")
    print(f"{name}: losses", " ".join(losses))
    weights = " ".join(f"{w:.5f}" for w in model.weight.flatten().tolist())
    print(f"  weight {weights} bias {model.bias.item():.5f}")
    print("  state", sorted(optimizer.state[model.bias]))

schedules = {
    "LinearLR": lambda o: S.LinearLR(o, start_factor=0.25, total_iters=4),
    "ConstantLR": lambda o: S.ConstantLR(o, factor=0.5, total_iters=3),
    "PolynomialLR": lambda o: S.PolynomialLR(o, total_iters=6, power=2.0),
    "OneCycleLR": lambda o: S.OneCycleLR(o, max_lr=1.0, total_steps=10),
    "OneCycleLR linear 3": lambda o: S.OneCycleLR(
        o, 0.5, epochs=2, steps_per_epoch=5, anneal_strategy="linear", three_phase=True
    ),
    "WarmRestarts": lambda o: S.CosineAnnealingWarmRestarts(o, T_0=2, T_mult=2),
    "SequentialLR": lambda o: S.SequentialLR(
        o, [S.LinearLR(o, 0.1, total_iters=3), S.ExponentialLR(o, 0.7)], [3]
    ),
    "ChainedScheduler": lambda o: S.ChainedScheduler(
        [S.ConstantLR(o, factor=0.5, total_iters=2), S.ExponentialLR(o, 0.9)]
    ),
}
for name, make in schedules.items():
    optimizer = optim.SGD(make_model().parameters(), lr=0.1, momentum=0.9)
    scheduler = make(optimizer)
    lrs, momenta = [], []
    for _ in range(10):
        optimizer.step()
        lrs.append(round(scheduler.get_last_lr()[0], 6))
        momenta.append(round(optimizer.param_groups[0]["momentum"], 4))
        scheduler.step()
    print(f"{name}: {lrs}", f"momentum {momenta}" if "OneCycle" in name else "")

optimizer = optim.Adam(make_model().parameters(), lr=0.1)
plateau = S.ReduceLROnPlateau(optimizer, factor=0.5, patience=1, cooldown=1)
for val_loss in [1.0, 0.9, 0.95, 0.92, 0.91, 0.93, 0.8, 0.85, 0.86, 0.87]:
    optimizer.step()
    plateau.step(val_loss)
    print(f"val {val_loss} lr {plateau.get_last_lr()[0]} bad {plateau.num_bad_epochs}")
print(plateau.state_dict()["best"], optimizer.param_groups[0]["lr"])
