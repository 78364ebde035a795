"""`axis=` and `keepdims=`, PyTorch's numpy-style aliases of `dim=` and
`keepdim=`, where PyTorch 2.13 accepts them (read off PyTorch: the reductions,
argmax/argmin, softmax/log_softmax; not norm).
"""

import numpy as np
import pytest
from mg_testutil import torch

X = np.arange(6.0).reshape(2, 3) * np.array([1.0, -1.0, 0.5])

REDUCTIONS = {
    "sum": np.sum,
    "mean": np.mean,
    "amax": np.amax,
    "var": lambda a, axis, keepdims: np.var(a, axis=axis, keepdims=keepdims, ddof=1),
    "std": lambda a, axis, keepdims: np.std(a, axis=axis, keepdims=keepdims, ddof=1),
    "argmax": np.argmax,
    "argmin": np.argmin,
}


@pytest.mark.parametrize("name", sorted(REDUCTIONS))
@pytest.mark.parametrize("keepdims", [True, False])
def test_axis_and_keepdims_on_methods_and_functions(name, keepdims):
    t = torch.tensor(X)
    expected = REDUCTIONS[name](X, axis=1, keepdims=keepdims)
    for result in (
        getattr(t, name)(axis=1, keepdims=keepdims),
        getattr(t, name)(1, keepdims=keepdims),
        getattr(t, name)(dim=1, keepdims=keepdims),
    ):
        np.testing.assert_allclose(result.numpy(), expected)
    if hasattr(torch, name):
        result = getattr(torch, name)(t, axis=1, keepdims=keepdims)
        np.testing.assert_allclose(result.numpy(), expected)


@pytest.mark.parametrize("name", ["max", "min"])
def test_max_and_min_along_an_axis_give_values_and_indices(name):
    t = torch.tensor(X)
    values, indices = getattr(t, name)(axis=1, keepdims=True)
    np.testing.assert_array_equal(
        values.numpy(), getattr(np, name)(X, axis=1, keepdims=True)
    )
    assert indices.shape == (2, 1)
    assert getattr(torch, name)(t, axis=0).values.shape == (3,)


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_softmax_along_an_axis(name):
    t = torch.tensor(X)
    np.testing.assert_allclose(
        getattr(t, name)(axis=1).numpy(), getattr(t, name)(1).numpy()
    )
    np.testing.assert_allclose(
        getattr(torch, name)(t, axis=0).numpy(), getattr(t, name)(dim=0).numpy()
    )


def test_the_makemore_line_and_its_gradient():
    counts = torch.tensor(X + 3.0, requires_grad=True)
    probs = counts / counts.sum(1, keepdims=True)
    np.testing.assert_allclose(probs.sum(1).detach().numpy(), [1.0, 1.0])
    (probs[:, 0] * torch.tensor([1.0, 2.0])).sum().backward()
    c = X + 3.0
    s = c.sum(1, keepdims=True)
    weight = np.array([[1.0], [2.0]])
    expected = weight * ((np.arange(3) == 0) / s - c[:, :1] / s**2)
    np.testing.assert_allclose(counts.grad.numpy(), expected, rtol=1e-12)


def test_softmax_without_a_dim_is_a_type_error():
    with pytest.raises(TypeError, match="dim"):
        torch.tensor(X).softmax()
