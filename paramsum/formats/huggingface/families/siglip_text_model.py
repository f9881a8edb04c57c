"""siglip_text_model (SiglipTextConfig): SigLIP's text tower and its head alone."""

from ..family import Family
from .siglip import TEXT, text

FAMILY = Family("siglip_text_model", "SiglipText", TEXT, lambda family, rows, c, arch: text(rows, c, ""), {})
