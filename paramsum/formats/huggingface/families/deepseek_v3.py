"""deepseek_v3: multi-head latent attention; after first_k_dense_replace dense blocks, sparse ones (experts,
a float32 sigmoid router with a score-correction buffer, shared experts of n_shared_experts × moe_intermediate_size)."""

from ..config import ConfigClass
from ..family import DECODER_HEADS, Decoder, Family, gated_mlp, norm, part
from ._moe import experts, moe, router


def latent_attention(c):
    return part("LatentAttention", "self_attn", hidden_size=c.size("hidden_size"),
                num_attention_heads=c.size("num_attention_heads"), q_lora_rank=c.optional("q_lora_rank"),
                kv_lora_rank=c.size("kv_lora_rank"), qk_nope_head_dim=c.size("qk_nope_head_dim"),
                qk_rope_head_dim=c.size("qk_rope_head_dim"), v_head_dim=c.size("v_head_dim"),
                bias=c.flag("attention_bias"))


def shared_experts(c, **options):
    return part("MLP", "shared_experts", hidden_size=c.size("hidden_size"), gated=True,
                intermediate_size=c.size("moe_intermediate_size") * c.size("n_shared_experts"), **options)


def block(c, index, correction_bias=True, bias=False):
    """(deepseek_v2: a router without the score-correction buffer, MLPs with mlp_bias.)"""
    mlp = moe(c, experts(c, "n_routed_experts", "moe_intermediate_size"),
              router(c, "n_routed_experts", correction_bias=correction_bias, keep_fp32=True),
              shared_experts(c, bias=bias)) \
        if index >= c.count("first_k_dense_replace") else gated_mlp(c, bias=bias)
    return [latent_attention(c), mlp, norm(c, "input_layernorm"), norm(c, "post_attention_layernorm")]


CONFIG = ConfigClass(
    {"vocab_size": 129280, "hidden_size": 7168, "intermediate_size": 18432, "moe_intermediate_size": 2048,
     "num_hidden_layers": 61, "num_attention_heads": 128, "n_shared_experts": 1, "n_routed_experts": 256,
     "kv_lora_rank": 512, "q_lora_rank": 1536, "qk_rope_head_dim": 64, "v_head_dim": 128, "qk_nope_head_dim": 128,
     "num_experts_per_tok": 8, "first_k_dense_replace": 3, "attention_bias": False, "tie_word_embeddings": False},
    aliases={"num_local_experts": "n_routed_experts"})
BODY = Decoder(block, norm=lambda c: {}, rotary_dim=lambda c: c.size("qk_rope_head_dim"))
HEADS = {k: v for k, v in DECODER_HEADS.items() if k != "ForQuestionAnswering"}

FAMILY = Family("deepseek_v3", "DeepseekV3", CONFIG, BODY, HEADS)
