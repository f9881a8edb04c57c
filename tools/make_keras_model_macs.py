"""Record the MACs of whole Keras models (tests/fixtures/keras_models/*.json) as the framework runs them.

Each model is rebuilt from its file with keras.models.model_from_json on the torch backend and
called once for inference (training=False) on concrete inputs: batch 1, every unknown size 7
(paramsum's batch_size=1, seq_len=7). MACs are torch.utils.flop_counter.FlopCounterMode's total
/ 2, counted the way tools/make_fixtures.py counts one layer (sdpa's math kernel; the step loop's
probe of step 0 left out). Models Keras cannot rebuild or run from their file get "error".

    KERAS_BACKEND=torch ../frameworks/bin/python tools/make_keras_model_macs.py           # write
    KERAS_BACKEND=torch ../frameworks/bin/python tools/make_keras_model_macs.py --check   # compare
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_fixtures  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
MODELS = REPO / "tests" / "fixtures" / "keras_models"
OUT = REPO / "tests" / "fixtures" / "model_macs_keras.json"
BATCH, SEQ_LEN = 1, make_fixtures.UNKNOWN_A
NAMES = [
    "attention_scores", "augmented_transfer", "convnext_mini", "frozen_layers", "functional_cnn",
    "mixed_precision", "nested_models", "nested_outputs", "ops_and_mask", "sequential_built",
    "sequential_mlp", "shared_multi_io",
]


def model_macs(keras, name):
    import numpy as np
    import torch
    from torch.nn.attention import SDPBackend, sdpa_kernel
    from torch.utils.flop_counter import FlopCounterMode
    keras.backend.clear_session()
    rng = np.random.default_rng(0)
    try:
        model = keras.models.model_from_json((MODELS / f"{name}.json").read_text())
        xs = []
        for x in model.inputs:
            shape = (BATCH, *[SEQ_LEN if d is None else d for d in x.shape[1:]])
            if "int" in str(x.dtype):
                xs.append(keras.ops.convert_to_tensor(rng.integers(0, 2, shape), dtype=x.dtype))
            else:
                xs.append(keras.ops.convert_to_tensor(rng.standard_normal(shape), dtype="float32"))
        arg = xs if len(xs) > 1 else xs[0]
        model(arg, training=False)
        counter = FlopCounterMode(display=False, depth=None)
        with counter, torch.no_grad(), sdpa_kernel([SDPBackend.MATH]), make_fixtures.keras_rnn_without_probe():
            model(arg, training=False)
    except Exception as e:
        return {"error": make_fixtures.error_text(e)}
    return {"batch_size": BATCH, "seq_len": SEQ_LEN, "macs": counter.get_total_flops() // 2}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="write nothing; exit 1 if the file is stale")
    opts = ap.parse_args(argv)
    keras = make_fixtures.load_keras()
    text = json.dumps({name: model_macs(keras, name) for name in NAMES}, indent=1, sort_keys=True) + "\n"
    if opts.check:
        if not OUT.exists() or OUT.read_text() != text:
            sys.exit(f"{OUT.relative_to(REPO)} is stale: run tools/make_keras_model_macs.py")
        print(f"{OUT.relative_to(REPO)}: up to date", file=sys.stderr)
        return
    OUT.write_text(text)
    print(f"{OUT.relative_to(REPO)}: {len(NAMES)} models, written", file=sys.stderr)


if __name__ == "__main__":
    main()
