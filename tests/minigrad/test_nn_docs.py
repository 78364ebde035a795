"""The examples in the docstrings of nn, optim and data run and print what they say.

Examples marked `# doctest: +SKIP` need a model or data from around them
and are not run.
"""

import doctest
import importlib

import pytest

import minigrad
import minigrad.data
import minigrad.nn as nn
import minigrad.nn.functional as F

MODULES = [
    "minigrad.data",
    "minigrad.nn.activation",
    "minigrad.nn.container",
    "minigrad.nn.functional",
    "minigrad.nn.hooks",
    "minigrad.nn.init",
    "minigrad.nn.linear",
    "minigrad.nn.loss",
    "minigrad.nn.module",
    "minigrad.nn.parameter",
    "minigrad.nn.utils",
    "minigrad.optim.adam",
    "minigrad.optim.lr_scheduler",
    "minigrad.optim.lbfgs",
    "minigrad.optim.rprop",
    "minigrad.optim.asgd",
    "minigrad.optim.optimizer",
    "minigrad.optim.sgd",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    names = {"minigrad": minigrad, "nn": nn, "F": F}
    names.update({k: getattr(minigrad.data, k) for k in minigrad.data.__all__})
    minigrad.manual_seed(0)
    result = doctest.testmod(
        module,
        extraglobs=names,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        verbose=False,
    )
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {name}"
