"""Containers: `nn.Sequential` (a pipeline of layers), `nn.ModuleList`,
`nn.ModuleDict`, `nn.ParameterList` and `nn.ParameterDict`.

A container stores what it holds as children or parameters of its own, named
"0", "1", ... (lists) or by key (dicts), which is where parameter names such
as `0.weight`, `layers.2.bias`, `heads.left.weight` and `scales.1` come from.
A plain Python list or dict of layers would hide them from `parameters()`.
"""

import operator
from collections import OrderedDict
from collections.abc import Iterable, Mapping

from minigrad.tensor import Tensor

from .module import Module, _addindent, _check_name, _typename
from .parameter import Parameter


def _index(index, length, kind):
    """A plain non-negative position from a possibly negative index."""
    index = operator.index(index)
    if not -length <= index < length:
        raise IndexError(f"index {index} is out of range")
    return index % length


class _ModuleSequence(Module):
    """What Sequential and ModuleList share: children named "0", "1", ..."""

    def __len__(self):
        return len(self._modules)

    def __iter__(self):
        return iter(self._modules.values())

    def append(self, module):
        """Add `module` at the end. Returns self."""
        self.add_module(str(len(self)), module)
        return self

    def extend(self, modules):
        """Add each of `modules` at the end. Returns self."""
        for module in modules:
            self.append(module)
        return self

    def _renumber(self, modules):
        """Hold `modules` under the names "0", "1", ..., as PyTorch does after
        a deletion or an insertion."""
        self._modules.clear()
        for i, module in enumerate(modules):
            self._modules[str(i)] = module

    def __delitem__(self, index):
        keys = list(self._modules)
        if isinstance(index, slice):
            for key in keys[index]:
                del self._modules[key]
        else:
            del self._modules[keys[_index(index, len(keys), type(self).__name__)]]
        self._renumber(list(self._modules.values()))

    def insert(self, index, module):
        """Put `module` before position `index` (negative counts from the end).

        Returns self.

        Raises:
            AssertionError: `module` is not a Module (PyTorch's type).
            IndexError: `index` is outside [-len, len].
        """
        if not isinstance(module, Module):
            raise AssertionError(
                f"module should be of type: {Module}, got {type(module).__name__}"
            )
        n = len(self)
        index = operator.index(index)
        if not -n <= index <= n:
            raise IndexError(f"Index out of range: {index}")
        modules = list(self._modules.values())
        modules.insert(index, module)  # a negative index as list.insert reads it
        self._renumber(modules)
        return self

    def pop(self, index):
        """Remove the module at `index` (or a slice of them) and return it."""
        value = self[index]
        del self[index]
        return value


class Sequential(_ModuleSequence):
    """Run modules one after another, each feeding the next.

    Args:
        *modules: the layers in order, or one OrderedDict of name -> layer.

    Supports `len(seq)`, `seq[i]` (negative too), `seq[a:b]` (a new
    Sequential keeping the names), `del seq[i]`, iteration, `append`,
    `extend`, `insert`, `pop`, `seq + other` and `seq * n` (`+=`, `*=`).

    Example:
        >>> net = nn.Sequential(nn.Linear(2, 16), nn.ReLU())
        >>> print(net)
        Sequential(
          (0): Linear(in_features=2, out_features=16, bias=True)
          (1): ReLU()
        )
    """

    def __init__(self, *args):
        super().__init__()
        if len(args) == 1 and isinstance(args[0], OrderedDict):
            for name, module in args[0].items():
                self.add_module(name, module)
        else:
            for i, module in enumerate(args):
                self.add_module(str(i), module)

    def forward(self, input):
        for module in self._modules.values():
            input = module(input)
        return input

    def __getitem__(self, index):
        items = list(self._modules.items())
        if isinstance(index, slice):
            return type(self)(OrderedDict(items[index]))
        return items[_index(index, len(items), "Sequential")][1]

    def __setitem__(self, index, module):
        key = list(self._modules)[_index(index, len(self), "Sequential")]
        self.add_module(key, module)

    # ----- joining and repeating (first reading: skip)

    def _check_sequential(self, other):
        if not isinstance(other, Sequential):
            raise ValueError(
                "add operator supports only objects "
                f"of Sequential class, but {str(type(other))} is given."
            )

    def __add__(self, other):
        """`seq + other`: a new Sequential with the layers of both (the same
        layer objects, not copies), named "0", "1", ..."""
        self._check_sequential(other)
        return Sequential(*self, *other)

    def __iadd__(self, other):
        """`seq += other`: the layers of `other` appended, in place."""
        self._check_sequential(other)
        offset = len(self)
        for i, module in enumerate(list(other)):
            self.add_module(str(i + offset), module)
        return self

    def _check_factor(self, other):
        if not isinstance(other, int):
            raise TypeError(
                f"unsupported operand type(s) for *: {type(self)} and {type(other)}"
            )
        if other <= 0:
            raise ValueError(
                f"Non-positive multiplication factor {other} for {type(self)}"
            )

    def __mul__(self, other):
        """`seq * n`: a new Sequential with the layers repeated n times (the
        same layer objects, so the repeats share their parameters)."""
        self._check_factor(other)
        return Sequential(*(list(self) * other))

    def __rmul__(self, other):
        return self.__mul__(other)

    def __imul__(self, other):
        """`seq *= n`: the layers repeated n times, in place."""
        self._check_factor(other)
        modules = [self._modules[str(i)] for i in range(len(self))]
        offset = len(self)
        for _ in range(other - 1):
            for i, module in enumerate(modules):
                self.add_module(str(i + offset), module)
            offset += len(modules)
        return self


class ModuleList(_ModuleSequence):
    """A list of modules whose parameters the parent module can see.

    A plain Python list of layers would hide their parameters from
    `parameters()`; a ModuleList registers each one as a child.

    Args:
        modules: an iterable of modules (optional).

    Example:
        >>> layers = nn.ModuleList([nn.Linear(4, 4) for _ in range(3)])
        >>> len(list(layers.parameters()))
        6
    """

    def __init__(self, modules=None):
        super().__init__()
        if modules is not None:
            self.extend(modules)

    def __getitem__(self, index):
        modules = list(self._modules.values())
        if isinstance(index, slice):
            return type(self)(modules[index])
        return modules[_index(index, len(modules), "ModuleList")]

    def __setitem__(self, index, module):
        self.add_module(str(_index(index, len(self), "ModuleList")), module)

    def insert(self, index, module):
        """Put `module` before position `index`, as `list.insert`. Returns None.

        Raises:
            AssertionError: `module` is not a Module.
            IndexError: `index` is outside [-len, len] (PyTorch misnumbers the
                modules there).
        """
        super().insert(index, module)

    def __iadd__(self, modules):
        """`layers += modules`: the same as `extend(modules)`."""
        return self.extend(modules)

    def __add__(self, other):
        """`layers + other` (any iterable of modules): a new ModuleList."""
        return ModuleList([*self, *other])

    def forward(self, *args, **kwargs):
        raise NotImplementedError(
            "ModuleList has no forward: iterate over it in your module's forward"
        )

    def __repr__(self):
        # PyTorch prints runs of identical layers once: "(0-2): 3 x Linear(...)".
        reprs = [repr(module) for module in self]
        if not reprs:
            return self._get_name() + "()"
        blocks = []  # [first index, last index, repr]
        for i, text in enumerate(reprs):
            if blocks and blocks[-1][2] == text:
                blocks[-1][1] = i
            else:
                blocks.append([i, i, text])
        lines = []
        for first, last, text in blocks:
            if first == last:
                line = f"({first}): {text}"
            else:
                line = f"({first}-{last}): {last - first + 1} x {text}"
            lines.append(_addindent(line, 2))
        return self._get_name() + "(\n  " + "\n  ".join(lines) + "\n)"


def _pairs(items, kind):
    """The (key, value) pairs of a mapping or of an iterable of pairs, checked.

    A plain dict gives its own order, except for ParameterDict, which sorts
    the keys of a plain (unordered in old Pythons) dict, as PyTorch does.
    """
    if not isinstance(items, Iterable):
        # PyTorch spells the ParameterDict message "ParametersDict".
        name = "ParametersDict" if kind == "ParameterDict" else kind
        raise TypeError(
            f"{name}.update should be called with an iterable of key/value "
            f"pairs, but got {type(items).__name__}"
        )
    if isinstance(items, (OrderedDict, ModuleDict, ParameterDict)):
        return list(items.items())
    if isinstance(items, Mapping):
        if kind == "ParameterDict":
            return [(key, items[key]) for key in sorted(items)]
        return list(items.items())
    pairs = []
    for j, pair in enumerate(items):
        if not isinstance(pair, Iterable):
            raise TypeError(
                f"{kind} update sequence element #{j} should be Iterable; "
                f"is{type(pair).__name__}"
            )
        pair = list(pair)
        if len(pair) != 2:
            raise ValueError(
                f"{kind} update sequence element #{j} has length {len(pair)}; "
                "2 is required"
            )
        pairs.append((pair[0], pair[1]))
    return pairs


class ModuleDict(Module):
    """A dict of modules whose parameters the parent module can see.

    Each module is a child named by its key, so its parameters are named
    `<key>.weight`, ... (`heads.left.weight` inside a model's `heads`). Keys
    keep the order they were added in.

    Args:
        modules: a dict (or OrderedDict, or ModuleDict) of name -> module, or
            an iterable of (name, module) pairs (optional).

    Supports `md[key]`, `md[key] = module`, `del md[key]`, `key in md`,
    `len(md)`, iteration over the keys, `keys()`, `values()`, `items()`,
    `update(...)`, `pop(key)` and `clear()`. It has no forward: pick the
    modules you need in your own module's forward.

    Example:
        >>> heads = nn.ModuleDict({"left": nn.Linear(2, 1), "right": nn.ReLU()})
        >>> print(heads)
        ModuleDict(
          (left): Linear(in_features=2, out_features=1, bias=True)
          (right): ReLU()
        )
        >>> [name for name, _ in heads.named_parameters()]
        ['left.weight', 'left.bias']
    """

    def __init__(self, modules=None):
        super().__init__()
        if modules is not None:
            self.update(modules)

    def __getitem__(self, key):
        return self._modules[key]

    def __setitem__(self, key, module):
        self.add_module(key, module)

    def __delitem__(self, key):
        del self._modules[key]

    def __len__(self):
        return len(self._modules)

    def __iter__(self):
        return iter(self._modules)

    def __contains__(self, key):
        return key in self._modules

    def keys(self):
        """The keys, in the order they were added."""
        return self._modules.keys()

    def values(self):
        """The modules, in the order they were added."""
        return self._modules.values()

    def items(self):
        """The (key, module) pairs, in the order they were added."""
        return self._modules.items()

    def update(self, modules):
        """Add (or replace) modules from a dict or an iterable of (key, module) pairs.

        Everything is checked before anything is added, so a bad entry leaves
        the ModuleDict as it was.

        Raises:
            TypeError: not an iterable of pairs, a value that is not a Module
                (None is allowed), or a key that is not a string.
            ValueError: an element that is not a pair.
            KeyError: a key that is empty, contains ".", or is the name of a
                ModuleDict attribute such as "keys".
        """
        pairs = _pairs(modules, "ModuleDict")
        for key, module in pairs:
            # The checks add_module makes, run on every pair first.
            if module is not None and not isinstance(module, Module):
                raise TypeError(f"{_typename(module)} is not a Module subclass")
            _check_name(self, key, "module", self._modules)
        for key, module in pairs:
            self.add_module(key, module)

    def pop(self, key):
        """Remove the module under `key` and return it (KeyError if absent)."""
        module = self._modules[key]
        del self._modules[key]
        return module

    def clear(self):
        """Remove every module."""
        self._modules.clear()


def _parameter_line(key, value, type_name):
    """One line of a ParameterList/ParameterDict printout, as PyTorch writes it.

    Only the dtype (or type name) and the size are printed, not the values;
    PyTorch adds the device for GPUs, which minigrad has none of.
    """
    if isinstance(value, Tensor):
        size = "x".join(str(n) for n in value.shape)
        kind = "Parameter" if isinstance(value, Parameter) else "Tensor"
        return f"  ({key}): {kind} containing: [{type_name(value)} of size {size}]"
    return f"  ({key}): Object of type: {type(value).__name__}"


def _as_parameter(value):
    """A plain tensor becomes a Parameter (sharing its memory), as in PyTorch.

    Parameters, modules and any other objects are kept as they are.

    Raises:
        RuntimeError: an integer or bool tensor (it cannot require grad).
    """
    if isinstance(value, Tensor) and not isinstance(value, Parameter):
        return Parameter(value)
    return value


class ParameterList(Module):
    """A list of parameters that the parent module can see.

    Entry i is registered under the name "i", so inside a model's `scales` its
    names are `scales.0`, `scales.1`, ... in `named_parameters()` and
    `state_dict()`. A plain tensor put in becomes a Parameter (requiring
    grad); other objects are stored as they are, but only Parameters are
    trained.

    Args:
        values: an iterable of tensors (optional).

    Supports `pl[i]` (negative too), `pl[a:b]` (a new ParameterList),
    `pl[i] = tensor`, `len(pl)`, iteration, `append`, `extend` and `+=`.
    It has no forward and cannot be called.

    Example:
        >>> scales = nn.ParameterList([minigrad.ones(2, 3), minigrad.zeros(4)])
        >>> print(scales)
        ParameterList(
            (0): Parameter containing: [minigrad.float32 of size 2x3]
            (1): Parameter containing: [minigrad.float32 of size 4]
        )
        >>> [name for name, _ in scales.named_parameters()]
        ['0', '1']
    """

    def __init__(self, values=None):
        super().__init__()
        # The entries live where Module.__setattr__ puts them (Parameters in
        # _parameters, modules in _modules, the rest as attributes), under the
        # names "0", "1", ...; _size says how many there are.
        self._size = 0
        if values is not None:
            self.extend(values)

    def _position(self, index):
        """The entry's name ("0", "1", ...) for a possibly negative index."""
        index = operator.index(index)
        if not -len(self) <= index < len(self):
            raise IndexError(f"index {index} is out of range")
        return str(index % len(self))

    def __getitem__(self, index):
        if isinstance(index, slice):
            return type(self)([self[i] for i in range(len(self))[index]])
        return getattr(self, self._position(index))

    def __setitem__(self, index, value):
        setattr(self, self._position(index), _as_parameter(value))

    def __len__(self):
        return self._size

    def __iter__(self):
        return (self[i] for i in range(len(self)))

    def __iadd__(self, values):
        return self.extend(values)

    def __dir__(self):
        # The entries are reached by index, not as attributes "0", "1", ...
        return [name for name in super().__dir__() if not name.isdigit()]

    def append(self, value):
        """Add `value` at the end (a plain tensor becomes a Parameter). Returns self."""
        value = _as_parameter(value)  # may raise: then nothing is added
        setattr(self, str(len(self)), value)
        self._size += 1
        return self

    def extend(self, values):
        """Add each of `values` at the end. Returns self.

        All are converted first, so a bad one (an integer tensor) adds none.

        Raises:
            TypeError: `values` is not an iterable, or is a single tensor.
        """
        # A tensor is iterable too, but extending by its rows is never meant.
        if not isinstance(values, Iterable) or isinstance(values, Tensor):
            raise TypeError(
                "ParameterList.extend should be called with an iterable, but got "
                + type(values).__name__
            )
        values = [_as_parameter(value) for value in values]
        for value in values:
            self.append(value)
        return self

    def extra_repr(self):
        """One line per entry: its dtype and size (not its values)."""
        return "\n".join(
            _parameter_line(i, value, lambda t: t.dtype) for i, value in enumerate(self)
        )

    def __call__(self, *args, **kwargs):
        raise RuntimeError("ParameterList should not be called.")


class ParameterDict(Module):
    """A dict of parameters that the parent module can see.

    The entry under key "w" is registered under the name "w", so inside a
    model's `params` it is `params.w` in `named_parameters()` and
    `state_dict()`. A plain tensor put in becomes a Parameter (requiring
    grad). Keys keep the order they were added in, except that the keys of a
    plain dict given to the constructor or to `update` are added sorted
    (PyTorch does so; an OrderedDict or a list of pairs keeps its order).

    Args:
        parameters: a dict of name -> tensor, or an iterable of
            (name, tensor) pairs (optional).

    Supports `pd[key]`, `pd[key] = tensor`, `del pd[key]`, `key in pd`,
    `len(pd)`, iteration over the keys, `keys()`, `values()`, `items()`,
    `get`, `setdefault`, `update`, `pop`, `popitem`, `clear`, `copy` and
    `pd1 | pd2`. It has no forward and cannot be called.

    Example:
        >>> params = nn.ParameterDict({"w": minigrad.ones(2), "b": minigrad.zeros(3)})
        >>> list(params)
        ['b', 'w']
        >>> print(params)
        ParameterDict(
            (b): Parameter containing: [minigrad.FloatTensor of size 3]
            (w): Parameter containing: [minigrad.FloatTensor of size 2]
        )
    """

    def __init__(self, parameters=None):
        super().__init__()
        # The keys in order (a dict used as an ordered set); the entries live
        # where Module.__setattr__ puts them, under their key.
        self._keys = {}
        if parameters is not None:
            self.update(parameters)

    def _check_key(self, key):
        if not isinstance(key, str):
            raise TypeError(
                "Index given to ParameterDict cannot be used as a key as it is "
                f"not a string (type is '{type(key).__name__}'). Open an issue on "
                "github if you need non-string keys."
            )

    def _prepare(self, key, value):
        """Check `key` and convert `value`, changing nothing; return the value."""
        self._check_key(key)
        value = _as_parameter(value)
        if key not in self._keys:
            # What register_parameter checks ("", "a.b", "update", ...), for
            # any value: PyTorch would let `pd["update"] = 3.0` hide a method.
            _check_name(self, key, "parameter", self._parameters)
        return value

    def __getitem__(self, key):
        self._check_key(key)
        if key not in self._keys:
            # PyTorch raises AttributeError here (it looks the key up as an attribute).
            raise AttributeError(f"'ParameterDict' object has no attribute '{key}'")
        return getattr(self, key)

    def __setitem__(self, key, value):
        value = self._prepare(key, value)
        setattr(self, key, value)
        self._keys[key] = None

    def __delitem__(self, key):
        del self._keys[key]  # KeyError if absent
        delattr(self, key)

    def __len__(self):
        return len(self._keys)

    def __iter__(self):
        return iter(self._keys)

    def __reversed__(self):
        return reversed(self._keys)

    def __contains__(self, key):
        return key in self._keys

    def keys(self):
        """The keys, in order."""
        return self._keys.keys()

    def values(self):
        """The parameters, in the order of the keys (a generator, as PyTorch)."""
        return (self[key] for key in self._keys)

    def items(self):
        """The (key, parameter) pairs, in order (a generator, as PyTorch)."""
        return ((key, self[key]) for key in self._keys)

    def get(self, key, default=None):
        """The parameter under `key`, or `default` if there is none."""
        return self[key] if key in self else default

    def setdefault(self, key, default=None):
        """The parameter under `key`; if absent, first put `default` there."""
        if key not in self:
            self[key] = default
        return self[key]

    def update(self, parameters):
        """Add (or replace) entries from a dict or an iterable of (key, value) pairs.

        Everything is checked and converted before anything is added, so a
        bad entry leaves the ParameterDict as it was.

        Raises:
            TypeError: not an iterable of pairs, or a key that is not a string.
            ValueError: an element that is not a pair.
            KeyError: a key that is empty, contains "." or is the name of a
                ParameterDict attribute such as "update".
            RuntimeError: an integer tensor (it cannot require grad).
        """
        pairs = _pairs(parameters, "ParameterDict")
        pairs = [(key, self._prepare(key, value)) for key, value in pairs]
        for key, value in pairs:
            setattr(self, key, value)
            self._keys[key] = None

    def pop(self, key):
        """Remove the entry under `key` and return it."""
        value = self[key]
        del self[key]
        return value

    def popitem(self):
        """Remove the last added entry and return its (key, value) pair.

        Raises:
            KeyError: the ParameterDict is empty.
        """
        if not self._keys:
            raise KeyError("popitem(): dictionary is empty")
        key = list(self._keys)[-1]
        return key, self.pop(key)

    def clear(self):
        """Remove every entry."""
        for key in list(self._keys):
            del self[key]

    def copy(self):
        """A new ParameterDict holding the same parameters (not copies of them)."""
        return ParameterDict(OrderedDict((key, self[key]) for key in self._keys))

    def fromkeys(self, keys, default=None):
        """A new ParameterDict with each of `keys` holding `default`."""
        return ParameterDict((key, default) for key in keys)

    def __or__(self, other):
        result = self.copy()
        result.update(other)
        return result

    def __ror__(self, other):
        result = other.copy()
        result.update(self)
        return result

    def __ior__(self, other):
        self.update(other)
        return self

    def extra_repr(self):
        """One line per entry: its type name and size (not its values)."""
        return "\n".join(
            _parameter_line(key, value, lambda t: t.type())
            for key, value in self.items()
        )

    def __call__(self, *args, **kwargs):
        raise RuntimeError("ParameterDict should not be called.")
