"""t5 (configuration_t5.py, modeling_t5.py): bias-free attention with a relative position bias in each stack's
first block, RMS norms, relu or gated feed-forward; lm_head always tied to `shared`."""

from ..config import ConfigClass
from ..family import Family
from ..seq2seq import T5_ALIASES, lm_head, t5_body, t5_derive, t5_heads

CONFIG = ConfigClass(
    {"vocab_size": 32128, "d_model": 512, "d_kv": 64, "d_ff": 2048, "num_layers": 6, "num_decoder_layers": None,
     "num_heads": 8, "relative_attention_num_buckets": 32, "feed_forward_proj": "relu"}, T5_ALIASES, t5_derive)

# The first checkpoints (t5-3b, t5-11b) still name T5ForConditionalGeneration by its old name.
HEADS = {**t5_heads("T5"), "WithLMHeadModel": lm_head(body="")}

FAMILY = Family("t5", "T5", CONFIG, t5_body("T5"), HEADS)
