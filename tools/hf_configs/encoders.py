"""Encoder model types: albert, electra, deberta-v2, modernbert."""

TINY = {"hidden_size": 32, "num_hidden_layers": 2, "num_attention_heads": 4, "intermediate_size": 37,
        "vocab_size": 99, "max_position_embeddings": 64}


def labels(count):
    return {str(i): f"LABEL_{i}" for i in range(count)}


# albert-base-v2's config.json (as published on the hub, copied in public code); voidful/albert_chinese_base's.
REAL = {
    "albert_base_v2": {
        "architectures": ["AlbertForMaskedLM"], "attention_probs_dropout_prob": 0, "bos_token_id": 2,
        "classifier_dropout_prob": 0.1, "down_scale_factor": 1, "embedding_size": 128, "eos_token_id": 3,
        "gap_size": 0, "hidden_act": "gelu_new", "hidden_dropout_prob": 0, "hidden_size": 768,
        "initializer_range": 0.02, "inner_group_num": 1, "intermediate_size": 3072, "layer_norm_eps": 1e-12,
        "max_position_embeddings": 512, "model_type": "albert", "net_structure_type": 0, "num_attention_heads": 12,
        "num_hidden_groups": 1, "num_hidden_layers": 12, "num_memory_blocks": 0, "pad_token_id": 0,
        "type_vocab_size": 2, "vocab_size": 30000},
    "albert_chinese_base": {
        "architectures": ["AlbertForMaskedLM"], "attention_probs_dropout_prob": 0, "bos_token_id": 2,
        "classifier_dropout_prob": 0.1, "down_scale_factor": 1, "embedding_size": 128, "eos_token_id": 3,
        "gap_size": 0, "hidden_act": "relu", "hidden_dropout_prob": 0, "hidden_size": 768,
        "initializer_range": 0.02, "inner_group_num": 1, "intermediate_size": 3072, "layer_norm_eps": 1e-12,
        "layers_to_keep": [], "max_position_embeddings": 512, "model_type": "albert", "net_structure_type": 0,
        "num_attention_heads": 12, "num_hidden_groups": 1, "num_hidden_layers": 12, "num_memory_blocks": 0,
        "pad_token_id": 0, "type_vocab_size": 2, "vocab_size": 21128},
    # Built on the meta device: multiple choice takes (batch, choices, tokens).
    "albert_tiny_choice": {"model_type": "albert", "architectures": ["AlbertForMultipleChoice"],
                           **TINY, "embedding_size": 16},
}
SMALL = {
    "albert_tiny": {"model_type": "albert", **TINY, "embedding_size": 16},
    "albert_tiny_groups_pretraining": {"model_type": "albert", "architectures": ["AlbertForPreTraining"], **TINY,
                                       "embedding_size": 16, "num_hidden_layers": 4, "num_hidden_groups": 2,
                                       "inner_group_num": 2},
    "albert_tiny_mlm_untied": {"model_type": "albert", "architectures": ["AlbertForMaskedLM"], **TINY,
                               "embedding_size": 24, "tie_word_embeddings": False, "type_vocab_size": 3},
    "albert_tiny_cls": {"model_type": "albert", "architectures": ["AlbertForSequenceClassification"], **TINY,
                        "embedding_size": 16, "id2label": labels(3)},
    "albert_tiny_token": {"model_type": "albert", "architectures": ["AlbertForTokenClassification"], **TINY,
                          "embedding_size": 16, "num_labels": 5},
    "albert_tiny_qa": {"model_type": "albert", "architectures": ["AlbertForQuestionAnswering"], **TINY,
                       "embedding_size": 32, "num_hidden_groups": 2},
}
