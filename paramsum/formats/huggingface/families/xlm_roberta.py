"""xlm-roberta (configuration_xlm_roberta.py, modeling_xlm_roberta.py): RoBERTa's model, BERT's vocabulary
default; its LM models register lm_head before the body (lm_head owns the tied weight)."""

from ..family import Family
from ._bertlike import Encoder, bert_block, bert_embeddings, roberta_heads
from .roberta import CONFIG

FAMILY = Family("xlm-roberta", "XLMRoberta", CONFIG.but({"vocab_size": 30522}),
                Encoder("roberta", bert_embeddings, bert_block), roberta_heads("XLMRoberta", lm_first=True))
