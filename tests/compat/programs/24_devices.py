"""Device-agnostic code as the tutorials write it: device, .to(device), dtypes."""

import torch
import torch.nn as nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
print(f"Using {device} device")
print(device, device.type, torch.cuda.is_available())
print(torch.device("cpu") == torch.device("cpu"))

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2)).to(device)
print(next(model.parameters()).device)

x = torch.ones(3, 4, device=device)
print(x.device, x.to(device).device, x.cpu().device)
print(model(x).shape, model(x).device)

y = torch.zeros(2, 2, dtype=torch.float64, device="cpu")
print(y.dtype, y.to(torch.float32).dtype, y.to(device, torch.int32).dtype)
print(y.to(dtype=torch.int64))
print(torch.tensor([1, 2], device=device).device)
print(torch.arange(3, device=device), torch.randn(2, device=device).shape)
z = torch.tensor([1.5, -2.5], dtype=torch.float32).to(device)
print(z.double(), z.long(), z.int(), z.half().dtype)
print(x.is_cuda if hasattr(x, "is_cuda") else False)
