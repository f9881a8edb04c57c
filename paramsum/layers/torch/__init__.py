"""PyTorch (torch.nn) module types, one module per family as in torch/nn/modules (imported to register them)."""

from . import (  # noqa: F401
    activation,
    conv,
    functional,
    linear,
    misc,
    normalization,
    pooling,
    recurrent,
    sparse,
    transformer,
)
