"""The BERT-style encoder body (BERT, RoBERTa, XLM-RoBERTa, DistilBERT) and its heads as data.

An `Encoder` is an embeddings module (word, position, token-type tables and a LayerNorm),
`layers` blocks of shared parts, and a pooler in the models that keep one; a head is
`EncoderHead(build, pooled)`: `build(rows, c, x, pooled, size, words)` adds its rows on the
last hidden state `x` (or the pooler's output), `words` the word embeddings' weight when tied.
"""

from __future__ import annotations

from ....errors import ParamsumError
from ....layers.args import boolean
from ..config import checked
from ..family import attention, norm, part


class EncoderHead:
    def __init__(self, build, pooled=False, owns=None):
        self.build = build
        self.pooled = pooled  # the base model keeps its pooler (add_pooling_layer)
        self.owns = owns  # the tied weight, when the head is registered before the body


class Encoder:
    """`embeddings(c)` → the EmbeddingSum's tables, norm and buffers; `layers` blocks of `block(c, index)`'s
    parts under `base` (the base model's attribute in the head models); a pooler unless `pooler` is false."""

    @staticmethod
    def caches(c):
        """A model made a decoder (is_decoder: LMHeadModel, *ForCausalLM) caches its self-attention."""
        return bool(c.get("is_decoder"))

    def __init__(self, base, embeddings, block, layers="encoder.layer", classes=None, pooler=True):
        self.base = base
        self.embeddings = embeddings
        self.block = block
        self.layers = layers
        self.classes = classes or {}
        self.pooler = pooler

    def __call__(self, family, rows, c, arch):
        head = family.heads.get(arch[len(family.prefix):])
        prefix = "" if head is None else f"{self.base}."
        size, cls = c.size("hidden_size"), family.prefix
        owner = head.owns if head is not None and c.tied else None
        x = rows.part(f"{prefix}embeddings", "EmbeddingSum", rows.input("input_ids", [None]), hidden_size=size,
                      module=self.classes.get("embeddings", f"{cls}Embeddings"), tied_to=owner, **self.embeddings(c))
        module = self.classes.get("block", f"{cls}Layer")
        for index in range(c.depth("num_hidden_layers")):
            x = rows.part(f"{prefix}{self.layers}.{index}", "Block", x, module=module, hidden_size=size,
                          parts=self.block(c, index))
        pooled = None
        if self.pooler and (head is None or head.pooled):
            pooled = rows.part(f"{prefix}pooler", "PooledHead", x, module=f"{cls}Pooler", hidden_size=size,
                               linears=[["dense", size]])
        if head is not None:
            words = f"{self.base}.embeddings.word_embeddings.weight" if c.tied and not owner else None
            head.build(rows, c, x, pooled, size, words)


def bert_embeddings(c):
    """word, position and token-type tables, a LayerNorm, position_ids and token_type_ids buffers."""
    positions = c.count("max_position_embeddings")
    return {"tables": [["word_embeddings", c.count("vocab_size")], ["position_embeddings", positions],
                       ["token_type_embeddings", c.count("type_vocab_size")]],
            "norm": "LayerNorm", "buffers": [["position_ids", positions], ["token_type_ids", positions]]}


def self_attention(c, name):
    """BERT's attention: self.query/key/value, output.dense and output.LayerNorm (all with biases)."""
    return [attention(c, name, names=["self.query", "self.key", "self.value", "output.dense"], bias=True),
            norm(c, f"{name}.output.LayerNorm", bias=True)]


def bert_block(c, index):
    """Self-attention, cross-attention (add_cross_attention), intermediate.dense and output.dense + LayerNorm."""
    cross = self_attention(c, "crossattention") if c.flag("add_cross_attention") else []
    return [*self_attention(c, "attention"), *cross,
            part("MLP", "", hidden_size=c.size("hidden_size"), intermediate_size=c.size("intermediate_size"),
                 names=["intermediate.dense", "output.dense"], bias=True),
            norm(c, "output.LayerNorm", bias=True)]


def cross_attention_needs_decoder(values):
    """transformers refuses cross-attention in a model that is not a decoder."""
    if checked(values, "add_cross_attention", boolean) and not checked(values, "is_decoder", boolean):
        raise ParamsumError("add_cross_attention=true needs is_decoder=true (cross-attention is a decoder's)")


# -- heads ------------------------------------------------------------------------------------------


def linear(name, labels=None, pooled=False, bias=True):
    """A linear on every token (or on the pooler's output): num_labels outputs unless `labels` says."""
    def build(rows, c, x, p, size, words):
        rows.linear(name, p if pooled else x, size, c.num_labels if labels is None else labels, bias=bias)
    return EncoderHead(build, pooled)


def lm_head(name, module, dense="dense", norm_name="layer_norm", decoder="decoder", bias="bias", then=None,
            first=False):
    """A masked-LM head (MaskedLMHead) on every token, then `then` (e.g. next-sentence on the pooled one).

    `first`: the model registers the head before its body, so the head owns the tied weight.
    """
    def build(rows, c, x, p, size, words):
        rows.part(name, "MaskedLMHead", x, module=module, hidden_size=size, vocab_size=c.size("vocab_size"),
                  dense=dense, norm=norm_name, decoder=decoder, bias=bias, tied_to=words, tied_bias=c.tied)
        if then:
            then.build(rows, c, x, p, size, words)
    return EncoderHead(build, pooled=then is not None and then.pooled, owns=f"{name}.{decoder}.weight" if first
                       else None)


def classification_head(module):
    """RoBERTa's classifier: dense then out_proj on the first token."""
    def build(rows, c, x, p, size, words):
        rows.part("classifier", "PooledHead", x, module=module, hidden_size=size,
                  linears=[["dense", size], ["out_proj", c.num_labels]])
    return EncoderHead(build)


def roberta_heads(cls, lm_first=False):
    """RoBERTa's and XLM-RoBERTa's heads (class-name prefix `cls`; `lm_first`: lm_head registered first)."""
    lm = lm_head("lm_head", f"{cls}LMHead", first=lm_first)
    return {"ForCausalLM": lm, "ForMaskedLM": lm, "ForSequenceClassification": classification_head(
        f"{cls}ClassificationHead"), "ForTokenClassification": linear("classifier"),
        "ForQuestionAnswering": linear("qa_outputs"), "ForMultipleChoice": linear("classifier", 1, True)}
