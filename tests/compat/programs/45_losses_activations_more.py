"""Margin, embedding and likelihood losses; threshold, shrink and rrelu
activations; RMSNorm, LocalResponseNorm and alpha dropout in a small model."""

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
x = (torch.arange(12.0).reshape(3, 4) / 3).cos().requires_grad_(True)
y = (torch.arange(12.0).reshape(3, 4) / 5).sin()
z = (torch.arange(12.0).reshape(3, 4) / 7).cos() - 0.5
signs = torch.tensor([1.0, -1.0, 1.0])
labels = torch.tensor([0, 3, 1])
multi = torch.tensor([[0, 1, -1, 0], [3, -1, 0, 0], [2, 1, 0, 3]])
pair = (x[:, 0], y[:, 0], signs)
cases = [
    (nn.TripletMarginLoss(margin=0.5), (x, y, z)),
    (nn.TripletMarginLoss(p=1, swap=True, reduction="sum"), (x, y, z)),
    (nn.MarginRankingLoss(margin=0.2), pair),
    (nn.CosineEmbeddingLoss(margin=0.1, reduction="none"), (x, y, signs)),
    (nn.PoissonNLLLoss(), (x, y.abs() * 3)),
    (nn.PoissonNLLLoss(log_input=False, full=True), (x.abs() + 0.1, y.abs() * 3)),
    (nn.GaussianNLLLoss(), (x, y, z.abs()[:, 0])),
    (nn.SoftMarginLoss(), (x, y.sign())),
    (
        nn.MultiMarginLoss(p=2, margin=0.5, weight=torch.tensor([1.0, 2, 0.5, 1.5])),
        (x, labels),
    ),
    (nn.MultiLabelMarginLoss(reduction="none"), (x, multi)),
    (nn.MultiLabelSoftMarginLoss(), (x, (y > 0).float())),
    (nn.HingeEmbeddingLoss(margin=0.5), (x, y.sign())),
]
for loss_fn, inputs in cases:
    loss = loss_fn(*inputs)
    x.grad = None
    loss.sum().backward()
    print(loss_fn, type(loss.grad_fn).__name__, loss.detach())
    print(x.grad)

v = torch.linspace(-1.5, 1.5, 7, requires_grad=True)
for layer in [
    nn.Threshold(0.1, 20.0),
    nn.CELU(2.0),
    nn.Hardshrink(),
    nn.Softshrink(0.3),
    nn.RReLU(0.1, 0.3).eval(),
]:
    out = layer(v)
    v.grad = None
    out.sum().backward()
    print(layer, out, v.grad)
print(F.rrelu(v, training=True).shape, nn.Softmax2d()(x.reshape(1, 3, 2, 2)))

torch.manual_seed(0)
model = nn.Sequential(
    nn.Linear(4, 6), nn.SELU(), nn.AlphaDropout(0.2), nn.RMSNorm(6), nn.Linear(6, 2)
)
print(model)
print(model.eval()(x))
norm = nn.RMSNorm([2, 2], eps=1e-3, elementwise_affine=False)
image = x.reshape(1, 3, 2, 2)
print(norm, norm(image))
lrn = nn.LocalResponseNorm(2, alpha=0.1)
out = lrn(image)
print(lrn, out, type(out.grad_fn).__name__)
x.grad = None
out.sum().backward()
print(x.grad)
print(nn.FeatureAlphaDropout(0.5), F.feature_alpha_dropout(image, 0.5).shape)
print(F.alpha_dropout(x, 0.5, training=True).shape, F.alpha_dropout(x, 0.5) is x)
