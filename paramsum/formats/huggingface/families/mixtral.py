"""mixtral: Mistral's attention, a sparse MoE (router `gate`, then stacked `experts`) in every block."""

from ..config import ConfigClass, head_dim, steps
from ..family import Decoder, Family, attention, norm
from ._moe import experts, moe, numbers, router


def block(c, index):
    return [attention(c), moe(c, router(c, "num_local_experts"), experts(c, "num_local_experts", "intermediate_size")),
            norm(c, "input_layernorm"), norm(c, "post_attention_layernorm")]


CONFIG = ConfigClass(
    {"vocab_size": 32000, "hidden_size": 4096, "intermediate_size": 14336, "num_hidden_layers": 32,
     "num_attention_heads": 32, "num_key_value_heads": 8, "head_dim": None, "num_experts_per_tok": 2,
     "num_local_experts": 8, "tie_word_embeddings": False},
    aliases={"num_experts": "num_local_experts"}, derive=steps(numbers("num_key_value_heads"), head_dim))
BODY = Decoder(block, norm=lambda c: {}, rotary_dim=lambda c: c.size("head_dim"))

FAMILY = Family("mixtral", "Mixtral", CONFIG, BODY)
