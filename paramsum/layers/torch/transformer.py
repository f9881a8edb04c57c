"""torch.nn attention and transformer blocks: MultiheadAttention, Transformer{Encoder,Decoder}[Layer], Transformer.

Sub-module parameters carry torch's dotted names ("self_attn.in_proj_weight",
"layers.0.linear1.weight"), in named_parameters() order.
"""

from __future__ import annotations

from ..args import (
    Arg,
    between,
    boolean,
    choice,
    layer,
    nonneg_int,
    number,
    optional,
    positive_int,
    probability,
    repeats,
)
from ..base import Weight, dim, product, register
from .common import TorchLayer


def prefixed(prefix, weights):
    return [w.renamed(prefix, separator="") for w in weights]


def attention_weights(embed, kdim, vdim, bias=True, add_bias_kv=False):
    """MultiheadAttention's parameters: one packed in_proj when q, k, v all have size embed."""
    if kdim == embed and vdim == embed:
        out = [Weight("in_proj_weight", (dim(3, embed), embed))]
    else:
        out = [Weight("q_proj_weight", (embed, embed)), Weight("k_proj_weight", (embed, kdim)),
               Weight("v_proj_weight", (embed, vdim))]
    if bias:
        out.append(Weight("in_proj_bias", (dim(3, embed),)))
    if add_bias_kv:
        out += [Weight("bias_k", (1, 1, embed)), Weight("bias_v", (1, 1, embed))]
    out.append(Weight("out_proj.weight", (embed, embed)))
    if bias:
        out.append(Weight("out_proj.bias", (embed,)))
    return out


def attention_macs(embed, query, key, batch_first, kdim=None, vdim=None, extra_keys=0):
    """MultiheadAttention's MACs: the q, k, v projections, QKᵀ and AV over the full score matrix
    (L × S per sample and head, head_dim each: L × S × embed per sample) and the output projection.
    `extra_keys`: key positions added after the projections (add_bias_kv, add_zero_attn)."""
    queries, keys = product(*query[:-1]), product(*key[:-1])
    source = key[0] if len(key) == 2 or not batch_first else key[1]  # S, the key length
    if queries is None or keys is None or source is None:
        return None
    projections = queries * embed * 2 * embed + keys * embed * ((kdim or embed) + (vdim or embed))
    return projections + 2 * queries * (source + extra_keys) * embed


def linear_weights(name, in_features, out_features, bias=True):
    return [Weight(f"{name}.weight", (out_features, in_features))] + (
        [Weight(f"{name}.bias", (out_features,))] if bias else [])


def norm_weights(name, size, bias=True):
    return [Weight(f"{name}.weight", (size,))] + ([Weight(f"{name}.bias", (size,))] if bias else [])


class _Sequence(TorchLayer):
    """Inputs are (S, N, E), or (N, S, E) with batch_first, or unbatched (S, E)."""

    def sequence_check(self, shapes, names, sizes):
        """All inputs have one rank, the model size on the last axis and one batch size."""
        ranks = {len(s) for s in shapes}
        if len(ranks) != 1 or ranks - {2, 3}:
            raise self.shape_error(shapes, "expected inputs of rank 3 (or 2, unbatched), all of one rank")
        for shape, name, (arg, size) in zip(shapes, names, sizes):
            if shape[-1] is not None and shape[-1] != size:
                raise self.error(f"{arg}={size} but the {name} has {shape[-1]} features (last axis)", key=arg)
        if ranks == {3}:
            batch = 0 if self.batch_first else 1
            known = {s[batch] for s in shapes if s[batch] is not None}
            if len(known) > 1:
                raise self.shape_error(shapes, f"the inputs' batch sizes (axis {batch}) differ")


@register
class MultiheadAttention(_Sequence):
    """Inputs [query, key, value], [query, key_value] or one input for self-attention; out: the query's shape."""

    multi_input = True
    embed_dim = Arg(optional(positive_int), None)
    num_heads = Arg(positive_int)
    # Only the upper bound: a negative dropout just skips the attention dropout.
    dropout = Arg(between(high=1, what="a dropout probability"), 0.0)
    bias = Arg(boolean, True)
    add_bias_kv = Arg(boolean, False)
    add_zero_attn = Arg(boolean, False)
    kdim = Arg(optional(positive_int), None)
    vdim = Arg(optional(positive_int), None)
    batch_first = Arg(boolean, False)

    def check(self):
        if self.embed_dim is not None and self.embed_dim % self.num_heads:
            raise self.error(f"embed_dim must be divisible by num_heads; received: "
                             f"embed_dim={self.embed_dim}, num_heads={self.num_heads}", key="embed_dim")

    def query_key_value(self, shapes):
        if len(shapes) not in (1, 2, 3):
            raise self.error(f"MultiheadAttention takes [query, key, value], got {len(shapes)} inputs")
        query, key = shapes[0], shapes[min(1, len(shapes) - 1)]
        return query, key, shapes[-1]

    def make_weights(self, shapes):
        query, key, value = self.query_key_value(shapes)
        embed = self.agree("embed_dim", self.embed_dim, query[-1], "features (last axis)")
        if embed % self.num_heads:
            raise self.error(f"embed_dim must be divisible by num_heads; the query has {embed} features "
                             f"and num_heads={self.num_heads}")
        kdim, vdim = self.kdim or embed, self.vdim or embed
        self.sequence_check([query, key, value], ["query", "key", "value"],
                            [("embed_dim", embed), ("kdim", kdim), ("vdim", vdim)])
        if any(k is not None and v is not None and k != v for k, v in zip(key[:-1], value[:-1])):
            raise self.shape_error(shapes, "key and value must have the same shape but for the last axis")
        return attention_weights(embed, kdim, vdim, self.bias, self.add_bias_kv)

    def compute_output_shape(self, shapes):
        query = self.query_key_value(shapes)[0]
        return query[:-1] + (self.embed_dim or query[-1],)

    def make_macs(self, shapes, output):
        query, key, value = self.query_key_value(shapes)
        embed = self.embed_dim or query[-1]
        return attention_macs(embed, query, key, self.batch_first, key[-1], value[-1],
                              int(self.add_bias_kv) + int(self.add_zero_attn))


class _Block(_Sequence):
    """A transformer block's shared arguments."""

    d_model = Arg(optional(positive_int), None)
    nhead = Arg(positive_int)
    dim_feedforward = Arg(nonneg_int, 2048)
    dropout = Arg(probability, 0.1)  # nn.Dropout's rule: 0 <= dropout <= 1
    activation = Arg(choice("relu", "gelu", lower=False), "relu")  # a string names only these two
    layer_norm_eps = Arg(number, 1e-5)
    batch_first = Arg(boolean, False)
    norm_first = Arg(boolean, False)
    bias = Arg(boolean, True)

    def model_size(self, shape):
        size = self.agree("d_model", self.d_model, shape[-1], "features (last axis)")
        if size % self.nhead:
            raise self.error(f"d_model must be divisible by nhead; received: d_model={size}, nhead={self.nhead}",
                             key="d_model")
        return size

    def feed_forward_macs(self, shape):
        """linear1 and linear2 at every position: 2 × d_model × dim_feedforward each."""
        return product(*shape[:-1], 2 * shape[-1], self.dim_feedforward)

    def feed_forward(self, size):
        return (linear_weights("linear1", size, self.dim_feedforward, self.bias)
                + linear_weights("linear2", self.dim_feedforward, size, self.bias))


@register
class TransformerEncoderLayer(_Block):
    """Self-attention then a two-layer feed-forward network, each with a LayerNorm."""

    def make_weights(self, shape):
        size = self.model_size(shape)
        self.sequence_check([shape], ["input"], [("d_model", size)])
        return (prefixed("self_attn.", attention_weights(size, size, size, self.bias))
                + self.feed_forward(size) + norm_weights("norm1", size, self.bias)
                + norm_weights("norm2", size, self.bias))

    def make_macs(self, shape, output):
        """Self-attention, then the feed-forward network (norms: 0)."""
        attention, ff = attention_macs(shape[-1], shape, shape, self.batch_first), self.feed_forward_macs(shape)
        return None if attention is None or ff is None else attention + ff


@register
class TransformerDecoderLayer(_Block):
    """Inputs [tgt, memory]: self-attention, cross-attention on memory, feed-forward; three LayerNorms."""

    multi_input = True

    def make_weights(self, shapes):
        if len(shapes) != 2:
            raise self.error(f"TransformerDecoderLayer takes two inputs [tgt, memory], got {len(shapes)}")
        size = self.model_size(shapes[0])
        self.sequence_check(shapes, ["tgt", "memory"], [("d_model", size)] * 2)
        attention = attention_weights(size, size, size, self.bias)
        return (prefixed("self_attn.", attention)
                + prefixed("multihead_attn.", attention_weights(size, size, size, self.bias))
                + self.feed_forward(size)
                + [w for n in (1, 2, 3) for w in norm_weights(f"norm{n}", size, self.bias)])

    def compute_output_shape(self, shapes):
        return shapes[0]

    def make_macs(self, shapes, output):
        """Self-attention on tgt, cross-attention from tgt to memory, then the feed-forward network."""
        tgt, memory = shapes
        parts = [attention_macs(tgt[-1], tgt, tgt, self.batch_first),
                 attention_macs(tgt[-1], tgt, memory, self.batch_first), self.feed_forward_macs(tgt)]
        return None if None in parts else sum(parts)


class _Stack(TorchLayer):
    """num_layers copies of a block (layers.0 …), then an optional final norm."""

    num_layers = Arg(repeats)
    norm = Arg(optional(layer), None)

    def built_parts(self, key):
        block = self.context.nested(getattr(self, key), key)
        norm = self.context.nested(self.norm, "norm") if self.norm is not None else None
        return block, norm

    def stack_macs(self, block, shape):
        """num_layers blocks on the same shapes (a block keeps its input's shape); the norm: 0."""
        return product(self.num_layers, block.make_macs(shape, block.compute_output_shape(shape)))

    def stack_weights(self, block, norm, shape):
        out = []
        for index in range(self.num_layers):
            out += prefixed(f"layers.{index}.", block.make_weights(shape))
        if norm is not None:
            first = shape[0] if isinstance(shape, list) else shape
            out += prefixed("norm.", norm.make_weights(block.compute_output_shape(shape) if block.multi_input
                                                       else first))
        return out


@register
class TransformerEncoder(_Stack):
    encoder_layer = Arg(layer)
    enable_nested_tensor = Arg(boolean, True)
    mask_check = Arg(boolean, True)

    def make_weights(self, shape):
        return self.stack_weights(*self.built_parts("encoder_layer"), shape)

    def compute_output_shape(self, shape):
        return self.built_parts("encoder_layer")[0].compute_output_shape(shape)

    def make_macs(self, shape, output):
        return self.stack_macs(self.built_parts("encoder_layer")[0], shape)


@register
class TransformerDecoder(_Stack):
    """Inputs [tgt, memory]."""

    multi_input = True
    decoder_layer = Arg(layer)

    def make_weights(self, shapes):
        return self.stack_weights(*self.built_parts("decoder_layer"), shapes)

    def compute_output_shape(self, shapes):
        return self.built_parts("decoder_layer")[0].compute_output_shape(shapes)

    def make_macs(self, shapes, output):
        return self.stack_macs(self.built_parts("decoder_layer")[0], shapes)


@register
class Transformer(_Block):
    """Inputs [src, tgt]: an encoder stack on src and a decoder stack on [tgt, memory]; out: tgt's shape."""

    multi_input = True
    d_model = Arg(positive_int, 512)
    nhead = Arg(positive_int, 8)
    num_encoder_layers = Arg(repeats, 6)
    num_decoder_layers = Arg(repeats, 6)
    custom_encoder = Arg(optional(layer), None)
    custom_decoder = Arg(optional(layer), None)

    def make_weights(self, shapes):
        if len(shapes) != 2:
            raise self.error(f"Transformer takes two inputs [src, tgt], got {len(shapes)}")
        src, tgt = shapes
        size = self.model_size(src)
        self.sequence_check(shapes, ["src", "tgt"], [("d_model", size)] * 2)
        memory = self.part("encoder", src)
        return (prefixed("encoder.", memory[0]) + prefixed("decoder.", self.part("decoder", [tgt, memory[1]])[0]))

    def make_macs(self, shapes, output):
        """The encoder stack on src, then the decoder stack on [tgt, memory] (the norms: 0)."""
        src, tgt = shapes
        _, memory, encoder = self.part("encoder", src)
        decoder = self.part("decoder", [tgt, memory])[2]
        return None if encoder is None or decoder is None else encoder + decoder

    def part(self, which, shape):
        """(weights, output shape, MACs) of the encoder or decoder stack."""
        custom = getattr(self, f"custom_{which}")
        if custom is not None:
            stack = self.context.nested(custom, which)
            out = stack.compute_output_shape(shape)
            return stack.make_weights(shape), out, stack.make_macs(shape, out)
        block = TransformerEncoderLayer if which == "encoder" else TransformerDecoderLayer
        layer = block(f"{self.name}.{which}", {
            "d_model": self.d_model, "nhead": self.nhead, "dim_feedforward": self.dim_feedforward,
            "batch_first": self.batch_first, "bias": self.bias}, self.context)
        count = self.num_encoder_layers if which == "encoder" else self.num_decoder_layers
        out = []
        for index in range(count):
            out += prefixed(f"layers.{index}.", layer.make_weights(shape))
        out += norm_weights("norm", self.d_model, self.bias)
        output = layer.compute_output_shape(shape)
        return out, output, product(count, layer.make_macs(shape, output))

    def compute_output_shape(self, shapes):
        return shapes[-1]
