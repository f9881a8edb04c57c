"""qwen2_moe: q/k/v biases; sparse blocks (router, experts, a gated shared expert) every decoder_sparse_step
layers but mlp_only_layers, the others a dense MLP."""

from ....errors import ParamsumError
from ..config import ConfigClass, head_dim, steps
from ..family import Decoder, Family, attention, gated_mlp, norm, part
from ._moe import experts, layer_types, moe, numbers, router


def sparse(c, index):
    """transformers' test: the layer is not in mlp_only_layers and (index + 1) % decoder_sparse_step == 0."""
    only = c.get("mlp_only_layers") or []
    if not isinstance(only, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in only):
        raise ParamsumError(f"mlp_only_layers: expected a list of layer indices; received: {only!r}"[:200])
    return index not in only and c.count("num_experts") > 0 and (index + 1) % c.size("decoder_sparse_step") == 0


def block(c, index):
    mlp = moe(c, router(c, "num_experts"), experts(c, "num_experts", "moe_intermediate_size"),
              gated_mlp(c, "shared_expert", "shared_expert_intermediate_size"),
              part("Gate", "shared_expert_gate", hidden_size=c.size("hidden_size"), out_features=1)) \
        if sparse(c, index) else gated_mlp(c)
    return [attention(c, bias=c.flag("qkv_bias"), o_bias=False), mlp, norm(c, "input_layernorm"),
            norm(c, "post_attention_layernorm")]


CONFIG = ConfigClass(
    {"vocab_size": 151936, "hidden_size": 2048, "intermediate_size": 5632, "num_hidden_layers": 24,
     "num_attention_heads": 16, "num_key_value_heads": 16, "head_dim": None, "decoder_sparse_step": 1,
     "moe_intermediate_size": 1408, "shared_expert_intermediate_size": 5632, "num_experts_per_tok": 4,
     "num_experts": 60, "mlp_only_layers": None, "qkv_bias": True, "tie_word_embeddings": False},
    derive=steps(numbers("num_key_value_heads"), head_dim, layer_types))
BODY = Decoder(block, norm=lambda c: {}, rotary_dim=lambda c: c.size("head_dim"))

FAMILY = Family("qwen2_moe", "Qwen2Moe", CONFIG, BODY)
