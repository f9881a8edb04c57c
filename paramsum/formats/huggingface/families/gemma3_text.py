"""gemma3_text (configuration_gemma3.py, modeling_gemma3.py): Gemma 2's block with q/k RMSNorms per head.

Every `sliding_window_pattern`-th layer (default 6) is global, the others sliding: the
rotary row keeps one pair of inverse-frequency tables per layer type present.
"""

from ....layers.args import positive_int
from ..config import ConfigClass, checked, divisible, head_dim, steps
from ..family import DECODER_HEADS, Decoder, Family, attention, gated_mlp, norm
from ._dense import layer_types


def sliding_every(values, depth):
    """Every sliding_window_pattern-th layer (6 unless given) global, the others sliding (Gemma3TextConfig)."""
    pattern = checked(values, "sliding_window_pattern", positive_int) if "sliding_window_pattern" in values else 6
    return ["sliding_attention" if (i + 1) % pattern else "full_attention" for i in range(depth)]


CONFIG = ConfigClass(
    {"vocab_size": 262208, "hidden_size": 2304, "intermediate_size": 9216, "num_hidden_layers": 26,
     "num_attention_heads": 8, "num_key_value_heads": 4, "head_dim": 256, "attention_bias": False,
     "tie_word_embeddings": True},
    derive=steps(head_dim, divisible("hidden_size", "num_attention_heads"), layer_types(sliding_every)))


def block(c, index):
    return [attention(c, bias=c.flag("attention_bias"), qk_norm="head"), gated_mlp(c),
            *(norm(c, f"{n}_layernorm") for n in ("input", "post_attention", "pre_feedforward", "post_feedforward"))]


BODY = Decoder(block, norm=lambda c: {}, rotary_dim=lambda c: c.size("head_dim"), embedding="ScaledEmbedding",
               classes={"embed": "Gemma3TextScaledWordEmbedding"},
               rotary=lambda c: {"layer_types": sorted(set(c.get("layer_types")))})
HEADS = {"ForCausalLM": DECODER_HEADS["ForCausalLM"],
         "TextForSequenceClassification": DECODER_HEADS["ForSequenceClassification"]}

FAMILY = Family("gemma3_text", "Gemma3", CONFIG, BODY, HEADS, base_class="TextModel")
