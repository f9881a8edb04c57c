"""Keras 3 layer types, one module per family as in keras/src/layers (imported to register them)."""

from . import (  # noqa: F401
    applications,
    attention,
    convolutional,
    core,
    merging,
    normalization,
    pooling,
    preprocessing,
    reshaping,
    rnn,
)
