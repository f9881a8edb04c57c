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
}

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
}
