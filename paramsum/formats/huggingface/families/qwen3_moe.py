"""qwen3_moe: q/k RMSNorms per head, attention_bias on all four projections; sparse blocks (experts, then the
router `gate`) every decoder_sparse_step layers but mlp_only_layers, the others a dense MLP."""

from ..config import ConfigClass, head_dim, steps
from ..family import Decoder, Family, attention, gated_mlp, norm
from ._moe import experts, moe, numbers, router
from .llama import QA_UNDER_TRANSFORMER
from .qwen2_moe import sparse


def block(c, index):
    mlp = moe(c, experts(c, "num_experts", "moe_intermediate_size"), router(c, "num_experts")) \
        if sparse(c, index) else gated_mlp(c)
    return [attention(c, bias=c.flag("attention_bias"), qk_norm="head"), mlp, norm(c, "input_layernorm"),
            norm(c, "post_attention_layernorm")]


CONFIG = ConfigClass(
    {"vocab_size": 151936, "hidden_size": 2048, "intermediate_size": 6144, "num_hidden_layers": 24,
     "num_attention_heads": 32, "num_key_value_heads": 4, "head_dim": None, "attention_bias": False,
     "decoder_sparse_step": 1, "moe_intermediate_size": 768, "num_experts_per_tok": 8, "num_experts": 128,
     "mlp_only_layers": None, "tie_word_embeddings": False},
    aliases={"num_local_experts": "num_experts"}, derive=steps(numbers("num_key_value_heads"), head_dim))
BODY = Decoder(block, norm=lambda c: {}, rotary_dim=lambda c: c.size("head_dim"))

FAMILY = Family("qwen3_moe", "Qwen3Moe", CONFIG, BODY, QA_UNDER_TRANSFORMER)
