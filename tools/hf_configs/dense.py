"""Dense decoders: qwen3, gemma, gemma2, gemma3_text, cohere, granite, olmo, olmo2, starcoder2."""

TINY = {"hidden_size": 32, "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2,
        "intermediate_size": 37, "vocab_size": 99, "max_position_embeddings": 64, "bos_token_id": 1,
        "eos_token_id": 2}


def labels(count):
    return {str(i): f"LABEL_{i}" for i in range(count)}


REAL = {
    # Qwen/Qwen3-4B config.json, verbatim: tied embeddings, head_dim 128 over hidden_size 2560.
    "qwen3_4b": {
        "architectures": ["Qwen3ForCausalLM"], "attention_bias": False, "attention_dropout": 0.0,
        "bos_token_id": 151643, "eos_token_id": 151645, "head_dim": 128, "hidden_act": "silu", "hidden_size": 2560,
        "initializer_range": 0.02, "intermediate_size": 9728, "max_position_embeddings": 40960,
        "max_window_layers": 36, "model_type": "qwen3", "num_attention_heads": 32, "num_hidden_layers": 36,
        "num_key_value_heads": 8, "rms_norm_eps": 1e-06, "rope_scaling": None, "rope_theta": 1000000,
        "sliding_window": None, "tie_word_embeddings": True, "torch_dtype": "bfloat16",
        "transformers_version": "4.51.0", "use_cache": True, "use_sliding_window": False, "vocab_size": 151936},
}

SMALL = {
    "qwen3_tiny": {"model_type": "qwen3", "architectures": ["Qwen3ForCausalLM"], **TINY, "head_dim": 16},
    "qwen3_tiny_bias_tied": {"model_type": "qwen3", "architectures": ["Qwen3ForCausalLM"], **TINY,
                             "attention_bias": True, "tie_word_embeddings": True, "head_dim": 8},
    "qwen3_tiny_model": {"model_type": "qwen3", **TINY, "num_key_value_heads": None},
    "qwen3_tiny_cls": {"model_type": "qwen3", "architectures": ["Qwen3ForSequenceClassification"], **TINY,
                       "pad_token_id": 0, "num_labels": 3},
    "qwen3_tiny_token": {"model_type": "qwen3", "architectures": ["Qwen3ForTokenClassification"], **TINY,
                         "id2label": labels(5)},
    "qwen3_tiny_qa": {"model_type": "qwen3", "architectures": ["Qwen3ForQuestionAnswering"], **TINY},
}

REAL.update({
    # google/gemma-2b config.json (reconstructed field by field from the hub file; sizes as on its model card):
    # multi-query attention (1 k/v head), head_dim 256, tied head.
    "gemma_2b": {
        "architectures": ["GemmaForCausalLM"], "attention_bias": False, "attention_dropout": 0.0, "bos_token_id": 2,
        "eos_token_id": 1, "head_dim": 256, "hidden_act": "gelu", "hidden_size": 2048, "initializer_range": 0.02,
        "intermediate_size": 16384, "max_position_embeddings": 8192, "model_type": "gemma",
        "num_attention_heads": 8, "num_hidden_layers": 18, "num_key_value_heads": 1, "pad_token_id": 0,
        "rms_norm_eps": 1e-06, "rope_scaling": None, "rope_theta": 10000.0, "torch_dtype": "bfloat16",
        "transformers_version": "4.38.0.dev0", "use_cache": True, "vocab_size": 256000},
})
SMALL.update({
    "gemma_tiny": {"model_type": "gemma", "architectures": ["GemmaForCausalLM"], **TINY, "head_dim": 8,
                   "pad_token_id": 0},
    "gemma_tiny_untied_bias": {"model_type": "gemma", "architectures": ["GemmaForCausalLM"], **TINY, "head_dim": 12,
                               "attention_bias": True, "tie_word_embeddings": False, "pad_token_id": 0},
    "gemma_tiny_model": {"model_type": "gemma", **TINY, "pad_token_id": 0},
    "gemma_tiny_cls": {"model_type": "gemma", "architectures": ["GemmaForSequenceClassification"], **TINY,
                       "head_dim": 8, "pad_token_id": 0, "num_labels": 4},
    "gemma_tiny_token": {"model_type": "gemma", "architectures": ["GemmaForTokenClassification"], **TINY,
                         "head_dim": 8, "pad_token_id": 0, "id2label": labels(3)},
})

REAL.update({
    # google/gemma-2-2b-it config.json, verbatim.
    "gemma2_2b_it": {
        "architectures": ["Gemma2ForCausalLM"], "attention_bias": False, "attention_dropout": 0.0,
        "attn_logit_softcapping": 50.0, "bos_token_id": 2, "cache_implementation": "hybrid", "eos_token_id": [1, 107],
        "final_logit_softcapping": 30.0, "head_dim": 256, "hidden_act": "gelu_pytorch_tanh",
        "hidden_activation": "gelu_pytorch_tanh", "hidden_size": 2304, "initializer_range": 0.02,
        "intermediate_size": 9216, "max_position_embeddings": 8192, "model_type": "gemma2",
        "num_attention_heads": 8, "num_hidden_layers": 26, "num_key_value_heads": 4, "pad_token_id": 0,
        "query_pre_attn_scalar": 256, "rms_norm_eps": 1e-06, "rope_theta": 10000.0, "sliding_window": 4096,
        "torch_dtype": "bfloat16", "transformers_version": "4.42.4", "use_cache": True, "vocab_size": 256000},
})
SMALL.update({
    "gemma2_tiny": {"model_type": "gemma2", "architectures": ["Gemma2ForCausalLM"], **TINY, "head_dim": 8,
                    "pad_token_id": 0, "sliding_window": 4},
    "gemma2_tiny_untied_bias": {"model_type": "gemma2", "architectures": ["Gemma2ForCausalLM"], **TINY,
                                "num_hidden_layers": 3, "head_dim": 12, "attention_bias": True,
                                "tie_word_embeddings": False, "pad_token_id": 0},
    "gemma2_tiny_model": {"model_type": "gemma2", **TINY, "pad_token_id": 0, "num_key_value_heads": 1},
    "gemma2_tiny_cls": {"model_type": "gemma2", "architectures": ["Gemma2ForSequenceClassification"], **TINY,
                        "head_dim": 8, "pad_token_id": 0, "num_labels": 3},
    "gemma2_tiny_token": {"model_type": "gemma2", "architectures": ["Gemma2ForTokenClassification"], **TINY,
                          "head_dim": 8, "pad_token_id": 0, "num_labels": 6},
})

REAL.update({
    # google/gemma-3-1b-it config.json (reconstructed field by field from the hub file; sizes as on its model
    # card): one k/v head, a local layer every 6th layer global, 262144 tokens.
    "gemma3_text_1b_it": {
        "architectures": ["Gemma3ForCausalLM"], "attention_bias": False, "attention_dropout": 0.0,
        "attn_logit_softcapping": None, "bos_token_id": 2, "cache_implementation": "hybrid", "eos_token_id": [1, 106],
        "final_logit_softcapping": None, "head_dim": 256, "hidden_activation": "gelu_pytorch_tanh",
        "hidden_size": 1152, "initializer_range": 0.02, "intermediate_size": 6912, "max_position_embeddings": 32768,
        "model_type": "gemma3_text", "num_attention_heads": 4, "num_hidden_layers": 26, "num_key_value_heads": 1,
        "pad_token_id": 0, "query_pre_attn_scalar": 256, "rms_norm_eps": 1e-06, "rope_local_base_freq": 10000,
        "rope_scaling": None, "rope_theta": 1000000, "sliding_window": 512, "sliding_window_pattern": 6,
        "torch_dtype": "bfloat16", "transformers_version": "4.50.0.dev0", "use_cache": True, "vocab_size": 262144},
})
SMALL.update({
    "gemma3_text_tiny": {"model_type": "gemma3_text", "architectures": ["Gemma3ForCausalLM"], **TINY,
                         "num_hidden_layers": 7, "head_dim": 8, "pad_token_id": 0, "sliding_window": 4},
    "gemma3_text_tiny_sliding_only": {"model_type": "gemma3_text", "architectures": ["Gemma3ForCausalLM"], **TINY,
                                      "head_dim": 12, "attention_bias": True, "tie_word_embeddings": False,
                                      "pad_token_id": 0},
    "gemma3_text_tiny_pattern": {"model_type": "gemma3_text", **TINY, "num_hidden_layers": 4, "pad_token_id": 0,
                                 "sliding_window_pattern": 2, "head_dim": 8,
                                 "rope_scaling": {"factor": 8.0, "rope_type": "linear"}},
    "gemma3_text_tiny_layer_types": {"model_type": "gemma3_text", "architectures": ["Gemma3ForCausalLM"], **TINY,
                                     "num_hidden_layers": 3, "head_dim": 8, "pad_token_id": 0,
                                     "layer_types": ["full_attention"] * 3},
    "gemma3_text_tiny_cls": {"model_type": "gemma3_text", "architectures": ["Gemma3TextForSequenceClassification"],
                             **TINY, "head_dim": 8, "pad_token_id": 0, "num_labels": 3},
})

REAL.update({
    # CohereForAI/c4ai-command-r-v01 config.json (reconstructed field by field from the hub file; sizes as on its
    # model card): 64 k/v heads, tied head, no q/k norms.
    "cohere_command_r_v01": {
        "architectures": ["CohereForCausalLM"], "attention_bias": False, "attention_dropout": 0.0, "bos_token_id": 5,
        "eos_token_id": 255001, "hidden_act": "silu", "hidden_size": 8192, "initializer_range": 0.02,
        "intermediate_size": 22528, "layer_norm_eps": 1e-05, "logit_scale": 0.0625, "max_position_embeddings": 8192,
        "model_type": "cohere", "num_attention_heads": 64, "num_hidden_layers": 40, "num_key_value_heads": 64,
        "pad_token_id": 0, "rope_theta": 8000000.0, "torch_dtype": "float16", "transformers_version": "4.38.2",
        "use_cache": True, "use_qk_norm": False, "vocab_size": 256000},
})
SMALL.update({
    "cohere_tiny": {"model_type": "cohere", "architectures": ["CohereForCausalLM"], **TINY, "pad_token_id": 0},
    "cohere_tiny_qk_norm": {"model_type": "cohere", "architectures": ["CohereForCausalLM"], **TINY, "pad_token_id": 0,
                            "use_qk_norm": True, "attention_bias": True, "tie_word_embeddings": False},
    "cohere_tiny_model": {"model_type": "cohere", **TINY, "pad_token_id": 0, "num_key_value_heads": None,
                          "use_qk_norm": True},
})

REAL.update({
    # ibm-granite/granite-3.0-2b-instruct config.json (reconstructed field by field from the hub file; sizes as on
    # its model card): GQA with 8 k/v heads, a 49155-token vocabulary, tied head.
    "granite_3_0_2b_instruct": {
        "architectures": ["GraniteForCausalLM"], "attention_bias": False, "attention_dropout": 0.1,
        "attention_multiplier": 0.015625, "bos_token_id": 0, "embedding_multiplier": 12.0, "eos_token_id": 0,
        "hidden_act": "silu", "hidden_size": 2048, "initializer_range": 0.02, "intermediate_size": 8192,
        "logits_scaling": 8.0, "max_position_embeddings": 4096, "mlp_bias": False, "model_type": "granite",
        "num_attention_heads": 32, "num_hidden_layers": 40, "num_key_value_heads": 8, "pad_token_id": 0,
        "residual_multiplier": 0.22, "rms_norm_eps": 1e-05, "rope_scaling": None, "rope_theta": 10000.0,
        "tie_word_embeddings": True, "torch_dtype": "bfloat16", "transformers_version": "4.46.0.dev0",
        "use_cache": True, "vocab_size": 49155},
})
SMALL.update({
    "granite_tiny": {"model_type": "granite", "architectures": ["GraniteForCausalLM"], **TINY,
                     "embedding_multiplier": 12.0, "logits_scaling": 8.0, "residual_multiplier": 0.22,
                     "attention_multiplier": 0.015625},
    "granite_tiny_bias_tied": {"model_type": "granite", "architectures": ["GraniteForCausalLM"], **TINY,
                               "attention_bias": True, "mlp_bias": True, "tie_word_embeddings": True, "head_dim": 16},
    "granite_tiny_model": {"model_type": "granite", **TINY, "num_key_value_heads": None},
})

REAL.update({
    # allenai/OLMo-1B-hf config.json (reconstructed field by field from the hub file; sizes as on its model card):
    # tied head, parameter-free LayerNorms.
    "olmo_1b_hf": {
        "architectures": ["OlmoForCausalLM"], "attention_bias": False, "attention_dropout": 0.0, "bos_token_id": None,
        "clip_qkv": None, "eos_token_id": 50279, "hidden_act": "silu", "hidden_size": 2048,
        "initializer_range": 0.02, "intermediate_size": 8192, "max_position_embeddings": 2048, "model_type": "olmo",
        "num_attention_heads": 16, "num_hidden_layers": 16, "num_key_value_heads": 16, "pad_token_id": 1,
        "pretraining_tp": 1, "rope_scaling": None, "rope_theta": 10000.0, "tie_word_embeddings": True,
        "torch_dtype": "float32", "transformers_version": "4.40.0.dev0", "use_cache": True, "vocab_size": 50304},
})
SMALL.update({
    "olmo_tiny": {"model_type": "olmo", "architectures": ["OlmoForCausalLM"], **TINY, "pad_token_id": 0,
                  "clip_qkv": 8.0},
    "olmo_tiny_bias_tied": {"model_type": "olmo", "architectures": ["OlmoForCausalLM"], **TINY, "pad_token_id": 0,
                            "attention_bias": True, "tie_word_embeddings": True},
    "olmo_tiny_model": {"model_type": "olmo", **TINY, "pad_token_id": 0, "num_key_value_heads": None},
    "olmo_tiny_cls": {"model_type": "olmo", "architectures": ["OlmoForSequenceClassification"], **TINY,
                      "pad_token_id": 0, "num_labels": 4},
})

REAL.update({
    # allenai/OLMo-2-1124-7B config.json (reconstructed field by field from the hub file; sizes as on its model
    # card): a 100352-token vocabulary, untied head.
    "olmo2_1124_7b": {
        "architectures": ["Olmo2ForCausalLM"], "attention_bias": False, "attention_dropout": 0.0,
        "bos_token_id": None, "eos_token_id": 100257, "hidden_act": "silu", "hidden_size": 4096,
        "initializer_range": 0.02, "intermediate_size": 11008, "max_position_embeddings": 4096,
        "model_type": "olmo2", "num_attention_heads": 32, "num_hidden_layers": 32, "num_key_value_heads": 32,
        "pad_token_id": 100277, "rms_norm_eps": 1e-06, "rope_scaling": None, "rope_theta": 500000,
        "tie_word_embeddings": False, "torch_dtype": "float32", "transformers_version": "4.47.0.dev0",
        "use_cache": True, "vocab_size": 100352},
})
SMALL.update({
    "olmo2_tiny": {"model_type": "olmo2", "architectures": ["Olmo2ForCausalLM"], **TINY, "pad_token_id": 0},
    "olmo2_tiny_bias_tied": {"model_type": "olmo2", "architectures": ["Olmo2ForCausalLM"], **TINY, "pad_token_id": 0,
                             "attention_bias": True, "tie_word_embeddings": True, "num_key_value_heads": 1},
    "olmo2_tiny_model": {"model_type": "olmo2", **TINY, "pad_token_id": 0, "num_key_value_heads": None},
    "olmo2_tiny_cls": {"model_type": "olmo2", "architectures": ["Olmo2ForSequenceClassification"], **TINY,
                       "pad_token_id": 0, "num_labels": 1},
})

REAL.update({
    # bigcode/starcoder2-3b config.json (reconstructed field by field from the hub file; sizes as on its model
    # card): 2 k/v heads, biases, tied head (the file leaves tie_word_embeddings to the default).
    "starcoder2_3b": {
        "architectures": ["Starcoder2ForCausalLM"], "attention_dropout": 0.1, "residual_dropout": 0.1,
        "embedding_dropout": 0.1, "bos_token_id": 0, "eos_token_id": 0, "hidden_act": "gelu_pytorch_tanh",
        "hidden_size": 3072, "initializer_range": 0.018042, "intermediate_size": 12288,
        "max_position_embeddings": 16384, "mlp_type": "default", "model_type": "starcoder2", "norm_epsilon": 1e-05,
        "norm_type": "layer_norm", "num_attention_heads": 24, "num_hidden_layers": 30, "num_key_value_heads": 2,
        "rope_theta": 999999.4420358813, "sliding_window": 4096, "torch_dtype": "bfloat16",
        "transformers_version": "4.37.0.dev0", "use_bias": True, "use_cache": True, "vocab_size": 49152},
})
SMALL.update({
    "starcoder2_tiny": {"model_type": "starcoder2", "architectures": ["Starcoder2ForCausalLM"], **TINY},
    "starcoder2_tiny_no_bias_untied": {"model_type": "starcoder2", "architectures": ["Starcoder2ForCausalLM"],
                                       **TINY, "use_bias": False, "tie_word_embeddings": False, "head_dim": 16},
    "starcoder2_tiny_model": {"model_type": "starcoder2", **TINY, "num_key_value_heads": 1},
    "starcoder2_tiny_cls": {"model_type": "starcoder2", "architectures": ["Starcoder2ForSequenceClassification"],
                            **TINY, "pad_token_id": 0, "num_labels": 3},
    "starcoder2_tiny_token": {"model_type": "starcoder2", "architectures": ["Starcoder2ForTokenClassification"],
                              **TINY, "num_labels": 5},
})
