"""More CNN layers: group/instance norm, 1-D and adaptive pooling, upsampling,
pixel shuffle, PReLU and GLU, in a small encoder-decoder."""

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
x = (torch.arange(48.0).reshape(1, 3, 4, 4) / 10).sin()
x.requires_grad_(True)
for mode, kw in [
    ("nearest", {"scale_factor": 2}),
    ("bilinear", {"size": (5, 7)}),
    ("bilinear", {"scale_factor": 1.5, "align_corners": True}),
]:
    y = F.interpolate(x, mode=mode, **kw)
    print(mode, y.shape, type(y.grad_fn).__name__, y[0, 1, :2].detach())
    x.grad = None
    (y * torch.arange(float(y.numel())).reshape(y.shape)).sum().backward()
    print(x.grad[0, 0])
sig = torch.tensor([[[-1.0, 0.5, 2.0, -0.25, 1.5], [0.75, -2.0, 1.0, 3.0, -0.5]]])
sig.requires_grad_(True)
print(F.interpolate(sig, size=8, mode="linear"), F.interpolate(sig, scale_factor=0.7))

values, where = F.adaptive_max_pool2d(x, (3, 2), return_indices=True)
print(values, where, type(values.grad_fn).__name__)
print(F.max_pool1d(sig, 2, return_indices=True), F.avg_pool1d(sig, 3, 2, 1))
print(F.adaptive_avg_pool1d(sig, 3), F.adaptive_max_pool1d(sig, 2))
print(type(F.max_pool1d(sig, 2).grad_fn).__name__)

gn = nn.GroupNorm(3, 6)
inorm = nn.InstanceNorm2d(6, affine=True, track_running_stats=True)
h = torch.cat([x, x.flip(-1) * 2], dim=1)
print(gn, inorm, type(gn(h).grad_fn).__name__)
print(gn(h)[0, :, 0, 0], inorm(h)[0, :, 1, 1])
print(inorm.running_mean, inorm.running_var)
inorm.eval()
print(inorm(h)[0, :, 1, 1], nn.InstanceNorm1d(2)(sig))

print(F.pixel_shuffle(torch.arange(8.0).reshape(1, 8, 1, 1), 2))
print(
    nn.PixelUnshuffle(2)(x[:, :1]).shape,
    nn.PixelShuffle(2),
    nn.Upsample(scale_factor=2),
)
prelu = nn.PReLU(6, init=0.1)
out = prelu(h)
(g,) = torch.autograd.grad((out**2).sum(), h, create_graph=True)
g.sum().backward()
print(prelu, type(out.grad_fn).__name__, prelu.weight.grad)
print(F.glu(sig, 1), nn.GLU(), nn.Hardswish()(sig), nn.Mish()(sig[0, 0]))

model = nn.Sequential(
    nn.Conv2d(3, 8, 3, padding=1),
    nn.GroupNorm(2, 8),
    nn.PReLU(),
    nn.AdaptiveMaxPool2d(1),
    nn.Conv2d(8, 12, 1),
    nn.PixelShuffle(2),
    nn.Upsample(scale_factor=2, mode="bilinear"),
    nn.Conv2d(3, 3, 3, padding=1),
    nn.Hardsigmoid(),
)
opt = torch.optim.Adam(model.parameters(), lr=0.01)
target = x.detach().sigmoid()
for step in range(30):
    loss = F.mse_loss(model(x.detach()), target)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 10 == 0:
        print(step, f"{loss.item():.4f}")
print(model(x).shape, f"{loss.item():.3f}")
