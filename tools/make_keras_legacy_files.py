"""Regenerate tests/fixtures/keras_legacy/: Keras 2's cuDNN layers, Keras 1 files, and old Keras 2 layouts.

- tf2_cudnn.json: tf.keras 2.15's own model.to_json() of a model with CuDNNLSTM / CuDNNGRU
  (tf.compat.v1.keras.layers, which build on a CPU), and what tf.keras counts for it;
- keras1_<name>.json: model files in Keras 1.2's to_json() layout (Keras 1 does not install on
  today's Pythons, so they are written here as Keras 1 wrote them: bare-list Sequential configs,
  output_dim, nb_filter/nb_row/nb_col, border_mode, subsample, dim_ordering, Deconvolution2D's
  output_shape, GaussianNoise's sigma, Dropout's p, consume_less, Merge …). Their truth is what
  tf.keras 2.15 counts for the same model written with Keras 2's names, translated as Keras 2
  translated Keras 1 calls (keras/legacy/interfaces.py): output_shape dropped, a GRU with one
  bias (reset_after=False, as Keras 1 and Keras 2 built it);
- keras2_<name>.json: tf.keras 2.15 models rewritten in older Keras 2 layouts (no top-level
  InputLayer, the input shape only on a nested model's first layer, as Keras 2.2 wrote it;
  a GRU without reset_after, as Keras 2.0 wrote it).

How to run (a venv with tensorflow-cpu 2.15, outside the repo)::

    python tools/make_keras_legacy_files.py            # write the files
    python tools/make_keras_legacy_files.py --check    # compare, write nothing
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import tensorflow as tf  # noqa: E402
from tensorflow import keras  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fixture_io import write_or_check  # noqa: E402
from make_tf_keras_files import model_truth  # noqa: E402

layers = keras.layers
OUT = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "keras_legacy"


# -- tf.keras 2.15's cuDNN layers ------------------------------------------------------------------


def cudnn():
    cudnn_layers = tf.compat.v1.keras.layers
    tokens = keras.Input((30,), dtype="int32", name="tokens")
    x = layers.Embedding(200, 12, name="embedding")(tokens)
    x = cudnn_layers.CuDNNLSTM(10, return_sequences=True, name="cudnn_lstm")(x)
    x = layers.Bidirectional(cudnn_layers.CuDNNGRU(6, return_sequences=True), name="bidirectional")(x)
    x, state = cudnn_layers.CuDNNGRU(5, return_state=True, name="cudnn_gru")(x)
    return keras.Model(tokens, [layers.Dense(3, name="head")(x), state], name="tf2_cudnn")


# -- Keras 1 files and their Keras 2 equivalents --------------------------------------------------


def k1(class_name, name, **config):
    return {"class_name": class_name, "config": {"name": name, "trainable": True, **config}}


def k1_node(entry, *inputs):
    entry["name"] = entry["config"]["name"]
    entry["inbound_nodes"] = [[[source, 0, 0] for source in inputs]] if inputs else []
    return entry


K1_DENSE = {"init": "glorot_uniform", "activation": "linear", "W_regularizer": None, "b_regularizer": None,
            "activity_regularizer": None, "W_constraint": None, "b_constraint": None, "bias": True}
K1_CONV = {"init": "glorot_uniform", "activation": "linear", "W_regularizer": None, "b_regularizer": None,
           "activity_regularizer": None, "W_constraint": None, "b_constraint": None, "bias": True}
K1_RECURRENT = {"init": "glorot_uniform", "inner_init": "orthogonal", "activation": "tanh",
                "inner_activation": "hard_sigmoid", "W_regularizer": None, "U_regularizer": None,
                "b_regularizer": None, "dropout_W": 0.1, "dropout_U": 0.1, "go_backwards": False,
                "stateful": False, "unroll": False}


def keras1_generator():
    """A DCGAN-style generator: Deconvolution2D(output_shape), atrous and 'th' convolutions, noise layers."""
    config = [
        k1("Dense", "dense_1", output_dim=7 * 7 * 16, input_dim=20, batch_input_shape=[None, 20],
           input_dtype="float32", **K1_DENSE),
        k1("BatchNormalization", "batchnormalization_1", mode=0, axis=-1, momentum=0.99, epsilon=0.001,
           beta_init="zero", gamma_init="one", gamma_regularizer=None, beta_regularizer=None),
        k1("Activation", "activation_1", activation="relu"),
        k1("Reshape", "reshape_1", target_shape=[7, 7, 16]),
        k1("Deconvolution2D", "deconvolution2d_1", nb_filter=8, nb_row=3, nb_col=3, output_shape=[None, 14, 14, 8],
           border_mode="same", subsample=[2, 2], dim_ordering="tf", **K1_CONV),
        k1("UpSampling2D", "upsampling2d_1", size=[2, 2], dim_ordering="tf"),
        k1("AtrousConvolution2D", "atrousconvolution2d_1", nb_filter=4, nb_row=3, nb_col=3, atrous_rate=[2, 2],
           border_mode="valid", subsample=[1, 1], dim_ordering="tf", **K1_CONV),
        k1("GaussianNoise", "gaussiannoise_1", sigma=0.1),
        k1("ZeroPadding2D", "zeropadding2d_1", padding=[1, 1], dim_ordering="tf"),
        k1("Permute", "permute_1", dims=[3, 1, 2]),
        k1("Convolution2D", "convolution2d_1", nb_filter=2, nb_row=5, nb_col=3, border_mode="same",
           subsample=[1, 1], dim_ordering="th", **K1_CONV),
        k1("GaussianDropout", "gaussiandropout_1", p=0.1),
        k1("SpatialDropout2D", "spatialdropout2d_1", p=0.1, dim_ordering="th"),
        k1("MaxPooling2D", "maxpooling2d_1", pool_size=[2, 2], strides=None, border_mode="valid",
           dim_ordering="th"),
        k1("Flatten", "flatten_1"),
        k1("Dropout", "dropout_1", p=0.5),
        k1("Dense", "dense_2", output_dim=1, **K1_DENSE),
    ]
    doc = {"class_name": "Sequential", "keras_version": "1.2.2", "config": config}
    model = keras.Sequential([
        layers.Dense(7 * 7 * 16, input_shape=(20,), name="dense_1"),
        layers.BatchNormalization(axis=-1, name="batchnormalization_1"),
        layers.Activation("relu", name="activation_1"),
        layers.Reshape((7, 7, 16), name="reshape_1"),
        layers.Conv2DTranspose(8, (3, 3), strides=(2, 2), padding="same", name="deconvolution2d_1"),
        layers.UpSampling2D((2, 2), name="upsampling2d_1"),
        layers.Conv2D(4, (3, 3), dilation_rate=(2, 2), name="atrousconvolution2d_1"),
        layers.GaussianNoise(0.1, name="gaussiannoise_1"),
        layers.ZeroPadding2D((1, 1), name="zeropadding2d_1"),
        layers.Permute((3, 1, 2), name="permute_1"),
        layers.Conv2D(2, (5, 3), padding="same", data_format="channels_first", name="convolution2d_1"),
        layers.GaussianDropout(0.1, name="gaussiandropout_1"),
        layers.SpatialDropout2D(0.1, data_format="channels_first", name="spatialdropout2d_1"),
        layers.MaxPooling2D((2, 2), data_format="channels_first", name="maxpooling2d_1"),
        layers.Flatten(name="flatten_1"),
        layers.Dropout(0.5, name="dropout_1"),
        layers.Dense(1, name="dense_2"),
    ], name="sequential_1")
    return doc, model


def keras1_text():
    """A text model: Embedding(dropout), Convolution1D, MaxPooling1D(pool_length), UpSampling1D(length),
    LSTM and GRU with Keras 1's recurrent arguments, TimeDistributed(Dense(output_dim))."""
    config = [
        k1("Embedding", "embedding_1", input_dim=1000, output_dim=32, input_length=40, dropout=0.2, init="uniform",
           W_regularizer=None, activity_regularizer=None, W_constraint=None, mask_zero=False,
           batch_input_shape=[None, 40], input_dtype="int32"),
        k1("Convolution1D", "convolution1d_1", nb_filter=16, filter_length=3, border_mode="valid",
           subsample_length=1, input_dim=None, input_length=None, **K1_CONV),
        k1("MaxPooling1D", "maxpooling1d_1", pool_length=2, stride=None, border_mode="valid"),
        k1("UpSampling1D", "upsampling1d_1", length=2),
        k1("LSTM", "lstm_1", output_dim=16, return_sequences=True, consume_less="gpu", forget_bias_init="one",
           input_dim=16, input_length=None, **K1_RECURRENT),
        k1("GRU", "gru_1", output_dim=8, return_sequences=True, consume_less="mem", input_dim=16,
           input_length=None, **K1_RECURRENT),
        k1("TimeDistributed", "timedistributed_1", layer=k1("Dense", "dense_1", output_dim=5, **K1_DENSE)),
        k1("SimpleRNN", "simplernn_1", output_dim=4, return_sequences=False, consume_less="cpu", input_dim=5,
           input_length=None, **{k: v for k, v in K1_RECURRENT.items() if k != "inner_activation"}),
        k1("Dense", "dense_2", output_dim=2, **K1_DENSE),
    ]
    doc = {"class_name": "Sequential", "keras_version": "1.2.2", "config": config}
    model = keras.Sequential([
        layers.Embedding(1000, 32, input_length=40, name="embedding_1"),
        layers.Conv1D(16, 3, name="convolution1d_1"),
        layers.MaxPooling1D(2, name="maxpooling1d_1"),
        layers.UpSampling1D(2, name="upsampling1d_1"),
        layers.LSTM(16, return_sequences=True, name="lstm_1"),
        layers.GRU(8, return_sequences=True, reset_after=False, name="gru_1"),
        layers.TimeDistributed(layers.Dense(5, name="dense_1"), name="timedistributed_1"),
        layers.SimpleRNN(4, name="simplernn_1"),
        layers.Dense(2, name="dense_2"),
    ], name="sequential_1")
    return doc, model


def keras1_functional():
    """A functional Keras 1 model: InputLayer(input_dtype), Merge(concat) and Merge(sum), a Bidirectional LSTM."""
    inputs = {"batch_input_shape": [None, 10, 6], "input_dtype": "float32", "sparse": False}
    entries = [
        k1_node({"class_name": "InputLayer", "config": {"name": "input_1", **inputs}}),
        k1_node({"class_name": "InputLayer", "config": {"name": "input_2", **inputs}}),
        k1_node(k1("Bidirectional", "bidirectional_1", merge_mode="concat", layer=k1(
            "LSTM", "lstm_1", output_dim=7, return_sequences=False, consume_less="cpu", forget_bias_init="one",
            input_dim=6, input_length=None, **K1_RECURRENT)), "input_1"),
        k1_node(k1("LSTM", "lstm_2", output_dim=14, return_sequences=False, consume_less="cpu",
                   forget_bias_init="one", input_dim=6, input_length=None, **K1_RECURRENT), "input_2"),
        k1_node(k1("Merge", "merge_1", mode="concat", concat_axis=-1, dot_axes=-1, output_shape=None,
                   output_mask=None, mode_type="raw", arguments={}), "bidirectional_1", "lstm_2"),
        k1_node(k1("Dense", "dense_1", output_dim=14, **K1_DENSE), "merge_1"),
        k1_node(k1("Merge", "merge_2", mode="sum", concat_axis=-1, dot_axes=-1, output_shape=None,
                   output_mask=None, mode_type="raw", arguments={}), "dense_1", "lstm_2"),
        k1_node(k1("Dense", "dense_2", output_dim=3, **K1_DENSE), "merge_2"),
    ]
    doc = {"class_name": "Model", "keras_version": "1.2.2", "config": {
        "name": "model_1", "layers": entries, "input_layers": [["input_1", 0, 0], ["input_2", 0, 0]],
        "output_layers": [["dense_2", 0, 0]]}}
    first, second = keras.Input((10, 6), name="input_1"), keras.Input((10, 6), name="input_2")
    left = layers.Bidirectional(layers.LSTM(7, name="lstm_1"), name="bidirectional_1")(first)
    right = layers.LSTM(14, name="lstm_2")(second)
    x = layers.Dense(14, name="dense_1")(layers.Concatenate(name="merge_1")([left, right]))
    x = layers.Add(name="merge_2")([x, right])
    return doc, keras.Model([first, second], layers.Dense(3, name="dense_2")(x), name="model_1")


# -- older Keras 2 layouts -----------------------------------------------------------------------------


def keras2_deep_input():
    """A Sequential of a Sequential of a functional model, without the top InputLayer (Keras 2.2's layout):
    the input shape is declared only two levels down."""
    image = keras.Input((24, 24, 3), name="image")
    base = keras.Model(image, layers.Conv2D(6, 3, name="conv")(image), name="base")
    trunk = keras.Sequential([base, layers.GlobalMaxPooling2D(name="pool")], name="trunk")
    model = keras.Sequential([trunk, layers.Dense(2, name="head")], name="deep_input")
    doc = json.loads(model.to_json())
    doc["config"]["layers"] = [entry for entry in doc["config"]["layers"] if entry["class_name"] != "InputLayer"]
    trunk_doc = doc["config"]["layers"][0]
    trunk_doc["config"]["layers"] = [e for e in trunk_doc["config"]["layers"] if e["class_name"] != "InputLayer"]
    return doc, model


def keras2_gru_no_reset_after():
    """A Keras 2.0 file: GRU without reset_after (Keras 2.0 built one bias), Sequential config a bare list."""
    model = keras.Sequential([layers.GRU(9, reset_after=False, input_shape=(15, 4), name="gru_1"),
                              layers.Dense(1, name="dense_1")], name="sequential_1")
    doc = json.loads(model.to_json())
    entries = [entry for entry in doc["config"]["layers"] if entry["class_name"] != "InputLayer"]
    for entry in entries:
        entry.pop("module", None)
        entry.pop("registered_name", None)
        entry.pop("build_config", None)
        entry["config"].pop("reset_after", None)
        entry["config"].pop("time_major", None)
    entries[0]["config"]["batch_input_shape"] = [None, 15, 4]
    return {"class_name": "Sequential", "keras_version": "2.0.4", "backend": "theano", "config": entries}, model


MAKERS = {"keras1_generator": keras1_generator, "keras1_text": keras1_text, "keras1_functional": keras1_functional,
          "keras2_deep_input": keras2_deep_input, "keras2_gru_no_reset_after": keras2_gru_no_reset_after}


def build():
    files, truth = {}, {}
    keras.backend.clear_session()
    model = cudnn()
    files["tf2_cudnn.json"] = json.loads(model.to_json())
    truth["tf2_cudnn"] = model_truth(model)
    for name, make in MAKERS.items():
        keras.backend.clear_session()
        doc, model = make()
        files[f"{name}.json"] = doc
        truth[name] = model_truth(model)
    return {name: json.dumps(doc, indent=1) + "\n" for name, doc in files.items()}, truth


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the files on disk, write nothing")
    args = parser.parse_args()
    files, truth = build()
    files["truth.json"] = json.dumps(dict(sorted(truth.items())), indent=1) + "\n"
    write_or_check({OUT / name: text for name, text in files.items()}, args.check, "make_keras_legacy_files.py")


if __name__ == "__main__":
    main()
