"""Hugging Face transformers modules (BertLayer, LlamaDecoderLayer …) as PyTorch layer types.

A family of their own ("huggingface" in the registry) that PyTorch models find by
name after torch.nn's types; torch.nn's catalog stays torch.nn's. The Hugging Face
reader uses both: these blocks, and torch.nn modules for plain rows (Embedding, LayerNorm).
"""

from . import (
    bert,  # noqa: F401
    common,  # noqa: F401
    gpt2,  # noqa: F401
    llama,  # noqa: F401
    t5,  # noqa: F401
    vit,  # noqa: F401
)
