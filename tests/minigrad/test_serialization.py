"""`minigrad.save` / `minigrad.load`: what tutorials save round-trips, and bad
files (corrupt, truncated, pickles, object arrays, manifests pointing outside
the archive, absurd sizes) raise PyTorch's error types with nothing loaded.

The crafted files are minigrad's own format, so those tests are minigrad-only;
the round trips run under PyTorch too (MINIGRAD_TEST_BACKEND=torch).
"""

import io
import json
import pickle
import zipfile
from collections import OrderedDict

import numpy as np
import pytest
from mg_testutil import minigrad_only, to_np, torch

nn = torch.nn
optim = torch.optim


def round_trip(obj, **load_args):
    buffer = io.BytesIO()
    torch.save(obj, buffer)
    buffer.seek(0)
    return torch.load(buffer, **load_args)


def test_a_tensor_round_trips_with_its_dtype_shape_and_values():
    for t in [
        torch.tensor([[1.5, -2.0], [3.0, 4.25]]),
        torch.tensor(2.5, dtype=torch.float64),
        torch.tensor([1, 2, 3]),
        torch.tensor([True, False]),
        torch.tensor([1, 2], dtype=torch.int32),
        torch.tensor([0.5], dtype=torch.float16),
        torch.zeros(0, 3),
        torch.arange(6.0).reshape(2, 3).t(),  # not contiguous
    ]:
        back = round_trip(t)
        assert back.dtype == t.dtype and back.shape == t.shape
        np.testing.assert_array_equal(to_np(back), to_np(t))
        assert back.is_leaf and not back.requires_grad


def test_requires_grad_is_kept_and_a_computed_tensor_loads_as_a_leaf():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    back = round_trip({"x": x, "y": x * 2})
    assert back["x"].requires_grad and back["x"].is_leaf
    assert back["y"].requires_grad and back["y"].is_leaf
    np.testing.assert_array_equal(to_np(back["y"]), [2.0, 4.0])


def test_a_loaded_tensor_owns_its_memory():
    t = torch.tensor([1.0, 2.0])
    back = round_trip(t)
    back.add_(1.0)
    np.testing.assert_array_equal(to_np(t), [1.0, 2.0])
    np.testing.assert_array_equal(to_np(back), [2.0, 3.0])


def test_a_tensor_saved_twice_loads_as_one_and_parameters_stay_parameters():
    p = nn.Parameter(torch.ones(2))
    a, b = round_trip([p, p])
    assert a is b and isinstance(a, nn.Parameter) and a.requires_grad


def test_the_tutorial_checkpoint_resumes_training_identically(tmp_path):
    torch.manual_seed(0)
    x, y = torch.randn(16, 3), torch.randn(16, 1)

    def make():
        torch.manual_seed(1)
        model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1))
        return model, optim.Adam(model.parameters(), lr=0.05)

    def train(model, opt, steps):
        for _ in range(steps):
            opt.zero_grad()
            loss = ((model(x) - y) ** 2).mean()
            loss.backward()
            opt.step()
        return loss.item()

    model, opt = make()
    straight = train(model, opt, 6)

    model, opt = make()
    loss = train(model, opt, 3)
    path = tmp_path / "checkpoint.pt"
    torch.save(
        {
            "epoch": 3,
            "model_state_dict": model.state_dict(),
            "optimizer_state_dict": opt.state_dict(),
            "loss": loss,
        },
        str(path),
    )
    checkpoint = torch.load(str(path), weights_only=True)
    assert checkpoint["epoch"] == 3 and checkpoint["loss"] == loss
    assert isinstance(checkpoint["model_state_dict"], OrderedDict)
    assert list(checkpoint["model_state_dict"]) == list(model.state_dict())
    model, opt = make()
    model.load_state_dict(checkpoint["model_state_dict"])
    opt.load_state_dict(checkpoint["optimizer_state_dict"])
    assert train(model, opt, 3) == pytest.approx(straight, rel=1e-6)


def test_plain_values_round_trip():
    obj = {
        "int": 3,
        "float": 0.1,
        "nan": float("nan"),
        "inf": float("-inf"),
        "str": "café",
        "none": None,
        "bool": True,
        "tuple": (1, (2.5, "x")),
        "list": [1, [2, 3]],
        7: "int key",
    }
    back = round_trip(obj)
    assert back["tuple"] == (1, (2.5, "x")) and back["list"] == [1, [2, 3]]
    assert back[7] == "int key" and back["str"] == "café"
    assert back["none"] is None and back["bool"] is True
    assert back["float"] == 0.1 and np.isnan(back["nan"]) and back["inf"] == -np.inf
    assert type(back["int"]) is int


def test_load_accepts_pytorchs_arguments():
    t = torch.tensor([1.0])
    for args in (
        {"weights_only": True},
        {"weights_only": False},
        {"map_location": "cpu"},
        {"map_location": torch.device("cpu")},
    ):
        np.testing.assert_array_equal(to_np(round_trip(t, **args)), [1.0])


def test_map_location_cuda_fails_as_pytorch_without_cuda():
    with pytest.raises(RuntimeError, match="CUDA"):
        round_trip(torch.ones(1), map_location="cuda")


@minigrad_only
def test_what_cannot_be_saved_says_so_and_writes_no_file(tmp_path):
    # (A whole model is pickled now, as torch.save does: see
    # test_nn_optim_s12.py. A dict key of another kind is still refused.)
    path = tmp_path / "model.pt"
    with pytest.raises(TypeError, match="dict keys must be strings or ints"):
        torch.save({(1, 2): 3}, str(path))
    assert not path.exists()


# ---------------------------------------------------------------- bad files


def archive(manifest, members=()):
    """A zip with `manifest` (a dict, or raw bytes) and extra members."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        raw = manifest if isinstance(manifest, bytes) else json.dumps(manifest)
        z.writestr("manifest.json", raw)
        for name, data in members:
            z.writestr(name, data)
    return buffer.getvalue()


def manifest_of(root):
    return {"format": "minigrad.save", "version": 1, "root": root}


def npy(array, allow_pickle=False):
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=allow_pickle)
    return buffer.getvalue()


TENSOR_0 = {"kind": "tensor", "index": 0, "requires_grad": False, "parameter": False}


def load_bytes(data):
    return torch.load(io.BytesIO(data))


@minigrad_only
def test_the_crafting_helpers_make_a_loadable_file():
    data = archive(manifest_of(TENSOR_0), [("data/0.npy", npy(np.ones(3)))])
    np.testing.assert_array_equal(to_np(load_bytes(data)), [1.0, 1.0, 1.0])


class _Trap:
    """Unpickling this calls `_sprung`: proof that code from a file ran."""

    sprung = False

    def __reduce__(self):
        return (_sprung, ())


def _sprung():
    _Trap.sprung = True


@minigrad_only
def test_a_pickle_is_refused_and_never_run(tmp_path):
    path = tmp_path / "evil.pt"
    path.write_bytes(pickle.dumps({"w": _Trap()}))
    with pytest.raises(pickle.UnpicklingError, match="never unpickles"):
        torch.load(str(path))
    assert not _Trap.sprung


@minigrad_only
def test_a_pytorch_style_archive_with_a_pickle_inside_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("archive/data.pkl", pickle.dumps({"w": _Trap()}))
    with pytest.raises(RuntimeError, match="PyTorch checkpoint"):
        load_bytes(buffer.getvalue())
    assert not _Trap.sprung


@minigrad_only
def test_an_object_array_is_refused_and_never_unpickled():
    data = archive(
        manifest_of(TENSOR_0),
        [("data/0.npy", npy(np.array([_Trap()], dtype=object), allow_pickle=True))],
    )
    with pytest.raises(RuntimeError, match="dtype object"):
        load_bytes(data)
    assert not _Trap.sprung


@minigrad_only
@pytest.mark.parametrize(
    "entry, message",
    [
        ({**TENSOR_0, "index": "../../etc/passwd"}, "no valid index"),
        ({**TENSOR_0, "index": 5}, "refers to data/5.npy, which the archive"),
        ({**TENSOR_0, "index": -1}, "no valid index"),
        ({"kind": "pickle", "value": "x"}, "kind 'pickle'"),
        ({"kind": "float", "value": "__import__('os')"}, "is not a float"),
        ({"kind": "dtype", "value": "__class__"}, "kind 'dtype'"),
        ([1, 2], "not an object"),
        (
            {"kind": "dict", "items": [[{"kind": "float", "value": "1.5"}, 2]]},
            "neither a string nor an int",
        ),
    ],
)
def test_a_manifest_pointing_outside_the_archive_or_malformed_is_refused(
    entry, message
):
    data = archive(manifest_of(entry), [("data/0.npy", npy(np.ones(2)))])
    with pytest.raises(RuntimeError, match=message):
        load_bytes(data)


@minigrad_only
def test_absurd_sizes_are_refused_before_anything_is_allocated():
    # The header claims 10**12 float64 numbers (8 TB); the file holds 2.
    fields = {"descr": "<f8", "fortran_order": False, "shape": (10**12,)}
    lie = _header(fields) + b"\0" * 16  # (the header includes the magic)
    data = archive(manifest_of(TENSOR_0), [("data/0.npy", lie)])
    with pytest.raises(RuntimeError, match="claims shape"):
        load_bytes(data)
    huge = archive(b"[" * 1000 + b"]" * 1000)
    with pytest.raises(RuntimeError, match="corrupt"):
        load_bytes(huge)


def _header(fields):
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(buffer, fields)
    return buffer.getvalue()


@minigrad_only
def test_deep_nesting_is_refused():
    entry = TENSOR_0
    for _ in range(200):
        entry = {"kind": "list", "items": [entry]}
    data = archive(manifest_of(entry), [("data/0.npy", npy(np.ones(2)))])
    with pytest.raises(RuntimeError, match="deeper than"):
        load_bytes(data)


@minigrad_only
@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: b"",  # empty
        lambda data: b"not a checkpoint at all",
        lambda data: data.replace(b"\x00\x00\xf0?", b"\x00\x00\xf0@"),  # CRC fails
        lambda data: data.replace(b'"version": 1', b'"version": 9'),
    ],
)
def test_a_corrupt_file_raises_runtime_error(damage):
    buffer = io.BytesIO()
    torch.save({"w": torch.ones(3, dtype=torch.float64)}, buffer)
    damaged = damage(buffer.getvalue())
    assert damaged != buffer.getvalue()
    with pytest.raises(RuntimeError, match="minigrad"):
        load_bytes(damaged)


@minigrad_only
def test_a_manifest_that_is_not_json_or_not_ours():
    for manifest in (b"{not json", json.dumps({"format": "other"}).encode()):
        with pytest.raises(RuntimeError, match="manifest"):
            load_bytes(archive(manifest))


def test_a_missing_file_raises_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        torch.load(str(tmp_path / "nope.pt"))
