"""torch.linalg and torch.distributions: norms, inverse, determinant, solve,
distances, and the log-probabilities and KL divergences of a policy-gradient
or VAE loss (values, gradients and grad_fn names; no random draws printed)."""

import torch
import torch.nn.functional as F
from torch.distributions import Bernoulli, Categorical, Normal, Uniform, kl_divergence

torch.manual_seed(0)
A = torch.tensor(
    [[4.0, 1.0, 0.5], [1.0, 3.0, -1.0], [0.5, -1.0, 2.0]], requires_grad=True
)
b = torch.tensor([1.0, -2.0, 0.5])
x = torch.tensor([[3.0, -4.0], [1.0, 2.0]], requires_grad=True)

print(torch.linalg.vector_norm(x), torch.linalg.vector_norm(x, float("inf"), dim=1))
print(
    torch.linalg.matrix_norm(x),
    torch.linalg.matrix_norm(x, 1),
    torch.linalg.norm(x, -1),
)
print(torch.linalg.norm(x, dim=0), torch.linalg.vector_norm(x, 0))
inv = torch.linalg.inv(A)
print(inv, inv.grad_fn.name())
d = torch.linalg.det(A)
sign, logabsdet = torch.linalg.slogdet(A)
print(d, sign, logabsdet, torch.det(A).grad_fn.name())
sol = torch.linalg.solve(A, b)
print(sol, sol.grad_fn.name(), torch.allclose(A @ sol, b))
loss = d + inv.sum() + sol.pow(2).sum() + logabsdet + torch.linalg.norm(x)
loss.backward()
print(A.grad)
print(x.grad)
batch = torch.stack([A.detach(), 2 * torch.eye(3)])
print(torch.linalg.det(batch), torch.inverse(batch).shape)
try:
    torch.linalg.inv(torch.tensor([[1.0, 2.0], [2.0, 4.0]]))
except torch.linalg.LinAlgError as error:
    print("LinAlgError:", error)

p1 = torch.tensor([[0.0, 0.0], [1.0, 1.0]], requires_grad=True)
p2 = torch.tensor([[3.0, 4.0], [1.0, 0.0], [0.0, 0.0]])
dist = torch.cdist(p1, p2)
print(dist, dist.grad_fn.name(), torch.cdist(p1, p2, p=1))
dist.sum().backward()
print(p1.grad)
pd = F.pairwise_distance(p1, p2[:2])
print(pd, pd.grad_fn.name())

loc = torch.tensor([0.5, -1.0], requires_grad=True)
scale = torch.tensor([1.5, 0.3], requires_grad=True)
m = Normal(loc, scale)
z = m.rsample((4,))
print(z.shape, m.batch_shape, m.event_shape, z.grad_fn.name())
lp = m.log_prob(torch.tensor([0.2, 0.1]))
kl = kl_divergence(m, Normal(torch.zeros(2), torch.ones(2)))
print(lp, m.entropy(), kl, m.mean, m.stddev, m.variance)
(lp.sum() + kl.sum()).backward()
print(loc.grad, scale.grad)

logits = torch.tensor([[1.0, 2.0, 0.5], [0.0, -1.0, 3.0]], requires_grad=True)
c = Categorical(logits=logits)
actions = c.sample()
print(actions.shape, actions.dtype, c.sample((5,)).shape, c.batch_shape)
lp = c.log_prob(torch.tensor([2, 0]))
print(c.probs, lp, c.entropy())
other = Categorical(probs=torch.tensor([0.2, 0.3, 0.5]))
print(kl_divergence(c, other), other.log_prob(torch.tensor(1)))
(-lp.sum() - 0.01 * c.entropy().sum()).backward()
print(logits.grad)

coin = Bernoulli(probs=torch.tensor([0.1, 0.7]))
print(coin.log_prob(torch.tensor([1.0, 0.0])), coin.entropy(), coin.sample((3,)).shape)
u = Uniform(torch.tensor([0.0, 1.0]), torch.tensor([2.0, 5.0]))
print(u.log_prob(torch.tensor([1.0, 2.0])), u.entropy(), u.mean, u.stddev)
try:
    Normal(torch.tensor([0.0]), torch.tensor([-1.0]))
except ValueError as error:
    print("ValueError:", str(error).splitlines()[0])
