"""Grouping a large autograd graph so its picture stays readable.

``dot.draw_graph`` draws every node of a small graph. Past ``max_nodes`` it
asks ``plan_groups`` here for groups instead: one per ``nn`` module when the
parameters are named like ``0.weight`` (as ``model.named_parameters()``
names them), otherwise runs of consecutive nodes in the order backward visits
them. Runs follow that order, so the groups still form a DAG.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field


def is_accumulate(node) -> bool:
    """True for the ``AccumulateGrad`` node of a leaf."""
    return node.name() == "AccumulateGrad"


def inputs_of(node) -> list:
    """The producer nodes of ``node`` (its non-None ``next_functions``)."""
    return [fn for fn, _ in node.next_functions if fn is not None]


MAX_RUNS = 12  # groups a long graph is cut into (fewer when max_nodes is tiny)
MAX_KEPT_LEAVES = 6


@dataclass
class Group:
    """Nodes drawn as one box: a module, or a run of consecutive nodes."""

    key: str
    title: str
    members: list = field(default_factory=list)
    module: str | None = None


def plan_groups(
    graph, param_names: dict, keep: set, max_nodes: int, by_module: bool | None = None
) -> tuple[list[Group], str]:
    """Split ``graph.nodes`` into groups.

    Args:
        graph: a ``minigrad.autograd.graph.Graph``.
        param_names: ``id(leaf) -> name`` for named leaves.
        keep: ids of nodes that stay on their own (roots, the highlighted node);
            used when grouping by runs.
        max_nodes: the node budget of the picture.
        by_module: True to group by module, False by runs, None to group by
            module whenever parameters have dotted names.

    Returns:
        (groups, how) where ``how`` is ``"by module"`` or ``"in runs"``.
    """
    modules = {
        i: name.rsplit(".", 1)[0] for i, name in param_names.items() if "." in name
    }
    if by_module or (by_module is None and modules):
        return _by_module(graph, modules), "by module"
    return _in_runs(graph, param_names, keep, max_nodes), "in runs"


def _by_module(graph, modules: dict) -> list[Group]:
    # Walk producers before consumers. A node belongs to the module whose
    # parameters it uses, directly or through ops on those parameters alone
    # (like the transpose of a weight), the nearest such if several;
    # otherwise to the module of its input (an activation, the loss).
    param_only: dict[int, tuple[int, str]] = {}  # id -> (depth, module)
    module_of: dict[int, str | None] = {}
    for node in reversed(graph.nodes):
        kids = inputs_of(node)
        if is_accumulate(node):
            found = modules.get(id(node.variable))
            module_of[id(node)] = found
            if found is not None:
                param_only[id(node)] = (0, found)
            continue
        from_params = [param_only.get(id(k)) for k in kids]
        if kids and None not in from_params and len({m for _, m in from_params}) == 1:
            depth = 1 + max(d for d, _ in from_params)
            param_only[id(node)] = (depth, from_params[0][1])
        direct = sorted(p for p in from_params if p is not None)
        inherited = [module_of[id(k)] for k in kids if module_of.get(id(k))]
        module_of[id(node)] = direct[0][1] if direct else (inherited or [None])[0]
    groups: dict[str | None, Group] = {}
    for node in graph.nodes:
        module = module_of[id(node)]
        if module not in groups:
            title = module if module is not None else "outside modules"
            groups[module] = Group(f"g{len(groups)}", title, module=module)
        groups[module].members.append(node)
    return list(groups.values())


def _in_runs(graph, param_names: dict, keep: set, max_nodes: int) -> list[Group]:
    # A few named leaves stay visible; many would cut the runs into crumbs.
    named_leaves = [
        n for n in graph.nodes if is_accumulate(n) and id(n.variable) in param_names
    ]
    keep = set(keep)
    if len(named_leaves) <= MAX_KEPT_LEAVES:
        keep |= {id(n) for n in named_leaves}
    target = max(2, min(MAX_RUNS, max_nodes // 2))
    size = max(1, math.ceil(len(graph.nodes) / target))
    groups: list[Group] = []
    run: list = []

    def flush():
        if run:
            groups.append(Group(f"g{len(groups)}", "", list(run)))
            run.clear()

    for node in graph.nodes:
        if id(node) in keep:
            flush()
            groups.append(Group(f"g{len(groups)}", "", [node]))
            continue
        run.append(node)
        if len(run) >= size:
            flush()
    flush()
    position = {id(n): i for i, n in enumerate(graph.nodes)}
    for group in groups:
        first, last = position[id(group.members[0])], position[id(group.members[-1])]
        group.title = f"nodes {first}–{last}" if last > first else f"node {first}"
    return groups
