"""Saving and loading a model's state_dict (and a tensor) with torch.save/load."""

import os
import tempfile

import torch
import torch.nn as nn


class TinyNet(nn.Module):
    def __init__(self):
        """Two linear layers."""
        super().__init__()
        self.fc1 = nn.Linear(3, 4)
        self.fc2 = nn.Linear(4, 2)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x)))


torch.manual_seed(0)
model = TinyNet()
x = torch.tensor([[1.0, -2.0, 0.5]])
before = model(x)
print("Model's state_dict:")
for param_tensor in model.state_dict():
    print(param_tensor, "\t", model.state_dict()[param_tensor].size())

optimizer = torch.optim.SGD(model.parameters(), lr=0.001, momentum=0.9)
print("Optimizer's state_dict keys:", sorted(optimizer.state_dict().keys()))

with tempfile.TemporaryDirectory() as folder:
    path = os.path.join(folder, "model_weights.pth")
    torch.save(model.state_dict(), path)

    torch.manual_seed(1)
    restored = TinyNet()
    print(torch.equal(restored(x), before))
    result = restored.load_state_dict(torch.load(path, weights_only=True))
    print(result)
    restored.eval()
    print(torch.equal(restored(x), before))

    tensor_path = os.path.join(folder, "tensor.pt")
    torch.save(torch.arange(6).reshape(2, 3), tensor_path)
    loaded = torch.load(tensor_path)
    print(loaded, loaded.dtype)

    checkpoint_path = os.path.join(folder, "checkpoint.tar")
    torch.save(
        {"epoch": 5, "model_state_dict": model.state_dict(), "loss": 0.25},
        checkpoint_path,
    )
    checkpoint = torch.load(checkpoint_path)
    print(checkpoint["epoch"], checkpoint["loss"], sorted(checkpoint))
    print(type(checkpoint["model_state_dict"]["fc1.weight"]).__name__)
