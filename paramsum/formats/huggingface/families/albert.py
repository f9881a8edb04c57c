"""albert (configuration_albert.py, modeling_albert.py): factorised embeddings, layers shared in groups.

The embeddings are embedding_size wide, mapped to hidden_size by embedding_hidden_mapping_in;
the encoder holds num_hidden_groups groups of inner_group_num layers, run in turn over
num_hidden_layers steps: each group's weights are counted once, as model.parameters() counts them.
"""

from ..config import ConfigClass
from ..encoders import Encoder, bert_attention, bert_embeddings, dense, layer_norm, linear, pooler, then
from ..family import Family, part

CONFIG = ConfigClass(
    {"vocab_size": 30000, "embedding_size": 128, "hidden_size": 4096, "num_hidden_layers": 12,
     "num_hidden_groups": 1, "num_attention_heads": 64, "intermediate_size": 16384, "inner_group_num": 1,
     "max_position_embeddings": 512, "type_vocab_size": 2, "tie_word_embeddings": True})


def layer(c):
    size, inner = c.size("hidden_size"), c.size("intermediate_size")
    return [layer_norm("full_layer_layer_norm", size),
            *bert_attention(c, "attention", ("query", "key", "value", "dense")),
            layer_norm("attention.LayerNorm", size), dense("ffn", size, inner), dense("ffn_output", inner, size)]


def body(rows, c, prefix, x):
    width, size = c.size("embedding_size"), c.size("hidden_size")
    x = rows.part(f"{prefix}embeddings", "Composite", x, module="AlbertEmbeddings", hidden_size=width, tokens=True,
                  parts=bert_embeddings(c, width))
    x = rows.linear(f"{prefix}encoder.embedding_hidden_mapping_in", x, width, size)
    groups = c.depth("num_hidden_groups")
    calls = max(1, c.depth("num_hidden_layers") // groups) if groups else 1  # each group runs this many times
    for group in range(groups):
        for index in range(c.depth("inner_group_num")):
            x = rows.part(f"{prefix}encoder.albert_layer_groups.{group}.albert_layers.{index}", "Block", x,
                          module="AlbertLayer", hidden_size=size, parts=layer(c), calls=calls)
    return x


def mlm(rows, c, x, prefix):
    """AlbertMLMHead: dense to embedding_size, LayerNorm, decoder to the vocabulary (tied: the word embeddings)."""
    width, size, vocab = c.size("embedding_size"), c.size("hidden_size"), c.count("vocab_size")
    tied = {"decoder.weight": f"{prefix}embeddings.word_embeddings.weight", "decoder.bias": "predictions.bias"}
    return rows.part("predictions", "Composite", x, module="AlbertMLMHead", hidden_size=size, out_size=vocab,
                     tied=tied if c.tied else None,
                     parts=[part("Param", "bias", shape=[vocab]), layer_norm("LayerNorm", width),
                            dense("dense", size, width), dense("decoder", width, vocab)])


def sop(rows, c, x, prefix):
    pooled = pooler()(rows, c, x, prefix)
    mlm(rows, c, x, prefix)
    return rows.part("sop_classifier", "Composite", pooled, module="AlbertSOPHead", hidden_size=c.size("hidden_size"),
                     out_size=c.num_labels, parts=[dense("classifier", c.size("hidden_size"), c.num_labels)])


HEADS = {"ForPreTraining": sop, "ForMaskedLM": mlm, "ForSequenceClassification": then(pooler(), linear("classifier")),
         "ForTokenClassification": linear("classifier"), "ForQuestionAnswering": linear("qa_outputs"),
         "ForMultipleChoice": then(pooler(), linear("classifier", 1))}

FAMILY = Family("albert", "Albert", CONFIG, Encoder(body, "albert", base_head=pooler()), HEADS)
