"""Hugging Face transformers modules (the shared parts, and modules of one family) as PyTorch layer types.

A family of their own ("huggingface" in the registry) that PyTorch models find by
name after torch.nn's types; torch.nn's catalog stays torch.nn's. The Hugging Face
reader uses both: these modules, and torch.nn modules for plain rows (Embedding, LayerNorm).
Its modules are imported one by one as types are looked up (paramsum.layers.EXTENSIONS):
`parts` (what every family's blocks are made of), then the modules of one family each.
"""
