"""starcoder2 (configuration_starcoder2.py, modeling_starcoder2.py): biases everywhere (use_bias), a plain
c_fc/c_proj MLP, nn.LayerNorms with bias, a tied head by default."""

from ..config import ConfigClass, head_dim, steps
from ..family import DECODER_HEADS, Decoder, Family, attention, mlp, norm
from ._dense import layer_types

CONFIG = ConfigClass(
    {"vocab_size": 49152, "hidden_size": 3072, "intermediate_size": 12288, "num_hidden_layers": 30,
     "num_attention_heads": 24, "num_key_value_heads": 2, "head_dim": None, "use_bias": True,
     "tie_word_embeddings": True},
    derive=steps(head_dim, layer_types()))


def block(c, index):
    bias = c.flag("use_bias")
    return [attention(c, bias=bias), mlp(c, names=("c_fc", "c_proj"), bias=bias),
            norm(c, "input_layernorm", bias=True), norm(c, "post_attention_layernorm", bias=True)]


BODY = Decoder(block, norm=lambda c: {"bias": True}, rotary_dim=lambda c: c.size("head_dim"),
               classes={"norm": "LayerNorm"})
HEADS = {k: DECODER_HEADS[k] for k in ("ForCausalLM", "ForSequenceClassification", "ForTokenClassification")}

FAMILY = Family("starcoder2", "Starcoder2", CONFIG, BODY, HEADS)
