"""The op table: one row per differentiable op minigrad has.

Each row (`OpSpec`) says how to call the op on tensors (`fn`), what numpy
says the answer is (`ref`), and how to draw inputs (`cases`, a hypothesis
strategy of `Case`). `test_ops.py` drives every row through the same value,
dtype, gradient and second-derivative tests, so adding an op is adding a row.

Inputs are drawn as shapes (hypothesis.extra.numpy: broadcasting pairs,
size-1 dims, 0-d) plus a seed; the seed makes the values with numpy, kept in
each op's valid domain: positive for log/sqrt, away from the kinks of
abs/relu/clamp/norm(1), and with well separated values for max/min so a
finite difference never crosses a tie.
"""

import itertools
import warnings
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

MAX_SIDE = 3
seeds = st.integers(0, 2**32 - 1)


@dataclass
class Case:
    """One drawn input: differentiable float64 arrays, plus other arguments."""

    arrays: tuple
    kwargs: dict = field(default_factory=dict)
    seed: int = 0

    def __repr__(self):
        shapes = [a.shape for a in self.arrays]
        return f"Case(shapes={shapes}, kwargs={self.kwargs!r}, seed={self.seed})"


@dataclass
class OpSpec:
    """One op: fn(T, *tensors, **kwargs) -> Tensor; ref(*arrays, **kwargs) -> array."""

    name: str
    fn: Callable[..., Any]
    ref: Callable[..., Any]
    cases: Any  # hypothesis strategy of Case
    second_order: bool = False  # also check d2 via autograd.grad(create_graph=True)

    def __repr__(self):
        return self.name


# ---------------------------------------------------------------- values


def values(rng, shape, kind="any"):
    """float64 values of a shape, in the domain `kind` names."""
    shape = tuple(shape)
    n = int(np.prod(shape, dtype=np.int64))
    if kind == "any":
        out = rng.uniform(-2.0, 2.0, size=shape)
    elif kind == "pos":
        out = rng.uniform(0.5, 2.0, size=shape)
    elif kind == "nonzero":
        out = rng.choice([-1.0, 1.0], size=shape) * rng.uniform(0.5, 2.0, size=shape)
    elif kind == "kink":  # |x| >= 0.1: away from 0 (abs, relu, norm(1))
        out = rng.choice([-1.0, 1.0], size=shape) * rng.uniform(0.1, 2.0, size=shape)
    elif kind == "clamp":  # away from the clamp bounds -0.5 and 0.5
        lo = rng.uniform(-1.5, -0.6, size=shape)
        mid = rng.uniform(-0.4, 0.4, size=shape)
        hi = rng.uniform(0.6, 1.5, size=shape)
        pick = rng.integers(0, 3, size=shape)
        out = np.choose(pick, [lo, mid, hi])
    elif kind == "distinct":  # all values at least 0.2 apart (max/min, no ties)
        out = (rng.permutation(n) - n / 2) * 0.3 + rng.uniform(-0.05, 0.05, size=n)
        out = out.reshape(shape)
    elif kind == "lo":  # k + [0.1, 0.4]: never within 0.2 of a "hi" value
        out = rng.integers(-2, 3, size=shape) + rng.uniform(0.1, 0.4, size=shape)
    elif kind == "hi":  # k + [0.6, 0.9]
        out = rng.integers(-2, 3, size=shape) + rng.uniform(0.6, 0.9, size=shape)
    else:
        raise ValueError(kind)
    return np.asarray(out, dtype=np.float64).reshape(shape)


def shapes(min_dims=0, max_dims=3, min_side=1, max_side=MAX_SIDE):
    return hnp.array_shapes(
        min_dims=min_dims, max_dims=max_dims, min_side=min_side, max_side=max_side
    )


# ---------------------------------------------------------------- strategies


@st.composite
def unary(draw, kind="any", min_dims=0, max_dims=3, min_side=1, **extra):
    shape = draw(shapes(min_dims, max_dims, min_side=min_side))
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    kwargs = {k: draw(v) for k, v in extra.items()}
    return Case((values(rng, shape, kind),), kwargs, seed)


@st.composite
def binary(draw, kind_a="any", kind_b="any"):
    """Two operands whose shapes broadcast (different ranks, size-1 dims, 0-d)."""
    bshapes = draw(
        hnp.mutually_broadcastable_shapes(
            num_shapes=2, min_dims=0, max_dims=3, min_side=1, max_side=MAX_SIDE
        )
    )
    sa, sb = bshapes.input_shapes
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    if kind_a == "lohi":  # maximum/minimum: one operand low, one high, either side
        kind_a, kind_b = ("lo", "hi") if draw(st.booleans()) else ("hi", "lo")
    return Case((values(rng, sa, kind_a), values(rng, sb, kind_b)), {}, seed)


@st.composite
def with_scalar(draw, kind="any", scalars=(2.5, -1.5, 3, 0.5)):
    """One tensor operand and one Python number `s`."""
    case = draw(unary(kind=kind))
    case.kwargs["s"] = draw(st.sampled_from(scalars))
    return case


@st.composite
def reduce_dims(draw, kind="any", min_side=1, allow_tuple=True):
    """A tensor with ndim >= 1 plus dim (int or tuple, maybe negative), keepdim."""
    shape = draw(shapes(1, 3, min_side=min_side))
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    nd = len(shape)
    if allow_tuple and nd >= 2 and draw(st.booleans()):
        dims = draw(
            st.lists(st.integers(0, nd - 1), min_size=1, max_size=nd, unique=True)
        )
        dim = tuple(d - nd if draw(st.booleans()) else d for d in dims)
    else:
        dim = draw(st.integers(-nd, nd - 1))
    keepdim = draw(st.booleans())
    return Case((values(rng, shape, kind),), {"dim": dim, "keepdim": keepdim}, seed)


@st.composite
def one_dim(draw, kind="any", min_dims=1, min_side=1):
    """A tensor plus one valid dim (maybe negative)."""
    shape = draw(shapes(min_dims, 3, min_side=min_side))
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    nd = len(shape)
    dim = draw(st.integers(-nd, nd - 1))
    return Case((values(rng, shape, kind),), {"dim": dim}, seed)


@st.composite
def matmul_cases(draw):
    """Every matmul rank combination: 1-D, 2-D, batched, broadcast batches."""
    n, m, k, b, c = (draw(st.integers(1, MAX_SIDE)) for _ in range(5))
    variant = draw(
        st.sampled_from(
            [
                ((n,), (n,)),  # dot -> 0-d
                ((m, n), (n,)),  # matrix @ vector
                ((n,), (n, k)),  # vector @ matrix
                ((m, n), (n, k)),  # mm
                ((b, m, n), (b, n, k)),  # bmm
                ((b, m, n), (n, k)),  # batch @ matrix
                ((n,), (b, n, k)),  # vector @ batch
                ((b, m, n), (n,)),  # batch @ vector
                ((1, m, n), (b, n, k)),  # broadcast batch
                ((c, 1, m, n), (b, n, k)),  # 4-D broadcast batch
            ]
        )
    )
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    arrays = tuple(values(rng, s) for s in variant)
    return Case(arrays, {"op": draw(st.sampled_from(["@", "matmul", "method"]))}, seed)


@st.composite
def mm_cases(draw):
    """Two matrices that multiply."""
    m, n, k = (draw(st.integers(1, MAX_SIDE)) for _ in range(3))
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    return Case((values(rng, (m, n)), values(rng, (n, k))), {}, seed)


@st.composite
def addmm_cases(draw):
    """bias + a @ b: a bias that is a row, a column, a full matrix or a number."""
    m, n, k = (draw(st.integers(1, MAX_SIDE)) for _ in range(3))
    bias_shape = draw(st.sampled_from([(k,), (1, k), (m, 1), (m, k), ()]))
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    arrays = tuple(values(rng, s) for s in (bias_shape, (m, n), (n, k)))
    return Case(arrays, {}, seed)


@st.composite
def split_cases(draw):
    """A tensor, a dim and how to cut it: a piece size, a list of sizes, chunks."""
    shape = draw(shapes(1, 3))
    nd = len(shape)
    dim = draw(st.integers(-nd, nd - 1))
    n = shape[dim]
    how = draw(st.sampled_from(["size", "sizes", "chunk"]))
    if how == "sizes":
        cuts = sorted(draw(st.lists(st.integers(0, n), max_size=3)))
        spec = [b - a for a, b in zip([0] + cuts, cuts + [n])]
    else:
        spec = draw(st.integers(1, n + 1))
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    return Case((values(rng, shape),), {"dim": dim, "how": how, "spec": spec}, seed)


def _split(T, a, dim, how, spec):
    pieces = a.chunk(spec, dim) if how == "chunk" else T.split(a, spec, dim)
    # every piece weighted by its position, joined back: each output counts
    return T.cat([piece * float(i + 1) for i, piece in enumerate(pieces)], dim)


def _ref_split(a, dim, how, spec):
    n = a.shape[dim]
    if how == "sizes":
        edges = np.cumsum(spec)[:-1]
    else:
        size = -(-n // spec) if how == "chunk" else spec
        edges = range(size, n, size)
    pieces = np.split(a, list(edges), axis=dim)
    return np.concatenate([p * (i + 1) for i, p in enumerate(pieces)], axis=dim)


@st.composite
def gather_cases(draw):
    """A tensor, a dim, and an index no larger than the tensor off that dim."""
    shape = draw(shapes(1, 3))
    nd = len(shape)
    dim = draw(st.integers(-nd, nd - 1))
    index_shape = [draw(st.integers(1, n)) for n in shape]
    index_shape[dim] = draw(st.integers(1, MAX_SIDE + 1))  # may repeat positions
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    index = rng.integers(0, shape[dim], size=index_shape)
    return Case((values(rng, shape),), {"dim": dim, "index": index}, seed)


def _ref_gather(a, dim, index):
    """out[p] = a[p with its `dim` coordinate replaced by index[p]], one by one."""
    out = np.empty(index.shape)
    for p in np.ndindex(*index.shape):
        q = list(p)
        q[dim] = index[p]
        out[p] = a[tuple(q)]
    return out


@st.composite
def sort_cases(draw, topk=False):
    """Distinct values (no ties), a dim, the order, and for topk a k."""
    shape = draw(shapes(0, 3))
    nd = len(shape)
    dim = draw(st.integers(-max(nd, 1), max(nd, 1) - 1))
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    kwargs = {"dim": dim, "flag": draw(st.booleans())}
    if topk:
        kwargs["k"] = draw(st.integers(0, shape[dim] if nd else 1))
    return Case((values(rng, shape, "distinct"),), kwargs, seed)


def _ref_sort(a, dim, flag, k=None):
    if a.ndim == 0:
        return a.copy()
    out = np.sort(a, axis=dim)
    if flag:  # descending (sort) or largest (topk)
        out = np.flip(out, axis=dim)
    if k is not None:
        out = np.take(out, np.arange(k), axis=dim)
    return out


def _weighted(slices):
    """slice 0 * 1 + slice 1 * 2 + ...: a result that depends on every slice."""
    total = slices[0] * 1.0
    for i, piece in enumerate(slices[1:], start=2):
        total = total + piece * float(i)
    return total


def _matmul(T, a, b, op):
    if op == "@":
        return a @ b
    if op == "matmul":
        return T.matmul(a, b)
    return a.matmul(b)


@st.composite
def reshape_cases(draw):
    shape = draw(shapes(0, 3))
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    n = int(np.prod(shape, dtype=np.int64))
    target = draw(st.sampled_from(["flat", "minus1", "row", "reversed", "minus1_in"]))
    if target == "flat":
        new = (n,)
    elif target == "minus1":
        new = (-1,)
    elif target == "row":
        new = (1, n, 1)
    elif target == "reversed":
        new = tuple(reversed(shape))
    else:
        new = tuple(shape) + (1,)
        pos = draw(st.integers(0, len(new) - 1))
        new = new[:pos] + (-1,) + new[pos + 1 :]
    how = draw(
        st.sampled_from(["reshape", "reshape_tuple", "view", "view_tuple", "T.reshape"])
    )
    return Case((values(rng, shape),), {"new": new, "how": how}, seed)


def _reshape(T, x, new, how):
    if not new:  # x.reshape(*()) is no call at all: use the tuple form
        how = how.replace("_tuple", "") + "_tuple" if how != "T.reshape" else how
    if how == "reshape":
        return x.reshape(*new)
    if how == "reshape_tuple":
        return x.reshape(new)
    if how == "view":
        return x.view(*new)
    if how == "view_tuple":
        return x.view(new)
    return T.reshape(x, new)


def _ref_reshape(a, new, how):
    return a.reshape(new)


@st.composite
def flatten_cases(draw):
    shape = draw(shapes(0, 3))
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    nd = len(shape)
    if nd >= 2 and draw(st.booleans()):
        start = draw(st.integers(0, nd - 1))
        end = draw(st.integers(start, nd - 1))
        kw = {"start_dim": start, "end_dim": end}
    else:
        kw = {}
    kw["fn"] = draw(st.booleans())
    return Case((values(rng, shape),), kw, seed)


def _flatten(T, x, fn, **kw):
    return T.flatten(x, **kw) if fn else x.flatten(**kw)


def _ref_flatten(a, fn, start_dim=0, end_dim=-1):
    if a.ndim == 0:
        return a.reshape(1)
    end = end_dim % a.ndim
    new = a.shape[:start_dim] + (-1,) + a.shape[end + 1 :]
    return a.reshape(new)


@st.composite
def transpose_cases(draw):
    shape = draw(shapes(1, 3))
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    nd = len(shape)
    d0 = draw(st.integers(-nd, nd - 1))
    d1 = draw(st.integers(-nd, nd - 1))
    how = draw(st.sampled_from(["method", "fn"] + (["T"] if nd == 2 else [])))
    return Case((values(rng, shape),), {"d0": d0, "d1": d1, "how": how}, seed)


def _transpose(T, x, d0, d1, how):
    if how == "T":
        return x.T
    if how == "fn":
        return T.transpose(x, d0, d1)
    return x.transpose(d0, d1)


def _ref_transpose(a, d0, d1, how):
    if how == "T":
        return a.T
    return np.swapaxes(a, d0, d1)


@st.composite
def permute_cases(draw):
    shape = draw(shapes(1, 4))
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    perm = tuple(draw(st.permutations(range(len(shape)))))
    return Case(
        (values(rng, shape),),
        {"perm": perm, "how": draw(st.sampled_from(["star", "tuple", "fn"]))},
        seed,
    )


def _permute(T, x, perm, how):
    if how == "star":
        return x.permute(*perm)
    if how == "tuple":
        return x.permute(perm)
    return T.permute(x, perm)


@st.composite
def unsqueeze_cases(draw):
    shape = draw(shapes(0, 3))
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    nd = len(shape)
    dim = draw(st.integers(-nd - 1, nd))
    return Case((values(rng, shape),), {"dim": dim, "fn": draw(st.booleans())}, seed)


def _ref_unsqueeze(a, dim, fn):
    nd = a.ndim
    return np.expand_dims(a, dim if dim >= 0 else dim + nd + 1)


@st.composite
def squeeze_cases(draw):
    shape = tuple(draw(st.lists(st.integers(1, 2), min_size=0, max_size=4)))
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    nd = len(shape)
    dim = draw(st.none() | st.integers(-nd, nd - 1)) if nd else None
    return Case((values(rng, shape),), {"dim": dim, "fn": draw(st.booleans())}, seed)


def _squeeze(T, x, dim, fn):
    if dim is None:
        return T.squeeze(x) if fn else x.squeeze()
    return T.squeeze(x, dim) if fn else x.squeeze(dim)


def _ref_squeeze(a, dim, fn):
    if dim is None:
        return np.squeeze(a)
    return np.squeeze(a, dim) if a.shape[dim] == 1 else a


@st.composite
def expand_cases(draw):
    shape = tuple(draw(st.lists(st.integers(1, 2), min_size=0, max_size=3)))
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    lead = tuple(draw(st.lists(st.integers(1, 3), max_size=2)))
    sizes = []
    for s in shape:
        if s == 1:
            sizes.append(draw(st.sampled_from([1, 2, 3, -1])))
        else:
            sizes.append(draw(st.sampled_from([s, -1])))
    target = lead + tuple(sizes)
    if not target:  # a 0-d tensor: expand it to a real shape
        target = (2,)
    return Case(
        (values(rng, shape),), {"sizes": target, "star": draw(st.booleans())}, seed
    )


def _expand(T, x, sizes, star):
    return x.expand(*sizes) if star else x.expand(sizes)


def _ref_expand(a, sizes, star):
    nd_lead = len(sizes) - a.ndim
    full = tuple(a.shape[i - nd_lead] if (s == -1) else s for i, s in enumerate(sizes))
    return np.broadcast_to(a, full)


@st.composite
def cat_cases(draw):
    nd = draw(st.integers(1, 3))
    base = list(draw(shapes(nd, nd)))
    how = draw(st.sampled_from(["list_dim", "tuple_pos", "default"]))
    dim = 0 if how == "default" else draw(st.integers(-nd, nd - 1))
    k = draw(st.integers(1, 3))
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    arrays = []
    for _ in range(k):
        s = list(base)
        s[dim] = draw(st.integers(1, MAX_SIDE))
        arrays.append(values(rng, s))
    return Case(tuple(arrays), {"dim": dim, "how": how}, seed)


def _cat(T, *xs, dim, how):
    if how == "list_dim":
        return T.cat(list(xs), dim=dim)
    if how == "tuple_pos":
        return T.cat(tuple(xs), dim)
    return T.cat(list(xs))


@st.composite
def stack_cases(draw):
    shape = draw(shapes(0, 3))
    nd = len(shape)
    dim = draw(st.integers(-nd - 1, nd))
    k = draw(st.integers(1, 3))
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    arrays = tuple(values(rng, shape) for _ in range(k))
    return Case(arrays, {"dim": dim}, seed)


@st.composite
def where_cases(draw):
    bshapes = draw(
        hnp.mutually_broadcastable_shapes(
            num_shapes=3, min_dims=0, max_dims=3, min_side=1, max_side=MAX_SIDE
        )
    )
    sc, sa, sb = bshapes.input_shapes
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    cond = rng.random(sc) < 0.5
    return Case((values(rng, sa), values(rng, sb)), {"cond": np.asarray(cond)}, seed)


@st.composite
def where_scalar_cases(draw):
    case = draw(unary())
    rng = np.random.default_rng(case.seed + 1)
    case.kwargs["cond"] = np.asarray(rng.random(case.arrays[0].shape) < 0.5)
    case.kwargs["other"] = draw(st.sampled_from([0.0, -1.5]))
    return case


@st.composite
def index_cases(draw):
    """Indexing with ints, slices, int arrays (repeats allowed), bool masks."""
    kind = draw(
        st.sampled_from(
            [
                "int",
                "neg_int",
                "slice",
                "step_slice",
                "int_dim1",
                "slice_dim1",
                "ellipsis_int",
                "int_list",
                "int_tensor",
                "int_tensor_2d_pair",
                "bool_mask_full",
                "bool_mask_dim0",
                "none",
            ]
        )
    )
    min_dims = 2 if kind in ("int_dim1", "slice_dim1", "int_tensor_2d_pair") else 1
    shape = draw(shapes(min_dims, 3))
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    n0 = shape[0]
    if kind == "int":
        index = draw(st.integers(0, n0 - 1))
    elif kind == "neg_int":
        index = draw(st.integers(-n0, -1))
    elif kind == "slice":
        start = draw(st.none() | st.integers(-n0, n0))
        stop = draw(st.none() | st.integers(-n0, n0))
        index = slice(start, stop)
    elif kind == "step_slice":
        index = slice(
            draw(st.none() | st.integers(0, n0)), None, draw(st.integers(1, 3))
        )
    elif kind == "int_dim1":
        index = (slice(None), draw(st.integers(-shape[1], shape[1] - 1)))
    elif kind == "slice_dim1":
        index = (slice(None), slice(1, None))
    elif kind == "ellipsis_int":
        index = (Ellipsis, draw(st.integers(0, shape[-1] - 1)))
    elif kind == "int_list":
        index = [int(i) for i in rng.integers(-n0, n0, size=draw(st.integers(1, 5)))]
    elif kind == "int_tensor":  # repeated indices: gradients must accumulate
        index = rng.integers(0, n0, size=draw(st.integers(1, 5))).astype(np.int64)
    elif kind == "int_tensor_2d_pair":
        m = draw(st.integers(1, 4))
        index = (
            rng.integers(0, shape[0], size=m).astype(np.int64),
            rng.integers(0, shape[1], size=m).astype(np.int64),
        )
    elif kind == "bool_mask_full":
        index = np.asarray(rng.random(shape) < 0.5)
    elif kind == "bool_mask_dim0":
        index = np.asarray(rng.random(n0) < 0.5)
    else:  # none: x[None]
        index = None
    return Case((values(rng, shape),), {"index": index, "kind": kind}, seed)


def _as_tensor_index(T, index):
    if isinstance(index, np.ndarray):
        return T.tensor(index)
    if isinstance(index, tuple):
        return tuple(_as_tensor_index(T, i) for i in index)
    return index


def _index(T, x, index, kind):
    return x[_as_tensor_index(T, index)]


def _ref_index(a, index, kind):
    return np.asarray(a[index])


# ---------------------------------------------------------------- refs


def _sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


def _softmax(a, dim):
    e = np.exp(a - a.max(axis=dim, keepdims=True))
    return e / e.sum(axis=dim, keepdims=True)


def _log_softmax(a, dim):
    m = a.max(axis=dim, keepdims=True)
    return a - m - np.log(np.exp(a - m).sum(axis=dim, keepdims=True))


def _np_norm(a, p=2, dim=None, keepdim=False):
    return np.sum(np.abs(a) ** p, axis=dim, keepdims=keepdim) ** (1.0 / p)


def _varstd(a, kw, std):
    kw = dict(kw)
    dim = kw.pop("dim", None)
    keepdim = kw.pop("keepdim", False)
    if "unbiased" in kw:
        ddof = 1 if kw.pop("unbiased") else 0
    else:
        ddof = kw.pop("correction", 1)
    v = np.var(a, axis=dim, ddof=ddof, keepdims=keepdim)
    return np.sqrt(v) if std else v


@st.composite
def varstd_cases(draw):
    """var/std calls: whole, unbiased=False, correction=, dim, keepdim."""
    shape = draw(shapes(1, 3, min_side=2))
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    nd = len(shape)
    dim = draw(st.integers(-nd, nd - 1))
    form = draw(
        st.sampled_from(
            [
                {},
                {"unbiased": False},
                {"unbiased": True},
                {"correction": 0},
                {"correction": 1},
                {"dim": dim},
                {"dim": dim, "keepdim": True},
                {"dim": dim, "correction": 0, "keepdim": True},
                {"dim": dim, "unbiased": False},
            ]
        )
    )
    return Case((values(rng, shape),), {"kw": form, "fn": draw(st.booleans())}, seed)


def _var(T, x, kw, fn):
    return T.var(x, **kw) if fn else x.var(**kw)


def _std(T, x, kw, fn):
    return T.std(x, **kw) if fn else x.std(**kw)


@st.composite
def norm_cases(draw):
    p = draw(st.sampled_from([None, 2, 1, 3, 2.5]))
    case = draw(unary(kind="kink"))
    nd = case.arrays[0].ndim
    case.kwargs["p"] = p
    if nd >= 1 and p is not None and draw(st.booleans()):
        case.kwargs["dim"] = draw(st.integers(-nd, nd - 1))
        case.kwargs["keepdim"] = draw(st.booleans())
    return case


def _norm(T, x, p, **kw):
    if p is None:
        return x.norm()
    return x.norm(p, **kw)


def _ref_norm(a, p, **kw):
    return _np_norm(a, 2 if p is None else p, **kw)


@st.composite
def maxmin_dim_cases(draw):
    case = draw(one_dim(kind="distinct"))
    case.kwargs["keepdim"] = draw(st.booleans())
    case.kwargs["how"] = draw(st.sampled_from(["values", "index0", "fn"]))
    return case


def _max_dim(T, x, dim, keepdim, how):
    if how == "fn":
        return T.max(x, dim, keepdim=keepdim).values
    r = x.max(dim, keepdim=keepdim)
    return r.values if how == "values" else r[0]


def _min_dim(T, x, dim, keepdim, how):
    if how == "fn":
        return T.min(x, dim, keepdim=keepdim).values
    r = x.min(dim=dim, keepdim=keepdim)
    return r.values if how == "values" else r[0]


@st.composite
def clamp_cases(draw):
    case = draw(unary(kind="clamp"))
    case.kwargs["how"] = draw(
        st.sampled_from(["both_kw", "both_pos", "min_only", "max_only", "fn"])
    )
    return case


def _clamp(T, x, how):
    if how == "both_kw":
        return x.clamp(min=-0.5, max=0.5)
    if how == "both_pos":
        return x.clamp(-0.5, 0.5)
    if how == "min_only":
        return x.clamp(min=-0.5)
    if how == "max_only":
        return x.clamp(max=0.5)
    return T.clamp(x, -0.5, 0.5)


def _ref_clamp(a, how):
    lo = None if how == "max_only" else -0.5
    hi = None if how == "min_only" else 0.5
    return np.clip(a, lo, hi)


@st.composite
def dot_cases(draw):
    """Two vectors of one length (issue 12: `dot`)."""
    n = draw(st.integers(1, MAX_SIDE + 2))
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    return Case((values(rng, (n,)), values(rng, (n,))), {}, seed)


# ---------------------------------------------------------------- conv nets
# Convolution, pooling, batch norm and embedding (ops/conv.py, pooling.py,
# normalization.py, embedding.py). The references below are written the slow,
# obvious way: a Python loop over output positions, numpy inside.


@st.composite
def conv_cases(draw, dims=2, transposed=False):
    """Input, weight and maybe a bias, with strides, padding, dilation, groups."""
    n, groups = draw(st.integers(1, 2)), draw(st.integers(1, 2))
    c_in, c_out = draw(st.integers(1, 2)), draw(st.integers(1, 2))
    kernel = [draw(st.integers(1, 3)) for _ in range(dims)]
    stride = [draw(st.integers(1, 2)) for _ in range(dims)]
    dilation = [draw(st.integers(1, 2)) for _ in range(dims)]
    padding = [draw(st.integers(0, 1)) for _ in range(dims)]
    size = []
    for k, p, d, s in zip(kernel, padding, dilation, stride):
        if transposed:  # enough output left once the padding is taken off
            smallest = 1 + max(0, -(-(2 * p - d * (k - 1)) // s))
        else:  # the kernel fits in the padded input
            smallest = max(1, d * (k - 1) + 1 - 2 * p)
        size.append(draw(st.integers(smallest, smallest + 2)))
    if transposed:
        weight_shape = (c_in * groups, c_out) + tuple(kernel)
        # output_padding below the stride or the dilation, as PyTorch demands
        extra = [draw(st.integers(0, max(s, d) - 1)) for s, d in zip(stride, dilation)]
    else:
        weight_shape = (c_out * groups, c_in) + tuple(kernel)
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    arrays = [values(rng, (n, c_in * groups) + tuple(size)), values(rng, weight_shape)]
    if draw(st.booleans()):
        arrays.append(values(rng, (c_out * groups,)))
    kwargs = {
        "stride": tuple(stride),
        "padding": tuple(padding),
        "dilation": tuple(dilation),
        "groups": groups,
    }
    if transposed:
        kwargs["output_padding"] = tuple(extra)
    if dims == 1:
        kwargs = {k: (v[0] if isinstance(v, tuple) else v) for k, v in kwargs.items()}
    return Case(tuple(arrays), kwargs, seed)


def _ref_conv2d(x, w, b=None, stride=(1, 1), padding=(0, 0), dilation=(1, 1), groups=1):
    (sh, sw), (ph, pw), (dh, dw) = stride, padding, dilation
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    o, cg, kh, kw = w.shape
    og = o // groups
    oh = (xp.shape[2] - dh * (kh - 1) - 1) // sh + 1
    ow = (xp.shape[3] - dw * (kw - 1) - 1) // sw + 1
    out = np.zeros((x.shape[0], o, oh, ow))
    for i in range(oh):
        for j in range(ow):
            patch = xp[
                :,
                :,
                i * sh : i * sh + dh * (kh - 1) + 1 : dh,
                j * sw : j * sw + dw * (kw - 1) + 1 : dw,
            ]
            for g in range(groups):
                out[:, g * og : (g + 1) * og, i, j] = np.einsum(
                    "nckl,ockl->no",
                    patch[:, g * cg : (g + 1) * cg],
                    w[g * og : (g + 1) * og],
                )
    if b is not None:
        out += b.reshape(1, -1, 1, 1)
    return out


def _ref_conv1d(x, w, b=None, stride=1, padding=0, dilation=1, groups=1):
    out = _ref_conv2d(
        x[:, :, None],
        w[:, :, None],
        b,
        (1, stride),
        (0, padding),
        (1, dilation),
        groups,
    )
    return out[:, :, 0]


def _ref_conv_transpose2d(
    x,
    w,
    b=None,
    stride=(1, 1),
    padding=(0, 0),
    dilation=(1, 1),
    groups=1,
    output_padding=(0, 0),
):
    """Every input pixel adds pixel * kernel at its place in the output."""
    (sh, sw), (ph, pw), (dh, dw) = stride, padding, dilation
    n, c, h, wd = x.shape
    _, og, kh, kw = w.shape
    cg = c // groups
    full_h = (h - 1) * sh + dh * (kh - 1) + 1 + output_padding[0]
    full_w = (wd - 1) * sw + dw * (kw - 1) + 1 + output_padding[1]
    out = np.zeros((n, og * groups, full_h, full_w))
    for g in range(groups):
        xg, wg = x[:, g * cg : (g + 1) * cg], w[g * cg : (g + 1) * cg]
        for y in range(h):
            for z in range(wd):
                for a in range(kh):
                    for e in range(kw):
                        at = (y * sh + a * dh, z * sw + e * dw)
                        out[:, g * og : (g + 1) * og, at[0], at[1]] += (
                            xg[:, :, y, z] @ wg[:, :, a, e]
                        )
    out = out[:, :, ph : full_h - ph, pw : full_w - pw]
    if b is not None:
        out = out + b.reshape(1, -1, 1, 1)
    return out


def _conv(name):
    def call(T, x, w, b=None, **kw):
        return getattr(T.nn.functional, name)(x, w, b, **kw)

    return call


@st.composite
def pool_cases(draw, kind="distinct", dilation=True):
    """An image batch (maybe unbatched) and window settings that fit it."""
    kernel = [draw(st.integers(1, 3)) for _ in range(2)]
    stride = [draw(st.integers(1, 3)) for _ in range(2)]
    dil = [draw(st.integers(1, 2)) if dilation else 1 for _ in range(2)]
    # (PyTorch allows half the dilated kernel without grad, half the kernel with)
    padding = [draw(st.integers(0, k // 2)) for k in kernel]
    # at least the kernel's reach, so that no window lies wholly in the padding
    # (PyTorch returns -inf there, with an index that points nowhere)
    size = [draw(st.integers(d * (k - 1) + 1, 5)) for k, d in zip(kernel, dil)]
    lead = draw(st.sampled_from([(1, 2), (2, 1), (2,)]))
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    kwargs = {
        "kernel_size": tuple(kernel),
        "stride": tuple(stride),
        "padding": tuple(padding),
        "ceil_mode": draw(st.booleans()),
    }
    if dilation:
        kwargs["dilation"] = tuple(dil)
    return Case((values(rng, lead + tuple(size), kind),), kwargs, seed)


def _pool_windows(h, k, s, p, d, ceil_mode):
    """Start of each window along one side (in unpadded coordinates), PyTorch's."""
    span = h + 2 * p - d * (k - 1) - 1
    out = (-(-span // s) if ceil_mode else span // s) + 1
    if ceil_mode and (out - 1) * s >= h + p:
        out -= 1
    return [i * s - p for i in range(out)]


def _ref_max_pool2d(x, kernel_size, stride, padding, ceil_mode, dilation=(1, 1)):
    batched = x.reshape((-1,) + x.shape[-3:]) if x.ndim == 4 else x[None]
    h, w = batched.shape[-2:]
    rows = _pool_windows(
        h, kernel_size[0], stride[0], padding[0], dilation[0], ceil_mode
    )
    cols = _pool_windows(
        w, kernel_size[1], stride[1], padding[1], dilation[1], ceil_mode
    )
    out = np.empty(batched.shape[:2] + (len(rows), len(cols)))
    for i, r in enumerate(rows):
        for j, c in enumerate(cols):
            ys = [r + a * dilation[0] for a in range(kernel_size[0])]
            xs = [c + b * dilation[1] for b in range(kernel_size[1])]
            ys = [y for y in ys if 0 <= y < h]
            xs = [z for z in xs if 0 <= z < w]
            out[:, :, i, j] = batched[:, :, ys][:, :, :, xs].max(axis=(2, 3))
    return out if x.ndim == 4 else out[0]


def _ref_avg_pool2d(x, kernel_size, stride, padding, ceil_mode, count_include_pad=True):
    batched = x if x.ndim == 4 else x[None]
    h, w = batched.shape[-2:]
    rows = _pool_windows(h, kernel_size[0], stride[0], padding[0], 1, ceil_mode)
    cols = _pool_windows(w, kernel_size[1], stride[1], padding[1], 1, ceil_mode)
    out = np.empty(batched.shape[:2] + (len(rows), len(cols)))
    for i, r in enumerate(rows):
        for j, c in enumerate(cols):
            r_end = min(r + kernel_size[0], h + padding[0])
            c_end = min(c + kernel_size[1], w + padding[1])
            size = (r_end - r) * (c_end - c)
            r0, r1, c0, c1 = max(r, 0), min(r_end, h), max(c, 0), min(c_end, w)
            if not count_include_pad:
                size = (r1 - r0) * (c1 - c0)
            out[:, :, i, j] = batched[:, :, r0:r1, c0:c1].sum(axis=(2, 3)) / size
    return out if x.ndim == 4 else out[0]


@st.composite
def avg_pool_cases(draw):
    case = draw(pool_cases(kind="any", dilation=False))
    case.kwargs["count_include_pad"] = draw(st.booleans())
    return case


@st.composite
def adaptive_cases(draw):
    case = draw(unary(min_dims=3, max_dims=4))
    h, w = case.arrays[0].shape[-2:]
    case.kwargs["output_size"] = draw(
        st.sampled_from(
            [
                (1, 1),
                1,
                (draw(st.integers(1, h + 1)), draw(st.integers(1, w + 1))),
                (None, draw(st.integers(1, w))),
            ]
        )
    )
    return case


def _ref_adaptive(x, output_size):
    h, w = x.shape[-2:]
    if isinstance(output_size, int):
        output_size = (output_size, output_size)
    oh, ow = (n if o is None else o for o, n in zip(output_size, (h, w)))
    out = np.empty(x.shape[:-2] + (oh, ow))
    for i in range(oh):
        for j in range(ow):
            r0, r1 = (i * h) // oh, -(-((i + 1) * h) // oh)
            c0, c1 = (j * w) // ow, -(-((j + 1) * w) // ow)
            out[..., i, j] = x[..., r0:r1, c0:c1].mean(axis=(-2, -1))
    return out


@st.composite
def batch_norm_cases(draw):
    """A batch (N, C), (N, C, L) or (N, C, H, W), with weight and bias or not."""
    shape = draw(st.sampled_from([(3, 2), (2, 2, 3), (2, 3, 2, 2), (4, 1)]))
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    arrays = [values(rng, shape)]
    if draw(st.booleans()):
        arrays += [values(rng, shape[1:2]), values(rng, shape[1:2])]
    return Case(tuple(arrays), {}, seed)


def _batch_norm(T, x, weight=None, bias=None):
    return T.nn.functional.batch_norm(x, None, None, weight, bias, training=True)


def _ref_batch_norm(x, weight=None, bias=None, eps=1e-5):
    axes = (0,) + tuple(range(2, x.ndim))
    shape = (1, -1) + (1,) * (x.ndim - 2)
    out = (x - x.mean(axes, keepdims=True)) / np.sqrt(x.var(axes, keepdims=True) + eps)
    if weight is not None:
        out = out * weight.reshape(shape) + bias.reshape(shape)
    return out


@st.composite
def embedding_cases(draw):
    rows, dim = draw(st.integers(1, 4)), draw(st.integers(1, 3))
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    index_shape = draw(shapes(1, 2))
    index = rng.integers(0, rows, size=index_shape)  # repeats: gradients add up
    return Case((values(rng, (rows, dim)),), {"index": index}, seed)


CONV_OPS = [
    OpSpec("conv2d", _conv("conv2d"), _ref_conv2d, conv_cases(), True),
    OpSpec("conv1d", _conv("conv1d"), _ref_conv1d, conv_cases(dims=1), True),
    OpSpec(
        "conv_transpose2d",
        _conv("conv_transpose2d"),
        _ref_conv_transpose2d,
        conv_cases(transposed=True),
        True,
    ),
    OpSpec(
        "max_pool2d",
        lambda T, x, **kw: T.nn.functional.max_pool2d(x, **kw),
        _ref_max_pool2d,
        pool_cases(),
        True,
    ),
    OpSpec(
        "avg_pool2d",
        lambda T, x, **kw: T.nn.functional.avg_pool2d(x, **kw),
        _ref_avg_pool2d,
        avg_pool_cases(),
        True,
    ),
    OpSpec(
        "adaptive_avg_pool2d",
        lambda T, x, output_size: T.nn.functional.adaptive_avg_pool2d(x, output_size),
        _ref_adaptive,
        adaptive_cases(),
        True,
    ),
    OpSpec("batch_norm", _batch_norm, _ref_batch_norm, batch_norm_cases(), True),
    OpSpec(
        "embedding",
        lambda T, w, index: T.nn.functional.embedding(T.tensor(index), w),
        lambda w, index: w[index],
        embedding_cases(),
        True,
    ),
]


# ---------------------------------------------------------------- the table

# ---------------------------------------------------------------- more ops
# Issue 12: bmm, mv and the ops students brought (test_ops_more.py checks
# their errors, node names and values at the kinks against PyTorch's).


@st.composite
def bmm_cases(draw):
    """Two batches of matrices that multiply, one batch size."""
    b, m, n, k = (draw(st.integers(1, MAX_SIDE)) for _ in range(4))
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    return Case((values(rng, (b, m, n)), values(rng, (b, n, k))), {}, seed)


@st.composite
def mv_cases(draw):
    """A matrix and a vector that multiply."""
    m, n = (draw(st.integers(1, MAX_SIDE)) for _ in range(2))
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    return Case((values(rng, (m, n)), values(rng, (n,))), {}, seed)


@st.composite
def outer_cases(draw):
    """Two vectors of any lengths."""
    n, m = (draw(st.integers(1, MAX_SIDE + 1)) for _ in range(2))
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    return Case((values(rng, (n,)), values(rng, (m,))), {}, seed)


@st.composite
def flip_cases(draw):
    """A tensor (maybe 0-d) and distinct dims to flip (maybe none)."""
    shape = draw(shapes(0, 3))
    nd = len(shape)
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    dims = draw(st.lists(st.integers(0, max(nd - 1, 0)), max_size=nd, unique=True))
    dims = tuple(d - nd if draw(st.booleans()) else d for d in dims)
    return Case((values(rng, shape),), {"dims": dims}, seed)


@st.composite
def masked_fill_cases(draw):
    """A tensor, a bool mask that broadcasts to it, and a fill value."""
    bshapes = draw(
        hnp.mutually_broadcastable_shapes(
            num_shapes=1, min_dims=0, max_dims=3, min_side=1, max_side=MAX_SIDE
        )
    )
    shape = bshapes.result_shape
    mask_shape = shape[draw(st.integers(0, len(shape))) :]
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    mask = np.asarray(rng.random(mask_shape) < 0.5)
    value = draw(st.sampled_from([0.0, -1.5, 2]))
    return Case((values(rng, shape),), {"mask": mask, "value": value}, seed)


@st.composite
def layer_norm_cases(draw):
    """An input, the trailing shape it is normalised over, maybe weight and bias.

    Each normalised group holds at least two distinct values, so the variance
    is never near 0 (where eps, not the data, would decide the result).
    """
    shape = draw(shapes(1, 3, min_side=2))
    k = draw(st.integers(1, len(shape)))
    normalized = tuple(shape[len(shape) - k :])
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    arrays = [values(rng, shape)]
    affine = draw(st.sampled_from(["none", "weight", "both"]))
    if affine != "none":
        arrays.append(values(rng, normalized))
    if affine == "both":
        arrays.append(values(rng, normalized))
    return Case(tuple(arrays), {"normalized_shape": normalized}, seed)


def _ref_layer_norm(x, *affine, normalized_shape, eps=1e-5):
    dims = tuple(range(x.ndim - len(normalized_shape), x.ndim))
    mean = x.mean(axis=dims, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=dims, keepdims=True)
    out = (x - mean) / np.sqrt(var + eps)
    for i, t in enumerate(affine):
        out = out * t if i == 0 else out + t
    return out


def _layer_norm(T, x, *affine, normalized_shape):
    return T.nn.functional.layer_norm(x, normalized_shape, *affine)


@st.composite
def same_shape_pair(draw, kind="any"):
    """Two operands of one shape (input and target of a loss)."""
    shape = draw(shapes(0, 3))
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    return Case((values(rng, shape, kind), values(rng, shape, kind)), {}, seed)


def _ref_smooth_l1(a, b, beta=1.0):
    d = np.abs(a - b)
    return np.mean(np.where(d < beta, 0.5 * d * d / beta, d - 0.5 * beta))


def _ref_huber(a, b, delta=1.0):
    d = np.abs(a - b)
    return np.mean(np.where(d < delta, 0.5 * d * d, delta * (d - 0.5 * delta)))


def _ref_gelu(a):
    from math import erf

    return 0.5 * a * (1.0 + np.vectorize(erf)(a / np.sqrt(2.0)))


def _ref_erf(a):
    from math import erf

    return np.vectorize(erf)(a)


def _ref_gelu_tanh(a):
    return 0.5 * a * (1.0 + np.tanh(np.sqrt(2.0 / np.pi) * (a + 0.044715 * a**3)))


def _ref_normalize(a, dim):
    norm = np.sqrt(np.sum(a * a, axis=dim, keepdims=True))
    return a / np.maximum(norm, 1e-12)


def _F(T):
    return T.nn.functional


@st.composite
def pair_with_dim(draw):
    """Two nonzero operands of one shape (>= 1 dim) and a dim of it."""
    shape = draw(shapes(1, 3))
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    dim = draw(st.integers(-len(shape), len(shape) - 1))
    arrays = (values(rng, shape, "nonzero"), values(rng, shape, "nonzero"))
    return Case(arrays, {"dim": dim}, seed)


def _ref_cosine(a, b, dim):
    norm_a = np.sqrt(np.sum(a * a, axis=dim, keepdims=True))
    norm_b = np.sqrt(np.sum(b * b, axis=dim, keepdims=True))
    return np.sum(a / norm_a * (b / norm_b), axis=dim)


@st.composite
def kl_cases(draw):
    """Log-probabilities (any values) and a positive target, >= 1 dim."""
    shape = draw(shapes(1, 3))
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    return Case((values(rng, shape), values(rng, shape, "pos")), {}, seed)


def _ref_kl_batchmean(x, t):
    return np.sum(t * (np.log(t) - x)) / x.shape[0]


@st.composite
def roll_cases(draw):
    """A tensor and shifts along distinct dims (or none: the flattened roll)."""
    shape = draw(shapes(1, 3))
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    nd = len(shape)
    if draw(st.booleans()):
        return Case((values(rng, shape),), {"shifts": draw(st.integers(-4, 4))}, seed)
    dims = tuple(draw(st.lists(st.integers(0, nd - 1), min_size=1, unique=True)))
    shifts = tuple(draw(st.integers(-4, 4)) for _ in dims)
    return Case((values(rng, shape),), {"shifts": shifts, "dims": dims}, seed)


def _ref_roll(a, shifts, dims=None):
    if dims is None:
        return np.roll(a, shifts)
    return np.roll(a, shifts, axis=dims)


@st.composite
def stack_pair(draw, kind):
    """Two tensors hstack or vstack can join (vectors or matrices)."""
    n, m, k = (draw(st.integers(1, MAX_SIDE)) for _ in range(3))
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    if draw(st.booleans()):
        shapes_ = ((n,), (m,)) if kind == "h" else ((n,), (n,))
    else:
        shapes_ = ((n, m), (n, k)) if kind == "h" else ((n, k), (m, k))
    return Case(tuple(values(rng, sh) for sh in shapes_), {}, seed)


def _ref_selu(a):
    alpha, scale = 1.6732632423543772, 1.0507009873554805
    return scale * np.where(a > 0, a, alpha * np.expm1(a))


MORE_OPS = [
    OpSpec("bmm", lambda T, a, b: a.bmm(b), np.matmul, bmm_cases(), True),
    OpSpec("bmm_fn", lambda T, a, b: T.bmm(a, b), np.matmul, bmm_cases()),
    OpSpec("mv", lambda T, a, b: a.mv(b), np.matmul, mv_cases(), True),
    OpSpec("mv_fn", lambda T, a, b: T.mv(a, b), np.matmul, mv_cases()),
    # rounding: values k + [0.1, 0.4], away from the whole numbers where they jump
    OpSpec("floor", lambda T, a: a.floor(), np.floor, unary(kind="lo")),
    OpSpec("floor_fn", lambda T, a: T.floor(a), np.floor, unary(kind="lo")),
    OpSpec("ceil", lambda T, a: a.ceil(), np.ceil, unary(kind="lo")),
    OpSpec("ceil_fn", lambda T, a: T.ceil(a), np.ceil, unary(kind="lo")),
    OpSpec("trunc", lambda T, a: a.trunc(), np.trunc, unary(kind="lo")),
    OpSpec("trunc_fn", lambda T, a: T.trunc(a), np.trunc, unary(kind="lo")),
    OpSpec("frac", lambda T, a: a.frac(), lambda a: a - np.trunc(a), unary(kind="lo")),
    OpSpec("frac_fn", lambda T, a: T.frac(a), lambda a: a - np.trunc(a), unary("lo")),
    OpSpec(
        "logsumexp",
        lambda T, a, dim, keepdim: a.logsumexp(dim, keepdim=keepdim),
        lambda a, dim, keepdim: np.log(np.sum(np.exp(a), axis=dim, keepdims=keepdim)),
        reduce_dims(),
        True,
    ),
    OpSpec(
        "logsumexp_fn",
        lambda T, a, dim, keepdim: T.logsumexp(a, dim, keepdim),
        lambda a, dim, keepdim: np.log(np.sum(np.exp(a), axis=dim, keepdims=keepdim)),
        reduce_dims(),
    ),
    OpSpec(
        "flip",
        lambda T, a, dims: a.flip(dims),
        lambda a, dims: np.flip(a, dims) if dims else a,
        flip_cases(),
        True,
    ),
    OpSpec(
        "flip_fn",
        lambda T, a, dims: T.flip(a, dims),
        lambda a, dims: np.flip(a, dims) if dims else a,
        flip_cases(),
    ),
    OpSpec(
        "tril",
        lambda T, a, diagonal: a.tril(diagonal),
        lambda a, diagonal: np.tril(a, diagonal),
        unary(min_dims=2, diagonal=st.integers(-2, 2)),
        True,
    ),
    OpSpec(
        "tril_fn",
        lambda T, a, diagonal: T.tril(a, diagonal),
        lambda a, diagonal: np.tril(a, diagonal),
        unary(min_dims=2, diagonal=st.integers(-2, 2)),
    ),
    OpSpec(
        "triu",
        lambda T, a, diagonal: a.triu(diagonal),
        lambda a, diagonal: np.triu(a, diagonal),
        unary(min_dims=2, diagonal=st.integers(-2, 2)),
        True,
    ),
    OpSpec(
        "triu_fn",
        lambda T, a, diagonal: T.triu(a, diagonal),
        lambda a, diagonal: np.triu(a, diagonal),
        unary(min_dims=2, diagonal=st.integers(-2, 2)),
    ),
    OpSpec("outer", lambda T, a, b: a.outer(b), np.outer, outer_cases(), True),
    OpSpec("outer_fn", lambda T, a, b: T.outer(a, b), np.outer, outer_cases()),
    OpSpec(
        "masked_fill",
        lambda T, a, mask, value: a.masked_fill(T.tensor(mask), value),
        lambda a, mask, value: np.where(mask, value, a),
        masked_fill_cases(),
        True,
    ),
    OpSpec(
        "masked_fill_fn",
        lambda T, a, mask, value: T.masked_fill(a, T.tensor(mask), value),
        lambda a, mask, value: np.where(mask, value, a),
        masked_fill_cases(),
    ),
    # more elementwise functions (ops/unary_more.py)
    OpSpec(
        "reciprocal", lambda T, a: a.reciprocal(), np.reciprocal, unary("nonzero"), True
    ),
    OpSpec("reciprocal_fn", lambda T, a: T.reciprocal(a), np.reciprocal, unary("pos")),
    OpSpec("rsqrt", lambda T, a: a.rsqrt(), lambda a: a**-0.5, unary("pos"), True),
    OpSpec("rsqrt_fn", lambda T, a: T.rsqrt(a), lambda a: a**-0.5, unary("pos")),
    OpSpec("erf", lambda T, a: a.erf(), _ref_erf, unary(), True),
    OpSpec("erf_fn", lambda T, a: T.erf(a), _ref_erf, unary()),
    OpSpec("sinh", lambda T, a: a.sinh(), np.sinh, unary(), True),
    OpSpec("sinh_fn", lambda T, a: T.sinh(a), np.sinh, unary()),
    OpSpec("cosh", lambda T, a: a.cosh(), np.cosh, unary(), True),
    OpSpec("cosh_fn", lambda T, a: T.cosh(a), np.cosh, unary()),
    # asin, acos on (-0.5, 0.5): a/4 of values in [-2, 2], inside their domain
    OpSpec(
        "asin",
        lambda T, a: (a * 0.25).asin(),
        lambda a: np.arcsin(a * 0.25),
        unary(),
        True,
    ),
    OpSpec(
        "asin_fn", lambda T, a: T.asin(a * 0.25), lambda a: np.arcsin(a * 0.25), unary()
    ),
    OpSpec(
        "acos",
        lambda T, a: (a * 0.25).acos(),
        lambda a: np.arccos(a * 0.25),
        unary(),
        True,
    ),
    OpSpec(
        "acos_fn", lambda T, a: T.acos(a * 0.25), lambda a: np.arccos(a * 0.25), unary()
    ),
    OpSpec("atan", lambda T, a: a.atan(), np.arctan, unary(), True),
    OpSpec("atan_fn", lambda T, a: T.atan(a), np.arctan, unary()),
    # activations (nn.functional); elu's kink at 0 is kept away from
    OpSpec(
        "F_elu",
        lambda T, a: _F(T).elu(a, alpha=1.5),
        lambda a: np.where(a > 0, a, 1.5 * np.expm1(a)),
        unary(kind="kink"),
        True,
    ),
    OpSpec("F_gelu", lambda T, a: _F(T).gelu(a), _ref_gelu, unary(), True),
    OpSpec(
        "F_gelu_tanh",
        lambda T, a: _F(T).gelu(a, approximate="tanh"),
        _ref_gelu_tanh,
        unary(),
        True,
    ),
    OpSpec(
        "F_silu", lambda T, a: _F(T).silu(a), lambda a: a * _sigmoid(a), unary(), True
    ),
    OpSpec(
        "F_softplus",
        lambda T, a: _F(T).softplus(a),
        lambda a: np.log1p(np.exp(a)),
        unary(),
        True,
    ),
    # beta 2, threshold 1: the switch to x at x = 0.5, which "clamp" avoids
    OpSpec(
        "F_softplus_threshold",
        lambda T, a: _F(T).softplus(a, beta=2.0, threshold=1.0),
        lambda a: np.where(2 * a > 1, a, np.log1p(np.exp(2 * a)) / 2),
        unary(kind="clamp"),
        True,
    ),
    OpSpec(
        "F_hardtanh",
        lambda T, a: _F(T).hardtanh(a, -0.5, 0.5),
        lambda a: np.clip(a, -0.5, 0.5),
        unary(kind="clamp"),
    ),
    # 6a + 3 of "clamp" values is never within 0.6 of relu6's kinks at 0 and 6
    OpSpec(
        "F_relu6",
        lambda T, a: _F(T).relu6(a * 6 + 3),
        lambda a: np.clip(a * 6 + 3, 0, 6),
        unary(kind="clamp"),
    ),
    OpSpec(
        "F_normalize",
        lambda T, a, dim: _F(T).normalize(a, dim=dim),
        _ref_normalize,
        one_dim(kind="nonzero"),
        True,
    ),
    OpSpec("F_layer_norm", _layer_norm, _ref_layer_norm, layer_norm_cases(), True),
    OpSpec("atan2", lambda T, a, b: a.atan2(b), np.arctan2, binary("nonzero"), True),
    OpSpec("atan2_fn", lambda T, a, b: T.atan2(a, b), np.arctan2, binary("nonzero")),
    OpSpec("logaddexp", lambda T, a, b: a.logaddexp(b), np.logaddexp, binary(), True),
    OpSpec("logaddexp_fn", lambda T, a, b: T.logaddexp(a, b), np.logaddexp, binary()),
    OpSpec(
        "roll",
        lambda T, a, **kw: a.roll(**kw),
        lambda a, **kw: _ref_roll(a, **kw),
        roll_cases(),
        True,
    ),
    OpSpec(
        "roll_fn",
        lambda T, a, **kw: T.roll(a, **kw),
        lambda a, **kw: _ref_roll(a, **kw),
        roll_cases(),
    ),
    OpSpec(
        "hstack",
        lambda T, a, b: T.hstack([a, b]),
        lambda a, b: np.hstack([a, b]),
        stack_pair("h"),
    ),
    OpSpec(
        "vstack",
        lambda T, a, b: T.vstack([a, b]),
        lambda a, b: np.vstack([a, b]),
        stack_pair("v"),
    ),
    OpSpec("F_selu", lambda T, a: _F(T).selu(a), _ref_selu, unary(kind="kink"), True),
    OpSpec(
        "F_celu",
        lambda T, a: _F(T).celu(a, alpha=2.0),
        lambda a: np.where(a > 0, a, 2.0 * np.expm1(a / 2.0)),
        unary(kind="kink"),
        True,
    ),
    OpSpec(
        "F_mish",
        lambda T, a: _F(T).mish(a),
        lambda a: a * np.tanh(np.log1p(np.exp(a))),
        unary(),
        True,
    ),
    # 6a of "clamp" values is never within 0.6 of the kinks at -3 and 3
    OpSpec(
        "F_hardswish",
        lambda T, a: _F(T).hardswish(a * 6),
        lambda a: a * 6 * np.clip(a * 6 + 3, 0, 6) / 6,
        unary(kind="clamp"),
        True,
    ),
    OpSpec(
        "F_hardsigmoid",
        lambda T, a: _F(T).hardsigmoid(a * 6),
        lambda a: np.clip(a * 6 + 3, 0, 6) / 6,
        unary(kind="clamp"),
    ),
    OpSpec(
        "F_softsign",
        lambda T, a: _F(T).softsign(a),
        lambda a: a / (1 + np.abs(a)),
        unary(kind="kink"),
        True,
    ),
    OpSpec(
        "F_tanhshrink",
        lambda T, a: _F(T).tanhshrink(a),
        lambda a: a - np.tanh(a),
        unary(),
        True,
    ),
    OpSpec(
        "F_softmin",
        lambda T, a, dim: _F(T).softmin(a, dim=dim),
        lambda a, dim: np.exp(-a) / np.sum(np.exp(-a), axis=dim, keepdims=True),
        one_dim(),
        True,
    ),
    OpSpec(
        "F_cosine_similarity",
        lambda T, a, b, dim: _F(T).cosine_similarity(a, b, dim=dim),
        _ref_cosine,
        pair_with_dim(),
        True,
    ),
    OpSpec(
        "F_kl_div",
        lambda T, x, t: _F(T).kl_div(x, t, reduction="batchmean"),
        _ref_kl_batchmean,
        kl_cases(),
        True,
    ),
    OpSpec(
        "F_smooth_l1_loss",
        lambda T, a, b: _F(T).smooth_l1_loss(a, b),
        _ref_smooth_l1,
        same_shape_pair(),
    ),
    OpSpec(
        "F_smooth_l1_loss_beta",
        lambda T, a, b: _F(T).smooth_l1_loss(a, b, beta=0.5),
        lambda a, b: _ref_smooth_l1(a, b, 0.5),
        same_shape_pair(),
    ),
    OpSpec(
        "F_huber_loss",
        lambda T, a, b: _F(T).huber_loss(a, b, delta=0.8),
        lambda a, b: _ref_huber(a, b, 0.8),
        same_shape_pair(),
    ),
]


# ---------------------------------------------------------------- issue 14 ops


@st.composite
def prod_cases(draw):
    """A tensor with some exact zeros (the hard case of prod's gradient), and
    no dim or one dim, keepdim, method or function."""
    shape = draw(shapes(0, 3))
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    a = values(rng, shape)
    a[rng.random(shape) < 0.3] = 0.0
    nd = len(shape)
    dim = draw(st.none() | st.integers(-nd, nd - 1)) if nd else None
    keepdim = dim is not None and draw(st.booleans())
    how = draw(st.sampled_from(["method", "fn"]))
    return Case((a,), {"dim": dim, "keepdim": keepdim, "how": how}, seed)


def _prod(T, a, dim, keepdim, how):
    if dim is None:
        return a.prod() if how == "method" else T.prod(a)
    if how == "method":
        return a.prod(dim, keepdim=keepdim)
    return T.prod(a, dim, keepdim)


def _ref_prod(a, dim, keepdim, how):
    return np.prod(a, axis=dim, keepdims=keepdim)


@st.composite
def amax_cases(draw):
    """Distinct values (no ties: a finite difference never crosses one), and
    one dim, several, or all (`dim=()`)."""
    case = draw(reduce_dims(kind="distinct"))
    if draw(st.booleans()):
        case.kwargs["dim"] = ()
    case.kwargs["how"] = draw(st.sampled_from(["method", "fn"]))
    return case


def _amax(T, a, dim, keepdim, how, smallest=False):
    name = "amin" if smallest else "amax"
    if how == "method":
        return getattr(a, name)(dim, keepdim=keepdim)
    return getattr(T, name)(a, dim, keepdim)


def _ref_amax(a, dim, keepdim, how, smallest=False):
    axis = None if dim == () else dim
    return (np.min if smallest else np.max)(a, axis=axis, keepdims=keepdim)


@st.composite
def index_select_cases(draw):
    """A tensor, a dim, and a vector of positions along it (repeats allowed)."""
    case = draw(one_dim())
    size = case.arrays[0].shape[case.kwargs["dim"]]
    case.kwargs["index"] = np.asarray(
        draw(st.lists(st.integers(0, size - 1), max_size=4)), dtype=np.int64
    )
    case.kwargs["how"] = draw(st.sampled_from(["method", "fn"]))
    return case


def _index_select(T, a, dim, index, how):
    if how == "method":
        return a.index_select(dim, T.tensor(index))
    return T.index_select(a, dim, T.tensor(index))


def _ref_index_select(a, dim, index, how):
    return np.take(a, index, axis=dim)


@st.composite
def repeat_cases(draw):
    """A tensor (0-d too) and one count (0-3) per dim, maybe one more dim."""
    case = draw(unary())
    nd = case.arrays[0].ndim
    extra = draw(st.integers(0 if nd else 1, 1))
    case.kwargs["repeats"] = tuple(
        draw(st.lists(st.integers(0, 3), min_size=nd + extra, max_size=nd + extra))
    )
    return case


def _in_place(name):
    """`(a * 1.0).<name>_()`: the in-place form, on a copy that has a history."""
    return lambda T, a: getattr(a * 1.0, name + "_")()


OPS = [
    # arithmetic, tensor (op) tensor, broadcasting
    OpSpec("add", lambda T, a, b: a + b, np.add, binary(), False),
    OpSpec("sub", lambda T, a, b: a - b, np.subtract, binary(), False),
    OpSpec("mul", lambda T, a, b: a * b, np.multiply, binary(), True),
    OpSpec("div", lambda T, a, b: a / b, np.divide, binary("any", "nonzero"), True),
    # a % b jumps where a / b is an integer: random floats are almost never near one
    OpSpec("remainder", lambda T, a, b: a % b, np.remainder, binary("any", "nonzero")),
    OpSpec(
        "remainder_scalar",
        lambda T, a, s: T.remainder(a, s),
        lambda a, s: np.remainder(a, s),
        with_scalar(),
    ),
    OpSpec("pow_tensor", lambda T, a, b: a**b, np.power, binary("pos", "any"), True),
    OpSpec(
        "pow_fn_tensor",
        lambda T, a, b: T.pow(a, b),
        np.power,
        binary("pos", "any"),
        True,
    ),
    OpSpec("maximum", lambda T, a, b: T.maximum(a, b), np.maximum, binary("lohi")),
    OpSpec("minimum", lambda T, a, b: T.minimum(a, b), np.minimum, binary("lohi")),
    # arithmetic with a Python number, either side
    OpSpec("add_scalar", lambda T, a, s: a + s, lambda a, s: a + s, with_scalar()),
    OpSpec("radd_scalar", lambda T, a, s: s + a, lambda a, s: s + a, with_scalar()),
    OpSpec("sub_scalar", lambda T, a, s: a - s, lambda a, s: a - s, with_scalar()),
    OpSpec("rsub_scalar", lambda T, a, s: s - a, lambda a, s: s - a, with_scalar()),
    OpSpec("mul_scalar", lambda T, a, s: a * s, lambda a, s: a * s, with_scalar()),
    OpSpec("rmul_scalar", lambda T, a, s: s * a, lambda a, s: s * a, with_scalar()),
    OpSpec("div_scalar", lambda T, a, s: a / s, lambda a, s: a / s, with_scalar()),
    OpSpec(
        "rdiv_scalar",
        lambda T, a, s: s / a,
        lambda a, s: s / a,
        with_scalar(kind="nonzero"),
        True,
    ),
    OpSpec(
        "pow_scalar",
        lambda T, a, s: a**s,
        lambda a, s: a**s,
        with_scalar(kind="pos", scalars=(2, 3, 0.5, -1.5, 1.0, 0)),
        True,
    ),
    OpSpec(
        "pow_int_any_base",
        lambda T, a, s: a**s,
        lambda a, s: a ** float(s),
        with_scalar(kind="any", scalars=(2, 3, 1)),
        True,
    ),
    OpSpec(
        "pow_method",
        lambda T, a, s: a.pow(s),
        lambda a, s: a**s,
        with_scalar(kind="pos", scalars=(2, 0.5, -1.0)),
        True,
    ),
    OpSpec(
        "rpow_scalar",
        lambda T, a, s: s**a,
        lambda a, s: s**a,
        with_scalar(kind="any", scalars=(2.0, 0.5, 3)),
        True,
    ),
    # unary
    OpSpec("neg", lambda T, a: -a, np.negative, unary()),
    OpSpec("square", lambda T, a: a.square(), np.square, unary(), True),
    OpSpec("sign", lambda T, a: a.sign(), np.sign, unary(kind="kink")),
    OpSpec("abs", lambda T, a: a.abs(), np.abs, unary(kind="kink")),
    OpSpec("exp", lambda T, a: a.exp(), np.exp, unary(), True),
    OpSpec("log", lambda T, a: a.log(), np.log, unary(kind="pos"), True),
    OpSpec("sqrt", lambda T, a: a.sqrt(), np.sqrt, unary(kind="pos"), True),
    OpSpec("sin", lambda T, a: a.sin(), np.sin, unary(), True),
    OpSpec("cos", lambda T, a: a.cos(), np.cos, unary(), True),
    OpSpec("tanh", lambda T, a: a.tanh(), np.tanh, unary(), True),
    OpSpec("sigmoid", lambda T, a: a.sigmoid(), _sigmoid, unary(), True),
    OpSpec(
        "relu", lambda T, a: a.relu(), lambda a: np.maximum(a, 0.0), unary(kind="kink")
    ),
    OpSpec("clamp", _clamp, _ref_clamp, clamp_cases()),
    # matmul
    OpSpec("matmul", _matmul, lambda a, b, op: np.matmul(a, b), matmul_cases(), True),
    OpSpec("mm", lambda T, a, b: T.mm(a, b), np.matmul, mm_cases(), True),
    OpSpec(
        "addmm",
        lambda T, c, a, b: T.addmm(c, a, b),
        lambda c, a, b: c + a @ b,
        addmm_cases(),
        True,
    ),
    OpSpec(
        "addmm_method",
        lambda T, c, a, b: c.addmm(a, b),
        lambda c, a, b: c + a @ b,
        addmm_cases(),
        True,
    ),
    # reductions
    OpSpec("sum_all", lambda T, a: a.sum(), np.sum, unary()),
    OpSpec(
        "sum_dim",
        lambda T, a, dim, keepdim: a.sum(dim=dim, keepdim=keepdim),
        lambda a, dim, keepdim: np.sum(a, axis=dim, keepdims=keepdim),
        reduce_dims(),
    ),
    OpSpec(
        "sum_fn_dim",
        lambda T, a, dim, keepdim: T.sum(a, dim, keepdim),
        lambda a, dim, keepdim: np.sum(a, axis=dim, keepdims=keepdim),
        reduce_dims(),
    ),
    OpSpec("mean_all", lambda T, a: a.mean(), np.mean, unary()),
    OpSpec(
        "mean_dim",
        lambda T, a, dim, keepdim: a.mean(dim, keepdim=keepdim),
        lambda a, dim, keepdim: np.mean(a, axis=dim, keepdims=keepdim),
        reduce_dims(),
    ),
    OpSpec("max_all", lambda T, a: a.max(), np.max, unary(kind="distinct")),
    OpSpec("min_all", lambda T, a: T.min(a), np.min, unary(kind="distinct")),
    OpSpec(
        "max_dim",
        _max_dim,
        lambda a, dim, keepdim, how: np.max(a, axis=dim, keepdims=keepdim),
        maxmin_dim_cases(),
    ),
    OpSpec(
        "min_dim",
        _min_dim,
        lambda a, dim, keepdim, how: np.min(a, axis=dim, keepdims=keepdim),
        maxmin_dim_cases(),
    ),
    OpSpec("norm", _norm, _ref_norm, norm_cases(), True),
    OpSpec(
        "var", _var, lambda a, kw, fn: _varstd(a, kw, std=False), varstd_cases(), True
    ),
    OpSpec(
        "std", _std, lambda a, kw, fn: _varstd(a, kw, std=True), varstd_cases(), True
    ),
    OpSpec("softmax", lambda T, a, dim: a.softmax(dim), _softmax, one_dim(), True),
    OpSpec(
        "softmax_fn", lambda T, a, dim: T.softmax(a, dim=dim), _softmax, one_dim(), True
    ),
    OpSpec(
        "log_softmax",
        lambda T, a, dim: a.log_softmax(dim=dim),
        _log_softmax,
        one_dim(),
        True,
    ),
    OpSpec(
        "log_softmax_fn",
        lambda T, a, dim: T.log_softmax(a, dim),
        _log_softmax,
        one_dim(),
        True,
    ),
    # shape
    OpSpec("reshape_view", _reshape, _ref_reshape, reshape_cases()),
    OpSpec("flatten", _flatten, _ref_flatten, flatten_cases()),
    OpSpec("transpose", _transpose, _ref_transpose, transpose_cases()),
    # t(): a matrix transposed (nn.Linear's TBackward0); 0-d and 1-D unchanged
    OpSpec("t", lambda T, a: a.t(), lambda a: a.T, unary(max_dims=2), True),
    OpSpec(
        "permute", _permute, lambda a, perm, how: np.transpose(a, perm), permute_cases()
    ),
    OpSpec(
        "unsqueeze",
        lambda T, a, dim, fn: T.unsqueeze(a, dim) if fn else a.unsqueeze(dim),
        _ref_unsqueeze,
        unsqueeze_cases(),
    ),
    OpSpec("squeeze", _squeeze, _ref_squeeze, squeeze_cases()),
    OpSpec("expand", _expand, _ref_expand, expand_cases()),
    OpSpec("cat", _cat, lambda *a, dim, how: np.concatenate(a, axis=dim), cat_cases()),
    OpSpec(
        "stack",
        lambda T, *xs, dim: T.stack(list(xs), dim=dim),
        lambda *a, dim: np.stack(a, axis=dim),
        stack_cases(),
    ),
    OpSpec("split_chunk", _split, _ref_split, split_cases(), True),
    OpSpec(
        "gather",
        lambda T, a, dim, index: T.gather(a, dim, T.tensor(index)),
        _ref_gather,
        gather_cases(),
        True,
    ),
    OpSpec(
        "sort",
        lambda T, a, dim, flag: T.sort(a, dim, descending=flag).values,
        _ref_sort,
        sort_cases(),
        True,
    ),
    OpSpec(
        "topk",
        lambda T, a, dim, flag, k: a.topk(k, dim, largest=flag).values,
        _ref_sort,
        sort_cases(topk=True),
        True,
    ),
    OpSpec(
        "cumsum",
        lambda T, a, dim: a.cumsum(dim),
        lambda a, dim: np.cumsum(a, axis=dim),
        one_dim(),
        True,
    ),
    OpSpec(
        "cumsum_fn",
        lambda T, a, dim: T.cumsum(a, dim=dim),
        lambda a, dim: np.cumsum(a, axis=dim),
        one_dim(),
    ),
    # values k + [0.1, 0.4]: away from the halves where round jumps
    OpSpec("round", lambda T, a: a.round(), np.round, unary(kind="lo")),
    OpSpec("round_fn", lambda T, a: T.round(a), np.round, unary(kind="lo")),
    # each slice of unbind weighted by its position, so every output counts
    OpSpec(
        "unbind",
        lambda T, a, dim: _weighted(a.unbind(dim)),
        lambda a, dim: _weighted(list(np.moveaxis(a, dim, 0))),
        one_dim(),
        True,
    ),
    OpSpec(
        "where",
        lambda T, a, b, cond: T.where(T.tensor(cond), a, b),
        lambda a, b, cond: np.where(cond, a, b),
        where_cases(),
        True,
    ),
    OpSpec(
        "where_scalar_other",
        lambda T, a, cond, other: T.where(T.tensor(cond), a, other),
        lambda a, cond, other: np.where(cond, a, other),
        where_scalar_cases(),
    ),
    OpSpec("index", _index, _ref_index, index_cases()),
    OpSpec("clone", lambda T, a: a.clone(), np.copy, unary()),
    # issue 12: log10, log2, log1p, expm1 (methods and functions), dot
    OpSpec("log10", lambda T, a: a.log10(), np.log10, unary(kind="pos"), True),
    OpSpec("log10_fn", lambda T, a: T.log10(a), np.log10, unary(kind="pos")),
    OpSpec("log2", lambda T, a: a.log2(), np.log2, unary(kind="pos"), True),
    OpSpec("log2_fn", lambda T, a: T.log2(a), np.log2, unary(kind="pos")),
    # log1p on (-0.5, 1]: its domain is a > -1
    OpSpec(
        "log1p",
        lambda T, a: (a * 0.5).log1p(),
        lambda a: np.log1p(a * 0.5),
        unary(),
        True,
    ),
    OpSpec("log1p_fn", lambda T, a: T.log1p(a), np.log1p, unary(kind="pos")),
    OpSpec("expm1", lambda T, a: a.expm1(), np.expm1, unary(), True),
    OpSpec("expm1_fn", lambda T, a: T.expm1(a), np.expm1, unary()),
    OpSpec("dot", lambda T, a, b: a.dot(b), np.dot, dot_cases(), True),
    OpSpec("dot_fn", lambda T, a, b: T.dot(a, b), np.dot, dot_cases()),
    # issue 14: prod (zeros in the input), amax/amin, index_select, repeat, exp_
    OpSpec("prod", _prod, _ref_prod, prod_cases(), True),
    OpSpec("amax", _amax, _ref_amax, amax_cases(), True),
    OpSpec(
        "amin",
        lambda T, a, **kw: _amax(T, a, smallest=True, **kw),
        lambda a, **kw: _ref_amax(a, smallest=True, **kw),
        amax_cases(),
    ),
    OpSpec(
        "index_select", _index_select, _ref_index_select, index_select_cases(), True
    ),
    OpSpec(
        "repeat",
        lambda T, a, repeats: a.repeat(*repeats),
        lambda a, repeats: np.tile(a, repeats),
        repeat_cases(),
        True,
    ),
    OpSpec("exp_inplace", lambda T, a: (a * 1.0).exp_(), np.exp, unary(), True),
    # the other elementwise functions in place (recorded with their own nodes)
    *[
        OpSpec(f"{name}_inplace", _in_place(name), ref, unary(kind=kind), True)
        for name, ref, kind in [
            ("abs", np.abs, "kink"),
            ("neg", np.negative, "any"),
            ("sign", np.sign, "kink"),
            ("square", np.square, "any"),
            ("sqrt", np.sqrt, "pos"),
            ("reciprocal", np.reciprocal, "nonzero"),
            ("log", np.log, "pos"),
            ("log1p", np.log1p, "pos"),
            ("expm1", np.expm1, "any"),
            ("sin", np.sin, "any"),
            ("cos", np.cos, "any"),
            ("tanh", np.tanh, "any"),
            ("sigmoid", lambda a: 1 / (1 + np.exp(-a)), "any"),
            ("floor", np.floor, "lo"),
            ("ceil", np.ceil, "lo"),
            ("trunc", np.trunc, "lo"),
            ("round", np.round, "lo"),
        ]
    ],
    OpSpec(
        "clamp_min",
        lambda T, a: a.clamp_min(-0.5),
        lambda a: np.maximum(a, -0.5),
        unary(kind="clamp"),
        True,
    ),
    OpSpec(
        "clamp_min_fn",
        lambda T, a: T.clamp_min(a, -0.5),
        lambda a: np.maximum(a, -0.5),
        unary(kind="clamp"),
    ),
    OpSpec(
        "clamp_max",
        lambda T, a: a.clamp_max(0.5),
        lambda a: np.minimum(a, 0.5),
        unary(kind="clamp"),
        True,
    ),
    OpSpec(
        "clamp_max_fn",
        lambda T, a: T.clamp_max(a, 0.5),
        lambda a: np.minimum(a, 0.5),
        unary(kind="clamp"),
    ),
    OpSpec(
        "clamp_min_inplace",
        lambda T, a: (a * 1.0).clamp_min_(-0.5),
        lambda a: np.maximum(a, -0.5),
        unary(kind="clamp"),
    ),
    OpSpec(
        "clamp_max_inplace",
        lambda T, a: (a * 1.0).clamp_max_(0.5),
        lambda a: np.minimum(a, 0.5),
        unary(kind="clamp"),
    ),
    OpSpec(
        "clip_inplace",
        lambda T, a: (a * 1.0).clip_(-0.5, 0.5),
        lambda a: np.clip(a, -0.5, 0.5),
        unary(kind="clamp"),
    ),
    # addmm's beta and alpha (beta=0: the bias is not read, its gradient is 0)
    OpSpec(
        "addmm_scaled",
        lambda T, c, a, b: T.addmm(c, a, b, beta=0.5, alpha=-2.0),
        lambda c, a, b: 0.5 * c - 2.0 * (a @ b),
        addmm_cases(),
        True,
    ),
    OpSpec(
        "addmm_beta0",
        lambda T, c, a, b: c.addmm(a, b, beta=0, alpha=3),
        lambda c, a, b: 3 * (a @ b) + 0 * c,
        addmm_cases(),
        True,
    ),
    # einsum: contractions, batches, diagonals, sums, broadcast ellipses
    OpSpec(
        "einsum_mm",
        lambda T, a, b: T.einsum("ij,jk->ik", a, b),
        lambda a, b: a @ b,
        mm_cases(),
        True,
    ),
    OpSpec(
        "einsum_bmm",
        lambda T, a, b: T.einsum("bij,bjk->bik", [a, b]),
        np.matmul,
        bmm_cases(),
        True,
    ),
    OpSpec(
        "einsum_mv_implicit",
        lambda T, a, b: T.einsum("ij,j", a, b),
        lambda a, b: a @ b,
        mv_cases(),
    ),
    OpSpec(
        "einsum_outer",
        lambda T, a, b: T.einsum("i,j->ij", a, b),
        np.outer,
        outer_cases(),
        True,
    ),
    OpSpec(
        "einsum_ellipsis",
        lambda T, a: T.einsum("...i->...", a) * T.einsum("i...->...i", a).sum(),
        lambda a: a.sum(-1) * a.sum(),
        unary(min_dims=1),
        True,
    ),
    OpSpec(
        "einsum_diagonal",
        lambda T, a: T.einsum("ii->i", a.reshape(-1, 1) * a.reshape(1, -1)),
        lambda a: a.reshape(-1) ** 2,
        unary(min_dims=1, max_dims=1),
        True,
    ),
    # diagonals and narrow
    OpSpec(
        "narrow",
        lambda T, a: a.narrow(0, 0, 1),
        lambda a: a[0:1],
        unary(min_dims=1),
        True,
    ),
    OpSpec(
        "narrow_fn",
        lambda T, a: T.narrow(a, -1, 1, a.shape[-1] - 1),
        lambda a: a[..., 1:],
        unary(min_dims=1),
    ),
    OpSpec(
        "diagonal",
        lambda T, a: a.diagonal(),
        lambda a: np.diagonal(a, axis1=0, axis2=1),
        unary(min_dims=2),
        True,
    ),
    OpSpec(
        "diagonal_fn",
        lambda T, a: T.diagonal(a, 1, -1, 0),
        lambda a: np.diagonal(a, 1, axis1=a.ndim - 1, axis2=0),
        unary(min_dims=2),
    ),
    OpSpec(
        "diag",
        lambda T, a: a.diag(1),
        lambda a: np.diag(a, 1),
        unary(min_dims=1, max_dims=1),
        True,
    ),
    OpSpec(
        "diag_fn",
        lambda T, a: T.diag(a, -1),
        lambda a: np.diag(a, -1),
        unary(min_dims=2, max_dims=2),
        True,
    ),
    OpSpec(
        "trace", lambda T, a: a.trace(), np.trace, unary(min_dims=2, max_dims=2), True
    ),
    OpSpec(
        "trace_fn", lambda T, a: T.trace(a), np.trace, unary(min_dims=2, max_dims=2)
    ),
    *CONV_OPS,
    *MORE_OPS,
]


# ---------------------------------------------------------------- padding, unflatten
# (F.pad's four modes and Tensor.unflatten; more in test_padding_dropout.py)


@st.composite
def unflatten_cases(draw):
    """A tensor, a dim whose size splits into factors, and those factors
    (one maybe -1)."""
    first = draw(st.integers(1, 3))
    second = draw(st.integers(1, 3))
    shape = list(draw(shapes(0, 2)))
    dim = draw(st.integers(0, len(shape)))
    shape.insert(dim, first * second)
    sizes = [first, second]
    if draw(st.booleans()):
        sizes[draw(st.integers(0, 1))] = -1
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    dim = dim - len(shape) if draw(st.booleans()) else dim  # a negative dim too
    kw = {"dim": dim, "sizes": tuple(sizes), "fn": draw(st.booleans())}
    return Case((values(rng, shape),), kw, seed)


def _unflatten(T, x, dim, sizes, fn):
    return T.unflatten(x, dim, sizes) if fn else x.unflatten(dim, sizes)


def _ref_unflatten(a, dim, sizes, fn):
    d = dim % a.ndim
    return a.reshape(a.shape[:d] + sizes + a.shape[d + 1 :])


@st.composite
def pad_cases(draw, mode):
    """An input of 1-3 padded dims (plus 1 or 2 leading) and valid widths,
    negative ones (crops) included."""
    dims = draw(st.integers(1, 3 if mode != "constant" else 2))
    extra = draw(st.integers(1, 2))
    shape = draw(shapes(dims + extra, dims + extra, min_side=2))
    pad = []
    for size in reversed(shape[extra:]):  # the last dimension first
        high = size - 1 if mode == "reflect" else size
        before = draw(st.integers(-1, high))
        after = draw(st.integers(-1, high))
        if mode == "circular" and max(before, after) > size - 1:
            before, after = max(before, 0), max(after, 0)  # (wrap what is kept)
        pad += [before, after]
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    return Case((values(rng, shape),), {"pad": tuple(pad)}, seed)


def _pad(mode):
    return lambda T, x, pad: T.nn.functional.pad(x, pad, mode=mode, value=None)


def _ref_pad(mode):
    """np.pad does the positive widths; slices do the negative ones (circular
    crops first and wraps what is left; the others pad, then crop)."""
    numpy_mode = {"reflect": "reflect", "replicate": "edge", "circular": "wrap"}

    def ref(a, pad):
        k = len(pad) // 2
        pairs = [(pad[2 * i], pad[2 * i + 1]) for i in reversed(range(k))]
        pairs = [(0, 0)] * (a.ndim - k) + pairs
        grow = [(max(b, 0), max(e, 0)) for b, e in pairs]
        crop = tuple(
            slice(max(-b, 0), n - max(-e, 0)) for (b, e), n in zip(pairs, a.shape)
        )
        if mode == "constant":
            return np.pad(a[crop], grow)
        if mode == "circular":
            return np.pad(a[crop], grow, mode="wrap")
        padded = np.pad(a, grow, mode=numpy_mode[mode])
        crop = tuple(
            slice(max(-b, 0), n - max(-e, 0)) for (b, e), n in zip(pairs, padded.shape)
        )
        return padded[crop]

    return ref


PADDING_OPS = [
    OpSpec("unflatten", _unflatten, _ref_unflatten, unflatten_cases()),
    *[
        OpSpec(f"pad_{mode}", _pad(mode), _ref_pad(mode), pad_cases(mode), True)
        for mode in ("constant", "reflect", "replicate", "circular")
    ],
]
OPS += PADDING_OPS

# ----- linear algebra: inverse, det, cdist (minigrad.linalg: test_linalg.py)


@st.composite
def square_cases(draw):
    """A well-conditioned square matrix or batch of them (n*I added), n <= 3."""
    n = draw(st.integers(1, MAX_SIDE))
    batch = draw(st.sampled_from([(), (2,), (2, 1)]))
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    a = values(rng, batch + (n, n)) + n * np.eye(n)
    return Case((a,), {}, seed)


@st.composite
def cdist_cases(draw):
    """Rows x1 (P, M) and x2 (R, M), maybe batched; p = 1, 2 or 3 (no zero
    distances or coordinate differences: the values are drawn apart)."""
    p_rows, r_rows, m = (draw(st.integers(1, MAX_SIDE)) for _ in range(3))
    batch = draw(st.sampled_from([(), (2,)]))
    p = draw(st.sampled_from([1.0, 2.0, 3.0]))
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    x1 = values(rng, batch + (p_rows, m), "lo")
    x2 = values(rng, batch + (r_rows, m), "hi")
    return Case((x1, x2), {"p": p}, seed)


def _ref_cdist(x1, x2, p):
    diff = np.abs(x1[..., :, None, :] - x2[..., None, :, :])
    return (diff**p).sum(-1) ** (1.0 / p)


@st.composite
def svd_cases(draw):
    """An m x n matrix (or a batch) with well separated singular values
    (3, 2, 1, each +-0.1): U diag(s) Vᵀ from random orthogonal U and V."""
    m, n = draw(st.integers(1, MAX_SIDE)), draw(st.integers(1, MAX_SIDE))
    batch = draw(st.sampled_from([(), (2,)]))
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    k = min(m, n)
    u = np.linalg.qr(rng.standard_normal(batch + (m, k)))[0]
    v = np.linalg.qr(rng.standard_normal(batch + (n, k)))[0]
    s = np.arange(k, 0, -1) + rng.uniform(-0.1, 0.1, batch + (k,))
    return Case(((u * s[..., None, :]) @ np.swapaxes(v, -1, -2),), {}, seed)


def _ref_singular_values(a):
    return np.linalg.svd(a, compute_uv=False)


def _svd_rebuilt(T, a):
    """U diag(S) Vᵀ from minigrad.svd: sign-invariant, so it has a reference."""
    U, S, V = T.svd(a)
    return (U * S.unsqueeze(-2)) @ V.mT


@st.composite
def power_cases(draw):
    """A well-conditioned square matrix and a power n in -2..3."""
    case = draw(square_cases())
    case.kwargs = {"n": draw(st.integers(-2, 3))}
    return case


def _spd(T, a):
    """a aᵀ + n·I: symmetric positive-definite, so every entry of a counts
    (cholesky reads only the lower triangle of its input)."""
    n = a.shape[-1]
    return a @ a.mT + n * T.eye(n, dtype=a.dtype)


def _cholesky_of_spd(T, a):
    import warnings

    with warnings.catch_warnings():  # (minigrad.cholesky is deprecated)
        warnings.simplefilter("ignore")
        return T.cholesky(_spd(T, a))


def _ref_cholesky_of_spd(a):
    n = a.shape[-1]
    return np.linalg.cholesky(a @ np.swapaxes(a, -1, -2) + n * np.eye(n))


LINALG_OPS = [
    OpSpec("inverse", lambda T, a: T.inverse(a), np.linalg.inv, square_cases(), True),
    OpSpec("det", lambda T, a: T.det(a), np.linalg.det, square_cases(), True),
    OpSpec("det_method", lambda T, a: a.det(), np.linalg.det, square_cases()),
    # decompositions (minigrad.linalg: test_linalg_more.py has the rest)
    OpSpec("svd", lambda T, a: T.svd(a).S, _ref_singular_values, svd_cases(), True),
    OpSpec("svd_vectors", _svd_rebuilt, lambda a: a, svd_cases(), True),
    OpSpec("pinverse", lambda T, a: T.pinverse(a), np.linalg.pinv, svd_cases(), True),
    OpSpec(
        "matrix_power",
        lambda T, a, n: T.matrix_power(a, n),
        np.linalg.matrix_power,
        power_cases(),
        True,
    ),
    OpSpec("cholesky", _cholesky_of_spd, _ref_cholesky_of_spd, square_cases(), True),
    OpSpec(
        "cdist", lambda T, a, b, p: T.cdist(a, b, p), _ref_cdist, cdist_cases(), True
    ),
]
OPS += LINALG_OPS


# ---------------------------------------------------------------- scatter & co
# (ops/scatter.py; node names, errors and the other in-place forms are in
# test_scatter_ops.py)


def _distinct_along(rng, index_shape, dim, size):
    """Positions in [0, size) for an index of `index_shape`, distinct along
    `dim` (index_shape[dim] <= size): scatter and index_copy then write each
    position once, so every source element's gradient is the true one."""
    keys = rng.random(index_shape[:dim] + (size,) + index_shape[dim + 1 :])
    return np.take(keys.argsort(axis=dim), np.arange(index_shape[dim]), axis=dim)


@st.composite
def scatter_cases(draw, distinct=True, value=False):
    """A tensor, a dim, an index no larger than the tensor off dim (positions
    distinct along dim, or repeated for scatter_add), and a src at least as
    large as the index (or a number `value`)."""
    shape = draw(shapes(1, 3))
    nd = len(shape)
    dim = draw(st.integers(-nd, nd - 1))
    d = dim % nd
    index_shape = [draw(st.integers(1, n)) for n in shape]
    index_shape[d] = draw(st.integers(1, shape[d] if distinct else MAX_SIDE + 1))
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    if distinct:
        index = _distinct_along(rng, tuple(index_shape), d, shape[d])
    else:
        index = rng.integers(0, shape[d], size=index_shape)
    kwargs = {"dim": dim, "index": index}
    if value:
        kwargs["value"] = draw(st.sampled_from([2.5, -1.0, 0]))
        return Case((values(rng, shape),), kwargs, seed)
    src_shape = [n + draw(st.integers(0, 1)) for n in index_shape]
    return Case((values(rng, shape), values(rng, src_shape)), kwargs, seed)


def _ref_scatter(a, src, dim, index, add=False):
    """out[p with its `dim` coordinate replaced by index[p]] = src[p] (or +=)."""
    out = a.copy()
    for p in np.ndindex(*index.shape):
        q = list(p)
        q[dim] = index[p]
        out[tuple(q)] = out[tuple(q)] + src[p] if add else src[p]
    return out


def _ref_scatter_value(a, dim, index, value):
    return _ref_scatter(a, np.full(index.shape, float(value)), dim, index)


_REDUCE = {"sum": np.sum, "prod": np.prod, "mean": np.mean, "amax": np.max}


def _ref_scatter_reduce(a, src, dim, index, reduce, include_self):
    """Each position of `a` that `index` names: `reduce` of its own value (if
    `include_self`) and of the src values sent to it; the others unchanged."""
    out, d, sent = a.copy(), dim % a.ndim, {}
    for p in np.ndindex(index.shape):
        target = list(p)
        target[d] = index[p]
        sent.setdefault(tuple(target), []).append(src[p])
    for target, values_sent in sent.items():
        own = [a[target]] if include_self else []
        out[target] = _REDUCE[reduce](own + values_sent)
    return out


def _ref_index_reduce(a, s, dim, index, reduce, include_self):
    """Each slice of `a` at a position in `index`: `reduce` of itself (if
    `include_self`) and of the slices of `s` sent to it."""
    out, d, sent = a.copy(), dim % a.ndim, {}
    for k, i in enumerate(index):
        sent.setdefault(int(i), []).append(np.take(s, k, axis=d))
    for i, slices in sent.items():
        own = [np.take(a, i, axis=d)] if include_self else []
        where = [slice(None)] * a.ndim
        where[d] = i
        out[tuple(where)] = _REDUCE[reduce](np.stack(own + slices), axis=0)
    return out


@st.composite
def index_add_cases(draw, distinct=False, negative=False):
    """A tensor (0-d too), a dim, a vector of positions along it (repeats
    allowed unless `distinct`, negatives if `negative`), and a source: the
    tensor's shape with the count of positions along dim."""
    shape = draw(shapes(0, 3))
    nd = len(shape)
    dim = draw(st.integers(-max(nd, 1), max(nd, 1) - 1))
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    size = shape[dim] if nd else 1
    if not nd:  # a 0-d tensor: one position, a 0-d source
        positions = [0]
    elif distinct:
        positions = list(rng.permutation(size)[: draw(st.integers(0, size))])
    else:
        low = -size if negative else 0
        positions = draw(st.lists(st.integers(low, size - 1), max_size=4))
    source_shape = list(shape)
    if nd:
        source_shape[dim] = len(positions)
    kwargs = {"dim": dim, "index": np.asarray(positions, dtype=np.int64)}
    return Case((values(rng, shape), values(rng, source_shape)), kwargs, seed)


def _slices_at(a, dim, index):
    """A numpy index of the slices at `index` along `dim` (a 0-d `a`: itself)."""
    if a.ndim == 0:
        return ()
    return (slice(None),) * (dim % a.ndim) + (index,)


def _ref_index_add(a, source, dim, index, alpha=1):
    out = a.copy()
    if a.ndim == 0:
        return out + alpha * source
    np.add.at(out, _slices_at(a, dim, index), alpha * source)
    return out


def _ref_index_copy(a, source, dim, index):
    out = a.copy()
    out[_slices_at(a, dim, index)] = source
    return out


def _ref_index_fill(a, dim, index, value):
    out = a.copy()
    if index.size:
        out[_slices_at(a, dim, index)] = value
    return out


@st.composite
def index_fill_cases(draw, tensor_value=False):
    """A tensor, a dim, positions (repeated, negative), and a number, or (with
    `tensor_value`) a 0-d tensor whose gradient is the sum of the filled slices."""
    case = draw(index_add_cases(negative=True))
    a = case.arrays[0]
    if tensor_value:
        case.arrays = (a, np.asarray(draw(st.floats(-2, 2)), dtype=np.float64))
    else:
        case.arrays = (a,)
        case.kwargs["value"] = draw(st.sampled_from([2.5, -1.0, 0]))
    return case


@st.composite
def masked_select_cases(draw, scatter=False):
    """A tensor and a bool mask that broadcast together (either may be the
    larger); for masked_scatter also a source with enough elements (maybe more)."""
    pair = draw(
        hnp.mutually_broadcastable_shapes(
            num_shapes=2, min_dims=0, max_dims=3, min_side=1, max_side=MAX_SIDE
        )
    )
    shape, mask_shape = pair.input_shapes
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    mask = rng.random(mask_shape) < 0.5
    if not scatter:
        return Case((values(rng, shape),), {"mask": mask}, seed)
    count = int(np.broadcast_to(mask, pair.result_shape).sum())
    source = values(rng, (count + draw(st.integers(0, 2)),))
    return Case((values(rng, shape), source), {"mask": mask}, seed)


def _ref_masked_scatter(a, source, mask):
    out = np.array(np.broadcast_arrays(a, mask)[0])
    where = np.broadcast_to(mask, out.shape)
    out[where] = source[: int(where.sum())]
    return out


@st.composite
def take_along_dim_cases(draw):
    """A tensor, and indices that broadcast with it off `dim` (negatives
    too), or (dim None) a vector of positions into the flattened tensor."""
    shape = draw(shapes(1, 3))
    nd = len(shape)
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    if draw(st.booleans()):
        size = int(np.prod(shape))
        index = rng.integers(0, size, size=draw(st.integers(0, 4)))
        return Case((values(rng, shape),), {"indices": index, "dim": None}, seed)
    dim = draw(st.integers(-nd, nd - 1))
    index_shape = [draw(st.sampled_from([n, 1])) for n in shape]
    index_shape[dim] = draw(st.integers(1, MAX_SIDE + 1))
    index = rng.integers(-shape[dim], shape[dim], size=index_shape)
    return Case((values(rng, shape),), {"indices": index, "dim": dim}, seed)


def _ref_take_along_dim(a, indices, dim):
    if dim is None:
        return a.reshape(-1)[indices]
    return np.take_along_axis(a, indices % a.shape[dim], axis=dim)


@st.composite
def fill_diagonal_cases(draw):
    """A matrix (tall, wide, square) or a cube, a value and `wrap`."""
    if draw(st.booleans()):
        shape = (draw(st.integers(1, 7)), draw(st.integers(1, 3)))
    else:
        shape = (draw(st.integers(1, 3)),) * 3
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    kwargs = {"value": draw(st.sampled_from([2.5, -1.0])), "wrap": draw(st.booleans())}
    return Case((values(rng, shape),), kwargs, seed)


def _ref_fill_diagonal(a, value, wrap):
    out = a.copy()
    np.fill_diagonal(out, value, wrap=wrap)
    return out


SCATTER_OPS = [
    OpSpec(
        "scatter",
        lambda T, a, src, dim, index: a.scatter(dim, T.tensor(index), src),
        _ref_scatter,
        scatter_cases(),
        True,
    ),
    OpSpec(
        "scatter_fn_value",
        lambda T, a, dim, index, value: T.scatter(a, dim, T.tensor(index), value),
        _ref_scatter_value,
        scatter_cases(value=True),
        True,
    ),
    OpSpec(
        "scatter_inplace",
        lambda T, a, src, dim, index: (a * 1.0).scatter_(dim, T.tensor(index), src),
        _ref_scatter,
        scatter_cases(),
    ),
    OpSpec(
        "scatter_add",
        lambda T, a, src, dim, index: T.scatter_add(a, dim, T.tensor(index), src),
        lambda a, src, dim, index: _ref_scatter(a, src, dim, index, add=True),
        scatter_cases(distinct=False),
        True,
    ),
    OpSpec(
        "scatter_add_inplace",
        lambda T, a, src, dim, index: (a * 1.0).scatter_add_(dim, T.tensor(index), src),
        lambda a, src, dim, index: _ref_scatter(a, src, dim, index, add=True),
        scatter_cases(distinct=False),
    ),
    OpSpec(
        "index_add",
        lambda T, a, s, dim, index: a.index_add(dim, T.tensor(index), s, alpha=-1.5),
        lambda a, s, dim, index: _ref_index_add(a, s, dim, index, alpha=-1.5),
        index_add_cases(),
        True,
    ),
    OpSpec(
        "scatter_reduce_sum",
        lambda T, a, src, dim, index: T.scatter_reduce(
            a, dim, T.tensor(index), src, "sum"
        ),
        lambda a, src, dim, index: _ref_scatter_reduce(a, src, dim, index, "sum", True),
        scatter_cases(distinct=False),
        True,
    ),
    OpSpec(
        "scatter_reduce_prod_without_self",
        lambda T, a, src, dim, index: a.scatter_reduce(
            dim, T.tensor(index), src, "prod", include_self=False
        ),
        lambda a, src, dim, index: _ref_scatter_reduce(
            a, src, dim, index, "prod", False
        ),
        scatter_cases(distinct=False),
        True,
    ),
    OpSpec(
        "scatter_reduce_mean",
        lambda T, a, src, dim, index: a.scatter_reduce(
            dim, T.tensor(index), src, "mean"
        ),
        lambda a, src, dim, index: _ref_scatter_reduce(
            a, src, dim, index, "mean", True
        ),
        scatter_cases(distinct=False),
        True,
    ),
    OpSpec(
        "scatter_reduce_amax_inplace",
        lambda T, a, src, dim, index: (a * 1.0).scatter_reduce_(
            dim, T.tensor(index), src, "amax"
        ),
        lambda a, src, dim, index: _ref_scatter_reduce(
            a, src, dim, index, "amax", True
        ),
        scatter_cases(distinct=False),
    ),
    OpSpec(
        "index_reduce_prod",
        lambda T, a, s, dim, index: a.index_reduce(dim, T.tensor(index), s, "prod"),
        lambda a, s, dim, index: _ref_index_reduce(a, s, dim, index, "prod", True),
        index_add_cases().filter(lambda case: case.arrays[0].ndim > 0),
        True,
    ),
    OpSpec(
        "index_reduce_mean_without_self",
        lambda T, a, s, dim, index: T.index_reduce(
            a, dim, T.tensor(index), s, "mean", include_self=False
        ),
        lambda a, s, dim, index: _ref_index_reduce(a, s, dim, index, "mean", False),
        index_add_cases().filter(lambda case: case.arrays[0].ndim > 0),
    ),
    OpSpec(
        "index_add_fn_inplace",
        lambda T, a, s, dim, index: (a * 1.0).index_add_(dim, T.tensor(index), s),
        _ref_index_add,
        index_add_cases(),
    ),
    OpSpec(
        "index_fill",
        lambda T, a, dim, index, value: T.index_fill(a, dim, T.tensor(index), value),
        _ref_index_fill,
        index_fill_cases(),
    ),
    OpSpec(
        "index_fill_tensor_value",
        lambda T, a, v, dim, index: (a * 1.0).index_fill_(dim, T.tensor(index), v),
        lambda a, v, dim, index: _ref_index_fill(a, dim, index, v),
        index_fill_cases(tensor_value=True),
        True,
    ),
    OpSpec(
        "index_copy",
        lambda T, a, s, dim, index: T.index_copy(a, dim, T.tensor(index), s),
        _ref_index_copy,
        index_add_cases(distinct=True),
        True,
    ),
    OpSpec(
        "index_copy_inplace",
        lambda T, a, s, dim, index: (a * 1.0).index_copy_(dim, T.tensor(index), s),
        _ref_index_copy,
        index_add_cases(distinct=True),
    ),
    OpSpec(
        "masked_select",
        lambda T, a, mask: T.masked_select(a, T.tensor(mask)) * 2.0,
        lambda a, mask: (
            np.broadcast_arrays(a, mask)[0][np.broadcast_arrays(a, mask)[1]] * 2.0
        ),
        masked_select_cases(),
        True,
    ),
    OpSpec(
        "masked_scatter",
        lambda T, a, s, mask: a.masked_scatter(T.tensor(mask), s),
        _ref_masked_scatter,
        masked_select_cases(scatter=True),
        True,
    ),
    OpSpec(
        "take_along_dim",
        lambda T, a, indices, dim: T.take_along_dim(a, T.tensor(indices), dim),
        _ref_take_along_dim,
        take_along_dim_cases(),
        True,
    ),
    OpSpec(
        "fill_diagonal_inplace",
        lambda T, a, value, wrap: (a * 1.0).fill_diagonal_(value, wrap=wrap),
        _ref_fill_diagonal,
        fill_diagonal_cases(),
    ),
]
OPS += SCATTER_OPS

# ---------------------------------------------------------------- ops/combine_more.py


@st.composite
def broadcast_cases(draw, count, kinds=None, **extra):
    """`count` operands whose shapes broadcast together, plus drawn settings."""
    bshapes = draw(
        hnp.mutually_broadcastable_shapes(
            num_shapes=count, min_dims=0, max_dims=3, min_side=1, max_side=MAX_SIDE
        )
    )
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    kinds = kinds or ["any"] * count
    arrays = tuple(values(rng, s, k) for s, k in zip(bshapes.input_shapes, kinds))
    return Case(arrays, {k: draw(v) for k, v in extra.items()}, seed)


_SCALES = st.sampled_from([1, 0.5, -2.0])


@st.composite
def add_product_cases(draw, kind):
    """Operands of addmv, addr, baddbmm, addbmm, the input maybe broadcast."""
    b, n, m, p = (draw(st.integers(1, MAX_SIDE)) for _ in range(4))
    out, m1, m2 = {
        "addmv": ((n,), (n, m), (m,)),
        "addr": ((n, m), (n,), (m,)),
        "baddbmm": ((b, n, p), (b, n, m), (b, m, p)),
        "addbmm": ((n, p), (b, n, m), (b, m, p)),
    }[kind]
    bias = draw(st.sampled_from([out, out[1:], ()]))
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    arrays = tuple(values(rng, s) for s in (bias, m1, m2))
    return Case(arrays, {"beta": draw(_SCALES), "alpha": draw(_SCALES)}, seed)


def _ref_add_product(kind):
    def ref(bias, m1, m2, beta, alpha):
        product = {
            "addmv": lambda: m1 @ m2,
            "addr": lambda: np.outer(m1, m2),
            "baddbmm": lambda: m1 @ m2,
            "addbmm": lambda: (m1 @ m2).sum(0),
        }[kind]()
        return beta * bias + alpha * product

    return ref


@st.composite
def last_dim_pair_cases(draw, min_dims=1):
    """Two operands with one last dimension (inner, vdot, ger)."""
    n = draw(st.integers(1, MAX_SIDE))
    lead_a = draw(shapes(min_dims - 1, 2))
    lead_b = draw(shapes(min_dims - 1, 2))
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    return Case((values(rng, lead_a + (n,)), values(rng, lead_b + (n,))), {}, seed)


@st.composite
def vector_pair_cases(draw):
    """Two vectors of one length (vdot)."""
    n = draw(st.integers(1, MAX_SIDE))
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    return Case((values(rng, (n,)), values(rng, (n,))), {}, seed)


@st.composite
def cross_cases(draw):
    """Two operands with a dimension of size 3 at `dim` (size-1 dims broadcast)."""
    k = draw(st.integers(1, MAX_SIDE))
    dim = draw(st.sampled_from([0, 1, -1]))
    shape = [k, 3] if dim != 0 else [3, k]
    other = list(shape)
    if draw(st.booleans()):
        other[1 - (dim % 2)] = 1
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    return Case((values(rng, shape), values(rng, other)), {"dim": dim}, seed)


@st.composite
def pick_cases(draw, k=False):
    """Distinct values (no ties to cross) and one dim; k for kthvalue."""
    case = draw(one_dim(kind="distinct"))
    case.kwargs["keepdim"] = draw(st.booleans())
    if k:
        size = case.arrays[0].shape[case.kwargs["dim"]]
        case.kwargs["k"] = draw(st.integers(1, size))
    return case


def _ref_lower_median(a, dim=None, keepdim=False):
    if dim is None:
        return np.sort(a.ravel())[(a.size - 1) // 2]
    picked = np.take(np.sort(a, axis=dim), [(a.shape[dim] - 1) // 2], axis=dim)
    return picked if keepdim else picked.squeeze(dim)


def _ref_kthvalue(a, k, dim, keepdim):
    picked = np.take(np.sort(a, axis=dim), [k - 1], axis=dim)
    return picked if keepdim else picked.squeeze(dim)


def _ref_mode(a, dim, keepdim):  # (distinct values: each lane's smallest)
    return np.min(a, axis=dim, keepdims=keepdim)


def _ref_logcumsumexp(a, dim):
    return np.logaddexp.accumulate(a, axis=dim)


@st.composite
def aminmax_cases(draw):
    case = draw(unary(kind="distinct", min_dims=0))
    nd = case.arrays[0].ndim
    case.kwargs["dim"] = draw(st.none() | st.integers(-nd, nd - 1)) if nd else None
    case.kwargs["keepdim"] = draw(st.booleans())
    return case


def _aminmax(T, a, dim, keepdim):
    low, high = T.aminmax(a, dim=dim, keepdim=keepdim)
    return low + 2 * high


def _ref_aminmax(a, dim, keepdim):
    if dim is None and keepdim:
        dim = tuple(range(a.ndim))
    return np.min(a, dim, keepdims=keepdim) + 2 * np.max(a, dim, keepdims=keepdim)


@st.composite
def rot90_cases(draw):
    case = draw(unary(min_dims=2))
    nd = case.arrays[0].ndim
    dims = draw(st.permutations(range(nd)))[:2]
    case.kwargs.update(k=draw(st.integers(-5, 5)), dims=tuple(dims))
    return case


@st.composite
def tensor_split_cases(draw, function="tensor_split"):
    """Sections (a count) or indices (maybe out of order or past the end)."""
    need = {"tensor_split": 1, "hsplit": 1, "vsplit": 2, "dsplit": 3}[function]
    case = draw(unary(min_dims=need))
    a = case.arrays[0]
    dim = {"hsplit": 0 if a.ndim == 1 else 1, "vsplit": 0, "dsplit": 2}.get(
        function, draw(st.integers(-a.ndim, a.ndim - 1))
    )
    size = a.shape[dim]
    if function != "tensor_split" and draw(st.booleans()):
        how = draw(st.sampled_from([n for n in range(1, size + 1) if size % n == 0]))
    elif function == "tensor_split" and draw(st.booleans()):
        how = draw(st.integers(1, MAX_SIDE + 1))
    else:
        how = draw(st.lists(st.integers(0, size + 1), max_size=3))
    case.kwargs.update(how=how, dim=dim)
    return case


def _tensor_split(function):
    def fn(T, a, how, dim):
        if function == "tensor_split":
            pieces = T.tensor_split(a, how, dim=dim)
        else:
            pieces = getattr(T, function)(a, how)
        return T.cat([p * (i + 1) for i, p in enumerate(pieces)], dim)

    return fn


def _ref_tensor_split(a, how, dim):
    pieces = np.array_split(a, how, axis=dim)  # (sections or indices, as PyTorch)
    return np.concatenate([p * (i + 1) for i, p in enumerate(pieces)], axis=dim)


@st.composite
def diag_embed_cases(draw):
    case = draw(unary(min_dims=1, max_dims=2))
    nd = case.arrays[0].ndim + 1
    d1, d2 = draw(st.permutations(range(nd)))[:2]
    case.kwargs.update(offset=draw(st.integers(-2, 2)), dim1=d1, dim2=d2)
    return case


def _ref_diag_embed(a, offset, dim1, dim2):
    n = a.shape[-1] + abs(offset)
    out = np.zeros(a.shape[:-1] + (n, n))
    rows = np.arange(a.shape[-1]) + max(-offset, 0)
    out[..., rows, rows + offset] = a
    return np.moveaxis(out, (-2, -1), (dim1, dim2))


COMBINE_MORE_OPS = [
    OpSpec(
        "lerp",
        lambda T, a, b, weight: T.lerp(a, b, weight),
        lambda a, b, weight: a + weight * (b - a),
        broadcast_cases(2, weight=st.sampled_from([0.3, 0.7, -0.5, 1.5])),
        True,
    ),
    OpSpec(
        "lerp_tensor_weight",
        lambda T, a, b, w: a.lerp(b, w),
        lambda a, b, w: a + w * (b - a),
        broadcast_cases(3),
        True,
    ),
    OpSpec(
        "addcmul",
        lambda T, a, b, c, value: T.addcmul(a, b, c, value=value),
        lambda a, b, c, value: a + value * b * c,
        broadcast_cases(3, value=st.sampled_from([1, 0.5, -2.0])),
        True,
    ),
    OpSpec(
        "addcdiv",
        lambda T, a, b, c, value: a.addcdiv(b, c, value=value),
        lambda a, b, c, value: a + value * b / c,
        broadcast_cases(3, ["any", "any", "nonzero"], value=st.sampled_from([1, -2.0])),
        True,
    ),
    *[
        OpSpec(
            kind,
            lambda T, bias, m1, m2, kind=kind, **kw: getattr(T, kind)(
                bias, m1, m2, **kw
            ),
            _ref_add_product(kind),
            add_product_cases(kind),
            True,
        )
        for kind in ("addmv", "addr", "baddbmm", "addbmm")
    ],
    OpSpec(
        "vdot",
        lambda T, a, b: T.vdot(a, b),
        np.dot,
        vector_pair_cases(),
        True,
    ),
    OpSpec(
        "inner", lambda T, a, b: T.inner(a, b), np.inner, last_dim_pair_cases(), True
    ),
    OpSpec(
        "inner_0d",
        lambda T, a, b: a.inner(b),
        np.inner,
        binary().filter(lambda c: c.arrays[0].ndim == 0 or c.arrays[1].ndim == 0),
    ),
    OpSpec(
        "cross",
        lambda T, a, b, dim: T.cross(a, b, dim=dim),
        lambda a, b, dim: np.cross(a, b, axis=dim),
        cross_cases(),
        True,
    ),
    OpSpec("ger", lambda T, a, b: T.ger(a, b), np.outer, outer_cases()),
    OpSpec(
        "nansum",
        lambda T, a, dim, keepdim: T.nansum(a, dim, keepdim),
        lambda a, dim, keepdim: np.sum(a, axis=dim, keepdims=keepdim),
        reduce_dims(),
        True,
    ),
    OpSpec(
        "nanmean",
        lambda T, a, dim, keepdim: a.nanmean(dim, keepdim),
        lambda a, dim, keepdim: np.mean(a, axis=dim, keepdims=keepdim),
        reduce_dims(),
        True,
    ),
    OpSpec(
        "median", lambda T, a: T.median(a), _ref_lower_median, unary(kind="distinct")
    ),
    OpSpec(
        "median_dim",
        lambda T, a, dim, keepdim: a.median(dim, keepdim).values,
        _ref_lower_median,
        pick_cases(),
        True,
    ),
    OpSpec(
        "nanmedian",
        lambda T, a, dim, keepdim: T.nanmedian(a, dim, keepdim).values,
        _ref_lower_median,
        pick_cases(),
    ),
    OpSpec(
        "nanmedian_all",
        lambda T, a: a.nanmedian(),
        _ref_lower_median,
        unary(kind="distinct"),
    ),
    OpSpec(
        "mode",
        lambda T, a, dim, keepdim: T.mode(a, dim, keepdim).values,
        _ref_mode,
        pick_cases(),
    ),
    OpSpec(
        "kthvalue",
        lambda T, a, k, dim, keepdim: T.kthvalue(a, k, dim, keepdim).values,
        _ref_kthvalue,
        pick_cases(k=True),
        True,
    ),
    OpSpec(
        "cummax",
        lambda T, a, dim: T.cummax(a, dim).values,
        lambda a, dim: np.maximum.accumulate(a, axis=dim),
        one_dim(kind="distinct"),
        True,
    ),
    OpSpec(
        "cummin",
        lambda T, a, dim: a.cummin(dim).values,
        lambda a, dim: np.minimum.accumulate(a, axis=dim),
        one_dim(kind="distinct"),
    ),
    OpSpec(
        "logcumsumexp",
        lambda T, a, dim: T.logcumsumexp(a, dim),
        _ref_logcumsumexp,
        one_dim(),
        True,
    ),
    OpSpec("aminmax", _aminmax, _ref_aminmax, aminmax_cases()),
    OpSpec(
        "msort",
        lambda T, a: T.msort(a),
        lambda a: np.sort(a, axis=0) if a.ndim else a,
        unary(kind="distinct"),
    ),
    OpSpec("fliplr", lambda T, a: T.fliplr(a), np.fliplr, unary(min_dims=2)),
    OpSpec("flipud", lambda T, a: a.flipud(), np.flipud, unary(min_dims=1), True),
    OpSpec(
        "rot90",
        lambda T, a, k, dims: T.rot90(a, k, dims),
        lambda a, k, dims: np.rot90(a, k, axes=dims),
        rot90_cases(),
        True,
    ),
    *[
        OpSpec(
            function,
            _tensor_split(function),
            _ref_tensor_split,
            tensor_split_cases(function),
            function == "tensor_split",
        )
        for function in ("tensor_split", "hsplit", "vsplit", "dsplit")
    ],
    OpSpec(
        "diag_embed",
        lambda T, a, **kw: T.diag_embed(a, **kw),
        _ref_diag_embed,
        diag_embed_cases(),
        True,
    ),
    OpSpec(
        "diagflat",
        lambda T, a, offset: T.diagflat(a, offset),
        lambda a, offset: np.diagflat(a, offset),
        unary(offset=st.integers(-2, 2)),
    ),
    OpSpec(
        "sum_to_size",
        lambda T, a: a.sum_to_size(a.shape[1:]),
        lambda a: a.sum(0) if a.ndim else a,
        unary(min_dims=0),
    ),
]
OPS += COMBINE_MORE_OPS


# ---------------------------------------------------------------- more tensor ops
# (ops/shape_more.py; node names, errors and the ops with no gradient are in
# test_more_tensor_ops.py)


@st.composite
def repeat_interleave_cases(draw):
    """A tensor (0-d too), no dim or one, and one count for all (0-3) or a
    tensor of counts (0-2), one per slice."""
    case = draw(unary())
    a = case.arrays[0]
    dim = draw(st.none() | st.integers(-a.ndim, a.ndim - 1)) if a.ndim else None
    size = a.size if dim is None else a.shape[dim]
    if draw(st.booleans()):
        repeats = draw(st.integers(0, 3))
    else:
        repeats = tuple(draw(st.lists(st.integers(0, 2), min_size=size, max_size=size)))
    case.kwargs.update(dim=dim, repeats=repeats, fn=draw(st.booleans()))
    return case


def _repeat_interleave(T, a, dim, repeats, fn):
    if isinstance(repeats, tuple):
        repeats = T.tensor(list(repeats), dtype=T.int64)
    if fn:
        return T.repeat_interleave(a, repeats, dim)
    return a.repeat_interleave(repeats, dim=dim)


@st.composite
def tile_cases(draw):
    """A tensor and fewer, as many or more counts (0-2) than it has dims."""
    case = draw(unary())
    n = draw(st.integers(0, case.arrays[0].ndim + 1))
    counts = st.lists(st.integers(0, 2), min_size=n, max_size=n)
    case.kwargs["dims"] = tuple(draw(counts))
    case.kwargs["fn"] = draw(st.booleans())
    return case


@st.composite
def cumprod_cases(draw):
    """A tensor with some exact zeros (the hard case of cumprod's gradient)."""
    case = draw(one_dim())
    a = case.arrays[0]
    a[np.random.default_rng(case.seed + 1).random(a.shape) < 0.3] = 0.0
    return case


@st.composite
def diff_cases(draw):
    """A tensor, a dim, an order n (0-3), and maybe a tensor to prepend and
    one to append (differentiable too)."""
    case = draw(one_dim())
    a, dim = case.arrays[0], case.kwargs["dim"]
    rng = np.random.default_rng(case.seed + 1)
    arrays, names = [a], []
    for name in ("prepend", "append"):
        if draw(st.booleans()):
            shape = list(a.shape)
            shape[dim] = draw(st.integers(1, 2))
            arrays.append(values(rng, shape))
            names.append(name)
    case.arrays = tuple(arrays)
    # (n=0 gives a copy of the input alone: prepend and append get no gradient)
    case.kwargs.update(n=draw(st.integers(1 if names else 0, 3)), extras=tuple(names))
    return case


def _diff(T, a, *extra, dim, n, extras):
    return T.diff(a, n, dim, **dict(zip(extras, extra)))


def _ref_diff(a, *extra, dim, n, extras):
    return np.diff(a, n, axis=dim, **dict(zip(extras, extra)))


def _var_mean_stacked(std):
    """var_mean (std_mean) as one tensor: both results stacked; and numpy's."""

    def call(T, x, kw, fn):
        return T.stack((T.std_mean if std else T.var_mean)(x, **kw))

    def ref(a, kw, fn):
        mean = np.mean(a, axis=kw.get("dim"), keepdims=kw.get("keepdim", False))
        return np.stack([_varstd(a, kw, std), mean])

    return call, ref


@st.composite
def meshgrid_cases(draw):
    """One to three 1-d (or 0-d) tensors, and "ij" or "xy"."""
    count = draw(st.integers(1, 3))
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    arrays = tuple(values(rng, draw(shapes(0, 1))) for _ in range(count))
    return Case(arrays, {"indexing": draw(st.sampled_from(["ij", "xy"]))}, seed)


@st.composite
def broadcast_to_cases(draw):
    """A target shape and an input that broadcasts to it (fewer dims, 1s)."""
    target = draw(shapes(0, 3))
    drop = draw(st.integers(0, len(target)))
    shape = tuple(s if draw(st.booleans()) else 1 for s in target[drop:])
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    kwargs = {"size": target, "fn": draw(st.booleans())}
    return Case((values(rng, shape),), kwargs, seed)


@st.composite
def movedim_cases(draw):
    """Some dims moved to new places (ints or tuples, negative too)."""
    case = draw(unary(min_dims=1))
    nd = case.arrays[0].ndim
    k = draw(st.integers(1, nd))
    source = draw(st.permutations(range(nd)))[:k]
    destination = draw(st.permutations(range(nd)))[:k]
    destination = [d - nd if draw(st.booleans()) else d for d in destination]
    if k == 1 and draw(st.booleans()):
        source, destination = source[0], destination[0]
    case.kwargs.update(
        source=source,
        destination=destination,
        how=draw(st.sampled_from(["method", "movedim", "moveaxis"])),
    )
    return case


def _movedim(T, a, source, destination, how):
    if how == "method":
        return a.movedim(source, destination)
    return getattr(T, how)(a, source, destination)


@st.composite
def swapaxes_cases(draw):
    """Two dims to swap, by swapaxes or swapdims, method or function."""
    case = draw(transpose_cases())
    how = ["swapaxes", "swapdims", "fn_swapaxes", "fn_swapdims"]
    case.kwargs["how"] = draw(st.sampled_from(how))
    return case


def _swapaxes(T, a, d0, d1, how):
    if how.startswith("fn_"):
        return getattr(T, how[3:])(a, d0, d1)
    return getattr(a, how)(d0, d1)


@st.composite
def nan_to_num_cases(draw):
    """Values with some nan, inf and -inf among them."""
    case = draw(unary())
    a = case.arrays[0]
    pick = np.random.default_rng(case.seed + 1).integers(0, 6, size=a.shape)
    a[pick == 0], a[pick == 1], a[pick == 2] = np.nan, np.inf, -np.inf
    return case


_NAN_TO_NUM = {"nan": 0.5, "posinf": 3.0, "neginf": -3.0}

MORE_TENSOR_OPS = [
    OpSpec(
        "repeat_interleave",
        _repeat_interleave,
        lambda a, dim, repeats, fn: np.repeat(a, repeats, axis=dim),
        repeat_interleave_cases(),
        True,
    ),
    OpSpec(
        "tile",
        lambda T, a, dims, fn: T.tile(a, dims) if fn else a.tile(dims),
        lambda a, dims, fn: np.tile(a, dims),
        tile_cases(),
        True,
    ),
    OpSpec(
        "cumprod",
        lambda T, a, dim: a.cumprod(dim),
        lambda a, dim: np.cumprod(a, axis=dim),
        cumprod_cases(),
        True,
    ),
    OpSpec(
        "cumprod_fn",
        lambda T, a, dim: T.cumprod(a, dim=dim),
        lambda a, dim: np.cumprod(a, axis=dim),
        cumprod_cases(),
    ),
    OpSpec("diff", _diff, _ref_diff, diff_cases(), True),
    OpSpec("ravel", lambda T, a: a.ravel(), np.ravel, unary()),
    OpSpec(
        "ravel_fn",
        lambda T, a: T.ravel(a.transpose(0, -1)),
        lambda a: np.swapaxes(a, 0, -1).ravel(),
        unary(min_dims=1),
    ),
    OpSpec("t_fn", lambda T, a: T.t(a), lambda a: a.T, unary(max_dims=2)),
    OpSpec("fmax", lambda T, a, b: T.fmax(a, b), np.fmax, binary("lohi"), True),
    OpSpec("fmin", lambda T, a, b: a.fmin(b), np.fmin, binary("lohi")),
    OpSpec("var_mean", *_var_mean_stacked(std=False), varstd_cases(), True),
    OpSpec("std_mean", *_var_mean_stacked(std=True), varstd_cases(), True),
    OpSpec(
        "meshgrid",
        lambda T, *xs, indexing: _weighted(T.meshgrid(*xs, indexing=indexing)),
        lambda *xs, indexing: _weighted(np.meshgrid(*xs, indexing=indexing)),
        meshgrid_cases(),
    ),
    OpSpec(
        "broadcast_to",
        lambda T, a, size, fn: T.broadcast_to(a, size) if fn else a.broadcast_to(size),
        lambda a, size, fn: np.broadcast_to(a, size),
        broadcast_to_cases(),
    ),
    OpSpec(
        "broadcast_tensors",
        lambda T, a, b: _weighted(T.broadcast_tensors(a, b)),
        lambda a, b: _weighted(np.broadcast_arrays(a, b)),
        binary(),
    ),
    OpSpec(
        "movedim",
        _movedim,
        lambda a, source, destination, how: np.moveaxis(a, source, destination),
        movedim_cases(),
    ),
    OpSpec(
        "swapaxes",
        _swapaxes,
        lambda a, d0, d1, how: np.swapaxes(a, d0, d1),
        swapaxes_cases(),
    ),
    OpSpec(
        "nan_to_num",
        lambda T, a: a.nan_to_num(**_NAN_TO_NUM),
        lambda a: np.nan_to_num(a, **_NAN_TO_NUM),
        nan_to_num_cases(),
        True,
    ),
    OpSpec(
        "nan_to_num_fn",
        lambda T, a: T.nan_to_num(a, 0.5, 3.0, -3.0),
        lambda a: np.nan_to_num(a, **_NAN_TO_NUM),
        nan_to_num_cases(),
    ),
]
OPS += MORE_TENSOR_OPS


# more elementwise functions (ops/elementwise_more.py); the special functions'
# references come from the standard library (math.lgamma) or from inverting erf
def _ref_lgamma(a):
    import math

    return np.vectorize(math.lgamma)(a)


def _ref_digamma(a, h=1e-3):
    # lgamma's derivative by Richardson's five-point difference (error ~1e-12)
    f = _ref_lgamma
    return (8 * (f(a + h) - f(a - h)) - (f(a + 2 * h) - f(a - 2 * h))) / (12 * h)


def _ref_erfinv(a):
    from math import erf

    x = np.zeros_like(a)  # bisection of erf: slow, exact enough for the tests
    lo, hi = np.full_like(a, -4.0), np.full_like(a, 4.0)
    for _ in range(60):
        x = (lo + hi) / 2
        below = np.vectorize(erf)(x) < a
        lo, hi = np.where(below, x, lo), np.where(below, hi, x)
    return x


def _ref_sinc(a):
    return np.sinc(a)


def _ref_xlogy(a, b):
    return np.where(a == 0, 0.0, a * np.log(b))


ELEMENTWISE_MORE_OPS = [
    OpSpec(
        "tan", lambda T, a: T.tan(a * 0.5), lambda a: np.tan(a * 0.5), unary(), True
    ),
    OpSpec("asinh", lambda T, a: T.asinh(a), np.arcsinh, unary(), True),
    OpSpec(
        "acosh",
        lambda T, a: T.acosh(a + 1.0),
        lambda a: np.arccosh(a + 1),
        unary("pos"),
        True,
    ),
    OpSpec(
        "atanh",
        lambda T, a: T.atanh(a * 0.4),
        lambda a: np.arctanh(a * 0.4),
        unary(),
        True,
    ),
    OpSpec(
        "logit",
        lambda T, a: T.logit(a * 0.4),
        lambda a: np.log(a * 0.4 / (1 - a * 0.4)),
        unary("pos"),
        True,
    ),
    OpSpec(
        "logit_eps",
        lambda T, a: (a * 0.4).logit(eps=0.1),
        lambda a: np.log(a * 0.4 / (1 - a * 0.4)),
        unary("pos"),
    ),
    OpSpec("erfc", lambda T, a: T.erfc(a), lambda a: 1 - _ref_erf(a), unary(), True),
    OpSpec(
        "erfinv",
        lambda T, a: T.erfinv(a * 0.4),
        lambda a: _ref_erfinv(a * 0.4),
        unary(),
        True,
    ),
    OpSpec("exp2", lambda T, a: T.exp2(a), np.exp2, unary(), True),
    OpSpec(
        "float_power",  # (float64 results: back to the input's dtype to compare)
        lambda T, a: T.float_power(a, 2.5).to(a.dtype),
        lambda a: a**2.5,
        unary("pos"),
        True,
    ),
    OpSpec(
        "float_power_tensor",
        lambda T, a, b: a.float_power(b).to(a.dtype),
        np.power,
        binary("pos", "any"),
    ),
    # |a| <= 2 < |b|: a / b never reaches an integer, where fmod jumps
    OpSpec(
        "fmod",
        lambda T, a, b: T.fmod(a, b + 2.1),
        lambda a, b: np.fmod(a, b + 2.1),
        binary("any", "pos"),
    ),
    OpSpec("fmod_scalar", lambda T, a: a.fmod(2.5), lambda a: np.fmod(a, 2.5), unary()),
    OpSpec("sgn", lambda T, a: T.sgn(a), np.sign, unary("kink")),
    OpSpec(
        "hypot",
        lambda T, a, b: T.hypot(a, b),
        np.hypot,
        binary("nonzero", "nonzero"),
        True,
    ),
    OpSpec(
        "xlogy", lambda T, a, b: T.xlogy(a, b), _ref_xlogy, binary("any", "pos"), True
    ),
    OpSpec(
        "xlogy_scalar", lambda T, a: a.xlogy(2.5), lambda a: _ref_xlogy(a, 2.5), unary()
    ),
    OpSpec(
        "xlogy_number_input",
        lambda T, b: T.xlogy(2.5, b),
        lambda b: _ref_xlogy(2.5, b),
        unary("pos"),
    ),
    OpSpec("sinc", lambda T, a: T.sinc(a), _ref_sinc, unary("kink"), True),
    OpSpec("deg2rad", lambda T, a: T.deg2rad(a), np.deg2rad, unary(), True),
    OpSpec("rad2deg", lambda T, a: T.rad2deg(a), np.rad2deg, unary(), True),
    OpSpec(
        "copysign",
        lambda T, a, b: T.copysign(a, b),
        np.copysign,
        binary("kink", "kink"),
        True,
    ),
    OpSpec(
        "copysign_scalar",
        lambda T, a: a.copysign(-1.0),
        lambda a: np.copysign(a, -1.0),
        unary("kink"),
    ),
    OpSpec("lgamma", lambda T, a: T.lgamma(a), _ref_lgamma, unary("pos"), True),
    OpSpec("digamma", lambda T, a: T.digamma(a), _ref_digamma, unary("pos"), True),
    OpSpec("absolute", lambda T, a: T.absolute(a), np.abs, unary("kink")),
    OpSpec("negative", lambda T, a: T.negative(a), np.negative, unary()),
    OpSpec("positive", lambda T, a: T.positive(a) * 1.0, lambda a: a, unary()),
    OpSpec(
        "subtract",
        lambda T, a, b: T.subtract(a, b, alpha=2),
        lambda a, b: a - 2 * b,
        binary(),
    ),
    OpSpec("multiply", lambda T, a, b: T.multiply(a, b), np.multiply, binary()),
    OpSpec(
        "divide", lambda T, a, b: T.divide(a, b), np.divide, binary("any", "nonzero")
    ),
    OpSpec(
        "true_divide",
        lambda T, a, b: T.true_divide(a, b),
        np.divide,
        binary("any", "nonzero"),
    ),
    OpSpec(
        "tan_in_place",
        lambda T, a: (a * 0.5).tan_(),
        lambda a: np.tan(a * 0.5),
        unary(),
    ),
]
OPS += ELEMENTWISE_MORE_OPS


# ---------------------------------------------------------------- ops/misc_more.py


@st.composite
def matrix_case(draw, kind="any", min_rows=1, min_cols=2):
    """One matrix (variables x observations for cov, rows for quantile)."""
    rows = draw(st.integers(min_rows, MAX_SIDE))
    cols = draw(st.integers(min_cols, MAX_SIDE + 1))
    seed = draw(seeds)
    return Case((values(np.random.default_rng(seed), (rows, cols), kind),), {}, seed)


@st.composite
def two_matrices(draw):
    """Two small matrices of any shapes (kron, block_diag)."""
    seed = draw(seeds)
    rng = np.random.default_rng(seed)
    dims = [draw(st.integers(1, MAX_SIDE)) for _ in range(4)]
    return Case((values(rng, dims[:2]), values(rng, dims[2:])), {}, seed)


def _ref_trapezoid(y):
    return ((y[..., 1:] + y[..., :-1]) / 2).sum(-1)


def _ref_cumulative_trapezoid(y):
    return np.cumsum((y[..., 1:] + y[..., :-1]) / 2, axis=-1)


def _without_warnings(function, *args):
    """function(*args), quietly (chain_matmul warns that it is deprecated)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return function(*args)


def _ref_block_diag(a, b):
    out = np.zeros((a.shape[0] + b.shape[0], a.shape[1] + b.shape[1]))
    out[: a.shape[0], : a.shape[1]] = a
    out[a.shape[0] :, a.shape[1] :] = b
    return out


MISC_MORE_OPS = [
    OpSpec(
        "trapezoid",
        lambda T, a: T.trapezoid(a),
        _ref_trapezoid,
        unary(min_dims=1, min_side=2),
        True,
    ),
    OpSpec(
        "trapz_dx",
        lambda T, a: T.trapz(a, dx=0.5),
        lambda a: _ref_trapezoid(a) * 0.5,
        unary(min_dims=1, min_side=2),
    ),
    OpSpec(
        "cumulative_trapezoid",
        lambda T, a: T.cumulative_trapezoid(a),
        _ref_cumulative_trapezoid,
        unary(min_dims=1, min_side=2),
    ),
    OpSpec("cov", lambda T, a: T.cov(a), np.cov, matrix_case(), True),
    OpSpec(
        "cov_aweights",
        lambda T, a: a.cov(aweights=T.linspace(0.5, 2.0, a.shape[1], dtype=a.dtype)),
        lambda a: np.cov(a, aweights=np.linspace(0.5, 2.0, a.shape[1])),
        matrix_case(),
    ),
    OpSpec(
        "corrcoef",
        lambda T, a: T.corrcoef(a),
        np.corrcoef,
        matrix_case("distinct", min_rows=2, min_cols=3),
    ),
    OpSpec(
        "quantile",
        lambda T, a: T.quantile(a, 0.3, dim=1),
        lambda a: np.quantile(a, 0.3, axis=1),
        matrix_case("distinct"),
        True,
    ),
    OpSpec(
        "nanquantile",
        lambda T, a: a.nanquantile(a.new_tensor([0.25, 0.5]), interpolation="midpoint"),
        lambda a: np.nanquantile(a, [0.25, 0.5], method="midpoint"),
        matrix_case("distinct"),
    ),
    OpSpec("kron", lambda T, a, b: T.kron(a, b), np.kron, two_matrices(), True),
    OpSpec(  # (repeated products: exact at 0 too; PyTorch's own backward fails)
        "vander",
        lambda T, a, n, increasing: T.vander(a, N=n, increasing=increasing),
        lambda a, n, increasing: np.vander(a, N=n, increasing=increasing),
        unary(min_dims=1, max_dims=1, n=st.integers(2, 4), increasing=st.booleans()),
        True,
    ),
    OpSpec(
        "block_diag",
        lambda T, a, b: T.block_diag(a, b),
        _ref_block_diag,
        two_matrices(),
    ),
    OpSpec(
        "tensordot",
        lambda T, a: T.tensordot(a, a, dims=([1], [1])),
        lambda a: np.tensordot(a, a, axes=([1], [1])),
        matrix_case(),
        True,
    ),
    OpSpec(
        "chain_matmul",
        lambda T, a: _without_warnings(T.chain_matmul, a, a.T, a),
        lambda a: a @ a.T @ a,
        matrix_case(),
    ),
    OpSpec(
        "column_stack",
        lambda T, a: T.column_stack([a[:, 0], a]),
        lambda a: np.column_stack([a[:, 0], a]),
        matrix_case(min_rows=2, min_cols=2),
    ),
    OpSpec(
        "dstack",
        lambda T, a: T.dstack([a, a * 2]),
        lambda a: np.dstack([a, a * 2]),
        unary(min_dims=1, max_dims=3),
    ),
    OpSpec(
        "combinations",
        lambda T, a: T.combinations(a.reshape(-1), 2),
        lambda a: np.array(list(itertools.combinations(a.reshape(-1), 2))).reshape(
            -1, 2
        ),
        unary(min_dims=1, max_dims=1),
    ),
    OpSpec(
        "cartesian_prod",
        lambda T, a: T.cartesian_prod(a.reshape(-1), a.reshape(-1) * 2),
        lambda a: np.array(list(itertools.product(a.reshape(-1), 2 * a.reshape(-1)))),
        unary(min_dims=1, max_dims=2),
    ),
    OpSpec(
        "atleast_3d",
        lambda T, a: T.atleast_3d(a),
        np.atleast_3d,
        unary(),
    ),
]
OPS += MISC_MORE_OPS


# ----- more small functions: take, select, dist, logaddexp2, logdet, slogdet


@st.composite
def take_cases(draw):
    """A tensor and int64 positions into its flattened elements (any shape of
    positions, negatives and repeats too: repeats add up in the gradient)."""
    case = draw(unary())
    n = case.arrays[0].size
    rng = np.random.default_rng(case.seed)
    case.kwargs["index"] = rng.integers(-n, n, size=draw(shapes(0, 2)))
    return case


@st.composite
def select_cases(draw):
    """A tensor with dimensions, a dim (negative too) and an index along it."""
    case = draw(unary(min_dims=1))
    shape = case.arrays[0].shape
    dim = draw(st.integers(-len(shape), len(shape) - 1))
    index = draw(st.integers(-shape[dim], shape[dim] - 1))
    case.kwargs.update(dim=dim, index=index)
    return case


@st.composite
def dist_cases(draw):
    """Two broadcasting operands, one low and one high (so no difference is
    near 0, where the norm has a kink), and p = 1, 2 or 3."""
    case = draw(binary("lohi"))
    case.kwargs["p"] = draw(st.sampled_from([1, 2, 3]))
    return case


def _ref_dist(a, b, p):
    return np.linalg.norm((a - b).reshape(-1), p)


def _ref_logdet_of_spd(a):
    n = a.shape[-1]
    return np.linalg.slogdet(a @ np.swapaxes(a, -1, -2) + n * np.eye(n))[1]


MORE_SMALL_OPS = [
    OpSpec(
        "take",
        lambda T, a, index: T.take(a, T.tensor(index)),
        lambda a, index: np.take(a, index),
        take_cases(),
        True,
    ),
    OpSpec(
        "select",
        lambda T, a, dim, index: T.select(a, dim, index),
        lambda a, dim, index: np.take(a, index, axis=dim),
        select_cases(),
        True,
    ),
    OpSpec("dist", lambda T, a, b, p: T.dist(a, b, p), _ref_dist, dist_cases(), True),
    OpSpec(
        "logaddexp2",
        lambda T, a, b: T.logaddexp2(a, b),
        np.logaddexp2,
        binary(),
        True,
    ),
    # a aᵀ + n·I: a positive determinant, so logdet has no nan
    OpSpec(
        "logdet",
        lambda T, a: T.logdet(_spd(T, a)),
        _ref_logdet_of_spd,
        square_cases(),
        True,
    ),
    OpSpec(
        "slogdet",
        lambda T, a: T.slogdet(a).logabsdet,
        lambda a: np.linalg.slogdet(a)[1],
        square_cases(),
        True,
    ),
]
OPS += MORE_SMALL_OPS

OPS_BY_NAME = {op.name: op for op in OPS}
assert len(OPS_BY_NAME) == len(OPS), "duplicate op names in the table"
SECOND_ORDER_OPS = [op for op in OPS if op.second_order]
