"""bart (configuration_bart.py, modeling_bart.py): learned positions offset by 2, layernorm_embedding, post-norm."""

from ..config import ConfigClass, divisible, steps
from ..family import Family
from ..seq2seq import LAYER_NORM, EncoderDecoder, bart_heads, bart_stacks

CONFIG = ConfigClass(
    {"vocab_size": 50265, "max_position_embeddings": 1024, "encoder_layers": 12, "encoder_ffn_dim": 4096,
     "encoder_attention_heads": 16, "decoder_layers": 12, "decoder_ffn_dim": 4096, "decoder_attention_heads": 16,
     "d_model": 1024, "pad_token_id": 1, "tie_word_embeddings": True, "num_labels": 3},
    {"hidden_size": "d_model", "num_attention_heads": "encoder_attention_heads", "num_hidden_layers": "encoder_layers"},
    derive=steps(divisible("d_model", "encoder_attention_heads"), divisible("d_model", "decoder_attention_heads")))
EMBED = "BartScaledWordEmbedding"


def positions(c, stack):  # the table has 2 more rows than positions (BART's offset)
    return {"module": "BartLearnedPositionalEmbedding", "num_embeddings": c.count("max_position_embeddings") + 2}


BODY = EncoderDecoder(*bart_stacks("Bart", positions, EMBED, embed_norm=lambda c: LAYER_NORM),
                      shared=lambda c: {"module": EMBED, "num_embeddings": c.count("vocab_size"),
                                        "padding_idx": c.get("pad_token_id")})

FAMILY = Family("bart", "Bart", CONFIG, BODY, bart_heads("Bart"))
