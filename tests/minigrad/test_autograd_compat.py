"""`autograd.function.once_differentiable` and gradcheck's PyTorch keyword
arguments. What PyTorch 2.13 does was read off PyTorch itself: the backward
runs with grad disabled; a double backward through it raises
"trying to differentiate twice a function that was marked with
@once_differentiable" (node `Error`), but only once a gradient that requires
grad came in.
"""

import numpy as np
import pytest
from mg_testutil import minigrad_only, torch

once_differentiable = torch.autograd.function.once_differentiable
seen_grad_mode = []


class Cube(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x**3

    @staticmethod
    @once_differentiable
    def backward(ctx, grad):
        """d/dx x³ = 3x²."""
        seen_grad_mode.append(torch.is_grad_enabled())
        (x,) = ctx.saved_tensors
        return 3 * x * x * grad


def test_the_backward_runs_with_grad_disabled_and_gives_the_gradient():
    seen_grad_mode.clear()
    x = torch.tensor([2.0, -1.0], requires_grad=True)
    Cube.apply(x).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [12.0, 3.0])
    (g,) = torch.autograd.grad(Cube.apply(x).sum(), x, create_graph=True)
    np.testing.assert_allclose(g.detach().numpy(), [12.0, 3.0])
    assert seen_grad_mode == [False, False]


def test_a_double_backward_through_it_raises_pytorchs_error():
    x = torch.tensor(3.0, requires_grad=True)
    v = torch.tensor(1.0, requires_grad=True)
    (g,) = torch.autograd.grad(Cube.apply(x), x, grad_outputs=v, create_graph=True)
    assert g.requires_grad and type(g.grad_fn).__name__ == "Error"
    assert g.item() == 27.0
    with pytest.raises(RuntimeError, match="differentiate twice a function that was"):
        g.backward()


def test_without_a_gradient_that_requires_grad_the_result_is_plain():
    x = torch.tensor(3.0, requires_grad=True)
    (g,) = torch.autograd.grad(Cube.apply(x), x, create_graph=True)
    assert not g.requires_grad and g.grad_fn is None


def test_the_decorated_backward_keeps_its_name_and_docstring():
    assert Cube.backward.__name__ == "backward"
    assert Cube.backward.__doc__ == "d/dx x³ = 3x²."


def _cube(x):
    return (x**3).sum()


@pytest.mark.parametrize(
    "options",
    [
        {"fast_mode": True},
        {"fast_mode": False},
        {"nondet_tol": 0.0, "check_undefined_grad": True},
        {"check_grad_dtypes": True},
        {"masked": None},
    ],
)
def test_gradcheck_accepts_pytorchs_keyword_arguments(options):
    x = torch.tensor([0.5, -1.5], dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(_cube, (x,), **options)
    assert torch.autograd.gradgradcheck(_cube, (x,), **options)


def test_gradcheck_takes_check_backward_ad_and_gradgradcheck_its_own():
    x = torch.tensor([0.5, -1.5], dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(_cube, (x,), check_backward_ad=True)
    assert torch.autograd.gradgradcheck(
        _cube, (x,), check_rev_over_rev=True, gen_non_contig_grad_outputs=False
    )


def test_fast_mode_still_catches_a_wrong_gradient():
    class Wrong(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, grad):
            return grad * 3

    x = torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True)
    for fast_mode in (True, False):
        assert not torch.autograd.gradcheck(
            Wrong.apply, (x,), fast_mode=fast_mode, raise_exception=False
        )


@minigrad_only
@pytest.mark.parametrize(
    "options",
    [
        {"check_forward_ad": True},
        {"check_batched_grad": True},
        {"check_backward_ad": False},
    ],
)
def test_checks_minigrad_cannot_do_say_so(options):
    x = torch.tensor([0.5], dtype=torch.float64, requires_grad=True)
    with pytest.raises(NotImplementedError, match="can't honour"):
        torch.autograd.gradcheck(_cube, (x,), **options)
