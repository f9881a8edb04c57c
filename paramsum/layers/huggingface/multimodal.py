"""Modules of the image-text and speech models (CLIP, SigLIP, wav2vec 2.0) that no other family shares.

Text and patch embeddings, SigLIP's attention-pooling head, a norm on the pooled token,
wav2vec 2.0's convolutional feature encoder, feature projection, positional convolution
and vector quantizer, and `Parameter`: a bare nn.Parameter of a model (CLIP's
logit_scale), a row whose path is the parameter's own name.
"""

from __future__ import annotations

from ..args import Arg, boolean, choice, nonneg_int, optional, positive_int, string
from ..base import Weight, dim, product, register
from .common import HFModule, id_buffer, linear_weights, norm_weights
from .parts import Norm

__all__ = ["TextEmbeddings", "TowerPatchEmbeddings", "FirstTokenNorm", "AttentionPoolingHead",
           "FeatureConv", "FeatureProjection", "PositionalConv", "Quantizer", "AdapterConv", "TDNN", "StatisticsLinear",
           "AMSoftmax"]


class Module(HFModule):
    """A transformers module shown as `module` (its class name)."""

    module = Arg(optional(string), None)

    def check(self):
        if self.module:
            self.type = self.module


@register
class TextEmbeddings(Module):
    """Token and position embeddings (position_ids a buffer): token ids (N, seq) → (N, seq, hidden_size)."""

    input_ranks = (2,)

    hidden_size = Arg(positive_int)
    vocab_size = Arg(nonneg_int)
    max_position_embeddings = Arg(positive_int)

    def make_weights(self, shape):
        size, positions = self.hidden_size, self.max_position_embeddings
        return [Weight("token_embedding.weight", (self.vocab_size, size), table=True),
                Weight("position_embedding.weight", (positions, size), table=True),
                id_buffer("position_ids", positions)]

    def compute_output_shape(self, shape):
        return (*shape, self.hidden_size)


@register
class TowerPatchEmbeddings(Module):
    """A Conv2d over patches, a class embedding when `class_embedding`, position embeddings (position_ids a buffer).

    Images (N, C, S, S) → (N, patches (+ 1), hidden_size), patches = (S // patch_size)².
    """

    input_ranks = (4,)

    hidden_size = Arg(positive_int)
    image_size = Arg(positive_int)
    patch_size = Arg(positive_int)
    num_channels = Arg(positive_int)
    class_embedding = Arg(boolean, False)
    patch_bias = Arg(boolean, False)

    def positions(self):
        return (self.image_size // self.patch_size) ** 2 + self.class_embedding

    def make_weights(self, shape):
        size, patch = self.hidden_size, self.patch_size
        positions = self.positions()
        out = [Weight("class_embedding", (size,))] if self.class_embedding else []
        out.append(Weight("patch_embedding.weight", (size, self.num_channels, patch, patch)))
        out += [Weight("patch_embedding.bias", (size,))] if self.patch_bias else []
        return out + [Weight("position_embedding.weight", (dim(positions), size), table=True),
                      id_buffer("position_ids", positions)]

    def compute_output_shape(self, shape):
        return (shape[0], self.positions(), self.hidden_size)

    def make_macs(self, shape, output):
        patches = (self.image_size // self.patch_size) ** 2
        return product(shape[0], patches, self.hidden_size, self.num_channels, self.patch_size ** 2)


@register
class FirstTokenNorm(Norm):
    """A norm on one token of each sequence (CLIP's post_layernorm on the class token): (N, seq, H) → (N, H)."""

    def compute_output_shape(self, shape):
        return shape[:1] + shape[2:]


@register
class AttentionPoolingHead(Module):
    """SigLIP's pooling head: a probe token attends over the sequence (nn.MultiheadAttention), then norm and MLP.

    (N, seq, hidden_size) → (N, hidden_size).
    """

    input_ranks = (3,)

    hidden_size = Arg(positive_int)
    intermediate_size = Arg(positive_int)

    def make_weights(self, shape):
        size = self.hidden(shape)
        return ([Weight("probe", (1, 1, size)), Weight("attention.in_proj_weight", (dim(3, size), size)),
                 Weight("attention.in_proj_bias", (dim(3, size),))] + linear_weights("attention.out_proj", size, size)
                + norm_weights("layernorm", size) + linear_weights("mlp.fc1", size, self.intermediate_size)
                + linear_weights("mlp.fc2", self.intermediate_size, size))

    def compute_output_shape(self, shape):
        return shape[:1] + shape[2:]

    def make_macs(self, shape, output):
        """The probe's query and out_proj, keys and values of every token, QKᵀ and AV of one query (1 × seq
        per head: seq × hidden in all), the MLP on the pooled token."""
        size, tokens = self.hidden(shape), product(*shape[:2])
        return product(shape[0], 2 * size * size + 2 * size * self.intermediate_size) + product(
            tokens, 2 * size * size) + product(tokens, 2 * size)


@register
class FeatureConv(Module):
    """A Conv1d of wav2vec 2.0's feature encoder with its norm: none, GroupNorm (one group per channel) or LayerNorm.

    (N, in, T) → (N, out, (T − kernel) // stride + 1); the raw waveform (N, T) is one channel.
    """

    input_ranks = (2, 3)

    in_channels = Arg(positive_int)
    out_channels = Arg(positive_int)
    kernel_size = Arg(positive_int)
    stride = Arg(positive_int)
    bias = Arg(boolean, False)
    norm = Arg(optional(choice("group", "layer")), None)

    def make_weights(self, shape):
        out = [Weight("conv.weight", (self.out_channels, self.in_channels, self.kernel_size))]
        out += [Weight("conv.bias", (self.out_channels,))] if self.bias else []
        return out + (norm_weights("layer_norm", self.out_channels) if self.norm else [])

    def compute_output_shape(self, shape):
        length = shape[-1]
        if length is not None:
            length = (length - self.kernel_size) // self.stride + 1
        return (shape[0], self.out_channels, length)

    def make_macs(self, shape, output):
        return product(*output, self.in_channels, self.kernel_size)


@register
class FeatureProjection(Module):
    """LayerNorm over the conv features, then a Linear to hidden_size: (N, channels, T) → (N, T, hidden_size)."""

    input_ranks = (3,)

    in_features = Arg(positive_int)
    hidden_size = Arg(positive_int)

    def make_weights(self, shape):
        return norm_weights("layer_norm", self.in_features) + linear_weights("projection", self.in_features,
                                                                              self.hidden_size)

    def compute_output_shape(self, shape):
        return (shape[0], shape[2], self.hidden_size)

    def make_macs(self, shape, output):
        return product(shape[0], shape[2], self.in_features, self.hidden_size)


@register
class PositionalConv(Module):
    """A grouped Conv1d over the sequence with weight norm (dim=2; torch's parametrizations: g, then v).

    (N, T, hidden_size) → the same shape.
    """

    input_ranks = (3,)

    hidden_size = Arg(positive_int)
    kernel_size = Arg(positive_int)
    groups = Arg(positive_int)

    def check(self):
        super().check()
        if self.hidden_size % self.groups:
            raise self.error(f"hidden_size must be divisible by num_conv_pos_embedding_groups (Conv1d's groups); "
                             f"received: hidden_size={self.hidden_size}, groups={self.groups}", key="groups")

    def make_weights(self, shape):
        size, kernel = self.hidden(shape), self.kernel_size
        return [Weight("conv.bias", (size,)),
                Weight("conv.parametrizations.weight.original0", (1, 1, kernel)),
                Weight("conv.parametrizations.weight.original1", (size, size // self.groups, kernel))]

    def make_macs(self, shape, output):
        """The conv, padded by kernel_size // 2 on each side: length + 1 outputs for an even kernel (the last
        one then dropped)."""
        size, kernel = self.hidden(shape), self.kernel_size
        length = None if shape[1] is None else shape[1] + 2 * (kernel // 2) - kernel + 1
        return product(shape[0], length, size, size // self.groups, kernel)


@register
class Quantizer(Module):
    """wav2vec 2.0's Gumbel vector quantizer: `groups` × `codevectors` codebook entries and their logits' Linear.

    The conv features (N, in_features, T) → (N, T, codevector_dim).
    """

    input_ranks = (3,)

    in_features = Arg(positive_int)
    groups = Arg(positive_int)
    codevectors = Arg(positive_int)
    codevector_dim = Arg(positive_int)

    def check(self):
        super().check()
        if self.codevector_dim % self.groups:
            raise self.error(f"codevector_dim {self.codevector_dim} must be divisible by num_codevector_groups "
                             f"{self.groups} for concatenation", key="codevector_dim")

    def make_weights(self, shape):
        self.channels(shape, "in_features")
        entries = dim(self.groups, self.codevectors)
        return [Weight("codevectors", (1, entries, self.codevector_dim // self.groups))] + linear_weights(
            "weight_proj", self.in_features, entries)

    def compute_output_shape(self, shape):
        return (shape[0], shape[2], self.codevector_dim)

    def make_macs(self, shape, output):
        return product(shape[0], shape[2], self.in_features, self.groups * self.codevectors)  # weight_proj


@register
class AdapterConv(Module):
    """A strided Conv1d (padding 1) to twice the channels, halved again by a GLU: (N, size, T) → (N, size, T').

    The first layer of an adapter takes the sequence (N, T, size) (`first`: the adapter transposes it).
    """

    input_ranks = (3,)

    size = Arg(positive_int)
    kernel_size = Arg(positive_int)
    stride = Arg(positive_int)
    first = Arg(boolean, False)

    def make_weights(self, shape):
        size = self.features(shape, "size") if self.first else self.channels(shape, "size")
        return [Weight("conv.weight", (dim(2, size), size, self.kernel_size)), Weight("conv.bias", (dim(2, size),))]

    def compute_output_shape(self, shape):
        length = shape[1] if self.first else shape[2]
        if length is not None:
            length = (length + 2 - self.kernel_size) // self.stride + 1
        return (shape[0], self.size, length)

    def make_macs(self, shape, output):
        return product(shape[0], 2 * self.size, output[2], self.size, self.kernel_size)


@register
class TDNN(Module):
    """A dilated Conv1d over time kept as a Linear `kernel` (in × kernel_size → out): (N, T, in) → (N, T', out)."""

    input_ranks = (3,)

    in_features = Arg(positive_int)
    out_features = Arg(positive_int)
    kernel_size = Arg(positive_int)
    dilation = Arg(positive_int)

    def make_weights(self, shape):
        self.features(shape)
        return linear_weights("kernel", dim(self.in_features, self.kernel_size), self.out_features)

    def compute_output_shape(self, shape):
        length = shape[1]
        if length is not None:
            length = length - self.dilation * (self.kernel_size - 1)
        return (shape[0], length, self.out_features)

    def make_macs(self, shape, output):
        return product(*output, self.in_features, self.kernel_size)


@register
class StatisticsLinear(Module):
    """A Linear on the mean and standard deviation over time of each feature: (N, T, C) → (N, out_features)."""

    type = "Linear"
    input_ranks = (3,)

    in_features = Arg(positive_int)
    out_features = Arg(positive_int)

    def make_weights(self, shape):
        self.features(shape)
        return [Weight("weight", (self.out_features, dim(2, self.in_features))), Weight("bias", (self.out_features,))]

    def compute_output_shape(self, shape):
        return (shape[0], self.out_features)

    def make_macs(self, shape, output):
        return product(shape[0], 2 * self.in_features, self.out_features)


@register
class AMSoftmax(Module):
    """The additive-margin softmax loss of x-vectors: a (input_dim, num_labels) weight; it runs only on labels."""

    input_dim = Arg(positive_int)
    num_labels = Arg(nonneg_int)

    def make_weights(self, shape):
        return [Weight("weight", (self.input_dim, self.num_labels))]

    def compute_output_shape(self, shape):
        return (shape[0], self.num_labels)
