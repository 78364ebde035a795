"""PyTorch's behaviour at the Tensor's side of autograd (minigrad/tensor.py,
minigrad/__init__.py): a leaf that stops requiring grad, the non-leaf .grad
warning, anomaly mode's settings at the top level.

Expected values: what PyTorch printed for the same code.
"""

import warnings

import pytest
from mg_testutil import torch


def test_a_leaf_that_stopped_requiring_grad_gets_no_grad():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x * 2
    x.requires_grad_(False)
    y.sum().backward()
    assert x.grad is None
    z = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = z * 2
    z.detach_()
    y.sum().backward()
    assert z.grad is None
    w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = w * 2
    w.requires_grad_(False)
    w.requires_grad_(True)  # requiring it again: accumulates again
    y.sum().backward()
    assert w.grad.tolist() == [2.0, 2.0, 2.0]


def test_reading_a_non_leaf_grad_warns_only_while_it_is_none():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    with pytest.warns(UserWarning, match="not a leaf Tensor"):
        assert y.grad is None
    y.grad = torch.ones(2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert y.grad.tolist() == [1.0, 1.0]
    y.grad = None
    with pytest.warns(UserWarning, match="not a leaf Tensor"):
        assert y.grad is None


def test_anomaly_mode_settings_at_top_level():
    assert torch.is_anomaly_enabled() is False
    assert torch.is_anomaly_check_nan_enabled() is True
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with torch.autograd.detect_anomaly(check_nan=False):
            assert torch.is_anomaly_enabled() is True
            assert torch.is_anomaly_check_nan_enabled() is False
    torch.set_anomaly_enabled(False, False)
    try:
        assert torch.is_anomaly_check_nan_enabled() is False
    finally:
        torch.set_anomaly_enabled(False)
    assert torch.is_anomaly_check_nan_enabled() is True
