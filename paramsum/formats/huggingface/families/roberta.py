"""roberta (configuration_roberta.py, modeling_roberta.py): BERT's body, its own heads and defaults."""

from ..config import ConfigClass, divisible, steps
from ..family import Family
from ._bertlike import Encoder, bert_block, bert_embeddings, cross_attention_needs_decoder, roberta_heads

CONFIG = ConfigClass(
    {"vocab_size": 50265, "hidden_size": 768, "num_hidden_layers": 12, "num_attention_heads": 12,
     "intermediate_size": 3072, "max_position_embeddings": 512, "type_vocab_size": 2, "is_decoder": False,
     "add_cross_attention": False, "tie_word_embeddings": True},
    derive=steps(divisible("hidden_size", "num_attention_heads"), cross_attention_needs_decoder))

FAMILY = Family("roberta", "Roberta", CONFIG, Encoder("roberta", bert_embeddings, bert_block),
                roberta_heads("Roberta"))
