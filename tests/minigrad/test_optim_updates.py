"""How an optimizer step treats each parameter, and how zero_grad resets them.

SGD and Adam work out the numbers of a step (lr, Adam's bias corrections)
once and reuse them for the parameters of a group; a parameter of another
dtype, or (Adam) with another step count, must get its own: compared with an
optimizer per parameter, to the bit. `zero_grad` clears every `.grad` and
tells the grad listeners (the widgets) once.
"""

import numpy as np
import pytest
from mg_testutil import minigrad_only, torch

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


def test_zero_grad_clears_every_grad_and_keeps_the_parameters():
    params = make_parameters()
    give_gradients(params, step=1)
    before = [p.detach().clone() for p in params]
    opt = torch.optim.SGD(params, lr=0.1)
    opt.zero_grad()
    assert [p.grad for p in params] == [None, None, None]
    assert all(p.is_leaf and p.requires_grad for p in params)
    for p, old in zip(params, before):
        np.testing.assert_array_equal(p.detach().numpy(), old.numpy())
    opt.zero_grad()  # nothing left to clear: harmless
    assert [p.grad for p in params] == [None, None, None]


@minigrad_only
def test_zero_grad_tells_the_grad_listeners_once_when_it_clears_something():
    params = make_parameters()
    opt = torch.optim.Adam(params)
    events = []
    handle = torch.autograd.graph.add_grad_listener(events.append)
    try:
        opt.zero_grad()  # no .grad yet: nothing changed, nothing told
        assert events == []
        give_gradients(params, step=1)
        events.clear()
        opt.zero_grad()
        assert events == ["grad_reset"]
    finally:
        handle.remove()
