"""pegasus (configuration_pegasus.py, modeling_pegasus.py): BART's body, pre-norm, sinusoidal positions (frozen
parameters), a final layer_norm in each stack, no layernorm_embedding; no classification heads."""

from ..config import ConfigClass
from ..family import Family
from ..seq2seq import (
                                   BART_ALIASES,
                                   BART_DEFAULTS,
                                                                  LAYER_NORM,
                                   EncoderDecoder,
                                   bart_stacks,
                                   embedding,
                                   lm_head,
                                   sinusoidal,
)

CONFIG = ConfigClass({**BART_DEFAULTS, "pad_token_id": 0}, BART_ALIASES)
BODY = EncoderDecoder(*bart_stacks("Pegasus", sinusoidal("PegasusSinusoidalPositionalEmbedding"),
                                   final_norm=lambda c: LAYER_NORM), shared=embedding("Embedding"))
HEADS = {"ForConditionalGeneration": lm_head(logits_bias=True),
         "ForCausalLM": lm_head(stacks=("decoder",), shared=False)}

FAMILY = Family("pegasus", "Pegasus", CONFIG, BODY, HEADS)
