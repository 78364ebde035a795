"""The process-wide settings PyTorch programs set (threads, determinism, the
default dtype, print options, the device pickers) and the pre-0.4 Variable:
what they accept, read back and refuse. Corpus program 31 compares what they
print with PyTorch's."""

import warnings

import pytest

import minigrad
from minigrad.autograd import Variable


@pytest.fixture
def restored():
    """Put every setting back after the test (they are process-wide)."""
    threads = minigrad.get_num_threads()
    deterministic = minigrad.are_deterministic_algorithms_enabled()
    yield
    minigrad.set_num_threads(threads)
    minigrad.use_deterministic_algorithms(deterministic)
    minigrad.set_printoptions(profile="default")


def test_threads_are_kept_and_bad_counts_refused(restored):
    minigrad.set_num_threads(3)
    assert minigrad.get_num_threads() == 3
    for bad, kind in [(0, RuntimeError), (-2, RuntimeError), (2.0, RuntimeError)]:
        with pytest.raises(kind, match="set_num_threads expects"):
            minigrad.set_num_threads(bad)
    assert minigrad.get_num_threads() == 3  # (a refused call changes nothing)


def test_deterministic_algorithms_take_a_bool(restored):
    minigrad.use_deterministic_algorithms(True)
    assert minigrad.are_deterministic_algorithms_enabled() is True
    with pytest.raises(TypeError, match="must be bool"):
        minigrad.use_deterministic_algorithms(1)
    assert minigrad.are_deterministic_algorithms_enabled() is True


def test_the_default_dtype_is_float32_and_stays_so():
    assert minigrad.get_default_dtype() is minigrad.float32
    minigrad.set_default_dtype(minigrad.float32)  # (what it is: accepted)
    with pytest.raises(NotImplementedError, match="always float32"):
        minigrad.set_default_dtype(minigrad.float64)
    for bad in (minigrad.int64, "float", None):
        with pytest.raises(TypeError, match="only floating-point types"):
            minigrad.set_default_dtype(bad)
    assert minigrad.tensor([0.5]).dtype is minigrad.float32


def test_print_options_change_the_printing_and_a_profile_resets_them(restored):
    x = minigrad.tensor([1 / 3, 2.0])
    minigrad.set_printoptions(precision=2)
    assert repr(x) == "tensor([0.33, 2.00])"
    minigrad.set_printoptions(sci_mode=True)  # (precision stays 2)
    assert repr(x) == "tensor([3.33e-01, 2.00e+00])"
    minigrad.set_printoptions(profile="full")
    assert "..." not in repr(minigrad.arange(5000.0))
    minigrad.set_printoptions(profile="default")
    assert repr(x) == "tensor([0.3333, 2.0000])"
    assert "..." in repr(minigrad.arange(5000.0))
    with pytest.raises(ValueError, match="Invalid profile: long"):
        minigrad.set_printoptions(profile="long")


def test_no_accelerator_no_mps_no_cudnn():
    assert minigrad.accelerator.is_available() is False
    assert minigrad.accelerator.current_accelerator() is None
    assert minigrad.accelerator.device_count() == 0
    assert minigrad.backends.mps.is_available() is False
    assert minigrad.backends.cudnn.is_available() is False


def test_variable_is_a_detached_tensor_sharing_memory():
    data = minigrad.ones(2) * 3
    v = Variable(data, requires_grad=True)
    assert v.is_leaf and v.requires_grad and not data.requires_grad
    v.detach()[0] = 5.0  # (the same memory as data)
    assert data[0].item() == 5.0
    (v * v).sum().backward()
    assert v.grad.tolist() == [10.0, 6.0]
    with pytest.raises(TypeError, match="has to be a tensor, but got list"):
        Variable([1.0])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        Variable(data, volatile=True)
    assert "volatile was removed" in str(caught[0].message)
