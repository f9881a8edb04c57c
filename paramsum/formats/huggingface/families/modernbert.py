"""modernbert (configuration_modernbert.py, modeling_modernbert.py): fused Wqkv, GLU Wi/Wo, no biases by default.

Layers alternate global and local (sliding-window) attention (layer_types, else every
global_attn_every_n_layers-th layer global): the weights are the same, the rotary table
keeps inverse frequencies per layer type. The first layer has no attn_norm. The heads
read ModernBertPredictionHead (dense, norm) first; the masked-LM decoder is tied.
"""

from ....layers.args import positive_int
from ..config import ConfigClass, checked, depth, divisible, steps
from ..encoders import Encoder, dense, layer_norm, linear, table, then
from ..family import Family, part


def _layer_types(values):
    if values.get("layer_types") is None:
        every = checked(values, "global_attn_every_n_layers", positive_int) if values.get(
            "global_attn_every_n_layers") is not None else 3
        values["layer_types"] = ["sliding_attention" if i % every else "full_attention"
                                 for i in range(depth(values, "num_hidden_layers"))]


CONFIG = ConfigClass(
    {"vocab_size": 50368, "hidden_size": 768, "intermediate_size": 1152, "num_hidden_layers": 22,
     "num_attention_heads": 12, "norm_bias": False, "attention_bias": False, "mlp_bias": False, "decoder_bias": True,
     "classifier_bias": False, "layer_types": None, "head_dim": None, "tie_word_embeddings": True},
    derive=steps(divisible("hidden_size", "num_attention_heads"), _layer_types))


def layer(c, index):
    size, heads, bias = c.size("hidden_size"), c.size("num_attention_heads"), c.flag("norm_bias")
    norms = [layer_norm(name, size, bias) for name in ("attn_norm", "mlp_norm")[index == 0:]]
    return [*norms, part("Attention", "attn", hidden_size=size, num_attention_heads=heads, head_dim=size // heads,
                         fused="Wqkv", names=["Wq", "Wk", "Wv", "Wo"], bias=c.flag("attention_bias")),
            part("MLP", "mlp", hidden_size=size, intermediate_size=c.size("intermediate_size"), fused="Wi",
                 names=["Wi", "Wo"], bias=c.flag("mlp_bias"))]


def body(rows, c, prefix, x):
    size, heads, bias = c.size("hidden_size"), c.size("num_attention_heads"), c.flag("norm_bias")
    x = rows.part(f"{prefix}embeddings", "Composite", x, module="ModernBertEmbeddings", hidden_size=size,
                  tokens=True, parts=[table("tok_embeddings", c.count("vocab_size")), layer_norm("norm", size, bias)])
    rows.part(f"{prefix}rotary_emb", "Rotary", x, module="ModernBertRotaryEmbedding",
              rotary_dim=c.optional("head_dim") or size // heads, layer_types=sorted(set(c.get("layer_types"))))
    for index in range(c.depth("num_hidden_layers")):
        x = rows.part(f"{prefix}layers.{index}", "Block", x, module="ModernBertEncoderLayer", hidden_size=size,
                      parts=layer(c, index))
    return rows.part(f"{prefix}final_norm", "Norm", x, module="LayerNorm", hidden_size=size, bias=bias)


def head(pooled=False):
    """ModernBertPredictionHead: dense (classifier_bias) and norm, on every token or the pooled one."""
    def build(rows, c, x, prefix):
        size = c.size("hidden_size")
        return rows.part("head", "Composite", x, module="ModernBertPredictionHead", hidden_size=size,
                         first_token=pooled, parts=[dense("dense", size, size, c.flag("classifier_bias")),
                                                    layer_norm("norm", size, c.flag("norm_bias"))])
    return build


def decoder(rows, c, x, prefix):
    return rows.linear("decoder", x, c.size("hidden_size"), c.count("vocab_size"), bias=c.flag("decoder_bias"),
                       tied_to=f"{prefix}embeddings.tok_embeddings.weight" if c.tied else None)


HEADS = {"ForMaskedLM": then(head(), decoder), "ForSequenceClassification": then(head(True), linear("classifier")),
         "ForTokenClassification": then(head(), linear("classifier")),
         "ForQuestionAnswering": then(head(), linear("classifier")),
         "ForMultipleChoice": then(head(True), linear("classifier", 1))}

FAMILY = Family("modernbert", "ModernBert", CONFIG, Encoder(body, "model"), HEADS)
