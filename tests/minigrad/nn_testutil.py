"""Helpers for the nn / optim tests: gradient checks against central differences.

`torch` is the library under test (minigrad, or PyTorch itself when
MINIGRAD_TEST_BACKEND=torch, to check the tests against the reference).
Read `mg_testutil.py` for the backend switch and the numerical derivatives.
"""

import numpy as np
from mg_testutil import assert_close, numerical_vjp, to_np, torch


def check_gradients(fn, *arrays, seed=0, rtol=1e-5, atol=1e-7):
    """Check backward of `fn` against central differences, in float64.

    Args:
        fn: maps float64 tensors (one per array) to a tensor.
        arrays: the point; each becomes a float64 tensor that requires grad.
        seed: for the random cotangent (the gradient fed into backward).

    Returns:
        The analytical gradients (numpy arrays), for further checks.
    """
    inputs = [
        torch.tensor(np.asarray(a, dtype=np.float64), requires_grad=True)
        for a in arrays
    ]
    out = fn(*inputs)
    cotangent = np.random.default_rng(seed).standard_normal(tuple(out.shape))
    out.backward(torch.tensor(cotangent))

    def as_numpy(*values):
        with torch.no_grad():
            result = fn(*[torch.tensor(v) for v in values])
        return to_np(result)

    expected = numerical_vjp(as_numpy, arrays, cotangent)
    grads = []
    for i, (tensor, numeric) in enumerate(zip(inputs, expected)):
        assert tensor.grad is not None, f"no gradient reached input {i}"
        assert_close(tensor.grad, numeric, rtol=rtol, atol=atol, msg=f"input {i}")
        grads.append(to_np(tensor.grad))
    return grads


def log_softmax_np(x, axis):
    """Reference log-softmax in numpy."""
    shifted = x - x.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))
