"""Huge graphs: drawing returns promptly, and ``dot`` never runs on.

A graph past ``MAX_DRAWN_NODES`` is grouped whatever ``max_nodes`` says; a
layout that takes too long is stopped (``GraphTooSlow``); an interrupted
render kills its ``dot``; on Linux ``dot`` dies with the kernel.
"""

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import graphviz
import pytest

import minigrad
from widgets import GraphView, _render, draw_graph
from widgets._render import GraphTooSlow, render_svg, svg_html
from widgets.dot import MAX_DRAWN_NODES


def dot_children() -> list[int]:
    """Process ids of our child processes that run Graphviz."""
    found = []
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        try:
            children = (task / "children").read_text().split()
        except FileNotFoundError:  # the thread ended after iterdir listed it
            continue
        for pid in children:
            try:
                name = Path(f"/proc/{pid}/comm").read_text().strip()
            except FileNotFoundError:
                continue
            if name in ("dot", "neato"):
                found.append(int(pid))
    return found


def slow_picture(size=2500) -> graphviz.Digraph:
    """A dense DOT graph that takes ``dot`` many seconds to lay out."""
    picture = graphviz.Digraph()
    for i in range(size):
        picture.edge(f"n{i}", f"n{(i * 7919 + 13) % size}")
        picture.edge(f"n{i}", f"n{(i * 104729 + 7) % size}")
        picture.edge(f"n{i}", f"n{(i + 1) % size}")
    return picture


def long_chain(ops):
    x = minigrad.tensor(1.0, requires_grad=True)
    h = x
    for _ in range(ops):
        h = h * 1.0001
    return h


def test_a_10k_op_graph_is_grouped_whatever_max_nodes_says():
    loss = long_chain(10_000)
    picture = draw_graph(loss, max_nodes=20_000)
    assert f"more than {MAX_DRAWN_NODES} cannot be laid out" in picture.source
    assert picture.source.count("->") < 100  # groups, not 10,000 nodes
    view = GraphView(loss, max_nodes=20_000)  # returns promptly: a few groups
    assert view.svg.startswith("<svg") and "shown as" in view.svg
    view.close()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_layout_past_the_time_limit_is_stopped(monkeypatch):
    monkeypatch.setattr(_render, "DOT_TIMEOUT", 0.3)
    with pytest.raises(GraphTooSlow, match="was stopped"):
        render_svg(slow_picture())
    assert dot_children() == []
    # A widget shows the message instead of a traceback.
    assert "Cannot draw the graph" in svg_html(slow_picture(2400))
    assert dot_children() == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_an_interrupted_render_leaves_no_dot_running():
    seen = []

    def interrupt():
        for _ in range(200):  # wait for dot to start (up to 10 s on a busy machine)
            seen.extend(dot_children())
            if seen:
                break
            time.sleep(0.05)
        os.kill(os.getpid(), signal.SIGINT)  # what Jupyter's interrupt sends

    timer = threading.Timer(0.2, interrupt)
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            render_svg(slow_picture())
    finally:
        timer.cancel()
    assert seen, "dot should have been running when interrupted"
    assert dot_children() == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl")
def test_dot_dies_with_a_killed_kernel(tmp_path):
    # A child Python (the "kernel") starts a long render, says dot's pid,
    # and is killed; its dot must go too.
    script = textwrap.dedent(f"""
        import os, sys, threading, time
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from test_big_graphs import dot_children, slow_picture
        from widgets._render import render_svg

        def report():
            while not dot_children():
                time.sleep(0.05)
            print(dot_children()[0], flush=True)

        threading.Thread(target=report, daemon=True).start()
        render_svg(slow_picture(4000))
    """)
    kernel = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True
    )
    dot_pid = int(kernel.stdout.readline())
    assert Path(f"/proc/{dot_pid}").exists()
    kernel.kill()
    kernel.wait()
    for _ in range(100):
        state = Path(f"/proc/{dot_pid}/stat")
        if not state.exists() or state.read_text().split()[2] == "Z":
            break
        time.sleep(0.05)
    else:
        os.kill(dot_pid, signal.SIGKILL)
        pytest.fail("dot outlived its kernel")
