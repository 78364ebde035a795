"""The first lines of today's tutorials and of older programs: picking a
device through torch.accelerator or torch.backends.mps, the process-wide
settings (threads, determinism, cudnn, the default dtype), print options, and
the pre-0.4 Variable."""

import torch
from torch.autograd import Variable

device = (
    torch.accelerator.current_accelerator().type
    if torch.accelerator.is_available()
    else "cpu"
)
print(f"Using {device} device", torch.accelerator.device_count())
older = (
    "cuda"
    if torch.cuda.is_available()
    else "mps"
    if torch.backends.mps.is_available()
    else "cpu"
)
print(older, torch.backends.mps.is_built(), torch.backends.cudnn.is_available())

torch.backends.cudnn.deterministic = True
torch.backends.cudnn.benchmark = False
torch.use_deterministic_algorithms(True)
print(torch.are_deterministic_algorithms_enabled(), torch.backends.cudnn.enabled)
torch.set_num_threads(1)
print(torch.get_num_threads(), torch.get_default_dtype())
torch.set_default_dtype(torch.float32)

x = torch.tensor([1 / 3, 2.0, -12.5])
small = torch.tensor([1e-6, 2.0])
whole = torch.tensor([1.0, 200.0])
print(x, small, whole)
torch.set_printoptions(precision=2)
print(x, small, whole)
torch.set_printoptions(sci_mode=True)
print(x, small, whole)
torch.set_printoptions(sci_mode=False, precision=3)
print(x, small, whole)
torch.set_printoptions(profile="short")
print(torch.arange(10.0) / 3)
torch.set_printoptions(threshold=5, edgeitems=1)
print(torch.arange(10.0), torch.arange(12.0).reshape(3, 4))
torch.set_printoptions(linewidth=30)
print(torch.arange(12.0) / 7)
torch.set_printoptions(profile="default")
print(torch.arange(12.0) / 7, x)

w = Variable(torch.tensor([1.0, 2.0]), requires_grad=True)
loss = (w * w).sum()
loss.backward()
print(w, w.grad, w.is_leaf, Variable(w * 2))

# Mixed precision as programs write it: disabled without CUDA, scaled on the CPU.
torch.backends.cuda.matmul.allow_tf32 = True
scaler = torch.amp.GradScaler(enabled=torch.cuda.is_available())
cpu_scaler = torch.amp.GradScaler("cpu", init_scale=1024.0, growth_interval=2)
w = torch.nn.Parameter(torch.tensor([0.5, -1.0]))
optimizer = torch.optim.SGD([w], lr=0.1)
for step in range(4):
    with torch.autocast(device_type="cuda", enabled=False):
        loss = ((w - 2.0) ** 2).sum()
    optimizer.zero_grad()
    cpu_scaler.scale(loss).backward()
    cpu_scaler.step(optimizer)
    cpu_scaler.update()
    print(step, loss.item(), cpu_scaler.get_scale(), scaler.get_scale(), w.tolist())
