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
    # google/electra-small-discriminator and google/electra-base-generator: reconstructed field by field from the
    # published files (no verbatim copy at hand); the sizes are the checkpoints' own.
    "electra_small_discriminator": {
        "architectures": ["ElectraForPreTraining"], "attention_probs_dropout_prob": 0.1, "embedding_size": 128,
        "hidden_act": "gelu", "hidden_dropout_prob": 0.1, "hidden_size": 256, "initializer_range": 0.02,
        "intermediate_size": 1024, "layer_norm_eps": 1e-12, "max_position_embeddings": 512, "model_type": "electra",
        "num_attention_heads": 4, "num_hidden_layers": 12, "pad_token_id": 0, "type_vocab_size": 2,
        "vocab_size": 30522},
    "electra_base_generator": {
        "architectures": ["ElectraForMaskedLM"], "attention_probs_dropout_prob": 0.1, "embedding_size": 768,
        "hidden_act": "gelu", "hidden_dropout_prob": 0.1, "hidden_size": 256, "initializer_range": 0.02,
        "intermediate_size": 1024, "layer_norm_eps": 1e-12, "max_position_embeddings": 512, "model_type": "electra",
        "num_attention_heads": 4, "num_hidden_layers": 12, "pad_token_id": 0, "type_vocab_size": 2,
        "vocab_size": 30522},
    # microsoft/deberta-v3-base and microsoft/deberta-v2-xlarge: their config.json files as published (reconstructed
    # field by field; the relative-attention fields agree with copies of these configs in public code).
    "deberta_v3_base": {
        "model_type": "deberta-v2", "attention_probs_dropout_prob": 0.1, "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1, "hidden_size": 768, "initializer_range": 0.02, "intermediate_size": 3072,
        "max_position_embeddings": 512, "relative_attention": True, "position_buckets": 256,
        "norm_rel_ebd": "layer_norm", "share_att_key": True, "pos_att_type": "p2c|c2p", "layer_norm_eps": 1e-7,
        "max_relative_positions": -1, "position_biased_input": False, "num_attention_heads": 12,
        "num_hidden_layers": 12, "type_vocab_size": 0, "vocab_size": 128100},
    "deberta_v2_xlarge": {
        "model_type": "deberta-v2", "attention_head_size": 64, "attention_probs_dropout_prob": 0.1,
        "conv_act": "gelu", "conv_kernel_size": 3, "hidden_act": "gelu", "hidden_dropout_prob": 0.1,
        "hidden_size": 1536, "initializer_range": 0.02, "intermediate_size": 6144, "layer_norm_eps": 1e-7,
        "max_position_embeddings": 512, "max_relative_positions": -1, "norm_rel_ebd": "layer_norm",
        "num_attention_heads": 24, "num_hidden_layers": 24, "pad_token_id": 0, "pooler_dropout": 0,
        "pooler_hidden_act": "gelu", "pooler_hidden_size": 1536, "pos_att_type": ["p2c", "c2p"],
        "position_biased_input": False, "position_buckets": 256, "relative_attention": True, "share_att_key": True,
        "type_vocab_size": 0, "vocab_size": 128100},
    "deberta_v2_tiny_choice": {"model_type": "deberta-v2", "architectures": ["DebertaV2ForMultipleChoice"],
                               **TINY, "relative_attention": True, "pos_att_type": "p2c|c2p"},
    # answerdotai/ModernBERT-base's config.json as published (reconstructed field by field); ModernBERT-large: its
    # sizes (hidden 1024, 28 layers, 16 heads, intermediate 2624) over the same fields.
    "modernbert_base": {
        "architectures": ["ModernBertForMaskedLM"], "attention_bias": False, "attention_dropout": 0.0,
        "bos_token_id": 50281, "classifier_activation": "gelu", "classifier_bias": False, "classifier_dropout": 0.0,
        "classifier_pooling": "mean", "cls_token_id": 50281, "decoder_bias": True, "deterministic_flash_attn": False,
        "embedding_dropout": 0.0, "eos_token_id": 50282, "global_attn_every_n_layers": 3,
        "global_rope_theta": 160000.0, "gradient_checkpointing": False, "hidden_activation": "gelu",
        "hidden_size": 768, "initializer_cutoff_factor": 2.0, "initializer_range": 0.02, "intermediate_size": 1152,
        "layer_norm_eps": 1e-05, "local_attention": 128, "local_rope_theta": 10000.0,
        "max_position_embeddings": 8192, "mlp_bias": False, "mlp_dropout": 0.0, "model_type": "modernbert",
        "norm_bias": False, "norm_eps": 1e-05, "num_attention_heads": 12, "num_hidden_layers": 22,
        "pad_token_id": 50283, "position_embedding_type": "absolute", "sep_token_id": 50282,
        "tie_word_embeddings": True, "torch_dtype": "float32", "transformers_version": "4.47.0.dev0",
        "vocab_size": 50368},
    "modernbert_tiny_choice": {"model_type": "modernbert", "architectures": ["ModernBertForMultipleChoice"],
                               **TINY, "pad_token_id": 0, "bos_token_id": 1, "eos_token_id": 2, "cls_token_id": 1,
                               "sep_token_id": 2},
    # Built on the meta device: multiple choice takes (batch, choices, tokens).
    "albert_tiny_choice": {"model_type": "albert", "architectures": ["AlbertForMultipleChoice"],
                           **TINY, "embedding_size": 16},
    "electra_tiny_choice": {"model_type": "electra", "architectures": ["ElectraForMultipleChoice"], **TINY,
                            "embedding_size": 16},
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
    "electra_tiny": {"model_type": "electra", **TINY, "embedding_size": 16},
    "electra_tiny_discriminator": {"model_type": "electra", "architectures": ["ElectraForPreTraining"], **TINY,
                                   "embedding_size": 32},
    "electra_tiny_generator": {"model_type": "electra", "architectures": ["ElectraForMaskedLM"], **TINY,
                               "embedding_size": 16},
    "electra_tiny_generator_untied": {"model_type": "electra", "architectures": ["ElectraForMaskedLM"], **TINY,
                                      "embedding_size": 16, "tie_word_embeddings": False, "type_vocab_size": 1},
    "electra_tiny_causal_cross": {"model_type": "electra", "architectures": ["ElectraForCausalLM"], **TINY,
                                  "embedding_size": 16, "is_decoder": True, "add_cross_attention": True},
    "electra_tiny_cls": {"model_type": "electra", "architectures": ["ElectraForSequenceClassification"], **TINY,
                         "embedding_size": 16, "id2label": labels(4)},
    "electra_tiny_token": {"model_type": "electra", "architectures": ["ElectraForTokenClassification"], **TINY,
                           "embedding_size": 16, "num_labels": 3},
    "electra_tiny_qa": {"model_type": "electra", "architectures": ["ElectraForQuestionAnswering"], **TINY},
    "deberta_v2_tiny": {"model_type": "deberta-v2", **TINY},
    "deberta_v2_tiny_v3_mlm": {"model_type": "deberta-v2", "architectures": ["DebertaV2ForMaskedLM"], **TINY,
                               "relative_attention": True, "pos_att_type": "p2c|c2p", "position_buckets": 16,
                               "norm_rel_ebd": "layer_norm", "share_att_key": True, "position_biased_input": False},
    "deberta_v2_tiny_conv_cls": {"model_type": "deberta-v2", "architectures": ["DebertaV2ForSequenceClassification"],
                                 **TINY, "relative_attention": True, "pos_att_type": ["p2c", "c2p"],
                                 "conv_kernel_size": 3, "conv_act": "gelu", "max_relative_positions": 20,
                                 "type_vocab_size": 2, "num_labels": 3},
    "deberta_v2_tiny_c2p_token": {"model_type": "deberta-v2", "architectures": ["DebertaV2ForTokenClassification"],
                                  **TINY, "relative_attention": True, "pos_att_type": "c2p", "embedding_size": 16,
                                  "num_labels": 5},
    "deberta_v2_tiny_mlm_untied": {"model_type": "deberta-v2", "architectures": ["DebertaV2ForMaskedLM"], **TINY,
                                   "embedding_size": 16, "tie_word_embeddings": False},
    "deberta_v2_tiny_mlm_new": {"model_type": "deberta-v2", "architectures": ["DebertaV2ForMaskedLM"], **TINY,
                                "legacy": False, "relative_attention": True, "pos_att_type": "p2c"},
    "deberta_v2_tiny_qa": {"model_type": "deberta-v2", "architectures": ["DebertaV2ForQuestionAnswering"], **TINY},
    "modernbert_tiny": {"model_type": "modernbert", **TINY, "num_hidden_layers": 4, "pad_token_id": 0,
                        "bos_token_id": 1, "eos_token_id": 2, "cls_token_id": 1, "sep_token_id": 2},
    "modernbert_tiny_mlm": {"model_type": "modernbert", "architectures": ["ModernBertForMaskedLM"], **TINY,
                            "pad_token_id": 0, "bos_token_id": 1, "eos_token_id": 2, "cls_token_id": 1,
                            "sep_token_id": 2},
    "modernbert_tiny_mlm_biases_untied": {
        "model_type": "modernbert", "architectures": ["ModernBertForMaskedLM"], **TINY, "pad_token_id": 0,
        "bos_token_id": 1, "eos_token_id": 2, "cls_token_id": 1, "sep_token_id": 2, "norm_bias": True,
        "attention_bias": True, "mlp_bias": True, "classifier_bias": True, "decoder_bias": False,
        "tie_word_embeddings": False, "global_attn_every_n_layers": 1},
    "modernbert_tiny_cls": {"model_type": "modernbert", "architectures": ["ModernBertForSequenceClassification"],
                            **TINY, "pad_token_id": 0, "bos_token_id": 1, "eos_token_id": 2, "cls_token_id": 1,
                            "sep_token_id": 2, "num_labels": 3, "classifier_pooling": "mean"},
    "modernbert_tiny_token": {"model_type": "modernbert", "architectures": ["ModernBertForTokenClassification"],
                              **TINY, "pad_token_id": 0, "bos_token_id": 1, "eos_token_id": 2, "cls_token_id": 1,
                              "sep_token_id": 2, "id2label": labels(5)},
    "modernbert_tiny_qa": {"model_type": "modernbert", "architectures": ["ModernBertForQuestionAnswering"],
                           **TINY, "pad_token_id": 0, "bos_token_id": 1, "eos_token_id": 2, "cls_token_id": 1,
                           "sep_token_id": 2, "layer_types": ["sliding_attention", "sliding_attention"]},
    "modernbert_tiny_one_layer": {"model_type": "modernbert", **TINY, "num_hidden_layers": 1,
                                  "pad_token_id": 0, "bos_token_id": 1, "eos_token_id": 2, "cls_token_id": 1,
                                  "sep_token_id": 2},
}
REAL["modernbert_large"] = {**REAL["modernbert_base"], "hidden_size": 1024, "intermediate_size": 2624,
                            "num_attention_heads": 16, "num_hidden_layers": 28}
