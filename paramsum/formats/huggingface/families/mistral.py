"""mistral: Llama's block without biases (sliding_window changes no weight)."""

from ..config import ConfigClass, head_dim
from ..family import Decoder, Family, attention, gated_mlp, norm


def block(c, index):
    return [attention(c), gated_mlp(c), norm(c, "input_layernorm"), norm(c, "post_attention_layernorm")]


CONFIG = ConfigClass(
    {"vocab_size": 32000, "hidden_size": 4096, "intermediate_size": 14336, "num_hidden_layers": 32,
     "num_attention_heads": 32, "num_key_value_heads": 8, "head_dim": None, "tie_word_embeddings": False},
    derive=head_dim)
BODY = Decoder(block, norm=lambda c: {}, rotary_dim=lambda c: c.size("head_dim"))

FAMILY = Family("mistral", "Mistral", CONFIG, BODY)
