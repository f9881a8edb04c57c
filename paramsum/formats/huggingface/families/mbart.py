"""mbart (configuration_mbart.py, modeling_mbart.py): BART's body, pre-norm, with a final layer_norm in each stack."""

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

CONFIG = ConfigClass(BART_DEFAULTS, BART_ALIASES)


def positions(c, stack):  # the table has 2 more rows than positions (BART's offset)
    return {"module": "MBartLearnedPositionalEmbedding", "num_embeddings": c.count("max_position_embeddings") + 2}


BODY = EncoderDecoder(*bart_stacks("MBart", positions, "MBartScaledWordEmbedding", embed_norm=lambda c: LAYER_NORM,
                                   final_norm=lambda c: LAYER_NORM), shared=embedding("MBartScaledWordEmbedding"))

FAMILY = Family("mbart", "MBart", CONFIG, BODY, bart_heads("MBart"))
