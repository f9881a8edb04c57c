"""siglip (configuration_siglip.py, modeling_siglip.py): CLIP's towers with SigLIP's heads, logit_scale and logit_bias.

The text tower ends in a biased Linear `head` (projection_size, default hidden_size) on
the last token; the vision tower has no class embedding, a biased patch Conv2d, no
pre-norm, and (vision_use_head) an attention-pooling head.
"""

from ..config import ConfigClass, divisible, steps
from ..family import Family
from .clip import HEADS, classifier, sub_config, text_tower, vision_tower


def projection(values):
    if values.get("projection_size") is None:
        values["projection_size"] = values["hidden_size"]


TEXT = ConfigClass({"vocab_size": 32000, "hidden_size": 768, "intermediate_size": 3072, "num_hidden_layers": 12,
                    "num_attention_heads": 12, "max_position_embeddings": 64, "projection_size": None},
                   derive=steps(projection, divisible(*HEADS)))
VISION = ConfigClass({"hidden_size": 768, "intermediate_size": 3072, "num_hidden_layers": 12, "num_attention_heads": 12,
                      "num_channels": 3, "image_size": 224, "patch_size": 16, "vision_use_head": True},
                     derive=divisible(*HEADS))
CONFIG = ConfigClass({"text_config": None, "vision_config": None})


def text(rows, t, prefix):
    x = text_tower(rows, t, prefix, "Siglip")
    return rows.linear(f"{prefix}head", x, t.size("hidden_size"), t.size("projection_size"), first_token=True)


def vision(rows, t, prefix):
    """The tower, then its pooling head when vision_use_head → post_layernorm's output (every patch)."""
    x = vision_tower(rows, t, prefix, "Siglip", siglip=True)[1]
    if t.flag("vision_use_head"):
        rows.part(f"{prefix}head", "AttentionPoolingHead", x, module="SiglipMultiheadAttentionPoolingHead",
                  hidden_size=t.size("hidden_size"), intermediate_size=t.size("intermediate_size"))
    return x


def build(family, rows, c, arch):
    vision_config = sub_config(c, "vision_config", VISION, legacy_dict=False)
    if arch == "SiglipForImageClassification":  # a Linear on the mean of the patches
        return classifier(rows, c, vision_config, vision(rows, vision_config, "vision_model."))
    x = text(rows, sub_config(c, "text_config", TEXT, legacy_dict=False), "text_model.")
    vision(rows, vision_config, "vision_model.")
    for name in ("logit_scale", "logit_bias"):
        rows.part(name, "Parameter", x, shape=[1], similarity=name == "logit_scale")


FAMILY = Family("siglip", "Siglip", CONFIG, build, {"ForImageClassification": None})
