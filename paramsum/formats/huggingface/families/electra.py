"""electra (configuration_electra.py, modeling_electra.py): BERT's layers after embedding_size-wide embeddings.

The embeddings are projected to hidden_size (embeddings_project) when the two differ; the
discriminator (ForPreTraining) scores every token, the generator (ForMaskedLM, ForCausalLM)
predicts words through embedding_size (its lm head tied to the word embeddings).
"""

from ..config import ConfigClass
from ..encoders import Encoder, bert_attention, bert_embeddings, dense, layer_norm, linear
from ..family import Family, refuse

NAMES = ("self.query", "self.key", "self.value", "output.dense")


def _check(values):
    if values.get("add_cross_attention") and not values.get("is_decoder"):
        refuse("add_cross_attention=true needs is_decoder=true: transformers' ElectraLayer "
               "should be used as a decoder model if cross attention is added")


CONFIG = ConfigClass(
    {"vocab_size": 30522, "embedding_size": 128, "hidden_size": 256, "num_hidden_layers": 12,
     "num_attention_heads": 4, "intermediate_size": 1024, "max_position_embeddings": 512, "type_vocab_size": 2,
     "is_decoder": False, "add_cross_attention": False, "summary_type": "first", "summary_use_proj": True,
     "tie_word_embeddings": True}, derive=_check)


def layer(c):
    size, inner = c.size("hidden_size"), c.size("intermediate_size")
    cross = c.flag("add_cross_attention")
    blocks = ("attention", "crossattention") if cross else ("attention",)
    return [*(p for block in blocks for p in (*bert_attention(c, block, NAMES),
                                              layer_norm(f"{block}.output.LayerNorm", size))),
            dense("intermediate.dense", size, inner), dense("output.dense", inner, size),
            layer_norm("output.LayerNorm", size)]


def body(rows, c, prefix, x):
    width, size = c.size("embedding_size"), c.size("hidden_size")
    x = rows.part(f"{prefix}embeddings", "Composite", x, module="ElectraEmbeddings", hidden_size=width, tokens=True,
                  parts=bert_embeddings(c, width))
    if width != size:
        x = rows.linear(f"{prefix}embeddings_project", x, width, size)
    for index in range(c.depth("num_hidden_layers")):
        x = rows.part(f"{prefix}encoder.layer.{index}", "Block", x, module="ElectraLayer", hidden_size=size,
                      parts=layer(c))
    return x


def discriminator(rows, c, x, prefix):
    size = c.size("hidden_size")
    x = rows.linear("discriminator_predictions.dense", x, size, size)
    return rows.linear("discriminator_predictions.dense_prediction", x, size, 1)


def generator(rows, c, x, prefix):
    width, size = c.size("embedding_size"), c.size("hidden_size")
    x = rows.part("generator_predictions", "Composite", x, module="ElectraGeneratorPredictions", hidden_size=size,
                  out_size=width, parts=[layer_norm("LayerNorm", width), dense("dense", size, width)])
    return rows.linear("generator_lm_head", x, width, c.count("vocab_size"),
                       tied_to=f"{prefix}embeddings.word_embeddings.weight" if c.tied else None)


def classifier(rows, c, x, prefix):
    size = c.size("hidden_size")
    return rows.part("classifier", "Composite", x, module="ElectraClassificationHead", hidden_size=size,
                     first_token=True, out_size=c.num_labels,
                     parts=[dense("dense", size, size), dense("out_proj", size, c.num_labels)])


def choice(rows, c, x, prefix):
    """ElectraSequenceSummary on the first token: a dense to hidden_size (num_labels with summary_proj_to_labels)
    when summary_use_proj, else no weights; then one score per choice."""
    size = c.size("hidden_size")
    if c.get("summary_type") == "attn":
        refuse("summary_type='attn' is not implemented in transformers' ElectraSequenceSummary")
    if not c.flag("summary_use_proj"):
        return rows.linear("classifier", x, size, 1, first_token=True)
    out = c.num_labels if c.flag("summary_proj_to_labels", False) and c.num_labels > 0 else size
    x = rows.part("sequence_summary", "Composite", x, module="ElectraSequenceSummary", hidden_size=size,
                  first_token=True, out_size=out, parts=[dense("summary", size, out)])
    return rows.linear("classifier", x, size, 1)


HEADS = {"ForPreTraining": discriminator, "ForMaskedLM": generator, "ForCausalLM": generator,
         "ForSequenceClassification": classifier, "ForTokenClassification": linear("classifier"),
         "ForQuestionAnswering": linear("qa_outputs"), "ForMultipleChoice": choice}

FAMILY = Family("electra", "Electra", CONFIG, Encoder(body, "electra"), HEADS)
