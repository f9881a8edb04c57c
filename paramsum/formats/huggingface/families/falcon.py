"""falcon (configuration_falcon.py, modeling_falcon.py): fused query_key_value for multi-head, multi-query or
(new_decoder_architecture) grouped k/v heads; attention and MLP in parallel off one or two LayerNorms (ln_attn,
ln_mlp) or in sequence; a rotary table even with alibi; lm_head tied by default; body under `transformer`."""

from ..config import ConfigClass, divisible, steps
from ..family import Decoder, Family, attention, mlp, norm
from .gpt_neox import HEADS


def derive(values):
    if values.get("n_embed") is not None:  # the old name of hidden_size wins over it
        values["hidden_size"] = values["n_embed"]
    if values.get("num_kv_heads") is None:
        values["num_kv_heads"] = values.get("num_attention_heads")
    if values.get("ffn_hidden_size") is None and isinstance(values.get("hidden_size"), int):
        values["ffn_hidden_size"] = 4 * values["hidden_size"]


CONFIG = ConfigClass(
    {"vocab_size": 65024, "hidden_size": 4544, "num_hidden_layers": 32, "num_attention_heads": 71,
     "num_ln_in_parallel_attn": None, "num_kv_heads": None, "new_decoder_architecture": False, "multi_query": True,
     "parallel_attn": True, "bias": False, "ffn_hidden_size": None, "tie_word_embeddings": True},
    derive=steps(derive, divisible("hidden_size", "num_attention_heads")))


def block(c, index):
    heads, new = c.size("num_attention_heads"), c.flag("new_decoder_architecture")
    kv = c.size("num_kv_heads") if new else 1 if c.flag("multi_query") else heads
    lns = c.get("num_ln_in_parallel_attn")
    lns = (2 if new else 1) if lns is None else lns
    if not c.flag("parallel_attn"):
        names = ["post_attention_layernorm", "input_layernorm"]
    else:
        names = ["ln_attn", "ln_mlp"] if lns == 2 else ["input_layernorm"]
    return [attention(c, "self_attention", num_key_value_heads=kv, head_dim=c.size("hidden_size") // heads,
                      fused="query_key_value", names=["q", "k", "v", "dense"], bias=c.flag("bias")),
            mlp(c, inner="ffn_hidden_size", bias=c.flag("bias"), names=["dense_h_to_4h", "dense_4h_to_h"]),
            *(norm(c, name, bias=True) for name in names)]


BODY = Decoder(block, norm=lambda c: {"bias": True}, rotary_dim=lambda c: c.size("hidden_size") // c.size(
    "num_attention_heads"), base="transformer", embed="word_embeddings", layers="h", final_norm="ln_f",
    classes={"norm": "LayerNorm"})

FAMILY = Family("falcon", "Falcon", CONFIG, BODY, HEADS)
