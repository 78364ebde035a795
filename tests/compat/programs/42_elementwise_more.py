"""More elementwise maths: inverse hyperbolics, logit, erfinv, lgamma, xlogy,
fmod, copysign, bitwise operators, aliases, tensor properties, random fills."""

import torch

torch.manual_seed(0)

x = torch.tensor([0.1, 0.4, 0.8], requires_grad=True)
for name in [
    "tan",
    "asinh",
    "atanh",
    "logit",
    "erfc",
    "erfinv",
    "exp2",
    "sinc",
    "deg2rad",
    "rad2deg",
    "lgamma",
    "digamma",
    "sgn",
]:
    y = getattr(torch, name)(x)
    (g,) = torch.autograd.grad(y.sum(), x)
    print(f"{name}: {y.detach()} grad {g} {type(y.grad_fn).__name__}")

print("acosh", torch.acosh(x + 1.0), torch.logit(x, eps=0.2))
a = torch.tensor([0.0, 1.5, -2.0], requires_grad=True)
b = torch.tensor([3.0, 0.5, 4.0], requires_grad=True)
for name in ["hypot", "xlogy", "fmod", "copysign", "float_power"]:
    y = getattr(torch, name)(a, b)
    y.sum().backward()
    print(name, y.detach(), y.dtype, type(y.grad_fn).__name__, a.grad, b.grad)
    a.grad, b.grad = None, None
print(torch.xlogy(a, 2.0).grad_fn.name(), torch.fmod(a, 1.25), a.copysign(-1.0))
print(torch.float_power(2, b).dtype, torch.heaviside(a.detach(), torch.tensor([0.5])))

z = torch.tensor([-0.0, 0.0, float("inf"), float("-inf"), -3.0])
print(z.signbit(), z.isposinf(), z.isneginf(), z.isreal())
i = torch.tensor([12, 10, -3])
j = torch.tensor([10, 6, 5])
print(i & j, i | j, i ^ j, ~i, 3 & i, torch.bitwise_and(i, 6))
m = torch.tensor([True, False, True])
print(m & torch.tensor([True, True, False]), ~m, m ^ True)
k = i.clone()
k &= j
print(k, torch.tensor([5, -7]).fmod(3), torch.tensor([1, 2]).tan().dtype)

print(torch.absolute(a), torch.negative(a), torch.subtract(a, b, alpha=2))
print(torch.multiply(a, b), torch.divide(b, 2), torch.true_divide(i, 4))
print(torch.divide(i, 4, rounding_mode="floor"), torch.positive(a) is a)
w = torch.tensor([0.3, 1.6])
print(w.clone().tan_(), w.clone().fmod_(0.5), w.clone().frac_(), w.clone().erfinv_())

t = torch.arange(12.0).reshape(3, 4)
v = t[1:, 2:]
print(t.ndimension(), t.nbytes, t.itemsize, v.storage_offset(), v.nbytes)
print(
    t.is_complex(), t.is_signed(), t.byte().is_signed(), t.byte().dtype, t.char().dtype
)
print(t[1].data_ptr() - t.data_ptr(), t.t()[2].storage_offset())

r = torch.empty(1000)
print(r.exponential_(2.0).min() >= 0, r.geometric_(0.3).min() >= 1)
print(r.log_normal_(0.0, 0.5).min() > 0, r.random_(3, 7).unique())
print(r.cauchy_().dtype, torch.empty(5, dtype=torch.int64).random_(2).max() <= 1)
print(torch.empty(500).exponential_(2.0).mean().round(decimals=1))
