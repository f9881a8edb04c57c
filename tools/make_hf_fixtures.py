"""Regenerate tests/fixtures/huggingface/ from transformers: configs and what the real models hold.

For every config below this script writes <name>.config.json (the file paramsum
reads) and <name>.truth.json: the model class transformers builds from it, its
total parameter count (tied weights once, as model.parameters() counts them),
every named parameter and buffer with its shape, the class of every module, and
(for the small configs, which are run on a CPU) the output shape of every module.

Run it with a venv that has transformers 5.24.0 and torch (CPU is enough); no download
happens, models are built from their configs, the large ones on the meta device::

    python tools/make_hf_fixtures.py            # all configs
    python tools/make_hf_fixtures.py gpt2 t5_tiny
    python tools/make_hf_fixtures.py --check    # compare with the files, write nothing
"""

from __future__ import annotations

import json
import pathlib
import sys
import tempfile

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "huggingface"

TINY = {"hidden_size": 32, "num_hidden_layers": 2, "num_attention_heads": 4, "intermediate_size": 37,
        "vocab_size": 99, "max_position_embeddings": 64}
TINY_DECODER = {**TINY, "num_key_value_heads": 2, "bos_token_id": 1, "eos_token_id": 2}


def labels(count):
    return {str(i): f"LABEL_{i}" for i in range(count)}


# Published config.json files of well-known checkpoints (only the fields that matter kept
# verbatim where they change the model; the rest as published) and small variants.
REAL = {
    "bert_base_uncased": {
        "architectures": ["BertForMaskedLM"], "attention_probs_dropout_prob": 0.1, "gradient_checkpointing": False,
        "hidden_act": "gelu", "hidden_dropout_prob": 0.1, "hidden_size": 768, "initializer_range": 0.02,
        "intermediate_size": 3072, "layer_norm_eps": 1e-12, "max_position_embeddings": 512, "model_type": "bert",
        "num_attention_heads": 12, "num_hidden_layers": 12, "pad_token_id": 0,
        "position_embedding_type": "absolute", "transformers_version": "4.6.0.dev0", "type_vocab_size": 2,
        "use_cache": True, "vocab_size": 30522},
    "distilbert_base_uncased": {
        "activation": "gelu", "architectures": ["DistilBertForMaskedLM"], "attention_dropout": 0.1, "dim": 768,
        "dropout": 0.1, "hidden_dim": 3072, "initializer_range": 0.02, "max_position_embeddings": 512,
        "model_type": "distilbert", "n_heads": 12, "n_layers": 6, "pad_token_id": 0, "qa_dropout": 0.1,
        "seq_classif_dropout": 0.2, "sinusoidal_pos_embds": False, "tie_weights_": True,
        "transformers_version": "4.10.0.dev0", "vocab_size": 30522},
    "roberta_base": {
        "architectures": ["RobertaForMaskedLM"], "attention_probs_dropout_prob": 0.1, "bos_token_id": 0,
        "eos_token_id": 2, "hidden_act": "gelu", "hidden_dropout_prob": 0.1, "hidden_size": 768,
        "initializer_range": 0.02, "intermediate_size": 3072, "layer_norm_eps": 1e-05,
        "max_position_embeddings": 514, "model_type": "roberta", "num_attention_heads": 12,
        "num_hidden_layers": 12, "pad_token_id": 1, "type_vocab_size": 1, "vocab_size": 50265},
    "gpt2": {
        "activation_function": "gelu_new", "architectures": ["GPT2LMHeadModel"], "attn_pdrop": 0.1,
        "bos_token_id": 50256, "embd_pdrop": 0.1, "eos_token_id": 50256, "initializer_range": 0.02,
        "layer_norm_epsilon": 1e-05, "model_type": "gpt2", "n_ctx": 1024, "n_embd": 768, "n_head": 12,
        "n_layer": 12, "n_positions": 1024, "resid_pdrop": 0.1, "summary_activation": None,
        "summary_first_dropout": 0.1, "summary_proj_to_labels": True, "summary_type": "cls_index",
        "summary_use_proj": True, "task_specific_params": {"text-generation": {"do_sample": True, "max_length": 50}},
        "vocab_size": 50257},
    "llama2_7b": {
        "architectures": ["LlamaForCausalLM"], "bos_token_id": 1, "eos_token_id": 2, "hidden_act": "silu",
        "hidden_size": 4096, "initializer_range": 0.02, "intermediate_size": 11008, "max_position_embeddings": 4096,
        "model_type": "llama", "num_attention_heads": 32, "num_hidden_layers": 32, "num_key_value_heads": 32,
        "pretraining_tp": 1, "rms_norm_eps": 1e-05, "rope_scaling": None, "tie_word_embeddings": False,
        "torch_dtype": "float16", "transformers_version": "4.31.0.dev0", "use_cache": True, "vocab_size": 32000},
    "tinyllama_1_1b": {
        "architectures": ["LlamaForCausalLM"], "attention_bias": False, "bos_token_id": 1, "eos_token_id": 2,
        "hidden_act": "silu", "hidden_size": 2048, "initializer_range": 0.02, "intermediate_size": 5632,
        "max_position_embeddings": 2048, "model_type": "llama", "num_attention_heads": 32, "num_hidden_layers": 22,
        "num_key_value_heads": 4, "pretraining_tp": 1, "rms_norm_eps": 1e-05, "rope_scaling": None,
        "rope_theta": 10000.0, "tie_word_embeddings": False, "torch_dtype": "bfloat16",
        "transformers_version": "4.35.0", "use_cache": True, "vocab_size": 32000},
    "mistral_7b_v0_1": {
        "architectures": ["MistralForCausalLM"], "bos_token_id": 1, "eos_token_id": 2, "hidden_act": "silu",
        "hidden_size": 4096, "initializer_range": 0.02, "intermediate_size": 14336,
        "max_position_embeddings": 32768, "model_type": "mistral", "num_attention_heads": 32,
        "num_hidden_layers": 32, "num_key_value_heads": 8, "rms_norm_eps": 1e-05, "rope_theta": 10000.0,
        "sliding_window": 4096, "tie_word_embeddings": False, "torch_dtype": "bfloat16",
        "transformers_version": "4.34.0.dev0", "use_cache": True, "vocab_size": 32000},
    "qwen2_0_5b": {
        "architectures": ["Qwen2ForCausalLM"], "attention_dropout": 0.0, "bos_token_id": 151643,
        "eos_token_id": 151643, "hidden_act": "silu", "hidden_size": 896, "initializer_range": 0.02,
        "intermediate_size": 4864, "max_position_embeddings": 131072, "max_window_layers": 24,
        "model_type": "qwen2", "num_attention_heads": 14, "num_hidden_layers": 24, "num_key_value_heads": 2,
        "rms_norm_eps": 1e-06, "rope_theta": 1000000.0, "sliding_window": 131072, "tie_word_embeddings": True,
        "torch_dtype": "bfloat16", "transformers_version": "4.40.1", "use_cache": True,
        "use_sliding_window": False, "vocab_size": 151936},
    "t5_small": {
        "architectures": ["T5ForConditionalGeneration"], "d_ff": 2048, "d_kv": 64, "d_model": 512,
        "decoder_start_token_id": 0, "dropout_rate": 0.1, "eos_token_id": 1, "initializer_factor": 1.0,
        "is_encoder_decoder": True, "layer_norm_epsilon": 1e-06, "model_type": "t5", "n_positions": 512,
        "num_heads": 8, "num_layers": 6, "output_past": True, "pad_token_id": 0,
        "relative_attention_num_buckets": 32, "vocab_size": 32128},
    "vit_base_patch16_224": {
        "architectures": ["ViTForImageClassification"], "attention_probs_dropout_prob": 0.0, "hidden_act": "gelu",
        "hidden_dropout_prob": 0.0, "hidden_size": 768, "id2label": labels(1000), "image_size": 224,
        "initializer_range": 0.02, "intermediate_size": 3072, "layer_norm_eps": 1e-12, "model_type": "vit",
        "num_attention_heads": 12, "num_channels": 3, "num_hidden_layers": 12, "patch_size": 16, "qkv_bias": True},
    # Llama 3: GQA with 8 key/value heads and a 128256-token vocabulary; Mistral v0.2: no sliding window;
    # Flan-T5 writes tie_word_embeddings false, which transformers 5 overrides (T5 always ties lm_head).
    "llama3_8b": {"architectures": ["LlamaForCausalLM"], "attention_bias": False, "attention_dropout": 0.0,
        "bos_token_id": 128000, "eos_token_id": 128001, "hidden_act": "silu", "hidden_size": 4096,
        "initializer_range": 0.02, "intermediate_size": 14336, "max_position_embeddings": 8192,
        "model_type": "llama", "num_attention_heads": 32, "num_hidden_layers": 32, "num_key_value_heads": 8,
        "pretraining_tp": 1, "rms_norm_eps": 1e-05, "rope_scaling": None, "rope_theta": 500000.0,
        "tie_word_embeddings": False, "torch_dtype": "bfloat16", "transformers_version": "4.40.0.dev0",
        "use_cache": True, "vocab_size": 128256},
    "mistral_7b_instruct_v0_2": {"architectures": ["MistralForCausalLM"], "attention_dropout": 0.0,
        "bos_token_id": 1, "eos_token_id": 2, "hidden_act": "silu", "hidden_size": 4096, "initializer_range": 0.02,
        "intermediate_size": 14336, "max_position_embeddings": 32768, "model_type": "mistral",
        "num_attention_heads": 32, "num_hidden_layers": 32, "num_key_value_heads": 8, "rms_norm_eps": 1e-05,
        "rope_theta": 1000000.0, "sliding_window": None, "tie_word_embeddings": False, "torch_dtype": "bfloat16",
        "transformers_version": "4.36.0", "use_cache": True, "vocab_size": 32000},
    "flan_t5_base": {"architectures": ["T5ForConditionalGeneration"], "d_ff": 2048, "d_kv": 64, "d_model": 768,
        "decoder_start_token_id": 0, "dense_act_fn": "gelu_new", "dropout_rate": 0.1, "eos_token_id": 1,
        "feed_forward_proj": "gated-gelu", "initializer_factor": 1.0, "is_encoder_decoder": True,
        "is_gated_act": True, "layer_norm_epsilon": 1e-06, "model_type": "t5", "n_positions": 512,
        "num_decoder_layers": 12, "num_heads": 12, "num_layers": 12, "output_past": True, "pad_token_id": 0,
        "relative_attention_max_distance": 128, "relative_attention_num_buckets": 32, "tie_word_embeddings": False,
        "transformers_version": "4.23.1", "use_cache": True, "vocab_size": 32128},
    "bert_base_multilingual_cased": {"architectures": ["BertForMaskedLM"], "attention_probs_dropout_prob": 0.1,
        "directionality": "bidi", "hidden_act": "gelu", "hidden_dropout_prob": 0.1, "hidden_size": 768,
        "initializer_range": 0.02, "intermediate_size": 3072, "layer_norm_eps": 1e-12,
        "max_position_embeddings": 512, "model_type": "bert", "num_attention_heads": 12, "num_hidden_layers": 12,
        "pad_token_id": 0, "pooler_fc_size": 768, "pooler_num_attention_heads": 12, "pooler_num_fc_layers": 3,
        "pooler_size_per_head": 128, "pooler_type": "first_token_transform", "type_vocab_size": 2,
        "vocab_size": 119547},
    # Built on the meta device too: multiple choice takes (batch, choices, tokens), T5's classifier
    # end-of-sequence tokens, which the shape run does not make.
    "bert_tiny_choice": {"model_type": "bert", "architectures": ["BertForMultipleChoice"], **TINY},
    "roberta_tiny_choice": {"model_type": "roberta", "architectures": ["RobertaForMultipleChoice"], **TINY},
    "gpt2_tiny_double_heads": {"model_type": "gpt2", "architectures": ["GPT2DoubleHeadsModel"], "n_embd": 32,
                               "n_layer": 1, "n_head": 4, "vocab_size": 99, "n_positions": 64, "bos_token_id": 1,
                               "eos_token_id": 2},
    "distilbert_tiny_choice": {"model_type": "distilbert", "architectures": ["DistilBertForMultipleChoice"],
                               "dim": 32, "n_layers": 2, "n_heads": 4, "hidden_dim": 37, "vocab_size": 99},
    "t5_tiny_cls": {"model_type": "t5", "architectures": ["T5ForSequenceClassification"], "d_model": 32, "d_kv": 8,
                    "d_ff": 37, "num_layers": 2, "num_heads": 4, "vocab_size": 99, "num_labels": 3},
}
REAL["bert_base_model"] = {k: v for k, v in REAL["bert_base_uncased"].items() if k != "architectures"}

SMALL = {
    "bert_tiny": {"model_type": "bert", **TINY},
    "bert_tiny_mlm": {"model_type": "bert", "architectures": ["BertForMaskedLM"], **TINY, "type_vocab_size": 3},
    "bert_tiny_mlm_untied": {"model_type": "bert", "architectures": ["BertForMaskedLM"], **TINY,
                             "tie_word_embeddings": False},
    "bert_tiny_cls": {"model_type": "bert", "architectures": ["BertForSequenceClassification"], **TINY,
                      "id2label": labels(3)},
    "roberta_tiny_mlm": {"model_type": "roberta", "architectures": ["RobertaForMaskedLM"], **TINY,
                         "type_vocab_size": 1},
    "roberta_tiny_cls": {"model_type": "roberta", "architectures": ["RobertaForSequenceClassification"], **TINY,
                         "num_labels": 5},
    "roberta_tiny": {"model_type": "roberta", "architectures": ["RobertaModel"], **TINY},
    "distilbert_tiny": {"model_type": "distilbert", "dim": 32, "n_layers": 2, "n_heads": 4, "hidden_dim": 37,
                        "vocab_size": 99, "max_position_embeddings": 64},
    "distilbert_tiny_mlm": {"model_type": "distilbert", "architectures": ["DistilBertForMaskedLM"], "dim": 32,
                            "n_layers": 2, "n_heads": 4, "hidden_dim": 37, "vocab_size": 99},
    "distilbert_tiny_cls": {"model_type": "distilbert", "architectures": ["DistilBertForSequenceClassification"],
                            "dim": 32, "n_layers": 3, "n_heads": 2, "hidden_dim": 20, "vocab_size": 50,
                            "id2label": labels(4)},
    "gpt2_tiny": {"model_type": "gpt2", "architectures": ["GPT2LMHeadModel"], "n_embd": 32, "n_layer": 2,
                  "n_head": 4, "vocab_size": 99, "n_positions": 64, "bos_token_id": 1, "eos_token_id": 2},
    "gpt2_tiny_model": {"model_type": "gpt2", "architectures": ["GPT2Model"], "n_embd": 24, "n_layer": 3,
                        "n_head": 2, "n_inner": 50, "vocab_size": 99, "n_positions": 40, "bos_token_id": 1,
                        "eos_token_id": 2},
    "gpt2_tiny_cls": {"model_type": "gpt2", "architectures": ["GPT2ForSequenceClassification"], "n_embd": 32,
                      "n_layer": 1, "n_head": 4, "vocab_size": 99, "n_positions": 64, "bos_token_id": 1,
                      "eos_token_id": 2, "pad_token_id": 0, "num_labels": 3},
    "llama_tiny": {"model_type": "llama", "architectures": ["LlamaForCausalLM"], **TINY_DECODER},
    "llama_tiny_bias": {"model_type": "llama", "architectures": ["LlamaForCausalLM"], **TINY_DECODER,
                        "attention_bias": True, "mlp_bias": True, "head_dim": 16, "tie_word_embeddings": True},
    "llama_tiny_model": {"model_type": "llama", **TINY_DECODER, "num_key_value_heads": None},
    "llama_tiny_cls": {"model_type": "llama", "architectures": ["LlamaForSequenceClassification"],
                       **TINY_DECODER, "pad_token_id": 0, "num_labels": 3},
    "mistral_tiny": {"model_type": "mistral", "architectures": ["MistralForCausalLM"], **TINY_DECODER,
                     "sliding_window": 16},
    "qwen2_tiny": {"model_type": "qwen2", "architectures": ["Qwen2ForCausalLM"], **TINY_DECODER,
                   "tie_word_embeddings": True},
    "qwen2_tiny_cls": {"model_type": "qwen2", "architectures": ["Qwen2ForSequenceClassification"],
                       **TINY_DECODER, "pad_token_id": 0},
    "t5_tiny": {"model_type": "t5", "architectures": ["T5ForConditionalGeneration"], "d_model": 32, "d_kv": 8,
                "d_ff": 37, "num_layers": 2, "num_heads": 4, "vocab_size": 99, "relative_attention_num_buckets": 8},
    "t5_tiny_v1_1": {"model_type": "t5", "architectures": ["T5ForConditionalGeneration"], "d_model": 32,
                     "d_kv": 6, "d_ff": 37, "num_layers": 2, "num_decoder_layers": 3, "num_heads": 4,
                     "vocab_size": 99, "feed_forward_proj": "gated-gelu", "tie_word_embeddings": False},
    "t5_tiny_model": {"model_type": "t5", "architectures": ["T5Model"], "d_model": 32, "d_kv": 8, "d_ff": 37,
                      "num_layers": 1, "num_heads": 4, "vocab_size": 99},
    "vit_tiny": {"model_type": "vit", **TINY, "image_size": 32, "patch_size": 8},
    "vit_tiny_cls": {"model_type": "vit", "architectures": ["ViTForImageClassification"], **TINY,
                     "image_size": 30, "patch_size": 7, "num_channels": 2, "qkv_bias": False, "num_labels": 5},
    "bert_tiny_token": {"model_type": "bert", "architectures": ["BertForTokenClassification"], **TINY,
                        "num_labels": 4},
    "bert_tiny_qa": {"model_type": "bert", "architectures": ["BertForQuestionAnswering"], **TINY},
    "roberta_tiny_causal": {"model_type": "roberta", "architectures": ["RobertaForCausalLM"], **TINY,
                            "is_decoder": True, "tie_word_embeddings": False},
    "roberta_tiny_qa": {"model_type": "roberta", "architectures": ["RobertaForQuestionAnswering"], **TINY},
    "distilbert_tiny_token": {"model_type": "distilbert", "architectures": ["DistilBertForTokenClassification"],
                              "dim": 32, "n_layers": 1, "n_heads": 4, "hidden_dim": 37, "vocab_size": 99,
                              "sinusoidal_pos_embds": True, "num_labels": 6},
    "distilbert_tiny_qa": {"model_type": "distilbert", "architectures": ["DistilBertForQuestionAnswering"],
                           "dim": 32, "n_layers": 1, "n_heads": 4, "hidden_dim": 37, "vocab_size": 99},
    "gpt2_tiny_token": {"model_type": "gpt2", "architectures": ["GPT2ForTokenClassification"], "n_embd": 32,
                        "n_layer": 1, "n_head": 4, "vocab_size": 99, "n_positions": 64, "bos_token_id": 1,
                        "eos_token_id": 2, "num_labels": 3, "tie_word_embeddings": False},
    "mistral_tiny_cls": {"model_type": "mistral", "architectures": ["MistralForSequenceClassification"],
                         **TINY_DECODER, "pad_token_id": 0, "head_dim": 4},
    "qwen2_tiny_model": {"model_type": "qwen2", "architectures": ["Qwen2Model"], **TINY_DECODER},
    "t5_tiny_encoder": {"model_type": "t5", "architectures": ["T5EncoderModel"], "d_model": 32, "d_kv": 8,
                        "d_ff": 37, "num_layers": 2, "num_heads": 4, "vocab_size": 99},
    "llama_tiny_token": {"model_type": "llama", "architectures": ["LlamaForTokenClassification"], **TINY_DECODER,
                         "num_labels": 7},
    "llama_tiny_qa": {"model_type": "llama", "architectures": ["LlamaForQuestionAnswering"], **TINY_DECODER},
    "mistral_tiny_qa": {"model_type": "mistral", "architectures": ["MistralForQuestionAnswering"], **TINY_DECODER},
    "qwen2_tiny_token": {"model_type": "qwen2", "architectures": ["Qwen2ForTokenClassification"], **TINY_DECODER,
                         "id2label": labels(3)},
    "bert_tiny_pretraining": {"model_type": "bert", "architectures": ["BertForPreTraining"], **TINY},
    "bert_tiny_nsp": {"model_type": "bert", "architectures": ["BertForNextSentencePrediction"], **TINY},
    "bert_tiny_lm_head": {"model_type": "bert", "architectures": ["BertLMHeadModel"], **TINY, "is_decoder": True},
    "gpt2_tiny_qa": {"model_type": "gpt2", "architectures": ["GPT2ForQuestionAnswering"], "n_embd": 32, "n_layer": 1,
                     "n_head": 4, "vocab_size": 99, "n_positions": 64, "bos_token_id": 1, "eos_token_id": 2},
    "t5_tiny_token": {"model_type": "t5", "architectures": ["T5ForTokenClassification"], "d_model": 32, "d_kv": 8,
                      "d_ff": 37, "num_layers": 2, "num_heads": 4, "vocab_size": 99, "id2label": labels(5)},
    "t5_tiny_qa": {"model_type": "t5", "architectures": ["T5ForQuestionAnswering"], "d_model": 32, "d_kv": 8,
                   "d_ff": 37, "num_layers": 1, "num_decoder_layers": 2, "num_heads": 4, "vocab_size": 99},
    "bert_tiny_decoder_cross": {"model_type": "bert", "architectures": ["BertLMHeadModel"], **TINY, "is_decoder": True,
                                "add_cross_attention": True},
    "roberta_tiny_causal_cross": {"model_type": "roberta", "architectures": ["RobertaForCausalLM"], **TINY,
                                  "is_decoder": True, "add_cross_attention": True},
    "gpt2_tiny_cross": {"model_type": "gpt2", "architectures": ["GPT2LMHeadModel"], "n_embd": 32, "n_layer": 2,
                        "n_head": 4, "vocab_size": 99, "n_positions": 64, "bos_token_id": 1, "eos_token_id": 2,
                        "add_cross_attention": True},
}
SMALL["vit_tiny"].pop("vocab_size")
SMALL["vit_tiny_cls"].pop("vocab_size")


def _groups():
    """More configs, one module per group of model types under tools/hf_configs/ (REAL, SMALL, INPUTS)."""
    import importlib.util

    for path in sorted((pathlib.Path(__file__).parent / "hf_configs").glob("*.py")):
        spec = importlib.util.spec_from_file_location(f"hf_configs_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        yield module


INPUTS = {}  # model_type → function(model, torch) → the keyword inputs of a forward run on a batch of 2
for _group in _groups():
    for _table, _more in ((REAL, getattr(_group, "REAL", {})), (SMALL, getattr(_group, "SMALL", {}))):
        _clash = set(_more) & (set(REAL) | set(SMALL))
        if _clash:
            sys.exit(f"{_group.__name__}: config names already used: {', '.join(sorted(_clash))}")
        _table.update(_more)
    INPUTS.update(getattr(_group, "INPUTS", {}))


def build(config_dict, meta):
    import torch
    import transformers

    with tempfile.TemporaryDirectory() as folder:
        (pathlib.Path(folder) / "config.json").write_text(json.dumps(config_dict))
        config = transformers.AutoConfig.from_pretrained(folder)
    architectures = config_dict.get("architectures")
    cls = getattr(transformers, architectures[0], None) if architectures else transformers.AutoModel
    if cls is None:  # a class of the checkpoint's own code (MPTForCausalLM): what the Auto class builds
        cls = transformers.AutoModelForCausalLM if architectures[0].endswith("ForCausalLM") else transformers.AutoModel
    with torch.device("meta" if meta else "cpu"):
        model = cls.from_config(config) if cls.__name__.startswith("Auto") else cls(config)
    return model.eval(), config


def run_shapes(model, config_dict):
    """Output shape of every module on a batch of 2 (token sequences of 7, decoder 5)."""
    import torch

    shapes = {}

    def first_tensor(output):
        if isinstance(output, torch.Tensor):
            return output
        values = output.values() if isinstance(output, dict) else output
        for value in values if isinstance(values, (list, tuple)) or hasattr(values, "__iter__") else ():
            if isinstance(value, torch.Tensor):
                return value
        return None

    def hook(name):
        def record(module, args, output):
            tensor = first_tensor(output)
            if tensor is not None and name not in shapes:
                shapes[name] = list(tensor.shape)
        return record

    handles = [module.register_forward_hook(hook(name)) for name, module in model.named_modules() if name]
    if config_dict["model_type"] in INPUTS:
        inputs = INPUTS[config_dict["model_type"]](model, torch)
    elif config_dict["model_type"] == "vit":
        size, channels = model.config.image_size, model.config.num_channels
        inputs = {"pixel_values": torch.randn(2, channels, size, size)}
    else:
        inputs = {"input_ids": torch.randint(3, model.config.vocab_size, (2, 7))}
        if config_dict["model_type"] == "t5" or getattr(model.config, "is_encoder_decoder", False):
            inputs["decoder_input_ids"] = torch.randint(3, model.config.vocab_size, (2, 5))
    with torch.no_grad():
        model(**inputs)
    for handle in handles:
        handle.remove()
    return shapes


def truth(name, config_dict, meta):
    model, _ = build(config_dict, meta)
    return {
        "class": type(model).__name__,
        "total": sum(p.numel() for p in model.parameters()),
        "parameters": [[n, list(p.shape), p.requires_grad] for n, p in model.named_parameters()],
        "buffers": [[n, list(b.shape), str(b.dtype).replace("torch.", "")] for n, b in model.named_buffers()],
        "modules": {n: type(m).__name__ for n, m in model.named_modules() if n},
        "shapes": {} if meta else run_shapes(model, config_dict),
    }


TRANSFORMERS = "5.24.0"  # the version the fixtures (and paramsum's counts) are those of


def main(argv):
    import transformers

    if transformers.__version__ != TRANSFORMERS:
        sys.exit(f"the fixtures are transformers {TRANSFORMERS}'s; this is {transformers.__version__}: "
                 f"pip install transformers=={TRANSFORMERS}")
    check = "--check" in argv
    names = [a for a in argv if not a.startswith("--")]
    cases = {**{k: (v, True) for k, v in REAL.items()}, **{k: (v, False) for k, v in SMALL.items()}}
    unknown = [n for n in names if n not in cases]
    if unknown:
        sys.exit(f"unknown config(s): {', '.join(unknown)}; known: {', '.join(cases)}")
    OUT.mkdir(parents=True, exist_ok=True)
    stale = []
    for name in names or cases:
        config_dict, meta = cases[name]
        files = {OUT / f"{name}.config.json": config_dict, OUT / f"{name}.truth.json": truth(name, config_dict, meta)}
        for path, content in files.items():
            text = json.dumps(content, indent=1) + "\n"
            if check:
                if not path.exists() or path.read_text() != text:
                    stale.append(path.name)
            else:
                path.write_text(text)
        print(f"{name}: {files[OUT / f'{name}.truth.json']['class']} {files[OUT / f'{name}.truth.json']['total']:,}")
    if stale:
        sys.exit("out of date: " + ", ".join(stale))


if __name__ == "__main__":
    main(sys.argv[1:])
