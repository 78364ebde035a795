# Integration, statistics, sorted search, joining, index sets, products, the
# legacy tensor types, memory formats and Hessian-vector products.
import torch

x = torch.tensor([[1.0, 2.0, 4.0, 7.0], [3.0, 5.0, 9.0, 0.5], [2.0, -1.0, 0.0, 3.0]])
x.requires_grad_(True)

area = torch.trapezoid(x, torch.tensor([0.0, 1.0, 3.0, 4.0]))
with torch.no_grad():
    print("trapezoid", area.detach(), torch.trapz(x, dx=0.5))
    print("cumulative", torch.cumulative_trapezoid(x, dim=0))
area.sum().backward()
print("d area", x.grad)

fw, aw = torch.tensor([1, 2, 1, 3]), torch.linspace(0.5, 2, 4)
print("cov", torch.cov(x, correction=0), x.cov(fweights=fw, aweights=aw))
print("corrcoef", torch.corrcoef(x))
q = torch.tensor([0.25, 0.5])
for mode in ["linear", "lower", "higher", "midpoint", "nearest"]:
    print(mode, torch.quantile(x, q, dim=1, interpolation=mode))
gaps = torch.tensor([1.0, float("nan"), 3.0, 2.0])
print("nan", torch.quantile(gaps, 0.5), torch.nanquantile(gaps, 0.5))
print("keepdim", x.quantile(0.3, keepdim=True))

edges = torch.tensor([1, 3, 5, 7, 9])
values = torch.tensor([[3, 6, 9], [0, 1, 10]])
print("searchsorted", torch.searchsorted(edges, values, side="right"))
shuffled = torch.tensor([5, 1, 9, 3, 7])
print("sorter", torch.searchsorted(shuffled, values, sorter=shuffled.argsort()))
print("bucketize", torch.bucketize(values, edges, right=True))

a, b = torch.tensor([1.0, 2.0]), torch.tensor([[3.0, 4.0], [5.0, 6.0]])
print("column_stack", torch.column_stack([a, b]), torch.row_stack([a, b]).shape)
print("dstack", torch.dstack([a, a]).shape, torch.block_diag(a, b, torch.tensor(7.0)))
print(torch.atleast_1d(torch.tensor(1.0)).shape, torch.atleast_3d(b).shape)

print("combinations", torch.combinations(torch.tensor([1, 2, 3]), 2))
print("with replacement", torch.combinations(a, with_replacement=True))
print(
    "cartesian_prod", torch.cartesian_prod(torch.tensor([1, 2]), torch.tensor([3, 4]))
)
print("tril_indices", torch.tril_indices(3, 3), torch.triu_indices(3, 4, offset=1))
print("kron", torch.kron(torch.tensor([1, 2]), torch.tensor([[1, 10], [100, 1000]])))
prod = torch.tensordot(x, x, dims=([1], [1]))
print("tensordot", prod, torch.tensordot(b, b, dims=2))
print("chain_matmul", torch.chain_matmul(b, b, b))

f = torch.FloatTensor([1, 2])
print(f, torch.LongTensor(2, 3).shape, torch.FloatTensor().shape)
print(isinstance(f, torch.FloatTensor), isinstance(f.double(), torch.FloatTensor))
print(f.type(torch.LongTensor), torch.is_floating_point(f), f.get_device())
images = torch.ones(2, 3, 4, 4)
print(
    type(torch.channels_last).__name__,
    images.clone(memory_format=torch.contiguous_format).shape,
)
print(torch.zeros_like(images, memory_format=torch.preserve_format).shape)


def loss(w):
    return (w**3).sum() + w[0] * w[1]


w, v = torch.tensor([1.0, 2.0, 3.0]), torch.tensor([1.0, 0.0, 2.0])
print("hvp", torch.autograd.functional.hvp(loss, w, v))
print("vhp", torch.autograd.functional.vhp(loss, w, v))
