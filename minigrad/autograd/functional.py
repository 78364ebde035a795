"""Whole derivatives of functions: jacobian, hessian, vjp, jvp.

Each is built from `autograd.grad` (backward passes), as in PyTorch's
`torch.autograd.functional`.
"""

import numpy as np

from . import grad_mode


def _prepare(inputs, create_graph):
    """Inputs that require grad: copies outside any outer graph, unless create_graph."""
    from ..tensor import Tensor

    is_tuple = isinstance(inputs, tuple)
    inputs = inputs if is_tuple else (inputs,)
    prepared = []
    for x in inputs:
        if not isinstance(x, Tensor):
            raise TypeError("The inputs given to the function must be Tensors")
        if create_graph and x.requires_grad:
            prepared.append(x.view_as(x))  # stays connected to the outer graph
        else:
            prepared.append(x.detach().requires_grad_(True))
    return is_tuple, tuple(prepared)


def _grads(output, inputs, grad_output, create_graph, strict_output=None):
    """The gradients of `output` (times `grad_output`) for each input, zeros
    where it does not depend on one; `strict_output`: the output's index, to
    refuse that instead (jacobian's strict mode, PyTorch's errors)."""
    from ..creation import zeros_like
    from . import grad as autograd_grad

    if not output.requires_grad:
        return tuple(zeros_like(x) for x in inputs)
    grads = autograd_grad(
        output,
        inputs,
        grad_outputs=grad_output,
        retain_graph=True,
        create_graph=create_graph,
        allow_unused=True,
    )
    if strict_output is not None:
        for i, g in enumerate(grads):
            if g is None:
                raise RuntimeError(
                    f"Output {strict_output} of the user-provided function is "
                    f"independent of input {i}. This is not allowed in strict mode."
                )
            if create_graph and not g.requires_grad:
                raise RuntimeError(
                    "The jacobian of the user-provided function is independent of "
                    f"input {strict_output}. This is not allowed in strict mode when "
                    "create_graph=True."
                )
    return tuple(g if g is not None else zeros_like(x) for g, x in zip(grads, inputs))


def _check_strict_outputs(outputs):
    """jacobian's strict mode: every output must depend on the inputs."""
    for i, out in enumerate(outputs):
        if not out.requires_grad:
            raise RuntimeError(
                f"Output {i} of the user-provided function does not require "
                "gradients. The outputs must be computed in a differentiable manner "
                "from the input when running in strict mode."
            )


def jacobian(
    func,
    inputs,
    create_graph=False,
    strict=False,
    vectorize=False,
    strategy="reverse-mode",
):
    """The Jacobian of `func` at `inputs`.

    Args:
        func: a function of tensors returning a tensor or a tuple of tensors.
        inputs: a tensor or a tuple of tensors.
        create_graph: make the result differentiable (for higher derivatives).
        strict: raise (as PyTorch) where an output does not depend on an
            input, instead of giving zeros there.
        vectorize, strategy: PyTorch's ways of computing the same matrix
            (checked as PyTorch checks them); minigrad computes it one
            backward pass per output element either way.

    Returns:
        For one input and one output, a tensor of shape output.shape +
        input.shape; a tuple over inputs and/or outputs otherwise.

    Example:
        >>> jacobian(lambda x: x ** 2, minigrad.tensor([1., 2.]))  # doctest: +SKIP
        tensor([[2., 0.],
                [0., 4.]])
    """
    from ..functions import stack
    from ..tensor import Tensor

    _check_strategy(strategy, vectorize)
    is_tuple_in, xs = _prepare(inputs, create_graph)
    with grad_mode.enable_grad():
        outputs = func(*xs)
    is_tuple_out = isinstance(outputs, tuple)
    outputs = _as_outputs(outputs, "jacobian")
    if strict:
        _check_strict_outputs(outputs)
        if vectorize:
            raise RuntimeError(
                "torch.autograd.functional.jacobian: `strict=True` and "
                "`vectorized=True` are not supported together. Please either set "
                "`strict=False` or `vectorize=False`."
            )
    result = []
    for n, out in enumerate(outputs):
        rows = [[] for _ in xs]
        for k in range(out.numel()):
            onehot = np.zeros(out.numel(), dtype=out._data.dtype)
            onehot[k] = 1
            grads = _grads(
                out,
                xs,
                Tensor._make(onehot.reshape(out.shape)),
                create_graph,
                n if strict else None,
            )
            for i, g in enumerate(grads):
                rows[i].append(g)
        per_input = []
        for i, x in enumerate(xs):
            if rows[i]:
                jac = stack(rows[i]).reshape(tuple(out.shape) + tuple(x.shape))
            else:
                jac = Tensor._make(
                    np.zeros(tuple(out.shape) + tuple(x.shape), x._data.dtype)
                )
            per_input.append(jac if create_graph else jac.detach())
        result.append(tuple(per_input) if is_tuple_in else per_input[0])
    return tuple(result) if is_tuple_out else result[0]


def hessian(
    func,
    inputs,
    create_graph=False,
    strict=False,
    vectorize=False,
    outer_jacobian_strategy="reverse-mode",
):
    """The Hessian (matrix of second derivatives) of a scalar function `func`.

    Args:
        func: a function of tensors returning a one-element tensor.
        inputs: a tensor or a tuple of tensors.
        create_graph: make the result differentiable (for higher derivatives).
        strict: accepted for PyTorch's signature; not used.
        vectorize, outer_jacobian_strategy: as `jacobian`'s.

    Returns:
        For one input, a tensor of shape input.shape + input.shape; for a tuple
        of inputs, a tuple of tuples H[i][j].

    Example:
        >>> x = minigrad.tensor([1., 2.])  # doctest: +SKIP
        >>> hessian(lambda x: (x ** 3).sum(), x)
        tensor([[ 6.,  0.],
                [ 0., 12.]])
    """
    _check_strategy(outer_jacobian_strategy, vectorize)
    is_tuple, xs = _prepare(inputs, True)

    def gradient(*args):
        out = func(*args)
        if out.numel() != 1:
            raise RuntimeError(
                f"The function given to hessian should return a single element Tensor, "
                f"but it returned a Tensor of shape {out.shape}"
            )
        grads = jacobian(func, args, create_graph=True)
        return tuple(g.reshape(a.shape) for g, a in zip(grads, args))

    result = jacobian(gradient, xs, create_graph=create_graph)
    return result if is_tuple else result[0][0]


def vjp(func, inputs, v=None, create_graph=False, strict=False):
    """The vector-Jacobian product vᵀJ of `func` at `inputs`: one backward pass.

    Args:
        func: a function of tensors returning a tensor or a tuple of tensors.
        inputs: a tensor or a tuple of tensors.
        v: tensors shaped like func's outputs (may be None for one element).
        create_graph: make the result differentiable (for higher derivatives).
        strict: accepted for PyTorch's signature; not used.

    Returns:
        `(func(inputs), vjp)`, with vjp shaped like the inputs.

    Example:
        >>> x = minigrad.tensor([1., 2.])  # doctest: +SKIP
        >>> vjp(lambda x: x ** 2, x, minigrad.tensor([1., 0.]))[1]
        tensor([2., 0.])
    """
    is_tuple, xs = _prepare(inputs, create_graph)
    with grad_mode.enable_grad():
        out = func(*xs)
    outs = _as_outputs(out, "vjp")
    if v is None and (len(outs) != 1 or outs[0].numel() != 1):
        raise RuntimeError(
            "The vector v can only be None if the user-provided function returns a "
            "single Tensor with a single element."
        )
    vs = v if isinstance(v, tuple) else (v,)
    if len(vs) != len(outs):
        raise RuntimeError(
            f"v is a tuple of invalid length: should be {len(outs)} but got "
            f"{len(vs)} (one tensor per output of the function)."
        )
    grads = _grads_of_tuple(outs, xs, vs, create_graph)
    if not create_graph:
        outs, grads = _detached(outs), _detached(grads)
    return (outs if isinstance(out, tuple) else outs[0]), (
        grads if is_tuple else grads[0]
    )


def jvp(func, inputs, v=None, create_graph=False, strict=False):
    """The Jacobian-vector product Jv of `func` at `inputs`.

    Computed with the double-backward trick, as PyTorch's is: g(u) = uᵀJ is
    linear in u, so the vector-Jacobian product of g with v is (Jv)ᵀ. Two
    backward passes, the first recorded (lesson 19 shows its graph).

    Args:
        func: a function of tensors returning a tensor or a tuple of tensors.
        inputs: a tensor or a tuple of tensors.
        v: tensors shaped like the inputs (may be None for one element).
        create_graph: make the result differentiable (for higher derivatives).
        strict: accepted for PyTorch's signature; not used.

    Returns:
        `(func(inputs), jvp)`, with jvp shaped like the output(s).

    Example:
        >>> x = minigrad.tensor([1., 2.])  # doctest: +SKIP
        >>> jvp(lambda x: x ** 2, x, minigrad.tensor([1., 0.]))[1]
        tensor([2., 0.])
    """
    from ..creation import zeros_like
    from . import grad as autograd_grad

    is_tuple, xs = _prepare(inputs, create_graph)
    vs = v if isinstance(v, tuple) else (v,)
    if v is None:
        if any(x.numel() != 1 for x in xs):
            raise RuntimeError(
                "The vector v can only be None if the input to the user-provided "
                "function is a single Tensor with a single element."
            )
        from ..creation import ones_like

        vs = tuple(ones_like(x) for x in xs)
    with grad_mode.enable_grad():
        out = func(*xs)
        outs = _as_outputs(out, "jvp")
        us = tuple(zeros_like(o).requires_grad_(True) for o in outs)
        vjps = _grads_of_tuple(outs, xs, us)
        # Only the vector-Jacobian products that depend on u carry information.
        pairs = [(g, w) for g, w in zip(vjps, vs) if g.requires_grad]
        result = (None,) * len(us)
        if pairs:
            result = autograd_grad(
                [g for g, _ in pairs],
                us,
                grad_outputs=[w for _, w in pairs],
                create_graph=create_graph,
                allow_unused=True,
            )
    result = tuple(zeros_like(o) if r is None else r for r, o in zip(result, outs))
    if not create_graph:
        outs, result = _detached(outs), _detached(result)
    if isinstance(out, tuple):
        return outs, result
    return outs[0], result[0]


def _as_outputs(out, name):
    """What func returned, as a tuple of tensors (PyTorch's TypeError else)."""
    from ..tensor import Tensor

    outs = out if isinstance(out, tuple) else (out,)
    if not all(isinstance(o, Tensor) for o in outs):
        raise TypeError(
            f"The outputs of the user-provided function given to {name} must be "
            "either a Tensor or a tuple of Tensors"
        )
    return outs


def _detached(tensors):
    return tuple(t.detach() for t in tensors)


def vhp(func, inputs, v=None, create_graph=False, strict=False):
    """The vector-Hessian product vᵀH of a scalar `func` at `inputs`: the
    `vjp` of func's gradient (two backward passes).

    Args:
        func: a function of tensors returning a one-element tensor.
        inputs: a tensor or a tuple of tensors.
        v: tensors shaped like the inputs (may be None for one element).
        create_graph: make the result differentiable (for higher derivatives).
        strict: accepted for PyTorch's signature; not used.

    Returns:
        `(func(inputs), vhp)`, with vhp shaped like the inputs.

    Example:
        >>> f = lambda x: (x ** 3).sum()  # doctest: +SKIP
        >>> vhp(f, minigrad.tensor([1., 2.]), minigrad.tensor([1., 0.]))[1]
        tensor([6., 0.])
    """
    return _second_order(func, inputs, v, create_graph, "vhp")


def hvp(func, inputs, v=None, create_graph=False, strict=False):
    """The Hessian-vector product Hv of a scalar `func` at `inputs`: the `jvp`
    of func's gradient, as PyTorch computes it (equal to `vhp` when the
    second derivatives are continuous, H being symmetric then).

    Args:
        func: a function of tensors returning a one-element tensor.
        inputs: a tensor or a tuple of tensors.
        v: tensors shaped like the inputs (may be None for one element).
        create_graph: make the result differentiable (for higher derivatives).
        strict: accepted for PyTorch's signature; not used.

    Returns:
        `(func(inputs), hvp)`, with hvp shaped like the inputs.

    Example:
        >>> f = lambda x: (x ** 3).sum()  # doctest: +SKIP
        >>> hvp(f, minigrad.tensor([1., 2.]), minigrad.tensor([1., 0.]))[1]
        tensor([6., 0.])
    """
    return _second_order(func, inputs, v, create_graph, "hvp")


def _second_order(func, inputs, v, create_graph, name):
    """vᵀH (`vhp`: one more backward pass through func's gradient g) or Hv
    (`hvp`: the double-backward trick of `jvp` applied to g), with func's value."""
    from ..creation import zeros_like
    from . import grad as autograd_grad

    is_tuple, xs = _prepare(inputs, create_graph)
    if v is None:
        if any(x.numel() != 1 for x in xs):
            raise RuntimeError(
                "The vector v can only be None if the input to the user-provided "
                "function is a single Tensor with a single element."
            )
        vs = tuple(x.new_ones(x.shape) for x in xs)
    else:
        vs = v if isinstance(v, tuple) else (v,)
        if len(vs) != len(xs):
            raise RuntimeError(
                f"v is a tuple of invalid length: should be {len(xs)} but got "
                f"{len(vs)} (one tensor per input)."
            )
        for w, x in zip(vs, xs):
            if w.shape != x.shape:
                raise RuntimeError(
                    f"v has invalid size: should be {x.shape} but got {w.shape}."
                )
    with grad_mode.enable_grad():
        out = func(*xs)
        if not hasattr(out, "numel") or out.numel() != 1:
            raise RuntimeError(
                f"The Tensor returned by the function given to {name} should "
                "contain a single element (reduce it, e.g. with .sum())"
            )
        grads = _grads(out, xs, None, True)  # g, recorded
        if name == "hvp":  # g(x)ᵀu is linear in u: its vjp with v is (Hv)ᵀ
            us = tuple(zeros_like(g).requires_grad_(True) for g in grads)
            grads = _grads_of_tuple(grads, xs, us)
            xs_or_us = us
        else:
            xs_or_us = xs
        pairs = [(g, w) for g, w in zip(grads, vs) if g.requires_grad]
        result = [None] * len(xs)
        if pairs:
            result = autograd_grad(
                [g for g, _ in pairs],
                xs_or_us,
                grad_outputs=[w for _, w in pairs],
                create_graph=create_graph,
                allow_unused=True,
            )
    result = tuple(
        zeros_like(x) if r is None else r if create_graph else r.detach()
        for r, x in zip(result, xs)
    )
    out = out if create_graph else out.detach()
    return out, (result if is_tuple else result[0])


def _grads_of_tuple(outputs, inputs, grad_outputs, create_graph=True):
    """d(Σ outputsᵢ · grad_outputsᵢ)/d inputs, recorded unless not
    `create_graph` (zeros where unused)."""
    from ..creation import zeros_like
    from . import grad as autograd_grad

    pairs = [(o, u) for o, u in zip(outputs, grad_outputs) if o.requires_grad]
    if not pairs:
        return tuple(zeros_like(x) for x in inputs)
    grads = autograd_grad(
        [o for o, _ in pairs],
        inputs,
        grad_outputs=[u for _, u in pairs],
        retain_graph=True,
        create_graph=create_graph,
        allow_unused=True,
    )
    return tuple(g if g is not None else zeros_like(x) for g, x in zip(grads, inputs))


def _check_strategy(strategy, vectorize):
    """PyTorch's checks of jacobian's `strategy` (hessian's
    `outer_jacobian_strategy`): the result does not depend on it."""
    if strategy not in ("forward-mode", "reverse-mode"):
        raise AssertionError(  # (PyTorch's type: its check is an assert)
            'Expected strategy to be either "forward-mode" or "reverse-mode", '
            f"not {strategy!r}."
        )
    if strategy == "forward-mode" and not vectorize:
        raise NotImplementedError(
            "Computing Jacobian using forward-AD or forward-over-reverse Hessian is "
            "only implemented for `vectorize=True`."
        )
