"""Regenerate the Keras model files in tests/fixtures/keras_models/ and their truth.

paramsum reads Keras' own model files (model.to_json(), .keras archives). The
tests check it against what Keras itself reports for the same models: this
script builds each model with Keras, writes its to_json() text, and records in
truth.json what model.summary() shows (per-layer params and output shapes,
totals, trainable split, weight bytes).

How to run (a venv with keras 3 and torch, outside the repo)::

    cd <repo>
    KERAS_BACKEND=torch python tools/make_keras_files.py           # everything
    KERAS_BACKEND=torch python tools/make_keras_files.py small     # only the small models
    KERAS_BACKEND=torch python tools/make_keras_files.py --check   # compare, write nothing

Files written:

- <name>.json: model.to_json() of the small hand-built models (Keras 3 format);
- keras2_<name>.json: the same models rewritten in the Keras 2 (tf.keras) layout:
  no "module" keys, batch_input_shape, inbound_nodes as [["layer", node, tensor, {}]],
  class "Model", nested models called at node index 1 as Keras 2 numbers them;
- apps/<Application>.json.gz: keras.applications models built with weights=None;
- tiny.keras: an archive saved with model.save() (weights included, kept tiny);
- sample_configs/keras_*.json: two of the above, pretty-printed, for people to try;
- truth.json: {name: {total, trainable, non_trainable, bytes, layers: [...]}}.
"""

from __future__ import annotations

import argparse
import copy
import gzip
import json
import os
import sys
import tempfile
from pathlib import Path

if os.environ.setdefault("KERAS_BACKEND", "torch") != "torch":
    sys.exit("run with KERAS_BACKEND=torch")

import keras  # noqa: E402
from keras import layers, ops  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "keras_models"

APPLICATIONS = [
    "VGG16", "ResNet50", "ResNet50V2", "MobileNet", "MobileNetV2", "MobileNetV3Small",
    "MobileNetV3Large", "DenseNet121", "InceptionV3", "InceptionResNetV2", "Xception",
    "EfficientNetB0", "EfficientNetV2B0", "ConvNeXtTiny",
]


# -- the small models -------------------------------------------------------------------------


def functional_cnn():
    x = inputs = keras.Input((28, 28, 1), name="image")
    x = layers.Conv2D(32, 3, activation="relu")(x)
    x = layers.MaxPooling2D()(x)
    x = layers.Conv2D(64, 3, padding="same")(x)
    x = layers.BatchNormalization()(x)
    x = layers.Flatten()(x)
    outputs = layers.Dense(10, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="functional_cnn")


def sequential_mlp():
    return keras.Sequential(
        [keras.Input((784,)), layers.Dense(128, activation="relu"), layers.Dropout(0.2), layers.Dense(10)],
        name="sequential_mlp",
    )


def sequential_built():
    """A Sequential without an Input, built afterwards: its config has build_input_shape."""
    model = keras.Sequential([layers.Embedding(1000, 16), layers.LSTM(8), layers.Dense(1)], name="sequential_built")
    model.build((None, 20))
    return model


def nested_models():
    """A Sequential and a Functional used as layers; the Functional is called twice."""
    stem = keras.Sequential([keras.Input((32, 32, 3)), layers.Conv2D(16, 3), layers.ReLU()], name="stem")
    inner_in = keras.Input((30, 30, 16))
    inner_out = layers.Conv2D(16, 3, padding="same")(inner_in)
    inner_out = layers.Add()([inner_in, inner_out])
    block = keras.Model(inner_in, inner_out, name="block")
    x = inputs = keras.Input((32, 32, 3))
    x = stem(x)
    x = block(x)
    x = block(x)
    x = layers.GlobalAveragePooling2D()(x)
    return keras.Model(inputs, layers.Dense(5)(x), name="nested_models")


def shared_multi_io():
    """Two inputs through one shared Embedding and LSTM; two outputs."""
    left = keras.Input((12,), dtype="int32", name="left")
    right = keras.Input((12,), dtype="int32", name="right")
    embed = layers.Embedding(500, 32, name="shared_embedding")
    encode = layers.LSTM(16, name="shared_lstm")
    a, b = encode(embed(left)), encode(embed(right))
    merged = layers.Concatenate()([a, b])
    similarity = layers.Dense(1, activation="sigmoid", name="similarity")(merged)
    category = layers.Dense(4, name="category")(merged)
    return keras.Model([left, right], [similarity, category], name="shared_multi_io")


def frozen_layers():
    x = inputs = keras.Input((64,))
    x = layers.Dense(32, trainable=False)(x)
    x = layers.BatchNormalization()(x)
    frozen_block = keras.Sequential([keras.Input((32,)), layers.Dense(16), layers.Dense(16)], name="frozen_block")
    frozen_block.trainable = False
    x = frozen_block(x)
    return keras.Model(inputs, layers.Dense(2)(x), name="frozen_layers")


def mixed_precision():
    """Mixed policy (float32 variables) plus layers holding float16 and bfloat16 variables."""
    keras.config.set_dtype_policy("mixed_float16")
    try:
        x = inputs = keras.Input((16,))
        x = layers.Dense(64)(x)
        x = layers.Dense(32, dtype="float16")(x)
        x = layers.Dense(8, dtype="bfloat16")(x)
        outputs = layers.Activation("softmax", dtype="float32")(x)
        return keras.Model(inputs, outputs, name="mixed_precision")
    finally:
        keras.config.set_dtype_policy("float32")


def ops_and_mask():
    """Operations on symbolic tensors (op nodes in the file) and a mask from mask_zero."""
    tokens = keras.Input((10,), dtype="int32")
    x = layers.Embedding(100, 8, mask_zero=True)(tokens)
    x = layers.LSTM(6, return_sequences=True)(x)
    y = ops.multiply(x, 0.5) + 1.0
    z = layers.Dense(6)(y)
    out = ops.maximum(y, z)
    return keras.Model(tokens, layers.GlobalAveragePooling1D()(out), name="ops_and_mask")


def lambda_layer():
    x = inputs = keras.Input((8, 8, 3))
    x = layers.Lambda(lambda t: t * 2.0, output_shape=(8, 8, 3))(x)
    x = layers.Lambda(lambda t: t[..., :2])(x)  # no output_shape: only the recorded shape tells
    x = layers.Flatten()(x)
    return keras.Model(inputs, layers.Dense(3)(x), name="lambda_layer")


def wrappers_and_cells():
    """Layers nested in configs: RNN over stacked cells, Bidirectional with a backward layer, TimeDistributed."""
    x = inputs = keras.Input((7, 5))
    x = layers.RNN([layers.LSTMCell(8), layers.GRUCell(4)], return_sequences=True)(x)
    x = layers.Bidirectional(layers.GRU(3, return_sequences=True),
                             backward_layer=layers.LSTM(2, return_sequences=True, go_backwards=True))(x)
    x = layers.TimeDistributed(layers.Dense(6))(x)
    return keras.Model(inputs, layers.SimpleRNN(2)(x), name="wrappers_and_cells")


def nested_outputs():
    """The model's outputs are a nested Functional's calls (Keras numbers those references from 1)."""
    inner_in = keras.Input((None, 4))
    inner = keras.Model(inner_in, layers.Dense(3)(inner_in), name="inner")
    short, long = keras.Input((5, 4), name="short"), keras.Input((7, 4), name="long")
    return keras.Model([short, long], [inner(short), inner(layers.Dense(4)(long))], name="nested_outputs")


def attention_scores():
    """Cross-attention whose scores are an output: a call argument that adds an output."""
    query, value = keras.Input((5, 8), name="query"), keras.Input((7, 8), name="value")
    output, scores = layers.MultiHeadAttention(2, 4)(query, value, return_attention_scores=True)
    return keras.Model([query, value], [output, scores], name="attention_scores")


def ops_catalog():
    """Every keras.ops class paramsum knows, called on symbolic tensors, so the file names each class."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the op names are paramsum's list
    from keras.src.ops import core, math, nn, numpy

    from paramsum.layers.keras.applications import BROADCASTING, SHAPE_PRESERVING

    def op_class(name):
        return next(getattr(m, name) for m in (numpy, nn, math, core) if hasattr(m, name))

    arguments = {"Clip": (0.0, 1.0), "Cast": ("float16",)}
    a, b = keras.Input((5, 1, 4), name="a"), keras.Input((3, 1), name="b")
    outputs = [op_class(name)()(a, b) for name in BROADCASTING]
    outputs += [op_class(name)(*arguments.get(name, ()))(a) for name in SHAPE_PRESERVING]
    return keras.Model([a, b], outputs, name="ops_catalog")


def ops_shapes():
    """keras.ops calls that change the shape (reductions, reshapes, matmul, joins), as tutorials write them."""
    a, b = keras.Input((5, 16), name="a"), keras.Input((16, 3), name="b")
    reductions = [ops.sum, ops.mean, ops.max, ops.min, ops.prod, ops.std, ops.var, ops.amax, ops.amin, ops.any,
                  ops.all, ops.argmax, ops.argmin, ops.logsumexp, ops.norm]
    outputs = [reduce(a, axis=1) for reduce in reductions]
    outputs += [ops.mean(a), ops.sum(a, keepdims=True), ops.max(a, axis=-1, keepdims=True), ops.min(a, axis=[1, 2]),
                ops.argmin(a, -1, keepdims=True), ops.norm(a, axis=[1, 2], keepdims=True)]
    outputs += [ops.expand_dims(a, 1), ops.expand_dims(a, [0, -1]), ops.squeeze(ops.expand_dims(a, 2), 2),
                ops.squeeze(ops.max(a, axis=-1, keepdims=True)), ops.reshape(a, (-1, 80)), ops.reshape(a, (-1, 4, 20)),
                ops.transpose(a, (0, 2, 1)), ops.transpose(a), ops.matmul(a, b),
                ops.concatenate([a, ops.transpose(b, (0, 2, 1))], axis=1), ops.stack([a, a], axis=-1)]
    outputs += [a[:, 0], a[:, -1, :8], a[..., 1:5], a[:, None, 2], a[:, 1:10:2], a[:, ::-1]]  # the CLS token …
    quarters, parts = ops.split(a, 4, axis=-1), ops.split(a, [1, 3], axis=1)
    outputs += [quarters[0], quarters[3], parts[2]]
    # The distance of a siamese network: sqrt(sum(square(a - b))) over the features.
    left, right = layers.Dense(8)(layers.Flatten()(a)), layers.Dense(8)(layers.Flatten()(b))
    outputs.append(ops.sqrt(ops.sum(ops.square(left - right), axis=1, keepdims=True)))
    return keras.Model([a, b], outputs, name="ops_shapes")


def augmented_transfer():
    """The transfer-learning recipe: augmentation layers, then a frozen base called with training=False."""
    base_input = keras.Input((64, 64, 3))
    features = layers.Conv2D(8, 3, strides=2, use_bias=False)(base_input)
    features = layers.BatchNormalization()(features)
    base = keras.Model(base_input, layers.ReLU()(features), name="base")
    base.trainable = False
    inputs = keras.Input((80, 80, 3))
    x = layers.RandomFlip("horizontal")(inputs)
    x = layers.RandomRotation(0.1)(x)
    x = layers.RandomZoom(0.1, 0.2)(x)
    x = layers.RandomTranslation(0.1, 0.1)(x)
    x = layers.RandomContrast(0.2)(x)
    x = layers.RandomBrightness(0.1)(x)
    x = layers.RandomCrop(72, 72, seed=1)(x)  # without a seed Keras stores a random one
    x = layers.Resizing(70, 70)(x)
    x = layers.CenterCrop(64, 64)(x)
    x = layers.Rescaling(1 / 127.5, offset=-1)(x)
    x = base(x, training=False)
    x = layers.GlobalAveragePooling2D()(x)
    x = layers.Dropout(0.2)(x)
    return keras.Model(inputs, layers.Dense(1)(x), name="augmented_transfer")


def vae():
    """A VAE: nested encoder (three outputs, the last a sampling Lambda) and decoder."""
    encoder_input = keras.Input((28, 28, 1))
    x = layers.Conv2D(8, 3, strides=2, padding="same", activation="relu")(encoder_input)
    x = layers.Flatten()(x)
    z_mean, z_log_var = layers.Dense(2, name="z_mean")(x), layers.Dense(2, name="z_log_var")(x)
    z = layers.Lambda(lambda a: a[0] + ops.exp(0.5 * a[1]) * keras.random.normal(ops.shape(a[0])),
                      name="z")([z_mean, z_log_var])  # no output_shape: only the outer call records it
    encoder = keras.Model(encoder_input, [z_mean, z_log_var, z], name="encoder")
    latent = keras.Input((2,))
    y = layers.Reshape((7, 7, 4))(layers.Dense(7 * 7 * 4)(latent))
    y = layers.Conv2DTranspose(8, 3, strides=2, padding="same")(y)
    decoder = keras.Model(latent, layers.Conv2DTranspose(1, 3, strides=2, padding="same")(y), name="decoder")
    inputs = keras.Input((28, 28, 1))
    mean, log_var, sample = encoder(inputs)
    return keras.Model(inputs, [decoder(sample), mean, log_var], name="vae")


def time_distributed_model():
    """A frame encoder (a Functional) applied to every frame of a clip by TimeDistributed."""
    frame = keras.Input((16, 16, 3))
    features = layers.GlobalAveragePooling2D()(layers.Conv2D(8, 3)(frame))
    encoder = keras.Model(frame, features, name="frame_encoder")
    clip = keras.Input((5, 16, 16, 3))
    return keras.Model(clip, layers.LSTM(4)(layers.TimeDistributed(encoder)(clip)), name="time_distributed_model")


def convnext_mini():
    """keras.applications' ConvNeXt builder at toy size, with stochastic depth on."""
    from keras.src.applications.convnext import ConvNeXt

    return ConvNeXt(depths=[1, 1, 2, 1], projection_dims=[8, 16, 24, 32], drop_path_rate=0.1, default_size=64,
                    name="convnext_mini", input_shape=(64, 64, 3), classes=10, weights=None)


@keras.saving.register_keras_serializable(package="my_project")
class Scale(layers.Layer):
    """A custom layer paramsum cannot know."""

    def build(self, input_shape):
        self.scale = self.add_weight(shape=(input_shape[-1],), initializer="ones")

    def call(self, x):
        return x * self.scale


def custom_layer():
    x = inputs = keras.Input((16,))
    x = layers.Dense(8)(x)
    x = Scale(name="scale")(x)
    return keras.Model(inputs, layers.Dense(2)(x), name="custom_layer")


SMALL = [
    functional_cnn, sequential_mlp, sequential_built, nested_models, shared_multi_io, frozen_layers,
    mixed_precision, ops_and_mask, lambda_layer, custom_layer, wrappers_and_cells, convnext_mini,
    nested_outputs, attention_scores, ops_catalog, ops_shapes, augmented_transfer, vae,
    time_distributed_model,
]
KERAS2 = ["functional_cnn", "sequential_mlp", "nested_models", "shared_multi_io", "frozen_layers", "wrappers_and_cells",
          "nested_outputs"]


# -- what Keras reports --------------------------------------------------------------------


def shape_of(tensors):
    if isinstance(tensors, (list, tuple)):
        shapes = [shape_of(t) for t in tensors]
        return shapes[0] if len(shapes) == 1 else shapes
    if isinstance(tensors, dict):
        return shape_of(list(tensors.values()))
    return list(tensors.shape)


def output_shape(layer, nodes=None):
    """The shape model.summary() prints: that of the layer's last call in this model."""
    calls = [n for n in layer._inbound_nodes if nodes is None or n in nodes]
    if not calls:
        return None
    return shape_of(calls[-1].output_tensors)


def weight_bytes(weights):
    from keras.src.utils.summary_utils import weight_memory_size

    return weight_memory_size(weights)


def layer_truth(layer, nodes):
    entry = {
        "name": layer.name,
        "class": type(layer).__name__,
        "params": layer.count_params() if hasattr(layer, "count_params") else 0,  # ops have no weights
        "trainable": sum(_count(w) for w in getattr(layer, "trainable_weights", [])),
        "output_shape": output_shape(layer, nodes),
    }
    if isinstance(layer, keras.Model):
        inner = _model_nodes(layer)
        entry["layers"] = [layer_truth(sub, inner) for sub in layer.layers]
    return entry


def _count(weight):
    size = 1
    for d in weight.shape:
        size *= d
    return size


def _model_nodes(model):
    graph = getattr(model, "_functional", None) or model  # a built Sequential keeps its graph there
    return {n for depth in getattr(graph, "_nodes_by_depth", {}).values() for n in depth}


def model_truth(model):
    nodes = _model_nodes(model)
    operations = model.layers if isinstance(model, keras.Sequential) else model._operations
    trainable = sum(_count(w) for w in model.trainable_weights)
    return {
        "total": model.count_params(),
        "trainable": trainable,
        "non_trainable": model.count_params() - trainable,
        "bytes": weight_bytes(model.weights),
        "layers": [layer_truth(layer, nodes) for layer in operations],
    }


# -- the Keras 2 layout -------------------------------------------------------------------


def to_keras2(doc):
    """A Keras 3 to_json() document rewritten the way tf.keras 2.x wrote it."""
    doc = copy.deepcopy(doc)
    _downgrade_model(doc)
    return doc


def _downgrade_model(doc):
    doc.pop("module", None)
    doc.pop("registered_name", None)
    doc.pop("build_config", None)
    config = doc["config"]
    config.pop("dtype", None)
    if doc["class_name"] == "Functional":
        doc["class_name"] = "Model"
        inner_models = {layer["name"] for layer in config["layers"] if "layers" in layer.get("config", {})}
        for layer in config["layers"]:
            _downgrade_layer(layer, inner_models)
        config["input_layers"] = _flat_refs(config["input_layers"])
        config["output_layers"] = _flat_refs(config["output_layers"])
    else:  # Sequential: the InputLayer becomes batch_input_shape on the first layer
        items = config["layers"]
        if items and items[0]["class_name"] == "InputLayer":
            first_input = items.pop(0)
            items[0]["config"]["batch_input_shape"] = first_input["config"]["batch_shape"]
        for layer in items:
            _downgrade_layer(layer, set())
        config.pop("build_input_shape", None)


def _flat_refs(refs):
    if refs and not isinstance(refs[0], list):
        refs = [refs]
    return [list(r) for r in refs]


def _downgrade_layer(layer, inner_models):
    if "layers" in layer.get("config", {}):
        _downgrade_model(layer)
    else:
        layer.pop("module", None)
        layer.pop("registered_name", None)
        layer.pop("build_config", None)
        config = layer["config"]
        if layer["class_name"] == "InputLayer":
            config["batch_input_shape"] = config.pop("batch_shape")
        if isinstance(config.get("dtype"), dict):
            config["dtype"] = config["dtype"]["config"]["name"]
    if "inbound_nodes" in layer:
        layer["inbound_nodes"] = [_legacy_node(node, inner_models) for node in layer["inbound_nodes"]]


def _legacy_node(node, inner_models):
    refs = []

    def walk(value):
        if isinstance(value, dict) and value.get("class_name") == "__keras_tensor__":
            name, index, tensor = value["config"]["keras_history"]
            # Keras 2 counts a nested model's own construction as its node 0.
            refs.append([name, index + (1 if name in inner_models else 0), tensor, {}])
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item)

    walk(node["args"])
    return refs


# -- writing ---------------------------------------------------------------------------------


def build_small():
    files, truth = {}, {}
    for make in SMALL:
        keras.backend.clear_session()  # layer names start afresh: a model's file does not depend on the others
        model = make()
        name = make.__name__
        doc = json.loads(model.to_json())
        files[f"{name}.json"] = json.dumps(doc, separators=(",", ":")).encode()
        truth[name] = {"keras_format": "3", **model_truth(model)}
        if name in KERAS2:
            files[f"keras2_{name}.json"] = json.dumps(to_keras2(doc), separators=(",", ":")).encode()
            truth[f"keras2_{name}"] = {"keras_format": "2", **truth[name]}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "tiny.keras"
        keras.backend.clear_session()
        small = keras.Sequential([keras.Input((4,)), layers.Dense(3), layers.Dense(2)], name="tiny")
        small.save(path)
        files["tiny.keras"] = path.read_bytes()
        truth["tiny"] = {"keras_format": "3", **model_truth(small)}
    return files, truth


# Sample files for people to try: sample_configs/<file> ← fixture it copies (pretty-printed).
SAMPLES = {"keras_nested_shared.json": "nested_models.json", "keras_tf2_sequential.json": "keras2_sequential_mlp.json"}


def write_samples():
    samples = OUT.parents[2] / "sample_configs"
    for sample, fixture in SAMPLES.items():
        doc = json.loads((OUT / fixture).read_text())
        (samples / sample).write_text(json.dumps(doc, indent=2) + "\n")


def build_applications():
    files, truth = {}, {}
    for app in APPLICATIONS:
        keras.backend.clear_session()
        model = getattr(keras.applications, app)(weights=None)
        text = json.dumps(json.loads(model.to_json()), separators=(",", ":")).encode()
        files[f"apps/{app}.json.gz"] = gzip.compress(text, mtime=0)
        truth[app] = {"keras_format": "3", **model_truth(model)}
    return files, truth


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("which", nargs="?", choices=["all", "small", "apps"], default="all")
    parser.add_argument("--check", action="store_true", help="compare with the files on disk, write nothing")
    args = parser.parse_args()
    files, truth = {}, {}
    if args.which in ("all", "small"):
        f, t = build_small()
        files.update(f)
        truth.update(t)
    if args.which in ("all", "apps"):
        f, t = build_applications()
        files.update(f)
        truth.update(t)
    truth_path = OUT / "truth.json"
    old_truth = json.loads(truth_path.read_text()) if truth_path.exists() else {}
    merged = {**old_truth, **truth}
    stale = [name for name, entry in truth.items() if old_truth.get(name) != entry]
    if args.check:
        if stale:
            sys.exit("out of date: " + ", ".join(stale))
        print(f"{len(truth)} models up to date")
        return
    for name, data in files.items():
        path = OUT / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if name.endswith(".keras") and path.exists():
            continue  # archives differ byte for byte on every save; keep the committed one
        path.write_bytes(data)
    truth_path.write_text(json.dumps(dict(sorted(merged.items())), indent=1) + "\n")
    write_samples()
    print(f"wrote {len(files)} files, {len(truth)} truth entries ({len(stale)} changed)")


if __name__ == "__main__":
    main()
