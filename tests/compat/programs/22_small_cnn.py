"""A small CNN (Conv2d, MaxPool2d, BatchNorm, Dropout, Flatten) on tiny images."""

import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim

torch.manual_seed(0)


def make_images(n):
    """Class 0: a vertical bar; class 1: a horizontal bar; plus a little noise."""
    images = torch.zeros(n, 1, 8, 8)
    labels = torch.arange(n) % 2
    for i in range(n):
        position = 2 + i % 4
        if labels[i] == 0:
            images[i, 0, :, position] = 1.0
        else:
            images[i, 0, position, :] = 1.0
    return images + 0.1 * torch.randn(n, 1, 8, 8), labels


class Net(nn.Module):
    def __init__(self):
        """conv → batchnorm → relu → pool → conv → pool → dropout → linear."""
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, kernel_size=3, padding=1)
        self.bn1 = nn.BatchNorm2d(4)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(4, 8, 3, padding=1)
        self.flatten = nn.Flatten()
        self.dropout = nn.Dropout(0.25)
        self.fc = nn.Linear(8 * 2 * 2, 2)

    def forward(self, x):
        x = self.pool(F.relu(self.bn1(self.conv1(x))))
        x = self.pool(F.relu(self.conv2(x)))
        return self.fc(self.dropout(self.flatten(x)))


train_x, train_y = make_images(64)
test_x, test_y = make_images(32)
net = Net()
print(net)
print(sum(p.numel() for p in net.parameters() if p.requires_grad))
print(net.conv1.weight.shape, net.conv1(train_x[:2]).shape)
print(F.max_pool2d(torch.arange(16.0).reshape(1, 1, 4, 4), 2))

criterion = nn.CrossEntropyLoss()
optimizer = optim.SGD(net.parameters(), lr=0.05, momentum=0.9)
for epoch in range(6):
    net.train()
    for start in range(0, 64, 16):
        inputs, labels = train_x[start : start + 16], train_y[start : start + 16]
        optimizer.zero_grad()
        loss = criterion(net(inputs), labels)
        loss.backward()
        optimizer.step()
    print(f"epoch {epoch + 1} loss {loss.item():.3f}")

net.eval()
with torch.no_grad():
    predicted = net(test_x).argmax(dim=1)
accuracy = (predicted == test_y).float().mean().item()
print(f"test accuracy: {100 * accuracy:.0f} %")
print(net.bn1.running_mean.shape, net.bn1.num_batches_tracked.item())
print(net.conv1.weight.grad.shape, net.conv1.weight.grad.abs().sum().item() > 0)
