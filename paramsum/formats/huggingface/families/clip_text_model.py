"""clip_text_model (CLIPTextConfig): CLIP's text tower alone, or under text_model with text_projection."""

from ..family import Family
from .clip import TEXT, text_tower


def build(family, rows, c, arch):
    if arch == "CLIPTextModel":
        return text_tower(rows, c, "", "CLIP")
    x = text_tower(rows, c, "text_model.", "CLIP")
    rows.linear("text_projection", x, c.size("hidden_size"), c.size("projection_dim"), bias=False, first_token=True)


FAMILY = Family("clip_text_model", "CLIPText", TEXT, build, {"ModelWithProjection": None})
