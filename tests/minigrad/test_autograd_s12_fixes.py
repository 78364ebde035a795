"""Autograd details where minigrad differed from PyTorch (2.x), now as PyTorch.

Every expected value here is what PyTorch printed for the same code:
`backward(inputs=[non-leaf])` and `retain_grad()`, the layout of a leaf's
`.grad`, a leaf that stopped requiring grad, hooks on an AccumulateGrad node,
`grad_fn.metadata` and calling a `grad_fn`, anomaly mode's `check_nan`,
`ctx.mark_dirty`, and the errors for a Function's wrong gradients, non-tensor
`inputs=`, `materialize_grads` and `jacobian(strict=True)`.
"""

import warnings

import pytest
from mg_testutil import minigrad_only, torch


def _close(t, expected):
    assert t.tolist() == pytest.approx(expected, rel=1e-6)


# ----- backward(inputs=[non-leaf]): the tensor retains its grad, counted once


def test_retain_grad_then_backward_inputs_counts_the_gradient_once():
    x = torch.tensor([0.5, -1.2, 2.0], requires_grad=True)
    y = x * 2
    y.retain_grad()
    (y**2).sum().backward(inputs=[y])
    _close(y.grad, [2.0, -4.8, 8.0])
    assert x.grad is None


def test_backward_inputs_makes_a_non_leaf_retain_its_grad():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    assert not y.retains_grad
    (y**2).sum().backward(inputs=[y], retain_graph=True)
    assert y.retains_grad
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "not a leaf" warning: it retains
        _close(y.grad, [4.0, 8.0])
    (y**2).sum().backward()  # an ordinary backward fills it now too
    _close(y.grad, [8.0, 16.0])
    _close(x.grad, [8.0, 16.0])


def test_backward_inputs_twice_adds_out_of_place_as_retain_grad_does():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    (y**2).sum().backward(inputs=[y], retain_graph=True)
    first = y.grad
    (y**2).sum().backward(inputs=[y])
    _close(y.grad, [8.0, 16.0])
    _close(first, [4.0, 8.0])
    assert first is not y.grad


def test_retain_grad_and_a_hook_and_inputs_see_the_hooked_gradient_once():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    y.retain_grad()
    y.register_hook(lambda g: g * 10)
    (y**2).sum().backward(inputs=[y])
    _close(y.grad, [40.0, 80.0])


def test_retain_grad_then_backward_then_backward_inputs():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    y.retain_grad()
    (y**2).sum().backward(retain_graph=True)
    (y**2).sum().backward(inputs=[y])
    _close(y.grad, [8.0, 16.0])
    _close(x.grad, [8.0, 16.0])  # from the first pass: the second left x alone


def test_grad_does_not_make_an_input_retain_its_grad():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    z = x * 3
    torch.autograd.grad((z**2).sum(), [z])
    assert not z.retains_grad


def test_backward_inputs_a_non_leaf_and_the_leaf_below_it():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    a = x * 1
    b = a.exp()
    (b * a).sum().backward(inputs=[a, x])
    _close(a.grad, [5.436564, 22.167168])
    _close(x.grad, [5.436564, 22.167168])


def test_backward_inputs_outputs_of_a_node_with_several():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    a, b, c = x.unbind(0)
    (a * 2 + b * 5).backward(inputs=[b])
    assert b.grad.item() == 5.0
    assert b.retains_grad and not a.retains_grad
    assert x.grad is None
    q, r = x.split([1, 2])
    ((q * 3).sum() + (r * r).sum()).backward(inputs=[r, q])
    _close(q.grad, [3.0])
    _close(r.grad, [4.0, 6.0])


# ----- the layout of a leaf's .grad: the leaf's own strides where it is dense


def test_a_contiguous_leaf_gets_a_contiguous_grad():
    x = torch.tensor([[0.5, -1.2, 2.0], [1.5, 0.3, -0.7]], requires_grad=True)
    (x.t() * torch.tensor([[1.0], [2], [3]])).sum().backward()
    assert x.grad.stride() == (3, 1)
    assert x.grad.is_contiguous()
    _close(x.grad.view(-1), [1.0, 2.0, 3.0, 1.0, 2.0, 3.0])


@pytest.mark.parametrize(
    "make, use, stride",
    [
        # a transposed leaf: its .grad is transposed too, however it came
        (lambda: torch.arange(6.0).reshape(2, 3).t(), lambda x: x * 2, (1, 3)),
        (lambda: torch.arange(6.0).reshape(2, 3).t(), lambda x: x.t() * 2, (1, 3)),
        # a leaf with gaps (a slice): a contiguous .grad
        (lambda: torch.arange(12.0).reshape(3, 4)[:, ::2], lambda x: x * 2, (2, 1)),
        (lambda: torch.arange(12.0).reshape(3, 4)[:, ::2], lambda x: x.t(), (2, 1)),
        # dense in another order of its dimensions: the leaf's strides
        (
            lambda: torch.arange(24.0).reshape(2, 3, 4).permute(1, 2, 0),
            lambda x: x.permute(2, 0, 1).contiguous() * 2,
            (4, 1, 12),
        ),
        (lambda: torch.arange(6.0).reshape(2, 3), lambda x: x.t().exp(), (3, 1)),
    ],
)
def test_the_grad_takes_the_layout_of_a_dense_leaf(make, use, stride):
    x = make().detach().requires_grad_()
    use(x).sum().backward()
    assert x.grad.stride() == stride
    (use(x)).sum().backward()  # the second sum keeps it
    assert x.grad.stride() == stride


# ----- a leaf that no longer requires grad: no sum into its .grad


def test_a_leaf_with_hooks_that_stopped_requiring_grad_is_left_alone():
    log = []
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    x.register_hook(lambda g: log.append(("hook", g.tolist())))
    x.register_post_accumulate_grad_hook(lambda t: log.append("post"))
    y = x * 2
    x.requires_grad_(False)
    y.sum().backward()
    assert x.grad is None
    assert log == [("hook", [2.0, 2.0, 2.0]), "post"]  # (both still run)


@minigrad_only
def test_a_leaf_that_stopped_requiring_grad_in_a_stepped_pass():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    w = torch.tensor([1.0, 1.0, 1.0], requires_grad=True)
    y = x * w
    x.requires_grad_(False)
    steps = list(torch.autograd.backward_steps(y.sum()))
    assert x.grad is None
    _close(w.grad, [1.0, 2.0, 3.0])
    leaves = {id(s.node.variable): s.accumulated for s in steps if s.accumulated}
    assert list(leaves) == [id(w)]  # x's step accumulated nothing
    x.requires_grad_(True)  # (requiring it again: accumulates again)
    (x * w).sum().backward()
    _close(x.grad, [1.0, 1.0, 1.0])


# ----- hooks on an AccumulateGrad node


def test_the_hooks_of_an_accumulate_grad_node_run():
    log = []
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x * 2
    acc = y.grad_fn.next_functions[0][0]
    assert type(acc).__name__ == "AccumulateGrad"
    acc.register_prehook(lambda go: log.append("pre"))
    acc.register_hook(lambda gi, go: log.append(("post", len(gi), len(go))))
    y.sum().backward()
    assert log == ["pre", ("post", 0, 1)]


def test_accumulate_grad_hooks_in_pytorch_order():
    log = []
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x * 2
    acc = y.grad_fn.next_functions[0][0]
    acc.register_hook(lambda gi, go: log.append(("post", gi, go[0].tolist())))

    def pre(go):
        log.append(("pre", go[0].tolist()))
        return (go[0] + 1,)

    def tensor_hook(g):
        log.append(("tensor", g.tolist()))
        return g * 10

    acc.register_prehook(pre)
    x.register_hook(tensor_hook)
    x.register_post_accumulate_grad_hook(
        lambda t: log.append(("postacc", t.grad.tolist()))
    )
    y.sum().backward()
    assert log == [
        ("tensor", [2.0, 2.0, 2.0]),
        ("pre", [20.0, 20.0, 20.0]),
        ("postacc", [21.0, 21.0, 21.0]),
        ("post", (), [21.0, 21.0, 21.0]),
    ]
    _close(x.grad, [21.0, 21.0, 21.0])

    log.clear()  # grad(): the leaf's tensor hook runs, its node does not
    torch.autograd.grad((x * 3).sum(), x)
    assert log == [("tensor", [3.0, 3.0, 3.0])]

    log.clear()  # backward(inputs=[x]): all of them
    (x * 3).sum().backward(inputs=[x])
    assert log == [
        ("tensor", [3.0, 3.0, 3.0]),
        ("pre", [30.0, 30.0, 30.0]),
        ("postacc", [52.0, 52.0, 52.0]),
        ("post", (), [31.0, 31.0, 31.0]),
    ]


# ----- grad_fn.metadata, and calling a grad_fn


def test_grad_fn_metadata_is_a_dict_of_the_node():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x * torch.tensor([4.0, 5.0, 6.0])
    y.grad_fn.metadata["tag"] = 1
    assert y.grad_fn.metadata == {"tag": 1}
    assert y.grad_fn.metadata is y.grad_fn.metadata
    assert (x * 2).grad_fn.metadata == {}
    assert y.grad_fn.next_functions[0][0].metadata == {}
    with pytest.raises(AttributeError):
        y.grad_fn.metadata = {}


def test_a_custom_function_writes_metadata_on_ctx():
    class Tagged(torch.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            ctx.metadata["k"] = 1
            return a * 2

        @staticmethod
        def backward(ctx, g):
            return g * 3

    x = torch.tensor([1.0, 2.0], requires_grad=True)
    assert Tagged.apply(x).grad_fn.metadata == {"k": 1}


def test_calling_a_grad_fn_gives_the_input_gradients():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    w = torch.tensor([4.0, 5.0, 6.0], requires_grad=True)
    c = torch.tensor([4.0, 5.0, 6.0])
    gx, gc = (x * c).grad_fn(torch.ones(3))
    _close(gx, [4.0, 5.0, 6.0])
    assert gc is None
    gc, gx = (c * x).grad_fn(torch.ones(3))
    assert gc is None
    _close(gx, [4.0, 5.0, 6.0])
    gx, gw = (x * w).grad_fn(torch.ones(3))  # recorded: x and w require grad
    _close(gx, [4.0, 5.0, 6.0])
    _close(gw, [1.0, 2.0, 3.0])
    assert gx.requires_grad and gw.requires_grad
    assert (x * c).grad_fn(None) == (None, None)
    # one input: the tensor itself
    one = x.exp().grad_fn(torch.ones(3))
    assert isinstance(one, torch.Tensor)
    _close(one, [2.7182817, 7.389056, 20.085537])
    _close(x.sum().grad_fn(torch.tensor(2.0)), [2.0, 2.0, 2.0])
    # no broadcasting undone (the engine's work): as PyTorch
    b = torch.tensor([5.0], requires_grad=True)
    gx, gb = (x + b).grad_fn(torch.ones(3))
    assert tuple(gb.shape) == (3,)
    node = (x * w).grad_fn
    with torch.no_grad():
        gx, gw = node(torch.ones(3))
    assert not gx.requires_grad
    assert x.grad is None  # nothing accumulated


def test_calling_a_grad_fn_with_several_outputs_or_a_leaf_node():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    node = x.unbind(0)[0].grad_fn
    _close(node(torch.tensor(1.0), None, None), [1.0, 0.0, 0.0])
    _close(
        node(torch.tensor(1.0), torch.tensor(2.0), torch.tensor(3.0)), [1.0, 2.0, 3.0]
    )
    acc = (x * 2).grad_fn.next_functions[0][0]
    assert acc(torch.ones(3)) == ()
    _close(x.grad, [1.0, 1.0, 1.0])  # an AccumulateGrad node adds to .grad


def test_calling_a_grad_fn_wrongly():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    node = (x * 2).grad_fn
    with pytest.raises(TypeError, match="expected 1 arguments, got 2 instead"):
        node(torch.ones(3), torch.ones(3))
    with pytest.raises(TypeError, match="expected 1 arguments, got 0 instead"):
        node()
    with pytest.raises(TypeError):
        node([1.0, 2.0, 3.0])
    y = x * x
    y.sum().backward()
    with pytest.raises(RuntimeError, match="backward through the graph a second"):
        y.grad_fn(torch.ones(3))

    class Twice(torch.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            return a * 2

        @staticmethod
        def backward(ctx, g):
            return g * 2

    with pytest.raises(TypeError, match="'TwiceBackward' object is not callable"):
        Twice.apply(x).grad_fn(torch.ones(3))


# ----- anomaly mode: is_anomaly_enabled, check_nan


@minigrad_only
def test_anomaly_mode_reports_its_settings():
    from minigrad.autograd import anomaly

    assert anomaly.is_anomaly_enabled() is False
    assert anomaly.is_anomaly_check_nan_enabled() is True
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with torch.autograd.detect_anomaly(check_nan=False):
            assert anomaly.is_anomaly_enabled() is True
            assert anomaly.is_anomaly_check_nan_enabled() is False
    assert (anomaly.is_anomaly_enabled(), anomaly.is_anomaly_check_nan_enabled()) == (
        False,
        True,
    )
    with torch.autograd.set_detect_anomaly(True, check_nan=False):
        assert anomaly.is_anomaly_check_nan_enabled() is False
    assert anomaly.is_anomaly_check_nan_enabled() is True
    torch.autograd.set_detect_anomaly(True)
    try:
        assert anomaly.is_anomaly_enabled() and anomaly.is_anomaly_check_nan_enabled()
    finally:
        torch.autograd.set_detect_anomaly(False)
    assert (anomaly.is_anomaly_enabled(), anomaly.is_anomaly_check_nan_enabled()) == (
        False,
        True,
    )


def test_anomaly_mode_without_check_nan_lets_nan_through():
    x = torch.tensor([-1.0, 4.0], requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with torch.autograd.detect_anomaly(check_nan=False):
            x.sqrt().sum().backward()
        assert x.grad[0].isnan().item()
        assert x.grad[1].item() == 0.25
        x.grad = None
        with pytest.raises(RuntimeError, match="returned nan values in its 0th"):
            with torch.autograd.detect_anomaly():
                x.sqrt().sum().backward()


# ----- ctx.mark_dirty: in-place custom Functions


class Double_(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        x.mul_(2)
        ctx.mark_dirty(x)
        return x

    @staticmethod
    def backward(ctx, g):
        return g * 2


def test_mark_dirty_returns_the_input_with_a_new_history():
    a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    x = a.clone()
    before = x._version
    y = Double_.apply(x)
    assert y is x
    assert type(y.grad_fn).__name__ == "Double_Backward"
    assert type(y.grad_fn.next_functions[0][0]).__name__ == "CloneBackward0"
    assert x._version - before == 2  # mul_, and the Function once more
    assert y.requires_grad and not y.is_leaf
    (y * y).sum().backward()
    _close(a.grad, [8.0, 16.0, 24.0])


def test_mark_dirty_on_a_leaf_that_requires_grad():
    leaf = torch.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad"):
        Double_.apply(leaf)
    assert leaf._version == 2  # (changed all the same, as in PyTorch)
    with torch.no_grad():
        out = Double_.apply(leaf)  # allowed: a new tensor, not recorded
    assert out is not leaf and not out.requires_grad
    _close(out, [4.0, 8.0])
    plain = torch.tensor([1.0, 2.0])
    assert Double_.apply(plain) is plain


def test_mark_dirty_under_no_grad_leaves_the_history():
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    x = a.clone()
    with torch.no_grad():
        out = Double_.apply(x)
    assert out is not x and not out.requires_grad and out.grad_fn is None
    assert type(x.grad_fn).__name__ == "CloneBackward0"


def test_mark_dirty_resets_grad_and_moves_retain_grad():
    a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    x = a.clone()
    x.retain_grad()
    x.grad = torch.ones(3)
    y = Double_.apply(x)
    assert y.grad is None and y.retains_grad
    y.sum().backward()
    _close(y.grad, [1.0, 1.0, 1.0])


def test_mark_dirty_makes_a_graph_that_saved_the_input_stale():
    a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    x = a.clone()
    z = x * x
    Double_.apply(x)
    with pytest.raises(RuntimeError, match="output 0 of Double_, is at version 2"):
        z.sum().backward()


def test_mark_dirty_errors_and_warnings():
    class NotReturned(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            x.mul_(2)
            ctx.mark_dirty(x)
            return x * 1

        @staticmethod
        def backward(ctx, g):
            return g * 2

    class NotAnInput(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            out = x * 2
            ctx.mark_dirty(out)
            return out

        @staticmethod
        def backward(ctx, g):
            return g * 2

    a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    x = a.clone()
    with pytest.raises(RuntimeError, match="marked as dirty during the forward"):
        NotReturned.apply(x)
    assert type(x.grad_fn).__name__ == "CloneBackward0"
    with pytest.warns(UserWarning, match="not an input"):
        out = NotAnInput.apply(a.clone())
    assert type(out.grad_fn).__name__ == "NotAnInputBackward"


def test_mark_dirty_with_two_outputs_and_with_setup_context():
    class AddTwo(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x, w):
            x.add_(w)
            ctx.mark_dirty(x)
            return x, w * 3

        @staticmethod
        def backward(ctx, g1, g2):
            return g1, g1 + 3 * g2

    class Double2(torch.autograd.Function):
        @staticmethod
        def forward(x):
            x.mul_(2)
            return x

        @staticmethod
        def setup_context(ctx, inputs, output):
            ctx.mark_dirty(inputs[0])

        @staticmethod
        def backward(ctx, g):
            return g * 2

    a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    w = torch.ones(3, requires_grad=True)
    x = a.clone()
    o1, o2 = AddTwo.apply(x, w)
    assert o1 is x and o1.output_nr == 0 and o2.output_nr == 1
    (o1 * 2 + o2).sum().backward()
    _close(a.grad, [2.0, 2.0, 2.0])
    _close(w.grad, [5.0, 5.0, 5.0])
    x = a.clone()
    assert Double2.apply(x) is x
    assert type(x.grad_fn).__name__ == "Double2Backward"
    plain, w = torch.zeros(2), torch.ones(2, requires_grad=True)
    out = AddTwo.apply(plain, w)[0]
    assert out is plain and type(plain.grad_fn).__name__ == "AddTwoBackward"


def test_mark_dirty_on_a_view_goes_into_its_base():
    a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    b = a.clone()
    v = b[:2]
    y = Double_.apply(v)
    assert y is v
    assert type(y.grad_fn).__name__ == "AsStridedBackward0"
    assert type(b.grad_fn).__name__ == "CopySlices"
    _close(b, [2.0, 4.0, 3.0])
    (b.sum() + y.sum()).backward()
    _close(a.grad, [4.0, 4.0, 1.0])


def test_mark_dirty_with_saved_tensors():
    class Square_(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x.clone())
            x.mul_(x)
            ctx.mark_dirty(x)
            return x

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return 2 * x * g

    class SaveOut(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            x.mul_(2)
            ctx.mark_dirty(x)
            ctx.save_for_backward(x)
            return x

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return x * g

    a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    Square_.apply(a.clone()).sum().backward()
    _close(a.grad, [2.0, 4.0, 6.0])
    a.grad = None
    SaveOut.apply(a.clone()).sum().backward()
    _close(a.grad, [2.0, 4.0, 6.0])


# ----- errors as PyTorch's


def test_non_tensor_inputs_of_grad_and_backward():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="all inputs have to be Tensors"):
        torch.autograd.grad((x * 2).sum(), [x, 3])
    with pytest.raises(RuntimeError, match="but got int"):
        (x * 2).sum().backward(inputs=[3])


def test_a_function_backward_returning_a_number_or_other_non_tensor():
    class Cube(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x**3

        @staticmethod
        def backward(ctx, g):
            return 2.0

    class Pair(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x, y):
            return x * y

        @staticmethod
        def backward(ctx, g):
            return g, "s"

    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = torch.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match=r"expected Variable or None \(got float\)"):
        Cube.apply(x).sum().backward()
    with pytest.raises(RuntimeError, match=r"expected Variable or None \(got float\)"):
        torch.autograd.grad(Cube.apply(x).sum(), x)
    with pytest.raises(RuntimeError, match=r"expected Variable or None \(got str\)"):
        Pair.apply(x, y).sum().backward()
    with pytest.raises(RuntimeError, match="Legacy autograd function"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # (PyTorch warns first)
            Cube()(x)


def test_a_function_backward_returning_a_gradient_for_a_number():
    class Scale(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x, n):
            return x * n

        @staticmethod
        def backward(ctx, g):
            return g * 3, g  # (the second should be None)

    class Times(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x, w):
            return x * w

        @staticmethod
        def backward(ctx, g):
            return g * 3, g

    x = torch.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(
        RuntimeError, match="gradient different than None at position 2"
    ):
        Scale.apply(x, 3).sum().backward()
    assert x.grad is None
    # a tensor that needs no gradient: its gradient is dropped, no error
    Times.apply(x, torch.tensor([1.0, 2.0])).sum().backward()
    _close(x.grad, [3.0, 3.0])


def test_materialize_grads_refuses_allow_unused_false_at_once():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    z = torch.tensor([3.0], requires_grad=True)
    for out in ((x * 2).sum(), (x * z).sum()):
        with pytest.raises(ValueError, match="Expected allow_unused to be True"):
            torch.autograd.grad(out, [x, z], allow_unused=False, materialize_grads=True)
    gx, gz = torch.autograd.grad((x * 2).sum(), [x, z], materialize_grads=True)
    _close(gz, [0.0])


def test_jacobian_strict():
    jacobian = torch.autograd.functional.jacobian
    x = torch.tensor([1.0, 2.0, 3.0])
    with pytest.raises(RuntimeError, match="Output 0 of the user-provided function"):
        jacobian(lambda x: torch.ones(2), x, strict=True)
    with pytest.raises(RuntimeError, match="is independent of input 1"):
        jacobian(lambda x, y: x * 2, (x, x.clone()), strict=True)
    with pytest.raises(RuntimeError, match="strict mode when create_graph=True"):
        jacobian(lambda x: x * 2, x, strict=True, create_graph=True)
    with pytest.raises(RuntimeError, match="`strict=True` and `vectorized=True`"):
        jacobian(lambda x: x * 2, x, strict=True, vectorize=True)
    jac = jacobian(lambda x: x * x, x, strict=True)
    _close(jac.reshape(-1), [2.0, 0.0, 0.0, 0.0, 4.0, 0.0, 0.0, 0.0, 6.0])
    _close(jacobian(lambda x: torch.ones(2), x).reshape(-1), [0.0] * 6)  # not strict
