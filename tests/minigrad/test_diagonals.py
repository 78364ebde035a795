"""narrow, diagonal, diag and trace beyond the op table (which checks their
values and gradients): views that share memory, PyTorch's errors, dtypes."""

import pytest
from mg_testutil import torch


def test_narrow_and_diagonal_are_views_of_their_tensor():
    x = torch.zeros(3, 4)
    x.narrow(1, 1, 2).fill_(1.0)
    x.diagonal().fill_(5.0)
    assert x.tolist() == [
        [5.0, 1.0, 1.0, 0.0],
        [0.0, 5.0, 1.0, 0.0],
        [0.0, 1.0, 5.0, 0.0],
    ]
    assert x.diagonal(offset=1).tolist() == [1.0, 1.0, 0.0]
    assert torch.diag(x).tolist() == [5.0, 5.0, 5.0]


def test_diag_of_a_matrix_is_a_copy():
    x = torch.ones(2, 2)
    d = torch.diag(x)
    d.fill_(3.0)
    assert x.tolist() == [[1.0, 1.0], [1.0, 1.0]]


def test_narrow_takes_a_negative_or_tensor_start():
    x = torch.arange(6.0)
    assert x.narrow(0, -2, 2).tolist() == [4.0, 5.0]
    assert x.narrow(0, torch.tensor(1), 3).tolist() == [1.0, 2.0, 3.0]
    assert x.narrow(0, 6, 0).shape == (0,)


@pytest.mark.parametrize(
    "call, error, message",
    [
        (
            lambda x: x.narrow(0, 2, 2),
            RuntimeError,
            r"start \(2\) \+ length \(2\) exceeds",
        ),
        (lambda x: x.narrow(0, 0, -1), RuntimeError, "length must be non-negative"),
        (lambda x: x.narrow(0, 4, 0), IndexError, "start out of range"),
        (lambda x: x.narrow(2, 0, 1), IndexError, "Dimension out of range"),
        (lambda x: x.narrow(0, 0.5, 1), TypeError, "start"),
        (lambda x: x.diagonal(0, 1, 1), RuntimeError, "cannot be identical 1, 1"),
        (lambda x: x.diagonal(0, 0, 2), IndexError, "Dimension out of range"),
        (
            lambda x: x[0].trace(),
            RuntimeError,
            "expected a matrix, but got tensor with dim 1",
        ),
        (
            lambda x: torch.diag(x[None]),
            RuntimeError,
            "Supports 1D or 2D tensors. Got 3D",
        ),
        (lambda x: torch.diag(x[0, 0]), RuntimeError, "Got 0D"),
    ],
)
def test_bad_arguments_raise_pytorchs_errors(call, error, message):
    x = torch.arange(12.0).reshape(3, 4)
    with pytest.raises(error, match=message):
        call(x)


def test_trace_of_integers_is_int64_as_pytorch():
    assert torch.ones(2, 2, dtype=torch.int32).trace().dtype is torch.int64
    assert torch.ones(2, 2, dtype=torch.float16).trace().dtype is torch.float16


def test_node_names_as_pytorch():
    x = torch.ones(3, 3, requires_grad=True)
    v = torch.ones(3, requires_grad=True)
    assert x.narrow(0, 0, 1).grad_fn.name() == "SliceBackward0"
    assert x.diagonal().grad_fn.name() == "DiagonalBackward0"
    assert torch.diag(x).grad_fn.name() == "DiagonalBackward0_copy"
    assert torch.diag(v).grad_fn.name() == "DiagEmbedBackward0"
    assert x.trace().grad_fn.name() == "TraceBackward0"
