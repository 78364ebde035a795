"""The Tensor: a numpy array that remembers how it was computed.

A tensor holds its values (`_data`: a numpy array, or a numpy scalar for a
0-d result), `requires_grad`, the gradient `grad` (for leaves), and
`grad_fn`, the graph node that made it. Its operators only call the ops of
`minigrad.ops`; the derivative rules live there.

The engine reads in one sitting along the path of `(x * x).backward()`: this
file (`class Tensor`, `backward`, `__mul__`), an op, how it is recorded, and the
engine. Each file opens with its first-reading part, which ends by naming the
next file; sections marked "(first reading: skip)" can wait.
"""

import copy
import warnings
import weakref

import numpy as np

from . import _device, _dtype, return_types
from ._printing import format_tensor


class Tensor:
    """A multi-dimensional array that can record the operations made with it.

    Make tensors with `minigrad.tensor(...)`, `minigrad.zeros(...)` and friends.

    Attributes:
        requires_grad: whether operations with this tensor are recorded.
        grad: the accumulated gradient (leaves only; None until backward).
        grad_fn: the node that made this tensor (None for leaves).

    Example:
        >>> x = minigrad.tensor(2.0, requires_grad=True)  # doctest: +SKIP
        >>> y = x * x + 3 * x
        >>> y.backward()
        >>> x.grad
        tensor(7.)
    """

    # Defaults, as class attributes: most tensors never change most of them,
    # and a tensor is made for every operation, so each costs nothing here.
    _requires_grad = False
    grad_fn = None
    _grad = None
    _output_nr = 0  # which output of grad_fn this tensor is
    _grad_accumulator = None  # a leaf's AccumulateGrad node, made once
    _leaf_edge = None  # and the edge to it, (node, 0), made once with it

    # ----- autograd -----------------------------------------------------------

    def backward(
        self, gradient=None, retain_graph=None, create_graph=False, inputs=None
    ):
        """Add the gradient of this tensor to the `.grad` of every graph leaf
        that requires grad.

        Args:
            gradient: d(something)/d(this tensor); needed unless it has one
                element. retain_graph: keep the graph for another backward
                (default: create_graph). create_graph: record the backward
                pass too, for higher derivatives. inputs: accumulate only into
                these tensors.
        """
        run_backward(self, gradient, retain_graph, create_graph, inputs)

    # ----- arithmetic: each operator calls its op in `ops/` --------------------

    def __mul__(self, other):
        return arithmetic.mul(self, other)

    def __add__(self, other):
        return arithmetic.add(self, other)

    # ----- (first reading: skip) the other operators, made the same way -------

    def __radd__(self, other):
        # PyTorch records `2 + x` as x + 2 (the tensor first), and so do we.
        return arithmetic.add(self, other)

    def __sub__(self, other):
        return arithmetic.sub(self, other)

    def __rsub__(self, other):
        if isinstance(other, Tensor):
            return arithmetic.sub(other, self)
        return arithmetic.rsub(self, other)

    def __rmul__(self, other):
        return arithmetic.mul(self, other)

    def __truediv__(self, other):
        return arithmetic.div(self, other)

    def __rtruediv__(self, other):
        # `c / x` is `x.reciprocal() * c`, as PyTorch computes it: its graph
        # (MulBackward0 over ReciprocalBackward0) and its float32 rounding.
        return self.reciprocal() * other

    def __pow__(self, exponent):
        if isinstance(exponent, Tensor):
            return arithmetic.PowTensor.apply(self, exponent)
        return arithmetic.pow(self, exponent)

    def __rpow__(self, base):
        if isinstance(base, Tensor):
            return arithmetic.PowTensor.apply(base, self)
        return arithmetic.PowScalarBase.apply(self, base=base)

    def __matmul__(self, other):
        if not isinstance(other, _MATMUL_OPERANDS):
            return NotImplemented  # (`x @ 2`: Python's TypeError, as PyTorch's)
        return linalg.matmul(self, _as_tensor(other, self, "@"))

    def __rmatmul__(self, other):
        if not isinstance(other, _MATMUL_OPERANDS):
            return NotImplemented
        if isinstance(other, (list, tuple)):
            _refuse_sequence("@", other, self)
        return linalg.matmul(_as_tensor(other, self), self)

    def __neg__(self):
        if self._data.dtype.kind == "b":  # (numpy's TypeError; PyTorch's message)
            raise RuntimeError(
                "Negation, the `-` operator, on a bool tensor is not supported. If "
                "you are trying to invert a mask, use the `~` or `logical_not()` "
                "operator instead."
            )
        return arithmetic.neg(self)

    def __pos__(self):
        return self

    def __abs__(self):
        return unary.Abs.apply(self)

    # ----- read next: minigrad/ops/arithmetic.py (the rest of this file, the
    # other Tensor methods, is for later) ------------------------------------

    # ----- making a tensor: from data (`minigrad.tensor`), from an op's result

    _hooks = None  # a list once register_hook is called on a leaf
    _post_accumulate_hooks = None  # a list once a leaf has one (below)
    _base = None  # the tensor this one is a view of
    _inference = False  # made inside inference_mode
    _made_without_grad = None  # a view made under "no_grad" or "inference" mode
    _is_grad = False  # this tensor is some leaf's .grad
    __array_priority__ = 1000
    __array_ufunc__ = None  # numpy defers to our operators: np.float64(2) * t works

    @classmethod
    def _make(cls, array, requires_grad=False, grad_fn=None, version=None, base=None):
        """Wrap a numpy array without checks (used by the ops themselves).

        Called for every result of every operation, so it does as little as it
        can: the defaults are class attributes and only differences are stored.
        A numpy scalar (what numpy gives for 0-d operands) is kept as it is:
        numpy computes with scalars 8x faster than with 0-d arrays. It becomes
        an array when its memory is needed (`_array`).
        """
        tensor = object.__new__(cls)
        if type(array) is not np.ndarray and not isinstance(array, np.generic):
            array = np.asarray(array)
        tensor._data = array
        # Shared with the tensor's views: an in-place change of one is seen by all.
        tensor._version_counter = [0] if version is None else version
        if requires_grad:
            tensor._requires_grad = True
        if grad_fn is not None:
            tensor.grad_fn = grad_fn
        if base is not None:
            tensor._base = base
        if in_inference_mode():
            tensor._inference = True
        return tensor

    def __init__(self, *data, requires_grad=False):
        """`minigrad.Tensor(...)`, PyTorch's legacy constructor (float32 values):
        `Tensor([1, 2])` holds the values, `Tensor(2, 3)` is a new 2x3 tensor
        (of zeros; uninitialised memory in PyTorch), `Tensor()` an empty one;
        `Tensor(t)` shares the memory of tensor `t` (as `nn.Parameter(t)`).
        `minigrad.tensor(data)` is the one to use: it keeps the data's dtype."""
        from .creation import _to_array

        if not data:
            array = np.zeros(0, np.float32)  # (empty)
        elif all(type(d) is int for d in data):
            array = np.zeros(data, np.float32)  # (sizes)
        elif len(data) == 1 and isinstance(data[0], Size):
            array = np.zeros(tuple(data[0]), np.float32)
        elif len(data) == 1 and isinstance(data[0], Tensor):
            array = data[0]._array()  # (the same memory and dtype: Parameter)
        elif len(data) == 1:
            array = _to_array(data[0], None).astype(np.float32, copy=False)
        else:
            raise TypeError(
                f"Tensor() takes sizes (Tensor(2, 3)) or one sequence of values "
                f"(Tensor([1, 2])), got {data!r}; minigrad.tensor(data) keeps "
                "the data's dtype"
            )
        self._data = array
        self._version_counter = [0]
        shares_inference = len(data) == 1 and getattr(data[0], "_inference", False)
        if in_inference_mode() or shares_inference:  # (Parameter(t) shares t)
            self._inference = True
        self.requires_grad = requires_grad

    def _array(self):
        """The values as a numpy array (not a numpy scalar), from now on.

        (first reading: skip) A 0-d result may be held as a numpy scalar,
        which has no memory to share or change. Whatever shares or changes a
        tensor's memory (views, `detach`, `numpy()`, in-place ops) calls this
        first, so that all of them see one array.
        """
        data = self._data
        if type(data) is not np.ndarray:
            data = self._data = np.asarray(data)
        return data

    # ----- basic properties ---------------------------------------------------

    @property
    def shape(self):
        """The size of each dimension, as a `minigrad.Size`."""
        return Size(self._data.shape)

    @property
    def dtype(self):
        """The element type, e.g. `minigrad.float32`."""
        return _dtype.from_numpy_dtype(self._data.dtype)

    @property
    def ndim(self):
        """The number of dimensions (same as `dim()`)."""
        return self._data.ndim

    @property
    def device(self):
        """Always `device(type='cpu')`: minigrad computes with numpy."""
        return _device.CPU

    @property
    def is_leaf(self):
        """True for tensors not made by a recorded operation."""
        return self.grad_fn is None

    @property
    def output_nr(self):
        """Which output of `grad_fn` this tensor is (0 unless the op made several)."""
        return self._output_nr

    @property
    def requires_grad(self):
        """Whether operations with this tensor are recorded for backward."""
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, value):
        if not isinstance(value, bool):  # "False" would be truthy
            raise RuntimeError(
                f"requires_grad must be a bool, not {type(value).__name__} "
                f"(got {value!r}; use True or False)"
            )
        if value and not self.dtype.is_floating_point:
            raise RuntimeError(
                "Only Tensors of floating point and complex dtype can require "
                f"gradients (this tensor is {self.dtype.name}; make it with "
                "dtype=minigrad.float32 or call .float() first)"
            )
        if value and self._inference and not in_inference_mode():
            raise RuntimeError(
                "Setting requires_grad=True on inference tensor outside "
                "InferenceMode is not allowed. (It was made inside "
                "inference_mode(); .clone() it to get a normal tensor.)"
            )
        if self.grad_fn is not None:  # (True too, as PyTorch)
            raise RuntimeError(
                "you can only change requires_grad flags of leaf variables. If you "
                "want to use a computed variable in a subgraph that doesn't require "
                "differentiation use var_no_grad = var.detach()."
            )
        if not value and self._grad_accumulator is not None:
            # backward then leaves this leaf's .grad alone (PyTorch's
            # AccumulateGrad): its node goes through the engine's `accumulate`
            self._grad_accumulator._usual = False
        self._requires_grad = value

    @property
    def grad(self):
        """The gradient accumulated by backward (None before the first backward)."""
        if self._grad is None and self.grad_fn is not None and not self.retains_grad:
            warnings.warn(
                "The .grad attribute of a Tensor that is not a leaf Tensor is being "
                "accessed. Its .grad attribute won't be populated during "
                "autograd.backward(). If you indeed want the .grad field to be "
                "populated for a non-leaf Tensor, use .retain_grad() on the non-leaf "
                "Tensor. If you access the non-leaf Tensor by mistake, make sure you "
                "access the leaf Tensor instead.",
                UserWarning,
                stacklevel=2,
            )
        return self._grad

    @grad.setter
    def grad(self, value):
        if value is not None:
            if not isinstance(value, Tensor):
                raise TypeError(
                    f"assigned grad expected to be a Tensor or None but got grad of "
                    f"type {type(value).__name__}"
                )
            if value.shape != self.shape:
                raise RuntimeError(
                    f"assigned grad has data of a different size ({value.shape}) than "
                    f"the tensor ({self.shape})"
                )
            if value.dtype is not self.dtype:
                raise RuntimeError(
                    f"assigned grad has data of a different type ({value.dtype}) than "
                    f"the tensor ({self.dtype})"
                )
        self._set_grad(value)
        notify("grad_reset")

    def _set_grad(self, value):
        if value is not None:
            value._is_grad = True
        self._grad = value

    @property
    def retains_grad(self):
        """True for a non-leaf tensor on which `retain_grad()` was called."""
        node = self.grad_fn
        if node is None:
            return False
        ref = node._retain_grad_refs.get(self._output_nr)
        return ref is not None and ref() is self

    @property
    def data(self):
        """The values as a tensor outside the graph (changes to it are not tracked)."""
        return Tensor._make(self._array())

    @data.setter
    def data(self, value):
        if not isinstance(value, Tensor):
            raise TypeError(
                f"Variable data has to be a tensor, but got {_type_name(value)} "
                "(wrap the values: x.data = minigrad.tensor(...))"
            )
        if self._requires_grad and value._data.dtype.kind != "f":
            raise RuntimeError(
                "data set to a tensor that requires gradients must be floating "
                "point or complex dtype (convert the values with .float())"
            )
        self._data = value._data

    @property
    def _version(self):
        """How many times this tensor was changed in place (PyTorch's `_version`)."""
        return self._version_counter[0]

    @property
    def T(self):
        """The tensor with its dimensions reversed (a matrix transposed)."""
        return shape.Permute.apply(self, dims=tuple(range(self.dim() - 1, -1, -1)))

    @property
    def mT(self):
        """The last two dimensions swapped (matrices and batches of matrices)."""
        return shape.matrix_transpose(self)

    def size(self, dim=None):
        """The shape, or the size of dimension `dim`."""
        if dim is None:
            return self.shape
        (d,) = normalize_dims(dim, self.dim())
        return self._data.shape[d]

    def dim(self):
        """The number of dimensions."""
        return self._data.ndim

    def numel(self):
        """The number of elements."""
        return int(self._data.size)

    def element_size(self):
        """Bytes per element."""
        return self._data.itemsize

    def is_floating_point(self):
        """True for float32 and float64 tensors."""
        return self.dtype.is_floating_point

    def item(self):
        """The value of a one-element tensor as a Python number."""
        if self._data.size != 1:
            raise RuntimeError(
                f"a Tensor with {self._data.size} elements cannot be converted to "
                "Scalar (use .tolist() for all the values)"
            )
        return self._data.item()

    def tolist(self):
        """The values as (nested) Python lists."""
        return self._data.tolist()

    def numpy(self, *, force=False):
        """The values as a numpy array sharing memory with this tensor
        (`force=True`: of a tensor that requires grad too, as `detach()` would)."""
        if self._requires_grad and not force:
            raise RuntimeError(
                "Can't call numpy() on Tensor that requires grad. Use "
                "tensor.detach().numpy() instead."
            )
        return self._array()

    def __array__(self, dtype=None, copy=None):
        array = self.numpy()
        return array.astype(dtype) if dtype is not None else array

    def __repr__(self):
        return format_tensor(self)

    def __format__(self, spec):
        # As in PyTorch, a 0-d tensor formats as its number: f"{tensor(2.)}" is
        # "2.0" and f"{t:.3f}" works. Other tensors format as their repr.
        if self._data.ndim == 0:
            return format(self._data.item(), spec)
        if spec:  # (a number format for many numbers: PyTorch's TypeError)
            raise TypeError(
                f"unsupported format string passed to Tensor.__format__ ({spec!r} "
                f"formats one number; this tensor has {self._data.size}: format "
                "t.item() of a one-element tensor, or each of t.tolist())"
            )
        return repr(self)

    __hash__ = object.__hash__

    def __len__(self):
        if self.dim() == 0:
            raise TypeError("len() of a 0-d tensor")
        return self._data.shape[0]

    def __iter__(self):
        if self._data.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        # As in PyTorch: the rows of one unbind (a single UnbindBackward0 node).
        return iter(self.unbind(0))

    def __contains__(self, element):
        """`element in x`: True where some value of x equals element (a
        number, or a tensor compared after broadcasting), as PyTorch's
        `(element == x).any()`. Without this Python would iterate the rows."""
        if not isinstance(element, (Tensor, Number)):
            raise RuntimeError(
                "Tensor.__contains__ only supports Tensor or scalar, but you "
                f"passed in a {type(element)}. (Make it a tensor first: "
                "minigrad.tensor(...) in x.)"
            )
        return bool((element == self).any().item())

    def __bool__(self):
        if self._data.size != 1:
            raise RuntimeError(
                f"Boolean value of Tensor with more than one value is ambiguous "
                f"(this one has {self._data.size}); use .any() or .all()"
            )
        return bool(self._data)

    def _python_scalar(self):
        """The one value, for float(x), int(x) and tensor([x, ...]) (ValueError)."""
        if self._data.size != 1:
            raise ValueError(
                "only one element tensors can be converted to Python scalars "
                f"(this one has shape {list(self.shape)}; use .tolist(), or "
                "minigrad.stack() to join tensors)"
            )
        return self._data.item()

    def __float__(self):
        return float(self._python_scalar())

    def __int__(self):
        return int(self._python_scalar())

    def __index__(self):
        if self.dtype.is_floating_point or self.numel() != 1:
            raise TypeError(
                "only integer tensors of a single element can be converted to an index"
            )
        return int(self.item())

    # ----- autograd: detach, requires_grad_, hooks ----------------------------

    def __deepcopy__(self, memo):
        """A deep copy of a leaf; a non-leaf is refused, as in PyTorch.

        Copying a non-leaf would copy (or share) its graph half-way; detach it
        first. A leaf is copied as Python copies any object: its attributes.
        """
        if self.grad_fn is not None:
            raise RuntimeError(
                "Only Tensors created explicitly by the user (graph leaves) support "
                "the deepcopy protocol at the moment. Copy x.detach() (or "
                "x.detach().clone()) instead."
            )
        result = type(self).__new__(type(self))
        memo[id(self)] = result
        for name, value in self.__dict__.items():
            result.__dict__[name] = copy.deepcopy(value, memo)
        return result

    def detach(self):
        """A tensor with the same values (shared memory) outside the graph."""
        return Tensor._make(
            self._array(), version=self._version_counter, base=self._base
        )

    def detach_(self):
        """Take this tensor out of the graph, in place (it becomes a leaf)."""
        if self._base is not None and self._base.requires_grad:
            raise RuntimeError("Can't detach views in-place. Use detach() instead.")
        self.grad_fn = None
        self._requires_grad = False
        if self._grad_accumulator is not None:  # (as in the requires_grad setter)
            self._grad_accumulator._usual = False
        return self

    def requires_grad_(self, requires_grad=True):
        """Set `requires_grad` in place and return this tensor."""
        _check_bool(requires_grad, "requires_grad_", "requires_grad", 1)
        if requires_grad and self.grad_fn is not None:
            return self  # (a non-leaf requires grad already: PyTorch allows this)
        self.requires_grad = requires_grad
        return self

    def _accumulator(self):
        """This leaf's AccumulateGrad node: made once, owned by the leaf (the
        node refers back to its leaf weakly, so no cycle forms), so that every
        graph the leaf enters reuses it instead of making a new one."""
        node = self._grad_accumulator
        if node is None:
            node = self._grad_accumulator = AccumulateGrad(self)
            self._leaf_edge = (node, 0)  # (each op on the leaf uses this tuple)
            # Each op on the leaf reads these two (`record`). Copied from the
            # class defaults onto the leaf itself, they read faster: CPython
            # 3.11 specialises a read of an instance's own attribute, not of a
            # class default (a recorded `x * y` of two leaves: 6% faster).
            self.grad_fn = self.grad_fn
            self._inference = self._inference
        return node

    def _accumulator_edge(self):
        """(this leaf's AccumulateGrad node, 0): the edge to it, made once."""
        self._accumulator()
        return self._leaf_edge

    def is_inference(self):
        """True for a tensor made inside `inference_mode()`: it can never be
        saved for backward (`.clone()` it outside to get a normal tensor)."""
        return self._inference

    def retain_grad(self):
        """Keep `.grad` for this non-leaf tensor during backward."""
        if not self._requires_grad:
            raise RuntimeError(
                "can't retain_grad on Tensor that has requires_grad=False"
            )
        node = self.grad_fn
        if node is not None:
            if not node._retain_grad_refs:
                node._retain_grad_refs = {}  # its own dict, not the shared default
                node._usual = False  # (the engine fills it in `run_node`)
            node._retain_grad_refs[self._output_nr] = weakref.ref(self)

    def register_hook(self, hook):  # (first reading: skip)
        """Call `hook(grad)` whenever this tensor's gradient is computed.

        The hook may return a new gradient to use instead.

        Returns:
            A handle whose `remove()` takes the hook off.
        """
        self._check_can_hook()
        if self.grad_fn is not None:
            return self.grad_fn.register_tensor_hook(self._output_nr, hook)
        if self._hooks is None:
            self._hooks = []
            self._watch_leaf_hooks()
        self._hooks.append(hook)
        return RemovableHandle(self._hooks, hook)

    def register_post_accumulate_grad_hook(self, hook):  # (first reading: skip)
        """Call `hook(tensor)` on this leaf each time backward has added to its
        `.grad` (e.g. to update the parameter there and then). The hook returns
        None; it may change `tensor.grad` in place.

        Returns:
            A handle whose `remove()` takes the hook off.
        """
        self._check_can_hook()
        if self.grad_fn is not None:
            raise RuntimeError(
                "post accumulate grad hooks cannot be registered on non-leaf tensors"
            )
        if self._post_accumulate_hooks is None:
            self._post_accumulate_hooks = []
            self._watch_leaf_hooks()  # (the engine's `accumulate` runs them)
        self._post_accumulate_hooks.append(hook)
        return RemovableHandle(self._post_accumulate_hooks, hook)

    def _check_can_hook(self):
        if not self._requires_grad:
            raise RuntimeError(
                "cannot register a hook on a tensor that doesn't require gradient"
            )

    def _watch_leaf_hooks(self):
        """A leaf's hooks run in the engine's `run_node`, at the moment
        PyTorch's order says (which the hooks make visible)."""
        node = self._accumulator()
        node._usual = False
        engine.watch_leaf_hooks(node)

    # ----- conversion -----------------------------------------------------------

    def clone(self, *, memory_format=None):
        """A copy with its own memory (recorded: the gradient passes through).

        `memory_format` (e.g. `minigrad.channels_last`) is accepted; the copy
        is row-major whatever it says (see `minigrad/_memory_format.py`).
        """
        check_memory_format(memory_format, "clone")
        return shape.Clone.apply(self)

    def contiguous(self, memory_format=None):
        """This tensor if its elements lie in row-major order, gap-free;
        otherwise a row-major copy (recorded as `CloneBackward0`, as PyTorch
        does), so `x.T.contiguous().view(-1)` works.

        Example:
            >>> minigrad.arange(6.0).view(2, 3).T.contiguous().view(6)
            tensor([0., 3., 1., 4., 2., 5.])
        """
        check_memory_format(memory_format, "contiguous")  # (row-major in any)
        return self if self.is_contiguous() else self.clone()

    def to(
        self,
        *args,
        dtype=None,
        device=None,
        non_blocking=False,
        copy=False,
        memory_format=None,
    ):
        """This tensor in another dtype and/or on a device, as `Tensor.to`.

        `to(minigrad.float64)`, `to("cpu")`, `to(device, dtype)`, `to(other)`
        (other's dtype). Only the CPU exists: "cuda" fails as PyTorch without
        CUDA does (see `minigrad.device`).
        """
        for arg in args:
            if isinstance(arg, _dtype.dtype):
                dtype = arg
            elif isinstance(arg, Tensor):
                dtype = arg.dtype
            elif isinstance(arg, (str, _device.device)):
                device = arg
            elif arg is not None:
                raise TypeError(
                    "to() takes a dtype, a device or a tensor, not "
                    f"{type(arg).__name__}"
                )
        if dtype is not None and not isinstance(dtype, _dtype.dtype):
            raise TypeError(
                f"to(): argument 'dtype' must be a minigrad.dtype such as "
                f"minigrad.float64, not {type(dtype).__name__} (got {dtype!r})"
            )
        _device.check_device(device)
        check_memory_format(memory_format, "to")  # (row-major in any)
        if dtype is None or dtype is self.dtype:
            return self.clone() if copy else self
        return shape.Cast.apply(self, numpy_dtype=dtype.numpy)

    def cpu(self):
        """This tensor (it is on the CPU already)."""
        return self

    def cuda(self, device=None):
        """Fails as PyTorch without CUDA: minigrad runs on the CPU only."""
        _device.check_device("cuda")

    def float(self):
        """This tensor as float32."""
        return self.to(_dtype.float32)

    def double(self):
        """This tensor as float64."""
        return self.to(_dtype.float64)

    def long(self):
        """This tensor as int64."""
        return self.to(_dtype.int64)

    def int(self):
        """This tensor as int32 (as PyTorch; `long()` gives int64)."""
        return self.to(_dtype.int32)

    def bool(self):
        """This tensor as bool."""
        return self.to(_dtype.bool)

    def type_as(self, other):
        """This tensor in `other`'s dtype."""
        return self.to(other.dtype)

    # ----- arithmetic as methods ----------------------------------------------

    def add(self, other, alpha=1):
        """self + alpha * other."""
        return arithmetic.add(self, other, alpha)

    def sub(self, other, alpha=1):
        """self - alpha * other."""
        return arithmetic.sub(self, other, alpha)

    def mul(self, other):
        """self * other."""
        return self * other

    def div(self, other, *, rounding_mode=None):
        """self / other, rounded toward zero ("trunc") or down ("floor") when
        `rounding_mode` asks (see `minigrad.div`)."""
        if rounding_mode is not None:
            return _rounding.divide_rounded(self, other, rounding_mode)
        return self / other

    def pow(self, exponent):
        """self ** exponent."""
        return self**exponent

    def matmul(self, other):
        """self @ other."""
        return self @ tensor_arg(other, "matmul", "other", 1)

    def mm(self, mat2):
        """self @ mat2 for matrices (both must be 2-D)."""
        return linalg.mm(self, mat2)

    def addmm(self, mat1, mat2, *, beta=1, alpha=1):
        """beta * self + alpha * (mat1 @ mat2) (self broadcasts to the product's
        shape): one node, AddmmBackward0."""
        return linalg.addmm(self, mat1, mat2, beta, alpha)

    def neg(self):
        """-self."""
        return -self

    def square(self):
        """self ** 2."""
        return self**2

    # ----- comparisons and logic (never differentiable) -------------------------

    def _compare(self, other, op):
        if not isinstance(other, _COMPARABLE):
            # As PyTorch: Python then makes `x == "a"` False, `x < "a"` a TypeError.
            return NotImplemented
        check_broadcast(self, other)
        return Tensor._make(op(self._data, wrap_int(raw(other), self._data.dtype)))

    def __eq__(self, other):
        return self._compare(other, np.equal)

    def __ne__(self, other):
        return self._compare(other, np.not_equal)

    def __lt__(self, other):
        return self._compare(other, np.less)

    def __le__(self, other):
        return self._compare(other, np.less_equal)

    def __gt__(self, other):
        return self._compare(other, np.greater)

    def __ge__(self, other):
        return self._compare(other, np.greater_equal)

    # & | ^ ~ work bit by bit on integers (logical on bools), as PyTorch's.

    def __and__(self, other):
        if not isinstance(other, _COMPARABLE):
            return NotImplemented
        return _elementwise_more.bitwise_and(self, other)

    def __or__(self, other):
        if not isinstance(other, _COMPARABLE):
            return NotImplemented
        return _elementwise_more.bitwise_or(self, other)

    def __xor__(self, other):
        if not isinstance(other, _COMPARABLE):
            return NotImplemented
        return _elementwise_more.bitwise_xor(self, other)

    def __invert__(self):
        if self._data.dtype.kind == "f":  # (PyTorch's TypeError for the operator)
            raise TypeError(
                "~ (operator.invert) is only implemented on integer and Boolean-type "
                "tensors (for a mask of floats compare first: ~(x > 0))"
            )
        return _elementwise_more.bitwise_not(self)

    def equal(self, other):
        """True if both tensors have the same shape and values."""
        return self.shape == other.shape and bool(
            np.array_equal(self._data, other._data)
        )

    def allclose(self, other, rtol=1e-05, atol=1e-08, equal_nan=False):
        """True if all values are close: `isclose` everywhere."""
        return bool(self.isclose(other, rtol, atol, equal_nan)._data.all())

    def isclose(self, other, rtol=1e-05, atol=1e-08, equal_nan=False):
        """Where |self - other| <= atol + rtol * |other| (a bool tensor); nan is
        close to nan only with `equal_nan=True`. The two tensors must have one
        dtype and broadcast, as in PyTorch."""
        if isinstance(other, Tensor) and other._data.dtype != self._data.dtype:
            raise RuntimeError(
                f"{_dtype.scalar_type_name(self._data.dtype)} did not match "
                f"{_dtype.scalar_type_name(other._data.dtype)} (isclose compares "
                "tensors of one dtype: convert one with .to(...))"
            )
        check_broadcast(self, other)
        close = np.isclose(self._data, raw(other), rtol, atol, bool(equal_nan))
        return Tensor._make(np.asarray(close))

    def sign(self):
        """-1, 0 or 1 per element (its gradient is zero)."""
        return unary.Sign.apply(self)

    def gather(self, dim, index, *, sparse_grad=False):
        """The elements at `index` along `dim`: out[i][j] = self[i][index[i][j]]
        for dim 1 (index: an int64 tensor with as many dimensions as self).
        minigrad has no sparse tensors: `sparse_grad=True` is refused."""
        if sparse_grad:
            raise NotImplementedError(
                "gather(sparse_grad=True): minigrad has no sparse tensors; leave "
                "sparse_grad out for a dense gradient (the same values)"
            )
        index = index._data if isinstance(index, Tensor) else np.asarray(index)
        return sorting.Gather.apply(self, dim=dim, index=index)

    def sort(self, dim=-1, descending=False, stable=False):
        """The elements along `dim` in order: a (values, indices) pair.

        Equal elements keep their order (a stable sort, whatever `stable` says).
        """
        return sorting.SortResult(
            *sorting.Sort.apply(self, dim=dim, descending=descending)
        )

    def topk(self, k, dim=-1, largest=True, sorted=True):
        """The `k` largest (or smallest) elements along `dim`, in order, and
        their positions: a (values, indices) pair."""
        _check_bool(sorted, "topk", "sorted")
        return sorting.TopkResult(
            *sorting.Topk.apply(self, k=k, dim=dim, largest=largest)
        )

    def round(self, decimals=0):
        """Round to `decimals` places, halves to even (its gradient is zero)."""
        return unary.Round.apply(self, decimals=decimals)

    def cumsum(self, dim, *, dtype=None):
        """The running sum along `dim`; `dtype`: cast first (as `sum`)."""
        source = self if dtype is None else _cast(self, dtype)
        return reduce.Cumsum.apply(source, dim=dim)

    def argmax(self, dim=None, keepdim=False, *, axis=None, keepdims=None):
        """The index of the largest element (overall, or along `dim`)."""
        if axis is not None or keepdims is not None:  # numpy-style names
            dim, keepdim = _dim_aliases("argmax", dim, keepdim, axis, keepdims)
        _check_bool(keepdim, "argmax", "keepdim")
        if dim is None:
            _check_not_empty("argmax", self._data)
            return Tensor._make(np.asarray(np.argmax(self._data), dtype=np.int64))
        (d,) = normalize_dims(dim, self.dim())
        _check_not_empty("argmax", self._data, d)
        return Tensor._make(
            np.argmax(self._data, axis=d, keepdims=keepdim).astype(np.int64)
        )

    def argmin(self, dim=None, keepdim=False, *, axis=None, keepdims=None):
        """The index of the smallest element (overall, or along `dim`)."""
        if axis is not None or keepdims is not None:  # numpy-style names
            dim, keepdim = _dim_aliases("argmin", dim, keepdim, axis, keepdims)
        _check_bool(keepdim, "argmin", "keepdim")
        if dim is None:
            _check_not_empty("argmin", self._data)
            return Tensor._make(np.asarray(np.argmin(self._data), dtype=np.int64))
        (d,) = normalize_dims(dim, self.dim())
        _check_not_empty("argmin", self._data, d)
        return Tensor._make(
            np.argmin(self._data, axis=d, keepdims=keepdim).astype(np.int64)
        )

    def any(self, dim=None, keepdim=False):
        """True (as a bool tensor) if any element is nonzero (along `dim`)."""
        axis = None if dim is None else normalize_dims(dim, self.dim())
        return Tensor._make(np.asarray(np.any(self._data, axis=axis, keepdims=keepdim)))

    def all(self, dim=None, keepdim=False):
        """True (as a bool tensor) if every element is nonzero (along `dim`)."""
        axis = None if dim is None else normalize_dims(dim, self.dim())
        return Tensor._make(np.asarray(np.all(self._data, axis=axis, keepdims=keepdim)))

    def isnan(self):
        """A bool tensor: True where the value is NaN."""
        return Tensor._make(np.isnan(self._data))

    def isfinite(self):
        """A bool tensor: True where the value is finite."""
        return Tensor._make(np.isfinite(self._data))

    # ----- elementwise functions --------------------------------------------------

    def exp(self):
        """e ** self."""
        return unary.exp(self)

    def log(self):
        """Natural logarithm."""
        return unary.Log.apply(self)

    def sqrt(self):
        """Square root."""
        return unary.Sqrt.apply(self)

    def sin(self):
        """Sine."""
        return unary.sin(self)

    def cos(self):
        """Cosine."""
        return unary.cos(self)

    def tanh(self):
        """Hyperbolic tangent."""
        return unary.tanh(self)

    def sigmoid(self):
        """1 / (1 + e ** -self)."""
        return unary.sigmoid(self)

    def relu(self):
        """max(self, 0)."""
        return unary.relu(self)

    def abs(self):
        """|self|."""
        return unary.Abs.apply(self)

    def clamp(self, min=None, max=None):
        """Each value limited to [min, max] (either may be None)."""
        return unary.Clamp.apply(self, min=min, max=max)

    def clamp_min(self, min):
        """Each value at least `min` (ClampMinBackward0, as PyTorch's)."""
        node = "ClampMinBackward1" if isinstance(min, Tensor) else "ClampMinBackward0"
        return unary.Clamp.apply(self, min=min, node=node)

    def clamp_max(self, max):
        """Each value at most `max` (ClampMaxBackward0, as PyTorch's)."""
        node = "ClampMaxBackward1" if isinstance(max, Tensor) else "ClampMaxBackward0"
        return unary.Clamp.apply(self, max=max, node=node)

    clip = clamp

    def maximum(self, other):
        """The elementwise larger of self and other."""
        return shape.MaximumMinimum.apply(self, _as_tensor(other, self))

    def minimum(self, other):
        """The elementwise smaller of self and other."""
        return shape.MaximumMinimum.apply(self, _as_tensor(other, self), smallest=True)

    def where(self, condition, other):
        """self where `condition` holds, else `other`."""
        mask = np.asarray(raw(condition))
        if mask.dtype != np.bool_:
            # Reading 0.5 or 2 as True would hide a mistake: PyTorch refuses too.
            kind = _dtype.tensor_type_name(mask.dtype).split(".")[1][: -len("Tensor")]
            raise RuntimeError(
                "where expected condition to be a boolean tensor, but got a tensor "
                f"with dtype {kind}. Compare to make one, e.g. (mask > 0)."
            )
        return shape.Where.apply(self, other, condition=mask)

    # ----- reductions ---------------------------------------------------------------

    def sum(self, dim=None, keepdim=False, *, dtype=None, axis=None, keepdims=None):
        """Sum of all elements, or along `dim` (an int or a tuple).

        `dtype`: sum in this dtype (the input is cast first, so the graph has
        a `ToCopyBackward0` where PyTorch casts inside `SumBackward0`).
        """
        if dtype is not None:
            return _cast(self, dtype).sum(dim, keepdim, axis=axis, keepdims=keepdims)
        if axis is not None or keepdims is not None:  # numpy-style names
            dim, keepdim = _dim_aliases("sum", dim, keepdim, axis, keepdims)
        if isinstance(dim, (tuple, list)) and not dim:
            dim = None  # PyTorch: an empty dim list reduces over every dim
        if dim is None and not keepdim:
            return reduce.sum_all(self)
        return reduce.Sum.apply(self, dim=dim, keepdim=keepdim)

    def mean(self, dim=None, keepdim=False, *, dtype=None, axis=None, keepdims=None):
        """Mean of all elements, or along `dim`; `dtype`: cast first (as `sum`)."""
        if dtype is not None:
            return _cast(self, dtype).mean(dim, keepdim, axis=axis, keepdims=keepdims)
        if axis is not None or keepdims is not None:  # numpy-style names
            dim, keepdim = _dim_aliases("mean", dim, keepdim, axis, keepdims)
        if isinstance(dim, (tuple, list)) and not dim:
            dim = None  # PyTorch: an empty dim list reduces over every dim
        if dim is None and not keepdim:
            return reduce.mean_all(self)
        return reduce.Mean.apply(self, dim=dim, keepdim=keepdim)

    def max(self, dim=None, keepdim=False, *, axis=None, keepdims=None):
        """The largest element; with `dim`, a `(values, indices)` pair.

        With a tensor argument instead of a dim, the elementwise maximum.
        """
        if axis is not None or keepdims is not None:  # numpy-style names
            dim, keepdim = _dim_aliases("max", dim, keepdim, axis, keepdims)
        if isinstance(dim, Tensor):
            return self.maximum(dim)
        result = reduce.MaxMin.apply(self, dim=dim, keepdim=keepdim)
        return result if dim is None else MaxResult(*result)

    def min(self, dim=None, keepdim=False, *, axis=None, keepdims=None):
        """The smallest element; with `dim`, a `(values, indices)` pair."""
        if axis is not None or keepdims is not None:  # numpy-style names
            dim, keepdim = _dim_aliases("min", dim, keepdim, axis, keepdims)
        if isinstance(dim, Tensor):
            return self.minimum(dim)
        result = reduce.MaxMin.apply(self, dim=dim, keepdim=keepdim, smallest=True)
        return result if dim is None else MinResult(*result)

    def amax(self, dim=None, keepdim=False, *, axis=None, keepdims=None):
        """The largest values along `dim` (an int or a tuple; all dims by
        default), with no indices; ties share the gradient evenly."""
        if axis is not None or keepdims is not None:  # numpy-style names
            dim, keepdim = _dim_aliases("amax", dim, keepdim, axis, keepdims)
        if dim is None:
            dim = ()  # PyTorch's default: every dimension
        return reduce.AmaxAmin.apply(self, dim=dim, keepdim=keepdim)

    def var(
        self,
        dim=None,
        unbiased=None,
        keepdim=False,
        *,
        correction=None,
        axis=None,
        keepdims=None,
    ):
        """Variance; divides by N - 1 unless `unbiased=False` or `correction=0`."""
        if axis is not None or keepdims is not None:  # numpy-style names
            dim, keepdim = _dim_aliases("var", dim, keepdim, axis, keepdims)
        return reduce.Var.apply(
            self, dim=dim, correction=_correction(unbiased, correction), keepdim=keepdim
        )

    def std(
        self,
        dim=None,
        unbiased=None,
        keepdim=False,
        *,
        correction=None,
        axis=None,
        keepdims=None,
    ):
        """Standard deviation (see `var` for the correction)."""
        if axis is not None or keepdims is not None:  # numpy-style names
            dim, keepdim = _dim_aliases("std", dim, keepdim, axis, keepdims)
        return reduce.Std.apply(
            self, dim=dim, correction=_correction(unbiased, correction), keepdim=keepdim
        )

    def norm(self, p="fro", dim=None, keepdim=False):
        """The p-norm (2 by default) of all elements or along `dim`; p="nuc":
        the nuclear norm (the sum of the singular values) of a matrix."""
        if isinstance(p, str) and p == "nuc":
            from .linalg import matrix_norm  # (linear algebra: loaded on first use)

            dims = tuple(range(self.dim())) if dim is None else dim
            return matrix_norm(self, "nuc", dim=dims, keepdim=keepdim)
        return reduce.Norm.apply(self, p=p, dim=dim, keepdim=keepdim)

    def dist(self, other, p=2):
        """The p-norm of self - other (broadcast), all elements as one vector."""
        return (self - other).norm(p)

    def inverse(self):
        """The inverse of a square matrix, or of each matrix of a batch
        (`minigrad.linalg.inv`; LinalgInvExBackward0)."""
        from .ops import matrix  # (linear algebra: loaded on first use)

        return matrix.Inv.apply(self)

    def det(self):
        """The determinant of a square matrix, or of each matrix of a batch
        (`minigrad.linalg.det`; LinalgDetBackward0)."""
        from .ops import matrix  # (linear algebra: loaded on first use)

        return matrix.Det.apply(self)

    def slogdet(self):
        """The sign and log|det| of a square matrix or of each matrix of a
        batch, a named pair (sign, logabsdet) (`minigrad.linalg.slogdet`)."""
        from .linalg import slogdet  # (linear algebra: loaded on first use)

        return slogdet(self)

    def logdet(self):
        """log(det(self)): nan where the determinant is negative, -inf where 0."""
        sign, logabsdet = self.slogdet()
        # log(sign) adds 0 for a positive determinant, nan for a negative one
        # (and -inf for 0, as logabsdet is); the gradient flows through logabsdet.
        return logabsdet + sign.log()

    def svd(self, some=True, compute_uv=True):
        """The older SVD: (U, S, V) with V, not Vh (`minigrad.svd`)."""
        from .linalg import _old_svd  # (linear algebra: loaded on first use)

        return _old_svd(self, some, compute_uv)

    def pinverse(self, rcond=1e-15):
        """The pseudo-inverse (`minigrad.linalg.pinv` with rtol=rcond)."""
        from .linalg import pinv  # (linear algebra: loaded on first use)

        return pinv(self, rtol=rcond)

    def matrix_power(self, n):
        """The matrix multiplied by itself n times (`minigrad.linalg.matrix_power`)."""
        from .linalg import matrix_power  # (linear algebra: loaded on first use)

        return matrix_power(self, n)

    def cholesky(self, upper=False):
        """The older Cholesky factor (`minigrad.cholesky`; CholeskyBackward0)."""
        from .linalg import _old_cholesky  # (linear algebra: loaded on first use)

        return _old_cholesky(self, upper)

    def softmax(self, dim=None, dtype=None, *, axis=None):
        """exp(self) normalised to sum to 1 along `dim` (self converted to
        `dtype` first, if given)."""
        dim, _ = _dim_aliases("softmax", dim, False, axis, None, required=True)
        source = self if dtype is None else self.to(dtype)
        return reduce.Softmax.apply(source, dim=dim)

    def log_softmax(self, dim=None, dtype=None, *, axis=None):
        """log(softmax(self, dim)), computed stably (self converted to `dtype`
        first, if given)."""
        dim, _ = _dim_aliases("log_softmax", dim, False, axis, None, required=True)
        source = self if dtype is None else self.to(dtype)
        return reduce.LogSoftmax.apply(source, dim=dim)

    # ----- shape (first reading: skip; views share memory and a version) ----------

    def reshape(self, *shape_):
        """The same elements in a new shape (-1 for one inferred size)."""
        return shape.View.apply(self, shape=_shape_args(shape_, "reshape", "shape"))

    def view(self, *shape_):
        """Like reshape, but only where no copy is needed (as in PyTorch)."""
        if len(shape_) == 1 and isinstance(shape_[0], _dtype.dtype):
            if shape_[0] is not self.dtype:  # (reading the bytes as another type)
                raise NotImplementedError(
                    f"view(dtype): minigrad can't view {self.dtype} data as "
                    f"{shape_[0]} (its bytes read as another type); to convert "
                    f"the values use .to({shape_[0]})"
                )
            shape_ = (self.shape,)  # (the same dtype: a view of the whole tensor)
        shape_ = _shape_args(shape_, "view", "shape")
        return shape.View.apply(self, shape=shape_, must_view=True)

    def view_as(self, other):
        """`view` to the shape of `other`."""
        return self.view(other.shape)

    def reshape_as(self, other):
        """`reshape` to the shape of `other`."""
        return self.reshape(other.shape)

    def flatten(self, start_dim=0, end_dim=-1):
        """Merge dimensions `start_dim` to `end_dim` into one."""
        if self.dim() == 0:
            return self.reshape(1)
        start, end = normalize_dims((start_dim, end_dim), self.dim())
        if start > end:
            raise RuntimeError(
                f"flatten() has invalid args: start_dim cannot come after end_dim "
                f"(got start_dim={start_dim}, end_dim={end_dim})"
            )
        if start == end:  # nothing to merge: the tensor itself, as PyTorch
            return self
        sizes = self.shape
        new = sizes[:start] + (int(np.prod(sizes[start : end + 1])),) + sizes[end + 1 :]
        return self.reshape(new)

    def unfold(self, dimension, size, step):
        """Every window of `size` elements, `step` apart, along `dimension`,
        as a view: that dimension counts the windows, a new last one holds
        each window (`ops/conv_more.py`).

        Example:
            >>> minigrad.arange(5.0).unfold(0, 2, 2)
            tensor([[0., 1.],
                    [2., 3.]])
        """
        dimension = int_arg(dimension, "unfold", "dimension", 1)
        size = int_arg(size, "unfold", "size", 2)
        step = int_arg(step, "unfold", "step", 3)
        return _conv_more.unfold_dim(self, dimension, size, step)

    def as_strided(self, size, stride, storage_offset=None):
        """A view whose element [i, j, ...] is flat element `storage_offset +
        i*stride[0] + j*stride[1] + ...` (a contiguous tensor only; a view
        whose elements overlap is read-only). See `ops/conv_more.py`.

        Example:
            >>> minigrad.arange(4.0).as_strided((3, 2), (1, 1))
            tensor([[0., 1.],
                    [1., 2.],
                    [2., 3.]])
        """
        return _conv_more.as_strided(self, size, stride, storage_offset)

    def unflatten(self, dim, sizes):
        """Split dimension `dim` into several of `sizes` (one may be -1, for
        the size that makes the product right): flatten's inverse, a view.

        Example:
            >>> minigrad.zeros(2, 12).unflatten(1, (3, -1)).shape
            minigrad.Size([2, 3, 4])
        """
        if not isinstance(sizes, (tuple, list)):
            raise TypeError(
                "unflatten(): argument 'sizes' (position 2) must be tuple of ints, "
                f"not {type(sizes).__name__} (e.g. x.unflatten(1, (3, 4)))"
            )
        for i, size in enumerate(sizes):
            if isinstance(size, bool) or not isinstance(size, (int, np.integer)):
                raise TypeError(
                    "unflatten(): argument 'sizes' (position 2) must be tuple of "
                    f"ints, but found element of type {type(size).__name__} at pos {i}"
                )
        if not sizes:
            raise RuntimeError(
                "unflatten: sizes must be non-empty (give the new sizes, e.g. (3, 4))"
            )
        if self.dim() == 0:  # (PyTorch wraps the same message in another)
            raise RuntimeError(
                f"Dimension specified as {dim} but tensor has no dimensions "
                "(unflatten splits a dimension; reshape a 0-d tensor instead)"
            )
        (d,) = normalize_dims(dim, self.dim())
        length = self.shape[d]
        known = int(np.prod([s for s in sizes if s != -1]))
        # The sizes must multiply up to the dimension's length (with a -1: divide it).
        fits = length % known == 0 if (-1 in sizes and known) else known == length
        if not fits and all(s >= -1 for s in sizes) and list(sizes).count(-1) < 2:
            raise RuntimeError(
                f"unflatten: Provided sizes {list(sizes)} don't multiply up to the "
                f"size of dim {dim} ({length}) in the input tensor"
            )
        new = self.shape[:d] + tuple(int(s) for s in sizes) + self.shape[d + 1 :]
        return self.reshape(new)  # (a view: splitting one dimension never copies)

    def transpose(self, dim0, dim1):
        """Swap dimensions `dim0` and `dim1`."""
        return shape.Transpose.apply(self, dim0=dim0, dim1=dim1)

    def t(self):
        """Transpose a matrix (of a 0-D or 1-D tensor, a view of it unchanged:
        a new tensor with its TBackward0 node, as PyTorch's)."""
        ndim = self._data.ndim
        if ndim > 2:
            raise RuntimeError(
                f"t() expects a tensor with <= 2 dimensions, but self is {ndim}D"
            )
        return shape.t(self)

    def permute(self, *dims):
        """Reorder the dimensions."""
        return shape.Permute.apply(self, dims=_shape_args(dims, "permute", "dims"))

    def unsqueeze(self, dim):
        """Insert a dimension of size 1 at `dim`."""
        return shape.Unsqueeze.apply(self, dim=dim)

    def squeeze(self, dim=None):
        """Remove dimensions of size 1 (all of them, or just `dim`)."""
        return shape.Squeeze.apply(self, dim=dim)

    def expand(self, *sizes):
        """Repeat size-1 dimensions to `sizes` without copying (-1 keeps a size)."""
        return shape.Expand.apply(self, shape=_shape_args(sizes))

    def expand_as(self, other):
        """`expand` to the shape of `other`."""
        return self.expand(other.shape)

    def split(self, split_size_or_sections, dim=0):
        """Pieces along `dim`, as views: of `split_size` each (the last may be
        smaller), or of the sizes in a list (which must add up to the size)."""
        ndim = self._data.ndim
        if ndim == 0:
            raise RuntimeError("split expects at least a 1-dimensional tensor")
        (d,) = normalize_dims(dim, ndim)
        n = self._data.shape[d]
        if isinstance(split_size_or_sections, int):
            size = split_size_or_sections
            if size < 0 or (size == 0 and n != 0):
                raise RuntimeError(
                    f"split_size can only be 0 if dimension size is 0, but got "
                    f"dimension size of {n}"
                )
            sizes = [min(size, n - start) for start in range(0, n, size)] if n else [0]
            equal = True
        else:
            sizes = [int(k) for k in split_size_or_sections]
            if sum(sizes) != n or any(k < 0 for k in sizes):
                raise RuntimeError(
                    f"split_with_sizes expects split_sizes to sum exactly to {n} "
                    f"(input tensor's size at dimension {d}), but got "
                    f"split_sizes={sizes}"
                )
            equal = False
        return shape.Split.apply(self, sizes=sizes, dim=d, equal=equal)

    def chunk(self, chunks, dim=0):
        """At most `chunks` pieces along `dim`, as equal as possible (views)."""
        if chunks <= 0:
            raise RuntimeError(
                f"chunk expects `chunks` to be greater than 0, got: {chunks}"
            )
        if self._data.ndim == 0:
            raise RuntimeError("chunk expects at least a 1-dimensional tensor")
        (d,) = normalize_dims(dim, self._data.ndim)
        return self.split(max(1, -(-self._data.shape[d] // chunks)), d)

    def unbind(self, dim=0):
        """The slices along `dim`, as a tuple of views (one UnbindBackward0 node)."""
        if self._data.ndim == 0:
            raise IndexError(
                f"Dimension specified as {dim} but tensor has no dimensions"
            )
        (d,) = normalize_dims(dim, self._data.ndim)
        if self._data.shape[d] == 0:
            return ()
        return shape.Unbind.apply(self, dim=d)

    def select(self, dim, index):
        """The slice at `index` along `dim` (that dimension removed)."""
        (d,) = normalize_dims(dim, self.dim())
        return shape.Index.apply(self, index=(slice(None),) * d + (index,))

    def __getitem__(self, index):
        index = _read_index(index, self.dim())
        parts = index if isinstance(index, tuple) else (index,)
        if not all(_is_basic(p) for p in parts):
            _check_index_fits(parts, self._data.shape)
            index = _integers_first(index, self._data.shape)
            return shape.Index.apply(self, index=index)
        # Basic indexing is a chain of selects and slices, as PyTorch records it.
        if parts.count(Ellipsis) > 1:
            raise IndexError("an index can only have a single ellipsis ('...')")
        if Ellipsis in parts:
            at = parts.index(Ellipsis)
            used = sum(p is not None for p in parts) - 1
            parts = parts[:at] + (slice(None),) * (self.dim() - used) + parts[at + 1 :]
        if sum(p is not None for p in parts) > self.dim():
            raise IndexError(
                f"too many indices for tensor of dimension {self.dim()} "
                f"(index {index!r}, shape {list(self.shape)})"
            )
        result, dim = self, 0
        for part in parts:
            if part is None:
                result = result.unsqueeze(dim)
                dim += 1
            elif isinstance(part, slice):
                if part != slice(None):
                    result = shape.Index.apply(
                        result, index=(slice(None),) * dim + (part,)
                    )
                dim += 1
            else:
                size = result.shape[dim]
                if not -size <= part < size:
                    raise IndexError(
                        f"index {part} is out of bounds for dimension {dim} "
                        f"with size {size}"
                    )
                result = shape.Index.apply(
                    result, index=(slice(None),) * dim + (int(part),)
                )
        if result is self:  # x[:] or x[...]: a view of all of x (0-d too)
            result = shape.Index.apply(self, index=slice(None) if self.dim() else ())
        return result

    def __setitem__(self, index, value):
        if _is_byte_mask(index) and (not isinstance(value, Tensor) or value.dim() == 0):
            # (one value under a mask is PyTorch's masked_fill_, which takes
            # only bool masks; a tensor of values goes through index_put)
            raise RuntimeError(
                "masked_fill_ only supports boolean masks, but got mask with dtype "
                "unsigned char (make the mask bool: mask.bool())"
            )
        index = _read_index(index, self.dim())
        parts = index if isinstance(index, tuple) else (index,)
        _check_index_fits(parts, self._data.shape)
        if isinstance(value, Tensor) and value.dtype is not self.dtype:
            # PyTorch's index_put refuses another dtype (basic indexing and a
            # mask filled with one value convert it)
            masks = all(
                _is_basic(p) or getattr(p, "dtype", None) == np.bool_ for p in parts
            )
            one_value = value.dim() == 0 or (len(parts) == 1 and value.numel() == 1)
            if not all(_is_basic(p) for p in parts) and not (masks and one_value):
                raise RuntimeError(
                    f"Index put requires the source and destination dtypes match, "
                    f"got {_dtype.scalar_type_name(self._data.dtype)} for the "
                    f"destination and {_dtype.scalar_type_name(value._data.dtype)} "
                    f"for the source. (Convert it: value.to({self.dtype}).)"
                )
        if not isinstance(value, Tensor):
            if not isinstance(value, (int, float, bool, np.number, np.bool_)):
                # (as PyTorch: a list, an array or None is no value to assign)
                raise TypeError(
                    f"can't assign a {_type_name(value)} to a {self.type()}; "
                    "assign a number or a tensor (minigrad.tensor([...]))"
                )
            if self._data.dtype != np.float16:  # (as fill_: PyTorch's checked value)
                value = checked_scalar(value, self._data.dtype).item()
            value = _as_tensor(value, self)
        if value.dtype is not self.dtype:
            value = value.to(self.dtype)
        if _writes_itself(self, value, parts):  # x[i] *= 2 (see _writes_itself)
            self._version_counter[0] += 1
            return
        if all(_is_basic(p) or p is Ellipsis or p is None for p in parts):
            whole = parts if Ellipsis in parts else parts + (Ellipsis,)
            _refuse_partial_overlap(self._array()[whole], value)
        index = _integers_first(index, self._data.shape)
        self._inplace(shape.IndexPut.apply, value, index=index)

    # ----- in place (first reading: skip) ------------------------------------------

    def _inplace(self, op, *args, **kwargs):
        """Run `function` and write its result into this tensor, as PyTorch does.

        The result is computed first and checked; only then is this tensor
        changed, so a failed call leaves it as it was. When the change is
        recorded, this tensor's `grad_fn` becomes the new node (whose input is
        the tensor's old history), and its version counter goes up, so any
        backward that saved the old value will refuse to run.
        """
        if self._made_without_grad and is_recording():  # (first reading: skip)
            _refuse_view_made_without_grad(self._made_without_grad)
        recorded = is_recording() and (
            self._requires_grad
            or any(isinstance(a, Tensor) and a._requires_grad for a in args)
        )
        if recorded and self.grad_fn is None and self._requires_grad:
            raise RuntimeError(
                "a leaf Variable that requires grad is being used in an in-place "
                "operation. Hint: update parameters under `with minigrad.no_grad():`, "
                "or use an out-of-place operation (x = x + 1)."
            )
        base = self._base
        if (
            recorded
            and base is not None
            and base.grad_fn is None
            and base._requires_grad
        ):
            raise RuntimeError(
                "a view of a leaf Variable that requires grad is being used in an "
                "in-place operation. Hint: change it under `with minigrad.no_grad():`."
            )
        if recorded and base is not None and self.grad_fn is not None:
            _check_not_one_of_several_views(self)
        index = None
        if recorded and base is not None:  # the change goes into the base: below
            index = _view_index(self, base)
            if index is None:
                raise RuntimeError(
                    "minigrad cannot record an in-place change of this view (its "
                    "elements are not a plain selection of its base's). Hint: "
                    ".clone() the view first, or change the tensor it came from."
                )
        if self._inference and not in_inference_mode():  # (recorded or not)
            raise RuntimeError(
                "Inplace update to inference tensor outside InferenceMode is not "
                "allowed. You can make a clone to get a normal tensor before doing "
                "inplace update (t = t.clone())."
            )
        source = self
        if index is not None:  # the view's values, read from its base's history
            source = shape.ViewOfBase.apply(base, index=index)
        elif recorded:
            # The node must see the old value, which is about to be overwritten.
            source = Tensor._make(self._data.copy(), self._requires_grad, self.grad_fn)
            source._output_nr = self._output_nr
        result = op(source, *args, **kwargs)
        if result._data.shape != self._data.shape:
            raise RuntimeError(
                f"output with shape {list(self.shape)} doesn't match the broadcast "
                f"shape {list(result.shape)}"
            )
        if result._data.dtype != self._data.dtype and not np.can_cast(
            result._data.dtype, self._data.dtype, casting="same_kind"
        ):
            raise RuntimeError(  # PyTorch's names: "Float", "Long"
                f"result type {_dtype.scalar_type_name(result._data.dtype)} can't be "
                "cast to the desired output type "
                f"{_dtype.scalar_type_name(self._data.dtype)}. Hint: convert the "
                "tensor first (x = x.float()), or use an out-of-place operation "
                "(x = x * 2.5), which makes a tensor of the result's type."
            )
        if not self._array().flags.writeable:
            raise RuntimeError(
                "unsupported operation: more than one element of the written-to tensor "
                "refers to a single memory location (it was made by expand, or is an "
                "overlapping view from unfold or as_strided). Please "
                "clone() the tensor before performing the operation."
            )
        if index is not None:
            self._write_through_base(result, index)
            return self
        self._data[...] = result._data
        self._version_counter[0] += 1
        if result.grad_fn is not None:  # a new history for this memory
            retained = self.retains_grad
            if retained:  # as PyTorch: .grad is that of the new value (below)
                del self.grad_fn._retain_grad_refs[self._output_nr]
            self.grad_fn = result.grad_fn
            self._output_nr = 0
            self._requires_grad = True
            if retained:
                self.retain_grad()
            result.grad_fn._output_ref = weakref.ref(self)
            # Views made before keep their old history (minigrad does not
            # rebase it): the engine's view check sees it counted here.
            count_new_history(self._version_counter)
        if self._is_grad:
            notify("grad_reset")
        return self

    def _write_through_base(self, result, index):
        """A recorded in-place change of a view, as PyTorch records it: the
        base takes the new values at the view's positions (`CopySlices`), and
        the view reads them back from the base's new history
        (`AsStridedBackward0`), so the gradient of either reaches the inputs
        of the change. `index`: the view's positions in its base."""
        self._base._inplace(
            shape.IndexPut.apply, result, index=index, node="CopySlices"
        )
        self._follow_base(index)

    def _follow_base(self, index):
        """Make this view's node again, as a view of its base's current
        history (`index`: the view's positions in its base)."""
        fresh = shape.ViewOfBase.apply(self._base, index=index)
        node = fresh.grad_fn
        if node is not None:  # (a later recorded change of the base: followed)
            counter = self._version_counter
            node._view_of = (counter, new_histories(counter))
            node._output_ref = weakref.ref(self)
        retained = self.retains_grad
        if retained:  # (as in `_inplace`: .grad is that of the new value)
            del self.grad_fn._retain_grad_refs[self._output_nr]
        self.grad_fn, self._output_nr = node, 0
        self._requires_grad = fresh._requires_grad
        if retained and node is not None:
            self.retain_grad()

    def _current_history(self):
        """(views; first reading: skip) This view's node, made again when a
        recorded in-place change gave its base a new history after the view
        was made, as PyTorch regenerates a view's `grad_fn`: an op that uses
        the view then differentiates through the change. Called by `record`
        for every input whose node is a view's."""
        node = self.grad_fn
        counter, histories = node._view_of
        if new_histories(counter) == histories:
            return node  # (the usual case: nothing changed the base since)
        index = _view_index(self, self._base) if self._base is not None else None
        if index is None:
            raise RuntimeError(
                f"the output of {node.name()} is a view of a tensor that an inplace "
                "operation changed, with gradients recorded, after the view was "
                "made, and minigrad cannot remake this view's history. Hint: "
                ".clone() the view before changing the tensor in place, or make "
                "the view after the in-place change."
            )
        self._follow_base(index)
        return self.grad_fn

    def _can_update_directly(self, other):
        """Whether `self += other` (or `-=`, `*=`) may go straight into memory.

        The update of a training loop, `w -= lr * w.grad` under `no_grad`,
        runs once per parameter per step; `_inplace` would make a tensor for
        the result and check it (~2.5 µs, more than the maths at teaching
        sizes). Its checks cannot fail, and the result is the same, when:
        nothing is recorded (grad mode off, or no tensor that requires grad),
        this tensor is a floating-point one and `other` a tensor of its shape
        and dtype or a Python number (no broadcast, no dtype to check), and the
        memory is writable (not made by expand). Anything else takes `_inplace`.
        """
        if is_recording() and (
            self._requires_grad or (isinstance(other, Tensor) and other._requires_grad)
        ):
            return False
        if (self._inference and not in_inference_mode()) or self._made_without_grad:
            return False  # (`_inplace` refuses it, or may: as PyTorch)
        memory = self._array()
        if memory.dtype.kind != "f":
            return False
        if isinstance(other, Tensor):
            value = other._data
            if value.shape != memory.shape or value.dtype != memory.dtype:
                return False
        elif type(other) not in (float, int):
            return False
        return memory.flags.writeable

    def _update_directly(self, operation, other):
        """Write `operation(self, other)` (`np.subtract`, ...) into this tensor's
        memory (after `_can_update_directly`), counting one in-place change as
        `_inplace` does.

        Computed, then written: for the one-element tensors of the lessons
        numpy's own in-place `memory -= value` is slower (0.74 µs against 0.43).
        """
        memory = self._data
        memory[...] = operation(
            memory, other._data if isinstance(other, Tensor) else other
        )
        self._version_counter[0] += 1
        if self._is_grad:
            notify("grad_reset")
        return self

    def add_(self, other, alpha=1):
        """self += alpha * other, in place."""
        if alpha == 1 and self._can_update_directly(other):
            return self._update_directly(np.add, other)
        return self._inplace(arithmetic.add, other, alpha)

    def sub_(self, other, alpha=1):
        """self -= alpha * other, in place."""
        if alpha == 1 and self._can_update_directly(other):
            return self._update_directly(np.subtract, other)
        return self._inplace(arithmetic.sub, other, alpha)

    def mul_(self, other):
        """self *= other, in place."""
        if self._can_update_directly(other):
            return self._update_directly(np.multiply, other)
        return self._inplace(arithmetic.mul, other)

    def div_(self, other, *, rounding_mode=None):
        """self /= other, in place (rounded as `rounding_mode` asks: see `div`)."""
        if rounding_mode is not None:
            return self._inplace(_rounding.divide_rounded, other, rounding_mode)
        return self._inplace(arithmetic.div, other)

    def pow_(self, exponent):
        """self **= exponent (a number or a tensor), in place."""
        return self._inplace(Tensor.__pow__, exponent)

    def clamp_(self, min=None, max=None):
        """Limit each value to [min, max], in place."""
        return self._inplace(unary.Clamp.apply, min=min, max=max)

    def relu_(self):
        """max(self, 0), in place."""
        return self._inplace(unary.relu)

    def clamp_min_(self, min):
        """max(self, min), in place."""
        return self._inplace(Tensor.clamp_min, min)

    def clamp_max_(self, max):
        """min(self, max), in place."""
        return self._inplace(Tensor.clamp_max, max)

    def clip_(self, min=None, max=None):
        """`clamp_`, under numpy's name."""
        return self.clamp_(min, max)

    # The in-place forms of the elementwise functions: each computes the
    # function as usual and writes its result in (`_inplace`), recorded with
    # the function's own node, as PyTorch records them.

    def abs_(self):
        """|self|, in place."""
        return self._inplace(Tensor.abs)

    def neg_(self):
        """-self, in place."""
        return self._inplace(Tensor.neg)

    def sign_(self):
        """-1, 0 or 1 per element, in place."""
        return self._inplace(Tensor.sign)

    def square_(self):
        """self ** 2, in place."""
        return self._inplace(Tensor.square)

    def sqrt_(self):
        """The square root, in place."""
        return self._inplace(Tensor.sqrt)

    def reciprocal_(self):
        """1 / self, in place."""
        return self._inplace(Tensor.reciprocal)

    def log_(self):
        """The natural logarithm, in place."""
        return self._inplace(Tensor.log)

    def log1p_(self):
        """log(1 + self), in place."""
        return self._inplace(Tensor.log1p)

    def expm1_(self):
        """e ** self - 1, in place."""
        return self._inplace(Tensor.expm1)

    def sin_(self):
        """sin(self), in place."""
        return self._inplace(Tensor.sin)

    def cos_(self):
        """cos(self), in place."""
        return self._inplace(Tensor.cos)

    def tanh_(self):
        """tanh(self), in place."""
        return self._inplace(Tensor.tanh)

    def sigmoid_(self):
        """1 / (1 + e ** -self), in place."""
        return self._inplace(Tensor.sigmoid)

    def floor_(self):
        """Round down, in place."""
        return self._inplace(Tensor.floor)

    def ceil_(self):
        """Round up, in place."""
        return self._inplace(Tensor.ceil)

    def round_(self, decimals=0):
        """Round to `decimals` places (halves to even), in place."""
        return self._inplace(Tensor.round, decimals=decimals)

    def trunc_(self):
        """Round toward zero, in place."""
        return self._inplace(Tensor.trunc)

    fix_ = trunc_  # (numpy's name)

    def __iadd__(self, other):
        return self.add_(other)

    def __isub__(self, other):
        return self.sub_(other)

    def __imul__(self, other):
        return self.mul_(other)

    def __itruediv__(self, other):
        return self.div_(other)

    def zero_(self):
        """Set every element to 0, in place."""
        return self._fill(0, "ZeroBackward0")

    def fill_(self, value):
        """Set every element to `value` (a number or a 0-d tensor), in place."""
        if not isinstance(value, Tensor):
            return self._fill(value, "FillBackward2")
        if value.dim() != 0:  # (numpy would copy a whole array in)
            raise RuntimeError(
                "fill_ only supports 0-dimension value tensor but got tensor with "
                f"{value.dim()} dimensions (use copy_ to copy a tensor's values)"
            )
        return self._fill(value, "FillBackward3")

    def _fill(self, value, node):
        """fill_ and zero_, recorded (when they are) as the node `node`."""
        if not isinstance(value, Tensor):  # ('a': PyTorch's TypeError, not numpy's)
            value = number_arg(value, "fill_", "value")
            if self._data.dtype != np.float16:  # (PyTorch fills float16 unchecked)
                value = checked_scalar(value, self._data.dtype).item()
        # A number, not recorded (`p.grad.zero_()`, a reset under no_grad), is
        # written straight into the memory; everything else, and what must
        # raise (a leaf that requires grad, memory made by expand, an inference
        # tensor outside inference mode), goes the way of every in-place op.
        memory = self._array()
        # Memory made by expand, where elements share memory: PyTorch fills it
        # (each shared element takes the one value), so the value goes to the
        # view's positions in its base. A recorded fill stays refused below.
        shared = None
        if not memory.flags.writeable and self._base is not None:
            base = self._base._array()
            shared = () if base.ndim == 0 else _view_index(self, self._base)
            if shared and not _overlaps_only_by_expand(memory, shared, base.shape):
                shared = None  # (as_strided, unfold: refused, as in PyTorch)
        if (
            isinstance(value, Tensor)
            or (is_recording() and self._requires_grad)
            or (self._inference and not in_inference_mode())
            or (not memory.flags.writeable and shared is None)
            or self._made_without_grad
        ):
            return self._inplace(shape.IndexPut.apply, value, index=Ellipsis, node=node)
        if shared is not None:
            self._base._array()[shared] = value
        else:
            memory[...] = value
        self._version_counter[0] += 1
        if self._is_grad:
            notify("grad_reset")
        return self

    def copy_(self, src, non_blocking=False):
        """Copy the values of `src` (broadcast to this shape) into this tensor
        (`non_blocking` changes nothing on the CPU, minigrad's one device)."""
        src = _as_tensor(src, self)
        if src.shape != self.shape:  # (src broadcasts to self's shape, not beyond)
            check_broadcast(self, src)
            broadcast = np.broadcast_shapes(src.shape, self.shape)
            if broadcast != self.shape:
                raise RuntimeError(
                    f"output with shape {list(self.shape)} doesn't match the "
                    f"broadcast shape {list(broadcast)} (copy_ takes a source "
                    "that broadcasts to this tensor's shape)"
                )
        if src.dtype is not self.dtype:
            src = src.to(self.dtype)
        _refuse_partial_overlap(self._array(), src)
        return self._inplace(shape.IndexPut.apply, src, index=Ellipsis)

    def uniform_(self, a=0.0, b=1.0, *, generator=None):
        """Fill with numbers drawn uniformly from [a, b) (not recorded), from
        `generator` (a `minigrad.Generator`; default: the global one)."""
        # Checked before numpy draws: it would round the draws into an integer
        # tensor, and draw from [b, a) for a > b, where PyTorch raises.
        float_input(self, "check_uniform_bounds")
        if not a <= b:
            raise RuntimeError(
                f"uniform_ expects to return a [from, to) range, but found "
                f"from={a:g} > to={b:g} (give the lower bound first)"
            )
        return self._fill_random(lambda g, size: g.uniform(a, b, size), generator)

    def normal_(self, mean=0.0, std=1.0, *, generator=None):
        """Fill with numbers drawn from N(mean, std²) (not recorded), from
        `generator` (as in `uniform_`)."""
        float_input(self, "normal_kernel_cpu")  # (as in uniform_)
        if not std >= 0:  # (written so: a nan std is refused too)
            raise RuntimeError(
                f"normal expects std >= 0.0, but found std {std:g} (a standard "
                "deviation is never negative)"
            )
        return self._fill_random(lambda g, size: g.normal(mean, std, size), generator)

    def _fill_random(self, draw, generator=None):
        from .random import numpy_generator

        if self._made_without_grad and is_recording():  # (as in `_inplace`)
            _refuse_view_made_without_grad(self._made_without_grad)
        rng = numpy_generator(generator)
        values = np.asarray(draw(rng, self._data.shape), dtype=self._data.dtype)
        with grad_mode.no_grad():
            return self.copy_(Tensor._make(values))

    # ----- PyTorch-compatibility methods (issue 12): dtypes, log10 & co, dot ------

    def half(self):
        """This tensor as float16."""
        return self.to(_dtype.float16)

    def short(self):
        """This tensor as int16."""
        return self.to(_dtype.int16)

    def nelement(self):
        """The number of elements (another name of `numel`)."""
        return self.numel()

    @property
    def is_cuda(self):
        """Always False: minigrad runs on the CPU only."""
        return False

    @property
    def is_cpu(self):
        """Always True: minigrad runs on the CPU only."""
        return True

    def log10(self):
        """Logarithm to base 10."""
        return unary.log10(self)

    def log2(self):
        """Logarithm to base 2."""
        return unary.log2(self)

    def log1p(self):
        """ln(1 + self), exact for tiny values."""
        return unary.log1p(self)

    def expm1(self):
        """e ** self - 1, exact for tiny values."""
        return unary.expm1(self)

    def dot(self, other):
        """The inner product with another 1-D tensor of the same dtype."""
        return linalg.dot(self, other)

    def multinomial(self, num_samples, replacement=False, *, generator=None):
        """Indices drawn with these weights (see `minigrad.multinomial`)."""
        from .creation import multinomial

        return multinomial(self, num_samples, replacement, generator=generator)

    # ----- PyTorch-compatibility methods (compat corpus): %, //, type, new_* -----

    def __mod__(self, other):
        return _rounding.remainder(self, other)

    def __rmod__(self, other):
        return _rounding.remainder(other, self)

    def __floordiv__(self, other):
        return _rounding.floor_divide(self, other)

    def __rfloordiv__(self, other):
        return _rounding.floor_divide(other, self)

    def remainder(self, other):
        """self % other, with the sign of `other` (Python's and PyTorch's %).

        Example:
            >>> minigrad.tensor([-7, 7]).remainder(3)
            tensor([2, 1])
        """
        return _rounding.remainder(self, other)

    def floor_divide(self, other):
        """self // other: the quotient rounded down (not differentiable).

        Example:
            >>> minigrad.tensor([-7, 7]).floor_divide(2)
            tensor([-4,  3])
        """
        return _rounding.floor_divide(self, other)

    def type(self, dtype=None, non_blocking=False):
        """With no argument, the type's name ('minigrad.FloatTensor', as PyTorch's
        'torch.FloatTensor'); with a dtype (or such a name), this tensor in it.

        Args:
            dtype: a minigrad dtype or a name like 'minigrad.LongTensor'.
            non_blocking: accepted, as in PyTorch (the CPU copies at once).

        Returns:
            A string, or the converted tensor (this one if the dtype is the same).

        Example:
            >>> (minigrad.tensor([1, 2]) > 1).type(minigrad.float)
            tensor([0., 1.])
        """
        if dtype is None:
            return _dtype.tensor_type_name(self.dtype.numpy)
        if isinstance(dtype, str):
            dtype = _dtype.from_tensor_type_name(dtype)
        elif isinstance(getattr(dtype, "dtype", None), _dtype.dtype):
            dtype = dtype.dtype  # a legacy type: x.type(minigrad.LongTensor)
        return self.to(dtype)

    def is_contiguous(self, memory_format=None):
        """True when the elements lie in memory in row-major order, gap-free
        (False for a transpose, a strided slice, an expand). minigrad keeps
        every tensor row-major, so any `memory_format` asks the same question.

        Example:
            >>> minigrad.ones(2, 3).T.is_contiguous()
            False
        """
        check_memory_format(memory_format, "is_contiguous")
        return bool(self._array().flags.c_contiguous)

    def get_device(self):
        """-1: the tensor is on the CPU (PyTorch gives a CUDA tensor's index)."""
        return -1

    # (ops/misc_more.py: composed of other ops)
    def cov(self, *, correction=1, fweights=None, aweights=None):
        """The covariance matrix of the rows (see `minigrad.cov`)."""
        return _misc_more.cov(
            self, correction=correction, fweights=fweights, aweights=aweights
        )

    def corrcoef(self):
        """The correlation coefficients of the rows (see `minigrad.corrcoef`)."""
        return _misc_more.corrcoef(self)

    def quantile(self, q, dim=None, keepdim=False, *, interpolation="linear"):
        """The `q`-th quantiles along `dim` (see `minigrad.quantile`)."""
        return _misc_more.quantile(self, q, dim, keepdim, interpolation=interpolation)

    def nanquantile(self, q, dim=None, keepdim=False, *, interpolation="linear"):
        """`quantile` ignoring nan values (see `minigrad.nanquantile`)."""
        return _misc_more.nanquantile(
            self, q, dim, keepdim, interpolation=interpolation
        )

    def kron(self, other):
        """The Kronecker product with `other` (see `minigrad.kron`)."""
        return _misc_more.kron(self, other)

    def stride(self, dim=None):
        """How many elements to step in memory to move one place along each
        dim (a tuple), or along `dim` alone (an int), as PyTorch counts them.

        Example:
            >>> minigrad.ones(2, 3).stride(), minigrad.ones(2, 3).T.stride()
            ((3, 1), (1, 3))
        """
        array = self._array()
        steps = tuple(step // array.itemsize for step in array.strides)
        if dim is None:
            return steps
        (d,) = normalize_dims(int_arg(dim, "stride", "dim", 1), array.ndim)
        return steps[d]

    def new_tensor(self, data, dtype=None, requires_grad=False, device=None):
        """A new tensor of `data`, with this tensor's dtype unless `dtype` is given.

        Example:
            >>> minigrad.ones(2).new_tensor([1, 2])
            tensor([1., 2.])
        """
        from .creation import tensor

        return tensor(data, dtype=dtype or self.dtype, requires_grad=requires_grad)

    def new_full(self, size, fill_value, dtype=None, requires_grad=False, device=None):
        """A tensor of shape `size` filled with `fill_value`, in this tensor's dtype.

        Example:
            >>> minigrad.ones(2).new_full((2,), 7)
            tensor([7., 7.])
        """
        from .creation import full

        dtype = dtype or self.dtype
        return full(size, fill_value, dtype=dtype, requires_grad=requires_grad)

    def new_ones(self, *size, dtype=None, requires_grad=False, device=None):
        """A tensor of ones of shape `size`, in this tensor's dtype.

        Example:
            >>> minigrad.zeros(3, dtype=minigrad.int64).new_ones(2)
            tensor([1, 1])
        """
        return self.new_full(_shape_args(size), 1, dtype, requires_grad)

    def new_zeros(self, *size, dtype=None, requires_grad=False, device=None):
        """A tensor of zeros of shape `size`, in this tensor's dtype.

        Example:
            >>> minigrad.ones(3).new_zeros((2, 2)).shape
            minigrad.Size([2, 2])
        """
        return self.new_full(_shape_args(size), 0, dtype, requires_grad)

    # ----- more ops students use (first reading: skip): bmm, mv, rounding, ... -----

    # The named comparisons (`x.eq(y)`): as the operators, but a string or None
    # is a TypeError, where `x == "a"` is False (Python's fallback), as PyTorch.

    def eq(self, other):
        """self == other, elementwise (a bool tensor)."""
        return _named_compare(self, other, np.equal, "eq")

    def ne(self, other):
        """self != other, elementwise (a bool tensor)."""
        return _named_compare(self, other, np.not_equal, "ne")

    not_equal = ne  # (numpy's name)

    def lt(self, other):
        """self < other, elementwise (a bool tensor)."""
        return _named_compare(self, other, np.less, "lt")

    less = lt  # (numpy's name)

    def le(self, other):
        """self <= other, elementwise (a bool tensor)."""
        return _named_compare(self, other, np.less_equal, "le")

    less_equal = le  # (numpy's name)

    def gt(self, other):
        """self > other, elementwise (a bool tensor)."""
        return _named_compare(self, other, np.greater, "gt")

    greater = gt  # (numpy's name)

    def ge(self, other):
        """self >= other, elementwise (a bool tensor)."""
        return _named_compare(self, other, np.greater_equal, "ge")

    greater_equal = ge  # (numpy's name)

    def bmm(self, mat2):
        """Batched matrix product of (b, n, m) and (b, m, p) tensors: (b, n, p)."""
        return linalg.bmm(self, mat2)

    def mv(self, vec):
        """The product of this matrix and a vector: (n, m) @ (m,) is (n,)."""
        return linalg.mv(self, vec)

    def outer(self, vec2):
        """The outer product with another vector: out[i, j] = self[i] * vec2[j]."""
        return linalg.outer(self, vec2)

    def floor(self):
        """The largest whole number <= each element (gradient 0)."""
        return _rounding.floor(self)

    def ceil(self):
        """The smallest whole number >= each element (gradient 0)."""
        return _rounding.ceil(self)

    def trunc(self):
        """Each element rounded toward zero (gradient 0)."""
        return _rounding.trunc(self)

    fix = trunc  # (numpy's name)

    def frac(self):
        """The fractional part, self - self.trunc() (gradient 1)."""
        return _rounding.frac(self)

    def logsumexp(self, dim, keepdim=False):
        """log(sum(exp(self))) along `dim`, computed without overflow."""
        _check_bool(keepdim, "logsumexp", "keepdim")
        return _logsumexp.Logsumexp.apply(self, dim=dim, keepdim=keepdim)

    def narrow(self, dim, start, length):
        """The `length` elements from `start` along `dim`: a view, as
        `self[:, start:start + length]` for dim 1 (SliceBackward0)."""
        if self.dim() == 0:  # (no dimension to take elements along)
            raise RuntimeError(
                "narrow() cannot be applied to a 0-dim tensor. (Make it 1-D "
                "first: x.reshape(1).)"
            )
        (d,) = normalize_dims(dim, self.dim())
        size = self.shape[d]
        start = start.item() if isinstance(start, Tensor) else start
        int_arg(start, "narrow", "start", 2)
        int_arg(length, "narrow", "length", 3)
        if not -size <= start <= size:
            raise IndexError(
                f"start out of range (expected to be in range of [{-size}, {size}], "
                f"but got {start})"
            )
        start = start + size if start < 0 else start
        if length < 0:
            raise RuntimeError("narrow(): length must be non-negative.")
        if start + length > size:
            raise RuntimeError(
                f"start ({start}) + length ({length}) exceeds dimension size ({size})."
            )
        return self[(slice(None),) * d + (slice(start, start + length),)]

    def diagonal(self, offset=0, dim1=0, dim2=1):
        """The elements self[i, i + offset] over dims `dim1` and `dim2` (the
        result's last dim): a view (DiagonalBackward0)."""
        return shape.Diagonal.apply(self, offset=offset, dim1=dim1, dim2=dim2)

    def diag(self, diagonal=0):
        """Of a vector: the square matrix with it on diagonal `diagonal`; of a
        matrix: that diagonal, copied."""
        return shape.diag(self, diagonal)

    def trace(self):
        """The sum of a matrix's diagonal (TraceBackward0)."""
        return shape.Trace.apply(self)

    def flip(self, *dims):
        """The elements in reverse order along `dims`: `x.flip(0)`, `x.flip([0, 1])`."""
        if not dims:
            raise TypeError('flip() missing 1 required positional arguments: "dims"')
        return _select.flip(self, _shape_args(dims))

    def reciprocal(self):
        """1 / self (integers give float32)."""
        return _unary_more.Reciprocal.apply(self)

    def rsqrt(self):
        """1 / sqrt(self)."""
        return _unary_more.Rsqrt.apply(self)

    def sinh(self):
        """The hyperbolic sine."""
        return _unary_more.Sinh.apply(self)

    def cosh(self):
        """The hyperbolic cosine."""
        return _unary_more.Cosh.apply(self)

    def asin(self):
        """The inverse sine (nan outside [-1, 1])."""
        return _unary_more.Asin.apply(self)

    arcsin = asin  # (numpy's name)

    def acos(self):
        """The inverse cosine (nan outside [-1, 1])."""
        return _unary_more.Acos.apply(self)

    arccos = acos  # (numpy's name)

    def atan(self):
        """The inverse tangent."""
        return _unary_more.Atan.apply(self)

    arctan = atan  # (numpy's name)

    def erf(self):
        """The error function 2/√π times the integral of e^(-t²) from 0 to self."""
        return _unary_more.erf(self)

    def atan2(self, other):
        """The angle of the point (other, self), elementwise, in (-π, π]."""
        return _binary_more.atan2(self, other)

    arctan2 = atan2  # (numpy's name)

    def logaddexp(self, other):
        """log(exp(self) + exp(other)), elementwise, without overflow."""
        return _binary_more.logaddexp(self, other)

    def logaddexp2(self, other):
        """log2(2**self + 2**other), elementwise, without overflow."""
        return _binary_more.logaddexp2(self, other)

    def gcd(self, other):
        """The greatest common divisor of integer tensors, elementwise."""
        return _binary_more.gcd(self, other)

    def lcm(self, other):
        """The least common multiple of integer tensors, elementwise."""
        return _binary_more.lcm(self, other)

    def gcd_(self, other):
        """gcd(self, other), in place."""
        return self._inplace(Tensor.gcd, other)

    def lcm_(self, other):
        """lcm(self, other), in place."""
        return self._inplace(Tensor.lcm, other)

    def roll(self, shifts, dims=None):
        """The elements shifted by `shifts` along `dims`, wrapping around (with
        no dims, the flattened tensor is rolled and its shape kept)."""
        return _binary_more.Roll.apply(self, shifts=shifts, dims=dims)

    def isinf(self):
        """A bool tensor: True where the value is +inf or -inf."""
        return Tensor._make(np.isinf(self._data))

    def logical_not(self):
        """A bool tensor: True where self is zero (False)."""
        return Tensor._make(np.logical_not(self._data))

    def logical_and(self, other):
        """A bool tensor: True where both are nonzero."""
        return _logical(np.logical_and, "logical_and", self, other)

    def logical_or(self, other):
        """A bool tensor: True where either is nonzero."""
        return _logical(np.logical_or, "logical_or", self, other)

    def logical_xor(self, other):
        """A bool tensor: True where exactly one is nonzero."""
        return _logical(np.logical_xor, "logical_xor", self, other)

    def tril(self, diagonal=0):
        """The lower triangle of the last two dims (zeros above `diagonal`)."""
        return _select.triangle(self, diagonal, lower=True)

    def triu(self, diagonal=0):
        """The upper triangle of the last two dims (zeros below `diagonal`)."""
        return _select.triangle(self, diagonal, lower=False)

    def masked_fill(self, mask, value):
        """A copy with `value` where the bool `mask` is True."""
        return _select.masked_fill(self, mask, value)

    def masked_fill_(self, mask, value):
        """Write `value` where the bool `mask` is True, in place."""
        return self._inplace(_select.masked_fill, mask, value)

    def argsort(self, dim=-1, descending=False, stable=False):
        """The indices that sort the elements along `dim` (`sort(...).indices`)."""
        _check_bool(stable, "argsort", "stable")
        return self.sort(dim, descending).indices

    def nonzero(self, *, as_tuple=False):
        """The indices of the nonzero elements: one row each (or, with
        `as_tuple=True`, one index tensor per dim)."""
        _check_bool(as_tuple, "nonzero", "as_tuple")
        return _select.nonzero(self, as_tuple)

    # ----- prod, amin, index_select, repeat, exp_ (issue 14; first reading: skip) --

    def prod(self, dim=None, keepdim=False, *, dtype=None):
        """The product of all elements, or along `dim` (one int).

        Args:
            dim: the dimension to multiply along (None: all elements).
            keepdim: keep `dim` with size 1.
            dtype: compute in this dtype (the input is cast first).

        Returns:
            The product (integers multiply as int64, as in PyTorch).

        Example:
            >>> minigrad.tensor([[1.0, 2.0], [3.0, 4.0]]).prod(1)
            tensor([ 2., 12.])
        """
        if dim is not None:
            int_arg(dim, "prod", "dim", 1)
        elif keepdim:
            raise TypeError(
                "prod(): keepdim=True needs a dim (e.g. x.prod(0, keepdim=True)); "
                "the product of all elements is a 0-d tensor"
            )
        source = self if dtype is None else _cast(self, dtype)
        return reduce.Prod.apply(source, dim=dim, keepdim=keepdim)

    def amin(self, dim=None, keepdim=False, *, axis=None, keepdims=None):
        """The smallest values along `dim` (an int or a tuple; all dims by
        default), with no indices; ties share the gradient evenly.

        Example:
            >>> minigrad.tensor([[1.0, 5.0], [3.0, 2.0]]).amin(1)
            tensor([1., 2.])
        """
        if axis is not None or keepdims is not None:  # numpy-style names
            dim, keepdim = _dim_aliases("amin", dim, keepdim, axis, keepdims)
        if dim is None:
            dim = ()  # PyTorch's default: every dimension
        return reduce.AmaxAmin.apply(self, dim=dim, keepdim=keepdim, smallest=True)

    def index_select(self, dim, index):
        """The slices at positions `index` (a vector of ints) along `dim`.

        Example:
            >>> x = minigrad.tensor([[1.0, 2.0, 3.0]])
            >>> x.index_select(1, minigrad.tensor([2, 0]))
            tensor([[3., 1.]])
        """
        int_arg(dim, "index_select", "dim", 1)
        return shape.IndexSelect.apply(self, dim=dim, index=index)

    def repeat(self, *repeats):
        """This tensor tiled: `repeats[k]` copies along dimension k.

        More counts than dimensions add leading dimensions, as in PyTorch.

        Example:
            >>> minigrad.tensor([1.0, 2.0]).repeat(2, 2)
            tensor([[1., 2., 1., 2.],
                    [1., 2., 1., 2.]])
        """
        if not repeats:
            raise TypeError(
                'repeat() missing 1 required positional arguments: "repeats" '
                "(one count per dimension, e.g. x.repeat(2, 1))"
            )
        counts = _shape_args(repeats)
        for count in counts:
            if isinstance(count, bool) or not isinstance(count, (int, np.integer)):
                raise TypeError(
                    "repeat(): argument 'repeats' (position 1) must be tuple of "
                    f"ints, not {type(count).__name__} (got {count!r})"
                )
        return shape.Repeat.apply(self, repeats=tuple(int(c) for c in counts))

    def exp_(self):
        """e ** self, in place."""
        return self._inplace(unary.exp)

    # ----- in place: the out-of-place method's result, written into this
    # tensor (`_inplace`: checked first, recorded with that method's node) -----

    def acos_(self):
        """`acos`, in place."""
        return self._inplace(Tensor.acos)

    arccos_ = acos_

    def asin_(self):
        """`asin`, in place."""
        return self._inplace(Tensor.asin)

    arcsin_ = asin_

    def atan_(self):
        """`atan`, in place."""
        return self._inplace(Tensor.atan)

    arctan_ = atan_

    def cosh_(self):
        """`cosh`, in place."""
        return self._inplace(Tensor.cosh)

    def sinh_(self):
        """`sinh`, in place."""
        return self._inplace(Tensor.sinh)

    def erf_(self):
        """`erf`, in place."""
        return self._inplace(Tensor.erf)

    def log2_(self):
        """`log2`, in place."""
        return self._inplace(Tensor.log2)

    def log10_(self):
        """`log10`, in place."""
        return self._inplace(Tensor.log10)

    def rsqrt_(self):
        """`rsqrt`, in place."""
        return self._inplace(Tensor.rsqrt)

    def nan_to_num_(self, nan=0.0, posinf=None, neginf=None):
        """`nan_to_num`, in place."""
        return self._inplace(Tensor.nan_to_num, nan, posinf, neginf)

    def atan2_(self, other):
        """`atan2`, in place (`arctan2_` too)."""
        return self._inplace(Tensor.atan2, other)

    arctan2_ = atan2_

    def floor_divide_(self, other):
        """`floor_divide`, in place."""
        return self._inplace(Tensor.floor_divide, other)

    def remainder_(self, other):
        """`remainder`, in place."""
        return self._inplace(Tensor.remainder, other)

    def cumsum_(self, dim, dtype=None):
        """`cumsum`, in place."""
        return self._inplace(Tensor.cumsum, dim, dtype=dtype)

    def cumprod_(self, dim, dtype=None):
        """`cumprod`, in place."""
        return self._inplace(Tensor.cumprod, dim, dtype=dtype)

    def tril_(self, diagonal=0):
        """`tril`, in place."""
        return self._inplace(Tensor.tril, diagonal)

    def triu_(self, diagonal=0):
        """`triu`, in place."""
        return self._inplace(Tensor.triu, diagonal)

    def addmv_(self, mat, vec, *, beta=1, alpha=1):
        """`addmv`, in place."""
        return self._inplace(Tensor.addmv, mat, vec, beta=beta, alpha=alpha)

    def addbmm_(self, batch1, batch2, *, beta=1, alpha=1):
        """`addbmm`, in place."""
        return self._inplace(Tensor.addbmm, batch1, batch2, beta=beta, alpha=alpha)

    def baddbmm_(self, batch1, batch2, *, beta=1, alpha=1):
        """`baddbmm`, in place."""
        return self._inplace(Tensor.baddbmm, batch1, batch2, beta=beta, alpha=alpha)

    def addr_(self, vec1, vec2, *, beta=1, alpha=1):
        """`addr`, in place."""
        return self._inplace(Tensor.addr, vec1, vec2, beta=beta, alpha=alpha)

    def eq_(self, other):
        """`eq`, in place: 1 where true, else 0 (this dtype)."""
        return self._inplace(Tensor.eq, other)

    def ne_(self, other):
        """`ne`, in place: 1 where true, else 0 (this dtype)."""
        return self._inplace(Tensor.ne, other)

    not_equal_ = ne_

    def gt_(self, other):
        """`gt`, in place: 1 where true, else 0 (this dtype)."""
        return self._inplace(Tensor.gt, other)

    greater_ = gt_

    def ge_(self, other):
        """`ge`, in place: 1 where true, else 0 (this dtype)."""
        return self._inplace(Tensor.ge, other)

    greater_equal_ = ge_

    def lt_(self, other):
        """`lt`, in place: 1 where true, else 0 (this dtype)."""
        return self._inplace(Tensor.lt, other)

    less_ = lt_

    def le_(self, other):
        """`le`, in place: 1 where true, else 0 (this dtype)."""
        return self._inplace(Tensor.le, other)

    less_equal_ = le_

    def logical_and_(self, other):
        """`logical_and`, in place: 1 where true, else 0 (this dtype)."""
        return self._inplace(Tensor.logical_and, other)

    def logical_or_(self, other):
        """`logical_or`, in place: 1 where true, else 0 (this dtype)."""
        return self._inplace(Tensor.logical_or, other)

    def logical_xor_(self, other):
        """`logical_xor`, in place: 1 where true, else 0 (this dtype)."""
        return self._inplace(Tensor.logical_xor, other)

    def logical_not_(self):
        """`logical_not`, in place: 1 where 0, else 0, in this tensor's dtype."""
        return self._inplace(Tensor.logical_not)

    # ----- more combinations, reductions, rearrangements (ops/combine_more.py) -----

    def lerp(self, end, weight):
        """self + weight * (end - self): LerpBackward0 (a number weight) or
        LerpBackward1 (a tensor weight)."""
        return _combine_more.Lerp.apply(self, end, weight)

    def lerp_(self, end, weight):
        """`lerp`, in place."""
        return self._inplace(_combine_more.Lerp.apply, end, weight)

    def addcmul(self, tensor1, tensor2, *, value=1):
        """self + value * tensor1 * tensor2 (AddcmulBackward0)."""
        return _combine_more.Addcmul.apply(self, tensor1, tensor2, value=value)

    def addcmul_(self, tensor1, tensor2, *, value=1):
        """`addcmul`, in place."""
        return self._inplace(_combine_more.Addcmul.apply, tensor1, tensor2, value=value)

    def addcdiv(self, tensor1, tensor2, *, value=1):
        """self + value * tensor1 / tensor2 (AddcdivBackward0)."""
        return _combine_more.Addcdiv.apply(self, tensor1, tensor2, value=value)

    def addcdiv_(self, tensor1, tensor2, *, value=1):
        """`addcdiv`, in place."""
        return self._inplace(_combine_more.Addcdiv.apply, tensor1, tensor2, value=value)

    def addmv(self, mat, vec, *, beta=1, alpha=1):
        """beta * self + alpha * (mat @ vec) (AddmvBackward0)."""
        return _combine_more.AddProduct.apply(
            self, mat, vec, kind="addmv", beta=beta, alpha=alpha
        )

    def addr(self, vec1, vec2, *, beta=1, alpha=1):
        """beta * self + alpha * outer(vec1, vec2) (AddrBackward0)."""
        return _combine_more.AddProduct.apply(
            self, vec1, vec2, kind="addr", beta=beta, alpha=alpha
        )

    def baddbmm(self, batch1, batch2, *, beta=1, alpha=1):
        """beta * self + alpha * bmm(batch1, batch2) (BaddbmmBackward0)."""
        return _combine_more.AddProduct.apply(
            self, batch1, batch2, kind="baddbmm", beta=beta, alpha=alpha
        )

    def addbmm(self, batch1, batch2, *, beta=1, alpha=1):
        """beta * self + alpha * (the sum of the matrix products of the
        batches) (AddbmmBackward0)."""
        return _combine_more.AddProduct.apply(
            self, batch1, batch2, kind="addbmm", beta=beta, alpha=alpha
        )

    def addmm_(self, mat1, mat2, *, beta=1, alpha=1):
        """`addmm`, in place (AddmmBackward0)."""
        return self._inplace(linalg.addmm, mat1, mat2, beta, alpha)

    def vdot(self, other):
        """The dot product of two vectors (VdotBackward0)."""
        return _combine_more.Vdot.apply(self, other)

    def inner(self, other):
        """Sums of products over the last dimension of both."""
        return _combine_more.inner(self, other)

    def cross(self, other, dim=None):
        """The cross product of 3-vectors along `dim` (LinalgCrossBackward0)."""
        return _combine_more.cross(self, other, dim)

    def ger(self, vec2):
        """The outer product: an old name of `outer`."""
        return self.outer(vec2)

    def nansum(self, dim=None, keepdim=False, *, dtype=None):
        """The sum of the elements that are not nan (NansumBackward0)."""
        if dtype is not None:
            return _cast(self, dtype).nansum(dim, keepdim)
        return _combine_more.Nansum.apply(self, dim=dim, keepdim=keepdim)

    def nanmean(self, dim=None, keepdim=False, *, dtype=None):
        """The mean of the elements that are not nan (nansum / count)."""
        return _combine_more.nanmean(self, dim, keepdim, dtype)

    def median(self, dim=None, keepdim=False):
        """The lower median of all elements (nan if one is); with `dim`, a
        (values, indices) pair."""
        return _combine_more.median(self, dim, keepdim)

    def nanmedian(self, dim=None, keepdim=False):
        """`median` of the elements that are not nan."""
        return _combine_more.median(self, dim, keepdim, ignore_nan=True)

    def mode(self, dim=-1, keepdim=False):
        """The most frequent value along `dim` and its position (a pair)."""
        return _combine_more.mode(self, dim, keepdim)

    def kthvalue(self, k, dim=-1, keepdim=False):
        """The k-th smallest value along `dim` and its position (a pair)."""
        return _combine_more.kthvalue(self, k, dim, keepdim)

    def cummax(self, dim):
        """The running largest value along `dim` and its position (a pair)."""
        return _combine_more.cumulative_extreme(self, dim)

    def cummin(self, dim):
        """The running smallest value along `dim` and its position (a pair)."""
        return _combine_more.cumulative_extreme(self, dim, smallest=True)

    def logcumsumexp(self, dim):
        """Running log(sum(exp(self))) along `dim` (LogcumsumexpBackward0)."""
        return _combine_more.Logcumsumexp.apply(self, dim=dim)

    def aminmax(self, *, dim=None, keepdim=False):
        """The (min, max) pair, of all elements or along `dim`."""
        return _combine_more.aminmax(self, dim, keepdim)

    def msort(self):
        """Sorted along the first dimension (`sort(dim=0).values`)."""
        return self.sort(dim=0).values

    def fliplr(self):
        """Columns in reverse order (`flip(1)`; at least 2-D)."""
        if self.dim() < 2:
            raise RuntimeError("Input must be >= 2-d.")
        return self.flip(1)

    def flipud(self):
        """Rows in reverse order (`flip(0)`; at least 1-D)."""
        if self.dim() < 1:
            raise RuntimeError("Input must be >= 1-d.")
        return self.flip(0)

    def rot90(self, k=1, dims=(0, 1)):
        """Turned k quarter turns in the plane of `dims` (Rot90Backward0)."""
        return _combine_more.rot90(self, k, dims)

    def tensor_split(self, indices_or_sections, dim=0):
        """Views cut along `dim`: n nearly equal pieces, or at indices."""
        return _combine_more.tensor_split(self, indices_or_sections, dim)

    def hsplit(self, indices_or_sections):
        """`tensor_split` along dim 1 (0 for a vector); sections must divide."""
        dim = 0 if self.dim() == 1 else 1
        return _combine_more.split_along(self, indices_or_sections, dim, "hsplit")

    def vsplit(self, indices_or_sections):
        """`tensor_split` along dim 0 (at least 2-D); sections must divide."""
        return _combine_more.split_along(self, indices_or_sections, 0, "vsplit")

    def dsplit(self, indices_or_sections):
        """`tensor_split` along dim 2 (at least 3-D); sections must divide."""
        return _combine_more.split_along(self, indices_or_sections, 2, "dsplit")

    def diag_embed(self, offset=0, dim1=-2, dim2=-1):
        """Matrices with the last dimension on a diagonal (DiagEmbedBackward0)."""
        return _combine_more.diag_embed(self, offset, dim1, dim2)

    def diagflat(self, offset=0):
        """The square matrix with the flattened tensor on diagonal `offset`."""
        values = self if self.dim() == 1 else self.reshape(-1)
        return shape.diag(values, offset)

    def argwhere(self):
        """The positions of the nonzero elements, one row each (`nonzero`)."""
        return self.nonzero()

    def sum_to_size(self, *size):
        """Summed down to `size`, a shape this tensor expands to."""
        return _combine_more.sum_to_size(self, _shape_args(size, "sum_to_size", "size"))

    def t_(self):
        """`t`, in place: this tensor reads its memory transposed (TBackward1)."""
        ndim = self._data.ndim
        if ndim > 2:
            raise RuntimeError(
                f"t_() expects a tensor with <= 2 dimensions, but self is {ndim}D"
            )
        return _combine_more.restride_in_place(self, _combine_more.TInPlace)

    def transpose_(self, dim0, dim1):
        """`transpose`, in place (TransposeBackward1)."""
        return _combine_more.restride_in_place(
            self, _combine_more.TransposeInPlace, dim0=dim0, dim1=dim1
        )

    def swapdims_(self, dim0, dim1):
        """`transpose_` under numpy's name (`swapaxes_` too)."""
        return self.transpose_(dim0, dim1)

    swapaxes_ = swapdims_

    def squeeze_(self, dim=None):
        """`squeeze`, in place (SqueezeBackward3, or 4 with a dim)."""
        return _combine_more.restride_in_place(
            self, _combine_more.SqueezeInPlace, dim=dim
        )

    def unsqueeze_(self, dim):
        """`unsqueeze`, in place (UnsqueezeBackward1)."""
        return _combine_more.restride_in_place(
            self, _combine_more.UnsqueezeInPlace, dim=dim
        )

    # ----- more tensor ops (first reading: skip): repeat_interleave, tile, -------
    # cumprod, diff, movedim, fmax, nan_to_num, bernoulli, unique, ... (their
    # maths: ops/shape_more.py)

    def repeat_interleave(self, repeats, dim=None, *, output_size=None):
        """Each element (or slice along `dim`) repeated `repeats` times in place
        (an int, or a tensor of counts); with no dim, of the flattened tensor.

        Example:
            >>> minigrad.tensor([1, 2]).repeat_interleave(2)
            tensor([1, 1, 2, 2])
        """
        return _shape_more.repeat_interleave(self, repeats, dim, output_size)

    def tile(self, *dims):
        """This tensor repeated `dims[k]` times along dim k (`repeat`, with
        ones in front when fewer counts than dims are given).

        Example:
            >>> minigrad.tensor([1, 2]).tile(2)
            tensor([1, 2, 1, 2])
        """
        return _shape_more.tile(self, _shape_args(dims, "tile", "dims"))

    def cumprod(self, dim, *, dtype=None):
        """The running product along `dim`; `dtype`: cast first (as `cumsum`).

        Example:
            >>> minigrad.tensor([1.0, 2.0, 3.0]).cumprod(0)
            tensor([1., 2., 6.])
        """
        source = self if dtype is None else _cast(self, dtype)
        return _shape_more.Cumprod.apply(source, dim=dim)

    def diff(self, n=1, dim=-1, prepend=None, append=None):
        """Differences of neighbours along `dim`, `n` times over, with
        `prepend` and `append` joined on first.

        Example:
            >>> minigrad.tensor([1, 4, 9]).diff()
            tensor([3, 5])
        """
        return _shape_more.diff(self, n, dim, prepend, append)

    def ravel(self):
        """The elements as one dimension (a view where the memory allows)."""
        return self.contiguous().view(-1)

    def fmax(self, other):
        """The elementwise larger of self and other, ignoring nan (nan only
        where both are nan)."""
        return _shape_more.fmax_fmin(self, other)

    def fmin(self, other):
        """The elementwise smaller of self and other, ignoring nan."""
        return _shape_more.fmax_fmin(self, other, smallest=True)

    def new_empty(self, *size, dtype=None, device=None, requires_grad=False):
        """A tensor of shape `size` in this tensor's dtype (of zeros; PyTorch
        leaves its memory uninitialised)."""
        return self.new_zeros(*size, dtype=dtype, requires_grad=requires_grad)

    def new(self, *args):
        """PyTorch's legacy constructor, in this tensor's dtype: `x.new(2, 3)`
        (zeros of that shape; PyTorch leaves them uninitialised), `x.new([1,
        2])` (those values), `x.new()` (empty). Newer code writes
        `x.new_zeros(2, 3)` or `x.new_tensor([1, 2])`."""
        if len(args) == 1 and isinstance(args[0], (list, tuple, Tensor, np.ndarray)):
            if isinstance(args[0], Size):  # (a plain tuple is values, as a list)
                return self.new_zeros(args[0])
            return self.new_tensor(args[0])
        if not all(isinstance(n, (int, np.integer)) for n in args):
            raise TypeError(
                f"new(): data must be a sequence (got {_type_name(args[0])}); give "
                "sizes as ints (x.new(2, 3)) or the values as a list (x.new([2.5]))"
            )
        return self.new_zeros(*args) if args else self.new_zeros(0)

    def resize_(self, *sizes, memory_format=None):
        """Give this tensor the shape `sizes`, in place, keeping its first
        values in order (new elements are 0; PyTorch leaves them
        uninitialised). Not for a tensor that requires grad."""
        size = _shape_args(sizes)
        if self._requires_grad:
            raise RuntimeError(
                "cannot resize variables that require grad (resize a detached "
                "copy: x.detach().clone().resize_(...))"
            )
        values = np.asarray(self._data).reshape(-1)
        resized = np.zeros(size, dtype=values.dtype)
        count = min(values.size, resized.size)
        resized.reshape(-1)[:count] = values[:count]
        self._data = resized
        self._version_counter[0] += 1
        return self

    def resize_as_(self, other, memory_format=None):
        """`resize_` to the shape of `other`."""
        return self.resize_(tuple(other.shape))

    def apply_(self, callable):
        """Replace each element `v` with `callable(v)` (a Python function of
        one number), in place. Slow (one Python call per element), and not
        for a tensor that requires grad."""
        self._refuse_python_map("apply_")
        values = np.vectorize(callable, otypes=[self._data.dtype])(self._data)
        return self._write_values(values)

    def map_(self, tensor, callable):
        """Replace each element `v` with `callable(v, w)`, `w` the element of
        `tensor` (broadcast to this shape) at the same place, in place."""
        self._refuse_python_map("map_")
        other = np.broadcast_to(_as_tensor(tensor, self)._data, self._data.shape)
        function = np.vectorize(callable, otypes=[self._data.dtype])
        return self._write_values(function(self._data, other))

    def _refuse_python_map(self, name):
        if self._requires_grad:
            raise RuntimeError(
                f"Can't call {name}() on Variable that requires grad. Use "
                f"var.detach().{name}() instead."
            )

    def _write_values(self, values):
        """Write `values` (this tensor's shape and dtype) into its memory."""
        array = self._array()
        array[...] = values
        self._version_counter[0] += 1
        return self

    def pin_memory(self, device=None):
        """Page-locked memory is for copies to a GPU: there is none here, and
        PyTorch on a machine without one raises too."""
        raise RuntimeError(
            "Cannot access accelerator device when none is available. (pin_memory "
            "is for copies to a GPU; on the CPU, leave it out.)"
        )

    def is_pinned(self, device=None):
        """False: minigrad's memory is never page-locked (no GPU to copy to)."""
        return False

    def share_memory_(self):
        """For sharing with other processes (a no-op here: this tensor is
        returned as it is, and `is_shared()` says True from then on)."""
        self._shared = True
        return self

    def is_shared(self):
        """True after `share_memory_()`."""
        return self._shared

    _shared = False

    @property
    def real(self):
        """The real part: this tensor itself (minigrad's tensors are real)."""
        return self

    @property
    def imag(self):
        """Refused, as PyTorch refuses it for a real tensor."""
        raise RuntimeError(
            "imag is not implemented for tensors with non-complex dtypes."
        )

    def broadcast_to(self, *size):
        """This tensor expanded to `size` (as `expand`)."""
        return self.expand(*size)

    def movedim(self, source, destination):
        """The dims `source` moved to the positions `destination` (ints or
        tuples), the others kept in order."""
        return _shape_more.movedim(self, source, destination)

    moveaxis = movedim  # (numpy's name, as PyTorch has both)

    def swapaxes(self, axis0, axis1):
        """Swap two dimensions (as `transpose`)."""
        return self.transpose(axis0, axis1)

    def swapdims(self, dim0, dim1):
        """Swap two dimensions (as `transpose`)."""
        return self.transpose(dim0, dim1)

    def count_nonzero(self, dim=None):
        """How many elements are not zero (along `dim`: an int or a tuple)."""
        return _shape_more.count_nonzero(self, dim)

    def nan_to_num(self, nan=0.0, posinf=None, neginf=None):
        """nan, inf and -inf replaced by `nan`, `posinf` and `neginf` (by
        default 0 and the dtype's largest and smallest finite values)."""
        return _shape_more.nan_to_num(self, nan, posinf, neginf)

    def bernoulli(self, p=None, *, generator=None):
        """Random 1s and 0s: 1 with probability self[i] (or `p`), in self's dtype."""
        return _shape_more.bernoulli(self, p, generator)

    def bernoulli_(self, p=0.5, *, generator=None):
        """Fill with random 1s and 0s, in place: 1 with probability `p` (a
        number, or a tensor that broadcasts to this shape)."""
        return self._inplace(_shape_more.bernoulli_fill, p, generator)

    def unique(self, sorted=True, return_inverse=False, return_counts=False, dim=None):
        """The distinct elements in increasing order (see `minigrad.unique`)."""
        return _shape_more.unique(self, sorted, return_inverse, return_counts, dim)

    def unique_consecutive(self, return_inverse=False, return_counts=False, dim=None):
        """Each run of equal neighbours kept once (`minigrad.unique_consecutive`)."""
        return _shape_more.unique_consecutive(self, return_inverse, return_counts, dim)

    def bincount(self, weights=None, minlength=0):
        """How often each of 0, 1, 2, ... occurs (or the sum of its `weights`)."""
        return _shape_more.bincount(self, weights, minlength)

    def histc(self, bins=100, min=0, max=0):
        """A histogram: counts of the values in `bins` equal bins from `min`
        to `max` (min = max: the data's own range)."""
        return _shape_more.histc(self, bins, min, max)

    # ----- more elementwise functions, properties, random fills (first reading: skip)

    def tan(self):
        """The tangent (integers give float32)."""
        return _elementwise_more.Tan.apply(self)

    def asinh(self):
        """The inverse hyperbolic sine."""
        return _elementwise_more.Asinh.apply(self)

    arcsinh = asinh  # (numpy's name)

    def acosh(self):
        """The inverse hyperbolic cosine (nan below 1)."""
        return _elementwise_more.Acosh.apply(self)

    arccosh = acosh  # (numpy's name)

    def atanh(self):
        """The inverse hyperbolic tangent (nan outside [-1, 1])."""
        return _elementwise_more.Atanh.apply(self)

    arctanh = atanh  # (numpy's name)

    def logit(self, eps=None):
        """ln(self / (1 - self)), self clamped to [eps, 1 - eps] if eps is given."""
        return _elementwise_more.logit(self, eps)

    def erfc(self):
        """The complementary error function 1 - erf(self)."""
        return _elementwise_more.Erfc.apply(self)

    def erfinv(self):
        """The inverse error function (±inf at ±1, nan outside [-1, 1])."""
        return _elementwise_more.Erfinv.apply(self)

    def exp2(self):
        """2 ** self."""
        return _elementwise_more.Exp2.apply(self)

    def float_power(self, exponent):
        """self ** exponent computed in float64 (a float64 result)."""
        return _elementwise_more.float_power(self, exponent)

    def fmod(self, other):
        """The remainder of self / other with the sign of self (`%` takes
        the sign of other)."""
        return _elementwise_more.fmod(self, other)

    def sgn(self):
        """-1, 0 or 1 per element, as `sign` (gradient 0)."""
        return _elementwise_more.Sgn.apply(self)

    def hypot(self, other):
        """√(self² + other²), elementwise."""
        return _elementwise_more.hypot(self, other)

    def xlogy(self, other):
        """self · ln(other), 0 where self is 0."""
        return _elementwise_more.xlogy(self, other)

    def sinc(self):
        """sin(π self) / (π self), 1 at 0."""
        return _elementwise_more.Sinc.apply(self)

    def deg2rad(self):
        """Degrees to radians."""
        return _elementwise_more.Deg2Rad.apply(self)

    def rad2deg(self):
        """Radians to degrees."""
        return _elementwise_more.Rad2Deg.apply(self)

    def copysign(self, other):
        """|self| with the sign of other."""
        return _elementwise_more.copysign(self, other)

    def heaviside(self, values):
        """0 where self < 0, 1 where self > 0, `values` where self == 0."""
        return _elementwise_more.heaviside(self, values)

    def signbit(self):
        """A bool tensor: True where the sign bit is set (negatives, -0.0)."""
        return _elementwise_more.signbit(self)

    def lgamma(self):
        """ln |Γ(self)|."""
        return _elementwise_more.Lgamma.apply(self)

    def digamma(self):
        """ψ(self), the derivative of lgamma."""
        return _elementwise_more.Digamma.apply(self)

    def isposinf(self):
        """A bool tensor: True where the value is +inf."""
        return _elementwise_more.isposinf(self)

    def isneginf(self):
        """A bool tensor: True where the value is -inf."""
        return _elementwise_more.isneginf(self)

    def isreal(self):
        """A bool tensor, True everywhere (minigrad has no complex numbers)."""
        return _elementwise_more.isreal(self)

    def bitwise_and(self, other):
        """self & other bit by bit (integer and bool tensors)."""
        return _elementwise_more.bitwise_and(self, other)

    def bitwise_or(self, other):
        """self | other bit by bit (integer and bool tensors)."""
        return _elementwise_more.bitwise_or(self, other)

    def bitwise_xor(self, other):
        """self ^ other bit by bit (integer and bool tensors)."""
        return _elementwise_more.bitwise_xor(self, other)

    def bitwise_not(self):
        """~self bit by bit (integer and bool tensors)."""
        return _elementwise_more.bitwise_not(self)

    def bitwise_left_shift(self, other):
        """self << other: the bits moved left (integer tensors; a count that
        is negative or too large gives 0)."""
        return _elementwise_more.shift(self, other, left=True)

    def bitwise_right_shift(self, other):
        """self >> other: the bits moved right, the sign kept (integer
        tensors; a count that is negative or too large gives 0 or -1)."""
        return _elementwise_more.shift(self, other, left=False)

    def __lshift__(self, other):
        if not isinstance(other, _COMPARABLE):
            return NotImplemented  # (Python's TypeError names both types)
        return self.bitwise_left_shift(other)

    def __rshift__(self, other):
        if not isinstance(other, _COMPARABLE):
            return NotImplemented
        return self.bitwise_right_shift(other)

    def __rlshift__(self, other):
        if not isinstance(other, _COMPARABLE):
            return NotImplemented
        return _elementwise_more.shift(other, self, left=True)

    def __rrshift__(self, other):
        if not isinstance(other, _COMPARABLE):
            return NotImplemented
        return _elementwise_more.shift(other, self, left=False)

    def __rand__(self, other):
        return self & other

    def __ror__(self, other):
        return self | other

    def __rxor__(self, other):
        return self ^ other

    def __iand__(self, other):
        return self.bitwise_and_(other)

    def __ior__(self, other):
        return self.bitwise_or_(other)

    def __ixor__(self, other):
        return self.bitwise_xor_(other)

    def __ilshift__(self, other):
        return self.bitwise_left_shift_(other)

    def __irshift__(self, other):
        return self.bitwise_right_shift_(other)

    # PyTorch's numpy-style aliases: the same ops, the same nodes.

    def absolute(self):
        """|self| (as `abs`)."""
        return self.abs()

    def negative(self):
        """-self (as `neg`)."""
        return -self

    def positive(self):
        """self itself (a bool tensor is refused, as PyTorch's unary `+`)."""
        if self._data.dtype.kind == "b":
            raise RuntimeError(
                "The `+` operator, on a bool tensor is not supported. (Convert it "
                "first, e.g. x.int(), or leave the + out.)"
            )
        return self

    def subtract(self, other, *, alpha=1):
        """self - alpha * other (as `sub`)."""
        return self.sub(other, alpha=alpha)

    def multiply(self, other):
        """self * other (as `mul`)."""
        return self.mul(other)

    def divide(self, other, *, rounding_mode=None):
        """self / other, rounded as `rounding_mode` asks (as `div`)."""
        return self.div(other, rounding_mode=rounding_mode)

    def true_divide(self, other):
        """self / other (as `div`)."""
        return self / other

    # Their in-place forms, recorded with each function's own node.

    def tan_(self):
        """tan(self), in place."""
        return self._inplace(Tensor.tan)

    def asinh_(self):
        """asinh(self), in place."""
        return self._inplace(Tensor.asinh)

    arcsinh_ = asinh_  # (numpy's name)

    def acosh_(self):
        """acosh(self), in place."""
        return self._inplace(Tensor.acosh)

    arccosh_ = acosh_  # (numpy's name)

    def atanh_(self):
        """atanh(self), in place."""
        return self._inplace(Tensor.atanh)

    arctanh_ = atanh_  # (numpy's name)

    def logit_(self, eps=None):
        """logit(self, eps), in place."""
        return self._inplace(Tensor.logit, eps)

    def erfc_(self):
        """erfc(self), in place."""
        return self._inplace(Tensor.erfc)

    def erfinv_(self):
        """erfinv(self), in place."""
        return self._inplace(Tensor.erfinv)

    def exp2_(self):
        """2 ** self, in place."""
        return self._inplace(Tensor.exp2)

    def float_power_(self, exponent):
        """self ** exponent in float64, in place (self must be float64)."""
        if self._data.dtype != np.float64:
            raise RuntimeError(
                "the base given to float_power_ has dtype "
                f"{_dtype.scalar_type_name(self._data.dtype)} but the operation's "
                "result requires dtype Double (use x = x.float_power(...), or "
                ".double() the tensor first)"
            )
        return self._inplace(Tensor.float_power, exponent)

    def fmod_(self, other):
        """fmod(self, other), in place."""
        return self._inplace(Tensor.fmod, other)

    def sgn_(self):
        """sgn(self), in place."""
        return self._inplace(Tensor.sgn)

    def hypot_(self, other):
        """hypot(self, other), in place."""
        return self._inplace(Tensor.hypot, other)

    def xlogy_(self, other):
        """xlogy(self, other), in place."""
        return self._inplace(Tensor.xlogy, other)

    def sinc_(self):
        """sinc(self), in place."""
        return self._inplace(Tensor.sinc)

    def deg2rad_(self):
        """Degrees to radians, in place."""
        return self._inplace(Tensor.deg2rad)

    def rad2deg_(self):
        """Radians to degrees, in place."""
        return self._inplace(Tensor.rad2deg)

    def copysign_(self, other):
        """copysign(self, other), in place."""
        return self._inplace(Tensor.copysign, other)

    def heaviside_(self, values):
        """heaviside(self, values), in place."""
        return self._inplace(Tensor.heaviside, values)

    def lgamma_(self):
        """lgamma(self), in place."""
        return self._inplace(Tensor.lgamma)

    def digamma_(self):
        """digamma(self), in place."""
        return self._inplace(Tensor.digamma)

    def frac_(self):
        """self - self.trunc(), in place."""
        return self._inplace(Tensor.frac)

    def bitwise_and_(self, other):
        """self &= other, in place."""
        return self._inplace(Tensor.bitwise_and, other)

    def bitwise_or_(self, other):
        """self |= other, in place."""
        return self._inplace(Tensor.bitwise_or, other)

    def bitwise_xor_(self, other):
        """self ^= other, in place."""
        return self._inplace(Tensor.bitwise_xor, other)

    def bitwise_not_(self):
        """~self, in place."""
        return self._inplace(Tensor.bitwise_not)

    def bitwise_left_shift_(self, other):
        """self <<= other, in place."""
        return self._inplace(Tensor.bitwise_left_shift, other)

    def bitwise_right_shift_(self, other):
        """self >>= other, in place."""
        return self._inplace(Tensor.bitwise_right_shift, other)

    def absolute_(self):
        """|self|, in place (as `abs_`)."""
        return self.abs_()

    def negative_(self):
        """-self, in place (as `neg_`)."""
        return self.neg_()

    def subtract_(self, other, *, alpha=1):
        """self -= alpha * other, in place (as `sub_`)."""
        return self.sub_(other, alpha=alpha)

    def multiply_(self, other):
        """self *= other, in place (as `mul_`)."""
        return self.mul_(other)

    def divide_(self, other, *, rounding_mode=None):
        """self /= other, in place (as `div_`)."""
        return self.div_(other, rounding_mode=rounding_mode)

    def true_divide_(self, other):
        """self /= other, in place (as `div_`)."""
        return self.div_(other)

    # Properties of the memory, as PyTorch reports them.

    def ndimension(self):
        """The number of dimensions (as `dim()`)."""
        return self._data.ndim

    def data_ptr(self):
        """The address of the first element (numpy's)."""
        return self._data.ctypes.data

    @property
    def nbytes(self):
        """Bytes the elements take: numel() * itemsize (an expanded tensor
        counts its repeated elements, as PyTorch)."""
        return self._data.size * self._data.itemsize

    @property
    def itemsize(self):
        """Bytes per element (as `element_size()`)."""
        return self._data.itemsize

    def is_complex(self):
        """False: minigrad has no complex dtypes."""
        return False

    def is_signed(self):
        """True for dtypes with negative numbers (not uint8 or bool)."""
        return self._data.dtype.kind in "if"

    def storage_offset(self):
        """Where this tensor starts in its base's memory, in elements (0 for
        a tensor that is no view)."""
        if self._base is None:
            return 0
        start = self._base._data.ctypes.data
        return (self._data.ctypes.data - start) // self._data.itemsize

    def byte(self):
        """This tensor as uint8."""
        return self.to(_dtype.uint8)

    def char(self):
        """This tensor as int8."""
        return self.to(_dtype.int8)

    # Random fills (not recorded), drawn from minigrad's generator as `normal_`.

    def exponential_(self, lambd=1.0):
        """Fill with draws of the exponential distribution of rate `lambd`."""
        return _elementwise_more.exponential_(self, lambd)

    def geometric_(self, p):
        """Fill with the trial of the first success (1, 2, ...) at chance `p`."""
        return _elementwise_more.geometric_(self, p)

    def log_normal_(self, mean=1.0, std=2.0):
        """Fill with e ** N(mean, std²)."""
        return _elementwise_more.log_normal_(self, mean, std)

    def cauchy_(self, median=0.0, sigma=1.0):
        """Fill with draws of the Cauchy distribution."""
        return _elementwise_more.cauchy_(self, median, sigma)

    def random_(self, *bounds, to=None):
        """Fill with whole numbers drawn uniformly: `random_(to)` from [0, to),
        `random_(from, to)` from [from, to), `random_()` from 0 to the largest
        integer the dtype holds exactly (2 ** 24 for float32)."""
        if len(bounds) > 2:
            raise TypeError(
                f"random_() takes from 0 to 2 positional arguments but "
                f"{len(bounds)} were given (random_(to) or random_(from, to))"
            )
        if len(bounds) == 2:
            if to is not None:
                raise TypeError("random_() got multiple values for argument 'to'")
            start, to = bounds
        elif len(bounds) == 1 and to is None:
            start, to = 0, bounds[0]  # (PyTorch's random_(to))
        else:
            start = bounds[0] if bounds else 0
        return _elementwise_more.random_(self, start, to)

    # ----- scatter, index_add & co: writing by position (first reading: skip) -----

    def scatter(self, dim, index, src=None, value=None, *, reduce=None):
        """A copy with `src` (a tensor, or a number) written at the positions
        `index` names along `dim`: for dim 0, out[index[i][j]][j] = src[i][j]
        (`reduce="add"`/`"multiply"` combines instead, with no gradient)."""
        return _scatter.scatter(self, dim, index, src, value, reduce)

    def scatter_(self, dim, index, src=None, value=None, *, reduce=None):
        """`scatter`, in place."""
        return self._inplace(_scatter.scatter, dim, index, src, value, reduce)

    def scatter_add(self, dim, index, src):
        """A copy with each `src[i][j]` added at out[index[i][j]][j] (dim 0)."""
        return _scatter.scatter_add(self, dim, index, src)

    def scatter_add_(self, dim, index, src):
        """`scatter_add`, in place."""
        return self._inplace(_scatter.scatter_add, dim, index, src)

    def scatter_reduce(self, dim, index, src, reduce, *, include_self=True):
        """A copy with each `src[i][j]` combined by `reduce` ("sum", "prod",
        "mean", "amax", "amin") into out[index[i][j]][j] (dim 0)."""
        return _scatter_reduce.scatter_reduce(
            self, dim, index, src, reduce, include_self
        )

    def scatter_reduce_(self, dim, index, src, reduce, *, include_self=True):
        """`scatter_reduce`, in place."""
        return self._inplace(
            _scatter_reduce.scatter_reduce, dim, index, src, reduce, include_self
        )

    def index_reduce(self, dim, index, source, reduce, *, include_self=True):
        """A copy with each slice of `source` combined by `reduce` ("prod",
        "mean", "amax", "amin") into the slice at `index[k]` along `dim`."""
        return _scatter_reduce.index_reduce(
            self, dim, index, source, reduce, include_self
        )

    def index_reduce_(self, dim, index, source, reduce, *, include_self=True):
        """`index_reduce`, in place."""
        return self._inplace(
            _scatter_reduce.index_reduce, dim, index, source, reduce, include_self
        )

    def index_add(self, dim, index, source, *, alpha=1):
        """A copy with `alpha * source` added, slice by slice, at the positions
        `index` (a vector) along `dim`."""
        return _scatter.index_add(self, dim, index, source, alpha)

    def index_add_(self, dim, index, source, *, alpha=1):
        """`index_add`, in place."""
        return self._inplace(_scatter.index_add, dim, index, source, alpha)

    def index_put_(self, indices, values, accumulate=False):
        """Write `values` (a tensor, broadcast) at `indices` (a tuple of index
        tensors, one per leading dimension; a bool mask counts for as many
        dimensions as it has), in place: `self[indices] = values`, or with
        `accumulate=True`, `self[indices] += values`, where a position given
        twice receives both values (as PyTorch's index_put_)."""
        indices = _index_put_positions(indices, values, self)
        if not accumulate:
            self[indices] = values
            return self
        return self._inplace(_added_at, indices, values)

    def index_put(self, indices, values, accumulate=False):
        """`index_put_` on a copy (this tensor is left as it is)."""
        return self.clone().index_put_(indices, values, accumulate)

    def index_fill(self, dim, index, value):
        """A copy with `value` in the slices at positions `index` along `dim`."""
        return _scatter.index_fill(self, dim, index, value)

    def index_fill_(self, dim, index, value):
        """`index_fill`, in place."""
        return self._inplace(_scatter.index_fill, dim, index, value)

    def index_copy(self, dim, index, source):
        """A copy with the slices of `source` at positions `index` along `dim`."""
        return _scatter.index_copy(self, dim, index, source)

    def index_copy_(self, dim, index, source):
        """`index_copy`, in place."""
        return self._inplace(_scatter.index_copy, dim, index, source)

    def masked_select(self, mask):
        """The elements where the bool `mask` is True, as a 1-D tensor."""
        return _scatter.masked_select(self, mask)

    def masked_scatter(self, mask, source):
        """A copy with the elements of `source`, in order, where `mask` is True."""
        return _scatter.masked_scatter(self, mask, source)

    def masked_scatter_(self, mask, source):
        """`masked_scatter`, in place."""
        return self._inplace(_scatter.masked_scatter, mask, source)

    def take(self, index):
        """The elements at the int64 `index` of the flattened tensor (negative
        counts from the end); the result has index's shape."""
        return _scatter.take(self, index)

    def take_along_dim(self, indices, dim=None):
        """`gather` with broadcasting: the elements at `indices` along `dim`
        (of the flattened tensor when dim is None)."""
        return _scatter.take_along_dim(self, indices, dim)

    def fill_diagonal_(self, fill_value, wrap=False):
        """Write `fill_value` on the main diagonal, in place (`wrap`: a tall
        matrix's diagonal starts again below the first square)."""
        return _scatter.fill_diagonal(self, fill_value, wrap)


# `Tensor.type()` names: PyTorch's legacy tensor type of each dtype.
# ----- helpers of the Tensor methods ---------------------------------------

# What `x.max(dim)` returns, as PyTorch's `torch.return_types.max`.
MaxResult = return_types.max
MinResult = return_types.min


class Size(tuple):
    """A tensor's shape: a tuple that prints as `minigrad.Size([2, 3])`."""

    def __repr__(self):
        return f"minigrad.Size({list(self)})"

    def numel(self):
        """The number of elements a tensor of this shape has."""
        return int(np.prod(self, dtype=np.int64))

    # Slicing, joining and repeating a Size give a Size, as in PyTorch
    # (`x.shape[1:].numel()`); a tuple's would give a plain tuple.

    def __getitem__(self, index):
        part = tuple.__getitem__(self, index)
        return Size(part) if isinstance(index, slice) else part

    def __add__(self, other):
        if not isinstance(other, tuple):
            raise TypeError(
                f"can only concatenate tuple (not {type(other).__name__}) to "
                "minigrad.Size"
            )
        return Size(tuple(self) + tuple(other))

    def __radd__(self, other):
        if not isinstance(other, tuple):
            return NotImplemented
        return Size(tuple(other) + tuple(self))

    def __mul__(self, times):
        return Size(tuple(self) * times)

    __rmul__ = __mul__


def _shape_args(args, function=None, name="shape"):
    """Accept both `f(2, 3)` and `f((2, 3))`, as PyTorch does; `function`
    named, refuse no arguments at all (`x.view()`), as PyTorch's TypeError."""
    if not args and function is not None:
        example = "(2, 3); x.{0}(-1) to flatten" if name == "shape" else "(1, 0)"
        raise TypeError(
            f"{function}() missing 1 required positional argument: '{name}' (e.g. "
            f"x.{function}{example.format(function)})"
        )
    if len(args) == 1 and isinstance(args[0], (tuple, list, Size)):
        return tuple(args[0])
    return tuple(args)


def _as_tensor(value, like=None, symbol=None):
    """A tensor for `value` (numbers take the dtype of `like`, floats float32).

    As the operand of the operator `symbol` ("@"), a list or tuple is refused.
    """
    if isinstance(value, Tensor):
        return value
    if symbol is not None and isinstance(value, (list, tuple)):
        _refuse_sequence(symbol, like, value)
    if value is None or isinstance(value, (str, bytes)):
        raise TypeError(
            f"expected a Tensor or a number as operand, not {type(value).__name__} "
            f"(got {value!r})"
        )
    if like is not None and np.isscalar(value):
        return Tensor._make(np.asarray(value, dtype=like._data.dtype))
    from .creation import tensor

    return tensor(value)


def _cast(tensor, dtype):
    """`tensor` in `dtype`, for a reduction's `dtype=` argument (the cast is
    recorded, so gradients flow back in the input's dtype). A `dtype` that is
    not a minigrad dtype (a string, a numpy dtype) gets a TypeError."""
    _dtype.to_numpy_dtype(dtype)
    return tensor.to(dtype)


def _check_bool(value, function, argument, position=None):
    """Refuse a flag that is not a bool ("no", 1, None), as PyTorch does.

    Taking any truthy value would read `requires_grad="False"` as True.
    """
    if not isinstance(value, bool):
        where = f" (position {position})" if position is not None else ""
        prefix = f"{function}(): " if function else ""
        raise TypeError(
            f"{prefix}argument '{argument}'{where} must be bool, "
            f"not {type(value).__name__} (got {value!r}; use True or False)"
        )


def _index_to_numpy(index):
    """Turn tensors and lists inside an index into numpy arrays, refusing
    floats with PyTorch's errors (numpy's name numpy's own types)."""
    if isinstance(index, tuple):
        return tuple(_index_to_numpy(i) for i in index)
    if isinstance(index, Tensor):
        return _integer_positions(index._data)
    if isinstance(index, list):
        try:
            array = np.asarray(index)
        except ValueError:  # (numpy's "inhomogeneous shape")
            raise ValueError(
                f"a list used as an index must be a (nested) list of ints of equal "
                f"lengths, got {index!r}; for one index per dimension write "
                "x[[0, 1], [2, 0]]"
            ) from None
        if array.size == 0:  # x[[]]: no positions (numpy makes [] float64)
            return array.astype(np.int64)
        if array.dtype.kind not in "iub":  # (PyTorch truncates floats here)
            hint = "; PyTorch would truncate floats to ints: write the ints"
            raise IndexError(
                f"a list used as an index must hold ints or bools (got {index!r}"
                f"{hint if array.dtype.kind == 'f' else ''})"
            )
        return array
    if isinstance(index, (float, np.floating)):
        raise IndexError(
            "only integers, slices (`:`), ellipsis (`...`), None and long or byte "
            f"Variables are valid indices (got float: {index!r}; use int({index!r}))"
        )
    return index


def _read_index(index, ndim):
    """An index as `x[index]` and `x[index] = v` both read it: a list of
    parts as a tuple (below), slice steps checked, tensors and lists as numpy
    positions, the `...`s that change nothing dropped."""
    index = _sequence_as_tuple(index)
    _check_slice_steps(index)
    index = _index_to_numpy(index)
    if isinstance(index, tuple):
        index = _one_ellipsis(index, ndim)
    return index


def _sequence_as_tuple(index):
    """PyTorch's reading of a short list that holds a list, a tensor, a slice,
    `...` or None: one index per dimension, as a tuple (`x[[[0, 1], [2, 0]]]`
    is `x[[0, 1], [2, 0]]`), with PyTorch's warning that this will change.
    numpy now reads such a list as one array of positions: another answer."""
    if type(index) is not list or len(index) >= 32:
        return index
    for part in index:
        if part is None or part is Ellipsis or isinstance(part, _SEQUENCE_PARTS):
            warnings.warn(
                "Using a non-tuple sequence for multidimensional indexing is "
                "deprecated and will be changed in pytorch 2.9; use x[tuple(seq)] "
                "instead of x[seq]. In pytorch 2.9 this will be interpreted as "
                "tensor index, x[torch.tensor(seq)], which will result either in "
                "an error or a different result",
                UserWarning,
                stacklevel=4,  # (the user's line: above _read_index and x[...])
            )
            return tuple(index)
    return index


# What makes a list index be read as one index per dimension (above).
_SEQUENCE_PARTS = (list, tuple, slice, np.ndarray, Tensor)


def _one_ellipsis(parts, ndim):
    """`parts` (a tuple index) with the `...`s that change nothing dropped.

    PyTorch lets each `...` stand for the dimensions no other part indexes;
    after the first there are none left, unless nothing else is indexed
    (`x[..., ...]`), or nothing follows (`x[..., 0, ...]`). Any other `...`
    after the first is refused, as numpy does."""
    at = [k for k, p in enumerate(parts) if p is Ellipsis]
    if len(at) < 2:
        return parts
    specified = sum(_dims_indexed(p) for p in parts)
    trailing = all(p is Ellipsis for p in parts[at[1] :])
    if specified != ndim and not trailing:
        raise IndexError(
            "an index can only have a single ellipsis ('...') that stands for "
            f"dimensions (got {len(at)} for a tensor of dimension {ndim}); write "
            "one `...`"
        )
    return tuple(p for k, p in enumerate(parts) if p is not Ellipsis or k == at[0])


def _dims_indexed(part):
    """How many of the tensor's dimensions one part of an index uses: none for
    None and `...`, all of a mask's, one for anything else."""
    if part is None or part is Ellipsis or isinstance(part, (bool, np.bool_)):
        return 0  # (True and False add a dimension, as None)
    if isinstance(part, np.ndarray) and part.dtype == np.bool_:
        return part.ndim
    return 1


def _check_index_fits(parts, shape):
    """PyTorch's IndexErrors for an index that does not fit `shape` (numpy's
    talk of axes and arrays, or of the index it was given, would not help):
    too many parts, a position out of bounds, a mask of another shape."""
    counts = [_dims_indexed(p) for p in parts]
    if sum(counts) > len(shape):
        raise IndexError(
            f"too many indices for tensor of dimension {len(shape)} (the index "
            f"uses {sum(counts)} dimensions; the tensor has shape {list(shape)})"
        )
    dim = 0
    for part, count in zip(parts, counts):
        if part is Ellipsis:
            dim += len(shape) - sum(counts)
        elif isinstance(part, np.ndarray) and part.dtype == np.bool_:
            for i, (m, n) in enumerate(zip(part.shape, shape[dim : dim + count])):
                if m != n:
                    raise IndexError(
                        f"The shape of the mask {list(part.shape)} at index {i} does "
                        f"not match the shape of the indexed tensor {list(shape)} at "
                        f"index {dim + i}"
                    )
        elif count and isinstance(part, (np.ndarray, int, np.integer)):
            size = shape[dim]
            positions = np.asarray(part)
            outside = positions[(positions < -size) | (positions >= size)]
            if outside.size:
                raise IndexError(
                    f"index {outside.flat[0]} is out of bounds for dimension {dim} "
                    f"with size {size}"
                )
        dim += count


def _integer_positions(array):
    """A tensor's values as an index: int64 or int32 positions, or a bool
    mask. A uint8 tensor is a mask too (PyTorch's old reading, with its
    deprecation warning); other dtypes are refused, as PyTorch refuses them
    (numpy would take int8 or float positions)."""
    if array.dtype == np.uint8:
        warnings.warn(
            "indexing with dtype torch.uint8 is now deprecated, please use a "
            "dtype torch.bool instead.",
            UserWarning,
            stacklevel=_user_stacklevel(),
        )
        return array.astype(bool)
    if array.dtype not in _INDEX_DTYPES:
        raise IndexError(
            "tensors used as indices must be long, int, byte or bool tensors (got "
            f"{_dtype.from_numpy_dtype(array.dtype)}; convert the index with .long())"
        )
    return array


_INDEX_DTYPES = (np.dtype(np.int64), np.dtype(np.int32), np.dtype(np.bool_))


def _user_stacklevel():
    """The `stacklevel` of a warning about the user's line: the first frame
    outside minigrad, counted from the caller of this function."""
    import sys  # (only a warning needs it)

    frame, level = sys._getframe(2), 2
    while frame is not None and frame.f_globals.get("__name__", "").startswith(
        "minigrad."
    ):
        frame, level = frame.f_back, level + 1
    return level


def _integers_first(index, shape):
    """PyTorch's reading of an index that mixes integers with list, tensor or
    mask indices (`x[0, :, [0, 2]]`): the integers select first, and the rest
    indexes what is left. numpy broadcasts the integers with the arrays and,
    with a slice between them, moves the indexed dimensions to the front: a
    transposed result. Returns an index numpy reads as PyTorch does (the
    positions PyTorch picks, unravelled), or `index` where they agree."""
    parts = index if isinstance(index, tuple) else (index,)
    is_int = [
        (isinstance(p, (int, np.integer)) and not isinstance(p, (bool, np.bool_)))
        or (isinstance(p, np.ndarray) and p.ndim == 0 and p.dtype.kind in "iu")
        for p in parts
    ]
    arrays = [isinstance(p, np.ndarray) and not i for p, i in zip(parts, is_int)]
    if not (any(is_int) and any(arrays)):
        return index
    first, rest = [], []  # the integers' selection, then the rest of the index
    for part, integer in zip(parts, is_int):
        if integer:
            first.append(int(part))
        elif part is None:
            rest.append(None)
        elif part is Ellipsis:
            first.append(Ellipsis)
            rest.append(Ellipsis)
        else:  # a slice or an array: what it indexes is left for the rest
            spans = part.ndim if getattr(part, "dtype", None) == np.bool_ else 1
            first.extend([slice(None)] * spans)
            rest.append(part)
    positions = np.arange(int(np.prod(shape))).reshape(shape)
    return np.unravel_index(positions[tuple(first)][tuple(rest)], shape)


def _check_slice_steps(index):
    """Refuse a negative slice step (`x[::-1]`), as PyTorch does: numpy would
    return a reversed copy, teaching something PyTorch refuses."""
    for part in index if isinstance(index, tuple) else (index,):
        step = part.step if isinstance(part, slice) else None
        if isinstance(step, (int, np.integer)) and step < 0:
            raise ValueError(
                f"step must be greater than zero (got {part}); to reverse, "
                "index with a reversed arange, x[minigrad.arange(len(x) - 1, -1, -1)]"
            )


def _refuse_sequence(symbol, left, right):
    """A Python list or tuple as an operand (`x * [1, 2]`) is refused, as in
    PyTorch: the list could be a shape, a repetition or data; say which."""
    raise TypeError(
        f"unsupported operand type(s) for {symbol}: '{type(left).__name__}' and "
        f"'{type(right).__name__}'. To compute with the values, make a tensor "
        "first: minigrad.tensor([...])"
    )


def _is_basic(part):
    return (
        part is None
        or part is Ellipsis
        or (isinstance(part, (int, np.integer, slice)) and not isinstance(part, bool))
    )


def _refuse_view_made_without_grad(mode):
    """PyTorch's refusal of an in-place change, with grad mode on, of a view
    made under no_grad (`mode` "no_grad") or inference_mode ("inference") of
    a tensor that requires grad: whether to record the change is ambiguous."""
    if mode == "inference":
        made, now, block = "in inference mode", "in normal mode", "inference_mode"
    else:
        made, now, block = "in no_grad mode", "with grad mode enabled", "no_grad"
    raise RuntimeError(
        f"A view was created {made} and is being modified inplace {now}. Given "
        "that this use case is ambiguous and error-prone, it is forbidden. You can "
        "clarify your code by moving both the view and the inplace either both "
        f"inside the {block} block (if you don't want the inplace to be tracked) "
        "or both outside (if you want the inplace to be tracked)."
    )


def _check_not_one_of_several_views(view):
    """Refuse, as PyTorch does, a recorded in-place change of one of the views
    that split, chunk or unbind return together: their one node would have to
    learn that one of its outputs changed."""
    function = getattr(view.grad_fn, "function", None)
    if getattr(function, "returns_several_views", False):
        name = view.grad_fn.name().removesuffix("Backward0")
        raise RuntimeError(
            f"Output {view._output_nr} of {name} is a view and is being modified "
            "inplace. This view is the output of a function that returns multiple "
            "views. Such functions do not allow the output views to be modified "
            "inplace. You should replace the inplace operation by an out-of-place "
            "one (or .clone() the piece first)."
        )


def _writes_itself(tensor, value, parts):
    """True for `x[parts] = v` where v is the view x[parts] itself, which is
    what Python makes of `x[i] *= 2`: `v = x[i]; v *= 2; x[i] = v`. The
    in-place step has changed x already (and recorded it); writing v back
    changes nothing, so it is skipped (PyTorch records it, to the same
    gradient)."""
    if not isinstance(value, Tensor) or value._base is None:
        return False
    if value._base is not (tensor._base if tensor._base is not None else tensor):
        return False
    if not all(_is_basic(p) or p is Ellipsis or p is None for p in parts):
        return False
    # (a trailing `...` makes x[1, 2] a 0-d view, not a copy; one `...` at most)
    whole = parts if any(p is Ellipsis for p in parts) else parts + (Ellipsis,)
    target, v = tensor._array()[whole], value._array()
    return (
        target.shape == v.shape
        and target.strides == v.strides
        and target.__array_interface__["data"] == v.__array_interface__["data"]
    )


def _index_put_positions(indices, values, tensor):
    """`index_put_`'s arguments checked as PyTorch checks them: a tuple of
    integer or bool tensors (each mask replaced by its positions), and a
    tensor of values of the tensor's dtype."""
    if not isinstance(indices, (tuple, list)) or not all(
        isinstance(i, Tensor) for i in indices
    ):
        raise TypeError(
            "index_put_(): argument 'indices' must be tuple of Tensors, e.g. "
            "(minigrad.tensor([0, 2]),)"
        )
    if not isinstance(values, Tensor):
        raise TypeError(
            f"index_put_(): argument 'values' must be Tensor, not "
            f"{_type_name(values)} (wrap it: minigrad.tensor({values!r}))"
        )
    if values.dtype is not tensor.dtype:
        raise RuntimeError(
            "Index put requires the source and destination dtypes match, got "
            f"{_dtype.scalar_type_name(tensor._data.dtype)} for the destination and "
            f"{_dtype.scalar_type_name(values._data.dtype)} for the source. "
            f"(Convert it: values.to({tensor.dtype}).)"
        )
    positions = []
    for index in indices:
        if index._data.dtype.kind == "b":
            positions.extend(Tensor._make(p) for p in np.nonzero(index._data))
        else:
            _integer_positions(index._data)  # (refuses floats, int8, ...)
            positions.append(index)
    if len(positions) > tensor.dim():
        raise IndexError(
            f"too many indices for tensor of dimension {tensor.dim()} "
            f"({len(positions)} index tensors)"
        )
    return tuple(positions)


def _added_at(a, indices, values):
    """`a` with `values` added at the positions `indices` (one index tensor
    per leading dimension of `a`): a position given twice adds both values.
    Made of differentiable ops (index_add on the flattened leading
    dimensions), so the gradient reaches `values` through them."""
    lead, rest = a.shape[: len(indices)], a.shape[len(indices) :]
    try:
        arrays = np.broadcast_arrays(*[np.asarray(i._data) for i in indices])
    except ValueError:
        raise IndexError(
            "shape mismatch: indexing tensors could not be broadcast together "
            f"with shapes {[list(i.shape) for i in indices]}"
        ) from None
    for dim, (array, size) in enumerate(zip(arrays, lead)):
        if array.size and not (-size <= array.min() and array.max() < size):
            bad = array[(array < -size) | (array >= size)].flat[0]
            raise IndexError(
                f"index {bad} is out of bounds for dimension {dim} with size {size}"
            )
    flat = np.ravel_multi_index(
        [np.where(p < 0, p + n, p) for p, n in zip(arrays, lead)], lead
    ).reshape(-1)
    spread = values.expand(*arrays[0].shape, *rest).reshape(-1, *rest)
    from .creation import zeros  # (creation.py imports this module)

    base = zeros(int(np.prod(lead)), *rest, dtype=a.dtype)
    added = base.index_add(0, Tensor._make(flat.astype(np.int64)), spread)
    return a + added.reshape(a.shape)


def _refuse_partial_overlap(target, value):
    """PyTorch refuses to write a tensor into memory it partly shares
    (`x[1:] = x[:-1]`, `x[:2].copy_(x[1:3])`): the answer would depend on the
    order the elements are copied in. Writing a tensor onto its very own
    memory (`x[:] = x`) changes nothing and is allowed."""
    source = value._data if isinstance(value, Tensor) else None
    if type(source) is not np.ndarray or not np.may_share_memory(target, source):
        return
    same = (
        target.shape == source.shape
        and target.strides == source.strides
        and target.__array_interface__["data"] == source.__array_interface__["data"]
    )
    if not same and np.shares_memory(target, source):
        raise RuntimeError(
            "unsupported operation: some elements of the input tensor and the "
            "written-to tensor refer to a single memory location. Please clone() "
            "the tensor before performing the operation."
        )


def _is_byte_mask(index):
    """True for one uint8 tensor as a whole index (`x[mask] = ...`)."""
    return isinstance(index, Tensor) and index._data.dtype == np.uint8


def _overlaps_only_by_expand(array, positions, shape):
    """True when the only elements of `array` (a view at `positions` of a base
    of `shape`) that share memory are those an expand made: its dimensions of
    stride 0. PyTorch fills such memory, not the overlap of as_strided."""
    distinct = np.unique(np.ravel_multi_index(positions, shape)).size
    return distinct == int(
        np.prod([n for n, s in zip(array.shape, array.strides) if s])
    )


def _view_index(view, base):
    """The positions of a view's elements in its base, as an index of the
    base (a tuple of integer arrays, one per dimension), read off the view's
    memory offset and strides; None where that does not describe it (a base
    that is not one row-major block, another dtype, negative strides)."""
    b, v = base._array(), view._array()
    if not b.flags.c_contiguous or v.dtype != b.dtype:
        return None
    item = b.itemsize
    start = v.__array_interface__["data"][0] - b.__array_interface__["data"][0]
    if start < 0 or start % item or any(s < 0 or s % item for s in v.strides):
        return None
    numbers = np.arange(b.size)  # each element's flat position in the base
    positions = np.lib.stride_tricks.as_strided(
        numbers[start // item :],
        shape=v.shape,
        strides=[s // item * numbers.itemsize for s in v.strides],
    )
    return np.unravel_index(positions.copy(), b.shape)


def _check_not_empty(name, data, dim=None):
    """Refuse an index of the largest or smallest of no elements (numpy's own
    error is a ValueError that names no dim), with PyTorch's IndexError."""
    if dim is None:
        if data.size == 0:
            raise IndexError(
                f"{name}(): Expected reduction dim to be specified for "
                "input.numel() == 0."
            )
    elif data.ndim and data.shape[dim] == 0:
        raise IndexError(
            f"{name}(): Expected reduction dim {dim} to have non-zero size."
        )


def _dim_aliases(name, dim, keepdim, axis, keepdims, required=False):
    """PyTorch's numpy-style aliases: `axis=` for `dim=`, `keepdims=` for
    `keepdim=` (`probs.sum(1, keepdims=True)`, as in many tutorials)."""
    if axis is not None:
        if dim is not None:
            raise TypeError(f"{name}() got both 'dim' and its alias 'axis'; give one")
        dim = axis
    if required and dim is None:
        raise TypeError(f"{name}() missing required argument 'dim' (e.g. dim=-1)")
    return dim, keepdim if keepdims is None else keepdims


def _correction(unbiased, correction):
    if correction is not None:
        return correction
    if unbiased is not None:
        _check_bool(unbiased, None, "unbiased")  # (std(unbiased=2) is an error)
    return 0 if unbiased is False else 1


# What a comparison takes: a tensor, a number or a numpy array; anything else
# (a string, None, a list) is not compared, as in PyTorch.
from numbers import Number  # noqa: E402 (the comparisons below and `in` need it)

_COMPARABLE = (Tensor, Number, np.ndarray, np.generic)


# What `@` takes: a tensor or a numpy array (a list is refused with a hint);
# a number is no matrix, and Python's TypeError says so, as in PyTorch.
_MATMUL_OPERANDS = (Tensor, np.ndarray, list, tuple)


def _logical(ufunc, name, tensor, other):
    """logical_and/or/xor: `other` must be a tensor (as PyTorch's), and shapes
    that don't broadcast get PyTorch's message, not numpy's."""
    tensor_arg(other, name, "other", 1)
    check_broadcast(tensor, other)
    return Tensor._make(np.asarray(ufunc(tensor._data, other._data)))


def _named_compare(tensor, other, op, name):
    """`x.eq(other)` & co.: as the operators, but a TypeError for a string."""
    result = tensor._compare(other, op)
    if result is NotImplemented:
        raise TypeError(
            f"{name}(): argument 'other' must be Tensor or Number, not "
            f"{type(other).__name__}"
        )
    return result


# ----- the modules that build and read tensors --------------------------------
# autograd and the ops use the Tensor class, so they import this module
# (`from ..tensor import Tensor`). They are imported here, once the class
# exists: the one place where the Tensor <-> autograd import cycle is broken.
# (`minigrad/__init__.py` imports this module first.)
from ._check import _type_name, checked_scalar, int_arg, number_arg, tensor_arg  # noqa: E402
from ._memory_format import check_memory_format  # noqa: E402
from .autograd import engine, grad_mode  # noqa: E402
from .autograd.engine import run_backward  # noqa: E402
from .autograd.function import (  # noqa: E402
    AccumulateGrad,
    RemovableHandle,
    count_new_history,
    new_histories,
)
from .autograd.grad_mode import in_inference_mode, is_recording  # noqa: E402
from .autograd.graph import notify  # noqa: E402
from .ops import arithmetic, linalg, reduce, shape, sorting, unary  # noqa: E402
from .ops import binary_more as _binary_more  # noqa: E402
from .ops import combine_more as _combine_more  # noqa: E402
from .ops import conv_more as _conv_more  # noqa: E402
from .ops import elementwise_more as _elementwise_more  # noqa: E402
from .ops import logsumexp as _logsumexp  # noqa: E402
from .ops import misc_more as _misc_more  # noqa: E402
from .ops import rounding as _rounding  # noqa: E402
from .ops import scatter as _scatter  # noqa: E402
from .ops import scatter_reduce as _scatter_reduce  # noqa: E402
from .ops import select as _select  # noqa: E402
from .ops import shape_more as _shape_more  # noqa: E402
from .ops import unary_more as _unary_more  # noqa: E402
from .ops._util import (  # noqa: E402
    check_broadcast,
    float_input,
    normalize_dims,
    raw,
    wrap_int,  # noqa: E402
)
