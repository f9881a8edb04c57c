"""Fixture configs of the gpt group: gpt2, gpt_bigcode, opt, bert, roberta, xlm-roberta, distilbert."""

GPT2 = {"n_embd": 32, "n_layer": 2, "n_head": 4, "vocab_size": 99, "n_positions": 64, "bos_token_id": 1,
        "eos_token_id": 2}
TINY = {"hidden_size": 32, "num_hidden_layers": 2, "num_attention_heads": 4, "intermediate_size": 37,
        "vocab_size": 99, "max_position_embeddings": 64}


def labels(count):
    return {str(i): f"LABEL_{i}" for i in range(count)}


OPT = {"hidden_size": 32, "num_hidden_layers": 2, "num_attention_heads": 4, "ffn_dim": 37, "vocab_size": 99,
       "max_position_embeddings": 64}

REAL = {
    # distilbert/distilbert-base-uncased-finetuned-sst-2-english's config.json, written out from the hub file.
    "distilbert_base_uncased_sst2": {
        "activation": "gelu", "architectures": ["DistilBertForSequenceClassification"], "attention_dropout": 0.1,
        "dim": 768, "dropout": 0.1, "finetuning_task": "sst-2", "hidden_dim": 3072,
        "id2label": {"0": "NEGATIVE", "1": "POSITIVE"}, "initializer_range": 0.02,
        "label2id": {"NEGATIVE": 0, "POSITIVE": 1}, "max_position_embeddings": 512, "model_type": "distilbert",
        "n_heads": 12, "n_layers": 6, "output_past": True, "pad_token_id": 0, "qa_dropout": 0.1,
        "seq_classif_dropout": 0.2, "sinusoidal_pos_embds": False, "tie_weights_": True, "vocab_size": 30522},
    # FacebookAI/roberta-large's config as transformers 4.52.4 prints it (a public copy).
    "roberta_large": {
        "architectures": ["RobertaForMaskedLM"], "attention_probs_dropout_prob": 0.1, "bos_token_id": 0,
        "classifier_dropout": None, "eos_token_id": 2, "hidden_act": "gelu", "hidden_dropout_prob": 0.1,
        "hidden_size": 1024, "initializer_range": 0.02, "intermediate_size": 4096, "layer_norm_eps": 1e-05,
        "max_position_embeddings": 514, "model_type": "roberta", "num_attention_heads": 16, "num_hidden_layers": 24,
        "pad_token_id": 1, "position_embedding_type": "absolute", "torch_dtype": "float32",
        "transformers_version": "4.52.4", "type_vocab_size": 1, "use_cache": True, "vocab_size": 50265},
    # facebook/opt-350m's config.json (a public copy of the hub file): word_embed_proj_dim 512 ≠ hidden_size,
    # post-norm blocks without the final LayerNorm.
    "opt_350m": {
        "activation_dropout": 0.0, "activation_function": "relu", "architectures": ["OPTForCausalLM"],
        "attention_dropout": 0.0, "bos_token_id": 2, "do_layer_norm_before": False, "dropout": 0.1,
        "eos_token_id": 2, "ffn_dim": 4096, "hidden_size": 1024, "init_std": 0.02, "layerdrop": 0.0,
        "max_position_embeddings": 2048, "model_type": "opt", "num_attention_heads": 16, "num_hidden_layers": 24,
        "pad_token_id": 1, "prefix": "</s>", "torch_dtype": "float16", "transformers_version": "4.19.2",
        "use_cache": True, "vocab_size": 50272, "word_embed_proj_dim": 512},
    # facebook/opt-125m's config.json, written out field by field from the hub file.
    "opt_125m": {
        "_name_or_path": "facebook/opt-125m", "activation_dropout": 0.0, "activation_function": "relu",
        "architectures": ["OPTForCausalLM"], "attention_dropout": 0.0, "bos_token_id": 2,
        "do_layer_norm_before": True, "dropout": 0.1, "eos_token_id": 2, "ffn_dim": 3072, "hidden_size": 768,
        "init_std": 0.02, "layerdrop": 0.0, "max_position_embeddings": 2048, "model_type": "opt",
        "num_attention_heads": 12, "num_hidden_layers": 12, "pad_token_id": 1, "prefix": "</s>",
        "torch_dtype": "float16", "transformers_version": "4.21.0.dev0", "use_cache": True, "vocab_size": 50272,
        "word_embed_proj_dim": 768},
    # bigcode/starcoder's config.json, written out field by field from the hub file (sizes as published).
    "gpt_bigcode_starcoder": {
        "activation_function": "gelu_pytorch_tanh", "architectures": ["GPTBigCodeForCausalLM"],
        "attention_softmax_in_fp32": True, "attn_pdrop": 0.1, "bos_token_id": 0, "embd_pdrop": 0.1,
        "eos_token_id": 0, "inference_runner": 0, "initializer_range": 0.02, "layer_norm_epsilon": 1e-05,
        "max_batch_size": None, "max_sequence_length": None, "model_type": "gpt_bigcode", "multi_query": True,
        "n_embd": 6144, "n_head": 48, "n_inner": 24576, "n_layer": 40, "n_positions": 8192, "pad_key_length": True,
        "pre_allocate_kv_cache": False, "resid_pdrop": 0.1, "scale_attention_softmax_in_fp32": True,
        "scale_attn_weights": True, "summary_activation": None, "summary_first_dropout": 0.1,
        "summary_proj_to_labels": True, "summary_type": "cls_index", "summary_use_proj": True,
        "torch_dtype": "float32", "transformers_version": "4.28.1", "use_cache": True,
        "validate_runner_input": True, "vocab_size": 49152},
    # GPT-2 medium's config.json (openai-community/gpt2-medium), sizes as published.
    "gpt2_medium": {
        "activation_function": "gelu_new", "architectures": ["GPT2LMHeadModel"], "attn_pdrop": 0.1,
        "bos_token_id": 50256, "embd_pdrop": 0.1, "eos_token_id": 50256, "initializer_range": 0.02,
        "layer_norm_epsilon": 1e-05, "model_type": "gpt2", "n_ctx": 1024, "n_embd": 1024, "n_head": 16,
        "n_layer": 24, "n_positions": 1024, "n_special": 0, "predict_special_tokens": True, "resid_pdrop": 0.1,
        "summary_activation": None, "summary_first_dropout": 0.1, "summary_proj_to_labels": True,
        "summary_type": "cls_index", "summary_use_proj": True,
        "task_specific_params": {"text-generation": {"do_sample": True, "max_length": 50}}, "vocab_size": 50257},
    "gpt2_tiny_double_heads_hidden": {"model_type": "gpt2", "architectures": ["GPT2DoubleHeadsModel"], **GPT2,
                                      "summary_proj_to_labels": False},
    "gpt2_tiny_double_heads_no_proj": {"model_type": "gpt2", "architectures": ["GPT2DoubleHeadsModel"], **GPT2,
                                       "summary_use_proj": False},
    # The published config.json of AlexKay/xlm-roberta-large-qa-multilingual-finedtuned-ru, verbatim.
    "xlm_roberta_large_qa_ru": {
        "_name_or_path": "AlexKay/xlm-roberta-large-qa-multilingual-finedtuned-ru",
        "architectures": ["XLMRobertaForQuestionAnswering"], "attention_probs_dropout_prob": 0.1,
        "bos_token_id": 0, "eos_token_id": 2, "gradient_checkpointing": False, "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1, "hidden_size": 1024, "initializer_range": 0.02, "intermediate_size": 4096,
        "language": "english", "layer_norm_eps": 1e-05, "max_position_embeddings": 514,
        "model_type": "xlm-roberta", "name": "XLMRoberta", "num_attention_heads": 16, "num_hidden_layers": 24,
        "output_past": True, "pad_token_id": 1, "position_embedding_type": "absolute",
        "transformers_version": "4.6.1", "type_vocab_size": 1, "use_cache": True, "vocab_size": 250002},
    # FacebookAI/xlm-roberta-base's config.json, every field as published (written out from the hub file).
    "xlm_roberta_base": {
        "architectures": ["XLMRobertaForMaskedLM"], "attention_probs_dropout_prob": 0.1, "bos_token_id": 0,
        "eos_token_id": 2, "hidden_act": "gelu", "hidden_dropout_prob": 0.1, "hidden_size": 768,
        "initializer_range": 0.02, "intermediate_size": 3072, "layer_norm_eps": 1e-05,
        "max_position_embeddings": 514, "model_type": "xlm-roberta", "num_attention_heads": 12,
        "num_hidden_layers": 12, "output_past": True, "pad_token_id": 1, "position_embedding_type": "absolute",
        "transformers_version": "4.17.0.dev0", "type_vocab_size": 1, "use_cache": True, "vocab_size": 250002},
    # qa_outputs has num_labels outputs (its forward wants 2: built on the meta device)
    "xlm_roberta_tiny_qa_3": {"model_type": "xlm-roberta", "architectures": ["XLMRobertaForQuestionAnswering"],
                              **TINY, "num_labels": 3},
    "bert_tiny_qa_3": {"model_type": "bert", "architectures": ["BertForQuestionAnswering"], **TINY, "num_labels": 3},
    "xlm_roberta_tiny_choice": {"model_type": "xlm-roberta", "architectures": ["XLMRobertaForMultipleChoice"],
                                **TINY},
}

SMALL = {
    "distilbert_tiny_mlm_untied": {"model_type": "distilbert", "architectures": ["DistilBertForMaskedLM"], "dim": 32,
                                   "n_layers": 2, "n_heads": 4, "hidden_dim": 37, "vocab_size": 99,
                                   "max_position_embeddings": 40, "tie_word_embeddings": False},
    "opt_tiny": {"model_type": "opt", "architectures": ["OPTForCausalLM"], **OPT},
    "opt_tiny_projected": {"model_type": "opt", "architectures": ["OPTForCausalLM"], **OPT, "word_embed_proj_dim": 16,
                           "do_layer_norm_before": False, "tie_word_embeddings": False},
    "opt_tiny_model": {"model_type": "opt", **OPT, "word_embed_proj_dim": 16, "enable_bias": False,
                       "layer_norm_elementwise_affine": False},
    "opt_tiny_removed_norm": {"model_type": "opt", "architectures": ["OPTForCausalLM"], **OPT,
                              "_remove_final_layer_norm": True},
    "opt_tiny_cls": {"model_type": "opt", "architectures": ["OPTForSequenceClassification"], **OPT,
                     "word_embed_proj_dim": 16, "num_labels": 3},
    "opt_tiny_qa": {"model_type": "opt", "architectures": ["OPTForQuestionAnswering"], **OPT},
    "gpt_bigcode_tiny": {"model_type": "gpt_bigcode", "architectures": ["GPTBigCodeForCausalLM"], **GPT2},
    "gpt_bigcode_tiny_mha_cross": {"model_type": "gpt_bigcode", "architectures": ["GPTBigCodeForCausalLM"], **GPT2,
                                   "multi_query": False, "add_cross_attention": True, "n_inner": 50,
                                   "tie_word_embeddings": False},
    "gpt_bigcode_tiny_cls": {"model_type": "gpt_bigcode", "architectures": ["GPTBigCodeForSequenceClassification"],
                             **GPT2, "pad_token_id": 0, "num_labels": 3},
    "gpt_bigcode_tiny_token": {"model_type": "gpt_bigcode", "architectures": ["GPTBigCodeForTokenClassification"],
                               **GPT2, "n_layer": 1, "id2label": labels(4)},
    "gpt2_tiny_untied": {"model_type": "gpt2", "architectures": ["GPT2LMHeadModel"], **GPT2, "n_inner": 20,
                         "tie_word_embeddings": False},
    "xlm_roberta_tiny": {"model_type": "xlm-roberta", **TINY},
    "xlm_roberta_tiny_mlm": {"model_type": "xlm-roberta", "architectures": ["XLMRobertaForMaskedLM"], **TINY,
                             "type_vocab_size": 1},
    "xlm_roberta_tiny_mlm_untied": {"model_type": "xlm-roberta", "architectures": ["XLMRobertaForMaskedLM"],
                                    **TINY, "tie_word_embeddings": False},
    "xlm_roberta_tiny_cls": {"model_type": "xlm-roberta", "architectures": ["XLMRobertaForSequenceClassification"],
                             **TINY, "id2label": labels(3)},
    "xlm_roberta_tiny_token": {"model_type": "xlm-roberta", "architectures": ["XLMRobertaForTokenClassification"],
                               **TINY, "num_labels": 5},
    "xlm_roberta_tiny_qa": {"model_type": "xlm-roberta", "architectures": ["XLMRobertaForQuestionAnswering"],
                            **TINY},
    "xlm_roberta_tiny_causal_cross": {"model_type": "xlm-roberta", "architectures": ["XLMRobertaForCausalLM"],
                                      **TINY, "is_decoder": True, "add_cross_attention": True},
    "roberta_tiny_token": {"model_type": "roberta", "architectures": ["RobertaForTokenClassification"], **TINY,
                           "num_labels": 3, "type_vocab_size": 1},
    "bert_tiny_model_cross": {"model_type": "bert", **TINY, "is_decoder": True, "add_cross_attention": True},
}
