"""The order in which backward runs the nodes, where it can be seen: PyTorch's.

PyTorch runs a leaf's AccumulateGrad as soon as its gradient is complete, and
several leaves that become complete together in the order of its ready queue
(a libstdc++ heap: for four at once a, c, b, d). Hooks on leaves see that
order, and so does the stepper. minigrad keeps it exactly wherever it can be
seen: under a stepper, a widget listening to the steps, or a hook on a leaf.
Elsewhere it skips the counting PyTorch does first; the other nodes run in
the same order and every `.grad` is the same to the last bit.

The expected orders below were read off PyTorch 2.13 (the same tests run
under PyTorch with MINIGRAD_TEST_BACKEND=torch).
"""

import random

import numpy as np
import pytest
from mg_testutil import minigrad_only, torch

# (program of the leaves a, b, c, ..., the order their hooks run in PyTorch)
PROGRAMS = [
    ("a * b", lambda a, b: a * b, "ab"),
    ("a * b + c", lambda a, b, c: a * b + c, "cab"),
    ("(a + b) * (c + d)", lambda a, b, c, d: (a + b) * (c + d), "cdab"),
    ("stack of four", lambda a, b, c, d: torch.stack([a, b, c, d]).sum(), "acbd"),
    (
        "stack of five",
        lambda a, b, c, d, e: torch.stack([a, b, c, d, e]).sum(),
        "acebd",
    ),
    ("b * a + c", lambda a, b, c: b * a + c, "cba"),
    ("a * b * c * d", lambda a, b, c, d: a * b * c * d, "dcab"),
    ("a.exp() + b.exp() + c", lambda a, b, c: a.exp() + b.exp() + c, "cba"),
    ("(a * b).sin() + a", lambda a, b: (a * b).sin() + a, "ab"),
    ("a * a * b", lambda a, b: a * a * b, "ba"),
    ("(a * 2 + b) * (a - c)", lambda a, b, c: (a * 2 + b) * (a - c), "cba"),
]


def _hook_order(program, n):
    leaves = [torch.tensor(float(i + 1), requires_grad=True) for i in range(n)]
    order = []
    for i, leaf in enumerate(leaves):
        leaf.register_hook(lambda g, i=i: order.append("abcdefgh"[i]))
    program(*leaves).backward()
    return "".join(order)


@pytest.mark.parametrize(
    "program, expected",
    [(p, e) for _, p, e in PROGRAMS],
    ids=[n for n, _, _ in PROGRAMS],
)
def test_hooks_on_leaves_run_in_pytorchs_order(program, expected):
    assert _hook_order(program, len(expected)) == expected


def test_a_leaf_accumulates_as_soon_as_its_gradient_is_complete():
    # z = x*y + x**2, loss = 2z + 1: x's two gradients are in after x*y's node,
    # so x's AccumulateGrad runs before y's (which got its gradient earlier)
    x = torch.tensor(2.0, requires_grad=True)
    y = torch.tensor(3.0, requires_grad=True)
    seen = []
    x.register_hook(lambda g: seen.append(("x", g.item(), y.grad)))
    y.register_hook(lambda g: seen.append(("y", g.item(), x.grad.item())))
    (2 * (x * y + x**2) + 1).backward()
    assert seen == [("x", 14.0, None), ("y", 4.0, 14.0)]


@minigrad_only
@pytest.mark.parametrize(
    "program, expected",
    [(p, e) for _, p, e in PROGRAMS],
    ids=[n for n, _, _ in PROGRAMS],
)
def test_the_stepper_and_graph_walk_step_in_the_same_order(program, expected):
    from minigrad.autograd import graph
    from minigrad.autograd.engine import backward_steps

    leaves = [
        torch.tensor(float(i + 1), requires_grad=True) for i in range(len(expected))
    ]
    out = program(*leaves)
    walked = graph.walk(out).nodes
    steps = [step.node for step in backward_steps(out, retain_graph=True)]
    assert steps == walked
    names = {id(leaf): "abcdefgh"[i] for i, leaf in enumerate(leaves)}
    accumulated = [names[id(n.variable)] for n in steps if n.name() == "AccumulateGrad"]
    assert "".join(accumulated) == expected


def _random_program(seed, hooks):
    """A random graph of 1-6 leaves and 1-8 ops; returns the leaves' .grad
    after backward (and the order their hooks ran, when `hooks`)."""
    rng = random.Random(seed)
    n = rng.randint(1, 6)
    values = [
        torch.tensor([0.5 + i, 1.5 - i / 10], requires_grad=True) for i in range(n)
    ]
    order = []
    if hooks:
        for i, leaf in enumerate(values):
            leaf.register_hook(lambda g, i=i: order.append(i))
    for _ in range(rng.randint(1, 8)):
        op = rng.choice(["add", "mul", "exp", "sin", "stack", "sub"])
        if op in ("exp", "sin"):
            values.append(getattr(rng.choice(values), op)())
        elif op == "stack":
            parts = [rng.choice(values) for _ in range(rng.randint(2, 5))]
            values.append(torch.stack(parts).sum(0))
        else:
            a, b = rng.choice(values), rng.choice(values)
            values.append({"add": a + b, "mul": a * b, "sub": a - b}[op])
    loss = values[-1].sum() + rng.choice(values).sum()
    loss.backward()
    grads = [None if v.grad is None else v.grad.numpy().tobytes() for v in values[:n]]
    return grads, order


@minigrad_only
@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # (exp of exp may overflow)
def test_the_order_changes_no_gradient_by_a_single_bit():
    # With hooks on the leaves the pass counts and keeps PyTorch's order;
    # without, it does not: the gradients are the same either way.
    for seed in range(150):
        plain, _ = _random_program(seed, hooks=False)
        hooked, order = _random_program(seed, hooks=True)
        assert plain == hooked, seed
        assert len(order) == len(set(order)), seed  # each leaf accumulates once


@minigrad_only
def test_the_counting_is_only_done_where_the_order_can_be_seen():
    import gc

    from minigrad.autograd import engine

    gc.collect()  # (leaves with hooks that earlier tests left behind)
    assert not engine._hooked and not torch.autograd.graph._listeners
    x = torch.tensor(2.0, requires_grad=True)
    loss = x * 3
    passes = []
    original = engine.count_dependencies

    def counting(*args):
        passes.append(args)
        return original(*args)

    engine.count_dependencies = counting
    try:
        loss.backward(retain_graph=True)
        assert passes == []  # nothing can see the order: no counting
        handle = x.register_hook(lambda g: None)
        loss.backward(retain_graph=True)
        assert len(passes) == 1
        handle.remove()
        list(engine.backward_steps(loss, retain_graph=True))  # a stepper
        assert len(passes) == 2
    finally:
        engine.count_dependencies = original
    assert x.grad.item() == 9.0


@minigrad_only
def test_a_node_no_gradient_reaches_still_lets_the_nodes_below_it_run():
    # The custom Function sends nothing to `b * c`: that node never runs, and
    # the leaves below it must not wait for it (PyTorch: they get no gradient).
    class FirstOnly(torch.autograd.Function):
        @staticmethod
        def forward(ctx, a, b):
            return a * b

        @staticmethod
        def backward(ctx, grad):
            return grad, None

    a, b, c = (torch.tensor(v, requires_grad=True) for v in (2.0, 3.0, 4.0))
    seen = []
    a.register_hook(lambda g: seen.append("a"))
    c.register_hook(lambda g: seen.append("c"))
    FirstOnly.apply(a, b * c).backward()
    assert seen == ["a"] and a.grad.item() == 1.0
    assert b.grad is None and c.grad is None


def test_the_exact_order_with_inputs_and_grad():
    a, b, c = (torch.tensor(v, requires_grad=True) for v in (2.0, 3.0, 4.0))
    seen = []
    for name, leaf in zip("abc", (a, b, c)):
        leaf.register_hook(lambda g, name=name: seen.append(name))
    y = a * b + c * c
    ga, gc = torch.autograd.grad(y, [a, c], retain_graph=True)
    assert (ga.item(), gc.item()) == (3.0, 8.0)
    y.backward(inputs=[b, c])
    assert (b.grad.item(), c.grad.item()) == (2.0, 8.0) and a.grad is None
    np.testing.assert_array_equal(seen, ["c", "a", "c", "b"])
