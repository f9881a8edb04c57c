"""deepseek_v2: DeepSeek-V3's blocks with a softmax router (no score-correction buffer) and mlp_bias on the MLPs."""

from ..config import ConfigClass, divisible
from ..family import DECODER_HEADS, Decoder, Family
from . import deepseek_v3

CONFIG = ConfigClass(
    {"vocab_size": 102400, "hidden_size": 4096, "intermediate_size": 11008, "num_hidden_layers": 32,
     "num_attention_heads": 32, "first_k_dense_replace": 0, "kv_lora_rank": 512, "q_lora_rank": 1536,
     "n_routed_experts": 64, "n_shared_experts": 2, "qk_nope_head_dim": 128, "qk_rope_head_dim": 64,
     "v_head_dim": 128, "num_experts_per_tok": None, "moe_intermediate_size": 1407, "attention_bias": False,
     "mlp_bias": False, "tie_word_embeddings": False},
    aliases={"num_experts": "n_routed_experts"}, derive=divisible("hidden_size", "num_attention_heads"))


def block(c, index):
    return deepseek_v3.block(c, index, correction_bias=False, bias=c.flag("mlp_bias"))


# The rotary table gives complex frequencies: one per pair of rotated dimensions.
BODY = Decoder(block, norm=lambda c: {}, rotary_dim=lambda c: c.size("qk_rope_head_dim"),
               rotary=lambda c: {"per_pair": True})
HEADS = {k: DECODER_HEADS[k] for k in ("ForCausalLM", "ForSequenceClassification")}

FAMILY = Family("deepseek_v2", "DeepseekV2", CONFIG, BODY, HEADS)
