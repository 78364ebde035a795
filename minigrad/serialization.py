"""`minigrad.save` and `minigrad.load`: checkpoints in a format that holds no code.

What tutorials save works unchanged:

    minigrad.save(model.state_dict(), "model.pt")
    model.load_state_dict(minigrad.load("model.pt"))
    minigrad.save({"epoch": 3, "model_state_dict": model.state_dict(),
                   "optimizer_state_dict": opt.state_dict()}, "ckpt.pt")

PyTorch stores pickles, and unpickling can run any code the file names. A
minigrad file is a zip archive holding a JSON manifest (the structure: dicts,
lists, numbers, strings) and one `.npy` file per tensor, read back with a
whitelist of dtypes and the sizes checked. Loading builds new objects only and
returns them at the end, so a bad file raises before anything is handed back.

Anything else (a whole model, a numpy array, an object of your own) is
pickled into the archive, as `torch.save` pickles it, and loads only with
`weights_only=False`, as in PyTorch since 2.6: the default,
`weights_only=True`, raises `pickle.UnpicklingError` ("Weights only load
failed ..."), naming the first class the pickle would import, and runs none
of it. Pass `weights_only=False` only for a file you trust.

Errors, each of PyTorch's type for the same kind of file:
- not a minigrad archive, truncated, corrupt or inconsistent: `RuntimeError`
  (what `torch.load` raises for a damaged zip archive);
- a pickle (e.g. a file `torch.save` wrote, or a hostile one):
  `pickle.UnpicklingError` (what `torch.load(weights_only=True)` raises for a
  pickle it refuses); minigrad never unpickles a file that is a pickle;
- a missing file: `FileNotFoundError`.
"""

import base64
import io
import json
import pickle
import pickletools
import zipfile
from collections import OrderedDict

import numpy as np

from . import _device, _dtype
from .tensor import Tensor

FORMAT = "minigrad.save"
VERSION = 1
MANIFEST = "manifest.json"
MAX_MANIFEST_BYTES = 64 * 2**20  # a structure this big is not a checkpoint
MAX_DEPTH = 100  # nesting deeper than this is not a checkpoint either
# The dtypes a tensor file may hold (never numpy's object dtype, which pickles).
_ALLOWED = {d.numpy.str for d in _dtype._BY_NUMPY.values()} | {
    d.numpy.newbyteorder("S").str for d in _dtype._BY_NUMPY.values()
}


# ----- saving ---------------------------------------------------------------------


def save(obj, f):
    """Save tensors, numbers, strings and dicts/lists/tuples of them to `f`.

    Anything else in `obj` (e.g. a whole module, a numpy array) is pickled,
    as `torch.save` does; it loads only with `load(..., weights_only=False)`.

    Args:
        obj: e.g. `model.state_dict()`, a tensor, or a dict such as
            `{"epoch": 3, "model_state_dict": ..., "optimizer_state_dict": ...}`.
        f: a file name (str or path) or a binary file object.

    Raises:
        TypeError: a dict key that is not a string or an int.
        pickle.PicklingError, AttributeError, TypeError: an object that
            cannot be pickled (a lambda, ...), as in PyTorch; no file is
            written then.

    Example:
        >>> minigrad.save(model.state_dict(), "model.pt")  # doctest: +SKIP
    """
    arrays = []
    root = _encode(obj, arrays, {}, depth=0)
    manifest = {"format": FORMAT, "version": VERSION, "root": root}
    # Written in memory first: an unsavable object leaves no half-written file.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr(MANIFEST, json.dumps(manifest))
        for index, array in enumerate(arrays):
            if isinstance(array, bytes):  # (a pickle: see _encode)
                archive.writestr(f"data/{index}.pkl", array)
                continue
            data = io.BytesIO()
            np.save(data, array, allow_pickle=False)
            archive.writestr(f"data/{index}.npy", data.getvalue())
    if hasattr(f, "write"):
        f.write(buffer.getvalue())
    else:
        with open(f, "wb") as file:
            file.write(buffer.getvalue())


def _encode(obj, arrays, seen, depth):
    """`obj` as JSON-able data; tensors go to `arrays` (once each, by identity)."""
    if depth > MAX_DEPTH:
        raise ValueError(f"minigrad.save: objects nested deeper than {MAX_DEPTH}")
    if obj is None or isinstance(obj, (bool, str)):
        return {"kind": "value", "value": obj}
    if isinstance(obj, (int, np.integer)):
        return {"kind": "int", "value": int(obj)}
    if isinstance(obj, (float, np.floating)):
        return {"kind": "float", "value": repr(float(obj))}  # keeps nan, inf
    if isinstance(obj, Tensor):
        if id(obj) not in seen:  # one tensor saved twice loads as one tensor
            seen[id(obj)] = len(arrays)
            arrays.append(np.asarray(obj._data))
        from .nn.parameter import Parameter

        return {
            "kind": "tensor",
            "index": seen[id(obj)],
            "requires_grad": obj.requires_grad,
            "parameter": isinstance(obj, Parameter),
        }
    if isinstance(obj, _dtype.dtype):
        return {"kind": "dtype", "value": obj.name}
    if isinstance(obj, _device.device):
        return {"kind": "device", "value": str(obj)}
    if isinstance(obj, (list, tuple)):
        items = [_encode(x, arrays, seen, depth + 1) for x in obj]
        return {
            "kind": type(obj).__name__ if type(obj) in (list, tuple) else "list",
            "items": items,
        }
    if isinstance(obj, complex):  # (torch.load's weights_only takes these too)
        return {"kind": "complex", "value": [repr(obj.real), repr(obj.imag)]}
    if type(obj) is bytes:
        return {"kind": "bytes", "value": base64.b64encode(obj).decode("ascii")}
    if type(obj) is set:
        items = [_encode(x, arrays, seen, depth + 1) for x in obj]
        return {"kind": "set", "items": items}
    if isinstance(obj, dict):
        items = [
            [_encode_key(k), _encode(v, arrays, seen, depth + 1)]
            for k, v in obj.items()
        ]
        kind = "ordered_dict" if isinstance(obj, OrderedDict) else "dict"
        node = {"kind": kind, "items": items}
        metadata = getattr(obj, "_metadata", None)  # (a state_dict's: see Module)
        if kind == "ordered_dict" and isinstance(metadata, dict):
            node["metadata"] = _encode(metadata, arrays, seen, depth + 1)
        return node
    # Anything else is pickled, as torch.save does (loaded only with
    # weights_only=False). `arrays` holds its bytes, written as data/<i>.pkl.
    arrays.append(pickle.dumps(obj, protocol=pickle.DEFAULT_PROTOCOL))
    return {"kind": "pickled", "index": len(arrays) - 1}


def _encode_key(key):
    if isinstance(key, bool) or not isinstance(key, (str, int, np.integer)):
        raise TypeError(
            "minigrad.save: dict keys must be strings or ints, not "
            f"{type(key).__name__}"
        )
    return {"kind": "int", "value": int(key)} if not isinstance(key, str) else key


# ----- loading --------------------------------------------------------------------


def load(f, map_location=None, *, weights_only=None, mmap=None):
    """Load what `minigrad.save` saved. Runs no code from the file, unless
    `weights_only=False` and the file holds pickled objects (see `save`).

    Args:
        f: a file name (str or path) or a binary file object.
        map_location: None or "cpu" (the only device); "cuda" fails as in
            PyTorch on a machine without CUDA.
        weights_only: True or None (the default, as in PyTorch): load
            tensors, numbers, strings and containers only; a file with
            pickled objects (a whole model, a numpy array...) raises
            `pickle.UnpicklingError`. False: unpickle those too, which can
            run any code the file names: only for a file you trust.
        mmap: accepted for PyTorch's API; the file is read into memory.

    Returns:
        The saved object, with new tensors (a saved `nn.Parameter` comes back
        as one; `requires_grad` is kept).

    Raises:
        RuntimeError: the file is not a minigrad archive, or is corrupt.
        pickle.UnpicklingError: the file is a pickle (minigrad never unpickles
            it), or holds pickled objects and `weights_only` is not False.

    Example:
        >>> model.load_state_dict(minigrad.load("model.pt"))  # doctest: +SKIP
    """
    if map_location is not None and not callable(map_location):
        if str(map_location).startswith("cuda"):
            raise RuntimeError(
                "Attempting to deserialize object on a CUDA device but "
                "minigrad.cuda.is_available() is False: minigrad runs on the CPU "
                "only; use map_location='cpu' or leave it out"
            )
        if not isinstance(map_location, dict):
            _device.check_device(map_location)
    data = f.read() if hasattr(f, "read") else _read_file(f)
    if data[:1] == b"\x80":  # how every pickle of protocol 2 and later starts
        raise pickle.UnpicklingError(
            "this file is a pickle: minigrad.load never unpickles, because "
            "unpickling can run any code the file names. Save with "
            "minigrad.save (or load it in PyTorch with weights_only=True)"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise RuntimeError(
            "minigrad.load: this file is not a minigrad checkpoint (not a zip "
            "archive, or truncated): save it with minigrad.save"
        ) from None
    with archive:
        names = set(archive.namelist())
        if MANIFEST not in names:
            hint = (
                " (it looks like a PyTorch checkpoint, whose pickles minigrad "
                "won't run; in PyTorch, save the tensors another way)"
                if any(n.endswith("data.pkl") for n in names)
                else ""
            )
            raise RuntimeError(
                f"minigrad.load: the archive has no {MANIFEST}; it was not written "
                f"by minigrad.save{hint}"
            )
        manifest = _read_manifest(archive)
        tensors = {"weights_only": weights_only is not False}
        return _decode(manifest["root"], archive, names, tensors, depth=0)


def _read_file(path):
    with open(path, "rb") as file:
        return file.read()


def _read_manifest(archive):
    info = archive.getinfo(MANIFEST)
    if info.file_size > MAX_MANIFEST_BYTES:
        _corrupt(f"its manifest claims {info.file_size} bytes")
    try:
        manifest = json.loads(_read_member(archive, MANIFEST))
    except (ValueError, RecursionError) as error:
        _corrupt(f"its manifest is not valid JSON ({str(error)[:80]})")
    if (
        not isinstance(manifest, dict)
        or manifest.get("format") != FORMAT
        or "root" not in manifest
    ):
        _corrupt("its manifest is not a minigrad.save manifest")
    if manifest.get("version") != VERSION:
        _corrupt(f"it has format version {manifest.get('version')!r}, not {VERSION}")
    return manifest


def _read_member(archive, name):
    try:
        return archive.read(name)
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        _corrupt(f"{name} can't be read ({error})")


def _corrupt(why):
    raise RuntimeError(
        f"minigrad.load: the file is corrupt or not a minigrad checkpoint: {why}"
    )


def _decode(node, archive, names, tensors, depth):
    """Rebuild one manifest entry, checking its shape as it goes."""
    if depth > MAX_DEPTH:
        _corrupt(f"it nests deeper than {MAX_DEPTH}")
    if not isinstance(node, dict):
        _corrupt(f"an entry is a {type(node).__name__}, not an object")
    kind = node.get("kind")
    if kind == "value" and (
        node.get("value") is None or isinstance(node.get("value"), (bool, str))
    ):
        return node["value"]
    if kind == "int" and type(node.get("value")) is int:
        return node["value"]
    if kind == "float" and isinstance(node.get("value"), str):
        try:
            return float(node["value"])
        except ValueError:
            _corrupt(f"{node['value'][:40]!r} is not a float")
    if kind == "tensor":
        return _decode_tensor(node, archive, names, tensors)
    if kind == "complex" and isinstance(node.get("value"), list):
        try:
            real, imag = (float(part) for part in node["value"])
        except (TypeError, ValueError):
            _corrupt("a complex number is not a pair of floats")
        return complex(real, imag)
    if kind == "bytes" and isinstance(node.get("value"), str):
        try:
            return base64.b64decode(node["value"], validate=True)
        except ValueError:
            _corrupt("a bytes entry is not base64")
    if kind == "set" and isinstance(node.get("items"), list):
        items = [_decode(x, archive, names, tensors, depth + 1) for x in node["items"]]
        try:
            return set(items)
        except TypeError:
            _corrupt("a set holds an unhashable item")
    if kind == "pickled" and type(node.get("index")) is int and node["index"] >= 0:
        return _unpickle(node["index"], archive, names, tensors["weights_only"])
    if kind == "dtype" and isinstance(
        getattr(_dtype, str(node.get("value")), None), _dtype.dtype
    ):
        return getattr(_dtype, node["value"])
    if kind == "device" and isinstance(node.get("value"), str):
        return _device.device(node["value"])
    if kind in ("list", "tuple") and isinstance(node.get("items"), list):
        items = [_decode(x, archive, names, tensors, depth + 1) for x in node["items"]]
        return items if kind == "list" else tuple(items)
    if kind in ("dict", "ordered_dict") and isinstance(node.get("items"), list):
        result = OrderedDict() if kind == "ordered_dict" else {}
        for pair in node["items"]:
            if not isinstance(pair, list) or len(pair) != 2:
                _corrupt("a dict entry is not a [key, value] pair")
            key = pair[0]
            if not isinstance(key, str):
                key = _decode(key, archive, names, tensors, depth + 1)
                if type(key) is not int:
                    _corrupt("a dict key is neither a string nor an int")
            result[key] = _decode(pair[1], archive, names, tensors, depth + 1)
        if kind == "ordered_dict" and "metadata" in node:
            metadata = _decode(node["metadata"], archive, names, tensors, depth + 1)
            if not isinstance(metadata, dict):
                _corrupt("a state_dict's metadata is not a dict")
            result._metadata = metadata
        return result
    _corrupt(f"an entry of kind {str(kind)[:40]!r} is malformed or unknown")


def _unpickle(index, archive, names, weights_only):
    """The object pickled as data/<index>.pkl; with `weights_only`, PyTorch's
    UnpicklingError instead, naming the first class it would import."""
    name = f"data/{index}.pkl"  # built here: the manifest never names a path
    if name not in names:
        _corrupt(f"an object refers to {name}, which the archive does not have")
    data = _read_member(archive, name)
    if weights_only:
        raise pickle.UnpicklingError(
            "Weights only load failed. This file can still be loaded: it holds "
            "objects that minigrad.save pickled (not tensors, numbers, strings or "
            "containers of them). Re-running `minigrad.load` with `weights_only` "
            "set to `False` will likely succeed, but it can result in arbitrary "
            "code execution. Do it only if you got the file from a trusted "
            "source.\n\tWeightsUnpickler error: Unsupported global: GLOBAL "
            f"{_first_global(data)} was not an allowed global by default."
        )
    return pickle.loads(data)


def _first_global(data):
    """The first `module.name` a pickle imports, read without running it."""
    strings = []
    try:
        for opcode, arg, _ in pickletools.genops(data):
            if opcode.name in ("GLOBAL", "INST"):
                return str(arg).replace(" ", ".")
            if opcode.name == "STACK_GLOBAL" and len(strings) >= 2:
                return f"{strings[-2]}.{strings[-1]}"
            if isinstance(arg, str):
                strings.append(arg)
    except Exception:  # (a damaged pickle: the name is only for the message)
        pass
    return "<unknown>"


def _decode_tensor(node, archive, names, tensors):
    index = node.get("index")
    if type(index) is not int or index < 0:
        _corrupt("a tensor entry has no valid index")
    name = f"data/{index}.npy"  # built here: the manifest never names a path
    if name not in names:
        _corrupt(f"a tensor refers to {name}, which the archive does not have")
    if index not in tensors:
        tensors[index] = _read_array(archive, name)
    array = tensors[index]
    requires_grad = node.get("requires_grad") is True
    if node.get("parameter") is True:
        from .nn.parameter import Parameter

        key = ("parameter", index, requires_grad)
        if key not in tensors:
            tensors[key] = Parameter(Tensor._make(array), requires_grad=requires_grad)
        return tensors[key]
    key = ("tensor", index, requires_grad)
    if key not in tensors:  # a tensor saved twice comes back as one tensor
        tensor = Tensor._make(array)
        if requires_grad:
            tensor.requires_grad = True  # refuses integer dtypes
        tensors[key] = tensor
    return tensors[key]


def _read_array(archive, name):
    """One .npy member, with a whitelisted dtype and a size that adds up."""
    info = archive.getinfo(name)
    try:
        with archive.open(info) as member:
            version = np.lib.format.read_magic(member)
            if version == (1, 0):
                shape, fortran, dtype = np.lib.format.read_array_header_1_0(member)
            elif version == (2, 0):
                shape, fortran, dtype = np.lib.format.read_array_header_2_0(member)
            else:
                _corrupt(f"{name} has .npy version {version}")
            if dtype.str not in _ALLOWED or dtype.hasobject:
                _corrupt(f"{name} holds dtype {dtype}, which no tensor has")
            count = int(np.prod(shape, dtype=object))
            nbytes = count * dtype.itemsize
            header = member.tell()
            if nbytes != info.file_size - header:
                _corrupt(
                    f"{name} claims shape {tuple(shape)} ({nbytes} bytes) but holds "
                    f"{info.file_size - header} bytes"
                )
            raw = member.read(nbytes)
    except (ValueError, zipfile.BadZipFile, OSError, EOFError) as error:
        _corrupt(f"{name} is not a valid .npy file ({str(error)[:80]})")
    if len(raw) != nbytes:
        _corrupt(f"{name} is truncated")
    array = np.frombuffer(raw, dtype=dtype).reshape(
        shape, order="F" if fortran else "C"
    )
    return np.array(array, dtype=dtype.newbyteorder("="), order="C")  # own, writable
