"""A notebook defines its custom Functions again at every re-run: the old
classes (and the node classes minigrad made for them) must be freed."""

import gc
import weakref

import minigrad


def define_and_use_a_function():
    class Twice(minigrad.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, grad):
            return grad * 2

    x = minigrad.tensor([1.0, 2.0], requires_grad=True)
    y = Twice.apply(x)
    node_type = type(y.grad_fn)
    y.sum().backward()
    assert x.grad.tolist() == [2.0, 2.0]
    assert node_type.__name__ == "TwiceBackward"
    return weakref.ref(Twice), weakref.ref(node_type)


def test_a_thousand_function_definitions_are_all_freed():
    refs = [define_and_use_a_function() for _ in range(1000)]
    gc.collect()
    alive = [r for pair in refs for r in pair if r() is not None]
    assert alive == []


def test_the_node_class_is_made_once_per_function_and_name():
    class Square(minigrad.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * x

        @staticmethod
        def backward(ctx, grad):
            (x,) = ctx.saved_tensors
            return 2 * x * grad

    class SquareAgain(Square):  # a subclass gets node classes of its own
        pass

    x = minigrad.tensor(3.0, requires_grad=True)
    first, second = Square.apply(x), Square.apply(x)
    assert type(first.grad_fn) is type(second.grad_fn)
    other = SquareAgain.apply(x)
    assert type(other.grad_fn).__name__ == "SquareAgainBackward"
    assert type(other.grad_fn).function is SquareAgain
    other.backward()
    assert x.grad.item() == 6.0
