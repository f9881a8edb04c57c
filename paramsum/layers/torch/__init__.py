"""PyTorch (torch.nn) module types, one module per family as in torch/nn/modules (each imported on first use)."""

# Every family module; paramsum.layers imports one on the first use of one of its types (layers/index.py).
FAMILIES = (
    "activation",
    "conv",
    "functional",
    "linear",
    "misc",
    "normalization",
    "pooling",
    "recurrent",
    "sparse",
    "transformer",
)
