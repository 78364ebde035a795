"""draw_graph: structure, labels, styles, highlight and collapse of the DOT text."""

import re

import graphviz
import numpy as np
from widget_graphs import Cube, chain_graph, make_mlp, scalar_graph

import minigrad
from minigrad.autograd.graph import walk
from widgets import draw_graph
from widgets.dot import STYLES

NODE = re.compile(r"^\t(\w+) \[(.*)\]$", re.M)
EDGE = re.compile(r"^\t(\w+) -> (\w+)(?: \[(.*)\])?$", re.M)


def nodes(source):
    """{dot id: attribute text} for every node line."""
    return {
        m.group(1): m.group(2)
        for m in NODE.finditer(source)
        if m.group(1) not in ("graph", "node", "edge")
    }


def edges(source):
    """[(src, dst, attribute text)] for every edge line."""
    return [(m.group(1), m.group(2), m.group(3) or "") for m in EDGE.finditer(source)]


def test_known_graph_has_every_node_and_edge(scalar):
    source = draw_graph(scalar["loss"]).source
    found = nodes(source)
    ops = [k for k in found if k.startswith("n")]
    tensors = [k for k in found if k.startswith("t")]
    constants = [k for k in found if k.startswith("c")]
    # Add, Mul(2*), Add, Pow, Mul, AccumulateGrad x2; leaves x, y; the 2 and the 1
    assert len(ops) == 7 and len(tensors) == 2 and len(constants) == 2
    names = re.findall(r"<B>(\w+)(?: · output)?</B>", source)
    for name in ("AddBackward0", "MulBackward0", "PowBackward0", "AccumulateGrad"):
        assert name in names
    data_edges = [e for e in edges(source) if "dir=none" not in e[2]]
    leaf_links = [e for e in edges(source) if "dir=none" in e[2]]
    # 7 edges along next_functions plus one from each constant
    assert len(data_edges) == 7 + 2
    assert len(leaf_links) == 2


def test_edges_point_forward_from_producer_to_consumer():
    x = minigrad.tensor(1.0, requires_grad=True)
    y = x.exp()
    source = draw_graph(y).source
    # n0 = ExpBackward0 (root), n1 = AccumulateGrad of x, t1 = x
    assert ("n1", "n0", "") in edges(source)
    assert "ExpBackward0" in nodes(source)["n0"]
    assert "AccumulateGrad" in nodes(source)["n1"]


def test_names_come_from_locals():
    g = scalar_graph()
    x, y, z, loss = g["x"], g["y"], g["z"], g["loss"]  # noqa: F841 (read by locals())
    named = draw_graph(loss, names=locals()).source
    for name in ("x", "y", "z", "loss"):
        assert f"<B>{name}</B>" in named
    anonymous = draw_graph(loss).source
    assert "<B>x</B>" not in anonymous and "<B>tensor</B>" in anonymous


def test_private_names_in_locals_are_skipped():
    g = scalar_graph()
    _hidden = g["x"]  # noqa: F841
    source = draw_graph(g["loss"], names=locals()).source
    assert "_hidden" not in source


def test_parameters_named_and_styled_apart(mlp):
    model, loss = mlp
    source = draw_graph(loss, names=model.named_parameters()).source
    for name in ("0.weight", "0.bias", "2.weight", "4.bias"):
        assert f"<B>{name}</B> <I>param</I>" in source
    param_lines = [a for a in nodes(source).values() if "<I>param</I>" in a]
    assert len(param_lines) == 6
    assert all(
        "peripheries=2" in a and STYLES["param"]["fillcolor"] in a for a in param_lines
    )


def test_module_in_locals_names_its_parameters(mlp):
    model, loss = mlp
    source = draw_graph(loss, names={"net": model, "loss": loss}).source
    assert "<B>net.0.weight</B>" in source and "<B>loss</B>" in source


def test_kinds_have_shapes_and_labels_not_only_colours(scalar):
    source = draw_graph(scalar["loss"], names=scalar).source
    found = nodes(source)
    leaf = next(a for a in found.values() if "<B>x</B> <I>leaf</I>" in a)
    assert "shape=ellipse" in leaf and "bold" in leaf
    root = found["n0"]
    assert "output" in root and "peripheries=2" in root and "shape=box" in root
    constant = next(a for k, a in found.items() if k.startswith("c"))
    assert "no grad" in constant and "dashed" in constant


def test_values_grads_and_shapes_shown(scalar):
    scalar["loss"].backward()
    source = draw_graph(scalar["loss"], names=scalar).source
    assert "value 2" in source and "grad 14" in source and "grad 4" in source
    assert "value 21" in source  # loss = 2 * (6 + 4) + 1
    hidden = draw_graph(
        scalar["loss"], names=scalar, show_values=False, show_grads=False
    ).source
    assert "value 2" not in hidden and "grad 14" not in hidden


def test_tensor_values_are_summarised():
    v = minigrad.tensor([1.0, 2.0, 3.0], requires_grad=True)
    big = minigrad.tensor(np.arange(12.0).reshape(3, 4), requires_grad=True)
    out = (v * 2).sum() + big.mean()
    source = draw_graph(out, names=locals()).source
    assert "[1, 2, 3]" in source and "(3,)" in source
    assert "(3, 4)" in source and "min 0, max 11" in source


def test_same_graph_same_text(scalar):
    first = draw_graph(scalar["loss"], names=scalar).source
    assert draw_graph(scalar["loss"], names=scalar).source == first
    again = scalar_graph()
    assert draw_graph(again["loss"], names=again).source == first


def test_highlight_marks_one_node_with_border_and_label(scalar):
    source = draw_graph(scalar["loss"], names=scalar, highlight=scalar["z"]).source
    marked = [a for a in nodes(source).values() if "▶ now" in a]
    assert len(marked) == 1
    assert "<B>z</B>" in marked[0]
    assert f"penwidth={STYLES['current']['penwidth']}" in marked[0]
    assert STYLES["current"]["fillcolor"] in marked[0]


def test_highlight_a_leaf_marks_its_accumulate_grad(scalar):
    source = draw_graph(scalar["loss"], highlight=scalar["x"]).source
    marked = [a for a in nodes(source).values() if "▶ now" in a]
    assert len(marked) == 1 and "AccumulateGrad" in marked[0]


def test_visited_and_traversed_edges(scalar):
    graph = walk(scalar["loss"])
    root = graph.nodes[0]
    source = draw_graph(
        scalar["loss"], visited=[root], traversed=[(root, 0, "1")]
    ).source
    assert "✓" in nodes(source)["n0"]
    marked = [e for e in edges(source) if "label=1" in e[2]]
    assert len(marked) == 1 and marked[0][1] == "n0"
    assert "penwidth=2.5" in marked[0][2]


def test_saved_tensors_shown_and_freed(scalar):
    loss = scalar["loss"]
    assert "saved: 2, 3" in draw_graph(loss, show_saved=True).source  # x*y saves x, y
    loss.backward()
    assert "saved: freed" in draw_graph(loss, show_saved=True).source


def test_custom_function_node_is_drawn():
    x = minigrad.tensor(2.0, requires_grad=True)
    y = Cube.apply(x) + 1
    source = draw_graph(y).source
    assert "CubeBackward" in source


def test_leaf_and_no_grad_roots():
    x = minigrad.tensor(2.0, requires_grad=True)
    source = draw_graph(x, names=locals()).source
    assert "<B>x</B> <I>leaf · output</I>" in source
    c = minigrad.tensor([1.0, 2.0])
    source = draw_graph(c, names=locals()).source
    assert "<B>c</B> <I>no grad · output</I>" in source
    assert "dashed" in source


def test_returns_a_graphviz_digraph(scalar):
    picture = draw_graph(scalar["loss"], direction="TB")
    assert isinstance(picture, graphviz.Digraph)
    assert "rankdir=TB" in picture.source


def test_legend_lists_every_kind(scalar):
    source = draw_graph(scalar["loss"]).source
    for text in (
        "leaf (ellipse)",
        "param (double ellipse)",
        "output (double box)",
        "no grad (dashed)",
        "▶ now (thick border)",
    ):
        assert text in source
    assert "leaf (ellipse)" not in draw_graph(scalar["loss"], legend=False).source


def test_large_graph_collapses_in_runs_and_says_so():
    x, out = chain_graph(1000)
    source = draw_graph(out, names=locals(), max_nodes=150).source
    drawn = nodes(source)
    assert len(drawn) <= 60
    assert "1000 autograd nodes (max_nodes=150)" in source and "in runs" in source
    groups = [a for a in drawn.values() if "box3d" in a]
    assert groups and all("ops:" in a for a in groups)
    # the root stays a node of its own, the named leaf too
    assert "· output" in source and "<B>x</B>" in source


def test_collapsed_groups_form_a_chain_without_cycles():
    _, out = chain_graph(400)
    source = draw_graph(out, max_nodes=100).source
    pairs = {(a, b) for a, b, _ in edges(source)}
    assert not any((b, a) in pairs for a, b in pairs)


def test_graph_at_the_limit_is_not_collapsed():
    _, out = chain_graph(150)
    assert "box3d" not in draw_graph(out, max_nodes=150).source
    assert "box3d" in draw_graph(out, max_nodes=149).source


def test_nn_model_collapses_by_module():
    model, loss = make_mlp()
    source = draw_graph(loss, names=model, max_nodes=10).source
    assert "shown as 3 groups by module" in source
    for title in ("0: Linear", "2: Linear", "4: Linear"):
        assert f"<B>{title}</B>" in source
    assert "0.weight (50, 10)" in source
    assert len(edges(source)) == 2  # 0 -> 2 -> 4


def test_collapse_by_module_on_request_highlights_the_group(mlp):
    model, loss = mlp
    graph = walk(loss)
    mm = next(n for n in graph.nodes if n.name() == "AddmmBackward0")  # last layer's
    source = draw_graph(
        loss, names=model, collapse="module", highlight=mm, visited=graph.nodes[:3]
    ).source
    marked = [a for a in nodes(source).values() if "▶ now" in a]
    assert len(marked) == 1 and "4: Linear" in marked[0]
    # the last group: AddmmBackward0, TBackward0, MseLossBackward0 and the
    # AccumulateGrad nodes of 4.weight and 4.bias
    assert "✓ 3/5 run" in marked[0]
