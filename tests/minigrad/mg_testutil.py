"""Shared helpers for minigrad's core tests: the library under test, numerics.

`torch` below is the module under test. It is `minigrad` unless the
environment variable MINIGRAD_TEST_BACKEND names another module: running the
suite with MINIGRAD_TEST_BACKEND=torch checks the tests themselves against
real PyTorch (the reference minigrad mirrors). Tests of minigrad-only
features (graph API, engine steps, gradcheck reports) are marked
`minigrad_only` and skipped in that mode.

The numerical derivatives here are central differences written in numpy, on
purpose independent of minigrad's own gradcheck.

Read `op_table.py` next.
"""

import importlib
import os

import numpy as np
import pytest
from hypothesis import settings

BACKEND = os.environ.get("MINIGRAD_TEST_BACKEND", "minigrad")
torch = importlib.import_module(BACKEND)
IS_TORCH = BACKEND == "torch"
# How the library spells itself in reprs: "minigrad.float64" / "torch.float64".
PREFIX = "torch" if IS_TORCH else "minigrad"

minigrad_only = pytest.mark.skipif(
    IS_TORCH, reason="minigrad-only API (graph, engine steps, reports)"
)

EPS = 1e-6


def hyp(max_examples=30):
    """Hypothesis settings for one test: `max_examples` in the default profile.

    Everything else (deadline, derandomize, health checks) comes from the
    loaded profile (tests/conftest.py), so HYPOTHESIS_PROFILE=explore applies
    to every `@hyp` test; under "explore" its own example count wins too.

    Args:
        max_examples: how many examples the repeatable "ci" profile runs.

    Returns:
        A `hypothesis.settings` to decorate the test with.

    Example:
        >>> @hyp(20)  # doctest: +SKIP
        ... @given(st.integers())
        ... def test_it(n): ...
    """
    if settings.get_current_profile_name() != "ci":
        return settings()  # the profile's own settings, unchanged
    return settings(max_examples=max_examples)


def to_np(t):
    """A Tensor's values as a numpy array (detached copy)."""
    if IS_TORCH and t._is_zerotensor():  # PyTorch's symbolic zeros
        return np.zeros(tuple(t.shape))
    return np.array(t.detach().numpy(), copy=True)


def numerical_vjp(f, arrays, cotangent, eps=EPS):
    """Gradient of sum(f(*arrays) * cotangent) w.r.t. each array.

    Args:
        f: maps float64 numpy arrays to a numpy array (or a float).
        arrays: the point, a sequence of float64 numpy arrays.
        cotangent: array of f's output shape.
    Returns:
        list of arrays, one per input, each of that input's shape.
    """
    arrays = [np.array(a, dtype=np.float64, copy=True) for a in arrays]
    cot = np.asarray(cotangent, dtype=np.float64)
    grads = []
    for a in arrays:
        g = np.zeros_like(a)
        for idx in np.ndindex(a.shape):
            orig = a[idx]
            a[idx] = orig + eps
            plus = np.sum(np.asarray(f(*arrays)) * cot)
            a[idx] = orig - eps
            minus = np.sum(np.asarray(f(*arrays)) * cot)
            a[idx] = orig
            g[idx] = (plus - minus) / (2 * eps)
        grads.append(g)
    return grads


def numerical_jacobian(f, arrays, eps=EPS):
    """Jacobians of f at arrays, one per input, shaped out.shape + in.shape."""
    arrays = [np.array(a, dtype=np.float64, copy=True) for a in arrays]
    out_shape = np.shape(f(*arrays))
    jacs = []
    for a in arrays:
        jac = np.zeros(out_shape + a.shape)
        for idx in np.ndindex(a.shape):
            orig = a[idx]
            a[idx] = orig + eps
            plus = np.asarray(f(*arrays), dtype=np.float64)
            a[idx] = orig - eps
            minus = np.asarray(f(*arrays), dtype=np.float64)
            a[idx] = orig
            jac[(Ellipsis,) + idx] = (plus - minus) / (2 * eps)
        jacs.append(jac)
    return jacs


def assert_close(actual, expected, rtol=1e-5, atol=1e-6, msg=""):
    """assert_allclose on anything array-like, Tensors included."""
    if hasattr(actual, "detach"):
        actual = to_np(actual)
    if hasattr(expected, "detach"):
        expected = to_np(expected)
    np.testing.assert_allclose(
        np.asarray(actual, dtype=np.float64),
        np.asarray(expected, dtype=np.float64),
        rtol=rtol,
        atol=atol,
        err_msg=msg,
    )


def tree(node):
    """A grad_fn tree as text: 'AddBackward0(MulBackward0(AccumulateGrad, None))'."""
    if node is None:
        return "None"
    name = type(node).__name__
    children = [tree(child) for child, _ in node.next_functions]
    if not children:
        return name
    return f"{name}({', '.join(children)})"
