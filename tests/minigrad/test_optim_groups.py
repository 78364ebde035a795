"""One param group, parameters that differ: each is updated as if alone.

SGD and Adam work out the numbers of a step (lr, Adam's bias corrections)
once and reuse them for the parameters of a group; a parameter of another
dtype, or (Adam) with another step count, must get its own. Compared with an
optimizer per parameter, to the bit.
"""

import numpy as np
import pytest
from mg_testutil import torch

OPTIMIZERS = {
    "SGD": lambda params: torch.optim.SGD(params, lr=0.1),
    "SGD momentum": lambda params: torch.optim.SGD(params, lr=0.1, momentum=0.9),
    "Adam": lambda params: torch.optim.Adam(params, lr=0.1),
    "AdamW amsgrad": lambda params: torch.optim.AdamW(params, lr=0.1, amsgrad=True),
}


def make_parameters():
    rng = np.random.default_rng(0)
    return [
        torch.tensor(rng.standard_normal(3), dtype=dtype, requires_grad=True)
        for dtype in (torch.float32, torch.float32, torch.float64)
    ]


def give_gradients(params, step):
    for i, p in enumerate(params):
        # The second gets no gradient at step 0: its step count lags the
        # first's (same dtype); the third has another dtype.
        if i == 1 and step == 0:
            p.grad = None
        else:
            p.grad = (p.detach() * (i + 1) + step).sin()


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_each_parameter_of_a_group_is_updated_as_if_alone(name):
    together = make_parameters()
    alone = make_parameters()
    shared = OPTIMIZERS[name](together)
    one_each = [OPTIMIZERS[name]([p]) for p in alone]
    for step in range(4):
        give_gradients(together, step)
        give_gradients(alone, step)
        shared.step()
        for opt in one_each:
            opt.step()
    for mine, reference in zip(together, alone):
        assert mine.dtype == reference.dtype
        np.testing.assert_array_equal(mine.detach().numpy(), reference.detach().numpy())
