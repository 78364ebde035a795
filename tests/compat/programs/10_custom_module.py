"""Learning PyTorch with examples, step 7: a custom nn.Module with SGD momentum."""

import math

import torch


class Polynomial3(torch.nn.Module):
    def __init__(self):
        """Four scalar parameters a, b, c, d."""
        super().__init__()
        self.a = torch.nn.Parameter(torch.randn(()))
        self.b = torch.nn.Parameter(torch.randn(()))
        self.c = torch.nn.Parameter(torch.randn(()))
        self.d = torch.nn.Parameter(torch.randn(()))

    def forward(self, x):
        return self.a + self.b * x + self.c * x**2 + self.d * x**3

    def string(self):
        return (
            f"y = {self.a.item():.3f} + {self.b.item():.3f} x + "
            f"{self.c.item():.3f} x^2 + {self.d.item():.3f} x^3"
        )


torch.manual_seed(0)
x = torch.linspace(-math.pi, math.pi, 2000)
y = torch.sin(x)

model = Polynomial3()
print(len(list(model.parameters())), model.a.shape)
criterion = torch.nn.MSELoss(reduction="sum")
optimizer = torch.optim.SGD(model.parameters(), lr=1e-6, momentum=0.9)
for t in range(2000):
    y_pred = model(x)
    loss = criterion(y_pred, y)
    if t % 500 == 499:
        print(t, loss.item())
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

print(f"Result: {model.string()}")
print(sorted(model.state_dict().keys()))
