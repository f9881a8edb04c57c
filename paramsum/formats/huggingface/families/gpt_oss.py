"""gpt_oss: attention with biases and a learned sink per head (sliding and full layers: same weights); an MoE
`mlp` of a biased `router` and experts stored transposed, with biases."""

from ....errors import ParamsumError
from ....layers.args import nonneg_int
from ..config import ConfigClass, checked, head_dim, steps
from ..family import DECODER_HEADS, Decoder, Family, attention, norm
from .mixtral import experts, moe, router


def layer_types(values):
    """transformers refuses a layer_types list that does not give one type per layer."""
    types = values.get("layer_types")
    if isinstance(types, list) and len(types) != checked(values, "num_hidden_layers", nonneg_int):
        raise ParamsumError(f"`num_hidden_layers` ({values['num_hidden_layers']}) must be equal to the number of "
                            f"`layer_types` ({len(types)})")


def block(c, index):
    return [attention(c, bias=c.flag("attention_bias"), sinks=True),
            moe(c, router(c, "num_local_experts", name="router", bias=True),
                experts(c, "num_local_experts", "intermediate_size", layout="transposed", bias=True)),
            norm(c, "input_layernorm"), norm(c, "post_attention_layernorm")]


CONFIG = ConfigClass(
    {"vocab_size": 201088, "hidden_size": 2880, "intermediate_size": 2880, "head_dim": 64, "num_hidden_layers": 36,
     "num_local_experts": 128, "num_attention_heads": 64, "num_key_value_heads": 8, "num_experts_per_tok": 4,
     "attention_bias": True, "tie_word_embeddings": False},
    aliases={"num_experts": "num_local_experts"}, derive=steps(head_dim, layer_types))
# The rotary table gives cos and sin of one angle per pair of rotated dimensions.
BODY = Decoder(block, norm=lambda c: {}, rotary_dim=lambda c: c.size("head_dim"), rotary=lambda c: {"per_pair": True})
HEADS = {k: v for k, v in DECODER_HEADS.items() if k != "ForQuestionAnswering"}

FAMILY = Family("gpt_oss", "GptOss", CONFIG, BODY, HEADS)
