"""Modules of the BERT, RoBERTa, DistilBERT, GPT-2 and OPT families that the shared parts do not cover.

Embedding tables summed (BertEmbeddings, OPT's learned positions), a head on one token
(a pooler, RoBERTa's classification head, GPT-2's sequence summary), a masked-LM head
(dense, LayerNorm, decoder to the vocabulary and its bias) and a row of buffers only.
Sizes are explicit; `module` is the transformers class the row stands for.
"""

from __future__ import annotations

from ..args import Arg, boolean, nonneg_int, optional, positive_int, string
from ..base import Weight, product, register
from .common import id_buffer, linear_weights, norm_weights, untie
from .parts import Part, token_macs

__all__ = ["EmbeddingSum", "PooledHead", "MaskedLMHead", "Buffers"]


def _pairs(value):
    """A list of [name, size] pairs."""
    if isinstance(value, (list, tuple)) and all(
            isinstance(v, (list, tuple)) and len(v) == 2 and isinstance(v[0], str) for v in value):
        return tuple((name, nonneg_int(size)) for name, size in value)
    raise ValueError("expected a list of [name, size] pairs")


def _buffers(value):
    """A list of [name, shape, dtype] triples."""
    if isinstance(value, (list, tuple)) and all(isinstance(v, (list, tuple)) and len(v) == 3 for v in value):
        return tuple((str(name), tuple(nonneg_int(d) for d in shape), str(dtype)) for name, shape, dtype in value)
    raise ValueError("expected a list of [name, shape, dtype] triples")


@register
class EmbeddingSum(Part):
    """Embedding tables of `hidden_size` columns (`tables`: name, rows; "" is the module's own weight),
    then a LayerNorm (`norm`), and (1, length) int64 index buffers: token ids → (…, hidden_size).

    `tied_to`: the first table's weight is that one (a head registered before the body owns it).
    """

    tables = Arg(_pairs)
    norm = Arg(optional(string), None)
    buffers = Arg(_pairs, ())
    tied_to = Arg(optional(string), None)

    def make_weights(self, shape):
        size = self.hidden_size
        out = [Weight(f"{name}.weight" if name else "weight", (rows, size), table=True) for name, rows in self.tables]
        out += norm_weights(self.norm, size) if self.norm else []
        out += [id_buffer(name, length) for name, length in self.buffers]
        return untie(self, out, {out[0].name: self.tied_to} if self.tied_to and self.tables else {})

    def compute_output_shape(self, shape):
        return shape + (self.hidden_size,)

    def macs(self, shape):
        return 0  # lookups and a norm


@register
class PooledHead(Part):
    """Biased linears (`linears`: name, out_features) in turn on one token: (N, seq, hidden) → (N, out)."""

    input_ranks = (3,)

    linears = Arg(_pairs, ())

    def out_features(self, size):
        return self.linears[-1][1] if self.linears else size

    def make_weights(self, shape):
        size = self.hidden(shape)
        out = []
        for name, features in self.linears:
            out += linear_weights(name, size, features)
            size = features
        return out

    def compute_output_shape(self, shape):
        return shape[:1] + (self.out_features(self.hidden(shape)),)

    def macs(self, shape):
        return token_macs(shape[:1] + shape[2:], self.make_weights(shape))  # on the first token


@register
class MaskedLMHead(Part):
    """dense and a LayerNorm over hidden_size, then `decoder` to vocab_size with its own `bias` parameter.

    Tied (`tied_to`: the word embeddings' weight), decoder's weight is the embeddings' and
    its bias the head's `bias`; `tied_bias` ties the bias alone (the head owns the tied weight).
    """

    vocab_size = Arg(positive_int)
    dense = Arg(string, "dense")
    norm = Arg(string, "layer_norm")
    decoder = Arg(string, "decoder")
    bias = Arg(string, "bias")
    tied_to = Arg(optional(string), None)
    tied_bias = Arg(boolean, False)

    def make_weights(self, shape):
        size, vocab = self.hidden(shape), self.vocab_size
        weights = ([Weight(self.bias, (vocab,))] + linear_weights(self.dense, size, size)
                   + norm_weights(self.norm, size) + linear_weights(self.decoder, size, vocab))
        tied = {f"{self.decoder}.weight": self.tied_to} if self.tied_to else {}
        if self.tied_to or self.tied_bias:
            tied[f"{self.decoder}.bias"] = self.bias
        return untie(self, weights, tied)

    def compute_output_shape(self, shape):
        return shape[:-1] + (self.vocab_size,)

    def macs(self, shape):
        """dense (hidden × hidden) and the decoder (hidden × vocab, tied or not) on every token."""
        size = self.hidden(shape)
        return product(*shape[:-1], size, size + self.vocab_size)


@register
class Buffers(Part):
    """A module's own buffers (GPT-BigCode's causal mask): no parameters, the input passes through."""

    hidden_size = Arg(optional(positive_int), None)
    buffers = Arg(_buffers)

    def make_weights(self, shape):
        return [Weight(name, shape, buffer=True, dtype=dtype) for name, shape, dtype in self.buffers]

    def macs(self, shape):
        return 0
