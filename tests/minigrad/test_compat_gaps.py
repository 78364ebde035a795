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
    with pytest.warns(UserWarning, match="epoch parameter"):  # (as PyTorch)
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


# ----- % and // (values and node names as PyTorch 2.13) --------------------------


def test_remainder_takes_the_sign_of_the_divisor_as_python():
    a = torch.tensor([-7, 7])
    assert (a % 3).tolist() == [2, 1]
    assert (a // 3).tolist() == [-3, 2]
    assert (7 % torch.tensor([-3, 3])).tolist() == [-2, 1]
    assert (7 // torch.tensor([-3, 3])).tolist() == [-3, 2]
    assert (5.0 % torch.tensor([2.0, -3.0])).tolist() == [1.0, -1.0]
    assert torch.remainder(a, 3).tolist() == a.remainder(3).tolist()
    assert torch.floor_divide(a, 2).tolist() == [-4, 3]
    assert (torch.tensor([5, 6]) // 2.5).dtype is torch.float32


def test_integer_division_by_zero_raises_and_float_gives_nan_or_inf():
    with pytest.raises(RuntimeError, match="ZeroDivisionError"):
        torch.tensor([1, 2]) % 0
    assert np.isnan((torch.tensor([1.0, 2.0]) % 0).numpy()).all()
    assert (torch.tensor([1.0, -2.0]) // 0).tolist() == [float("inf"), float("-inf")]


def test_remainder_by_a_number_passes_the_gradient_unchanged():
    x = torch.tensor([-3.5, -1.0, 2.0, 5.5], requires_grad=True)
    r = x % 2
    assert r.grad_fn.name() == "RemainderBackward0"
    np.testing.assert_allclose(r.detach().numpy(), [0.5, 1.0, 0.0, 1.5])
    r.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [1.0, 1.0, 1.0, 1.0])


def test_remainder_of_two_tensors_passes_numerical_gradcheck():
    # Away from the jumps (a / b not near an integer) the remainder is smooth.
    a = torch.tensor([-3.4, -1.1, 2.3, 5.6], dtype=torch.float64, requires_grad=True)
    b = torch.tensor([1.5, 1.5, 3.0, 2.0], dtype=torch.float64, requires_grad=True)
    assert (a % b).grad_fn.name() == "RemainderBackward1"
    assert torch.autograd.gradcheck(lambda a, b: a % b, (a, b))
    (a % b).sum().backward()
    np.testing.assert_allclose(b.grad.numpy(), [3.0, 1.0, -0.0, -2.0])


def test_floor_divide_records_a_node_whose_backward_raises():
    x = torch.tensor([-3.5, 5.5], requires_grad=True)
    y = x // 2
    assert y.requires_grad and y.grad_fn.name() == "NotImplemented"
    with pytest.raises(RuntimeError, match="derivative for aten::floor_divide is not"):
        y.sum().backward()


@pytest.mark.parametrize("mode, want", [("floor", [-4.0, 3.0]), ("trunc", [-3.0, 3.0])])
def test_div_rounding_mode_values_and_zero_gradient(mode, want):
    x = torch.tensor([-7.0, 7.0], requires_grad=True)
    y = torch.div(x, 2, rounding_mode=mode)
    assert y.tolist() == want and y.grad_fn.name() == "DivBackward2"
    y.sum().backward()
    assert x.grad.tolist() == [0.0, 0.0]
    assert torch.div(torch.tensor([-7, 7]), 2, rounding_mode=mode).dtype is torch.int64
    with pytest.raises(RuntimeError, match="rounding_mode to be one of None"):
        torch.div(x, 2, rounding_mode="round")


# ----- Tensor.type, is_contiguous, new_* -------------------------------------------


def test_type_without_argument_names_the_legacy_tensor_type():
    assert torch.ones(2).type() == "minigrad.FloatTensor"
    assert torch.ones(2, dtype=torch.int64).type() == "minigrad.LongTensor"
    assert torch.ones(2, dtype=torch.bool).type() == "minigrad.BoolTensor"
    assert torch.ones(2, dtype=torch.float64).type() == "minigrad.DoubleTensor"
    assert torch.ones(2, dtype=torch.int32).type() == "minigrad.IntTensor"


def test_type_with_a_dtype_or_a_name_converts():
    x = torch.tensor([1, 2]) > 1
    assert x.type(torch.float).tolist() == [0.0, 1.0]
    assert x.type(torch.float).dtype is torch.float32
    assert torch.ones(2).type("torch.LongTensor").dtype is torch.int64
    y = torch.ones(2)
    assert y.type(torch.float32) is y
    with pytest.raises(ValueError, match="invalid type: 'torch.Foo'"):
        y.type("torch.Foo")


def test_type_conversion_is_recorded_as_to():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    x.type(torch.float64).sum().backward()
    assert x.grad.tolist() == [1.0, 1.0]


def test_is_contiguous_follows_the_memory_layout():
    x = torch.ones(2, 3)
    assert x.is_contiguous() and x[0].is_contiguous()
    assert not x.T.is_contiguous() and not x[:, 1].is_contiguous()
    assert not x[:, ::2].is_contiguous()
    assert not torch.ones(3, 1).expand(3, 4).is_contiguous()


def test_new_factories_take_this_tensors_dtype():
    x = torch.ones(2, 3)
    assert x.new_ones(2).tolist() == [1.0, 1.0]
    assert x.new_zeros((2, 2)).shape == (2, 2)
    assert x.new_full((2,), 7).tolist() == [7.0, 7.0]
    assert x.new_tensor([1, 2]).dtype is torch.float32
    assert x.new_ones(2, dtype=torch.int64).dtype is torch.int64
    assert x.new_ones(2, requires_grad=True).requires_grad
    assert torch.ones(2, dtype=torch.int64).new_full((2,), 2.5).tolist() == [2, 2]


# ----- Dataset ----------------------------------------------------------------------


def test_a_dataset_subclass_feeds_a_dataloader():
    from minigrad.utils.data import DataLoader, Dataset, TensorDataset

    class Squares(Dataset):
        def __len__(self):
            return 4

        def __getitem__(self, index):
            return torch.tensor(float(index**2)), index

    batches = list(DataLoader(Squares(), batch_size=2))
    assert [b[0].tolist() for b in batches] == [[0.0, 1.0], [4.0, 9.0]]
    assert [b[1].tolist() for b in batches] == [[0, 1], [2, 3]]
    assert isinstance(TensorDataset(torch.zeros(2)), Dataset)


def test_a_dataset_without_getitem_says_what_to_write():
    from minigrad.utils.data import Dataset

    with pytest.raises(NotImplementedError, match="should implement __getitem__"):
        Dataset()[0]
