"""The docstring examples of the convolutional-network modules run and print
what they say (conv, pooling, batch norm, embedding: ops and layers)."""

import doctest
import importlib

import pytest

import minigrad
import minigrad.nn as nn
import minigrad.nn.functional as F

MODULES = [
    "minigrad.ops.conv",
    "minigrad.ops.pooling",
    "minigrad.ops.normalization",
    "minigrad.ops.embedding",
    "minigrad.nn.conv",
    "minigrad.nn.pooling",
    "minigrad.nn.normalization",
    "minigrad.nn.embedding",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    minigrad.manual_seed(0)
    result = doctest.testmod(
        module,
        extraglobs={"minigrad": minigrad, "nn": nn, "F": F},
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        verbose=False,
    )
    assert result.attempted > 0, f"no examples in {name}"
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {name}"
