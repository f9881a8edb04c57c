"""phi3 (configuration_phi3.py, modeling_phi3.py): Llama's block with q, k, v fused (qkv_proj) and gate and up
fused (gate_up_proj); partial rotary when partial_rotary_factor says (Phi-4-mini)."""

from ..config import ConfigClass, head_dim, steps
from ..family import DECODER_HEADS, Decoder, Family, attention, gated_mlp, norm
from .phi import pad_within_vocab, partial_rotary

CONFIG = ConfigClass(
    {"vocab_size": 32064, "hidden_size": 3072, "intermediate_size": 8192, "num_hidden_layers": 32,
     "num_attention_heads": 32, "num_key_value_heads": None, "head_dim": None, "tie_word_embeddings": False,
     "pad_token_id": 32000},
    derive=steps(head_dim, pad_within_vocab))


def block(c, index):
    return [attention(c, fused="qkv_proj"), gated_mlp(c, fused="gate_up_proj"), norm(c, "input_layernorm"),
            norm(c, "post_attention_layernorm")]


BODY = Decoder(block, norm=lambda c: {}, rotary_dim=partial_rotary(1.0))
HEADS = {k: v for k, v in DECODER_HEADS.items() if k != "ForQuestionAnswering"}

FAMILY = Family("phi3", "Phi3", CONFIG, BODY, HEADS)
