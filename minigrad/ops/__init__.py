"""The built-in differentiable operations, each a `Function`.

- `arithmetic.py`: + - * / ** and negation
- `unary.py`: exp, log, sqrt, sin, cos, tanh, sigmoid, relu, abs, clamp, round
- `reduce.py`: sum, mean, cumsum, max, min, var, std, norm, softmax,
  log_softmax
- `linalg.py`: matmul, addmm
- `shape.py`: reshape, transpose, permute, (un)squeeze, expand, cat, stack,
  unbind, split, indexing, where, maximum, minimum, dtype casts
- `sorting.py`: gather, sort, topk (elements picked by position)

Each `forward` computes with numpy on `x._data` and returns a numpy array;
each `backward` is written with Tensor operations, so that it can itself be
differentiated (`create_graph=True`). Broadcasting is undone in one place
(`autograd.function.sum_to_shape`), not in each op.
"""
