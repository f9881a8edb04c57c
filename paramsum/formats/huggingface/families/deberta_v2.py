"""deberta-v2 (configuration_deberta_v2.py, modeling_deberta_v2.py): disentangled attention over relative positions.

The encoder holds its own weights besides its layers: the relative position table
(relative_attention: 2 × position_buckets, else 2 × max_relative_positions rows), its
LayerNorm (norm_rel_ebd "layer_norm") and a convolution after the first layer
(conv_kernel_size). Each layer projects the positions for "c2p" and "p2c" (pos_att_type)
unless share_att_key. The embeddings are embedding_size wide, projected to hidden_size.
"""

from ....errors import ParamsumError
from ....layers.args import integer
from ..config import ConfigClass, divisible, steps
from ..encoders import Encoder, bert_layer, dense, layer_norm, linear, pooler, positions, table, then
from ..family import Family, part

NAMES = ("self.query_proj", "self.key_proj", "self.value_proj", "output.dense")


def _options(values):
    """DebertaV2Config: pos_att_type "p2c|c2p" → a list; pooler_hidden_size defaults to hidden_size."""
    kinds = values.get("pos_att_type")
    if isinstance(kinds, str):
        values["pos_att_type"] = [x.strip() for x in kinds.lower().split("|")]
    elif kinds is not None and not (isinstance(kinds, list) and all(isinstance(k, str) for k in kinds)):
        raise ParamsumError(f"pos_att_type: expected a list such as [\"p2c\", \"c2p\"] or \"p2c|c2p\"; "
                            f"received: {kinds!r}"[:200])
    if values.get("pooler_hidden_size") is None:
        values["pooler_hidden_size"] = values.get("hidden_size")


CONFIG = ConfigClass(
    {"vocab_size": 128100, "hidden_size": 1536, "num_hidden_layers": 24, "num_attention_heads": 24,
     "intermediate_size": 6144, "max_position_embeddings": 512, "type_vocab_size": 0, "relative_attention": False,
     "max_relative_positions": -1, "position_buckets": -1, "position_biased_input": True, "pos_att_type": None,
     "share_att_key": False, "norm_rel_ebd": "none", "conv_kernel_size": 0, "conv_groups": 1, "legacy": True,
     "embedding_size": None, "attention_head_size": None, "tie_word_embeddings": True},
    derive=steps(_options, divisible("hidden_size", "num_attention_heads")))


def table_size(c):
    """Rows of the relative position table a layer reads: position_buckets, else max_relative_positions."""
    buckets = c.checked("position_buckets", integer)
    positions = c.checked("max_relative_positions", integer)
    return buckets if buckets > 0 else positions if positions >= 1 else c.size("max_position_embeddings")


def layer(c):
    size = c.size("hidden_size")
    head = c.optional("attention_head_size")
    width = c.size("num_attention_heads") * (head or size // c.size("num_attention_heads"))
    kinds = c.get("pos_att_type") or []
    relative, shared = c.flag("relative_attention"), c.flag("share_att_key")
    span = table_size(c) if relative else None  # the relative embeddings a layer reads: 2 × span rows
    pos = ([] if not relative or shared
           else [part("Dense", f"attention.self.pos_{kind}_proj", in_features=size, out_features=width, rows=2 * span)
                 for kind, given in (("key", "c2p"), ("query", "p2c")) if given in kinds])
    if relative:
        heads = c.size("num_attention_heads")
        pos.append(part("RelativeScores", "attention.self.relative", num_attention_heads=heads,
                        head_dim=width // heads, span=span, kinds=len([k for k in ("c2p", "p2c") if k in kinds]),
                        shared_projections=shared))
    return bert_layer(c, NAMES, head, more=pos)


def body(rows, c, prefix, x):
    size = c.size("hidden_size")
    width = c.optional("embedding_size") or size
    tables = [table("word_embeddings", c.count("vocab_size"))]
    if c.flag("position_biased_input"):
        tables.append(table("position_embeddings", c.count("max_position_embeddings")))
    if c.count("type_vocab_size") > 0:
        tables.append(table("token_type_embeddings", c.count("type_vocab_size")))
    if width != size:
        tables.append(dense("embed_proj", width, size, bias=False))
    x = rows.part(f"{prefix}embeddings", "Composite", x, module="DebertaV2Embeddings", hidden_size=width,
                  out_size=size, tokens=True,
                  parts=[*tables, layer_norm("LayerNorm", size), *positions(c, "position_ids")])
    for index in range(c.depth("num_hidden_layers")):
        x = rows.part(f"{prefix}encoder.layer.{index}", "Block", x, module="DebertaV2Layer", hidden_size=size,
                      parts=layer(c))
    own = [table("rel_embeddings", 2 * table_size(c))] if c.flag("relative_attention") else []
    if "layer_norm" in [x.strip() for x in str(c.get("norm_rel_ebd")).lower().split("|")]:
        own.append(layer_norm("LayerNorm", size))
    if c.checked("conv_kernel_size", integer) > 0:
        own += [part("Conv", "conv.conv", kernel_size=c.size("conv_kernel_size"), groups=c.size("conv_groups")),
                layer_norm("conv.LayerNorm", size)]
    if own:  # the encoder's own weights, read by every layer
        x = rows.part(f"{prefix}encoder", "Block", x, module="DebertaV2Encoder", hidden_size=size, parts=own)
    return x


def mlm(rows, c, x, prefix):
    """The legacy head (cls.predictions: transform, decoder tied to the word embeddings) or lm_predictions.lm_head."""
    size, vocab = c.size("hidden_size"), c.count("vocab_size")
    if not c.flag("legacy"):
        return rows.part("lm_predictions.lm_head", "Composite", x, module="DebertaV2LMPredictionHead",
                         hidden_size=size, out_size=vocab,
                         parts=[dense("dense", size, size), layer_norm("LayerNorm", size),
                                part("Param", "bias", shape=[vocab]), part("Logits", "logits", out_features=vocab)])
    width = c.optional("embedding_size") or size
    tied = {"decoder.weight": f"{prefix}embeddings.word_embeddings.weight", "decoder.bias": "cls.predictions.bias"}
    return rows.part("cls.predictions", "Composite", x, module="LegacyDebertaV2LMPredictionHead", hidden_size=size,
                     out_size=vocab, tied=tied if c.tied else None,
                     parts=[dense("transform.dense", size, width), layer_norm("transform.LayerNorm", width),
                            dense("decoder", width, vocab), part("Param", "bias", shape=[vocab])])


POOLER = pooler("pooler", "pooler_hidden_size", module="ContextPooler", in_body=False)
HEADS = {"ForMaskedLM": mlm, "ForSequenceClassification": then(POOLER, linear("classifier")),
         "ForTokenClassification": linear("classifier"), "ForQuestionAnswering": linear("qa_outputs"),
         "ForMultipleChoice": then(POOLER, linear("classifier", 1))}

FAMILY = Family("deberta-v2", "DebertaV2", CONFIG, Encoder(body, "deberta"), HEADS)
