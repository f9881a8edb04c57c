"""The modules of transformers' image models that no text model shares: patch embeddings, poolers,
window attention's relative position table, patch merging, channels-first norms, ConvNeXt layers.

Each takes explicit sizes (the reader reads them from config.json); `module` is the transformers
class it stands for, shown as the row's type.
"""

from __future__ import annotations

import math

from ..args import Arg, boolean, int_tuple, nonneg_int, optional, positive_int, string
from ..base import Weight, dim, product, register
from .common import HFLinear, HFModule
from .parts import Part, linear

__all__ = ["PatchEmbeddings", "FirstTokenPooler", "RelativePositionBias", "PatchMerging", "SequencePooler",
           "PooledLinear", "ChannelsFirstNorm", "MeanPooledNorm", "ConvNextBlock", "PixelDecoder"]

pair = int_tuple(2)


def names(value):
    """A list of names (a single name is a list of one)."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, (list, tuple)):
        return tuple(string(v) for v in value)
    raise ValueError("expected a list of names")


class VisionModule(HFModule):
    """A module shown as the transformers class `module`."""

    module = Arg(optional(string), None)

    def check(self):
        if self.module:
            self.type = self.module


@register
class PatchEmbeddings(VisionModule):
    """A Conv2d patch projection, learned tokens before the patches, position embeddings, a norm.

    (N, C, H, W) → (N, tokens + patches, hidden_size). `tokens` are the learned tokens put
    before the patches (ViT's cls_token; DeiT's cls_token and distillation_token);
    `positions`: a position embedding per patch and token; `mask_token`: masked image
    modeling's; `norm`: the LayerNorm after the projection (Swin's "norm"). With `pad`
    the image is padded to whole patches (Swin), else it must be image_size exactly.
    """

    input_ranks = (4,)

    hidden_size = Arg(positive_int)
    image_size = Arg(pair)
    patch_size = Arg(pair)
    num_channels = Arg(positive_int)
    tokens = Arg(names, ())
    positions = Arg(boolean, True)
    mask_token = Arg(boolean, False)
    norm = Arg(optional(string), None)
    pad = Arg(boolean, False)

    def patches(self):
        return (self.image_size[0] // self.patch_size[0]) * (self.image_size[1] // self.patch_size[1])

    def make_weights(self, shape):
        if shape[1] != self.num_channels or (not self.pad and tuple(shape[2:]) != self.image_size):
            raise self.shape_error(shape, f"the model takes images of {self.num_channels} × "
                                          f"{self.image_size[0]} × {self.image_size[1]}")
        size, first, *others = self.hidden_size, *(self.tokens or (None,))
        out = [Weight(first, (1, 1, size))] if first else []
        out += [Weight("mask_token", (1, 1, size))] if self.mask_token else []
        if self.positions:
            out.append(Weight("position_embeddings", (1, dim(self.patches()) + len(self.tokens), size)))
        out += [Weight(name, (1, 1, size)) for name in others]
        out += [Weight("patch_embeddings.projection.weight", (size, self.num_channels, *self.patch_size)),
                Weight("patch_embeddings.projection.bias", (size,))]
        return out + ([Weight(f"{self.norm}.weight", (size,)), Weight(f"{self.norm}.bias", (size,))]
                      if self.norm else [])

    def grid(self, shape):
        """The patches along height and width (with `pad`, the image padded to whole patches)."""
        rounded = (lambda s, p: -(-s // p)) if self.pad else (lambda s, p: s // p)
        return tuple(None if s is None else rounded(s, p) for s, p in zip(shape[2:], self.patch_size))

    def compute_output_shape(self, shape):
        height, width = self.grid(shape)
        length = None if height is None or width is None else height * width + len(self.tokens)
        return (shape[0], length, self.hidden_size)

    def make_macs(self, shape, output):
        """The projection: each patch through hidden_size kernels of channels × patch height × patch width."""
        return product(shape[0], *self.grid(shape), self.hidden_size, self.num_channels, *self.patch_size)


@register
class FirstTokenPooler(VisionModule):
    """A dense layer (and tanh) on the first token: (N, seq, hidden_size) → (N, pooler_output_size)."""

    input_ranks = (3,)

    hidden_size = Arg(positive_int)
    pooler_output_size = Arg(optional(positive_int), None)

    def out_size(self):
        return self.pooler_output_size or self.hidden_size

    def make_weights(self, shape):
        return linear("dense", self.hidden(shape), self.out_size(), bias=True)

    def compute_output_shape(self, shape):
        return shape[:1] + (self.out_size(),)

    def make_macs(self, shape, output):
        return product(shape[0], self.hidden(shape), self.out_size())


@register
class RelativePositionBias(Part):
    """A block part: window attention's learned bias per head and relative position within a window.

    relative_position_bias_table ((2 Wh - 1)(2 Ww - 1), heads) and the int64 index buffer
    relative_position_index (Wh Ww Wh Ww,).
    """

    hidden_size = Arg(optional(positive_int), None)
    num_heads = Arg(positive_int)
    window_size = Arg(pair)

    def weights(self, size):
        height, width = self.window_size
        return [Weight("relative_position_bias_table", (dim(2 * height - 1, 2 * width - 1), self.num_heads)),
                Weight("relative_position_index", (dim(height, width, height, width),), buffer=True,
                       dtype="int64")]

    def macs(self, shape):
        return 0  # a lookup, added to the scores


@register
class PatchMerging(VisionModule):
    """Swin's downsampling: 2 × 2 neighbouring patches concatenated, normed and reduced to twice the width.

    (N, H·W, C) → (N, ⌈H/2⌉·⌈W/2⌉, 2C) for the patch grid `resolution` (H, W).
    """

    input_ranks = (3,)

    hidden_size = Arg(positive_int)
    resolution = Arg(pair)

    def make_weights(self, shape):
        size = self.hidden(shape)
        return (linear("reduction", dim(4, size), dim(2, size)) + [Weight("norm.weight", (dim(4, size),)),
                                                                    Weight("norm.bias", (dim(4, size),))])

    def compute_output_shape(self, shape):
        height, width = ((s + 1) // 2 for s in self.resolution)
        return (shape[0], height * width, 2 * self.hidden_size)

    def make_macs(self, shape, output):
        height, width = ((s + 1) // 2 for s in self.resolution)
        return product(shape[0], height * width, 4 * self.hidden_size, 2 * self.hidden_size)


@register
class SequencePooler(VisionModule):
    """AdaptiveAvgPool1d(1) over the tokens of (N, L, C) transposed: (N, C, 1)."""

    input_ranks = (3,)

    def compute_output_shape(self, shape):
        return (shape[0], shape[2], 1)


@register
class PooledLinear(HFLinear):
    """A classifier on a pooled (N, C, 1) output, flattened to (N, C) first."""

    def token(self, shape):
        return shape[:2] if len(shape) == 3 and shape[2] == 1 else super().token(shape)


@register
class ChannelsFirstNorm(VisionModule):
    """A LayerNorm over the channels of (N, C, H, W) (ConvNextLayerNorm, data_format="channels_first")."""

    input_ranks = (4,)

    hidden_size = Arg(positive_int)

    def make_weights(self, shape):
        size = self.agree("hidden_size", self.hidden_size, shape[1], "channels (axis 1)")
        return [Weight("weight", (size,)), Weight("bias", (size,))]


@register
class MeanPooledNorm(VisionModule):
    """A LayerNorm over hidden_size on the spatial mean of (N, C, H, W): (N, hidden_size).

    transformers sizes it from the last of hidden_sizes whatever the channels of the last stage built."""

    input_ranks = (4,)

    hidden_size = Arg(positive_int)

    def make_weights(self, shape):
        return [Weight("weight", (self.hidden_size,)), Weight("bias", (self.hidden_size,))]

    def compute_output_shape(self, shape):
        return (shape[0], self.hidden_size)


@register
class ConvNextBlock(VisionModule):
    """A ConvNeXt layer on (N, C, H, W): a depthwise k × k conv, a LayerNorm, pointwise up and down
    (pwconv1/pwconv2, Linear), and with `layer_scale` a learned scale per channel."""

    input_ranks = (4,)

    hidden_size = Arg(positive_int)
    intermediate_size = Arg(positive_int)
    kernel_size = Arg(positive_int, 7)
    layer_scale = Arg(boolean, True)

    def make_weights(self, shape):
        size = self.agree("hidden_size", self.hidden_size, shape[1], "channels (axis 1)")
        inner, kernel = self.intermediate_size, self.kernel_size
        out = [Weight("dwconv.weight", (size, 1, kernel, kernel)), Weight("dwconv.bias", (size,)),
               Weight("layernorm.weight", (size,)), Weight("layernorm.bias", (size,))]
        out += linear("pwconv1", size, inner, bias=True) + linear("pwconv2", inner, size, bias=True)
        return out + ([Weight("layer_scale_parameter", (size,))] if self.layer_scale else [])

    def make_macs(self, shape, output):
        """The depthwise k × k conv (padded: every pixel), then pwconv1 and pwconv2 on every pixel."""
        pixels = product(*shape[:1], *shape[2:])
        return product(pixels, shape[1], self.kernel_size ** 2 + 2 * self.intermediate_size)


@register
class PixelDecoder(VisionModule):
    """SimMIM's decoder (an nn.Sequential): the patch tokens as a square grid, a 1 × 1 Conv2d to
    stride² × channels ("0"), PixelShuffle(stride) ("1"): (N, skip + h², C) → (N, channels, stride·h, stride·h).
    `skip`: the learned tokens before the patches."""

    input_ranks = (3,)

    hidden_size = Arg(positive_int)
    encoder_stride = Arg(positive_int)
    num_channels = Arg(positive_int)
    skip = Arg(nonneg_int, 0)

    def make_weights(self, shape):
        size, out = self.hidden(shape), dim(self.encoder_stride, self.encoder_stride, self.num_channels)
        return [Weight("0.weight", (out, size, 1, 1)), Weight("0.bias", (out,))]

    def make_macs(self, shape, output):
        """The 1 × 1 conv on every patch (the learned tokens skipped)."""
        patches = None if shape[1] is None else shape[1] - self.skip
        return product(shape[0], patches, self.hidden(shape), self.encoder_stride ** 2 * self.num_channels)

    def compute_output_shape(self, shape):
        side = None if shape[1] is None else math.isqrt(shape[1] - self.skip) * self.encoder_stride
        return (shape[0], self.num_channels, side, side)
