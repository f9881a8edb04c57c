"""clip_vision_model (CLIPVisionConfig): CLIP's vision tower alone, or under vision_model with visual_projection."""

from ..family import Family
from .clip import VISION, vision_tower


def build(family, rows, c, arch):
    if arch == "CLIPVisionModel":
        return vision_tower(rows, c, "", "CLIP")
    x = vision_tower(rows, c, "vision_model.", "CLIP")[1]
    rows.linear("visual_projection", x, c.size("hidden_size"), c.size("projection_dim"), bias=False)


FAMILY = Family("clip_vision_model", "CLIPVision", VISION, build, {"ModelWithProjection": None})
