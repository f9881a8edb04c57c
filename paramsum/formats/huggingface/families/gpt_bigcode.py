"""gpt_bigcode (configuration_gpt_bigcode.py, modeling_gpt_bigcode.py): GPT-2's model with nn.Linear weights
and multi-query attention (multi_query: one k/v head in c_attn); the model keeps a causal-mask buffer `bias`."""

from ....errors import ParamsumError
from ..config import ConfigClass, divisible, mirror, steps
from ..family import DECODER_HEADS, Decoder, Family, classifier
from . import gpt2


def kv_heads(values):
    """One key/value head with multi_query, else n_head; cross-attention is refused with multi_query."""
    values["num_key_value_heads"] = 1 if values.get("multi_query") else values["n_head"]
    if values.get("multi_query") and values.get("add_cross_attention"):
        raise ParamsumError("add_cross_attention=true with multi_query=true: transformers has no cross-attention "
                            "for multi-query attention")


CONFIG = ConfigClass({**gpt2.CONFIG.defaults, "multi_query": True}, gpt2.ALIASES,
                     derive=steps(divisible("n_embd", "n_head"), mirror(gpt2.ALIASES), kv_heads))


def positions(rows, c, prefix, ids, x):
    """wpe, and the model's causal mask (n_positions²) when the model has a name (not the base model)."""
    x = gpt2.positions(rows, c, prefix, ids, x)
    if prefix:
        length = c.count("n_positions")
        x = rows.part(prefix[:-1], "Buffers", x, module="GPTBigCodeModel", buffers=[["bias", [length, length],
                                                                                      "bool"]])
    return x


HEADS = {"ForCausalLM": DECODER_HEADS["ForCausalLM"], "ForSequenceClassification": classifier("score", False),
         "ForTokenClassification": classifier("classifier", bias=True)}
BODY = Decoder(lambda c, index: gpt2.block(c, index, conv1d=False), norm=lambda c: {"bias": True},
               base="transformer", embed="wte", layers="h", final_norm="ln_f",
               classes={"block": "GPTBigCodeBlock", "norm": "LayerNorm"}, embeddings=positions)

FAMILY = Family("gpt_bigcode", "GPTBigCode", CONFIG, BODY, HEADS)
