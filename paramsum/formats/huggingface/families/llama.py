"""llama (configuration_llama.py, modeling_llama.py): grouped-query attention, gated MLP, RMSNorms."""

from ..config import ConfigClass, divisible, head_dim, steps
from ..family import DECODER_HEADS, Decoder, Family, attention, classifier, gated_mlp, norm

CONFIG = ConfigClass(
    {"vocab_size": 32000, "hidden_size": 4096, "intermediate_size": 11008, "num_hidden_layers": 32,
     "num_attention_heads": 32, "num_key_value_heads": None, "head_dim": None, "attention_bias": False,
     "mlp_bias": False, "tie_word_embeddings": False},
    derive=steps(head_dim, divisible("hidden_size", "num_attention_heads")))


def block(c, index):
    return [attention(c, bias=c.flag("attention_bias")), gated_mlp(c, bias=c.flag("mlp_bias")),
            norm(c, "input_layernorm"), norm(c, "post_attention_layernorm")]


BODY = Decoder(block, norm=lambda c: {}, rotary_dim=lambda c: c.size("head_dim"))
# The question-answering model keeps its body under `transformer` (base_model_prefix of old checkpoints).
QA_UNDER_TRANSFORMER = {**DECODER_HEADS, "ForQuestionAnswering": classifier("qa_outputs", True, 2, body="transformer")}

FAMILY = Family("llama", "Llama", CONFIG, BODY, QA_UNDER_TRANSFORMER)
