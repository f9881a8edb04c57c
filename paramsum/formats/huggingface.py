"""Read a Hugging Face config.json into a Graph of the model transformers builds from it.

The model is `architectures[0]` (else the base model of `model_type`), as
`AutoModelFor….from_config(config)` builds it. Its rows are the modules at a
readable depth, named by their paths in the model (`bert.encoder.layer.0`,
`model.layers.31`, `lm_head`), so that a row's name + "." + a weight's name is
a name of `model.named_parameters()`. Fields missing from the file take the
defaults of transformers' config class for that model type. A weight shared
with another module (tie_word_embeddings) is counted once, where it is first
registered, as `model.parameters()` counts it; the other row says so.
"""

from __future__ import annotations

from ..errors import ParamsumError, suggest
from ..graph import Graph, LayerSpec, Ref, is_chain
from ..layers import layer_class
from ..layers.args import boolean, nonneg_int, optional, positive_int
from ..layers.huggingface.common import HFModule
from ..summary import DTYPE_BYTES


class ConfigClass:
    """A transformers config class: its defaults, its aliases (attribute_map) and the fields derived from others."""

    def __init__(self, defaults, aliases=None, derive=None):
        self.defaults = defaults
        self.aliases = aliases or {}
        self.derive = derive


def _head_dim(values):
    if values.get("head_dim") is None:
        values["head_dim"] = _int(values, "hidden_size") // _int(values, "num_attention_heads")


def _decoder(values):
    _head_dim(values)
    if values.get("num_key_value_heads") is None:
        values["num_key_value_heads"] = values["num_attention_heads"]


def _llama(values):
    """LlamaConfig.validate_architecture; Mistral and Qwen2 build any size (head_dim rounds down)."""
    _decoder(values)
    size, heads = _int(values, "hidden_size"), _int(values, "num_attention_heads")
    if size % heads:
        raise ParamsumError(f"hidden_size must be divisible by num_attention_heads; received: hidden_size={size}, "
                            f"num_attention_heads={heads}")


def _t5(values):
    if values.get("num_decoder_layers") is None:
        values["num_decoder_layers"] = values["num_layers"]
    # T5Config (transformers 5) always ties lm_head to `shared`; a false tie_word_embeddings
    # (T5 v1.1 checkpoints) only stops the decoder output scaling.
    values["tie_word_embeddings"] = True


BERT = {"vocab_size": 30522, "hidden_size": 768, "num_hidden_layers": 12, "num_attention_heads": 12,
        "intermediate_size": 3072, "max_position_embeddings": 512, "type_vocab_size": 2,
        "add_cross_attention": False, "tie_word_embeddings": True}
DECODER = {"vocab_size": 32000, "hidden_size": 4096, "num_hidden_layers": 32, "num_attention_heads": 32,
           "head_dim": None, "tie_word_embeddings": False}

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
    "llama": ConfigClass({**DECODER, "intermediate_size": 11008, "num_key_value_heads": None,
                          "attention_bias": False, "mlp_bias": False}, derive=_llama),
    "mistral": ConfigClass({**DECODER, "intermediate_size": 14336, "num_key_value_heads": 8}, derive=_decoder),
    "qwen2": ConfigClass({**DECODER, "vocab_size": 151936, "intermediate_size": 22016, "num_key_value_heads": 32},
                         derive=_decoder),
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


def _checked(values, name, kind):
    raw = values.get(name)
    try:
        return kind(raw)
    except ValueError as reason:
        raise ParamsumError(f"{name}: {reason}; received: {name}={raw!r}") from None


MAX_REPEATS = 10_000  # layers of a stack; sizes (vocab_size …) are not listed one by one and have no limit


class Config:
    """The fields of one config.json over its config class's defaults."""

    def __init__(self, data, model_type):
        self.data = data
        self.model_type = model_type
        config_class = CONFIGS[model_type]
        values = dict(config_class.defaults)
        for key, value in data.items():
            values[config_class.aliases.get(key, key)] = value
        if config_class.derive:
            config_class.derive(values)
        self.values = values
        self.num_labels = self._num_labels()
        self.tied = _checked(values, "tie_word_embeddings", optional(boolean))

    def _num_labels(self):
        """num_labels when given (it wins over id2label, as in transformers), else len(id2label), else 2."""
        id2label = self.data.get("id2label")
        if self.data.get("num_labels") is not None:
            return _checked(self.data, "num_labels", nonneg_int)
        if id2label is not None:
            if not isinstance(id2label, dict):
                raise ParamsumError(f"id2label: expected a mapping of label ids to names; received: {id2label!r}")
            return len(id2label)
        return 2

    def size(self, name):
        return _int(self.values, name)

    def count(self, name):
        return _int(self.values, name, nonneg_int)

    def depth(self, name):
        """A number of stacked layers."""
        count = self.count(name)
        if count > MAX_REPEATS:
            raise ParamsumError(f"{name}={count} is more than paramsum lists (at most {MAX_REPEATS:,})")
        return count

    def args(self, cls):
        """The config fields a module type reads (its declared arguments), checked."""
        return {key: _checked(self.values, key, arg.kind) for key, arg in cls.arguments.items()
                if key in self.values}


class Rows:
    """The graph under construction: rows in execution order, each fed by earlier ones."""

    def __init__(self, config):
        self.config = config
        self.specs = []

    def input(self, name, shape):
        self.specs.append(LayerSpec(name=name, type="InputLayer", config={"shape": list(shape)}, calls=[[]]))
        return Ref(name)

    def add(self, name, type_name, *inputs, **args):
        """A row of module type `type_name`: its config fields, then `args` (the model's own choices)."""
        cls = layer_class("pytorch", type_name)
        config = self.config.args(cls) if issubclass(cls, HFModule) else {}
        config.update(args)
        self.specs.append(LayerSpec(name=name, type=type_name, config=config, calls=[list(inputs)]))
        return Ref(name)

    def stack(self, prefix, type_name, count, x, **args):
        for index in range(count):
            x = self.add(f"{prefix}.{index}", type_name, x, **args)
        return x

    def linear(self, name, x, in_features, out_features, bias=True, tied_to=None, first_token=False):
        return self.add(name, "HFLinear", x, in_features=in_features, out_features=out_features, bias=bias,
                        tied_to=tied_to, first_token=first_token)


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


# Llama's and Qwen2's question-answering models keep their body under `transformer`
# (base_model_prefix, kept for old checkpoints); every other decoder head under `model`.
QA_BODY = {"Llama": "transformer.", "Qwen2": "transformer.", "Mistral": "model."}


def decoder_only(rows, c, arch, family):
    """Llama, Mistral, Qwen2: embed_tokens, rotary_emb, layers.N, norm, then the head."""
    prefix = "" if arch == f"{family}Model" else "model."
    if arch == f"{family}ForQuestionAnswering":
        prefix = QA_BODY[family]
    size = c.size("hidden_size")
    x = rows.add(f"{prefix}embed_tokens", "Embedding", rows.input("input_ids", [None]),
                 num_embeddings=c.count("vocab_size"), embedding_dim=size)
    rows.add(f"{prefix}rotary_emb", f"{family}RotaryEmbedding", x)
    x = rows.stack(f"{prefix}layers", f"{family}DecoderLayer", c.depth("num_hidden_layers"), x)
    x = rows.add(f"{prefix}norm", f"{family}RMSNorm", x)
    if arch == f"{family}ForCausalLM":
        rows.linear("lm_head", x, size, c.count("vocab_size"), bias=False,
                    tied_to="model.embed_tokens.weight" if c.tied else None)
    elif arch == f"{family}ForSequenceClassification":
        rows.linear("score", x, size, c.num_labels, bias=False)
    elif arch == f"{family}ForTokenClassification":
        rows.linear("score", x, size, c.num_labels)
    elif arch == f"{family}ForQuestionAnswering":  # start and end logits, whatever num_labels says
        rows.linear("qa_outputs", x, size, 2)


def llama(rows, c, arch):
    decoder_only(rows, c, arch, "Llama")


def mistral(rows, c, arch):
    decoder_only(rows, c, arch, "Mistral")


def qwen2(rows, c, arch):
    decoder_only(rows, c, arch, "Qwen2")


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
DECODER_HEADS = ("ForCausalLM", "ForSequenceClassification", "ForTokenClassification", "ForQuestionAnswering")
MODELS = {
    "bert": (bert, ["BertModel", *(f"Bert{h}" for h in HEADS), "BertForPreTraining", "BertForNextSentencePrediction",
                    "BertLMHeadModel"]),
    "roberta": (roberta, ["RobertaModel", "RobertaForCausalLM", *(f"Roberta{h}" for h in HEADS)]),
    "distilbert": (distilbert, ["DistilBertModel", *(f"DistilBert{h}" for h in HEADS)]),
    "gpt2": (gpt2, ["GPT2Model", "GPT2LMHeadModel", "GPT2ForSequenceClassification", "GPT2ForTokenClassification",
                    "GPT2ForQuestionAnswering", "GPT2DoubleHeadsModel"]),
    "llama": (llama, ["LlamaModel", *(f"Llama{h}" for h in DECODER_HEADS)]),
    "mistral": (mistral, ["MistralModel", *(f"Mistral{h}" for h in DECODER_HEADS)]),
    "qwen2": (qwen2, ["Qwen2Model", *(f"Qwen2{h}" for h in DECODER_HEADS)]),
    "t5": (t5, ["T5Model", "T5ForConditionalGeneration", "T5EncoderModel", "T5ForSequenceClassification",
                "T5ForTokenClassification", "T5ForQuestionAnswering"]),
    "vit": (vit, ["ViTModel", "ViTForImageClassification"]),
}


def build_huggingface(data):
    """A config.json mapping → the Graph of the model transformers builds from it."""
    model_type = _model_type(data)
    builder, architectures = MODELS[model_type]
    arch = _architecture(data, model_type, architectures)
    config = Config(data, model_type)
    rows = Rows(config)
    builder(rows, config, arch)
    dtype = data.get("torch_dtype") or data.get("dtype")  # the checkpoint's: it sizes the bytes
    outputs = [Ref(rows.specs[-1].name)]
    return Graph(name=str(data.get("_name_or_path") or arch), framework="pytorch", layers=rows.specs,
                 outputs=outputs, chain=is_chain(rows.specs, outputs),
                 dtype=dtype if isinstance(dtype, str) and dtype in DTYPE_BYTES else "float32")


def _model_type(data):
    model_type = data.get("model_type")
    if model_type is None:  # an old config: the architecture says which model it is
        architectures = data.get("architectures")
        architectures = architectures if isinstance(architectures, list) and architectures else [None]
        model_type = next((t for t, (_, names) in MODELS.items() if str(architectures[0]) in names), None)
        if model_type is None:
            raise ParamsumError(f"config has no model_type and architecture {architectures[0]!r} is not one "
                                f"paramsum knows", hint=f"supported model types: {', '.join(MODELS)}")
    if not isinstance(model_type, str):
        raise ParamsumError(f"model_type: expected a name such as 'bert'; received: model_type={model_type!r}")
    if model_type not in MODELS:
        hint = suggest(model_type, MODELS)
        raise ParamsumError(f"model_type '{model_type}' is not supported; supported: {', '.join(MODELS)}",
                            hint=hint)
    return model_type


def _architecture(data, model_type, supported):
    architectures = data.get("architectures")
    if architectures is None:
        return supported[0]
    if not isinstance(architectures, list) or not architectures or not isinstance(architectures[0], str):
        raise ParamsumError(f"architectures: expected a list of class names, e.g. [\"{supported[1]}\"]; "
                            f"received: {architectures!r}")
    arch = architectures[0]
    if arch not in supported:
        raise ParamsumError(f"architecture '{arch}' is not supported for model_type '{model_type}'; "
                            f"supported: {', '.join(supported)}", hint=suggest(arch, supported))
    return arch


__all__ = ["build_huggingface", "MODELS", "CONFIGS"]
