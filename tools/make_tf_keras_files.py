"""Regenerate the tf.keras 2 model files in tests/fixtures/keras_models/ (tf2_*) and their truth.

tools/make_keras_files.py writes Keras 2 files by rewriting Keras 3 ones; this script
writes real ones: models built with tf.keras 2.15 (TensorFlow's own Keras 2), saved
with model.to_json(), and what tf.keras reports for them (per-layer params and output
shapes, totals, trainable split) merged into truth.json. Among them: TFOpLambda and
SlicingOpLambda layers (x + y, tf.reduce_mean, x[:, 0], tf.matmul …), Sequential
models with input_shape on the first layer, and keras.applications models.

How to run (a venv with tensorflow-cpu 2.15, outside the repo; it installs Keras 2)::

    cd <repo>
    python tools/make_tf_keras_files.py            # write the files
    python tools/make_tf_keras_files.py --check    # compare, write nothing
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import tensorflow as tf  # noqa: E402
from tensorflow import keras  # noqa: E402

layers = keras.layers
OUT = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "keras_models"


def tf_ops():
    """Operations on symbolic tensors: tf.keras records each as a TFOpLambda or SlicingOpLambda layer."""
    x = keras.Input((16, 32))
    first = x[:, 0]
    mean = tf.reduce_mean(x, axis=1)
    scaled = tf.nn.relu(first + mean) * 2.0
    joined = tf.concat([scaled, first], axis=-1)
    outputs = [layers.Dense(3)(joined), tf.reshape(x, (-1, 512)), tf.expand_dims(mean, 1),
               tf.matmul(x, x, transpose_b=True), tf.math.reduce_sum(tf.square(x), axis=-1, keepdims=True),
               tf.transpose(x, [0, 2, 1]), x[:, -1, :8], x[..., 1:5]]
    return keras.Model(x, outputs, name="tf_ops")


def transformer_block():
    """A text classifier with attention, residual additions written as `+` and the first token as x[:, 0]."""
    tokens = keras.Input((20,), dtype="int32")
    x = layers.Embedding(1000, 32)(tokens)
    attention = layers.MultiHeadAttention(2, 16)(x, x)
    x = layers.LayerNormalization()(x + attention)
    feed_forward = layers.Dense(32)(layers.Dense(64, activation="relu")(x))
    x = layers.LayerNormalization()(x + feed_forward)
    return keras.Model(tokens, layers.Dense(2)(x[:, 0]), name="transformer_block")


def siamese():
    """A shared Sequential tower (input_shape on its first layer) and a distance Lambda."""
    tower = keras.Sequential([layers.Conv2D(8, 3, input_shape=(28, 28, 1)), layers.GlobalMaxPooling2D(),
                              layers.Dense(16)], name="tower")
    a, b = keras.Input((28, 28, 1)), keras.Input((28, 28, 1))
    distance = layers.Lambda(lambda v: tf.abs(v[0] - v[1]))([tower(a), tower(b)])
    return keras.Model([a, b], layers.Dense(1)(distance), name="siamese")


def seq_input_shape():
    return keras.Sequential([layers.Conv2D(32, 3, activation="relu", input_shape=(28, 28, 1)), layers.MaxPooling2D(),
                             layers.Flatten(), layers.Dropout(0.5), layers.Dense(10)], name="seq_input_shape")


def seq_embedding_input_length():
    return keras.Sequential([layers.Embedding(10000, 32, input_length=100), layers.LSTM(16),
                             layers.Dense(1, activation="sigmoid")], name="seq_embedding_input_length")


def seq_built():
    model = keras.Sequential([layers.Dense(16, activation="relu"), layers.Dense(2)], name="seq_built")
    model.build((None, 8))
    return model


def gru_reset_after():
    x = inputs = keras.Input((None, 8))
    x = layers.GRU(16, return_sequences=True)(x)  # reset_after=True, the TF 2 default
    x = layers.GRU(8, reset_after=False)(x)
    x = layers.BatchNormalization()(x)
    return keras.Model(inputs, layers.Dense(1)(x), name="gru_reset_after")


def seq2seq():
    """An encoder's LSTM states start the decoder's LSTM: tf.keras lists them as inputs of the decoder's call."""
    encoder_inputs = keras.Input((None, 71))
    _, state_h, state_c = layers.LSTM(64, return_state=True)(encoder_inputs)
    decoder_inputs = keras.Input((None, 93))
    decoded, _, _ = layers.LSTM(64, return_sequences=True, return_state=True)(decoder_inputs,
                                                                              initial_state=[state_h, state_c])
    return keras.Model([encoder_inputs, decoder_inputs], layers.Dense(93)(decoded), name="seq2seq")


def cross_attention():
    """MultiHeadAttention on a query and a value of other sizes: tf.keras writes value and key as keywords."""
    query, value = keras.Input((5, 8)), keras.Input((7, 12))
    first = layers.MultiHeadAttention(2, 4)(query, value)
    second = layers.MultiHeadAttention(2, 4, value_dim=3)(query, value, value)
    return keras.Model([query, value], [first, second], name="cross_attention")


def more_ops():
    x = inputs = keras.Input((10, 4))
    x = layers.Dense(6)(x)
    spread = tf.math.reduce_max(x, axis=[1]) - tf.math.reduce_min(x, axis=1)
    same = tf.squeeze(tf.expand_dims(spread, -1), axis=-1)
    outputs = [layers.Dense(2)(spread), tf.stack([spread, same], axis=1), tf.nn.softmax(x, axis=1), tf.sigmoid(x),
               tf.cast(x, "float16")]
    return keras.Model(inputs, outputs, name="more_ops")


def time_distributed_model():
    frame = keras.Input((16, 16, 3))
    encoder = keras.Model(frame, layers.GlobalAveragePooling2D()(layers.Conv2D(8, 3)(frame)), name="frame_encoder")
    clip = keras.Input((5, 16, 16, 3))
    return keras.Model(clip, layers.LSTM(4)(layers.TimeDistributed(encoder)(clip)), name="time_distributed_model")


SMALL = [tf_ops, transformer_block, siamese, seq_input_shape, seq_embedding_input_length, seq_built, gru_reset_after,
         seq2seq, cross_attention, more_ops, time_distributed_model]
# keras.applications of tf.keras: MobileNetV3 and RegNet join branches with TFOpLambda layers,
# Xception writes SeparableConv2D with the kernel_* arguments Keras 3 dropped.
APPLICATIONS = ["MobileNetV3Small", "RegNetY004", "Xception"]


def _count(weights):
    total = 0
    for weight in weights:
        size = 1
        for d in weight.shape:
            size *= int(d)
        total += size
    return total


def _output_shape(layer):
    try:
        shape = layer.output_shape
    except (AttributeError, RuntimeError):  # a layer called several times has no single output shape
        return None
    if isinstance(shape, list):
        shapes = [list(s) for s in shape]
        return shapes[0] if len(shapes) == 1 else shapes
    return list(shape)


def layer_truth(layer):
    entry = {"name": layer.name, "class": type(layer).__name__,
             "params": layer.count_params() if layer.built else 0,
             "trainable": _count(layer.trainable_weights), "output_shape": _output_shape(layer)}
    if isinstance(layer, keras.Model):
        entry["layers"] = [layer_truth(sub) for sub in layer.layers]
    return entry


def model_truth(model):
    trainable = _count(model.trainable_weights)
    return {"keras_format": "2", "total": model.count_params(), "trainable": trainable,
            "non_trainable": model.count_params() - trainable, "layers": [layer_truth(x) for x in model.layers]}


def build():
    files, truth = {}, {}
    makers = [(f"tf2_{make.__name__}.json", make) for make in SMALL]
    makers += [(f"apps/tf2_{app}.json.gz", lambda app=app: getattr(keras.applications, app)(weights=None))
               for app in APPLICATIONS]
    for path, make in makers:
        keras.backend.clear_session()
        keras.utils.set_random_seed(0)
        model = make()
        text = json.dumps(json.loads(model.to_json()), separators=(",", ":")).encode()
        files[path] = gzip.compress(text, mtime=0) if path.endswith(".gz") else text
        truth[Path(path).name.split(".")[0]] = model_truth(model)
    return files, truth


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the truth on disk, write nothing")
    args = parser.parse_args()
    files, truth = build()
    truth_path = OUT / "truth.json"
    old_truth = json.loads(truth_path.read_text())
    stale = [name for name, entry in truth.items() if old_truth.get(name) != entry]
    if args.check:
        if stale:
            sys.exit("out of date: " + ", ".join(stale))
        print(f"{len(truth)} models up to date")
        return
    for name, data in files.items():
        (OUT / name).write_bytes(data)
    merged = {**old_truth, **truth}
    truth_path.write_text(json.dumps(dict(sorted(merged.items())), indent=1) + "\n")
    print(f"wrote {len(files)} files, {len(truth)} truth entries ({len(stale)} changed)")


if __name__ == "__main__":
    main()
