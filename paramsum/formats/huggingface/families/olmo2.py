"""olmo2 (configuration_olmo2.py, modeling_olmo2.py): post-norms only, q/k RMSNorms over all heads."""

from ..config import ConfigClass, head_dim, steps
from ..family import Decoder, Family, attention, gated_mlp, norm
from ._dense import layer_types
from .olmo import HEADS

CONFIG = ConfigClass(
    {"vocab_size": 50304, "hidden_size": 4096, "intermediate_size": 11008, "num_hidden_layers": 32,
     "num_attention_heads": 32, "num_key_value_heads": None, "head_dim": None, "attention_bias": False,
     "tie_word_embeddings": False},
    derive=steps(head_dim, layer_types()))


def block(c, index):
    return [attention(c, bias=c.flag("attention_bias"), qk_norm="full"), gated_mlp(c),
            norm(c, "post_attention_layernorm"), norm(c, "post_feedforward_layernorm")]


BODY = Decoder(block, norm=lambda c: {}, rotary_dim=lambda c: c.size("head_dim"))

FAMILY = Family("olmo2", "Olmo2", CONFIG, BODY, HEADS)
