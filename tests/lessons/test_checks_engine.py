"""The checks of lesson 15 (lessons/checks_engine.py).

Each check accepts the lesson's folded solution (copied here as a small
engine), answers the unsolved preset with a hint, never raises (whatever the
student's code does), and meets each typical wrong answer with its own hint:
the tables below list them. Last, the lesson's cells that read minigrad's own
``Mul`` and engine loop find them, and say clearly where to look when
minigrad's internals have moved.
"""

import math

import pytest

from lessons import checks_engine as ce
from lessons.checks import MISSING_HINT


# -- the lesson's solution: a complete engine --------------------------------
class Value:
    """The lesson's Value: a number that remembers how it was computed."""

    def __init__(self, data, parents=(), op=""):
        self.data = float(data)
        self.grad = 0.0
        self.parents = tuple(parents)
        self.op = op
        self._backward = lambda: None

    def __repr__(self):
        return f"Value(data={self.data:.4g}, grad={self.grad:.4g})"

    def __add__(self, other):
        return add(self, other)

    def __mul__(self, other):
        return mul(self, other)

    def tanh(self):
        return tanh(self)

    def backward(self):
        backward(self)


def add(a, b):
    out = Value(a.data + b.data, parents=(a, b), op="+")

    def _backward():
        a.grad += 1.0 * out.grad
        b.grad += 1.0 * out.grad

    out._backward = _backward
    return out


def mul(a, b):
    out = Value(a.data * b.data, parents=(a, b), op="*")

    def _backward():
        a.grad += b.data * out.grad
        b.grad += a.data * out.grad

    out._backward = _backward
    return out


def tanh(a):
    t = math.tanh(a.data)
    out = Value(t, parents=(a,), op="tanh")

    def _backward():
        a.grad += (1 - t * t) * out.grad

    out._backward = _backward
    return out


def topological_order(root):
    order, done = [], set()
    stack = [(root, False)]
    while stack:
        node, parents_done = stack.pop()
        if id(node) in done:
            continue
        if parents_done:
            done.add(id(node))
            order.append(node)
        else:
            stack.append((node, True))
            stack.extend((p, False) for p in node.parents if id(p) not in done)
    return order


def backward(root):
    root.grad = 1.0
    for node in reversed(topological_order(root)):
        node._backward()


# -- helpers -------------------------------------------------------------------
def run(capsys, check, *args):
    verdict = check(*args)
    return bool(verdict), capsys.readouterr().out


def assert_right(capsys, check, *args):
    ok, out = run(capsys, check, *args)
    assert ok and "✓ Correct" in out, out


def assert_hint(capsys, hint, check, *args):
    ok, out = run(capsys, check, *args)
    assert not ok and "✗ Not yet" in out, out
    assert hint in out, out
    assert "Traceback" not in out, out


def binary(op, send):
    """A mul-like function whose _backward runs ``send(a, b, out)``."""

    def fn(a, b):
        out = Value(op(a.data, b.data), parents=(a, b), op="*")
        out._backward = lambda: send(a, b, out)
        return out

    return fn


def unary(send):
    """A tanh-like function whose _backward runs ``send(a, t, out)``."""

    def fn(a):
        t = math.tanh(a.data)
        out = Value(t, parents=(a,), op="tanh")
        out._backward = lambda: send(a, t, out)
        return out

    return fn


def _set(node, value):
    node.grad = value


# -- step 1: mul ------------------------------------------------------------------
def test_mul_solution_and_preset(capsys):
    assert_right(capsys, ce.check_15_mul, mul, Value)
    assert_hint(capsys, MISSING_HINT, ce.check_15_mul, None, Value)
    preset = binary(lambda a, b: a * b, lambda a, b, out: None)
    assert_hint(capsys, "still 0", ce.check_15_mul, preset, Value)
    _, said = run(capsys, ce.check_15_mul, preset, Value)
    for answer in ("b.data", "other input", "= b"):  # not before a try
        assert answer not in said, said


def _both(fa, fb):
    def send(a, b, out):
        a.grad += fa(a, b, out)
        b.grad += fb(a, b, out)

    return send


MUL_WRONG = [
    (_both(lambda a, b, o: b.data, lambda a, b, o: a.data), "local derivatives alone"),
    (
        _both(lambda a, b, o: a.data * o.grad, lambda a, b, o: b.data * o.grad),
        "the *other* input",
    ),
    (_both(lambda a, b, o: o.grad, lambda a, b, o: o.grad), "what + sends"),
    (_both(lambda a, b, o: b.data * o.grad, lambda a, b, o: 0.0), "send to b too"),
    (_both(lambda a, b, o: 0.0, lambda a, b, o: a.data * o.grad), "send to a too"),
    (
        _both(lambda a, b, o: -b.data * o.grad, lambda a, b, o: -a.data * o.grad),
        "signs are flipped",
    ),
    (_both(lambda a, b, o: 3.0, lambda a, b, o: 1.0), "out.grad × its local"),
    # `=` instead of `+=`: right once, wrong for a * a
    (
        lambda a, b, o: (_set(a, b.data * o.grad), _set(b, a.data * o.grad)),
        "not `a.grad = ...`",
    ),
]


@pytest.mark.parametrize("send, hint", MUL_WRONG)
def test_mul_wrong(capsys, send, hint):
    assert_hint(capsys, hint, ce.check_15_mul, binary(lambda x, y: x * y, send), Value)


def test_mul_odd_answers_never_raise(capsys):
    def raises(a, b):
        raise ValueError("boom")

    def backward_raises(a, b):
        out = Value(a.data * b.data, (a, b), "*")
        out._backward = lambda: 1 / 0
        return out

    assert_hint(capsys, "raised ValueError: boom", ce.check_15_mul, raises, Value)
    assert_hint(capsys, "ZeroDivisionError", ce.check_15_mul, backward_raises, Value)
    assert_hint(capsys, "returned None", ce.check_15_mul, lambda a, b: None, Value)
    assert_hint(capsys, "returned a int", ce.check_15_mul, lambda a, b: 3, Value)
    assert_hint(capsys, "pass the function", ce.check_15_mul, "mul", Value)
    assert_hint(
        capsys,
        "not -6",
        ce.check_15_mul,
        binary(lambda x, y: x + y, _both(lambda a, b, o: 0.0, lambda a, b, o: 0.0)),
        Value,
    )
    # a broken Value class: the check says so instead of raising
    assert_hint(capsys, "the cells above it have run", ce.check_15_mul, mul, None)


# -- step 2: tanh -----------------------------------------------------------------
def test_tanh_solution_and_preset(capsys):
    assert_right(capsys, ce.check_15_tanh, tanh, Value)
    assert_hint(capsys, MISSING_HINT, ce.check_15_tanh, None, Value)
    preset = unary(lambda a, t, out: None)
    assert_hint(capsys, "still 0", ce.check_15_tanh, preset, Value)
    _, said = run(capsys, ce.check_15_tanh, preset, Value)
    for answer in ("1 - t", "1 - tanh", "t²", "t·t", "t * t"):  # not before a try
        assert answer not in said, said


def _send(local):
    def send(a, t, out):
        a.grad += local(a, t, out)

    return send


TANH_WRONG = [
    (_send(lambda a, t, o: (1 - a.data**2) * o.grad), "not with x"),
    (_send(lambda a, t, o: 1 - t * t), "multiply it by out.grad"),
    (_send(lambda a, t, o: (1 - t) * o.grad), "square t"),
    (_send(lambda a, t, o: t * o.grad), "not the derivative of tanh"),
    (_send(lambda a, t, o: -(1 - t * t) * o.grad), "sign is flipped"),
    (_send(lambda a, t, o: o.grad), "what + would send"),
    (_send(lambda a, t, o: 42.0), "d tanh(x)/dx"),
    (lambda a, t, o: _set(a, (1 - t * t) * o.grad), "a.grad += ..."),
]


@pytest.mark.parametrize("send, hint", TANH_WRONG)
def test_tanh_wrong(capsys, send, hint):
    assert_hint(capsys, hint, ce.check_15_tanh, unary(send), Value)


# -- step 3: topological order -------------------------------------------------
def test_order_solution_and_preset(capsys):
    assert_right(capsys, ce.check_15_topological_order, topological_order, Value)
    assert_hint(capsys, MISSING_HINT, ce.check_15_topological_order, None, Value)
    assert_hint(
        capsys, "empty list", ce.check_15_topological_order, lambda root: [], Value
    )


def recursive_order(root):
    order, seen = [], set()

    def visit(node):
        if id(node) not in seen:
            seen.add(id(node))
            for parent in node.parents:
                visit(parent)
            order.append(node)

    visit(root)
    return order


def no_visited_set(root):
    order = []

    def visit(node):
        for parent in node.parents:
            visit(parent)
        order.append(node)

    visit(root)
    return order


def breadth_first(root):
    order, queue, seen = [], [root], {id(root)}
    while queue:
        node = queue.pop(0)
        order.append(node)
        for parent in node.parents:
            if id(parent) not in seen:
                seen.add(id(parent))
                queue.append(parent)
    return order


def leaves_only(root):
    return [n for n in topological_order(root) if not n.parents]


ORDER_WRONG = [
    (recursive_order, "recursion limit"),
    (no_visited_set, "appears 4 times"),
    (breadth_first, "comes before its parent"),
    (lambda root: topological_order(root)[::-1], "comes before its parent"),
    (leaves_only, "is missing"),
    (lambda root: None, "returned None"),
    (lambda root: 5, "return a list"),
    (lambda root: [1, 2], "not a node of the graph"),
    (lambda root: [n.data for n in topological_order(root)], "not a node"),
]


@pytest.mark.parametrize("order, hint", ORDER_WRONG)
def test_order_wrong(capsys, order, hint):
    assert_hint(capsys, hint, ce.check_15_topological_order, order, Value)


# -- step 4: backward ---------------------------------------------------------------
def test_backward_solution_and_preset(capsys):
    assert_right(capsys, ce.check_15_backward, backward, Value)
    assert_hint(capsys, MISSING_HINT, ce.check_15_backward, None, Value)
    assert_hint(
        capsys, "every grad is still 0", ce.check_15_backward, lambda root: None, Value
    )


def forward_order(root):
    root.grad = 1.0
    for node in topological_order(root):
        node._backward()


def no_seed(root):
    for node in reversed(topological_order(root)):
        node._backward()


def twice(root):
    backward(root)
    backward(root)


def each_twice(root):
    root.grad = 1.0
    for node in reversed(topological_order(root)):
        node._backward()
        node._backward()


def recursive_backward(root):
    root.grad = 1.0
    for node in reversed(recursive_order(root)):
        node._backward()


def leaves_skipped(root):
    root.grad = 1.0
    for node in reversed(topological_order(root)[3:]):
        node._backward()


BACKWARD_WRONG = [
    (forward_order, "parents first"),
    (no_seed, "every grad is still 0"),
    (twice, "not the chain rule's grads yet"),
    (each_twice, "not the chain rule's grads yet"),
    (recursive_backward, "recursion limit"),
    (leaves_skipped, "not the chain rule's grads yet"),
    (lambda root: 1 / 0, "raised ZeroDivisionError"),
]


@pytest.mark.parametrize("fn, hint", BACKWARD_WRONG)
def test_backward_wrong(capsys, fn, hint):
    assert_hint(capsys, hint, ce.check_15_backward, fn, Value)


def test_seed_forgotten_but_grads_flow(capsys):
    def seed_two(root):
        root.grad = 2.0
        for node in reversed(topological_order(root)):
            node._backward()

    assert_hint(capsys, "∂L/∂L = 1", ce.check_15_backward, seed_two, Value)


# -- the lesson's reading of minigrad's own source ------------------------------
def _source_cells():
    import nbformat
    from lessons_testutil import LESSONS_DIR

    nb = nbformat.read(LESSONS_DIR / "15_build_your_own_engine.ipynb", as_version=4)
    return [
        c.source for c in nb.cells if c.cell_type == "code" and "getsource" in c.source
    ]


def test_reading_minigrads_source_finds_mul_and_the_engine_loop(capsys):
    import minigrad as torch

    first, second = _source_cells()
    ns = {"th": torch.tensor(2.0, requires_grad=True) * torch.tensor(3.0)}
    exec(first, ns)
    exec(second, ns)
    out = capsys.readouterr().out
    assert "class Mul" in out and "def backward" in out
    assert "yield" in out  # the engine's loop is a generator of steps


def test_reading_minigrads_source_falls_back_clearly(capsys):
    import types

    first, second = _source_cells()

    class Moved:  # a node class that no longer names its Function
        pass

    ns = {"th": types.SimpleNamespace(grad_fn=Moved())}
    exec(first, ns)
    ns["engine"] = types.ModuleType("minigrad.autograd.engine")  # no generator
    exec(second, ns)
    out = capsys.readouterr().out
    assert "records Moved" in out
    assert "engine has been reorganised" in out
