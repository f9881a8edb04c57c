"""Keras 3 layer types, one module per family as in keras/src/layers (each imported on first use)."""

# Every family module; paramsum.layers imports one on the first use of one of its types (layers/index.py).
FAMILIES = (
    "applications",
    "attention",
    "convolutional",
    "core",
    "merging",
    "normalization",
    "pooling",
    "preprocessing",
    "reshaping",
    "rnn",
)
