"""`minigrad.optim`: optimizers that update parameters from their gradients.

    opt = minigrad.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    for x, y in loader:
        opt.zero_grad()
        loss_fn(model(x), y).backward()
        opt.step()

Read `optimizer.py` (the base class), then `sgd.py` and `adam.py` (and
`rmsprop.py`, `adagrad.py`, `adamax.py`, `nadam.py`, `radam.py`,
`adadelta.py`, `rprop.py`, `asgd.py`): each writes out the update rule PyTorch
documents. `lbfgs.py` is the one that calls back: its `step(closure)`
re-evaluates the loss as it searches along a direction.
`lr_scheduler.py` changes the learning rate as training goes on.
"""

from . import lr_scheduler
from .adadelta import Adadelta
from .adagrad import Adagrad
from .adam import Adam, AdamW
from .adamax import Adamax
from .asgd import ASGD
from .lbfgs import LBFGS
from .nadam import NAdam
from .optimizer import Optimizer
from .radam import RAdam
from .rmsprop import RMSprop
from .rprop import Rprop
from .sgd import SGD

__all__ = [
    "SGD",
    "Adam",
    "AdamW",
    "Optimizer",
    "lr_scheduler",
    "RMSprop",
    "Adagrad",
    "NAdam",
    "RAdam",
    "Adamax",
    "Adadelta",
    "Rprop",
    "ASGD",
    "LBFGS",
]
