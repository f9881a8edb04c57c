"""Record the MACs of whole Keras models (tests/fixtures/keras_models/*.json) as the framework runs them.

Each model is rebuilt from its file with keras.models.model_from_json on the torch backend and
called once for inference (training=False) on concrete inputs: batch 1, every unknown size 7
(paramsum's batch_size=1, seq_len=7; the applications under apps/, whose unknown sizes are an
image's, 224). MACs are torch.utils.flop_counter.FlopCounterMode's total / 2, counted the way
tools/make_fixtures.py counts one layer (sdpa's math kernel; the step loop's probe of step 0
left out), for the whole model and for each layer (its calls' share of the count, a nested
model's layers too: "layers" lists [path, MACs], the path the names from the top; those that
count none are left out). The keras.ops models (ALONE) are counted one operation at a time.
Models Keras cannot rebuild or run from their file get "error".

    KERAS_BACKEND=torch ../frameworks/bin/python tools/make_keras_model_macs.py           # write
    KERAS_BACKEND=torch ../frameworks/bin/python tools/make_keras_model_macs.py --check   # compare
    KERAS_BACKEND=torch ../frameworks/bin/python tools/make_keras_model_macs.py ResNet50  # these again
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_fixtures  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
MODELS = REPO / "tests" / "fixtures" / "keras_models"
OUT = REPO / "tests" / "fixtures" / "model_macs_keras.json"
BATCH, SEQ_LEN = 1, make_fixtures.UNKNOWN_A
# Every model file: the samples (*.json) and the keras.applications models (weights=None) under apps/,
# as tools/make_keras_files.py wrote them. Those Keras 3 cannot rebuild (Keras 2 files, custom
# classes, Python lambdas) or run keep the reason.
NAMES = sorted(p.name[: -len(".json")] for p in MODELS.glob("*.json") if p.name != "truth.json")
APPS = sorted(p.name[: -len(".json.gz")] for p in (MODELS / "apps").glob("*.json.gz"))
IMAGE_SIZE = 224
# Models of every keras.ops operation, which Keras builds but cannot run whole on concrete inputs
# (ldexp takes an integer exponent, arange a positive step): each operation is counted alone, on
# inputs of the shapes and dtypes of its call; those Keras refuses say why in "not_run".
ALONE = {"ops_catalog", "ops_shapes"}


def model_file(name):
    if name in APPS:
        return gzip.decompress((MODELS / "apps" / f"{name}.json.gz").read_bytes()).decode()
    return (MODELS / f"{name}.json").read_text()


def count_layers(model, counter, path=()):
    """Wrap the call of every layer (those of nested models too) to keep its share of the counter's total."""
    counts = []

    def wrap(layer, where):
        original = layer.call
        entry = [list(where), 0]
        counts.append(entry)

        def call(*args, **kwargs):
            before = counter.get_total_flops()
            out = original(*args, **kwargs)
            entry[1] += counter.get_total_flops() - before
            return out
        layer.call = call

    def walk(model, where):
        for layer in model.layers:
            wrap(layer, (*where, layer.name))
            if hasattr(layer, "layers") and hasattr(layer, "inputs"):  # a Sequential or Functional model
                walk(layer, (*where, layer.name))
    walk(model, path)
    return counts


def _concrete(keras, rng, tensor, seq_len):
    shape = (BATCH, *[seq_len if d is None else d for d in tensor.shape[1:]])
    if "int" in str(tensor.dtype) or "bool" in str(tensor.dtype):
        return keras.ops.convert_to_tensor(rng.integers(0, 2, shape), dtype=tensor.dtype)
    return keras.ops.convert_to_tensor(rng.standard_normal(shape), dtype=tensor.dtype)


def operations_alone(keras, model, seq_len):
    """Each operation of a model called alone (every call of it) on concrete inputs: (layers, not_run)."""
    import numpy as np
    import torch
    from torch.utils.flop_counter import FlopCounterMode
    rng = np.random.default_rng(0)
    layers, not_run = [], {}
    for operation in model.operations:
        if isinstance(operation, keras.layers.InputLayer):
            continue
        flops = 0
        try:
            for node in operation._inbound_nodes:
                values = {id(t): _concrete(keras, rng, t, seq_len) for t in node.arguments.keras_tensors}
                args, kwargs = node.arguments.fill_in(values)
                counter = FlopCounterMode(display=False, depth=None)
                with counter, torch.no_grad():
                    operation(*args, **kwargs)
                flops += counter.get_total_flops()
        except Exception as e:
            not_run[operation.name] = make_fixtures.error_text(e)
            continue
        if flops:
            layers.append([[operation.name], flops // 2])
    return layers, not_run


def model_macs(keras, name):
    import numpy as np
    import torch
    from torch.nn.attention import SDPBackend, sdpa_kernel
    from torch.utils.flop_counter import FlopCounterMode
    keras.backend.clear_session()
    rng = np.random.default_rng(0)
    seq_len = IMAGE_SIZE if name in APPS else SEQ_LEN
    try:
        model = keras.models.model_from_json(model_file(name))
        xs = []
        for x in model.inputs:
            shape = (BATCH, *[seq_len if d is None else d for d in x.shape[1:]])
            if "int" in str(x.dtype):
                xs.append(keras.ops.convert_to_tensor(rng.integers(0, 2, shape), dtype=x.dtype))
            else:
                xs.append(keras.ops.convert_to_tensor(rng.standard_normal(shape), dtype="float32"))
        arg = xs if len(xs) > 1 else xs[0]
        if name in ALONE:
            layers, not_run = operations_alone(keras, model, seq_len)
            return {"batch_size": BATCH, "seq_len": seq_len, "layers": layers, "not_run": not_run}
        model(arg, training=False)
        counter = FlopCounterMode(display=False, depth=None)
        layers = count_layers(model, counter)
        with counter, torch.no_grad(), sdpa_kernel([SDPBackend.MATH]), make_fixtures.keras_rnn_without_probe():
            model(arg, training=False)
    except Exception as e:  # (Keras quotes the whole config it cannot read: not that)
        return {"error": make_fixtures.error_text(e).split(" Full object config")[0]}
    return {"batch_size": BATCH, "seq_len": seq_len, "macs": counter.get_total_flops() // 2,
            "layers": [[where, flops // 2] for where, flops in layers if flops]}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="write nothing; exit 1 if the file is stale")
    ap.add_argument("names", nargs="*", help="run only these models, keep the others' counts")
    opts = ap.parse_args(argv)
    unknown = sorted(set(opts.names) - set(NAMES + APPS))
    if unknown:
        sys.exit(f"not a model of the list: {', '.join(unknown)}")
    keras = make_fixtures.load_keras()
    models = json.loads(OUT.read_text()) if opts.names and OUT.exists() else {}
    for name in opts.names or NAMES + APPS:
        models[name] = model_macs(keras, name)
        print(f"{name}: {models[name].get('macs', models[name].get('error', 'each operation alone'))}", file=sys.stderr)
    text = json.dumps(models, indent=1, sort_keys=True) + "\n"
    if opts.check:
        if not OUT.exists() or OUT.read_text() != text:
            sys.exit(f"{OUT.relative_to(REPO)} is stale: run tools/make_keras_model_macs.py")
        print(f"{OUT.relative_to(REPO)}: up to date", file=sys.stderr)
        return
    OUT.write_text(text)
    print(f"{OUT.relative_to(REPO)}: {len(models)} models, written", file=sys.stderr)


if __name__ == "__main__":
    main()
