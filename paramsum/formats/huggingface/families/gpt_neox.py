"""gpt_neox (configuration_gpt_neox.py, modeling_gpt_neox.py): fused query_key_value, biased projections, two
LayerNorms (run in parallel or in sequence: the same weights), rotary on rotary_pct of a head, under `gpt_neox`."""

from ..config import ConfigClass, divisible, head_dim, steps
from ..family import Decoder, Family, attention, causal_lm, classifier, mlp, norm
from .phi import partial_rotary

CONFIG = ConfigClass(
    {"vocab_size": 50432, "hidden_size": 6144, "num_hidden_layers": 44, "num_attention_heads": 64,
     "intermediate_size": 24576, "attention_bias": True, "tie_word_embeddings": False, "head_dim": None},
    derive=steps(divisible("hidden_size", "num_attention_heads"), head_dim))


def block(c, index):
    bias = c.flag("attention_bias")
    return [norm(c, "input_layernorm", bias=True), norm(c, "post_attention_layernorm", bias=True),
            part_attention(c, bias), mlp(c, bias=True, names=["dense_h_to_4h", "dense_4h_to_h"])]


def part_attention(c, bias):
    size = c.size("hidden_size")
    return attention(c, "attention", head_dim=size // c.size("num_attention_heads"), num_key_value_heads=None,
                     fused="query_key_value", names=["q", "k", "v", "dense"], bias=bias)


BODY = Decoder(block, norm=lambda c: {"bias": True}, rotary_dim=partial_rotary(0.25, key="rotary_pct"),
               base="gpt_neox", embed="embed_in", final_norm="final_layer_norm",
               classes={"block": "GPTNeoXLayer", "norm": "LayerNorm"})
HEADS = {"ForCausalLM": causal_lm(), "ForSequenceClassification": classifier("score", bias=False),
         "ForTokenClassification": classifier("classifier", bias=True),
         "ForQuestionAnswering": classifier("qa_outputs", bias=True, labels=2)}

FAMILY = Family("gpt_neox", "GPTNeoX", CONFIG, BODY, HEADS)
