"""Random sampling as PyTorch programs use it: `Generator().manual_seed`,
`generator=` on the random functions, `multinomial`, `normal`, `randn(size=())`.

Draws differ from PyTorch's (minigrad draws with numpy), so these tests check
shapes, dtypes, repeatability, PyTorch's errors (read off PyTorch 2.13) and
the distributions (means and frequencies at tolerances far wider than the
sampling error of the fixed seed).
"""

import numpy as np
import pytest
from mg_testutil import torch


def test_manual_seed_returns_the_generator_and_draws_repeat():
    g = torch.Generator()
    assert g.manual_seed(42) is g
    assert g.initial_seed() == 42
    first = torch.rand(5, generator=g).numpy()
    g.manual_seed(42)
    np.testing.assert_array_equal(torch.rand(5, generator=g).numpy(), first)


DRAWS = {
    "rand": lambda g: torch.rand(3, 2, generator=g),
    "randn": lambda g: torch.randn(3, 2, generator=g),
    "randint": lambda g: torch.randint(0, 100, (3, 2), generator=g),
    "randperm": lambda g: torch.randperm(20, generator=g),
    "multinomial": lambda g: torch.multinomial(torch.ones(10), 4, generator=g),
    "normal": lambda g: torch.normal(0.0, 1.0, size=(3, 2), generator=g),
    "normal_tensor": lambda g: torch.normal(torch.zeros(3), torch.ones(3), generator=g),
}


@pytest.mark.parametrize("name", sorted(DRAWS))
def test_a_generator_makes_each_random_function_repeatable(name):
    draw = DRAWS[name]
    a = draw(torch.Generator().manual_seed(7)).numpy()
    torch.manual_seed(0)  # the global generator plays no part
    torch.rand(10)
    b = draw(torch.Generator().manual_seed(7)).numpy()
    np.testing.assert_array_equal(a, b)
    c = draw(torch.Generator().manual_seed(8)).numpy()
    assert not np.array_equal(a, c)


def test_a_generator_leaves_the_global_generator_alone():
    torch.manual_seed(3)
    expected = torch.rand(4).numpy()
    torch.manual_seed(3)
    torch.rand(100, generator=torch.Generator().manual_seed(1))
    np.testing.assert_array_equal(torch.rand(4).numpy(), expected)


def test_randn_of_size_empty_tuple_is_0d():
    x = torch.randn(size=())
    assert x.shape == () and x.dtype == torch.float32
    assert torch.rand(size=(2, 3)).shape == (2, 3)
    assert torch.randn(size=(2,), generator=torch.Generator()).shape == (2,)


def test_randint_with_high_only():
    x = torch.randint(5, (1000,), generator=torch.Generator().manual_seed(0))
    assert x.dtype == torch.int64
    assert set(x.tolist()) == {0, 1, 2, 3, 4}


# ---------------------------------------------------------------- multinomial


def test_multinomial_shapes_and_dtype():
    g = torch.Generator().manual_seed(0)
    p = torch.tensor([0.2, 0.8])
    assert torch.multinomial(p, 3, replacement=True, generator=g).shape == (3,)
    assert torch.multinomial(p, 1).dtype == torch.int64
    rows = torch.tensor([[0.2, 0.8], [1.0, 0.0]])
    assert torch.multinomial(rows, 1, replacement=True).shape == (2, 1)
    assert p.multinomial(2).shape == (2,)


def test_multinomial_with_replacement_follows_the_weights():
    g = torch.Generator().manual_seed(2147483647)
    weights = torch.tensor([1.0, 0.0, 3.0, 6.0])  # need not sum to 1
    draws = torch.multinomial(weights, 20000, replacement=True, generator=g)
    counts = np.bincount(draws.numpy(), minlength=4) / 20000
    np.testing.assert_allclose(counts, [0.1, 0.0, 0.3, 0.6], atol=0.02)
    assert counts[1] == 0  # a weight of 0 is never drawn


def test_multinomial_without_replacement_draws_each_index_once():
    g = torch.Generator().manual_seed(1)
    for _ in range(20):
        draws = torch.multinomial(torch.rand(6, generator=g) + 0.1, 6, generator=g)
        assert sorted(draws.tolist()) == list(range(6))
    # weight-0 indices come only after all the others
    draws = torch.multinomial(torch.tensor([0.0, 1.0, 0.0, 2.0]), 4)
    assert sorted(draws[:2].tolist()) == [1, 3]


def test_multinomial_without_replacement_prefers_heavy_weights():
    g = torch.Generator().manual_seed(5)
    firsts = [
        torch.multinomial(torch.tensor([1.0, 9.0]), 2, generator=g)[0].item()
        for _ in range(2000)
    ]
    assert abs(np.mean(firsts) - 0.9) < 0.03


@pytest.mark.parametrize(
    "call, error, message",
    [
        (
            lambda: torch.multinomial(torch.tensor([0.2, 0.8]), 3),
            RuntimeError,
            "cannot sample n_sample > prob_dist.size",
        ),
        (
            lambda: torch.multinomial(torch.tensor([0.0, 0.0]), 1),
            RuntimeError,
            r"invalid multinomial distribution \(sum of probabilities <= 0\)",
        ),
        (
            lambda: torch.multinomial(torch.tensor([-1.0, 2.0]), 1),
            RuntimeError,
            "probability tensor contains either `inf`, `nan` or element < 0",
        ),
        (
            lambda: torch.multinomial(torch.tensor([1.0, float("nan")]), 1),
            RuntimeError,
            "probability tensor contains either `inf`, `nan`",
        ),
        (
            lambda: torch.multinomial(torch.tensor([1.0, 2.0]), 0),
            RuntimeError,
            "cannot sample n_sample <= 0 samples",
        ),
        (
            lambda: torch.multinomial(torch.ones(2, 2, 2), 1),
            RuntimeError,
            "prob_dist must be 1 or 2 dim",
        ),
        (
            lambda: torch.multinomial(torch.tensor([1, 2]), 1),
            RuntimeError,
            "multinomial only supports floating-point dtypes for input",
        ),
    ],
)
def test_multinomial_errors_as_pytorch(call, error, message):
    with pytest.raises(error, match=message):
        call()


# ---------------------------------------------------------------- normal


def test_normal_overloads_shapes_and_dtypes():
    assert torch.normal(0.0, 1.0, size=(2, 3)).shape == (2, 3)
    assert torch.normal(2.0, 3.0, (2,)).dtype == torch.float32
    assert torch.normal(0.0, 1.0, size=(2,), dtype=torch.float64).dtype == torch.float64
    assert torch.normal(torch.zeros(3), torch.ones(3)).shape == (3,)
    assert torch.normal(torch.zeros(3), 1.0).shape == (3,)
    assert torch.normal(torch.zeros(3)).shape == (3,)
    assert torch.normal(0.0, torch.ones(3)).dtype == torch.float32
    assert torch.normal(torch.zeros(2, dtype=torch.float64), 1.0).dtype == torch.float64
    assert torch.normal(torch.zeros(2, 1), torch.ones(3)).shape == (2, 3)


def test_normal_has_the_asked_mean_and_spread():
    g = torch.Generator().manual_seed(0)
    x = torch.normal(3.0, 2.0, size=(40000,), generator=g).numpy()
    assert abs(x.mean() - 3.0) < 0.05 and abs(x.std() - 2.0) < 0.05
    means = torch.tensor([-5.0, 0.0, 5.0])
    stds = torch.tensor([0.1, 1.0, 0.0])
    rows = np.stack(
        [torch.normal(means, stds, generator=g).numpy() for _ in range(4000)]
    )
    np.testing.assert_allclose(rows.mean(0), [-5.0, 0.0, 5.0], atol=0.06)
    np.testing.assert_allclose(rows.std(0), [0.1, 1.0, 0.0], atol=0.05)


def test_normal_is_not_differentiated_the_gradients_are_zero_as_pytorch():
    mean = torch.tensor([1.0, 2.0], requires_grad=True)
    std = torch.tensor([0.5, 3.0], requires_grad=True)
    x = torch.normal(mean, std, generator=torch.Generator().manual_seed(0))
    assert type(x.grad_fn).__name__ == "NormalBackward3"
    x.sum().backward()
    np.testing.assert_array_equal(mean.grad.numpy(), [0.0, 0.0])
    np.testing.assert_array_equal(std.grad.numpy(), [0.0, 0.0])
    assert type(torch.normal(mean, 1.0).grad_fn).__name__ == "NormalBackward1"
    assert type(torch.normal(0.0, std).grad_fn).__name__ == "NormalBackward2"
    y = torch.normal(torch.zeros(2, 1, requires_grad=True), torch.ones(3))
    assert y.shape == (2, 3) and y.requires_grad


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: torch.normal(0.0, 1.0), TypeError, "normal"),
        (
            lambda: torch.normal(torch.zeros(3), torch.ones(3), size=(3,)),
            TypeError,
            "normal",
        ),
        (
            lambda: torch.normal(torch.zeros(3), -torch.ones(3)),
            RuntimeError,
            "normal expects all elements of std >= 0.0",
        ),
        (
            lambda: torch.normal(0.0, -1.0, (2,)),
            RuntimeError,
            "normal expects std >= 0.0, but found std -1",
        ),
        (
            lambda: torch.normal(torch.zeros(3), torch.ones(2)),
            RuntimeError,
            "The size of tensor a",
        ),
    ],
)
def test_normal_errors_as_pytorch(call, error, message):
    with pytest.raises(error, match=message):
        call()
