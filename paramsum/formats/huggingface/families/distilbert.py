"""distilbert (configuration_distilbert.py, modeling_distilbert.py): word and position embeddings, transformer.layer
blocks (q/k/v/out_lin, sa_layer_norm, ffn lin1/lin2, output_layer_norm), no pooler; sizes named dim, n_heads."""

from ....errors import ParamsumError
from ..config import ConfigClass, divisible, mirror, steps
from ..family import Family, attention, norm, part
from ._bertlike import Encoder, EncoderHead, linear

ALIASES = {"hidden_size": "dim", "num_attention_heads": "n_heads", "num_hidden_layers": "n_layers"}
CONFIG = ConfigClass(
    {"vocab_size": 30522, "max_position_embeddings": 512, "sinusoidal_pos_embds": False, "n_layers": 6,
     "n_heads": 12, "dim": 768, "hidden_dim": 3072, "tie_word_embeddings": True},
    ALIASES, derive=steps(divisible("dim", "n_heads"), mirror(ALIASES)))


def embeddings(c):
    positions = c.count("max_position_embeddings")
    return {"tables": [["word_embeddings", c.count("vocab_size")], ["position_embeddings", positions]],
            "norm": "LayerNorm", "buffers": [["position_ids", positions]]}


def block(c, index):
    return [attention(c, names=["q_lin", "k_lin", "v_lin", "out_lin"], name="attention", bias=True),
            norm(c, "sa_layer_norm", bias=True),
            part("MLP", "ffn", hidden_size=c.size("dim"), intermediate_size=c.size("hidden_dim"), bias=True,
                 names=["lin1", "lin2"]),
            norm(c, "output_layer_norm", bias=True)]


def masked_lm(rows, c, x, pooled, size, words):
    x = rows.linear("vocab_transform", x, size, size)
    x = rows.part("vocab_layer_norm", "Norm", x, module="LayerNorm", hidden_size=size, bias=True)
    rows.linear("vocab_projector", x, size, c.count("vocab_size"), tied_to=words)


def first_token(labels=None):
    """pre_classifier on the first token, then the classifier (num_labels outputs unless `labels`)."""
    def build(rows, c, x, pooled, size, words):
        x = rows.linear("pre_classifier", x, size, size, first_token=True)
        rows.linear("classifier", x, size, c.num_labels if labels is None else labels)
    return EncoderHead(build)


def question_answering(rows, c, x, pooled, size, words):
    if c.num_labels != 2:  # transformers: "config.num_labels should be 2"
        raise ParamsumError(f"DistilBertForQuestionAnswering needs num_labels=2; received: {c.num_labels}")
    rows.linear("qa_outputs", x, size, 2)


HEADS = {"ForMaskedLM": EncoderHead(masked_lm), "ForSequenceClassification": first_token(),
         "ForTokenClassification": linear("classifier"), "ForQuestionAnswering": EncoderHead(question_answering),
         "ForMultipleChoice": first_token(1)}
BODY = Encoder("distilbert", embeddings, block, layers="transformer.layer", pooler=False,
               classes={"embeddings": "Embeddings", "block": "TransformerBlock"})

FAMILY = Family("distilbert", "DistilBert", CONFIG, BODY, HEADS)
