"""The compat corpus: tutorial-style PyTorch programs run unchanged on minigrad.

Each program in tests/compat/programs/ is a plain PyTorch program (`import
torch`). It runs here in a subprocess with tests/compat/shim first on
PYTHONPATH, where `torch` is minigrad (see shim/torch/__init__.py), and what it
prints is compared line by line with what real PyTorch printed when record.py
ran it (expected/NAME.txt). PyTorch is not needed here. README.md in this
folder says how to re-record and what is normalised.

How a line is compared:

- Text: identical once whitespace is removed (tensor printing pads numbers
  to a common width, which depends on the values) and after the documented
  normalisations below.
- A number that PyTorch printed the same with its seeds shifted
  (expected/NAME.reseeded.txt) must match at float32 noise: `rtol` plus half
  a unit in the last printed digit of each side.
- A number that changed with the seeds is a random draw (minigrad's generator
  is not PyTorch's): the largest such number on the line must be within a
  factor of ten of PyTorch's (order of magnitude), and the line's shape (its
  text and how many numbers) must be the same.
- A line whose text changed with the seeds (e.g. sampled names) must only be
  there.
"""

import math
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
PROGRAMS_DIR = HERE / "programs"
EXPECTED = HERE / "expected"
SHIM = HERE / "shim"
REPO = HERE.parent.parent

# Every program the test runs, in one place. A program that fails here fails
# honestly (missing API or a real difference); none is skipped or xfailed.
PROGRAMS = [
    "01_tensors_basics",
    "02_tensor_ops_dtypes",
    "03_autograd_gentle_intro",
    "04_numpy_warmup",
    "05_tensors_warmup",
    "06_autograd_polynomial",
    "07_legendre_function",
    "08_nn_polynomial",
    "09_optim_polynomial",
    "10_custom_module",
    "11_dynamic_net",
    "12_d2l_autograd",
    "13_d2l_linreg_scratch",
    "14_d2l_linreg_concise",
    "15_micrograd_mlp",
    "16_bigram_counts",
    "17_bigram_neural",
    "18_char_mlp_embeddings",
    "19_sinh_double_backward",
    "20_optimizers",
    "21_lr_schedulers",
    "22_small_cnn",
    "23_save_load",
    "24_devices",
    "25_gradcheck",
    "26_classifier_dataloader",
    "27_fstrings",
    "28_embedding_batchnorm_mlp",
    "29_conv_ops",
    "30_keywords_and_in_place",
    "31_settings_and_printing",
    "32_rnn_lstm_gru",
    "33_padding_dropout",
    "34_module_containers",
    "35_optimizers_schedulers",
    "36_scatter_index",
    "37_more_tensor_ops",
    "38_cnn_layers_more",
    "39_attention_transformer",
    "40_linalg_distributions",
    "41_data_pipeline",
    "42_elementwise_more",
    "43_combine_reduce_more",
    "44_lecture_gpt",
    "45_losses_activations_more",
    "46_nn_utils_rnn",
    "47_misc_functions",
    "48_linalg_special",
    "49_conv_pool_extras",
    "50_conv_padding_modes",
]

# Deliberate differences, applied to minigrad's output before comparing
# (README.md lists them too). minigrad names its own dtypes and Size class
# (`minigrad.float32`, `minigrad.Size([2, 3])`) where PyTorch says `torch.`.
# Object addresses (`<MulBackward0 object at 0x7f...>`) differ from run to
# run on both sides.
NORMALISE_MINIGRAD = [
    (
        re.compile(
            r"\bminigrad\.(Size|bool|half|float|double|long|int|short"
            r"|float16|float32|float64|int8|int16|int32|int64|uint8)\b"
        ),
        r"torch.\1",
    ),
    (re.compile(r"\bminigrad\.return_types\."), "torch.return_types."),
]
NORMALISE_BOTH = [(re.compile(r"\b0x[0-9a-fA-F]+\b"), "0x...")]

# A number: not glued to a name (float32, Conv2d, MulBackward0 stay text).
NUMBER = re.compile(
    r"(?<![\w.])[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?(?![\w.])|(?<!\w)-?(?:nan|inf)\b"
)
RTOL = 2e-4
HANG_GUARD_SECONDS = 240


def normalise(text, rules):
    """Apply (pattern, replacement) rules to text."""
    for pattern, replacement in rules:
        text = pattern.sub(replacement, text)
    return text


def split_line(line):
    """Split a line into (text without whitespace and numbers, number tokens)."""
    numbers = NUMBER.findall(line)
    # Each number leaves a mark of its kind, so `tensor([1, 2])` (integers)
    # never passes for `tensor([1., 2.])` (floats).
    skeleton = NUMBER.sub(
        lambda match: "#i" if re.fullmatch(r"[-+]?\d+", match[0]) else "#f", line
    )
    return re.sub(r"\s+", "", skeleton), numbers


def half_unit(token):
    """Half a unit in the last printed digit of a number token (0 if exact).

    Integers and PyTorch's `2.` (an integral float in a tensor) are exact.
    """
    if token.endswith(".") or re.fullmatch(r"[-+]?\d+", token) or "n" in token:
        return 0.0
    return 0.5 * 10.0 ** Decimal(token).as_tuple().exponent


def numbers_close(want, got):
    """True if two printed numbers agree at float32 noise and print rounding."""
    a, b = float(want), float(got)
    if a == b:  # also inf == inf
        return True
    if math.isnan(a) or math.isnan(b) or math.isinf(a) or math.isinf(b):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= RTOL * abs(a) + half_unit(want) + half_unit(got) + 1e-12


def compare_line(want, reseeded, got):
    """Why a minigrad line differs from PyTorch's, or None if it matches."""
    want_text, want_numbers = split_line(want)
    other_text, other_numbers = split_line(reseeded)
    got_text, got_numbers = split_line(got)
    if want_text != other_text or len(want_numbers) != len(other_numbers):
        return None  # the text itself is random (e.g. sampled names)
    if got_text != want_text or len(got_numbers) != len(want_numbers):
        return "the text differs"
    random_scale = []
    rounding = 0.0
    for position, (w, r, g) in enumerate(zip(want_numbers, other_numbers, got_numbers)):
        if float(w) == float(r) or (w == r):
            if not numbers_close(w, g):
                return f"number {position + 1}: {g} where PyTorch has {w}"
        else:
            random_scale.append((abs(float(w)), abs(float(r)), abs(float(g))))
            # What printing rounded away: `0.000` may be any size below 0.0005.
            rounding = max(rounding, half_unit(w), half_unit(r), half_unit(g))
    if random_scale:
        want_max = max(scale[0] for scale in random_scale)
        other_max = max(scale[1] for scale in random_scale)
        got_max = max(scale[2] for scale in random_scale)
        low, high = min(want_max, other_max) / 10, max(want_max, other_max) * 10
        if not low - rounding <= got_max <= high + rounding:
            return (
                f"random draws of size {got_max:g} where PyTorch's are "
                f"{want_max:g} and {other_max:g} (with other seeds)"
            )
    return None


def run_on_minigrad(name):
    """Run programs/NAME.py with `torch` = minigrad; return the finished process."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(SHIM), str(REPO)]))
    env["PYTHONHASHSEED"] = "0"
    return subprocess.run(
        [sys.executable, str(PROGRAMS_DIR / f"{name}.py")],
        cwd=PROGRAMS_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_SECONDS,
    )


def first_difference(name, expected, reseeded, got):
    """A message naming the first line where minigrad's output differs, or None."""
    want_lines = normalise(expected, NORMALISE_BOTH).splitlines()
    other_lines = normalise(reseeded, NORMALISE_BOTH).splitlines()
    got_lines = normalise(got, NORMALISE_BOTH + NORMALISE_MINIGRAD).splitlines()
    for number, (want, other) in enumerate(zip(want_lines, other_lines), start=1):
        if number > len(got_lines):
            return (
                f"{name}: minigrad's output stops before line {number}; PyTorch "
                f"printed:\n    {want}"
            )
        why = compare_line(want, other, got_lines[number - 1])
        if why:
            return (
                f"{name}: line {number}: {why}\n  PyTorch printed:\n    {want}\n"
                f"  minigrad printed:\n    {got_lines[number - 1]}"
            )
    if len(got_lines) > len(want_lines):
        return (
            f"{name}: minigrad prints more lines than PyTorch; line "
            f"{len(want_lines) + 1}:\n    {got_lines[len(want_lines)]}"
        )
    return None


@pytest.mark.parametrize("name", PROGRAMS)
def test_program_prints_what_pytorch_prints(name):
    expected = (EXPECTED / f"{name}.txt").read_text()
    reseeded = (EXPECTED / f"{name}.reseeded.txt").read_text()
    done = run_on_minigrad(name)
    problem = first_difference(name, expected, reseeded, done.stdout)
    if done.returncode != 0:
        stderr_tail = "\n".join(done.stderr.strip().splitlines()[-8:])
        pytest.fail(
            f"{name} stops with an error on minigrad "
            f"({problem or 'its output matched up to there'}):\n{stderr_tail}"
        )
    if problem:
        pytest.fail(problem)


def test_every_listed_program_has_its_file_and_recordings():
    for name in PROGRAMS:
        assert (PROGRAMS_DIR / f"{name}.py").is_file(), f"{name}.py is missing"
        for suffix in (".txt", ".reseeded.txt"):
            assert (EXPECTED / f"{name}{suffix}").is_file(), (
                f"expected/{name}{suffix} is missing: re-record with "
                "PARITY_PYTHON=/path/to/python-with-torch make compat-record"
            )


def test_comparison_catches_differences():
    # The comparison itself: equal at noise, a changed stable number, changed
    # text, a random draw of the wrong magnitude, and random text lines.
    assert compare_line("loss 0.5000", "loss 0.5000", "loss 0.50004") is None
    assert compare_line("loss 0.5000", "loss 0.5000", "loss 0.5010") is not None
    assert compare_line("tensor([1., 2.])", "tensor([1., 2.])", "tensor([1, 2])")
    assert compare_line("x 0.31 -1.2", "x -0.8 0.4", "x 0.1 0.9") is None
    assert compare_line("x 0.31 -1.2", "x -0.8 0.4", "x 50.0 0.9") is not None
    # A random loss printed as 0.000 is below 0.0005: that is within ten times
    # of PyTorch's 0.004; 0.900 is not.
    assert compare_line("loss 0.004", "loss 0.006", "loss 0.000") is None
    assert compare_line("loss 0.004", "loss 0.006", "loss 0.900") is not None
    assert compare_line("name: emma", "name: zoe", "name: qqq") is None
    assert compare_line("dtype torch.int32", "dtype torch.int32", "dtype torch.int64")
    assert compare_line("[nan, inf, -inf]", "[nan, inf, -inf]", "[nan, inf, inf]")
    assert compare_line("[nan, inf]", "[nan, inf]", "[nan, inf]") is None
    minigrad_text = normalise(
        "minigrad.Size([2, 3]) minigrad.int32", NORMALISE_MINIGRAD
    )
    assert minigrad_text == "torch.Size([2, 3]) torch.int32"
