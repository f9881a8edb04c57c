"""Hugging Face transformers modules (BertLayer, LlamaDecoderLayer …) as PyTorch layer types.

Registered under the "pytorch" framework next to torch.nn, whose modules the
Hugging Face reader also uses for plain rows (Embedding, LayerNorm, Linear).
"""

from .. import torch  # noqa: F401  (torch.nn first: this family adds to its catalog)
from . import common  # noqa: F401
from . import bert  # noqa: F401
from . import gpt2  # noqa: F401
from . import llama  # noqa: F401
from . import t5  # noqa: F401
from . import vit  # noqa: F401
