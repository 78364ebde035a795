"""Whole training loops, written as PyTorch code: they must learn.

The data come from minigrad.data (as numpy arrays, so the same tests run
against PyTorch with MINIGRAD_TEST_BACKEND=torch).
"""

import time

import numpy as np
from mg_testutil import torch

import minigrad.data

nn = torch.nn
optim = torch.optim


def as_backend(*tensors):
    return tuple(torch.tensor(t.numpy()) for t in tensors)


def test_linear_regression_by_hand_recovers_slope_and_intercept():
    X, y = as_backend(
        *minigrad.data.make_linear(100, slope=2.0, intercept=1.0, noise=0.1, seed=0)
    )
    w = torch.zeros(1, requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    lr = 0.1
    for _ in range(300):
        loss = ((X * w + b - y) ** 2).mean()
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
            w.grad.zero_()
            b.grad.zero_()
    assert abs(w.item() - 2.0) < 0.05
    assert abs(b.item() - 1.0) < 0.05
    assert w.is_leaf and w.requires_grad
    # The least-squares solution, which gradient descent converges to.
    A = np.hstack([X.numpy(), np.ones((100, 1))])
    slope, intercept = np.linalg.lstsq(A, y.numpy(), rcond=None)[0].ravel()
    assert abs(w.item() - slope) < 1e-4 and abs(b.item() - intercept) < 1e-4


def test_linear_regression_with_nn_and_optim():
    torch.manual_seed(0)
    X, y = as_backend(
        *minigrad.data.make_linear(200, slope=-3.0, intercept=0.5, noise=0.05, seed=1)
    )
    model = nn.Linear(1, 1)
    opt = optim.SGD(model.parameters(), lr=0.2, momentum=0.5)
    loss_fn = nn.MSELoss()
    for _ in range(200):
        opt.zero_grad()
        loss = loss_fn(model(X), y)
        loss.backward()
        opt.step()
    assert abs(model.weight.item() + 3.0) < 0.05
    assert abs(model.bias.item() - 0.5) < 0.05
    assert loss.item() < 0.01


def test_mlp_learns_two_moons_quickly():
    torch.manual_seed(0)
    X, y = as_backend(*minigrad.data.make_moons(200, noise=0.1, seed=0))
    model = nn.Sequential(
        nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 16), nn.ReLU(), nn.Linear(16, 2)
    )
    opt = optim.Adam(model.parameters(), lr=0.02)
    loss_fn = nn.CrossEntropyLoss()
    start = time.perf_counter()
    for _ in range(300):
        opt.zero_grad()
        loss = loss_fn(model(X), y)
        loss.backward()
        opt.step()
    seconds = time.perf_counter() - start
    model.eval()
    with torch.no_grad():
        accuracy = (model(X).argmax(dim=1) == y).float().mean().item()
    assert accuracy >= 0.95, f"accuracy {accuracy:.3f}"
    assert seconds < 5.0, f"training took {seconds:.1f} s"


def test_mlp_with_minibatches_bce_and_clipping():
    torch.manual_seed(1)
    minigrad.manual_seed(1)
    X, y = minigrad.data.make_circles(256, noise=0.05, seed=2)
    loader = minigrad.data.DataLoader(
        minigrad.data.TensorDataset(X, y), batch_size=32, shuffle=True
    )
    model = nn.Sequential(nn.Linear(2, 16), nn.Tanh(), nn.Linear(16, 1))
    opt = optim.SGD(model.parameters(), lr=0.5, momentum=0.9)
    loss_fn = nn.BCEWithLogitsLoss()
    for _ in range(40):
        for xb, yb in loader:
            xb, yb = as_backend(xb, yb)
            opt.zero_grad()
            loss = loss_fn(model(xb), yb.float().unsqueeze(1))
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
            opt.step()
    Xb, yb = as_backend(X, y)
    with torch.no_grad():
        predicted = (model(Xb).squeeze(1) > 0).long()
    accuracy = (predicted == yb).float().mean().item()
    assert accuracy >= 0.95, f"accuracy {accuracy:.3f}"
