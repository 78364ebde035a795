"""Grad mode is per thread, anomaly mode per process: as in PyTorch 2.13.

Checked on PyTorch 2.13: `no_grad()` in a worker thread leaves recording on
in the main thread; a thread started inside `no_grad()` or `inference_mode()`
starts with recording on; `set_anomaly_enabled(True)` in a worker thread is
seen by the main thread (anomaly mode is one global setting).
"""

import threading

import minigrad
from minigrad.autograd import grad_mode


def run_in_thread(function):
    """Run `function()` in a new thread; return what it returned (or raise)."""
    result = {}

    def target():
        try:
            result["value"] = function()
        except BaseException as error:  # handed to the main thread below
            result["error"] = error

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result["value"]


def test_a_new_thread_starts_with_grad_enabled_whatever_the_main_thread_does():
    with minigrad.no_grad():
        assert run_in_thread(minigrad.is_grad_enabled) is True
    with minigrad.inference_mode():
        modes = run_in_thread(
            lambda: (minigrad.is_grad_enabled(), minigrad.is_inference_mode_enabled())
        )
        assert modes == (True, False)
        assert minigrad.is_inference_mode_enabled()  # still on in this thread


def test_operations_in_a_new_thread_are_recorded_while_the_main_thread_has_no_grad():
    x = minigrad.tensor(3.0, requires_grad=True)
    with minigrad.no_grad():
        y = run_in_thread(lambda: x * x)
        z = x * x
    assert type(y.grad_fn).__name__ == "MulBackward0"
    assert z.grad_fn is None
    y.backward()
    assert x.grad.item() == 6.0


def test_no_grad_in_a_worker_thread_leaves_recording_on_in_the_main_thread():
    x = minigrad.tensor(2.0, requires_grad=True)
    inside = threading.Event()
    leave = threading.Event()
    seen = {}

    def worker():
        with minigrad.no_grad():
            seen["worker"] = (x * 3).requires_grad
            inside.set()
            leave.wait(timeout=10)  # stay inside no_grad while the main thread works

    thread = threading.Thread(target=worker)
    thread.start()
    try:
        assert inside.wait(timeout=10)
        assert minigrad.is_grad_enabled()
        y = x * 3  # recorded here, although the worker is inside no_grad
    finally:
        leave.set()
        thread.join()
    assert seen["worker"] is False
    assert y.requires_grad and type(y.grad_fn).__name__ == "MulBackward0"


def test_set_grad_enabled_in_a_thread_changes_only_that_thread():
    def switch_off():
        minigrad.set_grad_enabled(False)  # never switched back: the thread ends
        return minigrad.is_grad_enabled()

    assert run_in_thread(switch_off) is False
    assert minigrad.is_grad_enabled()


def test_backward_in_a_thread_under_no_grad_elsewhere():
    # The engine switches the mode around each node it runs; it must switch
    # the mode of its own thread and put it back there.
    x = minigrad.tensor([1.0, 2.0], dtype=minigrad.float64, requires_grad=True)

    def second_derivative():
        y = (x**3).sum()
        (g,) = minigrad.autograd.grad(y, x, create_graph=True)
        (h,) = minigrad.autograd.grad(g.sum(), x)
        return h.tolist(), minigrad.is_grad_enabled()

    with minigrad.no_grad():
        h, enabled_after = run_in_thread(second_derivative)
        assert not minigrad.is_grad_enabled()
    assert h == [6.0, 12.0] and enabled_after is True


def test_the_hot_path_reads_one_per_thread_state():
    # `is_recording()` is where the ops read the mode: it follows the thread.
    with minigrad.no_grad():
        assert grad_mode.is_recording() is False
        assert run_in_thread(grad_mode.is_recording) is True
    assert grad_mode.is_recording() is True


def test_a_mode_set_for_good_holds_for_the_rest_of_the_thread():
    # `set_grad_enabled(False)` as a statement (a notebook cell) lasts until it is
    # switched back, in any function called later on this thread.
    minigrad.set_grad_enabled(False)
    try:
        x = minigrad.ones(2, requires_grad=True)
        assert run_in_thread(minigrad.is_grad_enabled) is True
        assert (x * 2).requires_grad is False
    finally:
        minigrad.set_grad_enabled(True)
    assert (x * 2).requires_grad


def test_a_mode_switched_inside_an_asyncio_task_stays_in_that_task():
    # The one difference from PyTorch's thread-local mode (docs/design.md): the
    # modes are context variables, and a task runs in a copy of its context.
    import asyncio

    async def task():
        minigrad.set_grad_enabled(False)
        return minigrad.is_grad_enabled()

    async def main():
        inside = await asyncio.create_task(task())
        return inside, minigrad.is_grad_enabled()

    assert asyncio.run(main()) == (False, True)
    assert minigrad.is_grad_enabled()


def test_anomaly_mode_is_one_setting_for_every_thread_as_in_pytorch():
    anomaly = minigrad.autograd.anomaly
    try:
        run_in_thread(lambda: minigrad.autograd.set_detect_anomaly(True))
        assert anomaly.is_enabled()  # set in a worker, seen here
        assert run_in_thread(anomaly.is_enabled) is True
    finally:
        minigrad.autograd.set_detect_anomaly(False)
    assert run_in_thread(anomaly.is_enabled) is False
