# Blends, fused products, robust reductions and rearrangements: the
# less common tensor functions of the PyTorch docs, with their gradients.
import torch

torch.manual_seed(0)
x = torch.tensor([[3.0, 1.0, 4.0, 1.0], [5.0, 9.0, 2.0, 6.0], [5.0, 3.0, 5.0, 8.0]])
x.requires_grad_(True)
target = torch.full((3, 4), 2.0)

# lerp, addcmul, addcdiv: an optimizer's building blocks
step = torch.lerp(x, target, 0.25)
print("lerp", step, step.grad_fn.__class__.__name__)
blend = x.lerp(target, torch.linspace(0, 1, 4))
print("lerp tensor weight", blend.grad_fn.__class__.__name__)
mixed = torch.addcmul(x, x, target, value=0.5)
ratio = torch.addcdiv(target, x, x + 1.0, value=-1.0)
print(mixed.grad_fn.__class__.__name__, ratio.grad_fn.__class__.__name__)

# products added to a tensor
v = torch.tensor([1.0, -1.0, 2.0, 0.5])
mv = torch.addmv(torch.ones(3), x, v, beta=0.5, alpha=2.0)
outer = torch.addr(torch.zeros(3, 4), x[:, 0], v)
batched = torch.baddbmm(torch.zeros(1, 3, 3), x[None], x.t()[None])
summed = torch.addbmm(torch.eye(3), x.reshape(2, 3, 2), x.reshape(2, 2, 3))
print("addmv", mv, mv.grad_fn.__class__.__name__)
print(outer.grad_fn.__class__.__name__, batched.shape, summed.shape)
print("vdot", torch.vdot(x[0], v), "inner", torch.inner(x, v))
print("cross", torch.cross(x[:, :3], x[:, 1:], dim=1))

# robust reductions: nan ignored, medians, modes
noisy = torch.tensor([[1.0, float("nan"), 3.0], [2.0, 0.5, float("nan")]])
print("nansum", torch.nansum(noisy), "nanmean", torch.nanmean(noisy, dim=1))
print("median", x.median(), torch.nanmedian(noisy))
values, indices = x.median(dim=1)
print("median(dim=1)", values, indices)
print(torch.mode(torch.tensor([[1, 2, 2, 3], [4, 4, 1, 1]]), dim=1))
print(torch.kthvalue(x, 2, dim=0))
low, high = torch.aminmax(x, dim=1)
print("aminmax", low, high)
print(torch.cummax(x, dim=1))
print("cummin", torch.cummin(x, dim=0).values)
print("logcumsumexp", torch.logcumsumexp(x, dim=1))

# rearrangements
print("rot90", torch.rot90(x, 1, [0, 1]).shape, torch.fliplr(x)[0], torch.flipud(x)[0])
print("msort", torch.msort(x))
print("tensor_split", [p.shape for p in torch.tensor_split(x, 3, dim=1)])
print("hsplit", [p.shape for p in torch.hsplit(x, [1, 3])])
print("diag_embed", torch.diag_embed(v[:2]), torch.diagflat(v[:2], 1).shape)
print("argwhere", torch.argwhere(x > 4))
print("sum_to_size", x.sum_to_size(1, 4))

# one loss through all of them, and its gradient
loss = (
    step.sum()
    + blend.sum()
    + mixed.mean()
    + ratio.sum()
    + mv.sum()
    + outer.sum()
    + batched.mean()
    + summed.mean()
    + values.sum()
    + high.sum()
    + torch.cummax(x, dim=1).values.mean()
    + torch.logcumsumexp(x, dim=0).sum()
    + torch.rot90(x).square().mean()
)
loss.backward()
print("loss", loss.item())
print("x.grad", x.grad)

# in-place shape changes
y = x.detach().clone()
y.t_()
y.unsqueeze_(0)
print("in place", y.shape, y.squeeze_().shape, y.transpose_(0, 1).shape)
