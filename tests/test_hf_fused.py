"""Fused-projection decoders (phi, phi3, stablelm, falcon, bloom, mpt, gpt_neox, gptj): odd sizes and refusals."""

from __future__ import annotations

import pytest

import paramsum
from paramsum import ParamsumError

ODD_SIZES = [  # totals transformers builds (meta device) for these configs
    ({"model_type": "phi", "hidden_size": 100, "num_attention_heads": 8, "num_hidden_layers": 1,
      "qk_layernorm": True}, 6_805_928),
    ({"model_type": "phi", "hidden_size": 96, "num_attention_heads": 8, "num_key_value_heads": 2,
      "num_hidden_layers": 1, "partial_rotary_factor": 0.33}, 6_520_016),
    ({"model_type": "phi", "num_hidden_layers": 1, "partial_rotary_factor": 1.5}, 155_215_872),
    ({"model_type": "phi3", "hidden_size": 100, "num_attention_heads": 8, "num_hidden_layers": 1,
      "num_key_value_heads": 4}, 5_693_100),
    ({"model_type": "phi3", "hidden_size": 96, "num_attention_heads": 8, "num_hidden_layers": 1, "head_dim": 16},
     5_486_880),
    ({"model_type": "falcon", "hidden_size": 64, "num_attention_heads": 8, "num_kv_heads": 2,
      "new_decoder_architecture": True, "parallel_attn": False, "num_hidden_layers": 1, "vocab_size": 100}, 49_792),
    ({"model_type": "falcon", "hidden_size": 64, "num_attention_heads": 8, "num_ln_in_parallel_attn": 2,
      "num_hidden_layers": 1, "vocab_size": 100}, 48_768),
    ({"model_type": "falcon", "hidden_size": 64, "num_attention_heads": 8, "num_kv_heads": 2, "multi_query": False,
      "num_hidden_layers": 1, "vocab_size": 100}, 55_808),  # num_kv_heads unused
    ({"model_type": "mpt", "d_model": 100, "n_heads": 8, "n_layers": 1}, 5_157_100),
    ({"model_type": "gpt_neox", "hidden_size": 96, "num_attention_heads": 4, "num_hidden_layers": 1,
      "rotary_pct": 0.5, "rope_scaling": {"type": "linear", "factor": 2.0}, "vocab_size": 100}, 4_790_688),
]


@pytest.mark.parametrize("config,total", ODD_SIZES)
def test_odd_sizes_as_transformers_builds_them(config, total):
    assert paramsum.summarize(config).totals.params == total


DEFAULT_MODELS = {  # AutoModel.from_config(AutoConfig.for_model(model_type)), on the meta device
    "phi": 1_313_361_920, "phi3": 3_722_578_944, "stablelm": 2_666_664_960, "falcon": 6_921_720_704,
    "bloom": 16_156_544, "mpt": 1_311_213_568, "gpt_neox": 20_244_713_472, "gptj": 5_844_393_984,
}


@pytest.mark.parametrize("model_type,total", DEFAULT_MODELS.items())
def test_missing_fields_take_the_config_class_defaults(model_type, total):
    assert paramsum.summarize({"model_type": model_type}).totals.params == total


def test_mpt_checkpoints_own_class_name_builds_the_transformers_class():
    summary = paramsum.summarize({"model_type": "mpt", "architectures": ["MPTForCausalLM"], "d_model": 32,
                                  "n_heads": 4, "n_layers": 1, "vocab_size": 99})
    assert [layer.name for layer in summary.layers][-1] == "lm_head"


REFUSALS = [
    ({"model_type": "gpt_neox", "hidden_size": 100, "num_attention_heads": 8},
     "hidden_size must be divisible by num_attention_heads"),
    ({"model_type": "falcon", "hidden_size": 100, "num_attention_heads": 8},
     "hidden_size must be divisible by num_attention_heads"),
    ({"model_type": "stablelm", "hidden_size": 100, "num_attention_heads": 8},
     "hidden_size must be divisible by num_attention_heads"),
    ({"model_type": "bloom", "hidden_size": 100, "n_head": 8}, "hidden_size must be divisible by n_head"),
    ({"model_type": "gptj", "n_embd": 100, "n_head": 8}, "n_embd must be divisible by n_head"),
    ({"model_type": "gptj", "rotary_dim": None}, "rotary_dim: expected a positive integer"),
    ({"model_type": "phi3", "vocab_size": 1000}, "pad_token_id must be within vocab_size"),
    ({"model_type": "phi", "partial_rotary_factor": "half"}, "partial_rotary_factor: expected a positive number"),
    ({"model_type": "phi3", "architectures": ["Phi3ForQuestionAnswering"]},
     "architecture 'Phi3ForQuestionAnswering' is not supported for model_type 'phi3'"),
]


@pytest.mark.parametrize("config,message", REFUSALS, ids=[m[:40] for _, m in REFUSALS])
def test_refusals_name_the_field(config, message):
    with pytest.raises(ParamsumError) as error:
        paramsum.summarize(config, source="config.json")
    assert message in str(error.value)
