"""mixtral: Mistral's attention, a sparse MoE (router `gate`, then stacked `experts`) in every block."""

from ..config import ConfigClass, head_dim
from ..family import Decoder, Family, attention, norm, part


def experts(c, count, inner, top_k="num_experts_per_tok", **options):
    """The routed experts (stacked tensors): `count` of them, `top_k` used per token."""
    return part("Experts", "experts", hidden_size=c.size("hidden_size"), num_experts=c.size(count),
                intermediate_size=c.size(inner), top_k=c.optional(top_k), **options)


def router(c, count, name="gate", **options):
    return part("Gate", name, hidden_size=c.size("hidden_size"), out_features=c.size(count), **options)


def moe(c, *parts, name="mlp"):
    return part("MoE", name, hidden_size=c.size("hidden_size"), parts=list(parts))


def block(c, index):
    return [attention(c), moe(c, router(c, "num_local_experts"), experts(c, "num_local_experts", "intermediate_size")),
            norm(c, "input_layernorm"), norm(c, "post_attention_layernorm")]


CONFIG = ConfigClass(
    {"vocab_size": 32000, "hidden_size": 4096, "intermediate_size": 14336, "num_hidden_layers": 32,
     "num_attention_heads": 32, "num_key_value_heads": 8, "head_dim": None, "num_experts_per_tok": 2,
     "num_local_experts": 8, "tie_word_embeddings": False},
    aliases={"num_experts": "num_local_experts"}, derive=head_dim)
BODY = Decoder(block, norm=lambda c: {}, rotary_dim=lambda c: c.size("head_dim"))

FAMILY = Family("mixtral", "Mixtral", CONFIG, BODY)
