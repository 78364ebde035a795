"""minigrad.utils: the `torch.utils` names lessons use (`utils.data`)."""
