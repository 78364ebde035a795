"""The classic custom Function with double backward: Sinh saves its outputs."""

import torch
from torch.autograd.function import once_differentiable


class Sinh(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        expx = torch.exp(x)
        expnegx = torch.exp(-x)
        ctx.save_for_backward(expx, expnegx)
        return (expx - expnegx) / 2, expx, expnegx

    @staticmethod
    def backward(ctx, grad_out, _grad_out_exp, _grad_out_negexp):
        expx, expnegx = ctx.saved_tensors
        grad_input = grad_out * (expx + expnegx) / 2
        grad_input += _grad_out_exp * expx
        grad_input -= _grad_out_negexp * expnegx
        return grad_input


def sinh(x):
    return Sinh.apply(x)[0]


class Exp(torch.autograd.Function):
    """Differentiable once only: its backward is not itself recorded."""

    @staticmethod
    def forward(ctx, x):
        result = x.exp()
        ctx.save_for_backward(result)
        return result

    @staticmethod
    @once_differentiable
    def backward(ctx, grad_output):
        (result,) = ctx.saved_tensors
        return grad_output * result


x = torch.tensor(0.5, dtype=torch.double, requires_grad=True)
y = sinh(x)
(dy,) = torch.autograd.grad(y, x, create_graph=True)
(d2y,) = torch.autograd.grad(dy, x)
print(f"sinh {y.item():.6f} first {dy.item():.6f} second {d2y.item():.6f}")
y, expx, expnegx = Sinh.apply(x)
print(y.grad_fn.__class__.__name__, [t.output_nr for t in (y, expx, expnegx)])
(g,) = torch.autograd.grad(expx + 2 * expnegx, x)
print(f"through the saved outputs: {g.item():.6f}")

print(torch.autograd.gradcheck(sinh, x))
print(torch.autograd.gradgradcheck(sinh, x))
z = Exp.apply(x)
z.backward()
print(f"exp {z.item():.6f} grad {x.grad.item():.6f}")
print(torch.autograd.gradcheck(Exp.apply, x, fast_mode=True))
