"""PyTorch (torch.nn) module types, one module per family as in torch/nn/modules."""

from . import (
    activation,  # noqa: F401
    conv,  # noqa: F401
    functional,  # noqa: F401
    linear,  # noqa: F401
    misc,  # noqa: F401
    normalization,  # noqa: F401
    pooling,  # noqa: F401
    recurrent,  # noqa: F401
    sparse,  # noqa: F401
    transformer,  # noqa: F401
)
