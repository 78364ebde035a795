"""Run one corpus program under PyTorch with every seed shifted (for record.py).

    python reseed.py PROGRAM.py OFFSET

`torch.manual_seed(s)` and `torch.Generator().manual_seed(s)` get `s + OFFSET`
instead of `s`; the program itself is unchanged. record.py compares this run
with the plain one: numbers that change with the seed are random draws, and
the test compares them with minigrad's by order of magnitude only (minigrad's
random generator is not PyTorch's, so its draws differ).
"""

import runpy
import sys

import torch

program, offset = sys.argv[1], int(sys.argv[2])
_manual_seed = torch.manual_seed


def shifted_manual_seed(seed):
    """torch.manual_seed with the seed moved by OFFSET."""
    return _manual_seed(seed + offset)


class ShiftedGenerator(torch.Generator):
    """torch.Generator whose manual_seed moves the seed by OFFSET."""

    def manual_seed(self, seed):
        return super().manual_seed(seed + offset)


torch.manual_seed = shifted_manual_seed
torch.random.manual_seed = shifted_manual_seed
torch.Generator = ShiftedGenerator
sys.argv = [program]
runpy.run_path(program, run_name="__main__")
