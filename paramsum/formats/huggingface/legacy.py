"""The model types still written as one builder function each over their own module types (to be rows)."""

from __future__ import annotations

from ...errors import ParamsumError
from ...layers import layer_class
from ...layers.args import positive_int
from .config import ConfigClass
from .config import checked as _checked
from .family import Legacy


def _t5(values):
    if values.get("num_decoder_layers") is None:
        values["num_decoder_layers"] = values["num_layers"]
    # T5Config (transformers 5) always ties lm_head to `shared`; a false tie_word_embeddings
    # (T5 v1.1 checkpoints) only stops the decoder output scaling.
    values["tie_word_embeddings"] = True


BERT = {"vocab_size": 30522, "hidden_size": 768, "num_hidden_layers": 12, "num_attention_heads": 12,
        "intermediate_size": 3072, "max_position_embeddings": 512, "type_vocab_size": 2,
        "add_cross_attention": False, "tie_word_embeddings": True}
# Defaults from transformers' configuration_<model>.py.
CONFIGS = {
    "bert": ConfigClass(BERT),
    "roberta": ConfigClass({**BERT, "vocab_size": 50265}),
    "distilbert": ConfigClass(
        {"vocab_size": 30522, "max_position_embeddings": 512, "sinusoidal_pos_embds": False, "n_layers": 6,
         "n_heads": 12, "dim": 768, "hidden_dim": 3072, "tie_word_embeddings": True},
        {"hidden_size": "dim", "num_attention_heads": "n_heads", "num_hidden_layers": "n_layers"}),
    "gpt2": ConfigClass(
        {"vocab_size": 50257, "n_positions": 1024, "n_embd": 768, "n_layer": 12, "n_head": 12, "n_inner": None,
         "add_cross_attention": False, "tie_word_embeddings": True},
        {"hidden_size": "n_embd", "max_position_embeddings": "n_positions", "num_attention_heads": "n_head",
         "num_hidden_layers": "n_layer"}),
    "t5": ConfigClass(
        {"vocab_size": 32128, "d_model": 512, "d_kv": 64, "d_ff": 2048, "num_layers": 6, "num_decoder_layers": None,
         "num_heads": 8, "relative_attention_num_buckets": 32, "feed_forward_proj": "relu",
         "tie_word_embeddings": True},
        {"hidden_size": "d_model", "num_attention_heads": "num_heads", "num_hidden_layers": "num_layers",
         "head_dim": "d_kv"}, derive=_t5),
    "vit": ConfigClass(
        {"hidden_size": 768, "num_hidden_layers": 12, "num_attention_heads": 12, "intermediate_size": 3072,
         "image_size": 224, "patch_size": 16, "num_channels": 3, "qkv_bias": True, "pooler_output_size": None}),
}


def _int(values, name, kind=positive_int):
    return _checked(values, name, kind)


# -- the architectures, one builder per model type --------------------------------------------------


def bert_like(rows, c, arch, family):
    """BERT and RoBERTa: embeddings, encoder.layer.N, pooler when the model keeps it, then the head."""
    prefix = "" if arch == f"{family}Model" else f"{family.lower()}."
    size, labels = c.size("hidden_size"), c.num_labels
    x = rows.add(f"{prefix}embeddings", f"{family}Embeddings", rows.input("input_ids", [None]))
    x = rows.stack(f"{prefix}encoder.layer", f"{family}Layer", c.depth("num_hidden_layers"), x)
    words = f"{prefix}embeddings.word_embeddings.weight" if c.tied else None
    head = arch[len(family):]
    if head in ("Model", "ForSequenceClassification", "ForNextSentencePrediction", "ForPreTraining") \
            and family == "Bert" or head == "ForMultipleChoice":
        pooled = rows.add(f"{prefix}pooler", f"{family}Pooler", x)
        if head == "ForSequenceClassification":
            rows.linear("classifier", pooled, size, labels)
        elif head == "ForMultipleChoice":  # one score per (question, choice) row: choices are folded into the batch
            rows.linear("classifier", pooled, size, 1)
        elif head == "ForPreTraining":  # masked-word predictions on every token, is-next on the pooled one
            rows.add("cls.predictions", "BertLMPredictionHead", x, tied_to=words)
        if head in ("ForNextSentencePrediction", "ForPreTraining"):
            rows.linear("cls.seq_relationship", pooled, size, 2)
    elif head == "LMHeadModel":
        rows.add("cls", "BertOnlyMLMHead", x, tied_to=words)
    elif head == "Model":
        rows.add(f"{prefix}pooler", "RobertaPooler", x)
    elif head == "ForMaskedLM" and family == "Bert":
        rows.add("cls", "BertOnlyMLMHead", x, tied_to=words)
    elif head in ("ForMaskedLM", "ForCausalLM"):
        rows.add("lm_head", "RobertaLMHead", x, tied_to=words)
    elif head == "ForSequenceClassification":
        rows.add("classifier", "RobertaClassificationHead", x, num_labels=labels)
    elif head == "ForTokenClassification":
        rows.linear("classifier", x, size, labels)
    elif head == "ForQuestionAnswering":
        rows.linear("qa_outputs", x, size, 2)


def bert(rows, c, arch):
    bert_like(rows, c, arch, "Bert")


def roberta(rows, c, arch):
    bert_like(rows, c, arch, "Roberta")


def distilbert(rows, c, arch):
    prefix = "" if arch == "DistilBertModel" else "distilbert."
    size = c.size("dim")
    x = rows.add(f"{prefix}embeddings", "Embeddings", rows.input("input_ids", [None]))
    x = rows.stack(f"{prefix}transformer.layer", "TransformerBlock", c.depth("n_layers"), x)
    if arch == "DistilBertForMaskedLM":
        x = rows.linear("vocab_transform", x, size, size)
        x = rows.add("vocab_layer_norm", "LayerNorm", x, normalized_shape=size)
        rows.linear("vocab_projector", x, size, c.count("vocab_size"),
                    tied_to="distilbert.embeddings.word_embeddings.weight" if c.tied else None)
    elif arch == "DistilBertForSequenceClassification":
        x = rows.linear("pre_classifier", x, size, size, first_token=True)
        rows.linear("classifier", x, size, c.num_labels)
    elif arch == "DistilBertForMultipleChoice":
        x = rows.linear("pre_classifier", x, size, size, first_token=True)
        rows.linear("classifier", x, size, 1)
    elif arch == "DistilBertForTokenClassification":
        rows.linear("classifier", x, size, c.num_labels)
    elif arch == "DistilBertForQuestionAnswering":
        if c.num_labels != 2:
            raise ParamsumError(f"DistilBertForQuestionAnswering needs num_labels=2; received: {c.num_labels}")
        rows.linear("qa_outputs", x, size, 2)


def gpt2(rows, c, arch):
    prefix = "" if arch == "GPT2Model" else "transformer."
    size = c.size("n_embd")
    ids = rows.input("input_ids", [None])
    x = rows.add(f"{prefix}wte", "Embedding", ids, num_embeddings=c.count("vocab_size"), embedding_dim=size)
    rows.add(f"{prefix}wpe", "Embedding", ids, num_embeddings=c.count("n_positions"), embedding_dim=size)
    x = rows.stack(f"{prefix}h", "GPT2Block", c.depth("n_layer"), x)
    x = rows.add(f"{prefix}ln_f", "LayerNorm", x, normalized_shape=size)
    if arch in ("GPT2LMHeadModel", "GPT2DoubleHeadsModel"):
        rows.linear("lm_head", x, size, c.count("vocab_size"), bias=False,
                    tied_to="transformer.wte.weight" if c.tied else None)
    if arch == "GPT2DoubleHeadsModel":  # it sets num_labels to 1: one score per choice
        rows.add("multiple_choice_head", "GPT2SequenceSummary", x, num_labels=1)
    elif arch == "GPT2ForSequenceClassification":
        rows.linear("score", x, size, c.num_labels, bias=False)
    elif arch == "GPT2ForTokenClassification":
        rows.linear("classifier", x, size, c.num_labels)
    elif arch == "GPT2ForQuestionAnswering":  # start and end logits, whatever num_labels says
        rows.linear("qa_outputs", x, size, 2)


def t5(rows, c, arch):
    """shared embedding; encoder and decoder stacks (embed_tokens is `shared`); the head.

    The classification models keep the body under `transformer` (a T5Model, or a
    T5EncoderModel for token classification).
    """
    size, vocab = c.size("d_model"), c.count("vocab_size")
    prefix = "transformer." if arch in ("T5ForSequenceClassification", "T5ForTokenClassification") else ""
    stacks = [("encoder", rows.input("input_ids", [None]), c.depth("num_layers"))]
    if arch not in ("T5EncoderModel", "T5ForTokenClassification"):
        stacks.append(("decoder", rows.input("decoder_input_ids", [None]), c.depth("num_decoder_layers")))
    shared = f"{prefix}shared"
    rows.add(shared, "Embedding", stacks[0][1], num_embeddings=vocab, embedding_dim=size)
    memory = None
    for stack, tokens, count in stacks:
        x = rows.add(f"{prefix}{stack}.embed_tokens", "HFEmbedding", tokens, num_embeddings=vocab,
                     embedding_dim=size, tied_to=f"{shared}.weight")
        decoder = stack == "decoder"
        for index in range(count):
            inputs = (x, memory) if decoder else (x,)
            x = rows.add(f"{prefix}{stack}.block.{index}", "T5Block", *inputs, is_decoder=decoder,
                         has_relative_attention_bias=index == 0)
        x = memory = rows.add(f"{prefix}{stack}.final_layer_norm", "T5LayerNorm", x)
    if arch == "T5ForConditionalGeneration":
        rows.linear("lm_head", x, size, vocab, bias=False, tied_to="shared.weight" if c.tied else None)
    elif arch == "T5ForSequenceClassification":
        rows.add("classification_head", "T5ClassificationHead", x, num_labels=c.num_labels)
    elif arch == "T5ForTokenClassification":
        rows.linear("classifier", x, size, c.num_labels)
    elif arch == "T5ForQuestionAnswering":  # num_labels outputs (2 for start and end logits)
        rows.linear("qa_outputs", x, size, c.num_labels)


def vit(rows, c, arch):
    prefix = "" if arch == "ViTModel" else "vit."
    size = c.size("hidden_size")
    image = _checked(c.values, "image_size", layer_class("pytorch", "ViTEmbeddings").arguments["image_size"].kind)
    channels = _int(c.values, "num_channels")
    x = rows.add(f"{prefix}embeddings", "ViTEmbeddings", rows.input("pixel_values", [channels, *image]),
                 use_mask_token=False)
    x = rows.stack(f"{prefix}layers", "ViTLayer", c.depth("num_hidden_layers"), x)
    x = rows.add(f"{prefix}layernorm", "LayerNorm", x, normalized_shape=size)
    if arch == "ViTModel":
        rows.add("pooler", "ViTPooler", x)
    elif c.num_labels:
        rows.linear("classifier", x, size, c.num_labels, first_token=True)


HEADS = ("ForMaskedLM", "ForSequenceClassification", "ForTokenClassification", "ForQuestionAnswering",
         "ForMultipleChoice")
MODELS = {
    "bert": (bert, ["BertModel", *(f"Bert{h}" for h in HEADS), "BertForPreTraining", "BertForNextSentencePrediction",
                    "BertLMHeadModel"]),
    "roberta": (roberta, ["RobertaModel", "RobertaForCausalLM", *(f"Roberta{h}" for h in HEADS)]),
    "distilbert": (distilbert, ["DistilBertModel", *(f"DistilBert{h}" for h in HEADS)]),
    "gpt2": (gpt2, ["GPT2Model", "GPT2LMHeadModel", "GPT2ForSequenceClassification", "GPT2ForTokenClassification",
                    "GPT2ForQuestionAnswering", "GPT2DoubleHeadsModel"]),
    "t5": (t5, ["T5Model", "T5ForConditionalGeneration", "T5EncoderModel", "T5ForSequenceClassification",
                "T5ForTokenClassification", "T5ForQuestionAnswering"]),
    "vit": (vit, ["ViTModel", "ViTForImageClassification"]),
}


def family(model_type):
    """The Legacy family of a model type still written as a builder."""
    build, architectures = MODELS[model_type]
    return Legacy(model_type, CONFIGS[model_type], build, architectures)
