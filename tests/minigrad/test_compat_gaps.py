"""What the compat corpus needed: `out=`, return_types printing, `%` and `//`,
lr schedulers, `Tensor.type`, `Dataset`. Expected values were checked against
PyTorch 2.13."""

import numpy as np
import pytest

import minigrad as torch

# ----- out= ---------------------------------------------------------------------


def test_matmul_out_writes_in_place_and_returns_out():
    a = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    out = torch.zeros(2, 2)
    version = out._version
    result = torch.matmul(a, a.T, out=out)
    assert result is out
    np.testing.assert_allclose(out.numpy(), [[5.0, 11.0], [11.0, 25.0]])
    assert out._version == version + 1


@pytest.mark.parametrize(
    "fn, want",
    [(torch.add, [4.0, 6.0]), (torch.mul, [3.0, 8.0]), (torch.sub, [-2.0, -2.0])],
)
def test_elementwise_out(fn, want):
    out = torch.empty(2)
    fn(torch.tensor([1.0, 2.0]), torch.tensor([3.0, 4.0]), out=out)
    np.testing.assert_allclose(out.numpy(), want)


def test_add_out_with_alpha_and_resize():
    out = torch.empty(3)
    torch.add(torch.ones(2, 2), torch.ones(2, 2), alpha=2, out=out)
    assert out.shape == (2, 2)
    np.testing.assert_allclose(out.numpy(), np.full((2, 2), 3.0))


def test_out_keeps_its_dtype():
    out = torch.empty(2, dtype=torch.float64)
    torch.mul(torch.ones(2), torch.ones(2), out=out)
    assert out.dtype is torch.float64


def test_out_refuses_a_float_result_in_an_integer_tensor():
    out = torch.empty(2, dtype=torch.int64)
    with pytest.raises(
        RuntimeError,
        match="result type Float can't be cast to the desired output type Long",
    ):
        torch.mul(torch.ones(2), torch.ones(2), out=out)


def test_out_refuses_arguments_that_require_grad():
    a = torch.ones(2, requires_grad=True)
    message = (
        r"mul\(\): functions with out=\.\.\. arguments don't support automatic "
        r"differentiation, but one of the arguments requires grad\."
    )
    with pytest.raises(RuntimeError, match=message):
        torch.mul(a, a, out=torch.empty(2))
    with pytest.raises(RuntimeError, match="matmul"):
        torch.matmul(
            torch.ones(2), torch.ones(2), out=torch.empty((), requires_grad=True)
        )


def test_out_under_no_grad_is_allowed_and_not_recorded():
    a = torch.ones(2, requires_grad=True)
    out = torch.empty(2)
    with torch.no_grad():
        torch.mul(a, a, out=out)
    assert out.grad_fn is None and not out.requires_grad


# ----- return_types -------------------------------------------------------------


def test_max_result_prints_as_pytorch_return_type_on_three_lines():
    result = torch.tensor([[1.0, 5.0], [7.0, 2.0]]).max(0)
    assert repr(result) == (
        "minigrad.return_types.max(\nvalues=tensor([7., 5.]),\nindices=tensor([1, 0]))"
    )
    assert str(result) == repr(result)
    values, indices = result
    assert result.values is values and result[1] is indices
    assert isinstance(result, tuple) and len(result) == 2


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda x: x.min(1), "min"),
        (lambda x: x.sort(), "sort"),
        (lambda x: x.topk(1), "topk"),
        (lambda x: torch.max(x, 0), "max"),
    ],
)
def test_every_named_pair_names_its_return_type(call, name):
    result = call(torch.tensor([[1.0, 5.0], [7.0, 2.0]]))
    assert type(result) is getattr(torch.return_types, name)
    assert repr(result).startswith(f"minigrad.return_types.{name}(\nvalues=tensor(")


def test_max_result_values_still_carry_gradients():
    x = torch.tensor([[1.0, 5.0], [7.0, 2.0]], requires_grad=True)
    x.max(1).values.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [[0.0, 1.0], [1.0, 0.0]])


# ----- lr schedulers (values recorded under PyTorch 2.13) -------------------------


def _rates(make_scheduler, epochs):
    param = torch.nn.Parameter(torch.zeros(1))
    optimizer = torch.optim.SGD([param], lr=0.5)
    scheduler = make_scheduler(optimizer)
    rates = []
    for _ in range(epochs):
        optimizer.step()
        rates.append(scheduler.get_last_lr()[0])
        scheduler.step()
    return scheduler, rates


def test_cosine_annealing_lr_matches_pytorch_digits_past_the_bottom():
    from minigrad.optim.lr_scheduler import CosineAnnealingLR

    _, rates = _rates(lambda o: CosineAnnealingLR(o, T_max=4, eta_min=0.1), 12)
    assert rates == [
        0.5, 0.4414213562373095, 0.30000000000000004, 0.15857864376269054, 0.1,
        0.15857864376269049, 0.30000000000000004, 0.4414213562373096,
        0.5000000000000001, 0.4414213562373096, 0.30000000000000016,
        0.1585786437626907,
    ]  # fmt: skip


def test_multistep_lr_decays_at_each_milestone_and_twice_at_a_repeated_one():
    from minigrad.optim.lr_scheduler import MultiStepLR

    scheduler, rates = _rates(lambda o: MultiStepLR(o, [2, 5, 5], gamma=0.5), 8)
    assert rates == [0.5, 0.5, 0.25, 0.25, 0.25, 0.0625, 0.0625, 0.0625]
    assert scheduler.last_epoch == 8
    scheduler.step(3)  # an explicit epoch uses the closed form
    assert scheduler.get_last_lr() == [0.25]


def test_lambda_lr_and_its_state_dict():
    from minigrad.optim.lr_scheduler import LambdaLR

    scheduler, rates = _rates(lambda o: LambdaLR(o, lambda epoch: 0.9**epoch), 4)
    assert rates == [0.5, 0.45, 0.405, 0.36450000000000005]
    state = scheduler.state_dict()
    assert state["lr_lambdas"] == [None] and state["last_epoch"] == 4
    assert "optimizer" not in state
    scheduler.load_state_dict({**state, "last_epoch": 1})
    assert scheduler.last_epoch == 1


def test_lambda_lr_wants_one_function_per_param_group():
    from minigrad.optim.lr_scheduler import LambdaLR

    optimizer = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
    with pytest.raises(ValueError, match="Expected 1 lr_lambdas, but got 2"):
        LambdaLR(optimizer, [lambda e: 1.0, lambda e: 1.0])
