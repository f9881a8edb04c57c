"""olmo (configuration_olmo.py, modeling_olmo.py): Llama's block with LayerNorms that have no parameters at all.

clip_qkv clamps the projections (no weight).
"""

from ..config import ConfigClass, head_dim, steps
from ..family import DECODER_HEADS, Decoder, Family, attention, gated_mlp, norm
from ._dense import layer_types

CONFIG = ConfigClass(
    {"vocab_size": 50304, "hidden_size": 4096, "intermediate_size": 11008, "num_hidden_layers": 32,
     "num_attention_heads": 32, "num_key_value_heads": None, "head_dim": None, "attention_bias": False,
     "tie_word_embeddings": False},
    derive=steps(head_dim, layer_types()))


def block(c, index):
    return [attention(c, bias=c.flag("attention_bias")), gated_mlp(c),
            norm(c, "input_layernorm", weight=False), norm(c, "post_attention_layernorm", weight=False)]


BODY = Decoder(block, norm=lambda c: {"weight": False}, rotary_dim=lambda c: c.size("head_dim"),
               classes={"norm": "OlmoLayerNorm"})
HEADS = {k: DECODER_HEADS[k] for k in ("ForCausalLM", "ForSequenceClassification")}

FAMILY = Family("olmo", "Olmo", CONFIG, BODY, HEADS)
