"""A data pipeline: a custom Dataset, padding collate_fn, samplers, streams."""

import torch
from torch import nn
from torch.utils import data


class Sequences(data.Dataset):
    """Sequence i holds i % 4 + 1 numbers; its label is whether it is long."""

    def __init__(self, n, offset=0):
        self.items = [[offset + i + k for k in range(i % 4 + 1)] for i in range(n)]

    def __len__(self):
        return len(self.items)

    def __getitem__(self, index):
        seq = torch.tensor(self.items[index], dtype=torch.float32)
        return seq, int(len(seq) > 2)


def pad_collate(batch):
    seqs, labels = zip(*batch)
    padded = torch.zeros(len(seqs), max(len(s) for s in seqs))
    for row, s in enumerate(seqs):
        padded[row, : len(s)] = s
    return padded, torch.tensor(labels), torch.tensor([len(s) for s in seqs])


torch.manual_seed(0)
dataset = Sequences(10)
loader = data.DataLoader(dataset, batch_size=4, collate_fn=pad_collate, num_workers=2)
for padded, labels, lengths in loader:
    print(tuple(padded.shape), labels.tolist(), lengths.tolist(), padded.sum().item())
print("batches:", len(loader))

batches = data.BatchSampler(data.SequentialSampler(dataset), 3, drop_last=True)
print("batch sampler:", list(batches), len(batches))
by_sampler = data.DataLoader(dataset, batch_sampler=batches, collate_fn=pad_collate)
print("padded widths:", [p.shape[1] for p, _, _ in by_sampler])

weights = [0.0 if i % 2 else 1.0 for i in range(len(dataset))]
sampler = data.WeightedRandomSampler(weights, num_samples=12, replacement=True)
drawn = list(sampler)
print("weighted:", len(drawn), all(i % 2 == 0 for i in drawn), len(sampler))
sampled = data.DataLoader(dataset, 5, sampler=sampler, collate_fn=pad_collate)
print("sampled batches:", [tuple(p.shape)[0] for p, _, _ in sampled])
once = data.WeightedRandomSampler([1.0, 2.0, 3.0, 4.0], 4, replacement=False)
print("without replacement:", sorted(once))

both = data.ConcatDataset([dataset, Sequences(3, offset=100)])
print("concat:", len(both), both[11][0].tolist(), (dataset + dataset)[19][1])


class Counter(data.IterableDataset):
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        for i in range(self.n):
            t = i / self.n
            yield torch.tensor([t, t * t]), torch.tensor(2 * t + 1)


stream = data.DataLoader(Counter(7), batch_size=3)
print("stream:", [tuple(x.shape) for x, _ in stream])
model = nn.Linear(2, 1)
with torch.no_grad():
    model.weight.zero_(), model.bias.zero_()
optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
for epoch in range(4):
    total = 0.0  # (the stream is read anew each epoch)
    for x, y in stream:
        loss = nn.functional.mse_loss(model(x).squeeze(1), y)
        optimizer.zero_grad(), loss.backward()
        optimizer.step()
        total += loss.item()
    print(f"epoch {epoch}: loss {total:.4f}")
