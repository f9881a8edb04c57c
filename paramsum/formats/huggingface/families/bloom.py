"""bloom (configuration_bloom.py, modeling_bloom.py): ALiBi (no position weights), a LayerNorm on the word
embeddings, fused query_key_value, a 4 × hidden MLP, every linear with a bias; lm_head tied by default."""

from ..config import ConfigClass, divisible, steps
from ..family import Decoder, Family, norm, part
from .gpt_neox import HEADS


def n_embed(values):
    if values.get("n_embed") is not None:  # the old name of hidden_size wins over it
        values["hidden_size"] = values["n_embed"]


CONFIG = ConfigClass(
    {"vocab_size": 250880, "hidden_size": 64, "n_layer": 2, "n_head": 8, "tie_word_embeddings": True},
    aliases={"num_hidden_layers": "n_layer", "num_attention_heads": "n_head"},
    derive=steps(n_embed, divisible("hidden_size", "n_head")))


def block(c, index):
    size = c.size("hidden_size")
    return [norm(c, "input_layernorm", bias=True),
            part("Attention", "self_attention", hidden_size=size, num_attention_heads=c.size("n_head"),
                 fused="query_key_value", names=["q", "k", "v", "dense"], bias=True),
            norm(c, "post_attention_layernorm", bias=True),
            part("MLP", "mlp", hidden_size=size, intermediate_size=4 * size, bias=True,
                 names=["dense_h_to_4h", "dense_4h_to_h"])]


BODY = Decoder(block, norm=lambda c: {"bias": True}, base="transformer", embed="word_embeddings", layers="h",
               final_norm="ln_f", depth="n_layer", classes={"block": "BloomBlock", "norm": "LayerNorm"},
               embed_norm="word_embeddings_layernorm")

FAMILY = Family("bloom", "Bloom", CONFIG, BODY, HEADS)
