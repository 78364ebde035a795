"""Whole training loops, written as PyTorch code: they must learn.

The data come from minigrad.data (as numpy arrays, so the same tests run
against PyTorch with MINIGRAD_TEST_BACKEND=torch).
"""

import numpy as np
import pytest
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
    for _ in range(300):
        opt.zero_grad()
        loss = loss_fn(model(X), y)
        loss.backward()
        opt.step()
    model.eval()
    with torch.no_grad():
        accuracy = (model(X).argmax(dim=1) == y).float().mean().item()
    assert accuracy >= 0.95, f"accuracy {accuracy:.3f}"


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


# Loss after steps 0, 1, 10, 30 and 59 of the loop below, printed by PyTorch
# 2.13 (CPU, float32) running the very same code from the same weights.
PYTORCH_LOSSES = {
    ("sgd", "ce"): [1.221797, 1.093723, 0.8639258, 0.7424884, 0.6260005],
    ("sgd", "bce"): [0.7778481, 0.7336946, 0.5676999, 0.498549, 0.4675568],
    ("adam", "ce"): [1.221797, 1.10847, 0.8644921, 0.7529327, 0.6486735],
    ("adam", "bce"): [0.7778481, 0.7242236, 0.5416533, 0.4640587, 0.4243401],
    ("adamw", "ce"): [1.221797, 1.108591, 0.8645921, 0.7479172, 0.6369294],
    ("adamw", "bce"): [0.7778481, 0.7241671, 0.5417163, 0.4626052, 0.4141521],
}


@pytest.mark.parametrize("optimizer, loss_name", sorted(PYTORCH_LOSSES))
def test_same_numbers_as_pytorch(optimizer, loss_name):
    X, y = as_backend(*minigrad.data.make_spirals(120, seed=0))
    rng = np.random.default_rng(0)
    shapes = [
        ("0.weight", (16, 2)),
        ("0.bias", (16,)),
        ("2.weight", (16, 16)),
        ("2.bias", (16,)),
        ("4.weight", (3, 16)),
        ("4.bias", (3,)),
    ]
    start = {
        k: torch.tensor(rng.uniform(-0.5, 0.5, s).astype(np.float32)) for k, s in shapes
    }
    model = nn.Sequential(
        nn.Linear(2, 16),
        nn.Tanh(),
        nn.Linear(16, 16),
        nn.LeakyReLU(0.1),
        nn.Linear(16, 3),
    )
    model.load_state_dict(start)
    if optimizer == "sgd":
        opt = optim.SGD(
            model.parameters(), lr=0.3, momentum=0.9, nesterov=True, weight_decay=1e-3
        )
    elif optimizer == "adam":
        opt = optim.Adam(model.parameters(), lr=0.02, weight_decay=1e-3, amsgrad=True)
    else:
        opt = optim.AdamW(model.parameters(), lr=0.02)
    sched = optim.lr_scheduler.StepLR(opt, step_size=20, gamma=0.5)
    if loss_name == "ce":
        loss_fn, target = nn.CrossEntropyLoss(label_smoothing=0.1), y
    else:
        loss_fn = nn.BCEWithLogitsLoss(pos_weight=torch.tensor([1.0, 2.0, 0.5]))
        target = nn.functional.one_hot(y, 3).float()
    losses = []
    for _ in range(60):
        opt.zero_grad()
        loss = loss_fn(model(X), target)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 0.5)
        opt.step()
        sched.step()
        losses.append(loss.item())
    got = [losses[i] for i in (0, 1, 10, 30, 59)]
    np.testing.assert_allclose(got, PYTORCH_LOSSES[optimizer, loss_name], rtol=1e-5)
