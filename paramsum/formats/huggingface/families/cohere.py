"""cohere (configuration_cohere.py, modeling_cohere.py): attention and MLP side by side after one LayerNorm.

CohereLayerNorm has a weight and no bias; with use_qk_norm the queries and keys get one
per head, a (heads, head_dim) weight. logit_scale multiplies the logits (no weight).
"""

from ..config import ConfigClass, head_dim, steps
from ..family import DECODER_HEADS, Decoder, Family, attention, gated_mlp, norm
from ._dense import layer_types

CONFIG = ConfigClass(
    {"vocab_size": 256000, "hidden_size": 8192, "intermediate_size": 22528, "num_hidden_layers": 40,
     "num_attention_heads": 64, "num_key_value_heads": None, "head_dim": None, "attention_bias": False,
     "use_qk_norm": False, "tie_word_embeddings": True},
    derive=steps(head_dim, layer_types()))


def block(c, index):
    qk_norm = "heads" if c.flag("use_qk_norm", False) else None
    return [attention(c, bias=c.flag("attention_bias"), qk_norm=qk_norm), gated_mlp(c), norm(c, "input_layernorm")]


BODY = Decoder(block, norm=lambda c: {}, rotary_dim=lambda c: c.size("head_dim"),
               classes={"norm": "CohereLayerNorm"})

FAMILY = Family("cohere", "Cohere", CONFIG, BODY, {"ForCausalLM": DECODER_HEADS["ForCausalLM"]})
