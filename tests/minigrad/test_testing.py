"""minigrad.testing.assert_close: what passes, and PyTorch's messages for
what does not (checked against PyTorch 2.13's own text)."""

import pytest
from mg_testutil import torch

assert_close = torch.testing.assert_close


def test_close_values_pass():
    assert_close(torch.tensor([0.0, 1.0]), torch.tensor([1e-9, 1.0]))
    assert_close(torch.ones(2, requires_grad=True), torch.ones(2))
    assert_close([1.0, 2.0], (1.0, 2.0))
    assert_close({"w": torch.ones(1)}, {"w": torch.ones(1)})
    assert_close(torch.tensor([float("inf")]), torch.tensor([float("inf")]))
    assert_close(
        torch.tensor([float("nan")]), torch.tensor([float("nan")]), equal_nan=True
    )
    assert_close(torch.ones(2), torch.ones(2, dtype=torch.float64), check_dtype=False)


def test_a_mismatch_says_how_many_and_where():
    with pytest.raises(AssertionError) as error:
        assert_close(torch.tensor([1.0, 2.0, 3.0]), torch.tensor([1.0, 2.0, 3.1]))
    assert str(error.value) == (
        "Tensor-likes are not close!\n\n"
        "Mismatched elements: 1 / 3 (33.3%)\n"
        "Greatest absolute difference: 0.09999990463256836 at index (2,) "
        "(up to 1e-05 allowed)\n"
        "Greatest relative difference: 0.032258033752441406 at index (2,) "
        "(up to 1.3e-06 allowed)"
    )


def test_integers_must_be_equal():
    with pytest.raises(AssertionError) as error:
        assert_close(torch.tensor([1, 2]), torch.tensor([1, 3]))
    assert str(error.value).startswith("Tensor-likes are not equal!")
    assert "Greatest absolute difference: 1 at index (1,)\n" in str(error.value)


def test_numbers_and_nested_items():
    with pytest.raises(AssertionError) as error:
        assert_close([torch.ones(2), 1.0], [torch.ones(2), 1.5])
    assert str(error.value) == (
        "Scalars are not close!\n\nExpected 1.5 but got 1.0.\n"
        "Absolute difference: 0.5 (up to 1e-07 allowed)\n"
        "Relative difference: 0.3333333333333333 (up to 1e-07 allowed)\n\n"
        "The failure occurred for item [1]"
    )


@pytest.mark.parametrize(
    "actual, expected, error, message",
    [
        (
            torch.ones(2),
            torch.ones(3),
            AssertionError,
            "attribute 'shape' do not match",
        ),
        (
            torch.ones(2),
            torch.ones(2, dtype=torch.float64),
            AssertionError,
            "attribute 'dtype' do not match",
        ),
        (
            torch.tensor([float("nan")]),
            torch.tensor([float("nan")]),
            AssertionError,
            "nan",
        ),
        (1, 1.0, AssertionError, r"The \(d\)types do not match"),
        ([1.0, 2.0], [1.0], AssertionError, "length of the sequences mismatch: 2 != 1"),
        (torch.ones(2), 1.0, TypeError, "No comparison pair"),
    ],
)
def test_failures(actual, expected, error, message):
    with pytest.raises(error, match=message):
        assert_close(actual, expected)


def test_tolerances_come_in_pairs_and_msg_replaces_the_text():
    with pytest.raises(ValueError, match="but got no atol"):
        assert_close(torch.ones(2), torch.ones(2), rtol=1e-3)
    with pytest.raises(AssertionError, match="^custom$"):
        assert_close(torch.tensor([1.0]), torch.tensor([2.0]), msg="custom")
