"""Recurrent layers: `nn.RNN`, `nn.LSTM`, `nn.GRU` and their one-step cells.

A recurrent layer reads a sequence one time step at a time and carries a
hidden state `h` from each step to the next. The cells (`nn.RNNCell`,
`nn.LSTMCell`, `nn.GRUCell`) compute one step; the layers (`nn.RNN`,
`nn.LSTM`, `nn.GRU`) run the whole sequence, layer after layer, optionally
in both directions. The equations, gate order, parameter names and shapes,
starting values and error messages are PyTorch's.

Everything is composed of ordinary Tensor operations (`F.linear`, sigmoid,
tanh, chunk, stack, cat), so gradients, double backward and the graph view
come from the autograd core: there is no backward in this file. Running a
sequence of length L leaves L steps of real nodes in the graph.

The maths of one time step, written once (`_rnn_step`, `_lstm_step`,
`_gru_step`), serves both the cells and the layers. Each step takes the
input's share of the gates, `W_ih x + b_ih`, already computed: a layer
computes it for every time step at once (one matrix product for the whole
sequence, as PyTorch does on the CPU), a cell for its single step.
"""

import math
import numbers
import warnings

import minigrad
from minigrad._device import check_device

from . import functional as F
from . import init
from .linear import _empty
from .module import Module
from .parameter import Parameter
from .utils.rnn import PackedSequence, _batch_sizes

# --------------------------------------------------- one time step (the maths)


def _rnn_step(x_gates, h, weight_hh, bias_hh, nonlinearity):
    """Elman RNN: `h' = act(W_ih x + b_ih + W_hh h + b_hh)`.

    Args:
        x_gates: `W_ih x + b_ih`, shape (N, H).
        h: the hidden state, (N, H).
        weight_hh, bias_hh: the hidden-to-hidden weight and bias (or None).
        nonlinearity: "tanh" or "relu".
    """
    pre = F.linear(h, weight_hh, bias_hh) + x_gates
    return pre.tanh() if nonlinearity == "tanh" else pre.relu()


def _lstm_step(x_gates, state, weight_hh, bias_hh):
    """LSTM: the four gates in PyTorch's order i, f, g, o.

        i = sigmoid(.), f = sigmoid(.), g = tanh(.), o = sigmoid(.)
        c' = f * c + i * g
        h' = o * tanh(c')

    Args:
        x_gates: `W_ih x + b_ih`, shape (N, 4H).
        state: the pair (h, c), each (N, H).

    Returns:
        The new pair (h', c').
    """
    h, c = state
    gates = F.linear(h, weight_hh, bias_hh) + x_gates
    i, f, g, o = gates.chunk(4, 1)
    i, f, g, o = i.sigmoid(), f.sigmoid(), g.tanh(), o.sigmoid()
    c = f * c + i * g
    h = o * c.tanh()
    return h, c


def _gru_step(x_gates, h, weight_hh, bias_hh):
    """GRU: the gates in PyTorch's order r, z, n.

        r = sigmoid(W_ir x + b_ir + W_hr h + b_hr)
        z = sigmoid(W_iz x + b_iz + W_hz h + b_hz)
        n = tanh(W_in x + b_in + r * (W_hn h + b_hn))
        h' = (1 - z) * n + z * h

    The reset gate r multiplies `W_hn h + b_hn` (bias included), which is
    why a GRU keeps two separate biases.

    Args:
        x_gates: `W_ih x + b_ih`, shape (N, 3H).
        h: the hidden state, (N, H).
    """
    x_r, x_z, x_n = x_gates.chunk(3, 1)
    h_r, h_z, h_n = F.linear(h, weight_hh, bias_hh).chunk(3, 1)
    r = (x_r + h_r).sigmoid()
    z = (x_z + h_z).sigmoid()
    n = (x_n + r * h_n).tanh()
    # (h - n) * z + n is (1 - z) * n + z * h with one operation fewer, and is
    # how PyTorch computes it (so the rounding matches too).
    return (h - n) * z + n


# ------------------------------------------------------------ shared checks


def _check_sizes(input_size, hidden_size):
    """Refuse sizes that are not positive ints, with PyTorch's messages."""
    for name, value in (("input_size", input_size), ("hidden_size", hidden_size)):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral):
            raise TypeError(
                f"{name} should be of type int, got: {type(value).__name__}"
            )
        if value <= 0:
            raise ValueError(f"{name} must be greater than zero")


def _check_nonlinearity(nonlinearity):
    if nonlinearity not in ("tanh", "relu"):
        raise ValueError(
            f"Unknown nonlinearity '{nonlinearity}'. Select from 'tanh' or 'relu'."
        )


def _uniform_all(module):
    """PyTorch's start for every recurrent parameter, weights and biases alike:
    uniform in [-1/sqrt(hidden_size), 1/sqrt(hidden_size)]."""
    bound = 1.0 / math.sqrt(module.hidden_size)
    for param in module.parameters():
        init.uniform_(param, -bound, bound)


# -------------------------------------------------------------------- cells


class RNNCellBase(Module):
    """What the three cells share: their parameters, start, checks and repr.

    The parameters stack the gates' weights along the first dimension
    (`num_chunks` gates): `weight_ih` is (num_chunks * hidden_size,
    input_size), `weight_hh` is (num_chunks * hidden_size, hidden_size), the
    biases `bias_ih` and `bias_hh` are (num_chunks * hidden_size,) or None.
    """

    def __init__(self, input_size, hidden_size, bias, num_chunks, device, dtype):
        super().__init__()
        check_device(device)  # "cpu" or None; "cuda" fails as in PyTorch without it
        _check_sizes(input_size, hidden_size)
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.bias = bias
        gate_size = num_chunks * hidden_size
        self.weight_ih = Parameter(_empty(gate_size, input_size, dtype=dtype))
        self.weight_hh = Parameter(_empty(gate_size, hidden_size, dtype=dtype))
        if bias:
            self.bias_ih = Parameter(_empty(gate_size, dtype=dtype))
            self.bias_hh = Parameter(_empty(gate_size, dtype=dtype))
        else:
            self.register_parameter("bias_ih", None)
            self.register_parameter("bias_hh", None)
        self.reset_parameters()

    def reset_parameters(self):
        """Draw every parameter from U(-1/sqrt(hidden_size), 1/sqrt(hidden_size))."""
        _uniform_all(self)

    def extra_repr(self):
        """The settings in the repr, as PyTorch prints them: `RNNCell(4, 3)`."""
        text = f"{self.input_size}, {self.hidden_size}"
        if self.bias is not True:
            text += f", bias={self.bias}"
        if getattr(self, "nonlinearity", "tanh") != "tanh":
            text += f", nonlinearity={self.nonlinearity}"
        return text

    def _batched_input(self, input):
        """Check the input; return it as (N, input_size) and whether it was batched."""
        name = type(self).__name__
        if input.dim() not in (1, 2):
            raise ValueError(
                f"{name}: Expected input to be 1D or 2D, got {input.dim()}D instead "
                f"(input of shape {list(input.shape)})"
            )
        if input.shape[-1] != self.input_size:
            raise RuntimeError(
                f"input has inconsistent input_size: got {input.shape[-1]} expected "
                f"{self.input_size} (input of shape {list(input.shape)})"
            )
        is_batched = input.dim() == 2
        return (input if is_batched else input.unsqueeze(0)), is_batched

    def _batched_hidden(self, hx, input, is_batched, label, which):
        """Check one state tensor (h or c) against the input; return it 2-D.

        None becomes zeros, as in PyTorch. `input` is already (N, input_size).
        `label` and `which` name the state in the messages, as PyTorch does
        ("hidden" / "hidden0" for h, "hx[1]" / "hidden1" for LSTM's c).
        """
        if hx is None:
            return minigrad.zeros(input.shape[0], self.hidden_size, dtype=input.dtype)
        name = type(self).__name__
        if hx.dim() not in (1, 2):
            raise ValueError(
                f"{name}: Expected {label} to be 1D or 2D, got {hx.dim()}D instead"
            )
        # The state has the input's batch shape: (N, H) for (N, H_in), (H,) for (H_in,).
        if hx.dim() != (2 if is_batched else 1):
            expected = (input.shape[0], self.hidden_size)
            kind = "a batched 2-D" if is_batched else "an unbatched 1-D"
            raise RuntimeError(
                f"{name}: for {kind} input, {label} should be of shape "
                f"{expected if is_batched else (self.hidden_size,)}, got "
                f"{list(hx.shape)}"
            )
        if is_batched and hx.shape[0] != input.shape[0]:
            raise RuntimeError(
                f"Input batch size {input.shape[0]} doesn't match {which} batch "
                f"size {hx.shape[0]} ({label} of shape {list(hx.shape)}, "
                f"expected {(input.shape[0], self.hidden_size)})"
            )
        if hx.shape[-1] != self.hidden_size:
            raise RuntimeError(
                f"{which} has inconsistent hidden_size: got {hx.shape[-1]}, "
                f"expected {self.hidden_size} ({label} of shape {list(hx.shape)})"
            )
        return hx if is_batched else hx.unsqueeze(0)


class RNNCell(RNNCellBase):
    """One step of an Elman RNN: `h' = tanh(W_ih x + b_ih + W_hh h + b_hh)`.

    Args:
        input_size: the number of features of the input x.
        hidden_size: the number of features of the hidden state h.
        bias: if False, no `bias_ih` and `bias_hh` (default True).
        nonlinearity: "tanh" (default) or "relu".
        device: only None or "cpu".
        dtype: of the parameters (default float32).

    Inputs: `input` (N, input_size) or unbatched (input_size,); `hx` of shape
    (N, hidden_size) or (hidden_size,), zeros if left out.

    Returns:
        h' of hx's shape.

    Attributes:
        weight_ih: (hidden_size, input_size); weight_hh: (hidden_size, hidden_size);
        bias_ih, bias_hh: (hidden_size,). All start uniform in
        [-1/sqrt(hidden_size), 1/sqrt(hidden_size)].

    Example:
        >>> cell = nn.RNNCell(10, 20)
        >>> x = minigrad.randn(6, 3, 10)
        >>> h = minigrad.zeros(3, 20)
        >>> for t in range(6):
        ...     h = cell(x[t], h)
        >>> h.shape
        minigrad.Size([3, 20])
    """

    def __init__(
        self,
        input_size,
        hidden_size,
        bias=True,
        nonlinearity="tanh",
        device=None,
        dtype=None,
    ):
        # Checked here, before any parameter is made (PyTorch waits for forward).
        _check_nonlinearity(nonlinearity)
        super().__init__(input_size, hidden_size, bias, 1, device, dtype)
        self.nonlinearity = nonlinearity

    def forward(self, input, hx=None):
        """One step: the new hidden state h' (see the class docstring)."""
        input, is_batched = self._batched_input(input)
        hx = self._batched_hidden(hx, input, is_batched, "hidden", "hidden0")
        x_gates = F.linear(input, self.weight_ih, self.bias_ih)
        h = _rnn_step(x_gates, hx, self.weight_hh, self.bias_hh, self.nonlinearity)
        return h if is_batched else h.squeeze(0)


class LSTMCell(RNNCellBase):
    """One step of a long short-term memory: gates i, f, g, o, cell state c.

        i = sigmoid(W_ii x + b_ii + W_hi h + b_hi)   (input gate)
        f = sigmoid(W_if x + b_if + W_hf h + b_hf)   (forget gate)
        g = tanh(W_ig x + b_ig + W_hg h + b_hg)      (candidate)
        o = sigmoid(W_io x + b_io + W_ho h + b_ho)   (output gate)
        c' = f * c + i * g
        h' = o * tanh(c')

    Args:
        input_size: the number of features of the input x.
        hidden_size: the number of features of h and c.
        bias: if False, no `bias_ih` and `bias_hh` (default True).
        device: only None or "cpu".
        dtype: of the parameters (default float32).

    Inputs: `input` (N, input_size) or (input_size,); `hx` the pair (h, c),
    each (N, hidden_size) or (hidden_size,), zeros if left out.

    Returns:
        The pair (h', c').

    Attributes:
        weight_ih: (4 * hidden_size, input_size), the gates stacked as
        [i, f, g, o]; weight_hh: (4 * hidden_size, hidden_size); bias_ih,
        bias_hh: (4 * hidden_size,).

    Example:
        >>> cell = nn.LSTMCell(10, 20)
        >>> h, c = cell(minigrad.randn(3, 10))
        >>> h.shape, c.shape
        (minigrad.Size([3, 20]), minigrad.Size([3, 20]))
    """

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, 4, device, dtype)

    def forward(self, input, hx=None):
        """One step: the new pair (h', c') (see the class docstring)."""
        input, is_batched = self._batched_input(input)
        if hx is None:
            hx = (None, None)
        elif not isinstance(hx, (tuple, list)) or len(hx) != 2:
            raise TypeError(
                f"LSTMCell: hx should be the pair (h, c), got {type(hx).__name__}"
            )
        h = self._batched_hidden(hx[0], input, is_batched, "hx[0]", "hidden0")
        c = self._batched_hidden(hx[1], input, is_batched, "hx[1]", "hidden1")
        x_gates = F.linear(input, self.weight_ih, self.bias_ih)
        h, c = _lstm_step(x_gates, (h, c), self.weight_hh, self.bias_hh)
        if not is_batched:
            h, c = h.squeeze(0), c.squeeze(0)
        return h, c


class GRUCell(RNNCellBase):
    """One step of a gated recurrent unit: gates r, z, n.

        r = sigmoid(W_ir x + b_ir + W_hr h + b_hr)   (reset gate)
        z = sigmoid(W_iz x + b_iz + W_hz h + b_hz)   (update gate)
        n = tanh(W_in x + b_in + r * (W_hn h + b_hn))
        h' = (1 - z) * n + z * h

    Args:
        input_size: the number of features of the input x.
        hidden_size: the number of features of h.
        bias: if False, no `bias_ih` and `bias_hh` (default True).
        device: only None or "cpu".
        dtype: of the parameters (default float32).

    Inputs: `input` (N, input_size) or (input_size,); `hx` (N, hidden_size)
    or (hidden_size,), zeros if left out.

    Returns:
        h' of hx's shape.

    Attributes:
        weight_ih: (3 * hidden_size, input_size), the gates stacked as
        [r, z, n]; weight_hh: (3 * hidden_size, hidden_size); bias_ih,
        bias_hh: (3 * hidden_size,).

    Example:
        >>> cell = nn.GRUCell(10, 20)
        >>> cell(minigrad.randn(10)).shape
        minigrad.Size([20])
    """

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, 3, device, dtype)

    def forward(self, input, hx=None):
        """One step: the new hidden state h' (see the class docstring)."""
        input, is_batched = self._batched_input(input)
        hx = self._batched_hidden(hx, input, is_batched, "hidden", "hidden0")
        x_gates = F.linear(input, self.weight_ih, self.bias_ih)
        h = _gru_step(x_gates, hx, self.weight_hh, self.bias_hh)
        return h if is_batched else h.squeeze(0)


# ------------------------------------------------------------ whole sequences


class RNNBase(Module):
    """What RNN, LSTM and GRU share: parameters, checks and the loop over time.

    A subclass says how many gates it has (`gate_size`) and writes `_step`
    (one time step); LSTM also handles its pair of states. Parameters of layer
    k are named `weight_ih_lk`, `weight_hh_lk`, `bias_ih_lk`, `bias_hh_lk`,
    with `_reverse` added for the backward direction, as PyTorch names them.
    """

    def __init__(
        self,
        mode,
        input_size,
        hidden_size,
        num_layers=1,
        bias=True,
        batch_first=False,
        dropout=0.0,
        bidirectional=False,
        proj_size=0,
        device=None,
        dtype=None,
    ):
        super().__init__()
        check_device(device)  # "cpu" or None; "cuda" fails as in PyTorch without it
        # The checks and messages are PyTorch's, in its order.
        if (
            not isinstance(dropout, numbers.Number)
            or isinstance(dropout, bool)
            or not 0 <= dropout <= 1
        ):
            raise ValueError(
                "dropout should be a number in range [0, 1] representing the "
                "probability of an element being zeroed"
            )
        if dropout > 0 and num_layers == 1:
            warnings.warn(
                "dropout option adds dropout after all but last recurrent layer, "
                "so non-zero dropout expects num_layers greater than 1, but got "
                f"dropout={dropout} and num_layers={num_layers}",
                stacklevel=3,
            )
        if not isinstance(bias, bool):
            raise TypeError(f"bias should be of type bool, got: {type(bias).__name__}")
        if not isinstance(batch_first, bool):
            raise TypeError(
                f"batch_first should be of type bool, got: {type(batch_first).__name__}"
            )
        _check_sizes(input_size, hidden_size)
        if isinstance(num_layers, bool) or not isinstance(num_layers, numbers.Integral):
            raise TypeError(
                f"num_layers should be of type int, got: {type(num_layers).__name__}"
            )
        if num_layers <= 0:
            raise ValueError("num_layers must be greater than zero")
        if proj_size != 0:
            raise NotImplementedError(
                "minigrad's LSTM has no proj_size (LSTM with projections): leave "
                "proj_size at 0, or follow the LSTM with an nn.Linear"
            )
        self.mode = mode
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.bias = bias
        self.batch_first = batch_first
        self.dropout = float(dropout)
        self.bidirectional = bidirectional
        self.proj_size = proj_size
        gate_size = {"LSTM": 4, "GRU": 3}.get(mode, 1) * hidden_size
        num_directions = 2 if bidirectional else 1
        # _all_weights[k] names the parameters of layer k // num_directions,
        # direction k % num_directions: the order of h_0 and h_n's rows.
        self._all_weights = []
        self._flat_weights_names = []
        for layer in range(num_layers):
            for direction in range(num_directions):
                # A deeper layer reads the previous layer's output: both
                # directions side by side when bidirectional.
                layer_input_size = (
                    input_size if layer == 0 else hidden_size * num_directions
                )
                suffix = f"_l{layer}" + ("_reverse" if direction == 1 else "")
                shapes = [
                    ("weight_ih" + suffix, (gate_size, layer_input_size)),
                    ("weight_hh" + suffix, (gate_size, hidden_size)),
                ]
                if bias:
                    shapes += [
                        ("bias_ih" + suffix, (gate_size,)),
                        ("bias_hh" + suffix, (gate_size,)),
                    ]
                for name, shape in shapes:
                    setattr(self, name, Parameter(_empty(*shape, dtype=dtype)))
                names = [name for name, _ in shapes]
                self._all_weights.append(names)
                self._flat_weights_names.extend(names)
        self.reset_parameters()

    def reset_parameters(self):
        """Draw every parameter from U(-1/sqrt(hidden_size), 1/sqrt(hidden_size))."""
        _uniform_all(self)

    @property
    def all_weights(self):
        """The parameters: [[w_ih, w_hh, b_ih, b_hh], ...], one list per layer
        and direction (in the order of h_0's rows)."""
        return [[getattr(self, name) for name in names] for names in self._all_weights]

    def flatten_parameters(self):
        """Does nothing: PyTorch packs the weights for cuDNN here (GPU only)."""

    def extra_repr(self):
        """The settings that differ from the defaults: `LSTM(10, 20, num_layers=2)`.

        As in PyTorch, RNN's nonlinearity is not printed.
        """
        text = f"{self.input_size}, {self.hidden_size}"
        if self.num_layers != 1:
            text += f", num_layers={self.num_layers}"
        if self.bias is not True:
            text += f", bias={self.bias}"
        if self.batch_first is not False:
            text += f", batch_first={self.batch_first}"
        if self.dropout != 0:
            text += f", dropout={self.dropout}"
        if self.bidirectional is not False:
            text += f", bidirectional={self.bidirectional}"
        return text

    # ------------------------------------------------------------ checks

    def _check_input(self, input):
        """Check the input's rank, dtype and feature size; return is_batched."""
        name = type(self).__name__
        if input.dim() not in (2, 3):
            raise ValueError(
                f"{name}: Expected input to be 2D or 3D, got {input.dim()}D tensor "
                f"instead (input of shape {list(input.shape)}; expected "
                "(L, input_size) or, batched, "
                f"{'(N, L, input_size)' if self.batch_first else '(L, N, input_size)'})"
            )
        weight = self.weight_ih_l0
        if input.dtype != weight.dtype:
            raise ValueError(
                f"RNN input dtype ({input.dtype}) does not match weight dtype "
                f"({weight.dtype}). Convert input: input.to({weight.dtype}), or "
                f"convert model: model.to({input.dtype})"
            )
        if input.shape[-1] != self.input_size:
            raise RuntimeError(
                "input.size(-1) must be equal to input_size. Expected "
                f"{self.input_size}, got {input.shape[-1]} (input of shape "
                f"{list(input.shape)})"
            )
        return input.dim() == 3

    def _expected_hidden_shape(self, time_first, is_batched):
        """h_0's shape for this input: (layers * directions, N, H), or without N.

        `time_first` is the input as the loop reads it, (L, N, input_size).
        """
        rows = self.num_layers * (2 if self.bidirectional else 1)
        if not is_batched:
            return (rows, self.hidden_size)
        return (rows, time_first.shape[1], self.hidden_size)

    def _check_hidden(self, hx, time_first, is_batched, label="hidden"):
        """Refuse a state tensor of the wrong shape, naming both shapes."""
        if is_batched and hx.dim() != 3:
            raise RuntimeError(
                "For batched 3-D input, hx should also be 3-D but got "
                f"{hx.dim()}-D tensor"
            )
        if not is_batched and hx.dim() != 2:
            raise RuntimeError(
                "For unbatched 2-D input, hx should also be 2-D but got "
                f"{hx.dim()}-D tensor"
            )
        expected = self._expected_hidden_shape(time_first, is_batched)
        if tuple(hx.shape) != expected:
            raise RuntimeError(
                f"Expected {label} size {expected}, got {list(hx.shape)}"
            )
        if hx.dtype != time_first.dtype:
            raise RuntimeError(
                f"Expected {label} of dtype {time_first.dtype} (the input's), got "
                f"{hx.dtype}"
            )

    # ----------------------------------------------- states: one tensor each

    def _initial_states(self, hx, time_first, is_batched):
        """Check hx; return one state per layer and direction, each (N, H).

        LSTM overrides this and `_final_states` for its pairs (h, c).
        """
        if hx is None:
            return list(self._zeros(time_first).unbind(0))
        self._check_hidden(hx, time_first, is_batched)
        if not is_batched:
            hx = hx.unsqueeze(1)
        return list(hx.unbind(0))

    def _zeros(self, time_first):
        """Zeros of h_0's shape (layers * directions, N, H), the default state."""
        rows = self.num_layers * (2 if self.bidirectional else 1)
        return minigrad.zeros(
            rows, time_first.shape[1], self.hidden_size, dtype=time_first.dtype
        )

    def _final_states(self, states, is_batched):
        """The last state of every layer and direction, stacked: h_n."""
        h_n = minigrad.stack(states, 0)
        return h_n if is_batched else h_n.squeeze(1)

    def _output_of(self, state):
        """The part of a state that is the layer's output at a time step."""
        return state

    def _step(self, x_gates, state, weight_hh, bias_hh):
        raise NotImplementedError  # each subclass writes its own step

    # ----------------------------------------------------------------- forward

    def _run_direction(self, input, state, names, reverse):
        """Run one layer in one direction over a time-first input (L, N, H_in).

        Returns:
            (outputs stacked to (L, N, H), the last state).
        """
        weights = [getattr(self, name) for name in names]
        weight_ih, weight_hh = weights[0], weights[1]
        bias_ih, bias_hh = (weights[2], weights[3]) if self.bias else (None, None)
        # The input's share of the gates for every time step in one product.
        x_gates = F.linear(input, weight_ih, bias_ih).unbind(0)
        times = range(len(x_gates))
        outputs = [None] * len(x_gates)
        # The reverse direction reads the sequence from its end; its output at
        # time t still lands at position t.
        for t in reversed(times) if reverse else times:
            state = self._step(x_gates[t], state, weight_hh, bias_hh)
            outputs[t] = self._output_of(state)
        return minigrad.stack(outputs, 0), state

    def forward(self, input, hx=None):
        """Run the layers over the sequence.

        Args:
            input: (L, N, input_size), or (N, L, input_size) if batch_first,
                or unbatched (L, input_size), or a `PackedSequence` (see
                `nn.utils.rnn`): then output is a PackedSequence too, and h_n
                holds each sequence's state after its own last step.
            hx: the initial hidden state (num_layers * num_directions, N,
                hidden_size), or without N for an unbatched input; zeros if
                left out. For LSTM the pair (h_0, c_0).

        Returns:
            (output, h_n): output (L, N, num_directions * hidden_size) (batch
            first if batch_first, without N if unbatched) is the last layer's
            h at every time step; h_n has hx's shape and holds every layer's
            last state. For LSTM h_n is the pair (h_n, c_n).
        """
        if isinstance(input, PackedSequence):
            return self._forward_packed(input, hx)
        is_batched = self._check_input(input)
        # From here on the input is time-first (L, N, H_in), as the loop wants.
        if not is_batched:
            time_first = input.unsqueeze(1)
        elif self.batch_first:
            time_first = input.transpose(0, 1)
        else:
            time_first = input
        states = self._initial_states(hx, time_first, is_batched)
        if time_first.shape[0] == 0:
            raise RuntimeError("Expected sequence length to be larger than 0 in RNN")
        num_directions = 2 if self.bidirectional else 1
        finals = []
        layer_input = time_first
        for layer in range(self.num_layers):
            outputs = []
            for direction in range(num_directions):
                k = layer * num_directions + direction
                output, state = self._run_direction(
                    layer_input, states[k], self._all_weights[k], reverse=direction == 1
                )
                outputs.append(output)
                finals.append(state)
            layer_input = outputs[0] if len(outputs) == 1 else minigrad.cat(outputs, 2)
            # Dropout between layers only: never after the last one.
            if self.training and self.dropout > 0 and layer < self.num_layers - 1:
                layer_input = F.dropout(layer_input, self.dropout, True)
        output = layer_input
        if not is_batched:
            output = output.squeeze(1)
        elif self.batch_first:
            output = output.transpose(0, 1)
        return output, self._final_states(finals, is_batched)

    # ------------------------------------------------- packed sequences

    def _forward_packed(self, packed, hx):
        """`forward` for a PackedSequence: each sequence stops at its own end.

        The packed data holds, step after step, only the sequences still
        running (`batch_sizes[t]` of them, longest first), so a step works on
        the first `batch_sizes[t]` rows of the state. hx and h_n are in the
        caller's order; inside, rows follow the sorted order (as PyTorch).
        """
        data, _, sorted_indices, unsorted_indices = packed
        batch_sizes = _batch_sizes(packed)
        name = type(self).__name__
        if data.dim() != 2:
            raise RuntimeError(
                f"{name}: a PackedSequence's data must have 2 dimensions "
                f"(steps, input_size), got {data.dim()}"
            )
        self._check_input(data)  # dtype and input_size
        # (1, N, input_size): what the state checks read (batch size N, dtype).
        shape_like = data[: batch_sizes[0]].unsqueeze(0)
        states = self._initial_states(hx, shape_like, True)
        if sorted_indices is not None:
            states = [_select_rows(s, sorted_indices, 0) for s in states]
        num_directions = 2 if self.bidirectional else 1
        finals = []
        layer_input = data
        for layer in range(self.num_layers):
            outputs = []
            for direction in range(num_directions):
                k = layer * num_directions + direction
                output, state = self._run_packed_direction(
                    layer_input,
                    batch_sizes,
                    states[k],
                    self._all_weights[k],
                    reverse=direction == 1,
                )
                outputs.append(output)
                finals.append(state)
            layer_input = outputs[0] if len(outputs) == 1 else minigrad.cat(outputs, 1)
            if self.training and self.dropout > 0 and layer < self.num_layers - 1:
                layer_input = F.dropout(layer_input, self.dropout, True)
        h_n = self._final_states(finals, True)
        if unsorted_indices is not None:
            h_n = _select_rows(h_n, unsorted_indices, 1)
        output = PackedSequence(
            layer_input, packed.batch_sizes, sorted_indices, unsorted_indices
        )
        return output, h_n

    def _run_packed_direction(self, data, batch_sizes, state, names, reverse):
        """Run one layer in one direction over packed data (steps, H_in).

        Returns:
            (the outputs, packed as the input, the last state of each sequence).
        """
        weights = [getattr(self, name) for name in names]
        weight_ih, weight_hh = weights[0], weights[1]
        bias_ih, bias_hh = (weights[2], weights[3]) if self.bias else (None, None)
        x_gates = F.linear(data, weight_ih, bias_ih)
        starts = [sum(batch_sizes[:t]) for t in range(len(batch_sizes))]
        outputs = [None] * len(batch_sizes)
        if not reverse:
            # Sequences end one after another: keep each one's state as it
            # ends, and go on with the rows still running.
            ended = []
            for t, size in enumerate(batch_sizes):
                running = _num_rows(state)
                if size < running:
                    ended.append(_slice_rows(state, size, running))
                    state = _slice_rows(state, 0, size)
                x_t = x_gates[starts[t] : starts[t] + size]
                state = self._step(x_t, state, weight_hh, bias_hh)
                outputs[t] = self._output_of(state)
            # The longest sequences ended last: their rows come first.
            last = _cat_rows([state] + ended[::-1])
        else:
            # From the end: the shortest sequences join as their last step
            # comes up, each starting from its own initial state.
            initial = state
            state = _slice_rows(initial, 0, batch_sizes[-1])
            for t in reversed(range(len(batch_sizes))):
                size = batch_sizes[t]
                running = _num_rows(state)
                if size > running:
                    state = _cat_rows([state, _slice_rows(initial, running, size)])
                x_t = x_gates[starts[t] : starts[t] + size]
                state = self._step(x_t, state, weight_hh, bias_hh)
                outputs[t] = self._output_of(state)
            last = state
        return minigrad.cat(outputs, 0), last


# A state is a tensor (N, H), or LSTM's pair (h, c): these helpers treat both.


def _num_rows(state):
    return (state[0] if isinstance(state, tuple) else state).shape[0]


def _slice_rows(state, start, stop):
    if isinstance(state, tuple):
        return tuple(s[start:stop] for s in state)
    return state[start:stop]


def _cat_rows(states):
    if len(states) == 1:
        return states[0]
    if isinstance(states[0], tuple):
        return tuple(minigrad.cat(parts, 0) for parts in zip(*states))
    return minigrad.cat(states, 0)


def _select_rows(state, indices, dim):
    """Reorder a state (or LSTM's pair) along `dim` by `indices`."""
    if isinstance(state, tuple):
        return tuple(s.index_select(dim, indices) for s in state)
    return state.index_select(dim, indices)


class RNN(RNNBase):
    """A multi-layer Elman RNN: `h_t = tanh(W_ih x_t + b_ih + W_hh h_(t-1) + b_hh)`.

    Args:
        input_size: the number of features of x.
        hidden_size: the number of features of h.
        num_layers: stacked RNNs, each reading the previous one's output (default 1).
        nonlinearity: "tanh" (default) or "relu".
        bias: if False, no biases (default True).
        batch_first: if True, input and output are (N, L, features), not
            (L, N, features); h_0 and h_n are unaffected.
        dropout: dropout on the output of each layer but the last, in
            training mode only (default 0).
        bidirectional: also run each layer from the end of the sequence;
            outputs side by side (default False).
        device: only None or "cpu".
        dtype: of the parameters (default float32).

    Call it as `output, h_n = rnn(input, h_0)`; see `RNNBase.forward` for the
    shapes.

    Attributes:
        weight_ih_l[k]: (hidden_size, input_size) for k = 0, else
            (hidden_size, num_directions * hidden_size); weight_hh_l[k]:
            (hidden_size, hidden_size); bias_ih_l[k], bias_hh_l[k]:
            (hidden_size,); `_reverse` names the backward direction's. All
            start uniform in [-1/sqrt(hidden_size), 1/sqrt(hidden_size)].

    Example:
        >>> rnn = nn.RNN(10, 20, 2)
        >>> output, h_n = rnn(minigrad.randn(5, 3, 10), minigrad.randn(2, 3, 20))
        >>> output.shape, h_n.shape
        (minigrad.Size([5, 3, 20]), minigrad.Size([2, 3, 20]))
    """

    def __init__(
        self,
        input_size,
        hidden_size,
        num_layers=1,
        nonlinearity="tanh",
        bias=True,
        batch_first=False,
        dropout=0.0,
        bidirectional=False,
        device=None,
        dtype=None,
    ):
        _check_nonlinearity(nonlinearity)
        mode = "RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU"
        super().__init__(
            mode,
            input_size,
            hidden_size,
            num_layers,
            bias,
            batch_first,
            dropout,
            bidirectional,
            0,
            device,
            dtype,
        )
        self.nonlinearity = nonlinearity

    def _step(self, x_gates, state, weight_hh, bias_hh):
        return _rnn_step(x_gates, state, weight_hh, bias_hh, self.nonlinearity)


class LSTM(RNNBase):
    """A multi-layer long short-term memory; see `LSTMCell` for one step.

    Args:
        input_size, hidden_size, num_layers, bias, batch_first, dropout,
        bidirectional, device, dtype: as in `RNN`.
        proj_size: only 0 (minigrad has no LSTM with projections).

    Call it as `output, (h_n, c_n) = lstm(input, (h_0, c_0))`; h_0 and c_0
    are (num_layers * num_directions, N, hidden_size), zeros if left out.

    Attributes:
        weight_ih_l[k]: (4 * hidden_size, ...), the gates stacked as
        [i, f, g, o]; weight_hh_l[k]: (4 * hidden_size, hidden_size);
        bias_ih_l[k], bias_hh_l[k]: (4 * hidden_size,).

    Example:
        >>> lstm = nn.LSTM(10, 20, num_layers=2, batch_first=True)
        >>> lstm
        LSTM(10, 20, num_layers=2, batch_first=True)
        >>> output, (h_n, c_n) = lstm(minigrad.randn(3, 5, 10))
        >>> output.shape, h_n.shape, c_n.shape  # doctest: +NORMALIZE_WHITESPACE
        (minigrad.Size([3, 5, 20]), minigrad.Size([2, 3, 20]),
         minigrad.Size([2, 3, 20]))
    """

    def __init__(
        self,
        input_size,
        hidden_size,
        num_layers=1,
        bias=True,
        batch_first=False,
        dropout=0.0,
        bidirectional=False,
        proj_size=0,
        device=None,
        dtype=None,
    ):
        super().__init__(
            "LSTM",
            input_size,
            hidden_size,
            num_layers,
            bias,
            batch_first,
            dropout,
            bidirectional,
            proj_size,
            device,
            dtype,
        )

    def _initial_states(self, hx, time_first, is_batched):
        """Check (h_0, c_0); return one pair (h, c) per layer and direction."""
        if hx is None:
            zeros = self._zeros(time_first).unbind(0)
            return [(h, c) for h, c in zip(zeros, zeros)]
        if not isinstance(hx, (tuple, list)) or len(hx) != 2:
            raise TypeError(
                "LSTM: hx should be the pair (h_0, c_0), got "
                f"{type(hx).__name__}"
                + (f" of length {len(hx)}" if isinstance(hx, (tuple, list)) else "")
            )
        h_0, c_0 = hx
        if h_0.dim() != c_0.dim() or h_0.dim() != (3 if is_batched else 2):
            kind = "batched 3-D" if is_batched else "unbatched 2-D"
            want = "3-D" if is_batched else "2-D"
            raise RuntimeError(
                f"For {kind} input, hx and cx should also be {want} but got "
                f"({h_0.dim()}-D, {c_0.dim()}-D) tensors"
            )
        self._check_hidden(h_0, time_first, is_batched, "hidden[0]")
        self._check_hidden(c_0, time_first, is_batched, "hidden[1]")
        if not is_batched:
            h_0, c_0 = h_0.unsqueeze(1), c_0.unsqueeze(1)
        return list(zip(h_0.unbind(0), c_0.unbind(0)))

    def _final_states(self, states, is_batched):
        """(h_n, c_n): the last h and c of every layer and direction."""
        h_n = minigrad.stack([h for h, _ in states], 0)
        c_n = minigrad.stack([c for _, c in states], 0)
        if not is_batched:
            h_n, c_n = h_n.squeeze(1), c_n.squeeze(1)
        return h_n, c_n

    def _output_of(self, state):
        return state[0]  # h; the cell state c stays inside

    def _step(self, x_gates, state, weight_hh, bias_hh):
        return _lstm_step(x_gates, state, weight_hh, bias_hh)


class GRU(RNNBase):
    """A multi-layer gated recurrent unit; see `GRUCell` for one step.

    Args:
        input_size, hidden_size, num_layers, bias, batch_first, dropout,
        bidirectional, device, dtype: as in `RNN`.

    Call it as `output, h_n = gru(input, h_0)`.

    Attributes:
        weight_ih_l[k]: (3 * hidden_size, ...), the gates stacked as
        [r, z, n]; weight_hh_l[k]: (3 * hidden_size, hidden_size);
        bias_ih_l[k], bias_hh_l[k]: (3 * hidden_size,).

    Example:
        >>> gru = nn.GRU(10, 20, bidirectional=True)
        >>> output, h_n = gru(minigrad.randn(5, 10))
        >>> output.shape, h_n.shape
        (minigrad.Size([5, 40]), minigrad.Size([2, 20]))
    """

    def __init__(
        self,
        input_size,
        hidden_size,
        num_layers=1,
        bias=True,
        batch_first=False,
        dropout=0.0,
        bidirectional=False,
        device=None,
        dtype=None,
    ):
        super().__init__(
            "GRU",
            input_size,
            hidden_size,
            num_layers,
            bias,
            batch_first,
            dropout,
            bidirectional,
            0,
            device,
            dtype,
        )

    def _step(self, x_gates, state, weight_hh, bias_hh):
        return _gru_step(x_gates, state, weight_hh, bias_hh)
