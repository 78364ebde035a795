"""`nn.utils.rnn`: batches of sequences of different lengths, as in PyTorch.

A batch of sentences is rarely of one length. Two ways to hand it to a
recurrent layer:

- **padded**: one tensor (L, N, *) (or (N, L, *) with `batch_first`), the
  short sequences filled up with `padding_value` (`pad_sequence`);
- **packed**: a `PackedSequence`, the time steps of all sequences one after
  the other, longest sequence first, with no padding at all
  (`pack_padded_sequence`, `pack_sequence`). `nn.RNN`, `nn.LSTM` and `nn.GRU`
  read it and stop each sequence at its own end, so `h_n` is each sequence's
  last real step, not a step of padding.

Everything is composed of Tensor operations (slices, `cat`, `stack`,
`index_select`), so gradients flow back to the sequences with no backward of
its own here.
"""

from collections import namedtuple

import numpy as np

import minigrad
from minigrad.tensor import Tensor

# ---------------------------------------------------------- PackedSequence


class PackedSequence(
    namedtuple(
        "PackedSequence_", ["data", "batch_sizes", "sorted_indices", "unsorted_indices"]
    )
):
    """A batch of sequences of different lengths, packed with no padding.

    Fields (a named tuple, as PyTorch's, so `data, batch_sizes, *_ = packed`
    works):
        data: the steps of all sequences, time step after time step: first
            step 0 of every sequence, then step 1 of those that have one, and
            so on. Shape (total steps, *).
        batch_sizes: an int64 tensor: how many sequences have a step t, for
            each t (non-increasing).
        sorted_indices: which original sequence is the i-th longest (None if
            the batch came sorted).
        unsorted_indices: the inverse permutation: where each original
            sequence sits among the sorted ones (None if the batch came sorted).

    Make one with `pack_padded_sequence` or `pack_sequence`, never by hand;
    `pad_packed_sequence` and `unpack_sequence` undo it.

    Example:
        >>> a, b = minigrad.tensor([1.0, 2.0, 3.0]), minigrad.tensor([4.0])
        >>> nn.utils.rnn.pack_sequence([a, b])
        PackedSequence(data=tensor([1., 4., 2., 3.]), batch_sizes=tensor([2, 1, 1]), sorted_indices=None, unsorted_indices=None)
    """  # noqa: E501

    __slots__ = ()

    def __new__(
        cls, data, batch_sizes=None, sorted_indices=None, unsorted_indices=None
    ):
        if batch_sizes is None:
            raise TypeError(
                "PackedSequence needs batch_sizes: build it with "
                "nn.utils.rnn.pack_padded_sequence or pack_sequence"
            )
        if unsorted_indices is None and sorted_indices is not None:
            unsorted_indices = _invert_permutation(sorted_indices)
        return super().__new__(cls, data, batch_sizes, sorted_indices, unsorted_indices)

    def to(self, *args, **kwargs):
        """The same sequences with `data` converted (`.to(float64)`); indices stay."""
        data = self.data.to(*args, **kwargs)
        if data is self.data:
            return self
        return type(self)(
            data, self.batch_sizes, self.sorted_indices, self.unsorted_indices
        )

    def cpu(self):
        """Itself: every tensor is on the CPU already."""
        return self

    def double(self):
        """`data` as float64."""
        return self.to(dtype=minigrad.float64)

    def float(self):
        """`data` as float32."""
        return self.to(dtype=minigrad.float32)

    @property
    def is_cuda(self):
        """False: minigrad has only the CPU."""
        return False


def _invert_permutation(permutation):
    """The permutation that undoes `permutation` (an int64 tensor)."""
    order = np.asarray(permutation.tolist(), dtype=np.int64)
    inverse = np.empty_like(order)
    inverse[order] = np.arange(len(order))
    return minigrad.tensor(inverse.tolist(), dtype=minigrad.int64)


# ----------------------------------------------------------------- padding


def pad_sequence(sequences, batch_first=False, padding_value=0.0, padding_side="right"):
    """Stack sequences of different lengths into one tensor, padding the short ones.

    Args:
        sequences: a list of tensors (L_i, *), all with the same trailing
            shape `*`.
        batch_first: give (N, L_max, *) instead of (L_max, N, *).
        padding_value: what fills the missing steps (default 0).
        padding_side: "right" (default: padding after each sequence) or
            "left" (before it).

    Returns:
        The padded batch; gradients flow back to each sequence.

    Example:
        >>> a, b = minigrad.ones(2), minigrad.ones(3)
        >>> nn.utils.rnn.pad_sequence([a, b], batch_first=True)
        tensor([[1., 1., 0.],
                [1., 1., 1.]])
    """
    if padding_side not in ("left", "right"):
        raise RuntimeError(
            f"Expected padding_side to be one of left or right, but got {padding_side}."
        )
    if isinstance(sequences, Tensor):
        sequences = sequences.unbind(0)
    sequences = list(sequences)
    if not sequences:
        raise RuntimeError("received an empty list of sequences")
    max_len = max(seq.shape[0] for seq in sequences)
    trailing = sequences[0].shape[1:]
    for seq in sequences:
        if seq.shape[1:] != trailing:
            raise RuntimeError(
                "pad_sequence: every sequence needs the same trailing shape, got "
                f"{list(trailing)} and {list(seq.shape[1:])}"
            )
    # As PyTorch: a tensor of padding, each sequence copied into its slot
    # (the node is CopySlices).
    batch = len(sequences)
    shape = (batch, max_len) if batch_first else (max_len, batch)
    out = minigrad.full((*shape, *trailing), padding_value, dtype=sequences[0].dtype)
    for i, seq in enumerate(sequences):
        n = seq.shape[0]
        steps = slice(0, n) if padding_side == "right" else slice(max_len - n, max_len)
        if batch_first:
            out[i, steps] = seq
        else:
            out[steps, i] = seq
    return out


def unpad_sequence(padded_sequences, lengths, batch_first=False):
    """Split a padded batch back into a list of sequences of their own lengths.

    Args:
        padded_sequences: (L_max, N, *), or (N, L_max, *) with `batch_first`.
        lengths: the length of each sequence (a list or an int64 tensor).
        batch_first: as for `pad_sequence`.

    Returns:
        A list of N tensors (L_i, *), in the batch's order.
    """
    if not batch_first:
        padded_sequences = padded_sequences.transpose(0, 1)
    steps = minigrad.arange(padded_sequences.shape[1])
    # A boolean mask per sequence, as PyTorch (so the nodes are IndexBackward0).
    return [seq[steps < int(n)] for seq, n in zip(padded_sequences, _as_list(lengths))]


def _as_list(lengths):
    """Lengths as a list of ints, from a list, tuple or tensor."""
    if isinstance(lengths, Tensor):
        if lengths.dim() != 1:
            raise RuntimeError(
                "'lengths' argument should be a 1D CPU int64 tensor, but got "
                f"{lengths.dim()}D tensor"
            )
        return [int(n) for n in lengths.tolist()]
    return [int(n) for n in lengths]


# ----------------------------------------------------------------- packing


def pack_padded_sequence(input, lengths, batch_first=False, enforce_sorted=True):
    """Pack a padded batch: keep each sequence's real steps only.

    Args:
        input: the padded batch (L, N, *), or (N, L, *) with `batch_first`.
        lengths: each sequence's length (a list or a 1-D int64 tensor), all
            at least 1 and at most L.
        batch_first: as for `pad_sequence`.
        enforce_sorted: if True (default), `lengths` must be in decreasing
            order; if False the batch is sorted here and the order kept in
            `sorted_indices` (`pad_packed_sequence` and the recurrent layers
            give the results back in the original order).

    Returns:
        A `PackedSequence`.

    Raises:
        RuntimeError: lengths unsorted with `enforce_sorted=True`, a length
            below 1 or above L, or not one length per sequence.
    """
    lengths = _as_list(lengths)
    if not batch_first:
        input = input.transpose(0, 1)  # the loop below reads (N, L, *)
    if len(lengths) != input.shape[0]:
        raise RuntimeError(
            f"Expected `len(lengths)` to be equal to batch_size, but got "
            f"{len(lengths)} (batch_size={input.shape[0]})"
        )
    if enforce_sorted:
        if any(a < b for a, b in zip(lengths, lengths[1:])):
            raise RuntimeError(
                "`lengths` array must be sorted in decreasing order when "
                "`enforce_sorted` is True. You can pass `enforce_sorted=False` to "
                "pack_padded_sequence and/or pack_sequence to sidestep this "
                "requirement if you do not need ONNX exportability."
            )
        sorted_indices = None
    else:
        # A stable sort: equal lengths keep their order, as PyTorch's CPU sort.
        order = np.argsort(-np.asarray(lengths), kind="stable").tolist()
        sorted_indices = minigrad.tensor(order, dtype=minigrad.int64)
        lengths = [lengths[i] for i in order]
        input = input.index_select(0, sorted_indices)
    if min(lengths) <= 0:
        raise RuntimeError(
            "Length of all samples has to be greater than 0, but found an element "
            "in 'lengths' that is <= 0"
        )
    if lengths[0] > input.shape[1]:
        # PyTorch reads past the end here; minigrad refuses.
        raise RuntimeError(
            f"a sequence length of {lengths[0]} is longer than the input's "
            f"{input.shape[1]} time steps: pass each sequence's true length"
        )
    # batch_sizes[t]: how many sequences are still running at step t.
    batch_sizes = [sum(1 for n in lengths if n > t) for t in range(lengths[0])]
    steps = [input[:size, t] for t, size in enumerate(batch_sizes)]
    data = minigrad.cat(steps, 0)
    return PackedSequence(
        data, minigrad.tensor(batch_sizes, dtype=minigrad.int64), sorted_indices
    )


def pad_packed_sequence(
    sequence, batch_first=False, padding_value=0.0, total_length=None
):
    """Undo `pack_padded_sequence`: a padded batch and each sequence's length.

    Args:
        sequence: a `PackedSequence`.
        batch_first: give (N, L, *) instead of (L, N, *).
        padding_value: what fills the missing steps (default 0).
        total_length: pad to this many steps instead of the longest sequence's
            (at least that long).

    Returns:
        (padded, lengths): the batch in its original order, and the lengths
        as an int64 tensor.
    """
    data, batch_sizes = sequence.data, _batch_sizes(sequence)
    max_len = len(batch_sizes)
    if total_length is not None:
        if total_length < max_len:
            raise ValueError(
                "Expected total_length to be at least the length of the longest "
                f"sequence in input, but got total_length={total_length} and max "
                f"sequence length being {max_len}"
            )
        max_len = total_length
    batch = batch_sizes[0]
    # Step t holds batch_sizes[t] rows; the others are padding.
    rows, start = [], 0
    for size in batch_sizes:
        step = data[start : start + size]
        start += size
        if size < batch:
            fill = minigrad.full(
                (batch - size, *data.shape[1:]), padding_value, dtype=data.dtype
            )
            step = minigrad.cat([step, fill], 0)
        rows.append(step)
    for _ in range(max_len - len(batch_sizes)):
        rows.append(
            minigrad.full((batch, *data.shape[1:]), padding_value, dtype=data.dtype)
        )
    padded = minigrad.stack(rows, 0)  # (L, N, *)
    lengths = [sum(1 for size in batch_sizes if size > i) for i in range(batch)]
    lengths = minigrad.tensor(lengths, dtype=minigrad.int64)
    if batch_first:
        padded = padded.transpose(0, 1)
    if sequence.unsorted_indices is not None:
        padded = padded.index_select(0 if batch_first else 1, sequence.unsorted_indices)
        lengths = lengths[sequence.unsorted_indices]
    return padded, lengths


def _batch_sizes(sequence):
    """A PackedSequence's batch sizes as a list of ints (checked)."""
    if not isinstance(sequence, PackedSequence):
        raise TypeError(
            f"expected a PackedSequence, got {type(sequence).__name__}: make one "
            "with nn.utils.rnn.pack_padded_sequence or pack_sequence"
        )
    return [int(n) for n in sequence.batch_sizes.tolist()]


def pack_sequence(sequences, enforce_sorted=True):
    """Pack a list of sequences (L_i, *) of different lengths.

    The same as `pack_padded_sequence(pad_sequence(sequences), lengths,
    enforce_sorted=enforce_sorted)`.

    Args:
        sequences: a list of tensors (L_i, *), longest first unless
            `enforce_sorted=False`.
        enforce_sorted: see `pack_padded_sequence`.

    Returns:
        A `PackedSequence`.
    """
    sequences = list(sequences)
    if not sequences:
        raise RuntimeError("received an empty list of sequences")
    lengths = [seq.shape[0] for seq in sequences]
    return pack_padded_sequence(
        pad_sequence(sequences), lengths, enforce_sorted=enforce_sorted
    )


def unpack_sequence(packed_sequences):
    """Undo `pack_sequence`: the list of sequences, in their original order.

    Args:
        packed_sequences: a `PackedSequence`.

    Returns:
        A list of tensors (L_i, *).
    """
    padded, lengths = pad_packed_sequence(packed_sequences, batch_first=True)
    return unpad_sequence(padded, lengths, batch_first=True)


__all__ = [
    "PackedSequence",
    "pack_padded_sequence",
    "pack_sequence",
    "pad_packed_sequence",
    "pad_sequence",
    "unpack_sequence",
    "unpad_sequence",
]
