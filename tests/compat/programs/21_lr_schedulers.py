"""Learning-rate schedulers on a small problem: StepLR, ExponentialLR, and more."""

import torch
import torch.nn as nn
import torch.optim as optim
from torch.optim import lr_scheduler

X = torch.linspace(-1, 1, 32).reshape(-1, 1)
y = 3 * X - 1


def train(make_scheduler, epochs=8):
    model = nn.Linear(1, 1)
    with torch.no_grad():
        model.weight.fill_(0.5)
        model.bias.fill_(0.0)
    optimizer = optim.SGD(model.parameters(), lr=0.5, momentum=0.9)
    scheduler = make_scheduler(optimizer)
    rates = []
    for _ in range(epochs):
        optimizer.zero_grad()
        loss = nn.functional.mse_loss(model(X), y)
        loss.backward()
        optimizer.step()
        rates.append(scheduler.get_last_lr()[0])
        scheduler.step()
    return loss, rates


schedules = {
    "StepLR": lambda o: lr_scheduler.StepLR(o, step_size=3, gamma=0.1),
    "ExponentialLR": lambda o: lr_scheduler.ExponentialLR(o, gamma=0.8),
    "MultiStepLR": lambda o: lr_scheduler.MultiStepLR(o, milestones=[2, 5], gamma=0.5),
    "CosineAnnealingLR": lambda o: lr_scheduler.CosineAnnealingLR(o, T_max=8),
    "LambdaLR": lambda o: lr_scheduler.LambdaLR(o, lambda epoch: 1 / (epoch + 1)),
}
for name, make in schedules.items():
    loss, rates = train(make)
    print(f"{name}: loss {loss.item():.5f}")
    print("  lr:", [round(rate, 5) for rate in rates])

model = nn.Linear(1, 1)
optimizer = optim.SGD(model.parameters(), lr=0.1)
scheduler = lr_scheduler.StepLR(optimizer, step_size=2, gamma=0.5)
for _ in range(5):
    optimizer.step()
    scheduler.step()
print(optimizer.param_groups[0]["lr"], scheduler.last_epoch)
