"""gemma (configuration_gemma.py, modeling_gemma.py): Llama's block, head_dim 256, a scaled embedding, tied head.

GemmaRMSNorm scales by (1 + weight): the same one weight per channel as Llama's.
"""

from ..config import ConfigClass, head_dim, steps
from ..family import DECODER_HEADS, Decoder, Family, attention, gated_mlp, norm
from ._dense import layer_types

CONFIG = ConfigClass(
    {"vocab_size": 256000, "hidden_size": 3072, "intermediate_size": 24576, "num_hidden_layers": 28,
     "num_attention_heads": 16, "num_key_value_heads": 16, "head_dim": 256, "attention_bias": False,
     "tie_word_embeddings": True},
    derive=steps(head_dim, layer_types()))


def block(c, index):
    return [attention(c, bias=c.flag("attention_bias")), gated_mlp(c), norm(c, "input_layernorm"),
            norm(c, "post_attention_layernorm")]


BODY = Decoder(block, norm=lambda c: {}, rotary_dim=lambda c: c.size("head_dim"), embedding="ScaledEmbedding",
               classes={"embed": "GemmaTextScaledWordEmbedding"})
HEADS = {k: DECODER_HEADS[k] for k in ("ForCausalLM", "ForSequenceClassification", "ForTokenClassification")}

FAMILY = Family("gemma", "Gemma", CONFIG, BODY, HEADS)
