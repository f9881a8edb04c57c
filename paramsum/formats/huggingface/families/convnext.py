"""convnext (configuration_convnext.py, modeling_convnext.py): a patchify stem, stages of depthwise-conv layers."""

from ..config import ConfigClass
from ..family import Family
from ..vision import ConvNextBody, backbone, image_classifier, stage_outputs

CONFIG = ConfigClass(
    {"num_channels": 3, "patch_size": 4, "num_stages": 4, "hidden_sizes": [96, 192, 384, 768],
     "depths": [3, 3, 9, 3], "layer_scale_init_value": 1e-6, "image_size": 224, "out_features": None,
     "out_indices": None},
    {"num_hidden_layers": "num_stages", "_out_features": "out_features", "_out_indices": "out_indices"},
    derive=stage_outputs)

HEADS = {"ForImageClassification": image_classifier(pooled=True), "Backbone": backbone(body="")}
FAMILY = Family("convnext", "ConvNext", CONFIG, ConvNextBody(), HEADS)
