"""qwen2: Mistral's block with biases on q, k and v."""

from ..config import ConfigClass, head_dim
from ..family import Decoder, Family, attention, gated_mlp, norm
from .llama import QA_UNDER_TRANSFORMER


def block(c, index):
    return [attention(c, bias=True, o_bias=False), gated_mlp(c), norm(c, "input_layernorm"),
            norm(c, "post_attention_layernorm")]


CONFIG = ConfigClass(
    {"vocab_size": 151936, "hidden_size": 4096, "intermediate_size": 22016, "num_hidden_layers": 32,
     "num_attention_heads": 32, "num_key_value_heads": 32, "head_dim": None, "tie_word_embeddings": False},
    derive=head_dim)
BODY = Decoder(block, norm=lambda c: {}, rotary_dim=lambda c: c.size("head_dim"))

FAMILY = Family("qwen2", "Qwen2", CONFIG, BODY, QA_UNDER_TRANSFORMER)
