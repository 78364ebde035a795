"""Plain operands of arithmetic: what minigrad takes and what it refuses.

PyTorch computes `x * 1j` as a complex tensor; minigrad has no complex dtype,
so it refuses the operand instead of letting numpy drop the imaginary part
(a silent wrong answer). Real numbers and real numpy values are taken.
"""

import numpy as np
import pytest
from mg_testutil import minigrad_only, torch

OPERATIONS = [
    lambda x, v: x + v,
    lambda x, v: v - x,
    lambda x, v: x * v,
    lambda x, v: x / v,
    lambda x, v: v / x,
    lambda x, v: x**v,
    lambda x, v: v**x,
]


@minigrad_only
@pytest.mark.parametrize("value", [1 + 2j, np.complex64(1 + 1j), np.array([1j, 2])])
@pytest.mark.parametrize("operation", OPERATIONS)
def test_a_complex_operand_is_refused_not_truncated(operation, value):
    with pytest.raises(TypeError, match="no complex"):
        operation(torch.ones(2), value)


@pytest.mark.parametrize("value", [2, 2.5, True, np.float64(2.0), np.int32(3)])
@pytest.mark.parametrize("operation", OPERATIONS)
def test_real_numbers_are_taken(operation, value):
    if value is True and operation is OPERATIONS[1]:
        # `True - x`: PyTorch refuses a bool in a subtraction (numpy takes 1)
        with pytest.raises(RuntimeError, match="with a bool tensor is not supported"):
            operation(torch.ones(2), value)
        return
    result = operation(torch.ones(2), value)
    expected = operation(np.ones(2, dtype=np.float32), value)
    np.testing.assert_allclose(result.tolist(), np.asarray(expected).tolist())


@pytest.mark.parametrize("operation", OPERATIONS)
def test_a_real_numpy_array_is_taken(operation):
    result = operation(torch.ones(2), np.array([2.0, 3.0]))
    expected = operation(np.ones(2), np.array([2.0, 3.0]))
    np.testing.assert_allclose(result.tolist(), expected, rtol=1e-6)
