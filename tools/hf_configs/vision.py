"""Image models: vit, deit, swin, convnext (pixel inputs)."""

LABELS_1K = {str(i): f"LABEL_{i}" for i in range(1000)}  # the published id2label maps, names left out


def labels(count):
    return {str(i): f"LABEL_{i}" for i in range(count)}


# Published config.json files of these checkpoints, field by field (reconstructed from public copies of
# the files and transformers' docs, not downloaded here; their id2label maps of ImageNet class names are
# written with placeholder names, label2id left out: neither changes a weight but the label count).
REAL = {
    "vit_base_patch16_224_in21k": {  # google/vit-base-patch16-224-in21k: the base model, with its pooler
        "_name_or_path": "google/vit-base-patch16-224-in21k", "architectures": ["ViTModel"],
        "attention_probs_dropout_prob": 0.0, "hidden_act": "gelu", "hidden_dropout_prob": 0.0, "hidden_size": 768,
        "image_size": 224, "initializer_range": 0.02, "intermediate_size": 3072, "layer_norm_eps": 1e-12,
        "model_type": "vit", "num_attention_heads": 12, "num_channels": 3, "num_hidden_layers": 12,
        "patch_size": 16, "qkv_bias": True, "transformers_version": "4.13.0.dev0"},
    "vit_large_patch32_384": {  # google/vit-large-patch32-384
        "architectures": ["ViTForImageClassification"], "attention_probs_dropout_prob": 0.0, "hidden_act": "gelu",
        "hidden_dropout_prob": 0.0, "hidden_size": 1024, "id2label": LABELS_1K, "image_size": 384,
        "initializer_range": 0.02, "intermediate_size": 4096, "layer_norm_eps": 1e-12, "model_type": "vit",
        "num_attention_heads": 16, "num_channels": 3, "num_hidden_layers": 24, "patch_size": 32, "qkv_bias": True},
    "deit_base_distilled_patch16_224": {  # facebook/deit-base-distilled-patch16-224
        "architectures": ["DeiTForImageClassificationWithTeacher"], "attention_probs_dropout_prob": 0.0,
        "hidden_act": "gelu", "hidden_dropout_prob": 0.0, "hidden_size": 768, "id2label": LABELS_1K,
        "image_size": 224, "initializer_range": 0.02, "intermediate_size": 3072, "layer_norm_eps": 1e-12,
        "model_type": "deit", "num_attention_heads": 12, "num_channels": 3, "num_hidden_layers": 12,
        "patch_size": 16, "qkv_bias": True, "torch_dtype": "float32", "transformers_version": "4.15.0.dev0"},
    "deit_tiny_distilled_patch16_224": {  # facebook/deit-tiny-distilled-patch16-224
        "architectures": ["DeiTForImageClassificationWithTeacher"], "attention_probs_dropout_prob": 0.0,
        "hidden_act": "gelu", "hidden_dropout_prob": 0.0, "hidden_size": 192, "id2label": LABELS_1K,
        "image_size": 224, "initializer_range": 0.02, "intermediate_size": 768, "layer_norm_eps": 1e-12,
        "model_type": "deit", "num_attention_heads": 3, "num_channels": 3, "num_hidden_layers": 12,
        "patch_size": 16, "qkv_bias": True, "torch_dtype": "float32", "transformers_version": "4.15.0.dev0"},
    "swin_tiny_patch4_window7_224": {  # microsoft/swin-tiny-patch4-window7-224 ("path_norm" as published)
        "architectures": ["SwinForImageClassification"], "attention_probs_dropout_prob": 0.0,
        "depths": [2, 2, 6, 2], "drop_path_rate": 0.1, "embed_dim": 96, "encoder_stride": 32, "hidden_act": "gelu",
        "hidden_dropout_prob": 0.0, "hidden_size": 768, "id2label": LABELS_1K, "image_size": 224,
        "initializer_range": 0.02, "layer_norm_eps": 1e-05, "mlp_ratio": 4.0, "model_type": "swin",
        "num_channels": 3, "num_heads": [3, 6, 12, 24], "num_layers": 4, "patch_size": 4, "path_norm": True,
        "qkv_bias": True, "transformers_version": "4.17.0", "use_absolute_embeddings": False, "window_size": 7},
    "swin_base_patch4_window12_384": {  # microsoft/swin-base-patch4-window12-384
        "architectures": ["SwinForImageClassification"], "attention_probs_dropout_prob": 0.0,
        "depths": [2, 2, 18, 2], "drop_path_rate": 0.1, "embed_dim": 128, "encoder_stride": 32,
        "hidden_act": "gelu", "hidden_dropout_prob": 0.0, "hidden_size": 1024, "id2label": LABELS_1K,
        "image_size": 384, "initializer_range": 0.02, "layer_norm_eps": 1e-05, "mlp_ratio": 4.0,
        "model_type": "swin", "num_channels": 3, "num_heads": [4, 8, 16, 32], "num_layers": 4, "patch_size": 4,
        "path_norm": True, "qkv_bias": True, "torch_dtype": "float32", "transformers_version": "4.18.0.dev0",
        "use_absolute_embeddings": False, "window_size": 12},
    "convnext_tiny_224": {  # facebook/convnext-tiny-224
        "architectures": ["ConvNextForImageClassification"], "depths": [3, 3, 9, 3], "drop_path_rate": 0.0,
        "hidden_act": "gelu", "hidden_sizes": [96, 192, 384, 768], "id2label": LABELS_1K, "image_size": 224,
        "initializer_range": 0.02, "layer_norm_eps": 1e-12, "layer_scale_init_value": 1e-06,
        "model_type": "convnext", "num_channels": 3, "num_stages": 4, "patch_size": 4, "torch_dtype": "float32",
        "transformers_version": "4.18.0.dev0"},
    "convnext_base_224": {  # facebook/convnext-base-224 (no image_size: written before the field existed)
        "architectures": ["ConvNextForImageClassification"], "depths": [3, 3, 27, 3], "drop_path_rate": 0.0,
        "hidden_act": "gelu", "hidden_sizes": [128, 256, 512, 1024], "id2label": LABELS_1K,
        "layer_norm_eps": 1e-12, "layer_scale_init_value": 1e-06, "model_type": "convnext", "num_channels": 3,
        "num_stages": 4, "patch_size": 4, "torch_dtype": "float32", "transformers_version": "4.18.0"},
}

VIT = {"hidden_size": 32, "num_hidden_layers": 2, "num_attention_heads": 4, "intermediate_size": 37}
SWIN = {"embed_dim": 16, "depths": [2, 1, 1], "num_heads": [2, 2, 4], "window_size": 4, "image_size": 32,
        "patch_size": 2}
CONVNEXT = {"hidden_sizes": [8, 16, 24], "depths": [2, 1, 1], "num_stages": 3, "image_size": 32}

SMALL = {
    "vit_tiny_mim": {"model_type": "vit", "architectures": ["ViTForMaskedImageModeling"], **VIT, "image_size": 32,
                     "patch_size": 8, "encoder_stride": 8, "num_channels": 2},
    "vit_tiny_pooler": {"model_type": "vit", "architectures": ["ViTModel"], **VIT, "image_size": [32, 24],
                        "patch_size": [8, 4], "pooler_output_size": 20, "head_dim": 6},
    "vit_tiny_no_labels": {"model_type": "vit", "architectures": ["ViTForImageClassification"], **VIT,
                           "image_size": 16, "patch_size": 4, "num_labels": 0},
    "deit_tiny": {"model_type": "deit", **VIT, "image_size": 32, "patch_size": 8},
    "deit_tiny_teacher": {"model_type": "deit", "architectures": ["DeiTForImageClassificationWithTeacher"], **VIT,
                          "image_size": 32, "patch_size": 8, "id2label": labels(3)},
    "deit_tiny_cls": {"model_type": "deit", "architectures": ["DeiTForImageClassification"], **VIT,
                      "image_size": 30, "patch_size": 7, "num_channels": 2, "qkv_bias": False, "num_labels": 5},
    "deit_tiny_mim": {"model_type": "deit", "architectures": ["DeiTForMaskedImageModeling"], **VIT,
                      "image_size": 32, "patch_size": 8, "encoder_stride": 8},
    "swin_tiny": {"model_type": "swin", **SWIN},
    "swin_tiny_cls": {"model_type": "swin", "architectures": ["SwinForImageClassification"], **SWIN,
                      "use_absolute_embeddings": True, "mlp_ratio": 2.5, "qkv_bias": False, "num_labels": 3,
                      "window_size": 3},
    "swin_tiny_padded": {"model_type": "swin", "architectures": ["SwinModel"], **SWIN, "image_size": 30,
                         "num_heads": [2, 3, 4], "embed_dim": 12},
    "swin_tiny_mim": {"model_type": "swin", "architectures": ["SwinForMaskedImageModeling"], **SWIN,
                      "encoder_stride": 8},
    "swin_tiny_backbone": {"model_type": "swin", "architectures": ["SwinBackbone"], **SWIN,
                           "out_features": ["stem", "stage1", "stage3"]},
    "swin_tiny_backbone_last": {"model_type": "swin", "architectures": ["SwinBackbone"], **SWIN},
    "convnext_tiny": {"model_type": "convnext", **CONVNEXT},
    "convnext_tiny_backbone": {"model_type": "convnext", "architectures": ["ConvNextBackbone"], **CONVNEXT,
                               "out_indices": [0, 2, 3]},
    "convnext_tiny_backbone_last": {"model_type": "convnext", "architectures": ["ConvNextBackbone"], **CONVNEXT,
                                    "out_features": ["stage3"], "out_indices": [-1]},
    "convnext_tiny_cls": {"model_type": "convnext", "architectures": ["ConvNextForImageClassification"],
                          **CONVNEXT, "patch_size": 2, "layer_scale_init_value": 0.0, "id2label": labels(4),
                          "num_channels": 1},
}


def _pixels(model, torch):
    config = model.config
    size = config.image_size
    height, width = (size, size) if isinstance(size, int) else size
    return {"pixel_values": torch.randn(2, config.num_channels, height, width)}


INPUTS = {"vit": _pixels, "deit": _pixels, "swin": _pixels, "convnext": _pixels}
