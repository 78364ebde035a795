"""Grad modes and anomaly mode as PyTorch has them: bare decorators return the
function's result, one object can be entered again and again (recursion,
nesting), and the previous state comes back after exceptions.

The basic behaviour of each mode is in test_semantics.py; anomaly errors in
test_engine.py.
"""

import warnings

import pytest
from mg_testutil import IS_TORCH, minigrad_only, torch


def leaf(values):
    return torch.tensor(values, dtype=torch.float64, requires_grad=True)


@pytest.fixture(autouse=True)
def _quiet_anomaly_warnings():
    with warnings.catch_warnings():  # PyTorch warns that anomaly mode is slow
        warnings.simplefilter("ignore")
        yield


def anomaly_enabled():
    if IS_TORCH:
        return torch.is_anomaly_enabled()
    return torch.autograd.anomaly.is_enabled()


@pytest.mark.parametrize(
    "decorator, recording, inference",
    [
        (torch.no_grad, False, False),
        (torch.enable_grad, True, False),
        (torch.inference_mode, False, True),
    ],
    ids=["no_grad", "enable_grad", "inference_mode"],
)
def test_bare_decorator_returns_a_function_that_returns_the_result(
    decorator, recording, inference
):
    @decorator
    def double(t):
        """Twice t."""
        return t * 2, torch.is_grad_enabled(), torch.is_inference_mode_enabled()

    assert callable(double) and double.__name__ == "double"
    assert double.__doc__ == "Twice t."
    y, was_recording, was_inference = double(leaf([1.5]))
    assert y.tolist() == [3.0]  # the result itself, not a wrapper
    assert (was_recording, was_inference) == (recording, inference)
    assert y.requires_grad == recording
    assert torch.is_grad_enabled() and not torch.is_inference_mode_enabled()


def test_bare_inference_mode_decorator_under_no_grad_and_on_recursion():
    @torch.inference_mode
    def depth(n):
        assert torch.is_inference_mode_enabled()
        return 0 if n == 0 else 1 + depth(n - 1)

    assert depth(5) == 5
    assert not torch.is_inference_mode_enabled()
    with torch.no_grad():
        assert depth(2) == 2
        assert not torch.is_grad_enabled()
    assert torch.is_grad_enabled()


@pytest.mark.parametrize(
    "make",
    [
        torch.no_grad,
        torch.enable_grad,
        # PyTorch's inference_mode keeps one context per object: not re-entrant.
        pytest.param(torch.inference_mode, marks=minigrad_only),
    ],
)
def test_one_object_entered_again_restores_each_level(make):
    mode = make()
    with mode:
        inside = torch.is_grad_enabled()
        with torch.enable_grad():
            with mode:  # the same object, entered a second time
                assert torch.is_grad_enabled() == inside
            assert torch.is_grad_enabled()  # the inner exit restored enable_grad
        assert torch.is_grad_enabled() == inside
    assert torch.is_grad_enabled()
    assert not torch.is_inference_mode_enabled()


def test_no_grad_inside_inference_mode_keeps_inference_mode():
    with torch.inference_mode():
        with torch.no_grad():
            assert torch.is_inference_mode_enabled()
        assert torch.is_inference_mode_enabled()
    assert not torch.is_inference_mode_enabled()


def test_inference_mode_false_turns_recording_on_as_pytorch_does():
    for outer in (torch.no_grad(), torch.inference_mode()):
        with outer:
            with torch.inference_mode(False):
                assert torch.is_grad_enabled()
                assert not torch.is_inference_mode_enabled()
            assert not torch.is_grad_enabled()


@minigrad_only  # PyTorch's detect_anomaly is no decorator
def test_detect_anomaly_decorator_on_a_recursive_function_restores_the_mode():
    mode = torch.autograd.detect_anomaly()

    def rec(n):
        assert anomaly_enabled()
        return 0 if n == 0 else 1 + decorated(n - 1)

    decorated = mode(rec)
    assert decorated(4) == 4
    assert not anomaly_enabled()


def test_anomaly_modes_nest_and_restore_after_exceptions():
    assert not anomaly_enabled()
    with pytest.raises(ValueError):
        with torch.autograd.detect_anomaly():
            assert anomaly_enabled()
            with torch.autograd.set_detect_anomaly(False):
                assert not anomaly_enabled()
                raise ValueError("boom")
    assert not anomaly_enabled()
    with torch.autograd.set_detect_anomaly(True):
        assert anomaly_enabled()
        with torch.autograd.detect_anomaly():
            assert anomaly_enabled()
        assert anomaly_enabled()
    assert not anomaly_enabled()


def test_set_detect_anomaly_acts_at_once_and_with_restores_the_earlier_mode():
    try:
        torch.autograd.set_detect_anomaly(True)
        assert anomaly_enabled()
    finally:
        torch.autograd.set_detect_anomaly(False)
    assert not anomaly_enabled()


@minigrad_only
def test_every_mode_is_one_kind_of_switch():
    from minigrad.autograd.grad_mode import ModeSwitch

    modes = [
        torch.no_grad(),
        torch.enable_grad(),
        torch.inference_mode(),
        torch.autograd.detect_anomaly(),
    ]
    try:
        modes += [
            torch.set_grad_enabled(True),
            torch.autograd.set_detect_anomaly(False),
        ]
    finally:
        torch.set_grad_enabled(True)
    assert all(isinstance(m, ModeSwitch) for m in modes)


@pytest.mark.parametrize(
    "decorator, inside",
    [(torch.no_grad(), False), (torch.inference_mode(), False)],
    ids=["no_grad", "inference_mode"],
)
def test_a_decorated_generator_runs_each_piece_in_the_mode(decorator, inside):
    x = leaf([1.0])

    @decorator
    def pieces(n):
        for _ in range(n):
            received = yield (x * 2).requires_grad, torch.is_grad_enabled()
            assert received in (None, "ping")
        return "done"

    gen = pieces(3)
    assert torch.is_grad_enabled()  # calling it switched nothing yet
    first = next(gen)
    assert first == (inside, inside)
    assert torch.is_grad_enabled()  # and between pieces the caller's mode holds
    assert gen.send("ping") == (inside, inside)
    assert next(gen) == (inside, inside)
    with pytest.raises(StopIteration) as stop:
        next(gen)
    assert stop.value.value == "done"
    assert list(pieces(2)) == [(inside, inside)] * 2


def test_a_decorated_generator_closes_and_takes_thrown_errors():
    seen = []

    @torch.no_grad()
    def watcher():
        try:
            while True:
                try:
                    yield
                except KeyError:
                    seen.append(("caught", torch.is_grad_enabled()))
        finally:
            seen.append(("closed", torch.is_grad_enabled()))

    gen = watcher()
    next(gen)
    gen.throw(KeyError("k"))
    gen.close()
    assert seen == [("caught", False), ("closed", False)]
    assert torch.is_grad_enabled()


def test_detect_anomaly_warns_that_it_slows_things_down_as_pytorch_does():
    with pytest.warns(UserWarning, match="Anomaly Detection has been enabled"):
        with torch.autograd.detect_anomaly():
            pass


@pytest.mark.parametrize(
    "op",
    [lambda w: w * 3, lambda w: w + w, lambda w: w.exp(), lambda w: w.sum() * 2],
    ids=["mul", "add", "exp", "sum"],
)
def test_enable_grad_inside_inference_mode_records_nothing(op):
    # As PyTorch: the grad mode is on (is_grad_enabled), but inside
    # inference_mode nothing is recorded and the results are inference tensors.
    w = torch.tensor([2.0], requires_grad=True)
    with torch.inference_mode():
        with torch.enable_grad():
            assert torch.is_grad_enabled()
            y = op(w)
        assert not torch.is_grad_enabled()
    assert not y.requires_grad and y.grad_fn is None
    assert y.is_inference()
    assert torch.is_grad_enabled() and op(w).requires_grad


def test_inference_mode_false_records_even_inside_no_grad():
    w = torch.tensor([2.0], requires_grad=True)
    with torch.no_grad():
        with torch.inference_mode(False):
            assert torch.is_grad_enabled()
            assert (w * 2).requires_grad
        assert not (w * 2).requires_grad


@pytest.mark.parametrize("create_graph", [False, True])
def test_the_grad_mode_during_backward_is_create_graph(create_graph):
    # As PyTorch: hooks and a Function's backward run with the grad mode set
    # to create_graph (and record only then), whatever the caller's mode.
    x = torch.tensor([1.0], requires_grad=True)
    seen = []

    def hook(grad):
        with torch.enable_grad():  # a block inside: the pass's mode comes back
            pass
        seen.append((torch.is_grad_enabled(), (x * 2).requires_grad))

    class Passes(torch.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            seen.append(("forward", torch.is_grad_enabled()))
            return a * 1

        @staticmethod
        def backward(ctx, grad):
            seen.append((torch.is_grad_enabled(), (x * 2).requires_grad))
            return grad

    y = x * 2
    y.register_hook(hook)
    torch.autograd.grad(Passes.apply(y).sum(), x, create_graph=create_graph)
    assert seen == [("forward", False)] + [(create_graph, create_graph)] * 2
    assert torch.is_grad_enabled()


@pytest.mark.parametrize(
    "update",
    [
        lambda t: t.add_(1),
        lambda t: t.sub_(torch.ones(2)),
        lambda t: t.mul_(2.0),
        lambda t: t.zero_(),
        lambda t: t.fill_(3.0),
        lambda t: t.__isub__(1.0),
    ],
    ids=["add_", "sub_ tensor", "mul_", "zero_", "fill_", "-="],
)
@pytest.mark.parametrize("grad_on", [True, False], ids=["grad on", "no_grad"])
def test_an_inference_tensor_is_changed_in_place_only_inside_inference_mode(
    update, grad_on
):
    with torch.inference_mode():
        t = torch.ones(2)
        update(t)  # inside: allowed
    before = t.tolist()
    with torch.set_grad_enabled(grad_on):
        with pytest.raises(RuntimeError, match="Inplace update to inference tensor"):
            update(t)
    if not IS_TORCH:  # (PyTorch writes some of these before it raises)
        assert t.tolist() == before  # left as it was
    normal = t.clone()
    update(normal)  # the way out PyTorch names: a clone is a normal tensor
