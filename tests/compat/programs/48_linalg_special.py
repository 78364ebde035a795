"""torch.linalg's decompositions and torch.special: what a student meets in
PCA, whitening, least squares and Gaussian likelihoods (eigh, svd, qr,
cholesky, pinv, lstsq, matrix_rank, matrix_power, multi_dot, the nuclear and
spectral norms; expit, entr, ndtr, log_ndtr, ...). Only what does not depend
on the signs of singular vectors or eigenvectors is printed."""

import torch

torch.manual_seed(0)
X = torch.tensor([[2.0, 0.5, 1.0], [0.5, 1.5, -0.5], [1.0, -0.5, 3.0], [0.0, 1.0, 1.0]])
A = X.clone().requires_grad_(True)
C = A.mT @ A / 4  # a covariance matrix: symmetric positive-definite

evals, evecs = torch.linalg.eigh(C)
print(evals, evals.grad_fn.name(), torch.linalg.eigvalsh(C, UPLO="U"))
print((evecs @ torch.diag(evals) @ evecs.mT - C).abs().max() < 1e-5)
U, S, Vh = torch.linalg.svd(A, full_matrices=False)
print(S, S.grad_fn.name(), torch.linalg.svdvals(A), U.shape, Vh.shape)
print(torch.linalg.svd(A).U.shape, torch.svd(A).V.shape, torch.svd(A).S)
print(torch.allclose(U @ torch.diag(S) @ Vh, A, atol=1e-5))
Q, R = torch.linalg.qr(A)
print(R.abs(), R.grad_fn.name(), torch.allclose(Q.mT @ Q, torch.eye(3), atol=1e-5))
L = torch.linalg.cholesky(C)
print(L, L.grad_fn.name(), torch.linalg.cholesky(C, upper=True).mT.equal(L))
P = torch.linalg.pinv(A)
print(P, P.grad_fn.name(), torch.pinverse(A).shape)
print(torch.linalg.matrix_rank(A), torch.linalg.matrix_rank(torch.ones(3, 3)))
b = torch.tensor([[1.0], [2.0], [0.0], [-1.0]])
sol = torch.linalg.lstsq(A, b).solution
print(sol, sol.grad_fn.name())
print(torch.linalg.matrix_power(C, 3), torch.linalg.matrix_power(C, -1))
print(
    torch.matrix_power(C, 2).grad_fn.name(), torch.linalg.multi_dot([A, C, A.mT]).shape
)
print(torch.linalg.matrix_norm(A, "nuc"), torch.linalg.matrix_norm(A, 2))
print(torch.linalg.matrix_norm(A, -2), torch.linalg.norm(A, "nuc"))
print(torch.linalg.cross(A[:3], A[1:]))

loss = evals.pow(2).sum() + S.pow(3).sum() + (Q @ R).sum() + L.sum() + P.sum()
loss = loss + sol.pow(2).sum() + torch.linalg.matrix_norm(A, "nuc")
loss.backward()
print(A.grad)
C = A.mT @ A / 4  # (a fresh graph: backward freed the first one)
(g,) = torch.autograd.grad(torch.linalg.eigvalsh(C).pow(2).sum(), A, create_graph=True)
(h,) = torch.autograd.grad(g.pow(2).sum(), A)
print(h)

x = torch.tensor([-3.0, -0.5, 0.0, 0.25, 2.0], requires_grad=True)
sp = torch.special
print(sp.expit(x), sp.ndtr(x).detach(), sp.log_ndtr(x))
print(sp.erf(x), sp.erfc(x), sp.expm1(x), sp.exp2(x))
print(sp.log1p(x + 3.5), sp.sinc(x), sp.round(x * 1.5))
p = torch.tensor([0.0, 0.1, 0.5, 0.9], requires_grad=True)
print(sp.entr(p), sp.logit(p[1:]), sp.erfinv(p), sp.xlogy(p, p + 1))
print(sp.xlog1py(p, p), sp.gammaln(p[1:] + 1), sp.digamma(p[1:]), sp.psi(p[1:]))
print(sp.softmax(x, 0), sp.log_softmax(x, dim=0), sp.logsumexp(x, 0))
print(sp.log_ndtr(torch.tensor([-30.0, -10.0])), sp.entr(x).grad_fn.name())
total = (sp.ndtr(x) + sp.log_ndtr(x) + sp.expit(x)).sum() + sp.xlog1py(p, p).sum()
total = total + sp.entr(p[1:]).sum() + sp.logsumexp(x, 0)
total.backward()
print(x.grad, p.grad)
