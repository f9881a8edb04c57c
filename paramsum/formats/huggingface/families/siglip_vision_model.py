"""siglip_vision_model (SiglipVisionConfig): SigLIP's vision tower (and its pooling head) alone."""

from ..family import Family
from .siglip import VISION, vision

FAMILY = Family("siglip_vision_model", "SiglipVision", VISION, lambda family, rows, c, arch: vision(rows, c, ""), {})
