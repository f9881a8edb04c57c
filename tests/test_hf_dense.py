"""The dense decoders' config classes: defaults as transformers builds them, and the values it refuses."""

from __future__ import annotations

import pytest

import paramsum
from paramsum import ParamsumError

DEFAULT_MODELS = {  # AutoModel.from_config(AutoConfig.for_model(model_type)), on the meta device
    "qwen3": 11_427_131_392, "gemma": 8_537_680_896, "gemma2": 2_614_341_888, "gemma3_text": 2_628_658_432,
    "cohere": 34_980_831_232, "granite": 6_607_343_616,
    "olmo": 6_682_050_560, "olmo2": 6_682_578_944,
    "starcoder2": 3_030_371_328,
}


@pytest.mark.parametrize("model_type,total", DEFAULT_MODELS.items())
def test_missing_fields_take_the_config_class_defaults(model_type, total):
    assert paramsum.summarize({"model_type": model_type}).totals.params == total


REFUSALS = [
    ({"model_type": "gemma2", "hidden_size": 100, "num_attention_heads": 8},
     "hidden_size must be divisible by num_attention_heads"),
    ({"model_type": "gemma3_text", "hidden_size": 100, "num_attention_heads": 8},
     "hidden_size must be divisible by num_attention_heads"),
    ({"model_type": "gemma3_text", "num_hidden_layers": 3, "layer_types": ["full_attention"] * 2},
     "`num_hidden_layers` (3) must be equal to the number of `layer_types` (2)"),
    *(({"model_type": t, "num_hidden_layers": 2, "layer_types": ["full_attention"]},
       "`num_hidden_layers` (2) must be equal to the number of `layer_types` (1)")
      for t in ("qwen3", "gemma", "gemma2", "cohere", "granite", "olmo", "olmo2", "starcoder2")),
    ({"model_type": "gemma3_text", "sliding_window_pattern": 0}, "sliding_window_pattern: expected a positive integer"),
]


@pytest.mark.parametrize("config,message", REFUSALS, ids=[m[:40] for _, m in REFUSALS])
def test_refusals_name_the_field(config, message):
    with pytest.raises(ParamsumError) as error:
        paramsum.summarize(config, source="config.json")
    assert message in str(error.value)
