"""Build every Keras-framework native model file with Keras itself and record its summary.

    KERAS_BACKEND=torch python tools/make_model_truth.py [--check] [FILES...]

Needs a venv with keras (3.x) and torch installed; paramsum itself needs neither.
Default FILES: sample_configs/*.yaml|json and tests/models/*.yaml|json whose framework
is keras. Writes tests/fixtures/model_truth.json: per model, each layer's params,
trainable split and output shape, and the totals, as model.summary() counts them.
"""

from __future__ import annotations

import glob
import json
import os
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "fixtures" / "model_truth.json"
LAYER_KEYS = ("name", "type", "inputs", "trainable")


def make_layer(keras, spec):
    args = {k: v for k, v in spec.items() if k not in LAYER_KEYS}
    for key in ("layer", "backward_layer"):
        if isinstance(args.get(key), dict):
            args[key] = make_layer(keras, args[key])
    layer = getattr(keras.layers, spec["type"])(**args, name=spec.get("name"))
    layer.trainable = spec.get("trainable", True)
    return layer


def ref(tensors, name):
    layer, _, index = str(name).partition(":")
    out = tensors[layer]
    return out[int(index or 0)] if isinstance(out, (list, tuple)) else out


def build(keras, doc):
    if "inputs" in doc:
        inputs = {n: keras.Input(shape=tuple(s), name=n) for n, s in doc["inputs"].items()}
    else:
        inputs = {"input_layer": keras.Input(shape=tuple(doc["input"]), name="input_layer")}
    tensors = dict(inputs)
    previous = list(inputs)[-1]
    for spec in doc["layers"]:
        layer = make_layer(keras, spec)
        sources = spec.get("inputs", [previous])
        sources = sources if isinstance(sources, list) else [sources]
        args = [ref(tensors, s) for s in sources]
        if spec["type"] == "MultiHeadAttention":
            out = layer(*args[:1], *args[1:2], *args[2:3])
        elif len(args) > 1:
            out = layer(args)
        else:
            out = layer(args[0])
        tensors[layer.name] = out
        previous = layer.name
    outputs = [ref(tensors, o) for o in doc.get("outputs", [previous])]
    return keras.Model(list(inputs.values()), outputs if len(outputs) > 1 else outputs[0])


def shape_of(tensor):
    if isinstance(tensor, (list, tuple)):
        return [shape_of(t) for t in tensor]
    return list(tensor.shape)


def main(paths, check=False):
    os.environ.setdefault("KERAS_BACKEND", "torch")
    import keras

    truth = json.loads(OUT.read_text()) if OUT.exists() else {}
    for path in paths:
        doc = yaml.safe_load(Path(path).read_text())
        native = "layers" in doc and "class_name" not in doc  # not a Keras or Hugging Face file
        if not native or doc.get("framework", "keras") != "keras":
            continue
        keras.backend.clear_session()
        model = build(keras, doc)
        trainable = sum(int(w.numpy().size) for w in model.trainable_weights)
        truth[str(Path(path).relative_to(ROOT))] = {
            "total": model.count_params(),
            "trainable": trainable,
            "non_trainable": model.count_params() - trainable,
            "layers": [
                {"class": type(layer).__name__, "params": layer.count_params(), "output_shape": shape_of(layer.output)}
                for layer in model.layers
            ],
        }
        print(f"{path}: {model.count_params():,}")
    text = json.dumps(truth, indent=1, sort_keys=True) + "\n"
    if check:
        sys.exit(0 if OUT.exists() and OUT.read_text() == text else "tests/fixtures/model_truth.json is out of date")
    OUT.write_text(text)


if __name__ == "__main__":
    check = "--check" in sys.argv[1:]
    files = [a for a in sys.argv[1:] if a != "--check"] or sorted(
        glob.glob(str(ROOT / "sample_configs" / "*.yaml")) + glob.glob(str(ROOT / "sample_configs" / "*.json"))
    )
    main([str(Path(f).resolve()) for f in files], check)
