"""Fixture configs of the gpt group: gpt2, gpt_bigcode, opt, bert, roberta, xlm-roberta, distilbert."""

TINY = {"hidden_size": 32, "num_hidden_layers": 2, "num_attention_heads": 4, "intermediate_size": 37,
        "vocab_size": 99, "max_position_embeddings": 64}


def labels(count):
    return {str(i): f"LABEL_{i}" for i in range(count)}


REAL = {
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
