"""wav2vec2 (configuration_wav2vec2.py, modeling_wav2vec2.py): a conv feature encoder, a transformer, speech heads.

feature_extractor (conv_dim/conv_kernel/conv_stride; feat_extract_norm "group": a
GroupNorm on the first conv only, "layer": a LayerNorm on each), feature_projection,
masked_spec_embed (when mask_time_prob or mask_feature_prob > 0), an encoder with a
weight-normed positional conv (do_stable_layer_norm: pre-norm layers, the norm last, and
per-layer attention adapters when adapter_attn_dim), the conv adapter (add_adapter).
"""

from ....errors import ParamsumError
from ....layers.args import number
from ..config import ConfigClass, checked, divisible, steps
from ..family import Family, mlp, norm, part

DEFAULTS = {
    "vocab_size": 32, "hidden_size": 768, "num_hidden_layers": 12, "num_attention_heads": 12,
    "intermediate_size": 3072, "feat_extract_norm": "group", "conv_dim": [512] * 7,
    "conv_stride": [5, 2, 2, 2, 2, 2, 2], "conv_kernel": [10, 3, 3, 3, 3, 2, 2], "conv_bias": False,
    "num_conv_pos_embeddings": 128, "num_conv_pos_embedding_groups": 16, "do_stable_layer_norm": False,
    "mask_time_prob": 0.05, "mask_feature_prob": 0.0, "num_codevectors_per_group": 320, "num_codevector_groups": 2,
    "codevector_dim": 256, "proj_codevector_dim": 256, "use_weighted_layer_sum": False, "classifier_proj_size": 256,
    "tdnn_dim": [512, 512, 512, 512, 1500], "tdnn_kernel": [5, 3, 3, 1, 1], "tdnn_dilation": [1, 2, 3, 1, 1],
    "xvector_output_dim": 512, "add_adapter": False, "adapter_kernel_size": 3, "adapter_stride": 2,
    "num_adapter_layers": 3, "output_hidden_size": None, "adapter_attn_dim": None}


def sizes(value):
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, int) and v > 0 for v in value):
        return list(value)
    raise ValueError("expected a list of positive sizes")


def convs(values):
    """Wav2Vec2Config refuses conv lists of different lengths; the feature encoder a norm but group or layer."""
    lengths = [len(checked(values, key, sizes)) for key in ("conv_dim", "conv_stride", "conv_kernel")]
    if len(set(lengths)) > 1:
        raise ParamsumError("Configuration for convolutional layers is incorrect: len(conv_dim) == len(conv_stride) "
                            f"== len(conv_kernel) is required; received lengths {lengths[0]}, {lengths[1]}, "
                            f"{lengths[2]}")
    if values.get("feat_extract_norm") not in ("group", "layer"):
        raise ParamsumError(f"feat_extract_norm is {values.get('feat_extract_norm')!r}, but has to be one of "
                            "['group', 'layer']")
    values["output_hidden_size"] = values.get("output_hidden_size") or values["hidden_size"]


CONFIG = ConfigClass(DEFAULTS, derive=steps(convs, divisible("hidden_size", "num_attention_heads")))


def layer_norm(rows, name, x, size):
    return rows.part(name, "Norm", x, module="LayerNorm", hidden_size=size, bias=True)


def block(c, stable):
    parts = [part("Attention", "attention", hidden_size=c.size("hidden_size"),
                  num_attention_heads=c.size("num_attention_heads"), bias=True,
                  names=["q_proj", "k_proj", "v_proj", "out_proj"]),
             norm(c, "layer_norm", bias=True), mlp(c, "feed_forward", bias=True,
                                                   names=["intermediate_dense", "output_dense"]),
             norm(c, "final_layer_norm", bias=True)]
    if stable and c.get("adapter_attn_dim") is not None:
        parts += [norm(c, "adapter_layer.norm", bias=True),
                  mlp(c, "adapter_layer", "adapter_attn_dim", bias=True, names=["linear_1", "linear_2"])]
    return parts


def model(rows, c, prefix):
    """Wav2Vec2Model's rows → (conv features, encoder output)."""
    size, dims = c.size("hidden_size"), c.get("conv_dim")
    group = c.get("feat_extract_norm") == "group"
    x = rows.input("input_values", [None])
    for index, (width, kernel, stride) in enumerate(zip(dims, c.get("conv_kernel"), c.get("conv_stride"))):
        kind = ("GroupNorm" if index == 0 else "NoLayerNorm") if group else "LayerNorm"
        x = rows.part(f"{prefix}feature_extractor.conv_layers.{index}", "FeatureConv", x,
                      module=f"Wav2Vec2{kind}ConvLayer", in_channels=dims[index - 1] if index else 1,
                      out_channels=width, kernel_size=kernel, stride=stride, bias=c.flag("conv_bias"),
                      norm=None if kind == "NoLayerNorm" else kind[:5].lower())
    features = x
    x = rows.part(f"{prefix}feature_projection", "FeatureProjection", x, module="Wav2Vec2FeatureProjection",
                  in_features=dims[-1], hidden_size=size)
    if any(c.checked(key, number) > 0 for key in ("mask_time_prob", "mask_feature_prob")):
        rows.part(f"{prefix}masked_spec_embed", "Parameter", x, shape=[size])
    x = rows.part(f"{prefix}encoder.pos_conv_embed", "PositionalConv", x, module="Wav2Vec2PositionalConvEmbedding",
                  hidden_size=size, kernel_size=c.size("num_conv_pos_embeddings"),
                  groups=c.size("num_conv_pos_embedding_groups"))
    stable = c.flag("do_stable_layer_norm")
    if not stable:
        x = layer_norm(rows, f"{prefix}encoder.layer_norm", x, size)
    module = "Wav2Vec2EncoderLayerStableLayerNorm" if stable else "Wav2Vec2EncoderLayer"
    for index in range(c.depth("num_hidden_layers")):
        x = rows.part(f"{prefix}encoder.layers.{index}", "Block", x, module=module, hidden_size=size,
                      parts=block(c, stable))
    if stable:
        x = layer_norm(rows, f"{prefix}encoder.layer_norm", x, size)
    if c.flag("add_adapter"):
        out = c.size("output_hidden_size")
        if out != size:
            x = rows.linear(f"{prefix}adapter.proj", x, size, out)
            x = layer_norm(rows, f"{prefix}adapter.proj_layer_norm", x, out)
        y = x  # the layers run on (N, channels, T); the adapter gives back (N, T, channels)
        for index in range(c.depth("num_adapter_layers")):
            y = rows.part(f"{prefix}adapter.layers.{index}", "AdapterConv", y, module="Wav2Vec2AdapterLayer",
                          size=out, kernel_size=c.size("adapter_kernel_size"), stride=c.size("adapter_stride"),
                          first=index == 0)
        if c.depth("num_adapter_layers"):
            return features, x, y
    return features, x, None


def no_adapter(c, task):
    if c.flag("add_adapter"):
        raise ParamsumError(f"{task} does not support the use of Wav2Vec2 adapters (config.add_adapter=True)")


def layer_weights(rows, c, x):
    if c.flag("use_weighted_layer_sum"):  # transformer layers + input embeddings
        rows.part("layer_weights", "Parameter", x, shape=[c.depth("num_hidden_layers") + 1])


def build(family, rows, c, arch):
    head = arch[len("Wav2Vec2"):]
    task = {"ForSequenceClassification": "Sequence classification", "ForAudioFrameClassification":
            "Audio frame classification"}.get(head)
    if task:
        no_adapter(c, task)
    features, x, adapted = model(rows, c, "" if head == "Model" else "wav2vec2.")
    size = c.size("hidden_size")
    if head == "ForCTC":
        if c.get("vocab_size") is None:
            raise ParamsumError("Wav2Vec2ForCTC needs vocab_size (the vocabulary of its language model head)")
        if adapted is not None:  # the adapter's output, channels first
            rows.add("lm_head", "HFLinear", adapted, in_features=c.size("output_hidden_size"),
                     out_features=c.count("vocab_size"), channels_first=True)
        else:
            rows.linear("lm_head", x, c.size("output_hidden_size") if c.flag("add_adapter") else size,
                        c.count("vocab_size"))
    elif head in ("ForSequenceClassification", "ForAudioFrameClassification", "ForXVector"):
        layer_weights(rows, c, x)
    if head == "ForSequenceClassification":  # the classifier reads the mean over time
        x = rows.linear("projector", x, size, c.size("classifier_proj_size"))
        rows.linear("classifier", x, c.size("classifier_proj_size"), c.num_labels, first_token=True)
    elif head == "ForAudioFrameClassification":
        rows.linear("classifier", x, size, c.num_labels)
    elif head == "ForXVector":
        xvector(rows, c, x)
    elif head == "ForPreTraining":
        rows.linear("project_hid", x, size, c.size("proj_codevector_dim"))
        q = rows.part("quantizer", "Quantizer", features, module="Wav2Vec2GumbelVectorQuantizer",
                      in_features=c.get("conv_dim")[-1], groups=c.size("num_codevector_groups"),
                      codevectors=c.size("num_codevectors_per_group"), codevector_dim=c.size("codevector_dim"))
        rows.linear("project_q", q, c.size("codevector_dim"), c.size("proj_codevector_dim"))


def xvector(rows, c, x):
    """projector, TDNN layers (tdnn_dim/kernel/dilation), statistics pooling into feature_extractor, classifier."""
    widths = checked(c.values, "tdnn_dim", sizes)
    kernels, dilations = checked(c.values, "tdnn_kernel", sizes), checked(c.values, "tdnn_dilation", sizes)
    if len(kernels) < len(widths) or len(dilations) < len(widths):  # (`sizes` refuses an empty list)
        raise ParamsumError(f"the TDNN layers need a kernel and a dilation for each of the {len(widths)} tdnn_dim "
                            f"entries; received lengths {len(widths)}, {len(kernels)}, "
                            f"{len(dilations)} (tdnn_dim, tdnn_kernel, tdnn_dilation)")
    x = rows.linear("projector", x, c.size("hidden_size"), widths[0])
    for index, width in enumerate(widths):
        x = rows.part(f"tdnn.{index}", "TDNN", x, module="TDNNLayer", in_features=widths[max(index - 1, 0)],
                      out_features=width, kernel_size=kernels[index], dilation=dilations[index])
    out = c.size("xvector_output_dim")
    x = rows.part("feature_extractor", "StatisticsLinear", x, in_features=widths[-1], out_features=out)
    x = rows.linear("classifier", x, out, out)
    rows.part("objective", "AMSoftmax", x, module="AMSoftmaxLoss", input_dim=out, num_labels=c.num_labels)


HEADS = {name: None for name in ("ForCTC", "ForSequenceClassification", "ForAudioFrameClassification", "ForXVector",
                                 "ForPreTraining")}
FAMILY = Family("wav2vec2", "Wav2Vec2", CONFIG, build, HEADS)
