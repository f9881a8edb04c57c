"""mt5 (configuration_mt5.py, modeling_mt5.py): T5 v1.1's model (gated-gelu) with a 250k vocabulary; lm_head tied
to `shared` whatever tie_word_embeddings says (MT5Config of transformers 5 forces it)."""

from ..config import ConfigClass
from ..family import Family
from ..seq2seq import T5_ALIASES, t5_body, t5_derive, t5_heads

CONFIG = ConfigClass(
    {"vocab_size": 250112, "d_model": 512, "d_kv": 64, "d_ff": 1024, "num_layers": 8, "num_decoder_layers": None,
     "num_heads": 6, "relative_attention_num_buckets": 32, "feed_forward_proj": "gated-gelu"}, T5_ALIASES, t5_derive)

FAMILY = Family("mt5", "MT5", CONFIG, t5_body("MT5"), t5_heads("MT5"))
