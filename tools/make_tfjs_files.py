"""Regenerate the TensorFlow.js layers-model files in tests/fixtures/tfjs/ and their truth.json.

Every model.json here is written by the real writers, and only the model.json is kept
(the weight shards it names are dropped: paramsum never opens them):

- tf2_<name>: tf.keras 2.15 models converted by the tensorflowjs converter's own Keras
  conversion (tfjs.converters.save_keras_model: model.save() to HDF5, then the HDF5 →
  layers-model conversion), some with the converter's weight quantization;
- k3_<name>: Keras 3 models saved as .keras archives (by a Python with Keras 3, given
  with --keras3-python) and converted by the converter's own .keras → layers-model path;
- js_<name>, js1_<name>: models built and saved by tfjs-layers itself under Node.js
  (tools/tfjs_save.js), with @tensorflow/tfjs 4.22 and 1.7.4 (`npm install @tensorflow/tfjs@4`
  and `@1.7.4` in two directories outside the repo, given with --node-modules).

truth.json holds what each writer's framework reports: per-layer params and output
shapes, totals and the trainable split (tf.keras; Keras 3; tfjs-layers' countParams).

How to run (a venv with tensorflow-cpu 2.15, h5py and `pip install --no-deps tensorflowjs`,
outside the repo)::

    python tools/make_tfjs_files.py --keras3-python <python with keras 3> --node-modules <tfjs4 dir> <tfjs1 dir>
    python tools/make_tfjs_files.py --check ...     # compare, write nothing
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import types
import zipfile
from pathlib import Path

from fixture_io import write_or_check

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import h5py  # noqa: E402
from tensorflow import keras  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_tf_keras_files import model_truth  # noqa: E402

layers = keras.layers
TOOLS = Path(__file__).resolve().parent
OUT = TOOLS.parent / "tests" / "fixtures" / "tfjs"


def converter():
    """The converter's Keras conversion module, without the package's __init__ (which needs jax, TF-DF …)."""
    root = Path(importlib.util.find_spec("tensorflowjs").origin).parent
    for name, path in (("tensorflowjs", root), ("tensorflowjs.converters", root / "converters")):
        if name not in sys.modules:
            module = types.ModuleType(name)
            module.__path__ = [str(path)]
            sys.modules[name] = module
    from tensorflowjs.converters import keras_h5_conversion

    return keras_h5_conversion


# -- tf.keras 2.15 models ------------------------------------------------------------------------


def seq_mlp():
    return keras.Sequential([layers.Dense(64, activation="relu", input_shape=(8,)), layers.Dropout(0.2),
                             layers.Dense(3, activation="softmax")], name="seq_mlp")


def cnn_bn():
    return keras.Sequential([
        keras.Input((48, 48, 1)), layers.Conv2D(16, 3, padding="same"), layers.BatchNormalization(),
        layers.ReLU(), layers.MaxPooling2D(), layers.SeparableConv2D(32, 3), layers.DepthwiseConv2D(3),
        layers.GlobalAveragePooling2D(), layers.Dense(7)], name="cnn_bn")


def text_rnn():
    tokens = keras.Input((20,), dtype="int32", name="tokens")
    extra = keras.Input((4,), name="extra")
    x = layers.Embedding(500, 16)(tokens)
    x = layers.Bidirectional(layers.LSTM(8, return_sequences=True))(x)
    x = layers.GRU(6)(x)
    x = layers.Concatenate()([x, layers.Dense(5)(extra)])
    return keras.Model([tokens, extra], [layers.Dense(2, name="head")(x), layers.Dense(1, name="score")(x)],
                       name="text_rnn")


def nested_sequential():
    """As Teachable Machine's image models: a Sequential of a Sequential around a functional base, then a head."""
    image = keras.Input((32, 32, 3))
    x = layers.Conv2D(8, 3, strides=2)(image)
    x = layers.BatchNormalization()(x)
    base = keras.Model(image, layers.ReLU(6.0)(x), name="base")
    trunk = keras.Sequential([base, layers.GlobalAveragePooling2D()], name="trunk")
    head = keras.Sequential([layers.Dense(16, activation="relu", input_shape=(8,)), layers.Dense(3)], name="head")
    return keras.Sequential([trunk, head], name="nested_sequential")


def frozen_conv1d():
    model = keras.Sequential([keras.Input((50, 3)), layers.Conv1D(8, 5), layers.LSTM(4), layers.Dense(2)],
                             name="frozen_conv1d")
    model.layers[0].trainable = False
    return model


TF2_MODELS = {"seq_mlp": (seq_mlp, None), "cnn_bn": (cnn_bn, None), "text_rnn": (text_rnn, None),
              "nested_sequential": (nested_sequential, None), "frozen_conv1d": (frozen_conv1d, None),
              "seq_mlp_uint8": (seq_mlp, {"uint8": "*"}), "cnn_bn_float16": (cnn_bn, {"float16": "*"})}


def tf2_files(conversion, scratch):
    files, truth = {}, {}
    for name, (make, quantization) in TF2_MODELS.items():
        keras.backend.clear_session()
        keras.utils.set_random_seed(0)
        model = make()
        out = scratch / f"tf2_{name}"
        # The converter's save_keras_model, step by step (its h5 name comes from tempfile).
        h5 = scratch / f"tf2_{name}.h5"
        model.save(h5)
        out.mkdir()
        topology, groups = conversion.h5_merged_saved_model_to_tfjs_format(str(h5))
        conversion.write_artifacts(topology, groups, str(out), quantization_dtype_map=quantization)
        files[f"tf2_{name}.json"] = (out / "model.json").read_bytes()
        truth[f"tf2_{name}"] = model_truth(model)
    return files, truth


# -- Keras 3 models, saved as .keras and converted -----------------------------------------------

# What Keras 3 reports of a model (run by a Python with Keras 3; shared with make_h5_files.py).
KERAS3_PRELUDE = r'''
import json, math, os, sys
os.environ.setdefault("KERAS_BACKEND", "torch")
import keras
from keras import layers

def count(weights):
    return sum(int(math.prod(w.shape)) for w in weights)

def shape(layer):
    try:
        out = layer.output.shape if not isinstance(layer.output, list) else [o.shape for o in layer.output]
    except (AttributeError, ValueError):
        return None
    return [list(s) for s in out] if isinstance(out, list) else list(out)

def entry(layer):
    out = {"name": layer.name, "class": type(layer).__name__, "params": layer.count_params() if layer.built else 0,
           "trainable": count(layer.trainable_weights), "output_shape": shape(layer)}
    if isinstance(layer, keras.Model):
        out["layers"] = [entry(sub) for sub in layer.layers]
    return out

def model_truth(model):
    trainable = count(model.trainable_weights)
    return {"keras_format": "3", "total": model.count_params(), "trainable": trainable,
            "non_trainable": model.count_params() - trainable, "layers": [entry(layer) for layer in model.layers]}

def mlp():
    return keras.Sequential([keras.Input((8,)), layers.Dense(32, activation="relu"), layers.Dropout(0.1),
                             layers.Dense(4)], name="mlp")

def nested():
    inner = keras.Sequential([keras.Input((10,)), layers.Dense(6), layers.LayerNormalization()], name="inner")
    x = inputs = keras.Input((10,))
    return keras.Model(inputs, layers.Dense(1)(inner(x)), name="nested")
'''
KERAS3_SCRIPT = KERAS3_PRELUDE + r'''
def functional():
    tokens = keras.Input((12,), dtype="int32")
    x = layers.Embedding(300, 16, mask_zero=True)(tokens)
    x = layers.Bidirectional(layers.LSTM(8))(x)
    image = keras.Input((16, 16, 3))
    y = layers.GlobalAveragePooling2D()(layers.BatchNormalization()(layers.Conv2D(4, 3)(image)))
    x = layers.Concatenate()([x, y])
    return keras.Model([tokens, image], layers.Dense(2)(x), name="functional")

out, truth = sys.argv[1], {}
for make in (mlp, functional, nested):
    keras.utils.set_random_seed(0)
    model = make()
    model.save(os.path.join(out, make.__name__ + ".keras"))
    truth[make.__name__] = model_truth(model)
print(json.dumps(truth))
'''


def keras3_files(conversion, scratch, python):
    result = subprocess.run([python, "-c", KERAS3_SCRIPT, str(scratch)], check=True, capture_output=True, text=True)
    truth3 = json.loads(result.stdout.strip().splitlines()[-1])
    files, truth = {}, {}
    for name, entry in truth3.items():
        # The converter's dispatch_keras_keras_to_tfjs_layers_model_conversion, step by step.
        with zipfile.ZipFile(scratch / f"{name}.keras") as archive:
            config = json.loads(archive.read("config.json"))
            metadata = json.loads(archive.read("metadata.json"))
            archive.extract("model.weights.h5", scratch / name)
        with h5py.File(scratch / name / "model.weights.h5", "r") as weights:
            topology, groups = conversion.h5_v3_merged_saved_model_to_tfjs_format(weights, metadata, config)
            (scratch / f"k3_{name}").mkdir()
            conversion.write_artifacts(topology, groups, str(scratch / f"k3_{name}"))
        files[f"k3_{name}.json"] = (scratch / f"k3_{name}" / "model.json").read_bytes()
        truth[f"k3_{name}"] = entry
    return files, truth


# -- tfjs-layers under Node.js -----------------------------------------------------------------


def js_files(scratch, node_modules, prefix):
    environment = {**os.environ, "NODE_PATH": str(node_modules)}
    result = subprocess.run(["node", str(TOOLS / "tfjs_save.js"), str(scratch), prefix], check=True,
                            capture_output=True, text=True, env=environment)
    truth = json.loads(result.stdout.strip().splitlines()[-1])
    files = {f"{name}.json": (scratch / f"{name}.json").read_bytes() for name in truth}
    return files, truth


def build(args):
    conversion = converter()
    files, truth = {}, {}
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        writers = [tf2_files(conversion, scratch), keras3_files(conversion, scratch, args.keras3_python)]
        writers += [js_files(scratch, path, prefix) for prefix, path in zip(("js", "js1"), args.node_modules)]
        for more_files, more_truth in writers:
            files.update(more_files)
            truth.update(more_truth)
    return {name: json.dumps(stable(json.loads(data)), separators=(",", ":")).encode() + b"\n"
            for name, data in files.items()}, truth


def stable(document):
    """Keras 3's shared_object_id values are Python object ids: numbered by first appearance instead
    (what they mean, which objects are shared, is kept), so the files are the same from run to run."""
    numbers = {}

    def walk(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "shared_object_id":
                    value[key] = numbers.setdefault(item, len(numbers) + 1)
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(document)
    return document


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the files on disk, write nothing")
    parser.add_argument("--keras3-python", default=os.environ.get("KERAS3_PYTHON", "python3"),
                        help="a Python interpreter with Keras 3 (and a backend) installed")
    parser.add_argument("--node-modules", nargs=2, metavar=("TFJS4", "TFJS1"), required=True,
                        help="two node_modules directories, holding @tensorflow/tfjs 4.x and 1.x")
    args = parser.parse_args()
    files, truth = build(args)
    truth_text = json.dumps(dict(sorted(truth.items())), indent=1) + "\n"
    write_or_check({**{OUT / name: data for name, data in files.items()}, OUT / "truth.json": truth_text},
                   args.check, "make_tfjs_files.py")


if __name__ == "__main__":
    main()
