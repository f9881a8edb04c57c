"""swin (configuration_swin.py, modeling_swin.py): stages of shifted-window blocks, patch merging between them."""

from ..config import ConfigClass
from ..family import Family, part
from ..vision import SwinBody, backbone, image_classifier, masked_image_decoder, stage_outputs

CONFIG = ConfigClass(
    {"image_size": 224, "patch_size": 4, "num_channels": 3, "embed_dim": 96, "depths": [2, 2, 6, 2],
     "num_heads": [3, 6, 12, 24], "window_size": 7, "mlp_ratio": 4.0, "qkv_bias": True,
     "use_absolute_embeddings": False, "encoder_stride": 32, "out_features": None, "out_indices": None},
    {"num_attention_heads": "num_heads", "_out_features": "out_features", "_out_indices": "out_indices"},
    derive=stage_outputs)


def block(c, size, heads, window, inner, grid):
    # q, k and v are size × size whatever the heads (head_dim = size // heads).
    shape = {"num_attention_heads": heads} if size % heads == 0 else {"num_attention_heads": 1, "head_dim": size}
    return [part("Attention", "attention", hidden_size=size, bias=c.flag("qkv_bias"), o_bias=True,
                 windows=[window, *grid], **shape),
            part("RelativePositionBias", "attention.relative_position_bias", num_heads=heads, window_size=window),
            part("Norm", "layernorm_before", hidden_size=size, bias=True),
            part("Norm", "layernorm_after", hidden_size=size, bias=True),
            part("MLP", "mlp", hidden_size=size, intermediate_size=inner, bias=True)]


HEADS = {"ForImageClassification": image_classifier(pooled=True, linear="PooledLinear"),
         "ForMaskedImageModeling": masked_image_decoder(skip=0), "Backbone": backbone()}
FAMILY = Family("swin", "Swin", CONFIG, SwinBody(block), HEADS)
