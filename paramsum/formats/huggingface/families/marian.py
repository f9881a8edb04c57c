"""marian (configuration_marian.py, modeling_marian.py): BART's body, post-norm, sinusoidal positions (frozen
parameters), no layernorm_embedding; the shared embedding only when share_encoder_decoder_embeddings, else
the decoder has its own vocabulary (decoder_vocab_size)."""

from ..config import ConfigClass
from ..family import Family
from ..seq2seq import (
    BART_ALIASES,
    BART_DEFAULTS,
    EncoderDecoder,
    bart_stacks,
    embedding,
    lm_head,
    sinusoidal,
)


def decoder_vocab(values):  # MarianConfig: decoder_vocab_size or vocab_size
    values["decoder_vocab_size"] = values.get("decoder_vocab_size") or values.get("vocab_size")


CONFIG = ConfigClass({**BART_DEFAULTS, "vocab_size": 58101, "decoder_vocab_size": None, "pad_token_id": 58100,
                      "share_encoder_decoder_embeddings": True}, BART_ALIASES, decoder_vocab)


def shared(c):
    return embedding("Embedding")(c) if c.flag("share_encoder_decoder_embeddings") else None


def target(c):  # the logits: over the shared vocabulary, else the decoder's
    return "vocab_size" if c.flag("share_encoder_decoder_embeddings") else "decoder_vocab_size"


BODY = EncoderDecoder(*bart_stacks("Marian", sinusoidal("MarianSinusoidalPositionalEmbedding"),
                                   decoder_vocab="decoder_vocab_size"), shared=shared)
HEADS = {"MTModel": lm_head(vocab=target, logits_bias=True), "ForCausalLM": lm_head(stacks=("decoder",), shared=False)}

FAMILY = Family("marian", "Marian", CONFIG, BODY, HEADS)
