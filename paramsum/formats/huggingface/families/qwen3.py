"""qwen3 (configuration_qwen3.py, modeling_qwen3.py): Llama's block with RMSNorms on q and k per head, no biases."""

from ..config import ConfigClass, head_dim, steps
from ..family import Decoder, Family, attention, gated_mlp, norm
from ._dense import layer_types
from .llama import QA_UNDER_TRANSFORMER

CONFIG = ConfigClass(
    {"vocab_size": 151936, "hidden_size": 4096, "intermediate_size": 22016, "num_hidden_layers": 32,
     "num_attention_heads": 32, "num_key_value_heads": 32, "head_dim": 128, "attention_bias": False,
     "tie_word_embeddings": False},
    derive=steps(head_dim, layer_types()))


def block(c, index):
    return [attention(c, bias=c.flag("attention_bias"), qk_norm="head"), gated_mlp(c), norm(c, "input_layernorm"),
            norm(c, "post_attention_layernorm")]


BODY = Decoder(block, norm=lambda c: {}, rotary_dim=lambda c: c.size("head_dim"))

FAMILY = Family("qwen3", "Qwen3", CONFIG, BODY, QA_UNDER_TRANSFORMER)
