"""Llama, Mistral and Qwen2 modules: grouped-query attention, gated MLP, RMSNorm, rotary embedding."""

from __future__ import annotations

import math

from ..args import Arg, boolean, positive_int
from ..base import Weight, dim, register
from ..torch.common import without
from .common import HFModule, WeightOnlyNorm, linear_weights


@register
class LlamaDecoderLayer(HFModule):
    """q/k/v/o projections (k and v for num_key_value_heads), gate/up/down MLP, two RMSNorms."""

    hidden_size = Arg(positive_int)
    intermediate_size = Arg(positive_int)
    num_attention_heads = Arg(positive_int)
    num_key_value_heads = Arg(positive_int)
    head_dim = Arg(positive_int)
    attention_bias = Arg(boolean, False)
    mlp_bias = Arg(boolean, False)
    qkv_bias = property(lambda self: self.attention_bias)
    o_bias = property(lambda self: self.attention_bias)

    def make_weights(self, shape):
        size, inner, head = self.hidden(shape), self.intermediate_size, self.head_dim
        queries = dim(self.num_attention_heads, head)
        keys = dim(self.num_key_value_heads, head)
        attention = (linear_weights("self_attn.q_proj", size, queries, self.qkv_bias)
                     + linear_weights("self_attn.k_proj", size, keys, self.qkv_bias)
                     + linear_weights("self_attn.v_proj", size, keys, self.qkv_bias)
                     + linear_weights("self_attn.o_proj", queries, size, self.o_bias))
        mlp = (linear_weights("mlp.gate_proj", size, inner, self.mlp_bias)
               + linear_weights("mlp.up_proj", size, inner, self.mlp_bias)
               + linear_weights("mlp.down_proj", inner, size, self.mlp_bias))
        return attention + mlp + [Weight("input_layernorm.weight", (size,)),
                                  Weight("post_attention_layernorm.weight", (size,))]


@register
@without("attention_bias", "mlp_bias")
class MistralDecoderLayer(LlamaDecoderLayer):
    """As Llama's, without biases."""

    attention_bias = mlp_bias = False


@register
class Qwen2DecoderLayer(MistralDecoderLayer):
    """As Mistral's, with biases on the q, k and v projections."""

    qkv_bias = True


@register
class LlamaRMSNorm(WeightOnlyNorm):
    hidden_size = Arg(positive_int)


@register
class MistralRMSNorm(LlamaRMSNorm):
    pass


@register
class Qwen2RMSNorm(LlamaRMSNorm):
    pass


@register
class LlamaRotaryEmbedding(HFModule):
    """No parameters: one inverse frequency per rotated pair of head_dim, as buffers; out: (1, seq, head_dim)."""

    head_dim = Arg(positive_int)

    def make_weights(self, shape):
        pairs = math.ceil(self.head_dim / 2)
        return [Weight("inv_freq", (pairs,), buffer=True, dtype="float32"),
                Weight("original_inv_freq", (pairs,), buffer=True, dtype="float32")]

    def compute_output_shape(self, shape):
        return (1, shape[1], self.head_dim)


@register
class MistralRotaryEmbedding(LlamaRotaryEmbedding):
    pass


@register
class Qwen2RotaryEmbedding(LlamaRotaryEmbedding):
    pass
