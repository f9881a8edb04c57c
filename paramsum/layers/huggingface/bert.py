"""BERT, RoBERTa and DistilBERT modules (transformers' modeling_bert/roberta/distilbert)."""

from __future__ import annotations

from ..args import Arg, boolean, nonneg_int, optional, positive_int, string
from ..base import Weight, register
from .common import HFModule, heads_check, id_buffer, linear_weights, norm_weights, untie


class _Embeddings(HFModule):
    """Word, position (and token type) embeddings summed, then a LayerNorm: token ids → (…, hidden_size)."""

    vocab_size = Arg(positive_int)
    hidden_size = Arg(positive_int)
    max_position_embeddings = Arg(positive_int)

    def compute_output_shape(self, shape):
        return shape + (self.hidden_size,)


@register
class BertEmbeddings(_Embeddings):
    type_vocab_size = Arg(nonneg_int)
    order = ("word_embeddings", "position_embeddings", "token_type_embeddings", "LayerNorm")

    def make_weights(self, shape):
        size = self.hidden_size
        tables = {"word_embeddings": self.vocab_size, "position_embeddings": self.max_position_embeddings,
                  "token_type_embeddings": self.type_vocab_size}
        weights = []
        for part in self.order:
            weights += norm_weights(part, size) if part == "LayerNorm" else [Weight(f"{part}.weight",
                                                                                   (tables[part], size))]
        return weights + [id_buffer("position_ids", self.max_position_embeddings),
                          id_buffer("token_type_ids", self.max_position_embeddings)]


@register
class RobertaEmbeddings(BertEmbeddings):
    order = ("word_embeddings", "token_type_embeddings", "LayerNorm", "position_embeddings")


@register
class BertLayer(HFModule):
    """Self-attention (query, key, value, output dense + LayerNorm), then intermediate and output dense + LayerNorm."""

    hidden_size = Arg(positive_int)
    num_attention_heads = Arg(positive_int)
    intermediate_size = Arg(positive_int)
    add_cross_attention = Arg(boolean, False)
    is_decoder = Arg(boolean, False)

    def check(self):
        heads_check(self, "hidden_size", "num_attention_heads")
        if self.add_cross_attention and not self.is_decoder:
            raise self.error("add_cross_attention=true needs is_decoder=true (cross-attention is a decoder's)",
                             key="add_cross_attention")

    def make_weights(self, shape):
        """Self-attention; cross-attention of the same form (add_cross_attention); the feed-forward."""
        size, inner = self.hidden(shape), self.intermediate_size
        blocks = ("attention", "crossattention") if self.add_cross_attention else ("attention",)
        attention = []
        for block in blocks:
            attention += [w for part in ("query", "key", "value")
                          for w in linear_weights(f"{block}.self.{part}", size, size)]
            attention += linear_weights(f"{block}.output.dense", size, size)
            attention += norm_weights(f"{block}.output.LayerNorm", size)
        return (attention + linear_weights("intermediate.dense", size, inner)
                + linear_weights("output.dense", inner, size) + norm_weights("output.LayerNorm", size))


@register
class RobertaLayer(BertLayer):
    pass


@register
class BertPooler(HFModule):
    """A dense layer on the first token: (N, seq, hidden_size) → (N, hidden_size)."""

    input_ranks = (3,)

    hidden_size = Arg(positive_int)

    def make_weights(self, shape):
        return linear_weights("dense", self.hidden(shape), self.hidden_size)

    def compute_output_shape(self, shape):
        return shape[:1] + (self.hidden_size,)


@register
class RobertaPooler(BertPooler):
    pass


class _LMHead(HFModule):
    """Dense + LayerNorm, then a decoder to vocab_size whose weight is the word embeddings' when tied."""

    hidden_size = Arg(positive_int)
    vocab_size = Arg(positive_int)
    tied_to = Arg(optional(string), None)  # the word embeddings' weight, when tie_word_embeddings
    dense = norm = prefix = ""

    def make_weights(self, shape):
        size = self.hidden(shape)
        weights = ([Weight(f"{self.prefix}bias", (self.vocab_size,))]
                   + linear_weights(self.dense, size, size) + norm_weights(self.norm, size)
                   + linear_weights(f"{self.prefix}decoder", size, self.vocab_size))
        tied = {}
        if self.tied_to:
            tied = {f"{self.prefix}decoder.weight": self.tied_to,
                    f"{self.prefix}decoder.bias": f"{self.prefix}bias"}
        return untie(self, weights, tied)

    def compute_output_shape(self, shape):
        return shape[:-1] + (self.vocab_size,)


@register
class BertOnlyMLMHead(_LMHead):
    dense, norm, prefix = "predictions.transform.dense", "predictions.transform.LayerNorm", "predictions."


@register
class BertLMPredictionHead(_LMHead):
    """BertForPreTraining's `cls.predictions`: BertOnlyMLMHead's one level down."""

    dense, norm = "transform.dense", "transform.LayerNorm"


@register
class RobertaLMHead(_LMHead):
    dense, norm = "dense", "layer_norm"


@register
class RobertaClassificationHead(HFModule):
    """Dense then out_proj on the first token: (N, seq, hidden_size) → (N, num_labels)."""

    input_ranks = (3,)

    hidden_size = Arg(positive_int)
    num_labels = Arg(nonneg_int)

    def make_weights(self, shape):
        size = self.hidden(shape)
        return linear_weights("dense", size, size) + linear_weights("out_proj", size, self.num_labels)

    def compute_output_shape(self, shape):
        return shape[:1] + (self.num_labels,)


# -- DistilBERT: its own config names (dim, n_heads, hidden_dim) ---------------------------------


@register
class Embeddings(HFModule):
    """DistilBERT's word and position embeddings, then a LayerNorm (sinusoidal positions are a trainable table too)."""

    vocab_size = Arg(positive_int)
    dim = Arg(positive_int)
    max_position_embeddings = Arg(positive_int)

    def make_weights(self, shape):
        return [Weight("word_embeddings.weight", (self.vocab_size, self.dim)),
                Weight("position_embeddings.weight", (self.max_position_embeddings, self.dim)),
                *norm_weights("LayerNorm", self.dim), id_buffer("position_ids", self.max_position_embeddings)]

    def compute_output_shape(self, shape):
        return shape + (self.dim,)


@register
class TransformerBlock(HFModule):
    """DistilBERT's block: q/k/v/out_lin attention, sa_layer_norm, ffn lin1/lin2, output_layer_norm."""

    dim = Arg(positive_int)
    n_heads = Arg(positive_int)
    hidden_dim = Arg(positive_int)

    def check(self):
        heads_check(self, "dim", "n_heads")

    def make_weights(self, shape):
        size = self.hidden(shape, "dim")
        attention = [w for part in ("q_lin", "k_lin", "v_lin", "out_lin")
                     for w in linear_weights(f"attention.{part}", size, size)]
        return (attention + norm_weights("sa_layer_norm", size) + linear_weights("ffn.lin1", size, self.hidden_dim)
                + linear_weights("ffn.lin2", self.hidden_dim, size) + norm_weights("output_layer_norm", size))
