"""Every layer type of the catalog has its MACs checked against FlopCounterMode somewhere, or says why not.

Where the MACs are checked: a layer row with "macs" (tests/fixtures/keras_*.json, torch_*.json;
the layers given as arguments of such a row too, an RNN's cell), a whole Keras model of
model_macs_keras.json (every row of it is compared), a torch sample model, and for the Hugging
Face parts a config of hf_flops.json (its rows are compared module by module).
"""

from __future__ import annotations

import gzip
import importlib
import json
from pathlib import Path

import pytest

import paramsum
from paramsum.graph import LayerSpec
from paramsum.layers import EXTENSIONS, catalog, layer_class
from paramsum.layers.base import REGISTRY
from paramsum.layers.keras.applications import OPERATIONS
from tests.helpers import summarize_case

FIXTURES = Path(__file__).parent / "fixtures"

NOT_COUNTED_BY_THE_FRAMEWORK = {
    "keras": {
        "CuDNNLSTM": "Keras 2's CUDA-only layer: Keras 3 cannot build it; its steps are LSTM's (checked below)",
        "CuDNNGRU": "Keras 2's CUDA-only layer: Keras 3 cannot build it; its steps are GRU's (checked below)",
        "Lambda": "its Python function is never run (nor stored in a way that could be): counted 0",
        "ops.Gcd": "torch has no gcd of floating-point tensors, the only kind the file's model holds (elementwise: 0)",
        "ops.Lcm": "torch has no lcm of floating-point tensors, the only kind the file's model holds (elementwise: 0)",
        "ops.Ldexp": "Keras wants an integer exponent; the file's model has only floating-point tensors "
                     "(elementwise: 0)",
    },
    "pytorch": {},
    "huggingface": {},
}


def _types(node, key, found):
    if isinstance(node, LayerSpec):
        found.add(node.type)
        _types(node.config, key, found)
    elif isinstance(node, dict):
        if isinstance(node.get(key), str):
            operation = str(node.get("module", "")).startswith(("keras.src.ops", "keras.ops"))
            found.add(f"ops.{node[key]}" if operation else node[key])
        for value in node.values():
            _types(value, key, found)
    elif isinstance(node, (list, tuple)):
        for value in node:
            _types(value, key, found)
    return found


def _rows(prefix):
    for path in sorted(FIXTURES.glob(f"{prefix}_*.json")):
        yield from json.loads(path.read_text())


def _keras_counted():
    found = set()
    for row in _rows("keras"):
        if "macs" in row:
            _types(row, "type", found)
    for name, truth in json.loads((FIXTURES / "model_macs_keras.json").read_text()).items():
        if "error" not in truth:
            path = FIXTURES / "keras_models" / f"{name}.json"
            data = path.read_bytes() if path.exists() else gzip.decompress(
                (FIXTURES / "keras_models" / "apps" / f"{name}.json.gz").read_bytes())
            model = json.loads(data)
            not_run = truth.get("not_run", {})  # operations Keras refuses to run alone
            model["config"]["layers"] = [
                layer for layer in model["config"]["layers"] if layer.get("name") not in not_run]
            _types(model, "class_name", found)
    return found


def _torch_counted():
    found = set()
    for row in _rows("torch"):
        if "macs" in row:
            _types(row, "type", found)
    return found


def _huggingface_counted():
    found = set()
    for name in json.loads((FIXTURES / "hf_flops.json").read_text())["configs"]:
        _types(list(paramsum.load_graph(FIXTURES / "huggingface" / f"{name}.config.json").layers), "type", found)
    return found


def _catalog(framework):
    if framework == "keras":  # the keras.ops types are made on first use: all of them
        for name in OPERATIONS:
            layer_class("keras", f"ops.{name}")
    if framework == "huggingface":
        for module in EXTENSIONS["pytorch"]["huggingface"]:
            importlib.import_module(module)
        return REGISTRY["huggingface"]
    return catalog(framework)


@pytest.mark.parametrize("framework,counted", [
    ("keras", _keras_counted), ("pytorch", _torch_counted), ("huggingface", _huggingface_counted)])
def test_every_layer_type_has_its_macs_checked_or_a_reason(framework, counted):
    by_class = {}
    for name, cls in _catalog(framework).items():
        by_class.setdefault(cls, []).append(name)
    found, reasons = counted(), NOT_COUNTED_BY_THE_FRAMEWORK[framework]
    unchecked = sorted(names[0] for names in by_class.values() if not found & set(names))
    assert unchecked == sorted(reasons)
    assert not found & set(reasons), "a type with a reason is checked after all: drop the reason"


@pytest.mark.parametrize("cudnn,plain", [("CuDNNLSTM", "lstm_128_256"), ("CuDNNGRU", "gru_reset_after")])
def test_cudnn_layers_count_the_steps_of_their_keras_3_layer(cudnn, plain):
    row = next(r for r in _rows("keras") if r["id"] == plain)
    layer = summarize_case("keras", {**row, "type": cudnn, "args": {"units": row["args"]["units"]}},
                           batch_size=row["compute_batch_size"], seq_len=row["compute_seq_len"])
    assert layer.macs == row["macs"]
