"""stablelm (configuration_stablelm.py, modeling_stablelm.py): Llama's attention and gated MLP with LayerNorms,
optional q/k/v biases and per-head q/k LayerNorms, an optional parallel block, rotary on 0.25 of a head."""

from ..config import ConfigClass, divisible, head_dim, steps
from ..family import DECODER_HEADS, Decoder, Family, attention, gated_mlp, norm
from .phi import partial_rotary

CONFIG = ConfigClass(
    {"vocab_size": 50304, "intermediate_size": 6912, "hidden_size": 2560, "num_hidden_layers": 32,
     "num_attention_heads": 32, "num_key_value_heads": 32, "head_dim": None, "tie_word_embeddings": False,
     "use_qkv_bias": False, "qk_layernorm": False, "use_parallel_residual": False},
    derive=steps(divisible("hidden_size", "num_attention_heads"), head_dim))


def block(c, index):
    qk = {"qk_norm": "per_head", "qk_norm_names": ["q_layernorm", "k_layernorm"]} if c.flag("qk_layernorm") else {}
    norms = ["input_layernorm"] + ([] if c.flag("use_parallel_residual") else ["post_attention_layernorm"])
    return [attention(c, head_dim=c.size("hidden_size") // c.size("num_attention_heads"),
                      bias=c.flag("use_qkv_bias"), o_bias=False, **qk),
            gated_mlp(c), *(norm(c, name, bias=True) for name in norms)]


BODY = Decoder(block, norm=lambda c: {"bias": True}, rotary_dim=partial_rotary(0.25), classes={"norm": "LayerNorm"})
HEADS = {k: v for k, v in DECODER_HEADS.items() if k != "ForQuestionAnswering"}

FAMILY = Family("stablelm", "StableLm", CONFIG, BODY, HEADS)
