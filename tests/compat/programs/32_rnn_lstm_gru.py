"""Recurrent layers: RNN, LSTM, GRU, their cells, and a tiny character model."""

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


def fill(module):
    """Fixed weights, so that the printed numbers do not depend on random draws."""
    with torch.no_grad():
        for i, p in enumerate(module.parameters()):
            wave = torch.sin(torch.arange(p.numel(), dtype=torch.float32) * 0.7 + i)
            p.copy_(0.4 * wave.reshape(p.shape))
    return module


print(nn.RNN(4, 3), nn.RNN(4, 3, 2, nonlinearity="relu", batch_first=True))
print(nn.LSTM(10, 20, num_layers=2, batch_first=True), nn.GRU(4, 3, bias=False))
print(nn.RNNCell(4, 3, nonlinearity="relu"), nn.LSTMCell(4, 3), nn.GRUCell(4, 3))
lstm = nn.LSTM(4, 3, num_layers=2, bidirectional=True)
for name, p in lstm.named_parameters():
    print(name, tuple(p.shape))
print(all(p.abs().max().item() <= 3**-0.5 for p in lstm.parameters()))

x = torch.cos(torch.arange(40, dtype=torch.float32)).reshape(5, 2, 4).requires_grad_()
for layer in [nn.RNN(4, 3), nn.GRU(4, 3, num_layers=2), nn.LSTM(4, 3)]:
    out, h_n = fill(layer)(x)
    print(type(layer).__name__, out.shape, out[-1])
    if isinstance(h_n, tuple):
        print("h_n, c_n", h_n[0].shape, h_n[1][0])
    else:
        print("h_n", h_n.shape, out.grad_fn.name(), h_n.grad_fn.name())

gru = fill(nn.GRU(4, 3, batch_first=True, bidirectional=True))
out, h_n = gru(x.transpose(0, 1), torch.ones(2, 2, 3) * 0.1)
print(out.shape, h_n.shape, out[1, 0])
out, h_n = gru(x[:, 0])
print("unbatched", out.shape, h_n.shape, out.grad_fn.name(), h_n[1])
out.sum().backward()
print(x.grad[0], gru.weight_hh_l0_reverse.grad.sum().item())

h, c = fill(nn.LSTMCell(4, 3))(x[0])
print(h, c.grad_fn.name(), h.grad_fn.name())
for cell in [nn.RNNCell(4, 3), nn.GRUCell(4, 3), nn.RNNCell(4, 3, nonlinearity="relu")]:
    h = fill(cell)(x[0, 1], torch.full((3,), 0.2))
    print(type(cell).__name__, h.shape, h.grad_fn.name(), h)

deep = nn.LSTM(4, 3, num_layers=2, dropout=0.5)
deep.eval()
print(torch.equal(deep(x)[0], deep(x)[0]), deep.training)

# A tiny character model: embedding -> LSTM -> linear, next-character loss.
text = "hello world, hello rnn"
chars = sorted(set(text))
ids = torch.tensor([chars.index(ch) for ch in text])


class CharModel(nn.Module):
    def __init__(self, vocab, hidden):
        super().__init__()
        self.embed = nn.Embedding(vocab, 5)
        self.rnn = nn.LSTM(5, hidden, batch_first=True)
        self.head = nn.Linear(hidden, vocab)

    def forward(self, ids):
        out, _ = self.rnn(self.embed(ids))
        return self.head(out)


model = fill(CharModel(len(chars), 8))
optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
for step in range(6):
    logits = model(ids[None, :-1])
    loss = F.cross_entropy(logits.reshape(-1, len(chars)), ids[1:])
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    print(f"step {step} loss {loss.item():.4f}")
