"""Writing by position: scatter (one-hot labels), scatter_add (a histogram),
index_add, index_fill, index_copy, masked_select/masked_scatter,
take_along_dim and fill_diagonal_, with their gradients and nodes."""

import torch

torch.manual_seed(0)
labels = torch.tensor([2, 0, 3, 2])
one_hot = torch.zeros(4, 5).scatter_(1, labels.unsqueeze(1), 1.0)
print(one_hot, one_hot.dtype, one_hot.shape)
counts = torch.zeros(5).scatter_add(0, labels, torch.ones(4))
print(
    counts, torch.zeros(5, dtype=torch.int64).index_add(0, labels, torch.ones(4).long())
)

x = torch.arange(1.0, 13.0).reshape(3, 4).requires_grad_()
src = torch.full((2, 4), 0.5, requires_grad=True)
index = torch.tensor([[0, 1, 2, 0], [2, 0, 1, 1]])
weights = torch.arange(12.0).reshape(3, 4)
ops = {
    "scatter": lambda: x.scatter(0, index, src),
    "scatter value": lambda: torch.scatter(x, 0, index, value=-1.0),
    "scatter_add": lambda: x.scatter_add(0, index, src),
    "index_add": lambda: x.index_add(0, torch.tensor([2, 2]), src, alpha=2.0),
    "index_fill": lambda: x.index_fill(1, torch.tensor([1, 3, 1]), src[0, 0]),
    "index_copy": lambda: torch.index_copy(x, 0, torch.tensor([2, 0]), src),
    "masked_scatter": lambda: x.masked_scatter(x > 7, src),
    "take_along_dim": lambda: x.take_along_dim(index[:1], 0),
}
for name, op in ops.items():
    x.grad = src.grad = None
    y = op()
    (y * weights[: y.shape[0]]).sum().backward()
    print(name, type(y.grad_fn).__name__, y.detach())
    print("  grads", x.grad, src.grad)

picked = torch.masked_select(x, x % 3 == 0)
print(picked, type(picked.grad_fn).__name__, picked.shape)
(g,) = torch.autograd.grad((picked**2).sum(), x, create_graph=True)
print(g, type(g.grad_fn).__name__)

scores = torch.tensor([[0.1, 2.0, -1.0], [3.0, 0.5, 0.2]], requires_grad=True)
best = scores.take_along_dim(scores.argmax(dim=1, keepdim=True), dim=1)
print(
    best,
    type(best.grad_fn).__name__,
    torch.take_along_dim(scores, torch.tensor([5, 0])),
)
best.sum().backward()
print(scores.grad)

y = x * 1.0
y.index_fill_(0, torch.tensor([1]), 0.0).scatter_(1, torch.tensor([[0], [1], [2]]), 9.0)
y.masked_scatter_(y > 10, torch.tensor([100.0, 200.0]))
print(y, type(y.grad_fn).__name__, y._version)
print(torch.zeros(5, 3).fill_diagonal_(4.0, wrap=True))
print(torch.ones(2, 2, 2, dtype=torch.int64).fill_diagonal_(7))
try:
    x.detach().index_copy(0, torch.tensor([7]), src.detach()[:1])
except IndexError as error:
    print("IndexError", "out of bounds" in str(error))
try:
    x.scatter(0, index.float(), src)
except RuntimeError as error:
    print("RuntimeError", "int32/int64" in str(error))
