"""im2col and friends: unfold/fold, windows as views, transposed 1-D
convolution, unpooling, LP pooling, a bilinear layer, a lazy layer and bags
of embeddings, as a CNN student meets them."""

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)

# im2col: a convolution is a matrix product with the unfolded input
x = torch.arange(32.0).view(1, 2, 4, 4).requires_grad_()
w = torch.linspace(-1, 1, 3 * 2 * 2 * 2).view(3, 2, 2, 2)
cols = F.unfold(x, kernel_size=2, stride=2)
print(cols.shape, cols.grad_fn.name())
out = (w.view(3, -1) @ cols).view(1, 3, 2, 2)
print(torch.allclose(out, F.conv2d(x, w, stride=2)))
back = F.fold(F.unfold(x, 2), output_size=(4, 4), kernel_size=2)
print(back[0, 0], back.grad_fn.name())
back.sum().backward()
print(x.grad[0, 0])

# sliding windows as a view
signal = torch.arange(8.0)
frames = signal.unfold(0, 4, 2)
print(frames)
print(torch.arange(6.0).as_strided((2, 2), (3, 1)))

# a transposed 1-D convolution doubles a sequence
up = nn.ConvTranspose1d(2, 1, kernel_size=2, stride=2, bias=False)
print(up)
with torch.no_grad():
    up.weight.fill_(0.5)
print(up(torch.ones(1, 2, 3)))

# max pooling, then putting the maxima back
img = torch.tensor([[[[1.0, 5.0, 2.0, 0.0], [3.0, 4.0, 8.0, 1.0]]]])
pooled, idx = nn.MaxPool2d(2, return_indices=True)(img)
print(pooled, idx)
print(nn.MaxUnpool2d(2)(pooled, idx))
seq = torch.tensor([[[1.0, 3.0, 2.0, 6.0]]])
p1, i1 = F.max_pool1d(seq, 2, return_indices=True)
print(F.max_unpool1d(p1, i1, 2))

# power-average pooling
print(nn.LPPool2d(2, 2))
print(F.lp_pool2d(img, 2, 2))
print(F.lp_pool1d(torch.tensor([[[3.0, 4.0, 6.0, 8.0]]]), 2, 2))

# a bilinear layer and a lazy one
bil = nn.Bilinear(3, 4, 2)
print(bil, bil.weight.shape, bil(torch.ones(5, 3), torch.ones(5, 4)).shape)
lazy = nn.LazyLinear(6)
print(lazy)
print(lazy(torch.ones(2, 7)).shape, lazy)

# bags of embeddings
bag = nn.EmbeddingBag(10, 3, mode="sum")
print(bag)
with torch.no_grad():
    bag.weight.copy_(torch.arange(30.0).view(10, 3))
tokens = torch.tensor([1, 2, 4, 5, 4, 3, 2, 9])
offsets = torch.tensor([0, 4])
print(bag(tokens, offsets))
print(F.embedding_bag(tokens, bag.weight, offsets, mode="max"))
weights = torch.linspace(0.5, 2.0, 8)
out = bag(tokens, offsets, per_sample_weights=weights)
print(out, out.grad_fn.name())
out.sum().backward()
print(bag.weight.grad[[1, 2, 4]])
