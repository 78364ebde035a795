"""BackwardStepper driven from Python: buttons, slider, Play, what it shows."""

from widget_graphs import make_mlp, scalar_graph

from widgets import BackwardStepper


def classes(widget):
    return set(widget._dom_classes)


def test_next_through_to_the_end(scalar):
    stepper = BackwardStepper(scalar["loss"], names=scalar)
    assert "ready: 7 steps" in stepper.status.value
    assert stepper.prev_button.disabled and stepper.reset_button.disabled
    seen = []
    for _ in range(7):
        stepper.next_button.click()
        seen.append(stepper.model.current.name)
    assert seen[0] == "AddBackward0" and seen[-2:] == ["AccumulateGrad"] * 2
    assert stepper.slider.value == stepper.play.value == 7
    assert stepper.next_button.disabled
    assert "finished: 7 steps" in stepper.status.value
    twin = scalar_graph()
    twin["loss"].backward()
    assert scalar["x"].grad.item() == twin["x"].grad.item()
    assert scalar["y"].grad.item() == twin["y"].grad.item()


def test_each_step_shows_graph_chain_rule_and_leaves(scalar):
    stepper = BackwardStepper(scalar["loss"], names=scalar)
    for _ in range(5):
        stepper.next_button.click()
    assert "step 5 of 7: MulBackward0" in stepper.status.value
    assert "<svg" in stepper.svg and "▶ now" in stepper.svg
    assert stepper.svg.count("✓") == 4  # the steps before this one
    assert "∂loss/∂x: 2 × 3 = 6" in stepper.chain_html.value
    assert "∂loss/∂y: 2 × 2 = 4" in stepper.chain_html.value
    stepper.next_button.click()  # x's AccumulateGrad: complete, so it runs now
    assert "+= 6 (from MulBackward0) = 14" in stepper.chain_html.value
    assert "14 ◀ updated" in stepper.leaves_html.value


def test_traversed_edges_carry_their_gradient(scalar):
    stepper = BackwardStepper(scalar["loss"], names=scalar)
    stepper.next_button.click()
    source = stepper.picture().source
    assert 'label=1 color="#D55E00"' in source


def test_prev_and_reset_buttons(scalar):
    stepper = BackwardStepper(scalar["loss"], names=scalar)
    for _ in range(7):
        stepper.next_button.click()
    stepper.prev_button.click()  # back before y's AccumulateGrad, the last step
    assert stepper.slider.value == 6 and scalar["y"].grad is None
    assert scalar["x"].grad.item() == 14
    assert not stepper.next_button.disabled
    stepper.reset_button.click()
    assert stepper.slider.value == 0 and scalar["y"].grad is None
    assert "Before step 1" in stepper.chain_html.value


def test_slider_and_play_move_the_stepper(scalar):
    stepper = BackwardStepper(scalar["loss"], names=scalar)
    stepper.slider.value = 4
    assert stepper.model.position == 4 and stepper.play.value == 4
    stepper.play.value = 7  # what the browser's Play does, one value at a time
    assert stepper.model.at_end and scalar["x"].grad.item() == 14
    stepper.slider.value = 0
    assert scalar["x"].grad is None


def test_an_error_in_a_step_is_shown_not_hidden(scalar):
    def broken(grad):
        raise ValueError("hook failed")

    scalar["x"].register_hook(broken)
    stepper = BackwardStepper(scalar["loss"])
    stepper.slider.value = 7
    assert "ValueError: hook failed" in stepper.status.value
    # x's AccumulateGrad, where the hook runs, is step 6 (PyTorch's order)
    assert stepper.model.position == 5 and stepper.next_button.disabled
    stepper.prev_button.click()
    assert "step 4 of 5" in stepper.status.value
    stepper.next_button.click()
    assert "hook failed" in stepper.status.value


def test_speed_sets_the_play_interval(scalar):
    stepper = BackwardStepper(scalar["loss"])
    stepper.speed.value = 200
    assert stepper.play.interval == 200


def test_css_classes_for_browser_tests(scalar):
    stepper = BackwardStepper(scalar["loss"])
    assert "minigrad-stepper" in classes(stepper)
    assert "minigrad-stepper-next" in classes(stepper.next_button)
    assert "minigrad-stepper-prev" in classes(stepper.prev_button)
    assert "minigrad-stepper-reset" in classes(stepper.reset_button)
    assert "minigrad-stepper-play" in classes(stepper.play)
    assert "minigrad-stepper-graph" in classes(stepper.canvas)


def test_static_picture(scalar, tmp_path):
    stepper = BackwardStepper(scalar["loss"])
    stepper.next_button.click()
    bundle = stepper._repr_mimebundle_()
    assert (
        bundle["image/svg+xml"].startswith("<svg")
        and "▶ now" in bundle["image/svg+xml"]
    )
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"]
    stepper.save(tmp_path / "step.svg")
    assert (tmp_path / "step.svg").read_text().startswith("<svg")


def test_nn_model_by_module():
    model, loss = make_mlp()
    stepper = BackwardStepper(loss, names=model)
    stepper.next_button.click()
    assert "4: Linear" in stepper.svg
    detailed = BackwardStepper(loss, names=model, collapse=None)
    assert "4: Linear" not in detailed.svg
    for _ in range(30):
        stepper.next_button.click()
    assert stepper.model.at_end
    twin, twin_loss = make_mlp()
    twin_loss.backward()
    for p, q in zip(model.parameters(), twin.parameters()):
        assert (p.grad.numpy() == q.grad.numpy()).all()


def test_names_survive_a_later_cell_rebinding_them():
    # Lessons rebind `x` in a later exercise; a stepper made earlier keeps
    # calling its leaf `x` (Run All must not leave unnamed leaves behind).
    import minigrad as torch
    from widgets import BackwardStepper

    space = {}
    space["w"] = torch.tensor(3.0, requires_grad=True)
    space["x"] = torch.tensor(2.0, requires_grad=True)
    space["L"] = (space["w"] * space["x"]) ** 2
    stepper = BackwardStepper(space["L"], names=space)
    assert sorted(row[0] for row in stepper.model.leaf_grads()) == ["w", "x"]
    space["x"] = torch.tensor(5.0)  # the name now means another tensor
    space["y2"] = space["w"]  # and a new name appears for w
    stepper.update()
    names = sorted(row[0] for row in stepper.model.leaf_grads())
    assert names == ["w", "x"]
