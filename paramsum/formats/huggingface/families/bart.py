"""bart (configuration_bart.py, modeling_bart.py): learned positions offset by 2, layernorm_embedding, post-norm."""

from ..config import ConfigClass
from ..family import Family
from ..seq2seq import (
    BART_ALIASES,
    BART_DEFAULTS,
    LAYER_NORM,
    EncoderDecoder,
    bart_heads,
    bart_stacks,
    embedding,
)

# BartConfig sets num_labels to 3 when the config has no id2label.
CONFIG = ConfigClass({**BART_DEFAULTS, "num_labels": 3}, BART_ALIASES)


def positions(c, stack):  # the table has 2 more rows than positions (BART's offset)
    return {"module": "BartLearnedPositionalEmbedding", "num_embeddings": c.count("max_position_embeddings") + 2}


BODY = EncoderDecoder(*bart_stacks("Bart", positions, "BartScaledWordEmbedding", embed_norm=lambda c: LAYER_NORM),
                      shared=embedding("BartScaledWordEmbedding"))

FAMILY = Family("bart", "Bart", CONFIG, BODY, bart_heads("Bart"))
