"""Containers: `nn.Sequential` (a pipeline of layers) and `nn.ModuleList`.

Both store their layers as child modules named "0", "1", ..., which is where
parameter names such as `0.weight` and `layers.2.bias` come from.
"""

import operator
from collections import OrderedDict

from .module import Module, _addindent


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


class Sequential(_ModuleSequence):
    """Run modules one after another, each feeding the next.

    Args:
        *modules: the layers in order, or one OrderedDict of name -> layer.

    Supports `len(seq)`, `seq[i]` (negative too), `seq[a:b]` (a new
    Sequential keeping the names), iteration and `append`.

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

    def __delitem__(self, index):
        keys = list(self._modules)
        if isinstance(index, slice):
            for key in keys[index]:
                del self._modules[key]
        else:
            del self._modules[keys[_index(index, len(keys), "Sequential")]]
        # Renumber so that names stay "0", "1", ... as PyTorch does.
        modules = list(self._modules.values())
        self._modules.clear()
        for i, module in enumerate(modules):
            self._modules[str(i)] = module


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
