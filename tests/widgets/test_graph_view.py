"""GraphView: renders, refreshes when gradients change, shows node details."""

from widget_graphs import make_mlp

from widgets import BackwardStepper, GraphView


def test_renders_with_a_node_list(scalar):
    view = GraphView(scalar["loss"], names=scalar)
    # The browser draws the DOT the kernel made; the kernel's dot the SVG.
    assert view.canvas.dot == view.picture().source and "digraph" in view.canvas.dot
    assert view.canvas.engine == "dot" and view.picture_html.value == ""
    assert view.svg.startswith("<svg")
    assert len(view.node_select.options) == 1 + 7
    labels = [label for label, _ in view.node_select.options]
    assert "0: loss = AddBackward0" in labels and "5: AccumulateGrad → x" in labels
    assert "minigrad-graphview" in view._dom_classes
    view.close()


def test_refreshes_after_backward_and_zero_grad(scalar):
    view = GraphView(scalar["loss"], names=scalar)
    assert "grad 14" not in view.svg
    scalar["loss"].backward()
    assert "grad 14" in view.svg
    scalar["x"].grad = None
    assert "grad 14" not in view.svg and "grad 4" in view.svg
    view.close()


def test_refreshes_after_module_zero_grad():
    model, loss = make_mlp()
    view = GraphView(loss, names=model)
    assert view.svg.count("grad None") == 6
    loss.backward()
    assert view.svg.count("grad None") == 0
    model.zero_grad()
    assert view.svg.count("grad None") == 6
    view.close()


def test_refreshes_on_stepper_steps(scalar):
    view = GraphView(scalar["loss"], names=scalar)
    stepper = BackwardStepper(scalar["loss"], names=scalar)
    stepper.slider.value = 5
    assert "grad 4" not in view.svg and "grad 14" not in view.svg
    stepper.next_button.click()  # x's AccumulateGrad
    assert "grad 14" in view.svg and "grad 4" not in view.svg
    stepper.next_button.click()  # y's
    assert "grad 4" in view.svg
    stepper.reset_button.click()
    assert "grad 14" not in view.svg
    view.close()


def test_selected_node_details_and_highlight(scalar):
    view = GraphView(scalar["loss"], names=scalar, show_saved=True)
    index = next(
        v for label, v in view.node_select.options if "MulBackward0" in label and v > 1
    )
    view.node_select.value = index
    details = view.details_html.value
    assert "MulBackward0" in details and "∂(x*y)/∂x = y" in details  # its names
    assert "AccumulateGrad, AccumulateGrad" in details
    assert "scalar: 2" in details and "scalar: 3" in details  # saved x and y
    assert "▶ now" in view.svg
    z_index = next(v for label, v in view.node_select.options if "z =" in label)
    view.node_select.value = z_index
    assert "value" in view.details_html.value and ">10." in view.details_html.value


def test_leaf_details_show_value_and_grad(scalar):
    scalar["loss"].backward()
    view = GraphView(scalar["loss"], names=scalar)
    view.node_select.value = next(
        v for label, v in view.node_select.options if label.endswith("→ x")
    )
    details = view.details_html.value
    assert ">x<" in details and ">14.<" in details and "leaf.grad += grad" in details
    view.close()


def test_close_stops_refreshing(scalar):
    view = GraphView(scalar["loss"], names=scalar)
    before, redraws = view.canvas.dot, view.redraws
    assert "grad None" in before
    view.close()
    scalar["loss"].backward()
    assert view.canvas.dot == before and view.redraws == redraws


def test_static_picture(scalar, tmp_path):
    view = GraphView(scalar["loss"])
    bundle = view._repr_mimebundle_()
    assert bundle["image/svg+xml"] == view.svg
    assert "application/vnd.jupyter.widget-view+json" in bundle
    view.save(tmp_path / "graph.svg")
    assert (tmp_path / "graph.svg").read_text() == view.to_svg()
    view.close()


def test_parameter_names_from_a_generator_last(mlp):
    model, loss = mlp
    view = GraphView(loss, names=model.named_parameters())
    loss.backward(retain_graph=True)
    assert "0.weight" in view.svg
    stepper = BackwardStepper(loss, names=model.named_parameters(), collapse=None)
    stepper.slider.value = 20
    assert "0.weight" in stepper.svg
    assert "0.weight" in stepper.leaves_html.value


def test_only_the_newest_views_keep_listening(scalar):
    from widgets.graph_view import MAX_LIVE_VIEWS

    views = [GraphView(scalar["loss"]) for _ in range(MAX_LIVE_VIEWS + 2)]
    assert [v.listener is None for v in views[:2]] == [True, True]
    assert all(v.listener is not None for v in views[2:])
    scalar["loss"].backward()
    assert "grad 14" in views[-1].svg and "grad 14" not in views[0].svg
    views[0].refresh()
    assert "grad 14" in views[0].svg
