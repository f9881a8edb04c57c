"""Encoder model types (albert, electra, deberta-v2, modernbert): defaults, odd sizes and refusals.

Totals printed by transformers for these configs (built on the meta device); the
refusals are the ones transformers raises when it builds the model.
"""

from __future__ import annotations

import pytest

import paramsum
from paramsum import ParamsumError

DEFAULTS = {"albert": 222_595_584, "electra": 13_483_008, "deberta-v2": 877_507_584, "modernbert": 149_014_272}


@pytest.mark.parametrize("model_type,total", DEFAULTS.items())
def test_missing_fields_take_the_config_class_defaults(model_type, total):
    assert paramsum.summarize({"model_type": model_type}).totals.params == total


ODD = [
    # ALBERT's output dense stays hidden × hidden when the heads do not divide hidden_size.
    ({"model_type": "albert", "architectures": ["AlbertForPreTraining"], "hidden_size": 100,
      "num_attention_heads": 8, "num_hidden_layers": 1, "num_labels": 3}, 7_305_407),
    # More groups than layers: every group is built, each counted once; untied decoder weight and bias.
    ({"model_type": "albert", "architectures": ["AlbertForMaskedLM"], "tie_word_embeddings": False,
      "num_hidden_groups": 3, "inner_group_num": 2, "num_hidden_layers": 2, "hidden_size": 256,
      "num_attention_heads": 4, "intermediate_size": 512}, 11_034_848),
    ({"model_type": "electra", "architectures": ["ElectraForSequenceClassification"], "hidden_size": 100,
      "num_attention_heads": 8, "embedding_size": 100, "num_labels": 5}, 6_060_549),
    ({"model_type": "electra", "summary_type": "attn"}, 13_483_008),  # only the choice head reads it
    ({"model_type": "deberta-v2", "architectures": ["DebertaV2ForMultipleChoice"], "hidden_size": 64,
      "num_attention_heads": 4, "attention_head_size": 20, "relative_attention": True, "pos_att_type": "c2p|p2c",
      "num_hidden_layers": 2, "embedding_size": 48, "conv_kernel_size": 5, "conv_groups": 4}, 7_897_761),
    ({"model_type": "modernbert", "architectures": ["ModernBertForSequenceClassification"], "num_labels": 7,
      "num_hidden_layers": 4,
      "layer_types": ["full_attention", "sliding_attention", "sliding_attention", "full_attention"]}, 59_339_527),
]


@pytest.mark.parametrize("config,total", ODD)
def test_odd_configs_as_transformers_builds_them(config, total):
    assert paramsum.summarize(config).totals.params == total


REFUSED = [
    ({"model_type": "deberta-v2", "hidden_size": 100, "num_attention_heads": 8}, "divisible by num_attention_heads"),
    ({"model_type": "modernbert", "hidden_size": 100, "num_attention_heads": 8}, "divisible by num_attention_heads"),
    ({"model_type": "electra", "add_cross_attention": True}, "is_decoder"),
    ({"model_type": "electra", "architectures": ["ElectraForMultipleChoice"], "summary_type": "attn"},
     "not implemented"),
    ({"model_type": "deberta-v2", "hidden_size": 64, "num_attention_heads": 4, "num_hidden_layers": 1,
      "conv_kernel_size": 3, "conv_groups": 5}, "divisible by groups"),
]


@pytest.mark.parametrize("config,reason", REFUSED)
def test_refused_as_transformers_refuses(config, reason):
    with pytest.raises(ParamsumError, match=reason):
        paramsum.summarize(config)


def test_albert_shared_layers_are_rows_once():
    summary = paramsum.summarize({"model_type": "albert", "num_hidden_layers": 12, "num_hidden_groups": 1})
    names = [layer.name for layer in summary.layers]
    assert names.count("encoder.albert_layer_groups.0.albert_layers.0") == 1
    assert not any(".albert_layers.1" in name for name in names)
