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

__all__ = ["Composite", "Dense", "Param", "Conv"]


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

    def weights(self, size):
        inner, out = self.in_features or size, self.out_features
        return [Weight("weight", (out, inner))] + ([Weight("bias", (out,))] if self.bias else [])

    macs = Part.linear_macs


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
