"""Encoder-decoder model types: t5, mt5, bart, mbart, marian, pegasus, whisper.

REAL configs are the published config.json files of the checkpoints named, with the
fields that shape the model as published (reconstructed from the checkpoints' files
and model cards where noted); SMALL ones are tiny variants covering the heads and options.
"""

BART = {"d_model": 32, "encoder_layers": 2, "decoder_layers": 2, "encoder_attention_heads": 4,
        "decoder_attention_heads": 4, "encoder_ffn_dim": 37, "decoder_ffn_dim": 37, "vocab_size": 99,
        "max_position_embeddings": 64}


WHISPER = {**BART, "num_mel_bins": 8, "max_source_positions": 30, "max_target_positions": 40, "pad_token_id": 0,
           "bos_token_id": 0, "eos_token_id": 0, "decoder_start_token_id": 1}
WHISPER.pop("max_position_embeddings")
T5 = {"d_model": 32, "d_kv": 8, "d_ff": 37, "num_layers": 2, "num_heads": 4, "vocab_size": 99}


def labels(count):
    return {str(i): f"LABEL_{i}" for i in range(count)}


REAL = {
    # facebook/bart-base (reconstructed from the published config.json)
    "bart_base": {
        "activation_dropout": 0.1, "activation_function": "gelu", "add_bias_logits": False,
        "add_final_layer_norm": False, "architectures": ["BartModel"], "attention_dropout": 0.1, "bos_token_id": 0,
        "classif_dropout": 0.1, "classifier_dropout": 0.0, "d_model": 768, "decoder_attention_heads": 12,
        "decoder_ffn_dim": 3072, "decoder_layerdrop": 0.0, "decoder_layers": 6, "decoder_start_token_id": 2,
        "dropout": 0.1, "early_stopping": True, "encoder_attention_heads": 12, "encoder_ffn_dim": 3072,
        "encoder_layerdrop": 0.0, "encoder_layers": 6, "eos_token_id": 2, "forced_eos_token_id": 2,
        "gradient_checkpointing": False, "id2label": {"0": "LABEL_0", "1": "LABEL_1", "2": "LABEL_2"},
        "init_std": 0.02, "is_encoder_decoder": True, "label2id": {"LABEL_0": 0, "LABEL_1": 1, "LABEL_2": 2},
        "max_position_embeddings": 1024, "model_type": "bart", "no_repeat_ngram_size": 3, "normalize_before": False,
        "normalize_embedding": True, "num_beams": 4, "num_hidden_layers": 6, "pad_token_id": 1,
        "scale_embedding": False, "transformers_version": "4.12.0.dev0", "use_cache": True, "vocab_size": 50265},
    # facebook/bart-large-cnn (reconstructed from the published config.json)
    "bart_large_cnn": {
        "_num_labels": 3, "activation_dropout": 0.0, "activation_function": "gelu", "add_final_layer_norm": False,
        "architectures": ["BartForConditionalGeneration"], "attention_dropout": 0.0, "bos_token_id": 0,
        "d_model": 1024, "decoder_attention_heads": 16, "decoder_ffn_dim": 4096, "decoder_layerdrop": 0.0,
        "decoder_layers": 12, "decoder_start_token_id": 2, "dropout": 0.1, "early_stopping": True,
        "encoder_attention_heads": 16, "encoder_ffn_dim": 4096, "encoder_layerdrop": 0.0, "encoder_layers": 12,
        "eos_token_id": 2, "forced_bos_token_id": 0, "forced_eos_token_id": 2, "gradient_checkpointing": False,
        "id2label": {"0": "LABEL_0", "1": "LABEL_1", "2": "LABEL_2"}, "init_std": 0.02, "is_encoder_decoder": True,
        "label2id": {"LABEL_0": 0, "LABEL_1": 1, "LABEL_2": 2}, "length_penalty": 2.0, "max_length": 142,
        "max_position_embeddings": 1024, "min_length": 56, "model_type": "bart", "no_repeat_ngram_size": 3,
        "normalize_before": False, "num_beams": 4, "num_hidden_layers": 12, "output_past": True, "pad_token_id": 1,
        "prefix": " ", "scale_embedding": False, "transformers_version": "4.7.0.dev0", "use_cache": True,
        "vocab_size": 50264},
    # facebook/mbart-large-cc25 (reconstructed from the published config.json)
    "mbart_large_cc25": {
        "_name_or_path": "facebook/mbart-large-cc25", "activation_dropout": 0.0, "activation_function": "gelu",
        "add_bias_logits": False, "add_final_layer_norm": True, "architectures": ["MBartForConditionalGeneration"],
        "attention_dropout": 0.0, "bos_token_id": 0, "classif_dropout": 0.0, "classifier_dropout": 0.0,
        "d_model": 1024, "decoder_attention_heads": 16, "decoder_ffn_dim": 4096, "decoder_layerdrop": 0.0,
        "decoder_layers": 12, "dropout": 0.1, "encoder_attention_heads": 16, "encoder_ffn_dim": 4096,
        "encoder_layerdrop": 0.0, "encoder_layers": 12, "eos_token_id": 2, "forced_eos_token_id": 2,
        "init_std": 0.02, "is_encoder_decoder": True, "max_length": 1024, "max_position_embeddings": 1024,
        "model_type": "mbart", "normalize_before": True, "normalize_embedding": True, "num_beams": 5,
        "num_hidden_layers": 12, "output_past": True, "pad_token_id": 1, "scale_embedding": True,
        "static_position_embeddings": False, "transformers_version": "4.11.0.dev0", "use_cache": True,
        "vocab_size": 250027},
    # google/pegasus-xsum (reconstructed from the published config.json; task_specific_params left out)
    "pegasus_xsum": {
        "activation_dropout": 0.1, "activation_function": "relu", "add_bias_logits": False,
        "add_final_layer_norm": True, "architectures": ["PegasusForConditionalGeneration"],
        "attention_dropout": 0.1, "bos_token_id": 0, "classif_dropout": 0.0, "classifier_dropout": 0.0,
        "d_model": 1024, "decoder_attention_heads": 16, "decoder_ffn_dim": 4096, "decoder_layerdrop": 0.0,
        "decoder_layers": 16, "decoder_start_token_id": 0, "dropout": 0.1, "encoder_attention_heads": 16,
        "encoder_ffn_dim": 4096, "encoder_layerdrop": 0.0, "encoder_layers": 16, "eos_token_id": 1,
        "extra_pos_embeddings": 0, "force_bos_token_to_be_generated": False, "forced_eos_token_id": 1,
        "gradient_checkpointing": False, "id2label": {"0": "LABEL_0", "1": "LABEL_1", "2": "LABEL_2"},
        "init_std": 0.02, "is_encoder_decoder": True, "label2id": {"LABEL_0": 0, "LABEL_1": 1, "LABEL_2": 2},
        "length_penalty": 0.6, "max_length": 64, "max_position_embeddings": 512, "model_type": "pegasus",
        "normalize_before": True, "normalize_embedding": False, "num_beams": 8, "num_hidden_layers": 16,
        "pad_token_id": 0, "scale_embedding": True, "static_position_embeddings": True,
        "transformers_version": "4.5.0.dev0", "use_cache": True, "vocab_size": 96103},
    # Helsinki-NLP/opus-mt-en-de (reconstructed from the published config.json)
    "marian_opus_mt_en_de": {
        "_name_or_path": "/tmp/Helsinki-NLP/opus-mt-en-de", "activation_dropout": 0.0, "activation_function": "swish",
        "add_bias_logits": False, "add_final_layer_norm": False, "architectures": ["MarianMTModel"],
        "attention_dropout": 0.0, "bad_words_ids": [[58100]], "bos_token_id": 0, "classif_dropout": 0.0,
        "classifier_dropout": 0.0, "d_model": 512, "decoder_attention_heads": 8, "decoder_ffn_dim": 2048,
        "decoder_layerdrop": 0.0, "decoder_layers": 6, "decoder_start_token_id": 58100, "decoder_vocab_size": 58101,
        "dropout": 0.1, "encoder_attention_heads": 8, "encoder_ffn_dim": 2048, "encoder_layerdrop": 0.0,
        "encoder_layers": 6, "eos_token_id": 0, "forced_eos_token_id": 0, "gradient_checkpointing": False,
        "id2label": {"0": "LABEL_0", "1": "LABEL_1", "2": "LABEL_2"}, "init_std": 0.02, "is_encoder_decoder": True,
        "label2id": {"LABEL_0": 0, "LABEL_1": 1, "LABEL_2": 2}, "max_length": 512, "max_position_embeddings": 512,
        "model_type": "marian", "normalize_before": False, "normalize_embedding": False, "num_beams": 4,
        "num_hidden_layers": 6, "pad_token_id": 58100, "scale_embedding": True,
        "share_encoder_decoder_embeddings": True, "static_position_embeddings": True,
        "transformers_version": "4.22.0.dev0", "use_cache": True, "vocab_size": 58101},
    # google/mt5-small (reconstructed from the published config.json)
    "mt5_small": {
        "_name_or_path": "/home/patrick/hugging_face/t5/mt5-small", "architectures": ["MT5ForConditionalGeneration"],
        "d_ff": 1024, "d_kv": 64, "d_model": 512, "decoder_start_token_id": 0, "dropout_rate": 0.1,
        "eos_token_id": 1, "feed_forward_proj": "gated-gelu", "initializer_factor": 1.0, "is_encoder_decoder": True,
        "layer_norm_epsilon": 1e-06, "model_type": "mt5", "num_decoder_layers": 8, "num_heads": 6, "num_layers": 8,
        "pad_token_id": 0, "relative_attention_num_buckets": 32, "tie_word_embeddings": False,
        "tokenizer_class": "T5Tokenizer", "transformers_version": "4.10.0.dev0", "use_cache": True,
        "vocab_size": 250112},
    # google/t5-v1_1-base (reconstructed from the published config.json)
    "t5_v1_1_base": {
        "architectures": ["T5ForConditionalGeneration"], "d_ff": 2048, "d_kv": 64, "d_model": 768,
        "decoder_start_token_id": 0, "dropout_rate": 0.1, "eos_token_id": 1, "feed_forward_proj": "gated-gelu",
        "initializer_factor": 1.0, "is_encoder_decoder": True, "layer_norm_epsilon": 1e-06, "model_type": "t5",
        "num_decoder_layers": 12, "num_heads": 12, "num_layers": 12, "output_past": True, "pad_token_id": 0,
        "relative_attention_num_buckets": 32, "tie_word_embeddings": False, "vocab_size": 32128},
    # openai/whisper-tiny (reconstructed from the published config.json; suppress_tokens left out)
    "whisper_tiny": {
        "_name_or_path": "openai/whisper-tiny", "activation_dropout": 0.0, "activation_function": "gelu",
        "architectures": ["WhisperForConditionalGeneration"], "attention_dropout": 0.0,
        "begin_suppress_tokens": [220, 50257], "bos_token_id": 50257, "d_model": 384, "decoder_attention_heads": 6,
        "decoder_ffn_dim": 1536, "decoder_layerdrop": 0.0, "decoder_layers": 4, "decoder_start_token_id": 50258,
        "dropout": 0.0, "encoder_attention_heads": 6, "encoder_ffn_dim": 1536, "encoder_layerdrop": 0.0,
        "encoder_layers": 4, "eos_token_id": 50257, "forced_decoder_ids": [[1, 50259], [2, 50359], [3, 50363]],
        "init_std": 0.02, "is_encoder_decoder": True, "max_length": 448, "max_source_positions": 1500,
        "max_target_positions": 448, "model_type": "whisper", "num_hidden_layers": 4, "num_mel_bins": 80,
        "pad_token_id": 50257, "scale_embedding": False, "torch_dtype": "float32",
        "transformers_version": "4.27.0.dev0", "use_cache": True, "vocab_size": 51865},
    # openai/whisper-small: the published config.json, verbatim
    "whisper_small": {
        "_name_or_path": "openai/whisper-small", "activation_dropout": 0.0, "activation_function": "gelu",
        "architectures": ["WhisperForConditionalGeneration"], "attention_dropout": 0.0,
        "begin_suppress_tokens": [220, 50257], "bos_token_id": 50257, "d_model": 768, "decoder_attention_heads": 12,
        "decoder_ffn_dim": 3072, "decoder_layerdrop": 0.0, "decoder_layers": 12, "decoder_start_token_id": 50258,
        "dropout": 0.0, "encoder_attention_heads": 12, "encoder_ffn_dim": 3072, "encoder_layerdrop": 0.0,
        "encoder_layers": 12, "eos_token_id": 50257, "forced_decoder_ids": [[1, 50259], [2, 50359], [3, 50363]],
        "init_std": 0.02, "is_encoder_decoder": True, "max_length": 448, "max_source_positions": 1500,
        "max_target_positions": 448, "model_type": "whisper", "num_hidden_layers": 12, "num_mel_bins": 80,
        "pad_token_id": 50257, "scale_embedding": False, "suppress_tokens": [1, 2, 7, 8, 9, 10, 14, 25, 26, 27, 28,
        29, 31, 58, 59, 60, 61, 62, 63, 90, 91, 92, 93, 359, 503, 522, 542, 873, 893, 902, 918, 922, 931, 1350, 1853,
        1982, 2460, 2627, 3246, 3253, 3268, 3536, 3846, 3961, 4183, 4667, 6585, 6647, 7273, 9061, 9383, 10428, 10929,
        11938, 12033, 12331, 12562, 13793, 14157, 14635, 15265, 15618, 16553, 16604, 18362, 18956, 20075, 21675,
        22520, 26130, 26161, 26435, 28279, 29464, 31650, 32302, 32470, 36865, 42863, 47425, 49870, 50254, 50258,
        50360, 50361, 50362], "torch_dtype": "float32", "transformers_version": "4.27.0.dev0", "use_cache": True,
        "vocab_size": 51865},
}

SMALL = {
    "bart_tiny": {"model_type": "bart", "architectures": ["BartForConditionalGeneration"], **BART},
    "bart_tiny_model": {"model_type": "bart", **BART, "tie_word_embeddings": False, "decoder_layers": 3,
                        "decoder_ffn_dim": 20, "decoder_attention_heads": 2},
    "bart_tiny_untied": {"model_type": "bart", "architectures": ["BartForConditionalGeneration"], **BART,
                         "tie_word_embeddings": False},
    "bart_tiny_cls": {"model_type": "bart", "architectures": ["BartForSequenceClassification"], **BART,
                      "eos_token_id": 2},
    "bart_tiny_cls5": {"model_type": "bart", "architectures": ["BartForSequenceClassification"], **BART,
                       "eos_token_id": 2, "id2label": labels(5)},
    "bart_tiny_qa": {"model_type": "bart", "architectures": ["BartForQuestionAnswering"], **BART},
    "bart_tiny_causal": {"model_type": "bart", "architectures": ["BartForCausalLM"], **BART},
    "mbart_tiny": {"model_type": "mbart", "architectures": ["MBartForConditionalGeneration"], **BART},
    "mbart_tiny_untied": {"model_type": "mbart", "architectures": ["MBartForConditionalGeneration"], **BART,
                          "tie_word_embeddings": False, "scale_embedding": True},
    "mbart_tiny_cls": {"model_type": "mbart", "architectures": ["MBartForSequenceClassification"], **BART,
                       "eos_token_id": 2, "num_labels": 4},
    "mbart_tiny_qa": {"model_type": "mbart", "architectures": ["MBartForQuestionAnswering"], **BART},
    "mbart_tiny_causal": {"model_type": "mbart", "architectures": ["MBartForCausalLM"], **BART},
    "pegasus_tiny": {"model_type": "pegasus", "architectures": ["PegasusForConditionalGeneration"], **BART},
    "pegasus_tiny_model": {"model_type": "pegasus", **BART, "tie_word_embeddings": False, "encoder_layers": 1},
    "pegasus_tiny_causal": {"model_type": "pegasus", "architectures": ["PegasusForCausalLM"], **BART,
                            "tie_word_embeddings": False},
    "mt5_tiny": {"model_type": "mt5", "architectures": ["MT5ForConditionalGeneration"], **T5,
                 "tie_word_embeddings": False},
    "mt5_tiny_relu": {"model_type": "mt5", "architectures": ["MT5Model"], **T5, "feed_forward_proj": "relu",
                      "num_decoder_layers": 3, "relative_attention_num_buckets": 8},
    "mt5_tiny_encoder": {"model_type": "mt5", "architectures": ["MT5EncoderModel"], **T5},
    "mt5_tiny_cls": {"model_type": "mt5", "architectures": ["MT5ForSequenceClassification"], **T5,
                     "id2label": labels(3)},
    "mt5_tiny_token": {"model_type": "mt5", "architectures": ["MT5ForTokenClassification"], **T5, "num_labels": 5},
    "mt5_tiny_qa": {"model_type": "mt5", "architectures": ["MT5ForQuestionAnswering"], **T5, "num_layers": 1},
    "whisper_tiny_cg": {"model_type": "whisper", "architectures": ["WhisperForConditionalGeneration"], **WHISPER},
    "whisper_tiny_model": {"model_type": "whisper", **WHISPER, "tie_word_embeddings": False, "encoder_layers": 1,
                           "decoder_ffn_dim": 20},
    "whisper_tiny_untied": {"model_type": "whisper", "architectures": ["WhisperForConditionalGeneration"], **WHISPER,
                            "tie_word_embeddings": False},
    "whisper_tiny_causal": {"model_type": "whisper", "architectures": ["WhisperForCausalLM"], **WHISPER},
    "whisper_tiny_audio_cls": {"model_type": "whisper", "architectures": ["WhisperForAudioClassification"],
                               **WHISPER, "num_labels": 4, "classifier_proj_size": 16},
    "whisper_tiny_audio_cls_weighted": {"model_type": "whisper", "architectures": ["WhisperForAudioClassification"],
                                        **WHISPER, "use_weighted_layer_sum": True},
    "marian_tiny": {"model_type": "marian", "architectures": ["MarianMTModel"], **BART, "pad_token_id": 0,
                    "decoder_start_token_id": 0},
    "marian_tiny_separate": {"model_type": "marian", "architectures": ["MarianMTModel"], **BART, "pad_token_id": 0,
                             "decoder_start_token_id": 0, "share_encoder_decoder_embeddings": False,
                             "decoder_vocab_size": 50},
    "marian_tiny_separate_untied": {"model_type": "marian", "architectures": ["MarianMTModel"], **BART,
                                    "pad_token_id": 0, "decoder_start_token_id": 0, "decoder_vocab_size": 50,
                                    "share_encoder_decoder_embeddings": False, "tie_word_embeddings": False},
    "marian_tiny_model": {"model_type": "marian", **BART, "pad_token_id": 0, "decoder_start_token_id": 0,
                          "tie_word_embeddings": False},
    "marian_tiny_causal": {"model_type": "marian", "architectures": ["MarianForCausalLM"], **BART,
                           "pad_token_id": 0, "decoder_start_token_id": 0},
}


def _ids_ending_in_eos(model, torch):
    """Token ids of 2 × 7 ending in the end-of-sequence token (BART's classifier reads it); the decoder
    inputs are the ids shifted right, as the model makes them."""
    ids = torch.randint(3, model.config.vocab_size, (2, 7))
    ids[:, -1] = model.config.eos_token_id
    return {"input_ids": ids}


def _marian_ids(model, torch):
    """Encoder ids over vocab_size, decoder ids over decoder_vocab_size (its own vocabulary when not shared)."""
    config = model.config
    decoder = {"decoder_input_ids": torch.randint(1, config.decoder_vocab_size, (2, 5))}
    return {"input_ids": torch.randint(1, config.vocab_size, (2, 7)), **({} if config.is_decoder else decoder)}


def _t5_ids(model, torch):
    """Ids ending in the end-of-sequence token (the classifier reads it; it then makes the decoder inputs
    by shifting them), else decoder inputs of 2 × 5."""
    ids = torch.randint(3, model.config.vocab_size, (2, 7))
    ids[:, -1] = model.config.eos_token_id
    if type(model).__name__.endswith(("ForSequenceClassification", "EncoderModel", "TokenClassification")):
        return {"input_ids": ids}
    return {"input_ids": ids, "decoder_input_ids": torch.randint(3, model.config.vocab_size, (2, 5))}


def _whisper_inputs(model, torch):
    """Log-mel features of 2 × num_mel_bins × (2 × max_source_positions) frames (the length the encoder wants),
    decoder ids of 2 × 5; the decoder alone (causal LM) takes input_ids, the classifier the features alone."""
    config = model.config
    features = {"input_features": torch.randn(2, config.num_mel_bins, 2 * config.max_source_positions)}
    ids = torch.randint(3, config.vocab_size, (2, 5))
    name = type(model).__name__
    if name.endswith("ForCausalLM"):
        return {"input_ids": ids}
    return features if name.endswith("AudioClassification") else {**features, "decoder_input_ids": ids}


INPUTS = {"whisper": _whisper_inputs, "mt5": _t5_ids, "bart": _ids_ending_in_eos, "mbart": _ids_ending_in_eos,
          "marian": _marian_ids}
