"""Printing tensors as the tutorials do: f-strings of 0-d tensors, repr, item."""

import torch

loss = torch.tensor(0.8333333333)
print(f"{loss}")
print(f"{loss:.4f}", f"{loss:>10.2f}|", format(loss, ".3e"))
print(f"loss: {loss}, as item: {loss.item()}")
print("str:", str(loss), "repr:", repr(loss))
print(f"{torch.tensor(2.0)} {torch.tensor(3)} {torch.tensor(True)}")
print(f"{torch.tensor(7):d} {torch.tensor(1.5, dtype=torch.float64)}")

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = (x * x).sum()
print(y)
print(f"y = {y}")
print(f"y = {y:.1f}", float(y), int(y))
print(f"{x}")
y.backward()
print(f"grad: {x.grad}")
print(x.detach().numpy(), x.tolist(), x[1].item())
print(torch.tensor([[1e-5, 1.0], [100.0, 2.0]]))
print(torch.tensor([1e10, 1.0]))
print(torch.tensor([0.1, 0.25, 1 / 3], dtype=torch.float64))
print(torch.zeros(0), torch.ones(2, 0).shape)
print(torch.tensor([float("nan"), float("inf"), -float("inf")]))
print(torch.arange(20.0))
