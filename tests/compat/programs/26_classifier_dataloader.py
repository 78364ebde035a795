"""A small classifier: Dataset, DataLoader, CrossEntropyLoss, Adam, accuracy."""

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset


class Blobs(Dataset):
    """Three Gaussian blobs in the plane, made with numpy (same on every side)."""

    def __init__(self, n, seed):
        rng = np.random.default_rng(seed)
        centers = np.array([[0.0, 2.0], [2.0, -1.0], [-2.0, -1.0]])
        self.labels = np.arange(n) % 3
        points = centers[self.labels] + 0.5 * rng.normal(size=(n, 2))
        self.points = points.astype(np.float32)

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, index):
        return torch.tensor(self.points[index]), int(self.labels[index])


torch.manual_seed(0)
train_data, test_data = Blobs(300, seed=1), Blobs(90, seed=2)
train_loader = DataLoader(train_data, batch_size=32, shuffle=True)
test_loader = DataLoader(test_data, batch_size=30)
features, labels = next(iter(test_loader))
print(f"Feature batch shape: {features.size()}")
print(f"Labels batch shape: {labels.size()} {labels.dtype}")


class NeuralNetwork(nn.Module):
    def __init__(self):
        """2 → 16 → 3 with ReLU."""
        super().__init__()
        self.linear_relu_stack = nn.Sequential(
            nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 3)
        )

    def forward(self, x):
        return self.linear_relu_stack(x)


model = NeuralNetwork()
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
for epoch in range(5):
    model.train()
    for X, y in train_loader:
        loss = loss_fn(model(X), y)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
    model.eval()
    correct, test_loss = 0, 0.0
    with torch.no_grad():
        for X, y in test_loader:
            pred = model(X)
            test_loss += loss_fn(pred, y).item()
            correct += (pred.argmax(1) == y).type(torch.float).sum().item()
    accuracy = correct / len(test_data)
    print(f"Epoch {epoch + 1}: Accuracy: {(100 * accuracy):>0.1f}%")
print("Done!", len(train_loader), len(test_loader.dataset))
