"""Concise linear regression (d2l style): TensorDataset, DataLoader, nn, optim."""

import numpy as np
import torch
from torch import nn
from torch.utils import data

torch.manual_seed(0)
rng = np.random.default_rng(0)
true_w = np.array([2.0, -3.4], dtype=np.float32)
true_b = 4.2
features_np = rng.normal(size=(1000, 2)).astype(np.float32)
labels_np = features_np @ true_w + true_b + rng.normal(0, 0.01, 1000).astype(np.float32)
features = torch.from_numpy(features_np)
labels = torch.from_numpy(labels_np).reshape(-1, 1)


def load_array(data_arrays, batch_size, is_train=True):
    dataset = data.TensorDataset(*data_arrays)
    return data.DataLoader(dataset, batch_size, shuffle=is_train)


data_iter = load_array((features, labels), 10)
X, y = next(iter(data_iter))
print(X.shape, y.shape, len(data_iter))

net = nn.Sequential(nn.Linear(2, 1))
net[0].weight.data.normal_(0, 0.01)
net[0].bias.data.fill_(0)
loss = nn.MSELoss()
trainer = torch.optim.SGD(net.parameters(), lr=0.03)

for epoch in range(3):
    for X, y in data_iter:
        l = loss(net(X), y)  # noqa: E741 (the book's name)
        trainer.zero_grad()
        l.backward()
        trainer.step()
    l = loss(net(features), labels)  # noqa: E741
    print(f"epoch {epoch + 1}, loss {l:f}")

w = net[0].weight.data
print("error in estimating w:", torch.from_numpy(true_w) - w.reshape(true_w.shape))
b = net[0].bias.data
print("error in estimating b:", true_b - b)
print(f"w {w[0, 0].item():.2f} {w[0, 1].item():.2f} b {b.item():.2f}")
