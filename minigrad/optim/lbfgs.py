"""`optim.LBFGS`: limited-memory BFGS, a quasi-Newton method (PyTorch's port
of minFunc, the Lua torch/optim code, followed line by line).

Gradient descent steps along -g. Newton's method steps along -H^-1 g, H the
matrix of second derivatives (the Hessian): on a quadratic bowl that lands at
the bottom in one step, however stretched the bowl. H is too big to build for
a model, so BFGS *learns* H^-1 from what each step showed: a step s (the
change of x) changed the gradient by y, and the curvature along s is y.s.
L-BFGS keeps only the last `history_size` pairs (s, y) and applies its H^-1
to g with the "two-loop recursion", never forming a matrix:

    q = -g
    for i from newest to oldest:   a_i = rho_i * s_i.q ;  q = q - a_i * y_i
    r = H_diag * q                 (H_diag = y.s / y.y of the newest pair)
    for i from oldest to newest:   b_i = rho_i * y_i.r ;  r = r + (a_i - b_i) * s_i
    d = r                          (rho_i = 1 / y_i.s_i)

A pair is kept only if y.s > 1e-10: along a step where the slope did not grow
the function is not bowl-shaped, and the pair would spoil H^-1.

Then the parameters move by t * d. With `line_search_fn=None`, t is `lr`
(the very first iteration uses `lr * min(1, 1 / sum|g|)`, as d = -g is not yet
scaled by any curvature). With "strong_wolfe", t is searched along d until
both strong Wolfe conditions hold (f0, g0 at t = 0):

    f(x + t d) <= f0 + c1 * t * g0.d      (Armijo: f went down enough)
    |g(x + t d).d| <= c2 * |g0.d|         (the slope along d has flattened)

first by growing t until an interval must hold such a t ("bracketing"), then
by shrinking the interval ("zoom"); each new t is the minimum of the cubic
through the two ends' values and slopes (`_cubic_interpolate`).

One `step(closure)` runs up to `max_iter` of these iterations, calling the
closure (loss and gradients at the current parameters) up to about
`max_eval` times, and stops early when the gradient, the step or the change
of loss is below the tolerances. All parameters are handled as one flat
vector: their gradients concatenated, the direction d cut back into pieces.

The vectors are plain numpy arrays, as in the other optimizers (see
optimizer.py); the numbers (dot products, t) are numpy scalars of the
parameters' dtype, which combine with Python floats as PyTorch's 0-d tensors
do (float32 stays float32). The state keeps tensors, as PyTorch's does.
"""

import numpy as np

import minigrad
from minigrad.tensor import Tensor

from .optimizer import Optimizer, changed_in_place, constant, state_tensor, values


def _cubic_interpolate(x1, f1, g1, x2, f2, g2, bounds=None):
    """The minimum of the cubic through (x1, f1) and (x2, f2) with slopes g1, g2.

    The minimum is clipped to `bounds` (default: between x1 and x2); when the
    cubic has no turning point (d2_square < 0) the middle of the bounds is
    taken.

    Args:
        x1, x2: two step lengths along the search direction.
        f1, f2: the loss at x1 and x2.
        g1, g2: the slope (directional derivative) at x1 and x2.
        bounds: (low, high) to keep the result in, or None.

    Returns:
        The step length of the minimum (a number).

    Example:
        >>> # f(x) = (x - 0.5) ** 2 + 0.25 seen at x = 0 and x = 1: minimum at 0.5
        >>> float(_cubic_interpolate(0, 0.5, np.float64(-1), 1, 0.5, np.float64(1)))
        0.5
    """
    if bounds is not None:
        xmin_bound, xmax_bound = bounds
    else:
        xmin_bound, xmax_bound = (x1, x2) if x1 <= x2 else (x2, x1)

    # For x2 the farthest point, the minimum of the cubic is at
    #   d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2)
    #   d2 = sqrt(d1 ** 2 - g1 * g2)
    #   min_pos = x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
    # PyTorch divides by zero silently (inf, nan): numpy is told not to warn.
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2)
        d2_square = d1**2 - g1 * g2
        if d2_square >= 0:
            d2 = np.sqrt(d2_square)
            if x1 <= x2:
                min_pos = x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
            else:
                min_pos = x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2))
            return min(max(min_pos, xmin_bound), xmax_bound)
        else:
            return (xmin_bound + xmax_bound) / 2.0


def _strong_wolfe(
    obj_func, x, t, d, f, g, gtd, c1=1e-4, c2=0.9, tolerance_change=1e-9, max_ls=25
):
    """Search a step length t along d that meets the strong Wolfe conditions.

    Args:
        obj_func: `obj_func(x, t, d)` returns the loss and the flat gradient at
            x + t * d (and leaves the parameters at x).
        x: the parameters' values at t = 0 (one array per parameter).
        t: the first step length to try.
        d: the search direction (flat array).
        f, g, gtd: the loss, the flat gradient and g.d at t = 0.
        c1: how much f must go down (Armijo condition).
        c2: how much the slope must flatten (curvature condition).
        tolerance_change: stop when the interval is shorter than this (times
            max|d|).
        max_ls: how many evaluations may follow the first trial (so up to
            max_ls + 1 in all, as in PyTorch).

    Returns:
        (loss, flat gradient, t, number of evaluations), at the best t found.

    Example:
        >>> def obj_func(x, t, d):  # f(z) = z * z along d from x
        ...     z = x + t * d
        ...     return float(z @ z), 2 * z
        >>> x, d = np.array([1.0]), np.array([-1.0])
        >>> # t = 0.05 is too timid (the slope is still steep): grows to 0.5
        >>> f, g, t, evals = _strong_wolfe(obj_func, x, 0.05, d, 1.0, 2 * x, -2.0)
        >>> float(t), evals, f
        (0.5, 2, 0.25)
    """
    d_norm = np.abs(d).max()
    # (PyTorch clones g and the g_new it keeps: the arrays here are never
    # changed in place, so they need no copies.)
    # evaluate objective and gradient using initial step
    f_new, g_new = obj_func(x, t, d)
    ls_func_evals = 1
    gtd_new = g_new.dot(d)

    # Bracketing: grow t until [t_prev, t] holds a point meeting the conditions.
    t_prev, f_prev, g_prev, gtd_prev = 0, f, g, gtd
    done = False
    ls_iter = 0
    while ls_iter < max_ls:
        # f went up (or not down enough): a minimum lies before t.
        if f_new > (f + c1 * t * gtd) or (ls_iter > 1 and f_new >= f_prev):
            bracket = [t_prev, t]
            bracket_f = [f_prev, f_new]
            bracket_g = [g_prev, g_new]
            bracket_gtd = [gtd_prev, gtd_new]
            break

        # Both conditions hold at t: done.
        if abs(gtd_new) <= -c2 * gtd:
            bracket = [t]
            bracket_f = [f_new]
            bracket_g = [g_new]
            done = True
            break

        # The slope turned upwards: a minimum lies between t_prev and t.
        if gtd_new >= 0:
            bracket = [t_prev, t]
            bracket_f = [f_prev, f_new]
            bracket_g = [g_prev, g_new]
            bracket_gtd = [gtd_prev, gtd_new]
            break

        # Still going down: try further, between 1.01 t and 10 t.
        min_step = t + 0.01 * (t - t_prev)
        max_step = t * 10
        tmp = t
        t = _cubic_interpolate(
            t_prev, f_prev, gtd_prev, t, f_new, gtd_new, bounds=(min_step, max_step)
        )

        # next step
        t_prev = tmp
        f_prev = f_new
        g_prev = g_new
        gtd_prev = gtd_new
        f_new, g_new = obj_func(x, t, d)
        ls_func_evals += 1
        gtd_new = g_new.dot(d)
        ls_iter += 1

    # reached max number of iterations?
    if ls_iter == max_ls:
        bracket = [0, t]
        bracket_f = [f, f_new]
        bracket_g = [g, g_new]

    # Zoom: shrink the bracket around a point meeting the conditions.
    insuf_progress = False
    # find high and low points in bracket
    low_pos, high_pos = (0, 1) if bracket_f[0] <= bracket_f[-1] else (1, 0)
    while not done and ls_iter < max_ls:
        # line-search bracket is so small
        if abs(bracket[1] - bracket[0]) * d_norm < tolerance_change:
            break

        # compute new trial value
        t = _cubic_interpolate(
            bracket[0],
            bracket_f[0],
            bracket_gtd[0],
            bracket[1],
            bracket_f[1],
            bracket_gtd[1],
        )

        # A t very close to an end of the bracket shrinks it by very little.
        # If that happens twice in a row, or t is at (or past) an end, take
        # the point 0.1 of the bracket's length away from the nearest end.
        eps = 0.1 * (max(bracket) - min(bracket))
        if min(max(bracket) - t, t - min(bracket)) < eps:
            # interpolation close to boundary
            if insuf_progress or t >= max(bracket) or t <= min(bracket):
                # evaluate at 0.1 away from boundary
                if abs(t - max(bracket)) < abs(t - min(bracket)):
                    t = max(bracket) - eps
                else:
                    t = min(bracket) + eps
                insuf_progress = False
            else:
                insuf_progress = True
        else:
            insuf_progress = False

        # Evaluate new point
        f_new, g_new = obj_func(x, t, d)
        ls_func_evals += 1
        gtd_new = g_new.dot(d)
        ls_iter += 1

        if f_new > (f + c1 * t * gtd) or f_new >= bracket_f[low_pos]:
            # Armijo condition not satisfied or not lower than lowest point:
            # t becomes the high end.
            bracket[high_pos] = t
            bracket_f[high_pos] = f_new
            bracket_g[high_pos] = g_new
            bracket_gtd[high_pos] = gtd_new
            low_pos, high_pos = (0, 1) if bracket_f[0] <= bracket_f[1] else (1, 0)
        else:
            if abs(gtd_new) <= -c2 * gtd:
                # Wolfe conditions satisfied
                done = True
            elif gtd_new * (bracket[high_pos] - bracket[low_pos]) >= 0:
                # The slope at t points away from the high end: the minimum
                # lies between t and the low end, so the old low becomes high.
                bracket[high_pos] = bracket[low_pos]
                bracket_f[high_pos] = bracket_f[low_pos]
                bracket_g[high_pos] = bracket_g[low_pos]
                bracket_gtd[high_pos] = bracket_gtd[low_pos]

            # new point becomes new low
            bracket[low_pos] = t
            bracket_f[low_pos] = f_new
            bracket_g[low_pos] = g_new
            bracket_gtd[low_pos] = gtd_new

    # return stuff
    t = bracket[low_pos]
    f_new = bracket_f[low_pos]
    g_new = bracket_g[low_pos]
    return f_new, g_new, t, ls_func_evals


def _to_state(value):
    """A numpy array or scalar as a tensor for the state (PyTorch keeps 0-d
    tensors there); a Python number, or None, as it is."""
    if isinstance(value, (np.ndarray, np.generic)):
        return state_tensor(np.asarray(value))
    return value


def _from_state(value):
    """Back from the state: a tensor as its array (no copy), a 0-d one as a
    numpy scalar; anything else as it is."""
    if isinstance(value, Tensor):
        array = values(value)
        return array[()] if array.ndim == 0 else array
    return value


class LBFGS(Optimizer):
    """L-BFGS: steps along an approximation of -H^-1 g learnt from the last steps.

    Each `step(closure)` runs several iterations, each calling the closure
    (maybe several times, with a line search), so the closure must
    re-evaluate the model: zero the gradients, compute the loss, call
    `backward()`, return the loss.

    Only one parameter group is allowed; its state (the history, the last
    direction...) is kept in `self.state` under the first parameter, as in
    PyTorch. Memory: up to `2 * history_size + 2` flat copies of the
    parameters (each pair's s and y, the direction, the last gradient).

    Args:
        params: parameters to optimize (not param groups: only one group).
        lr: learning rate, the step length along the direction (default 1).
        max_iter: the most iterations per `step` (default 20).
        max_eval: the most closure calls per `step` (default
            `max_iter * 5 // 4`).
        tolerance_grad: stop when max|g| is at most this (default 1e-7).
        tolerance_change: stop when the step, or the change of the loss, is
            below this (default 1e-9).
        history_size: how many (s, y) pairs to keep (default 100).
        line_search_fn: None (fixed step length `lr`) or "strong_wolfe".

    Example:
        >>> x = nn.Parameter(minigrad.tensor([-1.5, 2.0], dtype=minigrad.float64))
        >>> opt = minigrad.optim.LBFGS([x], line_search_fn="strong_wolfe")
        >>> def closure():
        ...     opt.zero_grad()
        ...     loss = (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2
        ...     loss.backward()
        ...     return loss
        >>> for _ in range(3):
        ...     loss = opt.step(closure)
        >>> [round(v, 4) for v in x.tolist()]  # the minimum is at (1, 1)
        [1.0, 1.0]
    """

    _state_has_param_shapes = False  # (its state holds flat vectors: see Optimizer)

    def __init__(
        self,
        params,
        lr=1,
        max_iter=20,
        max_eval=None,
        tolerance_grad=1e-7,
        tolerance_change=1e-9,
        history_size=100,
        line_search_fn=None,
    ):
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        # (`not 0 <= lr` rather than `lr < 0`: a nan lr is refused too.)
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if max_eval is None:
            max_eval = max_iter * 5 // 4
        defaults = dict(
            lr=lr,
            max_iter=max_iter,
            max_eval=max_eval,
            tolerance_grad=tolerance_grad,
            tolerance_change=tolerance_change,
            history_size=history_size,
            line_search_fn=line_search_fn,
        )
        super().__init__(params, defaults)

        if len(self.param_groups) != 1:
            raise ValueError(
                "LBFGS doesn't support per-parameter options (parameter groups)"
            )

        self._params = self.param_groups[0]["params"]

    def _gather_flat_grad(self):
        """All gradients as one new flat array (zeros for a missing `.grad`)."""
        self._check_grads()  # (a gradient of the wrong shape would misalign)
        views = []
        for p in self._params:
            if p._grad is None:  # (`.grad` without the property: p is a leaf)
                views.append(np.zeros(p.numel(), values(p).dtype))
            else:
                views.append(values(p._grad).reshape(-1))
        return np.concatenate(views)

    def _add_grad(self, step_size, update):
        """Move the parameters by `step_size * update` (a flat array), in place."""
        rate = constant(step_size, update)
        offset = 0
        for p in self._params:
            param = values(p)
            numel = param.size
            param += rate * update[offset : offset + numel].reshape(param.shape)
            changed_in_place(p)
            offset += numel

    def _clone_param(self):
        """Copies of the parameters' values (to come back to after a trial)."""
        return [values(p).copy() for p in self._params]

    def _set_param(self, params_data):
        """Write the arrays `params_data` back into the parameters."""
        for p, pdata in zip(self._params, params_data):
            values(p)[...] = pdata
            changed_in_place(p)

    def _directional_evaluate(self, closure, x, t, d):
        """The loss and flat gradient at x + t * d; the parameters end at x."""
        self._add_grad(t, d)
        loss = float(closure())
        flat_grad = self._gather_flat_grad()
        self._set_param(x)
        return loss, flat_grad

    def step(self, closure):
        """Run up to `max_iter` L-BFGS iterations, calling `closure` as needed.

        Args:
            closure: a function that zeroes the gradients, computes the loss,
                calls `backward()` and returns the loss. It is called with
                gradients on, though the step itself records nothing.

        Returns:
            The loss the first call of the closure returned (before any update).

        Example:
            >>> loss = opt.step(closure)  # doctest: +SKIP
        """
        if len(self.param_groups) != 1:
            raise AssertionError(
                f"Expected exactly one param_group, but got {len(self.param_groups)}"
            )
        # A diverging run overflows (a dot product of huge vectors...): PyTorch
        # goes on with inf and nan without a word, numpy would warn. The
        # closure keeps the caller's numpy settings.
        caller_errstate = np.geterr()
        with minigrad.no_grad(), np.errstate(all="ignore"):
            return self._run(closure, caller_errstate)

    def _run(self, closure, caller_errstate):
        """The body of `step`, under no_grad (PyTorch's `step`, line by line)."""

        def evaluate():
            # Make sure the closure is always called with grad enabled.
            with minigrad.enable_grad(), np.errstate(**caller_errstate):
                return closure()

        group = self.param_groups[0]
        lr = group["lr"]
        if isinstance(lr, Tensor):
            lr = float(lr)
        max_iter = group["max_iter"]
        max_eval = group["max_eval"]
        tolerance_grad = group["tolerance_grad"]
        tolerance_change = group["tolerance_change"]
        line_search_fn = group["line_search_fn"]
        history_size = group["history_size"]

        # LBFGS has only global state, kept as the state of the first parameter
        # (so that load_state_dict casts it as it casts any parameter's state).
        state = self.state[self._params[0]]
        state.setdefault("func_evals", 0)
        state.setdefault("n_iter", 0)

        # evaluate initial f(x) and df/dx
        orig_loss = evaluate()
        loss = float(orig_loss)
        current_evals = 1
        state["func_evals"] += 1

        flat_grad = self._gather_flat_grad()
        opt_cond = np.abs(flat_grad).max() <= tolerance_grad

        # optimal condition
        if opt_cond:
            return orig_loss

        # What the last step left (tensors in the state, arrays here).
        d = _from_state(state.get("d"))
        t = _from_state(state.get("t"))
        old_dirs = _list_from_state(state.get("old_dirs"))  # the y's
        old_stps = _list_from_state(state.get("old_stps"))  # the s's
        ro = _list_from_state(state.get("ro"))  # the rho's
        al = _list_from_state(state.get("al"))  # the a's, kept as PyTorch does
        H_diag = _from_state(state.get("H_diag"))
        prev_flat_grad = _from_state(state.get("prev_flat_grad"))
        prev_loss = state.get("prev_loss")

        n_iter = 0
        # optimize for a max of max_iter iterations
        while n_iter < max_iter:
            # keep track of nb of iterations
            n_iter += 1
            state["n_iter"] += 1

            # ------------------------------------------ the direction d
            if state["n_iter"] == 1:
                # No history yet: plain gradient descent.
                d = -flat_grad
                old_dirs = []
                old_stps = []
                ro = []
                H_diag = 1
            else:
                # The last step s and the change of gradient y it made.
                y = flat_grad - prev_flat_grad
                s = d * t
                ys = y.dot(s)  # y*s
                if ys > 1e-10:
                    # updating memory
                    if len(old_dirs) == history_size:
                        # shift history by one (limited-memory)
                        old_dirs.pop(0)
                        old_stps.pop(0)
                        ro.pop(0)

                    # store new direction/step
                    old_dirs.append(y)
                    old_stps.append(s)
                    ro.append(1.0 / ys)

                    # update scale of initial Hessian approximation
                    H_diag = ys / y.dot(y)  # (y*y)

                # The two-loop recursion (module docstring): d = -H^-1 g.
                num_old = len(old_dirs)

                if al is None:
                    al = [None] * history_size

                q = -flat_grad
                for i in range(num_old - 1, -1, -1):
                    al[i] = old_stps[i].dot(q) * ro[i]
                    q -= al[i] * old_dirs[i]

                # multiply by initial Hessian; r/d is the final direction
                d = r = q * H_diag
                for i in range(num_old):
                    be_i = old_dirs[i].dot(r) * ro[i]
                    r += (al[i] - be_i) * old_stps[i]

            if prev_flat_grad is None:
                prev_flat_grad = flat_grad.copy()
            else:
                prev_flat_grad[...] = flat_grad
            prev_loss = loss

            # ------------------------------------------ the step length t
            # reset initial guess for step size
            if state["n_iter"] == 1:
                t = min(1.0, 1.0 / np.abs(flat_grad).sum()) * lr
            else:
                t = lr

            # directional derivative
            gtd = flat_grad.dot(d)  # g * d

            # d does not go downhill (enough): stop.
            if gtd > -tolerance_change:
                break

            # optional line search: user function
            ls_func_evals = 0
            if line_search_fn is not None:
                # perform line search, using user function
                if line_search_fn != "strong_wolfe":
                    raise RuntimeError("only 'strong_wolfe' is supported")
                else:
                    x_init = self._clone_param()

                    def obj_func(x, t, d):
                        return self._directional_evaluate(evaluate, x, t, d)

                    loss, flat_grad, t, ls_func_evals = _strong_wolfe(
                        obj_func,
                        x_init,
                        t,
                        d,
                        loss,
                        flat_grad,
                        gtd,
                        max_ls=max_eval - current_evals,
                    )
                self._add_grad(t, d)
                opt_cond = np.abs(flat_grad).max() <= tolerance_grad
            else:
                # no line search, simply move with fixed-step
                self._add_grad(t, d)
                if n_iter != max_iter:
                    # Re-evaluate only if another iteration follows: in a
                    # stochastic setting (a new batch each step), the loss at
                    # the end would be of no use.
                    loss = float(evaluate())
                    flat_grad = self._gather_flat_grad()
                    opt_cond = np.abs(flat_grad).max() <= tolerance_grad
                    ls_func_evals = 1

            # update func eval
            current_evals += ls_func_evals
            state["func_evals"] += ls_func_evals

            # ------------------------------------------ stop?
            if n_iter == max_iter:
                break

            if current_evals >= max_eval:
                break

            # optimal condition
            if opt_cond:
                break

            # lack of progress
            if np.abs(d * t).max() <= tolerance_change:
                break

            if abs(loss - prev_loss) < tolerance_change:
                break

        state["d"] = _to_state(d)
        state["t"] = _to_state(t)
        state["old_dirs"] = [_to_state(y) for y in old_dirs]
        state["old_stps"] = [_to_state(s) for s in old_stps]
        state["ro"] = [_to_state(rho) for rho in ro]
        if al is not None:
            state["al"] = [_to_state(a) for a in al]
        state["H_diag"] = _to_state(H_diag)
        state["prev_flat_grad"] = _to_state(prev_flat_grad)
        state["prev_loss"] = prev_loss

        return orig_loss


def _list_from_state(tensors):
    """A list of the state's tensors as arrays (None stays None)."""
    if tensors is None:
        return None
    return [_from_state(value) for value in tensors]
