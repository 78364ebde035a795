"""Padded and packed sequences through RNNs; weight and spectral norm; nn.utils."""

import torch
import torch.nn as nn
from torch.nn.utils import parametrizations, parametrize
from torch.nn.utils import rnn as R

torch.manual_seed(0)


def fill_(module):
    """Weights that do not depend on the random generator."""
    with torch.no_grad():
        for i, p in enumerate(module.parameters()):
            p.copy_(torch.linspace(-0.5, 0.5, p.numel()).view(p.shape) * (1 + i / 10))
    return module


# Three "sentences" of 4, 2 and 3 steps, 3 features per step.
seqs = [torch.linspace(-1, 1, 3 * n).reshape(n, 3) * (1 - n / 5) for n in (4, 2, 3)]
padded = R.pad_sequence(seqs, batch_first=True).requires_grad_()
print(padded.shape, padded[1])
print(R.pad_sequence(seqs, padding_value=-1.0, padding_side="left")[:, 1])
lengths = torch.tensor([4, 2, 3])
packed = R.pack_padded_sequence(padded, lengths, True, enforce_sorted=False)
print(packed.batch_sizes, packed.sorted_indices, packed.unsorted_indices)
print(packed.data.shape, packed._fields)
back, back_lengths = R.pad_packed_sequence(packed, batch_first=True, total_length=5)
print(back.shape, back_lengths, torch.equal(back[:, :4], padded))
unpacked = R.unpack_sequence(R.pack_sequence(seqs, enforce_sorted=False))
unpadded = R.unpad_sequence(padded, lengths, batch_first=True)
print([tuple(s.shape) for s in unpacked], [tuple(s.shape) for s in unpadded])

for cls in (nn.RNN, nn.LSTM, nn.GRU):
    layer = fill_(cls(3, 4, num_layers=2, bidirectional=True, batch_first=True))
    packed = R.pack_padded_sequence(padded, lengths, True, enforce_sorted=False)
    out, hidden = layer(packed)
    h_n = hidden[0] if cls is nn.LSTM else hidden
    y, _ = R.pad_packed_sequence(out, batch_first=True)
    print(cls.__name__, type(out).__name__, tuple(out.data.shape), tuple(y.shape))
    print(h_n[-2].detach().round(decimals=4))
    padded.grad = None  # each layer's own gradient
    (y.pow(2).sum() + h_n.sum()).backward()
    grad_w = layer.weight_hh_l1.grad.sum().item()
    print(round(padded.grad.norm().item(), 4), round(grad_w, 4))

# Weight norm, new and old API; spectral norm.
lin = parametrizations.weight_norm(fill_(nn.Linear(3, 2)))
print(type(lin).__name__, list(lin.state_dict()))
print(lin.parametrizations.weight.original0.detach().round(decimals=4).flatten())
lin(seqs[0]).sum().backward()
print(lin.parametrizations.weight.original1.grad.round(decimals=4))
parametrize.remove_parametrizations(lin, "weight")
print(type(lin).__name__, parametrize.is_parametrized(lin), list(lin.state_dict()))
old = nn.utils.weight_norm(fill_(nn.Linear(3, 2)), dim=None)
print([name for name, _ in old.named_parameters()], round(old.weight_g.item(), 4))
nn.utils.remove_weight_norm(old)
print([name for name, _ in old.named_parameters()])
sn = parametrizations.spectral_norm(fill_(nn.Linear(3, 4)))
print(list(sn.state_dict()), round(torch.linalg.matrix_norm(sn.weight, 1).item(), 2))

# Parameters as one vector; the total gradient norm, then clipping with it.
net = fill_(nn.Sequential(nn.Linear(3, 2), nn.Tanh(), nn.Linear(2, 1)))
vec = nn.utils.parameters_to_vector(net.parameters())
nn.utils.vector_to_parameters(vec * 2, net.parameters())
print(vec.shape, net[2].bias)
net(seqs[0]).sum().backward()
grads = [p.grad for p in net.parameters()]
total = nn.utils.get_total_norm(grads)
nn.utils.clip_grads_with_norm_(net.parameters(), 0.5, total)
print(round(total.item(), 4), round(nn.utils.get_total_norm(grads).item(), 4))

# Inserting into and popping from containers.
net.insert(1, nn.ReLU()).extend([nn.Sigmoid()])
print(net.pop(2), len(net), [type(m).__name__ for m in net])
layers = nn.ModuleList([nn.Tanh(), nn.ReLU()])
layers.insert(1, nn.ELU())
print(layers.pop(0), [type(m).__name__ for m in layers])
