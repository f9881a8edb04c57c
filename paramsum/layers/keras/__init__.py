"""Keras 3 layer types, one module per family as in keras/src/layers."""

from . import core  # noqa: F401
from . import reshaping  # noqa: F401
from . import convolutional  # noqa: F401
from . import pooling  # noqa: F401
from . import normalization  # noqa: F401
from . import rnn  # noqa: F401
from . import attention  # noqa: F401
from . import merging  # noqa: F401
from . import applications  # noqa: F401
from . import preprocessing  # noqa: F401
