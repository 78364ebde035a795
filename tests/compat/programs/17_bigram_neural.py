"""The bigram model as a one-layer network: one-hot, softmax, gradient descent."""

import torch
import torch.nn.functional as F

words = (
    "emma olivia ava isabella sophia charlotte mia amelia harper evelyn "
    "abigail emily elizabeth"
).split()
chars = sorted(list(set("".join(words))))
stoi = {s: i + 1 for i, s in enumerate(chars)}
stoi["."] = 0
V = len(stoi)

xs, ys = [], []
for w in words:
    chs = ["."] + list(w) + ["."]
    for ch1, ch2 in zip(chs, chs[1:]):
        xs.append(stoi[ch1])
        ys.append(stoi[ch2])
xs = torch.tensor(xs)
ys = torch.tensor(ys)
num = xs.nelement()
print("number of examples:", num, xs.dtype)

xenc = F.one_hot(xs, num_classes=V).float()
print(xenc.shape, xenc.dtype)

g = torch.Generator().manual_seed(2147483647)
W = torch.randn((V, V), generator=g, requires_grad=True)

for k in range(60):
    logits = xenc @ W
    counts = logits.exp()
    probs = counts / counts.sum(1, keepdims=True)
    loss = -probs[torch.arange(num), ys].log().mean() + 0.01 * (W**2).mean()
    if k % 20 == 0:
        print(k, round(loss.item(), 2))
    W.grad = None
    loss.backward()
    W.data += -50 * W.grad

logits = xenc @ W
counts = logits.exp()
probs = counts / counts.sum(1, keepdims=True)
print(round(F.cross_entropy(logits, ys).item(), 2))
print(torch.allclose(F.softmax(logits, dim=1), probs, atol=1e-5))
