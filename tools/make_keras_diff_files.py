"""Regenerate tests/fixtures/keras_diff/: Keras exports for `paramsum diff`, with Keras' own counts.

Keras names layers from a per-session counter, so the same architecture exported twice in one
session comes out under other names (dense, dense_1 → dense_2, dense_3), and a model rebuilt in a
fresh session with one more layer shifts the names of every layer after it. These files are
such exports, written by Keras itself; truth.json holds model.count_params() and each layer's
(name, class, count_params()) as Keras reports them.

How to run (a venv with keras 3 and torch, outside the repo)::

    KERAS_BACKEND=torch python tools/make_keras_diff_files.py          # write the files
    KERAS_BACKEND=torch python tools/make_keras_diff_files.py --check  # compare, write nothing

Files: cnn_first.json and cnn_again.json (one session, the same CNN twice); mlp.json and
mlp_inserted.json (each in a fresh session; the second has one more Dense after the first).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

if os.environ.setdefault("KERAS_BACKEND", "torch") != "torch":
    sys.exit("run with KERAS_BACKEND=torch")

import keras  # noqa: E402
from fixture_io import write_or_check  # noqa: E402
from keras import layers  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "keras_diff"


def cnn():
    inputs = keras.Input((28, 28, 1))
    x = layers.Conv2D(8, 3, activation="relu")(inputs)
    x = layers.MaxPooling2D()(x)
    x = layers.Conv2D(16, 3, activation="relu")(x)
    x = layers.Flatten()(x)
    return keras.Model(inputs, layers.Dense(10)(x))


def mlp(inserted=False):
    keras.backend.clear_session()  # a fresh session: names start again at dense
    model = keras.Sequential([keras.Input((784,)), layers.Dense(128, activation="relu")])
    if inserted:
        model.add(layers.Dense(128, activation="relu"))
    for units in (64, 32, 10):
        model.add(layers.Dense(units))
    return model


def truth(model):
    return {"total": model.count_params(),
            "layers": [[layer.name, type(layer).__name__, layer.count_params()] for layer in model.layers]}


def build():
    keras.backend.clear_session()
    models = {"cnn_first": cnn(), "cnn_again": cnn()}  # one session: the second gets new names
    models["mlp"] = mlp()
    models["mlp_inserted"] = mlp(inserted=True)
    files = {f"{name}.json": json.dumps(json.loads(m.to_json()), indent=1) + "\n" for name, m in models.items()}
    files["truth.json"] = json.dumps({name: truth(m) for name, m in models.items()}, indent=1) + "\n"
    return files


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the files on disk, write nothing")
    args = parser.parse_args()
    write_or_check({OUT / name: text for name, text in build().items()}, args.check, "make_keras_diff_files.py")


if __name__ == "__main__":
    main()
