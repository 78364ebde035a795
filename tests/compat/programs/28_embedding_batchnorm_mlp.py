"""A character MLP with nn.Embedding and BatchNorm1d (a lecture series' part 3)."""

import torch
import torch.nn as nn
import torch.nn.functional as F

words = (
    "emma olivia ava isabella sophia charlotte mia amelia harper evelyn "
    "abigail emily elizabeth mila ella avery sofia camila aria scarlett"
).split()
chars = sorted(set("".join(words)))
stoi = {s: i + 1 for i, s in enumerate(chars)}
stoi["."] = 0
vocab_size, block_size = len(stoi), 3

X, Y = [], []
for w in words:
    context = [0] * block_size
    for ch in w + ".":
        X.append(context)
        Y.append(stoi[ch])
        context = context[1:] + [stoi[ch]]
X, Y = torch.tensor(X), torch.tensor(Y)

torch.manual_seed(42)
model = nn.Sequential(
    nn.Embedding(vocab_size, 10),
    nn.Flatten(),
    nn.Linear(10 * block_size, 64, bias=False),
    nn.BatchNorm1d(64),
    nn.Tanh(),
    nn.Linear(64, vocab_size),
)
print(model)
print(sum(p.nelement() for p in model.parameters()))
print(model[0].weight.shape, model[0](X[:4]).shape, model[1](model[0](X[:4])).shape)

optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
g = torch.Generator().manual_seed(2147483647)
for step in range(300):
    ix = torch.randint(0, X.shape[0], (32,), generator=g)
    loss = F.cross_entropy(model(X[ix]), Y[ix])
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step % 100 == 0:
        print(step, f"{loss.item():.4f}")

model.eval()
with torch.no_grad():
    full_loss = F.cross_entropy(model(X), Y)
print(f"full loss {full_loss.item():.2f}")
bn = model[3]
print(bn.running_mean.shape, bn.running_var.shape, bn.momentum, bn.eps)
print(bn.num_batches_tracked, bn.weight.grad.shape)
print(type(loss.grad_fn).__name__, model[0].weight.grad.shape)
