"""StepperModel, headless: the real engine's steps, in order, with Prev/Reset."""

import numpy as np
import pytest
from widget_graphs import Cube, make_mlp, scalar_graph

import minigrad
from minigrad.autograd.engine import backward_steps
from minigrad.autograd.graph import add_grad_listener, walk
from widgets import StepperModel
from widgets.stepper_model import local_derivative


def engine_order(make):
    """The node names backward_steps yields on a fresh copy of a graph."""
    g = make()
    return [s.node.name() for s in backward_steps(g["loss"])]


def grads(tensors):
    return [None if t.grad is None else t.grad.numpy().copy() for t in tensors]


def test_steps_follow_the_engine_in_order(scalar):
    model = StepperModel(scalar["loss"], names=scalar)
    model.run_to_end()
    assert [r.name for r in model.history] == engine_order(scalar_graph)
    assert [r.index for r in model.history] == list(range(7))
    assert model.at_end and model.total == 7


def test_grad_untouched_until_the_first_step(scalar):
    x, y = scalar["x"], scalar["y"]
    events = []
    handle = add_grad_listener(events.append)
    model = StepperModel(scalar["loss"])
    assert x.grad is None and y.grad is None and events == []
    model.next()  # the root node: still no leaf touched
    assert x.grad is None and events == ["step"]
    handle.remove()


def test_final_grads_equal_backward(scalar):
    model = StepperModel(scalar["loss"])
    model.run_to_end()
    twin = scalar_graph()
    twin["loss"].backward()
    assert scalar["x"].grad.item() == twin["x"].grad.item() == 14
    assert scalar["y"].grad.item() == twin["y"].grad.item() == 4


def test_stepping_accumulates_onto_existing_grads_like_backward(scalar):
    x = scalar["x"]
    x.grad = minigrad.tensor(100.0)
    model = StepperModel(scalar["loss"])
    model.run_to_end()
    assert x.grad.item() == 114
    model.reset()
    assert x.grad.item() == 100


def test_the_engine_closes_after_the_last_step(scalar):
    events = []
    handle = add_grad_listener(events.append)
    model = StepperModel(scalar["loss"])
    for _ in range(7):
        model.next()
    handle.remove()
    assert model.at_end and events[-1] == "backward"
    assert model.next() is None


def test_prev_and_reset_restore_grads(scalar):
    x, y = scalar["x"], scalar["y"]
    model = StepperModel(scalar["loss"])
    # PyTorch's order: x's AccumulateGrad runs once its two gradients are in
    # (step 6), then y's (step 7): leaves run as soon as they are complete.
    model.goto(6)  # x accumulated, y not yet
    assert x.grad.item() == 14 and y.grad is None
    model.next()
    assert y.grad.item() == 4
    model.prev()
    assert model.position == 6 and y.grad is None and x.grad.item() == 14
    model.prev()
    assert x.grad is None
    model.reset()
    assert model.at_start and x.grad is None and y.grad is None
    assert model.current is None and model.prev() is None


def test_next_after_prev_replays_without_the_engine(scalar):
    model = StepperModel(scalar["loss"])
    model.run_to_end()
    model.reset()
    for k in range(1, 8):
        record = model.next()
        assert record is model.history[k - 1]
    assert len(model.history) == 7
    assert scalar["x"].grad.item() == 14 and scalar["y"].grad.item() == 4


def test_goto_moves_both_ways(scalar):
    model = StepperModel(scalar["loss"])
    assert model.goto(3).index == 2
    assert model.goto(1).index == 0
    model.goto(99)
    assert model.at_end and model.position == 7


def test_the_chain_rule_with_real_numbers(scalar):
    model = StepperModel(scalar["loss"], names=scalar)
    first = model.explain(model.next())
    assert first[0] == "Step 1: AddBackward0"
    assert "= 1  (the seed" in first[2]
    model.goto(5)  # x * y: gradient in 2, local derivatives y = 3 and x = 2
    lines = model.explain()
    assert lines[0] == "Step 5: MulBackward0"
    assert "∂(x*y)/∂x = y,  ∂(x*y)/∂y = x" in lines[1]  # the graph's own names
    assert lines[2] == "gradient in: ∂loss/∂MulBackward0 = 2"
    assert lines[3].endswith("∂loss/∂x: 2 × 3 = 6")
    assert lines[4].endswith("∂loss/∂y: 2 × 2 = 4")


def test_fan_in_shows_the_sum(scalar):
    model = StepperModel(scalar["loss"], names=scalar)
    model.goto(6)
    record = model.current  # x's AccumulateGrad: from x**2 and from x*y
    assert record.fan_in
    assert [src for src, _ in model.contributions(record)] == [
        "PowBackward0",
        "MulBackward0",
    ]
    lines = model.explain()
    assert "8 (from PowBackward0) += 6 (from MulBackward0) = 14" in lines[2]
    assert "x feeds 2 consumers" in lines[2]
    assert lines[3] == "x.grad was None; += 14 → 14"


def test_constant_inputs_say_no_gradient_is_sent(scalar):
    model = StepperModel(scalar["loss"], names=scalar)
    lines = model.explain(model.next())
    assert lines[-1] == "input 1: needs no grad, nothing is sent"


def test_leaf_grads_mark_the_changed_leaf(scalar):
    model = StepperModel(scalar["loss"], names=scalar)
    model.goto(6)
    rows = {name: (grad, changed) for name, _, grad, changed in model.leaf_grads()}
    assert rows["x"][0] == 14 and rows["x"][1] and rows["y"] == (None, False)
    model.next()
    rows = {name: (grad, changed) for name, _, grad, changed in model.leaf_grads()}
    assert rows["y"][0] == 4 and rows["y"][1] and rows["x"] == (14, False)


def test_visited_and_traversed_grow_with_the_steps(scalar):
    model = StepperModel(scalar["loss"])
    model.goto(2)
    assert [n.name() for n in model.visited()] == ["AddBackward0", "MulBackward0"]
    assert [(c.name(), nr, text) for c, nr, text in model.traversed()] == [
        ("AddBackward0", 0, "1"),
        ("MulBackward0", 0, "2"),
    ]


def test_tensor_graph_with_grad_tensors():
    w = minigrad.tensor([1.0, 2.0, 3.0], requires_grad=True)
    out = (w * w).exp()
    with pytest.raises(RuntimeError, match="only for scalar outputs"):
        StepperModel(out)
    seed = minigrad.tensor([1.0, 0.5, 0.0])
    model = StepperModel(out, grad_tensors=seed, names=locals())
    model.run_to_end()
    twin = minigrad.tensor([1.0, 2.0, 3.0], requires_grad=True)
    (twin * twin).exp().backward(seed)
    np.testing.assert_allclose(w.grad.numpy(), twin.grad.numpy())
    assert "the seed" in model.explain(model.history[0])[2]


def test_elementwise_local_derivative_shown_for_tensors():
    w = minigrad.tensor([1.0, 2.0], requires_grad=True)
    loss = (w * 3).sum()
    model = StepperModel(loss, names=locals())
    model.goto(2)
    assert model.explain()[3].endswith("[1, 1] ⊙ [3, 3] = [3, 3]")


def test_matmul_points_to_the_formula():
    a = minigrad.tensor(np.ones((2, 3)), requires_grad=True)
    b = minigrad.tensor(np.ones((3, 2)), requires_grad=True)
    model = StepperModel((a @ b).sum(), names=locals())
    model.goto(2)
    assert model.current.name == "MmBackward0"
    assert "see formula" in model.explain()[3]


def test_custom_function_steps_like_backward():
    x = minigrad.tensor(2.0, requires_grad=True)
    loss = Cube.apply(x) * 2
    model = StepperModel(loss, names=locals())
    model.run_to_end()
    assert [r.name for r in model.history] == [
        "MulBackward0",
        "CubeBackward",
        "AccumulateGrad",
    ]
    assert x.grad.item() == 24  # 2 * 3 * x**2
    cube = model.explain(model.history[1])
    assert "∂(x**3)/∂x = 3 * x**2" in cube[1]
    assert cube[3].endswith("2 × 12 = 24")


def test_nn_model_final_grads_equal_backward():
    model, loss = make_mlp(seed=3)
    stepper = StepperModel(loss, names=model)
    stepper.run_to_end()
    twin, twin_loss = make_mlp(seed=3)
    twin_loss.backward()
    for (name, p), (_, q) in zip(model.named_parameters(), twin.named_parameters()):
        np.testing.assert_array_equal(p.grad.numpy(), q.grad.numpy(), err_msg=name)
    # 3 Linears x 4 nodes (T, Addmm, 2 AccumulateGrad) + 2 ReLUs + MseLoss
    assert stepper.total == len(stepper.history) == len(walk(loss).nodes)
    assert stepper.total == 15


def test_a_freed_graph_is_refused_with_a_way_out(scalar):
    scalar["loss"].backward()
    with pytest.raises(RuntimeError, match="Compute the loss again"):
        StepperModel(scalar["loss"])


def test_outputs_that_need_no_grad_are_refused():
    with pytest.raises(RuntimeError, match="does not require grad"):
        StepperModel(minigrad.tensor(1.0))


def test_local_derivative():
    assert local_derivative(np.array(2.0), np.array(6.0)) == 3
    assert local_derivative(np.array(0.0), np.array(6.0)) is None
    assert local_derivative(np.ones((2, 3)), np.ones((3, 2))) is None
    assert local_derivative(None, np.array(1.0)) is None
    np.testing.assert_array_equal(
        local_derivative(np.array(2.0), np.array([2.0, 4.0])), [1.0, 2.0]
    )


# -- issue 10: names and numbers whatever ran after, vector wording, formulas --
def test_names_and_values_survive_a_freeing_backward_and_rebound_names():
    # Lesson 05 after Run All: the stepper ran to its end, a plain backward()
    # freed the graph (and with it the only reference to z), and an exercise
    # rebound z. The stepper still says z, with z's value.
    scope = {}
    scope["w"] = minigrad.tensor(3.0, requires_grad=True)
    scope["x"] = minigrad.tensor(2.0, requires_grad=True)
    scope["b"] = minigrad.tensor(-4.0, requires_grad=True)
    scope["h"] = scope["w"] * scope["x"]
    scope["z"] = scope["h"] + scope["b"]
    scope["L"] = scope["z"] ** 2
    model = StepperModel(scope["L"], names=scope)
    model.run_to_end()
    before = [model.explain(r) for r in model.history]
    scope["L"].backward()  # frees the graph's saved z
    scope["z"] = minigrad.tensor(0.0)  # an exercise rebinds z
    add = model.graph.nodes[1]
    assert add.name() == "AddBackward0" and add.output() is None  # z is gone
    assert model.name_of(add) == "z"
    assert model.forward.value(add) == 2.0
    model.reset()
    model.run_to_end()
    assert [model.explain(r) for r in model.history] == before
    assert "∂L/∂z × ∂z/∂h = ∂L/∂h: 4 × 1 = 4" in before[1][3]


def test_vector_backward_reads_as_a_vector_jacobian_product():
    x = minigrad.tensor([1.0, 2.0, -1.0], requires_grad=True)
    y = x**3
    v = minigrad.tensor([1.0, 0.5, 2.0])
    model = StepperModel([y], grad_tensors=[v], names=locals())
    pow_lines = model.explain(model.next())
    assert pow_lines[2].startswith("gradient in: grad_output v = [1, 0.5, 2]")
    assert "∂y/∂y" not in " ".join(pow_lines)
    assert pow_lines[3] == (
        "input 0 → x: grad_output ⊙ ∂y/∂x = vᵀ∂y/∂x: "
        "[1, 0.5, 2] ⊙ [3, 12, 3] = [3, 6, 6]"
    )
    leaf_lines = model.explain(model.next())
    assert leaf_lines[2] == "gradient in: vᵀ∂y/∂x = [3, 6, 6]"
    assert x.grad.tolist() == [3.0, 6.0, 6.0]


def test_scalar_backward_keeps_derivative_wording(scalar):
    model = StepperModel(scalar["loss"], names=scalar)
    lines = model.explain(model.next())
    assert lines[2] == "gradient in: ∂loss/∂loss = 1  (the seed: backward starts here)"
    assert "grad_output" not in " ".join(lines)


def test_formulas_use_the_scene_names_and_never_clash_with_them():
    # Demo 02: the scene has its own a and b; x * 3 has no name for the 3.
    x = minigrad.tensor(2.0, requires_grad=True)
    a = x * 3
    b = x**2
    L = a + b
    model = StepperModel(L, names=locals())
    model.run_to_end()
    formulas = {r.name: model.formula_of(r) for r in model.history}
    assert formulas["AddBackward0"] == "∂(a+b)/∂a = 1,  ∂(a+b)/∂b = 1"
    assert formulas["MulBackward0"] == "∂(x*c)/∂x = c"  # not b: b is x**2 here
    assert formulas["PowBackward0"] == "∂(x**p)/∂x = p * x**(p-1)"


def test_formula_letters_stay_where_no_name_is_known():
    a = minigrad.tensor(2.0, requires_grad=True)
    model = StepperModel((a * minigrad.tensor(3.0, requires_grad=True)).exp())
    model.run_to_end()
    formulas = [model.formula_of(r) for r in model.history]
    assert "∂(a*b)/∂a = b,  ∂(a*b)/∂b = a" in formulas


@pytest.mark.parametrize(
    "formula, names, scene, expected",
    [
        (
            "d(a*b)/da = b,  d(a*b)/db = a",
            ["b", "a"],
            {"a", "b"},
            "∂(b*a)/∂b = a,  ∂(b*a)/∂a = b",
        ),  # swapped names, one pass
        ("d(Σa)/da_i = 1", ["y"], set(), "∂(Σy)/∂y_i = 1"),
        (
            "d/d input = 2 (input - target) / N",
            ["p", "t"],
            {"p", "t"},
            "∂/∂ input = 2 (input - target) / N",
        ),  # one letter for two inputs: unclear
        ("d(a**p)/da = p * a**(p-1)", ["z"], {"z", "p"}, "∂(z**c)/∂z = c * z**(c-1)"),
        ("leaf.grad += grad", [], set(), "leaf.grad += grad"),
    ],
)
def test_named_formula(formula, names, scene, expected):
    from widgets._format import named_formula

    assert named_formula(formula, names, scene) == expected


def test_a_graph_freed_after_the_stepper_was_made_is_explained():
    x = minigrad.tensor(2.0, requires_grad=True)
    z = x * 3
    L = z**2
    model = StepperModel(L, names=locals())
    L.backward()  # frees what the stepper's engine needs
    with pytest.raises(RuntimeError, match="this stepper's graph was freed"):
        model.next()
    assert "Run the forward pass again" in str(model.error)
    assert model.name_of(L.grad_fn) == "L"  # what it shows is still right
