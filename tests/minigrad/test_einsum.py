"""einsum beyond the op table (which checks values, gradients and second
derivatives of its main forms): more equations against numpy's einsum, and
PyTorch's errors."""

import numpy as np
import pytest
from mg_testutil import torch

RNG = np.random.default_rng(7)

EQUATIONS = [
    ("ii", [(3, 3)]),
    ("ij->", [(2, 3)]),
    ("ji", [(2, 3)]),
    ("iij->j", [(3, 3, 2)]),
    ("iji->j", [(2, 3, 2)]),
    ("ijk->kji", [(2, 3, 4)]),
    ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 5)]),
    ("bhqd,bhkd->bhqk", [(2, 3, 4, 5), (2, 3, 6, 5)]),
    ("ab,cd->abcd", [(2, 2), (3, 1)]),
    ("ii,i->i", [(3, 3), (3,)]),
    ("...ij,...jk->...ik", [(5, 2, 3), (3, 4)]),
    ("ij...,jk...->ik...", [(2, 3, 5), (3, 4, 5)]),
    (" i j , j k -> i k ", [(2, 3), (3, 4)]),
    (",->", [(), ()]),
]


@pytest.mark.parametrize("equation, shapes", EQUATIONS)
def test_values_as_numpy(equation, shapes):
    arrays = [RNG.standard_normal(s) for s in shapes]
    result = torch.einsum(equation, *[torch.tensor(a) for a in arrays])
    expected = np.einsum(equation.replace(" ", ""), *arrays)
    np.testing.assert_allclose(result.numpy(), expected, rtol=1e-12, atol=1e-12)


def test_a_dimension_of_size_one_broadcasts():
    a, b = torch.ones(3), torch.tensor([2.0])
    assert torch.einsum("i,i->", a, b).item() == 6.0


@pytest.mark.parametrize(
    "equation, shapes, message",
    [
        ("ij,jk->ik", [(2, 3), (2, 3)], "subscript j has size 2 for operand 1"),
        ("ij,jk->il", [(2, 3), (3, 4)], "output subscript l does not appear"),
        ("ij->ii", [(2, 3)], "appears more than once in the output"),
        ("ij", [(2, 3), (3, 4)], "more operands were provided"),
        ("ij,jk->ik", [(2, 3)], "fewer operands were provided"),
        ("ijk", [(2, 3)], r"subscripts in the equation \(3\) does not match"),
        ("ijkl...->i", [(2, 3)], r"\(4\) is more than the number of dimensions"),
        ("i1->i", [(2, 3)], "invalid subscript given at index 1"),
    ],
)
def test_bad_equations_raise_pytorchs_errors(equation, shapes, message):
    with pytest.raises(RuntimeError, match=message):
        torch.einsum(equation, *[torch.ones(s) for s in shapes])


def test_bad_arguments_are_type_errors():
    with pytest.raises(TypeError, match="'equation' must be str"):
        torch.einsum(3, torch.ones(2))
    with pytest.raises(TypeError, match="must be Tensor, not float"):
        torch.einsum("i", 1.0)
