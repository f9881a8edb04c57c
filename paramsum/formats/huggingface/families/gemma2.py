"""gemma2 (configuration_gemma2.py, modeling_gemma2.py): Gemma's block with RMSNorms before and after the MLP too.

Sliding-window layers and logit soft-capping change no weight.
"""

from ..config import ConfigClass, divisible, head_dim, steps
from ..family import Decoder, Family, attention, gated_mlp, norm
from ._dense import layer_types
from .gemma import HEADS

CONFIG = ConfigClass(
    {"vocab_size": 256000, "hidden_size": 2304, "intermediate_size": 9216, "num_hidden_layers": 26,
     "num_attention_heads": 8, "num_key_value_heads": 4, "head_dim": 256, "attention_bias": False,
     "tie_word_embeddings": True},
    derive=steps(head_dim, divisible("hidden_size", "num_attention_heads"), layer_types()))


def block(c, index):
    return [attention(c, bias=c.flag("attention_bias")), gated_mlp(c),
            *(norm(c, f"{n}_layernorm") for n in ("input", "post_attention", "pre_feedforward", "post_feedforward"))]


BODY = Decoder(block, norm=lambda c: {}, rotary_dim=lambda c: c.size("head_dim"), embedding="ScaledEmbedding",
               classes={"embed": "Gemma2TextScaledWordEmbedding"})

FAMILY = Family("gemma2", "Gemma2", CONFIG, BODY, HEADS)
