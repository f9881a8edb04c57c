"""granite (configuration_granite.py, modeling_granite.py): Llama's block; its multipliers scale, they add no weight."""

from ..config import ConfigClass, head_dim, steps
from ..family import DECODER_HEADS, Family
from ._dense import layer_types
from .llama import BODY

CONFIG = ConfigClass(
    {"vocab_size": 32000, "hidden_size": 4096, "intermediate_size": 11008, "num_hidden_layers": 32,
     "num_attention_heads": 32, "num_key_value_heads": None, "head_dim": None, "attention_bias": False,
     "mlp_bias": False, "tie_word_embeddings": False},
    derive=steps(head_dim, layer_types()))

FAMILY = Family("granite", "Granite", CONFIG, BODY, {"ForCausalLM": DECODER_HEADS["ForCausalLM"]})
