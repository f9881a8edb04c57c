"""Image models as data: the bodies of ViT-like encoders, Swin's windowed stages and ConvNeXt's
convolutional stages, and the image heads (classifiers, SimMIM's decoder).

A body is called as `body(family, rows, config, arch)` (see family.py); its rows take
pixel_values (N, num_channels, height, width). A head is a `VisionHead`: besides its rows,
it says whether the base model under it keeps its pooler and a mask token, as the
transformers class builds it (`add_pooling_layer`, `use_mask_token`).
"""

from __future__ import annotations

from ... import limits
from ...errors import ParamsumError
from ...layers.args import between, int_tuple, nonneg_int, positive_int
from .config import checked
from .family import Head

pair = int_tuple(2)


class VisionHead(Head):
    """`backbone`: the head is a backbone's norms on the stages' outputs, built by the body with them."""

    def __init__(self, build, pooler=False, mask_token=False, body=None, backbone=False):
        super().__init__(build, body)
        self.pooler = pooler
        self.mask_token = mask_token
        self.backbone = backbone


BASE = VisionHead(lambda rows, c, x, size, embed: None, pooler=True)  # the base model: its pooler, no head


def image_classifier(name="classifier", pooled=False, linear="HFLinear"):
    """A Linear over num_labels on the first token (`pooled`: on the pooler's output); none for 0 labels."""
    def build(rows, c, x, size, embed):
        if c.num_labels:
            rows.add(name, linear, x, in_features=size, out_features=c.num_labels, first_token=not pooled)
    return VisionHead(build, pooler=pooled)


def teacher_classifiers():
    """DeiT's two classifiers: on the class token and on the distillation token."""
    def build(rows, c, x, size, embed):
        for name in ("cls_classifier", "distillation_classifier"):
            if c.num_labels:
                rows.linear(name, x, size, c.num_labels, first_token=True)
    return VisionHead(build)


def masked_image_decoder(skip):
    """SimMIM's decoder on the patch tokens (the `skip` learned tokens before them left out)."""
    def build(rows, c, x, size, embed):
        rows.part("decoder", "PixelDecoder", x, module="Sequential", hidden_size=size,
                  encoder_stride=c.size("encoder_stride"), num_channels=c.size("num_channels"), skip=skip)
    return VisionHead(build, mask_token=True)


def backbone(body=None):
    """A backbone (BackboneMixin): the base model without its pooler (under `body`: "" for none), then a norm
    on the output of each stage of out_features."""
    return VisionHead(None, body=body, backbone=True)


def stage_outputs(values):
    """A derive step (BackboneConfigMixin): out_features from out_features or out_indices (default: the last
    stage), checked as transformers checks them against the stage names (stem, stage1 …) of every config."""
    depths = values.get("depths")
    if not isinstance(depths, (list, tuple)):
        return  # refused when the stages are read
    names = ["stem"] + [f"stage{index}" for index in range(1, len(depths) + 1)]
    features, indices = values.get("out_features"), values.get("out_indices")
    if features is not None and (not isinstance(features, list) or any(f not in names for f in features)
                                 or features != [n for n in names if n in features]):
        raise ParamsumError(f"out_features must be a subset of stage_names {names}, in their order and without "
                            f"duplicates; received: out_features={features!r}")
    if indices is not None:
        if not isinstance(indices, list) or any(not isinstance(i, int) or not -len(names) <= i < len(names)
                                                for i in indices):
            raise ParamsumError(f"out_indices must be valid indices for stage_names {names}; "
                                f"received: out_indices={indices!r}")
        positive = [i % len(names) for i in indices]
        if positive != sorted(set(positive)):
            raise ParamsumError(f"out_indices must be in the order of stage_names, without duplicates; "
                                f"received: out_indices={indices!r}")
        if features is not None and features != [names[i] for i in positive]:
            raise ParamsumError("out_features and out_indices should correspond to the same stages if both are "
                                f"set; received: out_features={features!r}, out_indices={indices!r}")
        features = [names[i] for i in positive]
    values["out_features"] = names[-1:] if features is None else features


def backbone_norms(rows, c, features, norm_type, module):
    """A norm on each stage's output the backbone returns: `features` are (output, channels), stem first."""
    names = ["stem"] + [f"stage{index}" for index in range(1, len(features))]
    for name in c.get("out_features"):
        if name not in names:
            raise ParamsumError(f"out_features names '{name}', but the model builds {len(names) - 1} stage(s) "
                                f"(num_stages={c.get('num_stages')}): transformers makes its norm, but a "
                                "forward pass fails; paramsum does not count such a backbone")
        x, size = features[names.index(name)]
        rows.part(f"hidden_states_norms.{name}", norm_type, x, module=module, hidden_size=size,
                  **({"bias": True} if norm_type == "Norm" else {}))


def _image(c, rows):
    image, channels = c.checked("image_size", pair), c.size("num_channels")
    return image, c.checked("patch_size", pair), channels, rows.input("pixel_values", [channels, *image])


def _head(family, arch):
    head = family.heads.get(arch[len(family.prefix):])
    if head is None:
        return BASE, ""
    body = family.model_type if head.body is None else head.body
    return head, f"{body}." if body else ""


class ViTBody:
    """Patch embeddings with learned `tokens` before the patches, N blocks (`block(c, index)` → parts),
    a final LayerNorm, the pooler on the first token in the base model."""

    def __init__(self, block, tokens=("cls_token",)):
        self.block = block
        self.tokens = list(tokens)

    def __call__(self, family, rows, c, arch):
        head, prefix = _head(family, arch)
        size, cls = c.size("hidden_size"), family.prefix
        image, patch, channels, x = _image(c, rows)
        x = rows.part(f"{prefix}embeddings", "PatchEmbeddings", x, module=f"{cls}Embeddings", hidden_size=size,
                      image_size=list(image), patch_size=list(patch), num_channels=channels, tokens=self.tokens,
                      mask_token=head.mask_token)
        for index in range(c.depth("num_hidden_layers")):
            x = rows.part(f"{prefix}layers.{index}", "Block", x, module=f"{cls}Layer", hidden_size=size,
                          parts=self.block(c, index))
        x = rows.part(f"{prefix}layernorm", "Norm", x, module="LayerNorm", hidden_size=size, bias=True)
        if head.pooler:
            rows.part(f"{prefix}pooler", "FirstTokenPooler", x, module=f"{cls}Pooler", hidden_size=size,
                      pooler_output_size=c.optional("pooler_output_size"))
        head(rows, c, x, size, None)


def real(value):
    """A float field of a strict config class: an integer is refused as transformers refuses it."""
    if isinstance(value, float):
        return value
    raise ValueError("expected a float (transformers' config class refuses an integer here)")


def per_stage(c, name, stages, item=positive_int):
    """A list with an entry per stage (depths, num_heads …): transformers indexes it up to `stages`."""
    def kind(value):
        if not isinstance(value, (list, tuple)):
            raise ValueError("expected a list, one entry per stage")
        return [item(v) for v in value]
    value = checked(c.values, name, kind)
    if stages is not None and len(value) < stages:
        raise ParamsumError(f"{name} has {len(value)} entries for {stages} stages; received: {name}={value}")
    return value


MLP_RATIO = between(0, limits.SIZE.value, "a ratio")  # the MLP's width: int(ratio × embed_dim), a size


def stage_depths(c, stages):
    """The blocks of each stage: as many in all as a stack may have (MAX_REPEATS), checked before any is built."""
    depths = per_stage(c, "depths", stages, nonneg_int)
    if sum(depths) > limits.REPEATS.value:
        raise limits.exceeded(limits.REPEATS, f"depths={limits.shown(depths)}, {sum(depths):,} blocks in all")
    return depths


class SwinBody:
    """Patch embeddings (padded to whole patches, a LayerNorm), stages of window-attention blocks with a
    relative position table each, patch merging between stages, a final LayerNorm, the token average.

    `block(c, size, heads, window, inner, grid)` → the parts of a block of width `size` on a patch grid
    `grid` (height, width)."""

    def __init__(self, block):
        self.block = block

    def __call__(self, family, rows, c, arch):
        head, prefix = _head(family, arch)
        embed, window = c.size("embed_dim"), c.size("window_size")
        depths = stage_depths(c, None)
        heads = per_stage(c, "num_heads", len(depths))
        image, patch, channels, x = _image(c, rows)
        x = rows.part(f"{prefix}embeddings", "PatchEmbeddings", x, module="SwinEmbeddings", hidden_size=embed,
                      image_size=list(image), patch_size=list(patch), num_channels=channels,
                      positions=c.flag("use_absolute_embeddings"), mask_token=head.mask_token, norm="norm", pad=True)
        grid = [-(-s // p) for s, p in zip(image, patch)]  # the image is padded to whole patches
        ratio = c.checked("mlp_ratio", MLP_RATIO)
        features = [(x, embed)]
        for stage, depth in enumerate(depths):
            size, count = embed * 2 ** stage, heads[stage]
            for index in range(depth):
                x = rows.part(f"{prefix}encoder.layers.{stage}.blocks.{index}", "Block", x, module="SwinLayer",
                              hidden_size=size, parts=self.block(c, size, count, window, int(ratio * size), grid))
            features.append((x, size))
            if stage < len(depths) - 1:
                x = rows.part(f"{prefix}encoder.layers.{stage}.downsample", "PatchMerging", x,
                              module="SwinPatchMerging", hidden_size=size, resolution=grid)
                grid = [(s + 1) // 2 for s in grid]
        size = embed * 2 ** (len(depths) - 1)
        x = rows.part(f"{prefix}layernorm", "Norm", x, module="LayerNorm", hidden_size=size, bias=True)
        if head.pooler:
            x = rows.part(f"{prefix}pooler", "SequencePooler", x, module="AdaptiveAvgPool1d")
        if head.backbone:
            backbone_norms(rows, c, features, "Norm", "LayerNorm")
        else:
            head(rows, c, x, size, None)


class ConvNextBody:
    """A patchify Conv2d and a channels-first LayerNorm, stages of ConvNeXt layers each after a
    downsampling (LayerNorm, 2 × 2 Conv2d of stride 2) but the first, a LayerNorm on the spatial mean."""

    def __call__(self, family, rows, c, arch):
        head, prefix = _head(family, arch)
        count = c.depth("num_stages")
        sizes, depths = per_stage(c, "hidden_sizes", count), stage_depths(c, count)
        _, patch, channels, x = _image(c, rows)
        x = rows.add(f"{prefix}embeddings.patch_embeddings", "Conv2d", x, in_channels=channels,
                     out_channels=sizes[0], kernel_size=list(patch), stride=list(patch))
        x = rows.part(f"{prefix}embeddings.layernorm", "ChannelsFirstNorm", x, module="ConvNextLayerNorm",
                      hidden_size=sizes[0])
        scale = c.checked("layer_scale_init_value", real) > 0
        previous, features = sizes[0], [(x, sizes[0])]
        for stage in range(count):
            size, name = sizes[stage], f"{prefix}encoder.stages.{stage}"
            if stage > 0:
                x = rows.part(f"{name}.downsampling_layer.0", "ChannelsFirstNorm", x, module="ConvNextLayerNorm",
                              hidden_size=previous)
                x = rows.add(f"{name}.downsampling_layer.1", "Conv2d", x, in_channels=previous, out_channels=size,
                             kernel_size=2, stride=2)
            for index in range(depths[stage]):
                x = rows.part(f"{name}.layers.{index}", "ConvNextBlock", x, module="ConvNextLayer", hidden_size=size,
                              intermediate_size=4 * size, layer_scale=scale)
            previous = size
            features.append((x, size))
        if head.backbone:
            if "hidden_sizes" not in c.data:
                raise ParamsumError(f"{arch} needs hidden_sizes in the config: transformers cannot build it from "
                                    "the default (a tuple, which it concatenates to a list)")
            backbone_norms(rows, c, features, "ChannelsFirstNorm", "ConvNextLayerNorm")
            return
        x = rows.part(f"{prefix}layernorm", "MeanPooledNorm", x, module="LayerNorm", hidden_size=sizes[-1])
        head(rows, c, x, sizes[-1], None)
