"""A character-level bigram model by counting (a lecture series' first notebook)."""

import torch

words = (
    "emma olivia ava isabella sophia charlotte mia amelia harper evelyn "
    "abigail emily elizabeth mila ella avery sofia camila aria scarlett"
).split()
chars = sorted(list(set("".join(words))))
stoi = {s: i + 1 for i, s in enumerate(chars)}
stoi["."] = 0
itos = {i: s for s, i in stoi.items()}
V = len(stoi)
print(V, itos[1], itos[V - 1])

N = torch.zeros((V, V), dtype=torch.int32)
for w in words:
    chs = ["."] + list(w) + ["."]
    for ch1, ch2 in zip(chs, chs[1:]):
        N[stoi[ch1], stoi[ch2]] += 1
print(N.dtype, N.sum().item(), N[0].tolist()[:6])

P = (N + 1).float()
P /= P.sum(1, keepdims=True)
print(P.shape, P[0].sum().item(), P[0, 1].item())

g = torch.Generator().manual_seed(2147483647)
p = torch.rand(3, generator=g)
p = p / p.sum()
print(p.shape, p.sum().item())
samples = torch.multinomial(p, num_samples=20, replacement=True, generator=g)
print(samples.shape, samples.dtype, samples.min().item() >= 0)

g = torch.Generator().manual_seed(2147483647)
for _ in range(5):
    out = []
    ix = 0
    while True:
        p = P[ix]
        ix = torch.multinomial(p, num_samples=1, replacement=True, generator=g).item()
        out.append(itos[ix])
        if ix == 0 or len(out) > 12:
            break
    print("sampled:", "".join(out))

log_likelihood = 0.0
n = 0
for w in words:
    chs = ["."] + list(w) + ["."]
    for ch1, ch2 in zip(chs, chs[1:]):
        log_likelihood += torch.log(P[stoi[ch1], stoi[ch2]])
        n += 1
print(f"{log_likelihood=}")
nll = -log_likelihood
print(f"{nll / n}")
print(f"{(nll / n).item():.4f}")
