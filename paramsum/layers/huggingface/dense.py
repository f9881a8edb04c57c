"""Modules of the dense decoders that no shared part covers: Gemma's scaled token embedding."""

from __future__ import annotations

from ..args import Arg, string
from ..base import Weight, register
from ..torch.sparse import Embedding

__all__ = ["ScaledEmbedding"]


@register
class ScaledEmbedding(Embedding):
    """An nn.Embedding whose output is multiplied by a constant kept as a 0-d buffer, `embed_scale`.

    `module` is the transformers class it stands for (GemmaTextScaledWordEmbedding).
    """

    framework = "huggingface"
    module = Arg(string)

    def check(self):
        super().check()
        self.type = self.module

    def make_weights(self, shape):
        return super().make_weights(shape) + [Weight("embed_scale", (), buffer=True)]  # made in the model's dtype
