"""Hugging Face transformers modules (BertLayer, LlamaDecoderLayer …) as PyTorch layer types.

A family of their own ("huggingface" in the registry) that PyTorch models find by
name after torch.nn's types; torch.nn's catalog stays torch.nn's. The Hugging Face
reader uses both: these blocks, and torch.nn modules for plain rows (Embedding, LayerNorm).
"""

from . import (  # noqa: F401
    bert,
    common,
    encoders,
    gpt2,
    llama,
    parts,
    t5,
    vit,
)
