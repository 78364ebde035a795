"""Answer checks for lesson 20 (convolutional networks).

Each check prints one verdict line and returns a ``Verdict`` (true when
right), with a hint that names the likely mistake, and a hint for an answer
still set to ``None`` that gives nothing away. The machinery (``check``,
``Mistake``, ...) is ``lessons/checks.py``; read that first. Each check
recomputes the right answer with minigrad itself, from the same numbers as
the lesson's exercise cells. Each wears ``@exercise_check``, so it never
raises into the notebook and never hangs.
"""

from __future__ import annotations

from typing import Any

import numpy as np

import minigrad as torch
import minigrad.nn.functional as F
from lessons.checks import (
    MISSING_HINT,
    Mistake,
    Verdict,
    as_array,
    check,
    correct,
    exercise_check,
    is_missing,
    not_yet,
)

__all__ = ["check_20_output_shape", "check_20_weight_grad"]

# Exercise 20.1: nn.Conv2d(3, 8, kernel_size=5, stride=2, padding=2) applied
# to a batch of shape (4, 3, 30, 30).
SHAPE_INPUT = (4, 3, 30, 30)
SHAPE_CONV = {"in_channels": 3, "out_channels": 8, "kernel_size": 5}
SHAPE_STRIDE, SHAPE_PADDING = 2, 2


def _side(size: int, kernel: int, stride: int, padding: int) -> int:
    """One output side: floor((size + 2·padding - kernel) / stride) + 1."""
    return (size + 2 * padding - kernel) // stride + 1


def _right_shape() -> tuple[int, int, int, int]:
    n, _, h, w = SHAPE_INPUT
    k, s, p = SHAPE_CONV["kernel_size"], SHAPE_STRIDE, SHAPE_PADDING
    return (n, SHAPE_CONV["out_channels"], _side(h, k, s, p), _side(w, k, s, p))


def _shape_mistakes(right: tuple[int, ...]) -> dict[tuple[int, ...], str]:
    """Wrong shapes a student may compute, each with what went wrong."""
    n, c, _, _ = right
    size, k, s, p = SHAPE_INPUT[2], SHAPE_CONV["kernel_size"], SHAPE_STRIDE, 2

    def square(side: int) -> tuple[int, ...]:
        return (n, c, side, side)

    return {
        square(_side(size, k, s, 0)): "that side is what you get without the "
        "padding: padding=2 adds 2 pixels on each side, so 2·padding to H "
        "before the kernel slides.",
        square((size + 2 * p - k) // s): "almost: you forgot the +1 (the "
        "kernel's first position, before any stride).",
        square(-(-(size + 2 * p - k) // s) + 1): "round down, not up: a window "
        "that would stick out past the padded edge is not computed (floor).",
        square(size + 2 * p - k + 1): "that is the size with stride 1: with "
        "stride=2 the kernel jumps two pixels, so divide by the stride "
        "before adding 1.",
        square(size - k + 1): "that ignores both the stride and the padding: "
        "floor((H + 2·padding - kernel) / stride) + 1.",
        (n, SHAPE_INPUT[1], right[2], right[3]): "the sides are right, but a "
        "convolution outputs out_channels channels (one per filter), not the "
        "input's channels.",
        (c, n, right[2], right[3]): "the batch comes first: (N, C, H, W), "
        "with C = out_channels.",
    }


def _as_shape(answer: Any) -> tuple[int, ...] | None:
    """A tuple of ints from a tuple, list or Size of whole numbers, else None."""
    if isinstance(answer, (str, bytes)) or not hasattr(answer, "__len__"):
        return None
    if isinstance(answer, (torch.Tensor, np.ndarray)):
        return None
    try:
        items = list(answer)
    except Exception:
        return None
    if len(items) > 16:
        return None
    shape = []
    for item in items:
        if isinstance(item, bool) or not isinstance(item, (int, float, np.integer)):
            return None
        if float(item) != int(item):
            return None
        shape.append(int(item))
    return tuple(shape)


@exercise_check
def check_20_output_shape(answer: Any) -> Verdict:
    """Exercise 20.1: the output shape of Conv2d(3, 8, 5, stride=2, padding=2)
    on a batch of shape (4, 3, 30, 30), as a tuple (N, C, H, W)."""
    if is_missing(answer):
        return not_yet(MISSING_HINT)
    right = _right_shape()
    if isinstance(answer, torch.Tensor):
        return not_yet(
            "that is a tensor; the exercise asks for its shape: a tuple of "
            "four whole numbers (N, C, H, W), such as tuple(y.shape)."
        )
    shape = _as_shape(answer)
    if shape is None:
        if isinstance(answer, (int, float, np.integer)) and not isinstance(
            answer, bool
        ):
            return not_yet(
                "that is one number; give the whole shape: a tuple of four "
                "whole numbers (N, C, H, W)."
            )
        return not_yet(
            f"answer is a {type(answer).__name__}; give a tuple of four whole "
            "numbers (N, C, H, W), e.g. (1, 2, 3, 4)."
        )
    if shape == right:
        return correct(
            "floor((30 + 2·2 - 5) / 2) + 1 = 15 on each side, 8 channels, "
            "the batch of 4 unchanged."
        )
    if len(shape) != 4:
        return not_yet(
            f"your shape has {len(shape)} numbers; a Conv2d output has four: "
            "(N, C, H, W)."
        )
    hint = _shape_mistakes(right).get(shape)
    if hint:
        return not_yet(hint)
    return not_yet(
        f"{shape} is not it yet. Keep the batch size, put out_channels second, "
        "and compute each side with floor((H + 2·padding - kernel) / stride) + 1."
    )


# Exercise 20.2: y = F.conv2d(x, w) with these numbers, L = (y * G).sum().
def exercise_tensors() -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """x (1, 1, 6, 6), w (1, 1, 3, 3) and G = dL/dy (1, 1, 4, 4) of exercise 20.2.

    Returns:
        The three tensors, built as the lesson's exercise cell builds them.

    Example:
        >>> x, w, G = exercise_tensors()
        >>> tuple(G.shape)
        (1, 1, 4, 4)
    """
    x = (3 * torch.arange(36.0).reshape(1, 1, 6, 6).cos()).round()
    w = torch.tensor([[[[1.0, 0.0, -1.0], [2.0, 0.0, -2.0], [1.0, 0.0, -1.0]]]])
    G = torch.arange(16.0).reshape(1, 1, 4, 4).sin().round()
    return x, w, G


@exercise_check
def check_20_weight_grad(answer: Any) -> Verdict:
    """Exercise 20.2: w.grad of L = (F.conv2d(x, w) * G).sum(), found with
    F.conv2d and without backward(): F.conv2d(x, G)."""
    if is_missing(answer):
        return not_yet(MISSING_HINT)
    x, w, G = exercise_tensors()
    right = F.conv2d(x, G)
    if not isinstance(answer, (list, tuple, str, bytes)):
        try:
            arr = as_array(answer)
        except Exception:
            arr = None
        if arr is not None and arr.size == 9 and arr.shape != (1, 1, 3, 3):
            answer = arr.reshape(1, 1, 3, 3)  # (3, 3) is as good as (1, 1, 3, 3)
    flipped = right.numpy()[:, :, ::-1, ::-1].copy()  # minigrad has no flip
    return check(
        answer,
        right,
        name="your weight gradient",
        success="w.grad is the convolution of the input with the output's "
        "gradient: each weight collects G times the pixels it met.",
        mistakes=[
            Mistake(
                F.conv_transpose2d(G, w),
                "that is x.grad, the input's gradient (a transposed "
                "convolution of G with w). The weight's gradient slides G "
                "over x instead, with F.conv2d.",
            ),
            Mistake(
                flipped,
                "your kernel is upside down and mirrored: F.conv2d does not "
                "flip its kernel (it is a cross-correlation), so neither does "
                "its gradient. Slide G over x as it is.",
            ),
            Mistake(
                right.transpose(2, 3),
                "rows and columns are swapped: index the windows as "
                "x[i + a, j + b] with a the row and b the column.",
            ),
            Mistake(
                F.conv2d(x, torch.ones_like(G)),
                "those are the window sums of x: the gradient of L = y.sum(). "
                "Here L = (y * G).sum(), so weight each window by G: use G as "
                "the kernel.",
            ),
            Mistake(
                w,
                "that is w itself, not its gradient: the gradient depends on "
                "x and G only, not on w.",
            ),
        ],
        hint="dL/dw[a, b] = Σ_ij G[i, j] · x[i + a, j + b]: which tensor slides "
        "over which, in F.conv2d(input, weight)?",
    )
