"""nn.init.orthogonal_ and nn.init.eye_: what they fill, on parameters too."""

import numpy as np
import pytest
from mg_testutil import torch

nn = torch.nn


@pytest.mark.parametrize("shape", [(3, 5), (5, 3), (4, 4), (6, 2, 3)])
def test_orthogonal_rows_or_columns_are_orthonormal(shape):
    torch.manual_seed(0)
    w = nn.init.orthogonal_(nn.Parameter(torch.empty(*shape)), gain=2.0)
    flat = w.detach().numpy().reshape(shape[0], -1).astype(np.float64)
    small = min(flat.shape)
    gram = flat @ flat.T if flat.shape[0] == small else flat.T @ flat
    np.testing.assert_allclose(gram, 4.0 * np.eye(small), atol=1e-5)
    assert w.is_leaf and w.requires_grad and w.dtype is torch.float32


def test_eye_fills_the_identity_of_a_parameter():
    w = nn.init.eye_(nn.Parameter(torch.full((2, 3), 7.0)))
    assert w.tolist() == [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]
    assert w.is_leaf and w.requires_grad


def test_both_refuse_the_wrong_number_of_dimensions():
    with pytest.raises(ValueError, match="2 or more dimensions"):
        nn.init.orthogonal_(torch.empty(3))
    with pytest.raises(ValueError, match="Only tensors with 2 dimensions"):
        nn.init.eye_(torch.empty(2, 2, 2))
