"""Regenerate the Keras HDF5 files in tests/fixtures/h5/ and their truth.json, with the real writers.

- tf2_<name>.h5: tf.keras 2.15 models saved with model.save('x.h5') (weights included,
  models kept tiny), and tf2_<name>.weights.h5 with model.save_weights() (no architecture);
- k3_<name>.h5: Keras 3 models saved with model.save('x.h5') (Keras 3's legacy HDF5 format)
  by a Python with Keras 3 (--keras3-python), and k3_<name>.weights.h5 with save_weights();
  k3_<name>.keras: the same models saved as .keras archives (their model.weights.h5 is checked too).

truth.json holds what the framework reports for each whole-model file. HDF5 files carry
no timestamps that change their meaning, but their bytes differ from run to run, so
--check compares what the files hold (the model_config, every dataset's path and shape)
and the truth, not the bytes.

How to run (the venv of tools/make_tfjs_files.py: tensorflow-cpu 2.15 and h5py)::

    python tools/make_h5_files.py --keras3-python <python with keras 3>
    python tools/make_h5_files.py --check --keras3-python <python with keras 3>
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import h5py  # noqa: E402
from tensorflow import keras  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_tf_keras_files import model_truth  # noqa: E402
from make_tfjs_files import (  # noqa: E402
    KERAS3_PRELUDE,
    cnn_bn,
    frozen_conv1d,
    nested_sequential,
    seq_mlp,
    stable,
    text_rnn,
)

OUT = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "h5"
TF2_MODELS = {"seq_mlp": seq_mlp, "cnn_bn": cnn_bn, "text_rnn": text_rnn, "nested_sequential": nested_sequential,
              "frozen_conv1d": frozen_conv1d}
WEIGHTS_ONLY = ("seq_mlp",)

KERAS3_SCRIPT = KERAS3_PRELUDE + r'''
def functional():
    tokens = keras.Input((12,), dtype="int32")
    x = layers.Embedding(300, 16)(tokens)
    x = layers.Bidirectional(layers.GRU(8))(x)
    image = keras.Input((16, 16, 3))
    y = layers.GlobalAveragePooling2D()(layers.BatchNormalization()(layers.Conv2D(4, 3)(image)))
    x = layers.Concatenate()([x, y])
    return keras.Model([tokens, image], layers.Dense(2)(x), name="functional")

out, truth = sys.argv[1], {}
for make in (mlp, functional, nested):
    keras.utils.set_random_seed(0)
    model = make()
    model.save(os.path.join(out, "k3_" + make.__name__ + ".h5"))
    if make is not mlp:
        model.save(os.path.join(out, "k3_" + make.__name__ + ".keras"))
    if make is mlp:
        model.save_weights(os.path.join(out, "k3_" + make.__name__ + ".weights.h5"))
    truth["k3_" + make.__name__] = model_truth(model)
print(json.dumps(truth))
'''


def build(scratch, keras3_python):
    truth = {}
    for name, make in TF2_MODELS.items():
        keras.backend.clear_session()
        keras.utils.set_random_seed(0)
        model = make()
        model.save(scratch / f"tf2_{name}.h5")
        if name in WEIGHTS_ONLY:
            model.save_weights(scratch / f"tf2_{name}.weights.h5")
        truth[f"tf2_{name}"] = model_truth(model)
    result = subprocess.run([keras3_python, "-c", KERAS3_SCRIPT, str(scratch)], check=True, capture_output=True,
                            text=True)
    truth.update(json.loads(result.stdout.strip().splitlines()[-1]))
    return truth


def contents(path):
    """What an HDF5 file (or a .keras archive) holds, for --check: its root attributes and every dataset's
    path and shape (an archive: its config.json and its weights file's)."""
    if path.suffix == ".keras":
        with zipfile.ZipFile(path) as archive:
            config = stable(json.loads(archive.read("config.json")))
            weights = Path(tempfile.mkdtemp()) / "model.weights.h5"
            weights.write_bytes(archive.read("model.weights.h5"))
        return {"config": config, "weights": contents(weights)}
    out = {}
    with h5py.File(path, "r") as handle:
        for key, value in handle.attrs.items():
            out[f"@{key}"] = value.decode() if isinstance(value, bytes) else str(value)
        handle.visititems(lambda name, item: out.__setitem__(name, list(item.shape))
                          if isinstance(item, h5py.Dataset) else None)
    out.pop("@date_saved", None)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the files on disk, write nothing")
    parser.add_argument("--keras3-python", default=os.environ.get("KERAS3_PYTHON", "python3"),
                        help="a Python interpreter with Keras 3 (and a backend) installed")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        truth = build(scratch, args.keras3_python)
        truth_text = json.dumps(dict(sorted(truth.items())), indent=1) + "\n"
        files = sorted(path.name for pattern in ("*.h5", "*.keras") for path in scratch.glob(pattern))
        if args.check:
            stale = [name for name in files
                     if not (OUT / name).exists() or contents(OUT / name) != contents(scratch / name)]
            if not (OUT / "truth.json").exists() or (OUT / "truth.json").read_text() != truth_text:
                stale.append("truth.json")
            if stale:
                sys.exit("out of date: " + ", ".join(stale))
            print(f"{len(files)} files up to date")
            return
        OUT.mkdir(parents=True, exist_ok=True)
        for name in files:
            (OUT / name).write_bytes((scratch / name).read_bytes())
        (OUT / "truth.json").write_text(truth_text)
        print(f"wrote {len(files)} files and truth.json to {OUT}")


if __name__ == "__main__":
    main()
