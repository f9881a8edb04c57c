"""Image models (vit, deit, swin, convnext): defaults, odd sizes and refusals, against transformers' totals."""

from __future__ import annotations

import pytest

import paramsum
from paramsum import ParamsumError

DEFAULT_MODELS = {  # AutoModel.from_config(AutoConfig.for_model(model_type)), on the meta device
    "deit": 86_390_784, "swin": 27_519_354, "convnext": 27_820_128,
}


@pytest.mark.parametrize("model_type,total", DEFAULT_MODELS.items())
def test_missing_fields_take_the_config_class_defaults(model_type, total):
    assert paramsum.summarize({"model_type": model_type}).totals.params == total


ODD_SIZES = [  # totals transformers builds (meta device)
    ({"model_type": "swin", "architectures": ["SwinModel"], "embed_dim": 10, "num_heads": [3, 4, 6, 7]}, 315_626),
    ({"model_type": "swin", "architectures": ["SwinForImageClassification"], "depths": [2, 2, 2],
      "num_heads": [2, 4, 8], "image_size": [224, 160], "num_labels": 7, "mlp_ratio": 3}, 4_270_883),
    ({"model_type": "swin", "architectures": ["SwinModel"], "use_absolute_embeddings": True, "image_size": 230},
     27_831_258),
    ({"model_type": "swin", "architectures": ["SwinBackbone"], "out_indices": [0, 1, 2, 3, 4]}, 27_522_426),
    ({"model_type": "convnext", "architectures": ["ConvNextForImageClassification"], "num_stages": 2}, 1_238_114),
    ({"model_type": "convnext", "architectures": ["ConvNextModel"], "patch_size": [4, 2],
      "layer_scale_init_value": 0.0}, 27_811_200),
    ({"model_type": "vit", "architectures": ["ViTForImageClassification"], "head_dim": 32, "num_labels": 0},
     71_629_056),
    ({"model_type": "deit", "architectures": ["DeiTModel"], "pooler_output_size": 100}, 85_877_092),
]


@pytest.mark.parametrize("config,total", ODD_SIZES)
def test_odd_sizes_as_transformers_builds_them(config, total):
    assert paramsum.summarize(config).totals.params == total


REFUSALS = [
    ({"model_type": "swin", "num_heads": [3, 6]}, "num_heads has 2 entries for 4 stages"),
    ({"model_type": "swin", "depths": [2, -1]}, "depths: expected a non-negative integer"),
    ({"model_type": "swin", "mlp_ratio": "4"}, "mlp_ratio: expected a number"),
    ({"model_type": "swin", "architectures": ["SwinBackbone"], "out_features": ["stage2", "stage1"]},
     "out_features must be a subset of stage_names"),
    ({"model_type": "swin", "architectures": ["SwinBackbone"], "out_indices": [7]},
     "out_indices must be valid indices for stage_names"),
    ({"model_type": "convnext", "depths": [3, 3]}, "depths has 2 entries for 4 stages"),
    ({"model_type": "convnext", "architectures": ["ConvNextForImageClassification"], "out_features": ["stage9"]},
     "out_features must be a subset of stage_names"),
    ({"model_type": "convnext", "layer_scale_init_value": 0}, "layer_scale_init_value: expected a float"),
    ({"model_type": "convnext", "architectures": ["ConvNextBackbone"]}, "ConvNextBackbone needs hidden_sizes"),
    ({"model_type": "deit", "patch_size": [16]}, "patch_size: expected an integer or a list of 2 integers"),
]


@pytest.mark.parametrize("config,message", REFUSALS, ids=[m[:40] for _, m in REFUSALS])
def test_refusals_name_the_field(config, message):
    with pytest.raises(ParamsumError) as error:
        paramsum.summarize(config, source="config.json")
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_the_input_is_an_image_of_image_size():
    summary = paramsum.summarize({"model_type": "vit", "image_size": 384, "architectures": ["ViTModel"]})
    assert (summary.layers[0].name, summary.layers[0].output_shape) == ("embeddings", (None, 577, 768))
