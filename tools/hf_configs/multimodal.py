"""Image-text and speech models: clip (and its single towers), siglip, wav2vec2."""

TEXT = {"vocab_size": 99, "hidden_size": 32, "intermediate_size": 37, "num_hidden_layers": 2, "num_attention_heads": 4,
        "max_position_embeddings": 16, "bos_token_id": 1, "eos_token_id": 2, "pad_token_id": 0}
VISION = {"hidden_size": 24, "intermediate_size": 30, "num_hidden_layers": 2, "num_attention_heads": 2,
          "image_size": 30, "patch_size": 8, "num_channels": 3}
W2V = {"hidden_size": 32, "num_hidden_layers": 2, "num_attention_heads": 4, "intermediate_size": 37, "vocab_size": 20,
       "conv_dim": [16, 16, 24], "conv_kernel": [10, 3, 3], "conv_stride": [5, 2, 2], "num_conv_pos_embeddings": 16,
       "num_conv_pos_embedding_groups": 4}
# facebook/wav2vec2-large-960h-lv60-self: stable layer norm, LayerNorm conv encoder with biases.
W2V_LARGE = {"architectures": ["Wav2Vec2ForCTC"], "model_type": "wav2vec2", "hidden_size": 1024,
             "num_hidden_layers": 24, "num_attention_heads": 16, "intermediate_size": 4096,
             "feat_extract_norm": "layer", "conv_bias": True, "do_stable_layer_norm": True, "vocab_size": 32}

REAL = {
    # openai/clip-vit-base-patch32 config.json as published.
    "clip_vit_base_patch32": {
        "_name_or_path": "openai/clip-vit-base-patch32", "architectures": ["CLIPModel"], "initializer_factor": 1.0,
        "logit_scale_init_value": 2.6592, "model_type": "clip", "projection_dim": 512,
        "text_config": {
            "_name_or_path": "", "add_cross_attention": False, "architectures": None, "attention_dropout": 0.0,
            "bad_words_ids": None, "bos_token_id": 0, "chunk_size_feed_forward": 0,
            "cross_attention_hidden_size": None, "decoder_start_token_id": None, "diversity_penalty": 0.0,
            "do_sample": False, "dropout": 0.0, "early_stopping": False, "encoder_no_repeat_ngram_size": 0,
            "eos_token_id": 2, "finetuning_task": None, "forced_bos_token_id": None, "forced_eos_token_id": None,
            "hidden_act": "quick_gelu", "hidden_size": 512, "id2label": {"0": "LABEL_0", "1": "LABEL_1"},
            "initializer_factor": 1.0, "initializer_range": 0.02, "intermediate_size": 2048, "is_decoder": False,
            "is_encoder_decoder": False, "label2id": {"LABEL_0": 0, "LABEL_1": 1}, "layer_norm_eps": 1e-05,
            "length_penalty": 1.0, "max_length": 20, "max_position_embeddings": 77, "min_length": 0,
            "model_type": "clip_text_model", "no_repeat_ngram_size": 0, "num_attention_heads": 8,
            "num_beam_groups": 1, "num_beams": 1, "num_hidden_layers": 12, "num_return_sequences": 1,
            "output_attentions": False, "output_hidden_states": False, "output_scores": False, "pad_token_id": 1,
            "prefix": None, "projection_dim": 512, "problem_type": None, "pruned_heads": {},
            "remove_invalid_values": False, "repetition_penalty": 1.0, "return_dict": True,
            "return_dict_in_generate": False, "sep_token_id": None, "task_specific_params": None,
            "temperature": 1.0, "tie_encoder_decoder": False, "tie_word_embeddings": True, "tokenizer_class": None,
            "top_k": 50, "top_p": 1.0, "torch_dtype": None, "torchscript": False,
            "transformers_version": "4.16.0.dev0", "use_bfloat16": False, "vocab_size": 49408},
        "text_config_dict": None, "transformers_version": None,
        "vision_config": {
            "_name_or_path": "", "add_cross_attention": False, "architectures": None, "attention_dropout": 0.0,
            "bad_words_ids": None, "bos_token_id": None, "chunk_size_feed_forward": 0,
            "cross_attention_hidden_size": None, "decoder_start_token_id": None, "diversity_penalty": 0.0,
            "do_sample": False, "dropout": 0.0, "early_stopping": False, "encoder_no_repeat_ngram_size": 0,
            "eos_token_id": None, "finetuning_task": None, "forced_bos_token_id": None, "forced_eos_token_id": None,
            "hidden_act": "quick_gelu", "hidden_size": 768, "id2label": {"0": "LABEL_0", "1": "LABEL_1"},
            "image_size": 224, "initializer_factor": 1.0, "initializer_range": 0.02, "intermediate_size": 3072,
            "is_decoder": False, "is_encoder_decoder": False, "label2id": {"LABEL_0": 0, "LABEL_1": 1},
            "layer_norm_eps": 1e-05, "length_penalty": 1.0, "max_length": 20, "min_length": 0,
            "model_type": "clip_vision_model", "no_repeat_ngram_size": 0, "num_attention_heads": 12,
            "num_beam_groups": 1, "num_beams": 1, "num_hidden_layers": 12, "num_return_sequences": 1,
            "output_attentions": False, "output_hidden_states": False, "output_scores": False, "pad_token_id": None,
            "patch_size": 32, "prefix": None, "projection_dim": 512, "problem_type": None, "pruned_heads": {},
            "remove_invalid_values": False, "repetition_penalty": 1.0, "return_dict": True,
            "return_dict_in_generate": False, "sep_token_id": None, "task_specific_params": None,
            "temperature": 1.0, "tie_encoder_decoder": False, "tie_word_embeddings": True, "tokenizer_class": None,
            "top_k": 50, "top_p": 1.0, "torch_dtype": None, "torchscript": False,
            "transformers_version": "4.16.0.dev0", "use_bfloat16": False},
        "vision_config_dict": None},
    # CLIP ViT-L/14 as the Stable Diffusion safety checker's config.json gives it (its text_config_dict and
    # vision_config_dict win over text_config and vision_config; the diffusers class name left out).
    "clip_vit_large_patch14_config_dict": {
        "initializer_factor": 1.0, "logit_scale_init_value": 2.6592, "model_type": "clip", "projection_dim": 768,
        "text_config": {"hidden_act": "quick_gelu", "hidden_size": 768, "intermediate_size": 3072,
                        "layer_norm_eps": 0.00001, "max_position_embeddings": 77, "model_type": "clip_text_model",
                        "num_attention_heads": 12, "num_hidden_layers": 12, "vocab_size": 49408},
        "text_config_dict": {"hidden_size": 768, "intermediate_size": 3072, "num_attention_heads": 12,
                             "num_hidden_layers": 12},
        "torch_dtype": "float32", "transformers_version": None,
        "vision_config": {"hidden_act": "quick_gelu", "hidden_size": 1024, "image_size": 224,
                          "intermediate_size": 4096, "layer_norm_eps": 0.00001, "model_type": "clip_vision_model",
                          "num_attention_heads": 16, "num_channels": 3, "num_hidden_layers": 24, "patch_size": 14},
        "vision_config_dict": {"hidden_size": 1024, "intermediate_size": 4096, "num_attention_heads": 16,
                               "num_hidden_layers": 24, "patch_size": 14}},
    # Every field missing: the config classes' defaults (AutoModel's base model).
    "clip_defaults": {"model_type": "clip"},
    "siglip_defaults": {"model_type": "siglip"},
    "wav2vec2_defaults": {"model_type": "wav2vec2"},
    # Built on the meta device: without the pooling head SiglipModel has no image embedding to run.
    "siglip_tiny_no_head": {"model_type": "siglip", "text_config": TEXT,
                            "vision_config": {**VISION, "vision_use_head": False}},
    # facebook/wav2vec2-base-960h and facebook/wav2vec2-large-960h-lv60-self: reconstructed from their model cards
    # and transformers' documentation (every field that sizes a weight; the rest left to the defaults).
    "wav2vec2_base_960h": {
        "architectures": ["Wav2Vec2ForCTC"], "model_type": "wav2vec2", "hidden_size": 768, "num_hidden_layers": 12,
        "num_attention_heads": 12, "intermediate_size": 3072, "feat_extract_norm": "group", "conv_bias": False,
        "conv_dim": [512] * 7, "conv_kernel": [10, 3, 3, 3, 3, 2, 2], "conv_stride": [5, 2, 2, 2, 2, 2, 2],
        "num_conv_pos_embeddings": 128, "num_conv_pos_embedding_groups": 16, "do_stable_layer_norm": False,
        "mask_time_prob": 0.05, "vocab_size": 32},
    "wav2vec2_large_960h_lv60_self": {**W2V_LARGE, "conv_dim": [512] * 7, "conv_kernel": [10, 3, 3, 3, 3, 2, 2],
                                      "conv_stride": [5, 2, 2, 2, 2, 2, 2], "mask_time_prob": 0.05},
    # google/siglip-base-patch16-224 and google/siglip-so400m-patch14-384 config.json (their few fields as published).
    "siglip_base_patch16_224": {
        "architectures": ["SiglipModel"], "initializer_factor": 1.0, "model_type": "siglip",
        "text_config": {"hidden_size": 768, "intermediate_size": 3072, "model_type": "siglip_text_model",
                        "num_attention_heads": 12, "vocab_size": 32000},
        "torch_dtype": "float32", "transformers_version": "4.37.0.dev0",
        "vision_config": {"model_type": "siglip_vision_model", "patch_size": 16}},
    "siglip_so400m_patch14_384": {
        "architectures": ["SiglipModel"], "initializer_factor": 1.0, "model_type": "siglip",
        "text_config": {"hidden_size": 1152, "intermediate_size": 4304, "model_type": "siglip_text_model",
                        "num_attention_heads": 16, "num_hidden_layers": 27},
        "torch_dtype": "float32", "transformers_version": "4.37.0.dev0",
        "vision_config": {"hidden_size": 1152, "image_size": 384, "intermediate_size": 4304,
                          "model_type": "siglip_vision_model", "num_attention_heads": 16, "num_hidden_layers": 27,
                          "patch_size": 14}},
}

SMALL = {
    "clip_tiny": {"model_type": "clip", "architectures": ["CLIPModel"], "projection_dim": 20, "text_config": TEXT,
                  "vision_config": VISION},
    # An old file's text_config_dict wins over text_config; a missing vision_config takes the defaults but these.
    "clip_tiny_config_dict": {"model_type": "clip", "text_config": {**TEXT, "hidden_size": 64},
                              "text_config_dict": {**TEXT, "num_hidden_layers": 1},
                              "vision_config_dict": {**VISION, "num_hidden_layers": 1, "patch_size": 10}},
    "clip_tiny_cls": {"model_type": "clip", "architectures": ["CLIPForImageClassification"], "num_labels": 5,
                      "vision_config": VISION},
    "clip_text_tiny": {"model_type": "clip_text_model", "architectures": ["CLIPTextModel"], **TEXT},
    "clip_text_tiny_projection": {"model_type": "clip_text_model", "architectures": ["CLIPTextModelWithProjection"],
                                  **TEXT, "projection_dim": 12},
    "clip_vision_tiny": {"model_type": "clip_vision_model", "architectures": ["CLIPVisionModel"], **VISION},
    "clip_vision_tiny_projection": {"model_type": "clip_vision_model",
                                    "architectures": ["CLIPVisionModelWithProjection"], **VISION, "num_channels": 1,
                                    "projection_dim": 16},
    # The contrastive forward needs the text head's output as wide as the image's.
    "siglip_tiny": {"model_type": "siglip", "architectures": ["SiglipModel"],
                    "text_config": {**TEXT, "projection_size": 24}, "vision_config": VISION},
    "siglip_tiny_cls": {"model_type": "siglip", "architectures": ["SiglipForImageClassification"],
                        "id2label": {str(i): f"LABEL_{i}" for i in range(3)},
                        "vision_config": {**VISION, "vision_use_head": False}},
    "siglip_text_tiny": {"model_type": "siglip_text_model", "architectures": ["SiglipTextModel"], **TEXT},
    "siglip_vision_tiny": {"model_type": "siglip_vision_model", "architectures": ["SiglipVisionModel"], **VISION},
    "siglip_text_tiny_projection": {"model_type": "siglip_text_model", "architectures": ["SiglipTextModel"], **TEXT,
                                    "projection_size": 20},
    "siglip_vision_tiny_no_head": {"model_type": "siglip_vision_model", "architectures": ["SiglipVisionModel"],
                                   **VISION, "vision_use_head": False, "image_size": 24},
    "wav2vec2_tiny": {"model_type": "wav2vec2", "architectures": ["Wav2Vec2Model"], **W2V},
    "wav2vec2_tiny_ctc_stable": {"model_type": "wav2vec2", "architectures": ["Wav2Vec2ForCTC"], **W2V,
                                 "feat_extract_norm": "layer", "conv_bias": True, "do_stable_layer_norm": True},
    "wav2vec2_tiny_ctc_adapter": {"model_type": "wav2vec2", "architectures": ["Wav2Vec2ForCTC"], **W2V,
                                  "do_stable_layer_norm": True, "adapter_attn_dim": 8, "add_adapter": True,
                                  "output_hidden_size": 24, "num_adapter_layers": 2},
    "wav2vec2_tiny_cls": {"model_type": "wav2vec2", "architectures": ["Wav2Vec2ForSequenceClassification"], **W2V,
                          "use_weighted_layer_sum": True, "classifier_proj_size": 12, "num_labels": 3,
                          "mask_time_prob": 0.0},
    "wav2vec2_tiny_frame": {"model_type": "wav2vec2", "architectures": ["Wav2Vec2ForAudioFrameClassification"],
                            **W2V, "id2label": {str(i): f"LABEL_{i}" for i in range(5)}},
    "wav2vec2_tiny_xvector": {"model_type": "wav2vec2", "architectures": ["Wav2Vec2ForXVector"], **W2V,
                              "tdnn_dim": [16, 16, 20], "tdnn_kernel": [3, 3, 1], "tdnn_dilation": [1, 2, 1],
                              "xvector_output_dim": 12, "num_labels": 4},
    "wav2vec2_tiny_pretraining": {"model_type": "wav2vec2", "architectures": ["Wav2Vec2ForPreTraining"], **W2V,
                                  "num_codevector_groups": 2, "num_codevectors_per_group": 10, "codevector_dim": 12,
                                  "proj_codevector_dim": 8},
}


def _text(config, torch):
    return {"input_ids": torch.randint(3, config.vocab_size, (2, 7))}


def _image(config, torch):
    return {"pixel_values": torch.randn(2, config.num_channels, config.image_size, config.image_size)}


def _pair(model, torch):
    inputs = {}
    if hasattr(model, "text_model"):
        inputs.update(_text(model.config.text_config, torch))
    return {**inputs, **_image(model.config.vision_config, torch)}


INPUTS = {
    "clip": _pair,
    "clip_text_model": lambda model, torch: _text(model.config, torch),
    "clip_vision_model": lambda model, torch: _image(model.config, torch),
    "wav2vec2": lambda model, torch: {"input_values": torch.randn(2, 400)},
    "siglip": _pair,
    "siglip_text_model": lambda model, torch: _text(model.config, torch),
    "siglip_vision_model": lambda model, torch: _image(model.config, torch),
}
