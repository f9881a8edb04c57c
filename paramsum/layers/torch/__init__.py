"""PyTorch (torch.nn) module types, one module per family as in torch/nn/modules."""

from . import linear  # noqa: F401
from . import conv  # noqa: F401
from . import pooling  # noqa: F401
from . import normalization  # noqa: F401
from . import recurrent  # noqa: F401
from . import transformer  # noqa: F401
from . import activation  # noqa: F401
from . import sparse  # noqa: F401
from . import misc  # noqa: F401
from . import functional  # noqa: F401
