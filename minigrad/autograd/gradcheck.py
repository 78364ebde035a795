"""Gradient checking: compare backward's gradients with finite differences.

`gradcheck` builds two Jacobians for every (output, input) pair: the
*analytical* one, row by row from backward passes, and the *numerical* one,
column by column from central differences (f(x + eps) - f(x - eps)) / 2eps.
It returns a `GradcheckReport` that lists every element, is truthy when all
agree, and draws the widgets' gradcheck plots from the same numbers.
"""

import warnings
from dataclasses import dataclass

import numpy as np

from . import grad_mode


class GradcheckError(RuntimeError):
    """Raised by `gradcheck` when a gradient disagrees with finite differences."""


@dataclass
class GradcheckEntry:
    """One Jacobian element: d output[output_element] / d input[input_element]."""

    output_index: int
    input_index: int
    output_element: tuple
    input_element: tuple
    analytical: float
    numerical: float
    abs_error: float
    rel_error: float
    passed: bool

    @property
    def element_index(self):
        """The index of the input element this entry differentiates by."""
        return self.input_element


class GradcheckReport:
    """The result of `gradcheck`: truthy when every Jacobian element agrees.

    It prints as `True` or `False`, as PyTorch's `gradcheck` result does;
    `report.table()` and the attributes below hold the detail.

    Attributes:
        entries: a `GradcheckEntry` for every Jacobian element.
        analytical: `analytical[i]`, the Jacobian with respect to input i from
            backward (rows: the elements of all outputs, one after the other;
            columns: the elements of input i), None for unchecked inputs.
        numerical: the same from central differences.
        eps, atol, rtol: the settings used.
    """

    def __init__(self, entries, analytical, numerical, eps, atol, rtol):
        self.entries = entries
        self.analytical = analytical
        self.numerical = numerical
        self.eps, self.atol, self.rtol = eps, atol, rtol

    def __bool__(self):
        return all(e.passed for e in self.entries)

    def __eq__(self, other):
        # `gradcheck(...) == True`, as with PyTorch's bool (`is True` can't hold)
        if isinstance(other, bool):
            return bool(self) == other
        return NotImplemented

    __hash__ = object.__hash__

    @property
    def failures(self):
        """The entries that did not pass."""
        return [e for e in self.entries if not e.passed]

    @property
    def max_abs_error(self):
        """The largest |analytical - numerical| over all elements."""
        return max((e.abs_error for e in self.entries), default=0.0)

    def table(self, only_failures=False, limit=20):
        """The entries as a readable text table."""
        rows = self.failures if only_failures else self.entries
        lines = [
            f"{'output':>6} {'input':>5} {'d out[.]':>10} {'/ d in[.]':>10} "
            f"{'analytical':>12} {'numerical':>12} {'abs err':>10}  ok"
        ]
        for e in rows[:limit]:
            lines.append(
                f"{e.output_index:>6} {e.input_index:>5} "
                f"{str(e.output_element):>10} {str(e.input_element):>10} "
                f"{e.analytical:>12.6g} {e.numerical:>12.6g} "
                f"{e.abs_error:>10.3g}  {'yes' if e.passed else 'NO'}"
            )
        if len(rows) > limit:
            lines.append(f"... and {len(rows) - limit} more")
        return "\n".join(lines)

    def __repr__(self):
        # Printed, it reads as PyTorch's gradcheck result does (True or False),
        # so code written for PyTorch prints the same; .table() has the detail.
        return repr(bool(self))


def _as_tuple(x):
    if isinstance(x, list):
        return tuple(x)
    return x if isinstance(x, tuple) else (x,)


def _outputs(func, inputs):
    """`func(*inputs)` as a tuple of tensors; any other output is refused.

    A float (`x.sum().item()`) has no gradient to check. PyTorch then fails
    with AttributeError ("'float' object has no attribute 'requires_grad'");
    minigrad raises the same type, saying why and what to return instead.
    """
    from ..tensor import Tensor

    outputs = _as_tuple(func(*inputs))
    for position, out in enumerate(outputs):
        if not isinstance(out, Tensor):
            kind = type(out).__name__
            what = "None" if out is None else f"a {kind}"
            raise AttributeError(
                f"'{kind}' object has no attribute 'requires_grad': the function "
                f"given to gradcheck returned {what} (output {position}), not a "
                "Tensor, so it has no gradient to check. Return tensors, e.g. "
                "`x.sum()` rather than `x.sum().item()` or `float(x.sum())`."
            )
    return outputs


def numerical_jacobians(func, inputs, eps):
    """Central-difference Jacobians `[o][i]` (output elements x input elements)."""
    from ..tensor import Tensor

    with grad_mode.no_grad():
        outputs = [o._data.astype(np.float64) for o in _outputs(func, inputs)]
    jacobians = [[None] * len(inputs) for _ in outputs]
    for i, x in enumerate(inputs):
        if not (isinstance(x, Tensor) and x.requires_grad):
            continue
        # Each element is changed where it lies, through its index: a flat
        # reshape would be a copy for a transposed input (and for a 0-d one held
        # as a numpy scalar), so func would never see the change.
        data = x._array()
        columns = [np.zeros((out.size, x.numel())) for out in outputs]
        for k in range(x.numel()):
            where = np.unravel_index(k, data.shape)  # element k in row-major order
            original = data[where].copy()
            with grad_mode.no_grad():
                data[where] = original + eps
                plus = [o._data.astype(np.float64) for o in _outputs(func, inputs)]
                data[where] = original - eps
                minus = [o._data.astype(np.float64) for o in _outputs(func, inputs)]
            data[where] = original
            for o in range(len(outputs)):
                columns[o][:, k] = ((plus[o] - minus[o]) / (2 * eps)).reshape(-1)
        for o in range(len(outputs)):
            jacobians[o][i] = columns[o]
    return jacobians


def analytical_jacobians(func, inputs):
    """Jacobians `[o][i]` built row by row with backward passes (autograd.grad)."""
    from ..tensor import Tensor
    from . import grad as autograd_grad

    outputs = _outputs(func, inputs)
    wanted = [
        i for i, x in enumerate(inputs) if isinstance(x, Tensor) and x.requires_grad
    ]
    jacobians = [[None] * len(inputs) for _ in outputs]
    for o, out in enumerate(outputs):
        rows = {i: np.zeros((out.numel(), inputs[i].numel())) for i in wanted}
        if out.requires_grad:
            for k in range(out.numel()):
                onehot = np.zeros(out.numel(), dtype=out._data.dtype)
                onehot[k] = 1
                grads = autograd_grad(
                    out,
                    [inputs[i] for i in wanted],
                    grad_outputs=Tensor._make(onehot.reshape(out.shape)),
                    retain_graph=True,
                    allow_unused=True,
                )
                for i, g in zip(wanted, grads):
                    if g is not None:
                        rows[i][k] = g._data.reshape(-1)
        for i in wanted:
            jacobians[o][i] = rows[i]
    return jacobians


def gradcheck(
    func,
    inputs,
    *,
    eps=1e-6,
    atol=1e-5,
    rtol=1e-3,
    raise_exception=True,
    nondet_tol=0.0,
    check_undefined_grad=True,
    check_grad_dtypes=False,
    check_batched_grad=False,
    check_batched_forward_grad=False,
    check_forward_ad=False,
    check_backward_ad=True,
    fast_mode=False,
    masked=None,
):
    """Check the gradients of `func` at `inputs` against finite differences.

    Args:
        func: a function of tensors returning a tensor or a tuple of tensors.
        inputs: a tensor or a tuple of tensors; those with requires_grad are checked.
            Use float64: in float32 the differences drown in round-off.
        eps: the finite-difference step.
        atol, rtol: an element passes when |analytical - numerical| <=
            atol + rtol * |numerical|.
        raise_exception: raise `GradcheckError` with a table on failure (the
            default, as in PyTorch); otherwise just return the report.
        fast_mode: accepted for PyTorch's API. PyTorch's fast mode checks one
            random projection of the Jacobian; minigrad always runs the full,
            element-by-element check (slower, and it says which element fails).
        nondet_tol, check_undefined_grad, check_grad_dtypes, masked: accepted
            for PyTorch's API with no effect: minigrad's backward is
            deterministic (nothing for nondet_tol to tolerate), and its
            gradients always have their input's dtype.
        check_backward_ad: must stay True (the backward is what is checked).
        check_forward_ad, check_batched_grad, check_batched_forward_grad:
            checks minigrad has no machinery for; True raises
            NotImplementedError rather than pretending to check.

    Returns:
        A `GradcheckReport` (truthy when all elements pass).

    Example:
        >>> x = minigrad.randn(3, dtype=minigrad.float64, requires_grad=True)
        >>> bool(minigrad.autograd.gradcheck(lambda x: (x * x).sum(), (x,)))
        True
    """
    from ..tensor import Tensor

    _refuse_unsupported(
        check_forward_ad=(check_forward_ad, False),
        check_batched_grad=(check_batched_grad, False),
        check_batched_forward_grad=(check_batched_forward_grad, False),
        check_backward_ad=(check_backward_ad, True),
    )
    inputs = _as_tuple(inputs)
    checked = [
        i for i, x in enumerate(inputs) if isinstance(x, Tensor) and x.requires_grad
    ]
    if not checked:
        raise ValueError(
            "gradcheck expects at least one input tensor to require gradient, but none "
            "of them have requires_grad=True."
        )
    for i in checked:
        if inputs[i].dtype.name != "float64":
            warnings.warn(
                f"Input #{i} requires gradient and is not a double precision floating "
                "point. The check will likely fail if all the inputs are not of double "
                "precision floating point.",
                UserWarning,
                stacklevel=2,
            )
    analytical = analytical_jacobians(func, inputs)
    numerical = numerical_jacobians(func, inputs, eps)
    entries = []
    for o in range(len(analytical)):
        for i in checked:
            a, n = analytical[o][i], numerical[o][i]
            out_shape = _outputs(func, inputs)[o].shape if a.size else ()
            for (k, j), value in np.ndenumerate(a):
                num = n[k, j]
                err = abs(value - num)
                entries.append(
                    GradcheckEntry(
                        o,
                        i,
                        tuple(int(v) for v in np.unravel_index(k, out_shape))
                        if out_shape
                        else (),
                        tuple(int(v) for v in np.unravel_index(j, inputs[i].shape))
                        if inputs[i].dim()
                        else (),
                        float(value),
                        float(num),
                        float(err),
                        float(err / abs(num)) if num != 0 else float(err),
                        bool(err <= atol + rtol * abs(num)),
                    )
                )

    def per_input(jacobians):
        # As PyTorch does: one Jacobian per input, the outputs' rows stacked.
        return [
            np.vstack([jacobians[o][i] for o in range(len(jacobians))])
            if i in checked
            else None
            for i in range(len(inputs))
        ]

    report = GradcheckReport(
        entries, per_input(analytical), per_input(numerical), eps, atol, rtol
    )
    if not report and raise_exception:
        first = report.failures[0]
        raise GradcheckError(
            f"Jacobian mismatch for output {first.output_index} with respect to input "
            f"{first.input_index},\n"
            f"numerical:{numerical[first.output_index][first.input_index]}\n"
            f"analytical:{analytical[first.output_index][first.input_index]}\n\n"
            "Elements that failed (|analytical - numerical| > atol + rtol * "
            f"|numerical|, atol={atol}, rtol={rtol}):\n"
            f"{report.table(only_failures=True)}"
        )
    return report


def gradgradcheck(
    func,
    inputs,
    grad_outputs=None,
    *,
    eps=1e-6,
    atol=1e-5,
    rtol=1e-3,
    gen_non_contig_grad_outputs=False,
    raise_exception=True,
    nondet_tol=0.0,
    check_undefined_grad=True,
    check_grad_dtypes=False,
    check_batched_grad=False,
    check_fwd_over_rev=False,
    check_rev_over_rev=True,
    fast_mode=False,
    masked=False,
):
    """Check second derivatives: gradcheck of the gradient of `func`.

    The gradient is taken as a vector-Jacobian product with `grad_outputs`
    (random float64 tensors by default), with `create_graph=True`.

    PyTorch's other keyword arguments are accepted as `gradcheck` takes them
    (fast_mode runs the full check; gen_non_contig_grad_outputs has no
    meaning for numpy-backed tensors); check_batched_grad and
    check_fwd_over_rev raise NotImplementedError, check_rev_over_rev must
    stay True.

    Returns:
        A `GradcheckReport` for the function (inputs, grad_outputs) -> gradients.
    """
    from ..creation import randn
    from . import grad as autograd_grad

    _refuse_unsupported(
        check_batched_grad=(check_batched_grad, False),
        check_fwd_over_rev=(check_fwd_over_rev, False),
        check_rev_over_rev=(check_rev_over_rev, True),
    )
    inputs = _as_tuple(inputs)
    with grad_mode.no_grad():
        outputs = _outputs(func, inputs)
    if grad_outputs is None:
        grad_outputs = tuple(
            randn(o.shape, dtype=o.dtype, requires_grad=True) for o in outputs
        )
    grad_outputs = _as_tuple(grad_outputs)
    n = len(inputs)
    diff_positions = [i for i, x in enumerate(inputs) if x.requires_grad]

    def first_derivatives(*args):
        xs, vs = args[:n], args[n:]
        # Recorded even when gradcheck evaluates us under no_grad (numerically).
        with grad_mode.enable_grad():
            outs = _outputs(func, xs)
            grads = autograd_grad(
                outs,
                [xs[i] for i in diff_positions],
                grad_outputs=vs,
                create_graph=True,
                allow_unused=True,
            )
        from ..creation import zeros_like

        return tuple(
            g if g is not None else zeros_like(xs[i])
            for g, i in zip(grads, diff_positions)
        )

    return gradcheck(
        first_derivatives,
        inputs + grad_outputs,
        eps=eps,
        atol=atol,
        rtol=rtol,
        raise_exception=raise_exception,
    )


def _refuse_unsupported(**given):
    """Raise for a PyTorch gradcheck option minigrad cannot honour (issue 12).

    Args:
        given: option name -> (the value given, the one value minigrad honours).
    """
    for name, (value, honoured) in given.items():
        if bool(value) != honoured:
            raise NotImplementedError(
                f"gradcheck: minigrad can't honour {name}={value!r} (it checks "
                f"reverse-mode gradients only); leave it at {honoured}"
            )
