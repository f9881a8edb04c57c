"""T5 modules (transformers' modeling_t5): bias-free projections, relative position bias in each stack's first block."""

from __future__ import annotations

from ..args import Arg, boolean, nonneg_int, positive_int, string
from ..base import Weight, dim, register
from .common import HFModule, WeightOnlyNorm, linear_weights


def feed_forward_kind(value):
    """'relu', 'gelu', 'gated-gelu' …: an activation name, optionally prefixed by 'gated-'."""
    parts = string(value).split("-")
    if len(parts) > 1 and parts[0] != "gated" or len(parts) > 2:
        raise ValueError("expected an activation name or 'gated-' and one, e.g. 'relu' or 'gated-gelu'")
    return value


@register
class T5Block(HFModule):
    """Self-attention, cross-attention on the encoder output (decoder only), feed-forward; each with a T5LayerNorm.

    Inputs: the hidden states, and for a decoder block the encoder's output as well.
    """

    multi_input = True
    d_model = Arg(positive_int)
    d_kv = Arg(positive_int)
    num_heads = Arg(positive_int)
    d_ff = Arg(positive_int)
    feed_forward_proj = Arg(feed_forward_kind, "relu")
    relative_attention_num_buckets = Arg(nonneg_int, 32)
    is_decoder = Arg(boolean, False)
    has_relative_attention_bias = Arg(boolean, False)  # the first block of a stack

    def make_weights(self, shapes):
        if len(shapes) != (2 if self.is_decoder else 1):
            raise self.error(f"a T5 {'decoder' if self.is_decoder else 'encoder'} block takes "
                             f"{2 if self.is_decoder else 1} input(s), got {len(shapes)}")
        size = self.hidden(shapes[0], "d_model")
        weights = self.attention("layer.0.SelfAttention", size, self.has_relative_attention_bias)
        weights.append(Weight("layer.0.layer_norm.weight", (size,)))
        if self.is_decoder:
            weights += self.attention("layer.1.EncDecAttention", size, False)
            weights.append(Weight("layer.1.layer_norm.weight", (size,)))
        feed = f"layer.{2 if self.is_decoder else 1}"
        if self.feed_forward_proj.startswith("gated-"):
            weights += (linear_weights(f"{feed}.DenseReluDense.wi_0", size, self.d_ff, False)
                        + linear_weights(f"{feed}.DenseReluDense.wi_1", size, self.d_ff, False))
        else:
            weights += linear_weights(f"{feed}.DenseReluDense.wi", size, self.d_ff, False)
        weights += linear_weights(f"{feed}.DenseReluDense.wo", self.d_ff, size, False)
        return weights + [Weight(f"{feed}.layer_norm.weight", (size,))]

    def attention(self, name, size, relative_bias):
        inner = dim(self.num_heads, self.d_kv)
        weights = [w for part in "qkv" for w in linear_weights(f"{name}.{part}", size, inner, False)]
        weights += linear_weights(f"{name}.o", inner, size, False)
        if relative_bias:
            weights.append(Weight(f"{name}.relative_attention_bias.weight",
                                  (self.relative_attention_num_buckets, self.num_heads)))
        return weights

    def compute_output_shape(self, shapes):
        return shapes[0]


@register
class T5LayerNorm(WeightOnlyNorm):
    """Root-mean-square scaling only: a weight, no bias."""

    size_arg = "d_model"
    d_model = Arg(positive_int)


@register
class T5ClassificationHead(HFModule):
    """Dense then out_proj on the decoder output at the last end-of-sequence token: (N, seq, d_model) → (N, labels)."""

    input_ranks = (3,)

    d_model = Arg(positive_int)
    num_labels = Arg(nonneg_int)

    def make_weights(self, shape):
        size = self.hidden(shape, "d_model")
        return linear_weights("dense", size, size) + linear_weights("out_proj", size, self.num_labels)

    def compute_output_shape(self, shape):
        return shape[:1] + (self.num_labels,)
