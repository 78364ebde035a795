"""`minigrad.testing.assert_close`: PyTorch's check that two results agree.

Students check their own gradients with it, as PyTorch's documentation does:

    minigrad.testing.assert_close(x.grad, 2 * x)

It compares tensors, Python numbers, and lists, tuples and dicts of them,
with a tolerance taken from the dtype (PyTorch's table), and on failure
raises AssertionError with PyTorch's message: how many elements differ, the
greatest differences and where.
"""

import math
import numbers

import numpy as np

from .tensor import Tensor

# PyTorch's default (rtol, atol) per dtype; integers and bools compare exactly.
_TOLERANCES = {
    np.dtype(np.float16): (1e-3, 1e-5),
    np.dtype(np.float32): (1.3e-6, 1e-5),
    np.dtype(np.float64): (1e-7, 1e-7),
}


def assert_close(
    actual,
    expected,
    *,
    allow_subclasses=True,
    rtol=None,
    atol=None,
    equal_nan=False,
    check_device=True,
    check_dtype=True,
    check_layout=True,
    check_stride=False,
    msg=None,
):
    """Raise AssertionError unless `actual` and `expected` are close:
    |actual - expected| <= atol + rtol * |expected| everywhere.

    Args:
        actual, expected: tensors, Python numbers, or (nested) lists, tuples
            and dicts of them, of the same structure.
        rtol, atol: the tolerances (give both or neither); by default from
            the dtype: float32 1.3e-6 and 1e-5, float64 1e-7 and 1e-7,
            float16 1e-3 and 1e-5, integers and bools 0 (exact).
        equal_nan: nan counts as close to nan.
        check_dtype: the dtypes must be the same (else the tolerances of the
            less precise one apply).
        msg: a message to raise instead of the computed one.
        allow_subclasses, check_device, check_layout, check_stride:
            PyTorch's, accepted (minigrad has one device, layout and
            contiguous strides only where numpy gives them).

    Example:
        >>> x = minigrad.tensor([1.0, 2.0])
        >>> minigrad.testing.assert_close(x * 3, minigrad.tensor([3.0, 6.0]))
    """
    if (rtol is None) != (atol is None):
        missing = "rtol" if rtol is None else "atol"
        raise ValueError(
            "Both 'rtol' and 'atol' must be either specified or omitted, but got "
            f"no {missing}."
        )
    _compare(actual, expected, "", rtol, atol, equal_nan, check_dtype, msg)


def _compare(actual, expected, where, rtol, atol, equal_nan, check_dtype, msg):
    """Compare one pair, or each pair of two sequences or mappings."""
    if isinstance(actual, (list, tuple)) and isinstance(expected, (list, tuple)):
        if len(actual) != len(expected):
            _fail(
                f"The length of the sequences mismatch: {len(actual)} != "
                f"{len(expected)}",
                where,
                msg,
            )
        for i, (a, e) in enumerate(zip(actual, expected)):
            _compare(a, e, f"{where}[{i}]", rtol, atol, equal_nan, check_dtype, msg)
        return
    if isinstance(actual, dict) and isinstance(expected, dict):
        if set(actual) != set(expected):
            _fail(
                f"The keys of the mappings do not match: {sorted(map(repr, actual))} "
                f"!= {sorted(map(repr, expected))}",
                where,
                msg,
            )
        for key in actual:
            _compare(
                actual[key],
                expected[key],
                f"{where}[{key!r}]",
                rtol,
                atol,
                equal_nan,
                check_dtype,
                msg,
            )
        return
    if isinstance(actual, Tensor) and isinstance(expected, Tensor):
        _compare_tensors(
            actual, expected, where, rtol, atol, equal_nan, check_dtype, msg
        )
    elif _is_number(actual) and _is_number(expected):
        _compare_numbers(actual, expected, where, rtol, atol, equal_nan, msg)
    else:
        raise TypeError(
            "No comparison pair was able to handle inputs of type "
            f"{type(actual)} and {type(expected)}."
        )


def _is_number(value):
    return isinstance(value, numbers.Number) and not isinstance(value, complex)


def _compare_tensors(actual, expected, where, rtol, atol, equal_nan, check_dtype, msg):
    if actual.shape != expected.shape:
        _fail(
            f"The values for attribute 'shape' do not match: {actual.shape} != "
            f"{expected.shape}.",
            where,
            msg,
        )
    a, e = actual.detach()._array(), expected.detach()._array()
    if check_dtype and a.dtype != e.dtype:
        _fail(
            f"The values for attribute 'dtype' do not match: {actual.dtype} != "
            f"{expected.dtype}.",
            where,
            msg,
        )
    if rtol is None:  # the looser of the two dtypes' tolerances
        rtol, atol = map(max, zip(_tolerance(a.dtype), _tolerance(e.dtype)))
    if a.dtype != e.dtype:  # (check_dtype=False: compared in a common dtype)
        common = np.result_type(a, e)
        a, e = a.astype(common), e.astype(common)
    close = np.isclose(a, e, rtol=rtol, atol=atol, equal_nan=equal_nan)
    if a.dtype.kind == "b":
        close = a == e
    if close.all():
        return
    if a.ndim == 0:  # a 0-d tensor fails as a number does
        _fail_numbers(a.item(), e.item(), rtol, atol, where, msg)
    exact = rtol == 0 and atol == 0
    numbers_a = a.astype(np.int64) if a.dtype.kind == "b" else a
    numbers_e = e.astype(np.int64) if e.dtype.kind == "b" else e
    abs_diff = np.abs(numbers_a - numbers_e)
    with np.errstate(divide="ignore", invalid="ignore"):
        rel_diff = abs_diff / np.abs(numbers_e)
        if rel_diff.dtype.kind == "f" and a.dtype.kind in "biu":
            rel_diff = rel_diff.astype(np.float32)  # (PyTorch: the default dtype)
    wrong = int((~close).sum())
    lines = [
        f"Tensor-likes are not {'equal' if exact else 'close'}!",
        "",
        f"Mismatched elements: {wrong} / {close.size} "
        f"({100 * wrong / close.size:.1f}%)",
        _greatest("absolute", abs_diff, None if exact else atol),
        _greatest("relative", rel_diff, None if exact else rtol),
    ]
    _fail("\n".join(lines), where, msg)


def _greatest(kind, diff, allowed):
    """The line "Greatest absolute difference: 0.1 at index (2,) (up to 1e-05
    allowed)": the largest difference (a nan first, as PyTorch's max)."""
    flat = diff.reshape(-1)
    nan = np.isnan(flat) if flat.dtype.kind == "f" else np.zeros(flat.shape, bool)
    at = int(np.argmax(nan)) if nan.any() else int(np.argmax(flat))
    index = tuple(int(i) for i in np.unravel_index(at, diff.shape))
    text = f"Greatest {kind} difference: {flat[at].item()} at index {index}"
    return text + ("" if allowed is None else f" (up to {allowed} allowed)")


def _compare_numbers(actual, expected, where, rtol, atol, equal_nan, msg):
    if type(actual) is not type(expected) and not (
        isinstance(actual, bool) is isinstance(expected, bool)
        and isinstance(actual, float) is isinstance(expected, float)
    ):
        _fail(
            f"The (d)types do not match: {type(actual)} != {type(expected)}.",
            where,
            msg,
        )
    if rtol is None:
        rtol, atol = (1e-7, 1e-7) if isinstance(actual, float) else (0.0, 0.0)
    if equal_nan and math.isnan(actual) and math.isnan(expected):
        return
    if actual == expected or abs(actual - expected) <= atol + rtol * abs(expected):
        return
    _fail_numbers(actual, expected, rtol, atol, where, msg)


def _fail_numbers(actual, expected, rtol, atol, where, msg):
    exact = rtol == 0 and atol == 0
    difference = abs(actual - expected)
    relative = difference / abs(expected) if expected != 0 else math.inf
    lines = [
        f"Scalars are not {'equal' if exact else 'close'}!",
        "",
        f"Expected {expected} but got {actual}.",
        f"Absolute difference: {difference}"
        + ("" if exact else f" (up to {atol} allowed)"),
        f"Relative difference: {relative}"
        + ("" if exact else f" (up to {rtol} allowed)"),
    ]
    _fail("\n".join(lines), where, msg)


def _tolerance(dtype):
    return _TOLERANCES.get(np.dtype(dtype), (0.0, 0.0))


def _fail(text, where, msg):
    if msg is not None:
        raise AssertionError(msg)
    if where:
        text += f"\n\nThe failure occurred for item {where}"
    raise AssertionError(text)
