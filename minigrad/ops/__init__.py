"""The built-in differentiable operations.

- `arithmetic.py`: + - * / ** and negation
- `unary.py`: exp, log, sqrt, sin, cos, tanh, sigmoid, relu, abs, clamp, round
- `reduce.py`: sum, mean, cumsum, max, min, var, std, norm, softmax,
  log_softmax
- `linalg.py`: matmul, addmm
- `shape.py`: reshape, transpose, permute, (un)squeeze, expand, cat, stack,
  unbind, split, indexing, where, maximum, minimum, dtype casts
- `sorting.py`: gather, sort, topk (elements picked by position)

Two patterns (docs/ops.md says where each op lives and how to add one):
the hot ops are functions that compute on numpy values and call
`autograd.function.record`, beside a node class whose `backward` is written
with operators numpy arrays and tensors share (so one formula serves a plain
backward and `create_graph=True`); the others are `Function` subclasses
whose `backward` uses tensor operations. Broadcasting is undone in one place
(`autograd.function.fit_gradient`), not in each op.
"""
