"""Fused-projection decoders: phi, phi3, stablelm, falcon, bloom, mpt, gpt_neox, gptj."""

TINY = {"hidden_size": 32, "num_hidden_layers": 2, "num_attention_heads": 4, "intermediate_size": 37,
        "vocab_size": 99, "max_position_embeddings": 64, "bos_token_id": 1, "eos_token_id": 2}


def labels(count):
    return {str(i): f"LABEL_{i}" for i in range(count)}


REAL = {
    # microsoft/phi-2 config.json, as published
    "phi_2": {
        "_name_or_path": "microsoft/phi-2", "architectures": ["PhiForCausalLM"], "attention_dropout": 0.0,
        "bos_token_id": 50256, "embd_pdrop": 0.0, "eos_token_id": 50256, "hidden_act": "gelu_new",
        "hidden_size": 2560, "initializer_range": 0.02, "intermediate_size": 10240, "layer_norm_eps": 1e-05,
        "max_position_embeddings": 2048, "model_type": "phi", "num_attention_heads": 32, "num_hidden_layers": 32,
        "num_key_value_heads": 32, "partial_rotary_factor": 0.4, "qk_layernorm": False, "resid_pdrop": 0.1,
        "rope_scaling": None, "rope_theta": 10000.0, "tie_word_embeddings": False, "torch_dtype": "float16",
        "transformers_version": "4.37.0", "use_cache": True, "vocab_size": 51200},
    # microsoft/Phi-3-mini-4k-instruct config.json, as published
    "phi3_mini_4k_instruct": {
        "_name_or_path": "Phi-3-mini-4k-instruct", "architectures": ["Phi3ForCausalLM"], "attention_dropout": 0.0,
        "auto_map": {"AutoConfig": "configuration_phi3.Phi3Config",
                     "AutoModelForCausalLM": "modeling_phi3.Phi3ForCausalLM"},
        "bos_token_id": 1, "embd_pdrop": 0.0, "eos_token_id": 32000, "hidden_act": "silu", "hidden_size": 3072,
        "initializer_range": 0.02, "intermediate_size": 8192, "max_position_embeddings": 4096,
        "model_type": "phi3", "num_attention_heads": 32, "num_hidden_layers": 32, "num_key_value_heads": 32,
        "original_max_position_embeddings": 4096, "pad_token_id": 32000, "resid_pdrop": 0.0,
        "rms_norm_eps": 1e-05, "rope_scaling": None, "rope_theta": 10000.0, "sliding_window": 2047,
        "tie_word_embeddings": False, "torch_dtype": "bfloat16", "transformers_version": "4.40.2",
        "use_cache": True, "attention_bias": False, "vocab_size": 32064},
    # EleutherAI/gpt-neox-20b config.json
    "gpt_neox_20b": {
        "architectures": ["GPTNeoXForCausalLM"], "attention_probs_dropout_prob": 0.1, "bos_token_id": 0,
        "eos_token_id": 2, "hidden_act": "gelu_fast", "hidden_dropout_prob": 0.1, "hidden_size": 6144,
        "initializer_range": 0.02, "intermediate_size": 24576, "layer_norm_eps": 1e-05,
        "max_position_embeddings": 2048, "model_type": "gpt_neox", "num_attention_heads": 64,
        "num_hidden_layers": 44, "rotary_emb_base": 10000, "rotary_pct": 0.25, "tie_word_embeddings": False,
        "torch_dtype": "float16", "transformers_version": "4.19.0.dev0", "use_cache": True, "vocab_size": 50432},
    # EleutherAI/pythia-70m config.json
    "gpt_neox_pythia_70m": {
        "architectures": ["GPTNeoXForCausalLM"], "bos_token_id": 0, "eos_token_id": 0, "hidden_act": "gelu",
        "hidden_size": 512, "initializer_range": 0.02, "intermediate_size": 2048, "layer_norm_eps": 1e-05,
        "max_position_embeddings": 2048, "model_type": "gpt_neox", "num_attention_heads": 8, "num_hidden_layers": 6,
        "rotary_emb_base": 10000, "rotary_pct": 0.25, "tie_word_embeddings": False, "torch_dtype": "float16",
        "transformers_version": "4.24.0", "use_cache": True, "use_parallel_residual": True, "vocab_size": 50304},
    # tiiuae/falcon-40b-instruct config.json
    "falcon_40b_instruct": {
        "_name_or_path": "tiiuae/falcon-40b-instruct", "alibi": False,
        "apply_residual_connection_post_layernorm": False,
        "architectures": ["FalconForCausalLM"], "attention_dropout": 0.0,
        "auto_map": {"AutoConfig": "configuration_falcon.FalconConfig", "AutoModel": "modeling_falcon.FalconModel",
                     "AutoModelForCausalLM": "modeling_falcon.FalconForCausalLM",
                     "AutoModelForQuestionAnswering": "modeling_falcon.FalconForQuestionAnswering",
                     "AutoModelForSequenceClassification": "modeling_falcon.FalconForSequenceClassification",
                     "AutoModelForTokenClassification": "modeling_falcon.FalconForTokenClassification"},
        "bias": False, "bos_token_id": 11, "eos_token_id": 11, "hidden_dropout": 0.0, "hidden_size": 8192,
        "initializer_range": 0.02, "layer_norm_epsilon": 1e-05, "model_type": "falcon", "multi_query": True,
        "new_decoder_architecture": True, "num_attention_heads": 128, "num_hidden_layers": 60, "num_kv_heads": 8,
        "parallel_attn": True, "torch_dtype": "bfloat16", "transformers_version": "4.28.1", "use_cache": True,
        "vocab_size": 65024},
    # tiiuae/falcon-7b config.json (the transformers-native one), fields as published
    "falcon_7b": {
        "alibi": False, "apply_residual_connection_post_layernorm": False, "architectures": ["FalconForCausalLM"],
        "attention_dropout": 0.0, "bias": False, "bos_token_id": 11, "eos_token_id": 11, "hidden_dropout": 0.0,
        "hidden_size": 4544, "initializer_range": 0.02, "layer_norm_epsilon": 1e-05, "model_type": "falcon",
        "multi_query": True, "new_decoder_architecture": False, "num_attention_heads": 71, "num_hidden_layers": 32,
        "parallel_attn": True, "torch_dtype": "bfloat16", "transformers_version": "4.27.4", "use_cache": True,
        "vocab_size": 65024},
    # stabilityai/stablelm-3b-4e1t config.json (its fields, reconstructed)
    "stablelm_3b_4e1t": {
        "architectures": ["StableLmForCausalLM"], "bos_token_id": 0, "eos_token_id": 0, "hidden_act": "silu",
        "hidden_size": 2560, "initializer_range": 0.02, "intermediate_size": 6912, "layer_norm_eps": 1e-05,
        "max_position_embeddings": 4096, "model_type": "stablelm", "num_attention_heads": 32,
        "num_hidden_layers": 32, "num_key_value_heads": 32, "partial_rotary_factor": 0.25, "rope_scaling": None,
        "rope_theta": 10000, "tie_word_embeddings": False, "torch_dtype": "bfloat16",
        "transformers_version": "4.38.0", "use_cache": True, "use_qkv_bias": False, "vocab_size": 50304},
    # stabilityai/stablelm-2-1_6b config.json (its fields, reconstructed): q/k/v biases
    "stablelm_2_1_6b": {
        "architectures": ["StableLmForCausalLM"], "bos_token_id": 100257, "eos_token_id": 100257,
        "hidden_act": "silu", "hidden_size": 2048, "initializer_range": 0.02, "intermediate_size": 5632,
        "layer_norm_eps": 1e-05, "max_position_embeddings": 4096, "model_type": "stablelm",
        "num_attention_heads": 32, "num_hidden_layers": 24, "num_key_value_heads": 32,
        "partial_rotary_factor": 0.25, "rope_theta": 10000, "tie_word_embeddings": False,
        "torch_dtype": "float16", "transformers_version": "4.38.0", "use_cache": True, "use_qkv_bias": True,
        "vocab_size": 100352},
    # bigscience/bloom-560m config.json (as transformers 4.26 saves it)
    "bloom_560m": {
        "_name_or_path": "bigscience/bloom-560m", "apply_residual_connection_post_layernorm": False,
        "architectures": ["BloomForCausalLM"], "attention_dropout": 0.0, "attention_softmax_in_fp32": True,
        "bias_dropout_fusion": True, "bos_token_id": 1, "eos_token_id": 2, "hidden_dropout": 0.0,
        "hidden_size": 1024, "initializer_range": 0.02, "layer_norm_epsilon": 1e-05, "masked_softmax_fusion": True,
        "model_type": "bloom", "n_head": 16, "n_inner": None, "n_layer": 24, "offset_alibi": 100, "pad_token_id": 3,
        "pretraining_tp": 1, "skip_bias_add": True, "skip_bias_add_qkv": False, "slow_but_exact": False,
        "transformers_version": "4.26.0", "unk_token_id": 0, "use_cache": True, "vocab_size": 250880},
    # bigscience/bloom config.json (its fields, reconstructed): the old names n_embed and num_attention_heads
    "bloom_176b": {
        "apply_residual_connection_post_layernorm": False, "architectures": ["BloomForCausalLM"],
        "attention_dropout": 0.0, "attention_softmax_in_fp32": True, "bias_dropout_fusion": True, "bos_token_id": 1,
        "eos_token_id": 2, "hidden_dropout": 0.0, "initializer_range": 0.02, "layer_norm_epsilon": 1e-05,
        "masked_softmax_fusion": True, "model_type": "bloom", "n_embed": 14336, "n_layer": 70,
        "num_attention_heads": 112, "pretraining_tp": 4, "slow_but_exact": False, "transformers_version": "4.21.0",
        "use_cache": True, "vocab_size": 250880},
}

SMALL = {
    "phi_tiny": {"model_type": "phi", "architectures": ["PhiForCausalLM"], **TINY},
    "phi_tiny_qk_norm": {"model_type": "phi", "architectures": ["PhiForCausalLM"], **TINY, "qk_layernorm": True,
                         "num_key_value_heads": 2, "partial_rotary_factor": 0.3, "tie_word_embeddings": True},
    "phi_tiny_cls": {"model_type": "phi", "architectures": ["PhiForSequenceClassification"], **TINY,
                     "pad_token_id": 0, "num_labels": 3},
    "phi_tiny_token": {"model_type": "phi", "architectures": ["PhiForTokenClassification"], **TINY,
                       "id2label": labels(5)},
    "phi_tiny_model": {"model_type": "phi", **TINY, "rope_parameters": {"rope_type": "default",
                                                                         "rope_theta": 10000.0,
                                                                         "partial_rotary_factor": 1.0}},
    "phi3_tiny": {"model_type": "phi3", "architectures": ["Phi3ForCausalLM"], **TINY, "pad_token_id": 0},
    "phi3_tiny_gqa_tied": {"model_type": "phi3", "architectures": ["Phi3ForCausalLM"], **TINY, "pad_token_id": 0,
                           "num_key_value_heads": 2, "partial_rotary_factor": 0.75, "tie_word_embeddings": True},
    "phi3_tiny_cls": {"model_type": "phi3", "architectures": ["Phi3ForSequenceClassification"], **TINY,
                      "pad_token_id": 0, "num_labels": 4},
    "phi3_tiny_token": {"model_type": "phi3", "architectures": ["Phi3ForTokenClassification"], **TINY,
                        "pad_token_id": 0, "num_labels": 2, "head_dim": 16},
    "gpt_neox_tiny": {"model_type": "gpt_neox", "architectures": ["GPTNeoXForCausalLM"], **TINY},
    "gpt_neox_tiny_sequential_tied": {"model_type": "gpt_neox", "architectures": ["GPTNeoXForCausalLM"], **TINY,
                                      "use_parallel_residual": False, "attention_bias": False, "rotary_pct": 0.5,
                                      "tie_word_embeddings": True},
    "gpt_neox_tiny_cls": {"model_type": "gpt_neox", "architectures": ["GPTNeoXForSequenceClassification"], **TINY,
                          "pad_token_id": 0, "num_labels": 3},
    "gpt_neox_tiny_token": {"model_type": "gpt_neox", "architectures": ["GPTNeoXForTokenClassification"], **TINY,
                            "id2label": labels(4)},
    "gpt_neox_tiny_qa": {"model_type": "gpt_neox", "architectures": ["GPTNeoXForQuestionAnswering"], **TINY},
    "gpt_neox_tiny_model": {"model_type": "gpt_neox", **TINY, "rope_parameters": {
        "rope_type": "default", "rope_theta": 10000.0, "partial_rotary_factor": 1.0}},
    "falcon_tiny": {"model_type": "falcon", "architectures": ["FalconForCausalLM"], **TINY},
    "falcon_tiny_new_arch": {"model_type": "falcon", "architectures": ["FalconForCausalLM"], **TINY,
                             "new_decoder_architecture": True, "num_kv_heads": 2, "bias": True,
                             "ffn_hidden_size": 40, "tie_word_embeddings": False},
    "falcon_tiny_new_arch_one_ln": {"model_type": "falcon", "architectures": ["FalconForCausalLM"], **TINY,
                                    "new_decoder_architecture": True, "num_kv_heads": 2,
                                    "num_ln_in_parallel_attn": 1},
    "falcon_tiny_sequential": {"model_type": "falcon", "architectures": ["FalconForCausalLM"], **TINY,
                               "parallel_attn": False, "multi_query": False, "alibi": True},
    "falcon_tiny_n_embed": {"model_type": "falcon", "n_embed": 24, "num_attention_heads": 3,
                            "num_hidden_layers": 1, "vocab_size": 99},
    "falcon_tiny_cls": {"model_type": "falcon", "architectures": ["FalconForSequenceClassification"], **TINY,
                        "pad_token_id": 0, "num_labels": 3},
    "falcon_tiny_token": {"model_type": "falcon", "architectures": ["FalconForTokenClassification"], **TINY,
                          "num_labels": 5},
    "falcon_tiny_qa": {"model_type": "falcon", "architectures": ["FalconForQuestionAnswering"], **TINY},
    "stablelm_tiny": {"model_type": "stablelm", "architectures": ["StableLmForCausalLM"], **TINY,
                      "num_key_value_heads": 2},
    "stablelm_tiny_parallel_qk_norm": {"model_type": "stablelm", "architectures": ["StableLmForCausalLM"], **TINY,
                                       "num_key_value_heads": 2, "use_parallel_residual": True,
                                       "qk_layernorm": True, "use_qkv_bias": True, "tie_word_embeddings": True},
    "stablelm_tiny_cls": {"model_type": "stablelm", "architectures": ["StableLmForSequenceClassification"], **TINY,
                          "pad_token_id": 0, "num_labels": 3, "partial_rotary_factor": 0.5, "num_key_value_heads": 4},
    "stablelm_tiny_token": {"model_type": "stablelm", "architectures": ["StableLmForTokenClassification"], **TINY,
                            "id2label": labels(3), "num_key_value_heads": 1},
    "bloom_tiny": {"model_type": "bloom", "architectures": ["BloomForCausalLM"], "hidden_size": 32, "n_layer": 2,
                   "n_head": 4, "vocab_size": 99},
    "bloom_tiny_untied_aliases": {"model_type": "bloom", "architectures": ["BloomForCausalLM"], "n_embed": 24,
                                  "num_hidden_layers": 3, "num_attention_heads": 2, "vocab_size": 99,
                                  "tie_word_embeddings": False},
    "bloom_tiny_cls": {"model_type": "bloom", "architectures": ["BloomForSequenceClassification"], "hidden_size": 32,
                       "n_layer": 2, "n_head": 4, "vocab_size": 99, "pad_token_id": 0, "num_labels": 3},
    "bloom_tiny_token": {"model_type": "bloom", "architectures": ["BloomForTokenClassification"], "hidden_size": 32,
                         "n_layer": 1, "n_head": 4, "vocab_size": 99, "id2label": labels(4)},
    "bloom_tiny_qa": {"model_type": "bloom", "architectures": ["BloomForQuestionAnswering"], "hidden_size": 32,
                      "n_layer": 1, "n_head": 4, "vocab_size": 99},
    "bloom_tiny_model": {"model_type": "bloom", "hidden_size": 16, "n_layer": 1, "n_head": 2, "vocab_size": 50},
}
