"""Teaching-size training workloads: minigrad.nn / optim against hand-written numpy.

Two cases, each beside the same maths in plain numpy (the limit: no graph,
no Python objects per operation) and PyTorch on the CPU where installed:

- one MLP step: a 10-50-20-1 ReLU network on a batch of 32, MSE loss,
  forward + backward + SGD step (zero_grad included), float32; the same
  with Adam;
- the linear-regression lesson: 100 epochs of full-batch gradient descent on
  100 points, written by hand with `no_grad` and `grad.zero_()`, float32.

Run: `.venv/bin/python benchmarks/bench_nn.py` (or `make bench`).
"""

import numpy as np
from _harness import Table, measure_together, optional_torch, print_environment

import minigrad
import minigrad.data

torch = optional_torch()

LR = 0.01
SIZES = (10, 50, 20, 1)
BATCH = 32


# --------------------------------------------------------------- MLP step


def numpy_mlp_step(params, x, y, adam=None):
    """Forward, backward and SGD (or Adam) for the MLP, by hand: the numpy limit."""
    w1, b1, w2, b2, w3, b3 = params
    h1 = x @ w1.T + b1
    a1 = np.maximum(h1, 0)
    h2 = a1 @ w2.T + b2
    a2 = np.maximum(h2, 0)
    out = a2 @ w3.T + b3
    diff = out - y
    loss = (diff * diff).mean()
    g_out = diff * (2.0 / diff.size)
    g_w3 = g_out.T @ a2
    g_b3 = g_out.sum(0)
    g_a2 = g_out @ w3
    g_h2 = g_a2 * (h2 > 0)
    g_w2 = g_h2.T @ a1
    g_b2 = g_h2.sum(0)
    g_a1 = g_h2 @ w2
    g_h1 = g_a1 * (h1 > 0)
    g_w1 = g_h1.T @ x
    g_b1 = g_h1.sum(0)
    grads = (g_w1, g_b1, g_w2, g_b2, g_w3, g_b3)
    if adam is not None:
        numpy_adam(params, grads, adam)
        return loss
    for p, g in zip(params, grads):
        p -= LR * g
    return loss


def numpy_adam(params, grads, state, beta1=0.9, beta2=0.999, eps=1e-8):
    """Adam's update by hand (PyTorch's defaults), `state` = {"t": 0, "m": [...],
    "v": [...]}."""
    state["t"] += 1
    t = state["t"]
    for p, g, m, v in zip(params, grads, state["m"], state["v"]):
        m *= beta1
        m += (1 - beta1) * g
        v *= beta2
        v += (1 - beta2) * g * g
        m_hat = m / (1 - beta1**t)
        v_hat = v / (1 - beta2**t)
        p -= LR * m_hat / (np.sqrt(v_hat) + eps)


def library_mlp_step(lib, optimizer="SGD"):
    """One training step of the same MLP, as PyTorch code, for minigrad or torch."""
    lib.manual_seed(0)
    nn = lib.nn
    model = nn.Sequential(
        nn.Linear(SIZES[0], SIZES[1]),
        nn.ReLU(),
        nn.Linear(SIZES[1], SIZES[2]),
        nn.ReLU(),
        nn.Linear(SIZES[2], SIZES[3]),
    )
    opt = getattr(lib.optim, optimizer)(model.parameters(), lr=LR)
    loss_fn = nn.MSELoss()
    rng = np.random.default_rng(0)
    x = lib.tensor(rng.standard_normal((BATCH, SIZES[0])).astype(np.float32))
    y = lib.tensor(rng.standard_normal((BATCH, SIZES[-1])).astype(np.float32))

    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        return loss

    return step


def mlp_case(table, optimizer="SGD"):
    rng = np.random.default_rng(0)
    params = []
    for fan_in, fan_out in zip(SIZES[:-1], SIZES[1:]):
        bound = 1 / np.sqrt(fan_in)
        params.append(rng.uniform(-bound, bound, (fan_out, fan_in)).astype(np.float32))
        params.append(rng.uniform(-bound, bound, fan_out).astype(np.float32))
    x = rng.standard_normal((BATCH, SIZES[0])).astype(np.float32)
    y = rng.standard_normal((BATCH, SIZES[-1])).astype(np.float32)
    adam = None
    if optimizer == "Adam":
        adam = {"t": 0, "m": [np.zeros_like(p) for p in params]}
        adam["v"] = [np.zeros_like(p) for p in params]
    row = {
        "numpy": lambda: numpy_mlp_step(params, x, y, adam),
        "minigrad": library_mlp_step(minigrad, optimizer),
    }
    if torch is not None:
        row["torch"] = library_mlp_step(torch, optimizer)
    table.add(
        f"MLP 10-50-20-1, batch 32: one {optimizer} step", **measure_together(row)
    )


# ------------------------------------------------------- linear regression

EPOCHS = 100
X, Y = (t.numpy() for t in minigrad.data.make_linear(100, slope=2.0, seed=0))


def numpy_linear_regression():
    w = np.zeros(1, dtype=np.float32)
    b = np.zeros(1, dtype=np.float32)
    lr = np.float32(0.1)
    for _ in range(EPOCHS):
        diff = X * w + b - Y
        loss = (diff * diff).mean()
        g = diff * np.float32(2.0 / diff.size)
        w -= lr * (g * X).sum(0)
        b -= lr * g.sum(0)
    return loss


def library_linear_regression(lib):
    """The lesson's loop, as PyTorch code, for minigrad or torch."""
    x, y = lib.tensor(X), lib.tensor(Y)

    def run():
        w = lib.zeros(1, requires_grad=True)
        b = lib.zeros(1, requires_grad=True)
        for _ in range(EPOCHS):
            loss = ((x * w + b - y) ** 2).mean()
            loss.backward()
            with lib.no_grad():
                w -= 0.1 * w.grad
                b -= 0.1 * b.grad
                w.grad.zero_()
                b.grad.zero_()
        return loss

    return run


def linear_regression_case(table):
    row = {
        "numpy": numpy_linear_regression,
        "minigrad": library_linear_regression(minigrad),
    }
    if torch is not None:
        row["torch"] = library_linear_regression(torch)
    table.add("linear regression, 100 points: 100 epochs", **measure_together(row))


if __name__ == "__main__":
    print_environment()
    table = Table("Training at teaching size, float32 (CPU time per run, best of 7)")
    mlp_case(table)
    mlp_case(table, "Adam")
    linear_regression_case(table)
    table.print()
    print(
        "Goals (issue 11; minigrad/torch, PyTorch on 1 thread): MLP step "
        "<= 0.5x (SGD and Adam), linear regression <= 0.6x."
    )
