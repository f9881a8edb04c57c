"""Mixture-of-experts decoders: mixtral, qwen2_moe, qwen3_moe, deepseek_v2, deepseek_v3, gpt_oss."""

TINY = {"hidden_size": 32, "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2,
        "intermediate_size": 36, "vocab_size": 99, "max_position_embeddings": 64, "bos_token_id": 1,
        "eos_token_id": 2}


def labels(count):
    return {str(i): f"LABEL_{i}" for i in range(count)}


REAL = {
    # mistralai/Mixtral-8x7B-v0.1 config.json, as published.
    "mixtral_8x7b_v0_1": {
        "architectures": ["MixtralForCausalLM"], "attention_dropout": 0.0, "bos_token_id": 1, "eos_token_id": 2,
        "hidden_act": "silu", "hidden_size": 4096, "initializer_range": 0.02, "intermediate_size": 14336,
        "max_position_embeddings": 32768, "model_type": "mixtral", "num_attention_heads": 32,
        "num_experts_per_tok": 2, "num_hidden_layers": 32, "num_key_value_heads": 8, "num_local_experts": 8,
        "output_router_logits": False, "rms_norm_eps": 1e-05, "rope_theta": 1000000.0,
        "router_aux_loss_coef": 0.02, "sliding_window": None, "tie_word_embeddings": False,
        "torch_dtype": "bfloat16", "transformers_version": "4.36.0.dev0", "use_cache": True, "vocab_size": 32000},
    # Qwen/Qwen2-57B-A14B config.json, as published.
    "qwen2_moe_57b_a14b": {
        "architectures": ["Qwen2MoeForCausalLM"], "attention_dropout": 0.0, "bos_token_id": 151643,
        "decoder_sparse_step": 1, "eos_token_id": 151643, "hidden_act": "silu", "hidden_size": 3584,
        "initializer_range": 0.02, "intermediate_size": 18944, "max_position_embeddings": 131072,
        "max_window_layers": 28, "model_type": "qwen2_moe", "moe_intermediate_size": 2560, "norm_topk_prob": False,
        "num_attention_heads": 28, "num_experts": 64, "num_experts_per_tok": 8, "num_hidden_layers": 28,
        "num_key_value_heads": 4, "output_router_logits": False, "rms_norm_eps": 1e-06, "rope_theta": 1000000.0,
        "router_aux_loss_coef": 0.001, "shared_expert_intermediate_size": 20480, "sliding_window": 131072,
        "tie_word_embeddings": False, "torch_dtype": "bfloat16", "transformers_version": "4.40.1",
        "use_cache": True, "use_sliding_window": False, "vocab_size": 151936},
    # Qwen/Qwen3-30B-A3B config.json, as published.
    "qwen3_moe_30b_a3b": {
        "architectures": ["Qwen3MoeForCausalLM"], "attention_bias": False, "attention_dropout": 0.0,
        "bos_token_id": 151643, "decoder_sparse_step": 1, "eos_token_id": 151645, "head_dim": 128,
        "hidden_act": "silu", "hidden_size": 2048, "initializer_range": 0.02, "intermediate_size": 6144,
        "max_position_embeddings": 40960, "max_window_layers": 48, "mlp_only_layers": [], "model_type": "qwen3_moe",
        "moe_intermediate_size": 768, "norm_topk_prob": True, "num_attention_heads": 32, "num_experts": 128,
        "num_experts_per_tok": 8, "num_hidden_layers": 48, "num_key_value_heads": 4, "output_router_logits": False,
        "rms_norm_eps": 1e-06, "rope_scaling": None, "rope_theta": 1000000.0, "router_aux_loss_coef": 0.001,
        "sliding_window": None, "tie_word_embeddings": False, "torch_dtype": "bfloat16",
        "transformers_version": "4.51.0", "use_cache": True, "use_sliding_window": False, "vocab_size": 151936},
    # deepseek-ai/DeepSeek-R1 config.json (a DeepSeek-V3 model), as published.
    "deepseek_v3_r1": {
        "architectures": ["DeepseekV3ForCausalLM"], "attention_bias": False, "attention_dropout": 0.0,
        "auto_map": {"AutoConfig": "configuration_deepseek.DeepseekV3Config",
                     "AutoModel": "modeling_deepseek.DeepseekV3Model",
                     "AutoModelForCausalLM": "modeling_deepseek.DeepseekV3ForCausalLM"},
        "bos_token_id": 0, "eos_token_id": 1, "ep_size": 1, "first_k_dense_replace": 3, "hidden_act": "silu",
        "hidden_size": 7168, "initializer_range": 0.02, "intermediate_size": 18432, "kv_lora_rank": 512,
        "max_position_embeddings": 163840, "model_type": "deepseek_v3", "moe_intermediate_size": 2048,
        "moe_layer_freq": 1, "n_group": 8, "n_routed_experts": 256, "n_shared_experts": 1, "norm_topk_prob": True,
        "num_attention_heads": 128, "num_experts_per_tok": 8, "num_hidden_layers": 61, "num_key_value_heads": 128,
        "num_nextn_predict_layers": 1, "q_lora_rank": 1536, "qk_nope_head_dim": 128, "qk_rope_head_dim": 64,
        "quantization_config": {"activation_scheme": "dynamic", "fmt": "e4m3", "quant_method": "fp8",
                                "weight_block_size": [128, 128]},
        "rms_norm_eps": 1e-06,
        "rope_scaling": {"beta_fast": 32, "beta_slow": 1, "factor": 40, "mscale": 1.0, "mscale_all_dim": 1.0,
                         "original_max_position_embeddings": 4096, "type": "yarn"},
        "rope_theta": 10000, "routed_scaling_factor": 2.5, "scoring_func": "sigmoid", "tie_word_embeddings": False,
        "topk_group": 4, "topk_method": "noaux_tc", "torch_dtype": "bfloat16", "transformers_version": "4.46.3",
        "use_cache": True, "v_head_dim": 128, "vocab_size": 129280},
    # deepseek-ai/DeepSeek-V2.5 config.json, as published.
    "deepseek_v2_5": {
        "architectures": ["DeepseekV2ForCausalLM"], "attention_bias": False, "attention_dropout": 0.0,
        "auto_map": {"AutoConfig": "configuration_deepseek.DeepseekV2Config",
                     "AutoModel": "modeling_deepseek.DeepseekV2Model",
                     "AutoModelForCausalLM": "modeling_deepseek.DeepseekV2ForCausalLM"},
        "aux_loss_alpha": 0.001, "bos_token_id": 100000, "eos_token_id": 100001, "ep_size": 1,
        "first_k_dense_replace": 1, "hidden_act": "silu", "hidden_size": 5120, "initializer_range": 0.02,
        "intermediate_size": 12288, "kv_lora_rank": 512, "max_position_embeddings": 163840,
        "model_type": "deepseek_v2", "moe_intermediate_size": 1536, "moe_layer_freq": 1, "n_group": 8,
        "n_routed_experts": 160, "n_shared_experts": 2, "norm_topk_prob": False, "num_attention_heads": 128,
        "num_experts_per_tok": 6, "num_hidden_layers": 60, "num_key_value_heads": 128, "pretraining_tp": 1,
        "q_lora_rank": 1536, "qk_nope_head_dim": 128, "qk_rope_head_dim": 64, "rms_norm_eps": 1e-06,
        "rope_scaling": {"beta_fast": 32, "beta_slow": 1, "factor": 40, "mscale": 1.0, "mscale_all_dim": 1.0,
                         "original_max_position_embeddings": 4096, "type": "yarn"},
        "rope_theta": 10000, "routed_scaling_factor": 16.0, "scoring_func": "softmax", "seq_aux": True,
        "tie_word_embeddings": False, "topk_group": 3, "topk_method": "group_limited_greedy",
        "torch_dtype": "bfloat16", "transformers_version": "4.39.3", "use_cache": True, "v_head_dim": 128,
        "vocab_size": 102400},
}

QWEN2_MOE = {**TINY, "model_type": "qwen2_moe", "num_experts": 4, "num_experts_per_tok": 2,
             "moe_intermediate_size": 12, "shared_expert_intermediate_size": 20}
QWEN3_MOE = {**TINY, "model_type": "qwen3_moe", "num_experts": 4, "num_experts_per_tok": 2,
             "moe_intermediate_size": 12}
DEEPSEEK = {**TINY, "num_attention_heads": 4, "num_key_value_heads": 4, "kv_lora_rank": 16, "q_lora_rank": 12,
            "qk_nope_head_dim": 8, "qk_rope_head_dim": 4, "v_head_dim": 8, "n_routed_experts": 8,
            "num_experts_per_tok": 2, "moe_intermediate_size": 12, "n_shared_experts": 2, "first_k_dense_replace": 1,
            "n_group": 2, "topk_group": 1}
DEEPSEEK_V3 = {**DEEPSEEK, "model_type": "deepseek_v3"}
DEEPSEEK_V2 = {**DEEPSEEK, "model_type": "deepseek_v2"}

SMALL = {
    "mixtral_tiny": {"model_type": "mixtral", "architectures": ["MixtralForCausalLM"], **TINY,
                     "num_local_experts": 4, "num_experts_per_tok": 2},
    "mixtral_tiny_tied": {"model_type": "mixtral", "architectures": ["MixtralForCausalLM"], **TINY,
                          "num_experts": 3, "num_experts_per_tok": 1, "head_dim": 6, "tie_word_embeddings": True},
    "mixtral_tiny_cls": {"model_type": "mixtral", "architectures": ["MixtralForSequenceClassification"], **TINY,
                         "num_local_experts": 4, "pad_token_id": 0, "num_labels": 3},
    "mixtral_tiny_token": {"model_type": "mixtral", "architectures": ["MixtralForTokenClassification"], **TINY,
                           "num_key_value_heads": 4, "id2label": labels(5)},
    "mixtral_tiny_qa": {"model_type": "mixtral", "architectures": ["MixtralForQuestionAnswering"], **TINY},
    "mixtral_tiny_model": {"model_type": "mixtral", **TINY, "num_local_experts": 2, "num_experts_per_tok": 2},
    "qwen2_moe_tiny": {**QWEN2_MOE, "architectures": ["Qwen2MoeForCausalLM"], "num_hidden_layers": 4,
                       "decoder_sparse_step": 2, "mlp_only_layers": [3]},
    "qwen2_moe_tiny_tied": {**QWEN2_MOE, "architectures": ["Qwen2MoeForCausalLM"], "tie_word_embeddings": True,
                            "qkv_bias": False, "head_dim": 12},
    "qwen2_moe_tiny_dense": {**QWEN2_MOE, "architectures": ["Qwen2MoeModel"], "num_experts": 0},
    "qwen2_moe_tiny_cls": {**QWEN2_MOE, "architectures": ["Qwen2MoeForSequenceClassification"], "pad_token_id": 0,
                           "num_labels": 3, "mlp_only_layers": [0]},
    "qwen2_moe_tiny_token": {**QWEN2_MOE, "architectures": ["Qwen2MoeForTokenClassification"],
                             "id2label": labels(4)},
    "qwen2_moe_tiny_qa": {**QWEN2_MOE, "architectures": ["Qwen2MoeForQuestionAnswering"]},
    "qwen3_moe_tiny": {**QWEN3_MOE, "architectures": ["Qwen3MoeForCausalLM"], "num_hidden_layers": 3,
                       "mlp_only_layers": [1], "head_dim": 12},
    "qwen3_moe_tiny_tied": {**QWEN3_MOE, "architectures": ["Qwen3MoeForCausalLM"], "tie_word_embeddings": True,
                            "attention_bias": True, "decoder_sparse_step": 2},
    "qwen3_moe_tiny_cls": {**QWEN3_MOE, "architectures": ["Qwen3MoeForSequenceClassification"], "pad_token_id": 0,
                           "num_labels": 3},
    "qwen3_moe_tiny_token": {**QWEN3_MOE, "architectures": ["Qwen3MoeForTokenClassification"],
                             "id2label": labels(4)},
    "qwen3_moe_tiny_qa": {**QWEN3_MOE, "architectures": ["Qwen3MoeForQuestionAnswering"]},
    "qwen3_moe_tiny_model": {**QWEN3_MOE, "num_experts": 0},
    "deepseek_v3_tiny": {**DEEPSEEK_V3, "architectures": ["DeepseekV3ForCausalLM"], "num_hidden_layers": 3},
    "deepseek_v3_tiny_lite": {**DEEPSEEK_V3, "architectures": ["DeepseekV3ForCausalLM"], "q_lora_rank": None,
                              "attention_bias": True, "tie_word_embeddings": True, "n_shared_experts": 1},
    "deepseek_v3_tiny_cls": {**DEEPSEEK_V3, "architectures": ["DeepseekV3ForSequenceClassification"],
                             "pad_token_id": 0, "num_labels": 3, "first_k_dense_replace": 0},
    "deepseek_v3_tiny_token": {**DEEPSEEK_V3, "architectures": ["DeepseekV3ForTokenClassification"],
                               "id2label": labels(4), "num_local_experts": 4},
    "deepseek_v3_tiny_model": {**DEEPSEEK_V3, "first_k_dense_replace": 2},
    "deepseek_v2_tiny": {**DEEPSEEK_V2, "architectures": ["DeepseekV2ForCausalLM"], "num_hidden_layers": 3,
                         "q_lora_rank": None},
    "deepseek_v2_tiny_bias": {**DEEPSEEK_V2, "architectures": ["DeepseekV2ForCausalLM"], "mlp_bias": True,
                              "attention_bias": True, "tie_word_embeddings": True,
                              "topk_method": "group_limited_greedy"},
    "deepseek_v2_tiny_cls": {**DEEPSEEK_V2, "architectures": ["DeepseekV2ForSequenceClassification"],
                             "pad_token_id": 0, "num_labels": 5, "first_k_dense_replace": 0},
    "deepseek_v2_tiny_model": {**DEEPSEEK_V2, "num_experts": 4, "n_shared_experts": 1},
}
