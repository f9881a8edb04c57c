"""gpt_oss: attention with biases and a learned sink per head (sliding and full layers: same weights); an MoE
`mlp` of a biased `router` and experts stored transposed, with biases."""

from ..config import ConfigClass, head_dim, steps
from ..family import DECODER_HEADS, Decoder, Family, attention, norm
from ._moe import experts, layer_types, moe, numbers, router


def block(c, index):
    return [attention(c, bias=c.flag("attention_bias"), sinks=True),
            moe(c, router(c, "num_local_experts", name="router", bias=True),
                experts(c, "num_local_experts", "intermediate_size", layout="transposed", bias=True)),
            norm(c, "input_layernorm"), norm(c, "post_attention_layernorm")]


CONFIG = ConfigClass(
    {"vocab_size": 201088, "hidden_size": 2880, "intermediate_size": 2880, "head_dim": 64, "num_hidden_layers": 36,
     "num_local_experts": 128, "num_attention_heads": 64, "num_key_value_heads": 8, "num_experts_per_tok": 4,
     "attention_bias": True, "tie_word_embeddings": False},
    aliases={"num_experts": "num_local_experts"},
    derive=steps(numbers("num_key_value_heads", "head_dim"), head_dim, layer_types))
# The rotary table gives cos and sin of one angle per pair of rotated dimensions.
BODY = Decoder(block, norm=lambda c: {}, rotary_dim=lambda c: c.size("head_dim"), rotary=lambda c: {"per_pair": True})
HEADS = {k: v for k, v in DECODER_HEADS.items() if k != "ForQuestionAnswering"}

FAMILY = Family("gpt_oss", "GptOss", CONFIG, BODY, HEADS)
