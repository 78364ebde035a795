"""minigrad.compile and minigrad.jit give back what they are given: minigrad
runs eagerly, and the program runs on with the same numbers."""

import pytest
from mg_testutil import torch


def test_compile_returns_the_model_or_a_decorator():
    model = torch.nn.Linear(2, 1)
    assert torch.compile(model, mode="max-autotune", fullgraph=True) is model

    @torch.compile
    def double(x):
        return x * 2

    @torch.compile(dynamic=True)
    def triple(x):
        return x * 3

    assert double(torch.ones(2)).tolist() == [2.0, 2.0]
    assert triple(torch.ones(2)).tolist() == [3.0, 3.0]
    with pytest.raises(AssertionError, match="A callable function is expected"):
        torch.compile(3)


def test_jit_script_and_trace_return_their_argument():
    model = torch.nn.Linear(2, 1)
    assert torch.jit.script(model) is model
    assert torch.jit.trace(model, torch.ones(1, 2)) is model
    with pytest.raises(TypeError, match="module or a function"):
        torch.jit.trace(3, torch.ones(1))
