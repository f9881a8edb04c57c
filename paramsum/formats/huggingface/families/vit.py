"""vit (configuration_vit.py, modeling_vit.py): [CLS] + patches, pre-norm blocks of q/k/v/o attention and fc1/fc2."""

from ..config import ConfigClass
from ..family import Family, part
from ..vision import ViTBody, image_classifier, masked_image_decoder

CONFIG = ConfigClass(
    {"hidden_size": 768, "num_hidden_layers": 12, "num_attention_heads": 12, "intermediate_size": 3072,
     "image_size": 224, "patch_size": 16, "num_channels": 3, "qkv_bias": True, "encoder_stride": 16,
     "pooler_output_size": None})


def block(c, index):
    """head_dim = hidden_size // num_attention_heads unless the config has one (rounded down: any size builds)."""
    size = c.size("hidden_size")
    return [part("Attention", "attention", hidden_size=size, num_attention_heads=c.size("num_attention_heads"),
                 head_dim=c.optional("head_dim"), bias=c.flag("qkv_bias"), o_bias=True),
            part("Norm", "layernorm_before", hidden_size=size, bias=True),
            part("Norm", "layernorm_after", hidden_size=size, bias=True),
            part("MLP", "mlp", hidden_size=size, intermediate_size=c.size("intermediate_size"), bias=True)]


HEADS = {"ForImageClassification": image_classifier(), "ForMaskedImageModeling": masked_image_decoder(skip=1)}
FAMILY = Family("vit", "ViT", CONFIG, ViTBody(block), HEADS)
