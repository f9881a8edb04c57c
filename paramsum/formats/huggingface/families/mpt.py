"""mpt (configuration_mpt.py, modeling_mpt.py): ALiBi (no position weights), fused Wqkv, a 4 × d_model MLP, no
biases and bias-free LayerNorms. transformers builds these whatever no_bias, expansion_ratio, norm_type or
attn_config say: those fields change no weight."""

from ..config import ConfigClass
from ..family import Decoder, Family, norm, part
from .gpt_neox import HEADS


def d_model(values):
    values["hidden_size"] = values.get("d_model")  # the size the shared rows read


CONFIG = ConfigClass(
    {"d_model": 2048, "n_heads": 16, "n_layers": 24, "vocab_size": 50368, "tie_word_embeddings": True},
    aliases={"num_attention_heads": "n_heads", "hidden_size": "d_model", "num_hidden_layers": "n_layers"},
    derive=d_model)


def block(c, index):
    size, _ = c.size("d_model"), c.size("n_heads")  # n_heads is checked, though no weight depends on it
    return [norm(c, "norm_1"),
            # Wqkv is (3 × d_model, d_model) whether or not n_heads divides d_model: one head's worth of sizes
            part("Attention", "attn", hidden_size=size, num_attention_heads=1, fused="Wqkv",
                 names=["q", "k", "v", "out_proj"]),
            norm(c, "norm_2"), part("MLP", "ffn", hidden_size=size, intermediate_size=4 * size,
                                    names=["up_proj", "down_proj"])]


BODY = Decoder(block, norm=lambda c: {}, base="transformer", embed="wte", layers="blocks", final_norm="norm_f",
               depth="n_layers", classes={"block": "MptBlock", "norm": "LayerNorm"})

FAMILY = Family("mpt", "Mpt", CONFIG, BODY, HEADS, renamed={"MPTForCausalLM": "MptForCausalLM"})
