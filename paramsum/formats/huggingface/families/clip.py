"""clip (configuration_clip.py, modeling_clip.py): a text and a vision transformer, their projections, logit_scale.

The towers (text_config, vision_config: CLIPTextConfig's and CLIPVisionConfig's defaults
where missing; an old file's text_config_dict wins) are pre-norm encoders of
CLIPEncoderLayer; siglip and the single-tower model types build theirs from these rows.
"""

from ....errors import ParamsumError
from ..config import Config, ConfigClass, divisible
from ..family import Family, mlp, norm, part

HEADS = "hidden_size", "num_attention_heads"
TEXT = ConfigClass({"vocab_size": 49408, "hidden_size": 512, "intermediate_size": 2048, "projection_dim": 512,
                    "num_hidden_layers": 12, "num_attention_heads": 8, "max_position_embeddings": 77},
                   derive=divisible(*HEADS))
VISION = ConfigClass({"hidden_size": 768, "intermediate_size": 3072, "projection_dim": 512, "num_hidden_layers": 12,
                      "num_attention_heads": 12, "num_channels": 3, "image_size": 224, "patch_size": 32},
                     derive=divisible(*HEADS))
CONFIG = ConfigClass({"text_config": None, "vision_config": None, "projection_dim": 512})


def sub_config(c, key, config_class, legacy_dict=True):
    """text_config or vision_config over its class's defaults (CLIP: <key>_dict, when given, wins)."""
    data = c.get(f"{key}_dict") if legacy_dict else None
    data = c.get(key) if data is None else data
    if data is not None and not isinstance(data, dict):
        raise ParamsumError(f"{key}: expected a mapping of config fields; received: {data!r}")
    try:
        return Config(data or {}, config_class)
    except ParamsumError as error:
        error.message = f"{key}: {error.message}"
        error.args = (error.message,)
        raise


def encoder(rows, t, prefix, cls, x):
    """encoder.layers.N: attention (q, k, v, out_proj with biases), layer_norm1, mlp (fc1, fc2), layer_norm2."""
    size = t.size("hidden_size")
    parts = [part("Attention", "self_attn", hidden_size=size, num_attention_heads=t.size("num_attention_heads"),
                  bias=True, names=["q_proj", "k_proj", "v_proj", "out_proj"]),
             norm(t, "layer_norm1", bias=True), mlp(t, bias=True), norm(t, "layer_norm2", bias=True)]
    for index in range(t.depth("num_hidden_layers")):
        x = rows.part(f"{prefix}encoder.layers.{index}", "Block", x, module=f"{cls}EncoderLayer", hidden_size=size,
                      parts=parts)
    return x


def layer_norm(rows, name, t, x, kind="Norm"):
    return rows.part(name, kind, x, module="LayerNorm", hidden_size=t.size("hidden_size"), bias=True)


def text_tower(rows, t, prefix, cls):
    """embeddings, encoder, final_layer_norm → its output (every token)."""
    x = rows.part(f"{prefix}embeddings", "TextEmbeddings", rows.input("input_ids", [None]),
                  module=f"{cls}TextEmbeddings", hidden_size=t.size("hidden_size"), vocab_size=t.count("vocab_size"),
                  max_position_embeddings=t.size("max_position_embeddings"))
    return layer_norm(rows, f"{prefix}final_layer_norm", t, encoder(rows, t, prefix, cls, x))


def vision_tower(rows, t, prefix, cls, siglip=False):
    """embeddings, CLIP's pre_layrnorm, encoder, post_layernorm (CLIP's on the class token) → (encoder, norm)."""
    channels, image = t.size("num_channels"), t.size("image_size")
    x = rows.part(f"{prefix}embeddings", "TowerPatchEmbeddings", rows.input("pixel_values", [channels, image, image]),
                  module=f"{cls}VisionEmbeddings", hidden_size=t.size("hidden_size"), image_size=image,
                  patch_size=t.size("patch_size"), num_channels=channels, class_embedding=not siglip,
                  patch_bias=siglip)
    if not siglip:
        x = layer_norm(rows, f"{prefix}pre_layrnorm", t, x)
    x = encoder(rows, t, prefix, cls, x)
    return x, layer_norm(rows, f"{prefix}post_layernorm", t, x, "Norm" if siglip else "FirstTokenNorm")


def classifier(rows, c, v, x):
    """ForImageClassification: a Linear on the mean of the patch tokens (none when num_labels is 0)."""
    if c.num_labels:
        rows.linear("classifier", x, v.size("hidden_size"), c.num_labels, first_token=True)


def build(family, rows, c, arch):
    text, vision = sub_config(c, "text_config", TEXT), sub_config(c, "vision_config", VISION)
    if arch == "CLIPForImageClassification":
        return classifier(rows, c, vision, vision_tower(rows, vision, "vision_model.", "CLIP")[0])
    words = text_tower(rows, text, "text_model.", "CLIP")
    image = vision_tower(rows, vision, "vision_model.", "CLIP")[1]
    size = c.size("projection_dim")
    rows.linear("visual_projection", image, vision.size("hidden_size"), size, bias=False)
    x = rows.linear("text_projection", words, text.size("hidden_size"), size, bias=False, first_token=True)
    rows.part("logit_scale", "Parameter", x, shape=[], similarity=True)


FAMILY = Family("clip", "CLIP", CONFIG, build, {"ForImageClassification": None})
