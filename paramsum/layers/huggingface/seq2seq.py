"""What encoder-decoder models (T5, BART, Marian, Pegasus, Whisper …) have beyond the shared parts.

Their embeddings carry the transformers class they stand for (BartScaledWordEmbedding,
sinusoidal tables that are parameters without gradient), their blocks may take the
encoder's output as a second input (cross-attention), the model itself may hold a
parameter or buffer of its own (BART's final_logits_bias), and their classification
heads read one token.
"""

from __future__ import annotations

from ..args import Arg, boolean, choice, nonneg_int, optional, positive_int, string
from ..base import product, register
from ..torch.sparse import Embedding
from .common import HFModule, linear_weights, untie
from .parts import Attention, Block, Norm, is_cross

__all__ = ["Embed", "StackBlock", "StackNorm", "ClassificationHead"]


@register
class Embed(Embedding):
    """An nn.Embedding (or a subclass `module`): tied to another module's weight (`tied_to`), frozen (`_freeze`).

    `lookup` "ids" appends the embedding axis to the ids' shape; "range" looks up the
    first positions of the table (Whisper's positions): (positions, embedding_dim).
    """

    framework = "huggingface"
    module = Arg(optional(string), None)
    tied_to = Arg(optional(string), None)
    lookup = Arg(choice("ids", "range"), "ids")

    def check(self):
        super().check()
        self.type = self.module or "Embedding"

    def make_weights(self, shape):
        return untie(self, super().make_weights(shape), {"weight": self.tied_to} if self.tied_to else {})

    def compute_output_shape(self, shape):
        return (None, self.embedding_dim) if self.lookup == "range" else super().compute_output_shape(shape)


@register
class StackBlock(Block):
    """A Block of an encoder or decoder stack: a decoder block also takes the encoder's output (cross-attention).

    `channels_first`: the block takes a (N, channels, length) input, transposed by the
    stack before its first block (Whisper's encoder after its convolutions).
    """

    multi_input = True
    channels_first = Arg(boolean, False)

    def make_weights(self, shapes):
        return super().make_weights(_hidden_states(shapes[0], self.channels_first))

    def compute_output_shape(self, shapes):
        return _hidden_states(shapes[0], self.channels_first)

    def make_macs(self, shapes, output):
        """Its parts' on the hidden states; cross-attention reads its keys and values from the encoder's output
        (the second input), and does not run without one (a decoder alone)."""
        shape = _hidden_states(shapes[0], self.channels_first)
        memory = shapes[1] if len(shapes) > 1 else None
        total = 0
        for spec in self.parts:
            part = self.context.nested(spec)
            if is_cross(part.name):
                cost = part.cross_macs(shape, memory) if memory and isinstance(part, Attention) else 0
            else:
                cost = part.macs(shape)
            if cost is None:
                return None
            total += cost
        return total


@register
class StackNorm(Norm):
    """A stack's final Norm; `channels_first` as StackBlock's, for a stack without blocks."""

    channels_first = Arg(boolean, False)

    def make_weights(self, shape):
        return super().make_weights(_hidden_states(shape, self.channels_first))

    def compute_output_shape(self, shape):
        return _hidden_states(shape, self.channels_first)


def _hidden_states(shape, channels_first):
    """(N, length, channels) from a (N, channels, length) input when `channels_first`."""
    shape = tuple(shape)
    return shape[:1] + shape[2:] + shape[1:2] if channels_first else shape


@register
class ClassificationHead(HFModule):
    """dense (hidden → inner) then out_proj (inner → labels), on one token: (N, seq, hidden) → (N, labels)."""

    input_ranks = (3,)
    module = Arg(string)
    hidden_size = Arg(positive_int)
    inner_size = Arg(optional(positive_int), None)  # default: hidden_size
    num_labels = Arg(nonneg_int)

    def check(self):
        self.type = self.module

    def make_weights(self, shape):
        size = self.hidden(shape)
        inner = self.inner_size or size
        return linear_weights("dense", size, inner) + linear_weights("out_proj", inner, self.num_labels)

    def compute_output_shape(self, shape):
        return shape[:1] + (self.num_labels,)

    def make_macs(self, shape, output):
        size = self.hidden(shape)
        inner = self.inner_size or size
        return product(shape[0], size * inner + inner * self.num_labels)
