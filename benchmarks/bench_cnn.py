"""A LeNet-sized convolutional network: forward and backward, minigrad vs numpy.

LeNet-5 as the tutorials write it, on a batch of 64 grey 28x28 images,
float32: conv 6@5x5, ReLU, max-pool 2, conv 16@5x5, ReLU, max-pool 2,
flatten, linear 256-120-84-10 (ReLU between), cross-entropy loss; one
forward and backward pass (gradients of every parameter). Beside it the same
maths in plain numpy (im2col with `sliding_window_view`, a batched matmul
per convolution, pooling by strided slices, written by hand here and
checked to give minigrad's gradients) and PyTorch on one thread where
installed. The hand-written numpy is the straightforward version, not a
tuned one: minigrad's kernels (`ops/conv.py`) lay out their im2col copies
so that they copy long runs, and so come out faster than it. Then the
convolution alone, forward and backward, at the two LeNet sizes.

Run: `.venv/bin/python benchmarks/bench_cnn.py` (or `make bench`).
"""

import os

# numpy's BLAS on one thread, as PyTorch is here (the harness sets it): the
# harness measures CPU time, and on a shared machine a second BLAS thread
# mostly adds spinning, not speed. Set before numpy loads.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
from _harness import Table, measure, optional_torch, print_environment  # noqa: E402
from numpy.lib.stride_tricks import sliding_window_view  # noqa: E402

import minigrad  # noqa: E402
import minigrad.nn  # noqa: E402, F401  (so that `lib.nn` resolves for minigrad)

torch = optional_torch()
BATCH = 64


# --------------------------------------------------------------- plain numpy


def np_conv(x, w, b):
    """Valid convolution, stride 1: im2col (a view, then one copy) + one matmul."""
    o, c, k, _ = w.shape
    cols = sliding_window_view(x, (k, k), axis=(2, 3))  # (N, C, oh, ow, k, k)
    n, _, oh, ow = cols.shape[:4]
    cols = cols.transpose(0, 1, 4, 5, 2, 3).reshape(n, c * k * k, oh * ow)
    out = w.reshape(o, -1) @ cols + b[:, None]  # (N, O, oh*ow)
    return out.reshape(n, o, oh, ow), cols


def np_conv_backward(g, x_shape, w, cols, need_input=True):
    """Gradients of the weight, the bias and (col2im) the input."""
    n, o, oh, ow = g.shape
    k = w.shape[-1]
    g3 = g.reshape(n, o, oh * ow)
    gw = (g3 @ cols.transpose(0, 2, 1)).sum(0).reshape(w.shape)
    gb = g3.sum((0, 2))
    if not need_input:
        return None, gw, gb
    gcols = (w.reshape(o, -1).T @ g3).reshape(n, -1, k, k, oh, ow)
    gx = np.zeros(x_shape, dtype=g.dtype)
    for a in range(k):
        for c in range(k):
            gx[:, :, a : a + oh, c : c + ow] += gcols[:, :, a, c]
    return gx, gw, gb


def np_pool(x):
    """2x2 max pooling (strided slices) and the position of each maximum."""
    corners = [x[:, :, a::2, c::2] for a in (0, 1) for c in (0, 1)]
    out = corners[0].copy()
    where = np.zeros(out.shape, dtype=np.int8)
    for code, corner in enumerate(corners[1:], start=1):
        better = corner > out
        np.maximum(out, corner, out=out)
        np.maximum(where, better.view(np.int8) * np.int8(code), out=where)
    return out, where


def np_pool_backward(g, where):
    n, c, h, w = g.shape
    gx = np.empty((n, c, 2 * h, 2 * w), dtype=g.dtype)
    for code, (a, b) in enumerate([(0, 0), (0, 1), (1, 0), (1, 1)]):
        gx[:, :, a::2, b::2] = g * (where == code)
    return gx


def numpy_lenet(p, x, y):
    """Forward and backward of LeNet by hand; returns the loss and gradients."""
    w1, b1, w2, b2, w3, b3, w4, b4, w5, b5 = p
    c1, cols1 = np_conv(x, w1, b1)
    r1 = np.maximum(c1, 0)
    p1, m1 = np_pool(r1)
    c2, cols2 = np_conv(p1, w2, b2)
    r2 = np.maximum(c2, 0)
    p2, m2 = np_pool(r2)
    f = p2.reshape(len(x), -1)
    h3 = f @ w3.T + b3
    a3 = np.maximum(h3, 0)
    h4 = a3 @ w4.T + b4
    a4 = np.maximum(h4, 0)
    logits = a4 @ w5.T + b5
    shifted = logits - logits.max(1, keepdims=True)
    e = np.exp(shifted)
    probs = e / e.sum(1, keepdims=True)
    loss = -np.log(probs[np.arange(len(y)), y]).mean()
    g = probs
    g[np.arange(len(y)), y] -= 1
    g /= len(y)
    gw5, gb5 = g.T @ a4, g.sum(0)
    g = (g @ w5) * (h4 > 0)
    gw4, gb4 = g.T @ a3, g.sum(0)
    g = (g @ w4) * (h3 > 0)
    gw3, gb3 = g.T @ f, g.sum(0)
    g = (g @ w3).reshape(p2.shape)
    g = np_pool_backward(g, m2) * (c2 > 0)
    g, gw2, gb2 = np_conv_backward(g, p1.shape, w2, cols2)
    g = np_pool_backward(g, m1) * (c1 > 0)
    _, gw1, gb1 = np_conv_backward(g, x.shape, w1, cols1, need_input=False)
    return loss, (gw1, gb1, gw2, gb2, gw3, gb3, gw4, gb4, gw5, gb5)


# --------------------------------------------------------------- the libraries


def library_lenet(lib):
    """The same network as PyTorch code, for minigrad or torch."""
    nn = lib.nn
    lib.manual_seed(0)
    return nn.Sequential(
        nn.Conv2d(1, 6, 5),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(256, 120),
        nn.ReLU(),
        nn.Linear(120, 84),
        nn.ReLU(),
        nn.Linear(84, 10),
    )


def library_step(lib, model, x, y):
    def step():
        model.zero_grad()
        loss = lib.nn.functional.cross_entropy(model(x), y)
        loss.backward()
        return loss

    return step


def lenet_row(table, images, labels):
    model = library_lenet(minigrad)
    params = [p.detach().numpy().copy() for p in model.parameters()]
    row = {
        "numpy": measure(lambda: numpy_lenet(params, images, labels)),
        "minigrad": measure(
            library_step(
                minigrad, model, minigrad.tensor(images), minigrad.tensor(labels)
            )
        ),
    }
    if torch is not None:
        tmodel = library_lenet(torch)
        row["torch"] = measure(
            library_step(torch, tmodel, torch.tensor(images), torch.tensor(labels))
        )
    table.add(f"LeNet, batch {BATCH}, 1x28x28", **row)


def conv_row(table, shape, out_channels):
    rng = np.random.default_rng(0)
    x = rng.standard_normal(shape).astype(np.float32)
    w = rng.standard_normal((out_channels, shape[1], 5, 5)).astype(np.float32) * 0.1
    b = np.zeros(out_channels, dtype=np.float32)
    g = np.ones((shape[0], out_channels, shape[2] - 4, shape[3] - 4), np.float32)

    def by_hand():
        out, cols = np_conv(x, w, b)
        return np_conv_backward(g, x.shape, w, cols)

    def library(lib):
        tx = lib.tensor(x, requires_grad=True)
        tw = lib.tensor(w, requires_grad=True)
        tb = lib.tensor(b, requires_grad=True)
        tg = lib.tensor(g)
        return lambda: lib.nn.functional.conv2d(tx, tw, tb).backward(tg)

    row = {"numpy": measure(by_hand), "minigrad": measure(library(minigrad))}
    if torch is not None:
        row["torch"] = measure(library(torch))
    table.add(f"conv {shape[1]}->{out_channels} 5x5 on {list(shape)}", **row)


if __name__ == "__main__":
    print_environment()
    rng = np.random.default_rng(0)
    images = rng.standard_normal((BATCH, 1, 28, 28)).astype(np.float32)
    labels = rng.integers(0, 10, size=BATCH)
    table = Table("LeNet forward + backward, float32")
    lenet_row(table, images, labels)
    table.print()
    table = Table("one convolution, forward + backward (input, weight, bias)")
    conv_row(table, (BATCH, 1, 28, 28), 6)
    conv_row(table, (BATCH, 6, 12, 12), 16)
    table.print()
