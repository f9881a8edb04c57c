"""The pieces of encoder models that are not blocks: embeddings, heads, and the small parts they hold.

A `Composite` is a module of named parts like a `Block`, but it may read token ids (an
embeddings module: word, position and token-type tables, a norm, a projection, index
buffers), read only the first token (a pooler, a classification head), give another
width (a head over the vocabulary), and hold weights another module owns (tied
decoder weights). Its parts are the shared parts (parts.py: `Table`, an nn.Embedding, …)
and the ones below: `Dense` (an nn.Linear of any in/out size), `Param` (a
bare parameter or index buffer), `Conv` (an nn.Conv1d over the hidden size).
"""

from __future__ import annotations

from ..args import Arg, boolean, nonneg_int, optional, positive_int
from ..base import Weight, product, register
from .common import untie
from .parts import Block, Part

__all__ = ["Composite", "Dense", "Param", "Conv", "Scores", "RelativeScores", "Logits"]


def _tied(value):
    if isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        return dict(value)
    raise ValueError("expected a mapping of weight names to the names of the weights they are")


def _shape(value):
    if isinstance(value, (list, tuple)) and value:
        return tuple(positive_int(v) for v in value)
    raise ValueError("expected a list of positive sizes")


@register
class Composite(Block):
    """A module of named parts: token ids in (`tokens`), the first token read (`first_token`), `out_size` out.

    `tied` maps weights of its parts to the weights they are (counted where those are registered).
    """

    tokens = Arg(boolean, False)
    first_token = Arg(boolean, False)
    out_size = Arg(optional(positive_int), None)
    tied = Arg(optional(_tied), None)

    def make_weights(self, shape):
        size = self.hidden_size if self.tokens else self.hidden(shape)
        out = []
        for spec in self.parts:
            part = self.context.nested(spec)
            out += [w.renamed(part.name, ".") if w.name else Weight(part.name, w.shape, w.trainable, w.buffer,
                                                                      w.dtype) for w in part.weights(size)]
        return untie(self, out, self.tied or {})

    def compute_output_shape(self, shape):
        width = self.out_size or self.hidden_size
        if self.tokens:
            return tuple(shape) + (width,)
        if self.first_token:
            self.rank(shape, 3)
            return (shape[0], width)
        return tuple(shape[:-1]) + (width,)

    def macs(self, shape):
        """Its parts' on the hidden states: of the ids (`tokens`), of the first token (`first_token`)."""
        if self.tokens:
            shape = tuple(shape) + (self.hidden_size,)
        elif self.first_token:
            shape = (shape[0],) + tuple(shape[2:])
        return super().macs(shape)


@register
class Dense(Part):
    """An nn.Linear inside a module: in_features (default: the module's width) → out_features."""

    hidden_size = Arg(optional(positive_int), None)
    in_features = Arg(optional(positive_int), None)
    out_features = Arg(nonneg_int)
    bias = Arg(boolean, True)
    rows = Arg(optional(positive_int), None)  # the rows it runs on once a call, not the tokens (DeBERTa's positions)

    def weights(self, size):
        inner, out = self.in_features or size, self.out_features
        return [Weight("weight", (out, inner))] + ([Weight("bias", (out,))] if self.bias else [])

    def macs(self, shape):
        if self.rows:
            return self.rows * (self.in_features or shape[-1]) * self.out_features
        return self.linear_macs(shape)


@register
class Param(Part):
    """A bare nn.Parameter (an output bias) or, with `buffer`, an int64 index buffer (position_ids)."""

    hidden_size = Arg(optional(positive_int), None)
    shape = Arg(_shape)
    buffer = Arg(boolean, False)

    def weights(self, size):
        if self.buffer:
            return [Weight("", self.shape, buffer=True, dtype="int64")]
        return [Weight("", self.shape)]

    def macs(self, shape):
        return 0  # added or indexed, not multiplied


@register
class Conv(Part):
    """An nn.Conv1d from and to the module's width: weight (size, size / groups, kernel_size) and bias."""

    hidden_size = Arg(optional(positive_int), None)
    kernel_size = Arg(positive_int)
    groups = Arg(positive_int, 1)

    def weights(self, size):
        if size % self.groups:
            raise self.error(f"in_channels must be divisible by groups; received: in_channels={size}, "
                             f"groups={self.groups}", key="groups")
        return [Weight("weight", (size, size // self.groups, self.kernel_size)), Weight("bias", (size,))]

    def macs(self, shape):
        """Each position (padded to keep the length) through the kernel: size × size / groups × kernel_size."""
        size = shape[-1]
        return product(*shape[:-1], size, size // self.groups, self.kernel_size)


@register
class Scores(Part):
    """Attention's two matrix products without weights: QKᵀ and AV of `num_attention_heads` heads of `head_dim`
    over the full S × S score matrix (its projections are `Dense` parts beside it)."""

    hidden_size = Arg(optional(positive_int), None)
    num_attention_heads = Arg(positive_int)
    head_dim = Arg(positive_int)

    def macs(self, shape):
        length = shape[-2] if len(shape) >= 2 else None
        return product(*shape[:-2], 2, self.num_attention_heads, length, length, self.head_dim)


@register
class RelativeScores(Part):
    """DeBERTa's disentangled attention beside QKᵀ and AV: the queries against the 2 × `span` projected relative
    positions ("c2p") and the keys against them ("p2c"), one product of S × 2 span per head for each of `kinds`;
    with `shared_projections` the query and key projections also run on the 2 × span relative embeddings."""

    hidden_size = Arg(optional(positive_int), None)
    num_attention_heads = Arg(positive_int)
    head_dim = Arg(positive_int)
    span = Arg(positive_int)
    kinds = Arg(nonneg_int)
    shared_projections = Arg(boolean, False)

    def macs(self, shape):
        heads, width = self.num_attention_heads, self.num_attention_heads * self.head_dim
        length = shape[-2] if len(shape) >= 2 else None
        scores = product(*shape[:-2], self.kinds, heads, length, 2 * self.span, self.head_dim)
        projections = 2 * 2 * self.span * shape[-1] * width if self.shared_projections else 0
        return None if scores is None else scores + projections


@register
class Logits(Part):
    """The hidden states times another module's (out_features, hidden) weight, without weights of its own
    (DeBERTa's head multiplies by the word embeddings): hidden × out_features per token."""

    hidden_size = Arg(optional(positive_int), None)
    out_features = Arg(positive_int)

    def macs(self, shape):
        return product(*shape, self.out_features)
