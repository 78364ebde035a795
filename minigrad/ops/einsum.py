"""`einsum`: Einstein summation, written with the ops that exist.

`einsum("ij,jk->ik", a, b)` names each dimension of each operand with a
letter; a letter in two operands is multiplied along, a letter missing from
the output is summed over. It is computed as PyTorch computes it, from ops
that already record their nodes: a letter repeated in one operand takes a
diagonal, a letter only one operand has and the output lacks is summed
first, then operands are contracted two at a time with a batched matrix
product (the letters both share and keep are the batch, the ones they share
and drop are the product's inner dimension), and the result is permuted to
the output's order. The backward is that of those ops: no formula of its own.
"""

import string

from .._check import tensor_arg

_LETTERS = set(string.ascii_letters)


def einsum(equation, *operands):
    """Einstein summation of `operands` as `equation` says (see the module).

    Args:
        equation: e.g. "ij,jk->ik" (matrix product), "ii->i" (diagonal),
            "bij,bjk->bik" (batched product), "...ij->...ji"; without "->" the
            output is the letters used once, in alphabetical order.
        operands: the tensors, one per comma-separated term (or one list).

    Returns:
        The result tensor.

    Example:
        >>> a, b = minigrad.ones(2, 3), minigrad.ones(3, 4)
        >>> minigrad.einsum("ij,jk->ik", a, b).shape
        minigrad.Size([2, 4])
    """
    if not isinstance(equation, str):
        raise TypeError(
            f"einsum(): argument 'equation' must be str, not {type(equation).__name__}"
        )
    if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = tuple(operands[0])  # (einsum("ij,jk", [a, b]), as PyTorch)
    for i, operand in enumerate(operands):
        tensor_arg(operand, "einsum", "operands", i + 2)
    terms, output = _parse(equation.replace(" ", ""), len(operands))
    labelled = [_labels(term, x, i) for i, (term, x) in enumerate(zip(terms, operands))]
    ellipsis = _ellipsis_labels(labelled)
    sizes = _sizes(labelled, operands)
    if output is None:  # implicit: the ellipsis, then the letters used once
        counts = [c for labels in labelled for c in labels if c not in ellipsis]
        output = ellipsis + sorted(c for c in set(counts) if counts.count(c) == 1)
    else:
        output = _output_labels(output, ellipsis, labelled)
    # Each operand on its own: diagonals of repeated letters, sums of letters
    # nobody else needs, then the operands contracted two at a time.
    parts = []
    for i, (labels, x) in enumerate(zip(labelled, operands)):
        others = [c for j, ls in enumerate(labelled) if j != i for c in ls]
        parts.append(_reduce_alone(x, labels, set(others) | set(output)))
    result, labels = parts[0]
    for k, (x, x_labels) in enumerate(parts[1:], start=1):
        later = {c for _, ls in parts[k + 1 :] for c in ls}
        result, labels = _contract(
            result, labels, x, x_labels, later | set(output), sizes
        )
    return result.permute([labels.index(c) for c in output]) if labels else result


def _parse(equation, n_operands):
    """The input terms and the output term (None when implicit)."""
    inputs, arrow, output = equation.partition("->")
    terms = inputs.split(",")
    for term in terms + ([output] if arrow else []):
        for c in term.replace("...", ""):
            if c not in _LETTERS:
                at = equation.index(c)
                raise RuntimeError(
                    f"einsum(): invalid subscript given at index {at} in the equation "
                    "string, subscripts must be in [a-zA-Z]"
                )
    if len(terms) < n_operands:
        raise RuntimeError(
            "einsum(): more operands were provided than specified in the equation"
        )
    if len(terms) > n_operands:
        raise RuntimeError(
            "einsum(): fewer operands were provided than specified in the equation"
        )
    return terms, (output if arrow else None)


def _labels(term, x, i):
    """One label per dimension of `x`: its letters, with "..." standing for
    the dimensions no letter names (labelled ".0", ".1", ... from the right,
    so that ellipses of different lengths broadcast)."""
    before, dots, after = term.partition("...")
    named = len(before) + len(after)
    if not dots:
        if named != x.dim():
            raise RuntimeError(
                f"einsum(): the number of subscripts in the equation ({named}) does "
                f"not match the number of dimensions ({x.dim()}) for operand {i} and "
                "no ellipsis was given"
            )
        return list(before)
    if named > x.dim():
        raise RuntimeError(
            f"einsum(): the number of subscripts in the equation ({named}) is more "
            f"than the number of dimensions ({x.dim()}) for operand {i}"
        )
    extra = x.dim() - named
    return list(before) + [f".{extra - 1 - k}" for k in range(extra)] + list(after)


def _ellipsis_labels(labelled):
    """The labels of the broadcast ellipsis dimensions, outermost first."""
    most = max([int(c[1:]) + 1 for ls in labelled for c in ls if c[0] == "."] + [0])
    return [f".{k}" for k in reversed(range(most))]


def _sizes(labelled, operands):
    """Each label's size; sizes of one label must be equal or 1 (broadcast)."""
    sizes = {}
    for i, (labels, x) in enumerate(zip(labelled, operands)):
        for c, size in zip(labels, x.shape):
            seen = sizes.get(c, 1)
            if size != 1 and seen != 1 and size != seen:
                raise RuntimeError(
                    f"einsum(): subscript {c} has size {size} for operand {i} which "
                    f"does not broadcast with previously seen size {seen}"
                )
            # (a size-1 dim broadcasts to the other size, even 0: not max())
            sizes[c] = size if seen == 1 else seen
    return sizes


def _output_labels(output, ellipsis, labelled):
    """The explicit output's labels, checked."""
    before, _, after = output.partition("...")
    letters = list(before) + list(after)
    used = {c for ls in labelled for c in ls}
    for c in letters:
        if letters.count(c) > 1:
            raise RuntimeError(
                f"einsum(): output subscript {c} appears more than once in the output"
            )
        if c not in used:
            raise RuntimeError(
                f"einsum(): output subscript {c} does not appear in the equation for "
                "any input operand"
            )
    if "..." not in output and ellipsis:
        return letters  # (PyTorch sums the ellipsis dimensions away)
    return list(before) + ellipsis + list(after)


def _reduce_alone(x, labels, needed):
    """`x` with each repeated letter replaced by its diagonal, and the letters
    no other operand and not the output use summed out."""
    labels = list(labels)
    for c in dict.fromkeys(labels):
        while labels.count(c) > 1:  # (the diagonal goes last)
            first = labels.index(c)
            second = labels.index(c, first + 1)
            x = x.diagonal(0, first, second)
            labels = [d for k, d in enumerate(labels) if k not in (first, second)]
            labels.append(c)
    alone = [k for k, c in enumerate(labels) if c not in needed]
    if alone:
        x = x.sum(alone)
        labels = [c for k, c in enumerate(labels) if k not in alone]
    return x, labels


def _contract(a, a_labels, b, b_labels, keep, sizes):
    """a and b multiplied along their shared letters, summed over the shared
    ones not in `keep`: one batched matrix product (batch, left, inner) @
    (batch, inner, right). Returns the result and its labels."""
    shared = [c for c in a_labels if c in b_labels]
    batch = [c for c in shared if c in keep]
    inner = [c for c in shared if c not in keep]
    left = [c for c in a_labels if c not in shared]
    right = [c for c in b_labels if c not in shared]
    a = _arranged(a, a_labels, batch + left + inner, sizes, batch + inner)
    b = _arranged(b, b_labels, batch + inner + right, sizes, batch + inner)

    def size(labels):
        n = 1
        for c in labels:
            n *= sizes[c]
        return n

    product = a.reshape(size(batch), size(left), size(inner)) @ b.reshape(
        size(batch), size(inner), size(right)
    )
    shape = [sizes[c] for c in batch + left + right]
    return product.reshape(shape), batch + left + right


def _arranged(x, labels, order, sizes, broadcast):
    """`x` permuted to `order`, its size-1 dimensions of `broadcast` labels
    expanded to the label's size (so that both operands of the product agree)."""
    x = x.permute([labels.index(c) for c in order])
    target = [sizes[c] if c in broadcast else x.shape[k] for k, c in enumerate(order)]
    return x.expand(target) if list(x.shape) != target else x
