"""Encoder-decoder config.json files: what the fixtures do not show (old class names, refusals)."""

from __future__ import annotations

import pytest

import paramsum
from paramsum import ParamsumError

T5_3B = {"architectures": ["T5WithLMHeadModel"], "d_ff": 16384, "d_kv": 128, "d_model": 1024,
         "decoder_start_token_id": 0, "dropout_rate": 0.1, "eos_token_id": 1, "initializer_factor": 1.0,
         "is_encoder_decoder": True, "layer_norm_epsilon": 1e-06, "model_type": "t5", "n_positions": 512,
         "num_heads": 32, "num_layers": 24, "output_past": True, "pad_token_id": 0,
         "relative_attention_num_buckets": 32, "vocab_size": 32128}


def test_t5_with_lm_head_is_the_conditional_generation_model():
    """T5WithLMHeadModel (t5-3b's config.json) is T5ForConditionalGeneration's old name."""
    old = paramsum.summarize(T5_3B)
    new = paramsum.summarize({**T5_3B, "architectures": ["T5ForConditionalGeneration"]})
    assert old.totals.params == new.totals.params == 2_851_598_336  # transformers 5, meta device
    assert [(r.name, r.type) for r in old.layers] == [(r.name, r.type) for r in new.layers]


REFUSALS = [  # transformers refuses these too (ValueError / AssertionError while building the model)
    ({"model_type": "bart", "d_model": 100}, "d_model must be divisible by encoder_attention_heads"),
    ({"model_type": "mbart", "decoder_attention_heads": 10}, "d_model must be divisible by decoder_attention_heads"),
    ({"model_type": "whisper", "d_model": 9, "encoder_attention_heads": 3, "decoder_attention_heads": 3},
     "d_model must be divisible by 2"),
    ({"model_type": "marian", "vocab_size": 1000}, "padding_idx must be within num_embeddings"),
    ({"model_type": "mt5", "feed_forward_proj": "gated-gelu-new"}, "feed_forward_proj: expected an activation name"),
    ({"model_type": "t5", "num_decoder_layers": -1}, "num_decoder_layers: expected a non-negative integer"),
]


@pytest.mark.parametrize("config,message", REFUSALS, ids=[m[:40] for _, m in REFUSALS])
def test_refusals(config, message):
    with pytest.raises(ParamsumError) as error:
        paramsum.summarize(config, source="config.json")
    assert message in str(error.value)
