"""Tensor operations and dtypes students meet early: int32, keepdims, dot, mm."""

import torch

torch.manual_seed(0)

a = torch.arange(12, dtype=torch.int32).reshape(3, 4)
print(a, a.dtype)
print(a.sum(dim=1, keepdims=True))
print(a.float().mean(dim=0, keepdim=True))
print(a.nelement(), a.numel(), a.dim(), a.size(), a.size(1))

b = torch.tensor([1.0, 10.0, 100.0, 1000.0])
print(b.log10())
print(torch.log10(b), torch.log2(b))
print(torch.dot(torch.tensor([1.0, 2.0, 3.0]), torch.tensor([4.0, 5.0, 6.0])))
print(torch.tensor([1.0, 2.0]).dot(torch.tensor([3.0, 4.0])))

m = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
print(m.mm(m))
print(torch.mm(m, m.t()))
print(m.T @ m)

c = torch.tensor([1, 2, 3], dtype=torch.int32)
print(c.dtype, (c * 2).dtype, (c / 2).dtype, (c + 0.5).dtype)
print(c.to(torch.float64))
print(torch.zeros(2, dtype=torch.int64), torch.ones(2, dtype=torch.float64))
print(torch.tensor([True, False]).dtype, torch.tensor(3).dtype, torch.tensor(3.0).dtype)

x = torch.randn(3, 4)
print(x.shape, x.max(dim=1).values.shape, x.argmax(dim=1).shape)
print(x.max(dim=1, keepdims=True).values.shape)
print(torch.tensor([[1.0, 5.0], [7.0, 2.0]]).max(dim=1))
print(torch.tensor([3.0, 1.0, 2.0]).sort())
print(torch.where(torch.tensor([1.0, -1.0, 2.0]) > 0, 1.0, 0.0))

e = torch.linspace(0, 1, 5)
print(e, e.exp(), e.sqrt())
print(torch.stack([e, e]).shape, torch.cat([e, e]).shape)
print(e.view(5, 1).expand(5, 2))
print(e.unsqueeze(0).shape, e[None, :].shape, e.reshape(-1, 1).squeeze().shape)
print(torch.tensor([[1, 2], [3, 4]]).flatten(), torch.eye(2))
