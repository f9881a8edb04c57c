"""ViT modules (transformers' modeling_vit): patch embedding, encoder layers, pooler."""

from __future__ import annotations

from ..args import Arg, boolean, int_tuple, optional, positive_int
from ..base import Weight, dim, register
from .common import HFModule, linear_weights, norm_weights

pair = int_tuple(2)


@register
class ViTEmbeddings(HFModule):
    """[CLS] token, Conv2d patch projection, position embeddings: (N, C, H, W) → (N, patches + 1, hidden_size)."""

    input_ranks = (4,)

    hidden_size = Arg(positive_int)
    image_size = Arg(pair)
    patch_size = Arg(pair)
    num_channels = Arg(positive_int)
    use_mask_token = Arg(boolean, False)  # a model argument (ViTForMaskedImageModeling), not a config field

    def patches(self):
        return (self.image_size[0] // self.patch_size[0]) * (self.image_size[1] // self.patch_size[1])

    def make_weights(self, shape):
        if shape[1] != self.num_channels or tuple(shape[2:]) != self.image_size:
            raise self.shape_error(shape, f"the model takes images of {self.num_channels} × "
                                          f"{self.image_size[0]} × {self.image_size[1]}")
        size = self.hidden_size
        weights = [Weight("cls_token", (1, 1, size))]
        if self.use_mask_token:
            weights.append(Weight("mask_token", (1, 1, size)))
        weights.append(Weight("position_embeddings", (1, dim(self.patches()) + 1, size)))
        return weights + [Weight("patch_embeddings.projection.weight", (size, self.num_channels, *self.patch_size)),
                          Weight("patch_embeddings.projection.bias", (size,))]

    def compute_output_shape(self, shape):
        return (shape[0], self.patches() + 1, self.hidden_size)


@register
class ViTLayer(HFModule):
    """Pre-norm block: q/k/v/o attention over num_attention_heads × head_dim, layernorm_before/after, MLP fc1/fc2.

    head_dim defaults to hidden_size // num_attention_heads, rounded down: transformers builds any size.
    """

    hidden_size = Arg(positive_int)
    num_attention_heads = Arg(positive_int)
    intermediate_size = Arg(positive_int)
    qkv_bias = Arg(boolean, True)
    head_dim = Arg(optional(positive_int), None)

    def make_weights(self, shape):
        size, inner = self.hidden(shape), self.intermediate_size
        heads = self.num_attention_heads * (self.head_dim or size // self.num_attention_heads)
        heads = size if heads == size else dim(self.num_attention_heads, heads // self.num_attention_heads)
        attention = [w for part in ("q_proj", "k_proj", "v_proj")
                     for w in linear_weights(f"attention.{part}", size, heads, self.qkv_bias)]
        attention += linear_weights("attention.o_proj", heads, size)
        return (attention + norm_weights("layernorm_before", size) + norm_weights("layernorm_after", size)
                + linear_weights("mlp.fc1", size, inner) + linear_weights("mlp.fc2", inner, size))


@register
class ViTPooler(HFModule):
    """A dense layer on the [CLS] token: (N, seq, hidden_size) → (N, pooler_output_size)."""

    input_ranks = (3,)

    hidden_size = Arg(positive_int)
    pooler_output_size = Arg(optional(positive_int), None)

    def out_size(self):
        return self.pooler_output_size or self.hidden_size

    def make_weights(self, shape):
        return linear_weights("dense", self.hidden(shape), self.out_size())

    def compute_output_shape(self, shape):
        return shape[:1] + (self.out_size(),)
